"""Atomic writes: a failed export leaves no half-written file and never damages an existing one.

A file or folder is built under a hidden temporary name beside its target (``.STEM.PID-XXXXXXXX.part``)
and moved into place when complete. What a killed run leaves behind (its temporary copy, or the
old folder it had moved aside, ``.STEM.old-PID``) is cleaned up by the next export of that name.
STEM is the target's name when short, else its start and a hash of it (:func:`short_stem`): the
temporary name stays short, so any name the file system takes for the target can be written.

A file the user made read-only (the version the customer signed, chmod 444 or Windows' read-only
attribute) is never replaced: refused, naming it, before anything is written (:func:`refuse_read_only`).
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import hashlib
import os
import re
import shutil
import stat
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from app.core.errors import UserError
from app.core.files.guarded import refuse_holding_kept, refuse_kept
from app.core.messages import Message

# The operating system's reasons a user meets when a file cannot be written, in both languages
# (any other reason is the system's own text, which is English).
_REASONS = {
    errno.ENOTDIR: Message(key="os.enotdir"),
    errno.EACCES: Message(key="os.eacces"),
    errno.EPERM: Message(key="os.eperm"),
    errno.ENOSPC: Message(key="os.enospc"),
    errno.EROFS: Message(key="os.erofs"),
    errno.ENOENT: Message(key="os.enoent"),
    errno.EISDIR: Message(key="os.eisdir"),
    errno.ENAMETOOLONG: Message(key="os.enametoolong"),
    errno.EEXIST: Message(key="os.eexist"),
    errno.ELOOP: Message(key="os.eloop"),
    errno.EXDEV: Message(key="os.exdev"),
    errno.EBUSY: Message(key="os.ebusy"),
    errno.EDQUOT: Message(key="os.edquot"),
    errno.EIO: Message(key="os.eio"),
    errno.EBADF: Message(key="os.ebadf"),
    errno.EFBIG: Message(key="os.efbig"),
}


def os_reason(exc: OSError) -> Message | str:
    """Why the system refused (``exc``), in the user's language where it is a common reason."""
    if exc.errno in _REASONS:
        return _REASONS[exc.errno]
    return exc.strerror or str(exc)


def check_target(path: Path) -> Path:
    """``path`` as a file to write: refused (UserError) when it is a folder, something else that is no
    regular file (a pipe, a device, a socket: renamed over, ``/dev/null`` would become a file), its
    folder is missing, or it is the open database (its journal, a backup) or any other SQLite database or its journal
    (:mod:`app.core.files.guarded`). A name that exists under another spelling of the same name as seen
    (decomposed, as macOS writes it) is that file: the path returned names it by its own spelling
    (:func:`app.core.files.probe.existing_spelling`), so no second file that looks the same is made."""
    from app.core.files.probe import existing_spelling  # (probe imports this module)

    path = existing_spelling(Path(path).expanduser())
    try:
        refuse_kept(path)
        if path.is_dir():
            raise UserError(key="file.is_folder", path=path)
        if path.exists() and not stat.S_ISREG(path.stat().st_mode):  # (a link is what it points at)
            raise UserError(key="file.not_regular", path=path)
        refuse_read_only(path)
        if not path.parent.exists():
            raise UserError(key="file.no_folder", folder=path.parent)
    except OSError as exc:  # a name the system refuses (too long, say): before anything is written
        raise UserError(key="file.cannot_write", path=path, reason=os_reason(exc)) from None
    return path


def refuse_read_only(path: Path) -> None:
    """Refuse (one line naming it) to replace a file the user made read-only: no write permission for
    anyone (chmod 444, Windows' read-only attribute) or none for this user. Renamed over, it would be
    replaced without a word (a folder one may write in lets anyone rename over its files)."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return
    if stat.S_ISREG(mode) and (not mode & 0o222 or not os.access(path, os.W_OK)):
        raise UserError(key="file.read_only", path=path)


def refuse_read_only_inside(folder: Path) -> None:
    """Refuse (naming it) to replace a folder holding a file the user made read-only (:func:`refuse_read_only`):
    the folder replaced, that file would go with it. A link is not looked through (only the link goes)."""
    for root, _dirs, names in os.walk(folder):
        for name in sorted(names):
            path = Path(root) / name
            if not path.is_symlink():
                refuse_read_only(path)


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not every platform can fsync a directory
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def pid_alive(pid: int) -> bool:
    """Whether process ``pid`` runs (this one does): asked of Windows there, signal 0 on POSIX (a
    process of another user runs too). What a leftover's owner is checked with before it is removed."""
    if pid == os.getpid():
        return True
    if sys.platform == "win32":
        return _windows_pid_alive(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # EPERM: it exists, it is someone else's
        return True
    return True


def _windows_pid_alive(pid: int) -> bool:
    """Whether a process runs, asked of Windows: os.kill(pid, 0) would send it Ctrl+C there
    (signal 0 is CTRL_C_EVENT), and any other signal would end it."""
    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]  # (Windows only)
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return bool(kernel32.GetLastError() == 5)  # ERROR_ACCESS_DENIED: it runs, as someone else
    try:
        code = ctypes.c_ulong()
        return not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)) or code.value == 259  # STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)


SHORT_NAME = 32  # bytes: a name up to this long is its own temporary name's stem


def short_stem(name: str) -> str:
    """The stem of the temporary names beside a file or folder named ``name``: ``name`` itself when it
    is at most :data:`SHORT_NAME` bytes, else its first characters (16 bytes at most) and 8 hex digits
    of its hash. Bounded, so the temporary name (the stem and 23 bytes) is taken wherever ``name`` is."""
    if len(os.fsencode(name)) <= SHORT_NAME:
        return name
    start = ""
    for char in name:
        if len(os.fsencode(start + char)) > 16:
            break
        start += char
    return f"{start}~{hashlib.sha1(os.fsencode(name)).hexdigest()[:8]}"


def part_prefix(path: Path) -> str:
    """The start of a temporary name beside ``path`` (what :func:`clean_leftovers` recognises)."""
    return f".{short_stem(path.name)}.{os.getpid()}-"


def _old_aside(path: Path) -> Path:
    """Where :func:`_swap_in` moves the old folder aside while the new one is put in place."""
    return path.with_name(f".{short_stem(path.name)}.old-{os.getpid()}")


def clean_leftovers(path: Path) -> None:
    """Remove what killed exports of ``path`` left beside it; bring back an old folder moved aside.

    Only names this module makes are touched, and only those of processes that are gone (or of
    the earlier naming without a process id), so a running export of the same name is left alone.
    """
    path = Path(path)
    stems = "|".join(re.escape(stem) for stem in {path.name, short_stem(path.name)})  # (the earlier naming: the whole name)
    parts = re.compile(rf"\.(?:{stems})\.(?:(\d+)-)?[a-z0-9_]{{8}}\.part")
    old = re.compile(rf"\.(?:{stems})\.old-(\d+)")
    try:
        entries = list(path.parent.iterdir())
    except OSError:
        return
    for entry in entries:
        if match := parts.fullmatch(entry.name):
            stale = match.group(1) is None or not pid_alive(int(match.group(1)))
        elif match := old.fullmatch(entry.name):
            stale = not pid_alive(int(match.group(1)))
            if stale and not path.exists() and entry.is_dir():
                with contextlib.suppress(OSError):
                    os.replace(entry, path)  # killed between its two renames: the old copy comes back
                    continue
        else:
            continue
        if stale:
            with contextlib.suppress(OSError):
                if entry.is_dir() and not entry.is_symlink():
                    shutil.rmtree(entry, ignore_errors=True)
                else:
                    entry.unlink()


def check_writable(path: Path) -> Path:
    """:func:`check_target`, and the folder takes files (checked before work that would be lost)."""
    path = check_target(path)
    if not os.access(path.parent, os.W_OK | os.X_OK):
        raise UserError(key="file.cannot_write_in", folder=path.parent, reason=os_reason(_why_not_writable(path.parent)))
    return path


def _why_not_writable(folder: Path) -> OSError:
    """Why ``folder`` takes no files, as writing in it would say: a read-only disk (EROFS, what
    :func:`write_with` meets there) or no permission (EACCES)."""
    try:
        read_only = bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except (AttributeError, OSError):  # (no statvfs on Windows)
        read_only = False
    return OSError(errno.EROFS if read_only else errno.EACCES, "")


# What this process has put in place, as it was put there: each target and the finished file's (or folder's)
# identity just before it was renamed to it. A Ctrl+C that lands after a rename (while the folder is synced, a
# line printed) finds here what was already replaced (:func:`in_place`), so it is never said to have changed nothing.
PLACED: list[tuple[Path, tuple[int, int]]] = []


def placing(target: Path, finished: Path) -> None:
    st = os.stat(finished)
    PLACED.append((target, (st.st_dev, st.st_ino)))


def in_place(since: int = 0) -> list[Path]:
    """The files and folders this process has put in place (from the ``since``-th on: ``len(PLACED)``
    when a command began) that are still there as it wrote them."""
    found: list[Path] = []
    for target, identity in PLACED[since:]:
        try:
            st = os.stat(target)
        except OSError:
            continue
        if (st.st_dev, st.st_ino) == identity and target not in found:
            found.append(target)
    return found


def write_with(path: Path, writer: Callable[[Path], object]) -> Path:
    """Call ``writer(tmp_path)`` then move the finished file over ``path`` in one rename."""
    path = check_target(path)
    clean_leftovers(path)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=part_prefix(path), suffix=".part", dir=path.parent)
    except OSError as exc:
        raise UserError(key="file.cannot_write_in", folder=path.parent, reason=os_reason(exc)) from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        writer(tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        if path.exists():
            shutil.copymode(path, tmp)
        else:
            os.chmod(tmp, 0o666 & ~_umask())
        placing(path, tmp)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise UserError(key="file.cannot_write", path=path, reason=os_reason(exc)) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)
    return path


def _folder_mode(path: Path, replace: bool) -> int:
    """The mode of a folder written whole: the one it replaces keeps its own (a private folder stays 700), a new one
    as the umask allows."""
    if replace:
        with contextlib.suppress(OSError):
            mode = stat.S_IMODE(path.stat().st_mode)
            if stat.S_ISDIR(path.stat().st_mode) and mode & stat.S_IRWXU == stat.S_IRWXU:  # (one the app can fill again)
                return mode
    return 0o777 & ~_umask()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_bytes(path: Path, data: bytes) -> Path:
    return write_with(path, lambda tmp: tmp.write_bytes(data))


def write_text(path: Path, text: str) -> Path:
    return write_bytes(path, text.encode("utf-8"))


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _renameat2() -> Callable[..., int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        func = ctypes.CDLL(None, use_errno=True).renameat2  # glibc 2.28+
    except (OSError, AttributeError):
        return None
    func.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    func.restype = ctypes.c_int
    return func


def _exchange(a: Path, b: Path) -> bool:
    """Swap two existing paths in one step (Linux renameat2); False where the system cannot."""
    func = _renameat2()
    if func is None:
        return False
    if func(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):  # not on this file system
        return False
    raise OSError(code, os.strerror(code), str(b))


def _exchange_supported(folder: Path) -> bool:
    a = Path(tempfile.mkdtemp(prefix=".exchange-probe.", dir=folder))
    b = Path(tempfile.mkdtemp(prefix=".exchange-probe.", dir=folder))
    try:
        return _exchange(a, b)
    finally:
        a.rmdir()
        b.rmdir()


def _swap_in(tmp: Path, path: Path) -> None:
    """Put the finished folder ``tmp`` at ``path``; the old one stays there until the new one is."""
    if _exchange(tmp, path):
        shutil.rmtree(tmp, ignore_errors=True)  # now the old copy
        return
    old = _old_aside(path)
    os.replace(path, old)
    try:
        os.replace(tmp, path)
    except BaseException:
        os.replace(old, path)
        raise
    shutil.rmtree(old, ignore_errors=True)


@contextlib.contextmanager
def atomic_directory(path: Path, *, replace: bool = True, check_read_only: bool = True) -> Iterator[Path]:
    """Build a folder in a sibling temp folder; swap it in only when the block succeeds.

    An existing folder at ``path`` is kept untouched on failure and replaced on success (when
    ``replace``): swapped in one step where the system can (Linux), else by two renames a moment
    apart, undone on any failure; the old copy is removed only after the new one is in place. A folder
    that exists only under another spelling of the name is refused, never replaced nor made a lookalike
    of (:func:`app.core.files.probe.spelled_folder`), and so is one holding a file the user made read-only
    (:func:`refuse_read_only_inside`), before anything is written (``check_read_only`` False: the caller keeps
    the files it does not replace, and refuses the read-only ones it does: :func:`folder_target.keep_added`).
    """
    from app.core.files.probe import spelled_folder  # (probe imports this module)

    path = spelled_folder(Path(path).expanduser())
    try:
        refuse_holding_kept(path)
        if path.exists() and not path.is_dir():
            raise UserError(key="file.not_a_folder", path=path)
        if not path.parent.exists():
            raise UserError(key="file.no_folder", folder=path.parent)
        if replace and check_read_only and path.is_dir():
            refuse_read_only_inside(path)
    except OSError as exc:  # a name the system refuses (too long, say): before anything is written
        raise UserError(key="file.cannot_write", path=path, reason=os_reason(exc)) from None
    clean_leftovers(path)
    try:
        tmp = Path(tempfile.mkdtemp(prefix=part_prefix(path), suffix=".part", dir=path.parent))
    except OSError as exc:
        raise UserError(key="file.cannot_write_in", folder=path.parent, reason=os_reason(exc)) from None
    try:
        yield tmp
        os.chmod(tmp, _folder_mode(path, replace))
        if path.exists():
            if not replace:
                raise UserError(key="file.exists", path=path)
            placing(path, tmp)
            _swap_in(tmp, path)
        else:
            placing(path, tmp)
            os.replace(tmp, path)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise UserError(key="file.cannot_write", path=path, reason=os_reason(exc)) from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise

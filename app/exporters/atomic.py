"""Atomic writes: a failed export leaves no half-written file and never damages an existing one."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from app.errors import UserError


def _check_target(path: Path) -> Path:
    path = Path(path).expanduser()
    if path.is_dir():
        raise UserError(f"{path} is a folder; give a file name")
    if not path.parent.exists():
        raise UserError(f"folder {path.parent} does not exist")
    return path


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not every platform can fsync a directory
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_with(path: Path, writer: Callable[[Path], None]) -> Path:
    """Call ``writer(tmp_path)`` then move the finished file over ``path`` in one rename."""
    path = _check_target(path)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    except OSError as exc:
        raise UserError(f"cannot write to {path.parent}: {exc.strerror}") from None
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
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise UserError(f"cannot write {path}: {exc.strerror}") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)
    return path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_bytes(path: Path, data: bytes) -> Path:
    return write_with(path, lambda tmp: tmp.write_bytes(data))


def write_text(path: Path, text: str) -> Path:
    return write_bytes(path, text.encode("utf-8"))


@contextlib.contextmanager
def atomic_directory(path: Path, *, replace: bool = True) -> Iterator[Path]:
    """Build a folder in a sibling temp folder; swap it in only when the block succeeds.

    An existing folder at ``path`` is kept untouched on failure and replaced on success (when
    ``replace``); the old copy is removed only after the new one is in place.
    """
    path = Path(path).expanduser()
    if path.exists() and not path.is_dir():
        raise UserError(f"{path} exists and is not a folder")
    if not path.parent.exists():
        raise UserError(f"folder {path.parent} does not exist")
    try:
        tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent))
    except OSError as exc:
        raise UserError(f"cannot write to {path.parent}: {exc.strerror}") from None
    try:
        yield tmp
        os.chmod(tmp, 0o777 & ~_umask())
        if path.exists():
            if not replace:
                raise UserError(f"{path} already exists")
            old = path.with_name(f".{path.name}.old-{os.getpid()}")
            os.replace(path, old)
            try:
                os.replace(tmp, path)
            except OSError:
                os.replace(old, path)
                raise
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, path)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise UserError(f"cannot write {path}: {exc.strerror}") from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise

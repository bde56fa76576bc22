"""Looking at a path the user named: a name the system refuses (longer than 255 bytes, a file where
a folder should be, no permission to look, a NUL pasted from a binary dump) is one typed error, never
an ``OSError`` or ``ValueError`` traceback.

``Path.exists()`` and ``Path.is_dir()`` answer False for a missing file but raise for a name the
system cannot even look up (ENAMETOOLONG, EACCES on a folder on the way; ValueError "embedded null
byte" for a NUL): every check of a path the user gave goes through here.

A file the app is to create gets a name of visible characters only (:func:`refuse_unseen_name`: the
command line's ``--out`` / ``--to`` and File ▸ Copy Project To… alike), as the names the app makes
from user text (:mod:`app.core.files.safe_names`). A file named by another spelling of a name that
exists (the decomposed データ macOS writes, typed or pasted) is that file (:func:`existing_spelling`),
never a second one that looks the same beside it.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from app.core.errors import UserError
from app.core.files.atomic import os_reason
from app.core.files.visible_text import composed, fold_name, printable_name


def unusable(path: object, exc: OSError) -> UserError:
    """The user's line for a path the system refused to look at or open (``exc``)."""
    return UserError(key="file.cannot_use", path=path, reason=os_reason(exc))


def refuse_nul(path: object) -> None:
    """Refuse (one line) a path holding NUL: no system takes it in a name (Python raises ValueError
    "embedded null byte"); the path is said as a terminal shows it (``\\x00``)."""
    if "\x00" in str(path):
        raise UserError(key="file.nul_in_path", path=printable_name(str(path)))


def unseen_name(path: str) -> str | None:
    """The name ``path`` ends in (a trailing separator aside), as a terminal shows it, when it holds a
    character a terminal or a file manager cannot show (a control character, a line end, a right-to-left
    override, a zero-width space, a ZWJ outside an emoji) or none that can be seen (only spaces or Hangul
    fillers); None for a name of visible characters, or no name. The rule is
    :func:`~app.core.files.visible_text.printable_name`'s (the name is one it shows as it is) and
    :func:`~app.core.files.visible_text.fold_name`'s (something is left when it is folded)."""
    name = os.path.basename(path.rstrip("/" + os.sep))
    if name and (printable_name(name) != name or not fold_name(name)):
        return printable_name(name)
    return None


def refuse_unseen_name(path: str) -> None:
    """Refuse (one line, before anything is written) a file to create at ``path`` that holds NUL
    (:func:`refuse_nul`) or whose name holds a character that cannot be seen (:func:`unseen_name`)."""
    refuse_nul(path)
    if (name := unseen_name(path)) is not None:
        raise UserError(key="file.unseen_name", name=name)


@contextlib.contextmanager
def looking_at(path: object) -> Iterator[None]:
    """Checks of ``path`` inside the block: an ``OSError`` becomes :func:`unusable`, a NUL in the path
    :func:`refuse_nul`'s line."""
    refuse_nul(path)
    try:
        yield
    except OSError as exc:
        raise unusable(exc.filename or path, exc) from None


def exists(path: Path) -> bool:
    with looking_at(path):
        return path.exists()


def is_dir(path: Path) -> bool:
    with looking_at(path):
        return path.is_dir()


def is_file(path: Path) -> bool:
    with looking_at(path):
        return path.is_file()


def resolved(path: Path) -> Path:
    """``path`` made absolute with its links followed (it need not exist)."""
    with looking_at(path):
        return path.resolve()


def existing_spelling(path: Path) -> Path:
    """``path`` with each file or folder on the way that exists only under another spelling of the same
    name as seen taken by its own spelling: names compare composed (:func:`~app.core.files.visible_text.composed`:
    データ written decomposed, テ + U+3099, as macOS writes it, is データ), so writing there writes that
    file, never a second name beside it that looks the same. A name that exists as spelled is kept (on
    macOS the file system itself finds either spelling); one nothing there matches is kept, and the rest
    of the path after it. Of several that match, the composed one, else the first by code point.

    Every file the app writes on the user's say comes here (:func:`app.core.files.atomic.check_target`,
    a whole folder: :func:`spelled_folder`), and a SQLite file the app opens or creates
    (:func:`app.core.storage.db.resolve_database_url`: ``--db``, a project copied to another database).
    """
    path = Path(path)
    if "\x00" in str(path) or os.path.lexists(path):  # (NUL: refused by the caller's check)
        return path
    rest = path.parts[1:] if path.anchor else path.parts
    current = Path(path.anchor)
    for i, name in enumerate(rest):
        if not os.path.lexists(current / name):
            found = _same_as_seen(current, name)
            if found is None:
                return current.joinpath(*rest[i:])
            name = found
        current = current / name
    return current


def _same_as_seen(folder: Path, name: str) -> str | None:
    """The name in ``folder`` spelled otherwise than ``name`` but the same as seen; None for none (or a
    folder that cannot be listed)."""
    want = composed(name)
    try:
        names = os.listdir(folder)
    except (OSError, ValueError):
        return None
    same = sorted(other for other in names if other != name and composed(other) == want)
    if not same:
        return None
    return want if want in same else same[0]


def spelled_folder(path: Path) -> Path:
    """A folder the app writes as a whole (an export replacing it): ``path`` with the folders on the way
    taken by their own spelling (:func:`existing_spelling`); refused (one line naming it) when the folder
    itself then exists, reached only by another spelling. What may be replaced (an earlier export of
    the same kind, an empty folder, a non-empty one with ``--force``) was read from the name as typed,
    which named nothing: a folder that exists is replaced only when named as it is spelled."""
    spelled = existing_spelling(path)
    if spelled != path and os.path.lexists(spelled):
        raise UserError(key="file.other_spelling", path=printable_name(str(path)), existing=spelled)
    return spelled

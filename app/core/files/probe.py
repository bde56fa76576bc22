"""Looking at a path the user named: a name the system refuses (longer than 255 bytes, a file where
a folder should be, no permission to look) is one typed error, never an ``OSError`` traceback.

``Path.exists()`` and ``Path.is_dir()`` answer False for a missing file but raise for a name the
system cannot even look up (ENAMETOOLONG, EACCES on a folder on the way): every check of a path
the user gave goes through here.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from app.core.errors import UserError
from app.core.files.atomic import os_reason


def unusable(path: object, exc: OSError) -> UserError:
    """The user's line for a path the system refused to look at or open (``exc``)."""
    return UserError(key="file.cannot_use", path=path, reason=os_reason(exc))


@contextlib.contextmanager
def looking_at(path: object) -> Iterator[None]:
    """Checks of ``path`` inside the block: an ``OSError`` becomes :func:`unusable`."""
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

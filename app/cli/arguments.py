"""What the command line's arguments are, besides text: a path the user typed, read as they mean it.

Every path argument (a file or folder to read or write, ``--db``, ``--to``) is declared with
``type=user_path``, so ``~`` works the same in all of them, once, before any command sees the value.
The window's ``--size`` is read by :func:`window_size` before the window is built.
"""

from __future__ import annotations

import os
import re
import unicodedata

from app.core.errors import UserError

# a side of the window --screenshot lays out, in pixels: the smallest a page can be read at, the largest
# an 8K screen shows (30000x30000 would be laid out and grabbed: gigabytes, and Qt's painter failing)
WINDOW_SIDES = (320, 8192)


def user_path(text: str) -> str:
    """``text`` with a leading ``~`` (or ``~user``) made the home folder, as a shell does for a word
    it expands: a quoted ``"~/plan.xlsx"`` or ``--out=~/wbs.xlsx`` reaches the program as typed.
    A database URL (``postgresql+psycopg://…``) starts with no ``~`` and is kept as it is."""
    return os.path.expanduser(text)


def window_size(text: str) -> str:
    """``--size`` as ``WIDTHxHEIGHT`` (1400x900; also 1400 x 900, １４００×９００), each side within
    :data:`WINDOW_SIDES`; :class:`UserError` (one line) for anything else."""
    match = re.fullmatch(r"(\d{1,9})\s*[x×*]\s*(\d{1,9})", unicodedata.normalize("NFKC", text).strip().lower())
    if match is None:
        raise UserError(key="screenshot.bad_size", size=text)
    width, height = int(match[1]), int(match[2])
    if not all(WINDOW_SIDES[0] <= side <= WINDOW_SIDES[1] for side in (width, height)):
        raise UserError(key="screenshot.size_out_of_range", size=text, least=WINDOW_SIDES[0], most=WINDOW_SIDES[1])
    return f"{width}x{height}"

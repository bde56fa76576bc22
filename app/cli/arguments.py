"""What the command line's arguments are, besides text: a path the user typed, read as they mean it.

Every path argument (a file or folder to read or write, ``--db``, ``--to``) is declared with
``type=user_path``, so ``~`` works the same in all of them, once, before any command sees the value.
The window's ``--size`` is read by :func:`window_size` before the window is built.
"""

from __future__ import annotations

import argparse
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


# The arguments naming a file or folder a command writes (or creates: the database ``--to`` copies into)
WRITTEN = {"out": "--out", "report": "--report", "to": "--to", "screenshot": "--screenshot"}


def check_written_names(args: argparse.Namespace) -> None:
    """Refuse (one line) a file or folder to write whose name holds a character a terminal or a file
    manager cannot show (a control character, a line end, a right-to-left override: ESC and a newline
    pasted into ``--out``): file names get visible characters only, as those the app makes from user
    text (app/core/files/safe_names.py). The rule is :func:`app.core.projects.printable_name`'s: the name
    is one it shows as it is. Checked before a command opens the database: nothing is written."""
    for dest, option in WRITTEN.items():
        value = getattr(args, dest, None)
        name = os.path.basename(value.rstrip("/" + os.sep)) if isinstance(value, str) else ""
        if not name.isprintable():
            from app.core.projects import printable_name

            if printable_name(name) != name:
                raise UserError(key="cli.invisible_file_name", option=option, name=printable_name(name))


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

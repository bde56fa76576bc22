"""What the command line's arguments are, besides text: a path the user typed, read as they mean it.

Every path argument (a file or folder to read or write, ``--db``, ``--to``) is declared with
``type=user_path``, so ``~`` works the same in all of them, once, before any command sees the value.
"""

from __future__ import annotations

import os


def user_path(text: str) -> str:
    """``text`` with a leading ``~`` (or ``~user``) made the home folder, as a shell does for a word
    it expands: a quoted ``"~/plan.xlsx"`` or ``--out=~/wbs.xlsx`` reaches the program as typed.
    A database URL (``postgresql+psycopg://…``) starts with no ``~`` and is kept as it is."""
    return os.path.expanduser(text)

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
from app.core.paths import database_file, database_value, names_folder

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
# Those naming a file (``--out`` names a folder for an export that writes one: the wiki, the scaffold)
FILE_TARGETS = ("--out", "--report", "--screenshot")


def _database_file(value: str) -> str | None:
    """The file a database value (a path, or a ``sqlite:///`` URL's path as SQLAlchemy decodes it)
    names when the command is to create it: None for a database that exists (opened as it is,
    whatever its name) or a server's URL."""
    path = database_file(value)
    return None if path is None or os.path.lexists(path) else path


def check_written_names(args: argparse.Namespace, *, out_is_folder: bool = False) -> None:
    """Refuse (one line) a file or folder to write whose name holds a character a terminal or a file
    manager cannot show (a control character, a line end, a right-to-left override, a ZWJ outside an
    emoji: ESC and a newline pasted into ``--out``), or none that can be seen (only spaces or Hangul
    fillers): file names get visible characters only, as those the app makes from user text
    (app/core/files/safe_names.py). The database ``--db`` (else ``MLOPS_KICKOFF_DB``) creates is held
    to the same rule, its name read as opening it reads it (``sqlite:///plan%1bx.db`` names ESC); one
    that exists is opened as it is. The rule is the core's (:func:`app.core.files.probe.unseen_name`), which
    File ▸ Copy Project To… is held to as well (:func:`app.projects.database_copy.copy_to`). A file to write
    (:data:`FILE_TARGETS`) named with a separator at its end (``--out q.md/``) names a folder, never a new
    file (``Path`` would drop the separator and write ``q.md``): refused, unless ``out_is_folder`` (an export
    that writes a folder). Checked before a command opens the database (and before the window's start):
    nothing is written."""
    named = {option: getattr(args, dest, None) for dest, option in WRITTEN.items()}
    for option in FILE_TARGETS:
        value = named[option]
        if isinstance(value, str) and names_folder(value) and not (option == "--out" and out_is_folder):
            raise UserError(key="file.names_folder", option=option, path=os.path.abspath(value) + os.sep)
    if isinstance(named["--to"], str) and "://" in named["--to"]:  # project copy's target: a URL read as opened
        named["--to"] = database_file(named["--to"])
    asked = getattr(args, "db", None)
    if (database := database_value(asked if isinstance(asked, str) else None)) is not None:
        named[database[1]] = _database_file(database[0])
    for option, value in named.items():
        if isinstance(value, str) and value:  # a command that writes opens the database: the services load here
            from app.core.files.probe import unseen_name

            if (name := unseen_name(value)) is not None:
                raise UserError(key="cli.invisible_file_name", option=option, name=name)


def _option_named(parser: argparse.ArgumentParser, token: str) -> str | None:
    """The option string ``token`` names as argparse reads it: itself, or the one long option it is an
    unambiguous prefix of (``--val`` for ``--value``, when the parser allows abbreviations); else None."""
    if token in parser._option_string_actions:
        return token
    if not (parser.allow_abbrev and token.startswith("--") and "=" not in token and len(token) > 2):
        return None
    matches = [name for name in parser._option_string_actions if name.startswith(token)]
    return matches[0] if len(matches) == 1 else None


def joined_values(parser: argparse.ArgumentParser, tokens: list[str]) -> list[str]:
    """``tokens`` with an option of ``parser`` that takes one value and the value after it that starts with one
    "-" written as one (``--value -20%のコスト削減`` as ``--value=-20%のコスト削減``, ``--notes -メモ``,
    ``--name -foo``): argparse would take that value for an unknown option and say the value is missing.
    A value starting with "--" or naming one of the parser's options (``--value --later``: a value forgotten)
    is left to argparse, which says so (``--value=--…`` takes it). Nothing after ``--`` is touched."""
    takes_one = {name for action in parser._actions if action.nargs is None for name in action.option_strings}
    out: list[str] = []
    i = 0
    while i < len(tokens):
        token, value = tokens[i], tokens[i + 1] if i + 1 < len(tokens) else None
        if token == "--":
            return out + tokens[i:]
        if _option_named(parser, token) in takes_one and value is not None and value.startswith("-") and not value.startswith("--") \
                and value not in parser._option_string_actions:
            out.append(f"{token}={value}")
            i += 2
        else:
            out.append(token)
            i += 1
    return out


_NEGATIVE = re.compile(r"-\d+$|-\d*\.\d+$")  # argparse reads these as values already


def dashed_positionals(parser: argparse.ArgumentParser, tokens: list[str]) -> list[str]:
    """``tokens`` with a name starting with one "-" given where a command takes a name (``project new -foo``,
    ``project rename 2 -bar``) read as that name: argparse takes it for an unknown option and says the name is
    missing. The command's names are moved, in their order, after a ``--`` (the one given, else one at the end),
    its options staying in front: a name too many, or an unknown option, is then what argparse names. Only for a
    command whose options each take one value or none; a token starting with "--" before a ``--`` is an option."""
    places = [a for a in parser._actions if not a.option_strings]
    if not places or any(a.nargs not in (None, "?") for a in places):
        return tokens
    before, rest = (tokens[:tokens.index("--")], tokens[tokens.index("--") + 1:]) if "--" in tokens else (tokens, [])
    options = {name: action for action in parser._actions for name in action.option_strings}
    front: list[str] = []
    names: list[str] = []
    dashed = False
    i = 0
    while i < len(before):
        token = before[i]
        named = _option_named(parser, token.partition("=")[0]) if token.startswith("-") else None
        if named is not None:
            if options[named].nargs not in (None, 0):
                return tokens  # an option taking several values: which token is whose is argparse's to say
            front.append(token)
            if options[named].nargs is None and "=" not in token and i + 1 < len(before):
                front.append(before[i + 1])
                i += 1
        elif token.startswith("--"):
            front.append(token)  # an unknown option: argparse names it
        else:
            dashed = dashed or (token.startswith("-") and token != "-" and not _NEGATIVE.match(token))
            names.append(token)
        i += 1
    return [*front, "--", *names, *rest] if dashed else tokens


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

"""The command line's help in the user's language: its texts by message id, argparse's own words,
and lines wrapped by display width (a Japanese character takes two columns).

A :class:`Help` is only a message id until help is printed, so building the parser (on every
start, the window's too) reads no YAML. The usage mistakes argparse reports are said again in
the user's language by ``app.cli.main.usage_mistake``.
"""

from __future__ import annotations

import argparse
import functools
from typing import Any

from app.core.i18n import parse_lang
from app.core.messages import Help


def said(text: str, lang: str) -> str:
    return text.text(lang) if isinstance(text, Help) else text


# argparse's own words (it builds them with gettext, which has no Japanese for them)
USAGE = Help(key="cli.help.usage")
POSITIONALS = Help(key="cli.help.positionals")
OPTIONS = Help(key="cli.help.options")
HELP = Help(key="cli.help.help")
VERSION = Help(key="cli.help.version")


class WhereData(Help):
    """The main help's closing words: what moves the data folder and the settings, then the data
    folder in use on a line of its own (read when help is printed, not at every start); or, when every
    command refuses the data folder (a relative MLOPS_KICKOFF_HOME, a chosen folder gone), why."""

    def closing(self, lang: str) -> tuple[str, str, str | None]:
        """The words, then the folder in use, or (when refused) ``""`` and the refusal as the commands say it."""
        from app.core import paths
        from app.core.errors import UserError

        words = self.text(lang) + ("" if lang == "ja" else " ")  # (no space after 「。」)
        try:
            paths.check_data_dir()
        except UserError as refused:
            return words + Help(key="cli.help.data_folder_refused").text(lang), "", refused.text(lang)
        return words + Help(key="cli.help.data_folder_in_use").text(lang), str(paths.data_dir()), None


def named_groups(parser: argparse.ArgumentParser) -> None:
    """argparse's two groups (its own English titles) under titles in both languages."""
    parser._positionals.title = POSITIONALS
    parser._optionals.title = OPTIONS


def described(parser: argparse.ArgumentParser) -> None:
    """Each command's own page opens with what it does: its line in its parent's list of commands."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for listed in action._choices_actions:
                command = action.choices[listed.dest]
                if command.description is None:
                    command.description = listed.help
                described(command)


# --- lines by display width -----------------------------------------------------------------------

_NO_START = set("、。,.)]}」』）】〕・ー:;!?！？：；ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ")  # never leads a line (kinsoku)
_NO_END = set("([{「『（【〔")  # never ends one


def _wide(char: str) -> bool:
    import unicodedata

    return unicodedata.east_asian_width(char) in "WF"


def width(text: str) -> int:
    """Columns ``text`` takes on a terminal."""
    return sum(2 if _wide(c) else 1 for c in text)


def wrap(text: str, columns: int) -> list[str]:
    """``text`` in lines of at most ``columns`` columns (one longer word keeps a line to itself):
    breaks at spaces and between Japanese characters, never before 「、」 or after 「(」."""
    pieces: list[str] = []  # what no line break splits; " " between words
    for run in text.split():
        if pieces:
            pieces.append(" ")
        word = ""
        for char in run:
            if _wide(char):
                pieces += [word] if word else []
                pieces.append(char)
                word = ""
            else:
                word += char
        pieces += [word] if word else []
    glued: list[str] = []
    for piece in pieces:
        if glued and " " not in (piece, glued[-1]) and (piece[0] in _NO_START or glued[-1][-1] in _NO_END):
            glued[-1] += piece
        else:
            glued.append(piece)
    lines: list[str] = []
    line, space = "", False
    for piece in glued:
        if piece == " ":
            space = bool(line)
            continue
        longer = line + (" " if space else "") + piece
        if line and width(longer) > columns:
            lines.append(line)
            longer = piece
        line, space = longer, False
    return [*lines, line] if line else lines


class Formatter(argparse.HelpFormatter):
    """argparse's help in ``lang`` (the global ``--lang``, else the system's).

    Overrides HelpFormatter's usage prefix, section titles, help strings and text filling."""

    lang: str | None = None  # set by :func:`formatter`

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._lang = parse_lang(self.lang)

    def _format_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None) -> str:
        if prefix is not None:
            return super()._format_usage(usage, actions, groups, prefix)
        words = USAGE.text(self._lang)
        # argparse lines the usage up by len(prefix): lay it out for as many columns, then say it
        laid_out = super()._format_usage(usage, actions, groups, " " * width(words))
        return words + laid_out[width(words):]

    def start_section(self, heading: str | None) -> None:
        super().start_section(said(heading, self._lang) if heading else heading)

    def add_text(self, text: str | None) -> None:
        if isinstance(text, WhereData):  # the folder never broken across lines, however long
            words, folder, refused = text.closing(self._lang)
            if refused is not None:  # said as the commands say it, never wrapped (the path in it stays whole, to copy)
                self._add_item(lambda: self._format_text(words).rstrip("\n") + f"\n  {refused}\n\n", [])
                return
            self._add_item(lambda: self._format_text(words).rstrip("\n") + f"\n  {folder}\n\n", [])
            return
        if isinstance(text, Help):  # a description: a command's line in its parent's list, begun as a sentence
            words = text.text(self._lang)
            text = words[:1].upper() + words[1:]
        super().add_text(text)  # (also --version's line: as it is)

    def _get_help_string(self, action: argparse.Action) -> str | None:
        if isinstance(action, argparse._HelpAction):
            return HELP.text(self._lang)
        if isinstance(action, argparse._VersionAction):
            return VERSION.text(self._lang)
        return said(action.help, self._lang) if action.help else action.help

    def _split_lines(self, text: str, columns: int) -> list[str]:
        if text.isascii():
            return super()._split_lines(text, columns)
        return wrap(text, columns)

    def _fill_text(self, text: str, columns: int, indent: str) -> str:
        if text.isascii():
            return super()._fill_text(text, columns, indent)
        return "\n".join(indent + line for line in wrap(text, columns - len(indent)))


@functools.cache
def formatter(lang: str | None) -> type[Formatter]:
    """The help formatter of a parser whose language is ``lang`` (None: the system's)."""
    return type("Formatter", (Formatter,), {"lang": lang})

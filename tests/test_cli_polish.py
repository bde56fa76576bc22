"""cli-polish: the command line's last small defects, each tried as a user would, with the real
``python -m app`` in subprocesses (helpers of tests/test_breaker16n.py): every option and argument
explained in ``--help`` in both languages, ``~`` in a quoted path, a folder given where a file is read.
"""

from __future__ import annotations

import argparse
import re
import subprocess
from pathlib import Path

import pytest

from app.core.messages import Help
from tests.test_breaker16n import JAPANESE, home, prepared, run
from tests.test_cli_help_ja import pages

__all__ = ["home", "prepared"]  # the fixtures, shared with tests/test_breaker16n.py

# Words the English help keeps in Japanese on purpose: what a user types as a holiday's name or an owner.
KEPT_JAPANESE = ("夏季休暇", "年末年始", "担当者")


def one_english_line(result: subprocess.CompletedProcess[str]) -> str:
    """A user error in English: exit 2, one line on stderr, no traceback; the line."""
    assert "Traceback" not in result.stderr, result.stderr[-600:]
    assert result.returncode == 2, (result.returncode, result.stderr[-600:])
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("mlops-kickoff: error: "), result.stderr
    return lines[0]


# --- 1 and 4: every option and argument of every command has its help, in both languages --------


def _listed(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    """The options and arguments ``parser``'s help page lists (argparse's own -h and --version aside)."""
    return [a for a in parser._actions if not isinstance(a, argparse._HelpAction | argparse._VersionAction)]


def _name(action: argparse.Action) -> str:
    return "/".join(action.option_strings) or str(action.metavar or action.dest)


def test_every_option_and_argument_of_every_command_has_help_in_japanese_and_english() -> None:
    missing: list[str] = []
    seen = 0
    for lang in ("ja", "en"):
        for path, parser in pages(lang):
            page = parser.format_help()
            for action in _listed(parser):
                where = f"{lang}: {' '.join(('mlops-kickoff', *path))} {_name(action)}"
                seen += 1
                if not isinstance(action.help, Help):  # said in the parser's language when help is printed
                    missing.append(where)
                    continue
                text = action.help.text(lang)
                in_its_language = JAPANESE.search(text) if lang == "ja" else not JAPANESE.search(
                    re.sub("|".join(KEPT_JAPANESE), "", text))
                if not text.strip() or not in_its_language or text[:6] not in page:
                    missing.append(f"{where}: {text!r}")
    assert missing == []
    assert seen > 250  # every command's options and arguments, in both languages, were looked at


def test_every_command_page_says_what_the_command_does() -> None:
    for lang in ("ja", "en"):
        for path, parser in pages(lang):
            if path:
                assert isinstance(parser.description, Help), (lang, path)
                said = parser.description.text(lang)
                assert (JAPANESE.search(said) if lang == "ja" else not JAPANESE.search(said)), (lang, path, said)
                assert said[1:10] in parser.format_help(), (lang, path)  # (English begins it as a sentence)


def _unexplained(page: str) -> list[str]:
    """The options and arguments a printed help page lists without any text."""
    lines = page.splitlines()
    bare = []
    for i, line in enumerate(lines):
        entry = re.match(r"^  (\S.*?)(?:\s{2,}(\S.*))?$", line)
        if not entry or line.startswith(("  使い方", "usage")):
            continue
        if entry[2] is None and not (i + 1 < len(lines) and re.match(r"^\s{6,}\S", lines[i + 1])):
            bare.append(entry[1])
    return bare


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("command", ["project archive", "project export", "project new", "export wbs", "import wbs", "backup restore"])
def test_a_users_help_page_explains_each_option(prepared: Path, command: str, lang: str) -> None:
    result = run(prepared, *command.split(), "--help", lang=lang)
    assert result.returncode == 0, result.stderr
    assert _unexplained(result.stdout) == [], result.stdout
    if lang == "ja":
        option_lines = [line for line in result.stdout.splitlines() if line.startswith("  -") and "--help" not in line]
        assert all(JAPANESE.search(line) for line in option_lines if re.search(r"\s{2,}\S", line.strip())), result.stdout

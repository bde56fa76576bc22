"""cli-polish: the command line's last small defects, each tried as a user would, with the real
``python -m app`` in subprocesses (helpers of tests/test_breaker16n.py): every option and argument
explained in ``--help`` in both languages, ``~`` in a quoted path, a folder given where a file is read.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from app.core.messages import Help
from tests.test_breaker16n import JAPANESE, home, one_japanese_line, prepared, project_names, run
from tests.test_cli_help_ja import pages

__all__ = ["home", "prepared"]  # the fixtures, shared with tests/test_breaker16n.py

# Words the English help keeps in Japanese on purpose: what a user types as a holiday's name or an owner.
KEPT_JAPANESE = ("夏季休暇", "担当者")


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


# --- 2: "~" in a path the shell did not expand (quoted, or after --out=) -----------------------


@pytest.fixture
def user_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user's home folder, which ``~`` names, for the commands run by :func:`run`."""
    folder = tmp_path / "ユーザー"
    folder.mkdir()
    monkeypatch.setenv("HOME", str(folder))
    return folder


def test_a_project_file_exported_to_and_imported_from_a_path_with_a_tilde(home: Path, user_home: Path) -> None:
    exported = run(home, "project", "export", "1", "--out=~/案件.json")
    assert exported.returncode == 0, exported.stderr
    assert (user_home / "案件.json").is_file() and not (home / "~").exists()
    imported = run(home, "project", "import", "~/案件.json")
    assert imported.returncode == 0, imported.stderr
    assert len(project_names(home)) == 2


@pytest.mark.parametrize("kind", ["wbs", "hearing-sheet"])
def test_a_workbook_imported_from_a_path_with_a_tilde(prepared: Path, user_home: Path, kind: str) -> None:
    assert run(prepared, "export", kind, "--project", "1", "--out", "~/シート.xlsx").returncode == 0
    assert (user_home / "シート.xlsx").is_file()
    result = run(prepared, "import", kind, "~/シート.xlsx", "--project", "1", "--dry-run")
    assert result.returncode == 0, result.stderr


def test_a_database_file_and_a_copy_target_with_a_tilde(home: Path, user_home: Path) -> None:
    listed = run(home, "--db", "~/チーム.sqlite3", "projects", "list")
    assert listed.returncode == 0, listed.stderr
    assert (user_home / "チーム.sqlite3").is_file() and not (home / "~").exists()
    copied = run(home, "project", "copy", "1", "--to", "~/コピー先.sqlite3")
    assert copied.returncode == 0, copied.stderr
    assert (user_home / "コピー先.sqlite3").is_file()


def test_templates_validate_reads_a_folder_under_the_tilde(prepared: Path, user_home: Path) -> None:
    (user_home / "テンプレート").mkdir()
    result = run(prepared, "templates", "validate", "~/テンプレート")
    one_japanese_line(result)  # an empty folder: no content files in it (it was found)
    assert str(user_home / "テンプレート") in result.stderr and "ありません" in result.stderr
    assert "ファイルもフォルダーもありません" not in result.stderr


def test_the_paths_that_already_took_a_tilde_still_do(home: Path, user_home: Path) -> None:
    """Backups, holidays, diffs and reports: the same one place expands them now."""
    assert run(home, "export", "wbs", "--project", "1", "--out", "~/wbs.xlsx", "--report", "~/report.json").returncode == 0
    assert (user_home / "wbs.xlsx").is_file() and (user_home / "report.json").is_file()
    assert run(home, "baseline", "create", "--project", "1", "--name", "キックオフ").returncode == 0
    diff = run(home, "baseline", "diff", "--project", "1", "--from", "キックオフ", "--out", "~/差分.md")
    assert diff.returncode == 0 and (user_home / "差分.md").is_file(), diff.stderr
    (user_home / "休日.ics").write_text(
        "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20261229\nSUMMARY:年末\nEND:VEVENT\nEND:VCALENDAR\n", encoding="utf-8")
    assert run(home, "holidays", "import", "~/休日.ics").returncode == 0
    made = run(home, "backup", "create")
    assert made.returncode == 0, made.stderr
    backup = next((home / "backups").glob("*.sqlite3"))
    shutil.copy(backup, user_home / "控え.sqlite3")
    restored = run(home, "backup", "restore", "~/控え.sqlite3")
    assert restored.returncode == 0, restored.stderr


# --- 3: a folder where a file is read -------------------------------------------------------------

_READERS = {
    "backup restore": (["backup", "restore"], "バックアップ", "backup"),
    "holidays import": (["holidays", "import"], "iCalendar", "iCalendar"),
    "import wbs": (["import", "wbs", "--project", "1", "--dry-run"], "ブック", "workbook"),
    "import hearing-sheet": (["import", "hearing-sheet", "--project", "1", "--dry-run"], "ブック", "workbook"),
    "project import": (["project", "import"], "プロジェクトファイル", "project file"),
}


@pytest.mark.parametrize("command", list(_READERS), ids=list(_READERS))
def test_a_folder_where_a_file_is_read_is_said_to_be_a_folder(home: Path, tmp_path: Path, command: str) -> None:
    argv, ja_word, en_word = _READERS[command]
    folder = tmp_path / "フォルダー.sqlite3"
    folder.mkdir()
    before = project_names(home)
    said_ja = run(home, *argv, str(folder))
    one_japanese_line(said_ja)
    assert str(folder) in said_ja.stderr and "はフォルダーです" in said_ja.stderr and ja_word in said_ja.stderr, said_ja.stderr
    said_en = one_english_line(run(home, *argv, str(folder), lang="en"))
    assert str(folder) in said_en and "is a folder" in said_en and en_word in said_en, said_en
    assert project_names(home) == before

"""breaker16n: the command line tried as a demanding Japanese user and team would, with the real
``python -m app`` in subprocesses (MLOPS_KICKOFF_HOME in a temporary folder): bad paths, bad
database URLs, backups, project files from a newer version, names that look alike.

Each test is a defect found, a strict xfail until it is fixed (the reason says what the user sees).
What held (kill mid-import, two processes importing at once, fake/empty/huge workbooks, truncated
and newer-schema project files, missing folders) is in the branch's report."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

REPO = Path(__file__).resolve().parents[1]
DB_NAME = "mlops-kickoff.sqlite3"
LONG = "長" * 90  # 270 bytes in UTF-8: over the 255 bytes one name may have (about 85 Japanese characters)
JAPANESE = re.compile(r"[ぁ-んァ-ヶ一-龥]")


def run(home: Path, *argv: str, cwd: Path | None = None, lang: str = "ja") -> subprocess.CompletedProcess[str]:
    """``mlops-kickoff --lang LANG ARGV`` in a fresh process whose data folder is ``home``."""
    env = {k: v for k, v in os.environ.items() if k != "MLOPS_KICKOFF_DB"}
    env |= {
        "MLOPS_KICKOFF_HOME": str(home),
        "MLOPS_KICKOFF_SETTINGS": str(home / "settings.ini"),
        "MLOPS_KICKOFF_LANG": lang,
        "PYTHONPATH": str(REPO),
        "QT_QPA_PLATFORM": "offscreen",
    }
    return subprocess.run(
        [sys.executable, "-m", "app", "--lang", lang, *argv],
        cwd=cwd or home, env=env, capture_output=True, text=True, timeout=120,
    )


def one_japanese_line(result: subprocess.CompletedProcess[str]) -> None:
    """A user error: exit 2, one line on stderr in Japanese, no traceback."""
    assert "Traceback" not in result.stderr, result.stderr[-600:]
    assert result.returncode == 2, (result.returncode, result.stderr[-600:])
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("mlops-kickoff: エラー: "), result.stderr


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder holding the Japanese demo project (id 1); tests that change it copy it first."""
    home = tmp_path_factory.mktemp("home16n")
    made = run(home, "demo", "--lang", "ja")
    assert made.returncode == 0, made.stderr
    return home


@pytest.fixture
def home(prepared: Path, tmp_path: Path) -> Path:
    """A copy of the prepared data folder, free to change."""
    copy = tmp_path / "data16n"
    shutil.copytree(prepared, copy)
    return copy


def project_names(home: Path) -> list[str]:
    with sqlite3.connect(home / DB_NAME) as conn:
        return sorted(name for (name,) in conn.execute("SELECT name FROM projects"))


# --- data loss: an export written over the database itself ------------------------------------


def test_project_export_over_the_open_database_is_refused_and_keeps_every_project(home: Path) -> None:
    run(home, "project", "new", "顧客B案件")
    before = project_names(home)
    result = run(home, "project", "export", "1", "--out", str(home / DB_NAME))
    one_japanese_line(result)
    assert project_names(home) == before


def test_an_export_report_over_the_open_database_is_refused(home: Path, tmp_path: Path) -> None:
    before = project_names(home)
    result = run(home, "export", "wbs", "--project", "1", "--out", str(tmp_path / "wbs.xlsx"),
                 "--report", str(home / DB_NAME))
    one_japanese_line(result)
    assert project_names(home) == before


# --- tracebacks: a file or folder name longer than the file system takes -----------------------

_LONG_COMMANDS = {
    "export wiki": ["export", "wiki", "--project", "1", "--out", LONG],
    "export scaffold": ["export", "scaffold", "--project", "1", "--out", LONG],
    "import wbs": ["import", "wbs", f"{LONG}.xlsx", "--project", "1", "--dry-run"],
    "import hearing-sheet": ["import", "hearing-sheet", f"{LONG}.xlsx", "--project", "1", "--dry-run"],
    "holidays import": ["holidays", "import", f"{LONG}.ics"],
    "backup restore": ["backup", "restore", f"{LONG}.sqlite3"],
    "templates validate": ["templates", "validate", f"{LONG}.yaml"],
    "--db": ["--db", f"{LONG}.sqlite3", "projects", "list"],
    "project copy --to": ["project", "copy", "1", "--to", f"{LONG}.sqlite3"],
}


@pytest.mark.parametrize("command", list(_LONG_COMMANDS), ids=list(_LONG_COMMANDS))
def test_a_name_longer_than_the_file_system_takes_is_one_japanese_line(prepared: Path, tmp_path: Path, command: str) -> None:
    argv = _LONG_COMMANDS[command]
    if argv[0] != "--db":
        argv = ["--db", str(prepared / DB_NAME), *argv]
    one_japanese_line(run(prepared, *argv, cwd=tmp_path))


# --- database URLs -----------------------------------------------------------------------------


def test_a_sqlite_url_in_a_missing_folder_says_the_folder_is_missing(prepared: Path, tmp_path: Path) -> None:
    result = run(prepared, "--db", f"sqlite:///{tmp_path / 'まだない' / 'x.db'}", "projects", "list")
    one_japanese_line(result)
    assert "読み取り専用" not in result.stderr and "ありません" in result.stderr


def test_a_sqlite_url_naming_a_folder_is_said_in_japanese(prepared: Path, tmp_path: Path) -> None:
    folder = tmp_path / "フォルダー"
    folder.mkdir()
    result = run(prepared, "--db", f"sqlite:///{folder}", "projects", "list")
    one_japanese_line(result)
    assert "Is a directory" not in result.stderr and "フォルダー" in result.stderr


def test_an_unreachable_team_server_is_said_in_japanese(prepared: Path) -> None:
    result = run(prepared, "--db", "postgresql+psycopg://kickoff@127.0.0.1:1/kickoff", "projects", "list")
    one_japanese_line(result)
    assert "refused" not in result.stderr.lower()


# --- backups -----------------------------------------------------------------------------------


def _backups(home: Path) -> list[Path]:
    return sorted((home / "backups").glob("*.sqlite3"))


def test_a_negative_number_of_backups_to_keep_is_refused_and_deletes_nothing(home: Path) -> None:
    assert run(home, "backup", "create").returncode == 0
    assert run(home, "backup", "create").returncode == 0
    before = _backups(home)
    assert len(before) == 2
    result = run(home, "backup", "create", "--keep", "-1")
    one_japanese_line(result)
    assert _backups(home) == before


def test_restoring_a_file_that_is_no_backup_is_said_in_japanese(prepared: Path, tmp_path: Path) -> None:
    not_a_backup = tmp_path / "案件.json"
    not_a_backup.write_text('{"format": "mlops-kickoff-project"}\n' * 200, encoding="utf-8")
    result = run(prepared, "backup", "restore", str(not_a_backup))
    one_japanese_line(result)
    assert "file is not a database" not in result.stderr


# --- projects by name --------------------------------------------------------------------------


def test_a_project_named_like_another_projects_id_never_gets_the_other_one_deleted(home: Path) -> None:
    made = run(home, "project", "new", "1")
    if made.returncode == 2:  # refusing a name that is an id is one fix
        return
    assert made.returncode == 0, made.stderr
    before = project_names(home)
    result = run(home, "project", "delete", "1", "--yes")
    one_japanese_line(result)  # ambiguous: which one? say so, delete nothing
    assert project_names(home) == before


def test_a_name_with_an_invisible_character_is_the_same_name(home: Path) -> None:
    assert run(home, "project", "new", "ゼロ幅").returncode == 0
    one_japanese_line(run(home, "project", "new", "ゼロ\u200b幅"))


# --- project files from a newer version --------------------------------------------------------


def test_a_part_of_a_newer_project_file_is_not_dropped_without_a_word(home: Path, tmp_path: Path) -> None:
    import json

    out = tmp_path / "案件.json"
    assert run(home, "project", "export", "1", "--out", str(out)).returncode == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    data["app_version"] = "9.0.0"
    data["parts"]["risks"] = [{"title": "データが届かない", "owner": "田中"}]
    out.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = run(home, "project", "import", str(out))
    assert "risks" in result.stderr, (result.returncode, result.stdout, result.stderr)


# --- Japanese output ---------------------------------------------------------------------------


def test_help_is_in_japanese_with_lang_ja(prepared: Path) -> None:
    result = run(prepared, "export", "wbs", "--help")
    assert result.returncode == 0
    assert "show this help message" not in result.stdout and JAPANESE.search(result.stdout), result.stdout


def test_the_network_drive_warning_is_all_japanese(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    import app.core.storage.db as db_module
    from app.main import main

    monkeypatch.setattr(db_module, "filesystem_type", lambda _path: "nfs")
    code = main(["--lang", "ja", "--db", str(tmp_path / "共有.sqlite3"), "projects", "list"])
    err = capsys.readouterr().err
    assert code == 0 and "ネットワークドライブ" in err
    assert "warning" not in err.replace(str(tmp_path), "").lower(), err  # (the folder pytest made is named after this test)


def test_the_hearing_sheet_preview_names_items_by_their_label_only(prepared: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "ヒアリングシート.xlsx"
    assert run(prepared, "export", "hearing-sheet", "--project", "1", "--out", str(sheet)).returncode == 0
    wb = openpyxl.load_workbook(sheet)
    ws = wb["ヒアリングシート"]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "hearing.basics.accuracy_avc")
    ws.cell(row, 7).value = "お客様の新しい回答"
    wb.save(sheet)
    result = run(prepared, "import", "hearing-sheet", str(sheet), "--project", "1", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "お客様の新しい回答" in result.stdout and "AVC" in result.stdout
    assert "hearing.basics" not in result.stdout, result.stdout


def test_earned_value_against_an_agreement_baseline_says_which_baseline_it_needs(home: Path, tmp_path: Path) -> None:
    assert run(home, "baseline", "create", "--project", "1", "--name", "中間").returncode == 0
    result = run(home, "export", "earned-value", "--project", "1", "--out", str(tmp_path / "ev.md"), "--baseline", "中間")
    one_japanese_line(result)
    assert "合意ベースライン" in result.stderr or "WBS" in result.stderr, result.stderr


def test_japanese_lists_on_the_command_line_use_the_japanese_separator(prepared: Path) -> None:
    listed = run(prepared, "resources", "list", "--project", "1")
    missing = run(prepared, "resources", "remove", "--project", "1", "--name", "存在しない人")
    assert listed.returncode == 0 and "2026/12/21" in listed.stdout
    one_japanese_line(missing)
    assert ", " not in listed.stdout and ", " not in missing.stderr, (listed.stdout, missing.stderr)

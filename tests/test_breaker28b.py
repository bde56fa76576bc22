"""breaker28b: this round's project-file value rules, names folded as seen, ``--db`` names and the hearing
sheet's text cells, tried with the real ``python -m app`` in subprocesses (MLOPS_KICKOFF_HOME in a temporary
folder, tests/test_breaker26c.py's ``run``) and the core where quicker.

Tried: ``export_file(library=...)`` then ``import_file`` of the demo with stored environment values of every
field kind (a choice or a multi choice no longer offered, a number as words, negative, 10**30, a float, a
bool; text, suggest and long-text values with blanks, integers, NUL; a storage location and a dataset the
rule refuses, a location of a data kind the form no longer has, a value of the other page's field), answers
of every kind (later/これから parts with choices no longer offered or words, system-planning numbers and
checks as words, table cells of each column kind: words, bools, out-of-range numbers, labels, dropped
choices and columns, 2,000 rows; items gone from the checklist); project files exported by HEAD~30 (both
demos) imported now. Names: NFC/NFD kana and accents, variation selectors after letters and kanji, the
combining grapheme joiner, Hangul choseong/jungseong fillers, ZWJ between symbols and inside family, skin
tone, hair and keycap emoji, flags with a stray tag after the cancel tag, ZWNJ in Persian; stored names
that now fold equal (Plan A / Plan<U+3164>A) opened, exported, renamed and duplicated by name. ``--db``:
sqlite URLs with percent-escapes and ~, a folder, a new folder path with a trailing slash, MLOPS_KICKOFF_DB.
The hearing sheet: exported, converted untouched by LibreOffice (0 changes), and typed into through
LibreOffice (UNO .uno:EnterString) with 5%, 1-2 and 0012 in text answers, notes and table text columns (kept).

Each test is a defect found, a strict xfail until it is fixed (the reason says what the user sees)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import unicodedata
from pathlib import Path

from app.projects import transfer
from tests.test_breaker26c import REPO, run


def names(home: Path) -> list[str]:
    listed = run(home, "projects", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    return [p["name"] for p in json.loads(listed.stdout)]


def created(home: Path, name: str) -> subprocess.CompletedProcess[str]:
    result = run(home, "project", "new", name)
    assert "Traceback" not in result.stderr, result.stderr[-800:]
    return result


# --- 1. project export / import: the environment's values ------------------------------------------


def test_a_location_of_a_data_kind_the_form_dropped_does_not_block_the_export(workspace, demo, db_path: Path,
                                                                             tmp_path: Path) -> None:
    """check_documents says unknown data kinds are left alone (nothing reads them), as unknown fields are;
    the Data platform & CI page shows only the form's kinds, so the user cannot correct such a row there."""
    workspace.close()
    with sqlite3.connect(db_path) as con:
        con.execute("UPDATE project_documents SET data = json_set(data, '$.locations.raw_v2', json(?)) "
                    "WHERE project_id = ? AND kind = 'data_platform'", (json.dumps({"path": "s3://old bucket"}), demo.id))
    from app.core.workspace import Workspace

    ws = Workspace.open(str(db_path), workspace.library)
    try:
        out = transfer.export_file(ws.db, demo.id, tmp_path / "mine.json", ws.library)
        new_id = transfer.import_file(ws.db, out, ws.library)
    finally:
        ws.close()
    with sqlite3.connect(db_path) as con:
        back = con.execute("SELECT json_extract(data, '$.locations.raw_v2.path') FROM project_documents "
                           "WHERE project_id = ? AND kind = 'data_platform'", (new_id,)).fetchone()
    assert back == ("s3://old bucket",)


# --- 2. names as they are seen -----------------------------------------------------------------------


def test_an_imported_name_in_nfd_is_numbered_beside_the_same_name(tmp_path: Path) -> None:
    home = tmp_path
    assert created(home, "データ").returncode == 0
    assert run(home, "project", "export", "1", "--out", "p.json").returncode == 0
    data = json.loads((home / "p.json").read_text(encoding="utf-8"))
    data["project"]["name"] = unicodedata.normalize("NFD", "データ")
    (home / "p.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert run(home, "project", "import", "p.json").returncode == 0
    assert sorted(unicodedata.normalize("NFC", name) for name in names(home)) == ["データ", "データ (2)"]


def test_a_name_of_a_hangul_choseong_filler_only_is_refused(tmp_path: Path) -> None:
    for blank in ("\u115f", "\u1160"):
        result = created(tmp_path, blank)
        assert result.returncode == 2, (blank, result.stdout)
    assert names(tmp_path) == []


def test_a_variation_selector_after_a_letter_does_not_make_another_name(tmp_path: Path) -> None:
    assert created(tmp_path, "Plan").returncode == 0
    assert created(tmp_path, "Other").returncode == 0
    renamed = run(tmp_path, "project", "rename", "2", "Plan\ufe0f")
    assert renamed.returncode == 2, renamed.stdout
    assert "すでにあります" in renamed.stderr


def test_a_zwj_between_symbols_that_form_no_emoji_is_not_another_name(tmp_path: Path) -> None:
    assert created(tmp_path, "★★").returncode == 0
    second = created(tmp_path, "★\u200d★")
    assert second.returncode == 2, second.stdout
    assert names(tmp_path) == ["★★"]


def test_a_tag_after_a_flags_cancel_tag_is_not_kept(tmp_path: Path) -> None:
    flag = "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f"
    assert created(tmp_path, f"{flag} Plan").returncode == 0
    second = created(tmp_path, f"{flag}\U000e0041 Plan")
    assert second.returncode == 2, second.stdout


def test_a_zwnj_that_changes_how_a_word_is_written_is_kept(tmp_path: Path) -> None:
    name = "می\u200cخواهم"
    assert created(tmp_path, name).returncode == 0
    assert names(tmp_path) == [name]


# --- 3. --db names -----------------------------------------------------------------------------------


def run_env(home: Path, *argv: str, db: str) -> subprocess.CompletedProcess[str]:
    """``run`` with MLOPS_KICKOFF_DB set."""
    env = dict(os.environ) | {"MLOPS_KICKOFF_HOME": str(home), "MLOPS_KICKOFF_SETTINGS": str(home / "settings.ini"),
                              "MLOPS_KICKOFF_LANG": "ja", "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen",
                              "MLOPS_KICKOFF_DB": db}
    return subprocess.run([sys.executable, "-m", "app", "--lang", "ja", *argv], cwd=home, env=env,
                          capture_output=True, text=True, timeout=120)


def escaped_files(home: Path) -> list[str]:
    return [p.name for p in home.iterdir() if not p.name.isprintable()]


def test_a_percent_escaped_control_in_a_sqlite_url_is_refused(tmp_path: Path) -> None:
    result = run(tmp_path, "--db", "sqlite:///plan%1bx.db", "projects", "list")
    assert result.returncode == 2, result.stdout
    assert escaped_files(tmp_path) == []


def test_mlops_kickoff_db_naming_a_new_file_with_esc_is_refused(tmp_path: Path) -> None:
    result = run_env(tmp_path, "projects", "list", db=str(tmp_path / "plan\x1bx.db"))
    assert result.returncode == 2, result.stdout
    assert escaped_files(tmp_path) == []


def test_a_db_path_ending_in_a_slash_never_becomes_a_file(tmp_path: Path) -> None:
    result = run(tmp_path, "--db", "newdir/", "projects", "list")
    assert result.returncode == 2, result.stdout
    assert not (tmp_path / "newdir").is_file()

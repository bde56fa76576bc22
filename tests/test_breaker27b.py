"""breaker27b: this round's CLI escaping, project files that must come back, migration 0008 and the
hearing sheet's numbers as Excel showed them, tried with the real ``python -m app`` in subprocesses
(MLOPS_KICKOFF_HOME in a temporary folder, as tests/test_breaker26c.py).

Tried: the import previews (``import wbs``, ``import hearing-sheet``) with a sheet's task title or answer
holding U+202E and a stored project name holding ESC; output names (--out, --report, --db) of control,
zero-width, tag, ZWJ, NBSP, Hangul-filler and braille-blank characters; usage errors and --size with ESC;
``projects list`` and ``--json`` with stored C1, DEL, U+2028, RLO, ZWJ and tag characters; export then
import of a project whose stored answers or environment values the import's field rules refuse (a choice
no longer offered, a text in a date item, a repo name); numbered copies "name (n)" at 200 characters;
a 0007 database with both demos opened by the app (backup, rows), by three processes at once, killed
with SIGKILL at eight moments, and immutable (chattr +i); the hearing sheet's shown_number with NaN,
infinities, negative zero, 500 decimals, 60 percent signs, 10,000-character formats, nested brackets,
conditions and dates at 9999-12-31; an untouched exported sheet (ja, en, formula-like and numeric-like
texts in tables) read back.

Each test is a defect found, a strict xfail until it is fixed (the reason says what the user sees)."""

from __future__ import annotations

import json
import shutil
import sqlite3
import zipfile
from pathlib import Path

import openpyxl
import pytest

from app.core.files.visible_text import printable_name
from tests.test_breaker26c import DB_NAME, one_japanese_line, run

RLO = "\u202e"


def sql(home: Path, statement: str, *params: object) -> None:
    with sqlite3.connect(home / DB_NAME) as con:
        con.execute(statement, params)


def raw_lines(result) -> list[str]:
    """The printed lines a terminal would not show as they are (a control, RLO, a stray ZWJ...)."""
    assert "Traceback" not in result.stderr, result.stderr[-800:]
    return [line for line in (result.stdout + result.stderr).splitlines() if printable_name(line) != line or "\u200d" in line]


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Japanese demo (id 1) with its project file, WBS workbook and hearing sheet."""
    home = tmp_path_factory.mktemp("home27b")
    assert run(home, "demo", "--lang", "ja").returncode == 0
    for argv in (("project", "export", "1", "--out", "demo.json"),
                 ("export", "wbs", "--project", "1", "--out", "wbs.xlsx"),
                 ("export", "hearing-sheet", "--project", "1", "--out", "sheet.xlsx")):
        made = run(home, *argv)
        assert made.returncode == 0, made.stderr
    return home


@pytest.fixture
def home(prepared: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "data27b"
    shutil.copytree(prepared, copy)
    return copy


def edited_sheet(home: Path, source: str, name: str, change) -> str:
    wb = openpyxl.load_workbook(home / source)
    change(wb)
    wb.save(home / name)
    return name


# --- 1. what the command line prints, and the names it writes ---------------------------------------


def test_wbs_import_preview_escapes_the_sheet_and_the_stored_name(home: Path) -> None:
    sql(home, "UPDATE projects SET name = ? WHERE id = 1", "Plan\x1b[31mRED")

    def retitle(wb) -> None:
        wb["WBS"]["B3"] = f"背景{RLO}txt.exe"

    sheet = edited_sheet(home, "wbs.xlsx", "wbs-rlo.xlsx", retitle)
    result = run(home, "import", "wbs", sheet, "--project", "1", "--dry-run")
    assert result.returncode == 0, result.stderr[-800:]
    assert not raw_lines(result), raw_lines(result)


def test_hearing_import_preview_escapes_the_answers(home: Path) -> None:
    def answer(wb) -> None:
        wb.worksheets[0]["G10"] = f"精度{RLO}evil"  # AVC, a text item with no answer yet

    sheet = edited_sheet(home, "sheet.xlsx", "sheet-rlo.xlsx", answer)
    result = run(home, "import", "hearing-sheet", sheet, "--project", "1", "--dry-run")
    assert result.returncode == 0, result.stderr[-800:]
    assert not raw_lines(result), raw_lines(result)


def test_an_output_name_of_a_stray_zwj_is_refused(home: Path) -> None:
    line = one_japanese_line(run(home, "project", "export", "1", "--out", "\u200d.json"))
    assert "--out" in line
    assert not (home / "\u200d.json").exists()


def test_a_stored_stray_zwj_is_listed_escaped(home: Path) -> None:
    sql(home, "UPDATE projects SET name = ? WHERE id = 1", "E\u200dF\U000e0041")
    result = run(home, "projects", "list")
    assert result.returncode == 0, result.stderr[-800:]
    assert "\u200d" not in result.stdout and "\U000e0041" not in result.stdout, repr(result.stdout)


def test_a_new_database_named_with_escape_is_refused(home: Path) -> None:
    target = home / "n\x1b[31m.sqlite3"
    result = run(home, "--db", str(target), "project", "new", "X")
    assert not target.exists()
    one_japanese_line(result)


# --- 2. what project export writes comes back ----------------------------------------------------------


def _choice_no_longer_offered(home: Path) -> None:
    # a ticked option the checklist no longer offers (as after the user's own checklist dropped it)
    sql(home, "UPDATE answers SET value = ? WHERE project_id = 1 AND item_id = 'hearing.prereq.env_platform'",
        json.dumps(["aws", "sakura"]))


def _text_in_a_date_item(home: Path) -> None:
    # words saved before the checklist made the item a date
    sql(home, "UPDATE answers SET value = ? WHERE project_id = 1 AND item_id = 'hearing.basics.poc_start'",
        json.dumps("来月頃"))


def _environment_value(home: Path) -> None:
    # a repository name stored before the page's rule (the project file's import checks it)
    sql(home, "UPDATE project_documents SET data = json_set(data, '$.values.repo_name', 'my repo/..') "
              "WHERE project_id = 1 AND kind = 'environment'")


@pytest.mark.parametrize("damage", [_choice_no_longer_offered, _text_in_a_date_item, _environment_value])
def test_what_export_writes_is_taken_by_import(home: Path, damage) -> None:
    damage(home)
    exported = run(home, "project", "export", "1", "--out", "mine.json")
    assert "Traceback" not in exported.stderr, exported.stderr[-800:]
    if exported.returncode == 0:  # written: the user's copy must come back
        imported = run(home, "project", "import", "mine.json")
        assert imported.returncode == 0, imported.stderr[-800:]
    else:  # or refused before anything is written, in one line (either fix keeps the user's data)
        one_japanese_line(exported)


# --- 4. the hearing sheet's numbers as Excel showed them --------------------------------------------------


def _many_decimals(wb) -> None:
    cell = wb.worksheets[0]["G10"]
    cell.value, cell.number_format = 1.5, "0." + "0" * 500


def _many_percents(wb) -> None:
    cell = wb["作業内容と役割分担"]["B2"]
    cell.value, cell.number_format = 1e300, "0" + "%" * 60


def _infinity(home: Path) -> str:
    """A text answer cell holding 1E999 (openpyxl reads it as inf) shown with format 0.0."""
    def number(wb) -> None:
        cell = wb.worksheets[0]["G10"]
        cell.value, cell.number_format = 1.25, "0.0"

    edited_sheet(home, "sheet.xlsx", "plain.xlsx", number)
    with zipfile.ZipFile(home / "plain.xlsx") as zin, zipfile.ZipFile(home / "inf.xlsx", "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<v>1.25</v>", b"<v>1E999</v>")
            zout.writestr(info, data)
    return "inf.xlsx"


@pytest.mark.parametrize("hostile", ["decimals", "percents", "infinity"])
def test_a_hostile_number_format_is_no_traceback(home: Path, hostile: str) -> None:
    changes = {"decimals": _many_decimals, "percents": _many_percents}
    sheet = _infinity(home) if hostile == "infinity" else edited_sheet(home, "sheet.xlsx", f"{hostile}.xlsx", changes[hostile])
    result = run(home, "import", "hearing-sheet", sheet, "--project", "1", "--dry-run")
    assert "Traceback" not in result.stderr, result.stderr[-600:]
    if result.returncode != 0:
        one_japanese_line(result)

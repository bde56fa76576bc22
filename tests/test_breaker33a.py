"""breaker33a: this round's changes tried as a demanding Japanese MLOps consultant would: Excel files read
back (the WBS and the hearing sheet, untouched, re-saved by LibreOffice, edited in LibreOffice), typed
numbers now read strictly, WBS ids, paths with invisible characters, the Environment pages over a
language switch and the Review page's columns.

Each test is a defect found, a strict xfail until it is fixed (the reason says what the user sees and
where the cause probably is).

Tried: the Excel WBS with a note holding _x000D_, _x005F_, _xD83D_, lower-case _x000d_/_x001b_, a real
CR LF and LF, decomposed kana with combining marks (か\u3099), a ZWJ emoji family, RLO, a tab, spaces
around the text: read untouched, re-saved untouched by LibreOffice (soffice --convert-to xlsx), and edited
in LibreOffice (its flat XML edited, then saved by it as xlsx); a hearing text answer holding _x000D_
read back untouched; typed numbers ",5", "1 5", "1　5", "1\u00a05", "1 ,5", "0,5", "1,000万", "1,5万",
"1万2,000", "１２，０００" in hearing answers and WBS estimates; a hearing sheet whose number answer
reads "1,5"; the Environment pages' number box and a field with a refused draft over a switch.
Held: every WBS note above untouched, re-saved by LibreOffice and edited in LibreOffice (except the one
recorded); "1,5" in a hearing sheet is refused naming the sheet, the cell (G22) and the item
(利用者数(DS)); "0,5", "1,5万", "5," are refused; "1,000万" and "1万2,000" read as amounts; a refused
repository name stays in its field as typed over a switch. Not tried for lack of time: migration 0009
on an old database, two windows deleting/re-adding WBS tasks with levelling, paths with NUL/RLO in
Copy Project To…, the Review page's columns at 1366x768.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from app.core.errors import UserError
from app.hearing.answers import AnswerService
from app.hearing.sheet import export_hearing_sheet
from app.hearing.sheet_import import read_plan as read_sheet
from app.wbs.files.sheet_import import apply_plan, read_plan
from app.wbs.files.xlsx import export_wbs_xlsx
from app.wbs.service import WbsService
from tests import office

SOFFICE = shutil.which("soffice")
needs_libreoffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")


def soffice(path: Path, fmt: str, outdir: Path, profile: Path) -> Path:
    """``soffice --headless --convert-to FMT``: LibreOffice reads the file and writes it again (its process group
    killed when stuck: tests/office.py)."""
    outdir.mkdir(exist_ok=True)
    office.soffice(["--convert-to", fmt, "--outdir", str(outdir), str(path)], profile=profile, timeout=120)
    return outdir / f"{path.stem}.{fmt}"


def edit_in_libreoffice(path: Path, shown: str, typed: str, tmp: Path) -> Path:
    """The workbook opened in LibreOffice, the first cell showing ``shown`` changed to ``typed`` and saved
    as xlsx: LibreOffice's flat XML (text as it shows it, no xlsx escapes) edited, then written by it."""
    flat = soffice(path, "fods", tmp / "fods", tmp / "lo-profile")
    xml = flat.read_text(encoding="utf-8")
    old = f">{escape(shown)}<"
    assert old in xml, f"LibreOffice shows no cell {shown!r}"
    flat.write_text(xml.replace(old, f">{escape(typed)}<", 1), encoding="utf-8")
    return soffice(flat, "xlsx", tmp / "saved", tmp / "lo-profile")


def leaf(workspace, project_id: int):
    return next(t for t in WbsService(workspace.db).tasks(project_id) if t.parent_id is not None)


# --- Excel files read back ----------------------------------------------------------------------------


SPEC_NOTE = "_x005F_x000D_"  # how the xlsx format writes the text _x000D_: a note about the format itself


@needs_libreoffice
def test_a_note_about_the_xlsx_format_edited_in_libreoffice_is_read_as_typed(workspace, demo, tmp_path: Path) -> None:
    """The note ``_x005F_x000D_`` shows in LibreOffice as typed (XlsxWriter's escaping missed the second
    of two overlapping escapes: fixed in app/core/files/xlsx_writer.py). LibreOffice's own writer then
    saves that text as ``_x005F_x000D_``, which the file format (and LibreOffice reading it again) reads
    as ``_x000D_``: a loss in LibreOffice, not here, so the round trip through it is tried with the
    text ``_x000D_``, which it writes escaped."""
    service = WbsService(workspace.db)
    task = leaf(workspace, demo.id)
    service.update(demo.id, [task.id], notes=SPEC_NOTE)
    out = export_wbs_xlsx(workspace, demo.id, tmp_path / "wbs.xlsx", "ja")
    flat = soffice(out, "fods", tmp_path / "shown", tmp_path / "lo-profile")
    assert f">{escape(SPEC_NOTE)}<" in flat.read_text(encoding="utf-8")  # LibreOffice shows it as typed
    note = "_x000D_ は改行"
    service.update(demo.id, [task.id], notes=note)
    out = export_wbs_xlsx(workspace, demo.id, tmp_path / "wbs2.xlsx", "ja")
    saved = edit_in_libreoffice(out, note, "【済】" + note, tmp_path)
    plan = read_plan(workspace, demo.id, saved)
    assert plan.conflicts == [], plan.describe("ja")
    apply_plan(workspace, plan)
    assert service.tree(demo.id).tasks[task.id].notes == "【済】" + note


BACKGROUND = "hearing.basics.background"  # 背景・課題, a text answer


def test_an_untouched_hearing_sheet_keeps_an_answer_holding_x000d(workspace, demo, tmp_path: Path) -> None:
    answers = AnswerService(workspace.db, workspace.library)
    answers.update(demo.id, BACKGROUND, value="xlsx では改行が _x000D_ と書かれる。_x005F_x000D_ は _x000D_ の意味")
    out = export_hearing_sheet(workspace, demo.id, tmp_path / "sheet.xlsx", "ja")
    changes = [c for c in read_sheet(workspace, demo.id, out).changes if c.item_id == BACKGROUND]
    assert changes == []


# --- typed numbers ------------------------------------------------------------------------------------


USERS = "hearing.prereq.users_ds"  # 利用者数(DS), a number answer


def test_a_comma_typed_for_the_decimal_point_before_the_digits_is_refused(workspace, demo) -> None:
    answers = AnswerService(workspace.db, workspace.library)
    with pytest.raises(UserError):
        answers.update(demo.id, USERS, value=",5")
    task = leaf(workspace, demo.id)
    with pytest.raises(UserError):
        WbsService(workspace.db).update(demo.id, [task.id], estimate_days=",5人日")


def test_a_space_that_separates_no_thousands_is_refused(workspace, demo) -> None:
    answers = AnswerService(workspace.db, workspace.library)
    for typed in ("1　5", "1 5", "12 34"):
        with pytest.raises(UserError):
            answers.update(demo.id, USERS, value=typed)


# --- the Environment pages over a window-language switch ------------------------------------------------


def switch_language(window, lang: str) -> None:
    from tests.gui_helpers import settle

    settle(window)
    window.set_ui_lang(lang)
    settle(window)


def test_a_number_box_keeps_the_keyboard_and_the_number_over_a_switch(japanese_window, qtbot) -> None:
    from PySide6.QtWidgets import QAbstractSpinBox

    from tests.gui_helpers import environment_page

    window = japanese_window
    page = environment_page(window, qtbot, "data-ci")
    box = page.findChild(QAbstractSpinBox, "field_deletion_days")
    box.setFocus()
    box.selectAll()
    qtbot.keyClicks(box, "45")
    assert box.hasFocus()
    switch_language(window, "en")
    box = window.page("data-ci").findChild(QAbstractSpinBox, "field_deletion_days")
    assert box.hasFocus()
    qtbot.keyClicks(box, "0")  # the user goes on typing: 450
    assert box.text() == "450"


def test_a_field_with_a_refused_draft_keeps_the_keyboard_over_a_switch(japanese_window, qtbot) -> None:
    from PySide6.QtWidgets import QLineEdit

    from tests.gui_helpers import environment_page

    window = japanese_window
    page = environment_page(window, qtbot, "experiment")
    box = page.findChild(QLineEdit, "field_repo_name")
    box.setFocus()
    box.selectAll()
    qtbot.keyClicks(box, "Retail-Search")
    switch_language(window, "en")
    box = window.page("experiment").findChild(QLineEdit, "field_repo_name")
    assert box.text() == "Retail-Search"
    assert box.hasFocus() and box.cursorPosition() == len("Retail-Search")

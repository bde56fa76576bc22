"""The hearing sheet read back: what the customer wrote is read as they meant it, or said, never
dropped or guessed (a check item answered in words, a correction typed over 現在の回答, words on a
row whose ID was cleared, the app's rows a table conflict would remove, a project deleted meanwhile)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from app.core.errors import NotFoundError, RefusedImportError
from app.core.projects import ProjectService
from app.hearing.answers import AnswerService
from app.hearing.sheet import COL, export_hearing_sheet
from app.hearing.sheet_cells import check_answer
from app.hearing.sheet_import import apply_plan, read_plan

ETHICS = "hearing.prereq.ethics"
FRAMEWORKS = "hearing.prereq.frameworks"


def _filled(workspace, demo, tmp_path: Path, cells: dict[tuple[str, str], object], lang: str = "ja") -> Path:
    wb = openpyxl.load_workbook(export_hearing_sheet(workspace, demo.id, tmp_path / "hearing.xlsx", lang))
    ws = wb.worksheets[0]
    rows = {ws.cell(row=r, column=COL["id"]).value: r for r in range(2, ws.max_row + 1)}
    for (item_id, column), value in cells.items():
        ws.cell(row=rows[item_id], column=COL[column]).value = value
    wb.save(tmp_path / "filled.xlsx")
    return tmp_path / "filled.xlsx"


@pytest.mark.parametrize(
    ("typed", "checked"),
    [("該当なし", False), ("なし", False), ("特になし。", False), ("なし(今後検討)", False), ("問題はありません", False),
     ("いいえ", False), ("No", False), ("N/A", False), ("none", False), ("✗", False), ("☐", False), (False, False), (0, False),
     ("はい", True), ("あり:性別による偏り", True), ("性別による偏りの可能性", True), ("☑ 偏りあり", True), (True, True), (1, True)],
)
def test_a_check_item_answered_in_words_reads_yes_or_no(library, typed, checked) -> None:
    answer = check_answer(library.item(ETHICS), typed, "ja")
    assert answer["checked"] is checked
    assert answer["text"].strip() or checked  # a no is an answer: its words (or いいえ) are kept


@pytest.mark.parametrize("typed", ["不明", "未定", "検討中", "?", "-", "△", "TBD", 2, "検証手段なし", "No data on minorities"])
def test_a_check_item_answer_that_says_neither_is_refused_naming_the_cell_and_item(workspace, demo, tmp_path, typed) -> None:
    filled = _filled(workspace, demo, tmp_path, {(ETHICS, "answer"): typed})
    with pytest.raises(RefusedImportError) as caught:
        read_plan(workspace, demo.id, filled)
    text = caught.value.text("ja")
    assert "倫理上の問題" in text and "!G" in text and "何も取り込んでいません" in text, text


def test_a_no_is_imported_unticked_with_the_customers_words(workspace, demo, tmp_path) -> None:
    filled = _filled(workspace, demo, tmp_path, {(ETHICS, "answer"): "該当なし", (ETHICS, "answer_later"): False})
    plan = read_plan(workspace, demo.id, filled)
    apply_plan(workspace, plan)
    answer = AnswerService(workspace.db, workspace.library).answer(demo.id, ETHICS)
    assert answer.value == {"checked": False, "text": "該当なし"}
    assert answer.later == {"checked": False, "text": "いいえ"}


def test_a_correction_over_the_current_answer_is_imported_and_said(workspace, demo, tmp_path) -> None:
    filled = _filled(workspace, demo, tmp_path, {(FRAMEWORKS, "current"): "TensorFlow"})
    plan = read_plan(workspace, demo.id, filled)
    [change] = [c for c in plan.changes if c.item_id == FRAMEWORKS]
    assert (change.field, change.incoming, change.conflict) == ("value", "TensorFlow", False)
    notices = "\n".join(plan.notices("ja"))
    assert "フレームワーク" in notices and "現在の回答" in notices
    apply_plan(workspace, plan)
    assert AnswerService(workspace.db, workspace.library).answer(demo.id, FRAMEWORKS).value == "TensorFlow"


def test_a_correction_over_the_current_answer_next_to_an_answer_is_said_not_read(workspace, demo, tmp_path) -> None:
    filled = _filled(workspace, demo, tmp_path, {(FRAMEWORKS, "current"): "TensorFlow", (FRAMEWORKS, "answer"): "JAX"})
    plan = read_plan(workspace, demo.id, filled)
    assert [c.incoming for c in plan.changes if c.item_id == FRAMEWORKS] == ["JAX"]
    assert any("TensorFlow" in line and "取り込みません" in line for line in plan.notices("ja")), plan.notices("ja")


def test_a_sheet_left_as_it_was_says_nothing(workspace, demo, tmp_path) -> None:
    plan = read_plan(workspace, demo.id, export_hearing_sheet(workspace, demo.id, tmp_path / "hearing.xlsx", "en"))
    assert plan.changes == [] and plan.notices("en") == []


def test_a_current_answer_changed_in_the_app_since_is_no_correction(workspace, demo, tmp_path) -> None:
    sent = export_hearing_sheet(workspace, demo.id, tmp_path / "hearing.xlsx", "ja")
    AnswerService(workspace.db, workspace.library).update(demo.id, FRAMEWORKS, value="JAX")
    plan = read_plan(workspace, demo.id, sent)
    assert plan.changes == [] and plan.notices("ja") == []


def test_words_on_a_row_whose_id_was_cleared_are_said(workspace, demo, tmp_path) -> None:
    filled = _filled(workspace, demo, tmp_path, {(FRAMEWORKS, "answer"): "TensorFlow", (FRAMEWORKS, "id"): None})
    plan = read_plan(workspace, demo.id, filled)
    [line] = [line for line in plan.notices("ja") if "TensorFlow" in line]
    assert "フレームワーク" in line and "ID" in line
    assert "TensorFlow" in "\n".join(plan.notices("en"))


def test_a_hearing_sheet_applied_after_the_project_was_deleted_is_refused(workspace, demo, tmp_path) -> None:
    plan = read_plan(workspace, demo.id, _filled(workspace, demo, tmp_path, {(FRAMEWORKS, "answer"): "JAX"}))
    ProjectService(workspace.db).delete(demo.id)
    with pytest.raises(NotFoundError):
        apply_plan(workspace, plan)


def test_the_window_says_words_it_did_not_read_when_the_sheet_brings_no_change(qtbot, db_path, said, monkeypatch, tmp_path) -> None:
    from app.ui import messages
    from tests.gui_helpers import close_window, make_window, settle

    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        state = window.state
        wb = openpyxl.load_workbook(export_hearing_sheet(state.workspace, state.project_id, tmp_path / "hearing.xlsx", "ja"))
        ws = wb.worksheets[0]
        row = next(r for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=COL["id"]).value == FRAMEWORKS)
        ws.cell(row=row, column=COL["id"]).value = None
        ws.cell(row=row, column=COL["answer"]).value = "TensorFlow"
        wb.save(tmp_path / "filled.xlsx")
        monkeypatch.setattr(messages, "open_file", lambda *_a, **_k: str(tmp_path / "filled.xlsx"))
        window.page("hearing").import_sheet()
        qtbot.waitUntil(lambda: bool(said), timeout=10_000)
        settle(window)
        assert any("TensorFlow" in text and "フレームワーク" in text for text in said), said
    finally:
        close_window(window)

"""Fixes of break-it 54a's dates (tests/test_breaker54a.py): what the WBS date cell takes on the way to an era date
or with a weekday, and that every date box of the app is the one that reads full-width digits."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.ui.wbs.columns import INDEX, header
from tests.test_breaker54a import a_leaf, commit, edit_cell, ja_page, open_date_editor  # noqa: F401  (a fixture)

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    "pieces",
    [
        ("令", "和"), ("令和", "8"), ("令和", "元", "年"), ("平成", "31", "年", "4", "月"), ("R", "8", ".", "12"),
        ("r", "8", "/", "12", "/", "24"), ("H", "31", "-", "4"), ("2026", "/", "12", "/", "24", "(", "木", ")"),
        ("2026", "-", "12", "-", "24", " ", "(", "T", "h", "u", ")"), ("2026", "/", "12", "/", "24", "（", "木", "曜", "日", "）"),
    ],
)
def test_each_piece_on_the_way_to_a_date_the_app_reads_stays_in_the_wbs_date_cell(ja_page, qtbot, said, pieces) -> None:  # noqa: F811
    _task, editor = open_date_editor(ja_page, "start")
    editor.selectAll()
    qtbot.keyClick(editor, Qt.Key.Key_Delete)
    for piece in pieces:
        commit(editor, piece)
    assert editor.text() == "".join(pieces)


@pytest.mark.parametrize("piece", ["x", "令和x", "R8x", "2026/12/24(x", "2026/12/24(木)x", "平和"])
def test_a_key_that_can_never_make_a_date_is_still_refused_by_the_wbs_date_cell(ja_page, qtbot, said, piece) -> None:  # noqa: F811
    _task, editor = open_date_editor(ja_page, "start")
    editor.selectAll()
    qtbot.keyClick(editor, Qt.Key.Key_Delete)
    commit(editor, piece)
    assert editor.text() == ""


@pytest.mark.parametrize("typed", ["令和", "R8.12", "8年12月24日", "2026/12/05(月)", "2026-12-05 (Mon)", "令和8年12月24日(月)"])
def test_a_date_on_its_way_or_with_the_wrong_weekday_is_refused_in_words_and_kept(ja_page, qtbot, said, typed) -> None:  # noqa: F811
    page = ja_page
    task = a_leaf(page)
    pid = page.state.project_id
    steps = page.state.undo_stack.count()
    edit_cell(page, qtbot, task, "start", typed)
    assert page.service.tree(pid).tasks[task.id] == task and page.state.undo_stack.count() == steps
    assert len(said) == 1 and header("start") in said[0] and typed in said[0], said
    index = page.model.index_of(task.id, INDEX["start"])
    assert index.data(Qt.ItemDataRole.DisplayRole) == typed  # kept as typed, to be corrected


def test_every_date_box_of_the_app_is_the_one_that_reads_full_width_digits() -> None:
    """A QDateEdit made anywhere but app/ui/widgets/date_box.py would drop 「３０」 typed with the IME on."""
    made = {
        str(path.relative_to(ROOT))
        for path in (ROOT / "app").rglob("*.py")
        if path.name != "date_box.py" and re.search(r"\bQDate(Time)?Edit\(", path.read_text(encoding="utf-8"))
    }
    assert made == set()

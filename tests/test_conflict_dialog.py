"""Two people typed the same answer: the second save shows both texts and who saved the other one,
and the user keeps theirs, uses mine, or saves a merge; the choice is one undo step (issue 18)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel, QPlainTextEdit

import app.ui.window.conflict_dialog as conflict_dialog
from app.ui.window.conflict_dialog import ConflictDialog, merge_text
from tests.conftest import answer_conflict
from tests.gui_helpers import close_window, make_window
from tests.test_nothing_lost_gui import BACKGROUND, open_item, stored, type_answer


def test_merge_text_starts_from_the_side_that_changed_and_keeps_both_sides_lines() -> None:
    assert merge_text("base", "base", "mine") == "mine"
    assert merge_text("base", "theirs", "base") == "theirs"
    assert merge_text("共通\n", "共通\n相手の行", "共通\n自分の行") == "共通\n相手の行\n自分の行"
    assert merge_text(None, None, "自分だけ") == "自分だけ"


def test_a_coded_value_is_one_side_or_the_other_never_a_merge_of_two_texts(qtbot) -> None:
    """A status or a role clashing: Keep theirs or Use mine, no Merge (its stored ids are no text to merge)."""
    from app.ui.window.conflict_dialog import Clash

    coded = ConflictDialog("“A”", [Clash("priority", "Priority", "must", "could", "should", show=str.upper, coded=True)])
    text = ConflictDialog("“A”", [Clash("notes", "Notes", "theirs", "mine", "")])
    try:
        assert not coded.merge_button.isEnabled() and coded.merge_edits == {}
        assert coded.findChild(QPlainTextEdit, "conflictTheirs_priority").toPlainText() == "MUST"
        assert text.merge_button.isEnabled()
    finally:
        coded.deleteLater()
        text.deleteLater()


def _conflict(qtbot, db_path, monkeypatch, choice: str, merged: dict | None = None):
    seen: list[ConflictDialog] = []
    answer = answer_conflict(choice, merged)

    def record(dialog: ConflictDialog) -> int:
        seen.append(dialog)
        return answer(dialog)

    monkeypatch.setattr(conflict_dialog, "ask_conflict", record)
    a = make_window(qtbot, db_path, global_lang="ja")
    b = make_window(qtbot, db_path, global_lang="ja")
    b.state.workspace.author = "佐藤 花子"
    editor = open_item(a, qtbot, BACKGROUND)
    field = editor.editors["value"].edit
    field.selectAll()
    field.insertPlainText("Aの最初の文")
    assert editor.flush()
    type_answer(b, qtbot, BACKGROUND, "Bが書いた文")
    field.selectAll()
    field.insertPlainText("Aの書き直し")
    assert editor.flush()
    return a, b, editor, seen


@pytest.mark.parametrize(
    ("choice", "expected"),
    [("theirs", "Bが書いた文"), ("mine", "Aの書き直し"), ("merged", "Bが書いた文\nAの書き直し(結合)")],
)
def test_each_choice_is_saved_as_one_undo_step(qtbot, db_path, monkeypatch, choice, expected) -> None:
    a, b, editor, seen = _conflict(qtbot, db_path, monkeypatch, choice, {"value": "Bが書いた文\nAの書き直し(結合)"})
    try:
        assert len(seen) == 1
        dialog = seen[0]
        # both texts side by side, and who saved the other one, in Japanese
        assert dialog.findChild(QPlainTextEdit, "conflictTheirs_value").toPlainText() == "Bが書いた文"
        assert dialog.findChild(QPlainTextEdit, "conflictMine_value").toPlainText() == "Aの書き直し"
        intro = dialog.findChild(QLabel, "conflictIntro").text()
        assert "佐藤 花子" in intro and "背景" in intro
        assert stored(a, BACKGROUND).value == expected
        if choice != "theirs":
            a.undo_action.trigger()  # one step takes the choice back to what the other saved
            assert stored(a, BACKGROUND).value == "Bが書いた文"
        else:
            assert editor.editors["value"].edit.toPlainText() == "Bが書いた文"  # the page shows what stays
    finally:
        close_window(b)
        close_window(a)


@pytest.fixture
def two_windows(qtbot, db_path, monkeypatch):
    """Two Japanese windows on one database and the conflict dialogs they open, each answered with
    the merge of ``merged_text`` (set by the test): (a, b, seen, set_merge)."""
    seen: list[ConflictDialog] = []
    merge: dict[str, str] = {"text": ""}

    def answer(dialog: ConflictDialog) -> int:
        seen.append(dialog)
        return answer_conflict("merged", {key: merge["text"] for key in dialog.merge_edits})(dialog)

    monkeypatch.setattr(conflict_dialog, "ask_conflict", answer)
    a = make_window(qtbot, db_path, global_lang="ja")
    b = make_window(qtbot, db_path, global_lang="ja")
    yield a, b, seen, lambda text: merge.update(text=text)
    close_window(b)
    close_window(a)


def test_a_proposal_section_typed_in_two_windows_can_be_merged(qtbot, two_windows) -> None:
    """Window B saves a section; A, not refreshed yet, types in the same one: A sees both texts and
    saves the merge; one undo step takes it back to B's text."""
    from app.proposal.service import ProposalService

    a, b, seen, merge_with = two_windows
    merge_with("Bの文。Aの追記。")
    for window in (a, b):
        window.show_page("proposal")
    page_a, page_b = a.page("proposal"), b.page("proposal")
    qtbot.waitUntil(lambda: page_a.inputs is not None and page_b.inputs is not None, timeout=10000)
    section = next(iter(page_a.sections.editors))
    edit_b = page_b.sections.editor(section).edit
    edit_b.selectAll()
    edit_b.insertPlainText("Bの文。")
    edit_a = page_a.sections.editor(section).edit  # A has not polled yet (under a second)
    edit_a.selectAll()
    edit_a.insertPlainText("Aの追記。")
    assert len(seen) == 1
    assert seen[0].findChild(QPlainTextEdit, f"conflictTheirs_texts.{section}.{page_a.lang}").toPlainText() == "Bの文。"
    stored = lambda: ProposalService(a.state.documents).load(a.state.project_id).texts[section][page_a.lang]  # noqa: E731
    assert stored() == "Bの文。Aの追記。"
    a.undo_action.trigger()
    assert stored() == "Bの文。"


def test_a_wbs_cell_typed_in_two_windows_can_be_merged(qtbot, two_windows) -> None:
    """B saves a task's completion condition; A, not refreshed yet, types in the same cell: A sees
    B's text beside its own and saves the merge as one undo step."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLineEdit

    from tests.test_breaker_nothing_lost import wbs_view_index

    a, b, seen, merge_with = two_windows
    merge_with("Bの条件。Aの条件。")
    for window in (a, b):
        window.show_page("wbs")
    page_a, page_b = a.page("wbs"), b.page("wbs")
    task = next(i for i, t in page_a.model.tree.tasks.items() if not page_a.model.tree.has_children(i))
    before = page_a.model.tree.tasks[task].completion_condition
    index_b = page_b.proxy.mapToSource(wbs_view_index(page_b, task, "completion_condition"))
    assert page_b.model.setData(index_b, "Bの条件。", Qt.ItemDataRole.EditRole)
    index_a = wbs_view_index(page_a, task, "completion_condition")
    page_a.tree.setCurrentIndex(index_a)
    page_a.tree.edit(index_a)
    editor = page_a.tree.findChild(QLineEdit, "wbsEditor_completion_condition")
    editor.setText("Aの条件。")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(seen) == 1, timeout=3000)
    assert seen[0].findChild(QPlainTextEdit, "conflictTheirs_completion_condition").toPlainText() == "Bの条件。"
    assert seen[0].findChild(QPlainTextEdit, "conflictMine_completion_condition").toPlainText() == "Aの条件。"
    stored = lambda: page_a.service.tree(a.state.project_id).tasks[task].completion_condition  # noqa: E731
    assert stored() == "Bの条件。Aの条件。"
    a.undo_action.trigger()
    assert stored() == "Bの条件。" != before

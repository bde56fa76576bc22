"""Issue 18 conflict dialog and live refresh tried as a demanding Japanese-speaking user would: two
windows on one project, both typing. Each was a defect found by a break-it session, now fixed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

import app.ui.window.conflict_dialog as conflict_dialog
from app.ui import messages
from app.ui.window.conflict_dialog import ConflictDialog
from tests.conftest import answer_conflict
from tests.gui_helpers import close_window, make_window
from tests.test_nothing_lost_gui import BACKGROUND, open_item, stored

MODEL_TYPE = "hearing.prereq.model_type"  # asked as now / later
SOURCES = "hearing.prereq.data_sources"  # a table


def _answering(monkeypatch, answer) -> list[ConflictDialog]:
    seen: list[ConflictDialog] = []

    def record(dialog: ConflictDialog) -> int:
        seen.append(dialog)
        return answer(dialog)

    monkeypatch.setattr(conflict_dialog, "ask_conflict", record)
    return seen


def _type(editor, key: str, text: str) -> None:
    field = editor.editors[key].edit
    field.selectAll()
    field.insertPlainText(text)


@pytest.fixture
def two(qtbot, db_path):
    a = make_window(qtbot, db_path, global_lang="ja")
    b = make_window(qtbot, db_path, global_lang="ja")
    b.state.workspace.author = "佐藤 花子"
    yield a, b
    close_window(b)
    close_window(a)


def test_keep_theirs_on_later_keeps_the_now_typed_beside_it(qtbot, two, monkeypatch) -> None:
    """A now/later item (プロジェクト(モデル)の種類): 田中 (window A) types both 現時点 and これから;
    佐藤 (window B) saved only これから meanwhile. The dialog asks only about これから and 田中 keeps
    佐藤's. Expected: 田中's 現時点, which nobody else touched and the dialog never showed, is saved.
    Actually: resolve_answer_conflict returns {} for "keep theirs", so 現時点 is dropped unseen."""
    a, b = two
    seen = _answering(monkeypatch, answer_conflict("theirs"))
    editor_b = open_item(b, qtbot, MODEL_TYPE)
    editor_a = open_item(a, qtbot, MODEL_TYPE)
    _type(editor_b, "later", "Bのこれから")
    assert editor_b.flush()
    _type(editor_a, "value", "Aの現時点")
    _type(editor_a, "later", "Aのこれから")
    assert editor_a.flush()
    assert len(seen) == 1 and [c.key for c in seen[0].clashes] == ["later"]
    answer = stored(a, MODEL_TYPE)
    assert answer.later == "Bのこれから"
    assert answer.value == "Aの現時点"


def test_keep_theirs_on_the_answer_keeps_the_note_typed_beside_it(qtbot, two, monkeypatch) -> None:
    """田中 types the background and a note (備考); 佐藤 saved only the background meanwhile. 田中
    keeps 佐藤's background. Expected: the note (never in question, not shown in the dialog) is
    saved. Actually: the note is dropped with the answer."""
    a, b = two
    seen = _answering(monkeypatch, answer_conflict("theirs"))
    editor_b = open_item(b, qtbot, BACKGROUND)
    editor_a = open_item(a, qtbot, BACKGROUND)
    _type(editor_b, "value", "Bの背景")
    assert editor_b.flush()
    _type(editor_a, "value", "Aの背景")
    editor_a.note.selectAll()
    editor_a.note.insertPlainText("Aのメモ")
    assert editor_a.flush()
    assert len(seen) == 1 and [c.key for c in seen[0].clashes] == ["value"]
    answer = stored(a, BACKGROUND)
    assert answer.value == "Bの背景"
    assert answer.note == "Aのメモ"


def test_escape_on_the_dialog_does_not_lose_the_typing_unseen(qtbot, two, monkeypatch) -> None:
    """田中 typed a long background; the dialog appears and he presses Escape (in Japanese UIs:
    キャンセル, "not now"). Expected: what he typed is still somewhere he can see it (in the editor,
    a draft, or a message saying it was discarded). Actually: Escape = keep theirs; the editor shows
    佐藤's text, no draft, no message, no undo step: the typing is gone without a word. A defect
    under the data rule: the dialog has no Cancel button, so Escape/X reads as "decide later", not
    as "throw my text away"."""
    a, b = two

    def escape(dialog: ConflictDialog) -> int:
        dialog.show()
        qtbot.waitExposed(dialog)
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        return dialog.result()

    seen = _answering(monkeypatch, escape)
    editor_b = open_item(b, qtbot, BACKGROUND)
    editor_a = open_item(a, qtbot, BACKGROUND)
    _type(editor_b, "value", "Bの背景")
    assert editor_b.flush()
    _type(editor_a, "value", "Aが30分かけて書いた背景")
    editor_a.flush()
    assert len(seen) == 1 and not seen[0].isVisible()
    typed = "Aが30分かけて書いた背景"
    kept = (
        editor_a.editors["value"].edit.toPlainText() == typed
        or (editor_a.drafts.get(a.state.project_id, BACKGROUND) is not None)
        or editor_a.error_label.isVisible()
    )
    assert kept, "the typing vanished without a word"
    monkeypatch.setattr(messages, "confirm", lambda *a, **k: True)  # then the user closes, discarding the draft knowingly


def _proposal(qtbot, a, b):
    for window in (a, b):
        window.show_page("proposal")
    page_a, page_b = a.page("proposal"), b.page("proposal")
    qtbot.waitUntil(lambda: page_a.inputs is not None and page_b.inputs is not None, timeout=10000)
    return page_a, page_b


def _proposal_doc(window):
    from app.proposal.service import ProposalService

    return ProposalService(window.state.documents).load(window.state.project_id)


def test_proposal_effort_clash_use_mine(qtbot, two, monkeypatch) -> None:
    """Window B sets task 5's DS person-days to 4.5; A, not refreshed, sets 7.0 and chooses Use
    mine (their 4.5 beside my 7.0 shown). Expected: 7.0 saved, one undo step back to 4.5.
    Actually: _commit set self.doc = after before failing, so the forced retry diffs after against
    after: nothing is written; 4.5 stays and A's value vanishes at the next refresh."""
    a, b = two
    seen = _answering(monkeypatch, answer_conflict("mine"))
    page_a, page_b = _proposal(qtbot, a, b)
    page_b._effort_edited(5, "ds", 4.5)
    page_a._effort_edited(5, "ds", 7.0)
    assert len(seen) == 1, seen
    assert _proposal_doc(a).effort["5"]["ds"] == 7.0
    a.undo_action.trigger()
    assert _proposal_doc(a).effort["5"]["ds"] == 4.5


def test_proposal_merge_too_long_keeps_typing(qtbot, two, monkeypatch) -> None:
    """B saves a 60,000-character section; A types 60,000 other characters and saves the offered
    merge (120,000, over the 100,000 limit). Expected: refused, and A's typing kept (on screen or
    as a draft), as the hearing editor does. Actually: the page reverts to B's text; A's 60,000
    characters are gone."""
    from app.ui import messages

    monkeypatch.setattr(messages, "show_error", lambda *a, **k: None)
    a, b = two
    seen = _answering(monkeypatch, answer_conflict("merged"))
    page_a, page_b = _proposal(qtbot, a, b)
    section = next(iter(page_a.sections.editors))
    edit_b = page_b.sections.editor(section).edit
    edit_b.selectAll()
    edit_b.insertPlainText("B" * 60_000)
    edit_a = page_a.sections.editor(section).edit
    edit_a.selectAll()
    edit_a.insertPlainText("A" * 60_000)
    assert len(seen) == 1
    qtbot.wait(50)
    assert "A" * 60_000 in page_a.sections.editor(section).edit.toPlainText()
    monkeypatch.setattr(messages, "confirm", lambda *a, **k: True)  # then the user closes, discarding the draft knowingly


def test_proposal_text_use_mine(qtbot, two, monkeypatch) -> None:
    """B saves 「Bの文。」 in a section; A, not refreshed, types 「Aの文。」 and chooses Use mine.
    Expected: 「Aの文。」 stored. Actually: B's text stays; nothing was written (same cause as the
    effort case)."""
    a, b = two
    seen = _answering(monkeypatch, answer_conflict("mine"))
    page_a, page_b = _proposal(qtbot, a, b)
    section = next(iter(page_a.sections.editors))
    edit_b = page_b.sections.editor(section).edit
    edit_b.selectAll()
    edit_b.insertPlainText("Bの文。")
    edit_a = page_a.sections.editor(section).edit
    edit_a.selectAll()
    edit_a.insertPlainText("Aの文。")
    assert len(seen) == 1
    assert _proposal_doc(a).texts[section][page_a.lang] == "Aの文。"


def test_wbs_multi_select_keep_theirs(qtbot, two, monkeypatch) -> None:
    """A selects two tasks X and Y and types a completion condition for both; B changed only X's
    meanwhile. The dialog lists only X; A keeps theirs for X. Expected: Y (never in question) gets
    A's text. Actually: the whole edit is dropped; Y keeps its old condition."""
    from PySide6.QtWidgets import QLineEdit

    from tests.test_breaker_nothing_lost import wbs_view_index

    a, b = two
    seen = _answering(monkeypatch, answer_conflict("theirs"))
    for window in (a, b):
        window.show_page("wbs")
    page_a, page_b = a.page("wbs"), b.page("wbs")
    leaves = [i for i, t in page_a.model.tree.tasks.items() if not page_a.model.tree.has_children(i)][:2]
    x, y = leaves
    index_b = page_b.proxy.mapToSource(wbs_view_index(page_b, x, "completion_condition"))
    assert page_b.model.setData(index_b, "Bの条件。", Qt.ItemDataRole.EditRole)
    page_a.select_task(x)
    selection = page_a.tree.selectionModel()
    selection.select(
        wbs_view_index(page_a, y, "title"), selection.SelectionFlag.Select | selection.SelectionFlag.Rows
    )
    index_a = wbs_view_index(page_a, y, "completion_condition")
    page_a.tree.edit(index_a)
    editor = page_a.tree.findChild(QLineEdit, "wbsEditor_completion_condition")
    editor.setText("Aの条件。")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(seen) == 1, timeout=3000)
    tree = page_a.service.tree(a.state.project_id)
    assert tree.tasks[x].completion_condition == "Bの条件。"
    assert tree.tasks[y].completion_condition == "Aの条件。"

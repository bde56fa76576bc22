"""A long paste is never cut by the widget it is pasted in: Qt's line editors keep 32,767 characters
unless told otherwise, and a cell or a field must take what is typed whole. A value within its
field's limit is saved whole; one over it is kept whole as a draft, marked, the message naming
the field (nothing typed is lost, nothing is cut silently)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QStyleOptionViewItem, QTableView, QWidget

from app.core.limits import MAX_TEXT_CHARS
from app.environment.model import MAX_TEXT as ENVIRONMENT_CHARS
from app.environment.service import EnvironmentService
from app.ui.hearing.drafts import drafts_of
from app.ui.page import WholeTextDelegate, whole_text
from app.ui.wbs.columns import INDEX
from tests.gui_helpers import environment_page, settle

LONG_PASTE = 40_000  # over a bare QLineEdit's 32,767, under the 100,000 characters a field holds
TEAM = "hearing.basics.team"


@pytest.fixture
def window(japanese_window):
    return japanese_window


def paste(editor: QLineEdit, text: str) -> None:
    """Ctrl+V over the editor's text."""
    editor.setFocus()
    editor.selectAll()
    QApplication.clipboard().setText(text)
    editor.paste()


def paste_into_cell(table: QTableView, index, text: str) -> None:
    table.setCurrentIndex(index)
    table.edit(index)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit), editor
    paste(editor, text)
    table.commitData(editor)
    table.closeEditor(editor, table.itemDelegate().EndEditHint.NoHint)


def test_a_long_text_pasted_in_a_hearing_table_cell_is_kept_whole(window, qtbot, said) -> None:
    window.show_page("hearing")
    page = window.page("hearing")
    assert page.select_item(TEAM)
    qtbot.waitUntil(lambda: page.editor.item_id == TEAM)
    table = page.editor.editors["value"]
    column = [c.id for c in table.model.columns].index("name")
    paste_into_cell(table.view, table.model.index(0, column), "名" * LONG_PASTE)
    page.editor.flush()
    settle(window)
    stored = window.state.answers.answer(window.state.project_id, TEAM).value
    assert len(stored[0]["name"]) == LONG_PASTE, (len(stored[0]["name"]), said)


def test_a_paste_over_a_fields_limit_is_kept_whole_as_a_draft_naming_the_field(window, qtbot) -> None:
    page = environment_page(window, qtbot)
    field = page.findChild(QLineEdit, "field_frameworks")
    before = EnvironmentService(window.state.workspace).choices(window.state.project_id, "ja").value("frameworks")
    assert LONG_PASTE > ENVIRONMENT_CHARS
    paste(field, "枠" * LONG_PASTE)
    assert len(field.text()) == LONG_PASTE  # in the field, whole
    draft = drafts_of(window.state).get(window.state.project_id, "experiment:frameworks")
    assert draft is not None and len(draft.fields["value"]) == LONG_PASTE  # kept whole as the draft
    assert "フレームワーク" in draft.error, draft.error
    assert field.styleSheet() and "フレームワーク" in field.toolTip()  # marked, the reason on it
    assert EnvironmentService(window.state.workspace).choices(window.state.project_id, "ja").value("frameworks") == before


def test_a_long_text_pasted_in_an_environment_table_cell_reaches_the_check_whole(window, qtbot) -> None:
    page = environment_page(window, qtbot, "data-ci")
    view = page.findChild(QTableView, "locationsTable")
    paste_into_cell(view, view.model().index(0, 1), "s3://" + "b" * LONG_PASTE)
    settle(window)
    assert len(str(view.model().index(0, 1).data())) == LONG_PASTE + len("s3://")  # the draft, whole


@pytest.mark.parametrize("editable", [False, True])
def test_whole_text_lifts_qts_cut_from_line_editors_and_editable_combo_boxes(qtbot, editable) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    line = whole_text(QLineEdit(parent))
    combo = QComboBox(parent)
    combo.setEditable(editable)
    whole_text(combo)
    assert line.maxLength() > MAX_TEXT_CHARS
    if editable:
        assert combo.lineEdit().maxLength() > MAX_TEXT_CHARS


def test_the_standard_delegate_of_the_editable_tables_makes_editors_taking_any_length(window, qtbot) -> None:
    delegate = WholeTextDelegate()
    page = environment_page(window, qtbot, "data-ci")
    view = page.findChild(QTableView, "locationsTable")
    editor = delegate.createEditor(view.viewport(), QStyleOptionViewItem(), view.model().index(0, 1))
    assert isinstance(editor, QLineEdit) and editor.maxLength() > MAX_TEXT_CHARS
    editor.deleteLater()


def test_a_proposal_problem_and_a_wbs_title_are_edited_in_editors_taking_any_length(window, qtbot) -> None:
    from app.ui.proposal.problems_model import COL_PROBLEM

    window.show_page("proposal")
    settle(window)
    view = window.findChild(QTableView, "problemsTable")
    index = view.model().index(0, COL_PROBLEM)
    view.setCurrentIndex(index)
    view.edit(index)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit) and editor.maxLength() > MAX_TEXT_CHARS
    view.closeEditor(editor, view.itemDelegate().EndEditHint.NoHint)

    window.show_page("wbs")
    settle(window)
    page = window.page("wbs")
    index = page.tree.model().index(0, INDEX["title"])
    page.tree.setCurrentIndex(index)
    page.tree.edit(index)
    title = page.tree.findChild(QLineEdit, "wbsEditor_title")
    assert title is not None and title.maxLength() > MAX_TEXT_CHARS

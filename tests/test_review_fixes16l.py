"""fix16l (review): project documents named by what the user calls them, the review's evidence
refused by item and column, typing kept over a reload, drafts kept per project."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from app import features
from app.core.errors import ConflictError
from app.core.operations import Part
from app.core.storage.models import ProjectDocument
from app.ui.error_text import user_text


def stored_kinds() -> list[str]:
    """Every kind of project document a feature or the project level writes, from its own constant."""
    from app.core.project import AGREEMENT_KIND
    from app.environment.model import DOCUMENT_KIND
    from app.projects.baselines.store import SNAPSHOT_KIND
    from app.projects.suspects import KIND as SUSPECTS
    from app.proposal.service import KIND as PROPOSAL
    from app.review.scoring import KIND as REVIEW
    from app.system_planning.plan_doc import KIND as SYSTEM_PLAN
    from app.wbs.resources.people import KIND as PEOPLE
    from app.wbs.store import META_KIND
    from app.wbs.tracking.baselines import KIND as TRACKING

    return [AGREEMENT_KIND, SNAPSHOT_KIND + "3", SUSPECTS, PROPOSAL, REVIEW, SYSTEM_PLAN, PEOPLE, META_KIND, TRACKING,
            *DOCUMENT_KIND.values()]  # fmt: skip


@pytest.mark.parametrize("kind", stored_kinds())
def test_every_stored_document_has_a_label_in_both_languages(kind, library) -> None:
    label = features.document_label(kind)
    assert label is not None, kind
    assert label.ja and label.en and kind not in (label.ja, label.en), label
    ja = user_text(ConflictError(Part.DOCUMENTS, [kind]), "ja", library)
    en = user_text(ConflictError(Part.DOCUMENTS, [kind]), "en", library)
    assert f"「{label.ja}」" in ja and kind not in ja, ja
    assert f"“{label.en}”" in en, en


def test_the_documents_of_the_demo_project_are_named_in_japanese(demo, workspace, library) -> None:
    with workspace.db.session() as s:
        kinds = sorted(set(s.scalars(select(ProjectDocument.kind).where(ProjectDocument.project_id == demo.id))))
    assert {"review", "system_plan", "proposal"} <= set(kinds)
    for kind in kinds:
        text = user_text(ConflictError(Part.DOCUMENTS, [kind]), "ja", library)
        assert not re.search(r"「[a-z_][a-z_.0-9]*」", text), text


def test_an_unknown_kind_has_no_label() -> None:
    assert features.document_label("no_such_document") is None
    assert features.document_label("agreement_baseline") is None  # the prefix itself is no snapshot


def test_a_too_long_text_is_refused_naming_the_item_and_its_column(workspace, library) -> None:
    from app.core.limits import TextTooLong
    from app.core.projects import ProjectService
    from app.review import set_fields
    from app.review.model import TEXT_FIELD
    from app.review.service import review_checklists, stored

    project = ProjectService(workspace.db).create("長すぎる根拠")
    columns = {"evidence": ("根拠", "Evidence"), "note": ("メモ", "Note")}
    for checklist in review_checklists(library):
        item = next(iter(checklist.items()))
        name = TEXT_FIELD[checklist.scoring]
        with pytest.raises(TextTooLong) as caught:
            set_fields(project.id, checklist.id, item.id, {name: "長" * 100_001})(workspace)
        ja, en = caught.value.text("ja", library), caught.value.text("en", library)
        assert ja.startswith(f"「{item.label.ja}」の{columns[name][0]}: 100,001 文字"), ja
        assert en.startswith(f"“{item.label.en}”, {columns[name][1]}: 100,001 characters"), en
    assert stored(workspace, project.id) == {}  # nothing written
    set_fields(project.id, checklist.id, item.id, {name: "長" * 100_000})(workspace)  # the limit itself fits
    assert stored(workspace, project.id)["answers"][checklist.id][item.id][name] == "長" * 100_000


# --- the page: typing kept over a reload, drafts kept per project ------------------------------------


@pytest.fixture
def two_windows(qtbot, db_path, monkeypatch):
    """Two Japanese windows on one database; the conflict dialogs they open are recorded (answered: mine)."""
    import app.ui.window.conflict_dialog as conflict_dialog
    from app.ui import messages
    from tests.conftest import answer_conflict
    from tests.gui_helpers import close_window, make_window

    asked: list = []

    def record(dialog) -> int:
        asked.append(dialog)
        return answer_conflict("mine")(dialog)

    monkeypatch.setattr(conflict_dialog, "ask_conflict", record)
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    monkeypatch.setattr(messages, "show_error", lambda *_a, **_k: None)
    a = make_window(qtbot, db_path, global_lang="ja")
    b = make_window(qtbot, db_path, global_lang="ja")
    yield a, b, asked
    close_window(b)
    close_window(a)


def review_page(window, qtbot):
    window.show_page("review")
    page = window.page("review")
    qtbot.waitUntil(lambda: page.settled() and page.model.rowCount() > 0, timeout=10000)
    return page


def text_cell(page, row: int):
    return page.model.index(row, page.model.column_of("text"))


def open_editor(page, index):
    from PySide6.QtWidgets import QLineEdit

    page.table.setFocus()
    page.table.setCurrentIndex(index)
    page.table.edit(index)
    return next(e for e in page.table.findChildren(QLineEdit) if e.isVisible())


def test_a_colleagues_change_read_while_typing_keeps_the_editor_and_is_asked_about_on_saving(two_windows, qtbot) -> None:
    from PySide6.QtWidgets import QAbstractItemDelegate
    from shiboken6 import isValid

    from app.review.scoring import answers_of
    from app.review.service import stored
    from tests.gui_helpers import settle

    a, b, asked = two_windows
    page_a, page_b = review_page(a, qtbot), review_page(b, qtbot)
    item_id = page_a.model.rows[1].item.id
    editor = open_editor(page_a, text_cell(page_a, 1))
    editor.setText("Aが打ち込み中の根拠")
    assert page_b.model.setData(text_cell(page_b, 1), "Bが先に保存した根拠")
    page_a.reload()  # a reload of A's own (asked before the editor opened) comes back with B's evidence
    qtbot.waitUntil(page_a.settled)
    assert page_a.model.rows[1].answer.evidence == "Bが先に保存した根拠"
    assert isValid(editor) and editor.isVisible() and editor.text() == "Aが打ち込み中の根拠"
    page_a.table.commitData(editor)  # Enter: A saves; based on what A's editor began from, so B's is not overwritten unasked
    page_a.table.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
    settle(a)
    assert len(asked) == 1
    answer = answers_of(stored(a.state.workspace, a.state.project_id), page_a.checklist_id)[item_id]
    assert answer.evidence == "Aが打ち込み中の根拠"  # "mine", chosen in the dialog
    assert page_a.model.editing == {}


def test_review_drafts_come_back_with_their_project_and_checklist(qtbot, db_path, monkeypatch) -> None:
    from app.core.projects import ProjectService
    from app.ui import messages
    from tests.gui_helpers import close_window, make_window, settle

    monkeypatch.setattr(messages, "show_error", lambda *_a, **_k: None)
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        first = window.state.project_id
        other = ProjectService(window.state.workspace.db).create("別案件ベータ")
        page = review_page(window, qtbot)
        checklist_id, typed = page.checklist_id, "長" * 100_001
        assert not page.model.setData(text_cell(page, 0), typed)
        second = next(c.checklist.id for c in page.view.checklists if c.checklist.id != checklist_id)
        page.choose(second)
        assert page.model.view.checklist.id == second
        assert typed not in [text_cell(page, r).data() for r in range(page.model.rowCount())]
        page.choose(checklist_id)
        assert text_cell(page, 0).data() == typed  # back on its checklist: still there
        window.open_project(other.id)
        settle(window)
        qtbot.waitUntil(page.settled)
        page.choose(checklist_id)
        assert text_cell(page, 0).data() != typed  # never in another project
        window.open_project(first)
        settle(window)
        qtbot.waitUntil(page.settled)
        page.choose(checklist_id)
        cell = text_cell(page, 0)
        assert cell.data() == typed and cell.data(Qt.ItemDataRole.FontRole).italic()  # back with its project
        assert "保存されていません" in cell.data(Qt.ItemDataRole.ToolTipRole)
    finally:
        close_window(window)


def test_the_review_model_passes_qt_model_tester(qtbot, db_path, qtmodeltester) -> None:
    from tests.gui_helpers import close_window, make_window

    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        page = review_page(window, qtbot)
        qtmodeltester.check(page.model)
        page.reload()
        qtbot.waitUntil(page.settled)
        qtmodeltester.check(page.model)
    finally:
        close_window(window)

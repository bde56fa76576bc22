"""The environment pages keep what the user typed: a refused value stays as a draft of its project,
a field another window set since asks which value to keep, and typing on right after an undo is
not mistaken for a clash with another window."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLineEdit, QTableView

import app.ui.window.conflict_dialog as conflict_dialog
from app.core.projects import ProjectService
from app.environment.service import EnvironmentService
from app.ui import messages
from tests.conftest import answer_conflict
from tests.gui_helpers import close_window, environment_page, make_window, settle


@pytest.fixture
def window(japanese_window):
    return japanese_window



def stored(window, field_id: str):
    return EnvironmentService(window.state.workspace).choices(window.state.project_id, "ja").value(field_id)


def type_into(field: QLineEdit, text: str) -> None:
    """Type over the field's text (insert() is an edit: textEdited; keyClicks types ASCII only)."""
    field.setFocus()
    field.selectAll()
    field.insert(text)


def test_a_refused_value_stays_marked_with_its_project_and_goes_when_corrected(window, qtbot) -> None:
    page = environment_page(window, qtbot)
    name = page.findChild(QLineEdit, "field_repo_name")
    type_into(name, "類似画像 検索")
    assert stored(window, "repo_name") == "similar-image-search"
    assert "リポジトリ名" in name.toolTip() and name.styleSheet()  # marked, the reason on it
    first = window.state.project_id
    other = ProjectService(window.state.workspace.db).create("別案件")
    window.open_project(other.id)
    settle(window)
    qtbot.waitUntil(page.settled)
    assert name.text() != "類似画像 検索" and not name.styleSheet()  # not another project's draft
    window.open_project(first)
    settle(window)
    qtbot.waitUntil(page.settled)
    assert name.text() == "類似画像 検索" and name.styleSheet()  # back with its project
    type_into(name, "similar-image-search-v2")
    assert stored(window, "repo_name") == "similar-image-search-v2"
    assert not name.styleSheet() and page.problem_label.text() == ""


@pytest.mark.parametrize(("choice", "expected"), [("theirs", "PyTorch A"), ("mine", "PyTorch B"), ("merged", "PyTorch A B")])
def test_a_field_another_window_set_asks_which_value_to_keep(qtbot, db_path, monkeypatch, choice, expected) -> None:
    asked: list = []

    def answer(dialog) -> int:
        asked.append(dialog)
        return answer_conflict(choice, {"frameworks": "PyTorch A B"})(dialog)

    monkeypatch.setattr(conflict_dialog, "ask_conflict", answer)
    a = make_window(qtbot, db_path, global_lang="ja")
    b = make_window(qtbot, db_path, global_lang="ja")
    try:
        page_a, page_b = environment_page(a, qtbot), environment_page(b, qtbot)
        b.watcher.timer.stop()  # both type before b looks at the database again
        type_into(page_a.findChild(QLineEdit, "field_frameworks"), "PyTorch A")
        field_b = page_b.findChild(QLineEdit, "field_frameworks")
        type_into(field_b, "PyTorch B")
        assert len(asked) == 1
        assert stored(a, "frameworks") == expected
        assert field_b.text() == expected
        settle(b)
        assert field_b.text() == expected
    finally:
        close_window(b)
        close_window(a)


def test_typing_right_after_an_undo_is_saved_without_asking(window, qtbot, monkeypatch) -> None:
    asked: list = []
    monkeypatch.setattr(conflict_dialog, "ask_conflict", lambda dialog: asked.append(dialog) or 1)
    page = environment_page(window, qtbot)
    field = page.findChild(QLineEdit, "field_frameworks")
    type_into(field, "JAX")
    window.state.undo_stack.undo()  # and typing on before the page has refreshed
    assert stored(window, "frameworks") == "PyTorch"
    type_into(field, "TensorFlow")
    assert not asked
    assert stored(window, "frameworks") == "TensorFlow"


def test_a_refused_cell_typed_back_to_its_stored_text_is_no_draft_any_more(window, qtbot) -> None:
    page = environment_page(window, qtbot, "data-ci")
    model = page.findChild(QTableView, "locationsTable").model()
    index = model.index(0, 1)
    before = index.data()
    assert not model.setData(index, "s3://顧客 バケット/raw/")
    assert model.index(0, 1).data() == "s3://顧客 バケット/raw/"
    assert "パス" in model.index(0, 1).data(3)  # the tooltip says why
    assert model.setData(index, before)
    assert model.index(0, 1).data() == before and model.index(0, 1).data(8) is None  # no red any more


def test_a_storage_cell_another_window_set_stays_typed_and_is_saved_when_typed_again(qtbot, db_path) -> None:
    a = make_window(qtbot, db_path, global_lang="ja")
    b = make_window(qtbot, db_path, global_lang="ja")
    try:
        page_a, page_b = environment_page(a, qtbot, "data-ci"), environment_page(b, qtbot, "data-ci")
        b.watcher.timer.stop()  # b's user types before b has looked at the database again
        model_a = page_a.findChild(QTableView, "locationsTable").model()
        model_b = page_b.findChild(QTableView, "locationsTable").model()
        assert model_a.setData(model_a.index(0, 1), "s3://a-team/raw/")
        assert not model_b.setData(model_b.index(0, 1), "s3://b-team/raw/")
        assert model_b.index(0, 1).data() == "s3://b-team/raw/"  # b's text stays, marked, with why
        assert "別" in model_b.index(0, 1).data(3) and page_b.problem_label.text()
        assert EnvironmentService(a.state.workspace).choices(a.state.project_id, "ja").locations[0].path == "s3://a-team/raw/"
        b.watcher.poll()
        settle(b)  # b now knows what a saved (its own draft still on top)
        assert model_b.setData(model_b.index(0, 1), "s3://b-team/raw/")  # typed again, knowing: saved
        assert EnvironmentService(a.state.workspace).choices(a.state.project_id, "ja").locations[0].path == "s3://b-team/raw/"
    finally:
        close_window(b)
        close_window(a)


def test_drafts_of_the_environment_pages_are_counted_and_kept_closing_does_not_ask(qtbot, db_path, monkeypatch) -> None:
    from PySide6.QtWidgets import QLabel

    from app.ui.hearing.drafts import drafts_of

    asked: list[str] = []
    monkeypatch.setattr(messages, "confirm", lambda _parent, _title, text, *_a, **_k: asked.append(text) or False)
    window = make_window(qtbot, db_path, global_lang="ja")
    page = environment_page(window, qtbot)
    type_into(page.findChild(QLineEdit, "field_repo_name"), "類似画像 検索")
    cells = environment_page(window, qtbot, "data-ci").findChild(QTableView, "locationsTable").model()
    assert not cells.setData(cells.index(0, 1), "s3://顧客 バケット/raw/")
    assert drafts_of(window.state).count() == 2
    assert "2" in window.findChild(QLabel, "saveState").text()  # the status bar says there are drafts
    assert drafts_of(window.state).lost_on_close() == 0  # kept on disk: back after a crash (tests/test_drafts_on_disk_pages.py)
    type_into(page.findChild(QLineEdit, "field_repo_name"), "similar-image-search-v2")
    assert cells.setData(cells.index(0, 1), "s3://customer-bucket/raw/")
    assert drafts_of(window.state).count() == 0
    close_window(window)
    assert asked == []  # nothing to ask about

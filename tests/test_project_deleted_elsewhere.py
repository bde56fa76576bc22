"""fix21b: a project another window or process deleted is said so by its name (never 「ID 1 のプロジェクト」, never
a conflict with its vanished data), in every window that showed it; the core refuses an edit of it as
"no such project"."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLineEdit, QPushButton

from app.core import operations as ops
from app.core.documents import DocumentService
from app.core.errors import ConflictError, NotFoundError
from app.core.projects import ProjectService
from app.hearing import operations as hearing_ops
from app.hearing.answers import AnswerService
from tests.gui_helpers import close_window, environment_page, make_window, settle

BACKGROUND = "hearing.basics.background"


# --- the core -------------------------------------------------------------------------------------


def test_an_edit_or_undo_of_a_deleted_project_is_no_such_project_never_a_conflict(demo, workspace) -> None:
    pid = demo.id
    base = AnswerService(workspace.db, workspace.library).answer(pid, BACKGROUND)
    typed = ops.run(workspace, hearing_ops.update_answer(pid, BACKGROUND, base=base, value="背景A"))
    stored = DocumentService(workspace.db).get(pid, "proposal")
    document = ops.run(workspace, ops.patch_document(pid, "proposal", stored, stored | {"note": "提案の背景"}))
    ProjectService(workspace.db).delete(pid)  # another window
    edits = {
        "answer": hearing_ops.update_answer(pid, BACKGROUND, base=typed.detail.after, value="背景B"),
        "undo of an answer": ops.undo_op(typed),
        "document": ops.patch_document(pid, "proposal", document.after, stored | {"note": "別の背景"}),
        "undo of a document": ops.undo_op(document),
    }
    for what, op in edits.items():
        with pytest.raises(NotFoundError) as refused:
            ops.run(workspace, op)
        assert not isinstance(refused.value, ConflictError), what
        assert refused.value.key == "project.not_found_id" and refused.value.params["id"] == str(pid), what


# --- the window -----------------------------------------------------------------------------------


@pytest.fixture
def shown(said, monkeypatch) -> list[str]:
    """Message boxes, and any conflict dialog (it must not come: nobody changed the field)."""
    import app.ui.window.conflict_dialog as conflict_dialog

    monkeypatch.setattr(conflict_dialog, "ask_conflict", lambda dialog: said.append("CONFLICT") or 0)
    return said


def _two(qtbot, db_path):
    a = make_window(qtbot, db_path, global_lang="ja")
    b = make_window(qtbot, db_path, global_lang="ja")
    return a, b


def test_an_environment_field_typed_after_another_window_deleted_the_project_names_it(qtbot, db_path, shown, monkeypatch) -> None:
    from app.ui import messages

    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    a, b = _two(qtbot, db_path)
    try:
        page = environment_page(b, qtbot)
        name = b.state.project.name
        b.watcher.timer.stop()  # typed within the second after the deletion
        a.delete_project()
        field = page.findChild(QLineEdit, "field_frameworks")
        field.setFocus()
        field.selectAll()
        field.insert("JAX")
        said = [*shown, page.problem_label.text()]
        assert "CONFLICT" not in said and not [t for t in said if "ID" in t], said
        assert f"「{name}」は別のウィンドウかプロセスで削除されました" in said, said
        settle(b)
        assert b.state.project is None  # closed, and the header says why
        assert name in b.project_label.text() and "削除" in b.project_label.text()
        assert b.state.undo_stack.count() == 0
        assert not [t for t in shown if "ID" in t or t == "CONFLICT"], shown
    finally:
        close_window(b)
        close_window(a)


def test_the_window_that_deleted_the_project_does_not_say_another_window_did(qtbot, db_path, shown, monkeypatch) -> None:
    from app.ui import messages

    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    a = make_window(qtbot, db_path, global_lang="ja")
    try:
        name = a.state.project.name
        a.delete_project()
        settle(a)
        assert name not in a.project_label.text() and "別のウィンドウ" not in a.project_label.text()
        assert shown == []
    finally:
        close_window(a)


def test_the_delete_question_names_nobody_when_nobody_else_has_it_open(qtbot, db_path, monkeypatch) -> None:
    from app.ui import messages

    asked: list[str] = []
    monkeypatch.setattr(messages, "confirm", lambda _parent, _title, text: asked.append(text) or False)
    a = make_window(qtbot, db_path, global_lang="ja")
    try:
        a.delete_project()
        assert asked == [f"「{a.state.project.name}」とその内容をすべて削除しますか? 元に戻せません。"], asked
    finally:
        close_window(a)


def test_the_projects_dialogs_delete_names_who_else_has_the_project_open(qtbot, db_path, monkeypatch) -> None:
    """File ▸ Open Project…, Delete…: the same question as File ▸ Delete Project (it named nobody)."""
    from app.ui import messages, settings
    from app.ui.projects.dialog import ProjectsDialog

    asked: list[str] = []
    monkeypatch.setattr(messages, "confirm", lambda _parent, _title, text: asked.append(text) or False)
    settings.set_author_name("山田 太郎")
    a = make_window(qtbot, db_path, global_lang="ja")
    settings.set_author_name("佐藤 花子")
    b = make_window(qtbot, db_path, global_lang="ja")
    name = a.state.project.name

    def run(dialog) -> int:
        assert isinstance(dialog, ProjectsDialog)
        dialog.findChild(QPushButton, "deleteProjectButton").click()
        return 0

    monkeypatch.setattr(a, "exec_dialog", run)
    try:
        a.open_projects()
        assert len(asked) == 1 and "佐藤 花子" in asked[0] and f"「{name}」" in asked[0], asked
        assert "山田 太郎" not in asked[0]  # not oneself
        assert a.state.project is not None and a.state.project.name == name  # a no keeps it
    finally:
        close_window(b)
        close_window(a)

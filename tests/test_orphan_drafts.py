"""Drafts of a project deleted in another window (typed after it was deleted, kept on disk): at the next
start the window says once which deleted project they were typed in, by its name, and what they hold;
it copies their text to the clipboard and removes them when the user says so, never silently."""

from __future__ import annotations

import json

import pytest
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QPushButton

from app.core import paths
from app.hearing.drafts_file import StoredDraft, drafts_folder, write_drafts
from app.ui import messages
from tests.gui_helpers import close_window, make_window, settle

BACKGROUND = "hearing.basics.background"
TYPED = "削除後に書いた背景:" + "顧客の在庫予測の精度を上げたい。" * 30  # longer than the dialog shows


def kept_drafts() -> list[dict]:
    return [d for path in sorted(paths.drafts_dir().glob("*/*.json")) for d in json.loads(path.read_text(encoding="utf-8"))["drafts"]]


def orphans_dialog(window) -> QDialog | None:
    found = [d for d in window.findChildren(QDialog, "orphanDraftsDialog") if d.isVisible()]
    assert len(found) <= 1, found  # said once
    return found[0] if found else None


def typed_after_deleted(qtbot, db_path) -> str:
    """Window B types in the hearing of the project window A has just deleted; both close. The project's name."""
    a = make_window(qtbot, db_path, global_lang="ja")
    b = make_window(qtbot, db_path, global_lang="ja", page="hearing")
    name = b.state.project.name
    page = b.page("hearing")
    assert page.select_item(BACKGROUND)
    qtbot.waitUntil(lambda: page.editor.item_id == BACKGROUND)
    b.watcher.timer.stop()  # typed within the second after the deletion
    a.delete_project()
    page.editor.editors["value"].edit.setPlainText(TYPED)
    settle(b)
    qtbot.waitUntil(lambda: b.state.project is None, timeout=3000)
    close_window(b)
    close_window(a)
    return name


@pytest.fixture
def confirmed(monkeypatch) -> None:
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    monkeypatch.setattr(messages, "show_error", lambda *_a, **_k: None)


def test_drafts_of_a_deleted_project_are_said_once_at_the_next_start_copied_and_removed(qtbot, db_path, confirmed) -> None:
    name = typed_after_deleted(qtbot, db_path)
    assert [d.get("project_name") for d in kept_drafts()] == [name]  # its name is kept with it

    window = make_window(qtbot, db_path, global_lang="ja")
    qtbot.waitUntil(lambda: orphans_dialog(window) is not None, timeout=3000)
    dialog = orphans_dialog(window)
    said = dialog.findChild(QLabel, "orphanDraftsText").text()
    assert f"「{name}」" in said and "削除" in said and "削除後に書いた背景" in said, said
    assert TYPED not in said and "…" in said  # what was typed, cut
    assert "背景" in said  # the item, by its label

    QApplication.clipboard().clear()
    dialog.findChild(QPushButton, "copyOrphanDrafts").click()
    copied = QApplication.clipboard().text()
    assert TYPED in copied and name in copied, copied  # the whole text
    assert kept_drafts() != []  # copying removes nothing

    dialog.findChild(QPushButton, "removeOrphanDrafts").click()
    assert orphans_dialog(window) is None
    assert kept_drafts() == []
    close_window(window)

    window = make_window(qtbot, db_path, global_lang="ja")
    settle(window)
    assert orphans_dialog(window) is None  # removed: not said again
    close_window(window)


def test_drafts_of_a_deleted_project_kept_for_now_are_said_again_at_the_next_start(qtbot, db_path, confirmed) -> None:
    name = typed_after_deleted(qtbot, db_path)
    window = make_window(qtbot, db_path, global_lang="en")
    qtbot.waitUntil(lambda: orphans_dialog(window) is not None, timeout=3000)
    dialog = orphans_dialog(window)
    said = dialog.findChild(QLabel, "orphanDraftsText").text()
    assert f"“{name}”" in said and "deleted" in said, said  # in the UI language
    dialog.findChild(QPushButton, "keepOrphanDrafts").click()
    assert orphans_dialog(window) is None
    assert [d.get("project_name") for d in kept_drafts()] == [name]  # kept as they were
    close_window(window)
    window = make_window(qtbot, db_path, global_lang="ja")
    qtbot.waitUntil(lambda: orphans_dialog(window) is not None, timeout=3000)
    close_window(window)


def test_a_draft_kept_by_an_older_version_without_the_projects_name_is_said_as_a_deleted_project(qtbot, db_path, monkeypatch) -> None:
    asked: list[str] = []
    monkeypatch.setattr(messages, "confirm", lambda _parent, _title, text: asked.append(text) or False)
    window = make_window(qtbot, db_path, global_lang="ja")
    url = window.state.workspace.db.url
    close_window(window)
    write_drafts(drafts_folder(url) / "gone.json", url, [
        StoredDraft(9999, "no-such-uuid", BACKGROUND, {"value": "古い版が残した下書き"}, "前の理由"),
    ])  # fmt: skip
    window = make_window(qtbot, db_path, global_lang="ja")
    qtbot.waitUntil(lambda: orphans_dialog(window) is not None, timeout=3000)
    said = orphans_dialog(window).findChild(QLabel, "orphanDraftsText").text()
    assert "削除されたプロジェクト" in said and "古い版が残した下書き" in said and "9999" not in said, said
    assert window.state.project is not None and "下書き" not in window.save_label.text()  # not the open project's
    orphans_dialog(window).findChild(QPushButton, "removeOrphanDrafts").click()  # not copied: asked first
    assert len(asked) == 1 and "コピーせずに" in asked[0], asked
    assert orphans_dialog(window) is not None and [d["fields"] for d in kept_drafts()] == [{"value": "古い版が残した下書き"}]
    close_window(window)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_drafts_of_many_deleted_projects_list_some_count_the_others_and_fit_a_laptops_screen(qtbot, db_path, lang) -> None:
    """Twenty deleted projects with long names: a heading only above drafts listed, one line counting
    the drafts and projects not listed, the whole dialog on the screen; Copy Text copies them all."""
    window = make_window(qtbot, db_path, global_lang=lang)
    url = window.state.workspace.db.url
    close_window(window)
    write_drafts(drafts_folder(url) / "gone.json", url, [
        StoredDraft(1000 + n // 2, f"gone-{n // 2}", f"{BACKGROUND}{n % 2 or ''}", {"value": f"案件{n // 2}で書いた背景{n % 2}" + "。" * 200}, "理由",
                    project_name=f"削除済み案件{n // 2:02d}" + "長い名前" * 40)
        for n in range(40)
    ])  # fmt: skip
    window = make_window(qtbot, db_path, global_lang=lang)
    try:
        qtbot.waitUntil(lambda: orphans_dialog(window) is not None, timeout=3000)
        dialog = orphans_dialog(window)
        said = dialog.findChild(QLabel, "orphanDraftsText").text()
        assert said.count("削除済み案件") == 4 and "削除済み案件04" not in said, said  # 8 drafts listed: 2 each of 4 projects
        counted = "ここに表示していない下書き: 32 件" if lang == "ja" else "Drafts not listed here: 32,"
        assert counted in said and ("16" in said.split(counted)[1]), said
        screen = dialog.screen().availableGeometry()
        assert dialog.frameGeometry().height() <= min(screen.height(), 768), (dialog.frameGeometry(), screen)
        for name in ("copyOrphanDrafts", "removeOrphanDrafts", "keepOrphanDrafts"):
            button = dialog.findChild(QPushButton, name)
            assert button.isVisible() and screen.contains(button.mapToGlobal(button.rect().bottomRight())), name
        QApplication.clipboard().clear()
        dialog.findChild(QPushButton, "copyOrphanDrafts").click()
        copied = QApplication.clipboard().text()
        assert all(f"削除済み案件{n:02d}" in copied for n in range(20)) and copied.count("で書いた背景") == 40
    finally:
        close_window(window)


@pytest.mark.parametrize("where", ["file_menu", "projects_dialog"])
def test_the_drafts_of_a_project_the_user_deletes_go_with_it_and_the_question_says_so(qtbot, db_path, monkeypatch, where) -> None:
    """A bad number kept as a draft; the user deletes the project (File ▸ Delete Project, or the Projects
    dialog's Delete…): asked, told that what was typed and not saved goes too; then no draft is counted
    in the status bar, none is left on disk, none is said at the next start."""
    from app.ui.hearing.drafts import drafts_of
    from app.ui.projects.dialog import ProjectsDialog
    from tests.test_nothing_lost_gui import open_item

    asked: list[str] = []
    monkeypatch.setattr(messages, "confirm", lambda _parent, _title, text: asked.append(text) or True)
    monkeypatch.setattr(messages, "show_error", lambda *_a, **_k: None)
    window = make_window(qtbot, db_path, global_lang="ja", page="hearing")
    editor = open_item(window, qtbot, "hearing.prereq.users_ds")  # a number item
    field = editor.editors["value"].edit
    field.selectAll()
    qtbot.keyClicks(field, "abc")
    assert not editor.flush()  # kept as a draft
    settle(window)
    assert "下書き" in window.save_label.text() and kept_drafts() != []
    if where == "file_menu":
        window.delete_project()
    else:
        def run(dialog) -> int:
            assert isinstance(dialog, ProjectsDialog)
            dialog.findChild(QPushButton, "deleteProjectButton").click()
            return 0

        monkeypatch.setattr(window, "exec_dialog", run)
        window.open_projects()
    settle(window)
    assert len(asked) == 1 and "保存されていない内容(下書き 1 件)も一緒に削除されます" in asked[0], asked
    assert drafts_of(window.state).count() == 0 and "下書き" not in window.save_label.text()
    assert kept_drafts() == []
    close_window(window)
    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        settle(window)
        assert orphans_dialog(window) is None
    finally:
        close_window(window)

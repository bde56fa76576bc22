"""WBS cells typed while another process holds the database are kept as drafts on disk: a window
closed or gone leaves them to the next window on the database, whose WBS page shows them as waiting
and saves them once the database is free, checked as a new edit is (a task changed meanwhile asks,
a task deleted meanwhile is said with what was typed, a damaged entry is said, never a crash).
(breaker16o; the killed process itself is in tests/test_breaker16o.py.)

A busy database is made real as in tests/test_breaker_nothing_lost.py: a second sqlite3 connection
holds ``BEGIN IMMEDIATE``.
"""

from __future__ import annotations

import datetime as dt

import pytest

from app.core import paths
from app.core.workspace import Workspace
from app.hearing.drafts_file import StoredDraft, drafts_folder, read_drafts, write_drafts
from app.ui import messages
from app.ui.hearing.drafts import drafts_of
from app.ui.wbs.columns import INDEX
from app.ui.window import conflict_dialog
from app.wbs.service import WbsService
from tests.gui_helpers import close_window, make_window
from tests.test_breaker_nothing_lost import hold_write_lock, release, short_busy  # noqa: F401 - a fixture


@pytest.fixture
def said(monkeypatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(messages, "show_error", lambda _parent, error, *a, **k: shown.append(str(error)))
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    return shown


def wbs(window):
    window.show_page("wbs")
    return window.page("wbs")


def a_leaf(page):
    tree = page.model.tree
    return next(t for t in tree.walk() if not tree.has_children(t.id) and t.title)


def type_in(page, task_id: int, key: str, value: str) -> None:
    page.select_task(task_id)
    page.proxy.setData(page.proxy.mapFromSource(page.model.index_of(task_id, INDEX[key])), value)


def stored(window, task_id: int):
    return WbsService(window.state.workspace.db).tree(window.state.project_id).tasks.get(task_id)


def kept_files() -> list:
    return sorted(paths.drafts_dir().glob("*/*.json"))


def typed_while_busy(qtbot, db_path, said):
    """A window that typed a title, notes and a start date while another process held the database,
    closed with them waiting (as one gone by a crash or a kill); the task as it was."""
    window = make_window(qtbot, db_path, global_lang="ja")
    page = wbs(window)
    task = a_leaf(page)
    lock = hold_write_lock(db_path)
    try:
        type_in(page, task.id, "title", "要件定義(顧客レビュー反映)")
        type_in(page, task.id, "notes", "先方PLの指摘:\n完了条件を見直す")
        type_in(page, task.id, "start", "2027/01/15")
        shown = page.model.tree.tasks[task.id]
        assert (shown.title, shown.notes, shown.start) == ("要件定義(顧客レビュー反映)", "先方PLの指摘:\n完了条件を見直す", dt.date(2027, 1, 15))
        assert said and "保持" in said[-1], said  # the user is told the typing is kept
        assert stored(window, task.id).title == task.title
        drafts = [d for path in kept_files() for d in read_drafts(path)]
        assert [d.fields for d in drafts] == [{"title": "要件定義(顧客レビュー反映)", "notes": "先方PLの指摘:\n完了条件を見直す", "start": "2027/01/15"}]
        close_window(window)  # still busy: closing keeps them (nothing asked: they are on disk)
    finally:
        release(lock)
    said.clear()
    return task


def test_cells_kept_waiting_come_back_in_the_next_window_and_are_saved_when_the_database_is_free(qtbot, db_path, short_busy, said) -> None:  # noqa: F811
    task = typed_while_busy(qtbot, db_path, said)
    lock = hold_write_lock(db_path)  # still busy when the next window starts
    try:
        window = make_window(qtbot, db_path, global_lang="ja")
        page = wbs(window)
        qtbot.waitUntil(lambda: task.id in page.model.tree.tasks)  # read while the other process writes
        shown = page.model.tree.tasks[task.id]
        assert (shown.title, shown.start) == ("要件定義(顧客レビュー反映)", dt.date(2027, 1, 15))  # shown as waiting
        assert drafts_of(window.state).count() == 1
        qtbot.wait(700)  # a retry while the database is still held keeps them
        assert drafts_of(window.state).count() == 1 and len(kept_files()) == 1
    finally:
        release(lock)
    qtbot.waitUntil(lambda: drafts_of(window.state).count() == 0, timeout=10000)
    now = stored(window, task.id)
    assert (now.title, now.notes, now.start) == ("要件定義(顧客レビュー反映)", "先方PLの指摘:\n完了条件を見直す", dt.date(2027, 1, 15))
    assert kept_files() == [] and said == []
    assert window.undo_action.isEnabled()  # one undo step
    close_window(window)


def other_service(window) -> tuple[Workspace, WbsService]:
    ws = Workspace.open(str(window.state.workspace.db.url), window.state.workspace.library)
    return ws, WbsService(ws.db)


def test_a_task_changed_meanwhile_asks_before_what_was_kept_is_saved(qtbot, db_path, short_busy, said, monkeypatch) -> None:  # noqa: F811
    task = typed_while_busy(qtbot, db_path, said)
    asked: list[list[str]] = []

    def answer(dialog) -> int:
        asked.append([c.label for c in dialog.clashes])
        dialog.choice = conflict_dialog.Choice.MINE
        return 1

    monkeypatch.setattr(conflict_dialog, "ask_conflict", answer)
    window = make_window(qtbot, db_path, global_lang="ja")
    ws, service = other_service(window)
    try:
        service.update(window.state.project_id, [task.id], title="別の人の題名")  # someone else, before the page opens
    finally:
        ws.close()
    wbs(window)
    qtbot.waitUntil(lambda: drafts_of(window.state).count() == 0, timeout=10000)
    assert len(asked) == 1, asked
    assert stored(window, task.id).title == "要件定義(顧客レビュー反映)"  # mine, chosen
    close_window(window)


def test_a_task_deleted_meanwhile_is_said_with_what_was_typed(qtbot, db_path, short_busy, said) -> None:  # noqa: F811
    task = typed_while_busy(qtbot, db_path, said)
    window = make_window(qtbot, db_path, global_lang="ja")
    ws, service = other_service(window)
    try:
        service.delete(window.state.project_id, [task.id])
    finally:
        ws.close()
    wbs(window)
    qtbot.waitUntil(lambda: drafts_of(window.state).count() == 0, timeout=10000)
    assert len(said) == 1 and "削除" in said[0] and "要件定義(顧客レビュー反映)" in said[0] and task.title in said[0], said
    assert kept_files() == []
    close_window(window)


def test_a_damaged_entry_is_said_and_skipped_the_others_saved(qtbot, db_path, short_busy, said) -> None:  # noqa: F811
    window = make_window(qtbot, db_path, global_lang="ja")
    page = wbs(window)
    tree = page.model.tree
    first, second = [t for t in tree.walk() if not tree.has_children(t.id)][:2]
    project, url = window.state.project, window.state.workspace.db.url
    close_window(window)

    def entry(task, fields, shown) -> StoredDraft:
        return StoredDraft(project.id, project.uuid, f"wbs:{task.uid}", fields, "busy", {"task": task.id, "name": task.title, "fields": shown})

    write_drafts(drafts_folder(url) / "gone.json", url, [
        entry(first, {"start": "来週のどこか"}, {"start": first.start.isoformat() if first.start else None}),  # no date
        StoredDraft(project.id, project.uuid, "wbs:not-a-uid", {"notes": "x"}, "busy", None),  # not a WBS edit
        entry(second, {"owner_name": "鈴木"}, {"owner_name": second.owner_name}),
    ])  # fmt: skip
    window = make_window(qtbot, db_path, global_lang="ja")
    wbs(window)
    qtbot.waitUntil(lambda: drafts_of(window.state).count() == 0, timeout=10000)
    assert stored(window, second.id).owner_name == "鈴木"
    assert stored(window, first.id).start == first.start
    assert len(said) == 2 and "開始日: 来週のどこか" in said[0] and "備考: x" in said[1], said
    assert not any(key in text for text in said for key in ("start:", "notes:", "wbs:")), said  # labels, never field keys
    close_window(window)


def test_cells_kept_waiting_are_saved_by_the_next_window_with_another_page_in_front(qtbot, db_path, short_busy, said) -> None:  # noqa: F811
    """README: what waits is saved by itself 'by the next window after a crash', whichever page it shows: the WBS
    edits a window gone kept waiting were saved only once the WBS page was shown."""
    task = typed_while_busy(qtbot, db_path, said)
    window = make_window(qtbot, db_path, global_lang="ja", page="hearing")  # the WBS page never shown
    try:
        assert window.current_page().page_id != "wbs"
        qtbot.waitUntil(lambda: drafts_of(window.state).count() == 0, timeout=10000)
        now = stored(window, task.id)
        assert (now.title, now.start) == ("要件定義(顧客レビュー反映)", dt.date(2027, 1, 15)) and kept_files() == [] and said == []
        assert window.current_page().page_id != "wbs"  # saved where it waited, the page in front left as it was
    finally:
        close_window(window)


def test_a_task_given_sub_tasks_meanwhile_refuses_what_was_kept_for_its_dates_and_says_it(qtbot, db_path, short_busy, said) -> None:  # noqa: F811
    """A start date kept waiting for a task a colleague gave a sub-task meanwhile (its dates follow from the sub-task
    now): refused and said with what was typed, as a cell typed into now is; never stored where nobody sees it."""
    task = typed_while_busy(qtbot, db_path, said)
    window = make_window(qtbot, db_path, global_lang="ja")
    ws, service = other_service(window)
    try:
        service.add_task(window.state.project_id, task.id, title="顧客レビュー")
    finally:
        ws.close()
    wbs(window)
    qtbot.waitUntil(lambda: drafts_of(window.state).count() == 0, timeout=10000)
    assert stored(window, task.id).start != dt.date(2027, 1, 15)
    assert len(said) == 1 and "サブタスク" in said[0] and "2027/01/15" in said[0] and "要件定義(顧客レビュー反映)" in said[0], said
    assert kept_files() == []
    close_window(window)

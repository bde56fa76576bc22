"""Break-it 52d: the fixes of the last hour (e062cdf WBS undo / redo after a colleague's changes and refused
undos naming the field; cc33234 dialog drafts), as a demanding Japanese consultant (A 山田) and a colleague
(B 佐藤) on one database.

Tried: (1) WBS undo / redo after a colleague's step (service, one workspace; a two-window GUI on a big plan): my
indent undone after a task added beside; two non-adjacent deletes with sub-tasks undone after tasks added before /
between and the last sibling deleted, then redone; my delete undone after the colleague deleted its parent; a
redo of my delete after the colleague linked a task to mine; my add undone after the colleague put a task under
it; my delete undone after the colleague swapped two siblings below mine; an undo that would close a cycle
through the colleague's new link; my move undone after the task I moved past was deleted; my outdent undone after
a task added where mine was; 60 non-adjacent tasks deleted from a 2,000-task plan (bench_wbs.build_tasks via
apply_snapshot) with the toolbar, B adds a task atop each group, A hears, Edit ▸ 元に戻す. (2) Every environment /
data-platform form field, every review item (score / note / evidence), every proposal section (ja / en) through
features.document_field_label; refused undos of Data platform & CI table cells and the proposal's effort cell.
(3) Two windows each typing a company holiday, both crashed, restart; Discard of a restored holiday draft with no
project open; Discard in the sign-off and Start session dialogs after a crash.

Held: order and outline positions after each undo / redo above (colleague's tasks kept, mine back between the same
ones, sub-tasks back whole); parent gone said in Japanese (「…」は戻せません: 親タスクがもうありません…), the
colleague's link and sub-task keep my redo / undo refused naming both tasks; the cycle refused (wbs.step_cycle);
the big undo 0.24 s on the UI thread with every group in the expected order; every form field / item / section
named in both languages; Discard in Settings (no project open), sign-off and Start session: the fields as shown,
no draft left, nothing counted.

Broke (strict xfails below):
- test_undo_of_my_delete_after_the_colleague_swapped_two_tasks_i_never_touched_brings_mine_back: my undo of a delete
  is refused because the colleague reordered two siblings below that my delete only renumbered; the refusal names
  those two untouched tasks (the 52b defect, for a reorder instead of a delete; an add at row 0 is the same).
- test_a_refused_undo_of_a_table_cell_names_the_cell_not_the_page[...]: a refused undo of a Data platform & CI
  location / dataset cell or the proposal's effort cell names the whole page (「データ基盤・CI」「導入提案」), though
  the app names such cells elsewhere (environment.location_cell, proposal.table_cell). Fixed: the refusal names
  the cell by its table, row and column in the UI language (「置き場所「生データ(受領データ)」のパス」,
  「データセット「sales」の担当者」, 「工数「3. データ基盤構築」のデータサイエンティスト」: app/environment/names.py,
  app/proposal/content.py effort_label; tests/test_refused_field_names.py); a path no page shows still names the page.
- test_two_windows_each_typing_a_holiday_both_come_back_after_a_crash: A and B each type a company holiday (key 0),
  both crash; both drafts are on disk, the next window keeps one and drops the other from disk at once. Fixed: a
  dialog's draft taken over while another window's holds its key waits beside it (dialog:holiday~2, on disk and
  counted; the same typing twice kept once); Settings offers it once the first is added or let go
  (DraftRegistry.take_next).
"""

from __future__ import annotations

import pytest

from app.core import operations as ops
from app.core.errors import ConflictError
from app.ui.error_text import user_text
from app.wbs import operations as wbs_ops
from app.wbs.model import Dependency
from app.wbs.service import WbsService


def tree(ws, pid):
    return WbsService(ws.db).tree(pid)


def kids(ws, pid, parent) -> list[int]:
    return list(tree(ws, pid).kids(parent))


def positions(ws, pid, parent) -> list[int]:
    t = tree(ws, pid)
    return [t.tasks[i].position for i in t.kids(parent)]


def step(ws, pid, call):
    return ops.run(ws, wbs_ops.wbs_op(pid, lambda w: call(WbsService(w.db))))


def group(ws, pid, n: int = 6) -> tuple[int, list[int]]:
    """A parent with at least ``n`` leaf tasks under it, unlinked among themselves."""
    t = tree(ws, pid)
    for task in t.walk():
        k = list(t.kids(task.id))
        if len(k) >= n and not any(t.has_children(i) for i in k):
            for i in k:
                WbsService(ws.db).set_dependencies(pid, i, [])
            return task.id, k
    # none big enough: make one
    service = WbsService(ws.db)
    parent = service.add_task(pid, None, title="山田の束", completion_condition="済").created[0]
    made = [service.add_task(pid, parent, title=f"作業{n_}", completion_condition="済").created[0] for n_ in range(n)]
    return parent, made


def add(service, pid, parent, title, row=None):
    return service.add_task(pid, parent, row=row, title=title, completion_condition="済").created[0]


# --- 1. WBS undo / redo after a colleague's changes (service level, one workspace: the colleague's steps are not
#        on my stack) -----------------------------------------------------------------------------------------


def test_held_undo_of_my_indent_after_the_colleague_added_a_task_beside(workspace, demo) -> None:
    pid = demo.id
    parent, k = group(workspace, pid)
    s = WbsService(workspace.db)
    mine = step(workspace, pid, lambda sv: sv.indent(pid, [k[2]]))  # k2 under k1
    assert kids(workspace, pid, k[1]) == [k[2]]
    theirs = add(s, pid, parent, "佐藤の追加", row=2)  # between k1 and k3
    ops.run(workspace, ops.undo_op(mine), pid)
    now = kids(workspace, pid, parent)
    assert now.index(k[2]) == now.index(k[1]) + 1 or now.index(k[2]) == now.index(theirs) + 1, now
    assert theirs in now and positions(workspace, pid, parent) == list(range(len(now)))
    ops.run(workspace, ops.redo_op(mine), pid)
    assert kids(workspace, pid, k[1]) == [k[2]] and theirs in kids(workspace, pid, parent)


def refused_ja(workspace, error) -> str:
    return user_text(error, "ja", workspace.library)


def test_held_undo_of_several_non_adjacent_deletes_with_sub_tasks_after_the_colleague_added_between(workspace, demo) -> None:
    pid = demo.id
    s = WbsService(workspace.db)
    parent, k = group(workspace, pid, 6)
    sub1 = add(s, pid, k[1], "k1の子")
    sub4 = add(s, pid, k[4], "k4の子")
    before = tree(workspace, pid)
    mine = step(workspace, pid, lambda sv: sv.delete(pid, [k[1], k[4]]))
    x = add(s, pid, parent, "佐藤X", row=0)  # before everything
    y = add(s, pid, parent, "佐藤Y", row=3)  # [X, k0, k2, Y, k3, k5]
    s.delete(pid, [k[5]])  # and the colleague deletes the last
    ops.run(workspace, ops.undo_op(mine), pid)
    now = kids(workspace, pid, parent)
    assert set(now) == {x, y, *k} - {k[5]}, now
    assert now.index(k[1]) < now.index(k[2]) < now.index(k[3]) < now.index(k[4]), now
    assert now.index(k[0]) < now.index(k[1]), now
    assert kids(workspace, pid, k[1]) == [sub1] and kids(workspace, pid, k[4]) == [sub4]
    assert tree(workspace, pid).tasks[sub1] == before.tasks[sub1]
    assert positions(workspace, pid, parent) == list(range(len(now)))
    ops.run(workspace, ops.redo_op(mine), pid)
    assert kids(workspace, pid, parent) == [i for i in now if i not in (k[1], k[4])]
    assert sub1 not in tree(workspace, pid).tasks


def test_held_undo_of_my_delete_after_the_colleague_deleted_its_parent_is_refused_in_japanese(workspace, demo) -> None:
    pid = demo.id
    s = WbsService(workspace.db)
    parent, k = group(workspace, pid, 4)
    mine = step(workspace, pid, lambda sv: sv.delete(pid, [k[1]]))
    s.delete(pid, [parent])
    before = tree(workspace, pid)
    with pytest.raises(Exception) as refused:
        ops.run(workspace, ops.undo_op(mine), pid)
    text = refused_ja(workspace, refused.value)
    assert tree(workspace, pid).tasks == before.tasks
    assert "Traceback" not in text and any("\u3040" <= c <= "\u30ff" for c in text), text


def test_held_redo_of_my_delete_after_the_colleague_linked_a_task_to_it_is_refused_naming_both(workspace, demo) -> None:
    pid = demo.id
    s = WbsService(workspace.db)
    parent, k = group(workspace, pid, 4)
    titles = {i: tree(workspace, pid).tasks[i].title for i in k}
    mine = step(workspace, pid, lambda sv: sv.delete(pid, [k[1]]))
    ops.run(workspace, ops.undo_op(mine), pid)
    s.set_dependencies(pid, k[3], [Dependency(predecessor_id=k[1])])  # 佐藤: k3 waits for mine
    with pytest.raises(ConflictError) as refused:
        ops.run(workspace, ops.redo_op(mine), pid)
    text = refused_ja(workspace, refused.value)
    assert titles[k[1]] in text and titles[k[3]] in text, text
    assert [d.predecessor_id for d in tree(workspace, pid).tasks[k[3]].dependencies] == [k[1]]


def test_held_undo_of_my_add_after_the_colleague_put_a_task_under_it_is_refused(workspace, demo) -> None:
    pid = demo.id
    s = WbsService(workspace.db)
    parent, k = group(workspace, pid, 4)
    mine = step(workspace, pid, lambda sv: sv.add_task(pid, parent, row=1, title="山田の追加", completion_condition="済"))
    new = next(i for i in kids(workspace, pid, parent) if i not in k)
    s.move(pid, [k[3]], new)  # 佐藤 moves k3 under my new task
    with pytest.raises(ConflictError) as refused:
        ops.run(workspace, ops.undo_op(mine), pid)
    text = refused_ja(workspace, refused.value)
    assert "山田の追加" in text, text
    assert kids(workspace, pid, new) == [k[3]]


def test_undo_of_my_delete_after_the_colleague_swapped_two_tasks_i_never_touched_brings_mine_back(workspace, demo) -> None:
    pid = demo.id
    s = WbsService(workspace.db)
    parent, k = group(workspace, pid, 6)
    mine = step(workspace, pid, lambda sv: sv.delete(pid, [k[0]]))  # the first: k1..k5 only renumbered
    s.move_by(pid, [k[5]], -1)  # 佐藤 swaps the last two, far below mine
    theirs = kids(workspace, pid, parent)
    try:
        ops.run(workspace, ops.undo_op(mine), pid)
    except ConflictError as refused:
        pytest.fail(refused_ja(workspace, refused))
    assert kids(workspace, pid, parent) == [k[0], *theirs]


def test_held_undo_of_my_delete_that_would_close_a_cycle_through_the_colleagues_link_is_refused(workspace, demo) -> None:
    from app.core.errors import ValidationFailed
    from app.wbs.checks import dependency_cycle

    pid = demo.id
    s = WbsService(workspace.db)
    parent, k = group(workspace, pid, 4)
    s.set_dependencies(pid, k[1], [Dependency(predecessor_id=k[0])])
    s.set_dependencies(pid, k[2], [Dependency(predecessor_id=k[1])])
    mine = step(workspace, pid, lambda sv: sv.delete(pid, [k[1]]))  # k2's link to k1 goes with it
    s.set_dependencies(pid, k[0], [Dependency(predecessor_id=k[2])])  # 佐藤: k0 waits for k2
    with pytest.raises(ValidationFailed):
        ops.run(workspace, ops.undo_op(mine), pid)
    assert not dependency_cycle(tree(workspace, pid)) and k[1] not in tree(workspace, pid).tasks


def test_held_undo_of_my_move_after_the_colleague_deleted_the_task_i_moved_past(workspace, demo) -> None:
    pid = demo.id
    s = WbsService(workspace.db)
    parent, k = group(workspace, pid, 4)
    mine = step(workspace, pid, lambda sv: sv.move_by(pid, [k[1]], 1))  # [k0, k2, k1, k3]
    s.delete(pid, [k[2]])
    ops.run(workspace, ops.undo_op(mine), pid)
    assert kids(workspace, pid, parent)[:3] == [k[0], k[1], k[3]]
    ops.run(workspace, ops.redo_op(mine), pid)
    assert kids(workspace, pid, parent)[:3] == [k[0], k[3], k[1]] or kids(workspace, pid, parent)[:3] == [k[0], k[1], k[3]]


def test_held_undo_of_my_outdent_after_the_colleague_added_under_the_old_parent(workspace, demo) -> None:
    pid = demo.id
    s = WbsService(workspace.db)
    parent, k = group(workspace, pid, 4)
    grand = tree(workspace, pid).tasks[parent].parent_id
    mine = step(workspace, pid, lambda sv: sv.outdent(pid, [k[1]]))
    assert tree(workspace, pid).tasks[k[1]].parent_id == grand
    x = add(s, pid, parent, "佐藤X", row=1)  # where mine was
    ops.run(workspace, ops.undo_op(mine), pid)
    now = kids(workspace, pid, parent)
    assert now[0] == k[0] and k[1] in now[1:3] and x in now[1:3] and now[3] == k[2], now
    assert positions(workspace, pid, parent) == list(range(len(now)))
    assert positions(workspace, pid, grand) == list(range(len(kids(workspace, pid, grand))))


# --- 1b. two windows, a big plan ---------------------------------------------------------------------------------


@pytest.fixture
def said(monkeypatch) -> list[str]:
    from app.ui import messages

    shown: list[str] = []
    monkeypatch.setattr(messages, "show_error", lambda _parent, error, *a, **k: shown.append(str(error)))
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    return shown


def seen(window) -> None:
    from tests.gui_helpers import settle

    window.watcher.poll()
    settle(window)


def test_undo_of_a_big_delete_after_the_colleague_added_puts_every_task_back_in_order(qtbot, db_path, monkeypatch, said) -> None:
    """(Its time is `make bench`'s to measure, not a test's: 0.24 s on the UI thread measured here, 2,000 tasks.)"""
    from PySide6.QtCore import QItemSelectionModel

    from tests.bench_wbs import build_tasks
    from tests.gui_helpers import settle, two_windows
    from tests.test_drafts_on_disk_pages import other_workspace

    with two_windows(qtbot, db_path, monkeypatch, page="wbs") as (a, b):
        heard: list[str] = []
        a.state.problem.connect(heard.append)
        s, pid = WbsService(a.state.workspace.db), a.state.project_id
        colleague = other_workspace(a)  # another connection: the window hears it (its own writes it does not poll)
        try:
            WbsService(colleague.db).apply_snapshot(pid, build_tasks(2000))
        finally:
            colleague.close()
        seen(a)
        seen(b)
        t = s.tree(pid)
        groups = [g.id for g in t.walk() if g.title == "Group 3"][:20]
        victims = [t.kids(g)[i] for g in groups for i in (1, 4, 7)]  # 60 non-adjacent tasks
        pa = a.page("wbs")
        pa.select_task(victims[0])
        sel = pa.tree.selectionModel()
        for v in victims[1:]:
            sel.select(pa.proxy.mapFromSource(pa.model.index_of(v)), QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)
        pa.actions_by_name["delete"].trigger()
        settle(a)
        assert not any(v in s.tree(pid).tasks for v in victims), heard
        sb = WbsService(b.state.workspace.db)
        for g in groups:  # 佐藤 adds one task at the top of each group
            sb.add_task(pid, g, row=0, title="佐藤の追加", completion_condition="済")
        seen(a)
        a.undo_action.trigger()
        settle(a)
        after = s.tree(pid)
        assert all(v in after.tasks for v in victims), heard
        for g in groups:
            titles = [after.tasks[i].title for i in after.kids(g)]
            assert titles == ["佐藤の追加", *(f"Task {n} of group 3" for n in range(9))], titles


# --- 2. a refused undo names the field -------------------------------------------------------------------------


def _write(pid, kind, path, value):
    import copy

    def change(_ws, doc):
        doc = copy.deepcopy(doc)
        node = doc
        for key in path[:-1]:
            node = node.setdefault(key, {})
        node[path[-1]] = value
        return doc

    return ops.edit_document(pid, kind, change)


@pytest.mark.parametrize(
    "kind, path",
    [
        pytest.param("data_platform", ("locations", "raw", "path"), id="data-platform-location-cell"),
        pytest.param("data_platform", ("datasets", "sales", "owner"), id="data-platform-dataset-cell"),
        pytest.param("proposal", ("effort", "3", "ds"), id="proposal-effort-cell"),
    ],
)
def test_a_refused_undo_of_a_table_cell_names_the_cell_not_the_page(workspace, kind, path) -> None:
    from app import features
    from app.core.projects import ProjectService

    pid = ProjectService(workspace.db).create("案件").id
    mine = ops.run(workspace, _write(pid, kind, path, "mine"))
    ops.run(workspace, _write(pid, kind, path, "theirs"))
    with pytest.raises(ConflictError) as refused:
        ops.run(workspace, ops.undo_op(mine))
    text = refused_ja(workspace, refused.value)
    assert f"「{features.document_label(kind).ja}」" not in text, text


def test_held_every_field_of_the_environment_pages_review_and_proposal_has_a_name_in_both_languages(workspace) -> None:
    from app import features
    from app.environment.service import form_in
    from app.proposal.content import proposal_content
    from app.review.service import review_checklists

    lib = workspace.library
    missing = []
    form = form_in(lib)
    for field in form.fields:
        for kind in ("environment", "data_platform"):
            label = features.document_field_label(lib, kind, f"values.{field.id}")
            if label is None or not label.ja or not label.en or label.ja == field.id:
                missing.append((kind, field.id))
    for checklist in review_checklists(lib):
        for item in checklist.items():
            for leaf in ("score", "note", "evidence"):
                label = features.document_field_label(lib, "review", f"answers.{checklist.id}.{item.id}.{leaf}")
                if label is None or label.ja == item.id:
                    missing.append(("review", item.id, leaf))
    for section in proposal_content(lib).template.sections:
        for lang in ("ja", "en"):
            if features.document_field_label(lib, "proposal", f"texts.{section.id}.{lang}") is None:
                missing.append(("proposal", section.id))
    assert not missing, missing[:10]


# --- 3. dialog drafts --------------------------------------------------------------------------------------------


def _typed(qtbot, window, date, name):
    from PySide6.QtCore import QDate

    from tests.test_dialog_drafts import paused, settings

    dialog = settings(window)
    dialog.tabs.setCurrentWidget(dialog.holidays)
    dialog.holidays.date_edit.setDate(QDate(*date))
    dialog.holidays.name_edit.setText(name)
    paused(qtbot)
    return dialog


def test_two_windows_each_typing_a_holiday_both_come_back_after_a_crash(qtbot, db_path, monkeypatch, said) -> None:
    from PySide6.QtWidgets import QPushButton

    from tests.gui_helpers import close_window, make_window, settle
    from tests.test_dialog_drafts import settings
    from tests.test_drafts_on_disk_pages import crash

    a = make_window(qtbot, db_path, global_lang="ja")
    b = make_window(qtbot, db_path, global_lang="ja")
    _typed(qtbot, a, (2027, 6, 1), "創立記念日")
    _typed(qtbot, b, (2027, 8, 13), "夏季休暇")
    from tests.test_drafts_on_disk_pages import kept_drafts

    crash(b)
    crash(a)
    assert len([d for d in kept_drafts() if d["item_id"] == "dialog:holiday"]) == 2
    win = make_window(qtbot, db_path, global_lang="ja")
    try:
        settle(win)
        offered = []
        for _ in range(3):
            dialog = settings(win)
            name = dialog.holidays.name_edit.text()
            if not name:
                dialog.reject()
                break
            offered.append(name)
            dialog.findChild(QPushButton, "dialogDraftDiscard").click()
            dialog.reject()
            settle(win)
        second = make_window(qtbot, db_path, global_lang="ja")  # a second window takes over what is left
        settle(second)
        dialog = settings(second)
        if dialog.holidays.name_edit.text():
            offered.append(dialog.holidays.name_edit.text())
        dialog.reject()
        assert sorted(offered) == ["創立記念日", "夏季休暇"], (offered, win.save_label.toolTip())
    finally:
        close_window(win)


def test_held_discard_of_a_holiday_draft_with_no_project_open_lets_it_go_for_good(qtbot, db_path, said) -> None:
    from PySide6.QtWidgets import QPushButton

    from tests.gui_helpers import close_window, make_window, settle
    from tests.test_dialog_drafts import dialog_drafts, paused, settings
    from tests.test_drafts_on_disk_pages import COUNTED, crash, restart

    win = make_window(qtbot, db_path, global_lang="ja")
    _typed(qtbot, win, (2027, 6, 1), "創立記念日").reject()
    _typed(qtbot, win, (2027, 6, 1), "創立記念日")
    crash(win)
    win = restart(qtbot, db_path)
    try:
        win.state.close_project()
        settle(win)
        dialog = settings(win)
        assert dialog.holidays.name_edit.text() == "創立記念日"
        dialog.findChild(QPushButton, "dialogDraftDiscard").click()
        paused(qtbot)
        assert dialog.holidays.name_edit.text() == "" and not dialog_drafts()
        dialog.reject()
        settle(win)
        assert COUNTED not in win.save_label.text()
        assert not settings(win).holidays.name_edit.text()
    finally:
        close_window(win)


def test_held_discard_in_the_sign_off_and_start_session_dialogs(qtbot, db_path, said) -> None:
    from PySide6.QtWidgets import QLineEdit, QPushButton

    from app.core import operations as core_ops
    from app.projects import baselines as bl
    from app.ui.baselines.dialog import BaselinesDialog
    from app.ui.hearing.dialogs import SessionDialog
    from tests.gui_helpers import close_window, make_window, settle
    from tests.test_dialog_drafts import dialog_drafts, paused
    from tests.test_drafts_on_disk_pages import crash

    win = make_window(qtbot, db_path, global_lang="ja")
    core_ops.run(win.state.workspace, bl.create_op(win.state.project_id, "合意版1"))
    dialog = BaselinesDialog(win.state, win)
    dialog.show()
    settle(win)
    dialog.findChild(QLineEdit, "signCommentEdit").setText("条件付きで合意")
    win.show_page("hearing")
    settle(win)
    form = SessionDialog(3, win.page("hearing"))
    form.show()
    form.findChild(QLineEdit, "sessionTitle").setText("第3回ヒアリング")
    paused(qtbot)
    assert sorted(d["item_id"] for d in dialog_drafts()) == ["dialog:session", "dialog:signoff"], dialog_drafts()
    crash(win)
    win = make_window(qtbot, db_path, global_lang="ja")
    settle(win)
    try:
        dialog = BaselinesDialog(win.state, win)
        dialog.show()
        settle(win)
        assert dialog.findChild(QLineEdit, "signCommentEdit").text() == "条件付きで合意"
        dialog.findChild(QPushButton, "dialogDraftDiscard").click()
        assert dialog.findChild(QLineEdit, "signCommentEdit").text() == ""
        dialog.close()
        win.show_page("hearing")
        settle(win)
        form = SessionDialog(3, win.page("hearing"))
        form.show()
        assert form.findChild(QLineEdit, "sessionTitle").text() == "第3回ヒアリング"
        form.findChild(QPushButton, "dialogDraftDiscard").click()
        assert form.findChild(QLineEdit, "sessionTitle").text() != "第3回ヒアリング"
        paused(qtbot)
        form.reject()
        assert not dialog_drafts()
    finally:
        close_window(win)

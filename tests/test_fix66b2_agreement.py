"""Suspect links and counts read from the agreement in force (fix of breaker 66b): what a suspect row says when an
item is marked 対象外 by its status, and back."""

from __future__ import annotations

import time

from app.core import operations as ops
from app.core.projects import ProjectService
from app.hearing import operations as hearing_ops
from app.projects import baselines as bl
from app.projects import suspects as core

ITEM = "hearing.scope.training_platform"


def signed_project(workspace) -> int:
    pid = ProjectService(workspace.db).create("対象外の案件", lang="ja").id
    ops.run(workspace, hearing_ops.update_answer(pid, ITEM, value="now"))
    time.sleep(int(time.time()) + 1.02 - time.time())  # the baseline in a second of its own (as a user's pause)
    ops.run(workspace, bl.create_op(pid, "合意"))
    ops.run(workspace, bl.sign_op(pid, "合意", "山田 太郎"))
    return pid


def shown(workspace, pid: int, lang: str) -> set[tuple[str, str, str]]:
    return {(s.dependent.key, core.shown_value(workspace, s.item_id, s.old, lang), core.shown_value(workspace, s.item_id, s.new, lang))
            for s in core.suspects(workspace, pid) if s.item_id == ITEM}  # fmt: skip


def test_an_item_marked_対象外_by_its_status_reads_as_対象外_beside_what_was_agreed(workspace) -> None:
    pid = signed_project(workspace)
    ops.run(workspace, hearing_ops.update_answer(pid, ITEM, status="not_applicable"))
    assert ("proposal:scope", "現時点で対象", "対象外") in shown(workspace, pid, "ja")
    assert ("proposal:scope", "In scope now", "Not applicable") in shown(workspace, pid, "en")
    ops.run(workspace, hearing_ops.update_answer(pid, ITEM, status="answered"))  # back as agreed: nothing to check
    assert shown(workspace, pid, "ja") == set()


def test_the_tasks_an_old_one_document_baseline_holds_are_read_from_its_entry(workspace, demo) -> None:
    """A version-1 index kept each snapshot inside its entry: what it holds is read there (and a snapshot that cannot
    be read holds nothing known: every task counts as held, as before)."""
    from app.core.documents import DocumentService
    from app.core.project import AGREEMENT_KIND, last_agreed
    from app.projects.baselines import store

    taken = store.snapshot(workspace, demo.id)
    signed = {"who": "山田", "date": "2026-12-21", "recorded": "2026-12-21T01:00:00+00:00"}
    doc = {"version": 1, "baselines": {"旧A": {"kind": "kickoff", "created": "2026-12-01T09:00:00+00:00", **taken, "signoffs": [signed]}}}
    DocumentService(workspace.db).put(demo.id, AGREEMENT_KIND, doc)
    found = last_agreed(workspace.db, demo.id)
    assert found is not None and found.baseline.name == "旧A" and found.tasks == frozenset(taken["wbs"]) != frozenset()
    doc["baselines"]["旧A"]["wbs"] = "damaged"
    DocumentService(workspace.db).put(demo.id, AGREEMENT_KIND, doc)
    assert last_agreed(workspace.db, demo.id).tasks is None


def _visible_leaves(page) -> list:
    from PySide6.QtCore import QModelIndex

    found = []

    def walk(parent=QModelIndex()):
        for row in range(page.proxy.rowCount(parent)):
            index = page.proxy.index(row, 0, parent)
            task = page.model.task(page.proxy.mapToSource(index))
            if not page.model.tree.has_children(task.id):
                found.append(task)
            walk(index)

    walk()
    return found


def test_a_sign_off_in_the_window_counts_what_it_holds_as_agreed_there_and_in_the_header(qtbot, workspace, db_path) -> None:
    """The WBS totals, the header above every page, the *Not agreed* filter and the Excel summary count a task the
    newest signed baseline holds as agreed (a sign-off made in the window reaches them at once); a task generated
    after it is not agreed."""
    import re

    from app.projects.overview import overview
    from app.ui.operations import run_op
    from app.wbs.generate import generate
    from tests.gui_helpers import close_window, make_window, settle

    pid = ProjectService(workspace.db).create("合意の数", lang="ja").id
    for item in ("hearing.scope.experiment_mgmt", "hearing.scope.feature_store"):
        ops.run(workspace, hearing_ops.update_answer(pid, item, value="now"))
    generate(workspace, pid)
    tasks = overview(workspace, pid).wbs_tasks
    assert overview(workspace, pid).wbs_not_agreed == tasks > 0
    workspace.close()
    window = make_window(qtbot, db_path, global_lang="ja", global_project=str(pid))
    window.show_page("wbs")
    settle(window)
    page = window.page("wbs")

    def not_agreed() -> tuple[int, int]:
        said = re.search(r"未合意 (\d+)件", page.totals_label.text())
        header = re.search(r"未合意 (\d+)件", window.header.summary.text())
        return int(said.group(1)) if said else -1, int(header.group(1)) if header else -1

    try:
        assert not_agreed() == (tasks, tasks)
        ws = window.state.workspace
        run_op(window.state, bl.create_op(pid, "合意"), lambda: "合意")
        settle(window)
        assert not_agreed() == (tasks, tasks)  # made, not signed
        run_op(window.state, bl.sign_op(pid, "合意", "山田 太郎"), lambda: "合意")
        qtbot.waitUntil(lambda: not_agreed() == (0, 0), timeout=15000)
        page.filters.not_agreed.setChecked(True)
        settle(window)
        assert _visible_leaves(page) == []
        # A task generated after the sign-off is not agreed by it.
        run_op(window.state, hearing_ops.update_answer(pid, "hearing.scope.ci", value="later"), lambda: "CI")
        settle(window)
        page.generate_button.click()
        settle(window)
        held = set(bl.find(ws, pid, "合意").wbs)
        added = sum(1 for t in page.model.tree.tasks.values() if str(t.uid) not in held)
        assert added > 0
        qtbot.waitUntil(lambda: not_agreed() == (added, added), timeout=15000)
        assert len(_visible_leaves(page)) == added
        assert overview(ws, pid).wbs_not_agreed == added
    finally:
        close_window(window)


def test_the_excel_summary_counts_what_the_signed_baseline_holds_as_agreed(workspace, tmp_path) -> None:
    from openpyxl import load_workbook

    from app.wbs.files.xlsx import SHEET_NAMES, export_wbs_xlsx
    from app.wbs.files.xlsx_pages import _t
    from app.wbs.generate import generate

    pid = ProjectService(workspace.db).create("合意の表", lang="ja").id
    ops.run(workspace, hearing_ops.update_answer(pid, "hearing.scope.experiment_mgmt", value="now"))
    generate(workspace, pid)
    ops.run(workspace, bl.create_op(pid, "合意"))

    def counted() -> int:
        out = tmp_path / "wbs.xlsx"
        export_wbs_xlsx(workspace, pid, out, "ja")
        sheet = load_workbook(out)[SHEET_NAMES["summary"]["ja"]]
        return next(row[1] for row in sheet.iter_rows(values_only=True) if row[0] == _t("not_agreed", "ja"))

    assert counted() > 0
    ops.run(workspace, bl.sign_op(pid, "合意", "山田 太郎"))
    assert counted() == 0



def test_of_two_baselines_made_in_one_second_the_later_made_is_the_agreement(workspace, monkeypatch) -> None:
    """A script makes and signs two baselines at once (their times kept to the second, so the same): the one made
    later is in force, however their names sort."""
    from app.projects.baselines import store

    monkeypatch.setattr(store, "_now", lambda: "2026-12-01T09:00:00+00:00")
    pid = ProjectService(workspace.db).create("同じ秒の合意", lang="ja").id
    ops.run(workspace, hearing_ops.update_answer(pid, ITEM, value="now"))
    for name in ("合意B", "合意A"):
        ops.run(workspace, bl.create_op(pid, name))
        ops.run(workspace, bl.sign_op(pid, name, "山田 太郎"))
        ops.run(workspace, hearing_ops.update_answer(pid, ITEM, value="later"))
    assert {b.created for b in bl.baselines(workspace, pid)} == {"2026-12-01T09:00:00+00:00"}
    assert [(s.dependent.key, s.old, s.new) for s in core.suspects(workspace, pid)] == []  # 合意A holds later


def test_signed_tasks_a_generation_removed_after_a_scope_change_are_listed_as_deleted(qtbot, workspace, db_path) -> None:
    """A colleague's `wbs generate` after 特徴量ストア went 対象外 removes the untouched tasks the customer signed: 要確認の項目
    names each as the baseline held it, 「(削除されました)」, with the answer as agreed and now; Mark reviewed clears it,
    a re-agreement does too; nothing else lists it as built on the answer, and there is no task to go to."""
    from app.ui.suspects.dialog import SuspectDialog
    from app.wbs.generate import generate
    from app.wbs.service import WbsService
    from tests.gui_helpers import close_dialog, close_window, make_window, settle

    item = "hearing.scope.feature_store"
    pid = ProjectService(workspace.db).create("削除された合意", lang="ja").id
    for scope in ("hearing.scope.experiment_mgmt", item):
        ops.run(workspace, hearing_ops.update_answer(pid, scope, value="now"))
    generate(workspace, pid)
    time.sleep(int(time.time()) + 1.02 - time.time())
    ops.run(workspace, bl.create_op(pid, "合意"))
    ops.run(workspace, bl.sign_op(pid, "合意", "山田 太郎"))
    held = bl.find(workspace, pid, "合意").wbs
    ops.run(workspace, hearing_ops.update_answer(pid, item, value="out"))
    generate(workspace, pid)
    here = {str(t.uid) for t in WbsService(workspace.db).tree(pid).tasks.values()}
    gone = {uid: f"{t['code']} {t['title']}" for uid, t in held.items() if uid not in here}
    assert gone
    found = [s for s in core.suspects(workspace, pid) if s.dependent.removed]
    assert {s.dependent.ref for s in found} == set(gone)
    assert {(s.dependent.label.ja, s.item_id, s.old, s.new) for s in found} == {(f"{gone[s.dependent.ref]}(削除されました)", item, "now", "out") for s in found}
    assert all(s.dependent.label.en.endswith(" (deleted)") for s in found)
    assert not [d for d in core.dependents_of(workspace, pid, item) if d.removed]
    workspace.close()

    window = make_window(qtbot, db_path, global_lang="ja", global_project=str(pid))
    settle(window)
    dialog = SuspectDialog(window.state, None, window)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.model.rowCount() > 0, timeout=15000)
    try:
        row = next(n for n, r in enumerate(dialog.model.rows) if r.dependent.removed)
        dialog.table.selectRow(row)
        assert dialog.review_button.isEnabled() and not dialog.goto_button.isEnabled() and dialog.answer_button.isEnabled()
        cells = [dialog.model.index(row, c).data() for c in range(6)]
        assert cells[1].endswith("(削除されました)") and cells[2:5] == ["特徴量ストア", "現時点で対象", "対象外"], cells
        ws = window.state.workspace
        ops.run(ws, core.clear_op(pid, [s for s in core.suspects(ws, pid) if s.dependent.removed][:1]))
        assert len([s for s in core.suspects(ws, pid) if s.dependent.removed]) == len(gone) - 1
        ops.run(ws, bl.create_op(pid, "変更合意"))
        ops.run(ws, bl.sign_op(pid, "変更合意", "山田 太郎"))
        assert core.suspects(ws, pid) == []
    finally:
        close_dialog(dialog)
        close_window(window)

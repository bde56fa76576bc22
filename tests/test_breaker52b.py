"""breaker52b: two windows on one SQLite database (A 山田, B 佐藤, both Japanese, tests/gui_helpers.two_windows), a
consultant and a colleague editing the demo project at once, Undo / Redo in each window; seeded random
interleavings checked after every step against a shadow model (class World).

The model: every field edited (the hearing's 背景・課題, the proposal's 背景 section, the experiment page's
フレームワーク, the review's model.spec_reviewed score, 高橋's share in People, title / estimate / owner /
predecessors of two WBS tasks, tasks added under 3.1 with their existence, title and parent), read through the
core services; each window's own steps (merged bursts followed by the real stack's index). An Undo / Redo must
be made when nobody changed its fields since (exactly the value before back), else refused with a Japanese line
(「元に戻す: 「…」は、その後に別のウィンドウまたはプロセスで変更されました…」) and nothing changed; nothing else may change;
the page each window shows (hearing editor, proposal section, environment field, review cell, the WBS table's
tasks) must show what is stored once it has heard (``watcher.poll()``).

Tried: seeds 1-32, 40 steps each (real widgets: IME-committed typing, F2 cell editors, the review's value
combo, the People dialog, the WBS toolbar's 子タスク追加 / 削除 / インデント, Edit ▸ 元に戻す / やり直し), with a
"colleague changes what my last step changed, then my Undo (and Redo)" move 15 % of the time.

Held: no colleague value ever overwritten by an Undo or Redo (hearing, proposal, environment, review, People,
WBS cells, an added task retitled or deleted by the colleague); every undo of what only I touched restored
exactly the value before; every refusal said in Japanese (the hearing item and the WBS task named by label /
outline number and title); both windows' shown pages as stored after every heard change; no traceback.

Broke (strict xfails below):
- test_undo_of_my_delete_after_the_colleague_deleted_the_next_task_brings_mine_back: A deleted a WBS task, B
  deleted the task after it, A's Ctrl+Z was refused, naming that task and two untouched ones (only renumbered)
  as changed by another window; A's task could not come back (found by seed 13: delete / delete / undo).
  Fixed: a WBS undo / redo compares no position (renumbered by others' adds and deletes) and nothing on a task
  deleted since that the step changed only along (its position, its link to the task the step deletes); the
  step's tasks go back in its order among the siblings as they are now, refused when someone reordered them
  (app/wbs/operations.py _restore_wbs, _in_order; tests/test_undo_after_colleagues_delete.py).
- test_my_undo_refused_after_the_colleague_changed_the_field_names_the_field[env/review/people/proposal]: the
  refusal named the whole page or document (「実験環境」「レビュー」「要員」「導入提案」), not the field the colleague
  changed (フレームワーク, the checklist item, 高橋, the 背景 section), where the hearing names 「背景・課題」 and the
  WBS names the task: among dozens of fields the user could not tell which was kept as the colleague's. Fixed: a
  conflict in a project document names each field by its page's label, in the UI language
  (app.features.document_field_label, app/ui/error_text.py; tests/test_refused_field_names.py).
Harness notes: a WBS window whose new task's title editor is left open hears nothing (by design: the watcher
waits for an editor), so each add closes it with Escape.
"""

from __future__ import annotations

import os
import random
from contextlib import suppress
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from app.environment.service import EnvironmentService
from app.proposal.service import ProposalService
from app.review import review_view
from app.wbs.resources import people as people_store
from app.wbs.service import WbsService
from tests.gui_helpers import (
    environment_page,
    open_hearing_item,
    proposal_section,
    settle,
    two_windows,
)
from tests.test_breaker40b import ime
from tests.test_breaker43a import open_cell, type_in

BG = "hearing.basics.background"
SECTION = "background"
ENV = "frameworks"
CHECKLIST, REVIEW_ITEM = "ml_test_score", "model.spec_reviewed"
PERSON = "高橋"
SANDBOX = "実験規約(wiki)作成"  # 3.1: tasks are added under it


def seen(window) -> None:
    window.watcher.poll()
    settle(window)


def wbs(window):
    window.show_page("wbs")
    settle(window)
    return window.page("wbs")


def self_sandbox(tree) -> int:
    return next(t.id for t in tree.tasks.values() if t.title == SANDBOX)


class World:
    """Both windows, the shadow model, and what each window said."""

    def __init__(self, a, b, said, rng: random.Random) -> None:
        self.a, self.b, self.said, self.rng = a, b, said, rng
        self.heard: dict[str, list[str]] = {"A": [], "B": []}
        a.state.problem.connect(self.heard["A"].append)
        b.state.problem.connect(self.heard["B"].append)
        self.name = {id(a): "A", id(b): "B"}
        self.pid = a.state.project_id
        tree = self.tree()
        leaves = [t.id for t in tree.walk() if not tree.has_children(t.id) and tree.tasks[t.id].parent_id != self_sandbox(tree)]
        self.fixed = leaves[12:14]
        self.sandbox = next(t.id for t in tree.tasks.values() if t.title == SANDBOX)
        self.added: list[int] = []
        self.shadow = self.read_all()
        self.done = {"A": [], "B": []}
        self.undone = {"A": [], "B": []}
        self.log: list[str] = []
        self.problems: list[str] = []
        self.n = 0

    # --- the stored state, through the core services ---
    def tree(self):
        return WbsService(self.a.state.workspace.db).tree(self.pid)

    def keys(self) -> list[tuple]:
        keys = [("hearing",), ("proposal",), ("env",), ("review",), ("people",)]
        for t in self.fixed:
            keys += [("task", t, f) for f in ("title", "estimate_days", "owner_name", "deps")]
        for t in self.added:
            keys += [("task", t, f) for f in ("exists", "title", "parent")]
        return keys

    def read_all(self) -> dict:
        ws, pid = self.a.state.workspace, self.pid
        tree = self.tree()
        out = {}
        for key in self.keys():
            kind = key[0]
            if kind == "hearing":
                out[key] = self.a.state.answers.answer(pid, BG).value
            elif kind == "proposal":
                out[key] = ProposalService(self.a.state.documents).load(pid).texts.get(SECTION, {}).get("ja")
            elif kind == "env":
                out[key] = EnvironmentService(ws).choices(pid, "ja").value(ENV)
            elif kind == "review":
                out[key] = review_view(ws, pid).checklist(CHECKLIST).items[REVIEW_ITEM].answer.score
            elif kind == "people":
                person = people_store.by_name(people_store.read(ws, pid)).get(PERSON)
                out[key] = None if person is None else person.percent
            else:
                _, t, f = key
                task = tree.tasks.get(t)
                if f == "exists":
                    out[key] = task is not None
                elif task is None:
                    out[key] = None
                elif f == "deps":
                    out[key] = tuple(sorted(repr(d) for d in task.dependencies))
                elif f == "parent":
                    out[key] = task.parent_id
                else:
                    out[key] = getattr(task, f)
        return out

    # --- checks ---
    def problem(self, text: str) -> None:
        self.problems.append(f"step {self.n}: {text}\n  " + "\n  ".join(self.log[-12:]))

    def check_rest(self, touched: set) -> dict:
        now = self.read_all()
        for key, value in now.items():
            if key not in touched and key in self.shadow and self.shadow[key] != value:
                self.problem(f"{key} changed by nobody's step: {self.shadow[key]!r} -> {value!r}")
        return now

    def check_widgets(self) -> None:
        for w in (self.a, self.b):
            name = self.name[id(w)]
            page = w.current_page()
            current = page.page_id
            if current == "hearing" and page.editor.item_id == BG:
                shown = page.editor.editors["value"].edit.toPlainText()
                if shown != (self.shadow[("hearing",)] or ""):
                    self.problem(f"{name}'s hearing editor shows {shown!r}, stored {self.shadow[('hearing',)]!r}")
            elif current == "proposal" and page.sections.editors:
                shown = page.sections.editor(SECTION).edit.toPlainText()
                if shown != (self.shadow[("proposal",)] or ""):
                    self.problem(f"{name}'s proposal section shows {shown[:40]!r}, stored {str(self.shadow[('proposal',)])[:40]!r}")
            elif current == "experiment":
                shown = page.findChild(QLineEdit, f"field_{ENV}").text()
                if shown != (self.shadow[("env",)] or ""):
                    self.problem(f"{name}'s experiment field shows {shown!r}, stored {self.shadow[('env',)]!r}")
            elif current == "review":
                m = page.model
                shown = m.index(m.row_of(REVIEW_ITEM), m.column_of("score")).data()
                value = self.shadow[("review",)]
                if (value is None and shown != "—") or (value is not None and not str(shown).startswith(f"{value:g}")):
                    self.problem(f"{name}'s review cell shows {shown!r}, stored {value!r}")
            elif current == "wbs":
                shown, tree = page.model.tree, self.tree()
                if [t.id for t in shown.walk()] != [t.id for t in tree.walk()]:
                    self.problem(f"{name}'s WBS table's tasks differ from stored: shown only {set(shown.tasks) - set(tree.tasks)}, stored only {set(tree.tasks) - set(shown.tasks)}")
                else:
                    differ = [i for i in tree.tasks if shown.tasks[i].__dict__ != tree.tasks[i].__dict__]
                    if differ:
                        self.problem(f"{name}'s WBS table shows tasks {[(i, {k: (v, tree.tasks[i].__dict__[k]) for k, v in shown.tasks[i].__dict__.items() if v != tree.tasks[i].__dict__[k]}) for i in differ]} unlike stored")

    def hear(self) -> None:
        for w in (self.a, self.b):
            seen(w)
        for w in (self.a, self.b):
            seen(w)

    # --- steps ---
    def edit(self, w, what: str, value, do) -> None:
        """An edit in window w of the shadow keys ``what`` (a list), made by ``do()``."""
        name = self.name[id(w)]
        stack = w.state.undo_stack
        index = stack.index()
        self.activate(w)
        do()
        settle(w)
        self.hear()
        now = self.check_rest(set(what))
        step = {k: (self.shadow.get(k), now.get(k)) for k in what}
        changed = {k for k, (x, y) in step.items() if x != y}
        if stack.index() == index + 1 and changed:
            self.done[name].append(step)
            self.undone[name].clear()
        elif stack.index() == index and changed and self.done[name] and set(self.done[name][-1]) == set(step):
            top = self.done[name][-1]  # merged into the step before (a burst of typing)
            self.done[name][-1] = {k: (top[k][0], now[k]) for k in step}
            self.undone[name].clear()
        elif changed or stack.index() != index:
            self.problem(f"{name} {what}: stack {index}->{stack.index()}, changed {changed}")
        self.shadow = now
        if value is not None:
            self.log.append(f"{name} edits {what[0]} to {value!r}")
        self.check_widgets()

    def step_back(self, w, undo: bool) -> None:
        name = self.name[id(w)]
        stack = self.done[name] if undo else self.undone[name]
        label = "undo" if undo else "redo"
        if not stack:
            return
        step = stack[-1]
        heard_before = len(self.heard[name]) + len(self.said)
        (w.undo_action if undo else w.redo_action).trigger()
        settle(w)
        self.hear()
        now = self.check_rest(set(step))
        frm, to = (1, 0) if undo else (0, 1)
        mine = all(self.shadow[k] == v[frm] for k, v in step.items())  # nobody changed it since
        applied = all(now[k] == v[to] for k, v in step.items())
        untouched = all(now[k] == self.shadow[k] for k in step)
        said = (self.heard[name] + self.said)[heard_before:] if len(self.heard[name]) + len(self.said) > heard_before else []
        self.log.append(f"{name} {label} of {sorted(step)} -> {'made' if applied else 'refused' if untouched else 'PARTIAL'} {said[-1:] if said else ''}")
        if applied and untouched:  # nothing to do either way (the colleague did the same already): the step still
            stack.pop()  # moves to the other side of Qt's stack (break-it 52e: seeds 8, 20, 40 took it off)
            (self.undone if undo else self.done)[name].append(step)
        elif applied and not untouched:
            stack.pop()
            (self.undone if undo else self.done)[name].append(step)
            if not mine:
                self.problem(f"{name}'s {label} overwrote a colleague's later value: {[(k, self.shadow[k], now[k]) for k in step]}")
        elif untouched and not applied:
            stack.pop()  # refused: Qt drops the step
            if mine:
                self.problem(f"{name}'s {label} of what only {name} touched was refused: {said}")
            elif not said:
                self.problem(f"{name}'s {label} refused without a word")
        else:
            self.problem(f"{name}'s {label} partly made: {[(k, self.shadow[k], now[k]) for k in step]}")
            stack.pop()
        self.shadow = now
        self.check_widgets()

    def activate(self, w) -> None:
        w.activateWindow()
        self.qtbot.waitUntil(w.isActiveWindow, timeout=3000)

    # --- the edits, as the user makes them ---
    def stamp(self, w) -> str:
        self.n += 1
        return f"{'山田' if w is self.a else '佐藤'}の入力{self.n}"

    def edit_hearing(self, w) -> None:
        text = self.stamp(w)

        def do():
            editor = open_hearing_item(w, self.qtbot, BG)
            field = editor.editors["value"].edit
            field.setFocus()
            field.selectAll()
            ime(field, text)
        self.edit(w, [("hearing",)], text, do)

    def edit_proposal(self, w) -> None:
        text = self.stamp(w)

        def do():
            _page, _sid, field = proposal_section(w, self.qtbot, 0)
            field.selectAll()
            ime(field, text)
        self.edit(w, [("proposal",)], text, do)

    def edit_env(self, w) -> None:
        self.stamp(w)
        text = f"Torch{'A' if w is self.a else 'B'}{self.n}"

        def do():
            page = environment_page(w, self.qtbot, "experiment")
            field = page.findChild(QLineEdit, f"field_{ENV}")
            field.setFocus()
            field.selectAll()
            self.qtbot.keyClicks(field, text)
            self.qtbot.keyClick(field, Qt.Key.Key_Return)
        self.edit(w, [("env",)], text, do)

    def edit_review(self, w) -> None:
        from tests.test_review_page import pick_value

        choices = [v for v in (0.0, 0.5, 1.0) if v != self.shadow[("review",)]]
        value = self.rng.choice(choices)

        def do():
            w.show_page("review")
            settle(w)
            pick_value(self.qtbot, w, REVIEW_ITEM, "score", value)
        self.edit(w, [("review",)], value, do)

    def edit_people(self, w) -> None:
        from PySide6.QtWidgets import QPushButton

        from tests.test_breaker27a import open_people

        value = self.rng.choice([v for v in (20, 40, 60, 80) if v != self.shadow[("people",)]])

        def do():
            dialog = open_people(w, self.qtbot)
            try:
                dialog.table.selectRow(dialog.model.row_of(PERSON))
                dialog.percent.setFocus()
                dialog.percent.selectAll()
                self.qtbot.keyClicks(QApplication.focusWidget(), str(value))
                dialog.findChild(QPushButton, "wbsPersonSave").click()
                settle(w)
            finally:
                dialog.close()
        self.edit(w, [("people",)], value, do)

    def edit_cell(self, w, task: int, field: str) -> None:
        tree = self.tree()
        if field == "title":
            text = self.stamp(w)
        elif field == "estimate_days":
            text = self.rng.choice([v for v in ("1.5", "2", "3.5", "4", "6") if float(v) != self.shadow.get(("task", task, field))])
        elif field == "owner_name":
            text = self.rng.choice([n for n in ("山田", "佐藤", "鈴木") if n != self.shadow.get(("task", task, field))])
        else:  # predecessors: another fixed task, or none
            other = next(t for t in self.fixed if t != task)
            text = self.rng.choice(["", tree.codes[other]]) if tree.codes.get(other) else ""
            if ("task", task, "deps") in self.shadow and not self.shadow[("task", task, "deps")] and text == "":
                text = tree.codes[other]

        def do():
            p = wbs(w)
            editor = open_cell(w, self.qtbot, task, "predecessors" if field == "deps" else field)
            if text:
                type_in(editor, text)
            else:
                QApplication.sendEvent(editor, __import__("PySide6.QtGui", fromlist=["QKeyEvent"]).QKeyEvent(
                    __import__("PySide6.QtCore", fromlist=["QEvent"]).QEvent.Type.KeyPress, Qt.Key.Key_Delete, Qt.KeyboardModifier.NoModifier))
            self.qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
            settle(w)
            assert p
        self.edit(w, [("task", task, field)], f"{tree.tasks[task].title}: {text}", do)

    def add_task(self, w) -> None:
        before = set(self.tree().tasks)

        def do():
            p = wbs(w)
            p.select_task(self.sandbox)
            p.actions_by_name["addChild"].trigger()
            settle(w)
            editor = QApplication.focusWidget()
            if p.tree.state() == p.tree.State.EditingState:
                self.qtbot.keyClick(editor, Qt.Key.Key_Escape)  # the new task's title kept as given
            settle(w)
            assert p.tree.state() != p.tree.State.EditingState
        w_index = w.state.undo_stack.index()
        self.activate(w)
        do()
        new = set(self.tree().tasks) - before
        if len(new) != 1:
            self.problem(f"add made {new}")
            return
        t = new.pop()
        self.added.append(t)
        for f, v in (("exists", False), ("title", None), ("parent", None)):
            self.shadow[("task", t, f)] = v
        keys = [("task", t, f) for f in ("exists", "title", "parent")]
        # the add is already made: record it as edit() would
        self._record_made(w, keys, w_index, f"adds a task #{t}")

    def _record_made(self, w, keys, index, text) -> None:
        name = self.name[id(w)]
        settle(w)
        self.hear()
        now = self.check_rest(set(keys))
        step = {k: (self.shadow.get(k), now.get(k)) for k in keys}
        if w.state.undo_stack.index() == index + 1:
            self.done[name].append(step)
            self.undone[name].clear()
        else:
            self.problem(f"{name} {text}: stack {index}->{w.state.undo_stack.index()}")
        self.shadow = now
        self.log.append(f"{name} {text}")
        self.check_widgets()

    def living_added(self, leaf: bool = True) -> list[int]:
        tree = self.tree()
        return [t for t in self.added if t in tree.tasks and (not leaf or not tree.has_children(t))]

    def delete_task(self, w, t: int) -> None:
        keys = [("task", t, f) for f in ("exists", "title", "parent")]
        index = w.state.undo_stack.index()
        p = wbs(w)
        p.select_task(t)
        p.actions_by_name["delete"].trigger()
        self._record_made(w, keys, index, f"deletes #{t}")

    def indent_task(self, w, t: int) -> None:
        tree = self.tree()
        kids = tree.kids(tree.tasks[t].parent_id)
        if kids.index(t) == 0:
            return
        keys = [("task", t, "parent")]
        index = w.state.undo_stack.index()
        p = wbs(w)
        p.select_task(t)
        p.actions_by_name["indent"].trigger()
        self._record_made(w, keys, index, f"indents #{t}")

    def edit_key(self, w, key: tuple) -> bool:
        """An edit in w of the field ``key`` (False when it cannot be edited now)."""
        if key[0] == "task":
            t, f = key[1], key[2]
            if t not in self.tree().tasks or f in ("exists", "parent"):
                return False
            self.edit_cell(w, t, f)
            return True
        getattr(self, f"edit_{key[0]}")(w)
        return True

    def random_step(self) -> None:
        rng = self.rng
        w = rng.choice([self.a, self.b])
        roll = rng.random()
        name = self.name[id(w)]
        if roll < 0.15 and self.done[name]:  # the colleague changes what my last step changed, then my Undo / Redo
            keys = sorted(k for k in self.done[name][-1] if not (k[0] == "task" and k[2] in ("exists", "parent")))
            if not keys:
                return
            key = keys[0]
            other = self.b if w is self.a else self.a
            if self.edit_key(other, key):
                self.step_back(w, undo=True)
                if rng.random() < 0.5:
                    self.step_back(w, undo=False)
            return
        if roll < 0.30:
            self.step_back(w, undo=True)
        elif roll < 0.40:
            self.step_back(w, undo=False)
        else:
            kind = rng.choice(["hearing", "proposal", "env", "review", "people", "cell", "cell", "cell", "add", "delete", "indent", "added_title"])
            if kind == "hearing":
                self.edit_hearing(w)
            elif kind == "proposal":
                self.edit_proposal(w)
            elif kind == "env":
                self.edit_env(w)
            elif kind == "review":
                self.edit_review(w)
            elif kind == "people":
                self.edit_people(w)
            elif kind == "cell":
                self.edit_cell(w, rng.choice(self.fixed), rng.choice(["title", "estimate_days", "owner_name", "deps"]))
            elif kind == "add":
                self.add_task(w)
            elif kind == "delete" and self.living_added():
                self.delete_task(w, rng.choice(self.living_added()))
            elif kind == "indent" and self.living_added(leaf=False):
                self.indent_task(w, rng.choice(self.living_added(leaf=False)))
            elif kind == "added_title" and self.living_added(leaf=False):
                self.edit_cell(w, rng.choice(self.living_added(leaf=False)), "title")


@pytest.mark.qt_log_ignore("This plugin does not support")
@pytest.mark.parametrize("seed", [int(x) for x in os.environ.get("SEEDS52B", "13").split(",")])  # (13 found the delete)
def test_random_interleaving(qtbot, db_path, monkeypatch, said, seed) -> None:
    """40 random steps (edits, adds, deletes, indents, Undo, Redo in either window); after each, every shadow
    field as stored, each window's shown page as stored, an undo / redo made only when nobody changed its
    fields since (else refused and said). SEEDS52B=4,5,... runs other seeds."""
    import time

    with two_windows(qtbot, db_path, monkeypatch) as (a, b):
        world = World(a, b, said, random.Random(seed))
        world.qtbot = qtbot
        start = time.monotonic()
        for _ in range(40):
            world.random_step()
            if time.monotonic() - start > 50:
                break
        with suppress(OSError):
            Path(f"/tmp/brk52b/log-{seed}.txt").write_text("\n".join(world.log), encoding="utf-8")
        assert not world.problems, "\n".join(world.problems[:6]) + "\n---\n" + "\n".join(world.log)


def siblings(tree) -> tuple[int, int]:
    """Two leaf tasks side by side under one parent (the first of the kind in the plan), not the last ones."""
    for t in tree.walk():
        kids = tree.kids(t.id)
        leaves = [k for k in kids if not tree.has_children(k)]
        if len(leaves) >= 3 and kids[:2] == leaves[:2]:
            return kids[0], kids[1]
    raise AssertionError("no siblings")


def test_undo_of_my_delete_after_the_colleague_deleted_the_next_task_brings_mine_back(qtbot, db_path, monkeypatch, said) -> None:
    with two_windows(qtbot, db_path, monkeypatch, page="wbs") as (a, b):
        heard: list[str] = []
        a.state.problem.connect(heard.append)
        service = WbsService(a.state.workspace.db)
        pid = a.state.project_id
        x, y = siblings(service.tree(pid))
        title = service.tree(pid).tasks[x].title
        pa = wbs(a)
        pa.select_task(x)
        pa.actions_by_name["delete"].trigger()  # 山田 deletes X
        settle(a)
        seen(b)
        pb = wbs(b)
        pb.select_task(y)
        pb.actions_by_name["delete"].trigger()  # 佐藤 deletes Y, the task after it
        settle(b)
        seen(a)
        a.undo_action.trigger()  # 山田's Ctrl+Z
        settle(a)
        seen(b)
        tree = service.tree(pid)
        assert x in tree.tasks and tree.tasks[x].title == title, heard
        assert y not in tree.tasks


def label_of(world, kind: str) -> str:
    """The label the page shows for the field edited (as the hearing's refusal names 「背景・課題」)."""
    ws = world.a.state.workspace
    if kind == "env":
        return EnvironmentService(ws).form.field(ENV).label.ja
    if kind == "review":
        view = review_view(ws, world.pid).checklist(CHECKLIST).items[REVIEW_ITEM]
        item = getattr(view, "item", view)
        return item.label.ja
    if kind == "proposal":
        from app.proposal.content import proposal_content

        return next(s.title.ja for s in proposal_content(ws.library).template.sections if s.id == SECTION)
    if kind == "hearing":
        return "背景・課題"
    return PERSON


@pytest.mark.qt_log_ignore("This plugin does not support")
@pytest.mark.parametrize("kind", [
    pytest.param("hearing"),
    pytest.param("env"),
    pytest.param("review"),
    pytest.param("people"),
    pytest.param("proposal"),
])
def test_my_undo_refused_after_the_colleague_changed_the_field_names_the_field(qtbot, db_path, monkeypatch, said, kind) -> None:
    """Three steps: 山田 (A) edits a field; 佐藤 (B), having heard it, edits the same field; 山田's Ctrl+Z is refused
    (佐藤's value kept) and said in Japanese naming the field by the label the page shows."""
    with two_windows(qtbot, db_path, monkeypatch) as (a, b):
        world = World(a, b, said, random.Random(0))
        world.qtbot = qtbot
        if kind == "hearing":
            world.edit_hearing(a)
            world.edit_hearing(b)
        else:
            getattr(world, f"edit_{kind}")(a)
            getattr(world, f"edit_{kind}")(b)
        kept = world.shadow[(kind,)]
        world.step_back(a, undo=True)
        assert world.read_all()[(kind,)] == kept  # 佐藤's value kept
        assert not world.problems, world.problems
        assert world.heard["A"], (world.log, said)
        message = world.heard["A"][-1]
        assert message.startswith("元に戻す: ")
        assert f"「{label_of(world, kind)}」" in message, message

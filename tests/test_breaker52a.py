"""breaker52a: undo / redo as a state machine, driven by seeded random sequences of user edits in one
Japanese window (make_window(..., global_lang="ja")) on the demo project; after every step the project's whole
stored state (transfer.export_data plus the company holidays, timestamps away) is checked against the state
recorded when the undo stack was last at the same index; at the end Undo all the way must give the state
before the first edit and Redo all the way the last one; after each Undo / Redo the WBS table's cells (title,
owner, estimate) and the hearing editor's answer must show what is stored.

Tried: 12 seeds x 60-80 steps (test_explore, BREAK52A_WALK=1; the walk of each in /tmp/brk52a/seedN.txt) of:
WBS cells opened with F2 and typed (title, estimate, owner, priority from its list, predecessors by code),
WBS add / delete / indent / outdent / move up / down, Generate, Schedule; hearing answers typed (real key
events, Japanese and 𠮷), status buttons, table rows added / removed (hearing data sources, system-planning
function list); proposal sections typed; experiment-environment fields typed; data-platform storage cells;
review scores in the cell's combo box; People added in the People dialog; a company holiday added; project
Properties (customer); a baseline saved; typing followed at once by Undo (before the pause that saves it) in
the hearing, the proposal, an environment field and an open WBS cell; Edit ▸ Undo / Redo and Ctrl+Z /
Ctrl+Shift+Z in whatever has the focus, undo then a new edit (the redo branch dropped).

Held: in all 12 walks every Undo / Redo came back to exactly the stored state recorded at that index (answers,
documents, WBS tasks and links, people, baselines, properties, holidays), Undo all / Redo all gave the first /
last state, the WBS table and the hearing editor showed what was stored after every Undo / Redo, typing undone
at once left nothing stored, refused predecessor cycles were said in Japanese and changed nothing.
Normalised away as not state (design, not counted): the answers' history grows on undo (append-only, an undo
is history too); the WBS's next_uid counter does not go back on an undone add; an undone first answer leaves
an answer row saying nothing (not_asked, no value) where there was none.
Not counted: Ctrl+Z / Ctrl+Shift+Z sent with no focus widget at all (after a predecessors cell whose completer
popup had grabbed the keyboard, offscreen) did nothing: an artefact of the offscreen platform's focus, not
checked on a real display.

Broke (fixed in the same session: a move drops the links between the tasks moved and their new summaries, said
below the table, undone with it; one linked through other tasks is refused, wbs.move_cycle):
- test_indent_under_its_own_predecessor_leaves_a_plan_that_schedules: Indent of 3.1.9 実験規約の説明会 (after
  3.1.8) makes it the sub-task of its own predecessor without a word; Schedule then refuses the whole plan
  (「日程を計算できません: 先行タスクが循環しています(3.1.8.1 → 3.1.8)」) and so does every later predecessor
  typed anywhere (「この先行タスクは設定できません: 依存関係が循環します(3.1.8.1 → 3.1.8)」) until it is undone.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialogButtonBox,
    QLineEdit,
    QPushButton,
    QTableView,
    QWidget,
)

from app.hearing.model import AnswerStatus
from app.projects.transfer import export_data
from app.ui import messages
from app.ui.wbs.columns import INDEX
from app.wbs import company_calendar as cc
from app.wbs.service import WbsService
from tests.gui_helpers import (
    close_window,
    environment_page,
    make_window,
    open_hearing_item,
    proposal_section,
    settle,
)

SCRATCH = Path("/tmp/brk52a")
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier

# --- the stored state ------------------------------------------------------------------------------


# Not state: timestamps; the answers' history (append-only: an undo is history too); the WBS's uid counter
# (uids are never given twice, so an undone add does not hand its uid back).
IGNORED = ("app_version", "history", "next_uid")


def _norm(value):
    if isinstance(value, dict):
        return {k: _norm(v) for k, v in value.items() if not (k.endswith("_at") or k in IGNORED)}
    if isinstance(value, list):
        return [_norm(v) for v in value]
    return value


def _blank(answer: dict) -> bool:
    """An answer row that says nothing (left by an undone first answer): the same as no row."""
    return (answer["status"], answer["value"], answer["later"], answer["note"], answer["hypothesis_state"], answer["followup_owner"]) == (
        "not_asked", None, None, "", "none", "")


def state_of(window) -> dict:
    """The project's whole stored state (its JSON export, timestamps away) and the company holidays."""
    data = _norm(export_data(window.state.workspace.db, window.state.project_id))
    data["answers"] = [a for a in data["answers"] if not _blank(a)]
    data["company_holidays"] = {d.isoformat(): n for d, n in cc.holidays(window.state.workspace.db).items()}
    return json.loads(json.dumps(data, default=str, sort_keys=True))


def _key(rows: list[dict]) -> str | None:
    return next((k for k in ("item_id", "uid", "kind", "name") if all(k in r for r in rows)), None)


def diff(a, b, path: str = "") -> list[str]:
    """Where two states differ (the first few)."""
    out: list[str] = []
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                out.append(f"{path}/{k}: {'missing' if k not in a else repr(a[k])[:150]} != {'missing' if k not in b else repr(b[k])[:150]}")
            else:
                out += diff(a[k], b[k], f"{path}/{k}")
    elif isinstance(a, list) and isinstance(b, list) and a and b and all(isinstance(x, dict) for x in a + b) and _key(a + b):
        key = _key(a + b)
        out += diff({str(x[key]): x for x in a}, {str(x[key]): x for x in b}, path)
    elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for n, (x, y) in enumerate(zip(a, b, strict=True)):
            out += diff(x, y, f"{path}[{n}]")
    elif a != b:
        out.append(f"{path}: {repr(a)[:200]} != {repr(b)[:200]}")
    return out[:12]


# --- the user's edits ------------------------------------------------------------------------------


def type_in(editor, text: str) -> None:
    """Key events carrying the text (Japanese as an input method commits it)."""
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(editor, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))


WORDS = ["顧客", "合意", "確認", "データ", "モデル", "評価", "精度", "再学習", "監視", "山田", "佐藤", "ＰｏＣ", "𠮷", "テスト"]


def words(rng: random.Random, n: int = 2) -> str:
    return "".join(rng.choice(WORDS) for _ in range(n)) + str(rng.randint(1, 99))


class User:
    """One Japanese user's window and the edits it makes."""

    def __init__(self, window, qtbot, rng: random.Random) -> None:
        self.w, self.qtbot, self.rng = window, qtbot, rng
        self.log: list[str] = []

    # helpers
    def wbs(self):
        self.w.show_page("wbs")
        settle(self.w)
        return self.w.page("wbs")

    def tasks(self):
        return WbsService(self.w.state.workspace.db).tree(self.w.state.project_id)

    def some_task(self, leaf: bool = False) -> tuple[int, str]:
        tree = self.tasks()
        ids = [t.id for t in tree.walk() if not leaf or not tree.kids(t.id)]
        tid = self.rng.choice(ids)
        return tid, f"{tree.codes[tid]} {tree.tasks[tid].title}"

    def open_cell(self, task_id: int, key: str):
        p = self.wbs()
        self.w.activateWindow()
        self.qtbot.waitUntil(self.w.isActiveWindow)
        p.select_task(task_id)
        p.tree.setFocus()
        index = p.proxy.mapFromSource(p.model.index_of(task_id, INDEX[key]))
        p.tree.setCurrentIndex(index)
        self.qtbot.keyClick(p.tree, Qt.Key.Key_F2)
        self.qtbot.waitUntil(lambda: p.tree.state() == QAbstractItemView.State.EditingState, timeout=2000)
        editor = QApplication.focusWidget()
        assert editor is not None and editor is not p.tree, (key, editor)
        if isinstance(editor, QLineEdit):
            editor.selectAll()
        elif hasattr(editor, "lineEdit") and editor.lineEdit() is not None:
            editor.lineEdit().selectAll()
        return editor

    def cell(self, key: str, text: str, leaf: bool = False) -> str:
        tid, name = self.some_task(leaf)
        editor = self.open_cell(tid, key)
        if isinstance(editor, QComboBox) and not editor.isEditable():
            at = self.rng.randrange(editor.count())
            editor.setCurrentIndex(at)
            text = editor.currentText()
        else:
            type_in(editor, text)
        self.qtbot.keyClick(editor, Qt.Key.Key_Return)
        settle(self.w)
        return f"WBS {name}: {key} ← {text}"

    def act(self, name: str) -> str:
        p = self.wbs()
        tid, label = self.some_task()
        p.select_task(tid)
        p.tree.setFocus()
        p.actions_by_name[name].trigger()
        settle(self.w)
        return f"WBS {name} on {label}"

    # the edits
    def wbs_title(self) -> str:
        return self.cell("title", words(self.rng))

    def wbs_estimate(self) -> str:
        return self.cell("estimate_days", str(self.rng.choice([0.5, 1, 2, 3, 5, 8])), leaf=True)

    def wbs_owner(self) -> str:
        return self.cell("owner_name", self.rng.choice(["山田", "佐藤", "Tanaka", "高橋(先方)"]))

    def wbs_priority(self) -> str:
        return self.cell("priority", "")

    def wbs_predecessors(self) -> str:
        tree = self.tasks()
        leaves = [t.id for t in tree.walk() if not tree.kids(t.id)]
        other = self.rng.choice(leaves)
        return self.cell("predecessors", tree.codes[other], leaf=True)

    def wbs_add(self) -> str:
        out = self.act("add")
        self.wbs().tree.setFocus()
        settle(self.w)
        return out

    def wbs_delete(self) -> str:
        return self.act("delete")

    def wbs_indent(self) -> str:
        return self.act("indent")

    def wbs_outdent(self) -> str:
        return self.act("outdent")

    def wbs_move(self) -> str:
        return self.act(self.rng.choice(["moveUp", "moveDown"]))

    def wbs_generate(self) -> str:
        self.wbs().findChild(QPushButton, "wbsGenerate").click()
        settle(self.w)
        return "WBS Generate"

    def wbs_schedule(self) -> str:
        self.wbs().findChild(QPushButton, "wbsSchedule").click()
        settle(self.w)
        return "WBS Schedule"

    def hearing_text(self) -> str:
        item = self.rng.choice(["hearing.basics.accuracy_avc", "hearing.basics.background"])
        editor = open_hearing_item(self.w, self.qtbot, item)
        field = editor.editors["value"].edit
        field.setFocus()
        text = words(self.rng)
        type_in(field, text)
        settle(self.w)
        return f"hearing {item} typed {text}"

    def hearing_status(self) -> str:
        item = self.rng.choice(["hearing.prereq.concerns", "hearing.basics.accuracy_avc"])
        editor = open_hearing_item(self.w, self.qtbot, item)
        status = self.rng.choice([AnswerStatus.FOLLOW_UP, AnswerStatus.ANSWERED, AnswerStatus.NOT_APPLICABLE])
        self.qtbot.mouseClick(editor.status_buttons[status], Qt.MouseButton.LeftButton)
        settle(self.w)
        return f"hearing {item} status {status}"

    def hearing_row(self) -> str:
        item = self.rng.choice(["hearing.prereq.data_sources", "system_planning.functions.list"])
        editor = open_hearing_item(self.w, self.qtbot, item)
        table = editor.editors["value"]
        add = self.rng.random() < 0.6 or table.model.rowCount() == 0
        if add:
            self.qtbot.mouseClick(table.addRow_button, Qt.MouseButton.LeftButton)
            row = table.model.rowCount() - 1
            table.model.setData(table.model.index(row, 0), words(self.rng))
        else:
            table.view.setCurrentIndex(table.model.index(self.rng.randrange(table.model.rowCount()), 0))
            self.qtbot.mouseClick(table.removeRow_button, Qt.MouseButton.LeftButton)
        settle(self.w)
        return f"{item} row {'added' if add else 'removed'}"

    def proposal(self) -> str:
        _page, section, field = proposal_section(self.w, self.qtbot, self.rng.randrange(3))
        text = words(self.rng)
        type_in(field, text)
        settle(self.w)
        return f"proposal {section} typed {text}"

    def env_field(self) -> str:
        page = environment_page(self.w, self.qtbot)
        name = self.rng.choice(["field_frameworks", "field_branch_naming"])
        field = page.findChild(QLineEdit, name)
        field.setFocus()
        field.end(False)
        text = self.rng.choice(["-a", "-b", "x"])
        self.qtbot.keyClicks(field, text)
        settle(self.w)
        return f"experiment {name} typed {text}"

    def data_ci_cell(self) -> str:
        page = environment_page(self.w, self.qtbot, "data-ci")
        view = page.findChild(QTableView, "locationsTable")
        model = view.model()
        index = model.index(self.rng.randrange(model.rowCount()), self.rng.choice([2, 3]))
        view.setFocus()
        view.setCurrentIndex(index)
        view.edit(index)
        editor = next(e for e in view.findChildren(QLineEdit) if e.isVisible())
        text = words(self.rng)
        editor.setText(text)
        self.qtbot.keyClick(editor, Qt.Key.Key_Return)
        settle(self.w)
        return f"data-ci location ({index.row()},{index.column()}) ← {text}"

    def review_mark(self) -> str:
        from tests.test_review_page import choose

        self.w.show_page("review")
        settle(self.w)
        choose(self.w, "ml_test_score")
        page = self.w.page("review")
        item = self.rng.choice(["model.spec_reviewed", "data.beneficial", "data.schema"])
        table = page.findChild(QTableView, "reviewItems")
        index = page.model.index(page.model.row_of(item), page.model.column_of("score"))
        table.setCurrentIndex(index)
        table.edit(index)
        combo = next(c for c in table.findChildren(QComboBox, "reviewValueEditor") if c.isVisible())
        at = self.rng.randrange(combo.count())
        combo.setCurrentIndex(at)
        combo.activated.emit(at)
        settle(self.w)
        return f"review {item} score ← {combo.itemText(at)}"

    def people(self) -> str:
        p = self.wbs()
        p.findChild(QPushButton, "wbsPeople").click()
        dialog = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "wbsPeopleDialog" and w.isVisible())
        name = "人" + str(self.rng.randint(1, 999))
        dialog.findChild(QPushButton, "wbsPersonNew").click()
        dialog.findChild(QWidget, "wbsPersonName").setText(name)
        dialog.findChild(QPushButton, "wbsPersonSave").click()
        settle(self.w)
        dialog.reject()
        settle(self.w)
        return f"People: {name} added"

    def holiday(self) -> str:
        from app.ui.window.holidays_tab import HolidaysTab

        tab = HolidaysTab(self.w.state)
        day = dt.date(2027, 8, 1) + dt.timedelta(days=self.rng.randrange(60))
        tab.date_edit.setDate(QDate(day))
        tab.findChild(QLineEdit, "holidayName").setText("休業" + str(self.rng.randint(1, 9)))
        self.qtbot.mouseClick(tab.findChild(QPushButton, "addHoliday"), Qt.MouseButton.LeftButton)
        settle(self.w)
        tab.deleteLater()
        return f"holiday {day} added"

    def properties(self) -> str:
        from app.ui.projects.properties import ProjectPropertiesDialog

        dialog = ProjectPropertiesDialog(self.w.state, self.w)
        self.qtbot.addWidget(dialog)
        text = "株式会社" + words(self.rng, 1)
        dialog.customer.setText(text)
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
        settle(self.w)
        return f"Properties customer ← {text}"

    def baseline(self) -> str:
        from app.ui.wbs.tracking import BaselineDialog

        self.wbs()
        dialog = BaselineDialog(self.w.state, "", self.w)
        self.qtbot.addWidget(dialog)
        dialog.show()
        name = "基準" + str(self.rng.randint(1, 999))
        dialog.name.setText(name)
        dialog.findChild(QPushButton, "wbsBaselineSave").click()
        settle(self.w)
        dialog.close()
        settle(self.w)
        return f"baseline {name} saved"

    def quick_undo(self) -> str:
        """Typing, then Edit ▸ Undo at once (before the pause that saves it): the typing taken back."""
        where = self.rng.choice(["hearing", "proposal", "env", "wbs"])
        text = words(self.rng)
        if where == "hearing":
            editor = open_hearing_item(self.w, self.qtbot, self.rng.choice(["hearing.basics.accuracy_avc", "hearing.basics.background"]))
            settle(self.w)
            field = editor.editors["value"].edit
            field.setFocus()
            type_in(field, text)
        elif where == "proposal":
            _page, _section, field = proposal_section(self.w, self.qtbot, self.rng.randrange(3))
            settle(self.w)
            type_in(field, text)
        elif where == "env":
            page = environment_page(self.w, self.qtbot)
            settle(self.w)
            field = page.findChild(QLineEdit, "field_frameworks")
            field.setFocus()
            field.end(False)
            self.qtbot.keyClicks(field, "-q")
        else:
            tid, _name = self.some_task()
            editor = self.open_cell(tid, "title")
            type_in(editor, text)
        how = self.rng.choice(["menu", "key"])
        if how == "menu":
            self.w.undo_action.trigger()
        else:
            self.qtbot.keyClick(QApplication.focusWidget() or self.w, Qt.Key.Key_Z, CTRL)
        settle(self.w)
        if where == "wbs":
            self.wbs().tree.setFocus()
            settle(self.w)
        return f"{where} typed {text} then Undo ({how}) at once"

    # undo / redo
    def undo(self) -> str:
        how = self.rng.choice(["menu", "key"])
        if how == "menu":
            self.w.undo_action.trigger()
        else:
            target = QApplication.focusWidget() or self.w
            self.qtbot.keyClick(target, Qt.Key.Key_Z, CTRL)
            how = f"Ctrl+Z in {target.objectName() or type(target).__name__}"
        settle(self.w)
        return f"Undo ({how})"

    def redo(self) -> str:
        how = self.rng.choice(["menu", "key"])
        if how == "menu":
            self.w.redo_action.trigger()
        else:
            target = QApplication.focusWidget() or self.w
            self.qtbot.keyClick(target, Qt.Key.Key_Z, CTRL | SHIFT)
            how = f"Ctrl+Shift+Z in {target.objectName() or type(target).__name__}"
        settle(self.w)
        return f"Redo ({how})"


EDITS = [
    "wbs_title", "wbs_estimate", "wbs_owner", "wbs_priority", "wbs_predecessors", "wbs_add", "wbs_delete", "wbs_indent",
    "wbs_outdent", "wbs_move", "wbs_generate", "wbs_schedule", "hearing_text", "hearing_status", "hearing_row", "proposal",
    "env_field", "data_ci_cell", "review_mark", "people", "holiday", "properties", "baseline",
]  # fmt: skip


def ui_mismatch(window) -> list[str]:
    """What a page shows that is not what is stored (the WBS table's cells, the hearing editor's answer)."""
    out: list[str] = []
    p = window.page("wbs")
    tree = WbsService(window.state.workspace.db).tree(window.state.project_id)
    if not p.model.tree.tasks:
        pass
    elif set(p.model.tree.tasks) != set(tree.tasks):
        out.append(f"WBS rows {len(p.model.tree.tasks)} shown, {len(tree.tasks)} stored")
    for tid, task in tree.tasks.items():
        if tid not in p.model.tree.tasks:
            continue
        for key in ("title", "owner_name", "estimate_days"):
            shown = p.model.data(p.model.index_of(tid, INDEX[key]), Qt.ItemDataRole.EditRole)
            if (shown or None) != (getattr(task, key) or None) and not (key == "estimate_days" and tree.kids(tid)):
                out.append(f"WBS {tree.codes[tid]} {key} shows {shown!r}, stored {getattr(task, key)!r}")
    editor = window.page("hearing").editor
    if editor.item_id in ("hearing.basics.accuracy_avc", "hearing.basics.background"):
        answer = window.state.answers.answer(window.state.project_id, editor.item_id)
        stored = answer.value if answer is not None else None
        shown = editor.editors["value"].value()
        if (shown or None) != (stored or None):
            out.append(f"hearing {editor.item_id} shows {shown!r}, stored {stored!r}")
    return out[:6]


LOG: list[str] | None = None


def run_sequence(window, qtbot, seed: int, steps: int, edits: list[str] | None = None) -> list[str]:
    """Random edits with Undo / Redo between; the invariant checked after every step. Returns the
    problems found (empty: held), each with the steps that led to it."""
    rng = random.Random(seed)
    user = User(window, qtbot, rng)
    stack = window.state.undo_stack
    seen: dict[int, dict] = {stack.index(): state_of(window)}
    first = stack.index()
    problems: list[str] = []
    log: list[str] = []
    for _n in range(steps):
        roll = rng.random()
        kind = "undo" if roll < 0.22 else "redo" if roll < 0.34 else "quick_undo" if roll < 0.40 else rng.choice(edits or EDITS)
        before = stack.index()
        try:
            log.append(getattr(user, kind)())
        except Exception as error:
            log.append(f"{kind} FAILED {type(error).__name__}: {error}")
            problems.append(" → ".join(log))
            break
        now = stack.index()
        state = state_of(window)
        if kind in ("undo", "redo", "quick_undo"):
            shown = ui_mismatch(window)
            if shown:
                problems.append(" → ".join(log) + " | shown ≠ stored: " + "; ".join(shown))
            if now in seen and state != seen[now]:
                problems.append(" → ".join(log) + f" | at index {now}: " + "; ".join(diff(seen[now], state)))
                seen[now] = state
            if kind == "quick_undo":
                for k in [k for k in seen if k > now]:
                    del seen[k]  # (the typing saved and undone: a redo branch of its own)
        else:
            if now == before and state != seen.get(now):
                if now != first:
                    pass  # merged into the step before (typing in the same field) or refused
            for k in [k for k in seen if k > now]:
                del seen[k]
            seen[now] = state
        log[-1] += f" [{before}->{now}]"
        if LOG is not None:
            LOG.append(log[-1])
    # Undo all the way, redo all the way.
    for _ in range(stack.count() + 1):  # (bounded: an undo that did nothing would spin for ever)
        if not stack.canUndo():
            break
        stack.undo()
        settle(window)
    state = state_of(window)
    if stack.index() == first and state != seen[first]:
        problems.append(" → ".join(log) + " | undo all: " + "; ".join(diff(seen[first], state)))
    last = max(seen)
    for _ in range(stack.count() + 1):
        if not stack.canRedo():
            break
        stack.redo()
        settle(window)
    state = state_of(window)
    if stack.index() == last and state != seen[last]:
        problems.append(" → ".join(log) + " | redo all: " + "; ".join(diff(seen[last], state)))
    return problems


@pytest.fixture
def window(qtbot, db_path, monkeypatch, said):
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    win = make_window(qtbot, db_path, global_lang="ja")
    settle(win)
    yield win
    close_window(win)


WALKS = [pytest.param(seed, marks=pytest.mark.skipif(seed != 7 and not os.environ.get("BREAK52A_WALK"),
                                                    reason="the random walks: 20-30 s each (BREAK52A_WALK=1 runs them all)"))
         for seed in range(1, 13)]  # seed 7 (the walk that found the cycle) runs in the suite


@pytest.mark.qt_log_ignore("This plugin does not support")
@pytest.mark.parametrize("seed", WALKS)
def test_explore(window, qtbot, seed, said) -> None:
    global LOG
    LOG = []
    window.state.problem.connect(lambda text: LOG.append(f"  (status bar: {text})"))
    t0 = time.monotonic()
    problems = run_sequence(window, qtbot, seed, 60 if seed < 7 else 80)
    SCRATCH.mkdir(exist_ok=True)
    (SCRATCH / f"seed{seed}.txt").write_text("\n\n".join(problems) + "\n\n" + "\n".join(LOG) + f"\n\nsaid: {said}\n{time.monotonic() - t0:.1f}s\n", encoding="utf-8")
    assert not problems, problems[0][:3000]


def test_indent_under_its_own_predecessor_leaves_a_plan_that_schedules(window, qtbot, said) -> None:
    """Seed 7's walk, shrunk: on the WBS page select 3.1.9 実験規約の説明会 (its predecessor: 3.1.8, the task just
    above it), Indent (Tab), Schedule. The indent is either refused and said, or the plan still schedules."""
    user = User(window, qtbot, random.Random(0))
    p = user.wbs()
    tree = user.tasks()
    x = next(t.id for t in tree.tasks.values() if t.title == "実験規約の説明会")
    above = tree.kids(tree.tasks[x].parent_id)[tree.kids(tree.tasks[x].parent_id).index(x) - 1]
    assert above in [d.predecessor_id for d in tree.tasks[x].dependencies], "the demo changed: 3.1.9 is not after 3.1.8"
    p.select_task(x)
    p.tree.setFocus()
    p.actions_by_name["indent"].trigger()
    settle(window)
    indented = user.tasks().tasks[x].parent_id == above
    note = p.details.text()  # (fixed: the link to the new summary goes, said below the table; Undo brings it back)
    p.findChild(QPushButton, "wbsSchedule").click()
    settle(window)
    told = " ".join(said) + " " + p.details.text()
    assert not indented or "循環" not in told, (indented, said, p.details.text())
    assert indented and "先行関係を1件外しました" in note and "実験規約の説明会" in note, note
    assert above not in [d.predecessor_id for d in user.tasks().tasks[x].dependencies]
    window.state.undo_stack.undo()  # the schedule
    window.state.undo_stack.undo()  # the indent: the task back where it was, after its predecessor again
    settle(window)
    back = user.tasks().tasks[x]
    assert back.parent_id == tree.tasks[x].parent_id and above in [d.predecessor_id for d in back.dependencies]


def test_a_task_dropped_under_a_task_it_waits_for_through_others_is_refused_and_said(window, qtbot, said) -> None:
    """2.2 ヒアリング要フォロー事項の確認 waits for 2.1, which waits for 1.4, which waits for 1.3: dropped onto 1.3 it
    would make 1.3 wait for its own sub-task. Refused in Japanese naming the chain, nothing moved."""
    from tests.test_breaker22b import drop_on

    user = User(window, qtbot, random.Random(0))
    p = user.wbs()
    before = user.tasks()
    moved = next(t.id for t in before.tasks.values() if t.title == "ヒアリング要フォロー事項の確認")
    target = next(t.id for t in before.tasks.values() if t.title == "スケジュール概要と工数感の提示")
    drop_on(p, moved, target)
    settle(window)
    assert user.tasks().tasks[moved].parent_id == before.tasks[moved].parent_id
    assert any("移動できません" in t and "1.3 スケジュール概要と工数感の提示" in t and "2.1 ヒアリング実施" in t for t in said), said

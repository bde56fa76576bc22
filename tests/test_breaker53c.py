"""breaker53c: a Japanese consultant's window process killed (SIGKILL) at a random moment of a seeded random
session, then the app started again on the same database.

The child (a real ``python`` process running the window, Japanese, demo database) runs a seeded random sequence:
key-event bursts into every kind of field (hearing text / number / note, a system-planning table cell, the
proposal's purpose, the Experiment page's repository name, a Data platform & CI cell, a review text cell, a WBS
title and estimate cell, a new task's title, Project Properties' customer, the People dialog's new person, the
company holidays' name), values the page refuses (kept as drafts marked invalid), pauses (the 0.6 s the hearing
and the dialogs wait before keeping what was typed), Undo / Redo, page switches. Before and after each step it
prints what it is about to type / what the field shows; the parent kills it after a random line (and a random
few ms: also mid-burst, also right after an Undo).

README's promise ("A crash or a killed process loses at most what was being typed: a hearing answer's last 0.6 s
of typing (...; the other pages' fields save as they are typed), a table cell whose editor is still open, or the
last 0.6 s typed in a dialog that keeps drafts") gives the oracle: after the restart each field shows (stored, or
its draft back in it) what it showed at its last safe point, or a state typed after it (a prefix of a burst); a
field never typed into shows what it showed before the session.

Known and out of scope: two windows BOTH crashing holding a draft of the same hearing item / WBS cell.

Suite: one seed (``SEED``); more with ``SEEDS53C=1,2,3`` (or ``SEEDS53C=20`` for seeds 1..20).

Tried:
- 90 seeds (SEEDS53C=90) of 30 random steps each: kills before, mid- and right after a keystroke burst, a pause, an
  Undo / Redo, a page switch, a new WBS task's title, a refused value (a hearing number 3〜5 / 二十, a WBS
  estimate 99999, a repository name with spaces, a storage path with a space), typing in open dialogs (Project
  Properties, People's new person, company holidays) left open; the restart on the killed database and home.
- the oracle per field: stored or shown back as a draft = what it showed at its last safe point or a state typed
  after it; fields never typed into unchanged; a refused value back is marked (red field, drafts' colour, the
  hearing editor's error line); the status bar counts the drafts in Japanese.
Held:
- every character typed on the pages that save as typed (proposal, Experiment, Data platform & CI, Review) and in
  committed WBS cells (a new task's title too) is there after the kill; a hearing answer / a system-planning table
  cell / a dialog's fields typed before a 0.6 s pause are stored or offered back in their own field, in Japanese;
  refused values come back in their field, marked; nothing stored before was changed; the database opens; no
  traceback in the child; the drafts counted 「N 件の下書きが未保存です」.
- an Undo / Redo right after a typing (killed right after it too) leaves the field as the Undo showed it.
Broke:
- test_undo_after_a_review_cell_takes_back_that_cell_not_the_hearing_answer_typed_just_before[at-once] (xfail):
  Undo right after typing a Review cell takes back the hearing answer typed a moment before (still in its 0.6 s
  pause) instead: the review cell stays, the answer's typing is gone (found by seeds 44 and 52: after the kill the
  answer / system-planning cell showed the text of before; not a loss to the kill itself, the Undo did it).
  With a pause between the two (the answer saved first) Undo takes back the review cell, as promised.
  The answer's save after its pause lands as the later step, so Undo takes it first. Seeds 44, 52, 59, 65 of
  1..90 all show it (a system-planning table cell or a hearing number pending, then a Review cell or a WBS
  title typed, Undo); their oracle follows README's promise, so they fail under SEEDS53C while this stands.
"""

from __future__ import annotations

import json
import os
import random
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tests import children
from tests.conftest import copy_database, isolate

REPO = Path(__file__).resolve().parent.parent
SEED = 7
TASK = "データのバージョン管理"
TEXT_ITEM = "hearing.basics.background"
NUMBER_ITEM = "hearing.prereq.users_ds"
TABLE_ITEM = "system_planning.process_flow.processes"

# target -> when what was typed is safe: "typed" (saved as typed), "pause" (after a 0.6 s pause), "commit" (the
# cell's editor closed with Enter: the step prints after it)
TARGETS = {
    "h_text": "pause", "h_note": "pause", "h_num": "pause", "sp_table": "pause", "proposal": "typed", "env": "typed",
    "dataci": "typed", "review": "typed", "wbs_title": "commit", "wbs_est": "commit", "props": "pause",
    "people": "pause", "holiday": "pause",
}  # fmt: skip
SAME_STEP = {"h_text": ("h_text", "h_note"), "h_note": ("h_text", "h_note")}
WORDS = ["顧客", "画像検索", "データ", "ヒアリング", "会議中", "追記", "要件", "検証", "精度", "運用", "予算", "担当"]


# --- what both processes use: a field found, read, typed into ------------------------------------------------


def pump(n: int = 5) -> None:
    from PySide6.QtCore import QCoreApplication

    for _ in range(n):
        QCoreApplication.processEvents()
        time.sleep(0.005)


def _hearing(win, page_id: str, item_id: str):
    win.show_page(page_id)
    page = win.page(page_id)
    if page.editor.item_id != item_id:
        assert page.select_item(item_id)
        pump(3)
    assert page.editor.item_id == item_id
    return page.editor


def _wbs(win):
    from tests.gui_helpers import finish_background_work

    win.show_page("wbs")
    finish_background_work()
    pump(3)
    return win.page("wbs")


def _env(win, page_id: str):
    win.show_page(page_id)
    page = win.page(page_id)
    deadline = time.monotonic() + 10
    while not page.settled() and time.monotonic() < deadline:
        pump(2)
    return page


def _review(win):
    win.show_page("review")
    page = win.page("review")
    deadline = time.monotonic() + 10
    while not (page.settled() and page.model.rowCount() > 0) and time.monotonic() < deadline:
        pump(2)
    return page


DIALOGS: dict = {}  # (window id, target) -> the dialog open


def _dialog(win, target: str, fresh: bool = False):
    from PySide6.QtWidgets import QApplication

    key = (id(win), target)
    if not fresh and key in DIALOGS:
        return DIALOGS[key]
    if target == "props":
        from app.ui.projects.properties import ProjectPropertiesDialog

        dialog = ProjectPropertiesDialog(win.state, win)
    elif target == "holiday":
        from app.ui.window.settings_dialog import SettingsDialog

        dialog = SettingsDialog(win.state, win)
        dialog.tabs.setCurrentWidget(dialog.holidays)
    else:
        from app.ui.wbs.resources.people import PeopleDialog

        before = set(QApplication.topLevelWidgets())
        _wbs(win).open_people()
        pump(3)
        dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, PeopleDialog) and w not in before)
        if dialog.editing is not None and dialog.new_button.isEnabled():
            dialog.new_button.click()
    dialog.show()
    pump(2)
    DIALOGS[key] = dialog
    return dialog


TASK_ID: list[int] = []


def task_id(page) -> int:
    """The task typed into (found by its title once: its title is typed over)."""
    from tests.gui_helpers import wbs_find

    if not TASK_ID:
        TASK_ID.append(wbs_find(page, TASK))
    return TASK_ID[0]


def field(win, target: str):
    """What to type into: a widget (key events), or (model, index) (setData), or ("wbs", task id, column)."""
    from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QTableView

    if target == "h_text":
        return _hearing(win, "hearing", TEXT_ITEM).editors["value"].edit
    if target == "h_note":
        return _hearing(win, "hearing", TEXT_ITEM).note
    if target == "h_num":
        return _hearing(win, "hearing", NUMBER_ITEM).editors["value"].edit
    if target == "sp_table":
        model = _hearing(win, "system-planning", TABLE_ITEM).editors["value"].model
        cols = {c.id: n for n, c in enumerate(model.columns)}
        return model, model.index(0, cols["process"])
    if target == "proposal":
        win.show_page("proposal")
        page = win.page("proposal")
        deadline = time.monotonic() + 10
        while page.inputs is None and time.monotonic() < deadline:
            pump(2)
        return win.findChild(QPlainTextEdit, "section_purpose")
    if target == "env":
        return _env(win, "experiment").findChild(QLineEdit, "field_repo_name")
    if target == "dataci":
        model = _env(win, "data-ci").findChild(QTableView, "locationsTable").model()
        return model, model.index(0, 1)
    if target == "review":
        page = _review(win)
        return page.model, page.model.index(0, page.model.column_of("text"))
    if target in ("wbs_title", "wbs_est"):
        return "wbs", task_id(_wbs(win)), "title" if target == "wbs_title" else "estimate_days"
    if target.startswith("wbs_new:"):
        return "wbs", int(target.split(":")[1]), "title"
    dialog = _dialog(win, target)
    return {"props": lambda: dialog.customer, "people": lambda: dialog.name, "holiday": lambda: dialog.holidays.name_edit}[target]()


def text_of(win, target: str) -> str | None:
    """What the field shows (stored, or a draft put back in it)."""
    from PySide6.QtCore import Qt

    f = field(win, target)
    if isinstance(f, tuple) and f[0] == "wbs":
        from app.ui.wbs.columns import INDEX

        p = win.page("wbs")
        if f[1] not in p.model.tree.tasks:
            return None
        return normal(str(p.model.index_of(f[1], INDEX[f[2]]).data(Qt.ItemDataRole.DisplayRole) or ""))
    if isinstance(f, tuple):
        return normal(str(f[1].data(Qt.ItemDataRole.DisplayRole) or ""))
    return f.toPlainText() if hasattr(f, "toPlainText") else f.text()


def normal(text: str) -> str:
    """A number as typed (5, not 5.0); a title without its outline number (it moves as tasks are added)."""
    text = text.split("  ", 1)[1] if "  " in text and text.split("  ", 1)[0].replace(".", "").isdigit() else text
    return text[:-2] if text.endswith(".0") else text


# --- the child ---------------------------------------------------------------------------------------------


def say(**event) -> None:
    print(json.dumps(event, ensure_ascii=False), flush=True)


def type_keys(widget, text: str) -> None:
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    widget.setFocus()
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))
        pump(1)


def child_main(db: str, seed: int, steps: int) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit

    from app.ui import messages
    from app.ui.wbs.columns import INDEX
    from tests.gui_helpers import finish_background_work, make_window

    messages.confirm = lambda *a, **k: True
    messages.show_error = lambda *a, **k: None
    win = make_window(None, db, global_lang="ja")
    pump(30)
    finish_background_work()
    rng = random.Random(seed)
    last: str | None = None  # the typing an Undo takes back (None: it would take back another step)
    undone = False
    names = list(TARGETS)

    def wbs_type(target: str, text: str, replace: bool) -> None:
        _kind, task, column = field(win, target)
        p = win.page("wbs")
        index = p.proxy.mapFromSource(p.model.index_of(task, INDEX[column]))
        p.tree.setFocus()
        p.tree.setCurrentIndex(index)
        if p.tree.state() != QAbstractItemView.State.EditingState:
            p.tree.edit(index)
            pump(2)
        editor = p.tree.indexWidget(index) or QApplication.focusWidget()
        line = editor if isinstance(editor, QLineEdit) else getattr(editor, "lineEdit", lambda: None)()
        assert line is not None, type(editor)
        if replace:
            line.selectAll()
        else:
            line.end(False)
        type_keys(line, text)
        QTest.keyClick(line, Qt.Key.Key_Return)
        pump(3)

    for n in range(steps):
        roll = rng.random()
        if roll < 0.08:
            say(ev="pause", n=n)
            pump(int(0.75 / 0.005 / 1.3))
            time.sleep(0.1)
            pump(5)
            say(ev="paused", n=n)
            continue
        if roll < 0.16 and last is not None:  # right after a typing (a pause, a page switch between: still its step)
            what = "redo" if undone else "undo"
            undone = not undone
            say(ev=what, t=last, n=n)
            getattr(win.state.undo_stack, what)()
            pump(10)
            finish_background_work()
            say(ev=what + "ne", t=last, value=text_of(win, last), n=n)
            continue
        if roll < 0.2:
            page = rng.choice(["hearing", "wbs", "proposal", "experiment", "review", "system-planning"])
            say(ev="page", page=page, n=n)
            win.show_page(page)
            pump(5)
            continue
        target = rng.choice(names)
        refused = False
        if target == "wbs_title" and rng.random() < 0.3:  # a new task, its title typed
            p = _wbs(win)
            p.select_task(task_id(p))
            p.actions_by_name["add"].trigger()
            pump(5)
            finish_background_work()
            pump(3)
            new = max(p.model.tree.tasks)
            target = f"wbs_new:{new}"
            say(ev="added", t=target, value=text_of(win, target), n=n)
            p.tree.closePersistentEditor(p.tree.currentIndex())
            if p.tree.state() == QAbstractItemView.State.EditingState:
                QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
                pump(2)
        old = text_of(win, target)
        if target in ("h_num",):
            text, replace = rng.choice(["12", "3〜5", "二十"]), True
            refused = not text.isdigit()
        elif target == "wbs_est":
            text, replace = rng.choice(["5", "99999", "12"]), True
            refused = text == "99999"
        elif target == "env":
            text, replace = rng.choice(["img-search", " 類似 検索", "-v2"]), False
            refused = " " in text
        elif target in ("dataci",):
            text, replace = rng.choice(["s3://bucket/raw/", "s3://顧客 バケット/raw/"]), True
            refused = " " in text
        elif target.startswith("wbs_new") or target in ("sp_table", "review", "people", "holiday"):
            text, replace = "".join(rng.choice(WORDS) for _ in range(2)) + str(n), True
        else:
            text, replace = "(" + "".join(rng.choice(WORDS) for _ in range(rng.randint(1, 4))) + f"{n})", False
        say(ev="begin", t=target, old=old, text=text, replace=replace, refused=refused, n=n)
        f = field(win, target)
        if isinstance(f, tuple) and f[0] == "wbs":
            wbs_type(target, text, replace)
        elif isinstance(f, tuple):
            model, index = f
            model.setData(index, text if replace else (old or "") + text)
            pump(3)
        else:
            if replace:
                f.selectAll()
            elif hasattr(f, "moveCursor"):
                f.moveCursor(f.textCursor().MoveOperation.End)
            else:
                f.end(False)
            type_keys(f, text)
        say(ev="typed", t=target, value=text_of(win, target), n=n)
        last, undone = (None if refused or target in ("props", "people", "holiday") else target), False
    say(ev="ready")
    while True:
        pump(20)


CHILD = children.WINDOW_GUARD + textwrap.dedent(
    """
    import sys
    sys.path.insert(0, sys.argv[2])
    from tests.test_breaker53c import child_main
    child_main(sys.argv[1], int(sys.argv[3]), int(sys.argv[4]))
    """
)


# --- the parent --------------------------------------------------------------------------------------------


class Oracle:
    """Per field: what it may show after the restart."""

    def __init__(self) -> None:
        self.safe: dict[str, str | None] = {}
        self.maybe: dict[str, set] = {}
        self.history: dict[str, list] = {}
        self.last_typed: dict[str, str | None] = {}

    def ok(self, target: str, original) -> set:
        if target not in self.safe and target not in self.maybe:
            return {original}
        return {self.safe.get(target, original)} | self.maybe.get(target, set())

    def _settle(self, target: str, value) -> None:
        self.safe[target] = value
        self.maybe[target] = set()
        self.history.setdefault(target, []).append(value)

    def feed(self, event: dict, originals: dict) -> None:
        ev, t = event["ev"], event.get("t")
        if ev == "added":
            self._settle(t, event["value"])
            self.maybe[t] = {None}  # (the add itself may be undone)
        elif ev == "begin":
            self.safe.setdefault(t, event["old"] if t.startswith("wbs_new") else originals.get(t))
            base = "" if event["replace"] else (event["old"] or "")
            text = event["text"]
            self.maybe.setdefault(t, set()).update({event["old"]} | {base + text[:k] for k in range(1, len(text) + 1)})
        elif ev == "typed":
            mode = "commit" if t.startswith("wbs_new") else TARGETS[t]
            self.last_typed[t] = event["value"]
            self.history.setdefault(t, []).append(event["value"])
            if mode in ("typed", "commit"):
                self._settle(t, event["value"])
            else:
                self.maybe[t].add(event["value"])
        elif ev == "paused":
            for t2, value in self.last_typed.items():
                if (TARGETS.get(t2) == "pause") and self.maybe.get(t2) and value in self.maybe[t2]:
                    self._settle(t2, value)
        elif ev in ("undo", "redo"):
            for t2 in SAME_STEP.get(t, (t,)):  # (the answer's fields typed before one pause: one step)
                self.maybe.setdefault(t2, set()).update(self.history.get(t2, []) + [originals.get(t2)])
        elif ev in ("undone", "redone"):
            self._settle(t, event["value"])
            self.last_typed[t] = event["value"]
            if t in SAME_STEP:
                self.last_typed.pop(SAME_STEP[t][1 - SAME_STEP[t].index(t)], None)  # (loose until the end)


def seeds() -> list[int]:
    raw = os.environ.get("SEEDS53C", "")
    if not raw:
        return [SEED]
    if "," not in raw and raw.isdigit():
        return list(range(1, int(raw) + 1))
    return [int(s) for s in raw.split(",") if s.strip()]


def run_child(folder: Path, db: Path, seed: int, steps: int = 30) -> tuple[list[dict], str]:
    home = folder / "home"
    home.mkdir(exist_ok=True)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", MLOPS_KICKOFF_HOME=str(home),
               MLOPS_KICKOFF_SETTINGS=str(home / "settings.ini"), MLOPS_KICKOFF_LANG="ja")
    env.pop("MLOPS_KICKOFF_DB", None)
    rng = random.Random(seed * 7919)
    kill_after = rng.randint(4, 2 * steps + 4)
    delay = rng.choice([0.0, 0.0, rng.uniform(0.0, 0.12), rng.uniform(0.0, 0.9)])
    child = children.Child([sys.executable, "-c", CHILD, str(db), str(REPO), str(seed), str(steps)], env=env, cwd=REPO)
    events: list[dict] = []
    try:
        for line in child.lines():
            if not line.startswith("{"):
                continue
            events.append(json.loads(line))
            if events[-1]["ev"] == "ready" or len(events) >= kill_after:
                break
        time.sleep(delay)
    finally:
        _out, err = child.kill()
    # what the child printed between the last line read and the kill counts too
    events += [json.loads(line) for line in _out.splitlines() if line.startswith("{")]
    return events, err


@pytest.fixture(scope="module")
def originals(tmp_path_factory, demo_template) -> dict:
    """What each field shows on the demo database, before any typing (a window of this process)."""
    from tests.gui_helpers import close_window, make_window

    folder = tmp_path_factory.mktemp("orig53c")
    db = folder / "orig.sqlite3"
    copy_database(demo_template, db)
    home = folder / "home"
    home.mkdir()
    mp = pytest.MonkeyPatch()
    isolate(home, mp)
    win = make_window(None, db, global_lang="ja")
    try:
        return {t: text_of(win, t) for t in TARGETS}
    finally:
        for key in [k for k in DIALOGS if k[0] == id(win)]:
            DIALOGS.pop(key).reject()
        close_window(win)
        mp.undo()


def killed_and_restarted(seed: int, tmp_path: Path, demo_template: Path, originals: dict, qtbot, monkeypatch):
    from app.ui import messages
    from tests.gui_helpers import close_window, make_window

    db = tmp_path / "killed.sqlite3"
    copy_database(demo_template, db)
    events, err = run_child(tmp_path, db, seed)
    assert events, f"the child said nothing: {err[-3000:]}"
    assert "Traceback" not in err, err[-3000:]
    oracle = Oracle()
    for event in events:
        oracle.feed(event, originals)
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    monkeypatch.setattr(messages, "show_error", lambda *_a, **_k: None)
    isolate(tmp_path / "home", monkeypatch)
    win = make_window(qtbot, db, global_lang="ja")
    qtbot.wait(300)
    touched = sorted({e["t"] for e in events if e.get("t")})
    found = {t: text_of(win, t) for t in sorted(set(TARGETS) | set(touched))}
    label = (win.save_label.text(), win.save_label.toolTip())
    marks = marked(win, found)
    for key in [k for k in DIALOGS if k[0] == id(win)]:
        DIALOGS.pop(key).reject()
    close_window(win)
    return events, oracle, found, label, marks


def marked(win, found: dict) -> list[str]:
    """A refused value back in its field is marked as a draft (not shown as if it were stored)."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QColor

    from app.ui.page import INVALID_BACKGROUND
    from app.ui.wbs.columns import INDEX

    unmarked = []
    if " " in (found.get("env") or ""):
        if not field(win, "env").styleSheet():
            unmarked.append("env")
    if found.get("wbs_est") == "99999":
        brush = win.page("wbs").model.index_of(TASK_ID[0], INDEX["estimate_days"]).data(Qt.ItemDataRole.BackgroundRole)
        if brush is None or brush.color() != QColor(INVALID_BACKGROUND):
            unmarked.append("wbs_est")
    if found.get("h_num") and not found["h_num"].isdigit():
        editor = _hearing(win, "hearing", NUMBER_ITEM)
        if not editor.error_label.isVisibleTo(win):
            unmarked.append("h_num")
    return unmarked


def check(events, oracle: Oracle, found: dict, originals: dict) -> list[str]:
    wrong = []
    for target, shown in found.items():
        allowed = oracle.ok(target, originals.get(target))
        if shown not in allowed:
            wrong.append(f"{target}: shows {shown!r}, allowed {sorted(map(repr, allowed))[:8]}")
    return wrong


@pytest.mark.parametrize("seed", seeds())
def test_every_character_typed_before_a_random_kill_is_stored_or_offered_back(seed, tmp_path, demo_template, originals, qtbot, monkeypatch) -> None:
    events, oracle, found, label, marks = killed_and_restarted(seed, tmp_path, demo_template, originals, qtbot, monkeypatch)
    print(f"seed {seed}: {len(events)} lines, last {events[-1]}, drafts: {label[0]!r}")
    trail = "\n".join(json.dumps(e, ensure_ascii=False) for e in events[-12:])
    wrong = check(events, oracle, found, originals)
    assert not wrong, "\n".join(wrong) + "\n-- the last steps before the kill:\n" + trail
    assert not marks, f"a refused value back, not marked as a draft: {marks}"
    text, tip = label
    for english in ("draft", "Draft", "not saved", "Traceback"):
        assert english not in text and english not in tip, label


# --- found by the random runs (seeds 44, 52, 59, 65), made a short test ----------------------------------------


@pytest.mark.parametrize("pause_between", [
    pytest.param(False, id="at-once"),  # (was broken: Undo took back the hearing answer's typing, still in its pause)
    pytest.param(True, id="after-the-pause"),
])
def test_undo_after_a_review_cell_takes_back_that_cell_not_the_hearing_answer_typed_just_before(qtbot, db_path, monkeypatch, pause_between) -> None:
    """README: "Undo right after typing takes back that typing (...), never the step before it". A hearing answer is
    typed, the Review page shown and a cell typed there within the answer's 0.6 s pause: Undo."""
    from app.ui import messages
    from tests.gui_helpers import close_window, make_window, settle

    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    monkeypatch.setattr(messages, "show_error", lambda *_a, **_k: None)
    win = make_window(qtbot, db_path, global_lang="ja")
    edit = field(win, "h_text")
    before_answer = edit.toPlainText()
    edit.moveCursor(edit.textCursor().MoveOperation.End)
    type_keys(edit, "(会議中の追記)")
    if pause_between:
        qtbot.wait(800)  # saved: its own step, before the review's
    model, index = field(win, "review")
    before_cell = normal(str(index.data() or ""))
    assert model.setData(index, "レビューの根拠")
    qtbot.wait(800)
    win.state.undo_stack.undo()
    settle(win)
    review_now = text_of(win, "review")
    answer_now = win.state.answers.answer(win.state.project_id, TEXT_ITEM).value
    close_window(win)
    assert review_now == before_cell, f"the review cell typed last is taken back (the answer: {answer_now!r})"
    assert answer_now == before_answer + "(会議中の追記)", "the hearing answer typed before stays"

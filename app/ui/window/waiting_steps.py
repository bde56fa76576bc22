"""Undo and Redo pressed while the database server cannot be reached: they wait, as typing does.

The step cannot be made (nothing was written; Qt cannot veto, so the stack steps back to where it was),
so it waits: counted in the status bar's waiting edits (a marker in the window's drafts), tried again
every two seconds, and made once the server answers, before any later edit (:func:`app.ui.operations.run_op`
makes the steps waiting first), through the same operation path as ever: a change made meanwhile
elsewhere refuses it, said as any refused undo is (「元に戻す: …」). An Undo or Redo pressed while steps
wait waits after them. A step whose place on the stack is gone (the project was left, the stack cleared)
is made all the same from the change it undoes or redoes.

Edits a busy database (or the server away) kept waiting wait in one window-wide order too
(:class:`WaitingEdits`): each page keeps its own and tries them again on its own timer, but whichever
timer fires first saves them all in the order they were made, so that Undo right after takes back the
edit typed last; an edit made while they wait (the lock gone, before a timer fired) lets them go first
(:meth:`WaitingEdits.first`; a slow operation, once the lock it waits for goes: :meth:`WaitingEdits.first_then`), and a window gone's, kept on disk with their turns, are taken over in that order.
A page a language switch rebuilds loses its turn (never run again); the page replacing it takes
its edits back (kept as drafts) and is read at once, shown or not; the answers no item editor keeps (a window
gone's, taken over at start, or of an editor deleted) are saved by the window's own retry (:class:`LeftAnswers`).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QUndoStack
from shiboken6 import isValid

from app.core import operations as ops
from app.core.errors import DatabaseBusy, UserError
from app.ui.hearing.drafts import drafts_of, save_left
from app.ui.operations import BRIEF_WAITS_S, Offline, OpCommand, _run, say_refused, step_of
from app.ui.operations import lock_waited as _lock_waited
from app.ui.tasks import run_in_background

if TYPE_CHECKING:
    from app.ui.operations import UndoStack
    from app.ui.state import AppState

RETRY_MS = 2000  # how soon a step waiting is tried again (as typing waiting is)
STEPS = "undo:"  # the item ids of the markers counting the steps waiting in the window's drafts
_KEYS = itertools.count(1)
_TURNS = itertools.count(1)  # the order edits were kept waiting in, window-wide (:class:`WaitingEdits`)


@dataclass(frozen=True)
class Waiting:
    undo: bool  # False: a redo
    command: OpCommand  # the step on the stack (gone once the stack is cleared)
    change: ops.Change  # what it undoes or redoes, kept apart from the command
    key: str  # its marker in the drafts


class WaitingSteps(QObject):
    """The steps of ``stack`` (an :class:`app.ui.operations.UndoStack` whose parent is the window's state) waiting."""

    def __init__(self, stack: UndoStack) -> None:
        super().__init__(stack)
        self.stack = stack
        self._steps: list[Waiting] = []
        self.error: DatabaseBusy = Offline(UserError(key="db.server_unreachable", detail=""))  # the last refusal
        self._backing: bool | None = None  # an undo (True) or redo not made is being stepped back (the event loop)
        self._making = False
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.setInterval(RETRY_MS)
        self._retry.timeout.connect(self.make)

    @property
    def state(self) -> AppState:
        return cast("AppState", self.stack.parent())

    @property
    def making(self) -> bool:
        """The steps waiting are being made now (each where it is asked, its outcome read at once)."""
        return self._making

    def __len__(self) -> int:
        return len(self._steps)

    def step_back_later(self, command: OpCommand, undo: bool) -> None:
        """``command``'s undo (or redo) was not made: the stack steps back once the event loop runs (Qt cannot
        veto the step it is making); the server out of reach, the step waits (a retry keeps its place)."""
        self._backing = undo
        if command.refusal is not None:
            self.error = command.refusal
        if self.state.offline and not self._making:
            self._keep(command, undo)
        QTimer.singleShot(0, self, self.stepped_back)

    def stepped_back(self) -> None:
        """The stack steps back, if it has to still (early: before a project's steps are shelved, app/ui/projects/undo_shelves.py)."""
        if (undo := self._backing) is not None:
            self._backing = None
            (QUndoStack.redo if undo else QUndoStack.undo)(self.stack)  # Qt's own: the command ignores it

    def keep_aside(self, command: OpCommand, change: ops.Change, undo: bool, error: DatabaseBusy) -> None:
        """A step made on a worker that met a busy database after the stack moved on (another project
        opened): it waits, and is made from its change once the database answers (app/ui/window/step_worker.py)."""
        self.error = error
        self._keep(command, undo, change)

    def _keep(self, command: OpCommand, undo: bool, change: ops.Change | None = None) -> None:
        step = Waiting(undo, command, change or command.change, f"{STEPS}{next(_KEYS)}")
        self._steps.append(step)
        drafts_of(self.state).put(step.change.project_id, step.key, {}, self.error)
        if not self._retry.isActive():
            self._retry.start()

    def make(self) -> bool:
        """Make the steps waiting, in the order pressed; True when none is left (False: tried again later)."""
        if self._making:
            return True  # (an edit the step set off, saved after it)
        if self._backing is not None:
            return not self._steps
        self._making = True
        try:
            while self._steps:
                step = self._steps[0]
                if not (self._on_stack(step) if self._placed(step) else self._aside(step)):
                    self._retry.start()
                    return False
                self._steps.pop(0)
                drafts_of(self.state).discard(step.change.project_id, step.key)
            return True
        finally:
            self._making = False

    def make_or_raise(self) -> None:
        """Before an edit: the steps waiting are made first; raises the refusal when one is still waiting."""
        if not self.make():
            raise self.error.with_traceback(None)

    def make_first(self, undo: bool) -> bool:
        """Undo (or Redo) pressed: True when no step waits any more (it is made now); else it waits after them."""
        if self.make():
            return True
        index = self.stack.index()
        if self._backing is not None:  # one step off until it steps back
            index += 1 if self._backing else -1
        shift = sum(-1 if step.undo else 1 for step in self._steps if isValid(step.command))
        target = self._at(undo, shift, index)
        if isinstance(target, OpCommand):
            self._keep(target, undo)
            self.state.report_problem(self.error, step_of(target.change, undo)[1])
        return False

    def _at(self, undo: bool, shift: int = 0, index: int | None = None) -> object:
        """The command an undo (or redo) would make now (``shift``: after that many steps back or forward)."""
        at = (self.stack.index() if index is None else index) + shift - (1 if undo else 0)
        return self.stack.command(at) if 0 <= at < self.stack.count() else None

    def _placed(self, step: Waiting) -> bool:
        """Whether the step is where the stack makes it next (its command, or the same step put back: its project shown again)."""
        at = self._at(step.undo)
        return at is step.command or (isinstance(at, OpCommand) and at.change is step.change)

    def _on_stack(self, step: Waiting) -> bool:
        (QUndoStack.undo if step.undo else QUndoStack.redo)(self.stack)  # the command's own undo or redo
        return self._backing is None

    def _aside(self, step: Waiting) -> bool:
        """A step no longer where the stack would make it (the project left, an edit recorded since): made
        from its change, checked against what is stored as any undo is; its command, still there, is dropped."""
        state = self.state
        op, what = step_of(step.change, step.undo)
        try:
            change = _run(state.workspace, op, step.change.project_id)
        except DatabaseBusy as exc:
            state.set_offline(isinstance(exc, Offline))
            self.error = exc
            return False
        except UserError as exc:
            state.set_offline(False)
            say_refused(state, exc, what, step.change.project_id)
            change = None
        else:
            state.set_offline(False)
        if isValid(step.command):
            step.command.setObsolete(True)  # (Qt drops it when it is reached)
        state.undo_shelves.stepped(step.change, step.undo, made=change is not None)  # its project left: its shelf learns it
        if change is not None:
            state.publish(change)
        return True


# A page's retry of its edits kept waiting: False, still busy; True, none left waiting; None, still busy when a
# save it made found the database so (the last it made: AppState.busy_within).
Retry = Callable[[], bool | None]


class WaitingEdits(QObject):
    """The edits a busy database kept waiting in the window (its state's), in the order they were made.

    Each page keeps its own edits waiting (as drafts) and tries them again on its own timer; its save refused
    as busy, it takes its turn here (:meth:`wait`: its retry, in the place of its first edit waiting; a page
    keeping the turn of each of its edits saves them one turn at a time, :meth:`due`), and its
    timer asks here (:meth:`retry`): the retries waiting are run oldest first, stopping at the first still busy
    (its own timer tries again, and runs those after it then). So the edits are stored in the order they were
    typed, across pages, whichever timer fires first: Undo right after takes back the edit typed last. A
    colleague's change made meanwhile is still asked about by each page's own save, as ever.
    """

    def __init__(self, state: AppState) -> None:
        super().__init__(state)
        self.state = state
        self._turns: dict[tuple[int, str], tuple[int, QObject, Retry]] = {}  # (owner's id, name) -> (turn, owner, retry)
        self._running = False
        self._deferred: set[tuple[int, str]] = set()  # owners that saved some of their edits in this run (:meth:`later`)
        self._gone: list[QObject] = []  # pages dropped, until deleted: their edits are never run (their timers may fire)
        self._kept: dict[tuple[int, str], dict[str, int]] = {}  # (project id, draft) -> its fields' turns (:meth:`keep`)
        self._slow: list[tuple[Callable[[], QObject | None], Callable[[BaseException], None]]] = []  # (:meth:`first_then`)
        self._watching = False  # (the drafts' changes followed: a draft saved or dropped lets its turns go)
        self.answers = LeftAnswers(state)  # the answers no item editor keeps waiting (a window gone's, a page rebuilt)
        # While edits wait, the window tries them itself too (:meth:`_backstop`): none is left waiting for good
        # should the page keeping it not try again (its timer not started, a run ended before its turn).
        self._again = QTimer(self)
        self._again.setSingleShot(True)
        self._again.setInterval(2 * RETRY_MS)
        self._again.timeout.connect(self._backstop)

    def __len__(self) -> int:
        return len(self._turns)

    def wait(self, owner: QObject, retry: Retry, timer: QTimer | None = None, name: str = "", turn: int | None = None) -> int:
        """An edit of ``owner`` (``name``: one of its kinds of edits) was kept waiting by a busy database: its
        ``retry`` keeps the turn of its first edit waiting; ``timer`` (whose timeout calls :meth:`retry`) starts.
        Returns this edit's own turn: an owner keeping several edits saves each in its turn (:meth:`due`).
        ``turn``: the edit's turn kept before (:meth:`kept_turn`: a page rebuilt taking its edits back), not a new one."""
        given, turn = turn, next(_TURNS) if turn is None else turn
        if any(isValid(page) and _within(owner, page) for page in self._gone):
            return turn  # (a page dropped: its replacement keeps its edits)
        key = (id(owner), name)
        kept = self._turns.get(key)
        if kept is None or kept[1] is not owner or not isValid(kept[1]):
            self._turns[key] = (turn, owner, retry)
        elif given is not None and given < kept[0]:  # an edit taken back, made before those it keeps: its turn first
            self._turns[key] = (given, owner, kept[2])
        if timer is not None:
            timer.start()
        self._again.start()
        return turn

    def due(self, owner: QObject, turn: int, name: str = "") -> bool:
        """While the edits waiting are saved in turn: whether ``owner``'s edit of ``turn`` comes before every other
        owner's first edit waiting. When not, ``owner`` stops there and calls :meth:`later`: the others' are
        saved first, then the rest of its own (Undo right after takes back the edit typed last)."""
        if not self._running:
            return True
        others = [t for key, (t, who, _retry) in self._turns.items() if key != (id(owner), name) and isValid(who)]
        return not others or turn <= min(others)  # (the same turn: an answer left that two owners may save)

    def later(self, owner: QObject, turn: int, name: str = "") -> None:
        """``owner`` saved its edits before ``turn`` (:meth:`due`): its turn is now that of its next edit waiting."""
        key = (id(owner), name)
        kept = self._turns.get(key)
        if kept is not None and kept[1] is owner:
            self._turns[key] = (turn, owner, kept[2])
            self._deferred.add(key)

    def keep(self, project_id: int, key: str, turn: int, fields: Iterable[str] = ("",), first: bool = False) -> None:
        """The edit of ``turn`` waits in the draft ``key`` (its ``fields``: a WBS task's cells, each in the turn it
        was typed in; ``first``: a draft whose later typing joins it in its first turn, an answer): a page rebuilt
        (a language switch) takes it back in that turn (:meth:`kept_turns`). Let go once the draft has it no more."""
        if not self._watching:
            self._watching = True
            drafts_of(self.state).changed.connect(self._let_go)
        turns = self._kept.setdefault((project_id, key), {})
        for name in fields:
            turns[name] = turns.get(name, turn) if first else turn
        drafts_of(self.state).keep_turns(project_id, key, turns)  # (on disk with it: a window gone's kept in order)

    def kept_turns(self, project_id: int, key: str) -> dict[str, int]:
        """The turns of the edits waiting in a draft, by field (:meth:`keep`; a window gone's: before this window's,
        in the order it kept them; none known: made before this window's)."""
        kept = self._kept.get((project_id, key))
        return dict(kept) if kept is not None else drafts_of(self.state).turns(project_id, key)

    def kept_turn(self, project_id: int, key: str) -> int:
        """The turn of the first edit waiting in a draft (0 or less: made before this window's edits, its first)."""
        return min(self.kept_turns(project_id, key).values(), default=0)

    def _let_go(self) -> None:
        """The drafts changed: the turns of edits they no longer hold (saved, taken back, dropped) go."""
        drafts = drafts_of(self.state)
        for (project_id, key), turns in list(self._kept.items()):
            draft = drafts.get(project_id, key)
            for name in [n for n in turns if draft is None or not draft.fields or (n and n not in draft.fields)]:
                del turns[name]
            if not turns:
                del self._kept[(project_id, key)]

    def done(self, owner: QObject, name: str = "") -> None:
        """``owner`` saved every edit it kept waiting (by itself: a project left)."""
        kept = self._turns.get((id(owner), name))
        if kept is not None and kept[1] is owner:
            del self._turns[(id(owner), name)]

    def owners(self) -> list[QObject]:
        """The owners of the edits waiting now (those still there)."""
        return [who for _turn, who, _retry in self._turns.values() if isValid(who)]

    def forget_within(self, widget: QObject) -> bool:
        """``widget`` (a page) goes (a language switch rebuilds it): the turns of it and of what is in it are dropped,
        never run (its replacement takes back the edits, kept as drafts); True when it had any."""
        self._gone = [page for page in self._gone if isValid(page)] + [widget]
        gone = [key for key, (_turn, who, _retry) in self._turns.items() if not isValid(who) or _within(who, widget)]
        for key in gone:
            del self._turns[key]
        return bool(gone)

    def retry(self, owner: QObject, retry: Retry, name: str = "") -> None:
        """``owner``'s retry timer fired: the retries waiting are run, oldest first (``owner``'s in its turn, or
        last when it kept none waiting yet), stopping at the first still busy."""
        self.wait(owner, retry, name=name)
        # (a message box of a retry running: its turn comes in that run; a page dropped: never run)
        if not self._running and (id(owner), name) in self._turns:
            self._run_turns()

    def first(self, owner: QObject | None, name: str = "") -> None:
        """``owner`` is about to save an edit just made (the database free again, before the retries' timers fired): the
        others' edits kept waiting that were made before it are saved first, oldest first, stopping at the first still
        busy (the edit is then kept waiting after them, or saved: Undo right after takes back the edit typed last).
        Those before ``owner``'s own first edit waiting, if it keeps one (its edit joins it, saved in that turn); None: all.
        Every edit the window runs asks it (:func:`app.ui.operations.run_op`); a retry's run does not (made in turn)."""
        if self._running or self.state.undo_stack.worker.busy:
            return
        mine, skip = self._turns.get((id(owner), name)), (id(owner), name)
        before = mine[0] if mine is not None and mine[1] is owner else None
        if not any(key != skip and (before is None or turn < before) for key, (turn, _who, _retry) in self._turns.items()):
            return
        if ops.write_lock_free(self.state.workspace):  # still busy: none tried (a value refused meanwhile is said in its turn)
            self._run_turns(skip, before)  # (else the edit is kept waiting after them, or saved should the lock go just now)

    def first_then(self, go: Callable[[], QObject | None], refused: Callable[[BaseException], None]) -> None:
        """A slow operation (a schedule, a generation, an import: :func:`app.ui.operations.run_op_in_background`) reads
        the edits kept waiting: they are saved first (:meth:`first`), then ``go`` runs it. The lock still held, it is
        waited for on a worker as the operation would wait for it (the busy timeout), the edits saved once it goes, then
        ``go``; still held, ``refused`` (the database busy): never run without the edits typed before it was asked.
        Slow operations run one at a time in the order asked (Schedule, then a baseline pressed while it waits or
        runs: stored in that order, two undo steps in that order): ``go`` returns its worker's relay (None: over now)."""
        self._slow.append((go, refused))
        if len(self._slow) == 1:  # none ahead of it
            self._start_slow()

    def _slow_over(self, *_args: object) -> None:
        """The slow operation in front is over (stored, refused or failed): the next one asked starts."""
        if self._slow:
            self._slow.pop(0)
        if self._slow and isValid(self):
            self._start_slow()

    def _start_slow(self) -> None:
        go_on, refuse = self._slow[0]

        def go() -> None:
            try:
                relay = go_on()
            except BaseException:
                self._slow_over()
                raise
            if relay is None:  # (refused at once)
                self._slow_over()
            else:  # its relay is deleted once its result was handed over, whichever it was
                relay.destroyed.connect(self._slow_over)

        def refused(exc: BaseException) -> None:
            try:
                refuse(exc)
            finally:
                self._slow_over()

        self.first(None)
        ws = self.state.workspace
        if not self.owners() or ops.write_lock_free(ws):
            go()
            return

        def free(_none: object) -> None:
            if not isValid(self):
                return
            self.first(None)
            if self.owners() and not ops.write_lock_free(ws):  # (taken again meanwhile: as busy as before)
                refused(DatabaseBusy())
            else:
                go()

        run_in_background(lambda: _lock_waited(ws), free, refused)

    def _run_turns(self, skip: tuple[int, str] | None = None, before: int | None = None) -> None:
        """Run the retries waiting, oldest first (but ``skip``'s; only those of a turn before ``before``), stopping at
        the first still busy (its own timer tries again)."""
        self._running = True
        try:
            while True:
                turns = [kept for kept in self._turns.items() if kept[0] != skip and (before is None or kept[1][0] < before)]
                if not turns:
                    return
                key, (_turn, who, again) = min(turns, key=lambda kept: kept[1][0])
                if isValid(who):
                    was = self.state.busy_within(BRIEF_WAITS_S)
                    outcome = again()
                    now = self.state.busy_within(BRIEF_WAITS_S)
                    if outcome is False or (outcome is None and now is not None and now is not was):
                        return  # still busy: its timer tries again
                if key in self._deferred:  # the rest of its edits come after another's (:meth:`later`)
                    self._deferred.discard(key)
                elif self._turns.get(key, (0, None))[1] is who:
                    del self._turns[key]
        finally:
            self._running = False
            self._deferred.clear()
            if self._turns:
                self._again.start()

    def _backstop(self) -> None:
        """Edits still wait a while after the last try: they are tried now, oldest first (each owner's own timer tries
        too; this one sees that an edit whose owner stopped trying, or whose run ended before its turn, is still saved)."""
        if not self._turns:
            return
        if self._running or self.state.undo_stack.worker.busy:
            self._again.start()
            return
        self._run_turns()


def _within(who: QObject, widget: QObject) -> bool:
    at: QObject | None = who
    while at is not None:
        if at is widget:
            return True
        at = at.parent()
    return False


class LeftAnswers(QObject):
    """The answers a busy database kept waiting that no item editor keeps (waiting in the window's drafts): those of
    a window gone (closed or crashed, taken over at start), of an item editor a language switch deleted. Tried again
    every :data:`RETRY_MS` in turn with the window's other edits kept waiting, until the database is free (README:
    what waits is saved by itself). An item editor keeping its own typing waiting saves it itself."""

    def __init__(self, state: AppState) -> None:
        super().__init__(state)
        self.state = state
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.setInterval(RETRY_MS)
        self._retry.timeout.connect(lambda: state.waiting_edits.retry(self, self.save))

    def _typed(self) -> set[tuple[int, str | None]]:
        """The answers an item editor keeps waiting itself (it has its turn): (project id, item id)."""
        shown = ((getattr(who, "project_id", None), getattr(who, "item_id", None)) for who in self.state.waiting_edits.owners())
        return {(p, i) for p, i in shown if isinstance(p, int) and isinstance(i, str)}

    def start(self) -> None:
        """Tried shortly when answers wait that no item editor keeps (in the turn of the first of them)."""
        typed, edits = self._typed(), self.state.waiting_edits
        left = [edits.kept_turn(p, i) for p, i, _draft in drafts_of(self.state).waiting() if (p, i) not in typed]
        if left:
            edits.wait(self, self.save, self._retry, turn=min(left))

    def save(self) -> bool:
        """Save them, each in its turn; False when the database is still busy (tried again shortly)."""
        return save_answers_in_turn(self.state, self, self._typed(), self._retry)


def save_answers_in_turn(
    state: AppState, owner: QObject, shown: Collection[tuple[int, str | None]], timer: QTimer,
    mine: tuple[tuple[int, str], Callable[[], bool]] | None = None,
) -> bool:
    """``owner``'s retry (an item editor's, :class:`LeftAnswers`'): the answers a busy database kept waiting but
    those ``shown`` (their editors save them), and ``mine`` (the answer an item editor shows, saved by its call),
    saved in the order they were typed, each in its turn among the window's edits waiting (:meth:`WaitingEdits.due`).
    False when the database is still busy (``timer`` tries again); True when saved, or when the rest wait their turn."""
    edits, drafts = state.waiting_edits, drafts_of(state)
    queue = [(edits.kept_turn(p, i), (p, i)) for p, i, _draft in drafts.waiting() if (p, i) not in shown]
    if mine is not None:
        queue.append((edits.kept_turn(*mine[0]), mine[0]))
    for turn, (project_id, item_id) in sorted(queue, key=lambda each: each[0]):
        if not edits.due(owner, turn):  # another's edit made before this one first
            edits.later(owner, turn)
            return True
        draft = drafts.get(project_id, item_id)
        if mine is not None and (project_id, item_id) == mine[0]:
            saved = mine[1]()
        elif draft is None or not draft.busy or not draft.fields:
            continue  # (saved meanwhile by another)
        else:
            saved = save_left(state, drafts, project_id, item_id, draft)
        if not saved:
            timer.start()
            return False
    return True

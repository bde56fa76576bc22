"""Undo and Redo of a big step on a worker: a schedule, a generation or an import of thousands of tasks, a baseline of a big plan.

Undoing a schedule of 10,000 tasks reads them, compares the step's fields and writes them back: most of
a second the window froze for. A step of :data:`BIG_STEP` tasks or more is made on a worker instead,
through the same operation as ever (a change made meanwhile elsewhere refuses it, said as any refused
undo is). The stack moves at once, as Qt moves it; the window shows the result when it is stored.
While it runs, Undo and Redo wait (greyed), the WBS page's editing is off (as while a schedule runs),
and an edit on another page is kept as a draft and saved once the step is done, as on a busy database
(:class:`StepRunning`). A step that cannot be made is handled as the UI thread's own path handles it:
on a busy or unreachable database the stack steps back and the step stays (:mod:`app.ui.window.waiting_steps`);
refused (another window changed the tasks since) it is said and dropped from the stack.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack
from shiboken6 import isValid

from app.core import operations as ops
from app.core.errors import DatabaseBusy, UserError
from app.ui.operations import Offline, OpCommand, _run, say_refused, step_of
from app.ui.tasks import run_in_background

if TYPE_CHECKING:
    from app.ui.operations import UndoStack
    from app.ui.state import AppState

BIG_STEP = 1500  # tasks a step changes from which its undo or redo is made on a worker


class StepRunning(DatabaseBusy):
    """An edit while a big undo or redo is being stored: nothing was saved; typing is kept as a draft and
    saved once the step is done (as on a busy database). ``action``: a button or a dialog's Save, which
    nothing makes later: said as not done, to do again."""

    def __init__(self, action: bool = False) -> None:
        if action:
            UserError.__init__(self, key="ui.step_running_action")
        else:
            UserError.__init__(self, key="ui.step_running")
        self.action = action


def not_done(error: DatabaseBusy) -> UserError:
    """``error`` as said of an action (a button, a dialog's Save): nothing makes it later, unlike typing a page
    keeps as a draft, so a big undo being stored or a server out of reach says it was not done, to do again."""
    if isinstance(error, StepRunning) and not error.action:
        return StepRunning(action=True)
    if isinstance(error, Offline):
        return UserError(key="db.offline_not_done", detail=error.params.get("detail", ""))
    return error  # a busy database: "try again in a moment" holds for both


def is_big(change: ops.Change) -> bool:
    """A step of BIG_STEP tasks or more, or of a document holding that many values (a baseline of a big plan)."""
    return len(change.tasks) >= BIG_STEP or (ops.Part.DOCUMENTS in change.parts and any(_holds(s, BIG_STEP) for s in (change.before, change.after)))


def _holds(snapshot: Any, count: int) -> bool:
    """Whether ``snapshot`` (a document as a change keeps it) holds ``count`` values or more (counted until there)."""
    todo, seen = [snapshot], 0
    while todo and seen < count:
        node = todo.pop()
        values = node.values() if isinstance(node, Mapping) else node if isinstance(node, list) else ()
        for value in values:
            seen += 1
            if isinstance(value, Mapping | list):
                todo.append(value)
    return seen >= count


class StepWorker(QObject):
    """The step of ``stack`` (an :class:`app.ui.operations.UndoStack` whose parent is the window's state)
    being made on a worker, if any.

    Signals:
        runningChanged(bool): a step began (True) or ended on the worker.
        busyChanged(): :attr:`busy` may have changed (another operation of the window began or ended).
        made(object, bool): the step of this command was made (True: undone), its change published; never for a step refused.
    """

    runningChanged = Signal(bool)
    made = Signal(object, bool)  # a step made on the worker: its command, and whether it was undone
    busyChanged = Signal()

    def __init__(self, stack: UndoStack) -> None:
        super().__init__(stack)
        self.stack = stack
        self.command: OpCommand | None = None
        self._others = 0  # the window's other operations on a worker (a schedule, an import)

    @property
    def state(self) -> AppState:
        return cast("AppState", self.stack.parent())

    @property
    def running(self) -> bool:
        return self.command is not None

    @property
    def busy(self) -> bool:
        """A step, or another operation of the window, is being made on a worker: Undo and Redo wait
        (greyed), so the stack never moves under a result still to come."""
        return self.running or self._others > 0

    def begin_other(self) -> None:
        """Another operation of the window (a schedule, an import) went to a worker."""
        self._others += 1
        self.busyChanged.emit()

    def end_other(self) -> None:
        """... and reported back."""
        self._others = max(0, self._others - 1)
        if isValid(self):
            self.busyChanged.emit()

    def raise_if_running(self) -> None:
        """Before an edit: :class:`StepRunning` while a step is being made (the edit is kept as a draft)."""
        if self.running:
            raise StepRunning

    def start(self, command: OpCommand, undo: bool) -> bool:
        """Make ``command``'s undo (or redo) on a worker when it is big; True when it was started there (Qt has
        moved the stack, as for any step). A step waiting for the server is made where it is asked (its
        caller reads the outcome at once), as is every step while another runs."""
        if self.running or not is_big(command.change) or self.stack.waiting.making:
            return False
        state, change = command.state, command.change
        op, what = step_of(change, undo)
        ws, project_id = state.workspace, state.project_id
        self.command = command
        self.runningChanged.emit(True)
        run_in_background(lambda: _run(ws, op, project_id), lambda done: self._done(command, undo, done),
                          lambda exc: self._failed(command, change, undo, what, exc))
        return True

    def _placed(self, command: OpCommand, change: ops.Change, undo: bool) -> OpCommand | None:
        """The step's command where the step left it on the stack (the next to redo after its undo, the last done
        after its redo): the project still open (or shown again: its step put back), nothing recorded since; else None."""
        at = self.stack.index() - (0 if undo else 1)
        found = self.stack.command(at) if 0 <= at < self.stack.count() else None
        if isinstance(found, OpCommand) and (found is command or found.change is change):
            return found
        return None

    def _end(self) -> bool:
        """The step is over; False when the window went meanwhile (nothing to show it in)."""
        self.command = None
        if not isValid(self):
            return False
        self.runningChanged.emit(False)
        return True

    def _done(self, command: OpCommand, undo: bool, change: ops.Change) -> None:
        if self._end():
            self.state.set_offline(False)
            self.state.publish(change)
            self.made.emit(command, undo)

    def _failed(self, command: OpCommand, change: ops.Change, undo: bool, what: str, error: BaseException) -> None:
        if not self._end():
            return
        state = self.state
        placed = self._placed(command, change, undo)
        command = placed or command
        if isinstance(error, UserError):
            state.set_offline(isinstance(error, Offline))
        if isinstance(error, DatabaseBusy) or not isinstance(error, UserError):  # (a bug: reported already)
            if isinstance(error, DatabaseBusy):
                command.refusal = error if placed else None
                state.report_problem(error, what)
            if placed:  # the step stays; the stack goes back to where it was
                command.step_back()
                self.stack.waiting.step_back_later(command, undo)
            elif isinstance(error, DatabaseBusy):  # the stack moved on (another project opened): made once it can be
                self.stack.waiting.keep_aside(command, change, undo, error)
            return
        # Another window, process or import changed the same data since: theirs kept, this step dropped.
        say_refused(state, error, what, change.project_id)
        if placed:
            command.setObsolete(True)  # Qt drops an obsolete command it reaches without making it
            (QUndoStack.redo if undo else QUndoStack.undo)(self.stack)
            return
        if isValid(command):
            command.setObsolete(True)  # (dropped when the stack reaches it)
        state.undo_shelves.stepped(change, undo, made=False)  # the project left: its shelf drops the step

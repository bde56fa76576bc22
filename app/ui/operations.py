"""Running operations from the UI: one generic undo command, one ``changed`` signal (Anki's CollectionOp).

A page builds an operation in the core (:mod:`app.core.operations`) and hands it to :func:`run_op` (quick edits,
on the UI thread) or :func:`run_op_in_background` (imports, generation, schedules). Either way the change is
committed in one transaction, pushed as one :class:`OpCommand` on the window's undo stack, and announced once
through ``AppState.changed(Change)``, from which every page refreshes. Undo and redo run the change's restore
operation: one that would overwrite a later edit made elsewhere is refused, said so, and dropped from the stack.

A database server that cannot be reached, or a connection lost during an edit, is met here, once,
as a busy database: :class:`Offline` is a :class:`DatabaseBusy`, so every page keeps what was
typed as a draft and tries again on its timer, and an undo step stays (pressed while the server is out
of reach, it waits and is made once it is back: app/ui/window/waiting_steps.py); ``AppState.offline``
says so until an operation reaches the server again.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import nullcontext, suppress
from typing import TYPE_CHECKING, Any, Literal

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack
from shiboken6 import isValid

from app.core import operations as ops
from app.core.errors import ConflictError, DatabaseBusy, UserError
from app.ui.tasks import run_in_background

if TYPE_CHECKING:
    from app.core.workspace import Workspace
    from app.ui.state import AppState

MERGE_SECONDS = 2.0  # a burst of typing in one field undoes as one step
# Found busy: the UI thread's saves this long after (retries, edits) wait BRIEF_WAIT_MS at most (AppState.busy_within).
BRIEF_WAITS_S, BRIEF_WAIT_MS = 10.0, 200

# An undo step's text: a function making it in the UI language of the moment, names of things (labels) looked up then
# too, so the Edit menu follows a language switch (see :func:`app.ui.translations.retranslate_undo_stack`). A plain text
# would stay in the language it was made in: only "" is taken, for a change that is no undo step (a project created, opened or imported).
UndoText = Callable[[], str] | Literal[""]


# The connection failures that mean "offline for now" (a wrong password or a missing database is not
# that: it is said at start-up, as it is).
OFFLINE_KEYS = frozenset({"db.server_unreachable", "db.connection_lost"})


class Offline(DatabaseBusy):
    """The server could not be reached or the connection dropped: nothing saved; what was typed waits, as on a busy database."""

    def __init__(self, cause: UserError) -> None:
        UserError.__init__(self, key="db.offline", detail=cause.params.get("detail", ""))
        self.cause = cause


def is_offline(error: BaseException) -> bool:
    """True for a failure to reach the database server (also a raw driver error of a read)."""
    if isinstance(error, Offline):
        return True
    if not isinstance(error, UserError):
        from app.core.storage.errors import storage_error

        known = storage_error(error)
        return known is not None and known.key in OFFLINE_KEYS
    return error.key in OFFLINE_KEYS


def _run(ws: Workspace, op: ops.Operation, project_id: int | None = None) -> ops.Change:
    """:func:`app.core.operations.run` (``project_id``: the open project, deleted elsewhere: no such
    project, never a conflict), a lost server raised as :class:`Offline` (no Qt: runs on workers too)."""
    try:
        return ops.run(ws, op, project_id)
    except UserError as exc:
        if is_offline(exc):
            raise Offline(exc) from None
        raise


def lock_waited(ws: Workspace) -> None:
    """(On a worker) the write lock waited for as an operation does (:func:`app.core.operations.wait_write_lock`), a lost
    server raised as :class:`Offline` (a slow operation waiting for the edits kept waiting: app/ui/window/waiting_steps.py)."""
    try:
        ops.wait_write_lock(ws)
    except UserError as exc:
        if is_offline(exc):
            raise Offline(exc) from None
        raise


def _run_here(state: AppState, op: ops.Operation) -> ops.Change:
    """Run ``op`` on the UI thread; the window's offline flag follows whether the server answered. Found busy a
    moment ago (the busy timeout waited once), it waits for a lock only briefly: no freeze at each retry."""
    brief = state.busy_within(BRIEF_WAITS_S) is not None
    try:
        with state.workspace.db.waiting_briefly(BRIEF_WAIT_MS) if brief else nullcontext():
            change = _run(state.workspace, op, state.project_id)
    except UserError as exc:
        state.found_busy(exc if isinstance(exc, DatabaseBusy) else None)
        state.set_offline(isinstance(exc, Offline))  # else the server answered (a conflict, a refusal, a busy database)
        named = state.named_error(exc)  # a project deleted elsewhere: by its name
        if named is not exc:
            raise named from exc
        raise
    state.found_busy(None)
    state.set_offline(False)
    return change


def say_refused(state: AppState, error: UserError, what: str, project_id: int) -> None:
    """An undo or redo refused (changed elsewhere since: theirs kept): said (「元に戻す: …」); a conflict has every page read again."""
    state.report_problem(error, what)
    if isinstance(error, ConflictError):
        state.publish(ops.Change(project_id, ops.ALL_PARTS, external=True))


def step_of(change: ops.Change, undo: bool) -> tuple[ops.Operation, str]:
    """The operation that undoes (or redoes) ``change``, and what it is called (「元に戻す」, 「やり直し」)."""
    if undo:
        return ops.undo_op(change), QCoreApplication.translate("operations", "Undo")
    return ops.redo_op(change), QCoreApplication.translate("operations", "Redo")


def _text_now(text: UndoText) -> str:
    return text() if callable(text) else text


class OpCommand(QUndoCommand):
    """One committed change on the undo stack; undo/redo are operations through the same path.

    Commands with the same ``merge_key`` for the same project within MERGE_SECONDS merge into one
    step (a burst of typing), unless a new typing began since (:func:`begin_typing`).
    """

    ID = 1002

    def __init__(self, state: AppState, change: ops.Change, text: UndoText, merge_key: str | None = None) -> None:
        super().__init__(_text_now(text))
        self.make_text = text
        self.state = state
        self.change = change
        self.merge_key = merge_key
        self.stamp = time.monotonic()
        self.sealed = False  # a typing began since: this step is none of its (:func:`begin_typing`)
        self._pushed = False
        self._step_back = False
        self.refusal: DatabaseBusy | None = None  # why the last undo or redo was not made (a busy or lost server)

    def retranslate(self) -> None:
        """Make the text again in the current UI language (a plain string stays as it is)."""
        if callable(self.make_text):
            self.setText(self.make_text())

    def redo(self) -> None:  # overrides QUndoCommand.redo
        if not self._pushed:  # QUndoStack.push calls redo(); the operation has run already
            self._pushed = True
            return
        self._move(undo=False)

    def undo(self) -> None:  # overrides QUndoCommand.undo
        self._move(undo=True)

    def _move(self, *, undo: bool) -> None:
        """Undo or redo; on a busy database the stack steps back (Qt cannot veto), keeping the step; the
        server out of reach, the step also waits and is made once it is back (app/ui/window/waiting_steps.py)."""
        if self._step_back:  # this call is that step back (by Qt's own slot): the data never changed
            self._step_back = False
            return
        if self.state.undo_stack.worker.start(self, undo):  # a big step: on a worker (app/ui/window/step_worker.py)
            return
        if not self._step(*step_of(self.change, undo)):
            self.step_back()
            self.state.undo_stack.waiting.step_back_later(self, undo)

    def step_back(self) -> None:
        """The undo or redo just asked was not made: the stack's step back (Qt's own slot, next) changes nothing."""
        self._step_back = True

    def _step(self, op: ops.Operation, what: str) -> bool:
        """Run an undo or redo; False when the database was busy or offline (the step stays, to try again)."""
        try:
            change = _run_here(self.state, op)
        except DatabaseBusy as exc:
            self.refusal = exc
            self.state.report_problem(exc, what)
            return False
        except UserError as exc:
            # Another window, process or import changed the same data since: keep theirs, and
            # drop this step (Qt removes an obsolete command after undo/redo returns).
            self.setObsolete(True)
            say_refused(self.state, exc, what, self.change.project_id)
            return True
        self.state.publish(change)
        return True

    def id(self) -> int:  # overrides QUndoCommand.id
        return self.ID if self.merge_key else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # overrides QUndoCommand.mergeWith
        if not isinstance(other, OpCommand) or other.merge_key != self.merge_key or self.sealed:
            return False
        if other.change.project_id != self.change.project_id or other.stamp - self.stamp > MERGE_SECONDS:
            return False
        if other.change.before != self.change.after:
            return False  # someone else wrote in between: undo must not jump past their write
        self.change = self.change.merged(other.change)
        self.stamp = other.stamp
        self.setObsolete(not self.change.changed)  # typed and deleted again: nothing to undo
        return True


class UndoStack(QUndoStack):
    """The window's undo stack: before a step back or forward, the editors save what is typed and not
    saved yet (as its own step), so Ctrl+Z right after typing takes back that typing, not the step before.

    Every Undo and Redo goes through :meth:`undo` and :meth:`redo` (the Edit menu's actions, the
    interview's keys, the large editor's), never through Qt's own slots, which would skip the save.

    Typing is the last thing done in two more cases, and Undo takes it back then (the editors showing it,
    registered by :meth:`add_editor`, call their ``take_back_typing()``: the answer as stored again):
    - typing in its pause before the save (:meth:`set_typing`): Undo is offered even on an empty stack
      (the first edit of a session), saves it and steps back;
    - typing whose save was refused (a word in a number, a busy database: a draft, :meth:`hold`), as
      long as the steps made since were undone and an editor on screen shows it, with the fields of that
      typing saved beside it (a note typed with the word); several such typings the last first. With no
      editor on screen showing it, Undo steps back as ever and the draft stays;
    - a table cell's typing committed for the undo (:attr:`aboutToStep`) and not saved (refused, said,
      its editor closed: :meth:`refuse_typing`): that typing was taken back, the undo goes no further.

    Signals:
        aboutToStep(): undo or redo is about to run; save what is pending now.
        typingChanged(): what :meth:`can_step_back` says may have changed.
    """

    aboutToStep = Signal()
    typingChanged = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._typing: set[int] = set()  # the editors (by id) holding typing in its pause
        self._held: dict[tuple[int, str], tuple[int, int]] = {}  # (project, item) refused -> (index then, steps saved with it)
        self._editors: dict[int, Any] = {}  # the editors that can take typing back, by id
        self._stepping = False  # aboutToStep is being emitted: what is typed is committed now
        self._undoing = False  # ... for an undo
        self._refused = False  # typing committed then was not saved (:meth:`refuse_typing`)
        self.swapping = False  # a project's steps shelved or put back (app/ui/projects/undo_shelves.py): none is made
        self.indexChanged.connect(self.drop_held)
        from app.ui.window.step_worker import StepWorker
        from app.ui.window.waiting_steps import WaitingSteps

        self.waiting = WaitingSteps(self)  # undo and redo pressed while the server was out of reach
        self.worker = StepWorker(self)  # a big step made on a worker
        for signal in (self.worker.runningChanged, self.worker.busyChanged):  # Undo and Redo wait meanwhile
            signal.connect(lambda *_: self.typingChanged.emit())

    def add_editor(self, editor: Any) -> None:
        """``editor`` (``shown_key()``: (project id, item id) or None; ``take_back_typing()``) may hold typing."""
        key = id(editor)
        self._editors[key] = editor
        editor.destroyed.connect(lambda _=None, k=key: self._gone(k))

    def _gone(self, key: int) -> None:
        self._editors.pop(key, None)
        if key in self._typing and isValid(self):  # (the window may have gone first)
            self._typing.discard(key)
            self.typingChanged.emit()

    def set_typing(self, editor: QObject, pending: bool) -> None:
        """``editor`` holds typing in its pause that changes something (or no longer does)."""
        before = bool(self._typing)
        if pending:
            self._typing.add(id(editor))
        else:
            self._typing.discard(id(editor))
        if bool(self._typing) != before:
            self.typingChanged.emit()

    def save_paused_typing(self) -> None:
        """Before another step is made (:func:`run_op`): typing still in its pause elsewhere (a hearing answer, its page
        just left) is saved first, its own step under the new one, so Undo takes back what was done last."""
        for key in list(self._typing):
            editor = self._editors.get(key)
            if editor is not None and isValid(editor):
                editor.save_typing()

    def hold(self, project_id: int, item_id: str, steps: int) -> None:
        """The typing of this item was refused (kept as a draft) just now; ``steps``: the steps its save made."""
        self._held.pop((project_id, item_id), None)  # (the last refused last: :meth:`held_last`)
        self._held[(project_id, item_id)] = (self.index(), steps)
        self.typingChanged.emit()

    def held(self, project_id: int, item_id: str) -> tuple[int, int] | None:
        """Of the item's typing refused and held: (the index then, the steps saved with it); None when none is."""
        return self._held.get((project_id, item_id))

    def held_last(self, project_id: int, prefix: str) -> str | None:
        """The item (its id starting with ``prefix``) of the project whose typing was refused last, if
        nothing was done since: what an editor rebuilt since (a language switch) shows and Undo takes back."""
        held = [item for (project, item), (at, _steps) in self._held.items()
                if project == project_id and item.startswith(prefix) and at == self.index()]
        return held[-1] if held else None

    def refuse_typing(self) -> None:
        """Typing committed just now was not saved and is no longer shown (a table cell's refused, said,
        its editor closed). Committed for an undo about to step, that typing was the last thing done: the
        undo took it back and goes no further, the step before stays (outside a step: nothing to do)."""
        if self._stepping:
            self._refused = True

    @property
    def taking_back(self) -> bool:
        """An undo is about to step: typing committed now and refused is what it takes back (:meth:`refuse_typing`)."""
        return self._stepping and self._undoing

    def _about_to_step(self, undo: bool) -> bool:
        """Emit :attr:`aboutToStep`; True when typing committed for the step was refused (:meth:`refuse_typing`)."""
        self._stepping, self._undoing, self._refused = True, undo, False
        try:
            self.aboutToStep.emit()
        finally:
            self._stepping = False
        return self._refused

    def release(self, project_id: int, item_id: str) -> None:
        if self._held.pop((project_id, item_id), None) is not None:
            self.typingChanged.emit()

    def drop_held(self, index: int, project_id: int | None = None) -> None:
        """The open project's (``project_id``'s) held typing whose step was undone is gone with it; one with steps made after it
        waits under them (held again once they are undone or withdrawn); another project's waits with its shelved steps."""
        project = getattr(self.parent(), "project_id", None) if project_id is None else project_id
        stale = set() if self.swapping else {key for key, (at, _s) in self._held.items() if at > index and project in (None, key[0])}
        self._held = {key: held for key, held in self._held.items() if key not in stale}
        if stale or self._held:
            self.typingChanged.emit()

    def shown_changed(self) -> None:
        """An editor or page shown now or no longer (what an undo would take back may have changed)."""
        self.typingChanged.emit()

    def takers(self) -> list[tuple[Any, int]]:
        """The editors on screen showing the typing refused last of those refused just now (two editors of
        one item: both), and the steps saved with it."""
        found, order = [], list(self._held)
        for editor in self._editors.values():
            key = editor.shown_key() if isValid(editor) and editor.isVisible() else None
            held = self._held.get(key) if key is not None else None
            if key is not None and held is not None and held[0] == self.index():
                found.append((editor, order.index(key), held[1]))
        last = max((at for _editor, at, _steps in found), default=-1)
        return [(editor, steps) for editor, at, steps in found if at == last]

    @property
    def typing(self) -> bool:
        """Some editor holds typing an undo takes back."""
        return bool(self._typing) or bool(self.takers())

    def can_step_back(self) -> bool:
        """What the Undo action's enabled state follows: a step to undo, or typing to take back (none while a
        big step is made on a worker)."""
        return not self.worker.busy and (self.canUndo() or self.typing)

    def can_step_forward(self) -> bool:
        """What the Redo action's enabled state follows."""
        return not self.worker.busy and self.canRedo()

    def undo(self) -> None:  # overrides QUndoStack.undo
        if self.worker.busy:  # (a big step, a schedule... being made: Undo waits, greyed)
            return
        refused = self._about_to_step(undo=True)
        takers = self.takers()
        if not takers:
            if not refused and self.waiting.make_first(undo=True):  # (refused: taking that typing back was this undo)
                super().undo()
            return
        for editor, _steps in takers:
            self._held.pop(editor.shown_key(), None)
        for editor, _steps in takers:
            editor.take_back_typing()
        for _ in range(max(steps for _editor, steps in takers)):  # the fields saved with it (a note typed beside the word)
            super().undo()
        self.typingChanged.emit()

    def redo(self) -> None:  # overrides QUndoStack.redo
        if self.worker.busy:
            return
        self._about_to_step(undo=False)
        if self.waiting.make_first(undo=False):
            super().redo()


def run_op(state: AppState, op: ops.Operation, text: UndoText, merge_key: str | None = None, *, action: bool = False,
           owner: QObject | tuple[QObject, str] | None = None) -> ops.Change:
    """Run ``op`` now, publish its change and put it on the undo stack. A :class:`UserError` (validation, conflict,
    busy database, :class:`Offline`) propagates to the caller, which keeps what the user typed and shows it; nothing was
    written. ``action``: a button or a dialog's Save, not typing a page keeps as a draft: refused, it is said as not done
    (step_worker.not_done). The window's edits a busy database kept waiting go first (WaitingEdits.first; not in a
    retries' run), but those of ``owner`` (the page making it, and its kind of edits), which its edit joins."""
    try:
        state.undo_stack.worker.raise_if_running()  # a big undo being stored: the edit waits as a draft
        state.undo_stack.waiting.make_or_raise()  # an undo or redo pressed while the server was down goes first
        state.waiting_edits.first(*(owner if isinstance(owner, tuple) else (owner,)))  # (the lock gone, before their timers)
        state.undo_stack.save_paused_typing()  # typing paused elsewhere: its step first
        change = _run_here(state, op)
    except DatabaseBusy as exc:
        from app.ui.window.step_worker import not_done

        said = not_done(exc) if action else exc
        state.report_problem(said)
        if said is not exc:
            raise said from exc
        raise
    record(state, change, text, merge_key)
    return change


def record(state: AppState, change: ops.Change, text: UndoText, merge_key: str | None = None) -> None:
    """Publish a change an operation made and, when undoable, push it as one undo step: on the stack, or, of a project the
    window left meanwhile (a schedule stored on a worker, typing a busy database kept waiting), on its shelf."""
    if not change.changed:
        return
    state.publish(change)
    if change.restore is not None:
        command = OpCommand(state, change, text, merge_key)
        if change.project_id == state.project_id:
            state.undo_stack.push(command)
        else:
            state.undo_shelves.record(command)


def run_op_in_background(state: AppState, op: ops.Operation, text: UndoText, on_done: Callable[[ops.Change], Any] | None = None,
                         on_error: Callable[[BaseException], Any] | None = None, warm: Callable[[Workspace], object] | None = None) -> None:
    """Run a slow operation on a worker; publish, push and call ``on_done`` back on the UI thread. ``warm``: reads the
    window makes of the change, made on the worker once stored (cached by what they read: the window's are lookups).
    The edits kept waiting, then typing paused elsewhere, are saved first (it reads them); the lock held, once it goes
    (waited for as the operation would: WaitingEdits.first_then), else it is not run, said busy."""
    ws, project_id, worker = state.workspace, state.project_id, state.undo_stack.worker

    def work() -> ops.Change:
        change = _run(ws, op, project_id)
        if warm is not None and change.changed:
            with suppress(UserError):  # (the window's own read says it)
                warm(ws)
        return change

    def done(change: ops.Change) -> None:
        worker.end_other()
        state.set_offline(False)
        record(state, change, text)
        if on_done is not None:
            on_done(change)

    def failed(exc: BaseException, began: bool = True) -> None:
        if began:
            worker.end_other()
        if isinstance(exc, UserError):
            state.set_offline(isinstance(exc, Offline))
            exc = state.named_error(exc)
        if isinstance(exc, Offline):
            # A whole operation (a schedule, a generation, an import) is not kept to retry, unlike typing: say it was not done
            from app.ui.window.step_worker import not_done  # (to do again once the server is back)

            exc = not_done(exc)
        elif isinstance(exc, DatabaseBusy):
            state.report_problem(exc)
        if on_error is not None:
            on_error(exc)

    def start() -> QObject | None:
        state.undo_stack.save_paused_typing()
        worker.begin_other()  # Undo and Redo wait for its result
        if not worker.running:  # (else a big undo being stored: the pages' buttons wait for it)
            return run_in_background(work, done, failed)  # (slow operations one at a time: over when its relay is gone)
        from app.ui.window.step_worker import StepRunning
        failed(StepRunning(action=True))  # a whole operation: not kept to make later, said as not done
        return None  # (over now)

    state.waiting_edits.first_then(start, lambda exc: failed(exc, began=False))

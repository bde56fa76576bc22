"""The undo history each project keeps while the window is open, as an editor keeps each open file's.

The window has one undo stack, and it only ever holds the open project's steps (undo never crosses
projects). When the window leaves a project for another (the switcher, File ▸ Open and Open Recent, a
project made or imported and opened), its steps are shelved here: what makes each step again (an
:class:`~app.ui.operations.OpCommand`'s state, change, text maker, merge key, stamp, sealed flag and what
rides on it: a draft it saved over), and the stack's index, so that the steps undone come back as steps
to redo. Coming back to the project puts them back on the stack without running any operation: a step
pushed skips its first redo (``_pushed``), and the steps above the index are stepped back
(:meth:`OpCommand.step_back`) before :meth:`QUndoStack.setIndex`, so Qt's undo calls change nothing. Each
step's text is made again then, in the UI language of the moment (a language switch while away is followed).

A step made meanwhile elsewhere is refused when it is undone or redone, as ever: its operation checks that
the data is as the step left it, and says so by label. Undo and Redo pressed while the server was away wait
(app/ui/window/waiting_steps.py); a step waiting when its project is left is made from its change once the
server answers, as a step whose stack was cleared always was.

A step of a project left can still land or be resolved after the switch: a schedule, a generation or an
import stored on a worker (:func:`~app.ui.operations.run_op_in_background`), typing a busy database kept
waiting and saved once the lock goes, a big undo refused on the worker (app/ui/window/step_worker.py), an
undo that waited for the server (app/ui/window/waiting_steps.py). The shelf learns each as the stack would
have (:meth:`UndoShelves.record`, :meth:`UndoShelves.stepped`): the history after the switch is the history
without it. The switch does not wait for those steps instead: it must never wait on a server that is away
(a step waiting for it can wait for hours), nor freeze on a schedule of thousands of tasks.

The shelves last as long as the window (its state): closing a project drops its history (the stack is
cleared), a backup restored drops every shelf (said so, as the stack's), a project deleted or archived
drops its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QUndoCommand

from app.ui.operations import OpCommand
from app.ui.undo import DraftStep

if TYPE_CHECKING:
    from app.core import operations as ops
    from app.core.project import ProjectInfo
    from app.ui.operations import UndoStack

# An OpCommand's own bookkeeping of the moment, never shelved: a step put back is as just pushed.
_TRANSIENT = frozenset({"_pushed", "_step_back", "refusal"})


@dataclass
class Shelf:
    """One project's steps put away: each as its class and its attributes, oldest first; ``index``: the stack's."""

    uuid: str  # the project's (SQLite gives a new project the id of one deleted: never its history)
    steps: list[tuple[type[QUndoCommand], dict[str, Any]]]
    index: int


class UndoShelves(QObject):
    """The steps of the projects the window left, by project id; ``stack`` holds the open project's."""

    def __init__(self, stack: UndoStack) -> None:
        super().__init__(stack)
        self.stack = stack
        self._shelves: dict[int, Shelf] = {}

    def __contains__(self, project_id: int) -> bool:
        return project_id in self._shelves

    def switch(self, left: ProjectInfo | None, shown: ProjectInfo) -> None:
        """The window leaves ``left`` (None: no project open, the stack holds a closed one's steps, dropped) for
        ``shown``: the stack's steps are shelved for ``left``, and ``shown``'s put back on it."""
        stack = self.stack
        stack.waiting.stepped_back()  # an undo not made steps back now, on its own project's stack
        shelf = self._shelves.pop(shown.id, None)
        back = shelf is not None and shelf.uuid == shown.uuid and bool(shelf.steps)
        stack.swapping = True
        try:
            if left is not None:
                self._shelve(left)
            stack.clear()
            if shelf is not None and back:
                self._put_back(shelf)
        finally:
            stack.swapping = False
        if not back:  # (its typing held over steps gone: with them, as when its project was closed)
            stack.drop_held(0, shown.id)

    def record(self, command: OpCommand) -> bool:
        """A step made for a project left, stored after the switch (a schedule on a worker, typing kept waiting saved
        then): on top of its shelf, the newest step, as :meth:`QUndoStack.push` puts it (the steps undone above it
        dropped, merged with the step under it as a burst of typing merges). False when the project has no shelf (it
        was closed: its history is gone)."""
        shelf = self._shelves.get(command.change.project_id)
        if shelf is None:
            return False
        del shelf.steps[shelf.index:]
        kind, fields = shelf.steps[-1] if shelf.steps else (None, {})
        top = _make_again(kind, fields) if kind is OpCommand and command.merge_key else None
        if isinstance(top, OpCommand):
            top.merge_key = fields.get("merge_key")  # (made again unmergeable: as it was now)
        if isinstance(top, OpCommand) and top.id() == command.id() and top.mergeWith(command):
            shelf.steps.pop()  # (typed and deleted again: nothing to undo, as Qt drops an obsolete step merged)
            if not top.isObsolete():
                shelf.steps.append(_kept(top))
        else:
            shelf.steps.append(_kept(command))
        shelf.index = len(shelf.steps)
        return True

    def stepped(self, change: ops.Change, undo: bool, made: bool) -> None:
        """The undo (``undo``) or redo of the step of ``change`` was resolved after the window left its project (a big
        step on the worker, a step waiting for the server): the shelf learns it, as the stack would have. Made, the step
        is undone (a redo step) or redone; refused (changed elsewhere since), it is dropped, as Qt drops an obsolete
        command, the steps under it kept. The project shown again meanwhile, a refused step on the stack is marked
        obsolete (dropped when reached)."""
        shelf = self._shelves.get(change.project_id)
        if shelf is None:
            for n in range(self.stack.count()) if not made else ():
                command = self.stack.command(n)
                if isinstance(command, OpCommand) and command.change is change:
                    command.setObsolete(True)
            return
        at = next((n for n, (_kind, fields) in enumerate(shelf.steps) if fields.get("change") is change), None)
        if at is None:
            return
        if not made:
            del shelf.steps[at]
            shelf.index -= 1 if at < shelf.index else 0
        else:
            shelf.index = at if undo else at + 1

    def drop(self, project_id: int) -> None:
        """The project was deleted or archived: its steps can never be made again, nor its typing refused taken back."""
        self._shelves.pop(project_id, None)
        self.stack.drop_held(-1, project_id)

    def clear(self) -> None:
        """Every project's steps dropped (a backup restored: they belong to the database replaced)."""
        for project_id in list(self._shelves):
            self.drop(project_id)

    def _shelve(self, project: ProjectInfo) -> None:
        stack = self.stack
        commands = [stack.command(n) for n in range(stack.count())]
        # A step of a kind this module cannot make again is not kept, nor the steps under it: they cannot be undone
        # without it (they would jump past it). None is today (every step is an OpCommand or a DraftStep).
        cut = max((n for n, command in enumerate(commands) if type(command) not in (OpCommand, DraftStep)), default=-1)
        # An obsolete step is dropped by Qt once reached, without being made: so now.
        kept = [(n, command) for n, command in enumerate(commands) if n > cut and not command.isObsolete()]
        # (kept with no step too: a step of it stored after the switch goes on it, :meth:`record`)
        steps = [_kept(command) for _n, command in kept]
        self._shelves[project.id] = Shelf(project.uuid, steps, sum(1 for n, _command in kept if n < stack.index()))

    def _put_back(self, shelf: Shelf) -> None:
        stack, made = self.stack, []
        for kind, fields in shelf.steps:
            command = _make_again(kind, fields)
            stack.push(command)  # (no merge: its merge key is set back once every step is on the stack)
            made.append((command, fields))
        for command, fields in made:
            if isinstance(command, OpCommand):
                command.merge_key = fields.get("merge_key")
        for command, _fields in made[shelf.index:]:
            if isinstance(command, OpCommand):
                command.step_back()  # Qt's undo next, by setIndex: the data was undone before it was shelved
        stack.setIndex(shelf.index)


def _kept(command: QUndoCommand) -> tuple[type[QUndoCommand], dict[str, Any]]:
    """A step as shelved: its class and its attributes, but its bookkeeping of the moment."""
    return type(command), {k: v for k, v in vars(command).items() if k not in _TRANSIENT}


def _make_again(kind: type[QUndoCommand], fields: dict[str, Any]) -> QUndoCommand:
    """A shelved step as a command again, its text made now (in the UI language of the moment); not mergeable yet."""
    command: QUndoCommand
    if kind is OpCommand:
        command = OpCommand(fields["state"], fields["change"], fields["make_text"], None)
    else:
        command = DraftStep(fields["make_text"])
    for name, value in fields.items():
        if name not in ("merge_key",):
            setattr(command, name, value)
    return command

"""The WBS cell edits kept as drafts: a busy database kept them waiting, or a conflict asked about them.

A cell edit kept is data in the window's drafts (item ``wbs:<task uid>``, or ``wbs:<task uid>:dependencies``
for predecessors: the fields as typed and, as ``base``, the task's id, name and the values shown), so the
drafts file keeps it through a crash or a killed process and the WBS page of the next window takes it back
(:meth:`app.ui.wbs.editing.WbsEditing.take_back_waiting`), checked as a new edit is: a cell someone else
changed since asks again, never written over unseen.

Each edit kept waiting keeps its turn among the window's (:class:`app.ui.window.waiting_steps.WaitingEdits`): a
task's later typing joins its draft but is saved in its own turn (the draft's fields of each turn apart), and a page
rebuilt (a language switch) takes them back in the turns they were made in. A cell's value refused once the
database is free (99999 days) is held in its cell as when typed with the database free, said by its task.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from pydantic import TypeAdapter
from pydantic_core import to_jsonable_python  # a value as the drafts file keeps it (dates as ISO text)

from app.core.errors import DatabaseBusy, NotFoundError, UserError
from app.ui import messages
from app.ui.error_text import user_text
from app.ui.hearing.drafts import drafts_of
from app.ui.operations import UndoText, is_offline, run_op
from app.wbs import operations as wbs_ops
from app.wbs.checks import clean_fields
from app.wbs.model import Dependency, Task, WbsTree, format_links, task_name
from app.wbs.service import WbsChange

if TYPE_CHECKING:
    from app.core.workspace import Workspace
    from app.ui.hearing.drafts import DraftRegistry
    from app.ui.wbs.editing import WbsEditing as _Base
else:
    _Base = object

Work = Callable[[], WbsChange | None]  # a WBS service call that commits (or changes nothing)
SlowWork = Callable[["Workspace"], WbsChange | None]  # the same on a worker, given the workspace
Cell = tuple[list[Task], str, Any]  # a cell's typing: the tasks it goes to, the column, the value typed
_MARKS = itertools.count(1)  # structure edits kept waiting: their drafts' item ids
KEPT = "wbs:"  # the item ids of the WBS edits kept in the window's drafts
DEPENDENCIES = "dependencies"


@dataclass(frozen=True)
class Waiting:
    """An edit a busy database kept waiting."""

    project_id: int
    key: str  # its draft's item id
    work: Work | None = None  # a structure edit's call (in memory only); None: a cell edit, kept as data in its draft
    text: UndoText | None = None
    turn: int = 0  # its turn among the window's edits waiting (WaitingEdits.wait); 0: kept before this window's
    fields: frozenset[str] = frozenset()  # a cell edit's: the fields of its draft typed in this turn (saved in it)
    cell: Cell | None = None  # a cell's typing kept as a call (a value the task refuses): held in its cell if refused


@dataclass(frozen=True)
class Kept:
    """A cell edit kept, read back from its draft and checked as a new edit is."""

    task_id: int
    uid: int
    fields: dict[str, Any]  # as the service takes them (cleaned)
    base: dict[str, Any]  # the values shown when it was typed
    name: str  # the task as the table showed it (outline number and title)


class NotAKeptEdit(ValueError):
    """A draft that is no WBS edit (a damaged or hand-edited file): the reason goes to the log only."""


def read_kept(item_id: str, fields: dict[str, Any], base: Any, priorities: list[str]) -> Kept:
    """A cell edit kept, from its draft (user data: a file may have been edited or damaged).

    Raises UserError when a value is refused as typed into the table would be, NotAKeptEdit when the
    draft is not a WBS edit."""
    parts = item_id.split(":")
    if not (2 <= len(parts) <= 3 and parts[0] == KEPT[:-1] and parts[1].isdigit() and parts[2:] in ([], [DEPENDENCIES])):
        raise NotAKeptEdit(f"not a WBS edit: {item_id!r}")
    if not isinstance(base, dict) or not isinstance(base.get("fields"), dict) or set(base["fields"]) != set(fields):
        raise NotAKeptEdit("no values shown")
    task_id, name = base.get("task"), base.get("name", "")
    if not isinstance(task_id, int) or isinstance(task_id, bool) or not isinstance(name, str):
        raise NotAKeptEdit("no task")
    try:
        if parts[2:]:
            if set(fields) != {DEPENDENCIES}:
                raise NotAKeptEdit("predecessors and fields together")
            clean = {DEPENDENCIES: TypeAdapter(list[Dependency]).validate_python(fields[DEPENDENCIES])}
        else:
            clean = clean_fields(fields, priorities)
        was = {k: TypeAdapter(Task.model_fields[k].annotation or Any).validate_python(v) for k, v in base["fields"].items()}
    except (TypeError, KeyError) as exc:  # (pydantic's ValidationError is a ValueError)
        raise NotAKeptEdit(str(exc)) from None
    return Kept(task_id, int(parts[1]), clean, was, name)


def keep_typed(drafts: DraftRegistry, pid: int, tree: WbsTree, base: dict[int, dict[str, Any]], typed: dict[str, Any], error: UserError) -> list[str]:
    """Keep a cell edit as data in the drafts (on disk at once), one draft per task of ``base`` (the
    values each showed), typing into a task already kept joining its draft (the values shown before
    the first edit kept stay its base). Returns the drafts' item ids."""
    keys = []
    for task_id, values in base.items():
        task = tree.tasks[task_id]
        key = kept_key(task.uid, typed)
        kept = drafts.get(pid, key)
        before = kept.base if kept is not None and isinstance(kept.base, dict) and isinstance(kept.base.get("fields"), dict) else {}
        fields = {**(kept.fields if kept is not None else {}), **{k: to_jsonable_python(v) for k, v in typed.items()}}
        shown_first = {**{k: to_jsonable_python(v) for k, v in values.items()}, **before.get("fields", {})}
        name = before.get("name") or task_name(tree.codes.get(task_id, ""), task.title)  # as shown before the first edit kept
        drafts.put(pid, key, fields, error, base={"task": task_id, "name": name, "fields": shown_first})
        keys.append(key)
    return keys


def kept_key(uid: int, fields: Iterable[str]) -> str:
    """The draft a task's kept cell edit of ``fields`` is in: one per task, its predecessors in one of their own."""
    return f"{KEPT}{uid}" + (f":{DEPENDENCIES}" if DEPENDENCIES in fields else "")


def in_workspace(work: Work) -> SlowWork:
    """A service call that needs no workspace, as an operation's call (which is given one)."""
    return lambda _ws: work()


class WbsWaiting(_Base):
    """The edits a busy database kept waiting, saved in their turns: a part of :class:`~app.ui.wbs.page.WbsPage`."""

    _waiting_cell: Cell | None = None

    def _keep_waiting(
        self, pid: int, work: Work, text: UndoText, error: UserError, base: dict[int, dict[str, Any]] | None, typed: dict[str, Any] | None,
        turn: int,
    ) -> None:
        """Keep an edit a busy database refused for a retry: a cell edit as data in the drafts (kept on disk), one
        draft per task, later typing into a task waiting joining its draft (saved in its own turn); else the call."""
        drafts, tree, edits = drafts_of(self.state), self.model.tree, self.state.waiting_edits
        if not typed or not base or any(i not in tree.tasks for i in base):
            key = f"{KEPT}edit:{next(_MARKS)}"
            self._waiting.append(Waiting(pid, key, work, text, turn, cell=getattr(self, "_cell", None)))
            drafts.put(pid, key, {}, error)
            return
        uids = {tree.tasks[i].uid for i in base}
        over = [w for w in self._waiting if w.work is not None and w.cell is not None and w.project_id == pid
                and w.cell[1] in typed and uids & {t.uid for t in w.cell[0]}]  # fmt: skip
        for w in over:  # a value typed over one waiting as a call (99999 days, which no draft takes): the later one goes
            self._waiting.remove(w)
            drafts.discard(pid, w.key)
        for key in keep_typed(drafts, pid, tree, base, typed, error):
            self._later.discard((pid, key))  # (the retry saves it, or asks)
            self._waiting = [replace(w, fields=w.fields - set(typed)) if (w.project_id, w.key) == (pid, key) else w for w in self._waiting]
            self._waiting.append(Waiting(pid, key, turn=turn, fields=frozenset(typed)))
            edits.keep(pid, key, turn, typed)  # (a page rebuilt takes it back in this turn)

    def save_pending(self) -> bool:
        """Save the edits a busy database kept waiting, in the order they were made; True when none is left."""
        drafts = drafts_of(self.state)
        while self._waiting:
            waiting = self._waiting[0]
            if not self.state.waiting_edits.due(self, waiting.turn):  # another page's edit made before this one first
                self.state.waiting_edits.later(self, waiting.turn)
                return True
            try:
                if waiting.work is None:
                    self._save_kept(waiting.project_id, waiting.key, waiting.fields)
                else:
                    run_op(self.state, wbs_ops.wbs_op(waiting.project_id, in_workspace(waiting.work)), waiting.text or "", owner=self)
            except DatabaseBusy:
                self._retry.start()
                return False
            except UserError as exc:
                if is_offline(exc):  # the retry's read of the task as stored now found the server away: it waits on
                    self.state.set_offline(True)
                    self._retry.start()
                    return False
                if waiting.cell is not None and not isinstance(exc, NotFoundError):  # a value the task refuses (99999 days): held, said by its task
                    if self._still_there(waiting.cell):
                        self.hold_waiting(waiting.cell, exc)
                    else:  # its task deleted meanwhile: said so, with what was typed (no cell to hold it in)
                        tasks, column, value = waiting.cell
                        typed = [f"{self._field_label(column)}: {self._typed_text(column, value)}"]
                        names = "、".join(task_name(self.model.tree.codes.get(t.id, ""), t.title) for t in tasks)
                        messages.show_error(self, self._said_back(self._deleted_meanwhile(names, typed)))
                else:
                    messages.show_error(self, user_text(exc, self.state.ui_lang, self.state.workspace.library))
            if (waiting.project_id, waiting.key) not in self._later:  # (a conflict left unanswered stays a draft)
                _drop_fields(drafts, waiting.project_id, waiting.key, waiting.fields if waiting.work is None else None)
            self._waiting.pop(0)
        self.state.waiting_edits.done(self)
        return True

    def _still_there(self, cell: Cell) -> bool:
        """Whether a task of ``cell`` is still in the plan (not deleted by a colleague meanwhile)."""
        stored = self.service.snapshot(self.state.project_id, [t.id for t in cell[0]])
        return any((now := stored.get(t.id)) is not None and now.uid == t.uid for t in cell[0])

    def _save_kept(self, pid: int, key: str, fields: frozenset[str]) -> None:
        """Save the ``fields`` of a cell edit kept as data (those typed in one turn), checked as a new edit is: a value
        refused is held in its cell, a task deleted meanwhile said with what was typed; a task someone changed meanwhile asks."""
        draft = drafts_of(self.state).get(pid, key)
        typed = {k: v for k, v in (draft.fields if draft is not None else {}).items() if k in fields}
        if draft is None or not typed:
            return
        base = draft.base
        if isinstance(base, dict) and isinstance(base.get("fields"), dict):
            base = {**base, "fields": {k: v for k, v in base["fields"].items() if k in typed}}
        try:
            kept = read_kept(key, typed, base, self.catalog.priority_keys)
        except (UserError, ValueError) as exc:
            reason = user_text(exc, self.state.ui_lang, self.state.workspace.library) if isinstance(exc, UserError) else self.tr("it could not be read.")
            typed_text = " / ".join(f"{self._field_label(k)}: {v}" for k, v in typed.items())  # (as typed: it may not read)
            messages.show_error(self, self.tr("A WBS edit kept waiting was not saved: {0} What you typed: {1}").format(reason, typed_text))
            return
        now = self.service.snapshot(pid, [kept.task_id]).get(kept.task_id)
        if now is None or now.uid != kept.uid:
            values = [f"{self._field_label(k)}: {self._typed_text(k, v)}" for k, v in kept.fields.items()]
            messages.show_error(self, self._said_back(self._deleted_meanwhile(kept.name, values)))
            return
        if DEPENDENCIES in kept.fields:
            deps = kept.fields[DEPENDENCIES]
            work: Work = lambda: self.service.set_dependencies(pid, kept.task_id, deps, {kept.task_id: kept.uid})  # noqa: E731
            text: UndoText = lambda: self.tr("Change predecessors")  # noqa: E731
            cell: Cell | None = ([now], "predecessors", format_links(deps, self.model.tree))
        else:
            work = lambda: self.service.update(pid, [kept.task_id], self.catalog.priority_keys, {kept.task_id: kept.uid}, typed=True, **kept.fields)  # noqa: E731
            text = lambda: self.tr("Edit {0}").format("、".join(self._field_label(k) for k in kept.fields))  # noqa: E731
            column, value = next(iter(typed.items()))
            cell = ([now], column, value) if len(typed) == 1 else None
        self._waiting_cell = cell
        try:
            self._save(pid, work, text, {kept.task_id: kept.base}, {kept.task_id: now.model_copy(update=kept.fields)})
        finally:
            self._waiting_cell = None

    def take_back_waiting(self) -> None:
        """The cell edits kept waiting for this project (by a window that is gone, kept on disk; by this page before a
        language switch rebuilt it, each in the turn it was typed in; or before the project was left) shown in the table
        as waiting and saved when the database is free, in turn with the window's edits."""
        pid, tree, edits = self.state.project_id, self.model.tree, self.state.waiting_edits
        queued: dict[tuple[int, str], set[str]] = {}
        for w in self._waiting:
            queued.setdefault((w.project_id, w.key), set()).update(w.fields)
        shown: dict[int, Task | None] = {}
        taken: list[Waiting] = []
        for key, draft in drafts_of(self.state).kept(pid, KEPT):
            left = [f for f in draft.fields if f not in queued.get((pid, key), set())]
            if not left or (pid, key) in self._later:
                continue
            turns, by_turn = edits.kept_turns(pid, key), dict[int, set[str]]()
            for name in left:
                by_turn.setdefault(turns.get(name, 0), set()).add(name)
            taken += [Waiting(pid, key, turn=turn, fields=frozenset(names)) for turn, names in by_turn.items()]
            try:
                kept = read_kept(key, draft.fields, draft.base, self.catalog.priority_keys)
            except (UserError, ValueError):
                continue  # said when its turn to be saved comes
            task = shown.get(kept.task_id) or tree.tasks.get(kept.task_id)
            if task is not None and task.uid == kept.uid:
                shown[kept.task_id] = task.model_copy(update=kept.fields)
        if shown:
            self.model.apply(shown)
        if taken:  # in the order made (those kept before this window's first), the page's turn that of its first
            self._waiting = sorted(self._waiting + taken, key=lambda w: w.turn)
            edits.wait(self, self.save_pending, turn=self._waiting[0].turn)
        if self._waiting and not self._retry.isActive():
            self._retry.start()


def _drop_fields(drafts: DraftRegistry, pid: int, key: str, fields: frozenset[str] | None) -> None:
    """A cell edit's ``fields`` saved (or said): its draft keeps the others typed in other turns (None: all saved)."""
    draft = drafts.get(pid, key)
    if draft is None or fields is not None and not fields:
        return  # (its fields typed again later: saved in that turn)
    left = {k: v for k, v in draft.fields.items() if fields is not None and k not in fields}
    if not left:
        drafts.discard(pid, key)
        return
    base = draft.base
    if isinstance(base, dict) and isinstance(base.get("fields"), dict):
        base = {**base, "fields": {k: v for k, v in base["fields"].items() if k in left}}
    drafts.put(pid, key, left, draft.why, base=base)

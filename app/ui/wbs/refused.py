"""WBS cell values the task refuses, kept as drafts while they are held: nothing typed is lost.

A value typed into a cell that the task refuses (99999 days, 2026/02/30, a title past the longest a field
holds, predecessors making a cycle or naming no task) is kept as data in the window's drafts before it is
said, for each task it was typed for (several selected: for each, as a value they take goes to each): item
``wbs-refused:<task uid>:<column>``, the value as typed, why as the error itself (its message id and
parameters, said again in the language of the window that shows it) and, as ``base``, the task and what
its cell showed. On disk at once, it survives the process killed while the refusal is showing.
The cell shows it, in the drafts' colours, its tooltip saying why and naming the column by its header
(a title after its task's outline number as it is now; predecessors held with the tasks their outline
numbers named when typed, written as those tasks' numbers now, a task deleted since by its title, marked deleted:
its old number names another task now, which Enter would link without a word; Enter on that mark refuses it,
saying the task is gone, the text held as before); the status bar counts it, in the next window too.
A value typed over it (saved, or kept waiting or asked about), Escape in its editor, or an Undo that takes
that typing back (pressed while its editor held it) drops it; an Undo after the refusal was said steps
back as ever, the draft staying, and an Undo of a value saved over it brings it back (its Redo lets it go
again). Its task deleted in this window lets it go (an Undo bringing the task back brings it back), a value
this window took over from a window gone (a crash) as one it held itself; deleted in another window (while
this one was open, or gone), it is said once, by the task as it was with what was typed, and dropped. None of it reaches the database.
(A prefix of its own: the WBS edits a busy database kept waiting, ``wbs:``, are saved by a retry, these
never are.)
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING, Any

from pydantic_core import to_jsonable_python
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QAbstractItemDelegate, QWidget
from shiboken6 import isValid

from app.core.errors import FieldRefused
from app.core.i18n import format_date, parse_date, plain_number
from app.ui import messages
from app.ui.error_text import ui_lang, user_text
from app.ui.hearing.drafts import NAMED, WAITING, Draft, drafts_of, own_id
from app.ui.wbs.columns import COLUMNS, INDEX, header
from app.wbs.model import Task, field_name, format_dependencies, task_name

if TYPE_CHECKING:
    from PySide6.QtCore import QModelIndex, QPersistentModelIndex
    from PySide6.QtGui import QUndoCommand

    from app.core.errors import UserError
    from app.ui.wbs.editing import WbsEditing as _Base
    from app.ui.wbs.kept import Cell
    from app.wbs.model import WbsTree
else:
    _Base = object

REFUSED = "wbs-refused:"  # the item ids of the refused cell values kept in the window's drafts
SAVED_OVER = "wbs_held_saved_over"  # on an undo step: the held values its cell edit saved over, [(project id, item, draft)]
_FIELD = {"predecessors": "dependencies"}  # a column's task field, where its key is another


def refused_key(uid: int, key: str) -> str:
    """The draft of the value refused in the task's cell of column ``key``."""
    return f"{REFUSED}{uid}:{key}"


def _task_and_column(item: str) -> tuple[int | None, str]:
    """The task uid (None: a damaged item id) and the column key of a refused value's draft (waiting beside another too)."""
    uid, _, key = own_id(item).removeprefix(REFUSED).partition(":")
    return (int(uid) if uid.isdigit() else None), key


def held_said(item: str, draft: Draft) -> str:
    """Why a held value is not saved, after its task as the table showed it and its column (the status bar's tooltip)."""
    _uid, key = _task_and_column(item)
    name = draft.base.get("name") if isinstance(draft.base, dict) else None
    named = (header(key), field_name(_FIELD.get(key, key)).get(ui_lang())) if key in INDEX else ()
    why = draft.error if not named or draft.error.startswith(named) else f"{header(key)}: {draft.error}"
    return f"{name} ▸ {why}" if isinstance(name, str) and name else why


NAMED[REFUSED] = held_said

_PART = re.compile(r"[^,，、;；\s]+")  # a predecessor as typed (parse_dependencies splits so, full-width forms read)
_CODE = re.compile(r"\d+(?:\.\d+)*")


def coded_tasks(text: str, tree: WbsTree) -> dict[str, int]:
    """The outline numbers typed as predecessors that name a task now, with that task's uid."""
    by_code = tree.by_code()
    found = (_CODE.match(unicodedata.normalize("NFKC", part)) for part in _PART.findall(text))
    return {m.group(0): tree.tasks[by_code[m.group(0)]].uid for m in found if m is not None and m.group(0) in by_code}


def renumbered(text: str, codes: dict[str, Any], tree: WbsTree, gone: dict[str, str]) -> str:
    """Predecessors held as typed, each outline number that named a task when typed (``codes``: its uid) written as
    that task's number now (the outline renumbered since: an add, a move, a colleague's change), one whose task is
    gone as ``gone`` marks it (by its title: its number may name another task now); one that named no task as typed."""
    now = {t.uid: tree.codes.get(t.id, "") for t in tree.tasks.values()}

    def swap(match: re.Match[str]) -> str:
        part = unicodedata.normalize("NFKC", match.group(0))
        code = _CODE.match(part)
        uid = codes.get(code.group(0)) if code is not None else None
        new = now.get(uid) if isinstance(uid, int) else None
        if new is None and code is not None:
            new = gone.get(code.group(0))
        return match.group(0) if code is None or not new or new == code.group(0) else new + part[code.end():]

    return _PART.sub(swap, text)


class WbsRefused(_Base):
    """Refused cell values held as drafts, a part of :class:`~app.ui.wbs.page.WbsPage`."""

    def watch_refused(self) -> None:
        """Hold refused values from now on: shown as the drafts change, dropped by Escape."""
        self._cell: tuple[list[Task], str, Any] | None = None  # the cell whose typing is being saved (the tasks it goes to)
        self._held_now = False  # ... refused and held
        self._let_go: dict[tuple[int, str], Draft] = {}  # held values of tasks deleted here: back if an undo brings the task back
        self._letting_go = False  # ... the drafts changing for that (shown once it is done)
        self._gone_typed: dict[str, tuple[str, int, str]] = {}  # a held number's task gone since, typed again (its code: mark, uid, title)
        self._steps_at = self.state.undo_stack.index()  # undo and redo followed (a step that saved a value over held ones)
        self.state.undo_stack.indexChanged.connect(self._stepped_over)
        self.state.undo_stack.worker.made.connect(self._step_made)  # (a big step: once made, never when refused)
        drafts_of(self.state).changed.connect(self.show_refused)
        self.tree.itemDelegate().closeEditor.connect(self._editor_closed)

    def _edit_cell(self, index: QModelIndex | QPersistentModelIndex, key: str, value: Any) -> bool:
        """A cell's typing saved (:meth:`WbsEditing._edit_cell`, into each task selected with it); a value refused
        before in those cells is dropped unless this one is refused in its turn (then held in its place), and
        this one too when an undo about to step committed it (that undo takes it back)."""
        task, tasks = self.model.task(index), self.model.tree.tasks
        if task is None:
            return False
        gone = {code: named for code, named in self._gone_named(task.uid, key).items() if named[0] in str(value or "")}
        self._cell, self._held_now = ([tasks[i] for i in self.typed_into(task.id, key) if i in tasks], key, value), False
        stack = self.state.undo_stack
        at = stack.index()
        try:
            if gone:  # a held number's task deleted since, left as marked: refused, the text held as it was
                return self._refuse_gone(gone)
            return super()._edit_cell(index, key, value)
        finally:
            typed, self._cell = self._cell[0], None
            if not self._held_now or stack.taking_back:
                pid, drafts = self.state.project_id, drafts_of(self.state)
                over = [(pid, item, draft) for item in (refused_key(t.uid, key) for t in typed) if (draft := drafts.get(pid, item)) is not None]
                for each in typed:
                    self._drop_refused(each.uid, key)
                if over and not stack.taking_back and stack.index() == at + 1:  # saved, a step: they ride on it
                    setattr(stack.command(at), SAVED_OVER, over)

    def hold_refused(self, error: UserError) -> None:
        """The cell's typing was refused (before it is said): kept as a draft on disk for each task it was typed
        for, shown in their cells."""
        if self._cell is None:
            return
        tasks, key, value = self._cell
        pid, tree = self.state.project_id, self.model.tree
        named: dict[str, Any] = {}
        if key == "predecessors":  # (they follow a renumbering; a task deleted since is named by its title)
            codes = coded_tasks(str(value or ""), tree) | {code: uid for code, (_marked, uid, _title) in self._gone_typed.items()}
            titles = {t.uid: t.title for t in tree.tasks.values()} | {uid: title for _marked, uid, title in self._gone_typed.values()}
            named = {"codes": codes, "titles": {code: titles[uid] for code, uid in codes.items() if uid in titles}}
        for task in tasks:
            base = {"task": task.id, "name": task_name(tree.codes.get(task.id, ""), task.title), "fields": {key: self._in_cell(task, key)}, **named}
            drafts_of(self.state).put(pid, refused_key(task.uid, key), {key: to_jsonable_python(value)}, error, base=base)
        self._held_now = True

    def _gone_named(self, uid: int, key: str) -> dict[str, tuple[str, int, str]]:
        """The outline numbers held in the task's cell whose tasks are gone since: each with its mark in the cell (by
        the task's title, as it was when typed), the task's uid and title."""
        draft = drafts_of(self.state).get(self.state.project_id, refused_key(uid, key)) if key == "predecessors" else None
        base = draft.base if draft is not None and isinstance(draft.base, dict) else {}
        codes, titles = base.get("codes"), base.get("titles")
        if not isinstance(codes, dict):
            return {}
        titles = titles if isinstance(titles, dict) else {}
        live = {t.uid for t in self.model.tree.tasks.values()}
        return {code: (self.tr("“{0}” (deleted)").format(title), task_uid, title)
                for code, task_uid in codes.items() if isinstance(task_uid, int) and task_uid not in live
                for title in (str(titles.get(code) or code),)}  # fmt: skip

    def _refuse_gone(self, gone: dict[str, tuple[str, int, str]]) -> bool:
        """Predecessors typed with the mark of a held number whose task is gone: refused, said by the task's title,
        held as they were typed (the mark back to the number, with the task it named)."""
        assert self._cell is not None
        tasks, key, value = self._cell
        text = str(value or "")
        for code, (marked, _uid, _title) in gone.items():
            text = text.replace(marked, code)
        code, (_marked, _uid, title) = next(iter(gone.items()))
        error = FieldRefused(field_name("dependencies"), code, key="wbs.held_predecessor_deleted", task=title)
        self._cell, self._gone_typed = (tasks, key, text), gone
        try:
            self.hold_refused(error)
        finally:
            self._gone_typed = {}
        messages.show_error(self, error)
        self.state.undo_stack.refuse_typing()
        return False

    def hold_waiting(self, cell: Cell, error: UserError) -> None:
        """A cell's typing a busy database kept waiting, refused once it is free (99999 days): held in its cell as when
        typed with the database free (a draft), said by its task (outline number and title) with what was typed."""
        self._cell = cell
        try:
            self.hold_refused(error)
        finally:
            self._cell = None
        tasks, key, value = cell
        tree = self.model.tree
        names = "、".join(task_name(tree.codes.get(t.id, ""), now.title if (now := tree.tasks.get(t.id)) is not None and now.uid == t.uid else t.title)
                         for t in tasks)  # fmt: skip
        said = self.tr("What you typed into {0} was not saved and is kept as a draft in its cell ({1}: {2}): {3}")
        messages.show_error(self, said.format(names, header(key), self._typed_back(key, value),
                                              user_text(error, self.state.ui_lang, self.state.workspace.library)))  # fmt: skip

    def _in_cell(self, task: Task, key: str) -> Any:
        """The task's stored value of column ``key``, as a held value's ``base`` keeps it."""
        return to_jsonable_python(format_dependencies(task, self.model.tree) if key == "predecessors" else getattr(task, key, None))

    def _drop_refused(self, uid: int, key: str) -> None:
        drafts_of(self.state).discard(self.state.project_id, refused_key(uid, key))

    def _give_up(self, uid: int, key: str) -> None:
        """The value held in the cell given up for good (Escape): no undo of a step that saved over it brings it back."""
        pid, item, stack = self.state.project_id, refused_key(uid, key), self.state.undo_stack
        for n in range(stack.count()):
            if over := getattr(stack.command(n), SAVED_OVER, None):
                setattr(stack.command(n), SAVED_OVER, [o for o in over if o[:2] != (pid, item)])
        self._drop_refused(uid, key)

    def _stepped_over(self, index: int) -> None:
        """An undo or redo of a step that saved a value over held ones: they are back in their cells (undone: the cells
        as they were before it) or let go again (redone, unless typed over since), however the page was rebuilt meanwhile."""
        stack, before, self._steps_at = self.state.undo_stack, self._steps_at, index
        if not isValid(stack) or stack.swapping:  # quitting, the stack gone first; a project's steps shelved or put back
            return
        command = stack.command(min(index, before)) if abs(index - before) == 1 else None
        if command is not None and not (stack.worker.running and stack.worker.command is command):  # (a worker's: once made)
            self._step_made(command, index < before)

    def _step_made(self, command: QUndoCommand, undone: bool) -> None:
        """``command``'s undo (or redo) made: the held values it saved over back (or let go again)."""
        drafts = drafts_of(self.state)
        over: list[tuple[int, str, Draft]] = getattr(command, SAVED_OVER, None) or []
        for pid, item, draft in over:
            now = drafts.get(pid, item)
            if undone and now is None:
                drafts.put(pid, item, draft.fields, draft.why, base=draft.base)
            elif not undone and now is not None and now.fields == draft.fields:
                drafts.discard(pid, item)

    def show_refused(self, here: bool = False) -> None:
        """The cells holding a refused value (the open project's drafts) shown so in the table as the plan
        is now (a title after its task's outline number now). ``here``: the plan just took a change made
        in this window (a delete lets the values held in it go); otherwise it was read (at
        the start, or after another window's change). A value whose task is gone: :meth:`_gone_or_back`."""
        if self._letting_go:
            return
        pid, model = self.state.project_id, self.model
        by_uid = {t.uid: t.id for t in model.tree.tasks.values()}
        kept = drafts_of(self.state).kept(pid, REFUSED)
        if pid >= 0 and self._loaded_for == pid and self._gone_or_back(pid, kept, by_uid, here):
            kept = drafts_of(self.state).kept(pid, REFUSED)
        if not kept and not model.refused:
            return
        held: dict[tuple[int, int], dict[int, Any]] = {}
        for item, draft in kept:
            uid, key = _task_and_column(item)
            task_id = by_uid.get(uid) if uid is not None else None
            if task_id is not None and key in INDEX and key in draft.fields:
                value = draft.fields[key]
                if key == "predecessors" and isinstance(value, str) and isinstance(draft.base, dict) and isinstance(draft.base.get("codes"), dict):
                    gone = {code: named[0] for code, named in self._gone_named(uid, key).items()} if uid is not None else {}
                    value = renumbered(value, draft.base["codes"], model.tree, gone)  # the outline numbers of the tasks meant, as it is now
                held[(task_id, INDEX[key])] = self._held_roles(task_id, key, value, draft.error)
        before, model.refused = model.refused, held
        model._announce({task_id for task_id, _column in before.keys() | held.keys()})

    def _gone_or_back(self, pid: int, kept: list[tuple[str, Draft]], by_uid: dict[int, int], here: bool) -> bool:
        """The held values of tasks no longer in the plan dropped: deleted here, those this window held are
        let go (kept in memory, put back when an undo brings the task back), those taken from a window gone
        too (one whose task was gone before was said when the plan was first read here); deleted elsewhere,
        said by the task as it was with what was typed, as a kept WBS edit of a deleted task is
        (:meth:`WbsEditing._save_kept`). True when the drafts changed."""
        waiting = [(i, d) for i, d in drafts_of(self.state).kept(pid, WAITING) if own_id(i).startswith(REFUSED)]  # (two windows' values of a cell)
        gone = [(item, draft) for item, draft in kept + waiting if _task_and_column(item)[0] not in by_uid]
        back = [(key, self._let_go.pop(key)) for key in list(self._let_go) if key[0] == pid and _task_and_column(key[1])[0] in by_uid]
        if not gone and not back:
            return False
        drafts, said = drafts_of(self.state), dict[str, list[str]]()
        self._letting_go = True
        try:
            for (_pid, item), draft in back:
                drafts.put(pid, item, draft.fields, draft.why, base=draft.base)
            for item, draft in gone:
                drafts.discard(pid, item)
                if here:
                    self._let_go[(pid, item)] = draft
                    continue
                name = draft.base.get("name") if isinstance(draft.base, dict) else None
                said.setdefault(name if isinstance(name, str) and name else "-", []).extend(
                    f"{header(key) if key in INDEX else key}: {self._typed_back(key, value)}" for key, value in draft.fields.items())
        finally:
            self._letting_go = False
        if said:
            messages.show_error(self, self._said_back("\n".join(self._deleted_meanwhile(name, values) for name, values in said.items())))
        return True

    def _held_roles(self, task_id: int, key: str, value: Any, error: str) -> dict[int, Any]:
        """What a cell holding a refused value shows: the value as typed, marked, why in its tooltip."""
        text, edit = self._as_shown(key, value)
        if key == "title":
            text = f"{self.model.tree.codes.get(task_id, '')}  {text}"
        named = (header(key), field_name(_FIELD.get(key, key)).get(ui_lang()))
        why = error if error.startswith(named) else f"{header(key)}: {error}"
        tip = "\n".join((self.tr("Not saved, kept as a draft: {0}").format(why),
                         self.tr("Type a value the task takes, or open the cell and press Escape to drop it.")))  # fmt: skip
        return {
            int(Qt.ItemDataRole.DisplayRole): text,
            int(Qt.ItemDataRole.EditRole): edit,
            int(Qt.ItemDataRole.ToolTipRole): tip,
        }  # (its colours, a draft's in the scheme of now: the model's)

    @classmethod
    def _typed_back(cls, key: str, value: Any) -> str:
        """A refused value said back: as its cell shows it, a title whole."""
        text, edit = cls._as_shown(key, value)
        return edit if isinstance(edit, str) else text

    @staticmethod
    def _as_shown(key: str, value: Any) -> tuple[str, Any]:
        """A refused value as its cell shows it (on one line), and as its editor opens on it."""
        text = " ".join(str(value if value is not None else "").split())
        edit: Any = text
        if key in INDEX and COLUMNS[INDEX[key]].kind == "date" and isinstance(value, str):
            try:
                day = parse_date(value)  # (a date picked past the plan's dates: kept as its ISO text)
                text, edit = format_date(day, ui_lang()), QDate(day.year, day.month, day.day)
            except ValueError:
                pass  # as typed (2026/02/30)
        elif key == "estimate_days" and isinstance(value, int | float) and not isinstance(value, bool):
            text, edit = plain_number(value), float(value)
        elif key == "title":
            edit = str(value)
        return text, edit

    def _editor_closed(self, _editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        """Escape in a cell's editor: a refused value the cell held is given up (the stored value shown again)."""
        if hint != QAbstractItemDelegate.EndEditHint.RevertModelCache:
            return
        index = self.proxy.mapToSource(self.tree.currentIndex())
        task = self.model.task(index)
        if task is not None and (task.id, index.column()) in self.model.refused:
            self._give_up(task.uid, COLUMNS[index.column()].key)

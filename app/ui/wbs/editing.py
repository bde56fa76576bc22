"""How the WBS page's edits reach the database: each one operation and one undo step.

A cell another window changed since it was shown asks before it is overwritten; an edit a busy
database keeps waiting is shown, kept as a draft and saved on a retry, never dropped; the long
operations (generate, schedule, import) run on a worker while the page is busy.

A cell edit kept waiting, or typed into a cell someone else changed since, is data in the window's
drafts (:mod:`app.ui.wbs.kept`): on disk before the conflict dialog asks, dropped once the choice is
saved, kept when the dialog is closed without one; the WBS page of the next window takes it back
(:meth:`WbsEditing.take_back_waiting`), checked as a new edit is. Structure edits (add, move, delete)
kept waiting live in memory only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QTimer
from PySide6.QtGui import QGuiApplication

from app.core import operations as ops
from app.core.errors import ConflictError, DatabaseBusy, NotFoundError, UserError
from app.core.files import visible_text
from app.core.i18n import format_date, plain_number
from app.ui import messages
from app.ui.error_text import user_text
from app.ui.hearing.drafts import drafts_of
from app.ui.operations import BRIEF_WAITS_S, UndoText, record, run_op, run_op_in_background
from app.ui.state import ProjectDeleted
from app.ui.wbs.columns import header
from app.ui.wbs.kept import DEPENDENCIES, Cell, SlowWork, Waiting, Work, in_workspace, keep_typed, kept_key
from app.ui.wbs.model import DERIVED
from app.wbs import operations as wbs_ops
from app.wbs.catalog import LABELLED
from app.wbs.checks import FollowsSubTasks, PredecessorGone, clean_fields, one_line_title
from app.wbs.model import Task, format_links, parse_dependencies, task_name
from app.wbs.service import WbsChange

SAID_BACK = 2000  # characters of typed text a message says back; more goes to the clipboard


if TYPE_CHECKING:
    from PySide6.QtWidgets import QLabel, QPushButton, QToolBar, QTreeView

    from app.ui.page import Page
    from app.ui.wbs.filters import WbsFilterModel
    from app.ui.wbs.model import WbsModel
    from app.wbs.catalog import Catalog
    from app.wbs.service import WbsService

    class _Base(Page):
        """For the type checker: the page these methods run in, with what :class:`~app.ui.wbs.page.WbsPage` provides them.

        (A class here, not a block in the mixin: lupdate loses the class's translation context there.)
        """

        service: WbsService
        catalog: Catalog
        model: WbsModel
        proxy: WbsFilterModel
        tree: QTreeView
        toolbar: QToolBar
        details: QLabel
        generate_button: QPushButton
        schedule_button: QPushButton
        import_button: QPushButton
        busy: bool
        _waiting: list[Waiting]  # edits a busy database kept waiting, oldest first
        _later: set[tuple[int, str]]  # drafts of conflicts left unanswered here: asked again at the next start
        _retry: QTimer
        _loaded_for: int

        def reload(self) -> None: ...
        def selected_ids(self) -> list[int]: ...
        _waiting_cell: Cell | None  # a cell edit kept waiting being saved (app/ui/wbs/kept.py): refused, it is held
        def hold_refused(self, error: UserError) -> None: ...  # (app/ui/wbs/refused.py)
        def hold_waiting(self, cell: Cell, error: UserError) -> None: ...
        def _keep_waiting(self, pid: int, work: Work, text: UndoText, error: UserError, base: dict[int, dict[str, Any]] | None,
                          typed: dict[str, Any] | None, turn: int) -> None: ...  # (app/ui/wbs/kept.py)
        def save_pending(self) -> bool: ...

else:
    _Base = object


class WbsEditing(_Base):
    """Committing edits, a part of :class:`~app.ui.wbs.page.WbsPage`."""

    def commit(self, change: WbsChange | None, text: UndoText) -> WbsChange | None:
        """Record a change a WBS service call committed already (one undo step; None when nothing changed)."""
        if change is None or not change.changed:
            return None
        record(self.state, wbs_ops.wbs_change(change, change.project_id), text)
        return change

    def _run(
        self,
        work: Work,
        text: UndoText,
        base: dict[int, dict[str, Any]] | None = None,
        shown: dict[int, Task | None] | None = None,
        typed: dict[str, Any] | None = None,
    ) -> WbsChange | None:
        """Run a WBS service call as one operation (one transaction, one undo step).

        ``base``: the values the edited cells showed; a cell another window changed since asks
        whether to keep what was typed. ``shown``: the edit as the table should show it while a
        busy database keeps it waiting (it is kept and saved on a retry, never dropped).
        ``typed``: a cell edit's fields as typed (each task in ``base`` takes them): kept as data,
        it survives a crash or a killed process too.
        """
        pid, said = self.state.project_id, self.state.busy_within(BRIEF_WAITS_S) is not None  # (busy: said a moment ago)
        try:
            return self._save(pid, work, text, base, shown)
        except DatabaseBusy as exc:
            message = user_text(exc, self.state.ui_lang, self.state.workspace.library)
            turn = self.state.waiting_edits.wait(self, self.save_pending, self._retry)  # saved in turn with the window's others
            self._keep_waiting(pid, work, text, exc, base, typed, turn)  # the error: said again after a language switch
            if shown:
                self.model.apply(shown)
            if not said:  # while it stays busy, the status bar says it: not a message box at each edit
                messages.show_error(self, message)
            return None

    def _save(
        self, pid: int, work: Work, text: UndoText, base: dict[int, dict[str, Any]] | None, shown: dict[int, Task | None] | None
    ) -> WbsChange | None:
        """The save of :meth:`_run`; a busy database raises DatabaseBusy (every other error is said)."""
        try:
            change = run_op(self.state, wbs_ops.wbs_op(pid, in_workspace(work), base), text, owner=self)
        except ConflictError as exc:
            chosen, kept = self._resolve_conflict(base or {}, shown or {}, work, exc)
            if chosen is not None:  # mine, or the merged text: saved over theirs as one undo step
                saved = self._save(pid, chosen, text, None, shown if chosen is work else None)
                self._settle_later(pid, base or {}, kept)  # saved, or said with what was typed (a busy database raised: kept)
                return saved
            self._settle_later(pid, base or {}, kept)  # theirs kept ([] when left unanswered: kept for the next start)
            self.state.undo_stack.refuse_typing()  # theirs kept: an undo this typing was committed for took it back
            self._loaded_for = -1
            self.reload()
            return None
        except DatabaseBusy:
            raise
        except NotFoundError as exc:
            named = self.state.named_error(exc)  # the whole project deleted elsewhere: said by its name
            if isinstance(exc, PredecessorGone):
                said = self._predecessor_gone(exc, shown or {})
            else:
                said = self._typed_in_deleted(shown or {}, gone=user_text(named, self.state.ui_lang, self.state.workspace.library)
                                              if isinstance(named, ProjectDeleted) else None)  # fmt: skip
            messages.show_error(self, said or user_text(named, self.state.ui_lang, self.state.workspace.library))
            self.state.undo_stack.refuse_typing()  # (said back)
            self._loaded_for = -1
            self.reload()
            return None
        except FollowsSubTasks as exc:  # a sub-task added meanwhile (another window, the command line): not held in a cell it follows
            messages.show_error(self, self._said_back(self._follows_sub_tasks(exc, shown or {})))
            self.state.undo_stack.refuse_typing()
            self._loaded_for = -1
            self.reload()
            return None
        except UserError as exc:
            if self._waiting_cell is not None:  # a cell edit kept waiting, refused once the database is free: held, said by its task
                self.hold_waiting(self._waiting_cell, exc)
                return None
            self.hold_refused(exc)  # a cell's typing: a draft on disk before it is said
            messages.show_error(self, user_text(exc, self.state.ui_lang, self.state.workspace.library))
            self.state.undo_stack.refuse_typing()  # said, the cell as stored: an undo it was committed for took it back
            return None
        if base and self._later:
            self._settle_later(pid, base)
        if isinstance(change.detail, WbsChange) and change.detail.info.get("gone"):  # a multi-select edit, some deleted meanwhile
            said = self._typed_in_deleted(shown or {})
            messages.show_error(self, "\n".join(filter(None, (said, self.tr("The other selected tasks took what you typed.")))))
            self._loaded_for = -1
            self.reload()  # the deleted rows go
        return change.detail if change.changed else None

    def _typed_in_deleted(self, shown: dict[int, Task | None], gone: str | None = None) -> str:
        """What was typed into tasks another window deleted meanwhile, said back with each task as
        the table showed it (outline number and title), so nothing typed goes without a trace; ""
        when no task typed in is gone. ``gone``: why the whole project is (it went with them)."""
        tree = self.model.tree
        try:
            stored = {} if gone is not None else self.service.snapshot(self.state.project_id, list(shown))
        except UserError:
            return ""
        lines = []
        for task_id, typed in shown.items():
            was, now = tree.tasks.get(task_id), stored.get(task_id)
            if typed is None or was is None or (now is not None and now.uid == was.uid):  # (the same id on another task: gone too)
                continue
            values = [f"{self._field_label(key)}: {self._typed_text(key, getattr(typed, key))}"
                      for key in type(typed).model_fields if getattr(typed, key) != getattr(was, key)]  # fmt: skip
            name = task_name(tree.codes.get(task_id, ""), was.title)
            lines.append(self.tr("What you typed into {0}: {1}").format(name, " / ".join(values) or "-") if gone is not None else
                         self._deleted_meanwhile(name, values))  # fmt: skip
        return self._said_back("\n".join([gone, *lines] if gone is not None and lines else lines))

    def _deleted_meanwhile(self, name: str, values: list[str]) -> str:
        """What was typed into a task (``name``: as the table showed it) deleted meanwhile, said back: not saved."""
        return self.tr("{0} was deleted in another window or process, so what you typed was not saved. What you typed: {1}").format(name, " / ".join(values) or "-")

    def _said_back(self, said: str) -> str:
        """What was typed, said back in a message: too long for a message box, whole on the clipboard
        (to paste elsewhere) and cut short here."""
        if len(said) > SAID_BACK:
            QGuiApplication.clipboard().setText(said)
            said = said[:SAID_BACK] + "…\n" + self.tr("(All of it is on the clipboard: paste it where it should go.)")
        return said

    def _predecessor_gone(self, error: PredecessorGone, shown: dict[int, Task | None]) -> str:
        """A predecessor typed or ticked that another window deleted meanwhile, named as the table showed
        it (the core knows it by its id only), with the predecessors typed said back."""
        tree = self.model.tree
        names = {i: task_name(tree.codes.get(i, ""), t.title) for i in (error.task_id, error.predecessor_id) if (t := tree.tasks.get(i)) is not None}
        named = error.named(names[error.task_id], names[error.predecessor_id]) if len(names) == 2 else error
        lines = [user_text(named, self.state.ui_lang, self.state.workspace.library)]
        for task_id, typed in shown.items():
            task = tree.tasks.get(task_id)
            if typed is not None and task is not None:
                links = f"{self._field_label(DEPENDENCIES)}: {self._typed_text(DEPENDENCIES, typed.dependencies)}"
                lines.append(self.tr("What you typed into {0}: {1}").format(task_name(tree.codes.get(task_id, ""), task.title), links))
        return "\n".join(lines)

    def _follows_sub_tasks(self, error: FollowsSubTasks, shown: dict[int, Task | None]) -> str:
        """A value typed into a cell of a task that has sub-tasks now: said, with what was typed into the tasks (as the
        table showed them); the cell shows the sub-tasks' roll-up."""
        tree, lines = self.model.tree, [user_text(error, self.state.ui_lang, self.state.workspace.library)]
        for task_id, typed in shown.items():
            was = tree.tasks.get(task_id)
            if typed is not None and was is not None:
                values = [f"{self._field_label(key)}: {self._typed_text(key, getattr(typed, key))}"
                          for key in type(typed).model_fields if getattr(typed, key) != getattr(was, key)]  # fmt: skip
                lines.append(self.tr("What you typed into {0}: {1}").format(task_name(tree.codes.get(task_id, ""), was.title), " / ".join(values) or "-"))
        return "\n".join(lines)

    def _typed_text(self, key: str, value: Any) -> str:
        """A typed value as the message says it back: as the table shows it (a label, a date in the
        window's form, a number as typed: 4, never 4.0), nothing as "-"."""
        if key == DEPENDENCIES:
            value = format_links(value, self.model.tree)
        elif key in LABELLED:
            value = self.catalog.label_of(key, value, self.state.ui_lang)
        elif isinstance(value, bool):
            value = self.tr("Yes") if value else self.tr("No")
        elif isinstance(value, dt.date):
            value = format_date(value, self.state.ui_lang)
        elif isinstance(value, float):
            value = plain_number(value)
        return "-" if value is None or value == "" else str(value)

    def _resolve_conflict(self, base: dict[int, dict[str, Any]], shown: dict[int, Task | None], work: Work, error: ConflictError) -> tuple[Work | None, list[str]]:
        """Cells typed here were changed by someone else since they were shown: their value beside
        mine. None keeps theirs; else the call to save: mine again over theirs, or the merged text
        (one cell's text). What was typed is a draft on disk while the dialog asks (a killed process
        offers it at the next start): with the call, the drafts to drop once it is saved (or theirs
        kept); closed without a choice, the drafts stay and come back at the next start."""
        from app.ui.wbs.columns import field_header
        from app.ui.window.conflict_dialog import Choice, Clash, ConflictDialog, ask_conflict, shown_value

        pid, tree = self.state.project_id, self.model.tree
        typed_in = {i: fields for i, fields in base.items() if i in tree.tasks and shown.get(i) is not None}
        first = next(iter(typed_in), None)
        kept = [] if first is None else keep_typed(drafts_of(self.state), pid, tree, typed_in,
                                                   {key: getattr(shown[first], key) for key in base[first]}, error)  # fmt: skip
        try:
            stored = self.service.snapshot(pid, list(base))
        except UserError:
            self._later.update((pid, key) for key in kept)  # unread: kept, asked at the next start
            return None, []
        clashes: list[Clash] = []
        calm: list[int] = []  # selected tasks nobody changed meanwhile: they take what was typed whatever is chosen
        for task_id, fields in base.items():
            now, typed = stored.get(task_id), shown.get(task_id)
            if now is None:
                continue  # deleted meanwhile: the save says so
            clashed = [key for key, old in fields.items() if getattr(now, key) != old]
            for key in clashed:
                label = f"{visible_text.named(now.title)} — {field_header(key, self.state.ui_lang)}"
                clashes.append(Clash(key, label, getattr(now, key), getattr(typed, key) if typed else None, fields[key], self._shown_as(key),
                                     coded=key in LABELLED))  # fmt: skip
            if not clashed and typed is not None:
                calm.append(task_id)
        if not clashes:
            return work, kept
        typed_values = {key: getattr(shown[calm[0]], key) for key in base[calm[0]]} if calm else {}
        uids = {i: t.uid for i, t in shown.items() if t is not None}  # the tasks as shown: never another that took an id
        task_ids = [i for i in base if stored.get(i) is not None]
        who = next((name for name in (self.service.last_editor(i) for i in task_ids) if name), "")
        dialog = ConflictDialog(self.tr("The WBS"), clashes, who, self, can_merge=len(clashes) == 1 and len(task_ids) == 1)
        try:
            ask_conflict(dialog)
            if dialog.choice is Choice.LATER:  # closed without a choice: nothing saved, kept as a draft, and said so with what was typed
                what_typed = "、".join((c.show or shown_value)(c.mine) for c in clashes if c.mine not in (None, ""))
                said = self.tr("Not saved: someone else changed it meanwhile. What you typed is kept as a draft and asked about again at the next start: {0}")
                messages.show_error(self, said.format(what_typed) if kept else
                                    self.tr("Not saved: someone else changed it meanwhile. What you typed: {0}").format(what_typed))  # fmt: skip
                self._later.update((pid, key) for key in kept)  # not asked again in this window (each reload would)
                return None, []
            if dialog.choice is Choice.THEIRS:
                if calm and DEPENDENCIES in typed_values:  # (predecessors typed with several rows selected)
                    return (lambda: self.service.set_dependencies(pid, calm, typed_values[DEPENDENCIES], uids)), kept
                return (lambda: self.service.update(pid, calm, uids=uids, typed=True, **typed_values)) if calm else None, kept
            merged = dialog.values() if dialog.choice is Choice.MERGED else {}
            if not merged:
                return work, kept
            return (lambda: self.service.update(pid, task_ids, uids=uids, **merged)), kept
        finally:
            dialog.deleteLater()

    def _settle_later(self, pid: int, base: dict[int, dict[str, Any]], answered: list[str] | None = None) -> None:
        """Cells saved since a conflict about them was left unanswered here (or, ``answered``: the drafts of a
        conflict just answered): the draft keeps only its other cells (a cell of the same task left unanswered
        before stays, asked again at the next start); none left: it goes."""
        drafts, tree = drafts_of(self.state), self.model.tree
        if answered is not None:  # (a draft of the conflict this base does not name, its task gone: it goes)
            named = {kept_key(t.uid, f) for i, f in base.items() if (t := tree.tasks.get(i))}
            self._drop_kept(pid, [key for key in answered if key not in named])
        for task_id, fields in base.items():
            task = tree.tasks.get(task_id)
            key = kept_key(task.uid, fields) if task is not None else ""
            mine = key in answered if answered is not None else (pid, key) in self._later
            draft = drafts.get(pid, key) if mine else None
            if draft is None or not isinstance(draft.base, dict) or not isinstance(draft.base.get("fields"), dict):
                continue
            left = [k for k in draft.fields if k not in fields]
            if not left:
                self._drop_kept(pid, [key])
                continue
            was = {k: v for k, v in draft.base["fields"].items() if k in left}
            drafts.put(pid, key, {k: draft.fields[k] for k in left}, draft.why, base={**draft.base, "fields": was})

    def _drop_kept(self, pid: int, keys: list[str]) -> None:
        """The drafts of a conflict answered: its choice saved, or theirs kept."""
        for key in keys:
            self._later.discard((pid, key))
            drafts_of(self.state).discard(pid, key)

    def _shown_as(self, key: str) -> Callable[[Any], str]:
        """A field's value as the table shows it, for the conflict dialog (:meth:`_typed_text`): a status,
        priority, role or phase by its label, a check as yes / no, predecessors as outline numbers."""
        return lambda value: self._typed_text(key, value)

    def _field_label(self, key: str) -> str:
        from app.ui.wbs.columns import field_header

        return field_header(key, self.state.ui_lang)

    def _leaving_project(self, _project_id: int) -> None:
        self.save_pending()

    def _run_slow(self, work: SlowWork, text: UndoText, done: Callable[[WbsChange | None], None] | None = None, refused: Callable[[BaseException], None] | None = None, unchanged: Callable[[WbsChange | None], None] | None = None) -> None:
        """A WBS operation that can take seconds (generate, schedule, import) on a worker.

        The page's editing is off until it is done; it lands as one undo step like any edit. A refusal
        is said in a message box, then handed to ``refused`` (the page says it where it stays). When it
        changed nothing, ``done`` gets None, or ``unchanged`` (when given) what the call returned.
        """
        pid = self.state.project_id
        self._set_busy(True)

        def finished(change: ops.Change) -> None:
            self._set_busy(False)
            if unchanged is not None and not change.changed:
                unchanged(change.detail)
            elif done is not None:
                done(change.detail if change.changed else None)

        def failed(error: BaseException) -> None:
            self._set_busy(False)
            # A bug is the error report's (shown once, however many pass it on), never its raw English here.
            messages.show_error(self, user_text(error, self.state.ui_lang, self.state.workspace.library) if isinstance(error, UserError) else error)
            if refused is not None:
                refused(error)

        run_op_in_background(self.state, wbs_ops.wbs_op(pid, work), text, finished, failed)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        for widget in (self.generate_button, self.schedule_button, self.import_button, self.toolbar, self.tree):
            widget.setEnabled(not busy and self.state.project_id >= 0)
        self.details.setText(self.tr("Working…") if busy else "")

    def _edit_cell(self, index: QModelIndex | QPersistentModelIndex, key: str, value: Any) -> bool:
        task = self.model.task(index)
        if task is None:
            return False
        pid = self.state.project_id
        try:
            if key == "title":
                one_line_title(value)  # spreadsheet rows pasted into the cell: said, not joined into one title
            deps = parse_dependencies(str(value or ""), self.model.tree, task.id) if key == "predecessors" else []
        except UserError as exc:
            self.hold_refused(exc)  # (kept in the cell as a draft: nothing typed is lost)
            messages.show_error(self, exc)
            self.state.undo_stack.refuse_typing()
            return False
        targets = self.typed_into(task.id, key)
        if key == "predecessors":  # (several rows selected: each takes them, one undo step)
            tasks = self.model.tree.tasks
            links = [i for i in targets if i in tasks]
            base = {i: {"dependencies": tasks[i].dependencies} for i in links}
            typed: dict[int, Task | None] = {i: tasks[i].model_copy(update={"dependencies": deps}) for i in links}
            shown_uids = {i: t.uid for i in (*links, *(d.predecessor_id for d in deps)) if (t := tasks.get(i)) is not None}
            return self._run(lambda: self.service.set_dependencies(pid, links, deps, shown_uids), lambda: self.tr("Change predecessors"), base, typed,
                             {DEPENDENCIES: deps}) is not None
        if not targets:
            return False
        if key in ("owner_role", "phase"):  # by its label in either language and width, else a value of the user's own
            value = self.catalog.typed(key, value)
        text: UndoText = lambda: self.tr("Edit {0}").format(header(key))  # noqa: E731 (follows a language switch)
        tree = self.model.tree.tasks
        base = {i: {key: getattr(tree[i], key)} for i in targets if i in tree and hasattr(tree[i], key)}
        try:
            clean = clean_fields({key: value}, self.catalog.priority_keys)
        except UserError:
            clean = {}
        shown: dict[int, Task | None] | None = {i: tree[i].model_copy(update=clean) for i in targets if i in tree} if clean else None
        uids = {i: tree[i].uid for i in targets if i in tree}  # the tasks as shown: never another that took the id of one deleted
        work = lambda: self.service.update(pid, targets, self.catalog.priority_keys, uids, typed=True, **{key: value})  # noqa: E731
        return self._run(work, text, base, shown, {key: value} if clean else None) is not None

    def typed_into(self, task_id: int, key: str) -> list[int]:
        """The tasks a cell's typing goes to: the tasks selected when the cell is one of theirs, else its own
        (of column ``key``: a summary task's derived value is none of its)."""
        ids = self.selected_ids()
        targets = ids if task_id in ids and len(ids) > 1 else [task_id]
        return [i for i in targets if not self.model.tree.has_children(i)] if key in DERIVED else targets

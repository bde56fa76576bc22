"""How the WBS page's edits reach the database: each one operation and one undo step.

A cell another window changed since it was shown asks before it is overwritten; an edit a busy
database keeps waiting is shown, kept as a draft and saved on a retry, never dropped; the long
operations (generate, schedule, import) run on a worker while the page is busy.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QTimer
from PySide6.QtGui import QGuiApplication

from app.core import operations as ops
from app.core.errors import ConflictError, DatabaseBusy, NotFoundError, UserError
from app.core.i18n import format_date
from app.ui import messages
from app.ui.error_text import user_text
from app.ui.hearing.drafts import drafts_of
from app.ui.operations import UndoText, record, run_op, run_op_in_background
from app.ui.wbs.columns import header
from app.ui.wbs.model import DERIVED
from app.wbs import operations as wbs_ops
from app.wbs.catalog import LABELLED
from app.wbs.model import Task, format_links, parse_dependencies, task_name
from app.wbs.service import WbsChange, clean_fields

SAID_BACK = 2000  # characters of typed text a message says back; more goes to the clipboard
Work = Callable[[], WbsChange | None]  # a WBS service call that commits (or changes nothing)
SlowWork = Callable[["Workspace"], WbsChange | None]  # the same on a worker, given the workspace

if TYPE_CHECKING:
    from PySide6.QtWidgets import QLabel, QPushButton, QToolBar, QTreeView

    from app.core.workspace import Workspace
    from app.ui.page import Page
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
        tree: QTreeView
        toolbar: QToolBar
        details: QLabel
        generate_button: QPushButton
        schedule_button: QPushButton
        import_button: QPushButton
        busy: bool
        _waiting: list[tuple[Work, UndoText]]  # edits a busy database kept waiting, oldest first
        _retry: QTimer
        _loaded_for: int

        def reload(self) -> None: ...
        def selected_ids(self) -> list[int]: ...

else:
    _Base = object


def _in_workspace(work: Work) -> SlowWork:
    """A service call that needs no workspace, as an operation's call (which is given one)."""
    return lambda _ws: work()


class WbsEditing(_Base):
    """Committing edits, a part of :class:`~app.ui.wbs.page.WbsPage`."""

    def commit(self, change: WbsChange | None, text: UndoText) -> WbsChange | None:
        """Record a change a WBS service call committed already (one undo step; None when nothing changed)."""
        if change is None or not change.changed:
            return None
        record(self.state, wbs_ops.wbs_change(change, change.project_id), text)
        return change

    def _run(
        self, work: Work, text: UndoText, base: dict[int, dict[str, Any]] | None = None, shown: dict[int, Task | None] | None = None
    ) -> WbsChange | None:
        """Run a WBS service call as one operation (one transaction, one undo step).

        ``base``: the values the edited cells showed; a cell another window changed since asks
        whether to keep what was typed. ``shown``: the edit as the table should show it while a
        busy database keeps it waiting (it is kept and saved on a retry, never dropped).
        """
        pid = self.state.project_id
        try:
            change = run_op(self.state, wbs_ops.wbs_op(pid, _in_workspace(work), base), text)
        except ConflictError:
            chosen = self._resolve_conflict(base or {}, shown or {}, work)
            if chosen is not None:  # mine, or the merged text: saved over theirs as one undo step
                return self._run(chosen, text, None, shown if chosen is work else None)
            self._loaded_for = -1
            self.reload()
            return None
        except DatabaseBusy as exc:
            message = user_text(exc, self.state.ui_lang, self.state.workspace.library)
            self._waiting.append((work, text))
            drafts_of(self.state).put(pid, f"wbs:{len(self._waiting)}", {}, message)
            if shown:
                self.model.apply(shown)
            self._retry.start()
            messages.show_error(self, message)
            return None
        except NotFoundError as exc:
            messages.show_error(self, self._typed_in_deleted(shown or {}) or user_text(exc, self.state.ui_lang, self.state.workspace.library))
            self._loaded_for = -1
            self.reload()
            return None
        except UserError as exc:
            messages.show_error(self, user_text(exc, self.state.ui_lang, self.state.workspace.library))
            return None
        return change.detail if change.changed else None

    def _typed_in_deleted(self, shown: dict[int, Task | None]) -> str:
        """What was typed into tasks another window deleted meanwhile, said back with each task as
        the table showed it (outline number and title), so nothing typed goes without a trace; ""
        when no task typed in is gone."""
        tree = self.model.tree
        try:
            stored = self.service.snapshot(self.state.project_id, list(shown))
        except UserError:
            return ""
        lines = []
        for task_id, typed in shown.items():
            was = tree.tasks.get(task_id)
            if typed is None or was is None or stored.get(task_id) is not None:
                continue
            values = [f"{header(key)}: {self._typed_text(key, getattr(typed, key))}"
                      for key in type(typed).model_fields if getattr(typed, key) != getattr(was, key)]  # fmt: skip
            lines.append(self.tr("{0} was deleted in another window, so what you typed was not saved. What you typed: {1}").format(
                task_name(tree.codes.get(task_id, ""), was.title), " / ".join(values) or "-"))
        said = "\n".join(lines)
        if len(said) > SAID_BACK:  # too long for a message box: whole on the clipboard, to paste elsewhere
            QGuiApplication.clipboard().setText(said)
            said = said[:SAID_BACK] + "…\n" + self.tr("(All of it is on the clipboard: paste it where it should go.)")
        return said

    def _typed_text(self, key: str, value: Any) -> str:
        """A typed value as the message says it back: as the table shows it (a label, a date in the
        window's form), nothing as "-"."""
        if key in LABELLED:
            value = self.catalog.label_of(key, value, self.state.ui_lang)
        elif isinstance(value, bool):
            value = self.tr("Yes") if value else self.tr("No")
        elif isinstance(value, dt.date):
            value = format_date(value, self.state.ui_lang)
        return "-" if value is None or value == "" else str(value)

    def _resolve_conflict(self, base: dict[int, dict[str, Any]], shown: dict[int, Task | None], work: Work) -> Work | None:
        """Cells typed here were changed by someone else since they were shown: their value beside
        mine. None keeps theirs; else the call to save: mine again over theirs, or the merged text
        (one cell's text)."""
        from app.ui.wbs.columns import field_header
        from app.ui.window.conflict_dialog import Choice, Clash, ConflictDialog, ask_conflict, shown_value

        pid = self.state.project_id
        try:
            stored = self.service.snapshot(pid, list(base))
        except UserError:
            return None
        clashes: list[Clash] = []
        calm: list[int] = []  # selected tasks nobody changed meanwhile: they take what was typed whatever is chosen
        for task_id, fields in base.items():
            now, typed = stored.get(task_id), shown.get(task_id)
            if now is None:
                continue  # deleted meanwhile: the save says so
            clashed = [key for key, old in fields.items() if getattr(now, key) != old]
            for key in clashed:
                label = f"{now.title} — {field_header(key, self.state.ui_lang)}"
                clashes.append(Clash(key, label, getattr(now, key), getattr(typed, key) if typed else None, fields[key], self._shown_as(key)))
            if not clashed and typed is not None:
                calm.append(task_id)
        if not clashes:
            return work
        typed_values = {key: getattr(shown[calm[0]], key) for key in base[calm[0]]} if calm else {}
        task_ids = [i for i in base if stored.get(i) is not None]
        who = next((name for name in (self.service.last_editor(i) for i in task_ids) if name), "")
        dialog = ConflictDialog(self.tr("The WBS"), clashes, who, self, can_merge=len(clashes) == 1 and len(task_ids) == 1)
        try:
            ask_conflict(dialog)
            if dialog.choice is Choice.LATER:  # closed without a choice: nothing saved, and said so with what was typed
                what_typed = "、".join((c.show or shown_value)(c.mine) for c in clashes if c.mine not in (None, ""))
                messages.show_error(self, self.tr("Not saved: someone else changed it meanwhile. What you typed: {0}").format(what_typed))
                return None
            if dialog.choice is Choice.THEIRS:
                return (lambda: self.service.update(pid, calm, **typed_values)) if calm else None
            merged = dialog.values() if dialog.choice is Choice.MERGED else {}
            if not merged:
                return work
            return lambda: self.service.update(pid, task_ids, **merged)
        finally:
            dialog.deleteLater()

    def _shown_as(self, key: str) -> Callable[[Any], str] | None:
        """A field's value as the table shows it, for the conflict dialog: predecessors as outline numbers (not ids)."""
        if key == "dependencies":
            return lambda links: format_links(links, self.model.tree)
        return None

    def save_pending(self) -> bool:
        """Save the edits a busy database kept waiting, in the order they were made; True when none is left."""
        pid = self.state.project_id
        while self._waiting:
            work, text = self._waiting[0]
            try:
                run_op(self.state, wbs_ops.wbs_op(pid, _in_workspace(work)), text)
            except DatabaseBusy:
                self._retry.start()
                return False
            except UserError as exc:
                messages.show_error(self, user_text(exc, self.state.ui_lang, self.state.workspace.library))
            drafts_of(self.state).discard(pid, f"wbs:{len(self._waiting)}")
            self._waiting.pop(0)
        return True

    def _leaving_project(self, _project_id: int) -> None:
        self.save_pending()

    def _run_slow(self, work: SlowWork, text: UndoText, done: Callable[[WbsChange | None], None] | None = None) -> None:
        """A WBS operation that can take seconds (generate, schedule, import) on a worker.

        The page's editing is off until it is done; it lands as one undo step like any edit.
        """
        pid = self.state.project_id
        self._set_busy(True)

        def finished(change: ops.Change) -> None:
            self._set_busy(False)
            if done is not None:
                done(change.detail if change.changed else None)

        def failed(error: BaseException) -> None:
            self._set_busy(False)
            # A bug is the error report's (shown once, however many pass it on), never its raw English here.
            messages.show_error(self, user_text(error, self.state.ui_lang, self.state.workspace.library) if isinstance(error, UserError) else error)

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
        if key == "predecessors":
            try:
                deps = parse_dependencies(str(value or ""), self.model.tree, task.id)
            except UserError as exc:
                messages.show_error(self, exc)
                return False
            base = {task.id: {"dependencies": task.dependencies}}
            typed: dict[int, Task | None] = {task.id: task.model_copy(update={"dependencies": deps})}
            return self._run(lambda: self.service.set_dependencies(pid, task.id, deps), lambda: self.tr("Change predecessors"), base, typed) is not None
        ids = self.selected_ids()
        targets = ids if task.id in ids and len(ids) > 1 else [task.id]
        if key in DERIVED:  # a summary task's value follows from its sub-tasks
            targets = [i for i in targets if not self.model.tree.has_children(i)]
            if not targets:
                return False
        if key == "owner_role":
            value = self.catalog.lookup("role", value) or value
        if key == "phase":
            value = self.catalog.lookup("phase", value) or value
        text: UndoText = lambda: self.tr("Edit {0}").format(header(key))  # noqa: E731 (follows a language switch)
        tree = self.model.tree.tasks
        base = {i: {key: getattr(tree[i], key)} for i in targets if i in tree and hasattr(tree[i], key)}
        try:
            clean = clean_fields({key: value}, self.catalog.priority_keys)
        except UserError:
            clean = {}
        shown: dict[int, Task | None] | None = {i: tree[i].model_copy(update=clean) for i in targets if i in tree} if clean else None
        work = lambda: self.service.update(pid, targets, priorities=self.catalog.priority_keys, **{key: value})  # noqa: E731
        return self._run(work, text, base, shown) is not None

    def _drop(self, ids: list[int], parent_id: int | None, row: int) -> bool:
        pid = self.state.project_id
        return self._run(lambda: self.service.move(pid, ids, parent_id, None if row < 0 else row), lambda: self.tr("Move tasks")) is not None

"""What the WBS page's buttons and shortcuts do: add, delete, indent, move, link, generate, schedule,
export and import. Each is one operation (see :mod:`app.ui.wbs.editing`)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog

from app.core.errors import NotFoundError, UserError
from app.core.files.visible_text import named
from app.core.messages import Message
from app.ui import messages
from app.ui.operations import UndoText
from app.ui.tasks import run_in_background
from app.ui.wbs.dialogs import ImportPreviewDialog, PredecessorDialog
from app.ui.wbs.toolbar import Command
from app.wbs.catalog import NEW_TASK_ROLE
from app.wbs.model import Dependency, Task, task_name
from app.wbs.service import WbsChange

if TYPE_CHECKING:
    from PySide6.QtWidgets import QPushButton

    from app.core.kinds import ExportReport
    from app.ui.wbs.editing import WbsEditing
    from app.ui.wbs.filters import WbsFilterModel
    from app.wbs.files.sheet_plan import SheetPlan
    from app.wbs.model import WbsTree

    class _Base(WbsEditing):
        """For the type checker: the page these commands run in (its editing part included), with
        what :class:`~app.ui.wbs.page.WbsPage` provides them (a class here: see app/ui/wbs/editing.py)."""

        proxy: WbsFilterModel
        export_button: QPushButton

        def current_id(self) -> int | None: ...
        def select_task(self, task_id: int, edit: bool = False) -> None: ...
        def _stale(self, tree: WbsTree) -> set[int]: ...
        def edit_progress(self) -> None: ...
        def now(self) -> WbsCommands: ...  # Page.now: this page, or the one a language switch built in its place

else:
    _Base = object


class WbsCommands(_Base):
    """The page's commands, a part of :class:`~app.ui.wbs.page.WbsPage`."""

    def editing_commands(self) -> list[Command]:
        """The editing toolbar's commands with their shortcuts."""
        return [
            ("add", self.tr("Add task"), QKeySequence(Qt.Key.Key_Insert), self.add_task),
            ("addChild", self.tr("Add sub-task"), QKeySequence("Ctrl+Insert"), self.add_child),
            ("delete", self.tr("Delete"), QKeySequence(QKeySequence.StandardKey.Delete), self.delete_selected),
            ("indent", self.tr("Indent"), QKeySequence("Alt+Shift+Right"), self.indent),
            ("outdent", self.tr("Outdent"), QKeySequence("Alt+Shift+Left"), self.outdent),
            ("moveUp", self.tr("Move up"), QKeySequence("Alt+Shift+Up"), lambda: self.move_selected(-1)),
            ("moveDown", self.tr("Move down"), QKeySequence("Alt+Shift+Down"), lambda: self.move_selected(1)),
            ("predecessors", self.tr("Predecessors…"), QKeySequence("Ctrl+Shift+P"), self.pick_predecessors),
            ("progress", self.tr("Progress…"), QKeySequence("Ctrl+Shift+G"), self.edit_progress),
            ("goToAnswer", self.tr("Go to answer"), QKeySequence("Ctrl+Shift+H"), self.go_to_answer),
        ]

    def add_task(self) -> None:
        pid = self.state.project_id
        if pid < 0:
            return
        current = self.current_id()
        tree = self.model.tree
        if current is None:
            parent, row = None, None
        else:
            parent = tree.tasks[current].parent_id
            row = tree.kids(parent).index(current) + 1
        phase = tree.tasks[current].phase if current is not None else ""
        fields = {"title": self.tr("New task"), "phase": phase, "owner_role": NEW_TASK_ROLE}
        change = self._run(lambda: self.service.add_task(pid, parent, row, **fields), lambda: self.tr("Add task"))
        if change is not None:
            self.select_task(change.created[0], edit=True)

    def add_child(self) -> None:
        pid = self.state.project_id
        current = self.current_id()
        if pid < 0 or current is None:
            self.add_task()
            return
        phase = self.model.tree.tasks[current].phase
        fields = {"title": self.tr("New task"), "phase": phase, "owner_role": NEW_TASK_ROLE}
        change = self._run(lambda: self.service.add_task(pid, current, None, **fields), lambda: self.tr("Add sub-task"))
        if change is not None:
            self.select_task(change.created[0], edit=True)

    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        pid = self.state.project_id
        # Remember the next row by task, not by index: indexes do not survive the re-layout.
        below = self.tree.indexBelow(self.tree.currentIndex())
        doomed = {d for i in ids for d in (i, *self.model.tree.descendants(i))}
        if len(doomed) > len(ids) and not self._confirm_delete(ids, len(doomed)):
            return
        follow = None
        while below.isValid():
            task = self.model.task(self.proxy.mapToSource(below))
            if task is not None and task.id not in doomed:
                follow = task.id
                break
            below = self.tree.indexBelow(below)
        if self._run(lambda: self.service.delete(pid, ids), lambda: self.tr("Delete tasks")) is not None and follow is not None:
            self.select_task(follow)

    def _confirm_delete(self, ids: list[int], count: int) -> bool:
        """Sub-tasks would go too: say how many tasks in all before deleting."""
        if len(ids) == 1:
            title = named(self.model.tree.tasks[ids[0]].title)  # (a title of 100,000 characters: the question stays short)
            text = self.tr("Delete “{0}” with its sub-tasks: {1} tasks in all?").format(title, count)
        else:
            text = self.tr("Delete the {0} selected tasks with their sub-tasks: {1} tasks in all?").format(len(ids), count)
        text += "\n" + self.tr("Undo brings them back.")
        return messages.confirm(self, self.tr("Delete tasks"), text)

    def _structure(self, work: Callable[[list[int]], WbsChange | None], text: UndoText) -> None:
        ids = self.selected_ids()
        current = self.current_id()
        if not ids:
            return
        if (change := self._run(lambda: work(ids), text)) is not None and current is not None:
            self.select_task(current)
            selection = self.tree.selectionModel()
            for task_id in ids:
                index = self.proxy.mapFromSource(self.model.index_of(task_id))
                selection.select(index, QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)
        self._say_unlinked(change)

    def _drop(self, ids: list[int], parent_id: int | None, row: int) -> bool:
        """Tasks dragged and dropped in the tree (the model's ``mover``): one move, one undo step."""
        pid = self.state.project_id
        if (change := self._run(lambda: self.service.move(pid, ids, parent_id, None if row < 0 else row), lambda: self.tr("Move tasks"))) is None:
            return False
        if parent_id is not None:  # dropped onto a task: it opens, the tasks moved stay in view
            self.tree.expand(self.proxy.mapFromSource(self.model.index_of(parent_id)))
        self._say_unlinked(change)
        return True

    def _say_unlinked(self, change: WbsChange | None) -> None:
        """The links a move let go (a task put under its own predecessor or successor: a summary cannot wait
        for its own sub-task) said below the table, after the selection's own text."""
        if change is not None and (pairs := change.info.get("unlinked")):
            tree = self.model.tree  # (as the table shows them now, after the move)
            name_of = lambda i: task_name(tree.codes.get(i, ""), tree.tasks[i].title) if i in tree.tasks else "?"  # noqa: E731
            links = ("、" if self.state.ui_lang == "ja" else ", ").join(f"{name_of(before)} → {name_of(after)}" for before, after in pairs)
            self.details.setText(self.tr("Moved. A summary task cannot wait for its own sub-task, nor a sub-task for its summary: "
                                         "%n link(s) removed ({0}). Edit ▸ Undo puts them back.", "", len(pairs)).format(links))

    def indent(self) -> None:
        pid = self.state.project_id
        self._structure(lambda ids: self.service.indent(pid, ids), lambda: self.tr("Indent"))

    def outdent(self) -> None:
        pid = self.state.project_id
        self._structure(lambda ids: self.service.outdent(pid, ids), lambda: self.tr("Outdent"))

    def move_selected(self, step: int) -> None:
        pid = self.state.project_id
        self._structure(lambda ids: self.service.move_by(pid, ids, step), (lambda: self.tr("Move up")) if step < 0 else (lambda: self.tr("Move down")))

    def pick_predecessors(self) -> None:
        current = self.current_id()
        if current is None:
            return
        task = self.model.tree.tasks[current]
        pid = self.state.project_id
        dialog = PredecessorDialog(self.model.tree, task, self, check=lambda deps: self._check_links(pid, current, deps))
        if self.exec_dialog(dialog) != QDialog.DialogCode.Accepted:
            return
        deps: list[Dependency] = dialog.dependencies()
        base = {current: {"dependencies": task.dependencies}}  # as the dialog showed them: another window's change since asks
        typed: dict[int, Task | None] = {current: task.model_copy(update={"dependencies": deps})}
        tasks = self.model.tree.tasks  # as the dialog showed them: a task that took the id of one deleted is not them
        uids = {i: tasks[i].uid for i in (current, *(d.predecessor_id for d in deps)) if i in tasks}
        self._run(lambda: self.service.set_dependencies(pid, current, deps, uids), lambda: self.tr("Change predecessors"), base, typed)

    def _check_links(self, pid: int, task_id: int, deps: list[Dependency]) -> None:
        """The links the predecessor dialog chose, checked by the core's rules against the plan as stored
        now (ValidationFailed: said there, the dialog stays open); one it cannot check (the task, a
        predecessor ticked or the project gone) is left to the save, which says it."""
        from app.wbs.checks import checked_dependencies

        try:
            tree = self.service.tree(pid)
        except UserError:
            return
        try:
            checked_dependencies(tree, task_id, deps)
        except NotFoundError:
            return

    def go_to_answer(self) -> None:
        """Open the hearing item the current task was generated from (the first, when several)."""
        current = self.current_id()
        if current is None:
            return
        items = [str(a.get("item")) for a in self.model.tree.tasks[current].origin.answers if a.get("item")]
        window: Any = self.window()  # the main window, duck-typed: a page does not import it
        if not items:
            messages.show_info(self, self.tr("This task was not generated from hearing answers."))
        elif hasattr(window, "show_page"):
            window.show_page("hearing")
            window.page("hearing").select_item(items[0])

    def exec_dialog(self, dialog: QDialog) -> int:
        """Run a modal dialog, deleted after (tests replace this so nothing blocks)."""
        return messages.run_modal(dialog)

    def generate(self) -> None:
        from app.wbs.generate import generate

        pid = self.state.project_id
        if pid < 0:
            return
        self._run_slow(lambda ws: generate(ws, pid), lambda: self.tr("Generate WBS from hearing"), self._generated, unchanged=self._up_to_date)

    def _up_to_date(self, change: WbsChange | None) -> None:
        info = change.info if change is not None else {}
        if info.get("covered") or info.get("left_with"):  # not "every task": some are left out with a task of the user's
            self.details.setText(self.tr("Nothing changed.") + self._left_out_text(info))
        elif info.get("skipped_dismissed"):  # not "every task": the ones the user deleted are missing, on purpose
            self.details.setText(self.tr("Nothing changed: %n task(s) the hearing calls for were not added again, as you deleted them; "
                                         "the WBS has every other task the hearing calls for.", "", info["skipped_dismissed"]))
        else:
            self.details.setText(self.tr("The WBS already has every task the hearing calls for."))

    def _generated(self, change: WbsChange | None) -> None:
        if change is None:
            self._up_to_date(change)
            return
        info = change.info
        self.model.refresh_stale(self._stale(self.model.tree))
        self.tree.expandToDepth(1)
        text = self.tr("Tasks added: {0}, updated: {1}, removed: {2}.").format(info.get("added", 0), info.get("updated", 0), info.get("removed", 0))
        if info.get("kept_edited"):
            text += " " + self.tr("%n task(s) you edited no longer match the hearing; they are kept and marked.", "", info["kept_edited"])
        if info.get("adopted"):
            text += " " + self.tr("%n task(s) you added by hand with a generated task's phase and title were taken as it, not added again.", "",
                                  info["adopted"])
        text += self._left_out_text(info)
        from app.wbs.outline.generated import phase_row_said
        from app.wbs.service import WbsService

        tree = WbsService(self.state.workspace.db).tree(change.project_id) if info.get("phase_rows") else self.model.tree
        for row in (i for i in info.get("phase_rows", ()) if i in tree.tasks and tree.kids(i)):  # each named, with its figures
            text += " " + Message(key="wbs.generated_phase_row", **phase_row_said(tree, row)).text(self.state.ui_lang)
        self.details.setText(text)

    def _left_out_text(self, info: dict[str, Any]) -> str:
        """The generated tasks not added, each kind said (as `wbs generate` says them): those the user deleted, those left
        out with a deleted task (never counted as deleted), those a worked task of the user's stands for."""
        text = ""
        if info.get("skipped_dismissed"):
            # (not "generated": a task of the user's that a generation took as a template's counts, once deleted, too)
            text += " " + self.tr("%n task(s) the hearing calls for were not added again, as you deleted them.", "", info["skipped_dismissed"])
        if info.get("left_with"):
            text += " " + self.tr("%n generated task(s) were not added either: each goes under a task you deleted, which stood for it, "
                                  "and is left out with it.", "", info["left_with"])
        if info.get("covered"):
            text += " " + self.tr("%n generated task(s) were not added: each goes under a task of yours with a status or an estimate and no "
                                  "sub-tasks, which stands for it (set that task to Not started with no estimate to have them added).", "",
                                  info["covered"])
        return text

    def schedule(self) -> None:
        from app.wbs.schedule import schedule

        pid = self.state.project_id
        if pid < 0:
            return
        def scheduled(change: WbsChange | None) -> None:
            if change is None:
                self.details.setText(self.tr("The schedule is up to date."))

        self._run_slow(lambda ws: schedule(ws, pid), lambda: self.tr("Schedule"), scheduled)

    def export_excel(self) -> None:
        project = self.state.project
        if project is None:
            return
        from app import features
        from app.core.kinds import export_target, run_export

        suggested = str(Path.home() / features.EXPORTS["wbs"].file_name(project.name, self.state.ui_lang))
        path = messages.save_file(self, self.tr("Export the WBS to Excel"), suggested, self.tr("Excel workbooks (*.xlsx)"))
        if not path:
            return
        kind = features.EXPORTS["wbs"]
        try:
            out = export_target(kind, Path(path))
        except UserError as error:
            messages.show_error(self, error)
            return
        ws, lang = self.state.workspace, self.state.export_lang
        self.export_button.setEnabled(False)

        def done(report: ExportReport) -> None:
            page = self.now()  # (a language switch may have replaced this page meanwhile)
            page.export_button.setEnabled(True)
            page.details.setText(report.text(self.state.ui_lang))

        def failed(error: BaseException) -> None:
            page = self.now()
            page.export_button.setEnabled(True)
            messages.show_error(page, self.state.named_error(error))  # a project deleted meanwhile: by its name

        run_in_background(lambda: run_export(kind, ws, project.id, out, lang, dict(kind.defaults)), done, failed)

    def import_excel(self) -> None:
        from app.wbs.files.sheet_import import read_plan

        pid = self.state.project_id
        if pid < 0:
            return
        path = messages.open_file(self, self.tr("Import the WBS from Excel"), self.tr("Excel workbooks (*.xlsx)"))
        if not path:
            return
        ws = self.state.workspace
        self.import_button.setEnabled(False)

        def failed(error: BaseException) -> None:
            self.import_button.setEnabled(True)
            messages.show_error(self, error)

        # Reading a big workbook takes seconds: off the UI thread; the preview comes back here.
        run_in_background(lambda: read_plan(ws, pid, Path(path)), lambda plan: self._preview_import(plan, path), failed)

    def _preview_import(self, plan: SheetPlan, path: str) -> None:
        from app.wbs.files.sheet_import import apply_plan

        self.import_button.setEnabled(True)
        if plan.project_id != self.state.project_id:
            return  # the user switched projects meanwhile
        summary = self.tr("{0}: tasks changed {1}, new {2}, unchanged {3}.").format(Path(path).name, len(plan.changed), len(plan.added), plan.unchanged)
        if plan.conflicts:
            summary += " " + self.tr("%n conflict(s): cells changed in the app since the export and in the sheet; the app's value is kept "
                                     "unless you tick “Take the sheet's”.", "", len(plan.conflicts))
        if plan.kept:
            summary += " " + self.tr("%n cell(s) changed only in the app since the export are kept.", "", plan.kept)
        if plan.ignored:
            summary += " " + self.tr("{0} ignored (see below).").format(len(plan.ignored))
        dialog = ImportPreviewDialog(plan, summary, self.state.ui_lang, self.catalog, self)
        if self.exec_dialog(dialog) != QDialog.DialogCode.Accepted or plan.empty:
            return
        prefer = dialog.prefer()

        def done(_change: object) -> None:  # what changed while the preview was open, said in the UI language
            said = [m.text(self.state.ui_lang) for m in plan.meanwhile()]
            if said:
                messages.show_info(self, "\n".join(said))

        self._run_slow(lambda ws: apply_plan(ws, plan, prefer), lambda: self.tr("Import WBS from Excel"), done)

"""The File menu's project actions: new, open, recent, properties, rename, duplicate, copy to another database, archive,
delete, restore a backup."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QDialog, QMainWindow, QMenu

from app.core.errors import UserError
from app.ui import messages, settings

if TYPE_CHECKING:
    from app.core.project import ProjectInfo
    from app.ui.state import AppState
    from app.ui.watcher import DatabaseWatcher


if TYPE_CHECKING:
    _Base = QMainWindow  # for the type checker: the window these methods run in
else:
    _Base = object


class ProjectActions(_Base):
    """What the main window does with projects (a mixin of :class:`app.ui.window.main_window.MainWindow`).

    The window provides ``state``, ``open_project``, ``exec_dialog`` and ``reload_switcher``; the menu (app/ui/window/menus.py)
    sets the actions. Texts keep the "MainWindow" translation context they always had.

    Rename and Properties are one undo step each (:func:`app.core.projects.update_op`). New, Duplicate,
    Archive and Delete are none (:meth:`AppState.change_projects`): they open, hide or remove a whole
    project, and the undo stack holds only the open project's edits (it is cleared when another opens).
    """

    state: AppState
    watcher: DatabaseWatcher
    recent_menu: QMenu
    properties_action: QAction
    rename_action: QAction
    duplicate_action: QAction
    copy_to_action: QAction
    archive_action: QAction
    delete_action: QAction
    suspects_action: QAction
    baselines_action: QAction

    if TYPE_CHECKING:  # the window's

        def open_project(self, project_id: int) -> None: ...
        def exec_dialog(self, dialog: QDialog) -> int: ...
        def reload_switcher(self) -> None: ...

    def project_actions(self) -> tuple[QAction, ...]:
        """The actions that need an open project."""
        return (self.properties_action, self.rename_action, self.duplicate_action, self.copy_to_action, self.archive_action, self.delete_action,
                self.suspects_action, self.baselines_action)  # fmt: skip

    def show_suspects(self) -> None:
        """File ▸ Suspect Links…: agreed items whose answers changed since (app/ui/suspects)."""
        from app.ui.suspects.dialog import open_suspects

        open_suspects(self.state, self)

    def show_baselines(self) -> None:
        """File ▸ Baselines…: the open project's agreement baselines (app/ui/baselines)."""
        from app.ui.baselines import BaselinesDialog

        self.exec_dialog(BaselinesDialog(self.state, self))

    def new_project(self) -> None:
        from app.ui.projects.dialog import ask_project_name

        project = ask_project_name(self, QCoreApplication.translate("MainWindow", "New project"), QCoreApplication.translate("MainWindow", "Project name:"), "",
                                   lambda name: self.state.change_projects(partial(self.state.projects.create, name, lang=self.state.new_project_lang), -1))  # fmt: skip
        if project is not None:
            self.state.open_project(project.id)

    def open_projects(self) -> None:
        from app.ui.projects.dialog import ProjectsDialog

        dialog = ProjectsDialog(self.state, self, self.watcher)
        if self.exec_dialog(dialog) == QDialog.DialogCode.Accepted and dialog.chosen_id is not None:
            self.open_project(dialog.chosen_id)
        self.reload_switcher()

    def fill_recent(self) -> None:
        self.recent_menu.clear()
        known = {p.id: p for p in self.state.projects.list()}
        for project_id in settings.recent_projects():
            project = known.get(project_id)
            if project is None:
                continue
            action = self.recent_menu.addAction(project.name)
            action.triggered.connect(lambda _=False, pid=project_id: self.open_project(pid))
        if self.recent_menu.isEmpty():
            action = self.recent_menu.addAction(QCoreApplication.translate("MainWindow", "No recent projects"))
            action.setEnabled(False)

    def edit_properties(self) -> None:
        if self.state.project is not None:
            from app.ui.projects.properties import ProjectPropertiesDialog

            self.exec_dialog(ProjectPropertiesDialog(self.state, self))

    def rename_project(self) -> None:
        project = self.state.project
        if project is None:
            return
        from app.ui.projects.dialog import rename_asking

        # over the name shown (another window's rename meanwhile is asked about); one undo step
        rename_asking(self, self.state, project, QCoreApplication.translate("MainWindow", "Rename project"), QCoreApplication.translate("MainWindow", "New name:"))

    duplicating = False  # a copy made by Duplicate Project is running (on a worker)

    def duplicate_project(self) -> None:
        """File ▸ Duplicate Project: the copy is made on a worker (a big project takes seconds), the
        project's actions off meanwhile and the status bar saying so; the copy opens when made."""
        if self.state.project is None or self.duplicating:
            return
        from app.projects import transfer

        self.state.leave_project()  # cells being typed commit, pages save what is being typed: into the copy too
        db, project_id, name = self.state.workspace.db, self.state.project_id, self.state.project.name
        self._set_duplicating(True)
        QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        self.statusBar().showMessage(QCoreApplication.translate("MainWindow", "Duplicating “{0}”…").format(name))

        def done(copy: ProjectInfo) -> None:
            self._duplicated()
            self.open_project(copy.id)

        def failed(error: BaseException) -> None:
            self._duplicated()
            if isinstance(error, UserError):  # (a bug: the one error handler said it already)
                messages.show_error(self, error)

        self.state.change_projects_in_background(lambda: transfer.duplicate(db, project_id), done, failed, project_id)

    def _duplicated(self) -> None:
        QApplication.restoreOverrideCursor()
        self.statusBar().clearMessage()
        self._set_duplicating(False)

    def _set_duplicating(self, busy: bool) -> None:
        self.duplicating = busy
        for action in self.project_actions():
            action.setEnabled(not busy and self.state.project_id >= 0)

    def copy_project_to(self) -> None:
        """File ▸ Copy Project To…: the open project into another database (app/ui/projects/copy_dialog.py)."""
        from app.ui.projects.copy_dialog import CopyProjectDialog

        if self.state.project is None:
            return
        self.state.leave_project()  # cells being typed commit, pages save what is being typed: into the copy too
        dialog = CopyProjectDialog(self.state, self)
        try:
            self.exec_dialog(dialog)
        finally:
            dialog.deleteLater()

    def archive_project(self) -> None:
        project = self.state.project
        if project is None:
            return
        try:
            self.state.change_projects(lambda: self.state.projects.set_archived(project.id, not project.archived))
        except UserError as exc:
            messages.show_error(self, exc)

    def delete_project(self) -> None:
        project = self.state.project
        if project is None:
            return
        from app.ui.projects.dialog import confirm_delete, forget_deleted

        if not confirm_delete(self, self.state, self.watcher, project):
            return
        try:
            self.state.change_projects(lambda: self.state.projects.delete(project.id))
        except UserError as exc:
            messages.show_error(self, exc)
            return
        if self.state.project is not None:
            self.state.close_project()
        forget_deleted(self.state, project.id)
        remaining = self.state.projects.list(include_archived=False)
        if remaining:
            self.state.open_project(remaining[0].id)

    def restore_backup(self) -> None:
        """File ▸ Restore Backup: choose a backup (app/ui/projects/restore_dialog.py) and restore it."""
        from app.ui.projects.restore_dialog import RestoreBackupDialog, restore_into_window

        dialog = RestoreBackupDialog(self.state, self)
        try:
            if self.exec_dialog(dialog) != QDialog.DialogCode.Accepted or dialog.chosen is None:
                return
            chosen = dialog.chosen
        finally:
            dialog.deleteLater()
        restore_into_window(self.state, self, chosen)

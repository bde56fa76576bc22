"""The main window: navigation by the seed's phases, the project switcher, menus and the save state."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QByteArray, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QProgressBar,
    QSplitter,
    QStackedWidget,
    QTextBrowser,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app import __version__
from app.core import paths
from app.core.errors import UserError
from app.projects import transfer
from app.projects.overview import overview
from app.ui import messages, settings
from app.ui.hearing.drafts import drafts_of
from app.ui.page import Page
from app.ui.pages import PAGE_CLASSES
from app.ui.projects.dialog import ProjectsDialog
from app.ui.projects.properties import ProjectPropertiesDialog
from app.ui.state import AppState
from app.ui.watcher import DatabaseWatcher


def editing_view(widget: QWidget | None) -> QAbstractItemView | None:
    """The item view that edits a cell on F2 (EditKeyPressed) and holds ``widget``: itself, or the
    view of a cell editor that is open."""
    while widget is not None:
        if isinstance(widget, QAbstractItemView):
            return widget if widget.editTriggers() & QAbstractItemView.EditTrigger.EditKeyPressed else None
        if widget.isWindow():
            return None
        widget = widget.parentWidget()
    return None


class ItemViewKeys(QObject):
    """Keeps F2 for the item view that has focus: the window's Rename Project shortcut must not take
    the key that edits a cell. Accepting the ShortcutOverride event makes Qt deliver F2 as a key press
    to the focused widget instead of triggering the shortcut."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # overrides QObject.eventFilter
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_F2
            and isinstance(watched, QWidget)
            and editing_view(watched) is not None
        ):
            event.accept()
            return True
        return False


class MainWindow(QMainWindow):
    """The application window. One per process."""

    def __init__(self, state: AppState) -> None:
        super().__init__()
        self.state = state
        state.setParent(self)  # the state and its undo stack live exactly as long as the window
        self.setObjectName("mainWindow")
        self.setWindowTitle("MLOps Kickoff")
        self.setMinimumSize(900, 600)

        self.pages: list[Page] = []
        self.stack = QStackedWidget()
        self.stack.setObjectName("pageStack")
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setAccessibleName(self.tr("Pages"))
        self.nav.setMinimumWidth(150)
        self.nav.setMaximumWidth(260)
        self.nav.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)  # page names: F2 renames the project
        for page_class in PAGE_CLASSES:
            page = page_class(state)
            self.pages.append(page)
            self.stack.addWidget(page)
            label = f"{page.phase}  {page.title()}" if page.phase else page.title()
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, page.page_id)
            item.setToolTip(page.title())
            self.nav.addItem(item)
        self.nav.currentRowChanged.connect(self._show_page)

        splitter = QSplitter()
        splitter.setObjectName("mainSplitter")
        splitter.addWidget(self.nav)
        splitter.addWidget(self._build_center())
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([self._nav_width(), 1100])
        self.setCentralWidget(splitter)

        self._build_toolbar()
        self._build_menus()
        self._build_status_bar()

        state.projectChanged.connect(self._on_project_changed)
        state.projectEdited.connect(self._on_project_edited)
        state.projectsListChanged.connect(self._reload_switcher)
        state.changed.connect(lambda _change: self._schedule_summary())  # every change, from here or elsewhere
        state.saved.connect(self._on_saved)
        state.problem.connect(self._on_problem)
        self.watcher = DatabaseWatcher(state, parent=self)
        self.watcher.othersChanged.connect(self._on_others)
        self._on_others(self.watcher.others)

        self._summary_timer = QTimer(self)
        self._summary_timer.setSingleShot(True)
        self._summary_timer.setInterval(150)
        self._summary_timer.timeout.connect(self._update_summary)

        # F2 in a table edits its cell; elsewhere it renames the project. The filter goes on the
        # widget that takes focus (a view or a cell editor), where Qt asks about shortcuts first.
        self._item_view_keys = ItemViewKeys(self)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)

        self._restore_geometry()
        self.nav.setCurrentRow(0)

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is not None and self.isAncestorOf(new) and editing_view(new) is not None:
            new.installEventFilter(self._item_view_keys)  # once: installing again only moves it first

    # --- building -----------------------------------------------------------------------------

    def _nav_width(self) -> int:
        """Wide enough for the longest page name in the UI language (English names are longer)."""
        frame = 2 * self.nav.frameWidth()
        scrollbar = self.nav.verticalScrollBar().sizeHint().width()
        return max(self.nav.minimumWidth(), min(self.nav.maximumWidth(), self.nav.sizeHintForColumn(0) + frame + scrollbar))

    def _build_center(self) -> QWidget:
        center = QWidget()
        layout = QVBoxLayout(center)
        layout.setContentsMargins(6, 6, 6, 0)
        header = QHBoxLayout()
        self.project_label = QLabel()
        self.project_label.setObjectName("projectTitle")
        font = self.project_label.font()
        font.setBold(True)
        self.project_label.setFont(font)
        self.summary_label = QLabel()
        self.summary_label.setObjectName("progressSummary")
        # A long summary (English, a narrow window) wraps onto a second line instead of being cut.
        self.summary_label.setWordWrap(True)
        self.summary_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.summary_bar = QProgressBar()
        self.summary_bar.setObjectName("hearingProgress")
        self.summary_bar.setAccessibleName(self.tr("Hearing progress"))
        self.summary_bar.setMinimumWidth(170)
        self.summary_bar.setMaximumWidth(220)
        self.summary_bar.setFormat(self.tr("Hearing %p%"))
        header.addWidget(self.project_label)
        header.addWidget(self.summary_label, 1)
        header.addWidget(self.summary_bar)
        layout.addLayout(header)
        layout.addWidget(self.stack, 1)
        return center

    def _build_toolbar(self) -> None:
        bar = QToolBar(self.tr("Project"))
        bar.setObjectName("projectToolbar")
        bar.setMovable(False)
        bar.addWidget(QLabel(self.tr("Project:") + " "))
        self.switcher = QComboBox()
        self.switcher.setObjectName("projectSwitcher")
        self.switcher.setAccessibleName(self.tr("Current project"))
        self.switcher.setMinimumContentsLength(28)
        self.switcher.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.switcher.activated.connect(self._switch_from_combo)
        bar.addWidget(self.switcher)
        self.addToolBar(bar)

    def _action(self, text: str, name: str, slot, shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        return action

    def _build_menus(self) -> None:
        menu = self.menuBar().addMenu(self.tr("&File"))
        menu.setObjectName("fileMenu")
        self.new_action = self._action(self.tr("&New Project…"), "newProjectAction", self.new_project, QKeySequence.StandardKey.New)
        self.open_action = self._action(self.tr("&Open Project…"), "openProjectAction", self.open_projects, QKeySequence.StandardKey.Open)
        menu.addAction(self.new_action)
        menu.addAction(self.open_action)
        self.recent_menu = QMenu(self.tr("Open &Recent"), self)
        self.recent_menu.setObjectName("recentMenu")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        menu.addMenu(self.recent_menu)
        menu.addSeparator()
        self.properties_action = self._action(self.tr("Project &Properties…"), "projectPropertiesAction", self.edit_properties)
        self.rename_action = self._action(self.tr("Re&name Project…"), "renameProjectAction", self.rename_project, "F2")
        self.duplicate_action = self._action(self.tr("&Duplicate Project"), "duplicateProjectAction", self.duplicate_project)
        self.archive_action = self._action(self.tr("&Archive Project"), "archiveProjectAction", self.archive_project)
        self.delete_action = self._action(self.tr("De&lete Project…"), "deleteProjectAction", self.delete_project)
        for action in (self.properties_action, self.rename_action, self.duplicate_action, self.archive_action, self.delete_action):
            menu.addAction(action)
        menu.addSeparator()
        self.quit_action = self._action(self.tr("&Quit"), "quitAction", self.close, QKeySequence.StandardKey.Quit)
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        menu.addAction(self.quit_action)

        edit = self.menuBar().addMenu(self.tr("&Edit"))
        edit.setObjectName("editMenu")
        self.undo_action = self.state.undo_stack.createUndoAction(self, self.tr("&Undo"))
        self.undo_action.setObjectName("undoAction")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.state.undo_stack.createRedoAction(self, self.tr("&Redo"))
        self.redo_action.setObjectName("redoAction")
        self.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
        edit.addAction(self.undo_action)
        edit.addAction(self.redo_action)

        view = self.menuBar().addMenu(self.tr("&Go"))
        view.setObjectName("goMenu")
        for n, page in enumerate(self.pages):
            action = self._action(page.title(), f"goto_{page.page_id}", lambda _=False, i=n: self.nav.setCurrentRow(i), f"Ctrl+{n + 1}")
            view.addAction(action)

        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        help_menu.setObjectName("helpMenu")
        help_menu.addAction(self._action(self.tr("User &Guide"), "helpAction", self.show_help, QKeySequence.StandardKey.HelpContents))
        help_menu.addAction(self._action(self.tr("&About MLOps Kickoff"), "aboutAction", self.show_about))

    def _build_status_bar(self) -> None:
        self.save_label = QLabel(self.tr("All changes saved"))
        self.save_label.setObjectName("saveState")
        self.save_label.setAccessibleName(self.tr("Save state"))
        self.statusBar().addWidget(self.save_label, 1)
        db = self.state.workspace.db
        where = str(db.path) if db.path else db.url
        self.db_label = QLabel(where)
        self.db_label.setObjectName("databaseLocation")
        self.db_label.setToolTip(self.tr("Database: {0}").format(where))
        self.others_label = QLabel()
        self.others_label.setObjectName("otherWindows")
        self.others_label.hide()
        self.statusBar().addPermanentWidget(self.others_label)
        self.statusBar().addPermanentWidget(self.db_label)
        for warning in db.warnings:
            self.statusBar().showMessage(warning, 20000)
        self._saved_text = self.save_label.text()
        drafts_of(self.state).changed.connect(self._show_save_state)

    # --- pages --------------------------------------------------------------------------------

    def page(self, page_id: str) -> Page:
        return next(p for p in self.pages if p.page_id == page_id)

    def show_page(self, page_id: str) -> None:
        index = next((i for i, p in enumerate(self.pages) if p.page_id == page_id), None)
        if index is None:
            raise UserError(f"no page {page_id!r}")
        self.nav.setCurrentRow(index)

    def current_page(self) -> Page:
        return self.pages[self.stack.currentIndex()]

    def _show_page(self, row: int) -> None:
        if 0 <= row < len(self.pages):
            self.stack.setCurrentIndex(row)
            self.pages[row].on_shown()

    # --- project ------------------------------------------------------------------------------

    def _reload_switcher(self) -> None:
        self.switcher.blockSignals(True)
        self.switcher.clear()
        for project in self.state.projects.list(include_archived=False):
            self.switcher.addItem(project.name, project.id)
        current = self.state.project
        if current is not None:
            index = self.switcher.findData(current.id)
            if index < 0:  # an archived project stays reachable while it is open
                self.switcher.addItem(current.name, current.id)
                index = self.switcher.count() - 1
            self.switcher.setCurrentIndex(index)
        self.switcher.blockSignals(False)

    def _switch_from_combo(self, index: int) -> None:
        project_id = self.switcher.itemData(index)
        if project_id is not None and project_id != self.state.project_id:
            self.open_project(int(project_id))

    def open_project(self, project_id: int) -> None:
        try:
            self.state.open_project(project_id)
        except UserError as exc:
            settings.forget_project(project_id)
            messages.show_error(self, exc)

    def _on_project_changed(self, project_id: int) -> None:
        self._reload_switcher()
        self._on_project_edited(project_id)
        has_project = project_id >= 0
        for action in (self.properties_action, self.rename_action, self.duplicate_action, self.archive_action, self.delete_action):
            action.setEnabled(has_project)

    def _on_project_edited(self, _project_id: int) -> None:
        project = self.state.project
        if project is None:
            self.setWindowTitle("MLOps Kickoff")
            self.project_label.setText(self.tr("No project open: File ▸ New Project or Open Project"))
            self.summary_label.clear()
            self.summary_bar.hide()
            return
        suffix = self.tr(" (archived)") if project.archived else ""
        self.setWindowTitle(f"{project.name}{suffix} — MLOps Kickoff")
        text = project.name + suffix
        if project.customer:
            text += f" · {project.customer}"
        self.project_label.setText(text)
        self.archive_action.setText(self.tr("Restore Project") if project.archived else self.tr("&Archive Project"))
        self._reload_switcher()
        self._update_summary()

    def _schedule_summary(self) -> None:
        self._summary_timer.start()

    def _update_summary(self) -> None:
        if self.state.project is None:
            return
        info = overview(self.state.workspace, self.state.project_id)
        self.summary_bar.show()
        self.summary_bar.setRange(0, max(info.hearing_total, 1))
        self.summary_bar.setValue(info.hearing_done)
        parts = [self.tr("Hearing {0}/{1} answered").format(info.hearing_done, info.hearing_total)]
        if info.planning_total:
            parts.append(self.tr("System planning {0}/{1}").format(info.planning_done, info.planning_total))
        if info.follow_ups:
            parts.append(self.tr("{0} to follow up").format(info.follow_ups))
        if info.wbs_tasks:
            parts.append(
                self.tr("WBS: {0} without completion condition, {1} not agreed").format(
                    info.wbs_without_condition, info.wbs_not_agreed
                )
            )
        if info.orphaned:
            parts.append(self.tr("{0} orphaned answers").format(info.orphaned))
        self.summary_label.setText(" · ".join(parts))

    def _on_saved(self, when: dt.datetime) -> None:
        self._saved_text = self.tr("Saved {0}").format(when.strftime("%H:%M:%S"))
        self._show_save_state()

    def _show_save_state(self) -> None:
        """"Saved" only when nothing typed is waiting as a draft (a value that does not fit yet)."""
        drafts = drafts_of(self.state)
        if drafts.count():
            self.save_label.setText(self.tr("{0} draft(s) not saved").format(drafts.count()))
            self.save_label.setToolTip("\n".join(drafts.errors()))
            self.save_label.setStyleSheet("color: #b00020;")
        else:
            self.save_label.setText(self._saved_text)
            self.save_label.setToolTip("")
            self.save_label.setStyleSheet("")

    def _on_others(self, others: int) -> None:
        """Another window or process has this database open: allowed, and said (edits never overwrite each other)."""
        self.others_label.setVisible(others > 0)
        self.others_label.setText(self.tr("Also open in {0} other window(s)").format(others))
        self.others_label.setToolTip(self.tr(
            "Another window or process uses this database. Its changes appear here within a second; "
            "an edit of something it changed since you saw it asks before overwriting."
        ))  # fmt: skip

    def _on_problem(self, text: str) -> None:
        """Something was not saved (busy database, a conflict): the status bar says so until the next save."""
        self.save_label.setStyleSheet("color: #b00020;")
        self.save_label.setText(self.tr("Not saved: {0}").format(text))

    # --- actions ------------------------------------------------------------------------------

    def new_project(self) -> None:
        name = messages.ask_text(self, self.tr("New project"), self.tr("Project name:"))
        if name is None:
            return
        try:
            project = self.state.change_projects(lambda: self.state.projects.create(name, lang=self.state.export_lang), -1)
        except UserError as exc:
            messages.show_error(self, exc)
            return
        self.state.open_project(project.id)

    def open_projects(self) -> None:
        dialog = ProjectsDialog(self.state, self)
        if self.exec_dialog(dialog) == QDialog.DialogCode.Accepted and dialog.chosen_id is not None:
            self.open_project(dialog.chosen_id)
        self._reload_switcher()

    def exec_dialog(self, dialog: QDialog) -> int:
        """Run a modal dialog (tests replace this so nothing blocks)."""
        return dialog.exec()

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        known = {p.id: p for p in self.state.projects.list()}
        for project_id in settings.recent_projects():
            project = known.get(project_id)
            if project is None:
                continue
            action = self.recent_menu.addAction(project.name)
            action.triggered.connect(lambda _=False, pid=project_id: self.open_project(pid))
        if self.recent_menu.isEmpty():
            action = self.recent_menu.addAction(self.tr("No recent projects"))
            action.setEnabled(False)

    def edit_properties(self) -> None:
        if self.state.project is not None:
            self.exec_dialog(ProjectPropertiesDialog(self.state, self))

    def rename_project(self) -> None:
        project = self.state.project
        if project is None:
            return
        name = messages.ask_text(self, self.tr("Rename project"), self.tr("New name:"), project.name)
        if name is None or name == project.name:
            return
        try:
            self.state.change_projects(lambda: self.state.projects.rename(project.id, name))
        except UserError as exc:
            messages.show_error(self, exc)
            return

    def duplicate_project(self) -> None:
        if self.state.project is None:
            return
        try:
            copy = self.state.change_projects(lambda: transfer.duplicate(self.state.workspace.db, self.state.project_id))
        except UserError as exc:
            messages.show_error(self, exc)
            return
        self.state.open_project(copy.id)

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
        question = self.tr("Delete “{0}” and everything in it? This cannot be undone.").format(project.name)
        if not messages.confirm(self, self.tr("Delete project"), question):
            return
        try:
            self.state.change_projects(lambda: self.state.projects.delete(project.id))
        except UserError as exc:
            messages.show_error(self, exc)
            return
        settings.forget_project(project.id)
        if self.state.project is not None:
            self.state.close_project()
        remaining = self.state.projects.list(include_archived=False)
        if remaining:
            self.state.open_project(remaining[0].id)

    def show_help(self) -> None:
        lang = self.state.ui_lang
        guide = paths.resources_dir() / "help" / f"guide.{lang}.md"
        dialog = QDialog(self)
        dialog.setObjectName("helpDialog")
        dialog.setWindowTitle(self.tr("User Guide"))
        dialog.resize(720, 640)
        browser = QTextBrowser(dialog)
        browser.setObjectName("helpBrowser")
        browser.setOpenExternalLinks(True)
        try:
            browser.setMarkdown(guide.read_text(encoding="utf-8"))
        except OSError:
            browser.setPlainText(self.tr("The user guide is missing from this installation."))
        QVBoxLayout(dialog).addWidget(browser)
        dialog.setModal(False)
        dialog.show()

    def show_about(self) -> None:
        messages.show_info(
            self,
            self.tr("MLOps Kickoff {0}\nPlan the PoC phase of a customer ML project: hearing, WBS, proposal, "
                    "experiment environment and system planning, with every document generated from one set of answers.\n\n"
                    "Data folder: {1}").format(__version__, paths.data_dir()),
            self.tr("About MLOps Kickoff"),
        )

    # --- window state -------------------------------------------------------------------------

    def _restore_geometry(self) -> None:
        geometry = settings.value("window/geometry")
        if isinstance(geometry, QByteArray | bytes) and geometry:
            self.restoreGeometry(QByteArray(geometry))
        else:
            self.resize(1280, 820)
        window_state = settings.value("window/state")
        if isinstance(window_state, QByteArray | bytes) and window_state:
            self.restoreState(QByteArray(window_state))

    def closeEvent(self, event: QCloseEvent) -> None:  # overrides QWidget.closeEvent
        if self.state.project is not None:
            self.state.projectAboutToChange.emit(self.state.project_id)  # pages save what is pending
        drafts = drafts_of(self.state).count()
        if drafts and not messages.confirm(
            self,
            self.tr("Close MLOps Kickoff"),
            self.tr("{0} draft(s) not saved: values that do not fit their item yet, or edits a busy database kept "
                    "waiting. Close and lose them?").format(drafts),
        ):
            event.ignore()
            return
        settings.set_value("window/geometry", self.saveGeometry())
        settings.set_value("window/state", self.saveState())
        settings.set_value("window/page", self.current_page().page_id)
        self.watcher.release()
        super().closeEvent(event)

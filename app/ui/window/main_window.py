"""The main window: navigation by the seed's phases, the project switcher, the save state, the languages.

Its menus are built in app/ui/window/menus.py, its project actions in app/ui/window/project_actions.py, the
user guide in app/ui/window/help.py.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QLabel,
    QListWidget,
    QMainWindow,
    QMenu,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.core.errors import UserError
from app.core.i18n import LANGS, Lang, list_separator
from app.core.operations import Change
from app.core.storage.errors import named_database
from app.projects.overview import Overview, overview, wbs_figures_changed
from app.ui import messages, settings
from app.ui.hearing.drafts import drafts_of, retranslate_drafts
from app.ui.operations import is_offline
from app.ui.page import Page, name_more_button
from app.ui.pages import PAGE_SPECS
from app.ui.state import AppState, ProjectDeleted, missing_project_id
from app.ui.tasks import LatestRun
from app.ui.translations import install_translations, retranslate_open_dialogs, retranslate_undo_stack
from app.ui.watcher import DatabaseWatcher
from app.ui.widgets import colours
from app.ui.widgets.choice_keys import choose_on_purpose
from app.ui.widgets.type_ahead import type_ahead_combo
from app.ui.window.geometry import MINIMUM_SIZE, restore_geometry
from app.ui.window.header import ProjectHeader
from app.ui.window.held_drafts import undo_text
from app.ui.window.keys import ItemViewKeys, commit_composition, editing_view
from app.ui.window.menus import build_menus
from app.ui.window.page_stack import PagesShown, PageStack
from app.ui.window.project_actions import ProjectActions

if TYPE_CHECKING:
    from app.ui.window.help import HelpDialog


class MainWindow(PageStack, ProjectActions, QMainWindow):
    """The application window. One per process."""

    # set by app/ui/window/menus.py when the menus are built (and rebuilt on a language switch)
    new_action: QAction
    open_action: QAction
    recent_menu: QMenu
    properties_action: QAction
    rename_action: QAction
    duplicate_action: QAction
    archive_action: QAction
    delete_action: QAction
    quit_action: QAction
    undo_action: QAction
    redo_action: QAction
    language_action: QAction

    def __init__(self, state: AppState, first_page: str | None = None) -> None:
        """``first_page``: the page in front at start (the first when None or unknown), the only one built."""
        super().__init__()
        self.state = state
        self.front_refreshed = False
        self._front_refresh_queued = False
        state.setParent(self)  # the state and its undo stack live exactly as long as the window
        self.setObjectName("mainWindow")
        self.setWindowTitle("MLOps Kickoff")
        self.setMinimumSize(MINIMUM_SIZE)  # within a 1366x768 screen at 150 % (a smaller screen: its room, restore_geometry)
        self._help: HelpDialog | None = None

        # Every page is a placeholder in the stack until first shown (or asked for: page()), then built.
        self._built: dict[str, Page] = {}
        self._places: dict[str, object] = {}  # where to put a page when it is built (a language switch)
        self.stack = PagesShown()
        self.stack.setObjectName("pageStack")
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setMinimumWidth(150)
        self.nav.setMaximumWidth(260)
        self.nav.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)  # page names: F2 renames the project
        self.nav.currentRowChanged.connect(self._show_page)
        self._build_pages()

        self.splitter = QSplitter()
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.nav)
        self.splitter.addWidget(self._build_center())
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([self._nav_width(), 1100])
        self.setCentralWidget(self.splitter)

        self._build_toolbar()
        build_menus(self)
        state.undo_stack.canUndoChanged.connect(self.offer_undo)  # after the action's own slot (made by build_menus)
        state.undo_stack.typingChanged.connect(self.offer_undo)
        self._build_status_bar()
        self._connect_state()
        self.watcher = DatabaseWatcher(state, parent=self)
        self.watcher.othersChanged.connect(self._on_others)
        self.watcher.namesChanged.connect(self._on_others)
        self._retranslate_shell()

        self._summary_timer = QTimer(self)
        self._summary_timer.setSingleShot(True)
        self._summary_timer.setInterval(150)
        self._summary_timer.timeout.connect(lambda: self._update_summary(on_worker=True))  # (a header of 10,000 tasks: 40 ms)
        self._summary_runs = LatestRun(self)
        self._summary, self._summary_project = cast("Overview | None", None), -1  # the header's last figures, for that project
        self._wbs_changes, self._summary_wbs_read = 0, -1  # WBS changes heard; how many the header's figures had seen

        # F2 in a table edits its cell; elsewhere it renames the project. The filter goes on the
        # widget that takes focus (a view or a cell editor), where Qt asks about shortcuts first.
        self._item_view_keys = ItemViewKeys(self)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)

        restore_geometry(self)
        rows = [spec.page_id for spec in PAGE_SPECS]
        self.nav.setCurrentRow(rows.index(first_page) if first_page in rows else 0)

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is not None and self.isAncestorOf(new) and editing_view(new) is not None:
            new.installEventFilter(self._item_view_keys)  # once: installing again only moves it first

    # --- building -----------------------------------------------------------------------------

    def _connect_state(self) -> None:
        state = self.state
        state.projectChanged.connect(self._on_project_changed)
        state.projectEdited.connect(self._on_project_edited)
        state.projectsListChanged.connect(self.reload_switcher)
        state.changed.connect(self._schedule_summary)  # every change, from here or elsewhere
        state.saved.connect(self._on_saved)
        state.problem.connect(self._on_problem)
        state.unread.connect(lambda text: self._on_problem(text, unread=True))
        state.projectDeleted.connect(self._on_project_deleted)

    def offer_undo(self) -> None:
        """Undo enabled for a step to undo or typing not saved yet (after Qt's own slot, which follows the stack alone),
        named by what it takes back first (a refused typing: held_drafts.undo_text); greyed while a big step is made
        on a worker (app/ui/window/step_worker.py). No stack (quitting): nothing."""
        if isValid(stack := self.state.undo_stack) and hasattr(self, "redo_action"):  # (made after the undo action)
            self.undo_action.setEnabled(stack.can_step_back())
            self.undo_action.setText(undo_text(stack))
            self.redo_action.setEnabled(stack.can_step_forward())

    def _nav_width(self) -> int:
        """Wide enough for the longest page name in the UI language (English names are longer)."""
        frame = 2 * self.nav.frameWidth()
        scrollbar = self.nav.verticalScrollBar().sizeHint().width()
        return max(self.nav.minimumWidth(), min(self.nav.maximumWidth(), self.nav.sizeHintForColumn(0) + frame + scrollbar))

    def _build_center(self) -> QWidget:
        center = QWidget()
        layout = QVBoxLayout(center)
        layout.setContentsMargins(6, 6, 6, 0)
        self.header = ProjectHeader()
        self.project_label, self.summary_label = self.header.title, self.header.summary
        self.summary_bar, self.presence_label = self.header.bar, self.header.presence
        layout.addWidget(self.header)
        layout.addWidget(self._scrolled_pages(), 1)
        return center

    def _build_toolbar(self) -> None:
        self.toolbar = QToolBar(movable=False)
        self.toolbar.setObjectName("projectToolbar")
        self.project_prompt = QLabel()
        self.toolbar.addWidget(self.project_prompt)
        self.switcher = type_ahead_combo("projectSwitcher")  # a name typed in the other width finds it (ABC: 「ＡＢＣ商事」)
        self.switcher.setMinimumContentsLength(28)
        self.switcher.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        choose_on_purpose(self.switcher, self._switch_from_combo, open_list=True)  # never a stray ↑ / ↓: another project
        self.toolbar.addWidget(self.switcher)
        self.addToolBar(self.toolbar)

    def _build_status_bar(self) -> None:
        self.save_label = QLabel()
        self.save_label.setObjectName("saveState")
        self.statusBar().addWidget(self.save_label, 1)
        db = self.state.workspace.db
        self.db_label = QLabel(str(db.path) if db.path else named_database(db.url))
        self.db_label.setObjectName("databaseLocation")
        self.others_label = QLabel()
        self.others_label.setObjectName("otherWindows")
        self.others_label.hide()
        self.statusBar().addPermanentWidget(self.others_label)
        self.statusBar().addPermanentWidget(self.db_label)
        for warning in db.warnings:
            self.statusBar().showMessage(warning.text(self.state.ui_lang), 20000)
        from app.core.content.loader import left_out_message, older_copy_message  # (read already)

        library = self.state.workspace.library  # a checklist of yours with a typo (left out), else older than the app's
        if (said := left_out_message(library) or older_copy_message(library)) is not None:
            self.statusBar().showMessage(said.text(self.state.ui_lang, library), 60000)
        drafts_of(self.state).changed.connect(self._show_save_state)
        self.state.offlineChanged.connect(self._show_save_state)
        self.state.problemOver.connect(self._on_problem_over)
        from app.ui.window.orphan_drafts import offer_orphan_drafts

        offer_orphan_drafts(self, self.state)  # drafts of projects deleted since they were typed: said once

    def _retranslate_shell(self) -> None:
        """The window's own texts (not the pages'), in the UI language of now."""
        self.nav.setAccessibleName(self.tr("Pages"))
        self.summary_bar.setAccessibleName(self.tr("Hearing progress"))
        self.summary_bar.setFormat(self.tr("Hearing %p%"))
        self.toolbar.setWindowTitle(self.tr("Project"))
        name_more_button(self.toolbar)
        self.project_prompt.setText(self.tr("Project:") + " ")
        self.switcher.setAccessibleName(self.tr("Current project"))
        self.save_label.setAccessibleName(self.tr("Save state"))
        self.db_label.setToolTip(self.tr("Database: {0}").format(self.db_label.text()))
        when = self.state.last_saved
        self._saved_text = self.tr("Saved {0}").format(when.strftime("%H:%M:%S")) if when else self.tr("All changes saved")
        self._show_save_state()
        self._on_others(self.watcher.others)
        self._on_project_changed(self.state.project_id)

    # --- languages ----------------------------------------------------------------------------

    def edit_settings(self) -> None:
        """Settings (Ctrl+,): remember what the dialog chose and apply the UI language at once."""
        from app.ui.window.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.state, self)
        try:
            if self.exec_dialog(dialog) != QDialog.DialogCode.Accepted:
                return
            dialog.save()
            ui_lang, doc_lang = dialog.ui_lang(), dialog.doc_lang()
        finally:
            dialog.deleteLater()
        self.state.default_doc_lang = doc_lang
        self.set_ui_lang(ui_lang)

    def choose_ui_lang(self, lang: str) -> None:
        """The window language chosen outside Settings (the welcome page): kept as Settings keeps it, applied now."""
        if lang in LANGS:
            settings.set_ui_lang(lang)
            self.set_ui_lang(lang)

    def set_ui_lang(self, lang: Lang) -> None:
        """Switch the window to ``lang`` now, keeping the open project, the page and the undo stack.

        Qt's LanguageChange would need every page to set its texts again; pages build their texts once. So the
        window loads the other translations and builds its pages and menus anew from the state (project, undo, drafts)."""
        if lang == self.state.ui_lang:
            return
        page_id = self.current_page().page_id
        project_id = self.state.project_id
        # e.g. the hearing item being answered; a page not built since the last switch keeps its place
        places = {**self._places, **{page.page_id: page.place() for page in self._built.values()}}
        self.state.leave_project()  # the cells being typed commit, then the pages save what is being typed
        # Not waiting for the background work (an export of a big project takes seconds): the pages
        # replaced are deleted once it has reported (PageStack._drop_pages), its result shown by the new ones.
        app = QCoreApplication.instance()
        assert app is not None  # a window exists only inside an application
        install_translations(app, lang)
        self.state.ui_lang = lang
        retranslate_undo_stack(self.state)  # the Edit menu's Undo/Redo texts, in the new language
        retranslate_drafts(self.state)  # why each draft is not saved, as the rebuilt pages show it
        self._drop_pages()
        self._places = {key: place for key, place in places.items() if place is not None} if project_id >= 0 else {}
        self._build_pages()
        self._connect_state()
        build_menus(self)
        self._retranslate_shell()
        self.splitter.setSizes([self._nav_width(), max(1, self.splitter.width() - self._nav_width())])
        self.show_page(page_id)
        if self._help is not None and self._help.isVisible():
            self._help.show_guide(lang, page_id)
        retranslate_open_dialogs(self)  # (suspect links beside the window, the baselines over it)

    # --- project ------------------------------------------------------------------------------

    def reload_switcher(self) -> None:
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
        commit_composition(self)  # kana being composed reach their field in the project they were typed for
        try:
            self.state.open_project(project_id)
        except UserError as exc:
            settings.forget_project(project_id)
            index = self.switcher.findData(project_id)  # picked there: named as it shows it
            gone = index >= 0 and missing_project_id(exc) == project_id
            messages.show_error(self, ProjectDeleted(project_id, self.switcher.itemText(index)) if gone else exc)
            self.reload_switcher()

    def exec_dialog(self, dialog: QDialog) -> int:
        """Run a modal dialog, deleted after (tests replace this so nothing blocks)."""
        return messages.run_modal(dialog)

    def _on_project_changed(self, project_id: int) -> None:
        # The page in front loads the project when shown; opened before the window is on screen
        # (at start) it was not visible when told, so it is shown the project once every page has heard.
        if not self._front_refresh_queued:  # one refresh however many changes came before it runs
            self._front_refresh_queued = True
            QTimer.singleShot(0, self, self._refresh_page_in_front)  # (not after the window is gone)
        self._on_project_edited(project_id)  # the title, the header and the switcher
        for action in self.project_actions():
            action.setEnabled(project_id >= 0 and not self.duplicating)  # (off while a duplicate is made)

    def _on_project_edited(self, _project_id: int) -> None:
        project = self.state.project
        self.reload_switcher()
        if project is None:
            self.setWindowTitle("MLOps Kickoff")
            self.header.set_title(self.tr("No project open: File ▸ New Project or Open Project"))
            self.header.set_summary("")
            self.summary_bar.hide()
            return
        suffix = self.tr(" (archived)") if project.archived else ""
        self.setWindowTitle(f"{project.name}{suffix} — MLOps Kickoff")
        self.header.set_title(project.name + suffix + (f" · {project.customer}" if project.customer else ""))
        self.archive_action.setText(self.tr("Restore Project") if project.archived else self.tr("&Archive Project"))
        self._update_summary(on_worker=not self.state.workspace.db.is_sqlite)  # (3 reads: over a VPN 0.9 s of a switch's 1.8 s)

    def _on_project_deleted(self, name: str) -> None:
        self.header.set_title(self.tr("“{0}” was deleted in another window or process. Open another project: File ▸ Open Project").format(name))

    def _refresh_page_in_front(self) -> None:
        self._front_refresh_queued = False
        page = self._built.get(PAGE_SPECS[max(0, self.stack.currentIndex())].page_id)
        if page is not None:
            page.on_shown()
        self.front_refreshed = True  # the page in front shows the project (a start's first paint)
        self._wake_waiting()  # the project's edits a window gone left waiting, whichever page is in front

    def _schedule_summary(self, change: Change | None = None) -> None:
        if change is None or wbs_figures_changed(change):
            self._wbs_changes += 1  # the header reads the WBS again only when it (or what is agreed of it) changed
        self._summary_timer.start()

    def _update_summary(self, *, on_worker: bool = False) -> None:
        """The header's figures: read at once for a project opened on SQLite, else on a worker (another project's cleared)."""
        if self.state.project is None:
            return
        ws, pid = self.state.workspace, self.state.project_id
        keep = self._summary if self._summary_project == pid and self._summary_wbs_read == self._wbs_changes else None
        seen = self._wbs_changes  # (a change heard while it is read: the next read reads the WBS again)
        if on_worker:
            if self._summary_project != pid:  # (the figures of the project left never shown for this one)
                self.header.set_summary("")
                self.summary_bar.hide()
            self._summary_runs.request(lambda: overview(ws, pid, wbs_from=keep), lambda info: self._show_summary(pid, info, seen))
            return  # (the server cannot be reached: the header keeps what it showed until the next change)
        self._summary_runs.drop()
        try:
            info = overview(ws, pid, wbs_from=keep)
        except Exception as exc:
            if not is_offline(exc):
                raise
            return  # the server cannot be reached: the header keeps what it showed until the next change
        self._show_summary(pid, info, seen)

    def _show_summary(self, pid: int, info: Overview, seen: int) -> None:
        if pid != self.state.project_id:
            return  # another project opened meanwhile (its own read shows it)
        self._summary, self._summary_project, self._summary_wbs_read = info, pid, seen
        self.summary_bar.show()
        self.summary_bar.setRange(0, max(info.hearing_total, 1))
        self.summary_bar.setValue(info.hearing_done)
        parts = [self.tr("Hearing {0}/{1} answered").format(info.hearing_done, info.hearing_total)]
        if info.planning_total:
            parts.append(self.tr("System planning {0}/{1}").format(info.planning_done, info.planning_total))
        if info.follow_ups:
            parts.append(self.tr("{0} to follow up").format(info.follow_ups))
        if info.wbs_tasks:
            wbs = self.tr("WBS: {0} without completion condition, {1} not agreed")
            parts.append(wbs.format(info.wbs_without_condition, info.wbs_not_agreed))
        if info.orphaned:
            parts.append(self.tr("%n orphaned answer(s)", "", info.orphaned))
        self.header.set_summary(" · ".join(parts))

    def _on_saved(self, when: dt.datetime) -> None:
        self._saved_text = self.tr("Saved {0}").format(when.strftime("%H:%M:%S"))
        self._show_save_state()

    def _show_save_state(self) -> None:
        """"Saved" only when nothing typed is waiting as a draft (a value that does not fit yet)."""
        drafts = drafts_of(self.state)
        if self.state.offline:  # the server cannot be reached: the edits wait, and are saved when it is back
            self.save_label.setText(self.tr("Offline: %n edit(s) waiting", "", drafts.count()))
            self.save_label.setToolTip("\n".join(drafts.errors()))
            colours.style(self.save_label, colours.WARNING)
        elif drafts.count():  # (not on disk either, when its disk refused them: a window closed loses them)
            unkept = drafts.unkept()
            self.save_label.setText(self.tr("%n draft(s) not saved, not on disk either: closing the window loses them", "", drafts.count())
                                    if unkept else self.tr("%n draft(s) not saved", "", drafts.count()))  # fmt: skip
            self.save_label.setToolTip("\n".join([*drafts.errors(), *([unkept] if unkept else [])]))
            colours.style(self.save_label, colours.WARNING)
        else:
            self.save_label.setText(self._saved_text)
            self.save_label.setToolTip("")
            colours.style(self.save_label, "")

    def _on_others(self, *_: object) -> None:
        """Another window or process has this database open: allowed, and said (edits never overwrite
        each other), by name when the presence table knows who has this project open."""
        names, others = self.watcher.names, self.watcher.others
        self.header.set_presence(self.tr("With: {0}").format(list_separator(self.state.ui_lang).join(names)) if names else "")
        self.others_label.setVisible(bool(names) or others > 0)
        if names:
            self.others_label.setText(self.tr("{0} also has this project open").format(list_separator(self.state.ui_lang).join(names)))
        else:
            self.others_label.setText(self.tr("Also open in %n other window(s)", "", others))
        self.others_label.setToolTip(self.tr("Another window or process uses this database. Its changes appear here within a second; "
                                             "an edit of something it changed since you saw it asks before overwriting."))  # fmt: skip

    def _on_problem(self, text: str, unread: bool = False) -> None:
        """Not saved (busy database, a conflict), or a page's read failed (``unread``): said until the next save or read."""
        if self.state.offline:
            self._show_save_state()
            return
        colours.style(self.save_label, colours.WARNING)
        self.save_label.setText(self.tr("Not read: {0}").format(text) if unread else self.tr("Not saved: {0}").format(text))

    def _on_problem_over(self, text: str) -> None:
        if self.save_label.text() == self.tr("Not read: {0}").format(text):  # (not when something was said since)
            self._show_save_state()

    # --- help ---------------------------------------------------------------------------------

    def show_help(self) -> None:
        """F1: the user guide, at the section about the page in front."""
        if self._help is None:
            from app.ui.window.help import HelpDialog

            self._help = HelpDialog(self)
        self._help.show_guide(self.state.ui_lang, self.current_page().page_id)

    def show_about(self) -> None:
        """Help ▸ About (not blocking: a test or the user reads it beside the window)."""
        from app.ui.help.about import AboutDialog

        AboutDialog(self.state, self).open()

    def show_welcome(self) -> None:
        """Help ▸ Welcome…: the first start's welcome page again."""
        from app.ui.welcome.start import show_welcome

        show_welcome(self, self.state)

    # --- window state -------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:  # overrides QWidget.closeEvent
        commit_composition(self)  # the kana being composed reach their field or cell first (see there)
        self.state.finish_editing()  # the cells being typed commit (even with no project: a dialog's table)
        self.state.leave_project()  # then the pages save what is pending
        drafts = drafts_of(self.state)
        lost = drafts.lost_on_close()  # (answers that do not fit yet are kept for the next start, unless the disk refused them)
        unkept = drafts.unkept()
        if lost and not messages.confirm(self, self.tr("Close MLOps Kickoff"), self.tr(
            "%n draft(s) not saved, and not kept on disk either ({0}): closing the window loses them. Free some space "
            "(they are then written again by themselves), or copy the text first. Close and lose them?", "", lost).format(unkept) if unkept else self.tr(
            "%n draft(s) not saved: values that do not fit their item yet, or edits a busy database kept waiting. Close and lose them?", "", lost)):
            event.ignore()
            return
        settings.set_value("window/geometry", self.saveGeometry())
        settings.set_value("window/state", self.saveState())
        settings.set_value("window/page", self.current_page().page_id)
        self.watcher.release()
        super().closeEvent(event)

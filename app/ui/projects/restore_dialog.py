"""File ▸ Restore Backup: the backups with a preview of what each holds; restoring reloads the window.

Also the daily backup while the window is open (at start when the last one is a day old, then
checked every hour), kept to the last N (the "backups/keep" setting).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMainWindow,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import UserError
from app.core.i18n import clock_zone
from app.core.storage import backups
from app.ui import messages, settings
from app.ui.tasks import after_background, background_running, run_in_background, settle_background
from app.ui.window.geometry import fit_dialog

if TYPE_CHECKING:
    from app.ui.state import AppState

log = logging.getLogger(__name__)

KEEP_KEY = "backups/keep"
START_DELAY_MS = 5000
CHECK_EVERY_MS = 60 * 60 * 1000  # a long session gets its daily backup within the hour it is due
RETRY_MS = 500  # a restore waiting for a dialog to close looks again this often


def keep_setting() -> int:
    """How many backups to keep (Settings; default :data:`backups.DEFAULT_KEEP`, at least 1)."""
    try:
        return max(1, int(str(settings.value(KEEP_KEY, backups.DEFAULT_KEEP))))
    except ValueError:
        return backups.DEFAULT_KEEP



def _size(size: int) -> str:
    return f"{size / 1024:.0f} KB" if size < 1024 * 1024 else f"{size / (1024 * 1024):.1f} MB"


class RestoreBackupDialog(QDialog):
    """The database's backups, newest first; choosing one previews its projects; Restore accepts.

    ``chosen`` is the backup to restore once accepted.
    """

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("restoreBackup")
        self.setWindowTitle(self.tr("Restore Backup"))
        self.state = state
        self.chosen: Path | None = None
        self.backups = backups.list_backups(state.workspace.db)
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr(
            "Restoring replaces every project with the backup's. The database as it is now is backed up first, "
            "so you can come back to it; the undo history is cleared."
        ))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(len(self.backups), 3)
        self.table.setObjectName("backupList")
        self.table.setAccessibleName(self.tr("Backups"))
        self.table.setHorizontalHeaderLabels([self.tr("Date ({0})").format(clock_zone()), self.tr("Size"), self.tr("Made")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        date_format = "%Y/%m/%d %H:%M" if state.ui_lang == "ja" else "%Y-%m-%d %H:%M"
        for row, backup in enumerate(self.backups):
            for column, text in enumerate((backup.created_local.strftime(date_format), _size(backup.size), backup.why.text(state.ui_lang))):
                item = QTableWidgetItem(text)
                item.setToolTip(str(backup.path))
                self.table.setItem(row, column, item)
        self.preview = QPlainTextEdit()
        self.preview.setObjectName("backupPreview")
        self.preview.setAccessibleName(self.tr("Projects in the backup"))
        self.preview.setReadOnly(True)
        if not self.backups:
            self.preview.setPlainText(self.tr("No backups yet. One is made every day the app is in use, and before an update changes the database."))
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.preview)
        layout.addWidget(splitter, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = QPushButton(self.tr("Restore"))
        self.restore_button.setObjectName("restoreBackupButton")
        self.restore_button.setEnabled(False)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.table.itemSelectionChanged.connect(self._show_preview)
        fit_dialog(self, 620, 460)
        if self.backups:
            self.table.selectRow(0)

    def selected(self) -> backups.Backup | None:
        rows = {index.row() for index in self.table.selectionModel().selectedRows()}
        return self.backups[min(rows)] if rows else None

    def _show_preview(self) -> None:
        backup = self.selected()
        self.restore_button.setEnabled(False)
        if backup is None:
            self.preview.clear()
            return
        try:
            contents = backups.read_backup(backup.path)
        except UserError as exc:
            from app.ui.error_text import shown_text

            self.preview.setPlainText(shown_text(exc))
            return
        lines = [self.tr("Projects: {0}").format(len(contents.projects))]
        for project in contents.projects:
            archived = self.tr(" (archived)") if project.archived else ""
            lines.append("  " + self.tr("{0}{1}: answers {2}, WBS tasks {3}").format(project.name, archived, project.answers, project.wbs_tasks))
        self.preview.setPlainText("\n".join(lines))
        self.restore_button.setEnabled(True)

    def _accept(self) -> None:
        backup = self.selected()
        if backup is None:
            return
        self.chosen = backup.path
        self.accept()


_WAITING: dict[AppState, Path] = {}  # a restore asked while work ran on workers: the backup, restored once it is done


def restore_into_window(state: AppState, parent: QWidget, path: Path) -> bool | None:
    """Restore ``path`` into the open database and reload the window's projects; False if refused. While work
    of the window runs on workers (an export reading the database), None: the restore follows once it is done
    and no dialog is open (a dialog of the project as it is now: People…), said in the status bar, the window
    answering meanwhile (it waited frozen, without a word, for the export); closing the window asks first."""
    if background_running():
        if state not in _WAITING:
            after_background(lambda: _restore_waiting(state, parent))
            _CloseAsks(state, parent.window())
        _let_go(_WAITING.get(state))
        _WAITING[state] = _held(path)  # (the daily backup may prune the file chosen meanwhile: a link of it kept)
        window = parent.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(QCoreApplication.translate(
                "RestoreBackupDialog", "The backup is restored once the work still running (an export, a schedule) is done."), 15000)
        return None
    _let_go(_WAITING.pop(state, None))  # (one chosen while another waited: this one, not the other after it)
    return _restore_now(state, parent, path)


def _held(path: Path) -> Path:
    """A second name for the backup chosen (a hard link beside it: no copy on the UI thread), restored from while
    the backups' rotation may remove the first; a window closed while its restore waited left its link: gone now."""
    import os

    for stale in path.parent.glob(".*.restoring"):
        if stale not in _WAITING.values():
            stale.unlink(missing_ok=True)
    held = path.with_name(f".{path.name}.restoring")
    try:
        os.link(path, held)
    except OSError:  # (a file system without hard links: the file itself, said by the restore if pruned meanwhile)
        return path
    return held


def _let_go(held: Path | None) -> None:
    if held is not None and held.name.endswith(".restoring"):
        held.unlink(missing_ok=True)


def _restore_waiting(state: AppState, parent: QWidget) -> None:
    from shiboken6 import isValid

    if state not in _WAITING or not isValid(parent) or not isValid(state) or not parent.window().isVisible():
        _let_go(_WAITING.pop(state, None))  # (the window closed meanwhile, its user asked: not restored)
        return
    if background_running():  # (begun since: an edit's save) the restore waits for it too
        after_background(lambda: _restore_waiting(state, parent))
        return
    if QApplication.activeModalWidget() is not None:  # a dialog of the project as it is now: once it is closed
        QTimer.singleShot(RETRY_MS, parent, lambda: _restore_waiting(state, parent))
        return
    held = _WAITING.pop(state)
    try:
        _restore_now(state, parent, held)
    finally:
        _let_go(held)


class _CloseAsks(QObject):
    """While a restore waits, closing the window asks whether to close without it (it is never made then)."""

    def __init__(self, state: AppState, window: QWidget) -> None:
        super().__init__(window)
        self.state = state
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # overrides QObject.eventFilter
        if self.state not in _WAITING:
            watched.removeEventFilter(self)
            self.deleteLater()
        elif event.type() == QEvent.Type.Close and isinstance(watched, QWidget):
            if not messages.confirm(watched, QCoreApplication.translate("RestoreBackupDialog", "Restore Backup"), QCoreApplication.translate(
                    "RestoreBackupDialog", "The backup chosen is not restored yet: it waits for the work still running. Close without restoring it?")):
                event.ignore()
                return True
        return False  # (closed: the restore is dropped as it comes; the close refused after, a drafts question: it is made)


def _restore_now(state: AppState, parent: QWidget, path: Path) -> bool:
    from app.ui.hearing.drafts import drafts_of

    previous = state.project_id
    state.leave_project()  # cells being typed commit, pages save what is being typed: into the database backed up first
    settle_background()
    drafts = drafts_of(state).count()
    if drafts and not messages.confirm(
        parent,
        QCoreApplication.translate("RestoreBackupDialog", "Restore Backup"),
        QCoreApplication.translate("RestoreBackupDialog", "Drafts not saved ({0}) are kept as drafts, not written into the restored data: "
                                   "each is shown again with its project. Restore anyway?").format(drafts),
    ):
        return False
    try:
        before = backups.restore_backup(state.workspace.db, path, keep_setting())
    except UserError as exc:
        messages.show_error(parent, exc)
        return False
    state.close_project()  # clears the undo history: its steps belong to the database replaced
    state.undo_shelves.clear()  # ... and every other project's
    remaining = state.projects.list(include_archived=False)
    ids = [project.id for project in remaining]
    if remaining:
        state.open_project(previous if previous in ids else ids[0])
    state.projectsListChanged.emit()
    messages.show_info(
        parent,
        QCoreApplication.translate("RestoreBackupDialog", "The backup was restored and the window reloaded; the undo history was cleared. The database as it "
            "was before is kept as {0}.").format(before.name),
    )
    return True


class DailyBackup(QObject):
    """Makes the day's backup off the UI thread: now if due, then checked every hour."""

    def __init__(self, state: AppState, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self._busy = False
        self._failure = ""  # the failure said in the status bar
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_EVERY_MS)
        self.timer.timeout.connect(self.check)

    def start(self) -> None:
        """The first check a few seconds after start (the first page loads first), then every hour."""
        if self.state.workspace.db.path is None:
            return  # only a SQLite file is backed up
        self.timer.start(START_DELAY_MS)

    def check(self) -> None:
        self.timer.setInterval(CHECK_EVERY_MS)
        if self._busy:
            return
        self._busy = True
        db, keep = self.state.workspace.db, keep_setting()

        def work() -> Path | BaseException | None:
            try:
                return backups.daily_backup(db, keep)
            except Exception as exc:  # a backup that failed is said in the log and the status, never a crash dialog
                return exc

        def done(result: object) -> None:
            self._busy = False
            if isinstance(result, BaseException):
                log.warning("the daily backup failed: %s", result, exc_info=result)
            self._say(result)

        def failed(_exc: BaseException) -> None:
            self._busy = False

        run_in_background(work, done, failed, action=self.tr("Daily backup"))

    def _say(self, result: object) -> None:
        """A backup that failed in the status bar until another message or a later backup made (else the user
        believes the daily backups run); never a crash dialog (an unforeseen failure is in the log in full)."""
        window = self.parent()
        if not isinstance(window, QMainWindow):
            return
        bar = window.statusBar()
        if isinstance(result, BaseException):
            from app.ui.error_text import shown_text

            if not isinstance(result, UserError):
                result = UserError(key="backup.daily_failed", folder=backups.backups_dir(self.state.workspace.db),
                                   detail=str(result) or type(result).__name__)
            self._failure = shown_text(result)
            bar.showMessage(self._failure)
        elif self._failure and bar.currentMessage() == self._failure:
            bar.clearMessage()  # made now: the failure said before is past
            self._failure = ""

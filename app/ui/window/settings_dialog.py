"""Settings (Ctrl+, ; Preferences on macOS): languages, author, data folder, backups, company holidays, export defaults.

What is kept per user (QSettings, :mod:`app.ui.settings`) is written when the dialog is accepted
(:meth:`SettingsDialog.save`, called by ``MainWindow.edit_settings``, which also applies the UI
language at once). Company holidays are the workspace's, in the database: each change there is an
operation saved at once (:mod:`app.ui.window.holidays_tab`); a day typed there and not added is added
on OK. A data-folder move is done at the next
start (:mod:`app.core.storage.data_folder`).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.core import paths
from app.core.errors import UserError
from app.core.i18n import Lang
from app.core.storage import data_folder
from app.core.storage.errors import named_database
from app.core.storage.team_database import check_team_database
from app.ui import messages, settings
from app.ui.error_text import shown_text
from app.ui.state import AppState
from app.ui.widgets.number_box import WholeNumberBox
from app.ui.window.holidays_tab import HolidaysTab
from app.ui.window.keys import window_steps

# Each language named in itself, as language pickers do: a user lost in the other language finds theirs.
LANG_NAMES: dict[Lang, str] = {"ja": "日本語", "en": "English"}
MAX_BACKUPS = 365


class SettingsDialog(QDialog):
    """The settings; ``MainWindow.edit_settings`` saves and applies them when the dialog is accepted."""

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("Settings"))
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("settingsTabs")
        self.tabs.addTab(self._general_tab(state), self.tr("General"))
        self.holidays = HolidaysTab(state)
        self.tabs.addTab(self.holidays, self.tr("Company holidays"))
        # Ctrl+Z, Ctrl+Y there: the window's Undo, Redo (out of reach while this is open), as in People or Follow-ups
        self.step = window_steps(self.holidays, window=lambda: parent.window() if parent is not None else None)
        self.tabs.addTab(self._exports_tab(), self.tr("Exports"))
        layout.addWidget(self.tabs)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.setObjectName("settingsButtons")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        if self.holidays.keep_typing(self):  # a day typed before and not added (a crash): shown where it was typed
            self.tabs.setCurrentWidget(self.holidays)

    def _general_tab(self, state: AppState) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        form = QFormLayout()
        self.ui_combo = QComboBox()
        self.ui_combo.setObjectName("uiLangCombo")
        self.ui_combo.setAccessibleName(self.tr("Language of the window"))
        for lang, name in LANG_NAMES.items():
            self.ui_combo.addItem(name, lang)
        self.ui_combo.setCurrentIndex(self.ui_combo.findData(state.ui_lang))
        form.addRow(self.tr("Window language:"), self.ui_combo)
        self.doc_combo = QComboBox()
        self.doc_combo.setObjectName("documentLangCombo")
        self.doc_combo.setAccessibleName(self.tr("Default document language of new projects"))
        self.doc_combo.addItem(self.tr("Same as the window"), None)
        for lang, name in LANG_NAMES.items():
            self.doc_combo.addItem(name, lang)
        self.doc_combo.setCurrentIndex(max(0, self.doc_combo.findData(state.default_doc_lang)))
        form.addRow(self.tr("Documents of new projects:"), self.doc_combo)
        note = QLabel(self.tr(
            "A document is written in the language chosen where it is exported, else in its project's document "
            "language (File ▸ Project Properties), else in the window's language."
        ))  # fmt: skip
        note.setObjectName("settingsLangNote")
        note.setWordWrap(True)
        form.addRow(note)

        self.author_edit = QLineEdit(settings.author_name())
        self.author_edit.setObjectName("authorName")
        self.author_edit.setAccessibleName(self.tr("Your name as author"))
        self.author_edit.setPlaceholderText(settings.os_user())
        self.author_edit.setMaxLength(200)
        form.addRow(self.tr("Author name:"), self.author_edit)

        folder_row = QHBoxLayout()
        self.folder_edit = QLineEdit(str(paths.data_dir()))
        self.folder_edit.setObjectName("dataFolder")
        self.folder_edit.setAccessibleName(self.tr("Data folder"))
        self.folder_edit.setReadOnly(True)
        self.folder_edit.setCursorPosition(0)
        folder_row.addWidget(self.folder_edit, 1)
        self.move_button = QPushButton(self.tr("Move to…"))
        self.move_button.setObjectName("moveDataFolder")
        self.move_button.clicked.connect(self.choose_data_folder)
        folder_row.addWidget(self.move_button)
        form.addRow(self.tr("Data folder:"), folder_row)
        self.folder_note = QLabel("")
        self.folder_note.setObjectName("dataFolderNote")
        self.folder_note.setWordWrap(True)
        form.addRow(self.folder_note)
        self.move_target: Path | None = data_folder.pending_move()
        if data_folder.fixed_by_environment():
            self.move_button.setEnabled(False)
            self.folder_note.setText(self.tr("Set by MLOPS_KICKOFF_HOME; it cannot be moved from here."))
        self._show_move()

        self.database_edit = QLineEdit(settings.database_url())
        self.database_edit.setObjectName("databaseUrl")
        self.database_edit.setAccessibleName(self.tr("Team database"))
        self.database_edit.setPlaceholderText(self.tr("This computer's database (leave empty)"))
        form.addRow(self.tr("Team database:"), self.database_edit)
        self.database_note = QLabel(self.tr(
            "Now: {0}. A team's PostgreSQL, such as postgresql+psycopg://kickoff@db.example.com/kickoff, is opened from "
            "the next start. Keep the password out of it: it belongs in ~/.pgpass (or a libpq service file)."
        ).format(str(state.workspace.db.path) if state.workspace.db.path else named_database(state.workspace.db.url)))  # fmt: skip
        self.database_note.setObjectName("databaseNote")
        self.database_note.setWordWrap(True)
        form.addRow(self.database_note)

        self.backups_spin = WholeNumberBox()  # a number past the range is refused as it is typed, and said
        self.backups_spin.setObjectName("backupsKeep")
        self.backups_spin.setAccessibleName(self.tr("Backups to keep"))
        self.backups_spin.setRange(1, MAX_BACKUPS)
        self.backups_spin.setValue(min(settings.backups_keep(), MAX_BACKUPS))
        form.addRow(self.tr("Backups to keep:"), self.backups_spin)
        layout.addLayout(form)
        layout.addStretch(1)
        return page

    def _exports_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.bom_check = QCheckBox(self.tr("Issue-tracker CSV from the WBS: start with a UTF-8 BOM (for Excel on Windows)"))
        self.bom_check.setObjectName("trackerBom")
        self.bom_check.setChecked(settings.tracker_bom())
        layout.addWidget(self.bom_check)
        note = QLabel(self.tr(
            "The Exports page uses these defaults. The hearing sheet and the WBS workbook (Excel, MS Project XML) "
            "have no other options: they are written in the project's document language, which the Exports page "
            "lets you change."
        ))  # fmt: skip
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addStretch(1)
        return page

    # --- data folder ----------------------------------------------------------------------------

    def choose_data_folder(self) -> None:
        chosen = messages.choose_folder(self, self.tr("Move the data folder to"))
        if chosen:
            self.set_move_target(Path(chosen))

    def set_move_target(self, target: Path) -> bool:
        """Ask for the data to move to ``target`` at the next start (checked now; done on OK)."""
        try:
            if target.expanduser().resolve() != paths.data_dir().resolve():
                data_folder.check_target(target)
        except UserError as exc:
            self.folder_note.setText(shown_text(exc))
            self.fit_notes()
            return False
        self.move_target = target
        self._show_move()
        self.fit_notes()
        return True

    def fit_notes(self) -> None:
        """Grow the dialog to the height its notes now wrap to (a window does not follow its content's
        height-for-width by itself: a longer note would be cut, its last line and the next note's)."""
        layout = self.layout()
        if layout is None or not self.isVisible():
            return
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)  # the pages laid out for the new text first
        layout.activate()
        needed = layout.totalHeightForWidth(self.width()) if layout.hasHeightForWidth() else layout.sizeHint().height()
        if needed > self.height():
            self.resize(self.width(), needed)

    def _show_move(self) -> None:
        target = self.move_target
        if target is None or data_folder.fixed_by_environment():
            return
        if target.expanduser().resolve() == paths.data_dir().resolve():
            self.folder_note.setText(self.tr("No move: the data stays where it is."))
            return
        self.folder_note.setText(self.tr(
            "At the next start the database and your folders are copied to {0} and the app uses that folder. "
            "The database is open now, so it is not moved while the app runs; the old folder is left as it was."
        ).format(target))  # fmt: skip

    # --- results ----------------------------------------------------------------------------------

    def ui_lang(self) -> Lang:
        return self.ui_combo.currentData()

    def doc_lang(self) -> Lang | None:
        return self.doc_combo.currentData()

    def check_database(self) -> bool:
        """The team database typed is a URL the app can open (not tried now), without a password; else say why."""
        text = self.database_edit.text().strip()
        if not text:
            return True
        try:
            check_team_database(text, self.tr("Team database"))
        except UserError as exc:
            self.tabs.setCurrentIndex(0)
            self.database_note.setText(shown_text(exc))
            self.fit_notes()
            self.database_edit.setFocus()
            return False
        return True

    def accept(self) -> None:  # overrides QDialog.accept
        """OK: a database setting that cannot work keeps the dialog open, said under the field; a company
        holiday typed and not added is added as Add does, else said and the dialog stays open."""
        if not self.check_database():
            return
        if not self.holidays.add_typed():
            self.tabs.setCurrentWidget(self.holidays)
            return
        super().accept()

    def save(self) -> None:
        """Write what the dialog chose to the user's settings (languages are applied by the window)."""
        settings.set_database_url(self.database_edit.text())
        settings.set_doc_lang(self.doc_lang())
        settings.set_ui_lang(self.ui_lang())
        settings.set_author_name(self.author_edit.text())
        self.state.workspace.author = settings.author_name()  # the next change is recorded under it
        settings.set_backups_keep(self.backups_spin.value())
        settings.set_tracker_bom(self.bom_check.isChecked())
        unsaved = settings.not_written()
        if unsaved:  # (read-only, another user's): this run goes on with what was chosen
            messages.show_error(self, UserError(key="settings.not_written", path=unsaved))
        if not data_folder.fixed_by_environment():
            try:
                data_folder.request_move(self.move_target)
            except (UserError, OSError) as exc:
                messages.show_error(self, exc)

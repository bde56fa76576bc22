"""File ▸ Copy Project To…: the open project, with its history, into another database (a SQLite file or a URL).

The password of a server is typed apart, shown as dots, and never stored (nor shown in the URL);
the copy runs on a worker (app/projects/database_copy.py) and the dialog says where it went.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import UserError
from app.core.files.visible_text import printable_name
from app.core.storage.errors import named_database
from app.core.storage.url_text import hide_passwords
from app.projects.database_copy import CopiedProject, copy_to, target_url
from app.ui import messages
from app.ui.tasks import run_in_background
from app.ui.widgets.busy_dialog import BusyDialog

if TYPE_CHECKING:
    from app.ui.state import AppState


class CopyProjectDialog(BusyDialog):
    """Choose a SQLite file or type a database URL (and its password); Copy copies the open project there.

    ``copied`` is the last copy made (its id and name in the target, and where), None before.
    """

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("copyProjectDialog")
        self.setWindowTitle(self.tr("Copy Project To"))
        self.state = state
        self.project_id = state.project_id
        self.copied: CopiedProject | None = None
        self.busy = False
        project = state.project
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr(
            "Copies “{0}” with its history (answers and their changes, sessions, documents, WBS) into another database: "
            "a SQLite file (made if it does not exist) or a team database's URL. This project stays as it is."
        ).format(project.name if project is not None else ""))
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)  # the project's name is the user's text
        layout.addWidget(intro)
        form = QFormLayout()
        self.target_edit = QLineEdit()
        self.target_edit.setObjectName("copyTarget")
        self.target_edit.setPlaceholderText(self.tr("File path, or postgresql+psycopg://user@host/dbname"))
        self.choose_button = QPushButton(self.tr("Choose File…"))
        self.choose_button.setObjectName("copyChooseFile")
        row = QHBoxLayout()
        row.addWidget(self.target_edit, 1)
        row.addWidget(self.choose_button)
        target_label = QLabel(self.tr("Copy to:"))
        target_label.setBuddy(self.target_edit)  # the path is spoken by its row's label
        form.addRow(target_label, row)
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("copyPassword")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText(self.tr("Only for a server that asks for one; never saved"))
        form.addRow(self.tr("Password:"), self.password_edit)
        self.shown_target = QLabel()
        self.shown_target.setObjectName("copyTargetShown")
        self.shown_target.setTextFormat(Qt.TextFormat.PlainText)
        self.shown_target.setWordWrap(True)
        form.addRow(self.tr("Target:"), self.shown_target)
        layout.addLayout(form)
        self.status = QLabel()
        self.status.setObjectName("copyStatus")
        self.status.setTextFormat(Qt.TextFormat.PlainText)  # names and a driver's words, never markup
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.status)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton(self.tr("Copy"))
        self.copy_button.setObjectName("copyButton")
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Close)
        self.close_button.setObjectName("copyCloseButton")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        # Enter in the path copies: made the default once it is the dialog's (Qt ties a default button to the
        # dialog it is in as it is made so: before, it stayed no one's, and Enter pressed 「Choose File…」).
        self.copy_button.setDefault(True)
        self.choose_button.clicked.connect(self.choose_file)
        self.copy_button.clicked.connect(self.start_copy)
        self.target_edit.textChanged.connect(self._update)
        self.password_edit.textChanged.connect(self._update)
        self.setMinimumWidth(560)
        self._update()

    def _password_applies(self) -> bool:
        """A server's URL takes a password; a SQLite file (a path or sqlite:///) has none."""
        text = self.target_edit.text().strip()
        return "://" in text and not text.lower().startswith("sqlite")

    def _update(self) -> None:
        text = self.target_edit.text().strip()
        self.password_edit.setEnabled(self._password_applies() and not self.busy)
        self.shown_target.setText(self._shown(text))
        self.copy_button.setEnabled(bool(text) and not self.busy and self.project_id >= 0)

    def _shown(self, text: str) -> str:
        """The target as it will be opened, the password (typed apart or inside the URL) as ***, a
        character that cannot be seen (a zero-width space, ESC, NUL pasted with the path) escaped."""
        if not text:
            return ""
        password = self.password_edit.text() if self._password_applies() else ""
        try:
            return printable_name(named_database(target_url(text, password)) if "://" in text else text)
        except UserError:
            return printable_name(hide_passwords(text))  # a URL that does not parse: its passwords all the same

    def choose_file(self) -> None:
        # A file that exists is copied into, not replaced: no "replace it?" question.
        path = messages.chosen_path(messages.file_dialog(self, self.tr("Copy Project To"), "", self.tr("SQLite database (*.sqlite3 *.sqlite *.db);;All files (*)"),
                                                         save=True, options=QFileDialog.Option.DontConfirmOverwrite))  # fmt: skip
        if path:
            self.target_edit.setText(path)

    def start_copy(self) -> None:
        target = self.target_edit.text().strip()
        if self.busy or not target or self.project_id < 0:
            return
        password = self.password_edit.text() if self._password_applies() else ""
        db, project_id = self.state.workspace.db, self.project_id
        self._set_busy(True)
        self.status.setText(self.tr("Copying…"))

        def work() -> CopiedProject:
            return copy_to(db, project_id, target, password)

        run_in_background(work, self._done, self._failed, action=self.tr("Copy Project To"))

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        for widget in (self.target_edit, self.password_edit, self.choose_button, self.close_button):
            widget.setEnabled(not busy)
        self._update()

    def _done(self, copied: CopiedProject) -> None:
        self.copied = copied
        self._set_busy(False)
        done = self.tr("Copied as “{0}” (id {1}) to {2}.").format(copied.name, copied.id, copied.where)
        if copied.changed is not None:  # the project there already, changed there since: said, as the command line says it
            done += "\n" + copied.changed.message(target=copied.where).text(self.state.ui_lang)
        self.status.setText(done)

    def _failed(self, error: BaseException) -> None:
        self._set_busy(False)
        if isinstance(error, UserError):
            from app.ui.error_text import shown_text

            self.status.setText(shown_text(error))
        else:  # a bug: the one error handler has reported it already
            self.status.setText(self.tr("The copy failed; nothing was written there."))

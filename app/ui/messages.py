"""The one channel for talking to the user from the UI: errors, confirmations, questions, file pickers.

Tests replace these functions (monkeypatch) so no modal dialog ever blocks a headless run.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QFileInfo, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QFileIconProvider,
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QWidget,
)
from shiboken6 import isValid

from app.core.errors import UserError


def show_error(parent: QWidget | None, error: BaseException | str, title: str | None = None) -> None:
    """Show a user error as is; anything else is a bug: the one error handler (app/ui/crash.py) logs it
    in full and shows the error report (once, however many callers pass it on)."""
    if not isinstance(error, str | UserError):
        from app.core.storage.errors import storage_error
        from app.ui import crash

        known = storage_error(error)
        if known is None:
            crash.report(error, parent=parent)
            return
        error = known
    if isinstance(error, UserError):
        from app.ui.error_text import shown_text

        text = shown_text(error)
    else:
        text = error
    QMessageBox.warning(parent, title or "MLOps Kickoff", text)


def show_info(parent: QWidget | None, text: str, title: str | None = None) -> None:
    QMessageBox.information(parent, title or "MLOps Kickoff", text)


def confirm(parent: QWidget | None, title: str, text: str) -> bool:
    answer = QMessageBox.question(
        parent,
        title,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def ask_or_cancel(parent: QWidget | None, title: str, text: str) -> bool | None:
    """A question answered Yes (True) or No (False); closed without an answer (Cancel, Escape, the ×, or
    Enter: Cancel is the default) None, for the caller to leave everything as it was."""
    answer = QMessageBox.question(
        parent,
        title,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    if answer == QMessageBox.StandardButton.Yes:
        return True
    return False if answer == QMessageBox.StandardButton.No else None


def ask_text(parent: QWidget | None, title: str, label: str, text: str = "") -> str | None:
    """One line of text asked for (None: cancelled); a long paste is taken whole (the field's limit
    is the core's to say, never a silent cut at Qt's 32,767 characters)."""
    QTimer.singleShot(0, lambda: _whole_text_asked(text))  # once the dialog runs (Qt's static call makes it)
    value, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Normal, text)
    return value if ok else None


def _whole_text_asked(text: str) -> None:
    """The line editor of the text dialog open now taking a text of any length, and ``text`` whole."""
    from app.ui.page import whole_text

    dialog = QApplication.activeModalWidget()
    line = dialog.findChild(QLineEdit) if isinstance(dialog, QInputDialog) else None
    if line is not None:
        whole_text(line)
        if len(text) > len(line.text()) and text.startswith(line.text()):  # a suggestion longer than Qt took: whole
            line.setText(text)


class _NamesOnly(QFileIconProvider):
    """A file's icon and type from its name alone. Qt's own file dialog (used where the desktop offers
    none) otherwise reads the first bytes of each file it lists to guess its type; closing that file
    drops every lock SQLite holds on it in this process (POSIX locks are per process, see
    app/core/files/guarded.py in_use_here): a database of this window's in the folder shown, or its
    -shm, would look unused to another window or command, which may then delete its -wal under this one."""

    def icon(self, what: Any) -> QIcon:  # overrides QFileIconProvider.icon
        if isinstance(what, QFileInfo):
            kind = QFileIconProvider.IconType.Folder if what.isDir() else QFileIconProvider.IconType.File
            return super().icon(kind)
        return super().icon(what)

    def type(self, info: QFileInfo) -> str:  # overrides QFileIconProvider.type
        return QCoreApplication.translate("messages", "Folder") if info.isDir() else info.suffix() or QCoreApplication.translate("messages", "File")


_names_only: list[_NamesOnly] = []  # made once the application exists; shared by every file dialog


def file_dialog(parent: QWidget | None, title: str, directory: str = "", filters: str = "", *, save: bool = False,
                folder: bool = False, options: QFileDialog.Option | None = None) -> QFileDialog:  # fmt: skip
    """A file dialog as QFileDialog's static functions make it (the desktop's own where there is one),
    whose listing never opens the files it shows (:class:`_NamesOnly`)."""
    dialog = QFileDialog(parent, title, directory, filters)
    if not _names_only:
        _names_only.append(_NamesOnly())
    dialog.setIconProvider(_names_only[0])
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave if save else QFileDialog.AcceptMode.AcceptOpen)
    dialog.setFileMode(QFileDialog.FileMode.Directory if folder else QFileDialog.FileMode.AnyFile if save else QFileDialog.FileMode.ExistingFile)
    if folder:
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    if options is not None:
        dialog.setOptions(dialog.options() | options)
    return dialog


def chosen_path(dialog: QFileDialog) -> str | None:
    """The path chosen in ``dialog`` (run modally, then let go); None when cancelled."""
    try:
        files = dialog.selectedFiles() if dialog.exec() == QDialog.DialogCode.Accepted else []
    finally:
        dialog.deleteLater()
    return files[0] if files and files[0] else None


def save_file(parent: QWidget | None, title: str, suggested: str, filters: str) -> str | None:
    return chosen_path(file_dialog(parent, title, suggested, filters, save=True))


def open_file(parent: QWidget | None, title: str, filters: str) -> str | None:
    return chosen_path(file_dialog(parent, title, "", filters))


def choose_folder(parent: QWidget | None, title: str) -> str | None:
    return chosen_path(file_dialog(parent, title, folder=True))


def run_modal(dialog: QDialog) -> int:
    """Run ``dialog`` modally, then let it go: a dialog made for each use is deleted once its caller has
    read it (else every one ever opened stays a child of the window, and those that follow changes keep
    reading the project after each one). A dialog that deletes itself on close (WA_DeleteOnClose) is gone
    once exec() returns: not deleted a second time."""
    try:
        return dialog.exec()
    finally:
        if isValid(dialog):
            dialog.deleteLater()

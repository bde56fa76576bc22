"""The one channel for talking to the user from the UI: errors, confirmations, questions, file pickers.

Tests replace these functions (monkeypatch) so no modal dialog ever blocks a headless run.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QWidget,
)

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


def save_file(parent: QWidget | None, title: str, suggested: str, filters: str) -> str | None:
    path, _ = QFileDialog.getSaveFileName(parent, title, suggested, filters)
    return path or None


def open_file(parent: QWidget | None, title: str, filters: str) -> str | None:
    path, _ = QFileDialog.getOpenFileName(parent, title, "", filters)
    return path or None


def choose_folder(parent: QWidget | None, title: str) -> str | None:
    return QFileDialog.getExistingDirectory(parent, title) or None


def run_modal(dialog: QDialog) -> int:
    """Run ``dialog`` modally, then let it go: a dialog made for each use is deleted once its caller has
    read it (else every one ever opened stays a child of the window, and those that follow changes keep
    reading the project after each one)."""
    try:
        return dialog.exec()
    finally:
        dialog.deleteLater()

"""The one channel for talking to the user from the UI: errors, confirmations, questions, file pickers.

Tests replace these functions (monkeypatch) so no modal dialog ever blocks a headless run.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox, QWidget

from app.core.errors import UserError

log = logging.getLogger(__name__)


def show_error(parent: QWidget | None, error: BaseException | str, title: str | None = None) -> None:
    """Show a user error as is; anything else is a bug, shown briefly and logged in full."""
    if isinstance(error, UserError):
        from app.ui.error_text import shown_text

        text = shown_text(error)
    elif isinstance(error, str):
        text = error
    else:
        log.exception("unexpected error", exc_info=error)
        text = QCoreApplication.translate("messages", "Something went wrong: {0}").format(error)
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


def ask_text(parent: QWidget | None, title: str, label: str, text: str = "") -> str | None:
    value, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Normal, text)
    return value if ok else None


def save_file(parent: QWidget | None, title: str, suggested: str, filters: str) -> str | None:
    path, _ = QFileDialog.getSaveFileName(parent, title, suggested, filters)
    return path or None


def open_file(parent: QWidget | None, title: str, filters: str) -> str | None:
    path, _ = QFileDialog.getOpenFileName(parent, title, "", filters)
    return path or None


def choose_folder(parent: QWidget | None, title: str) -> str | None:
    return QFileDialog.getExistingDirectory(parent, title) or None

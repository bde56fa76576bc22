"""The suite's own guards (tests/conftest.py): a modal dialog nobody answers ends its test, not the whole run."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDialog, QMessageBox

import tests.conftest as conftest


def test_a_modal_nobody_answers_is_closed_after_a_while_and_said(qtbot, monkeypatch) -> None:
    monkeypatch.setattr(conftest, "MODAL_WAIT_MS", 200)
    shown: list[str] = []
    exec_ = conftest._modal_closed_after_a_while(QDialog.exec.unguarded, shown)
    box = QMessageBox(QMessageBox.Icon.Warning, "誰も答えない確認", "続けますか")
    qtbot.addWidget(box)
    assert exec_(box) != QMessageBox.StandardButton.Ok
    assert shown == ["誰も答えない確認: a modal dialog still open after 0 s (closed)"]


def test_a_modal_answered_by_a_timer_is_left_to_its_answer(qtbot, monkeypatch) -> None:
    monkeypatch.setattr(conftest, "MODAL_WAIT_MS", 5000)
    shown: list[str] = []
    exec_ = conftest._modal_closed_after_a_while(QDialog.exec.unguarded, shown)
    dialog = QDialog()
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # gone once answered: the guard's timer with it
    QTimer.singleShot(50, dialog.accept)
    assert exec_(dialog) == QDialog.DialogCode.Accepted
    assert shown == []


def test_every_dialog_exec_in_a_test_goes_through_the_guard() -> None:
    assert QDialog.exec.__name__ == "exec_answered" and QDialog.exec.unguarded.__name__ == "exec"

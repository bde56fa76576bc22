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


def test_a_screenshots_wait_for_the_page_ends_when_the_page_cannot_say(qtbot, db_path, monkeypatch) -> None:
    """`--screenshot` waits for the page to settle (app/ui/app.py _settle): a page that raises when asked ends
    the wait at once, and one that never settles ends it after SCREENSHOT_SETTLE_MAX_S (never a window for ever)."""
    import time

    from app.ui import app as ui_app
    from tests.gui_helpers import make_window

    window = make_window(qtbot, db_path, first_start=True)
    page = window.current_page()
    monkeypatch.setattr(ui_app, "SCREENSHOT_SETTLE_MAX_S", 0.5)
    monkeypatch.setattr(page, "settled", lambda: False)
    started = time.monotonic()
    ui_app._settle(window)
    assert 0.5 <= time.monotonic() - started < 5

    def gone() -> bool:
        raise RuntimeError("the page is gone")

    monkeypatch.setattr(page, "settled", gone)
    monkeypatch.setattr(ui_app, "SCREENSHOT_SETTLE_MAX_S", 60.0)
    started = time.monotonic()
    with qtbot.capture_exceptions() as raised:
        ui_app._settle(window)
    assert time.monotonic() - started < 5 and len(raised) == 1

"""The one handler for unexpected exceptions, on the UI thread and in workers: the trace goes to the
log file (app/core/logs.py), the user sees what failed in their language ("errorReport" dialog).

A user error (app/core/errors.UserError) or a database failure the user can act on is not
unexpected: it is said in one line where it happened (app/ui/messages.py).
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from types import TracebackType

from PySide6.QtCore import QCoreApplication, Qt, QUrl
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core import logs
from app.core.errors import UserError

log = logging.getLogger("app.crash")

_open: list[ErrorReportDialog] = []  # shown, not yet closed (non-modal: nothing waits for them)
_REPORTED = "_mlops_kickoff_reported"


def is_unexpected(error: BaseException) -> bool:
    """A bug (or a failure nobody turned into a message), not something the user can act on."""
    if isinstance(error, UserError | KeyboardInterrupt | SystemExit):
        return False
    from app.core.storage.errors import storage_error

    return storage_error(error) is None



def _main_window() -> QWidget | None:
    for widget in QApplication.topLevelWidgets():
        if widget.objectName() == "mainWindow" and widget.isVisible():
            return widget
    return None


_started_by: list[QAbstractButton] = []  # the button that lost focus by being disabled: it started work


def _focus_changed(old: QWidget | None, _new: QWidget | None) -> None:
    # A page disables the button that starts a job until the job reports back; focus then moves on.
    _started_by[:] = [old] if isinstance(old, QAbstractButton) and not old.isEnabled() else []


def _clicked_button() -> QAbstractButton | None:
    from shiboken6 import isValid

    if _started_by and isValid(_started_by[0]) and not _started_by[0].isEnabled():
        return _started_by[0]
    focus = QApplication.focusWidget()
    return focus if isinstance(focus, QAbstractButton) else None


def current_action() -> str:
    """What the user was doing, as they would name it: the button that started it and the page in front."""
    clicked = _clicked_button()
    button = clicked.text().replace("&&", "\0").replace("&", "").replace("\0", "&").strip() if clicked is not None else ""
    window = _main_window()
    page = ""
    stack = getattr(window, "stack", None)
    if stack is not None:
        from app.ui.pages import PAGE_SPECS

        row = stack.currentIndex()
        page = PAGE_SPECS[row].title() if 0 <= row < len(PAGE_SPECS) else ""
    if button and page:
        return QCoreApplication.translate("ErrorReportDialog", "“{0}” on the page “{1}”").format(button, page)
    if button:
        return QCoreApplication.translate("ErrorReportDialog", "“{0}”").format(button)
    if page:
        return QCoreApplication.translate("ErrorReportDialog", "an action on the page “{0}”").format(page)
    return QCoreApplication.translate("ErrorReportDialog", "an action in the window")


def report(error: BaseException, action: str | None = None, parent: QWidget | None = None) -> ErrorReportDialog | None:
    """Log ``error``'s trace and show the error report (once per exception); None if already reported."""
    if getattr(error, _REPORTED, False):
        return None
    try:
        setattr(error, _REPORTED, True)
    except AttributeError:
        pass  # an exception without a __dict__: it may be reported twice, never lost
    what = action or current_action()
    trace = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    log.error("unexpected error in %s\n%s", what, trace.rstrip())
    if QApplication.instance() is None:
        print(trace, file=sys.stderr)
        return None
    dialog = ErrorReportDialog(what, error, trace, parent or _main_window())
    _open.append(dialog)
    dialog.finished.connect(lambda _code: _open.remove(dialog) if dialog in _open else None)
    dialog.show()  # not modal: the app keeps working, and a second error does not stack event loops
    return dialog


def install() -> Callable[[], None]:
    """Route exceptions nobody caught on the UI thread (Qt slots, events) to :func:`report`, and
    follow the focus so a failure names the button that started it.

    Returns the function that puts the previous hook back.
    """
    previous = sys.excepthook
    app = QApplication.instance()
    if isinstance(app, QApplication) and not app.property("crashFollowsFocus"):
        app.focusChanged.connect(_focus_changed)
        app.setProperty("crashFollowsFocus", True)

    def hook(etype: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if issubclass(etype, KeyboardInterrupt):
            previous(etype, value, tb)
            return
        if value.__traceback__ is None:
            value = value.with_traceback(tb)
        if not is_unexpected(value):  # a user error that escaped its page: still said, in one line
            from app.ui import messages

            messages.show_error(_main_window(), value)
            return
        report(value)

    sys.excepthook = hook

    def uninstall() -> None:
        if sys.excepthook is hook:
            sys.excepthook = previous

    return uninstall


def report_text(action: str, trace: str) -> str:
    import PySide6
    from PySide6.QtCore import qVersion

    return logs.report_text(action, trace, {"Qt": qVersion(), "PySide6": PySide6.__version__})


class ErrorReportDialog(QDialog):
    """What failed, that nothing was lost, and what to send us: open the log folder, copy a report."""

    def __init__(self, action: str, error: BaseException, trace: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("errorReport")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("Something went wrong"))
        self.report = report_text(action, trace)
        layout = QVBoxLayout(self)
        self.what = QLabel(self.tr("{0} failed with an unexpected error.").format(action))
        self.what.setObjectName("errorWhat")
        self.safe = QLabel(self.tr(
            "No saved data was lost: every change is written to the database in one step, so this action saved in full "
            "or not at all, and everything saved before is kept. You can carry on working."
        ))
        self.safe.setObjectName("errorDataSafe")
        self.detail = QLabel(f"{type(error).__name__}: {str(error)[:300]}")
        self.detail.setObjectName("errorDetail")
        self.where = QLabel(self.tr("The details were written to the log file {0}. Copy the report and send it to us "
                                    "to help fix this.").format(logs.log_file()))
        self.where.setObjectName("errorLogFile")
        for label in (self.what, self.safe, self.detail, self.where):
            label.setTextFormat(Qt.TextFormat.PlainText)  # an error message may hold the user's text
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.open_logs_button = QPushButton(self.tr("Open Log Folder"))
        self.open_logs_button.setObjectName("openLogFolder")
        self.copy_button = QPushButton(self.tr("Copy Report"))
        self.copy_button.setObjectName("copyReport")
        buttons.addButton(self.open_logs_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.open_logs_button.clicked.connect(self.open_log_folder)
        self.copy_button.clicked.connect(self.copy_report)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(560, self.sizeHint().height())

    def open_log_folder(self) -> bool:
        folder = logs.log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        from app.ui.desktop import open_url

        return open_url(QUrl.fromLocalFile(str(folder)), self)

    def copy_report(self) -> None:
        QGuiApplication.clipboard().setText(self.report)
        self.copy_button.setText(self.tr("Copied"))

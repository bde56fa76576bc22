"""Ctrl+C in the terminal that started the window, or SIGTERM (a shutdown, a logout, ``kill``): the window closes
as File ▸ Quit does.

Python's own handling raises KeyboardInterrupt in whatever Python code runs when the signal comes: in the
window that is a slot Qt called (the database watcher's poll), where PySide prints a traceback and the window
goes on; while PySide6 itself is imported or a widget is first shown, the interpreter aborts or crashes. So
from the start of the window's start-up a Ctrl+C only records the press; once the window exists it is closed
as File ▸ Quit closes it (what is being typed saved, drafts kept, the usual question when some cannot be),
and the process exits as after Quit. A dialog open over the window (Project properties, a question) is closed
first, what is typed in it kept as its draft (its Cancel would let it go): never left alone on screen, the
process running on behind it. Qt's loop runs no Python while idle, so the signal also writes a byte to
a socket the loop watches (``signal.set_wakeup_fd``), which wakes it. SIGTERM, whose default ends the process at
once (what was typed in the last pause lost, the page and size not kept, as SIGKILL), is handled the same way.
"""

from __future__ import annotations

import signal
import socket
import threading
from typing import Any


class CtrlC:
    """:meth:`install` before the window is built, :meth:`attach` once it is, :meth:`put_back` after its loop."""

    def __init__(self) -> None:
        self.pressed = False
        self._window: Any = None
        self._previous: dict[int, Any] = {}  # each signal handled here: its handler before
        self._previous_fd = -1
        self._sockets: tuple[socket.socket, socket.socket] | None = None
        self._notifier: Any = None
        self._closing = False

    def install(self) -> CtrlC:
        # Only on the main thread can a handler be set; one ignoring Ctrl+C (a start with `&`) is kept, as is any
        # handler of SIGTERM but its default (one set by whoever embeds the app).
        if threading.current_thread() is not threading.main_thread():
            return self
        for number, default in ((signal.SIGINT, signal.default_int_handler), (signal.SIGTERM, signal.SIG_DFL)):
            if signal.getsignal(number) is default:
                self._previous[number] = signal.signal(number, self._pressed)
        return self

    def _pressed(self, _signum: int, _frame: object) -> None:
        self.pressed = True
        if self._window is not None:
            from PySide6.QtCore import QTimer

            QTimer.singleShot(0, self._close)  # from the loop, not from inside whatever code ran

    def attach(self, window: Any) -> None:
        """Close ``window`` on Ctrl+C or SIGTERM from now on (at once, when one came while the window was built)."""
        if not self._previous:
            return
        from PySide6.QtCore import QSocketNotifier, QTimer

        self._window = window
        reader, writer = socket.socketpair()
        reader.setblocking(False)
        writer.setblocking(False)
        self._sockets = (reader, writer)
        self._notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read, window)
        self._notifier.activated.connect(self._drain)  # Python runs again: the handler has run by then
        self._previous_fd = signal.set_wakeup_fd(writer.fileno())
        if self.pressed:
            QTimer.singleShot(0, self._close)

    def _close(self) -> None:
        """The dialogs open over the window closed, the topmost first, each one's typing kept as its draft; then the
        window, as Quit closes it. A Ctrl+C while that runs (the window's question whether to lose drafts) adds nothing."""
        window = self._window
        if window is None or self._closing:
            return
        from PySide6.QtWidgets import QApplication, QDialog

        from app.ui.widgets.dialog_drafts import hold_typing

        self._closing = True
        try:
            modal = []
            while (top := QApplication.activeModalWidget()) is not None and top is not window and top not in modal:
                modal.append(top)  # (the topmost first; one that will not close ends the walk)
                hold_typing(top)
                top.reject() if isinstance(top, QDialog) else top.close()
                if top.isVisible():
                    break
            for dialog in QApplication.topLevelWidgets():  # the others open beside the window (not modal)
                if isinstance(dialog, QDialog) and dialog.isVisible() and dialog not in modal:
                    hold_typing(dialog)
                    dialog.reject()
            window.close()
        finally:
            self._closing = False

    def _drain(self, *_args: object) -> None:
        if self._sockets is not None:
            try:
                self._sockets[0].recv(512)
            except OSError:  # nothing more to read
                pass

    def put_back(self) -> None:
        """Python's own handling again (a Ctrl+C after the loop interrupts as ever, SIGTERM ends the process)."""
        if not self._previous:
            return
        if self._sockets is not None:
            signal.set_wakeup_fd(self._previous_fd)
            self._notifier.setEnabled(False)
            for end in self._sockets:
                end.close()
            self._sockets = None
        for number, previous in self._previous.items():
            signal.signal(number, previous)
        self._previous = {}
        self._window = None

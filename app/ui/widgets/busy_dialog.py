"""A dialog whose work runs on a worker and reports back to it: Escape, Close and the window's close button
wait while it runs (its result would have nowhere to go)."""

from __future__ import annotations

from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDialog


class BusyDialog(QDialog):
    """A dialog that does not close while :attr:`busy` (work of its own on a worker)."""

    busy = False

    def reject(self) -> None:  # overrides QDialog.reject: Escape and Close wait for the work (its result comes back here)
        if not self.busy:
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # overrides QWidget.closeEvent
        if self.busy:
            event.ignore()
            return
        super().closeEvent(event)

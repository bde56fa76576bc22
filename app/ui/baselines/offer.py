"""The offer to save an agreement baseline at a moment worth freezing (after a hearing-sheet import,
after the proposal's export): a strip in the page, never a modal question.

Dismissing it ("Later") changes nothing, and File ▸ Baselines… makes one at any time. Saving runs
the same operation as the dialog (one undo step) on a worker.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from app.core.errors import UserError
from app.projects import baselines as bl
from app.ui import messages
from app.ui.operations import run_op_in_background
from app.ui.page import whole_text
from app.ui.state import AppState


class BaselineOffer(QFrame):
    """"Save an agreement baseline now?" with a suggested name, Save and Later; hidden until :meth:`offer`."""

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.kind = "manual"
        self.project_id = -1
        self.setObjectName("baselineOffer")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 3, 6, 3)
        self.label = QLabel(self.tr("Save an agreement baseline now?"))
        self.label.setObjectName("baselineOfferLabel")
        self.name_edit = whole_text(QLineEdit())  # a long paste whole: too long is the baseline's to say
        self.name_edit.setObjectName("baselineOfferName")
        self.name_edit.setAccessibleName(self.tr("Name of the baseline:"))
        self.save_button = QPushButton(self.tr("Save baseline"))
        self.save_button.setObjectName("baselineOfferSave")
        self.save_button.clicked.connect(self.save)
        self.later_button = QPushButton(self.tr("Later"))
        self.later_button.setObjectName("baselineOfferLater")
        self.later_button.clicked.connect(self.hide)
        row.addWidget(self.label)
        row.addWidget(self.name_edit, 1)
        row.addWidget(self.save_button)
        row.addWidget(self.later_button)
        state.projectChanged.connect(self._project_changed)  # (a method: no call once the offer is deleted)
        self.hide()

    def _project_changed(self, _project_id: int) -> None:
        """An offer is about the project it was made for: another opened, it goes."""
        self.hide()

    def offer(self, event: str) -> None:
        """Offer a baseline of the open project for ``event`` (``hearing_sheet_import``, ``proposal_export``)."""
        if self.state.project_id < 0:
            return
        self.kind = bl.suggested_moment(event) or "manual"
        self.project_id = self.state.project_id
        try:
            name = bl.suggested_name(self.state.workspace, self.project_id, self.kind, self.state.ui_lang)
        except UserError:  # the offer is a convenience: a read that fails leaves it unsaid
            return
        self.label.setText(self.tr("Save an agreement baseline now?"))
        self.name_edit.setText(name)
        self.name_edit.setVisible(True)
        self.save_button.setVisible(True)
        self.later_button.setText(self.tr("Later"))
        self._set_busy(False)
        self.show()

    def _set_busy(self, busy: bool) -> None:
        for widget in (self.name_edit, self.save_button, self.later_button):
            widget.setEnabled(not busy)

    def save(self) -> None:
        try:
            op = bl.create_op(self.project_id, self.name_edit.text(), self.kind)
        except UserError as exc:
            messages.show_error(self, exc)
            return
        self._set_busy(True)
        run_op_in_background(self.state, op, lambda: self.tr("Create baseline"), self._saved, self._failed)

    def _saved(self, change: Any) -> None:
        self._set_busy(False)
        self.label.setText(self.tr("Saved the baseline “{0}”.").format(change.detail.name))
        self.name_edit.setVisible(False)
        self.save_button.setVisible(False)
        self.later_button.setText(self.tr("Close"))

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)  # the name stays as typed: try again, or Later
        if isinstance(exc, UserError):
            messages.show_error(self, exc)

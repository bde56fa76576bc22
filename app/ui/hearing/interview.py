"""Interview mode: one item at a time, large type, keyboard only, for a live meeting or a projector.

Keys (outside a text field): → / N / Page Down next, ← / P / Page Up previous, U next unanswered,
1 answered, 2 not applicable, 3 follow-up, 4 not asked, Enter or E edit the answer, Esc close.
Inside a field, Esc returns to the keys above; Ctrl+→ / Ctrl+← move on from anywhere.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QProgressBar,
    QTableView,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.hearing.checklist import ItemRef
from app.hearing.model import AnswerStatus
from app.ui.hearing.item_editor import ItemEditor
from app.ui.hearing.item_header import STATUS_ORDER
from app.ui.state import AppState

TEXT_INPUTS = (QLineEdit, QPlainTextEdit, QTextEdit, QAbstractSpinBox, QComboBox, QTableView, QListWidget)


class InterviewDialog(QDialog):
    """A full-screen walk through the items (the filtered list the page had)."""

    def __init__(self, state: AppState, refs: list[ItemRef], start: int = 0, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.refs = refs
        self.position = max(0, min(start, len(refs) - 1))
        self.setObjectName("interviewDialog")
        self.setWindowTitle(self.tr("Interview mode"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        top = QHBoxLayout()
        self.counter = QLabel()
        self.counter.setObjectName("interviewCounter")
        self.progress = QProgressBar()
        self.progress.setObjectName("interviewProgress")
        self.progress.setAccessibleName(self.tr("Hearing progress"))
        self.progress.setMaximumWidth(320)
        top.addWidget(self.counter)
        top.addStretch(1)
        top.addWidget(self.progress)
        layout.addLayout(top)
        self.editor = ItemEditor(state, compact=True, parent=self)
        self.editor.set_large(1.6)
        layout.addWidget(self.editor, 1)
        keys = QLabel(
            self.tr("→ next · ← previous · U next unanswered · 1 answered · 2 not applicable · 3 follow-up · "
                    "4 not asked · Enter edit · Esc close")
        )
        keys.setObjectName("interviewKeys")
        keys.setEnabled(False)
        layout.addWidget(keys)
        for sequence, slot in (
            ("Ctrl+Right", self.next_item),
            ("Ctrl+Left", self.previous_item),
            ("Ctrl+U", self.next_unanswered),
        ):
            shortcut = QShortcut(QKeySequence(sequence), self)
            shortcut.activated.connect(slot)
        self.show_current()

    # --- navigation -----------------------------------------------------------------------------

    def show_current(self) -> None:
        if not self.refs:
            self.editor.show_item(None)
            self.counter.setText(self.tr("No items"))
            return
        self.editor.show_item(self.refs[self.position])
        self.counter.setText(self.tr("Item {0} of {1}").format(self.position + 1, len(self.refs)))
        answers = self.state.answers.answers(self.state.project_id)
        done = sum(1 for r in self.refs if (a := answers.get(r.item.id)) and a.is_done)
        self.progress.setRange(0, len(self.refs))
        self.progress.setValue(done)
        self.progress.setFormat(f"{done}/{len(self.refs)}")
        self.setFocus()

    def go(self, position: int) -> None:
        if self.refs and 0 <= position < len(self.refs) and self.editor.flush():
            self.position = position
            self.show_current()

    def next_item(self) -> None:
        self.go(self.position + 1)

    def previous_item(self) -> None:
        self.go(self.position - 1)

    def next_unanswered(self) -> None:
        answers = self.state.answers.answers(self.state.project_id)
        count = len(self.refs)
        for step in range(1, count + 1):
            candidate = (self.position + step) % count
            answer = answers.get(self.refs[candidate].item.id)
            if answer is None or answer.status in (AnswerStatus.NOT_ASKED, AnswerStatus.FOLLOW_UP):
                self.go(candidate)
                return

    def current_item_id(self) -> str | None:
        return self.editor.item_id

    # --- keys -------------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:  # overrides QDialog.keyPressEvent
        focus = self.focusWidget()
        typing = isinstance(focus, TEXT_INPUTS) and focus is not None and self.editor.isAncestorOf(focus)
        key = event.key()
        if typing:
            if key == Qt.Key.Key_Escape:
                self.editor.flush()
                self.setFocus()
                return
            super().keyPressEvent(event)
            return
        actions = {
            Qt.Key.Key_Right: self.next_item,
            Qt.Key.Key_N: self.next_item,
            Qt.Key.Key_PageDown: self.next_item,
            Qt.Key.Key_Left: self.previous_item,
            Qt.Key.Key_P: self.previous_item,
            Qt.Key.Key_PageUp: self.previous_item,
            Qt.Key.Key_U: self.next_unanswered,
            Qt.Key.Key_Return: self.editor.focus_answer,
            Qt.Key.Key_Enter: self.editor.focus_answer,
            Qt.Key.Key_E: self.editor.focus_answer,
        }
        status_keys = {Qt.Key.Key_1: 0, Qt.Key.Key_2: 1, Qt.Key.Key_3: 2, Qt.Key.Key_4: 3}
        if key in actions:
            actions[Qt.Key(key)]()
            return
        if key in status_keys:
            self.editor.set_status(STATUS_ORDER[status_keys[Qt.Key(key)]])
            self.show_current()
            return
        if key == Qt.Key.Key_Escape:
            self.editor.flush()
            self.accept()
            return
        super().keyPressEvent(event)

    def done(self, result: int) -> None:  # overrides QDialog.done
        self.editor.flush()
        super().done(result)

"""The proposal's sections as editable texts, prefilled from the template in the document language."""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QFontMetrics, QTextCursor
from PySide6.QtWidgets import (
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.proposal.view import SectionView
from app.ui.widgets.flow_layout import FlowLayout

MIN_LINES, MAX_LINES = 3, 14


class SectionEditor(QWidget):
    """One section: its title, whether it differs from the template, its text, a reset button.

    Signals:
        textEdited(str, str): the user changed the text of this section id.
        resetRequested(str): the user wants the template's text back for this section id.
    """

    textEdited = Signal(str, str)
    resetRequested = Signal(str)

    def __init__(self, section_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.section_id = section_id
        self.setObjectName(f"sectionEditor_{section_id}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 4)
        top = FlowLayout()
        self.title = QLabel()
        self.title.setObjectName(f"sectionTitle_{section_id}")
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        top.addWidget(self.title)
        self.state_label = QLabel()
        self.state_label.setObjectName(f"sectionState_{section_id}")
        self.state_label.setEnabled(False)
        top.addWidget(self.state_label)
        top.addStretch(1)
        self.reset_button = QPushButton(self.tr("Use template text"))
        self.reset_button.setObjectName(f"sectionReset_{section_id}")
        self.reset_button.clicked.connect(lambda: self.resetRequested.emit(self.section_id))
        top.addWidget(self.reset_button)
        layout.addLayout(top)
        self.edit = QPlainTextEdit()
        self.edit.setObjectName(f"section_{section_id}")
        self.edit.setTabChangesFocus(True)
        self.edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.edit.textChanged.connect(self._changed)
        self.edit.textChanged.connect(self._fit_height)
        self.edit.installEventFilter(self)
        layout.addWidget(self.edit)
        self._fit_height()
        self.title.setBuddy(self.edit)

    def show_section(self, section: SectionView) -> None:
        """Show ``section`` without reporting it as an edit; the cursor stays where it was."""
        self.title.setText(section.title)
        self.edit.setAccessibleName(self.tr("Text of section “{0}”").format(section.title))
        self.reset_button.setAccessibleName(self.tr("Use the template text for “{0}”").format(section.title))
        self.set_edited(section.edited)
        if self.edit.toPlainText() != section.text:
            position = self.edit.textCursor().position()
            self.edit.blockSignals(True)
            self.edit.setPlainText(section.text)
            self.edit.blockSignals(False)
            cursor = self.edit.textCursor()
            cursor.setPosition(min(position, len(section.text)), QTextCursor.MoveMode.MoveAnchor)
            self.edit.setTextCursor(cursor)

    def set_edited(self, edited: bool) -> None:
        self.state_label.setText(self.tr("(edited)") if edited else self.tr("(template)"))
        self.reset_button.setEnabled(edited)

    def _fit_height(self, *_: object) -> None:
        """Grow with the text (3 to 14 lines), so the page scrolls rather than each box."""
        document = self.edit.document()
        layout = document.documentLayout()
        content = 0.0
        block = document.begin()
        while block.isValid():
            content += layout.blockBoundingRect(block).height()  # lays the block out if needed
            block = block.next()
        first = layout.blockBoundingRect(document.begin())
        lines = max(document.begin().layout().lineCount(), 1)
        line = max(first.height() / lines, QFontMetrics(self.edit.font()).lineSpacing())
        margin = 2 * (self.edit.frameWidth() + document.documentMargin())
        wanted = min(max(content + line, MIN_LINES * line), MAX_LINES * line)
        height = int(math.ceil(wanted + margin))
        if height != self.edit.height():
            self.edit.setFixedHeight(height)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # overrides QObject.eventFilter
        if watched is self.edit and event.type() == QEvent.Type.Resize:
            QTimer.singleShot(0, self, self._fit_height)  # the context: not after the field is gone  # after the edit has laid its text out at the new width
        return False

    def _changed(self) -> None:
        self.textEdited.emit(self.section_id, self.edit.toPlainText())


class SectionsPanel(QScrollArea):
    """All sections one below the other, in the template's order.

    Signals:
        textEdited(str, str): section id and its new text.
        resetRequested(str): section id whose template text the user wants back.
    """

    textEdited = Signal(str, str)
    resetRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("proposalSections")
        self.setAccessibleName(self.tr("Proposal sections"))
        self.setWidgetResizable(True)
        inner = QWidget()
        inner.setObjectName("proposalSectionsInner")
        self.column = QVBoxLayout(inner)
        self.hint = QLabel(
            self.tr(
                "Plain text: a line starting with “- ” or “・” is a bullet; everything else appears exactly as typed. "
                "Edits are saved as you type, for the document language chosen above."
            )
        )
        self.hint.setObjectName("proposalSectionsHint")
        self.hint.setWordWrap(True)
        self.column.addWidget(self.hint)
        self.column.addStretch(1)
        self.setWidget(inner)
        self.editors: dict[str, SectionEditor] = {}

    def show_sections(self, sections: list[SectionView]) -> None:
        wanted = [s.id for s in sections]
        if list(self.editors) != wanted:  # another template: rebuild
            for editor in self.editors.values():
                editor.deleteLater()
            self.editors = {}
            for n, section in enumerate(sections):
                editor = SectionEditor(section.id)
                editor.textEdited.connect(self.textEdited)
                editor.resetRequested.connect(self.resetRequested)
                self.column.insertWidget(1 + n, editor)
                self.editors[section.id] = editor
        for section in sections:
            self.editors[section.id].show_section(section)

    def editor(self, section_id: str) -> SectionEditor:
        return self.editors[section_id]

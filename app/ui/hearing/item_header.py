"""Around an item's answer: its section path and question, the four status buttons and the hypothesis bar above it,
the lines under it (a saved answer its field cannot show; a date out of order with another)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.content.loader import ContentLibrary
from app.core.content.model import Item
from app.core.errors import UserError, shown
from app.core.i18n import Lang
from app.core.messages import ItemRef, Many, Message
from app.hearing.checklist import order_warning
from app.hearing.formats import stored_words
from app.hearing.model import Answer, AnswerStatus, HypothesisState, format_value
from app.ui.error_text import user_text

if TYPE_CHECKING:
    from app.ui.state import AppState

STATUS_ORDER = (AnswerStatus.ANSWERED, AnswerStatus.NOT_APPLICABLE, AnswerStatus.FOLLOW_UP, AnswerStatus.NOT_ASKED)

# The status buttons' colours when checked (white on them in either scheme), the hypothesis bar's and an
# answer's refusal's (app.ui.widgets.colours.style: $names are the scheme's colours of now).
STATUS_SHEET = (
    "QPushButton#status_answered:checked { background: #1e7d32; color: white; }"
    "QPushButton#status_not_applicable:checked { background: #6d6d6d; color: white; }"
    "QPushButton#status_follow_up:checked { background: #c25e00; color: white; }"
    "QPushButton#status_not_asked:checked { background: #8a8a8a; color: white; }"
    "QFrame#hypothesisRow { background: $note_bg; border-radius: 4px; padding: 2px; }"
    "QFrame#hypothesisRow QLabel { color: $note_text; }"
    "QLabel#answerError { color: $warning; }"
)


def question_labels() -> tuple[QLabel, QLabel]:
    """The item's section path (greyed) and its question (bold, larger), as plain text."""
    path = QLabel(wordWrap=True)
    path.setObjectName("itemSectionPath")
    path.setEnabled(False)
    question = QLabel(wordWrap=True, textFormat=Qt.TextFormat.PlainText)
    question.setObjectName("itemQuestion")
    font = question.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.3)
    question.setFont(font)
    return path, question


class StatusButtons(QWidget):
    """Four exclusive buttons, one per status; ``numbered`` shows the interview's keys 1-4 on them.

    Signals:
        statusClicked(object): the user pressed the button of this :class:`AnswerStatus`.
    """

    statusClicked = Signal(object)

    def __init__(self, numbered: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.numbered = numbered
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: dict[AnswerStatus, QPushButton] = {}
        for n, status in enumerate(STATUS_ORDER, start=1):
            button = QPushButton()
            button.setCheckable(True)
            button.setAutoDefault(False)  # Enter must not press it inside the interview dialog
            button.setObjectName(f"status_{status.value}")
            button.setProperty("statusKey", n)
            button.clicked.connect(lambda _=False, s=status: self.statusClicked.emit(s))
            self.group.addButton(button)
            row.addWidget(button)
            self.buttons[status] = button
        row.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        texts = {
            AnswerStatus.ANSWERED: self.tr("Answered"),
            AnswerStatus.NOT_APPLICABLE: self.tr("Not applicable"),
            AnswerStatus.FOLLOW_UP: self.tr("Needs follow-up"),
            AnswerStatus.NOT_ASKED: self.tr("Not asked"),
        }
        for status, button in self.buttons.items():
            key = button.property("statusKey")
            button.setText(f"{key} {texts[status]}" if self.numbered else texts[status])
            button.setAccessibleName(texts[status])


class HypothesisBar(QFrame):
    """Where an answer stands as a hypothesis, with the button that confirms it.

    Signals:
        confirmClicked(): the user confirmed the hypothesis.
    """

    confirmClicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("hypothesisRow")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel()
        self.label.setObjectName("hypothesisState")
        self.label.setWordWrap(True)
        self.confirm_button = QPushButton(self.tr("Confirm hypothesis"))
        self.confirm_button.setObjectName("confirmHypothesisButton")
        self.confirm_button.setAutoDefault(False)
        self.confirm_button.setAccessibleName(self.tr("Confirm hypothesis"))
        self.confirm_button.clicked.connect(lambda _=False: self.confirmClicked.emit())
        row.addWidget(self.label, 1)
        row.addWidget(self.confirm_button)

    def show_answer(self, answer: Answer, item: Item | None, lang: Lang, hypothesis_mode: bool, has_item: bool) -> None:
        """Show the answer's hypothesis state; hidden for a plain answer outside hypothesis mode."""
        state = answer.hypothesis_state
        if state == HypothesisState.NONE and not hypothesis_mode:
            self.hide()
            return
        self.setVisible(has_item)
        was = ""
        if answer.hypothesis_value and item is not None:
            was = format_value(item, answer.hypothesis_value.get("value"), lang)
        texts = {
            HypothesisState.NONE: self.tr("Hypothesis mode: what you type is kept as a hypothesis to confirm in the meeting."),
            HypothesisState.HYPOTHESIS: self.tr("Hypothesis, to confirm or correct in the meeting."),
            HypothesisState.CONFIRMED: self.tr("Hypothesis confirmed by the customer."),
            HypothesisState.CORRECTED: self.tr("Hypothesis corrected; it was: {0}").format(was),
        }
        self.label.setText(texts[state])
        self.confirm_button.setVisible(state == HypothesisState.HYPOTHESIS)


STORED_CHARS = 400  # of a saved answer no field can show, in the line that says so (it stays saved whole)


def stored_not_shown(answer: Answer, unfit: list[str], lang: Lang, library: ContentLibrary, content_lang: Lang | None = None) -> str:
    """What is said (in ``lang``) of a saved answer whose fields ``unfit`` their editors cannot show as they
    are (the checklist changed since it was saved: the item's kind, an option): it stays saved until answered
    again. Said as its words, options by their labels in ``content_lang``; each part of a now / later item
    named as its field is (現時点 / これから), never by the answer's field names."""
    item = library.item(answer.item_id)
    words = {key: shown(stored_words(item, getattr(answer, key), content_lang or lang), STORED_CHARS) for key in unfit}
    if item is not None and item.now_later:
        parts = Many(tuple(Message(key="answer.stored_value" if key == "value" else "answer.stored_later", value=words[key]) for key in unfit))
        return user_text(UserError(key="answer.stored_not_shown_parts", item=ItemRef(answer.item_id), parts=parts), lang, library)
    return user_text(UserError(key="answer.stored_not_shown", item=ItemRef(answer.item_id), value=words[unfit[0]]), lang, library)


def note_labels(layout: QVBoxLayout) -> tuple[QLabel, QLabel]:
    """The two lines under an answer, each hidden while it says nothing: a saved answer its field cannot show as it
    is (``storedNotShown``), and an answer at odds with another (``answerCheck``: a PoC end before its start)."""
    labels = []
    for name in ("storedNotShown", "answerCheck"):
        label = QLabel(wordWrap=True, textFormat=Qt.TextFormat.PlainText, textInteractionFlags=Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setObjectName(name)
        label.hide()
        layout.addWidget(label)
        labels.append(label)
    return labels[0], labels[1]


def show_notes(labels: tuple[QLabel, QLabel], answer: Answer, unfit: list[str], state: AppState) -> None:
    """Say under ``answer`` what :func:`note_labels` says: its ``unfit`` fields, and a date of it out of order with
    another's (the other read from the database; unreadable now: not said)."""
    stored, check = labels
    library = state.workspace.library
    stored.setText(stored_not_shown(answer, unfit, state.ui_lang, library, state.content_lang) if unfit else "")
    stored.setVisible(bool(unfit))
    try:
        warning = order_warning(answer.item_id, lambda i: answer.value if i == answer.item_id else state.answers.answer(state.project_id, i).value)
    except UserError:  # the database gone away (said above the answer): the other date unknown
        warning = None
    check.setText(user_text(warning, state.ui_lang, library) if warning is not None else "")
    check.setVisible(warning is not None)


def set_plain_text(edit: QPlainTextEdit, text: str) -> None:
    """Show ``text`` in ``edit`` without it counting as typed (no textChanged); left alone when it shows it already
    (the cursor stays where it is)."""
    if edit.toPlainText() != text:
        with QSignalBlocker(edit):
            edit.setPlainText(text)

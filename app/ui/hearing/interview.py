"""Interview mode: one item at a time, large type, keyboard only, for a live meeting or a projector.

Every action has a key, and the legend at the bottom shows them all (made from the actions, so it
cannot disagree with them). Outside a text field the single keys work: → / PgDn next, ← / PgUp
previous, U next unanswered, 1-4 the status, Enter the answer, L the later answer, M the note,
B who answered, C confirm the hypothesis, Esc close. Inside a field the plain keys type, Esc
returns to the single keys, and the keys with Ctrl or Alt work as well: Ctrl+Enter next,
Ctrl+Shift+Enter previous, Alt+U next unanswered, Alt+N add a table row, Alt+C confirm the
hypothesis, Ctrl+Z undo. The type scales with the window's height.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QAction, QFont, QKeyEvent, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QProgressBar,
    QSizePolicy,
    QTableView,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.core.operations import Change, Part
from app.hearing.checklist import ItemRef
from app.hearing.model import AnswerStatus
from app.ui.hearing import large_type
from app.ui.hearing.item_editor import ItemEditor
from app.ui.hearing.item_header import STATUS_ORDER
from app.ui.hearing.value_editors import ADD_ROW_KEY, TableEditor
from app.ui.state import AppState
from app.ui.window.keys import step_keys

TEXT_INPUTS = (QLineEdit, QPlainTextEdit, QTextEdit, QAbstractSpinBox, QComboBox, QTableView, QListWidget)
# Keys that work inside a text field as well (the others type there).
FIELD_MODIFIERS = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.MetaModifier
MIN_POINTS, MAX_POINTS = 14.0, 28.0


def type_points(height: int) -> float:
    """The interview's type size in points for a window ``height`` pixels high: readable from the
    back of a meeting room, never tiny, never absurd (1080 pixels: 27 pt)."""
    return min(MAX_POINTS, max(MIN_POINTS, height / 40))


def key_text(sequence: QKeySequence) -> str:
    """A key as the legend shows it: the platform's names, arrows as arrows, Return as Enter."""
    text = sequence.toString(QKeySequence.SequenceFormat.NativeText)
    names = {"Return": "Enter", "Right": "→", "Left": "←", "PgDown": "PgDn"}
    return re.sub(r"\b(Return|Right|Left|PgDown)\b", lambda m: names[m.group(1)], text)


def keys_text(sequences: list[QKeySequence]) -> str:
    """The keys of one action, each once (Ctrl+Return and the keypad's Ctrl+Enter are one key here)."""
    shown: list[str] = []
    for sequence in sequences:
        if (text := key_text(sequence)) and text not in shown:
            shown.append(text)
    return " / ".join(shown)


class InterviewDialog(QDialog):
    """A full-screen walk through the items (the filtered list the page had).

    ``key_actions`` are its actions in the legend's order (name -> QAction); the add-row action
    belongs to the table editor of the item shown and is added to the dialog while it is shown.
    """

    def __init__(self, state: AppState, refs: list[ItemRef], start: int = 0, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.refs = refs
        self.position = max(0, min(start, len(refs) - 1))
        self.points: float | None = None
        self.row_action: QAction | None = None
        self.setObjectName("interviewDialog")
        self.setWindowTitle(self.tr("Interview mode"))
        self.outer = layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        top = QHBoxLayout()
        self.counter = QLabel()
        self.counter.setObjectName("interviewCounter")
        self.progress = QProgressBar()
        self.progress.setObjectName("interviewProgress")
        self.progress.setAccessibleName(self.tr("Hearing progress"))
        self.progress.setMaximumWidth(320)
        self.legend_hint = QLabel(self.tr("In a text field the keys type: Esc leaves it; the keys with Ctrl or Alt work there as well."))
        self.legend_hint.setObjectName("interviewKeysHint")
        self.legend_hint.setWordWrap(True)
        self.legend_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        top.addWidget(self.counter)
        top.addWidget(self.legend_hint, 1)
        top.addWidget(self.progress)
        layout.addLayout(top)
        self.editor = ItemEditor(state, compact=True, parent=self)
        layout.addWidget(self.editor, 1)

        self.key_actions: dict[str, QAction] = {}
        self._add_actions()
        self.legend = QWidget()
        self.legend.setObjectName("interviewKeys")
        self.legend_grid = QGridLayout(self.legend)
        self.legend_grid.setContentsMargins(0, 8, 0, 0)
        self.legend_grid.setHorizontalSpacing(12)
        self.legend_grid.setVerticalSpacing(2)
        self.legend_keys: dict[str, tuple[QLabel, QLabel]] = {}
        for name, label, keys in self.legend_entries():
            key = QLabel(keys_text(keys))
            key.setObjectName(f"interviewKey_{name}")
            text = QLabel(label)
            text.setObjectName(f"interviewKeyText_{name}")
            self.legend_keys[name] = (key, text)
        self._columns = 0
        # The legend never widens the window: it takes fewer columns instead.
        self.legend.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        layout.addWidget(self.legend)
        state.changed.connect(self._on_changed)  # a bound method: Qt drops it with the dialog
        self.apply_type_size()
        self.show_current()

    # --- actions and their keys -----------------------------------------------------------------

    def _add_actions(self) -> None:
        status_texts = {
            AnswerStatus.ANSWERED: self.tr("Answered"),
            AnswerStatus.NOT_APPLICABLE: self.tr("Not applicable"),
            AnswerStatus.FOLLOW_UP: self.tr("Needs follow-up"),
            AnswerStatus.NOT_ASKED: self.tr("Not asked"),
        }
        table: list[tuple[str, str, list[QKeySequence | str], Callable[[], object]]] = [
            ("next", self.tr("Next item"), ["Right", "PgDown", "Ctrl+Return", "Ctrl+Enter"], self.next_item),
            ("previous", self.tr("Previous item"), ["Left", "PgUp", "Ctrl+Shift+Return", "Ctrl+Shift+Enter"], self.previous_item),
            ("nextOpen", self.tr("Next unanswered"), ["U", "Alt+U"], self.next_unanswered),
        ]
        for n, status in enumerate(STATUS_ORDER, start=1):
            table.append((f"status_{status.value}", status_texts[status], [str(n)], partial(self.set_status, status)))
        table += [
            ("answer", self.tr("Answer"), ["Return", "Enter"], self.editor.focus_answer),
            ("later", self.tr("Later answer"), ["L"], lambda: self.editor.focus_answer("later")),
            ("note", self.tr("Note"), ["M"], self.editor.note.setFocus),
            ("answeredBy", self.tr("Answered by"), ["B"], self.editor.answered_by.setFocus),
            ("confirm", self.tr("Confirm hypothesis"), ["C", "Alt+C"], self.confirm_hypothesis),
            ("undo", self.tr("Undo"), [*step_keys(QKeySequence.StandardKey.Undo, every=False)], self.undo),
            ("redo", self.tr("Redo"), [*step_keys(QKeySequence.StandardKey.Redo, every=False)], self.redo),
            ("close", self.tr("Leave the field / close"), ["Esc"], self.leave),
        ]
        for name, text, keys, slot in table:
            action = QAction(text, self)
            action.setObjectName(f"interviewAction_{name}")
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(lambda _=False, f=slot: f())
            self.addAction(action)
            self.key_actions[name] = action

    def legend_entries(self) -> list[tuple[str, str, list[QKeySequence]]]:
        """What the legend shows, in its order (name, text, keys): the dialog's actions (the four
        statuses in one entry, as the buttons show their keys, and undo with redo), and adding a
        table row (the table editor's own action, with the same key for every table)."""
        actions = self.key_actions
        statuses = [actions[f"status_{s.value}"] for s in STATUS_ORDER]
        grouped = {
            "status": (self.tr("Status"), [k for a in statuses for k in a.shortcuts()]),
            "undo": (self.tr("Undo / redo"), [*actions["undo"].shortcuts(), *actions["redo"].shortcuts()]),
            "addRow": (self.tr("Add table row"), [ADD_ROW_KEY]),
        }
        order = ["next", "previous", "nextOpen", "status", "answer", "later", "note", "answeredBy", "addRow",
                 "confirm", "undo", "close"]  # fmt: skip
        return [(name, *(grouped.get(name) or (actions[name].text(), actions[name].shortcuts()))) for name in order]

    def _layout_legend(self) -> None:
        """Lay the legend out in as many columns as the window's width holds, from one to four;
        again when the width or the type size changes."""
        margins = self.outer.contentsMargins()
        room = self.width() - margins.left() - margins.right()
        spacing = self.legend_grid.horizontalSpacing()
        entries = list(self.legend_keys.values())

        def width(columns: int) -> int:
            keys = [max(e[0].sizeHint().width() for e in entries[c::columns]) for c in range(columns)]
            texts = [max(e[1].sizeHint().width() for e in entries[c::columns]) for c in range(columns)]
            return sum(keys) + sum(texts) + spacing * (2 * columns - 1)

        columns = next((n for n in (4, 3, 2) if width(n) <= room), 1)
        if columns == self._columns:
            return
        self._columns = columns
        while self.legend_grid.count():
            self.legend_grid.takeAt(0)
        for column in range(8):
            self.legend_grid.setColumnStretch(column, 0)
        for n, (key, text) in enumerate(entries):
            row, column = n // columns, 2 * (n % columns)
            self.legend_grid.addWidget(key, row, column, Qt.AlignmentFlag.AlignRight)
            self.legend_grid.addWidget(text, row, column + 1)
        for column in range(2 * columns):
            self.legend_grid.setColumnStretch(column, 1 if column % 2 else 0)

    def legend_text(self) -> str:
        """The legend as one text (key, then what it does, one entry a line)."""
        return "\n".join(f"{key.text()} {text.text()}" for key, text in self.legend_keys.values())

    # --- type size ------------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:  # overrides QDialog.resizeEvent
        super().resizeEvent(event)
        self.apply_type_size()

    def apply_type_size(self) -> None:
        """Size the type to the window's height: the item, the counter and the legend, in the
        normal text colour (not greyed); again whenever the window is resized."""
        points = type_points(self.height())
        if points != self.points:
            self.points = points
            large_type.apply(self.editor, points)
            small = max(MIN_POINTS, round(points * 0.6))
            for widget, size, bold in (
                (self.counter, max(MIN_POINTS, round(points * 0.8)), True),
                (self.progress, small, False),
                (self.legend_hint, small, False),
            ):
                widget.setFont(self._font(size, bold))
            self.progress.setMinimumHeight(round(self.progress.fontMetrics().height() * 1.2))
            for key, text in self.legend_keys.values():
                key.setFont(self._font(small, True))
                text.setFont(self._font(small, False))
            self._columns = 0  # the entries' widths changed
        self._layout_legend()

    def _font(self, points: float, bold: bool) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(points)
        font.setBold(bold)
        return font

    # --- navigation -----------------------------------------------------------------------------

    def show_current(self) -> None:
        if not self.refs:
            self.editor.show_item(None)
            self.counter.setText(self.tr("No items"))
            self._take_row_action()
            return
        self.editor.show_item(self.refs[self.position])
        large_type.fit(self.editor, self.points)  # the item's answer editors are new
        self._take_row_action()
        self.counter.setText(self.tr("Item {0} of {1}").format(self.position + 1, len(self.refs)))
        self.update_progress()
        self.setFocus()

    def _take_row_action(self) -> None:
        """Make the table's add-row key work anywhere in the dialog, not only inside the table; the
        previous item's action goes first (it is deleted later, and would make the key ambiguous)."""
        if self.row_action is not None:
            self.removeAction(self.row_action)
        actions = [e.add_row_action for e in self.editor.editors.values() if isinstance(e, TableEditor)]
        self.row_action = actions[0] if len(actions) == 1 else None  # two tables (now, later): each its own
        if self.row_action is not None:
            self.addAction(self.row_action)

    def update_progress(self) -> None:
        answers = self.state.answers.answers(self.state.project_id)
        done = sum(1 for r in self.refs if (a := answers.get(r.item.id)) and a.is_done)
        self.progress.setRange(0, max(len(self.refs), 1))
        self.progress.setValue(done)
        self.progress.setFormat(f"{done}/{len(self.refs)}")

    def _on_changed(self, change: Change) -> None:
        if change.project_id == self.state.project_id and Part.ANSWERS in change.parts:
            self.update_progress()

    def go(self, position: int) -> None:
        if self.refs and 0 <= position < len(self.refs) and self.editor.flush(cells=True):  # a cell being typed too
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

    # --- actions --------------------------------------------------------------------------------

    def set_status(self, status: AnswerStatus) -> None:
        self.editor.set_status(status)
        self.show_current()

    def confirm_hypothesis(self) -> None:
        self.editor.confirm_hypothesis()

    def undo(self) -> None:
        """Undo the last change of the project (the stack has what is being typed saved first, as its own step)."""
        self.state.undo_stack.undo()

    def redo(self) -> None:
        self.state.undo_stack.redo()

    def typing(self) -> bool:
        """True while the cursor is in a field of the item: its plain keys type there."""
        focus = QApplication.focusWidget()
        return isinstance(focus, TEXT_INPUTS) and self.editor.isAncestorOf(focus)

    def leave(self) -> None:
        """Esc: out of the field to the single keys; outside a field, close."""
        self.editor.flush(cells=True)
        if self.typing():
            self.setFocus()
        else:
            self.accept()

    # --- keys -------------------------------------------------------------------------------------

    def event(self, event: QEvent) -> bool:  # overrides QDialog.event
        """In a field, a key without Ctrl or Alt is the field's (a "1" typed, an arrow moving the
        cursor), never the dialog's single-key action: Qt asks the focus widget and then its parents
        here whether to take a key as a shortcut (ShortcutOverride), and accepting it says no."""
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and not event.modifiers() & FIELD_MODIFIERS
            and self.typing()
        ):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # overrides QDialog.keyPressEvent
        """The keys a field did not use: Esc leaves it; Enter never presses a button behind it."""
        if event.key() == Qt.Key.Key_Escape:
            self.leave()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return
        super().keyPressEvent(event)

    def done(self, result: int) -> None:  # overrides QDialog.done
        self.editor.flush(cells=True)  # a cell being typed saved now, not by a pause's timer in a dialog deleted next
        super().done(result)

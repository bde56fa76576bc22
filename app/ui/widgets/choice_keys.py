"""A combo box whose choice is made on purpose (:func:`choose_on_purpose`): the keys that move a closed box's choice
do not choose.

Qt's QComboBox takes ↑ / ↓ (Page Up / Down, Home / End) and a typed letter on a closed box as a choice made: the box
shows the next item and emits ``activated``, the signal of a choice from its list. A score list in a table cell saved
and closed at the first ↓, and the window's project switcher opened the next project at each ↑ / ↓ (in front of a
customer, a stray arrow key opened another customer's project)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QComboBox

MOVES = {
    Qt.Key.Key_Up: -1,
    Qt.Key.Key_PageUp: -1,
    Qt.Key.Key_Down: 1,
    Qt.Key.Key_PageDown: 1,
    Qt.Key.Key_Home: 0,
    Qt.Key.Key_End: 0,
}
COMMANDS = Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.MetaModifier


class ChoiceKeys(QObject):
    """Keeps the moving keys of a closed combo box from choosing (:func:`choose_on_purpose`)."""

    def __init__(self, combo: QComboBox, open_list: bool) -> None:
        super().__init__(combo)
        self._combo, self._open_list = combo, open_list

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # overrides QObject.eventFilter
        combo = self._combo
        if watched is not combo or combo.view().isVisible():  # the list open: its keys are Qt's (Enter chooses)
            return False
        if event.type() == QEvent.Type.Wheel and self._open_list:  # (a wheel turned over the box: not a choice either)
            event.ignore()
            return True
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent) or event.modifiers() & COMMANDS:
            return False  # (Alt+↓ opens the list, Ctrl+… is a shortcut: Qt's)
        typed = event.text()
        key = Qt.Key(event.key())
        if key not in MOVES and not (typed.strip() and typed.isprintable()):
            return False
        if self._open_list:  # the list opens where the choice is made, a typed letter finds its item there
            combo.showPopup()
            if key not in MOVES:
                QApplication.sendEvent(combo.view(), QKeyEvent(event.type(), event.key(), event.modifiers(), typed))
            return True
        if key in MOVES:
            self._move(key)
        else:
            self._search(typed)
        return True

    def _move(self, key: Qt.Key) -> None:
        """The next (previous, first, last) item that can be chosen, shown: no ``activated``."""
        combo, model = self._combo, self._combo.model()
        rows = range(combo.count())
        step = MOVES[key]
        if step == 0:
            order = list(rows) if key == Qt.Key.Key_Home else list(reversed(rows))
        else:
            order = list(range(combo.currentIndex() + step, combo.count() if step > 0 else -1, step))
        for row in order:
            if model.flags(model.index(row, combo.modelColumn(), combo.rootModelIndex())) & Qt.ItemFlag.ItemIsEnabled:
                combo.setCurrentIndex(row)
                return

    def _search(self, typed: str) -> None:
        """The item whose text starts with what is typed (the list's own search), shown: no ``activated``."""
        combo, view = self._combo, self._combo.view()
        view.setCurrentIndex(combo.model().index(combo.currentIndex(), combo.modelColumn(), combo.rootModelIndex()))
        view.keyboardSearch(typed)
        if view.currentIndex().isValid():
            combo.setCurrentIndex(view.currentIndex().row())


def choose_on_purpose(combo: QComboBox, chosen: Callable[[int], None] | None = None, *, open_list: bool) -> ChoiceKeys:
    """``combo``'s ``activated`` (connected to ``chosen``) only for a choice made on purpose: an item picked in its
    open list (Enter, a click).
    ``open_list``: a moving key or a typed letter on the closed box opens its list (there the arrows move and Enter
    chooses; the wheel does nothing): the project switcher, where a choice opens a project. Else they move the box's
    choice as shown, unsaid: a cell's editor, where Enter (the view's) then saves what is shown."""
    if chosen is not None:
        combo.activated.connect(chosen)
    keys = ChoiceKeys(combo, open_list)
    combo.installEventFilter(keys)
    return keys

"""Keys in a dialog: Enter in a group of fields presses that group's button, not the dialog's default
(:func:`enter_presses`); Tab through a button box's buttons in the order it shows them (:func:`tab_as_shown`)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractButton, QDialogButtonBox, QWidget

ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
PLAIN = (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)


class EnterPresses(QObject):
    """Return or Enter that a field of the group box it watches left unused (a line edit's, a date box's: Qt passes
    it on to the parents, up to the dialog, which presses its default button) presses the group's button instead,
    when it can be pressed; the key goes no further either way."""

    def __init__(self, box: QWidget, button: QAbstractButton) -> None:
        super().__init__(box)
        self._box, self._button = box, button

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # overrides QObject.eventFilter
        if (
            watched is self._box
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in ENTER_KEYS
            and event.modifiers() in PLAIN
        ):
            if self._button.isEnabled() and self._button.isVisible():
                self._button.click()
            event.accept()
            return True
        return False


def enter_presses(box: QWidget, button: QAbstractButton) -> EnterPresses:
    """Enter in a field of ``box`` presses ``button`` (a form in a dialog with forms of its own: Enter in a sign-off's
    name records the sign-off, never the dialog's first button); a focused button of ``box`` keeps its own Enter."""
    keys = EnterPresses(box, button)
    box.installEventFilter(keys)
    return keys


def tab_as_shown(box: QDialogButtonBox) -> None:
    """Tab goes through ``box``'s buttons in the order the box shows them, once it is in its page or dialog.

    Qt's button box lays out its buttons by the platform's order (Accept before Reject here), makes the first shown
    its focus proxy (Tab into the box lands there) and orders their Tab stops alike, but as each button is added,
    while the box is a window of its own: there Qt's setTabOrder sees the stops in order already (Tab wraps round
    the box) and leaves them in the order they were added. A button added before one shown ahead of it (Back, then
    Create) was behind the box's proxy and never reached forwards."""
    if (layout := box.layout()) is None:
        return
    shown = [w for i in range(layout.count()) if (item := layout.itemAt(i)) is not None and (w := item.widget()) is not None]
    for first, second in zip(shown, shown[1:], strict=False):
        QWidget.setTabOrder(first, second)

"""Keys the window and its text fields share: F2 edits the cell of the table that has focus (elsewhere it
renames the project); Tab leaves a table or a tree for the next widget (:func:`tab_leaves_view`); Ctrl+Z and
redo in a text field with nothing of its own to undo are the window's, and a field whose typing was saved as
an undo step has nothing of its own left (:func:`forget_own_steps`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QEvent, QObject, QSignalBlocker, Qt
from PySide6.QtGui import (
    QAction,
    QFocusEvent,
    QGuiApplication,
    QInputMethodEvent,
    QKeyEvent,
    QKeySequence,
    QShortcut,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QStackedWidget,
    QTextEdit,
    QWidget,
)

if TYPE_CHECKING:
    from app.ui.operations import UndoStack


def editing_view(widget: QWidget | None) -> QAbstractItemView | None:
    """The item view that edits a cell on F2 (EditKeyPressed) and holds ``widget``: itself, or the
    view of a cell editor that is open."""
    while widget is not None:
        if isinstance(widget, QAbstractItemView):
            return widget if widget.editTriggers() & QAbstractItemView.EditTrigger.EditKeyPressed else None
        if widget.isWindow():
            return None
        widget = widget.parentWidget()
    return None


def commit_composition(window: QWidget) -> None:
    """The text an input method is composing in ``window``'s focus widget (kana not converted yet) committed
    into it now, as Qt has it committed when the focus is about to leave a widget or its window is
    deactivated: the input method's commit, then FocusAboutToChange (IBus and Fcitx commit on the first,
    others on the second; what is committed once is composed no more). Called as the window starts to close,
    before the pages save what is pending: Qt deactivates a closing window only after its closeEvent, so the
    kana reached their field, or a closed cell editor, after the last save and were lost."""
    focus = QApplication.focusWidget()
    if focus is None or focus.window() is not window:
        return
    if focus.testAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled):
        QGuiApplication.inputMethod().commit()
    QApplication.sendEvent(focus, QFocusEvent(QEvent.Type.FocusAboutToChange, Qt.FocusReason.ActiveWindowFocusReason))


class ItemViewKeys(QObject):
    """Keeps F2 for the item view that has focus: the window's Rename Project shortcut must not take
    the key that edits a cell. Accepting the ShortcutOverride event makes Qt deliver F2 as a key press
    to the focused widget instead of triggering the shortcut."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # overrides QObject.eventFilter
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_F2
            and isinstance(watched, QWidget)
            and editing_view(watched) is not None
        ):
            event.accept()
            return True
        return False


def tab_leaves_view(_old: QWidget | None, new: QWidget | None) -> None:
    """Tab and Shift+Tab in an item view move the focus to the next and previous widget, in every view of the
    application (pages, dialogs, the large editor): Qt's QTableView moves cell by cell instead and wraps from
    the last cell to the first, so a keyboard user never got past a table. The arrow keys move between cells,
    and Tab in an open cell editor still commits it and opens the next cell (the delegate's own key).

    Connected to the application's focusChanged: a view's tabKeyNavigation is turned off as it gets the
    keyboard (before any key reaches it), wherever and however it was made. (An application-wide event
    filter did it as each view was polished, but it had every event of the application cross into Python.)"""
    if isinstance(new, QAbstractItemView) and new.tabKeyNavigation():
        new.setTabKeyNavigation(False)


def install_tab_leaves_views(app: QApplication) -> None:
    """Let Tab leave every item view of ``app`` (:func:`tab_leaves_view`; once per application)."""
    if not app.property("tabLeavesViews"):
        app.setProperty("tabLeavesViews", True)
        app.focusChanged.connect(tab_leaves_view)


def tab_stop(widget: QWidget) -> bool:
    """Whether Tab stops at ``widget`` (its focus policy; shown or not)."""
    return widget.focusPolicy() & Qt.FocusPolicy.TabFocus == Qt.FocusPolicy.TabFocus


def tab_stops(root: QWidget) -> list[QWidget]:
    """The Tab stops of a widget made at once with its children (itself included), in focus chain order:
    Qt chains a new widget's children right after it."""
    stops: list[QWidget] = []
    widget: QWidget | None = root
    while widget is not None and (widget is root or root.isAncestorOf(widget)):
        if tab_stop(widget):
            stops.append(widget)
        widget = chain_step(widget)
    return stops


def chain_step(widget: QWidget, forward: bool = True) -> QWidget | None:
    """The widget after ``widget`` in Qt's focus chain (before it: not ``forward``), PySide's record of which object
    owns which left true.

    PySide takes the widget nextInFocusChain / previousInFocusChain return for a child of the widget asked (its
    return-value heuristic; ``window()`` and ``parentWidget()`` are exempt). A walk past the last widget of a page
    reached the window: the window became a "child" of that widget, and when the page was deleted (a language
    switch) PySide marked the wrapper of every object Qt made under the window deleted, alive as they were: the Edit
    menu's Undo and Redo (made by QUndoStack.createUndoAction) then raised "already deleted". So the widget returned
    is given back to the nearest widget above it that Python made (one Qt made has a wrapper of the moment, which
    would take the widget's wrapper with it when it goes), by a search from there; a window (Python's) to nobody."""
    step = widget.nextInFocusChain() if forward else widget.previousInFocusChain()
    if step is None:
        return None
    owner = step.parentWidget()
    while owner is not None and not shiboken6.createdByPython(owner):
        owner = owner.parentWidget()
    if owner is not None:
        direct = owner is step.parentWidget()
        options = Qt.FindChildOption.FindDirectChildrenOnly if direct else Qt.FindChildOption.FindChildrenRecursively
        owner.findChildren(type(step), step.objectName(), options)  # (PySide: each found is the owner's child)
    elif step.parentWidget() is None and shiboken6.createdByPython(step):
        never_held = QStackedWidget()
        never_held.removeWidget(step)  # (for Qt nothing to remove; PySide forgets the widget's parent)
        shiboken6.delete(never_held)
    return step


def tab_first(root: QWidget, *firsts: QWidget) -> None:
    """Put the Tab stops of ``firsts`` (widgets in ``root``, built after the rest of it: Qt chains a widget
    where it was made, at the end) before ``root``'s first own stop, where Tab from whatever precedes ``root``
    reaches."""
    fields = [w for first in firsts for w in tab_stops(first)]
    own = chain_step(root)
    while own is not None and own is not root and (not tab_stop(own) or own in fields or not root.isAncestorOf(own)):
        own = chain_step(own)
    if not fields or own is None or own is root:
        return
    before = chain_step(own, forward=False)
    while before is not None and before is not own and (before in fields or not tab_stop(before)):
        before = chain_step(before, forward=False)
    for first, second in zip([before or own, *fields], [*fields, own], strict=True):
        QWidget.setTabOrder(first, second)


def inner_line(widget: QWidget | None) -> QLineEdit | None:
    """The line an editable combo box, a spin box or a date edit is typed in: the box has the focus and
    hands its keys (Ctrl+Z too) to that line, whose history is the box's own."""
    if isinstance(widget, QComboBox):
        return widget.lineEdit() if widget.isEditable() else None
    if isinstance(widget, QAbstractSpinBox):  # (QAbstractSpinBox.lineEdit is protected: its line by Qt's name)
        return widget.findChild(QLineEdit, "qt_spinbox_lineedit", Qt.FindChildOption.FindDirectChildrenOnly)
    return None


def text_field(widget: QWidget | None) -> QLineEdit | QPlainTextEdit | QTextEdit | None:
    """The text field ``widget`` types in, with an undo history of its own: ``widget`` itself, or the
    inner line of an editable combo box, spin box or date edit (:func:`inner_line`); not read-only,
    not a table cell's editor (a cell keeps its keys as it has them)."""
    widget = inner_line(widget) or widget
    if not isinstance(widget, (QLineEdit, QPlainTextEdit, QTextEdit)) or widget.isReadOnly():
        return None
    parent = widget.parentWidget()
    while parent is not None and not parent.isWindow():
        if isinstance(parent, QAbstractItemView):
            return None
        parent = parent.parentWidget()
    return widget


def own_step(field: QLineEdit | QPlainTextEdit | QTextEdit, undo: bool) -> bool:
    """Whether ``field``'s own history has something to undo (``undo``) or redo."""
    if isinstance(field, QLineEdit):
        return field.isUndoAvailable() if undo else field.isRedoAvailable()
    if not field.isUndoRedoEnabled():
        return False
    document = field.document()
    return document.isUndoAvailable() if undo else document.isRedoAvailable()


COMPOSING = "composingText"  # a line field's property: an input method is composing text there (FieldUndoKeys)


def forget_own_steps(*roots: QWidget) -> None:
    """Clear the undo and redo history of the text fields in ``roots`` (themselves included; a box's inner
    line, :func:`text_field`), once what they hold is saved as a step of the window's undo stack: that
    stack owns it now, and Ctrl+Z there is Edit ▸ Undo's (:class:`FieldUndoKeys`). A field's own undo of
    saved typing would be saved as a new step, which Edit ▸ Undo would then take back, bringing the
    typing back instead of reaching the step before."""
    fields = (text_field(w) for root in roots for w in (root, *root.findChildren(QWidget)))
    for field in {id(f): f for f in fields if f is not None}.values():  # (a box and its inner line: one field)
        if isinstance(field, QLineEdit):
            # setText clears it (Qt has no other way), and would drop what an input method is composing
            # there (kana not converted yet): left then, it goes at the next save, once that is typed.
            if (field.isUndoAvailable() or field.isRedoAvailable()) and not field.property(COMPOSING):
                cursor, start, length = field.cursorPosition(), field.selectionStart(), len(field.selectedText())
                with QSignalBlocker(field):  # the same text: nothing typed, nothing to report
                    field.setText(field.text())
                if start < 0 or not length:
                    field.setCursorPosition(cursor)
                elif cursor == start:  # selected backwards: the cursor stays where it was
                    field.setSelection(start + length, -length)
                else:
                    field.setSelection(start, length)
        else:
            field.document().clearUndoRedoStacks()


def refill(line: QLineEdit, text: str) -> None:
    """Show ``text`` in ``line`` as a form shows its record again (the record changed by an undo or redo), its
    own next redo kept: typing taken back by the line's own Ctrl+Z comes back by Ctrl+Y after the window's
    redo (:class:`RedoOrder`), in the text shown then. setText clears the line's history (Qt has no other
    way), so the typing the redo would bring back (what it takes out and puts in, its place counted from
    the text's end or from its start) is made again in the new text and taken back at once, the line's own
    redo again; where it does not fit the new text (or nothing to redo, or an input method composing there),
    the line just shows ``text``. The same text: the line is left as it is, its history with it."""
    if line.text() == text:
        return
    before = after = line.text()
    if line.isRedoAvailable() and not line.property(COMPOSING):
        with QSignalBlocker(line):  # (a look at the redo: nothing typed, nothing to report)
            line.redo()
            after = line.text()
            line.undo()
    line.setText(text)  # (reported as setText reports it)
    if after == before or line.text() != text:
        return
    head = 0
    while head < min(len(before), len(after)) and before[head] == after[head]:
        head += 1
    tail = 0
    while tail < min(len(before), len(after)) - head and before[-1 - tail] == after[-1 - tail]:
        tail += 1
    out, put, end = before[head : len(before) - tail], after[head : len(after) - tail], before[len(before) - tail :]
    if text.endswith(out + end):
        start = len(text) - len(out + end)
    elif text.startswith(before[:head] + out):
        start = head
    else:
        return
    with QSignalBlocker(line):  # the typing made again and taken back: the text as shown, nothing typed
        line.setSelection(start, len(out)) if out else line.setCursorPosition(start)
        line.insert(put)
        line.undo()
        line.end(False)


REDO_AFTER = "redoAfterStep"  # a text field's property: the window's redo comes before its own up to this index (RedoOrder)


class RedoOrder(QObject):
    """Redo in the reverse order of the undos, across a text field's own undo and the window's.

    Typing taken back by the field's own Ctrl+Z, then a step of the window's taken back by the next
    Ctrl+Z (the field had nothing more of its own): Ctrl+Y brought the field's typing back first, saved
    as a new step, which cleared the window's redo, and the step undone last could never be redone. A
    window's undo marks each text field with a redo of its own, (:data:`REDO_AFTER`: the index the undo
    started from): the focused one, and every field the user undid in by its own Ctrl+Z
    (:meth:`FieldUndoKeys.undone`), wherever the focus is as the window's undo is pressed (the item list,
    another page, the dialog after Esc). While the window's stack is below that index with something to
    redo, redo there is the window's (:class:`FieldUndoKeys`); once back up to it (or nothing left to redo,
    a new step made), the field's own redo is next again. The field's own undo unmarks it: that undo is
    then the last.
    """

    def __init__(self, stack: UndoStack) -> None:
        super().__init__(stack)
        self.setObjectName("redoOrder")
        self._stack = stack
        self._last = stack.index()  # the index before the step being made
        self._pending: list[QWidget] = []  # the fields with a redo of their own as an undo is about to step
        self._marked: list[QWidget] = []
        stack.aboutToStep.connect(self._about_to_step)
        stack.indexChanged.connect(self._index_changed)
        stack.canRedoChanged.connect(self._can_redo_changed)

    def _can_redo_changed(self, _can: bool) -> None:
        if shiboken6.isValid(self._stack):  # (the stack clears itself as it goes, at the window's end)
            self._index_changed(self._stack.index())

    def _about_to_step(self) -> None:
        self._pending = []
        if not self._stack.taking_back:
            return
        app = QApplication.instance()
        keys = app.findChild(FieldUndoKeys, "fieldUndoKeys") if app is not None else None
        fields = [text_field(QApplication.focusWidget()), *(keys.undone() if keys is not None else [])]
        for field in fields:
            if field is not None and field not in self._pending and own_step(field, undo=False):
                self._pending.append(field)

    def _index_changed(self, index: int) -> None:
        stack = self._stack
        if self._pending and not stack.taking_back:
            fields, self._pending = self._pending, []  # (typing saved as the undo is about to step: not yet)
            for field in fields:
                if shiboken6.isValid(field) and index < self._last and field.property(REDO_AFTER) is None:
                    field.setProperty(REDO_AFTER, self._last)
                    self._marked.append(field)
        self._last = index
        for field in list(self._marked):
            after = field.property(REDO_AFTER) if shiboken6.isValid(field) else None
            if after is None or index >= after or not stack.canRedo():
                if after is not None:
                    field.setProperty(REDO_AFTER, None)
                self._marked.remove(field)


class FieldUndoKeys(QObject):
    """Ctrl+Z (and redo) in a text field with nothing of its own to undo (redo) goes to the window's Undo
    (Redo): the steps the user sees in Edit ▸ Undo; redo too while the window's undo was made after the
    field's own (:class:`RedoOrder`).

    A QLineEdit, QPlainTextEdit or QTextEdit takes the Undo and Redo keys for its own history, even
    empty: after a page is built again (a language switch, an item left and opened again) Ctrl+Z in
    the field just typed in then did nothing while Edit ▸ Undo offered that edit. Ignoring the
    ShortcutOverride event (and keeping it from the field) lets Qt try the shortcuts, the window's
    Undo action (or a dialog's own); with something of its own to undo the field keeps the key. An
    editable combo box, a spin box or a date edit has the focus itself and hands the key to its inner
    line: the box is asked by that line's history (:func:`text_field`).
    The filter goes on each text field (or box) as it takes focus (:meth:`focus_changed`), where Qt asks first.
    It also notes on a line field whether an input method is composing there (:data:`COMPOSING`), and
    keeps the fields whose own undo the user used (:meth:`undone`, for :class:`RedoOrder`).
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._undone: dict[int, QLineEdit | QPlainTextEdit | QTextEdit] = {}  # by id; gone as the field goes

    def undone(self) -> list[QLineEdit | QPlainTextEdit | QTextEdit]:
        """The text fields the user undid in by their own undo key that still hold a redo of their own."""
        for key, field in list(self._undone.items()):
            if not shiboken6.isValid(field) or not own_step(field, undo=False):
                del self._undone[key]
        return list(self._undone.values())

    def _own_undo(self, field: QLineEdit | QPlainTextEdit | QTextEdit) -> None:
        key = id(field)
        if key not in self._undone:
            self._undone[key] = field
            field.destroyed.connect(lambda _=None, k=key: self._undone.pop(k, None))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # overrides QObject.eventFilter
        if isinstance(event, QInputMethodEvent) and isinstance(watched, QWidget):
            if isinstance(line := text_field(watched), QLineEdit):  # (a box's: its inner line's)
                line.setProperty(COMPOSING, bool(event.preeditString()))
            return False
        if event.type() != QEvent.Type.ShortcutOverride or not isinstance(event, QKeyEvent) or not isinstance(watched, QWidget):
            return False
        undo = event.matches(QKeySequence.StandardKey.Undo)
        if not undo and not event.matches(QKeySequence.StandardKey.Redo):
            return False
        field = text_field(watched)
        if field is None:
            return False
        if own_step(field, undo):
            if undo:  # the field's own undo, the last one now: its redo comes first
                field.setProperty(REDO_AFTER, None)
                self._own_undo(field)
                return False
            if field.property(REDO_AFTER) is None:
                return False
        event.ignore()  # not the field's: the shortcut (the window's Undo or Redo) acts, once
        return True

    def focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is not None and text_field(new) is not None:  # (a box itself: Qt asks the focus widget, not its line)
            new.installEventFilter(self)  # once: installing again only moves it first


def install_field_undo_keys(app: QApplication) -> None:
    """Give every text field of ``app`` the window's Undo and Redo when it has none of its own (once per application)."""
    if app.findChild(FieldUndoKeys, "fieldUndoKeys") is not None:
        return
    keys = FieldUndoKeys(app)
    keys.setObjectName("fieldUndoKeys")
    app.focusChanged.connect(keys.focus_changed)


REDO_KEY = QKeySequence("Ctrl+Shift+Z")  # the user guide's Redo key, on every platform (Ctrl+Y too)


def step_keys(standard: QKeySequence.StandardKey, every: bool = True) -> list[QKeySequence]:
    """Every key the platform binds to Undo or Redo (``setShortcut`` keeps only the first), Redo with
    :data:`REDO_KEY` among them; not ``every``: only the platform's first (and that key), for a legend."""
    keys = QKeySequence.keyBindings(standard)[: None if every else 1]
    if standard == QKeySequence.StandardKey.Redo and REDO_KEY not in keys:
        keys.append(REDO_KEY)
    return keys


def window_steps(
    dialog: QWidget, first: Callable[[], bool | None] | None = None, window: Callable[[], QWidget | None] | None = None
) -> Callable[[str], None]:
    """Undo and Redo keys (:func:`step_keys`) inside a modal dialog that saves undo steps: a modal dialog
    keeps the window's keys and its Edit menu out of reach while it is open, so the dialog's own keys
    run the window's Undo or Redo action (``undoAction`` / ``redoAction`` of ``window()``, by default
    the window of the dialog's parent) instead; the dialog's ``state.changed`` handler shows the
    result. A text field with typing of its own to undo keeps the key (:class:`app.ui.window.keys.FieldUndoKeys`).

    ``first``: run before each step, to store what the dialog holds (a cell being typed in); False
    from it means no step now (the dialog's own work still running). Returns the step, for a button
    or a test: ``step("undoAction")``.
    """

    def step(action_name: str) -> None:
        if first is not None and first() is False:
            return
        target = window() if window is not None else _parent_window(dialog)
        action = target.findChild(QAction, action_name) if target is not None else None
        if action is not None and action.isEnabled():
            action.trigger()

    for standard, name in ((QKeySequence.StandardKey.Undo, "undoAction"), (QKeySequence.StandardKey.Redo, "redoAction")):
        for sequence in step_keys(standard):
            QShortcut(sequence, dialog, lambda name=name: step(name))
    return step


def _parent_window(dialog: QWidget) -> QWidget | None:
    """The window a dialog was opened over (its parent's window): where its Undo and Redo are."""
    parent = dialog.parentWidget()
    return parent.window() if parent is not None else None

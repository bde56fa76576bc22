"""Typing the core refused on a page (a text too long in a field or a table cell: kept as a draft), held
by the window's undo stack as the last thing done, so that Edit ▸ Undo right after it takes back that
typing (the draft dropped, what is stored shown), never the step before it.

One :class:`HeldDrafts` per page (or form) is one of the undo stack's editors
(:meth:`app.ui.operations.UndoStack.add_editor`): the page calls :meth:`HeldDrafts.hold` when its typing
is refused and :meth:`HeldDrafts.release` when the draft is saved, typed back or dropped; Undo with the
page in front calls the page's ``take_back(item)``. Several typings refused one after another are taken
back last first; once something else was done, Undo takes that back first; with another page in front,
Undo steps back as ever and the draft stays (on disk too, until it is undone or corrected). Edit ▸ Undo
names what it takes back then (:func:`undo_text`): the typing (the page's ``text(item)``), not the step before.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from app.ui.operations import UndoStack
    from app.ui.state import AppState


def undo_text(stack: UndoStack) -> str:
    """Edit ▸ Undo's text: what Undo takes back first, named. Typing refused just now and shown (an editor of
    :meth:`UndoStack.takers`, named by its ``held_text()``) before the step on top of the stack (Qt's own text
    follows the stack alone), in Qt's form: 「元に戻す(&U) 「利用者数(DS)」を編集」."""
    held = (text() for editor, _steps in stack.takers() if callable(text := getattr(editor, "held_text", None)))
    said = next((t for t in held if t), "") or stack.undoText()
    prefix = QCoreApplication.translate("MainWindow", "&Undo")
    return f"{prefix} {said}" if said else prefix


class HeldDrafts(QObject):
    """The refused typings of ``page``'s items, held by the undo stack under ``prefix`` + item.

    ``take_back(item)``: Undo right after the item's typing was refused (drop its draft, show what is
    stored). ``text(item)``: that typing's undo text, for Edit ▸ Undo (:func:`undo_text`; "" by default: the
    step under it named). ``showing()``: the start of the items the page shows now (a review's checklist
    shown), Undo taking back only those ("" by default: every item of the page, in the project open).
    """

    def __init__(self, page: QWidget, state: AppState, prefix: str, take_back: Callable[[str], None],
                 showing: Callable[[], str] = lambda: "", text: Callable[[str], str] = lambda _item: "") -> None:
        super().__init__(page)
        self.page, self.state, self.prefix = page, state, prefix
        self._take_back, self._showing, self._text = take_back, showing, text
        self._shown: str | None = None  # the item refused last, as :meth:`shown_key` found it
        state.undo_stack.add_editor(self)

    def hold(self, item: str) -> None:
        """The item's typing was refused just now (kept as a draft): Undo right after takes it back."""
        self.state.undo_stack.hold(self.state.project_id, self.prefix + item, 0)

    def release(self, project_id: int, item: str) -> None:
        """The item's draft is gone (saved, typed back, dropped): no typing of it to take back."""
        self.state.undo_stack.release(project_id, self.prefix + item)

    def held(self) -> str | None:
        """The item shown whose typing was refused last, nothing done since."""
        item = self.state.undo_stack.held_last(self.state.project_id, self.prefix + self._showing())
        return item[len(self.prefix):] if item is not None else None

    def shown_key(self) -> tuple[int, str] | None:
        """(project, prefix + item) of the typing refused last, while its project is open and it is shown."""
        self._shown = self.held()  # (what the undo stack asks right before it takes that typing back)
        return None if self._shown is None else (self.state.project_id, self.prefix + self._shown)

    def held_text(self) -> str:
        """The undo text of the typing Undo takes back now ("": none, or the page names none)."""
        item = self.held()
        return self._text(item) if item is not None else ""

    def isVisible(self) -> bool:  # what the undo stack asks of an editor
        return self.page.isVisible()

    def take_back_typing(self) -> None:
        """Undo right after the refused typing: the page drops its draft and shows what is stored."""
        item, self._shown = self._shown, None
        if item is not None:
            self._take_back(item)

"""An item picked on the Hearing or System planning page, shown from the answers the page read: on a team database
over a VPN of 100 ms a round trip the item editor's own read of the answer (and, for a 要フォロー item, of every
answer and session for the owners to suggest) froze the window 0.3-1.0 s each time an item was picked."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.hearing.checklist import ItemRef
from app.hearing.model import Answer

if TYPE_CHECKING:
    from app.ui.hearing.item_editor import ItemEditor


def show_picked(editor: ItemEditor, ref: ItemRef, answers: dict[str, Answer] | None, names: list[str] | None = None) -> None:
    """Show ``ref`` in ``editor`` with its answer from ``answers`` (what the page read, kept up to date with this window's
    changes) and the follow-up owners ``names``: nothing read on the window's thread. ``answers`` None (SQLite, or the
    page's answers being read again): the editor reads the answer itself, as ever."""
    if answers is None:
        editor.show_item(ref)
        return
    editor.followup.known = names
    try:
        editor.show_item(ref, stored=answers.get(ref.item.id) or editor.state.answers.blank(ref.item.id))
    finally:
        editor.followup.known = None

"""The item editor of a page that reads on a worker (a team database): a colleague's change of the answer shown is put
in the editor from the page's read again, never read on the window's thread (over a VPN of 100 ms a round trip that
read froze the window 0.3 s, 0.97 s for a 要フォロー item whose owners to suggest were read too), and the owners to
suggest come from the page's last read. On SQLite (a local file) the editor reads at once, as ever."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.core.operations import Change
from app.hearing.model import Answer

if TYPE_CHECKING:
    from app.ui.hearing.item_editor import ItemEditor


@dataclass
class PageAnswers:
    """What a page gives its item editor: ``on_worker()`` whether a colleague's change is read again by the page on a
    worker (then put in the editor by :func:`show_heard`); ``names()`` the owners to suggest as the page last read
    them (None: read them here)."""

    on_worker: Callable[[], bool]
    names: Callable[[], list[str] | None]
    awaited: bool = False  # a colleague's change heard, its answer not read here: the page's read shows it


def read_by_page(editor: ItemEditor, change: Change) -> bool:
    """Whether the page reads ``change`` (another window's) on a worker and shows it in ``editor`` once in: then the
    editor reads nothing now and shows the answer as it was (and what is typed) meanwhile."""
    source = editor.page_answers
    if source is None or not change.external or not source.on_worker():
        return False
    source.awaited = True
    return True


def show_heard(editor: ItemEditor, answers: dict[str, Answer]) -> None:
    """The answers the page read again after a colleague's change put in ``editor`` (the item shown, whatever it is
    now): the fields typed and not saved stay as typed (:meth:`ItemEditor.refresh`). The page's read is never older
    than a change of this window's (it is read once more when one was put on the page meanwhile)."""
    source = editor.page_answers
    if source is None or not source.awaited:
        return
    source.awaited = False
    if editor.item_id is not None:
        editor.refresh(stored=answers.get(editor.item_id) or editor.state.answers.blank(editor.item_id))


def owner_names(editor: ItemEditor) -> list[str]:
    """The follow-up owners to suggest: the page's last read's (a team database), else read now (SQLite)."""
    from app.hearing.followups import owner_suggestions

    names = editor.page_answers.names() if editor.page_answers is not None else None
    return names if names is not None else owner_suggestions(editor.state.workspace, editor.project_id)

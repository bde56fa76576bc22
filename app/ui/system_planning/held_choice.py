"""A price choice of System planning (the kind of prices, the region) the database could not take yet: the server
away, a big undo being stored, another process writing.

It is held where every other edit waiting is held, as a draft of its project in the window's drafts
(app/ui/hearing/drafts.py), under :data:`KEY`: counted in the status bar (「オフライン: 未保存の編集 N 件」),
kept on disk, so a window closed or gone leaves it to the next window on the database, which saves it
(app/ui/window/page_stack.py WAITING_PAGES builds the page at start); saved in turn with the window's other
edits waiting (app/ui/window/waiting_steps.py) once the database takes it, while its project is open. The
plan is priced with it meanwhile (the combos show it, marked). Its save is based on the choice shown when
it was made (:data:`Draft.base`): a colleague's choice of the same field since is said, never overwritten.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject

from app.ui.hearing.drafts import NAMED, Draft, drafts_of

if TYPE_CHECKING:
    from app.ui.state import AppState

KEY = "system-planning:prices"  # the draft's item id (a page's own: "<page>:<key>")
FIELDS = ("price_kind", "region")  # the system_plan document's fields a choice sets


def held(state: AppState, project_id: int) -> dict[str, str]:
    """The choice held for the project (its fields chosen: kind, region); {} when none waits."""
    draft = drafts_of(state).get(project_id, KEY)
    if draft is None:
        return {}
    return {name: value for name, value in draft.fields.items() if name in FIELDS and isinstance(value, str)}


def why(state: AppState, project_id: int) -> str | None:
    """Why the held choice is not saved (the window's words now), None when none waits."""
    draft = drafts_of(state).get(project_id, KEY)
    return draft.error if draft is not None and held(state, project_id) else None


def hold(state: AppState, project_id: int, seen: dict[str, Any], error: BaseException, **chosen: str | None) -> None:
    """Hold a choice refused now (``chosen``: price_kind and/or region; None: not chosen this time), joining
    the one held (a kind, then a region: both; a kind twice: the last). ``seen``: the stored document
    shown when it was made; its chosen fields' values then are what the save is based on (the first time
    each field was chosen: the value the user saw before any of this waiting)."""
    drafts = drafts_of(state)
    old = drafts.get(project_id, KEY)
    fields = held(state, project_id)
    base = dict(old.base) if old is not None and isinstance(old.base, dict) else {}
    for name, value in chosen.items():
        if value is None or name not in FIELDS:
            continue
        if name not in fields and name in seen:  # (a field missing from the document stays missing in the base)
            base[name] = seen[name]
        fields[name] = value
    drafts.put(project_id, KEY, fields, error, busy=True, base=base)


def based_on(state: AppState, project_id: int, stored: dict[str, Any]) -> dict[str, Any]:
    """The document the held choice's save is based on: ``stored`` (as the window read it last) with the
    fields chosen as they were when the choice was made (one a colleague changed since: a conflict, said)."""
    draft = drafts_of(state).get(project_id, KEY)
    base = draft.base if draft is not None and isinstance(draft.base, dict) else {}
    doc = dict(stored)
    for name in held(state, project_id):
        if name in base:
            doc[name] = base[name]
        else:
            doc.pop(name, None)
    return doc


def let_go(state: AppState, project_id: int) -> None:
    """The held choice is saved, or refused for good (said): it no longer waits."""
    drafts_of(state).discard(project_id, KEY)


def _said(_item_id: str, draft: Draft) -> str:
    """The status bar's line of the held choice (its tooltip lists why each draft is not saved): what it is, then why."""
    return QCoreApplication.translate("SystemPlanningPage", "Price choice of System planning: {0}").format(draft.error)


def save_held(state: AppState, choose: Callable[..., bool]) -> bool:
    """The window's edits waiting are saved in turn (app/ui/window/waiting_steps.py): the choice held for the open
    project is made now by ``choose(again=True)``; False while the database still cannot take it (tried again)."""
    if state.project_id < 0 or not held(state, state.project_id):
        return True  # (a choice held for another project waits until it is open again)
    return choose(again=True)


def choose_later(page: QObject, state: AppState, waiting: bool, save: Callable[[], bool]) -> None:
    """A big undo stored, or the server answering again: the choice held is made now (in turn)."""
    if not waiting and not state.undo_stack.worker.running and held(state, state.project_id):
        state.waiting_edits.retry(page, save)


NAMED[KEY] = _said

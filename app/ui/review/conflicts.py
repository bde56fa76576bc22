"""Another window saved a review answer's field after this page showed it: the conflict dialog, as
the other pages ask it (keep theirs, use mine, or merge a text).

What was typed is a draft on disk while the dialog asks (a killed process offers it at the next start,
as the environment forms and the WBS do); after the choice the page drops it (saved, theirs kept) or
keeps it again (closed without a choice, the save refused)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic_core import to_jsonable_python  # a value as the drafts file keeps it
from PySide6.QtCore import QCoreApplication

from app.core.errors import UserError
from app.review.scoring import KIND, answers_of
from app.review.service import stored
from app.ui.hearing.drafts import drafts_of
from app.ui.review.table import field_title

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from app.core.errors import ConflictError
    from app.review.model import ReviewChecklist
    from app.review.service import ItemView
    from app.ui.state import AppState


def _shown(checklist: ReviewChecklist, name: str, value: Any, lang: str) -> Any:
    """A level as its label (the dialog shows it as text), a text as it is."""
    if name in ("evidence", "note"):
        return value if isinstance(value, str) else ""
    return checklist.level_label(value, lang) or ("—" if value is None else str(value))  # type: ignore[arg-type]


def resolve_review_conflict(
    parent: QWidget, state: AppState, checklist: ReviewChecklist, row: ItemView, values: dict[str, Any], base: dict[str, Any], error: ConflictError
) -> dict[str, Any] | None:  # fmt: skip
    """Both values side by side. Returns the fields to save over what is stored now ({} when theirs
    is kept), or None when the dialog was closed without a choice (the typing stays, unsaved)."""
    from app.ui.window.conflict_dialog import Choice, Clash, ConflictDialog, ask_conflict, named

    _keep_while_asked(state, checklist.id, row.item.id, values, base, error)
    try:
        answer = answers_of(stored(state.workspace, state.project_id), checklist.id).get(row.item.id)
    except UserError:
        return None
    lang = state.ui_lang
    clashes = []
    for name, mine in values.items():
        theirs = (getattr(answer, name) if name in ("evidence", "note") else answer.value(name)) if answer is not None else None
        label = QCoreApplication.translate("ReviewTable", "Evidence") if name == "evidence" else (
            QCoreApplication.translate("ReviewTable", "Note") if name == "note" else field_title(name))  # fmt: skip
        clashes.append(Clash(name, f"{row.item.label.get(state.content_lang)}: {label}", _shown(checklist, name, theirs, lang),
                             _shown(checklist, name, mine, lang), _shown(checklist, name, base.get(name), lang)))  # fmt: skip
    texts_only = all(name in ("evidence", "note") for name in values)
    dialog = ConflictDialog(named(row.item.label.get(state.content_lang), lang), clashes, parent=parent, can_merge=texts_only)
    try:
        ask_conflict(dialog)
        if dialog.choice is Choice.LATER:
            return None
        if dialog.choice is Choice.THEIRS:
            return {}
        if dialog.choice is Choice.MERGED:
            return {**values, **dialog.values()}
        return dict(values)
    finally:
        dialog.deleteLater()


def _keep_while_asked(state: AppState, checklist_id: str, item_id: str, values: dict[str, Any], base: dict[str, Any], error: ConflictError) -> None:
    """The typing on disk before the dialog asks, with the item's other fields not saved yet and what
    each was based on (as the page keeps a draft)."""
    drafts, key = drafts_of(state), f"{KIND}:{checklist_id}:{item_id}"
    old = drafts.get(state.project_id, key)
    fields = {**(old.fields if old is not None else {}), **to_jsonable_python(values)}
    shown = {**to_jsonable_python(base), **(old.base if old is not None and isinstance(old.base, dict) else {})}
    drafts.put(state.project_id, key, fields, error, base={name: shown.get(name) for name in fields})

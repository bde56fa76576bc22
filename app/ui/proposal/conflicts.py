"""Another window saved fields of the proposal typed here since they were shown: the conflict dialog,
as the other pages ask it (keep theirs, use mine, or merge a section's texts)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication

from app.core.errors import UserError
from app.proposal.model import ProposalDoc
from app.proposal.service import ProposalService, dump_doc, parse_doc

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from app.core.errors import ConflictError
    from app.proposal.view import ProposalView
    from app.ui.state import AppState


def _at(data: Any, path: list[str]) -> Any:
    for part in path:
        data = data.get(part) if isinstance(data, dict) else None
    return data


def _put(data: dict[str, Any], path: list[str], value: Any) -> None:
    for part in path[:-1]:
        data = data.setdefault(part, {})
    if value is None:
        data.pop(path[-1], None)  # (not in the stored document: the template's)
    else:
        data[path[-1]] = value


def resolve_proposal_conflict(
    parent: QWidget, state: AppState, view: ProposalView | None, error: ConflictError, before: ProposalDoc, after: ProposalDoc
) -> ProposalDoc | None:  # fmt: skip
    """Both side by side (a section's texts can be merged). Returns the document to save over what is
    stored: theirs in the fields where they are kept, mine or the merge in the others, everything
    else typed as typed; None when the dialog was closed without a choice."""
    from app.ui.window.conflict_dialog import Choice, Clash, ConflictDialog, ask_conflict

    try:
        stored = ProposalService(state.documents).load(state.project_id)
    except UserError:
        return None
    titles = {section.id: section.title for section in view.sections} if view else {}
    old, mine, theirs = dump_doc(before), dump_doc(after), dump_doc(stored)
    clashes = []
    for field in error.fields:
        path = field.split(".")
        label = titles.get(path[1], path[1]) if path[0] == "texts" and len(path) > 1 else QCoreApplication.translate("ProposalPage", "Problems and effort")
        clashes.append(Clash(field, label, _at(theirs, path), _at(mine, path), _at(old, path)))
    dialog = ConflictDialog(QCoreApplication.translate("ProposalPage", "The proposal"), clashes, parent=parent)
    try:
        ask_conflict(dialog)
        if dialog.choice is Choice.LATER:
            return None
        chosen = dict(mine)
        kept = {} if dialog.choice is Choice.MINE else dialog.values()
        for clash in clashes:
            path = clash.key.split(".")
            if dialog.choice is Choice.THEIRS:
                _put(chosen, path, _at(theirs, path))
            elif clash.key in kept:
                _put(chosen, path, kept[clash.key])
        return parse_doc(chosen)
    finally:
        dialog.deleteLater()

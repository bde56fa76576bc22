"""Proposal edits as operations: only the fields the user changed are written, on top of what is stored."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.core import operations as ops
from app.proposal.content import proposal_content
from app.proposal.edits import check_texts
from app.proposal.model import ProposalDoc
from app.proposal.service import dump_doc, patch_proposal
from app.ui.operations import UndoText, run_op

if TYPE_CHECKING:
    from PySide6.QtCore import QObject

    from app.ui.state import AppState


def commit_proposal(
    state: AppState, before: ProposalDoc, after: ProposalDoc, text: UndoText, merge_key: str | None = None,
    *, force: bool = False, owner: QObject | None = None,
) -> ops.Change | None:
    """Write what changed from ``before`` to ``after`` as one undoable step; None when nothing changed.

    Another window's edits of other sections are kept (the change is a per-field patch); an edit
    of a field someone changed since ``before`` raises :class:`ConflictError` and writes nothing; rows
    added at the end of the problems table while another window added some there are kept after theirs.
    Typing in one section within a couple of seconds merges into one undo step (``merge_key``).
    ``force`` writes the changed fields over what another window wrote (the user chose to).
    """
    old, new = dump_doc(before), dump_doc(after)
    if old == new:
        return None
    check_texts(before, after, proposal_content(state.workspace.library).template)  # a section too long, by its title
    return run_op(state, patch_proposal(state.project_id, old, new, force=force), text, merge_key, owner=owner)

"""The kickoff proposal in the database: the stored document, and what a view of it reads.

The stored :class:`ProposalDoc` holds only the user's changes (:mod:`app.proposal.edits` makes
them). :func:`gather_inputs` reads everything else a proposal shows (the project, the content, the
hearing's answers, the WBS); :func:`app.proposal.view.build_view` combines the two without touching
the database, so the preview can build it off the UI thread on every keystroke.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from app.core import operations as ops
from app.core.demo_source import app_today
from app.core.documents import DocumentService
from app.core.errors import ConflictError, ValidationFailed
from app.core.i18n import Lang
from app.core.messages import Label, first_problem
from app.core.project import last_signed
from app.proposal.content import ProposalContent, proposal_content
from app.proposal.edits import default_rows
from app.proposal.inputs import HEARING_ID, ProposalInputs
from app.proposal.model import ProblemRow, ProposalDoc
from app.proposal.row_merge import clash, merge_rows
from app.proposal.view import ProposalView, build_view

if TYPE_CHECKING:
    from app.core.workspace import Workspace

KIND = "proposal"


def parse_doc(data: dict[str, Any]) -> ProposalDoc:
    try:
        return ProposalDoc.model_validate(data or {})
    except ValidationError as exc:
        where, problem = first_problem(exc)
        raise ValidationFailed(key="proposal.damaged", where=where, problem=problem) from None


def dump_doc(doc: ProposalDoc) -> dict[str, Any]:
    return doc.model_dump(mode="json", exclude_none=False)


class ProposalService:
    """Reads and writes a project's proposal document (one JSON document of kind "proposal")."""

    def __init__(self, documents: DocumentService) -> None:
        self.documents = documents

    def load(self, project_id: int) -> ProposalDoc:
        return parse_doc(self.documents.get(project_id, KIND))

    def save(self, project_id: int, doc: ProposalDoc) -> None:
        self.documents.put(project_id, KIND, dump_doc(doc))


def patch_proposal(project_id: int, base: dict[str, Any], target: dict[str, Any], *, force: bool = False, back: bool = False) -> ops.Operation:
    """Write what changed from ``base`` to ``target`` over the stored proposal (:func:`app.core.operations.patch_document`),
    the problems table's rows added at the end kept beside those another window added at the end since
    (:func:`appended_rows`): two people adding a problem at once is no conflict. Rows are merged row by row by their
    identity (:func:`app.proposal.row_merge.merge_rows`), and so are the change's undo and redo (``back``: a row put
    back where it stood): only the rows a step changed are compared with what is stored, and one refused names the
    problems table's cell (its row and column) another changed since, not the whole proposal."""

    def op(ws: Workspace) -> ops.Change:
        with ws.db.transaction():
            current = DocumentService(ws.db).get(project_id, KIND) or {}
            content = proposal_content(ws.library)
            was, now = base, target
            if not force:
                was, now = appended_rows(base, target, current, content, back=back)
            try:
                change = ops.patch_document(project_id, KIND, was, now, force=force)(ws)
            except ConflictError as exc:
                raise (_cell_named(exc, base, target, current, content) if back else exc) from None
        return dataclasses.replace(change, restore=_restore(project_id)) if change.restore else change

    return op


def _restore(project_id: int) -> ops.Restore:
    return lambda ws, target, expected: patch_proposal(project_id, expected, target, back=True)(ws)


def _cell_named(exc: ConflictError, base: dict[str, Any], target: dict[str, Any], current: dict[str, Any], content: ProposalContent) -> ConflictError:
    """A refused undo or redo of the problems table named by the cell (``rows.<n>.<column>``) or row (``rows.<n>``)
    another window changed since, where the rows show it (:func:`app.proposal.content.field_label` names it)."""
    if "rows" not in exc.fields:
        return exc
    defaults = [dump_row(row) for row in default_rows(content)]
    sides = [doc.get("rows") for doc in (base, target, current)]
    found = clash(*(rows if isinstance(rows, list) else defaults for rows in sides))
    if found is None or found.row is None:
        return exc
    where = ".".join(str(part) for part in ("rows", found.row, found.column) if part is not None)
    return ConflictError(exc.part, exc.ids, [where if field == "rows" else field for field in exc.fields], exc.gone)


def appended_rows(
    base: dict[str, Any], target: dict[str, Any], current: dict[str, Any], content: ProposalContent, *, back: bool = False
) -> tuple[dict[str, Any], dict[str, Any]]:  # fmt: skip
    """``base`` and ``target`` rebased on the stored rows merged row by row (:func:`merge_rows`: every row has an
    identity, and no cell was changed on both sides). Else, with rows of an earlier version without one, when both this
    write and another since only added rows at the end: the table stored, then the rows added here (a library problem
    the table holds already not twice).

    Anything else (a row edited, removed or moved on either side) is left to the patch's conflict, asked. So are rows
    added here that already stand first among those added since: this very write stored already (typing a window killed
    after saving it, given back by the next), not added twice."""
    was, mine, stored = base.get("rows"), target.get("rows"), current.get("rows")
    if not isinstance(stored, list) or stored == was or mine == was:
        return base, target
    defaults = [dump_row(row) for row in default_rows(content)]  # (a table never changed: the library's default rows)
    was = defaults if was is None else was
    if isinstance(was, list) and (mine is None or isinstance(mine, list)):
        merged = merge_rows(was, defaults if mine is None else mine, stored, back=back)
        if merged is not None:
            return {**base, "rows": stored}, {**target, "rows": merged}
    n = len(was) if isinstance(was, list) else -1
    if not isinstance(mine, list) or n < 0 or len(stored) <= n or len(mine) <= n or stored[:n] != was or mine[:n] != was:
        return base, target
    added = mine[n:]
    if stored[n : n + len(added)] == added:
        return base, target
    refs = {row.get("ref") for row in stored if isinstance(row, dict) and row.get("ref")}
    kept = [row for row in added if not (isinstance(row, dict) and row.get("ref") in refs)]
    return {**base, "rows": stored}, {**target, "rows": [*stored, *kept]}


def dump_row(row: ProblemRow) -> dict[str, Any]:
    return row.model_dump(mode="json", exclude_none=False)


def gather_inputs(ws: Workspace, project_id: int, today: dt.date | None = None) -> ProposalInputs:
    from app.core.projects import ProjectService
    from app.hearing import AnswerService, AnswerStatus, status_label
    from app.wbs import calendar_of, plan_tasks, wbs_catalog

    plan = plan_tasks(ws, project_id)
    catalog = wbs_catalog(ws.library)
    phases = sorted(dict.fromkeys(t.phase for t in plan), key=catalog.phase_index)  # (stable: typed ones as they come)
    return ProposalInputs(
        project=ProjectService(ws.db).get(project_id),
        content=proposal_content(ws.library),
        hearing=ws.library.checklists.get(HEARING_ID),
        answers=AnswerService(ws.db, ws.library).answers(project_id),
        plan=plan,
        today=today or app_today(),
        not_applicable=Label(**{lang: status_label(AnswerStatus.NOT_APPLICABLE, lang, ws.library) for lang in ("ja", "en")}),
        calendar=calendar_of(ws),
        phase_labels={key: Label(**{lang: catalog.bucket_label("phase", key, lang) for lang in ("ja", "en")}) for key in phases},
    )


def proposal_view(ws: Workspace, project_id: int, lang: Lang, today: dt.date | None = None) -> ProposalView:
    inputs = gather_inputs(ws, project_id, today)
    doc = ProposalService(DocumentService(ws.db)).load(project_id)
    signed = last_signed(ws.db, project_id)
    view = build_view(inputs, doc, lang)
    return dataclasses.replace(view, agreement=(signed.label(lang), signed.text(lang))) if signed else view

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

from app.core.demo_source import app_today
from app.core.documents import DocumentService
from app.core.errors import ValidationFailed
from app.core.i18n import Lang
from app.core.messages import Label, first_problem
from app.core.project import last_signed
from app.proposal.content import proposal_content
from app.proposal.inputs import HEARING_ID, ProposalInputs
from app.proposal.model import ProposalDoc
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

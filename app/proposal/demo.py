"""The demo project's kickoff proposal: a concrete case in the background, extra and custom problem rows.

Its content is data (``resources/demo/proposal.yaml``); it runs after the hearing answers exist,
so scope, PoC period and milestones come from the demo's hearing, as in a real project.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import yaml

from app.core import paths
from app.core.demo_source import localize
from app.core.documents import DocumentService
from app.core.i18n import Lang
from app.core.workspace import Workspace
from app.proposal.content import proposal_content
from app.proposal.edits import default_rows
from app.proposal.model import ProblemRow, ProposalDoc
from app.proposal.rows import ROW_TEXTS
from app.proposal.service import ProposalService


def demo_proposal_source() -> dict[str, Any]:
    return yaml.safe_load((paths.resources_dir() / "demo" / "proposal.yaml").read_text(encoding="utf-8"))


def build_demo(ws: Workspace, project_id: int, lang: Lang, start: dt.date) -> None:
    source = localize(demo_proposal_source(), lang, start)
    content = proposal_content(ws.library)
    own = [{k: {lang: v} if k in ROW_TEXTS else v for k, v in row.items()} for row in source["extra_rows"]]  # typed in lang
    rows = default_rows(content) + [ProblemRow.model_validate(row) for row in own]
    doc = ProposalDoc(
        texts={section: {lang: text.rstrip("\n")} for section, text in source["texts"].items()},
        rows=rows,
        effort={task: {role: float(days) for role, days in roles.items()} for task, roles in source["effort"].items()},
    )
    ProposalService(DocumentService(ws.db)).save(project_id, doc)

"""The proposal's content: its template (sections, phases, roles, tasks 0-5, wording) and the problem library."""

from __future__ import annotations

from dataclasses import dataclass

from app.core.content.loader import ContentLibrary
from app.core.errors import ContentError
from app.core.messages import Label, Message
from app.proposal.model import ProblemLibrary, ProposalTemplate

TEMPLATE_ID = "proposal"
LIBRARY_ID = "problems"
TEMPLATE = Label(ja="導入提案のテンプレート", en="proposal template")
LIBRARY = Label(ja="課題ライブラリ", en="problem library")


@dataclass(frozen=True)
class ProposalContent:
    template: ProposalTemplate
    library: ProblemLibrary


TEMPLATE_FILE, LIBRARY_FILE = "checklists/proposal.yaml", "checklists/problems.yaml"  # where the shipped ones are


def proposal_content(library: ContentLibrary) -> ProposalContent:
    """The template and the problem library, or a ContentError naming what is missing."""
    template = library.documents.get("proposal_template", {}).get(TEMPLATE_ID)
    problems = library.documents.get("problems", {}).get(LIBRARY_ID)
    if not isinstance(template, ProposalTemplate):
        raise ContentError(TEMPLATE_FILE, Message(key="content.not_loaded_id", what=TEMPLATE, id=TEMPLATE_ID))
    if not isinstance(problems, ProblemLibrary):
        raise ContentError(LIBRARY_FILE, Message(key="content.not_loaded_id", what=LIBRARY, id=LIBRARY_ID))
    return ProposalContent(template, problems)


def section_label(library: ContentLibrary, path: str) -> Label | None:
    """The template's section a stored path of the proposal names (``texts.<section>.<lang>``, as a refused
    change names it), by its title; None when it names none (or the template is not loaded)."""
    if not path.startswith("texts."):
        return None
    template = library.documents.get("proposal_template", {}).get(TEMPLATE_ID)
    parts = path.split(".")
    for end in range(len(parts), 1, -1):  # a section's id may hold a dot
        section = template.section(".".join(parts[1:end])) if isinstance(template, ProposalTemplate) else None
        if section is not None:
            return Label(ja=section.title.ja, en=section.title.en)
    return None

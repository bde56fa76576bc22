"""Which hearing answers each proposal section is built from (for suspect links, issue 19).

A section's own text is the user's; its generated block reads answers: the project block the
background and the goal, the scope block every item tagged ``scope``, the schedule block the
milestones and the PoC's dates (:mod:`app.proposal.view`, :mod:`app.proposal.schedule`).
"""

from __future__ import annotations

from dataclasses import dataclass

from app.core.content.loader import ContentLibrary
from app.core.messages import Label
from app.proposal.content import proposal_content
from app.proposal.inputs import HEARING_ID
from app.proposal.model import Block
from app.proposal.view import SCOPE_TAG

_FIXED: dict[Block, tuple[str, ...]] = {
    Block.PROJECT: ("hearing.basics.background", "hearing.basics.purpose_goal"),
    Block.SCHEDULE: ("hearing.basics.schedule", "hearing.basics.poc_start", "hearing.basics.poc_end"),
}


@dataclass(frozen=True)
class SectionSources:
    section_id: str
    title: Label
    items: tuple[str, ...]


def section_sources(library: ContentLibrary) -> list[SectionSources]:
    """The proposal's sections that read hearing answers, with those answers' item ids."""
    template = proposal_content(library).template
    hearing = library.checklists.get(HEARING_ID)
    scope = tuple(i.id for i in hearing.walk_items() if SCOPE_TAG in i.tags) if hearing else ()
    found = []
    for section in template.sections:
        items = scope if section.block == Block.SCOPE else _FIXED.get(section.block, ())
        if items:
            found.append(SectionSources(section.id, Label(ja=section.title.ja, en=section.title.en), items))
    return found

"""What a proposal shows besides its own document, read once from the database and then reused."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from app.core.content.model import Checklist
from app.core.messages import Label
from app.core.project import ProjectInfo
from app.hearing import Answer
from app.proposal.content import ProposalContent
from app.wbs import PlanTask

if TYPE_CHECKING:
    from app.wbs import Calendar

HEARING_ID = "hearing"


@dataclass(frozen=True)
class ProposalInputs:
    """Everything a proposal shows besides the document itself (read once, then reused)."""

    project: ProjectInfo
    content: ProposalContent
    hearing: Checklist | None
    answers: dict[str, Answer]
    plan: list[PlanTask]
    today: dt.date
    not_applicable: Label = Label(ja="対象外", en="Not applicable")  # the status's name in the content in force
    calendar: Calendar | None = None  # the working days the WBS is scheduled on (None: national holidays alone)
    # Each phase of the WBS's tasks as the WBS's summary sheet names it (a phase the user typed: as typed; none:
    # 「未設定」), in the WBS's phase order: the effort table's rows for the phases no task 0-5 stands for.
    phase_labels: dict[str, Label] = field(default_factory=dict)


def answer_value(inputs: ProposalInputs, item_id: str) -> Any:
    answer = inputs.answers.get(item_id)
    return answer.value if answer else None


def date_answer(inputs: ProposalInputs, item_id: str) -> dt.date | None:
    value = answer_value(inputs, item_id)
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) and value else None
    except ValueError:
        return None


def leaf_tasks(plan: list[PlanTask]) -> list[PlanTask]:
    """The tasks no other task is under (by outline: "1.2" has "1.2.1" under it), in one pass."""
    parents = {t.outline.rpartition(".")[0] for t in plan}
    return [t for t in plan if t.outline not in parents]

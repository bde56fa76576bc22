"""The kickoff proposal (導入提案): its content files and the per-project document.

Content (``checklists/problems.yaml``, ``checklists/proposal.yaml``) says what a proposal can
hold: the problems-and-countermeasures library, the sections with their default texts, the MLOps
tasks 0-5 and the document's wording. The per-project :class:`ProposalDoc` keeps only what the
user changed (edited texts per language, the chosen and custom problem rows, effort overrides);
everything else comes from the content and from the hearing's answers when the proposal is shown.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

from app.core.content.model import Identifier, Localized, Strict, _unique_ids, known_schema
from app.core.errors import InvalidContent
from app.core.i18n import Lang
from app.core.messages import Label, Many

TASK_NUMBERS = range(6)  # the seed's MLOps tasks 0 (proposal) to 5 (system planning)
ROLES = ("mlops", "ds")


class Phase(StrEnum):
    """Where a problem bites: the project phases of the seed (PoC -> build -> operation)."""

    POC = "poc"
    BUILD = "build"
    OPERATION = "operation"


class Block(StrEnum):
    """Generated content a section shows after its text."""

    NONE = "none"
    PROJECT = "project"
    PROBLEMS = "problems"
    TASKS = "tasks"
    SCOPE = "scope"
    SCHEDULE = "schedule"
    EFFORT = "effort"


# --- content ------------------------------------------------------------------------------------


class Problem(Strict):
    """One row of the library: a problem, its countermeasure, where it bites, which task fixes it."""

    id: Identifier
    task: int = Field(ge=0, le=5)
    phase: Phase
    problem: Localized
    countermeasure: Localized
    default: bool = False
    seed: str = ""  # the seed article's own sentence, word for word (checked by a test)


class ProblemLibrary(Strict):
    """``type: problems``: the library the proposal's table picks rows from."""

    schema_: int = Field(1, alias="schema")
    id: Identifier
    version: int = Field(ge=1)
    title: Localized
    problems: list[Problem]

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    _schema = field_validator("schema_")(known_schema)

    @model_validator(mode="after")
    def _unique(self) -> ProblemLibrary:
        _unique_ids(self.problems, Label(ja="課題", en="problem"))
        return self

    # The problems of the library this one replaced (the shipped one, under the consultant's own) that it
    # no longer has: never offered, but a proposal row that picked one still reads its wording, never its id.
    _retired: tuple[Problem, ...] = PrivateAttr(default=())

    def get(self, problem_id: str) -> Problem | None:
        return next((p for p in (*self.problems, *self._retired) if p.id == problem_id), None)

    def over(self, previous: ProblemLibrary) -> ProblemLibrary:
        """This library as it replaces ``previous`` (same id): its problems, and ``previous``'s it dropped retired."""
        mine = {p.id for p in self.problems}
        merged = self.model_copy()
        merged._retired = tuple(p for p in (*previous.problems, *previous._retired) if p.id not in mine)
        return merged


class TemplateSection(Strict):
    id: Identifier
    title: Localized
    body: Localized
    block: Block = Block.NONE
    style: Literal["text", "quote"] = "text"


class Labelled(Strict):
    id: Identifier
    label: Localized


class TaskTemplate(Strict):
    """One MLOps task of the seed with its default window in the PoC and its default effort."""

    number: int = Field(ge=0, le=5)
    plan_phase: str
    title: Localized
    summary: Localized
    ds_work: Localized
    window: tuple[float, float]
    effort: dict[str, float]

    @model_validator(mode="after")
    def _sane(self) -> TaskTemplate:
        start, end = self.window
        if not 0 <= start <= end <= 1:
            raise InvalidContent(key="content.task_window", task=self.number)
        unknown = set(self.effort) - set(ROLES)
        if unknown:
            raise InvalidContent(key="content.task_roles", task=self.number, roles=Many(tuple(sorted(unknown))), known=Many(ROLES))
        if any(v < 0 for v in self.effort.values()):
            raise InvalidContent(key="content.task_effort", task=self.number)
        return self


REQUIRED_LABELS = (
    "created", "customer", "project", "case_background", "case_purpose", "row_no", "problem", "countermeasure",
    "phase", "task", "no_problems", "task_number", "task_summary", "level", "component",
    "in_scope", "not_answered", "scope_none", "scope_summary_now", "scope_summary_later", "phase_col", "start",
    "end", "timeline", "tbd", "after_poc", "milestones", "dates_from_wbs", "dates_from_hearing",
    "dates_unknown", "ds_work", "total", "person_days", "effort_from_wbs", "effort_manual",
)  # fmt: skip


class ProposalTemplate(Strict):
    """``type: proposal_template``: sections, phases, roles, tasks 0-5 and the document's wording."""

    schema_: int = Field(1, alias="schema")
    id: Identifier
    version: int = Field(ge=1)
    title: Localized
    sections: list[TemplateSection]
    phases: list[Labelled]
    roles: list[Labelled]
    tasks: list[TaskTemplate]
    labels: dict[str, Localized]

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    _schema = field_validator("schema_")(known_schema)

    @model_validator(mode="after")
    def _complete(self) -> ProposalTemplate:
        _unique_ids(self.sections, Label(ja="セクション", en="section"))
        if {p.id for p in self.phases} != {p.value for p in Phase}:
            raise InvalidContent(key="content.phases", phases=Many(tuple(p.value for p in Phase)))
        if [r.id for r in self.roles] != list(ROLES):
            raise InvalidContent(key="content.roles", roles=Many(ROLES))
        if sorted(t.number for t in self.tasks) != list(TASK_NUMBERS):
            raise InvalidContent(key="content.tasks")
        missing = [k for k in REQUIRED_LABELS if k not in self.labels]
        if missing:
            raise InvalidContent(key="content.labels_missing", labels=Many(tuple(missing)))
        return self

    def section(self, section_id: str) -> TemplateSection | None:
        return next((s for s in self.sections if s.id == section_id), None)

    def task(self, number: int) -> TaskTemplate:
        return next(t for t in self.tasks if t.number == number)

    def label(self, key: str, lang: Lang) -> str:
        text = self.labels.get(key)
        return text.get(lang) if text else key

    def phase_label(self, phase: str, lang: Lang) -> str:
        found = next((p for p in self.phases if p.id == phase), None)
        return found.label.get(lang) if found else phase

    def role_label(self, role: str, lang: Lang) -> str:
        found = next((r for r in self.roles if r.id == role), None)
        return found.label.get(lang) if found else role


# --- the per-project document ---------------------------------------------------------------------


class Loose(BaseModel):
    """Stored data: unknown keys from a newer app are kept, never dropped."""

    model_config = ConfigDict(extra="allow")


class ProblemRow(Loose):
    """A row of the project's problems table.

    ``ref`` names a library problem; its texts, phase and task come from the library (in the
    document's language) unless the row overrides them. A row without ``ref`` is the user's own.
    ``problem`` and ``countermeasure`` hold the user's wording per language (``{"ja": …, "en": …}``);
    a plain text (stored before wordings were per language) is the wording of both
    (:mod:`app.proposal.rows` reads and edits them). ``key`` is an own row's identity, given when it is added
    (:func:`app.proposal.row_merge.new_key`): two windows' rows merge by it (absent in rows stored before, and never
    written as null).
    """

    ref: str | None = None
    key: str | None = Field(default=None, exclude_if=lambda value: value is None)
    problem: str | dict[str, str] = ""
    countermeasure: str | dict[str, str] = ""
    phase: Phase | None = None
    task: int | None = Field(default=None, ge=0, le=5)

    @property
    def is_custom(self) -> bool:
        return self.ref is None


class ProposalDoc(Loose):
    """What the user changed in a project's proposal (stored as the project document "proposal").

    ``texts[section][lang]`` holds an edited section text (absent: the template's); ``rows`` is
    None until the user changes the table (then the library's default rows are copied in);
    ``effort["2"]["ds"]`` overrides the template's person-days (used until a WBS exists).
    """

    version: int = 1
    texts: dict[str, dict[str, str]] = Field(default_factory=dict)
    rows: list[ProblemRow] | None = None
    effort: dict[str, dict[str, float]] = Field(default_factory=dict)

    @field_validator("effort")
    @classmethod
    def _effort_shape(cls, value: dict[str, dict[str, float]]) -> dict[str, dict[str, float]]:
        for task, roles in value.items():
            if task not in {str(n) for n in TASK_NUMBERS}:
                raise InvalidContent(key="proposal.effort_task", task=task)
            for role, days in roles.items():
                if role not in ROLES:
                    raise InvalidContent(key="proposal.effort_role", role=role)
                if days < 0:
                    raise InvalidContent(key="proposal.effort_negative")
        return value

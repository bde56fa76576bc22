"""Everything the environment documents say about a project, read once in one language.

The wiki pages, the experiment-management sheet and the scaffold are all written from these
facts: the hearing answers (formatted for a reader), the environment choices, the data sources
with their place on the data platform, the team, the customer report points and the WBS tasks.
Values are plain text here; each document escapes them for its own format.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from app import wbs
from app.core.content.loader import ContentLibrary
from app.core.content.model import AnswerKind
from app.core.i18n import Lang
from app.core.project import ProjectInfo
from app.core.projects import ProjectService
from app.core.workspace import Workspace
from app.environment.service import EnvironmentChoices, EnvironmentService
from app.hearing import Answer, AnswerService, AnswerStatus, format_cell, format_value
from app.wbs import PlanTask

SCHEDULE_ITEM = "hearing.basics.schedule"
TEAM_ITEM = "hearing.basics.team"
REPORT_KINDS = ("interim_report", "final_report")


@dataclass(frozen=True)
class ScopeRow:
    level: str  # the section title ("Level 0: manual process")
    component: str
    value: str  # now | later | out | ""
    value_label: str


@dataclass(frozen=True)
class Milestone:
    title: str
    date: dt.date | None
    kind: str  # interim_report | final_report | phase | other | ""

    @property
    def is_report(self) -> bool:
        return self.kind in REPORT_KINDS

    @property
    def tag(self) -> str:
        """The git tag at this report point, e.g. ``report-interim-2026-02-16``."""
        label = {"interim_report": "interim", "final_report": "final"}.get(self.kind, "milestone")
        return f"report-{label}-{self.date.isoformat()}" if self.date else f"report-{label}"


@dataclass
class ProjectFacts:
    project: ProjectInfo
    lang: Lang
    library: ContentLibrary
    answers: dict[str, Answer]
    choices: EnvironmentChoices
    tasks: list[PlanTask] = field(default_factory=list)

    # --- hearing answers by item id (for templates: answer("hearing.basics.background")) -------

    def raw(self, item_id: str) -> Any:
        answer = self.answers.get(item_id)
        return answer.value if answer else None

    def answer(self, item_id: str) -> str:
        """The "now" answer as a reader sees it ('' when not answered)."""
        return self._format(item_id, "value")

    def later(self, item_id: str) -> str:
        """The "later" (これから) answer of a now / later item."""
        return self._format(item_id, "later")

    def _format(self, item_id: str, which: str) -> str:
        answer = self.answers.get(item_id)
        if answer is None:
            return ""
        value = getattr(answer, which)
        item = self.library.item(item_id)
        if value is None or (item is not None and item.kind == AnswerKind.TABLE):
            return ""
        return format_value(item, value, self.lang).strip()

    def follow_up(self, item_id: str) -> bool:
        answer = self.answers.get(item_id)
        return bool(answer and answer.status == AnswerStatus.FOLLOW_UP)

    def note(self, item_id: str) -> str:
        answer = self.answers.get(item_id)
        return answer.note if answer else ""

    def label(self, item_id: str) -> str:
        item = self.library.item(item_id)
        return item.label.get(self.lang) if item else item_id

    def columns(self, item_id: str) -> list[tuple[str, str]]:
        item = self.library.item(item_id)
        return [(c.id, c.label.get(self.lang)) for c in item.columns] if item else []

    def rows(self, item_id: str) -> list[dict[str, str]]:
        """A table answer's rows, every cell formatted ('' for empty cells)."""
        item = self.library.item(item_id)
        value = self.raw(item_id)
        if item is None or not isinstance(value, list):
            return []
        columns = {c.id: c for c in item.columns}
        result = []
        for row in value:
            if not isinstance(row, dict):
                continue
            result.append({cid: format_cell(col, row.get(cid), self.lang) for cid, col in columns.items()})
        return result

    # --- derived ------------------------------------------------------------------------------

    def scope(self) -> list[ScopeRow]:
        checklist = self.library.checklists.get("hearing")
        if checklist is None:
            return []
        rows = []
        for section in checklist.walk_sections():
            for item in section.items:
                if "scope" not in item.tags:
                    continue
                value = self.raw(item.id)
                option = item.option(value) if isinstance(value, str) else None
                rows.append(
                    ScopeRow(
                        section.title.get(self.lang),
                        item.label.get(self.lang),
                        value if option else "",
                        option.label.get(self.lang) if option else "",
                    )
                )
        return rows

    def milestones(self) -> list[Milestone]:
        result = []
        for row in self.raw(SCHEDULE_ITEM) or []:
            if not isinstance(row, dict):
                continue
            date = None
            if row.get("date"):
                try:
                    date = dt.date.fromisoformat(str(row["date"]))
                except ValueError:
                    date = None
            result.append(Milestone(str(row.get("milestone") or ""), date, str(row.get("kind") or "")))
        return sorted(result, key=lambda m: (m.date is None, m.date or dt.date.max))

    def report_points(self) -> list[Milestone]:
        return [m for m in self.milestones() if m.is_report]

    def team(self) -> list[str]:
        """Names of the team (from the hearing's team table, then the roles table)."""
        names: list[str] = []
        for item_id, column in ((TEAM_ITEM, "name"), ("hearing.basics.tasks_roles", "assignee")):
            for row in self.raw(item_id) or []:
                name = " ".join(str(row.get(column) or "").split()) if isinstance(row, dict) else ""
                if name and name not in names:
                    names.append(name)
        return names

    def tasks_with_conditions(self) -> list[PlanTask]:
        return [t for t in self.tasks if t.completion_condition.strip()]

    def tasks_without_conditions(self) -> list[PlanTask]:
        return [t for t in self.tasks if not t.completion_condition.strip()]


def gather(ws: Workspace, project_id: int, lang: Lang) -> ProjectFacts:
    project = ProjectService(ws.db).get(project_id)
    answers = AnswerService(ws.db, ws.library).answers(project_id)
    choices = EnvironmentService(ws).choices(project_id, lang, answers)
    return ProjectFacts(project, lang, ws.library, answers, choices, wbs.plan_tasks(ws, project_id, lang))

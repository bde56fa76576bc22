"""WBS task templates as content: phases, the priority scale, owner roles, and rules.

A rule has a condition on hearing answers (``when``) and the tasks it proposes. Files of
``type: wbs_rules`` under ``checklists/`` are parsed into these models; the shipped one is
``checklists/wbs_rules.yaml``. A user's file with another id adds rules (and may bring its own
priority scale); one with the same id replaces the shipped file.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import ConfigDict, Field, field_validator, model_validator

from app.core.content.model import Identifier, Localized, Strict
from app.core.messages import Label, Message

Which = Literal["now", "later", "either"]
OftenMissed = Literal["adoption", "resources"]
# The default scale's keys, in rank order: templates use them; a custom scale is matched by rank.
DEFAULT_PRIORITIES = ("must", "should", "could", "wont")


class Condition(Strict):
    """A test on one answer, or a combination (``all`` / ``any`` / ``not``).

    On one item: ``equals`` (a multi answer contains it), ``in`` (any of these), ``row`` (a table
    row whose cells equal these), ``at_least`` (a number), or ``answered``; with none of them the
    item only has to be answered. ``of`` picks the now or later value of a now/later item.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    item: str | None = None
    of: Which = "now"
    equals: str | int | float | bool | None = None
    in_: list[str | int | float | bool] | None = Field(None, alias="in")
    row: dict[str, Any] | None = None
    at_least: float | None = None
    answered: bool | None = None
    all: list[Condition] | None = None
    any: list[Condition] | None = None
    not_: Condition | None = Field(None, alias="not")

    @model_validator(mode="after")
    def _one_shape(self) -> Condition:
        combos = [self.all is not None, self.any is not None, self.not_ is not None]
        tests = [self.equals is not None, self.in_ is not None, self.row is not None, self.at_least is not None, self.answered is not None]
        if sum(combos) > 1 or (any(combos) and (self.item or any(tests))):
            raise ValueError(Message(key="wbs.rules_condition_shape"))
        if not any(combos) and not self.item:
            raise ValueError(Message(key="wbs.rules_condition_item"))
        if sum(tests) > 1:
            raise ValueError(Message(key="wbs.rules_one_test"))
        return self

    def items(self) -> list[str]:
        """Every item id the condition reads."""
        if self.item:
            return [self.item]
        nested = self.all or self.any or ([self.not_] if self.not_ else [])
        return [i for c in nested for i in c.items()]


class DateSource(Strict):
    """A date taken from an answer: a date item, or the ``column`` of the first table row matching ``row``."""

    item: str
    row: dict[str, Any] | None = None
    column: str | None = None


class Predecessor(Strict):
    """``task`` (finish-to-start, ``lag`` working days after); when it is not in the WBS, ``otherwise``."""

    task: Identifier
    lag: int = 0
    otherwise: Identifier | None = None


class Wording(Strict):
    """Other texts for a task while ``when`` holds (the first that holds wins): a task the scope leaves
    standing asks nothing of what the scope took out (the data scientists' trial of a training
    environment there is none of)."""

    when: Condition
    title: Localized | None = None
    description: Localized | None = None
    completion: Localized | None = None
    output: Localized | None = None


class TaskTemplate(Strict):
    id: Identifier
    phase: Identifier | None = None  # default: the rule's phase
    parent: Identifier | None = None  # another template's id; default: the phase's summary task
    title: Localized
    description: Localized | None = None
    priority: str = "should"
    completion: Localized
    output: Localized
    role: Identifier = "mlops"
    estimate: float = Field(1.0, ge=0, le=1000)
    often_missed: OftenMissed | None = None
    milestone: bool = False
    after: list[Identifier | Predecessor] = Field(default_factory=list)
    not_before: list[DateSource] = Field(default_factory=list)  # the first that gives a date
    when: Condition | None = None  # on top of the rule's own condition
    wordings: list[Wording] = Field(default_factory=list)

    def predecessors(self) -> list[Predecessor]:
        return [p if isinstance(p, Predecessor) else Predecessor(task=p) for p in self.after]


class Rule(Strict):
    id: Identifier
    why: Localized | None = None
    phase: Identifier | None = None
    when: Condition | None = None  # None: always proposed
    tasks: list[TaskTemplate]


class ScaleEntry(Strict):
    id: Identifier
    label: Localized
    help: Localized | None = None


class Role(Strict):
    id: Identifier
    label: Localized


class Phase(Strict):
    id: Identifier
    title: Localized
    completion: Localized
    output: Localized
    role: Identifier = "mlops"


class WbsRules(Strict):
    """A whole ``type: wbs_rules`` file."""

    schema_: int = Field(1, alias="schema")
    id: Identifier
    version: int = Field(1, ge=1)
    title: Localized | None = None
    description: Localized | None = None
    priority_scale: list[ScaleEntry] = Field(default_factory=list)
    roles: list[Role] = Field(default_factory=list)
    phases: list[Phase] = Field(default_factory=list)
    rules: list[Rule] = Field(default_factory=list)

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @field_validator("schema_")
    @classmethod
    def _known_schema(cls, v: int) -> int:
        if v != 1:
            raise ValueError(Message(key="wbs.rules_schema", schema=v))
        return v

    @model_validator(mode="after")
    def _references(self) -> WbsRules:
        def unique(values: list, what: Label) -> set[str]:
            seen: set[str] = set()
            for value in values:
                if value.id in seen:
                    raise ValueError(Message(key="wbs.rules_duplicate", what=what, id=value.id))
                seen.add(value.id)
            return seen

        unique(self.priority_scale, Label(ja="優先度", en="priority"))
        unique(self.roles, Label(ja="ロール", en="role"))
        unique(self.phases, Label(ja="フェーズ", en="phase"))
        unique(self.rules, Label(ja="ルール", en="rule"))
        templates = unique([t for r in self.rules for t in r.tasks], Label(ja="タスク", en="task"))
        defined: set[str] = set()
        for rule in self.rules:
            for task in rule.tasks:
                if task.parent and task.parent not in defined:
                    raise ValueError(Message(key="wbs.rules_parent_order", task=task.id, parent=task.parent))
                for pred in task.predecessors():
                    for named in (pred.task, pred.otherwise):
                        if named is not None and named not in templates:
                            raise ValueError(Message(key="wbs.rules_predecessor", task=task.id, predecessor=named))
                if not (task.phase or rule.phase):
                    raise ValueError(Message(key="wbs.rules_no_phase", task=task.id))
                defined.add(task.id)
        return self

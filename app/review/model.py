"""Readiness-review content: the scored checklists of ``checklists/review_*.yaml`` (type ``review_checklist``).

Each file is one checklist with its source, its licence, its scale (``levels``) and how it is
scored (``scoring``): ``ml_test_score`` (0 / 0.5 / 1 per test with its evidence; section sums, the
final score is the lowest section, its ``bands``), ``level`` (a level per item with a note; an
item below ``pass_level`` is unmet) or ``current_target`` (a current and a target level per item).
Items carry ``prefill`` rules: what the project already knows (a hearing answer, a WBS task done,
an environment field set) suggests a value, which the engineer confirms.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Literal

from pydantic import Field, field_validator, model_validator

from app.core.content.model import Identifier, Localized, Strict, known_schema
from app.core.errors import InvalidContent
from app.core.messages import Label

if TYPE_CHECKING:
    from app.core.i18n import Lang


class Scoring(StrEnum):
    ML_TEST_SCORE = "ml_test_score"
    LEVEL = "level"
    CURRENT_TARGET = "current_target"


# The value fields an answer has, by scoring (plus its text: evidence or note).
VALUE_FIELDS: dict[Scoring, tuple[str, ...]] = {
    Scoring.ML_TEST_SCORE: ("score",),
    Scoring.LEVEL: ("level",),
    Scoring.CURRENT_TARGET: ("current", "target"),
}
TEXT_FIELD: dict[Scoring, str] = {Scoring.ML_TEST_SCORE: "evidence", Scoring.LEVEL: "note", Scoring.CURRENT_TARGET: "note"}
ValueField = Literal["score", "level", "current", "target"]


class Source(Strict):
    citation: str = Field(min_length=1)
    url: str = ""
    edition: str = ""


class Licence(Strict):
    name: str = Field(min_length=1)  # "CC BY 4.0", or "none" (paraphrased, cited)
    url: str = ""
    attribution: Localized | None = None
    note: Localized | None = None


class Level(Strict):
    value: float
    label: Localized


class Band(Strict):
    """A range of the final score: above ``above`` (exclusive) up to ``upto`` (inclusive)."""

    above: float | None = None
    upto: float | None = None
    label: Localized

    def holds(self, score: float) -> bool:
        return (self.above is None or score > self.above) and (self.upto is None or score <= self.upto)


class PrefillRule(Strict):
    """One thing the project knows that suggests ``value`` for ``field`` of the item.

    Exactly one source: ``hearing`` (an item id: any answer, or one of the option ids in ``is``),
    ``wbs`` (a WBS template id: a task made from it is done) or ``environment`` (an environment or
    data-platform field the user set: any value, or one of ``is``).
    """

    field: ValueField
    value: float
    hearing: str = ""
    wbs: str = ""
    environment: str = ""
    is_: list[str] = Field(default_factory=list, alias="is")

    model_config = Strict.model_config | {"populate_by_name": True}

    @model_validator(mode="after")
    def _one_source(self) -> PrefillRule:
        if sum(bool(s) for s in (self.hearing, self.wbs, self.environment)) != 1:
            raise InvalidContent(key="review.prefill_source")
        return self

    @property
    def source_kind(self) -> str:
        return "hearing" if self.hearing else "wbs" if self.wbs else "environment"

    @property
    def ref(self) -> str:
        return self.hearing or self.wbs or self.environment


class TaskText(Strict):
    """The WBS task an unmet item becomes; ``{item}`` and ``{checklist}`` are filled in."""

    title: Localized
    condition: Localized
    output: Localized | None = None


class ReviewItem(Strict):
    id: Identifier
    label: Localized
    help: Localized | None = None
    level: int | None = None  # a Google component's own level (0-2)
    prefill: list[PrefillRule] = Field(default_factory=list)


class ReviewSection(Strict):
    id: Identifier
    title: Localized
    items: list[ReviewItem] = Field(default_factory=list)


class ReviewChecklist(Strict):
    schema_: int = Field(1, alias="schema")
    id: Identifier
    version: int = Field(1, ge=1)
    order: int = 100
    title: Localized
    scoring: Scoring
    chart: Literal["bars", "radar", "none"] = "none"
    source: Source
    licence: Licence
    levels: list[Level] = Field(min_length=2)
    bands: list[Band] = Field(default_factory=list)
    pass_level: float | None = None
    task: TaskText
    sections: list[ReviewSection] = Field(min_length=1)

    model_config = Strict.model_config | {"populate_by_name": True}

    @field_validator("schema_")
    @classmethod
    def _known_schema(cls, value: int) -> int:
        return known_schema(value)

    @model_validator(mode="after")
    def _consistent(self) -> ReviewChecklist:
        seen: set[str] = set()
        values = {lv.value for lv in self.levels}
        fields = VALUE_FIELDS[self.scoring]
        for item in self.items():
            if item.id in seen:
                raise InvalidContent(key="content.duplicate_id_of", what=Label(ja="項目", en="item"), id=item.id)
            seen.add(item.id)
            for rule in item.prefill:
                if rule.field not in fields:
                    raise InvalidContent(key="review.prefill_field", id=item.id, field=rule.field)
                if rule.value not in values:
                    raise InvalidContent(key="review.prefill_value", id=item.id, value=rule.value)
        if self.scoring == Scoring.ML_TEST_SCORE and not self.bands:
            raise InvalidContent(key="review.no_bands")
        return self

    def items(self) -> list[ReviewItem]:
        return [item for section in self.sections for item in section.items]

    def item(self, item_id: str) -> ReviewItem | None:
        return next((i for i in self.items() if i.id == item_id), None)

    def section_of(self, item_id: str) -> ReviewSection | None:
        return next((s for s in self.sections if any(i.id == item_id for i in s.items)), None)

    def level_label(self, value: float | None, lang: Lang) -> str:
        found = next((lv for lv in self.levels if value is not None and lv.value == value), None)
        return found.label.get(lang) if found else ""

    @property
    def max_level(self) -> float:
        return max(lv.value for lv in self.levels)

    @property
    def min_level(self) -> float:
        return min(lv.value for lv in self.levels)

"""Checklist content: sections and items with stable IDs, in Japanese and English.

Files under ``checklists/`` are parsed into these models; validation errors are turned into
messages naming the file and the item by :mod:`app.core.content.loader`.
"""

from __future__ import annotations

from collections.abc import Iterator
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from app.core.errors import InvalidContent
from app.core.i18n import Lang
from app.core.messages import Label

ID_PATTERN = r"^[a-z0-9][a-z0-9_\-]*(\.[a-z0-9][a-z0-9_\-]*)*$"

Identifier = Annotated[str, Field(pattern=ID_PATTERN, max_length=120)]
Bound = Annotated[float, Field(allow_inf_nan=False)]  # the least or the most a number column takes


OPTION = Label(ja="選択肢", en="option")
COLUMN = Label(ja="列", en="column")


def known_schema(value: int) -> int:
    """A content file's ``schema``: this version of the app reads schema 1."""
    if value != 1:
        raise InvalidContent(key="content.unknown_schema", schema=value)
    return value


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Localized(Strict):
    """A text in both languages; ``en`` falls back to ``ja`` and vice versa when one is missing."""

    ja: str = ""
    en: str = ""

    @model_validator(mode="after")
    def _not_empty(self) -> Localized:
        if not self.ja.strip() and not self.en.strip():
            raise InvalidContent(key="content.needs_text")
        return self

    def get(self, lang: Lang) -> str:
        primary = self.ja if lang == "ja" else self.en
        return primary or self.en or self.ja


class AnswerKind(StrEnum):
    CHECK = "check"  # a tick plus free text
    TEXT = "text"
    CHOICE = "choice"
    MULTI = "multi"
    NUMBER = "number"
    DATE = "date"
    TABLE = "table"

    def holds(self, value: Any) -> bool:
        """Whether ``value`` has the shape an answer of this kind is stored in (an answer saved before
        the checklist changed its item's kind has another: it is said as its words, never read as this
        kind). A list of words is no table (its rows are mappings), a list of rows no choices."""
        if value is None:
            return True
        match self:
            case AnswerKind.TEXT | AnswerKind.CHOICE | AnswerKind.DATE:
                return isinstance(value, str)
            case AnswerKind.CHECK:
                return isinstance(value, dict) and set(value) <= {"checked", "text"}
            case AnswerKind.MULTI:
                return isinstance(value, list | tuple) and not any(isinstance(v, dict | list | tuple) for v in value)
            case AnswerKind.NUMBER:
                return isinstance(value, int | float) and not isinstance(value, bool)
            case AnswerKind.TABLE:
                return isinstance(value, list | tuple) and all(isinstance(row, dict) for row in value)
        return True


class ColumnKind(StrEnum):
    TEXT = "text"
    NUMBER = "number"
    CHOICE = "choice"
    BOOL = "bool"
    DATE = "date"


class Option(Strict):
    id: Identifier
    label: Localized


def _unique_ids(values: list[Any], what: Label) -> list[Any]:
    """``values`` (options, columns, sections...) each with an id of its own; ``what`` names them."""
    seen: set[str] = set()
    for v in values:
        if v.id in seen:
            raise InvalidContent(key="content.duplicate_id_of", what=what, id=v.id)
        seen.add(v.id)
    return values


class Column(Strict):
    id: Identifier
    label: Localized
    kind: ColumnKind = ColumnKind.TEXT
    options: list[Option] = Field(default_factory=list)
    unit: Localized | None = None
    unit_one: Localized | None = None  # after exactly 1, where the language has a singular ("1 person")
    help: Localized | None = None
    # A number column's range (a count is never negative, a volume has a sane most): a number outside it
    # is refused as typed, naming the column (a draft in the window), never stored.
    minimum: Bound | None = None
    maximum: Bound | None = None

    @model_validator(mode="after")
    def _options_fit_kind(self) -> Column:
        if self.unit_one is not None and self.unit is None:
            raise InvalidContent(key="content.column_unit_one", id=self.id)
        if (self.minimum is not None or self.maximum is not None) and self.kind != ColumnKind.NUMBER:
            raise InvalidContent(key="content.column_range_kind", id=self.id, kind=self.kind.value)
        if self.minimum is not None and self.maximum is not None and self.minimum > self.maximum:
            raise InvalidContent(key="content.column_range_order", id=self.id)
        if self.kind == ColumnKind.CHOICE and not self.options:
            raise InvalidContent(key="content.column_without_options", id=self.id)
        if self.kind != ColumnKind.CHOICE and self.options:
            raise InvalidContent(key="content.column_options_kind", id=self.id, kind=self.kind.value)
        _unique_ids(self.options, OPTION)
        return self


class Item(Strict):
    """One question of a checklist."""

    id: Identifier
    label: Localized
    help: Localized | None = None
    kind: AnswerKind = AnswerKind.TEXT
    options: list[Option] = Field(default_factory=list)
    unit: Localized | None = None
    unit_one: Localized | None = None  # after exactly 1, where the language has a singular ("1 person")
    columns: list[Column] = Field(default_factory=list)
    now_later: bool = False
    tags: list[str] = Field(default_factory=list)
    # The facts live in another item (e.g. the hearing's data sources): shown read-only beside
    # this item, which keeps only what it adds, so nothing is typed twice.
    linked_item: Identifier | None = None
    # A number item's range, as a number column's (a count of people is never negative).
    minimum: Bound | None = None
    maximum: Bound | None = None

    @model_validator(mode="after")
    def _shape_fits_kind(self) -> Item:
        needs_options = self.kind in (AnswerKind.CHOICE, AnswerKind.MULTI)
        if needs_options and not self.options:
            raise InvalidContent(key="content.kind_needs_options", kind=self.kind.value)
        if not needs_options and self.options:
            raise InvalidContent(key="content.options_kind", kind=self.kind.value)
        if self.kind == AnswerKind.TABLE and not self.columns:
            raise InvalidContent(key="content.table_needs_columns")
        if self.kind != AnswerKind.TABLE and self.columns:
            raise InvalidContent(key="content.columns_kind", kind=self.kind.value)
        if self.unit is not None and self.kind != AnswerKind.NUMBER:
            raise InvalidContent(key="content.unit_needs_number")
        if (self.minimum is not None or self.maximum is not None) and self.kind != AnswerKind.NUMBER:
            raise InvalidContent(key="content.item_range_kind", id=self.id, kind=self.kind.value)
        if self.minimum is not None and self.maximum is not None and self.minimum > self.maximum:
            raise InvalidContent(key="content.item_range_order", id=self.id)
        if self.unit_one is not None and self.unit is None:
            raise InvalidContent(key="content.unit_one_needs_unit")
        _unique_ids(self.options, OPTION)
        _unique_ids(self.columns, COLUMN)
        return self

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)


class Section(Strict):
    id: Identifier
    title: Localized
    help: Localized | None = None
    items: list[Item] = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list)

    @model_validator(mode="after")
    def _not_empty(self) -> Section:
        if not self.items and not self.sections:
            raise InvalidContent(key="content.empty_section", id=self.id)
        return self

    def walk_items(self) -> Iterator[Item]:
        yield from self.items
        for sub in self.sections:
            yield from sub.walk_items()

    def walk_sections(self) -> Iterator[Section]:
        yield self
        for sub in self.sections:
            yield from sub.walk_sections()


class Checklist(Strict):
    """A whole checklist file. ``version`` goes up when the content changes."""

    schema_: int = Field(1, alias="schema")
    id: Identifier
    version: int = Field(ge=1)
    title: Localized
    description: Localized | None = None
    sections: list[Section]

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @field_validator("schema_")
    @classmethod
    def _known_schema(cls, v: int) -> int:
        return known_schema(v)

    @model_validator(mode="after")
    def _ids_unique_and_prefixed(self) -> Checklist:
        seen: set[str] = set()
        for section in self.walk_sections():
            if section.id in seen:
                raise InvalidContent(key="content.duplicate_id", id=section.id)
            seen.add(section.id)
        for item in self.walk_items():
            if not item.id.startswith(self.id + "."):
                raise InvalidContent(key="content.item_prefix", id=item.id, checklist=self.id)
            if item.id in seen:
                raise InvalidContent(key="content.duplicate_id", id=item.id)
            seen.add(item.id)
        return self

    def walk_sections(self) -> Iterator[Section]:
        for s in self.sections:
            yield from s.walk_sections()

    def walk_items(self) -> Iterator[Item]:
        for s in self.sections:
            yield from s.walk_items()

    def item(self, item_id: str) -> Item | None:
        return next((i for i in self.walk_items() if i.id == item_id), None)

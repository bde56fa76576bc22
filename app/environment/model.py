"""Content for the experiment environment, data platform and CI (the seed's phases 2-4).

Three content files describe them as data (``checklists/``):

- ``environment_form``: the choices that shape the documents (repository host, branch model,
  directory template, experiment tracking, storage, CI, Docker base image, ...), each with its
  option list, default and the hearing answers it is prefilled from; the data kinds that need a
  place in storage (raw, processed, models, metadata); the directory layouts.
- ``wiki_toc``: the experiment-rules wiki's table of contents (the seed's 0-7 plus the
  data-platform and CI pages) and the template that renders each page.
- ``experiment_sheet``: the experiment-management sheet, sheet by sheet, with the seed's columns.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Any, Literal

from pydantic import Field, model_validator

from app.core.content.model import Identifier, Localized, Strict
from app.core.errors import FieldRefused, InvalidContent
from app.core.files.visible_text import hidden_characters
from app.core.messages import Label, Many

PAGES = ("experiment", "data_ci")
DOCUMENT_KIND = {"experiment": "environment", "data_ci": "data_platform"}
FIELD_REF = "field:"  # a prefill rule refers to an earlier field as "field:<id>"
HIDDEN_RULE = "field.hidden_characters"  # the message of check_visible's refusal


class FieldKind(StrEnum):
    CHOICE = "choice"  # one option id
    MULTI = "multi"  # a list of option ids
    TEXT = "text"  # one line
    LONG_TEXT = "long_text"  # a paragraph
    SUGGEST = "suggest"  # one line, with the options' values offered as suggestions
    BOOL = "bool"
    NUMBER = "number"


class ChoiceOption(Strict):
    """One option; ``value`` carries what documents need beyond the label (an image name, a file path)."""

    id: Identifier
    label: Localized
    value: str = ""
    help: Localized | None = None


class PrefillRule(Strict):
    """How a field takes its value from the hearing (or from an earlier field).

    ``when`` maps an item id (``hearing.…`` or ``field:<id>``) to a token that must match its
    answer: the option id for choices (contained in the list for multi answers), a
    case-insensitive substring for text. ``copy`` takes that answer's value as is. ``value`` is
    the result when ``when`` holds; text values may name other fields as ``{field_id}``.
    """

    when: dict[str, str] = Field(default_factory=dict)
    copy_from: str | None = Field(None, alias="copy")
    value: Any = None

    @model_validator(mode="after")
    def _has_result(self) -> PrefillRule:
        if self.copy_from is None and self.value is None:
            raise InvalidContent(key="content.prefill_needs_result")
        return self

    def references(self) -> list[str]:
        refs = list(self.when)
        if self.copy_from:
            refs.append(self.copy_from)
        return refs


class FieldDef(Strict):
    id: Identifier
    page: Literal["experiment", "data_ci"]
    section: Identifier
    label: Localized
    help: Localized | None = None
    kind: FieldKind = FieldKind.CHOICE
    options: list[ChoiceOption] = Field(default_factory=list)
    default: Any = None  # an option id, a list of them, a bool, a number, or a text ({ja, en} allowed)
    prefill: list[PrefillRule] = Field(default_factory=list)
    pattern: str | None = None  # a regular expression a text value must match (names used in files)
    # Only characters that are seen (a path, a URI: it goes into commands and configs): a zero-width space,
    # a right-to-left override, a soft hyphen would make it another than it looks (check_visible).
    visible_only: bool = False
    maximum: int | None = Field(None, ge=0)  # a number's largest value (MAX_NUMBER when not given)

    @model_validator(mode="after")
    def _shape(self) -> FieldDef:
        needs_options = self.kind in (FieldKind.CHOICE, FieldKind.MULTI, FieldKind.SUGGEST)
        if needs_options and not self.options:
            raise InvalidContent(key="content.field_needs_options", id=self.id, kind=self.kind.value)
        if not needs_options and self.options:
            raise InvalidContent(key="content.field_options_kind", id=self.id, kind=self.kind.value)
        ids = [o.id for o in self.options]
        if len(ids) != len(set(ids)):
            raise InvalidContent(key="content.field_duplicate_options", id=self.id)
        if self.kind == FieldKind.CHOICE and self.default is not None and self.default not in ids:
            raise InvalidContent(key="content.field_default", id=self.id, default=str(self.default))
        if self.kind == FieldKind.MULTI and self.default is not None:
            unknown = [d for d in self.default if d not in ids]
            if unknown:
                raise InvalidContent(key="content.field_default", id=self.id, default=Many(tuple(map(str, unknown))))
        if self.pattern is not None:
            try:
                re.compile(self.pattern)
            except re.error as exc:  # the regular-expression parser's own words
                raise InvalidContent(key="content.field_pattern", id=self.id, reason=str(exc)) from None
        return self

    def option(self, option_id: Any) -> ChoiceOption | None:
        return next((o for o in self.options if o.id == option_id), None)

    def value_label(self, value: Any, lang: Literal["ja", "en"]) -> str:
        """A value of the field as a reader sees it: option labels, yes/no, the text itself."""
        if self.kind == FieldKind.CHOICE:
            option = self.option(value)
            return option.label.get(lang) if option else str(value or "")
        if self.kind == FieldKind.MULTI:
            labels = [o.label.get(lang) for o in self.options if o.id in (value or [])]
            return (", " if lang == "en" else "、").join(labels)
        if self.kind == FieldKind.BOOL:
            return ("はい" if value else "いいえ") if lang == "ja" else ("yes" if value else "no")
        return "" if value is None else str(value)


class SectionDef(Strict):
    id: Identifier
    page: Literal["experiment", "data_ci"]
    title: Localized
    help: Localized | None = None


class DataKind(Strict):
    """A kind of data that needs a known place in storage, with its access rights."""

    id: Identifier
    label: Localized
    help: Localized | None = None
    path: str  # where it lives, may name fields: "{storage_root}/raw/"
    access: Localized
    note: Localized | None = None


class LayoutEntry(Strict):
    """One folder of a directory layout; ``role`` is what the scaffold's pipeline finds there."""

    path: str = Field(pattern=r"^[a-z0-9_.][a-z0-9_./-]*$")
    about: Localized
    role: str | None = None  # raw | processed | datasets | sample | models | reports | code | notebooks | configs | tests | docs
    git: bool = True  # False: the contents stay out of git (data lives in storage)

    @model_validator(mode="after")
    def _no_escape(self) -> LayoutEntry:
        if ".." in self.path.split("/") or self.path.startswith("/"):
            raise InvalidContent(key="content.layout_escapes", path=self.path)
        return self


REQUIRED_ROLES = ("raw", "processed", "datasets", "sample", "models", "reports", "code", "configs", "tests")


class Layout(Strict):
    id: Identifier
    entries: list[LayoutEntry]

    @model_validator(mode="after")
    def _roles(self) -> Layout:
        roles = [e.role for e in self.entries if e.role]
        missing = [r for r in REQUIRED_ROLES if r not in roles]
        if missing:
            raise InvalidContent(key="content.layout_lacks_roles", id=self.id, roles=Many(tuple(missing)))
        if len(roles) != len(set(roles)):
            raise InvalidContent(key="content.layout_role_twice", id=self.id)
        return self

    def path_of(self, role: str) -> str:
        return next(e.path for e in self.entries if e.role == role)


class EnvironmentForm(Strict):
    """The environment choices of both pages, in form order (a field may refer to earlier ones)."""

    id: Identifier
    version: int = Field(ge=1)
    title: Localized
    sections: list[SectionDef]
    fields: list[FieldDef]
    data_kinds: list[DataKind]
    layouts: list[Layout]

    @model_validator(mode="after")
    def _consistent(self) -> EnvironmentForm:
        sections = {s.id for s in self.sections}
        seen: set[str] = set()
        for f in self.fields:
            if f.id in seen:
                raise InvalidContent(key="content.duplicate_id_of", what=Label(ja="フィールド", en="field"), id=f.id)
            if f.section not in sections:
                raise InvalidContent(key="content.field_section", id=f.id, section=f.section)
            for rule in f.prefill:
                for ref in rule.references():
                    if ref.startswith(FIELD_REF) and ref[len(FIELD_REF) :] not in seen:
                        raise InvalidContent(key="content.field_ref", id=f.id, ref=ref)
            seen.add(f.id)
        template = self.field("directory_template")
        if template is None:
            raise InvalidContent(key="content.form_needs_template")
        layouts = {layout.id for layout in self.layouts}
        missing = [o.id for o in template.options if o.id not in layouts]
        if missing:
            raise InvalidContent(key="content.templates_without_layout", templates=Many(tuple(missing)))
        return self

    def field(self, field_id: str) -> FieldDef | None:
        return next((f for f in self.fields if f.id == field_id), None)

    def fields_of(self, page: str) -> list[FieldDef]:
        return [f for f in self.fields if f.page == page]

    def sections_of(self, page: str) -> list[SectionDef]:
        return [s for s in self.sections if s.page == page]

    def layout(self, layout_id: str) -> Layout:
        return next((x for x in self.layouts if x.id == layout_id), self.layouts[0])


# --- the wiki's table of contents -------------------------------------------------------------


class WikiPageDef(Strict):
    id: Identifier
    number: int | None = None  # the seed's 0-7; None for the extra pages
    title: Localized
    summary: Localized  # what the page is for (the seed's note under the ToC entry)
    template: str = Field(pattern=r"^[a-z0-9_]+\.md\.j2$")
    per_data_source: bool = False  # one page per data source of the hearing


class WikiToc(Strict):
    id: Identifier
    version: int = Field(ge=1)
    title: Localized
    index_template: str = Field("index.md.j2", pattern=r"^[a-z0-9_]+\.md\.j2$")
    pages: list[WikiPageDef]

    @model_validator(mode="after")
    def _unique(self) -> WikiToc:
        ids = [p.id for p in self.pages]
        if len(ids) != len(set(ids)):
            raise InvalidContent(key="content.duplicate_wiki_pages")
        return self


# --- the experiment-management sheet ----------------------------------------------------------


class SheetColumnKind(StrEnum):
    TEXT = "text"
    LONG_TEXT = "long_text"
    NUMBER = "number"
    DATE = "date"
    URL = "url"
    CHOICE = "choice"  # a drop-down of the column's options
    OWNER = "owner"  # a drop-down of the project team's names
    REF = "ref"  # a drop-down of another sheet's column ("raw.raw_name")


class SheetColumn(Strict):
    id: Identifier
    label: Localized
    kind: SheetColumnKind = SheetColumnKind.TEXT
    width: float = Field(16, gt=0, le=120)
    options: list[Localized] = Field(default_factory=list)
    ref: str | None = None

    @model_validator(mode="after")
    def _shape(self) -> SheetColumn:
        if self.kind == SheetColumnKind.CHOICE and not self.options:
            raise InvalidContent(key="content.column_without_options", id=self.id)
        if self.kind == SheetColumnKind.REF and not self.ref:
            raise InvalidContent(key="content.column_needs_ref", id=self.id)
        return self


class SheetDef(Strict):
    id: Identifier
    title: Localized  # the worksheet's name (at most 31 characters, no []:*?/\)
    columns: list[SheetColumn]

    @model_validator(mode="after")
    def _title_fits_excel(self) -> SheetDef:
        for text in (self.title.ja, self.title.en):
            if len(text) > 31 or any(c in text for c in "[]:*?/\\"):
                raise InvalidContent(key="content.sheet_title", title=text)
        return self


class ExperimentSheetSpec(Strict):
    id: Identifier
    version: int = Field(ge=1)
    title: Localized
    rows: int = Field(300, ge=10, le=10000)  # how far down drop-downs and formats reach
    sheets: list[SheetDef]

    @model_validator(mode="after")
    def _refs_resolve(self) -> ExperimentSheetSpec:
        known = {f"{s.id}.{c.id}" for s in self.sheets for c in s.columns}
        for sheet in self.sheets:
            for column in sheet.columns:
                if column.ref and column.ref not in known:
                    raise InvalidContent(key="content.column_ref", id=column.id, ref=column.ref)
        return self


MAX_TEXT = 4000  # characters of an environment value or cell
MAX_NUMBER = 1e9

def normalize(f: FieldDef, value: Any) -> Any:
    """The stored shape of a user's value (None: clear it), or ValidationFailed."""
    match f.kind:
        case FieldKind.CHOICE:
            if value is None or value == "":
                return None
            if f.option(value) is None:
                raise FieldRefused(f.label, str(value), key="field.not_an_option", options=Many(tuple(o.label for o in f.options)))
            return value
        case FieldKind.MULTI:
            if value is not None and not isinstance(value, list | tuple | set | frozenset):
                raise FieldRefused(f.label, repr(value), key="field.not_a_list")
            try:
                chosen = set(value or [])
            except TypeError:
                raise FieldRefused(f.label, repr(value), key="field.not_a_list") from None
            unknown = chosen - {o.id for o in f.options}
            if unknown:
                raise FieldRefused(f.label, ", ".join(sorted(map(str, unknown))), key="field.unknown_options",
                                   options=Many(tuple(o.label for o in f.options)))
            return [o.id for o in f.options if o.id in chosen]
        case FieldKind.BOOL:
            return bool(value)
        case FieldKind.NUMBER:
            if value is None or value == "":
                return None
            try:
                number = float(value)
            except (TypeError, ValueError):
                raise FieldRefused(f.label, str(value), key="field.not_a_number") from None
            limit = MAX_NUMBER if f.maximum is None else min(f.maximum, MAX_NUMBER)
            if number < 0 or number != number or number > limit:
                raise FieldRefused(f.label, str(value), key="field.out_of_range", limit=int(limit))
            return int(number) if number.is_integer() else number
        case _:
            text = "" if value is None else str(value)
            if f.kind != FieldKind.LONG_TEXT:
                text = " ".join(text.split())
            if not text.strip():
                return None
            check_length(f.label, text)
            if f.visible_only:
                check_visible(f.label, text)
            if f.pattern and not re.fullmatch(f.pattern, text):
                raise FieldRefused(f.label, text, key="field.does_not_fit")
            return text

def check_length(field: object, text: str) -> None:
    """A text longer than an environment value may be is refused, naming its field."""
    if len(text) > MAX_TEXT:
        raise FieldRefused(field, text, key="field.too_long", limit=MAX_TEXT)


def check_visible(field: object, text: str) -> None:
    """A text holding a character nobody sees as what it is (:func:`~app.core.files.visible_text.hidden_characters`:
    a zero-width space, a bidi control, a soft hyphen, a BOM) is refused, naming its field and the characters:
    it looks like another path or URI than the one it is."""
    hidden = hidden_characters(text)
    if hidden:
        chars = Many(tuple(f"U+{ord(ch):04X}" for ch in hidden))
        raise FieldRefused(field, text, key="field.hidden_characters", chars=chars)

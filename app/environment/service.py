"""The environment choices of a project: what the user set, else what the hearing implies, else the default.

Stored as two project documents (``DocumentService``): ``environment`` (the Experiment
environment page) and ``data_platform`` (the Data platform & CI page). Each holds only what the
user set, so a value the user never touched keeps following the hearing answers::

    {"values": {field_id: value},
     "locations": {data_kind_id: {"path": ..., "access": ..., "note": ...}},   # data_platform only
     "datasets": {source_name: {"dataset_id": ..., "owner": ...}}}             # data_platform only

A dataset's cells are keyed by its source's name in the hearing (``row_keys``); a rename of the source,
whatever path writes it, moves them to the new name in the same transaction (``ROW_KEYED_DOCUMENTS``), as
does a source named alike numbered anew (the first of two 「商品画像」 removed: 「商品画像 (2)」's cells move
to 「商品画像」, ``renamed_rows``).

Every change returns a :class:`DocumentChange` (full before/after snapshots) for the undo stack.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from app.core.content.model import AnswerKind, Localized
from app.core.documents import DocumentService
from app.core.errors import ConflictError, FieldRefused, NotFoundError, UserError, ValidationFailed
from app.core.i18n import Lang
from app.core.messages import Label, Message
from app.core.operations import Part
from app.core.projects import ProjectService
from app.core.workspace import Workspace
from app.environment.dataset_names import ascii_slug, dataset_ids, sources_of, taken_by, typed_ids
from app.environment.model import (
    DOCUMENT_KIND,
    FIELD_REF,
    HIDDEN_RULE,
    ChoiceOption,
    DataKind,
    EnvironmentForm,
    FieldDef,
    FieldKind,
    Layout,
    check_length,
    check_visible,
    normalize,
)
from app.environment.prefill import fill_placeholders, followed_field, prefill_rule
from app.hearing import Answer, AnswerService, row_keys

FORM_TYPE, FORM_ID = "environment_form", "environment"
FORM_LABEL = Label(ja="環境の選択肢", en="the environment choices")
DATA_SOURCES_ITEM = "hearing.prereq.data_sources"
ROLES_ITEM = "hearing.basics.tasks_roles"
LOCATION_COLUMNS = ("path", "access", "note")
DATASET_COLUMNS = ("dataset_id", "owner")
DATASET_ID = re.compile(r"[a-z0-9][a-z0-9_.-]{0,62}")
# A storage location's path goes into sync commands and file lists: the storage root's rule.
STORAGE_PATH = re.compile(r"(?!-)[^\s\x00-\x1f\x7f\"'`$;|&<>]+")
ANY_VALUE = object()  # set_value without a value to compare: written over whatever is stored
# What the messages call the cells of the Data platform & CI page's tables (its column headers).
COLUMN_LABELS = {
    "path": Label(ja="パス", en="path"),
    "access": Label(ja="権限", en="access"),
    "note": Label(ja="備考", en="note"),
    "dataset_id": Label(ja="データセット名", en="dataset name"),
    "owner": Label(ja="担当者", en="owner"),
}
DOCUMENT_LABELS = {
    "environment": Label(ja="実験環境", en="Experiment environment"),
    "data_platform": Label(ja="データ基盤・CI", en="Data platform & CI"),
}
# The pages each document is typed on, as the window names them (app/ui/pages.py): where a value is corrected.
PAGE_LABELS = {
    "environment": Label(ja="実験環境構築", en="Experiment environment"),
    "data_platform": Label(ja="データ基盤・CI", en="Data platform & CI"),
}
PART_LABELS = {
    "values": Label(ja="設定値", en="values"),
    "locations": Label(ja="置き場所", en="storage locations"),
    "datasets": Label(ja="データセット", en="datasets"),
}


def form_of(ws: Workspace) -> EnvironmentForm:
    return form_in(ws.library)


def form_in(library: Any) -> EnvironmentForm:
    try:
        return library.documents[FORM_TYPE][FORM_ID]
    except KeyError:
        raise NotFoundError(key="content.not_loaded", what=FORM_LABEL, file="checklists/environment.yaml") from None


@dataclass(frozen=True)
class Resolved:
    """One field's effective value and where it came from: "set", "hearing", "field" (it follows
    another field's value, named by ``follows``: the CI system follows the repository host) or "default"."""

    field: FieldDef
    value: Any
    source: str
    follows: str = ""


@dataclass(frozen=True)
class Location:
    kind: DataKind
    path: str
    access: str
    note: str
    edited: frozenset[str]


@dataclass(frozen=True)
class Dataset:
    """A data source of the hearing with the name and place it gets on the data platform."""

    key: str  # the source's name in the hearing (how the document refers to it)
    row: dict[str, Any]  # the hearing's cells
    dataset_id: str
    owner: str
    path: str
    edited: frozenset[str]

    @property
    def name(self) -> str:
        return str(self.row.get("name") or self.key)

    @property
    def personal_info(self) -> bool:
        return bool(self.row.get("personal_info"))


@dataclass(frozen=True)
class EnvironmentChoices:
    form: EnvironmentForm
    lang: Lang
    resolved: dict[str, Resolved]
    locations: list[Location]
    datasets: list[Dataset]
    project_slug: str

    def value(self, field_id: str) -> Any:
        return self.resolved[field_id].value

    def option(self, field_id: str) -> ChoiceOption | None:
        return self.resolved[field_id].field.option(self.value(field_id))

    def label(self, field_id: str) -> str:
        """The value as a reader sees it: option labels, yes/no, the text itself."""
        resolved = self.resolved[field_id]
        return resolved.field.value_label(resolved.value, self.lang)

    def has(self, field_id: str, option_id: str) -> bool:
        value = self.value(field_id)
        return option_id in value if isinstance(value, list) else value == option_id

    @property
    def layout(self) -> Layout:
        return self.form.layout(self.value("directory_template"))

    def location(self, kind_id: str) -> Location:
        return next(loc for loc in self.locations if loc.kind.id == kind_id)

    def values(self) -> dict[str, Any]:
        return {k: r.value for k, r in self.resolved.items()}


@dataclass(frozen=True)
class DocumentChange:
    project_id: int
    kind: str
    before: dict[str, Any]
    after: dict[str, Any] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return self.before != self.after


def _localized_default(value: Any, lang: Lang) -> Any:
    if isinstance(value, dict) and set(value) <= {"ja", "en"}:
        return Localized(**value).get(lang)
    return copy.deepcopy(value)


class EnvironmentService:
    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        self.documents = DocumentService(ws.db)

    @property
    def form(self) -> EnvironmentForm:
        return form_of(self.ws)

    # --- reading ------------------------------------------------------------------------------

    def stored(self, project_id: int) -> dict[str, dict[str, Any]]:
        return {kind: self.documents.get(project_id, kind) for kind in DOCUMENT_KIND.values()}

    def choices(self, project_id: int, lang: Lang, answers: dict[str, Answer] | None = None) -> EnvironmentChoices:
        project = ProjectService(self.ws.db).get(project_id)
        if answers is None:
            answers = AnswerService(self.ws.db, self.ws.library).answers(project_id)
        stored = self.stored(project_id)
        form = self.form
        slug = ascii_slug(project.name) or "ml-poc"
        values: dict[str, Any] = {"project_slug": slug}
        resolved: dict[str, Resolved] = {}
        for f in form.fields:
            own = stored[DOCUMENT_KIND[f.page]].get("values", {})
            if f.id in own:
                result = Resolved(f, own[f.id], "set")
            else:
                guessed, rule = prefill_rule(f, answers, values, self._option_ids)
                if guessed is not None:
                    follows = followed_field(rule)
                    result = Resolved(f, guessed, "field" if follows else "hearing", follows)
                else:
                    default = _localized_default(f.default, lang)
                    if isinstance(default, str):
                        default = fill_placeholders(default, values)
                    result = Resolved(f, default, "default")
            resolved[f.id] = result
            values[f.id] = result.value.rstrip("/") if f.id == "storage_root" and isinstance(result.value, str) else result.value
        platform = stored[DOCUMENT_KIND["data_ci"]]
        locations = self._locations(form, platform.get("locations", {}), values, lang)
        raw_path = next((loc.path for loc in locations if loc.kind.id == "raw"), "")
        datasets = self._datasets(answers, platform.get("datasets", {}), raw_path)
        return EnvironmentChoices(form, lang, resolved, locations, datasets, slug)

    @staticmethod
    def _locations(form: EnvironmentForm, own: dict, values: dict[str, Any], lang: Lang) -> list[Location]:
        result = []
        for kind in form.data_kinds:
            mine = own.get(kind.id, {})
            defaults = {
                "path": fill_placeholders(kind.path, values),
                "access": kind.access.get(lang),
                "note": kind.note.get(lang) if kind.note else "",
            }
            cells = {c: str(mine.get(c, defaults[c])) for c in LOCATION_COLUMNS}
            result.append(Location(kind, cells["path"], cells["access"], cells["note"], frozenset(mine)))
        return result

    @staticmethod
    def _datasets(answers: dict[str, Answer], own: dict, raw_path: str) -> list[Dataset]:
        answer = answers.get(DATA_SOURCES_ITEM)
        rows = answer.value if answer and isinstance(answer.value, list) else []
        default_owner = _mlops_owner(answers)
        result = []
        rows = [r for r in rows if isinstance(r, dict)]
        keys = row_keys(rows)
        ids = dataset_ids(sources_of(rows, keys), typed_ids(own))  # unique: each is a storage folder
        for row, key, dataset_id in zip(rows, keys, ids, strict=True):
            mine = own.get(key, {})
            owner = mine.get("owner", default_owner)
            base = raw_path if raw_path.endswith("/") else raw_path + "/"
            result.append(Dataset(key, dict(row), dataset_id, owner, f"{base}{dataset_id}/", frozenset(mine)))
        return result

    # --- changing -----------------------------------------------------------------------------

    def set_value(self, project_id: int, field_id: str, value: Any, *, expected: Any = ANY_VALUE) -> DocumentChange:
        """Set a field (an empty value: back to the hearing's). With ``expected`` (the user's own
        value the window showed, None for none), a field someone else set since is refused with
        :class:`ConflictError` and nothing is written."""
        f = self._field(field_id)
        clean = normalize(f, value)
        kind = DOCUMENT_KIND[f.page]

        def apply(doc: dict) -> None:
            _check_expected(doc.get("values", {}).get(field_id), expected, clean, kind, field_id)
            if clean is not None:
                doc.setdefault("values", {})[field_id] = clean
            else:
                doc.get("values", {}).pop(field_id, None)

        return self._mutate(project_id, kind, apply)

    def reset(self, project_id: int, field_id: str, *, expected: Any = ANY_VALUE) -> DocumentChange:
        """Forget the user's value: the field follows the hearing (or its default) again. With
        ``expected``, a value someone else set since is refused (:class:`ConflictError`)."""
        f = self._field(field_id)
        kind = DOCUMENT_KIND[f.page]

        def apply(doc: dict) -> None:
            _check_expected(doc.get("values", {}).get(field_id), expected, None, kind, field_id)
            doc.get("values", {}).pop(field_id, None)

        return self._mutate(project_id, kind, apply)

    def set_location(self, project_id: int, kind_id: str, column: str, value: str, *, expected: Any = ANY_VALUE) -> DocumentChange:
        """One cell of the storage table (empty: back to the default). ``expected``: the user's own
        text the window showed (None for none); a cell someone set since is a :class:`ConflictError`."""
        if column not in LOCATION_COLUMNS or kind_id not in {k.id for k in self.form.data_kinds}:
            raise ValidationFailed(key="environment.no_location", kind=kind_id, column=column)
        text = _text(value, location_cell(self.form_kind_label(kind_id), column))
        check_location(self.form_kind_label(kind_id), column, text)

        def apply(doc: dict) -> None:
            _check_expected(doc.get("locations", {}).get(kind_id, {}).get(column), expected, text or None, DOCUMENT_KIND["data_ci"],
                            f"locations.{kind_id}.{column}")  # its stored path: the refusal names the cell (app/environment/names.py)
            cells = doc.setdefault("locations", {}).setdefault(kind_id, {})
            if text:
                cells[column] = text
            else:
                cells.pop(column, None)
                if not cells:
                    doc["locations"].pop(kind_id)

        return self._mutate(project_id, DOCUMENT_KIND["data_ci"], apply)

    def set_dataset(self, project_id: int, key: str, column: str, value: str, *, expected: Any = ANY_VALUE) -> DocumentChange:
        """One cell of the datasets table; ``expected`` as for :meth:`set_location` (a source renamed or
        removed in the hearing since: a :class:`ConflictError` too, never a cell of a row not shown)."""
        if column not in DATASET_COLUMNS:
            raise ValidationFailed(key="environment.no_dataset_column", column=column)
        text = _text(value, dataset_cell(key, column))
        check_dataset(key, column, text)

        def apply(doc: dict) -> None:
            rows = AnswerService(self.ws.db, self.ws.library).answer(project_id, DATA_SOURCES_ITEM).value
            rows = [r for r in rows if isinstance(r, dict)] if isinstance(rows, list) else []
            if expected is not ANY_VALUE and key not in row_keys(rows):
                raise ConflictError(Part.ANSWERS, [DATA_SOURCES_ITEM])  # its source renamed or removed since the window showed it
            if column == "dataset_id" and text and (other := taken_by(sources_of(rows, row_keys(rows)), typed_ids(doc.get("datasets", {})), key, text)):
                raise FieldRefused(dataset_cell(key, column), text, key="field.dataset_name_taken", other=other)  # one storage folder for two
            _check_expected(doc.get("datasets", {}).get(key, {}).get(column), expected, text if text or column == "owner" else None,
                            DOCUMENT_KIND["data_ci"], f"datasets.{key}.{column}")
            cells = doc.setdefault("datasets", {}).setdefault(key, {})
            if text or column == "owner":
                cells[column] = text
            else:
                cells.pop(column, None)
                if not cells:
                    doc["datasets"].pop(key)

        return self._mutate(project_id, DOCUMENT_KIND["data_ci"], apply)

    def form_kind_label(self, kind_id: str) -> Localized | str:
        return kind_label(self.form, kind_id)

    def restore(self, project_id: int, kind: str, snapshot: dict[str, Any]) -> None:
        """Put a document back as it was (undo / redo)."""
        self.documents.put(project_id, kind, snapshot)

    def _option_ids(self, ref: str) -> bool:
        if ref.startswith(FIELD_REF):
            f = self.form.field(ref[len(FIELD_REF) :])
            return f is not None and f.kind in (FieldKind.CHOICE, FieldKind.MULTI, FieldKind.BOOL)
        item = self.ws.library.item(ref)
        return item is not None and item.kind in (AnswerKind.CHOICE, AnswerKind.MULTI)

    def _field(self, field_id: str) -> FieldDef:
        f = self.form.field(field_id)
        if f is None:
            raise NotFoundError(key="environment.no_field", field=field_id)
        return f

    def _mutate(self, project_id: int, kind: str, apply: Callable[[dict], Any]) -> DocumentChange:
        before = self.documents.get(project_id, kind)
        after = copy.deepcopy(before)
        apply(after)
        change = DocumentChange(project_id, kind, before, after)
        if change.changed:
            self.documents.put(project_id, kind, after)
        return change


def _check_expected(stored: Any, expected: Any, new: Any, kind: str, name: str) -> None:
    """A change based on ``expected`` (the value its window showed): refused when someone stored
    another value since (not the one this change writes anyway)."""
    if expected is not ANY_VALUE and stored not in (expected, new):
        raise ConflictError(Part.DOCUMENTS, [kind], [name])


def _text(value: Any, field: object) -> str:
    text = "" if value is None else str(value).strip()
    check_length(field, text)
    return text


def location_cell(kind: Localized | str, column: str) -> Message:
    """One cell of the storage-locations table as messages name it ("Storage location Raw data, path")."""
    return Message(key="environment.location_cell", kind=kind, column=COLUMN_LABELS.get(column, column))


def dataset_cell(dataset: str, column: str) -> Message:
    """One cell of the datasets table as messages name it ("Dataset sales, dataset name")."""
    return Message(key="environment.dataset_cell", dataset=dataset, column=COLUMN_LABELS.get(column, column))


def check_location(name: Localized | str, column: str, text: str, *, typed: bool = True) -> None:
    """The rule of one storage-location cell (the path ends up in sync commands); ``name`` is the kind's label.
    ``typed``: else a stored path (a project file's), whose invisible characters are kept (:func:`kept_as_stored`)."""
    if column == "path" and text:
        if typed:
            check_visible(location_cell(name, column), text)  # (a zero-width space, a right-to-left override: another path)
        if not STORAGE_PATH.fullmatch(text):
            raise FieldRefused(location_cell(name, column), text, key="field.storage_path")


def kept_as_stored(error: UserError) -> bool:
    """Whether a stored value refused for ``error`` is kept as it is (a project file's, an older version's): an
    invisible character in a path or URI, refused when typed since (check_visible), is said on its page, marked,
    until the user corrects it; never a project file refused whole for it."""
    return isinstance(error, FieldRefused) and error.rule == HIDDEN_RULE


def kind_label(form: EnvironmentForm, kind_id: str) -> Localized | str:
    """A data kind as messages name it: its label in both languages (its id when the form has no such kind)."""
    return next((k.label for k in form.data_kinds if k.id == kind_id), kind_id)


def check_dataset(key: str, column: str, text: str) -> None:
    """The rule of one dataset cell (the dataset name ends up in paths and commands)."""
    if column == "dataset_id" and text and not DATASET_ID.fullmatch(text):
        raise FieldRefused(dataset_cell(key, column), text, key="field.dataset_name")


def dataset_refusal(key: str, column: str, value: str) -> UserError | None:
    """Why :meth:`EnvironmentService.set_dataset` refuses ``value`` in a cell of the dataset ``key`` for what
    it is (too long, against the rule), naming the cell; None: its text is fine there."""
    try:
        check_dataset(key, column, _text(value, dataset_cell(key, column)))
    except UserError as error:
        return error
    return None


def page_label(kind: str) -> Label | None:
    """The page an environment document ``kind`` is typed on, by its title (None: no such document)."""
    return PAGE_LABELS.get(kind)


def check_documents(form: EnvironmentForm, kind: str, data: Any) -> None:
    """Apply every field's rule to an environment document from elsewhere (a project file).

    The same rules as the pages: a value the pages would refuse is a ValidationFailed naming the
    field. Unknown fields and data kinds are left alone, kept as they are: nothing reads them (the
    pages, the wiki and the scaffold read only the form's kinds: :meth:`EnvironmentService._locations`)
    and no page shows them, so none of their values is checked or named.
    """
    if kind not in DOCUMENT_KIND.values():
        return
    document = DOCUMENT_LABELS.get(kind, kind)
    if not isinstance(data, dict):
        raise ValidationFailed(key="environment.not_a_mapping", document=document)
    values = data.get("values", {})
    if not isinstance(values, dict):
        raise ValidationFailed(key="environment.part_not_a_mapping", document=document, part=PART_LABELS["values"])
    for field_id, value in values.items():
        f = form.field(field_id)
        if f is None or DOCUMENT_KIND[f.page] != kind:
            continue
        if f.kind in (FieldKind.TEXT, FieldKind.LONG_TEXT, FieldKind.SUGGEST) and not isinstance(value, str):
            raise FieldRefused(f.label, repr(value), key="field.not_text")
        try:
            clean = normalize(f, value)
        except FieldRefused as exc:
            if not kept_as_stored(exc):
                raise
            clean = value  # kept as it was (an older version's), said on its page until corrected
        if clean is not None and f.pattern and not re.fullmatch(f.pattern, str(value)):
            raise FieldRefused(f.label, str(value), key="field.does_not_fit")
    for key, columns in (("locations", LOCATION_COLUMNS), ("datasets", DATASET_COLUMNS)):
        rows = data.get(key, {})
        if isinstance(rows, dict) and key == "locations":  # a kind the form dropped (raw_v2): kept as it is
            known = {k.id for k in form.data_kinds}
            rows = {name: cells for name, cells in rows.items() if name in known}
        if not isinstance(rows, dict) or not all(isinstance(cells, dict) for cells in rows.values()):
            raise ValidationFailed(key="environment.part_not_a_mapping", document=document, part=PART_LABELS[key])
        for name, cells in rows.items():
            for column in columns:
                if column not in cells:
                    continue
                cell = cells[column]
                where = location_cell(kind_label(form, name), column) if key == "locations" else dataset_cell(str(name), column)
                if not isinstance(cell, str):
                    raise FieldRefused(where, repr(cell), key="field.not_text")
                check_length(where, cell)
                if key == "locations":
                    check_location(kind_label(form, name), column, cell, typed=False)
                else:
                    check_dataset(str(name), column, cell)


def _mlops_owner(answers: dict[str, Answer]) -> str:
    answer = answers.get(ROLES_ITEM)
    for row in answer.value if answer and isinstance(answer.value, list) else []:
        if isinstance(row, dict) and row.get("role") == "mlops" and row.get("assignee"):
            return str(row["assignee"])
    return ""

"""Reading an edited WBS workbook back: a preview of the changes, then one undoable apply.

Rows match tasks by the hidden task-id column, never by title. A row without a task id is a new
task (placed under the task its WBS code names, e.g. 2.5 goes under 2). A workbook that is not a
WBS exported for this project, or that holds a value that does not fit its column, is refused
whole: nothing changes.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.domain.wbs import (
    ROLLED_UP_FIELDS,
    Dependency,
    Status,
    Task,
    WbsTree,
    format_dependencies,
    parse_dependencies,
)
from app.errors import RefusedImportError, UserError, ValidationFailed
from app.i18n import Lang
from app.services.wbs import WbsChange, WbsService, clean_fields
from app.services.wbs_catalog import Catalog, catalog
from app.services.wbs_checks import dependency_cycle
from app.services.wbs_sheet import (
    BY_KEY,
    FALSE_WORDS,
    FORMAT,
    META_SHEET,
    SCHEMA,
    TRUE_WORDS,
    column_for_header,
)
from app.services.workspace import Workspace
from app.storage.models import Project

IMPORTED = (
    "title",
    "phase",
    "priority",
    "status",
    "owner_role",
    "owner_name",
    "estimate_days",
    "start",
    "finish",
    "completion_condition",
    "expected_output",
    "agreed",
    "agreed_on",
    "milestone",
    "description",
    "notes",
)
MAX_ERRORS = 5


@dataclass
class FieldChange:
    field: str
    old: Any
    new: Any


@dataclass
class RowChange:
    task_id: int
    code: str
    title: str
    changes: list[FieldChange]


@dataclass
class NewRow:
    row: int
    title: str
    parent_code: str
    fields: dict[str, Any]
    predecessors: list[Dependency]


@dataclass
class SheetPlan:
    """The changes a workbook asks for, ready to preview or apply."""

    project_id: int
    path: Path
    changed: list[RowChange] = field(default_factory=list)
    added: list[NewRow] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    unchanged: int = 0
    after: dict[int, Task | None] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not self.changed and not self.added

    def describe(self, lang: Lang = "en", cat: Catalog | None = None) -> list[str]:
        """One line per change, for the CLI and the preview dialog."""
        lines = []
        for row in self.changed:
            parts = [f"{BY_KEY[c.field].label(lang) if c.field in BY_KEY else c.field}: {_show(c.old, c.field, cat, lang)} → {_show(c.new, c.field, cat, lang)}" for c in row.changes]
            lines.append(f"~ {row.code} {row.title}: " + "; ".join(parts))
        for new in self.added:
            where = f" (under {new.parent_code})" if new.parent_code else ""
            lines.append(f"+ row {new.row}: {new.title}{where}")
        lines += [f"! {w}" for w in self.warnings]
        return lines


def _show(value: Any, name: str, cat: Catalog | None, lang: Lang) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return ("はい" if value else "いいえ") if lang == "ja" else ("yes" if value else "no")
    if cat is not None:
        if name == "priority":
            return cat.priority_label(value, lang)
        if name == "status":
            return cat.status_label(str(getattr(value, "value", value)), lang)
        if name == "owner_role":
            return cat.role_label(value, lang)
        if name == "phase":
            return cat.phase_label(value, lang)
    text = " ".join(str(getattr(value, "value", value)).split())
    return text if len(text) <= 50 else text[:47] + "…"


def _open(path: Path) -> Any:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    if not path.exists():
        raise UserError(f"file not found: {path}")
    if path.is_dir():
        raise UserError(f"{path} is a folder, not a workbook")
    try:
        return load_workbook(path, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise RefusedImportError(f"{path.name} is not an Excel workbook ({type(exc).__name__}); nothing was changed") from None


def read_plan(ws: Workspace, project_id: int, path: Path) -> SheetPlan:
    """Compare the workbook with the project's WBS (changes nothing)."""
    path = Path(path)
    book = _open(path)
    with ws.db.session() as s:
        project = s.get(Project, project_id)
        uuid, name = project.uuid, project.name
    meta = _meta(book, path)
    if meta.get("format") != FORMAT:
        raise RefusedImportError(f"{path.name} is not a WBS workbook exported by MLOps Kickoff; nothing was changed")
    if int(meta.get("schema") or 0) > SCHEMA:
        raise RefusedImportError(f"{path.name} comes from a newer MLOps Kickoff (WBS sheet schema {meta.get('schema')}); update the app")
    if meta.get("project_uuid") != uuid:
        raise RefusedImportError(
            f"{path.name} is the WBS of project {meta.get('project_name')!r}, not of {name!r}; nothing was changed"
        )
    sheet_name = meta.get("sheet")
    if sheet_name not in book.sheetnames:
        raise RefusedImportError(f"{path.name} has lost its WBS sheet {sheet_name!r}; nothing was changed")
    sheet = book[sheet_name]
    tree = WbsService(ws.db).tree(project_id)
    return _compare(ws, project_id, path, sheet, tree)


def _meta(book: Any, path: Path) -> dict[str, Any]:
    if META_SHEET not in book.sheetnames:
        raise RefusedImportError(f"{path.name} is not a WBS workbook exported by MLOps Kickoff (no {META_SHEET} sheet); nothing was changed")
    meta = {}
    for row in book[META_SHEET].iter_rows(min_row=1, max_col=2, values_only=True):
        if row[0]:
            meta[str(row[0])] = row[1]
    return meta


class _RowError(Exception):
    pass


def _compare(ws: Workspace, project_id: int, path: Path, sheet: Any, tree: WbsTree) -> SheetPlan:
    cat = catalog(ws.library)
    header = [column_for_header(c.value) for c in sheet[1]]
    where = {c.key: n for n, c in enumerate(header) if c is not None}
    for required in ("task_id", "title"):
        if required not in where:
            label = f"{BY_KEY[required].ja} / {BY_KEY[required].en}"
            raise RefusedImportError(f"{path.name}: the WBS sheet has no {label!r} column; nothing was changed")
    by_uid = tree.by_uid()
    codes = tree.by_code()
    result = SheetPlan(project_id, path)
    errors: list[str] = []
    seen: set[int] = set()
    after: dict[int, Task] = {}
    previous_parent: int | None = None
    next_new = -1
    new_positions: dict[int | None, int] = {}
    for number, cells in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
        raw = {key: cells[n] if n < len(cells) else None for key, n in where.items()}
        if all(v is None or str(v).strip() == "" for k, v in raw.items() if k not in ("code", "origin")):
            continue
        try:
            values = _row_values(raw, cat, number)
            uid = _uid(raw.get("task_id"), number)
            deps = _deps(raw.get("predecessors"), tree, number) if "predecessors" in raw else None
        except _RowError as exc:
            errors.append(str(exc))
            if len(errors) >= MAX_ERRORS:
                break
            continue
        if uid is not None:
            task = by_uid.get(uid)
            if task is None:
                result.warnings.append(f"row {number}: task id {uid} is not in this project (deleted since the export?); skipped")
                continue
            if uid in seen:
                errors.append(f"row {number}: task id {uid} appears twice")
                continue
            seen.add(uid)
            previous_parent = task.parent_id
            if tree.has_children(task.id):  # a summary's estimate, dates and status follow its sub-tasks
                for derived in ROLLED_UP_FIELDS:
                    values.pop(derived, None)
            changes = [FieldChange(k, getattr(task, k), v) for k, v in values.items() if _differs(getattr(task, k), v)]
            if deps is not None and deps != task.dependencies:
                changes.append(FieldChange("predecessors", format_dependencies(task, tree), format_dependencies(task.model_copy(update={"dependencies": deps}), tree)))
            if not changes:
                result.unchanged += 1
                continue
            update = {c.field: c.new for c in changes if c.field != "predecessors"}
            if "agreed" in update and update["agreed"] and "agreed_on" not in values and not task.agreed_on:
                update["agreed_on"] = dt.date.today()
            if deps is not None:
                update["dependencies"] = deps
            update["user_edited"] = True
            after[task.id] = task.model_copy(update=update)
            result.changed.append(RowChange(task.id, tree.codes[task.id], task.title, changes))
        else:
            if not values.get("title"):
                errors.append(f"row {number}: a new task needs a title")
                continue
            code = str(raw.get("code") or "").strip()
            parent_code = code.rsplit(".", 1)[0] if "." in code else ""
            if code and "." not in code:
                parent = None
            elif parent_code in codes:
                parent = codes[parent_code]
            else:
                parent = previous_parent
                parent_code = tree.codes.get(parent, "") if parent is not None else ""
            if parent not in new_positions:
                kids = [tree.tasks[k].position for k in tree.kids(parent)]
                new_positions[parent] = (max(kids) + 1) if kids else 0
            position = new_positions[parent]
            new_positions[parent] += 1
            fields = {k: v for k, v in values.items()}
            if fields.get("agreed") and not fields.get("agreed_on"):
                fields["agreed_on"] = dt.date.today()
            task = Task(id=next_new, uid=0, parent_id=parent, position=position, dependencies=deps or [], user_edited=True, **fields)
            after[task.id] = task
            next_new -= 1
            result.added.append(NewRow(number, task.title, parent_code, fields, deps or []))
    if errors:
        more = " …" if len(errors) >= MAX_ERRORS else ""
        raise RefusedImportError(f"{path.name} cannot be imported: " + "; ".join(errors) + more + "; nothing was changed")
    missing = [tree.codes[t.id] for t in tree.walk() if t.uid not in seen]
    if missing:
        shown = ", ".join(missing[:8]) + (" …" if len(missing) > 8 else "")
        result.warnings.append(
            f"{len(missing)} task(s) of the project are not in the sheet ({shown}): they are kept; delete them in the app if they should go"
        )
    trial = dict(tree.tasks) | {i: t for i, t in after.items()}
    cycle = dependency_cycle(WbsTree.build(list(trial.values())))
    if cycle:
        raise RefusedImportError(f"{path.name}: the predecessors make a dependency cycle ({' → '.join(tree.codes.get(i, 'new') for i in cycle)}); nothing was changed")
    result.after = dict(after)
    return result


def _differs(old: Any, new: Any) -> bool:
    if isinstance(old, Status):
        old = old.value
    if isinstance(new, Status):
        new = new.value
    if isinstance(old, float) or isinstance(new, float):
        if old is None or new is None:
            return old != new
        return abs(float(old) - float(new)) > 1e-9
    return (old or None) != (new or None) if not isinstance(old, bool) else old != new


def _uid(value: Any, number: int) -> int | None:
    if value is None or str(value).strip() == "":
        return None
    try:
        number_value = float(value)
    except (TypeError, ValueError):
        raise _RowError(f"row {number}: task id {value!r} is not a number") from None
    if not number_value.is_integer() or number_value < 1:
        raise _RowError(f"row {number}: task id {value!r} is not a task id")
    return int(number_value)


def _deps(value: Any, tree: WbsTree, number: int) -> list[Dependency]:
    try:
        return parse_dependencies("" if value is None else str(value), tree)
    except ValidationFailed as exc:
        raise _RowError(f"row {number}, predecessors: {exc}") from None


def _bool(value: Any, label: str, number: int) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value or "").strip().casefold()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS or text == "":
        return False
    raise _RowError(f"row {number}, {label}: {value!r} is not yes or no")


def _row_values(raw: dict[str, Any], cat: Catalog, number: int) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for key in IMPORTED:
        if key not in raw:
            continue
        value = raw[key]
        column = BY_KEY[key]
        label = column.en
        if column.kind == "bool":
            values[key] = _bool(value, label, number)
            continue
        if key in ("priority", "status"):
            text = str(value or "").strip()
            if not text:
                continue  # left empty: an existing task keeps its value, a new one gets the default
            found = cat.lookup(key, text)
            if found is None:
                allowed = ", ".join(cat.priority_label(k, "ja") + "/" + cat.priority_label(k, "en") for k in cat.priority_keys) if key == "priority" else ", ".join(cat.statuses())
                raise _RowError(f"row {number}, {label}: {text!r} is not one of {allowed}")
            values[key] = Status(found) if key == "status" else found
            continue
        if key in ("owner_role", "phase"):
            text = "" if value is None else str(value).strip()
            values[key] = cat.lookup("role" if key == "owner_role" else "phase", text) or text
            continue
        if column.kind == "date" and isinstance(value, str) and value.strip():
            value = value.strip().replace("/", "-")
        try:
            values |= clean_fields({key: value}, cat.priority_keys)
        except ValidationFailed as exc:
            raise _RowError(f"row {number}, {label}: {exc}") from None
    return values


def apply_plan(ws: Workspace, result: SheetPlan) -> WbsChange:
    """Apply a previewed plan as one undoable change."""
    return WbsService(ws.db).apply_snapshot(result.project_id, result.after, kind="import", changed=len(result.changed), added=len(result.added))


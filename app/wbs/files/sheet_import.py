"""Reading an edited WBS workbook back: a preview of the changes, then one undoable apply.

Rows match tasks by the hidden task-id column, never by title. A row without a task id is a new
task (placed under the task its WBS code names, e.g. 2.5 goes under 2). A workbook that is not a
WBS exported for this project, or that holds a value that does not fit its column, is refused
whole: nothing changes.

Each cell is compared three ways: as exported (the baseline the export keeps in its meta sheet),
in the sheet, and in the app now. A cell changed only in the app is kept and not listed; one
changed only in the sheet is a change; one changed on both sides (to different values) is a
conflict that keeps the app's value unless the user takes the sheet's. A workbook from a version
without a baseline is read conservatively: a differing cell of a task edited in the app after the
export time is a conflict. A formula cell is read as its formula text, never as a cached value.
A changed WBS code (a move) is not imported; the preview lists it as ignored with the reason.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, cast

from sqlalchemy import select

from app.core.errors import RefusedImportError, UnsafeWorkbookError, ValidationFailed
from app.core.files.xlsx_guard import XlsxLimits, XlsxReport, macro_notice, open_workbook
from app.core.storage.models import Project, WbsTask
from app.core.workspace import Workspace
from app.wbs.catalog import Catalog, catalog
from app.wbs.checks import dependency_cycle
from app.wbs.files.sheet import BASELINE, BY_KEY, FORMAT, META_SHEET, SCHEMA, column_for_header
from app.wbs.files.sheet_cells import (
    Codes,
    RowError,
    base_values,
    code_text,
    deps_text,
    differs,
    plain,
    read_deps,
    read_uid,
    row_values,
)
from app.wbs.files.sheet_plan import Choice, FieldChange, NewRow, RowChange, SheetPlan
from app.wbs.model import ROLLED_UP_FIELDS, Dependency, Task, WbsTree, format_dependencies, parse_dependencies
from app.wbs.service import WbsChange, WbsService

__all__ = ["FieldChange", "NewRow", "RowChange", "SheetPlan", "apply_plan", "read_plan"]

MAX_ERRORS = 5
# A WBS sheet is refused past these (README, "Safety"): 20,000 rows in any sheet before it is
# parsed, and 5,000 new tasks (rows without a task id) as it is read. At the limits a read takes
# about 10 s and 300 MB on the development machine (instead of minutes and gigabytes).
MAX_SHEET_ROWS = 20_000
MAX_NEW_TASKS = 5_000
LIMITS = XlsxLimits(max_rows=MAX_SHEET_ROWS)


def _open(path: Path) -> tuple[Any, XlsxReport]:
    """The workbook, checked before it is parsed (size, cells, DOCTYPE...: :mod:`app.core.files.xlsx_guard`)."""
    return open_workbook(path, LIMITS)


def read_plan(ws: Workspace, project_id: int, path: Path) -> SheetPlan:
    """Compare the workbook with the project's WBS (changes nothing)."""
    path = Path(path)
    book, report = _open(path)
    with ws.db.session() as s:
        project = s.get_one(Project, project_id)
        uuid, name = project.uuid, project.name
    meta, baseline = _meta(book, path)
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
    edited = None if baseline is not None else _edited_since(ws, project_id, meta.get("exported_at"))
    plan = _compare(ws, project_id, path, sheet, tree, baseline, edited, meta.get("exported_at"))
    if report.macros:
        plan.warnings.append(macro_notice(path.name))
    return plan


def _meta(book: Any, path: Path) -> tuple[dict[str, Any], dict[int, dict[str, Any]] | None]:
    """The meta sheet's key/value rows, and the cells as exported per task uid (None: an older export)."""
    if META_SHEET not in book.sheetnames:
        raise RefusedImportError(f"{path.name} is not a WBS workbook exported by MLOps Kickoff (no {META_SHEET} sheet); nothing was changed")
    meta: dict[str, Any] = {}
    baseline: dict[int, dict[str, Any]] | None = None
    keys: list[str | None] = []
    for row in book[META_SHEET].iter_rows(min_row=1, values_only=True):
        if not row or row[0] is None or row[0] == "":
            continue
        if baseline is None and row[0] == BASELINE:
            baseline = {}
            keys = [str(k) if k else None for k in row[1:]]
            continue
        if baseline is None:
            meta[str(row[0])] = row[1] if len(row) > 1 else None
            continue
        try:
            uid = int(row[0])
        except (TypeError, ValueError):
            continue
        baseline[uid] = {k: plain(v) for k, v in zip(keys, row[1:], strict=False) if k}
    return meta, baseline


def _edited_since(ws: Workspace, project_id: int, exported_at: Any) -> set[int]:
    """Ids of the tasks changed in the app after the export time (all of them when it is unknown)."""
    try:
        since = exported_at if isinstance(exported_at, dt.datetime) else dt.datetime.fromisoformat(str(exported_at))
    except ValueError:
        since = None
    if since is not None and since.tzinfo is not None:
        since = since.astimezone(dt.UTC).replace(tzinfo=None)
    with ws.db.session() as s:
        rows = s.execute(select(WbsTask.id, WbsTask.updated_at).where(WbsTask.project_id == project_id)).all()
    return {task_id for task_id, updated in rows if since is None or updated is None or updated >= since}


def _compare(
    ws: Workspace, project_id: int, path: Path, sheet: Any, tree: WbsTree,
    baseline: dict[int, dict[str, Any]] | None, edited: set[int] | None, exported_at: Any,
) -> SheetPlan:
    cat = catalog(ws.library)
    header = [column_for_header(c.value) for c in sheet[1]]
    where = {c.key: n for n, c in enumerate(header) if c is not None}
    for required in ("task_id", "title"):
        if required not in where:
            label = f"{BY_KEY[required].ja} / {BY_KEY[required].en}"
            raise RefusedImportError(f"{path.name}: the WBS sheet has no {label!r} column; nothing was changed")
    _count_new_tasks(sheet, where, path)
    by_uid = tree.by_uid()
    result = SheetPlan(project_id, path)
    if baseline is not None:
        # The sheet's codes are those of the export; the app may have moved tasks since.
        codes = {code_text(b.get("code")): by_uid[uid].id for uid, b in baseline.items() if uid in by_uid and code_text(b.get("code"))}
    else:
        codes = tree.by_code()
        result.warnings.append(
            f"this workbook was exported by an older version, without a record of its cells as exported: cells that differ "
            f"from tasks edited in the app since the export ({exported_at or 'time unknown'}) are shown as conflicts"
        )
    code_tree = cast(WbsTree, Codes(codes))
    errors: list[str] = []
    seen: set[int] = set()
    previous_parent: int | None = None
    next_new = -1
    new_positions: dict[int | None, int] = {}
    for number, cells in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
        raw = {key: plain(cells[n]) if n < len(cells) else None for key, n in where.items()}
        if all(v is None or str(v).strip() == "" for k, v in raw.items() if k not in ("code", "origin")):
            continue
        deps: list[Dependency] | None = None
        try:
            values = row_values(raw, cat, number)
            uid = read_uid(raw.get("task_id"), number)
            if uid is None:
                deps = read_deps(raw.get("predecessors"), code_tree, number) if "predecessors" in raw else None
        except RowError as exc:
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
            base = baseline.get(uid) if baseline is not None else None
            if "code" in raw:
                now_code = tree.codes[task.id]
                exported_code = code_text(base.get("code")) if base is not None else now_code
                sheet_code = code_text(raw["code"])
                if sheet_code and sheet_code != exported_code:
                    result.ignored.append(
                        f"row {number} ({now_code} {task.title}): the WBS code was changed from {exported_code} to {sheet_code} "
                        f"in the sheet; moving a task is not imported: move it in the app"
                    )
            app_edited = True if edited is None else task.id in edited
            try:
                changes, deps, kept = _task_changes(task, tree, values, raw, base, baseline is not None, app_edited, cat, code_tree, number)
            except RowError as exc:
                errors.append(str(exc))
                if len(errors) >= MAX_ERRORS:
                    break
                continue
            result.kept += kept
            if not changes:
                result.unchanged += 1
                continue
            result.changed.append(RowChange(task.id, tree.codes[task.id], task.title, changes, task, deps))
        else:
            if not values.get("title"):
                errors.append(f"row {number}: a new task needs a title")
                continue
            code = code_text(raw.get("code"))
            sheet_parent = code.rsplit(".", 1)[0] if "." in code else ""
            if code and "." not in code:
                parent = None
            elif sheet_parent in codes:
                parent = codes[sheet_parent]
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
            new_task = Task(id=next_new, uid=0, parent_id=parent, position=position, dependencies=deps or [], user_edited=True, **fields)
            result.new_tasks[new_task.id] = new_task
            next_new -= 1
            result.added.append(NewRow(number, new_task.title, parent_code, fields, deps or []))
    if errors:
        more = " …" if len(errors) >= MAX_ERRORS else ""
        raise RefusedImportError(f"{path.name} cannot be imported: " + "; ".join(errors) + more + "; nothing was changed")
    missing = [tree.codes[t.id] for t in tree.walk() if t.uid not in seen]
    if missing:
        shown = ", ".join(missing[:8]) + (" …" if len(missing) > 8 else "")
        result.warnings.append(
            f"{len(missing)} task(s) of the project are not in the sheet ({shown}): they are kept; delete them in the app if they should go"
        )
    _check_cycles(tree, result.resolve("sheet"), path)
    return result


def _count_new_tasks(sheet: Any, where: dict[str, int], path: Path) -> None:
    """Refuse past MAX_NEW_TASKS rows without a task id, reading only those two columns (fast)."""
    task_id, title = where["task_id"], where["title"]
    first, last = min(task_id, title), max(task_id, title)
    count = 0
    for cells in sheet.iter_rows(min_row=2, min_col=first + 1, max_col=last + 1, values_only=True):
        if cells[task_id - first] in (None, "") and str(cells[title - first] or "").strip():
            count += 1
    if count > MAX_NEW_TASKS:
        raise UnsafeWorkbookError(path.name, "the number of new tasks (rows without a task id)", count, MAX_NEW_TASKS,
                                  detail="add them in smaller sheets")


def _task_changes(
    task: Task, tree: WbsTree, values: dict[str, Any], raw: dict[str, Any], base: dict[str, Any] | None,
    has_baseline: bool, app_edited: bool, cat: Catalog, codes: WbsTree, number: int,
) -> tuple[list[FieldChange], list[Dependency] | None, int]:
    """One task's cells: (changes and conflicts, the sheet's predecessors if they change, cells kept from the app).

    With the cells as exported (``base``) each cell is compared three ways; a cell whose export
    value cannot be read any more counts as changed in the app. Without it (an older export, or a
    row the export did not write) a differing cell is a conflict when ``app_edited``.
    """
    changes: list[FieldChange] = []
    kept = 0
    exported = base_values(base, cat) if base is not None else {}
    if has_baseline and base is None:
        app_edited = True  # a task id the export did not write: be careful
    for key, new in values.items():
        now = getattr(task, key)
        if key in exported:
            in_sheet, in_app = differs(exported[key], new), differs(exported[key], now)
        else:
            in_sheet, in_app = differs(now, new), (True if base is not None else app_edited)
        if not in_sheet:
            kept += int(in_app and key in exported)
            continue
        if not differs(now, new):
            continue  # the same change on both sides
        changes.append(FieldChange(key, now, new, conflict=in_app))
    deps: list[Dependency] | None = None
    if "predecessors" in raw:
        text = deps_text(raw["predecessors"])
        in_app = True if base is not None else app_edited
        exported_deps: list[Dependency] | None = None
        if base is not None and "predecessors" in base:
            base_text = deps_text(base["predecessors"])
            if text == base_text:
                return changes, None, kept  # not changed in the sheet
            try:
                exported_deps = parse_dependencies(base_text, codes)
                in_app = exported_deps != task.dependencies
            except ValidationFailed:
                exported_deps = None
        sheet_deps = read_deps(text, codes, number)
        if sheet_deps != task.dependencies and sheet_deps != exported_deps:
            deps = sheet_deps
            after = task.model_copy(update={"dependencies": sheet_deps})
            changes.append(FieldChange("predecessors", format_dependencies(task, tree), format_dependencies(after, tree), conflict=in_app))
    return changes, deps, kept


def _check_cycles(tree: WbsTree, after: dict[int, Task | None], path: Path) -> None:
    if not any(t is not None and t.dependencies for t in after.values()):
        return
    trial = dict(tree.tasks) | {i: t for i, t in after.items() if t is not None}
    cycle = dependency_cycle(WbsTree.build(list(trial.values())))
    if cycle:
        raise RefusedImportError(f"{path.name}: the predecessors make a dependency cycle ({' → '.join(tree.codes.get(i, 'new') for i in cycle)}); nothing was changed")


def apply_plan(ws: Workspace, result: SheetPlan, prefer: Choice = "app") -> WbsChange:
    """Apply a previewed plan as one undoable change; each conflict takes the side ``prefer`` names."""
    after = result.resolve(prefer)
    service = WbsService(ws.db)
    _check_cycles(service.tree(result.project_id), after, result.path)
    changed = sum(1 for task_id in after if task_id > 0)
    return service.apply_snapshot(result.project_id, after, kind="import", changed=changed, added=len(result.new_tasks))

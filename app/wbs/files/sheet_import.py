"""Reading an edited WBS workbook back: a preview of the changes, then one undoable apply.

Rows match tasks by the hidden task-id column, never by title. A row without a task id is a new
task: under the task its WBS code names (2.5 goes under 2, last), or without a code where it stands
between the rows above and below it (:mod:`app.wbs.files.sheet_new_rows`). A workbook that is not a
WBS exported for this project, or that holds a value that does not fit its column, is refused
whole: nothing changes.

Each cell is compared three ways: as exported (the baseline the export keeps in its meta sheet), in the sheet,
and in the app now, as the export would write it (ESC shown as ␛, a text past 32,767 characters cut with …:
:func:`app.wbs.files.sheet_cells.written_values`; a cut cell edited before its "…" keeps the text past the
cut). A cell changed only in the app is kept and not listed; one changed only in the sheet is a change; one
changed on both sides (to different values) is a conflict that keeps the app's value unless the user takes the
sheet's. A workbook from a version without a baseline is read conservatively: a differing cell of a task
edited in the app after the export time is a conflict. A formula cell is read as its formula text, never as a
cached value. A changed WBS code (a move) is not imported, nor a column added to the sheet (「顧客コメント」) with
text in it; the preview lists them as ignored with the reason. A merged cell is read on every row it covers; a
column whose header is not found (NFKC-folded) is said, not read.

A task added from a row without a task id records the workbook and the row (``origin.sheet``):
importing the same workbook again recognises the row as that task (compared with the row as read
then), so an unchanged sheet changes nothing the second time; the workbook itself is never written.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

from app.core.demo_source import app_today
from app.core.errors import RefusedImportError, ValidationFailed
from app.core.files.xlsx_guard import XlsxLimits, XlsxReport, open_workbook, value_rows
from app.core.i18n import Lang
from app.core.messages import Label, Many, Message
from app.core.operations import Choice
from app.core.storage.models import Project
from app.core.workspace import Workspace
from app.wbs.catalog import Catalog, catalog, read_back
from app.wbs.checks import dependency_cycle
from app.wbs.files.sheet import (
    BASELINE_KEYS,
    BY_KEY,
    COLUMNS,
    FORMAT,
    IMPORTED,
    MAX_WEEKS,
    SCHEMA,
    column_for_header,
    uid_copies,
)
from app.wbs.files.sheet_besides import edited_since, said_besides
from app.wbs.files.sheet_cells import (
    Codes,
    RowError,
    added_columns,
    base_values,
    code_text,
    deps_text,
    differs,
    export_mark,
    json_cell,
    read_deps,
    read_field,
    read_meta,
    read_uid,
    row_values,
    sheet_rows,
    uncut,
    wbs_sheet,
    written_values,
)
from app.wbs.files.sheet_new_rows import (
    MAX_NEW_TASKS,
    Pending,
    added_before,
    count_new_tasks,
    new_row_ids,
    placed,
    sheet_place,
)
from app.wbs.files.sheet_plan import (
    FieldChange,
    NewRow,
    RowChange,
    SheetPlan,
    Skipped,
    finish_update,
    skipped_row,
    skipped_said,
)
from app.wbs.model import (
    ROLLED_UP_FIELDS,
    USER_FIELDS,
    Dependency,
    SheetRow,
    Task,
    TaskOrigin,
    WbsTree,
    format_dependencies,
    parse_dependencies,
    task_name,
)
from app.wbs.service import WbsChange, WbsService
from app.wbs.store import born_in, copy_of_uid

__all__ = ["MAX_NEW_TASKS", "FieldChange", "NewRow", "RowChange", "SheetPlan", "apply_plan", "read_plan"]

MAX_ERRORS = 5
# A WBS sheet is refused past these (README, "Safety"): 20,000 rows in any sheet before it is
# parsed, and 5,000 new tasks (rows without a task id: MAX_NEW_TASKS) as it is read. At the limits a read takes
# about 10 s and 300 MB on the development machine (instead of minutes and gigabytes).
MAX_SHEET_ROWS = 20_000
# The area a sheet declares: as wide as the export's own WBS sheet (its columns and the Gantt's weeks),
# so a plan the app exported always comes back (10,100 tasks over 80 weeks: 1,010,100 cells).
LIMITS = XlsxLimits(max_rows=MAX_SHEET_ROWS, max_area=MAX_SHEET_ROWS * (len(COLUMNS) + MAX_WEEKS))


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
        here = copy_of_uid(s, project_id)
    meta, baseline = read_meta(book, path)
    copies = uid_copies(meta)  # a task id another copy of the project took is not this copy's task
    other_copy = lambda uid: born_in(uid, copies) != here(uid)  # noqa: E731
    if meta.get("format") != FORMAT:
        raise RefusedImportError(key="wbs.sheet_not_wbs", name=path.name)
    if int(meta.get("schema") or 0) > SCHEMA:
        raise RefusedImportError(key="wbs.sheet_newer", name=path.name, schema=str(meta.get("schema")))
    if meta.get("project_uuid") != uuid:
        other = str(meta.get("project_name"))  # the same name: a copy of this project, or one of another database
        if other == name:
            raise RefusedImportError(key="wbs.sheet_namesake_project", name=path.name, project=name)
        raise RefusedImportError(key="wbs.sheet_other_project", name=path.name, other=other, project=name)
    sheet_name = str(meta.get("sheet"))
    sheet = wbs_sheet(book, sheet_name, path)
    tree = WbsService(ws.db).tree(project_id)
    edited = None if baseline is not None else edited_since(ws, project_id, meta.get("exported_at"))
    lang: Lang = "en" if meta.get("lang") == "en" else "ja"  # the app's values are compared as this export wrote them
    plan = _compare(ws, project_id, path, sheet, tree, baseline, edited, meta.get("exported_at"), other_copy, lang)
    said_besides(plan, sheet, tree)  # formulas, the customer's comments, rows moved under another parent
    if sheet.title != sheet_name:
        plan.warnings.insert(0, Message(key="wbs.sheet_renamed", sheet=sheet.title, exported=sheet_name))
    if report.macros:
        plan.warnings.append(Message(key="wbs.sheet_macros", name=path.name))
    return plan


def _compare(
    ws: Workspace, project_id: int, path: Path, sheet: Any, tree: WbsTree,
    baseline: dict[int, dict[str, Any]] | None, edited: set[int] | None, exported_at: Any, other_copy: Callable[[int], bool], lang: Lang,
) -> SheetPlan:
    cat = catalog(ws.library)
    header = [column_for_header(c.value) for c in sheet[1]]
    where = {c.key: n for n, c in enumerate(header) if c is not None}
    for required in ("task_id", "title"):
        if required not in where:
            raise RefusedImportError(key="wbs.sheet_no_column", name=path.name, column=f"{BY_KEY[required].ja} / {BY_KEY[required].en}")
    count_new_tasks(sheet, where, path)
    by_uid = {uid: task for uid, task in tree.by_uid().items() if not other_copy(uid)}
    result = SheetPlan(project_id, path)
    # A column the export had (its baseline keeps its cells) that the sheet lacks; one added since (開始可能日) that a
    # workbook exported before it never had is no news.
    exported_keys = set().union(*(cells.keys() for cells in baseline.values())) if baseline else None
    if unread := tuple(Label(ja=c.ja, en=c.en) for k, c in BY_KEY.items()
                       if k in (*IMPORTED, "predecessors") and k not in where and (exported_keys is None or k in exported_keys)):  # fmt: skip
        result.warnings.append(Message(key="wbs.columns_not_read", count=len(unread), columns=Many(unread)))  # a header retyped?
    added, weeks = added_columns(sheet)
    result.ignored += [Message(key="wbs.column_added", column=heading) for heading in added]  # the customer's own
    if weeks:  # text typed in the Gantt area: the bars follow the dates
        result.ignored.append(Message(key="wbs.gantt_typed", count=len(weeks), weeks=Many(tuple(weeks))))
    result.names = {task_id: task_name(code, tree.tasks[task_id].title) for task_id, code in tree.codes.items() if task_id in tree.tasks}
    if baseline is not None:
        # The sheet's codes are those of the export; the app may have moved tasks since.
        codes = {code_text(b.get("code")): by_uid[uid].id for uid, b in baseline.items() if uid in by_uid and code_text(b.get("code"))}
    else:
        codes = tree.by_code()
        when = export_mark(exported_at) or Message(key="wbs.time_unknown")
        result.warnings.append(Message(key="wbs.sheet_no_baseline", time=when))
    errors: list[Message] = []
    merged_over = _id_merged_over(sheet, where["task_id"] + 1)
    exported_uid = ({code_text(b.get("code")): uid for uid, b in baseline.items() if code_text(b.get("code"))} if baseline is not None
                    else {code: tree.tasks[i].uid for code, i in codes.items()})
    seen: set[int] = set()
    first_row: dict[int, int] = {}  # the row each task id was first read on
    pending: list[Pending] = []
    skipped: list[Skipped] = []  # the rows of tasks no longer in the project
    task_rows: list[tuple[Task, int, dict[str, Any], dict[str, Any], dict[str, Any] | None, bool]] = []
    above: int | None = None  # the task of the last row read that has a task id
    waiting: list[Pending] = []  # the rows without a task id since then
    for number, raw in sheet_rows(sheet, where, value_rows(sheet), lang):  # only what holds values, merged cells on each row
        try:
            uid = read_uid(raw.get("task_id"), number)
            if uid is None and number in merged_over:  # cells merged across its hidden task ID (備考 widened over the Gantt)
                uid = exported_uid.get(code_text(raw.get("code")))
                if uid is None or uid in seen:
                    raise RowError(number, Message(key="wbs.row_id_merged"))
                result.warnings.append(Message(key="wbs.row_id_merged_read", row=number, code=code_text(raw.get("code"))))
            task = by_uid.get(uid) if uid is not None else None
            if uid is not None and task is None:  # skipped, never refusing the sheet; what was typed on it said
                exported = (baseline or {}).get(uid) or (baseline or {}).get(exported_uid.get(code_text(raw.get("code")), 0))
                skipped.append(skipped_row(number, raw, other_copy(uid), exported, cat))  # (its ID edited too: by its number)
                continue
            summary = task is not None and tree.has_children(task.id)
            # A summary's rolled-up cells (its estimate: the sum of its sub-tasks', past 1,000 person-days in
            # a big phase) are never taken (_read_task_row), so never read either: an untouched export comes back.
            values = row_values({k: v for k, v in raw.items() if k not in ROLLED_UP_FIELDS} if summary else raw, cat, number)
            if uid is None or task is None:
                pending.append(Pending(number, raw, values, above))
                waiting.append(pending[-1])
                continue
            if uid in seen:  # a row copied in Excel to make a similar task
                from openpyxl.utils import get_column_letter
                copied = task_name(tree.codes[task.id], task.title)
                column = get_column_letter(where["task_id"] + 1)
                raise RowError(number, Message(key="wbs.row_copied", first=first_row[uid], task=copied, column=column))
            seen.add(uid)
            first_row[uid] = number
            above = task.id
            for row in waiting:
                row.below = task.id
            waiting.clear()
            base = baseline.get(uid) if baseline is not None else None
            task_rows.append((task, number, raw, values, base, True if edited is None else task.id in edited))
        except RowError as exc:
            errors.append(exc.message)
            if len(errors) >= MAX_ERRORS:
                break
    result.warnings += skipped_said(skipped)
    matched = added_before(pending, tree, export_mark(exported_at), seen) if len(errors) < MAX_ERRORS else {}
    # The new rows' codes are known before any predecessors are read: a row may follow a new row.
    ids, codes_read = new_row_ids(pending, matched, codes)
    code_tree = cast(WbsTree, Codes(codes_read))
    for task, number, raw, values, base, app_edited in task_rows:
        if len(errors) >= MAX_ERRORS:
            break
        try:
            _read_task_row(result, tree, task, number, raw, values, base, baseline is not None, app_edited, cat, code_tree, lang)
        except RowError as exc:
            errors.append(exc.message)
    for n, row in enumerate(pending):
        if len(errors) >= MAX_ERRORS:
            break
        try:
            task = matched.get(n)
            if task is not None:  # added by an earlier import of this workbook: compared with the row as read then
                seen.add(task.uid)
                cells = task.origin.sheet.cells if task.origin.sheet is not None else {}
                _read_task_row(result, tree, task, row.number, row.raw, row.values, cells, True, True, cat, code_tree, lang)
            else:
                _read_new_row(result, tree, pending, n, ids, codes_read, code_tree, export_mark(exported_at))
        except RowError as exc:
            errors.append(exc.message)
    errors.sort(key=lambda m: int(m.params.get("row", 0)))
    if errors:
        said = [_said_once(error) for error in errors]
        problems: Message | Label = said[-1]
        for earlier in reversed(said[:-1]):
            problems = Message(key="wbs.problems", first=earlier, rest=problems)
        more = " …" if len(errors) >= MAX_ERRORS else ""
        raise RefusedImportError(key="wbs.sheet_refused", name=path.name, problems=problems, more=more)
    missing = [task_name(tree.codes[t.id], t.title) for t in tree.walk() if t.uid not in seen]  # a deleted row said by its task
    if missing:
        codes_shown = tuple(missing[:8]) + (("…",) if len(missing) > 8 else ())
        result.warnings.append(Message(key="wbs.not_in_sheet", count=len(missing), codes=Many(codes_shown)))
    _check_cycles(tree, placed(tree, result.resolve("sheet"), result.follows), path)
    return result


def _said_once(problem: Message) -> Label:
    """A row's problem as the sheet's refusal says it, which ends with "nothing was changed" once: without
    the same words at its own end (a date out of range, a text too long say them when typed in the app)."""
    said = {}
    for lang in ("ja", "en"):
        said[lang] = problem.text(lang).removesuffix(Message(key="wbs.nothing_changed_end").text(lang))
    return Label(**said)


def _read_task_row(
    result: SheetPlan, tree: WbsTree, task: Task, number: int, raw: dict[str, Any], values: dict[str, Any],
    base: dict[str, Any] | None, has_baseline: bool, app_edited: bool, cat: Catalog, code_tree: WbsTree, lang: Lang,
) -> None:
    """A row of an existing task: its changes and conflicts, or one more unchanged task."""
    if tree.has_children(task.id):  # a summary's estimate, dates and status follow its sub-tasks
        values = {k: v for k, v in values.items() if k not in ROLLED_UP_FIELDS}
    now_code = tree.codes[task.id]
    if "code" in raw:
        exported_code = code_text(base.get("code")) if base is not None else now_code
        sheet_code = code_text(raw["code"])
        if sheet_code and sheet_code != exported_code:
            result.ignored.append(Message(key="wbs.row_moved", row=number, task=task_name(now_code, task.title), old=exported_code, new=sheet_code))
    changes, deps, kept = _task_changes(task, tree, values, raw, base, has_baseline, app_edited, cat, code_tree, number, lang,
                                       result.ignored)
    result.kept += kept
    if not changes:
        result.unchanged += 1
        return
    result.changed.append(RowChange(task.id, now_code, task.title, changes, task, deps))


def _read_new_row(
    result: SheetPlan, tree: WbsTree, pending: list[Pending], n: int, ids: dict[int, int], codes: dict[str, int], code_tree: WbsTree, export: str,
) -> None:
    """The row ``pending[n]`` without a task id that no earlier import added: a new task (``ids[n]`` < 0),
    last under the task its code names (``codes``: the sheet's codes, new rows' too), else (no code, or
    one naming no task) where it stands between the rows above and below it (:func:`sheet_place`)."""
    row, task_id = pending[n], ids[n]
    values = row.values
    if not values.get("title"):
        raise RowError(row.number, Message(key="wbs.new_needs_title"))
    deps = read_deps(row.raw.get("predecessors"), code_tree, row.number) if "predecessors" in row.raw else []
    code = row.code
    sheet_parent = code.rsplit(".", 1)[0] if "." in code else ""
    if code and "." not in code:
        parent: int | None = None
    elif sheet_parent in codes:
        parent = codes[sheet_parent]
    else:
        parent, result.follows[task_id] = sheet_place(n, pending, ids, tree, result.new_tasks)
    parent_code = ""
    if parent is not None:
        parent_code = tree.codes.get(parent, "") if parent > 0 else next((c for c, i in codes.items() if i == parent), "")
    siblings = [tree.tasks[k].position for k in tree.kids(parent)]
    siblings += [t.position for t in result.new_tasks.values() if t.parent_id == parent]
    position = (max(siblings) + 1) if siblings else 0  # last; :func:`placed` puts it at its place
    fields = dict(values)
    if fields.get("agreed") and not fields.get("agreed_on"):
        fields["agreed_on"] = app_today()
    new_task = Task(id=task_id, uid=0, parent_id=parent, position=position, dependencies=deps, user_edited=True, **fields)
    if export:  # the row as read, an empty priority or status as the default the task got
        cells = {k: json_cell(row.raw[k]) for k in BASELINE_KEYS if k in row.raw}
        cells |= {k: str(getattr(new_task, k)) for k in ("priority", "status") if k in row.raw and k not in values}
        record = SheetRow(exported_at=export, row=row.number, title=new_task.title, cells=cells)
        new_task = new_task.model_copy(update={"origin": TaskOrigin(sheet=record)})
    result.new_tasks[task_id] = new_task
    result.added.append(NewRow(row.number, new_task.title, parent_code, fields, deps))


def _id_merged_over(sheet: Any, id_column: int) -> set[int]:
    """The rows whose task ID cell a range merged across it covers (Excel keeps only a merge's first value):
    such a row is its exported task, known by its WBS number, not a new row."""
    return {row for merged in sheet.merged_cells.ranges if merged.min_col < id_column <= merged.max_col
            for row in range(max(2, merged.min_row), merged.max_row + 1)}


def _task_changes(
    task: Task, tree: WbsTree, values: dict[str, Any], raw: dict[str, Any], base: dict[str, Any] | None,
    has_baseline: bool, app_edited: bool, cat: Catalog, codes: WbsTree, number: int, lang: Lang, ignored: list[Message],
) -> tuple[list[FieldChange], list[Dependency] | None, int]:
    """One task's cells: (changes and conflicts, the sheet's predecessors if they change, cells kept from the app).

    With the cells as exported (``base``) each cell is compared three ways, the app's value as an
    export in ``lang`` writes it (ESC as ␛, a long text cut with …: :func:`written_values`); a cell
    whose export value cannot be read any more counts as changed in the app. Without it (an older
    export, or a row the export did not write) a differing cell is a conflict when ``app_edited``.
    """
    changes: list[FieldChange] = []
    kept = 0
    exported = base_values(base, cat) if base is not None else {}
    written = written_values(task, tree, cat, lang, base, exported)
    if has_baseline and base is None:
        app_edited = True  # a task id the export did not write: be careful
    for key, new in values.items():
        now, new = getattr(task, key), read_back(cat, task, key, new, lang)  # the template's text in the other language: as written
        shown = written.get(key, now)  # the app's value as the sheet would show it
        if key in exported:
            in_sheet, in_app = differs(exported[key], new), differs(exported[key], shown)
        else:
            in_sheet, in_app = differs(shown, new), (True if base is not None else app_edited)
        if not in_sheet:
            kept += int(in_app and key in exported)
            continue
        if not differs(shown, new):
            continue  # the same change on both sides
        if key in exported and (whole := uncut(new, exported[key], now)) is not new:
            if whole is None:  # a cut cell rewritten without its "…": the app's whole text stays
                column = BY_KEY[key]
                ignored.append(Message(key="wbs.cut_cell_rewritten", row=number, task=task_name(codes.codes.get(task.id, ""), task.title),
                                       column=Label(ja=column.label("ja"), en=column.label("en"))))
                continue
            new = read_field(key, whole, cat, number)  # the text past the cut kept (refused if now too long)
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
    """Refuse a sheet whose predecessors make a cycle: named by the tasks' codes, a new row's as it would be added."""
    if not any(t is not None and t.dependencies for t in after.values()):
        return
    trial = WbsTree.build(list((dict(tree.tasks) | {i: t for i, t in after.items() if t is not None}).values()))
    cycle = dependency_cycle(trial)
    if cycle:
        said = {lang: " → ".join(tree.codes[i] if i in tree.codes else f"{trial.codes.get(i, '')}{new}" for i in cycle)
                for lang, new in (("ja", "(新規)"), ("en", " (new)"))}
        raise RefusedImportError(key="wbs.sheet_cycle", name=path.name, codes=Label(**said))


# What the preview compares and an import may write: a task whose value changed meanwhile was changed elsewhere.
_COMPARED = USER_FIELDS


def apply_plan(ws: Workspace, result: SheetPlan, prefer: Choice = "app") -> WbsChange:
    """Apply a previewed plan as one undoable change; each conflict takes the side ``prefer`` names.

    The tasks are read again in the import's transaction, as the hearing sheet's import does: a
    task changed since the preview read it (in another window or process) keeps what was changed
    meanwhile and takes the sheet's other changes; a task deleted meanwhile is not recreated nor
    linked to, and a new row under it is not added. The plan then says which
    (``kept_meanwhile``, ``gone_meanwhile``, ``not_added``: :meth:`SheetPlan.meanwhile`).
    """
    service = WbsService(ws.db)
    now = service.tree(result.project_id)  # (inside the import's transaction)
    kept: list[int] = []
    gone: set[int] = set()
    result.not_added = []
    after: dict[int, Task | None] = dict(result.new_tasks)
    while lost := [i for i, t in after.items() if t is not None and t.parent_id is not None and t.parent_id not in now.tasks and t.parent_id not in after]:
        for task_id in lost:  # under a task deleted meanwhile (or under a new row not added for that)
            parent = cast(Task, after.pop(task_id)).parent_id
            if parent is not None and parent > 0:
                gone.add(parent)
            result.not_added.append(result.added[-1 - task_id])
    result.not_added.sort(key=lambda new: new.row)
    for row in result.changed:
        current = now.tasks.get(row.task_id)
        if current is None:
            gone.add(row.task_id)
            continue
        if row.task is None:
            continue
        meanwhile = {k for k in _COMPARED if getattr(current, k) != getattr(row.task, k)}
        if meanwhile:
            kept.append(row.task_id)
        update = {k: v for k, v in result.update(row, prefer).items() if k not in meanwhile}
        if now.has_children(row.task_id):  # became a summary meanwhile: its dates and status follow its sub-tasks
            update = {k: v for k, v in update.items() if k not in ROLLED_UP_FIELDS}
        if update:
            after[row.task_id] = current.model_copy(update=finish_update(current, update))
    for task_id, task in list(after.items()):
        if task is None:
            continue
        links = [d for d in task.dependencies if d.predecessor_id in now.tasks or d.predecessor_id in after]
        if len(links) != len(task.dependencies):  # to a task deleted meanwhile (or a new row not added)
            gone |= {d.predecessor_id for d in task.dependencies if d.predecessor_id > 0 and d.predecessor_id not in now.tasks}
            after[task_id] = task.model_copy(update={"dependencies": links})
    result.kept_meanwhile = [task_name(now.codes[i], now.tasks[i].title) for i in kept]
    result.gone_meanwhile = [result.names.get(i, "") for i in sorted(gone, key=lambda i: _outline(result.names.get(i, "")))]
    changed = sum(1 for task_id in after if task_id > 0)
    after = placed(now, after, result.follows)  # the siblings after a new row move down (not counted as changed)
    _check_cycles(now, after, result.path)
    return service.apply_snapshot(result.project_id, after, kind="import", changed=changed, added=sum(1 for task_id in after if task_id < 0))


def _outline(name: str) -> tuple[int, ...]:
    """A task name's outline number as a sort key (1.10 after 1.9)."""
    code = name.split(" ", 1)[0]
    return tuple(int(p) for p in code.split(".") if p.isdigit())

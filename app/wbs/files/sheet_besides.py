"""What an edited WBS sheet holds besides its cells' values, said in the import's preview, never imported.

:func:`said_besides` adds to a :class:`~app.wbs.files.sheet_plan.SheetPlan` read by
:mod:`app.wbs.files.sheet_import`:

- the cells of the read columns that hold a formula (完了条件 typed as =M3, 'as the row above'): read as
  the formula's text, as the hearing sheet is, so the change is marked 「(数式)」 and the cells listed;
- the comments (メモ) on the sheet's cells, with their text: the customer's words to the consultant
  (「この日程は厳しいです」), read by a person, not stored;
- a task's row moved under another parent (cut from phase 1 and inserted under phase 2, its WBS number
  left as it was): the import places tasks by their WBS number, so the move is said, not applied.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from app.core.files.xlsx_guard import cell_comments, value_rows
from app.core.messages import Many, Message
from app.core.storage.models import WbsTask
from app.core.workspace import Workspace
from app.wbs.files.sheet import column_for_header
from app.wbs.files.sheet_cells import RowError, code_text, read_uid
from app.wbs.files.sheet_plan import SheetPlan
from app.wbs.model import WbsTree, task_name

SAID = 8  # comments and moves said one by one; the others counted in one line


def said_besides(plan: SheetPlan, sheet: Any, tree: WbsTree) -> None:
    """Formulas, comments and moved rows of ``sheet`` (the WBS sheet read into ``plan``), said in ``plan``."""
    where = {column.key: n + 1 for n, c in enumerate(sheet[1]) if (column := column_for_header(c.value)) is not None}
    row_task = _row_tasks(sheet, where.get("task_id"), tree)
    _formulas(plan, sheet, where, row_task)
    comments = [Message(key="wbs.cell_comment", cell=cell, task=_named(tree, row_task.get(row)), text=text)
                for row, cell, text in cell_comments(sheet)]
    plan.ignored += comments[:SAID] + [Message(key="wbs.cell_comments_more", count=n) for n in _rest(comments)]
    moved = _moved(sheet, where.get("code"), tree, row_task)
    plan.ignored += moved[:SAID] + [Message(key="wbs.rows_moved_more", count=n) for n in _rest(moved)]


def edited_since(ws: Workspace, project_id: int, exported_at: Any) -> set[int]:
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


def _row_tasks(sheet: Any, column: int | None, tree: WbsTree) -> dict[int, int]:
    """The sheet's rows that are the project's tasks, in order: {row: task id} (by the hidden task ID)."""
    if column is None:
        return {}
    by_uid = tree.by_uid()
    found: dict[int, int] = {}
    taken: set[int] = set()
    for row in range(2, value_rows(sheet) + 1):
        held = sheet._cells.get((row, column))  # (openpyxl's own table: looking creates no cell)
        try:
            uid = read_uid(held.value if held is not None else None, row)
        except RowError:
            continue
        if uid is not None and uid in by_uid and by_uid[uid].id not in taken:  # (a copied row: its first)
            found[row] = by_uid[uid].id
            taken.add(by_uid[uid].id)
    return found


def _formulas(plan: SheetPlan, sheet: Any, where: dict[str, int], row_task: dict[int, int]) -> None:
    """The read cells holding a formula: listed in a warning, their changes marked as formulas."""
    keys = {n: key for key, n in where.items()}
    cells = sorted((row, column) for (row, column), cell in sheet._cells.items()
                   if row >= 2 and column in keys and cell.data_type == "f")
    if not cells:
        return
    names = [f"{sheet.title}!{sheet._cells[place].coordinate}" for place in cells]
    shown = tuple(names[:SAID]) + (("…",) if len(names) > SAID else ())
    plan.warnings.append(Message(key="wbs.sheet_formulas", count=len(names), cells=Many(shown)))
    marked = {(row_task.get(row), keys[column]) for row, column in cells}
    for change_row in plan.changed:
        for change in change_row.changes:
            change.formula = (change_row.task_id, change.field) in marked


def _moved(sheet: Any, column: int | None, tree: WbsTree, row_task: dict[int, int]) -> list[Message]:
    """The task rows that stand under another parent than their WBS number says (1.3 cut and inserted
    under phase 2, its number left as it was): the nearest task row above with a shorter number is not
    its parent's (said only when the parent's row is in the sheet). By the numbers as the sheet shows
    them, for rows whose number is the task's now: a number changed in the sheet is said as such
    (``wbs.row_moved``), and a task the app moved or renumbered since the export is no move of the customer's."""
    if column is None:
        return []
    codes = {row: code_text(held.value) for row in row_task if (held := sheet._cells.get((row, column))) is not None}
    rows = [row for row in row_task if codes.get(row)]
    present = {codes[row] for row in rows}
    said = []
    shallower: list[str] = []  # the rows above, each shallower than the next: the last one shallower than a row is its parent's
    for n, row in enumerate(rows):
        code = codes[row]
        while shallower and shallower[-1].count(".") >= code.count("."):
            shallower.pop()
        above = shallower[-1] if shallower else None
        shallower.append(code)
        parent = code.rpartition(".")[0]
        if not parent or parent not in present or n == 0 or code != tree.codes.get(row_task[row]):
            continue  # (a number changed in the sheet is said as such; one the app changed since, unknown)
        if above != parent:
            said.append(Message(key="wbs.row_moved_under", task=_named(tree, row_task[row]), after=_named(tree, row_task[rows[n - 1]]),
                                code=code))
    return said


def _named(tree: WbsTree, task_id: int | None) -> str:
    return task_name(tree.codes[task_id], tree.tasks[task_id].title) if task_id in tree.tasks else ""


def _rest(said: list[Message]) -> list[int]:
    """How many are left past :data:`SAID` (none: an empty list), counted in one line."""
    return [len(said) - SAID] if len(said) > SAID else []

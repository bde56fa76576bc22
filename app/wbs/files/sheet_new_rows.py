"""The rows without a task id of an edited WBS workbook: which of them an earlier import of the same
workbook added as tasks, the ids and WBS codes the others get as new tasks, and where they go.

A new row's WBS code places it (7.1 goes under the task or the new row numbered 7) and other rows
name it as a predecessor by that code, so the codes the sheet gives its new rows are known before
any row's predecessors are read. A new row without a code takes its place between its neighbours
in the sheet (:func:`sheet_place`); the siblings after it move down one as they do when a task is
added in the app (:func:`placed`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.core.errors import RefusedImportError
from app.core.files.xlsx_guard import value_rows
from app.wbs.files.sheet_cells import code_text
from app.wbs.model import Task, WbsTree

MAX_NEW_TASKS = 5_000  # rows without a task id a sheet may hold (README, "Safety")


@dataclass
class Pending:
    """A row without a task id, read before it is matched with a task added from it earlier."""

    number: int
    raw: dict[str, Any]
    values: dict[str, Any]
    above: int | None  # the task of the nearest row above that has a task id (None: none)
    below: int | None = None  # the task of the nearest such row below

    @property
    def title(self) -> str:
        return str(self.values.get("title") or "")

    @property
    def code(self) -> str:
        return code_text(self.raw.get("code"))


def added_before(pending: list[Pending], tree: WbsTree, export: str, seen: set[int]) -> dict[int, Task]:
    """The rows (by index in ``pending``) that earlier imports of this workbook added as tasks.

    Each such task records its workbook and row (``origin.sheet``). A row is recognised by its
    number and title; else by its title (the nearest row first: rows inserted above moved it);
    else by its number, when its title was changed in the sheet (neither title is found elsewhere).
    """
    if not export:
        return {}
    records = [t for t in tree.tasks.values() if t.origin.sheet is not None and t.origin.sheet.exported_at == export and t.uid not in seen]
    if not records or not pending:
        return {}
    found: dict[int, Task] = {}
    free = list(records)

    def take(n: int, task: Task) -> None:
        found[n] = task
        free.remove(task)

    for n, row in enumerate(pending):
        task = next((t for t in free if t.origin.sheet is not None and (t.origin.sheet.row, t.origin.sheet.title) == (row.number, row.title)), None)
        if task is not None:
            take(n, task)
    for n, row in enumerate(pending):
        if n in found:
            continue
        same = [t for t in free if t.origin.sheet is not None and t.origin.sheet.title == row.title]
        if same:
            take(n, min(same, key=lambda t: abs((t.origin.sheet.row if t.origin.sheet else 0) - row.number)))
    titles = {row.title for row in pending}
    recorded = {t.origin.sheet.title for t in records if t.origin.sheet is not None}
    for n, row in enumerate(pending):
        if n in found or row.title in recorded:
            continue
        task = next((t for t in free if t.origin.sheet is not None and t.origin.sheet.row == row.number and t.origin.sheet.title not in titles), None)
        if task is not None:
            take(n, task)
    return found


def new_row_ids(pending: list[Pending], matched: dict[int, Task], codes: dict[str, int]) -> tuple[dict[int, int], dict[str, int]]:
    """Each row's task id (by index in ``pending``: -1, -2... in sheet order for a new task, the task's
    own id for a row an earlier import added), and ``codes`` with the WBS codes these rows give
    themselves in the sheet (a code the sheet's tasks have already, or one given twice, names the first)."""
    ids: dict[int, int] = {}
    placed = dict(codes)
    new = 0
    for n, row in enumerate(pending):
        task = matched.get(n)
        if task is None:
            new += 1
        ids[n] = task.id if task is not None else -new
        if row.code and row.code not in placed:
            placed[row.code] = ids[n]
    return ids, placed


def sheet_place(n: int, pending: list[Pending], ids: dict[int, int], tree: WbsTree, new_tasks: dict[int, Task]) -> tuple[int | None, int | None]:
    """Where the row ``pending[n]`` without a code goes: (its parent, the sibling it comes right after
    (None: first)). It is the sibling of the row above, right after it (a row above without a task id
    included, so rows inserted together keep their order); the first sub-task of the row above when
    the row below is that task's sub-task; at the top of the sheet, first beside the row below."""
    row = pending[n]
    if n > 0 and pending[n - 1].above == row.above:  # right below another row without a task id
        previous = tree.tasks.get(ids[n - 1]) or new_tasks.get(ids[n - 1])
        if previous is not None:
            return previous.parent_id, previous.id
    above = tree.tasks.get(row.above) if row.above is not None else None
    below = tree.tasks.get(row.below) if row.below is not None else None
    if above is None:
        return (below.parent_id if below is not None else None), None
    if below is not None and below.parent_id == above.id:
        return above.id, None
    return above.parent_id, above.id


def placed(tree: WbsTree, after: dict[int, Task | None], follows: dict[int, int | None]) -> dict[int, Task | None]:
    """``after`` with each new task (id < 0, sheet order: -1, -2...) at its place among its siblings in
    ``tree`` and the siblings after it moved down, as adding a task in the app does. ``follows``: the
    sibling a new task comes right after (None: first); a task not in it, or whose sibling is not
    there any more (deleted or moved meanwhile), comes last."""
    new = sorted((t for i, t in after.items() if i < 0 and t is not None), key=lambda t: -t.id)
    result = dict(after)
    for parent in dict.fromkeys(t.parent_id for t in new):
        kids = [i for i in tree.kids(parent) if after.get(i, tree.tasks[i]) is not None]
        for task in (t for t in new if t.parent_id == parent):
            anchor = follows.get(task.id)
            if task.id not in follows or (anchor is not None and anchor not in kids):
                kids.append(task.id)
            else:
                kids.insert(0 if anchor is None else kids.index(anchor) + 1, task.id)
        for position, task_id in enumerate(kids):
            sibling = result[task_id] if task_id in result else tree.tasks[task_id]
            if sibling is not None and sibling.position != position:
                result[task_id] = sibling.model_copy(update={"position": position})
    return result


def count_new_tasks(sheet: Any, where: dict[str, int], path: Path) -> None:
    """Refuse past MAX_NEW_TASKS rows without a task id, reading only those two columns of the rows holding values (fast)."""
    last = value_rows(sheet)

    def column(n: int) -> Iterator[Any]:  # one column's values (the two are far apart: the id is the last column)
        return (cells[0] for cells in sheet.iter_rows(min_row=2, max_row=last, min_col=n + 1, max_col=n + 1, values_only=True))

    count = sum(1 for task_id, title in zip(column(where["task_id"]), column(where["title"]), strict=True)
                if task_id in (None, "") and str(title or "").strip())
    if count > MAX_NEW_TASKS:
        raise RefusedImportError(key="wbs.too_many_new_tasks", name=path.name, count=f"{count:,}", limit=f"{MAX_NEW_TASKS:,}")

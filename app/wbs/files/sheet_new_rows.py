"""The rows without a task id of an edited WBS workbook: which of them an earlier import of the same
workbook added as tasks, and the ids and WBS codes the others get as new tasks.

A new row's WBS code places it (7.1 goes under the task or the new row numbered 7) and other rows
name it as a predecessor by that code, so the codes the sheet gives its new rows are known before
any row's predecessors are read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.wbs.files.sheet_cells import code_text
from app.wbs.model import Task, WbsTree


@dataclass
class Pending:
    """A row without a task id, read before it is matched with a task added from it earlier."""

    number: int
    raw: dict[str, Any]
    values: dict[str, Any]
    previous_parent: int | None

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

"""The Excel WBS against a plain XlsxWriter write of the same cell values (not run by pytest).

``python -m tests.bench_xlsx [N ...]`` prints, per N tasks (default 1000 and 10000), the export's
CPU seconds, the floor's and their ratio (best of three), then the growth from the first N to the last.
:func:`measure` is what the bench harness calls. Both writes run in this process on the same
project: the export as the app runs it (reading the project, laying out every sheet, the atomic
write), the floor as the least any writer of these cells must do (the WBS sheet's values and the
meta sheet's baseline row by row with ``write_row``, no formats, no layout).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
import time
from functools import cache
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@cache
def _project(n_tasks: int) -> tuple[Any, int, Path]:
    """A project of about ``n_tasks`` tasks (phases of 10 groups of 9 tasks), dated and chained, in a temporary workspace."""
    from app.core.content.loader import load_library
    from app.core.projects import ProjectService
    from app.core.workspace import Workspace
    from app.wbs.model import Dependency, Task
    from app.wbs.service import WbsService

    folder = Path(tempfile.mkdtemp(prefix="bench-xlsx-"))
    ws = Workspace.open(str(folder / "bench.sqlite3"), load_library([Path(__file__).resolve().parent.parent / "checklists"]))
    pid = ProjectService(ws.db).create("bench", lang="ja").id
    tasks: dict[int, Task | None] = {}
    next_id, previous, day = -1, None, dt.date(2027, 1, 4)
    roles, phases, priorities = ("mlops", "ds", "pm", ""), ("p1", "p2", ""), ("must", "should", "could")
    while len(tasks) < n_tasks:
        phase = next_id
        tasks[phase] = Task(id=phase, uid=0, title=f"フェーズ {-phase}", completion_condition="完了", position=len(tasks))
        next_id -= 1
        for g in range(10):
            group = next_id
            tasks[group] = Task(id=group, uid=0, parent_id=phase, position=g, title=f"グループ {g}", completion_condition="完了")
            next_id -= 1
            for t in range(9):
                deps: list[Dependency] = [Dependency(predecessor_id=previous)] if previous is not None and t == 0 else []
                tasks[next_id] = Task(
                    id=next_id, uid=0, parent_id=group, position=t, title=f"作業 {t} の名前(少し長めのタスク名)", estimate_days=1 + t % 3,
                    completion_condition="" if t == 4 else "レビューで承認された状態\n成果物が共有フォルダにある",
                    notes="=SUM(A1)" if t == 7 else "備考", owner_role=roles[t % 4], phase=phases[t % 3], priority=priorities[t % 3],
                    start=day, finish=day + dt.timedelta(days=1 + t % 3), milestone=t == 8, dependencies=deps,
                )  # fmt: skip
                previous = next_id
                next_id -= 1
                day += dt.timedelta(days=1 if t % 2 else 0)
    WbsService(ws.db).apply_snapshot(pid, tasks)
    return ws, pid, folder


def _cell_values(ws: Any, pid: int) -> tuple[list[list[Any]], list[list[Any]]]:
    """The WBS sheet's rows and the meta sheet's baseline rows, as the export writes their values."""
    from app.wbs.catalog import catalog
    from app.wbs.files import xlsx
    from app.wbs.files.sheet import BASELINE_KEYS, COLUMNS
    from app.wbs.service import WbsService

    tree = WbsService(ws.db).tree(pid)
    cat = catalog(ws.library)
    rows, baseline = [], []
    for task in tree.walk():
        values = xlsx._cells(task, tree, cat, ws, "ja")
        rows.append([values[c.key] for c in COLUMNS])
        baseline.append([values["task_id"], *(values[k] for k in BASELINE_KEYS)])
    return rows, baseline


def floor_write(path: Path, rows: list[list[Any]], baseline: list[list[Any]]) -> None:
    """The least a writer of these cells does: every value written row by row, nothing else."""
    import xlsxwriter

    from app.wbs.files.sheet import COLUMNS

    book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False})
    sheet = book.add_worksheet("WBS")
    sheet.write_row(0, 0, [c.label("ja") for c in COLUMNS])
    for r, values in enumerate(rows, start=1):
        sheet.write_row(r, 0, values)
    meta = book.add_worksheet("_meta")
    for r, values in enumerate(baseline):
        meta.write_row(r, 0, values)
    book.close()


def measure(n_tasks: int, repeat: int = 1) -> tuple[float, float]:
    """Seconds of the Excel WBS export of ``n_tasks`` tasks, and of the floor (the same values, plainly).

    Each is this process's CPU time (other processes on a shared machine do not count), the best
    of ``repeat`` runs, the two taking turns.
    """
    from app.wbs.files.xlsx import export_wbs_xlsx

    ws, pid, folder = _project(n_tasks)
    rows, baseline = _cell_values(ws, pid)
    ours, floor = [], []
    for _ in range(repeat):
        started = time.process_time()
        export_wbs_xlsx(ws, pid, folder / "wbs.xlsx", "ja")
        ours.append(time.process_time() - started)
        started = time.process_time()
        floor_write(folder / "floor.xlsx", rows, baseline)
        floor.append(time.process_time() - started)
    return min(ours), min(floor)


def main(sizes: list[int], repeat: int = 3) -> None:
    ours_by_size = {}
    for n in sizes:
        ours, floor = measure(n, repeat)
        ours_by_size[n] = ours
        print(f"{n:>6} tasks: export {ours:7.2f} s, floor {floor:7.2f} s, ratio {ours / floor:5.2f}")
    if len(sizes) > 1:
        first, last = sizes[0], sizes[-1]
        print(f"growth {first} -> {last}: {ours_by_size[last] / ours_by_size[first]:.1f}x (linear: {last / first:.0f}x)")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1000, 10000])

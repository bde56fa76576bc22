"""WBS at scale (not run by pytest): ``python -m tests.bench_wbs [N]`` prints timings in seconds.

Builds a project of N tasks (default 3000: 30 phases x 10 groups x 9 tasks, chained by
predecessors), then times what a user waits for: loading, one edit, scheduling, the model's reset
and updates, the Excel export and reading it back.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def timed(label: str, work):
    started = time.perf_counter()
    result = work()
    print(f"{label:<44} {time.perf_counter() - started:8.3f}")
    return result


def main(n: int = 3000) -> None:
    from app.core.content.loader import load_library
    from app.core.projects import ProjectService
    from app.core.workspace import Workspace
    from app.wbs.checks import problems, totals
    from app.wbs.model import Dependency, Task
    from app.wbs.schedule import schedule
    from app.wbs.service import WbsService

    folder = Path(tempfile.mkdtemp())
    ws = Workspace.open(str(folder / "bench.sqlite3"), load_library([Path(__file__).resolve().parent.parent / "checklists"]))
    pid = ProjectService(ws.db).create("bench", lang="en").id
    service = WbsService(ws.db)
    tasks: dict[int, Task] = {}
    next_id = -1
    previous = None
    while len(tasks) < n:
        phase = next_id
        tasks[phase] = Task(id=phase, uid=0, title=f"Phase {-phase}", completion_condition="done", position=len(tasks))
        next_id -= 1
        for g in range(10):
            group = next_id
            tasks[group] = Task(id=group, uid=0, parent_id=phase, position=g, title=f"Group {g}", completion_condition="done")
            next_id -= 1
            for t in range(9):
                deps = [Dependency(predecessor_id=previous)] if previous is not None and t == 0 else []
                tasks[next_id] = Task(id=next_id, uid=0, parent_id=group, position=t, title=f"Task {t}", estimate_days=1 + t % 3,
                                      completion_condition="" if t == 4 else "ok", dependencies=deps)
                previous = next_id
                next_id -= 1
    print(f"{len(tasks)} tasks")
    timed("create (one transaction)", lambda: service.apply_snapshot(pid, tasks))
    tree = timed("load the tree", lambda: service.tree(pid))
    leaf = next(t.id for t in tree.walk() if not tree.has_children(t.id))
    timed("one field edit (commit + snapshot)", lambda: service.update(pid, [leaf], notes="x"))
    timed("problems", lambda: problems(tree))
    timed("totals", lambda: totals(tree))
    change = timed("schedule (compute + commit)", lambda: schedule(ws, pid))
    timed("undo the schedule (restore)", lambda: service.restore(pid, change.before))
    schedule(ws, pid)

    from PySide6.QtWidgets import QApplication, QTreeView

    from app.ui.wbs.model import WbsModel
    from app.wbs.catalog import catalog

    app = QApplication.instance() or QApplication([])
    model = WbsModel(catalog(ws.library), ws.library, "en")
    tree = service.tree(pid)
    timed("model reset", lambda: model.reset(tree))
    view = QTreeView()
    view.setUniformRowHeights(True)
    view.setModel(model)
    view.resize(1200, 800)
    view.show()
    timed("expand all + first paint", lambda: (view.expandAll(), app.processEvents()))
    edit = service.update(pid, [leaf], notes="y")
    timed("model apply: field edit", lambda: (model.apply(edit.after), app.processEvents()))
    moved = service.indent(pid, [next(t.id for t in tree.walk() if t.title == "Group 1")])
    timed("model apply: indent (layoutChanged)", lambda: (model.apply(moved.after), app.processEvents()))

    from app.wbs.files.sheet_import import read_plan
    from app.wbs.files.xlsx import export_wbs_xlsx

    out = timed("export xlsx", lambda: export_wbs_xlsx(ws, pid, folder / "bench.xlsx", "en"))
    plan = timed("read the xlsx back (plan)", lambda: read_plan(ws, pid, out))
    print(f"(unchanged rows: {plan.unchanged}; file {out.stat().st_size // 1024} KiB)")
    view.close()
    ws.close()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3000)

"""WBS at scale (not run by pytest): ``python -m tests.bench_wbs [N ...]`` prints timings in seconds.

``python -m tests.bench_wbs 3000`` builds a project of N tasks (30 phases x 10 groups x 9 tasks,
chained by predecessors), then times what a user waits for: loading, one edit, scheduling, the
model's reset and updates, the Excel export and reading it back.

``python -m tests.bench_wbs --page [N ...]`` (default 5000 10000) opens the real window on the
demo and on projects of N tasks and times the WBS page: opening it with every row expanded and
painted (tree and Gantt), one cell edit, its undo and a keystroke in the search box (each until
the window has painted it), scheduling (computing the dates; committing them), and the
process's resident memory with the project open.
"""

from __future__ import annotations

import os
import subprocess
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


def build_tasks(n: int) -> dict:
    """N new tasks (negative ids) as the outline of a large project: phases of 10 groups of 9 tasks."""
    from app.wbs.model import Dependency, Task

    tasks: dict[int, Task] = {}
    next_id = -1
    previous = None
    roles, priorities, phases = ("ds", "swe", "pm", "customer"), ("must", "should", "could"), ("planning", "experiment", "data_platform")
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
                tasks[next_id] = Task(id=next_id, uid=0, parent_id=group, position=t, title=f"Task {t} of group {g}", estimate_days=1 + t % 3,
                                      completion_condition="" if t == 4 else "ok", dependencies=deps, phase=phases[g % 3],
                                      owner_role=roles[t % 4], priority=priorities[t % 3], notes=f"notes {t}" if t % 2 else "")
                previous = next_id
                next_id -= 1
    return tasks


def main(n: int = 3000) -> None:
    from app.core.content.loader import load_library
    from app.core.projects import ProjectService
    from app.core.workspace import Workspace
    from app.wbs.checks import problems, totals
    from app.wbs.schedule import schedule
    from app.wbs.service import WbsService

    folder = Path(tempfile.mkdtemp())
    ws = Workspace.open(str(folder / "bench.sqlite3"), load_library([Path(__file__).resolve().parent.parent / "checklists"]))
    pid = ProjectService(ws.db).create("bench", lang="en").id
    service = WbsService(ws.db)
    tasks = build_tasks(n)
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


def rss_mib() -> float:
    """The process's resident memory (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def page(sizes: list[int]) -> None:
    """The WBS page in the real window: the demo, then projects of each size in ``sizes``."""
    import argparse
    import datetime as dt

    folder = Path(tempfile.mkdtemp())
    os.environ["MLOPS_KICKOFF_HOME"] = str(folder)  # no settings of the user's are read or left
    os.environ["MLOPS_KICKOFF_SETTINGS"] = str(folder / "settings.ini")
    from PySide6.QtTest import QTest

    from app.ui.app import build_window
    from app.ui.wbs.columns import INDEX
    from app.wbs.schedule import compute, schedule
    from app.wbs.service import WbsService

    db = folder / "bench.sqlite3"
    # The projects are made by another process: this one's memory is the window's alone.
    made = subprocess.run([sys.executable, "-m", "tests.bench_wbs", "--make", str(db), *map(str, sizes)], check=True, capture_output=True, text=True)
    ids = [int(n) for n in made.stdout.split()]
    args = argparse.Namespace(db=str(db), global_lang="en", global_project=str(ids[0]), page=None, screenshot=None)
    app, window = timed("start the window", lambda: build_window(args))
    window.resize(1400, 900)
    window.show()
    app.processEvents()
    print(f"{'resident memory, the demo open (MiB)':<44} {rss_mib():8.0f}")
    state = window.state
    service = WbsService(state.workspace.db)
    projects = {"demo": ids[0]} | {str(n): pid for n, pid in zip(sizes, ids[1:], strict=True)}
    wbs = window.page("wbs")
    first_page = window.pages[0].page_id

    def settle() -> None:
        for _ in range(3):
            app.processEvents()

    figures: dict[str, float] = {}
    for name, pid in projects.items():
        window.show_page(first_page)
        state.open_project(pid)
        settle()
        count = service.count(pid)
        print(f"-- {name}: {count} tasks")

        def open_page() -> None:
            window.show_page("wbs")
            wbs.tree.expandAll()
            wbs.tree.viewport().repaint()
            wbs.gantt.canvas.repaint()
            settle()

        runs = []
        for _ in range(3):  # the quickest of three (the machine is shared): opened again each time
            window.show_page(first_page)
            state.open_project(pid)
            settle()
            started = time.perf_counter()
            open_page()
            runs.append(time.perf_counter() - started)
        figures[name] = min(runs)
        print(f"{'open the page + expand all + first paint':<44} {figures[name]:8.3f}  (of {', '.join(f'{r:.3f}' for r in runs)})")
        print(f"{'resident memory, the page open (MiB)':<44} {rss_mib():8.0f}")
        leaf = next(t.id for t in wbs.model.tree.walk() if not wbs.model.tree.has_children(t.id))
        index = wbs.proxy.mapFromSource(wbs.model.index_of(leaf, INDEX["notes"]))
        measure("one cell edit (commit, model, paint)", lambda index=index: (wbs.proxy.setData(index, "edited"), settle()))
        measure("undo it", lambda: (state.undo_stack.undo(), settle()))
        wbs.filters.search.setFocus()
        measure("a keystroke in the search box", lambda: (QTest.keyClick(wbs.filters.search, "k"), settle()))
        measure("the next keystroke", lambda: (QTest.keyClick(wbs.filters.search, "x"), settle()))
        measure("clearing the search", lambda: (wbs.filters.search.clear(), settle()))
        tree = wbs.model.tree
        start = dt.date(2026, 4, 1)
        compute(tree, start)  # the calendar's years are worked out once per process
        measure("schedule: compute the dates", lambda tree=tree, start=start: compute(tree, start))
        measure("schedule: compute + commit", lambda pid=pid: schedule(state.workspace, pid, dt.date(2026, 4, 6)))
        settle()
        wbs.reload()  # (the page had not seen that change)
        settle()

        def from_the_page() -> None:
            wbs.schedule()
            while wbs.busy:
                app.processEvents()
            settle()

        measure("schedule from the page (worker) until shown", from_the_page)
        measure("undo the schedule", lambda: (state.undo_stack.undo(), settle()))
        print(f"{'resident memory, after these (MiB)':<44} {rss_mib():8.0f}")
    for name in projects:
        if name != "demo":
            print(f"page open, {name} tasks vs the demo: {figures[name] / figures['demo']:.2f}x")
    window.close()


def make(db: str, sizes: list[int]) -> None:
    """The demo and a project of each size, scheduled, in a new database; prints their ids."""
    import datetime as dt

    from app.core.content.loader import load_library
    from app.core.projects import ProjectService
    from app.core.workspace import Workspace
    from app.projects.demo import create_demo
    from app.wbs.schedule import schedule
    from app.wbs.service import WbsService

    ws = Workspace.open(db, load_library([Path(__file__).resolve().parent.parent / "checklists"]))
    ids = [create_demo(ws, "en").id]
    for n in sizes:
        pid = ProjectService(ws.db).create(f"bench {n}", lang="en", start_date=dt.date(2026, 4, 1)).id
        WbsService(ws.db).apply_snapshot(pid, build_tasks(n))
        schedule(ws, pid)
        ids.append(pid)
    ws.close()
    print(*ids)


def measure(label: str, work) -> float:
    started = time.perf_counter()
    work()
    took = time.perf_counter() - started
    print(f"{label:<44} {took:8.3f}")
    return took


if __name__ == "__main__":
    if sys.argv[1:2] == ["--make"]:
        make(sys.argv[2], [int(a) for a in sys.argv[3:]])
    elif sys.argv[1:2] == ["--page"]:
        page([int(a) for a in sys.argv[2:]] or [5000, 10000])
    else:
        main(int(sys.argv[1]) if len(sys.argv) > 1 else 3000)

"""``make bench``: every performance target of the app in one run, as ratios against a baseline.

Not part of the test suite (timings in unit tests are flaky); run it on a quiet machine. Each target
is measured against a baseline taken in the same run (a bare PySide6 window, a bare ``import app``,
the demo project, a plain XlsxWriter write), so a slower or busier machine moves both. A few
targets are absolute by nature (a keystroke under 50 ms, 10,000 tasks scheduled under 0.2 s, under
400 MB resident). The table says, for each: measured, baseline, ratio, limit and pass/FAIL; rows
marked "info" are figures without a target. The exit status is 1 when a target is missed or could
not be measured.

    python -m tests.bench [--quick] [--rounds N] [--only GROUP[,GROUP]]

Groups: start, cli, wbs, excel, exports, baselines, memory, info. The large projects (5,000 and 10,000 WBS
tasks) are built once per run through the WBS service into a throw-away database.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tests.bench_wbs import build_tasks

ROOT = Path(__file__).resolve().parent.parent
GROUPS = ("start", "cli", "wbs", "excel", "exports", "baselines", "memory", "info")

# --- the table -----------------------------------------------------------------------------------------


@dataclass
class Row:
    """One line of the table.

    With a ``baseline`` the target is a ratio: measured / baseline at most ``limit``. Without one,
    ``limit`` is an absolute maximum in ``unit``. ``measured`` None means the figure could not be
    taken (``note`` says why): that is not a pass. ``info`` rows have no target.
    """

    target: str
    measured: float | None
    unit: str = "s"
    baseline: float | None = None
    limit: float | None = None
    note: str = ""
    info: bool = False

    @property
    def ratio(self) -> float | None:
        if self.measured is None or self.baseline is None or self.baseline <= 0:
            return None
        return self.measured / self.baseline

    @property
    def status(self) -> str:
        if self.info:
            return "info"
        if self.measured is None or self.limit is None:
            return "not measured"
        value = self.ratio if self.baseline is not None else self.measured
        if value is None:
            return "not measured"
        return "pass" if value <= self.limit else "FAIL"


def not_measured(target: str, why: str, unit: str = "s") -> Row:
    return Row(target, None, unit=unit, note=why)


def _figure(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit == "s" and value < 1:
        return f"{value * 1000:.1f} ms"
    if unit == "s":
        return f"{value:.3f} s"
    return f"{value:.1f} {unit}"


def render(rows: Sequence[Row]) -> str:
    """The table as text: target, measured, baseline, ratio, limit, status (and a note)."""
    header = ("target", "measured", "baseline", "ratio", "limit", "status")
    lines = []
    for row in rows:
        ratio = f"{row.ratio:.2f}x" if row.ratio is not None else "-"
        if row.limit is None:
            limit = "-"
        elif row.baseline is not None:
            limit = f"<= {row.limit:g}x"
        else:
            limit = "<= " + _figure(row.limit, row.unit)
        status = row.status + (f" ({row.note})" if row.note else "")
        lines.append((row.target, _figure(row.measured, row.unit), _figure(row.baseline, row.unit), ratio, limit, status))
    widths = [max(len(line[n]) for line in [header, *lines]) for n in range(5)]
    out = []
    for line in [header, *lines]:
        out.append("  ".join(cell.ljust(widths[n]) if n == 0 else cell.rjust(widths[n]) for n, cell in enumerate(line[:5])) + "  " + line[5])
    out.insert(1, "-" * len(out[0]))
    return "\n".join(out)


def exit_code(rows: Iterable[Row]) -> int:
    """1 when any target failed or was not measured, else 0 (info rows never count)."""
    return 1 if any(row.status in ("FAIL", "not measured") for row in rows) else 0


def report(rows: Sequence[Row], out=None) -> int:
    out = out or sys.stdout
    print(render(rows), file=out)
    missed = [row for row in rows if row.status in ("FAIL", "not measured")]
    print(f"\n{len(missed)} of {sum(not r.info for r in rows)} targets missed or not measured" if missed else "\nall targets met", file=out)
    return exit_code(rows)


# --- measuring -----------------------------------------------------------------------------------------


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def alternate(rounds: int, *commands: Sequence[str], env: dict[str, str]) -> list[float]:
    """Median wall time of each command run as a whole process, ``rounds`` times, taking turns."""
    times: list[list[float]] = [[] for _ in commands]
    for _ in range(rounds):
        for n, command in enumerate(commands):
            times[n].append(timed(lambda c=command: subprocess.run(c, env=env, check=True, capture_output=True, cwd=ROOT)))
    return [statistics.median(t) for t in times]


def max_rss_mb(command: Sequence[str], env: dict[str, str]) -> float:
    """The peak resident memory of one child process (its own, not its parent's), in MB."""
    process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(f"exit {process.returncode}: {process.stderr.read().decode()[-300:] if process.stderr else ''}")
    return usage.ru_maxrss / 1024  # kilobytes on Linux


def optional(module: str, name: str) -> Callable | None:
    """``module.name`` when the module offers it (another branch may not have added it yet)."""
    try:
        return getattr(importlib.import_module(module), name, None)
    except ImportError:
        return None


@dataclass
class Setup:
    home: Path
    db: Path
    env: dict[str, str]
    demo: int = -1
    large: dict[int, int] = field(default_factory=dict)  # size asked -> project id
    rows: list[Row] = field(default_factory=list)

    def app(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "app", "--db", str(self.db), *args]


def build(setup: Setup, sizes: Sequence[int]) -> None:
    """The demo project and the large projects, through the core's services, in one database."""
    from app.core.content.loader import load_library
    from app.core.projects import ProjectService
    from app.core.workspace import Workspace
    from app.projects.demo import create_demo
    from app.wbs.schedule import schedule
    from app.wbs.service import WbsService

    ws = Workspace.open(str(setup.db), load_library(strict=True))
    try:
        setup.rows.append(Row("create the demo project (was: <= 2 s)", timed(lambda: setattr(setup, "demo", create_demo(ws, "ja").id)), info=True))
        service = WbsService(ws.db)
        for n in sizes:
            pid = ProjectService(ws.db).create(f"WBS {n}", lang="en").id
            tasks = build_tasks(n)  # the same plan tests.bench_wbs measures
            setup.rows.append(Row(f"create a {len(tasks):,}-task WBS (one snapshot)", timed(lambda p=pid, t=tasks: service.apply_snapshot(p, t)), info=True))
            schedule(ws, pid)
            setup.large[n] = pid
    finally:
        ws.close()


# --- the targets ----------------------------------------------------------------------------------------


def first_paint(command: Sequence[str], env: dict[str, str]) -> float:
    """Seconds from launching ``command`` to the first paint of its window with its content, as the
    process itself reports it (``first-paint-ms N`` on stderr, the app with MLOPS_KICKOFF_START_TRACE)."""
    launched = time.time()
    done = subprocess.run(command, env={**env, "MLOPS_KICKOFF_START_TRACE": repr(launched)}, cwd=ROOT,
                          capture_output=True, text=True, check=True)
    marks = [line for line in done.stderr.splitlines() if line.startswith("first-paint-ms ")]
    if not marks:
        raise RuntimeError(f"no first-paint-ms line: {done.stderr[-300:]}")
    return float(marks[0].split()[1]) / 1000


# The baseline: a bare PySide6 window process, painted, telling the time the same way.
BARE_WINDOW = """import os, sys, time
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
w = QMainWindow()
w.resize(1400, 900)
w.show()
app.processEvents()
w.grab()
print(f"first-paint-ms {(time.time() - float(os.environ['MLOPS_KICKOFF_START_TRACE'])) * 1000:.1f}", file=sys.stderr)
"""


# The least any start that reads a project does: the storage stack (SQLAlchemy, pydantic, our table
# and project models) imported, before Qt and with the garbage collector paused as the app does.
# Not a target's baseline (the are the bare window and a bare ``import app``); printed so the
# table says how much of a start is ours.
STORAGE_FLOOR = "import gc; gc.disable(); import app.core.workspace, app.core.project"
FLOOR_WINDOW = f"{STORAGE_FLOOR}\n{BARE_WINDOW}"


def bench_start(setup: Setup, rounds: int) -> list[Row]:
    """The app's first paint of the demo's page in front (the proposal, its preview drawn) against a
    bare window's, each as its process reports it; plus the whole --screenshot run for reference."""
    shot = setup.home / "start.png"
    ours_cmd = setup.app("--project", str(setup.demo), "--page", "proposal", "--screenshot", str(shot))
    bare_cmd = [sys.executable, "-c", BARE_WINDOW]
    floor_cmd = [sys.executable, "-c", FLOOR_WINDOW]
    ours: list[float] = []
    base: list[float] = []
    floor: list[float] = []
    for _ in range(rounds):
        ours.append(first_paint(ours_cmd, setup.env))
        base.append(first_paint(bare_cmd, setup.env))
        floor.append(first_paint(floor_cmd, setup.env))
    whole, = alternate(rounds, ours_cmd, env=setup.env)
    return [
        Row(f"start to the first painted window, demo (median of {rounds})", statistics.median(ours),
            baseline=statistics.median(base), limit=1.5, note="vs a bare QMainWindow process, each to its first paint"),
        Row("  the same against the storage floor", statistics.median(ours), baseline=statistics.median(floor), info=True,
            note="vs a bare window that first imports SQLAlchemy, pydantic and our models"),
        Row("start, paint, save a screenshot and exit (--screenshot), demo", whole, info=True),
    ]


def bench_cli(setup: Setup, rounds: int) -> list[Row]:
    bare = [sys.executable, "-c", "import app"]
    floor_cmd = [sys.executable, "-c", STORAGE_FLOOR]
    version, listing, base, floor = alternate(rounds, [sys.executable, "-m", "app", "--version"], setup.app("projects", "list"), bare,
                                              floor_cmd, env=setup.env)
    return [
        Row(f"--version (median of {rounds})", version, baseline=base, limit=1.2, note="vs python -c 'import app'"),
        Row(f"projects list, a cheap command (median of {rounds})", listing, baseline=base, limit=1.2, note="vs python -c 'import app'"),
        Row("  the same against the storage floor", listing, baseline=floor, info=True,
            note=f"vs python -c '{STORAGE_FLOOR}'"),
    ]


def bench_wbs(setup: Setup, rounds: int, page_n: int, schedule_n: int) -> list[Row]:
    rows: list[Row] = []
    name = f"WBS page, {page_n:,} tasks: open, expand all, paint tree and Gantt"
    try:
        figures = child(setup, "wbs-page", str(setup.demo), str(setup.large[page_n]), str(rounds))
        rows.append(Row(name, figures["large"], baseline=figures["demo"], limit=1.3, note=f"vs the demo, median of {rounds}"))
        for key, label in (("edit", "one edit"), ("undo", "undo"), ("filter", "one filter keystroke"),
                           ("search", "a search applied (Enter), a tenth of the rows shown"),
                           ("cleared", "the search cleared, all rows laid out and painted again")):
            rows.append(Row(f"WBS page, {page_n:,} tasks: {label} (median of {rounds})", figures[key], limit=0.05))
    except Exception as exc:  # a row says what went wrong, the other rows still run
        rows.append(not_measured(name, f"{type(exc).__name__}: {str(exc)[-160:]}"))
    rows.append(schedule_row(setup, rounds, schedule_n))
    rows.append(critical_row(setup, rounds, page_n))
    rows.append(levelling_row(setup, rounds, page_n))
    rows.append(crowded_levelling_row(rounds))
    return rows


def levelling_row(setup: Setup, rounds: int, n: int) -> Row:
    """Resource levelling of the large plan with one person per role (every group's nine tasks, all
    parallel, land on four people): the preview the WBS page and ``level --dry-run`` work out."""
    from app.core.content.loader import load_library
    from app.core.workspace import Workspace
    from app.wbs.model import WbsTree
    from app.wbs.resources.levelling import level
    from app.wbs.resources.people import Person
    from app.wbs.schedule import calendar_of, project_start
    from app.wbs.service import WbsService

    name = f"level resources on {n:,} tasks (median of {rounds})"
    ws = Workspace.open(str(setup.db), load_library(strict=True))
    try:
        pid = setup.large[n]
        stored = WbsService(ws.db).tree(pid)
        tree = WbsTree.build([t.replaced(owner_name=t.owner_role) for t in stored.tasks.values()])
        team = [Person(role) for role in sorted({t.owner_role for t in stored.tasks.values() if t.owner_role})]
        cal, start = calendar_of(ws), project_start(ws, pid)
        times = [timed(lambda: level(tree, team, cal, start)) for _ in range(rounds)]
        return Row(name, statistics.median(times), limit=0.5)
    except Exception as exc:  # a row says what went wrong, the other rows still run
        return not_measured(name, f"{type(exc).__name__}: {str(exc)[-160:]}")
    finally:
        ws.close()


def crowded_levelling_row(rounds: int, n: int = 1_000) -> Row:
    """Levelling's worst case for the gap search: one person, ``n`` three-day tasks not before every
    other day, every third date first in outline order (those tasks leave gaps of a day or two that
    the rest, placed after them, must pass over to the end of the diary)."""
    import datetime as dt

    from app.wbs.model import Task, WbsTree
    from app.wbs.resources.levelling import level
    from app.wbs.resources.people import Person
    from app.wbs.workdays import NATIONAL

    name = f"level one person's {n:,} three-day tasks, not-before every other day (median of {rounds})"
    start = dt.date(2026, 12, 7)
    days = [start + dt.timedelta(days=2 * k) for k in range(n)]
    order = days[0::3] + [day for k, day in enumerate(days) if k % 3]
    tree = WbsTree.build([Task(id=k + 1, uid=k + 1, position=k, title=f"T{k}", estimate_days=3, owner_name="Sato", not_before=day)
                          for k, day in enumerate(order)])
    times = [timed(lambda: level(tree, [Person("Sato")], NATIONAL, start)) for _ in range(rounds)]
    return Row(name, statistics.median(times), limit=0.5)


def critical_row(setup: Setup, rounds: int, n: int) -> Row:
    """The critical path and slack of the scheduled large plan, as the WBS page works them out after a change."""
    from app.core.content.loader import load_library
    from app.core.workspace import Workspace
    from app.wbs.analysis.critical import analyse
    from app.wbs.schedule import calendar_of
    from app.wbs.service import WbsService

    ws = Workspace.open(str(setup.db), load_library(strict=True))
    try:
        tree, cal = WbsService(ws.db).tree(setup.large[n]), calendar_of(ws)
        times = [timed(lambda: analyse(tree, cal)) for _ in range(rounds)]
        return Row(f"critical path of {n:,} tasks (median of {rounds})", statistics.median(times), limit=0.5)
    finally:
        ws.close()


def schedule_row(setup: Setup, rounds: int, n: int) -> Row:
    from app.core.content.loader import load_library
    from app.core.workspace import Workspace
    from app.wbs.schedule import schedule
    from app.wbs.service import WbsService

    pid = setup.large[n]
    ws = Workspace.open(str(setup.db), load_library(strict=True))
    try:
        service = WbsService(ws.db)
        # Each round schedules a plan without dates (the whole plan is written), then undoes it.
        blank = {t.id: t.model_copy(update={"start": None, "finish": None}) for t in service.tree(pid).walk()}
        times = []
        for _ in range(rounds):
            service.apply_snapshot(pid, blank)
            times.append(timed(lambda: schedule(ws, pid)))
        return Row(f"schedule {n:,} tasks (compute + commit, median of {rounds})", statistics.median(times), limit=0.2)
    finally:
        ws.close()


def bench_baselines(setup: Setup, rounds: int, n: int) -> list[Row]:
    """Agreement baselines of a large plan: freezing one (answers and every task into a document of
    its own) and a sign-off once there are ten (only the small index is read and written)."""
    from app.core import operations as ops
    from app.core.content.loader import load_library
    from app.core.projects import ProjectService
    from app.core.workspace import Workspace
    from app.projects import baselines as bl
    from app.wbs.service import WbsService

    ws = Workspace.open(str(setup.db), load_library(strict=True))
    try:
        pid = ProjectService(ws.db).create(f"Baselines {n}", lang="en").id  # its own project: the others stay as built
        WbsService(ws.db).apply_snapshot(pid, build_tasks(n))
        made = [timed(lambda i=i: ops.run(ws, bl.create_op(pid, f"Baseline {i}"))) for i in range(rounds)]
        for i in range(rounds, 10):
            ops.run(ws, bl.create_op(pid, f"Baseline {i}"))
        signed = [timed(lambda i=i: ops.run(ws, bl.sign_op(pid, f"Baseline {i % 10}", who=f"Signer {i}"))) for i in range(rounds)]
        return [
            Row(f"agreement baseline create on {n:,} tasks (median of {rounds})", statistics.median(made), limit=1.0),
            Row(f"sign-off with 10 baselines of {n:,} tasks (median of {rounds})", statistics.median(signed), limit=0.1),
        ]
    finally:
        ws.close()


def bench_excel(setup: Setup, small: int, large: int) -> list[Row]:
    measure = optional("tests.bench_xlsx", "measure")
    name = f"Excel WBS of {large:,} tasks"
    growth = f"Excel WBS growth {small:,} -> {large:,} tasks"
    if measure is None:
        why = "tests/bench_xlsx.py has no measure(n_tasks)"
        return [not_measured(name, why), not_measured(growth, why), excel_info(setup, large)]
    try:
        measure(small)  # warm-up: imports and first-use caches would flatter the growth
        ours_small, _floor = measure(small)
        ours, floor = measure(large)
    except Exception as exc:
        why = f"{type(exc).__name__}: {str(exc)[-160:]}"
        return [not_measured(name, why), not_measured(growth, why)]
    return [
        Row(name, ours, baseline=floor, limit=1.3, note="vs a plain XlsxWriter write of the same values"),
        Row(growth, ours, baseline=ours_small, limit=large / small * 1.1, note=f"ours at {large:,} vs ours at {small:,}"),
    ]


def excel_info(setup: Setup, n: int) -> Row:
    """Today's exporter on the large project, for the record (no target: the ratio needs bench_xlsx)."""
    from app.core.content.loader import load_library
    from app.core.workspace import Workspace
    from app.wbs.files.xlsx import export_wbs_xlsx

    ws = Workspace.open(str(setup.db), load_library(strict=True))
    try:
        return Row(f"export_wbs_xlsx, {n:,} tasks", timed(lambda: export_wbs_xlsx(ws, setup.large[n], setup.home / "info.xlsx", "en")), info=True)
    finally:
        ws.close()


EXPORTS = {  # kind -> the command's arguments after the global ones (the output path last)
    "hearing sheet": ("export", "hearing-sheet", "--out", "sheet.xlsx"),
    "proposal PDF": ("export", "proposal", "--out", "proposal.pdf"),
    "wiki": ("export", "wiki", "--out", "wiki"),
}


def _export_args(setup: Setup, kind: str, out: Path, tag: str = "") -> list[str]:
    *command, flag, name = EXPORTS[kind]
    return ["--db", str(setup.db), *command, "--project", str(setup.demo), flag, str(out / f"{tag}{name}")]


def bench_exports(setup: Setup, rounds: int) -> list[Row]:
    """Each export run from the command line, and the share of its time that is the process's start-up
    (the interpreter, imports, opening the database): the whole run less the export's own work, which
    a child process measures as the same command run a second time in one process (imports done)."""
    out = setup.home / "exports"
    out.mkdir(exist_ok=True)
    commands = [[sys.executable, "-m", "app", *_export_args(setup, kind, out)] for kind in EXPORTS]
    times = alternate(rounds, *commands, env=setup.env)
    work = child(setup, "export-work", str(setup.demo), str(rounds), str(out))
    rows = []
    for (kind, whole) in zip(EXPORTS, times, strict=True):
        own = min(work[kind], whole)
        share = 1 - own / whole
        # "start-up is most of their time": the export's own work at most half the run
        rows.append(Row(f"export {kind} from the CLI: the export's own share (median of {rounds})", own / whole * 100, unit="%",
                        limit=50, note=f"whole run {whole * 1000:.0f} ms, start-up {share:.0%}, export {own * 1000:.0f} ms"))
    return rows


def child_export_work(db: str, demo: str, rounds: str, out: str) -> dict[str, float]:
    """The export's own time: each CLI export run in this process once to load what it needs, then timed."""
    from app.main import main as cli

    setup = Setup(home=Path(out), db=Path(db), env={}, demo=int(demo))
    figures: dict[str, float] = {}
    for kind in EXPORTS:
        args = _export_args(setup, kind, Path(out), "warm-")
        assert cli(args) == 0
        figures[kind] = statistics.median(timed(lambda a=args: cli(a)) for _ in range(int(rounds)))
    return figures


def bench_memory(setup: Setup, n: int) -> list[Row]:
    command = setup.app("--project", str(setup.large[n]), "--page", "wbs", "--screenshot", str(setup.home / "memory.png"))
    name = f"resident memory, {n:,}-task project on the WBS page"
    try:
        return [Row(name, max_rss_mb(command, setup.env), unit="MB", limit=400)]
    except Exception as exc:
        return [not_measured(name, f"{type(exc).__name__}: {str(exc)[-160:]}", unit="MB")]


def bench_info(setup: Setup, rounds: int) -> list[Row]:
    """What ``make bench`` measured before the targets were ratios: figures for the record."""
    figures = child(setup, "hearing", str(setup.demo), str(rounds))
    rows = [Row(f"{label} (was: <= {old:g} ms)", figures[key], info=True) for key, label, old in (
        ("answer_p50", f"save one answer, p50 of {rounds * 40}", 15),
        ("answer_p95", f"save one answer, p95 of {rounds * 40}", 30),
        ("sheet", "export hearing sheet, in-process", 2000),
        ("sheet_read", "read a hearing sheet back (preview)", 2000),
        ("json_out", "export project JSON", 1000),
        ("json_in", "import project JSON", 2000),
        ("page_load", "hearing page: load a project", 300),
        ("page_search", "hearing page: search and filter the tree", 100),
        ("page_switch", "hearing page: switch to another item", 150),
        ("page_typing", "hearing page: typed text saved and shown, p50 of 20", 50),
    )]
    return rows


# --- measurements that need a process of their own (a QApplication, a fresh interpreter) -----------------


def child(setup: Setup, name: str, *args: str) -> dict[str, float]:
    done = subprocess.run([sys.executable, "-m", "tests.bench", "--child", name, str(setup.db), *args],
                          env=setup.env, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"exit {done.returncode}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _window(db: str, project: int):
    """The window as a start makes it: the collector paused until the first paint, then what exists
    frozen out of its view (app.starting / app.started, as app.main and the first paint do)."""
    import app as program
    from app.ui.app import build_window

    program.starting()
    args = argparse.Namespace(db=db, global_lang="en", global_project=str(project), page=None, screenshot=None)
    app, window = build_window(args)
    window.resize(1400, 900)
    window.show()
    app.processEvents()
    program.started()
    return app, window


def child_wbs_page(db: str, demo: str, large: str, rounds: str) -> dict[str, float]:
    """Open each project on the WBS page in turn (demo, large, demo, ...): expand all and paint."""
    measure = optional("tests.bench_wbs", "page_seconds")
    app, window = _window(db, int(demo))
    window.show_page("wbs")
    page = window.page("wbs")
    times: dict[str, list[float]] = {"demo": [], "large": []}

    def open_project(pid: int) -> None:
        window.state.open_project(pid)
        page.tree.expandAll()
        app.processEvents()
        window.grab()  # the whole window painted: tree and Gantt

    for pid in (int(large), int(demo)):  # warm-up: the page's first load (imports, caches) is not timed
        open_project(pid)
    for _ in range(int(rounds)):
        for key, pid in (("demo", int(demo)), ("large", int(large))):
            times[key].append(measure(window, pid) if measure else timed(lambda p=pid: open_project(p)))
    # On the large project, now open and expanded: one edit, its undo, one filter keystroke.
    from app.ui.wbs.columns import INDEX

    leaf = next(t.id for t in reversed(list(page.model.tree.walk())) if not page.model.tree.has_children(t.id))
    edit, undo, keystroke, search, cleared = [], [], [], [], []
    for n in range(int(rounds)):
        page.select_task(leaf)
        index = page.model.index_of(leaf, INDEX["title"])
        edit.append(timed(lambda i=index, n=n: (page.model.setData(i, f"Edited {n}"), app.processEvents())))
        undo.append(timed(lambda: (window.state.undo_stack.undo(), app.processEvents())))
        page.filters.search.setText("")
        app.processEvents()
        keystroke.append(timed(lambda: (page.filters.search.setText("T"), app.processEvents())))
        page.filters.search.setText("")
        app.processEvents()
    # The search itself (when typing pauses, or at Enter): a tenth of the tasks shown, then all again.
    # After the edits: between quick edits the settle timers (critical path, load) do not fire, as before.
    for _ in range(int(rounds)):
        for text, into in (("Task 4", search), ("", cleared)):
            into.append(timed(lambda t=text: (page.filters.search.setText(t), page.filters.search.returnPressed.emit(), app.processEvents(), window.grab())))
    if edit and page.model.tree.tasks[leaf].title.startswith("Edited"):
        raise RuntimeError("undo did not take the edit back")
    window.close()
    window.state.workspace.close()
    return {"demo": statistics.median(times["demo"]), "large": statistics.median(times["large"]),
            "edit": statistics.median(edit), "undo": statistics.median(undo), "filter": statistics.median(keystroke),
            "search": statistics.median(search), "cleared": statistics.median(cleared)}


def child_hearing(db: str, demo: str, rounds: str) -> dict[str, float]:
    from app.core.content.loader import load_library
    from app.core.workspace import Workspace
    from app.hearing.answers import AnswerService
    from app.hearing.sheet import export_hearing_sheet
    from app.hearing.sheet_import import read_plan
    from app.projects import transfer

    home = Path(db).parent
    project = int(demo)
    ws = Workspace.open(db, load_library(strict=True))
    answers = AnswerService(ws.db, ws.library)
    latencies = [timed(lambda n=n: answers.update(project, "hearing.basics.accuracy_avc", value=f"typed {n}")) for n in range(int(rounds) * 40)]
    ordered = sorted(latencies)
    sheet = home / "sheet.xlsx"
    figures = {"answer_p50": statistics.median(latencies), "answer_p95": ordered[round(0.95 * (len(ordered) - 1))],
               "sheet": timed(lambda: export_hearing_sheet(ws, project, sheet, "ja")),
               "sheet_read": timed(lambda: read_plan(ws, project, sheet)),
               "json_out": timed(lambda: transfer.export_file(ws.db, project, home / "project.json")),
               "json_in": timed(lambda: transfer.import_file(ws.db, home / "project.json"))}
    ws.close()

    app, window = _window(db, project)
    window.show_page("hearing")
    page = window.page("hearing")
    figures["page_load"] = timed(lambda: page.on_project_changed(window.state.project_id))

    def search() -> None:
        page.search.setText("データ")
        page.apply_filter()

    figures["page_search"] = timed(search)
    figures["page_switch"] = timed(lambda: page.select_item("hearing.prereq.data_sources"))
    page.search.setText("")
    page.apply_filter()
    page.select_item("hearing.basics.accuracy_avc")
    editor = page.editor
    typing = []
    for n in range(20):
        editor.editors["value"].edit.insertPlainText(str(n))
        typing.append(timed(editor.flush))
    figures["page_typing"] = statistics.median(typing)
    window.close()
    window.state.workspace.close()
    return figures


CHILDREN = {"wbs-page": child_wbs_page, "hearing": child_hearing, "export-work": child_export_work}


# --- the run --------------------------------------------------------------------------------------------


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds and smaller projects: a smoke test, not a verdict")
    parser.add_argument("--rounds", type=int, help="rounds per figure (default 5, --quick 2)")
    parser.add_argument("--only", action="append", default=[], metavar="GROUP", help=f"run only these groups: {', '.join(GROUPS)}")
    parser.add_argument("--child", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    only = {g.strip() for value in args.only for g in value.split(",") if g.strip()}
    unknown = only - set(GROUPS)
    if unknown:
        parser.error(f"unknown group {', '.join(sorted(unknown))} (choose from {', '.join(GROUPS)})")
    args.only = only or set(GROUPS)
    args.rounds = args.rounds or (2 if args.quick else 5)
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if args.child:
        name, *rest = args.child
        print(json.dumps(CHILDREN[name](*rest)))
        return 0
    page_n, big_n, small_n = (1000, 2000, 200) if args.quick else (5000, 10000, 1000)
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        home = Path(tmp)
        env = os.environ | {"MLOPS_KICKOFF_HOME": str(home), "MLOPS_KICKOFF_SETTINGS": str(home / "settings.ini"),
                            "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
        os.environ.update({k: env[k] for k in ("MLOPS_KICKOFF_HOME", "MLOPS_KICKOFF_SETTINGS")})
        # The processes measured run as an installed app does: from compiled bytecode (pip and the
        # bundle compile it). With PYTHONDONTWRITEBYTECODE (set on some machines, this one included)
        # every start would compile every module again, about 0.2 s that no user pays.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        setup = Setup(home, home / "bench.sqlite3", env)
        sizes = sorted({page_n, big_n} if args.only & {"wbs", "excel", "memory"} else set())
        build(setup, sizes)
        steps: dict[str, Callable[[], list[Row]]] = {
            "start": lambda: bench_start(setup, args.rounds),
            "cli": lambda: bench_cli(setup, args.rounds),
            "wbs": lambda: bench_wbs(setup, args.rounds, page_n, big_n),
            "excel": lambda: bench_excel(setup, small_n, big_n),
            "exports": lambda: bench_exports(setup, args.rounds),
            "baselines": lambda: bench_baselines(setup, args.rounds, page_n),
            "memory": lambda: bench_memory(setup, big_n),
            "info": lambda: bench_info(setup, args.rounds),
        }
        rows = list(setup.rows) if "info" in args.only else []
        for group in GROUPS:
            if group in args.only:
                print(f"measuring {group} ...", file=sys.stderr, flush=True)
                try:
                    rows.extend(steps[group]())
                except Exception as exc:  # one group failing leaves the others measured
                    rows.append(not_measured(group, f"{type(exc).__name__}: {str(exc)[-160:]}"))
    return report(rows)


if __name__ == "__main__":
    sys.exit(main())

"""The hostile-input corpus: every bad file the app may be handed, generated, run through the CLI.

``python -m tests.hostile_corpus`` prints one line per case (outcome, time, peak memory) and a
summary; ``tests/test_hostile_corpus.py`` runs the same in the suite. The inputs are built by
the generators of the focused tests (workbooks: tests/test_bounded_imports.py; project files and
databases: tests/test_hostile_files.py) plus content files and text payloads here; nothing large is
committed. A case passes when it is refused cleanly (exit 2, exactly one line on stderr naming the
problem, no traceback, the database or file unchanged) or, for the few documented as accepted
(a macro workbook read as data only, a formula kept as its text), handled with exit 0.
"""

from __future__ import annotations

import contextlib
import io
import sqlite3
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MB = 1024 * 1024


@dataclass(frozen=True)
class Case:
    name: str
    group: str
    argv: Callable[[Path, Context], list[str]]  # (a fresh folder, the shared context) -> CLI arguments
    words: tuple[str, ...] = ()  # what the one line must say
    accepted: bool = False  # documented as handled (exit 0), not refused
    watched: Callable[[Context], Path] | None = None  # the file that must stay unchanged (default: the database)


@dataclass
class Context:
    db: Path
    project_id: int
    sheets: dict[str, Path]
    watch: Path | None = None  # a database case's own file


@dataclass(frozen=True)
class Result:
    case: Case
    ok: bool
    seconds: float
    peak_mb: float
    line: str


# --- workbooks ----------------------------------------------------------------------------------------


def _workbook_cases() -> list[Case]:
    from tests import test_bounded_imports as tb

    commands = {"hearing": "hearing-sheet", "wbs": "wbs"}
    cases = []

    def importing(kind: str, build: Callable[[Path, Path], Path]) -> Callable[[Path, Context], list[str]]:
        def argv(folder: Path, ctx: Context) -> list[str]:
            path = build(ctx.sheets[kind], folder / f"{kind}.xlsx")
            return ["--db", str(ctx.db), "import", commands[kind], str(path), "--project", str(ctx.project_id), "--yes"]

        return argv

    for kind in ("hearing", "wbs"):
        for name, (build, words) in tb.REFUSED.items():
            cases.append(Case(f"{kind} sheet: {name}", "workbook", importing(kind, build), (words,)))
        cases.append(Case(f"{kind} sheet: macro workbook renamed .xlsx", "workbook", importing(kind, tb.macro_enabled), accepted=True))
    for name, (build, words) in tb.WBS_REFUSED.items():
        cases.append(Case(f"wbs sheet: {name}", "workbook", importing("wbs", build), (words.split(" is ")[0],)))
    return cases


# --- project files ------------------------------------------------------------------------------------


def _project_file_cases() -> list[Case]:
    from tests import test_hostile_files as th

    def importing(build: Callable[[Path], Path]) -> Callable[[Path, Context], list[str]]:
        return lambda folder, ctx: ["--db", str(ctx.db), "project", "import", str(build(folder))]

    cases = [Case(f"project file: {name}", "project file", importing(build), words)
             for name, (build, words) in th.FILE_CASES.items()]  # fmt: skip
    cases.append(Case("project file: no such file", "project file",
                      lambda folder, ctx: ["--db", str(ctx.db), "project", "import", str(folder / "missing.json")], ("missing.json",)))
    cases.append(Case("project file: a folder", "project file",
                      lambda folder, ctx: ["--db", str(ctx.db), "project", "import", str(folder)], ("folder",)))
    def big_table(d: dict) -> None:
        d["answers"].append(d["answers"][0] | {"item_id": "hearing.prereq.data_sources", "history": [],
                                                "value": [{"name": f"source {n}"} for n in range(1_001)]})

    def many_tasks(d: dict) -> None:
        d["parts"]["wbs"] = [{"uid": n, "title": f"Task {n}", "estimate_days": 1} for n in range(1, 10_002)]

    cases.append(Case("project file: a table answer of 1,001 rows", "project file", importing(th.dumped(big_table)),
                      ("at most 1,000 rows",)))
    cases.append(Case("project file: 10,001 WBS tasks", "project file", importing(th.dumped(many_tasks)), ("10,000",)))
    cases.append(Case("project file: a text of 100,001 characters", "project file",
                      importing(th.dumped(lambda d: d["answers"][0].__setitem__("note", "n" * 100_001))),
                      ("too long",)))  # fmt: skip
    cases.append(Case("project file: a storage path with $(…)", "project file",
                      importing(th.dumped(lambda d: d["documents"].append(d["documents"][0] | {
                          "kind": "data_platform", "data": {"locations": {"raw": {"path": "s3://b/raw'$(touch PWNED)'"}}}}))),
                      ("path",)))  # fmt: skip
    return cases


# --- databases ----------------------------------------------------------------------------------------


def _database_cases() -> list[Case]:
    from tests import test_hostile_files as th

    def opening(build: Callable[[Path], Path]) -> Callable[[Path, Context], list[str]]:
        def argv(folder: Path, ctx: Context) -> list[str]:
            base = folder / "base.sqlite3"
            base.write_bytes(ctx.db.read_bytes())
            path = build(base)
            ctx.watch = path
            return ["--db", str(path), "projects", "list"]

        return argv

    cases = [Case(f"database: {name}", "database", opening(build), words, watched=lambda ctx: ctx.watch or ctx.db)
             for name, (build, words) in th.DB_CASES.items()]  # fmt: skip
    for url, words in (("postgresql+nosuchdriver://u@localhost/x", ("driver",)), ("nosuchdialect://x/y", ("nosuchdialect",))):
        cases.append(Case(f"database URL: {url}", "database", lambda folder, ctx, url=url: ["--db", url, "projects", "list"], words))
    cases.append(Case("database: /dev/zero", "database", lambda folder, ctx: ["--db", "/dev/zero", "projects", "list"], ("device",)))
    cases.append(Case("database: a named pipe", "database", lambda folder, ctx: (
        __import__("os").mkfifo(folder / "pipe"), ["--db", str(folder / "pipe"), "projects", "list"])[1], ("pipe",)))
    cases.append(Case("database: a folder given as the file", "database", lambda folder, ctx: ["--db", str(folder), "projects", "list"], ("folder",)))
    return cases


# --- content files ------------------------------------------------------------------------------------


def _content_cases() -> list[Case]:
    def validating(text: str | bytes) -> Callable[[Path, Context], list[str]]:
        def argv(folder: Path, ctx: Context) -> list[str]:
            path = folder / "user.yaml"
            path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
            return ["--db", str(ctx.db), "templates", "validate", str(path)]

        return argv

    bomb = ["type: checklist", "id: bomb", "version: 1", "x: &i0 {id: a, label: {ja: a}, kind: text}"]
    bomb += [f"l{n}: &i{n} [" + ", ".join([f"*i{n - 1}"] * 9) + "]" for n in range(1, 9)] + ["sections: *i8"]
    texts: dict[str, tuple[str | bytes, tuple[str, ...]]] = {
        "alias bomb (9^8 items)": ("\n".join(bomb) + "\n", ("aliases",)),
        "nested 5,000 deep": ("type: checklist\nid: deep\nx: " + "[" * 5000 + "]" * 5000 + "\n", ("nest",)),
        "6 MB file": ("type: checklist\nid: huge\nx: '" + "a" * 6_000_000 + "'\n", ("MB",)),
        "not UTF-8": (b"type: checklist\nid: x\nlabel: \xff\xfe\n", ("UTF-8",)),
        "not YAML": ("type: checklist\nid: [unclosed\n", ("YAML",)),
        "a list at the top": ("- type: checklist\n", ("mapping",)),
        "unknown type": ("type: rootkit\nid: x\n", ("type",)),
        "python object tag": ("type: checklist\nid: !!python/object/apply:os.system ['touch PWNED']\n", ("YAML",)),
        "an item id with ../": ("type: checklist\nid: ../../etc\nversion: 1\ntitle: {ja: x}\nsections: []\n", ("id",)),
    }
    return [Case(f"content file: {name}", "content file", validating(text), words) for name, (text, words) in texts.items()]


# --- text payloads ------------------------------------------------------------------------------------


def _text_cases() -> list[Case]:
    payloads = {
        "100,001 characters": ("c" * 100_001, False, ("too long",)),
        "NUL and controls": ("a\x00b\x0bc\x0cd\x1b[31m", True, ()),
        "right-to-left override": ("abc\u202etxt.exe", True, ()),
        "formula": ('=HYPERLINK("http://x","y")', True, ()),
        "shell": ("x'$(touch PWNED)'`id`;rm -rf ~", True, ()),
        "markdown and html": ("<script>alert(1)</script>[x](javascript:alert(1))", True, ()),
    }
    cases = []
    for name, (text, accepted, words) in payloads.items():
        cases.append(Case(f"customer name: {name}", "text", lambda folder, ctx, text=text: [
            "--db", str(ctx.db), "project", "new", f"P {len(text)} {abs(hash(text)) % 1000}", "--customer", text], words, accepted))
    return cases


def cases() -> list[Case]:
    return [*_workbook_cases(), *_project_file_cases(), *_database_cases(), *_content_cases(), *_text_cases()]


# --- running ------------------------------------------------------------------------------------------


def _state(path: Path) -> object:
    if not path.exists() or path.is_dir():
        return None
    if path.suffix == ".sqlite3" and path.read_bytes()[:16] == b"SQLite format 3\x00":
        try:
            with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as con:
                return list(con.iterdump())
        except sqlite3.Error:
            pass
    return path.read_bytes()


def run_case(case: Case, folder: Path, ctx: Context) -> Result:
    from app.main import main

    argv = ["--lang", "en", *case.argv(folder, ctx)]  # the expected words are the English message's
    watched = case.watched(ctx) if case.watched else ctx.db
    before = _state(watched)
    out, err = io.StringIO(), io.StringIO()
    tracemalloc.start()
    started = time.perf_counter()
    escaped = None
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(argv)
    except BaseException as exc:  # a case that escapes the CLI is a failure, reported
        code, escaped = None, exc
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] / MB
    tracemalloc.stop()
    lines = err.getvalue().strip().splitlines()
    line = lines[0] if len(lines) == 1 else (f"{type(escaped).__name__}: {escaped}" if escaped else " | ".join(lines)[:300])
    if case.accepted:
        ok = code == 0 and escaped is None
    else:
        ok = (code == 2 and len(lines) == 1 and "Traceback" not in err.getvalue()
              and all(w.lower() in lines[0].lower() for w in case.words) and _state(watched) == before)  # fmt: skip
    return Result(case, ok, seconds, peak, line)


def make_context(folder: Path) -> Context:
    from app.core.content.loader import load_library
    from app.core.workspace import Workspace
    from app.hearing.sheet import export_hearing_sheet
    from app.projects.demo import create_demo
    from app.wbs.files.xlsx import export_wbs_xlsx

    db = folder / "corpus.sqlite3"
    ws = Workspace.open(str(db), load_library([REPO / "checklists"], strict=True))
    try:
        pid = create_demo(ws, "en").id
        sheets = {
            "hearing": export_hearing_sheet(ws, pid, folder / "hearing-base.xlsx", "en"),
            "wbs": export_wbs_xlsx(ws, pid, folder / "wbs-base.xlsx", "en"),
        }
    finally:
        ws.close()
    return Context(db, pid, sheets)


def run_all(folder: Path, report: Callable[[str], None] = print) -> list[Result]:
    ctx = make_context(folder)
    results = []
    for n, case in enumerate(cases()):
        case_folder = folder / f"case{n}"
        case_folder.mkdir()
        result = run_case(case, case_folder, ctx)
        results.append(result)
        mark = "ok " if result.ok else "BAD"
        outcome = "accepted" if case.accepted else "refused"
        report(f"{mark} {case.name[:58]:<58} {outcome:<8} {result.seconds:6.2f} s {result.peak_mb:7.1f} MB  {result.line[:110]}")
    return results


def summary(results: list[Result]) -> str:
    handled = sum(r.ok for r in results)
    refused = sum(r.ok and not r.case.accepted for r in results)
    slowest = max(results, key=lambda r: r.seconds)
    biggest = max(results, key=lambda r: r.peak_mb)
    return (f"hostile inputs: {len(results)}, handled cleanly: {handled} ({100 * handled // len(results)} %), "
            f"refused with one line: {refused}, accepted as documented: {handled - refused}; "
            f"slowest {slowest.seconds:.2f} s ({slowest.case.name}), peak memory {biggest.peak_mb:.0f} MB ({biggest.case.name})")  # fmt: skip


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        results = run_all(Path(tmp))
        print(summary(results))
        sys.exit(0 if all(r.ok for r in results) else 1)

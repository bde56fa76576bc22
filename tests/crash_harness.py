"""Crash harness: SIGKILL the app at random moments and check that nothing acknowledged is lost.

A child process (``python -m tests.crash_harness child SCENARIO FOLDER``) works on a database of
its own; the parent kills it after a random delay, then checks what a user would find on the next
start. Scenarios:

- ``edits``: answer, WBS and document edits through the services, one after another. After each
  edit returns, the child appends an acknowledgement (op id, key, value) to a log with flush and
  fsync. After a kill the database must pass ``PRAGMA integrity_check``, open in the app
  (migrations and all), and hold, for each key, the value of its last acknowledged edit (or of a
  later edit that was under way when the kill came: it may have landed).
- ``export`` / ``import``: ``project export`` / ``project import`` of the CLI in a loop. The target
  file is absent or whole, never half-written; every imported project is complete; the next export
  leaves no ``.part`` file behind.
- ``wiki``: a folder export over an earlier one. The folder is always there and whole; the next
  export leaves no hidden old copy or ``.part`` folder behind.
- ``backup`` / ``migrate``: the backup before a migration (a database large enough to take a
  moment). A file under a backup's real name is always a complete database, never 0 bytes or a
  journal; the next backup cleans the temporary files of a killed one.

``python -m tests.crash_harness --kills 60`` prints ``kills: 60, corrupt databases: 0, lost
operations: 0`` and exits non-zero when anything was corrupt, lost or otherwise wrong
(``make soak``); ``tests/test_crash_safety.py`` runs a short version in the suite.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import select
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
SCENARIOS = ("edits", "export", "import", "wiki", "backup", "migrate")
# The longest random wait (seconds) after the child says it is ready: a few loops of its work.
MAX_DELAY = {"edits": 1.2, "export": 0.8, "import": 1.0, "wiki": 1.0, "backup": 0.8, "migrate": 1.5}
PADDING = 12000  # history rows of about 1 KB: a 0001 database of ~15 MB for the backup scenarios
DOCUMENT_KINDS = ("crash-harness-a", "crash-harness-b", "crash-harness-c")


# --- the edits, one small function per kind, each an operation as the window and the CLI run them -----


def edit_answer(ws, project_id: int, key: str, value: str) -> None:  # a Workspace
    from app.core import operations as ops
    from app.hearing import operations as hearing_ops

    ops.run(ws, hearing_ops.update_answer(project_id, key, value=value))


def read_answer(ws, project_id: int, key: str) -> Any:
    from app.hearing.answers import AnswerService

    return AnswerService(ws.db, ws.library).answer(project_id, key).value


def edit_task(ws, project_id: int, key: str, value: str) -> None:
    from app.core import operations as ops
    from app.wbs import operations as wbs_ops
    from app.wbs.service import WbsService

    ops.run(ws, wbs_ops.wbs_op(project_id, lambda w: WbsService(w.db).update(project_id, [int(key)], notes=value)))


def read_task(ws, project_id: int, key: str) -> Any:
    from app.wbs.service import WbsService

    return next((t.notes for t in WbsService(ws.db).tasks(project_id) if t.id == int(key)), None)


def edit_document(ws, project_id: int, key: str, value: str) -> None:
    from app.core import operations as ops
    from app.core.documents import DocumentService

    base = DocumentService(ws.db).get(project_id, key)
    ops.run(ws, ops.patch_document(project_id, key, base, {"text": value, "lines": value.split()}))


def read_document(ws, project_id: int, key: str) -> Any:
    from app.core.documents import DocumentService

    return DocumentService(ws.db).get(project_id, key).get("text")


EDITS: dict[str, tuple[Callable[..., None], Callable[..., Any]]] = {
    "answer": (edit_answer, read_answer),
    "task": (edit_task, read_task),
    "document": (edit_document, read_document),
}


def edit_keys(ws, project_id: int) -> list[tuple[str, str]]:
    """What the child edits: free-text answers, WBS tasks' notes, whole documents."""
    from app.core.content.model import AnswerKind
    from app.wbs.service import WbsService

    items = [item.id for item in ws.library.all_items() if item.kind == AnswerKind.TEXT][:15]
    tasks = [str(t.id) for t in WbsService(ws.db).tasks(project_id)][:15]
    return [("answer", k) for k in items] + [("task", k) for k in tasks] + [("document", k) for k in DOCUMENT_KINDS]


# --- the child ---------------------------------------------------------------------------------------


def _ready() -> None:
    """Tell the parent the work starts now; later output goes nowhere (a full pipe would block)."""
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)


def child(scenario: str, folder: Path) -> None:
    config = json.loads((folder / "config.json").read_text())
    db = folder / "db.sqlite3"
    project = config.get("project")
    if scenario == "edits":
        from app.core.workspace import Workspace

        ws = Workspace.open(str(db))
        keys = edit_keys(ws, project)
        rng = random.Random(config["seed"])
        n = config["start"]
        with open(folder / "acks.jsonl", "a", encoding="utf-8") as log:
            _ready()
            while True:
                kind, key = rng.choice(keys)
                value = f"#{n} 編集 {rng.random():.6f}"
                log.write(json.dumps({"i": n, "kind": kind, "key": key, "value": value}, ensure_ascii=False) + "\n")
                log.flush()
                EDITS[kind][0](ws, project, key, value)
                log.write(json.dumps({"i": n, "ack": True}) + "\n")
                log.flush()
                os.fsync(log.fileno())
                n += 1
    elif scenario in ("export", "import", "wiki"):
        from app.main import main

        argv = {
            "export": ["project", "export", str(project), "--out", str(folder / "out" / "project.json")],
            "import": ["project", "import", str(folder / "source.json")],
            "wiki": ["export", "wiki", "--project", str(project), "--out", str(folder / "out" / "wiki"), "--lang", "ja"],
        }[scenario]
        _ready()
        while True:
            if main(["--db", str(db), *argv]) != 0:
                sys.exit(3)
    elif scenario == "backup":
        from app.core.storage.db import Database

        database = Database(str(db))
        _ready()
        while True:
            database.backup(reason="before-0002")
    elif scenario == "migrate":
        from app.core.storage.db import Database

        _ready()
        work = folder / "work.sqlite3"
        while True:
            # The harness's own copy of the old database (whole or absent), then the app opens it.
            tmp = folder / "work.sqlite3.copying"
            shutil.copyfile(folder / "template.sqlite3", tmp)
            os.replace(tmp, work)
            Database(str(work)).close()  # backs up, then migrates
            work.unlink()
            for backup in (folder / "backups").iterdir():
                backup.unlink()
    else:
        raise SystemExit(f"unknown scenario {scenario}")


# --- the parent --------------------------------------------------------------------------------------


@dataclass
class Tally:
    kills: int = 0
    corrupt: int = 0
    lost: set[tuple[str, str, int]] = field(default_factory=set)
    acked: int = 0
    problems: list[str] = field(default_factory=list)
    by_scenario: dict[str, int] = field(default_factory=dict)
    # Kills that caught the work half-way: an edit under way, an export's or backup's temporary file.
    half_way: dict[str, int] = field(default_factory=dict)

    def caught(self, scenario: str) -> None:
        self.half_way[scenario] = self.half_way.get(scenario, 0) + 1

    def line(self) -> str:
        return (
            f"kills: {self.kills}, corrupt databases: {self.corrupt}, lost operations: {len(self.lost)}"
            f" (acknowledged edits: {self.acked}; other problems: {len(self.problems)})"
        )

    @property
    def ok(self) -> bool:
        return self.kills > 0 and self.corrupt == 0 and not self.lost and not self.problems


def integrity(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return "; ".join(row[0] for row in conn.execute("PRAGMA integrity_check"))
    except sqlite3.DatabaseError as exc:
        return str(exc)
    finally:
        conn.close()


def _count(path: Path, table: str) -> int | None:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    except sqlite3.DatabaseError:
        return None
    finally:
        conn.close()


def _child_env(workdir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("MLOPS_KICKOFF_DB", None)
    env.update(
        MLOPS_KICKOFF_HOME=str(workdir / "home"),
        MLOPS_KICKOFF_SETTINGS=str(workdir / "home" / "settings.ini"),
        MLOPS_KICKOFF_LANG="ja",
        PYTHONPATH=os.pathsep.join([str(REPO), env.get("PYTHONPATH", "")]).rstrip(os.pathsep),
        QT_QPA_PLATFORM="offscreen",
    )
    return env


def kill_once(scenario: str, folder: Path, workdir: Path, rng: random.Random) -> str | None:
    """Start the child, kill it at a random moment; a problem if it did not live to be killed."""
    with open(folder / "child.err", "ab") as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "tests.crash_harness", "child", scenario, str(folder)],
            cwd=REPO,
            env=_child_env(workdir),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=err,
        )
    try:
        ready, _, _ = select.select([proc.stdout], [], [], 120)
        line = proc.stdout.readline() if ready else b""
        if line.strip() != b"ready":
            proc.kill()
            proc.wait()
            return f"{scenario}: the child did not start: {(folder / 'child.err').read_text()[-2000:]}"
        time.sleep(rng.uniform(0, MAX_DELAY[scenario]))
        if proc.poll() is not None:
            return f"{scenario}: the child stopped by itself ({proc.returncode}): {(folder / 'child.err').read_text()[-2000:]}"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    finally:
        proc.stdout.close()
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return None


def _leftovers(folder: Path, keep: set[str]) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name not in keep)


class Harness:
    def __init__(self, workdir: Path, seed: int) -> None:
        self.workdir = workdir
        self.rng = random.Random(seed)
        self.tally = Tally()
        self.base = workdir / "base.sqlite3"
        self.project = 0
        self.runs = 0

    def _open(self, path: Path):  # a Workspace
        from app.core.workspace import Workspace

        return Workspace.open(str(path))

    def setup_base(self) -> None:
        from app.projects.demo import create_demo

        (self.workdir / "home").mkdir(exist_ok=True)
        ws = self._open(self.base)
        try:
            self.project = create_demo(ws, "ja").id
        finally:
            ws.close()

    def prepare(self, scenario: str) -> Path:
        folder = self.workdir / scenario
        folder.mkdir()
        config: dict[str, Any] = {"project": self.project}
        if scenario in ("backup", "migrate"):
            from tests.schema_0001 import make_database

            template = folder / ("template.sqlite3" if scenario == "migrate" else "db.sqlite3")
            make_database(template, padding=PADDING)
            (folder / "backups").mkdir()
            if scenario == "backup":
                from app.core.storage.db import Database

                Database(str(template)).close()
                for stale in (folder / "backups").iterdir():
                    stale.unlink()
        else:
            shutil.copyfile(self.base, folder / "db.sqlite3")
            (folder / "out").mkdir()
        ws = None
        if scenario == "import":
            from app.projects.transfer import export_file

            ws = self._open(folder / "db.sqlite3")
            export_file(ws.db, self.project, folder / "source.json")
            config["source_sha"] = hashlib.sha256((folder / "source.json").read_bytes()).hexdigest()
        elif scenario == "wiki":
            from app.environment.wiki_export import export_wiki

            ws = self._open(folder / "db.sqlite3")
            export_wiki(ws, self.project, folder / "out" / "wiki", "ja")
            config["wiki"] = _tree(folder / "out" / "wiki")
        if ws is not None:
            ws.close()
        (folder / "config.json").write_text(json.dumps(config))
        return folder

    def run(self, plan: list[str], seconds: float) -> Tally:
        started = time.monotonic()
        folders: dict[str, Path] = {}
        for scenario in plan:
            if time.monotonic() - started > seconds:
                break
            if scenario not in folders:
                folders[scenario] = self.prepare(scenario)
            folder = folders[scenario]
            if scenario == "edits":
                self._configure_edits(folder)
            problem = kill_once(scenario, folder, self.workdir, self.rng)
            if problem:
                self.tally.problems.append(problem)
                continue
            self.tally.kills += 1
            self.tally.by_scenario[scenario] = self.tally.by_scenario.get(scenario, 0) + 1
            getattr(self, f"check_{scenario}")(folder)
        if "edits" in folders:
            self.tally.acked = len([r for r in _log(folders["edits"]) if r.get("ack")])
        return self.tally

    def _configure_edits(self, folder: Path) -> None:
        config = json.loads((folder / "config.json").read_text())
        records = _log(folder)
        config["start"] = max((r["i"] for r in records), default=0) + 1
        config["seed"] = self.rng.randrange(1 << 30)
        (folder / "config.json").write_text(json.dumps(config))

    def _check_database(self, scenario: str, path: Path) -> bool:
        result = integrity(path)
        if result != "ok":
            self.tally.corrupt += 1
            self.tally.problems.append(f"{scenario}: {path.name} fails integrity_check: {result}")
            return False
        return True

    # --- the checks after each kill ---------------------------------------------------------------

    def check_edits(self, folder: Path) -> None:
        db = folder / "db.sqlite3"
        if not self._check_database("edits", db):
            return
        intents: dict[int, tuple[str, str, str]] = {}
        acked: set[int] = set()
        records = _log(folder)
        if records and not records[-1].get("ack"):
            self.tally.caught("edits")
        for record in records:
            if record.get("ack"):
                acked.add(record["i"])
            else:
                intents[record["i"]] = (record["kind"], record["key"], record["value"])
        last: dict[tuple[str, str], tuple[int, str]] = {}
        for i in sorted(intents):
            kind, key, value = intents[i]
            if i in acked:
                last[(kind, key)] = (i, value)
        may_have_landed: dict[tuple[str, str], set[str]] = {}
        for i, (kind, key, value) in intents.items():
            if i not in acked and i > last.get((kind, key), (-1, ""))[0]:
                may_have_landed.setdefault((kind, key), set()).add(value)
        ws = self._open(db)
        try:
            for (kind, key), (i, value) in last.items():
                actual = EDITS[kind][1](ws, self.project, key)
                if actual != value and actual not in may_have_landed.get((kind, key), set()):
                    self.tally.lost.add((kind, key, i))
                    self.tally.problems.append(f"edits: op {i} ({kind} {key}) = {value!r} lost; found {actual!r}")
            # An answer keeps its history: there every acknowledged edit is present, not only the last.
            from app.hearing.answers import AnswerService

            answers = AnswerService(ws.db, ws.library)
            histories: dict[str, set[Any]] = {}
            for i in sorted(acked & intents.keys()):
                kind, key, value = intents[i]
                if kind != "answer":
                    continue
                if key not in histories:
                    histories[key] = {h.value for h in answers.history(self.project, key)}
                if value not in histories[key] and (kind, key, i) not in self.tally.lost:
                    self.tally.lost.add((kind, key, i))
                    self.tally.problems.append(f"edits: op {i} (answer {key}) = {value!r} missing from its history")
        finally:
            ws.close()

    def check_export(self, folder: Path) -> None:
        from app.projects.transfer import export_file

        db, out = folder / "db.sqlite3", folder / "out"
        if not self._check_database("export", db):
            return
        target = out / "project.json"
        if _leftovers(out, {"project.json"}):
            self.tally.caught("export")
        if target.exists():
            try:
                data = json.loads(target.read_text(encoding="utf-8"))
                assert data["format"] == "mlops-kickoff-project" and data["answers"], "not a whole project file"
            except (ValueError, KeyError, AssertionError) as exc:
                self.tally.problems.append(f"export: a half-written {target.name} under the target name: {exc}")
        ws = self._open(db)
        try:
            export_file(ws.db, self.project, target)  # the next run
        finally:
            ws.close()
        if left := _leftovers(out, {"project.json"}):
            self.tally.problems.append(f"export: left behind after the next export: {left}")
            _clear(out, {"project.json"})

    def check_import(self, folder: Path) -> None:
        from app.core.projects import ProjectService

        db = folder / "db.sqlite3"
        if not self._check_database("import", db):
            return
        config = json.loads((folder / "config.json").read_text())
        if hashlib.sha256((folder / "source.json").read_bytes()).hexdigest() != config["source_sha"]:
            self.tally.problems.append("import: the imported file changed")
        ws = self._open(db)
        try:
            counts = _project_counts(db)
            reference = counts.pop(self.project)
            for project_id, found in counts.items():
                if found != reference:
                    self.tally.problems.append(f"import: project {project_id} is half-imported: {found} != {reference}")
            service = ProjectService(ws.db)
            for project_id in counts:  # keep the database small for the next kill
                service.delete(project_id)
        finally:
            ws.close()

    def check_wiki(self, folder: Path) -> None:
        from app.environment.wiki_export import export_wiki

        db, out = folder / "db.sqlite3", folder / "out"
        if not self._check_database("wiki", db):
            return
        if _leftovers(out, {"wiki"}):
            self.tally.caught("wiki")
        expected = json.loads((folder / "config.json").read_text())["wiki"]
        found = _tree(out / "wiki") if (out / "wiki").is_dir() else None
        if found != expected:
            state = "missing" if found is None else f"{len(found)} of {len(expected)} files"
            self.tally.problems.append(f"wiki: the folder is not the whole previous or new export ({state})")
        ws = self._open(db)
        try:
            export_wiki(ws, self.project, out / "wiki", "ja")  # the next run
        finally:
            ws.close()
        if left := _leftovers(out, {"wiki"}):
            self.tally.problems.append(f"wiki: left behind after the next export: {left}")
            _clear(out, {"wiki"})

    def _check_backups(self, scenario: str, backups: Path, history_rows: int) -> None:
        if any(p.name.startswith(".") for p in backups.iterdir()):
            self.tally.caught(scenario)
        for path in sorted(backups.iterdir()):
            if path.name.startswith("."):
                continue  # a temporary name; the next backup cleans it
            if not path.name.endswith(".sqlite3"):
                self.tally.problems.append(f"{scenario}: {path.name} beside the backups (a journal of a half backup)")
                continue
            size = path.stat().st_size
            result = integrity(path)
            rows = _count(path, "answer_history")
            if size == 0 or result != "ok" or rows != history_rows:
                self.tally.problems.append(
                    f"{scenario}: backup {path.name} is not whole ({size} bytes, {result}, {rows} history rows)"
                )

    def check_backup(self, folder: Path) -> None:
        from app.core.storage.db import Database

        db, backups = folder / "db.sqlite3", folder / "backups"
        if not self._check_database("backup", db):
            return
        rows = _count(db, "answer_history")
        self._check_backups("backup", backups, rows)
        database = Database(str(db))
        try:
            database.backup(reason="check")  # the next backup cleans a killed one's temporary file
        finally:
            database.close()
        if left := [p.name for p in backups.iterdir() if p.name.startswith(".")]:
            self.tally.problems.append(f"backup: left behind after the next backup: {left}")
        _clear(backups, set())

    def check_migrate(self, folder: Path) -> None:
        from app.core.storage.db import Database

        work, backups = folder / "work.sqlite3", folder / "backups"
        rows = _count(folder / "template.sqlite3", "answer_history")
        self._check_backups("migrate", backups, rows)
        if work.exists() and self._check_database("migrate", work):
            database = Database(str(work))  # the app opens it: backs up again if need be, migrates
            try:
                database.backup(reason="check")
                if database.current_revision() != database.head_revision():
                    self.tally.problems.append("migrate: not at the head after opening")
            finally:
                database.close()
            if _count(work, "answer_history") != rows:
                self.tally.problems.append("migrate: rows lost in the migration")
            if left := [p.name for p in backups.iterdir() if p.name.startswith(".")]:
                self.tally.problems.append(f"migrate: left behind after the next backup: {left}")
        for path in folder.iterdir():
            if path.name.startswith("work"):
                path.unlink()
        _clear(backups, set())


def _log(folder: Path) -> list[dict[str, Any]]:
    """The child's log; a last line cut short by the kill is no acknowledgement."""
    path = folder / "acks.jsonl"
    if not path.exists():
        return []
    records = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            records.append(json.loads(line))
        except ValueError:
            continue
    return records


def _tree(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _clear(folder: Path, keep: set[str]) -> None:
    for path in folder.iterdir():
        if path.name in keep:
            continue
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()


def _project_counts(db: Path) -> dict[int, tuple[int, ...]]:
    conn = sqlite3.connect(db)
    try:
        queries = [
            "SELECT project_id, count(*) FROM answers GROUP BY project_id",
            "SELECT a.project_id, count(*) FROM answer_history h JOIN answers a ON a.id = h.answer_id GROUP BY a.project_id",
            "SELECT project_id, count(*) FROM hearing_sessions GROUP BY project_id",
            "SELECT project_id, count(*) FROM project_documents GROUP BY project_id",
            "SELECT project_id, count(*) FROM wbs_tasks GROUP BY project_id",
            "SELECT t.project_id, count(*) FROM wbs_dependencies d JOIN wbs_tasks t ON t.id = d.task_id GROUP BY t.project_id",
        ]
        per_query = [dict(conn.execute(q).fetchall()) for q in queries]
        projects = [row[0] for row in conn.execute("SELECT id FROM projects")]
        return {p: tuple(counts.get(p, 0) for counts in per_query) for p in projects}
    finally:
        conn.close()


def plan_for(kills: int, seed: int) -> list[str]:
    """Half the kills while editing, the rest shared by the other scenarios; interleaved."""
    others = max(1, round(kills * 0.1))
    counts = {s: others for s in SCENARIOS[1:]}
    counts["edits"] = max(1, kills - others * (len(SCENARIOS) - 1))
    rng = random.Random(seed)
    plan: list[str] = []
    while any(counts.values()):
        batch = [s for s in SCENARIOS if counts[s]]
        rng.shuffle(batch)
        for s in batch:
            counts[s] -= 1
        plan.extend(batch)
    return plan


def run(kills: int, seconds: float, seed: int | None = None, workdir: Path | None = None) -> Tally:
    seed = random.randrange(1 << 30) if seed is None else seed
    own = workdir is None
    folder = Path(tempfile.mkdtemp(prefix="crash-harness-")) if own else workdir
    try:
        harness = Harness(folder, seed)
        harness.setup_base()
        return harness.run(plan_for(kills, seed), seconds)
    finally:
        if own:
            shutil.rmtree(folder, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["child"]:
        child(argv[1], Path(argv[2]))
        return 0
    parser = argparse.ArgumentParser(prog="python -m tests.crash_harness", description=__doc__.split("\n")[0])
    parser.add_argument("--kills", type=int, default=60, help="how many times to kill the app (default 60)")
    parser.add_argument("--seconds", type=float, default=1800, help="start no kill after this long (default 1800)")
    parser.add_argument("--seed", type=int, help="random seed (default: a new one, printed)")
    parser.add_argument("--keep", type=Path, metavar="FOLDER", help="work in FOLDER (an empty one) and keep it")
    args = parser.parse_args(argv)
    seed = random.randrange(1 << 30) if args.seed is None else args.seed
    home = Path(tempfile.mkdtemp(prefix="crash-harness-home-"))
    os.environ.update(MLOPS_KICKOFF_HOME=str(home), MLOPS_KICKOFF_SETTINGS=str(home / "settings.ini"), MLOPS_KICKOFF_LANG="ja")
    os.environ.pop("MLOPS_KICKOFF_DB", None)
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    try:
        tally = run(args.kills, args.seconds, seed, args.keep)
    finally:
        shutil.rmtree(home, ignore_errors=True)
    for problem in tally.problems:
        print(f"problem: {problem}")
    by = ", ".join(f"{k} {v}" for k, v in sorted(tally.by_scenario.items()))
    caught = ", ".join(f"{k} {v}" for k, v in sorted(tally.half_way.items()))
    print(f"seed {seed}; {time.monotonic() - started:.0f} s; kills by scenario: {by}; caught half-way: {caught}")
    print(tally.line())
    return 0 if tally.ok else 1


if __name__ == "__main__":
    sys.exit(main())

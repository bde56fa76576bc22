"""breaker26c: projects as files and the team workflow, tried as a demanding Japanese user would, with the
real ``python -m app`` in subprocesses (MLOPS_KICKOFF_HOME in a temporary folder) and the core where
quicker: project files hand-edited (baselines, the WBS settings, people, names), duplicates and copies of
a project whose stored data is damaged or whose name is at the limit, names stored straight into SQLite
before sanitising (control characters, ESC, newlines) and printed by rename/archive/delete/copy, two
processes on one database (imports racing a rename and a delete, ids handed out again), a database held
locked by another writer, and exports into bad paths.

Each test is a defect found, a strict xfail until it is fixed (the reason says what the user sees).
What held (truncated / future / duplicate-key files, the same file imported twice and four times at once,
names folded on import and rename, `projects list` escaping stored names, a held write lock: 30 s then
one Japanese line and exit 2 with nothing written, exports into a file-as-folder, a folder-as-file, an
immutable folder, /proc, /sys and /dev/full) is in the branch's report."""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DB_NAME = "mlops-kickoff.sqlite3"
JAPANESE = re.compile(r"[ぁ-んァ-ヶ一-龥]")
CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]")  # any control character but the line ends


def run(home: Path, *argv: str, lang: str = "ja", timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """``mlops-kickoff --lang LANG ARGV`` in a fresh process whose data folder is ``home``."""
    env = {k: v for k, v in os.environ.items() if k != "MLOPS_KICKOFF_DB"}
    env |= {
        "MLOPS_KICKOFF_HOME": str(home),
        "MLOPS_KICKOFF_SETTINGS": str(home / "settings.ini"),
        "MLOPS_KICKOFF_LANG": lang,
        "PYTHONPATH": str(REPO),
        "QT_QPA_PLATFORM": "offscreen",
    }
    return subprocess.run([sys.executable, "-m", "app", "--lang", lang, *argv],
                          cwd=home, env=env, capture_output=True, text=True, timeout=timeout)


def one_japanese_line(result: subprocess.CompletedProcess[str]) -> str:
    """A user error: exit 2, one line on stderr in Japanese, no traceback; the line."""
    assert "Traceback" not in result.stderr, result.stderr[-800:]
    assert result.returncode == 2, (result.returncode, result.stderr[-800:])
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("mlops-kickoff: エラー: "), result.stderr[-800:]
    assert JAPANESE.search(lines[0].removeprefix("mlops-kickoff: エラー: ")), lines[0]
    return lines[0]


def sql(home: Path, statement: str, *params: object) -> None:
    """Write straight into the database, as an earlier version (or a damaged disk) left it."""
    with sqlite3.connect(home / DB_NAME) as con:
        con.execute(statement, params)


def edited(home: Path, name: str, change) -> Path:
    """A copy of the demo's project file under ``name``, with ``change(data)`` applied (a hand edit)."""
    data = json.loads((home / "demo.json").read_text(encoding="utf-8"))
    change(data)
    path = home / f"{name}.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def document(data: dict, kind: str) -> dict:
    return next(doc["data"] for doc in data["documents"] if doc["kind"] == kind)


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder holding the Japanese demo (id 1, with a WBS, people and a baseline) and its project file."""
    home = tmp_path_factory.mktemp("home26c")
    assert run(home, "demo", "--lang", "ja").returncode == 0
    made = run(home, "project", "export", "1", "--out", "demo.json")
    assert made.returncode == 0, made.stderr
    return home


@pytest.fixture
def home(prepared: Path, tmp_path: Path) -> Path:
    """A copy of the prepared data folder, free to change."""
    copy = tmp_path / "data26c"
    shutil.copytree(prepared, copy)
    return copy


# --- names stored before sanitising, and names typed ---------------------------------------------------

HOSTILE = "Plan\x1b[2J\x1b[31mRED\nsecond line\x07"


def test_a_stored_name_with_control_characters_is_printed_escaped_by_every_command(home: Path) -> None:
    sql(home, "UPDATE projects SET name = ? WHERE id = 1", HOSTILE)
    (home / "folder").mkdir()
    shown = []
    for argv in (("project", "archive", "1"), ("project", "archive", "--undo", "1"),
                 ("project", "copy", "1", "--to", str(home / "folder")), ("project", "delete", "--yes", "1")):
        result = run(home, *argv)
        assert "Traceback" not in result.stderr, result.stderr[-800:]
        shown += [(argv[1], line) for line in (result.stdout + result.stderr).splitlines() if CONTROL.search(line)]
    assert not shown, shown


def test_a_typed_name_with_escape_sequences_is_echoed_escaped(home: Path) -> None:
    line = one_japanese_line(run(home, "project", "delete", "--yes", "nope\x1b[2J\x1b]0;owned\x07"))
    assert not CONTROL.search(line), repr(line)


# --- duplicate and copy of what the app holds --------------------------------------------------------------


def damage_people(home: Path) -> None:
    """The people document of the wrong shape, as a version before the import checked it stored it."""
    sql(home, "UPDATE project_documents SET data = ? WHERE project_id = 1 AND kind = 'wbs_resources'",
        json.dumps({"version": 1, "people": [1, 2]}))


def test_duplicate_of_damaged_data_does_not_speak_of_a_file(home: Path) -> None:
    damage_people(home)
    line = one_japanese_line(run(home, "project", "duplicate", "1"))
    assert "ファイル" not in line and "取り込" not in line, line


def test_copy_of_damaged_data_does_not_blame_the_target(home: Path) -> None:
    damage_people(home)
    target = home / "other.sqlite3"
    line = one_japanese_line(run(home, "project", "copy", "1", "--to", str(target)))
    assert "sqlite:" not in line and f"{target} の文書" not in line, line


def test_what_project_export_writes_comes_back(home: Path) -> None:
    damage_people(home)
    out = home / "saved.json"
    exported = run(home, "project", "export", "1", "--out", str(out))
    if exported.returncode != 0:
        one_japanese_line(exported)
        assert not out.exists()
        return
    imported = run(home, "project", "import", str(out))
    assert imported.returncode == 0, imported.stderr[-800:]


def test_a_copy_of_a_name_at_the_limit_can_still_be_exported(home: Path) -> None:
    created = run(home, "project", "new", "あ" * 200)
    assert created.returncode == 0, created.stderr
    copied = run(home, "project", "duplicate", created.stdout.strip())
    assert copied.returncode == 0, copied.stderr
    exported = run(home, "project", "export", copied.stdout.strip(), "--out", str(home / "copy.json"))
    assert exported.returncode == 0, exported.stderr[-800:]


# --- project files hand-edited -------------------------------------------------------------------------------


def superscript_baseline_uid(data: dict) -> None:
    tracking = document(data, "wbs_tracking")
    first = next(iter(tracking["baselines"].values()))
    first["tasks"]["²"] = {"estimate": 1, "start": "2026-12-07", "finish": "2026-12-08"}


def test_a_baseline_task_keyed_by_a_superscript_digit_does_not_poison_the_project(home: Path) -> None:
    imported = run(home, "project", "import", str(edited(home, "superscript", superscript_baseline_uid)))
    if imported.returncode != 0:
        one_japanese_line(imported)
        return
    project = imported.stdout.strip()
    for argv in (("export", "wbs", "--project", project, "--out", "wbs.xlsx"), ("baseline", "list", "--project", project)):
        result = run(home, *argv)
        assert "Traceback" not in result.stderr and result.returncode == 0, (argv, result.stderr[-400:])


def huge_next_uid(data: dict) -> None:
    document(data, "wbs")["next_uid"] = 10**15


def test_a_huge_next_uid_in_a_project_file_does_not_make_the_project_uncopyable(home: Path) -> None:
    imported = run(home, "project", "import", str(edited(home, "bignext", huge_next_uid)))
    if imported.returncode != 0:
        one_japanese_line(imported)
        return
    project = int(imported.stdout.strip())
    from app.core.storage.db import Database
    from app.wbs.service import WbsService

    db = Database(f"sqlite:///{home / DB_NAME}")
    try:
        WbsService(db).add_task(project, title="追加したタスク")  # as the WBS page's 追加 does
    finally:
        db.close()
    copied = run(home, "project", "duplicate", str(project))
    assert copied.returncode == 0, copied.stderr[-800:]



def hostile_people_and_baseline(data: dict) -> None:
    document(data, "wbs_resources")["people"]["悪\x1b[2J\x1b]0;title\x07者"] = {"role": "r\x1b[31m", "days_per_week": 5}
    baselines = document(data, "wbs_tracking")["baselines"]
    baselines["基準\x1b[2J\nX"] = next(iter(baselines.values()))


def test_names_inside_a_project_file_are_printed_escaped(home: Path) -> None:
    imported = run(home, "project", "import", str(edited(home, "hostile", hostile_people_and_baseline)))
    assert imported.returncode == 0, imported.stderr[-800:]
    project = imported.stdout.strip()
    shown = []
    for argv in (("resources", "list", "--project", project), ("baseline", "list", "--project", project)):
        result = run(home, *argv)
        assert result.returncode == 0, result.stderr[-800:]
        shown += [line for line in result.stdout.splitlines() if CONTROL.search(line.replace("\t", ""))]
    assert not shown, shown

# --- two processes on one database ---------------------------------------------------------------------------


def test_a_deleted_projects_id_is_never_given_to_another_project(home: Path) -> None:
    second = run(home, "project", "new", "消すプロジェクト")
    assert second.returncode == 0, second.stderr
    gone = second.stdout.strip()
    assert run(home, "project", "delete", "--yes", gone).returncode == 0
    imported = run(home, "project", "import", str(home / "demo.json"))
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.strip() != gone
    stale = run(home, "project", "delete", "--yes", gone)  # the colleague's command, meant for the deleted project
    assert stale.returncode == 2 and run(home, "projects", "list").stdout.count("類似画像検索") == 2


# --- exports into bad paths ------------------------------------------------------------------------------------


def test_an_export_named_with_control_characters_is_refused_in_one_line(home: Path) -> None:
    name = "bad\x1b[31m\nname.md"
    result = run(home, "export", "proposal", "--project", "1", "--out", name)
    assert not CONTROL.search(result.stdout + result.stderr), repr(result.stdout + result.stderr)
    one_japanese_line(result)
    assert not (home / name).exists()

"""Round 16b tried as a demanding user: each test is a defect found, marked xfail (strict) until it
is fixed (the project file's value count and import, the export's refusal, the compiled-template cache)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.core.errors import UserError
from app.core.projects import ProjectService
from app.projects import file_format, transfer

REPO = Path(__file__).resolve().parent.parent


# --- count_values ---------------------------------------------------------------------------------


def test_a_hostile_file_of_escaped_quotes_is_refused_in_bounded_time(tmp_path: Path) -> None:
    path = tmp_path / "quotes.json"
    path.write_bytes(b'"' + b'\\"' * 500_000)  # 1 MB, far inside the 64 MB the import reads; not JSON
    script = (
        "import sys\nfrom pathlib import Path\nfrom app.core.errors import RefusedImportError\n"
        "from app.projects.file_format import read_file\n"
        "try:\n    read_file(Path(sys.argv[1]))\nexcept RefusedImportError:\n    print('refused')\n"
    )
    # A linear count takes milliseconds on this file; 30 s is a bound, not a measurement.
    try:
        done = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True, text=True, timeout=30,
                              cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)})
    except subprocess.TimeoutExpired:
        pytest.fail("the import was still counting the file's values after 30 s")
    assert done.stdout.strip() == "refused", done.stderr[-2000:]


def _true_count(value) -> int:
    if isinstance(value, dict):
        return 1 + sum(_true_count(v) for v in value.values())
    if isinstance(value, list):
        return 1 + sum(_true_count(v) for v in value)
    return 1


def test_empty_lists_written_with_spaces_are_one_value_each(tmp_path: Path, monkeypatch) -> None:
    text = '{"a": [ ], "b": { }, "c": [\n  ], "d": {\n}, "e": [[ ], { }]}'
    values = _true_count(json.loads(text))  # 9
    assert file_format.count_values(text.encode()) == values
    monkeypatch.setattr(file_format, "MAX_VALUES", values)
    path = tmp_path / "spaced.json"
    path.write_text(text, encoding="utf-8")
    assert file_format.read_file(path) == json.loads(text)  # exactly at the limit: taken


# --- the import -----------------------------------------------------------------------------------


def _demo_file(workspace, demo, tmp_path: Path) -> dict:
    out = transfer.export_file(workspace.db, demo.id, tmp_path / "demo.json")
    return json.loads(out.read_text(encoding="utf-8"))


def test_a_lone_surrogate_escape_is_refused_with_a_message(workspace, demo, tmp_path: Path, library) -> None:
    data = _demo_file(workspace, demo, tmp_path)
    data["project"]["customer"] = "顧客\ud800名"
    path = tmp_path / "surrogate.json"
    path.write_text(json.dumps(data), encoding="utf-8")  # ensure_ascii: the file holds the escape \ud800
    before = ProjectService(workspace.db).list()
    try:
        transfer.import_file(workspace.db, path, library)
    except UserError:  # refused in the user's words (RefusedImportError is one): nothing imported
        assert ProjectService(workspace.db).list() == before
    else:  # or taken (the surrogate replaced): then it must come back out again
        transfer.export_file(workspace.db, ProjectService(workspace.db).list()[-1].id, tmp_path / "again.json")


def test_the_cli_refuses_a_lone_surrogate_file_with_exit_2(workspace, demo, tmp_path: Path, isolated_home: Path, db_path) -> None:
    data = _demo_file(workspace, demo, tmp_path)
    data["project"]["customer"] = "A\ud800B"
    path = tmp_path / "surrogate.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    workspace.db.engine.dispose()
    env = {**os.environ, "PYTHONPATH": str(REPO), "MLOPS_KICKOFF_DB": str(db_path), "MLOPS_KICKOFF_LANG": "ja"}
    done = subprocess.run([sys.executable, "-m", "app.main", "project", "import", str(path)], capture_output=True,
                          text=True, cwd=REPO, env=env, timeout=120)
    assert "Traceback" not in done.stderr, done.stderr[-600:]
    assert done.returncode == 2


# --- the export's refusal -------------------------------------------------------------------------


def test_the_export_refusal_names_what_is_too_many_in_the_users_words(workspace, tmp_path: Path) -> None:
    from app.hearing.sessions import SessionService

    pid = ProjectService(workspace.db).create("多回ヒアリング", lang="ja").id
    sessions = SessionService(workspace.db)
    for _ in range(file_format.MAX_SESSIONS + 1):  # the app sets no cap on hearing sessions
        sessions.start(pid)
        sessions.end(pid)  # (a session still open is never closed by the next start)
    out = tmp_path / "p.json"
    out.write_bytes(b"before")
    with pytest.raises(file_format.ProjectTooLarge) as refused:
        transfer.export_file(workspace.db, pid, out)
    assert out.read_bytes() == b"before"  # held: nothing written
    ja, en = refused.value.text("ja"), refused.value.text("en")
    assert "sessions" not in ja and "壊れて" not in ja and "取り込んでいません" not in ja, ja
    assert "damaged" not in en and "nothing was imported" not in en, en
    assert "1,000" in en  # the limit said as the other limits are


# --- compiled templates ---------------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0, reason="needs chown to stand for another user")
def test_an_entry_planted_by_another_user_is_never_run(tmp_path: Path, monkeypatch) -> None:
    from jinja2 import Environment, FileSystemLoader
    from jinja2.bccache import Bucket, BytecodeCache

    from app.core import paths
    from app.core.content.cache import TEMPLATE_CACHE, template_bytecode_cache

    monkeypatch.setenv("MLOPS_KICKOFF_HOME", str(tmp_path / "home"))
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "page.j2").write_text("<p>{{ name }}</p>", encoding="utf-8")

    def render() -> str:
        env = Environment(loader=FileSystemLoader(str(templates)), autoescape=True,
                          bytecode_cache=template_bytecode_cache("html"))
        return env.get_template("page.j2").render(name="a")

    assert render() == "<p>a</p>"
    cache = paths.cache_dir() / TEMPLATE_CACHE
    cache.chmod(0o777)  # the data folder sat on a shared drive for a while
    [entry] = cache.rglob("*.cache")
    # Another user replaces the entry with code of their own under the real template's checksum.
    env = Environment(autoescape=True)
    source = (templates / "page.j2").read_text(encoding="utf-8")
    filename = str(templates / "page.j2")
    bucket = Bucket(env, entry.stem, BytecodeCache.get_source_checksum(None, source))  # type: ignore[arg-type]
    bucket.code = compile(env.compile("<p>PLANTED</p>", "page.j2", filename, raw=True), filename, "exec")
    with open(entry, "wb") as fh:
        bucket.write_bytecode(fh)
    os.chown(entry, 12345, 12345)
    os.chown(entry.parent, 12345, 12345)
    entry.parent.chmod(0o777)

    assert render() == "<p>a</p>"

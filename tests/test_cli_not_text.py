"""Bytes a terminal's encoding cannot read (a Latin-1 ÿ typed in a UTF-8 shell) come into the command line
as lone surrogates ('\\udcff'). Stored, such a text ended every later write of the project (its file, the
database) with a traceback; it is refused in one line before anything is opened, and a project that
already holds one (stored by an earlier version) is refused by the export naming it, never a traceback."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from app.cli.main import main
from app.core.projects import ProjectService
from app.core.storage.db import Database


def run(argv: list[str], capsys) -> tuple[int, str]:
    try:
        code = main(argv)
    except SystemExit as stop:
        code = int(stop.code or 0)
    return code, capsys.readouterr().err


@pytest.mark.parametrize("argv", [
    ["project", "rename", "1", "ren\udcff"],
    ["baseline", "sign", "--project", "1", "--name", "x", "--who", "\udcff"],
    ["project", "new", "新\udce9"],
])
def test_an_argument_of_bytes_that_are_no_text_is_refused_in_one_line(demo, db_path: Path, capsys, argv: list[str]) -> None:
    before = [p.name for p in ProjectService(Database(f"sqlite:///{db_path}")).list()]
    code, err = run(["--db", str(db_path), "--lang", "ja", *argv], capsys)
    assert code == 2 and err.count("\n") == 1 and "Traceback" not in err, err
    assert "UTF-8 の文字でないバイト" in err and "\\x" in err  # the bytes shown as escapes, never raw
    assert [p.name for p in ProjectService(Database(f"sqlite:///{db_path}")).list()] == before


def test_a_project_holding_a_broken_character_is_refused_by_the_export_naming_it(demo, db_path: Path, tmp_path: Path, capsys) -> None:
    name = demo.name
    with sqlite3.connect(db_path) as con:  # a sign-off's name as an earlier version's command line stored it
        kind, text = con.execute("SELECT kind, data FROM project_documents WHERE project_id = ? LIMIT 1", (demo.id,)).fetchone()
        data = json.loads(text)
        data["signed_by"] = "\udcff"
        con.execute("UPDATE project_documents SET data = ? WHERE project_id = ? AND kind = ?", (json.dumps(data), demo.id, kind))
    out = tmp_path / "p.json"
    code, err = run(["--db", str(db_path), "--lang", "ja", "project", "export", str(demo.id), "--out", str(out)], capsys)
    assert (code, out.exists()) == (2, False)
    assert err.count("\n") == 1 and f"「{name}」" in err and "サロゲート" in err, err

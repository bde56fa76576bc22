"""fix26a: nothing the command line prints carries a raw control character from user data (names stored
or typed, paths), JSON output included; a file or folder to write named with one is refused in one line."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest

from app.core.files.visible_text import printable_name
from app.main import main

RAW = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")  # what never reaches a terminal
BAD = "bad\x1b[31m\nname"


@pytest.fixture
def cli(db_path: Path, capsys, monkeypatch, tmp_path: Path):
    """The CLI in Japanese, in-process on the test database, run in ``tmp_path``: (exit code, stdout, stderr)."""
    monkeypatch.chdir(tmp_path)

    def run(*argv: str) -> tuple[int, str, str]:
        try:
            code = main(["--lang", "ja", "--db", str(db_path), *argv])
        except SystemExit as exc:  # argparse's usage errors
            code = exc.code if isinstance(exc.code, int) else 1
        out = capsys.readouterr()
        return code, out.out, out.err

    return run


def one_line(code: int, out: str, err: str) -> str:
    assert code == 2 and not out and not RAW.search(err), (code, out, err)
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("mlops-kickoff: エラー: "), err
    return lines[0]


def test_printable_name_escapes_what_drives_or_splits_a_line_and_keeps_emoji() -> None:
    assert printable_name("a\u202eb\u2028c\x9b1m\udc80") == "a\\u202eb\\u2028c\\x9b1m\\udc80"
    flag = "\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f"
    assert printable_name(f"👨\u200d👩\u200d👧 {flag} 計画\u3000案") == f"👨\u200d👩\u200d👧 {flag} 計画\u3000案"


@pytest.mark.parametrize("argv", [
    ("project", "export", "1", "--out", f"{BAD}.json"),
    ("baseline", "diff", "--project", "1", "--from", "x", "--out", f"{BAD}.md"),
    ("export", "proposal", "--project", "1", "--out", "ok.md", "--report", f"{BAD}.json"),
    ("export", "wiki", "--project", "1", "--out", f"{BAD}\u202e"),
    ("project", "copy", "1", "--to", f"{BAD}.sqlite3"),
])
def test_every_file_to_write_named_with_a_control_character_is_refused(cli, demo, tmp_path: Path, argv) -> None:
    before = sorted(tmp_path.iterdir())
    line = one_line(*cli(*argv))
    assert "見える文字だけ" in line and "\\x1b[31m\\n" in line, line
    assert sorted(tmp_path.iterdir()) == before  # nothing written


def test_a_folder_with_an_odd_name_still_takes_an_export(cli, demo, tmp_path: Path) -> None:
    """Only the name written is held to visible characters: the folder it goes into is the user's."""
    folder = tmp_path / "作業\u3000フォルダー"
    folder.mkdir()
    code, out, err = cli("project", "export", "1", "--out", str(folder / "計画.json"))
    assert code == 0 and (folder / "計画.json").exists(), err


def test_a_usage_mistake_echoes_what_was_typed_escaped(cli) -> None:
    code, out, err = cli("projects", "list", "--nope\x1b]0;owned\x07")
    assert code == 2 and not RAW.search(err) and len(err.strip().splitlines()) == 1, err


def test_json_output_escapes_what_json_dumps_leaves_raw(cli, demo, db_path: Path) -> None:
    name = "計画\x7f\x9b31m\u202eevil\u2028x"
    with sqlite3.connect(db_path) as con:
        con.execute("UPDATE projects SET name = ? WHERE id = ?", (name, demo.id))
    code, out, _ = cli("projects", "list", "--json")
    assert code == 0 and not RAW.search(out.replace("\n", ""))
    assert json.loads(out)[0]["name"] == name  # the same JSON for a script
    code, out, _ = cli("projects", "list")
    assert code == 0 and not RAW.search(out.replace("\n", "")) and len(out.strip().splitlines()) == 1, out

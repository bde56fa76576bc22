"""fix27a: one rule for what a terminal must not get raw, now also for a ZWJ or tag characters outside
an emoji and for the imports' previews and summaries; the database ``--db`` creates is named with
visible characters like every file a command writes; a name that only looks blank is none."""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

import pytest

from app.cli.output import json_text
from app.core.errors import ValidationFailed
from app.core.files.visible_text import fold_name, printable_name
from app.core.kinds import apply_after_preview, say
from app.core.projects import clean_name
from app.main import main

FAMILY = "👨\u200d👩\u200d👧"
FLAG = "\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f"


def test_a_zwj_or_tag_is_kept_inside_an_emoji_and_escaped_elsewhere() -> None:
    assert printable_name(f"{FAMILY} {FLAG}") == f"{FAMILY} {FLAG}"
    assert printable_name("E\u200dF\U000e0041") == "E\\u200dF\\U000e0041"
    assert printable_name("\u200d👩 a\U000e0067") == "\\u200d👩 a\\U000e0067"  # no pictograph before; no 🏴
    # the same emoji fold_name keeps, the same stray characters it drops
    assert fold_name(f"E\u200dF\U000e0041 {FAMILY}") == f"EF {FAMILY}"


def test_json_output_escapes_a_stray_zwj_and_keeps_an_emoji() -> None:
    text = json_text({"a": "E\u200dF", "b": FAMILY})
    assert "\u200d" not in text.split('"b"')[0] and FAMILY in text
    assert json.loads(text) == {"a": "E\u200dF", "b": FAMILY}  # the same data for a script


@pytest.mark.parametrize("blank", ["\u3164", "\uffa0", "\u2800", "\u00a0", "\u3164\u2800\u00a0"])
def test_a_name_that_only_looks_blank_is_no_name(blank: str) -> None:
    assert fold_name(blank) == ""
    with pytest.raises(ValidationFailed):
        clean_name(blank)
    assert fold_name(f"計画{blank}") == "計画"  # "計画" and "計画ㅤ" look the same: the same name


def test_the_import_lines_are_printed_escaped(capsys) -> None:
    args = argparse.Namespace(dry_run=False, yes=True, global_lang="en")
    say("title \u202eexe", "  ~ 1.2 E\u200dF")
    assert apply_after_preview(args, True, lambda: ["applied", "kept \x1b[31mred"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "title \\u202eexe", "  ~ 1.2 E\\u200dF", "applied", "kept \\x1b[31mred"]


@pytest.mark.parametrize("db", ["n\u200d.sqlite3", "sqlite:///n\x1b[31m.sqlite3", "\u3164"])
def test_a_new_database_named_with_an_invisible_character_is_refused(db: str, tmp_path: Path, monkeypatch, capsys) -> None:
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    code = main(["--lang", "ja", "--db", db, "project", "new", "X"])
    out = capsys.readouterr()
    assert code == 2 and not out.out and len(out.err.strip().splitlines()) == 1, out
    assert "--db" in out.err and "見える文字だけ" in out.err
    assert list(here.iterdir()) == []  # nothing created


def test_an_existing_database_is_opened_whatever_its_name(demo, db_path: Path, tmp_path: Path, capsys) -> None:
    odd = tmp_path / "old\x1b[31m.sqlite3"
    shutil.copyfile(db_path, odd)
    assert main(["--lang", "ja", "--db", str(odd), "projects", "list"]) == 0
    assert demo.name in capsys.readouterr().out


@pytest.mark.parametrize("name", ["\u3164", " ", "\u2800\u00a0"])
def test_an_output_name_with_nothing_visible_is_refused(name: str, demo, db_path: Path, tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    before = sorted(tmp_path.iterdir())
    code = main(["--lang", "ja", "--db", str(db_path), "project", "export", str(demo.id), "--out", name])
    err = capsys.readouterr().err
    assert code == 2 and "--out" in err and len(err.strip().splitlines()) == 1, err
    assert sorted(tmp_path.iterdir()) == before

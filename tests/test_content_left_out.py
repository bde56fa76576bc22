"""A content file of the user's that does not load (a typo in their own copy of a checklist) is said,
not silently replaced by the shipped one: on the command line a warning line, in the window the status
bar (tests/test_breaker21a.py: test_a_broken_own_checklist_is_said_when_the_window_starts)."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli.main import main
from app.core import paths
from app.core.content import loader

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def own_copy_with_a_typo() -> Path:
    own = paths.user_checklists_dir() / "自分用 ヒアリング.yaml"
    own.parent.mkdir(parents=True)
    text = (REPO / "checklists" / "hearing.yaml").read_text(encoding="utf-8")
    own.write_text(text.replace("kind: text", "kind: textt", 1), encoding="utf-8")
    loader.reset_default_library()
    yield own
    loader.reset_default_library()


def test_the_message_names_the_file_and_what_is_wrong(own_copy_with_a_typo: Path) -> None:
    library = loader.load_library()
    message = loader.left_out_message(library)
    assert message is not None
    assert message.text("ja") == (f"{own_copy_with_a_typo}: hearing.basics.background: kind: check、text、choice、multi、"
                                  "number、date、table のどれでもありません。このファイルは直すまで使われません"
                                  "(確認: mlops-kickoff templates validate)")
    assert message.text("en").endswith("kind: not one of: check, text, choice, multi, number, date, table. "
                                       "The file is left out until it is fixed (check it with: mlops-kickoff templates validate)")
    second = own_copy_with_a_typo.with_name("二つ目.yaml")
    second.write_text("type: checklist\n", encoding="utf-8")
    assert "(and 1 more problem). The file is left out" in str(loader.left_out_message(loader.load_library()))
    assert loader.left_out_message(loader.load_library([REPO / "checklists"])) is None


def test_a_command_that_reads_the_content_warns_in_one_line_and_still_succeeds(
    own_copy_with_a_typo: Path, db_path: Path, tmp_path: Path, capsys
) -> None:
    assert main(["--db", str(db_path), "--lang", "ja", "demo"]) == 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"警告: {own_copy_with_a_typo}: ") and "直すまで使われません" in err
    assert main(["--db", str(db_path), "--lang", "en", "export", "proposal", "--project", "1", "--out", str(tmp_path / "p.md")]) == 0
    err = capsys.readouterr().err
    assert [line for line in err.splitlines() if line.startswith("warning: ")] == [
        f"warning: {own_copy_with_a_typo}: hearing.basics.background: kind: not one of: check, text, choice, multi, number, "
        "date, table. The file is left out until it is fixed (check it with: mlops-kickoff templates validate)"
    ]


def test_a_command_that_does_not_read_the_content_says_nothing_of_it(own_copy_with_a_typo: Path, db_path: Path, capsys) -> None:
    assert main(["--db", str(db_path), "--lang", "ja", "holidays", "list"]) == 0
    assert capsys.readouterr().err == ""

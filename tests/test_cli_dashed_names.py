"""A name starting with "-" where a command takes a name (``project new -foo``, ``project rename 2 -bar``): taken as
the name, as a value starting with "-" is for an option (argparse said the name was missing); a token that cannot
be a name stays a usage mistake in one line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.main import main


@pytest.fixture
def cli(db_path: Path, capsys):
    def run(*argv: str) -> tuple[int, str, str]:
        try:
            code = main(["--db", str(db_path), "--lang", "ja", *argv])
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        out = capsys.readouterr()
        return code, out.out, out.err

    return run


def names(cli) -> dict[int, tuple[str, str]]:
    code, out, _ = cli("projects", "list", "--json")
    assert code == 0
    return {row["id"]: (row["name"], row["customer"]) for row in json.loads(out)}


def test_a_new_project_named_with_a_leading_dash_before_or_after_its_options(cli) -> None:
    code, out, err = cli("project", "new", "-foo", "--customer", "-顧客")
    assert (code, err) == (0, "") and names(cli)[int(out)] == ("-foo", "-顧客")
    code, out, err = cli("project", "new", "--customer", "株式会社A", "-ｂａｒ 案件")
    assert (code, err) == (0, "") and names(cli)[int(out)] == ("-ｂａｒ 案件", "株式会社A")


def test_rename_and_delete_by_names_with_a_leading_dash(cli) -> None:
    code, out, _ = cli("project", "new", "Alpha")
    project = int(out)
    assert cli("project", "rename", str(project), "-bar")[0] == 0
    assert cli("project", "rename", "-bar", "-baz")[0] == 0
    assert names(cli)[project][0] == "-baz"
    code, _out, err = cli("project", "delete", "-baz", "--yes")
    assert (code, err) == (0, "") and project not in names(cli)


@pytest.mark.parametrize(("args", "said"), [
    (("project", "new", "-c", "X"), "知らない指定です: X"),  # two names for one place: the one too many named
    (("project", "new", "a", "b"), "知らない指定です: b"),
    (("project", "new", "--custmer", "x", "y"), "知らない指定です: --custmer"),  # a long option is never a name
    (("project", "new",), "次の指定がありません: NAME"),
])  # fmt: skip
def test_what_cannot_be_a_name_is_still_one_usage_line_and_creates_nothing(cli, args, said) -> None:
    code, out, err = cli(*args)
    assert code == 2 and not out and said in err and len(err.strip().splitlines()) == 1
    assert names(cli) == {}


def test_rename_says_the_old_name_beside_the_new_as_archive_and_delete_do(cli) -> None:
    project = cli("project", "new", "画像検索 PoC")[1].strip()
    code, out, _ = cli("project", "rename", project, "-第2期")
    assert code == 0 and out.strip() == f"プロジェクト {project}(「画像検索 PoC」)の名前を「-第2期」に変更しました"

"""A stale hearing sheet: each conflicting answer (now, later) is its own choice, in the core, in one undo
step and on the command line (``--prefer-sheet ITEM[:now|later]``, repeatable, beside the one ``--prefer``).

The scene (breaker59a): the sheet goes out; the app then holds 利用者数(DS) now 4 / later 8; the customer
writes 3 / 10. Taking the sheet's 'now' must leave the app's newer 'later' (8) as it is.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core import operations as ops
from app.hearing import operations as hearing_ops
from app.hearing.answers import AnswerService
from app.hearing.sheet import export_hearing_sheet
from app.hearing.sheet_import import apply_plan, read_plan
from tests.test_hearing_sheet import fill
from tests.test_messages_hearing_planning import run

USERS_DS = "hearing.prereq.users_ds"
USERS_SWE = "hearing.prereq.users_swe"


@pytest.fixture
def stale(workspace, demo, tmp_path: Path) -> Path:
    """The sheet as the customer sent it back, after the app changed both answers of 利用者数(DS)."""
    sheet = export_hearing_sheet(workspace, demo.id, tmp_path / "hearing.xlsx", "ja")
    AnswerService(workspace.db, workspace.library).update(demo.id, USERS_DS, value=4, later=8)
    return fill(sheet, tmp_path / "filled.xlsx", {USERS_DS: {"answer": 3, "answer_later": 10}, USERS_SWE: {"answer": 2}})


def stored(workspace, demo) -> tuple[object, object]:
    answer = AnswerService(workspace.db, workspace.library).answer(demo.id, USERS_DS)
    return answer.value, answer.later


def test_the_core_takes_a_choice_per_field_and_keeps_the_older_forms(workspace, demo, stale: Path) -> None:
    plan = read_plan(workspace, demo.id, stale)
    assert sorted(c.field for c in plan.conflicts) == ["later", "value"]
    apply_plan(workspace, plan, {(USERS_DS, "value"): "sheet"})  # the sheet's now; the app's newer later
    assert stored(workspace, demo) == (3, 8)


@pytest.mark.parametrize(("prefer", "expected"), [
    ("app", (4, 8)),
    ("sheet", (3, 10)),
    ({USERS_DS: "sheet"}, (3, 10)),  # per item: each conflicting field of it, as before
    ({USERS_DS: "sheet", (USERS_DS, "later"): "app"}, (3, 8)),  # a field's own choice over its item's
    ({(USERS_DS, "later"): "sheet"}, (4, 10)),
])  # fmt: skip
def test_every_form_of_the_choice(workspace, demo, stale: Path, prefer, expected) -> None:
    apply_plan(workspace, read_plan(workspace, demo.id, stale), prefer)
    assert stored(workspace, demo) == expected
    assert AnswerService(workspace.db, workspace.library).answer(demo.id, USERS_SWE).value == 2  # no conflict: taken


def test_a_choice_per_field_is_one_undo_step(workspace, demo, stale: Path) -> None:
    plan = read_plan(workspace, demo.id, stale)
    change = ops.run(workspace, hearing_ops.import_hearing_sheet(plan, {(USERS_DS, "value"): "sheet"}))
    assert change.detail == 2 and stored(workspace, demo) == (3, 8)
    ops.run(workspace, ops.undo_op(change))
    assert stored(workspace, demo) == (4, 8)
    assert AnswerService(workspace.db, workspace.library).answer(demo.id, USERS_SWE).value != 2


def test_the_cli_takes_the_sheets_now_only(workspace, demo, db_path: Path, stale: Path, capsys) -> None:
    code, out, err = run(db_path, capsys, "import", "hearing-sheet", str(stale), "--project", str(demo.id), "--yes",
                         "--prefer-sheet", f"{USERS_DS}:now")
    assert code == 0, err  # (stderr: the baseline hint)
    assert "競合: 書き出した後にアプリで変更された回答があります。利用者数(DS)の回答 はシートの値を使い、ほかはアプリの値を残します" in out
    assert stored(workspace, demo) == (3, 8)


def test_the_cli_names_an_item_by_its_label_in_either_language(workspace, demo, db_path: Path, stale: Path, capsys) -> None:
    args = ["import", "hearing-sheet", str(stale), "--project", str(demo.id), "--yes"]
    code, out, err = run(db_path, capsys, "--lang", "en", *args, "--prefer-sheet", "Users: data scientists:later")
    assert code == 0, err  # (stderr: the baseline hint) an English label holds a colon: the last one names the answer
    assert ("conflicts: answers changed in the app since the export; taking the sheet's values for "
            "Answer (later) of Users: data scientists, keeping the app's for the others") in out
    assert stored(workspace, demo) == (4, 10)


def test_the_cli_label_alone_takes_each_conflicting_answer_of_the_item(workspace, demo, db_path: Path, stale: Path, capsys) -> None:
    code, out, err = run(db_path, capsys, "import", "hearing-sheet", str(stale), "--project", str(demo.id), "--yes",
                         "--prefer-sheet", "利用者数（ＤＳ）")  # typed full-width
    assert code == 0, err  # (stderr: the baseline hint)
    assert "競合: 書き出した後にアプリで変更された回答があります。シートの値を使います" in out
    assert stored(workspace, demo) == (3, 10)


def test_the_cli_repeats_the_option_and_takes_the_column_label(workspace, demo, db_path: Path, stale: Path, capsys) -> None:
    code, _, err = run(db_path, capsys, "import", "hearing-sheet", str(stale), "--project", str(demo.id), "--yes",
                       "--prefer-sheet", f"{USERS_DS}:回答(これから)", "--prefer-sheet", f"{USERS_DS}:回答")
    assert code == 0, err
    assert stored(workspace, demo) == (3, 10)


def test_the_cli_refuses_what_names_no_conflict_and_changes_nothing(workspace, demo, db_path: Path, stale: Path, capsys) -> None:
    for typed in (USERS_SWE, f"{USERS_DS}:note", "利用者数(SWE)"):  # no conflict there; no such answer; a typo
        code, out, err = run(db_path, capsys, "import", "hearing-sheet", str(stale), "--project", str(demo.id), "--yes",
                             "--prefer-sheet", typed)
        assert code == 2 and out == [], (typed, out)
        assert f"--prefer-sheet 「{typed}」: このシートの競合にはありません(競合: 利用者数(DS)の回答、利用者数(DS)の回答(これから))" in err
        assert "hearing." not in err.replace(typed, "")  # items by label, answers by column, never an id of ours
    assert stored(workspace, demo) == (4, 8)
    assert AnswerService(workspace.db, workspace.library).answer(demo.id, USERS_SWE).value != 2


def test_the_cli_refuses_a_choice_on_a_sheet_without_conflicts(workspace, demo, db_path: Path, tmp_path: Path, capsys) -> None:
    sheet = export_hearing_sheet(workspace, demo.id, tmp_path / "hearing.xlsx", "ja")
    filled = fill(sheet, tmp_path / "filled.xlsx", {USERS_DS: {"answer": 3}})
    code, out, err = run(db_path, capsys, "--lang", "en", "import", "hearing-sheet", str(filled), "--project", str(demo.id),
                         "--yes", "--prefer-sheet", USERS_DS)
    assert code == 2 and out == []
    assert "--prefer-sheet “hearing.prereq.users_ds”: this sheet has no conflicts" in err
    assert AnswerService(workspace.db, workspace.library).answer(demo.id, USERS_DS).value != 3


def test_the_keep_hint_and_the_help_name_the_per_answer_choice(demo, db_path: Path, stale: Path, capsys) -> None:
    code, out, _ = run(db_path, capsys, "import", "hearing-sheet", str(stale), "--project", str(demo.id), "--dry-run")
    assert code == 0 and any("--prefer-sheet 項目[:now|later]" in line for line in out)
    with pytest.raises(SystemExit):
        run(db_path, capsys, "import", "hearing-sheet", "--help")
    assert "--prefer-sheet ITEM[:now|later]" in capsys.readouterr().out

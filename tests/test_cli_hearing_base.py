"""``hearing answer --base UPDATED_AT``: a script's read-modify-write that never overwrites a colleague.  The time an
answer was last changed comes from ``hearing list --json`` (``updated_at``); given back as ``--base``, the answer is
written only when nobody changed it since, else one line in the UI language naming the item, when it changed and by
whom, exit 2, nothing changed."""

from __future__ import annotations

import json

from app.hearing.answers import AnswerService
from tests.test_cli_hearing import cli, digest, ok, one_line

BACKGROUND = "hearing.basics.background"  # 背景・課題, answered in the demo
AVC = "hearing.basics.accuracy_avc"  # not answered in the demo


def listed(db_path, demo, item: str) -> dict:
    items = json.loads(ok(cli(db_path, "hearing", "list", "--project", str(demo.id), "--json")))
    return next(entry for entry in items if entry["id"] == item)


def test_an_answer_unchanged_since_it_was_read_is_written(demo, db_path, workspace) -> None:
    base = listed(db_path, demo, BACKGROUND)["updated_at"]
    assert base
    ok(cli(db_path, "hearing", "answer", "--project", str(demo.id), "--item", "背景・課題", "--value", "読んだ上で書き直した", "--base", base))
    assert AnswerService(workspace.db, workspace.library).answer(demo.id, BACKGROUND).value == "読んだ上で書き直した"
    assert listed(db_path, demo, BACKGROUND)["updated_at"] != base  # the next read has the new time


def test_an_answer_a_colleague_changed_since_it_was_read_is_refused_naming_it_when_and_who(demo, db_path, workspace) -> None:
    base = listed(db_path, demo, BACKGROUND)["updated_at"]
    ok(cli(db_path, "hearing", "answer", "--project", str(demo.id), "--item", BACKGROUND, "--value", "佐藤が先に書いた", author="佐藤 花子"))
    before = digest(db_path)
    result = cli(db_path, "hearing", "answer", "--project", str(demo.id), "--item", BACKGROUND, "--value", "古い版からの上書き", "--base", base)
    assert result.returncode == 2
    line = one_line(result.stderr, "ja")
    assert "背景・課題" in line and "佐藤 花子" in line and "何も変更していません" in line and BACKGROUND not in line, line
    assert digest(db_path) == before
    assert AnswerService(workspace.db, workspace.library).answer(demo.id, BACKGROUND).value == "佐藤が先に書いた"
    english = cli(db_path, "hearing", "answer", "--project", str(demo.id), "--item", BACKGROUND, "--note", "x", "--base", base, lang="en")
    assert english.returncode == 2 and "Background" in one_line(english.stderr, "en") and "nothing was changed" in english.stderr


def test_an_item_never_answered_is_based_on_null_and_refused_once_someone_answered_it(demo, db_path, workspace) -> None:
    assert listed(db_path, demo, AVC)["updated_at"] is None
    ok(cli(db_path, "hearing", "answer", "--project", str(demo.id), "--item", AVC, "--value", "最初の回答", "--base", "null"))
    result = cli(db_path, "hearing", "answer", "--project", str(demo.id), "--item", AVC, "--value", "別の最初の回答", "--base", "null")
    assert result.returncode == 2 and "AVC" in one_line(result.stderr, "ja")
    assert AnswerService(workspace.db, workspace.library).answer(demo.id, AVC).value == "最初の回答"


def test_a_base_that_is_no_time_is_one_line_and_nothing_changed(demo, db_path) -> None:
    before = digest(db_path)
    result = cli(db_path, "hearing", "answer", "--project", str(demo.id), "--item", BACKGROUND, "--value", "x", "--base", "昨日")
    assert result.returncode == 2 and "--base" in one_line(result.stderr, "ja") and "昨日" in result.stderr
    assert digest(db_path) == before

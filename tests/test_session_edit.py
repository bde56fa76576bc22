"""A hearing session's date, title, attendees and notes (the minutes' heading and メモ) edited after it
started: one operation and one undo step, refused over a colleague's change, refused when too long or
outside the dates a plan holds; the minutes say what was saved."""

from __future__ import annotations

import datetime as dt

import pytest

from app.core.errors import ConflictError, ValidationFailed
from app.core.limits import TextTooLong
from app.core.operations import redo_op, run, undo_op
from app.hearing.minutes import minutes_markdown
from app.hearing.operations import update_session
from app.hearing.sessions import SessionService


def test_notes_and_attendees_saved_undone_and_redone(workspace, demo) -> None:
    sessions = SessionService(workspace.db)
    first = sessions.get(demo.id, 1)
    change = run(workspace, update_session(demo.id, 1, base={"notes": first.notes, "attendees": first.attendees},
                                           notes="決定: 評価データは店舗Aの1万枚\n宿題: 顧客がクリック率を共有", attendees=["山田(PL)", "佐藤"]))
    assert change.changed and change.restore is not None
    saved = sessions.get(demo.id, 1)
    assert saved.attendees == ["山田(PL)", "佐藤"] and saved.notes.startswith("決定: 評価データ")
    minutes = minutes_markdown(workspace, demo.id, 1, "ja")
    assert "## メモ" in minutes and "決定: 評価データは店舗Aの1万枚" in minutes and "山田(PL)" in minutes
    assert minutes.index("## メモ") < minutes.index("## 確認した事項")  # decisions first, as a 議事録 reads
    run(workspace, undo_op(change))
    back = sessions.get(demo.id, 1)
    assert (back.notes, back.attendees) == (first.notes, first.attendees)
    assert "決定: 評価データ" not in minutes_markdown(workspace, demo.id, 1, "ja")
    run(workspace, redo_op(change))
    assert sessions.get(demo.id, 1).notes.startswith("決定: 評価データ")


def test_a_colleagues_change_is_not_overwritten(workspace, demo) -> None:
    sessions = SessionService(workspace.db)
    shown = sessions.get(demo.id, 1)
    run(workspace, update_session(demo.id, 1, notes="佐藤さんのメモ"))  # another window, meanwhile
    with pytest.raises(ConflictError) as caught:
        run(workspace, update_session(demo.id, 1, base={"notes": shown.notes}, notes="私のメモ"))
    assert caught.value.fields == ["notes"]
    assert sessions.get(demo.id, 1).notes == "佐藤さんのメモ"
    # The same value typed on both sides is no conflict; a field not changed here is not compared.
    run(workspace, update_session(demo.id, 1, base={"notes": shown.notes}, notes="佐藤さんのメモ"))
    run(workspace, update_session(demo.id, 1, base={"title": shown.title}, title="第1回ヒアリング(再)"))
    assert sessions.get(demo.id, 1).notes == "佐藤さんのメモ"


def test_an_undo_over_a_later_change_is_refused(workspace, demo) -> None:
    change = run(workspace, update_session(demo.id, 1, notes="A"))
    run(workspace, update_session(demo.id, 1, notes="B"))  # another window's edit after it
    with pytest.raises(ConflictError):
        run(workspace, undo_op(change))
    assert SessionService(workspace.db).get(demo.id, 1).notes == "B"


def test_bad_values_change_nothing_and_are_said_in_japanese(workspace, demo) -> None:
    sessions = SessionService(workspace.db)
    before = sessions.get(demo.id, 1)
    with pytest.raises(TextTooLong) as long_notes:
        run(workspace, update_session(demo.id, 1, notes="あ" * 100_001))
    assert "メモ" in long_notes.value.text("ja", workspace.library)
    with pytest.raises(ValidationFailed) as far:
        run(workspace, update_session(demo.id, 1, held_on=dt.date(2200, 1, 1), notes="kept?"))
    said = far.value.text("ja", workspace.library)
    assert "セッションの日付" in said and "2200" in said and "held_on" not in said
    with pytest.raises(TextTooLong):
        run(workspace, update_session(demo.id, 1, attendees=["山" * 500]))
    assert sessions.get(demo.id, 1) == before

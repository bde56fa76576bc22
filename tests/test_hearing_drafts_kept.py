"""Drafts (typing not saved yet) are kept on disk: a window that is gone (closed, crashed, killed)
leaves them to the next window on the database, shown as drafts and counted; a damaged or absurd
drafts file is set aside, said, never a crash. Also: amounts written with 千 / 万 / 億.
(breaker16p; the kill itself is in tests/test_breaker16p.py.)"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.core import paths
from app.core.errors import UserError
from app.hearing import drafts_file
from app.ui import messages
from app.ui.hearing.drafts import drafts_of
from tests.gui_helpers import close_window, make_window
from tests.test_nothing_lost_gui import open_item, stored

USERS_DS = "hearing.prereq.users_ds"  # a number, now / later, in 人
BACKGROUND = "hearing.basics.background"


@pytest.fixture(autouse=True)
def closing_with_drafts_confirmed(monkeypatch):
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)


def kept_files() -> list[Path]:
    return sorted(paths.drafts_dir().glob("*/*.json"))


def type_range(window, qtbot, text: str = "2〜3"):
    editor = open_item(window, qtbot, USERS_DS)
    editor.editors["value"].edit.setText(text)
    editor._edited("value", text)
    assert not editor.flush()  # a range is no number: a draft
    return editor


def test_a_draft_left_by_a_window_that_is_gone_comes_back_marked_and_counted(qtbot, db_path) -> None:
    first = make_window(qtbot, db_path, global_lang="ja")
    before = stored(first, USERS_DS).value
    type_range(first, qtbot)
    assert len(kept_files()) == 1
    close_window(first)  # closed with its draft (or crashed: tests/test_breaker16p.py kills one)
    assert len(kept_files()) == 1

    window = make_window(qtbot, db_path, global_lang="ja")
    qtbot.waitUntil(lambda: "1 件の下書きが未保存です" in window.save_label.text())
    editor = open_item(window, qtbot, USERS_DS)
    assert editor.editors["value"].edit.text() == "2〜3"
    assert editor.error_label.isVisibleTo(window) and "下書き" in editor.error_label.text()
    assert stored(window, USERS_DS).value == before  # a draft is never project data
    editor.editors["value"].edit.setText("3")
    editor._edited("value", "3")
    assert editor.flush()
    assert stored(window, USERS_DS).value == 3
    assert drafts_of(window.state).count() == 0 and kept_files() == []  # saved: nothing left on disk
    close_window(window)


def test_the_drafts_of_a_window_still_open_stay_its_own(qtbot, db_path) -> None:
    first = make_window(qtbot, db_path, global_lang="ja")
    type_range(first, qtbot)
    second = make_window(qtbot, db_path, global_lang="ja")
    assert drafts_of(second.state).count() == 0  # not shown twice, not saved behind the first's back
    editor = open_item(first, qtbot, USERS_DS)
    editor.editors["value"].edit.setText("4")
    editor._edited("value", "4")
    assert editor.flush() and kept_files() == []
    close_window(second)
    close_window(first)


def test_a_draft_of_a_project_that_is_not_this_one_is_kept_not_shown(qtbot, db_path) -> None:
    first = make_window(qtbot, db_path, global_lang="ja")
    type_range(first, qtbot)
    close_window(first)
    [path] = kept_files()
    document = json.loads(path.read_text(encoding="utf-8"))
    document["drafts"][0]["project_uuid"] = "a-project-of-another-database"
    path.write_text(json.dumps(document), encoding="utf-8")

    window = make_window(qtbot, db_path, global_lang="ja")
    assert drafts_of(window.state).count() == 0
    editor = type_range(window, qtbot, "5〜6")
    [path] = kept_files()  # the window's own file holds both
    drafts = json.loads(path.read_text(encoding="utf-8"))["drafts"]
    assert sorted(d["fields"]["value"] for d in drafts) == ["2〜3", "5〜6"]
    editor.editors["value"].edit.setText("5")
    editor._edited("value", "5")
    assert editor.flush()
    [path] = kept_files()
    assert [d["fields"]["value"] for d in json.loads(path.read_text(encoding="utf-8"))["drafts"]] == ["2〜3"]
    close_window(window)


@pytest.mark.parametrize("content", [b"{not json", b"\xff\xfe garbage", b'{"format": "something else", "drafts": []}',
                                     b"[" * 100_000 + b"]" * 100_000])
def test_a_damaged_drafts_file_is_set_aside_and_said_never_a_crash(qtbot, db_path, content) -> None:
    first = make_window(qtbot, db_path, global_lang="ja")
    type_range(first, qtbot)
    close_window(first)
    [path] = kept_files()
    path.write_bytes(content)

    window = make_window(qtbot, db_path, global_lang="ja")
    qtbot.waitUntil(lambda: "下書き" in window.save_label.text() and "読み込めませんでした" in window.save_label.text())
    assert drafts_of(window.state).count() == 0 and kept_files() == []
    [aside] = list(path.parent.glob(f"{path.name}.unreadable-*"))
    assert aside.read_bytes() == content  # kept as it was, for whoever wants to look
    type_answer_ok = open_item(window, qtbot, BACKGROUND)
    assert type_answer_ok.flush()
    close_window(window)


def test_an_absurdly_large_drafts_file_is_not_read(tmp_path, monkeypatch) -> None:
    path = tmp_path / "drafts.json"
    draft = drafts_file.StoredDraft(1, "uuid", USERS_DS, {"value": "x" * 2000}, "not a number")
    drafts_file.write_drafts(path, "sqlite:///x.sqlite3", [draft])
    assert drafts_file.read_drafts(path) == [draft]
    monkeypatch.setattr(drafts_file, "MAX_FILE_BYTES", 1000)
    with pytest.raises(UserError) as refused:
        drafts_file.read_drafts(path)
    assert refused.value.key == "drafts.unreadable" and not path.exists()
    drafts_file.write_drafts(path, "sqlite:///x.sqlite3", [])  # none left: no file
    assert not path.exists()


def test_a_damaged_entry_is_left_out_the_others_read(tmp_path) -> None:
    path = tmp_path / "drafts.json"
    good = drafts_file.StoredDraft(1, "uuid", USERS_DS, {"value": "2〜3"}, "not a number")
    drafts_file.write_drafts(path, "sqlite:///x.sqlite3", [good])
    document = json.loads(path.read_text(encoding="utf-8"))
    document["drafts"] += [None, {"project_id": "1", "item_id": USERS_DS}, {"project_id": 1, "project_uuid": "u", "item_id": "", "fields": {"value": 1}}]
    path.write_text(json.dumps(document), encoding="utf-8")
    assert drafts_file.read_drafts(path) == [good]


# --- amounts as Japanese writes them ---------------------------------------------------------------


@pytest.mark.parametrize(("typed", "number"), [("100万", 1_000_000), ("1.5万人", 15_000), ("3億", 300_000_000),
                                               ("1万2000", 12_000), ("1億2000万", 120_000_000), ("5千", 5000),
                                               ("5千万", 50_000_000), ("１万５千人", 15_000), ("2万名", 20_000)])
def test_amounts_with_man_and_oku_are_numbers(demo, workspace, typed, number) -> None:
    from app.hearing import AnswerService

    service = AnswerService(workspace.db, workspace.library)
    service.update(demo.id, USERS_DS, value=typed)
    assert service.answer(demo.id, USERS_DS).value == number


@pytest.mark.parametrize("typed", ["万", "1万2億", "2万万", "12千", "1万20000", "1億万", "1..5万", "百万", "1万ドル"])
def test_what_no_one_writes_as_an_amount_is_refused_as_typed(demo, workspace, typed) -> None:
    from app.hearing import AnswerService

    service = AnswerService(workspace.db, workspace.library)
    with pytest.raises(UserError) as refused:
        service.update(demo.id, USERS_DS, value=typed)
    assert typed in refused.value.text("ja", workspace.library)


def test_closing_asks_only_for_what_it_would_lose(qtbot, db_path, monkeypatch) -> None:
    """An answer kept as a draft comes back at the next start: closing does not ask about it; an
    edit a busy database kept waiting lives in the window only: closing asks."""
    asked: list[str] = []
    monkeypatch.setattr(messages, "confirm", lambda _parent, _title, text, *_a, **_k: asked.append(text) or False)
    window = make_window(qtbot, db_path, global_lang="ja")
    type_range(window, qtbot)
    assert window.close() and not asked  # kept on disk: nothing to ask
    window = make_window(qtbot, db_path, global_lang="ja")
    drafts_of(window.state).put(window.state.project_id, "wbs:1", {}, "使用中")  # a WBS edit waiting
    assert not window.close()  # asked, and the user said no: the window stays
    assert len(asked) == 1 and "未保存の下書きが 1 件" in asked[0]
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    close_window(window)


# --- a kept draft that no longer fits its item (the checklist changed, the file was edited) --------


ROWS = [{"name": "顧客DB", "owner": "情報システム部"}]


def keep_on_disk_as(qtbot, db_path, item_id: str, fields: dict) -> None:
    """A draft kept on disk by a window that is gone, whose item and fields are these."""
    first = make_window(qtbot, db_path, global_lang="ja")
    type_range(first, qtbot)
    close_window(first)
    [path] = kept_files()
    document = json.loads(path.read_text(encoding="utf-8"))
    document["drafts"][0]["item_id"], document["drafts"][0]["fields"] = item_id, fields
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")


def kept_fields(window, item_id: str) -> dict:
    draft = drafts_of(window.state).get(window.state.project_id, item_id)
    assert draft is not None, "the draft was dropped"
    return draft.fields


def test_rows_kept_for_a_text_item_are_shown_as_text_said_and_kept(qtbot, db_path) -> None:
    keep_on_disk_as(qtbot, db_path, BACKGROUND, {"value": ROWS, "note": 3})
    window = make_window(qtbot, db_path, global_lang="ja")
    before = stored(window, BACKGROUND)
    editor = open_item(window, qtbot, BACKGROUND)
    assert "顧客DB" in editor.editors["value"].edit.toPlainText()  # as text, to be fixed by hand
    assert editor.note.toPlainText() == "3"
    said = editor.error_label.text()
    label = window.state.workspace.library.item(BACKGROUND).label.get("ja")
    assert editor.error_label.isVisibleTo(window) and label in said and "そのまま表示できません" in said and "顧客DB" in said
    assert BACKGROUND not in said  # named by its label, never its id

    assert not editor.flush()  # the rows still do not fit: kept, never turned into text unasked
    assert kept_fields(window, BACKGROUND)["value"] == ROWS
    assert stored(window, BACKGROUND).value == before.value
    assert stored(window, BACKGROUND).note == "3"  # a number as the note is a note all the same
    close_window(window)
    window = make_window(qtbot, db_path, global_lang="ja")
    assert kept_fields(window, BACKGROUND)["value"] == ROWS  # still there at the next start
    editor = open_item(window, qtbot, BACKGROUND)
    editor.editors["value"].edit.setPlainText("顧客DB(情報システム部)")
    editor._edited("value", editor.editors["value"].value())
    assert editor.flush()  # fixed by hand: saved, the draft is gone
    assert stored(window, BACKGROUND).value == "顧客DB(情報システム部)"
    assert drafts_of(window.state).get(window.state.project_id, BACKGROUND) is None
    close_window(window)


def test_rows_kept_for_a_number_item_leave_the_stored_answer_shown(qtbot, db_path) -> None:
    keep_on_disk_as(qtbot, db_path, USERS_DS, {"value": ROWS, "answered_by": ["田中"], "followup_done": "はい"})
    window = make_window(qtbot, db_path, global_lang="ja")
    before = stored(window, USERS_DS)
    editor = open_item(window, qtbot, USERS_DS)
    shown_number = editor.editors["value"].edit.text()
    assert shown_number == ("" if before.value is None else f"{before.value:g}")  # the stored answer, not a blank
    assert editor.answered_by.text() == '["田中"]'
    said = editor.error_label.text()
    assert "そのまま表示できません" in said and "顧客DB" in said and "田中" in said
    editor.show_item(None)  # left: nothing typed over it, so nothing lost
    assert kept_fields(window, USERS_DS)["value"] == ROWS
    assert stored(window, USERS_DS).value == before.value
    close_window(window)


@pytest.mark.parametrize("value", [ROWS, 3, 2.5, True, {"checked": True, "text": ["x"]}, ["a", 1], [["row"]], [{"a": {"b": 1}}], "text"])
def test_no_editor_fails_on_a_value_of_another_kind(qtbot, workspace, value) -> None:
    from app.ui.hearing.value_editors import EDITORS, make_editor

    items = {item.kind: item for item in workspace.library.all_items()}
    assert set(items) == set(EDITORS)
    for kind, item in items.items():
        editor = make_editor(item, "ja", "answer_value")
        qtbot.addWidget(editor)
        fits = editor.set_value(value)  # never raises
        assert fits == editor.can_show(value), kind
        if not fits and editor.shows_as_text:
            shown = editor.value()  # shown as its words, to read and edit as text: never JSON
            assert shown.strip() and not any(mark in shown for mark in ('{"', '["', '":', "[[")), (kind, shown)


@pytest.mark.parametrize("marker", ["undo:1", "wbs:edit:3"])
def test_a_marker_of_a_step_held_in_memory_by_a_window_gone_is_not_counted_as_a_draft(qtbot, db_path, marker: str) -> None:
    """An undo waiting for the server, a WBS structure edit waiting for a busy database: held in the window's
    memory, counted in the drafts by a marker without fields. The window gone (killed), they cannot be made:
    the next window does not count them as unsaved typing forever (the typed drafts beside them stay)."""
    keep_on_disk_as(qtbot, db_path, USERS_DS, {"value": "2〜3"})
    [path] = kept_files()
    document = json.loads(path.read_text(encoding="utf-8"))
    document["drafts"].append({**document["drafts"][0], "item_id": marker, "fields": {}})
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")

    window = make_window(qtbot, db_path, global_lang="ja")
    qtbot.waitUntil(lambda: "1 件の下書きが未保存です" in window.save_label.text())
    assert [i for _p, i in drafts_of(window.state)._drafts] == [USERS_DS]
    close_window(window)


def test_the_turns_of_edits_kept_waiting_are_kept_on_disk_and_taken_over_before_the_windows_own(tmp_path) -> None:
    """The order edits were kept waiting in goes on disk with their drafts (fixwait): the next window saves them in it,
    before its own; a draft's fields typed one after another, nothing between, stay one edit."""
    path = tmp_path / "drafts.json"
    wbs = drafts_file.StoredDraft(1, "uuid", "wbs:t1", {"title": "一", "note": "三"}, "busy", turns={"title": 5, "note": 9})
    answer = drafts_file.StoredDraft(1, "uuid", USERS_DS, {"value": "二"}, "busy", turns={"": 7})
    old = drafts_file.StoredDraft(1, "uuid", "wbs:t2", {"title": "x"}, "busy")  # (kept by an older version: no turns)
    drafts_file.write_drafts(path, "sqlite:///x.sqlite3", [wbs, answer, old])
    assert drafts_file.read_drafts(path) == [wbs, answer, old]
    ranked = drafts_file.turns_before_ours({(1, "wbs:t1"): wbs.turns, (1, USERS_DS): answer.turns})
    assert ranked == {(1, "wbs:t1"): {"title": -3, "note": -1}, (1, USERS_DS): {"": -2}}
    together = drafts_file.turns_before_ours({(1, "wbs:t1"): {"title": 5, "note": 6}, (1, USERS_DS): {"": 7}})
    assert together == {(1, "wbs:t1"): {"title": -2, "note": -2}, (1, USERS_DS): {"": -1}}
    entry = json.loads(path.read_text(encoding="utf-8"))["drafts"][0]
    entry["turns"] = {"title": "5", "note": True, "x": 3}  # (a file edited by hand: only whole numbers read)
    assert drafts_file._draft(entry).turns == {"x": 3}

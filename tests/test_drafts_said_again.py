"""A draft kept on disk says why it is not saved in the language of the window that reads it: the
error is kept as data (its message id and parameters), not only as the words of the window that kept
it; a drafts file of the previous format (words only) still loads, its words shown as they were."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.core import paths
from app.core.errors import (
    AnswerValueError,
    ConflictError,
    DatabaseBusy,
    UserError,
    error_as_json,
    error_from_json,
)
from app.core.limits import TextTooLong
from app.core.messages import ItemRef, Label, Many, Message
from app.ui import messages
from app.ui.hearing.drafts import drafts_of
from tests.gui_helpers import close_window, make_window
from tests.test_nothing_lost_gui import open_item

USERS_DS = "hearing.prereq.users_ds"  # a number


@pytest.fixture(autouse=True)
def closing_with_drafts_confirmed(monkeypatch):
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)


def kept_files() -> list[Path]:
    return sorted(paths.drafts_dir().glob("*/*.json"))


def keep_a_range(qtbot, db_path) -> None:
    """A window in Japanese keeps 2〜3 typed in a number item as a draft, and is gone."""
    window = make_window(qtbot, db_path, global_lang="ja")
    editor = open_item(window, qtbot, USERS_DS)
    editor.editors["value"].edit.setText("2〜3")
    editor._edited("value", "2〜3")
    assert not editor.flush()
    assert "利用者数" in editor.error_label.text()
    close_window(window)


def test_an_answer_draft_kept_in_japanese_is_said_in_english_after_a_restart_in_english(qtbot, db_path) -> None:
    keep_a_range(qtbot, db_path)
    window = make_window(qtbot, db_path, global_lang="en")
    editor = open_item(window, qtbot, USERS_DS)
    said, typed = editor.error_label.text(), editor.editors["value"].edit.text()
    [draft] = drafts_of(window.state).errors()
    close_window(window)
    assert typed == "2〜3"
    assert "2〜3" in draft and "利用者数" not in draft and "Users" in draft, draft
    assert "利用者数" not in said, said


def test_a_drafts_file_of_the_previous_format_shows_its_words_as_they_were(qtbot, db_path) -> None:
    keep_a_range(qtbot, db_path)
    [path] = kept_files()
    document = json.loads(path.read_text(encoding="utf-8"))
    [entry] = document["drafts"]
    assert entry["cause"]["answer"]["item"] == USERS_DS
    del entry["cause"]  # as the previous version wrote it: the words only
    entry["error"] = "以前の版の言葉"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    window = make_window(qtbot, db_path, global_lang="en")
    [draft] = drafts_of(window.state).errors()
    editor = open_item(window, qtbot, USERS_DS)
    typed = editor.editors["value"].edit.text()
    close_window(window)
    assert draft == "以前の版の言葉" and typed == "2〜3"


def test_a_damaged_error_on_disk_shows_the_words_kept(qtbot, db_path) -> None:
    keep_a_range(qtbot, db_path)
    [path] = kept_files()
    document = json.loads(path.read_text(encoding="utf-8"))
    document["drafts"][0]["cause"] = {"key": "text.too_long", "params": {"field": {"type": "nonsense"}}}
    document["drafts"][0]["error"] = "保存された言葉"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    window = make_window(qtbot, db_path, global_lang="en")
    errors = drafts_of(window.state).errors()
    close_window(window)
    assert errors == ["保存された言葉"]


@pytest.mark.parametrize(
    "error",
    [
        TextTooLong(Label("顧客名", "Customer"), 123_456),
        UserError(key="drafts.not_shown", item=ItemRef(USERS_DS), value="2〜3"),
        UserError(key="text.too_long", field=Message(key="drafts.not_shown", item=Many((ItemRef(USERS_DS, None), "x", 3)), value="v"),
                  length="1", limit=2),
        UserError(key="text.too_long", field=UserError("in English", "日本語で"), length=12_345, limit=2.0),
        AnswerValueError(USERS_DS, "number", raw="2〜3"),
        AnswerValueError(USERS_DS, "number", raw=[1, 2]),
        ConflictError("answers", [USERS_DS], ["value"]),
        UserError("in English", "日本語で"),
    ],
)
def test_an_error_kept_as_data_says_the_same_in_both_languages(error) -> None:
    data = json.loads(json.dumps(error_as_json(error)))  # as the drafts file holds it
    again = error_from_json(data)
    assert again is not None
    assert type(again) is (UserError if type(error) is TextTooLong else type(error))  # said by its message id: a UserError
    for lang in ("ja", "en"):
        assert again.text(lang) == error.text(lang)
    if isinstance(error, ConflictError):
        assert (again.part, again.ids, again.fields) == (error.part, error.ids, error.fields)


def test_what_is_no_kept_error_reads_as_none() -> None:
    assert error_as_json(ValueError("x")) is None and error_as_json(None) is None
    assert isinstance(error_from_json(error_as_json(DatabaseBusy())), DatabaseBusy)
    for data in (None, "text", {"key": 3}, {"answer": {}}, {"key": "k", "params": {"a": {"type": "many"}}}):
        assert error_from_json(data) is None

"""A WBS cell's refused value is said back as the user wrote it, in the window's language: a date picked
or typed in the date editor (2300/01/01, beyond the dates a plan holds) as 「2300/01/01」 in Japanese,
never the ISO spelling the editor hands over (「2300-01-01」); 99999 days as 「99999」, never 「99999.0」."""

from __future__ import annotations

import datetime as dt

import pytest

from app.core.errors import FieldRefused
from app.wbs.checks import clean_fields
from tests.gui_helpers import make_window, settle, wbs_find
from tests.test_breaker43a import enter, open_cell, page, type_in

TASK = "データのバージョン管理"


@pytest.mark.parametrize(
    ("fields", "ja", "en"),
    [
        ({"start": dt.date(2300, 1, 1)}, "「2300/01/01」", "“2300-01-01”"),
        ({"finish": "2300/01/01"}, "「2300/01/01」", "“2300/01/01”"),  # typed text: as typed
        ({"estimate_days": 99999.0}, "「99999」", "“99999”"),
        ({"estimate_days": 1500.5}, "「1500.5」", "“1500.5”"),
        ({"estimate_days": "99999"}, "「99999」", "“99999”"),
    ],
)
def test_a_refused_value_is_said_as_each_language_writes_it(fields, ja, en) -> None:
    with pytest.raises(FieldRefused) as caught:
        clean_fields(fields)
    assert ja in caught.value.text("ja") and "-01-01」" not in caught.value.text("ja")
    assert ".0」" not in caught.value.text("ja")
    assert en in caught.value.text("en")


@pytest.mark.parametrize(("key", "typed", "expected"), [("start", "2300/01/01", "「2300/01/01」"), ("estimate_days", "99999", "「99999」")])
def test_a_cell_refused_in_the_japanese_window_says_it_as_typed(qtbot, db_path, said, key, typed, expected) -> None:
    window = make_window(qtbot, db_path, global_lang="ja")
    window.show_page("wbs")
    settle(window)
    task = wbs_find(page(window), TASK)
    editor = open_cell(window, qtbot, task, key)
    type_in(editor, typed)
    enter(qtbot, window, editor)
    assert any(expected in line for line in said), said

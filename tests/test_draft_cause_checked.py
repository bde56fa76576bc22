"""A draft's error read back from a drafts file (user data, maybe edited) is checked strictly: an
unknown message, a missing parameter, a wrong type or a deep nesting gives None (the words kept are shown)."""

from __future__ import annotations

import json

from app.core.errors import UnsafeWorkbookError, error_as_json, error_from_json
from app.core.messages import MAX_PARAM_DEPTH, Message, param_from_json


def test_a_nested_message_comes_back_as_it_was_said() -> None:
    error = UnsafeWorkbookError("a.xlsx", Message(key="workbook.doctype", part="xl/workbook.xml"), 5_000_000, 1_000_000, "bytes")
    again = error_from_json(error_as_json(error))
    assert again is not None and again.text("ja") == error.text("ja") and again.text("en") == error.text("en")


def test_an_unknown_or_incomplete_message_is_none() -> None:
    assert error_from_json({"key": "gone.away", "params": {}}) is None
    assert error_from_json({"key": "drafts.not_shown", "params": {"item": "x"}}) is None  # {value} missing
    nested = {"type": "message", "key": "gone.away", "params": {}}
    assert error_from_json({"key": "drafts.not_shown", "params": {"item": nested, "value": "v"}}) is None


def test_wrong_types_are_none() -> None:
    assert error_from_json({"answer": {"item": "x", "problem": "number", "raw": [1]}}) is None
    assert error_from_json({"answer": {"item": "x", "problem": "no such problem", "raw": "1"}}) is None
    assert error_from_json({"answer": {"item": "x", "problem": "number", "raw": "1", "allowed": [{}]}}) is None
    assert error_from_json({"conflict": {"part": "answers", "ids": [1], "fields": []}}) is None
    assert error_from_json({"conflict": {"part": "answers", "ids": ["a"]}}) is None
    assert error_from_json({"key": "drafts.not_shown", "params": {"item": {"type": "item", "id": 3}, "value": "v"}}) is None


def test_nesting_is_bounded_before_any_recursion_gets_deep() -> None:
    value: object = "x"
    for _ in range(MAX_PARAM_DEPTH):
        value = {"type": "many", "values": [value]}
    assert param_from_json(value) is not None
    for _ in range(5000):
        value = {"type": "many", "values": [value]}
    assert error_from_json({"key": "drafts.not_shown", "params": {"item": value, "value": "y"}}) is None


def test_a_refused_table_cell_kept_on_disk_still_names_its_row() -> None:
    from app.core.errors import AnswerValueError

    error = AnswerValueError("system.processes", "number", "abc", "volume")
    error.row = 3
    again = error_from_json(json.loads(json.dumps(error_as_json(error))))  # as the drafts file keeps it
    assert isinstance(again, AnswerValueError) and again.row == 3
    assert again.text("ja") == error.text("ja") and "3行目" in again.text("ja")
    assert error_from_json({"answer": {**error_as_json(error)["answer"], "row": "3"}}).row is None  # (a damaged file: no row)

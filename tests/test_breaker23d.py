"""breaker23d: failing tests for defects found attacking drafts kept on disk with their error as data,
check-cell readings and number boxes (each marked xfail strict: it fails until the defect is fixed)."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QLineEdit

from app.core.errors import ValidationFailed
from app.environment.service import EnvironmentService
from app.hearing.sheet_cells import check_answer
from app.ui import messages
from app.ui.hearing.drafts import drafts_of
from app.ui.widgets.number_box import WholeNumberBox
from tests.gui_helpers import close_window, make_window
from tests.test_drafts_said_again import USERS_DS, keep_a_range, kept_files
from tests.test_nothing_lost_gui import open_item

ETHICS = "hearing.prereq.ethics"  # a check item: 倫理上の問題
KEPT_WORDS = "保存された言葉"


@pytest.fixture(autouse=True)
def closing_with_drafts_confirmed(monkeypatch):
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)


# --- drafts kept on disk, their error as data, the file edited by hand ------------------------------


def edit_cause(cause) -> None:
    """The drafts file a killed window left, its error edited by hand (the words kept: KEPT_WORDS)."""
    [path] = kept_files()
    document = json.loads(path.read_text(encoding="utf-8"))
    document["drafts"][0]["cause"] = cause
    document["drafts"][0]["error"] = KEPT_WORDS
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")


def restarted_in_english(qtbot, db_path) -> tuple[list[str], str, str]:
    """The drafts' reasons, the hearing editor's error line and the typed value after a restart in English."""
    window = make_window(qtbot, db_path, global_lang="en")
    errors = drafts_of(window.state).errors()
    editor = open_item(window, qtbot, USERS_DS)
    said, typed = editor.error_label.text(), editor.editors["value"].edit.text()
    close_window(window)
    return errors, said, typed


def test_a_draft_whose_message_no_longer_exists_says_the_words_kept(qtbot, db_path) -> None:
    keep_a_range(qtbot, db_path)
    edit_cause({"key": "gone.away", "params": {"a": 1}})
    errors, said, typed = restarted_in_english(qtbot, db_path)
    assert typed == "2〜3"
    assert "gone.away" not in said and "{'a': 1}" not in said, said
    assert errors == [KEPT_WORDS], errors


@pytest.mark.parametrize("cause", [
    {"key": "drafts.not_shown", "params": {"item": {"type": "message", "key": "gone.away", "params": {"x": 1}}, "value": "v"}},
    {"answer": {"item": USERS_DS, "problem": "number", "raw": {"a": 1}}},
    {"answer": {"item": ["x"], "problem": "number", "raw": "2〜3"}},
    {"conflict": {"part": "answers", "ids": [{"a": 1}], "fields": []}},
])  # fmt: skip
def test_a_draft_cause_of_the_wrong_shape_shows_no_repr_nor_id(qtbot, db_path, cause) -> None:
    keep_a_range(qtbot, db_path)
    edit_cause(cause)
    errors, said, typed = restarted_in_english(qtbot, db_path)
    assert typed == "2〜3"
    for shown in (said, *errors):
        assert "{'" not in shown and "['" not in shown and "gone.away" not in shown, shown


def test_a_deeply_nested_draft_cause_never_stops_the_window(qtbot, db_path) -> None:
    keep_a_range(qtbot, db_path)
    value: object = "x"
    for _ in range(400):
        value = {"type": "many", "values": [value]}
    edit_cause({"key": "drafts.not_shown", "params": {"item": value, "value": "y"}})
    try:
        window = make_window(qtbot, db_path, global_lang="en")
    except RecursionError:
        window = None
    assert window is not None, "the window did not start"
    errors = drafts_of(window.state).errors()
    close_window(window)
    assert errors == [KEPT_WORDS]


# --- a check item's cell of a hearing sheet, as the customer meant it --------------------------------


def read(library, raw: str, lang: str = "ja"):
    try:
        return check_answer(library.item(ETHICS), raw, lang)
    except ValidationFailed:
        return "refused"


@pytest.mark.parametrize(("lang", "typed"), [("ja", "リスクなし"), ("ja", "とくになし"), ("ja", "現状では問題ありません"),
                                             ("ja", "現在は問題ありません"), ("ja", "今のところ特に問題ありません"),
                                             ("en", "None at this time")])  # fmt: skip
def test_a_clear_no_in_a_check_cell_is_read_as_no(library, lang, typed) -> None:
    assert read(library, typed, lang) == {"checked": False, "text": typed}


@pytest.mark.parametrize(("lang", "typed"), [("ja", "特になし(現時点)"), ("ja", "多分ない"), ("ja", "無いと思う"), ("ja", "○ 該当なし"),
                                             ("ja", "✔ なし"), ("en", "Does not apply"), ("en", "Doesn't apply")])  # fmt: skip
def test_a_no_in_a_check_cell_is_never_ticked(library, lang, typed) -> None:
    result = read(library, typed, lang)
    assert result == "refused" or result["checked"] is False, result


@pytest.mark.parametrize("typed", ["データがすくない", "データがスクナイ", "学習データが足りない"])
def test_a_description_in_kana_is_taken_as_in_kanji(library, typed) -> None:
    assert read(library, "データが少ない") == {"checked": True, "text": "データが少ない"}
    assert read(library, typed) == {"checked": True, "text": typed}


# --- number boxes ----------------------------------------------------------------------------------


def deletion_days(window):
    stored = EnvironmentService(window.state.workspace).stored(window.state.project_id)
    return stored.get("data_platform", {}).get("values", {}).get("deletion_days")


def deletion_box(window, qtbot) -> WholeNumberBox:
    window.show_page("data-ci")
    box = window.findChild(WholeNumberBox, "field_deletion_days")
    assert box is not None
    return box


def test_a_number_typed_past_the_limit_saves_no_prefix_of_it(qtbot, db_path) -> None:
    window = make_window(qtbot, db_path, global_lang="ja")
    box = deletion_box(window, qtbot)
    before, line = deletion_days(window), box.findChild(QLineEdit)
    box.setFocus()
    line.selectAll()
    qtbot.keyClicks(line, "4000")
    qtbot.keyClick(line, Qt.Key.Key_Tab)
    qtbot.wait(50)
    shown, stored = box.text(), deletion_days(window)
    close_window(window)
    assert shown == "4000"  # kept as typed, a draft
    assert stored == before, f"saved {stored} though 4000 was refused"


def test_the_wheel_over_an_unfocused_number_box_changes_nothing(qtbot, db_path) -> None:
    window = make_window(qtbot, db_path, global_lang="ja")
    box = deletion_box(window, qtbot)
    before, shown = deletion_days(window), box.value()
    assert not box.hasFocus()
    wheel = QWheelEvent(QPointF(5, 5), QPointF(box.mapToGlobal(QPoint(5, 5))), QPoint(0, 0), QPoint(0, 120), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)  # fmt: skip
    QApplication.sendEvent(box, wheel)
    qtbot.wait(50)
    after, stored = box.value(), deletion_days(window)
    close_window(window)
    assert (after, stored) == (shown, before)

"""Fix 58b: an English window on a system whose decimal point is a comma (en_DK; a box in da_DK or de_DE) showed an
estimate as 0,125 in the WBS's edit box but 0.125 in its cell. The box shows the number as the cell does (a point);
0,125 and 0.125 are both taken as typed, as before, and what is typed stays as typed until it is taken."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QLocale, Qt

from app.ui.wbs.columns import INDEX
from app.ui.widgets.number_box import NumberBox
from tests.gui_helpers import close_window, make_window, settle
from tests.test_breaker56b import open_estimate, stored_estimate, wbs_leaf
from tests.test_person_day_decimals import OFFSCREEN_POPUP, type_keys


@pytest.mark.qt_log_ignore(OFFSCREEN_POPUP)
@pytest.mark.parametrize("locale", ["en_DK", "da_DK", "de_DE"])
def test_a_person_day_box_in_a_comma_locale_shows_a_point_and_takes_either(qtbot, locale) -> None:
    box = NumberBox()
    qtbot.addWidget(box)
    box.setLocale(QLocale(locale))
    box.show_as_typed()
    box.set_limits(0, 1000)
    box.show()
    for value, text in ((0.125, "0.125"), (1234.75, "1234.75"), (3, "3"), (0.0625, "0.063")):
        box.set_kept(value)
        assert box.text() == text, (value, box.text())
    for typed, value in (("0,5", 0.5), ("0.25", 0.25), ("1.5", 1.5), ("2,125", 2.125)):
        box.setFocus()
        box.lineEdit().selectAll()
        type_keys(box.lineEdit(), typed)
        assert box.lineEdit().text() == typed  # as typed, until taken
        box.interpretText()
        assert box.value() == value and box.kept_value() == value, (typed, box.value())
        assert not box.property("refusedText"), box.property("refusedText")
    box.stepBy(1)  # an arrow: the box's own text, with the point
    assert box.text() == "3.125", box.text()


@pytest.mark.qt_log_ignore(OFFSCREEN_POPUP)
@pytest.mark.parametrize("typed", ["0,5", "0.5"])
def test_the_wbs_estimate_box_shows_what_its_cell_shows_in_an_english_window_on_a_comma_locale(qtbot, db_path, monkeypatch, typed) -> None:
    from app.ui import messages, translations

    previous = QLocale()
    shown: list[str] = []
    monkeypatch.setattr(messages, "show_error", lambda _parent, error, *a, **k: shown.append(str(error)))
    monkeypatch.setattr(translations, "ui_locale", lambda _lang: QLocale("en_DK"))
    window = make_window(qtbot, db_path, global_lang="en")
    try:
        page, task = wbs_leaf(window)
        page.commit(page.service.update(page.state.project_id, [task.id], estimate_days=0.125), "edit")
        settle(window)
        cell = page.model.data(page.model.index_of(task.id, INDEX["estimate_days"]))
        editor = open_estimate(page, qtbot, task.id)
        assert editor.locale().decimalPoint() == ","
        assert editor.text() == cell == "0.125", (editor.text(), cell)
        editor.lineEdit().selectAll()
        type_keys(editor.lineEdit(), typed)
        assert editor.lineEdit().text() == typed
        qtbot.keyClick(editor.lineEdit(), Qt.Key.Key_Return)
        settle(window)
        assert stored_estimate(page, task.id) == 0.5, shown
        assert page.model.data(page.model.index_of(task.id, INDEX["estimate_days"])) == "0.5"
        editor = open_estimate(page, qtbot, task.id)
        assert editor.text() == "0.5"
        qtbot.keyClick(editor.lineEdit(), Qt.Key.Key_Escape)
    finally:
        close_window(window)
        QLocale.setDefault(previous)

"""A number typed is never turned into another one unsaid (app/ui/widgets/number_box.py), and why a
draft is not saved is said in the window's language after a switch (app/ui/hearing/drafts.py)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QSpinBox, QTableView

from app.core.content.model import Localized
from app.core.errors import FieldRefused
from app.environment.service import EnvironmentService
from app.ui import messages
from app.ui.hearing.drafts import drafts_of
from app.ui.page import INVALID_BACKGROUND
from app.ui.widgets.number_box import NumberBox, WholeNumberBox
from app.wbs import company_calendar as cc
from tests.gui_helpers import close_window, environment_page, make_window, settle

# The offscreen platform cannot raise the tooltip a refused keystroke shows; not our warning.
OFFSCREEN_POPUP = r"This plugin does not support (raise\(\)|grabbing the keyboard)"


@pytest.fixture
def window(japanese_window):
    return japanese_window


def type_over(qtbot, box, text: str) -> None:
    box.setFocus()
    box.lineEdit().selectAll()
    qtbot.keyClicks(box, text)


def test_the_core_refuses_a_deletion_period_past_its_maximum_naming_the_field(workspace, demo) -> None:
    service = EnvironmentService(workspace)
    with pytest.raises(FieldRefused) as refused:
        service.set_value(demo.id, "deletion_days", 3651)
    assert "案件終了後の削除期限" in refused.value.text("ja") and "3650" in refused.value.text("ja")
    service.set_value(demo.id, "deletion_days", 3650)
    assert service.choices(demo.id, "ja").value("deletion_days") == 3650


def test_a_deletion_period_typed_past_its_range_stays_a_marked_draft_and_the_arrows_stay_within(window, qtbot) -> None:
    page = environment_page(window, qtbot, "data-ci")
    spin = page.findChild(QSpinBox, "field_deletion_days")
    type_over(qtbot, spin, "36500")  # a hundred years
    qtbot.keyClick(spin, Qt.Key.Key_Return)  # entered: a number box saves its number, not each digit
    settle(window)
    problem = page.findChild(QLabel, "environmentProblem").text()
    assert "案件終了後の削除期限" in problem and "36500" in problem and "3650" in problem, problem
    assert spin.text() == "36500" and INVALID_BACKGROUND in spin.styleSheet() and "36500" in spin.toolTip()
    assert EnvironmentService(window.state.workspace).choices(window.state.project_id, "ja").value("deletion_days") != 36500
    qtbot.keyClick(spin, Qt.Key.Key_End)  # (Enter selected the number)
    qtbot.keyClick(spin, Qt.Key.Key_Backspace)  # typed back to what fits: saved, no draft any more
    qtbot.keyClick(spin, Qt.Key.Key_Return)
    settle(window)
    assert EnvironmentService(window.state.workspace).choices(window.state.project_id, "ja").value("deletion_days") == 3650
    assert page.findChild(QLabel, "environmentProblem").text() == "" and not spin.styleSheet()
    qtbot.keyClick(spin, Qt.Key.Key_Up)  # the arrows stop at the field's maximum
    assert spin.value() == 3650 and (spin.minimum(), spin.maximum()) == (0, 3650)


@pytest.mark.qt_log_ignore(OFFSCREEN_POPUP)
def test_a_keystroke_a_number_box_refuses_is_said(qtbot) -> None:
    whole = WholeNumberBox()
    qtbot.addWidget(whole)
    whole.setRange(1, 365)  # the box's own rule: what leaves it is refused as it is typed, and said
    whole.show()
    type_over(qtbot, whole, "1000")
    assert whole.text() == "100" and "1" in whole.property("refusedText") and "365" in whole.property("refusedText")
    decimals = NumberBox()
    qtbot.addWidget(decimals)
    decimals.set_limits(0, 1000)
    decimals.setDecimals(2)
    decimals.show()
    type_over(qtbot, decimals, "2.555")
    assert decimals.text() == "2.55" and "2 decimals" in decimals.property("refusedText")
    type_over(qtbot, decimals, "1500")  # past the limits: kept as typed, for the core to refuse
    assert decimals.value() == 1500 and decimals.text() == "1500"
    decimals.setProperty("refusedText", "")
    type_over(qtbot, decimals, "-3")  # no negative number fits: the sign is refused, and said
    assert "3" not in decimals.text() and "0 to 1000" in decimals.property("refusedText"), decimals.text()


@pytest.mark.qt_log_ignore(OFFSCREEN_POPUP)
def test_an_estimate_typed_past_its_maximum_is_refused_by_the_core_not_cut_to_another_number(window, qtbot, said) -> None:
    from PySide6.QtWidgets import QDoubleSpinBox

    from app.ui.wbs.columns import INDEX

    window.show_page("wbs")
    page = window.page("wbs")
    tree = page.model.tree
    task = next(i for i in tree.tasks if not tree.children.get(i))  # a work task: its estimate is typed
    before = page.service.tree(page.state.project_id).tasks[task].estimate_days
    page.tree.edit(page.proxy.mapFromSource(page.model.index_of(task, INDEX["estimate_days"])))
    spin = page.tree.findChild(QDoubleSpinBox, "wbsEditor_estimate")
    type_over(qtbot, spin, "1500")
    assert spin.value() == 1500
    page.tree.commitData(spin)
    page.tree.closeEditor(spin, page.tree.itemDelegate().EndEditHint.NoHint)
    assert page.service.tree(page.state.project_id).tasks[task].estimate_days == before  # not 150
    assert any("1500" in text and "1000" in text for text in said), said


def test_a_year_end_year_typed_outside_the_plan_years_is_refused_naming_it(window, qtbot) -> None:
    from PySide6.QtWidgets import QPushButton

    from tests.test_settings_dialog import open_settings

    def year_end(dialog) -> None:
        tab = dialog.holidays
        type_over(qtbot, tab.year_spin, "202")  # 2026 meant: Qt's box kept 202 unfinished and added the year shown before
        tab.findChild(QPushButton, "addYearEnd").click()
        assert "202" in tab.message.text() and "2000年〜2100年" in tab.message.text(), tab.message.text()
        assert tab.list.count() == 0
        dialog.buttons.button(dialog.buttons.StandardButton.Cancel).click()

    open_settings(window, year_end)
    assert not cc.holidays(window.state.workspace.db)


def test_a_refused_cell_of_the_data_ci_page_is_explained_in_the_window_language_after_a_switch(window, qtbot) -> None:
    cells = environment_page(window, qtbot, "data-ci").findChild(QTableView, "locationsTable").model()
    assert not cells.setData(cells.index(0, 1), "s3://顧客 バケット/raw/")
    assert "パス" in cells.index(0, 1).data(Qt.ItemDataRole.ToolTipRole)
    window.set_ui_lang("en")
    settle(window)
    cells = environment_page(window, qtbot, "data-ci").findChild(QTableView, "locationsTable").model()
    assert cells.index(0, 1).data() == "s3://顧客 バケット/raw/"  # the draft is kept
    tip = cells.index(0, 1).data(Qt.ItemDataRole.ToolTipRole)
    assert "path" in tip.lower() and "パス" not in tip, tip


def test_every_draft_this_window_kept_says_why_in_the_new_language(window, qtbot) -> None:
    drafts, pid = drafts_of(window.state), window.state.project_id
    label = Localized(ja="リポジトリ名", en="Repository name")
    drafts.put(pid, "experiment:repo_name", {"value": "bad name!"}, FieldRefused(label, "bad name!", key="field.does_not_fit"))
    drafts.put(pid, "experiment:other", {"value": "x"}, "そのままの文")  # only its text known: kept as it is
    assert "リポジトリ名" in drafts.get(pid, "experiment:repo_name").error
    window.set_ui_lang("en")
    settle(window)
    assert "Repository name" in drafts.get(pid, "experiment:repo_name").error
    assert drafts.get(pid, "experiment:other").error == "そのままの文"
    assert all("リポジトリ名" not in text for text in drafts.errors()), drafts.errors()
    name = environment_page(window, qtbot, "experiment").findChild(QLineEdit, "field_repo_name")
    assert name.text() == "bad name!" and "Repository name" in name.toolTip()
    QApplication.processEvents()


def test_a_refused_field_is_said_under_the_form_again_after_a_language_switch(window, qtbot) -> None:
    """The page is made again in the new language: the field stayed red with its reason in English,
    but the line under the form, which said it in Japanese, was empty."""
    page = environment_page(window, qtbot, "data-ci")
    type_over(qtbot, page.findChild(QSpinBox, "field_deletion_days"), "5000")
    qtbot.keyClick(page.findChild(QSpinBox, "field_deletion_days"), Qt.Key.Key_Return)
    settle(window)
    assert "案件終了後の削除期限" in page.findChild(QLabel, "environmentProblem").text()
    window.set_ui_lang("en")
    page = environment_page(window, qtbot, "data-ci")
    spin = page.findChild(QSpinBox, "field_deletion_days")
    problem = page.findChild(QLabel, "environmentProblem").text()
    assert spin.text() == "5000" and "Delete within" in problem and "5000" in problem and "3650" in problem, problem


def test_a_number_being_typed_is_entered_when_the_window_moves_on(window, qtbot) -> None:
    """A number box saves when its number is entered (not at each digit: tests/test_breaker23d.py);
    one typed and not entered yet is saved before the language switches, as text being typed is."""
    page = environment_page(window, qtbot, "data-ci")
    spin = page.findChild(QSpinBox, "field_deletion_days")
    type_over(qtbot, spin, "45")
    assert EnvironmentService(window.state.workspace).choices(window.state.project_id, "ja").value("deletion_days") != 45
    window.set_ui_lang("en")
    assert EnvironmentService(window.state.workspace).choices(window.state.project_id, "ja").value("deletion_days") == 45
    window.undo_action.trigger()  # one step for the number, not one a digit
    assert EnvironmentService(window.state.workspace).choices(window.state.project_id, "ja").value("deletion_days") != 4


def test_a_number_being_typed_is_saved_when_the_window_closes(qtbot, db_path, monkeypatch) -> None:
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    win = make_window(qtbot, db_path, global_lang="ja")
    spin = environment_page(win, qtbot, "data-ci").findChild(QSpinBox, "field_deletion_days")
    type_over(qtbot, spin, "46")
    workspace, project_id = win.state.workspace, win.state.project_id
    win.close()  # (Ctrl+Q: the box keeps the focus)
    assert EnvironmentService(workspace).choices(project_id, "ja").value("deletion_days") == 46
    close_window(win)

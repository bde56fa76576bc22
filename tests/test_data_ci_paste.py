"""Ctrl+V in the Data platform & CI page's tables: cells copied from a spreadsheet pasted as one undo step
through the cells' own rules; cells a paste cannot take (a column that follows the hearing or the form,
rows past the last) said, a refused value said and nothing stored."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QTableView

from app.environment.service import EnvironmentService
from tests.gui_helpers import close_window, make_window, settle


@pytest.fixture
def window(qtbot, db_path):
    win = make_window(qtbot, db_path, global_lang="ja")
    yield win
    close_window(win)


@pytest.fixture
def told(monkeypatch) -> list[str]:
    from app.ui import messages

    shown: list[str] = []
    monkeypatch.setattr(messages, "show_info", lambda _p, text, *a, **k: shown.append(str(text)))
    monkeypatch.setattr(messages, "show_error", lambda _p, error, *a, **k: shown.append(str(error)))
    return shown


def _paste(window, qtbot, name: str, row: int, column: int, text: str) -> QTableView:
    window.show_page("data-ci")
    settle(window)
    view = window.page("data-ci").findChild(QTableView, name)
    view.setCurrentIndex(view.model().index(row, column))
    QApplication.clipboard().setText(text)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    settle(window)
    return view


def _locations(window) -> dict:
    return EnvironmentService(window.state.workspace).stored(window.state.project_id)["data_platform"].get("locations", {})


def test_pasted_locations_are_stored_as_one_undo_step(window, qtbot, told) -> None:
    window.show_page("data-ci")
    settle(window)
    before = _locations(window)
    view = _paste(window, qtbot, "locationsTable", 0, 1, "s3://customer/raw/\t担当者のみ\r\ns3://customer/processed/\t全員\r\n")
    model = view.model()
    assert [model.index(r, c).data() for r in (0, 1) for c in (1, 2)] == ["s3://customer/raw/", "担当者のみ", "s3://customer/processed/", "全員"]
    kinds = [model._key(r) for r in (0, 1)]
    assert _locations(window)[kinds[1]]["path"] == "s3://customer/processed/" and told == []
    window.undo_action.trigger()
    settle(window)
    assert _locations(window) == before  # the whole paste, one step
    assert model.index(0, 1).data() != "s3://customer/raw/"
    window.redo_action.trigger()
    settle(window)
    assert _locations(window)[kinds[0]]["access"] == "担当者のみ"


def test_a_refused_value_is_said_and_nothing_is_stored(window, qtbot, told) -> None:
    window.show_page("data-ci")
    settle(window)
    before = _locations(window)
    _paste(window, qtbot, "locationsTable", 0, 1, "s3://ok/\r\nrm -rf /; echo\r\n")  # the second path against the rule
    assert _locations(window) == before and len(told) == 1 and "rm -rf" in told[0]


def test_cells_a_paste_cannot_take_are_said_the_rest_pasted(window, qtbot, told) -> None:
    window.show_page("data-ci")
    settle(window)
    view = window.page("data-ci").findChild(QTableView, "locationsTable")
    model = view.model()
    label, last = model.index(0, 0).data(), model.rowCount() - 1
    _paste(window, qtbot, "locationsTable", 0, 0, f"{label}\ts3://same-label/\r\n")  # the table copied with its labels: nothing to say
    assert model.index(0, 1).data() == "s3://same-label/" and told == []
    _paste(window, qtbot, "locationsTable", last, 0, "顧客の保管場所\ts3://last/\r\n余分な行\ts3://extra/\r\n")
    assert model.index(last, 1).data() == "s3://last/" and model.rowCount() == last + 1
    assert len(told) == 1 and "入力できない列（データ）" in told[0] and "最後の行より下" in told[0]


def test_the_instance_catalogue_takes_a_pasted_price_list_as_typed(qtbot) -> None:
    from app.core.content.loader import default_library
    from app.system_planning import service as sp
    from app.ui.system_planning.catalogue_dialog import CatalogueDialog

    dialog = CatalogueDialog(sp.catalogue(default_library()), False, "ja")
    qtbot.addWidget(dialog)
    model, n = dialog.model, dialog.model.rowCount()
    dialog.view.setCurrentIndex(model.index(n - 1, 0))
    QApplication.clipboard().setText("my-cpu\t社内\ttokyo\t4\t16\t\t１，２００\r\nmy-gpu\t社内\ttokyo\t8\t64\t1\t3.5\r\n")
    dialog.view.setFocus()
    qtbot.keyClick(dialog.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    rows = model.rows()
    assert len(rows) == n + 1 and rows[n - 1]["name"] == "my-cpu" and rows[n - 1]["hourly_price"] == "１，２００"
    assert rows[n]["name"] == "my-gpu" and rows[n]["gpu"] == "1"

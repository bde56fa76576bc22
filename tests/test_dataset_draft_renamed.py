"""A red dataset cell whose data source is renamed in the hearing says its refusal under the source's new name, in
the window and after a restart (the tool tip and the kept draft named the old source)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.hearing.operations import update_answer
from app.ui.hearing.drafts import drafts_of
from app.ui.operations import run_op
from tests.gui_helpers import close_window, make_window, settle
from tests.test_breaker42b import SOURCES, data_page, row_of
from tests.test_nothing_lost_gui import stored


def test_a_refused_dataset_name_is_said_under_its_sources_new_name(qtbot, db_path, said) -> None:
    a = make_window(qtbot, db_path, global_lang="ja")
    try:
        page = data_page(a, qtbot)
        model = page.datasets_model
        assert not model.setData(model.index(1, 1), "商品 マスタ")  # a space: refused, kept red
        settle(a)
        assert "商品マスタ" in model.index(1, 1).data(Qt.ItemDataRole.ToolTipRole)
        rows = stored(a, SOURCES).value
        rows[1] = dict(rows[1], name="取引先マスタ")
        run_op(a.state, update_answer(a.state.project_id, SOURCES, value=rows), "rename")
        settle(a)
        cell = model.index(row_of(model, "取引先マスタ"), 1)
        assert cell.data() == "商品 マスタ"
        tip = cell.data(Qt.ItemDataRole.ToolTipRole)
        assert "取引先マスタ" in tip and "商品マスタ" not in tip, tip
        kept = [d for _k, d in drafts_of(a.state).kept(a.state.project_id, "data_ci:")]
        assert len(kept) == 1 and "取引先マスタ" in str(kept[0].why.params), kept[0].why.params
    finally:
        close_window(a)
    a = make_window(qtbot, db_path, global_lang="ja")  # the next day: the draft back, said under the new name
    try:
        model = data_page(a, qtbot).datasets_model
        tip = model.index(row_of(model, "取引先マスタ"), 1).data(Qt.ItemDataRole.ToolTipRole)
        assert "取引先マスタ" in tip and "商品マスタ" not in tip, tip
    finally:
        close_window(a)

"""The WBS owner filter: a role the catalogue does not list, typed in two widths (ＤＳＳ and DSS), is one choice
and one filter, as a person's name in two widths is one (tests/test_breaker61a.py)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox

from tests.gui_helpers import settle, wbs_shown
from tests.test_breaker61a import block, select, type_cell, window  # noqa: F401 (the fixture)


def test_an_unlisted_role_typed_in_two_widths_is_one_owner_choice_and_filters_both(window, qtbot, said) -> None:  # noqa: F811
    page = window.page("wbs")
    _top, kids = block(page)
    for task_id, role in zip(kids[:3], ("ＤＳＳ", "DSS", "dss"), strict=True):
        select(page, [task_id])
        type_cell(page, qtbot, task_id, "owner_role", role)
    assert said == []
    combo = page.findChild(QComboBox, "wbsFilterOwner")
    roles = [combo.itemData(i) for i in range(combo.count()) if str(combo.itemData(i) or "").lower() == "role:dss"
             or combo.itemText(i).upper() in ("DSS", "ＤＳＳ")]
    assert len(roles) == 1, roles
    combo.setCurrentIndex(combo.findData(roles[0]))
    settle(window)
    assert [title for title in wbs_shown(page) if title.startswith("作業")] == ["作業A", "作業B", "作業C"]

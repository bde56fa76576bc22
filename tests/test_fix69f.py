"""Fix 69f: long names and customers in the Projects dialog and the switcher, a long WBS title's tooltip, the focus
shown in a page's own scroll areas (tests/test_breaker69f.py has the break-it's own)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests import test_breaker69f as breaker
from tests.test_breaker69f import CUSTOMER, _projects_dialog, _properties

ja_window, long_name_and_its_copy = breaker.ja_window, breaker.long_name_and_its_copy  # (the break-it's fixtures)


def test_a_long_customer_is_cut_in_its_column_and_whole_in_its_tooltip(ja_window, monkeypatch) -> None:
    window = ja_window
    _properties(window, monkeypatch, customer=CUSTOMER)
    got = _projects_dialog(window, monkeypatch, lambda _d, table: {
        "tip": table.model().index(0, 1).data(Qt.ItemDataRole.ToolTipRole),
        "widths": [table.columnWidth(c) for c in range(4)], "room": table.viewport().width()})  # fmt: skip
    assert got["tip"] == CUSTOMER
    assert got["widths"][1] < got["room"] // 3 and got["widths"][0] >= got["room"] // 3, got  # the name keeps the most

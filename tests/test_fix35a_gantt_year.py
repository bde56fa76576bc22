"""fix35a: the Gantt's header says which year, in the window's date style, at every zoom, without overlapping."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QWidget

from tests.gui_helpers import make_window, settle


@pytest.fixture(params=["ja", "en"])
def window(request, qtbot, db_path, monkeypatch):
    monkeypatch.setenv("MLOPS_KICKOFF_LANG", request.param)
    win = make_window(qtbot, db_path, global_lang=request.param)
    win.lang = request.param
    return win


def labels_from(gantt, monday: dt.date) -> list[tuple[int, int, str]]:
    """The header's labels with the chart starting at ``monday`` (as :meth:`GanttView.refresh` sets it)."""
    gantt.origin = monday
    gantt.scroll_bar.setRange(0, 10_000)
    gantt.scroll_bar.setValue(0)
    fm = QFontMetrics(gantt.canvas.font())
    labels = gantt.week_labels(fm, 1200)
    for rect, text in labels:
        assert rect.width() >= fm.horizontalAdvance(text), text  # read whole
    for (left, a), (right, b) in zip(labels, labels[1:], strict=False):
        assert left.right() < right.left(), f"{a!r} {left} overlaps {b!r} {right}"
    return [(rect.left(), rect.width(), text) for rect, text in labels]


def test_the_first_label_and_the_first_of_a_new_year_say_the_year(window) -> None:
    window.show_page("wbs")
    settle(window)
    gantt = window.page("wbs").findChild(QWidget, "wbsGantt")
    written = {"ja": "{0:%Y/%m/%d}", "en": "{0:%Y-%m-%d}"}[window.lang]
    origin = dt.date(2026, 11, 30)
    for day_width in (30, 7, 2):  # zoomed in, as it opens, zoomed out (two years on the canvas)
        gantt.day_width = day_width
        labels = labels_from(gantt, origin)
        year = None
        for x, _width, text in labels:
            monday = origin + dt.timedelta(days=(x - 2) // day_width)
            assert monday.weekday() == 0, (monday, text)
            expected = written.format(monday) if monday.year != year else f"{monday.month}/{monday.day}"
            assert text == expected, (day_width, [t for _x, _w, t in labels])
            year = monday.year
        assert len({text[:4] for _x, _w, text in labels if len(text) == 10}) == (2 if day_width > 2 else 3)


def test_a_label_cut_by_the_left_edge_leaves_the_year_to_the_next(window) -> None:
    window.show_page("wbs")
    settle(window)
    gantt = window.page("wbs").findChild(QWidget, "wbsGantt")
    gantt.day_width = 7
    gantt.origin = dt.date(2026, 11, 30)
    gantt.scroll_bar.setRange(0, 10_000)
    gantt.scroll_bar.setValue(20)  # the first week's label is cut
    labels = gantt.week_labels(QFontMetrics(gantt.canvas.font()), 600)
    assert labels[0][0].left() < 0 and labels[0][1] == "11/30"
    assert labels[1][1] == {"ja": "2026/12/07", "en": "2026-12-07"}[window.lang]

"""The proposal page follows the company holidays: the build phase starts on the WBS calendar's next working day."""

from __future__ import annotations

import datetime as dt

from app.ui.operations import run_op
from app.ui.undo import edit_answer
from app.wbs import company_calendar as cc
from tests.gui_helpers import close_window, make_window


def build_start(page) -> dt.date | None:
    view = page.current_view()
    return next(row.start for row in view.schedule.rows if row.key == "build")


def test_a_company_holiday_added_moves_the_build_phase_on_the_open_proposal_page(qtbot, db_path) -> None:
    window = make_window(qtbot, db_path, global_lang="en", page="proposal")
    try:
        window.show_page("proposal")
        page = window.page("proposal")
        edit_answer(window.state, "hearing.basics.poc_end", "poc end", value="2027-06-25")  # a Friday
        assert build_start(page) == dt.date(2027, 6, 28)
        run_op(window.state, cc.edit_holidays_op(window.state.project_id, {dt.date(2027, 6, 28): "創立記念日"}), "holiday")
        assert build_start(page) == dt.date(2027, 6, 29)
    finally:
        close_window(window)

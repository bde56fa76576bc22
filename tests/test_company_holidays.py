"""Company holidays: stored in the database, skipped by the schedule (core and CLI), undoable, .ics import."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from app.core import operations as ops
from app.core.errors import ConflictError, UserError
from app.main import main
from app.wbs import company_calendar as cc
from app.wbs.model import Dependency
from app.wbs.schedule import schedule
from app.wbs.service import WbsService
from tests.wbs_helpers import add, new_project

d = dt.date

GOOD_ICS = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
    "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20260812\r\nDTEND;VALUE=DATE:20260815\r\nSUMMARY:夏季\r\n 休暇\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nDTSTART:20260820T100000\r\nDTEND:20260820T110000\r\nSUMMARY:定例会議\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261001\r\nSUMMARY:創立記念日\\, 全社休業\r\nEND:VEVENT\r\n"
    "END:VCALENDAR\r\n"
)


def plan(workspace) -> tuple[int, dict[str, int]]:
    """Worked by hand: Design (3 days) from Fri 2026-12-25, then Review (1 day).

    National calendar only: Design = Fri 25, Mon 28, Tue 29 → Review Wed 30.
    With 年末年始 (12/29-1/3, company): Design = Fri 25, Mon 28, Mon 1/4 → Review Tue 1/5.
    """
    pid = new_project(workspace, start=d(2026, 12, 25))
    service = WbsService(workspace.db)
    design = add(service, pid, "Design", estimate_days=3)
    review = add(service, pid, "Review", estimate_days=1)
    service.set_dependencies(pid, review, [Dependency(predecessor_id=design)])
    return pid, {"Design": design, "Review": review}


def dates(workspace, pid: int) -> dict[str, tuple[dt.date | None, dt.date | None]]:
    tree = WbsService(workspace.db).tree(pid)
    return {t.title: (t.start, t.finish) for t in tree.tasks.values()}


def test_year_end_moves_the_schedule_and_undo_takes_it_back(workspace) -> None:
    pid, _ = plan(workspace)
    schedule(workspace, pid)
    assert dates(workspace, pid) == {"Design": (d(2026, 12, 25), d(2026, 12, 29)), "Review": (d(2026, 12, 30), d(2026, 12, 30))}

    change = ops.run(workspace, cc.edit_holidays_op(pid, cc.year_end(2026)))
    assert change.changed and change.detail == 6 and change.parts == {ops.Part.CALENDAR}
    assert list(cc.holidays(workspace.db)) == [d(2026, 12, 29) + dt.timedelta(days=k) for k in range(6)]
    schedule(workspace, pid)
    assert dates(workspace, pid) == {"Design": (d(2026, 12, 25), d(2027, 1, 4)), "Review": (d(2027, 1, 5), d(2027, 1, 5))}

    ops.run(workspace, ops.undo_op(change))  # one undo step: every day of the range goes
    assert cc.holidays(workspace.db) == {}
    schedule(workspace, pid)
    assert dates(workspace, pid)["Review"] == (d(2026, 12, 30), d(2026, 12, 30))
    ops.run(workspace, ops.redo_op(change))
    assert len(cc.holidays(workspace.db)) == 6


def test_a_single_company_holiday_moves_a_task(workspace) -> None:
    pid, _ = plan(workspace)
    ops.run(workspace, cc.edit_holidays_op(pid, {d(2026, 12, 28): "棚卸し"}))  # the Monday
    schedule(workspace, pid)
    # Fri 25, (weekend, Mon 28 off) Tue 29, Wed 30 → Review Thu 31
    assert dates(workspace, pid) == {"Design": (d(2026, 12, 25), d(2026, 12, 30)), "Review": (d(2026, 12, 31), d(2026, 12, 31))}


def test_undo_refuses_to_overwrite_a_later_edit(workspace) -> None:
    change = ops.run(workspace, cc.edit_holidays_op(-1, {d(2026, 8, 13): "お盆"}))
    ops.run(workspace, cc.edit_holidays_op(-1, {d(2026, 8, 13): "夏季休暇"}))  # renamed elsewhere since
    with pytest.raises(ConflictError):
        ops.run(workspace, ops.undo_op(change))
    assert cc.holidays(workspace.db) == {d(2026, 8, 13): "夏季休暇"}


def test_ics_all_day_events_are_read_and_timed_ones_left_out(tmp_path: Path) -> None:
    path = tmp_path / "company.ics"
    path.write_text(GOOD_ICS, encoding="utf-8")
    assert cc.parse_ics(path) == {
        d(2026, 8, 12): "夏季休暇", d(2026, 8, 13): "夏季休暇", d(2026, 8, 14): "夏季休暇",  # DTEND is exclusive
        d(2026, 10, 1): "創立記念日, 全社休業",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("content", "key"),
    [
        ("hello, not a calendar", "holidays.ics_not_calendar"),
        ("BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:2026-08-12\nEND:VEVENT\nEND:VCALENDAR\n", "holidays.ics_bad_event"),
        ("BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20260820T100000\nEND:VEVENT\nEND:VCALENDAR\n", "holidays.ics_no_days"),
        ("BEGIN:VCALENDAR\n" + "X-PAD:" + "x" * cc.MAX_ICS_BYTES + "\nEND:VCALENDAR\n", "holidays.ics_too_big"),
    ],
)
def test_a_bad_ics_is_refused_with_its_reason(tmp_path: Path, content: str, key: str) -> None:
    path = tmp_path / "bad.ics"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(UserError) as caught:
        cc.parse_ics(path)
    assert caught.value.key == key


def test_dates_and_ranges_as_typed() -> None:
    assert cc.parse_days(["2026/8/12..2026-08-14", "2026-08-13", "2026.10.01"]) == [d(2026, 8, 12), d(2026, 8, 13), d(2026, 8, 14), d(2026, 10, 1)]
    for bad in ("2026-02-30", "tomorrow", "2026-08-14..2026-08-12"):
        with pytest.raises(UserError):
            cc.parse_days([bad])


def test_a_range_as_a_japanese_schedule_writes_it_and_dates_a_plan_cannot_hold() -> None:
    summer = [d(2026, 8, 12), d(2026, 8, 13), d(2026, 8, 14)]
    for typed in ("2026/8/12〜2026/8/14", "2026/8/12 ～ 2026/8/14", "2026-08-12~2026-08-14", "２０２６／８／１２〜２０２６／８／１４"):
        assert cc.parse_days([typed]) == summer, typed
    for typed in ("1899/12/31", "2026/12/29〜2200/01/03"):
        with pytest.raises(UserError) as caught:
            cc.parse_days([typed])
        assert caught.value.key == "project.date_out_of_range"
    assert cc.parse_days(["1900/01/01", "2199/12/31"]) == [d(1900, 1, 1), d(2199, 12, 31)]


def test_cli_holidays_move_the_cli_schedule(workspace, db_path: Path, tmp_path: Path, capsys) -> None:
    pid, _ = plan(workspace)
    assert main(["--db", str(db_path), "--lang", "ja", "holidays", "add", "--year-end", "2026"]) == 0
    assert "6日" in capsys.readouterr().out
    assert main(["--db", str(db_path), "--lang", "en", "holidays", "list"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "2026-12-29  年末年始" and len(out) == 6
    assert main(["--db", str(db_path), "--lang", "ja", "holidays", "list"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "2026/12/29  年末年始"  # as Japanese writes dates
    # The CLI's MS Project export schedules unscheduled tasks with the same calendar.
    xml = tmp_path / "plan.xml"
    assert main(["--db", str(db_path), "export", "mspdi", "--project", str(pid), "--out", str(xml)]) == 0
    text = xml.read_text(encoding="utf-8")
    assert "<Finish>2027-01-04T18:00:00</Finish>" in text  # Design ends after the break
    assert "<FromDate>2026-12-30T00:00:00</FromDate>" in text  # the company days are calendar exceptions
    assert main(["--db", str(db_path), "holidays", "remove", "2026-12-29..2027-01-03"]) == 0
    capsys.readouterr()
    assert cc.holidays(workspace.db) == {}


def test_cli_bad_ics_exits_2_with_one_line_and_changes_nothing(workspace, db_path: Path, tmp_path: Path, capsys) -> None:
    ops.run(workspace, cc.edit_holidays_op(-1, {d(2026, 8, 13): "お盆"}))
    bad = tmp_path / "broken.ics"
    bad.write_text("BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20260812\nDTEND;VALUE=DATE:20260801\nEND:VEVENT\nEND:VCALENDAR\n", encoding="utf-8")
    assert main(["--db", str(db_path), "--lang", "ja", "holidays", "import", str(bad)]) == 2
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and "broken.ics" in lines[0] and "何も変更していません" in lines[0], captured.err
    assert captured.out == ""
    assert cc.holidays(workspace.db) == {d(2026, 8, 13): "お盆"}
    good = tmp_path / "good.ics"
    good.write_text(GOOD_ICS, encoding="utf-8")
    assert main(["--db", str(db_path), "holidays", "import", str(good)]) == 0
    assert len(cc.holidays(workspace.db)) == 4  # 8/12-14 and 10/1; お盆 (8/13) keeps the name given to it
    assert cc.holidays(workspace.db)[d(2026, 8, 13)] == "お盆"


def test_the_gantt_shades_a_company_holiday_and_the_table_is_left_alone(qtbot, db_path) -> None:
    """Adding 年末年始 from the window (one undo step) greys those days in the Gantt at once, as the
    schedule skips them; the WBS table keeps its tasks; undo takes the shading back."""
    from PySide6.QtWidgets import QTreeView

    from app.ui.operations import run_op
    from tests.gui_helpers import close_window, make_window

    window = make_window(qtbot, db_path, page="wbs")
    try:
        page = window.current_page()
        gantt = page.gantt
        rows = page.findChild(QTreeView, "wbsTree").model().rowCount()
        assert gantt.calendar.is_working_day(d(2026, 12, 29))
        run_op(window.state, cc.edit_holidays_op(window.state.project_id, cc.year_end(2026)), lambda: "holidays")
        assert not gantt.calendar.is_working_day(d(2026, 12, 29)) and not gantt.calendar.is_working_day(d(2026, 12, 30))
        assert page.findChild(QTreeView, "wbsTree").model().rowCount() == rows
        assert all(isinstance(i, int) for i in page.model.tree.tasks)
        window.state.undo_stack.undo()
        assert gantt.calendar.is_working_day(d(2026, 12, 29))
    finally:
        close_window(window)


def _ics(tmp_path, *events: str):
    path = tmp_path / "rules.ics"
    body = "".join(f"BEGIN:VEVENT\r\n{e}END:VEVENT\r\n" for e in events)
    path.write_text(f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{body}END:VCALENDAR\r\n", encoding="utf-8")
    return path


def test_a_repeating_all_day_event_is_taken_on_each_occurrence_its_rule_gives(tmp_path) -> None:
    days = cc.parse_ics(_ics(
        tmp_path,
        "DTSTART;VALUE=DATE:20260813\r\nDTEND;VALUE=DATE:20260815\r\nRRULE:FREQ=YEARLY;COUNT=3\r\nSUMMARY:夏季休暇\r\n",
        "DTSTART;VALUE=DATE:20260106\r\nRRULE:FREQ=WEEKLY;BYDAY=TU;UNTIL=20260120T000000Z\r\nSUMMARY:棚卸\r\n",
    ))
    assert [day for day, name in days.items() if name == "夏季休暇"] == [d(2026, 8, 13), d(2026, 8, 14), d(2027, 8, 13), d(2027, 8, 14), d(2028, 8, 13), d(2028, 8, 14)]
    assert [day for day, name in days.items() if name == "棚卸"] == [d(2026, 1, 6), d(2026, 1, 13), d(2026, 1, 20)]


@pytest.mark.parametrize("freq", ["HOURLY", "minutely", "SECONDLY"])
def test_an_all_day_event_repeating_more_often_than_daily_is_refused_at_once(tmp_path, freq: str) -> None:
    with pytest.raises(UserError) as raised:  # (by the second, listed one by one for five years: a hang)
        cc.parse_ics(_ics(tmp_path, "DTSTART;VALUE=DATE:20260106\r\nSUMMARY:ok\r\n",
                          f"DTSTART;VALUE=DATE:20260813\r\nRRULE:INTERVAL=2;FREQ={freq}\r\nSUMMARY:x\r\n"))  # fmt: skip
    said = raised.value.text("ja")
    assert "2番目の予定" in said and f"FREQ={freq.upper()}" in said and "何も変更していません" in said
    assert cc.parse_ics(_ics(tmp_path, "DTSTART;VALUE=DATE:20260106\r\nRRULE:FREQ=DAILY;COUNT=3\r\nSUMMARY:棚卸\r\n")) == {
        d(2026, 1, 6): "棚卸", d(2026, 1, 7): "棚卸", d(2026, 1, 8): "棚卸"}


def test_a_calendar_written_in_shift_jis_is_read_with_its_japanese_names(tmp_path) -> None:
    path = _ics(tmp_path, "DTSTART;VALUE=DATE:20261229\r\nDTEND;VALUE=DATE:20261231\r\nSUMMARY:年末年始(本社)\r\n")
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp932"))  # as older Japanese tools write it
    assert cc.parse_ics(path) == {d(2026, 12, 29): "年末年始(本社)", d(2026, 12, 30): "年末年始(本社)"}
    path.write_bytes(b"BEGIN:VCALENDAR\r\n\xff\xfe\xfd\r\nEND:VCALENDAR\r\n")  # neither: still no calendar
    with pytest.raises(UserError):
        cc.parse_ics(path)


def test_a_rule_that_cannot_be_read_names_the_event(tmp_path) -> None:
    with pytest.raises(UserError) as raised:
        cc.parse_ics(_ics(tmp_path, "DTSTART;VALUE=DATE:20260813\r\nRRULE:FREQ=SOMETIMES\r\nSUMMARY:x\r\n"))
    assert "1" in raised.value.text("ja")


def test_a_calendar_neither_utf8_nor_shift_jis_is_refused_naming_the_file_and_its_encoding(tmp_path) -> None:
    path = _ics(tmp_path, "DTSTART;VALUE=DATE:20261229\r\nSUMMARY:年末年始(本社)\r\n")
    text = path.read_text(encoding="utf-8")
    utf8 = text.encode("utf-8")
    # not Shift_JIS at all; Shift_JIS's user-defined area (外字: private-use characters); Notepad's "Unicode" (UTF-16)
    for data in (utf8.replace("年末年始(本社)".encode(), b"\xff\xfe\x80"),
                 utf8.replace("年末年始(本社)".encode(), b"\xf0\x40\xf0\x41"), text.encode("utf-16")):
        path.write_bytes(data)
        with pytest.raises(UserError) as raised:
            cc.parse_ics(path)
        assert "rules.ics" in raised.value.text("ja") and "Shift_JIS" in raised.value.text("ja")


def test_holidays_add_without_a_name_keeps_the_names_of_listed_days(workspace, db_path: Path, capsys) -> None:
    ops.run(workspace, cc.edit_holidays_op(-1, cc.year_end(2026) | {d(2026, 12, 2): "創立記念日"}))
    assert main(["--db", str(db_path), "holidays", "add", "2026-12-01..2027-01-04"]) == 0  # a range over named days
    days = cc.holidays(workspace.db)
    assert days[d(2026, 12, 2)] == "創立記念日" and days[d(2026, 12, 30)] == "年末年始"
    assert days[d(2026, 12, 1)] == "" and days[d(2027, 1, 4)] == ""  # new days: no name, as before
    assert main(["--db", str(db_path), "holidays", "add", "2026-12-02", "--name", "休業日"]) == 0  # --name renames
    assert main(["--db", str(db_path), "holidays", "add", "2026-12-30", "--year-end", "2026"]) == 0
    days = cc.holidays(workspace.db)
    assert days[d(2026, 12, 2)] == "休業日" and days[d(2026, 12, 30)] == "年末年始"
    capsys.readouterr()

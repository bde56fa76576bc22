"""fix25c: the sibling paths of breaker24b's date, size and export-target findings, tried in process."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from app.cli.arguments import WINDOW_SIDES, window_size
from app.core.errors import UserError, ValidationFailed
from app.environment.scaffold import export_scaffold
from app.wbs import company_calendar as cc
from app.wbs.tracking.report import parse_date as status_date


@pytest.mark.parametrize(("typed", "read"), [("1400x900", "1400x900"), (" 1400 X 900 ", "1400x900"),
                                             ("１４００×９００", "1400x900"), ("320x8192", "320x8192")])
def test_a_window_size_is_read_as_typed(typed: str, read: str) -> None:
    assert window_size(typed) == read


@pytest.mark.parametrize(("typed", "key"), [("30000x30000", "screenshot.size_out_of_range"),
                                            ("0x0", "screenshot.size_out_of_range"),
                                            (f"{WINDOW_SIDES[1] + 1}x900", "screenshot.size_out_of_range"),
                                            ("1400x900x3", "screenshot.bad_size"), ("-5x900", "screenshot.bad_size"),
                                            ("99999999999x1", "screenshot.bad_size")])
def test_a_window_size_out_of_range_or_unreadable_is_refused(typed: str, key: str) -> None:
    with pytest.raises(UserError) as refused:
        window_size(typed)
    assert refused.value.key == key
    assert str(WINDOW_SIDES[1]) in refused.value.text("en") or key == "screenshot.bad_size"


def test_days_off_and_company_holidays_are_named_for_what_they_are() -> None:
    with pytest.raises(ValidationFailed) as holiday:
        cc.parse_days(["2200-01-01"])
    with pytest.raises(ValidationFailed) as day_off:
        cc.parse_days(["2026-12-29..2200-01-01"], cc.DAY_OFF_LABEL)
    assert holiday.value.text("ja").startswith("会社休日") and day_off.value.text("ja").startswith("休暇")


def test_an_ics_event_ending_before_it_starts_is_still_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "back.ics"
    path.write_text("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261201\r\n"
                    "DTEND;VALUE=DATE:20261101\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n", encoding="utf-8")
    with pytest.raises(ValidationFailed) as refused:
        cc.parse_ics(path)
    assert refused.value.key == "holidays.ics_bad_event"


def test_a_status_date_given_as_a_date_is_checked_too() -> None:
    assert status_date(dt.date(2026, 12, 8)) == dt.date(2026, 12, 8)
    with pytest.raises(ValidationFailed) as refused:
        status_date(dt.date(1, 1, 1))
    assert refused.value.key == "project.date_out_of_range" and "Status date" in refused.value.text("en")


def test_a_forced_scaffold_never_replaces_another_database(workspace, demo, tmp_path: Path) -> None:
    """A file the scaffold would write (README.md) that is some other SQLite database: refused, kept."""
    repo = tmp_path / "repo"
    repo.mkdir()
    with sqlite3.connect(repo / "README.md") as con:
        con.execute("CREATE TABLE t (x)")
    before = (repo / "README.md").read_bytes()
    with pytest.raises(UserError) as refused:
        export_scaffold(workspace, demo.id, repo, "en", force=True)
    assert refused.value.key == "file.is_sqlite_database"
    assert (repo / "README.md").read_bytes() == before and sorted(p.name for p in repo.iterdir()) == ["README.md"]

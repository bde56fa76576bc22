"""Times an older version stored far out (9999-12-31 23:59 UTC is in the year 10000 on Japan's clock) are
shown as stored rather than crashing whatever shows them: a baseline's saved time, a hearing session's start,
the hearing sheet's export date and a backup's time (the core's one guarded way, i18n.on_this_clock)."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest

from app.core.project import HearingSessionInfo
from app.core.storage.backups import Backup
from app.hearing.sessions import started_at
from app.hearing.sheet_import import exported_text
from app.wbs.tracking.baselines import saved_at

FAR = dt.datetime(9999, 12, 31, 23, 59)


@pytest.fixture(autouse=True)
def in_japan(monkeypatch):
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_a_far_time_is_shown_as_stored_and_a_near_one_on_japans_clock() -> None:
    assert saved_at(FAR.isoformat(), "ja") == "9999/12/31 23:59"
    assert saved_at("2026-12-03T00:30:00", "ja") == "2026/12/03 09:30"
    session = HearingSessionInfo(id=1, project_id=1, number=1, held_on=dt.date(2026, 12, 3), started_at=FAR)
    assert started_at(session).ja == "9999/12/31 23:59" and started_at(session).en == "9999-12-31 23:59"
    assert exported_text("9999-12-31T23:59:00+00:00", "ja") == "9999/12/31"
    assert exported_text("2026-12-02T20:00:00+00:00", "ja") == "2026/12/03"
    assert Backup(Path("x.sqlite3"), FAR, 1, "manual").created_local == FAR
    assert Backup(Path("x.sqlite3"), dt.datetime(2026, 12, 2, 20), 1, "manual").created_local == dt.datetime(2026, 12, 3, 5)

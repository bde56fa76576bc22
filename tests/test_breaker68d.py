"""breaker68d: dates, time zones and the calendar over a real project's life (a Japanese consultant's laptop).

Tried: the demo project made in Asia/Tokyo, then the CLI run with TZ=Asia/Tokyo, America/Los_Angeles, Europe/Berlin
and the far zones Etc/GMT-14 / Etc/GMT+12 (two days apart at any moment) on the same database; `projects list`'s last
change and `backup list`'s times and names per zone; every export written at 03:00 JST (the UTC date still the day
before: proposal 作成日, follow-ups 時点, earned value 基準日, review / system plan 作成日, WBS xlsx dates as real
dates, MS Project XML CreationDate, tracker CSV, hearing sheet); dates typed in Japanese forms (2027年1月4日,
令和9年1月4日, R9.1.4, full-width digits, a weekday after it, 1/4 and 1月4日 without a year, with spaces);
the national calendar around 振替休日, Golden Week, New Year and the leap day 2028-02-29; the code paths that turn a
stored UTC moment into a day (answer history "Changed since", agreement day, baseline times, sign-off day).

Held: the project list and backup list show the same stored moment on each computer's clock (Tokyo 9 h ahead of UTC,
Los Angeles behind it) and the backup's file name stays the same; a "today" written into an export is the
computer's local day, never UTC's (proposal 作成日 in UTC+14 and UTC-12 two different days, each the zone's own);
令和9年1月4日, R9.1.4, ２０２７／１／４, 2027/1/4(月) and 2028年2月29日 read as the dates meant; 2027/2/29 refused in one
Japanese line; 振替休日 (2026-05-06, 2027-03-22), Golden Week 2027 and New Year's Day are days off, the leap day a
working day.

Broke:
- A date typed with the month and day padded by a space, as Japanese forms and letters align them (「2027年 1月 4日」),
  is refused by `hearing answer --value` (PoC開始日) and by `wbs set 開始可能日=`, with 「「2027年 1月 4日」は日付では
  ありません(2026/12/21 や 2026-12-21 の形で入力してください)」, while the same date in the era form with the same
  spaces (「令和9年 1月 4日」) is taken. (app/core/i18n.py: _DATE_FORMS's 年月日 form allows no space, _ERA_DATE does.)
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

REPO = Path(__file__).resolve().parents[1]


def run(home: Path, *argv: str, tz: str = "Asia/Tokyo", timeout: int = 120) -> subprocess.CompletedProcess[str]:
    """``python -m app --lang ja ARGV`` in a fresh process with ``TZ=tz`` and its data folder in ``home``."""
    base = {k: v for k, v in os.environ.items()
            if k not in ("MLOPS_KICKOFF_DB", "MLOPS_KICKOFF_AUTHOR", "MLOPS_KICKOFF_TODAY", "MLOPS_KICKOFF_DEMO_DAY")}
    base |= {"MLOPS_KICKOFF_HOME": str(home), "MLOPS_KICKOFF_SETTINGS": str(home / "settings.ini"),
             "MLOPS_KICKOFF_LANG": "ja", "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen",
             "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "TZ": tz}
    result = subprocess.run([sys.executable, "-m", "app", "--lang", "ja", *argv], cwd=home, env=base,
                            capture_output=True, timeout=timeout)
    return subprocess.CompletedProcess(result.args, result.returncode, result.stdout.decode("utf-8", "replace"),
                                       result.stderr.decode("utf-8", "replace"))


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0 and "Traceback" not in result.stderr, (result.returncode, result.stderr[-800:])
    return result.stdout


def refused(result: subprocess.CompletedProcess[str]) -> str:
    assert "Traceback" not in result.stderr, result.stderr[-800:]
    assert result.returncode == 2, (result.returncode, result.stdout[-300:], result.stderr[-500:])
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "エラー: " in lines[0], result.stderr
    return lines[0]


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("b68d")
    assert ok(run(folder, "demo")).strip()
    return folder


def _stamp(text: str) -> dt.datetime:
    found = re.search(r"(\d{4})/(\d{2})/(\d{2}) (\d{2}):(\d{2})", text)
    assert found, text
    return dt.datetime(*(int(g) for g in found.groups()))


def test_project_list_and_backups_on_each_computers_clock(home: Path) -> None:
    """The colleague in Los Angeles and the consultant in Tokyo see one moment, each on their own clock."""
    tokyo = _stamp(ok(run(home, "projects", "list", tz="Asia/Tokyo")))
    la = _stamp(ok(run(home, "projects", "list", tz="America/Los_Angeles")))
    berlin = _stamp(ok(run(home, "projects", "list", tz="Europe/Berlin")))
    moment = tokyo.replace(tzinfo=ZoneInfo("Asia/Tokyo"))
    assert la == moment.astimezone(ZoneInfo("America/Los_Angeles")).replace(tzinfo=None)
    assert berlin == moment.astimezone(ZoneInfo("Europe/Berlin")).replace(tzinfo=None)
    made = ok(run(home, "backup", "create", tz="Asia/Tokyo"))
    name = re.search(r"mlops-kickoff-[^ ]*?\.sqlite3", made)
    assert name, made
    listed = {tz: ok(run(home, "backup", "list", tz=tz)) for tz in ("Asia/Tokyo", "America/Los_Angeles")}
    for text in listed.values():
        assert name.group(0) in text  # one file, the same name whatever the zone
    shown_tokyo = _stamp(listed["Asia/Tokyo"]).replace(tzinfo=ZoneInfo("Asia/Tokyo"))
    shown_la = _stamp(listed["America/Los_Angeles"]).replace(tzinfo=ZoneInfo("America/Los_Angeles"))
    assert shown_tokyo == shown_la  # the same moment
    assert abs(dt.datetime.now(dt.UTC) - shown_tokyo) < dt.timedelta(minutes=10)


def test_export_today_is_the_zones_own_day(home: Path, tmp_path: Path) -> None:
    """作成日 of a proposal written in UTC+14 and in UTC-12 (always two different days): each the zone's local day."""
    days = {}
    for tz in ("Etc/GMT-14", "Etc/GMT+12"):
        out = tmp_path / f"p{tz[-3:].replace('+', 'p').replace('-', 'm')}.md"
        before = dt.datetime.now(ZoneInfo(tz)).date()
        ok(run(home, "export", "proposal", "--project", "1", "--out", str(out), tz=tz))
        after = dt.datetime.now(ZoneInfo(tz)).date()
        found = re.search(r"作成日: (\d{4})/(\d{2})/(\d{2})", out.read_text(encoding="utf-8"))
        assert found
        days[tz] = dt.date(*(int(g) for g in found.groups()))
        assert days[tz] in (before, after)
    assert days["Etc/GMT-14"] > days["Etc/GMT+12"]


@pytest.mark.parametrize("typed", ["令和9年1月4日", "R9.1.4", "２０２７／１／４", "2027/1/4（月）", "令和9年 1月 4日"])
def test_japanese_date_forms_read_as_meant(home: Path, typed: str) -> None:
    ok(run(home, "hearing", "answer", "--project", "1", "--item", "PoC開始日", "--value", "2026/11/30"))
    said = ok(run(home, "hearing", "answer", "--project", "1", "--item", "PoC開始日", "--value", typed))
    assert "「2027/01/04」を保存しました" in said


def test_leap_day_taken_and_a_false_one_refused(home: Path) -> None:
    said = ok(run(home, "wbs", "set", "--project", "1", "--task", "1.1", "開始可能日=2028年2月29日"))
    assert "保存しました" in said
    line = refused(run(home, "wbs", "set", "--project", "1", "--task", "1.1", "開始可能日=2027/2/29"))
    assert "2027/2/29" in line and "Traceback" not in line


def test_japanese_holidays_and_leap_day_working_days() -> None:
    from app.wbs.workdays import is_working_day

    off = ["2026-05-06", "2027-03-22", "2027-05-03", "2027-05-04", "2027-05-05", "2027-01-01", "2027-01-11"]
    on = ["2027-05-06", "2028-02-29", "2027-01-04", "2028-03-01"]
    assert not any(is_working_day(dt.date.fromisoformat(d)) for d in off)
    assert all(is_working_day(dt.date.fromisoformat(d)) for d in on)


def test_western_year_date_with_aligned_spaces_is_read(home: Path) -> None:
    ok(run(home, "hearing", "answer", "--project", "1", "--item", "PoC開始日", "--value", "2026/11/30"))
    said = run(home, "hearing", "answer", "--project", "1", "--item", "PoC開始日", "--value", "2027年 1月 4日")
    assert said.returncode == 0, said.stderr
    assert "「2027/01/04」を保存しました" in said.stdout
    task = run(home, "wbs", "set", "--project", "1", "--task", "1.1", "開始可能日=2027年 1月 4日")
    assert task.returncode == 0, task.stderr

"""`projects list` and `backup list` (plain, not JSON) say the zone their times are in, in the words the
window uses for the same column (「最終更新 (UTC+09:00)」, 「日時 (UTC+09:00)」 / "Last modified (UTC+00:00)",
"Date (UTC+00:00)"): a heading line above the rows at a terminal (a pseudo-terminal here), none when piped
into a script (a row a line, as before); a time whose offset differs from the heading's (a summer
time read in winter) says its own, as the window's tooltip does. `--json` stays UTC (+00:00)."""

from __future__ import annotations

import json
import os
import pty
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
STAMP = re.compile(r"\d{4}[/-]\d{2}[/-]\d{2} \d{2}:\d{2}")


def run(home: Path, *args: str, tz: str, lang: str, terminal: bool = True) -> subprocess.CompletedProcess[str]:
    """The CLI as a person at a terminal runs it (its output a pseudo-terminal), or piped (``terminal=False``)."""
    env = os.environ.copy()
    env.update(MLOPS_KICKOFF_HOME=str(home), MLOPS_KICKOFF_SETTINGS=str(home / "settings.ini"), TZ=tz,
               PYTHONPATH=str(REPO), QT_QPA_PLATFORM="offscreen")
    env.pop("MLOPS_KICKOFF_DB", None)
    command = [sys.executable, "-m", "app", "--lang", lang, *args]
    if not terminal:
        result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=120, env=env)
    else:
        leader, follower = pty.openpty()
        try:
            done = subprocess.run(command, cwd=REPO, stdout=follower, stderr=subprocess.PIPE, timeout=120, env=env)
            os.close(follower)
            follower = -1
            out = b""
            while True:
                try:
                    chunk = os.read(leader, 65536)
                except OSError:  # (the other end closed: all read)
                    break
                if not chunk:
                    break
                out += chunk
        finally:
            os.close(leader)
            if follower != -1:
                os.close(follower)
        result = subprocess.CompletedProcess(command, done.returncode, out.decode().replace("\r\n", "\n"),
                                             done.stderr.decode())
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr[-2000:]
    return result


def _database(home: Path) -> Path:
    return next(p for p in home.iterdir() if p.suffix in (".sqlite3", ".db"))


def _minutes(stamp: str) -> int:
    import datetime as dt

    return int(dt.datetime.strptime(stamp.replace("/", "-"), "%Y-%m-%d %H:%M").timestamp() // 60)


def test_projects_list_says_the_clock_zone_in_the_windows_words(tmp_path: Path) -> None:
    home = tmp_path / "cli-home"
    home.mkdir(exist_ok=True)
    run(home, "project", "new", "顧客案件", tz="UTC", lang="en")
    tokyo = run(home, "projects", "list", tz="Asia/Tokyo", lang="ja").stdout.splitlines()
    utc = run(home, "projects", "list", tz="UTC", lang="en").stdout.splitlines()
    assert "最終更新 (UTC+09:00)" in tokyo[0] and "名前" in tokyo[0], tokyo
    assert "Last modified (UTC+00:00)" in utc[0] and "Name" in utc[0], utc
    row_ja = next(line for line in tokyo if "顧客案件" in line)
    row_en = next(line for line in utc if "顧客案件" in line)
    ja, en = STAMP.search(row_ja), STAMP.search(row_en)
    assert ja and en and "/" in ja[0] and "-" in en[0]
    assert _minutes(ja[0]) - _minutes(en[0]) == 9 * 60  # the same moment on the two clocks
    assert "UTC+" not in row_ja and "UTC+" not in row_en  # (the heading says it once)
    assert tokyo[0].index("最終更新") == row_ja.index(ja[0])  # the heading stands over its column
    listed = json.loads(run(home, "projects", "list", "--json", tz="Asia/Tokyo", lang="ja").stdout)
    assert listed[0]["updated_at"].endswith("+00:00")  # the JSON: UTC, as before


def test_a_time_in_another_offset_than_now_says_its_own(tmp_path: Path) -> None:
    home = tmp_path / "cli-home"
    home.mkdir(exist_ok=True)
    run(home, "project", "new", "夏の案件", tz="UTC", lang="en")
    with sqlite3.connect(_database(home)) as db:
        db.execute("UPDATE projects SET updated_at = '2026-07-01 10:00:00'")
    shown = run(home, "projects", "list", tz="Europe/Berlin", lang="en").stdout.splitlines()
    assert "Last modified (UTC+01:00)" in shown[0], shown  # December: winter time
    assert "2026-07-01 12:00 (UTC+02:00)" in next(line for line in shown if "夏の案件" in line), shown


def test_backup_list_says_the_clock_zone_in_the_windows_words(tmp_path: Path) -> None:
    home = tmp_path / "cli-home"
    home.mkdir(exist_ok=True)
    run(home, "project", "new", "顧客案件", tz="UTC", lang="en")
    run(home, "backup", "create", tz="UTC", lang="en")
    tokyo = run(home, "backup", "list", tz="Asia/Tokyo", lang="ja").stdout.splitlines()
    utc = run(home, "backup", "list", tz="UTC", lang="en").stdout.splitlines()
    assert "日時 (UTC+09:00)" in tokyo[0] and "サイズ" in tokyo[0], tokyo
    assert "Date (UTC+00:00)" in utc[0] and "Size" in utc[0], utc
    row_ja = next(line for line in tokyo if "KiB" in line)
    row_en = next(line for line in utc if "KiB" in line)
    ja, en = STAMP.search(row_ja), STAMP.search(row_en)
    assert ja and en and _minutes(ja[0]) - _minutes(en[0]) == 9 * 60
    assert tokyo[0].index("日時") == row_ja.index(ja[0]) == 0
    assert any("顧客案件" in line for line in tokyo), tokyo  # what each backup holds, as before


def test_piped_into_a_script_the_listings_are_a_row_a_line_as_before(tmp_path: Path) -> None:
    home = tmp_path / "cli-home"
    home.mkdir(exist_ok=True)
    run(home, "project", "new", "顧客案件", tz="UTC", lang="en")
    run(home, "backup", "create", tz="UTC", lang="en")
    projects = run(home, "projects", "list", tz="Asia/Tokyo", lang="ja", terminal=False).stdout.splitlines()
    assert len(projects) == 1 and re.fullmatch(r" ?1  \d{4}/\d{2}/\d{2} \d{2}:\d{2}  顧客案件", projects[0]), projects
    backups = run(home, "backup", "list", tz="Asia/Tokyo", lang="ja", terminal=False).stdout.splitlines()
    assert STAMP.match(backups[0]) and "KiB" in backups[0] and "日時" not in "".join(backups), backups

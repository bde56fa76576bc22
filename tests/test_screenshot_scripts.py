"""``make screenshots``' child scripts (packaging/): a picture this computer cannot draw is said and skipped."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def script(name: str):
    spec = importlib.util.spec_from_file_location(f"packaging_{name}", ROOT / "packaging" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_document_picture_without_libreoffice_is_said_and_left_as_it_is(tmp_path, monkeypatch, capsys) -> None:
    shots = script("document_shots")
    monkeypatch.setattr(shots.shutil, "which", lambda program: None if program == "soffice" else f"/usr/bin/{program}")
    kept = tmp_path / "hearing-sheet.png"
    kept.write_bytes(b"the picture as it was")
    db = tmp_path / "demo.sqlite3"
    assert shots.main(str(db), "ja", [kept, tmp_path / "wbs-sheet-gantt.png"]) == 0
    err = capsys.readouterr().err
    assert "hearing-sheet.png (needs soffice of LibreOffice)" in err and "wbs-sheet-gantt.png" in err, err
    assert kept.read_bytes() == b"the picture as it was" and not (tmp_path / "wbs-sheet-gantt.png").exists()
    assert not db.exists()  # nothing to draw: no demo made either


def test_a_picture_the_scripts_do_not_draw_is_refused_by_name(tmp_path, capsys) -> None:
    assert script("document_shots").main(str(tmp_path / "demo.sqlite3"), "ja", [tmp_path / "hearing.png"]) == 2
    assert script("window_shots").main(str(tmp_path / "demo.sqlite3"), tmp_path / "proposal.png", "ja") == 2
    err = capsys.readouterr().err
    assert "hearing.png" in err and "proposal.png" in err and "settings-holidays" in err, err


def test_make_screenshots_draws_every_picture_as_of_the_demos_day(tmp_path, monkeypatch) -> None:
    """The pictures' dates (a proposal's 作成日, the Gantt's today line, an export's date) are the demo's day, not the
    day they are drawn: a picture changes only when the app does."""
    import subprocess
    import sys

    monkeypatch.delenv("MLOPS_KICKOFF_TODAY", raising=False)
    runs: list[dict] = []
    monkeypatch.setattr(subprocess, "run", lambda cmd, **kw: runs.append(kw.get("env") or {}))
    monkeypatch.setattr(sys, "argv", ["screenshots.py", str(tmp_path / "shots"), "--demo-day", "2026-12-06"])
    assert script("screenshots").main() == 0
    assert runs and all(env.get("MLOPS_KICKOFF_TODAY") == env.get("MLOPS_KICKOFF_DEMO_DAY") == "2026-12-06" for env in runs)


def test_a_pinned_today_is_the_proposals_date(workspace, monkeypatch) -> None:
    import datetime as dt

    from app.core.demo_source import TODAY_ENV
    from app.core.projects import ProjectService
    from app.proposal.service import proposal_view

    pid = ProjectService(workspace.db).create("作成日", lang="ja").id
    monkeypatch.setenv(TODAY_ENV, "2026-12-06")
    assert proposal_view(workspace, pid, "ja").created == dt.date(2026, 12, 6)
    monkeypatch.setenv(TODAY_ENV, "not a day")  # (as the demo's day: unset or not a date, the computer's today)
    assert proposal_view(workspace, pid, "ja").created == dt.date.today()


def test_the_app_asks_one_function_for_today() -> None:
    """Every "today" of the app comes from app.core.demo_source.today, so a pinned day reaches every picture."""
    import re

    found = [f"{path.relative_to(ROOT)}:{n}" for path in sorted((ROOT / "app").rglob("*.py")) if path.name != "demo_source.py"
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if re.search(r"\bdate\.today\(\)", line)]
    assert found == []


def test_a_today_out_of_range_is_read_as_unset(monkeypatch) -> None:
    """MLOPS_KICKOFF_TODAY (and the demo's day) only within 1910..2189, ten years inside the dates a plan holds: a slip
    (0001-01-01, 9999-12-31) is the computer's today, never a day whose week or years around it leave Python's dates."""
    import datetime as dt

    from app.core.demo_source import DEMO_DAY_ENV, TODAY_ENV, app_today, poc_start

    for edge in ("1910-01-01", "2189-12-31"):
        monkeypatch.setenv(TODAY_ENV, edge)
        assert app_today() == dt.date.fromisoformat(edge)
    for slip in ("0001-01-01", "1909-12-31", "2190-01-01", "9999-12-31"):
        monkeypatch.setenv(TODAY_ENV, slip)
        monkeypatch.setenv(DEMO_DAY_ENV, slip)
        assert app_today() == dt.date.today(), slip
        assert poc_start() <= dt.date.today(), slip


def test_the_windows_date_fields_ask_the_apps_today() -> None:
    """A date box or calendar starts at the app's today (app.ui.widgets.date_box.today_qdate), never at Qt's idea of
    today: with MLOPS_KICKOFF_TODAY set, the computer's date is not the day the app shows."""
    import re

    found = [f"{path.relative_to(ROOT)}:{n}" for path in sorted((ROOT / "app" / "ui").rglob("*.py"))
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if re.search(r"\bQDate\.currentDate\(|\bQDateTime\.currentDateTime\(", line)]  # fmt: skip
    assert found == []

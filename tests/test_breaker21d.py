"""breaker21d: what changed today tried to break as a demanding customer would (user templates in the
sandbox: recursion, values made before they are checked; drafts kept on disk; the command line).
Strict xfails are defects (the reason says what the user sees); the rest held."""

from __future__ import annotations

import os
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest

from app.core.content.templating import TemplateLimitError, sandboxed_environment
from app.core.errors import UserError

REPO = Path(__file__).resolve().parent.parent
ENDLESS_MACRO = "{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}\n"


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder / name


def render_peak(folder: Path, text: str) -> tuple[BaseException | None, int]:
    write(folder, "t.j2", text)
    template = sandboxed_environment([folder]).get_template("t.j2")
    tracemalloc.start()
    error: BaseException | None = None
    try:
        template.render()
    except Exception as caught:  # what it raised is asserted
        error = caught
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return error, peak


# --- the template sandbox ------------------------------------------------------------------------------


def test_a_macro_calling_itself_is_stopped_naming_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "t.j2", ENDLESS_MACRO)
    with pytest.raises(UserError) as caught:
        sandboxed_environment([tmp_path]).get_template("t.j2").render()
    assert str(path) in caught.value.text("ja")


def test_a_proposal_template_calling_itself_is_one_line_on_the_command_line(tmp_path: Path) -> None:
    home = tmp_path / "home"
    env = {**os.environ, "MLOPS_KICKOFF_HOME": str(home), "MLOPS_KICKOFF_SETTINGS": str(home / "s.ini"), "PYTHONPATH": str(REPO)}
    home.mkdir(exist_ok=True)  # the autouse isolated_home made it
    db = home / "db.sqlite3"
    run = [sys.executable, "-m", "app", "--db", str(db), "--lang", "ja"]
    assert subprocess.run([*run, "project", "new", "demo"], env=env, capture_output=True, timeout=60).returncode == 0
    shipped = (REPO / "resources" / "templates" / "proposal" / "proposal.md.j2").read_text(encoding="utf-8")
    own = write(home / "templates" / "proposal", "proposal.md.j2", shipped + ENDLESS_MACRO)
    done = subprocess.run([*run, "export", "proposal", "--project", "1", "--out", str(tmp_path / "p.md")],
                          env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr[-300:]
    assert len(done.stderr.splitlines()) == 1 and str(own) in done.stderr


def test_printing_a_nested_list_is_refused_before_the_text_is_made(tmp_path: Path) -> None:
    error, peak = render_peak(tmp_path, "{{ [['x' * 1000000] * 100] * 3 }}")
    assert isinstance(error, TemplateLimitError)
    assert peak < 200 * 1024 * 1024  # the sandbox's own bound in tests/test_template_sandbox.py


def test_urlencode_is_refused_before_its_value_is_made(tmp_path: Path) -> None:
    error, peak = render_peak(tmp_path, "{{ ('あ' * 9000000)|urlencode|length }}")
    assert isinstance(error, TemplateLimitError)
    assert peak < 200 * 1024 * 1024


def test_held_escape_of_a_long_text_is_refused(tmp_path: Path) -> None:
    error, peak = render_peak(tmp_path, "{{ ('<' * 9000000)|escape|length }}")
    assert isinstance(error, TemplateLimitError) and peak < 200 * 1024 * 1024


# --- the Exports page's ending (app.core.kinds.with_suffix) -------------------------------------------


@pytest.mark.parametrize("typed", ["WBS 顧客提出 rev.B", "WBS_v1.2b", "plan.v2", "提案前 Ver.Final"])
def test_a_name_ending_in_a_version_gets_the_formats_ending(typed: str) -> None:
    from app import features
    from app.core.kinds import check_suffix, with_suffix

    kind = features.EXPORTS["wbs"]
    out = with_suffix(kind, Path(typed))
    assert out.name == f"{typed}.xlsx"
    check_suffix(kind, out)


def test_held_a_version_with_digits_only_gets_the_ending() -> None:
    from app import features
    from app.core.kinds import with_suffix

    assert with_suffix(features.EXPORTS["wbs"], Path("WBS 2026.03")).name == "WBS 2026.03.xlsx"


# --- company holidays' dates (app/wbs/company_calendar.py parse_days) ---------------------------------


@pytest.mark.parametrize("typed", ["0001/01/01", "1899/12/31", "2200/01/01"])
def test_a_holiday_outside_the_dates_a_plan_holds_is_refused(typed: str) -> None:
    from app.wbs.company_calendar import parse_days

    with pytest.raises(UserError):
        parse_days([typed])


@pytest.mark.parametrize("typed", ["2026/8/12〜2026/8/14", "2026/8/12～2026/8/14"])
def test_a_range_written_with_a_wave_dash_is_read(typed: str) -> None:
    import datetime as dt

    from app.wbs.company_calendar import parse_days

    assert parse_days([typed]) == [dt.date(2026, 8, 12), dt.date(2026, 8, 13), dt.date(2026, 8, 14)]


def test_held_holiday_dates_in_japanese_forms() -> None:
    import datetime as dt

    from app.wbs.company_calendar import parse_days

    for typed in ("R8/8/12", "2026年8月12日(水)", "２０２６／８／１２", "2026/08/12(水曜日)"):
        assert parse_days([typed]) == [dt.date(2026, 8, 12)], typed


# --- drafts kept on disk (held) -------------------------------------------------------------------------


def test_held_drafts_of_two_projects_after_a_crash_each_in_its_own_project(qtbot, db_path, said) -> None:
    from PySide6.QtWidgets import QLineEdit

    from app.core.projects import ProjectService
    from tests.gui_helpers import close_window, environment_page, make_window, settle
    from tests.test_drafts_on_disk_pages import crash, type_into

    first = make_window(qtbot, db_path, global_lang="ja")
    a = first.state.project_id
    type_into(environment_page(first, qtbot).findChild(QLineEdit, "field_repo_name"), "案件A 名前")
    b = ProjectService(first.state.workspace.db).create("別案件").id
    first.open_project(b)
    settle(first)
    page = environment_page(first, qtbot)
    qtbot.waitUntil(page.settled)
    type_into(page.findChild(QLineEdit, "field_repo_name"), "案件B 名前")
    crash(first)

    window = make_window(qtbot, db_path, global_lang="ja")
    qtbot.waitUntil(lambda: "2 件の下書きが未保存です" in window.save_label.text())
    page = environment_page(window, qtbot)
    qtbot.waitUntil(page.settled)
    shown = {window.state.project_id: page.findChild(QLineEdit, "field_repo_name").text()}
    window.open_project(a if window.state.project_id == b else b)
    settle(window)
    qtbot.waitUntil(page.settled)
    shown[window.state.project_id] = page.findChild(QLineEdit, "field_repo_name").text()
    assert shown == {a: "案件A 名前", b: "案件B 名前"}
    close_window(window)


def test_held_a_proposal_draft_taken_back_follows_a_language_switch(qtbot, db_path, said) -> None:
    from PySide6.QtWidgets import QLabel, QPlainTextEdit

    from tests.gui_helpers import close_window, make_window, settle
    from tests.test_drafts_on_disk_pages import crash, proposal_page

    first = make_window(qtbot, db_path, global_lang="ja")
    proposal_page(first, qtbot)
    edit = first.findChild(QPlainTextEdit, "section_purpose")
    edit.setFocus()
    edit.setPlainText("あ" * 100_001)
    crash(first)
    window = make_window(qtbot, db_path, global_lang="ja")
    proposal_page(window, qtbot)
    assert window.findChild(QLabel, "proposalDraft").text().startswith("まだ保存されていません")
    window.choose_ui_lang("en")
    settle(window)
    line = window.findChild(QLabel, "proposalDraft")
    assert line.isVisibleTo(window) and line.text().startswith("Not saved yet")
    close_window(window)

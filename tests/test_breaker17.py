"""Issue 17 (desktop-ready) tried as a demanding Japanese-speaking user would: restore, backups,
first start, settings, company holidays. Each xfail is a defect found; the rest hold up."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCommandLinkButton, QDialog, QLineEdit

from app.core import operations as ops
from app.core import paths
from app.core.errors import UserError
from app.core.projects import ProjectService
from app.core.storage import backups
from app.core.workspace import Workspace
from app.main import main
from app.wbs import company_calendar as cc
from app.wbs.schedule import schedule
from app.wbs.service import WbsService
from tests import children
from tests.gui_helpers import close_window, make_window
from tests.schema_0001 import make_database
from tests.wbs_helpers import add, new_project

REPO = Path(__file__).resolve().parent.parent
LEFT = Qt.MouseButton.LeftButton
d = dt.date


def project_names(db_path: Path, library) -> list[str]:
    ws = Workspace.open(str(db_path), library)
    try:
        return sorted(p.name for p in ProjectService(ws.db).list())
    finally:
        ws.close()


# --- backups ---------------------------------------------------------------------------------------

SECOND_WINDOW = children.GUARD + textwrap.dedent(
    """
    import sys
    import app.features
    from app.core.projects import ProjectService
    from app.core.workspace import Workspace
    ws = Workspace.open(sys.argv[1])
    print(len(ProjectService(ws.db).list()), flush=True)  # the window shows its projects: the database is open
    sys.stdin.readline()  # the user goes on working later
    ProjectService(ws.db).create("二つ目の窓で作った案件")
    print("saved", flush=True)
    ws.close()
    """
)


def test_restore_while_a_second_window_has_the_database_open_keeps_that_windows_later_edits(db_path, library, tmp_path) -> None:
    """The user has two windows on one database (nobody edited yet since they opened) and restores a
    backup in the first (File > Restore Backup / `backup restore`). Expected: the restore is refused
    while the other window has the database open (as restore_backup's docstring promises), or the
    other window's later edits land in the restored database. Actual: the restore goes ahead; the
    second window then saves a new project without any error, and it is silently lost (it went to
    the replaced file)."""
    ws = Workspace.open(str(db_path), library)
    ProjectService(ws.db).create("今の案件")
    backup = backups.create_backup(ws.db)
    ws.close()  # the write-ahead log is folded in and removed: both windows start clean
    env = dict(os.environ, PYTHONPATH=str(REPO))
    second = children.Child([sys.executable, "-c", SECOND_WINDOW, str(db_path)], cwd=REPO, env=env, stdin=subprocess.PIPE)
    try:
        assert second.readline().strip() == "1"  # the second window is up, showing the project
        first = Workspace.open(str(db_path), library)
        refused = False
        try:
            backups.restore_backup(first.db, backup)
        except UserError:
            refused = True
        finally:
            first.close()
        out, err = second.finish("go\n", timeout=60)
    finally:
        second.close()
    assert second.process.returncode == 0 and "saved" in out, err
    assert refused or "二つ目の窓で作った案件" in project_names(db_path, library)


def test_restoring_an_older_backup_with_one_backup_kept_keeps_the_backup_of_what_was_there(workspace, tmp_path) -> None:
    """Settings > Backups to keep: 1 (the dialog allows it; `backup restore FILE --keep 1` too).
    The user restores a backup from before an update (an older schema). Expected: the database as it
    was before the restore stays saved at the path the app reports ("戻す前のデータベースは … に保存しました").
    Actual: the restore migrates the old file (a new "before-0004" backup), then prunes to one:
    the before-restore backup is deleted, so the user's current projects are gone for good."""
    ProjectService(workspace.db).create("今のプロジェクト")
    old = tmp_path / "old.sqlite3"
    make_database(old)
    before = backups.restore_backup(workspace.db, old, keep=1)
    assert before.is_file(), f"the app said the database before the restore is saved at {before}"


def test_backup_restore_of_missing_or_non_sqlite_files_is_one_line_and_changes_nothing(workspace, tmp_path, capsys) -> None:
    """`backup restore` with a path that does not exist, a text file, and a truncated copy: one stderr line, exit 2, nothing changed."""
    ProjectService(workspace.db).create("そのまま残る案件")
    good = backups.create_backup(workspace.db)
    fake = tmp_path / "notes.sqlite3"
    fake.write_text("これはデータベースではありません\n" * 100, encoding="utf-8")
    half = tmp_path / "half.sqlite3"
    half.write_bytes(good.read_bytes()[: good.stat().st_size // 3])
    db = str(workspace.db.path)
    for path in (tmp_path / "無い.sqlite3", fake, half):
        capsys.readouterr()
        assert main(["--db", db, "backup", "restore", str(path)]) == 2
        captured = capsys.readouterr()
        assert captured.out == "" and len(captured.err.strip().splitlines()) == 1, captured.err
        assert "Traceback" not in captured.err
    assert [p.name for p in ProjectService(workspace.db).list()] == ["そのまま残る案件"]


# --- first start ---------------------------------------------------------------------------------


def test_escape_on_the_create_form_at_first_start_does_not_throw_away_what_was_typed(qtbot, db_path) -> None:
    """First start, welcome page: the user clicks 「自分のプロジェクトを作成」, types the project name
    and the customer, then presses Esc (as to close the date pop-up, or to go back). Expected: the
    form and what was typed stay (Esc goes back, or asks), nothing opens behind the user's back.
    Actual: the dialog closes, the demo project is created and opened, and the typed name and
    customer are gone."""
    assert not db_path.exists()
    window = make_window(qtbot, db_path, first_start=True, welcome=True, global_lang="ja")
    try:
        qtbot.waitUntil(lambda: window.findChild(QDialog, "welcome") is not None and window.findChild(QDialog, "welcome").isVisible())
        dialog = window.findChild(QDialog, "welcome")
        qtbot.mouseClick(dialog.findChild(QCommandLinkButton, "welcomeCreateButton"), LEFT)
        name = dialog.findChild(QLineEdit, "welcomeNameEdit")
        name.setText("需要予測PoC")
        dialog.findChild(QLineEdit, "welcomeCustomerEdit").setText("山田製作所")
        qtbot.keyClick(name, Qt.Key.Key_Escape)
        typed_kept = dialog.isVisible() and name.text() == "需要予測PoC"
        made = [p.name for p in window.state.projects.list()]
        assert typed_kept or "需要予測PoC" in made, f"dialog closed, projects now: {made}"
    finally:
        close_window(window)


# --- settings: data folder ---------------------------------------------------------------------


@pytest.mark.skipif(not Path("/proc/self").exists(), reason="needs a folder nobody can write (Linux /proc)")
def test_settings_refuses_a_data_folder_that_cannot_be_written_at_once(qtbot, db_path) -> None:
    """Settings > データフォルダー > 移動…: the user picks a folder the app cannot create or write
    (here under /proc; on Windows a folder of another user or a read-only share). Expected: refused
    at once with the reason in the note, as for a folder inside the current one or one that
    already holds a database. Actual: accepted ("次回の起動時に…コピーします"); the failure comes only
    at the next start, when the dialog is long gone."""
    from app.ui.window.settings_dialog import SettingsDialog

    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        dialog = SettingsDialog(window.state, window)
        try:
            assert not dialog.set_move_target(paths.data_dir() / "中"), "control: a folder inside the current one is refused at once"
            accepted = dialog.set_move_target(Path("/proc/mlops-kickoff-データ"))
            assert not accepted, dialog.folder_note.text()
        finally:
            dialog.deleteLater()
    finally:
        close_window(window)


# --- company holidays ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["holidays", "add", "2026-02-30"],
        ["holidays", "add", "2026-12-31..2026-12-01"],
        ["holidays", "import", "missing.ics"],
        ["holidays", "add", "2026-01-01..2027-12-31"],
        ["holidays", "remove", "2026/13/01"],
        ["holidays", "add", "--year-end", "0"],
    ],
)
def test_bad_holiday_commands_are_one_line_exit_2_and_change_nothing(workspace, capsys, argv) -> None:
    ops.run(workspace, cc.edit_holidays_op(-1, cc.year_end(2026)))
    before = cc.holidays(workspace.db)
    capsys.readouterr()
    assert main(["--db", str(workspace.db.path), *argv]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and len(captured.err.strip().splitlines()) == 1, captured.err
    assert cc.holidays(workspace.db) == before


def test_a_date_typed_in_full_width_with_slashes_is_read_like_the_one_with_hyphens(workspace, capsys) -> None:
    """A Japanese user with the IME on types `holidays add ２０２６／１２／２９`. Expected: read as
    2026/12/29, as `２０２６-１２-２９` already is (full-width digits are accepted there).
    Actual: 「日付として読めません」 for the slash form only."""
    db = str(workspace.db.path)
    assert main(["--db", db, "holidays", "add", "２０２６-１２-２８"]) == 0  # full-width digits: accepted
    assert main(["--db", db, "holidays", "add", "２０２６／１２／２９"]) == 0, capsys.readouterr().err
    assert d(2026, 12, 29) in cc.holidays(workspace.db)


def test_importing_a_yearly_recurring_company_holiday_covers_the_project_years_or_says_it_does_not(workspace, tmp_path, capsys) -> None:
    """The company calendar (Outlook/Google export) holds 年末年始 once, as a yearly recurring
    all-day event first set up in 2020. The user imports it and schedules a 2026 project.
    Expected: 2026-12-29..2027-01-03 are company holidays, or the import says that only the first
    occurrence of a recurring event was taken. Actual: "会社休日: 6日を追加" (all in 2020/2021),
    and the 2026 schedule runs through 年末年始."""
    ics = tmp_path / "company.ics"
    ics.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:year-end@example.co.jp\r\n"
        "DTSTART;VALUE=DATE:20201229\r\nDTEND;VALUE=DATE:20210104\r\nRRULE:FREQ=YEARLY\r\n"
        "SUMMARY:年末年始休業\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        encoding="utf-8",
    )
    capsys.readouterr()
    assert main(["--db", str(workspace.db.path), "holidays", "import", str(ics)]) == 0
    out = capsys.readouterr().out
    assert d(2026, 12, 29) in cc.holidays(workspace.db) or "繰り返し" in out, out


def test_an_ics_summary_with_a_unicode_line_separator_keeps_its_whole_name(workspace, tmp_path) -> None:
    """An .ics whose SUMMARY holds U+2028 (pasted from a web page or Word into the calendar).
    Expected: the whole name (the separator as a space). Actual: only the part before it; the
    rest is read as a separate line without a colon and dropped silently."""
    ics = tmp_path / "paste.ics"
    ics.write_text(
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20260501\r\nSUMMARY:創立記念日\u2028全社休業\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n",
        encoding="utf-8",
    )
    days = cc.parse_ics(ics)
    assert "全社休業" in days[d(2026, 5, 1)]


def test_year_end_holidays_added_undone_redone_move_the_schedule_each_step(workspace) -> None:
    """Worked by hand: Design 3 days from Fri 2026-12-25, Review 1 day after it.
    Without company holidays: Design 12/25-12/29, Review 12/30. With 年末年始 (12/29-1/3):
    Design 12/25-1/4, Review 1/5. Each step (add, undo, redo, remove one day) is one undo step and
    the schedule follows after rescheduling."""
    from app.wbs.model import Dependency

    pid = new_project(workspace, start=d(2026, 12, 25))
    service = WbsService(workspace.db)
    design = add(service, pid, "Design", estimate_days=3)
    review = add(service, pid, "Review", estimate_days=1)
    service.set_dependencies(pid, review, [Dependency(predecessor_id=design)])

    def dates() -> dict[str, tuple]:
        schedule(workspace, pid)
        return {t.title: (t.start, t.finish) for t in service.tree(pid).tasks.values()}

    plain = {"Design": (d(2026, 12, 25), d(2026, 12, 29)), "Review": (d(2026, 12, 30), d(2026, 12, 30))}
    year_end = {"Design": (d(2026, 12, 25), d(2027, 1, 4)), "Review": (d(2027, 1, 5), d(2027, 1, 5))}
    assert dates() == plain
    added = ops.run(workspace, cc.edit_holidays_op(pid, cc.year_end(2026)))
    assert dates() == year_end
    ops.run(workspace, ops.undo_op(added))
    assert cc.holidays(workspace.db) == {} and dates() == plain
    ops.run(workspace, ops.redo_op(added))
    assert dates() == year_end
    removed = ops.run(workspace, cc.edit_holidays_op(pid, remove=[d(2026, 12, 29)]))
    # 12/29 works again: Design 12/25, 12/28, 12/29 -> Review the next working day, Mon 1/4
    assert dates() == {"Design": (d(2026, 12, 25), d(2026, 12, 29)), "Review": (d(2027, 1, 4), d(2027, 1, 4))}
    ops.run(workspace, ops.undo_op(removed))
    assert dates() == year_end

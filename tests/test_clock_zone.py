"""Times that colleagues in other zones compare say their zone: the project list's "last modified" and the
backups' dates carry this computer's offset from UTC in their heading (each time's own offset, summer or winter,
in its tooltip), and ``projects list --json`` gives its times as UTC with the offset, never naive."""

from __future__ import annotations

import datetime as dt
import json
import os
import time

import pytest
from PySide6.QtCore import Qt

from app.cli.main import main
from app.core.i18n import clock_zone, local_time
from tests.gui_helpers import close_window, make_window


@pytest.fixture
def zone(monkeypatch):
    """Sets this process's clock to a zone (as a laptop set to it), restored after the test."""

    def to(name: str) -> None:
        monkeypatch.setenv("TZ", name)
        time.tzset()

    yield to
    monkeypatch.undo()
    time.tzset()


def test_the_offset_is_the_clocks_own_in_summer_and_in_winter(zone) -> None:
    zone("Asia/Tokyo")
    assert clock_zone() == "UTC+09:00"
    zone("America/Los_Angeles")
    assert clock_zone(dt.datetime(2026, 7, 1, 12)) == "UTC-07:00"
    assert clock_zone(dt.datetime(2026, 12, 1, 12)) == "UTC-08:00"
    zone("Asia/Kolkata")
    assert clock_zone() == "UTC+05:30"
    assert clock_zone(dt.datetime(9999, 12, 31, 23, 59)) == "UTC+00:00"  # past year 9999 here: shown as stored, in UTC


def test_the_project_list_and_the_backups_say_the_zone_of_their_times(qtbot, tmp_path, zone) -> None:
    from app.core.storage import backups
    from app.ui.projects.dialog import ProjectsDialog
    from app.ui.projects.restore_dialog import RestoreBackupDialog

    zone("Asia/Tokyo")
    window = make_window(qtbot, tmp_path / "db.sqlite3", global_lang="ja")
    dialog = ProjectsDialog(window.state, window)
    qtbot.addWidget(dialog)
    table = window.findChild(type(dialog), "projectsDialog").findChild(type(dialog.table), "projectsTable")
    model = table.model()
    headings = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert "最終更新 (UTC+09:00)" in headings, headings
    column = headings.index("最終更新 (UTC+09:00)")
    project = dialog.model.project_at(0)
    assert project is not None
    cell = model.index(0, column)
    assert model.data(cell) == local_time(project.updated_at, "ja")
    assert model.data(cell, Qt.ItemDataRole.ToolTipRole).endswith("(UTC+09:00)")
    dialog.deleteLater()

    backups.create_backup(window.state.workspace.db, 5)
    restore = RestoreBackupDialog(window.state, window)
    qtbot.addWidget(restore)
    assert restore.findChild(type(restore.table), "backupList").horizontalHeaderItem(0).text() == "日時 (UTC+09:00)"
    restore.deleteLater()
    close_window(window)


def test_projects_list_json_gives_its_times_with_their_zone(tmp_path, capsys, zone) -> None:
    zone("America/Los_Angeles")
    db = str(tmp_path / "db.sqlite3")
    assert main(["--db", db, "demo"]) == 0
    capsys.readouterr()
    assert main(["--db", db, "projects", "list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    for key in ("created_at", "updated_at"):
        when = dt.datetime.fromisoformat(rows[0][key])
        assert when.utcoffset() == dt.timedelta(0), rows[0][key]
        assert abs(dt.datetime.now(dt.UTC) - when) < dt.timedelta(minutes=10)  # the moment itself, not the local clock's reading
    assert os.environ["TZ"] == "America/Los_Angeles"

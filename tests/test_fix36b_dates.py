"""fix36b: every date of a project file (the project's start, a session's day, a WBS task's dates) within the years
the app holds, refused in one line naming the field; a project the app holds keeps what it stored. (A follow-up's due
date past 2199 from an earlier version still comes in as it was: test_dates_in_range.)"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from app.cli.main import main
from app.core.projects import ProjectService
from app.core.storage.models import Project, WbsTask
from app.projects import transfer
from app.projects.file_format import ProjectTooLarge


def _file(workspace, demo, tmp_path: Path, edit) -> Path:
    path = transfer.export_file(workspace.db, demo.id, tmp_path / "p.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    data["project"] |= {"uuid": "00000000-0000-4000-8000-000000036b01", "name": "遠い日付"}
    edit(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _wbs(field: str, value: object):
    def edit(data) -> str:
        data["parts"]["wbs"][0][field] = value
        return f"parts.wbs.0.{field}"
    return edit


def _session(data) -> str:
    data["sessions"][0]["held_on"] = "0001-01-01"
    return "sessions.0.held_on"


def _start_number(data) -> str:
    data["project"]["start_date"] = 12345  # pydantic would read seconds since 1970
    return "project.start_date"


@pytest.mark.parametrize("edit", [_session, _start_number, _wbs("start", "0001-01-01"), _wbs("finish", "2200-01-01"),
                                  _wbs("agreed_on", "1899-12-31")])
def test_a_date_of_the_file_outside_the_years_or_not_text_is_refused_naming_it(workspace, demo, tmp_path, capsys, edit) -> None:
    where: list[str] = []
    path = _file(workspace, demo, tmp_path, lambda data: where.append(edit(data)))
    count = ProjectService(workspace.db).count()
    capsys.readouterr()
    code = main(["--db", str(workspace.db.url.removeprefix("sqlite:///")), "--lang", "ja", "project", "import", str(path)])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and where[0] in err, err
    assert ("1900年〜2199年" in err) or ("日付や日時ではありません" in err), err
    assert ProjectService(workspace.db).count() == count


def test_the_years_edges_are_taken(workspace, demo, tmp_path) -> None:
    def edit(data) -> None:
        data["project"]["start_date"] = "1900-01-01"
        data["parts"]["wbs"][0]["finish"] = "2199-12-31"

    new_id = transfer.import_file(workspace.db, _file(workspace, demo, tmp_path, edit))
    with workspace.db.session() as s:
        assert s.get(Project, new_id).start_date == dt.date(1900, 1, 1)
        assert dt.date(2199, 12, 31) in {t.finish for t in s.query(WbsTask).filter_by(project_id=new_id)}


def test_a_far_date_an_older_version_stored_duplicates_and_is_said_on_export(workspace, tmp_path) -> None:
    pid = ProjectService(workspace.db).create("遠い開始日の案件").id
    with workspace.db.session() as s:
        s.get(Project, pid).start_date = dt.date(1, 1, 1)
    copy = transfer.duplicate(workspace.db, pid)  # the app's own data: kept as stored
    assert copy.start_date == dt.date(1, 1, 1)
    with pytest.raises(ProjectTooLarge) as refused:
        transfer.export_file(workspace.db, pid, tmp_path / "far.json")
    text = refused.value.text("ja")
    assert "project.start_date" in text and "1900年〜2199年" in text, text
    assert not (tmp_path / "far.json").exists()

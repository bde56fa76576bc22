"""A sheet from another project of the same name (a colleague's database, a copy renamed back) is refused
saying so: 「同じ名前「X」の別のプロジェクト」, never the riddle 「X」のシートで、「X」のものではありません."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.errors import UserError
from app.core.projects import ProjectService
from app.core.workspace import Workspace
from app.hearing.sheet import export_hearing_sheet
from app.hearing.sheet_import import read_plan as read_hearing_sheet
from app.wbs.files.sheet_import import read_plan as read_wbs_sheet
from app.wbs.files.xlsx import export_wbs_xlsx
from app.wbs.service import WbsService


@pytest.fixture
def namesake(tmp_path: Path, library):
    """Project 「PoC」 in this database, and another 「PoC」 in a colleague's database."""
    here, there = Workspace.open(str(tmp_path / "here.sqlite3"), library), Workspace.open(str(tmp_path / "there.sqlite3"), library)
    mine, theirs = ProjectService(here.db).create("PoC"), ProjectService(there.db).create("PoC")
    WbsService(there.db).add_task(theirs.id, title="要件定義")
    yield here, mine, there, theirs
    here.close()
    there.close()


@pytest.mark.parametrize("kind", ["hearing", "wbs"])
def test_a_sheet_of_another_project_of_the_same_name_is_said_so(namesake, tmp_path: Path, kind: str) -> None:
    here, mine, there, theirs = namesake
    export, read = (export_hearing_sheet, read_hearing_sheet) if kind == "hearing" else (export_wbs_xlsx, read_wbs_sheet)
    path = export(there, theirs.id, tmp_path / f"{kind}.xlsx", "ja")
    with pytest.raises(UserError) as caught:
        read(here, mine.id, path)
    ja, en = caught.value.text("ja"), caught.value.text("en")
    assert "同じ名前「PoC」の別のプロジェクト" in ja, ja
    assert "another project also named “PoC”" in en, en

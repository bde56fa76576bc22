"""Person-days in the Excel WBS show as typed, down to 4 decimals: an estimate of half an hour (0.0625,
imported or typed) reads 0.0625 on the summary sheet, not 0.063, and 3 days read 3, in Excel and in
LibreOffice; the task rows and the summary's totals agree."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import openpyxl
import pytest

from app.hearing.sheet_cells import shown_number
from app.wbs.files.xlsx import export_wbs_xlsx
from tests.office import soffice

TYPED = (0.0625, 0.125, 1.5, 3.0)
TEXTS = {"0.0625", "0.125", "1.5", "3"}


def as_typed(value: float) -> str:
    return f"{value:.4f}".rstrip("0").rstrip(".")


@pytest.fixture
def exported(workspace, tmp_path: Path) -> Path:
    from app.core.projects import ProjectService
    from app.wbs.service import WbsService

    project = ProjectService(workspace.db).create("半時間", lang="ja")
    service = WbsService(workspace.db)
    for n, (days, phase) in enumerate(zip(TYPED, ("poc", "build", "operate", "plan"), strict=True)):
        service.add_task(project.id, title=f"作業{n}", estimate_days=days, phase=phase, owner_role=f"role{n}", priority=f"P{n}")
    return export_wbs_xlsx(workspace, project.id, tmp_path / "wbs.xlsx", "ja")


def shown(cell) -> str | None:
    code = cell.number_format
    return as_typed(cell.value) if code == "General" else shown_number(cell.value, code)


def test_every_person_day_of_the_excel_wbs_shows_as_typed_to_four_decimals(exported: Path) -> None:
    book = openpyxl.load_workbook(exported)
    wbs, summary = book["WBS"], book["集計"]
    estimate = next(cell.column for cell in wbs[1] if cell.value and "見積" in str(cell.value))
    cells = [*(row[0] for row in wbs.iter_rows(min_row=2, min_col=estimate, max_col=estimate)),
             *(row[0] for row in summary.iter_rows(min_col=2, max_col=2) if isinstance(row[0].value, float | int))]
    assert {cell.value for cell in cells} >= {*TYPED, sum(TYPED)}, [(c.coordinate, c.value) for c in cells]
    wrong = {(cell.parent.title, cell.coordinate, cell.value, cell.number_format): shown(cell)
             for cell in cells if shown(cell) != as_typed(cell.value)}
    assert not wrong
    assert {shown(cell) for cell in cells if cell.value == sum(TYPED)} == {"4.6875"}


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed (a local check only)")
def test_libreoffice_shows_the_summary_person_days_as_typed(exported: Path, tmp_path: Path) -> None:
    out = tmp_path / "csv"
    # every sheet (-1) to its own file, as shown (formatted text, true)
    soffice(["--convert-to", 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1',
             "--outdir", str(out), str(exported)])
    texts = {value for path in out.glob("*.csv") for row in csv.reader(path.open(encoding="utf-8")) for value in row}
    assert TEXTS | {"4.6875"} <= texts, sorted(t for t in texts if t[:1].isdigit())
    assert not {"0.063", "0.13", "4.688", "3.0"} & texts

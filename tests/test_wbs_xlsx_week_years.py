"""The Excel WBS's Gantt weeks say which year: the first week and the first week of each new year are
whole dates in the document's style, the others month/day (app/wbs/files/xlsx.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from app.wbs.files.xlsx import export_wbs_xlsx


@pytest.mark.parametrize(("lang", "whole"), [("ja", "yyyy/mm/dd"), ("en", "yyyy-mm-dd")])
def test_the_first_week_and_each_new_years_first_say_the_year(workspace, demo, tmp_path: Path, lang, whole) -> None:
    out = export_wbs_xlsx(workspace, demo.id, tmp_path / "wbs.xlsx", lang)
    sheet = openpyxl.load_workbook(out)["WBS"]
    weeks = [(c.value, c.number_format) for c in sheet[1] if isinstance(c.value, dt.datetime)]
    assert len(weeks) > 2 and weeks[0][1] == whole
    years = [n for n in range(1, len(weeks)) if weeks[n][0].year != weeks[n - 1][0].year]
    assert years, "the demo runs into a new year"
    assert all(weeks[n][1] == whole for n in years)
    assert all(fmt == "m/d" for n, (_day, fmt) in enumerate(weeks) if n and n not in years)
    assert sheet.row_dimensions[1].height >= 70  # a whole date turned on its side fits

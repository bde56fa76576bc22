"""``export experiment-sheet``: the experiment-management workbook (実験管理シート).

Three sheets with exactly the seed's columns (``checklists/experiment_sheet.yaml``): raw
datasets (prefilled from the hearing's data sources and the data platform), processed datasets,
experiment results. Each has a frozen, styled header, filters, fitted widths, date cells and
drop-downs (fixed lists, the team's names, the dataset names of the previous sheet); a prefilled
row's text wraps and the row is as tall as it needs (a note of five lines prints five). Text typed
by a user is always written as text, never as a formula.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from app.core.errors import NotFoundError
from app.core.files.atomic import write_with
from app.core.files.xlsx_style import cell_text, date_format, first_sheet, fit_row_height, print_setup, save
from app.core.i18n import Lang
from app.core.messages import Label
from app.core.workspace import Workspace
from app.environment.facts import ProjectFacts, gather
from app.environment.model import ExperimentSheetSpec, SheetColumn, SheetColumnKind, SheetDef

SPEC_TYPE, SPEC_ID = "experiment_sheet", "experiment_sheet"
HEADER_FILL = "305496"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\0")
LIST_LIMIT = 255  # Excel's limit for a literal drop-down list


def spec_of(ws: Workspace) -> ExperimentSheetSpec:
    try:
        return ws.library.documents[SPEC_TYPE][SPEC_ID]  # type: ignore[return-value]
    except KeyError:
        raise NotFoundError(key="content.not_loaded", what=Label(ja="実験管理シートの列", en="the experiment sheet's columns"),
                            file="checklists/experiment_sheet.yaml") from None


def set_text(cell, value: Any) -> None:  # an openpyxl cell
    """Write user text as text: a leading = + - @ never turns it into a formula (OWASP CSV injection)."""
    text = cell_text(value)
    cell.value = text or None
    if text.startswith(FORMULA_START):
        cell.data_type = "s"
        cell.quotePrefix = True


def _number(text: str) -> float | int | None:
    plain = text.replace(",", "").strip()
    if re.fullmatch(r"\d+", plain):
        return int(plain)
    if re.fullmatch(r"\d+\.\d+", plain):
        return float(plain)
    return None


def raw_rows(facts: ProjectFacts, lang: Lang) -> list[dict[str, Any]]:
    """Rows of the raw-datasets sheet, one per data source of the hearing."""
    rows = []
    cells = facts.rows("hearing.prereq.data_sources")
    for n, dataset in enumerate(facts.choices.datasets):
        formatted = cells[n] if n < len(cells) else {}
        size = str(dataset.row.get("size") or "").strip()
        count = _number(size)
        notes = []
        if dataset.personal_info:
            notes.append("個人情報を含む" if lang == "ja" else "contains personal information")
        if dataset.row.get("timing") == "later":
            notes.append(("受領時期: " if lang == "ja" else "arrives: ") + formatted.get("timing", ""))
        if size and count is None:
            notes.append(("データサイズ: " if lang == "ja" else "size: ") + size)
        if dataset.row.get("note"):
            notes.append(str(dataset.row["note"]))
        rows.append(
            {
                "formal_name": dataset.name,
                "raw_name": dataset.dataset_id,
                "license": str(dataset.row.get("license") or ""),
                "count": count,
                "method": str(dataset.row.get("receipt") or ""),
                "location": dataset.path,
                "owner": dataset.owner,
                "note": " / ".join(notes),
            }
        )
    return rows


def display_width(text: str) -> int:
    """Excel column units a text needs: wide (CJK) characters count double."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def fitted_width(column: SheetColumn, values: list[Any]) -> float:
    """The content file's width, widened (up to 60) so that prefilled one-line values show whole."""
    if column.kind == SheetColumnKind.LONG_TEXT:
        return column.width  # long text wraps instead
    longest = max((display_width(line) for v in values if v is not None for line in str(v).split("\n")), default=0)
    return max(column.width, min(60.0, longest + 2))


def _column_letter(n: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(n)


def _quoted_sheet(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"


def _literal_list(values: list[str]) -> str | None:
    """A drop-down's literal list, or None when nothing fits (commas and quotes cannot be in one)."""
    usable: list[str] = []
    for value in map(cell_text, values):
        if not value or "," in value or '"' in value:
            continue
        if len(",".join([*usable, value])) + 2 > LIST_LIMIT:
            break
        usable.append(value)
    return '"' + ",".join(usable) + '"' if usable else None


def _validation(column: SheetColumn, spec: ExperimentSheetSpec, team: list[str], lang: Lang, present: list[Any]) -> str | None:
    """A column's drop-down; a choice column's also offers the values its prefilled cells hold."""
    match column.kind:
        case SheetColumnKind.CHOICE:
            options = [o.get(lang) for o in column.options]
            return _literal_list(options + [str(v) for v in dict.fromkeys(present) if v and str(v) not in options])
        case SheetColumnKind.OWNER:
            return _literal_list(team)
        case SheetColumnKind.REF:
            sheet_id, column_id = (column.ref or "").split(".", 1)
            target = next(s for s in spec.sheets if s.id == sheet_id)
            index = next(i for i, c in enumerate(target.columns, start=1) if c.id == column_id)
            letter = _column_letter(index)
            return f"{_quoted_sheet(target.title.get(lang))}!${letter}$2:${letter}${spec.rows + 1}"
    return None


def _fill_sheet(sheet, definition: SheetDef, spec: ExperimentSheetSpec, rows: list[dict[str, Any]], team: list[str], lang: Lang) -> None:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.worksheet.datavalidation import DataValidation

    thin = Side(style="thin", color="B4C6E7")
    last_row = spec.rows + 1
    prefilled = Alignment(wrap_text=True, vertical="top")
    text_widths: dict[int, float] = {}  # the columns of text, whose prefilled cells wrap: by them a row's height
    for index, column in enumerate(definition.columns, start=1):
        header = sheet.cell(row=1, column=index, value=cell_text(column.label.get(lang)))
        header.font = Font(bold=True, color="FFFFFF")
        header.fill = PatternFill("solid", fgColor=HEADER_FILL)
        header.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        header.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        letter = _column_letter(index)
        width = sheet.column_dimensions[letter].width = fitted_width(column, [row.get(column.id) for row in rows])
        if column.kind not in (SheetColumnKind.NUMBER, SheetColumnKind.DATE):
            text_widths[index] = width
        for n, row in enumerate(rows, start=2):
            value = row.get(column.id)
            cell = sheet.cell(row=n, column=index)
            if column.kind == SheetColumnKind.NUMBER and isinstance(value, int | float):
                cell.value = value
            else:
                set_text(cell, value)
            cell.alignment = prefilled  # a note of five lines prints five, each cell from the row's top
        if column.kind == SheetColumnKind.DATE:
            for r in range(2, last_row + 1):
                sheet.cell(row=r, column=index).number_format = date_format(lang)
        elif column.kind == SheetColumnKind.NUMBER:
            for r in range(2, last_row + 1):
                sheet.cell(row=r, column=index).number_format = "#,##0"
        elif column.kind == SheetColumnKind.LONG_TEXT:
            for r in range(2, last_row + 1):
                sheet.cell(row=r, column=index).alignment = Alignment(wrap_text=True, vertical="top")
        formula = _validation(column, spec, team, lang, [row.get(column.id) for row in rows])
        if formula:
            dv = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=True, errorStyle="warning")
            dv.error = "一覧にない値です。このまま入力しますか?" if lang == "ja" else "This value is not in the list. Keep it?"
            dv.add(f"{letter}2:{letter}{last_row}")
            sheet.add_data_validation(dv)
        if column.kind == SheetColumnKind.DATE:
            dv = DataValidation(type="date", operator="greaterThan", formula1="1", allow_blank=True, showErrorMessage=True)
            dv.error = "日付を入力してください(YYYY/MM/DD)" if lang == "ja" else "Enter a date (YYYY-MM-DD)"
            dv.add(f"{letter}2:{letter}{last_row}")
            sheet.add_data_validation(dv)
    for n in range(2, len(rows) + 2):  # as tall as its wrapped text needs (Excel and LibreOffice do not grow it on open)
        fit_row_height(sheet, n, text_widths)
    end = _column_letter(len(definition.columns))
    sheet.row_dimensions[1].height = 32
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = f"A1:{end}{last_row}"
    print_setup(sheet, title_columns="A:A")  # the dataset's or model's name on every page


def build_workbook(spec: ExperimentSheetSpec, facts: ProjectFacts, lang: Lang):  # an openpyxl Workbook
    from openpyxl import Workbook

    book = Workbook()
    book.remove(first_sheet(book))
    book.properties.title = cell_text(f"{spec.title.get(lang)}: {facts.project.name}")
    book.properties.creator = "MLOps Kickoff"
    prefilled = {"raw": raw_rows(facts, lang)}
    team = facts.team()
    for definition in spec.sheets:
        sheet = book.create_sheet(definition.title.get(lang))
        _fill_sheet(sheet, definition, spec, prefilled.get(definition.id, []), team, lang)
    return book


def export_experiment_sheet(ws: Workspace, project_id: int, out: Path, lang: Lang) -> Path:
    spec = spec_of(ws)
    facts = gather(ws, project_id, lang)
    book = build_workbook(spec, facts, lang)
    return write_with(Path(out), lambda tmp: save(book, tmp))

"""The hearing sheet: an Excel workbook sent to the customer before a meeting, and read back after.

Layout (the import relies on it, so it is versioned in the hidden ``_meta`` sheet):

- sheet 1, one row per item under section rows: ID, section, question, help (with the answer
  format), the current answer (now, later), and the customer's columns 回答 / 回答(これから) /
  備考 (Answer / Answer (later) / Note). Only the customer's cells are unlocked; the sheet is
  protected (no password) so the structure survives; choice items get a drop-down.
- one sheet per table item (data sources, team, ...): the current rows plus blank rows to fill,
  with a hidden first column holding each row's original position.
- ``_meta`` (very hidden): format, project UUID, export time, and per item a fingerprint of the
  answer at export time, so an import can tell which answers changed in the app since then.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.core.content.model import AnswerKind, Column, ColumnKind, Item
from app.core.errors import RefusedImportError
from app.core.files import xlsx_style as xs
from app.core.files.atomic import write_with
from app.core.files.xlsx_guard import value_rows
from app.core.i18n import Lang
from app.core.workspace import Workspace
from app.hearing.answers import table_rows
from app.hearing.checklist import ItemRef, hearing_checklist, walk
from app.hearing.model import Answer, HistoryEntry, HypothesisState, format_cell, format_value

FORMAT = "mlops-kickoff-hearing-sheet"
VERSION = 1
META = "_meta"
LISTS = "_lists"
BLANK_TABLE_ROWS = 20
ROW_COLUMN_WIDTH = 6  # a table sheet's row-number column
TEXT_WIDTH = (16.0, 24.0)  # a table sheet's text column: narrowest and widest

TEXT: dict[str, dict[Lang, str]] = {
    "sheet": {"ja": "ヒアリングシート", "en": "Hearing sheet"},
    "id": {"ja": "ID", "en": "ID"},
    "section": {"ja": "セクション", "en": "Section"},
    "question": {"ja": "質問", "en": "Question"},
    "help": {"ja": "説明・例", "en": "Help and examples"},
    "current": {"ja": "現在の回答", "en": "Current answer"},
    "current_later": {"ja": "現在の回答(これから)", "en": "Current answer (later)"},
    "answer": {"ja": "回答", "en": "Answer"},
    "answer_later": {"ja": "回答(これから)", "en": "Answer (later)"},
    "note": {"ja": "備考", "en": "Note"},
    "row": {"ja": "行", "en": "Row"},
    "hypothesis": {"ja": "[仮説] ", "en": "[hypothesis] "},
    "see_sheet": {"ja": "→ シート「{0}」に記入してください", "en": "-> fill in sheet '{0}'"},
    "now_later_hint": {"ja": "現時点の状況を「回答」に、今後の予定を「回答(これから)」に", "en": "Today in 'Answer', the plan in 'Answer (later)'"},
    "format_choice": {"ja": "選択: {0}", "en": "Choose: {0}"},
    "format_multi": {"ja": "複数選択可(「、」区切り): {0}", "en": "One or more, comma-separated: {0}"},
    "format_number": {"ja": "数値{0}", "en": "Number{0}"},
    "format_date": {"ja": "日付(YYYY/MM/DD)", "en": "Date (YYYY-MM-DD)"},
    "format_check": {"ja": "該当すれば内容を記入、該当しなければ「なし」", "en": "Describe it if it applies; 'no' if it does not"},
    "yes": {"ja": "はい", "en": "yes"},
    "no": {"ja": "いいえ", "en": "no"},
    "print_header": {"ja": "{0} ヒアリングシート", "en": "{0} hearing sheet"},
}

# Column positions of sheet 1 (1-based); the import checks the header against these.
COLUMNS = ("id", "section", "question", "help", "current", "current_later", "answer", "answer_later", "note")
COL = {key: n for n, key in enumerate(COLUMNS, start=1)}


def t(key: str, lang: Lang) -> str:
    return TEXT[key][lang]


def header(lang: Lang) -> list[str]:
    return [t(key, lang) for key in COLUMNS]


def fingerprint(answer: Answer | HistoryEntry | None) -> str:
    """What identifies an answer's content (value, later, note) at export time."""
    data = {"value": answer.value, "later": answer.later, "note": answer.note} if answer else {}
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()[:16]


def format_hint(item: Item, lang: Lang, table_sheet: str | None) -> str:
    options = lambda: ("、" if lang == "ja" else ", ").join(o.label.get(lang) for o in item.options)  # noqa: E731
    match item.kind:
        case AnswerKind.CHOICE:
            return t("format_choice", lang).format(options())
        case AnswerKind.MULTI:
            return t("format_multi", lang).format(options())
        case AnswerKind.NUMBER:
            unit = f" ({item.unit.get(lang)})" if item.unit else ""
            return t("format_number", lang).format(unit)
        case AnswerKind.DATE:
            return t("format_date", lang)
        case AnswerKind.CHECK:
            return t("format_check", lang)
        case AnswerKind.TABLE:
            return t("see_sheet", lang).format(table_sheet)
    return ""


def cell_text(item: Item, value: Any, lang: Lang) -> str:
    if item.kind == AnswerKind.TABLE:
        return format_value(item, value or [], lang)
    return format_value(item, value, lang)


def current_cell(item: Item, answer: Answer | HistoryEntry | None, fld: str, lang: Lang) -> str:
    """What the export writes in 現在の回答 (``fld`` value) or 現在の回答(これから) (``fld`` later) for
    ``answer``, before a text longer than a cell holds is cut (:func:`app.core.files.xlsx_style.cell_text`)."""
    if answer is None:
        return ""
    text = cell_text(item, getattr(answer, fld), lang)
    if fld != "value" or not text:
        return text
    marker = t("hypothesis", lang) if answer.hypothesis_state == HypothesisState.HYPOTHESIS else ""
    return (marker + text).strip()


def is_cut(text: str) -> bool:
    """Whether ``text`` is longer than an Excel cell holds: the sheet shows it cut, ending in …"""
    return xs.is_cut(text)


def cut_answers(path: Path) -> list[dict[str, Any]]:
    """The answers a written sheet shows cut at Excel's cell limit, as its ``_meta`` lists them: per
    answer ``item``, ``field`` (value, later; cells: a table's), ``ja`` / ``en`` (the item's label),
    ``length`` (a text's characters) or ``count`` (a table's cells cut)."""
    return xs.cut_list(path, META, "items")


@dataclass
class _Lists:
    """Option lists on a hidden sheet: list validations point at ranges (no 255-character limit)."""

    ws: Any
    column: int = 0

    def add(self, labels: list[str]) -> str:
        from openpyxl.utils import get_column_letter

        self.column += 1
        for row, label in enumerate(labels, start=1):
            xs.set_text(self.ws.cell(row=row, column=self.column), label)
        letter = get_column_letter(self.column)
        return f"'{LISTS}'!${letter}$1:${letter}${len(labels)}"


def _validation(kind: str, formula: str | None = None) -> Any:
    from openpyxl.worksheet.datavalidation import DataValidation

    if kind == "list":
        return DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=True)
    if kind == "decimal":
        return DataValidation(type="decimal", operator="between", formula1="-1E+15", formula2="1E+15", allow_blank=True, showErrorMessage=True)
    return DataValidation(type="date", operator="greaterThan", formula1="1", allow_blank=True, showErrorMessage=True)


def _column_validation(column: Column, lists: _Lists, lang: Lang) -> Any | None:
    match column.kind:
        case ColumnKind.CHOICE:
            return _validation("list", "=" + lists.add([o.label.get(lang) for o in column.options]))
        case ColumnKind.BOOL:
            return _validation("list", "=" + lists.add([t("yes", lang), t("no", lang)]))
        case ColumnKind.NUMBER:
            return _validation("decimal")
        case ColumnKind.DATE:
            return _validation("date")
    return None


def build_workbook(ws_: Workspace, project_id: int, lang: Lang) -> Any:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, Protection
    from openpyxl.utils import get_column_letter

    from app.core.projects import ProjectService
    from app.hearing.answers import AnswerService

    project = ProjectService(ws_.db).get(project_id)
    checklist = hearing_checklist(ws_.library)
    answers = AnswerService(ws_.db, ws_.library).answers(project_id)
    refs = walk(checklist)

    wb = Workbook()
    wb.properties.creator = "MLOps Kickoff"  # (Excel's File ▸ Info: openpyxl's name otherwise)
    sheet = xs.first_sheet(wb)
    sheet.title = t("sheet", lang)
    lists = _Lists(wb.create_sheet(LISTS))
    lists.ws.sheet_state = "hidden"
    meta = wb.create_sheet(META)
    meta.sheet_state = "veryHidden"

    taken = {sheet.title, LISTS, META}
    table_sheets = {ref.item.id: xs.safe_sheet_title(ref.item.label.get(lang), taken) for ref in refs if ref.item.kind == AnswerKind.TABLE}

    sheet.append(header(lang))
    xs.style_header(sheet)
    # 234 units: one A3 landscape page wide at a readable scale (xlsx_style.READABLE_SCALE).
    widths = {"id": 14, "section": 18, "question": 28, "help": 42, "current": 28, "current_later": 22, "answer": 32, "answer_later": 26, "note": 24}
    for key, width in widths.items():
        sheet.column_dimensions[get_column_letter(COL[key])].width = width
    wrap = Alignment(wrap_text=True, vertical="top")
    unlocked = Protection(locked=False)
    border = xs.thin_border()

    current_section = None
    item_rows: dict[str, int] = {}
    cut: list[dict[str, Any]] = []  # the answers shown cut at Excel's cell limit (cut_answers)
    for ref in refs:
        section_path = ref.section_path(lang)
        if section_path != current_section:
            current_section = section_path
            sheet.append([None, section_path])
            row = sheet.max_row
            for cell in sheet[row]:
                cell.fill = xs.fill(xs.SECTION_FILL)
                cell.font = Font(bold=True)
        item = ref.item
        answer = answers.get(item.id)
        sheet.append([None] * len(COLUMNS))
        row = sheet.max_row
        item_rows[item.id] = row
        values = {
            "id": item.id,
            "section": ref.sections[-1].title.get(lang),
            "question": item.label.get(lang),
            "help": "\n".join(p for p in ((item.help.get(lang) if item.help else ""), format_hint(item, lang, table_sheets.get(item.id)), t("now_later_hint", lang) if item.now_later else "") if p),
        }
        if answer:
            for key, fld in (("current", "value"), ("current_later", "later")) if item.now_later else (("current", "value"),):
                values[key] = current_cell(item, answer, fld, lang)
                if is_cut(values[key]):  # said in the export report, and read back without losing the rest
                    cut.append({"item": item.id, "field": fld, "length": xs.excel_length(values[key]), **_labels(item)})
        for key, value in values.items():
            xs.set_text(sheet.cell(row=row, column=COL[key]), value)
        for col in range(1, len(COLUMNS) + 1):
            cell = sheet.cell(row=row, column=col)
            cell.alignment = wrap
            cell.border = border
        sheet.cell(row=row, column=COL["id"]).font = Font(size=8, color="808080")
        editable = ["note"] if item.kind == AnswerKind.TABLE else ["answer", "note"] + (["answer_later"] if item.now_later else [])
        for key in ("answer", "answer_later", "note"):
            cell = sheet.cell(row=row, column=COL[key])
            if key in editable:
                cell.protection = unlocked
                cell.fill = xs.fill(xs.INPUT_FILL)
                if key == "note" or item.kind == AnswerKind.TEXT:
                    cell.number_format = xs.TEXT_FORMAT  # typed words stay as typed
            else:
                cell.fill = xs.fill(xs.LOCKED_FILL)
        validation = None
        if item.kind == AnswerKind.CHOICE:
            validation = _validation("list", "=" + lists.add([o.label.get(lang) for o in item.options]))
        elif item.kind == AnswerKind.NUMBER:
            validation = _validation("decimal")
        elif item.kind == AnswerKind.DATE:
            validation = _validation("date")
            for key in ("answer", "answer_later") if item.now_later else ("answer",):
                sheet.cell(row=row, column=COL[key]).number_format = xs.date_format(lang)  # a typed date shows as the document writes dates
        if validation is not None:
            sheet.add_data_validation(validation)
            validation.add(sheet.cell(row=row, column=COL["answer"]))
            if item.now_later:
                validation.add(sheet.cell(row=row, column=COL["answer_later"]))

    column_widths = {COL[key]: width for key, width in widths.items()}
    for row in [1, *item_rows.values()]:
        xs.fit_row_height(sheet, row, column_widths)
    sheet.freeze_panes = sheet.cell(row=2, column=COL["help"]).coordinate
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{sheet.max_row}"
    sheet.column_dimensions["A"].hidden = False
    xs.print_setup(sheet)
    sheet.oddHeader.center.text = xs.header_text(t("print_header", lang), project.name)  # type: ignore[union-attr]  # openpyxl makes both
    sheet.oddFooter.right.text = "&P / &N"  # type: ignore[union-attr]
    sheet.protection.sheet = True
    sheet.protection.autoFilter = False
    sheet.protection.sort = False
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False

    for ref in refs:
        if ref.item.kind == AnswerKind.TABLE:
            if count := _table_sheet(wb, table_sheets[ref.item.id], ref, answers.get(ref.item.id), lists, lang):
                cut.append({"item": ref.item.id, "field": "cells", "count": count, **_labels(ref.item)})

    # Meta: what the import checks (project identity, structure) and what it compares against.
    meta.append(["format", FORMAT])
    meta.append(["version", VERSION])
    meta.append(["project_uuid", project.uuid])
    xs.append_row(meta, ["project_name", project.name])
    meta.append(["exported_at", dt.datetime.now(dt.UTC).isoformat(timespec="seconds")])
    meta.append(["lang", lang])
    meta.append(["checklist", f"{checklist.id}@{checklist.version}"])
    if cut:
        meta.append(["cut", json.dumps(cut, ensure_ascii=False)])
    meta.append(["items", "row", "fingerprint", "table_sheet"])
    for ref in refs:
        item_id = ref.item.id
        meta.append([item_id, item_rows[item_id], fingerprint(answers.get(item_id)), table_sheets.get(item_id, "")])
    for row in meta.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                xs.set_text(cell, cell.value)
    wb.move_sheet(LISTS, offset=len(wb.sheetnames))
    wb.move_sheet(META, offset=len(wb.sheetnames))
    wb.active = 0
    return wb


def _labels(item: Item) -> dict[str, str]:
    return {"ja": item.label.get("ja"), "en": item.label.get("en")}


def _table_sheet(wb: Any, title: str, ref: ItemRef, answer: Answer | None, lists: _Lists, lang: Lang) -> int:
    """Write a table item's sheet; returns how many of its cells show a text cut at Excel's cell limit."""
    from openpyxl.styles import Alignment, Protection
    from openpyxl.utils import get_column_letter

    item = ref.item
    ws = wb.create_sheet(title)
    xs.append_row(ws, [t("row", lang)] + [c.label.get(lang) for c in item.columns])
    xs.style_header(ws)
    rows = table_rows(answer.value) if answer else []  # (another kind's value: shown in the main sheet)
    cut = 0
    unlocked = Protection(locked=False)
    border = xs.thin_border()
    wrap = Alignment(wrap_text=True, vertical="top")
    for index in range(len(rows) + BLANK_TABLE_ROWS):
        ws.append([None] * (len(item.columns) + 1))
        r = ws.max_row
        if index < len(rows):
            ws.cell(row=r, column=1, value=index + 1).alignment = wrap
            for c, column in enumerate(item.columns, start=2):
                value = rows[index].get(column.id)
                cell = ws.cell(row=r, column=c)
                if column.kind == ColumnKind.NUMBER and isinstance(value, int | float):
                    cell.value = value
                elif column.kind == ColumnKind.DATE and (day := xs.sheet_date(value)) is not None:
                    xs.set_value(cell, day, lang)
                else:
                    text = format_cell(column, value, lang) if value is not None else ""
                    cut += is_cut(text)
                    xs.set_text(cell, text)
        for c, column in enumerate(item.columns, start=2):
            cell = ws.cell(row=r, column=c)
            if column.kind == ColumnKind.DATE:
                cell.number_format = xs.date_format(lang)  # the blank rows too: a typed date shows as the document writes dates
            elif column.kind == ColumnKind.TEXT:
                cell.number_format = xs.TEXT_FORMAT  # typed words stay as typed
            cell.protection = unlocked
            cell.border = border
            cell.alignment = wrap
            cell.fill = xs.fill(xs.INPUT_FILL)
    last = ws.max_row
    widths = {1: float(ROW_COLUMN_WIDTH), **{c: w for c, w in enumerate(table_widths(item.columns, lang), start=2)}}
    for c, column in enumerate(item.columns, start=2):
        letter = get_column_letter(c)
        ws.column_dimensions[letter].width = widths[c]
        validation = _column_validation(column, lists, lang)
        if validation is not None:
            ws.add_data_validation(validation)
            validation.add(f"{letter}2:{letter}{last}")
    ws.column_dimensions["A"].width = ROW_COLUMN_WIDTH
    for r in range(1, len(rows) + 2):
        xs.fit_row_height(ws, r, widths)
    ws.freeze_panes = "C2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(item.columns) + 1)}{last}"
    xs.print_setup(ws, title_columns="A:B")
    ws.protection.sheet = True
    ws.protection.autoFilter = False
    ws.protection.sort = False
    ws.protection.formatColumns = False
    return cut


def table_widths(columns: list[Column], lang: Lang) -> list[float]:
    """Column widths of a table sheet: short for choices, yes/no, numbers and dates; the text
    columns share what is left of one A3 landscape page (xlsx_style.readable_width), 16 to 24 wide."""
    widths: list[float | None] = []
    for column in columns:
        match column.kind:
            case ColumnKind.CHOICE:
                longest = max((xs.text_width(o.label.get(lang)) for o in column.options), default=8)
                widths.append(float(min(16, max(8, longest + 2))))
            case ColumnKind.BOOL:
                widths.append(float(max(8, xs.text_width(t("yes", lang)) + 4, xs.text_width(t("no", lang)) + 4)))
            case ColumnKind.NUMBER | ColumnKind.DATE:
                widths.append(12.0)
            case _:
                widths.append(None)
    texts = widths.count(None)
    room = xs.readable_width() * 0.95 - ROW_COLUMN_WIDTH - sum(w for w in widths if w is not None)
    text = max(TEXT_WIDTH[0], min(TEXT_WIDTH[1], room // texts)) if texts else TEXT_WIDTH[1]
    return [text if w is None else w for w in widths]


def export_hearing_sheet(ws_: Workspace, project_id: int, out: Path, lang: Lang) -> Path:
    workbook = build_workbook(ws_, project_id, lang)
    return write_with(Path(out), lambda tmp: xs.save(workbook, tmp))


def read_meta(wb: Any, name: str) -> tuple[dict[str, str], dict[str, dict[str, Any]]]:
    """The meta sheet of a hearing sheet read back: its values, and per item its row, fingerprint and table tab;
    refused when it is missing, another format, or a version this app does not read."""
    if META not in wb.sheetnames:
        raise RefusedImportError(key="hearing_sheet.not_a_sheet", name=name)
    values: dict[str, str] = {}
    items: dict[str, dict[str, Any]] = {}
    in_items = False
    for row in wb[META].iter_rows(max_row=value_rows(wb[META]), values_only=True):
        if not row or row[0] is None:
            continue
        if row[0] == "items":
            in_items = True
            continue
        if in_items:
            items[str(row[0])] = {"row": row[1], "fingerprint": str(row[2] or ""), "table_sheet": str(row[3] or "")}
        else:
            values[str(row[0])] = "" if row[1] is None else str(row[1])
    if values.get("format") != FORMAT:
        raise RefusedImportError(key="hearing_sheet.not_a_sheet", name=name)
    if (version := values.get("version") or "").isdigit() and int(version) > VERSION:  # a newer app's
        raise RefusedImportError(key="hearing_sheet.version_newer", name=name, version=version, supported=VERSION)
    if version != str(VERSION):
        raise RefusedImportError(key="hearing_sheet.version", name=name, version=values.get("version") or "—",
                                 supported=VERSION)
    return values, items

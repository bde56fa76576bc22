"""The WBS as an Excel workbook laid out as a careful engineer would by hand.

Sheet 1 (WBS): styled header frozen with the code and title columns, auto-filter, fitted widths,
every text wrapped, real dates, drop-downs (priority, status, owner role, phase, yes/no), outline
grouping, highlighted summaries and milestones, a Gantt area by week drawn by conditional
formatting, print set-up, and a hidden task-id column that the re-import matches rows by.
Then a summary sheet and a legend (:mod:`app.wbs.files.xlsx_pages`), an earned-value sheet once a
baseline is saved (:mod:`app.wbs.files.xlsx_ev`), a load sheet once the project has people
(:mod:`app.wbs.files.xlsx_load`), a hidden lists sheet for long drop-downs and a hidden meta
sheet that says which project the file belongs to and keeps each task's importable cells as
exported (the baseline the import compares both the sheet and the app with). User text is
always written as text. Written with XlsxWriter (:mod:`app.core.files.xlsx_writer`); the import
reads it with openpyxl.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from app import collector_paused
from app.core.files import xlsx_style as xs
from app.core.files import xlsx_writer as xw
from app.core.files.atomic import write_with
from app.core.files.xlsx_style import FORMULA_STARTS
from app.core.i18n import FIRST_DATE, LAST_DATE, Lang
from app.core.project import agreed_tasks, last_signed
from app.core.projects import ProjectService
from app.core.storage.models import utcnow
from app.core.workspace import Workspace
from app.wbs.catalog import Catalog, catalog
from app.wbs.checks import problems
from app.wbs.files.sheet import (
    BASELINE,
    BASELINE_KEYS,
    COLUMNS,
    FORMAT,
    LISTS_SHEET,
    MAX_WEEKS,
    META_SHEET,
    NO,
    SCHEMA,
    UID_COPIES,
    YES,
)
from app.wbs.files.sheet_cells import shown_cells, written_cell
from app.wbs.files.xlsx_pages import (
    BAR_FILL,
    MILESTONE_BAR_FILL,
    MILESTONE_FILL,
    PROBLEM_FILL,
    SUMMARY_FILL,
    write_legend,
    write_summary,
)
from app.wbs.generate import origin_text
from app.wbs.model import OFTEN_MISSED_LABELS, Problem, Task, WbsTree
from app.wbs.resources.people import read as read_people
from app.wbs.service import WbsService
from app.wbs.store import read_meta
from app.wbs.tracking.report import earned_sheet, latest_earned_value

SHEET_NAMES = {
    "wbs": {"ja": "WBS", "en": "WBS"},
    "summary": {"ja": "集計", "en": "Summary"},
    "legend": {"ja": "凡例", "en": "Legend"},
}


def _col(n: int) -> str:
    """The letter of the ``n``-th column (1-based)."""
    from xlsxwriter.utility import xl_col_to_name

    return xl_col_to_name(n - 1)


def export_wbs_xlsx(ws: Workspace, project_id: int, out: Path, lang: Lang) -> Path:
    with collector_paused():  # reading a big plan makes many objects too
        return _export(ws, project_id, out, lang)


def _export(ws: Workspace, project_id: int, out: Path, lang: Lang) -> Path:
    project = ProjectService(ws.db).get(project_id)
    with ws.db.session() as s:
        from app.core.storage.models import Project

        uuid = s.get_one(Project, project_id).uuid
    tree = WbsService(ws.db).tree(project_id)
    with ws.db.session() as s:  # read after the tree: every task in it is of a copy recorded here
        copies = read_meta(s, project_id).copies
    cat = catalog(ws.library)
    earned = latest_earned_value(ws, project_id, lang)
    signed = last_signed(ws.db, project_id)  # the newest signed agreement baseline, named on the summary
    held = agreed_tasks(ws.db, project_id) if signed else frozenset()  # its tasks: agreed by it
    people = read_people(ws, project_id)

    def build(book: Any) -> None:
        formats = xw.Formats(book, lang)
        sheet = book.add_worksheet(SHEET_NAMES["wbs"][lang])
        lists = book.add_worksheet(LISTS_SHEET)
        ranges = _write_lists(xw.Writer(lists, formats), cat, tree, lang)
        found = problems(tree)
        cut: list[list[Any]] = []  # the cells shown cut at Excel's cell limit: said in the export report (cut_cells)
        exported = _write_tasks(xw.Writer(sheet, formats), tree, found, cat, ws, lang, ranges, cut)
        write_summary(xw.Writer(book.add_worksheet(SHEET_NAMES["summary"][lang]), formats), tree, found, cat, project, lang,
                      (signed.label(lang), signed.text(lang)) if signed else None, held)
        write_legend(xw.Writer(book.add_worksheet(SHEET_NAMES["legend"][lang]), formats), cat, lang)
        if earned is not None:  # only once a baseline is saved: the book is otherwise as it was
            from app.wbs.files.xlsx_ev import write_earned_value

            write_earned_value(xw.Writer(book.add_worksheet(earned_sheet(lang)), formats), earned, lang)
        if people:  # only when the project has people: the book is otherwise as it was
            from app.wbs.files.xlsx_load import sheet_name, write_load
            from app.wbs.schedule import calendar_of, project_start

            write_load(xw.Writer(book.add_worksheet(sheet_name(lang)), formats), tree, people, calendar_of(ws), cat, lang,
                       project_start(ws, project_id))
        lists.hide()
        meta = xw.Writer(book.add_worksheet(META_SHEET), formats)
        rows = (
            ("format", FORMAT),
            ("schema", SCHEMA),
            ("project_uuid", uuid),
            ("project_name", project.name),
            ("lang", lang),
            ("exported_at", utcnow().isoformat(timespec="seconds")),
            ("sheet", sheet.get_name()),
            *(((UID_COPIES, json.dumps(copies)),) if copies else ()),  # which copy of the project took each task id
            *((("cut", _cut_json(cut)),) if cut else ()),
        )
        for row, (key, value) in enumerate(rows):
            meta.text(row, 0, key)
            meta.value(row, 1, value)
        _write_baseline(meta, exported, len(rows))
        meta.ws.very_hidden()
        sheet.activate()

    return write_with(Path(out), lambda tmp: xw.write_book(tmp, build))


def _write_lists(sheet: xw.Writer, cat: Catalog, tree: WbsTree, lang: Lang) -> dict[str, str]:
    """Drop-down sources on a hidden sheet (Excel caps a literal list at 255 characters)."""
    roles = [r.label.get(lang) for r in cat.roles]
    roles += sorted({t.owner_role for t in tree.tasks.values() if t.owner_role and t.owner_role not in {r.id for r in cat.roles}})
    phases = [p.title.get(lang) for p in cat.phases]
    phases += sorted({t.phase for t in tree.tasks.values() if t.phase and cat.phase(t.phase) is None})
    columns = {
        "priority": [cat.priority_label(k, lang) for k in cat.priority_keys],
        "status": [cat.status_label(k, lang) for k in cat.statuses()],
        "owner_role": roles,
        "phase": phases,
        "bool": [YES[lang], NO[lang]],
    }
    ranges = {}
    for n, (key, values) in enumerate(columns.items(), start=1):
        sheet.text(0, n - 1, key)
        for row, value in enumerate(values, start=1):
            sheet.text(row, n - 1, value)
        letter = _col(n)
        ranges[key] = f"'{LISTS_SHEET}'!${letter}$2:${letter}${len(values) + 1}"
    return ranges


def _weeks(tree: WbsTree) -> list[dt.date]:
    starts = [t.start for t in tree.tasks.values() if t.start]
    finishes = [t.finish for t in tree.tasks.values() if t.finish]
    if not starts or not finishes:
        return []
    first = min(starts) - dt.timedelta(days=min(starts).weekday())
    last = max(finishes)
    weeks: list[dt.date] = []
    day = first
    while day <= last and len(weeks) < MAX_WEEKS:
        weeks.append(day)
        day += dt.timedelta(days=7)
    return weeks


def _write_baseline(meta: xw.Writer, exported: list[dict[str, Any]], first_row: int) -> None:
    """Below a ``baseline`` row: per task its uid and the importable cells exactly as written (:func:`_write_tasks`)."""
    for n, text in enumerate((BASELINE, *BASELINE_KEYS)):
        meta.text(first_row, n, text)
    date_format = meta.formats.get(num_format=meta.formats.date)
    quoted = meta.formats.get(quote_prefix=True)
    write_string, write_number, _, write_datetime = xw.cell_writers(meta.ws)
    serials = xw.DateSerials()
    for row, shown in enumerate(exported, start=first_row + 1):
        meta.value(row, 0, shown["task_id"])
        for n, key in enumerate(BASELINE_KEYS, start=1):
            value = shown[key]  # as the WBS sheet shows it, so an untouched cell reads back unchanged
            if isinstance(value, str):
                if value:
                    write_string(row, n, value, quoted if value.startswith(FORMULA_STARTS) else None)
            elif isinstance(value, dt.date):
                if type(value) is dt.date and value >= xw.FIRST_SERIAL_DAY:
                    write_number(row, n, serials[value], date_format)
                else:
                    write_datetime(row, n, value, date_format)
            else:
                write_number(row, n, value)


def cut_cells(path: Path) -> list[list[Any]]:
    """The task cells a written WBS shows cut at Excel's cell limit, as its meta sheet lists them: per
    cell [WBS code, title (its start), column key, length as Excel counts it]."""
    return xs.cut_list(path, META_SHEET, BASELINE)


def _cut_json(cut: list[list[Any]]) -> str:
    """``cut`` as the meta sheet keeps it: as many cells as its one cell holds (a title shortened)."""
    listed = [[code, title if len(title) <= 40 else title[:39] + xs.CUT_MARK, key, length] for code, title, key, length in cut]
    text = json.dumps(listed, ensure_ascii=False)
    while xs.excel_length(text) > xs.EXCEL_CELL_CHARS:
        listed = listed[: len(listed) * 9 // 10]
        text = json.dumps(listed, ensure_ascii=False)
    return text


def _write_tasks(
    writer: xw.Writer, tree: WbsTree, found: dict[int, list[Problem]], cat: Catalog, ws: Workspace, lang: Lang, ranges: dict[str, str],
    cut: list[list[Any]] | None = None,
) -> list[dict[str, Any]]:
    """Write the task rows; returns each row's cells as written (typed values, or text made safe: the import's baseline).
    ``cut`` gets each cell shown cut at Excel's cell limit: [WBS code, title, column key, length]."""
    sheet, formats = writer.ws, writer.formats
    keys = [c.key for c in COLUMNS]
    index = {k: n for n, k in enumerate(keys, start=1)}
    widths = []
    for n, column in enumerate(COLUMNS):
        writer.text(0, n, column.label(lang), **xw.HEADER)
        # A text column's rows below the table are text too: 12/21 typed into 備考 of a new row stays as typed.
        width = writer.width(n, n, column.width, hidden=column.key == "task_id", **({} if column.typed else {"num_format": "@"}))
        if column.key != "task_id":
            widths.append(width)
    weeks = _weeks(tree)
    first_week_col = len(COLUMNS) + 1
    week_header = {k: v for k, v in xw.HEADER.items() if k not in ("text_wrap", "valign")} | {"rotation": 90, "align": "center", "num_format": "m/d"}
    with_year = week_header | {"num_format": xs.date_format(lang)}  # the first week and each new year's: which year
    for n, week in enumerate(weeks):
        year_begins = n == 0 or week.year != weeks[n - 1].year
        writer.value(0, first_week_col - 1 + n, week, **(with_year if year_begins else week_header))
    if weeks:
        widths += [writer.width(first_week_col - 1, first_week_col - 2 + len(weeks), 4.2)] * len(weeks)
    sheet.set_row(0, 74 if weeks else 42)  # a whole date turned on its side: 2026/12/28

    looks: dict[tuple, list[dict[str, Any]]] = {}  # per kind of row: per column, its format by the cell's shape
    write_string, write_number, write_blank, write_datetime = xw.cell_writers(sheet)
    columns = [(n, c.key, c.typed, c in WRAPPED) for n, c in enumerate(COLUMNS)]
    levels = [None] + [{"level": min(depth, 7)} for depth in range(1, 8)]
    serials = xw.DateSerials()
    shown_text: dict[str, str] = {}  # many cells repeat a label: each distinct text made safe once
    heights: dict[tuple[str, float], int] = {}  # and measured once
    labels: dict[tuple[str, Any], Any] = {}
    row = 0
    written: list[dict[str, Any]] = []
    for task in tree.walk():
        row += 1
        depth = tree.depths[task.id]
        values = _cells(task, tree, cat, ws, lang, labels)
        flagged = _flagged(task, found.get(task.id))
        kind = "milestone" if task.milestone else "summary" if tree.has_children(task.id) else "task"
        look_key = (kind, depth, frozenset(flagged)) if flagged else (kind, depth)
        look = looks.get(look_key)
        if look is None:
            look = looks[look_key] = [{} for _ in columns]
        shown: dict[str, Any] = {}
        for n, key, typed, wrapped in columns:
            value = values[key]
            if isinstance(value, str):
                text = shown_text.get(value)
                if text is None:
                    text = shown_text[value] = written_cell(value, typed)
                shown[key] = text
                if cut is not None and xs.is_cut(value):
                    cut.append([values["code"], values["title"], key, xs.excel_length(value)])
            else:
                shown[key] = written_cell(value, typed)  # the import reads the app's values in this form too
            if not isinstance(shown[key], str):
                shape = "date" if isinstance(value, dt.date) else "number"
            else:
                text = shown[key]
                shape = "quoted" if text.startswith(FORMULA_STARTS) else "date" if not text and key in DATED else "text"
            style = look[n].get(shape)
            if style is None:
                style = look[n][shape] = formats.get(**_style(kind, key in flagged, key == "title", wrapped, depth, shape, formats.date,
                                                              text_cell=not typed))
            if shape == "date" and shown[key] == "":
                write_blank(row, n, None, style)
            elif shape == "date":
                if type(value) is dt.date and value >= xw.FIRST_SERIAL_DAY:
                    write_number(row, n, serials[value], style)
                else:
                    write_datetime(row, n, value, style)
            elif shape == "number":
                write_number(row, n, value, style)
            elif text:
                write_string(row, n, text, style)
            else:
                write_blank(row, n, None, style)
        written.append(shown)
        sheet.set_row(row, _row_height(shown, depth, heights), None, levels[min(depth - 1, 7)] if depth > 1 else None)
    last = max(row + 1, 2)

    sheet.freeze_panes(1, 2)
    sheet.autofilter(0, 0, last - 1, len(COLUMNS) + len(weeks) - 1)
    sheet.outline_settings(True, False, True, False)  # the summary rows above their details
    xw.print_setup(sheet, widths, title_columns=2)  # A3 landscape, two or three pages wide: code and title on each

    def validation(key: str, source: str, strict: bool = True) -> None:
        col = index[key] - 1
        sheet.data_validation(1, col, max(last, 500) - 1, col, {
            "validate": "list", "source": source, "ignore_blank": True, "show_input": False, "show_error": True,
            "error_type": "stop" if strict else "warning", "error_title": COLUMNS[col].label(lang),
            "error_message": "一覧から選んでください" if lang == "ja" else "Choose a value from the list",
        })  # fmt: skip

    def literal(values: list[str]) -> str:
        return '"' + ",".join(v.replace('"', "'") for v in values) + '"'

    priority_labels = [cat.priority_label(k, lang) for k in cat.priority_keys]
    status_labels = [cat.status_label(k, lang) for k in cat.statuses()]
    validation("priority", literal(priority_labels) if len(literal(priority_labels)) < 250 else ranges["priority"])
    validation("status", literal(status_labels) if len(literal(status_labels)) < 250 else ranges["status"])
    validation("owner_role", ranges["owner_role"], strict=False)
    validation("phase", ranges["phase"], strict=False)
    validation("agreed", literal([YES[lang], NO[lang]]))
    validation("milestone", literal([YES[lang], NO[lang]]))
    for key in sorted(DATED):  # a date the app can plan; a warning only: text dates (令和9年6月1日) are read back too
        col = index[key] - 1
        sheet.data_validation(1, col, max(last, 500) - 1, col, {
            "validate": "date", "criteria": "between", "minimum": FIRST_DATE, "maximum": LAST_DATE, "ignore_blank": True,
            "show_input": False, "show_error": True, "error_type": "warning", "error_title": COLUMNS[col].label(lang),
            "error_message": "日付を入力してください(YYYY/MM/DD)" if lang == "ja" else "Enter a date (YYYY-MM-DD)",
        })  # fmt: skip

    if weeks:
        first, end = _col(first_week_col), _col(first_week_col + len(weeks) - 1)
        area = f"{first}2:{end}{last}"
        s, f, m = _col(index["start"]), _col(index["finish"]), _col(index["milestone"])
        milestone = f'AND(${m}2="{YES[lang]}",${s}2<>"",${s}2>={first}$1,${s}2<={first}$1+6)'
        bar = f'AND(${s}2<>"",${f}2<>"",${s}2<={first}$1+6,${f}2>={first}$1)'
        # Conditional formats paint with the background colour of a solid pattern.
        sheet.conditional_format(area, {"type": "formula", "criteria": "=" + milestone, "stop_if_true": True,
                                        "format": formats.get(bg_color="#" + MILESTONE_BAR_FILL, pattern=1)})  # fmt: skip
        sheet.conditional_format(area, {"type": "formula", "criteria": "=" + bar, "format": formats.get(bg_color="#" + BAR_FILL, pattern=1)})
        # A light grid in the Gantt area; styling every cell by hand would cost seconds on big plans.
        grid = f"AND({first}$1<>\"\",ROW()>1)"
        sheet.conditional_format(area, {"type": "formula", "criteria": "=" + grid, "format": formats.get(**xw.THIN_BORDER)})
    return written


def _flagged(task: Task, task_problems: list[Problem] | None) -> set[str]:
    """The columns of a task's row that show a problem (no completion condition, dates, 「未設定」 phase or role)."""
    if not task_problems:
        return set()
    flagged = set()
    if Problem.NO_COMPLETION in task_problems:
        flagged.add("completion_condition")
    if Problem.FINISH_BEFORE_START in task_problems or Problem.BEFORE_PREDECESSOR in task_problems:
        flagged |= {"start", "finish"}
    if Problem.NO_PHASE_OR_ROLE in task_problems:
        flagged |= {key for key in ("phase", "owner_role") if not str(getattr(task, key, "") or "").strip()}
    return flagged


DATED = frozenset(c.key for c in COLUMNS if c.kind == "date")  # an empty cell of these is a date cell: a date typed there shows as the others


def _style(kind: str, flagged: bool, title: bool, wrapped: bool, depth: int, shape: str, date_format: str,
           text_cell: bool = False) -> dict[str, Any]:
    """A task cell's look: thin border, top-aligned, long text wrapped, the title indented by its depth, a date in
    ``date_format``; a text column's cell formatted as text ("@"), so that what is typed there stays as typed
    (3.10 in 先行タスク is not the number 3.1, 1/2 no date), a formula's text quoted as well."""
    props: dict[str, Any] = {"valign": "top", **xw.THIN_BORDER}
    if title:
        props |= {"align": "left", "text_wrap": True}
        if depth > 1:
            props["indent"] = depth - 1
    elif wrapped:
        props["text_wrap"] = True
    if shape == "date":
        props["num_format"] = date_format
    elif shape == "quoted":
        props |= {"quote_prefix": True, "num_format": "@"}
    elif text_cell:  # (``text_cell``: a column of text, not of dates or numbers)
        props["num_format"] = "@"
    if kind != "task":
        props |= {"bg_color": "#" + (MILESTONE_FILL if kind == "milestone" else SUMMARY_FILL), "pattern": 1, "bold": True}
    if flagged:
        props |= {"bg_color": "#" + PROBLEM_FILL, "pattern": 1}
    return props


def _cells(task: Task, tree: WbsTree, cat: Catalog, ws: Workspace, lang: Lang, labels: dict[tuple[str, Any], Any] | None = None) -> dict[str, Any]:
    """A task's row as written: labels for keys, yes / no, a summary's values rolled up, its origin
    (:func:`~app.wbs.files.sheet_cells.shown_cells`, which the import compares the app's values in too).

    ``labels`` keeps the labels already looked up (a big plan repeats a few keys thousands of times)."""
    return shown_cells(task, tree, cat, lang, labels) | {"origin": _origin(task, ws, lang)}


def _text_width(text: str) -> float:
    """Display width in Excel character units (East Asian wide characters count twice)."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)


# Every column of text wraps, the short ones too: a typed phase, a long owner name or a list of predecessors
# printed whole (LibreOffice and Excel clip a cell's text at its edge where the next cell holds something).
WRAPPED = tuple(c for c in COLUMNS if c.kind in ("text", "long", "choice") or c.key == "origin")


def _row_height(shown: dict[str, Any], depth: int, known: dict[tuple[str, float], int] | None = None) -> float:
    """Tall enough for the wrapped texts (Excel and LibreOffice do not grow rows that a writer set).

    ``known`` keeps the lines of texts already measured (many rows repeat a text)."""
    known = {} if known is None else known
    lines = 1
    for column in WRAPPED:
        text = shown.get(column.key)
        if text:
            usable = max(4.0, column.width - 1.5 - (2 * (depth - 1) if column.key == "title" else 0))
            need = known.get((text, usable))
            if need is None:
                need = known[(text, usable)] = int(sum(max(1, -(-_text_width(part) // usable)) for part in str(text).split("\n")))
            lines = max(lines, need)
    return xs.row_height(lines, padding=2.0)


def _origin(task: Any, ws: Workspace, lang: Lang) -> str:
    text = origin_text(task, ws.library, lang)
    if task.often_missed:
        text = f"{OFTEN_MISSED_LABELS[task.often_missed][lang]} / {text}"
    return text

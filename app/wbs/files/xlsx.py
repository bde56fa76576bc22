"""The WBS as an Excel workbook laid out as a careful engineer would by hand.

Sheet 1 (WBS): styled header frozen with the code and title columns, auto-filter, fitted widths,
wrapped long text, real dates, drop-downs (priority, status, owner role, phase, yes/no), outline
grouping, highlighted summaries and milestones, a Gantt area by week drawn by conditional
formatting, print set-up, and a hidden task-id column that the re-import matches rows by.
Then a summary sheet, a legend, a hidden lists sheet for long drop-downs and a hidden meta
sheet that says which project the file belongs to and keeps each task's importable cells as
exported (the baseline the import compares both the sheet and the app with). User text is
always written as text.
"""

from __future__ import annotations

import datetime as dt
from copy import copy
from pathlib import Path
from typing import Any

from app.core.files.atomic import write_with
from app.core.files.xlsx_style import (
    FORMULA_STARTS,
    HEADER_FILL,
    cell_text,
    fill,
    first_sheet,
    fit_row_height,
    print_setup,
    set_text,
    set_value,
    style_header,
    thin_border,
)
from app.core.i18n import Lang
from app.core.projects import ProjectService
from app.core.storage.models import utcnow
from app.core.workspace import Workspace
from app.wbs.catalog import Catalog, catalog
from app.wbs.checks import problems, totals
from app.wbs.files.sheet import (
    BASELINE,
    BASELINE_KEYS,
    BY_KEY,
    COLUMNS,
    FORMAT,
    LISTS_SHEET,
    META_SHEET,
    NO,
    SCHEMA,
    YES,
)
from app.wbs.generate import origin_text
from app.wbs.model import OFTEN_MISSED_LABELS, Problem, Task, WbsTree, format_dependencies
from app.wbs.service import WbsService

SUMMARY_FILL = "DDEBF7"
MILESTONE_FILL = "FFF2CC"
PROBLEM_FILL = "F8CBAD"
BAR_FILL = "4F81BD"
MILESTONE_BAR_FILL = "C00000"
MAX_WEEKS = 80
SHEET_NAMES = {
    "wbs": {"ja": "WBS", "en": "WBS"},
    "summary": {"ja": "集計", "en": "Summary"},
    "legend": {"ja": "凡例", "en": "Legend"},
}
T = {
    "project": {"ja": "プロジェクト", "en": "Project"},
    "customer": {"ja": "顧客", "en": "Customer"},
    "exported": {"ja": "出力日", "en": "Exported"},
    "period": {"ja": "期間", "en": "Period"},
    "tasks": {"ja": "タスク数(うち作業タスク)", "en": "Tasks (of which work items)"},
    "total": {"ja": "見積合計(人日)", "en": "Total estimate (person-days)"},
    "by_phase": {"ja": "フェーズ別見積(人日)", "en": "Estimate by phase (person-days)"},
    "by_role": {"ja": "ロール別見積(人日)", "en": "Estimate by owner role (person-days)"},
    "by_priority": {"ja": "優先度別見積(人日)", "en": "Estimate by priority (person-days)"},
    "share": {"ja": "割合", "en": "Share"},
    "days": {"ja": "人日", "en": "Person-days"},
    "open": {"ja": "確認が必要なもの", "en": "What still needs attention"},
    "no_completion": {"ja": "完了条件のないタスク", "en": "Tasks without a completion condition"},
    "not_agreed": {"ja": "顧客合意していないタスク", "en": "Tasks not agreed with the customer"},
    "date_problems": {"ja": "日付の問題があるタスク", "en": "Tasks with a date problem"},
    "no_phase_or_role": {"ja": "フェーズまたは担当ロールが未設定のタスク", "en": "Tasks without a phase or an owner role"},
    "often_missed": {"ja": "漏れがちなタスク(定着・リソース拡張)", "en": "Often-missed tasks (adoption, resource expansion)"},
    "legend_colours": {"ja": "色の意味", "en": "Colours"},
    "summary_row": {"ja": "まとめタスク(配下のタスクの合計・期間)", "en": "Summary task (totals and span of its sub-tasks)"},
    "milestone_row": {"ja": "マイルストーン(中間報告・最終報告など顧客報告)", "en": "Milestone (customer report such as the interim or final report)"},
    "problem_cell": {
        "ja": "要確認(完了条件なし・日付の矛盾・フェーズ/担当ロールが未設定)",
        "en": "Needs attention (no completion condition, inconsistent dates, no phase or owner role)",
    },
    "bar": {"ja": "ガントチャートの期間(週単位)", "en": "Gantt bar (by week)"},
    "bar_milestone": {"ja": "ガントチャートのマイルストーン", "en": "Gantt milestone"},
    "legend_priority": {"ja": "優先度", "en": "Priority scale"},
    "legend_status": {"ja": "状況", "en": "Status"},
    "legend_edit": {"ja": "編集して取り込むには", "en": "Editing and importing back"},
    "edit_1": {
        "ja": "状況・日付・優先度・完了条件などを編集し、mlops-kickoff import wbs で取り込めます(変更点を確認してから反映)。",
        "en": "Edit status, dates, priority, completion conditions and the like, then run mlops-kickoff import wbs (it shows the changes before applying them).",
    },
    "edit_2": {
        "ja": "行はタスクID列(非表示)で照合します。既存行のタスクIDは変更しないでください。",
        "en": "Rows are matched by the hidden Task ID column: do not change it on existing rows.",
    },
    "edit_3": {
        "ja": "新しいタスクはタスクIDを空にして行を追加します。WBS列に「2.5」のように書くと「2」の配下に入ります。",
        "en": "Add a new task as a row with an empty Task ID; a WBS code such as 2.5 puts it under task 2.",
    },
    "edit_4": {
        "ja": "先行タスクはWBS番号をカンマ区切りで(ラグは 1.2+3 のように稼働日数)。",
        "en": "Predecessors are WBS codes separated by commas (a lag in working days as 1.2+3).",
    },
    "gantt": {"ja": "週", "en": "Week of"},
}


def _t(key: str, lang: Lang) -> str:
    return T[key][lang]


def _col(n: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(n)


def export_wbs_xlsx(ws: Workspace, project_id: int, out: Path, lang: Lang) -> Path:
    from openpyxl import Workbook

    project = ProjectService(ws.db).get(project_id)
    with ws.db.session() as s:
        from app.core.storage.models import Project

        uuid = s.get_one(Project, project_id).uuid
    tree = WbsService(ws.db).tree(project_id)
    cat = catalog(ws.library)
    book = Workbook()
    sheet = first_sheet(book)
    sheet.title = SHEET_NAMES["wbs"][lang]
    lists = book.create_sheet(LISTS_SHEET)
    ranges = _write_lists(lists, cat, tree, lang)
    exported = _write_tasks(sheet, tree, cat, ws, lang, ranges)
    _write_summary(book.create_sheet(SHEET_NAMES["summary"][lang]), tree, cat, project, lang)
    _write_legend(book.create_sheet(SHEET_NAMES["legend"][lang]), cat, lang)
    lists.sheet_state = "hidden"
    meta = book.create_sheet(META_SHEET)
    for row in (
        ("format", FORMAT),
        ("schema", SCHEMA),
        ("project_uuid", uuid),
        ("project_name", project.name),
        ("lang", lang),
        ("exported_at", utcnow().isoformat(timespec="seconds")),
        ("sheet", sheet.title),
    ):
        meta.append([row[0]])
        set_value(meta.cell(meta.max_row, 2), row[1])
    _write_baseline(meta, exported)
    meta.sheet_state = "veryHidden"
    book.active = 0
    return write_with(Path(out), lambda tmp: book.save(tmp))


def _write_lists(sheet: Any, cat: Catalog, tree: WbsTree, lang: Lang) -> dict[str, str]:
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
        set_text(sheet.cell(1, n), key)
        for row, value in enumerate(values, start=2):
            set_text(sheet.cell(row, n), value)
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


def _put(cell: Any, kind: str, value: Any) -> bool:
    """Dates, numbers and ids as typed cells; everything else as text that never becomes a formula."""
    typed = kind in ("date", "number", "id") and value is not None and value != ""
    if typed:
        cell.value = value
    else:
        set_text(cell, value)
    return typed


def _write_baseline(meta: Any, exported: list[dict[str, Any]]) -> None:
    """Below a ``baseline`` row: per task its uid and the importable cells exactly as written."""
    meta.append([BASELINE, *BASELINE_KEYS])
    typed = [BY_KEY[key].kind in ("date", "number", "id") for key in BASELINE_KEYS]
    for values in exported:
        row = [values["task_id"]]
        unsafe = []
        for n, (key, keep_type) in enumerate(zip(BASELINE_KEYS, typed, strict=True), start=2):
            value = values[key]
            if value is None or (keep_type and value != ""):
                row.append(value)
                continue
            text = cell_text(value)  # as the WBS sheet shows it, so an untouched cell reads back unchanged
            row.append(text)
            if text.startswith(FORMULA_STARTS):
                unsafe.append(n)
        meta.append(row)  # one append a row: cell by cell costs seconds on a big plan
        for n in unsafe:
            set_text(meta.cell(meta.max_row, n), row[n - 1])


def _write_tasks(sheet: Any, tree: WbsTree, cat: Catalog, ws: Workspace, lang: Lang, ranges: dict[str, str]) -> list[dict[str, Any]]:
    """Write the task rows; returns each row's values as written (the import's baseline)."""
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.datavalidation import DataValidation

    keys = [c.key for c in COLUMNS]
    index = {k: n for n, k in enumerate(keys, start=1)}
    for n, column in enumerate(COLUMNS, start=1):
        set_text(sheet.cell(1, n), column.label(lang))
        sheet.column_dimensions[_col(n)].width = column.width
    weeks = _weeks(tree)
    first_week_col = len(COLUMNS) + 1
    for n, week in enumerate(weeks):
        cell = sheet.cell(1, first_week_col + n, week)
        cell.number_format = "m/d"
        sheet.column_dimensions[_col(first_week_col + n)].width = 4.2
    style_header(sheet)
    for n in range(len(weeks)):
        cell = sheet.cell(1, first_week_col + n)
        cell.alignment = Alignment(text_rotation=90, horizontal="center")
    sheet.row_dimensions[1].height = 42

    found = problems(tree)
    styles: dict[tuple, Any] = {}
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    border = thin_border()
    row = 1
    written: list[dict[str, Any]] = []
    for task in tree.walk():
        row += 1
        depth = tree.depths[task.id]
        summary = tree.has_children(task.id)
        values = _cells(task, tree, cat, ws, lang)
        written.append(values)
        task_problems = found.get(task.id, [])
        date_problem = Problem.FINISH_BEFORE_START in task_problems or Problem.BEFORE_PREDECESSOR in task_problems
        kind = "milestone" if task.milestone else "summary" if summary else "task"
        for n, column in enumerate(COLUMNS, start=1):
            cell = sheet.cell(row, n)
            typed = _put(cell, column.kind, values[column.key])
            flagged = (
                (column.key == "completion_condition" and Problem.NO_COMPLETION in task_problems)
                or (column.key in ("start", "finish") and date_problem)
                or (column.key in ("phase", "owner_role") and Problem.NO_PHASE_OR_ROLE in task_problems
                    and not str(getattr(task, column.key, "") or "").strip())
            )
            key = (n, kind, flagged, depth if column.key == "title" else 0, typed)
            style = styles.get(key)
            if style is None:
                # Style one cell by hand, then copy its style: openpyxl's per-attribute styling
                # costs about a millisecond a cell, which adds up to minutes on a big plan.
                if typed and column.kind == "date":
                    cell.number_format = "yyyy-mm-dd"
                if column.key == "title":
                    cell.alignment = Alignment(horizontal="left", wrap_text=True, vertical="top", indent=max(0, depth - 1))
                else:
                    cell.alignment = wrap if column.kind == "long" or column.key == "origin" else top
                cell.border = border
                if kind != "task":
                    cell.fill = fill(MILESTONE_FILL if kind == "milestone" else SUMMARY_FILL)
                    cell.font = Font(bold=True)
                if flagged:
                    cell.fill = fill(PROBLEM_FILL)
                styles[key] = copy(cell._style)
            else:
                quote = cell.quotePrefix
                cell._style = copy(style)
                if quote:
                    cell.quotePrefix = True
        sheet.row_dimensions[row].height = _row_height(values, depth)
        if depth > 1:
            sheet.row_dimensions[row].outline_level = min(depth - 1, 7)
    last = max(row, 2)

    sheet.freeze_panes = "C2"
    sheet.auto_filter.ref = f"A1:{_col(len(COLUMNS) + len(weeks))}{last}"
    sheet.sheet_properties.outlinePr.summaryBelow = False
    sheet.column_dimensions[_col(index["task_id"])].hidden = True
    print_setup(sheet, title_columns="A:B")  # A3 landscape, two pages wide: code and title on both

    def validation(key: str, source: str, strict: bool = True) -> None:
        dv = DataValidation(type="list", formula1=source, allow_blank=True, showErrorMessage=True)
        dv.errorStyle = "stop" if strict else "warning"
        dv.error = "一覧から選んでください" if lang == "ja" else "Choose a value from the list"
        dv.errorTitle = COLUMNS[index[key] - 1].label(lang)
        sheet.add_data_validation(dv)
        dv.add(f"{_col(index[key])}2:{_col(index[key])}{max(last, 500)}")

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

    if weeks:
        first, end = _col(first_week_col), _col(first_week_col + len(weeks) - 1)
        area = f"{first}2:{end}{last}"
        s, f, m = _col(index["start"]), _col(index["finish"]), _col(index["milestone"])
        milestone = f'AND(${m}2="{YES[lang]}",${s}2<>"",${s}2>={first}$1,${s}2<={first}$1+6)'
        bar = f'AND(${s}2<>"",${f}2<>"",${s}2<={first}$1+6,${f}2>={first}$1)'
        sheet.conditional_formatting.add(area, FormulaRule(formula=[milestone], fill=fill_bg(MILESTONE_BAR_FILL), stopIfTrue=True))
        sheet.conditional_formatting.add(area, FormulaRule(formula=[bar], fill=fill_bg(BAR_FILL)))
        # A light grid in the Gantt area; styling every cell by hand would cost seconds on big plans.
        grid = f"AND({first}$1<>\"\",ROW()>1)"
        sheet.conditional_formatting.add(area, FormulaRule(formula=[grid], border=border))
    return written


def _cells(task: Task, tree: WbsTree, cat: Catalog, ws: Workspace, lang: Lang) -> dict[str, Any]:
    """A task's row as written: labels for keys, yes / no, a summary's values rolled up."""
    rolled = tree.rollup(task.id)._asdict()
    own = {"code": tree.codes[task.id], "predecessors": format_dependencies(task, tree), "origin": _origin(task, ws, lang), "task_id": task.uid}
    values: dict[str, Any] = {}
    for column in COLUMNS:
        if column.key in own:
            values[column.key] = own[column.key]
            continue
        value = rolled[column.key] if column.key in rolled else getattr(task, column.key)
        values[column.key] = (YES if value else NO)[lang] if column.kind == "bool" else cat.label_of(column.key, value, lang)
    return values


def _text_width(text: str) -> float:
    """Display width in Excel character units (East Asian wide characters count twice)."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)


def _row_height(values: dict[str, Any], depth: int) -> float:
    """Tall enough for the wrapped texts (Excel and LibreOffice do not grow rows that openpyxl wrote)."""
    lines = 1
    for column in COLUMNS:
        if column.kind != "long" and column.key not in ("title", "origin"):
            continue
        text = str(values.get(column.key) or "")
        usable = max(4.0, column.width - 1.5 - (2 * (depth - 1) if column.key == "title" else 0))
        need = sum(max(1, -(-_text_width(part) // usable)) for part in text.split("\n")) if text else 1
        lines = max(lines, int(need))
    return 15.0 * min(lines, 8) + 2


def fill_bg(color: str) -> Any:
    # Conditional formats paint with the background colour of a solid pattern.
    from openpyxl.styles import PatternFill

    return PatternFill(fill_type="solid", bgColor=color, fgColor=color)


def _origin(task: Any, ws: Workspace, lang: Lang) -> str:
    text = origin_text(task, ws.library, lang)
    if task.often_missed:
        text = f"{OFTEN_MISSED_LABELS[task.often_missed][lang]} / {text}"
    return text


def _write_summary(sheet: Any, tree: WbsTree, cat: Catalog, project: Any, lang: Lang) -> None:
    from openpyxl.styles import Font

    sums = totals(tree)
    found = problems(tree)
    bold = Font(bold=True)
    rows: list[tuple[str, Any]] = [
        (_t("project", lang), project.name),
        (_t("customer", lang), project.customer),
        (_t("exported", lang), dt.date.today()),
        (_t("period", lang), f"{sums.start or ''} – {sums.finish or ''}"),
        (_t("tasks", lang), f"{sums.tasks} ({sums.leaves})"),
        (_t("total", lang), sums.estimate),
    ]
    for label, value in rows:
        sheet.append([label])
        sheet.cell(sheet.max_row, 1).font = bold
        set_value(sheet.cell(sheet.max_row, 2), value)

    def table(title_key: str, data: dict[str, float], label: Any, order: list[str]) -> None:
        sheet.append([])
        sheet.append([_t(title_key, lang), _t("days", lang), _t("share", lang)])
        style_header(sheet, sheet.max_row)
        keys = [k for k in order if k in data] + sorted((k for k in data if k not in order), key=lambda k: (not k, k))
        for key in keys:
            sheet.append([None, data[key], (data[key] / sums.estimate) if sums.estimate else 0])
            set_text(sheet.cell(sheet.max_row, 1), label(key))
            sheet.cell(sheet.max_row, 3).number_format = "0%"
        sheet.append([None, sums.estimate, 1 if sums.estimate else 0])
        set_text(sheet.cell(sheet.max_row, 1), "合計" if lang == "ja" else "Total")
        sheet.cell(sheet.max_row, 3).number_format = "0%"
        for cell in sheet[sheet.max_row]:
            cell.font = bold

    table("by_phase", sums.by_phase, lambda k: cat.bucket_label("phase", k, lang), [p.id for p in cat.phases])
    table("by_role", sums.by_role, lambda k: cat.bucket_label("owner_role", k, lang), [r.id for r in cat.roles])
    table("by_priority", sums.by_priority, lambda k: cat.bucket_label("priority", k, lang), cat.priority_keys)
    sheet.append([])
    sheet.append([_t("open", lang), "#"])
    style_header(sheet, sheet.max_row)
    dates = sum(1 for p in found.values() if Problem.FINISH_BEFORE_START in p or Problem.BEFORE_PREDECESSOR in p)
    for key, count in (
        ("no_completion", sums.without_completion),
        ("not_agreed", sums.not_agreed),
        ("date_problems", dates),
        ("no_phase_or_role", sum(1 for p in found.values() if Problem.NO_PHASE_OR_ROLE in p)),
        ("often_missed", sum(1 for t in tree.tasks.values() if t.often_missed)),
    ):
        sheet.append([_t(key, lang), count])
    sheet.column_dimensions["A"].width = 44
    sheet.column_dimensions["B"].width = 28
    sheet.column_dimensions["C"].width = 10
    for row in sheet.iter_rows(min_row=1, max_col=3):
        for cell in row:
            if isinstance(cell.value, float):
                cell.number_format = "0.0#" if cell.column == 2 else cell.number_format
    print_setup(sheet)  # A4 portrait


def _write_legend(sheet: Any, cat: Catalog, lang: Lang) -> None:
    from openpyxl.styles import Alignment, Font

    bold = Font(bold=True)

    def heading(key: str) -> None:
        sheet.append([_t(key, lang)])
        sheet.cell(sheet.max_row, 1).font = Font(bold=True, color="FFFFFF")
        sheet.cell(sheet.max_row, 1).fill = fill(HEADER_FILL)
        sheet.cell(sheet.max_row, 2).fill = fill(HEADER_FILL)

    heading("legend_colours")
    for color, key in (
        (SUMMARY_FILL, "summary_row"),
        (MILESTONE_FILL, "milestone_row"),
        (PROBLEM_FILL, "problem_cell"),
        (BAR_FILL, "bar"),
        (MILESTONE_BAR_FILL, "bar_milestone"),
    ):
        sheet.append(["", _t(key, lang)])
        sheet.cell(sheet.max_row, 1).fill = fill(color)
    sheet.append([])
    heading("legend_priority")
    for entry in cat.scale:
        sheet.append([None, entry.help.get(lang) if entry.help else ""])
        set_text(sheet.cell(sheet.max_row, 1), entry.label.get(lang))
        sheet.cell(sheet.max_row, 1).font = bold
    sheet.append([])
    heading("legend_status")
    for key in cat.statuses():
        sheet.append([cat.status_label(key, lang)])
    sheet.append([])
    heading("legend_edit")
    for key in ("edit_1", "edit_2", "edit_3", "edit_4"):
        sheet.append(["", _t(key, lang)])
    # One A4 portrait page: the explanations wrap in column B, each row as tall as its text
    # (headings stay on one line, running on into B).
    sheet.column_dimensions["A"].width = 16
    sheet.column_dimensions["B"].width = 56
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in range(1, sheet.max_row + 1):
        sheet.cell(row, 2).alignment = wrap
        fit_row_height(sheet, row, {2: 56})
    print_setup(sheet, title_rows=None)

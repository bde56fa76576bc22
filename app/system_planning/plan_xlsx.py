"""The system-planning workbook: the checklist, every table (with computed columns), totals, the catalogue.

Formatted like the hearing sheet (:mod:`app.core.files.xlsx_style`): styled and frozen headers,
filters, widths, landscape printing. Numbers and dates are real cells with a number format;
user text always goes through ``set_text`` (never a formula). Totals are the services' values,
written as numbers, so the workbook says exactly what the app and the Markdown document say.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from app.core.content.model import AnswerKind, Column, ColumnKind, Item
from app.core.files import xlsx_style as xs
from app.core.files.atomic import write_with
from app.core.i18n import Lang
from app.core.workspace import Workspace
from app.hearing import AnswerStatus, format_cell, format_value, is_empty, status_label, walk
from app.system_planning import service as sp
from app.system_planning.plan_md import TEXT as MD_TEXT
from app.system_planning.text import LEGEND, flag_message, formula_expression, formula_label

TEXT: dict[str, dict[Lang, str]] = {
    "checklist": {"ja": "システム化計画", "en": "System planning"},
    "id": {"ja": "ID", "en": "ID"},
    "section": {"ja": "セクション", "en": "Section"},
    "question": {"ja": "項目", "en": "Item"},
    "status": {"ja": "状態", "en": "Status"},
    "answer": {"ja": "回答", "en": "Answer"},
    "note": {"ja": "備考", "en": "Note"},
    "see_sheet": {"ja": "→ シート「{0}」({1})", "en": "-> sheet '{0}' ({1})"},
    "row": {"ja": "行", "en": "Row"},
    "cost_summary": {"ja": "コスト集計", "en": "Cost summary"},
    "formula": {"ja": "計算式", "en": "Formula"},
    "worked": {"ja": "計算", "en": "Worked out"},
    "currency": {"ja": "通貨", "en": "Currency"},
    "catalogue": {"ja": "インスタンスカタログ", "en": "Instance catalogue"},
    "name": {"ja": "マシンタイプ", "en": "Machine type"},
    "provider": {"ja": "提供元", "en": "Provider"},
    "vcpu": {"ja": "vCPU", "en": "vCPU"},
    "memory": {"ja": "メモリ(GB)", "en": "Memory (GB)"},
    "gpu": {"ja": "GPU", "en": "GPU"},
    "hourly": {"ja": "時間単価", "en": "Hourly price"},
    "open_items": {"ja": "未決事項", "en": "Open items"},
    "kind": {"ja": "種類", "en": "Kind"},
    "where": {"ja": "項目", "en": "Item"},
    "detail": {"ja": "内容", "en": "Detail"},
    "formulas": {"ja": "計算式", "en": "Formulas"},
    "capacity_problems": {"ja": "判定", "en": "Verdict"},
    "totals": {"ja": "合計", "en": "Totals"},
    "print_header": {"ja": "{0} システム化計画", "en": "{0} system planning"},
}
# The two computed tables get short sheet names; other tables are named after their item.
SHEET_NAMES: dict[str, dict[Lang, str]] = {
    sp.PROCESSES: {"ja": "処理フロー", "en": "Process flow"},
    sp.COST_ITEMS: {"ja": "コスト見積もり", "en": "Cost estimate"},
}
OPEN_KINDS = {"follow_up": "follow_ups", "unanswered": "not_answered", "flag": "checks"}


def t(key: str, lang: Lang) -> str:
    return TEXT[key][lang] if key in TEXT else MD_TEXT[key][lang]


def money_format(currency: str) -> str:
    return "#,##0" if currency == "JPY" else "#,##0.00"


def _sheet(wb: Any, title: str, taken: set[str], headers: list[str], widths: list[int]) -> Any:
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(xs.safe_sheet_title(title, taken))
    for col, text in enumerate(headers, start=1):
        xs.set_text(ws.cell(row=1, column=col), text)
    xs.style_header(ws)
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = "B2"
    xs.print_setup(ws)
    return ws


def _finish(ws: Any, columns: int, last_row: int, project_name: str, lang: Lang) -> None:
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter

    if last_row >= 1:
        ws.auto_filter.ref = f"A1:{get_column_letter(columns)}{max(last_row, 2)}"
    wrap = Alignment(wrap_text=True, vertical="top")
    border = xs.thin_border()
    for row in ws.iter_rows(min_row=2, max_row=last_row, max_col=columns):
        for cell in row:
            cell.alignment = wrap
            cell.border = border
    widths = {c: ws.column_dimensions[get_column_letter(c)].width or 13 for c in range(1, columns + 1)}
    for row in range(1, last_row + 1):
        xs.fit_row_height(ws, row, widths)  # neither Excel nor LibreOffice grows rows on open
    ws.oddHeader.center.text = xs.header_text(t("print_header", lang), project_name)
    ws.oddFooter.right.text = "&P / &N"


def _put_cell(cell: Any, column: Column, value: Any, lang: Lang) -> None:
    """A table cell typed by its column: numbers and dates as real cells, the rest as safe text."""
    if value is None or value == "":
        return
    if column.kind == ColumnKind.NUMBER and isinstance(value, int | float) and not isinstance(value, bool):
        cell.value = value
        cell.number_format = "#,##0.####" if isinstance(value, float) and not value.is_integer() else "#,##0"
    elif column.kind == ColumnKind.DATE:
        try:
            xs.set_value(cell, dt.date.fromisoformat(str(value)))
        except ValueError:
            xs.set_text(cell, value)
    else:
        xs.set_text(cell, format_cell(column, value, lang))


def _header(column: Column, lang: Lang) -> str:
    """A column title; number cells hold bare numbers, so their unit goes into the title."""
    label = column.label.get(lang)
    return f"{label} ({column.unit.get(lang)})" if column.unit else label


def _width(column: Column) -> int:
    if column.kind in (ColumnKind.NUMBER, ColumnKind.BOOL, ColumnKind.DATE, ColumnKind.CHOICE):
        return 12
    return 20


class _Book:
    def __init__(self, ws_: Workspace, project_id: int, lang: Lang) -> None:
        from openpyxl import Workbook

        from app.core.projects import ProjectService
        from app.hearing import AnswerService

        self.ws_, self.lang = ws_, lang
        self.project = ProjectService(ws_.db).get(project_id)
        self.answers = AnswerService(ws_.db, ws_.library).answers(project_id)
        self.checklist = sp.system_planning_checklist(ws_.library)
        self.plan = sp.build_plan(ws_.library, sp.answer_values(self.answers))
        self.wb = Workbook()
        self.taken: set[str] = set()
        self.table_sheets: dict[str, str] = {}

    def build(self) -> Any:
        from openpyxl.styles import Font

        lang = self.lang
        overview = xs.first_sheet(self.wb)
        overview.title = xs.safe_sheet_title(t("checklist", lang), self.taken)
        refs = walk(self.checklist)
        for ref in refs:
            if ref.item.kind == AnswerKind.TABLE:
                name = SHEET_NAMES.get(ref.item.id, {}).get(lang) or ref.item.label.get(lang)
                self.table_sheets[ref.item.id] = xs.safe_sheet_title(name, self.taken)
        headers = [t(k, lang) for k in ("id", "section", "question", "status", "answer", "note")]
        for col, text in enumerate(headers, start=1):
            xs.set_text(overview.cell(row=1, column=col), text)
        xs.style_header(overview)
        for col, width in enumerate((18, 26, 36, 12, 50, 30), start=1):
            overview.column_dimensions["ABCDEF"[col - 1]].width = width
        for n, ref in enumerate(refs, start=2):
            item, answer = ref.item, self.answers.get(ref.item.id)
            status = answer.status if answer else AnswerStatus.NOT_ASKED
            if item.kind == AnswerKind.TABLE:
                row_count = len(answer.value or []) if answer else 0
                shown = t("see_sheet", lang).format(self.table_sheets[item.id], format_value(item, [None] * row_count, lang))
            else:
                shown = format_value(item, answer.value, lang) if answer and not is_empty(answer.value) else ""
            values = [item.id, ref.section_path(lang), item.label.get(lang), status_label(status, lang, self.ws_.library), shown, answer.note if answer else ""]
            for col, value in enumerate(values, start=1):
                xs.set_text(overview.cell(row=n, column=col), value)
            overview.cell(row=n, column=1).font = Font(size=8, color="808080")
        overview.freeze_panes = "D2"
        xs.print_setup(overview)
        _finish(overview, 6, len(refs) + 1, self.project.name, lang)

        for ref in refs:
            if ref.item.kind != AnswerKind.TABLE:
                continue
            answer = self.answers.get(ref.item.id)
            rows = list(answer.value or []) if answer else []
            if ref.item.id == sp.PROCESSES:
                self.process_sheet(ref.item, rows)
            elif ref.item.id == sp.COST_ITEMS:
                self.cost_sheet(ref.item, rows)
            else:
                self.table_sheet(ref.item, rows)
        self.cost_summary_sheet()
        self.catalogue_sheet()
        self.open_items_sheet()
        self.wb.active = 0
        return self.wb

    # --- table sheets -------------------------------------------------------------------------

    def _table_head(self, item: Item, extra: list[tuple[str, int]]) -> Any:
        headers = [t("row", self.lang)] + [_header(c, self.lang) for c in item.columns] + [title for title, _ in extra]
        widths = [6] + [_width(c) for c in item.columns] + [width for _, width in extra]
        ws = _sheet(self.wb, self.table_sheets[item.id], set(), headers, widths)
        ws.freeze_panes = "C2"
        return ws

    def _table_rows(self, ws: Any, item: Item, rows: list[dict[str, Any]]) -> None:
        for n, row in enumerate(rows, start=1):
            ws.cell(row=n + 1, column=1, value=n)
            for c, column in enumerate(item.columns, start=2):
                _put_cell(ws.cell(row=n + 1, column=c), column, row.get(column.id), self.lang)

    def table_sheet(self, item: Item, rows: list[dict[str, Any]]) -> Any:
        ws = self._table_head(item, [])
        self._table_rows(ws, item, rows)
        _finish(ws, len(item.columns) + 1, len(rows) + 1, self.project.name, self.lang)
        if item.id == sp.MONITORING_PLAN:
            self._totals_line(ws, len(rows) + 3, MD_TEXT["monitoring_totals"][self.lang].format(*self._monitoring_numbers()))
        elif item.id == sp.OPERATIONS_TASKS:
            o = self.plan.operations
            text = MD_TEXT["operations_totals"][self.lang].format(o.rows, o.by_owner["customer"], o.by_owner["vendor"], o.by_owner["us"], o.unassigned)
            self._totals_line(ws, len(rows) + 3, text)
        return ws

    def _monitoring_numbers(self) -> tuple:
        m = self.plan.monitoring
        item = self.ws_.library.item(sp.MONITORING_PLAN)
        assert item is not None  # called by table_sheet for this very item
        column = next(c for c in item.columns if c.id == "target")
        sep = "、" if self.lang == "ja" else ", "
        by_target = sep.join(f"{format_cell(column, k, self.lang)} {v}" for k, v in m.by_target.items()) or MD_TEXT["none"][self.lang]
        return m.rows, by_target, m.human_in_the_loop, m.human_labelling

    def _totals_line(self, ws: Any, row: int, text: str) -> None:
        from openpyxl.styles import Font

        cell = ws.cell(row=row, column=2)
        xs.set_text(cell, text)
        cell.font = Font(bold=True)

    def process_sheet(self, item: Item, rows: list[dict[str, Any]]) -> None:
        lang = self.lang
        cur = self.plan.catalogue.currency
        extra = [
            (MD_TEXT["throughput"][lang], 14), (MD_TEXT["required"][lang], 10), (MD_TEXT["instances"][lang], 10),
            (MD_TEXT["run_or_util"][lang], 14), (MD_TEXT["latency"][lang], 12), (MD_TEXT["monthly_hours"][lang], 12),
            (f"{MD_TEXT['monthly_cost'][lang]} ({cur})", 14), (t("capacity_problems", lang), 36), (t("formulas", lang), 60),
        ]
        ws = self._table_head(item, extra)
        self._table_rows(ws, item, rows)
        first = len(item.columns) + 2
        by_row = {line.row: line.result for line in self.plan.processes}
        for n in range(1, len(rows) + 1):
            r = by_row.get(n)
            if r is None:
                continue
            run_or_util = r.run_hours if r.run_hours is not None else r.utilisation
            values: list[tuple[Any, str]] = [
                (r.required_throughput, "#,##0.00"), (r.instances_required, "0"), (r.instances, "0"),
                (run_or_util, "0.00" if r.run_hours is not None else "0%"), (r.latency_ms, "#,##0"),
                (r.monthly_hours, "#,##0.0"), (r.monthly_cost, money_format(cur)),
            ]
            for offset, (value, fmt) in enumerate(values):
                if value is not None:
                    cell = ws.cell(row=n + 1, column=first + offset, value=value)
                    cell.number_format = fmt
            verdict = "\n".join(flag_message(f, lang, item) for f in r.flags) or MD_TEXT["ok"][lang]
            xs.set_text(ws.cell(row=n + 1, column=first + len(values)), verdict)
            formulas = "\n".join(f"{formula_label(f, lang)}: {formula_expression(f, lang)} → {f.worked}" for f in r.formulas)
            xs.set_text(ws.cell(row=n + 1, column=first + len(values) + 1), formulas)
        columns = len(item.columns) + 1 + len(extra)
        _finish(ws, columns, len(rows) + 1, self.project.name, lang)
        xs.print_setup(ws, title_columns="A:B")  # 26 columns: A3 landscape, two pages wide
        total_row = len(rows) + 3
        self._totals_line(ws, total_row, MD_TEXT["capacity_total"][lang].format(f"{self.plan.capacity_monthly:,.2f} {cur}"))
        total = ws.cell(row=total_row, column=first + 6, value=self.plan.capacity_monthly)
        total.number_format = money_format(cur)
        self._totals_line(ws, total_row + 1, f"{MD_TEXT['legend'][lang]}: {LEGEND[lang]}")

    def cost_sheet(self, item: Item, rows: list[dict[str, Any]]) -> None:
        lang, cost = self.lang, self.plan.cost
        c = cost.currency
        extra = [(MD_TEXT["amount"][lang], 14), (MD_TEXT["converted"][lang].format(c), 16), (MD_TEXT["yearly"][lang].format(c), 16)]
        ws = self._table_head(item, extra)
        self._table_rows(ws, item, rows)
        first = len(item.columns) + 2
        by_row = {line.row: line for line in cost.lines}
        for n in range(1, len(rows) + 1):
            line = by_row.get(n)
            if line is None:
                continue
            for offset, (value, currency) in enumerate(((line.amount, line.currency), (line.converted, c), (line.yearly, c))):
                if value is not None:
                    cell = ws.cell(row=n + 1, column=first + offset, value=value)
                    cell.number_format = money_format(currency)
        _finish(ws, len(item.columns) + 1 + len(extra), len(rows) + 1, self.project.name, lang)

    def cost_summary_sheet(self) -> None:
        lang, cost = self.lang, self.plan.cost
        c = cost.currency
        headers = [MD_TEXT["line"][lang], MD_TEXT["one_off"][lang], MD_TEXT["per_month"][lang], MD_TEXT["per_year"][lang], t("currency", lang)]
        ws = _sheet(self.wb, t("cost_summary", lang), self.taken, headers, [34, 16, 16, 16, 8])
        lines: list[tuple[str, float | None, float | None, float | None]] = [
            ("initial_infrastructure", cost.initial_infrastructure, None, None),
            ("initial_effort", cost.initial_effort, None, None),
            ("initial_total", cost.initial_total, None, None),
            ("running_infrastructure", None, cost.running_infrastructure, cost.running_infrastructure * 12),
            ("running_capacity", None, cost.running_capacity, cost.running_capacity * 12 if cost.running_capacity is not None else None),
            ("running_effort", None, cost.running_effort, cost.running_effort * 12),
            ("retraining", None, cost.retraining_monthly, cost.retraining_monthly * 12),
            ("running_total", None, cost.running_monthly, cost.running_yearly),
            ("first_year", cost.first_year_total, None, None),
        ]
        if cost.business_value is not None:
            lines += [("business_value", None, cost.business_value, cost.business_value * 12)]
            lines += [("net", None, cost.net_monthly, (cost.net_monthly or 0) * 12)]
        row = 2
        for key, one, month, year in lines:
            xs.set_text(ws.cell(row=row, column=1), MD_TEXT[key][lang])
            for col, value in ((2, one), (3, month), (4, year)):
                if value is not None:
                    ws.cell(row=row, column=col, value=value).number_format = money_format(c)
            xs.set_text(ws.cell(row=row, column=5), c)
            row += 1
        if cost.value_ratio is not None:
            xs.set_text(ws.cell(row=row, column=1), MD_TEXT["ratio"][lang])
            ws.cell(row=row, column=3, value=cost.value_ratio).number_format = "0.00"
            row += 1
        if cost.payback_months is not None:
            xs.set_text(ws.cell(row=row, column=1), MD_TEXT["payback"][lang])
            ws.cell(row=row, column=3, value=cost.payback_months).number_format = "0.0"
            row += 1
        _finish(ws, 5, row - 1, self.project.name, lang)
        row += 1
        xs.set_text(ws.cell(row=row, column=1), t("formula", lang))
        xs.set_text(ws.cell(row=row, column=2), t("worked", lang))
        for f in cost.formulas:
            row += 1
            xs.set_text(ws.cell(row=row, column=1), f"{formula_label(f, lang)}: {formula_expression(f, lang)}")
            xs.set_text(ws.cell(row=row, column=2), f.worked)
        cost_item = self.ws_.library.item(sp.COST_ITEMS)
        for flag in cost.flags:
            row += 1
            xs.set_text(ws.cell(row=row, column=1), "⚠ " + flag_message(flag, lang, cost_item))

    def catalogue_sheet(self) -> None:
        lang, cat = self.lang, self.plan.catalogue
        headers = [t(k, lang) for k in ("name", "provider", "vcpu", "memory", "gpu", "hourly")] + [t("currency", lang), t("note", lang)]
        ws = _sheet(self.wb, t("catalogue", lang), self.taken, headers, [24, 10, 8, 12, 18, 12, 8, 30])
        for n, spec in enumerate(cat.instances, start=2):
            xs.set_text(ws.cell(row=n, column=1), spec.name)
            xs.set_text(ws.cell(row=n, column=2), spec.provider)
            if spec.vcpu is not None:
                ws.cell(row=n, column=3, value=spec.vcpu)
            if spec.memory_gb is not None:
                ws.cell(row=n, column=4, value=spec.memory_gb)
            xs.set_text(ws.cell(row=n, column=5), spec.gpu)
            ws.cell(row=n, column=6, value=spec.hourly_price).number_format = "#,##0.000"
            xs.set_text(ws.cell(row=n, column=7), cat.currency)
            xs.set_text(ws.cell(row=n, column=8), spec.note)
        _finish(ws, 8, len(cat.instances) + 1, self.project.name, lang)

    def open_items_sheet(self) -> None:
        lang = self.lang
        library = self.ws_.library
        headers = [t("kind", lang), t("where", lang), t("detail", lang)]
        ws = _sheet(self.wb, t("open_items", lang), self.taken, headers, [18, 60, 70])
        items = sp.open_items(self.checklist, self.answers, self.plan)
        for n, entry in enumerate(items, start=2):
            item = library.item(entry.item_id)
            path = " › ".join(s.title.get(lang) for s in library.sections_of(entry.item_id))
            detail = entry.note
            if entry.flag is not None:
                row = f"{MD_TEXT['row'][lang].format(entry.row)}: " if entry.row else ""
                detail = row + flag_message(entry.flag, lang, item)
            xs.set_text(ws.cell(row=n, column=1), MD_TEXT[OPEN_KINDS[entry.kind]][lang])
            xs.set_text(ws.cell(row=n, column=2), f"{path} › {item.label.get(lang)}" if item else entry.item_id)
            xs.set_text(ws.cell(row=n, column=3), detail)
        _finish(ws, 3, len(items) + 1, self.project.name, lang)


def build_workbook(ws_: Workspace, project_id: int, lang: Lang) -> Any:
    return _Book(ws_, project_id, lang).build()


def export_xlsx(ws_: Workspace, project_id: int, out: Path, lang: Lang) -> Path:
    workbook = build_workbook(ws_, project_id, lang)
    return write_with(Path(out), lambda tmp: workbook.save(tmp))

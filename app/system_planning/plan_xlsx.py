"""The system-planning workbook: the checklist, every table (with computed columns), totals, the prices used.

Written with XlsxWriter, which stores a formula together with its computed value: the capacity
and cost results are Excel formulas over the input cells of the same workbook (change a volume,
a processing time or a price and Excel or LibreOffice recalculates the instances, hours and
money), and each carries the value the app computed, so a viewer that does not recalculate
still shows the app's figures. What a formula reads is fixed per row when exported: a row's mode
(batch or online) and what its time is measured per pick the formula; the numbers, the time
unit, the frequency and the prices are read from their cells. A row the app could not compute
(missing or unusable inputs) gets no formula.

Formatted like the hearing sheet: styled, frozen headers, filters, widths, landscape A4 fitted
to the page width with the header row repeated. Numbers and dates are real cells with a number
format; user text is always written as a string (never a formula) through
:func:`app.core.files.xlsx_style.cell_text`, with the quote prefix where Excel would otherwise
evaluate it on an edit.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.core.content.model import AnswerKind, Column, ColumnKind, Item
from app.core.files import xlsx_style as xs
from app.core.files import xlsx_writer as xw
from app.core.files.atomic import write_with
from app.core.i18n import Lang
from app.core.workspace import Workspace
from app.hearing import AnswerStatus, format_cell, format_value, is_empty, status_label, table_rows, walk
from app.system_planning import service as sp
from app.system_planning.capacity import CapacityResult, exact_text, money, money_decimals
from app.system_planning.cost_estimate import MONTHS_PER_YEAR
from app.system_planning.plan_formulas import ProcessInputs, capacity_formulas, is_number, shown_format
from app.system_planning.plan_md import TEXT as MD_TEXT
from app.system_planning.text import LEGEND, flag_message, formula_expression, formula_label, price_kind_label
from app.system_planning.xlsx_book import Book, Sheet, cell, typed_format

TEXT: dict[str, dict[Lang, str]] = {
    "checklist": {"ja": "システム化計画", "en": "System planning"},
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
    "prices_sheet": {"ja": "使用する料金", "en": "Prices used"},
    "name": {"ja": "マシンタイプ", "en": "Machine type"},
    "provider": {"ja": "提供元", "en": "Provider"},
    "region": {"ja": "リージョン", "en": "Region"},
    "on_demand": {"ja": "オンデマンド", "en": "On-demand"},
    "reserved": {"ja": "リザーブド", "en": "Reserved"},
    "spot": {"ja": "スポット(変動)", "en": "Spot (variable)"},
    "price_used": {"ja": "使用する単価", "en": "Price used"},
    "as_of": {"ja": "時点", "en": "As of"},
    "source": {"ja": "出典", "en": "Source"},
    "priced_with": {"ja": "料金: {0}、リージョン {1}", "en": "Priced: {0}, region {1}"},
    "region_first": {"ja": "各マシンタイプの先頭のリージョン", "en": "as first listed for each machine type"},
    "unpinned": {"ja": "プロジェクトにまだコピーされていない料金(現在のカタログから)", "en": "Not copied into the project yet (from the current catalogue)"},
    "open_items": {"ja": "未決事項", "en": "Open items"},
    "kind": {"ja": "種類", "en": "Kind"},
    "where": {"ja": "項目", "en": "Item"},
    "detail": {"ja": "内容", "en": "Detail"},
    "formulas": {"ja": "計算式", "en": "Formulas"},
    "capacity_problems": {"ja": "判定", "en": "Verdict"},
    "totals": {"ja": "合計", "en": "Totals"},
    "print_header": {"ja": "{0} システム化計画", "en": "{0} system planning"},
    "retraining_runs": {"ja": "再学習の回数(月あたり)", "en": "Retraining runs per month"},
    "retraining_cost": {"ja": "再学習1回のコスト", "en": "Retraining cost per run"},
    "recalculates": {
        "ja": "キャパシティとコストのセルは入力セルを参照する数式です(値を変えると再計算されます)。方式と計測単位は書き出し時の行のものです。",
        "en": "The capacity and cost cells are formulas over the input cells (change a value and they recalculate). Each row's mode and measuring basis are those it had when exported.",
    },
}
# The two computed tables get short sheet names; other tables are named after their item.
SHEET_NAMES: dict[str, dict[Lang, str]] = {
    sp.PROCESSES: {"ja": "処理フロー", "en": "Process flow"},
    sp.COST_ITEMS: {"ja": "コスト見積もり", "en": "Cost estimate"},
}
OPEN_KINDS = {"follow_up": "follow_ups", "unanswered": "not_answered", "flag": "checks"}
BORDER = "#BFBFBF"


def t(key: str, lang: Lang) -> str:
    return TEXT[key][lang] if key in TEXT else MD_TEXT[key][lang]


def money_format(currency: str) -> str:
    return "#,##0" if currency == "JPY" else "#,##0.00"


def _header(column: Column, lang: Lang) -> str:
    """A column title; number cells hold bare numbers, so their unit goes into the title."""
    label = column.label.get(lang)
    return f"{label} ({column.unit.get(lang)})" if column.unit else label


def _width(column: Column) -> int:
    if column.kind in (ColumnKind.NUMBER, ColumnKind.BOOL, ColumnKind.DATE, ColumnKind.CHOICE):
        return 12
    return 20


class _Workbook:
    def __init__(self, ws_: Workspace, project_id: int, lang: Lang) -> None:
        from app.core.projects import ProjectService
        from app.hearing import AnswerService
        from app.system_planning.operations import load_doc

        self.ws_, self.lang = ws_, lang
        self.project = ProjectService(ws_.db).get(project_id)
        self.answers = AnswerService(ws_.db, ws_.library).answers(project_id)
        self.checklist = sp.system_planning_checklist(ws_.library)
        self.plan = sp.build_plan(ws_.library, sp.answer_values(self.answers), load_doc(ws_, project_id))
        self.table_sheets: dict[str, str] = {}
        self.sheets: dict[str, Sheet] = {}
        self.price_cells: dict[str, str] = {}  # machine type (casefold) -> the 'price used' cell
        self.process_costs: list[str] = []  # the process sheet's cost cells the capacity total sums
        self.cost_cells: dict[int, tuple[str, str | None]] = {}  # cost row -> (converted cell, yearly cell)
        self.capacity_total: str | None = None
        self.print_header = xs.header_text(t("print_header", lang), self.project.name)

    def write(self, path: Path) -> None:
        xw.write_book(path, self.build)  # a file that cannot be written: the OSError it is (write_with says it)

    def build(self, wb: Any) -> None:
        self.book = Book(wb, self.lang)
        lang = self.lang
        refs = walk(self.checklist)
        overview_title = t("checklist", lang)
        for ref in refs:
            if ref.item.kind == AnswerKind.TABLE:
                name = SHEET_NAMES.get(ref.item.id, {}).get(lang) or ref.item.label.get(lang)
                self.table_sheets[ref.item.id] = xs.safe_sheet_title(name, {overview_title, *self.table_sheets.values()})
        # Items by their section and label: the customer's copy shows no internal item id (nothing reads this book back).
        headers = [t(k, lang) for k in ("section", "question", "status", "answer", "note")]
        overview = self.book.sheet(overview_title, headers, [26, 36, 12, 50, 30], freeze_cols=2)
        overview.body_rows = len(refs)
        for n, ref in enumerate(refs, start=1):
            item, answer = ref.item, self.answers.get(ref.item.id)
            status = answer.status if answer else AnswerStatus.NOT_ASKED
            if item.kind == AnswerKind.TABLE and not self.words(item):
                rows = table_rows(answer.value) if answer else []
                shown = t("see_sheet", lang).format(self.table_sheets[item.id], format_value(item, rows, lang))
            else:  # (a table's answer saved as a text or words: those, here and on its sheet)
                shown = format_value(item, answer.value, lang) if answer and not is_empty(answer.value) else ""
            values = [ref.section_path(lang), item.label.get(lang), status_label(status, lang, self.ws_.library), shown, answer.note if answer else ""]
            for col, value in enumerate(values):
                overview.text(n, col, value)
        overview.finish(len(headers), len(refs), self.print_header)  # (no items: no row, still its columns)

        # The prices sheet is read by the process flow's formulas: lay it out first, add it last.
        prices = self.prices_layout()
        for ref in refs:
            if ref.item.kind != AnswerKind.TABLE:
                continue
            answer = self.answers.get(ref.item.id)
            rows = table_rows(answer.value) if answer else []
            if ref.item.id == sp.PROCESSES:
                self.process_sheet(ref.item, rows)
            elif ref.item.id == sp.COST_ITEMS:
                self.cost_sheet(ref.item, rows)
            else:
                self.sheets[ref.item.id] = self.table_sheet(ref.item, rows)
        self.cost_summary_sheet()
        self.prices_sheet(prices)
        self.open_items_sheet()

    # --- table sheets -------------------------------------------------------------------------

    def words(self, item: Item) -> str:
        """A table item's answer saved as a text or words (before the item became a table), as its words;
        "" when it is rows, or nothing."""
        answer = self.answers.get(item.id)
        value = answer.value if answer else None
        return "" if is_empty(value) or table_rows(value) else format_value(item, value, self.lang)

    def _table_head(self, item: Item, extra: list[tuple[str, int]], rows: int) -> Sheet:
        headers = [t("row", self.lang)] + [_header(c, self.lang) for c in item.columns] + [title for title, _ in extra]
        widths = [6] + [_width(c) for c in item.columns] + [width for _, width in extra]
        sheet = self.book.sheet(self.table_sheets[item.id], headers, widths, freeze_cols=2)
        sheet.body_rows = rows
        if not rows:
            sheet.text(1, 1, self.words(item))  # where the rows would be
        return sheet

    def _table_rows(self, sheet: Sheet, item: Item, rows: list[dict[str, Any]], columns: int) -> None:
        for n, row in enumerate(rows, start=1):
            sheet.blank_row(n, columns)  # borders on every cell of the table
            sheet.number(n, 0, n)
            for c, column in enumerate(item.columns, start=1):
                self._put_cell(sheet, n, c, column, row.get(column.id))

    def _put_cell(self, sheet: Sheet, row: int, col: int, column: Column, value: Any) -> None:
        """A table cell typed by its column: numbers and dates as real cells, the rest as safe text."""
        if value is None or value == "":
            return
        if column.kind == ColumnKind.NUMBER and is_number(value):
            sheet.number(row, col, value, typed_format(value))
        elif column.kind == ColumnKind.DATE and (day := xs.sheet_date(value)) is not None:
            sheet.date(row, col, day)
        else:
            sheet.text(row, col, format_cell(column, value, self.lang))

    def table_sheet(self, item: Item, rows: list[dict[str, Any]]) -> Sheet:
        sheet = self._table_head(item, [], len(rows))
        self._table_rows(sheet, item, rows, len(item.columns) + 1)
        sheet.finish(len(item.columns) + 1, len(rows), self.print_header)
        if item.id == sp.MONITORING_PLAN:
            sheet.text(len(rows) + 2, 1, MD_TEXT["monitoring_totals"][self.lang].format(*self._monitoring_numbers()), bold=True)
        elif item.id == sp.OPERATIONS_TASKS:
            o = self.plan.operations
            text = MD_TEXT["operations_totals"][self.lang].format(o.rows, o.by_owner["customer"], o.by_owner["vendor"], o.by_owner["us"], o.unassigned)
            sheet.text(len(rows) + 2, 1, text, bold=True)
        return sheet

    def _monitoring_numbers(self) -> tuple:
        m = self.plan.monitoring
        item = self.ws_.library.item(sp.MONITORING_PLAN)
        assert item is not None  # called by table_sheet for this very item
        column = next((c for c in item.columns if c.id == "target"), None)  # (an own checklist's table may have none)
        sep = "、" if self.lang == "ja" else ", "
        by_target = sep.join(f"{format_cell(column, k, self.lang) if column else k} {v}" for k, v in m.by_target.items()) or MD_TEXT["none"][self.lang]
        return m.rows, by_target, m.human_in_the_loop, m.human_labelling

    # --- the process flow: capacity as formulas -----------------------------------------------

    def process_sheet(self, item: Item, rows: list[dict[str, Any]]) -> None:
        lang = self.lang
        cur = self.plan.capacity_currency
        extra = [
            (MD_TEXT["throughput"][lang], 14), (MD_TEXT["required"][lang], 10), (MD_TEXT["instances"][lang], 10),
            (MD_TEXT["run_or_util"][lang], 14), (MD_TEXT["latency"][lang], 12), (MD_TEXT["monthly_hours"][lang], 12),
            (f"{MD_TEXT['monthly_cost'][lang]} ({cur})", 14), (t("capacity_problems", lang), 36), (t("formulas", lang), 60),
        ]
        sheet = self._table_head(item, extra, len(rows))
        columns = len(item.columns) + 1 + len(extra)
        self._table_rows(sheet, item, rows, columns)
        first = len(item.columns) + 1
        cols = {c.id: n for n, c in enumerate(item.columns, start=1)}
        by_id = {c.id: c for c in item.columns}
        by_row = {line.row: line.result for line in self.plan.processes}
        for n in range(1, len(rows) + 1):
            r = by_row.get(n)
            if r is None:
                continue
            inputs = ProcessInputs(n, cols, by_id, rows[n - 1], lang)
            self._capacity_cells(sheet, inputs, r, first, cur)
            verdict = "\n".join(flag_message(f, lang, item) for f in r.flags) or MD_TEXT["ok"][lang]
            sheet.text(n, first + 7, verdict)
            formulas = "\n".join(f"{formula_label(f, lang)}: {formula_expression(f, lang)} → {f.worked}" for f in r.formulas)
            sheet.text(n, first + 8, formulas)
        sheet.finish(columns, len(rows), self.print_header, fit_width=2)  # 28 columns: two landscape pages
        total_row = len(rows) + 2
        sheet.text(total_row, 1, MD_TEXT["capacity_total"][lang].format(money(self.plan.capacity_monthly, cur)), bold=True)
        if self.process_costs:
            sheet.formula(total_row, first + 6, f"SUM({','.join(self.process_costs)})", self.plan.capacity_monthly, money_format(cur), bold=True)
        else:
            sheet.number(total_row, first + 6, self.plan.capacity_monthly, money_format(cur), bold=True)
        self.capacity_total = sheet.ref(total_row, first + 6)
        sheet.note(total_row + 1, 1, f"{MD_TEXT['legend'][lang]}: {LEGEND[lang]}", bold=True)
        sheet.note(total_row + 2, 1, t("recalculates", lang))
        self.sheets[sp.PROCESSES] = sheet

    def _capacity_cells(self, sheet: Sheet, inputs: ProcessInputs, r: CapacityResult, first: int, cur: str) -> None:
        """The computed columns of one process: formulas where the inputs allow, else the app's values."""
        n = inputs.row
        price = self.price_cells.get((r.price.name if r.price else "").casefold())
        formulas = capacity_formulas(inputs, r, first, price) if r.complete else {}
        run_or_util = r.run_hours if r.run_hours is not None else r.utilisation
        cells: list[tuple[float | None, str]] = [
            (r.required_throughput, "#,##0.00"), (r.instances_required, "0"), (r.instances, "0"),
            (run_or_util, shown_format(r.run_hours) if r.run_hours is not None else "0%"), (r.latency_ms, "#,##0"),
            (r.monthly_hours, shown_format(r.monthly_hours or 0, exact_text)), (r.monthly_cost, money_format(cur)),
        ]
        for offset, (value, fmt) in enumerate(cells):
            if value is None:
                continue
            if offset in formulas:
                sheet.formula(n, first + offset, formulas[offset], value, fmt)
            else:
                sheet.number(n, first + offset, value, fmt)
        if r.monthly_cost is not None and r.price is not None and r.price.currency == self.plan.capacity_currency:
            self.process_costs.append(cell(n, first + 6))

    # --- the cost estimate --------------------------------------------------------------------

    def _rate_cells(self) -> dict[str, str]:
        """Each currency's exchange-rate cell on the exchange-rates sheet (the last valid row wins, as in the app)."""
        answer = self.answers.get(sp.FX_RATES)
        sheet = self.sheets.get(sp.FX_RATES)
        item = self.ws_.library.item(sp.FX_RATES)
        at = next((n for n, c in enumerate(item.columns) if c.id == "rate"), None) if item is not None else None
        if answer is None or sheet is None or at is None or not isinstance(answer.value, list):
            return {}  # (an own checklist's exchange-rates table without a rate column: the rates are values)
        rate_col = 1 + at
        out: dict[str, str] = {}
        for n, row in enumerate(answer.value, start=1):
            currency, rate = sp.fx_rates([row]), row.get("rate") if isinstance(row, dict) else None
            if currency and is_number(rate):
                out[next(iter(currency))] = sheet.ref(n, rate_col)
        return out

    def cost_sheet(self, item: Item, rows: list[dict[str, Any]]) -> None:
        lang, cost = self.lang, self.plan.cost
        c = cost.currency
        extra = [(MD_TEXT["amount"][lang], 14), (MD_TEXT["converted"][lang].format(c), 16), (MD_TEXT["yearly"][lang].format(c), 16)]
        sheet = self._table_head(item, extra, len(rows))
        columns = len(item.columns) + 1 + len(extra)
        self._table_rows(sheet, item, rows, columns)
        first = len(item.columns) + 1
        cols = {col.id: n for n, col in enumerate(item.columns, start=1)}
        rates = self._rate_cells()
        by_row = {line.row: line for line in cost.lines}
        for n in range(1, len(rows) + 1):
            line = by_row.get(n)
            if line is None:
                continue
            typed = {"unit_price", "quantity"} <= cols.keys() and is_number(rows[n - 1].get("unit_price")) and is_number(rows[n - 1].get("quantity"))
            amount = f"{cell(n, cols['unit_price'])}*{cell(n, cols['quantity'])}" if typed else None
            if line.amount is not None:
                if amount:
                    sheet.formula(n, first, amount, line.amount, money_format(line.currency))
                else:
                    sheet.number(n, first, line.amount, money_format(line.currency))
            converted = cell(n, first) if line.currency == c else (f"{cell(n, first)}*{rates[line.currency]}" if line.currency in rates else None)
            converted = None if converted is None else f"ROUND({converted},{money_decimals(c)})"  # as the estimate counts it (in_units)
            if line.converted is not None:
                if amount and converted:
                    sheet.formula(n, first + 1, converted, line.converted, money_format(c))
                else:
                    sheet.number(n, first + 1, line.converted, money_format(c))
            yearly = None
            if line.yearly is not None:
                sheet.formula(n, first + 2, f"{cell(n, first + 1)}*{MONTHS_PER_YEAR}", line.yearly, money_format(c))
                yearly = sheet.ref(n, first + 2)
            if line.converted is not None and not line.flags:
                self.cost_cells[n] = (sheet.ref(n, first + 1), yearly)
        sheet.finish(columns, len(rows), self.print_header)
        self.sheets[sp.COST_ITEMS] = sheet

    def cost_summary_sheet(self) -> None:
        lang, cost = self.lang, self.plan.cost
        c = cost.currency
        fmt = money_format(c)
        headers = [MD_TEXT["line"][lang], MD_TEXT["one_off"][lang], MD_TEXT["per_month"][lang], MD_TEXT["per_year"][lang], t("currency", lang)]
        sheet = self.book.sheet(t("cost_summary", lang), headers, [34, 16, 16, 16, 8])
        item = self.ws_.library.item(sp.COST_ITEMS)
        answer = self.answers.get(sp.COST_ITEMS)
        rows = answer.value if answer is not None and isinstance(answer.value, list) else []

        def table_sum(phase: str, category: str) -> str:
            cells = [self.cost_cells[n][0] for n, row in enumerate(rows, start=1)
                     if n in self.cost_cells and isinstance(row, dict) and row.get("phase") == phase and row.get("category") == category]  # fmt: skip
            return f"SUM({','.join(cells)})" if cells else "0"

        rates = self._rate_cells()
        capacity = None
        if cost.running_capacity is not None and self.capacity_total is not None:
            cap_cur = self.plan.capacity_currency
            total = f"ROUND({self.capacity_total},{money_decimals(cap_cur)})"
            capacity = total if cap_cur == c else (f"ROUND({total}*{rates[cap_cur]},{money_decimals(c)})" if cap_cur in rates else None)

        # (key, column, formula or None, value): rows in the order the app shows them
        layout = [
            ("initial_infrastructure", 1, table_sum("initial", "infrastructure"), cost.initial_infrastructure),
            ("initial_effort", 1, table_sum("initial", "effort"), cost.initial_effort),
            ("initial_total", 1, "{initial_infrastructure}+{initial_effort}", cost.initial_total),
            ("running_infrastructure", 2, table_sum("running", "infrastructure"), cost.running_infrastructure),
            ("running_capacity", 2, capacity, cost.running_capacity),
            ("running_effort", 2, table_sum("running", "effort"), cost.running_effort),
            ("retraining", 2, f"ROUND({{retraining_runs}}*{{retraining_cost}},{money_decimals(c)})" if cost.retraining_runs_per_month is not None
             and cost.retraining_cost is not None else None, cost.retraining_monthly),
            ("running_total", 2, "SUM({running_infrastructure}:{retraining})", cost.running_monthly),
            ("first_year", 1, "{initial_total}+{running_total_year}", cost.first_year_total),
        ]  # fmt: skip
        if cost.business_value is not None:
            layout += [("business_value", 2, None, cost.business_value), ("net", 2, "{business_value}-{running_total}", cost.net_monthly)]
        row_of = {key: n for n, (key, *_rest) in enumerate(layout, start=1)}
        extra_rows = len(layout) + 1
        inputs: dict[str, tuple[int, float | None]] = {}
        if cost.retraining_runs_per_month is not None and cost.retraining_cost is not None:
            inputs = {"retraining_runs": (extra_rows, cost.retraining_runs_per_month), "retraining_cost": (extra_rows + 1, cost.retraining_cost)}
        names = {key: cell(n, col) for n, (key, col, *_rest) in enumerate(layout, start=1)}
        names |= {key: cell(row, 2) for key, (row, _v) in inputs.items()}
        names["running_total_year"] = cell(row_of["running_total"], 3)
        sheet.body_rows = len(layout) + len(inputs) + (1 if cost.value_ratio is not None else 0) + (1 if cost.payback_months is not None else 0)
        for n, (key, col, formula, value) in enumerate(layout, start=1):
            sheet.blank_row(n, 5)
            sheet.text(n, 0, MD_TEXT[key][lang])
            sheet.text(n, 4, c)
            if value is None:
                continue
            if formula is not None:
                sheet.formula(n, col, formula.format(**names), value, fmt)
            else:
                sheet.number(n, col, value, fmt)
            if col == 2:  # per month: the year is twelve of them
                sheet.formula(n, 3, f"{cell(n, 2)}*{MONTHS_PER_YEAR}", value * MONTHS_PER_YEAR, fmt)
        row = len(layout) + 1
        for key, (at, value) in inputs.items():
            sheet.blank_row(at, 5)
            sheet.text(at, 0, t(key, lang))
            sheet.number(at, 2, value or 0.0, "0.0###" if key == "retraining_runs" else fmt)
            row = at + 1
        if cost.value_ratio is not None:
            sheet.blank_row(row, 5)
            sheet.text(row, 0, MD_TEXT["ratio"][lang])
            sheet.formula(row, 2, f"{names['business_value']}/{names['running_total']}", cost.value_ratio, "0.00")
            row += 1
        if cost.payback_months is not None:
            sheet.blank_row(row, 5)
            sheet.text(row, 0, MD_TEXT["payback"][lang])
            sheet.formula(row, 2, f"{names['initial_total']}/{names['net']}", cost.payback_months, "0.0")
            row += 1
        sheet.finish(5, row - 1, self.print_header)
        row += 1
        sheet.text(row, 0, t("formula", lang))
        sheet.text(row, 1, t("worked", lang))
        for f in cost.formulas:
            row += 1
            sheet.text(row, 0, f"{formula_label(f, lang)}: {formula_expression(f, lang)}")
            sheet.text(row, 1, f.worked)
        for flag in cost.flags:
            row += 1
            sheet.text(row, 0, "⚠ " + flag_message(flag, lang, item))

    # --- the prices the project uses ----------------------------------------------------------

    def prices_layout(self) -> list[Any]:
        """The project's prices (the ones its processes use first), and where each 'price used' cell will be."""
        from xlsxwriter.utility import quote_sheetname

        used = self.plan.prices_used()
        keys = {p.key() for p in used}
        rows = used + [p for p in self.plan.doc.prices if p.key() not in keys]
        title = xs.safe_sheet_title(t("prices_sheet", self.lang), {t("checklist", self.lang), *self.table_sheets.values(), t("cost_summary", self.lang)})
        self.prices_title = title
        for n, p in enumerate(rows, start=1):
            self.price_cells.setdefault(p.instance.casefold(), f"{quote_sheetname(title)}!{cell(n, 6, True)}")
        return rows

    def prices_sheet(self, rows: list[Any]) -> None:
        lang, plan = self.lang, self.plan
        headers = [t(k, lang) for k in ("name", "provider", "region", "on_demand", "reserved", "spot", "price_used", "currency", "as_of", "source")]
        sheet = self.book.sheet(self.prices_title, headers, [22, 10, 16, 12, 12, 12, 12, 8, 10, 50])
        sheet.body_rows = len(rows)
        kind_col = {"on_demand": 3, "reserved": 4, "spot": 5}[plan.doc.price_kind]
        for n, p in enumerate(rows, start=1):
            sheet.blank_row(n, 10)
            sheet.text(n, 0, p.instance)
            sheet.text(n, 1, p.provider)
            sheet.text(n, 2, p.region)
            for col, value in ((3, p.on_demand), (4, p.reserved), (5, p.spot)):
                if value is not None:
                    sheet.number(n, col, value, "#,##0.000")
            chosen = p.price(plan.doc.price_kind)
            if chosen is not None:
                sheet.formula(n, 6, cell(n, kind_col), chosen, "#,##0.000")
            sheet.text(n, 7, p.currency)
            sheet.text(n, 8, p.as_of_text(lang))
            sheet.text(n, 9, p.source.get(lang) or p.source.get("en") or p.source.get("ja") or "")
        sheet.finish(10, len(rows), self.print_header)
        region = plan.doc.region or t("region_first", lang)
        sheet.text(len(rows) + 2, 0, t("priced_with", lang).format(price_kind_label(plan.doc.price_kind, lang), region), bold=True)
        if plan.unpinned:
            sheet.text(len(rows) + 3, 0, f"{t('unpinned', lang)}: {', '.join(plan.unpinned)}")

    def open_items_sheet(self) -> None:
        lang = self.lang
        library = self.ws_.library
        headers = [t("kind", lang), t("where", lang), t("detail", lang)]
        sheet = self.book.sheet(t("open_items", lang), headers, [18, 60, 70])
        items = sp.open_items(self.checklist, self.answers, self.plan)
        sheet.body_rows = len(items)
        for n, entry in enumerate(items, start=1):
            item = library.item(entry.item_id)
            path = " › ".join(s.title.get(lang) for s in library.sections_of(entry.item_id))
            detail = entry.note
            if entry.flag is not None:
                row = f"{MD_TEXT['row'][lang].format(entry.row)}: " if entry.row else ""
                detail = row + flag_message(entry.flag, lang, item)
            sheet.text(n, 0, MD_TEXT[OPEN_KINDS[entry.kind]][lang])
            sheet.text(n, 1, f"{path} › {item.label.get(lang)}" if item else entry.item_id)
            sheet.text(n, 2, detail)
        sheet.finish(3, len(items), self.print_header)


def export_xlsx(ws_: Workspace, project_id: int, out: Path, lang: Lang) -> Path:
    book = _Workbook(ws_, project_id, lang)
    return write_with(Path(out), book.write)

"""The system-planning design document in Markdown: every answer, the tables, capacity and cost, open items.

Sections follow the checklist; the computed parts (capacity with formulas after the process
flow, the cost summary after the cost estimate, totals after the monitoring plan and the
operations tasks) are placed where a reader expects them. User text is always escaped
(:mod:`app.core.files.markdown_text`); formulas are code spans so no renderer reads ``_`` or
``*`` in them as emphasis.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from app.core.content.model import AnswerKind, Item, Section
from app.core.demo_source import app_today
from app.core.files import markdown_text as md
from app.core.files.atomic import write_text
from app.core.i18n import Lang, format_date, list_separator
from app.core.workspace import Workspace
from app.hearing import Answer, AnswerStatus, format_cell, format_value, is_empty, status_label, table_rows
from app.system_planning import service as sp
from app.system_planning.capacity import Formula, exact_text, money, num, rate, share
from app.system_planning.operations import load_doc
from app.system_planning.text import (
    LEGEND,
    flag_message,
    formula_expression,
    formula_label,
    price_kind_label,
    severity_label,
)

TEXT: dict[str, dict[Lang, str]] = {
    "title": {"ja": "{0} システム化計画書", "en": "System planning: {0}"},
    "project": {"ja": "プロジェクト", "en": "Project"},
    "date": {"ja": "作成日", "en": "Date"},
    "progress": {"ja": "チェックリスト", "en": "Checklist"},
    "progress_value": {"ja": "{0} / {1} 項目 回答済・対象外(要フォロー {2} 件)", "en": "{0} of {1} items answered or not applicable ({2} to follow up)"},
    "catalogue": {"ja": "インスタンスカタログ", "en": "Instance catalogue"},
    "prices": {"ja": "料金", "en": "Prices"},
    "target_of": {"ja": "(目標{0})", "en": "(target {0})"},
    "price_summary": {"ja": "{0}、リージョン {1}", "en": "{0}, region {1}"},
    "region_first": {"ja": "各マシンタイプの先頭のリージョン", "en": "as first listed for each machine type"},
    "prices_used": {"ja": "使用する料金(プロジェクトにコピー済み)", "en": "Prices used (copied into the project)"},
    "prices_unpinned": {"ja": "プロジェクトにまだコピーされていない料金(現在のカタログから): {0}", "en": "Prices not copied into the project yet (from the current catalogue): {0}"},
    "region": {"ja": "リージョン", "en": "Region"},
    "on_demand": {"ja": "オンデマンド", "en": "On-demand"},
    "reserved": {"ja": "リザーブド", "en": "Reserved"},
    "spot": {"ja": "スポット(変動)", "en": "Spot (variable)"},
    "as_of": {"ja": "時点", "en": "As of"},
    "source": {"ja": "出典", "en": "Source"},
    "unanswered": {"ja": "未回答", "en": "Not answered yet"},
    "status": {"ja": "状態", "en": "Status"},
    "note": {"ja": "備考", "en": "Note"},
    "from_hearing": {"ja": "ヒアリング「{0}」より({1}):", "en": "From the hearing, '{0}' ({1}):"},
    "no_rows": {"ja": "(行なし)", "en": "(no rows)"},
    "capacity": {"ja": "キャパシティとインフラ費用(簡易性能テストから)", "en": "Capacity and infrastructure cost (from the quick performance test)"},
    "no_processes": {"ja": "処理フローの表に処理がありません。", "en": "The process-flow table has no process yet."},
    "process": {"ja": "処理", "en": "Process"},
    "mode": {"ja": "方式", "en": "Mode"},
    "machine": {"ja": "マシンタイプ", "en": "Machine type"},
    "throughput": {"ja": "必要スループット(件/秒)", "en": "Required throughput (/s)"},
    "required": {"ja": "必要台数", "en": "Required"},
    "instances": {"ja": "台数", "en": "Instances"},
    "run_or_util": {"ja": "実行時間 / 使用率", "en": "Run time / utilisation"},
    "latency": {"ja": "レイテンシ(ms)", "en": "Latency (ms)"},
    "monthly_hours": {"ja": "月間稼働(時間)", "en": "Hours / month"},
    "monthly_cost": {"ja": "月額", "en": "Per month"},
    "verdict": {"ja": "判定", "en": "Verdict"},
    "ok": {"ja": "OK", "en": "OK"},
    "capacity_total": {"ja": "キャパシティ計算のインフラ費用合計: {0} / 月", "en": "Infrastructure from the calculator: {0} per month"},
    "legend": {"ja": "記号", "en": "Symbols"},
    "row": {"ja": "{0}行目", "en": "row {0}"},
    "cost_summary": {"ja": "コスト集計と費用対効果", "en": "Cost totals and cost-effectiveness"},
    "amount": {"ja": "金額", "en": "Amount"},
    "converted": {"ja": "金額({0})", "en": "Amount ({0})"},
    "yearly": {"ja": "年額({0})", "en": "Per year ({0})"},
    "line": {"ja": "区分", "en": "Line"},
    "one_off": {"ja": "一時", "en": "One-off"},
    "per_month": {"ja": "月額", "en": "Per month"},
    "per_year": {"ja": "年額", "en": "Per year"},
    "initial_infrastructure": {"ja": "初期 インフラ", "en": "Initial infrastructure"},
    "initial_effort": {"ja": "初期 開発工数", "en": "Initial development effort"},
    "initial_total": {"ja": "初期 合計", "en": "Initial total"},
    "running_infrastructure": {"ja": "ランニング インフラ(表)", "en": "Running infrastructure (table)"},
    "running_capacity": {"ja": "ランニング インフラ(キャパシティ計算)", "en": "Running infrastructure (calculator)"},
    "running_effort": {"ja": "ランニング 開発工数", "en": "Running development effort"},
    "retraining": {"ja": "再学習", "en": "Retraining"},
    "running_total": {"ja": "ランニング 合計", "en": "Running total"},
    "first_year": {"ja": "初年度合計", "en": "First-year total"},
    "business_value": {"ja": "期待されるビジネス価値", "en": "Expected business value"},
    "net": {"ja": "正味の効果", "en": "Net benefit"},
    "ratio": {"ja": "価値 / ランニング費用", "en": "Value / running cost"},
    "payback": {"ja": "初期費用の回収期間", "en": "Payback of the initial cost"},
    "months": {"ja": "{0} か月", "en": "{0} months"},
    "one_month": {"ja": "1 か月", "en": "1 month"},
    "not_paid_back": {"ja": "回収できない(正味の効果がマイナス)", "en": "never (the net benefit is not positive)"},
    "currency_default": {"ja": "見積もりの通貨が未選択のため{0}で計算しています。", "en": "No currency chosen for the estimate: amounts are in {0}."},
    "monitoring_totals": {"ja": "監視計画: {0} 件(対象別: {1})、human in the loop {2} 件、人手ラベリングでの検知 {3} 件", "en": "Monitoring plan: {0} rows (by target: {1}); human in the loop in {2}; detection by human labelling in {3}"},
    "monitoring_totals_one": {"ja": "監視計画: {0} 件(対象別: {1})、human in the loop {2} 件、人手ラベリングでの検知 {3} 件", "en": "Monitoring plan: {0} row (by target: {1}); human in the loop in {2}; detection by human labelling in {3}"},
    "operations_totals": {"ja": "運用作業: {0} 件(顧客 {1} / ベンダ {2} / 自社 {3}、担当未定 {4})", "en": "Operations tasks: {0} (customer {1} / vendor {2} / us {3}; no owner {4})"},
    "open_items": {"ja": "未決事項", "en": "Open items"},
    "follow_ups": {"ja": "要フォロー", "en": "To follow up"},
    "not_answered": {"ja": "未回答の項目", "en": "Items not answered yet"},
    "checks": {"ja": "計算と表のチェック", "en": "Checks of the calculations and tables"},
    "nothing_open": {"ja": "未決事項はありません。", "en": "Nothing is open."},
    "none": {"ja": "なし", "en": "none"},
    "formulas": {"ja": "計算式", "en": "Formulas"},
}


def t(key: str, lang: Lang) -> str:
    return TEXT[key][lang]


def table_markdown(item: Item, rows: list[dict[str, Any]], lang: Lang, extra: Sequence[tuple[str, Callable[[int, dict[str, Any]], str]]] = ()) -> str:
    """A table answer as GFM, optionally with computed columns (title, cell function by row index)."""
    headers = [md.cell(c.label.get(lang)) for c in item.columns] + [md.cell(title) for title, _ in extra]
    body = []
    for n, row in enumerate(rows):
        cells = [md.cell(format_cell(c, row.get(c.id), lang)) for c in item.columns]
        cells += [md.cell(fn(n, row)) for _, fn in extra]
        body.append(cells)
    return md.table(headers, body)


def _formula_lines(formulas: tuple[Formula, ...] | list[Formula], lang: Lang) -> list[str]:
    return [f"- {md.inline(formula_label(f, lang), start=False)}: `{formula_expression(f, lang)}` → `{f.worked}`" for f in formulas]


class _Writer:
    def __init__(self, ws: Workspace, project_id: int, lang: Lang) -> None:
        from app.core.projects import ProjectService
        from app.hearing import AnswerService

        self.ws, self.lang = ws, lang
        self.project = ProjectService(ws.db).get(project_id)
        self.answers: dict[str, Answer] = AnswerService(ws.db, ws.library).answers(project_id)
        self.checklist = sp.system_planning_checklist(ws.library)
        self.plan = sp.build_plan(ws.library, sp.answer_values(self.answers), load_doc(ws, project_id))
        self.lines: list[str] = []
        # The capacity and the cost summary follow the section holding the process flow / the cost estimate (an own
        # checklist may file them elsewhere); without that item, the section so named in the shipped checklist.
        sections = list(self.checklist.walk_sections())
        self.blocks: dict[int, list[Callable[[int], None]]] = {}
        for block, item_id, named in ((self.capacity, sp.PROCESSES, "process_flow"), (self.cost_summary, sp.COST_ITEMS, "cost")):
            for found in [s for s in sections if any(i.id == item_id for i in s.items)] or [s for s in sections if s.id == named]:
                self.blocks.setdefault(id(found), []).append(block)

    def out(self, *lines: str) -> None:
        self.lines.extend(lines)

    # --- the document -------------------------------------------------------------------------

    def document(self, today: dt.date) -> str:
        lang = self.lang
        items = list(self.checklist.walk_items())
        done = sum(1 for i in items if (a := self.answers.get(i.id)) and a.is_done)
        follow = sum(1 for i in items if (a := self.answers.get(i.id)) and a.status == AnswerStatus.FOLLOW_UP)
        customer = f" ({md.inline(self.project.customer, start=False)})" if self.project.customer else ""
        self.out(
            "# " + t("title", lang).format(md.inline(self.project.name, start=False)),
            "",
            f"- {t('project', lang)}: {md.inline(self.project.name, start=False)}{customer}",
            f"- {t('date', lang)}: {format_date(today, lang)}",
            f"- {t('progress', lang)}: " + t("progress_value", lang).format(done, len(items), follow),
            f"- {t('prices', lang)}: " + price_summary(self.plan, lang),
            "",
        )
        if self.checklist.description:
            self.out(md.block(self.checklist.description.get(lang)), "")
        for section in self.checklist.sections:
            self.section(section, 2)
        self.open_items()
        return "\n".join(self.lines).replace("\n\n\n", "\n\n").rstrip() + "\n"

    def section(self, section: Section, level: int) -> None:
        self.out("#" * level + " " + md.inline(section.title.get(self.lang), start=False), "")
        if section.help:
            self.out(f"*{md.inline(section.help.get(self.lang), start=False)}*", "")
        for item in section.items:
            self.item(item, level + 1)
            after = {sp.MONITORING_PLAN: self.monitoring_totals, sp.OPERATIONS_TASKS: self.operations_totals}.get(item.id)
            if after:
                after()
        for sub in section.sections:
            self.section(sub, level + 1)
        for block in self.blocks.get(id(section), []):
            block(level + 1)

    def item(self, item: Item, level: int) -> None:
        lang = self.lang
        answer = self.answers.get(item.id)
        self.out("#" * level + " " + md.inline(item.label.get(lang), start=False), "")
        if item.linked_item:
            self.linked(item.linked_item)
        value: Any = answer.value if answer else None
        rows = table_rows(value) if item.kind == AnswerKind.TABLE else []  # (none: a saved text or words, said as such)
        if item.id == sp.COST_ITEMS and rows:
            self.cost_table(item, rows)
        elif rows and not is_empty(value):
            self.out(table_markdown(item, rows, lang), "")
        elif not is_empty(value):
            self.out(md.block(format_value(item, value, lang)), "")
        if is_empty(value):
            status = answer.status if answer else AnswerStatus.NOT_ASKED
            label = status_label(status, lang, self.ws.library) if status != AnswerStatus.NOT_ASKED else t("unanswered", lang)
            self.out(f"*{label}*", "")
        elif answer and answer.status not in (AnswerStatus.ANSWERED,):
            self.out(f"{t('status', lang)}: {status_label(answer.status, lang, self.ws.library)}", "")
        if answer and answer.note.strip():
            self.out(f"> {t('note', lang)}: " + md.block(answer.note).replace("  \n", "  \n> "), "")

    def linked(self, item_id: str) -> None:
        linked = self.ws.library.item(item_id)
        if linked is None:
            return
        answer = self.answers_all().get(item_id)
        rows = table_rows(answer.value) if answer else []
        sections = self.ws.library.sections_of(item_id)
        where = " › ".join(s.title.get(self.lang) for s in sections)
        self.out(t("from_hearing", self.lang).format(md.inline(linked.label.get(self.lang), start=False), md.inline(where, start=False)), "")
        if linked.kind == AnswerKind.TABLE and rows:
            self.out(table_markdown(linked, rows, self.lang), "")
        elif answer and not is_empty(answer.value):
            self.out(md.block(format_value(linked, answer.value, self.lang)), "")
        else:
            self.out(t("no_rows", self.lang), "")

    def answers_all(self) -> Mapping[str, Answer]:
        return self.answers

    # --- computed blocks ----------------------------------------------------------------------

    def capacity(self, level: int) -> None:
        lang, plan = self.lang, self.plan
        process_item = self.ws.library.item(sp.PROCESSES)
        self.out("#" * level + " " + t("capacity", lang), "")
        if not plan.processes:
            self.out(t("no_processes", lang), "")
            return
        headers = [t(k, lang) for k in ("process", "mode", "machine", "throughput", "required", "instances", "run_or_util", "latency", "monthly_hours", "monthly_cost", "verdict")]
        body = []
        mode_column = next((c for c in process_item.columns if c.id == "mode"), None) if process_item else None
        for line in plan.processes:
            r = line.result
            run_or_util = f"{num(r.run_hours)} h" if r.run_hours is not None else (f"{r.utilisation:.0%}" if r.utilisation is not None else "—")
            if r.utilisation is not None and r.target_utilisation is not None:
                run_or_util += " " + t("target_of", lang).format(share(r.target_utilisation))
            verdict = "; ".join(flag_message(f, lang, process_item) for f in r.flags) or t("ok", lang)
            body.append([
                md.cell(r.spec.name or t("row", lang).format(line.row)),
                md.cell(format_cell(mode_column, r.spec.mode, lang) if mode_column and r.spec.mode else "—"),
                md.cell(r.spec.instance_type or "—"),
                num(r.required_throughput),
                num(r.instances_required),
                num(r.instances),
                run_or_util,
                num(r.latency_ms),
                exact_text(r.monthly_hours) if r.monthly_hours is not None else "—",  # the hours the cost is of
                money(r.monthly_cost, r.price.currency) if r.price and r.monthly_cost is not None else "—",
                md.cell(("⚠ " if r.problems else "") + verdict),
            ])
        self.out(md.table([md.cell(h) for h in headers], body), "")
        self.out(t("capacity_total", lang).format(money(plan.capacity_monthly, plan.capacity_currency)), "")
        self.prices_used()
        for line in plan.processes:
            r = line.result
            if not r.formulas and not r.flags:
                continue
            name = r.spec.name or t("row", lang).format(line.row)
            self.out("#" * (level + 1) + " " + md.inline(name, start=False), "")
            for flag in r.flags:
                self.out(f"- **{severity_label(flag, lang)}**: {md.inline(flag_message(flag, lang, process_item), start=False)}")
            self.out(*_formula_lines(r.formulas, lang))
            self.out("")
        self.out(f"*{t('legend', lang)}: {md.inline(LEGEND[lang], start=False)}*", "")

    def prices_used(self) -> None:
        lang, plan = self.lang, self.plan
        rows = plan.prices_used()
        if not rows:
            return
        self.out(f"**{t('prices_used', lang)}** ({md.inline(price_kind_label(plan.doc.price_kind, lang), start=False)})", "")
        headers = [t(k, lang) for k in ("machine", "region", "on_demand", "reserved", "spot", "as_of", "source")]
        body = [
            [
                md.cell(p.instance), md.cell(p.region or "—"),
                *(rate(v, p.currency) if v is not None else "—" for v in (p.on_demand, p.reserved, p.spot)),
                md.cell(p.as_of_text(lang) or "—"), md.cell(p.source.get(lang) or p.source.get("en") or p.source.get("ja") or "—"),
            ]
            for p in rows
        ]
        self.out(md.table([md.cell(h) for h in headers], body), "")
        if plan.unpinned:
            self.out(md.inline(t("prices_unpinned", lang).format(list_separator(lang).join(plan.unpinned))), "")

    def cost_table(self, item: Item, rows: list[dict[str, Any]]) -> None:
        lang, cost = self.lang, self.plan.cost
        if not rows:
            return
        by_row = {line.row: line for line in cost.lines}

        def amount(n: int, _row: dict) -> str:
            line = by_row.get(n + 1)
            return money(line.amount, line.currency) if line and line.amount is not None else ""

        def converted(n: int, _row: dict) -> str:
            line = by_row.get(n + 1)
            return money(line.converted, cost.currency) if line and line.converted is not None else ""

        def yearly(n: int, _row: dict) -> str:
            line = by_row.get(n + 1)
            return money(line.yearly, cost.currency) if line and line.yearly is not None else ""

        extra = [(t("amount", lang), amount), (t("converted", lang).format(cost.currency), converted), (t("yearly", lang).format(cost.currency), yearly)]
        self.out(table_markdown(item, rows, lang, extra), "")

    def cost_summary(self, level: int) -> None:
        lang, cost = self.lang, self.plan.cost
        c = cost.currency
        self.out("#" * level + " " + t("cost_summary", lang), "")
        if not self.plan.currency_chosen:
            self.out(t("currency_default", lang).format(c), "")
        rows = [
            ("initial_infrastructure", cost.initial_infrastructure, None, None),
            ("initial_effort", cost.initial_effort, None, None),
            ("initial_total", cost.initial_total, None, None),
            ("running_infrastructure", None, cost.running_infrastructure, cost.running_infrastructure * 12),
            ("running_capacity", None, cost.running_capacity, (cost.running_capacity or 0) * 12 if cost.running_capacity is not None else None),
            ("running_effort", None, cost.running_effort, cost.running_effort * 12),
            ("retraining", None, cost.retraining_monthly, cost.retraining_monthly * 12),
            ("running_total", None, cost.running_monthly, cost.running_yearly),
            ("first_year", cost.first_year_total, None, None),
        ]
        body = [
            [t(key, lang), money(one, c) if one is not None else "", money(month, c) if month is not None else "", money(year, c) if year is not None else ""]
            for key, one, month, year in rows
        ]
        if cost.business_value is not None:
            body.append([t("business_value", lang), "", money(cost.business_value, c), money(cost.business_value * 12, c)])
            body.append([t("net", lang), "", money(cost.net_monthly, c), money((cost.net_monthly or 0) * 12, c)])
        self.out(md.table([t("line", lang), t("one_off", lang), t("per_month", lang), t("per_year", lang)], body), "")
        if cost.value_ratio is not None:
            self.out(f"- {t('ratio', lang)}: {num(cost.value_ratio)}")
        if cost.business_value is not None:
            months = num(cost.payback_months) if cost.payback_months is not None else None
            payback = t("not_paid_back", lang) if months is None else t("one_month", lang) if months == "1" else t("months", lang).format(months)
            self.out(f"- {t('payback', lang)}: {payback}")
        self.out("")
        self.out(f"**{t('formulas', lang)}**", "")
        self.out(*_formula_lines(cost.formulas, lang))
        self.out("")
        cost_item = self.ws.library.item(sp.COST_ITEMS)
        for flag in cost.flags:
            self.out(f"- ⚠ {md.inline(flag_message(flag, lang, cost_item), start=False)}")
        self.out("")

    def monitoring_totals(self) -> None:
        lang, m = self.lang, self.plan.monitoring
        item = self.ws.library.item(sp.MONITORING_PLAN)
        target_column = next((c for c in item.columns if c.id == "target"), None) if item else None
        by_target = list_separator(lang).join(
            f"{format_cell(target_column, k, lang) if target_column else k} {v}" for k, v in m.by_target.items()
        ) or t("none", lang)
        self.out(md.inline(t("monitoring_totals_one" if m.rows == 1 else "monitoring_totals", lang).format(m.rows, by_target, m.human_in_the_loop, m.human_labelling)), "")
        for flag in m.flags:
            self.out(f"- ⚠ {md.inline(flag_message(flag, lang, item), start=False)}")
        self.out("")

    def operations_totals(self) -> None:
        lang, o = self.lang, self.plan.operations
        item = self.ws.library.item(sp.OPERATIONS_TASKS)
        owners = o.by_owner
        self.out(md.inline(t("operations_totals", lang).format(o.rows, owners["customer"], owners["vendor"], owners["us"], o.unassigned)), "")
        for flag in o.flags:
            self.out(f"- ⚠ {md.inline(flag_message(flag, lang, item), start=False)}")
        self.out("")

    # --- open items ---------------------------------------------------------------------------

    def open_items(self) -> None:
        lang = self.lang
        library = self.ws.library
        items = sp.open_items(self.checklist, self.answers, self.plan)
        self.out(f"## {t('open_items', lang)}", "")
        if not items:
            self.out(t("nothing_open", lang), "")
            return

        def where(item_id: str) -> str:
            item = library.item(item_id)
            path = " › ".join(s.title.get(lang) for s in library.sections_of(item_id))
            return f"{path} › {item.label.get(lang)}" if item else item_id

        groups = (("follow_up", "follow_ups"), ("unanswered", "not_answered"), ("flag", "checks"))
        for kind, title in groups:
            chosen = [o for o in items if o.kind == kind]
            if not chosen:
                continue
            self.out(f"### {t(title, lang)} ({len(chosen)})", "")
            for entry in chosen:
                text = f"- [ ] {md.inline(where(entry.item_id), start=False)}"
                if entry.kind == "follow_up" and entry.note:
                    text += f": {md.inline(entry.note, start=False)}"
                if entry.flag is not None:
                    row = f" ({t('row', lang).format(entry.row)})" if entry.row else ""
                    text += f"{row}: {md.inline(flag_message(entry.flag, lang, library.item(entry.item_id)), start=False)}"
                self.out(text)
            self.out("")


def price_summary(plan: sp.SystemPlan, lang: Lang) -> str:
    """Which prices the plan uses: the kind and the region (Markdown-safe)."""
    region = plan.doc.region or t("region_first", lang)
    return md.inline(t("price_summary", lang).format(price_kind_label(plan.doc.price_kind, lang), region), start=False)


def system_plan_markdown(ws: Workspace, project_id: int, lang: Lang, today: dt.date | None = None) -> str:
    return _Writer(ws, project_id, lang).document(today or app_today())


def export_markdown(ws: Workspace, project_id: int, out: Path, lang: Lang) -> Path:
    return write_text(Path(out), system_plan_markdown(ws, project_id, lang))

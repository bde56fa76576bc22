"""The Excel WBS's summary and legend sheets, and the colours the WBS sheet and the legend share."""

from __future__ import annotations

from typing import Any

from app.core.demo_source import app_today
from app.core.files import xlsx_writer as xw
from app.core.files.xlsx_style import HEADER_FILL, cell_text, row_height
from app.core.i18n import Lang, format_date
from app.wbs.catalog import Catalog
from app.wbs.checks import totals
from app.wbs.model import Problem, WbsTree

SUMMARY_FILL = "DDEBF7"
MILESTONE_FILL = "FFF2CC"
PROBLEM_FILL = "F8CBAD"
BAR_FILL = "4F81BD"
MILESTONE_BAR_FILL = "C00000"
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


def days_format(value: float) -> str:
    """The number format that shows person-days as typed, to 4 decimals (half an hour is 0.0625, not 0.063;
    3 days read 3, not 3.0), whatever the column's width (General would round in a narrow one)."""
    return decimals_format(f"{abs(value):.4f}".rstrip("0"))


def decimals_format(shown: str) -> str:
    """The number format with as many decimals as ``shown`` has ("0.0625" -> 0.0000, "3" -> 0)."""
    decimals = len(shown.partition(".")[2])
    return "0." + "0" * decimals if decimals else "0"


def write_summary(writer: xw.Writer, tree: WbsTree, found: dict[int, list[Problem]], cat: Catalog, project: Any, lang: Lang,
                  agreement: tuple[str, str] | None = None, signed: frozenset[str] = frozenset()) -> None:
    """The totals; ``agreement`` (label, text) names the newest signed agreement baseline, when there is one, and
    ``signed`` the uids of the tasks it holds (agreed by it)."""
    sums = totals(tree, signed)
    row = -1

    def number(col: int, value: Any, **props: Any) -> None:
        if isinstance(value, float) and col == 1:
            props.setdefault("num_format", days_format(value))
        writer.value(row, col, value, **props)

    for label, value in (
        (_t("project", lang), project.name),
        (_t("customer", lang), project.customer),
        (_t("exported", lang), app_today()),
        (_t("period", lang), " – ".join(format_date(day, lang) if day else "" for day in (sums.start, sums.finish))),
        (_t("tasks", lang), f"{sums.tasks} ({sums.leaves})"),
        (_t("total", lang), sums.estimate),
        *([agreement] if agreement else []),
    ):
        row += 1
        writer.text(row, 0, label, bold=True)
        number(1, value)

    def header(*texts: str) -> None:
        for col in range(3):
            writer.text(row, col, texts[col] if col < len(texts) else "", **xw.HEADER)

    def table(title_key: str, data: dict[str, float], label: Any, order: list[str]) -> None:
        nonlocal row
        row += 2
        header(_t(title_key, lang), _t("days", lang), _t("share", lang))
        keys = [k for k in order if k in data] + sorted((k for k in data if k not in order), key=lambda k: (not k, k))
        for key in keys:
            row += 1
            writer.text(row, 0, label(key))
            number(1, data[key])
            number(2, (data[key] / sums.estimate) if sums.estimate else 0, num_format="0%")
        row += 1
        writer.text(row, 0, "合計" if lang == "ja" else "Total", bold=True)
        number(1, sums.estimate, bold=True)
        number(2, 1 if sums.estimate else 0, num_format="0%", bold=True)

    table("by_phase", sums.by_phase, lambda k: cat.bucket_label("phase", k, lang), [p.id for p in cat.phases])
    table("by_role", sums.by_role, lambda k: cat.bucket_label("owner_role", k, lang), [r.id for r in cat.roles])
    table("by_priority", sums.by_priority, lambda k: cat.bucket_label("priority", k, lang), cat.priority_keys)
    row += 2
    header(_t("open", lang), "#")
    dates = sum(1 for p in found.values() if Problem.FINISH_BEFORE_START in p or Problem.BEFORE_PREDECESSOR in p)
    for key, count in (
        ("no_completion", sums.without_completion),
        ("not_agreed", sums.not_agreed),
        ("date_problems", dates),
        ("no_phase_or_role", sum(1 for p in found.values() if Problem.NO_PHASE_OR_ROLE in p)),
        ("often_missed", sum(1 for t in tree.tasks.values() if t.often_missed)),
    ):
        row += 1
        writer.text(row, 0, _t(key, lang))
        number(1, count)
    widths = [writer.width(col, col, width) for col, width in enumerate((44, 28, 10))]
    xw.print_setup(writer.ws, widths)  # A4 portrait


def write_legend(writer: xw.Writer, cat: Catalog, lang: Lang) -> None:
    # One A4 portrait page: the explanations wrap in column B, each row as tall as its text
    # (headings stay on one line, running on into B).
    widths = [16, 56]
    wrap = {"text_wrap": True, "valign": "top"}
    header_fill = {"bg_color": "#" + HEADER_FILL, "pattern": 1}
    row = -1

    def line(a: str | None = None, b: str = "", a_props: dict[str, Any] | None = None, b_props: dict[str, Any] | None = None) -> None:
        nonlocal row
        row += 1
        if a is not None:
            writer.text(row, 0, a, **(a_props or {}))
        writer.text(row, 1, b, **wrap, **(b_props or {}))
        writer.ws.set_row(row, row_height(xw.lines_needed([(widths[1], cell_text(b))])))

    def heading(key: str) -> None:
        line(_t(key, lang), a_props={"bold": True, "font_color": "#FFFFFF", **header_fill}, b_props=header_fill)

    heading("legend_colours")
    for color, key in (
        (SUMMARY_FILL, "summary_row"),
        (MILESTONE_FILL, "milestone_row"),
        (PROBLEM_FILL, "problem_cell"),
        (BAR_FILL, "bar"),
        (MILESTONE_BAR_FILL, "bar_milestone"),
    ):
        line("", _t(key, lang), a_props={"bg_color": "#" + color, "pattern": 1})
    line()
    heading("legend_priority")
    for entry in cat.scale:
        line(entry.label.get(lang), entry.help.get(lang) if entry.help else "", a_props={"bold": True})
    line()
    heading("legend_status")
    for key in cat.statuses():
        line(cat.status_label(key, lang))
    line()
    heading("legend_edit")
    for key in ("edit_1", "edit_2", "edit_3", "edit_4"):
        line("", _t(key, lang))
    xw.print_setup(writer.ws, [writer.width(col, col, width) for col, width in enumerate(widths)], title_rows=False)

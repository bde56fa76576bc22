"""The review report as a workbook: a summary sheet and one sheet per checklist (XlsxWriter, the app's rules).

Every text, the user's and the content's, is written as a string that never becomes a formula
(:class:`app.core.files.xlsx_writer.Writer`); scores and levels are number cells.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.core.files import xlsx_style as xs
from app.core.files import xlsx_writer as xw
from app.review.model import Scoring
from app.review.render import bars_maximum, final_text, t

if TYPE_CHECKING:
    from app.core.i18n import Lang
    from app.review.service import ChecklistView, ReviewView

WRAP = {"text_wrap": True, "valign": "top"} | xw.THIN_BORDER


def _origin(view: ChecklistView, item_id: str, fields: tuple[str, ...], lang: Lang) -> str:
    origin = view.items[item_id].answer.origin
    return "\n".join(str((origin[f].get("reason") or {}).get(lang) or "") for f in fields if f in origin)


def _rows(view: ChecklistView, lang: Lang) -> tuple[list[str], list[list[Any]], list[float]]:
    c = view.checklist
    rows: list[list[Any]] = []
    if c.scoring == Scoring.ML_TEST_SCORE:
        header = [t("section", lang), t("item", lang), t("score", lang), t("evidence", lang), t("suggested", lang), t("task", lang)]
        for section in c.sections:
            for item in section.items:
                a = view.items[item.id]
                rows.append([section.title.get(lang), item.label.get(lang), a.answer.score, a.answer.evidence, _origin(view, item.id, ("score",), lang), a.task or ""])
        return header, rows, [16, 60, 9, 40, 30, 30]
    if c.scoring == Scoring.CURRENT_TARGET:
        header = [t("component", lang), t("current", lang), t("target", lang), t("note", lang), t("suggested", lang), t("task", lang)]
        for item in c.items():
            a = view.items[item.id]
            rows.append([item.label.get(lang), a.answer.current, a.answer.target, a.answer.note, _origin(view, item.id, ("current", "target"), lang), a.task or ""])
        return header, rows, [36, 9, 9, 40, 30, 30]
    header = [t("item", lang), t("level", lang), t("note", lang), t("suggested", lang), t("task", lang)]
    for item in c.items():
        a = view.items[item.id]
        rows.append([item.label.get(lang), a.answer.level, a.answer.note, _origin(view, item.id, ("level",), lang), a.task or ""])
    return header, rows, [36, 9, 40, 30, 30]


def export_xlsx(view: ReviewView, out: Path, lang: Lang, summary: list[list[str]], title: str) -> Path:
    from app.core.files.atomic import write_with

    def build(book: Any) -> None:
        book.set_properties({"title": xs.cell_text(title)})  # the report's title, naming the project
        formats = xw.Formats(book, lang)
        taken: set[str] = set()
        ws = book.add_worksheet(xs.safe_sheet_title(t("summary", lang), taken))
        w = xw.Writer(ws, formats)
        summary_widths = [40, 60, 10, 10]
        for col, (name, width) in enumerate(zip([t("checklist", lang), t("result", lang), t("answered", lang), t("met", lang)], summary_widths, strict=True)):
            w.text(0, col, name, **xw.HEADER)
            w.width(col, col, width)
        for r, row in enumerate(summary, 1):
            for col, value in enumerate(row):
                w.text(r, col, value, **WRAP)
            _tall_enough(ws, r, summary_widths, row)
        ws.freeze_panes(1, 0)
        xw.print_setup(ws, summary_widths)  # one page wide, as the checklists' sheets
        for checklist_view in view.checklists:
            ws = book.add_worksheet(xs.safe_sheet_title(checklist_view.checklist.title.get(lang), taken))
            w = xw.Writer(ws, formats)
            header, rows, widths = _rows(checklist_view, lang)
            for col, (name, col_width) in enumerate(zip(header, widths, strict=True)):
                w.text(0, col, name, **xw.HEADER)
                w.width(col, col, col_width)
            for r, row in enumerate(rows, 1):
                for col, value in enumerate(row):
                    w.value(r, col, value, **WRAP)  # numbers as numbers, text never a formula
                _tall_enough(ws, r, widths, row)
            ws.freeze_panes(1, 0)
            xw.print_setup(ws, widths)
        charted = [c for c in view.checklists if c.checklist.chart != "none"]
        if charted:
            _charts(book, formats, xs.safe_sheet_title(t("charts", lang), taken), charted, lang)

    return write_with(out, lambda path: xw.write_book(path, build))


CHART_ROWS = 22  # the rows a chart covers (its height at Excel's default row height), the next one below it


def _charts(book: Any, formats: xw.Formats, name: str, views: list[ChecklistView], lang: Lang) -> None:
    """A sheet of Excel's own charts, as the HTML report draws them: each checklist's figures as a small
    table (labels, values: number cells) and beside it its chart made of those cells, a radar of levels
    or bars of section sums (the final score in the bars' title)."""
    ws = book.add_worksheet(name)
    w = xw.Writer(ws, formats)
    widths = [36.0, 10.0, 10.0]
    for col, width in enumerate(widths):
        w.width(col, col, width)
    top = 0
    for view in views:
        c, title = view.checklist, view.checklist.title.get(lang)
        if c.chart == "bars":
            header = [t("section", lang), t("sum", lang), t("max", lang)]
            rows: list[list[Any]] = [[s.section.title.get(lang), s.total, s.maximum] for s in view.score.sections]
            chart = book.add_chart({"type": "bar"})
            title = f"{title}: {final_text(view, lang)}"
            chart.set_x_axis({"min": 0, "max": bars_maximum(view), "major_unit": 1})
            chart.set_y_axis({"reverse": True})  # the sections top to bottom, as the table lists them
        else:
            header = [t("item", lang), t("level", lang)]
            rows = [[item.label.get(lang), view.items[item.id].answer.level] for item in c.items()]
            chart = book.add_chart({"type": "radar", "subtype": "with_markers"})
            chart.set_y_axis({"min": c.min_level, "max": c.max_level, "major_unit": 1})
        w.text(top, 0, title, bold=True)
        chart.set_title({"name": [name, top, 0], "name_font": {"size": 11}})  # the cell's text: a title "=…" is no formula
        for col, text in enumerate(header):
            w.text(top + 1, col, text, **xw.HEADER)
        for r, row in enumerate(rows, top + 2):
            for col, value in enumerate(row):
                w.value(r, col, value, **xw.THIN_BORDER)  # an unassessed level: an empty cell, a gap in the radar
        last = top + 1 + len(rows)
        chart.add_series({"name": header[1], "categories": [name, top + 2, 0, last, 0], "values": [name, top + 2, 1, last, 1],
                          "fill": {"color": "#1F4E79"}, "line": {"color": "#1F4E79"}, "marker": {"type": "circle"}})  # fmt: skip
        chart.set_legend({"none": True})
        ws.insert_chart(top + 1, len(widths) + 1, chart, {"x_scale": 1.3, "y_scale": 1.4})
        top = max(last, top + CHART_ROWS) + 2
    xw.print_setup(ws, widths + [9.0] * 10, title_rows=False)  # the charts print beside their tables


def _tall_enough(ws: Any, row: int, widths: list[float] | list[int], values: list[Any]) -> None:
    """The row as tall as its wrapped text (neither Excel nor LibreOffice grows a row when it opens a file)."""
    texts = [(w, v if isinstance(v, str) else "") for w, v in zip(widths, values, strict=False)]
    ws.set_row(row, xs.row_height(xw.lines_needed(texts)))

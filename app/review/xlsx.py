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
from app.review.render import t

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

    return write_with(out, lambda path: xw.write_book(path, build))


def _tall_enough(ws: Any, row: int, widths: list[float] | list[int], values: list[Any]) -> None:
    """The row as tall as its wrapped text (neither Excel nor LibreOffice grows a row when it opens a file)."""
    texts = [(w, v if isinstance(v, str) else "") for w, v in zip(widths, values, strict=False)]
    ws.set_row(row, xs.row_height(xw.lines_needed(texts)))

"""A baseline diff for the customer ("what changed since we agreed"): Markdown or xlsx, in the document language.

User text is data in both: escaped for Markdown (:mod:`app.core.files.markdown_text`), a string
that never becomes a formula in the workbook (:class:`app.core.files.xlsx_writer.Writer`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.core.files.atomic import write_text, write_with
from app.core.files.markdown_text import cell, inline, table
from app.core.kinds import Dropped, ExportReport
from app.core.messages import Label, Message
from app.projects.baselines.diff import ADDED, REMOVED, BaselineDiff

SUFFIXES = (".md", ".xlsx")
FILLS = {"changed": "#FFF2CC", ADDED: "#E2EFDA", REMOVED: "#FCE4D6"}  # yellow, green, red (light)


def _say(diff: BaselineDiff, *, key: str, **params: Any) -> str:
    return Message(key=key, **params).text(diff.lang)


def _headers(diff: BaselineDiff) -> list[str]:
    return [_say(diff, key="agreement.col_subject"), _say(diff, key="agreement.col_field"),
            _say(diff, key="agreement.col_old", name=diff.old_name), _say(diff, key="agreement.col_new", name=diff.new_name)]  # fmt: skip


def markdown(diff: BaselineDiff, project_name: str) -> str:
    lines = [f"# {inline(_say(diff, key='agreement.diff_title', old=diff.old_name, new=diff.new_name), start=False)}", ""]
    lines += [f"- {inline(_say(diff, key='agreement.diff_project', name=project_name), start=False)}",
              f"- {inline(_say(diff, key='agreement.diff_count', count=len(diff.rows)), start=False)}", ""]  # fmt: skip
    if not diff.rows:
        lines += [inline(_say(diff, key="agreement.diff_none")), ""]
    headers = [inline(h, start=False) for h in _headers(diff)]
    for area, title in diff.areas.items():
        rows = diff.rows_of(area)
        if not rows:
            continue
        lines += [f"## {inline(title, start=False)}", ""]
        lines += [table(headers, [[cell(r.subject), cell(r.field), cell(r.old), cell(r.new)] for r in rows]), ""]
    return "\n".join(lines).rstrip() + "\n"


def _build(diff: BaselineDiff, project_name: str, book: Any) -> None:
    from app.core.files import xlsx_writer as xw
    from app.core.files.xlsx_style import safe_sheet_title

    formats = xw.Formats(book, diff.lang)
    sheet = book.add_worksheet(safe_sheet_title(_say(diff, key="agreement.sheet_name"), set()))
    w = xw.Writer(sheet, formats)
    w.text(0, 0, _say(diff, key="agreement.diff_title", old=diff.old_name, new=diff.new_name), bold=True)
    w.text(1, 0, _say(diff, key="agreement.diff_project", name=project_name))
    headers = [_say(diff, key="agreement.col_area"), *_headers(diff)]
    top = 3
    for col, text in enumerate(headers):
        w.text(top, col, text, **xw.HEADER)
    row = top
    for r in diff.rows:
        row += 1
        look = {**xw.THIN_BORDER, "text_wrap": True, "valign": "top"}
        w.text(row, 0, diff.areas.get(r.area, r.area), **look)
        w.text(row, 1, r.subject, **look)
        w.text(row, 2, r.field, **look)
        old_fill = FILLS[REMOVED] if r.change == REMOVED else FILLS["changed"] if r.change != ADDED else None
        new_fill = FILLS[ADDED] if r.change == ADDED else FILLS["changed"] if r.change != REMOVED else None
        w.text(row, 3, r.old, **look, **({"bg_color": old_fill, "pattern": 1} if old_fill else {}))
        w.text(row, 4, r.new, **look, **({"bg_color": new_fill, "pattern": 1} if new_fill else {}))
    if not diff.rows:
        w.text(top + 1, 0, _say(diff, key="agreement.diff_none"))
    widths = [w.width(col, col, width) for col, width in enumerate((16, 36, 24, 40, 40))]
    sheet.freeze_panes(top + 1, 0)
    sheet.autofilter(top, 0, max(row, top), len(headers) - 1)
    xw.print_setup(sheet, widths)
    sheet.repeat_rows(top)


def check_suffix(out: Path) -> None:
    from app.core.errors import UserError
    from app.core.kinds import check_file_name
    from app.core.messages import Many

    check_file_name(out, SUFFIXES)
    if out.suffix.lower() not in SUFFIXES:
        raise UserError(key="agreement.wrong_suffix", suffixes=Many(SUFFIXES), name=out.name)


def report(written: Path) -> ExportReport:
    """What a diff export wrote and what its format could not carry (Markdown: the changed cells' shading)."""
    dropped = []
    if written.suffix.lower() == ".md":
        dropped.append(Dropped(field="changed_cells", label=Label(ja="変更したセルの色", en="Changed cells' shading"),
                               why=Message(key="export_report.no_shading", format=Label(ja="Markdown", en="Markdown"))))  # fmt: skip
    return ExportReport(kind="baseline-diff", written=[written], dropped=dropped)


def write(diff: BaselineDiff, project_name: str, out: Path) -> Path:
    """Write the diff as ``out``'s suffix says (.md or .xlsx), atomically."""
    check_suffix(out)
    suffix = out.suffix.lower()
    if suffix == ".md":
        return write_text(out, markdown(diff, project_name))
    from app.core.files import xlsx_writer as xw

    return write_with(out, lambda tmp: xw.write_book(tmp, lambda book: _build(diff, project_name, book)))

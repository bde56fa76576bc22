"""Writing the review report: the view read once, then Markdown, HTML, PDF (Qt's writer) or xlsx by suffix."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.demo_source import app_today
from app.core.files.atomic import write_text
from app.core.kinds import pdf_writer
from app.core.projects import ProjectService
from app.review.render import render_html, render_markdown, report_blocks, summary_values, t
from app.review.service import review_view

if TYPE_CHECKING:
    from app.core.i18n import Lang
    from app.core.workspace import Workspace


def export_report(ws: Workspace, project_id: int, out: Path, lang: Lang, today: dt.date | None = None) -> Path:
    project = ProjectService(ws.db).get(project_id)
    view = review_view(ws, project_id, lang)
    suffix = out.suffix.lower()
    title = t("title", lang).format(project.name)
    if suffix == ".xlsx":
        from app.review.xlsx import export_xlsx

        return export_xlsx(view, out, lang, [summary_values(c, lang) for c in view.checklists], title)
    blocks = report_blocks(view, project.name, lang, today or app_today())
    if suffix == ".md":
        return write_text(out, render_markdown(blocks))
    if suffix == ".html":
        return write_text(out, render_html(blocks, title, lang))
    return pdf_writer()(render_html(blocks, title, lang, for_pdf=True), out, title)


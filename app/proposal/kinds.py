"""``export proposal``: the kickoff proposal as Markdown, standalone HTML or PDF (by the file's suffix).

Markdown and HTML need no Qt. The PDF is laid out by Qt's rich-text engine and written by its
PDF writer, so only that path needs Qt: the writer the window or the CLI set (``app/ui/pdf.py``), creating an offscreen
application when run from the command line.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.core.files.atomic import write_text
from app.core.kinds import ExportKind, pdf_writer

if TYPE_CHECKING:
    from app.core.i18n import Lang
    from app.core.workspace import Workspace

EXPORTS: list[ExportKind] = []

SUFFIXES = (".md", ".html", ".pdf")


def export_proposal(ws: Workspace, project_id: int, out: Path, lang: Lang, options: dict[str, Any]) -> Path:
    from app.proposal.render import render_html, render_markdown
    from app.proposal.service import proposal_view

    view = proposal_view(ws, project_id, lang)
    suffix = out.suffix.lower()
    if suffix == ".md":
        return write_text(out, render_markdown(view))
    if suffix == ".html":
        return write_text(out, render_html(view))
    return pdf_writer()(render_html(view, for_pdf=True), out, f"{view.title}: {view.project_name}")  # (html, out, title)


EXPORTS.append(
    ExportKind(
        name="proposal",
        title={"ja": "導入提案", "en": "Kickoff proposal"},
        description={"ja": "導入提案: .md(Markdown)、.html(単体で開ける印刷向け)、.pdf"},
        help="the kickoff proposal: .md (Markdown), .html (standalone, printable) or .pdf",
        suffixes=SUFFIXES,
        export=export_proposal,
        order=10,
    )
)

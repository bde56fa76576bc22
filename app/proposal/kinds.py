"""``export proposal``: the kickoff proposal as Markdown, standalone HTML or PDF (by the file's suffix).

Markdown and HTML need no Qt. The PDF is laid out by Qt's rich-text engine and written by its
PDF writer, so only that path needs Qt: the writer the window or the CLI set (``app/ui/pdf/``), creating an offscreen
application when run from the command line.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.core.content.template_check import TemplateFolder
from app.core.files.atomic import write_text
from app.core.kinds import Dropped, ExportKind, pdf_writer
from app.core.messages import Label, Message

if TYPE_CHECKING:
    from app.core.i18n import Lang
    from app.core.workspace import Workspace

EXPORTS: list[ExportKind] = []


def _template_environment(name: str) -> Any:
    from app.proposal.render import template_environment

    return template_environment(name)


# The proposal's templates a user may override (<data folder>/templates/proposal), checked by `templates validate`.
TEMPLATES = (TemplateFolder("proposal", _template_environment),)

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


def proposal_dropped(out: Path, options: dict[str, Any]) -> list[Dropped]:
    """Markdown has no cell colours: the schedule's coloured cells (work, milestone) become text bars."""
    if out.suffix.lower() != ".md":
        return []
    return [
        Dropped(
            field="schedule_colours",
            label=Label(ja="スケジュールの色(作業・マイルストーン)", en="Schedule colours (work, milestone)"),
            why=Message(key="export_report.no_colours", format=Label(ja="Markdown", en="Markdown")),
            kept_as=Label(ja="文字の棒", en="text bars"),
            kept_as_field="text_bars",
        )
    ]


EXPORTS.append(
    ExportKind(
        name="proposal",
        title={"ja": "導入提案", "en": "Kickoff proposal"},
        description={"ja": "導入提案: .md(Markdown)、.html(単体で開ける印刷向け)、.pdf"},
        help="the kickoff proposal: .md (Markdown), .html (standalone, printable) or .pdf",
        suffixes=SUFFIXES,
        export=export_proposal,
        dropped=proposal_dropped,
        order=10,
    )
)

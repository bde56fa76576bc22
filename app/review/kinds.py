"""``export review``: the readiness-review report (.md, .html with SVG charts, .pdf, .xlsx) in the document language."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.core.kinds import Dropped, ExportKind
from app.core.messages import Label, Message

if TYPE_CHECKING:
    from app.core.i18n import Lang
    from app.core.workspace import Workspace

EXPORTS: list[ExportKind] = []

SUFFIXES = (".md", ".html", ".pdf", ".xlsx")


def export_review(ws: Workspace, project_id: int, out: Path, lang: Lang, options: dict[str, Any]) -> Path:
    from app.review.report import export_report

    return export_report(ws, project_id, Path(out), lang)


_FORMATS = {".md": Label(ja="Markdown", en="Markdown")}


def review_dropped(out: Path, options: dict[str, Any]) -> list[Dropped]:
    """The HTML report and the PDF draw the charts (inline SVG; the PDF's drawn by Qt's SVG renderer), the
    workbook has Excel's own (a sheet of charts); the Markdown gives their figures as tables."""
    found = _FORMATS.get(out.suffix.lower())
    if found is None:
        return []
    return [
        Dropped(
            field="charts",
            label=Label(ja="図(レーダーチャート・セクションの棒グラフ)", en="Charts (radar, section bars)"),
            why=Message(key="export_report.charts_as_tables", format=found),
            kept_as=Label(ja="表", en="tables"),
            kept_as_field="tables",
        )
    ]


EXPORTS.append(
    ExportKind(
        name="review",
        title={"ja": "準備度レビュー報告", "en": "Readiness review report"},
        description={
            "ja": "準備度レビュー報告: .md、.html(レーダーチャートと棒グラフつき)、.pdf(図つき)、.xlsx(図のシートつき)",
            "en": "The readiness review report: .md, .html (with the radar and section bars), .pdf (with the charts) or .xlsx (with a sheet of charts)",
        },
        help="the readiness review report: .md, .html (with the radar and section bars), .pdf (with the charts) or .xlsx (with a sheet of charts)",
        suffixes=SUFFIXES,
        export=export_review,
        dropped=review_dropped,
        order=60,
    )
)

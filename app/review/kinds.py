"""``export review``: the readiness-review report (.md, .html with SVG charts, .pdf, .xlsx) in the document language."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.core.kinds import ExportKind

if TYPE_CHECKING:
    from app.core.i18n import Lang
    from app.core.workspace import Workspace

EXPORTS: list[ExportKind] = []

SUFFIXES = (".md", ".html", ".pdf", ".xlsx")


def export_review(ws: Workspace, project_id: int, out: Path, lang: Lang, options: dict[str, Any]) -> Path:
    from app.review.report import export_report

    return export_report(ws, project_id, Path(out), lang)


EXPORTS.append(
    ExportKind(
        name="review",
        title={"ja": "準備度レビュー報告", "en": "Readiness review report"},
        description={
            "ja": "準備度レビュー報告: .md、.html(レーダーチャートと棒グラフつき)、.pdf(図の代わりに表)、.xlsx",
            "en": "the readiness review report: .md, .html (with the radar and section bars), .pdf (tables stand in for the charts) or .xlsx",
        },
        help="the readiness review report: .md, .html (with the radar and section bars), .pdf (tables stand in for the charts) or .xlsx",
        suffixes=SUFFIXES,
        export=export_review,
        order=60,
    )
)

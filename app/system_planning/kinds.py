"""``export system-plan``: the system-planning design document (.md) or its tables as a workbook (.xlsx)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.core.kinds import ExportKind

if TYPE_CHECKING:
    from app.core.i18n import Lang
    from app.core.workspace import Workspace

EXPORTS: list[ExportKind] = []

SUFFIXES = (".md", ".xlsx")


def export_system_plan(
    ws: Workspace, project_id: int, out: Path, lang: Lang, options: dict[str, Any]
) -> Path:
    if out.suffix.lower() == ".xlsx":
        from app.system_planning.plan_xlsx import export_xlsx

        return export_xlsx(ws, project_id, out, lang)
    from app.system_planning.plan_md import export_markdown

    return export_markdown(ws, project_id, out, lang)


EXPORTS.append(
    ExportKind(
        name="system-plan",
        title={"ja": "システム化計画書", "en": "System planning document"},
        description={
            "ja": "システム化計画書: .md(全回答、表、数式つきのキャパシティとコスト、未決事項)または .xlsx(表)"
        },
        help="the system-planning design document: .md (every answer, tables, capacity and cost with formulas, open items) or .xlsx (the tables)",
        suffixes=SUFFIXES,
        export=export_system_plan,
        order=50,
    )
)

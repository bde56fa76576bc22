"""``export system-plan``: the system-planning design document (.md) or its tables as a workbook (.xlsx)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.core.kinds import Dropped, ExportKind
from app.core.messages import Label, Message

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


def system_plan_dropped(out: Path, options: dict[str, Any]) -> list[Dropped]:
    """The workbook's capacity and cost results are live formulas; the Markdown's are text."""
    if out.suffix.lower() != ".md":
        return []
    return [
        Dropped(
            field="formulas",
            label=Label(ja="キャパシティとコストの計算式", en="Capacity and cost formulas"),
            why=Message(key="export_report.formulas_as_text", format=Label(ja="Markdown", en="Markdown")),
            kept_as=Label(ja="文字の式", en="formulas as text"),
            kept_as_field="text",
        )
    ]


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
        dropped=system_plan_dropped,
        order=50,
    )
)

"""WBS documents: the Excel WBS (out and back in), Microsoft Project XML, an issue-tracker CSV."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.core.kinds import Dropped, ExportKind, ImportKind, apply_after_preview, say
from app.core.messages import Help, Label, Message

_MSPDI = Label(ja="MS Project XML", en="MS Project XML")
_TRACKER = Label(ja="課題管理CSV", en="Issue-tracker CSV")
_OUTLINE = Label(ja="階層(親タスク)", en="Outline (parent task)")

EXPORTS: list[ExportKind] = []
IMPORTS: list[ImportKind] = []


def _export_wbs(ws, project_id: int, out: Path, lang, options: dict[str, Any]) -> Path:
    from app.wbs.files.xlsx import export_wbs_xlsx

    return export_wbs_xlsx(ws, project_id, out, lang)


def _export_mspdi(ws, project_id: int, out: Path, lang, options: dict[str, Any]) -> Path:
    from app.wbs.files.mspdi import export_mspdi

    return export_mspdi(ws, project_id, out, lang, baseline=options.get("baseline"))


def _export_tracker(ws, project_id: int, out: Path, lang, options: dict[str, Any]) -> Path:
    from app.wbs.files.tracker_csv import export_tracker_csv

    return export_tracker_csv(ws, project_id, out, lang, bom=bool(options.get("bom")))


def _export_earned_value(ws, project_id: int, out: Path, lang, options: dict[str, Any]) -> Path:
    from app.wbs.tracking.report import export_earned_value

    return export_earned_value(ws, project_id, out, lang, options)


def _lost(names: tuple[str, ...], why: Message, kept: tuple[str, Label | None] | None = None) -> list[Dropped]:
    """Task fields (by name, shown by their label) a format leaves out, ``why``, or carries in
    another place: ``kept`` (its internal name, and its label when it is not a task field)."""
    from app.wbs.model import field_name

    place = (kept[1] or field_name(kept[0])) if kept is not None else None
    return [
        Dropped(field=name, label=_OUTLINE if name == "parent_id" else field_name(name), why=why, kept_as=place, kept_as_field=kept[0] if kept else "")
        for name in names
    ]


def _wbs_dropped(out: Path, options: dict[str, Any]) -> list[Dropped]:
    # The Excel WBS has a column for every task field: only cells cut at Excel's limit are reported.
    return _cut_dropped(out)


def _cut_dropped(out: Path) -> list[Dropped]:
    """The task cells the workbook shows cut at Excel's cell limit (32,767 characters), by task (WBS
    number and title) and column: the app keeps them whole, and an import keeps the text past the cut."""
    from app.core.files.xlsx_style import EXCEL_CELL_CHARS
    from app.wbs.files.sheet import BY_KEY
    from app.wbs.files.xlsx import cut_cells

    dropped = []
    for code, title, key, length in cut_cells(out):
        column = BY_KEY.get(key)
        label = Label(*(
            Message(key="export_report.cut_task_cell", code=code, title=title, column=column.label(lang) if column else key).text(lang)
            for lang in ("ja", "en")
        ))
        why = Message(key="export_report.cut_answer", length=f"{length:,}", limit=f"{EXCEL_CELL_CHARS:,}")
        dropped.append(Dropped(field=f"{code}.{key}", label=label, why=why))
    return dropped


def _mspdi_dropped(out: Path, options: dict[str, Any]) -> list[Dropped]:
    # What app/wbs/files/mspdi.py writes: its Notes hold the texts MSPDI has no element for.
    notes = ("notes", Label(ja="備考(Notes)", en="Notes"))
    no_field = Message(key="export_report.no_field", format=_MSPDI)
    return [
        *_lost(("completion_condition", "expected_output", "description"), no_field, notes),
        *_lost(("priority",), Message(key="export_report.priority_number", format=_MSPDI), notes),
        *_lost(("estimate_days",), Message(key="export_report.duration_from_dates", format=_MSPDI), ("work", Label(ja="作業時間(割り当て)", en="Work (assignment)"))),
        *_lost(("status",), Message(key="export_report.percent_done_only", format=_MSPDI), ("percent_complete", Label(ja="達成率", en="% Complete"))),
        *_lost(("owner_role",), Message(key="export_report.role_as_group", format=_MSPDI), ("group", Label(ja="リソースのグループ", en="Resource group"))),
        *_lost(("origin",), no_field),
        *_project_dates(out),
    ]


def _project_dates(out: Path) -> list[Dropped]:
    """Tasks dated where Microsoft Project cannot open them (it holds 1984-2149), by WBS number and name."""
    from app.core.i18n import format_date
    from app.wbs.files.mspdi import PROJECT_DATES, outside_project_dates

    found = outside_project_dates(out)
    if not found:
        return []
    first, others = " ".join(found[0]).strip(), len(found) - 1
    low, high = (Label(ja=format_date(day, "ja"), en=format_date(day, "en")) for day in PROJECT_DATES)
    why = Message(key="export_report.project_dates", count=len(found), first=first, low=low, high=high)
    label = Label(ja=f"MS Project の範囲外の日付({first}{f' ほか {others} 件' if others else ''})",
                  en=f"Dates outside Microsoft Project's ({first}{f' and {others} more' if others else ''})")  # fmt: skip
    return [Dropped(field="project_dates", label=label, why=why)]


def _tracker_dropped(out: Path, options: dict[str, Any]) -> list[Dropped]:
    # What app/wbs/files/tracker_csv.py writes: the texts go into Description, the outline into columns.
    no_field = Message(key="export_report.no_field", format=_TRACKER)
    return [
        *_lost(("parent_id",), Message(key="export_report.flat_issues"), ("wbs", Label(ja="WBS・親WBS列", en="WBS and Parent WBS columns"))),
        *_lost(("expected_output", "notes", "dependencies", "not_before", "agreed", "agreed_on"), no_field, ("description", None)),
        *_lost(("origin",), no_field),
    ]


def _earned_value_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--baseline", metavar="NAME", help=Help(key="cli.help.earned_value_baseline"))
    parser.add_argument("--date", metavar="YYYY-MM-DD", help=Help(key="cli.help.earned_value_date"))


def _mspdi_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--baseline", metavar="NAME", help=Help(key="cli.help.mspdi_baseline"))


def _tracker_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--bom",
        action="store_true",
        help=Help(key="cli.help.tracker_bom"),
    )


def _import_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--prefer",
        choices=("app", "sheet"),
        default="app",
        help=Help(key="cli.help.import_wbs_prefer"),
    )


def _run_import(ctx, args: argparse.Namespace) -> int:
    from app.core import operations as ops
    from app.core.messages import Message
    from app.wbs import operations as wbs_ops
    from app.wbs.catalog import catalog
    from app.wbs.files.sheet_import import apply_plan, read_plan

    project = ctx.project(args.project)
    plan = read_plan(ctx.workspace, project.id, Path(args.file))
    lang = ctx.lang  # the preview is in the user's language (--lang, else the system's)
    conflicts = plan.conflicts
    summary = Message(
        key="wbs.preview_summary", file=Path(args.file).name, project=project.name, changed=len(plan.changed),
        added=len(plan.added), unchanged=plan.unchanged, conflicts=len(conflicts), ignored=len(plan.ignored),
    ).text(lang)  # fmt: skip
    if plan.kept:
        summary += Message(key="wbs.preview_kept", kept=plan.kept).text(lang)
    # the customer's titles and the stored name, escaped as every line the CLI prints
    say(summary, *(f"  {line}" for line in plan.describe(lang, catalog(ctx.workspace.library))))
    if conflicts:
        keeping = Message(key="wbs.conflicts_take_sheet") if args.prefer == "sheet" else Message(key="wbs.conflicts_keep_app")
        say(keeping.text(lang))

    def apply() -> list[str]:
        change = ops.run(
            ctx.workspace, wbs_ops.wbs_op(project.id, lambda ws: apply_plan(ws, plan, args.prefer))
        ).detail
        said = Message(key="wbs.applied", changed=change.info["changed"], added=change.info["added"]).text(lang)
        return [said, *(m.text(lang) for m in plan.meanwhile())]

    return apply_after_preview(args, not plan.empty, apply, lang)


EXPORTS.append(
    ExportKind(
        name="wbs",
        title={"ja": "WBS(Excel)", "en": "WBS (Excel)"},
        file_title={"ja": "WBS", "en": "WBS"},  # (.xlsx says Excel)
        description={"ja": "WBSを書式つきExcelで(ガントチャート、集計、凡例つき。編集後に取り込み可能)"},
        help="the WBS as a formatted Excel workbook with a Gantt area, summary and legend (edit it and read it back with 'import wbs')",
        suffixes=(".xlsx",),
        export=_export_wbs,
        dropped=_wbs_dropped,
        order=20,
    )
)
EXPORTS.append(
    ExportKind(
        name="mspdi",
        title={"ja": "MS Project XML", "en": "MS Project XML"},
        description={"ja": "WBSをMicrosoft Project XMLで(MS Project、ProjectLibre、GanttProjectで開けます)"},
        help="the WBS as Microsoft Project XML (opens in MS Project, ProjectLibre and GanttProject)",
        suffixes=(".xml",),
        export=_export_mspdi,
        add_arguments=_mspdi_arguments,
        defaults={"baseline": None},
        dropped=_mspdi_dropped,
        order=21,
    )
)
EXPORTS.append(
    ExportKind(
        name="tracker-csv",
        title={"ja": "課題管理CSV", "en": "Issue-tracker CSV"},
        description={"ja": "課題管理ツールへの一括登録用CSV(WBSの1タスク1行、完了条件を受け入れ条件として)"},
        help="one row per WBS task for an issue tracker's CSV import, the completion condition as acceptance criteria",
        suffixes=(".csv",),
        export=_export_tracker,
        dropped=_tracker_dropped,
        add_arguments=_tracker_arguments,
        defaults={"bom": False},
        order=22,
    )
)
EXPORTS.append(
    ExportKind(
        name="earned-value",
        title={"ja": "出来高(EVM)", "en": "Earned value"},
        description={"ja": "ベースラインに対する出来高(PV・EV・AC・SPI・CPI)をフェーズ別とプロジェクト全体で(Markdown または Excel)"},
        help="earned value against a saved baseline (PV, EV, AC, SPI, CPI) per phase and for the project, as Markdown or Excel",
        suffixes=(".md", ".xlsx"),
        export=_export_earned_value,
        add_arguments=_earned_value_arguments,
        defaults={"baseline": None, "date": None},
        order=23,
    )
)
IMPORTS.append(
    ImportKind(
        name="wbs",
        help=Help(key="cli.help.import_wbs"),
        run=_run_import,
        add_arguments=_import_arguments,
    )
)

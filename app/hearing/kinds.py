"""Hearing documents: the hearing sheet (out and back in), session minutes, the follow-up list."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.core.errors import UserError
from app.core.kinds import Dropped, ExportKind, ImportKind, apply_after_preview, say
from app.core.messages import Help, ItemRef, Label, Many, Message

EXPORTS: list[ExportKind] = []
IMPORTS: list[ImportKind] = []


def _export_sheet(ws, project_id: int, out: Path, lang, options: dict[str, Any]) -> Path:
    from app.hearing.sheet import export_hearing_sheet

    return export_hearing_sheet(ws, project_id, out, lang)


def _export_minutes(ws, project_id: int, out: Path, lang, options: dict[str, Any]) -> Path:
    from app.hearing.minutes import export_minutes
    from app.hearing.sessions import SessionService

    number = options.get("session")
    if number is None:
        sessions = SessionService(ws.db).list(project_id)
        if not sessions:
            raise UserError(key="minutes.no_session")
        number = sessions[-1].number
    return export_minutes(ws, project_id, int(number), out, lang)


def _export_followups(ws, project_id: int, out: Path, lang, options: dict[str, Any]) -> Path:
    from app.hearing.minutes import export_followups

    return export_followups(ws, project_id, out, lang)


def _sheet_dropped(out: Path, options: dict[str, Any]) -> list[Dropped]:
    # What app/hearing/sheet.py writes per item: the current answer (now, later) and blank cells
    # for the customer; the app's note column is the customer's, left empty.
    fields = (
        ("status", "状態", "Status"),
        ("note", "備考(アプリの)", "Note (the app's)"),
        ("answered_by", "回答者", "Answered by"),
        ("followup_owner", "フォローアップの担当", "Follow-up owner"),
        ("followup_due", "フォローアップの期限", "Follow-up due date"),
    )
    why = Message(key="export_report.customer_sheet")
    return [Dropped(field=name, label=Label(ja=ja, en=en), why=why) for name, ja, en in fields] + _cut_dropped(out)


def _cut_dropped(out: Path) -> list[Dropped]:
    """The answers the sheet shows cut at Excel's cell limit (32,767 characters), by item label: the
    app keeps them whole, and an import keeps the text past the cut (app/hearing/sheet_import.py)."""
    from app.core.files.xlsx_style import EXCEL_CELL_CHARS
    from app.hearing.sheet import cut_answers

    dropped = []
    for cut in cut_answers(out):
        label = Label(ja=cut["ja"], en=cut["en"])
        if cut["field"] == "later":
            label = Label(*(Message(key="hearing_sheet.later", label=label.get(lang)).text(lang) for lang in ("ja", "en")))
        if cut["field"] == "cells":
            why = Message(key="export_report.cut_cells", count=cut["count"], limit=f"{EXCEL_CELL_CHARS:,}")
        else:
            why = Message(key="export_report.cut_answer", length=f"{cut['length']:,}", limit=f"{EXCEL_CELL_CHARS:,}")
        dropped.append(Dropped(field=f"{cut['item']}.{cut['field']}", label=label, why=why))
    return dropped


def _minutes_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--session", type=int, metavar="N", default=None, help=Help(key="cli.help.minutes_session")
    )


def _import_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--prefer",
        choices=("app", "sheet"),
        default="app",
        help=Help(key="cli.help.import_hearing_sheet_prefer"),
    )


def _run_import(ctx, args: argparse.Namespace) -> int:
    from app.core import operations as ops
    from app.core.messages import Message
    from app.hearing import operations as hearing_ops
    from app.hearing.sheet_import import read_plan

    project = ctx.project(args.project)
    plan = read_plan(ctx.workspace, project.id, Path(args.file))
    lang = ctx.lang  # the user's language (--lang, else the system's): an import writes no document
    # the sheet's answers and the stored name, escaped as every line the CLI prints
    say(plan.summary(lang), *(f"  {line}" for line in plan.describe(lang)))  # labels, not stored ids; tables cell by cell
    if plan.conflicts and args.prefer == "sheet":
        say(Message(key="hearing_sheet.conflicts_take_sheet").text(lang))
    elif plan.conflicts:
        say(Message(key="hearing_sheet.conflicts_keep_app").text(lang))

    def apply() -> list[str]:
        count = ops.run(ctx.workspace, hearing_ops.import_hearing_sheet(plan, args.prefer)).detail
        args.applied = bool(count)  # (the baseline hint follows an import that changed something: app/cli/baselines.py)
        said = [Message(key="hearing_sheet.applied", count=count).text(lang)]
        if plan.kept_meanwhile:
            kept = Many(tuple(ItemRef(i) for i in plan.kept_meanwhile))
            said.append(Message(key="hearing_sheet.kept_meanwhile", items=kept).text(lang, ctx.workspace.library))
        return said

    return apply_after_preview(args, bool(plan.changes), apply)


EXPORTS.append(
    ExportKind(
        name="hearing-sheet",
        title={"ja": "ヒアリングシート", "en": "Hearing sheet"},
        description={"ja": "会議の前に顧客へ送るExcelのヒアリングシート(記入後は取り込み可能)"},
        help="Excel sheet to send to the customer before a meeting (import it back with 'import hearing-sheet')",
        suffixes=(".xlsx",),
        export=_export_sheet,
        dropped=_sheet_dropped,
        order=10,
    )
)
EXPORTS.append(
    ExportKind(
        name="minutes",
        title={"ja": "議事録", "en": "Minutes"},
        description={
            "ja": "ヒアリングセッションの議事録(Markdown): 日付、出席者、確認した回答、フォローアップ事項"
        },
        help="Markdown minutes of a hearing session: date, attendees, answers captured, follow-ups",
        suffixes=(".md",),
        export=_export_minutes,
        add_arguments=_minutes_arguments,
        defaults={"session": None},
        order=11,
    )
)
EXPORTS.append(
    ExportKind(
        name="followups",
        title={"ja": "フォローアップ事項", "en": "Follow-ups"},
        description={"ja": "要フォローの項目を担当者と期限ごとに一覧(Markdown、メールにそのまま貼れる形)"},
        help="Markdown list of every item that needs follow-up, by owner and due date, ready to paste into an email",
        suffixes=(".md",),
        export=_export_followups,
        order=12,
    )
)
IMPORTS.append(
    ImportKind(
        name="hearing-sheet",
        help=Help(key="cli.help.import_hearing_sheet"),
        run=_run_import,
        add_arguments=_import_arguments,
    )
)

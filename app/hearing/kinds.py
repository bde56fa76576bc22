"""Hearing documents: the hearing sheet (out and back in), session minutes, the follow-up list."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.core.errors import UserError
from app.core.kinds import Dropped, ExportKind, ImportKind, apply_after_preview, say
from app.core.messages import Help, ItemRef, Label, Many, Message

if TYPE_CHECKING:
    from app.core.operations import Prefer

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
    parser.add_argument(  # the WBS import's per-cell ticks, on the command line: one conflicting answer at a time
        "--prefer-sheet",
        action="append",
        default=[],
        metavar="ITEM[:now|later]",
        help=Help(key="cli.help.import_hearing_sheet_prefer_sheet"),
    )


def _run_import(ctx, args: argparse.Namespace) -> int:
    from app.core import operations as ops
    from app.core.messages import Message
    from app.hearing import operations as hearing_ops
    from app.hearing.sheet_import import read_plan

    project = ctx.project(args.project)
    plan = read_plan(ctx.workspace, project.id, Path(args.file))
    lang = ctx.lang  # the user's language (--lang, else the system's): an import writes no document
    picked = _picked(plan, args.prefer_sheet)  # (a name that is no conflict refused before anything is printed)
    prefer = args.prefer if args.prefer == "sheet" or not picked else picked
    # the sheet's answers and the stored name, escaped as every line the CLI prints
    say(plan.summary(lang), *(f"  {line}" for line in plan.describe(lang)))  # labels, not stored ids; tables cell by cell
    if plan.conflicts and (args.prefer == "sheet" or len(picked) == len(plan.conflicts)):
        say(Message(key="hearing_sheet.conflicts_take_sheet").text(lang))
    elif picked:
        taken = Many(tuple(_conflict_name(c) for c in plan.conflicts if (c.item_id, c.field) in picked))
        say(Message(key="hearing_sheet.conflicts_take_some", taken=taken).text(lang, ctx.workspace.library))
    elif plan.conflicts:
        say(Message(key="hearing_sheet.conflicts_keep_app").text(lang))

    def apply() -> list[str]:
        count = ops.run(ctx.workspace, hearing_ops.import_hearing_sheet(plan, prefer)).detail
        args.applied = bool(count)  # (the baseline hint follows an import that changed something: app/cli/baselines.py)
        said = [Message(key="hearing_sheet.applied", count=count).text(lang)]
        if plan.kept_meanwhile:
            kept = Many(tuple(ItemRef(i) for i in plan.kept_meanwhile))
            said.append(Message(key="hearing_sheet.kept_meanwhile", items=kept).text(lang, ctx.workspace.library))
        return said

    return apply_after_preview(args, bool(plan.changes), apply)


def _conflict_name(change) -> Message:
    """A conflicting answer as the user names it: the item by its label, the answer by its column (回答 / 回答(これから))."""
    from app.hearing.sheet import TEXT

    column = TEXT["answer_later" if change.field == "later" else "answer"]
    return Message(key="hearing_sheet.conflict_field", item=ItemRef(change.item_id), column=Label(column["ja"], column["en"]))


def _picked(plan, picks: list[str]) -> dict[tuple[str, str], Prefer]:
    """``--prefer-sheet ITEM[:now|later]`` as the conflicts whose sheet value is taken, per (item id, field).

    ITEM is the item's ID (the sheet's ID column) or its label (either language); without ``:now`` or
    ``:later`` (or the column's label: 回答, 回答(これから)), every conflicting answer of it. What names no
    conflict of this sheet is refused, listing the conflicts by label and column.
    """
    from app.core.i18n import typed_key
    from app.hearing.checklist import item_names
    from app.hearing.sheet import TEXT

    norm = typed_key  # 利用者数（ＤＳ）：later typed full-width reads as 利用者数(DS):later

    fields = {"now": "value", "later": "later"}
    for key, fld in (("answer", "value"), ("answer_later", "later")):
        fields |= {norm(label): fld for label in TEXT[key].values()}

    def names(change) -> set[str]:
        return {norm(change.item_id), norm(change.label)} | (item_names(change.item) if change.item is not None else set())

    def matching(name: str, fld: str | None) -> list:
        return [c for c in plan.conflicts if name in names(c) and fld in (None, c.field)]

    chosen: dict[tuple[str, str], Prefer] = {}
    for typed in picks:
        found = matching(norm(typed), None)  # the whole text an item (an English label may hold a colon)
        item, _, tail = norm(typed).rpartition(":")
        if not found and item and tail.strip() in fields:
            found = matching(item.strip(), fields[tail.strip()])
        if not found:
            if not plan.conflicts:
                raise UserError(key="hearing_sheet.prefer_sheet_no_conflicts", typed=typed)
            raise UserError(key="hearing_sheet.prefer_sheet_unknown", typed=typed,
                            conflicts=Many(tuple(_conflict_name(c) for c in plan.conflicts)))
        chosen |= {(c.item_id, c.field): "sheet" for c in found}
    return chosen


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

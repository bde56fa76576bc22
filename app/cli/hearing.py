"""``hearing list|answer|confirm|follow-ups`` and ``hearing sessions list|add|edit|end``: the hearing's answers and sessions.

A thin client of the window's own operations (app/hearing/operations.py), each change one operation run through
:func:`app.core.operations.run`, recorded as the window's are (the answer history, its author). Registered from
app/cli/main.py; the services load only when a command runs (the parser stays light).
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from app.cli import hearing_answer
from app.cli.output import json_text, printable
from app.core.errors import UserError
from app.core.messages import Help

if TYPE_CHECKING:
    import datetime as dt

    from app.core.content.model import Item
    from app.core.context import CliContext
    from app.core.project import HearingSessionInfo
    from app.hearing.model import Answer


def add_parsers(commands: Any, sub_parser: type[argparse.ArgumentParser]) -> None:
    p = commands.add_parser("hearing", help=Help(key="cli.help.hearing"))
    sub = p.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=sub_parser, help=Help(key="cli.help.action"))
    q = sub.add_parser("list", help=Help(key="cli.help.hearing_list"))
    q.add_argument("--project", required=True, metavar="ID_OR_NAME", help=Help(key="cli.help.project_id"))
    q.add_argument("--json", action="store_true", help=Help(key="cli.help.hearing_json"))
    q.add_argument("--system-planning", action="store_true", help=Help(key="cli.help.hearing_list_system_planning"))
    hearing_answer.add_parser(sub)
    q = sub.add_parser("confirm", help=Help(key="cli.help.hearing_confirm"))
    q.add_argument("--project", required=True, metavar="ID_OR_NAME", help=Help(key="cli.help.project_id"))
    q.add_argument("--item", required=True, metavar="ITEM", help=Help(key="cli.help.hearing_item"))
    q = sub.add_parser("follow-ups", help=Help(key="cli.help.hearing_follow_ups"))
    q.add_argument("--project", required=True, metavar="ID_OR_NAME", help=Help(key="cli.help.project_id"))
    q.add_argument("--json", action="store_true", help=Help(key="cli.help.hearing_follow_ups_json"))
    q = sub.add_parser("sessions", help=Help(key="cli.help.hearing_sessions"))
    sessions = q.add_subparsers(dest="session_action", metavar="ACTION", required=True, parser_class=sub_parser,
                                help=Help(key="cli.help.action"))  # fmt: skip
    q = sessions.add_parser("list", help=Help(key="cli.help.hearing_sessions_list"))
    q.add_argument("--project", required=True, metavar="ID_OR_NAME", help=Help(key="cli.help.project_id"))
    q.add_argument("--json", action="store_true", help=Help(key="cli.help.hearing_sessions_json"))
    q = sessions.add_parser("add", help=Help(key="cli.help.hearing_sessions_add"))
    q.add_argument("--project", required=True, metavar="ID_OR_NAME", help=Help(key="cli.help.project_id"))
    _session_fields(q, notes=False)
    q = sessions.add_parser("edit", help=Help(key="cli.help.hearing_sessions_edit"))
    q.add_argument("--project", required=True, metavar="ID_OR_NAME", help=Help(key="cli.help.project_id"))
    q.add_argument("--session", required=True, metavar="N", help=Help(key="cli.help.hearing_session_number"))
    _session_fields(q, notes=True)
    q = sessions.add_parser("end", help=Help(key="cli.help.hearing_sessions_end"))
    q.add_argument("--project", required=True, metavar="ID_OR_NAME", help=Help(key="cli.help.project_id"))


def _session_fields(q: argparse.ArgumentParser, *, notes: bool) -> None:
    q.add_argument("--date", metavar="DATE", help=Help(key="cli.help.hearing_session_date"))
    q.add_argument("--title", metavar="TITLE", help=Help(key="cli.help.hearing_session_title"))
    q.add_argument("--attendees", nargs="*", metavar="NAME", help=Help(key="cli.help.hearing_session_attendees"))
    if notes:
        q.add_argument("--notes", metavar="TEXT", help=Help(key="cli.help.hearing_session_notes"))


# --- answers ------------------------------------------------------------------------------------


def _status_text(ctx: CliContext, answer: Answer) -> str:
    """The status as the page's list shows it: 回答済, 未確認 · 仮説."""
    from app.hearing.model import HypothesisState, status_label

    text = status_label(answer.status, ctx.ui_lang, ctx.workspace.library)
    if answer.hypothesis_state == HypothesisState.HYPOTHESIS:
        text += " · " + ctx.say(key="hearing_cli.hypothesis")
    return text


def _answer_text(ctx: CliContext, item: Item | None, answer: Answer) -> str:
    """The answer as the page's list shows it, on one line (現時点 / これから for an item asked so)."""
    from app.hearing.model import format_value, is_empty

    now = format_value(item, answer.value, ctx.ui_lang) if item else printable(answer.value if answer.value is not None else "")
    if item is not None and item.now_later and not is_empty(answer.later):
        return ctx.say(key="hearing_cli.now_later", now=now, later=format_value(item, answer.later, ctx.ui_lang))
    return now


def cmd_hearing(ctx: CliContext) -> int:
    if ctx.args.action == "sessions":
        return _sessions(ctx)
    project = ctx.project(ctx.args.project)
    match ctx.args.action:
        case "list":
            _list(ctx, project.id)
        case "answer":
            hearing_answer.answer(ctx, project.id, _status_text)
        case "follow-ups":
            _follow_ups(ctx, project.id)
        case "confirm":
            from app.core import operations as ops
            from app.hearing import operations as hearing_ops

            item = hearing_answer.find_item(ctx, ctx.args.item)
            page = hearing_answer.item_page(ctx, item)
            with hearing_answer.page_named(item, page):
                change = ops.run(ctx.workspace, hearing_ops.confirm_hypothesis(project.id, item.id), project.id).detail
            label = hearing_answer.item_label(ctx, item, page)
            print(ctx.say(key="hearing_cli.confirmed", item=label, value=_answer_text(ctx, item, change.after)))
    return 0


def _list(ctx: CliContext, project_id: int) -> None:
    """The hearing's items in order, or with ``--system-planning`` the System planning page's (which ``hearing answer``
    and ``hearing follow-ups`` take too), each with its status and answer; then the answers kept from an older checklist."""
    from app.hearing.answers import AnswerService
    from app.hearing.checklist import hearing_checklist, walk
    from app.hearing.followups import SYSTEM_PLANNING
    from app.hearing.model import Answer

    library, lang = ctx.workspace.library, ctx.ui_lang
    service = AnswerService(ctx.workspace.db, library)
    answers = service.answers(project_id)
    checklist = library.checklists.get(SYSTEM_PLANNING) if ctx.args.system_planning else hearing_checklist(library)
    refs = walk(checklist) if checklist is not None else []
    older = [a for a in service.orphaned(project_id) if checklist is not None and a.checklist_id == checklist.id]
    rows = [(ref.item, answers.get(ref.item.id) or Answer(item_id=ref.item.id, checklist_id="")) for ref in refs]
    if ctx.args.json:
        print(json_text([{
            "id": item.id if item else answer.item_id, "label": item.label.get(lang) if item else None,
            "kind": str(item.kind) if item else None, "now_later": bool(item and item.now_later),
            "status": str(answer.status), "hypothesis": str(answer.hypothesis_state),
            "value": answer.value, "later": answer.later, "note": answer.note, "answered_by": answer.answered_by,
            "follow_up_owner": answer.followup_owner, "follow_up_done": answer.followup_done,
            "follow_up_due": answer.followup_due.isoformat() if answer.followup_due else None,
            "updated_at": _instant(answer.updated_at),  # (hearing answer --base)
        } for item, answer in [*rows, *((None, a) for a in older)]]))  # fmt: skip
        return
    for item, answer in rows:
        print("\t".join(printable(t) for t in (item.label.get(lang), _status_text(ctx, answer), _answer_text(ctx, item, answer))).rstrip())
    if older:  # kept and shown, never dropped (the page's "Answers from an older checklist")
        print(ctx.say(key="hearing_cli.older_answers"))
        for answer in older:
            print("\t".join(printable(t) for t in (answer.item_id, _status_text(ctx, answer), _answer_text(ctx, None, answer))).rstrip())


def _instant(stored: dt.datetime | None) -> str | None:
    """A time as stored (naive UTC) for a script: with its offset (2026-12-07T05:00:09.123456+00:00), so that it reads
    as the instant it is; given back to ``hearing answer --base`` as it is or in another offset."""
    import datetime as dt

    if stored is None:
        return None
    return (stored if stored.tzinfo is not None else stored.replace(tzinfo=dt.UTC)).isoformat()


def _follow_ups(ctx: CliContext, project_id: int) -> None:
    """The follow-ups as the page's list orders them (open ones by owner and due date, then the done ones)."""
    from app.core.demo_source import app_today
    from app.core.i18n import format_date
    from app.hearing.followups import by_owner_and_due, follow_ups

    items = by_owner_and_due(follow_ups(ctx.workspace, project_id))
    lang, today = ctx.ui_lang, app_today()
    if ctx.args.json:
        print(json_text([{"id": f.ref.item.id, "checklist": f.answer.checklist_id,
                          "label": f.ref.item.label.get(lang), "owner": f.owner,
                          "due": f.answer.followup_due.isoformat() if f.answer.followup_due else None, "done": f.done,
                          "note": f.answer.note} for f in items]))  # fmt: skip
        return
    if not items:
        print(ctx.say(key="hearing_cli.no_follow_ups"))
    for f in items:
        due = format_date(f.answer.followup_due, lang) if f.answer.followup_due else "-"
        if f.answer.followup_due and not f.done and f.answer.followup_due < today:  # as the list and the export mark it
            due = ctx.say(key="hearing_cli.overdue", due=due)
        done = ctx.say(key="hearing_cli.follow_up_done_flag") if f.done else ""
        label = f.ref.item.label.get(lang)
        if f.page is not None:  # an item of the System planning page: said so, as the window's list says it
            label = ctx.say(key="hearing_cli.on_page", item=label, page=f.page.get(lang))
        cells = (f.owner or "-", due, label, " ".join(f.answer.note.split()), done)
        print("\t".join(printable(c) for c in cells).rstrip())


# --- sessions -----------------------------------------------------------------------------------


def _day(typed: str) -> dt.date:
    from app.core.i18n import check_date, misdated_said, parse_date

    try:
        day = parse_date(typed)
    except ValueError:
        if (meant := misdated_said(typed)) is not None:
            raise UserError(key="cli.wrong_weekday", field="--date", value=typed, date=meant) from None
        raise UserError(key="hearing_cli.bad_date", value=typed) from None
    return check_date(day, key="session.date_out_of_range", value=typed)


def _attendees(typed: list[str]) -> list[str]:
    """One attendee an argument, or several in one separated by commas (「佐藤、鈴木」), as a session keeps them."""
    from app.hearing.sessions import clean_attendees

    return clean_attendees(",".join(typed))


def _number(typed: str) -> int:
    import unicodedata

    text = unicodedata.normalize("NFKC", typed).strip().removeprefix("#")  # 第２回 typed as ２ reads as 2
    if not text.isascii() or not text.isdigit():
        raise UserError(key="hearing_cli.bad_session_number", value=typed)
    return int(text)


def _session_line(ctx: CliContext, session: HearingSessionInfo, captured: int, follow_ups: int) -> str:
    from app.core.i18n import format_date, list_separator

    counts = ctx.say(key="hearing_cli.session_counts", captured=captured, follow_ups=follow_ups)
    running = ctx.say(key="hearing_cli.session_running_flag") if session.ended_at is None else ""
    cells = (str(session.number), format_date(session.held_on, ctx.ui_lang), session.title or "-",
             list_separator(ctx.ui_lang).join(session.attendees) or "-", counts, running)  # fmt: skip
    return "\t".join(printable(c) for c in cells).rstrip()


def _sessions(ctx: CliContext) -> int:
    from app.core import operations as ops
    from app.hearing import operations as hearing_ops
    from app.hearing.sessions import SessionService

    args = ctx.args
    project = ctx.project(args.project)
    service = SessionService(ctx.workspace.db)
    match args.session_action:
        case "list":
            summaries = service.summaries(project.id)
            if args.json:
                print(json_text([s.session.model_dump(mode="json") | {"captured": s.captured, "follow_ups": s.follow_ups}
                                 for s in summaries]))  # fmt: skip
            elif not summaries:
                print(ctx.say(key="hearing_cli.no_sessions", project=project.id))
            else:
                for s in summaries:
                    print(_session_line(ctx, s.session, s.captured, s.follow_ups))
        case "add":  # as Start session…: the next session, open until `hearing sessions end` (or End session)
            values: dict[str, Any] = {"title": args.title or "", "attendees": _attendees(args.attendees or [])}
            if args.date is not None:
                values["held_on"] = _day(args.date)
            started = ops.run(ctx.workspace, hearing_ops.start_session(project.id, **values), project.id).detail
            print(ctx.say(key="hearing_cli.session_started", number=started.number, project=project.id))
        case "edit":  # as Sessions and minutes… ▸ Edit…: the fields given, one undo step
            fields: dict[str, Any] = {k: getattr(args, k) for k in ("title", "notes") if getattr(args, k) is not None}
            if args.attendees is not None:
                fields["attendees"] = _attendees(args.attendees)
            if args.date is not None:
                fields["held_on"] = _day(args.date)
            number = _number(args.session)
            if not fields:
                raise UserError(key="hearing_cli.nothing_to_edit")
            shown = service.get(project.id, number)  # (said as "no session N" before anything)
            base = {key: getattr(shown, key) for key in fields}
            saved = ops.run(ctx.workspace, hearing_ops.update_session(project.id, number, base=base, **fields), project.id).detail
            print(ctx.say(key="hearing_cli.session_saved", number=saved.number))
        case "end":
            ended = ops.run(ctx.workspace, hearing_ops.end_session(project.id), project.id).detail
            if ended is None:
                print(ctx.say(key="hearing_cli.no_session_running"))
            else:
                print(ctx.say(key="hearing_cli.session_ended", number=ended.number))
    return 0


COMMANDS = {"hearing": cmd_hearing}

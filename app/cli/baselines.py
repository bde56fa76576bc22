"""``baseline create | list | diff | sign``: agreement baselines from the command line.

The parser part stays light (argparse only): the services load when a command runs. Lines are in
the user's language (the global ``--lang``, else the system's); a diff file is in the document
language (``--lang``, else the project's).
"""

from __future__ import annotations

import argparse
import shlex
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.cli.arguments import user_path
from app.cli.output import json_text, printable
from app.core.i18n import LANGS
from app.core.messages import Help

if TYPE_CHECKING:
    from app.core.context import CliContext


def add_parser(commands: Any, parser_class: type[argparse.ArgumentParser]) -> None:
    """Add ``baseline`` and its actions to the main parser's commands."""
    p = commands.add_parser("baseline", help=Help(key="cli.help.baseline"))
    sub = p.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=parser_class, help=Help(key="cli.help.action"))
    q = sub.add_parser("create", help=Help(key="cli.help.baseline_create"))
    q.add_argument("--project", required=True, metavar="ID_OR_NAME", help=Help(key="cli.help.project_id"))
    q.add_argument("--name", required=True, help=Help(key="cli.help.baseline_create_name"))
    q.add_argument("--kind", default="manual", choices=("manual", "kickoff", "sheet_import", "interim", "final"),
                   help=Help(key="cli.help.baseline_kind"))
    q = sub.add_parser("list", help=Help(key="cli.help.baseline_list"))
    q.add_argument("--project", required=True, metavar="ID_OR_NAME", help=Help(key="cli.help.project_id"))
    q.add_argument("--json", action="store_true", help=Help(key="cli.help.baseline_json"))
    q = sub.add_parser("diff", help=Help(key="cli.help.baseline_diff"))
    q.add_argument("--project", required=True, metavar="ID_OR_NAME", help=Help(key="cli.help.project_id"))
    q.add_argument("--from", dest="from_name", required=True, metavar="NAME", help=Help(key="cli.help.baseline_diff_from"))
    q.add_argument("--to", dest="to_name", metavar="NAME", help=Help(key="cli.help.baseline_diff_to"))
    q.add_argument("--out", required=True, type=user_path, metavar="F.md|F.xlsx", help=Help(key="cli.help.baseline_diff_out"))
    q.add_argument("--lang", choices=LANGS, help=Help(key="cli.help.document_lang"))
    q = sub.add_parser("sign", help=Help(key="cli.help.baseline_sign"))
    q.add_argument("--project", required=True, metavar="ID_OR_NAME", help=Help(key="cli.help.project_id"))
    q.add_argument("--name", required=True, help=Help(key="cli.help.baseline_sign_name"))
    q.add_argument("--who", required=True, help=Help(key="cli.help.baseline_sign_who"))
    q.add_argument("--role", default="", help=Help(key="cli.help.baseline_sign_role"))
    q.add_argument("--org", default="", help=Help(key="cli.help.baseline_sign_org"))
    q.add_argument("--date", help=Help(key="cli.help.baseline_sign_date"))
    q.add_argument("--comment", default="", help=Help(key="cli.help.baseline_sign_comment"))


def cmd_baseline(ctx: CliContext) -> int:
    from app.core import operations as ops
    from app.core.errors import ValidationFailed
    from app.core.i18n import misdated_said, parse_date
    from app.core.messages import Many
    from app.core.project import signer
    from app.projects import baselines as bl

    args = ctx.args
    project = ctx.project(args.project)
    ws = ctx.workspace
    match args.action:
        case "create":
            made = ops.run(ws, bl.create_op(project.id, args.name, args.kind)).detail
            print(ctx.say(key="agreement.created", name=made.name, answers=made.answer_count, tasks=made.task_count))
        case "list":
            saved = bl.baselines(ws, project.id)
            if args.json:
                rows = [{"name": b.name, "kind": b.kind, "created": b.created, "author": b.author, "answers": b.answer_count,
                         "tasks": b.task_count, "signoffs": [vars(s) for s in b.signoffs]} for b in saved]  # fmt: skip
                print(json_text(rows))
                return 0
            if not saved:
                print(ctx.say(key="agreement.list_none"))
            lang = ctx.ui_lang
            for b in saved:
                signed = (ctx.say(key="agreement.list_signed", who=Many(tuple(f"{signer(vars(s))} {bl.signed_on(s.date, lang)}" for s in b.signoffs)))
                          if b.signoffs else ctx.say(key="agreement.list_unsigned"))  # fmt: skip
                print(printable(f"{b.name}  {bl.kind_label(b.kind, lang)}  {bl.made_at(b.created, lang)}  {b.author}  {signed}")
                      .replace("   ", "  "))
            from app.wbs.tracking import baselines as plan

            for p in plan.baselines(plan.read(ws, project.id)):  # the WBS page's: what earned value measures against
                print(printable(f"{p.name}  {ctx.say(key='agreement.list_plan')}  {bl.made_at(p.saved, lang)}"))
        case "diff":
            from app.core.i18n import document_lang
            from app.core.messages import Message

            lang = document_lang(args.lang, project.lang, ctx.ui_lang)
            out = Path(args.out)
            bl.check_suffix(out)
            old = bl.find(ws, project.id, args.from_name)
            new = bl.find(ws, project.id, args.to_name) if args.to_name is not None else bl.current(ws, project.id, Message(key="agreement.now").text(lang))
            path = bl.write(bl.diff(old, new, ws.library, lang), project.name, out)
            print(ctx.say(key="cli.wrote", path=path))
        case "sign":
            try:
                day = parse_date(args.date) if args.date else None
            except ValueError:
                if (meant := misdated_said(args.date)) is not None:
                    raise ValidationFailed(key="cli.wrong_weekday", field="--date", value=args.date, date=meant) from None
                raise ValidationFailed(key="agreement.bad_date", value=args.date) from None
            signed = ops.run(ws, bl.sign_op(project.id, args.name, args.who, args.role, args.org, day, args.comment)).detail
            print(ctx.say(key="agreement.signed", name=bl.find(ws, project.id, args.name).name, who=signer(vars(signed))))  # as stored
    return 0


def offer_after(ctx: CliContext, run: Callable[[], int]) -> int:
    """Run an ``import`` command; after a hearing sheet was read in, say how to freeze what is agreed now
    (on stderr, as a hint: the import's own output on stdout stays as it was)."""
    code = run()
    if code == 0 and getattr(ctx.args, "kind", None) == "hearing-sheet" and getattr(ctx.args, "applied", False):  # (not a dry run, not a sheet that changed nothing)
        from app.projects import baselines as bl

        kind = bl.suggested_moment("hearing_sheet_import") or "manual"
        project = ctx.project(ctx.args.project)
        name = bl.suggested_name(ctx.workspace, project.id, kind, ctx.ui_lang)
        command = shlex.join(["mlops-kickoff", "baseline", "create", "--project", str(project.id), "--name", name, "--kind", kind])
        print(ctx.say(key="agreement.hint", command=command), file=sys.stderr)
    return code

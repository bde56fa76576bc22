"""``resources list|add|rename|remove``, ``load`` and ``level``: the project's people, their weekly load, levelling.

Registered from app/cli/main.py; the services load only when a command runs (the parser stays light).
"""

from __future__ import annotations

import argparse
import dataclasses
from typing import TYPE_CHECKING, Any

from app.cli.output import json_text, printable
from app.core.messages import Help

if TYPE_CHECKING:
    import datetime as dt

    from app.core.context import CliContext
    from app.wbs.resources.load import Week


def add_parsers(commands: Any, sub_parser: type[argparse.ArgumentParser]) -> None:
    p = commands.add_parser("resources", help=Help(key="cli.help.resources"))
    sub = p.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=sub_parser, help=Help(key="cli.help.action"))
    q = sub.add_parser("list", help=Help(key="cli.help.resources_list"))
    q.add_argument("--project", required=True, metavar="ID_OR_NAME", help=Help(key="cli.help.project_id"))
    q = sub.add_parser("add", help=Help(key="cli.help.resources_add"))
    q.add_argument("--project", required=True, metavar="ID_OR_NAME", help=Help(key="cli.help.project_id"))
    q.add_argument("--name", required=True, help=Help(key="cli.help.resources_name"))
    # Not given: a new person's default (no role, 5 days, 100 %), an existing person's stored value.
    q.add_argument("--role", default=None, help=Help(key="cli.help.resources_role"))
    q.add_argument("--days-per-week", type=int, default=None, metavar="1-5", help=Help(key="cli.help.resources_days_per_week"))
    q.add_argument("--percent", type=int, default=None, metavar="1-100", help=Help(key="cli.help.resources_percent"))
    q.add_argument("--off", nargs="*", default=[], metavar="DATE", help=Help(key="cli.help.resources_off"))
    q.add_argument("--remove-off", nargs="*", default=[], metavar="DATE", help=Help(key="cli.help.resources_remove_off"))
    q = sub.add_parser("rename", help=Help(key="cli.help.resources_rename"))
    q.add_argument("--project", required=True, metavar="ID_OR_NAME", help=Help(key="cli.help.project_id"))
    q.add_argument("--name", required=True, help=Help(key="cli.help.resources_rename_name"))
    q.add_argument("--to", dest="new_name", required=True, metavar="NEW_NAME", help=Help(key="cli.help.resources_rename_to"))
    q = sub.add_parser("remove", help=Help(key="cli.help.resources_remove"))
    q.add_argument("--project", required=True, metavar="ID_OR_NAME", help=Help(key="cli.help.project_id"))
    q.add_argument("--name", required=True, help=Help(key="cli.help.resources_remove_name"))
    p = commands.add_parser("load", help=Help(key="cli.help.load"))
    p.add_argument("--project", required=True, metavar="ID_OR_NAME", help=Help(key="cli.help.project_id"))
    p.add_argument("--json", action="store_true", help=Help(key="cli.help.load_json"))
    p = commands.add_parser("level", help=Help(key="cli.help.level"))
    p.add_argument("--project", required=True, metavar="ID_OR_NAME", help=Help(key="cli.help.project_id"))
    p.add_argument("--dry-run", action="store_true", help=Help(key="cli.help.level_dry_run"))


def _date(ctx: CliContext, day: Any) -> str:
    from app.core.i18n import format_date

    return format_date(day, ctx.ui_lang) if day is not None else "-"


def cmd_resources(ctx: CliContext) -> int:
    from app.core import operations as ops
    from app.wbs.resources import people as store

    args = ctx.args
    project = ctx.project(args.project)
    match args.action:
        case "list":
            from app.wbs.catalog import catalog

            cat, lang = catalog(ctx.workspace.library), ctx.ui_lang
            found = store.read(ctx.workspace, project.id)
            if not found:
                print(ctx.say(key="resources.none", project=project.id))
            for person in found:  # the role by its label, as the WBS shows it; each column escaped (printable)
                off = store.days_text(person.days_off, lang)  # ranges of consecutive days, as `--off` reads them
                role = printable(cat.role_label(person.role, lang)) if person.role else "-"
                days = ctx.say(key="resources.list_days", days=person.days_per_week)  # 4d/w, 週4日
                percent = ctx.say(key="resources.list_percent", percent=person.percent)  # 80%, 稼働率80%
                print(f"{printable(person.name)}\t{role}\t{days}\t{percent}\t{off}".rstrip())
            for candidate in store.candidates(ctx.workspace, project.id):
                said = {"hearing": ctx.say(key="resources.source_hearing"), "owner": ctx.say(key="resources.source_owner")}
                sources = printable("+".join(said.get(s, s) for s in candidate.sources))
                role = printable(cat.role_label(candidate.role, lang)) if candidate.role else "-"
                print(f"? {printable(candidate.name)}\t{role}\t{sources}")
        case "add":  # an existing person (a colleague's): only the options given change, --off adds days off, --remove-off takes them back
            from app.wbs.catalog import catalog

            people = store.read(ctx.workspace, project.id)
            # (spelt as typed first: two names stored before they were one person are each found)
            was = store.by_name(people).get(store.clean_name(args.name)) or store.by_key(people).get(store.name_key(args.name))
            if was is None and args.remove_off:  # no days off to take back from someone not in the project
                store.refuse_unknown(people, args.name)
            base = was or store.Person(args.name)  # (a new person: the defaults, no role, 5 days, 100 %)
            given = {"days_per_week": args.days_per_week, "percent": args.percent}
            typed_role: str | None = args.role
            if typed_role is None and was is None:  # a name the hearing's team suggests: its role, as the People dialog adds it
                suggested = {store.name_key(c.name): c.role for c in store.candidates(ctx.workspace, project.id)}
                typed_role = suggested.get(store.name_key(args.name)) or None
            if typed_role is not None:  # DS, データサイエンティスト: the WBS's role, as the People dialog takes it
                given["role"] = catalog(ctx.workspace.library).lookup("role", typed_role) or typed_role.strip()
            person = store.with_days_off(dataclasses.replace(base, **{k: v for k, v in given.items() if v is not None}),
                                         args.off, args.remove_off)  # fmt: skip
            # (as the People dialog writes a person it showed: a field changed meanwhile elsewhere is a conflict)
            change = ops.run(ctx.workspace, store.put_person_op(project.id, person, replaces=was.name if was else None, base=was, new=was is None))
            print(ctx.say(key="resources.added", name=change.detail))
        case "rename":  # as the People dialog renames: the tasks they own follow (one step), a colleague's other edits stay
            people = store.read(ctx.workspace, project.id)
            was = store.by_name(people).get(store.clean_name(args.name)) or store.by_key(people).get(store.name_key(args.name))
            if was is None:
                store.refuse_unknown(people, args.name)
            assert was is not None  # (refused above)
            change = ops.run(ctx.workspace, store.put_person_op(project.id, dataclasses.replace(was, name=args.new_name), replaces=was.name, base=was))
            if not change.changed:  # (the same name typed again)
                print(ctx.say(key="resources.added", name=change.detail))
            else:
                print(ctx.say(key="resources.renamed", old=was.name, name=change.detail, count=len(change.tasks)))
        case "remove":
            change = ops.run(ctx.workspace, store.remove_person_op(project.id, args.name))
            print(ctx.say(key="resources.removed", name=change.detail))
    return 0


def cmd_load(ctx: CliContext) -> int:
    from app.core.i18n import list_separator
    from app.wbs.resources.load import project_load
    from app.wbs.service import WbsService

    project = ctx.project(ctx.args.project)
    tree = WbsService(ctx.workspace.db).tree(project.id)
    result = project_load(ctx.workspace, project.id, tree)
    cells = result.over_cells()

    def days_over(w: Week) -> tuple[dt.date, ...]:
        return cells.get((w.person, w.monday), ((), ()))[0]

    if ctx.args.json:
        rows = [{"person": w.person, "year": w.year, "week": w.week, "monday": w.monday.isoformat(),
                 "days": round(w.days, 4), "hours": round(w.hours, 2), "available_days": round(w.available, 4),
                 "percent": None if w.percent is None else round(w.percent, 1), "over": w.over,
                 "over_days": [d.isoformat() for d in days_over(w)],
                 "tasks": [tree.tasks[i].uid for i in w.tasks]} for w in result.weeks]
        print(json_text(rows))
        return 0
    if not result.weeks:
        print(ctx.say(key="resources.no_load"))
        return 0
    flag = ctx.say(key="resources.over_flag")
    width = max(len(printable(w.person)) for w in result.weeks)
    for w in result.weeks:
        percent = "-" if w.percent is None else f"{w.percent:.0f}%"
        days = list_separator(ctx.ui_lang).join(_date(ctx, day) for day in days_over(w))
        marks = f"{flag} {days}".rstrip() if (w.person, w.monday) in cells else ""
        print(f"{printable(w.person):<{width}}  {w.year}-W{w.week:02d}  {_date(ctx, w.monday)}  {w.hours:6.1f} h  {percent:>5}  {marks}".rstrip())
    return 0


def cmd_level(ctx: CliContext) -> int:
    from app.wbs.resources.levelling import apply_levelling, levelled_plan
    from app.wbs.resources.load import project_load
    from app.wbs.service import WbsService

    project = ctx.project(ctx.args.project)
    tree = WbsService(ctx.workspace.db).tree(project.id)  # read once for both
    if not project_load(ctx.workspace, project.id, tree).over_allocated:  # levelling would only reschedule (the window says the same)
        print(ctx.say(key="resources.nobody_over_allocated"))
        return 0
    plan, _people = levelled_plan(ctx.workspace, project.id, tree)
    lang = ctx.ui_lang
    for move in plan.moves:
        print(printable(f"{move.task}  ({move.person or '-'})  {_date(ctx, move.old_start)}..{_date(ctx, move.old_finish)}"
                        f" → {_date(ctx, move.new_start)}..{_date(ctx, move.new_finish)}  {move.why.text(lang)}"))
    if not plan.moves:
        print(ctx.say(key="resources.no_moves"))
    elif ctx.args.dry_run:
        print(ctx.say(key="resources.level_dry_run", count=len(plan.moves)))
    else:
        apply_levelling(ctx.workspace, project.id, shown=plan)  # the moves printed, or refused if the plan changed since
        print(ctx.say(key="resources.level_applied", count=len(plan.moves)))
    return 0


COMMANDS = {"resources": cmd_resources, "load": cmd_load, "level": cmd_level}

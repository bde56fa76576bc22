"""``templates [PATH]`` and ``holidays list|add|remove|import``: what all projects share (the checklists
and templates, the company's holidays), checked or edited from the command line.

Registered from app/cli/main.py; the services load only when a command runs (the parser stays light).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from app.cli.output import printable
from app.core.errors import UserError
from app.core.i18n import format_date
from app.core.messages import Many, Message

if TYPE_CHECKING:
    from app.core.context import CliContext


def cmd_templates(ctx: CliContext) -> int:
    """Checklists (YAML) loaded as the app loads them, templates (``.j2``) compiled as their exporter loads them."""
    from app.core import paths
    from app.core.content import template_check as templates
    from app.core.content.loader import content_files, load_library
    from app.features import TEMPLATES

    target = ctx.args.path
    if target:
        from app.core.files import probe

        path = Path(target)
        if not probe.exists(path):
            raise UserError(key="file.not_found_any", path=path)
        # A user's file is checked together with the shipped content, as the app would load it.
        folders = [paths.builtin_checklists_dir()]
        library = load_library(folders)
        library.problems.clear()
        if probe.is_file(path):
            files, template_files = ([], [path]) if templates.is_template(path) else ([path], [])
        else:
            files, template_files = content_files(path), templates.template_files(path)
        if not files and not template_files:
            raise UserError(key="content.no_files", path=path)
        from app.core.content.loader import load_file
        from app.core.errors import ContentError

        for file in files:
            try:
                library.add(load_file(file), file)
            except ContentError as exc:
                library.problems.append(exc)
        checked = files + template_files
    else:
        folders = [paths.builtin_checklists_dir(), paths.user_checklists_dir()]
        library = load_library(folders)
        template_files = templates.default_files(TEMPLATES)
        checked = [f for folder in folders for f in content_files(folder)] + template_files
    from app.wbs import check_rules

    library.problems += check_rules(library)  # ids one file uses from another (WBS rules: items, phases, roles)
    library.problems += templates.check_templates(template_files, TEMPLATES)  # file and line, as the export says them
    bad = {Path(p.path) for p in library.problems}
    for file in checked:
        if file not in bad:
            print(ctx.say(key="cli.file_ok", path=file))
    lang = ctx.ui_lang
    for problem in library.problems:  # in the user's language; ids and field names are the file's own
        print(printable(Message(key="cli.file_problem", text=problem.text(lang, library)).text(lang)), file=sys.stderr)
    for older in library.older:  # a copy of a checklist older than the shipped one: valid, what it hides said
        print(printable(Message(key="cli.warning", text=older).text(lang, library)), file=sys.stderr)
    if library.problems:
        return 2
    print(ctx.say(key="cli.files_valid", count=len(checked)))
    return 0


def cmd_holidays(ctx: CliContext) -> int:
    """Company holidays: stored in the database, so the window's schedule and the CLI's agree."""
    from app.core import operations as ops
    from app.wbs import company_calendar as cc

    args = ctx.args
    match args.action:
        case "list":
            days = cc.holidays(ctx.workspace.db)
            if not days:
                print(ctx.say(key="holidays.none"))
            lang = ctx.ui_lang
            for day, name in days.items():  # (as typed back to `holidays add` or `remove`)
                print(printable(f"{format_date(day, lang)}  {name}".rstrip()))
            return 0
        case "add":
            adding = {day: args.name or "" for day in cc.parse_days(args.days)}
            keep = frozenset(adding) if args.name is None else frozenset()  # no --name: a listed day keeps its own
            if args.year_end is not None:  # the break's days named 年末年始 (as Settings' button), but a DAY given:
                year_end = cc.year_end(args.year_end, ctx.ui_lang)  # (a year outside the window's year box is refused)
                # with --name it takes that name; without, a listed one keeps its own (a new one: 年末年始, in English
                # "Year-end holidays")
                adding = adding | year_end if args.name is None else year_end | adding
            if not adding:
                raise UserError(key="cli.usage_required", args=Many(("DATE", "--year-end")))
            change = ops.run(ctx.workspace, cc.edit_holidays_op(-1, adding, keep_names=keep))
            print(ctx.say(key="holidays.added", count=change.detail))
        case "remove":
            change = ops.run(ctx.workspace, cc.edit_holidays_op(-1, remove=cc.parse_days(args.days)))
            print(ctx.say(key="holidays.removed", count=change.detail))
        case "import":
            from app.core.files import probe

            calendar = Path(args.file)
            if probe.is_dir(calendar):  # (reading it would say no such file)
                raise UserError(key="holidays.ics_is_folder", path=calendar)
            days = cc.parse_ics(calendar)
            change = ops.run(ctx.workspace, cc.edit_holidays_op(-1, days, keep_names=True))
            print(ctx.say(key="holidays.added", count=change.detail))
    return 0

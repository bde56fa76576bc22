"""``mlops-kickoff``: with no command it starts the GUI; otherwise it runs one command and exits.

User errors print one line on stderr and exit with status 2; nothing prints a traceback.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from app import __version__, features, started
from app.cli import backups as backups_cli
from app.cli import baselines
from app.cli import hearing as hearing_cli
from app.cli import library as library_cli
from app.cli import resources as resources_cli
from app.cli import wbs as wbs_cli
from app.cli.arguments import check_written_names, dashed_positionals, joined_values, user_path, window_size
from app.cli.export_report import add_report_argument
from app.cli.help_text import WhereData, described, formatter, named_groups
from app.cli.output import confirmed_delete, json_text, printable, project_lines, with_zone
from app.cli.stdout_guard import OutputRefused, ShownVersion, drop_stdout, guarded_stdout, print_out
from app.core import kinds as registry
from app.core.errors import UserError
from app.core.i18n import LANGS, parse_lang
from app.core.messages import DONE, Help, Many, Message

if TYPE_CHECKING:  # the services (SQLAlchemy, pydantic) load only when a command needs them
    from app.core.content.loader import ContentLibrary
    from app.core.context import CliContext

PAGES = ("proposal", "hearing", "wbs", "experiment", "data-ci", "system-planning", "review", "exports")


def _say(args: argparse.Namespace | None, *, key: str, **params: object) -> str:
    """The message ``key`` in the user's language (the global ``--lang``, else the system's), a name or
    path in it escaped (:func:`app.cli.output.printable`)."""
    return printable(Message(key=key, **params).text(parse_lang(getattr(args, "global_lang", None))))


def _quoted(text: str) -> str:
    return text[1:-1] if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"" else text


def _options(text: str) -> Many:
    return Many(tuple(re.findall(r"'([^']*)'", text)) or tuple(text.split(", ")))


_EXPECTS_VALUE = re.compile(r"argument (\S+): expected one argument")
# argparse's English usage mistakes, said again in the user's language (the rest keep argparse's words)
_USAGE_MISTAKES: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], Message]], ...] = (
    (re.compile(r"the following arguments are required: (.+)"), lambda m: Message(key="cli.usage_required", args=Many(tuple(m[1].split(", "))))),
    (re.compile(r"argument (\S+): invalid choice: (.+?) \(choose from (.+)\)"),
     lambda m: Message(key="cli.usage_invalid_choice", arg=m[1], value=_quoted(m[2]), options=_options(m[3]))),
    (re.compile(r"argument (\S+): invalid \S+ value: (.+)"), lambda m: Message(key="cli.usage_invalid_value", arg=m[1], value=_quoted(m[2]))),
    (_EXPECTS_VALUE, lambda m: Message(key="cli.usage_expects_value", arg=m[1])),
    (re.compile(r"unrecognized arguments: (.+)"), lambda m: Message(key="cli.usage_unrecognized", args=m[1])),
    (re.compile(r"ambiguous option: (\S+) could match (.+)"), lambda m: Message(key="cli.usage_ambiguous", option=m[1], options=_options(m[2]))),
    (re.compile(r"argument (\S+): ignored explicit argument (.+)"),
     lambda m: Message(key="cli.usage_explicit_value", arg=m[1], value=_quoted(m[2]))),
    (re.compile(r"argument (\S+): expected at least one argument"), lambda m: Message(key="cli.usage_expects_values", arg=m[1])),
    (re.compile(r"argument (\S+): not allowed with argument (\S+)"),
     lambda m: Message(key="cli.usage_not_together", arg=m[1], other=m[2])),
)


def usage_mistake(message: str) -> Message | str:
    for pattern, said in _USAGE_MISTAKES:
        match = pattern.fullmatch(message)
        if match:
            return said(match)
    return message


class Parser(argparse.ArgumentParser):
    """argparse that reports a usage error in one line, in the user's language, and exits 2; its
    help is in that language too (app/cli/help_text.py).

    ``lang`` is the global ``--lang`` when it was given (:func:`global_lang`), else the system's."""

    def __init__(self, *args: Any, lang: str | None = None, **kwargs: Any) -> None:
        kwargs["formatter_class"] = formatter(lang)  # its help in that language too
        super().__init__(*args, **kwargs)
        self.lang = lang
        named_groups(self)

    def parse_known_args(self, args: Sequence[str] | None = None, namespace: Any = None) -> Any:  # type: ignore[override]
        """As argparse's, a value starting with "-" given to an option taking one (:func:`joined_values`) or where
        the command takes a name (:func:`dashed_positionals`)."""
        tokens = joined_values(self, list(sys.argv[1:] if args is None else args))
        return super().parse_known_args(dashed_positionals(self, tokens), namespace)

    def print_help(self, file: Any = None) -> None:  # overrides ArgumentParser.print_help
        """As argparse's, but help refused by standard output (a full disk) is said (:func:`print_out`)."""
        if file is None or file is sys.stdout:
            return print_out(self.format_help(), self.lang)
        return super().print_help(file)

    def error(self, message: str | Message) -> NoReturn:  # overrides ArgumentParser.error
        lang = parse_lang(self.lang)
        # English: argparse's words, but for a missing value, which says how to give one starting with "-"
        said = isinstance(message, str) and (lang != "en" or _EXPECTS_VALUE.fullmatch(message) is not None)
        detail = usage_mistake(message) if isinstance(message, str) and said else message
        text = detail.text(lang) if isinstance(detail, Message) else detail
        self.exit(2, printable(Message(key="cli.usage", prog=self.prog, text=text).text(lang)) + "\n")


_GLOBAL_VALUES = ("--db", "--screenshot", "--page", "--project", "--size")  # the global options that take a value


def global_lang(argv: Sequence[str]) -> str | None:
    """The global ``--lang`` in ``argv`` (before the command), read before argparse so that its
    own mistakes are in that language; None when none is given or it is no language."""
    tokens = list(argv)
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.startswith("--lang="):
            value: str | None = token.partition("=")[2]
        elif token == "--lang":
            value = tokens[i + 1] if i + 1 < len(tokens) else None
        elif token == "--" or not token.startswith("-"):
            return None  # the command: a --lang after it is the command's own
        else:
            i += 2 if token in _GLOBAL_VALUES else 1
            continue
        return value if value in LANGS else None
    return None


def build_parser(lang: str | None = None) -> Parser:
    """The command line; its usage mistakes are said in ``lang`` (else the system's language)."""
    class SubParser(Parser):  # the commands' parsers speak the same language
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, lang=lang, **kwargs)

    sub_parser = SubParser
    parser = Parser(
        lang=lang,
        prog="mlops-kickoff",
        description=Help(key="cli.help.description"),
        epilog=WhereData(key="cli.help.where_data"),
    )
    parser.add_argument("--version", action=ShownVersion, version=f"mlops-kickoff {__version__}")
    parser.add_argument("--db", type=user_path, metavar="PATH_OR_URL", help=Help(key="cli.help.db"))
    parser.add_argument("--lang", dest="global_lang", choices=LANGS, help=Help(key="cli.help.lang"))
    parser.add_argument("--screenshot", type=user_path, metavar="FILE.png", help=Help(key="cli.help.screenshot"))
    parser.add_argument("--page", choices=PAGES, help=Help(key="cli.help.page"))
    parser.add_argument("--project", dest="global_project", metavar="ID_OR_NAME", help=Help(key="cli.help.open_project"))
    parser.add_argument("--size", default="1400x900", metavar="WxH", help=Help(key="cli.help.size"))
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=sub_parser, help=Help(key="cli.help.command"))

    p = commands.add_parser("projects", help=Help(key="cli.help.projects"))
    sub = p.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=sub_parser, help=Help(key="cli.help.action"))
    q = sub.add_parser("list", help=Help(key="cli.help.projects_list"))
    q.add_argument("--json", action="store_true", help=Help(key="cli.help.projects_json"))
    q.add_argument("--active", action="store_true", help=Help(key="cli.help.projects_active"))

    p = commands.add_parser("project", help=Help(key="cli.help.project"))
    sub = p.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=sub_parser, help=Help(key="cli.help.action"))
    q = sub.add_parser("new", help=Help(key="cli.help.project_new"))
    q.add_argument("name", metavar="NAME", help=Help(key="cli.help.project_new_name"))
    q.add_argument("--customer", default="", help=Help(key="cli.help.project_customer"))
    q.add_argument("--lang", choices=LANGS, help=Help(key="cli.help.project_lang"))
    q = sub.add_parser("rename", help=Help(key="cli.help.project_rename"))
    q.add_argument("project", metavar="ID_OR_NAME", help=Help(key="cli.help.project_id"))
    q.add_argument("name", metavar="NAME", help=Help(key="cli.help.project_rename_name"))
    q = sub.add_parser("duplicate", help=Help(key="cli.help.project_duplicate"))
    q.add_argument("project", metavar="ID_OR_NAME", help=Help(key="cli.help.project_id"))
    q.add_argument("--name", help=Help(key="cli.help.project_duplicate_name"))
    q = sub.add_parser("archive", help=Help(key="cli.help.project_archive"))
    q.add_argument("project", metavar="ID_OR_NAME", help=Help(key="cli.help.project_id"))
    q.add_argument("--undo", action="store_true", help=Help(key="cli.help.project_archive_undo"))
    q = sub.add_parser("delete", help=Help(key="cli.help.project_delete"))
    q.add_argument("project", metavar="ID_OR_NAME", help=Help(key="cli.help.project_id"))
    q.add_argument("--yes", action="store_true", help=Help(key="cli.help.project_delete_yes"))
    q = sub.add_parser("export", help=Help(key="cli.help.project_export"))
    q.add_argument("project", metavar="ID_OR_NAME", help=Help(key="cli.help.project_id"))
    q.add_argument("--out", required=True, type=user_path, metavar="FILE.json", help=Help(key="cli.help.project_export_out"))
    q = sub.add_parser("import", help=Help(key="cli.help.project_import"))
    q.add_argument("file", type=user_path, metavar="FILE.json", help=Help(key="cli.help.project_import_file"))
    q = sub.add_parser("copy", help=Help(key="cli.help.project_copy"))
    q.add_argument("project", metavar="ID_OR_NAME", help=Help(key="cli.help.project_id"))
    q.add_argument("--to", required=True, type=user_path, metavar="URL", help=Help(key="cli.help.project_copy_to"))

    p = commands.add_parser("demo", help=Help(key="cli.help.demo"))
    p.add_argument("--lang", choices=LANGS, help=Help(key="cli.help.demo_lang"))

    p = commands.add_parser("templates", help=Help(key="cli.help.templates"))
    sub = p.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=sub_parser, help=Help(key="cli.help.action"))
    q = sub.add_parser("validate", help=Help(key="cli.help.templates_validate"))
    q.add_argument("path", nargs="?", type=user_path, metavar="PATH", help=Help(key="cli.help.templates_path"))

    p = commands.add_parser("holidays", help=Help(key="cli.help.holidays"))
    sub = p.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=sub_parser, help=Help(key="cli.help.action"))
    sub.add_parser("list", help=Help(key="cli.help.holidays_list"))
    q = sub.add_parser("add", help=Help(key="cli.help.holidays_add"))
    q.add_argument("days", nargs="*", metavar="DATE", help=Help(key="cli.help.holidays_days"))
    q.add_argument("--name", help=Help(key="cli.help.holidays_name"))
    q.add_argument("--year-end", type=int, metavar="YEAR", help=Help(key="cli.help.holidays_year_end"))
    q = sub.add_parser("remove", help=Help(key="cli.help.holidays_remove"))
    q.add_argument("days", nargs="+", metavar="DATE", help=Help(key="cli.help.holidays_days"))
    q = sub.add_parser("import", help=Help(key="cli.help.holidays_import"))
    q.add_argument("file", type=user_path, metavar="FILE.ics", help=Help(key="cli.help.holidays_file"))

    p = commands.add_parser("backup", help=Help(key="cli.help.backup"))
    sub = p.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=sub_parser, help=Help(key="cli.help.action"))
    q = sub.add_parser("list", help=Help(key="cli.help.backup_list"))
    q = sub.add_parser("create", help=Help(key="cli.help.backup_create"))
    q.add_argument("--keep", type=int, metavar="N", help=Help(key="cli.help.backup_keep"))
    q = sub.add_parser("restore", help=Help(key="cli.help.backup_restore"))
    q.add_argument("file", type=user_path, metavar="FILE", help=Help(key="cli.help.backup_file"))
    q.add_argument("--keep", type=int, metavar="N", help=Help(key="cli.help.backup_keep"))

    p = commands.add_parser("export", help=Help(key="cli.help.export"), description=Help(key="cli.help.export_page"))
    kinds = p.add_subparsers(dest="kind", metavar="KIND", required=True, parser_class=sub_parser, help=Help(key="cli.help.export_kind"))
    for kind in features.export_kinds():
        q = kinds.add_parser(kind.name, help=Help(ja=kind.description.get("ja", ""), en=kind.help))
        q.add_argument("--project", required=True, metavar="ID_OR_NAME", help=Help(key="cli.help.project_id"))
        out_help = Help(key="cli.help.export_out_folder") if kind.is_folder else Help(key="cli.help.export_out")
        q.add_argument("--out", required=True, type=user_path, metavar="PATH", help=out_help)
        q.add_argument("--lang", choices=LANGS, help=Help(key="cli.help.document_lang"))
        add_report_argument(q)
        kind.add_arguments(q)
    p = commands.add_parser("import", help=Help(key="cli.help.import"), description=Help(key="cli.help.import_page"))
    kinds = p.add_subparsers(dest="kind", metavar="KIND", required=True, parser_class=sub_parser, help=Help(key="cli.help.import_kind"))
    for import_kind in sorted(features.IMPORTS.values(), key=lambda k: k.name):
        q = kinds.add_parser(import_kind.name, help=import_kind.help)
        q.add_argument("file", type=user_path, metavar="FILE", help=Help(key="cli.help.import_file"))
        q.add_argument("--project", required=True, metavar="ID_OR_NAME", help=Help(key="cli.help.project_id"))
        q.add_argument("--dry-run", action="store_true", help=Help(key="cli.help.import_dry_run"))
        q.add_argument("--yes", action="store_true", help=Help(key="cli.help.import_yes"))
        import_kind.add_arguments(q)
    baselines.add_parser(commands, sub_parser)
    resources_cli.add_parsers(commands, sub_parser)  # resources, load, level
    hearing_cli.add_parsers(commands, sub_parser)  # hearing list|answer|confirm|sessions
    wbs_cli.add_parsers(commands, sub_parser)  # wbs list|generate|schedule|set|add|delete
    described(parser)
    return parser


# --- commands ---------------------------------------------------------------------------------


def cmd_projects(ctx: CliContext) -> int:
    from app.core.projects import ProjectService

    projects = ProjectService(ctx.workspace.db).list(include_archived=not ctx.args.active)
    if ctx.args.json:
        print(json_text([with_zone(p.model_dump(mode="json")) for p in projects]))
        return 0
    if not projects:
        print(_say(ctx.args, key="cli.no_projects"))
        return 0
    print("\n".join(project_lines(ctx, projects)))
    return 0


def cmd_project(ctx: CliContext) -> int:
    from app.core import operations as ops
    from app.core.projects import ProjectService
    from app.projects import transfer

    args = ctx.args
    service = ProjectService(ctx.workspace.db)

    def change(project_id: int, call):  # every change is an operation, as in the window
        return ops.run(ctx.workspace, ops.project_op(project_id, lambda _ws: call())).detail

    match args.action:
        case "new":
            project = change(-1, lambda: service.create(args.name, customer=args.customer, lang=args.lang or ctx.lang))
            print(project.id)
        case "rename":
            found = ctx.project(args.project)
            pid = found.id
            project = change(pid, lambda: service.rename(pid, args.name))
            print(_say(args, key="cli.renamed", id=project.id, old=found.name, name=project.name))
        case "duplicate":
            pid = ctx.project(args.project).id
            project = change(pid, lambda: transfer.duplicate(ctx.workspace.db, pid, args.name))
            print(project.id)
        case "archive":
            found = ctx.project(args.project)
            if found.archived == (not args.undo):  # already as asked: nothing changes, and it is said so
                as_is = _say(args, key="cli.already_archived", id=found.id, name=found.name) if found.archived else _say(args, key="cli.not_archived", id=found.id, name=found.name)
                print(as_is)
                return 0
            pid = found.id
            project = change(pid, lambda: service.set_archived(pid, not args.undo))
            if project.archived:
                print(_say(args, key="cli.archived", id=project.id, name=project.name))
            else:
                print(_say(args, key="cli.restored", id=project.id, name=project.name))
        case "delete":
            project = ctx.project(args.project)
            if not args.yes and not confirmed_delete(_say(args, key="cli.delete_confirm", id=project.id, name=project.name)):
                print(_say(args, key="cli.nothing_deleted"))
                return 1
            change(project.id, lambda: service.delete(project.id))
            print(_say(args, key="cli.deleted", id=project.id, name=project.name))
        case "export":
            project = ctx.project(args.project)
            path = transfer.export_file(ctx.workspace.db, project.id, Path(args.out), ctx.workspace.library)
            print(_say(args, key="cli.wrote", path=path))
        case "import":
            checked = transfer.read_import(ctx.workspace.db, Path(args.file), ctx.workspace.library)
            new_id = change(-1, lambda: checked.insert(ctx.workspace.db))
            print(new_id)
            if checked.changed is not None:  # a new project beside the one here, as ever; said (the window asks first)
                said = Message(key="project_file.imported_beside", changed=checked.changed.message())
                print(ctx.say(key="cli.warning", text=said), file=sys.stderr)
        case "copy":
            from app.projects.database_copy import copy_to

            project = ctx.project(args.project)
            copied = copy_to(ctx.workspace.db, project.id, args.to)  # the source is only read: no operation on it
            print(copied.id)
            if (beside := copied.said()) is not None:  # there already, changed there since: said as `project import` says it
                print(ctx.say(key="cli.warning", text=beside), file=sys.stderr)
    return 0


def cmd_demo(ctx: CliContext) -> int:
    from app.core import operations as ops
    from app.projects.demo import create_demo

    project = ops.run(ctx.workspace, ops.project_op(-1, lambda ws: create_demo(ws, ctx.lang))).detail
    print(_say(ctx.args, key="cli.demo_created", id=project.id, name=project.name))
    return 0


def cmd_export(ctx: CliContext) -> int:
    from app.cli.export_report import check_report_target, finish
    from app.core.kinds import run_export

    kind = features.EXPORTS[ctx.args.kind]
    out = Path(ctx.args.out)
    registry.check_suffix(kind, out)
    project = ctx.project(ctx.args.project)
    check_report_target(ctx.args, out)  # with the database open: the report is never written over it
    options = {key: getattr(ctx.args, key) for key in kind.defaults}
    report = run_export(kind, ctx.workspace, project.id, out, ctx.lang, options)
    print(_say(ctx.args, key="cli.wrote", path=report.written[0]))
    finish(ctx, report)
    return 0


def cmd_import(ctx: CliContext) -> int:
    return baselines.offer_after(ctx, lambda: features.IMPORTS[ctx.args.kind].run(ctx, ctx.args))


COMMANDS = {
    "projects": cmd_projects,
    "project": cmd_project,
    "demo": cmd_demo,
    "templates": library_cli.cmd_templates,
    "holidays": library_cli.cmd_holidays,
    "export": cmd_export,
    "import": cmd_import,
    "backup": backups_cli.cmd_backup,
    "baseline": baselines.cmd_baseline,
    **resources_cli.COMMANDS,
    **hearing_cli.COMMANDS,
    **wbs_cli.COMMANDS,
}


def _warn_left_out(args: argparse.Namespace) -> None:
    """One warning line when the command read the content and a file of it was left out (a typo in
    the user's own checklist: the shipped one was used). Only a command that read it imported it."""
    loader = sys.modules.get("app.core.content.loader")
    if loader is None:
        return
    library = loader.loaded_library()
    lang = parse_lang(getattr(args, "global_lang", None))
    for said in (loader.left_out_message(library), loader.older_copy_message(library)):  # (an older copy of a checklist: what it hides)
        if said is not None:
            print(printable(Message(key="cli.warning", text=said).text(lang, library)), file=sys.stderr)


def _fail(error: UserError, args: argparse.Namespace, library: ContentLibrary | None = None) -> int:
    """One line on stderr in the user's language (``--lang``, else the system's), items by their label;
    a name or path in it (typed, stored, carried by a file) escaped, never splitting the line."""
    lang = parse_lang(getattr(args, "global_lang", None))
    print(printable(Message(key="cli.error", text=error.text(lang, library)).text(lang)), file=sys.stderr)
    return error.exit_code


def _placed_count() -> int:
    """How many files this process had put in place (:data:`app.core.files.atomic.PLACED`) when a command
    began: none before the module is loaded (it is not loaded for this)."""
    atomic = sys.modules.get("app.core.files.atomic")
    return len(atomic.PLACED) if atomic is not None else 0


def interrupted(lang: str | None, placed_before: int | None = None, done_before: int | None = None) -> int:
    """Ctrl+C: one line, exit 130. 「中断しました」 only while nothing was done: a file or folder the command had
    already put in place (from the ``placed_before``-th on; None: nothing looked at) is named as written, and
    each step it had completed (:data:`app.core.messages.DONE` from the ``done_before``-th on: a backup
    written, old ones deleted, a project added) is said."""
    atomic = sys.modules.get("app.core.files.atomic")
    placed = atomic.in_place(placed_before) if atomic is not None and placed_before is not None else []
    paths = Many(tuple(str(p) for p in placed))
    steps = list(DONE[done_before:]) if done_before is not None else []
    if steps:
        written = [Message(key="done.written", paths=paths)] if placed else []
        said = Message(key="cli.interrupted_after_done", done=Many(tuple(written + steps)))
    else:
        said = Message(key="cli.interrupted_after_writing", paths=paths) if placed else Message(key="cli.interrupted")
    print(printable(said.text(parse_lang(lang))), file=sys.stderr)
    # CPython marks a Ctrl+C that ends code run from a string (SQLAlchemy evaluates its annotations so) as
    # unhandled, though it was handled here, and at exit kills the process with SIGINT instead of exiting 130;
    # the next such run clears the mark (Python/pythonrun.c, run_eval_code_obj).
    eval("None")  # a constant: nothing the user typed
    return 130


def main(argv: Sequence[str] | None = None, start_window: Callable[[argparse.Namespace], int] | None = None) -> int:
    """Run a command; without one, ``start_window`` (app/main.py passes the window's)."""
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser(global_lang(argv))
    # Bytes the terminal's encoding cannot read come in as lone surrogates ('\udcff'): stored, they would
    # end every later write of the project (a file, a database) with a traceback. Refused before anything.
    named = [*argv, os.environ.get("MLOPS_KICKOFF_DB", "")]  # the database named by the environment too
    if (bad := next((arg for arg in named if any("\ud800" <= ch <= "\udfff" for ch in arg)), None)) is not None:
        parser.error(Message(key="cli.not_text", value=printable(bad.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace"))))
    args = parser.parse_args(argv)
    if isinstance(getattr(args, "db", None), str) and not args.db.strip():
        # --db "$DB" with DB unset: refused, never read as no --db (the data folder's database would be changed)
        parser.error(Message(key="cli.db_empty"))
    if args.command is None:
        if start_window is None:
            parser.error(Message(key="cli.give_a_command"))
        try:
            check_written_names(args)  # --screenshot
            args.size = window_size(args.size)  # before the window is laid out: 30000x30000 refused in one line
            return start_window(args)
        except UserError as exc:
            return _fail(exc, args)
    if args.screenshot:
        parser.error(Message(key="cli.screenshot_without_command"))
    from app.core.context import CliContext

    ctx = CliContext(args)
    placed_before, done_before = _placed_count(), len(DONE)
    started()  # the program has started: the command's own work is collected as usual
    try:
        out_is_folder = args.command == "export" and features.EXPORTS[args.kind].is_folder  # the wiki, the scaffold
        check_written_names(args, out_is_folder=out_is_folder)  # before the database is opened: nothing written
        with guarded_stdout():  # what it prints: a full disk said below, not in the interpreter's English at exit
            code = COMMANDS[args.command](ctx)
        _warn_left_out(args)
        return code
    except UserError as exc:
        _warn_left_out(args)
        return _fail(exc, args, ctx.library)
    except KeyboardInterrupt:
        return interrupted(getattr(args, "global_lang", None), placed_before, done_before)
    except BrokenPipeError:
        # The reader (``| head``) has gone: what it did not read is not an error. Point stdout at
        # devnull so the interpreter's final flush does not raise a second time (Python docs, signal).
        drop_stdout()
        return 0
    except OutputRefused as exc:  # ``> file`` on a full disk
        from app.core.files.atomic import os_reason

        drop_stdout()
        return _fail(UserError(key="cli.stdout_failed", reason=os_reason(exc)), args, ctx.library)
    except OSError as exc:
        # The last net: a path the system refused (too long, no permission) that no check caught.
        if exc.filename is None:
            raise
        from app.core.files.probe import unusable

        return _fail(unusable(exc.filename, exc), args, ctx.library)
    except Exception as exc:
        # A database failure the user can act on (full disk, read-only or damaged file): one line.
        from app.core.storage.errors import storage_error

        known = storage_error(exc)
        if known is None:
            raise
        return _fail(known, args)
    finally:
        ctx.close()

"""``wbs list|generate|schedule|set|add|delete``: the WBS as the WBS page shows and changes it.

A thin client of the page's own operations: each change one :func:`app.wbs.operations.wbs_op` over the
:class:`~app.wbs.service.WbsService` the window uses, run through :func:`app.core.operations.run` (one step, recorded
under the author; an open window hears it as a colleague's change). The cells of ``set`` and ``add`` are read as the
table reads what is typed into them (app/cli/wbs_cells.py, app/wbs/cells/typed.py). Registered from app/cli/main.py;
the services load only when a command runs (the parser stays light).
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from app.cli import wbs_cells
from app.cli.output import confirmed_delete, json_text, printable
from app.core.errors import NotFoundError, UserError
from app.core.messages import Help

if TYPE_CHECKING:
    import datetime as dt

    from app.core.context import CliContext
    from app.core.i18n import Lang
    from app.core.project import ProjectInfo
    from app.wbs.catalog import Catalog
    from app.wbs.model import Task, WbsTree


def add_parsers(commands: Any, sub_parser: type[argparse.ArgumentParser]) -> None:
    p = commands.add_parser("wbs", help=Help(key="cli.help.wbs"))
    sub = p.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=sub_parser, help=Help(key="cli.help.action"))
    q = sub.add_parser("list", help=Help(key="cli.help.wbs_list"))
    _project(q)
    q.add_argument("--json", action="store_true", help=Help(key="cli.help.wbs_json"))
    _project(sub.add_parser("generate", help=Help(key="cli.help.wbs_generate")))
    q = sub.add_parser("schedule", help=Help(key="cli.help.wbs_schedule"))
    _project(q)
    q.add_argument("--start", metavar="DATE", help=Help(key="cli.help.wbs_start"))
    wbs_cells.add_parsers(sub, _project)
    q = sub.add_parser("delete", help=Help(key="cli.help.wbs_delete"))
    _project(q)
    q.add_argument("--task", required=True, metavar="TASK", help=Help(key="cli.help.wbs_task"))
    q.add_argument("--yes", action="store_true", help=Help(key="cli.help.wbs_delete_yes"))


def _project(q: argparse.ArgumentParser) -> None:
    q.add_argument("--project", required=True, metavar="ID_OR_NAME", help=Help(key="cli.help.project_id"))


def cmd_wbs(ctx: CliContext) -> int:
    project = ctx.project(ctx.args.project)
    match ctx.args.action:
        case "list":
            _list(ctx, project.id)
        case "generate":
            _generate(ctx, project)
        case "schedule":
            _schedule(ctx, project)
        case "set":
            wbs_cells.set_cells(ctx, project)
        case "add":
            wbs_cells.add_task(ctx, project)
        case "delete":
            return _delete(ctx, project)
    return 0


# --- reading ------------------------------------------------------------------------------------


def _list(ctx: CliContext, project_id: int) -> None:
    """Every task in outline order, its cells as the table shows them (a summary's estimate, dates and status
    rolled up from its sub-tasks); ``--json``: stable keys and stored values for scripts."""
    from app.core.i18n import format_date
    from app.wbs.catalog import catalog
    from app.wbs.model import format_days, format_dependencies
    from app.wbs.service import WbsService
    from app.wbs.tracking.baselines import tracking

    tree = WbsService(ctx.workspace.db).tree(project_id)
    cat, lang, progress = catalog(ctx.workspace.library), ctx.ui_lang, tracking(ctx.workspace, project_id).progress
    if not tree.tasks and not ctx.args.json:
        print(ctx.say(key="wbs_cli.no_tasks", project=project_id))
        return
    rows: list[dict[str, Any]] = []
    for task in tree.walk():
        rolled, summary = tree.rollup(task.id), tree.has_children(task.id)
        percent = None if summary or task.uid not in progress else progress[task.uid].percent  # (entered on work tasks)
        if ctx.args.json:
            rows.append(_json_row(tree, task, rolled, percent))
            continue
        status = cat.status_label(rolled.status, lang)
        if percent is not None:
            status = ctx.say(key="wbs_cli.status_progress", status=status, percent=format_days(percent))
        cells = (tree.codes[task.id], task.title, cat.phase_label(task.phase, lang) if task.phase else "",
                 cat.priority_label(task.priority, lang), _owner(cat, task, lang), format_days(rolled.estimate_days),
                 format_date(rolled.start, lang) if rolled.start else "", format_date(rolled.finish, lang) if rolled.finish else "",
                 status, " ".join(task.completion_condition.split()), format_dependencies(task, tree))  # fmt: skip
        print("\t".join(printable(" ".join(c.split("\t"))) for c in cells).rstrip())
    if ctx.args.json:
        print(json_text(rows))


def _owner(cat: Catalog, task: Task, lang: Lang) -> str:
    """The owner as role / name (either alone when the other is not set)."""
    role = cat.role_label(task.owner_role, lang) if task.owner_role else ""
    return " / ".join(part for part in (role, task.owner_name) if part)


def _json_row(tree: WbsTree, task: Task, rolled: Any, percent: float | None) -> dict[str, Any]:
    from app.wbs.model import format_dependencies

    def day(value: dt.date | None) -> str | None:
        return value.isoformat() if value else None

    return {
        "id": task.id, "uid": task.uid, "code": tree.codes[task.id], "parent_id": task.parent_id if task.parent_id in tree.tasks else None,
        "summary": tree.has_children(task.id), "title": task.title, "phase": task.phase, "priority": task.priority,
        "status": str(rolled.status), "progress": percent, "owner_role": task.owner_role, "owner_name": task.owner_name,
        "estimate_days": rolled.estimate_days, "start": day(rolled.start), "finish": day(rolled.finish), "not_before": day(task.not_before),
        "milestone": task.milestone, "agreed": task.agreed, "agreed_on": day(task.agreed_on),
        "completion_condition": task.completion_condition, "expected_output": task.expected_output, "notes": task.notes,
        "description": task.description, "predecessors": format_dependencies(task, tree),
        "dependencies": [{"id": d.predecessor_id, "code": tree.codes.get(d.predecessor_id), "lag_days": d.lag_days} for d in task.dependencies],
        "often_missed": task.often_missed, "user_edited": task.user_edited,
    }  # fmt: skip


# --- generate, schedule, delete -------------------------------------------------------------------


def _generate(ctx: CliContext, project: ProjectInfo) -> None:
    """The page's Generate / update from hearing: one operation, its counts said as the page says them."""
    from app.core import operations as ops
    from app.wbs import operations as wbs_ops
    from app.wbs.generate import generate

    pid = project.id
    change = ops.run(ctx.workspace, wbs_ops.wbs_op(pid, lambda ws: generate(ws, pid)), pid)
    if not change.changed:
        info = change.detail.info if change.detail is not None else {}
        if info.get("covered") or info.get("left_with"):  # not "every task": some are left out with a task of the user's
            print(ctx.say(key="wbs_cli.generate_unchanged"))
            _left_out(ctx, info)
        elif info.get("skipped_dismissed"):  # not "every task": the ones the user deleted are missing, on purpose
            print(ctx.say(key="wbs_cli.generate_up_to_date_but_deleted", count=info["skipped_dismissed"]))
        else:
            print(ctx.say(key="wbs_cli.generate_up_to_date"))
        return
    info = change.detail.info
    print(ctx.say(key="wbs_cli.generated", added=info.get("added", 0), updated=info.get("updated", 0), removed=info.get("removed", 0)))
    if info.get("kept_edited"):
        print(ctx.say(key="wbs_cli.generated_kept_edited", count=info["kept_edited"]))
    if info.get("adopted"):
        print(ctx.say(key="wbs_cli.generated_adopted", count=info["adopted"]))
    _left_out(ctx, info)
    if info.get("phase_rows"):  # each named, with the figures typed on it that its sub-tasks now replace, and the way back
        from app.wbs.outline.generated import phase_row_said
        from app.wbs.service import WbsService

        tree = WbsService(ctx.workspace.db).tree(pid)
        for row in (i for i in info["phase_rows"] if i in tree.tasks):
            print(ctx.say(key="wbs_cli.generated_phase_row", **phase_row_said(tree, row)))


def _left_out(ctx: CliContext, info: dict[str, int]) -> None:
    """The generated tasks not added, each kind on its line: those the user deleted, those left out with a deleted task
    (a deleted summary, or the user's task that stood for them: they were never counted as deleted), those a worked task
    of the user's stands for."""
    if info.get("skipped_dismissed"):
        print(ctx.say(key="wbs_cli.generated_skipped", count=info["skipped_dismissed"]))
    if info.get("left_with"):
        print(ctx.say(key="wbs_cli.generated_left_with", count=info["left_with"]))
    if info.get("covered"):
        print(ctx.say(key="wbs_cli.generated_covered", count=info["covered"]))


def _schedule(ctx: CliContext, project: ProjectInfo) -> None:
    """The page's Schedule (from ``--start`` instead of the project's start when given): one operation; says how many
    tasks' dates changed and when the project finishes. A cycle or a plan past the last date is refused by the core,
    naming the tasks."""
    from app.core import operations as ops
    from app.core.i18n import format_date
    from app.wbs import operations as wbs_ops
    from app.wbs.checks import totals
    from app.wbs.schedule import schedule
    from app.wbs.service import WbsService

    pid, start = project.id, _start(ctx.args.start) if ctx.args.start is not None else None
    change = ops.run(ctx.workspace, wbs_ops.wbs_op(pid, lambda ws: schedule(ws, pid, start)), pid)
    finish = totals(WbsService(ctx.workspace.db).tree(pid)).finish
    shown = format_date(finish, ctx.ui_lang) if finish else "-"
    if change.changed:
        print(ctx.say(key="wbs_cli.scheduled", count=len(change.detail.after), finish=shown))
    else:
        print(ctx.say(key="wbs_cli.schedule_up_to_date", finish=shown))


def _start(typed: str) -> dt.date:
    """``--start`` as a date a plan holds; else refused naming ``--start`` (not the project's start)."""
    from app.core.i18n import date_in_range, date_years, misdated_said, parse_date

    try:
        day = parse_date(typed)
    except ValueError:
        if (meant := misdated_said(typed)) is not None:
            raise UserError(key="cli.wrong_weekday", field="--start", value=typed, date=meant) from None
        raise UserError(key="wbs_cli.bad_start", value=typed) from None
    if not date_in_range(day):
        raise UserError(key="wbs_cli.start_out_of_range", value=typed, **date_years())
    return day


def _delete(ctx: CliContext, project: ProjectInfo) -> int:
    """The page's Delete: the task with its sub-tasks, one operation; on a terminal asked first (as ``project delete``),
    counting the sub-tasks."""
    from app.core import operations as ops
    from app.wbs import operations as wbs_ops
    from app.wbs.model import task_name
    from app.wbs.service import WbsService

    pid = project.id
    tree = WbsService(ctx.workspace.db).tree(pid)
    task = wbs_cells.find_task(tree, ctx.args.task)
    name, below = task_name(tree.codes[task.id], task.title), len(tree.descendants(task.id))
    if not ctx.args.yes:
        asked = ctx.say(key="wbs_cli.delete_sub_tasks_confirm", task=name, count=below, total=below + 1) if below else \
            ctx.say(key="wbs_cli.delete_confirm", task=name)
        doomed = {task.id, *tree.descendants(task.id)}
        losing = [t.id for t in tree.walk() if t.id not in doomed and any(d.predecessor_id in doomed for d in t.dependencies)]
        if losing:  # (their links go with it: said before, as after)
            asked += "\n" + ctx.say(key="wbs_cli.delete_unlinks", count=len(losing), tasks=_few(tree, losing))
        try:
            answered = confirmed_delete(asked)
        except UserError as exc:  # no terminal to ask: said with the task
            raise wbs_cells.refused(name, exc) from None
        if not answered:
            print(ctx.say(key="cli.nothing_deleted"))
            return 1
    try:
        change = ops.run(ctx.workspace, wbs_ops.wbs_op(pid, lambda ws: WbsService(ws.db).delete(pid, [task.id], {task.id: task.uid})), pid).detail
    except NotFoundError as exc:  # (another process deleted it since it was read: refused as ``wbs set`` is)
        raise wbs_cells.refused(name, exc) from None
    if below:
        print(ctx.say(key="wbs_cli.deleted_sub_tasks", task=name, count=below, total=below + 1))
    else:
        print(ctx.say(key="wbs_cli.deleted", task=name))
    now = WbsService(ctx.workspace.db).tree(pid)
    unlinked = [t.id for t in now.walk() if (was := change.before.get(t.id)) is not None and was.dependencies != t.dependencies]
    if unlinked:  # the tasks that waited for it (or its sub-tasks): their links went with it, by their WBS codes now
        print(ctx.say(key="wbs_cli.unlinked", count=len(unlinked), tasks=_few(now, unlinked)))
    return 0


def _few(tree: WbsTree, ids: list[int], shown: int = 5) -> Any:
    """The tasks ``ids`` as a message lists them: the first few by WBS code and title, then how many more."""
    from app.core.messages import Many, Message
    from app.wbs.model import task_name

    names = Many(tuple(task_name(tree.codes.get(i, ""), tree.tasks[i].title) for i in ids[:shown]))
    return names if len(ids) <= shown else Message(key="wbs_cli.more_tasks", tasks=names, more=len(ids) - shown)


COMMANDS = {"wbs": cmd_wbs}

"""``wbs set`` and ``wbs add``: a task's cells typed on the command line as into the WBS page's table, each
``FIELD=VALUE`` (``=`` or the input method's ``＝``) read and checked as the table reads and checks what is typed into
the cell (app/wbs/cells/typed.py), the task found by its WBS code, ``id:N`` or its title (:func:`find_task`).

The cells of one command are one operation (:func:`app.wbs.operations.wbs_op`: the fields and the predecessors in
one transaction, one change). A refusal names the task by its WBS code and title and the cell by its column's header.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from app.core.errors import NotFoundError, UserError, ValidationFailed, shown
from app.core.messages import Help

if TYPE_CHECKING:
    from app.core.context import CliContext
    from app.core.project import ProjectInfo
    from app.wbs.cells.typed import TypedCells
    from app.wbs.model import Task, WbsTree
    from app.wbs.service import WbsChange


def add_parsers(sub: Any, project: Callable[[Any], None]) -> None:
    q = sub.add_parser("set", help=Help(key="cli.help.wbs_set"))
    project(q)
    q.add_argument("--task", required=True, metavar="TASK", help=Help(key="cli.help.wbs_task"))
    q.add_argument("cells", nargs="*", metavar="FIELD=VALUE", help=Help(key="cli.help.wbs_cells"))
    q = sub.add_parser("add", help=Help(key="cli.help.wbs_add"))
    project(q)
    q.add_argument("--title", required=True, metavar="TITLE", help=Help(key="cli.help.wbs_title"))
    q.add_argument("--under", metavar="TASK", help=Help(key="cli.help.wbs_under"))
    q.add_argument("cells", nargs="*", metavar="FIELD=VALUE", help=Help(key="cli.help.wbs_add_cells"))


def find_task(tree: WbsTree, typed: str) -> Task:
    """The task ``typed`` names: ``id:N``, its WBS code (1.2.3, full-width too) or its title in either width, any case,
    with or without spaces (as hearing items are found); none, or a title several tasks share: refused in one line."""
    import unicodedata

    from app.core.i18n import typed_key
    from app.core.messages import Many
    from app.wbs.model import task_name

    text = unicodedata.normalize("NFKC", typed).strip()
    if text.casefold().startswith("id:"):
        number = text[3:].strip()
        if number.isascii() and number.isdigit() and int(number) in tree.tasks:
            return tree.tasks[int(number)]
        raise UserError(key="wbs_cli.no_task", typed=shown(typed))
    found = [i] if (i := tree.by_code().get(text)) is not None else []
    key = typed_key(typed)
    found += [t.id for t in tree.walk() if t.id not in found and typed_key(t.title) == key] if key else []
    if not found and (named := _named_as_said(tree, text)) is not None:  # 「2.3 WBS作成」, as every message names a task
        found = [named]
    if not found:
        raise UserError(key="wbs_cli.no_task", typed=shown(typed))
    if len(found) > 1:  # (a team's plan with one title twice: never guessed)
        raise UserError(key="wbs_cli.ambiguous_task", typed=shown(typed), tasks=Many(tuple(task_name(tree.codes[i], tree.tasks[i].title) for i in found)))
    return tree.tasks[found[0]]


def _named_as_said(tree: WbsTree, text: str) -> int | None:
    """The task ``text`` (width-folded: NFKC) names as messages name it: its WBS code, a space and its title (cut with
    … as a message cuts a long one: :func:`~app.wbs.model.named_title`); None when the code names no task or another
    title."""
    from app.core.i18n import typed_key

    code, _, title = text.partition(" ")
    task_id = tree.by_code().get(code)
    if task_id is None or not title.strip():
        return None
    own, title = typed_key(tree.tasks[task_id].title), title.strip()
    cut = typed_key(title[:-3]) if title.endswith("...") else ""  # (… is ... once folded)
    return task_id if typed_key(title) == own or (cut and own.startswith(cut)) else None


def typed_columns(pairs: list[str]) -> dict[str, str]:
    """``優先度=必須 担当者＝佐藤`` as {column key: the text typed}, each column named by its header in either language,
    its field's label or its key (:func:`app.wbs.cells.typed.column_named`), in the order given."""
    from app.cli.hearing_answer import EQUALS
    from app.core.messages import Many
    from app.wbs.cells.typed import HEADERS, column_named, settable_columns

    cells: dict[str, str] = {}
    for pair in pairs:
        split = EQUALS.search(pair)
        if split is None:
            raise UserError(key="wbs_cli.bad_cell", cell=shown(pair))
        column = column_named(pair[: split.start()])
        if column is None:
            raise UserError(key="wbs_cli.no_column", typed=shown(pair[: split.start()]), columns=Many(tuple(HEADERS[c] for c in settable_columns())))
        if column in cells:
            raise UserError(key="wbs_cli.column_twice", column=HEADERS[column])
        cells[column] = pair[split.end() :]
    return cells


def refused(task: str, error: UserError, column: str | None = None) -> UserError:
    """``error`` said after the task it is about (``task``: its WBS code and title) and, when it does not name it, the
    column (as the page's status bar says a value it holds back)."""
    from app.core.messages import Label
    from app.wbs.cells.typed import FIELD_OF, HEADERS
    from app.wbs.model import field_name

    def said(lang: str) -> str:
        text = error.text(lang)
        if text.startswith(f"{task}: "):  # (a refusal of the core names the task: said once, before ▸)
            text = text[len(task) + 2 :]
        if column is None:
            return text
        names = (HEADERS[column].get(lang), field_name(FIELD_OF[column]).get(lang))
        return text if text.startswith(names) else f"{names[0]}: {text}"

    return UserError(key="wbs_cli.refused", task=task, why=Label(ja=said("ja"), en=said("en")))


def read_cells(tree: WbsTree, task_id: int | None, name: str, cells: dict[str, str], ctx: CliContext) -> TypedCells:
    """The cells typed for the task ``task_id`` (None: one to add, called ``name``) as the table reads them, each refusal
    naming the task and the column; a predecessor that would close a cycle is refused here too (as the predecessor
    dialog refuses it before it closes)."""
    from app.wbs.catalog import catalog
    from app.wbs.cells.typed import TypedCells, typed_cells
    from app.wbs.checks import checked_dependencies

    cat = catalog(ctx.workspace.library)
    fields: dict[str, Any] = {}
    links = None
    for column, text in cells.items():
        try:
            one = typed_cells(tree, cat, task_id, {column: text})
            if one.dependencies is not None and task_id is not None:
                checked_dependencies(tree, task_id, one.dependencies)
        except ValidationFailed as exc:
            raise refused(name, exc, column) from None
        fields |= one.fields
        links = one.dependencies if one.dependencies is not None else links
    return TypedCells(fields, links)


def linked_as_read(tree: WbsTree, name: str, link: Callable[[], WbsChange]) -> WbsChange:
    """``link()`` (the task's predecessors written in the command's operation), its refusal said after the task
    (``name``) and the predecessors' column: a cycle, a lag, a predecessor deleted since ``tree`` was read (named by its
    WBS code and title as read: the core knows it by its id only). The task itself gone: said as the command's."""
    from app.wbs.checks import PredecessorGone
    from app.wbs.model import task_name

    try:
        return link()
    except PredecessorGone as exc:
        gone = tree.tasks.get(exc.predecessor_id)
        said = task_name(tree.codes.get(exc.predecessor_id, ""), gone.title) if gone is not None else "?"
        raise refused(name, UserError(key="wbs_cli.predecessor_gone", predecessor=said), "predecessors") from None
    except NotFoundError:
        raise
    except ValidationFailed as exc:
        raise refused(name, exc, "predecessors") from None


def set_cells(ctx: CliContext, project: ProjectInfo) -> None:
    """``wbs set``: the cells typed for one task, one operation (its fields, then its predecessors, in one change)."""
    from app.core import operations as ops
    from app.core.messages import Many
    from app.wbs import operations as wbs_ops
    from app.wbs.catalog import catalog
    from app.wbs.cells.typed import HEADERS
    from app.wbs.model import task_name
    from app.wbs.service import WbsService

    pid = project.id
    tree = WbsService(ctx.workspace.db).tree(pid)
    task = find_task(tree, ctx.args.task)
    name = task_name(tree.codes[task.id], task.title)
    try:
        cells = typed_columns(ctx.args.cells)
        if not cells:
            raise UserError(key="wbs_cli.nothing_to_set")
    except UserError as exc:
        raise refused(name, exc) from None
    typed = read_cells(tree, task.id, name, cells, ctx)
    priorities = catalog(ctx.workspace.library).priority_keys
    links = typed.dependencies
    uids = {i: tree.tasks[i].uid for i in (task.id, *(d.predecessor_id for d in links or ()))}  # the tasks as read: never another

    def call(ws: Any) -> WbsChange | None:
        service = WbsService(ws.db)
        change = service.update(pid, [task.id], priorities, uids, typed=True, **typed.fields) if typed.fields else None
        if links is not None:
            linked = linked_as_read(tree, name, lambda: service.set_dependencies(pid, task.id, links, uids))
            change = linked if change is None else change.then(linked)
        return change

    try:
        change = ops.run(ctx.workspace, wbs_ops.wbs_op(pid, call), pid)
    except (ValidationFailed, NotFoundError) as exc:  # (a colleague's change since it was read: the task deleted, made a summary)
        raise refused(name, exc) from None
    if not change.changed:
        print(ctx.say(key="wbs_cli.unchanged", task=name))
    else:
        print(ctx.say(key="wbs_cli.saved", task=name, fields=Many(tuple(HEADERS[c] for c in cells))))


def add_task(ctx: CliContext, project: ProjectInfo) -> None:
    """``wbs add``: a task last under ``--under`` (else last at the top), with the window's defaults for a task added
    (the phase of the task it goes under, else of the one above it; the MLOps engineer as its role) and the cells typed;
    one operation. Prints the new task's WBS code."""
    from app.core import operations as ops
    from app.core.files.visible_text import fold_name
    from app.wbs import operations as wbs_ops
    from app.wbs.catalog import NEW_TASK_ROLE, catalog
    from app.wbs.model import task_name
    from app.wbs.service import WbsService

    pid = project.id
    tree = WbsService(ctx.workspace.db).tree(pid)
    parent = find_task(tree, ctx.args.under) if ctx.args.under is not None else None
    siblings = tree.kids(parent.id if parent is not None else None)
    code = f"{tree.codes[parent.id]}.{len(siblings) + 1}" if parent is not None else str(len(siblings) + 1)  # the code it takes
    title = " ".join(ctx.args.title.split())
    name = task_name(code, title if fold_name(title) else "")  # (a title of a zero-width space: none)
    try:
        cells = typed_columns(ctx.args.cells)
        if "title" in cells:  # (given as --title)
            from app.wbs.cells.typed import HEADERS

            raise UserError(key="wbs_cli.column_twice", column=HEADERS["title"])
    except UserError as exc:
        raise refused(name, exc) from None
    typed = read_cells(tree, None, name, {"title": ctx.args.title, **cells}, ctx)
    above = parent or (tree.tasks[siblings[-1]] if siblings else None)
    fields = {"phase": above.phase if above is not None else "", "owner_role": NEW_TASK_ROLE, **typed.fields}
    links = typed.dependencies or []
    uids = {d.predecessor_id: tree.tasks[d.predecessor_id].uid for d in links}
    priorities = catalog(ctx.workspace.library).priority_keys

    def call(ws: Any) -> WbsChange:
        service = WbsService(ws.db)
        try:
            change = service.add_task(pid, parent.id if parent is not None else None, None, priorities, **fields)
        except NotFoundError:
            if parent is None:
                raise
            under = task_name(tree.codes[parent.id], parent.title)  # (deleted since it was read)
            raise refused(title, UserError(key="wbs_cli.under_gone", task=under)) from None  # (by its title: it got no code)
        return change.then(linked_as_read(tree, name, lambda: service.set_dependencies(pid, change.created[0], links, uids))) if links else change

    try:
        change = ops.run(ctx.workspace, wbs_ops.wbs_op(pid, call), pid)
    except (ValidationFailed, NotFoundError) as exc:  # (a colleague's change since it was read)
        raise refused(name, exc) from None
    added = change.detail.created[0]
    print(WbsService(ctx.workspace.db).tree(pid).codes.get(added, code))

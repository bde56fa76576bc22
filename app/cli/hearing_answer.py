"""``hearing answer``: one answer's fields set from the command line as the Hearing page's item editor sets them —
the value (a table's rows cell by cell), its status, note, who answered and its follow-up — in one operation
(:func:`app.hearing.operations.update_answer`), checked by the core as the window's typing is."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from app.core.errors import UserError, ValidationFailed
from app.core.messages import Help

if TYPE_CHECKING:
    from app.core.content.model import Column, Item, Localized
    from app.core.context import CliContext
    from app.hearing.checklist import ItemRef as ChecklistRef
    from app.hearing.model import AnswerStatus

# The answer's fields an option sets besides the value (option's dest -> the answer's field), in the order said.
FIELDS = {"status": "status", "note": "note", "answered_by": "answered_by", "follow_up_owner": "followup_owner",
          "follow_up_due": "followup_due", "follow_up_done": "followup_done"}  # fmt: skip


def add_parser(sub: Any) -> None:
    q = sub.add_parser("answer", help=Help(key="cli.help.hearing_answer"))
    q.add_argument("--project", required=True, metavar="ID_OR_NAME", help=Help(key="cli.help.project_id"))
    q.add_argument("--item", required=True, metavar="ITEM", help=Help(key="cli.help.hearing_item"))
    q.add_argument("--value", metavar="TEXT", help=Help(key="cli.help.hearing_value"))
    q.add_argument("--row", action="append", nargs="+", metavar="COLUMN=VALUE", help=Help(key="cli.help.hearing_row"))
    q.add_argument("--add-rows", action="store_true", help=Help(key="cli.help.hearing_add_rows"))
    q.add_argument("--later", action="store_true", help=Help(key="cli.help.hearing_later"))
    q.add_argument("--hypothesis", action="store_true", help=Help(key="cli.help.hearing_hypothesis"))
    q.add_argument("--status", metavar="STATUS", help=Help(key="cli.help.hearing_status"))
    q.add_argument("--note", metavar="TEXT", help=Help(key="cli.help.hearing_note"))
    q.add_argument("--answered-by", metavar="NAME", help=Help(key="cli.help.hearing_answered_by"))
    q.add_argument("--follow-up-owner", metavar="NAME", help=Help(key="cli.help.hearing_follow_up_owner"))
    q.add_argument("--follow-up-due", metavar="DATE", help=Help(key="cli.help.hearing_follow_up_due"))
    q.add_argument("--base", metavar="UPDATED_AT", help=Help(key="cli.help.hearing_base"))
    done = q.add_mutually_exclusive_group()
    done.add_argument("--follow-up-done", dest="follow_up_done", action="store_const", const=True, help=Help(key="cli.help.hearing_follow_up_done"))
    done.add_argument("--follow-up-open", dest="follow_up_done", action="store_const", const=False, help=Help(key="cli.help.hearing_follow_up_open"))


def status_named(ctx: CliContext, typed: str) -> AnswerStatus:
    """The status ``typed`` names: its name in either language as the page shows it (要フォロー, Needs follow-up;
    回答済み as the input method writes 回答済), full-width or half-width, any case, or its id (follow_up); else refused
    naming the statuses."""
    from app.core.i18n import typed_key
    from app.core.messages import Label, Many
    from app.hearing.model import AnswerStatus, status_label

    library, key = ctx.workspace.library, typed_key(typed)
    for status in AnswerStatus:
        names = {typed_key(status.value), typed_key(status_label(status, "ja", library)), typed_key(status_label(status, "en", library))}
        if key in names or key in {name + "み" for name in names if name.endswith("済")}:  # 回答済み, as the IME writes it
            return status
    labels = Many(tuple(Label(ja=status_label(s, "ja", library), en=status_label(s, "en", library)) for s in AnswerStatus))
    raise UserError(key="hearing_cli.bad_status", value=typed, allowed=labels)


def _column_named(item: Item, typed: str) -> Column:
    from app.core.i18n import typed_key
    from app.core.messages import ItemRef, Many

    key = typed_key(typed)
    for column in item.columns:
        if key in {typed_key(column.id), typed_key(column.label.ja), typed_key(column.label.en)}:
            return column
    raise UserError(key="hearing_cli.bad_column", item=ItemRef(item.id), typed=typed,
                    columns=Many(tuple(column.label for column in item.columns)))  # fmt: skip


EQUALS = re.compile("[=\uff1d]")  # COLUMN=VALUE: = or the input method's full-width ＝ (hearing --row, wbs set)


def typed_rows(item: Item, rows: list[list[str]]) -> list[dict[str, Any]]:
    """``--row 名前=販売実績 場所=S3`` (one option a row, a cell ``COLUMN=VALUE``, the column by its label in either
    language or its id) as the table's rows, each cell as typed into the table (:func:`typed_cell`: a choice's label
    as its option, はい as a tick); the answer then checks them as the window's cells."""
    from app.core.messages import ItemRef
    from app.hearing.model import typed_cell

    out: list[dict[str, Any]] = []
    for n, cells in enumerate(rows, start=1):
        row: dict[str, Any] = {}
        named: set[str] = set()
        for cell in cells:
            split = EQUALS.search(cell)  # = or the input method's full-width ＝, the first of either
            if split is None:
                raise UserError(key="hearing_cli.bad_cell", item=ItemRef(item.id), row=n, cell=cell, column=item.columns[0].label)
            column = _column_named(item, cell[:split.start()])
            if column.id in named:
                raise UserError(key="hearing_cli.cell_twice", item=ItemRef(item.id), row=n, column=column.label)
            named.add(column.id)
            if (text := cell[split.end():].strip()) != "":  # an empty cell is no cell, as in the window's table
                row[column.id] = typed_cell(column, text)
        out.append(row)
    return out


def find_item(ctx: CliContext, typed: str) -> Item:
    """The hearing item ``typed`` names: its id, or its label in either language, full-width or half-width
    (:func:`app.hearing.checklist.items_named`, as ``import hearing-sheet --prefer-sheet`` reads them); else the System
    planning page's item it names (``hearing follow-ups`` lists those too); none or several: refused in one line (none:
    naming the labels nearest to what was typed, and where the items are listed)."""
    from app.core.messages import Many
    from app.hearing.checklist import items_named
    from app.hearing.followups import paged_refs

    refs = paged_refs(ctx.workspace.library)
    found = items_named([ref for ref, page in refs if page is None], typed)
    if not found:  # the System planning page's (its follow-ups are listed here too)
        found = items_named([ref for ref, page in refs if page is not None], typed)
    if not found:
        if near := _nearest(ctx, refs, typed):
            raise UserError(key="hearing_cli.no_item_near", typed=typed, near=Many(tuple(near)))
        raise UserError(key="hearing_cli.no_item", typed=typed)
    if len(found) > 1:
        raise UserError(key="hearing_cli.ambiguous_item", typed=typed, items=Many(tuple(f"{i.label.get(ctx.ui_lang)} [{i.id}]" for i in found)))
    return found[0]


def _nearest(ctx: CliContext, refs: list[tuple[ChecklistRef, Localized | None]], typed: str) -> list[str]:
    """The labels (in the UI's language, a System planning item's with its page) of the items whose label in either
    language or id is nearest to ``typed`` (a label of an older version of the checklist: 保守改修 → 保守改修の進め方), at most three."""
    import difflib

    from app.core.i18n import typed_key

    names: dict[str, str] = {}
    for ref, page in refs:
        shown = item_label(ctx, ref.item, page)
        for name in (ref.item.id, ref.item.label.ja, ref.item.label.en):
            names.setdefault(typed_key(name), shown)
    close = difflib.get_close_matches(typed_key(typed), list(names), n=6, cutoff=0.6)
    return list(dict.fromkeys(names[key] for key in close))[:3]


def item_page(ctx: CliContext, item: Item) -> Localized | None:
    """The page ``item`` is on when it is not the hearing's (the System planning page's title), else None."""
    from app.hearing.followups import paged_refs

    return next((page for ref, page in paged_refs(ctx.workspace.library) if ref.item.id == item.id), None)


def item_label(ctx: CliContext, item: Item, page: Localized | None) -> str:
    """The item's label in the UI's language, a System planning item's with its page (「保守改修の進め方(システム化計画)」),
    as ``hearing follow-ups`` names it."""
    label = item.label.get(ctx.ui_lang)
    return label if page is None else ctx.say(key="hearing_cli.on_page", item=label, page=page.get(ctx.ui_lang))


def _value(ctx: CliContext, item: Item, project_id: int) -> tuple[str, Any] | None:
    """The field ``--value`` / ``--row`` set ("value", or "later" with ``--later``) and what goes in it; None for neither."""
    from app.core.content.model import AnswerKind
    from app.core.messages import ItemRef

    args = ctx.args
    field = "later" if args.later else "value"
    if args.later and not item.now_later:  # even "": nothing to clear on an item asked as one value
        raise ValidationFailed(key="answer.not_now_later", item=ItemRef(item.id))
    if args.row is not None or args.add_rows:
        if item.kind != AnswerKind.TABLE:
            raise UserError(key="hearing_cli.rows_of_a_table", item=ItemRef(item.id))
        if args.value is not None:
            raise UserError(key="hearing_cli.value_or_rows", item=ItemRef(item.id))
        rows = typed_rows(item, args.row or [])
        if args.add_rows:  # after the rows stored (as the window's + Row at the end)
            from app.hearing.answers import AnswerService, table_rows

            rows = table_rows(getattr(AnswerService(ctx.workspace.db, ctx.workspace.library).answer(project_id, item.id), field)) + rows
        return field, rows
    if args.value is None:
        return None
    value: Any = args.value
    if item.kind == AnswerKind.TABLE:
        if value.strip():  # rows come cell by cell (--row); "" clears them
            raise UserError(key="hearing_cli.table_item", item=ItemRef(item.id), column=item.columns[0].label)
        value = []
    elif item.kind == AnswerKind.CHECK and value.strip():  # words, read as the hearing sheet reads its cell: なし unticked
        from app.hearing.sheet_cells import check_answer

        value = check_answer(item, value, ctx.ui_lang)
    return field, value


def answer(ctx: CliContext, project_id: int, status_text: Any) -> None:
    item = find_item(ctx, ctx.args.item)
    page = item_page(ctx, item)
    with page_named(item, page):  # a System planning item's refusals name its page, as its lines below do
        _answer(ctx, project_id, item, item_label(ctx, item, page), status_text)


def _answer(ctx: CliContext, project_id: int, item: Item, named: str, status_text: Any) -> None:
    from app.core import operations as ops
    from app.hearing import operations as hearing_ops
    from app.hearing.model import format_value

    args = ctx.args
    fields: dict[str, Any] = {}
    if (set_value := _value(ctx, item, project_id)) is not None:
        fields[set_value[0]] = set_value[1]
    for dest, field in FIELDS.items():
        if (given := getattr(args, dest)) is not None:
            fields[field] = status_named(ctx, given) if dest == "status" else given
    if not fields:
        raise UserError(key="hearing_cli.nothing_to_answer")
    _refuse_contradictions(ctx, item, project_id, fields, hypothesis := args.hypothesis and set_value is not None)
    # the same operation as the item editor's: checked by the item's kind (a number, a date, a choice by its label)
    op = hearing_ops.update_answer(project_id, item.id, source="cli", as_hypothesis=hypothesis, unchanged_since=_since(args.base), **fields)
    change = ops.run(ctx.workspace, op, project_id)
    after, label = change.detail.after, named
    if set_value is not None and args.later:
        label = ctx.say(key="hearing_cli.later_of", item=label)
    if not change.changed:
        print(ctx.say(key="hearing_cli.unchanged", item=label, status=status_text(ctx, after)))
        return
    if set_value is not None:
        field = set_value[0]
        value_text = format_value(item, getattr(after, field), ctx.ui_lang)  # the field set, as the page shows it
        if hypothesis and value_text:
            print(ctx.say(key="hearing_cli.hypothesis_saved", item=label, value=value_text))
        elif not value_text:
            print(ctx.say(key="hearing_cli.cleared", item=label, status=status_text(ctx, after)))
        else:
            print(ctx.say(key="hearing_cli.saved", item=label, value=value_text, status=status_text(ctx, after)))
        _say_order(ctx, project_id, item.id)
    others = [field for field in FIELDS.values() if field in fields]
    if others:
        from app.core.messages import Many

        names = Many(tuple(_field_names()[field] for field in others))
        print(ctx.say(key="hearing_cli.fields_saved", item=named, fields=names, status=status_text(ctx, after)))


def _say_order(ctx: CliContext, project_id: int, item_id: str) -> None:
    """A date saved out of order with another (a PoC end before its start): said on stderr as the Hearing page says
    it under the date, the value kept (the command succeeds)."""
    import sys

    from app.hearing import AnswerService, order_warning

    answers = AnswerService(ctx.workspace.db, ctx.workspace.library)
    warning = order_warning(item_id, lambda other: answers.answer(project_id, other).value)
    if warning is not None:
        print(warning.text(ctx.ui_lang, ctx.workspace.library), file=sys.stderr)


@contextmanager
def page_named(item: Item, page: Localized | None) -> Iterator[None]:
    """A refusal naming ``item`` (a parameter :class:`~app.core.messages.ItemRef` of it, the core's or this
    command's) names the page it is on too when that is not the hearing's: 「データソース(システム化計画) は表ではありません…」,
    as the lines the command prints and ``hearing follow-ups`` name it."""
    from app.core.messages import ItemRef, Message, render

    try:
        yield
    except UserError as error:
        if page is None or error.key is None:
            raise
        named = {name: Message(key="hearing_cli.on_page", item=value, page=page) for name, value in error.params.items()
                 if isinstance(value, ItemRef) and value.item_id == item.id}  # fmt: skip
        if named:
            error.params = error.params | named
            error.message = render(error.key, error.params, "en")
            error.args = (error.message,)
        raise


def _since(typed: str | None) -> Any:
    """``--base``: the ``updated_at`` ``hearing list --json`` showed (``null``: never answered) as the core's Since."""
    import datetime as dt

    from app.hearing.operations import Since

    if typed is None:
        return None
    if typed.strip().lower() in ("null", "none", ""):
        return Since(None)
    try:
        return Since(dt.datetime.fromisoformat(typed.strip()))
    except ValueError:
        raise UserError(key="hearing_cli.bad_base", value=typed) from None


def _refuse_contradictions(ctx: CliContext, item: Item, project_id: int, fields: dict[str, Any], hypothesis: bool) -> None:
    """What the item editor cannot be made to do, refused in one line before anything is written: a hypothesis
    (``--hypothesis`` with a value: kept 未確認 until the meeting confirms it) given the status 回答済 or 対象外, and a
    follow-up's owner, due date or done given to an item that is not 要フォロー (the editor shows them only then; the
    follow-ups list and export leave it out). Clearing them is always allowed."""
    from app.core.messages import ItemRef
    from app.hearing.model import DONE_STATUSES, AnswerStatus, status_label

    library = ctx.workspace.library
    if hypothesis and fields.get("status") in DONE_STATUSES:
        raise UserError(key="hearing_cli.hypothesis_and_status", item=ItemRef(item.id), status=status_label(fields["status"], ctx.ui_lang, library))
    follow_up = {k: v for k, v in fields.items() if k.startswith("followup_") and v not in ("", False)}
    if follow_up:
        from app.hearing.answers import AnswerService

        status = fields.get("status") or AnswerService(ctx.workspace.db, library).answer(project_id, item.id).status
        if status != AnswerStatus.FOLLOW_UP:
            raise UserError(key="hearing_cli.not_follow_up", item=ItemRef(item.id), status=status_label(status, ctx.ui_lang, library))


def _field_names() -> dict[str, Any]:
    """Each field :data:`FIELDS` sets, as the item editor labels it."""
    from app.core.messages import Message

    return {"status": Message(key="hearing_cli.field_status"), "note": Message(key="hearing_cli.field_note"),
            "answered_by": Message(key="hearing_cli.field_answered_by"), "followup_owner": Message(key="hearing_cli.field_followup_owner"),
            "followup_due": Message(key="hearing_cli.field_followup_due"), "followup_done": Message(key="hearing_cli.field_followup_done")}  # fmt: skip

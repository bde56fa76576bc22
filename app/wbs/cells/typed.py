"""Each column of the WBS table by its header, and the text typed into a task's cells read as the table reads it.

The window's table (app/ui/wbs/columns.py) heads its columns with :data:`HEADERS`; a column is named by that
header in either language, by its field's label (the Excel sheet's heading: 見積(人日)) or by its key, width-blind
(:func:`column_named`: ＰＲＩＯＲＩＴＹ, 優先度, priority). :func:`typed_cells` reads what is typed for one task's cells
as the table's editors take it, and refuses what they refuse, before anything is written:

- a priority or status by its label in either language and width (the lists: :meth:`~app.wbs.catalog.Catalog.typed`),
  never left empty; an owner role or phase by its label, else kept as typed (their lists are editable);
- a date as the date cells take it (2026/12/24, 2026年12月24日, full-width digits; empty: no date);
- the estimate as its number box takes it: digits in either width with at most :data:`ESTIMATE_DECIMALS` decimals
  (３, 2.5), never emptied;
- a tick as yes or no in either language (はい, いいえ, Yes, No), as the Excel import reads its cell;
- predecessors as outline codes with their lag (1.2, 3.1+2; empty: none) (:func:`~app.wbs.model.parse_dependencies`);
- a title one line (:func:`~app.wbs.checks.one_line_title`); a read-only column, or a summary task's estimate, dates
  and status (they follow from its sub-tasks), refused naming the column by its header.

The values are then checked by the task's own rules (:func:`~app.wbs.checks.clean_fields`), as every edit is.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from app.core.errors import FieldRefused, ValidationFailed
from app.core.i18n import typed_key
from app.core.messages import Label
from app.wbs.checks import MAX_ESTIMATE, clean_fields, one_line_title
from app.wbs.model import ROLLED_UP_FIELDS, Dependency, WbsTree, field_name, parse_dependencies, table_fields

if TYPE_CHECKING:  # (the window's table reads HEADERS at start: the catalogue and the sheet come with a typed cell)
    from app.wbs.catalog import Catalog

# Each table column's header, as the window shows it (by the column's key: the predecessors column edits ``dependencies``).
HEADERS: dict[str, Label] = {
    "title": Label(ja="WBS / タスク", en="WBS / Task"),
    "priority": Label(ja="優先度", en="Priority"),
    "status": Label(ja="状況", en="Status"),
    "owner_role": Label(ja="担当ロール", en="Owner role"),
    "owner_name": Label(ja="担当者", en="Owner"),
    "estimate_days": Label(ja="人日", en="Days"),
    "start": Label(ja="開始日", en="Start"),
    "finish": Label(ja="終了日", en="Finish"),
    "predecessors": Label(ja="先行タスク", en="Predecessors"),
    "completion_condition": Label(ja="完了条件", en="Completion condition"),
    "expected_output": Label(ja="完成イメージ", en="Expected output"),
    "agreed": Label(ja="顧客合意", en="Agreed"),
    "phase": Label(ja="フェーズ", en="Phase"),
    "milestone": Label(ja="マイルストーン", en="Milestone"),
    "not_before": Label(ja="開始可能日", en="Not before"),
    "notes": Label(ja="備考", en="Notes"),
    "description": Label(ja="説明", en="Description"),
    "origin": Label(ja="生成元(理由)", en="Why (origin)"),
}
ESTIMATE_DECIMALS = 3  # the estimate's box takes an hour of an 8-hour person-day (0.125), no finer

# Each column's task field and kind, in the table's order (app/wbs/model.py: Task, with each column).
FIELD_OF: dict[str, str] = {column.key or name: name for name, column in table_fields()}
KIND_OF: dict[str, str] = {column.key or name: column.kind for name, column in table_fields()}
_OWN_LISTS = ("owner_role", "phase")  # choices the user may type a value of their own into (or leave empty)


def _names(column: str) -> set[str]:
    name, header = FIELD_OF[column], HEADERS[column]
    label = field_name(name)
    return {typed_key(text) for text in (column, name, header.ja, header.en, label.ja, label.en)}


_BY_NAME: dict[str, str] = {typed: column for column in reversed(FIELD_OF) for typed in _names(column)}


def column_named(typed: str) -> str | None:
    """The column ``typed`` names (its key): its header or its field's label in either language, or its key, in either
    width, any case, with or without spaces; None for none."""
    return _BY_NAME.get(typed_key(typed)) if typed.strip() else None


def settable_columns() -> tuple[str, ...]:
    """The columns a value can be typed into, in the table's order (the read-only ones left out)."""
    return tuple(column for column, kind in KIND_OF.items() if kind != "readonly")


@dataclass(frozen=True)
class TypedCells:
    """What was typed for one task's cells: its fields, checked (:func:`~app.wbs.checks.clean_fields`), and its
    predecessors (None: not typed)."""

    fields: dict[str, Any]
    dependencies: list[Dependency] | None = None


def typed_cells(tree: WbsTree, cat: Catalog, task_id: int | None, cells: Mapping[str, str]) -> TypedCells:
    """The texts ``cells`` (column key -> what was typed) for the task ``task_id`` of ``tree`` (None: a task about to
    be added) read as the table reads them (see the module's docstring); the first cell refused raises a
    :class:`~app.core.errors.UserError` naming its column."""
    summary = task_id is not None and tree.has_children(task_id)
    fields: dict[str, Any] = {}
    links: list[Dependency] | None = None
    for column, text in cells.items():
        name, kind = FIELD_OF[column], KIND_OF[column]
        if kind == "readonly":
            raise ValidationFailed(key="wbs.cell_read_only", field=HEADERS[column])
        if summary and name in ROLLED_UP_FIELDS:  # not edited on a summary's row: it follows its sub-tasks
            raise ValidationFailed(key="wbs.follows_sub_tasks", field=HEADERS[column])
        if kind == "deps":
            links = parse_dependencies(text, tree, task_id)
        else:
            fields[name] = _typed(column, name, kind, text, cat)
    return TypedCells(clean_fields(fields, cat.priority_keys), links)


def _typed(column: str, name: str, kind: str, text: str, cat: Catalog) -> Any:
    """One cell's text as its editor hands it on (dates and texts as typed: the task's check reads them)."""
    if kind == "title":
        one_line_title(text)  # rows pasted from a spreadsheet: refused, never joined into one title
        return text
    if kind in ("choice", "number", "check") and not text.strip() and name not in _OWN_LISTS:
        raise ValidationFailed(key="wbs.cell_not_cleared", field=HEADERS[column])  # a list, a box or a tick: never empty
    if kind == "choice":
        return cat.typed(name, text)
    if kind == "number":
        return estimate_typed(name, text)
    if kind == "check":
        return yes_no(name, text)
    return text


_NUMBER = re.compile(r"([-+−]?)(\d*)\.?(\d*)")


def estimate_typed(name: str, text: str) -> str:
    """A number as the estimate's box takes it: digits in either width (「２．５」 is 2.5) and a point, at most
    :data:`ESTIMATE_DECIMALS` decimals; no unit or separator (the box takes no key but these). A sign is read as one
    (「-3」 is a number, below the range: refused as out of range, as the window says it, never as no number). The
    text, for the task's check to read and range (its refusal says the value as typed)."""
    folded = unicodedata.normalize("NFKC", text).strip()
    match = _NUMBER.fullmatch(folded)
    if match is None or not (match[2] or match[3]):
        raise FieldRefused(field_name(name), text, key="field.not_a_number")
    if len(match[3]) > ESTIMATE_DECIMALS:
        raise FieldRefused(field_name(name), text, key="wbs.estimate_decimals", decimals=ESTIMATE_DECIMALS)
    if match[1] and match[1] != "+" and float(f"0{match[2]}.{match[3]}0") > 0:
        raise FieldRefused(field_name(name), text, key="field.out_of_range", limit=int(MAX_ESTIMATE))
    return folded[len(match[1]):]


def yes_no(name: str, text: str) -> bool:
    """A tick typed as a word: yes or no in either language and width (はい, いいえ, ＹＥＳ, ✓), as the sheet's cell reads."""
    from app.wbs.files.sheet import FALSE_WORDS, TRUE_WORDS

    folded = unicodedata.normalize("NFKC", text).strip().casefold()
    if folded in TRUE_WORDS:
        return True
    if folded in FALSE_WORDS:
        return False
    raise FieldRefused(field_name(name), text, key="wbs.not_yes_no")

"""The cells of an edited WBS workbook read as task values, or refused with the row and the column.

A cell reads as the export wrote it: the scale's, statuses', roles' and phases' labels in either
language, dates, numbers, yes / no, predecessors as outline codes. A formula cell is read as its
formula text, never as a cached value.

What the export writes of a task (:func:`shown_cells`, :func:`written_cell`) is here too, so that the
import compares the app's values now in the very form the export wrote its baseline in
(:func:`written_values`): control characters shown as their symbols, a text cut at Excel's 32,767
characters, labels for keys, yes / no.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from app.core.errors import RefusedImportError, ValidationFailed, shown
from app.core.files.xlsx_guard import value_rows
from app.core.files.xlsx_style import CUT_MARK, cell_text, date_cell, is_cut, past_the_cut
from app.core.i18n import Lang
from app.core.messages import Label, Many, Message
from app.wbs.catalog import LABELLED, Catalog
from app.wbs.checks import clean_fields
from app.wbs.files.sheet import (
    BASELINE,
    BY_KEY,
    COLUMNS,
    FALSE_WORDS,
    IMPORTED,
    LISTS_SHEET,
    META_SHEET,
    NO,
    TRUE_WORDS,
    YES,
    column_for_header,
)
from app.wbs.model import (
    Dependency,
    Rollup,
    Status,
    Task,
    WbsTree,
    field_name,
    format_dependencies,
    parse_dependencies,
)


def plain(value: Any) -> Any:
    """A cell value as text, number, bool or date; an array or data-table formula as its text. (A
    control character the file escapes, _x000D_, was read as itself when the workbook was opened:
    :func:`app.core.files.xlsx_guard.unescape_text`.)"""
    if value is None or isinstance(value, str | int | float | bool | dt.date | dt.time | dt.timedelta):
        return value
    text = getattr(value, "text", None)
    return f"={text.lstrip('=')}" if isinstance(text, str) else str(value)


def sheet_rows(sheet: Any, where: dict[str, int], last_row: int, lang: Lang) -> Iterator[tuple[int, dict[str, Any]]]:
    """The rows below the header up to ``last_row`` that hold a value of their own (a WBS code or an origin
    alone is none), each as {column key: the cell as read (:func:`plain`)}, ``where`` giving each key's column:

    - a merged cell's value on every row it covers (a customer merges the cells of rows with the same
      phase, owner or agreement), in the range's first column (a range merged across columns gives the
      columns after its first nothing, as before: a title spread over 3 columns is not their value);
    - a number or a date in a text column (not dates, numbers or ids: :attr:`Column.typed`) as the cell's
      number format shows it in Excel (12/21 typed into 備考 of a new row, which Excel made a date shown
      12/21, is 「12/21」), as the hearing sheet reads its text cells (a ``lang`` export's short dates).
    """
    text_columns = {n for key, n in where.items() if not BY_KEY[key].typed}
    covered: dict[tuple[int, int], tuple[int, int]] = {}  # (row, column) -> the merged range's first cell
    for merged in sheet.merged_cells.ranges:
        if merged.min_row >= 2:  # (a header merged down over row 2 gives it nothing)
            for row in range(merged.min_row + 1, min(merged.max_row, last_row) + 1):
                covered[(row, merged.min_col - 1)] = (merged.min_row, merged.min_col - 1)

    def read(number: int, n: int, value: Any) -> Any:
        value = plain(value)
        if n in text_columns and isinstance(value, int | float | dt.date | dt.time) and not isinstance(value, bool):
            from app.hearing import shown_value

            return shown_value(sheet.cell(number, n + 1), lang)  # (else a date as 2026-12-21)
        return value

    last_column = max(where.values()) + 1  # only the columns read
    for number, cells in enumerate(sheet.iter_rows(min_row=2, max_row=last_row, max_col=last_column, values_only=True), start=2):
        raw = {key: read(number, n, cells[n]) if n < len(cells) else None for key, n in where.items()}
        if all(v is None or str(v).strip() == "" for k, v in raw.items() if k not in ("code", "origin")):
            continue
        for key, n in where.items():
            first = covered.get((number, n))
            if first is not None and raw[key] is None:
                raw[key] = read(first[0], n, sheet.cell(first[0], n + 1).value)
        yield number, raw


def added_columns(sheet: Any) -> tuple[list[str], list[str]]:
    """The columns a loaded ``sheet`` has and the WBS has not (「顧客コメント」, inserted by the customer) with
    something typed below them: not imported, and said so, by their heading as the sheet shows it (a number,
    a date: 2027/1/15), or by their letter when they have none; and the Gantt area's weeks (dates right of
    the WBS's last column, the export's own) something was typed in (「遅れそう」 in a week cell), by their
    week (2027/1/11): the bars follow the dates, the text stays in the sheet only."""
    from openpyxl.utils import get_column_letter

    headings = {cell.column: cell.value for cell in sheet[1]}
    known = {c for c, v in headings.items() if isinstance(v, str) and v.strip() and column_for_header(v) is not None}
    last = max(known, default=0)

    def heading(column: int) -> str:
        value = headings.get(column)
        if isinstance(value, dt.datetime | dt.date):
            return f"{value.year}/{value.month}/{value.day}"
        if isinstance(value, bool) or value is None or not str(value).strip():
            return get_column_letter(column)
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value).strip()

    filled = {column for (row, column), cell in sheet._cells.items()
              if row >= 2 and column not in known and cell.value is not None and str(cell.value).strip()}
    weeks = {column for column in filled if column > last and isinstance(headings.get(column), dt.datetime | dt.date)}
    return [heading(column) for column in sorted(filled - weeks)], [heading(column) for column in sorted(weeks)]


def export_mark(exported_at: Any) -> str:
    """Which export a workbook is, as its tasks added from new rows record it ("" when unknown)."""
    if isinstance(exported_at, dt.datetime):
        return exported_at.isoformat(timespec="seconds")
    return str(exported_at or "").strip()


def json_cell(value: Any) -> Any:
    """A cell as read, as a JSON value (dates as ISO text) for a task's :class:`SheetRow`."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time | dt.timedelta):
        return str(value)
    return value


class RowError(Exception):
    """A row that cannot be read: :attr:`message` names the row and says why (the column by its label)."""

    def __init__(self, number: int, problem: object) -> None:
        self.message = Message(key="wbs.row_problem", row=number, problem=problem)
        super().__init__(str(self.message))


class Codes:
    """Outline codes to task ids as the sheet shows them (at export time), for parse_dependencies."""

    def __init__(self, codes: dict[str, int]) -> None:
        self.codes = codes

    def by_code(self) -> dict[str, int]:
        return self.codes


def code_text(value: Any) -> str:
    """A WBS code as typed (full-width digits read as digits: 「２．５」 is 2.5)."""
    import unicodedata

    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFKC", str(value if value is not None else "")).strip()


def differs(old: Any, new: Any) -> bool:
    if isinstance(old, Status):
        old = old.value
    if isinstance(new, Status):
        new = new.value
    if isinstance(old, float) or isinstance(new, float):
        if old is None or new is None:
            return old != new
        return abs(float(old) - float(new)) > 1e-9
    return (old or None) != (new or None) if not isinstance(old, bool) else old != new


def read_uid(value: Any, number: int) -> int | None:
    if value is None or str(value).strip() == "":
        return None
    try:  # (an underscore: float() reads 「1_5」 as 15, another task's id)
        number_value = 0.5 if isinstance(value, str) and "_" in value else float(value)
    except (TypeError, ValueError):
        number_value = 0.5
    if not number_value.is_integer() or number_value < 1:
        raise RowError(number, Message(key="wbs.not_a_task_id", field=field_name("uid"), value=shown(str(value))))
    return int(number_value)


def deps_text(value: Any) -> str:
    return ", ".join(part for part in " ".join(code_text(value).split()).replace(",", " ").split())


def read_deps(value: Any, codes: WbsTree, number: int) -> list[Dependency]:
    try:
        return parse_dependencies("" if value is None else code_text(value), codes)
    except ValidationFailed as exc:  # it names the field
        raise RowError(number, exc) from None


def _bool(value: Any, label: Label, number: int) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value or "").strip().casefold()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS or text == "":
        return False
    raise RowError(number, Message(key="wbs.not_yes_no", field=label, value=shown(str(value))))


LEFT_EMPTY = object()  # an empty priority or status: an existing task keeps its value, a new one gets the default


def read_field(key: str, value: Any, cat: Catalog, number: int) -> Any:
    column = BY_KEY[key]
    label = field_name(key)
    if column.kind == "date":
        value = date_cell(value)
    if column.kind == "bool":
        return _bool(value, label, number)
    try:
        if key in LABELLED:  # by its label, as the window's lists read it
            chosen = key in ("priority", "status")  # (an empty one: left as it is)
            found = cat.typed(key, (value or "") if chosen else value)
            if chosen and not found:
                return LEFT_EMPTY
            return Status(found) if key == "status" else found
        return clean_fields({key: value}, cat.priority_keys)[key]
    except ValidationFailed as exc:  # it names the field
        raise RowError(number, exc) from None


def row_values(raw: dict[str, Any], cat: Catalog, number: int) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for key in IMPORTED:
        if key in raw:
            value = read_field(key, raw[key], cat, number)
            if value is not LEFT_EMPTY:
                values[key] = value
    return values


def base_values(base: dict[str, Any], cat: Catalog) -> dict[str, Any]:
    """The cells as exported, read like the sheet's; a cell that no longer reads is left out (unknown)."""
    values: dict[str, Any] = {}
    for key in IMPORTED:
        if key not in base:
            continue
        try:
            value = read_field(key, base[key], cat, 0)
        except RowError:
            continue
        if value is not LEFT_EMPTY:
            values[key] = value
    return values


ROLLED = frozenset(Rollup._fields)  # a summary's rolled-up values


def shown_cells(task: Task, tree: WbsTree, cat: Catalog, lang: Lang, labels: dict[tuple[str, Any], Any] | None = None) -> dict[str, Any]:
    """A task's row as the export writes it, before :func:`written_cell`: labels for keys, yes / no, a
    summary's values rolled up, predecessors as outline codes (all columns but the origin).

    ``labels`` keeps the labels already looked up (a big plan repeats a few keys thousands of times). The texts
    the app wrote are in ``lang`` (:meth:`~app.wbs.catalog.Catalog.worded`): the import compares them so too."""
    labels = {} if labels is None else labels
    task = cat.worded(task, lang)
    rolled = tree.rollup(task.id)
    values: dict[str, Any] = {"code": tree.codes[task.id], "predecessors": format_dependencies(task, tree), "task_id": task.uid}
    for column in COLUMNS:
        key = column.key
        if key in values or key == "origin":
            continue
        value = getattr(rolled, key) if key in ROLLED else getattr(task, key)
        if column.kind == "bool":
            values[key] = (YES if value else NO)[lang]
        elif key in LABELLED:
            found = labels.get((key, value))
            if found is None:
                found = labels[(key, value)] = cat.label_of(key, value, lang)
            values[key] = found
        else:
            values[key] = value
    return values


def written_cell(value: Any, typed: bool) -> Any:
    """A cell as the export writes it (and keeps it in its baseline): a date or number of a ``typed``
    column as itself, anything else as text a workbook holds (:func:`~app.core.files.xlsx_style.cell_text`)."""
    if typed and value is not None and value != "" and not isinstance(value, str):
        return value
    return cell_text(value)


def written_values(
    task: Task, tree: WbsTree, cat: Catalog, lang: Lang, base: dict[str, Any] | None = None, exported: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A task's importable cells as an export in ``lang`` would write them now, read back as the
    baseline's are (:func:`base_values`): what the import compares with the cells as exported, so
    that a task nobody changed is unchanged, whatever the writer made of its text. A cell written
    as the baseline has it (``base``) is what the baseline reads as (``exported``), not read again."""
    shown = shown_cells(task, tree, cat, lang)
    cells = {key: written_cell(shown[key], BY_KEY[key].typed) for key in IMPORTED}
    base, exported = base or {}, exported or {}
    same = {key for key, c in cells.items() if key in exported and _as_written(base.get(key)) == c}
    return {key: exported[key] for key in same} | base_values({k: c for k, c in cells.items() if k not in same}, cat)


def _as_written(cell: Any) -> Any:
    """A baseline cell as read, in :func:`written_cell`'s form (a date cell reads as a date and time)."""
    if cell is None:
        return ""
    if isinstance(cell, dt.datetime) and cell.time() == dt.time():
        return cell.date()
    return cell


def uncut(new: Any, exported: Any, now: Any) -> Any:
    """The sheet's ``new`` text of a cell the export cut at Excel's limit (``exported``, ending with
    "…"), whose text the app still has whole (``now``): with the "…" still at its end, the customer
    edited what the sheet showed and the "…" stands for the text past the cut, which is kept; without
    it, nobody can tell where the rest belongs: None (the cell is not imported, the app keeps its
    whole text and the preview says so, as the hearing sheet does). Any other cell: ``new``."""
    if not (isinstance(new, str) and isinstance(now, str) and isinstance(exported, str)):
        return new
    if not exported.endswith(CUT_MARK) or not is_cut(now) or cell_text(now) != exported:
        return new
    return past_the_cut(new, now)


def wbs_sheet(book: Any, exported: str, path: Path) -> Any:
    """The WBS sheet: the one sheet headed as a WBS (a task ID and a title column), whatever its tab is called
    now (the customer renamed it, or named a sheet of their own 「WBS」), as a hearing sheet's renamed sheet is
    read; none such: the sheet of the name the export gave it (the import then says which heading it misses).
    Several (a copy of the sheet beside the original, a hidden one too) are refused, all named: which holds
    the customer's edits is theirs to say."""
    headed = [sheet for sheet in book.worksheets if sheet.title not in (META_SHEET, LISTS_SHEET) and headed_as_wbs(sheet)]
    if len(headed) > 1:
        names = tuple(Label(ja=f"{s.title}(非表示)", en=f"{s.title} (hidden)") if s.sheet_state != "visible" else s.title for s in headed)
        raise RefusedImportError(key="wbs.sheet_which", name=path.name, sheets=Many(names))
    if headed:
        return headed[0]
    if exported in book.sheetnames:
        return book[exported]
    raise RefusedImportError(key="wbs.sheet_lost", name=path.name, sheet=exported)


def headed_as_wbs(sheet: Any) -> bool:
    """Whether ``sheet``'s first row holds the WBS sheet's task ID and title headings (either language)."""
    first = next(sheet.iter_rows(min_row=1, max_row=1, values_only=True), ())
    found = {column.key for value in first if (column := column_for_header(value)) is not None}
    return {"task_id", "title"} <= found


def read_meta(book: Any, path: Path) -> tuple[dict[str, Any], dict[int, dict[str, Any]] | None]:
    """The meta sheet's key/value rows, and the cells as exported per task uid (None: an older export)."""
    if META_SHEET not in book.sheetnames:
        raise RefusedImportError(key="wbs.sheet_no_meta", name=path.name, sheet=Label(ja="書き出し情報", en=META_SHEET))
    meta: dict[str, Any] = {}
    baseline: dict[int, dict[str, Any]] | None = None
    keys: list[str | None] = []
    sheet = book[META_SHEET]
    for row in sheet.iter_rows(min_row=1, max_row=value_rows(sheet), values_only=True):
        if not row or row[0] is None or row[0] == "":
            continue
        if baseline is None and row[0] == BASELINE:
            baseline = {}
            keys = [str(k) if k else None for k in row[1:]]
            continue
        if baseline is None:
            meta[str(row[0])] = row[1] if len(row) > 1 else None
            continue
        try:
            uid = int(row[0])
        except (TypeError, ValueError):
            continue
        baseline[uid] = {k: plain(v) for k, v in zip(keys, row[1:], strict=False) if k}
    return meta, baseline

"""A table answer read back from a hearing sheet: its changes cell by cell, as the preview says
them (:class:`CellChange`), and the rows as sent when the app changed the table since.

The sheet's 行 / Row column numbers the rows as they were sent, not as the table is now: the rows as
sent are found again in the answer's history (by the fingerprint the sheet keeps), the customer's
edits are read against them, and carried over onto the table as it is now where the two sides
touched different rows (:func:`carry_over`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from app.core.content.model import AnswerKind, Column, ColumnKind, Item
from app.core.errors import RefusedImportError, shown
from app.core.files.xlsx_guard import cell_comments
from app.core.files.xlsx_style import cell_text, date_cell, sheet_date
from app.core.i18n import Lang, list_separator
from app.core.messages import ItemRef, Label, Many, Message
from app.hearing import sheet as hs
from app.hearing.answers import table_rows
from app.hearing.model import HistoryEntry, format_cell, format_value, is_empty, lf_lines
from app.hearing.sheet import fingerprint, is_cut
from app.hearing.sheet_cells import cell_value, shown_value, uncut

Rows = list[dict[str, Any]]


# --- which tab is which: found by its heading when the customer renamed it --------------------------


def table_header(item: Item, lang: Lang) -> list[str]:
    """A table sheet's first row as the export writes it: 行 / Row, then the columns' labels."""
    return [hs.t("row", lang)] + [c.label.get(lang) for c in item.columns]


def _first_row(sheet: Any, width: int) -> list[Any]:
    return list(next(sheet.iter_rows(min_row=1, max_row=1, max_col=width, values_only=True), ()))


def table_sheets(wb: Any, name: str, tables: dict[str, tuple[Item, str]], lang: Lang) -> tuple[dict[str, str], list[Message]]:
    """The tab each table item's rows are read from (``tables``: item id -> the item and the tab's
    name as exported, "" when the meta sheet lost it): the tab of that name headed as the table's;
    else (its tab renamed, two tabs' names swapped, the name lost) the one tab headed as the table's
    that no other table is read from (said, with both names); else the tab of that name, its columns
    changed (refused when read). Two such tabs for one table are refused naming both; a table with no
    tab is left out (:func:`missing_table` refuses it when its item is read). Returns the tabs found
    and what to say."""
    sheets = [s.title for s in wb.worksheets if s.title not in (hs.META, hs.LISTS)]
    heads: dict[tuple[str, int], list[Any]] = {}

    def headed_as(title: str, item: Item) -> bool:
        width = len(item.columns) + 1
        if (title, width) not in heads:
            heads[title, width] = _first_row(wb[title], width)
        return heads[title, width] == table_header(item, lang)

    found = {i: title for i, (item, title) in tables.items() if title in sheets and headed_as(title, item)}
    said: list[Message] = []
    for item_id, (item, title) in tables.items():
        if item_id in found:
            continue
        headed = [t for t in sheets if t not in found.values() and headed_as(t, item)]
        if len(headed) > 1:
            raise RefusedImportError(key="hearing_sheet.table_sheet_which", name=name, item=item.label, sheets=Many(tuple(headed)))
        if headed:
            found[item_id] = headed[0]
            said.append(Message(key="hearing_sheet.table_sheet_renamed", item=item.label, sheet=headed[0], exported=title) if title
                        else Message(key="hearing_sheet.table_sheet_found", item=item.label, sheet=headed[0]))
    for item_id, (_item, title) in tables.items():  # headed otherwise: its columns changed, said when it is read
        if item_id not in found and title in sheets and title not in found.values():
            found[item_id] = title
    for item_id, (item, title) in tables.items():  # a copy of a tab, answered in the copy: said, never left unread unsaid
        if found.get(item_id) == title and headed_as(title, item):
            said += [Message(key="hearing_sheet.table_sheet_not_read", sheet=t, item=item.label, read=title) for t in sheets
                     if t not in found.values() and headed_as(t, item)]
    return found, said


def missing_table(wb: Any, name: str, item: Item, exported: str, read: set[str]) -> RefusedImportError:
    """The refusal of a table item no tab was found for (:func:`table_sheets`), naming the tabs no part of
    the sheet was read from (``read``): the customer's, renamed with its header row edited too, is among
    them; with none, the tab by the name it was exported with (by the table's label when the meta sheet lost it)."""
    others = tuple(s.title for s in wb.worksheets if s.title not in read and s.title not in (hs.META, hs.LISTS))
    was = Message(key="hearing_sheet.exported_as", sheet=exported) if exported else ""
    if others:
        return RefusedImportError(key="hearing_sheet.table_sheet_changed", name=name, item=item.label, exported=was,
                                  count=len(others), sheets=Many(tuple(Label(ja=f"「{t}」", en=f"“{t}”") for t in others)))
    if exported:
        return RefusedImportError(key="hearing_sheet.sheet_missing", name=name, sheet=exported)
    return RefusedImportError(key="hearing_sheet.table_sheet_missing", name=name, item=item.label)  # its name lost from the meta sheet


def main_sheet(wb: Any, others: set[str], lang: Lang) -> tuple[Any | None, list[str]]:
    """The sheet of questions and answers: by the name the export gives it (ヒアリングシート / Hearing
    sheet, either language), wherever its tab was dragged to; else the first sheet (not a table's,
    nor the hidden lists or meta: ``others``) headed as the export heads it; else the first sheet of
    those, whose header the import then says was changed; None when every sheet left is a table's, the
    lists or meta. With it, the other sheets headed as it is (a tab copied, answered in the copy), which
    are not read."""
    others = others | {hs.META, hs.LISTS}
    sheets = {s.title: s for s in wb.worksheets}
    named = [t for t in (hs.t("sheet", lang), hs.t("sheet", "en" if lang == "ja" else "ja")) if t in sheets]
    candidates = [sheets[t] for t in named] + [s for s in wb.worksheets if s.title not in others and s.title not in named]
    if not candidates:
        return None, []
    sheet = next((s for s in candidates if headed(s, lang)), candidates[0])
    return sheet, [s.title for s in candidates if s is not sheet and headed(s, lang)]


def headed(sheet: Any, lang: Lang) -> bool:
    """Whether ``sheet``'s first row is the hearing sheet's header in ``lang``."""
    return _first_row(sheet, len(hs.COLUMNS)) == hs.header(lang)


COMMENTS_SAID = 8  # one by one; the others counted in one line


def comments_said(wb: Any, sheet: Any, titles: Iterable[str]) -> list[Message]:
    """The comments (メモ) on the cells of the main ``sheet`` and the table tabs (``titles``), said as not
    imported: each with its cell, the item of its row on the main sheet and its text (shortened), the
    consultant reads them; past :data:`COMMENTS_SAID` the others counted with their cells."""
    found = []
    for each in (sheet, *(wb[t] for t in dict.fromkeys(titles) if t in wb.sheetnames and t != sheet.title)):
        for row, cell, text in cell_comments(each):
            held = each._cells.get((row, hs.COL["id"])) if each is sheet else None  # (looking creates no cell)
            item = str(held.value) if held is not None and held.value not in (None, "") else ""
            found.append((f"{each.title}!{cell}", item, text))
    said = [Message(key="hearing_sheet.comment_item", cell=cell, item=ItemRef(item), text=text) if item
            else Message(key="hearing_sheet.comment", cell=cell, text=text) for cell, item, text in found[:COMMENTS_SAID]]
    if rest := found[COMMENTS_SAID:]:
        cells = tuple(cell for cell, _, _ in rest[:8]) + (("…",) if len(rest) > 8 else ())
        said.append(Message(key="hearing_sheet.comments_more", count=len(rest), cells=Many(cells)))
    return said


def columns_changed(name: str, sheet: Any, expected: list[Any]) -> RefusedImportError:
    """The refusal of a sheet whose first row is not ``expected``: the first heading that differs named
    by its cell, what it says and what it should say (「ご回答」 in G1 where 「回答」 was), so the
    customer's rewording can be put back; a reader cannot tell a reworded heading from a moved column."""
    from openpyxl.utils import get_column_letter

    found = _first_row(sheet, len(expected))
    found += [None] * (len(expected) - len(found))
    for n, (got, want) in enumerate(zip(found, expected, strict=True), start=1):
        if got != want:
            said = shown(str(got), 40) if got not in (None, "") else Label(ja="(空欄)", en="(empty)")
            return RefusedImportError(key="hearing_sheet.heading_changed", name=name, sheet=sheet.title,
                                      cell=f"{get_column_letter(n)}1", found=said, expected=str(want))
    return RefusedImportError(key="hearing_sheet.columns_changed", name=name, sheet=sheet.title)


def dates_as_sent(item: Item, raw: dict[str, Any], sent: Any, lang: Lang) -> dict[str, Any]:
    """The date cells of a row read back that still show the text the sheet wrote for a stored date
    no date cell holds (an earlier version's 9999/12/31, kept by an import: :func:`sheet_date`), taken
    out of ``raw`` and returned as stored: a row the customer left as it was is no bad date."""
    if not isinstance(sent, dict):
        return {}
    kept = {c.id: sent[c.id] for c in item.columns if c.kind == ColumnKind.DATE and c.id in raw and sent.get(c.id) is not None
            and sheet_date(sent[c.id]) is None and raw[c.id] == format_cell(c, sent[c.id], lang)}  # fmt: skip
    for key in kept:
        del raw[key]
    return kept


def texts_as_sent(item: Item, raw: dict[str, Any], sent: Any, lang: Lang) -> list[Column]:
    """The text cells of a row read back, set in ``raw`` as the stored texts they stand for where the
    sheet did not write a text as it is stored (:func:`~app.core.files.xlsx_style.cell_text`: control
    characters as their symbols, a text longer than a cell holds cut), as a text answer is read
    (:func:`app.hearing.sheet_cells.shown_texts`): left as written, the stored text; a cut cell edited
    with the closing … kept, the edit with the text past the cut after it
    (:func:`app.hearing.sheet_cells.uncut`); a cut cell edited otherwise, the stored text, and the
    column is returned (the preview says the edit was not read). Any other edit is read as typed."""
    if not isinstance(sent, dict):
        return []
    unread = []
    for column in item.columns:
        stored = sent.get(column.id)
        if column.kind != ColumnKind.TEXT or stored is None or column.id not in raw:
            continue  # (a cell cleared in the sheet: cleared, as the customer meant)
        full, typed = format_cell(column, stored, lang), str(raw[column.id])
        if typed == cell_text(full).strip():
            raw[column.id] = stored
            continue
        if not is_cut(full):
            continue
        whole = uncut(full, typed, lang)
        if whole is False:
            unread.append(column)
        raw[column.id] = stored if whole is False else whole
    return unread


def table_value(value: Any) -> Any:
    """A table answer as the preview holds it: its rows; a value of another kind (a text saved before
    the item became a table) as it is, said as its words and replaced by the sheet's rows knowingly."""
    return table_rows(value) if AnswerKind.TABLE.holds(value) else value


def table_cell(column: Column, cell: Any, lang: Lang) -> Any:
    """A table's cell as its column reads it: a date as the day it counts, a text as Excel showed it (5%)."""
    if column.kind == ColumnKind.TEXT:
        return shown_value(cell, lang)
    return cell_value(date_cell(cell.value) if column.kind == ColumnKind.DATE else cell.value)


def value_then(then: Callable[[], HistoryEntry | Literal[False] | None] | None) -> Any:
    """The answer's value as the sheet went out (None: none then); a value no answer has when not found."""
    entry = then() if then is not None else None
    return _NOT_FOUND if entry is False else (entry.value if entry is not None else None)


_NOT_FOUND = object()


def rows_as_sent(history: Sequence[HistoryEntry], sent: str) -> Rows | None:
    """The table's rows when the sheet went out: the newest state in ``history`` (oldest first) whose
    fingerprint is the sheet's ``sent``; [] when there was no answer yet; None when not found."""
    for entry in reversed(history):
        if fingerprint(entry) == sent:
            return [lf_lines(dict(row)) for row in entry.value or [] if isinstance(row, dict)]  # as the sheet reads them
    return [] if sent == fingerprint(None) else None


def carry_over(sent: Rows, now: Rows, rows: Rows, origins: Sequence[int | None]) -> Rows | None:
    """The customer's edits made on the table as it is now, or None when they cannot be told apart
    from the app's (the user then chooses a side).

    ``rows`` are the sheet's rows, each with the sent row it was (1-based; None for a row added in
    the sheet, as is a second copy of a row). A row the customer changed or removed must still be in
    the table unchanged; rows are never reordered; rows added in the sheet go at the end, unless the
    app has rows of its own since (added or edited: rows carry no identity to tell which).
    """
    where: dict[int, int] = {}  # a sent row (1-based) still in the table unchanged: its index now
    free = list(range(len(now)))
    for number, row in enumerate(sent, 1):
        at = next((i for i in free if now[i] == row), None)
        if at is not None:
            where[number] = at
            free.remove(at)
    kept: list[int] = []
    changed: dict[int, dict[str, Any]] = {}
    added: Rows = []
    for row, origin in zip(rows, origins, strict=True):
        if origin is None or origin in kept:
            added.append(row)
            continue
        kept.append(origin)
        if row != sent[origin - 1]:
            changed[origin] = row
    removed = [n for n in range(1, len(sent) + 1) if n not in kept]
    if kept != sorted(kept) or any(n not in where for n in (*changed, *removed)) or (added and free):
        return None
    merged = list(now)
    for origin, row in changed.items():
        merged[where[origin]] = row
    gone = {where[n] for n in removed}
    return [row for i, row in enumerate(merged) if i not in gone] + added


# --- what changed in a table, as the preview says it -----------------------------------------------

CellKind = Literal["added", "removed", "changed", "reordered", "lost"]

EMPTY = "—"


def one_line(text: str) -> str:
    return " ".join(text.split()) or EMPTY


def value_text(item: Item | None, value: Any, lang: Lang) -> str:
    """A stored value as the app shows it, on one line; an em dash when empty."""
    if is_empty(value):
        return EMPTY
    return one_line(format_value(item, value, lang))


def _cell_text(column: Column, value: Any, lang: Lang) -> str:
    return EMPTY if _blank(value) else one_line(format_cell(column, value, lang))


def _blank(value: Any) -> bool:
    return value is None or value == ""


def shorten(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


@dataclass(frozen=True)
class CellChange:
    """One difference in a table answer: a row added or removed, one cell changed, or the order.

    Rows are numbered from 1 as the customer sees them: changed and removed rows by their row as
    the sheet went out (its 行 / Row column), an added row by its row in the sheet's table. A
    ``lost`` row is one of the app's rows now (by its row in the app) that taking the sheet's value
    of a conflict removes: added or changed in the app since the sheet went out.
    """

    kind: CellKind
    row: int
    column: str | None = None  # the column's id, for a changed cell
    old: Any = None  # the cell's value; the whole row for a removed row; row numbers for the order
    new: Any = None
    item: Item | None = field(default=None, compare=False, repr=False)

    def _column(self) -> Column | None:
        columns = self.item.columns if self.item else []
        return next((c for c in columns if c.id == self.column), None)

    def _row_text(self, row: dict[str, Any] | None, lang: Lang) -> str:
        if not row:
            return EMPTY
        columns = self.item.columns if self.item else []
        cells = [_cell_text(c, row.get(c.id), lang) for c in columns if not _blank(row.get(c.id))]
        return list_separator(lang).join(cells) or EMPTY

    def where(self, lang: Lang) -> str:
        """``row 2, Kind`` / ``added row 4`` / ``removed row 2`` / ``row order``."""
        if self.kind == "changed":
            column = self._column()
            return Message(key="hearing_sheet.cell", row=self.row, column=column.label if column else self.column).text(lang)
        if self.kind == "reordered":
            return Message(key="hearing_sheet.reordered").text(lang)
        if self.kind == "added":
            return Message(key="hearing_sheet.added", row=self.row).text(lang)
        if self.kind == "lost":
            return Message(key="hearing_sheet.lost", row=self.row).text(lang)
        return Message(key="hearing_sheet.removed", row=self.row).text(lang)

    def _text(self, value: Any, lang: Lang) -> str:
        match self.kind:
            case "changed":
                column = self._column()
                return _cell_text(column, value, lang) if column else (EMPTY if _blank(value) else str(value))
            case "reordered":
                return list_separator(lang).join(str(n) for n in value)
        return self._row_text(value, lang)

    def old_text(self, lang: Lang) -> str:
        return self._text(self.old, lang)

    def new_text(self, lang: Lang) -> str:
        return self._text(self.new, lang)

    def line(self, lang: Lang, width: int | None = None) -> str:
        """One readable line, e.g. ``row 1, Kind: Image → Table`` or ``added row 4: Photos, Image``."""
        cut = (lambda text: shorten(text, width)) if width else (lambda text: text)
        if self.kind == "added":
            return f"{self.where(lang)}: {cut(self.new_text(lang))}"
        if self.kind in ("removed", "lost"):
            return f"{self.where(lang)}: {cut(self.old_text(lang))}"
        return f"{self.where(lang)}: {cut(self.old_text(lang))} → {cut(self.new_text(lang))}"


def lost_rows(item: Item, sent: Rows, now: Rows, rows: Rows) -> tuple[CellChange, ...]:
    """The app's rows now that taking the sheet's ``rows`` removes and the customer's own changes
    (read against ``sent``) do not already show: rows added or changed in the app since."""
    def taken(pool: Rows, row: dict[str, Any]) -> bool:
        if row in pool:
            pool.remove(row)
            return True
        return False

    kept = list(rows)
    gone = [(number, row) for number, row in enumerate(now, 1) if not taken(kept, row)]  # the app's rows the sheet has not
    said = list(sent)  # the sent rows the customer removed or changed: their lines say so
    for row in rows:
        taken(said, row)
    lost = [CellChange("lost", number, None, row, None, item) for number, row in gone if not taken(said, row)]
    return tuple(lost)


def cell_changes(
    item: Item, old_rows: list[dict[str, Any]], rows: list[dict[str, Any]], placed: list[tuple[int, int | None]]
) -> tuple[CellChange, ...]:
    """What changed in a table, row by row and cell by cell (the preview's lines)."""
    by_origin: list[CellChange] = []
    added: list[CellChange] = []
    kept: list[int] = []
    for row, (sheet_row, origin) in zip(rows, placed, strict=True):
        if origin is None or origin in kept:  # a second copy of a row is a new row
            added.append(CellChange("added", sheet_row, None, None, row, item))
            continue
        kept.append(origin)
        old = old_rows[origin - 1]
        for column in item.columns:
            before, after = old.get(column.id), row.get(column.id)
            if before != after and not (_blank(before) and _blank(after)):
                by_origin.append(CellChange("changed", origin, column.id, before, after, item))
    by_origin += [CellChange("removed", n, None, old, None, item) for n, old in enumerate(old_rows, 1) if n not in kept]
    by_origin.sort(key=lambda c: c.row)  # stable: a row's cells stay in column order
    order = [CellChange("reordered", 0, None, sorted(kept), kept, item)] if kept != sorted(kept) else []
    return tuple(by_origin + added + order)

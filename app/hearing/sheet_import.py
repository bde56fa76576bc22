"""Reading a hearing sheet the customer filled: a preview of the changes, then apply on confirm.

Everything is checked before anything is written: a sheet from another project, a changed
structure, a cell that does not fit its item, or a file that is not a workbook is refused with
one clear message and the database stays as it was.

The preview (dialog and CLI alike) shows what the user sees in the app, not what is stored:
option labels, joined multi-choice labels, numbers with their unit, and a table's changes cell
by cell, in the language asked for (:meth:`SheetChange.current_text`, :meth:`SheetPlan.describe`).
What the sheet holds that is not imported as typed is said in the preview, never dropped without a
word (:meth:`SheetPlan.notices`): a correction typed over 現在の回答, words on a row whose ID was
cleared or on an item this app's checklist lacks; a table conflict lists the app's rows taking the sheet's value would remove, and a table
item still holding a text (saved before the item became a table) names the text its rows replace.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from app.core.content.model import AnswerKind, Item
from app.core.errors import AnswerValueError, RefusedImportError, ValidationFailed, shown
from app.core.files.xlsx_guard import LIMITS, XlsxReport, macro_notice, open_workbook, value_rows
from app.core.i18n import Lang, format_date, list_separator, on_this_clock
from app.core.messages import ItemRef, Many, Message
from app.core.operations import Choice, refuse_if_deleted, side
from app.core.projects import ProjectService
from app.core.workspace import Workspace
from app.hearing import sheet as hs
from app.hearing.answers import AnswerService, table_rows
from app.hearing.model import MAX_TABLE_ROWS, Answer, HistoryEntry, is_empty, lf_answer, normalize_value
from app.hearing.sheet_cells import (
    COPIED,
    as_sent,
    cell_value,
    current_text,
    incoming,
    is_formula,
    shown_texts,
    shown_value,
    uncut,
    without_marker,
)
from app.hearing.sheet_tables import (
    EMPTY,
    CellChange,
    Rows,
    carry_over,
    cell_changes,
    columns_changed,
    comments_said,
    dates_as_sent,
    headed,
    lost_rows,
    main_sheet,
    missing_table,
    one_line,
    rows_as_sent,
    shorten,
    table_cell,
    table_header,
    table_sheets,
    table_value,
    texts_as_sent,
    value_text,
    value_then,
)

Field = Literal["value", "later", "note"]
ChangeKind = Literal["new", "changed"]
@dataclass(frozen=True)
class SheetChange:
    """One field of one answer that the sheet would change.

    ``label`` is in the sheet's language; the preview asks for texts in the UI's language
    (:meth:`title`, :meth:`current_text`, :meth:`incoming_text`, :meth:`kind_text`, ``cells``).
    """

    item_id: str
    label: str
    field: Field
    current: Any
    incoming: Any
    conflict: bool  # the app's answer changed since the export, and the sheet says something else
    item: Item | None = dataclasses.field(default=None, compare=False, repr=False)  # `field` is an attribute here
    cells: tuple[CellChange, ...] = ()  # a table answer's changes, cell by cell
    formula: bool = False  # the sheet's cell held a formula: its text is what is imported

    @property
    def kind(self) -> ChangeKind:
        """``new`` when the app has nothing there yet, ``changed`` when the sheet replaces something."""
        return "new" if is_empty(self.current) else "changed"

    def title(self, lang: Lang) -> str:
        """The item's label, with "(later)" or "(note)" for those fields."""
        label = self.item.label.get(lang) if self.item else self.label
        if self.field == "later":
            return Message(key="hearing_sheet.later", label=label).text(lang)
        if self.field == "note":
            return Message(key="hearing_sheet.note", label=label).text(lang)
        return label

    def _text(self, value: Any, lang: Lang) -> str:
        if self.field == "note":
            return EMPTY if not value else one_line(str(value))
        return value_text(self.item, value, lang)

    def current_text(self, lang: Lang) -> str:
        return self._text(self.current, lang)

    def incoming_text(self, lang: Lang) -> str:
        return self._text(self.incoming, lang)

    def kind_text(self, lang: Lang) -> str:
        if self.conflict:
            return Message(key="hearing_sheet.conflict").text(lang)
        if self.kind == "new":
            return Message(key="hearing_sheet.new").text(lang)
        return Message(key="hearing_sheet.changed").text(lang)

    def lines(self, lang: Lang, width: int = 60) -> list[str]:
        """The change as readable lines: one for the answer, then one per table cell change."""
        mark = "!" if self.conflict else ("+" if self.kind == "new" else "~")
        incoming = shorten(self.incoming_text(lang), width)
        if self.formula:
            incoming = Message(key="hearing_sheet.formula", value=incoming).text(lang)
        head = Message(key="hearing_sheet.line", mark=mark, title=self.title(lang),  # labels only, never the id
                       current=shorten(self.current_text(lang), width), incoming=incoming,
                       kind=self.kind_text(lang)).text(lang)
        return [head] + ["    " + cell.line(lang, width) for cell in self.cells]


@dataclass
class SheetPlan:
    project_id: int
    project_name: str
    exported_at: str
    lang: Lang
    changes: list[SheetChange] = field(default_factory=list)
    # Cells that held a formula (``Sheet!E5``): imported as the formula's text, never evaluated.
    formulas: list[str] = field(default_factory=list)
    macros: bool = False  # a macro-enabled workbook, read as data only
    file_name: str = ""
    # Items whose answer changed in the app after the preview read it (another window, a colleague):
    # kept as they are by apply_plan, never overwritten by what the preview showed against older values.
    kept_meanwhile: list[str] = field(default_factory=list)
    # What the sheet holds that the changes do not show: a correction typed over 現在の回答, words
    # typed on a row whose ID was cleared (said, never dropped without a word).
    said: list[Message] = field(default_factory=list)

    @property
    def conflicts(self) -> list[SheetChange]:
        return [c for c in self.changes if c.conflict]

    @property
    def items(self) -> list[str]:
        return sorted({c.item_id for c in self.changes})

    def summary(self, lang: Lang) -> str:
        """The preview's first line: whose sheet, exported when, how many changes and conflicts."""
        return Message(key="hearing_sheet.summary", project=self.project_name, exported=exported_text(self.exported_at, lang),
                       changes=len(self.changes), items=len(self.items), conflicts=len(self.conflicts)).text(lang)

    def describe(self, lang: Lang, width: int = 60) -> list[str]:
        """Every change as readable lines in ``lang`` (what the CLI's preview prints), then the notices."""
        return [line for change in self.changes for line in change.lines(lang, width)] + self.notices(lang)

    def notices(self, lang: Lang) -> list[str]:
        """What the preview should say besides the changes: formulas read as text, macros not run,
        cells read from 現在の回答 or not read at all."""
        lines = ["! " + message.text(lang) for message in self.said]
        if self.formulas:
            cells = list_separator(lang).join(self.formulas[:8]) + (" …" if len(self.formulas) > 8 else "")
            lines.append("! " + Message(key="hearing_sheet.formulas", count=len(self.formulas), cells=cells).text(lang))
        if self.macros:
            lines.append("! " + macro_notice(self.file_name, lang))
        return lines


def exported_text(exported_at: str, lang: Lang) -> str:
    """When the sheet was exported, as the language writes a date (2026/12/21 in Japanese), in local time."""
    try:
        when = dt.datetime.fromisoformat(exported_at)
    except ValueError:
        return exported_at or EMPTY
    if when.tzinfo is not None:
        when = on_this_clock(when)
    return format_date(when.date(), lang)


def _open(path: Path) -> tuple[Any, XlsxReport]:
    """The workbook, checked before it is parsed (size, cells, DOCTYPE...: :mod:`app.core.files.xlsx_guard`)."""
    return open_workbook(Path(path), LIMITS)


def read_plan(ws: Workspace, project_id: int, path: Path) -> SheetPlan:
    """Compare a filled sheet with the project; raise RefusedImportError if it does not belong here."""
    project = ProjectService(ws.db).get(project_id)
    name = Path(path).name
    wb, report = _open(Path(path))
    meta, meta_items = hs.read_meta(wb, name)
    if meta.get("project_uuid") != project.uuid:
        if meta.get("project_name") == project.name:  # a copy of this project, or one of another database
            raise RefusedImportError(key="hearing_sheet.namesake_project", name=name, project=project.name)
        raise RefusedImportError(key="hearing_sheet.other_project", name=name, sheet_project=meta.get("project_name") or EMPTY, project=project.name)
    lang: Lang = "en" if meta.get("lang") == "en" else "ja"
    tables = {i: (item, e["table_sheet"]) for i, e in meta_items.items()  # (a name lost from the meta sheet: "")
              if (item := ws.library.item(i)) is not None and item.kind == AnswerKind.TABLE}
    tabs, tabs_said = table_sheets(wb, name, tables, lang)  # a renamed tab found by its heading
    sheet, copies = main_sheet(wb, {e["table_sheet"] for e in meta_items.values()} | set(tabs.values()), lang)
    if sheet is None:  # deleted: said by its name, not by the columns of a table's sheet
        raise RefusedImportError(key="hearing_sheet.sheet_missing", name=name, sheet=hs.t("sheet", lang))
    if not headed(sheet, lang):
        raise columns_changed(name, sheet, hs.header(lang))
    service = AnswerService(ws.db, ws.library)
    answers = service.answers(project_id)
    plan = SheetPlan(project_id, project.name, meta.get("exported_at", ""), lang, macros=report.macros, file_name=name)
    if sheet.title != hs.t("sheet", lang):  # found by its heading: which sheet was read, said
        plan.said.append(Message(key="hearing_sheet.sheet_renamed", sheet=sheet.title, exported=hs.t("sheet", lang)))
    for copy in copies:  # a copy the customer may have answered in: said, never left unread unsaid
        plan.said.append(Message(key="hearing_sheet.sheet_not_read", sheet=copy, read=sheet.title))
    plan.said += tabs_said + comments_said(wb, sheet, tabs.values())  # the customer's comments: read by a person
    errors: list[Message] = []
    first_row: dict[str, int] = {}  # the row each item was first read on
    copied: list[Message] = []
    col = hs.COL
    for row in sheet.iter_rows(min_row=2, max_row=value_rows(sheet), max_col=len(hs.COLUMNS)):
        item_id = row[col["id"] - 1].value
        if item_id in (None, ""):
            _unidentified(sheet.title, row, plan, lang)  # a section row; typed into once its ID was cleared: said
            continue
        item_id = str(item_id)
        if item_id in first_row:  # a row copied in Excel (answered in the copy?): said as the copy it is, every one
            copied.append(Message(key="hearing_sheet.row_copy", row=row[0].row, first=first_row[item_id], item=ItemRef(item_id)))
            continue
        if item_id not in meta_items:
            raise RefusedImportError(key="hearing_sheet.unexpected_row", name=name, row=row[0].row, item=ItemRef(item_id))
        first_row[item_id] = row[0].row
        item = ws.library.item(item_id)
        if item is None:  # an item this app's checklist lacks (left it, or a newer one's): what was typed on it, said
            _unknown(wb, sheet.title, row, meta_items[item_id]["table_sheet"], item_id, plan, lang)
            continue
        current, sent_print = answers.get(item_id), meta_items[item_id]["fingerprint"]
        app_changed = hs.fingerprint(current) != sent_print
        current = current and lf_answer(current)  # compared as the sheet reads it back: line breaks as \n
        history = functools.cache(functools.partial(service.history, project_id, item_id))  # read only when needed
        sent = (lambda history=history, sent_print=sent_print: as_sent(history(), sent_print)) if app_changed else None
        fields: list[tuple[Field, Any]] = [("value", None)]  # a table's answer is on its own sheet
        if item.kind != AnswerKind.TABLE:
            fields = [("value", row[col["answer"] - 1])]
            if item.now_later:
                fields.append(("later", row[col["answer_later"] - 1]))
        for fld, cell in fields:
            shown_cell = row[col["current" if fld == "value" else "current_later"] - 1]  # 現在の回答 as sent
            _read_field(sheet.title, item, fld, cell, shown_cell, current, sent, lang, plan, errors)
        note_cell = row[col["note"] - 1]
        note = shown_value(note_cell, lang)  # words: 5% as typed, not 0.05
        if note not in (None, ""):
            note = str(note)
            existing = current.note if current else ""
            if note not in existing:
                merged = f"{existing}\n{note}".strip() if existing else note
                formula = is_formula(note_cell)
                if formula:
                    plan.formulas.append(f"{sheet.title}!{note_cell.coordinate}")
                plan.changes.append(SheetChange(item_id, item.label.get(lang), "note", existing, merged, False, item,
                                                formula=formula))
        if item.kind == AnswerKind.TABLE:  # changed in the app since: read against the rows as sent
            sent_rows = rows_as_sent(history(), sent_print) if app_changed else None
            if (title := tabs.get(item_id)) is None:  # said by the table, naming the tabs the customer may have renamed
                raise missing_table(wb, name, item, meta_items[item_id]["table_sheet"], {sheet.title, *copies, *tabs.values()})
            _table_changes(wb, name, item, title, current, sent, sent_rows, lang, plan, errors)
    if copied:  # every copy at once: mended in one go
        if len(copied) == 1:
            raise RefusedImportError(key="hearing_sheet.row_copied", name=name, **copied[0].params)
        raise RefusedImportError(key="hearing_sheet.rows_copied", name=name, copies=Many(tuple(copied)))
    if len(errors) > 1:
        raise RefusedImportError(key="hearing_sheet.bad_values", name=name, problem=errors[0], more=len(errors) - 1)
    if errors:
        raise RefusedImportError(key="hearing_sheet.bad_value", name=name, problem=errors[0])
    return plan


def _unidentified(title: str, row: Any, plan: SheetPlan, lang: Lang) -> None:
    """Words typed on a row without an ID (a section row, or an item's row whose ID was cleared)
    cannot be told whose answer they are: not imported, and said with the row and the words."""
    col = hs.COL
    typed = [str(v) for key in ("answer", "answer_later", "note") if (v := shown_value(row[col[key] - 1], lang)) not in (None, "")]
    if typed:
        question = cell_value(row[col["question"] - 1].value)
        plan.said.append(Message(key="hearing_sheet.no_id", sheet=title, row=row[0].row, question=shown(str(question or EMPTY)),
                                 typed=shown(" / ".join(typed), 120)))


def _unknown(wb: Any, title: str, row: Any, table_sheet: str, item_id: str, plan: SheetPlan, lang: Lang) -> None:
    """Words typed on the row of an item this app's checklist does not have (the sheet of a newer checklist, or one
    the item has left) cannot be imported: said with the row, the question and the words, as a row without its ID is;
    and a table's sheet of such an item holding rows, said as not read."""
    col = hs.COL
    typed = [str(v) for key in ("answer", "answer_later", "note") if (v := shown_value(row[col[key] - 1], lang)) not in (None, "")]
    question = shown(str(cell_value(row[col["question"] - 1].value) or EMPTY))
    if typed:
        plan.said.append(Message(key="hearing_sheet.unknown_item", sheet=title, row=row[0].row, question=question, id=item_id,
                                 typed=shown(" / ".join(typed), 120)))
    if table_sheet and table_sheet in wb.sheetnames and value_rows(wb[table_sheet]) > 1:
        plan.said.append(Message(key="hearing_sheet.unknown_table", sheet=table_sheet, question=question, id=item_id))


def _read_field(
    title: str, item: Item, fld: Field, cell: Any, shown_cell: Any, current: Answer | None,
    sent: Callable[[], HistoryEntry | Literal[False] | None] | None, lang: Lang, plan: SheetPlan, errors: list[Message],
) -> None:  # fmt: skip
    """One answer field (value or later) of an item's row: its 回答 cell (``cell``; None: a table's
    row has none), or, when 回答 is empty, a correction typed over 現在の回答 (``shown_cell``).

    ``sent`` gives the answer as the sheet went out (None: no answer then; False: not found), when
    the app's answer changed since (None then: it did not).
    """
    now = getattr(current, fld) if current else None
    exported = current_text(_typed(item, shown_cell, lang))
    now_texts = shown_texts(item, current, fld, lang)
    as_shown = exported in now_texts  # (a note changed since is no reason to hold the customer's answer back)
    edited, changed_since = not as_shown, sent is not None
    if edited and sent is not None:  # the app changed since: typed over if it is not what was sent either
        then = sent()
        sent_texts = set() if then is False else shown_texts(item, then, fld, lang)
        edited = then is not False and exported not in sent_texts
        changed_since = not (now_texts & sent_texts)
    typed = cell is not None and cell_value(cell.value) not in (None, "")
    where = f"{title}!{shown_cell.coordinate}"
    full = functools.cache(lambda: _full(item, fld, current if sent is None else sent(), lang))
    if edited and (typed or not exported):  # the 回答 column is what is read; the correction is said
        plan.said.append(Message(key="hearing_sheet.current_not_read", cell=where, item=item.label, typed=shown(exported or EMPTY)))
    elif edited:
        whole = uncut(full(), exported, lang)  # shown cut: the text past the cut is kept, or the edit is not read
        if whole is False:
            plan.said.append(Message(key="hearing_sheet.cut_not_read", cell=where, item=item.label, typed=shown(exported)))
            return
        try:
            value = incoming(item, without_marker(whole, lang), lang)
        except ValidationFailed as exc:
            plan.said.append(Message(key="hearing_sheet.current_unfit", cell=where, item=item.label, problem=exc))
            return
        if value is None or is_empty(value) or value == now:
            return
        said = Message(key="hearing_sheet.cut_kept", cell=where, item=item.label) if whole != exported else None
        plan.said.append(said or Message(key="hearing_sheet.current_read", cell=where, item=item.label))
        _add(plan, title, item, fld, shown_cell, now, value, changed_since)
    if not typed:
        return
    raw, where = _typed(item, cell, lang), f"{title}!{cell.coordinate}"
    whole = uncut(full(), raw, lang, copy=True) if isinstance(raw, str) and len(raw) >= COPIED else raw
    if whole is False and isinstance(raw, str):  # the cut 現在の回答 copied into 回答 and edited without its …
        plan.said.append(Message(key="hearing_sheet.cut_not_read", cell=where, item=item.label, typed=shown(raw)))
        return
    raw, copied = whole, whole != raw
    try:
        value = incoming(item, raw, lang)
    except ValidationFailed as exc:
        errors.append(Message(key="hearing_sheet.bad_cell", cell=where, problem=exc))
        return
    if value is not None and not is_empty(value) and value != now:
        if copied:  # the cut 現在の回答 copied into 回答 and edited: the rest kept
            plan.said.append(Message(key="hearing_sheet.cut_kept", cell=where, item=item.label))
        # What the sheet showed as the app's answer when it was sent (現在の回答): cleared in the
        # app since, the sheet's value is a conflict too, not a new answer.
        _add(plan, title, item, fld, cell, now, value, sent is not None and not as_shown)


def _full(item: Item, fld: Field, then: HistoryEntry | Answer | Literal[False] | None, lang: Lang) -> str:
    """What 現在の回答 showed of the answer as the sheet went out (``then``; False: not found), before a cut."""
    return "" if then is False else hs.current_cell(item, then, fld, lang)


def _typed(item: Item, cell: Any, lang: Lang) -> Any:
    """A cell of an item's row as the item reads it: a text answer's as Excel showed it (5%, not 0.05)."""
    return shown_value(cell, lang) if item.kind == AnswerKind.TEXT else cell.value


def _add(plan: SheetPlan, title: str, item: Item, fld: Field, cell: Any, now: Any, value: Any, conflict: bool) -> None:
    formula = is_formula(cell)
    if formula:
        plan.formulas.append(f"{title}!{cell.coordinate}")
    plan.changes.append(SheetChange(item.id, item.label.get(plan.lang), fld, now, value, conflict, item, formula=formula))


def _table_changes(
    wb: Any, name: str, item: Item, title: str, current: Answer | None,
    then: Callable[[], HistoryEntry | Literal[False] | None] | None, sent: Rows | None, lang: Lang,
    plan: SheetPlan, errors: list[Message],
) -> None:  # fmt: skip
    """The table's changes, read against the rows as the sheet went out (``sent``; None: not known,
    then against the rows now) and carried over onto the rows now where they can be (a conflict else).

    ``then`` gives the answer as the sheet went out, when the app's answer changed since (None: it did not).
    """
    ws = wb[title]
    expected = table_header(item, lang)
    if [c.value for c in ws[1]][: len(expected)] != expected:
        raise columns_changed(name, ws, expected)
    now = current.value if current else None
    held, old_rows = table_value(now), table_rows(now)
    base = old_rows if sent is None else sent  # what the sheet's 行 / Row column numbers
    rows: list[dict[str, Any]] = []
    placed: list[tuple[int, int | None]] = []  # per row read: its row in the sheet's table, its row in the app
    formulas: list[str] = []
    for cells in ws.iter_rows(min_row=2, max_row=value_rows(ws), max_col=len(item.columns) + 1):
        values = [table_cell(column, c, lang) for column, c in zip(item.columns, cells[1 : len(item.columns) + 1], strict=False)]
        if all(v in (None, "") for v in values):
            continue
        formulas += [f"{title}!{c.coordinate}" for c in cells[1 : len(item.columns) + 1] if is_formula(c)]
        raw = {column.id: value for column, value in zip(item.columns, values, strict=False) if value not in (None, "")}
        origin = cells[0].value
        sent_row = base[origin - 1] if isinstance(origin, int) and 1 <= origin <= len(base) else None
        kept_dates = dates_as_sent(item, raw, sent_row, lang)
        plan.said += [Message(key="hearing_sheet.cut_cell_not_read", cell=f"{title}!{cells[0].row}", item=item.label, column=c.label)
                      for c in texts_as_sent(item, raw, sent_row, lang)]  # shown cut and edited without the …: not read
        try:
            row = (normalize_value(item, [raw]) or [{}])[0] | kept_dates
        except ValidationFailed as exc:
            errors.append(Message(key="hearing_sheet.bad_row", sheet=title, row=cells[0].row, problem=exc))
            continue
        if isinstance(origin, int) and 1 <= origin <= len(base):
            # Cells of columns a newer checklist dropped stay with their row.
            kept = {k: v for k, v in base[origin - 1].items() if k not in {c.id for c in item.columns}}
            row = kept | row
        rows.append(row)
        placed.append((cells[0].row - 1, origin if isinstance(origin, int) and 1 <= origin <= len(base) else None))
    if len(rows) > MAX_TABLE_ROWS:  # refused by the preview, as the import would refuse it
        errors.append(Message(key="hearing_sheet.bad_cell", cell=title,
                              problem=AnswerValueError(item.id, "rows", len(rows), allowed=(f"{MAX_TABLE_ROWS:,}",))))
        return
    if rows in (old_rows, base) or (not rows and not old_rows):
        return  # the customer changed nothing (the app's changes since stand), or made the app's
    app_changed = then is not None
    taken, conflict = rows, app_changed and bool(old_rows or sent)
    cells = cell_changes(item, base, rows, placed)
    if not AnswerKind.TABLE.holds(now):  # a text the rows replace: a conflict when the app changed it since the sheet went out
        conflict = app_changed and value_then(then) != now
    elif sent is not None and app_changed:
        merged = carry_over(sent, old_rows, rows, [origin for _, origin in placed])
        taken, conflict = (rows, True) if merged is None else (merged, False)
        if merged is None:  # the sheet's rows replace the app's: say the app's rows that go with them
            cells += lost_rows(item, sent, old_rows, rows)
    plan.formulas += formulas
    plan.changes.append(
        SheetChange(item.id, item.label.get(lang), "value", held, taken, conflict, item, cells, formula=bool(formulas))
    )


def apply_plan(ws: Workspace, plan: SheetPlan, prefer: Choice = "app") -> int:
    """Write the plan's changes; a conflict takes the sheet's value only where ``prefer`` says so:
    for every conflict, or per field (``(item id, "value" | "later")``), else per item (its id: each field of it).

    Returns the number of answers changed. Each answer changes in one step (one history entry).
    A project deleted since the preview (another window) is refused as "no project with id N".
    """
    refuse_if_deleted(ws, plan.project_id)  # never "kept as they are" for answers that went with it
    service = AnswerService(ws.db, ws.library)
    now = service.answers(plan.project_id)  # (inside the import's transaction)
    plan.kept_meanwhile = sorted({c.item_id for c in plan.changes if _stored(now.get(c.item_id), c) != c.current})
    grouped: dict[str, dict[str, Any]] = {}
    for change in plan.changes:
        if change.item_id in plan.kept_meanwhile:
            continue  # changed since the preview read it: the user chose against an older answer
        if change.conflict and side(prefer, (change.item_id, change.field), change.item_id) != "sheet":
            continue
        grouped.setdefault(change.item_id, {})[change.field] = change.incoming
    changed = 0
    for item_id, fields in grouped.items():
        if service.update(plan.project_id, item_id, source="import", **fields).changed:
            changed += 1
    return changed


def _stored(answer: Answer | None, change: SheetChange) -> Any:
    """The answer's field as the preview read it into ``change.current`` (line breaks as \n; no answer: nothing, an empty note, no rows)."""
    answer = answer and lf_answer(answer)
    if change.field == "note":
        return answer.note if answer else ""
    value = getattr(answer, change.field) if answer else None
    return table_value(value) if change.item is not None and change.item.kind == AnswerKind.TABLE else value

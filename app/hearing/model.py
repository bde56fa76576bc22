"""Answers to checklist items: status, typed values, and their checks.

A value is stored as JSON; its shape follows the item's kind:

- check: ``{"checked": bool, "text": str}``
- text: ``str``; choice: option id; multi: list of option ids
- number: ``int | float``; date: ``"YYYY-MM-DD"``
- table: list of rows, each a mapping of column id to a cell value typed by the column; a row
  whose cells are all blank (None or only spaces) is no row and is dropped when stored

Items asked as now / later (現時点 / これから) carry a second value of the same shape.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from enum import StrEnum
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, Field, model_validator

from app.core.content.model import AnswerKind, Column, ColumnKind, Identifier, Item, Localized, Strict
from app.core.errors import AnswerValueError, InvalidContent, ValidationFailed, shown
from app.core.i18n import EXACT_DIGITS, Lang, date_in_range, misdated, number_text, parse_date, typed_key
from app.core.messages import ItemRef, Many
from app.hearing.amounts import MULTIPLIERS, japanese_amount, plain_amount
from app.hearing.amounts import without_unit as without_unit  # (app.hearing names it from here)
from app.hearing.formats import format_cell as format_cell  # (the hearing's modules import them from here)
from app.hearing.formats import format_value as format_value

if TYPE_CHECKING:
    from app.core.content.loader import ContentLibrary


class AnswerStatus(StrEnum):
    NOT_ASKED = "not_asked"
    ANSWERED = "answered"
    NOT_APPLICABLE = "not_applicable"
    FOLLOW_UP = "follow_up"


class HypothesisState(StrEnum):
    """A pre-filled guess (仮説) and what became of it in the meeting (see :func:`settle_hypothesis`)."""

    NONE = "none"
    HYPOTHESIS = "hypothesis"
    CONFIRMED = "confirmed"
    CORRECTED = "corrected"


def stored_status(text: str) -> AnswerStatus:
    """An answer's status as stored; one the app does not know (put there by an import before the
    project file's check) reads as not asked, its value kept and shown, so no page or export breaks."""
    try:
        return AnswerStatus(text)
    except ValueError:
        return AnswerStatus.NOT_ASKED


def stored_hypothesis(text: str) -> HypothesisState:
    """A hypothesis state as stored; one the app does not know reads as none (see :func:`stored_status`)."""
    try:
        return HypothesisState(text)
    except ValueError:
        return HypothesisState.NONE


STATUS_NAMES_TYPE = STATUS_NAMES_ID = "answer_statuses"


class AnswerStatusNames(Strict):
    """``type: answer_statuses`` (``checklists/answer_statuses.yaml``): each status's name in both languages."""

    id: Identifier
    version: int = Field(ge=1)
    statuses: dict[AnswerStatus, Localized]

    @model_validator(mode="after")
    def _every_status(self) -> AnswerStatusNames:
        missing = [s.value for s in AnswerStatus if s not in self.statuses]
        if missing:
            raise InvalidContent(key="content.statuses_missing", statuses=Many(tuple(missing)))
        return self


def status_label(status: AnswerStatus | str, lang: Lang, library: ContentLibrary | None = None) -> str:
    """The status's name in ``lang`` from the content (the shipped content when no ``library`` is
    given); its id as it is when no content names it."""
    if library is None:
        from app.core.content.loader import default_library

        library = default_library()
    names = library.documents.get(STATUS_NAMES_TYPE, {}).get(STATUS_NAMES_ID)
    key = stored_status(status)
    if isinstance(names, AnswerStatusNames) and key in names.statuses:
        return names.statuses[key].get(lang)
    return key.value


class Answer(BaseModel):
    """The current answer to one item of one project."""

    item_id: str
    checklist_id: str
    status: AnswerStatus = AnswerStatus.NOT_ASKED
    value: Any = None
    later: Any = None
    note: str = ""
    answered_by: str = ""
    hypothesis_state: HypothesisState = HypothesisState.NONE
    hypothesis_value: Any = None
    content_version: int = 1
    updated_at: dt.datetime | None = None
    session_id: int | None = None
    # A follow-up (status 要フォロー, its note says what to find out): who follows it up, by when,
    # and whether that is done. Kept when the status changes (nothing typed is lost), used while
    # the status is 要フォロー.
    followup_owner: str = ""
    followup_due: dt.date | None = None
    followup_done: bool = False

    @property
    def is_follow_up(self) -> bool:
        return self.status == AnswerStatus.FOLLOW_UP

    @property
    def is_done(self) -> bool:
        """Counted in the progress: 対象外, or 回答済 unless all there is of it is blank table rows.

        New writes never store blank rows (they are dropped, and a table is only 回答済 with a row);
        the exception covers answers older versions stored with an empty row.
        """
        if self.status == AnswerStatus.NOT_APPLICABLE:
            return True
        if self.status != AnswerStatus.ANSWERED:
            return False
        only_blank_rows = _blank_rows_only(self.value) or _blank_rows_only(self.later)
        return not (only_blank_rows and is_empty(self.value) and is_empty(self.later))


class HistoryEntry(BaseModel):
    """A snapshot of an answer right after one change."""

    item_id: str
    changed_at: dt.datetime
    status: AnswerStatus
    value: Any = None
    later: Any = None
    note: str = ""
    answered_by: str = ""
    hypothesis_state: HypothesisState = HypothesisState.NONE
    session_id: int | None = None
    source: str = "ui"
    author: str = ""  # who made the change ("" on entries older than authors, or not known)


class Progress(BaseModel):
    done: int = 0
    total: int = 0
    follow_up: int = 0
    by_section: dict[str, tuple[int, int]] = Field(default_factory=dict)

    @property
    def ratio(self) -> float:
        return self.done / self.total if self.total else 0.0


# Rows of one table answer (data sources, processes, cost items): a PoC has tens; every document
# lists them, so a documented ceiling keeps the exports and the pages quick.
MAX_TABLE_ROWS = 1_000


def _where(where: str) -> tuple[str, str | None]:
    """``item`` or ``item[column]`` as (item id, column id)."""
    if where.endswith("]") and "[" in where:
        item, column = where[:-1].split("[", 1)
        return item, column
    return where, None


def _bad(where: str, problem: str, raw: Any, allowed: tuple[str, ...] = ()) -> AnswerValueError:
    item, column = _where(where)
    return AnswerValueError(item, problem, raw, column, allowed)


def _number(where: str, raw: Any, multipliers: bool = True) -> int | float | None:
    if raw is None or raw == "":
        return None
    if isinstance(raw, bool):
        raise _bad(where, "number", raw)
    if isinstance(raw, int | float):
        value = raw
    else:
        try:
            text = number_text(str(raw))  # ２，０００ is 2000; 1_5 and 1,5 are no numbers (ValueError)
        except ValueError:
            raise _bad(where, "number", raw) from None
        try:
            value = int(text) if text.lstrip("-").isdigit() else float(text)
        except ValueError:
            amount = japanese_amount(text) if multipliers else None  # 100万, 1.5万, 3億, 1万2000
            if amount is None:
                raise _bad(where, "number", raw) from None
            value = amount
    if isinstance(value, float) and not math.isfinite(value):
        raise _bad(where, "finite", raw)
    return value


def _kept_exactly(where: str, raw: Any, value: int | float | None) -> int | float | None:
    """A number whose integer part has at most :data:`~app.core.i18n.EXACT_DIGITS` digits, as stored:
    one of more (a pasted 400-digit count, 1e308) is refused quoting what was typed, never kept as
    infinity or rounded to a float's 16 digits."""
    if value is not None and abs(value) >= 10**EXACT_DIGITS:
        raise _bad(where, "digits", raw)
    return value


def _number_in(where: str, raw: Any, *units: Localized | None) -> int | float | None:
    """A number, typed alone or with its unit as the app and the sheet show it ("3 人"); refused
    quoting what was typed (not what is left once the unit is off)."""
    bare = without_unit(raw, *units) if any(units) else plain_amount(raw)
    # in a 万円 column 100万 is no amount (100 is 100万円; 100万 would be 10,000 times that)
    multipliers = not any(unit is not None and unit.ja[:1] and unit.ja[0] in MULTIPLIERS for unit in units)
    try:
        return _number(where, bare, multipliers)
    except AnswerValueError:
        if bare is raw:
            raise
        raise _bad(where, "number", raw) from None


def _date(where: str, raw: Any) -> str | None:
    if raw is None or raw == "":
        return None
    try:  # 2026/12/21 and 2026年12月21日 too
        day = raw.date() if isinstance(raw, dt.datetime) else raw if isinstance(raw, dt.date) else parse_date(str(raw))
    except ValueError:
        raise _bad(where, "weekday" if isinstance(raw, str) and misdated(raw) else "date", raw) from None
    if not date_in_range(day):  # 9999/12/31, as many systems write "no end date": said (leave it empty)
        raise _bad(where, "date_range", raw if isinstance(raw, str) else day.isoformat())
    return day.isoformat()


def _bool(where: str, raw: Any) -> bool | None:
    if raw is None or raw == "":
        return None
    if isinstance(raw, bool):
        return raw
    # read as a check item reads its words (ナシ, ﾅｼ, ＮＯ; sheet_cells reads its answers through this module)
    from app.hearing.sheet_cells import yes_or_no

    said = yes_or_no(str(raw))  # x alone: a tick in an English form, × in a Japanese one: refused, not guessed
    if said is None:
        raise _bad(where, "bool", raw)
    return said


_SEPARATORS = re.compile("([、，,])")  # between the choices of a multi-choice typed as one text


def _choice(where: str, options: list, raw: Any) -> str | None:
    if raw is None or raw == "":
        return None
    text = str(raw).strip()  # as typed, else in one width, any case (ＧＣＰ, ｇｃｐ: GCP), alone among the options
    for named in ({o.id for o in options if text in (o.id, o.label.ja, o.label.en)},
                  {o.id for o in options if typed_key(text) in map(typed_key, (o.id, o.label.ja, o.label.en))}):
        if len(named) == 1:
            return named.pop()
    raise _bad(where, "choice", raw, tuple(o.id for o in options))


def _choices(where: str, options: list, text: str) -> set[str | None]:
    """A multi-choice as typed or as the app shows it (収集、蓄積、加工): whole option labels first, the
    longest first (a team's label 収集、蓄積 is one choice), the rest split at 、 , ，."""
    parts = _SEPARATORS.split(text)  # words and the separators between them
    longest = 1 + max((len(_SEPARATORS.findall(n)) for o in options for n in (o.id, o.label.ja, o.label.en)), default=0)
    chosen: set[str | None] = set()
    i, count = 0, len(parts) // 2 + 1
    while i < count:
        for j in range(min(count, i + longest), i, -1):
            span = "".join(parts[2 * i:2 * j - 1])
            if j == i + 1:
                if span.strip():
                    chosen.add(_choice(where, options, span))
            else:
                try:
                    chosen.add(_choice(where, options, span))
                except AnswerValueError:
                    continue
            i = j
            break
    return chosen


def _cell(item_id: str, column: Column, raw: Any) -> Any:
    return _cell_at(f"{item_id}[{column.id}]", column, raw)


def typed_cell(column: Column, raw: Any, *, any_size: bool = False) -> Any:
    """A cell as typed or pasted, in its stored shape where it fits (a choice's label as its option,
    はい as a tick, a date as ISO), else as typed: the answer then says why, and nothing is lost.
    ``any_size``: a number outside its column's range is read as a number too (for a calculation that
    says itself what it cannot take; the answer still refuses it)."""
    try:
        if any_size and column.kind == ColumnKind.NUMBER:
            return _number_in(column.id, raw, column.unit, column.unit_one)
        return _cell_at(column.id, column, raw)
    except AnswerValueError:
        return raw


def cell_error(item_id: str, column: Column, raw: Any) -> AnswerValueError | None:
    """The typed reason a table cell does not fit its column, or None if it fits."""
    try:
        _cell_at(f"{item_id}[{column.id}]", column, raw)
    except AnswerValueError as exc:
        return exc
    return None


def _cell_at(where: str, column: Column, raw: Any) -> Any:
    match column.kind:
        case ColumnKind.NUMBER:
            return _kept_exactly(where, raw, _in_range(where, column, raw, _number_in(where, raw, column.unit, column.unit_one)))
        case ColumnKind.BOOL:
            return _bool(where, raw)
        case ColumnKind.CHOICE:
            return _choice(where, column.options, raw)
        case ColumnKind.DATE:
            return _date(where, raw)
        case _:
            return "" if raw is None else str(raw)


def _in_range(where: str, column: Column | Item, raw: Any, value: int | float | None) -> int | float | None:
    """A number within its column's range (a count below 0 or of 400 digits: refused, quoting what was
    typed, the bound as 1,000,000,000,000), compared as it is: an integer of any size exactly, never as a float."""
    for bound, problem in ((column.minimum, "too_small"), (column.maximum, "too_large")):
        if value is not None and bound is not None and (value < bound if problem == "too_small" else value > bound):
            raise _bad(where, problem, raw, (f"{int(bound):,}" if bound.is_integer() else f"{bound:,}",))
    return value


def lf_lines(value: Any) -> Any:
    """``value`` with every line break as ``\n`` (Windows' CRLF and a lone CR alike), in its texts, a
    check's, a table's cells: how an answer is stored, and compared with a sheet that reads them so."""
    if isinstance(value, str):
        return value.replace("\r\n", "\n").replace("\r", "\n") if "\r" in value else value
    if isinstance(value, list):
        return [lf_lines(v) for v in value]
    if isinstance(value, dict):
        return {k: lf_lines(v) for k, v in value.items()}
    return value


_Stored = TypeVar("_Stored", Answer, HistoryEntry)


def lf_answer(answer: _Stored) -> _Stored:
    """``answer`` with its value, later value and note's line breaks as ``\n`` (:func:`lf_lines`): as
    a hearing sheet reads them back (an answer an earlier version stored with CRLF compares equal)."""
    fields = ("value", "later", "note")
    return answer.model_copy(update={k: lf_lines(getattr(answer, k)) for k in fields})


def normalize_value(item: Item, raw: Any) -> Any:
    """Check ``raw`` against the item's kind and return the stored shape (or raise ValidationFailed),
    its line breaks as ``\n`` (:func:`lf_lines`)."""
    return lf_lines(_normalized(item, raw))


def _normalized(item: Item, raw: Any) -> Any:
    match item.kind:
        case AnswerKind.TEXT:
            if isinstance(raw, dict | list | tuple):  # (from a file edited by hand: shown to nobody as Python's repr)
                raise ValidationFailed(key="answer.not_text", item=ItemRef(item.id), value=shown(json.dumps(raw, ensure_ascii=False, default=str)))
            return "" if raw is None else str(raw)
        case AnswerKind.CHECK:
            if raw is None:
                return {"checked": False, "text": ""}
            if isinstance(raw, bool):
                return {"checked": raw, "text": ""}
            if isinstance(raw, str):
                return {"checked": bool(raw.strip()), "text": raw}
            if isinstance(raw, dict):
                unknown = set(raw) - {"checked", "text"}
                if unknown:
                    raise ValidationFailed(key="answer.unexpected_keys", item=ItemRef(item.id), keys=Many(tuple(sorted(unknown))))
                return {"checked": bool(raw.get("checked", False)), "text": str(raw.get("text") or "")}
            raise ValidationFailed(key="answer.not_a_check", item=ItemRef(item.id), value=shown(repr(raw)))
        case AnswerKind.CHOICE:
            return _choice(item.id, item.options, raw)
        case AnswerKind.MULTI:
            if raw is None or raw == "":
                return []
            chosen = {_choice(item.id, item.options, v) for v in raw if str(v).strip()} if isinstance(raw, list | tuple) \
                else _choices(item.id, item.options, str(raw))
            return [o.id for o in item.options if o.id in chosen]
        case AnswerKind.NUMBER:
            return _kept_exactly(item.id, raw, _in_range(item.id, item, raw, _number_in(item.id, raw, item.unit, item.unit_one)))
        case AnswerKind.DATE:
            return _date(item.id, raw)
        case AnswerKind.TABLE:
            if raw is None:
                return []
            if not isinstance(raw, list):
                raise ValidationFailed(key="answer.not_rows", item=ItemRef(item.id))
            if len(raw) > MAX_TABLE_ROWS:  # typed, from a sheet or from a project file alike
                raise AnswerValueError(item.id, "rows", len(raw), allowed=(f"{MAX_TABLE_ROWS:,}",))
            rows = []
            known = {c.id: c for c in item.columns}
            for n, row in enumerate(raw, start=1):
                if not isinstance(row, dict):
                    raise ValidationFailed(key="answer.row_not_mapping", item=ItemRef(item.id), row=n)
                if is_blank_row(row):
                    continue  # a row just added and not typed into yet: not part of the answer
                clean: dict[str, Any] = {}
                for key, cell in row.items():
                    column = known.get(key)
                    # Cells of columns a newer template dropped are kept, never lost.
                    try:
                        clean[key] = _cell(item.id, column, cell) if column else cell
                    except AnswerValueError as exc:
                        exc.row = n  # said by its row: 「為替レート / レート(2行目)」
                        raise
                if not is_blank_row(clean):
                    rows.append(clean)
            return rows
    raise ValidationFailed(key="answer.unknown_kind", item=ItemRef(item.id), kind=str(item.kind))


def is_blank_cell(value: Any) -> bool:
    """An empty table cell: nothing, or only spaces. ``False`` and ``0`` are values."""
    return value is None or (isinstance(value, str) and not value.strip())


def is_blank_row(row: dict[str, Any]) -> bool:
    """A table row with nothing in any cell (a new row, or one whose cells were all cleared)."""
    return all(is_blank_cell(cell) for cell in row.values())


def drop_blank_rows(rows: list[Any] | None) -> list[Any]:
    return [r for r in rows or [] if not (isinstance(r, dict) and is_blank_row(r))]


def _blank_rows_only(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and not drop_blank_rows(value)


def is_empty(value: Any) -> bool:
    """No answer: nothing, blank text, no choice, an unticked check without text, no non-blank table row."""
    if value is None or value == "" or value == [] or value == {}:
        return True
    if isinstance(value, dict) and set(value) <= {"checked", "text"}:
        return not value.get("checked") and not str(value.get("text") or "").strip()
    return _blank_rows_only(value)


DONE_STATUSES = (AnswerStatus.ANSWERED, AnswerStatus.NOT_APPLICABLE)


def settle_hypothesis(
    state: HypothesisState,
    hypothesis_value: Any,
    status: AnswerStatus,
    value: Any,
    later: Any,
    *,
    answer_changed: bool = False,
) -> HypothesisState:
    """The hypothesis state after an edit that did not write a new hypothesis.

    One state machine, whichever path the edit took (editor, interview key, import, undo aside)::

        none ──written as a hypothesis──▶ hypothesis        (AnswerService.update(as_hypothesis=True))
        hypothesis ──an answer typed (answer_changed), or 回答済 / 対象外──▶ confirmed | corrected
        hypothesis ──要フォロー / 未確認, nothing typed──▶ hypothesis (still to confirm)
        confirmed ⇄ corrected as the answer is edited afterwards

    Settled means *confirmed* when the answer (now and later) equals the hypothesis and the
    status is not 対象外, *corrected* otherwise. A hypothesis is never 回答済 or 対象外 at once:
    the filter "Hypotheses to confirm" and the 仮説 badge read this state alone.
    """
    if state == HypothesisState.NONE:
        return state
    if state == HypothesisState.HYPOTHESIS and status not in DONE_STATUSES and not answer_changed:
        return state
    same = lf_lines(hypothesis_value) == lf_lines({"value": value, "later": later})  # a guess stored with CRLF: the same
    return HypothesisState.CONFIRMED if same and status != AnswerStatus.NOT_APPLICABLE else HypothesisState.CORRECTED

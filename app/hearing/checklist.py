"""The hearing as the page and its documents see it: items in order, filters, search, sessions' answers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.content.loader import ContentLibrary
from app.core.content.model import AnswerKind, Checklist, Item, Section
from app.core.errors import UserError
from app.core.i18n import Lang, format_date, searchable, typed_key
from app.core.messages import ItemRef as Named
from app.core.messages import Label
from app.core.storage.db import Database
from app.core.storage.models import Answer as AnswerRow
from app.core.storage.models import AnswerHistory
from app.hearing.formats import table_rows
from app.hearing.model import (
    Answer,
    AnswerStatus,
    HypothesisState,
    format_cell,
    format_value,
    stored_hypothesis,
    stored_status,
)

HEARING = "hearing"


class ItemFilter(StrEnum):
    ALL = "all"
    UNANSWERED = "unanswered"
    FOLLOW_UP = "follow_up"
    CHANGED_SINCE = "changed_since"
    HYPOTHESIS = "hypothesis"


@dataclass(frozen=True)
class ItemRef:
    """An item with the trail of sections above it (outermost first)."""

    item: Item
    sections: tuple[Section, ...]

    def section_path(self, lang: Lang, sep: str = " › ") -> str:
        return sep.join(s.title.get(lang) for s in self.sections)


def walk(checklist: Checklist) -> list[ItemRef]:
    refs: list[ItemRef] = []

    def visit(section: Section, trail: tuple[Section, ...]) -> None:
        trail = (*trail, section)
        refs.extend(ItemRef(item, trail) for item in section.items)
        for sub in section.sections:
            visit(sub, trail)

    for section in checklist.sections:
        visit(section, ())
    return refs


def item_names(item: Item) -> set[str]:
    """What names ``item`` when typed (:func:`typed_key`): its id, its label in either language."""
    return {typed_key(item.id), typed_key(item.label.ja), typed_key(item.label.en)}


def items_named(refs: list[ItemRef], typed: str) -> list[Item]:
    """The items of ``refs`` that ``typed`` names (:func:`item_names`): an id names its item alone; none,
    one, or several (a label two items share: the caller says so, never guesses)."""
    key = typed_key(typed)
    by_id = [ref.item for ref in refs if typed_key(ref.item.id) == key]
    return by_id or [ref.item for ref in refs if key in item_names(ref.item)]


def answer_text(item: Item, answer: Answer | None, lang: Lang) -> str:
    """Everything of an answer a search should find: value, later value, table cells, note."""
    if answer is None:
        return ""
    parts = [format_value(item, answer.value, lang), format_value(item, answer.later, lang), answer.note, answer.answered_by]
    if item.kind == AnswerKind.TABLE:
        for value in (answer.value, answer.later):
            for row in table_rows(value):  # (a text or words saved before it was a table: in format_value's)
                for column in item.columns:
                    parts.append(format_cell(column, row.get(column.id), lang))
    return " ".join(p for p in parts if p)


def matches(item: Item, answer: Answer | None, query: str, lang: Lang) -> bool:
    """Search over label, help (both languages) and the answer, as the WBS search reads text: any case,
    full-width letters and digits as typed by a Japanese input method (ＰｏＣ finds PoC), line breaks as spaces."""
    query = searchable(query)
    if not query:
        return True
    haystack = [item.id, item.label.ja, item.label.en, answer_text(item, answer, lang)]
    if item.help:
        haystack += [item.help.ja, item.help.en]
    return any(query in searchable(text) for text in haystack if text)


def passes(flt: ItemFilter, answer: Answer | None, changed: set[str] | None = None, item_id: str = "") -> bool:
    status = answer.status if answer else AnswerStatus.NOT_ASKED
    match flt:
        case ItemFilter.UNANSWERED:
            return status in (AnswerStatus.NOT_ASKED, AnswerStatus.FOLLOW_UP)
        case ItemFilter.FOLLOW_UP:
            return status == AnswerStatus.FOLLOW_UP
        case ItemFilter.CHANGED_SINCE:
            return item_id in (changed or set())
        case ItemFilter.HYPOTHESIS:
            return answer is not None and answer.hypothesis_state == HypothesisState.HYPOTHESIS
    return True


@dataclass(frozen=True)
class SessionCapture:
    """An item's answer as it stood at the end of one hearing session."""

    item_id: str
    status: AnswerStatus
    value: object
    later: object
    note: str
    answered_by: str
    authors: tuple[str, ...] = ()  # who recorded it in the session, first first (none known: empty)


def captured_in_session(db: Database, project_id: int, session_id: int) -> dict[str, SessionCapture]:
    """Each item changed during the session, with its last state within it. An item the session's
    undo put back as it was when the session began (mistyped, then Ctrl+Z) was not heard in it."""
    with db.session() as s:
        rows = s.execute(
            select(AnswerRow.item_id, AnswerHistory)
            .join(AnswerHistory, AnswerHistory.answer_id == AnswerRow.id)
            .where(AnswerRow.project_id == project_id, AnswerHistory.session_id == session_id)
            .order_by(AnswerHistory.id)
        ).all()
        result: dict[str, SessionCapture] = {}
        authors: dict[str, list[str]] = {}
        first: dict[str, AnswerHistory] = {}
        last: dict[str, AnswerHistory] = {}
        for item_id, h in rows:
            first.setdefault(item_id, h)
            last[item_id] = h
            names = authors.setdefault(item_id, [])
            if h.author and h.author not in names:
                names.append(h.author)
            result[item_id] = SessionCapture(item_id, stored_status(h.status), h.value, h.later, h.note, h.answered_by,
                                             tuple(names))  # fmt: skip
        for item_id, end in last.items():
            if end.source == "undo" and _state(end) == _state_before(s, first[item_id]):
                del result[item_id]
        return result


def _state(h: AnswerHistory | None) -> tuple[object, ...]:
    """What an answer holds in a history entry (none yet: a blank answer's)."""
    if h is None:
        blank = Answer(item_id="blank", checklist_id="blank")
        return (blank.status, blank.value, blank.later, blank.note, blank.answered_by, blank.hypothesis_state)
    return (stored_status(h.status), h.value, h.later, h.note or "", h.answered_by or "", stored_hypothesis(h.hypothesis_state))


def _state_before(s: Session, h: AnswerHistory) -> tuple[object, ...]:
    """The answer's state just before the history entry ``h`` (the last entry before it)."""
    earlier = s.scalar(
        select(AnswerHistory)
        .where(AnswerHistory.answer_id == h.answer_id, AnswerHistory.id < h.id)
        .order_by(AnswerHistory.id.desc())
        .limit(1)
    )
    return _state(earlier)


def hearing_checklist(library: ContentLibrary) -> Checklist:
    return library.checklist(HEARING)


# --- dates that come in order -------------------------------------------------------------------------------------
# The PoC ends (PoC終了日) on or after it starts (PoC開始日). A pair typed out of order is kept as typed (a year slip
# is the user's to correct, not the app's to guess) and said: on the Hearing page under either date
# (:func:`order_warning`), and in the documents that read the PoC period (the proposal's schedule, the wiki's
# overview: :func:`order_note`), which show both dates as typed and say the end is before the start.

POC_START, POC_END = "hearing.basics.poc_start", "hearing.basics.poc_end"
ORDERED = ((POC_START, POC_END),)  # (the earlier, the later)


def stored_date(value: Any) -> dt.date | None:
    """A date answer as stored (an ISO date); None for no date (empty, words kept from an older checklist)."""
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def dates_out_of_order(value_of: Callable[[str], Any]) -> tuple[str, dt.date, str, dt.date] | None:
    """The first pair whose later date is before the earlier: (earlier item, its date, later item, its date);
    ``value_of`` gives an item's stored value. None: every pair in order, or not both dated."""
    for first, then in ORDERED:
        start, end = stored_date(value_of(first)), stored_date(value_of(then))
        if start is not None and end is not None and end < start:
            return first, start, then, end
    return None


def order_warning(item_id: str, value_of: Callable[[str], Any]) -> UserError | None:
    """What the Hearing page says under ``item_id`` when it is one of a pair out of order: both fields named
    by their labels, both dates as typed (a :class:`UserError` carrying the message, never raised)."""
    if not any(item_id in pair for pair in ORDERED):
        return None  # (no other answer read: the page asks at every refresh)
    found = dates_out_of_order(value_of)
    if found is None or item_id not in (found[0], found[2]):
        return None
    first, start, then, end = found
    return UserError(key="answer.dates_out_of_order", start=Named(first), start_date=_day(start), end=Named(then), end_date=_day(end))


def order_note(value_of: Callable[[str], Any], lang: str) -> str:
    """What a document reading the dates says of a pair out of order, in ``lang`` ("" when in order): the
    proposal's schedule and the wiki's overview say the same."""
    found = dates_out_of_order(value_of)
    if found is None:
        return ""
    first, start, then, end = found
    return UserError(key="document.dates_out_of_order", start=Named(first), start_date=_day(start), end=Named(then),
                     end_date=_day(end)).text(lang)  # fmt: skip


def _day(day: dt.date) -> Label:
    return Label(ja=format_date(day, "ja"), en=format_date(day, "en"))

"""Answers to checklist items: reading, changing (with history), progress, orphans.

Every change goes through :meth:`AnswerService.update` (or :meth:`restore` for undo): it checks
the value against the item's kind, commits at once, appends a history snapshot, ties the change
to the open hearing session, and returns the before/after pair the UI's undo stack keeps.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from app.core.content.loader import ContentLibrary
from app.core.content.model import AnswerKind, Checklist, Section
from app.core.documents import DocumentService
from app.core.errors import NotFoundError, UserError, ValidationFailed, shown
from app.core.i18n import check_date, date_label, misdated_said, parse_date
from app.core.limits import MAX_TEXT_CHARS, check_tree
from app.core.messages import ItemRef, Label, Many, Message
from app.core.projects import MAX_ID, touch
from app.core.storage.authors import author_of
from app.core.storage.db import Database
from app.core.storage.models import Answer as AnswerRow
from app.core.storage.models import AnswerHistory, HearingSession, Project, utcnow
from app.hearing.formats import composed_renames, renamed_rows
from app.hearing.formats import table_rows as table_rows  # (the hearing's modules import it from here)
from app.hearing.model import (
    DONE_STATUSES,
    Answer,
    AnswerStatus,
    HistoryEntry,
    HypothesisState,
    Progress,
    is_empty,
    lf_lines,
    normalize_value,
    settle_hypothesis,
    status_label,
    stored_hypothesis,
    stored_status,
)

EDITABLE = (
    "status", "value", "later", "note", "answered_by", "hypothesis_state", "hypothesis_value",
    "followup_owner", "followup_due", "followup_done",
)
FOLLOWUP_OWNER_CHARS = 200  # the column's width
# Documents that keep cells per row of a hearing table, keyed by the row's name (:func:`row_keys`):
# item id -> (document kind, part). A renamed row keeps its cells (:meth:`AnswerService._write`).
ROW_KEYED_DOCUMENTS = {"hearing.prereq.data_sources": (("data_platform", "datasets"),)}  # the Data platform & CI page


@dataclass(frozen=True)
class AnswerChange:
    """What one edit did; ``before`` and ``after`` are full snapshots, so undo restores ``before``."""

    project_id: int
    item_id: str
    before: Answer
    after: Answer

    @property
    def changed(self) -> bool:
        return self.before.model_dump(exclude={"updated_at", "session_id"}) != self.after.model_dump(
            exclude={"updated_at", "session_id"}
        )


@dataclass(frozen=True)
class _Found:
    """What an edit of answers reads before it writes (:meth:`AnswerService._found`)."""

    project: Project
    rows: dict[str, AnswerRow]
    session_id: int | None  # the open hearing session


def to_answer(row: AnswerRow) -> Answer:
    status = stored_status(row.status)
    hypothesis = stored_hypothesis(row.hypothesis_state)
    if hypothesis == HypothesisState.HYPOTHESIS:
        # Older versions left a hypothesis answered with the interview's status keys: read it settled.
        hypothesis = settle_hypothesis(hypothesis, row.hypothesis_value, status, row.value, row.later)
    return Answer(
        item_id=row.item_id,
        checklist_id=row.checklist_id,
        status=status,
        value=row.value,
        later=row.later,
        note=row.note,
        answered_by=row.answered_by,
        hypothesis_state=hypothesis,
        hypothesis_value=row.hypothesis_value,
        content_version=row.content_version,
        updated_at=row.updated_at,
        session_id=row.session_id,
        followup_owner=row.followup_owner or "",
        followup_due=row.followup_due,
        followup_done=bool(row.followup_done),
    )


def _entry(item_id: str, h: AnswerHistory) -> HistoryEntry:
    return HistoryEntry(
        item_id=item_id,
        changed_at=h.changed_at,
        status=stored_status(h.status),
        value=h.value,
        later=h.later,
        note=h.note,
        answered_by=h.answered_by,
        hypothesis_state=stored_hypothesis(h.hypothesis_state),
        session_id=h.session_id,
        source=h.source,
        author=h.author or "",
    )


RENAMES_READ = 200  # writes of a table answer composed at most by renames_since (more: not known)


class AnswerService:
    def __init__(self, db: Database, library: ContentLibrary) -> None:
        self.db = db
        self.library = library

    # --- reading ------------------------------------------------------------------------------

    def answers(self, project_id: int) -> dict[str, Answer]:
        with self.db.session() as s:
            rows = s.scalars(select(AnswerRow).where(AnswerRow.project_id == project_id))
            return {r.item_id: to_answer(r) for r in rows}

    def answer(self, project_id: int, item_id: str) -> Answer:
        with self.db.session() as s:
            row = self._row(s, project_id, item_id)
            return to_answer(row) if row else self.blank(item_id)

    def blank(self, item_id: str) -> Answer:
        """The answer of an item not answered yet (no row stored)."""
        checklist = self.library.checklist_of(item_id)
        return Answer(
            item_id=item_id,
            checklist_id=checklist.id if checklist else item_id.split(".", 1)[0],
            content_version=checklist.version if checklist else 1,
        )

    @staticmethod
    def _row(s: Session, project_id: int, item_id: str) -> AnswerRow | None:
        return s.scalar(select(AnswerRow).where(AnswerRow.project_id == project_id, AnswerRow.item_id == item_id))

    def history(self, project_id: int, item_id: str) -> list[HistoryEntry]:
        with self.db.session() as s:
            row = self._row(s, project_id, item_id)
            if row is None:
                return []
            return [_entry(item_id, h) for h in row.history]

    def histories(self, project_id: int, item_ids: Iterable[str] | None = None) -> dict[str, list[HistoryEntry]]:
        """Every change of the project's answers (of ``item_ids`` only, when given), oldest first, by item, in one query."""
        query = (
            select(AnswerRow.item_id, AnswerHistory)
            .join(AnswerHistory, AnswerHistory.answer_id == AnswerRow.id)
            .where(AnswerRow.project_id == project_id)
            .order_by(AnswerHistory.changed_at, AnswerHistory.id)
        )
        if item_ids is not None:
            query = query.where(AnswerRow.item_id.in_(sorted(set(item_ids))))
        found: dict[str, list[HistoryEntry]] = {}
        with self.db.session() as s:
            for item_id, h in s.execute(query):
                found.setdefault(item_id, []).append(_entry(item_id, h))
        return found

    def renames_since(self, project_id: int, item_id: str, version: int | None) -> tuple[dict[str, str | None] | None, int]:
        """A table answer's rows renamed (old key -> key now) or removed (-> None) since its ``version``
        (a version this returned before), as its writes moved what is keyed by them; None when that is
        not known (no version, one of another database or answer, more than RENAMES_READ writes since:
        the caller falls back to comparing the rows). With the answer's version now (0: no history)."""
        with self.db.session() as s:
            row = self._row(s, project_id, item_id)
            if row is None:
                return None, 0
            query = select(AnswerHistory.id).where(AnswerHistory.answer_id == row.id)
            if not version:
                latest = s.execute(query.order_by(AnswerHistory.id.desc()).limit(1)).scalar()
                return None, latest or 0
            ids = s.scalars(query.where(AnswerHistory.id >= version).order_by(AnswerHistory.id).limit(RENAMES_READ + 2)).all()
            if not ids or ids[0] != version or len(ids) > RENAMES_READ + 1:
                latest = s.execute(query.order_by(AnswerHistory.id.desc()).limit(1)).scalar()
                return None, latest or 0
            values = s.scalars(select(AnswerHistory.value).where(AnswerHistory.id.in_(ids)).order_by(AnswerHistory.id)).all()
        return composed_renames(list(values)), ids[-1]

    def changed_since(self, project_id: int, since: dt.datetime) -> set[str]:
        """Item ids whose answer changed at or after ``since`` (naive UTC)."""
        with self.db.session() as s:
            rows = s.execute(
                select(AnswerRow.item_id)
                .join(AnswerHistory, AnswerHistory.answer_id == AnswerRow.id)
                .where(AnswerRow.project_id == project_id, AnswerHistory.changed_at >= since)
                .distinct()
            )
            return {r[0] for r in rows}

    def orphaned(self, project_id: int) -> list[Answer]:
        """Answers whose item no loaded checklist has any more: kept, shown, never dropped."""
        return [a for a in self.answers(project_id).values() if self.library.item(a.item_id) is None]

    def progress(self, project_id: int, checklist: Checklist, answers: dict[str, Answer] | None = None) -> Progress:
        answers = self.answers(project_id) if answers is None else answers
        result = Progress()

        def count(section: Section) -> tuple[int, int]:
            done = total = 0
            for item in section.items:
                total += 1
                answer = answers.get(item.id)
                if answer and answer.is_done:
                    done += 1
                if answer and answer.status == AnswerStatus.FOLLOW_UP:
                    result.follow_up += 1
            for sub in section.sections:
                d, t = count(sub)
                done, total = done + d, total + t
            result.by_section[section.id] = (done, total)
            return done, total

        for section in checklist.sections:
            d, t = count(section)
            result.done += d
            result.total += t
        return result

    # --- changing -----------------------------------------------------------------------------

    def update(
        self, project_id: int, item_id: str, *, source: str = "ui", as_hypothesis: bool = False,
        check: Callable[[Answer], None] | None = None, **fields: Any,
    ) -> AnswerChange:  # fmt: skip
        """Change some fields of one answer; unknown items are refused unless the answer exists (orphan).

        Typing an answer into an item nobody asked yet makes it 回答済. ``as_hypothesis`` records
        the value as a guess prepared before the meeting (仮説): it is kept as the hypothesis and the
        item is not counted as answered (回答済 / 対象外 go back to 未確認; an emptied guess is no
        hypothesis). Any other edit settles a hypothesis by :func:`settle_hypothesis`: a typed answer
        or the status 回答済 / 対象外 makes it confirmed or corrected, whatever path the edit took.

        Table rows whose cells are all blank are dropped (:func:`normalize_value`), so an empty row
        is no answer: it neither makes the item 回答済 nor counts in the progress. A table is 回答済
        only with a row: setting 回答済 on a table without rows is refused (対象外 says "there are
        none"), and removing the last row of an answered table puts it back to 未確認.

        ``check`` is called with the answer as stored, in the transaction, before anything is written: an
        operation's conflict check (raising refuses the edit) made on this one read of the answer.
        """
        item = self.library.item(item_id)
        invalid: UserError | None = None  # (with a conflict check: said after it, as the conflict is what to settle first)
        try:
            unknown = set(fields) - set(EDITABLE) | ({"hypothesis_value"} & set(fields))
            if unknown:
                raise ValidationFailed(key="answer.unknown_fields", fields=Many(tuple(sorted(unknown))))
            for key, enum in (("status", AnswerStatus), ("hypothesis_state", HypothesisState)):
                if key in fields:
                    try:
                        fields[key] = enum(fields[key])
                    except ValueError:
                        if key == "status":
                            labels = Many(tuple(Label(ja=status_label(s, "ja", self.library), en=status_label(s, "en", self.library))
                                                for s in AnswerStatus))
                            raise ValidationFailed(key="answer.not_a_status", item=ItemRef(item_id), value=shown(str(fields[key])),
                                                   allowed=labels) from None
                        raise ValidationFailed(key="answer.not_a_hypothesis_state", item=ItemRef(item_id),
                                               value=shown(str(fields[key])), allowed=Many(tuple(HypothesisState))) from None
            for key in ("value", "later"):
                if key in fields and item is not None:
                    fields[key] = normalize_value(item, fields[key])
            if "later" in fields and item is not None and not item.now_later and not is_empty(fields["later"]):
                raise ValidationFailed(key="answer.not_now_later", item=ItemRef(item_id))
            for key in ("note", "answered_by"):
                if key in fields:
                    fields[key] = "" if fields[key] is None else lf_lines(str(fields[key]))
            _clean_followup(item_id, fields)
            for key in ("value", "later", "note", "answered_by", "followup_owner"):
                if key in fields:
                    _check_lengths(item_id, key, fields[key])
        except UserError as exc:
            if check is None:
                raise
            invalid = exc

        with self.db.session() as s:
            found = self._found(s, project_id, [item_id])
            row = found.rows.get(item_id)
            before = to_answer(row) if row else self.blank(item_id)
            if check is not None:
                check(before)
            if invalid is not None:
                raise invalid
            if row is None and item is None:
                raise NotFoundError(key="answer.no_item", item=shown(item_id))
            for key in ("value", "later"):
                if key in fields and getattr(before, key) is None and is_empty(fields[key]):
                    fields[key] = None  # no answer over no answer ([] from a blank row) changes nothing
            values = before.model_dump(include=set(EDITABLE)) | fields
            answer_given = any(not is_empty(fields.get(k)) for k in ("value", "later"))
            value_changed = any(k in fields and fields[k] != getattr(before, k) for k in ("value", "later"))
            if as_hypothesis:
                guess = {"value": values["value"], "later": values["later"]}
                if is_empty(guess["value"]) and is_empty(guess["later"]):
                    values["hypothesis_state"], values["hypothesis_value"] = HypothesisState.NONE, None
                else:
                    values["hypothesis_state"], values["hypothesis_value"] = HypothesisState.HYPOTHESIS, guess
                    if values["status"] in DONE_STATUSES:
                        values["status"] = AnswerStatus.NOT_ASKED  # a guess is not an answer
            else:
                # Typing an answer into an item nobody asked yet means it was answered.
                if "status" not in fields and before.status == AnswerStatus.NOT_ASKED and answer_given:
                    values["status"] = AnswerStatus.ANSWERED
            if (
                item is not None
                and item.kind == AnswerKind.TABLE
                and values["status"] == AnswerStatus.ANSWERED
                and is_empty(values["value"])
                and is_empty(values["later"])
            ):
                if fields.get("status") == AnswerStatus.ANSWERED:
                    raise ValidationFailed(key="answer.table_needs_rows", item=ItemRef(item_id))
                values["status"] = AnswerStatus.NOT_ASKED
            if not as_hypothesis and "hypothesis_state" not in fields:
                values["hypothesis_state"] = settle_hypothesis(
                    before.hypothesis_state,
                    before.hypothesis_value,
                    values["status"],
                    values["value"],
                    values["later"],
                    answer_changed=value_changed,
                )
            after_fields = Answer(**(before.model_dump() | values))
            if after_fields.model_dump(include=set(EDITABLE)) == before.model_dump(include=set(EDITABLE)):
                return AnswerChange(project_id, item_id, before, before)
            row = self._write(s, found, item_id, row, values, source)
            return AnswerChange(project_id, item_id, before, to_answer(row))

    def confirm_hypothesis(
        self, project_id: int, item_id: str, *, source: str = "ui", check: Callable[[Answer], None] | None = None
    ) -> AnswerChange:
        """The customer confirmed the prepared guess as it stands (``check``: as :meth:`update`'s)."""

        def confirmable(stored: Answer) -> None:
            if check is not None:
                check(stored)
            if stored.hypothesis_state != HypothesisState.HYPOTHESIS:
                raise ValidationFailed(key="answer.no_hypothesis", item=ItemRef(item_id))

        return self.update(
            project_id, item_id, source=source, check=confirmable, hypothesis_state=HypothesisState.CONFIRMED, status=AnswerStatus.ANSWERED
        )

    def restore(self, project_id: int, snapshot: Answer, *, source: str = "undo") -> AnswerChange:
        """Put an answer back to an earlier snapshot (undo/redo); recorded in the history like any edit."""
        return self.restore_all(project_id, {snapshot.item_id: snapshot}, source=source)[snapshot.item_id]

    def restore_all(
        self, project_id: int, snapshots: dict[str, Answer], *, check: Callable[[dict[str, Answer]], None] | None = None,
        source: str = "undo",
    ) -> dict[str, AnswerChange]:  # fmt: skip
        """Put answers back to earlier snapshots (undo/redo of one step), each recorded in the history like any edit.
        ``check`` is called with the answers as stored before anything is written (an undo's conflict check): the
        project and every answer are read once, in one query."""
        with self.db.session() as s:
            found = self._found(s, project_id, snapshots)
            befores = {i: to_answer(found.rows[i]) if i in found.rows else self.blank(i) for i in snapshots}
            if check is not None:
                check(befores)
            changes = {}
            for item_id, snapshot in snapshots.items():
                row = self._write(s, found, item_id, found.rows.get(item_id), snapshot.model_dump(include=set(EDITABLE)), source)
                changes[item_id] = AnswerChange(project_id, item_id, befores[item_id], to_answer(row))
            return changes

    def _found(self, s: Session, project_id: int, item_ids: Iterable[str]) -> _Found:
        """The project, the answer rows of ``item_ids`` and the open hearing session, read in one query: each read is a
        round trip, a tenth of a second over a VPN, and a save runs on the window's thread. The project gone:
        NotFoundError (as refuse_if_deleted says it). The project stays in the session: its touch reads nothing more."""
        if not 0 < project_id <= MAX_ID:
            raise NotFoundError(key="project.not_found_id", id=str(project_id))
        open_session = (
            select(HearingSession.id)
            .where(HearingSession.project_id == Project.id, HearingSession.ended_at.is_(None))
            .order_by(HearingSession.number.desc())
            .limit(1)
            .correlate(Project)
            .scalar_subquery()
        )
        joined = and_(AnswerRow.project_id == Project.id, AnswerRow.item_id.in_(sorted(set(item_ids))))
        results = s.execute(select(Project, AnswerRow, open_session).outerjoin(AnswerRow, joined).where(Project.id == project_id)).all()
        if not results:
            raise NotFoundError(key="project.not_found_id", id=str(project_id))
        return _Found(results[0][0], {row.item_id: row for _, row, _ in results if row is not None}, results[0][2])

    def _write(self, s: Session, found: _Found, item_id: str, row: AnswerRow | None, values: dict, source: str) -> AnswerRow:
        """Write one answer and its history entry; nothing is read (``found`` holds the project and the open session),
        so the answer's update, its history and the project's touch go out in the one flush at the commit."""
        project_id = found.project.id
        checklist = self.library.checklist_of(item_id)
        now = utcnow()
        if row is None:
            row = AnswerRow(
                project_id=project_id,
                item_id=item_id,
                checklist_id=checklist.id if checklist else item_id.split(".", 1)[0],
            )
            s.add(row)
        before_value = row.value
        for key, value in values.items():
            setattr(row, key, value)  # enums are StrEnum: stored as their plain string
        renames = renamed_rows(before_value, row.value) if item_id in ROW_KEYED_DOCUMENTS else {}
        for kind, part in ROW_KEYED_DOCUMENTS.get(item_id, ()) if renames else ():
            DocumentService(self.db).rename_keys(project_id, kind, part, renames)  # (in this transaction)
        if checklist is not None:
            row.content_version = checklist.version
        session_id = found.session_id
        row.session_id = session_id or row.session_id
        row.updated_at = now
        if row.id is None:
            s.flush()  # a new answer: its id for the history entry
        s.add(
            AnswerHistory(
                answer_id=row.id,
                changed_at=now,
                session_id=session_id,
                status=row.status,
                value=row.value,
                later=row.later,
                note=row.note,
                answered_by=row.answered_by,
                hypothesis_state=row.hypothesis_state,
                source=source,
                author=None if source == "demo" else author_of(s),  # the demo's answers are nobody's
            )
        )
        touch(s, project_id)
        return row


def _clean_followup(item_id: str, fields: dict[str, Any]) -> None:
    """A follow-up's owner as one line of text, its due date as a date (2026/12/21 and 2026-12-21
    typed alike; blank is no date), done as a yes / no."""
    if "followup_owner" in fields:
        fields["followup_owner"] = " ".join(str(fields["followup_owner"] or "").split())
    if "followup_due" in fields:
        fields["followup_due"] = due_date(item_id, fields["followup_due"])
    if "followup_done" in fields:
        fields["followup_done"] = bool(fields["followup_done"])


def due_date(item_id: str, raw: Any) -> dt.date | None:
    """A follow-up's due date as typed (2026/12/21 and 2026-12-21 alike; blank is no date) or as a date,
    within the dates a plan holds (9999/12/31 typed for "no date" is refused here, not by an export)."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, dt.datetime):
        day = raw.date()
    elif isinstance(raw, dt.date):
        day = raw
    else:
        try:
            day = parse_date(str(raw))
        except ValueError:
            if (meant := misdated_said(str(raw))) is not None:
                raise ValidationFailed(key="answer.due_date_weekday", item=ItemRef(item_id), value=shown(str(raw)), date=meant) from None
            raise ValidationFailed(key="answer.not_a_due_date", item=ItemRef(item_id), value=shown(str(raw))) from None
    value = shown(raw) if isinstance(raw, str) else date_label(day)
    return check_date(day, key="answer.due_date_out_of_range", item=ItemRef(item_id), value=value)


def _check_lengths(item_id: str, key: str, value: Any) -> None:
    """Refuse a text longer than a field holds, naming the item by its label (and a table's cell
    by its row and column), never by its id."""
    item = ItemRef(item_id)
    if key in ("value", "later") and isinstance(value, list) and all(isinstance(row, dict) for row in value):
        for n, row in enumerate(value, start=1):
            for column, cell in row.items():
                check_tree(Message(key="answer.field_cell", item=ItemRef(item_id, str(column)), row=n), cell)
        return
    named = {
        "value": item,
        "later": Message(key="answer.field_later", item=item),
        "note": Message(key="answer.field_note", item=item),
        "answered_by": Message(key="answer.field_answered_by", item=item),
        "followup_owner": Message(key="answer.field_followup_owner", item=item),
    }
    check_tree(named[key], value, limit=FOLLOWUP_OWNER_CHARS if key == "followup_owner" else MAX_TEXT_CHARS)

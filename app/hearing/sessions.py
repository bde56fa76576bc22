"""Hearing sessions (meetings): answers changed while one is open belong to it."""

from __future__ import annotations

import builtins
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select

from app.core.demo_source import app_today
from app.core.errors import ConflictError, NotFoundError, UserError, ValidationFailed
from app.core.i18n import check_date, date_label, local_time
from app.core.limits import check_text
from app.core.messages import Label, Many, Message
from app.core.operations import Part
from app.core.project import HearingSessionInfo
from app.core.projects import MAX_NAME, touch
from app.core.storage.authors import author_of
from app.core.storage.db import Database
from app.core.storage.models import HearingSession, Project, utcnow


@dataclass(frozen=True)
class SessionSummary:
    """A session as the sessions list shows it: what it is, how many answers it captured, how many
    of them were left to follow up."""

    session: HearingSessionInfo
    captured: int
    follow_ups: int


MAX_TITLE = MAX_NAME  # characters of a session's title: a short text, as a project's name
TITLE = Label(ja="セッションのタイトル", en="Session title")
ATTENDEE = Label(ja="出席者", en="Attendee")  # one attendee: a person's name (and role), as short as a title
NOTES = Label(ja="メモ", en="Notes")  # the session's notes: the minutes' メモ section


def check_title(title: str) -> str:
    """A session's title as kept (spaces at its ends left out); TextTooLong naming the field when it is too long."""
    title = str(title or "").strip()
    check_text(TITLE, title, MAX_TITLE)
    return title


def session_info(row: HearingSession) -> HearingSessionInfo:
    return HearingSessionInfo.model_validate(row, from_attributes=True)


class SessionRunning(UserError):
    """A session cannot start: another one of the project is still open (``session``; nothing changed)."""

    def __init__(self, session: HearingSessionInfo) -> None:
        self.session = session
        name = Message(key="session.name_titled", number=session.number, title=session.title) if session.title else (
            Message(key="session.name", number=session.number))  # fmt: skip
        when = started_at(session)
        if session.started_by:
            super().__init__(key="session.running_by", session=name, who=session.started_by, at=when)
        else:
            super().__init__(key="session.running", session=name, at=when)


def started_at(session: HearingSessionInfo) -> Label:
    """When a session started, on this computer's clock, as the message's language writes it (2026/12/21 09:30)."""
    return Label(ja=local_time(session.started_at, "ja"), en=local_time(session.started_at, "en"))  # stored as naive UTC


def clean_attendees(attendees: Sequence[str] | str) -> list[str]:
    """Attendees as kept (one a line, or a text split at commas); TextTooLong naming the field when one is
    longer than a name (a paste gone wrong: refused where it is typed, never stored to stop the project file)."""
    if isinstance(attendees, str):
        attendees = attendees.replace("、", ",").replace("\n", ",").split(",")
    kept = [a.strip() for a in attendees if a and a.strip()]
    for attendee in kept:
        check_text(ATTENDEE, attendee, MAX_TITLE)
    return kept


class SessionService:
    def __init__(self, db: Database) -> None:
        self.db = db

    def list(self, project_id: int) -> list[HearingSessionInfo]:
        with self.db.session() as s:
            rows = s.scalars(
                select(HearingSession).where(HearingSession.project_id == project_id).order_by(HearingSession.number)
            )
            return [session_info(r) for r in rows]

    def summaries(self, project_id: int) -> builtins.list[SessionSummary]:
        """Every session, oldest first, with the number of answers captured in it (their last state
        within the session, as its minutes list them) and how many of those were 要フォロー."""
        from app.hearing.checklist import captured_in_session
        from app.hearing.model import AnswerStatus

        result = []
        for info in self.list(project_id):
            captured = captured_in_session(self.db, project_id, info.id)
            follow_ups = sum(1 for c in captured.values() if c.status == AnswerStatus.FOLLOW_UP)
            result.append(SessionSummary(info, len(captured), follow_ups))
        return result

    def get(self, project_id: int, number: int) -> HearingSessionInfo:
        if number.bit_length() > 62:  # typed: no session has it (the database's integers stop at 2**63)
            raise NotFoundError(key="session.not_found", number=number)
        with self.db.session() as s:
            row = s.scalar(
                select(HearingSession).where(HearingSession.project_id == project_id, HearingSession.number == number)
            )
            if row is None:
                raise NotFoundError(key="session.not_found", number=number)
            return session_info(row)

    def current(self, project_id: int) -> HearingSessionInfo | None:
        with self.db.session() as s:
            row = s.scalar(
                select(HearingSession)
                .where(HearingSession.project_id == project_id, HearingSession.ended_at.is_(None))
                .order_by(HearingSession.number.desc())
            )
            return session_info(row) if row else None

    def start(
        self,
        project_id: int,
        *,
        held_on: dt.date | None = None,
        attendees: Sequence[str] | str = (),  # not list[...]: that names SessionService.list here
        title: str = "",
        closing: int | None = None,
    ) -> HearingSessionInfo:
        """Open the next numbered session, started by the operation's author.

        A session still open (another window or person started it, perhaps a moment ago) is never
        closed unasked: :class:`SessionRunning` names it, its starter and when, and nothing changes.
        ``closing``: the number of the open session the user chose to end first (refused the same
        way when another one is open by then).
        """
        title = check_title(title)
        with self.db.session() as s:
            if s.get(Project, project_id) is None:
                raise NotFoundError(key="project.not_found_id", id=project_id)
            now = utcnow()
            for open_row in s.scalars(
                select(HearingSession).where(HearingSession.project_id == project_id, HearingSession.ended_at.is_(None))
            ):
                if open_row.number != closing:
                    raise SessionRunning(session_info(open_row))
                open_row.ended_at = now
            number = (s.scalar(select(func.max(HearingSession.number)).where(HearingSession.project_id == project_id)) or 0) + 1
            row = HearingSession(
                project_id=project_id,
                number=number,
                held_on=held_on or app_today(),
                title=title,
                attendees=clean_attendees(list(attendees) if not isinstance(attendees, str) else attendees),
                notes="",
                started_at=now,
                started_by=author_of(s),
            )
            s.add(row)
            touch(s, project_id)
            s.flush()
            return session_info(row)

    def end(self, project_id: int) -> HearingSessionInfo | None:
        with self.db.session() as s:
            row = s.scalar(
                select(HearingSession)
                .where(HearingSession.project_id == project_id, HearingSession.ended_at.is_(None))
                .order_by(HearingSession.number.desc())
            )
            if row is None:
                return None
            row.ended_at = utcnow()
            touch(s, project_id)
            return session_info(row)

    def update(self, project_id: int, number: int, base: Mapping[str, object] | None = None, **fields: object) -> HearingSessionInfo:
        """Set the given fields of session ``number`` (date, title, attendees, notes) and only those.

        ``base``: the values the user saw of the fields they changed (the Edit session dialog). A field
        whose stored value is no longer its base (another window, process or import changed it since) is
        refused with :class:`ConflictError` naming the session and the field, unless it already holds the
        new value; nothing is written then."""
        allowed = {"held_on", "title", "attendees", "notes"}
        if set(fields) - allowed:
            raise ValidationFailed(key="session.unknown_fields", fields=Many(tuple(sorted(set(fields) - allowed))))
        if "attendees" in fields:
            fields["attendees"] = clean_attendees(fields["attendees"])  # type: ignore[arg-type]
        if "title" in fields:
            fields["title"] = check_title(str(fields["title"]))
        if "notes" in fields:
            fields["notes"] = str(fields["notes"] or "")
            check_text(NOTES, fields["notes"])
        if "held_on" in fields:
            held_on = fields["held_on"]
            assert isinstance(held_on, dt.date), "a session's date is a date"
            check_date(held_on, key="session.date_out_of_range", value=date_label(held_on))
        with self.db.session() as s:
            row = s.scalar(
                select(HearingSession).where(HearingSession.project_id == project_id, HearingSession.number == number)
            )
            if row is None:
                raise NotFoundError(key="session.not_found", number=number)
            stale = sorted(key for key, was in (base or {}).items()
                           if key in fields and getattr(row, key) != was and getattr(row, key) != fields[key])  # fmt: skip
            if stale:
                raise ConflictError(Part.SESSIONS, [str(number)], stale)
            for key, value in fields.items():
                setattr(row, key, value)
            touch(s, project_id)
            return session_info(row)

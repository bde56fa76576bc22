"""ORM tables. Change them only together with a new migration under ``migrations/versions``.

Every constraint has a name (the naming convention below) because Alembic's batch mode on
SQLite rebuilds tables and would otherwise lose unnamed constraints.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    """Naive UTC: SQLite keeps no time zone, so everything stored is UTC by convention."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    __table__: ClassVar[Table]  # every model here maps one table (SQLAlchemy declares a FromClause)
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON, Any: JSON}


class Project(Base):
    __tablename__ = "projects"
    # An id is never given again after its project is deleted (0008): SQLite's AUTOINCREMENT (PostgreSQL's
    # sequences never reuse one); without it, a window or a script still holding the id would act on another project.
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    customer: Mapped[str] = mapped_column(String(200), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    lang: Mapped[str] = mapped_column(String(8), default="ja")
    start_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    answers: Mapped[list[Answer]] = relationship(back_populates="project", cascade="all, delete-orphan", passive_deletes=True)
    sessions: Mapped[list[HearingSession]] = relationship(
        back_populates="project", cascade="all, delete-orphan", passive_deletes=True, order_by="HearingSession.number"
    )
    documents: Mapped[list[ProjectDocument]] = relationship(
        back_populates="project", cascade="all, delete-orphan", passive_deletes=True
    )


class HearingSession(Base):
    """A hearing meeting; answers changed while it is open belong to it."""

    __tablename__ = "hearing_sessions"
    __table_args__ = (UniqueConstraint("project_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    held_on: Mapped[dt.date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(200), default="")
    attendees: Mapped[list[Any]] = mapped_column(JSON, default=list)
    notes: Mapped[str] = mapped_column(Text, default="")
    started_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    ended_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    started_by: Mapped[str | None] = mapped_column(String(200), nullable=True)  # the author who started it (0007; None: not known)

    project: Mapped[Project] = relationship(back_populates="sessions")


class Answer(Base):
    """The current answer to one checklist item. Kept even when the item leaves the content (orphaned)."""

    __tablename__ = "answers"
    __table_args__ = (UniqueConstraint("project_id", "item_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    checklist_id: Mapped[str] = mapped_column(String(120))
    item_id: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20), default="not_asked")
    value: Mapped[Any] = mapped_column(JSON, nullable=True)
    later: Mapped[Any] = mapped_column(JSON, nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")
    answered_by: Mapped[str] = mapped_column(String(200), default="")
    hypothesis_state: Mapped[str] = mapped_column(String(20), default="none")
    hypothesis_value: Mapped[Any] = mapped_column(JSON, nullable=True)
    content_version: Mapped[int] = mapped_column(Integer, default=1)
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("hearing_sessions.id", ondelete="SET NULL"), nullable=True
    )
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    # A follow-up (status follow_up): who follows it up, by when, and whether that is done (0003).
    followup_owner: Mapped[str] = mapped_column(String(200), default="", server_default="")
    followup_due: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    followup_done: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")

    project: Mapped[Project] = relationship(back_populates="answers")
    history: Mapped[list[AnswerHistory]] = relationship(
        back_populates="answer", cascade="all, delete-orphan", passive_deletes=True, order_by="AnswerHistory.id"
    )


class AnswerHistory(Base):
    """A snapshot of an answer right after each change (never rewritten)."""

    __tablename__ = "answer_history"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    answer_id: Mapped[int] = mapped_column(ForeignKey("answers.id", ondelete="CASCADE"), index=True)
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("hearing_sessions.id", ondelete="SET NULL"), nullable=True
    )
    status: Mapped[str] = mapped_column(String(20))
    value: Mapped[Any] = mapped_column(JSON, nullable=True)
    later: Mapped[Any] = mapped_column(JSON, nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")
    answered_by: Mapped[str] = mapped_column(String(200), default="")
    hypothesis_state: Mapped[str] = mapped_column(String(20), default="none")
    source: Mapped[str] = mapped_column(String(20), default="ui")
    # Who made the change (Settings > author name, the CLI's user); None on rows older than 0005.
    author: Mapped[str | None] = mapped_column(String(200), nullable=True)

    answer: Mapped[Answer] = relationship(back_populates="history")


class ProjectDocument(Base):
    """A per-project document edited as a whole (proposal, environment choices, ...), keyed by kind."""

    __tablename__ = "project_documents"
    __table_args__ = (UniqueConstraint("project_id", "kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(60))
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    project: Mapped[Project] = relationship(back_populates="documents")


class WbsTask(Base):
    """A WBS task. The outline code is derived from ``parent_id`` and ``position``, never stored."""

    __tablename__ = "wbs_tasks"
    # An id is never given again after its task is deleted (0009, as 0008 for projects): a window still
    # showing a deleted task would otherwise save what was typed into it on the task that took its id.
    __table_args__ = (UniqueConstraint("project_id", "uid"), {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    uid: Mapped[int] = mapped_column(Integer)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("wbs_tasks.id", ondelete="CASCADE"), nullable=True, index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(Text, default="")
    description: Mapped[str] = mapped_column(Text, default="")
    phase: Mapped[str] = mapped_column(String(60), default="")
    priority: Mapped[str] = mapped_column(String(40), default="should")
    completion_condition: Mapped[str] = mapped_column(Text, default="")
    expected_output: Mapped[str] = mapped_column(Text, default="")
    owner_role: Mapped[str] = mapped_column(String(60), default="")
    owner_name: Mapped[str] = mapped_column(String(200), default="")
    estimate_days: Mapped[float | None] = mapped_column(Float, nullable=True)
    start: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    finish: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    not_before: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    milestone: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(20), default="not_started")
    agreed: Mapped[bool] = mapped_column(Boolean, default=False)
    agreed_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    # When "agreed" was ticked, naive UTC (0006; None: before 0006, or agreed in an imported sheet).
    agreed_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    origin: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    often_missed: Mapped[str] = mapped_column(String(20), default="")
    user_edited: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    # Who changed the task last, like ``updated_at`` not a field of the task (0005; None: not known).
    edited_by: Mapped[str | None] = mapped_column(String(200), nullable=True)


class WbsDependency(Base):
    """Finish-to-start link: ``task_id`` starts ``lag_days`` working days after ``predecessor_id`` ends."""

    __tablename__ = "wbs_dependencies"
    __table_args__ = (UniqueConstraint("task_id", "predecessor_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("wbs_tasks.id", ondelete="CASCADE"), index=True)
    predecessor_id: Mapped[int] = mapped_column(ForeignKey("wbs_tasks.id", ondelete="CASCADE"), index=True)
    lag_days: Mapped[int] = mapped_column(Integer, default=0)
    position: Mapped[int] = mapped_column(Integer, default=0)


class CompanyHoliday(Base):
    """A day the company does not work (年末年始, summer holidays), beside the national holidays (0004).

    Workspace-wide, not per project: the scheduler of every project and the CLI read the same days.
    """

    __tablename__ = "company_holidays"

    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), default="", server_default="")


class Presence(Base):
    """One open window on a project: who, where, and when it last said it is still there (0005).

    A window writes its row every few seconds and deletes it on close; a row whose heartbeat is
    older than a minute belongs to a client that died and is ignored, then removed.
    """

    __tablename__ = "presence"

    client_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    author: Mapped[str] = mapped_column(String(200), default="", server_default="")
    project_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    host: Mapped[str] = mapped_column(String(200), default="", server_default="")
    heartbeat: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)

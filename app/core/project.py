"""Project-level records as the services hand them to the UI and the CLI."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field


class ProjectInfo(BaseModel):
    id: int
    uuid: str
    name: str
    customer: str = ""
    description: str = ""
    lang: str = "ja"
    start_date: dt.date | None = None
    archived: bool = False
    created_at: dt.datetime
    updated_at: dt.datetime


class HearingSessionInfo(BaseModel):
    id: int
    project_id: int
    number: int
    held_on: dt.date
    title: str = ""
    attendees: list[str] = Field(default_factory=list)
    notes: str = ""
    started_at: dt.datetime
    ended_at: dt.datetime | None = None

    @property
    def is_open(self) -> bool:
        return self.ended_at is None

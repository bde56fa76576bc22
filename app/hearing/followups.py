"""Follow-ups: the items left 要フォロー, with who follows each up, by when, and whether it is done.

A follow-up is an answer with the status 要フォロー; its note says what to find out. The owner,
the due date and the done flag are fields of the answer (``followup_*``), changed like any other
field (``app.hearing.operations.update_answer``: one transaction, one undo step).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.core.i18n import name_key
from app.core.workspace import Workspace
from app.hearing.answers import AnswerService
from app.hearing.checklist import ItemRef, hearing_checklist, walk
from app.hearing.model import Answer
from app.hearing.sessions import SessionService

TEAM_ITEM = "hearing.basics.team"  # names in its "name" column
ROLES_ITEM = "hearing.basics.tasks_roles"  # names in its "assignee" column


@dataclass(frozen=True)
class FollowUp:
    ref: ItemRef
    answer: Answer
    order: int  # the item's place in the checklist

    @property
    def owner(self) -> str:
        return self.answer.followup_owner

    @property
    def owner_key(self) -> str:
        """Who the owner is, whatever the case, spacing and width it was typed with ("Tanaka", "tanaka ",
        「ＰＭ」 and 「PM」): the same key as the WBS's people (:func:`app.core.i18n.name_key`)."""
        return name_key(self.owner)

    @property
    def done(self) -> bool:
        return self.answer.followup_done


def follow_ups(ws: Workspace, project_id: int, answers: dict[str, Answer] | None = None) -> list[FollowUp]:
    """Every item of the hearing checklist that is 要フォロー (done or not), in the checklist's order."""
    answers = AnswerService(ws.db, ws.library).answers(project_id) if answers is None else answers
    return [FollowUp(ref, a, n) for n, ref in enumerate(walk(hearing_checklist(ws.library)))
            if (a := answers.get(ref.item.id)) is not None and a.is_follow_up]


def by_owner_and_due(items: list[FollowUp]) -> list[FollowUp]:
    """Open ones first, by owner (no owner last), then by due date (undated last), then in the
    checklist's order; the done ones after them, by due date."""
    def key(f: FollowUp) -> tuple:
        due = f.answer.followup_due
        owner = (not f.owner_key, f.owner_key) if not f.done else (False, "")
        return (f.done, *owner, due is None, due or dt.date.max, f.order)

    return sorted(items, key=key)


def owner_suggestions(ws: Workspace, project_id: int, answers: dict[str, Answer] | None = None) -> list[str]:
    """Names to offer as a follow-up's owner: the hearing's team and stakeholders, the owners of its
    roles table, the sessions' attendees, who answered, the owners already given; each person once
    (spelt as first found)."""
    answers = AnswerService(ws.db, ws.library).answers(project_id) if answers is None else answers
    names: list[str] = []
    seen: set[str] = set()  # name_key: 「ＰＭ」 after 「PM」 is the same person, offered once

    def add(name: object) -> None:
        text = " ".join(str(name or "").split())
        if text and name_key(text) not in seen:
            seen.add(name_key(text))
            names.append(text)

    for item_id, column in ((TEAM_ITEM, "name"), (ROLES_ITEM, "assignee")):
        answer = answers.get(item_id)
        for value in (answer.value, answer.later) if answer is not None else ():
            for row in value if isinstance(value, list) else []:
                if isinstance(row, dict):
                    add(row.get(column))
    for session in SessionService(ws.db).list(project_id):
        for attendee in session.attendees:
            add(attendee)
    for answer in answers.values():
        add(answer.answered_by)
    for answer in answers.values():
        add(answer.followup_owner)
    return names

"""Follow-ups: the items left 要フォロー, with who follows each up, by when, and whether it is done: the hearing's and
the System planning page's (the window's header counts both; each names the page it is on).

A follow-up is an answer with the status 要フォロー; its note says what to find out. The owner,
the due date and the done flag are fields of the answer (``followup_*``), changed like any other
field (``app.hearing.operations.update_answer``: one transaction, one undo step).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.core.content.loader import ContentLibrary
from app.core.content.model import Localized
from app.core.i18n import Lang, name_key
from app.core.workspace import Workspace
from app.hearing.answers import AnswerService
from app.hearing.checklist import ItemRef, hearing_checklist, walk
from app.hearing.model import Answer
from app.hearing.sessions import SessionService

SYSTEM_PLANNING = "system_planning"  # the System planning page's checklist: its items are followed up too
TEAM_ITEM = "hearing.basics.team"  # names in its "name" column
ROLES_ITEM = "hearing.basics.tasks_roles"  # names in its "assignee" column


@dataclass(frozen=True)
class FollowUp:
    ref: ItemRef
    answer: Answer
    order: int  # the item's place in the checklists (the hearing's first)
    page: Localized | None = None  # the page the item is on when not the Hearing page (System planning)

    def place(self, lang: Lang) -> str:
        """Where the item is: its sections, after the page's name when not the hearing's (システム化計画 › 3. 処理フロー、DFD)."""
        return " › ".join(filter(None, (self.page.get(lang) if self.page is not None else "", self.ref.section_path(lang))))

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


def paged_refs(library: ContentLibrary) -> list[tuple[ItemRef, Localized | None]]:
    """The items the hearing's commands, follow-ups and minutes take: the hearing checklist's (page None), then the
    System planning page's with its title (the page named beside each), each in its checklist's order."""
    refs: list[tuple[ItemRef, Localized | None]] = [(ref, None) for ref in walk(hearing_checklist(library))]
    if (planning := library.checklists.get(SYSTEM_PLANNING)) is not None:
        refs += [(ref, planning.title) for ref in walk(planning)]
    return refs


def follow_ups(ws: Workspace, project_id: int, answers: dict[str, Answer] | None = None) -> list[FollowUp]:
    """Every item that is 要フォロー (done or not): the hearing checklist's, then the System planning page's, each in
    its checklist's order."""
    answers = AnswerService(ws.db, ws.library).answers(project_id) if answers is None else answers
    refs = paged_refs(ws.library)
    return [FollowUp(ref, a, n, page) for n, (ref, page) in enumerate(refs)
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

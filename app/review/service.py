"""The Review page's service: the checklists, a project's answers, scores and suggestions, in one view.

:func:`review_view` reads everything a page or a report shows at once; the changes are the
operations of :mod:`app.review.operations`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from app.core.documents import DocumentService
from app.core.errors import NotFoundError
from app.core.messages import Label
from app.review.model import ReviewChecklist, ReviewItem
from app.review.prefill import ProjectFacts, Suggestion, suggestions
from app.review.scoring import KIND, ChecklistScore, ItemAnswer, answers_of, is_met, score_checklist

if TYPE_CHECKING:
    from app.core.content.loader import ContentLibrary
    from app.core.i18n import Lang
    from app.core.workspace import Workspace

CONTENT_TYPE = "review_checklist"


def review_checklists(library: ContentLibrary) -> list[ReviewChecklist]:
    """The review checklists in force (a user's file with a shipped id replaces it), in page order."""
    found = [c for c in library.documents.get(CONTENT_TYPE, {}).values() if isinstance(c, ReviewChecklist)]
    return sorted(found, key=lambda c: (c.order, c.id))


def find_item(library: ContentLibrary, checklist_id: str, item_id: str | None = None) -> tuple[ReviewChecklist, ReviewItem | None]:
    checklist = next((c for c in review_checklists(library) if c.id == checklist_id), None)
    if checklist is None:
        raise NotFoundError(key="review.unknown_checklist", checklist=checklist_id)
    if item_id is None:
        return checklist, None
    item = checklist.item(item_id)
    if item is None:
        raise NotFoundError(key="review.unknown_item", checklist=Label(ja=checklist.title.ja, en=checklist.title.en), item=item_id)
    return checklist, item


def item_label(library: ContentLibrary, path: str) -> Label | None:
    """The checklist item a stored path of the review document names (``answers.<checklist>.<item>.<field>``,
    as a refused change names it), by its label; None when it names none."""
    for checklist in review_checklists(library):
        rest = path.removeprefix(f"answers.{checklist.id}.")
        if rest == path:
            continue
        item = checklist.item(rest) or checklist.item(rest.rpartition(".")[0])
        if item is not None:
            return Label(ja=item.label.ja, en=item.label.en)
    return None


@dataclass(frozen=True)
class ItemView:
    item: ReviewItem
    answer: ItemAnswer
    met: bool
    task: str | None  # the linked WBS task as "code title", None when there is none (or it was deleted)
    suggestions: list[Suggestion]


@dataclass(frozen=True)
class ChecklistView:
    checklist: ReviewChecklist
    score: ChecklistScore
    items: dict[str, ItemView]  # by item id, in checklist order
    suggestions: list[Suggestion]


@dataclass(frozen=True)
class ReviewView:
    project_id: int
    checklists: list[ChecklistView]
    document: dict  # the stored document: the ``base`` an editor passes back with an edit
    facts: ProjectFacts | None = None  # what the suggestions were worked out from (see :func:`with_document`)
    tasks: dict[int, str] = field(default_factory=dict)  # the linked tasks' names by uid ("code title")

    def checklist(self, checklist_id: str) -> ChecklistView:
        return next(c for c in self.checklists if c.checklist.id == checklist_id)


def stored(ws: Workspace, project_id: int) -> dict:
    return DocumentService(ws.db).get(project_id, KIND)


def review_view(ws: Workspace, project_id: int, lang: Lang | None = None) -> ReviewView:
    """Every review checklist with the project's answers, section scores, linked tasks and suggestions; with
    ``lang`` (a report in it) the linked tasks named as a document in that language names them."""
    from app.wbs import WbsService, wbs_catalog, worded_tree

    doc = stored(ws, project_id)
    facts = ProjectFacts.gather(ws, project_id)
    tree = WbsService(ws.db).tree(project_id)
    if lang is not None:
        tree = worded_tree(tree, wbs_catalog(ws.library), lang)
    by_uid = {t.uid: f"{tree.codes.get(t.id, '')} {t.title}".strip() for t in tree.tasks.values()}
    return _view(ws.library, project_id, doc, facts, by_uid)


def with_document(view: ReviewView, library: ContentLibrary, doc: dict) -> ReviewView:
    """``view`` with the review document a change of this window left (an edit saved, undone, redone): its
    answers, scores, met items and suggestions worked out again without reading the database (the facts and
    the linked tasks' names as read with ``view``), so a page shows what was saved at once, not what it read
    before until its read again is in (over a VPN, seconds)."""
    facts = view.facts
    if facts is None:
        return view
    return _view(library, view.project_id, doc, facts, view.tasks)


def _view(library: ContentLibrary, project_id: int, doc: dict, facts: ProjectFacts, by_uid: dict[int, str]) -> ReviewView:
    views = []
    for checklist in review_checklists(library):
        answers = answers_of(doc, checklist.id)
        offered = suggestions(checklist, answers, facts)
        items = {}
        for item in checklist.items():
            answer = answers.get(item.id, ItemAnswer())
            items[item.id] = ItemView(
                item, answer, is_met(checklist, item, answer),
                by_uid.get(answer.task_uid) if answer.task_uid is not None else None,
                [s for s in offered if s.item_id == item.id],
            )  # fmt: skip
        views.append(ChecklistView(checklist, score_checklist(checklist, answers), items, offered))
    return ReviewView(project_id, views, doc, facts, by_uid)

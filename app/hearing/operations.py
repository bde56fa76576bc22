"""The hearing's operations: answer edits, hypothesis confirmation, hearing-sheet import (see app/core/operations.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from app.core.errors import ConflictError, UserError
from app.core.operations import Change, Choice, Operation, Part, Restore, refuse_if_deleted
from app.core.storage.authors import authored

if TYPE_CHECKING:
    from app.core.workspace import Workspace
    from app.hearing.answers import AnswerService
    from app.hearing.model import Answer
    from app.hearing.sheet_import import SheetPlan


def _answer_fields(answer: Answer) -> dict[str, Any]:
    from app.hearing.answers import EDITABLE

    return answer.model_dump(include=set(EDITABLE))


def _answer_values(snapshot: dict[str, Answer]) -> dict[str, dict[str, Any]]:
    """What of a snapshot of answers counts as a change: the values, not when they were written."""
    return {item_id: _answer_fields(answer) for item_id, answer in snapshot.items()}


def _answer_change(project_id: int, before: dict[str, Answer], after: dict[str, Answer], detail: Any = None) -> Change:
    changed = {i for i in after if _answer_fields(before[i]) != _answer_fields(after[i])}
    return Change(
        project_id,
        frozenset({Part.ANSWERS}) if changed else frozenset(),
        items=frozenset(changed),
        before={i: before[i] for i in changed},
        after={i: after[i] for i in changed},
        restore=_restore_answers(project_id),
        detail=detail,
        compared=_answer_values,
    )


def _restore_answers(project_id: int) -> Restore:
    def restore(ws: Workspace, target: dict[str, Answer], expected: dict[str, Answer]) -> Change:
        from app.hearing.answers import AnswerService

        def refuse_stale(stored: dict[str, Answer]) -> None:  # (the project gone: no such project, never a conflict)
            stale = [i for i in target if _answer_fields(stored[i]) != _answer_fields(expected[i])]
            if stale:
                raise ConflictError(Part.ANSWERS, stale)

        with authored(ws):
            changes = AnswerService(ws.db, ws.library).restore_all(project_id, target, check=refuse_stale)
        return _answer_change(project_id, {i: c.before for i, c in changes.items()}, {i: c.after for i, c in changes.items()})

    return restore


@dataclass(frozen=True)
class Since:
    """When the answer a command read was last changed (its ``updated_at``; None: never answered). Compared as an
    instant: a time with an offset (``+00:00``, Tokyo's ``+09:00``) is the stored time it names; one without is UTC,
    as times are stored."""

    at: dt.datetime | None

    def same(self, stored: dt.datetime | None) -> bool:
        """Whether ``stored`` (an ``updated_at`` as stored: naive UTC; None: never answered) is this instant."""
        if self.at is None or stored is None:
            return self.at is None and stored is None
        return _naive_utc(self.at) == _naive_utc(stored)


def _naive_utc(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(dt.UTC).replace(tzinfo=None) if moment.tzinfo is not None else moment


def update_answer(
    project_id: int, item_id: str, *, base: Answer | None = None, source: str = "ui", as_hypothesis: bool = False,
    unchanged_since: Since | None = None, **fields: Any,
) -> Operation:  # fmt: skip
    """Change some fields of one answer. With ``base`` (the answer the editor showed), a field
    someone else changed since is refused as a conflict instead of overwritten; with ``unchanged_since``
    (when the answer a command read was last changed), any change since is refused (naming when and by whom)."""

    def op(ws: Workspace) -> Change:
        from app.hearing.answers import AnswerService

        service = AnswerService(ws.db, ws.library)

        def check(stored: Answer) -> None:  # on the answer the update reads (the project there): no read of its own
            _refuse_stale(stored, item_id, base, fields)
            if unchanged_since is not None:
                _refuse_changed_since(service, stored, project_id, unchanged_since)

        with authored(ws):
            change = service.update(project_id, item_id, source=source, as_hypothesis=as_hypothesis, check=check, **fields)
        return _answer_change(project_id, {item_id: change.before}, {item_id: change.after}, detail=change)

    return op


def _refuse_changed_since(service: AnswerService, stored: Answer, project_id: int, since: Since) -> None:
    """Any change of ``stored`` (the answer as stored now) since ``since`` is refused, naming when and by whom."""
    from app.core.i18n import local_time
    from app.core.messages import ItemRef, Label

    changed = stored.updated_at
    if not since.same(changed):
        history = service.history(project_id, stored.item_id)
        author = history[-1].author if history and history[-1].author else ""
        when = Label(ja=local_time(changed, "ja", seconds=True), en=local_time(changed, "en", seconds=True)) if changed else ""
        raise UserError(key="answer.changed_since" if author else "answer.changed_since_unknown", item=ItemRef(stored.item_id), when=when, author=author)


def _refuse_stale(stored: Answer, item_id: str, base: Answer | None, fields: dict[str, Any]) -> None:
    """With ``base`` (the answer the editor showed): a field of ``fields`` someone else changed since (``stored``: the
    answer as stored now), to another value than the one to write, is refused as a conflict (:class:`ConflictError`)."""
    if base is None:
        return
    stale = [k for k in fields if k in _answer_fields(base) and getattr(stored, k) != getattr(base, k) and getattr(stored, k) != fields[k]]
    if stale:
        raise ConflictError(Part.ANSWERS, [item_id], stale)


def confirm_hypothesis(project_id: int, item_id: str, *, base: Answer | None = None) -> Operation:
    """The customer confirmed the guess. With ``base`` (the answer the editor showed), a guess someone
    else changed since is refused as a conflict: what is confirmed is the guess the user saw."""

    def op(ws: Workspace) -> Change:
        from app.hearing.answers import AnswerService

        def check(stored: Answer) -> None:  # (the status too: confirming sets it answered, over a 要フォロー someone set since unseen)
            if base is not None:
                _refuse_stale(stored, item_id, base, {"value": base.value, "later": base.later, "status": base.status})

        with authored(ws):
            change = AnswerService(ws.db, ws.library).confirm_hypothesis(project_id, item_id, check=check)
        return _answer_change(project_id, {item_id: change.before}, {item_id: change.after}, detail=change)

    return op


def import_hearing_sheet(plan: SheetPlan, prefer: Choice = "app") -> Operation:
    """Apply a hearing sheet's plan as one transaction and one undo step (``detail``: answers changed).

    ``prefer``: the side of every conflict ("app" or "sheet"), or a choice per field
    (``{(item_id, "later"): "sheet"}``) or per item (``{item_id: "sheet"}``: each conflicting field of it);
    a conflict not named keeps the app's value."""

    def op(ws: Workspace) -> Change:
        from app.core.storage.db import lock_project
        from app.hearing.answers import AnswerService
        from app.hearing.sheet_import import apply_plan

        service = AnswerService(ws.db, ws.library)
        with authored(ws) as s:
            lock_project(s, plan.project_id)  # PostgreSQL: not interleaved with another long operation
            before = {i: service.answer(plan.project_id, i) for i in plan.items}
            count = apply_plan(ws, plan, prefer)
            after = {i: service.answer(plan.project_id, i) for i in plan.items}
        return _answer_change(plan.project_id, before, after, detail=count)

    return op


SESSION_FIELDS = ("held_on", "title", "attendees", "notes")  # what Edit session changes


def start_session(project_id: int, **values: Any) -> Operation:
    """Start the next hearing session (Start session…: ``held_on``, ``title``, ``attendees``), by the operation's
    author (:meth:`SessionService.start`: one still open is never ended unasked). No undo step, but a change every
    page hears of. ``detail``: the session started."""

    def op(ws: Workspace) -> Change:
        from app.hearing.sessions import SessionService

        return Change(project_id, frozenset({Part.SESSIONS}), detail=SessionService(ws.db).start(project_id, **values))

    return op


def end_session(project_id: int) -> Operation:
    """End the session running (End session); ``detail``: the session ended, None when none was running."""

    def op(ws: Workspace) -> Change:
        from app.hearing.sessions import SessionService

        return Change(project_id, frozenset({Part.SESSIONS}), detail=SessionService(ws.db).end(project_id))

    return op


def update_session(project_id: int, number: int, base: dict[str, Any] | None = None, **fields: Any) -> Operation:
    """Set some fields of hearing session ``number`` (date, title, attendees, notes: the minutes' heading
    and メモ) over ``base`` (:meth:`SessionService.update`), as one operation and one undo step. Undo and redo
    write the other side back only where the fields still hold what this change left (else
    :class:`ConflictError`, nothing written). ``detail``: the session as saved."""

    def op(ws: Workspace) -> Change:
        from app.hearing.sessions import SessionService

        service = SessionService(ws.db)
        with ws.db.transaction():
            refuse_if_deleted(ws, project_id)  # the project gone elsewhere: said by its name, not "no session 1"
            was = service.get(project_id, number)
            now = service.update(project_id, number, base=base, **fields)
        keys = sorted(fields)
        return Change(project_id, frozenset({Part.SESSIONS}), before={key: getattr(was, key) for key in keys},
                      after={key: getattr(now, key) for key in keys}, restore=_restore_session(project_id, number), detail=now)  # fmt: skip

    return op


def _restore_session(project_id: int, number: int) -> Restore:
    def restore(ws: Workspace, target: dict[str, Any], expected: dict[str, Any]) -> Change:
        return update_session(project_id, number, base=expected, **target)(ws)

    return restore

"""System-plan operations: copying the prices a project uses into it, the price choice, updating to the catalogue.

Each is an operation of :mod:`app.core.operations` on the project's ``system_plan`` document
(a per-field patch, so another window's change of another field is kept): one transaction, one
:class:`~app.core.operations.Change`, undone by writing the snapshot back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from app.core.operations import Change, Operation, patch_document
from app.system_planning.plan_doc import (
    KIND,
    SystemPlanDoc,
    dump_doc,
    parse_doc,
    updated_to_catalogue,
    with_prices_for,
)

if TYPE_CHECKING:
    from app.core.workspace import Workspace


def stored_doc(ws: Workspace, project_id: int) -> dict[str, Any]:
    from app.core.documents import DocumentService

    return DocumentService(ws.db).get(project_id, KIND)


def load_doc(ws: Workspace, project_id: int) -> SystemPlanDoc:
    return parse_doc(stored_doc(ws, project_id))


def machine_types(ws: Workspace, project_id: int) -> list[str]:
    """The machine types the process-flow table names (as saved)."""
    from app.hearing import AnswerService
    from app.system_planning.service import PROCESSES

    answer = AnswerService(ws.db, ws.library).answers(project_id).get(PROCESSES)
    rows = answer.value if answer is not None and isinstance(answer.value, list) else []
    return [str(r.get("instance_type") or "").strip() for r in rows if isinstance(r, dict)]


def _patch_to(ws: Workspace, project_id: int, base: dict[str, Any], target: SystemPlanDoc) -> Change:
    from app.system_planning.service import catalogue

    target = with_prices_for(target, machine_types(ws, project_id), catalogue(ws.library))
    return patch_document(project_id, KIND, base, dump_doc(target))(ws)


def pin_prices(project_id: int) -> Operation:
    """Copy the catalogue's prices of every machine type the processes name and the project has none for.

    Changes nothing when every type is priced already (or the catalogue does not list it).
    """

    def op(ws: Workspace) -> Change:
        with ws.db.transaction():
            base = stored_doc(ws, project_id)
            return _patch_to(ws, project_id, base, parse_doc(base))

    return op


def set_price_choice(project_id: int, base: dict[str, Any], *, price_kind: str | None = None, region: str | None = None) -> Operation:
    """Price the plan on-demand, reserved or spot, and/or in another region (whose prices are copied in)."""

    def op(ws: Workspace) -> Change:
        update: dict[str, Any] = {}
        if price_kind is not None:
            update["price_kind"] = price_kind
        if region is not None:
            update["region"] = region.strip()
        target = parse_doc(dump_doc(parse_doc(base)) | update)
        with ws.db.transaction():
            return _patch_to(ws, project_id, base, target)

    return op


def update_prices(project_id: int, base: dict[str, Any]) -> Operation:
    """Replace the project's copied prices by the current catalogue's (one undoable step)."""

    def op(ws: Workspace) -> Change:
        from app.system_planning.service import catalogue

        with ws.db.transaction():
            return _patch_to(ws, project_id, base, updated_to_catalogue(parse_doc(base), catalogue(ws.library)))

    return op

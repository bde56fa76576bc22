"""fix16l (review): project documents named by what the user calls them, the review's evidence
refused by item and column, typing kept over a reload, drafts kept per project."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app import features
from app.core.errors import ConflictError
from app.core.operations import Part
from app.core.storage.models import ProjectDocument
from app.ui.error_text import user_text


def stored_kinds() -> list[str]:
    """Every kind of project document a feature or the project level writes, from its own constant."""
    from app.core.project import AGREEMENT_KIND
    from app.environment.model import DOCUMENT_KIND
    from app.projects.baselines.store import SNAPSHOT_KIND
    from app.projects.suspects import KIND as SUSPECTS
    from app.proposal.service import KIND as PROPOSAL
    from app.review.scoring import KIND as REVIEW
    from app.system_planning.plan_doc import KIND as SYSTEM_PLAN
    from app.wbs.resources.people import KIND as PEOPLE
    from app.wbs.store import META_KIND
    from app.wbs.tracking.baselines import KIND as TRACKING

    return [AGREEMENT_KIND, SNAPSHOT_KIND + "3", SUSPECTS, PROPOSAL, REVIEW, SYSTEM_PLAN, PEOPLE, META_KIND, TRACKING,
            *DOCUMENT_KIND.values()]  # fmt: skip


@pytest.mark.parametrize("kind", stored_kinds())
def test_every_stored_document_has_a_label_in_both_languages(kind, library) -> None:
    label = features.document_label(kind)
    assert label is not None, kind
    assert label.ja and label.en and kind not in (label.ja, label.en), label
    ja = user_text(ConflictError(Part.DOCUMENTS, [kind]), "ja", library)
    en = user_text(ConflictError(Part.DOCUMENTS, [kind]), "en", library)
    assert f"「{label.ja}」" in ja and kind not in ja, ja
    assert f"“{label.en}”" in en, en


def test_the_documents_of_the_demo_project_are_named_in_japanese(demo, workspace, library) -> None:
    with workspace.db.session() as s:
        kinds = sorted(set(s.scalars(select(ProjectDocument.kind).where(ProjectDocument.project_id == demo.id))))
    assert {"review", "system_plan", "proposal"} <= set(kinds)
    for kind in kinds:
        text = user_text(ConflictError(Part.DOCUMENTS, [kind]), "ja", library)
        assert not re.search(r"「[a-z_][a-z_.0-9]*」", text), text


def test_an_unknown_kind_has_no_label() -> None:
    assert features.document_label("no_such_document") is None
    assert features.document_label("agreement_baseline") is None  # the prefix itself is no snapshot


def test_a_too_long_text_is_refused_naming_the_item_and_its_column(workspace, library) -> None:
    from app.core.limits import TextTooLong
    from app.core.projects import ProjectService
    from app.review import set_fields
    from app.review.model import TEXT_FIELD
    from app.review.service import review_checklists, stored

    project = ProjectService(workspace.db).create("長すぎる根拠")
    columns = {"evidence": ("根拠", "Evidence"), "note": ("メモ", "Note")}
    for checklist in review_checklists(library):
        item = next(iter(checklist.items()))
        name = TEXT_FIELD[checklist.scoring]
        with pytest.raises(TextTooLong) as caught:
            set_fields(project.id, checklist.id, item.id, {name: "長" * 100_001})(workspace)
        ja, en = caught.value.text("ja", library), caught.value.text("en", library)
        assert ja.startswith(f"「{item.label.ja}」の{columns[name][0]}: 100,001 文字"), ja
        assert en.startswith(f"“{item.label.en}”, {columns[name][1]}: 100,001 characters"), en
    assert stored(workspace, project.id) == {}  # nothing written
    set_fields(project.id, checklist.id, item.id, {name: "長" * 100_000})(workspace)  # the limit itself fits
    assert stored(workspace, project.id)["answers"][checklist.id][item.id][name] == "長" * 100_000

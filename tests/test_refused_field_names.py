"""An undo refused because another window changed the same field of a project document since names that
field as its page does (break-it 52b): the environment's field, the review's checklist item, the person,
the proposal's section; not the whole document (「実験環境」「レビュー」「要員」「導入提案」), in either language."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from app import features
from app.core import operations as ops
from app.core.errors import ConflictError
from app.core.projects import ProjectService
from app.ui.error_text import user_text
from app.wbs.resources.people import KIND as PEOPLE


def _field(library, kind: str) -> tuple[tuple[str, ...], str, str]:
    """A field of ``kind`` as stored (its path), and its label in Japanese and English."""
    if kind == "environment":
        from app.environment.service import form_in

        label = form_in(library).field("frameworks").label
        return ("values", "frameworks"), label.ja, label.en
    if kind == "review":
        from app.review.service import find_item

        _, item = find_item(library, "ml_test_score", "model.spec_reviewed")
        assert item is not None
        return ("answers", "ml_test_score", "model.spec_reviewed", "score"), item.label.ja, item.label.en
    if kind == "proposal":
        from app.proposal.content import proposal_content

        section = proposal_content(library).template.section("background")
        assert section is not None
        return ("texts", "background", "ja"), section.title.ja, section.title.en
    return ("people", "高橋", "percent"), "高橋", "高橋"


def _write(project_id: int, kind: str, path: tuple[str, ...], value: Any) -> ops.Operation:
    def change(_ws, doc: dict[str, Any]) -> dict[str, Any]:
        doc = copy.deepcopy(doc)
        node = doc
        for key in path[:-1]:
            node = node.setdefault(key, {})
        node[path[-1]] = value
        return doc

    return ops.edit_document(project_id, kind, change)


@pytest.mark.parametrize("kind", ["environment", "review", PEOPLE, "proposal"])
def test_a_refused_undo_names_the_field_the_other_window_changed(workspace, library, kind) -> None:
    pid = ProjectService(workspace.db).create("案件").id
    path, ja, en = _field(library, kind)
    mine = ops.run(workspace, _write(pid, kind, path, "mine"))
    ops.run(workspace, _write(pid, kind, path, "theirs"))  # the colleague, since
    with pytest.raises(ConflictError) as refused:
        ops.run(workspace, ops.undo_op(mine))
    document = features.document_label(kind)
    assert document is not None
    said_ja, said_en = user_text(refused.value, "ja", library), user_text(refused.value, "en", library)
    assert f"「{ja}」" in said_ja and f"「{document.ja}」" not in said_ja, said_ja
    assert f"“{en}”" in said_en and f"“{document.en}”" not in said_en, said_en


def test_a_field_no_page_names_leaves_the_document_named(library) -> None:
    error = ConflictError(ops.Part.DOCUMENTS, ["data_platform"], ["locations.raw.path"])  # a table's cell
    assert "「データ基盤・CI」" in user_text(error, "ja", library)
    assert features.document_field_label(library, "review", "answers.no_such_list.x.score") is None
    assert features.document_field_label(library, "no_such_document", "values.frameworks") is None
    # a person's own conflict (the People dialog) names the person, as before
    assert "「高橋」" in user_text(ConflictError(ops.Part.DOCUMENTS, ["高橋"], ["percent"]), "ja", library)

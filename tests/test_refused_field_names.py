"""An undo refused because another window changed the same field of a project document since names that
field as its page does (break-it 52b): the environment's field, the review's checklist item, the person,
the proposal's section, a cell of the Data platform & CI tables or of the proposal's effort table (its table,
row and column: break-it 52d); not the whole document (「実験環境」「レビュー」「要員」「導入提案」), in either language."""

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


def _cell(library, kind: str) -> tuple[tuple[str, ...], str, str]:
    """A cell of a page's table as stored (its path), and its name in Japanese and English: the table, the
    row and the column by their labels, as the page's other messages name it."""
    if kind == "location":
        from app.environment.service import form_in

        raw = next(k for k in form_in(library).data_kinds if k.id == "raw")
        return ("locations", "raw", "path"), f"置き場所「{raw.label.ja}」のパス", f"Storage location {raw.label.en}, path"
    if kind == "dataset":
        return ("datasets", "sales.v2", "owner"), "データセット「sales.v2」の担当者", "Dataset sales.v2, owner"
    from app.proposal.content import proposal_content

    template = proposal_content(library).template
    task = template.task(3)
    ja, en = template.role_label("ds", "ja"), template.role_label("ds", "en")
    return ("effort", "3", "ds"), f"工数「3. {task.title.ja}」の{ja}", f"Effort 3. {task.title.en}, {en}"


@pytest.mark.parametrize("cell", ["location", "dataset", "effort"])
def test_a_refused_undo_of_a_table_cell_names_the_table_row_and_column(workspace, library, cell) -> None:
    kind = "proposal" if cell == "effort" else "data_platform"
    pid = ProjectService(workspace.db).create("案件").id
    path, ja, en = _cell(library, cell)
    mine = ops.run(workspace, _write(pid, kind, path, "mine"))
    ops.run(workspace, _write(pid, kind, path, "theirs"))  # the colleague, since
    with pytest.raises(ConflictError) as refused:
        ops.run(workspace, ops.undo_op(mine))
    document = features.document_label(kind)
    assert document is not None
    said_ja, said_en = user_text(refused.value, "ja", library), user_text(refused.value, "en", library)
    assert f"「{ja}」" in said_ja and f"「{document.ja}」" not in said_ja, said_ja
    assert f"“{en}”" in said_en and f"“{document.en}”" not in said_en, said_en


def test_a_cell_the_page_refuses_to_overwrite_names_the_cell(workspace, library) -> None:
    """The page's own write of a cell someone else set since (``expected``) names the cell too, not 「パス」
    alone or the page."""
    from app.environment.service import EnvironmentService

    pid = ProjectService(workspace.db).create("案件").id
    service = EnvironmentService(workspace)
    service.set_location(pid, "raw", "path", "s3://theirs/raw")
    with pytest.raises(ConflictError) as refused:
        service.set_location(pid, "raw", "path", "s3://mine/raw", expected=None)
    _, ja, _ = _cell(library, "location")
    assert f"「{ja}」" in user_text(refused.value, "ja", library)


def test_a_field_no_page_names_leaves_the_document_named(library) -> None:
    for kind, path in [("data_platform", "locations.raw_v2.path"), ("data_platform", "locations.raw.no_such_column"),
                       ("proposal", "effort.9.ds"), ("proposal", "effort.3.no_such_role"), ("proposal", "rows.x"),
                       ("proposal", "rows.2.no_such_column")]:  # fmt: skip
        document = features.document_label(kind)
        assert document is not None
        said = user_text(ConflictError(ops.Part.DOCUMENTS, [kind], [path]), "ja", library)
        assert f"「{document.ja}」" in said, (path, said)
    # the problems table is a section the page shows: named by its title (fix67b1), a row and a cell by its number and column
    assert "「課題と対策案」" in user_text(ConflictError(ops.Part.DOCUMENTS, ["proposal"], ["rows"]), "ja", library)
    assert "「課題と対策案: 2行目 / 対策案」" in user_text(ConflictError(ops.Part.DOCUMENTS, ["proposal"], ["rows.1.countermeasure"]), "ja", library)
    assert features.document_field_label(library, "review", "answers.no_such_list.x.score") is None
    assert features.document_field_label(library, "no_such_document", "values.frameworks") is None
    # a person's own conflict (the People dialog) names the person, as before
    assert "「高橋」" in user_text(ConflictError(ops.Part.DOCUMENTS, ["高橋"], ["percent"]), "ja", library)

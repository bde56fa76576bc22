"""fix66e3: a sign-off typed over the fields kept for the next signer comes back with them after a kill, and the
untouched form (only the kept fields) is still no typing; a project file's documents read with a model (要員, 導入提案,
システム化計画, 要確認の項目) refused at import when that model refuses them, naming the document (and the person or
section the page names), in the UI's language; those read leniently (レビュー, 合意ベースライン) stay usable."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from app.core import operations as ops
from app.core.documents import DocumentService
from app.core.errors import RefusedImportError, ValidationFailed
from app.core.projects import ProjectService
from app.projects import baselines as bl
from app.projects import suspects, transfer
from tests.gui_helpers import close_window, make_window, settle
from tests.test_drafts_on_disk_pages import crash, kept_drafts

# --- the sign-off form ------------------------------------------------------------------------


def _signed_once(qtbot, workspace, db_path):
    from app.ui.baselines.dialog import BaselinesDialog

    pid = ProjectService(workspace.db).create("案件", lang="ja").id
    ops.run(workspace, bl.create_op(pid, "キックオフ合意"))
    workspace.close()
    window = make_window(qtbot, db_path, global_lang="ja", global_project=str(pid))
    settle(window)
    dialog = BaselinesDialog(window.state, window)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.table.selectRow(0)
    dialog.who.insert("山田 太郎")
    dialog.role.insert("部長")
    dialog.org.insert("顧客株式会社")
    dialog.sign_button.click()
    qtbot.waitUntil(lambda: not dialog.busy)
    settle(window)
    return window, dialog, pid


def _reopened(qtbot, db_path, pid):
    from app.ui.baselines.dialog import BaselinesDialog

    again = make_window(qtbot, db_path, global_lang="ja", global_project=str(pid))
    settle(again)
    dialog = BaselinesDialog(again.state, again)
    dialog.show()
    qtbot.waitExposed(dialog)
    return again, dialog


@pytest.mark.parametrize("typing", ["none", "typed back"])
def test_the_kept_fields_alone_are_no_typing_kept_after_a_kill(qtbot, workspace, db_path, typing: str) -> None:
    window, dialog, pid = _signed_once(qtbot, workspace, db_path)
    assert (dialog.role.text(), dialog.org.text()) == ("部長", "顧客株式会社")  # kept for the next signer
    if typing == "typed back":
        dialog.role.selectAll()
        dialog.role.insert("課長")
        dialog.role.selectAll()
        dialog.role.insert("部長")
    qtbot.wait(900)  # past the pause after which typing is kept
    assert not [d for d in kept_drafts() if d["item_id"] == "dialog:signoff"]
    crash(window)
    again, dialog = _reopened(qtbot, db_path, pid)
    try:
        assert (dialog.who.text(), dialog.role.text(), dialog.org.text(), dialog.comment.text()) == ("", "", "", "")
        assert dialog.sign_draft.note is None  # nothing said back as unsaved typing
    finally:
        dialog.reject()
        close_window(again)


def test_a_comment_typed_for_the_next_signer_comes_back_with_the_kept_fields(qtbot, workspace, db_path) -> None:
    window, dialog, pid = _signed_once(qtbot, workspace, db_path)
    dialog.comment.insert("了承")
    qtbot.waitUntil(lambda: any(d["item_id"] == "dialog:signoff" for d in kept_drafts()))
    crash(window)
    again, dialog = _reopened(qtbot, db_path, pid)
    try:
        assert (dialog.role.text(), dialog.org.text(), dialog.comment.text()) == ("部長", "顧客株式会社", "了承")
        assert dialog.sign_draft.note is not None
    finally:
        dialog.reject()
        close_window(again)


# --- a project file's documents ---------------------------------------------------------------


def _file(workspace, demo, kind: str, data: dict[str, Any]) -> dict[str, Any]:
    exported = transfer.export_data(workspace.db, demo.id)
    exported["project"]["uuid"], exported["project"]["name"] = str(uuid.uuid4()), "手で直したファイル"
    exported["documents"] = [d for d in exported["documents"] if d["kind"] != kind]
    exported["documents"].append({"kind": kind, "data": data, "updated_at": "2026-12-01T00:00:00+00:00"})
    return exported


def _refused(workspace, demo, kind: str, data: dict[str, Any]) -> RefusedImportError:
    before = ProjectService(workspace.db).count()
    with pytest.raises(RefusedImportError) as refused:
        transfer.import_data(workspace.db, _file(workspace, demo, kind, data), source="p.json", library=workspace.library)
    assert ProjectService(workspace.db).count() == before
    return refused.value


def test_a_person_of_another_shape_is_refused_naming_the_people_and_the_person(workspace, demo) -> None:
    refused = _refused(workspace, demo, "wbs_resources", {"version": 1, "people": {"田中": "PM"}})
    ja, en = refused.text("ja"), refused.text("en")
    assert "「要員」" in ja and "田中" in ja and "オブジェクトではありません" in ja and "people" not in ja, ja
    assert "“People”" in en and "田中" in en and "people." not in en, en


def test_a_proposal_section_of_another_shape_is_refused_naming_the_section(workspace, demo) -> None:
    refused = _refused(workspace, demo, "proposal", {"texts": {"purpose": "平文の目的"}})
    ja, en = refused.text("ja"), refused.text("en")
    assert "「導入提案」" in ja and "MLOps導入の目的" in ja and "texts" not in ja, ja
    assert "“Kickoff proposal”" in en and "Purpose of introducing MLOps" in en and "texts" not in en, en


def test_a_system_plan_of_another_shape_is_refused_naming_it(workspace, demo) -> None:
    refused = _refused(workspace, demo, "system_plan", {"prices": "m5.large"})
    ja, en = refused.text("ja"), refused.text("en")
    assert "「システム化計画」" in ja and "このプロジェクトの料金" in ja and "prices" not in ja and "p.json" in ja, ja
    assert "“System planning”" in en and "Prices in this project" in en, en


@pytest.mark.parametrize("reviewed", ["x", {"hearing.basics.schedule": "来週"}, {"hearing.basics.schedule": "2026-01-01T00:00:00+09:00"}])
def test_suspect_reviews_of_another_shape_are_refused_naming_them(workspace, demo, reviewed: Any) -> None:
    refused = _refused(workspace, demo, "suspect_reviews", {"version": 1, "task:17": reviewed})
    ja = refused.text("ja")
    assert "「要確認の項目」" in ja and "WBSタスク" in ja and "task:" not in ja, ja
    if isinstance(reviewed, dict):  # the hearing item whose change was reviewed, by its label
        assert "hearing.basics" not in ja and workspace.library.item("hearing.basics.schedule").label.ja in ja, ja


def test_suspect_reviews_stored_damaged_are_said_in_one_line(workspace, demo) -> None:
    DocumentService(workspace.db).put(demo.id, suspects.KIND, {"task:17": "x"})
    with pytest.raises(ValidationFailed) as damaged:
        suspects.reviews(workspace, demo.id)
    assert "要確認の項目" in damaged.value.text("ja")


def test_suspect_reviews_as_the_app_writes_them_are_imported(workspace, demo) -> None:
    data = {"version": 1, "task:17": {"hearing.basics.schedule": "2026-01-01T00:00:00.000001", "hearing.basics.team": None}}
    new = transfer.import_data(workspace.db, _file(workspace, demo, "suspect_reviews", data), library=workspace.library)
    assert suspects.reviews(workspace, new)["task:17"]["hearing.basics.schedule"] == "2026-01-01T00:00:00.000001"


def test_a_review_answer_of_another_shape_reads_as_unanswered_and_can_be_answered(workspace, demo) -> None:
    from app.review import operations as review_ops
    from app.review import review_checklists
    from app.review.service import review_view

    checklist = review_checklists(workspace.library)[0]
    item = next(iter(checklist.items()))
    data = {"answers": {checklist.id: {item.id: "yes"}}}
    new = transfer.import_data(workspace.db, _file(workspace, demo, "review", data), library=workspace.library)
    assert review_view(workspace, new).checklist(checklist.id).items[item.id].answer.score is None
    field = "evidence" if checklist.scoring.value == "ml_test_score" else "note"
    ops.run(workspace, review_ops.set_fields(new, checklist.id, item.id, {field: "確認済み"}))
    assert getattr(review_view(workspace, new).checklist(checklist.id).items[item.id].answer, field) == "確認済み"


def test_an_agreement_baseline_of_another_shape_reads_as_none_and_can_be_made(workspace, demo) -> None:
    new = transfer.import_data(workspace.db, _file(workspace, demo, "agreement_baselines", {"baselines": {"合意": "平文"}}),
                               library=workspace.library)
    assert bl.baselines(workspace, new) == []
    ops.run(workspace, bl.create_op(new, "合意"))
    ops.run(workspace, bl.sign_op(new, "合意", "山田 太郎"))
    assert [(b.name, [s.who for s in b.signoffs]) for b in bl.baselines(workspace, new)] == [("合意", ["山田 太郎"])]

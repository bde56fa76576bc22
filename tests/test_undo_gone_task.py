"""Undo of a step whose task another window or script deleted since says it was deleted, not "changed"
(breaker 63b / 62d: 「新しいタスクはその後に別の場所で変更されました」 for an added task a script deleted)."""

from __future__ import annotations

import pytest

from app.core import operations as ops
from app.core.errors import ConflictError, error_as_json, error_from_json
from app.ui.error_text import user_text
from app.ui.translations import install_translations
from app.wbs import operations as wbs_ops
from app.wbs.service import WbsService


def _added_then_deleted_elsewhere(workspace, pid: int) -> ops.Change:
    step = ops.run(workspace, wbs_ops.wbs_op(pid, lambda ws: WbsService(ws.db).add_task(pid, None, title="運用移行", completion_condition="移行した")))
    service = WbsService(workspace.db)
    new = next(t.id for t in service.tree(pid).tasks.values() if t.title == "運用移行")
    service.delete(pid, [new])  # a script's `wbs delete`, another window's Delete
    return step


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_undo_of_an_add_deleted_since_says_deleted_in_the_window_language(workspace, demo, library, qapp, lang) -> None:
    step = _added_then_deleted_elsewhere(workspace, demo.id)
    before = WbsService(workspace.db).tree(demo.id).codes
    with pytest.raises(ConflictError) as refused:
        ops.run(workspace, ops.undo_op(step))
    assert WbsService(workspace.db).tree(demo.id).codes == before  # nothing changed
    install_translations(qapp, lang)
    try:
        said = user_text(refused.value, lang, library)
    finally:
        install_translations(qapp, "en")
    if lang == "ja":
        assert "「運用移行」" in said and "削除" in said and "変更されました" not in said, said
    else:
        assert "“運用移行”" in said and "deleted" in said and "was changed in" not in said, said


def test_a_kept_deleted_conflict_is_said_again_as_deleted(workspace, demo) -> None:
    """A crash draft keeps the error as JSON: read back, it still says deleted."""
    step = _added_then_deleted_elsewhere(workspace, demo.id)
    with pytest.raises(ConflictError) as refused:
        ops.run(workspace, ops.undo_op(step))
    again = error_from_json(error_as_json(refused.value))
    assert isinstance(again, ConflictError) and again.gone and again.ids == refused.value.ids
    assert "削除" in again.text("ja") and "deleted" in again.text("en")


def test_undo_of_a_task_changed_since_still_says_changed(workspace, demo, library) -> None:
    pid = demo.id
    service = WbsService(workspace.db)
    task = service.tree(pid).by_code()["1.1"]
    step = ops.run(workspace, wbs_ops.wbs_op(pid, lambda ws: WbsService(ws.db).update(pid, [task], title="計画を練る")))
    service.update(pid, [task], title="佐藤の題名")  # another window
    with pytest.raises(ConflictError) as refused:
        ops.run(workspace, ops.undo_op(step))
    assert not refused.value.gone
    said = user_text(refused.value, "en", library)
    assert "changed" in said and "deleted" not in said, said

"""A sign-off kept as a draft by a window gone is dropped when the next window's Baselines dialog finds it recorded
(its baseline holds it since the typing began), and given back when it was not: a same sign-off the baseline held
before the typing began is no sign that the draft was recorded."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from app.core import operations as ops
from app.core.errors import UserError
from app.core.projects import ProjectService
from app.projects import baselines as bl
from app.ui.baselines.dialog import BaselinesDialog
from app.ui.hearing.drafts import drafts_of
from tests.gui_helpers import close_dialog, close_window, make_window, settle

TYPED = {"who": "山田 太郎", "role": "部長", "comment": "範囲の変更に合意"}


def _window_with_a_kept_sign_off(qtbot, workspace, db_path, signed_before: int):
    pid = ProjectService(workspace.db).create("案件", lang="ja").id
    ops.run(workspace, bl.create_op(pid, "キックオフ合意"))
    ops.run(workspace, bl.sign_op(pid, "キックオフ合意", "山田 太郎", "部長", comment="範囲の変更に合意"))
    workspace.close()
    window = make_window(qtbot, db_path, global_lang="ja", global_project=str(pid))
    settle(window)
    shown = bl.baselines(window.state.workspace, pid)[0]
    base = {"baseline": shown.name, "id": shown.id, "signoffs": signed_before}  # as the gone window's dialog kept it
    drafts_of(window.state).put(pid, "dialog:signoff", TYPED, UserError(key="ui.dialog_typing", dialog="合意記録"), base=base)
    dialog = BaselinesDialog(window.state, window)
    dialog.show()
    qtbot.waitExposed(dialog)
    return window, dialog, pid


def _notes(dialog) -> list[str]:
    return [label.text() for label in dialog.findChildren(QLabel) if label.isVisible() and label.text()]


def test_a_sign_off_recorded_after_it_was_typed_is_not_offered_again(qtbot, workspace, db_path) -> None:
    window, dialog, pid = _window_with_a_kept_sign_off(qtbot, workspace, db_path, signed_before=0)
    try:
        assert (dialog.who.text(), dialog.role.text(), dialog.comment.text()) == ("", "", "")
        assert drafts_of(window.state).get(pid, "dialog:signoff") is None
        assert any("山田 太郎 の承認は、そのウィンドウが閉じる前に記録されていました" in text for text in _notes(dialog)), _notes(dialog)
        assert not any("記録していなかった承認の内容を戻しました" in text for text in _notes(dialog))
    finally:
        close_dialog(dialog)
        close_window(window)


def test_the_same_sign_off_typed_again_after_one_was_recorded_is_given_back(qtbot, workspace, db_path) -> None:
    window, dialog, pid = _window_with_a_kept_sign_off(qtbot, workspace, db_path, signed_before=1)
    try:
        assert (dialog.who.text(), dialog.role.text(), dialog.comment.text()) == ("山田 太郎", "部長", "範囲の変更に合意")
        assert drafts_of(window.state).get(pid, "dialog:signoff") is not None
        assert any("記録していなかった承認の内容を戻しました" in text for text in _notes(dialog)), _notes(dialog)
    finally:
        close_dialog(dialog)
        close_window(window)

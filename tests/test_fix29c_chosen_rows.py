"""fix29c: what the user chose in the suspect links window and the agreement baselines dialog stays what
their buttons act on while the data changes under them (the window saves, another window takes a baseline
back): kept by what it shows, and when it is gone nothing else is chosen in its place and the dialog says so."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from app.core import operations as ops
from app.hearing.answers import AnswerService
from app.projects import baselines as bl
from app.projects import suspects as core
from app.ui.baselines import dialog as baselines_dialog
from app.ui.baselines.dialog import BaselinesDialog
from app.ui.operations import run_op
from tests.gui_helpers import close_window, make_window, settle

GPU = "hearing.prereq.env_gpu"


def japanese(text: str) -> bool:
    return any("\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff" for ch in text)


def _suspects(window):
    ws, pid = window.state.workspace, window.state.project_id
    ops.run(ws, bl.create_op(pid, "キックオフ"))
    ops.run(ws, bl.sign_op(pid, "キックオフ", who="佐藤", role="PM", org="顧客"))
    answers = AnswerService(ws.db, ws.library)
    answers.update(pid, GPU, value="no" if answers.answer(pid, GPU).value == "yes" else "yes")
    window.suspects_action.trigger()
    settle(window)
    from app.ui.suspects.dialog import SuspectDialog

    return window.findChild(SuspectDialog, "suspectDialog")


def test_a_chosen_suspect_row_gone_meanwhile_leaves_nothing_chosen_and_is_said(japanese_window) -> None:
    window = japanese_window
    dialog = _suspects(window)
    try:
        assert dialog.model.rowCount() >= 2
        dialog.table.selectRow(1)
        chosen = dialog.selected()[0]
        # reviewed in the window's own way, not by this dialog: the row leaves the list
        run_op(window.state, core.clear_op(window.state.project_id, [chosen.suspect]), lambda: "")
        settle(window)
        assert dialog.selected() == []
        assert not dialog.review_button.isEnabled() and not dialog.goto_button.isEnabled()
        status = dialog.status.text()
        assert chosen.name in status and "選択を外しました" in status
        # the window saves again: still nothing chosen (not the first row), still said
        run_op(window.state, lambda _ws: _noop_change(window), lambda: "")
        settle(window)
        assert dialog.selected() == [] and chosen.name in dialog.status.text()
        # the user chooses again: the note has been read
        dialog.table.selectRow(0)
        assert dialog.selected() and chosen.name not in dialog.status.text()
    finally:
        dialog.close()


def _noop_change(window):
    """A change the dialog hears (as any save in the window) that leaves the suspect list as it is."""
    return ops.Change(window.state.project_id, frozenset({ops.Part.DOCUMENTS}))


def test_mark_reviewed_in_the_dialog_is_not_said_as_gone(japanese_window) -> None:
    window = japanese_window
    dialog = _suspects(window)
    try:
        dialog.table.selectRow(0)
        name = dialog.selected()[0].name
        dialog.review_button.click()
        settle(window)
        assert name not in dialog.status.text() and dialog.selected() == []
    finally:
        dialog.close()


def _two_baselines(qtbot, db_path, window):
    """キックオフ made here, 要件合意 in another window (``made``: to take it back there)."""
    ws, pid = window.state.workspace, window.state.project_id
    other = make_window(qtbot, db_path, global_lang="ja")
    ops.run(ws, bl.create_op(pid, "キックオフ"))
    made = ops.run(other.state.workspace, bl.create_op(pid, "要件合意"))
    dialog = BaselinesDialog(window.state, window)
    qtbot.addWidget(dialog)
    dialog.show()
    return other, made, dialog


def test_a_diff_side_removed_in_another_window_is_not_replaced_by_another_baseline(japanese_window, qtbot, db_path, said) -> None:
    window = japanese_window
    other, made, dialog = _two_baselines(qtbot, db_path, window)
    try:
        dialog.from_combo.setCurrentIndex(dialog.from_combo.findData("要件合意"))
        dialog.table.selectRow(0)  # キックオフ for the sign-off: it stays
        ops.run(other.state.workspace, ops.undo_op(made))
        qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=5000)
        assert dialog.from_combo.currentIndex() == -1 and dialog.diff_work() is None
        assert not dialog.diff_button.isEnabled() and not dialog.export_button.isEnabled()
        assert dialog.selected_name() == "キックオフ" and dialog.sign_button.isEnabled()
        assert dialog.note.isVisibleTo(dialog) and "要件合意" in dialog.note.text() and "別のウィンドウ" in dialog.note.text()
        # the user chooses a side again: diff on, the note read
        dialog.from_combo.setCurrentIndex(0)
        dialog.from_combo.activated.emit(0)
        assert dialog.diff_button.isEnabled() and not dialog.note.isVisibleTo(dialog)
        assert said == []
    finally:
        dialog.reject()
        close_window(other)


def test_a_sign_off_selection_removed_while_its_row_index_still_exists_is_not_moved(japanese_window, qtbot, db_path, said) -> None:
    """The first row's baseline taken back while another stays: the row below moves up, not into the choice."""
    window = japanese_window
    ws, pid = window.state.workspace, window.state.project_id
    other = make_window(qtbot, db_path, global_lang="ja")
    made = ops.run(other.state.workspace, bl.create_op(pid, "キックオフ"))
    ops.run(ws, bl.create_op(pid, "要件合意"))
    dialog = BaselinesDialog(window.state, window)
    qtbot.addWidget(dialog)
    dialog.show()
    try:
        dialog.table.selectRow(0)
        assert dialog.selected_name() == "キックオフ"
        ops.run(other.state.workspace, ops.undo_op(made))
        qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=5000)
        assert dialog.selected_name() is None and not dialog.sign_button.isEnabled()
        assert "キックオフ" in dialog.note.text()
    finally:
        dialog.reject()
        close_window(other)


def test_export_writes_the_diff_of_the_two_chosen_now(japanese_window, qtbot, tmp_path: Path, monkeypatch, said) -> None:
    """A diff shown, then another baseline chosen and Export pressed: the export is of the two chosen."""
    window = japanese_window
    ws, pid = window.state.workspace, window.state.project_id
    ops.run(ws, bl.create_op(pid, "キックオフ"))
    ops.run(ws, bl.create_op(pid, "要件合意"))
    dialog = BaselinesDialog(window.state, window)
    qtbot.addWidget(dialog)
    written: list[str] = []
    monkeypatch.setattr(baselines_dialog.messages, "save_file", lambda *_a, **_k: str(tmp_path / "diff.md"))
    monkeypatch.setattr(bl, "write", lambda diff, _name, path: written.append(diff.old_name) or path)
    monkeypatch.setattr(bl, "report", lambda _path: SimpleNamespace(text=lambda _lang: ""))  # (said after: not this test's)
    try:
        dialog.from_combo.setCurrentIndex(dialog.from_combo.findData("キックオフ"))
        dialog.show_diff()
        qtbot.waitUntil(lambda: not dialog.busy and dialog.diff_model.diff is not None, timeout=10000)
        dialog.from_combo.setCurrentIndex(dialog.from_combo.findData("要件合意"))
        dialog.export()
        qtbot.waitUntil(lambda: bool(written) and not dialog.busy, timeout=10000)
        assert written == ["要件合意"]
    finally:
        dialog.reject()


def test_the_chosen_suspect_row_stays_chosen_over_a_language_switch(qtbot, db_path) -> None:
    window = make_window(qtbot, db_path, global_lang="en")
    try:
        dialog = _suspects(window)
        dialog.table.selectRow(1)
        chosen = [dialog.row_key(r) for r in dialog.selected()]
        window.set_ui_lang("ja")
        settle(window)
        assert [dialog.row_key(r) for r in dialog.selected()] == chosen
        assert dialog.review_button.text() == "確認済みにする" and japanese(dialog.selected()[0].kind)
        dialog.close()
    finally:
        close_window(window)

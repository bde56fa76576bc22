"""File ▸ Baselines…: make a baseline, record a sign-off, diff against now and export it (issue 19)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox, QDialog, QLineEdit, QPushButton, QTableView, QTableWidget

from app.core import operations as ops
from app.hearing import operations as hearing_ops
from app.projects import baselines as bl
from app.ui import messages
from tests.gui_helpers import close_window, make_window


def test_the_dialog_creates_signs_and_diffs(qtbot, qtmodeltester, db_path: Path, tmp_path: Path, monkeypatch) -> None:
    window = make_window(qtbot, db_path, global_lang="ja")
    project = window.state.project
    assert project is not None
    monkeypatch.setattr(messages, "ask_text", lambda *a, **k: "キックオフ合意")
    out = tmp_path / "diff.xlsx"
    monkeypatch.setattr(messages, "save_file", lambda *a, **k: str(out))
    said: list[str] = []
    monkeypatch.setattr(messages, "show_info", lambda _parent, text, *a, **k: said.append(text))
    seen: dict[str, object] = {}

    def run(dialog: QDialog) -> int:
        assert dialog.objectName() == "baselinesDialog"
        create = dialog.findChild(QPushButton, "baselineCreateButton")
        create.click()
        # The snapshot is taken on a worker: the buttons wait, the dialog stays open, then the list shows it.
        assert not create.isEnabled() and not dialog.findChild(QPushButton, "baselineSignButton").isEnabled()
        with qtbot.assertNotEmitted(dialog.rejected):
            dialog.reject()  # not while the result is on its way back
        table = dialog.findChild(QTableWidget, "baselinesTable")
        qtbot.waitUntil(lambda: table.rowCount() == 1 and create.isEnabled(), timeout=10000)
        assert table.item(0, 0).text() == "キックオフ合意"
        dialog.findChild(QLineEdit, "signWhoEdit").setText("山田 太郎")
        dialog.findChild(QLineEdit, "signRoleEdit").setText("PM")
        dialog.findChild(QPushButton, "baselineSignButton").click()
        qtbot.waitUntil(lambda: table.item(0, 3).text().startswith("山田 太郎 (PM)"), timeout=10000)
        ws = window.state.workspace
        ops.run(ws, hearing_ops.update_answer(project.id, "hearing.basics.background", value="画面で変えた背景"))
        assert dialog.findChild(QComboBox, "diffToCombo").currentText() == "現在"
        dialog.findChild(QPushButton, "baselineDiffButton").click()
        view = dialog.findChild(QTableView, "baselineDiffView")
        model = view.model()
        qtbot.waitUntil(lambda: model.rowCount() > 0 and create.isEnabled(), timeout=10000)
        qtmodeltester.check(model)
        seen["rows"] = [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]
        dialog.findChild(QPushButton, "baselineExportButton").click()
        qtbot.waitUntil(lambda: out.exists() and create.isEnabled() and bool(said), timeout=10000)
        assert said == [f"{out} に書き出しました"]  # an .xlsx keeps the shading: nothing to report
        dialog.reject()
        return dialog.result()

    window.exec_dialog = run
    action = window.menuBar().findChild(QAction, "baselinesAction")
    assert action.isEnabled()
    action.trigger()
    rows = seen["rows"]
    label = window.state.workspace.library.item("hearing.basics.background").label.ja
    assert len(rows) == 1 and rows[0][0] == "ヒアリング事項"
    assert rows[0][1:3] == [label, "回答"] and rows[0][4] == "画面で変えた背景"
    cells = [c for row in openpyxl.load_workbook(out).worksheets[0].iter_rows(values_only=True) for c in row]
    assert "画面で変えた背景" in cells
    signed = bl.find(window.state.workspace, project.id, "キックオフ合意").signoffs
    assert [(s.who, s.role) for s in signed] == [("山田 太郎", "PM")]
    assert window.state.undo_stack.count() == 2 and window.state.undo_stack.undoText() == "合意を記録"
    close_window(window)


def test_a_baseline_undone_then_redone_is_chosen_again_and_no_longer_said_removed(qtbot, db_path: Path, monkeypatch) -> None:
    """fix67b1: the note said of a chosen baseline its undo removed goes when Redo brings the same one back, and it is
    chosen again (row and diff side); one made again under its name (another baseline) stays said, never chosen."""
    from app.ui.baselines.dialog import BaselinesDialog
    from tests.gui_helpers import settle

    window = make_window(qtbot, db_path, global_lang="ja")
    monkeypatch.setattr(messages, "ask_text", lambda *a, **k: "合意V1")
    dialog = BaselinesDialog(window.state, window)
    dialog.show()
    dialog.create_button.click()
    qtbot.waitUntil(lambda: not dialog.busy and dialog.selected_name() == "合意V1", timeout=10000)
    dialog.from_combo.setCurrentIndex(dialog.from_combo.findData("合意V1"))
    window.state.undo_stack.undo()
    settle(window)
    assert "「合意V1」は元に戻す操作で削除されました" in dialog.note.text() or "合意V1" in dialog.note.text(), dialog.note.text()
    assert dialog.note.isVisible() and dialog.selected_name() is None and dialog.from_combo.currentIndex() < 0
    window.state.undo_stack.redo()
    settle(window)
    assert not dialog.note.isVisible() and dialog.note.text() == ""
    assert dialog.selected_name() == "合意V1" and dialog.from_combo.currentData() == "合意V1"
    window.state.undo_stack.undo()
    settle(window)
    ops.run(window.state.workspace, bl.create_op(window.state.project_id, "合意V1"))  # another, under its name
    dialog.reload(elsewhere=True)
    assert "合意V1" in dialog.note.text() and dialog.selected_name() is None and dialog.from_combo.currentIndex() < 0
    dialog.close()
    close_window(window)

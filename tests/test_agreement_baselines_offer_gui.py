"""The window offers an agreement baseline after a hearing-sheet import and after the proposal's export
(issue 19): a strip in the page with a suggested name, Save or Later; Later changes nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFrame, QLineEdit, QPushButton

from app.hearing.sheet import COL, export_hearing_sheet
from app.projects import baselines as bl
from app.ui import messages
from tests.gui_helpers import close_window, make_window


def test_after_a_sheet_import_the_page_offers_a_baseline(qtbot, db_path: Path, tmp_path: Path, monkeypatch) -> None:
    window = make_window(qtbot, db_path, global_lang="en")
    try:
        window.show_page("hearing")
        page, state = window.page("hearing"), window.state
        sheet = export_hearing_sheet(state.workspace, state.project_id, tmp_path / "s.xlsx", "en")
        wb = openpyxl.load_workbook(sheet)
        ws = wb.worksheets[0]
        rows = {ws.cell(row=r, column=1).value: r for r in range(2, ws.max_row + 1)}
        ws.cell(row=rows["hearing.basics.accuracy_avc"], column=COL["answer"]).value = "from the customer"
        wb.save(sheet)
        monkeypatch.setattr(messages, "open_file", lambda *a, **k: str(sheet))
        monkeypatch.setattr(messages, "show_info", lambda *a, **k: None)
        monkeypatch.setattr(page, "exec_dialog", lambda dialog: QDialog.DialogCode.Accepted)
        offer = page.findChild(QFrame, "baselineOffer")
        assert offer.isHidden()
        page.import_sheet_action.trigger()
        qtbot.waitUntil(lambda: not offer.isHidden(), timeout=10000)
        name = offer.findChild(QLineEdit, "baselineOfferName")
        assert name.text() == f"Hearing sheet import {dt.date.today().isoformat()}"
        assert bl.baselines(state.workspace, state.project_id) == []  # only offered
        name.setText("After the sheet")
        save = offer.findChild(QPushButton, "baselineOfferSave")
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
        assert not save.isEnabled()  # saving runs on a worker
        qtbot.waitUntil(lambda: save.isHidden(), timeout=10000)
        made = bl.baselines(state.workspace, state.project_id)
        assert [(b.name, b.kind) for b in made] == [("After the sheet", "sheet_import")]
        assert "After the sheet" in offer.label.text()
        assert state.undo_stack.undoText() == "Create baseline"
        state.undo_stack.undo()
        assert bl.baselines(state.workspace, state.project_id) == []
    finally:
        close_window(window)


def test_after_the_proposal_export_later_changes_nothing(qtbot, db_path: Path, tmp_path: Path, monkeypatch) -> None:
    window = make_window(qtbot, db_path, global_lang="en", page="proposal")
    try:
        window.show_page("proposal")
        page, state = window.page("proposal"), window.state
        target = tmp_path / "proposal.md"
        monkeypatch.setattr(messages, "save_file", lambda *a: str(target))
        offer = page.findChild(QFrame, "baselineOffer")
        page.export()
        qtbot.waitUntil(lambda: not offer.isHidden(), timeout=15000)
        assert target.exists()
        assert offer.findChild(QLineEdit, "baselineOfferName").text() == f"Kickoff {dt.date.today().isoformat()}"
        qtbot.mouseClick(offer.findChild(QPushButton, "baselineOfferLater"), Qt.MouseButton.LeftButton)
        assert offer.isHidden() and bl.baselines(state.workspace, state.project_id) == []
        assert state.undo_stack.count() == 0
    finally:
        close_window(window)

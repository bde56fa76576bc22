"""breaker31b: the Hearing page, minutes / follow-ups, the Proposal page, project properties and Copy Project
tried as a demanding Japanese MLOps consultant would, in the Japanese window on the demo, with the real app
killed (SIGKILL) and the exports written from the command line.

Tried and held: the real window (build_window, offscreen, MLOPS_KICKOFF_HOME in a temporary folder) killed
1.5 s after typing into 背景・課題 (saved), and 1.5 s after a 100,001-character paste there (the draft is back
at the next start, marked, its reason in Japanese, the status bar says 「1 件の下書きが未保存です」); killed
0.1 s after typing, inside the 600 ms pause, the typing is gone, as the README allows ("a crash or a killed
process loses at most the edit being typed"); a table cell typed into and a language switch ja→en→ja with
its editor open (committed and saved); Ctrl+Z with the focus in the table after a saved cell, in a list
(multi) after a tick and in a check item (undo and redo, stored and shown); a note typed over a language
switch ja→en→ja in the pause (saved); a cell typed in this window while another process added a row to the
same table (the conflict dialog asks; Merge keeps both); a 100,001-character problem in the Proposal's
problems table (refused, kept as a draft over a language switch, counted in the status bar, and back after
the window is killed 1.5 s later); answers,
notes, follow-up owners, table cells and attendees holding NUL, ESC, BEL, RLO, Hebrew, combining marks,
ZWJ emoji, Markdown and HTML markup, 100,000 characters and 1,000 rows exported from the command line as
minutes, follow-ups, hearing sheet (read back with openpyxl) and proposal md/html/pdf (pdftotext): written,
escaped, control characters as symbols (� in the PDF, as the README says); a text answer or a note
holding control characters in an untouched sheet read back (no change); a lone surrogate (refused by the
project file); Copy Project into the database the project is in, a folder, a missing folder, a path with
leading spaces (said or copied); ``project copy --to`` with ESC, ZWSP or %1b (refused in one line).

Each test below is a defect found, a strict xfail until it is fixed (the reason says what the user sees
and where the cause probably is).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel

from app.hearing.answers import AnswerService
from app.hearing.sheet import export_hearing_sheet
from app.hearing.sheet_import import read_plan
from tests.gui_helpers import settle

SOURCES = "hearing.prereq.data_sources"  # データの種類: a table answer


@pytest.fixture
def window(japanese_window):
    return japanese_window


# --- the hearing sheet read back untouched ----------------------------------------------------------------


@pytest.mark.parametrize("pasted", ["ログ\x1b[32mOK\x1b[0m", "前\x00後", "削除\x7f済"], ids=["esc", "nul", "del"])
def test_an_untouched_sheet_changes_no_table_cell_holding_a_control_character(workspace, demo, tmp_path: Path, pasted) -> None:
    answers = AnswerService(workspace.db, workspace.library)
    rows = [dict(row) for row in answers.answer(demo.id, SOURCES).value]
    rows[0]["note"] = pasted
    answers.update(demo.id, SOURCES, value=rows)
    sheet = export_hearing_sheet(workspace, demo.id, tmp_path / "hearing.xlsx", "ja")
    plan = read_plan(workspace, demo.id, sheet)
    assert [change.item_id for change in plan.changes] == []


# --- File ▸ Copy Project To… ----------------------------------------------------------------------------


def copy_dialog(window):
    from app.ui.projects.copy_dialog import CopyProjectDialog

    return CopyProjectDialog(window.state, window)


def copy_to(window, qtbot, dialog, target: str) -> str:
    """Type ``target`` and press Copy; what the dialog says when the copy is over."""
    dialog.target_edit.setText(target)
    dialog.copy_button.click()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=30000)
    settle(window)
    return dialog.findChild(QLabel, "copyStatus").text()


@pytest.mark.parametrize("mark", ["\u200b", "\x1b", "\u202e"], ids=["zwsp", "esc", "rlo"])
def test_copy_project_to_a_path_holding_an_invisible_character_is_refused(window, qtbot, tmp_path: Path, mark) -> None:
    folder = tmp_path / "copies"
    folder.mkdir()
    dialog = copy_dialog(window)
    try:
        said = copy_to(window, qtbot, dialog, str(folder / f"顧客{mark}共有.sqlite3"))
    finally:
        dialog.deleteLater()
    assert list(folder.iterdir()) == [], said
    assert dialog.copied is None


def test_copy_project_to_a_path_holding_nul_is_said_in_japanese(window, qtbot, tmp_path: Path, said) -> None:
    dialog = copy_dialog(window)
    try:
        status = copy_to(window, qtbot, dialog, str(tmp_path / "顧客\x00共有.sqlite3"))
    finally:
        dialog.deleteLater()
    assert not [line for line in said if line.startswith("CRASH")], said
    assert "名前" in status or "文字" in status, status


# --- the Proposal page's problems table ---------------------------------------------------------------


def test_a_too_long_problem_is_refused_naming_the_problem_column_and_row(window, qtbot, said) -> None:
    window.show_page("proposal")
    page = window.page("proposal")
    qtbot.waitUntil(lambda: page.inputs is not None, timeout=10000)
    page.tabs.setCurrentWidget(page.problems)
    model = page.problems.model
    model.setData(model.index(0, 0), "課" * 100_001)  # what the cell's editor commits
    settle(window)
    refused = [line for line in said if "100,001" in line]
    assert refused, said
    assert "rows[" not in refused[0] and "proposal" not in refused[0], refused[0]
    assert "課題" in refused[0], refused[0]

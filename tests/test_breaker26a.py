"""breaker26a: undo, two windows and hostile values in the free-text forms, as a demanding Japanese user
would try them in the Japanese window on the demo. Tried: Ctrl+Z in a field after its typing was saved
(twice, after a pause, after leaving the page), Edit ▸ Undo from the menu, a language switch with drafts
on screen, in the Proposal sections, the Environment form (line and paragraph fields), the hearing's
check answers, the large table editor's row form and the People dialog; the same Environment field
typed in two windows (conflict dialog, undo after it), typing in a project deleted by the other window;
100k-character pastes, control characters, RTL marks, emoji and non-BMP characters, only spaces, in
the forms, and what the exports (proposal, hearing sheet, system plan, wiki, experiment sheet,
scaffold) write. Each test is a defect found, a strict xfail until it is fixed (the reason says what
the user sees and where the cause probably is).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QPushButton

from app.environment.service import EnvironmentService
from app.proposal.service import ProposalService
from app.ui import messages
from app.wbs.resources import people as people_store
from tests.gui_helpers import environment_page, settle, undo_elsewhere

CTRL = Qt.KeyboardModifier.ControlModifier
PAUSE_MS = 2200  # past MERGE_SECONDS (app/ui/operations.py): the next edit is a step of its own


@pytest.fixture
def window(japanese_window):
    return japanese_window


def section_field(window, qtbot, n: int = 0) -> tuple[str, QPlainTextEdit]:
    """The proposal's n-th section text, focused, the cursor at its end."""
    window.show_page("proposal")
    page = window.page("proposal")
    qtbot.waitUntil(lambda: bool(page.sections.editors), timeout=5000)
    section = list(page.sections.editors)[n]
    field = page.sections.editor(section).edit
    field.setFocus()
    field.moveCursor(field.textCursor().MoveOperation.End)
    return section, field


def stored_section(window, section: str) -> str:
    """A section's text as stored (the template's while the user has not edited it)."""
    doc = ProposalService(window.state.documents).load(window.state.project_id)
    stored = doc.texts.get(section, {}).get("ja")
    return stored if stored is not None else window.page("proposal").current_view().sections[0].text


def env_value(window, field_id: str):
    return EnvironmentService(window.state.workspace).choices(window.state.project_id, "ja").value(field_id)


# --- Ctrl+Z in a field whose typing was saved ------------------------------------------------------------


def test_ctrl_z_twice_in_a_proposal_section_never_brings_the_typing_back(window, qtbot) -> None:
    section, field = section_field(window, qtbot)
    before = field.toPlainText()
    qtbot.keyClicks(field, "-first")
    settle(window)
    qtbot.wait(PAUSE_MS)  # a moment later: the typing is an undo step of the window's
    qtbot.keyClick(field, Qt.Key.Key_Z, CTRL)
    settle(window)
    qtbot.keyClick(field, Qt.Key.Key_Z, CTRL)  # again: further back, never forward
    settle(window)
    assert "-first" not in field.toPlainText()
    assert stored_section(window, section) == before


@pytest.mark.parametrize(("page_id", "field_id", "kind"), [("experiment", "languages", QLineEdit), ("data-ci", "deletion_plan", QPlainTextEdit)])
def test_ctrl_z_twice_in_an_environment_field_never_brings_the_typing_back(window, qtbot, page_id, field_id, kind) -> None:
    page = environment_page(window, qtbot, page_id)
    field = page.findChild(kind, f"field_{field_id}")
    field.setFocus()
    if isinstance(field, QLineEdit):
        field.end(False)
    else:
        field.moveCursor(field.textCursor().MoveOperation.End)
    before = env_value(window, field_id)
    qtbot.keyClicks(field, "-first")
    settle(window)
    qtbot.wait(PAUSE_MS)
    qtbot.keyClick(field, Qt.Key.Key_Z, CTRL)
    settle(window)
    qtbot.keyClick(field, Qt.Key.Key_Z, CTRL)
    settle(window)
    shown = field.text() if isinstance(field, QLineEdit) else field.toPlainText()
    assert "-first" not in shown
    assert env_value(window, field_id) == before


def test_undo_while_another_proposal_section_holds_a_draft_shows_what_the_undo_left(window, qtbot, monkeypatch) -> None:
    monkeypatch.setattr(messages, "show_error", lambda *_a, **_k: None)
    section, field = section_field(window, qtbot, 0)
    before = field.toPlainText()
    qtbot.keyClicks(field, "-x")
    settle(window)
    qtbot.wait(PAUSE_MS)
    _other, pasted = section_field(window, qtbot, 1)
    pasted.insertPlainText("長" * 100_001)  # refused (too long): kept on screen as a draft
    settle(window)
    undo_elsewhere(window)  # Edit ▸ Undo, another page in front: "-x" goes from the database
    assert stored_section(window, section) == before
    assert field.toPlainText() == before  # ... and from the screen
    assert len(pasted.toPlainText()) > 100_000  # the draft stays


# --- the People dialog ----------------------------------------------------------------------------------


def test_ctrl_z_in_the_people_dialog_after_save_takes_back_the_save(window, qtbot) -> None:
    window.show_page("wbs")
    window.page("wbs").findChild(QPushButton, "wbsPeople").click()
    dialog = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "wbsPeopleDialog" and w.isVisible())
    try:
        dialog.table.selectRow(dialog.model.row_of("高橋"))
        dialog.name.setFocus()
        dialog.name.end(False)
        qtbot.keyClicks(dialog.name, "X")
        dialog.findChild(QPushButton, "wbsPersonSave").click()
        settle(window)

        def names() -> set[str]:
            return {p.name for p in people_store.read(window.state.workspace, window.state.project_id)}

        assert "高橋X" in names()
        dialog.name.setFocus()
        qtbot.keyClick(dialog.name, Qt.Key.Key_Z, CTRL)
        settle(window)
        assert "高橋" in names() and "高橋X" not in names()
    finally:
        dialog.reject()


# --- hostile values and what the exports write -----------------------------------------------------------


def test_control_characters_in_an_environment_value_are_never_written_raw_to_the_wiki(window, qtbot, db_path, tmp_path: Path) -> None:
    from app.main import main

    page = environment_page(window, qtbot, "experiment")
    field = page.findChild(QLineEdit, "field_branch_naming")
    field.setFocus()
    field.selectAll()
    field.insert("feature/\x1b[31m#番号\x1b[0m-\x00\x07説明")  # pasted from a terminal
    settle(window)
    assert "\x1b" in env_value(window, "branch_naming")
    out = tmp_path / "wiki"
    assert main(["--db", str(db_path), "--lang", "ja", "export", "wiki", "--project", str(window.state.project_id), "--out", str(out)]) == 0
    raw = {p.name: sorted({hex(ord(c)) for c in p.read_text(encoding="utf-8") if c in "\x00\x07\x1b"}) for p in out.rglob("*.md")}
    assert not {name: chars for name, chars in raw.items() if chars}
    assert any("␛" in p.read_text(encoding="utf-8") for p in out.rglob("*.md"))

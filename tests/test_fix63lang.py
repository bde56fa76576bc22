"""Fix 63 (languages): what the command line adds and says in English, beside tests/test_breaker63a.py."""

from __future__ import annotations

from pathlib import Path

from app.main import main


def test_the_english_command_line_names_the_year_end_break_in_english_and_keeps_a_stored_japanese_name(db_path: Path, capsys) -> None:
    assert main(["--db", str(db_path), "--lang", "en", "holidays", "add", "--year-end", "2026"]) == 0
    assert main(["--db", str(db_path), "--lang", "ja", "holidays", "add", "--year-end", "2027"]) == 0
    capsys.readouterr()
    assert main(["--db", str(db_path), "--lang", "en", "holidays", "list"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert listed[0] == "2026-12-29  Year-end holidays" and len(listed) == 12
    assert listed[6] == "2027-12-29  年末年始"  # added by the Japanese command line: the user's data from then on


def test_archive_and_delete_on_a_busy_database_say_nothing_was_changed_not_that_typing_is_kept(qtbot, db_path, said, monkeypatch) -> None:
    """Noted in tests/test_breaker63a.py: Archive and Delete type nothing, so their busy line says nothing was changed."""
    import sqlite3

    import app.ui.app as ui_app
    from app.core.projects import ProjectService
    from app.ui import messages
    from app.ui.projects.dialog import ProjectsDialog
    from tests.gui_helpers import close_window, make_window

    monkeypatch.setattr(ui_app, "UI_BUSY_TIMEOUT_MS", 300)
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        other = ProjectService(window.state.workspace.db).create("別案件")
        dialog = ProjectsDialog(window.state, window)
        dialog.table.selectRow(dialog.model.row_of(other.id))
        lock = sqlite3.connect(str(db_path), isolation_level=None, timeout=5)
        lock.execute("BEGIN IMMEDIATE")  # another window or process writing
        try:
            dialog.archive_selected()
            dialog.delete_selected()
        finally:
            lock.rollback()
            lock.close()
        assert len(said) == 2, said
        for text in said:
            assert text.startswith("データベースが使用中です") and "何も変更していません" in text and "入力内容" not in text, text
        assert not ProjectService(window.state.workspace.db).get(other.id).archived  # (nothing was changed, as said)
        dialog.close()
    finally:
        close_window(window)

"""File ▸ Restore Backup with drafts not saved: the question said they would be lost, yet they were kept and shown
again over the restored data. It says now what happens (kept as drafts, not written into the restored data), and
they are kept."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit

from app.ui import messages
from app.ui.hearing.drafts import drafts_of
from app.ui.projects.restore_dialog import restore_into_window
from tests.gui_helpers import close_window, environment_page, make_window, settle
from tests.test_breaker50e import two_backups
from tests.test_drafts_on_disk_pages import REFUSED_NAME, type_into


def test_a_restore_with_a_draft_says_it_is_kept_and_keeps_it(qtbot, db_path, said, monkeypatch) -> None:
    asked: list[str] = []
    monkeypatch.setattr(messages, "confirm", lambda _p, _t, text, *a, **k: asked.append(text) or True)
    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        made_a, _made_b = two_backups(window)
        type_into(environment_page(window, qtbot).findChild(QLineEdit, "field_repo_name"), REFUSED_NAME)
        settle(window)
        assert drafts_of(window.state).count() == 1
        restore_into_window(window.state, window, made_a)
        settle(window)
        assert len(asked) == 1 and "失われ" not in asked[0] and "下書きのまま残り" in asked[0], asked
        assert environment_page(window, qtbot).findChild(QLineEdit, "field_repo_name").text() == REFUSED_NAME
        assert drafts_of(window.state).count() == 1 and "1 件の下書き" in window.save_label.text()
    finally:
        close_window(window)

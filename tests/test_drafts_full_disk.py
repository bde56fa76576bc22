"""Drafts on a full disk (breaker48a): typing the database refused because its disk is full is kept as
a draft, but its drafts file cannot be written either. The status bar says so (not on disk: closing
loses it), closing asks, and once space is made the draft is written again by itself: the next start
shows the typing."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from app.core import paths
from app.ui import messages
from app.ui.hearing.drafts import REWRITE_MS, drafts_of
from tests.conftest import isolate
from tests.gui_helpers import close_window, make_window, settle
from tests.test_breaker48a import TYPED, fill, shown_on_page, tmpfs, type_on_page


def test_a_draft_the_full_disk_refused_is_said_and_written_again_once_space_is_made(qtbot, tmp_path, monkeypatch) -> None:
    with tmpfs(tmp_path / "usb", "8m") as disk:
        db = isolate(disk / "データ フォルダ", monkeypatch) / "mlops-kickoff.sqlite3"
        asked: list[str] = []
        monkeypatch.setattr(messages, "confirm", lambda _p, _t, text, *a, **k: asked.append(text) or False)
        monkeypatch.setattr(messages, "show_error", lambda *_a, **_k: None)
        window = make_window(qtbot, db, global_lang="ja")
        settle(window)
        filler = fill(disk)
        type_on_page(window, qtbot, "hearing")
        status = window.findChild(QLabel, "saveState")
        assert "ディスクにも書き込めていません" in status.text(), status.text()
        assert "空き容量" in status.toolTip(), status.toolTip()  # why: the disk is full
        window.close()
        assert window.isVisible() and len(asked) == 1 and "ディスクにも保持できていません" in asked[0], asked
        assert "失われます" in asked[0] and "コピー" in asked[0]
        filler.unlink()  # space made: written again by itself, said
        qtbot.waitUntil(lambda: "ディスク" not in status.text(), timeout=REWRITE_MS * 3)
        assert drafts_of(window.state).unkept() == "" and list(paths.drafts_dir().glob("*/*.json"))
        asked.clear()
        monkeypatch.setattr(messages, "confirm", lambda _p, _t, text, *a, **k: asked.append(text) or True)
        close_window(window)
        assert not asked, asked  # on disk: nothing to ask, it comes back
        again = make_window(qtbot, db, global_lang="ja")
        settle(again)
        shown, saved = shown_on_page(again, qtbot, "hearing")
        close_window(again)
        assert TYPED in (shown, saved), shown

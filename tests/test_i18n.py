"""The Japanese UI translation is complete and current; the window really speaks Japanese."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

from PySide6.QtWidgets import QLabel

from tests.gui_helpers import close_window, make_window

ROOT = Path(__file__).resolve().parent.parent


def load_tool():
    spec = importlib.util.spec_from_file_location("i18n_tool", ROOT / "packaging" / "i18n.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_ui_string_in_the_code_has_a_japanese_translation(tmp_path: Path, monkeypatch) -> None:
    tool = load_tool()
    copy = tmp_path / "ja"
    shutil.copytree(tool.OUT, copy)
    monkeypatch.setattr(tool, "OUT", copy)
    # English's plural forms too: lrelease rewriting resources/i18n/en/*.qm in place while another worker's
    # window has them mapped (QTranslator mmaps a .qm) killed that worker with a bus error.
    shutil.copytree(tool.PLURALS, tmp_path / "en")
    monkeypatch.setattr(tool, "PLURALS", tmp_path / "en")
    tool.update()  # lupdate from the current code into a copy of the committed files
    missing = [m for ts in sorted(copy.glob("*.ts")) for m in tool.untranslated(ts)]
    assert missing == [], "run `make i18n` and translate: " + "; ".join(missing[:5])
    # A count (%n) is a numerus entry (lupdate makes one of tr("…%n…", "", n) only, not of
    # QCoreApplication.translate(…, n)): else `make i18n` turns it into one form and English loses "1 task".
    import xml.etree.ElementTree as ET

    single = [f"{ts.name}: {m.findtext('source')}" for ts in sorted(copy.glob("*.ts")) for m in ET.parse(ts).iter("message")
              if "%n" in (m.findtext("source") or "") and m.get("numerus") != "yes"]
    assert single == [], single
    committed = {p.name for p in tool.OUT.glob("*.qm")}
    assert committed == {p.name for p in copy.glob("*.qm")}


def test_the_window_shows_japanese_when_asked(qtbot, db_path) -> None:
    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        labels = [window.nav.item(i).text() for i in range(window.nav.count())]
        assert "1  ヒアリング" in labels and "エクスポート" in labels
        assert window.menuBar().actions()[0].text() == "ファイル(&F)"
        assert "回答済" in window.findChild(QLabel, "progressSummary").text()
    finally:
        close_window(window)

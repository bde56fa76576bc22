"""A computer without a Japanese font (Linux without fonts-noto-cjk) is told so and what to install
(app/ui/widgets/fonts.py): at start in the window, in both languages; in a PDF export's report, in one line. Break-it
67a's test needs a built bundle; these run from the checkout."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox

from tests.gui_helpers import close_window, make_window

REPO = Path(__file__).resolve().parent.parent
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")


def test_a_start_without_a_japanese_font_says_what_to_install_in_both_languages(qtbot, db_path, monkeypatch) -> None:
    monkeypatch.setattr("app.ui.widgets.fonts.japanese_font_missing", lambda: True)
    window = make_window(qtbot, db_path, welcome=True, global_lang="ja")
    try:
        qtbot.waitUntil(lambda: window.findChild(QMessageBox, "noJapaneseFont") is not None)
        box = window.findChild(QMessageBox, "noJapaneseFont")
        assert box.isVisible() and not box.isModal()
        assert "fonts-noto-cjk" in box.text() and "日本語のフォントがありません" in box.text()
        assert "This computer has no Japanese font" in box.text()  # the Japanese above it may be boxes
        box.close()
    finally:
        close_window(window)


def test_a_start_with_a_japanese_font_says_nothing(qtbot, db_path) -> None:
    window = make_window(qtbot, db_path, welcome=True)
    try:
        for _ in range(3):
            QCoreApplication.processEvents()
        assert window.findChild(QMessageBox, "noJapaneseFont") is None
    finally:
        close_window(window)


@pytest.mark.skipif(not (sys.platform.startswith("linux") and DEJAVU.is_dir()), reason="fontconfig with DejaVu only")
def test_a_pdf_export_without_a_japanese_font_is_written_and_says_so_in_one_line(tmp_path: Path) -> None:
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        f"  <dir>{DEJAVU}</dir>\n  <cachedir>{tmp_path / 'fc-cache'}</cachedir>\n</fontconfig>\n",
        encoding="utf-8",
    )
    env = {**os.environ, "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen"}
    db, pdf = str(tmp_path / "plan.sqlite3"), tmp_path / "提案書.pdf"

    def run(*args: str, **extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "app", "--lang", "ja", "--db", db, *args], env={**env, **extra},
                              capture_output=True, text=True, encoding="utf-8", timeout=120)  # fmt: skip

    assert run("demo").returncode == 0
    done = run("export", "proposal", "--project", "1", "--out", str(pdf), FONTCONFIG_FILE=str(conf))
    assert done.returncode == 0 and pdf.read_bytes()[:5] == b"%PDF-"  # written: the text is all there, as boxes
    reported = [line for line in done.stderr.splitlines() if line.startswith("書き出しました")]  # the report's line
    assert len(reported) == 1 and "日本語のフォントがない" in reported[0] and "sudo apt install fonts-noto-cjk" in reported[0]
    assert "形式上そのままでは入らない項目" not in reported[0]  # not every heading's characters, one by one
    if not shutil.which("fc-list") or not subprocess.run(["fc-list", ":lang=ja", "family"], capture_output=True, text=True).stdout.strip():
        return  # (this machine has no Japanese font itself: nothing to compare with)
    with_font = run("export", "proposal", "--project", "1", "--out", str(pdf))
    assert with_font.returncode == 0 and "fonts-noto-cjk" not in with_font.stderr + with_font.stdout

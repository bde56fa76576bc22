"""What the app opens outside itself (app/ui/desktop.py) gets the user's own environment back in the Linux bundle: the
edges break-it 67a's bundle test leaves (it needs a built bundle, Xvfb and xdotool; these run everywhere)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QTextBrowser

from app.ui import desktop, messages
from tests.gui_helpers import close_window, make_window


def test_the_child_environment_is_the_users_own(tmp_path: Path) -> None:
    bundle = tmp_path / "mlops-kickoff" / "_internal"
    bundle.mkdir(parents=True)
    inside = str(bundle / "PySide6" / "Qt" / "plugins")
    env = {
        "LD_LIBRARY_PATH": f"{bundle}:/opt/own/lib", "LD_LIBRARY_PATH_ORIG": "/opt/own/lib",
        "QT_PLUGIN_PATH": inside, "QML2_IMPORT_PATH": f"{bundle}/PySide6/Qt/qml:/usr/lib/qml", "HOME": "/home/山田",
        "PATH": "/usr/bin:/bin", "GREETING": "a:b",
    }  # fmt: skip
    child = desktop.child_environment(env, str(bundle))
    assert child == {"LD_LIBRARY_PATH": "/opt/own/lib", "QML2_IMPORT_PATH": "/usr/lib/qml", "HOME": "/home/山田",
                     "PATH": "/usr/bin:/bin", "GREETING": "a:b"}  # fmt: skip
    # the shell had none: none, not the bundle's
    assert "LD_LIBRARY_PATH" not in desktop.child_environment({"LD_LIBRARY_PATH": str(bundle)}, str(bundle))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux bundle's xdg-open")
def test_the_linux_bundle_starts_xdg_open_with_the_users_library_path(qtbot, tmp_path, monkeypatch) -> None:
    bundle = tmp_path / "bundle" / "_internal"
    bundle.mkdir(parents=True)
    fake, record = tmp_path / "bin", tmp_path / "xdg-open.txt"
    fake.mkdir()
    (fake / "xdg-open").write_text(
        f'#!/bin/sh\n{{ echo "ARGS=$*"; echo "LD=${{LD_LIBRARY_PATH-none}}"; echo "QT=${{QT_PLUGIN_PATH-none}}"; }}'
        f' > "{record}"\n', encoding="utf-8",
    )  # fmt: skip
    (fake / "xdg-open").chmod(0o755)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(bundle), raising=False)
    monkeypatch.setenv("PATH", f"{fake}:/usr/bin:/bin")
    monkeypatch.setenv("LD_LIBRARY_PATH", str(bundle))
    monkeypatch.delenv("LD_LIBRARY_PATH_ORIG", raising=False)
    monkeypatch.setenv("QT_PLUGIN_PATH", str(bundle / "PySide6" / "Qt" / "plugins"))
    folder = tmp_path / "データ フォルダー"
    folder.mkdir()
    assert desktop.open_url(QUrl.fromLocalFile(str(folder)))
    deadline = time.monotonic() + 10
    while not (record.exists() and record.read_text(encoding="utf-8").count("\n") == 3) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert record.read_text(encoding="utf-8").splitlines() == [f"ARGS={folder}", "LD=none", "QT=none"]


def test_a_folder_or_link_that_cannot_be_opened_is_said_with_what_to_copy(qtbot, tmp_path, monkeypatch) -> None:
    said: list[str] = []
    monkeypatch.setattr("app.ui.desktop.QDesktopServices.openUrl", lambda url: False)
    monkeypatch.setattr(messages, "show_error", lambda parent, text, title=None: said.append(str(text)))
    folder = tmp_path / "ログ"
    assert not desktop.open_url(QUrl.fromLocalFile(str(folder)))
    assert not desktop.open_url(QUrl("https://www.gnu.org/licenses/lgpl-3.0.html"))
    assert str(folder) in said[0] and said[1].endswith("\nhttps://www.gnu.org/licenses/lgpl-3.0.html")


def test_a_link_of_the_about_box_goes_through_open_url(qtbot, db_path, monkeypatch) -> None:
    from app.ui.help.about import LGPL_URL, AboutDialog

    opened: list[str] = []
    monkeypatch.setattr("app.ui.desktop.QDesktopServices.openUrl", lambda url: opened.append(url.toString()) or True)
    window = make_window(qtbot, db_path)
    try:
        dialog = AboutDialog(window.state, window)
        browser = dialog.findChild(QTextBrowser, "aboutText")
        assert not browser.openExternalLinks() and not browser.openLinks()
        browser.anchorClicked.emit(QUrl(LGPL_URL))
        dialog.open_data_folder()
        assert opened == [LGPL_URL, QUrl.fromLocalFile(str(dialog.data_folder)).toString()]
        dialog.deleteLater()
    finally:
        close_window(window)

"""Opening what lies outside the app (a folder in the file manager, a link in the browser), with the user's own libraries.

In the PyInstaller bundle on Linux the bootloader points ``LD_LIBRARY_PATH`` at the bundle's ``_internal`` and its
Qt hook points ``QT_PLUGIN_PATH`` and ``QML2_IMPORT_PATH`` there too. A program started with that environment (the
file manager ``xdg-open`` starts, the browser) loads the bundle's libstdc++, GLib, ICU, Qt and OpenSSL instead of the
system's, and on a distribution newer than the build machine's it does not start at all, silently. PyInstaller's
documented remedy ("LD_LIBRARY_PATH / LIBPATH considerations") is to give a child process ``LD_LIBRARY_PATH_ORIG``
back; :func:`child_environment` does that. Every link and folder the app opens goes through :func:`open_url`.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Mapping

from PySide6.QtCore import QCoreApplication, QProcess, QProcessEnvironment, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QTextBrowser, QWidget

LIBRARY_PATH = "LD_LIBRARY_PATH"


def bundle_folder() -> str | None:
    """The folder a PyInstaller bundle unpacked its libraries into (``sys._MEIPASS``), None when not frozen."""
    if not getattr(sys, "frozen", False):
        return None
    return getattr(sys, "_MEIPASS", None) or os.path.dirname(sys.executable)


def child_environment(environ: Mapping[str, str], bundle: str) -> dict[str, str]:
    """``environ`` as the user's shell had it before the bundle started: ``LD_LIBRARY_PATH`` restored from
    ``LD_LIBRARY_PATH_ORIG`` (removed when there was none), and every other path-list entry inside ``bundle``
    (Qt's plugin and QML paths the bundle's hook sets) removed, the variable too when nothing else is left."""
    env = dict(environ)
    original = env.pop(LIBRARY_PATH + "_ORIG", None)
    env.pop(LIBRARY_PATH, None)
    if original:
        env[LIBRARY_PATH] = original
    inside = os.path.realpath(bundle)
    for name, value in list(env.items()):
        entries = value.split(os.pathsep)
        kept = [entry for entry in entries if not _inside(entry, inside)]
        if kept == entries:
            continue
        if any(kept):
            env[name] = os.pathsep.join(kept)
        else:
            del env[name]
    return env


def _inside(entry: str, folder: str) -> bool:
    if not entry.startswith(os.sep):
        return False
    real = os.path.realpath(entry)
    return real == folder or real.startswith(folder + os.sep)


def open_url(url: QUrl, parent: QWidget | None = None) -> bool:
    """Open ``url`` (a web link, or a folder as ``QUrl.fromLocalFile``) the way the desktop does; a failure is said in
    a dialog naming the link or path, so the user can copy it. Returns whether it was handed over."""
    opened = _open(url)
    if not opened:
        from app.ui import messages

        shown = url.toLocalFile() if url.isLocalFile() else url.toString()
        messages.show_error(parent, QCoreApplication.translate(
            "Desktop", "The desktop could not open this; open it yourself (you can copy it from here):\n{0}"
        ).format(shown))  # fmt: skip
    return opened


def _open(url: QUrl) -> bool:
    """In the Linux bundle ``xdg-open`` started with :func:`child_environment` (QDesktopServices would hand it the
    bundle's library path); elsewhere QDesktopServices."""
    bundle = bundle_folder()
    if bundle is None or not sys.platform.startswith("linux"):
        return QDesktopServices.openUrl(url)
    opener = shutil.which("xdg-open")
    if opener is None:
        return False
    environment = QProcessEnvironment()
    for name, value in child_environment(os.environ, bundle).items():
        environment.insert(name, value)
    process = QProcess()
    process.setProgram(opener)
    process.setArguments([url.toString(QUrl.ComponentFormattingOption.FullyEncoded) if not url.isLocalFile() else url.toLocalFile()])
    process.setProcessEnvironment(environment)
    return bool(process.startDetached())  # (detached: it outlives the dialog; no zombie left behind)


def open_links_outside(browser: QTextBrowser) -> None:
    """Let ``browser``'s web links open in the user's browser through :func:`open_url` (instead of Qt's
    ``setOpenExternalLinks``, which starts it with the bundle's environment); a link to ``#section`` scrolls there."""
    browser.setOpenExternalLinks(False)
    browser.setOpenLinks(False)

    def clicked(url: QUrl) -> None:
        if url.isRelative() and url.hasFragment() and not url.path():
            browser.scrollToAnchor(url.fragment())
        else:
            open_url(url, browser.window())

    browser.anchorClicked.connect(clicked)

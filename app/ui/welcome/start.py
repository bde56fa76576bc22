"""When the welcome page appears: on a first start (no project in the database yet, the welcome never shown), once;
and from Help ▸ Welcome…."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from app.ui import settings

if TYPE_CHECKING:
    from app.ui.state import AppState
    from app.ui.window.main_window import MainWindow

SHOWN_KEY = "welcome/shown"


def is_first_start(db: str | None) -> bool:
    """True when the database ``db`` (``--db``, else the default one) holds no project (or has no file yet), and
    the welcome page was never shown: it appears on the first start only. A command run before the first window
    (``projects list`` to check the install, an export typed wrong) makes the file but no project: still a first
    start. A user who deleted every project and never saw the welcome (a database from the command line) gets it."""
    from app.core.paths import database_file
    from app.core.storage.db import resolve_database_url

    if settings.value(SHOWN_KEY) in (True, "true", "1", 1):
        return False
    from app.core.errors import UserError

    try:
        url = resolve_database_url(db)
    except UserError:  # (sqlite://, an unknown kind): refused when it is opened, in one message
        return False
    file = database_file(url)  # the file as opening it names it (a % in its path decoded)
    if file is None:
        return False  # a server database is set up by someone who knows the app
    path = Path(file)
    if not path.exists() or path.stat().st_size == 0:
        return True
    from app.core.storage.file_checks import holds_a_project

    return not holds_a_project(path)


def show_welcome(parent: MainWindow, state: AppState, first_start: bool = False) -> QWidget:
    """Show the welcome page (window-modal, not blocking); a first start also remembers it was shown.
    A window language chosen on it is kept and applied as Settings does (``MainWindow.choose_ui_lang``)."""
    from app.ui.welcome.dialog import WelcomeDialog

    for old in parent.findChildren(WelcomeDialog):
        if old.isVisible():
            old.raise_()
            old.activateWindow()
            return old
        old.deleteLater()
    if first_start:
        settings.set_value(SHOWN_KEY, True)
    dialog = WelcomeDialog(state, first_start, parent)
    dialog.uiLangChosen.connect(parent.choose_ui_lang)
    dialog.open()
    return dialog

"""When the welcome page appears: on a first start (no database yet), once; and from Help ▸ Welcome…."""

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
    """True when the database ``db`` (``--db``, else the default one) has no file yet, and the
    welcome page was never shown: it appears on the very first start only, whatever the file."""
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
    return not path.exists() or path.stat().st_size == 0


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

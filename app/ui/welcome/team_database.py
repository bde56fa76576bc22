"""A team database chosen in Settings that cannot be reached when the window starts.

The setting takes effect from the next start, and nothing checks then that the server answers (it may
be down for the night, or the port mistyped). A start that only said so and quit would lock the user
out of the one place to correct it, Settings ▸ Team database: the window asks instead, to try again, to
open this computer's database for this start (the setting kept, for the user to correct or keep), or to
quit.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox

from app.core.errors import UserError
from app.core.storage.errors import storage_error

if TYPE_CHECKING:
    from app.core.workspace import Workspace

Buttons = QMessageBox.StandardButton


class Declined(UserError):
    """The user chose to quit at the question: the start says ``error`` on stderr only (just read in the dialog)."""

    def __init__(self, error: UserError) -> None:
        super().__init__(error.message, error.ja)
        self.error = error

    def text(self, lang: str, library: object = None) -> str:  # (the error's own words, any kind of UserError)
        return self.error.text(lang)


def open_or_ask(url: str, open_db: Callable[[str | None], Workspace], lang: str) -> tuple[Workspace, str | None]:
    """The workspace on the team database ``url`` (from Settings); when it cannot be reached, the user
    chooses: Retry, Open (this computer's database for this start: the second value is the notice the
    window shows then) or Close (the error is raised, as a start that cannot open its database does)."""
    while True:
        try:
            return open_db(url), None
        except Exception as exc:  # (what the server or the driver said: known, or raised as it is)
            known = exc if isinstance(exc, UserError) else storage_error(exc, url)
            if known is None:
                raise
        labels = _labels()
        text = QCoreApplication.translate("TeamDatabase", "The team database chosen in Settings ▸ Team database cannot be used:\n{0}\n\n"
                   "{1}: try it again.\n{2}: open this computer's database for now (the setting stays: "
                   "correct it in Settings ▸ Team database).\n{3}: quit.").format(
            known.text(lang), labels[Buttons.Retry], labels[Buttons.Open], labels[Buttons.Close])  # fmt: skip
        answer = QMessageBox.critical(None, "MLOps Kickoff", text, Buttons.Retry | Buttons.Open | Buttons.Close, Buttons.Retry)
        if answer == Buttons.Open:
            return open_db(None), QCoreApplication.translate(
                "TeamDatabase", "The team database chosen in Settings could not be reached: this window uses this computer's database.")
        if answer != Buttons.Retry:
            raise Declined(known) from None


def _labels() -> dict[Buttons, str]:
    """The three buttons' labels as this system's Qt words them (in the UI language), without their mnemonics."""
    box = QMessageBox()
    box.setStandardButtons(Buttons.Retry | Buttons.Open | Buttons.Close)
    labels = {kind: box.button(kind).text().replace("&", "") for kind in (Buttons.Retry, Buttons.Open, Buttons.Close)}
    box.deleteLater()
    return labels

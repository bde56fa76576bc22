"""The WBS page (placeholder until its issue lands)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.ui.pages.base import PlaceholderPage


class WbsPage(PlaceholderPage):
    page_id = "wbs"
    phase = "1"

    @classmethod
    def title(cls) -> str:
        return QCoreApplication.translate("WbsPage", "WBS")

    def coming(self) -> str:
        return self.tr(
            "Generate the WBS from the hearing answers: every task with its priority, completion condition and expected output, including the often-missed adoption and resource-expansion tasks. Edit it as a tree with undo, schedule it over Japanese working days, and export it to Excel, MS Project XML and an issue-tracker CSV."
        )

"""The Hearing page (placeholder until its issue lands)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.ui.pages.base import PlaceholderPage


class HearingPage(PlaceholderPage):
    page_id = "hearing"
    phase = "1"

    @classmethod
    def title(cls) -> str:
        return QCoreApplication.translate("HearingPage", "Hearing")

    def coming(self) -> str:
        return self.tr(
            "Work through the customer hearing checklist during the meeting: project basics, goals and KPIs, "
            "data sources, users, environment, tools, concerns and the scope by MLOps maturity level, "
            "now and later side by side, with an interview mode for the projector and a hearing sheet to send "
            "to the customer."
        )

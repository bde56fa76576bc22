"""The Kickoff proposal page (placeholder until its issue lands)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.ui.pages.base import PlaceholderPage


class ProposalPage(PlaceholderPage):
    page_id = "proposal"
    phase = "0"

    @classmethod
    def title(cls) -> str:
        return QCoreApplication.translate("ProposalPage", "Kickoff proposal")

    def coming(self) -> str:
        return self.tr(
            "Build the kickoff proposal for the project leader and the data scientists: the background, the typical problems that hit later phases with their countermeasures, the purpose and definition of MLOps, the scope by maturity level (taken from the hearing), a schedule overview and a rough effort estimate for the MLOps side and the data-science side. Live preview and export to Markdown, HTML and PDF."
        )

"""The Experiment environment page (placeholder until its issue lands)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.ui.pages.base import PlaceholderPage


class ExperimentPage(PlaceholderPage):
    page_id = "experiment"
    phase = "2"

    @classmethod
    def title(cls) -> str:
        return QCoreApplication.translate("ExperimentPage", "Experiment environment")

    def coming(self) -> str:
        return self.tr(
            "Choose the repository host, branch model, directory template and experiment tracking, and generate the experiment-rules wiki (table of contents 0-7), the experiment-management sheet and a project scaffold with a Dockerfile and a baseline pipeline."
        )

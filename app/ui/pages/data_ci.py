"""The Data platform & CI page (placeholder until its issue lands)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.ui.pages.base import PlaceholderPage


class DataCiPage(PlaceholderPage):
    page_id = "data-ci"
    phase = "3-4"

    @classmethod
    def title(cls) -> str:
        return QCoreApplication.translate("DataCiPage", "Data platform & CI")

    def coming(self) -> str:
        return self.tr(
            "Decide where raw data, processed data, models and metadata live, with access rights and dataset-list versioning, and which CI runs the pipeline and records each experiment on every push. The choices feed the wiki's data-platform and CI pages."
        )

"""The Experiment environment page (seed phase 2): rules wiki, experiment sheet and scaffold choices."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.ui.environment.page import EnvironmentPage


class ExperimentPage(EnvironmentPage):
    page_id = "experiment"
    phase = "2"
    form_page = "experiment"
    export_kinds = ("wiki", "experiment-sheet", "scaffold")

    @classmethod
    def title(cls) -> str:
        return QCoreApplication.translate("ExperimentPage", "Experiment environment")

    def intro(self) -> str:
        return self.tr(
            "Settle what is hard to change later before the data scientists start: repository and ticket rules, "
            "the directory layout, coding rules, the training environment and experiment tracking. The values "
            "come from the hearing until you change them; the wiki on the right follows every edit."
        )

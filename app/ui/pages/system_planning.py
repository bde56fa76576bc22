"""The System planning page (placeholder until its issue lands)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.ui.pages.base import PlaceholderPage


class SystemPlanningPage(PlaceholderPage):
    page_id = "system-planning"
    phase = "5"

    @classmethod
    def title(cls) -> str:
        return QCoreApplication.translate("SystemPlanningPage", "System planning")

    def coming(self) -> str:
        return self.tr(
            "Work through the system-planning checklist before the build phase (requirements, process flow with data volume and processing time, architecture, cost, non-functional requirements, monitoring, deployment) and turn measured processing times into an infrastructure cost estimate."
        )

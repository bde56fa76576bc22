"""The main window's pages in the seed's phase order (see PAGE_SPECS).

A page's module is imported, and the page built, when it is first shown (MainWindow.page): a start
imports and builds only the page in front. What the navigation and the Go menu need before that
(id, phase, title) is said here; tests/test_startup.py checks it against each page class.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

if TYPE_CHECKING:
    from app.ui.page import Page


@dataclass(frozen=True)
class PageSpec:
    """One page: its ``page_id`` and ``phase`` (as on the class), its title's translation
    (context and English text, as the class's ``title()`` says it) and where the class is."""

    page_id: str
    phase: str
    context: str
    english_title: str
    module: str
    class_name: str

    def title(self) -> str:
        return QCoreApplication.translate(self.context, self.english_title)

    def page_class(self) -> type[Page]:
        return getattr(importlib.import_module(self.module), self.class_name)


PAGE_SPECS: tuple[PageSpec, ...] = (
    PageSpec("proposal", "0", "ProposalPage", "Kickoff proposal", "app.ui.proposal.page", "ProposalPage"),
    PageSpec("hearing", "1", "HearingPage", "Hearing", "app.ui.hearing.page", "HearingPage"),
    PageSpec("wbs", "1", "WbsPage", "WBS", "app.ui.wbs.page", "WbsPage"),
    PageSpec("experiment", "2", "ExperimentPage", "Experiment environment", "app.ui.environment.pages", "ExperimentPage"),
    PageSpec("data-ci", "3-4", "DataCiPage", "Data platform & CI", "app.ui.environment.pages", "DataCiPage"),
    PageSpec("system-planning", "5", "SystemPlanningPage", "System planning", "app.ui.system_planning.page", "SystemPlanningPage"),
    PageSpec("review", "5", "ReviewPage", "Review", "app.ui.review.page", "ReviewPage"),
    PageSpec("exports", "", "ExportsPage", "Exports", "app.ui.projects.exports_page", "ExportsPage"),
)

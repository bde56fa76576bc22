"""The main window's pages in the seed's phase order (see PAGE_CLASSES)."""

from __future__ import annotations

from app.ui.environment.pages import DataCiPage, ExperimentPage
from app.ui.hearing.page import HearingPage
from app.ui.page import Page
from app.ui.projects.exports_page import ExportsPage
from app.ui.proposal.page import ProposalPage
from app.ui.system_planning.page import SystemPlanningPage
from app.ui.wbs.page import WbsPage

PAGE_CLASSES: tuple[type[Page], ...] = (
    ProposalPage,
    HearingPage,
    WbsPage,
    ExperimentPage,
    DataCiPage,
    SystemPlanningPage,
    ExportsPage,
)

"""The main window's pages, one module each, in the seed's phase order (see PAGE_CLASSES)."""

from __future__ import annotations

from app.ui.pages.base import Page
from app.ui.pages.data_ci import DataCiPage
from app.ui.pages.experiment import ExperimentPage
from app.ui.pages.exports import ExportsPage
from app.ui.pages.hearing import HearingPage
from app.ui.pages.proposal import ProposalPage
from app.ui.pages.system_planning import SystemPlanningPage
from app.ui.pages.wbs import WbsPage

PAGE_CLASSES: tuple[type[Page], ...] = (
    ProposalPage,
    HearingPage,
    WbsPage,
    ExperimentPage,
    DataCiPage,
    SystemPlanningPage,
    ExportsPage,
)

"""The Baselines dialog (File ▸ Baselines…): agreement baselines, their sign-offs and the diff between two;
the offer to save one at the moments worth it."""

from __future__ import annotations

from app.ui.baselines.dialog import BaselinesDialog
from app.ui.baselines.offer import BaselineOffer

__all__ = ["BaselineOffer", "BaselinesDialog"]

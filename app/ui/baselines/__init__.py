"""The Baselines dialog (File ▸ Baselines…): agreement baselines, their sign-offs and the diff between two."""

from __future__ import annotations

from app.ui.baselines.dialog import BaselinesDialog

__all__ = ["BaselinesDialog"]

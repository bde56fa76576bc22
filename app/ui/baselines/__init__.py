"""The Baselines dialog (File ▸ Baselines…): agreement baselines, their sign-offs and the diff between two;
the offer to save one at the moments worth it.

Each is imported when first asked for: the pages that show the offer start without the dialog.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.ui.baselines.dialog import BaselinesDialog
    from app.ui.baselines.offer import BaselineOffer

_PUBLIC = {"BaselinesDialog": "app.ui.baselines.dialog", "BaselineOffer": "app.ui.baselines.offer"}

__all__ = ["BaselineOffer", "BaselinesDialog"]


def __getattr__(name: str) -> Any:
    if name not in _PUBLIC:
        raise AttributeError(name, name=name)
    return getattr(importlib.import_module(_PUBLIC[name]), name)

"""The kickoff proposal: problems, approach, effort and schedule; Markdown, HTML and PDF.

Other features use it only through the names below (tests/test_layers.py checks), imported
when first used so that the CLI's parser stays light.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.proposal.sources import SectionSources, section_sources

_PUBLIC = {
    "SectionSources": "app.proposal.sources",
    "section_sources": "app.proposal.sources",
}
__all__ = ["SectionSources", "section_sources"]


def __getattr__(name: str) -> Any:
    if name not in _PUBLIC:
        raise AttributeError(name, name=name)  # not public: import it from its module inside the feature
    return getattr(importlib.import_module(_PUBLIC[name]), name)

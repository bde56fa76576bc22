"""The experiment environment, data platform and CI: choices, the rules wiki, the experiment sheet, the repository scaffold.

Other features use it only through the names below (tests/test_layers.py checks), imported
when first used so that the CLI's parser stays light.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.environment.prefill import field_sources
    from app.environment.service import check_documents, form_in, page_label

_PUBLIC = {
    "check_documents": "app.environment.service",
    "form_in": "app.environment.service",
    "page_label": "app.environment.service",
    "field_sources": "app.environment.prefill",
}
__all__ = ["check_documents", "field_sources", "form_in", "page_label"]


def __getattr__(name: str) -> Any:
    if name not in _PUBLIC:
        raise AttributeError(name, name=name)  # not public: import it from its module inside the feature
    return getattr(importlib.import_module(_PUBLIC[name]), name)

"""Where the features' content types come from (app/features.py registers them; light to import)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# Each source returns {content type name: its pydantic model}; the loader calls it when content
# is first read, so that importing the feature list does not import pydantic.
SOURCES: list[Callable[[], dict[str, Any]]] = []


def register_types(source: Callable[[], dict[str, Any]]) -> None:
    SOURCES.append(source)

"""Feature modules that extend shared machinery by naming convention.

A module ``app/services/<feature>_transfer.py`` adds its rows to the project file; a module
``app/services/<feature>_demo.py`` adds to the demo project. Discovering them by name keeps the
shared modules free of knowledge about each feature.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType


def modules_with_suffix(suffix: str) -> list[ModuleType]:
    import app.services as services

    names = sorted(m.name for m in pkgutil.iter_modules(services.__path__) if m.name.endswith(suffix))
    return [importlib.import_module(f"app.services.{name}") for name in names]

"""``export KIND`` and ``import KIND``: every kind registers here from its own module in app/cli/kinds.

All kinds share one form, an automation contract:
``export KIND --project ID_OR_NAME --out PATH [--lang ja|en]`` and
``import KIND FILE --project ID_OR_NAME [--dry-run]``.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.cli.context import CliContext


@dataclass(frozen=True)
class Kind:
    name: str
    help: str
    run: Callable[[CliContext, argparse.Namespace], int]
    add_arguments: Callable[[argparse.ArgumentParser], None] = field(default=lambda parser: None)


EXPORTS: dict[str, Kind] = {}
IMPORTS: dict[str, Kind] = {}


def register_export(kind: Kind) -> Kind:
    EXPORTS[kind.name] = kind
    return kind


def register_import(kind: Kind) -> Kind:
    IMPORTS[kind.name] = kind
    return kind


def discover() -> None:
    import app.cli.kinds as kinds

    for module in pkgutil.iter_modules(kinds.__path__):
        importlib.import_module(f"app.cli.kinds.{module.name}")

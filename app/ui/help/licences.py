"""The libraries the app runs on and their licences, read from the installed packages' metadata (no Qt).

The list is what ``mlops-kickoff`` requires, followed transitively: what a bundle freezes. Where the
app's own metadata is missing (a bundle that did not copy it), the direct dependencies below stand in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import metadata

APP_DISTRIBUTION = "mlops-kickoff"
APP_LICENCE = "MIT"  # pyproject.toml
# pyproject.toml's dependencies, for when the app's own metadata cannot be read.
DIRECT = (
    "PySide6-Essentials", "SQLAlchemy", "alembic", "pydantic", "Jinja2", "openpyxl", "XlsxWriter",
    "Markdown", "nh3", "PyYAML", "platformdirs", "holidays",
)  # fmt: skip
# Qt for Python is offered under LGPL-3.0 or GPL; the app uses it under the LGPL.
LGPL_QT = {"pyside6-essentials", "pyside6", "shiboken6"}
_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


@dataclass(frozen=True)
class Library:
    name: str
    version: str
    licence: str


def _key(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _field(meta: metadata.PackageMetadata, name: str) -> str:
    values = meta.get_all(name) or []
    return str(values[0]) if values else ""


def _licence(meta: metadata.PackageMetadata) -> str:
    expression = _field(meta, "License-Expression")
    if expression:
        return expression
    # The classifiers name the licence ("BSD License", "Apache Software License"); a License field
    # may say only "Dual License", or hold the whole licence text.
    classifiers = [c.split("::")[-1].strip() for c in meta.get_all("Classifier") or [] if c.startswith("License ::")]
    if classifiers:
        return " / ".join(classifiers)
    text = _field(meta, "License").strip()
    return text if text and "\n" not in text and len(text) <= 60 else "?"


def _runtime_requirements(name: str) -> list[str]:
    """The names ``name`` requires at run time (extras such as ``test`` left out)."""
    try:
        requires = metadata.requires(name) or []
    except metadata.PackageNotFoundError:
        return []
    found = []
    for requirement in requires:
        marker = requirement.partition(";")[2]
        if "extra" in marker:
            continue
        match = _NAME.match(requirement)
        if match:
            found.append(match.group(1))
    return found


def bundled_libraries() -> list[Library]:
    """Each installed library the app runs on, once, sorted by name (a missing one is left out)."""
    start = _runtime_requirements(APP_DISTRIBUTION) or list(DIRECT)
    seen: dict[str, Library] = {}
    todo = list(start)
    while todo:
        name = todo.pop()
        if _key(name) in seen:
            continue
        try:
            meta = metadata.metadata(name)
        except metadata.PackageNotFoundError:
            continue  # a platform-only requirement (e.g. colorama on Windows) not installed here
        licence = "LGPL-3.0-only" if _key(name) in LGPL_QT else _licence(meta)
        seen[_key(name)] = Library(str(meta["Name"]), str(meta["Version"]), licence)
        todo.extend(_runtime_requirements(name))
    return sorted(seen.values(), key=lambda lib: lib.name.lower())


def app_licence() -> str:
    try:
        return _licence(metadata.metadata(APP_DISTRIBUTION))
    except metadata.PackageNotFoundError:
        return APP_LICENCE

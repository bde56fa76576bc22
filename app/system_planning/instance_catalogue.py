"""The user's own instance catalogue: machine types and hourly prices kept in the data folder.

The shipped catalogue (``checklists/instance_catalogue.yaml``) is content; saving from the page
writes a copy with the same id into ``<data folder>/checklists/``, which the loader prefers on
every later start. Reset removes that copy. The running library is updated in place, so the
calculator prices with the new catalogue at once.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from app.core import paths
from app.core.content.loader import ContentLibrary, load_file
from app.core.errors import ContentError, ValidationFailed
from app.core.files.atomic import write_text
from app.system_planning.model import CATALOGUE_ID, InstanceCatalogue
from app.system_planning.service import catalogue

FILENAME = "instance_catalogue.yaml"
HEADER = (
    "# Your instance catalogue for the system-planning capacity calculator (written by MLOps Kickoff).\n"
    "# It replaces the shipped one while it exists; delete it (or use Reset) to go back.\n"
)


def user_copy_path() -> Path:
    return paths.user_checklists_dir() / FILENAME


def shipped_path() -> Path:
    return paths.builtin_checklists_dir() / FILENAME


def is_user_copy(library: ContentLibrary) -> bool:
    source = library.sources.get(CATALOGUE_ID)
    return source is not None and Path(source).resolve() == user_copy_path().resolve()


def validate(data: dict[str, Any]) -> InstanceCatalogue:
    """A catalogue from edited data, or ValidationFailed naming the first problem."""
    try:
        return InstanceCatalogue.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        problem = first["msg"].removeprefix("Value error, ")
        if first["loc"][:1] == ("instances",) and len(first["loc"]) > 1:
            row = int(first["loc"][1]) + 1
            where = f"row {row}" + (f" {first['loc'][2]}" if len(first["loc"]) > 2 else "")
        raise ValidationFailed(f"instance catalogue: {where}: {problem}" if where else f"instance catalogue: {problem}") from None


def save_user_copy(library: ContentLibrary, edited: InstanceCatalogue) -> Path:
    """Write the user's copy atomically and use it from now on."""
    data = {"type": "instance_catalogue"} | edited.model_dump(by_alias=True, exclude_none=True)
    data["instances"] = [
        {k: v for k, v in spec.items() if v not in ("", None)} for spec in data["instances"]
    ]
    text = HEADER + yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    path = user_copy_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text(path, text)
    library.add(edited, path)
    return path


def reset_to_shipped(library: ContentLibrary) -> InstanceCatalogue:
    """Remove the user's copy and go back to the shipped catalogue."""
    user = user_copy_path()
    if user.exists():
        user.unlink()
    try:
        shipped = load_file(shipped_path())
    except ContentError:
        shipped = None
    if isinstance(shipped, InstanceCatalogue):
        library.add(shipped, shipped_path())
    return catalogue(library)

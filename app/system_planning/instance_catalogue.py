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
from app.core.messages import Label, Message, pydantic_problem
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


# What the user calls each field of the catalogue (the dialog's column headers and labels).
FIELD_LABELS = {
    "name": Label(ja="マシンタイプ", en="Machine type"),
    "provider": Label(ja="プロバイダー", en="Provider"),
    "vcpu": Label(ja="vCPU", en="vCPU"),
    "memory_gb": Label(ja="メモリ(GB)", en="Memory (GB)"),
    "gpu": Label(ja="GPU", en="GPU"),
    "region": Label(ja="リージョン", en="Region"),
    "hourly_price": Label(ja="オンデマンド単価", en="On-demand price"),
    "reserved_price": Label(ja="リザーブド単価", en="Reserved price"),
    "spot_price": Label(ja="スポット単価(変動)", en="Spot price (variable)"),
    "note": Label(ja="備考", en="Note"),
    "currency": Label(ja="価格の通貨", en="Currency of the prices"),
    "as_of": Label(ja="価格の時点", en="Prices as of"),
}


def validate(data: dict[str, Any]) -> InstanceCatalogue:
    """A catalogue from edited data, or ValidationFailed naming the first problem (the row and the
    field by the names the dialog shows)."""
    try:
        return InstanceCatalogue.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = first["loc"]
        problem = pydantic_problem(first)
        if loc[:1] == ("instances",) and len(loc) > 1:
            row = int(loc[1]) + 1
            if len(loc) > 2:
                where: object = Message(key="instances.row_field", row=row, field=_field(loc[2]))
            else:
                where = Message(key="instances.row", row=row)
        elif loc:
            where = _field(loc[0])
        else:
            raise ValidationFailed(key="instances.refused", problem=problem) from None
        raise ValidationFailed(key="instances.refused_at", where=where, problem=problem) from None


def _field(name: object) -> object:
    return FIELD_LABELS.get(str(name), str(name))


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

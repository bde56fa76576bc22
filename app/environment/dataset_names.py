"""The names the hearing's data sources get as datasets on the data platform: each is its storage folder
(``raw/<name>/``), a column of the experiment-management sheet and of the scaffold's dataset list, so no two
sources may share one.

A name the user typed on the Data platform & CI page is kept as typed (a typed name equal to another row's is
refused: :func:`taken_by`). Every other is made from its source's name, its ASCII letters and digits
(「sales_2024」 from 「Sales 2024」, 「2024」 from 「売上データ_2024」); ``datasetNN`` (its row's number) when nothing
is left (a name all in Japanese); and when that name is another row's already, the later source gets ``_2``,
``_3``… (「売上データ_2024」 and 「在庫データ_2024」 are 2024 and 2024_2). A source keeps its name while the rows
before it keep theirs.
"""

from __future__ import annotations

import re
import unicodedata


def ascii_slug(text: str, min_length: int = 4) -> str:
    """Lower-case ASCII letters, digits and hyphens from ``text``; '' when too little is left."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:40].strip("-")
    return slug if len(slug) >= min_length else ""


def dataset_ids(sources: list[tuple[str, str]], typed: dict[str, str]) -> list[str]:
    """Each source's dataset name, in order: ``sources`` are (key, source name) per row, ``typed`` the names the
    user typed by key. Generated names avoid every typed one and each other."""
    taken = {name for name in typed.values() if name}
    result = []
    for n, (key, name) in enumerate(sources, start=1):
        if typed.get(key):
            result.append(typed[key])
            continue
        base = ascii_slug(name, 3).replace("-", "_") or f"dataset{n:02d}"
        candidate, count = base, 2
        while candidate in taken:
            candidate, count = f"{base}_{count}", count + 1
        taken.add(candidate)
        result.append(candidate)
    return result


def taken_by(sources: list[tuple[str, str]], typed: dict[str, str], key: str, name: str) -> str | None:
    """The other source (its key) whose dataset is named ``name`` now (``typed``: as stored, before ``key``'s name
    is typed); None: no other source's."""
    ids = dataset_ids(sources, typed)
    return next((other for (other, _), taken in zip(sources, ids, strict=True) if other != key and taken == name), None)


def sources_of(rows: list[dict], keys: list[str]) -> list[tuple[str, str]]:
    """Each data source's key and name (the hearing's rows and their keys), as :func:`dataset_ids` takes them."""
    return [(key, str(row.get("name") or "")) for row, key in zip(rows, keys, strict=True)]


def typed_ids(own: dict) -> dict[str, str]:
    """The dataset names the user typed (the data platform document's ``datasets``), by source key."""
    if not isinstance(own, dict):
        return {}
    return {key: str(cells["dataset_id"]) for key, cells in own.items() if isinstance(cells, dict) and cells.get("dataset_id")}

"""What a refused change calls a stored path of an environment document, as the pages name it (a
:class:`~app.core.errors.ConflictError` names the paths it found changed since, keys joined by "."):
a field of the form by its label (「フレームワーク」), a cell of the Data platform & CI page's tables by
its table, row and column as its other messages do (environment.location_cell 「置き場所「生データ」のパス」,
environment.dataset_cell 「データセット「sales」の担当者」), in both languages."""

from __future__ import annotations

from typing import Any

from app.core.errors import NotFoundError
from app.core.messages import Label, Message
from app.environment.service import (
    DATASET_COLUMNS,
    LOCATION_COLUMNS,
    dataset_cell,
    form_in,
    kind_label,
    location_cell,
)


def field_label(library: Any, field: str) -> Label | None:
    """The name of ``field`` (a stored path ``values.<field id>``, ``locations.<kind>.<column>``,
    ``datasets.<dataset>.<column>``, or a field's id); None for a path no page shows (a data kind the form
    no longer has, an unknown column): the document is named instead."""
    try:
        form = form_in(library)
    except NotFoundError:
        return None
    table, _, rest = field.partition(".")
    row, _, column = rest.rpartition(".")  # a dataset's name may hold a dot, a column never does
    cell: Message | None = None
    if table == "locations" and column in LOCATION_COLUMNS and row in {k.id for k in form.data_kinds}:
        cell = location_cell(kind_label(form, row), column)
    elif table == "datasets" and column in DATASET_COLUMNS and row:
        cell = dataset_cell(row, column)
    if cell is not None:
        return Label(ja=cell.text("ja", library), en=cell.text("en", library))
    found = form.field(field.removeprefix("values."))
    return Label(ja=found.label.ja, en=found.label.en) if found is not None else None

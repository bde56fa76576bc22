"""The People… dialog's table: the project's people one row each (:class:`PeopleModel`), and how a
person's days off and role are written in it and in the form (:func:`days_text`, :func:`parse_days_text`,
:func:`role_text`, :func:`catalog_role`).

Days off are written as dates and ranges, ``2026-12-29..2026-12-31, 2027-01-04`` (in Japanese
``2026/12/29..2026/12/31、2027/01/04``).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from app.core.i18n import Lang
from app.wbs.catalog import Catalog
from app.wbs.company_calendar import DAY_OFF_LABEL, parse_days
from app.wbs.resources import people as store
from app.wbs.resources.people import (
    days_text as days_text,  # (the dialog's, the CLI's: one way to write them)
)

_ROOT = QModelIndex()
_SEPARATORS = re.compile(r"[,、，;；\s]+")


def parse_days_text(text: str) -> frozenset[dt.date]:
    """The days of :func:`days_text`'s format, a range also as 2026/12/29〜2026/12/31 (:func:`parse_days`;
    ValidationFailed naming the piece that does not read)."""
    pieces = [piece for piece in _SEPARATORS.split(text) if piece]
    return frozenset(parse_days(pieces, DAY_OFF_LABEL))


def role_text(catalog: Catalog, role: str, lang: Lang) -> str:
    return catalog.role_label(role, lang) if role else ""


def catalog_role(catalog: Catalog, text: str) -> str:
    """A role as the catalogue knows it (``ds`` for "DS" or "データサイエンティスト"), else the text."""
    return catalog.lookup("role", text) or text.strip()


class PeopleModel(QAbstractTableModel):
    """The project's people, one row each: name, role, days a week, percent of a day, days off.

    Signals: the standard QAbstractItemModel ones only.
    """

    COLUMNS = ("name", "role", "days_per_week", "percent", "days_off")

    def __init__(self, catalog: Catalog, lang: Lang, parent: Any = None) -> None:
        super().__init__(parent)
        self.catalog = catalog
        self.lang = lang
        self.people: list[store.Person] = []

    def reset(self, people: list[store.Person]) -> None:
        self.beginResetModel()
        self.people = list(people)
        self.endResetModel()

    def row_of(self, name: str) -> int:
        return next((n for n, person in enumerate(self.people) if person.name == name), -1)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:  # overrides QAbstractItemModel.rowCount
        return 0 if parent.isValid() else len(self.people)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:  # overrides QAbstractItemModel.columnCount
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # overrides QAbstractItemModel.headerData
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole or not 0 <= section < len(self.COLUMNS):
            return None
        return (self.tr("Name"), self.tr("Role"), self.tr("Days a week"), self.tr("% of a day"), self.tr("Days off"))[section]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # overrides QAbstractItemModel.data
        if not index.isValid() or not 0 <= index.row() < len(self.people):
            return None
        person = self.people[index.row()]
        key = self.COLUMNS[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if key == "name":
                return person.name
            if key == "role":
                return role_text(self.catalog, person.role, self.lang)
            if key == "days_per_week":
                return str(person.days_per_week)
            if key == "percent":
                return f"{person.percent} %"
            return days_text(person.days_off, self.lang)
        if role == Qt.ItemDataRole.TextAlignmentRole and key in ("days_per_week", "percent"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

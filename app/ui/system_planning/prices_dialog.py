"""The prices copied into the project, with their date and source, and what updating them to the catalogue changes.

The dialog only shows; *Update to the current catalogue* closes it with ``update_requested`` set,
and the page runs the update as one undoable operation.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.i18n import Lang, plain_number
from app.system_planning.capacity import rate
from app.system_planning.plan_doc import PinnedPrice, PriceUpdate, SystemPlanDoc
from app.system_planning.text import price_kind_label
from app.ui.window.geometry import fit_dialog


class PricesDialog(QDialog):
    """The project's prices (read-only) and the update to the current catalogue, with its changes listed first."""

    def __init__(self, doc: SystemPlanDoc, updates: list[PriceUpdate], unpinned: list[str], lang: Lang, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("projectPricesDialog")
        self.setWindowTitle(self.tr("Prices in this project"))
        self.update_requested = False
        self.lang = lang
        fit_dialog(self, 960, 520)
        layout = QVBoxLayout(self)
        about = QLabel(self.tr(
            "The prices this project computes its cost with, copied from the instance catalogue when a machine type was "
            "first used. They travel with the project file; a change of the catalogue reaches the project only when you update it."
        ))
        about.setWordWrap(True)
        layout.addWidget(about)
        choice = QLabel(self.tr("Priced: {0}; region: {1}").format(
            price_kind_label(doc.price_kind, lang), doc.region or self.tr("as first listed per machine type")))
        choice.setObjectName("projectPricesChoice")
        layout.addWidget(choice)

        self.table = QTableWidget(len(doc.prices), 9)
        self.table.setObjectName("projectPricesTable")
        self.table.setAccessibleName(self.tr("Prices in this project"))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setHorizontalHeaderLabels([
            self.tr("Machine type"), self.tr("Provider"), self.tr("Region"), self.tr("On-demand"), self.tr("Reserved"),
            self.tr("Spot (variable)"), self.tr("Currency"), self.tr("As of"), self.tr("Source"),
        ])
        for row, price in enumerate(doc.prices):
            for column, text in enumerate(self._cells(price)):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        if unpinned:
            waiting = QLabel(self.tr("Not copied into the project yet (priced from the catalogue): {0}").format(", ".join(unpinned)))
            waiting.setObjectName("projectPricesUnpinned")
            waiting.setWordWrap(True)
            layout.addWidget(waiting)

        layout.addWidget(QLabel(self.tr("What updating to the current catalogue changes:")))
        self.changes = QPlainTextEdit()
        self.changes.setObjectName("projectPricesChanges")
        self.changes.setAccessibleName(self.tr("What updating to the current catalogue changes"))
        self.changes.setReadOnly(True)
        self.changes.setMaximumHeight(140)
        self.changes.setPlainText("\n".join(self._change_line(u) for u in updates) or self.tr("Nothing: the project's prices are the catalogue's."))
        layout.addWidget(self.changes)

        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        box.setObjectName("projectPricesButtons")
        self.update_button = QPushButton(self.tr("Update to the current catalogue"))
        self.update_button.setObjectName("updatePricesButton")
        self.update_button.setAccessibleName(self.tr("Update the project's prices to the current catalogue"))
        self.update_button.setAutoDefault(False)
        self.update_button.setEnabled(bool(updates))
        self.update_button.clicked.connect(self.request_update)
        box.addButton(self.update_button, QDialogButtonBox.ButtonRole.ActionRole)
        box.rejected.connect(self.reject)
        layout.addWidget(box)

    def _cells(self, p: PinnedPrice) -> list[str]:
        def price(value: float | None) -> str:
            return rate(value, p.currency) if value is not None else "—"

        source = p.source.get(self.lang) or p.source.get("en") or p.source.get("ja") or "—"
        return [p.instance, p.provider, p.region or "—", price(p.on_demand), price(p.reserved), price(p.spot), p.currency, p.as_of or "—", source]

    def _change_line(self, u: PriceUpdate) -> str:
        names = {
            "on_demand": self.tr("on-demand"), "reserved": self.tr("reserved"), "spot": self.tr("spot"),
            "currency": self.tr("currency"), "as_of": self.tr("as of"),
        }

        def shown(value: object) -> str:
            return "—" if value is None or value == "" else (plain_number(value, grouped=True) if isinstance(value, float) else str(value))

        where = f"{u.instance} ({u.region})" if u.region else u.instance
        return f"{where} · {names.get(u.field, u.field)}: {shown(u.old)} → {shown(u.new)}"

    def request_update(self) -> None:
        self.update_requested = True
        self.accept()

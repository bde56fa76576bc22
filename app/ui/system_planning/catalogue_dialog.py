"""Editing the instance catalogue (machine types and hourly prices) the calculator prices with.

The dialog edits a copy; *Save* validates it and writes the user's own catalogue into the data
folder (it replaces the shipped one from then on), *Reset* goes back to the shipped catalogue.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import UserError
from app.core.i18n import Lang, number_text
from app.system_planning.model import InstanceCatalogue
from app.ui import messages
from app.ui.error_text import shown_text
from app.ui.page import WholeTextDelegate
from app.ui.wide_table.frozen import KeepingTableView, commit_open_editor
from app.ui.wide_table.paste import install_paste
from app.ui.widgets import colours
from app.ui.window.geometry import fit_dialog

if TYPE_CHECKING:
    from app.ui.state import AppState

Index = QModelIndex | QPersistentModelIndex
FIELDS = ("name", "provider", "region", "vcpu", "memory_gb", "gpu", "hourly_price", "reserved_price", "spot_price", "note")
NUMBERS = {"vcpu", "memory_gb", "hourly_price", "reserved_price", "spot_price"}


class CatalogueModel(QAbstractTableModel):
    """The catalogue's machine types as editable rows; cells keep what was typed until Save checks it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[dict[str, Any]] = []

    def set_catalogue(self, catalogue: InstanceCatalogue) -> None:
        self.beginResetModel()
        self._rows = [spec.model_dump() for spec in catalogue.instances]
        self.endResetModel()

    def rows(self) -> list[dict[str, Any]]:
        return [dict(r) for r in self._rows]

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(FIELDS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return section + 1
        titles = (
            self.tr("Machine type"), self.tr("Provider"), self.tr("Region"), self.tr("vCPU"), self.tr("Memory (GB)"), self.tr("GPU"),
            self.tr("On-demand price"), self.tr("Reserved price"), self.tr("Spot price (variable)"), self.tr("Note"),
        )
        return titles[section] if 0 <= section < len(titles) else None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        value = self._rows[index.row()].get(FIELDS[index.column()])
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return "" if value is None else (number_shown(value) if isinstance(value, float) else str(value))
        if role == Qt.ItemDataRole.TextAlignmentRole and FIELDS[index.column()] in NUMBERS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        text = str(value).strip() if value is not None else ""
        field = FIELDS[index.column()]
        self._rows[index.row()][field] = text
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole])
        return True

    def paste(self, row: int, columns: list[int], grid: list[list[str]]) -> int:
        """Cells copied from a spreadsheet (a provider's price list) written from ``row`` on into ``columns``
        as typed, rows added as needed; Save checks them as it checks typing. Returns the rows written."""
        fields = [FIELDS[c] for c in columns if 0 <= c < len(FIELDS)]
        if not grid or not fields:
            return 0
        row = max(0, min(row, len(self._rows)))
        self.beginResetModel()
        self._rows.extend({"name": "", "hourly_price": ""} for _ in range(row + len(grid) - len(self._rows)))
        for n, cells in enumerate(grid):
            for field, text in zip(fields, cells, strict=False):
                self._rows[row + n][field] = text.strip()
        self.endResetModel()
        return len(grid)

    def insertRows(self, row: int, count: int, parent: Index = QModelIndex()) -> bool:
        if parent.isValid() or not (0 <= row <= len(self._rows)) or count < 1:
            return False
        self.beginInsertRows(QModelIndex(), row, row + count - 1)
        for _ in range(count):
            self._rows.insert(row, {"name": "", "hourly_price": ""})
        self.endInsertRows()
        return True

    def removeRows(self, row: int, count: int, parent: Index = QModelIndex()) -> bool:
        if parent.isValid() or row < 0 or count < 1 or row + count > len(self._rows):
            return False
        self.beginRemoveRows(QModelIndex(), row, row + count - 1)
        del self._rows[row : row + count]
        self.endRemoveRows()
        return True


def number_shown(value: float) -> str:
    """Every digit saved, never in computer notation (12.345678 stays 12.345678, not 12.3457): opening the cell
    and pressing Enter changes nothing."""
    if not math.isfinite(value):
        return str(value)
    if value.is_integer():
        return str(int(value))
    return format(Decimal(repr(value)), "f")


def _clean(row: dict[str, Any]) -> dict[str, Any]:
    """Typed cells as the catalogue model wants them (blank optional numbers left out)."""
    out: dict[str, Any] = {}
    for field in FIELDS:
        value = row.get(field)
        if isinstance(value, str):
            value = value.strip()
        if field in NUMBERS:
            if value in ("", None):
                if field == "hourly_price":
                    out[field] = value  # required: let validation name it
                continue
            try:
                number = float(number_text(str(value)))  # 「１，２００」 read; 「1_5」, 「1,5」 named by validation
            except ValueError:
                out[field] = value  # not a number: let validation name it
                continue
            out[field] = int(number) if field == "vcpu" and number.is_integer() else number
        elif value not in ("", None):
            out[field] = value
        elif field == "name":
            out[field] = ""
    return out


class CatalogueDialog(QDialog):
    """Edit the machine types and prices; Save writes the user's copy, Reset restores the shipped one."""

    def __init__(self, catalogue: InstanceCatalogue, is_user_copy: bool, lang: Lang, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("catalogueDialog")
        self.setWindowTitle(self.tr("Instance catalogue"))
        from app.system_planning.instance_catalogue import file_state, left_out_user_copy

        self.catalogue = catalogue
        self.seen = file_state()  # the user's file as the window opened on it: never written over if mended meanwhile
        # The user's own file could not be read: the shipped catalogue is shown, and Save may not replace their file.
        self.left_out = left_out_user_copy(is_user_copy)
        self.result_catalogue: InstanceCatalogue | None = None
        self.reset_requested = False
        fit_dialog(self, 900, 520)
        layout = QVBoxLayout(self)
        about = QLabel(
            self.tr("Machine types and their hourly prices per region: on-demand, reserved (1 year, no upfront, or a savings plan) and spot (varies). "
                    "A project copies the prices it uses, so saving here changes a project's cost only when it is updated to the catalogue. "
                    "Saving keeps your own copy in the data folder.")
        )
        about.setWordWrap(True)
        layout.addWidget(about)
        if catalogue.note:
            note = QLabel(catalogue.note.get(lang))
            note.setObjectName("catalogueNote")
            note.setWordWrap(True)
            note.setEnabled(False)
            layout.addWidget(note)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Currency of the prices:")))
        self.currency = QLineEdit(catalogue.currency)
        self.currency.setObjectName("catalogueCurrency")
        self.currency.setAccessibleName(self.tr("Currency of the prices"))
        self.currency.setMaximumWidth(70)
        row.addWidget(self.currency)
        row.addWidget(QLabel(self.tr("Prices as of:")))
        self.as_of = QLineEdit(catalogue.as_of)
        self.as_of.setObjectName("catalogueAsOf")
        self.as_of.setAccessibleName(self.tr("Prices as of"))
        self.as_of.setMaximumWidth(110)
        row.addWidget(self.as_of)
        row.addStretch(1)
        self.source_label = QLabel(self.tr("Your own copy") if is_user_copy else self.tr("Shipped catalogue"))
        self.source_label.setObjectName("catalogueSource")
        row.addWidget(self.source_label)
        layout.addLayout(row)
        self.left_out_label = QLabel()
        self.left_out_label.setObjectName("catalogueLeftOut")
        self.left_out_label.setWordWrap(True)
        colours.style(self.left_out_label, colours.WARNING)
        self.left_out_label.setVisible(self.left_out is not None)
        if self.left_out is not None:
            self.left_out_label.setText(shown_text(self._left_out_error()))
        layout.addWidget(self.left_out_label)

        self.model = CatalogueModel(self)
        self.model.set_catalogue(catalogue)
        self.view = KeepingTableView()  # Esc in a cell keeps the typing, as the pages' tables and the large editor do
        self.view.setObjectName("catalogueTable")
        self.view.setAccessibleName(self.tr("Machine types"))
        self.view.setModel(self.model)
        self.view.setItemDelegate(WholeTextDelegate(self.view))  # a paste kept whole: the check says what is too long
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.setColumnWidth(0, 170)
        for corner in self.view.findChildren(QAbstractButton, "qt_tableview_cornerbutton"):
            corner.setAccessibleName(self.tr("Select all machine types"))  # Qt leaves it nameless
        install_paste(self.view)  # a provider's price list copied from a spreadsheet, Ctrl+V; Ctrl+C the rows selected
        layout.addWidget(self.view, 1)

        buttons = QHBoxLayout()
        self.add_button = self._button("catalogueAddRow", self.tr("Add machine type"), self.add_row)
        self.remove_button = self._button("catalogueRemoveRow", self.tr("Remove"), self.remove_row)
        self.reset_button = self._button("catalogueReset", self.tr("Reset to shipped catalogue"), self.reset)
        self.reset_button.setEnabled(is_user_copy or self.left_out is not None)  # a file left out can be deleted here
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        buttons.addWidget(self.reset_button)
        layout.addLayout(buttons)
        self.error_label = QLabel()
        self.error_label.setObjectName("catalogueError")
        colours.style(self.error_label, colours.WARNING)
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        layout.addWidget(self.error_label)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        box.setObjectName("catalogueButtons")
        box.accepted.connect(self.save)
        box.rejected.connect(self.reject)
        layout.addWidget(box)
        self.buttons = box
        self._opened = self._typed()  # what the window opened on: closing with anything else asks first

    def _typed(self) -> tuple[Any, ...]:
        return self.model.rows(), self.currency.text(), self.as_of.text()

    def reject(self) -> None:  # overrides QDialog.reject: Cancel, Escape and the window's ×
        """Closing drops what was typed here: asked first when anything was (a cell still being typed in counts)."""
        commit_open_editor(self.view)
        if self._typed() != self._opened and not messages.confirm(
                self, self.tr("Instance catalogue"), self.tr("Close the catalogue and drop the changes made here?")):
            return
        super().reject()

    def _button(self, name: str, text: str, slot) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setAccessibleName(text)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        return button

    def add_row(self) -> None:
        row = self.model.rowCount()
        self.model.insertRows(row, 1)
        self.view.setCurrentIndex(self.model.index(row, 0))
        self.view.setFocus()

    def remove_row(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            self.model.removeRows(index.row(), 1)

    def edited(self) -> InstanceCatalogue:
        """The catalogue as edited; ValidationFailed names the first row and field that does not fit."""
        from app.system_planning.instance_catalogue import validate

        data = self.catalogue.model_dump(by_alias=True)
        data.update(currency=self.currency.text(), as_of=self.as_of.text().strip(), instances=[_clean(r) for r in self.model.rows()])
        return validate(data)

    def _left_out_error(self) -> UserError:
        return UserError(key="instances.user_copy_left_out", problem=self.left_out)

    def save(self) -> None:
        try:
            if self.left_out is not None:  # never over the user's own file the app could not read
                raise self._left_out_error()
            edited = self.edited()
        except UserError as exc:
            self.error_label.setText(shown_text(exc))
            self.error_label.show()
            return
        from app.system_planning.instance_catalogue import ANY_STATE

        if self._changed_meanwhile():
            if not messages.confirm(self, self.tr("Instance catalogue"),
                                    self.tr("Your catalogue file was changed outside MLOps Kickoff since this window opened. "
                                            "Replace it with the catalogue shown here?")):
                return  # the window stays open with what was typed in it
            self.seen = ANY_STATE  # the user chose to replace the file whatever it holds
        self.result_catalogue = edited
        self.accept()

    def reset(self) -> None:
        from app.system_planning.instance_catalogue import ANY_STATE

        changed = self._changed_meanwhile()
        question = (self.tr("Your catalogue file was changed outside MLOps Kickoff since this window opened. Delete it anyway "
                            "and go back to the shipped catalogue?") if changed
                    else self.tr("Delete your own catalogue and go back to the shipped one?"))
        if messages.confirm(self, self.tr("Instance catalogue"), question):
            if changed:
                self.seen = ANY_STATE
            self.reset_requested = True
            self.accept()

    def _changed_meanwhile(self) -> bool:
        """Whether the user's file is not as the window opened on it."""
        from app.system_planning.instance_catalogue import ANY_STATE, file_state

        return self.seen != ANY_STATE and file_state() != self.seen


def edit_catalogue(parent: QWidget, state: AppState, exec_dialog: Callable[[QDialog], int]) -> bool:
    """The instance catalogue (as on disk now: saved or reset meanwhile by another window or process) edited in the
    dialog and saved, or reset to the shipped one; a file that cannot be written said. True when the catalogue the
    plan prices with changed (saved, reset, or read anew)."""
    from app.system_planning import instance_catalogue
    from app.system_planning.service import catalogue

    library = state.workspace.library
    before = catalogue(library)
    shown = instance_catalogue.reread(library)
    dialog = CatalogueDialog(shown, instance_catalogue.is_user_copy(library), state.content_lang, parent)
    if exec_dialog(dialog) != QDialog.DialogCode.Accepted:
        return shown != before
    try:
        if dialog.reset_requested:
            instance_catalogue.reset_to_shipped(library, seen=dialog.seen)
        elif dialog.result_catalogue is not None:
            instance_catalogue.save_user_copy(library, dialog.result_catalogue, seen=dialog.seen)
    except (UserError, OSError) as exc:
        if not isinstance(exc, UserError):  # the file system's own words, said in the user's sentence
            path = exc.filename or instance_catalogue.user_copy_path()
            exc = UserError(key="file.cannot_write", path=path, reason=exc.strerror or type(exc).__name__)
        messages.show_error(parent, exc)
        return False
    state.notify_saved()
    return True

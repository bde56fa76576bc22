"""Table models of the Data platform & CI page: storage locations per data kind, and the datasets."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QStyleOptionViewItem, QWidget

from app.core.errors import ConflictError, DatabaseBusy, UserError
from app.core.i18n import Lang
from app.environment.service import Dataset, Location, check_location
from app.hearing import renamed_rows
from app.ui.error_text import shown_text
from app.ui.page import INVALID_BACKGROUND, INVALID_TEXT, WholeTextDelegate

Index = QModelIndex | QPersistentModelIndex
# (kind id or dataset key, column id, new text, the user's own text shown: None for none) -> the error
# (a refusal, or a cell another window set since), or None when saved
Editor = Callable[[str, str, str, str | None], UserError | None]
# Cells pasted, each (row key, column id, new text, the user's own text shown) -> the error, or None when
# all are saved as one step (an error: none is)
Paster = Callable[[list[tuple[str, str, str, str | None]]], UserError | None]


class CellDelegate(WholeTextDelegate):
    """Tells the table which cells have an editor open (a refresh keeps what is typed in them)."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:  # overrides
        editor = super().createEditor(parent, option, index)
        model = index.model()
        if isinstance(model, _Table):
            model.editing_began(index)
        return editor

    def destroyEditor(self, editor: QWidget, index: Index) -> None:  # overrides QAbstractItemDelegate.destroyEditor
        super().destroyEditor(editor, index)
        view = self.parent()
        model = view.model() if isinstance(view, QAbstractItemView) else None  # (the index may be gone with its row)
        if isinstance(model, _Table):
            model.editing_ended(index)


class _Table(QAbstractTableModel):
    """A small read-mostly table whose editable cells are saved through ``editor``; edited cells show bold.

    A cell whose text is refused keeps it as a draft of its project (red, the reason as its tooltip)
    until it is saved or typed back to the stored text. A draft a window gone kept (on disk) is put
    back in its cell by :meth:`take_back`; its save is based on what the cell showed then.
    """

    columns: tuple[str, ...] = ()
    editable: frozenset[str] = frozenset()
    adds_rows = False  # its rows are given (the form's data kinds, the hearing's data sources): a paste adds none

    def __init__(self, editor: Editor, parent=None, paster: Paster | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.paster = paster
        self.lang: Lang = "ja"
        self.last_error: UserError | None = None
        self.render: Callable[[BaseException], str] = shown_text  # an error as the window says it
        self.project_id = -1
        self.drafts: dict[tuple[int, str, str], tuple[str, str]] = {}  # (project, row key, column) -> (text, why)
        # Cells this window saved since the rows were last read (shown and compared with until they are read again)
        self.saved: dict[tuple[str, str], str] = {}
        # Of the drafts taken back from a window gone: the user's own text the cell showed when the
        # typing began (None: none), what their save is based on; forgotten once saved or said to clash.
        self.bases: dict[tuple[int, str, str], str | None] = {}
        # A draft kept (why: the error, the text, the own text it is based on) or dropped (why None)
        self.on_draft: Callable[[tuple[int, str, str], UserError | None, str, str | None], None] = lambda *_: None
        # A draft's cell moved to its row's new key (its source renamed): (old key, new key) -> its message now (None: as it was)
        self.on_rename: Callable[[tuple[int, str, str], tuple[int, str, str]], str | None] = lambda *_: None
        # A draft's row removed (its source deleted since): (key, text) said and kept off the table
        self.on_gone: Callable[[tuple[int, str, str], str], None] = lambda *_: None
        self.editing: list[QPersistentModelIndex] = []  # the cells a view has an editor open on (CellDelegate)
        # Of ``bases``: those a refresh set under an open editor (the cell's text then), dropped when it closes
        self._held: set[tuple[int, str, str]] = set()
        # The drafts of a paste a busy database kept waiting -> the first cell of their paste: saved together
        self.pasted: dict[tuple[int, str, str], tuple[int, str, str]] = {}

    def headers(self) -> list[str]:
        raise NotImplementedError

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # overrides QAbstractItemModel.rowCount
        return 0 if parent.isValid() else len(self._rows())

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # overrides QAbstractItemModel.columnCount
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # overrides
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            return self.headers()[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:  # overrides QAbstractItemModel.flags
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.columns[index.column()] in self.editable:
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # overrides QAbstractItemModel.data
        if not index.isValid() or not (0 <= index.row() < len(self._rows())):
            return None
        column = self.columns[index.column()]
        draft = self.drafts.get((self.project_id, self._key(index.row()), column))
        if draft is not None:
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
                return draft[0]
            if role == Qt.ItemDataRole.ToolTipRole:
                return draft[1]
            if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole):
                return QBrush(QColor(INVALID_BACKGROUND if role == Qt.ItemDataRole.BackgroundRole else INVALID_TEXT))
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole):
            refused = self._stored_refusal(index.row(), column)  # (an older version's: kept, said until corrected)
            if refused is not None:
                if role == Qt.ItemDataRole.ToolTipRole:
                    return self.render(refused)
                return QBrush(QColor(INVALID_BACKGROUND if role == Qt.ItemDataRole.BackgroundRole else INVALID_TEXT))
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, Qt.ItemDataRole.ToolTipRole):
            return self.saved.get((self._key(index.row()), column), self._cell(index.row(), column))
        if role == Qt.ItemDataRole.FontRole and column in self._edited(index.row()):
            font = QFont()
            font.setBold(True)
            return font
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # overrides
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        column = self.columns[index.column()]
        if column not in self.editable:
            return False
        text, key = str(value), (self.project_id, self._key(index.row()), column)
        had_draft = self.drafts.pop(key, None) is not None
        self.pasted.pop(key, None)  # (typed over: its own step from now on)
        shown = self.saved.get((key[1], column), self._cell(index.row(), column))
        own = self.saved.get((key[1], column), self._cell(index.row(), column) if column in self._edited(index.row()) else None) or None
        if key in self.bases:
            own = self.bases[key]
        if text == shown:
            self.last_error = None
            self.bases.pop(key, None)
        else:
            self.last_error = self.editor(key[1], column, text, own)
            if self.last_error is not None:
                self.drafts[key] = (text, self.render(self.last_error))
                if not isinstance(self.last_error, ConflictError):  # (a conflict: the next entry is based on what is shown)
                    self.bases.setdefault(key, own)  # its save based on what the cell showed when the typing began
            else:
                self.saved[(key[1], column)] = text
                self.bases.pop(key, None)
                self.dataChanged.emit(index, index)
        if had_draft or key in self.drafts:
            self.on_draft(key, self.last_error, text, own)
            self.dataChanged.emit(index, index)
        return self.last_error is None  # the page refreshes the rows from the saved document

    def paste(self, row: int, columns: list[int], grid: list[list[str]]) -> int:
        """Cells copied from a spreadsheet written from ``row`` on into ``columns`` (the shown ones from the
        current cell on) as one step, through the cells' own rules (app/ui/wide_table/paste.py says the cells
        left out: past the last row, in a column that cannot be typed in). A cell refused raises its error:
        nothing is saved. A busy database raises too, the cells kept as drafts as typing is (shown, on disk,
        saved together once it is free: :meth:`save_pasted`). Returns the rows written."""
        cells: list[tuple[str, str, str, str | None]] = []
        for r, texts in zip(range(row, len(self._rows())), grid, strict=False):
            for n, text in zip(columns, texts, strict=False):
                column = self.columns[n]
                key = (self.project_id, self._key(r), column)
                if column in self.editable and (text.strip() != self.saved.get(key[1:], self._cell(r, column)) or key in self.drafts):
                    cells.append((key[1], column, text.strip(), self.bases[key] if key in self.bases else self._own(r, column)))
        if not cells or self.paster is None:
            return 0
        error = self._save_cells(cells)
        if error is not None:
            raise error
        return min(len(grid), len(self._rows()) - row)

    def save_pasted(self, first: tuple[int, str, str]) -> UserError | None:
        """The drafts of the paste whose first cell is ``first``, a busy database kept waiting, saved as the
        one step the paste is (each based on what its cell showed when pasted); the error, when not."""
        keys = [key for key, head in self.pasted.items() if head == first and key in self.drafts]
        cells = [(key[1], key[2], self.drafts[key][0], self.bases.get(key)) for key in keys]
        return self._save_cells(cells, waiting=True) if cells and self.paster is not None else None

    def _save_cells(self, cells: list[tuple[str, str, str, str | None]], waiting: bool = False) -> UserError | None:
        """Cells saved as one step; refused by a busy database, kept as drafts of one paste (the error
        said on each, waiting with the window's typing) rather than lost. Any other refusal of a paste
        takes nothing of it; of a paste kept ``waiting``, its drafts stay, each said why and corrected
        on its own (a conflict: based on what the cell shows now, as typing is)."""
        keys = [(self.project_id, row_key, column) for row_key, column, _text, _own in cells]
        error = self.paster(cells) if self.paster is not None else None
        if error is not None and (waiting or isinstance(error, DatabaseBusy)):
            why = self.render(error)
            for key, (_row, _column, text, own) in zip(keys, cells, strict=True):
                self.drafts[key] = (text, why)
                if isinstance(error, DatabaseBusy):
                    self.bases.setdefault(key, own)  # (based on what the cell showed when pasted)
                    self.pasted[key] = keys[0]
                else:
                    self.pasted.pop(key, None)
                    if isinstance(error, ConflictError):
                        self.bases.pop(key, None)
                self.on_draft(key, error, text, own)
        elif error is None:
            for key, (row_key, column, text, own) in zip(keys, cells, strict=True):
                self.saved[(row_key, column)] = text
                self.bases.pop(key, None)
                self.pasted.pop(key, None)
                if self.drafts.pop(key, None) is not None:
                    self.on_draft(key, None, text, own)
        self._cells_changed(keys)
        return error

    def _cells_changed(self, keys: list[tuple[int, str, str]]) -> None:
        rows = {self._key(n): n for n in range(len(self._rows()))}
        shown = [rows[key[1]] for key in keys if key[1] in rows]
        if shown:
            self.dataChanged.emit(self.index(min(shown), 0), self.index(max(shown), len(self.columns) - 1))

    def take_back(self, row_key: str, column: str, text: Any, why: str, base: Any) -> bool:
        """A draft a window gone kept for a cell of the rows shown, back in its cell (marked); False
        when no cell shows it as it is (its row is gone, a value that is no text)."""
        rows = [self._key(n) for n in range(len(self._rows()))]
        if row_key not in rows or column not in self.editable or not isinstance(text, str):
            return False
        key = (self.project_id, row_key, column)
        self.drafts[key] = (text, why)
        if isinstance(base, dict) and (base.get("own") is None or isinstance(base.get("own"), str)) and "own" in base:
            self.bases[key] = base["own"]
        index = self.index(rows.index(row_key), self.columns.index(column))
        self.dataChanged.emit(index, index)
        return True

    def drop_draft(self, row_key: str, column: str) -> None:
        """Undo right after a cell's refused typing: its draft dropped, the cell showing what is stored."""
        key = (self.project_id, row_key, column)
        self.drafts.pop(key, None)
        self.bases.pop(key, None)
        self.pasted.pop(key, None)
        rows = [self._key(n) for n in range(len(self._rows()))]
        if row_key in rows and column in self.columns:
            index = self.index(rows.index(row_key), self.columns.index(column))
            self.dataChanged.emit(index, index)

    def editing_began(self, index: Index) -> None:
        self.editing.append(QPersistentModelIndex(index))

    def editing_ended(self, index: Index) -> None:
        """An editor closed (saved, refused or given up): a cell a refresh changed under it shows what is stored."""
        self.editing = [i for i in self.editing if i.isValid() and i != index]
        if not index.isValid() or index.row() >= len(self._rows()):
            return
        key = (self.project_id, self._key(index.row()), self.columns[index.column()])
        if key in self._held:
            self._held.discard(key)
            if key not in self.drafts:
                self.bases.pop(key, None)
            self.dataChanged.emit(index, index)

    def _own(self, row: int, column: str) -> str | None:
        """The user's own text a cell shows (None: the default it was given)."""
        key = self._key(row)
        return self.saved.get((key, column), self._cell(row, column) if column in self._edited(row) else None) or None

    def _replace(self, rows: list, lang: Lang, project_id: int, put: Callable[[list], None]) -> None:
        """Show these rows: rows kept (by key, or renamed: their source's name changed) are updated in
        place, rows gone removed and new rows inserted, each with its own signal, so that a cell editor
        open on a kept row stays with what is being typed (a reset would close it); a cell changed under
        an open editor is not put into it: its save is then based on what the cell showed when the typing
        began (a conflict said, never overwritten). Another project or language resets the table."""
        same_project = project_id == self.project_id
        renames = self._renames(list(self._rows()) if same_project else None, rows)
        # A removed row is never the one a new row of its name is (its cells, its open editor are not theirs)
        old_keys = [key if key not in renames else renames[key] or f"\x00{key}" for key in (self._key(n) for n in range(len(self._rows())))]
        new_keys = [self._row_key(r) for r in rows]
        self._rename_drafts(renames, project_id)
        if not same_project or lang != self.lang or len(set(new_keys)) != len(new_keys) or len(set(old_keys)) != len(old_keys):
            self.saved, self._held = {}, set()
            self.beginResetModel()
            put(rows)
            self.lang, self.project_id = lang, project_id
            self.endResetModel()
            return
        open_cells = {(old_keys[i.row()], self.columns[i.column()]): self._own(i.row(), self.columns[i.column()])
                      for i in self.editing if i.isValid()}  # fmt: skip
        before = {(old_keys[row], n): shown for (row, n), shown in self._shown_cells().items()}
        self.saved = {}  # the rows read now hold what this window saved
        self._move_rows(old_keys, new_keys, rows, put)
        # Cell by cell: a range would put the stored text into an editor open in it as well.
        for (row, n), shown in self._shown_cells().items():
            cell = (new_keys[row], self.columns[n])
            if before.get((new_keys[row], n), shown) == shown:
                continue
            if cell in open_cells:
                key = (project_id, *cell)
                if key not in self.bases:
                    self.bases[key] = open_cells[cell]
                    self._held.add(key)
                continue
            index = self.index(row, n)
            self.dataChanged.emit(index, index)

    def _rename_drafts(self, renames: dict[str, str | None], project_id: int) -> None:
        """The project's drafts follow their rows renamed; those of rows removed leave the table (on_gone)."""
        for key in [k for k in {*self.drafts, *self.bases} if k[0] == project_id and k[1] in renames]:
            target = renames[key[1]]
            moved = (key[0], target, key[2]) if target is not None else None
            if key in self.drafts:
                draft = self.drafts.pop(key)
                if moved is not None:
                    message = self.on_rename(key, moved)  # (its refusal said under the row's new name)
                    self.drafts[moved] = (draft[0], message) if message else draft
                else:
                    self.on_gone(key, draft[0])
            if key in self.bases:
                base = self.bases.pop(key)
                if moved is not None:
                    self.bases[moved] = base

    def _renames(self, before: list | None, after: list) -> dict[str, str | None]:
        """Rows whose key changed (-> None: removed) since ``before`` was shown (None: another
        project's rows), old key -> new key (none by default)."""
        return {}

    def _move_rows(self, old_keys: list[str], new_keys: list[str], rows: list, put: Callable[[list], None]) -> None:
        """Bring the rows shown from ``old_keys`` to ``rows`` (keyed ``new_keys``): removals, then a
        reorder of the rows kept (persistent indexes follow their row), then insertions."""
        current = list(self._rows())
        wanted = set(new_keys)
        for n in range(len(old_keys) - 1, -1, -1):
            if old_keys[n] not in wanted:
                self.beginRemoveRows(QModelIndex(), n, n)
                del current[n], old_keys[n]
                put(list(current))
                self.endRemoveRows()
        kept_set = set(old_keys)
        kept = [key for key in new_keys if key in kept_set]
        if kept != old_keys:
            self.layoutAboutToBeChanged.emit()
            moved = {key: kept.index(key) for key in old_keys}
            persistent = self.persistentIndexList()
            by_key = dict(zip(old_keys, current, strict=True))
            current = [by_key[key] for key in kept]
            put(list(current))
            self.changePersistentIndexList(
                persistent, [self.index(moved[old_keys[i.row()]], i.column()) if i.isValid() else i for i in persistent]
            )
            self.layoutChanged.emit()
        for n, key in enumerate(new_keys):
            if key not in kept_set:  # the rows kept are in their final order: each new row goes in at its place
                self.beginInsertRows(QModelIndex(), n, n)
                current.insert(n, rows[n])
                put(list(current))
                self.endInsertRows()
        put(rows)

    def _shown_cells(self) -> dict[tuple[int, int], tuple[str, bool]]:
        return {(row, n): (self._cell(row, column), column in self._edited(row))
                for row in range(len(self._rows())) for n, column in enumerate(self.columns)}

    @staticmethod
    def _row_key(row: Any) -> str:
        raise NotImplementedError

    def _rows(self) -> list:
        raise NotImplementedError

    def _key(self, row: int) -> str:
        raise NotImplementedError

    def _cell(self, row: int, column: str) -> str:
        raise NotImplementedError

    def _edited(self, row: int) -> frozenset[str]:
        raise NotImplementedError

    def _stored_refusal(self, row: int, column: str) -> UserError | None:
        """Why the user's own stored text of a cell would be refused if typed now (None: it would not)."""
        return None


class LocationsModel(_Table):
    """Where each kind of data lives (raw, processed, models, metadata) and who may access it."""

    columns = ("kind", "path", "access", "note")
    editable = frozenset({"path", "access", "note"})

    def __init__(self, editor: Editor, parent=None, paster: Paster | None = None) -> None:
        super().__init__(editor, parent, paster)
        self.locations: list[Location] = []

    def headers(self) -> list[str]:
        return [
            QCoreApplication.translate("LocationsModel", "Data"),
            QCoreApplication.translate("LocationsModel", "Where"),
            QCoreApplication.translate("LocationsModel", "Access"),
            QCoreApplication.translate("LocationsModel", "Note"),
        ]

    def set_locations(self, locations: list[Location], lang: Lang, project_id: int = -1) -> None:
        self._replace(list(locations), lang, project_id, lambda rows: setattr(self, "locations", rows))

    @staticmethod
    def _row_key(row: Location) -> str:
        return row.kind.id

    def _rows(self) -> list:
        return self.locations

    def _key(self, row: int) -> str:
        return self.locations[row].kind.id

    def _cell(self, row: int, column: str) -> str:
        location = self.locations[row]
        return location.kind.label.get(self.lang) if column == "kind" else getattr(location, column)

    def _edited(self, row: int) -> frozenset[str]:
        return self.locations[row].edited

    def _stored_refusal(self, row: int, column: str) -> UserError | None:  # overrides _Table._stored_refusal
        location = self.locations[row]
        if column not in location.edited or (location.kind.id, column) in self.saved:
            return None
        try:
            check_location(location.kind.label, column, str(getattr(location, column)))
        except UserError as error:
            return error
        return None


class DatasetsModel(_Table):
    """The hearing's data sources with their dataset name (①), owner and place in storage."""

    columns = ("source", "dataset_id", "owner", "path", "personal_info", "license")
    editable = frozenset({"dataset_id", "owner"})

    def __init__(self, editor: Editor, parent=None, paster: Paster | None = None) -> None:
        super().__init__(editor, parent, paster)
        self.datasets: list[Dataset] = []
        self._known: dict[str, str | None] | None = None

    def headers(self) -> list[str]:
        return [
            QCoreApplication.translate("DatasetsModel", "Data source"),
            QCoreApplication.translate("DatasetsModel", "Dataset name (1)"),
            QCoreApplication.translate("DatasetsModel", "Owner"),
            QCoreApplication.translate("DatasetsModel", "Stored at"),
            QCoreApplication.translate("DatasetsModel", "Personal information"),
            QCoreApplication.translate("DatasetsModel", "Licence"),
        ]

    def set_datasets(self, datasets: list[Dataset], lang: Lang, project_id: int = -1,
                     renames: dict[str, str | None] | None = None) -> None:
        """Show ``datasets``; ``renames``: the sources renamed (-> None: removed) since the rows shown, as
        the hearing's writes moved their cells (AnswerService.renames_since); None: not known."""
        self._known = renames
        self._replace(list(datasets), lang, project_id, lambda rows: setattr(self, "datasets", rows))

    @staticmethod
    def _row_key(row: Dataset) -> str:
        return row.key

    def _renames(self, before: list | None, after: list) -> dict[str, str | None]:  # overrides _Table._renames
        """The data sources renamed (-> None: removed) in the hearing since the rows shown: as its writes
        moved the dataset cells, one at a time; when those are not known (or not what the rows read
        show), the rule a write follows applied to the rows shown and now."""
        keys = {d.key for d in after}
        known = self._known
        if known is not None and all(key in keys for key in known.values() if key is not None):
            return dict(known)
        if before is None:
            return {}
        return dict(renamed_rows([d.row for d in before], [d.row for d in after]))

    def _rows(self) -> list:
        return self.datasets

    def _key(self, row: int) -> str:
        return self.datasets[row].key

    def _cell(self, row: int, column: str) -> str:
        dataset = self.datasets[row]
        match column:
            case "source":
                return dataset.name
            case "personal_info":
                return QCoreApplication.translate("DatasetsModel", "yes") if dataset.personal_info else ""
            case "license":
                return str(dataset.row.get("license") or "")
            case _:
                return str(getattr(dataset, column))

    def _edited(self, row: int) -> frozenset[str]:
        return self.datasets[row].edited

"""The Review page's item table: one row per checklist item, its score or levels, its evidence or
note, whether it is met, the suggestion with its reason and the linked WBS task.

The model only shows; an edit goes to ``edit(item_id, values, base)`` (the page runs it as one
operation). What could not be saved stays on screen as a draft (italic, the reason in its tooltip)
until it is saved or the user types over it; a draft stays with its project and checklist.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QFont
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from app.core.i18n import Lang
from app.review.model import TEXT_FIELD, VALUE_FIELDS, ReviewChecklist
from app.review.scoring import score_text
from app.review.service import ChecklistView, ItemView
from app.ui.page import whole_text
from app.ui.widgets import colours
from app.ui.widgets.choice_keys import choose_on_purpose

Index = QModelIndex | QPersistentModelIndex
VALUE_ROLE = Qt.ItemDataRole.UserRole + 1  # the float of a value column (None: not answered)
KIND_ROLE = Qt.ItemDataRole.UserRole + 2  # the column's kind: "section", "item", a value field, "text", "met", ...
ITEM_ROLE = Qt.ItemDataRole.UserRole + 3  # the row's item id


@dataclass(frozen=True)
class Column:
    kind: str  # section | item | score | level | current | target | text | met | suggestion | task
    title: str


def field_title(name: str) -> str:
    """A value field's name in the UI language."""
    titles = {
        "score": QCoreApplication.translate("ReviewTable", "Score"),
        "level": QCoreApplication.translate("ReviewTable", "Level"),
        "current": QCoreApplication.translate("ReviewTable", "Current"),
        "target": QCoreApplication.translate("ReviewTable", "Target"),
    }
    return titles.get(name, name)


def columns_for(checklist: ReviewChecklist) -> list[Column]:
    evidence = TEXT_FIELD[checklist.scoring] == "evidence"
    text_title = QCoreApplication.translate("ReviewTable", "Evidence") if evidence else QCoreApplication.translate("ReviewTable", "Note")
    return [
        Column("item", QCoreApplication.translate("ReviewTable", "Item")),
        *(Column(name, field_title(name)) for name in VALUE_FIELDS[checklist.scoring]),
        Column("text", text_title),
        Column("met", QCoreApplication.translate("ReviewTable", "Met")),
        Column("suggestion", QCoreApplication.translate("ReviewTable", "Suggestion")),
        Column("task", QCoreApplication.translate("ReviewTable", "WBS task")),
    ]


class ReviewTableModel(QAbstractTableModel):
    """The items of one checklist (see the module docstring)."""

    def __init__(self, edit: Callable[[str, dict[str, Any], dict[str, Any]], bool], parent: Any = None) -> None:
        super().__init__(parent)
        self.edit = edit  # (item id, {field: value}, {field: shown}) -> saved?
        self.view: ChecklistView | None = None
        self.project_id = -1
        self.rows: list[ItemView] = []
        self.columns: list[Column] = []
        self.lang: Lang = "en"
        # What could not be saved, by (project id, checklist id): {(item id, field): (typed, why not saved)}.
        # A draft belongs to its project and checklist: shown again when they come back, never elsewhere.
        self._drafts: dict[tuple[int, str], dict[tuple[str, str], tuple[Any, str]]] = {}
        # Cells with an editor open (the delegate keeps this): (item id, column) -> the stored value the
        # editor began from, the base of its edit even when a reload shows a newer one meanwhile.
        self.editing: dict[tuple[str, int], Any] = {}

    @property
    def drafts(self) -> dict[tuple[str, str], tuple[Any, str]]:
        """The drafts of the project and checklist shown: (item id, field) -> (typed, why not saved)."""
        key = (self.project_id, self.view.checklist.id if self.view else "")
        return self._drafts.setdefault(key, {})

    # --- data in ----------------------------------------------------------------------------------

    def show(self, view: ChecklistView | None, lang: Lang, project_id: int = -1) -> None:
        """Show ``view`` (of project ``project_id``). The same items read again are updated in place,
        so a cell editor open meanwhile keeps what is being typed (a reset would close it, unsaved)."""
        rows = list(view.items.values()) if view else []
        columns = columns_for(view.checklist) if view else []
        same = (view is not None and self.view is not None and project_id == self.project_id
                and view.checklist.id == self.view.checklist.id and [c.kind for c in columns] == [c.kind for c in self.columns]
                and [r.item.id for r in rows] == [r.item.id for r in self.rows])  # fmt: skip
        if same and rows:
            self.view, self.lang, self.rows, self.columns = view, lang, rows, columns
            self._changed_around_editors()
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(columns) - 1)
            return
        self.beginResetModel()
        self.view, self.lang, self.project_id = view, lang, project_id
        self.rows, self.columns = rows, columns
        self.editing.clear()  # a reset closes every editor
        self.endResetModel()

    def _changed_around_editors(self) -> None:
        """Every cell may show something new, except those being edited: a view puts the model's
        value into an open editor of a changed cell, over what is being typed."""
        last = len(self.columns) - 1
        editing: dict[int, list[int]] = {}
        for item_id, column in self.editing:
            editing.setdefault(self.row_of(item_id), []).append(column)
        if not editing:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, last))
            return
        for row in range(len(self.rows)):
            start = 0
            for column in [*sorted(editing.get(row, [])), last + 1]:
                if start < column:
                    self.dataChanged.emit(self.index(row, start), self.index(row, column - 1))
                start = column + 1

    def editor_opened(self, index: Index) -> tuple[str, int] | None:
        """An editor opened on ``index``: its cell is left alone until it closes (see :meth:`show`);
        returns the cell's key for :meth:`editor_closed`."""
        if not index.isValid() or self.view is None:
            return None
        row, column = self.rows[index.row()], self.columns[index.column()]
        name = self.field_of(column)
        if name is None:
            return None
        key = (row.item.id, index.column())
        self.editing[key] = self._stored(row, column, name)
        return key

    def editor_closed(self, key: tuple[str, int] | None) -> None:
        if key is not None:
            self.editing.pop(key, None)

    def _stored(self, row: ItemView, column: Column, name: str) -> Any:
        """What is stored for the cell (the ``base`` of an edit)."""
        return row.answer.text(self.view.checklist.scoring) if column.kind == "text" and self.view else row.answer.value(name)

    def column_of(self, kind: str) -> int:
        return next((n for n, c in enumerate(self.columns) if c.kind == kind), -1)

    def row_of(self, item_id: str) -> int:
        return next((n for n, r in enumerate(self.rows) if r.item.id == item_id), -1)

    def text_field(self) -> str:
        return TEXT_FIELD[self.view.checklist.scoring] if self.view else "note"

    def field_of(self, column: Column) -> str | None:
        if column.kind == "text":
            return self.text_field()
        return column.kind if column.kind in ("score", "level", "current", "target") else None

    def put_draft(self, item_id: str, values: dict[str, Any], why: str) -> None:
        for name, value in values.items():
            self.drafts[(item_id, name)] = (value, why)
        self._row_changed(item_id)

    def has_drafts(self, project_id: int, checklist_id: str, item_id: str) -> bool:
        return any(item == item_id for item, _name in self._drafts.get((project_id, checklist_id), {}))

    def take_back(self, project_id: int, checklist_id: str, item_id: str, values: dict[str, Any], why: str) -> None:
        """Drafts a window gone kept (on disk) for an item, shown with their project and checklist."""
        drafts = self._drafts.setdefault((project_id, checklist_id), {})
        for name, value in values.items():
            drafts[(item_id, name)] = (value, why)
        if values and self.view is not None and (project_id, checklist_id) == (self.project_id, self.view.checklist.id):
            self._row_changed(item_id)

    def drop_draft(self, item_id: str, names: list[str]) -> None:
        for name in names:
            self.drafts.pop((item_id, name), None)
        self._row_changed(item_id)

    def _row_changed(self, item_id: str) -> None:
        row = self.row_of(item_id)
        if row >= 0:
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.columns) - 1))

    # --- Qt ---------------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # overrides QAbstractTableModel.rowCount
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # overrides QAbstractTableModel.columnCount
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # overrides
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.columns):
            return self.columns[section].title
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:  # overrides QAbstractTableModel.flags
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.field_of(self.columns[index.column()]) is not None:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def _value(self, row: ItemView, name: str) -> tuple[Any, str | None]:
        """What the cell shows for a field: the draft when there is one (and why it is not saved)."""
        if (row.item.id, name) in self.drafts:
            return self.drafts[(row.item.id, name)]
        if name in ("evidence", "note"):
            return getattr(row.answer, name), None
        return row.answer.value(name), None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # overrides QAbstractTableModel.data
        if not index.isValid() or self.view is None:
            return None
        row, column = self.rows[index.row()], self.columns[index.column()]
        checklist = self.view.checklist
        if role == ITEM_ROLE:
            return row.item.id
        if role == KIND_ROLE:
            return column.kind
        name = self.field_of(column)
        if name is not None:
            value, why = self._value(row, name)
            if role in (Qt.ItemDataRole.EditRole, VALUE_ROLE):
                return value
            if role == Qt.ItemDataRole.DisplayRole:
                return value if column.kind == "text" else (checklist.level_label(value, self.lang) or score_text(value) if value is not None else "—")
            if role == Qt.ItemDataRole.ToolTipRole:
                shown = value if column.kind == "text" else checklist.level_label(value, self.lang)
                return QCoreApplication.translate("ReviewTable", "Not saved: {0}").format(why) if why else (shown or None)
            if role == Qt.ItemDataRole.FontRole and why:
                font = QFont()
                font.setItalic(True)
                return font
            if role == Qt.ItemDataRole.ForegroundRole and why:
                return QBrush(colours.current().caution)
            return None
        return self._other(row, column, role)

    def _other(self, row: ItemView, column: Column, role: int) -> Any:
        checklist = self.view.checklist if self.view else None
        if checklist is None:
            return None
        if column.kind == "section":
            section = checklist.section_of(row.item.id)
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                return section.title.get(self.lang) if section else ""
        elif column.kind == "item":
            if role == Qt.ItemDataRole.DisplayRole:
                return row.item.label.get(self.lang)
            if role == Qt.ItemDataRole.ToolTipRole:
                section = checklist.section_of(row.item.id)
                where = section.title.get(self.lang) if section else ""
                return "\n\n".join(t for t in (where, row.item.label.get(self.lang), row.item.help.get(self.lang) if row.item.help else "") if t)
        elif column.kind == "met":
            if role == Qt.ItemDataRole.DisplayRole:
                return "✓" if row.met else ""
            if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
                return QCoreApplication.translate("ReviewTable", "Met") if row.met else QCoreApplication.translate("ReviewTable", "Not met")
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(Qt.AlignmentFlag.AlignCenter)
            if role == Qt.ItemDataRole.ForegroundRole and row.met:
                return QBrush(colours.current().success)
        elif column.kind == "suggestion":
            if not row.suggestions:
                return None
            if role == Qt.ItemDataRole.DisplayRole:
                return "; ".join(self.suggestion_text(s.field, s.value) for s in row.suggestions)
            if role == Qt.ItemDataRole.ToolTipRole:
                return "\n".join(f"{self.suggestion_text(s.field, s.value)}: {s.reason_text(self.lang)}" for s in row.suggestions)
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(colours.current().info)
        elif column.kind == "task" and role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return row.task or ""
        return None

    def suggestion_text(self, name: str, value: float) -> str:
        return f"{field_title(name)} {score_text(value)}"

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # overrides
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        row, column = self.rows[index.row()], self.columns[index.column()]
        name = self.field_of(column)
        if name is None:
            return False
        shown = self.editing.get((row.item.id, index.column()), self._stored(row, column, name))
        current, _why = self._value(row, name)
        if value == current and (row.item.id, name) not in self.drafts:
            return False
        return self.edit(row.item.id, {name: value}, {name: shown})


class ValueDelegate(QStyledItemDelegate):
    """A score or level cell's editor: the checklist's levels in a combo box ("—" clears it)."""

    def __init__(self, model: ReviewTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self._open: dict[QWidget, tuple[str, int] | None] = {}  # editor -> its cell (the model leaves it alone)

    def _editor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        view = self.model.view
        if view is None or index.data(KIND_ROLE) not in ("score", "level", "current", "target"):
            return whole_text(super().createEditor(parent, option, index))  # an evidence's text pasted whole
        combo = QComboBox(parent)
        combo.setObjectName("reviewValueEditor")
        combo.addItem("—", None)
        for level in view.checklist.levels:
            combo.addItem(level.label.get(self.model.lang), level.value)
        combo.activated.connect(lambda _i, c=combo: self._commit(c))  # a level picked in the open list
        choose_on_purpose(combo, open_list=False)  # ↑ / ↓ move the choice shown, Enter saves it (the view's key)
        return combo

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:  # overrides
        editor = self._editor(parent, option, index)
        self._open[editor] = self.model.editor_opened(index)
        return editor

    def destroyEditor(self, editor: QWidget, index: Index) -> None:  # overrides QStyledItemDelegate.destroyEditor
        self.model.editor_closed(self._open.pop(editor, None))
        super().destroyEditor(editor, index)

    def _commit(self, combo: QComboBox) -> None:
        self.commitData.emit(combo)
        self.closeEditor.emit(combo)

    def setEditorData(self, editor: QWidget, index: Index) -> None:  # overrides
        if isinstance(editor, QComboBox):
            value = index.data(VALUE_ROLE)
            found = editor.findData(value) if value is not None else 0
            editor.setCurrentIndex(max(0, found))
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:  # overrides
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
        else:
            super().setModelData(editor, model, index)

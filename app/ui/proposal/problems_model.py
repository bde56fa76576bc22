"""The proposal's problems table as a Qt model over the document's rows (library references and custom rows)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal

from app.core.errors import UserError
from app.core.i18n import Lang
from app.proposal.choices import phase_names, task_names, typed_choices
from app.proposal.content import ProposalContent
from app.proposal.model import Phase, ProblemRow
from app.proposal.row_merge import new_key
from app.proposal.rows import RowField, reworded, shown_row, with_row_text
from app.ui.operations import UndoText

Index = QModelIndex | QPersistentModelIndex

COL_PROBLEM, COL_COUNTERMEASURE, COL_PHASE, COL_TASK, COL_SOURCE = range(5)
OptionsRole = Qt.ItemDataRole.UserRole + 1  # list of (key, label) for a choice cell
KeyRole = Qt.ItemDataRole.UserRole + 2  # the stored key of a choice cell


class ProblemsModel(QAbstractTableModel):
    """Rows of problems as the user arranged them; texts come from the library unless overridden.

    Editing a library row's text keeps the link to the library and stores the new wording, in the
    document's language only (:func:`app.proposal.rows.with_row_text`).

    Signals:
        rowsEdited(list, object): the rows after a user edit, and its undo text (:data:`UndoText`: made
            when asked, in the UI language of the moment).
    """

    rowsEdited = Signal(list, object)

    def __init__(self, content: ProposalContent, lang: Lang, parent: Any = None) -> None:
        super().__init__(parent)
        self.content = content
        self.lang: Lang = lang
        self._rows: list[ProblemRow] = []
        self.ready: Callable[[], bool] = lambda: True  # the stored rows are read (the panel's: rows added by a paste)
        self.say: Callable[[str], None] = lambda _text: None  # a note to the user (the panel's: a dialog)

    # --- reading ------------------------------------------------------------------------------

    def rows(self) -> list[ProblemRow]:
        return [r.model_copy() for r in self._rows]

    def set_rows(self, rows: list[ProblemRow], content: ProposalContent | None = None, lang: Lang | None = None) -> None:
        self.beginResetModel()
        self._rows = [r.model_copy() for r in rows]
        self.content = content or self.content
        self.lang = lang or self.lang
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # Qt signature; overrides QAbstractTableModel.rowCount
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # Qt signature; overrides QAbstractTableModel.columnCount
        return 0 if parent.isValid() else 5

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # overrides
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:  # the row's number in the proposal
            return section + 1 if 0 <= section < len(self._rows) else None
        titles = (self.tr("Problem"), self.tr("Countermeasure"), self.tr("Bites in"), self.tr("Addressed by"), self.tr("Source"))
        return titles[section] if 0 <= section < len(titles) else None

    def phase_options(self) -> list[tuple[str, str]]:
        return [(p.value, self.content.template.phase_label(p.value, self.lang)) for p in Phase]

    def task_options(self) -> list[tuple[int, str]]:
        template = self.content.template
        return [(t.number, f"{t.number}. {t.title.get(self.lang)}") for t in sorted(template.tasks, key=lambda t: t.number)]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # overrides QAbstractTableModel.data
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        problem, counter, shown_phase, task = shown_row(row, self.content.library, self.lang)
        phase = shown_phase.value
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if column == COL_PROBLEM:
                return problem
            if column == COL_COUNTERMEASURE:
                return counter
            if column == COL_PHASE:
                return phase if role == Qt.ItemDataRole.EditRole else self.content.template.phase_label(phase, self.lang)
            if column == COL_TASK:
                return task if role == Qt.ItemDataRole.EditRole else dict(self.task_options()).get(task, str(task))
            if column == COL_SOURCE:
                if row.is_custom:
                    return self.tr("Own")
                return self.tr("Library (reworded)") if reworded(row, self.lang) else self.tr("Library")
        if role == KeyRole:
            return phase if column == COL_PHASE else task if column == COL_TASK else None
        if role == OptionsRole:
            return self.phase_options() if column == COL_PHASE else self.task_options() if column == COL_TASK else None
        if role == Qt.ItemDataRole.ToolTipRole and column in (COL_PROBLEM, COL_COUNTERMEASURE):
            return problem if column == COL_PROBLEM else counter
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:  # overrides QAbstractTableModel.flags
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() in (COL_PROBLEM, COL_COUNTERMEASURE, COL_PHASE, COL_TASK):
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    # --- editing ------------------------------------------------------------------------------

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # overrides
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or not 0 <= index.row() < len(self._rows):
            return False
        row = self._rows[index.row()].model_copy()
        known = self.content.library.get(row.ref) if row.ref else None
        column = index.column()
        if column in (COL_PROBLEM, COL_COUNTERMEASURE):
            field: RowField = "problem" if column == COL_PROBLEM else "countermeasure"
            row = with_row_text(row, self.content.library, field, self.lang, str(value or "").strip())
            if known is not None and not str(value or "").strip():  # (said after the editor has closed)
                blank = [(index.row(), column)]
                QTimer.singleShot(0, lambda: self._blank_kept(blank))
            what: UndoText = (lambda: self.tr("Edit problem")) if column == COL_PROBLEM else (lambda: self.tr("Edit countermeasure"))
        elif column == COL_PHASE:
            try:
                phase = Phase(str(value))
            except ValueError:
                return False
            row.phase = None if known and known.phase == phase else phase
            what = lambda: self.tr("Change phase")  # noqa: E731
        elif column == COL_TASK:
            try:
                task = int(value)
            except (TypeError, ValueError):
                return False
            if not 0 <= task <= 5:
                return False
            row.task = None if known and known.task == task else task
            what = lambda: self.tr("Change task")  # noqa: E731
        else:
            return False
        if row == self._rows[index.row()]:
            return False
        self._rows[index.row()] = row
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), self.columnCount() - 1))
        self.rowsEdited.emit(self.rows(), what)
        return True

    def paste(self, row: int, columns: list[int], grid: list[list[str]]) -> int:
        """Cells copied from a spreadsheet (or this table) from ``row`` on, into ``columns`` (Ctrl+V,
        :mod:`app.ui.wide_table.paste`), as one undo step: texts as typed (a library row keeps its link, reworded),
        the phase and the task by their label (in either language, either width, any case, without 「フェーズ」 or the
        task's number: :mod:`app.proposal.choices`) or key; rows past the last one added as own problems, as *Add own
        problem* adds them. A choice the table does not know raises :class:`UserError`: nothing is pasted.
        Returns the rows written."""
        if not grid or not self.ready():
            return 0
        rows = [r.model_copy() for r in self._rows]
        at = row  # the table's row the next copied row lands on (a blank one past the end lands nowhere)
        blanks: list[tuple[int, int]] = []  # a library row's text cell a blank landed on: its wording shows (said)
        for cells in grid:
            if at >= len(rows):
                if not any(cell.strip() for cell in cells):
                    continue  # (no empty own problem made of a blank row: the next copied row takes its place)
                rows.append(ProblemRow(phase=Phase.POC, task=2, key=new_key()))
            for column, cell in zip(columns, cells, strict=False):
                ref = rows[at].ref
                if column in (COL_PROBLEM, COL_COUNTERMEASURE) and not cell.strip() and ref and self.content.library.get(ref):
                    blanks.append((at, column))
                rows[at] = self._pasted(rows[at], at, column, cell)
            at += 1
        self._blank_kept(blanks)
        if rows == self._rows:
            return 0
        old = len(self._rows)
        if len(rows) > old:
            self.beginInsertRows(QModelIndex(), old, len(rows) - 1)
        self._rows = rows
        if len(rows) > old:
            self.endInsertRows()
        if old:
            self.dataChanged.emit(self.index(0, 0), self.index(old - 1, self.columnCount() - 1))
        self.rowsEdited.emit(self.rows(), lambda: self.tr("Paste into problems"))
        return len(grid)

    def _pasted(self, row: ProblemRow, at: int, column: int, cell: str) -> ProblemRow:
        """The row with a copied cell in ``column`` (a blank choice, or the source column: left as it is)."""
        text = cell.strip()
        if column in (COL_PROBLEM, COL_COUNTERMEASURE):
            field: RowField = "problem" if column == COL_PROBLEM else "countermeasure"
            return with_row_text(row, self.content.library, field, self.lang, text)
        if column not in (COL_PHASE, COL_TASK) or not text:
            return row
        options = self.phase_options() if column == COL_PHASE else self.task_options()
        template = self.content.template
        found: list[Any] = typed_choices(text, phase_names(template) if column == COL_PHASE else task_names(template))
        if len(found) != 1:
            choices = " / ".join(label for k, label in options if not found or k in found)
            where = (at + 1, self.headerData(column, Qt.Orientation.Horizontal), text, choices)
            if found:
                raise UserError(self.tr("Row {0}, {1}: \u201c{2}\u201d could be more than one choice ({3}): nothing was pasted.").format(*where))
            raise UserError(self.tr("Row {0}, {1}: \u201c{2}\u201d is none of the choices ({3}): nothing was pasted.").format(*where))
        key = found[0]
        known = self.content.library.get(row.ref) if row.ref else None
        row = row.model_copy()
        if column == COL_PHASE:
            phase = Phase(str(key))
            row.phase = None if known and known.phase == phase else phase
        else:
            row.task = None if known and known.task == key else int(key)
        return row

    def _blank_kept(self, cells: list[tuple[int, int]]) -> None:
        """Say once why a library row's problem or countermeasure left blank (typed or pasted) shows the
        library's wording: a blank is the row's own wording taken back (:func:`app.proposal.rows.with_row_text`),
        never an empty cell the user would see come back unexplained."""
        lines = []
        for column in (COL_PROBLEM, COL_COUNTERMEASURE):
            rows = sorted({at + 1 for at, c in cells if c == column})
            if rows:
                lines.append(self.tr(
                    "Row {0}, {1}: a problem from the library shows the library's wording where its cell is left blank. "
                    "Type your own wording to change it, or remove the row."
                ).format(", ".join(map(str, rows)), self.headerData(column, Qt.Orientation.Horizontal)))
        if lines:
            self.say("\n".join(lines))

    def insert_rows(self, position: int, rows: list[ProblemRow], what: UndoText) -> None:
        if not rows:
            return
        position = max(0, min(position, len(self._rows)))
        self.beginInsertRows(QModelIndex(), position, position + len(rows) - 1)
        self._rows[position:position] = [r.model_copy() for r in rows]
        self.endInsertRows()
        self._renumber(position)
        self.rowsEdited.emit(self.rows(), what)

    def remove_rows(self, positions: list[int], what: UndoText) -> None:
        positions = sorted({p for p in positions if 0 <= p < len(self._rows)}, reverse=True)
        if not positions:
            return
        for position in positions:
            self.beginRemoveRows(QModelIndex(), position, position)
            del self._rows[position]
            self.endRemoveRows()
        self._renumber(positions[-1])
        self.rowsEdited.emit(self.rows(), what)

    def move_row(self, source: int, target: int, what: UndoText) -> bool:
        if not (0 <= source < len(self._rows) and 0 <= target < len(self._rows)) or source == target:
            return False
        # Qt's destination is the row *before which* the moved row lands.
        destination = target + 1 if target > source else target
        self.beginMoveRows(QModelIndex(), source, source, QModelIndex(), destination)
        self._rows.insert(target, self._rows.pop(source))
        self.endMoveRows()
        self._renumber(min(source, target))
        self.rowsEdited.emit(self.rows(), what)
        return True

    def _renumber(self, first: int) -> None:
        if first < len(self._rows):
            self.headerDataChanged.emit(Qt.Orientation.Vertical, first, len(self._rows) - 1)

    def chosen_refs(self) -> set[str]:
        return {r.ref for r in self._rows if r.ref}

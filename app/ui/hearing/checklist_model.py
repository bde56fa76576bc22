"""The hearing checklist as a tree (sections and items) with each answer's status and progress."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QFont, QFontMetrics, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionProgressBar,
    QStyleOptionViewItem,
    QWidget,
)

from app.core.content.loader import ContentLibrary
from app.core.content.model import Checklist, Item, Section
from app.core.i18n import Lang
from app.hearing.checklist import ItemFilter, matches, passes
from app.hearing.model import Answer, AnswerStatus, HypothesisState, format_value, status_label
from app.ui.widgets import colours

Index = QModelIndex | QPersistentModelIndex

ItemIdRole = Qt.ItemDataRole.UserRole + 1
NodeKindRole = Qt.ItemDataRole.UserRole + 2
ProgressRole = Qt.ItemDataRole.UserRole + 3
StatusRole = Qt.ItemDataRole.UserRole + 4

ORPHANS = "__orphans__"


@dataclass(eq=False)
class Node:
    kind: str  # "root" | "section" | "item" | "orphans" | "orphan"
    key: str
    section: Section | None = None
    item: Item | None = None
    parent: Node | None = None
    children: list[Node] = field(default_factory=list)

    def row(self) -> int:
        return self.parent.children.index(self) if self.parent else 0

    def items(self) -> list[Node]:
        if self.kind in ("item", "orphan"):
            return [self]
        return [n for child in self.children for n in child.items()]


class ChecklistTreeModel(QAbstractItemModel):
    """Sections and items of one checklist; columns: question, status, answer.

    Answers kept from an older checklist (orphans) appear in a last section of their own.
    """

    COLUMNS = 3

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.root = Node("root", "")
        self.lang: Lang = "ja"
        self.answers: dict[str, Answer] = {}
        self._by_item: dict[str, Node] = {}
        self.library: ContentLibrary | None = None  # names the statuses (the shipped content when None)

    # --- content ------------------------------------------------------------------------------

    def set_content(self, checklist: Checklist | None, answers: dict[str, Answer], lang: Lang, orphans: Sequence[Answer] = ()) -> None:
        self.beginResetModel()
        self.lang = lang
        self.answers = dict(answers)
        self.root = Node("root", "")
        self._by_item = {}

        def add_section(section: Section, parent: Node) -> None:
            node = Node("section", section.id, section=section, parent=parent)
            parent.children.append(node)
            for item in section.items:
                child = Node("item", item.id, item=item, parent=node)
                node.children.append(child)
                self._by_item[item.id] = child
            for sub in section.sections:
                add_section(sub, node)

        if checklist is not None:
            for section in checklist.sections:
                add_section(section, self.root)
        if orphans:
            holder = Node("orphans", ORPHANS, parent=self.root)
            self.root.children.append(holder)
            for answer in orphans:
                child = Node("orphan", answer.item_id, parent=holder)
                holder.children.append(child)
                self._by_item[answer.item_id] = child
        self.endResetModel()

    def update_answers(self, answers: dict[str, Answer], item_ids: list[str] | None = None) -> None:
        """New answers for some items: repaint those rows and their sections (no reset)."""
        self.answers = dict(answers)
        ids = item_ids if item_ids is not None else list(self._by_item)
        touched: set[int] = set()
        for item_id in ids:
            node = self._by_item.get(item_id)
            while node is not None and node.kind != "root":
                if id(node) not in touched:
                    touched.add(id(node))
                    left = self.createIndex(node.row(), 0, node)
                    right = self.createIndex(node.row(), self.COLUMNS - 1, node)
                    self.dataChanged.emit(left, right)
                node = node.parent

    def index_of(self, item_id: str) -> QModelIndex:
        node = self._by_item.get(item_id)
        return self.createIndex(node.row(), 0, node) if node else QModelIndex()

    def node(self, index: Index) -> Node:
        return index.internalPointer() if index.isValid() else self.root

    def item_ids(self) -> list[str]:
        return [n.key for n in self.root.items()]

    # --- QAbstractItemModel -------------------------------------------------------------------

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        parent_node = self.node(parent)
        return self.createIndex(row, column, parent_node.children[row])

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        node: Node = index.internalPointer()
        parent = node.parent
        if parent is None or parent.kind == "root":
            return QModelIndex()
        return self.createIndex(parent.row(), 0, parent)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self.node(parent).children)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return self.COLUMNS

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = (self.tr("Question"), self.tr("Status"), self.tr("Answer"))
        return titles[section] if 0 <= section < len(titles) else None

    def progress(self, node: Node) -> tuple[int, int]:
        items = [n for n in node.items() if n.kind == "item"]
        done = sum(1 for n in items if (a := self.answers.get(n.key)) and a.is_done)
        return done, len(items)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        node: Node = index.internalPointer()
        column = index.column()
        if role == NodeKindRole:
            return node.kind
        if role == ItemIdRole:
            return node.key if node.kind in ("item", "orphan") else None
        if node.kind in ("section", "orphans"):
            return self._section_data(node, column, role)
        return self._item_data(node, column, role)

    def _section_data(self, node: Node, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return node.section.title.get(self.lang) if node.section else self.tr("Answers from an older checklist")
            if column == 1 and node.kind == "section":
                done, total = self.progress(node)
                return f"{done}/{total}"
        if role == ProgressRole and column == 1 and node.kind == "section":
            return self.progress(node)
        if role == Qt.ItemDataRole.FontRole and column == 0:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def _item_data(self, node: Node, column: int, role: int) -> Any:
        answer = self.answers.get(node.key)
        status = answer.status if answer else AnswerStatus.NOT_ASKED
        item = node.item
        if role == StatusRole:
            return status
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return item.label.get(self.lang) if item else node.key
            if column == 1:
                text = status_label(status, self.lang, self.library)
                if answer and answer.hypothesis_state == HypothesisState.HYPOTHESIS:
                    text += " · " + self.tr("hypothesis")
                return text
            if column == 2 and answer:
                return " ".join(self._answer_text(item, answer).split())[:120]
        if role == Qt.ItemDataRole.ToolTipRole and column == 2 and answer:
            return self._answer_text(item, answer)[:2000]  # the whole answer, when the column is narrow
        if role == Qt.ItemDataRole.ForegroundRole and column == 1:
            return QBrush(getattr(colours.current(), status.value))  # (the Scheme names a colour after each status)
        if role == Qt.ItemDataRole.ToolTipRole and column == 0 and item and item.help:
            return item.help.get(self.lang)
        if role == Qt.ItemDataRole.FontRole and node.kind == "orphan":
            font = QFont()
            font.setItalic(True)
            return font
        return None


    def _answer_text(self, item: Item | None, answer: Answer) -> str:
        text = format_value(item, answer.value, self.lang) if item else str(answer.value)
        if item and item.now_later and answer.later not in (None, "", []):
            text += " → " + format_value(item, answer.later, self.lang)
        return text


class HearingFilterProxy(QSortFilterProxyModel):
    """Filters items by status (all / unanswered / follow-up / changed since / hypothesis) and search.

    Sections stay visible while any of their items is (recursive filtering).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRecursiveFilteringEnabled(True)
        self.mode = ItemFilter.ALL
        self.query = ""
        self.changed: set[str] = set()

    def set_filter(self, mode: ItemFilter, query: str = "", changed: set[str] | None = None) -> None:
        self.beginFilterChange()
        self.mode = mode
        self.query = query
        self.changed = changed or set()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # overrides QSortFilterProxyModel.filterAcceptsRow
        model: ChecklistTreeModel = self.sourceModel()  # type: ignore[assignment]
        index = model.index(source_row, 0, source_parent)
        node = model.node(index)
        if node.kind not in ("item", "orphan"):
            return self.mode == ItemFilter.ALL and not self.query and bool(node.children)
        answer = model.answers.get(node.key)
        if not passes(self.mode, answer, self.changed, node.key):
            return False
        if node.item is None:
            return not self.query or self.query.casefold() in node.key.casefold()
        return matches(node.item, answer, self.query, model.lang)


class ProgressDelegate(QStyledItemDelegate):
    """Paints a section's count ("13/16") and a slim progress bar beside it, where the model gives a
    (done, total) ProgressRole.

    The count is text as high as the row, never inside the bar: a bar drawn in a row (14 px high in
    some fonts) has no room for its own text, which came out cut in half.
    """

    PAD = 3  # px at the cell's edges
    GAP = 6  # px between the count and the bar
    BAR_MIN = 16  # px: a narrower bar is left out, the count stays

    @classmethod
    def parts(cls, rect: QRect, fm: QFontMetrics, text: str) -> tuple[QRect, QRect]:
        """(count, bar) in a cell's ``rect``: the count at its full width on the left, the bar in the
        rest, centred and at most 8 px high (a null rectangle when there is no room for it)."""
        count = QRect(rect.left() + cls.PAD, rect.top(), fm.horizontalAdvance(text), rect.height())
        left = count.right() + 1 + cls.GAP
        height = max(4, min(8, rect.height() - 6))
        bar = QRect(left, rect.top() + (rect.height() - height) // 2, rect.right() - cls.PAD - left + 1, height)
        return count, bar if bar.width() >= cls.BAR_MIN else QRect()

    def paint(self, painter, option: QStyleOptionViewItem, index: Index) -> None:  # overrides QStyledItemDelegate.paint
        progress = index.data(ProgressRole)
        if not progress:
            super().paint(painter, option, index)
            return
        done, total = progress
        widget = option.widget
        style = widget.style() if widget else QApplication.style()
        cell = QStyleOptionViewItem(option)
        self.initStyleOption(cell, index)
        cell.text = ""
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, cell, painter, widget)  # background, selection
        text = f"{done}/{total}"
        count, bar_rect = self.parts(option.rect, option.fontMetrics, text)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        style.drawItemText(
            painter, count, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), option.palette,
            bool(option.state & QStyle.StateFlag.State_Enabled), text,
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text,
        )
        if bar_rect.isValid():
            bar = QStyleOptionProgressBar()
            bar.rect = bar_rect
            bar.minimum = 0
            bar.maximum = max(total, 1)
            bar.progress = done
            bar.textVisible = False
            bar.state = option.state | QStyle.StateFlag.State_Horizontal
            style.drawControl(QStyle.ControlElement.CE_ProgressBar, bar, painter, widget)

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # overrides QStyledItemDelegate.sizeHint
        size = super().sizeHint(option, index)
        progress = index.data(ProgressRole)
        if progress:
            text = f"{progress[0]}/{progress[1]}"
            size.setWidth(2 * self.PAD + option.fontMetrics.horizontalAdvance(text) + self.GAP + 3 * self.BAR_MIN)
        return size

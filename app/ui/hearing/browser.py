"""A checklist to browse: filter bar, search, overall progress and the section/item tree.

The Hearing and System planning pages both show one (each with its own item editor beside it).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QItemSelectionModel, QModelIndex, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QProgressBar,
    QStyle,
    QStyleOptionFrame,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app.core.demo_source import app_today
from app.core.errors import UserError
from app.hearing.checklist import ItemFilter, ItemRef, walk
from app.hearing.model import Answer
from app.ui.hearing.checklist_model import (
    ChecklistTreeModel,
    HearingFilterProxy,
    ItemIdRole,
    ProgressDelegate,
)
from app.ui.state import AppState
from app.ui.translations import date_display_format
from app.ui.widgets.date_box import DateBox


def placeholder_width(edit: QLineEdit) -> int:
    """The width at which ``edit`` shows its placeholder whole (empty, it shows no clear button)."""
    option = QStyleOptionFrame()
    edit.initStyleOption(option)
    margins = edit.textMargins()
    text = edit.fontMetrics().horizontalAdvance(edit.placeholderText()) + margins.left() + margins.right() + 2 * 2  # QLineEdit's own 2 px
    contents = QSize(text, edit.fontMetrics().height())
    return edit.style().sizeFromContents(QStyle.ContentsType.CT_LineEdit, option, contents, edit).width()


class ChecklistBrowser(QWidget):
    """The tree of one checklist with its filters; ``prefix`` names the widgets (``hearingTree``).

    Signals:
        currentItemChanged(object): the item id now selected (str), or None for a section or nothing.
    """

    currentItemChanged = Signal(object)

    def __init__(
        self,
        state: AppState,
        checklist_id: str,
        prefix: str,
        modes: tuple[ItemFilter, ...],
        tree_name: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.state = state
        self.checklist_id = checklist_id
        self.refs: dict[str, ItemRef] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

        bar = QHBoxLayout()
        self.filter_combo = QComboBox()
        self.filter_combo.setObjectName(f"{prefix}Filter")
        self.filter_combo.setAccessibleName(self.tr("Show"))
        labels = {
            ItemFilter.ALL: self.tr("All items"),
            ItemFilter.UNANSWERED: self.tr("Unanswered"),
            ItemFilter.FOLLOW_UP: self.tr("Needs follow-up"),
            ItemFilter.CHANGED_SINCE: self.tr("Changed since"),
            ItemFilter.HYPOTHESIS: self.tr("Hypotheses to confirm"),
        }
        for mode in modes:
            self.filter_combo.addItem(labels[mode], mode)
        self.filter_combo.currentIndexChanged.connect(self.apply_filter)
        self.since_edit = DateBox()
        self.since_edit.setObjectName(f"{prefix}ChangedSince")
        self.since_edit.setAccessibleName(self.tr("Changed since"))
        self.since_edit.setCalendarPopup(True)
        self.since_edit.setDisplayFormat(date_display_format(state.ui_lang))
        week_ago = app_today() - dt.timedelta(days=7)
        self.since_edit.setDate(QDate(week_ago.year, week_ago.month, week_ago.day))
        self.since_edit.dateChanged.connect(self.apply_filter)
        self.since_edit.refusedChanged.connect(self.apply_filter)  # never the items changed since a day nobody typed
        self.search = QLineEdit()
        self.search.setObjectName(f"{prefix}Search")
        self.search.setAccessibleName(self.tr("Search"))
        self.search.setPlaceholderText(self.tr("Search questions, help and answers (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(200)
        self._search_timer.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(self._typed)
        clearing = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.search, self.search.clear)  # Esc there clears it
        clearing.setContext(Qt.ShortcutContext.WidgetShortcut)
        self.overall = QProgressBar()
        self.overall.setObjectName(f"{prefix}Progress")
        self.overall.setAccessibleName(self.tr("Answered or not applicable"))
        self.overall.setMinimumWidth(200)
        bar.addWidget(self.filter_combo)
        bar.addWidget(self.since_edit)
        bar.addWidget(self.overall, 1)
        layout.addLayout(bar)
        # The search box on a line of its own, never narrower than what it says it searches: beside
        # the filter and the progress, a narrow tree (System planning) squeezed it down to "S…".
        self.search.setMinimumWidth(placeholder_width(self.search))
        layout.addWidget(self.search)

        self.model = ChecklistTreeModel(self)
        self.model.library = self.state.workspace.library
        self.proxy = HearingFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.tree = QTreeView()
        self.tree.setObjectName(f"{prefix}Tree")
        self.tree.setAccessibleName(tree_name)
        self.tree.setModel(self.proxy)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setItemDelegateForColumn(1, ProgressDelegate(self.tree))
        self.tree.header().setStretchLastSection(True)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.tree.setColumnWidth(0, 300)
        self.tree.setColumnWidth(1, 120)
        self.tree.selectionModel().currentChanged.connect(self._current_changed)
        layout.addWidget(self.tree, 1)
        self._update_filter_widgets()

    # --- content ------------------------------------------------------------------------------

    def load(self, project_id: int, answers: dict[str, Answer] | None = None) -> None:
        """Show the checklist for this project (-1: none) and select the first item still open."""
        if project_id < 0:
            self.model.set_content(None, {}, self.state.content_lang)
            return
        library = self.state.workspace.library
        checklist = library.checklists.get(self.checklist_id)
        self.refs = {ref.item.id: ref for ref in walk(checklist)} if checklist else {}
        answers = self.state.answers.answers(project_id) if answers is None else answers
        orphans = [a for a in answers.values() if a.checklist_id == self.checklist_id and library.item(a.item_id) is None]
        self.model.set_content(checklist, answers, self.state.content_lang, orphans)
        self.apply_filter()
        self.update_progress()
        # Start where the work is: the first item not answered yet (or to follow up).
        ids = self.visible_item_ids()
        first = next((i for i in ids if not ((a := answers.get(i)) and a.is_done)), ids[0] if ids else None)
        if first:
            self.select_item(first)

    def update_answers(self, answers: dict[str, Answer], item_ids: list[str]) -> None:
        """Repaint the rows of changed items (not re-filtered: an item being edited stays in view)."""
        self.model.update_answers(answers, item_ids)
        self.update_progress()

    def update_progress(self) -> None:
        done, total = self.model.progress(self.model.root)
        self.overall.setRange(0, max(total, 1))
        self.overall.setValue(done)
        self.overall.setFormat(self.tr("%v / %m answered"))

    # --- filters ------------------------------------------------------------------------------

    def _update_filter_widgets(self) -> None:
        self.since_edit.setVisible(self.filter_combo.currentData() == ItemFilter.CHANGED_SINCE)

    def _typed(self, text: str) -> None:
        if text:
            self._search_timer.start()
        else:  # cleared (its button, Esc): the whole checklist at once, as the WBS page's search
            self._search_timer.stop()
            self.apply_filter()

    def apply_filter(self) -> None:
        self._update_filter_widgets()
        mode = self.filter_combo.currentData()
        changed: set[str] = set()
        if mode == ItemFilter.CHANGED_SINCE and self.state.project is not None:
            try:
                day = self.since_edit.taken_date()
            except UserError:  # a day the box cannot take (shown red, why in its tooltip): no item listed as changed
                day = None
            if day is not None:
                local_midnight = dt.datetime(day.year, day.month, day.day).astimezone()
                since = local_midnight.astimezone(dt.UTC).replace(tzinfo=None)
                changed = self.state.answers.changed_since(self.state.project_id, since)
        self.proxy.set_filter(mode, self.search.text(), changed)
        self.tree.expandAll()

    def visible_item_ids(self) -> list[str]:
        """Item ids in the tree as filtered, top to bottom."""
        ids: list[str] = []

        def visit(parent: QModelIndex) -> None:
            for row in range(self.proxy.rowCount(parent)):
                index = self.proxy.index(row, 0, parent)
                item_id = index.data(ItemIdRole)
                if item_id:
                    ids.append(item_id)
                visit(index)

        visit(QModelIndex())
        return ids

    # --- selection ----------------------------------------------------------------------------

    def select_item(self, item_id: str) -> bool:
        index = self.proxy.mapFromSource(self.model.index_of(item_id))
        if not index.isValid():
            return False
        self.tree.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.tree.scrollTo(index)
        return True

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.currentItemChanged.emit(current.data(ItemIdRole) if current.isValid() else None)

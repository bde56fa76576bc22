"""The computed side of the page: capacity with its formulas, cost totals, table checks, linked answers.

Panels only show what :mod:`app.system_planning.service` computed; they hold no rule of their own.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.content.loader import ContentLibrary
from app.core.content.model import Item
from app.core.i18n import Lang
from app.hearing.model import format_cell
from app.system_planning.capacity import Formula, money, num
from app.system_planning.service import SystemPlan
from app.system_planning.text import (
    LEGEND,
    flag_message,
    formula_expression,
    formula_label,
    severity_label,
)
from app.ui.hearing.table_model import TableAnswerModel, values_in_column
from app.ui.page import whole_text
from app.ui.system_planning.result_models import CapacityModel, CostSummaryModel, Index, ReadOnlyProxy
from app.ui.wide_table.header import use_wrapping_header
from app.ui.wide_table.paste import install_paste
from app.ui.widgets import colours
from app.ui.widgets.flow_layout import FlowLayout


def _readonly_text(name: str, accessible: str) -> QPlainTextEdit:
    text = QPlainTextEdit()
    text.setObjectName(name)
    text.setAccessibleName(accessible)
    text.setReadOnly(True)
    text.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
    return text


def _table(name: str, accessible: str) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setAccessibleName(accessible)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    use_wrapping_header(view)  # headers such as 必要スループット(/秒) wrap instead of being cut
    view.horizontalHeader().setStretchLastSection(True)
    install_paste(view)  # Ctrl+C copies the rows for a spreadsheet; Ctrl+V says the table is worked out, not typed
    return view


def formula_lines(formulas: tuple[Formula, ...], lang: Lang) -> list[str]:
    return [f"{formula_label(f, lang)}:\n    {formula_expression(f, lang)}\n    = {f.worked}" for f in formulas]


class _LeastHeight(QWidget):
    """A scroll area's page as high as the least its layout takes at its width (its lines wrapped), or the area."""

    def heightForWidth(self, width: int) -> int:  # overrides QWidget.heightForWidth
        layout = self.layout()
        return layout.totalMinimumHeightForWidth(width) if layout is not None else super().heightForWidth(width)


class CapacityPanel(QScrollArea):
    """Capacity and monthly infrastructure cost per process, with the formulas of the selected one. It scrolls:
    on a small screen (1366x768 at 150 %) its results come below its wrapped buttons, never drawn over them.

    Signals:
        catalogueRequested(): the user wants to edit the instance catalogue.
        pricesRequested(): the user wants to see (and update) the prices copied into the project.
        priceKindChosen(str): on_demand, reserved or spot was chosen for the plan.
        regionChosen(str): a region was chosen for the plan ("": as first listed per machine type).
    """

    catalogueRequested = Signal()
    pricesRequested = Signal()
    priceKindChosen = Signal(str)
    regionChosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("capacityPanel")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a frame, no Tab stop
        self.setWidgetResizable(True)
        self.lang: Lang = "ja"
        self.item: Item | None = None
        self.setWidget(body := _LeastHeight())
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        top = FlowLayout()
        self.total_label = QLabel()
        self.total_label.setObjectName("capacityTotal")
        self.total_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.total_label.font()
        font.setBold(True)
        self.total_label.setFont(font)
        self.total_label.setWordWrap(True)  # wraps in a narrow window rather than widening the page
        layout.addWidget(self.total_label)  # a line of its own: the choices beside it squeezed it to a column
        top.addStretch(1)
        self.price_kind = QComboBox()
        self.price_kind.setObjectName("priceKindCombo")
        self.price_kind.setAccessibleName(self.tr("Price the plan with"))
        for kind, text in (("on_demand", self.tr("On-demand")), ("reserved", self.tr("Reserved / savings plan (1 year)")), ("spot", self.tr("Spot (the price varies)"))):
            self.price_kind.addItem(text, kind)
        self.price_kind.activated.connect(lambda _i: self.priceKindChosen.emit(self.price_kind.currentData()))
        top.addWidget(self.price_kind)
        self.region = QComboBox()
        self.region.setObjectName("regionCombo")
        self.region.setAccessibleName(self.tr("Region"))
        self.region.activated.connect(lambda _i: self.regionChosen.emit(self.region.currentData()))
        top.addWidget(self.region)
        self.prices_button = QPushButton(self.tr("Prices in this project…"))
        self.prices_button.setObjectName("projectPricesButton")
        self.prices_button.setAccessibleName(self.tr("Show the prices copied into this project"))
        self.prices_button.clicked.connect(self.pricesRequested)
        top.addWidget(self.prices_button)
        self.catalogue_button = QPushButton(self.tr("Instance catalogue…"))
        self.catalogue_button.setObjectName("instanceCatalogueButton")
        self.catalogue_button.setAccessibleName(self.tr("Edit the instance catalogue"))
        self.catalogue_button.clicked.connect(self.catalogueRequested)
        top.addWidget(self.catalogue_button)
        layout.addLayout(top)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setObjectName("capacitySplitter")
        self.model = CapacityModel(self)
        self.view = _table("capacityResults", self.tr("Capacity results"))
        self.view.setModel(self.model)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setStretchLastSection(False)
        for column, width in enumerate((220, 260, 110, 60, 70, 100, 120, 90, 100, 100, 100)):
            self.view.setColumnWidth(column, width)
        self.view.selectionModel().currentRowChanged.connect(lambda _c, _p: self._show_formulas())
        splitter.addWidget(self.view)
        self.formulas = _readonly_text("capacityFormulas", self.tr("Formulas of the selected process"))
        splitter.addWidget(self.formulas)
        splitter.setStretchFactor(0, 5)
        splitter.setStretchFactor(1, 3)
        layout.addWidget(splitter, 1)
        self.empty_label = QLabel(self.tr("Add processes to the process-flow table (section 3) to size them here."))
        self.empty_label.setObjectName("capacityEmpty")
        self.empty_label.setWordWrap(True)
        self.empty_label.setEnabled(False)
        layout.addWidget(self.empty_label)

    def _fit_results(self) -> None:
        """The results table never less than its header and two rows (at the window's smallest, a third of a row)."""
        view = self.view
        view.setMinimumHeight(view.horizontalHeader().sizeHint().height() + 2 * view.verticalHeader().defaultSectionSize() + 2 * view.frameWidth())

    def show_plan(self, plan: SystemPlan, item: Item | None, lang: Lang) -> None:
        current = self.view.currentIndex().row()
        self.lang, self.item = lang, item
        self.model.set_plan(plan, item, lang)
        self._show_price_choice(plan)
        total = money(plan.capacity_monthly, plan.capacity_currency)
        converted = plan.cost.running_capacity
        text = self.tr("Infrastructure from the calculator: {0} per month").format(total)
        if converted is not None and plan.cost.currency != plan.capacity_currency:
            text += f" ({money(converted, plan.cost.currency)})"
        problems = len(plan.capacity_problems)
        if problems:
            text += " · " + self.tr("%n process(es) cannot meet a requirement", "", problems)
        self.total_label.setText(text)
        colours.style(self.total_label, colours.WARNING if problems else "")
        self.empty_label.setVisible(not plan.processes)
        self._fit_results()  # (the headers in the language of now)
        if self.model.rowCount():
            row = current if 0 <= current < self.model.rowCount() else self._first_problem(plan)
            self.view.selectionModel().setCurrentIndex(
                self.model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            )
        self._show_formulas()

    def mark_held(self, problem: str | None) -> None:
        """The choice shown is held, not saved yet (``problem``: why; None: it is what is stored): the combos marked
        as a field holding a draft is, the reason as their tooltip."""
        for combo in (self.price_kind, self.region):
            colours.style(combo, colours.DRAFT_FIELD if problem is not None else "")
            combo.setToolTip(problem or "")

    def _show_price_choice(self, plan: SystemPlan) -> None:
        """The combos show the plan's choice (set without emitting: only a user's pick is a change)."""
        self.price_kind.setCurrentIndex(max(0, self.price_kind.findData(plan.doc.price_kind)))
        self.region.clear()
        self.region.addItem(self.tr("Region as listed first"), "")
        for region in plan.catalogue.regions():
            self.region.addItem(region, region)
        if plan.doc.region and self.region.findData(plan.doc.region) < 0:
            self.region.addItem(plan.doc.region, plan.doc.region)  # chosen once, no longer in the catalogue
        self.region.setCurrentIndex(max(0, self.region.findData(plan.doc.region)))
        unpinned = list(plan.unpinned)
        self.prices_button.setToolTip(
            self.tr("Not copied into the project yet: {0}").format(", ".join(unpinned)) if unpinned else ""
        )

    def _first_problem(self, plan: SystemPlan) -> int:
        return next((n for n, line in enumerate(plan.processes) if line.result.problems), 0)

    def select_row(self, table_row: int) -> None:
        """Show the result of a process-flow row (1-based, as in the table)."""
        for n, line in enumerate(self.model.lines):
            if line.row == table_row:
                self.view.selectRow(n)
                return

    def _show_formulas(self) -> None:
        result = self.model.result(self.view.currentIndex().row())
        if result is None:
            self.formulas.setPlainText("")
            return
        lines = [result.spec.name or ""]
        for flag in result.flags:
            lines.append(f"⚠ {severity_label(flag, self.lang)}: {flag_message(flag, self.lang, self.item)}")
        lines += [""] + formula_lines(result.formulas, self.lang) + ["", LEGEND[self.lang]]
        self.formulas.setPlainText("\n".join(lines).strip())


class CostPanel(QWidget):
    """The cost totals, cost-effectiveness, and how each total was worked out."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("costPanel")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.headline = QLabel()
        self.headline.setObjectName("costHeadline")
        self.headline.setWordWrap(True)
        self.headline.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.headline.font()
        font.setBold(True)
        self.headline.setFont(font)
        layout.addWidget(self.headline)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setObjectName("costSplitter")
        self.model = CostSummaryModel(self)
        self.view = _table("costSummary", self.tr("Cost totals"))
        self.view.setModel(self.model)
        self.view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        splitter.addWidget(self.view)
        self.formulas = _readonly_text("costFormulas", self.tr("How the totals are worked out"))
        splitter.addWidget(self.formulas)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout.addWidget(splitter, 1)

    def show_plan(self, plan: SystemPlan, item: Item | None, lang: Lang) -> None:
        cost = plan.cost
        self.model.set_summary(cost)
        parts = [
            self.tr("Initial {0}").format(money(cost.initial_total, cost.currency)),
            self.tr("running {0} per month").format(money(cost.running_monthly, cost.currency)),
        ]
        if cost.value_ratio is not None:
            parts.append(self.tr("value / running cost {0}").format(num(cost.value_ratio)))
        if cost.business_value is not None:
            if cost.payback_months is not None:  # (a month's figure has decimals: no plural form of Qt's)
                months = num(cost.payback_months)
                parts.append(self.tr("pays back in 1 month") if months == "1" else self.tr("pays back in {0} months").format(months))
            else:
                parts.append(self.tr("never pays back"))
        self.headline.setText(" · ".join(parts))
        lines = []
        if not plan.currency_chosen:
            lines.append(self.tr("No currency chosen for the estimate: amounts are in {0}.").format(cost.currency))
        lines += [f"⚠ {flag_message(f, lang, item)}" for f in cost.flags]
        lines += formula_lines(cost.formulas, lang)
        self.formulas.setPlainText("\n".join(lines))


class ChecksPanel(QWidget):
    """Totals and missing cells of the monitoring plan and the operations tasks."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("checksPanel")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.monitoring_label, self.monitoring_issues = self._group(layout, self.tr("Monitoring plan"), "monitoring")
        self.operations_label, self.operations_issues = self._group(layout, self.tr("Operations tasks"), "operations")

    def _group(self, layout: QHBoxLayout, title: str, key: str) -> tuple[QLabel, QListWidget]:
        box = QGroupBox(title)
        box.setObjectName(f"{key}ChecksGroup")
        inner = QVBoxLayout(box)
        label = QLabel()
        label.setObjectName(f"{key}Totals")
        label.setWordWrap(True)
        issues = QListWidget()
        issues.setObjectName(f"{key}Issues")
        issues.setAccessibleName(self.tr("Rows to complete: {0}").format(title))
        inner.addWidget(label)
        inner.addWidget(issues, 1)
        layout.addWidget(box, 1)
        return label, issues

    def show_plan(self, plan: SystemPlan, monitoring_item: Item | None, operations_item: Item | None, lang: Lang) -> None:
        m, o = plan.monitoring, plan.operations
        target_column = next((c for c in monitoring_item.columns if c.id == "target"), None) if monitoring_item else None
        sep = "、" if lang == "ja" else ", "
        by_target = sep.join(f"{format_cell(target_column, k, lang) if target_column else k} {v}" for k, v in m.by_target.items())
        self.monitoring_label.setText(
            self.tr("Rows: {0} · by target: {1} · human in the loop: {2} · human labelling: {3}").format(
                m.rows, by_target or "—", m.human_in_the_loop, m.human_labelling
            )
        )
        self.operations_label.setText(
            self.tr("Tasks: {0} · customer {1} · vendor {2} · us {3} · no owner {4}").format(
                o.rows, o.by_owner["customer"], o.by_owner["vendor"], o.by_owner["us"], o.unassigned
            )
        )
        for widget, flags, item in ((self.monitoring_issues, m.flags, monitoring_item), (self.operations_issues, o.flags, operations_item)):
            widget.clear()
            widget.addItems([flag_message(f, lang, item) for f in flags] or [self.tr("Every row is complete.")])


class LinkedAnswerPanel(QGroupBox):
    """Another item's answer shown read-only (the hearing's data sources), with a jump to it.

    Signals:
        openRequested(str): the user wants to edit the linked item where it lives.
    """

    openRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("linkedAnswerPanel")
        self.item_id = ""
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.where = QLabel()
        self.where.setObjectName("linkedWhere")
        self.where.setWordWrap(True)
        top.addWidget(self.where, 1)
        self.open_button = QPushButton(self.tr("Edit in the hearing"))
        self.open_button.setObjectName("openLinkedButton")
        self.open_button.setAccessibleName(self.tr("Edit the linked answer in the hearing"))
        self.open_button.clicked.connect(lambda: self.openRequested.emit(self.item_id))
        top.addWidget(self.open_button)
        layout.addLayout(top)
        self.view = _table("linkedAnswerTable", self.tr("Linked answer (read-only)"))
        self.view.setMinimumHeight(110)
        self.text = _readonly_text("linkedAnswerText", self.tr("Linked answer (read-only)"))
        self.text.setMaximumHeight(80)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.text)
        self.model: TableAnswerModel | None = None
        self.proxy = ReadOnlyProxy(self)

    def show_linked(self, item: Item, value: object, where: str, lang: Lang) -> None:
        self.item_id = item.id
        self.setTitle(self.tr("{0} (from the hearing, read-only)").format(item.label.get(lang)))
        self.where.setText(where)
        if item.columns:
            self.model = TableAnswerModel(item.columns, lang, self)
            self.model.set_rows(value if isinstance(value, list) else [])
            self.proxy.setSourceModel(self.model)
            self.view.setModel(self.proxy)
            self.view.resizeColumnsToContents()
            self.view.show()
            self.text.hide()
        else:
            self.view.hide()
            self.text.show()
            self.text.setPlainText("" if value is None else str(value))


class InstanceTypeDelegate(QStyledItemDelegate):
    """An editable combo of the catalogue's machine types for the process table's machine-type column.

    The types other rows already hold (typed, imported) are offered after the catalogue's.
    """

    def __init__(self, names: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.names = names

    def clone(self, parent: QWidget) -> InstanceTypeDelegate:
        """The same delegate for another view (the large editor's)."""
        return InstanceTypeDelegate(self.names, parent)

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:  # overrides QStyledItemDelegate.createEditor
        combo = QComboBox(parent)
        combo.setObjectName("instanceTypeEditor")
        combo.setAccessibleName(self.tr("Machine type"))
        combo.setEditable(True)
        model = index.model()
        present = [str(v) for v in values_in_column(model, index.column())] if model is not None else []
        combo.addItems(self.names + [v for v in present if v not in self.names])
        return whole_text(combo)

    def setEditorData(self, editor: QWidget, index: Index) -> None:  # overrides QStyledItemDelegate.setEditorData
        if isinstance(editor, QComboBox):
            editor.setCurrentText(str(index.data(Qt.ItemDataRole.EditRole) or ""))

    def setModelData(self, editor: QWidget, model, index: Index) -> None:  # overrides QStyledItemDelegate.setModelData
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentText(), Qt.ItemDataRole.EditRole)


def install_instance_delegate(table: object, names: list[str]) -> None:
    """The process table's machine-type cells offer ``names`` (the catalogue's types; typing another is allowed)."""
    from app.ui.hearing.value_editors import TableEditor

    if not isinstance(table, TableEditor):
        return
    column = next((n for n, c in enumerate(table.model.columns) if c.id == "instance_type"), None)
    if column is None:
        return
    old = table.view.itemDelegateForColumn(column)
    table.view.setItemDelegateForColumn(column, InstanceTypeDelegate(names, table.view))
    if isinstance(old, InstanceTypeDelegate):
        old.deleteLater()


def where_linked(library: ContentLibrary, item_id: str, lang: Lang) -> str:
    """Where a linked item is: its checklist and sections, as the linked-answer panel names them."""
    sections = library.sections_of(item_id)
    checklist = library.checklist_of(item_id)
    where = " › ".join([checklist.title.get(lang)] if checklist else [])
    return " › ".join(p for p in [where, *(s.title.get(lang) for s in sections)] if p)


"""The System planning page: the checklist tree and item editor (shared with the hearing), the data
sources linked from the hearing, and the computed side: capacity and infrastructure cost from the
quick performance test, cost totals and cost-effectiveness, checks of the monitoring plan and the
operations tasks. Results follow what is typed before it is saved (live totals)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QHeaderView,
    QLabel,
    QMenu,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.core import operations as ops
from app.core.errors import DatabaseBusy, UserError
from app.core.kinds import export_target
from app.core.operations import Change, Part
from app.hearing.checklist import ItemFilter, ItemRef
from app.system_planning import service as sp
from app.system_planning.operations import pin_prices, set_price_choice, update_prices
from app.system_planning.plan_doc import KIND, SystemPlanDoc, catalogue_updates, parse_doc
from app.system_planning.text import price_kind_label
from app.ui import messages
from app.ui.hearing.browser import ChecklistBrowser
from app.ui.hearing.item_editor import ItemEditor
from app.ui.operations import UndoText, run_op
from app.ui.page import Page, heading, menu_button
from app.ui.page_reads.heard import PageAnswers, show_heard
from app.ui.page_reads.picking import show_picked
from app.ui.page_reads.reading import PageRead
from app.ui.page_reads.system_planning import READER, PlanRead, PlanRereads, carried, read_plan
from app.ui.state import AppState
from app.ui.system_planning import held_choice
from app.ui.system_planning.catalogue_dialog import edit_catalogue
from app.ui.system_planning.panels import (
    CapacityPanel,
    ChecksPanel,
    CostPanel,
    LinkedAnswerPanel,
    install_instance_delegate,
    where_linked,
)
from app.ui.system_planning.prices_dialog import PricesDialog
from app.ui.tasks import LatestRun
from app.ui.widgets.flow_layout import FlowLayout

PLAN_ROWS_AT_ONCE = 200  # a plan of more process and cost rows is worked out on a worker
RETRY_MS = 2000  # how soon a price choice the server refused (away) is made again, as typing is

CAPACITY_TAB, COST_TAB, CHECKS_TAB = 0, 1, 2


class SystemPlanningPage(Page):
    page_id = "system-planning"
    phase = "5"

    @classmethod
    def title(cls) -> str:
        return QCoreApplication.translate("SystemPlanningPage", "System planning")

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        self.values: dict[str, Any] = {}
        self.plan_doc: dict[str, Any] = {}  # the stored system_plan document: the project's prices and choice
        self.plan: sp.SystemPlan | None = None
        self._plans = LatestRun(self)  # a big plan worked out on a worker, the latest request winning
        self._pin_when_planned = False  # copy the prices of machine types just named once the plan is shown
        layout = QVBoxLayout(self)

        top = FlowLayout()
        top.addWidget(heading(self.title()))
        self.loading_label = QLabel(self.tr("Loading…"))
        self.loading_label.hide()
        top.addWidget(self.loading_label)
        top.addStretch(1)
        self.documents_button = menu_button("systemPlanDocumentsButton", self.tr("Documents"), self.tr("System planning documents"))
        menu = QMenu(self.documents_button)
        menu.setObjectName("systemPlanDocumentsMenu")
        self.export_md_action = menu.addAction(self.tr("Export design document (Markdown)…"), self.export_markdown)
        self.export_xlsx_action = menu.addAction(self.tr("Export tables (Excel)…"), self.export_xlsx)
        self.documents_button.setMenu(menu)
        top.addWidget(self.documents_button)
        layout.addLayout(top)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setObjectName("systemPlanSplitter")
        self.browser = ChecklistBrowser(
            state,
            sp.SYSTEM_PLANNING,
            "systemPlan",
            (ItemFilter.ALL, ItemFilter.UNANSWERED, ItemFilter.FOLLOW_UP, ItemFilter.CHANGED_SINCE),
            self.tr("System-planning checklist"),
        )
        # Question and status in view in the tree's share of the page (the answer column takes the rest).
        self.browser.tree.setColumnWidth(0, 220)
        self.browser.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        self.browser.currentItemChanged.connect(self._current_changed)
        self.filter_combo, self.search, self.overall = self.browser.filter_combo, self.browser.search, self.browser.overall
        self.tree, self.model, self.proxy = self.browser.tree, self.browser.model, self.browser.proxy
        splitter.addWidget(self.browser)

        right = QSplitter(Qt.Orientation.Vertical)
        right.setObjectName("systemPlanRightSplitter")
        upper = QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        self.linked = LinkedAnswerPanel()
        self.linked.openRequested.connect(self.open_linked)
        self.linked.hide()
        upper_layout.addWidget(self.linked, 2)
        self.editor = ItemEditor(state)
        scroll = QScrollArea()
        scroll.setObjectName("systemPlanEditorScroll")
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a frame, no Tab stop: Tab goes from the item tree to the answer
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.editor)
        upper_layout.addWidget(scroll, 3)
        right.addWidget(upper)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("systemPlanResults")
        self.tabs.setAccessibleName(self.tr("Computed results"))
        self.capacity = CapacityPanel()
        self.capacity.catalogueRequested.connect(self.edit_catalogue)
        self.capacity.pricesRequested.connect(self.show_prices)
        self.capacity.priceKindChosen.connect(lambda kind: self.choose_prices(price_kind=kind))
        # A choice the database could not take yet is held as a draft of its project (app/ui/system_planning/held_choice.py),
        # made in turn with the window's other edits waiting: tried again meanwhile, once a big undo is stored, once the server is back.
        state.undo_stack.worker.runningChanged.connect(self._choose_later)
        state.offlineChanged.connect(self._choose_later)
        self._choose_retry = QTimer(self, singleShot=True, interval=RETRY_MS)
        self._choose_retry.timeout.connect(lambda: state.waiting_edits.retry(self, self._save_held))
        self.capacity.regionChosen.connect(lambda region: self.choose_prices(region=region))
        self.cost = CostPanel()
        self.checks = ChecksPanel()
        self.tabs.addTab(self.capacity, self.tr("Capacity and infrastructure cost"))
        self.tabs.addTab(self.cost, self.tr("Cost estimate"))
        self.tabs.addTab(self.checks, self.tr("Monitoring and operations"))
        right.addWidget(self.tabs)
        right.setStretchFactor(0, 3)
        right.setStretchFactor(1, 2)
        right.setSizes([560, 330])  # the editor's tables need the room; results stay in view
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 5)
        splitter.setSizes([430, 900])
        layout.addWidget(splitter, 1)

        QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self, self.search.setFocus)  # called on activated
        self.names: list[str] = []  # the follow-up owners to suggest, as last read
        self._just_read = False  # the read being put on the page: its first item shown from it
        self._place: object = None  # where to go once the read is in (a language switch during it)
        self.editor.page_answers = PageAnswers(lambda: self.reads.on_worker, lambda: self.names if self.reads.on_worker else None)
        self.reads = PageRead(self, state, READER, lambda pid: read_plan(state, pid), self._show_read, self._show_loading)
        self.rereads = PlanRereads(self, state, self._show_reread, lambda answers: show_heard(self.editor, answers))  # after a change (a team database: on a worker)
        state.changed.connect(self._on_changed)

    # --- project and content ------------------------------------------------------------------

    @property
    def library(self):
        return self.state.workspace.library

    @property
    def refs(self) -> dict[str, ItemRef]:
        return self.browser.refs

    def on_project_changed(self, project_id: int) -> None:
        """The project's answers and stored plan document read and shown: on a team database on a worker, the page
        "Loading…" with nothing to type in until they are in (:class:`PageRead`)."""
        self.editor.show_item(None)
        self.linked.hide()
        self.setEnabled(project_id >= 0)
        self.rereads.drop()
        self._place = None
        if project_id < 0:
            self.reads.drop()
            self.browser.load(project_id)
            return
        self.reads.start(project_id)

    def _show_loading(self, loading: bool) -> None:
        """While the project is read on a worker: "Loading…" said, the list, the plan and the editor empty (never another
        project's) and off, as the documents; after, on."""
        if loading:
            self.editor.show_item(None)
            self.linked.hide()
            self.browser.load(-1)
            self.values, self.plan_doc, self._pin_when_planned = {}, {}, False
            self.recompute()
        self.loading_label.setVisible(loading)
        for widget in (self.browser, self.editor, self.documents_button, self.tabs):
            widget.setEnabled(not loading)

    def _show_read(self, project_id: int, found: PlanRead) -> None:
        """The project read put on the page in one go: the list (its first open item shown from the read), the plan."""
        self.rereads.applied()
        self.values, self.plan_doc, self.names = sp.answer_values(found.answers), found.doc, found.names
        self.plan, self._pin_when_planned = None, True
        if held_choice.held(self.state, project_id):  # (this window's, kept while another project was open; a window gone's)
            self.state.waiting_edits.wait(self, self._save_held, self._choose_retry)
        generation, self._just_read = self._plans.generation, True
        try:
            self.browser.load(project_id, found.answers)  # its item shown works the plan out (_current_changed)
            place, self._place = self._place, None
            self.restore_place(place)  # (the item shown before a language switch made while it read)
        finally:
            self._just_read = False
        if self._plans.generation == generation:
            self.recompute()

    def _on_changed(self, change: Change) -> None:
        if change.project_id != self.state.project_id:
            return
        doc = Part.DOCUMENTS in change.parts and (change.external or KIND in change.kinds)
        parts = frozenset(p for p, wanted in ((Part.ANSWERS, Part.ANSWERS in change.parts), (Part.DOCUMENTS, doc)) if wanted)
        if not parts:
            return
        if self.reads.reading is not None:  # (an undo while it reads, say): read again, the newest read shown
            self.reads.start(change.project_id)
            return
        items = self.state.changed_items(change) if Part.ANSWERS in parts else []
        found = carried(change, self.model.answers) if self.reads.on_worker else None
        if found is None and self.reads.on_worker:  # another window's change: read on a worker
            self.rereads.request(change.project_id, parts, items)
            return
        if found is None:
            found = read_plan(self.state, change.project_id, parts)  # (SQLite: at once)
        self.rereads.applied()
        self._show_reread(change.project_id, found, parts, items)

    def _show_reread(self, project_id: int, found: PlanRead, parts: frozenset[Part], item_ids: list[str]) -> None:
        """What was read again (or this window's change carried) put on the page: the rows, the plan, the linked answer."""
        if Part.DOCUMENTS in parts:
            self.plan_doc = found.doc
        if Part.ANSWERS in parts:
            self.browser.update_answers(found.answers, [i for i in item_ids if i.startswith(sp.SYSTEM_PLANNING + ".")])
            self.values, self.names = sp.answer_values(found.answers), found.names or self.names
            self._pin_when_planned |= sp.PROCESSES in item_ids
        self.recompute()
        if Part.ANSWERS in parts and self.linked.isVisible() and self.linked.item_id in item_ids:
            self._show_linked(self.editor.item_id)

    def _read_answers(self) -> dict[str, Any] | None:
        """The answers the page read (a team database), given to the editor and the linked panel when an item is picked:
        nothing read on the window's thread; None: read it there (SQLite, or the page's read again still on its way)."""
        if self._just_read or (self.reads.on_worker and self.reads.reading is None and not self.rereads.stale):
            return self.model.answers
        return None

    # --- the project's prices -----------------------------------------------------------------

    def pin_prices(self) -> None:
        """Copy the prices of machine types just named into the project (the catalogue's, now). Not an undo step of
        its own: it only records the price a choice was made at (undoing the choice leaves an unused price behind)."""
        if self.plan is None or not self.plan.unpinned or self.state.project_id < 0:
            return
        try:
            change = ops.run(self.state.workspace, pin_prices(self.state.project_id))
        except UserError:
            return  # a busy or read-only database: priced from the catalogue meanwhile, copied next time
        self.state.publish(change)

    def choose_prices(self, price_kind: str | None = None, region: str | None = None, *, again: bool = False) -> bool:
        """Price the plan on-demand, reserved or spot, or in another region: one undoable step, with the choice
        held for the project (a kind held, then a region: both). Refused while the database cannot take it (the
        server away, a big undo being stored, another process writing), it is held as a draft, counted and
        kept on disk, and made once it can be (as said, once: ``again``, a held choice tried again, is not said
        again). True when nothing is left waiting."""
        pid = self.state.project_id
        if pid < 0:
            return True
        waiting = held_choice.held(self.state, pid)
        kind = price_kind if price_kind is not None else waiting.get("price_kind")
        where = region if region is not None else waiting.get("region")
        if kind is None and where is None:
            return True
        text: UndoText  # made in the UI language of the moment: it follows a language switch
        if kind is not None:
            text = lambda: self.tr("Price the plan: {0}").format(price_kind_label(kind, self.state.ui_lang))  # noqa: E731
        else:
            text = lambda: self.tr("Price the plan in region {0}").format(where or self.tr("as first listed"))  # noqa: E731
        base = held_choice.based_on(self.state, pid, self.plan_doc) if waiting else self.plan_doc
        try:
            run_op(self.state, set_price_choice(pid, base, price_kind=kind, region=where), text, owner=self)
        except DatabaseBusy as exc:  # kept, made once the database takes it (as said)
            held_choice.hold(self.state, pid, self.plan_doc, exc, price_kind=price_kind, region=region)
            self.state.waiting_edits.wait(self, self._save_held, self._choose_retry)
            self.recompute()  # priced with the choice held, the combos marked
            if not again:
                messages.show_error(self, exc)
            return False
        except UserError as exc:  # refused (a colleague's choice of the same field since: theirs kept): said
            held_choice.let_go(self.state, pid)
            messages.show_error(self, exc)
            self.recompute()  # the combos show what is stored
            return True
        if waiting:
            held_choice.let_go(self.state, pid)
            self.recompute()  # (the combos no longer marked)
        return True

    def _save_held(self) -> bool:  # (a bound method: the waiting edits hold it)
        return held_choice.save_held(self.state, self.choose_prices)

    def _choose_later(self, waiting: bool) -> None:  # (a bound method on the state's signals: dropped with the page)
        held_choice.choose_later(self, self.state, waiting, self._save_held)

    def load_waiting(self) -> None:  # overrides Page.load_waiting
        """Built at start (or anew) with a choice held: reading the project (at build) took it back; nothing to show."""

    def show_prices(self) -> None:
        """The prices copied into the project; updating them to the catalogue is one undoable step."""
        if self.state.project_id < 0:
            return
        doc = self._doc()
        updates = catalogue_updates(doc, sp.catalogue(self.library))
        dialog = PricesDialog(doc, updates, list(self.plan.unpinned if self.plan else ()), self.state.content_lang, self)
        if self.exec_dialog(dialog) != QDialog.DialogCode.Accepted or not dialog.update_requested:
            return
        try:
            run_op(self.state, update_prices(self.state.project_id, self.plan_doc), lambda: self.tr("Update the prices to the current catalogue"), action=True)
        except UserError as exc:
            messages.show_error(self, exc)

    # --- computing ----------------------------------------------------------------------------

    def recompute(self, overrides: dict[str, Any] | None = None) -> None:
        """Compute the plan from the saved answers plus what is being typed (``overrides``) and show it: at
        once for a plan of a few rows, on a worker for a big one (1,000 processes take a quarter of a second:
        a keystroke must not); the latest request wins."""
        values = dict(self.values)
        values.update(overrides or {})
        if sum(len(v) for k in (sp.PROCESSES, sp.COST_ITEMS) if isinstance(v := values.get(k), list)) <= PLAN_ROWS_AT_ONCE:
            self._plans.drop()  # (a big plan still being worked out is of older values)
            self._show_plan(sp.build_plan(self.library, values, self._doc()))
            return
        doc, library = self._doc(), self.library
        self._plans.request(lambda: sp.build_plan(library, values, doc), self._show_plan)

    @property
    def planning(self) -> bool:  # a big plan is being worked out on a worker (or waits for it)
        return not self._plans.idle

    def _show_plan(self, plan: sp.SystemPlan) -> None:
        self.plan = plan
        lang = self.state.content_lang
        self.capacity.show_plan(plan, self.library.item(sp.PROCESSES), lang)
        self.capacity.mark_held(held_choice.why(self.state, self.state.project_id))
        self.cost.show_plan(plan, self.library.item(sp.COST_ITEMS), lang)
        self.checks.show_plan(plan, self.library.item(sp.MONITORING_PLAN), self.library.item(sp.OPERATIONS_TASKS), lang)
        if self._pin_when_planned:
            self._pin_when_planned = False
            self.pin_prices()

    def _doc(self) -> SystemPlanDoc:
        """The project's prices and choice, the choice held (not saved yet) over the stored one; a damaged
        document reads as none (the catalogue prices it)."""
        try:
            return parse_doc(self.plan_doc | held_choice.held(self.state, self.state.project_id))
        except UserError:
            return SystemPlanDoc()

    def _live_edit(self) -> None:
        item_id = self.editor.item_id
        editor = self.editor.editors.get("value")
        if item_id is None or editor is None:
            return
        if item_id in sp.CAPACITY_ITEMS or item_id in sp.COST_ITEM_IDS or item_id in sp.TABLE_CHECK_ITEMS:
            self.recompute({item_id: editor.value()})

    # --- filters and selection ----------------------------------------------------------------

    def apply_filter(self) -> None:
        self.browser.apply_filter()

    def visible_item_ids(self) -> list[str]:
        return self.browser.visible_item_ids()

    def select_item(self, item_id: str) -> bool:
        return self.browser.select_item(item_id)

    def place(self) -> object:  # overrides Page.place: the item shown, kept over a language switch (as the hearing's)
        return self._place if self.reads.reading is not None and self._place is not None else self.editor.item_id

    def restore_place(self, place: object) -> None:  # overrides Page.restore_place: while the read runs, once it is in
        if self.reads.reading is not None:
            self._place = place
        elif isinstance(place, str):
            self.select_item(place)

    def _current_changed(self, item_id: str | None) -> None:
        if item_id is None:
            self.editor.show_item(None)
        elif item_id in self.refs:
            show_picked(self.editor, self.refs[item_id], self._read_answers(), self.names)
        else:
            self.editor.show_item(None, orphan=self.state.answers.answer(self.state.project_id, item_id))
        self._hook_editors(item_id)
        self._show_linked(item_id)
        if item_id in sp.CAPACITY_ITEMS:
            self.tabs.setCurrentIndex(CAPACITY_TAB)
        elif item_id in sp.COST_ITEM_IDS:
            self.tabs.setCurrentIndex(COST_TAB)
        elif item_id in sp.TABLE_CHECK_ITEMS:
            self.tabs.setCurrentIndex(CHECKS_TAB)
        self.recompute()  # what was typed for the previous item is saved now

    def _hook_editors(self, item_id: str | None) -> None:
        for editor in self.editor.editors.values():
            editor.edited.connect(self._live_edit)
            for corner in editor.findChildren(QAbstractButton, "qt_tableview_cornerbutton"):
                corner.setAccessibleName(self.tr("Select the whole table"))  # Qt leaves it nameless
        table = self.editor.editors.get("value")
        if item_id == sp.PROCESSES and table is not None and hasattr(table, "view"):
            self._install_instance_delegate()
            table.view.selectionModel().currentRowChanged.connect(
                lambda current, _previous: self.capacity.select_row(current.row() + 1) if current.isValid() else None
            )

    def _install_instance_delegate(self) -> None:
        """The process table's machine-type cells offer the catalogue's types (typing another is allowed)."""
        if self.editor.item_id == sp.PROCESSES:
            install_instance_delegate(self.editor.editors.get("value"), [spec.name for spec in sp.catalogue(self.library).instances])

    def _show_linked(self, item_id: str | None) -> None:
        ref = self.refs.get(item_id or "")
        linked_id = ref.item.linked_item if ref else None
        linked = self.library.item(linked_id) if linked_id else None
        if linked is None:
            self.linked.hide()
            return
        read = self._read_answers()
        answer = self.state.answers.answer(self.state.project_id, linked.id) if read is None else read.get(linked.id) or self.state.answers.blank(linked.id)
        where = where_linked(self.library, linked.id, self.state.content_lang)
        self.linked.show_linked(linked, answer.value, where, self.state.content_lang)
        self.linked.show()

    def open_linked(self, item_id: str) -> None:
        """Jump to the page that owns a linked item (the hearing) and select it there."""
        window: Any = self.window()  # the main window, duck-typed: a page does not import it
        if not hasattr(window, "show_page"):
            return
        self.editor.flush()
        window.show_page("hearing")
        window.page("hearing").select_item(item_id)

    # --- instance catalogue -------------------------------------------------------------------

    def edit_catalogue(self) -> None:
        """The instance catalogue edited (app/ui/system_planning/catalogue_dialog.py): the plan priced with it after."""
        if edit_catalogue(self, self.state, self.exec_dialog):
            self._install_instance_delegate()  # the machine-type choices follow the catalogue
            self.recompute()

    def exec_dialog(self, dialog: QDialog) -> int:
        """Run a modal dialog, deleted after (tests replace this so nothing blocks)."""
        return messages.run_modal(dialog)

    # --- documents ----------------------------------------------------------------------------

    def _export(self, suffix: str, filters: str) -> None:
        from app import features
        project = self.state.project
        if project is None:
            return
        self.editor.flush()
        suggested = str(Path.home() / features.EXPORTS["system-plan"].file_name(project.name, self.state.ui_lang, suffix))
        path = messages.save_file(self, self.tr("Export"), suggested, filters)
        if not path:
            return
        kind = features.EXPORTS["system-plan"]
        try:
            out = export_target(kind, Path(path), suffix)
        except UserError as error:
            messages.show_error(self, error)
            return
        self.export_in_background(kind, out)

    def export_markdown(self) -> None:
        self._export(".md", self.tr("Markdown (*.md)"))

    def export_xlsx(self) -> None:
        self._export(".xlsx", self.tr("Excel workbooks (*.xlsx)"))

    def on_shown(self) -> None:
        self.reads.resume()  # (a read that failed while the page was hidden)
        self.tree.setFocus()

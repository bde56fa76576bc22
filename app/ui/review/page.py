"""The Review page: scored readiness checklists (ML Test Score, MLOps maturity, QA4AI, AIST).

Left the checklists, in the middle the chosen checklist's items (score or levels, evidence or note,
met, the suggestion with its reason, the linked WBS task), right its pictures. Every edit, accepted
suggestion and task made is one operation (one undo step); what could not be saved stays on
screen as a draft. The project is read on a worker (hearing answers, the WBS, the baselines).
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import UserError
from app.core.kinds import export_target
from app.core.operations import Change, Part
from app.core.project import AGREEMENT_KIND
from app.review import review_view
from app.review.scoring import KIND
from app.ui import messages
from app.ui.page import Page, heading, menu_button
from app.ui.page_reads.reading import PageRead
from app.ui.review.editing import ReviewEditing
from app.ui.review.pictures import ReviewPictures, baseline_reviews
from app.ui.review.table import ITEM_ROLE, ReviewTableModel, ValueDelegate
from app.ui.state import AppState
from app.ui.wide_table.copying import install_copy
from app.ui.widgets import colours
from app.ui.widgets.flow_layout import FlowLayout
from app.ui.widgets.wrapped_list import size_rows, wrap_rows_to_width
from app.ui.window.held_drafts import HeldDrafts

RETRY_MS = 3000  # a busy database: what was typed is saved again after this


class ReviewPage(ReviewEditing, Page):
    page_id = "review"
    phase = "5"

    @classmethod
    def title(cls) -> str:
        return QCoreApplication.translate("ReviewPage", "Review")

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        self.view: Any = None  # the ReviewView last read
        self.points: list[Any] = []  # the baselines that hold the review
        self.checklist_id = ""
        # The review read on a worker (on SQLite too), the latest request winning: a project's first read from a team
        # database says "Loading…" (a failed one made again, hidden too), a read again after a change keeps the page.
        self.reads: PageRead[tuple[Any, list[Any]]] = PageRead(self, state, self.page_id, None, self._loaded, self._show_loading,
                                                               quiet=True, always_on_worker=True, hidden=True, work=self._reader)
        self._pending_item: str | None = None  # to select once the review is read (a rebuilt page)
        self._waiting: dict[tuple[int, str, str], tuple[dict[str, Any], dict[str, Any]]] = {}  # busy: (values, base) by (project, checklist, item)
        self._kept_bases: dict[tuple[int, str, str], dict[str, Any]] = {}  # see ReviewEditing
        self._taken_for = -1
        self._loading = False  # a project's first read on a worker (a team database): "Loading…", editing off
        layout = QVBoxLayout(self)

        top = FlowLayout()
        top.addWidget(heading(self.title()))
        top.addStretch(1)
        self.export_button = menu_button("reviewExportButton", self.tr("Export report"), self.tr("Export the review report"))
        menu = QMenu(self.export_button)
        menu.setObjectName("reviewExportMenu")
        for suffix, text in ((".md", self.tr("Markdown (.md)…")), (".html", self.tr("HTML with charts (.html)…")),
                             (".pdf", self.tr("PDF (.pdf)…")), (".xlsx", self.tr("Excel workbook (.xlsx)…"))):  # fmt: skip
            menu.addAction(text, partial(self.export, suffix))
        self.export_button.setMenu(menu)
        top.addWidget(self.export_button)
        layout.addLayout(top)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setObjectName("reviewSplitter")
        self.chooser = QListWidget()
        self.chooser.setObjectName("reviewChecklists")
        self.chooser.setAccessibleName(self.tr("Review checklists"))
        self.chooser.setSpacing(2)
        wrap_rows_to_width(self.chooser)  # a title and its status line, whole at the width shown
        self.chooser.currentRowChanged.connect(self._chosen)
        splitter.addWidget(self.chooser)

        middle = QWidget()
        mid = QVBoxLayout(middle)
        mid.setContentsMargins(0, 0, 0, 0)
        self.checklist_title = self._label("reviewChecklistTitle", bold=True)
        self.source_label = self._label("reviewSource")
        self.source_label.setEnabled(False)
        mid.addWidget(self.checklist_title)
        mid.addWidget(self.source_label)
        bar = FlowLayout()  # the buttons under the summary in a narrow column
        self.suggestions_label = self._label("reviewSuggestionsSummary")
        bar.addWidget(self.suggestions_label, 1)
        self.accept_button = self._button("reviewAcceptButton", self.tr("Accept"), self.accept_current)
        self.accept_all_button = self._button("reviewAcceptAllButton", self.tr("Accept all"), self.accept_all)
        self.task_button = self._button("reviewMakeTaskButton", self.tr("Make a WBS task"), self.make_task)
        self.open_task_button = self._button("reviewOpenTaskButton", self.tr("Show the task"), self.open_current_task)
        for button in (self.accept_button, self.accept_all_button, self.task_button, self.open_task_button):
            bar.addWidget(button)
        mid.addLayout(bar)

        self.model = ReviewTableModel(self.edit, self)
        self.table = QTableView()
        self.table.setObjectName("reviewItems")
        self.table.setAccessibleName(self.tr("Checklist items"))
        self.table.setModel(self.model)
        install_copy(self.table)  # Ctrl+C: the selected items' rows for a spreadsheet (app/ui/wide_table/copying.py)
        self.delegate = ValueDelegate(self.model, self.table)
        self.table.setItemDelegate(self.delegate)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)  # (to copy; Accept, Make a WBS task: the selected items)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.SelectedClicked)  # fmt: skip
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(self._double_clicked)
        self.table.viewport().installEventFilter(self)
        self._fitting = False  # the page sets the widths (not the user)
        self._dragging = False  # the mouse is on the header: a width set now is the user's
        self.table.horizontalHeader().viewport().installEventFilter(self)
        self._own_widths: dict[tuple[str, str], int] = {}  # widths the user gave columns, by checklist and column
        self.table.horizontalHeader().sectionResized.connect(self._section_resized)
        mid.addWidget(self.table, 1)
        self.detail = self._label("reviewItemDetail")
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setMinimumHeight(self.detail.fontMetrics().height() * 3)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        mid.addWidget(self.detail)
        self.problem_label = self._label("reviewProblem")  # drafts kept from before that no cell can show
        colours.style(self.problem_label, colours.WARNING)
        self.problem_label.hide()
        mid.addWidget(self.problem_label)
        splitter.addWidget(middle)

        self.pictures = ReviewPictures()
        splitter.addWidget(self.pictures)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 5)
        splitter.setStretchFactor(2, 2)
        splitter.setSizes([190, 860, 450])
        layout.addWidget(splitter, 1)

        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._row_changed())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self.enable_actions())  # (Ctrl+A, Ctrl+click, Shift+click)
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.setInterval(RETRY_MS)
        self._retry.timeout.connect(lambda: state.waiting_edits.retry(self, self._save_waiting))  # in turn (app/ui/window/waiting_steps.py)
        state.changed.connect(self._on_changed)
        self.held = HeldDrafts(self, state, f"{KIND}:", self.take_back_refused, lambda: f"{self.checklist_id}:",
                                self.held_text)  # app/ui/review/editing.py
        self._row_changed()

    def _label(self, name: str, bold: bool = False) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setTextFormat(Qt.TextFormat.PlainText)  # content and typed text: never live HTML
        label.setWordWrap(True)
        if bold:
            font = label.font()
            font.setBold(True)
            font.setPointSizeF(font.pointSizeF() * 1.1)
            label.setFont(font)
        return label

    def _button(self, name: str, text: str, slot: Any) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(lambda _=False: slot())
        return button

    # --- reading ----------------------------------------------------------------------------------

    def on_project_changed(self, project_id: int) -> None:
        self.setEnabled(project_id >= 0)
        self.problem_label.clear()
        self.problem_label.hide()
        self.reload()

    def _on_changed(self, change: Change) -> None:
        if change.project_id != self.state.project_id:
            return
        kinds = set(change.kinds)
        if change.external or Part.ANSWERS in change.parts or Part.WBS in change.parts or KIND in kinds or AGREEMENT_KIND in kinds \
                or (Part.DOCUMENTS in change.parts and not kinds):  # fmt: skip
            self.show_saved(change)  # this window's: shown now, the read again wins (app/ui/review/editing.py)
            self.reload()
        elif Part.DOCUMENTS in change.parts and kinds & {"environment", "data_platform"}:
            self.reload()  # a suggestion may come from an environment field

    def reload(self) -> None:
        """Read the review again on a worker; a reload asked for meanwhile runs after it. From a team database, a
        project not read yet (the first show, another project opened): "Loading…" and the page's editing off
        until its read is in (:meth:`_show_loading`), never another project's items typed into meanwhile."""
        if self.state.project_id >= 0:
            self.reads.start(self.state.project_id)
            return
        self.reads.drop(forget=True)
        self.view, self.points = None, []
        self._show_loading(False)
        self._show()

    def _reader(self, project_id: int) -> Any:
        """The project's review and the baselines that hold it, as work for a worker (the workspace taken now)."""
        ws = self.state.workspace
        return lambda: (review_view(ws, project_id), baseline_reviews(ws, project_id))

    def _show_loading(self, loading: bool) -> None:
        """While a project's first read runs on a worker: "Loading…" said, the checklists, items and buttons off."""
        self._loading = loading
        for widget in (self.chooser, self.table, self.export_button):
            widget.setEnabled(not loading)
        if loading:
            for button in (self.accept_button, self.accept_all_button, self.task_button, self.open_task_button):
                button.setEnabled(False)
            self.detail.setText(self.tr("Loading…"))

    def _loaded(self, project_id: int, result: tuple[Any, list[Any]]) -> None:
        self.view, self.points = result  # ("Loading…" over: self._show_loading(False) by self.reads)
        self._show()  # (the detail line and the buttons as the current item allows)

    def settled(self) -> bool:
        return self.reads.idle

    # --- showing ----------------------------------------------------------------------------------

    def _show(self) -> None:
        lang = self.state.content_lang
        checklists = self.view.checklists if self.view else []
        ids = [c.checklist.id for c in checklists]
        if self.checklist_id not in ids:
            self.checklist_id = ids[0] if ids else ""
        self.take_back()  # drafts a window gone kept for this project
        self.chooser.blockSignals(True)
        self.chooser.clear()
        for c in checklists:
            item = QListWidgetItem(f"{c.checklist.title.get(lang)}\n{self._summary(c)}")
            item.setData(Qt.ItemDataRole.UserRole, c.checklist.id)
            item.setToolTip(c.checklist.title.get(lang))
            self.chooser.addItem(item)
        size_rows(self.chooser)
        self.chooser.setCurrentRow(ids.index(self.checklist_id) if self.checklist_id in ids else -1)
        self.chooser.blockSignals(False)
        self._show_checklist()

    def _summary(self, c: Any) -> str:
        from app.review.model import Scoring
        from app.review.scoring import score_text

        if c.checklist.scoring == Scoring.ML_TEST_SCORE:
            text = self.tr("Final score {0} · {1}/{2} scored").format(score_text(c.score.final), c.score.answered, c.score.items)
        else:
            text = self.tr("{0}/{1} met").format(c.score.met, c.score.items)
        return text + (self.tr(" · {0} suggested").format(len(c.suggestions)) if c.suggestions else "")

    def current(self) -> Any:
        """The chosen checklist's view (None: no project)."""
        if self.view is None or not self.checklist_id:
            return None
        return self.view.checklist(self.checklist_id)

    def _show_checklist(self) -> None:
        lang, view = self.state.content_lang, self.current()
        item_id = self.current_item_id() or self._pending_item
        self._pending_item = None
        project_id = self.view.project_id if self.view is not None else -1
        self.model.show(view, lang, project_id)
        for (waiting_project, checklist_id, waiting_item), (values, _base) in self._waiting.items():
            if view is not None and (waiting_project, checklist_id) == (project_id, view.checklist.id):
                self.model.put_draft(waiting_item, values, self.tr("the database is busy; it is saved again shortly"))
        self.pictures.show_checklist(view, lang, self.points)
        if view is None:
            self.checklist_title.clear()
            self.source_label.clear()
            self.suggestions_label.clear()
        else:
            checklist = view.checklist
            self.checklist_title.setText(checklist.title.get(lang))
            licence = checklist.licence.attribution.get(lang) if checklist.licence.attribution else checklist.licence.name
            if checklist.licence.name == "none":
                licence = self.tr("paraphrased, with the source cited")
            self.source_label.setText(self.tr("Source: {0} · Licence: {1}").format(checklist.source.citation, licence))
            self.source_label.setToolTip(checklist.licence.note.get(lang) if checklist.licence.note else "")
            count = len(view.suggestions)
            self.suggestions_label.setText(
                self.tr("%n suggestion(s) from what the project already knows", "", count) if count
                else self.tr("No suggestions: everything the project knows is entered"))  # fmt: skip
            self._fit_columns()
        if self.current_item_id() != item_id:  # moving the current cell would close an editor open on it
            self.select_item(item_id or "")
        self._row_changed()

    def _fit_columns(self) -> None:
        """The item and its evidence get the room; the evidence column takes what is left.

        No header cut: a column is at least as wide as its title. In a narrow table (a laptop's 1366 px
        window, a checklist of many columns) the columns give of their width, down to their titles, so
        that the evidence (which stretches over what is left) keeps a quarter of the table. A column the
        user made wider or narrower keeps its width (for that checklist), through resizes and refreshes."""
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        metrics = header.fontMetrics()
        columns = self.model.columns

        def title_width(n: int) -> int:
            return metrics.horizontalAdvance(str(self.model.headerData(n, Qt.Orientation.Horizontal))) + 24

        widths = {"section": 86, "item": 240, "score": 130, "level": 130, "current": 120, "target": 120, "met": 50,
                  "suggestion": 90, "task": 110}  # fmt: skip
        own = {n: self._own_widths[(self.checklist_id, c.kind)] for n, c in enumerate(columns) if (self.checklist_id, c.kind) in self._own_widths}
        text = next((n for n, c in enumerate(columns) if c.kind == "text"), None)
        scalable = {n: widths.get(c.kind, 120) for n, c in enumerate(columns) if n != text and n not in own and c.kind != "met"}
        fixed = sum(own.values()) + sum(widths["met"] for n, c in enumerate(columns) if c.kind == "met" and n not in own)
        room = self.table.viewport().width()
        wanted = max(title_width(text), room // 4) if text is not None else 0
        floors = {n: title_width(n) for n in scalable}
        scale, held = 1.0, dict[int, int]()  # held: columns at their title's width, which gives no more
        for _ in range(len(scalable) + 1):
            rest = {n: w for n, w in scalable.items() if n not in held}
            budget = room - wanted - fixed - sum(held.values())
            scale = min(1.0, max(0.3, budget / max(1, sum(rest.values()))))
            newly = {n: floors[n] for n, w in rest.items() if w * scale < floors[n]}
            if not newly:
                break
            held |= newly
        self._fitting = True
        try:
            header.setMinimumSectionSize(max(40, min(map(title_width, range(len(columns))), default=40)))
            for n, column in enumerate(columns):
                if n == text:
                    header.setSectionResizeMode(n, QHeaderView.ResizeMode.Stretch)
                    continue
                header.setSectionResizeMode(n, QHeaderView.ResizeMode.Interactive)
                width = own.get(n) or (widths["met"] if column.kind == "met" else held.get(n) or round(scalable[n] * scale))
                self.table.setColumnWidth(n, width if n in own else max(width, title_width(n)))
        finally:
            self._fitting = False

    def _section_resized(self, n: int, _old: int, new: int) -> None:
        """A column the user dragged keeps its width (not the evidence column, which takes what is left)."""
        dragged = self._dragging and not self._fitting
        if dragged and 0 <= n < len(self.model.columns) and self.model.columns[n].kind != "text":
            self._own_widths[(self.checklist_id, self.model.columns[n].kind)] = new

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # overrides QObject.eventFilter
        if watched is self.table.horizontalHeader().viewport():  # a column's edge dragged (or double-clicked)
            if event.type() in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick):
                self._dragging = True
            elif event.type() == QEvent.Type.MouseButtonRelease:
                QTimer.singleShot(0, lambda: setattr(self, "_dragging", False))  # after the header's own resize
            return super().eventFilter(watched, event)
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize and self.model.columns:
            self._fit_columns()  # the widths follow the table's (a window made wider or narrower)
        return super().eventFilter(watched, event)

    def _chosen(self, row: int) -> None:
        item = self.chooser.item(row)
        if item is not None:
            self.checklist_id = item.data(Qt.ItemDataRole.UserRole)
            self._show_checklist()

    def choose(self, checklist_id: str) -> None:
        for row in range(self.chooser.count()):
            if self.chooser.item(row).data(Qt.ItemDataRole.UserRole) == checklist_id:
                self.chooser.setCurrentRow(row)

    def current_item_id(self) -> str | None:
        index = self.table.currentIndex()
        return index.data(ITEM_ROLE) if index.isValid() else None

    def current_row(self) -> Any:
        item_id, view = self.current_item_id(), self.current()
        return view.items.get(item_id) if view is not None and item_id else None

    def select_item(self, item_id: str, column: int = 1) -> bool:
        row = self.model.row_of(item_id)
        if row < 0:
            return False
        index = self.model.index(row, column)
        self.table.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)
        return True

    def _row_changed(self) -> None:
        if self._loading:  # (the buttons off and "Loading…" said until the project's read is in)
            return
        row, lang = self.current_row(), self.state.content_lang
        view = self.current()
        self.accept_all_button.setEnabled(bool(view and view.suggestions))
        self.enable_actions()  # the selected items' (app/ui/review/editing.py)
        self.open_task_button.setEnabled(bool(row and row.task))
        if row is None:
            self.detail.setText(self.tr("Choose an item: double-click a cell to score it or to write its evidence."))
            return
        lines = [row.item.label.get(lang)]
        if row.item.help:
            lines.append(row.item.help.get(lang))
        for s in row.suggestions:
            lines.append(self.tr("Suggested {0}, because: {1}").format(self.model.suggestion_text(s.field, s.value), s.reason_text(lang)))
        for name, origin in row.answer.origin.items():
            reason = origin.get("reason") if isinstance(origin.get("reason"), dict) else {}
            if reason:
                lines.append(self.tr("{0} accepted from: {1}").format(self.model.suggestion_text(name, row.answer.value(name) or 0)
                                                                         .rsplit(" ", 1)[0], reason.get(lang) or reason.get("en", "")))  # fmt: skip
        if row.task:
            lines.append(self.tr("WBS task: {0} (double-click it to open)").format(row.task))
        self.detail.setText("\n".join(lines))

    # --- the linked task --------------------------------------------------------------------------

    def _double_clicked(self, index: QModelIndex) -> None:
        if index.isValid() and self.model.columns[index.column()].kind == "task":
            self.open_current_task()

    def task_id_of(self, item_id: str) -> int | None:
        from app.wbs import WbsService

        row = self.current().items.get(item_id) if self.current() else None
        if row is None or row.answer.task_uid is None:
            return None
        tree = WbsService(self.state.workspace.db).tree(self.state.project_id)
        return next((t.id for t in tree.tasks.values() if t.uid == row.answer.task_uid), None)

    def open_current_task(self) -> None:
        """Jump to the linked task on the WBS page."""
        item_id = self.current_item_id()
        task_id = self.task_id_of(item_id) if item_id else None
        window: Any = self.window()  # the main window, duck-typed: a page does not import it
        if task_id is None or not hasattr(window, "show_page"):
            return
        window.show_page("wbs")
        window.page("wbs").select_task(task_id)

    # --- the report -------------------------------------------------------------------------------

    def export(self, suffix: str) -> None:
        from app import features

        project = self.state.project
        if project is None:
            return
        filters = {".md": self.tr("Markdown (*.md)"), ".html": self.tr("HTML (*.html)"), ".pdf": self.tr("PDF (*.pdf)"),
                   ".xlsx": self.tr("Excel workbooks (*.xlsx)")}  # fmt: skip
        suggested = str(Path.home() / features.EXPORTS["review"].file_name(project.name, self.state.ui_lang, suffix))
        path = messages.save_file(self, self.tr("Export the review report"), suggested, filters[suffix])
        if not path:
            return
        kind = features.EXPORTS["review"]
        try:
            out = export_target(kind, Path(path), suffix)
        except UserError as error:
            messages.show_error(self, error)
            return
        self.export_in_background(kind, out)

    def on_shown(self) -> None:
        self.table.setFocus()

    def place(self) -> object:
        return (self.checklist_id, self.current_item_id())

    def restore_place(self, place: object) -> None:
        if isinstance(place, tuple) and len(place) == 2:
            self.checklist_id = str(place[0] or "")
            self._pending_item = place[1] if isinstance(place[1], str) else None

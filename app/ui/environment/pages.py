"""The two environment pages over :class:`EnvironmentPage`: the Experiment environment (seed phase 2:
rules wiki, experiment sheet and scaffold choices) and Data platform & CI (seed phases 3-4: where
data and models live, and what CI does on every push, with the storage and dataset tables).

A table cell's draft is kept on disk as the form's are (app/ui/environment/choices_form.py): after a
crash the next window puts it back in its cell, or says it under the form when no cell can show it.
A cell's typing refused just now (a text too long) is held by the window's undo stack as a field's is
(app/ui/window/held_drafts.py): Edit ▸ Undo right after it takes back that typing (the draft dropped, the
cell as stored), never the step before it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QPersistentModelIndex, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHeaderView,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import ConflictError, DatabaseBusy, UserError
from app.environment.service import (
    DATA_SOURCES_ITEM,
    DocumentChange,
    EnvironmentChoices,
    EnvironmentService,
    dataset_cell,
    dataset_refusal,
    form_of,
    kind_label,
    location_cell,
)
from app.hearing import AnswerService
from app.ui.environment.choices_form import BUSY_PAUSE_S
from app.ui.environment.page import EnvironmentPage
from app.ui.environment.tables import CellDelegate, DatasetsModel, LocationsModel
from app.ui.environment.undo import edit_document
from app.ui.error_text import shown_text
from app.ui.hearing.drafts import drafts_of, kept_not_shown
from app.ui.operations import UndoText
from app.ui.wide_table.header import bound_fitting
from app.ui.wide_table.paste import install_paste
from app.ui.wide_table.widths import OwnWidths
from app.ui.window.held_drafts import HeldDrafts


class ExperimentPage(EnvironmentPage):
    page_id = "experiment"
    phase = "2"
    form_page = "experiment"
    export_kinds = ("wiki", "experiment-sheet", "scaffold")

    @classmethod
    def title(cls) -> str:
        return QCoreApplication.translate("ExperimentPage", "Experiment environment")

    def intro(self) -> str:
        return self.tr(
            "Settle what is hard to change later before the data scientists start: repository and ticket rules, "
            "the directory layout, coding rules, the training environment and experiment tracking. The values "
            "come from the hearing until you change them; the wiki on the right follows every edit."
        )


PREVIEW_PAGES = ("data_handling", "data_source", "data_platform", "ci")
CELLS = "data_ci:"  # a cell's draft: "data_ci:<kind id or dataset key>:<column>" (a field's has no second colon)


class DataCiPage(EnvironmentPage):
    page_id = "data-ci"
    phase = "3-4"
    form_page = "data_ci"
    export_kinds = ("wiki", "scaffold")
    first_preview_page = "data_platform"

    @classmethod
    def title(cls) -> str:
        return QCoreApplication.translate("DataCiPage", "Data platform & CI")

    def intro(self) -> str:
        return self.tr(
            "Version data as well as code: decide where raw data, processed data, models and metadata live and "
            "who may access them, name each dataset, and choose the CI that runs the pipeline and records the "
            "experiment on every push. Bold cells are your own; the rest follows the hearing."
        )

    def preview_keeps(self, page_id: str) -> bool:
        return page_id.split(":", 1)[0] in PREVIEW_PAGES

    def extra_widgets(self) -> list[QWidget]:
        self.locations_model = LocationsModel(self._edit_location, self, self._paste_locations)
        self.datasets_model = DatasetsModel(self._edit_dataset, self, self._paste_datasets)
        self._taken_for = -1  # the project whose kept cell drafts were taken back last
        self._sources_seen: dict[int, int | None] = {}  # project -> the version of its data sources last shown
        for model in (self.locations_model, self.datasets_model):
            model.on_draft = self._count_draft
            model.on_rename = self._rename_draft
            model.on_gone = self._draft_gone
            model.render = lambda error: shown_text(error, self.state.workspace.library)
        self._cells_retry = QTimer(self, singleShot=True, interval=int(BUSY_PAUSE_S * 1000))  # cells a busy database kept waiting
        self._cells_retry.timeout.connect(lambda: self.state.waiting_edits.retry(self, self._save_waiting_cells, "cells"))  # in turn
        self._retrying = False  # the cells a busy database kept waiting are being entered again (no typing of now)
        # The undo stack's items "cell:data_ci:<row>:<column>", never a field's ("data_ci:<field>": the form's)
        self.held_cells = HeldDrafts(self, self.state, f"cell:{CELLS}", self._take_back_cell, text=self._cell_text)
        self.locations_view = self._table(self.locations_model, "locationsTable", self.tr("Storage locations and access rights"))
        self.datasets_view = self._table(self.datasets_model, "datasetsTable", self.tr("Datasets"))
        self._widths = {view: OwnWidths(view) for view in (self.locations_view, self.datasets_view)}
        boxes: list[QWidget] = []
        for title, view, name in (
            (self.tr("Where each kind of data lives"), self.locations_view, "locationsGroup"),
            (self.tr("Datasets (from the hearing's data sources)"), self.datasets_view, "datasetsGroup"),
        ):
            box = QGroupBox(title)
            box.setObjectName(name)
            QVBoxLayout(box).addWidget(view)
            boxes.append(box)
        return boxes

    def _table(self, model, name: str, accessible: str) -> QTableView:
        view = QTableView()
        view.setObjectName(name)
        view.setAccessibleName(accessible)
        view.setModel(model)
        view.setItemDelegate(CellDelegate(view))  # a cell's paste kept whole (a draft when too long); open editors known
        view.verticalHeader().hide()
        view.setWordWrap(False)
        view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        view.horizontalHeader().setStretchLastSection(True)
        bound_fitting(view.horizontalHeader())  # a dataset for each of the hearing's data sources: a thousand or more
        view.setMinimumWidth(200)  # wide paths scroll inside the table, not the whole form
        install_paste(view)  # Ctrl+V: cells copied from the customer's spreadsheet, one step; Ctrl+C: the cells selected
        view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        return view

    @staticmethod
    def _fit_height(view: QTableView) -> None:
        rows = sum(view.rowHeight(r) for r in range(view.model().rowCount()))
        bar = view.horizontalScrollBar().sizeHint().height()
        view.setFixedHeight(view.horizontalHeader().height() + rows + bar + 2 * view.frameWidth() + 2)

    def reader(self, project_id: int) -> Callable[[], tuple[EnvironmentChoices, Any]]:  # overrides EnvironmentPage.reader
        """The choices, and the data sources renamed or removed since the rows shown (with the version now)."""
        read, seen, ws = super().reader(project_id), self._sources_seen.get(project_id), self.state.workspace
        return lambda: (read()[0], AnswerService(ws.db, ws.library).renames_since(project_id, DATA_SOURCES_ITEM, seen))

    def show_extra(self, choices: EnvironmentChoices, extra: Any) -> None:
        lang, project_id = self.state.content_lang, self.state.project_id
        self.locations_model.set_locations(choices.locations, lang, project_id)
        renames = self._sources_renamed(project_id, extra)
        self.datasets_model.set_datasets(choices.datasets, lang, project_id, renames)
        if project_id != self._taken_for:
            self._taken_for = project_id
            self._take_back(project_id)
        if not self._cells_retry.isActive() and self._waiting_cells(project_id):
            self._cells_retry.start()  # (the project shown again: its cells kept waiting)
        for view in (self.locations_view, self.datasets_view):
            self._widths[view].fit()  # a column the user widened keeps its width
            self._fit_height(view)

    def _sources_renamed(self, project_id: int, read: tuple[dict[str, str | None] | None, int]) -> dict[str, str | None] | None:
        """The data sources renamed or removed since the rows shown (None: not known; ``read`` by :meth:`reader`): an
        open cell, the current cell and a red draft follow their source's rename, never a new row in a removed one's place."""
        renames, version = read
        self._sources_seen[project_id] = version
        return renames

    def _renamed_since(self, project_id: int, row: str, base: object) -> str | None:
        """A kept draft's data source under its name now (renamed since the draft was kept; None: removed)."""
        if isinstance(base, dict) and base.get("gone"):
            return None
        version = base.get("sources") if isinstance(base, dict) else None
        if not isinstance(version, int) or isinstance(version, bool):
            return row
        renames, _now = self.state.answers.renames_since(project_id, DATA_SOURCES_ITEM, version)
        return (renames or {}).get(row, row)

    def _edit_location(self, kind_id: str, column: str, text: str, own: str | None) -> UserError | None:
        project_id = self.state.project_id
        return self._edit(lambda s: s.set_location(project_id, kind_id, column, text, expected=own), lambda: self.tr("Change a storage location"),
                          lambda: self.locations_model.bases.pop((project_id, kind_id, column), None))  # fmt: skip

    def _edit_dataset(self, key: str, column: str, text: str, own: str | None) -> UserError | None:
        project_id = self.state.project_id
        return self._edit(lambda s: s.set_dataset(project_id, key, column, text, expected=own), lambda: self.tr("Change a dataset"),
                          lambda: self.datasets_model.bases.pop((project_id, key, column), None))  # fmt: skip

    def _paste_locations(self, cells: list[tuple[str, str, str, str | None]]) -> UserError | None:
        project_id = self.state.project_id
        return self._paste(lambda s, kind_id, column, text, own: s.set_location(project_id, kind_id, column, text, expected=own),
                           cells, lambda: self.tr("Paste into the storage locations"))  # fmt: skip

    def _paste_datasets(self, cells: list[tuple[str, str, str, str | None]]) -> UserError | None:
        project_id = self.state.project_id
        return self._paste(lambda s, key, column, text, own: s.set_dataset(project_id, key, column, text, expected=own),
                           cells, lambda: self.tr("Paste into the datasets"))  # fmt: skip

    def _paste(self, write, cells: list[tuple[str, str, str, str | None]], undo_text: UndoText) -> UserError | None:
        """Pasted cells, each through its cell's own operation, as one step (one transaction, one undo):
        a cell refused, none is stored and its error is returned (the paste says it)."""

        def apply(service: EnvironmentService) -> DocumentChange:
            changes = [write(service, *cell) for cell in cells]
            return DocumentChange(changes[0].project_id, changes[0].kind, changes[0].before, changes[-1].after)

        try:
            edit_document(self.state, apply, undo_text, owner=(self, "cells"))
        except UserError as exc:
            return exc
        self.show_problem("")
        return None

    def _count_draft(self, key: tuple[int, str, str], why: UserError | None, text: str, own: str | None) -> None:
        """A cell's draft kept with the window's others (counted in the status bar; on disk, with the
        user's own text it is based on, back after a crash)."""
        project_id, row, column = key
        if why is None:
            drafts_of(self.state).discard(project_id, f"{CELLS}{row}:{column}")
            self.held_cells.release(project_id, f"{row}:{column}")
        else:
            pasted = self._model_of(column).pasted.get(key, key)  # (a paste kept waiting: held by its first cell)
            if not isinstance(why, ConflictError) and not self._retrying and pasted == key:  # typing refused just now: Undo takes it back
                self.held_cells.hold(f"{row}:{column}")
            base = {"own": own, "sources": self._sources_seen.get(project_id)}
            busy = isinstance(why, DatabaseBusy)  # saved by itself once the database is free
            drafts_of(self.state).put(project_id, f"{CELLS}{row}:{column}", {"text": text}, why, busy=busy, base=base)  # said again after a language switch
            if busy:  # saved in turn with the window's edits kept waiting
                self.state.waiting_edits.wait(self, self._save_waiting_cells, self._cells_retry, "cells")

    def _waiting_cells(self, project_id: int) -> bool:
        drafts = drafts_of(self.state)
        return any((kept := drafts.get(project_id, f"{CELLS}{key[1]}:{key[2]}")) is not None and kept.busy
                   for model in (self.locations_model, self.datasets_model) for key in model.drafts if key[0] == project_id)  # fmt: skip

    def _save_waiting_cells(self) -> None:
        """Enter again the cells of the open project a busy database kept waiting (each as its own step,
        based on what the cell showed when the typing began); still busy, tried again after a pause. A
        cell with its editor open is left to it."""
        if self.state.project is None:
            return
        self._retrying = True  # (a refusal now is no typing of now: not held for Undo)
        try:
            self._enter_waiting_cells(self.state.project_id)
        finally:
            self._retrying = False

    def _enter_waiting_cells(self, project_id: int) -> None:
        drafts = drafts_of(self.state)
        for model in (self.locations_model, self.datasets_model):
            rows = [model._key(n) for n in range(model.rowCount())]
            for key, (text, _why) in list(model.drafts.items()):
                kept = drafts.get(project_id, f"{CELLS}{key[1]}:{key[2]}")
                if key[0] != project_id or kept is None or not kept.busy or key[1] not in rows:
                    continue
                index = model.index(rows.index(key[1]), model.columns.index(key[2]))
                if QPersistentModelIndex(index) in model.editing:
                    continue  # being typed: entered by its editor
                if key in model.pasted:  # a paste's cells: saved together, as the one step it is
                    error = model.save_pasted(model.pasted[key])
                    if isinstance(error, DatabaseBusy):
                        return
                    if error is not None:  # (refused now: its cells stay, marked, and it is said as typing's is)
                        self.show_problem(shown_text(error, self.state.workspace.library))
                elif not model.setData(index, text) and isinstance(model.last_error, DatabaseBusy):
                    return  # still busy: _count_draft started the retry again

    def _cell_text(self, item: str) -> str:
        """The undo text of a cell's change (its refused typing named by Edit ▸ Undo as Undo takes it back)."""
        location = item.rpartition(":")[2] in self.locations_model.editable
        return self.tr("Change a storage location") if location else self.tr("Change a dataset")

    def _take_back_cell(self, item: str) -> None:
        """Undo right after a cell's refused typing: its draft dropped (on disk too), the cell as stored."""
        row, _, column = item.rpartition(":")
        model, first = self._model_of(column), (self.state.project_id, row, column)
        for key in [k for k, head in model.pasted.items() if head == first] or [first]:  # a paste kept waiting: all of it
            model.drop_draft(key[1], key[2])
            drafts_of(self.state).discard(key[0], f"{CELLS}{key[1]}:{key[2]}")
        self.show_problem("")

    def _model_of(self, column: str) -> LocationsModel | DatasetsModel:
        return self.locations_model if column in self.locations_model.editable else self.datasets_model

    def _rename_draft(self, old: tuple[int, str, str], new: tuple[int, str, str]) -> str | None:
        """A cell's draft kept on disk follows its row to the key it has now (its source renamed); a
        refusal naming the source is said again under its new name (the message shown, returned)."""
        drafts = drafts_of(self.state)
        draft = drafts.get(old[0], f"{CELLS}{old[1]}:{old[2]}")
        if draft is None:
            return None
        text = draft.fields.get("text")
        why = (dataset_refusal(new[1], new[2], text) if isinstance(text, str) else None) or draft.why
        base = dict(draft.base, sources=self._sources_seen.get(new[0])) if isinstance(draft.base, dict) else draft.base
        drafts.put(new[0], f"{CELLS}{new[1]}:{new[2]}", draft.fields, why, busy=draft.busy, base=base)  # based now on the version its new name is read in
        drafts.discard(old[0], f"{CELLS}{old[1]}:{old[2]}")
        return shown_text(why, self.state.workspace.library) if isinstance(why, BaseException) else why

    def _draft_gone(self, key: tuple[int, str, str], text: str) -> None:
        """A cell's draft whose data source was removed since: said under the form, kept on disk (marked
        gone: never put back into a new source of that name)."""
        project_id, row, column = key
        drafts = drafts_of(self.state)
        draft = drafts.get(project_id, f"{CELLS}{row}:{column}")
        if draft is not None:
            base = dict(draft.base, gone=True) if isinstance(draft.base, dict) else {"gone": True}
            drafts.put(project_id, f"{CELLS}{row}:{column}", draft.fields, draft.why, base=base)
        said = shown_text(kept_not_shown(dataset_cell(row, column), text), self.state.workspace.library)
        self.show_problem("\n".join(filter(None, [self.problem_label.text(), said])))

    def _take_back(self, project_id: int) -> None:
        """The cell drafts a window gone kept for the project, back in their cells (marked); those no
        cell can show as they are (a row gone, a value that is no text), said under the form."""
        unshown = []
        for key, draft in drafts_of(self.state).kept(project_id, CELLS):
            row, _, column = key[len(CELLS):].rpartition(":")
            model = self.locations_model if column in self.locations_model.editable else self.datasets_model
            if not row or (project_id, row, column) in model.drafts or not draft.fields:
                continue  # a field's draft (the form's), or one this window holds
            text = draft.fields.get("text")
            moved = self._renamed_since(project_id, row, draft.base) if model is self.datasets_model else row
            if moved is not None and moved != row:  # its source renamed since (this window or another): the draft follows it
                self._rename_draft((project_id, row, column), (project_id, moved, column))
                row = moved
            if moved is not None and set(draft.fields) == {"text"} and model.take_back(row, column, text, draft.error, draft.base):
                if draft.busy:  # kept waiting by a busy database: saved by itself once it is free
                    self._cells_retry.start()
                continue
            where = location_cell(kind_label(form_of(self.state.workspace), row), column) if model is self.locations_model else dataset_cell(row, column)
            unshown.append(shown_text(kept_not_shown(where, text if set(draft.fields) == {"text"} else draft.fields), self.state.workspace.library))
        if unshown:
            self.show_problem("\n".join(filter(None, [self.problem_label.text(), *unshown])))

    def _edit(self, apply, undo_text: UndoText, clashed) -> UserError | None:
        try:
            edit_document(self.state, apply, undo_text, owner=(self, "cells"))
        except UserError as exc:
            if isinstance(exc, ConflictError):
                clashed()  # said: the next change is based on what this window shows
            self.show_problem(shown_text(exc, self.state.workspace.library))
            return exc
        self.show_problem("")
        return None

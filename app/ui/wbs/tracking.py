"""The WBS page's baseline and progress dialogs: save, choose and delete baselines with the earned
value at a status date, and a task's percent complete and actual effort. Each change is one
operation (one undo step); the figures come from :mod:`app.wbs.tracking`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.core.errors import ConflictError, NotFoundError, UserError
from app.core.operations import Part
from app.ui import messages
from app.ui.operations import UndoText, run_op, run_op_in_background
from app.ui.page import whole_text
from app.ui.tasks import LatestRun
from app.ui.translations import date_display_format, follow, plan_date_range
from app.ui.widgets.busy_dialog import BusyDialog
from app.ui.widgets.date_box import DateBox, today_qdate
from app.ui.widgets.number_box import NumberBox
from app.ui.window.geometry import fit_dialog
from app.ui.window.keys import forget_own_steps, window_steps
from app.wbs.model import task_name
from app.wbs.service import WbsService
from app.wbs.tracking import baselines as store
from app.wbs.tracking.earned_value import effort_text, ratio_text
from app.wbs.tracking.report import Report, phase_rows, report

if TYPE_CHECKING:
    from app.core.operations import Change, Operation
    from app.ui.state import AppState
    from app.wbs.catalog import Catalog


class BaselineDialog(BusyDialog):
    """Baselines of the project: save the schedule under a name, pick the one the Gantt shows, delete one.

    Signals:
        chosen(str): the baseline the Gantt should draw ("" for none).
    """

    chosen = Signal(str)

    def __init__(self, state: AppState, shown: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("wbsBaselineDialog")
        self.state = state
        self.project_id = state.project_id  # the project opened for (the window closes one deleted elsewhere)
        self.shown: dict[str, store.Baseline] = {}  # the baselines the list shows, as it read them
        self.list = QListWidget()
        self.list.setObjectName("wbsBaselineList")
        self.name = whole_text(QLineEdit())  # a long paste whole: too long is the baseline's to say, the name stays
        self.name.setObjectName("wbsBaselineName")
        self.save_button = QPushButton()
        self.save_button.setObjectName("wbsBaselineSave")
        self.delete_button = QPushButton()
        self.delete_button.setObjectName("wbsBaselineDelete")
        self.date = DateBox(today_qdate())
        self.date.setObjectName("wbsStatusDate")
        self.date.setCalendarPopup(True)
        plan_date_range(self.date)  # the dates a plan holds, as every typed date
        self.table = QTableWidget(0, 6)
        self.table.setObjectName("wbsEarnedValue")
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.note = QLabel()
        self.note.setObjectName("wbsEarnedValueNote")
        self.note.setWordWrap(True)
        self.busy = False  # a save or a delete is being stored on a worker: the buttons and closing wait
        self._stale = False  # a change came meanwhile: the list is read again once it is done
        self.busy_text = QLabel()  # what is being stored (said while it runs)
        self._doing: Callable[[], str] | None = None  # (said again in the language a switch chooses)
        self.busy_text.setObjectName("wbsBaselineBusy")
        self.busy_text.hide()
        self.figures = LatestRun(self)  # the earned value of the baseline shown
        save_row = QHBoxLayout()
        save_row.addWidget(self.name, 1)
        save_row.addWidget(self.save_button)
        date_row = QHBoxLayout()
        self.date_label = QLabel()
        self.date_label.setObjectName("wbsStatusDateLabel")
        date_row.addWidget(self.date_label)
        date_row.addWidget(self.date)
        date_row.addStretch(1)
        date_row.addWidget(self.delete_button)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Close)
        layout = QVBoxLayout(self)
        layout.addLayout(save_row)
        layout.addWidget(self.busy_text)
        layout.addWidget(self.list)
        layout.addLayout(date_row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)
        layout.addWidget(buttons)
        self.save_button.clicked.connect(self.save)
        self.save_button.setDefault(True)  # Enter saves, once (never Delete, whichever button Qt would pick)
        self.delete_button.clicked.connect(self.delete)
        self.list.currentTextChanged.connect(self._picked)
        self.date.dateChanged.connect(self.show_figures)
        self.date.refusedChanged.connect(self.show_figures)  # no figures at a day nobody typed: the box says why
        fit_dialog(self, 620, 460)
        self._set_texts()
        self.fill(shown)
        state.changed.connect(self._changed)
        # Ctrl+Z, Ctrl+Y: the window's Undo, Redo (out of reach while this is open; they wait for a save running)
        self.step = window_steps(self, lambda: not self.busy)

    def _set_texts(self) -> None:
        """The dialog's texts in the window's language (made, and again when the window's language is switched)."""
        self.setWindowTitle(self.tr("Baselines and earned value"))
        self.list.setAccessibleName(self.tr("Saved baselines"))
        self.name.setAccessibleName(self.tr("Baseline name"))
        self.name.setPlaceholderText(self.tr("Name, e.g. Agreed at kickoff"))
        self.save_button.setText(self.tr("Save the schedule as a baseline"))
        self.delete_button.setText(self.tr("Delete baseline"))
        self.date.setAccessibleName(self.tr("Status date"))
        self.date.setDisplayFormat(date_display_format(self.state.ui_lang))
        self.date_label.setText(self.tr("Status date:"))
        self.table.setHorizontalHeaderLabels([self.tr("Phase"), "PV", "EV", "AC", "SPI", "CPI"])
        self.table.setAccessibleName(self.tr("Earned value"))
        self.note.setText(self.tr("PV: baseline effort scheduled by the status date. EV: baseline effort × percent complete. "
                                  "AC: actual effort (person-days)."))  # fmt: skip
        self.busy_text.setText(self._doing() if self._doing is not None else "")

    def retranslate(self, page: Any) -> None:
        """The window's language was switched while the dialog is open (MainWindow.set_ui_lang): it now belongs to
        ``page``, the WBS page built in the new language (its Gantt draws the baseline chosen here); its texts and
        figures said in that language, what is typed and chosen stays."""
        self.setParent(page, self.windowFlags())  # (a window-modal dialog over the page, as opened)
        self.show()
        self.chosen.connect(page.show_baseline)
        follow(self.state.changed, self._changed)  # (the pages replaced took the window's connections with them)
        self._set_texts()
        self.date.say_again()
        self._picked(self.selected())  # the Gantt draws it, the figures in the new language

    def _changed(self, change: Change) -> None:
        """A baseline saved, replaced or deleted in another window (a change seen elsewhere), an undo or a
        redo: the list shows what is saved now (what Save then asks about). A change of the plan (a task
        marked done, its undo): the figures worked out again."""
        if change.project_id != self.project_id or self.state.is_deleted(self.project_id):
            return
        if change.external or store.KIND in change.kinds:
            if self.busy:  # (our own save's among them: the list is read once, when it is done)
                self._stale = True
                return
            self.fill(self.selected())
        elif Part.WBS in change.parts and not self.busy:
            self.show_figures()

    def fill(self, current: str = "") -> None:
        saved = store.tracking(self.state.workspace, self.project_id).baselines
        self.shown = {b.name: b for b in saved}
        names = [b.name for b in saved]
        self.list.blockSignals(True)
        self.list.clear()
        for name in reversed(names):  # the latest first
            QListWidgetItem(name, self.list)
        matches = self.list.findItems(current, Qt.MatchFlag.MatchExactly) if current else []
        if matches:
            self.list.setCurrentItem(matches[0])
        elif self.list.count():
            self.list.setCurrentRow(0)
        self.list.blockSignals(False)
        self.delete_button.setEnabled(bool(names) and not self.busy)
        self._picked(self.selected())

    def selected(self) -> str:
        item = self.list.currentItem()
        return item.text() if item is not None else ""

    def _picked(self, name: str) -> None:
        self.chosen.emit(name)
        self.show_figures()

    def status_date(self) -> dt.date:
        """The status date as the box shows it (:class:`UserError` when it cannot take it as a date: the box says why)."""
        return self.date.taken_date()

    def show_figures(self) -> None:
        """The earned value against the baseline shown at the status date, worked out on a worker (a
        tenth of a second or more on 10,000 tasks); the table is empty until they come."""
        name = self.selected()
        self.table.setRowCount(0)
        try:
            day = self.status_date()
        except UserError:  # a status date the box cannot take (shown red, why in its tooltip): no figures at another day
            name = ""
        if not name:
            self.figures.drop()
            return
        ws, pid, lang = self.state.workspace, self.project_id, self.state.ui_lang
        self.figures.request(lambda: report(ws, pid, lang, name, day), self._show_report, self._report_refused)

    def _report_refused(self, exc: BaseException) -> None:
        """Said, unless the baseline or the project went meanwhile (in another window: the list follows
        that change, or the dialog closes saying so); a bug is reported by the worker."""
        if isinstance(exc, UserError) and not isinstance(exc, NotFoundError):
            messages.show_error(self, self.state.named_error(exc))

    def _show_report(self, rep: Report) -> None:
        rows = [*phase_rows(rep.figures, _catalog(self.state), self.state.ui_lang), (self.tr("Whole project"), rep.figures.total)]
        self.table.setRowCount(len(rows))
        for row, (label, f) in enumerate(rows):
            cells = [label, effort_text(f.pv), effort_text(f.ev), effort_text(f.ac), ratio_text(f.spi), ratio_text(f.cpi)]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, col, item)
        self.table.resizeColumnsToContents()

    def save(self) -> None:
        """Save the schedule under the name typed, on a worker (10,000 tasks take a second): the buttons and
        closing wait meanwhile. A baseline of that name the list shows is replaced only when the user says
        so; one the list does not show (saved in another window since) is said and shown, and never
        replaced unasked: the name typed stays, and Save again asks. The project deleted in another window
        meanwhile: said by its name, and the dialog closes."""
        if self.busy:
            return
        name = self.name.text()
        try:
            op = store.save_baseline_op(self.project_id, name, replace=False)
        except UserError as exc:  # an empty or too long name: said, the name stays
            self._refused(exc)
            return
        self._run(op, lambda: self.tr("Saving the baseline…"), lambda change: self._saved(name, change), lambda exc: self._save_refused(name, exc),
                  lambda: self.tr("Save baseline"))

    def _save_refused(self, name: str, exc: BaseException) -> None:
        if not isinstance(exc, store.BaselineExists):
            self._idle()
            self._refused(exc)
            return
        there = exc.baseline
        asked = self.shown.get(there.name) == there  # the one the list shows (as Save was pressed)
        self._idle()
        if not asked:  # saved in another window since: said and shown, never replaced unasked
            messages.show_error(self, exc)
            self.fill(self.selected())
            return
        question = self.tr("A baseline called “{0}” was saved {1}. Replace it with the schedule as it is now?")
        if not messages.confirm(self, self.tr("Replace baseline"), question.format(there.name, store.saved_at(there.saved, self.state.ui_lang))):
            return
        op = store.save_baseline_op(self.project_id, name, replacing=there)  # only the one asked about (another window may replace it meanwhile)

        def replace_refused(exc: BaseException) -> None:
            self._idle()
            if isinstance(exc, store.BaselineExists):  # replaced or saved again elsewhere meanwhile
                messages.show_error(self, exc)
                self.fill(self.selected())
                return
            self._refused(exc)

        self._run(op, lambda: self.tr("Saving the baseline…"), lambda change: self._saved(name, change), replace_refused, lambda: self.tr("Save baseline"))

    def _saved(self, name: str, change: Change) -> None:
        self._idle(refill=False)
        if self.name.text() == name:  # (never what was typed after)
            self.name.clear()
            forget_own_steps(self.name)  # saved: Ctrl+Z there is the window's Undo, not the name back
        self.fill(str(change.detail))

    def delete(self) -> None:
        """Delete the baseline the list shows (on a worker, as a save), only while it is the one shown:
        replaced or deleted in another window since, it is said and the list shows what is saved now (the
        project deleted: said by its name, and the dialog closes)."""
        name = self.selected()
        if not name or self.busy:
            return
        op = store.delete_baseline_op(self.project_id, name, shown=self.shown.get(name))

        def refused(exc: BaseException) -> None:
            self._idle(refill=False)
            if not self._refused(exc):
                self.fill(name)

        self._run(op, lambda: self.tr("Deleting the baseline…"), lambda _change: self._deleted(), refused, lambda: self.tr("Delete baseline"))

    def _deleted(self) -> None:
        self._idle(refill=False)
        self.fill()

    # --- the work on a worker ------------------------------------------------------------------

    def _run(self, op: Operation, doing: Callable[[], str], done: Any, failed: Any, text: UndoText) -> None:
        """Store ``op`` on a worker (one undo step ``text``, its change published; Undo and Redo wait),
        ``doing`` said meanwhile; ``done(change)`` or ``failed(error)`` back here, unless the dialog is gone."""
        self._set_busy(doing)
        pid = self.project_id
        run_op_in_background(self.state, op, text, lambda change: self._back(done, change), lambda exc: self._back(failed, exc),
                             warm=lambda ws: store.tracking(ws, pid))  # the list's and the Gantt's read after it: parsed there

    def _back(self, callback: Any, value: Any) -> None:
        if isValid(self):  # (its window closed meanwhile)
            callback(value)

    def _set_busy(self, doing: Callable[[], str] | None) -> None:
        self.busy, self._doing = doing is not None, doing
        self.busy_text.setText(doing() if doing is not None else "")
        self.busy_text.setVisible(self.busy)
        self.save_button.setEnabled(not self.busy)
        self.delete_button.setEnabled(not self.busy and bool(self.shown))
        self.close_button.setEnabled(not self.busy)

    def _idle(self, *, refill: bool = True) -> None:
        """The work is done: the buttons back; the list read again when a change came meanwhile (``refill``)."""
        stale, self._stale = self._stale, False
        self._set_busy(None)
        if stale and refill and not self.state.is_deleted(self.project_id):
            self.fill(self.selected())

    def _refused(self, exc: BaseException) -> bool:
        """Say a refusal (a bug: reported already); True when the project was deleted elsewhere (the dialog closes)."""
        if not isinstance(exc, UserError):
            return False
        messages.show_error(self, exc)
        return self.state.close_if_deleted(self, self.project_id, exc)



def _catalog(state: AppState) -> Catalog:
    from app.wbs.catalog import catalog

    return catalog(state.workspace.library)


class ProgressDialog(QDialog):
    """One work task's percent complete and actual effort; OK writes them as one operation.

    ``stored``: the task's progress as stored when the dialog opened (``current`` is what it shows:
    100 % for a done task with none typed). Progress another window saved meanwhile is never
    overwritten silently: OK says so with their figures and keeps what was typed here; a second OK
    saves it over theirs.
    """

    def __init__(
        self, state: AppState, task_id: int, title: str, current: store.Progress, parent: QWidget | None = None,
        stored: store.Progress | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.setObjectName("wbsProgressDialog")
        self.setWindowTitle(self.tr("Progress"))
        self.state = state
        self.project_id = state.project_id  # the project opened for (the window closes one deleted elsewhere)
        self.task_id = task_id
        self.title = title
        self.base = stored
        # A number typed past what fits is refused by the core on OK, said, and stays in its box.
        self.percent = NumberBox()
        self.percent.setObjectName("wbsProgressPercent")
        self.percent.set_limits(0, 100, below=True)  # -5 is typed as -5, and refused by the core
        self.percent.setDecimals(0)
        self.percent.setSuffix(" %")
        self.percent.setValue(current.percent if current.percent is not None else 0.0)
        self.actual = NumberBox()
        self.actual.setObjectName("wbsProgressActual")
        self.actual.set_limits(0, 10000, below=True)
        self.actual.show_as_typed()  # an hour, 0.125, as typed (not 0.12); 2 as 2, not 2.000
        self.actual.setSingleStep(0.25)
        self.actual.set_kept(current.actual)  # OK without a change keeps every decimal stored
        form = QFormLayout()
        form.addRow(QLabel(title))
        form.addRow(self.tr("Percent complete:"), self.percent)
        form.addRow(self.tr("Actual effort (person-days):"), self.actual)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setObjectName("wbsProgressOk")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def accept(self) -> None:  # overrides QDialog.accept
        for box, label in ((self.percent, self.tr("Percent complete")), (self.actual, self.tr("Actual effort (person-days)"))):
            typed = box.half_typed()
            if typed:  # never the value shown before it saved in its place: said, and it stays in the box
                messages.show_error(self, self.tr("{0} of {1}: “{2}” is not a number. Nothing was saved; what you typed is still in the box.")
                                    .format(label, self.title, typed))
                box.setFocus()
                return
        op = store.set_progress_op(self.project_id, self.task_id, self.percent.value(), self.actual.kept_value() or 0.0, base=self.base)
        try:
            run_op(self.state, op, lambda: self.tr("Edit progress"), action=True)
        except ConflictError:
            self._changed_elsewhere()
            return
        except UserError as exc:
            if isinstance(exc, NotFoundError) and exc.key == "wbs.task_gone":  # named as the dialog showed it: the core no longer knows it
                messages.show_error(self, self.tr(
                    "{0} was deleted in another window or by an import, so its progress was not saved. What you typed: "
                    "{1} % complete, {2} person-days spent."
                ).format(self.title, self.percent.cleanText(), self.actual.cleanText()))
                return
            messages.show_error(self, exc)  # the dialog stays open with what was typed
            self.state.close_if_deleted(self, self.project_id, exc)  # (but not for a project deleted elsewhere)
            return
        super().accept()

    def _changed_elsewhere(self) -> None:
        """Another window saved this task's progress after the dialog opened: say what it is now; what
        was typed stays in the dialog, and OK again saves it over theirs (the figures just shown)."""
        try:
            saved = store.tracking(self.state.workspace, self.project_id)
            tree = WbsService(self.state.workspace.db).tree(self.project_id)
        except UserError as exc:
            messages.show_error(self, exc)
            return
        task = tree.tasks.get(self.task_id)
        self.base = saved.progress.get(task.uid, store.Progress()) if task is not None else None
        theirs = self.base or store.Progress()
        percent = theirs.complete(task.status if task is not None else "")
        messages.show_error(self, self.tr(
            "The progress of {0} was changed in another window after this dialog opened: it is now {1} % complete, "
            "{2} person-days spent. Nothing was overwritten, and what you entered is still here: OK saves it over "
            "theirs, Cancel keeps theirs."
        ).format(self.title, f"{percent:g}", f"{theirs.actual:g}"))


# --- the page's hooks ------------------------------------------------------------------------------


class TrackingHooks:
    """What the WBS page does for baselines and progress (a part of :class:`~app.ui.wbs.page.WbsPage`)."""

    state: AppState
    shown_baseline: str = ""  # the baseline the Gantt draws; "" for the latest saved

    def show_baseline(self, name: str | None = None) -> None:
        """Draw ``name`` (else the one chosen before, else the latest saved) in the Gantt."""
        if name is not None:
            self.shown_baseline = name
        try:
            saved = store.tracking(self.state.workspace, self.state.project_id).baselines if self.state.project_id >= 0 else ()
        except UserError:  # the database cannot be read now (its server away): drawn as it was; the next change draws it again
            return
        self.draw_baseline(saved)

    def draw_baseline(self, saved: tuple[store.Baseline, ...]) -> None:
        """Of the baselines saved (as read), the one chosen (else the latest) drawn in the Gantt."""
        gantt = self.gantt  # type: ignore[attr-defined]
        by_name = {b.name: b for b in saved}
        gantt.baseline = by_name.get(self.shown_baseline) or (saved[-1] if saved else None)
        gantt.canvas.update()

    def open_baselines(self) -> None:
        if self.state.project_id < 0:
            return
        current = self.gantt.baseline  # type: ignore[attr-defined]
        dialog = BaselineDialog(self.state, current.name if current is not None else "", self)  # type: ignore[arg-type]
        dialog.chosen.connect(self.show_baseline)
        dialog.finished.connect(dialog.deleteLater)  # opened for each use: gone when closed (it follows every change)
        dialog.open()

    def edit_progress(self) -> None:
        task_id = self.current_id()  # type: ignore[attr-defined]
        if task_id is None:
            return
        tree = self.model.tree  # type: ignore[attr-defined]
        task = tree.tasks[task_id]
        stored = store.tracking(self.state.workspace, self.state.project_id).progress.get(task.uid, store.Progress())
        current = store.Progress(stored.complete(task.status), stored.actual)  # none typed: 100 % when done
        title = task_name(tree.codes.get(task_id, ""), task.title)
        dialog = ProgressDialog(self.state, task_id, title, current, self, stored)  # type: ignore[arg-type]
        dialog.finished.connect(dialog.deleteLater)  # opened for each use: gone when closed
        dialog.open()

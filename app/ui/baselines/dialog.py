"""File ▸ Baselines…: list the open project's agreement baselines, make one, record a sign-off, diff two.

Every change goes through an operation (one undo step each); the diff is read-only and is exported
in the project's document language, as the CLI's ``baseline diff`` writes it. Making a baseline,
a sign-off, a diff and its export run on a worker (a 5,000-task WBS takes a while to freeze or
compare): the dialog's buttons wait meanwhile, and it does not close before the result is back.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import UserError, ValidationFailed
from app.core.files.safe_names import export_file_name
from app.core.operations import Part
from app.core.project import signer
from app.projects import baselines as bl
from app.ui import messages
from app.ui.baselines.diff_model import DiffModel
from app.ui.baselines.recorded import signed_already
from app.ui.operations import run_op_in_background
from app.ui.page import whole_text
from app.ui.state import AppState
from app.ui.tasks import run_in_background
from app.ui.translations import date_display_format, follow, plan_date_range
from app.ui.wide_table.header import bound_fitting
from app.ui.widgets.busy_dialog import BusyDialog
from app.ui.widgets.date_box import DateBox, today_qdate
from app.ui.widgets.dialog_drafts import DIALOG_TITLES, DialogDraft
from app.ui.widgets.dialog_keys import enter_presses
from app.ui.window.geometry import fit_dialog, scrolling_body
from app.ui.window.keys import forget_own_steps, window_steps

NOW = ""  # the "to" choice that means the project as it is now


class BaselinesDialog(BusyDialog):
    """The open project's agreement baselines (the project must be open)."""

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.busy = False  # an operation, a diff or an export runs on a worker
        self.saved: list[Any] = []
        self._restoring = False  # the choices are being made again after a reload
        self._diff_pair: tuple[Any, Any] | None = None  # the baselines the diff shown compares
        self._now_stale = False  # the project changed while work ran: the diff shown against now is worked out again after
        self.setObjectName("baselinesDialog")
        fit_dialog(self, 960, 640)  # (a smaller screen's room: its body scrolls, the buttons stay on the screen)
        layout, outer = scrolling_body(self)

        self.table = QTableWidget(0, 4)
        self.table.setObjectName("baselinesTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table)
        self.note = QLabel()  # a chosen baseline removed meanwhile: said here, nothing else chosen in its place
        self.note.setObjectName("baselineNote")
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.hide()
        self._note_text: Callable[[], str] | None = None  # what the note says, in the window's language now
        self._gone: dict[tuple[str, str], tuple[str, bool]] = {}  # the chosen ones the note says removed (_say_gone)
        layout.addWidget(self.note)
        self.create_button = QPushButton()
        self.create_button.setObjectName("baselineCreateButton")
        self.create_button.clicked.connect(self.create_baseline)
        layout.addWidget(self.create_button, 0, Qt.AlignmentFlag.AlignLeft)

        self.sign_box = sign = QGroupBox()
        form = QFormLayout(sign)
        # A long paste is kept whole: too long for its field is the sign-off's to say, the text stays.
        self.who = whole_text(QLineEdit())
        self.who.setObjectName("signWhoEdit")
        self.role = whole_text(QLineEdit())
        self.role.setObjectName("signRoleEdit")
        self.org = whole_text(QLineEdit())
        self.org.setObjectName("signOrgEdit")
        self.date = DateBox()
        self.date.setObjectName("signDateEdit")
        self.date.setCalendarPopup(True)
        plan_date_range(self.date)  # the dates a plan holds, as every typed date
        self.date.setDate(today_qdate())
        self.comment = whole_text(QLineEdit())
        self.comment.setObjectName("signCommentEdit")
        self.sign_button = QPushButton()
        self.sign_button.setObjectName("baselineSignButton")
        self.sign_button.clicked.connect(self.sign)
        self.row_labels = [QLabel() for _field in range(5)]  # Name, Role, Organisation, Date, Comment (_set_texts)
        for label, widget in zip(self.row_labels, (self.who, self.role, self.org, self.date, self.comment), strict=True):
            form.addRow(label, widget)
            label.setBuddy(widget)  # each field spoken by its row's label (not the group's title)
        form.addRow(self.sign_button)
        enter_presses(sign, self.sign_button)  # Enter in a field records the sign-off (not 「Create baseline…」)
        layout.addWidget(sign)
        # The sign-off typed is kept on disk until it is recorded or the dialog closed: a crash loses none of it.
        self.sign_draft = DialogDraft(self, state, "signoff", {"who": self.who, "role": self.role, "org": self.org, "date": self.date,
                                                               "comment": self.comment}, DIALOG_TITLES["signoff"],
                                  base=self._typed_for,
                                  note=lambda: self.tr("The sign-off typed here before and not recorded is back: Record sign-off "
                                                       "records it, Close lets it go."))  # fmt: skip

        self.diff_box = diff = QGroupBox()
        box = QVBoxLayout(diff)
        choose = QHBoxLayout()
        self.from_combo = QComboBox()
        self.from_combo.setObjectName("diffFromCombo")
        self.to_combo = QComboBox()
        self.to_combo.setObjectName("diffToCombo")
        self.diff_button = QPushButton()
        self.diff_button.setObjectName("baselineDiffButton")
        self.diff_button.clicked.connect(lambda: self.show_diff())
        self.export_button = QPushButton()
        self.export_button.setObjectName("baselineExportButton")
        self.export_button.clicked.connect(self.export)
        for part in (self.from_combo, self.to_combo, self.diff_button, self.export_button):
            choose.addWidget(part)
        box.addLayout(choose)
        self.diff_model = DiffModel(self)
        self.diff_view = QTableView()
        self.diff_view.setObjectName("baselineDiffView")
        self.diff_view.setModel(self.diff_model)
        self.diff_view.setWordWrap(True)
        self.diff_view.horizontalHeader().setStretchLastSection(True)
        bound_fitting(self.diff_view.horizontalHeader())  # a row for each task that moved: thousands in a big plan
        box.addWidget(self.diff_view)
        enter_presses(diff, self.diff_button)
        layout.addWidget(diff, 1)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Close)
        outer.addWidget(buttons)
        self._set_texts()
        self.reload()
        self._drop_recorded()
        self._choose_typed_for()
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._chosen())
        for combo in (self.from_combo, self.to_combo):
            combo.activated.connect(lambda _index: self._chosen(side=True))
        state.changed.connect(self._changed)
        # Ctrl+Z, Ctrl+Y: the window's Undo, Redo (out of reach while this is open), not while work runs
        self.step = window_steps(self, lambda: not self.busy)

    def _set_texts(self) -> None:
        """The dialog's texts in the window's language (made, and again when the window's language is switched)."""
        self.setWindowTitle(self.tr("Agreement baselines"))
        self.table.setHorizontalHeaderLabels([self.tr("Baseline"), self.tr("Kind"), self.tr("Made"), self.tr("Signed off by")])
        self.table.setAccessibleName(self.tr("Agreement baselines"))
        self.create_button.setText(self.tr("Create baseline…"))
        self.sign_box.setTitle(self.tr("Sign-off of the selected baseline"))
        for label, text in zip(self.row_labels, (self.tr("Name"), self.tr("Role"), self.tr("Organisation"), self.tr("Date"),
                                                 self.tr("Comment")), strict=True):  # fmt: skip
            label.setText(text)
        self.date.setAccessibleName(self.tr("Date"))  # (as its row says: a refusal names it so)
        self.date.setDisplayFormat(date_display_format(self.state.ui_lang))
        self.sign_button.setText(self.tr("Record sign-off"))
        self.diff_box.setTitle(self.tr("What changed"))
        self.diff_button.setText(self.tr("Diff"))
        self.export_button.setText(self.tr("Export…"))

    def retranslate(self) -> None:
        """The window's language was switched while the dialog is open (MainWindow.set_ui_lang): its texts, rows and
        refusals said in that language (never a message naming a field as the dialog no longer shows it); what is typed
        and chosen stays."""
        follow(self.state.changed, self._changed)  # (the pages replaced took the window's connections with them)
        self._set_texts()
        if self._note_text is not None:
            self.note.setText(self._note_text())
        self.sign_draft.retranslate()
        self.date.say_again()
        # (Close: Qt's own button box says it in the new language on its own)
        self.diff_model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.diff_model.columnCount() - 1)
        self.reload()

    # --- the list -------------------------------------------------------------------------------

    def _changed(self, change: Any) -> None:
        """Another window's baseline (or an undo) shows at once; never while this dialog's own work runs.
        A diff shown against now follows every change of what it compares (worked out again on a worker)."""
        if change.project_id != self.state.project_id:
            return
        if Part.DOCUMENTS in change.parts and not self.busy:
            self.reload(elsewhere=change.external)
        compared = change.parts & {Part.ANSWERS, Part.WBS, Part.DOCUMENTS}
        only_baselines = bool(change.kinds) and change.parts == {Part.DOCUMENTS} and all(bl.is_baseline_kind(k) for k in change.kinds)
        if compared and not only_baselines and self._diff_pair is not None and self._diff_pair[1] == NOW:
            self._now_stale = True
            if not self.busy:
                self._refresh_now()

    def _refresh_now(self) -> None:
        """Work the diff shown against now out again; one whose baseline is gone is cleared (the note says so)."""
        pair, self._now_stale = self._diff_pair, False
        if pair is None or pair[1] != NOW:
            return
        if pair[0] not in {b.name for b in self.saved}:
            self.diff_model.set_diff(None)
            self._diff_pair = None
            return
        self.show_diff(pair=pair, quiet=True)

    def reload(self, select: str | None = None, *, elsewhere: bool = False) -> None:
        """The baselines as saved now; ``select`` one by name. What the user chose stays chosen by its name;
        one removed meanwhile (``elsewhere``: in another window), or removed and made again under its name (another
        id), is said and nothing is chosen in its place. One said removed that comes back itself (a Redo: the same
        id) is no longer said so, and is chosen again where the user had it, unless they chose since."""
        lang = self.state.ui_lang
        before = self.selected_name() if select is None else select  # (named from the rows shown until now)
        # none listed until now (the dialog just opened, or the first one made): the newest is chosen
        first = not self.saved and not self.note.text()
        shown = {b.name: b.id for b in self.saved}
        self.saved = bl.baselines(self.state.workspace, self.state.project_id)
        # A baseline removed and another made under its name is not the one shown: gone too, never chosen in its place
        names = {b.name for b in self.saved if shown.get(b.name, b.id) == b.id}
        back = {where: name for (where, name), (id_, _how) in self._gone.items() if (name, id_) in {(b.name, b.id) for b in self.saved}}
        gone = {k: v for k, v in self._gone.items() if back.get(k[0]) != k[1]}  # (said before, still gone)
        if before is not None and before not in names:
            gone[("table", before)] = (shown.get(before, ""), elsewhere)
        before = before if before is not None else back.get("table")
        wanted = before if before is not None else self.saved[-1].name if first and self.saved else None
        self._restoring = True
        try:
            self.table.setRowCount(len(self.saved))
            for n, b in enumerate(self.saved):
                made = bl.made_at(b.created, lang)
                signed = ", ".join(f"{signer(vars(s))} {bl.signed_on(s.date, lang)}" for s in b.signoffs)
                for col, text in enumerate((b.name, bl.kind_label(b.kind, lang), made, signed)):
                    self.table.setItem(n, col, QTableWidgetItem(text))
            self.table.clearSelection()  # (a row left selected would name the baseline now in its place)
            for n, b in enumerate(self.saved):
                if b.name == wanted and b.name in names:
                    self.table.selectRow(n)
            for combo, now, where in ((self.from_combo, False, "from"), (self.to_combo, True, "to")):
                current = combo.currentData()  # unchosen too: emptied by a removal said (the next listed is not taken for it)
                unchosen = combo.currentIndex() < 0 < combo.count() or any(w == where for w, _name in gone)
                combo.clear()
                for b in self.saved:
                    combo.addItem(b.name, b.name)
                if now:
                    combo.addItem(self.tr("Now"), NOW)
                if current and current not in names:  # the baseline compared is gone: none in its place
                    gone[(where, current)] = (shown.get(current, ""), elsewhere)
                if unchosen and where in back:  # the one it compared is back: chosen again
                    current, unchosen = back[where], False
                if unchosen or (current and current not in names):
                    combo.setCurrentIndex(-1)  # until the user chooses one
                    continue
                index = combo.findData(current) if current is not None else -1
                combo.setCurrentIndex(index if index >= 0 else combo.count() - 1 if now else 0)
        finally:
            self._restoring = False
        if self._diff_pair is not None and set(self._diff_pair) & {name for _where, name in gone}:  # (not shown as if it were)
            self.diff_model.set_diff(None)
            self._diff_pair = None
        if gone != self._gone:
            self._say_gone(gone)
        self._enable()

    def _say_gone(self, gone: dict[tuple[str, str], tuple[str, bool]]) -> None:
        """The note names the chosen baselines removed (``gone``: where chosen, name -> id, by another window); none: nothing."""
        def removed() -> str:
            said = {(self.tr("“%1” was removed in another window.") if how else self.tr("“%1” was removed (undone).")).replace("%1", name): 1
                    for (_where, name), (_id, how) in gone.items()}  # fmt: skip
            return " ".join(said) + " " + self.tr("Choose the baseline again.")

        self._say(removed if gone else None)
        self._gone = gone

    def _say(self, text: Callable[[], str] | None) -> None:
        """The note says ``text()`` (made again when the window's language is switched); None: nothing."""
        self._gone = {}  # (what it said of baselines removed is said no more)
        self._note_text = text
        self.note.setText(text() if text is not None else "")
        self.note.setVisible(text is not None)

    def _chosen(self, *, side: bool = False) -> None:
        """The user chose a baseline (a row, a diff ``side``): what was said of one removed is read."""
        if not self._restoring and (side or self.selected_name() is not None):
            self._say(None)
        self._enable()

    def _enable(self) -> None:
        has = bool(self.saved) and not self.busy
        pair = self.from_combo.currentIndex() >= 0 and self.to_combo.currentIndex() >= 0
        self.sign_button.setEnabled(has and self.selected_name() is not None)  # the one chosen, never another
        for side in (self.from_combo, self.to_combo):
            side.setEnabled(has)
        for button in (self.diff_button, self.export_button):
            button.setEnabled(has and pair)
        self.create_button.setEnabled(not self.busy)
        self.close_button.setEnabled(not self.busy)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self._enable()
        if not busy and self._now_stale:  # a change seen while the work ran
            self._refresh_now()

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, bl.BaselineGone):  # removed elsewhere meanwhile: the list as it is now, the note says which
            self.reload(elsewhere=True)
        self._set_busy(False)
        if isinstance(exc, UserError):
            messages.show_error(self, exc)
        # otherwise a bug: the one error handler has reported it already

    def _typed_for(self) -> dict[str, Any]:
        """The baseline a sign-off is typed for (the one chosen) and how many sign-offs it had, kept with its draft."""
        chosen = self.selected()
        return {"baseline": chosen.name, "id": chosen.id, "signoffs": len(chosen.signoffs)} if chosen is not None else {}

    def _drop_recorded(self) -> None:
        """A sign-off kept from before (a window gone) that its baseline holds since it was typed was recorded
        (:func:`signed_already`): the window was gone before it heard so. Its draft goes, the fields show what they
        would without it, the note says so; never one the baseline does not hold."""
        who = signed_already(self.saved, self.sign_draft.restored, self.sign_draft.restored_base)
        if who is None:
            return
        self.sign_draft.discard()
        self._say(lambda: self.tr("The sign-off of %1 typed before was recorded before its window closed: it is in the "
                                  "list, nothing to record again.").replace("%1", who))  # fmt: skip

    def _choose_typed_for(self) -> None:
        """A sign-off kept from before (a crash) is of the baseline chosen then: that one chosen again; gone (removed,
        or made again under its name), nothing is chosen and the note says which it was, never recorded on another."""
        typed_for = self.sign_draft.restored_base
        if not isinstance(typed_for, dict) or not isinstance(name := typed_for.get("baseline"), str):
            return
        row = next((n for n, b in enumerate(self.saved) if b.name == name and typed_for.get("id") in (None, b.id)), None)
        self.table.clearSelection()
        if row is not None:
            self.table.selectRow(row)
            return
        self._say(lambda: self.tr("The sign-off typed before was for “%1”, which is no longer here: choose the baseline to record "
                                  "it on.").replace("%1", name))  # fmt: skip
        self._enable()

    def selected(self) -> bl.Baseline | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.saved[rows[0].row()] if rows and 0 <= rows[0].row() < len(self.saved) else None

    def selected_name(self) -> str | None:
        chosen = self.selected()
        return chosen.name if chosen is not None else None

    def create_baseline(self, typed: str | None = None) -> None:
        """Ask for the new baseline's name (``typed``: the one the user gave and was refused, asked again
        as it was typed) and make it."""
        suggested = typed if typed is not None else bl.suggested_name(self.state.workspace, self.state.project_id, "manual", self.state.ui_lang)
        name = messages.ask_text(self, self.tr("Create baseline"), self.tr("Name of the baseline:"), suggested)
        if name is None or self.busy:
            return
        try:
            op = bl.create_op(self.state.project_id, name)
        except UserError as exc:  # empty, too long: said, and asked again with the name as typed
            messages.show_error(self, exc)
            self.create_baseline(name)
            return
        self._set_busy(True)
        run_op_in_background(self.state, op, lambda: self.tr("Create baseline"), self._created, lambda exc: self._create_failed(name, exc))

    def _create_failed(self, name: str, exc: BaseException) -> None:
        self._failed(exc)
        if isinstance(exc, ValidationFailed) and exc.key == "agreement.name_taken":  # another name, from the one typed
            self.create_baseline(name)

    def _created(self, change: Any) -> None:
        self._set_busy(False)
        self.reload(select=change.detail.name)

    def sign(self) -> None:
        chosen = self.selected()
        if chosen is None or self.busy:
            return
        name = chosen.name
        try:  # (the one shown: removed meanwhile is said so, never "the project has none")
            day = self.date.taken_date()  # as the box shows it: a date it cannot take is said, nothing signed
            op = bl.sign_op(self.state.project_id, name, self.who.text(), self.role.text(), self.org.text(), day, self.comment.text(),
                            shown=chosen.id)  # fmt: skip
        except UserError as exc:
            messages.show_error(self, exc)
            return

        def signed(_change: Any) -> None:
            self._set_busy(False)
            self.comment.clear()
            self.sign_draft.saved()  # (the name, role and organisation stay for the next signer: typing starts from them)
            forget_own_steps(self.who, self.role, self.org, self.date, self.comment)  # saved: Ctrl+Z there is the window's Undo
            self.reload(select=name)

        # On disk whole, as recorded (the fields kept for the next signer too), with the baseline it is recorded on (a
        # draft typed for one removed since: the one chosen instead): a window gone before it hears the result, the next
        # knows it from the list
        self.sign_draft.keep(every=True, base=self._typed_for())
        self._set_busy(True)
        run_op_in_background(self.state, op, lambda: self.tr("Record sign-off"), signed, self._failed)

    # --- the diff ------------------------------------------------------------------------------

    def diff_work(self, pair: tuple[Any, Any] | None = None) -> Any:
        """The work of a diff of ``pair`` (by default the chosen two; a callable for a worker), or None when
        there is none to choose. The baselines are the ones listed (removed since: :class:`bl.BaselineGone`)."""
        ws, pid, lang = self.state.workspace, self.state.project_id, self.state.export_lang
        old_name, new_name = pair or self.diff_choice()
        if old_name is None or new_name is None:  # a side not chosen (its baseline was removed meanwhile)
            return None
        from app.core.messages import Message

        now = Message(key="agreement.now").text(lang)
        ids = {b.name: b.id for b in self.saved}

        def work() -> bl.BaselineDiff:
            old = bl.find(ws, pid, old_name, ids.get(old_name))
            new = bl.find(ws, pid, new_name, ids.get(new_name)) if new_name else bl.current(ws, pid, now)
            return bl.diff(old, new, ws.library, lang)

        return work

    def show_diff(self, then: Any = None, *, pair: tuple[Any, Any] | None = None, quiet: bool = False) -> None:
        """Work the diff of ``pair`` (by default the chosen two) out on a worker and show it; then call
        ``then(diff)``. ``quiet``: a refresh the user did not ask for (one that fails clears the diff, unsaid)."""
        pair = pair or self.diff_choice()
        work = self.diff_work(pair)
        if work is None or self.busy:
            return

        def done(diff: bl.BaselineDiff) -> None:
            self.busy = False  # (``then`` may start work of its own)
            self.diff_model.set_diff(diff)
            self._diff_pair = pair
            self.diff_view.resizeColumnsToContents()
            if then is not None:
                then(diff)
            if not self.busy:
                self._set_busy(False)

        def failed(exc: BaseException) -> None:
            if not quiet:
                self._failed(exc)
                return
            self.diff_model.set_diff(None)
            self._diff_pair = None
            self._set_busy(False)

        self._set_busy(True)
        run_in_background(work, done, failed)

    def diff_choice(self) -> tuple[Any, Any]:
        return self.from_combo.currentData(), self.to_combo.currentData()

    def export(self) -> None:
        """Export the diff of the two chosen, worked out again first: the file holds the baselines listed (one
        removed or replaced under its name since is said) and the project as it is when exported."""
        self.show_diff(then=self._export)  # (by the baselines listed: one removed or replaced since is said, never written)

    def _export(self, diff: bl.BaselineDiff) -> None:
        name = self.state.project.name if self.state.project else ""
        # (named in the window's language, as every export the window proposes: app.core.kinds.ExportKind.file_name)
        suggested = str(Path.home() / export_file_name(name, self.tr("Baseline diff"), ".xlsx"))
        path = messages.save_file(self, self.tr("Export the diff"), suggested, self.tr("Excel (*.xlsx);;Markdown (*.md)"))
        if not path or self.busy:
            return
        try:
            bl.check_suffix(Path(path))
        except UserError as exc:
            messages.show_error(self, exc)
            return
        self._set_busy(True)
        def written(out: Path) -> None:
            self._set_busy(False)
            messages.show_info(self, bl.report(Path(out)).text(self.state.ui_lang))

        run_in_background(lambda: bl.write(diff, name, Path(path)), written, self._failed)


"""The People… dialog: the project's people (name, role, days a week, percent of a day, days off)
in a table, edited in the form below it, added from suggestions (the hearing's team, the tasks'
owners) or by hand, removed. Each change is one operation (one undo step); the rules are in
:mod:`app.wbs.resources.people`.

Days off are written as dates and ranges (:mod:`app.ui.wbs.resources.people_table`, with the table's model); text
that does not read as days is refused with a message naming the field and stays in the field as typed.

Picking another person in the table (or New person) with the form changed saves it first, as Save does (one undo
step; a conflict asked), as the hearing page does. What is refused is said, the form stays as typed.

A new person typed and not saved yet is kept in the window's drafts (:mod:`app.ui.widgets.dialog_drafts`):
a crash loses none of it, and the dialog opened again holds it (Save or Close adds them; the note's Discard
lets them go). A new person whose name is a stored person's (a colleague added them meanwhile) replaces that
person only when the user says so.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core import operations as ops
from app.core.errors import ConflictError, UserError, ValidationFailed
from app.ui import messages
from app.ui.error_text import shown_text
from app.ui.operations import UndoText, run_op
from app.ui.page import whole_text
from app.ui.wbs.resources.people_table import PeopleModel, catalog_role, days_text, parse_days_text, role_text
from app.ui.widgets.dialog_drafts import DIALOG_TITLES, DialogDraft
from app.ui.widgets.dialog_keys import enter_presses
from app.ui.widgets.number_box import WholeNumberBox
from app.ui.window.conflict_dialog import named, save_asking
from app.ui.window.geometry import fit_dialog, scrolling_body
from app.ui.window.keys import forget_own_steps, refill, window_steps
from app.wbs.catalog import Catalog
from app.wbs.resources import people as store

if TYPE_CHECKING:
    from app.ui.state import AppState


class PeopleDialog(QDialog):
    """The project's people: the table, the selected person's form, suggestions to add."""

    def __init__(self, state: AppState, catalog: Catalog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("wbsPeopleDialog")
        self.setWindowTitle(self.tr("People of the project"))
        self.state = state
        self.project_id = state.project_id  # the project opened for (the window closes one deleted elsewhere)
        self.catalog = catalog
        self.editing: str | None = None  # the name of the person the form shows (None: a new person)
        self.shown: store.Person | None = None
        self._over: store.Person | None = None  # a new person's namesake the user agreed to replace (None: nobody)
        self._shown_form: tuple[Any, ...] = ()  # the form's values as _show put them: anything else is typing not saved
        self._picking = False  # the table's current row moved by the dialog itself, not the user
        self.draft: DialogDraft | None = None  # (made once the form shows the blank new person)
        lang = state.ui_lang
        self.model = PeopleModel(catalog, lang, self)
        self.table = QTableView()
        self.table.setObjectName("wbsPeopleTable")
        self.table.setAccessibleName(self.tr("People of the project"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)

        self.name = whole_text(QLineEdit())  # a long paste whole: too long is the core's to say, the form keeps it
        self.name.setObjectName("wbsPersonName")
        self.name.setAccessibleName(self.tr("Name"))
        self.role = QComboBox()
        self.role.setObjectName("wbsPersonRole")
        self.role.setAccessibleName(self.tr("Role"))
        # A number typed past what fits is refused by the core on Save, said, and stays in its box.
        self.days = WholeNumberBox()
        self.days.setObjectName("wbsPersonDays")
        self.days.setAccessibleName(self.tr("Days a week"))
        self.days.set_limits(1, 5)
        self.percent = WholeNumberBox()
        self.percent.setObjectName("wbsPersonPercent")
        self.percent.setAccessibleName(self.tr("% of a day"))
        self.percent.set_limits(1, 100)
        self.percent.setSuffix(" %")
        self.days_off = whole_text(QLineEdit())
        self.days_off.setObjectName("wbsPersonDaysOff")
        self.days_off.setAccessibleName(self.tr("Days off"))
        example = "2026/12/29..2026/12/31、2027/01/04" if lang == "ja" else "2026-12-29..2026-12-31, 2027-01-04"
        self.days_off.setPlaceholderText(self.tr("e.g. {0}").format(example))
        self.days_off.setToolTip(self.tr("Dates and ranges (first..last, both included), separated by commas"))
        self.new_button = QPushButton(self.tr("New person"))
        self.new_button.setObjectName("wbsPersonNew")
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.setObjectName("wbsPersonSave")
        self.save_button.setDefault(True)
        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.setObjectName("wbsPersonRemove")
        form = QFormLayout()
        form.addRow(self.tr("Name:"), self.name)
        form.addRow(self.tr("Role:"), self.role)
        form.addRow(self.tr("Days a week:"), self.days)
        form.addRow(self.tr("Share of a day:"), self.percent)
        form.addRow(self.tr("Days off:"), self.days_off)
        form_buttons = QHBoxLayout()
        form_buttons.addWidget(self.new_button)
        form_buttons.addStretch(1)
        form_buttons.addWidget(self.remove_button)
        form_buttons.addWidget(self.save_button)
        self.form_box = QGroupBox(self.tr("New person"))
        box_layout = QVBoxLayout(self.form_box)
        box_layout.addLayout(form)
        box_layout.addLayout(form_buttons)
        enter_presses(self.form_box, self.save_button)  # Enter in a field saves the person, never presses New person

        self.suggestions = QListWidget()
        self.suggestions.setObjectName("wbsPeopleSuggestions")
        self.suggestions.setAccessibleName(self.tr("Suggested people"))
        self.suggestions.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.add_button = QPushButton(self.tr("Add selected"))
        self.add_button.setObjectName("wbsPeopleAddSuggested")
        suggest_box = QGroupBox(self.tr("Suggestions: the hearing's team and the tasks' owners"))
        suggest_layout = QVBoxLayout(suggest_box)
        suggest_layout.addWidget(self.suggestions)
        suggest_layout.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignRight)

        note = QLabel(self.tr("A task is this person's work when its Owner is their name. Availability: days a week × share of a day; "
                              "their days off come on top of the company holidays."))
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lower = QHBoxLayout()
        lower.addWidget(self.form_box, 3)
        lower.addWidget(suggest_box, 2)
        layout, outer = scrolling_body(self)  # (a small screen: the body scrolls, Close stays on the screen, fit_dialog)
        layout.addWidget(self.table, 1)
        layout.addLayout(lower)
        layout.addWidget(note)
        outer.addWidget(buttons)
        self.new_button.clicked.connect(self.new_person)
        self.save_button.clicked.connect(self.save)
        self.remove_button.clicked.connect(self.remove)
        self.add_button.clicked.connect(self.add_suggested)
        self.suggestions.itemDoubleClicked.connect(lambda _item: self.add_suggested())
        self.table.selectionModel().currentRowChanged.connect(self._picked)
        state.changed.connect(self._on_changed)
        self.step = window_steps(self)  # Ctrl+Z, Ctrl+Y: the window's Undo, Redo (out of reach while this is open)
        fit_dialog(self, 760, 560)
        self.fill()
        self._show(None)
        # A new person typed is kept on disk until it is saved (Save, Close, another person picked): a crash
        # loses none of it. Typing over a stored person is not kept (it is saved as soon as the form leaves it).
        fields = {"name": self.name, "role": self.role, "days": self.days, "percent": self.percent, "days_off": self.days_off}
        self.draft = DialogDraft(self, state, "people", fields, DIALOG_TITLES["people"], keeping=lambda: self.editing is None,
                                 note=self.tr("The new person typed here before and not added is back: Save adds them (Close too), "
                                              "Discard lets them go."))
        self.name.setFocus()

    # --- showing -----------------------------------------------------------------------------------

    def fill(self, select: str | None = None) -> None:
        """The people and the suggestions as stored; ``select``: the person to show in the form."""
        ws, pid = self.state.workspace, self.project_id
        self.model.reset(store.read(ws, pid))
        self.suggestions.clear()
        for candidate in store.candidates(ws, pid):
            where = ", ".join(self._source(s) for s in candidate.sources)
            role = role_text(self.catalog, catalog_role(self.catalog, candidate.role), self.state.ui_lang)
            item = QListWidgetItem(f"{candidate.name}" + (f" — {role}" if role else "") + f"  ({where})", self.suggestions)
            item.setData(Qt.ItemDataRole.UserRole, candidate)
        self.add_button.setEnabled(self.suggestions.count() > 0)
        if select is not None and (row := self.model.row_of(select)) >= 0:
            self.table.selectionModel().setCurrentIndex(self.model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)

    def _source(self, source: str) -> str:
        return {"hearing": self.tr("hearing's team"), "owner": self.tr("task owner")}.get(source, source)

    def _fill_roles(self, current: str) -> None:
        self.role.clear()
        self.role.addItem(self.tr("(none)"), "")
        for role in self.catalog.roles:
            self.role.addItem(role.label.get(self.state.ui_lang), role.id)
        if current and self.role.findData(current) < 0:
            self.role.addItem(current, current)  # a role of the user's own words stays as it is
        self.role.setCurrentIndex(max(0, self.role.findData(current)))

    def selected(self) -> store.Person | None:
        index = self.table.selectionModel().currentIndex()
        rows = self.table.selectionModel().selectedRows()
        if not index.isValid() or not rows:
            return None
        return self.model.people[index.row()]

    def _picked(self, current: QModelIndex, _previous: QModelIndex = QModelIndex()) -> None:
        """The user picked a person: what the form holds unsaved is saved first (refused: said, and the
        table goes back to the person it was typed for, the form as typed), then the person is shown."""
        person = self.model.people[current.row()] if current.isValid() and current.row() < len(self.model.people) else None
        if person is None or self._picking:
            return
        if self.typed():
            name = person.name
            if not self._save_form():
                self._select(self.editing)
                return
            self._select(name)
            person = self.model.people[row] if (row := self.model.row_of(name)) >= 0 else None
            if person is None:  # (gone meanwhile)
                self.new_person()
                return
        self._show(person)

    def _select(self, name: str | None) -> None:
        """Make ``name``'s row the table's current one (none: no row) without showing it in the form."""
        self._picking = True
        try:
            row = self.model.row_of(name) if name is not None else -1
            if row >= 0:
                flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
                self.table.selectionModel().setCurrentIndex(self.model.index(row, 0), flags)
            else:
                self.table.clearSelection()
                self.table.selectionModel().clearCurrentIndex()
        finally:
            self._picking = False

    def _form(self) -> tuple[Any, ...]:
        return (self.name.text(), self.role.currentData(), self.days.value(), self.percent.value(), self.days_off.text())

    def typed(self) -> bool:
        """Whether the form holds anything changed since it showed its person (or the blank new one)."""
        return self._form() != self._shown_form

    def _show(self, person: store.Person | None, again: bool = False) -> None:
        """``again``: the same person as stored now (an undo, a redo): a line's own redo stays (:func:`refill`)."""
        put = refill if again else QLineEdit.setText
        self.editing = person.name if person is not None else None
        self.shown = person  # as the form shows it: Save writes only what the user changed from it
        self.form_box.setTitle(person.name if person is not None else self.tr("New person"))
        put(self.name, person.name if person else "")
        self._fill_roles(person.role if person else "")
        self.days.setValue(person.days_per_week if person else 5)
        self.percent.setValue(person.percent if person else 100)
        put(self.days_off, days_text(person.days_off, self.state.ui_lang) if person else "")
        self.remove_button.setEnabled(person is not None)
        self._shown_form = self._form()
        if self.draft is not None:
            self.draft.saved()  # typing starts again from what the form shows (what it held was saved, or let go)

    def new_person(self) -> None:
        """A blank form for a new person (what the form held unsaved saved first; refused: it stays)."""
        if self.typed() and not self._save_form():
            return
        self._select(None)
        self._show(None)
        self.name.setFocus()

    def reject(self) -> None:  # overrides QDialog.reject: Close, Escape and the window's ×
        """Closing saves what the form holds unsaved, as picking another person does (one undo step);
        refused, or the conflict question closed unanswered: said, and the dialog stays open with it."""
        if self.typed() and not self._save_form():
            return
        super().reject()

    # --- changing ----------------------------------------------------------------------------------

    def _run(self, op: ops.Operation, text: UndoText) -> ops.Change | None:
        try:
            return run_op(self.state, op, text, action=True)
        except UserError as exc:
            messages.show_error(self, exc)
            self.state.close_if_deleted(self, self.project_id, exc)  # the project deleted elsewhere: said, and closed
            return None

    def save(self) -> None:
        """Write the form: the person shown (renamed, if the name changed) or a new one. What was typed stays on an error."""
        self._save_form(select=True)

    def _save_form(self, *, select: bool = False) -> bool:
        """Save what the form holds (Save, or leaving it for another person): one operation. False when refused (said;
        the form keeps what was typed) or a question was closed unanswered. ``select``: the table then shows the person
        saved. Renamed elsewhere meanwhile: followed (:meth:`_followed`). Gone (another window, an undo): asked once
        whether to add them again as typed (Yes) or let the form's values for them go (No; True either way)."""
        if self.editing is not None and self._gone(self.editing):
            self._follow(None)  # renamed in another window, not seen yet: followed
            if not self.typed():  # nothing of the user's: the form shows them as stored now (gone: blank)
                return True
        if self.editing is not None and self._gone(self.editing):
            again = messages.ask_or_cancel(self, self.tr("People of the project"), self.tr(
                "{0} is no longer in this project (removed in another window, or by an undo). Add them again with "
                "what the form holds? No: what the form holds for them is let go. Cancel: it stays in the form."
            ).format(named(self.editing, self.state.ui_lang)))
            if again is None:  # closed unanswered: the typing stays, and so does the dialog
                return False
            if not again:
                self._select(None)
                self._show(None)
                return True
            self.editing = self.shown = None  # a new person, as typed
        try:
            off = parse_days_text(self.days_off.text())
        except ValidationFailed as exc:
            said = shown_text(exc)  # a date out of range names the field itself (DAY_OFF_LABEL)
            messages.show_error(self, said if exc.key == "project.date_out_of_range" else self.tr("Days off: {0}").format(said))
            self.days_off.setFocus()
            return False
        person = store.Person(self.name.text(), self.role.currentData() or "", self.days.value(), self.percent.value(), off)
        if person == self.shown:  # the same days written another way: nothing to save
            if select:
                self._show(person)
            self._shown_form = self._form()
            return True
        if self.editing is None:
            agreed, self._over = self._replacing_agreed(person)
            if not agreed:
                return False
        refused: list[UserError] = []

        def put(typed: tuple[store.Person, store.Person | None]) -> ops.Change:
            try:
                return self._put(typed)
            except UserError as exc:
                refused.append(exc)
                raise

        change = save_asking(self, (person, self.shown), put, self._resolve)
        if change is None:  # the form keeps what was typed (the project deleted elsewhere: said, and closed)
            self.state.close_if_deleted(self, self.project_id, refused[-1] if refused else None)
            return False
        self._shown_form = self._form()  # saved: the form no longer holds typing of its own
        if self.draft is not None:
            self.draft.saved()
        self.fill(str(change.detail) if select else None)
        forget_own_steps(self.form_box)  # an undo step of the window's now: Ctrl+Z in a field is Edit ▸ Undo's
        return True

    def _replacing_agreed(self, person: store.Person) -> tuple[bool, store.Person | None]:
        """Whether to save a new person: not when a stored person of that name (added elsewhere since the form was
        typed) would get the form's role, days or share and the user keeps theirs (No, or the question closed).
        With the person the user saw (None: nobody): the save replaces only them (else refused, said, asked again)."""
        try:
            now = store.by_key(store.read(self.state.workspace, self.project_id)).get(store.name_key(person.name))
        except UserError:
            return True, None  # (the save says why)
        if now is None or now.name != store.clean_name(person.name) or now == replace(person, name=now.name):
            return True, now  # (another spelling of the name: refused by the save, said)
        return messages.confirm(self, self.tr("People of the project"), self.tr(
            "{0} is a person of this project already. Replace their role, days a week, share of a day and days off with "
            "what the form holds? No: theirs are kept, and the form keeps what you typed."
        ).format(named(now.name, self.state.ui_lang))), now  # fmt: skip

    def _gone(self, name: str) -> bool:
        """Whether the person ``name`` is no longer stored; not when the project is gone or unreadable (the
        save says that, and the dialog closes on a project deleted elsewhere)."""
        try:
            self.state.projects.get(self.project_id)
            return store.name_key(name) not in store.by_key(store.read(self.state.workspace, self.project_id))
        except UserError:
            return False

    def _put(self, typed: tuple[store.Person, store.Person | None]) -> ops.Change:
        """Write the person typed over the one shown (its base; None: a new person): one operation."""
        person, base = typed
        op = store.put_person_op(self.project_id, person, self.editing, base, new=self.editing is None, over=self._over)
        return run_op(self.state, op, (lambda: self.tr("Edit person")) if self.editing else (lambda: self.tr("Add person")), action=True)

    def _resolve(self, typed: tuple[store.Person, store.Person | None], error: ConflictError) -> tuple[store.Person, store.Person] | None:
        """Another window changed a field of this person that the form changed too: both values side
        by side. Returns what to save and the person as stored now (its base), or None when the
        question was closed without a choice, or not asked (a new person, or one gone: the conflict said)."""
        from app.ui.window.conflict_dialog import Choice, Clash, ConflictDialog, ask_conflict, named

        person, base = typed
        now = store.by_key(store.read(self.state.workspace, self.project_id)).get(store.name_key(base.name)) if base is not None else None
        if base is None or now is None:
            messages.show_error(self, error)
            return None
        lang = self.state.ui_lang
        labels = {"role": self.tr("Role"), "days_per_week": self.tr("Days a week"), "percent": self.tr("% of a day"), "off": self.tr("Days off")}
        attrs = {"role": "role", "days_per_week": "days_per_week", "percent": "percent", "off": "days_off"}

        def show(key: str) -> Any:
            if key == "role":
                return lambda value: role_text(self.catalog, value, lang)
            if key == "off":
                return lambda value: days_text(value, lang)
            return str

        clashing = [key for key in store.FIELDS if key in error.fields]
        clashes = [Clash(key, labels[key], getattr(now, attrs[key]), getattr(person, attrs[key]), getattr(base, attrs[key]), show(key))
                   for key in clashing]  # fmt: skip
        dialog = ConflictDialog(named(now.name, lang), clashes, parent=self, can_merge=False)
        try:
            ask_conflict(dialog)
            if dialog.choice is Choice.LATER:
                return None
            theirs = dialog.choice is Choice.THEIRS
        finally:
            dialog.deleteLater()
        if theirs:  # the stored values of the clashing fields, the form's of the others
            person = replace(person, **{attrs[key]: getattr(now, attrs[key]) for key in clashing})
        return person, now

    def remove(self) -> None:
        """Remove the person the form shows (gone meanwhile: said)."""
        if self.editing is None:
            return
        if self._run(store.remove_person_op(self.project_id, self.editing), lambda: self.tr("Remove person")) is not None:
            self.fill()
            self._select(None)
            self._show(None)  # (what the form held for the person removed goes with them)
            self.name.setFocus()

    def add_suggested(self) -> None:
        """Each selected suggestion becomes a person (full time, five days a week): one undo step each."""
        added = None
        for item in self.suggestions.selectedItems():
            candidate: store.Candidate = item.data(Qt.ItemDataRole.UserRole)
            person = store.Person(candidate.name, catalog_role(self.catalog, candidate.role))
            if self._run(store.put_person_op(self.project_id, person, new=True), lambda: self.tr("Add person")) is None:
                break
            added = candidate.name
        if added is not None:
            self.fill(added)

    def _on_changed(self, change: ops.Change) -> None:
        """An undo or another window changed the people: the table follows (:meth:`_follow`). The project
        deleted elsewhere: the table stays as it was, and the next save says so (:meth:`AppState.close_if_deleted`)."""
        if change.project_id == self.project_id and (store.KIND in change.kinds or change.external) and not self.state.is_deleted(self.project_id):
            self._follow(change)

    def _follow(self, change: ops.Change | None) -> None:
        """The table as stored now, its row still the person the form shows, followed by the name a rename
        (or its undo) gave them. A form holding typing keeps it, for that person (the name too unless typed
        over); one holding none shows them as stored now (gone: the blank form). ``change``: the change
        seen (None: none seen yet, the people read again before a save)."""
        seen = self.model.people
        self.model.reset(store.read(self.state.workspace, self.project_id))
        name = self._followed(change, seen)
        if not self.typed():
            row = self.model.row_of(name) if name is not None else -1
            self._show(self.model.people[row] if row >= 0 else None, again=row >= 0)
        elif name is not None and name != self.editing and self.shown is not None:
            if self.name.text() == self._shown_form[0]:
                self.name.setText(name)
            self.editing, self.shown = name, replace(self.shown, name=name)  # the values shown stay the base
            self._shown_form = (name, *self._shown_form[1:])
            self.form_box.setTitle(name)
        self._select(self.editing)

    def _followed(self, change: ops.Change | None, seen: list[store.Person]) -> str | None:
        """The name of the person the form shows now: theirs, or the one a rename (or its undo) gave them;
        None when they are gone.

        People are stored by name only (no other identity), so a rename is recognised from what changed.
        This window's own step (or its undo, redo) carries the people before and after it: one step, so
        the one name gone and the one come are the same person (their other fields changed too or not).
        Another window's change carries nothing: the table as this dialog last ``seen`` it is compared
        with the table now, which may hold several steps of another window. The person is followed to the
        one new name holding the same role, days a week, share of a day and days off as they had (none, or
        more than one that could be them: taken as removed, and the save asks whether to add them again)."""
        name = self.editing
        if name is None or self.model.row_of(name) >= 0:
            return name
        if change is not None and (documents := store.documents_of(change)) is not None:  # (a rename that took the tasks along too)
            before, after = ({person.name for person in store.people(doc)} for doc in documents)
            gone, came = before - after, after - before
            return next(iter(came)) if gone == {name} and len(came) == 1 else None
        was = store.by_name(seen).get(name)
        if was is None:
            return None
        now = store.by_name(self.model.people)

        def same(person: store.Person) -> bool:
            return (person.role, person.days_per_week, person.percent, person.days_off) == (was.role, was.days_per_week, was.percent, was.days_off)

        new = [person.name for person in self.model.people if person.name not in store.by_name(seen) and same(person)]
        twins = [person for person in seen if person.name != name and person.name not in now and same(person)]
        return new[0] if len(new) == 1 and not twins else None

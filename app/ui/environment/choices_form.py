"""The environment choices of one page as a form, built from the content file; every edit is saved at once.

Each field shows where its value comes from (the hearing, another field it follows, or the default)
until the user sets it; a reset button brings the hearing's value back. Text is saved while typing
(a burst of typing undoes as one step). A value that does not fit is reported under the form and
stays in its field, marked, as a draft of its project (not saved) until it is corrected, and what its
typing saved on the way (since the field got the keyboard) is taken back (app/ui/environment/field_typing.py);
a field another window set since this one showed it asks which value to keep. A database found busy while
typing is not waited for again at each keystroke (for a few seconds they go to the draft).

A draft is kept on disk with what the field showed when the typing began (the window's drafts,
app/ui/hearing/drafts.py; the form's part: app/ui/environment/field_drafts.py): after a crash the next
window shows it again in its field, marked, and its save is based on what was shown then (another
window's change since is asked about); one a busy database kept waiting is saved by itself once the
database is free. A kept draft no field can show as it is (the field was removed, a value of another
shape) is said under the form with what it holds, and kept.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QStyle,
    QStyleOptionComboBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import ConflictError, UserError
from app.environment.model import MAX_NUMBER, FieldDef, FieldKind, normalize
from app.environment.service import ANY_VALUE, EnvironmentChoices, EnvironmentService, Resolved, form_of
from app.ui.environment.field_drafts import FieldDrafts
from app.ui.environment.field_typing import HeldTyping, merge_key, typing_of
from app.ui.environment.undo import edit_document
from app.ui.error_text import shown_text
from app.ui.page import whole_text
from app.ui.state import AppState
from app.ui.widgets import colours
from app.ui.widgets.number_box import TYPED, WholeNumberBox
from app.ui.window.keys import forget_own_steps

BUSY_PAUSE_S = 5.0  # after a save found the database busy (another process writing, the server away), not waited for again


def _choice_width(combo: QComboBox) -> int:
    """The width at which ``combo`` shows its longest option whole, in bold (a value the user set is bold)."""
    font = QFont(combo.font())
    font.setBold(True)
    fm = QFontMetrics(font)
    text = max((fm.horizontalAdvance(combo.itemText(i)) for i in range(combo.count())), default=0)
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    contents = QSize(text + 4, fm.height())  # CE_ComboBoxLabel leaves a pixel each side, and a margin
    return combo.style().sizeFromContents(QStyle.ContentsType.CT_ComboBox, option, contents, combo).width()


class ChoicesForm(FieldDrafts):
    """The choices of one page (``experiment`` or ``data_ci``), section by section.

    Signals:
        problem(str): an edit was refused (the message), or "" after an edit that was saved.
    """

    problem = Signal(str)

    def __init__(self, state: AppState, page: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.page = page
        self.choices: EnvironmentChoices | None = None
        self.editors: dict[str, QWidget] = {}
        self.source_labels: dict[str, QLabel] = {}
        self.reset_buttons: dict[str, QToolButton] = {}
        self.fields: dict[str, FieldDef] = {}
        self._updating = False
        # What was typed and not saved (refused, or left unsaved in a conflict), by project and field:
        # the value and why. It stays in its field, marked, until it is saved, reset or replaced.
        self._drafts: dict[tuple[int, str], tuple[Any, str]] = {}
        # The user's own stored value of each field as this window last saw it (None: not set): what
        # a change is based on, so that a value another window set since is not overwritten unasked.
        self._own: dict[str, Any] = {}
        # Of the drafts a window gone kept (taken back from disk), by project and field: the user's own
        # value shown when their typing began (what their save is based on), and why a draft no field
        # can show as it is was not shown (the field is marked; typing over it or ↺ drops it).
        self._bases: dict[tuple[int, str], Any] = {}
        self._unfit: dict[tuple[int, str], str] = {}
        self._taken_for = -1  # the project whose kept drafts were taken back last
        # The drafts a busy database kept waiting (project, field): saved by themselves once it is free,
        # tried again every BUSY_PAUSE_S while their project is open (a refused value waits to be corrected).
        self._waiting: set[tuple[int, str]] = set()
        self._retry = QTimer(self, singleShot=True, interval=int(BUSY_PAUSE_S * 1000))
        self._retry.timeout.connect(lambda: state.waiting_edits.retry(self, self.save_waiting))  # in turn (app/ui/window/waiting_steps.py)
        self.held = HeldTyping(self)  # the typing refused last, for Undo right after it
        state.projectAboutToChange.connect(self._enter_typed_numbers)
        lang = state.content_lang
        form = form_of(state.workspace)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for section in form.sections_of(page):
            box = QGroupBox(section.title.get(lang))
            box.setObjectName(f"section_{section.id}")
            rows = QFormLayout(box)
            rows.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            rows.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # narrow windows: field under label
            if section.help:
                about = QLabel(section.help.get(lang))
                about.setWordWrap(True)
                about.setObjectName(f"sectionHelp_{section.id}")
                about.setEnabled(False)
                rows.addRow(about)
            for f in (f for f in form.fields_of(page) if f.section == section.id):
                self.fields[f.id] = f
                label = QLabel(f.label.get(lang))
                editor = self._editor(f, f.label.get(lang))
                label.setBuddy(editor)
                if f.help:
                    label.setToolTip(f.help.get(lang))
                    editor.setToolTip(f.help.get(lang))
                rows.addRow(label, self._row(f, editor, f.label.get(lang)))
            layout.addWidget(box)

    # --- building -----------------------------------------------------------------------------

    def _row(self, f: FieldDef, editor: QWidget, label: str) -> QHBoxLayout:
        """The field's row beside its label: a layout, not a widget, so that the field is its label's sibling (on Linux
        a combo box is spoken by its label only through that relation: Qt looks for a buddy among its siblings)."""
        line = QHBoxLayout()
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(editor, 1)
        source = QLabel()
        source.setObjectName(f"source_{f.id}")
        font = source.font()
        font.setItalic(True)
        source.setFont(font)
        source.setEnabled(False)
        # As wide as its longest word from the start: the form's width does not change when it is filled.
        source.setMinimumWidth(max(QFontMetrics(font).horizontalAdvance(text) for text in self._source_texts().values()))
        reset = QToolButton()
        reset.setObjectName(f"reset_{f.id}")
        reset.setText("↺")
        reset.setToolTip(self.tr("Back to the hearing's value (or the default)"))
        reset.setAccessibleName(self.tr("Reset {0}").format(label))
        reset.clicked.connect(lambda _=False, fid=f.id: self.reset(fid))
        line.addWidget(source)
        line.addWidget(reset)
        self.source_labels[f.id] = source
        self.reset_buttons[f.id] = reset
        return line

    def _editor(self, f: FieldDef, label: str) -> QWidget:
        lang = self.state.content_lang
        editor: QWidget
        match f.kind:
            case FieldKind.CHOICE:
                editor = QComboBox()
                for option in f.options:
                    editor.addItem(option.label.get(lang), option.id)
                    if option.help:
                        editor.setItemData(editor.count() - 1, option.help.get(lang), Qt.ItemDataRole.ToolTipRole)
                editor.currentIndexChanged.connect(lambda _=0, fid=f.id: self._choice_changed(fid))
            case FieldKind.SUGGEST:
                editor = QComboBox()
                editor.setEditable(True)
                editor.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
                for option in f.options:
                    editor.addItem(option.value, option.id)
                    editor.setItemData(editor.count() - 1, option.label.get(lang), Qt.ItemDataRole.ToolTipRole)
                if (line_edit := editor.lineEdit()) is not None:
                    line_edit.setAccessibleName(label)
                editor.currentTextChanged.connect(lambda text, fid=f.id: self.save(fid, text, merge=True))
            case FieldKind.MULTI:
                editor = QWidget()
                boxes = QGridLayout(editor)  # short labels in two columns, long ones one per line
                boxes.setContentsMargins(0, 0, 0, 0)
                columns = 2 if all(len(o.label.get(lang)) <= 14 for o in f.options) else 1
                for n, option in enumerate(f.options):
                    check = QCheckBox(option.label.get(lang))
                    check.setObjectName(f"field_{f.id}_{option.id}")
                    check.setToolTip(option.label.get(lang))
                    check.toggled.connect(lambda _=False, fid=f.id: self._multi_changed(fid))
                    boxes.addWidget(check, n // columns, n % columns)
            case FieldKind.BOOL:
                editor = QCheckBox()
                editor.toggled.connect(lambda checked, fid=f.id: self.save(fid, checked))
            case FieldKind.NUMBER:
                # What is typed past the field's maximum is kept and refused by the core, by the
                # field's name (as any refused value); the arrows stay within it.
                editor = WholeNumberBox()
                editor.set_limits(0, int(min(f.maximum if f.maximum is not None else MAX_NUMBER, TYPED)))
                inner = editor.findChild(QLineEdit)
                if inner is not None:
                    inner.setAccessibleName(label)
                # Saved when the number is entered (Enter, Tab, the box losing the focus as the page,
                # the language or the window changes, another project opened), not at each digit: 4000 typed where 3650 is
                # the most saved 4, 40 and 400 on the way.
                editor.setKeyboardTracking(False)
                editor.valueChanged.connect(lambda value, fid=f.id: self.save(fid, value, merge=True))
            case FieldKind.LONG_TEXT:
                editor = QPlainTextEdit()
                editor.setTabChangesFocus(True)
                editor.setMaximumHeight(74)
                editor.textChanged.connect(lambda fid=f.id: self._long_text_changed(fid))
            case _:
                editor = QLineEdit()
                editor.textEdited.connect(lambda text, fid=f.id: self.save(fid, text, merge=True))
        if isinstance(editor, QComboBox) and editor.isEditable():
            # What is typed scrolls in its box; the list of suggestions opens as wide as its longest.
            editor.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            editor.setMinimumContentsLength(14)
            view = editor.view()
            view.setMinimumWidth(view.sizeHintForColumn(0) + 2 * view.frameWidth() + view.verticalScrollBar().sizeHint().width())
        elif isinstance(editor, QComboBox):
            # A choice shows whole: a long one puts its row under the label (WrapLongRows) and the page
            # keeps the form as wide as its widest choice.
            editor.setMinimumWidth(_choice_width(editor))
        editor.setObjectName(f"field_{f.id}")
        editor.setAccessibleName(label)
        self.editors[f.id] = whole_text(editor)  # a paste kept whole: one too long is a draft the save refuses
        return editor

    def _source_texts(self) -> dict[str, str]:
        """What a field says of where its value comes from, by source."""
        return {"hearing": self.tr("hearing"), "default": self.tr("default")}

    # --- showing ------------------------------------------------------------------------------

    def show_choices(self, choices: EnvironmentChoices) -> None:
        """Show the effective values; a field with a draft keeps it (text and cursor), marked."""
        self.choices = choices
        self._own = {field_id: r.value if r.source == "set" else None for field_id, r in choices.resolved.items()}
        project_id = self.state.project_id
        if project_id != self._taken_for:
            self._taken_for = project_id
            self._take_back(project_id)
        if not self._retry.isActive() and any(p == project_id for p, _ in self._waiting):
            self._retry.start()  # (a project shown again: its waiting drafts)
        self._updating = True
        try:
            for field_id, editor in self.editors.items():
                resolved = choices.resolved[field_id]
                # Typing is saved as it is made, so the stored value is what the field shows, except
                # for a draft: that one stays as typed (a stored value changed by an undo or another
                # window does not replace what the user typed and could not save).
                draft = self._drafts.get((project_id, field_id))
                self._set_editor(self.fields[field_id], editor, resolved.value if draft is None else draft[0])
                problem = draft[1] if draft is not None else self._unfit.get((project_id, field_id), self._stored_problem(resolved))
                self._mark(field_id, problem)
                text, tip = self._source_text(choices, field_id)
                self.source_labels[field_id].setText(text)
                self.source_labels[field_id].setToolTip(tip)
                self.reset_buttons[field_id].setEnabled(resolved.source == "set" or problem is not None)
                font = editor.font()
                font.setBold(resolved.source == "set")
                editor.setFont(font)
        finally:
            self._updating = False

    def _stored_problem(self, resolved: Resolved) -> str | None:
        """Why the field would refuse the value stored (an older version's, a project file's: an invisible
        character in a URI), said as its tooltip, the field marked; the value kept until the user corrects it."""
        if resolved.source != "set" or resolved.field.kind not in (FieldKind.TEXT, FieldKind.SUGGEST):
            return None
        try:
            normalize(resolved.field, resolved.value)
        except UserError as exc:
            return shown_text(exc, self.state.workspace.library)
        return None

    def _source_text(self, choices: EnvironmentChoices, field_id: str) -> tuple[str, str]:
        """Where a value comes from (the label beside the field) and its tooltip."""
        resolved = choices.resolved[field_id]
        if resolved.source == "field" and resolved.follows in choices.resolved:
            other = choices.resolved[resolved.follows].field.label.get(self.state.content_lang)
            return self.tr("from “{0}”").format(other), self.tr("Follows “{0}” until you change it").format(other)
        tips = {"hearing": self.tr("Taken from the hearing answers until you change it"),
                "default": self.tr("The default; the hearing does not decide it")}  # fmt: skip
        return self._source_texts().get(resolved.source, ""), tips.get(resolved.source, "")

    def _mark(self, field_id: str, problem: str | None) -> None:
        """A field holding a draft shows it (red, the reason as its tooltip); else as usual."""
        editor = self.editors[field_id]
        f = self.fields[field_id]
        colours.style(editor, colours.DRAFT_FIELD if problem is not None else "")
        editor.setToolTip(problem if problem is not None else (f.help.get(self.state.content_lang) if f.help else ""))

    def note_stored(self, doc: dict[str, Any]) -> None:
        """This window changed the page's document (an edit, an undo, a redo): the values it is based on now."""
        values = doc.get("values", {}) if isinstance(doc, dict) else {}
        project_id = self.state.project_id
        for field_id in self.fields:  # a draft typed on this window's own value while its step ran (a big undo on a worker):
            key, now = (project_id, field_id), values.get(field_id)  # based on what the step left, not a colleague's change
            if key in self._bases and self._bases[key] == self._own.get(field_id) != now:
                self._bases[key] = now
        self._own = {field_id: values.get(field_id) for field_id in self.fields}

    def _set_editor(self, f: FieldDef, editor: QWidget, value: Any) -> None:
        if isinstance(editor, QComboBox) and not editor.isEditable():
            editor.setCurrentIndex(max(0, editor.findData(value)))
        elif isinstance(editor, QComboBox):
            if not typing_of(f, editor, editor.currentText(), value):
                editor.setCurrentText("" if value is None else str(value))
        elif isinstance(editor, QCheckBox):
            editor.setChecked(bool(value))
        elif isinstance(editor, QSpinBox):
            editor.setValue(int(value or 0))
        elif isinstance(editor, QPlainTextEdit):
            if editor.toPlainText() != (value or "") and not typing_of(f, editor, editor.toPlainText(), value):
                editor.setPlainText("" if value is None else str(value))
        elif isinstance(editor, QLineEdit):
            text = "" if value is None else str(value)
            if editor.text() != text and not typing_of(f, editor, editor.text(), value):  # the cursor stays where it was
                editor.setText(text)
                if not editor.hasFocus():
                    editor.setCursorPosition(0)  # a value longer than the box shows its beginning
        else:  # multi: one check box per option
            for option in f.options:
                if (box := editor.findChild(QCheckBox, f"field_{f.id}_{option.id}")) is not None:
                    box.setChecked(option.id in (value or []))

    # --- editing ------------------------------------------------------------------------------

    def _choice_changed(self, field_id: str) -> None:
        combo = self.editors[field_id]
        assert isinstance(combo, QComboBox)  # connected for choice fields only
        self.save(field_id, combo.currentData())

    def _multi_changed(self, field_id: str) -> None:
        f = self.fields[field_id]
        editor = self.editors[field_id]
        chosen = [o.id for o in f.options if (box := editor.findChild(QCheckBox, f"field_{f.id}_{o.id}")) is not None and box.isChecked()]
        self.save(field_id, chosen)

    def _enter_typed_numbers(self, _project_id: int) -> None:
        """A number being typed, entered in its own project before another is opened or the project
        closed (the project switcher takes no focus from the box, so nothing else enters it)."""
        for editor in self.editors.values():
            if isinstance(editor, QAbstractSpinBox):
                editor.interpretText()

    def _long_text_changed(self, field_id: str) -> None:
        text = self.editors[field_id]
        assert isinstance(text, QPlainTextEdit)  # connected for long text fields only
        self.save(field_id, text.toPlainText(), merge=True)

    def change_text(self, field_id: str) -> str:
        """The undo text of a field's change, for its typing refused (Edit ▸ Undo names it), in the UI language now."""
        return self.tr("Change {0}").format(self.fields[field_id].label.get(self.state.content_lang))

    def save(self, field_id: str, value: Any, merge: bool = False, *, force: bool = False) -> bool:
        """Save a field's value as one undo step (typing merges); True when saved. ``force``: over a
        value another window set since (the user chose to)."""
        if self._updating or self.state.project is None:
            return False
        label, state = self.fields[field_id].label, self.state
        project_id = self.state.project_id
        expected = ANY_VALUE if force else self._based_on(project_id, field_id)
        if merge:
            self.held.typing(field_id)  # (a typing: every save since the field got the keyboard)
            if (busy := self.state.busy_within(BUSY_PAUSE_S)) is not None:  # busy a moment ago (any page): kept, not waited for
                self._keep(field_id, value, busy)
                return False
        try:
            result = edit_document(
                self.state,
                lambda service: service.set_value(project_id, field_id, value, expected=expected),
                lambda: self.tr("Change {0}").format(label.get(state.content_lang)),  # follows a language switch, the label too
                merge_key=merge_key(field_id) if merge else None, owner=self,
            )
        except ConflictError as exc:
            return self._conflict(field_id, value, exc)
        except UserError as exc:
            self.held.refused(field_id, exc, merge)  # the burst's step saved on the way taken back
            self._keep(field_id, value, exc)
            return False
        self._own[field_id] = result.after.get("values", {}).get(field_id)
        if result.changed:  # an undo step of the window's now: the field's own history goes (Ctrl+Z there is Edit ▸ Undo's)
            forget_own_steps(self.editors[field_id])
        if self._drop_draft(project_id, field_id):
            self._mark(field_id, None)
        self.problem.emit("")
        return True

    def _based_on(self, project_id: int, field_id: str) -> Any:
        """The user's own value a change of the field is based on: what was shown when the typing of a
        draft a window gone kept began, else what this window last saw."""
        return self._bases[(project_id, field_id)] if (project_id, field_id) in self._bases else self._own.get(field_id)

    def _show_value(self, field_id: str, value: Any) -> None:
        """Put a value in a field's editor without saving it again."""
        self._updating = True
        try:
            self._set_editor(self.fields[field_id], self.editors[field_id], value)
        finally:
            self._updating = False

    def reset(self, field_id: str) -> None:
        """Back to the hearing's value (or the default), a draft dropped; a value another window
        set since this one showed it is not thrown away unasked: it is said and shown."""
        if self.state.project is None:
            return
        label, state = self.fields[field_id].label, self.state
        project_id = self.state.project_id
        editor = self.editors[field_id]
        editor.clearFocus()
        expected = self._own.get(field_id)
        try:
            edit_document(self.state, lambda service: service.reset(project_id, field_id, expected=expected),
                          lambda: self.tr("Reset {0}").format(label.get(state.content_lang)), action=True, owner=self)
        except ConflictError as exc:
            self._drop_draft(project_id, field_id)
            self.show_choices(EnvironmentService(self.state.workspace).choices(project_id, self.state.content_lang))
            self.problem.emit(shown_text(exc, self.state.workspace.library))
            return
        except UserError as exc:  # busy, the server away: the typing dropped as asked, what is stored shown and kept
            self._drop_draft(project_id, field_id)
            self._mark(field_id, None)
            if self.choices is not None:
                self._show_value(field_id, self.choices.value(field_id))
            self.problem.emit(shown_text(exc, self.state.workspace.library))
            return
        if self._drop_draft(project_id, field_id):
            self._mark(field_id, None)
            self.problem.emit("")
            if expected is None and self.choices is not None:  # it followed the hearing: nothing stored changed, no refresh comes
                self._show_value(field_id, self.choices.value(field_id))
                self.reset_buttons[field_id].setEnabled(False)


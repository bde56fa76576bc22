"""Edit a project's own fields: name, customer, description, PoC start, document language."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from app.core.demo_source import app_today
from app.core.errors import ConflictError, UserError
from app.core.i18n import format_date
from app.core.project import ProjectInfo
from app.core.projects import update_op
from app.ui import messages
from app.ui.operations import run_op
from app.ui.page import whole_text
from app.ui.state import AppState, ProjectDeleted
from app.ui.translations import date_display_format, plan_date_range
from app.ui.widgets.date_box import DateBox
from app.ui.widgets.dialog_drafts import DIALOG_TITLES, DialogDraft
from app.ui.window.conflict_dialog import save_asking

PROJECT_FIELDS = ("name", "customer", "description", "start_date", "lang")  # what the dialog edits


def properties_text() -> str:
    """The undo step of a save in Project ▸ Properties, in the UI language of the moment."""
    return QCoreApplication.translate("ProjectPropertiesDialog", "Edit project properties")


class ProjectPropertiesDialog(QDialog):
    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        project = state.project
        assert project is not None
        self.project = project  # as shown: the base of what OK saves (the window may refresh its own meanwhile)
        self.setObjectName("projectPropertiesDialog")
        self.setWindowTitle(self.tr("Project properties"))
        form = QFormLayout(self)
        # A long paste is kept whole: too long is the project's to say (naming the field), the dialog stays open.
        self.name = whole_text(QLineEdit())
        self.name.setText(project.name)
        self.name.setObjectName("projectNameEdit")
        self.customer = whole_text(QLineEdit())
        self.customer.setText(project.customer)
        self.customer.setObjectName("projectCustomerEdit")
        self.description = QPlainTextEdit(project.description)
        self.description.setObjectName("projectDescriptionEdit")
        self.description.setTabChangesFocus(True)  # Tab on to the next field, as the pages' boxes (Enter: a new line)
        self.has_start = QCheckBox(self.tr("Set"))
        self.has_start.setObjectName("projectStartSet")
        self.start = DateBox()
        self.start.setObjectName("projectStartEdit")
        self.start.setCalendarPopup(True)
        self.start.setDisplayFormat(date_display_format(state.ui_lang))
        plan_date_range(self.start)
        start = project.start_date or app_today()
        self.start.setDate(QDate(start.year, start.month, start.day))
        self.has_start.setChecked(project.start_date is not None)
        self.start.setEnabled(project.start_date is not None)
        self.has_start.toggled.connect(self.start.setEnabled)
        self.lang = QComboBox()
        self.lang.setObjectName("projectLangCombo")
        self.lang.addItem("日本語", "ja")
        self.lang.addItem("English", "en")
        self.lang.setCurrentIndex(0 if project.lang == "ja" else 1)
        for widget, label in (
            (self.name, self.tr("Name")),
            (self.customer, self.tr("Customer")),
            (self.description, self.tr("Description")),
            (self.lang, self.tr("Document language")),
        ):
            widget.setAccessibleName(label)
            form.addRow(label, widget)
        self.start.setAccessibleName(self.tr("PoC start"))
        form.insertRow(3, self.tr("PoC start"), self.start)
        form.insertRow(4, "", self.has_start)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.setObjectName("projectPropertiesButtons")
        buttons.accepted.connect(self.apply)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.shown = self._values()
        # What is typed here is kept on disk until OK saves it or Cancel lets it go: a crash loses none of it.
        # Opened again after one, the dialog holds it, over the project as it was shown then (its base).
        fields = {"name": self.name, "customer": self.customer, "description": self.description, "has_start": self.has_start,
                  "start": self.start, "lang": self.lang}  # fmt: skip
        self.draft = DialogDraft(self, state, "properties", fields, DIALOG_TITLES["properties"], together=[("has_start", "start")],
                                 base=project.model_dump(mode="json", include=set(PROJECT_FIELDS)))

    def _base(self) -> ProjectInfo:
        """What OK compares with: the project as the dialog opened on it, but for the fields a draft kept before
        holds (and Discard has not let go), typed over the project as it was then (a colleague's change of one
        of those since is asked about; of a field typed now, never)."""
        kept = self.draft.restored_base if isinstance(self.draft.restored_base, dict) else {}
        typed = {"start_date" if name in ("has_start", "start") else name for name in self.draft.restored}
        try:
            return ProjectInfo.model_validate(self.project.model_dump(mode="json") | {k: v for k, v in kept.items() if k in typed & set(PROJECT_FIELDS)})
        except ValueError:
            return self.project  # (a drafts file edited by hand: over the project as it is now)

    def _values(self) -> dict[str, Any]:
        """The fields as the form holds them now (what OK saves where the user changed them)."""
        qdate = self.start.date()
        start = dt.date(qdate.year(), qdate.month(), qdate.day()) if self.has_start.isChecked() else None
        return {"name": self.name.text().strip(), "customer": self.customer.text().strip(), "description": self.description.toPlainText(),
                "start_date": start, "lang": self.lang.currentData()}  # fmt: skip

    def apply(self) -> None:
        """OK: save the fields the user changed here, each over the value the dialog showed; a field
        another window changed meanwhile is kept as it is now, unless the user changed it too (then
        they choose). The other fields are never written."""
        project = self.state.project
        if project is None or project.id != self.project.id:
            if self.state.is_deleted(self.project.id):  # deleted elsewhere meanwhile: said by its name, the typing kept
                gone = ProjectDeleted(self.project.id, self.project.name)
                messages.show_error(self, gone)
                self.state.close_if_deleted(self, self.project.id, gone)
            else:
                self.reject()
            return
        if self.has_start.isChecked():
            try:  # the start as the box shows it: a date it cannot take is said, the dialog stays open with it
                self.start.taken_date()
            except UserError as exc:
                messages.show_error(self, exc)
                self.start.setFocus()
                return
        now = self._values()
        fields = {key: value for key, value in now.items() if value != self.shown[key]}
        shown = self._base()
        base = {key: getattr(shown, key) for key in fields}
        if save_asking(self, (fields, base), self._save, self._resolve):  # else the dialog stays open with what was typed
            self.accept()
        elif self.state.is_deleted(self.project.id):  # found deleted by the save (said): closed, the typing kept
            self.state.close_if_deleted(self, self.project.id, ProjectDeleted(self.project.id, self.project.name))

    def _save(self, typed: tuple[dict[str, Any], dict[str, Any]]) -> bool:
        """Write the fields typed where the project still holds their base (one operation; ConflictError
        else). True: saved, or nothing to write (nothing changed here, or theirs kept)."""
        fields, base = typed
        if fields:  # one undo step: Edit ▸ Undo brings every field saved here back at once
            run_op(self.state, update_op(self.project.id, base=base, **fields), properties_text, action=True)
        return True

    def _resolve(self, typed: tuple[dict[str, Any], dict[str, Any]], error: ConflictError) -> tuple[dict[str, Any], dict[str, Any]] | None:
        """Another window changed a field this dialog changed too: both values side by side, the user
        keeps theirs or uses mine (or merges the description). Returns what to save over the project
        as stored now (with that as the base), or None when the question was closed without a choice."""
        from app.ui.window.conflict_dialog import Clash, ConflictDialog, chosen_fields, named

        fields = typed[0]
        try:
            stored = self.state.projects.get(self.project.id)
        except UserError as exc:
            messages.show_error(self, exc)
            return None
        labels = {"name": self.tr("Name"), "customer": self.tr("Customer"), "description": self.tr("Description"),
                  "start_date": self.tr("PoC start"), "lang": self.tr("Document language")}  # fmt: skip
        lang = self.state.ui_lang

        def show(value: Any) -> str:  # a date or a document language as the form shows it
            return format_date(value, lang) if isinstance(value, dt.date) else self.lang.itemText(max(0, self.lang.findData(value)))

        clashing = [key for key in fields if key in error.fields]
        shown = self._base()
        clashes = [Clash(key, labels[key], getattr(stored, key), fields[key], getattr(shown, key),
                         show if key in ("start_date", "lang") else None) for key in clashing]  # fmt: skip
        what = named(stored.name, lang)
        chosen = chosen_fields(ConflictDialog(what, clashes, parent=self, can_merge=all(key == "description" for key in clashing)), fields)
        return None if chosen is None else (chosen, {key: getattr(stored, key) for key in chosen})

"""Edit a project's own fields: name, customer, description, PoC start, document language."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from app.core.errors import UserError
from app.core.i18n import FIRST_DATE, LAST_DATE
from app.ui import messages
from app.ui.state import AppState
from app.ui.translations import date_display_format


class ProjectPropertiesDialog(QDialog):
    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        project = state.project
        assert project is not None
        self.setObjectName("projectPropertiesDialog")
        self.setWindowTitle(self.tr("Project properties"))
        form = QFormLayout(self)
        self.name = QLineEdit(project.name)
        self.name.setObjectName("projectNameEdit")
        self.customer = QLineEdit(project.customer)
        self.customer.setObjectName("projectCustomerEdit")
        self.description = QPlainTextEdit(project.description)
        self.description.setObjectName("projectDescriptionEdit")
        self.has_start = QCheckBox(self.tr("Set"))
        self.has_start.setObjectName("projectStartSet")
        self.start = QDateEdit()
        self.start.setObjectName("projectStartEdit")
        self.start.setCalendarPopup(True)
        self.start.setDisplayFormat(date_display_format(state.ui_lang))
        self.start.setDateRange(*(QDate(d.year, d.month, d.day) for d in (FIRST_DATE, LAST_DATE)))  # a plan's dates
        start = project.start_date or dt.date.today()
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

    def apply(self) -> None:
        project = self.state.project
        if project is None:
            self.reject()
            return
        qdate = self.start.date()
        start = dt.date(qdate.year(), qdate.month(), qdate.day()) if self.has_start.isChecked() else None
        def save() -> None:
            if self.name.text().strip() != project.name:
                self.state.projects.rename(project.id, self.name.text())
            self.state.projects.update(
                project.id,
                customer=self.customer.text().strip(),
                description=self.description.toPlainText(),
                start_date=start,
                lang=self.lang.currentData(),
            )

        try:
            self.state.change_projects(save, project.id)  # the name and the fields in one transaction
        except UserError as exc:
            messages.show_error(self, exc)
            return
        self.accept()

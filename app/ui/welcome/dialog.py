"""The welcome page: three lines on what the app does, then open the demo, create a project or import one.

The window's language is chosen on it too (a Japanese engineer's laptop is often set to English): the
choice is kept as Settings ▸ Window language keeps it and switches the window and this page at once.

The dialog carries out the choice itself (each is one operation) and is accepted once a project is
open. On a first start, closing it opens the demo project, so the window never starts empty; the
page says so.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication, QDate, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCommandLinkButton,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import UserError
from app.ui import messages
from app.ui.page import heading
from app.ui.state import AppState
from app.ui.translations import date_display_format, plan_date_range
from app.ui.widgets.date_box import DateBox, today_qdate
from app.ui.widgets.dialog_keys import tab_as_shown
from app.ui.window.settings_dialog import LANG_NAMES


class WelcomeDialog(QDialog):
    """The welcome page. ``chosen`` says what was done: "demo", "create" or "import" (None: closed).

    Signals:
        uiLangChosen(str): the window language picked on the page ("ja" or "en"); whoever shows the
            page keeps and applies it (:func:`app.ui.welcome.start.show_welcome`), then the page
            speaks it too (:meth:`retranslate`).
    """

    uiLangChosen = Signal(str)

    def __init__(self, state: AppState, first_start: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.first_start = first_start
        self.chosen: str | None = None
        self._busy = False
        self.setObjectName("welcome")
        self.pages = QStackedWidget(self)
        self.pages.setObjectName("welcomePages")
        self._build()
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        self.pages.currentChanged.connect(self._page_shown)  # (a default button is the dialog's: once it is in it)
        self.setMinimumWidth(680)

    # --- building -----------------------------------------------------------------------------

    def _build(self) -> None:
        self.setWindowTitle(self.tr("Welcome to MLOps Kickoff"))
        self.pages.addWidget(self._choices_page())
        self.pages.addWidget(self._create_page())

    def retranslate(self) -> None:
        """The page again in the window's language of now, on the same step, what was set on it kept."""
        step = self.pages.currentIndex()
        typed = self._typed()
        while (page := self.pages.widget(0)) is not None:
            self.pages.removeWidget(page)
            page.deleteLater()  # later: the language combo that asked is still in its signal
        self._build()
        self._restore(typed)
        self.pages.setCurrentIndex(step)
        (self.ui_lang_combo if step == 0 else self.name_edit).setFocus()

    def _fields(self) -> dict[str, QWidget]:
        """Every field the user sets on the pages, by object name (the window language combo aside:
        it is built from the language switched to)."""
        fields: dict[str, QWidget] = {}
        pages = [self.pages.widget(index) for index in range(self.pages.count())]  # not the ones going away
        for widget in (child for page in pages if page is not None for child in page.findChildren(QWidget)):
            name = widget.objectName()
            if not isinstance(widget, QLineEdit | QComboBox | QDateEdit) or widget is self.ui_lang_combo:
                continue
            if name and not name.startswith("qt_"):  # qt_: a part of another widget (a date's own line edit)
                fields[name] = widget
        return fields

    def _typed(self) -> dict[str, object]:
        typed: dict[str, object] = {}
        for name, widget in self._fields().items():
            if isinstance(widget, DateBox):
                typed[name] = widget.typed()  # (a text it cannot take as typed, never its date in its place)
            elif isinstance(widget, QDateEdit):
                typed[name] = widget.date()
            elif isinstance(widget, QComboBox):
                typed[name] = widget.currentData()
            elif isinstance(widget, QLineEdit):
                typed[name] = widget.text()
        return typed

    def _restore(self, typed: dict[str, object]) -> None:
        for name, widget in self._fields().items():
            if name not in typed:
                continue
            value = typed[name]
            if isinstance(widget, DateBox) and isinstance(value, dt.date | str):
                widget.put_typed(value)
            elif isinstance(widget, QDateEdit) and isinstance(value, QDate):
                widget.setDate(value)
            elif isinstance(widget, QComboBox):
                widget.setCurrentIndex(max(0, widget.findData(value)))
            elif isinstance(widget, QLineEdit) and isinstance(value, str):
                widget.setText(value)

    def _choose_ui_lang(self, index: int) -> None:
        lang = self.ui_lang_combo.itemData(index)
        if lang and lang != self.state.ui_lang:
            self.uiLangChosen.emit(lang)
            if self.state.ui_lang == lang:  # switched: this page speaks it too
                self.retranslate()

    def _ui_lang_row(self) -> QHBoxLayout:
        """The window's language, each named in itself (日本語 / English) as Settings lists them."""
        row = QHBoxLayout()
        label = QLabel(QCoreApplication.translate("SettingsDialog", "Window language:"))
        self.ui_lang_combo = QComboBox()
        self.ui_lang_combo.setObjectName("welcomeUiLangCombo")
        self.ui_lang_combo.setAccessibleName(QCoreApplication.translate("SettingsDialog", "Language of the window"))
        for lang, name in LANG_NAMES.items():
            self.ui_lang_combo.addItem(name, lang)
        self.ui_lang_combo.setCurrentIndex(max(0, self.ui_lang_combo.findData(self.state.ui_lang)))
        self.ui_lang_combo.currentIndexChanged.connect(self._choose_ui_lang)
        label.setBuddy(self.ui_lang_combo)
        row.addStretch(1)
        row.addWidget(label)
        row.addWidget(self.ui_lang_combo)
        return row

    def _choices_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addLayout(self._ui_lang_row())
        layout.addWidget(heading(self.tr("Welcome to MLOps Kickoff"), "welcomeTitle"))
        about = QLabel("\n".join((
            self.tr("Plan the PoC phase of a customer's ML project, from the first hearing to the kickoff proposal."),
            self.tr("Answer the hearing checklist once: the WBS, proposal, environment and system plan are drafted from it."),
            self.tr("Everything is saved on this computer as you type; export Excel, PDF and wiki pages when you need them."),
        )))  # fmt: skip
        about.setObjectName("welcomeAbout")
        about.setWordWrap(True)
        layout.addWidget(about)
        layout.addSpacing(8)
        self.demo_button = self._choice(
            "welcomeDemoButton",
            self.tr("Open the demo project"),
            self.tr("A sample project with answers, a schedule and a proposal already filled in, to look around. "
                    "Your own projects stay apart from it."),
            lambda: self.open_demo(first=self.first_start),
        )  # fmt: skip
        self.create_button = self._choice(
            "welcomeCreateButton",
            self.tr("Create my project"),
            self.tr("Start your own: project name, customer, PoC start date and document language."),
            lambda: self.pages.setCurrentIndex(1),
        )
        self.import_button = self._choice(
            "welcomeImportButton",
            self.tr("Import a project file"),
            self.tr("Open a project a colleague exported (a .json file from Exports ▸ Export project)."),
            self.import_project,
        )
        for button in (self.demo_button, self.create_button, self.import_button):
            layout.addWidget(button)
        layout.addStretch(1)
        if self.first_start:
            note = self.tr("Closing this page opens the demo project. Help ▸ Welcome… shows this page again.")
        else:
            note = self.tr("Help ▸ Welcome… shows this page again.")
        self.note = QLabel(note)
        self.note.setObjectName("welcomeNote")
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.setObjectName("welcomeButtons")
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Close)
        self.close_button.setObjectName("welcomeCloseButton")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        return page

    def _choice(self, name: str, title: str, description: str, slot) -> QCommandLinkButton:
        button = QCommandLinkButton(title, description)
        button.setObjectName(name)
        button.setAccessibleName(title)
        button.setAccessibleDescription(description)
        button.clicked.connect(lambda: slot())  # (not given the clicked signal's "checked")
        return button

    def _create_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(heading(self.tr("Create my project"), "welcomeCreateTitle"))
        form = QFormLayout()
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("welcomeNameEdit")
        self.customer_edit = QLineEdit()
        self.customer_edit.setObjectName("welcomeCustomerEdit")
        self.start_edit = DateBox()
        self.start_edit.setObjectName("welcomeStartEdit")
        self.start_edit.setCalendarPopup(True)
        self.start_edit.setDisplayFormat(date_display_format(self.state.ui_lang))
        plan_date_range(self.start_edit)
        self.start_edit.setDate(today_qdate())
        self.lang_combo = QComboBox()
        self.lang_combo.setObjectName("welcomeLangCombo")
        for lang, name in LANG_NAMES.items():
            self.lang_combo.addItem(name, lang)
        self.lang_combo.setCurrentIndex(max(0, self.lang_combo.findData(self.state.new_project_lang)))
        for widget, label in (
            (self.name_edit, self.tr("Project name")),
            (self.customer_edit, self.tr("Customer")),
            (self.start_edit, self.tr("PoC start")),
            (self.lang_combo, self.tr("Document language")),
        ):
            widget.setAccessibleName(label)
            form.addRow(label, widget)
        layout.addLayout(form)
        hint = QLabel(self.tr("You can change all of these later in File ▸ Project Properties."))
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addStretch(1)
        buttons = QDialogButtonBox()
        self.back_button = QPushButton(self.tr("Back"))
        self.back_button.setObjectName("welcomeBackButton")
        self.back_button.clicked.connect(lambda: self.pages.setCurrentIndex(0))
        self.create_project_button = QPushButton(self.tr("Create Project"))
        self.create_project_button.setObjectName("welcomeCreateProjectButton")
        self.create_project_button.clicked.connect(self.create_project)
        buttons.addButton(self.back_button, QDialogButtonBox.ButtonRole.RejectRole)
        buttons.addButton(self.create_project_button, QDialogButtonBox.ButtonRole.AcceptRole)
        layout.addWidget(buttons)
        tab_as_shown(buttons)  # Tab reaches 「戻る」 too
        return page

    def _page_shown(self, index: int) -> None:
        """Enter presses the shown page's default button: Create Project on the form (it was the first page's hidden
        demo button, Qt's choice as the dialog showed, and Enter did nothing), the demo on the choices."""
        (self.create_project_button if index == 1 else self.demo_button).setDefault(True)

    # --- the choices --------------------------------------------------------------------------

    def open_demo(self, first: bool = False) -> None:
        """A new demo project in the document language of new projects, opened; ``first`` (on a first
        start's page): the demo another window started at the same moment made, if there is one."""
        from app.projects.demo import create_demo

        state = self.state
        make = lambda: create_demo(state.workspace, state.new_project_lang, only_first=first)  # noqa: E731
        self._finish("demo", lambda: state.change_projects(make, -1).id)

    def create_project(self) -> None:
        """The project as typed on the form, in one operation (a taken or empty name is said, the form stays)."""
        state = self.state
        try:  # the start as the box shows it: a date it cannot take is said, the form stays
            start = self.start_edit.taken_date()
        except UserError as exc:
            messages.show_error(self, exc)
            self.start_edit.setFocus()
            return
        name, customer, lang = self.name_edit.text(), self.customer_edit.text(), self.lang_combo.currentData()
        self._finish(
            "create",
            lambda: state.change_projects(
                lambda: state.projects.create(name, customer=customer, lang=lang, start_date=start), -1
            ).id,
        )  # fmt: skip

    def import_project(self) -> None:
        """A project file read on a worker (as Exports ▸ Import project does: one older than its project
        here asked about first, app/ui/projects/importing.py); opened once imported."""
        from app.ui.projects.importing import import_project_file

        path = messages.open_file(
            self,
            QCoreApplication.translate("ExportsPage", "Import project"),
            QCoreApplication.translate("ExportsPage", "Project files (*.json)"),
        )
        if not path:
            return
        self._set_busy(True)
        import_project_file(self.state, self, path, lambda project_id: self._opened("import", project_id), self._failed,
                            lambda: self._set_busy(False))  # fmt: skip

    def _finish(self, choice: str, make) -> None:
        try:
            project_id = make()
        except UserError as exc:
            messages.show_error(self, exc)
            return
        self._opened(choice, project_id)

    def _opened(self, choice: str, project_id: int) -> None:
        self._set_busy(False)
        self.chosen = choice
        self.state.open_project(project_id)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self._set_busy(False)
        messages.show_error(self, error)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.pages.setEnabled(not busy)

    def reject(self) -> None:  # overrides QDialog.reject
        """Close (Escape, the title bar): from the form, back to the choices (nothing typed is lost);
        on a first start the demo opens, as the page says; nothing while importing."""
        if self._busy:
            return
        if self.pages.currentIndex() != 0:  # on the form: back to the three choices, what was typed stays in it
            self.pages.setCurrentIndex(0)
            self.create_button.setFocus()
            return
        if self.first_start and self.state.project is None:
            self.open_demo(first=True)
            if self.chosen is not None:
                return
        super().reject()

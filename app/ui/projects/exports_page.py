"""The Exports page: every document the project can produce, in one place."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app import features
from app.core import kinds as registry
from app.core.files.safe_names import export_file_name
from app.core.kinds import ExportReport, run_export
from app.environment.kinds import WIKI_FORMATS, folder_name
from app.projects import transfer
from app.ui import messages, settings
from app.ui.environment.export_bar import scaffold_force
from app.ui.page import Page, heading
from app.ui.projects.importing import import_project_file
from app.ui.state import AppState
from app.ui.tasks import run_in_background
from app.ui.widgets.flow_layout import FlowLayout

_exporting: WeakKeyDictionary[AppState, set[str]] = WeakKeyDictionary()
"""The kinds each window is exporting now: off on its page, on a page built anew too (a language switch)."""


class ExportsPage(Page):
    page_id = "exports"
    phase = ""

    @classmethod
    def title(cls) -> str:
        return QCoreApplication.translate("ExportsPage", "Exports")

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        # In a scroll area: a short window scrolls the page, never squeezes a wrapped description (Qt's
        # scroll area gives the page the height its wrapped texts need at its width).
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setObjectName("exportsScroll")
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # no Tab stop of its own: the page's keys go to its first field
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidgetResizable(True)
        body = QWidget()
        scroll.setWidget(body)
        outer.addWidget(scroll)
        layout = QVBoxLayout(body)
        top = FlowLayout()
        top.addWidget(heading(self.title()))
        top.addStretch(1)
        lang_label = QLabel(self.tr("Document language:"))
        top.addWidget(lang_label)
        self.lang_combo = QComboBox()
        lang_label.setBuddy(self.lang_combo)  # (on Linux a combo box is spoken by its label: the buddy beside it)
        self.lang_combo.setObjectName("exportLangCombo")
        self.lang_combo.setAccessibleName(self.tr("Document language"))
        self.lang_combo.addItem("日本語", "ja")
        self.lang_combo.addItem("English", "en")
        self.lang_combo.setCurrentIndex(0 if state.export_lang == "ja" else 1)
        self.lang_combo.currentIndexChanged.connect(self._lang_changed)
        state.documentLangChanged.connect(self._show_export_lang)
        top.addWidget(self.lang_combo)
        layout.addLayout(top)

        box = QGroupBox(self.tr("Project file (JSON)"))
        box.setObjectName("projectFileGroup")
        inner = QVBoxLayout(box)
        about = QLabel(
            self.tr(
                "The whole project (answers with their history, hearing sessions and documents) in one file, "
                "to hand to a colleague or keep as a backup. Importing creates a new project; nothing existing changes. "
                "A file older than its project here (changed here since the file was written) is asked about first."
            )
        )
        about.setWordWrap(True)
        inner.addWidget(about)
        row = QHBoxLayout()
        self.export_button = QPushButton(self.tr("Export project…"))
        self.export_button.setObjectName("exportProjectButton")
        self.export_button.setAccessibleName(self.tr("Export project to a JSON file"))
        self.export_button.clicked.connect(self.export_project)
        self.import_button = QPushButton(self.tr("Import project…"))
        self.import_button.setObjectName("importProjectButton")
        self.import_button.setAccessibleName(self.tr("Import a project from a JSON file"))
        self.import_button.clicked.connect(self.import_project)
        row.addWidget(self.export_button)
        row.addWidget(self.import_button)
        row.addStretch(1)
        inner.addLayout(row)
        self.result_label = QLabel("")
        self.result_label.setObjectName("exportResult")
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        inner.addWidget(self.result_label)
        layout.addWidget(box)

        self.documents_box = QGroupBox(self.tr("Documents"))
        self.documents_box.setObjectName("documentsGroup")
        grid = QGridLayout(self.documents_box)
        self.kind_buttons: dict[str, QPushButton] = {}
        lang = state.ui_lang
        for grid_row, kind in enumerate(features.export_kinds()):
            title = QLabel(f"<b>{_escape(kind.title.get(lang) or kind.name)}</b>")
            grid.addWidget(title, grid_row, 0)
            about = QLabel(kind.describe(lang))
            about.setObjectName(f"export_about_{kind.name}")
            about.setTextFormat(Qt.TextFormat.PlainText)
            about.setWordWrap(True)
            if kind.name == "wiki":  # its format beside its description: the other descriptions keep their width
                beside = QHBoxLayout()
                beside.addWidget(about, 1)
                beside.addWidget(self._wiki_format_combo())
                grid.addLayout(beside, grid_row, 1)
            else:
                grid.addWidget(about, grid_row, 1)
            button = QPushButton(self.tr("Export…"))
            button.setObjectName(f"export_{kind.name}")
            button.setAccessibleName(self.tr("Export {0}").format(kind.title.get(lang) or kind.name))
            button.clicked.connect(lambda _=False, name=kind.name: self.export_kind(name))
            grid.addWidget(button, grid_row, 2)
            self.kind_buttons[kind.name] = button
        if not self.kind_buttons:
            grid.addWidget(QLabel(self.tr("No document kinds are installed.")), 0, 0)
        grid.setColumnStretch(1, 1)
        # The export report: what the last export wrote and what its format could not carry.
        self.report_label = QLabel("")
        self.report_label.setObjectName("exportReport")
        self.report_label.setWordWrap(True)
        self.report_label.setTextFormat(Qt.TextFormat.PlainText)
        self.report_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        grid.addWidget(self.report_label, grid.rowCount(), 0, 1, 3)
        layout.addWidget(self.documents_box)
        layout.addStretch(1)

    def place(self) -> object:
        """The wiki format chosen (kept across a language switch, which builds the page again)."""
        return {"wiki_format": self.wiki_format.currentData()} if hasattr(self, "wiki_format") else None

    def restore_place(self, place: object) -> None:
        if isinstance(place, dict) and hasattr(self, "wiki_format") and (found := self.wiki_format.findData(place.get("wiki_format"))) >= 0:
            self.wiki_format.setCurrentIndex(found)

    def _wiki_format_combo(self) -> QComboBox:
        """The wiki's format (``export wiki --format``): a Markdown folder, a GitHub wiki or an MkDocs site."""
        self.wiki_format = QComboBox()
        self.wiki_format.setObjectName("wikiFormat")
        self.wiki_format.setAccessibleName(self.tr("Wiki format"))
        labels = {
            "plain": self.tr("Markdown folder (index.md)"),
            "github": self.tr("GitHub wiki (Home.md, _Sidebar.md)"),
            "mkdocs": self.tr("MkDocs site (mkdocs.yml, docs/)"),
        }
        for fmt in WIKI_FORMATS:
            self.wiki_format.addItem(labels.get(fmt, fmt), fmt)
        return self.wiki_format

    def options_of(self, name: str) -> dict[str, Any]:
        """The options an export runs with: the kind's defaults, and what this page chose for it."""
        options = dict(features.EXPORTS[name].defaults)
        if "bom" in options:  # Settings ▸ Exports
            options["bom"] = settings.tracker_bom()
        if name == "wiki":
            options["format"] = self.wiki_format.currentData()
        return options

    def on_shown(self) -> None:
        # Another page (the proposal's or the wiki's preview) may have switched the language.
        self._show_export_lang()

    def _show_export_lang(self, *_: object) -> None:
        """Show the language documents are exported in (a page's choice or Project Properties)."""
        index = self.lang_combo.findData(self.state.export_lang)
        if index >= 0 and index != self.lang_combo.currentIndex():
            self.lang_combo.blockSignals(True)
            self.lang_combo.setCurrentIndex(index)
            self.lang_combo.blockSignals(False)

    def _lang_changed(self) -> None:
        # The open project's choice, like the wiki preview's: it holds until another project opens
        # (AppState.export_lang), so it is not kept in the settings.
        self.state.export_lang = self.lang_combo.currentData()

    def export_kind(self, name: str) -> None:
        project = self.state.project
        if project is None:
            return
        kind = features.EXPORTS[name]
        if kind.is_folder:
            path = messages.choose_folder(self, self.tr("Export to a new folder"))
            if path:
                fmt = self.wiki_format.currentData() if name == "wiki" else "plain"
                path = str(Path(path) / folder_name(self.state.workspace, project.id, name, self.state.ui_lang, fmt))
        else:
            patterns = " ".join(f"*{s}" for s in kind.suffixes)
            suggested = str(Path.home() / kind.file_name(project.name, self.state.ui_lang))
            path = messages.save_file(self, self.tr("Export"), suggested, f"{kind.title.get(self.state.ui_lang, name)} ({patterns})")
        if not path:
            return
        try:
            out = registry.export_target(kind, Path(path))  # 「WBS顧客提出」 as typed in the dialog: WBS顧客提出.xlsx
        except Exception as exc:  # shown through the one error channel
            messages.show_error(self, exc)
            return
        options = self.options_of(name)
        if name == "scaffold":  # a folder holding files: asked, as on the environment pages (never a --force to type)
            force = scaffold_force(self, out)
            if force is None:
                return
            options["force"] = force
        self.kind_buttons[name].setEnabled(False)
        ws, lang = self.state.workspace, self.state.export_lang
        _exporting.setdefault(self.state, set()).add(name)

        def done(report: ExportReport) -> None:
            page = self._exported_kind(name)  # (the page of now: a language switch may have replaced this one)
            page.result_label.setText(page.tr("Wrote {0}").format(report.written[0]))
            page.show_report(report)

        def failed(error: BaseException) -> None:
            messages.show_error(self._exported_kind(name), self.state.named_error(error))  # a project deleted meanwhile: by its name

        self.report_label.clear()
        run_in_background(lambda: run_export(kind, ws, project.id, out, lang, options), done, failed)

    def _exported_kind(self, name: str) -> ExportsPage:
        """The export of ``name`` is over: its button on again, on the page that shows it now (Page.now)."""
        _exporting.get(self.state, set()).discard(name)
        page = self.now()
        assert isinstance(page, ExportsPage)
        page.kind_buttons[name].setEnabled(page.state.project_id >= 0)
        return page

    def show_report(self, report: ExportReport) -> None:
        """Under the documents, in the window's language: each field the format could not carry as
        it is, why, and where it went (nothing when the format kept everything)."""
        self.report_label.setText(report.dropped_text(self.state.ui_lang))

    def on_project_changed(self, project_id: int) -> None:
        self.export_button.setEnabled(project_id >= 0)
        for name, button in self.kind_buttons.items():
            button.setEnabled(project_id >= 0 and name not in _exporting.get(self.state, ()))  # (one running: not twice)
        self.result_label.clear()
        self.report_label.clear()

    def export_project(self) -> None:
        project = self.state.project
        if project is None:
            return
        suggested = str(Path.home() / export_file_name(project.name, suffix=".json"))
        path = messages.save_file(self, self.tr("Export project"), suggested, self.tr("Project files (*.json)"))
        if not path:
            return
        db, library = self.state.workspace.db, self.state.workspace.library  # (checked as the import checks it)
        self.export_button.setEnabled(False)
        run_in_background(
            lambda: transfer.export_file(db, project.id, Path(path), library),
            self._exported,
            self._failed,
        )

    def _here(self) -> ExportsPage:
        """The page that shows a project file's export or import ending: this one, or the one a language switch
        made meanwhile (Page.now)."""
        page = self.now()
        assert isinstance(page, ExportsPage)
        return page

    def _exported(self, path: Path) -> None:
        page = self._here()
        page.export_button.setEnabled(page.state.project_id >= 0)
        page.result_label.setText(self.tr("Wrote {0}").format(path))

    def _failed(self, error: BaseException) -> None:
        page = self._here()
        page.export_button.setEnabled(page.state.project_id >= 0)
        page.import_button.setEnabled(True)
        messages.show_error(page, error)

    def import_project(self) -> None:
        """A new project of a project file; one older than its project here is asked about first
        (app/ui/projects/importing.py)."""
        path = messages.open_file(self, self.tr("Import project"), self.tr("Project files (*.json)"))
        if not path:
            return
        self.import_button.setEnabled(False)
        self.result_label.clear()
        import_project_file(self.state, self, path, self._imported, self._failed, self._not_imported)

    def _not_imported(self) -> None:
        page = self._here()
        page.import_button.setEnabled(True)
        page.result_label.setText(self.tr("Nothing was imported."))

    def _imported(self, project_id: int) -> None:
        page = self._here()
        page.import_button.setEnabled(True)
        project = page.state.open_project(project_id)
        page.result_label.setText(self.tr("Imported as “{0}”").format(project.name))


def _escape(text: str) -> str:
    from html import escape

    return escape(text)


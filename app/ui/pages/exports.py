"""The Exports page: every document the project can produce, in one place."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.services import transfer
from app.ui import messages
from app.ui.pages.base import Page, heading
from app.ui.state import AppState
from app.ui.tasks import run_in_background


class ExportsPage(Page):
    page_id = "exports"
    phase = ""

    @classmethod
    def title(cls) -> str:
        return QCoreApplication.translate("ExportsPage", "Exports")

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.title()))

        box = QGroupBox(self.tr("Project file (JSON)"))
        box.setObjectName("projectFileGroup")
        inner = QVBoxLayout(box)
        about = QLabel(
            self.tr(
                "The whole project (answers with their history, hearing sessions and documents) in one file, "
                "to hand to a colleague or keep as a backup. Importing creates a new project; nothing existing changes."
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
        self.documents_layout = QVBoxLayout(self.documents_box)
        self.documents_note = QLabel(
            self.tr(
                "Hearing sheet, minutes and follow-ups, the WBS workbook, the proposal, the experiment-rules wiki, "
                "the experiment-management sheet and the system-planning document appear here as their pages are built."
            )
        )
        self.documents_note.setWordWrap(True)
        self.documents_layout.addWidget(self.documents_note)
        layout.addWidget(self.documents_box)
        layout.addStretch(1)

    def on_project_changed(self, project_id: int) -> None:
        self.export_button.setEnabled(project_id >= 0)
        self.result_label.clear()

    def export_project(self) -> None:
        project = self.state.project
        if project is None:
            return
        suggested = str(Path.home() / f"{project.name}.json")
        path = messages.save_file(self, self.tr("Export project"), suggested, self.tr("Project files (*.json)"))
        if not path:
            return
        db = self.state.workspace.db
        self.export_button.setEnabled(False)
        run_in_background(
            lambda: transfer.export_file(db, project.id, Path(path)),
            self._exported,
            self._failed,
        )

    def _exported(self, path: Path) -> None:
        self.export_button.setEnabled(True)
        self.result_label.setText(self.tr("Wrote {0}").format(path))

    def _failed(self, error: BaseException) -> None:
        self.export_button.setEnabled(True)
        self.import_button.setEnabled(True)
        messages.show_error(self, error)

    def import_project(self) -> None:
        path = messages.open_file(self, self.tr("Import project"), self.tr("Project files (*.json)"))
        if not path:
            return
        db = self.state.workspace.db
        self.import_button.setEnabled(False)
        run_in_background(lambda: transfer.import_file(db, Path(path)), self._imported, self._failed)

    def _imported(self, project_id: int) -> None:
        self.import_button.setEnabled(True)
        self.state.projectsListChanged.emit()
        project = self.state.open_project(project_id)
        self.result_label.setText(self.tr("Imported as “{0}”").format(project.name))

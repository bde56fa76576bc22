"""Export buttons of the environment pages: the wiki (with its format), the experiment sheet, the scaffold.

They call the same export kinds as the command line and the Exports page, in the background,
in the document language chosen in the preview.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QComboBox, QGroupBox, QLabel, QPushButton, QVBoxLayout, QWidget

from app import features
from app.core.errors import UserError
from app.core.files.folder_target import is_empty_folder, previous_kind
from app.core.kinds import ExportReport, export_target, run_export
from app.environment.kinds import folder_name
from app.ui import messages
from app.ui.page import Page
from app.ui.state import AppState
from app.ui.tasks import run_in_background
from app.ui.widgets.flow_layout import FlowLayout

WIKI_FORMATS = ("plain", "github", "mkdocs")
# The environment exports running, per window state: (page id, kind); a page built anew over a
# language switch keeps their buttons off until they report (never started twice).
_running: dict[AppState, set[tuple[str, str]]] = {}


class ExportBar(QGroupBox):
    """Buttons for ``kinds`` (a subset of "wiki", "experiment-sheet", "scaffold")."""

    def __init__(self, state: AppState, kinds: tuple[str, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Export"))
        self.setObjectName("environmentExports")
        self.state = state
        column = self._column = QVBoxLayout(self)
        self.buttons: dict[str, QPushButton] = {}
        rows: list[tuple[QPushButton, QWidget]] = []
        if "wiki" in kinds:
            self.format_combo = QComboBox()
            self.format_combo.setObjectName("wikiFormatCombo")
            self.format_combo.setAccessibleName(self.tr("Wiki format"))
            # A short name shown whole, beside its button (on a line of its own it took the room of the preview above;
            # a long one cut to a few characters read 「Markdownフォ」 at 911x512); what it writes is its tooltip.
            self.format_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            for fmt, label, about in zip(
                WIKI_FORMATS,
                (self.tr("Markdown"), self.tr("GitHub Wiki"), self.tr("MkDocs")),
                (self.tr("Markdown folder (index.md)"), self.tr("GitHub wiki (Home.md, _Sidebar.md)"),
                 self.tr("MkDocs site (mkdocs.yml, docs/)")),
                strict=True,
            ):
                self.format_combo.addItem(label, fmt)
                self.format_combo.setItemData(self.format_combo.count() - 1, about, Qt.ItemDataRole.ToolTipRole)
            self.format_combo.currentIndexChanged.connect(lambda _=0: self.format_combo.setToolTip(
                self.format_combo.currentData(Qt.ItemDataRole.ToolTipRole)))
            self.format_combo.setToolTip(self.format_combo.itemData(0, Qt.ItemDataRole.ToolTipRole))
            rows.append((self._button("wiki", self.tr("Export wiki…"), self.export_wiki), self.format_combo))
        if "experiment-sheet" in kinds:
            rows.append((self._button("experiment-sheet", self.tr("Export experiment sheet…"), self.export_sheet),
                         self._about(self.tr("raw datasets, processed datasets, experiment results (xlsx)"))))
        if "scaffold" in kinds:
            rows.append((self._button("scaffold", self.tr("Export project scaffold…"), self.export_scaffold),
                         self._about(self.tr("layout, README, Dockerfile, pipeline, dataset lists, CI"))))
        self._abouts: list[tuple[QPushButton, QLabel]] = []
        for button, beside in rows:
            if isinstance(beside, QLabel):
                button.setToolTip(beside.text())
                self._abouts.append((button, beside))
            row = FlowLayout()  # the format under its button only where the column is narrower than both
            row.addWidget(button)
            row.addWidget(beside, 1)
            column.addLayout(row)
        self.result_label = QLabel("")
        self.result_label.setObjectName("environmentExportResult")
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column.addWidget(self.result_label)

    @staticmethod
    def _about(text: str) -> QLabel:
        """What an export writes, beside its button (on two lines when the column is narrow)."""
        label = QLabel(text)
        label.setWordWrap(True)
        return label

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Override QWidget.resizeEvent: what an export writes is shown beside its button where it fits there, else
        only in the button's tooltip (under the button it took the room of the preview above in a narrow window)."""
        super().resizeEvent(event)
        margins = self._column.contentsMargins()
        room = self.contentsRect().width() - margins.left() - margins.right() - max(0, self._column.spacing())
        for button, about in self._abouts:
            about.setVisible(room - button.sizeHint().width() >= about.sizeHint().width())

    def _button(self, kind: str, text: str, slot) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(f"environmentExport_{kind}")
        button.clicked.connect(lambda _=False: slot())
        self.buttons[kind] = button
        return button

    def set_enabled(self, enabled: bool) -> None:
        running = _running.get(self.state, set())
        for kind, button in self.buttons.items():
            button.setEnabled(enabled and (self._page_id(), kind) not in running)

    def _page_id(self) -> str:
        page = self._page()
        return page.page_id if page is not None else ""

    def _page(self) -> Page | None:
        widget = self.parentWidget()
        while widget is not None and not isinstance(widget, Page):
            widget = widget.parentWidget()
        return widget

    def _of_now(self) -> ExportBar:
        """The export bar where a result is shown now: this one, or the one of the page that replaced
        this one's page (a language switch while the export ran, Page.now)."""
        page = self._page()
        now = page.now() if page is not None else None
        bar = getattr(now, "exports", None)
        return bar if isinstance(bar, ExportBar) else self

    # --- the exports --------------------------------------------------------------------------

    def export_wiki(self) -> None:
        project = self.state.project
        if project is None:
            return
        folder = messages.choose_folder(self, self.tr("Choose where to create the wiki folder"))
        if not folder:
            return
        fmt = self.format_combo.currentData()
        out = Path(folder) / folder_name(self.state.workspace, project.id, "wiki", self.state.ui_lang, fmt)
        self._run("wiki", out, {"format": fmt})

    def export_sheet(self) -> None:
        project = self.state.project
        if project is None:
            return
        suggested = str(Path.home() / features.EXPORTS["experiment-sheet"].file_name(project.name, self.state.ui_lang))
        path = messages.save_file(self, self.tr("Export experiment sheet"), suggested, self.tr("Excel workbooks (*.xlsx)"))
        if not path:
            return
        try:
            out = export_target(features.EXPORTS["experiment-sheet"], Path(path))  # 「実験管理 v1.2」: 実験管理 v1.2.xlsx
        except UserError as error:
            messages.show_error(self, error)
            return
        self._run("experiment-sheet", out, {})

    def export_scaffold(self) -> None:
        project = self.state.project
        if project is None:
            return
        folder = messages.choose_folder(self, self.tr("Choose where to create the project folder"))
        if not folder:
            return
        out = Path(folder) / folder_name(self.state.workspace, project.id, "scaffold", self.state.content_lang)
        force = scaffold_force(self, out)
        if force is not None:
            self._run("scaffold", out, {"force": force})

    def _run(self, kind_name: str, out: Path, options: dict) -> None:
        kind = features.EXPORTS[kind_name]
        self.buttons[kind_name].setEnabled(False)
        ws, project_id, lang = self.state.workspace, self.state.project_id, self.state.export_lang
        running = (self._page_id(), kind_name)
        _running.setdefault(self.state, set()).add(running)

        def over() -> ExportBar:
            _running.get(self.state, set()).discard(running)
            bar = self._of_now()
            bar.buttons[kind_name].setEnabled(bar.state.project is not None)
            return bar

        def done(report: ExportReport) -> None:
            bar = over()
            bar.result_label.setText(report.text(bar.state.ui_lang))

        def failed(error: BaseException) -> None:
            bar = over()
            messages.show_error(bar, bar.state.named_error(error))

        run_in_background(lambda: run_export(kind, ws, project_id, out, lang, options), done, failed)


def scaffold_force(parent: QWidget, out: Path) -> bool | None:
    """Whether the scaffold is written into ``out`` over what it holds (asked when it is not empty: its
    files of the same name replaced, everything else kept); None: the user said no."""
    if not out.is_dir() or is_empty_folder(out):
        return False
    question = (
        QCoreApplication.translate("ExportBar", "{0} already holds a scaffold. Replace the scaffold's files and keep everything else?")
        if previous_kind(out) == "scaffold"
        else QCoreApplication.translate("ExportBar", "{0} is not empty. Write the scaffold into it, replacing files of the same name?")
    )
    title = QCoreApplication.translate("ExportBar", "Export project scaffold")
    return True if messages.confirm(parent, title, question.format(out)) else None

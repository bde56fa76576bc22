"""Help ▸ About: version, the app's licence, each bundled library's licence with Qt's LGPL notice, where data lives."""

from __future__ import annotations

import platform
from html import escape
from pathlib import Path

import PySide6
from PySide6.QtCore import QUrl, qVersion
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app import __version__
from app.core import paths
from app.core.storage.errors import named_database
from app.ui.desktop import open_links_outside, open_url
from app.ui.help.licences import app_licence, bundled_libraries
from app.ui.state import AppState
from app.ui.widgets import colours
from app.ui.window.geometry import fit_dialog

LGPL_URL = "https://www.gnu.org/licenses/lgpl-3.0.html"
QT_SOURCE_URL = "https://download.qt.io/official_releases/"


class AboutDialog(QDialog):
    """What the app is, under which licences it and its libraries come, and where its data is."""

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(self.tr("About MLOps Kickoff"))
        fit_dialog(self, 680, 620)
        db = state.workspace.db
        self.data_folder = paths.data_dir()
        self.database = str(db.path) if db.path is not None else named_database(db.url)
        self.library, self.lang = state.workspace.library, state.ui_lang
        self.text = QTextBrowser(self)
        self.text.setObjectName("aboutText")
        self.text.setAccessibleName(self.tr("About MLOps Kickoff"))
        open_links_outside(self.text)
        self.text.setHtml(self.html())
        colours.changed().connect(self._scheme_changed)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.setObjectName("aboutButtons")
        self.open_data = QPushButton(self.tr("Open Data Folder"))
        self.open_data.setObjectName("aboutOpenDataButton")
        self.open_data.clicked.connect(self.open_data_folder)
        buttons.addButton(self.open_data, QDialogButtonBox.ButtonRole.ActionRole)
        about_qt = QPushButton(self.tr("About Qt"))
        about_qt.setObjectName("aboutQtButton")
        about_qt.clicked.connect(lambda: QApplication.aboutQt())
        buttons.addButton(about_qt, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)

    def _scheme_changed(self) -> None:
        self.text.setHtml(self.html())  # (Qt writes the palette's link colour into the page it reads)

    def html(self) -> str:
        rows = "".join(
            f"<tr><td>{escape(lib.name)}</td><td>{escape(lib.version)}</td><td>{escape(lib.licence)}</td></tr>"
            for lib in bundled_libraries()
        )
        rows += f"<tr><td>Qt</td><td>{escape(qVersion())}</td><td>LGPL-3.0-only</td></tr>"
        rows += f"<tr><td>Python</td><td>{escape(platform.python_version())}</td><td>PSF-2.0</td></tr>"  # a bundle carries it
        qt_folder = Path(PySide6.__file__).resolve().parent
        notice = escape(self.tr(
            "Qt {0} and PySide6 are used under the GNU Lesser General Public License version 3 (LGPL-3.0). "
            "You may replace the Qt and PySide6 libraries of this installation with versions of your own, "
            "modified or not: they are separate files, loaded at start, in {1}. Their source code is "
            "available from {2}; the licence text is at {3}."
        )).format(
            escape(qVersion()),
            f"<code>{escape(str(qt_folder))}</code>",
            f'<a href="{QT_SOURCE_URL}">{QT_SOURCE_URL}</a>',
            f'<a href="{LGPL_URL}">{LGPL_URL}</a>',
        )  # fmt: skip
        summary = self.tr(
            "Plan the PoC phase of a customer ML project: hearing, WBS, proposal, experiment environment and "
            "system planning, with every document generated from one set of answers."
        )  # fmt: skip
        licence = self.tr("Licence: {0}").format(app_licence())
        where, folder, database = self.tr("Where your data lives"), self.tr("Data folder:"), self.tr("Database:")
        libraries, library, version = self.tr("Libraries and their licences"), self.tr("Library"), self.tr("Version")
        licence_column, qt_lgpl = self.tr("Licence"), self.tr("Qt and the LGPL")
        return (
            f"<h2>MLOps Kickoff {escape(__version__)}</h2><p>{escape(summary)}</p><p>{escape(licence)}</p>"
            f"<h3>{escape(where)}</h3>"
            f"<p>{escape(folder)} <code>{escape(str(self.data_folder))}</code><br>"
            f"{escape(database)} <code>{escape(self.database)}</code></p>"
            f"<h3>{escape(libraries)}</h3>"
            f"<table cellspacing='0' cellpadding='3'><tr><th align='left'>{escape(library)}</th>"
            f"<th align='left'>{escape(version)}</th><th align='left'>{escape(licence_column)}</th></tr>{rows}</table>"
            f"<h3>{escape(qt_lgpl)}</h3><p>{notice}</p>"
            f"{self.content_sources()}"
        )

    def content_sources(self) -> str:
        """The review checklists' sources and licences (as their content files record them)."""
        from app.review import review_checklists

        rows = []
        for checklist in review_checklists(self.library):
            licence = checklist.licence
            said = licence.attribution.get(self.lang) if licence.attribution else (licence.note.get(self.lang) if licence.note else "")
            link = f' <a href="{escape(checklist.source.url)}">{escape(checklist.source.url)}</a>' if checklist.source.url.startswith("https://") else ""
            rows.append(f"<tr><td>{escape(checklist.title.get(self.lang))}</td><td>{escape(checklist.source.citation)}{link}</td>"
                        f"<td>{escape(licence.name)}{'<br>' + escape(said) if said else ''}</td></tr>")  # fmt: skip
        if not rows:
            return ""
        title, checklist_column, source, licence_column = (self.tr("Review checklists: sources and licences"), self.tr("Checklist"),
                                                           self.tr("Source"), self.tr("Licence"))  # fmt: skip
        return (f"<h3>{escape(title)}</h3><table cellspacing='0' cellpadding='3'><tr><th align='left'>{escape(checklist_column)}</th>"
                f"<th align='left'>{escape(source)}</th><th align='left'>{escape(licence_column)}</th></tr>{''.join(rows)}</table>")  # fmt: skip

    def open_data_folder(self) -> None:
        open_url(QUrl.fromLocalFile(str(self.data_folder)), self)

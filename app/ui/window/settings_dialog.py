"""Settings ▸ Language: the window's language and the default document language of new projects."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from app.core.i18n import Lang
from app.ui.state import AppState

# Each language named in itself, as language pickers do: a user lost in the other language finds theirs.
LANG_NAMES: dict[Lang, str] = {"ja": "日本語", "en": "English"}


class SettingsDialog(QDialog):
    """Chooses the languages; the window applies them when the dialog is accepted (``MainWindow.edit_settings``)."""

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("Language"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.ui_combo = QComboBox()
        self.ui_combo.setObjectName("uiLangCombo")
        self.ui_combo.setAccessibleName(self.tr("Language of the window"))
        for lang, name in LANG_NAMES.items():
            self.ui_combo.addItem(name, lang)
        self.ui_combo.setCurrentIndex(self.ui_combo.findData(state.ui_lang))
        form.addRow(self.tr("Window language:"), self.ui_combo)
        self.doc_combo = QComboBox()
        self.doc_combo.setObjectName("documentLangCombo")
        self.doc_combo.setAccessibleName(self.tr("Default document language of new projects"))
        self.doc_combo.addItem(self.tr("Same as the window"), None)
        for lang, name in LANG_NAMES.items():
            self.doc_combo.addItem(name, lang)
        self.doc_combo.setCurrentIndex(max(0, self.doc_combo.findData(state.default_doc_lang)))
        form.addRow(self.tr("Documents of new projects:"), self.doc_combo)
        layout.addLayout(form)
        note = QLabel(self.tr(
            "A document is written in the language chosen where it is exported, else in its project's document "
            "language (File ▸ Project Properties), else in the window's language."
        ))  # fmt: skip
        note.setObjectName("settingsLangNote")
        note.setWordWrap(True)
        layout.addWidget(note)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.setObjectName("settingsButtons")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def ui_lang(self) -> Lang:
        return self.ui_combo.currentData()

    def doc_lang(self) -> Lang | None:
        return self.doc_combo.currentData()

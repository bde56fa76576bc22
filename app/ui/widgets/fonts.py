"""Whether this computer has a Japanese font, and the notice at start when it has none.

Without one (fonts-noto-cjk not installed on Linux) Qt draws every Japanese character as an empty box, in the window
and in the PDFs it writes, and nothing else would say why. Windows and macOS ship one.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QMessageBox, QWidget

PACKAGE = "fonts-noto-cjk"  # Debian and Ubuntu's (docs/packaging.md)
NOTICE: str = QT_TRANSLATE_NOOP(  # type: ignore[assignment]  # (typed as returning object)
    "Fonts",
    "This computer has no Japanese font: Japanese text is shown as empty boxes (□), in the window and in the PDFs "
    "the app writes. Install one, then start the app again: on Debian or Ubuntu, sudo apt install {0}.",
)
# Kana, CJK symbols and punctuation, ideographs (extension A, unified, compatibility), full- and half-width forms.
_JAPANESE = ((0x3000, 0x30FF), (0x31F0, 0x31FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0xFF00, 0xFFEF))


def japanese_font_missing() -> bool:
    """True when no font family Qt knows supports the Japanese writing system (fontconfig's view on Linux)."""
    return not QFontDatabase.families(QFontDatabase.WritingSystem.Japanese)


def is_japanese(char: str) -> bool:
    """Whether ``char`` (its first code point) is one only a Japanese (CJK) font draws."""
    code = ord(char[0])
    return any(low <= code <= high for low, high in _JAPANESE)


def notice_text() -> str:
    """The notice in the window's language and, when that is not English, in English below it: the user who needs
    it sees the Japanese as boxes."""
    translated = QCoreApplication.translate("Fonts", NOTICE).format(PACKAGE)
    english = NOTICE.format(PACKAGE)
    return translated if translated == english else f"{translated}\n\n{english}"


def warn_if_no_japanese_font(parent: QWidget) -> QMessageBox | None:
    """Say once, at start, that Japanese cannot be shown and what to install (a window of its own, not modal: the
    app keeps working). None when a Japanese font is there."""
    if not japanese_font_missing():
        return None
    box = QMessageBox(QMessageBox.Icon.Warning, "MLOps Kickoff", notice_text(), QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("noJapaneseFont")
    box.setModal(False)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)  # the command, copied
    box.show()
    return box

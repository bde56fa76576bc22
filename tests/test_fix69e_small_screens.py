"""Fix 69e: dialogs fitted to a small screen, the wiki preview's list above its text when narrow, the wiki format shown whole."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QPushButton


def test_fit_dialog_bounds_the_size_to_the_screen_and_keeps_a_smaller_one(qtbot) -> None:
    from app.ui.window.geometry import fit_dialog

    room = QApplication.primaryScreen().availableGeometry()
    big, small = QDialog(), QDialog()
    qtbot.addWidget(big)
    qtbot.addWidget(small)
    fit_dialog(big, room.width() + 500, room.height() + 500)
    assert big.width() <= room.width() and big.height() <= room.height()
    fit_dialog(small, 300, 200)
    assert (small.width(), small.height()) == (300, 200)


def test_a_scrolling_body_keeps_the_dialogs_smallest_height_low(qtbot) -> None:
    """A body taller than the screen scrolls; the dialog's smallest size is its buttons and a little of the body."""
    from app.ui.window.geometry import scrolling_body

    dialog = QDialog()
    qtbot.addWidget(dialog)
    layout, outer = scrolling_body(dialog)
    for n in range(40):
        layout.addWidget(QPushButton(f"row {n}"))
    outer.addWidget(QDialogButtonBox(QDialogButtonBox.StandardButton.Close))
    assert dialog.minimumSizeHint().height() < 200


def test_the_wiki_preview_puts_its_list_above_the_text_only_when_narrow(qtbot) -> None:
    from app.ui.environment.wiki_preview import WikiPreview

    preview = WikiPreview()
    qtbot.addWidget(preview)
    preview.resize(1000, 500)
    preview.show()
    QApplication.processEvents()
    assert preview.splitter.orientation() == Qt.Orientation.Horizontal
    char = preview.fontMetrics().horizontalAdvance("あ")
    preview.resize(12 * char, 500)  # narrower than list and text side by side
    QApplication.processEvents()
    assert preview.splitter.orientation() == Qt.Orientation.Vertical
    assert preview.browser.width() >= 10 * char
    preview.resize(1000, 500)  # wide again: side by side, the text the wider
    QApplication.processEvents()
    assert preview.splitter.orientation() == Qt.Orientation.Horizontal
    sizes = preview.splitter.sizes()
    assert sizes[1] > sizes[0] > 0


def test_the_wiki_format_says_what_it_writes_in_its_tooltip(qtbot, db_path) -> None:
    from tests.gui_helpers import make_window

    window = make_window(qtbot, db_path)
    combo = window.page("data-ci").exports.format_combo
    assert [combo.itemText(n) for n in range(combo.count())] == ["Markdown", "GitHub Wiki", "MkDocs"]
    assert "index.md" in combo.toolTip()
    combo.setCurrentIndex(2)
    assert "mkdocs.yml" in combo.toolTip()

"""The hearing page's item editor fits its pane at 1366x768 in Japanese: its help and the answers'
history are beside and below the answer, never behind a horizontal scroll bar (the follow-up row's
owner, due date and done wrap onto a second line rather than widen the editor)."""

from __future__ import annotations

from PySide6.QtWidgets import QScrollArea

from tests.gui_helpers import make_window, settle
from tests.test_nothing_lost_gui import open_item

FOLLOW_UP_ITEM = "hearing.basics.kpi_fermi"  # 技術的KPIとビジネス的KPIの紐付け: 要フォロー in the demo


def test_the_item_editor_needs_no_horizontal_scrolling_at_1366x768(qtbot, demo, db_path) -> None:
    window = make_window(qtbot, db_path, global_lang="ja", global_project=str(demo.id), page="hearing")
    window.resize(1366, 768)
    editor = open_item(window, qtbot, FOLLOW_UP_ITEM)
    settle(window)
    scroll = window.page("hearing").findChild(QScrollArea, "itemEditorScroll")

    assert editor.followup.isVisible()  # (the row that widened it)
    assert editor.minimumSizeHint().width() <= scroll.viewport().width(), (editor.minimumSizeHint().width(), scroll.viewport().width())
    assert not scroll.horizontalScrollBar().isVisible()
    help_box = editor.help_label.parentWidget()
    assert help_box.mapTo(scroll.viewport(), help_box.rect().topRight()).x() <= scroll.viewport().width()  # the help whole in view

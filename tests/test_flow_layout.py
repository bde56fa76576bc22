"""The flow layout of the pages' header rows: one line where the row fits, more lines (every button whole, nothing
overlapping) where it does not, the title first, a stretch taking its line's rest; and every page's header on one
line at 1366x768."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from app.ui.widgets.flow_layout import FlowLayout
from tests.gui_helpers import settle


def row(qtbot) -> tuple[QWidget, FlowLayout, QLabel, list[QPushButton], QLabel]:
    host = QWidget()
    qtbot.addWidget(host)
    column = QVBoxLayout(host)
    top = FlowLayout()
    title = QLabel("WBS")
    top.addWidget(title)
    top.addStretch(1)
    buttons = [QPushButton(text) for text in ("ヒアリングから生成・更新", "スケジュール", "要員…", "負荷の平準化…", "Excelから取り込み…")]
    for button in buttons:
        top.addWidget(button)
    column.addLayout(top)
    below = QLabel("below")
    column.addWidget(below, 1)
    host.show()
    return host, top, title, buttons, below


def test_one_line_where_it_fits_the_buttons_at_the_right(qtbot) -> None:
    host, top, title, buttons, below = row(qtbot)
    host.resize(top.sizeHint().width() + 200, 200)
    settle(host)
    assert top.line_count() == 1
    assert title.x() == top.geometry().x()
    assert buttons[-1].geometry().right() == top.geometry().right()  # the stretch took the room between
    assert {button.y() for button in buttons} == {buttons[0].y()}


def test_narrow_it_wraps_every_button_whole_and_the_row_below_moves_down(qtbot) -> None:
    host, top, title, buttons, below = row(qtbot)
    widest = max(button.sizeHint().width() for button in buttons)
    host.resize(widest + 60, 400)
    settle(host)
    assert top.line_count() > 2
    assert title.pos() == top.geometry().topLeft() or title.x() == top.geometry().x()
    for button in buttons:
        assert button.width() >= button.minimumSizeHint().width()
        assert top.geometry().contains(button.geometry())
    boxes = [button.geometry() for button in buttons]
    assert not any(a.intersects(b) for n, a in enumerate(boxes) for b in boxes[n + 1:])
    assert below.y() > max(box.bottom() for box in boxes)
    assert top.geometry().height() == top.heightForWidth(top.geometry().width())
    assert top.minimumSize().width() >= widest


def test_a_hidden_button_takes_no_room(qtbot) -> None:
    host, top, title, buttons, below = row(qtbot)
    host.resize(top.sizeHint().width() + 10, 200)
    settle(host)
    wide = top.sizeHint().width()
    buttons[0].hide()
    settle(host)
    assert top.sizeHint().width() < wide
    assert top.line_count() == 1


def test_every_page_header_is_one_line_at_1366x768(japanese_window) -> None:
    window = japanese_window
    window.resize(1366, 768)
    for n in range(window.nav.count()):
        window.nav.setCurrentRow(n)
        settle(window)
        page = window.current_page()
        header = page.layout().itemAt(0).layout()
        if isinstance(header, FlowLayout):
            assert header.line_count() == 1, page.objectName()

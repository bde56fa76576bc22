"""Where the main window opens: the screen it opens on holds it whole, on a first start (1280x820 where the
screen has room) and at a start that restores the size and place it was closed at. A dialog opens no larger than
its screen either (:func:`fit_dialog`), its body scrolling where the screen is smaller than it (:func:`scrolling_body`)."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QMargins, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFrame, QMainWindow, QScrollArea, QStyle, QVBoxLayout, QWidget

from app.ui import settings

FIRST_SIZE = QSize(1280, 820)  # a first start's window, where the screen has room for it
# The smallest the window can be made: every page still usable, and within a 1366x768 screen at 150 %
# (911x512 logical pixels, less the taskbar and the title bar). On a smaller screen (1366x768 at 200 %:
# 683x384) it is the screen's room instead: the pages scroll, the status bar stays on the screen.
MINIMUM_SIZE = QSize(760, 420)


def frame_margins(window: QWidget) -> QMargins:
    """The window manager's frame around ``window`` before it is shown (not known then): a title bar and
    borders as the style draws them."""
    border = window.style().pixelMetric(QStyle.PixelMetric.PM_MdiSubWindowFrameWidth)
    return QMargins(border, window.style().pixelMetric(QStyle.PixelMetric.PM_TitleBarHeight), border, border)


def fit_to_screen(window: QWidget) -> None:
    """Before ``window`` is shown: shrink it (its frame included) to the available geometry of the screen it is
    on (the taskbar left out), and move a restored one inside: a window larger than the screen hid its status
    bar below the screen's edge; its smallest size no larger than that room either (:data:`MINIMUM_SIZE`). A
    first start's place is left to the window manager."""
    screen = QGuiApplication.screenAt(window.geometry().center()) or window.screen()
    area, margins = screen.availableGeometry(), frame_margins(window)
    room = area.marginsRemoved(margins).size()
    window.setMinimumSize(MINIMUM_SIZE.boundedTo(room).expandedTo(QSize(1, 1)))
    if window.width() > room.width() or window.height() > room.height():
        window.resize(window.size().boundedTo(room).expandedTo(QSize(1, 1)))
    frame = QRect(window.pos(), window.size().grownBy(margins))  # (before it is shown, pos is the frame's)
    x = max(area.x(), min(frame.x(), area.x() + area.width() - frame.width()))
    y = max(area.y(), min(frame.y(), area.y() + area.height() - frame.height()))
    if (x, y) != (frame.x(), frame.y()):
        window.move(x, y)  # (move places the frame)


def fit_dialog(dialog: QWidget, width: int, height: int) -> None:
    """Before ``dialog`` is shown: ``width`` x ``height``, or less where the available geometry of its parent's screen
    (the taskbar and its frame left out) is smaller: a 1024x600 netbook, or 1366x768 at 150 % (911x512 logical),
    hid a taller dialog's buttons below the screen's edge. (Qt centres it over its parent inside that room.)"""
    screen = (dialog.parentWidget() or dialog).screen()
    room = screen.availableGeometry().marginsRemoved(frame_margins(dialog)).size()
    dialog.resize(QSize(width, height).boundedTo(room).expandedTo(QSize(1, 1)))


def scrolling_body(dialog: QWidget) -> tuple[QVBoxLayout, QVBoxLayout]:
    """``dialog``'s layout: (the body's, in a scroll area; the dialog's own, under it, for the buttons). The body
    scrolls where the screen is lower than it is (:func:`fit_dialog`): the buttons stay on the screen."""
    outer = QVBoxLayout(dialog)
    scroll = QScrollArea()
    scroll.setObjectName("dialogBody")
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # no Tab stop of its own: Tab goes to the fields in it
    scroll.setWidgetResizable(True)
    body = QWidget()
    layout = QVBoxLayout(body)
    layout.setContentsMargins(0, 0, 0, 0)
    scroll.setWidget(body)
    outer.addWidget(scroll, 1)
    return layout, outer


def restore_geometry(window: QMainWindow) -> None:
    """The size, place and docks ``window`` was closed with (a first start's size without them, or when Qt cannot
    restore them on this screen), fitted to the screen (:func:`fit_to_screen`: a smaller screen than the last one's too)."""
    geometry = settings.value("window/geometry")
    # (Qt refuses a geometry closed on a screen much wider than this one, leaving the window at its minimum in
    # a corner: a laptop taken off its monitor opens as a first start would, fitted below)
    if not (isinstance(geometry, QByteArray | bytes) and geometry and window.restoreGeometry(QByteArray(geometry))):
        window.resize(FIRST_SIZE)
    fit_to_screen(window)
    window_state = settings.value("window/state")
    if isinstance(window_state, QByteArray | bytes) and window_state:
        window.restoreState(QByteArray(window_state))

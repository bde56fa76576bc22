"""What every page of the main window has in common."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLayout,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.state import AppState
from app.ui.widgets.colours import LIGHT

if TYPE_CHECKING:
    from pathlib import Path

    from app.core.kinds import ExportKind

# A value typed and not saved (a draft to fix), on every page: its background and text in the light scheme
# (what is shown is app.ui.widgets.colours's, for the scheme of now).
INVALID_BACKGROUND, INVALID_TEXT = LIGHT.draft_bg.name(), LIGHT.draft_text.name()
# The most characters a line editor takes (Qt's own ceiling): far over any field's limit, so a value
# too long for its field reaches the core whole, is refused there naming the field and kept as a
# draft. Qt's default, 32,767, cut a longer paste without a word.
WHOLE_TEXT = 2**31 - 1

W = TypeVar("W", bound=QWidget)


def whole_text(editor: W) -> W:
    """``editor`` (a line editor, or an editable combo box's) taking whatever is typed or pasted, of any
    length: the field's limit is the core's to say (nothing typed is lost, nothing is cut silently)."""
    line = editor if isinstance(editor, QLineEdit) else editor.lineEdit() if isinstance(editor, QComboBox) else None
    if line is not None:
        line.setMaxLength(WHOLE_TEXT)
    return editor


def text_field(placeholder: str = "") -> QLineEdit:
    """A one-line field of a value, taking a text of any length (:func:`whole_text`)."""
    return whole_text(QLineEdit(placeholderText=placeholder))


def name_more_button(toolbar: QToolBar) -> None:
    """Name the » button a toolbar shows when the window is too narrow for all its actions (a small screen, a
    large scale): read out by a screen reader and shown as its tooltip, in the UI language of now."""
    more = toolbar.findChild(QToolButton, "qt_toolbar_ext_button")
    if more is not None:
        text = QCoreApplication.translate("Page", "More tools")
        more.setAccessibleName(text)
        more.setToolTip(text)


class WholeTextDelegate(QStyledItemDelegate):
    """Qt's standard delegate whose text editors take a text of any length (:func:`whole_text`):
    for the cells of an editable view that has no delegate of its own."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QWidget:  # overrides QStyledItemDelegate.createEditor
        return whole_text(super().createEditor(parent, option, index))


class Page(QWidget):
    """A page of the main window. Subclasses set ``page_id``, ``phase`` and ``title()``.

    ``page_id`` is the name used by ``--page`` and in object names; ``phase`` is the seed's task
    number shown in the navigation ("0", "1", "3-4", or "" for pages outside the phases).
    """

    page_id = ""
    phase = ""
    dropped = False  # replaced by a page built anew (a language switch), kept hidden until its background work reported

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.setObjectName(f"page_{self.page_id}")
        self.setAccessibleName(self.title())
        state.projectChanged.connect(self.on_project_changed)

    @classmethod
    def title(cls) -> str:
        raise NotImplementedError

    def tr(self, source: str, disambiguation: str | None = None, n: int = -1) -> str:
        """Qt's ``tr``, with a count (``%n``) looked up in each class's context along the page's bases,
        as PySide does for other strings: a page's mixin (app/ui/wbs/commands.py) has its strings in its
        own context, and PySide's fallback to it skips a %n string (its English, the count put in,
        already differs from the source), so it stayed English in a Japanese window."""
        if n < 0:
            return super().tr(source, disambiguation, n)
        untranslated = QCoreApplication.translate("", source, disambiguation, n)
        for cls in type(self).__mro__:
            found = QCoreApplication.translate(cls.__name__, source, disambiguation, n)
            if found != untranslated:
                return found
        return untranslated

    def now(self) -> Page:
        """This page, or the one that replaced it since the work reporting now began (a language switch
        rebuilds the pages without waiting for an export): where its result is shown, in the language of now."""
        find = getattr(self.state.parent(), "page", None)  # the window's (app/ui/window/page_stack.py)
        return find(self.page_id) if self.dropped and find is not None else self

    def export_in_background(self, kind: ExportKind, out: Path, options: dict | None = None) -> None:
        """Write the open project's document ``kind`` to ``out`` on a worker; what it wrote (or why not,
        a project deleted meanwhile by its name) said on the page of now, in the language of now."""
        from app.core.kinds import run_export
        from app.ui import messages
        from app.ui.tasks import run_in_background

        state, ws, pid, lang = self.state, self.state.workspace, self.state.project_id, self.state.export_lang
        run_in_background(
            lambda: run_export(kind, ws, pid, out, lang, options or {}),
            lambda report: messages.show_info(self.now(), report.text(state.ui_lang)),
            lambda error: messages.show_error(self.now(), state.named_error(error)),
        )

    def on_project_changed(self, project_id: int) -> None:
        """Show the project just opened (-1: none)."""

    def on_shown(self) -> None:
        """The page became the visible one."""

    def load_waiting(self) -> None:
        """Built anew (a language switch) while edits of the page it replaces waited for a busy database: read
        the project now, shown or not, so that the page takes them back (kept as drafts) and saves them."""
        self.on_shown()

    def place(self) -> object:
        """Where the user is in this page (kept across a rebuild, e.g. a language switch); None: nowhere."""
        return None

    def restore_place(self, place: object) -> None:
        """Go back to a ``place()`` taken from the page this one replaces."""

    def settled(self) -> bool:
        """No refresh is pending or running: what is on screen is final (used by --screenshot)."""
        return True


def heading(text: str, object_name: str = "pageTitle") -> QLabel:
    label = QLabel(text)
    label.setObjectName(object_name)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 1.5)
    font.setBold(True)
    label.setFont(font)
    return label


class PlaceholderPage(Page):
    """An honest placeholder: what the page will do, taken from the seed's task description."""

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.title()))
        body = QLabel(self.coming())
        body.setObjectName("placeholderText")
        body.setWordWrap(True)
        body.setTextFormat(Qt.TextFormat.PlainText)
        body.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(body)
        note = QLabel(
            QCoreApplication.translate(
                "PlaceholderPage", "This page is not built yet. Everything you enter elsewhere is kept and will feed it."
            )
        )
        note.setObjectName("placeholderNote")
        note.setWordWrap(True)
        note.setEnabled(False)
        layout.addWidget(note)
        layout.addStretch(1)

    def coming(self) -> str:
        raise NotImplementedError


def menu_button(object_name: str, text: str, accessible_name: str) -> QToolButton:
    """A button that opens its menu on click, its arrow after the text (the style's own small arrow
    is drawn over the text's last character in a tool button)."""
    button = QToolButton()
    button.setObjectName(object_name)
    button.setAccessibleName(accessible_name)
    button.setText(f"{text} ▾")
    button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
    button.setStyleSheet("QToolButton::menu-indicator { image: none; width: 0px; }")
    return button


def empty_layout(layout: QLayout) -> None:
    """Take every widget out of ``layout`` and delete it (later, as Qt deletes: signals in flight land)."""
    while layout.count():
        child = taken.widget() if (taken := layout.takeAt(0)) is not None else None
        if child is not None:
            child.setParent(None)
            child.deleteLater()

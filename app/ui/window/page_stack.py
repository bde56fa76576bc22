"""The main window's pages: a placeholder in the stack per page, the page built when first shown.

A start builds only the page in front (its modules are imported then too); ``page(id)`` builds any
other on demand, so tests and walks reach every page as before.
"""

from __future__ import annotations

import warnings
from typing import cast

import shiboken6
from PySide6.QtCore import QCoreApplication, QSize, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QLayout,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QStackedWidget,
    QWidget,
)

from app.core.errors import DatabaseBusy, UserError
from app.core.messages import Many
from app.ui.operations import Offline, is_offline
from app.ui.page import Page
from app.ui.pages import PAGE_SPECS
from app.ui.state import UNREAD_RETRY_MS, AppState
from app.ui.tasks import after_background
from app.ui.translations import keep_open_dialogs

# The pages that save their own edits a busy database kept waiting (the drafts' item ids they keep them under:
# app/ui/wbs/kept.py KEPT, app/ui/proposal/drafts.py DRAFT, app/ui/system_planning/held_choice.py KEY), built at start
# when a window gone left such edits.
WAITING_PAGES = (("wbs:", "wbs"), ("proposal:document", "proposal"), ("system-planning:", "system-planning"))


class PagesShown(QStackedWidget):
    """The window's stack of pages, as large as the page in front needs (a QStackedWidget is as large as
    its largest page: in the window's scroll area every page scrolled as far as the largest one)."""

    def __init__(self) -> None:
        super().__init__()
        layout = self.layout()
        assert layout is not None  # (a QStackedWidget's own QStackedLayout)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)  # (else the largest page's minimum)
        self.currentChanged.connect(lambda _row: self.updateGeometry())

    def sizeHint(self) -> QSize:  # overrides QWidget.sizeHint
        page = self.currentWidget()
        return page.sizeHint() if page is not None else super().sizeHint()

    def minimumSizeHint(self) -> QSize:  # overrides QWidget.minimumSizeHint
        page = self.currentWidget()
        return page.minimumSizeHint().expandedTo(page.minimumSize()) if page is not None else super().minimumSizeHint()

    def hasHeightForWidth(self) -> bool:  # overrides QWidget.hasHeightForWidth
        page = self.currentWidget()
        return page is not None and page.hasHeightForWidth()

    def heightForWidth(self, width: int) -> int:  # overrides QWidget.heightForWidth
        page = self.currentWidget()
        return page.heightForWidth(width) if page is not None else -1


class PageStack:
    """The MainWindow's pages (a mixin: the window sets ``state``, ``stack``, ``nav``, ``_built``, ``_places``)."""

    state: AppState
    stack: QStackedWidget
    page_scroll: QScrollArea
    nav: QListWidget
    _built: dict[str, Page]
    _places: dict[str, object]  # where to put a page when it is built (after a language switch)
    _waiting_pages: frozenset[str] = frozenset()  # pages dropped while edits of theirs waited: built again at once
    _dropping = False  # the pages being dropped (a language switch): no page is built until the new ones are

    def _scrolled_pages(self) -> QScrollArea:
        """The stack in a scroll area: the page scrolls when the window is smaller than the page can be laid
        out (a 1366x768 screen at 150 %), rather than its rows being squeezed over one another."""
        scroll = QScrollArea()
        scroll.setObjectName("pageScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setWidget(self.stack)
        self.page_scroll = scroll
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_into_view)
        return scroll

    def _focus_into_view(self, _old: QWidget | None, new: QWidget | None) -> None:
        """A field of the page given the keyboard (Ctrl+F on a page scrolled down, an undo, Tab) is scrolled
        into view as Tab would; one clicked is left where it is (the page does not jump under the mouse).

        Every scroll area it is in follows, the innermost first, then the window's: a page's own area scrolls by
        itself only for a Tab between its own children, so Tab coming round the page again (into the area from
        outside it) gave the keys to a field that area had scrolled out of sight."""
        if new is None or QApplication.mouseButtons() != Qt.MouseButton.NoButton or not self.stack.isAncestorOf(new):
            return
        parent = new.parentWidget()
        while parent is not None and parent is not self.page_scroll.parentWidget():
            if isinstance(parent, QScrollArea) and (inner := parent.widget()) is not None and inner.isAncestorOf(new):
                parent.ensureWidgetVisible(new)  # (the margins Tab scrolls with)
            parent = parent.parentWidget()

    def _build_pages(self) -> None:
        """The navigation entries and a placeholder per page, in the UI language of now."""
        for spec in PAGE_SPECS:
            placeholder = QWidget()
            placeholder.setObjectName(f"unbuilt_{spec.page_id}")
            self.stack.addWidget(placeholder)
            label = f"{spec.phase}  {spec.title()}" if spec.phase else spec.title()
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, spec.page_id)
            item.setToolTip(spec.title())
            self.nav.addItem(item)
        QTimer.singleShot(0, self.stack, self._wake_waiting)  # (the window built: its project open, its page shown)

    def _wake_waiting(self) -> None:
        """Edits a busy database kept waiting are saved by themselves, whether their page is shown or not: the
        pages a language switch rebuilt while theirs waited are built and read now, taking them back (kept as
        drafts); the answers no item editor keeps (a window gone's, taken over at start) are tried again."""
        if self._dropping:  # (a wake-up due from a rebuild, run while the next drop lets events through: that one wakes)
            return
        waiting, self._waiting_pages = self._waiting_pages, frozenset()
        if self.state.project_id >= 0:
            from app.ui.hearing.drafts import drafts_of

            drafts = drafts_of(self.state)  # and the pages whose edits a window gone left waiting (taken over at start)
            # (any of theirs: a window's own waiting edits are kept without the busy mark a window gone's carry)
            waiting |= {page for prefix, page in WAITING_PAGES if any(d.fields for _i, d in drafts.kept(self.state.project_id, prefix))}
            for page_id in sorted(waiting, key=[spec.page_id for spec in PAGE_SPECS].index):
                try:
                    self.page(page_id).load_waiting()
                except UserError as exc:  # the server away (or the database busy) on that read: read again shortly
                    if not (isinstance(exc, DatabaseBusy) or is_offline(exc)):
                        raise
                    self._waiting_pages |= {page_id}
            if self._waiting_pages:
                QTimer.singleShot(UNREAD_RETRY_MS, self.stack, self._wake_waiting)
        self.state.waiting_edits.answers.start()

    def _build_page(self, row: int) -> Page:
        """The page at ``row``, built now in place of its placeholder, showing the open project. A build that
        raised (its constructor, or its first read) leaves no page: the placeholder is put back and the page
        deleted, so that showing it again builds it anew (kept, it stayed half-built until a restart, and one
        whose constructor raised still answered the state's signals: AttributeError on every project change)."""
        spec = PAGE_SPECS[row]
        page_class = spec.page_class()
        page = page_class.__new__(page_class)  # (held before __init__ runs: a constructor that raises leaves it half-built)
        try:
            page.__init__(self.state)  # type: ignore[misc]  # (page_class(state) in two steps, see above)
            self._built[spec.page_id] = page
            self._swap(row, page)
            if self.state.project_id >= 0:
                page.on_project_changed(self.state.project_id)
                place = self._places.get(spec.page_id)
                if place is not None:
                    page.restore_place(place)
                self._places.pop(spec.page_id, None)
        except BaseException:
            self._unbuild(row, spec.page_id, page)
            raise  # said as any unexpected error (app/ui/crash.py), once
        return page

    def _swap(self, row: int, widget: QWidget) -> None:
        """``widget`` in the stack at ``row`` in place of the one there (in front if that was), which is deleted."""
        old = self.stack.widget(row)
        assert old is not None  # every row has its placeholder or its page
        was_current = self.stack.currentIndex() == row
        self.stack.blockSignals(True)
        self.stack.insertWidget(row, widget)
        if was_current:
            self.stack.setCurrentIndex(row)
        self.stack.removeWidget(old)
        self.stack.blockSignals(False)
        if not isinstance(old, Page):
            shiboken6.delete(old)

    def _unbuild(self, row: int, page_id: str, page: Page) -> None:
        """The page whose build raised goes: its placeholder back in the stack, the page deleted (its connections
        with it) once the background work it may have started has reported, as a page a language switch drops."""
        if self._built.get(page_id) is page:
            del self._built[page_id]
        if not shiboken6.isValid(page):  # (its constructor raised before its QWidget was made)
            return
        if self.stack.indexOf(page) >= 0:
            placeholder = QWidget()
            placeholder.setObjectName(f"unbuilt_{page_id}")
            self._swap(row, placeholder)
        page.dropped = True
        page.hide()
        page.setParent(None)
        after_background(lambda: shiboken6.delete(page) if shiboken6.isValid(page) else None)

    def _drop_pages(self) -> None:
        """Delete the pages and everything they connected to the state (a page may connect a lambda,
        which Qt cannot undo when the page goes); the window connects its own again."""
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # a signal nobody was connected to
            for signal in (
                self.state.projectAboutToChange, self.state.projectChanged, self.state.projectEdited,
                self.state.projectsListChanged, self.state.saved, self.state.changed, self.state.problem,
            ):  # fmt: skip
                try:
                    signal.disconnect()
                except (RuntimeError, TypeError):
                    pass
        for page in self._built.values():
            keep_open_dialogs(page, cast(QWidget, self))  # (the WBS's baselines: open over the page built anew)
        self.nav.blockSignals(True)
        self.nav.clear()
        self.nav.blockSignals(False)
        widgets = [w for i in range(self.stack.count()) if (w := self.stack.widget(i)) is not None]  # pages, placeholders
        for widget in widgets:
            self.stack.removeWidget(widget)
            widget.hide()  # hidden, a page gets no resize events and so queues nothing new
        self._dropping = True
        try:
            QCoreApplication.processEvents()  # what the pages queued for "at once" (a zero timer) runs while they exist
        finally:
            self._dropping = False
        for widget in widgets:
            if isinstance(widget, Page):
                widget.dropped = True  # a result of its background work is shown by the page replacing it (Page.now)
            widget.setParent(None)  # nothing of it is found by name, nor shown
        self._waiting_pages |= {page_id for page_id, page in self._built.items() if self.state.waiting_edits.forget_within(page)}
        self._built = {}
        # Deleted once the background work (an export) has reported: never waited for here, and never a
        # result delivered to a page gone.
        def delete() -> None:
            for widget in widgets:
                if shiboken6.isValid(widget):
                    shiboken6.delete(widget)

        after_background(delete)

    # --- pages --------------------------------------------------------------------------------

    @property
    def pages(self) -> list[Page]:
        """Every page, in navigation order: the ones not built yet are built now (for a walk over all)."""
        return [self.page(spec.page_id) for spec in PAGE_SPECS]

    def built_pages(self) -> list[Page]:
        """The pages built so far (a page is built when first shown or asked for)."""
        return [self._built[spec.page_id] for spec in PAGE_SPECS if spec.page_id in self._built]

    def page(self, page_id: str) -> Page:
        """The page ``page_id``, built now if it was not yet."""
        if page_id in self._built:
            return self._built[page_id]
        return self._build_page(self._row(page_id))

    def _row(self, page_id: str) -> int:
        row = next((i for i, spec in enumerate(PAGE_SPECS) if spec.page_id == page_id), None)
        if row is None:
            raise UserError(key="ui.no_page", page=page_id, pages=Many(tuple(spec.page_id for spec in PAGE_SPECS)))
        return row

    def show_page(self, page_id: str) -> None:
        self.nav.setCurrentRow(self._row(page_id))

    def current_page(self) -> Page:
        return self.page(PAGE_SPECS[max(0, self.stack.currentIndex())].page_id)

    def _show_page(self, row: int) -> None:
        if 0 <= row < len(PAGE_SPECS):
            page_id = PAGE_SPECS[row].page_id
            try:
                page = self.page(page_id)
                self.stack.setCurrentIndex(row)
                page.on_shown()
            except UserError as exc:  # its reads with the server away or the database busy: said, read again while in front
                if not (isinstance(exc, DatabaseBusy) or is_offline(exc)):
                    raise
                self.stack.setCurrentIndex(row)  # in front as the navigation says (its placeholder, until it can be built)
                self.state.report_unread(f"page:{page_id}", exc if isinstance(exc, DatabaseBusy) else Offline(exc))
                QTimer.singleShot(UNREAD_RETRY_MS, self.stack, lambda: self._show_page(row) if self.nav.currentRow() == row else None)
                return
            self.state.read_fine(f"page:{page_id}")
            self.state.undo_stack.shown_changed()  # typing an undo takes back is the page's on screen only

"""What the Experiment environment and Data platform & CI pages share.

Left: the page's choices (and, on the data page, the storage and dataset tables), saved as
they are edited. Right: the wiki preview and the export buttons. The page refreshes a moment
after anything it shows changes (its documents, the hearing answers), at once when another project
is opened, and only while it is visible; a hidden page catches up when it is shown. From a team database the page's read
runs on a worker (a round trip a statement: over a VPN it froze the window 1.4-1.8 s), the page
saying "Loading…" with its choices off until the project's first read is in.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import UserError
from app.core.operations import Change, Part
from app.environment.model import DOCUMENT_KIND, normalize
from app.environment.service import EnvironmentChoices, EnvironmentService
from app.environment.wiki_render import render_wiki
from app.ui import settings
from app.ui.environment.choices_form import ChoicesForm
from app.ui.environment.export_bar import ExportBar
from app.ui.environment.wiki_preview import WikiPreview
from app.ui.error_text import shown_text
from app.ui.page import Page, heading
from app.ui.page_reads.reading import PageRead
from app.ui.state import AppState
from app.ui.widgets import colours

REFRESH_MS = 150


class EnvironmentPage(Page):
    """A page of environment choices with a live wiki preview. Subclasses set ``form_page`` and ``export_kinds``."""

    form_page = ""  # "experiment" | "data_ci": which fields of checklists/environment.yaml
    export_kinds: tuple[str, ...] = ()
    first_preview_page = "index"  # the wiki page the preview opens on

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        self._dirty = True
        self._shown_lang: str | None = None  # the document language the preview was last built in
        self._typing: tuple[str, str, int] | None = None  # a place() to go back to once the choices are shown
        self._reading: str | None = None  # the wiki page the preview was on before a rebuild (place()), shown again
        # The project's choices read on a worker (a team database), the newest winning; a read again after a change
        # keeps the form as it is meanwhile, and a read that a change overtook (an edit saved, another window's) is not
        # put in: the page reads again (its timer, or when shown). A read that found the server away: made again.
        self.reads: PageRead[tuple[EnvironmentChoices, Any]] = PageRead(
            self, state, self.page_id, None, self._show_read, self._show_loading, quiet=True, retry_quiet=True,
            work=self.reader, fresh=lambda: not self._dirty, again=lambda: None if self._timer.isActive() else self.refresh())
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.title()))
        intro = QLabel(self.intro())
        intro.setObjectName("pageIntro")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.loading_label = QLabel(QCoreApplication.translate("EnvironmentPage", "Loading…"))
        self.loading_label.setObjectName(f"{self.page_id}Loading")
        self.loading_label.hide()
        layout.addWidget(self.loading_label)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setObjectName(f"{self.page_id}Splitter")
        content = QWidget()
        column = QVBoxLayout(content)
        self.form = ChoicesForm(state, self.form_page)
        column.addWidget(self.form)
        for widget in self.extra_widgets():
            column.addWidget(widget)
        column.addStretch(1)
        self._choices_area = content  # off while the project's first read runs on a worker
        scroll = QScrollArea()
        scroll.setObjectName(f"{self.page_id}Choices")
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # no Tab stop of its own: the page's keys go to its first field
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(content)
        # As wide as the form's widest row (a long choice): no horizontal scroll bar, so nothing is cut.
        fitted = content.minimumSizeHint().width() + scroll.verticalScrollBar().sizeHint().width() + 2 * scroll.frameWidth()
        scroll.setMinimumWidth(max(420, fitted))
        splitter.addWidget(scroll)

        right = QWidget()
        right_column = QVBoxLayout(right)
        right_column.setContentsMargins(0, 0, 0, 0)
        self.preview = WikiPreview(self.preview_keeps)
        self.preview.set_lang(state.export_lang)
        self.preview.langChanged.connect(self._lang_changed)
        right_column.addWidget(self.preview, 1)
        self.exports = ExportBar(state, self.export_kinds)
        right_column.addWidget(self.exports)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([560, 660])
        layout.addWidget(splitter, 1)

        self.problem_label = QLabel("")
        self.problem_label.setObjectName("environmentProblem")
        self.problem_label.setWordWrap(True)
        colours.style(self.problem_label, colours.WARNING)
        layout.addWidget(self.problem_label)
        self.form.problem.connect(self.show_problem)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        state.changed.connect(self._on_changed)
        state.projectEdited.connect(self._schedule)

    # --- for subclasses -----------------------------------------------------------------------

    def intro(self) -> str:
        raise NotImplementedError

    def preview_keeps(self, page_id: str) -> bool:
        return True

    def extra_widgets(self) -> list[QWidget]:
        return []

    def reader(self, project_id: int) -> Callable[[], tuple[EnvironmentChoices, Any]]:
        """What the page reads of the project, as work touching no widget (on a worker for a team database):
        the choices, and what ``show_extra`` takes with them."""
        ws, lang = self.state.workspace, self.state.content_lang
        return lambda: (EnvironmentService(ws).choices(project_id, lang), None)

    def show_extra(self, choices: EnvironmentChoices, extra: Any) -> None:
        """Show what ``extra_widgets`` display (``extra``: what :meth:`reader` read for them)."""

    # --- refreshing ---------------------------------------------------------------------------

    def on_project_changed(self, project_id: int) -> None:  # overrides Page.on_project_changed
        """Another project shown at once, not after the refresh's delay: meanwhile the form held the project left's
        values, on, and what was typed into them saved in the one opened against the project left's value (a conflict
        dialog about a change nobody made). On a team database the page says "Loading…", its choices off, at once."""
        self.show_problem("")
        self._dirty = True
        if self.isVisible():
            self.refresh()

    def on_shown(self) -> None:  # overrides Page.on_shown
        # The document language may have been chosen on another page (Exports, the other environment
        # page's preview) while this one was hidden: a preview built in another language is stale too.
        if self._dirty or self.reads.unread or self._shown_lang != self.state.export_lang:
            self.refresh()

    def _on_changed(self, change: Change) -> None:
        """The wiki reads the hearing, the project, the WBS (the ticket rules list its tasks) and both
        environment documents."""
        kinds = set(self.state.changed_kinds(change)) & set(DOCUMENT_KIND.values())
        if DOCUMENT_KIND[self.form_page] in change.kinds and not change.external and change.project_id == self.state.project_id:
            self.form.note_stored(change.after)  # typing on before the page refreshes is based on this write
        if change.parts & {Part.ANSWERS, Part.PROJECT, Part.WBS} or kinds:
            self._schedule(change.project_id)

    def settled(self) -> bool:  # overrides Page.settled
        return not self._timer.isActive() and self.preview.idle and self.reads.idle

    def _schedule(self, project_id: int = -1) -> None:
        if project_id not in (-1, self.state.project_id):
            return
        self._dirty = True
        if self.isVisible():
            self._timer.start()

    def refresh(self) -> None:
        """Show the open project's choices and its wiki as it would be exported now (built on a worker). From a
        team database the choices are read on a worker too (:attr:`reads`): the first read of a project says
        "Loading…", its choices and exports off until it is in (nothing typed into another project's values or the
        defaults)."""
        self._timer.stop()
        self._dirty = False
        lang = self.state.export_lang
        self._shown_lang = lang
        self.preview.set_lang(lang)  # the combo says the language the preview is built in (Project Properties elsewhere)
        has_project = self.state.project is not None
        self.form.setEnabled(has_project)
        self.exports.set_enabled(has_project)
        if not has_project:
            self.reads.drop(forget=True)
            self._show_loading(False)
            self.exports.set_enabled(False)
            self.preview.show_problem(
                QCoreApplication.translate("EnvironmentPage", "Open or create a project to see its choices and wiki.")
            )
            return
        self.reads.start(self.state.project_id)

    def _show_loading(self, loading: bool) -> None:
        """While the project's first read runs on a worker: "Loading…" said, the choices and exports off."""
        self.loading_label.setVisible(loading)
        self._choices_area.setEnabled(not loading)
        if loading:
            self.exports.set_enabled(False)

    def _show_read(self, project_id: int, result: tuple[EnvironmentChoices, Any]) -> None:
        """The project's choices read put on the page in one go, and its wiki built (on a worker)."""
        choices, extra = result
        ws, lang = self.state.workspace, self.state.export_lang
        self._show_loading(False)
        self.exports.set_enabled(True)
        self.form.show_choices(choices)
        self._resume_typing()
        self.show_extra(choices, extra)
        first, self._reading = self._reading or self.first_preview_page, None
        self.preview.request(lambda: render_wiki(ws, project_id, lang, "plain"), first,
                             lambda exc: shown_text(self.state.named_error(exc), ws.library))  # a project deleted elsewhere: by name

    def show_problem(self, message: str) -> None:
        self.problem_label.setText(message)

    # --- a rebuild (a language switch) keeps the typing ----------------------------------------

    def place(self) -> object:  # overrides Page.place
        """The field being typed in, its text as typed and the cursor (None each when none), and the wiki page
        the preview shows: what was typed saved by now, but its form as typed ("PyTorch ", stored "PyTorch"),
        the cursor and the page being read kept over the rebuild (a language switch)."""
        reading = self.preview.current_page_id() or self._reading
        focus = QApplication.focusWidget()
        for field_id, editor in self.form.editors.items():
            if focus is not None and (focus is editor or editor.isAncestorOf(focus)):
                box = editor.lineEdit() if isinstance(editor, QComboBox | QAbstractSpinBox) else editor
                if isinstance(box, QLineEdit):
                    return field_id, box.text(), box.cursorPosition(), reading
                if isinstance(box, QPlainTextEdit):
                    return field_id, box.toPlainText(), box.textCursor().position(), reading
        return (None, None, None, reading) if reading else None

    def restore_place(self, place: object) -> None:  # overrides Page.restore_place
        if isinstance(place, tuple) and len(place) == 4 and isinstance(place[3], str):
            self._reading = place[3]
            if not self._dirty:
                self.preview.select_page(place[3])
        if isinstance(place, tuple) and len(place) in (3, 4) and isinstance(place[0], str):
            self._typing = (place[0], place[1], place[2])
            if not self._dirty:
                self._resume_typing()

    def _resume_typing(self) -> None:
        """The field of ``place()`` as it was typed, the keyboard in it, if what is stored is still that text."""
        if self._typing is None or self.form.choices is None:
            return
        field_id, text, cursor = self._typing
        self._typing = None
        editor, f = self.form.editors.get(field_id), self.form.fields.get(field_id)
        if editor is None or f is None:
            return
        box = editor.lineEdit() if isinstance(editor, QComboBox | QAbstractSpinBox) else editor
        shown = box.text() if isinstance(box, QLineEdit) else box.toPlainText() if isinstance(box, QPlainTextEdit) else None
        if shown is None:
            return
        if shown != text:  # the stored value shown: put back as typed only if that is what is stored
            try:
                if isinstance(editor, QAbstractSpinBox) or normalize(f, text) != self.form.choices.value(field_id):
                    return  # changed since (another window): shown as it is
            except UserError:
                return
            if isinstance(box, QLineEdit):
                box.setText(text)
            elif isinstance(box, QPlainTextEdit):
                box.setPlainText(text)
        # The keyboard back where it was: typing as typed, or a refused draft shown as typed, goes on.
        if isinstance(box, QLineEdit):
            box.setCursorPosition(min(cursor, len(text)))
        elif isinstance(box, QPlainTextEdit):
            moved = box.textCursor()
            moved.setPosition(min(cursor, len(box.toPlainText())))
            box.setTextCursor(moved)
        if box is not None:
            self.form.held.resume(field_id)  # the typing goes on: a refusal next takes back what it saved before too
            box.setFocus()

    def _lang_changed(self, lang: str) -> None:
        self.state.export_lang = lang  # type: ignore[assignment]
        settings.set_value("export/language", lang)
        self._schedule()

"""The Hearing page: the checklist tree with progress, the item editor, sessions, interview mode,
hypothesis mode, and the hearing documents (sheet out and back in, minutes, follow-ups)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import UserError
from app.core.i18n import format_date, list_separator
from app.core.kinds import export_target
from app.core.messages import ItemRef as AnswerRef
from app.core.messages import Many, Message
from app.core.operations import Change, Part
from app.hearing import operations as hearing_ops
from app.hearing.checklist import HEARING, ItemFilter, ItemRef
from app.hearing.model import Answer
from app.hearing.sessions import SessionRunning
from app.ui import messages
from app.ui.baselines import BaselineOffer
from app.ui.error_text import user_text
from app.ui.hearing.browser import ChecklistBrowser
from app.ui.hearing.dialogs import ImportPreviewDialog, SessionDialog
from app.ui.hearing.followups_dialog import FollowupsDialog
from app.ui.hearing.interview import InterviewDialog
from app.ui.hearing.item_editor import ItemEditor
from app.ui.hearing.sessions_dialog import SessionEditDialog, SessionsDialog
from app.ui.operations import run_op
from app.ui.page import Page, heading, menu_button
from app.ui.page_reads.heard import PageAnswers, show_heard
from app.ui.page_reads.hearing import HearingRead, carried_answers, read_again, read_hearing
from app.ui.page_reads.picking import show_picked
from app.ui.page_reads.reading import PageRead
from app.ui.state import AppState
from app.ui.tasks import LatestRun, run_in_background
from app.ui.widgets.dialog_drafts import drop_dialog_draft
from app.ui.widgets.flow_layout import FlowLayout
from app.ui.window.step_worker import StepRunning


class HearingPage(Page):
    page_id = "hearing"
    phase = "1"

    @classmethod
    def title(cls) -> str:
        return QCoreApplication.translate("HearingPage", "Hearing")

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        layout = QVBoxLayout(self)

        top = FlowLayout()
        top.addWidget(heading(self.title()))
        self.session_label = QLabel()
        self.session_label.setObjectName("sessionState")
        top.addWidget(self.session_label)
        self.start_session_button = self._button("startSessionButton", self.tr("Start session…"), self.start_session)
        self.end_session_button = self._button("endSessionButton", self.tr("End session"), self.end_session)
        top.addWidget(self.start_session_button)
        top.addWidget(self.end_session_button)
        top.addStretch(1)
        self.hypothesis_toggle = QCheckBox(self.tr("Hypothesis mode"))
        self.hypothesis_toggle.setObjectName("hypothesisModeToggle")
        self.hypothesis_toggle.setAccessibleName(self.tr("Hypothesis mode"))
        self.hypothesis_toggle.setToolTip(self.tr("Prepare answers as hypotheses (仮説) to confirm or correct in the meeting"))
        self.hypothesis_toggle.toggled.connect(self._hypothesis_toggled)
        top.addWidget(self.hypothesis_toggle)
        self.interview_button = self._button("interviewButton", self.tr("Interview mode"), self.open_interview)
        self.interview_button.setToolTip(self.tr("One item at a time, large type, keyboard only (F11)"))
        top.addWidget(self.interview_button)
        self.documents_button = menu_button("hearingDocumentsButton", self.tr("Documents"), self.tr("Hearing documents"))
        menu = QMenu(self.documents_button)
        menu.setObjectName("hearingDocumentsMenu")
        self.export_sheet_action = menu.addAction(self.tr("Export hearing sheet…"), self.export_sheet)
        self.import_sheet_action = menu.addAction(self.tr("Import filled hearing sheet…"), self.import_sheet)
        menu.addSeparator()
        self.minutes_action = menu.addAction(self.tr("Export minutes of the session…"), self.export_minutes)
        self.sessions_action = menu.addAction(self.tr("Sessions and minutes…"), self.open_sessions)
        self.sessions_action.setObjectName("hearingSessionsAction")
        self.followups_action = menu.addAction(self.tr("Export follow-ups…"), self.export_followups)
        self.followups_list_action = menu.addAction(self.tr("Follow-ups (owner, due date, done)…"), self.open_followups)
        self.followups_list_action.setObjectName("hearingFollowupsAction")
        self.documents_button.setMenu(menu)
        top.addWidget(self.documents_button)
        layout.addLayout(top)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setObjectName("hearingSplitter")
        self.browser = ChecklistBrowser(
            state,
            HEARING,
            "hearing",
            (ItemFilter.ALL, ItemFilter.UNANSWERED, ItemFilter.FOLLOW_UP, ItemFilter.CHANGED_SINCE, ItemFilter.HYPOTHESIS),
            self.tr("Hearing checklist"),
        )
        self.browser.currentItemChanged.connect(self._current_changed)
        # The browser's widgets, under the names the rest of the page (and its tests) use.
        self.filter_combo, self.since_edit, self.search = self.browser.filter_combo, self.browser.since_edit, self.browser.search
        self.overall, self.tree, self.model, self.proxy = self.browser.overall, self.browser.tree, self.browser.model, self.browser.proxy
        splitter.addWidget(self.browser)
        self.editor = ItemEditor(state)
        scroll = QScrollArea()
        scroll.setObjectName("itemEditorScroll")
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a frame, no Tab stop: Tab goes from the item tree to the answer
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.editor)
        splitter.addWidget(scroll)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        # Start at 45 : 55 whatever the size hints say (the tree's answer column would take it all);
        # QSplitter shares the real width in these proportions.
        splitter.setSizes([450, 550])
        layout.addWidget(splitter, 1)
        self.baseline_offer = BaselineOffer(state)  # shown after a hearing-sheet import
        layout.addWidget(self.baseline_offer)

        QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self, self.search.setFocus)  # called on activated
        QShortcut(QKeySequence("F11"), self, self.open_interview)
        self.reads = PageRead(self, state, "hearing.page", lambda pid: read_hearing(state, pid), self._show_read, self._show_loading)
        self._rereads = LatestRun(self)  # the answers read again after another window's change (a team database)
        self._reread_items: set[str] = set()  # the items changed elsewhere, their rows repainted once read again
        self._applied = 0  # answers put in the list: a read again begun before one is made again
        self._place: object = None  # where to go once the read is in (a language switch during it)
        self._just_read: dict[str, Answer] | None = None  # the answers being put on the page
        self._names: list[str] | None = None  # the follow-up owners to suggest, as read (app/ui/page_reads/picking.py)
        self.editor.page_answers = PageAnswers(lambda: self.reads.on_worker, lambda: self._names if self.reads.on_worker else None)
        state.changed.connect(self._on_changed)

    def _button(self, name: str, text: str, slot) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setAccessibleName(text.rstrip("…"))
        button.clicked.connect(slot)
        return button

    # --- project and content ------------------------------------------------------------------

    @property
    def refs(self) -> dict[str, ItemRef]:
        return self.browser.refs

    def on_project_changed(self, project_id: int) -> None:
        """The project's answers and sessions read and shown: from a team database on a worker, the page "Loading…"
        with nothing to type in until they are in (:class:`PageRead`)."""
        self.editor.show_item(None)
        self.setEnabled(project_id >= 0)
        self._rereads.drop()
        self._place = None
        if project_id < 0:
            self.reads.drop()
            self.browser.load(project_id)
            return
        self.reads.start(project_id)

    def _show_loading(self, loading: bool) -> None:
        """While the project is read on a worker: "Loading…" said, the list empty (never another project's answers)
        and no item, session or document to act on; after, as the read and the sessions allow."""
        if loading:
            self.editor.show_item(None)
            self.browser.load(-1)
            self.session_label.setText(self.tr("Loading…"))
        elif self.session_label.text() == self.tr("Loading…"):
            self.session_label.clear()
        for widget in (self.browser, self.editor, self.interview_button, self.documents_button, self.hypothesis_toggle,
                       self.start_session_button, self.end_session_button):  # fmt: skip
            widget.setEnabled(not loading)

    def _show_read(self, project_id: int, found: HearingRead) -> None:
        """The project read put on the page in one go: the list (its first open item selected), the sessions."""
        self._applied += 1
        self._just_read, self._names = found.answers, found.names  # (the first item shown: nothing read again)
        try:
            self.browser.load(project_id, found.answers)
        finally:
            self._just_read = None
        self._update_session(found)
        place, self._place = self._place, None
        if place is not None:
            self.restore_place(place)

    def _on_changed(self, change: Change) -> None:
        if change.project_id != self.state.project_id:
            return
        if self.reads.reading is not None:  # (an undo while it reads, say): read again, the newest read shown
            if change.parts & {Part.ANSWERS, Part.SESSIONS}:
                self.reads.start(change.project_id)
            return
        carried = carried_answers(change, self.browser.model.answers) if Part.ANSWERS in change.parts else None
        if Part.ANSWERS in change.parts and carried is None and self.reads.on_worker:  # another window's change: on a worker
            self._read_again(change.project_id, self.state.changed_items(change))
        elif Part.ANSWERS in change.parts:
            try:
                answers = carried or self.state.answers.answers(change.project_id)
            except UserError as exc:  # the server out of reach: said in the status bar, the list as shown (read again when it is back)
                self.state.report_unread("hearing", exc)
                return
            self._applied += 1
            self.state.read_fine("hearing")
            self.browser.update_answers(answers, self.state.changed_items(change))
        if Part.SESSIONS in change.parts:
            self._update_session()

    def _read_again(self, project_id: int, items: list[str]) -> None:
        """The answers read again on a worker after another window's change (a round trip a statement on a team
        database), their rows repainted once in; a change of this window's put in meanwhile: read once more."""
        self._reread_items |= set(items)
        state, seen = self.state, self._applied

        def done(found: tuple[dict[str, Answer], list[str]]) -> None:
            if project_id != state.project_id or self.reads.reading is not None:
                return
            if seen != self._applied:
                self._read_again(project_id, [])
                return
            state.read_fine("hearing")
            self._applied += 1
            items, self._reread_items = sorted(self._reread_items), set()
            answers, self._names = found
            self.browser.update_answers(answers, items)
            show_heard(self.editor, answers)  # (the item shown: from this read, nothing read on the window's thread)

        def failed(error: BaseException) -> None:  # the server out of reach: said, the list as shown
            if isinstance(error, UserError) and project_id == state.project_id:
                state.report_unread("hearing", error)

        self._rereads.request(lambda: read_again(state, project_id), done, failed)

    def apply_filter(self) -> None:
        self.browser.apply_filter()

    def visible_item_ids(self) -> list[str]:
        return self.browser.visible_item_ids()

    def select_item(self, item_id: str) -> bool:
        return self.browser.select_item(item_id)

    def place(self) -> object:  # (a switch while the read runs: the place it holds to go to)
        return self._place if self.reads.reading is not None and self._place is not None else self.editor.item_id

    def restore_place(self, place: object) -> None:
        if self.reads.reading is not None:  # (the list still empty): gone to once the read is in
            self._place = place
        elif isinstance(place, str):
            self.select_item(place)

    def _current_changed(self, item_id: str | None) -> None:
        if item_id is None:
            self.editor.show_item(None)
        elif item_id in self.refs:  # from the answers the page read, unless being read again (a team database): no read here
            fresh = self.reads.on_worker and self.reads.reading is None and not self._reread_items
            show_picked(self.editor, self.refs[item_id], self._just_read or (self.model.answers if fresh else None), self._names)
        else:
            self.editor.show_item(None, orphan=self.state.answers.answer(self.state.project_id, item_id))

    def _hypothesis_toggled(self, on: bool) -> None:
        self.editor.hypothesis_mode = on
        self.editor.refresh()

    # --- sessions -----------------------------------------------------------------------------

    def _update_session(self, found: HearingRead | None = None) -> None:
        """The session running or how many were held, and the actions they allow (``found``: as the page's read read them)."""
        if self.state.project is None or self.reads.reading is not None:
            return
        current, sessions = (self.state.sessions.current(self.state.project_id), None) if found is None else (found.current, found.sessions)
        if current:
            attendees = list_separator(self.state.ui_lang).join(current.attendees)
            self.session_label.setText(
                self.tr("Session {0} in progress ({1})").format(current.number, format_date(current.held_on, self.state.ui_lang))
            )
            self.session_label.setToolTip(attendees)
        else:
            sessions = self.state.sessions.list(self.state.project_id) if sessions is None else sessions
            count = len(sessions)
            self.session_label.setText(self.tr("No session open · {0} held").format(count))
            self.session_label.setToolTip("")
        self.start_session_button.setEnabled(current is None)
        self.end_session_button.setEnabled(current is not None)
        self.minutes_action.setEnabled(bool(self.state.sessions.list(self.state.project_id) if sessions is None else sessions))
        self.sessions_action.setEnabled(self.minutes_action.isEnabled())

    def start_session(self) -> None:
        """Start the next session. One another window started (this window had not seen it yet) is never ended
        unasked: the page says whose it is and shows it running (answers go into it; End session ends it)."""
        if self.state.project is None:
            return
        pid = self.state.project_id
        running = self.state.sessions.current(pid)
        if running is not None:
            self._session_running(SessionRunning(running))
            return
        number = len(self.state.sessions.list(pid)) + 1
        values = SessionDialog.ask(number, self)
        if values is None:
            return
        self.editor.flush()
        try:
            run_op(self.state, hearing_ops.start_session(pid, **values), "", action=True)  # (the command line's too)
        except SessionRunning as exc:  # started elsewhere while the dialog was open
            self._session_running(exc)
        except UserError as exc:  # what was typed stays a draft: Start session again holds it
            messages.show_error(self, exc)
        else:
            drop_dialog_draft(self.state, "session", pid)

    def session_clash(self) -> UserError | None:
        """The session of the project another window started, now shown running, or a big undo being stored (the Start
        session dialog asks on OK, says it and stays open with what was typed, for OK once done); None when none."""
        if self.state.undo_stack.worker.running:
            return StepRunning(action=True)
        running = self.state.sessions.current(self.state.project_id) if self.state.project is not None else None
        if running is None:
            return None
        self._update_session()
        return SessionRunning(running)

    def _session_running(self, error: SessionRunning) -> None:
        self._update_session()  # shown running: Start off, End session on
        messages.show_error(self, error)

    def end_session(self) -> None:
        if self.state.project is None:
            return
        self.editor.flush()
        pid = self.state.project_id
        try:
            run_op(self.state, hearing_ops.end_session(pid), "", action=True)
        except UserError as exc:  # a big undo being stored, the server away, a busy database: said, still running
            messages.show_error(self, exc)

    # --- interview ----------------------------------------------------------------------------

    def open_interview(self) -> InterviewDialog | None:
        if self.state.project is None or self.reads.reading is not None:  # (F11 while the project is read)
            return None
        self.editor.flush(cells=True)  # (F11 in a table cell: its typing saved before the interview shows the item)
        ids = self.visible_item_ids()
        refs = [self.refs[i] for i in ids if i in self.refs]
        current = self.editor.item_id
        start = next((n for n, ref in enumerate(refs) if ref.item.id == current), 0)
        dialog = InterviewDialog(self.state, refs, start, self)
        dialog.finished.connect(lambda _result: self._interview_closed(dialog))
        self.show_interview(dialog)
        return dialog

    def show_interview(self, dialog: InterviewDialog) -> None:
        """Full screen (tests replace this to show it in a normal window)."""
        dialog.setModal(True)
        dialog.showFullScreen()

    def _interview_closed(self, dialog: InterviewDialog) -> None:
        item_id = dialog.current_item_id()
        self.browser.update_answers(self.state.answers.answers(self.state.project_id), self.model.item_ids())
        if item_id and self.editor.item_id == item_id:  # the same item: shown again, with what was typed there
            self._current_changed(item_id)
        elif item_id:
            self.select_item(item_id)
        dialog.deleteLater()

    # --- documents ----------------------------------------------------------------------------

    def _save_path(self, suffix: str, kind: str, filters: str, detail: str = "") -> Path | None:
        from app import features

        project = self.state.project
        if project is None:
            return None
        suggested = str(Path.home() / features.EXPORTS[kind].file_name(project.name, self.state.ui_lang, suffix, detail))
        path = messages.save_file(self, self.tr("Export"), suggested, filters)
        return Path(path) if path else None

    def _export(self, kind: str, suffix: str, filters: str, options: dict | None = None, detail: str = "") -> None:
        from app import features
        self.editor.flush()
        path = self._save_path(suffix, kind, filters, detail)
        if path is None:
            return
        export_kind = features.EXPORTS[kind]
        try:
            out = export_target(export_kind, path, suffix)  # 「ヒアリングシート」 as typed: ヒアリングシート.xlsx
        except UserError as error:
            messages.show_error(self, error)
            return
        self.export_in_background(export_kind, out, options or {})

    def export_sheet(self) -> None:
        self._export("hearing-sheet", ".xlsx", self.tr("Excel workbooks (*.xlsx)"))

    def export_minutes(self) -> None:
        sessions = self.state.sessions.list(self.state.project_id)
        if not sessions:
            return
        self._export("minutes", ".md", self.tr("Markdown (*.md)"), {"session": sessions[-1].number})

    def open_sessions(self) -> SessionsDialog | None:
        """Every session with what it captured; the chosen one's minutes viewed or exported."""
        from app.hearing.minutes import minutes_markdown

        if self.state.project is None:
            return None
        self.editor.flush()
        ws, pid = self.state.workspace, self.state.project_id
        dialog = SessionsDialog(self.state.sessions.summaries(pid), self.state.ui_lang,
                                lambda number: minutes_markdown(ws, pid, number, self.state.export_lang), self)
        dialog.exportRequested.connect(lambda number: self._export(
            "minutes", ".md", self.tr("Markdown (*.md)"), {"session": number}, detail=str(number)))
        dialog.editRequested.connect(lambda number: self.edit_session(number, dialog))
        dialog.follow(self.state.changed, pid, lambda: self.state.sessions.summaries(pid))
        self.exec_dialog(dialog)
        return dialog

    def edit_session(self, number: int, parent: QWidget | None = None) -> SessionEditDialog | None:
        """A session's date, title, attendees and notes (the minutes' メモ), changed as one undo step."""
        if self.state.project is None:
            return None
        try:
            session = self.state.sessions.get(self.state.project_id, number)
        except UserError as exc:  # removed meanwhile (the project deleted elsewhere)
            messages.show_error(parent or self, exc)
            return None
        dialog = SessionEditDialog(self.state, session, parent or self)
        self.exec_dialog(dialog)
        return dialog

    def open_followups(self) -> FollowupsDialog | None:
        """Every follow-up by owner and due date; "done" is ticked there (one undo step each)."""
        if self.state.project is None:
            return None
        self.editor.flush()
        dialog = FollowupsDialog(self.state, self.export_followups, self)
        self.exec_dialog(dialog)
        return dialog

    def export_followups(self) -> None:
        self._export("followups", ".md", self.tr("Markdown (*.md)"))

    def import_sheet(self) -> None:
        from app.hearing.sheet_import import read_plan

        if self.state.project is None:
            return
        self.editor.flush()
        path = messages.open_file(self, self.tr("Import hearing sheet"), self.tr("Excel workbooks (*.xlsx)"))
        if not path:
            return
        ws, pid = self.state.workspace, self.state.project_id
        run_in_background(lambda: read_plan(ws, pid, Path(path)), self._preview_import, lambda e: messages.show_error(self, e))

    def _preview_import(self, plan) -> None:
        if not plan.changes:  # what it holds that is not read (words on a row without its ID, ...) is said
            notices = [line.removeprefix("! ") for line in plan.notices(self.state.ui_lang)]
            messages.show_info(self, "\n".join([self.tr("The sheet brings no changes.")] + notices))
            return
        dialog = ImportPreviewDialog(plan, self.state.ui_lang, self)
        if self.exec_dialog(dialog) != QDialog.DialogCode.Accepted:
            return
        self.editor.flush()  # what was typed before the import is saved before it, as its own step
        try:
            change = run_op(self.state, hearing_ops.import_hearing_sheet(plan, dialog.model.prefer()), lambda: self.tr("Import hearing sheet"), action=True)
        except UserError as exc:
            messages.show_error(self, user_text(exc, self.state.ui_lang, self.state.workspace.library))
            return
        if change.detail:  # something new from the customer: freeze what is agreed now? (not after nothing changed)
            self.baseline_offer.offer("hearing_sheet_import")
        said = self.tr("Imported answers into %n item(s).", "", change.detail)
        if plan.kept_meanwhile:  # changed here or in another window while the preview was open
            kept = Message(key="hearing_sheet.kept_meanwhile", items=Many(tuple(AnswerRef(i) for i in plan.kept_meanwhile)))
            said += "\n" + kept.text(self.state.ui_lang, self.state.workspace.library)
        messages.show_info(self, said)

    def exec_dialog(self, dialog: QDialog) -> int:
        """Run a modal dialog, deleted after (tests replace this so nothing blocks)."""
        return messages.run_modal(dialog)

    def on_shown(self) -> None:
        self.reads.resume()
        self.tree.setFocus()

    def load_waiting(self) -> None:  # overrides Page.load_waiting
        """The answers kept waiting are the window's to save (app/ui/window/waiting_steps.py LeftAnswers)."""

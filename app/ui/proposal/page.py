"""The Kickoff proposal page: the form on the left, the live preview on the right, export on top.

The form holds what the user writes (section texts, the problems table, the effort estimate);
scope, dates and WBS estimates are read from the hearing and the WBS and shown, never copied.
Every edit is committed at once and can be undone (Edit ▸ Undo). What could not be saved stays on
screen, marked, and is kept on disk until it is (app/ui/proposal/draft_line.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import cast

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import ConflictError, DatabaseBusy, UserError
from app.core.i18n import Lang
from app.core.kinds import ExportReport, run_export
from app.core.operations import Change, Part
from app.proposal.content import proposal_content
from app.proposal.edits import check_texts, effective_rows, with_effort, with_rows, with_section_text
from app.proposal.inputs import ProposalInputs
from app.proposal.model import ProblemRow, ProposalDoc
from app.proposal.service import KIND, ProposalService, dump_doc, parse_doc, patch_proposal
from app.proposal.view import ProposalView, build_view
from app.ui import messages
from app.ui.baselines import BaselineOffer
from app.ui.hearing.drafts import drafts_of
from app.ui.operations import UndoText, run_op
from app.ui.page import Page, heading
from app.ui.proposal.commands import commit_proposal
from app.ui.proposal.conflicts import rebased, resolve_proposal_conflict, stepped_paths
from app.ui.proposal.drafts import DRAFT, DraftLine, ProposalDrafts
from app.ui.proposal.loading import ProposalLoading
from app.ui.proposal.panels import EffortPanel, ScopeSchedulePanel
from app.ui.proposal.preview import PreviewPane
from app.ui.proposal.problems_panel import ProblemsPanel
from app.ui.proposal.texts import SectionsPanel
from app.ui.state import AppState, ProjectDeleted
from app.ui.tasks import run_in_background
from app.ui.widgets.flow_layout import FlowLayout
from app.ui.window.held_drafts import HeldDrafts
from app.ui.window.keys import forget_own_steps

RETRY_MS = 2000  # how soon typing a busy database refused is saved again


class ProposalPage(ProposalDrafts, ProposalLoading, Page):
    page_id = "proposal"
    phase = "0"

    @classmethod
    def title(cls) -> str:
        return QCoreApplication.translate("ProposalPage", "Kickoff proposal")

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        self.inputs: ProposalInputs | None = None
        self.doc = ProposalDoc()
        self.lang: Lang = state.export_lang
        self._inputs_stale = True
        self._loaded_for = -1  # the project whose document and inputs are shown (-1: none yet)
        self._committing = False
        # The last stored document the unsaved typing is based on (None: everything is saved). Set
        # when the database was busy: the typing stays on screen, a draft, and is saved on retry.
        self._unsaved_base: ProposalDoc | None = None
        # Such typing of projects left since: project id -> (stored base, typed document).
        self._parked: dict[int, tuple[ProposalDoc, ProposalDoc]] = {}
        self._unshown: str | None = None  # a draft kept from before that is no proposal, as said
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.setInterval(RETRY_MS)
        self._retry.timeout.connect(lambda: state.waiting_edits.retry(self, self._save_in_turn))  # (app/ui/window/waiting_steps.py)

        layout = QVBoxLayout(self)
        top = FlowLayout()
        top.addWidget(heading(self.title()))
        top.addStretch(1)
        top.addWidget(QLabel(self.tr("Document language:")))
        self.lang_combo = QComboBox()
        self.lang_combo.setObjectName("proposalLangCombo")
        self.lang_combo.setAccessibleName(self.tr("Document language of the proposal"))
        self.lang_combo.addItem("日本語", "ja")
        self.lang_combo.addItem("English", "en")
        self.lang_combo.currentIndexChanged.connect(self._lang_changed)
        top.addWidget(self.lang_combo)
        self.export_button = QPushButton(self.tr("Export…"))
        self.export_button.setObjectName("proposalExportButton")
        self.export_button.setAccessibleName(self.tr("Export the proposal as Markdown, HTML or PDF"))
        self.export_button.clicked.connect(self.export)
        top.addWidget(self.export_button)
        layout.addLayout(top)
        self.result_label = QLabel()
        self.result_label.setObjectName("proposalExportResult")
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.result_label)
        self.baseline_offer = BaselineOffer(state)  # shown after an export
        layout.addWidget(self.baseline_offer)
        self.draft_line = DraftLine()
        self.draft_line.discardRequested.connect(self.discard_draft)
        layout.addWidget(self.draft_line)

        self.splitter = QSplitter()
        self.splitter.setObjectName("proposalSplitter")
        self.tabs = QTabWidget()
        self.tabs.setObjectName("proposalTabs")
        self.tabs.setAccessibleName(self.tr("Parts of the proposal"))
        self.sections = SectionsPanel()
        self.sections.textEdited.connect(self._section_edited)
        self.sections.resetRequested.connect(self._section_reset)
        self.tabs.addTab(self.sections, self.tr("Texts"))
        self.problems = ProblemsPanel(proposal_content(state.workspace.library), self.lang)
        self.problems.model.rowsEdited.connect(self._rows_edited)
        self.problems.ready = self._read_before_edit
        self.tabs.addTab(self.problems, self.tr("Problems"))
        self.scope_schedule = ScopeSchedulePanel()
        self.scope_schedule.openHearing.connect(self._open_hearing)
        self.effort = EffortPanel()
        self.effort.model.effortEdited.connect(self._effort_edited)
        self.effort.resetRequested.connect(self._effort_reset)
        self.tabs.addTab(self.scope_schedule, self.tr("Scope && schedule"))
        self.tabs.addTab(self.effort, self.tr("Effort"))
        self.splitter.addWidget(self.tabs)
        self.preview = PreviewPane()
        self.splitter.addWidget(self.preview)
        # Half and half whatever the size hints say: the form's hint is wide, and a preview given only
        # what was left (about 270 px at 1366) broke its tables' headers one character per line.
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([600, 600])
        self.splitter.setChildrenCollapsible(False)
        layout.addWidget(self.splitter, 1)

        state.changed.connect(self._on_changed)
        state.projectEdited.connect(self._mark_inputs_stale)  # (a method: no call once the page is deleted)
        state.documentLangChanged.connect(self._follow_document_lang)
        state.projectAboutToChange.connect(self._leaving_project)
        state.undo_stack.aboutToStep.connect(self._save_before_step)
        self._held = HeldDrafts(self, state, DRAFT, lambda _item: self.discard_draft(),  # refused typing: Undo takes it back
                                text=lambda _item: self.tr("Edit the proposal"))
        self._start_reads()

    # --- loading ------------------------------------------------------------------------------

    def on_project_changed(self, project_id: int) -> None:
        self.result_label.clear()
        self._unshown = None
        self._show_draft()  # the draft of the project left is parked (see _leaving_project)
        enabled = project_id >= 0
        self.export_button.setEnabled(enabled)
        self.splitter.setEnabled(enabled)
        if not enabled:
            self.inputs = None
            self._loaded_for = -1  # (nothing to read: no project)
            self.preview.request(None, self.doc, self.lang)
            return
        project = self.state.project
        lang = project.lang if project and project.lang in ("ja", "en") else self.state.export_lang
        self.lang_combo.blockSignals(True)
        self.lang_combo.setCurrentIndex(0 if lang == "ja" else 1)
        self.lang_combo.blockSignals(False)
        self.lang = lang  # type: ignore[assignment]
        if self.isVisible():
            self.reload()
        else:  # hidden (another page in front): the project is read when this page is shown, not
            # with every project opened elsewhere (its WBS alone is thousands of tasks to read)
            self.inputs = None
            self._loaded_for = -1

    def settled(self) -> bool:  # overrides Page.settled
        return self.preview.idle

    def current_view(self) -> ProposalView | None:
        return build_view(self.inputs, self.doc, self.lang) if self.inputs else None

    def _show_all(self, *, preview_now: bool = False) -> None:
        view = self.current_view()
        if view is None or self.inputs is None:
            return
        self.sections.show_sections(view.sections)
        rows = effective_rows(self.doc, self.inputs.content)
        if self.problems.model.rows() != rows or self.problems.model.lang != self.lang:
            self.problems.model.set_rows(rows, self.inputs.content, self.lang)
        self._show_derived(view)
        self.preview.request(self.inputs, self.doc, self.lang, now=preview_now)
        self._show_draft()

    def _show_derived(self, view: ProposalView) -> None:
        self.scope_schedule.show_view(view)
        self.effort.show_effort(view.effort, overridden=bool(self.doc.effort))

    def _on_changed(self, change: Change) -> None:
        """The proposal reads the hearing, the sessions, the WBS, the company holidays (the build phase's
        start) and its own document."""
        if change.project_id != self.state.project_id:
            return
        if change.parts & {Part.ANSWERS, Part.SESSIONS, Part.PROJECT, Part.CALENDAR}:
            self._mark_inputs_stale()
        for kind in self.state.changed_kinds(change):
            self._document_changed(change.project_id, kind, stepped_paths(change))

    def _document_changed(self, project_id: int, kind: str, stepped: list[tuple[object, ...]]) -> None:
        if project_id != self.state.project_id:
            return
        if self.reads.reading is not None:  # (an undo while the page reads): read again, the newest read shown
            self.reads.start(self.reads.reading)
            return
        if kind != KIND:  # another feature's document (the WBS, say) may feed the proposal
            self._mark_inputs_stale()
            return
        if self._committing or (self._unsaved_base is not None and self.state.is_deleted(project_id)):
            return  # our own edit, already on screen; typing for a project gone, kept as it is
        try:
            stored = ProposalService(self.state.documents).load(project_id)
        except UserError as error:
            if self._unsaved_base is None:  # (else the save of the typing says it)
                messages.show_error(self, self.state.named_error(error))
            return
        if self._unsaved_base is not None:
            # Typing waits to be saved (a busy database, a text too long): it stays on screen, the other
            # fields show what is stored now (this window's undo of another section, another window's edit)
            base, shown = rebased(self._unsaved_base, self.doc, stored, stepped=stepped)
            if (base, shown) == (self._unsaved_base, self.doc):  # (another part of the project, say)
                return
            self._unsaved_base, self.doc = base, shown
            if self.doc == self._unsaved_base:  # (the undo left what was typed: nothing is unsaved)
                self._saved()
            else:
                self._put_draft()  # kept on disk with the base it has now
            self._show_all()
        elif stored != self.doc:  # undo, redo or another window: show what is stored now
            self.doc = stored
            self._show_all()

    def _lang_changed(self) -> None:
        self.lang = self.lang_combo.currentData()
        self._show_all(preview_now=True)

    def _follow_document_lang(self, lang: str) -> None:
        """Project Properties changed the document language: show and export the proposal in it."""
        index = self.lang_combo.findData(lang)
        if index < 0 or lang == self.lang:
            return
        self.lang_combo.blockSignals(True)
        self.lang_combo.setCurrentIndex(index)
        self.lang_combo.blockSignals(False)
        self.lang = self.lang_combo.currentData()
        self._show_all(preview_now=self.isVisible())

    # --- edits --------------------------------------------------------------------------------

    def _commit(
        self, after: ProposalDoc, text: UndoText, merge_key: str | None = None, *, force: bool = False, retrying: bool = False,
        base: ProposalDoc | None = None,
    ) -> bool:  # fmt: skip
        """Save the change from what is stored to ``after``: only the fields the user changed
        (from ``base``: by default what was on screen before, or what a waiting edit started from).

        A busy database keeps the typing on screen as a draft and tries again; a field another
        window changed since asks whether to keep what was typed (as answers do).
        """
        before = base if base is not None else self._unsaved_base if self._unsaved_base is not None else self.doc
        self.doc = after
        if self._unsaved_base is not None and not (force or retrying):
            self._retry.start()  # the database was busy a moment ago: keep typing, save on the retry
            self._put_draft()
            return True
        self._committing = True
        try:
            change = commit_proposal(self.state, before, after, text, merge_key, force=force, owner=self)
        except DatabaseBusy as error:
            self._keep_draft(before, error)
            return False
        except ConflictError as error:
            self._committing = False
            chosen = resolve_proposal_conflict(self, self.state, self.current_view(), error, before, after)
            if chosen is None:  # closed without a choice: the typing stays on screen, unsaved, asked again on the next save
                self._unsaved_base = before
                self._put_draft(error)
                return False
            # theirs where kept, mine or the merge elsewhere: saved over what is stored as one undo step
            saved = self._commit(chosen, text, merge_key, force=True, retrying=True, base=before)
            if saved and chosen != after:  # theirs or the merge on screen: the next edit starts from them, not from the typing
                self._show_all()
            return saved
        except ProjectDeleted as error:  # the window says so; the typing stays a draft, kept on disk, not tried again
            self._committing = False
            self._unsaved_base = before
            self._put_draft(error)
            return False
        except UserError as error:  # it does not fit (a merge too long, say): the typing stays on screen, unsaved
            self._committing = False
            self._refused(before, error)
            return False
        finally:
            self._committing = False
        self._saved()
        if change is None:
            return False
        # an undo step of the window's now: the fields' own histories go (Ctrl+Z there is Edit ▸ Undo's)
        forget_own_steps(*(editor.edit for section_id, editor in self.sections.editors.items()
                           if before.texts.get(section_id, {}).get(self.lang) != after.texts.get(section_id, {}).get(self.lang)))
        stored = parse_doc(change.after)
        if stored != self.doc:  # another window's fields, merged in by the store
            self.doc = stored
            self._show_all()
        return True

    def save_pending(self) -> bool:
        """Try again to save typing a busy database refused; True when nothing is left unsaved."""
        for project_id, (base, typed) in list(self._parked.items()):
            try:
                op = patch_proposal(project_id, dump_doc(base), dump_doc(typed))
                run_op(self.state, op, lambda: self.tr("Edit the proposal"))
            except DatabaseBusy:
                continue  # tried again shortly
            except UserError as error:  # deleted or changed elsewhere meanwhile, a text too long: not tried again,
                self.state.named_error(error)  # its draft stays on disk, taken back when the project is open again
                del self._parked[project_id]
                continue
            del self._parked[project_id]
            drafts_of(self.state).discard(project_id, DRAFT)
        if self._unsaved_base is not None and not self.state.is_deleted(self.state.project_id):
            self._commit(self.doc, lambda: self.tr("Edit the proposal"), retrying=True)
        if self._parked and not self._retry.isActive():
            self._retry.start()
        return self._unsaved_base is None and not self._parked

    def _save_before_step(self) -> None:
        """Before an undo or redo: typing a busy database kept waiting is saved now, if it can be, so
        that the undo takes it back (a draft the save refuses, a text too long, stays as it is)."""
        if not self._retry.isActive() or self._unsaved_base is None or self.inputs is None:
            return
        try:
            check_texts(self._unsaved_base, self.doc, self.inputs.content.template)
        except UserError:
            return
        self.state.waiting_edits.retry(self, self._save_in_turn)  # the edits kept waiting before it first

    def _leaving_project(self, project_id: int) -> None:
        self.save_pending()
        if self._unsaved_base is not None and self.state.is_deleted(project_id):  # its draft stays on disk
            self._unsaved_base = None
        if self._unsaved_base is not None:  # kept for that project, tried again while the database is busy (save_pending)
            self._parked[project_id] = (self._unsaved_base, self.doc)
            self._unsaved_base = None
            self._retry.start()

    def _section_edited(self, section_id: str, text: str) -> None:
        if self.inputs is None:
            return
        template, state = self.inputs.content.template, self.state
        after = with_section_text(self.doc, template, section_id, self.lang, text)
        section, shown = template.section(section_id), self.sections.editor(section_id).title.text()
        # The step named in the window's language when the Edit menu shows it (the form shows the document's)
        title = (lambda: section.title.get(state.ui_lang)) if section is not None else (lambda: shown)
        if self._commit(after, lambda: self.tr("Edit “{0}”").format(title()), merge_key=f"text:{section_id}:{self.lang}"):
            self.sections.editor(section_id).set_edited(self.lang in self.doc.texts.get(section_id, {}))
            self.preview.request(self.inputs, self.doc, self.lang)

    def _section_reset(self, section_id: str) -> None:
        if self.inputs is None:
            return
        template = self.inputs.content.template
        section = template.section(section_id)
        if section is None:
            return
        after = with_section_text(self.doc, template, section_id, self.lang, section.body.get(self.lang).rstrip("\n"))
        state = self.state
        if self._commit(after, lambda: self.tr("Use the template text for “{0}”").format(section.title.get(state.ui_lang))):
            self._show_all()

    def _rows_edited(self, rows: list[ProblemRow], what: UndoText) -> None:
        if self._commit(with_rows(self.doc, rows), what):
            self.preview.request(self.inputs, self.doc, self.lang)

    def _effort_edited(self, number: int, role: str, days: float) -> None:
        if self.inputs is None:
            return
        try:
            after = with_effort(self.doc, self.inputs.content.template, number, role, days)
        except UserError as error:
            messages.show_error(self, error)
            return
        if self._commit(after, lambda: self.tr("Change effort of task {0}").format(number)):
            self._show_all()

    def _effort_reset(self) -> None:
        if self._commit(self.doc.model_copy(update={"effort": {}}), lambda: self.tr("Use the template estimate")):
            self._show_all()

    def _open_hearing(self) -> None:
        window = self.window()
        if hasattr(window, "show_page"):
            window.show_page("hearing")

    # --- export -------------------------------------------------------------------------------

    def export(self) -> None:
        project = self.state.project
        if project is None:
            return
        from app import features
        from app.core import kinds as registry
        kind = features.EXPORTS["proposal"]
        suggested = str(Path.home() / kind.file_name(project.name, self.state.ui_lang, ".pdf"))
        filters = ";;".join(
            [self.tr("PDF (*.pdf)"), self.tr("Standalone HTML (*.html)"), self.tr("Markdown (*.md)")]
        )
        path = messages.save_file(self, self.tr("Export the proposal"), suggested, filters)
        if not path:
            return
        try:
            out = registry.export_target(kind, Path(path), ".pdf")  # 「提案書 v1.2」: 提案書 v1.2.pdf
        except UserError as error:
            messages.show_error(self, error)
            return
        self.export_button.setEnabled(False)
        self.result_label.setText(self.tr("Exporting…"))
        ws, lang, project_id = self.state.workspace, self.lang, project.id

        def done(report: ExportReport) -> None:
            page = cast(ProposalPage, self.now())  # (a language switch may have replaced this page meanwhile)
            page.export_button.setEnabled(True)
            page.result_label.setText(report.text(self.state.ui_lang))
            page.baseline_offer.offer("proposal_export")

        def failed(error: BaseException) -> None:
            page = cast(ProposalPage, self.now())
            page.export_button.setEnabled(True)
            page.result_label.clear()
            messages.show_error(page, self.state.named_error(error))

        # The PDF too: QTextDocument is reentrant and QPainter may paint a PDF on a worker thread
        # (Qt, "Thread-Support in Qt Modules"), so laying out a long proposal never freezes the window.
        run_in_background(lambda: run_export(kind, ws, project_id, out, lang, dict(kind.defaults)), done, failed)

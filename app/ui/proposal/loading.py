"""How the Proposal page reads the open project: its document and what it reads of the hearing, the WBS and the
calendar (the inputs), when the page is shown and after another window's change. From a team database on a worker
(:class:`~app.ui.page_reads.reading.PageRead`): over a VPN of 100 ms a round trip the first show froze the window 2 s;
the page says "Loading…" with its form off until the read is in. From SQLite at once, as before."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QPushButton, QSplitter, QWidget

from app.core.errors import UserError
from app.core.i18n import Lang
from app.proposal.inputs import ProposalInputs
from app.proposal.model import ProposalDoc
from app.proposal.service import ProposalService, gather_inputs
from app.proposal.view import ProposalView
from app.ui import messages
from app.ui.page_reads.reading import PageRead
from app.ui.proposal.preview import PreviewPane
from app.ui.state import AppState
from app.ui.tasks import LatestRun

READER = "proposal"  # the page's read, as a failed one is said in the status bar (AppState.report_unread)


def read_proposal(state: AppState, project_id: int) -> tuple[ProposalInputs, ProposalDoc]:
    """The project's inputs and stored proposal (on a worker for a team database: it touches no widget)."""
    return gather_inputs(state.workspace, project_id), ProposalService(state.documents).load(project_id)


class ProposalLoading(QWidget):
    """Reading the project, a part of :class:`app.ui.proposal.page.ProposalPage` (a mixin: the page sets what is
    declared here and calls :meth:`_start_reads` once its widgets are made)."""

    state: AppState
    inputs: ProposalInputs | None
    doc: ProposalDoc
    lang: Lang
    _inputs_stale: bool
    _loaded_for: int
    _unshown: str | None
    _unsaved_base: ProposalDoc | None
    _parked: dict[int, tuple[ProposalDoc, ProposalDoc]]
    _retry: QTimer
    splitter: QSplitter
    export_button: QPushButton
    result_label: QLabel
    preview: PreviewPane

    def _show_all(self, *, preview_now: bool = False) -> None:
        raise NotImplementedError

    def _show_derived(self, view: ProposalView) -> None:
        raise NotImplementedError

    def _take_back(self, project_id: int) -> None:
        raise NotImplementedError

    def current_view(self) -> ProposalView | None:
        raise NotImplementedError

    def _start_reads(self) -> None:
        self.reads = PageRead(self, self.state, READER, lambda pid: read_proposal(self.state, pid), self._show_read, self._show_loading)
        self._input_reads = LatestRun(self)  # the inputs read again after a change (a team database)

    def on_shown(self) -> None:
        if self._loaded_for != self.state.project_id:
            if self.reads.reading is None or self.reads.reading != self.state.project_id:
                self.reload()
            self.reads.resume()  # (a read that failed while hidden made again)
            return
        # The WBS or the hearing may have changed elsewhere: read them again when the page shows.
        if self.state.project_id >= 0:
            self._inputs_stale = True
            # A preview still waiting for its first render (the app starting on this page) is drawn
            # at once: the page should appear finished, not blank for a debounce and a worker's start.
            self._refresh_inputs(now=not self.preview.idle and self.isVisible())

    def reload(self) -> None:
        """Read the document and the inputs from the database and show them (a team database: on a worker, the
        page "Loading…" and its form off until they are in)."""
        self._input_reads.drop()
        try:
            self.reads.start(self.state.project_id)
        except UserError as error:  # (SQLite, at once)
            self.inputs = None
            messages.show_error(self, self.state.named_error(error))

    def _show_loading(self, loading: bool) -> None:
        """While the project is read on a worker: "Loading…" said, the form and the export off; after, on."""
        on = not loading and self.state.project_id >= 0
        self.splitter.setEnabled(on)
        self.export_button.setEnabled(on)
        if loading:
            self._loaded_for = -1
            self.result_label.setText(self.tr("Loading…"))
        elif self.result_label.text() == self.tr("Loading…"):
            self.result_label.clear()

    def _show_read(self, project_id: int, found: tuple[ProposalInputs, ProposalDoc]) -> None:
        """The project read put on the page in one go, with the typing kept waiting for it (parked or on disk)."""
        self.inputs, self.doc = found
        parked = self._parked.pop(project_id, None)
        self._unshown = None
        if parked is not None:  # typing a busy database kept waiting when the user left: back on screen
            self._unsaved_base, self.doc = parked
            self._retry.start()
        else:
            self._take_back(project_id)
        self._inputs_stale = False
        self._loaded_for = project_id
        # A hidden page (the app starting on another page) renders its preview off the UI thread.
        self._show_all(preview_now=self.isVisible())

    def _read_before_edit(self) -> bool:
        """A row is about to be added: read the project first if the page has not yet (the window opened on this
        page reads it once the event loop turns, and a click can come first); True when the stored rows are shown."""
        if self.state.project_id >= 0 and self._loaded_for != self.state.project_id and self.reads.reading is None:
            self.reload()
        return self.inputs is not None and self._loaded_for == self.state.project_id

    def _mark_inputs_stale(self, _project_id: int = -1) -> None:
        self._inputs_stale = True
        if self.reads.reading is not None:  # (an undo while the page reads): read again, the newest read shown
            self.reads.start(self.reads.reading)
        elif self.isVisible():
            self._refresh_inputs()

    def _refresh_inputs(self, *, now: bool = False) -> None:
        """The inputs read again (the hearing, the WBS or the calendar changed): on a worker from a team database."""
        pid, state = self.state.project_id, self.state
        if not self._inputs_stale or pid < 0 or self.reads.reading is not None:
            return
        if self._loaded_for != pid:  # (a change heard before the page's first read, the window opened on it): read it all
            self.reload()
            return
        self._inputs_stale = False  # (a change meanwhile asks again: the newest read wins)
        if self.reads.on_worker:
            def failed(error: BaseException) -> None:  # the server out of reach: said, the inputs as shown
                if isinstance(error, UserError) and pid == state.project_id:
                    self._inputs_stale = True
                    state.report_unread(READER, error)

            self._input_reads.request(lambda: gather_inputs(state.workspace, pid), lambda found: self._take_inputs(pid, found, now), failed)
            return
        try:
            found = gather_inputs(state.workspace, pid)
        except UserError as error:
            self._inputs_stale = True
            messages.show_error(self, state.named_error(error))
            return
        self._take_inputs(pid, found, now)

    def _take_inputs(self, project_id: int, inputs: ProposalInputs, now: bool) -> None:
        if project_id != self.state.project_id or self._loaded_for != project_id:
            return  # (another project opened meanwhile: read with it)
        self.state.read_fine(READER)
        self.inputs = inputs
        view = self.current_view()
        if view is not None:
            self._show_derived(view)
        self.preview.request(self.inputs, self.doc, self.lang, now=now)

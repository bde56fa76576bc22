"""A page's read of the open project when it is first shown (or read again): from a team database on a worker, the
newest read winning and the page saying "Loading…" with its editing off until the read is in, then put on the page in
one go; from SQLite at once, as ever. Over a VPN of 100 ms a round trip the Hearing page's reads froze the window 2-4 s
and the Proposal page's 2 s (as the WBS page's did before app/ui/wbs/loading.py read it on a worker).

A read that fails on a worker (the server out of reach) is said in the status bar (:meth:`AppState.report_unread`) and
made again shortly while the page is shown and still unread; the page stays "Loading…" meanwhile, so that nobody types
into an editor that shows nothing of the project, or another project's answers.

A page that reads again after each change (the Experiment environment, Data platform & CI and Review pages) reads
``quiet``: a read again of the project it shows keeps the page as it is meanwhile (no "Loading…", editing on), only the
first read of a project saying "Loading…".
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget

from app.core.errors import UserError
from app.ui.state import UNREAD_RETRY_MS, AppState
from app.ui.tasks import LatestRun

T = TypeVar("T")


def _bound(read: Callable[[int], T], project_id: int) -> Callable[[], T]:
    """``read`` of ``project_id`` as work for a worker."""
    return partial(read, project_id)


class PageRead(Generic[T]):
    """``read(project_id)`` (touching no widget: it may run on a worker) put on ``page`` by ``show(project_id, found)``;
    ``loading(True)`` while it runs on a worker, ``loading(False)`` right before ``show``. ``reader`` names the page's
    read for the status bar (what it says of a failed read is over once a read is fine).

    For the pages that read again after each change: ``quiet`` (a read again of the project shown says nothing; one
    that fails is made again only if ``retry_quiet``), ``work`` (instead of ``read``: the work made on the window's
    thread, taking what it needs of the page as the read is asked for), ``fresh`` (False: a change heard since the read
    began, its result not put in, the page reading again itself), ``always_on_worker`` (on SQLite too, silently),
    ``hidden`` (a failed read made again while the page is hidden too) and ``again`` (what reads again, else
    :meth:`start`)."""

    def __init__(self, page: QWidget, state: AppState, reader: str, read: Callable[[int], T] | None,
                 show: Callable[[int, T], None], loading: Callable[[bool], None], *, quiet: bool = False,
                 retry_quiet: bool = False, work: Callable[[int], Callable[[], T]] | None = None,
                 fresh: Callable[[], bool] | None = None, always_on_worker: bool = False, hidden: bool = False,
                 again: Callable[[], None] | None = None) -> None:  # fmt: skip
        self._page, self._state, self._reader = page, state, reader
        if work is None:
            assert read is not None, "a PageRead reads with read or work"
            work = partial(_bound, read)
        self._work = work
        self._show, self._loading = show, loading
        self._quiet, self._retry_quiet, self._always_on_worker, self._hidden = quiet, retry_quiet, always_on_worker, hidden
        self._fresh, self._again_by = fresh or (lambda: True), again
        self._runs = LatestRun(page)
        self.reading: int | None = None  # the project whose read runs on a worker (or waits to be made again)
        self.shown = -1  # the project whose read the page shows (-1: none)
        self._saying = False  # the page says "Loading…" (a project's first read running, or waiting to be made again)

    @property
    def on_worker(self) -> bool:
        """Whether the reads run on a worker (a team database: a round trip a statement)."""
        return not self._state.workspace.db.is_sqlite

    @property
    def idle(self) -> bool:
        """No read running or asked for."""
        return self._runs.idle

    @property
    def unread(self) -> bool:
        """A read not put in (it failed, or a change heard overtook it) waits to be made again (when the page is shown)."""
        return self.reading is not None and self._runs.idle

    def start(self, project_id: int) -> None:
        """Read ``project_id`` and show it: at once on SQLite (an error raised to the caller, as before), else on a
        worker, a read asked for before this one never shown."""
        if not self.on_worker and not self._always_on_worker:
            self.drop()
            self._put(project_id, self._work(project_id)())
            return
        self.reading = project_id
        if self.on_worker and not (self._quiet and self.shown == project_id):
            self._say(True)
        self._runs.request(self._work(project_id), lambda found: self._done(project_id, found),
                           lambda error: self._failed(project_id, error))  # fmt: skip

    def drop(self, forget: bool = False) -> None:
        """Forget the read running (another project opened, none): its result is never shown; ``forget``: nor what
        the page shows (a read again of the project says "Loading…")."""
        self._runs.drop()
        if forget:
            self.shown = -1
        if self.reading is not None:
            self.reading = None
            self._say(False)

    def _say(self, loading: bool) -> None:
        self._saying = loading
        self._loading(loading)

    def _put(self, project_id: int, found: Any) -> None:
        self.shown = project_id
        self._show(project_id, found)

    def _done(self, project_id: int, found: Any) -> None:
        if self.reading != project_id or project_id != self._state.project_id or not self._fresh():
            return  # (another project opened meanwhile, or a change heard: read again)
        self.reading = None
        self._state.read_fine(self._reader)
        self._say(False)
        self._put(project_id, found)

    def _failed(self, project_id: int, error: BaseException) -> None:
        """The server out of reach: said, still "Loading…", read again shortly (a bug is reported by run_in_background,
        and the page stays off); a quiet read again that failed leaves the page as it is, unless ``retry_quiet``."""
        if self.reading != project_id or not isinstance(error, UserError):
            return
        self._state.report_unread(self._reader, error)
        if self._quiet and not (self._saying or self._retry_quiet):
            self.reading = None  # (read again on the next change)
            return
        QTimer.singleShot(UNREAD_RETRY_MS, self._page, lambda: self._again(project_id))

    def _again(self, project_id: int) -> None:
        """The read that failed made again while the page is shown (a hidden page reads when shown: :meth:`resume`)."""
        if self.reading == project_id == self._state.project_id and self._runs.idle and (self._hidden or self._page.isVisible()):
            if self._again_by is not None:
                self._again_by()
            else:
                self.start(project_id)

    def resume(self) -> None:
        """The page shown: a read that failed while it was hidden made again now."""
        if self.reading is not None and self.reading == self._state.project_id and self._runs.idle:
            self.start(self.reading)

"""A page's read of the open project when it is first shown (or read again): from a team database on a worker, the
newest read winning and the page saying "Loading…" with its editing off until the read is in, then put on the page in
one go; from SQLite at once, as ever. Over a VPN of 100 ms a round trip the Hearing page's reads froze the window 2-4 s
and the Proposal page's 2 s (as the WBS page's did before app/ui/wbs/loading.py read it on a worker).

A read that fails on a worker (the server out of reach) is said in the status bar (:meth:`AppState.report_unread`) and
made again shortly while the page is shown and still unread; the page stays "Loading…" meanwhile, so that nobody types
into an editor that shows nothing of the project, or another project's answers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget

from app.core.errors import UserError
from app.ui.state import UNREAD_RETRY_MS, AppState
from app.ui.tasks import LatestRun

T = TypeVar("T")


class PageRead(Generic[T]):
    """``read(project_id)`` (touching no widget: it may run on a worker) put on ``page`` by ``show(project_id, found)``;
    ``loading(True)`` while it runs on a worker, ``loading(False)`` right before ``show``. ``reader`` names the page's
    read for the status bar (what it says of a failed read is over once a read is fine)."""

    def __init__(self, page: QWidget, state: AppState, reader: str, read: Callable[[int], T],
                 show: Callable[[int, T], None], loading: Callable[[bool], None]) -> None:  # fmt: skip
        self._page, self._state, self._reader = page, state, reader
        self._read, self._show, self._loading = read, show, loading
        self._runs = LatestRun(page)
        self.reading: int | None = None  # the project whose read runs on a worker (or waits to be made again)

    @property
    def on_worker(self) -> bool:
        """Whether the reads run on a worker (a team database: a round trip a statement)."""
        return not self._state.workspace.db.is_sqlite

    def start(self, project_id: int) -> None:
        """Read ``project_id`` and show it: at once on SQLite (an error raised to the caller, as before), else on a
        worker, a read asked for before this one never shown."""
        if not self.on_worker:
            self.drop()
            self._show(project_id, self._read(project_id))
            return
        self.reading = project_id
        self._loading(True)
        read = self._read
        self._runs.request(lambda: read(project_id), lambda found: self._done(project_id, found),
                           lambda error: self._failed(project_id, error))  # fmt: skip

    def drop(self) -> None:
        """Forget the read running (another project opened, none): its result is never shown."""
        self._runs.drop()
        if self.reading is not None:
            self.reading = None
            self._loading(False)

    def _done(self, project_id: int, found: Any) -> None:
        if self.reading != project_id or project_id != self._state.project_id:
            return  # (another project opened meanwhile)
        self.reading = None
        self._state.read_fine(self._reader)
        self._loading(False)
        self._show(project_id, found)

    def _failed(self, project_id: int, error: BaseException) -> None:
        """The server out of reach: said, still "Loading…", read again shortly (a bug is reported by run_in_background,
        and the page stays off)."""
        if self.reading != project_id or not isinstance(error, UserError):
            return
        self._state.report_unread(self._reader, error)
        QTimer.singleShot(UNREAD_RETRY_MS, self._page, lambda: self._again(project_id))

    def _again(self, project_id: int) -> None:
        """The read that failed made again while the page is shown (a hidden page reads when shown: :meth:`resume`)."""
        if self.reading == project_id == self._state.project_id and self._runs.idle and self._page.isVisible():
            self.start(project_id)

    def resume(self) -> None:
        """The page shown: a read that failed while it was hidden made again now."""
        if self.reading is not None and self.reading == self._state.project_id and self._runs.idle:
            self.start(self.reading)

"""Noticing what other windows and processes do to the same database file.

SQLite's ``PRAGMA data_version`` changes when another connection commits; polling it each second
is cheap. A change found that way is published like any other (``AppState.changed``, marked
``external``) so every page refreshes through the same path. Presence: each window holds one of a
few lock files next to a SQLite database (``QLockFile``: a crashed process's lock counts as stale), so a
window knows how many others have the file open and says so. Who they are comes from the presence
table (app/core/storage/presence.py): each window renews its row every ten seconds and reads the
names of the others on the same project; a busy database skips that heartbeat, never waits.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QLockFile, QObject, QSocketNotifier, QTimer, Signal
from PySide6.QtWidgets import QAbstractItemView, QApplication
from shiboken6 import isValid

from app.core.operations import ALL_PARTS, Change, Part
from app.core.storage.live import Listener
from app.core.storage.presence import HEARTBEAT_SECONDS, OpenElsewhere, PresenceBoard
from app.ui.state import AppState
from app.ui.tasks import run_in_background

SLOTS = 16
RELISTEN_MS = 3000  # after the listening connection broke (a server restart): try again this often


class DatabaseWatcher(QObject):
    """Polls the database for commits of other connections and counts the other windows on it.

    Signals:
        othersChanged(int): this many other windows or processes have the database open.
        namesChanged(list): the names of the others who have the open project open (sorted, once each).
    """

    othersChanged = Signal(int)
    namesChanged = Signal(list)

    def __init__(self, state: AppState, interval_ms: int = 1000, parent: QObject | None = None,
                 heartbeat_ms: int = HEARTBEAT_SECONDS * 1000) -> None:  # fmt: skip
        super().__init__(parent or state)
        self.state = state
        self._version: int | None = state.workspace.db.data_version()
        self._lock: QLockFile | None = None
        self.others = 0
        self.names: list[str] = []
        self._take_slot()
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.poll)
        self.timer.start()
        self._ticks = 0
        self.presence = PresenceBoard(state.workspace.db)
        self.heartbeat = QTimer(self)
        self.heartbeat.setInterval(heartbeat_ms)
        self.heartbeat.timeout.connect(self._beat_later)
        self._beating = False  # a heartbeat on a worker (a team database) has not reported yet
        self.heartbeat.start()
        state.projectChanged.connect(self._on_project)
        self.beat()
        # PostgreSQL: other users' commits arrive as notifications on a socket of their own
        self._listener: Listener | None = None
        self._notifier: QSocketNotifier | None = None
        self._heard: set[str] = set()  # parts heard while a cell editor was open: published after
        self._list_heard = False  # another project changed while a list was open (the switcher's): rebuilt after
        self._relisten = QTimer(self)
        self._relisten.setSingleShot(True)
        self._relisten.setInterval(RELISTEN_MS)
        self._relisten.timeout.connect(self._listen)
        self._connecting = False
        self._released = False
        self._lost = False  # the listening connection broke, or never came: reload once it listens
        if state.workspace.db.is_postgresql:
            self._listen()

    # --- who else: the presence table ---------------------------------------------------------------

    def _on_project(self, _project_id: int) -> None:
        self._beat_later()  # say at once which project this window is on now

    def _beat_later(self) -> None:
        """The heartbeat, on a worker for a team database: over a VPN its round trips (its row renewed, the others
        read) froze the window 1.5 s every ten seconds. One beat at a time: one still running skips this one."""
        if not self.state.workspace.db.is_postgresql:
            self.beat()
            return
        if self._beating:
            return
        self._beating = True
        presence, project_id = self.presence, self.state.project_id if self.state.project_id >= 0 else None
        workspace = self.state.workspace

        def work() -> list[OpenElsewhere] | None:  # (the name as it is when the beat is made: one renamed meanwhile wins)
            if not presence.beat(project_id, workspace.author):
                return None
            return presence.others(project_id) if project_id is not None else []

        def done(found: list[OpenElsewhere] | None) -> None:
            if not isValid(self):
                return
            self._beating = False
            current = self.state.project_id if self.state.project_id >= 0 else None
            if found is not None and project_id == current:  # (another project opened meanwhile: its beat tells)
                self._show_names(found)

        def failed(_error: BaseException) -> None:  # (a bug is reported by run_in_background)
            if isValid(self):
                self._beating = False

        run_in_background(work, done, failed)

    def beat(self) -> None:
        """Renew this window's presence row and read who else is on the project (skipped when busy)."""
        project_id = self.state.project_id if self.state.project_id >= 0 else None
        if not self.presence.beat(project_id, self.state.workspace.author):
            return
        found = self.presence.others(project_id) if project_id is not None else []
        if found is not None:  # (else the database was busy a moment: the names shown kept)
            self._show_names(found)

    def _show_names(self, found: list[OpenElsewhere]) -> None:
        names = sorted({p.author for p in found if p.author})
        if names != self.names:
            self.names = names
            self.namesChanged.emit(names)

    def others_on(self, project_id: int) -> list[str]:
        """Who else has the project open now, by name (asked at once; when the database is busy a moment,
        the last heartbeat's names if it is this window's project)."""
        found = self.presence.others(project_id)
        if found is None:
            return list(self.names) if project_id == self.state.project_id else []
        return sorted({p.author for p in found if p.author})

    # --- presence -----------------------------------------------------------------------------------

    def _slot_path(self, n: int) -> str | None:
        path = self.state.workspace.db.path
        return f"{path}.window-{n}.lock" if path is not None else None

    def _take_slot(self) -> None:
        for n in range(SLOTS):
            name = self._slot_path(n)
            if name is None:
                return
            lock = QLockFile(name)
            lock.setStaleLockTime(0)  # only a dead process's lock is stale, never a slow one
            if lock.tryLock(0):
                self._lock = lock
                break
        self._count_others()

    def _count_others(self) -> None:
        others = 0
        for n in range(SLOTS):
            name = self._slot_path(n)
            if name is None:
                break
            if self._lock is not None and name == self._lock.fileName():
                continue
            if not os.path.exists(name):
                continue  # nobody holds a slot without its file (probing one makes and removes it: 7 ms each)
            probe = QLockFile(name)
            probe.setStaleLockTime(0)
            if probe.tryLock(0):
                probe.unlock()
            elif probe.error() == QLockFile.LockError.LockFailedError:
                others += 1
        if others != self.others:
            self.others = others
            if hasattr(self, "presence"):  # a window came or went: who is here now, not at the next heartbeat
                self.beat()
            self.othersChanged.emit(others)

    # --- other users' changes on PostgreSQL (LISTEN/NOTIFY) ----------------------------------------

    def _listen(self) -> None:
        """Connect the listening connection on a worker: a server that drops packets (a lost VPN)
        would hold a connect for its whole timeout, and the window must not freeze meanwhile."""
        if self._connecting:
            return
        self._connecting = True
        db = self.state.workspace.db

        def connect() -> Listener | None:
            try:
                return Listener(db)
            except Exception:  # the server is away: try again later; edits wait as drafts meanwhile
                return None

        run_in_background(connect, self._connected, lambda _exc: self._connected(None), apart=True)  # (never behind long jobs)

    def _connected(self, listener: Listener | None) -> None:
        self._connecting = False
        if self._released:
            if listener is not None:
                listener.close()
            return
        if listener is None:
            self._lost = True
            self._relisten.start()
            return
        self._listener = listener
        self._notifier = QSocketNotifier(listener.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._on_notified)
        if self._lost:  # listening again after a break (a restart): the server answers again
            self._lost = False
            self.state.set_offline(False)  # (what waits is retried by its page)
            if self.state.project_id >= 0:  # what changed while nobody listened is read again
                self._heard |= set(ALL_PARTS)
                self._publish_heard()

    def _stop_listening(self) -> None:
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.deleteLater()
            self._notifier = None
        if self._listener is not None:
            self._listener.close()
            self._listener = None

    def _on_notified(self, *_: object) -> None:
        from app.core.storage.live import ListenerLost

        if self._listener is None:
            return
        try:
            notices = self._listener.read()
        except ListenerLost:
            self._lost = True
            self._stop_listening()
            self._relisten.start()
            return
        for notice in notices:
            if notice.project_id == self.state.project_id:
                self._heard |= set(notice.parts)
            else:  # another project: its name or the list may have changed
                self._list_heard = True
        self._publish_heard()

    def _publish_heard(self) -> None:
        if not (self._heard or self._list_heard) or self._editing():
            return  # (poll() publishes once the open cell editor has committed, the open popup list closed: as on SQLite)
        if self._list_heard:  # never rebuilt under the pointer: the switcher's open list waits, as on SQLite
            self._list_heard = False
            self.state.projectsListChanged.emit()
        if not self._heard:
            return
        parts, self._heard = self._heard, set()
        if self.state.project_id >= 0:
            self.state.publish(Change(self.state.project_id, frozenset(Part(p) for p in parts if p in Part._value2member_map_), external=True))

    def release(self) -> None:
        self._released = True
        self.timer.stop()
        self._relisten.stop()
        self._stop_listening()
        self.heartbeat.stop()
        self.presence.leave()
        if self._lock is not None:
            self._lock.unlock()
            self._lock = None

    # --- changes --------------------------------------------------------------------------------------

    def poll(self) -> bool:
        """Publish a change when another connection committed; True when one was published."""
        self._ticks += 1
        if self._ticks % 5 == 0:
            self._count_others()
        self._publish_heard()
        version = self.state.workspace.db.data_version()
        if version is None or version == self._version:
            return False
        if self._editing():
            return False  # refresh after the open cell editor has committed what is typed in it
        self._version = version
        if self.state.project_id >= 0:
            self.state.publish(Change(self.state.project_id, ALL_PARTS, external=True))
        else:
            self.state.projectsListChanged.emit()
        return True

    def _editing(self) -> bool:
        window = self.state.parent()
        views = window.findChildren(QAbstractItemView) if window is not None else []
        if any(v.state() == QAbstractItemView.State.EditingState for v in views):
            return True
        popup = QApplication.activePopupWidget()
        return popup is not None

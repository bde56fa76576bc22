"""Running slow work (exports, imports) off the UI thread and reporting back by signal."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, Signal


class _Relay(QObject):
    """Carries a worker's result back to the UI thread (queued signal).

    Signals:
        done(object): the work returned this value.
        failed(object): the work raised this exception.
    """

    done = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.work = work
        self.relay = relay

    def run(self) -> None:  # overrides QRunnable.run; runs on a pool thread, touches no widget
        work, relay = self.work, self.relay
        del self.work, self.relay  # the job keeps neither the work (a window's objects) nor the relay once run
        try:
            result = work()
        except BaseException as exc:  # handed to the UI's one error channel
            self._report(relay.failed, exc)
        else:
            self._report(relay.done, result)

    @staticmethod
    def _report(signal: Any, value: Any) -> None:
        try:
            signal.emit(value)
        except RuntimeError:
            pass  # the application closed while this ran: nobody is left to receive the result


_running: set[_Relay] = set()
_when_idle: list[Callable[[], None]] = []


def background_running() -> bool:
    """Whether a background job has not reported yet."""
    return bool(_running)


def after_background(callback: Callable[[], None]) -> None:
    """Run ``callback`` on the UI thread once every background job has reported (now when none runs):
    a window's pages replaced meanwhile (a language switch) are deleted then, never under a result."""
    if not _running:
        callback()
    else:
        _when_idle.append(callback)


def _run_when_idle() -> None:
    while not _running and _when_idle:
        _when_idle.pop(0)()


_apart: QThreadPool | None = None  # one thread for the jobs that must never queue behind the window's (see run_in_background)


def _pool(apart: bool = False) -> QThreadPool:
    """With ``apart``, a pool of one thread of its own; else Qt's global pool with as many threads as the database
    has connections for workers (``WORKERS``), however many cores: Qt gives one a core (two on a small laptop: two
    long jobs, an export and a schedule, held up every other job; eight on a big one: more than the team
    database's connections, the window's reads waiting)."""
    from app.core.storage.db import WORKERS

    global _apart
    if apart:
        if _apart is None:
            _apart = QThreadPool()
            _apart.setMaxThreadCount(1)
        return _apart
    pool = QThreadPool.globalInstance()
    if pool.maxThreadCount() != WORKERS:
        pool.setMaxThreadCount(WORKERS)
    return pool


def run_in_background(
    work: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[BaseException], None],
    action: str | None = None,
    apart: bool = False,
) -> _Relay:
    """Run ``work`` on the global thread pool; the callbacks run on the UI thread. ``apart``: on a thread of its
    own, never queued behind the window's jobs (a short one the window must not wait for: the team database's
    listening connection made again while three long exports run).

    An unexpected exception (a bug, not a user error) is reported by the one error handler
    (app/ui/crash.py) as a failure of ``action`` (by default what the user was doing when the work
    started), then handed to ``on_error`` too, so the page can put its buttons back.
    """
    from app.ui import crash

    what = action or crash.current_action()
    relay = _Relay()
    relay.setObjectName(getattr(work, "__qualname__", type(work).__name__))  # which job it is, for tests
    _running.add(relay)

    def finish(callback: Callable[[Any], None], value: Any) -> None:
        _running.discard(relay)
        relay.deleteLater()  # its connections hold these callbacks, which hold it: a cycle the collector cannot see
        try:
            callback(value)
        finally:
            _run_when_idle()

    relay.done.connect(lambda value: finish(on_done, value))
    def failed(exc: BaseException) -> None:
        if crash.is_unexpected(exc):
            crash.report(exc, what)
        finish(on_error, exc)

    relay.failed.connect(failed)
    _pool(apart).start(_Job(work, relay))
    return relay


def wait_for_background(msecs: int = 30000) -> bool:
    done = QThreadPool.globalInstance().waitForDone(msecs)
    return (_apart.waitForDone(msecs) if _apart is not None else True) and done


def settle_background(msecs: int = 30000, rounds: int = 10) -> None:
    """Wait for the background jobs and deliver their results now (a result may start another job).

    Used before widgets that asked for a result are deleted, so no callback reaches one that is gone.
    """
    for _ in range(rounds):
        if not _running:
            return
        wait_for_background(msecs)
        QCoreApplication.sendPostedEvents()


class LatestRun:
    """Work run on a worker of which only the newest request counts (a preview rendered again, a plan
    worked out again after each keystroke): never two runs at once (a request made while one runs
    waits for it, a newer request replaces it), and a result a newer request overtook is dropped.
    Results reach ``owner``'s callbacks on the UI thread, never once ``owner`` is gone (a language
    switch rebuilds the pages while their work runs)."""

    def __init__(self, owner: QObject) -> None:
        self._owner = owner
        self.generation = 0
        self.busy = False
        self._pending: tuple[int, Callable[[], Any], Callable[[Any], None], Callable[[BaseException], None]] | None = None

    @property
    def idle(self) -> bool:
        """Nothing asked for or running."""
        return not (self.busy or self._pending)

    def request(self, work: Callable[[], Any], on_done: Callable[[Any], None], on_error: Callable[[BaseException], None] | None = None) -> None:
        """Run ``work`` once the run going on (if any) is done; ``on_done`` (else ``on_error``, for a
        refusal: a bug is reported by :func:`run_in_background` too) only if no newer request came."""
        self.generation += 1
        self._pending = (self.generation, work, on_done, on_error or (lambda _error: None))
        self._start()

    def drop(self) -> None:
        """Forget what was asked: what runs still finishes, its result unused."""
        self.generation += 1
        self._pending = None

    def _start(self) -> None:
        if self.busy or self._pending is None:
            return  # the run going on starts the newest request when it finishes
        generation, work, on_done, on_error = self._pending
        self._pending, self.busy = None, True
        run_in_background(work, lambda result: self._finish(generation, on_done, result),
                          lambda error: self._finish(generation, on_error, error))  # fmt: skip

    def _finish(self, generation: int, callback: Callable[[Any], None], value: Any) -> None:
        from shiboken6 import isValid

        if not isValid(self._owner):
            return
        self.busy = False
        try:
            if generation == self.generation:  # else overtaken by a newer request: dropped
                callback(value)
        finally:
            self._start()


BIG_HEAP = 1000  # tasks of a plan from which the objects read are kept out of the collector's full passes
SETTLE_HEAP_MS = 1000  # after the plan's first paint: the user has not begun typing yet


_heap_timer: Any = None  # one for the program (the heap is): projects opened in a row settle it once


def settle_heap_soon(tasks: int) -> None:
    """After a big plan is read and painted: :func:`settle_heap` a moment later (not for a small plan),
    once however many plans are read before then."""
    global _heap_timer
    if tasks < BIG_HEAP:
        return
    if _heap_timer is None:
        from PySide6.QtCore import QTimer

        _heap_timer = QTimer(QCoreApplication.instance())
        _heap_timer.setSingleShot(True)
        _heap_timer.timeout.connect(settle_heap)
    _heap_timer.start(SETTLE_HEAP_MS)


def settle_heap() -> None:
    """One garbage collection now, then every object alive frozen (``gc.freeze``): the collector's full
    passes scan every object, and on a plan of 5,000 tasks one came every few edits and held the window
    100-140 ms (an edit's own work: 30 ms); frozen, they scan only what was made since. This collection
    scans what is not frozen yet (the plan just read, what was made since the start or the last plan),
    never the whole program again. Garbage among the frozen objects is freed by reference counting as
    ever (a plan replaced goes whole: its objects hold no cycles); a cycle among them stays, as the
    start's do (:func:`app.started`)."""
    import gc

    gc.collect()
    gc.freeze()

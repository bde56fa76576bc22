"""app/ui/tasks.LatestRun: the work a preview or a big plan's figures run on a worker, of which only the
newest request counts: never two runs at once, an overtaken result dropped, nothing delivered to a
page that is gone (a language switch rebuilds the pages while their work runs)."""

from __future__ import annotations

import threading

from PySide6.QtWidgets import QWidget
from shiboken6 import isValid

from app.core.errors import UserError
from app.ui.tasks import LatestRun, settle_background


def test_only_the_newest_request_is_shown_and_runs_never_overlap(qtbot) -> None:
    owner = QWidget()
    runs, shown, gate, running = LatestRun(owner), [], threading.Event(), []
    at_once = []

    def work(n: int):
        def run() -> int:
            running.append(n)
            at_once.append(len(running))
            if n == 1:
                gate.wait(10)  # the first run is slow: the second and third are asked meanwhile
            running.remove(n)
            return n
        return run

    for n in (1, 2, 3):
        runs.request(work(n), shown.append)
    assert not runs.idle
    gate.set()
    qtbot.waitUntil(lambda: runs.idle, timeout=5000)
    assert shown == [3]  # 1 overtaken (dropped), 2 replaced before it ran
    assert max(at_once) == 1


def test_a_refusal_reaches_on_error_and_a_dropped_request_nothing(qtbot) -> None:
    owner = QWidget()
    runs, shown, errors = LatestRun(owner), [], []
    # A refusal the user is told of (not a bug: no error report is opened, which a later test would find)
    runs.request(lambda: (_ for _ in ()).throw(UserError("refused", "拒否")), shown.append, errors.append)
    qtbot.waitUntil(lambda: runs.idle, timeout=5000)
    assert [e.text("en") for e in errors] == ["refused"] and shown == []
    runs.request(lambda: 1, shown.append)
    runs.drop()
    qtbot.waitUntil(lambda: runs.idle, timeout=5000)
    assert shown == []


def test_nothing_reaches_an_owner_that_is_gone(qtbot) -> None:
    owner = QWidget()
    runs, shown, gate = LatestRun(owner), [], threading.Event()
    runs.request(lambda: gate.wait(10) and 1, shown.append)
    owner.deleteLater()
    qtbot.waitUntil(lambda: not isValid(owner), timeout=5000)
    gate.set()
    settle_background(5000)
    assert shown == []

"""app/ui/page_reads/reading.PageRead's quiet reads (the Experiment environment, Data platform & CI and Review pages,
which read again after each change): only a project's first read says "Loading…", a read again of the project shown
keeps the page as it is; a failed read is said and made again shortly (a quiet one only if the page asks), a read a
change overtook is not put in; on SQLite a page may read on a worker too, saying nothing. Without a server: a stand-in
for the window's state, the reads on the real worker pool.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from PySide6.QtWidgets import QWidget

from app.core.errors import UserError
from app.ui.page_reads import reading
from app.ui.page_reads.reading import PageRead
from app.ui.tasks import settle_background


class State:
    """What PageRead uses of AppState: the database's kind, the open project, the status bar's unread line."""

    def __init__(self, sqlite: bool = False) -> None:
        self.workspace = SimpleNamespace(db=SimpleNamespace(is_sqlite=sqlite))
        self.project_id = 1
        self.said: list[str] = []

    def report_unread(self, reader: str, error: BaseException) -> None:
        self.said.append(f"unread {reader}")

    def read_fine(self, reader: str) -> None:
        self.said.append(f"fine {reader}")


@pytest.fixture
def page(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    return widget


def _reads(page, state, **kwargs):
    """A quiet PageRead whose read fails while ``down[0]``; what it shows and says, in order."""
    shown: list[object] = []
    down = [False]

    def read(project_id: int) -> str:
        if down[0]:
            raise UserError("the server is out of reach")
        return f"project {project_id}"

    reads = PageRead(page, state, "page", read, lambda pid, found: shown.append(found), lambda on: shown.append(on),
                     quiet=True, **kwargs)  # fmt: skip
    return reads, shown, down


def _wait(qtbot, reads) -> None:
    qtbot.waitUntil(lambda: reads.idle, timeout=5000)
    settle_background()


def test_only_a_projects_first_read_says_loading(qtbot, page) -> None:
    state = State()
    reads, shown, _down = _reads(page, state)
    reads.start(1)
    _wait(qtbot, reads)
    assert shown == [True, False, "project 1"] and reads.reading is None and reads.shown == 1
    reads.start(1)  # a read again after a change: the page as it is meanwhile
    _wait(qtbot, reads)
    assert shown[3:] == [False, "project 1"]
    state.project_id = 2
    reads.start(2)  # another project: "Loading…" again
    _wait(qtbot, reads)
    assert shown[5:] == [True, False, "project 2"]
    reads.drop(forget=True)  # no project: its read again says "Loading…"
    reads.start(2)
    assert shown[-1] is True
    _wait(qtbot, reads)


def test_a_failed_first_read_is_made_again_a_failed_quiet_read_only_if_asked(qtbot, page, monkeypatch) -> None:
    monkeypatch.setattr(reading, "UNREAD_RETRY_MS", 20)
    for retry_quiet in (False, True):
        state = State()
        reads, shown, down = _reads(page, state, retry_quiet=retry_quiet)
        down[0] = True
        reads.start(1)
        qtbot.waitUntil(lambda s=state: s.said.count("unread page") >= 2, timeout=5000)  # said, made again
        assert set(shown) == {True} and reads.reading == 1  # still "Loading…"
        down[0] = False
        qtbot.waitUntil(lambda r=reads: r.reading is None, timeout=5000)
        assert shown[-2:] == [False, "project 1"] and state.said[-1] == "fine page"
        down[0] = True
        reads.start(1)  # a read again after a change, the server gone
        qtbot.waitUntil(lambda s=state: s.said[-1] == "unread page", timeout=5000)
        down[0] = False
        if retry_quiet:  # made again: the page shows the project read now
            qtbot.waitUntil(lambda s=state: s.said[-1] == "fine page", timeout=5000)
            assert shown[-1] == "project 1" and reads.reading is None
        else:  # the page as it was, read again on the next change
            qtbot.wait(200)
            assert state.said[-1] == "unread page" and reads.reading is None and shown[-1] == "project 1"
        _wait(qtbot, reads)


def test_a_read_a_change_overtook_is_not_put_in(qtbot, page) -> None:
    state, stale = State(), [False]
    reads, shown, _down = _reads(page, state, fresh=lambda: not stale[0])
    stale[0] = True  # a change heard while it reads: the page reads again itself
    reads.start(1)
    _wait(qtbot, reads)
    assert shown == [True] and reads.unread and state.said == []
    stale[0] = False
    reads.start(1)
    _wait(qtbot, reads)
    assert shown[-2:] == [False, "project 1"] and not reads.unread


def test_on_sqlite_a_page_may_read_on_a_worker_saying_nothing(qtbot, page) -> None:
    state = State(sqlite=True)
    reads, shown, _down = _reads(page, state, always_on_worker=True)
    reads.start(1)
    assert shown == [] and reads.reading == 1  # on a worker, no "Loading…"
    _wait(qtbot, reads)
    assert shown == [False, "project 1"]
    at_once, shown_at_once, _ = _reads(page, State(sqlite=True))
    at_once.start(1)  # (the other pages: at once on SQLite)
    assert shown_at_once == ["project 1"]

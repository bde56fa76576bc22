"""The sweep of PostgreSQL test servers left by killed test runs (tests/pg.py sweep).

A run killed with SIGKILL (a time limit) cannot stop its server: the next server start sweeps it,
and leaves alone the servers whose owner still runs (a parallel run, another xdist worker).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests import children, pg

REPO = Path(__file__).resolve().parent.parent

# A test process in miniature: starts a server through tests/pg.py, says where it is, waits for
# its stdin to close and then exits normally (atexit stops the server), unless it is killed first.
CHILD = """
import sys
from tests.pg import PgServer, find_bindir
server = PgServer(find_bindir())
server.start()
print(server.root, server.port, flush=True)
sys.stdin.read()
"""


def _start_child() -> children.Child:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return children.Child([sys.executable, "-c", children.GUARD + CHILD], cwd=REPO, env=env, stdin=subprocess.PIPE)


def _where(child: children.Child) -> tuple[Path, int]:
    line = child.readline().split()
    assert line, f"the child process did not start its server: {child.stderr()[-3000:]}"
    return Path(line[0]), int(line[1])


def _answers(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(5)
        try:
            s.connect(("127.0.0.1", port))
        except ConnectionRefusedError:
            return False
    return True


def _postmaster_pid(root: Path) -> int:
    return int((root / "data" / "postmaster.pid").read_text().split("\n", 1)[0])


@pytest.mark.postgresql
def test_a_server_whose_test_process_was_killed_is_stopped_and_removed_one_whose_owner_runs_is_left():
    if pg.find_bindir() is None:
        pytest.skip(pg.HOW_TO_ENABLE)
    killed_child, alive_child = _start_child(), _start_child()  # both start at once: half the wait
    killed, alive = killed_child.process, alive_child.process
    try:
        (orphan, orphan_port), (kept, kept_port) = _where(killed_child), _where(alive_child)
        orphan_pid = _postmaster_pid(orphan)
        killed.send_signal(signal.SIGKILL)
        killed.wait(10)
        assert _answers(orphan_port), "the killed run's server keeps running on its own"

        swept = pg.sweep()

        assert orphan in swept and kept not in swept
        assert not orphan.exists()
        assert not _answers(orphan_port)
        assert not Path(f"/proc/{orphan_pid}").exists() or pg._start_time(orphan_pid) is None
        assert kept.exists() and _answers(kept_port)
        import psycopg

        with psycopg.connect(host=str(kept), port=kept_port, user="postgres", dbname="postgres") as conn:
            assert conn.execute("SELECT 1").fetchone() == (1,)
    finally:
        if killed.poll() is None:
            killed.kill()
            killed.wait(10)
        assert alive.stdin is not None
        alive.stdin.close()  # the owner ends normally: its atexit stops its server
        try:
            alive.wait(30)
        except subprocess.TimeoutExpired:
            alive.kill()
            alive.wait(10)
        killed_child.close()
        alive_child.close()
        pg.sweep()  # whatever a failure above left
    assert not kept.exists() and not _answers(kept_port)


def _folder(tmp: Path, name: str, owner: str | None) -> Path:
    root = tmp / name
    (root / "data").mkdir(parents=True)
    if owner is not None:
        (root / pg.OWNER).write_text(owner + "\n")
    return root


def test_the_sweep_tells_a_reused_pid_apart_and_leaves_what_is_not_its_own(tmp_path: Path):
    me = os.getpid()
    # this pid with another start time: the pid was reused, the owner is gone
    reused = _folder(tmp_path, f"{pg.PREFIX}reused", f"{me} 1")
    mine = _folder(tmp_path, f"{pg.PREFIX}mine", f"{me} {pg._start_time(me)}")
    unnamed = _folder(tmp_path, f"{pg.PREFIX}unnamed", None)  # being made this instant, or not ours to judge
    other = _folder(tmp_path, "someone-elses-pg", "999999999 1")  # not our prefix

    assert pg.sweep(tmp_path) == [reused]
    assert not reused.exists() and mine.exists() and unnamed.exists() and other.exists()

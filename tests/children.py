"""Child processes of the tests, read with a deadline: a stuck child fails its test, it never holds the run.

A test that reads a child's output line by line (``for line in child.stdout``) waits forever when the
child stops printing: a modal dialog nobody answers in it (the suite's dialog guards in conftest.py do
not run in children), a database another process holds, a child blocked writing to a full stderr pipe
nobody reads. ``Child`` reads the child's stdout with a deadline (select on the pipe), sends its
stderr to a file (a chatty child never blocks on it), and when the deadline passes kills the child
(its process group too when it was started with ``start_new_session=True``) and fails the test with
what the child printed on stderr.

Child scripts start with ``GUARD`` (or ``WINDOW_GUARD`` when they build app windows): a child stuck
for two minutes prints its own stack on stderr and exits, and an unexpected message box says so on
stderr and is answered No/Ok instead of waiting for a click.

``run`` is ``subprocess.run`` whose timeout kills the whole process group: ``subprocess.run`` kills only
the direct child, then waits for the end of pipes that its children (Xvfb, soffice.bin, a JVM, the
app) still hold, forever.
"""

from __future__ import annotations

import contextlib
import os
import selectors
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator, Sequence
from typing import Any, NoReturn

import pytest

CHILD_LIMIT_S = 120  # a child's own: its stack on stderr, then it exits
DEADLINE_S = 150.0  # the test's: over the child's own limit (its stack lands), far under a test's 300 s

GUARD = f"import faulthandler; faulthandler.dump_traceback_later({CHILD_LIMIT_S}, exit=True)\n"

WINDOW_GUARD = GUARD + (
    "from PySide6.QtWidgets import QMessageBox as _Box\n"
    "def _unexpected(answer):\n"
    "    def show(_parent, title='', text='', *_a, **_k):\n"
    "        import sys\n"
    "        print(f'an unexpected dialog in the child: {title}: {text}', file=sys.stderr, flush=True)\n"
    "        return answer\n"
    "    return staticmethod(show)\n"
    "for _name in ('warning', 'information', 'critical'):\n"
    "    setattr(_Box, _name, _unexpected(_Box.StandardButton.Ok))\n"
    "_Box.question = _unexpected(_Box.StandardButton.No)\n"
)


def _kill(process: subprocess.Popen, group: bool) -> None:
    try:
        if group:
            os.killpg(process.pid, signal.SIGKILL)
        else:
            process.kill()
    except (ProcessLookupError, PermissionError):
        pass  # gone already


class Child:
    """``subprocess.Popen(argv, stdout=PIPE, stderr=<a file>, **popen)`` read with a deadline.

    ``deadline_s`` counts from the start: every read after it kills the child and fails the test.
    Lines are text (UTF-8), as ``text=True`` gave them; ``send`` writes to its stdin (``stdin=PIPE``).
    """

    def __init__(self, argv: Sequence[str], *, deadline_s: float = DEADLINE_S, **popen: Any) -> None:
        self.argv = list(argv)
        self.deadline_s = deadline_s
        self._deadline = time.monotonic() + deadline_s
        self._group = bool(popen.get("start_new_session"))
        self._err = tempfile.TemporaryFile()
        self.process = subprocess.Popen(self.argv, stdout=subprocess.PIPE, stderr=self._err, **popen)
        assert self.process.stdout is not None
        self._fd = self.process.stdout.fileno()
        self._buffer = b""
        self._eof = False
        self.said: list[str] = []  # every line read so far (for the failure message)

    @property
    def pid(self) -> int:
        return self.process.pid

    def stderr(self) -> str:
        """What the child printed on stderr so far ("" once closed)."""
        if self._err.closed:
            return ""
        self._err.seek(0)
        return self._err.read().decode("utf-8", "replace")

    def _fill(self, until: float) -> bool:
        """Read what the pipe has by ``until``: False when nothing came in time."""
        with selectors.DefaultSelector() as chosen:
            chosen.register(self._fd, selectors.EVENT_READ)
            if not chosen.select(max(0.0, until - time.monotonic())):
                return False
        data = os.read(self._fd, 65536)
        if data:
            self._buffer += data
        else:
            self._eof = True
        return True

    def _fail(self, why: str) -> NoReturn:
        """Kill the child (its group too when it has its own) and fail the test with its stderr."""
        said = "\n".join(self.said[-20:])
        _kill(self.process, self._group)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(10)
        err = self.stderr()
        self.close()
        pytest.fail(f"{why} (a child stuck: killed): {' '.join(self.argv)[:300]}\n"
                    f"--- its last lines on stdout:\n{said}\n--- its stderr:\n{err[-6000:]}", pytrace=False)  # fmt: skip

    def readline(self) -> str:
        """The next line (with its newline), "" at the end of the output; the test fails past the deadline."""
        while b"\n" not in self._buffer and not self._eof:
            if not self._fill(self._deadline):
                self._fail(f"no line from the child within {self.deadline_s:.0f} s")
        if b"\n" in self._buffer:
            line, self._buffer = self._buffer.split(b"\n", 1)
            line += b"\n"
        else:
            line, self._buffer = self._buffer, b""
        text = line.decode("utf-8", "replace").replace("\r\n", "\n")
        if text:
            self.said.append(text.rstrip("\n"))
        return text

    def lines(self) -> Iterator[str]:
        """``for line in child.stdout``, each line within the deadline."""
        while line := self.readline():
            yield line

    def send(self, text: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(text.encode("utf-8"))
        self.process.stdin.flush()

    def _rest(self, until: float) -> str | None:
        """The rest of stdout up to its end; None when it did not end by ``until``."""
        while not self._eof:
            if not self._fill(until):
                return None
        rest, self._buffer = self._buffer, b""
        return rest.decode("utf-8", "replace").replace("\r\n", "\n")

    def kill(self, timeout: float = 30) -> tuple[str, str]:
        """SIGKILL (its group too when it has its own): (what it printed after the last line read, its stderr).
        The child is closed then (``close``)."""
        _kill(self.process, self._group)
        try:
            rest = self._rest(time.monotonic() + timeout)
            self.process.wait(timeout)
            return rest or "", self.stderr()
        finally:
            self.close()

    def finish(self, input: str | None = None, timeout: float = 60) -> tuple[str, str]:
        """``communicate(input, timeout)``: the child ends by itself; (the rest of its stdout, its stderr).
        The child is closed then."""
        if self.process.stdin is not None:
            try:
                if input:
                    self.send(input)
                self.process.stdin.close()
            except BrokenPipeError:
                pass
        rest = self._rest(min(self._deadline, time.monotonic() + timeout))
        if rest is None:
            self._fail(f"the child did not end within {timeout:.0f} s")
        try:
            self.process.wait(max(1.0, min(self._deadline, time.monotonic() + timeout) - time.monotonic()))
        except subprocess.TimeoutExpired:
            self._fail(f"the child did not end within {timeout:.0f} s")
        err = self.stderr()
        self.close()
        return rest or "", err

    def close(self) -> None:
        """Whatever happened: the child killed if still running, its pipes and stderr file closed."""
        if self.process.poll() is None:
            _kill(self.process, self._group)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                pass
        for stream in (self.process.stdin, self.process.stdout, self._err):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()

    def __enter__(self) -> Child:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def run(argv: Sequence[str], *, timeout: float, input: str | None = None, text: bool = True,
        **popen: Any) -> subprocess.CompletedProcess:  # fmt: skip
    """``subprocess.run(argv, capture_output=True, timeout=...)`` in its own process group, all of it
    killed when the time is up (then the test fails with its stderr)."""
    process = subprocess.Popen(argv, stdin=subprocess.PIPE if input is not None else None, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=text, start_new_session=True, **popen)  # fmt: skip
    try:
        out, err = process.communicate(input, timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill(process, True)
        try:
            out, err = process.communicate(timeout=10)
        except subprocess.TimeoutExpired:  # a process of its own session still holds the pipes
            out, err = "", ""
        pytest.fail(f"{' '.join(map(str, argv))[:300]} did not end within {timeout:.0f} s (killed):\n"
                    f"{(err or '')[-6000:]}", pytrace=False)  # fmt: skip
    finally:
        if process.poll() is None:
            _kill(process, True)
            process.wait(10)
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)

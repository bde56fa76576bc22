"""tests/children.py: a child that stops printing fails its test within the deadline, with its stderr; one that
prints is read as before; a process group is killed whole."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from tests import children

SILENT = "import sys, time\nprint('about to hang on a dialog', file=sys.stderr, flush=True)\ntime.sleep(60)\n"


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    with open(f"/proc/{pid}/stat") as stat:  # a zombie (not reaped by its parent yet) is gone too
        return stat.read().rsplit(")", 1)[1].split()[0] == "Z"


def test_a_child_that_prints_nothing_fails_the_test_within_the_deadline_with_its_stderr() -> None:
    child = children.Child([sys.executable, "-c", SILENT], deadline_s=2)
    start = time.monotonic()
    with pytest.raises(pytest.fail.Exception) as failed:
        for _line in child.lines():
            pass
    assert time.monotonic() - start < 15
    assert "about to hang on a dialog" in str(failed.value) and "within 2 s" in str(failed.value)
    assert child.process.poll() is not None  # killed


def test_the_awaited_line_is_read_and_what_follows_is_kept() -> None:
    script = "import sys\nprint('ready', flush=True)\nprint('日本語の後', flush=True)\nprint('warn', file=sys.stderr, flush=True)\nimport time; time.sleep(60)\n"
    child = children.Child([sys.executable, "-c", script])
    said = []
    try:
        for line in child.lines():
            said.append(line.strip())
            if line.startswith("ready"):
                break
        time.sleep(0.5)
    finally:
        rest, err = child.kill()
    assert said == ["ready"] and rest == "日本語の後\n" and err == "warn\n"


def test_a_chatty_child_never_blocks_on_its_stderr() -> None:
    script = "import sys\nsys.stderr.write('x' * 2_000_000)\nsys.stderr.flush()\nprint('ready', flush=True)\n"
    child = children.Child([sys.executable, "-c", script], deadline_s=60)
    assert child.readline() == "ready\n"
    out, err = child.finish()
    assert out == "" and len(err) == 2_000_000 and child.process.returncode == 0


def test_finish_sends_the_input_and_reads_the_rest() -> None:
    script = "import sys\nprint('up', flush=True)\nprint(sys.stdin.readline().upper(), end='')\n"
    child = children.Child([sys.executable, "-c", children.GUARD + script], stdin=subprocess.PIPE)
    assert child.readline().strip() == "up"
    assert child.finish("go\n", timeout=30) == ("GO\n", "")


def test_a_child_of_its_own_session_is_killed_with_its_children() -> None:
    script = (
        "import subprocess, sys, time\n"
        "grandchild = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)'])\n"
        "print(grandchild.pid, file=sys.stderr, flush=True)\n"
        "time.sleep(60)\n"
    )
    child = children.Child([sys.executable, "-c", script], deadline_s=3, start_new_session=True)
    with pytest.raises(pytest.fail.Exception) as failed:
        child.readline()
    grandchild = int(str(failed.value).rsplit("--- its stderr:\n", 1)[1].split()[0])
    deadline = time.monotonic() + 10
    while not _gone(grandchild) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _gone(grandchild)


def test_run_kills_the_whole_group_when_a_grandchild_holds_the_pipes() -> None:
    """subprocess.run(timeout=...) would kill the direct child, then wait forever for the grandchild's pipes."""
    script = (
        "import subprocess, sys, time\n"
        "subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)'])\n"
        "print('stuck', file=sys.stderr, flush=True)\n"
        "time.sleep(60)\n"
    )
    start = time.monotonic()
    with pytest.raises(pytest.fail.Exception) as failed:
        children.run([sys.executable, "-c", script], timeout=2)
    assert time.monotonic() - start < 20 and "stuck" in str(failed.value)
    assert children.run([sys.executable, "-c", "print('ok')"], timeout=30).stdout == "ok\n"


def test_a_stuck_child_prints_its_own_stack_and_exits() -> None:
    guard = children.GUARD.replace(f"({children.CHILD_LIMIT_S},", "(1,")
    child = children.Child([sys.executable, "-c", guard + "import time\ndef waiting_for_a_click():\n    time.sleep(60)\nwaiting_for_a_click()\n"])
    assert child.readline() == ""  # it ended by itself: no line, no deadline reached
    _out, err = child.finish(timeout=10)
    assert "waiting_for_a_click" in err


def test_an_unexpected_message_box_in_a_child_says_so_and_is_answered() -> None:
    script = (
        "from PySide6.QtWidgets import QMessageBox\n"
        "print(QMessageBox.question(None, '確認', '上書きしますか?') == QMessageBox.StandardButton.No)\n"
        "print(QMessageBox.warning(None, '注意', '保存できません') == QMessageBox.StandardButton.Ok)\n"
    )
    child = children.Child([sys.executable, "-c", children.WINDOW_GUARD + script], env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert [line.strip() for line in child.lines()] == ["True", "True"]
    _out, err = child.finish(timeout=30)
    assert "確認: 上書きしますか?" in err and "注意: 保存できません" in err

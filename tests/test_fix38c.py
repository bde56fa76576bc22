"""fix38c: the siblings of breaker38c's write-target defects.

- the core's atomic writer (every export, the report, the screenshot, the GUI's save dialogs) refuses a
  pipe or a socket it would rename over (a device is refused by the same check; never tried here: a test
  writing at /dev/null once replaced it);
- a file target ending in a separator (``--report r.json/``, ``--screenshot s.png/``) is refused before
  anything is opened; an export that writes a folder takes one;
- ``--screenshot``'s target is checked as an export's is (:func:`app.ui.app.screenshot_target`).
"""

from __future__ import annotations

import argparse
import os
import socket
import stat
from pathlib import Path

import pytest

from app.cli.arguments import check_written_names
from app.core.errors import UserError
from app.core.files.atomic import check_target, write_bytes, write_text


def _args(**written: str) -> argparse.Namespace:
    return argparse.Namespace(command="export", db=None, **written)


def test_a_pipe_is_refused_and_left_a_pipe(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    pipe = tmp_path / "out" / "report.json"
    os.mkfifo(pipe)
    with pytest.raises(UserError) as refused:
        write_text(pipe, "{}")
    assert refused.value.key == "file.not_regular"
    assert stat.S_ISFIFO(pipe.stat().st_mode)
    assert [p.name for p in pipe.parent.iterdir()] == ["report.json"]  # no temporary copy left beside it


def test_a_link_to_a_pipe_and_a_socket_are_refused(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "link.md").symlink_to(tmp_path / "pipe")
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(tmp_path / "sock.png"))
        for target in (tmp_path / "link.md", tmp_path / "sock.png"):
            with pytest.raises(UserError) as refused:
                write_bytes(target, b"x")
            assert refused.value.key == "file.not_regular"
        assert stat.S_ISSOCK((tmp_path / "sock.png").stat().st_mode)
    assert (tmp_path / "link.md").is_symlink()


def test_a_regular_file_and_a_new_one_are_still_written(tmp_path: Path) -> None:
    (tmp_path / "old.md").write_text("old", encoding="utf-8")
    assert check_target(tmp_path / "old.md") == tmp_path / "old.md"
    write_text(tmp_path / "old.md", "new")
    write_text(tmp_path / "new.md", "new")
    assert (tmp_path / "old.md").read_text(encoding="utf-8") == (tmp_path / "new.md").read_text(encoding="utf-8") == "new"


@pytest.mark.parametrize(("dest", "option", "value"), [("report", "--report", "r.json/"), ("screenshot", "--screenshot", "s.png/"),
                                                       ("out", "--out", "q.md/")])
def test_a_file_target_ending_in_a_separator_is_refused(dest: str, option: str, value: str) -> None:
    with pytest.raises(UserError) as refused:
        check_written_names(_args(**{dest: value}))
    assert refused.value.key == "file.names_folder"
    assert option in refused.value.text("en") and refused.value.text("en").split()[1].endswith("/")


def test_an_export_writing_a_folder_takes_a_separator_but_its_report_does_not() -> None:
    check_written_names(_args(out="wiki/"), out_is_folder=True)
    with pytest.raises(UserError, match="--report"):
        check_written_names(_args(out="wiki/", report="r/"), out_is_folder=True)


def test_the_screenshot_target_is_checked_as_an_export(tmp_path: Path) -> None:
    from app.ui.app import screenshot_target

    assert screenshot_target(tmp_path / "s.png") == (tmp_path / "s.png", "png")
    assert screenshot_target(tmp_path / "s.JPG")[1] == "jpg"
    (tmp_path / "db.png").write_bytes(b"SQLite format 3\x00" + bytes(100))
    os.mkfifo(tmp_path / "pipe.png")
    (tmp_path / "notes.txt").write_text("メモ", encoding="utf-8")
    for name, key in (("db.png", "file.is_sqlite_database"), ("pipe.png", "file.not_regular"),
                      ("notes.txt", "screenshot.wrong_suffix"), (".png", "export.no_file_name"), ("", "file.is_folder")):
        with pytest.raises(UserError) as refused:
            screenshot_target(tmp_path / name)
        assert refused.value.key == key, name
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "メモ"

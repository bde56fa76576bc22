"""Breaker tests for issue 19 (suspect links, agreement baselines, export report, review export).

Each test asserts what a user was promised and is marked ``xfail(strict=True)`` with the defect it
shows: the lead fixes the app, then removes the mark.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from app.core import operations as ops
from app.hearing.answers import AnswerService
from app.main import main
from app.projects import baselines as bl
from app.projects import suspects
from app.wbs.generate import generate
from app.wbs.service import WbsService
from tests.wbs_helpers import new_project

ITEM = "hearing.scope.feature_store"


def cli(db_path: Path, capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["--db", str(db_path), *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


# --- export report ----------------------------------------------------------------------------------


def test_a_report_path_equal_to_the_output_does_not_replace_the_document(demo, db_path: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "proposal.md"
    code, _out, err = cli(db_path, capsys, "--lang", "ja", "export", "proposal", "--project", "1", "--out", str(out), "--report", str(out))
    if code == 0:
        text = out.read_text(encoding="utf-8")
        with pytest.raises(json.JSONDecodeError):
            json.loads(text)  # the proposal the user asked for, not the report
        assert text.startswith("#")
    else:  # refused before anything was written
        assert code == 2 and err.count("\n") == 1 and "エラー" in err and not out.exists()


def test_an_unwritable_report_path_fails_before_anything_is_written(demo, db_path: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "minutes.md"
    code, _out, err = cli(db_path, capsys, "--lang", "ja", "export", "minutes", "--project", "1", "--out", str(out),
                          "--report", str(tmp_path / "no" / "r.json"))  # fmt: skip
    assert code == 2
    assert not out.exists()  # an error exit leaves nothing behind (as every other CLI error)
    assert err.count("\n") == 1 and "エラー" in err


@pytest.mark.parametrize("suffix", [".md"])  # (the PDF draws them since the sixteenth session: tests/test_review_export.py)
def test_the_review_report_says_the_charts_are_not_in_markdown(workspace, db_path: Path, tmp_path: Path, capsys, suffix: str) -> None:
    from app.core.projects import ProjectService

    pid = ProjectService(workspace.db).create("レビュー", lang="ja").id
    out, report = tmp_path / f"review{suffix}", tmp_path / "r.json"
    code, _out, err = cli(db_path, capsys, "--lang", "ja", "export", "review", "--project", str(pid), "--out", str(out), "--report", str(report))
    assert code == 0, err
    assert "<svg" not in out.read_bytes().decode("latin-1")  # the charts really are not in the file
    dropped = json.loads(report.read_text(encoding="utf-8"))["dropped"]
    assert dropped, "the radar chart and section bars are not carried by this format"


# --- agreement baselines ----------------------------------------------------------------------------


def test_a_control_character_does_not_make_a_baseline_unreachable(workspace, demo, db_path: Path, capsys) -> None:
    code, _out, _err = cli(db_path, capsys, "--lang", "en", "baseline", "create", "--project", str(demo.id), "--name", "Kick\x07off")
    assert code == 0  # the terminal shows “Kickoff” made
    code, _out, err = cli(db_path, capsys, "--lang", "en", "baseline", "sign", "--project", str(demo.id), "--name", "Kickoff", "--who", "Sato")
    assert code == 0, err
    assert all(ch.isprintable() for b in bl.baselines(workspace, demo.id) for ch in b.name)


def test_the_baselines_dialog_shows_dates_the_japanese_way(qtbot, db_path: Path) -> None:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QDialog, QTableWidget

    from tests.gui_helpers import close_window, make_window

    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        pid = window.state.project.id
        ws = window.state.workspace
        ops.run(ws, bl.create_op(pid, "合意"))
        ops.run(ws, bl.sign_op(pid, "合意", "山田", date=dt.date(2026, 12, 21)))
        made = dt.datetime.fromisoformat(bl.find(ws, pid, "合意").created).astimezone()
        seen: dict[str, str] = {}

        def run(dialog: QDialog) -> int:
            table = dialog.findChild(QTableWidget, "baselinesTable")
            seen["made"], seen["signed"] = table.item(0, 2).text(), table.item(0, 3).text()
            dialog.reject()
            return dialog.result()

        window.exec_dialog = run
        window.menuBar().findChild(QAction, "baselinesAction").trigger()
        assert seen["made"] == f"{made:%Y/%m/%d %H:%M}"
        assert "2026/12/21" in seen["signed"]
    finally:
        close_window(window)


def test_the_baselines_dialog_shows_what_another_window_made(qtbot, db_path: Path, library) -> None:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QDialog, QTableWidget

    from app.core.workspace import Workspace
    from tests.gui_helpers import close_window, make_window

    window = make_window(qtbot, db_path, global_lang="ja")
    other = Workspace.open(str(db_path), library)
    try:
        pid = window.state.project.id
        seen: dict[str, int] = {}

        def run(dialog: QDialog) -> int:
            table = dialog.findChild(QTableWidget, "baselinesTable")
            assert table.rowCount() == 0
            ops.run(other, bl.create_op(pid, "別の窓で作った"))
            for _ in range(50):  # the watcher polls each second: 5 s is plenty
                if table.rowCount() == 1:
                    break
                qtbot.wait(100)
            seen["rows"] = table.rowCount()
            dialog.reject()
            return dialog.result()

        window.exec_dialog = run
        window.menuBar().findChild(QAction, "baselinesAction").trigger()
        assert seen["rows"] == 1
    finally:
        other.close()
        close_window(window)


# --- suspect links ----------------------------------------------------------------------------------


def _generated_task(workspace):
    pid = new_project(workspace)
    answers = AnswerService(workspace.db, workspace.library)
    answers.update(pid, ITEM, value="now")
    generate(workspace, pid)
    wbs = WbsService(workspace.db)
    task = next(t for t in wbs.tree(pid).tasks.values() if any(a.get("item") == ITEM for a in t.origin.answers))
    return pid, task, answers, wbs


def test_a_task_held_by_a_signed_baseline_turns_suspect(workspace) -> None:
    pid, task, answers, _wbs = _generated_task(workspace)
    assert not task.agreed
    ops.run(workspace, bl.create_op(pid, "Kickoff"))
    ops.run(workspace, bl.sign_op(pid, "Kickoff", who="Sato", role="PM", org="Customer"))
    answers.update(pid, ITEM, value="later")
    keys = {s.dependent.key for s in suspects.suspects(workspace, pid)}
    assert "proposal:scope" in keys  # the signed baseline does count for the proposal ...
    assert f"task:{task.uid}" in keys  # ... and the task was in that baseline too


def test_editing_a_task_does_not_clear_its_suspect_mark(workspace) -> None:
    pid, task, answers, wbs = _generated_task(workspace)
    wbs.update(pid, [task.id], agreed=True)  # agreed today
    answers.update(pid, ITEM, value="later")
    assert [s.new for s in suspects.suspects(workspace, pid) if s.dependent.key == f"task:{task.uid}"] == ["later"]
    wbs.update(pid, [task.id], notes="会議メモを追記")  # not a review of the changed answer
    assert [s.new for s in suspects.suspects(workspace, pid) if s.dependent.key == f"task:{task.uid}"] == ["later"]


def _export_from_the_dialog(qtbot, db_path: Path, monkeypatch, target: Path, project_name: str | None = None) -> dict:
    """Make a baseline, open File ▸ Baselines…, Diff against now and Export to ``target``; what the user saw."""
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QDialog, QLabel, QPushButton

    from app.core.projects import ProjectService
    from app.ui import messages
    from tests.gui_helpers import close_window, make_window

    seen: dict = {"info": [], "labels": []}
    monkeypatch.setattr(messages, "save_file", lambda _p, _t, suggested, _f: seen.update(suggested=suggested) or str(target))
    monkeypatch.setattr(messages, "show_info", lambda _p, text, *a, **k: seen["info"].append(text))
    monkeypatch.setattr(messages, "show_error", lambda _p, error, *a, **k: seen.setdefault("errors", []).append(str(error)))
    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        pid = window.state.project.id
        ws = window.state.workspace
        if project_name is not None:
            ProjectService(ws.db).rename(pid, project_name)
            window.state.open_project(pid)
        ops.run(ws, bl.create_op(pid, "合意"))

        def run(dialog: QDialog) -> int:
            dialog.findChild(QPushButton, "baselineDiffButton").click()
            qtbot.waitUntil(lambda: not dialog.busy, timeout=15000)  # the diff is worked out on a worker
            dialog.findChild(QPushButton, "baselineExportButton").click()
            qtbot.waitUntil(lambda: not dialog.busy, timeout=15000)  # and written on one
            seen["labels"] = [label.text() for label in dialog.findChildren(QLabel)]
            dialog.reject()
            return dialog.result()

        window.exec_dialog = run
        window.menuBar().findChild(QAction, "baselinesAction").trigger()
    finally:
        close_window(window)
    return seen


def test_the_diff_export_suggests_a_safe_file_name(qtbot, db_path: Path, tmp_path: Path, monkeypatch) -> None:
    seen = _export_from_the_dialog(qtbot, db_path, monkeypatch, tmp_path / "d.xlsx", project_name="顧客/案件:" + "長" * 190)
    suggested = Path(seen["suggested"])
    assert "顧客/" not in seen["suggested"]  # the project's '/' is not a folder
    assert ":" not in suggested.name and len(suggested.name.encode()) <= 255


def test_the_diff_export_says_what_it_wrote_and_what_markdown_dropped(qtbot, db_path: Path, tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "差分.md"
    seen = _export_from_the_dialog(qtbot, db_path, monkeypatch, target)
    assert target.exists() and not seen.get("errors")
    shown = "\n".join(seen["info"] + seen["labels"])
    assert "差分.md" in shown


def test_a_tasks_why_says_when_its_answer_was_cleared(workspace) -> None:
    from app.wbs.generate import origin_text

    pid, task, answers, _wbs = _generated_task(workspace)
    answers.update(pid, ITEM, value=None)
    why = origin_text(task, workspace.library, "ja", answers.answers(pid))
    assert "もう当てはまりません" in why
    assert "未回答" in why


def test_the_diff_names_a_removed_predecessor_by_its_title(workspace, demo) -> None:
    wbs = WbsService(workspace.db)
    tree = wbs.tree(demo.id)
    task = next(t for t in tree.walk() if t.dependencies)
    before = tree.tasks[task.dependencies[0].predecessor_id]
    ops.run(workspace, bl.create_op(demo.id, "合意"))
    wbs.delete(demo.id, [before.id])
    diff = bl.diff(bl.find(workspace, demo.id, "合意"), bl.current(workspace, demo.id, "現在"), workspace.library, "ja")
    rows = [r for r in diff.rows_of("wbs") if r.key == str(task.uid) and r.field == "先行タスク"]
    assert rows, "the lost dependency is in the diff"
    assert before.title in rows[0].old  # which task it was, not only a code that has moved on

"""fix32b: a project file whose project is here already (the same UUID) and was changed here since the
file's version of it is told before it is imported: the window asks (a new project beside it, or
nothing), ``project import`` imports it as ever and says so in one stderr line; a file whose project is
here unchanged (or older here) imports as ever, unasked. The project here is never changed."""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path

import pytest

from app.cli.main import main
from app.core.projects import ProjectService
from app.projects import transfer
from app.ui import messages
from tests.gui_helpers import settle


def exported(workspace, name: str, tmp_path: Path) -> tuple[int, Path]:
    pid = ProjectService(workspace.db).create(name).id
    return pid, transfer.export_file(workspace.db, pid, tmp_path / "p.json")


def test_a_file_of_a_project_changed_here_since_is_found_with_both_names_and_times(workspace, tmp_path) -> None:
    pid, path = exported(workspace, "画像検索PoC", tmp_path)
    assert transfer.read_import(workspace.db, path).changed is None  # here as the file has it
    time.sleep(0.01)
    ProjectService(workspace.db).rename(pid, "画像検索PoC(第2版)")
    found = transfer.read_import(workspace.db, path)
    changed = found.changed
    assert changed is not None and changed.project_id == pid
    assert (changed.name, changed.file_name) == ("画像検索PoC(第2版)", "画像検索PoC") and changed.here_changed > changed.file_changed
    ja, en = changed.message().text("ja"), changed.message().text("en")
    assert "「画像検索PoC」" in ja and "「画像検索PoC(第2版)」" in ja and "ファイル" in ja
    assert "“画像検索PoC”" in en and "“画像検索PoC(第2版)”" in en and "changed here after" in en
    before = ProjectService(workspace.db).get(pid)
    new_id = found.insert(workspace.db)
    assert new_id != pid and ProjectService(workspace.db).get(pid) == before  # beside it, the one here unchanged


def test_a_file_newer_than_the_project_here_or_of_a_project_not_here_is_not_told(workspace, tmp_path) -> None:
    pid, path = exported(workspace, "案件", tmp_path)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["project"]["updated_at"] = (dt.datetime.now(dt.UTC) + dt.timedelta(days=1)).isoformat()  # a colleague's later version
    newer = tmp_path / "newer.json"
    newer.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert transfer.read_import(workspace.db, newer).changed is None
    data["project"]["uuid"] = "00000000-0000-4000-8000-000000000000"
    data["project"]["updated_at"] = "2000-01-01T09:00:00+09:00"  # an offset, written by hand
    other = tmp_path / "other.json"
    other.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert transfer.read_import(workspace.db, other).changed is None


def test_an_offset_in_the_files_time_is_compared_as_utc(workspace, tmp_path) -> None:
    pid, path = exported(workspace, "案件", tmp_path)
    here = ProjectService(workspace.db).get(pid).updated_at
    data = json.loads(path.read_text(encoding="utf-8"))
    data["project"]["updated_at"] = (here.replace(tzinfo=dt.UTC) - dt.timedelta(minutes=1)).astimezone(dt.timezone(dt.timedelta(hours=9))).isoformat()
    older = tmp_path / "older.json"
    older.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    changed = transfer.read_import(workspace.db, older).changed
    assert changed is not None and changed.file_changed == here - dt.timedelta(minutes=1)


def test_project_import_of_an_older_file_imports_it_and_says_so_in_one_line(workspace, db_path, tmp_path, capsys) -> None:
    pid, path = exported(workspace, "画像検索PoC", tmp_path)
    time.sleep(0.01)
    ProjectService(workspace.db).update(pid, customer="佐藤商事")
    before = ProjectService(workspace.db).get(pid)
    capsys.readouterr()
    assert main(["--db", str(db_path), "--lang", "ja", "project", "import", str(path)]) == 0
    out, err = capsys.readouterr()
    new_id = int(out.strip())
    assert new_id != pid and ProjectService(workspace.db).get(new_id).name == "画像検索PoC (2)"
    assert ProjectService(workspace.db).get(pid) == before
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("警告: ") and "「画像検索PoC」" in lines[0] and "新しいプロジェクトとして" in lines[0], err
    assert main(["--db", str(db_path), "--lang", "en", "project", "import", str(path)]) == 0
    assert "already in this database" in capsys.readouterr().err


def test_project_import_of_a_file_unchanged_here_says_nothing(workspace, db_path, tmp_path, capsys) -> None:
    _pid, path = exported(workspace, "画像検索PoC", tmp_path)
    capsys.readouterr()
    assert main(["--db", str(db_path), "--lang", "ja", "project", "import", str(path)]) == 0
    assert capsys.readouterr().err == ""


@pytest.fixture
def window(japanese_window):
    return japanese_window


def import_on_the_page(window, qtbot, path: Path, monkeypatch) -> None:
    monkeypatch.setattr(messages, "open_file", lambda *a, **k: str(path))
    window.show_page("exports")
    page = window.page("exports")
    page.import_project()
    qtbot.waitUntil(lambda: page.import_button.isEnabled(), timeout=30000)
    settle(window)


def test_the_window_asks_and_a_yes_imports_beside_it(window, qtbot, monkeypatch, tmp_path) -> None:
    pid = window.state.project_id
    path = transfer.export_file(window.state.workspace.db, pid, tmp_path / "demo.json")
    time.sleep(0.01)
    window.state.change_projects(lambda: window.state.projects.rename(pid, "第2版"))
    before = window.state.projects.get(pid)
    asked: list[str] = []
    monkeypatch.setattr(messages, "confirm", lambda _p, _t, text: asked.append(text) or True)
    count = len(window.state.projects.list())
    import_on_the_page(window, qtbot, path, monkeypatch)
    assert len(asked) == 1 and "「第2版」" in asked[0] and "新しいプロジェクトとして読み込みますか" in asked[0], asked
    assert len(window.state.projects.list()) == count + 1 and window.state.projects.get(pid) == before
    assert window.state.project_id != pid  # the new one is open


def test_the_window_asks_and_a_no_imports_nothing(window, qtbot, monkeypatch, tmp_path) -> None:
    pid = window.state.project_id
    path = transfer.export_file(window.state.workspace.db, pid, tmp_path / "demo.json")
    time.sleep(0.01)
    window.state.change_projects(lambda: window.state.projects.rename(pid, "第2版"))
    monkeypatch.setattr(messages, "confirm", lambda *_a: False)
    count = len(window.state.projects.list())
    import_on_the_page(window, qtbot, path, monkeypatch)
    page = window.page("exports")
    assert len(window.state.projects.list()) == count and page.result_label.text() == "何も読み込んでいません。"
    assert window.state.project_id == pid


def test_a_file_of_the_project_as_it_is_here_is_imported_unasked(window, qtbot, monkeypatch, tmp_path) -> None:
    pid = window.state.project_id
    path = transfer.export_file(window.state.workspace.db, pid, tmp_path / "demo.json")
    asked: list[str] = []
    monkeypatch.setattr(messages, "confirm", lambda _p, _t, text: asked.append(text) or False)
    count = len(window.state.projects.list())
    import_on_the_page(window, qtbot, path, monkeypatch)
    assert not asked and len(window.state.projects.list()) == count + 1

"""breaker16q: the fixes of round 16 (environment drafts and conflicts, hearing drafts kept on disk,
the command line's project references, names and guarded writes) tried as a demanding Japanese
user would: real widgets by objectName, the CLI as ``python -m app`` in subprocesses with
MLOPS_KICKOFF_HOME in a temporary folder.

Each test is a defect found, a strict xfail until it is fixed (the reason says what the user sees).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QTableView, QToolButton

import app.ui.window.conflict_dialog as conflict_dialog
from app.core import paths
from app.core.projects import ProjectService
from app.environment.service import EnvironmentService
from app.ui import messages
from tests.gui_helpers import close_window, environment_page, make_window, settle
from tests.test_nothing_lost_gui import open_item

REPO = Path(__file__).resolve().parents[1]
DB_NAME = "mlops-kickoff.sqlite3"
JAPANESE = re.compile(r"[ぁ-んァ-ヶ一-龥]")
USERS_DS = "hearing.prereq.users_ds"  # a number item (人)
BACKGROUND = "hearing.basics.background"  # a text item


@pytest.fixture(autouse=True)
def closing_confirmed(monkeypatch):
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)


def type_into(field: QLineEdit, text: str) -> None:
    """Type over the field's text as an input method commits it (textEdited)."""
    field.setFocus()
    field.selectAll()
    field.insert(text)


def raw_path(window, project_id: int) -> str:
    choices = EnvironmentService(window.state.workspace).choices(project_id, "ja")
    return next(loc.path for loc in choices.locations if loc.kind.id == "raw")


# --- environment pages -----------------------------------------------------------------------------


def test_a_storage_cell_another_window_set_is_not_overwritten_unasked(qtbot, db_path, monkeypatch) -> None:
    asked: list = []
    monkeypatch.setattr(conflict_dialog, "ask_conflict", lambda dialog: asked.append(dialog) or 1)
    a = make_window(qtbot, db_path, global_lang="ja")
    b = make_window(qtbot, db_path, global_lang="ja")
    try:
        page_a, page_b = environment_page(a, qtbot, "data-ci"), environment_page(b, qtbot, "data-ci")
        b.watcher.timer.stop()  # b has not looked at the database again when its user types
        model_a = page_a.findChild(QTableView, "locationsTable").model()
        model_b = page_b.findChild(QTableView, "locationsTable").model()
        assert model_a.setData(model_a.index(0, 1), "s3://a-team-bucket/raw/")
        model_b.setData(model_b.index(0, 1), "s3://b-team-bucket/raw/")
        # b's user is asked which to keep (as the fields above the table ask), or at least told
        assert asked or page_b.problem_label.text(), raw_path(a, a.state.project_id)
    finally:
        close_window(b)
        close_window(a)


def test_the_reset_button_beside_a_red_draft_brings_the_hearings_value_back(qtbot, db_path) -> None:
    window = make_window(qtbot, db_path, global_lang="ja")
    other = ProjectService(window.state.workspace.db).create("新規案件")
    window.open_project(other.id)
    page = environment_page(window, qtbot)
    settle(window)
    qtbot.waitUntil(page.settled)
    name = page.findChild(QLineEdit, "field_repo_name")
    shown_before = name.text()
    type_into(name, "類似画像 検索")  # a space: refused, kept red as a draft
    assert name.styleSheet()
    reset = page.findChild(QToolButton, "reset_repo_name")
    assert reset.isEnabled(), "↺ is greyed out beside the red draft"
    qtbot.mouseClick(reset, Qt.MouseButton.LeftButton)
    settle(window)
    qtbot.waitUntil(page.settled)
    assert name.text() == shown_before and not name.styleSheet()


def test_a_cell_being_typed_when_the_project_changes_is_not_lost(qtbot, db_path) -> None:
    window = make_window(qtbot, db_path, global_lang="ja")
    page = environment_page(window, qtbot, "data-ci")
    view = page.findChild(QTableView, "locationsTable")
    first = window.state.project_id
    other = ProjectService(window.state.workspace.db).create("別案件")
    cell = view.model().index(0, 1)
    view.setCurrentIndex(cell)
    view.edit(cell)
    editor = view.viewport().findChild(QLineEdit)
    assert editor is not None
    editor.selectAll()
    editor.insert("s3://first-project-bucket/raw/")
    window.open_project(other.id)  # e.g. from 最近使ったプロジェクト: a menu does not end the cell's editing
    settle(window)
    qtbot.waitUntil(page.settled)
    assert raw_path(window, other.id) != "s3://first-project-bucket/raw/"  # never into the other project
    window.open_project(first)
    settle(window)
    qtbot.waitUntil(page.settled)
    shown = view.model().index(0, 1).data()
    assert "s3://first-project-bucket/raw/" in (raw_path(window, first), shown)


# --- hearing drafts kept on disk ------------------------------------------------------------------


def test_a_kept_draft_that_no_longer_fits_its_item_opens_without_an_error(qtbot, db_path) -> None:
    first = make_window(qtbot, db_path, global_lang="ja")
    editor = open_item(first, qtbot, USERS_DS)
    editor.editors["value"].edit.setText("2〜3")
    editor._edited("value", "2〜3")
    assert not editor.flush()  # a range: a draft, kept on disk
    close_window(first)
    [path] = sorted(paths.drafts_dir().glob("*/*.json"))
    document = json.loads(path.read_text(encoding="utf-8"))
    # the checklist changed since: the item that held a table of data sources is a text now
    document["drafts"][0]["item_id"] = BACKGROUND
    document["drafts"][0]["fields"] = {"value": [{"name": "顧客DB", "owner": "情報システム部"}], "note": 3}
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")

    window = make_window(qtbot, db_path, global_lang="ja")
    with qtbot.capture_exceptions() as raised:
        window.show_page("hearing")
        page = window.page("hearing")
        page.select_item(BACKGROUND)
        settle(window)
    assert not raised, [str(e[1])[:120] for e in raised]
    assert page.editor.item_id == BACKGROUND


# --- the command line -----------------------------------------------------------------------------


def run(home: Path, *argv: str, lang: str = "ja") -> subprocess.CompletedProcess[str]:
    """``mlops-kickoff --lang LANG ARGV`` in a fresh process whose data folder is ``home``."""
    env = {k: v for k, v in os.environ.items() if k != "MLOPS_KICKOFF_DB"}
    env |= {
        "MLOPS_KICKOFF_HOME": str(home),
        "MLOPS_KICKOFF_SETTINGS": str(home / "settings.ini"),
        "MLOPS_KICKOFF_LANG": lang,
        "PYTHONPATH": str(REPO),
        "QT_QPA_PLATFORM": "offscreen",
    }
    return subprocess.run([sys.executable, "-m", "app", "--lang", lang, *argv],
                          cwd=home, env=env, capture_output=True, text=True, timeout=120)


def one_japanese_line(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr, result.stderr[-300:]
    assert result.returncode == 2, (result.returncode, result.stderr[-300:])
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("mlops-kickoff: エラー: ") and JAPANESE.search(lines[0]), result.stderr


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder holding the Japanese demo project (id 1); tests that change it copy it first."""
    home = tmp_path_factory.mktemp("home16q")
    made = run(home, "demo", "--lang", "ja")
    assert made.returncode == 0, made.stderr
    return home


@pytest.mark.parametrize("ref", ["id:99999999999999999999999", "99999999999999999999999"])
def test_a_project_id_too_large_is_one_japanese_line(prepared: Path, tmp_path: Path, ref: str) -> None:
    result = run(prepared, "export", "wbs", "--project", ref, "--out", str(tmp_path / "wbs.xlsx"))
    one_japanese_line(result)
    assert "99999999999999999999999" in result.stderr


def test_an_emoji_joined_by_zwj_in_a_project_name_is_kept(tmp_path: Path) -> None:
    home = tmp_path / "cli-home"
    home.mkdir()
    family = "家族👨\u200d👩\u200d👧案件"
    made = run(home, "project", "new", family)
    assert made.returncode == 0, made.stderr
    listed = run(home, "projects", "list")
    assert family in listed.stdout, listed.stdout


def test_an_export_never_replaces_the_data_folders_database(prepared: Path, tmp_path: Path) -> None:
    home = tmp_path / "cli-home"
    shutil.copytree(prepared, home)
    main_db = home / DB_NAME
    before = main_db.read_bytes()
    assert run(home, "--db", str(tmp_path / "other.sqlite3"), "demo").returncode == 0
    result = run(home, "--db", str(tmp_path / "other.sqlite3"), "project", "export", "1", "--out", str(main_db))
    assert main_db.read_bytes() == before, "the data folder's database was replaced by a JSON export"
    one_japanese_line(result)


def test_reset_does_not_discard_a_value_another_window_set_since_unasked(qtbot, db_path, monkeypatch) -> None:
    asked: list = []
    monkeypatch.setattr(conflict_dialog, "ask_conflict", lambda dialog: asked.append(dialog) or 1)
    a = make_window(qtbot, db_path, global_lang="ja")
    b = make_window(qtbot, db_path, global_lang="ja")
    try:
        page_a, page_b = environment_page(a, qtbot), environment_page(b, qtbot)
        type_into(page_a.findChild(QLineEdit, "field_frameworks"), "PyTorch A")
        settle(a)
        page_b.refresh()  # b shows PyTorch A, set: its ↺ is enabled
        b.watcher.timer.stop()
        type_into(page_a.findChild(QLineEdit, "field_frameworks"), "PyTorch C")
        reset = page_b.findChild(QToolButton, "reset_frameworks")
        assert reset.isEnabled()
        qtbot.mouseClick(reset, Qt.MouseButton.LeftButton)
        values = EnvironmentService(a.state.workspace).choices(a.state.project_id, "ja")
        assert asked or values.value("frameworks") == "PyTorch C", values.value("frameworks")
    finally:
        close_window(b)
        close_window(a)

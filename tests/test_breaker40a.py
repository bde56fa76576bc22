"""breaker40a: two windows on one database and a killed process, as a Japanese consultant and a colleague
share one project file on a laptop (two MainWindow instances on the same database, in Japanese, on the demo;
real ``python`` window processes killed with SIGKILL, then the next start).

Tried and held: a cell of the Data platform page's dataset table open in window A (its editor typing a
dataset name) while window B adds a data source to the hearing: A's open editor keeps its typing and commits
it (the table waits for the editor); the project renamed in B: A's header and window title follow within a
poll, no message; interview mode open in A while B deletes the project: typing there is refused naming the
project by its name (「…」は別のウィンドウかプロセスで削除されました) and kept as a draft on disk (checked by hand, not
kept as a test: see the artefact below). Not retried here, covered before (breaker16q/21b,
test_environment_drafts): the same answer, field or storage cell saved in both windows asks.

Not a defect (checked): in the in-process tests, after the open project is closed (or deleted elsewhere) the
Python wrappers of the window's QActions (Edit ▸ Undo, the hearing's minutes action) report "already
deleted" to qtbot's exception capture; the same steps in a real window process (build_window, crash.report
patched to print) keep them valid and report nothing, so it is an artefact of the test process.

Defects (strict xfails, each asserting what the user should get):
- a data source renamed in the hearing (a typo fixed by the colleague in window B) silently drops the
  dataset name (①, used in every path) and the owner typed on the Data platform & CI page of window A: the
  row shows dataset01 and the hearing's owner again, nothing said (the document keys dataset cells by the
  source's name, app/environment/service.py);
- the window process killed while a conflict dialog is open (the consultant reading both sides): what was
  typed is gone at the next start, no draft, although the README promises a killed process loses at most
  the last 0.6 s of typing and that a conflict left unanswered is kept in drafts/ (the draft is written
  only after the dialog returns: app/ui/hearing/item_editor.py flush, app/ui/environment/choices_form.py
  _conflict);
- the Follow-ups list (ヒアリング ▸ フォローアップ一覧) open in A while B deletes the project: the list stays on
  the deleted project's follow-ups with no notice, and ticking one done says 「ID -1 のプロジェクトはありません」:
  an internal id, not the project's name (the README: a dialog open on a project deleted meanwhile says the
  deletion once, by the project's name, and closes).
"""

from __future__ import annotations

import os
import re
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QTableView
from shiboken6 import isValid

from app.core.projects import ProjectService
from app.environment.service import EnvironmentService
from app.ui import messages
from app.ui.window import conflict_dialog
from tests import children
from tests.conftest import answer_conflict, copy_database, isolate
from tests.gui_helpers import close_window, environment_page, make_window, settle
from tests.test_nothing_lost_gui import open_item, stored

REPO = Path(__file__).resolve().parent.parent
SOURCES = "hearing.prereq.data_sources"  # データの種類: a table answer, one dataset row per source
BACKGROUND = "hearing.basics.background"  # 背景・課題
INTERNAL_ID = re.compile(r"ID\s*-?\d+")


@pytest.fixture
def two(qtbot, db_path, monkeypatch, said):
    """Window A (山田) and window B (佐藤) on one database, in Japanese, on the demo."""
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    a = make_window(qtbot, db_path, global_lang="ja")
    b = make_window(qtbot, db_path, global_lang="ja")
    b.state.workspace.author = "佐藤 花子"
    yield a, b
    close_window(b)
    close_window(a)


def seen(window) -> None:
    """The window notices what the other committed (its once-a-second poll, now)."""
    window.watcher.poll()
    settle(window)


def datasets(window):
    return {
        d.key: d
        for d in EnvironmentService(window.state.workspace).choices(window.state.project_id, "ja").datasets
    }


# --- defects ---------------------------------------------------------------------------------------


def test_a_data_source_renamed_in_the_other_window_keeps_the_dataset_name_and_owner_typed_here(
    two, qtbot, said
) -> None:
    a, b = two
    page = environment_page(a, qtbot, "data-ci")
    model = page.findChild(QTableView, "datasetsTable").model()
    assert model.index(0, 0).data() == "商品画像"
    assert model.setData(model.index(0, 1), "images_by_yamada")  # データセット名(①)
    assert model.setData(model.index(0, 2), "田中")  # 担当
    settle(a)
    rows = stored(b, SOURCES).value
    rows[0] = dict(rows[0], name="商品画像(全件)")  # 佐藤 fixes the source's name in the hearing
    b.state.answers.update(b.state.project_id, SOURCES, value=rows)
    seen(a)
    row = [model.index(0, c).data() for c in range(model.columnCount())]
    assert row[0] == "商品画像(全件)"
    told = page.problem_label.text() + " ".join(said)
    kept = datasets(a)["商品画像(全件)"]
    assert (kept.dataset_id, kept.owner) == ("images_by_yamada", "田中") or "images_by_yamada" in told, (
        row,
        told,
    )


# The child: the real window (Japanese) on the test's database, and a second window (佐藤) in the same
# process. 佐藤 saves the field first; the first window, which has not looked since, types into it and
# saves: the conflict dialog opens. While it is on the screen the child says "ready" and is SIGKILLed.
CHILD = children.WINDOW_GUARD + textwrap.dedent(
    """
    import sys, time
    sys.path.insert(0, sys.argv[2])
    from PySide6.QtCore import QCoreApplication
    from app.ui import messages
    import app.ui.window.conflict_dialog as conflict_dialog
    from tests.gui_helpers import make_window

    messages.confirm = lambda *a, **k: True

    def pump(n=20):
        for _ in range(n):
            QCoreApplication.processEvents()
            time.sleep(0.01)

    def on_screen(dialog):  # the dialog open: the consultant reads both sides; the laptop's battery dies
        print("ready", flush=True)
        while True:
            pump()

    conflict_dialog.ask_conflict = on_screen
    a = make_window(None, sys.argv[1], global_lang="ja")
    b = make_window(None, sys.argv[1], global_lang="ja")
    b.state.workspace.author = "佐藤 花子"
    a.watcher.timer.stop()
    if sys.argv[3] == "hearing":
        a.show_page("hearing")
        page = a.page("hearing")
        assert page.select_item("hearing.basics.background")
        pump()
        b.state.answers.update(b.state.project_id, "hearing.basics.background", value="佐藤が書き換えた背景")
        field = page.editor.editors["value"].edit
        field.moveCursor(field.textCursor().MoveOperation.End)
        field.insertPlainText("(会議中の追記: 先方は来月から本番データを出せる)")
        pump(5)
        page.editor.flush()
    else:
        for window in (b, a):
            window.show_page("experiment")
            pump(50)
        for window, text in ((b, "sato-repo"), (a, "yamada-similar-image")):
            field = window.page("experiment").form.editors["repo_name"]
            field.setFocus()
            field.selectAll()
            field.insert(text)
            pump(5)
            window.page("experiment").setFocus()  # the box loses the keyboard: saved
            pump(5)
    print("no conflict asked", flush=True)
    """
)


def killed_in_a_conflict(tmp_path: Path, demo_template: Path, where: str) -> tuple[Path, Path]:
    db = tmp_path / "kickoff.sqlite3"
    copy_database(demo_template, db)
    home = tmp_path / "home-killed"
    home.mkdir()
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        MLOPS_KICKOFF_HOME=str(home),
        MLOPS_KICKOFF_SETTINGS=str(home / "settings.ini"),
        MLOPS_KICKOFF_LANG="ja",
    )
    env.pop("MLOPS_KICKOFF_DB", None)
    child = children.Child(
        [sys.executable, "-c", CHILD, str(db), str(REPO), where],
        env=env,
        cwd=REPO,
    )
    said: list[str] = []
    try:
        for line in child.lines():
            said.append(line.strip())
            if line.startswith(("ready", "no conflict")):
                break
    finally:
        _out, err = child.kill()
    assert said == ["ready"], f"the conflict dialog did not open: {said} {err[-2000:]}"
    return db, home


@pytest.mark.parametrize("where", ["hearing", "experiment"])
def test_typing_of_a_conflict_dialog_left_open_when_the_process_is_killed_is_offered_at_the_next_start(
    qtbot, tmp_path, demo_template, monkeypatch, where
) -> None:
    db, home = killed_in_a_conflict(tmp_path, demo_template, where)
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    # the typing taken back is still based on what was shown before 佐藤's change: saving it (when the
    # window closes) asks again; the consultant closes that dialog without a choice (kept as a draft)
    monkeypatch.setattr(conflict_dialog, "ask_conflict", answer_conflict("later"))
    isolate(home, monkeypatch)  # the next start, on the killed window's data folder
    window = make_window(qtbot, db, global_lang="ja")
    try:
        if where == "hearing":
            shown = open_item(window, qtbot, BACKGROUND).editors["value"].edit.toPlainText()
            typed = "先方は来月から本番データを出せる"
        else:
            shown = environment_page(window, qtbot, "experiment").form.editors["repo_name"].text()
            typed = "yamada-similar-image"
        kept = " ".join(p.read_text(encoding="utf-8") for p in (home / "drafts").rglob("*.json"))
        assert typed in kept and typed in shown, (shown, kept[:300])
    finally:
        close_window(window)


def test_the_follow_ups_list_open_when_the_other_window_deletes_the_project_names_it(
    two, qtbot, said, monkeypatch
) -> None:
    a, b = two
    a.show_page("hearing")
    page = a.page("hearing")
    monkeypatch.setattr(page, "exec_dialog", lambda dialog: dialog.show())  # (modal in the app: shown here)
    dialog = page.open_followups()
    assert dialog.model.rowCount() > 0
    name = a.state.project.name
    b.delete_project()
    seen(a)

    def still_open() -> bool:  # (closed, the dialog is deleted: WA_DeleteOnClose)
        return isValid(dialog) and dialog.isVisible() and dialog.model.rowCount() > 0

    if still_open():
        dialog.model.setData(
            dialog.model.index(0, 4), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole
        )
        settle(a)
    assert not [t for t in said if INTERNAL_ID.search(t)], said
    assert not still_open(), "the list still shows the deleted project's follow-ups"
    assert any(name in t and "削除" in t for t in said + [a.project_label.text()]), said


# --- held ------------------------------------------------------------------------------------------


def test_held_a_dataset_cell_being_typed_keeps_its_typing_when_the_other_window_adds_a_data_source(
    two, qtbot, said
) -> None:
    a, b = two
    page = environment_page(a, qtbot, "data-ci")
    a.activateWindow()  # the user types in window A: its cell editor has the keyboard
    qtbot.waitUntil(a.isActiveWindow)
    view = page.findChild(QTableView, "datasetsTable")
    cell = view.model().index(0, 1)
    view.setFocus()
    view.setCurrentIndex(cell)
    view.edit(cell)
    editor = view.viewport().findChild(QLineEdit)
    assert editor is not None
    qtbot.waitUntil(editor.hasFocus)
    editor.selectAll()
    editor.insert("images_typed_in_meeting")
    rows = stored(b, SOURCES).value
    b.state.answers.update(b.state.project_id, SOURCES, value=[*rows, {"name": "問い合わせログ"}])
    seen(a)
    editor = view.viewport().findChild(QLineEdit)
    assert editor is not None and editor.text() == "images_typed_in_meeting"
    view.commitData(editor)
    settle(a)
    assert datasets(a)["商品画像"].dataset_id == "images_typed_in_meeting"
    assert not said


def test_held_a_project_renamed_in_the_other_window_is_shown_by_its_new_name(two, qtbot, said) -> None:
    a, b = two
    a.show_page("wbs")
    ProjectService(b.state.workspace.db).rename(b.state.project_id, "類似画像検索 本番化")
    seen(a)
    assert a.project_label.text().startswith("類似画像検索 本番化")
    assert a.windowTitle().startswith("類似画像検索 本番化")
    assert not said


def test_held_a_follow_up_ticked_before_the_window_noticed_the_deletion_says_it_by_name_and_closes(
    two, qtbot, said, monkeypatch
) -> None:
    a, b = two
    a.show_page("hearing")
    page = a.page("hearing")
    monkeypatch.setattr(page, "exec_dialog", lambda dialog: dialog.show())
    dialog = page.open_followups()
    name = a.state.project.name
    b.delete_project()  # A has not polled yet: the tick finds it
    dialog.model.setData(
        dialog.model.index(0, 4), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole
    )
    settle(a)
    assert [t for t in said if name in t and "削除" in t] and not [
        t for t in said if INTERNAL_ID.search(t)
    ], said
    assert not isValid(dialog) or not dialog.isVisible()


def test_held_a_missing_project_the_window_never_showed_is_said_deleted_never_by_its_id(two) -> None:
    from app.core.errors import NotFoundError
    from app.ui.error_text import user_text

    a, _b = two
    for gone in (-1, 987654):
        error = a.state.named_error(NotFoundError(key="project.not_found_id", id=gone))
        text = user_text(error, "ja", a.state.workspace.library)
        assert "削除" in text and not INTERNAL_ID.search(text) and str(gone) not in text, text


def test_held_a_dataset_cell_saved_after_the_other_window_renamed_its_source_is_asked_not_lost(
    two, qtbot, said
) -> None:
    a, b = two
    page = environment_page(a, qtbot, "data-ci")
    model = page.findChild(QTableView, "datasetsTable").model()
    rows = stored(b, SOURCES).value
    b.state.answers.update(
        b.state.project_id, SOURCES, value=[dict(rows[0], name="商品画像(全件)"), *rows[1:]]
    )
    assert not model.setData(
        model.index(0, 2), "田中"
    )  # A has not looked since: its row is gone under that name
    settle(a)
    assert "データの種類" in page.problem_label.text(), page.problem_label.text()
    assert ("田中",) == tuple(text for text, _why in model.drafts.values()), model.drafts  # kept, marked
    assert "田中" not in [d.owner for d in datasets(a).values()]  # never stored under a name no row has

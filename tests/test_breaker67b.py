"""breaker67b: two consultants sharing one project on a team PostgreSQL database (README "Working as a team",
"Agreement baselines, sign-off and suspect links", "Where data lives"), Japanese windows: 山田 (window A) and
佐藤 (window B) on one pg_url (conftest's pg_server / pg_url, tests/test_breaker50d.py's pg_window), and the
command line (``python -m app --db <url> --lang ja ...``, MLOPS_KICKOFF_AUTHOR=夜間スクリプト) at the same time.
Colleague changes are heard by calling each window's watcher (its NOTIFY socket read, then poll), as
test_breaker53b does. Scratch under /tmp/b67b.

Tried:
- Baselines (File ▸ Baselines…): 山田 makes 「キックオフ合意」, 佐藤 retitles a WBS task, 山田 records a sign-off
  (合意を記録), 佐藤 retitles again, 山田 Undo ×2 and Redo ×2; 佐藤's Baselines dialog open with a sign-off typed
  while 山田 undoes and redoes the creation, 佐藤 then records; 山田's Undo of the creation after 佐藤's sign-off;
  合意を記録 and 「ベースラインを作成…」 pressed with the server stopped (pg_ctl stop -m immediate), Undo pressed offline;
- Suspect links (File ▸ Suspect Links…): a baseline made and signed by the CLI, 佐藤 changes 背景・課題 and 外部サービス,
  山田's list (4 rows, each named by label), 佐藤 changes 背景・課題 again while the list is open, 山田 marks all
  reviewed (背景 stays suspect), 佐藤 changes 目的とゴール, 山田 Undo / Redo of the marking;
- Review page: a score and an evidence typed with the server stopped (immediate), saved once it is back, 佐藤 writes
  another evidence, 山田 Undo ×2;
- Proposal's problems: 「独自の課題を追加」 in both windows (山田's editor open while 佐藤's row lands), typing, Undo ×2,
  Redo ×2; Redo of a row 佐藤 changed since; a problem cell typed and a row added offline;
- WBS: a title typed with its editor open across a server stop (immediate) and restart while 佐藤's change of another
  task arrives, then Enter; both windows retitle the same task while the server is stopped (immediate): one saved, the other asked in
  Japanese (both sides shown) and kept as a draft; 山田's Undo pressed offline, 佐藤 retitling right after restart;
- the CLI on the team database: ``backup list|create|restore`` (refused, one Japanese line), ``baseline create|sign|
  list``, ``project export`` then ``project import`` of the project 山田 has open and changed since;
- System planning: a price kind (priceKindCombo) chosen with the server stopped (immediate), then the window closed;
  佐藤's region choice after it came back, 山田's Undo;
- WBS: 山田's 顧客合意 tick, 佐藤's answer change turning the task suspect, 山田's Undo / Redo of the tick;
- the team's admin changing 山田's password, and taking away CONNECT on the database, in the middle of his session
  (his connections cut, pg_terminate_backend), while he retitles a WBS task.

Held (the normal tests below, and by hand in /tmp/b67b probes): the agreement made / signed / undone / redone between
佐藤's WBS edits, 佐藤's titles kept, nothing said; a sign-off pressed offline says 「何も変更していません。接続が戻って
からもう一度実行してください」 in Japanese, the typed signer kept; an Undo pressed offline waits (「未保存の編集 2 件」)
and is made once back; 佐藤's dialog says 「…は別のウィンドウで削除されました」 and keeps what he typed, his sign-off is
recorded after the redo, 山田's later Undo of the creation is refused naming 「キックオフ合意V1」; the suspect list and
its marking, Undo and Redo follow 佐藤's changes, every row in Japanese by label with his name and time; review
scores and evidence typed offline kept as drafts (「オフライン: 未保存の編集 2 件」) and saved after, 山田's Undo
keeps 佐藤's evidence; the two offline retitles: the second asked with both titles, kept as a draft, said in
Japanese; the CLI's backup refused in Japanese (exit 2, no password), the import said beside in Japanese and shown
in the window's switcher; the price choice made once the server is back, 山田's Undo of it keeps 佐藤's region; the
password changed by the admin: one Japanese line (「…ログインを拒否しました…:***@…」), the title shown as a draft;
File ▸ バックアップから戻す… on the team database: one Japanese line (the item stays enabled; the refusal reaches the
window's one error handler from the dialog's constructor, app/ui/projects/restore_dialog.py, rather than the action);
a WBS title typed with its editor open across a server stop (immediate) and restart, 佐藤's change of another task
arriving meanwhile: saved whole at Enter, 佐藤's change shown; 山田's Redo of his 顧客合意 tick marks it ⚠ again, as a
fresh window does. Not kept (probes in /tmp/b67b): a hearing answer typed while 佐藤 changes its note and another
answer (kept, saved, Undo takes back only it), ``baseline create|sign|diff`` by name beside the demo's plan baseline
of the same name (the agreement one signed and diffed), 山田's Undo pressed offline with 佐藤 retitling the same task
right after the restart (佐藤's title stays).

Broke (strict xfails):
- test_undo_of_my_agreed_tick_takes_the_suspect_mark_away_in_my_window: 山田 ticks 顧客合意 on 6.10, 佐藤 marks
  外部サービス 対象外 (⚠ in both windows), 山田 undoes his tick: 佐藤's and a fresh window drop the ⚠, 山田's keeps
  「外部サービス: 1行 → 対象外」 on a task no longer agreed.
- test_a_price_kind_chosen_offline_is_counted_as_unsaved: 「スポット」 chosen with the server down is said 「入力は保持し、
  接続が戻りしだい保存します」, the status bar says 「オフライン: 未保存の編集 0 件」.
- test_a_price_kind_chosen_offline_survives_closing_the_window_or_is_asked: that choice, then the window closed: no
  question, no draft; the next window shows 「オンデマンド」 and 「すべての変更を保存済み」: lost without a word.
- test_no_right_to_connect_is_said_in_japanese: CONNECT taken away by the admin: 「オフライン: データベースサーバーに接続
  できません(127.0.0.1:…: permission denied for database "…")…」, English in the Japanese window, retried as an outage.
- test_redo_of_my_own_problem_after_a_colleague_added_a_row_brings_my_text_back: 山田 adds an own problem and types
  it while 佐藤 adds one; 山田 Undo ×2 then Redo ×2: his row comes back empty (and below 佐藤's), the second Redo is
  refused 「やり直し: 「導入提案」は、その後に別のウィンドウまたはプロセスで変更されました」 although nobody changed it
  since: what he typed is lost.
- test_a_refused_redo_of_a_problem_cell_names_the_table_row_and_column: a Redo refused because 佐藤 changed the same
  cell names the whole 「導入提案」, not the problems table, its row and column as the README promises.
- test_the_baselines_dialog_stops_saying_removed_once_redo_brings_the_baseline_back: Undo of 「ベースラインを作成」
  then Redo: the baseline is listed again, yet both dialogs still say 「…は元に戻す操作で削除されました」 /
  「…は別のウィンドウで削除されました。ベースラインを選び直してください。」.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.gui_helpers import close_window, settle
from tests.test_breaker50d import pg_window

pytestmark = [pytest.mark.postgresql, pytest.mark.qt_log_ignore("This plugin does not support")]
REPO = Path(__file__).resolve().parent.parent
SCRATCH = Path("/tmp/b67b")


def hear(qtbot, *windows) -> None:
    """Each window reads its NOTIFY socket and publishes what it heard (as its socket notifier would)."""
    for _ in range(3):
        qtbot.wait(120)
        for w in windows:
            w.watcher._on_notified()
            w.watcher.poll()


def cli(url: str, *args: str) -> tuple[int, str, str]:
    SCRATCH.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, PYTHONPATH=str(REPO), MLOPS_KICKOFF_HOME=str(SCRATCH / "home"), MLOPS_KICKOFF_SETTINGS=str(SCRATCH / "settings.json"),
               MLOPS_KICKOFF_AUTHOR="夜間スクリプト", QT_QPA_PLATFORM="offscreen")  # fmt: skip
    done = subprocess.run([sys.executable, "-m", "app", "--db", url, "--lang", "ja", *args], capture_output=True, text=True, env=env,
                          timeout=120, cwd=REPO)  # fmt: skip
    return done.returncode, done.stdout, done.stderr


def no_crash(said: list[str]) -> None:
    assert not [s for s in said if "CRASH" in s or "Traceback" in s], said


def signoffs(dialog) -> list[tuple[str, list[str]]]:
    return [(b.name, [s.who for s in b.signoffs]) for b in dialog.saved]


def baselines_dialog(window, monkeypatch, name: str):
    from app.ui import messages
    from app.ui.baselines.dialog import BaselinesDialog

    dialog = BaselinesDialog(window.state, window)
    dialog.show()
    monkeypatch.setattr(messages, "ask_text", lambda *_a, **_k: name)
    return dialog


def create(qtbot, dialog) -> None:
    dialog.create_button.click()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10000)


def retitle(window, task: int, title: str) -> None:
    from app.ui.operations import run_op
    from app.wbs.operations import wbs_op
    from app.wbs.service import WbsService

    pid = window.state.project_id
    run_op(window.state, wbs_op(pid, lambda ws: WbsService(ws.db).update(pid, [task], title=title)), lambda: "件名")


def a_leaf(window) -> int:
    tree = window.page("wbs").model.tree
    return next(t.id for t in tree.walk() if not tree.has_children(t.id) and tree.tasks[t.id].parent_id is not None)


def stored_title(window, task: int) -> str:
    from app.wbs.service import WbsService

    return WbsService(window.state.workspace.db).tree(window.state.project_id).tasks[task].title


# --- held -------------------------------------------------------------------------------------------------------------


def test_held_agreement_made_signed_undone_and_redone_between_the_colleagues_wbs_edits(qtbot, pg_server, pg_url, said, monkeypatch) -> None:
    a = pg_window(qtbot, pg_url)
    b = pg_window(qtbot, pg_url, "佐藤 花子")
    try:
        dialog = baselines_dialog(a, monkeypatch, "キックオフ合意")
        create(qtbot, dialog)
        task = a_leaf(b)
        retitle(b, task, "佐藤が直した件名")
        hear(qtbot, a, b)
        dialog.table.selectRow(0)
        dialog.who.setText("顧客 一郎")
        dialog.role.setText("PM")
        dialog.org.setText("顧客社")
        dialog.sign_button.click()
        qtbot.waitUntil(lambda: not dialog.busy, timeout=10000)
        assert signoffs(dialog) == [("キックオフ合意", ["顧客 一郎"])]
        assert a.state.undo_stack.undoText() == "合意を記録"
        retitle(b, task, "佐藤が二度目に直した件名")
        hear(qtbot, a, b)
        a.state.undo_stack.undo()
        settle(a)
        assert signoffs(dialog) == [("キックオフ合意", [])]
        a.state.undo_stack.undo()
        settle(a)
        assert signoffs(dialog) == []
        a.state.undo_stack.redo()
        settle(a)
        a.state.undo_stack.redo()
        settle(a)
        assert signoffs(dialog) == [("キックオフ合意", ["顧客 一郎"])]
        hear(qtbot, a, b)
        assert stored_title(a, task) == "佐藤が二度目に直した件名"
        assert b.page("wbs").model.tree.tasks[task].title == "佐藤が二度目に直した件名"
        assert not said
        dialog.close()
    finally:
        close_window(b)
        close_window(a)


@pytest.mark.qt_no_exception_capture
def test_held_sign_off_pressed_with_the_server_stopped_is_said_not_done_and_the_undo_waits(qtbot, pg_server, pg_url, said, monkeypatch) -> None:
    raised: list[str] = []
    monkeypatch.setattr(sys, "excepthook", lambda kind, error, tb: raised.append(f"{kind.__name__}: {error}"))
    a = pg_window(qtbot, pg_url)
    try:
        dialog = baselines_dialog(a, monkeypatch, "キックオフ合意V1")
        create(qtbot, dialog)
        dialog.who.setText("顧客 一郎")
        dialog.comment.setText("問題なし")
        pg_server.halt("immediate")
        try:
            dialog.sign_button.click()
            qtbot.wait(2500)
            assert not dialog.busy
            assert (dialog.who.text(), dialog.comment.text()) == ("顧客 一郎", "問題なし")  # kept for the second try
            assert said and "何も変更していません" in said[-1] and "接続が戻ってから" in said[-1], said
            assert pg_server.url("x").split("@")[0].split(":")[-1] not in " ".join(said)  # no password
            a.state.undo_stack.undo()  # the creation's undo waits
            qtbot.wait(1500)
            assert "オフライン" in a.save_label.text(), a.save_label.text()
        finally:
            pg_server.resume()
        qtbot.waitUntil(lambda: dialog.saved == [], timeout=20000)  # the undo made once back
        assert not raised
        no_crash(said)
        dialog.close()
    finally:
        close_window(a)


def test_held_the_suspect_list_follows_the_colleagues_changes_and_its_marking_undoes(qtbot, pg_server, pg_url, said) -> None:
    from app.hearing.operations import update_answer
    from app.ui.operations import run_op
    from app.ui.suspects.dialog import open_suspects

    a = pg_window(qtbot, pg_url)
    b = pg_window(qtbot, pg_url, "佐藤 花子")
    try:
        pid = a.state.project_id
        assert cli(pg_url, "baseline", "create", "--project", str(pid), "--name", "合意V1")[0] == 0
        code, out, err = cli(pg_url, "baseline", "sign", "--project", str(pid), "--name", "合意V1", "--who", "顧客 一郎")
        assert code == 0 and "「合意V1」の合意を記録しました" in out, (out, err)
        run_op(b.state, update_answer(pid, "hearing.basics.background", value="佐藤が書き換えた背景"), lambda: "背景")
        run_op(b.state, update_answer(pid, "hearing.prereq.external_services", value=[]), lambda: "外部サービス")
        hear(qtbot, a, b)
        dialog = open_suspects(a.state, a)
        qtbot.waitUntil(lambda: dialog.model.rowCount() == 4, timeout=10000)
        rows = [(r.kind, r.name, r.answer, r.new) for r in dialog.model.rows]
        assert ("提案書の節", "背景", "背景・課題", "佐藤が書き換えた背景") in rows, rows
        assert all("佐藤 花子" in r.changed for r in dialog.model.rows)
        assert any(r.kind == "WBSタスク" and r.answer == "外部サービス" and r.new == "(未回答)" for r in dialog.model.rows)
        run_op(b.state, update_answer(pid, "hearing.basics.background", value="佐藤が二度目に書き換えた背景"), lambda: "背景")
        dialog.table.selectAll()
        dialog.review_button.click()
        settle(a)
        hear(qtbot, a, b)
        qtbot.waitUntil(lambda: [(r.name, r.new) for r in dialog.model.rows] == [("背景", "佐藤が二度目に書き換えた背景")], timeout=10000)
        assert dialog.status.text() == "要確認: 1 件"
        run_op(b.state, update_answer(pid, "hearing.basics.purpose_goal", value="佐藤の目的"), lambda: "目的")
        hear(qtbot, a, b)
        a.state.undo_stack.undo()
        settle(a)
        hear(qtbot, a, b)
        qtbot.waitUntil(lambda: dialog.model.rowCount() == 5, timeout=10000)
        a.state.undo_stack.redo()
        settle(a)
        hear(qtbot, a, b)
        qtbot.waitUntil(lambda: sorted(r.answer for r in dialog.model.rows) == sorted(["背景・課題", "目的とゴール"]), timeout=10000)
        assert not said
        dialog.close()
    finally:
        close_window(b)
        close_window(a)


@pytest.mark.qt_no_exception_capture
def test_held_review_score_and_evidence_typed_offline_saved_after_and_undone_around_the_colleague(qtbot, pg_server, pg_url, said, monkeypatch) -> None:
    from tests.test_breaker47c import review_page

    raised: list[str] = []
    monkeypatch.setattr(sys, "excepthook", lambda kind, error, tb: raised.append(f"{kind.__name__}: {error}"))
    a = pg_window(qtbot, pg_url)
    b = pg_window(qtbot, pg_url, "佐藤 花子")
    try:
        pa, pb = review_page(a, qtbot), review_page(b, qtbot)
        m = pa.model
        score = next(i for i, c in enumerate(m.columns) if c.kind == "score")
        text = next(i for i, c in enumerate(m.columns) if c.kind == "text")
        before = m.index(0, score).data()
        pg_server.halt("immediate")
        try:
            m.setData(m.index(0, score), 1.0)
            m.setData(m.index(1, text), "オフラインで書いた根拠")
            qtbot.wait(2500)
            assert "オフライン: 未保存の編集 2 件" in a.save_label.text(), a.save_label.text()
        finally:
            pg_server.resume()
        qtbot.waitUntil(lambda: "オフライン" not in a.save_label.text() and "下書き" not in a.save_label.text(), timeout=20000)
        hear(qtbot, a, b)
        settle(b)
        assert (pb.model.index(0, score).data(), pb.model.index(1, text).data()) == (m.index(0, score).data(), "オフラインで書いた根拠")
        pb.model.setData(pb.model.index(2, text), "佐藤の根拠")
        settle(b)
        hear(qtbot, a, b)
        for _ in range(2):
            a.state.undo_stack.undo()
            settle(a)
        hear(qtbot, a, b)
        assert (m.index(0, score).data(), m.index(1, text).data() or "", m.index(2, text).data()) == (before, "", "佐藤の根拠")
        assert not raised
        no_crash(said)
    finally:
        close_window(b)
        close_window(a)


@pytest.mark.qt_no_exception_capture
def test_held_both_retitle_one_task_while_the_server_is_stopped_the_second_is_asked_and_kept(qtbot, pg_server, pg_url, said, monkeypatch) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QPlainTextEdit

    from app.ui.window import conflict_dialog
    from tests.test_breaker43a import open_cell, type_in

    asked: list[tuple[str, dict[str, str]]] = []
    monkeypatch.setattr(conflict_dialog, "ask_conflict", lambda d: asked.append(
        (d.findChild(__import__("PySide6.QtWidgets", fromlist=["QLabel"]).QLabel, "conflictIntro").text(),
         {e.objectName(): e.toPlainText() for e in d.findChildren(QPlainTextEdit)})))  # fmt: skip
    raised: list[str] = []
    monkeypatch.setattr(sys, "excepthook", lambda kind, error, tb: raised.append(f"{kind.__name__}: {error}"))
    a = pg_window(qtbot, pg_url)
    b = pg_window(qtbot, pg_url, "佐藤 花子")
    try:
        task = a_leaf(a)
        pg_server.halt("immediate")
        try:
            cell = open_cell(a, qtbot, task, "title")
            type_in(cell, "山田がオフラインで直した件名")
            qtbot.keyClick(cell, Qt.Key.Key_Return)
            qtbot.wait(500)
            cell = open_cell(b, qtbot, task, "title")
            type_in(cell, "佐藤がオフラインで直した件名")
            qtbot.keyClick(cell, Qt.Key.Key_Return)
            qtbot.wait(2000)
            assert "オフライン: 未保存の編集 1 件" in a.save_label.text() and "オフライン: 未保存の編集 1 件" in b.save_label.text()
        finally:
            pg_server.resume()
        qtbot.waitUntil(lambda: bool(asked), timeout=20000)
        hear(qtbot, a, b)
        typed = {"山田 太郎": "山田がオフラインで直した件名", "佐藤 花子": "佐藤がオフラインで直した件名"}
        saved = stored_title(a, task)  # whichever window's retry came first (both retry every 2 s)
        first = next(who for who, title in typed.items() if title == saved)
        second, later = next((w, who) for w, who in ((a, "山田 太郎"), (b, "佐藤 花子")) if who != first)
        intro, sides = asked[0]
        assert first in intro and "どちらの内容を残しますか" in intro, intro
        assert (sides["conflictTheirs_title"], sides["conflictMine_title"]) == (saved, typed[later])
        qtbot.waitUntil(lambda: "下書き" in second.save_label.text(), timeout=10000)  # (the question closed unanswered: kept)
        assert any(typed[later] in s and "下書き" in s for s in said), said
        assert not raised
        no_crash(said)
    finally:
        close_window(b)
        close_window(a)


def test_held_the_command_line_on_the_team_database_backup_refused_import_said(qtbot, pg_server, pg_url, said, tmp_path) -> None:
    from PySide6.QtWidgets import QComboBox

    from app.hearing.operations import update_answer
    from app.ui.operations import run_op
    from tests.pg import PASSWORD

    a = pg_window(qtbot, pg_url)
    try:
        for args in (["backup", "list"], ["backup", "create"], ["backup", "restore", str(tmp_path / "none.sqlite3")]):
            code, out, err = cli(pg_url, *args)
            assert (code, out) == (2, ""), (args, out, err)
            assert err.strip() == "mlops-kickoff: エラー: バックアップできるのは SQLite のデータベースファイルだけです", err
            assert PASSWORD not in err
        pid = a.state.project_id
        assert cli(pg_url, "project", "export", str(pid), "--out", str(tmp_path / "p.json"))[0] == 0
        run_op(a.state, update_answer(pid, "hearing.basics.background", value="山田の背景"), lambda: "背景")
        code, out, err = cli(pg_url, "project", "import", str(tmp_path / "p.json"))
        assert code == 0 and out.strip().isdigit(), (out, err)
        assert "新しいプロジェクトとして読み込みました。ここのプロジェクトは変わっていません" in err, err
        hear(qtbot, a)
        settle(a)
        switcher = a.findChild(QComboBox, "projectSwitcher")
        qtbot.waitUntil(lambda: switcher.count() == 2, timeout=10000)
        assert a.state.answers.answer(pid, "hearing.basics.background").value == "山田の背景"
        no_crash(said)
    finally:
        close_window(a)


# --- defects (strict xfails) ------------------------------------------------------------------------------------------


def _problems(qtbot, pg_url):
    a = pg_window(qtbot, pg_url)
    b = pg_window(qtbot, pg_url, "佐藤 花子")
    for w in (a, b):
        w.show_page("proposal")
        settle(w)
    return a, b


def _problem_texts(page, start: int) -> list[str]:
    from app.ui.proposal.problems_model import COL_PROBLEM

    model = page.problems.model
    return [model.index(i, COL_PROBLEM).data() or "" for i in range(start, model.rowCount())]


def _stored_problems(window, start: int) -> list[str]:
    from app.core.documents import DocumentService
    from app.proposal.service import KIND

    rows = DocumentService(window.state.workspace.db).get(window.state.project_id, KIND)["rows"][start:]
    return [((r.get("problem") or {}).get("ja") or "") for r in rows]


def _colleague_adds_problem(page, text: str) -> None:
    from app.proposal.model import Phase, ProblemRow
    from app.proposal.row_merge import new_key
    from app.ui.proposal.problems_model import COL_PROBLEM

    model = page.problems.model
    model.insert_rows(model.rowCount(), [ProblemRow(phase=Phase.POC, task=2, key=new_key())], lambda: "独自の課題を追加")
    model.setData(model.index(model.rowCount() - 1, COL_PROBLEM), text)


@pytest.mark.qt_log_ignore("This plugin does not support", "commitData called with an editor that does not belong to this view")
def test_redo_of_my_own_problem_after_a_colleague_added_a_row_brings_my_text_back(qtbot, pg_server, pg_url, said) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QPushButton

    from tests.test_breaker43a import type_in

    a, b = _problems(qtbot, pg_url)
    try:
        pa, pb = a.page("proposal"), b.page("proposal")
        start = pa.problems.model.rowCount()
        a.activateWindow()
        qtbot.waitUntil(a.isActiveWindow)
        pa.findChild(QPushButton, "addCustomRowButton").click()
        settle(a)
        editor = QApplication.focusWidget()
        type_in(editor, "山田の課題")
        _colleague_adds_problem(pb, "佐藤の課題")  # stored while 山田's editor is open
        settle(b)
        hear(qtbot, a, b)
        type_in(editor, "続き")
        qtbot.keyClick(editor, Qt.Key.Key_Return)
        settle(a)
        hear(qtbot, a, b)
        assert _stored_problems(a, start) == ["山田の課題続き", "佐藤の課題"]
        for step in ("undo", "undo", "redo", "redo"):
            getattr(a.state.undo_stack, step)()
            settle(a)
            hear(qtbot, a, b)
        assert "山田の課題続き" in _stored_problems(a, start), (_stored_problems(a, start), a.save_label.text())
        assert "未保存" not in a.save_label.text(), a.save_label.text()
    finally:
        close_window(b)
        close_window(a)


def test_a_refused_redo_of_a_problem_cell_names_the_table_row_and_column(qtbot, pg_server, pg_url, said) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QPushButton

    from app.ui.proposal.problems_model import COL_PROBLEM
    from tests.test_breaker43a import type_in

    a, b = _problems(qtbot, pg_url)
    try:
        pa, pb = a.page("proposal"), b.page("proposal")
        a.activateWindow()
        qtbot.waitUntil(a.isActiveWindow)
        pa.findChild(QPushButton, "addCustomRowButton").click()
        settle(a)
        editor = QApplication.focusWidget()
        type_in(editor, "山田の課題")
        qtbot.keyClick(editor, Qt.Key.Key_Return)
        settle(a)
        hear(qtbot, a, b)
        row = pa.problems.model.rowCount() - 1
        a.state.undo_stack.undo()
        settle(a)
        hear(qtbot, a, b)
        pb.problems.model.setData(pb.problems.model.index(row, COL_PROBLEM), "佐藤が書いた課題")
        settle(b)
        hear(qtbot, a, b)
        a.state.undo_stack.redo()
        settle(a)
        shown = a.save_label.text()
        assert "別のウィンドウ" in shown, shown  # refused: 佐藤's text kept
        assert _stored_problems(a, row) == ["佐藤が書いた課題"]
        assert "「導入提案」は" not in shown and "課題" in shown.split("やり直し:")[-1].split("は、")[0], shown
    finally:
        close_window(b)
        close_window(a)


def test_the_baselines_dialog_stops_saying_removed_once_redo_brings_the_baseline_back(qtbot, pg_server, pg_url, said, monkeypatch) -> None:
    from app.ui.baselines.dialog import BaselinesDialog

    a = pg_window(qtbot, pg_url)
    b = pg_window(qtbot, pg_url, "佐藤 花子")
    try:
        da = baselines_dialog(a, monkeypatch, "キックオフ合意V1")
        create(qtbot, da)
        hear(qtbot, a, b)
        db = BaselinesDialog(b.state, b)
        db.show()
        db.table.selectRow(0)
        db.who.setText("顧客 一郎")
        a.state.undo_stack.undo()
        settle(a)
        hear(qtbot, a, b)
        assert "別のウィンドウで削除されました" in db.note.text()  # (held: said while it is gone, the typing kept)
        assert db.who.text() == "顧客 一郎"
        a.state.undo_stack.redo()
        settle(a)
        hear(qtbot, a, b)
        qtbot.waitUntil(lambda: [x.name for x in db.saved] == ["キックオフ合意V1"], timeout=10000)
        assert [x.name for x in da.saved] == ["キックオフ合意V1"]
        notes = [d.note.text() for d in (da, db) if d.note.isVisible()]
        assert not [n for n in notes if "削除されました" in n], notes
        da.close()
        db.close()
    finally:
        close_window(b)
        close_window(a)


def _price_kind_chosen_offline(qtbot, pg_server, window):
    from PySide6.QtWidgets import QComboBox

    window.show_page("system-planning")
    settle(window)
    combo = window.page("system-planning").findChild(QComboBox, "priceKindCombo")
    pg_server.halt("immediate")
    spot = combo.count() - 1  # 「スポット(価格は変動)」
    combo.setCurrentIndex(spot)
    combo.activated.emit(spot)
    qtbot.wait(1000)
    return combo


@pytest.mark.qt_no_exception_capture
def test_a_price_kind_chosen_offline_is_counted_as_unsaved(qtbot, pg_server, pg_url, said, monkeypatch) -> None:
    monkeypatch.setattr(sys, "excepthook", lambda *_a: None)
    a = pg_window(qtbot, pg_url)
    try:
        try:
            combo = _price_kind_chosen_offline(qtbot, pg_server, a)
            assert combo.currentText() == "スポット(価格は変動)"
            assert said and "入力は保持し、接続が戻りしだい保存します" in said[-1], said
            assert "オフライン" in a.save_label.text() and "0 件" not in a.save_label.text(), a.save_label.text()
        finally:
            pg_server.resume()
    finally:
        close_window(a)


@pytest.mark.qt_no_exception_capture
def test_a_price_kind_chosen_offline_survives_closing_the_window_or_is_asked(qtbot, pg_server, pg_url, said, monkeypatch) -> None:
    from PySide6.QtWidgets import QComboBox

    from app.ui import messages

    asked: list[object] = []
    monkeypatch.setattr(messages, "confirm", lambda *args, **_k: asked.append(args[1:3]) or True)
    monkeypatch.setattr(sys, "excepthook", lambda *_a: None)
    # (a commit survives halt("immediate"), as on a real server: else the demo project window a made may be lost in
    # the crash, the next window making it anew, a draft of the project lost taken for a deleted project's)
    pg_server.make_durable(pg_url.rsplit("/", 1)[1])
    a = pg_window(qtbot, pg_url)
    try:
        _price_kind_chosen_offline(qtbot, pg_server, a)
        close_window(a)
    finally:
        pg_server.resume()
    qtbot.wait(3000)
    c = pg_window(qtbot, pg_url)
    try:
        c.show_page("system-planning")
        settle(c)
        shown = c.page("system-planning").findChild(QComboBox, "priceKindCombo").currentText()
        assert asked or shown == "スポット(価格は変動)", (shown, c.save_label.text())
    finally:
        close_window(c)


def _english_words(text: str) -> list[str]:
    import re

    inside_url = re.sub(r"postgresql\+psycopg://\S+", "", text)
    return re.findall(r"[A-Za-z]{3,}(?: [A-Za-z]{2,})+", inside_url)  # (two English words running: a sentence, not a name)


@pytest.mark.qt_no_exception_capture
def test_no_right_to_connect_is_said_in_japanese(qtbot, pg_server, pg_url, said, monkeypatch) -> None:
    from PySide6.QtCore import Qt

    from tests.test_breaker43a import open_cell, type_in

    monkeypatch.setattr(sys, "excepthook", lambda *_a: None)
    a = pg_window(qtbot, pg_url)
    dbname = pg_url.rsplit("/", 1)[1]
    try:
        task = a_leaf(a)
        with pg_server.admin() as conn:
            conn.execute(f"REVOKE CONNECT ON DATABASE {dbname} FROM PUBLIC")
            conn.execute(f"ALTER DATABASE {dbname} OWNER TO postgres")
        pg_server.terminate_connections(dbname)
        try:
            cell = open_cell(a, qtbot, task, "title")
            type_in(cell, "権限のない件名")
            qtbot.keyClick(cell, Qt.Key.Key_Return)
            qtbot.waitUntil(lambda: bool(said), timeout=10000)
            from tests.test_breaker43a import INDEX

            # the typing kept as a draft, as for the other refusals (a changed password): shown in its cell, counted
            assert a.page("wbs").model.index_of(task, INDEX["title"]).data().endswith("権限のない件名")
            assert "下書き" in a.save_label.text(), a.save_label.text()
            assert not _english_words(said[-1]), said[-1]
            assert "kickoff" in said[-1] and dbname in said[-1] and "管理者" in said[-1], said[-1]  # the user, the database, whom to ask
        finally:
            with pg_server.admin() as conn:
                conn.execute(f"ALTER DATABASE {dbname} OWNER TO kickoff")
                conn.execute(f"GRANT CONNECT ON DATABASE {dbname} TO PUBLIC")
    finally:
        close_window(a)


@pytest.mark.qt_no_exception_capture
def test_held_a_password_changed_by_the_admin_mid_session_is_said_in_japanese_without_it(qtbot, pg_server, pg_url, said, monkeypatch) -> None:
    from PySide6.QtCore import Qt

    from tests.pg import PASSWORD, USER
    from tests.test_breaker43a import open_cell, type_in

    monkeypatch.setattr(sys, "excepthook", lambda *_a: None)
    a = pg_window(qtbot, pg_url)
    try:
        task = a_leaf(a)
        with pg_server.admin() as conn:
            conn.execute(f"ALTER ROLE {USER} PASSWORD 'changed-by-admin'")
        pg_server.terminate_connections(pg_url.rsplit("/", 1)[1])
        try:
            cell = open_cell(a, qtbot, task, "title")
            type_in(cell, "パスワード変更後の件名")
            qtbot.keyClick(cell, Qt.Key.Key_Return)
            qtbot.waitUntil(lambda: bool(said), timeout=10000)
            assert "ログインを拒否しました" in said[-1] and ":***@" in said[-1], said
            assert PASSWORD not in said[-1] and not _english_words(said[-1]), said[-1]
            from tests.test_breaker43a import INDEX

            page = a.page("wbs")
            assert "下書き" in a.save_label.text(), a.save_label.text()
            assert page.model.index_of(task, INDEX["title"]).data().endswith("パスワード変更後の件名")  # shown as a draft
        finally:
            with pg_server.admin() as conn:
                conn.execute(f"ALTER ROLE {USER} PASSWORD '{PASSWORD}'")
    finally:
        close_window(a)


@pytest.mark.qt_no_exception_capture
def test_held_restore_backup_on_the_team_database_is_said_in_one_japanese_line(qtbot, pg_server, pg_url, said) -> None:
    """File ▸ バックアップから戻す… on a team database: said 「バックアップできるのは SQLite のデータベースファイルだけです」.
    (Seen: the menu item stays enabled and the refusal escapes RestoreBackupDialog.__init__ (list_backups) to the
    window's one error handler, which says it; no dialog opens.)"""
    from PySide6.QtGui import QAction

    from app.ui import crash

    a = pg_window(qtbot, pg_url)
    uninstall = crash.install()
    try:
        a.findChild(QAction, "restoreBackupAction").trigger()
        settle(a)
        assert said == ["バックアップできるのは SQLite のデータベースファイルだけです"], said
    finally:
        uninstall()
        close_window(a)


def test_undo_of_my_agreed_tick_takes_the_suspect_mark_away_in_my_window(qtbot, pg_server, pg_url, said) -> None:
    from app.hearing.operations import update_answer
    from app.projects import suspects as core
    from app.ui.operations import run_op
    from app.wbs.operations import wbs_op
    from app.wbs.service import WbsService

    a = pg_window(qtbot, pg_url)
    b = pg_window(qtbot, pg_url, "佐藤 花子")
    try:
        pid = a.state.project_id
        dependent = next(d for d in core.dependents(a.state.workspace, pid) if d.kind == "task" and d.sources[0] == "hearing.prereq.external_services")
        task = dependent.task_id
        run_op(a.state, wbs_op(pid, lambda ws: WbsService(ws.db).update(pid, [task], agreed=True)), lambda: "顧客合意")
        hear(qtbot, a, b)
        run_op(b.state, update_answer(pid, "hearing.prereq.external_services", status="not_applicable"), lambda: "外部サービス")
        hear(qtbot, a, b)
        settle(a)
        marks = lambda w: w.page("wbs").model.suspect.get(task)  # noqa: E731
        assert marks(a) == marks(b) == ["外部サービス: 1行 → 対象外"]  # (held: both mark it)
        a.state.undo_stack.undo()
        settle(a)
        hear(qtbot, a, b)
        qtbot.wait(1500)
        hear(qtbot, a, b)
        assert a.page("wbs").model.tree.tasks[task].agreed is False
        assert marks(b) is None
        assert marks(a) is None, marks(a)
        assert not said
    finally:
        close_window(b)
        close_window(a)


@pytest.mark.qt_no_exception_capture
def test_held_a_title_typed_across_a_server_stop_with_a_colleagues_change_arriving_is_saved_whole(qtbot, pg_server, pg_url, said, monkeypatch) -> None:
    from PySide6.QtCore import Qt

    from tests.test_breaker43a import open_cell, type_in

    raised: list[str] = []
    monkeypatch.setattr(sys, "excepthook", lambda kind, error, tb: raised.append(f"{kind.__name__}: {error}"))
    a = pg_window(qtbot, pg_url)
    b = pg_window(qtbot, pg_url, "佐藤 花子")
    try:
        tree = a.page("wbs").model.tree
        task = a_leaf(a)
        other = [t.id for t in tree.walk() if t.id != task and not tree.has_children(t.id)][3]
        cell = open_cell(a, qtbot, task, "title")
        type_in(cell, "前半")
        pg_server.halt("immediate")
        try:
            qtbot.wait(1500)
            type_in(cell, "と停止中")
        finally:
            pg_server.resume()
        for _ in range(30):  # 佐藤's window gets its connection back and retitles another task
            try:
                retitle(b, other, "佐藤が再開後に直した件名")
                break
            except Exception:  # (the pool still finding the server back)
                qtbot.wait(300)
        hear(qtbot, a, b)
        type_in(cell, "と再開後")
        assert cell.text() == "前半と停止中と再開後"
        qtbot.keyClick(cell, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: stored_title(a, task) == "前半と停止中と再開後", timeout=10000)
        hear(qtbot, a, b)
        qtbot.waitUntil(lambda: a.page("wbs").model.tree.tasks[other].title == "佐藤が再開後に直した件名", timeout=10000)
        assert not raised
        no_crash(said)
    finally:
        close_window(b)
        close_window(a)

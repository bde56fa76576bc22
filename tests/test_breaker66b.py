"""Break-it 66b: a project's life after the kickoff, over weeks, as a demanding Japanese consultant runs it (README
"1 Hearing", "1 WBS", "5 Review", "Agreement baselines, sign-off and suspect links", "Projects", "Working as a team",
"Command line", "Where data lives").

The story: a project is heard, its WBS generated, an agreement baseline made and signed (the CLI as a real subprocess
with ``--lang ja``, and the Japanese window by objectName, on one database). Weeks later the customer changes answers
(scope items to 対象外 / これから対象, a data source removed, the final report moved), a colleague edits tasks at the same
time, someone runs ``wbs generate`` on the command line. The consultant checks 要確認の項目, the baseline diff (ja and en),
the Review page, re-agrees (a new baseline, a sign-off), undoes and redoes along the way; then duplicates the project,
archives the old one, renames, restores a backup, exports / imports the project file into a second database.

Broke (strict xfails below; each reason says what the user sees):
- Undo of a baseline's creation after its sign-off was undone is refused as "changed in another window" (nobody else
  touched it) and the step is gone from Edit ▸ 元に戻す / やり直し;
- a signed baseline made before anything was scored on the Review page drops out of the Review page's score history;
  (both: the sign-off's patch prunes the index entry's empty ``review: {}``, app/core/operations.py _prune);
- 学習基盤 marked 対象外 by its status (not its value) after a signed baseline: the signed DS trial task is reworded and the
  proposal's scope reads 対象外, but 要確認の項目 lists nothing built on it;
- a task ``wbs generate`` adds after the sign-off (CIの導入計画(これから対象)) is listed as 要確認 as if the customer had
  agreed it with CI = 現時点で対象;
- a second customer signer added to the old kickoff baseline after the re-agreement brings back, as 要確認, every change
  the newer signed baseline holds (the suspects follow the baseline with the latest sign-off date, not the latest
  agreement);
- an answer saved in the same second as the baseline that holds it is 要確認 once the baseline is signed
  (「CI: (未回答) → これから対象」): the baseline's time is kept to the second, the answer's to the microsecond;
- after the customer signed the baseline holding every task, the WBS totals and the header still say 「未合意 64件」, and
  「未合意 64件 · 要確認 1件」 once an answer changes: one task counted as never agreed and as agreed-then-changed;
- a window killed just after 「合意を記録」 committed: the next window lists the sign-off as recorded and offers it again as
  「記録していなかった承認の内容」; pressing 合意を記録 as told records the same person twice.

Held (tests below): the story's CLI lines and the window's dialogs in Japanese, by labels, no internal id; the diff's
count line against its rows in ja and en, the window's diff rows against both; 要確認's count against its rows, the WBS
⚠ tooltip; a re-agreement clears 要確認, its sign-off's undo brings it back, redo clears it again; a sign-off on a
baseline a colleague's window removed and made again under the same name (said in Japanese, nothing signed, the typing
kept); Mark reviewed in one window while the CLI changed the answer again (stays 要確認 with the new value); Undo of a
generation after the CLI edited one of its tasks (refused, naming the task, nothing changed); a window SIGKILLed while
a sign-off was typed (its name, role and comment back in the dialog, on the baseline it was typed for, said in
Japanese); duplicate, archive, rename, backup restore and a project file into a second database keep baselines,
sign-offs, 要確認 and its reviews, task origins and typed texts; a baseline of 0 tasks and 0 answers.

Noted, not filed: the Create baseline name box keeps no draft (README lists only the sign-off among the baseline
dialog's kept typing; there is no baseline "note" field); a colleague's `wbs generate` after a scope change removes the
untouched tasks the customer signed (13 here) with no 要確認 row for them, only 「削除 13 件」 and the diff's
(削除されたタスク) rows (README: generation removes untouched tasks); a data source deleted from the top of the table reads
in the diff as row 1 rewritten and row 2 removed (rows matched by place, as README says); a refused Undo leaves nothing to
redo (the step is dropped); right after a window is killed the next one says 「root さんも開いています」 for up to 60 s
(README: a silent client is dropped after 60 s); an empty diff in the window is an empty table with nothing said (the .md
says 「変更はありません。」).
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from app.core import operations as ops
from app.core.projects import ProjectService
from app.hearing import AnswerService
from app.hearing import operations as hearing_ops
from app.projects import baselines as bl
from app.projects import suspects as core
from app.ui import messages
from app.ui.baselines.dialog import BaselinesDialog
from app.ui.operations import run_op
from app.ui.suspects.dialog import SuspectDialog
from app.wbs.generate import generate
from app.wbs.service import WbsService
from tests import children
from tests.gui_helpers import close_dialog, close_window, make_window, settle
from tests.language_walk import dialog_offenders

REPO = Path(__file__).resolve().parent.parent
CTRL = Qt.KeyboardModifier.ControlModifier
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
INTERNAL = re.compile(r"hearing\.|system_planning\.|agreement\.|task:|\bNone\b|Traceback")
SCOPE = {"hearing.scope.experiment_mgmt": "now", "hearing.scope.training_platform": "now", "hearing.scope.feature_store": "now",
         "hearing.scope.ci": "now", "hearing.basics.poc_start": "2026-12-07", "hearing.basics.poc_end": "2027-03-31"}
TODAY = time.strftime("%Y/%m/%d")
SOURCES = [{"name": "購買履歴", "kind": "table", "personal_info": True}, {"name": "店舗画像", "kind": "image", "personal_info": False}]


# ==========================================================================================================
# Helpers
# ==========================================================================================================


def cli(db_path: Path, *args: str, author: str | None = None, lang: str = "ja"):
    """``mlops-kickoff --lang ja --db DB ARGS`` as a real process (the test's own data folder and settings)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("MLOPS_KICKOFF_DB", None)
    if author is not None:
        env["MLOPS_KICKOFF_AUTHOR"] = author
    return children.run([sys.executable, "-m", "app", "--lang", lang, "--db", str(db_path), *args], timeout=120, env=env, cwd=REPO)


def ok(done) -> str:
    """A command's stdout; it succeeded and said nothing on stderr (no traceback)."""
    assert done.returncode == 0 and not done.stderr.strip(), (done.returncode, done.stdout, done.stderr)
    return done.stdout


def heard(workspace, name: str = "需要予測PoC") -> int:
    """A project heard (four scope items in scope now, two data sources, the PoC dates) and its WBS generated."""
    pid = ProjectService(workspace.db).create(name, lang="ja", customer="顧客社").id
    for item, value in SCOPE.items():
        ops.run(workspace, hearing_ops.update_answer(pid, item, value=value))
    ops.run(workspace, hearing_ops.update_answer(pid, "hearing.prereq.data_sources", value=SOURCES))
    generate(workspace, pid)
    return pid


def next_second() -> None:
    """Wait for the clock's next second: a baseline's time is kept to the second, an answer's to the microsecond
    (see test_an_answer_saved_in_the_baselines_second_is_not_suspect), so the story keeps them in different seconds."""
    time.sleep(int(time.time()) + 1.02 - time.time())


def agreed(workspace, pid: int, name: str = "キックオフ合意", who: str = "山田 太郎") -> None:
    """A baseline made and signed, in a second of its own (after the answers it holds, before the next changes)."""
    next_second()
    ops.run(workspace, bl.create_op(pid, name, "kickoff"))
    ops.run(workspace, bl.sign_op(pid, name, who, "PM", "顧客社"))
    next_second()


def suspects(workspace, pid: int) -> list[tuple[str, str]]:
    """要確認の項目 as the dialog lists them: (item, answer label)."""
    return [(s.dependent.label.ja, s.item_label.ja) for s in core.suspects(workspace, pid)]


def status_texts(window) -> list[str]:
    return [label.text() for label in window.statusBar().findChildren(QLabel) if label.text()]


def open_baselines(window, qtbot) -> BaselinesDialog:
    """File ▸ 合意ベースライン… shown beside the window (the class the menu opens, non-modal here)."""
    dialog = BaselinesDialog(window.state, window)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def open_suspects(window, qtbot) -> SuspectDialog:
    dialog = SuspectDialog(window.state, None, window)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.status.text() not in ("", "読み込み中…"), timeout=15000)
    settle(window)
    return dialog


def rows_of(dialog: SuspectDialog) -> list[list[str]]:
    model = dialog.model
    return [[str(model.index(r, c).data() or "") for c in range(model.columnCount())] for r in range(model.rowCount())]


def customer_changes(db_path: Path) -> None:
    """Weeks later, on the command line, as the colleague 佐藤 花子: feature store out, CI later, the personal data source
    gone, the final report a month later; then ``wbs generate``."""
    for args in (("--item", "特徴量ストア", "--value", "対象外"), ("--item", "CI", "--value", "これから対象"),
                 ("--item", "PoC終了日(最終報告)", "--value", "2027/04/30"),
                 ("--item", "データの種類", "--row", "データソース=店舗画像", "種類=画像", "個人情報有無=いいえ")):  # fmt: skip
        said = ok(cli(db_path, "hearing", "answer", "--project", "需要予測PoC", *args, author="佐藤 花子"))
        assert JAPANESE.search(said) and not INTERNAL.search(said), said
    said = ok(cli(db_path, "wbs", "generate", "--project", "需要予測PoC", author="佐藤 花子"))
    assert said.startswith("WBS を生成しました") and not INTERNAL.search(said), said


def diff_rows(markdown: str) -> int:
    """The changed rows of a Markdown diff (table rows that are no header or rule)."""
    rows = [line for line in markdown.splitlines() if line.startswith("| ") and not line.startswith("| ---")]
    headers = sum(1 for line in markdown.splitlines() if line.startswith("## "))
    return len(rows) - headers


# ==========================================================================================================
# The story: CLI and window on one database
# ==========================================================================================================


def test_weeks_after_the_kickoff_cli_and_window_agree_change_and_re_agree(qtbot, workspace, db_path, monkeypatch, tmp_path) -> None:
    pid = heard(workspace)
    workspace.close()
    # The kickoff agreement on the command line.
    next_second()
    made = ok(cli(db_path, "baseline", "create", "--project", "需要予測PoC", "--name", "キックオフ合意", "--kind", "kickoff"))
    assert made.strip().startswith("合意ベースライン「キックオフ合意」を作成しました(回答 7件、WBSタスク"), made
    signed = ok(cli(db_path, "baseline", "sign", "--project", "需要予測PoC", "--name", "キックオフ合意", "--who", "山田 太郎", "--role", "PM",
                    "--org", "顧客社", "--date", TODAY))  # fmt: skip
    assert signed.strip() == "「キックオフ合意」の合意を記録しました: 山田 太郎 (PM, 顧客社)"
    listed = json.loads(ok(cli(db_path, "baseline", "list", "--project", "需要予測PoC", "--json")))
    tasks_at_kickoff = listed[0]["tasks"]

    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    monkeypatch.setattr(messages, "ask_text", lambda *_a, **_k: "変更合意")
    window = make_window(qtbot, db_path, global_lang="ja", global_project=str(pid))
    settle(window)
    dialog = open_baselines(window, qtbot)
    assert [dialog.table.item(0, c).text() for c in (0, 1, 3)] == ["キックオフ合意", "キックオフ", f"山田 太郎 (PM, 顧客社) {TODAY}"]
    assert dialog_offenders(dialog, "ja") == []
    close_dialog(dialog)

    # Weeks later: the customer's changes and a generation, on the command line.
    customer_changes(db_path)
    window.watcher.poll()
    settle(window)

    # 要確認の項目: in Japanese, by labels, its count that of its rows.
    found = open_suspects(window, qtbot)
    rows = rows_of(found)
    assert found.status.text() == f"要確認: {len(rows)} 件", found.status.text()
    assert len(rows) == len(core.suspects(window.state.workspace, pid))
    final = [r for r in rows if r[1].endswith("最終報告") and r[0] == "WBSタスク"]
    assert final and final[0][2:5] == ["PoC終了日(最終報告)", "2027/03/31", "2027/04/30"] and "佐藤 花子" in final[0][5], rows
    assert not any(INTERNAL.search(cell) for row in rows for cell in row), rows
    assert dialog_offenders(found, "ja") == []
    close_dialog(found)
    window.show_page("wbs")
    settle(window)
    page = window.page("wbs")
    task = next(t for t in page.model.tree.tasks.values() if t.title == "最終報告")
    tip = page.model.index_of(task.id, 0).data(Qt.ItemDataRole.ToolTipRole) or ""
    assert "PoC終了日(最終報告): 2027/03/31 → 2027/04/30" in tip, tip

    # The diff, ja and en, on the command line: the count line is its rows; the window's diff has as many.
    counts = {}
    for lang in ("ja", "en"):
        out = tmp_path / f"diff-{lang}.md"
        ok(cli(db_path, "baseline", "diff", "--project", "需要予測PoC", "--from", "キックオフ合意", "--out", str(out), "--lang", lang, lang=lang))
        text = out.read_text(encoding="utf-8")
        said = re.search(r"^- (?:変更: (\d+)件|Changes: (\d+))$", text, re.M)
        counts[lang] = int(said.group(1) or said.group(2))
        assert counts[lang] == diff_rows(text), text
    assert counts["ja"] == counts["en"]
    assert "| 特徴量ストア | 回答 | 現時点で対象 | 対象外 |" in (tmp_path / "diff-ja.md").read_text(encoding="utf-8")
    assert "| Feature store | Answer | In scope now | Out of scope |" in (tmp_path / "diff-en.md").read_text(encoding="utf-8")
    dialog = open_baselines(window, qtbot)
    dialog.from_combo.setCurrentIndex(dialog.from_combo.findData("キックオフ合意"))
    assert dialog.to_combo.currentText() == "現在"
    dialog.diff_button.click()
    qtbot.waitUntil(lambda: dialog.diff_model.rowCount() > 0 and not dialog.busy, timeout=15000)
    assert dialog.diff_model.rowCount() == counts["ja"]

    # Re-agree in the window: a new baseline and its sign-off clear 要確認; undo / redo of each step.
    dialog.create_button.click()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2 and not dialog.busy, timeout=15000)
    assert dialog.selected_name() == "変更合意" and window.undo_action.text() == "元に戻す(&U) ベースラインを作成"
    dialog.who.setText("鈴木 一郎")
    dialog.org.setText("顧客社")
    dialog.sign_button.click()
    qtbot.waitUntil(lambda: dialog.table.item(1, 3).text().startswith("鈴木 一郎 (顧客社)") and not dialog.busy, timeout=15000)
    settle(window)
    ws = window.state.workspace
    assert suspects(ws, pid) == []
    assert window.undo_action.text() == "元に戻す(&U) 合意を記録"
    qtbot.keyClick(dialog, Qt.Key.Key_Z, CTRL)  # Ctrl+Z in the dialog: the window's Undo
    settle(window)
    assert dialog.table.item(1, 3).text() == "" and len(suspects(ws, pid)) == len(rows)  # the kickoff is the last signed again
    qtbot.keyClick(dialog, Qt.Key.Key_Y, CTRL)
    settle(window)
    assert dialog.table.item(1, 3).text().startswith("鈴木 一郎") and suspects(ws, pid) == []
    listed = json.loads(ok(cli(db_path, "baseline", "list", "--project", "需要予測PoC", "--json")))
    assert [(b["name"], b["tasks"], [s["who"] for s in b["signoffs"]]) for b in listed] == [
        ("キックオフ合意", tasks_at_kickoff, ["山田 太郎"]), ("変更合意", len(WbsService(ws.db).tree(pid).tasks), ["鈴木 一郎"])]
    close_dialog(dialog)

    # A week later still: 学習基盤 answered これから対象 in the window, the WBS generated; 要確認 again; Ctrl+Z takes back the
    # generation, then the answer (要確認 empty again); Ctrl+Shift+Z brings both back.
    run_op(window.state, hearing_ops.update_answer(pid, "hearing.scope.training_platform", value="later"), lambda: "学習基盤")
    settle(window)
    window.show_page("wbs")
    settle(window)
    before_generation = {t.uid: (t.title, t.completion_condition) for t in WbsService(ws.db).tree(pid).tasks.values()}
    page.generate_button.click()
    settle(window)
    generated = {t.uid: (t.title, t.completion_condition) for t in WbsService(ws.db).tree(pid).tasks.values()}
    assert window.undo_action.text() == "元に戻す(&U) ヒアリングからWBSを生成"
    assert ("スコープ", "学習基盤") in suspects(ws, pid)
    window.activateWindow()  # (the dialog closed: offscreen leaves no window active)
    qtbot.waitUntil(window.isActiveWindow)
    page.tree.setFocus()
    for _step in range(2):
        qtbot.keyClick(page.tree, Qt.Key.Key_Z, CTRL)
        settle(window)
    assert suspects(ws, pid) == [] and window.undo_action.text() == "元に戻す(&U) 合意を記録"
    assert {t.uid: (t.title, t.completion_condition) for t in WbsService(ws.db).tree(pid).tasks.values()} == before_generation != generated
    for _step in range(2):
        qtbot.keyClick(page.tree, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)
        settle(window)
    assert {t.uid: (t.title, t.completion_condition) for t in WbsService(ws.db).tree(pid).tasks.values()} == generated
    assert ("スコープ", "学習基盤") in suspects(ws, pid)
    close_window(window)


# ==========================================================================================================
# Defects
# ==========================================================================================================


def test_undo_of_a_baseline_made_then_signed_then_unsigned_takes_the_baseline_away(qtbot, workspace, db_path, monkeypatch) -> None:
    pid = heard(workspace)
    workspace.close()
    monkeypatch.setattr(messages, "ask_text", lambda *_a, **_k: "キックオフ合意")
    window = make_window(qtbot, db_path, global_lang="ja", global_project=str(pid))
    settle(window)
    dialog = open_baselines(window, qtbot)
    dialog.create_button.click()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1 and not dialog.busy, timeout=15000)
    dialog.who.setText("山田 太郎")
    dialog.sign_button.click()
    qtbot.waitUntil(lambda: dialog.table.item(0, 3).text() != "" and not dialog.busy, timeout=15000)
    window.undo_action.trigger()  # 合意を記録
    settle(window)
    assert dialog.table.item(0, 3).text() == ""
    assert window.undo_action.text() == "元に戻す(&U) ベースラインを作成"
    window.undo_action.trigger()  # ベースラインを作成
    settle(window)
    said = " ".join(status_texts(window))
    try:
        assert "別のウィンドウ" not in said, said
        assert bl.baselines(window.state.workspace, pid) == [] and dialog.table.rowCount() == 0
        assert window.redo_action.text() == "やり直し(&R) ベースラインを作成"
    finally:
        close_dialog(dialog)
        close_window(window)


def test_a_signed_baseline_stays_in_the_review_pages_score_history(qtbot, workspace, db_path) -> None:
    from app.ui.review.score_history import ScoreHistory

    pid = heard(workspace)
    workspace.close()
    ok(cli(db_path, "baseline", "create", "--project", "需要予測PoC", "--name", "キックオフ合意", "--kind", "kickoff"))
    window = make_window(qtbot, db_path, global_lang="ja", global_project=str(pid))
    window.show_page("review")
    settle(window)
    history = window.page("review").findChild(ScoreHistory)
    assert history.points == ["キックオフ合意", "現在"]
    ok(cli(db_path, "baseline", "sign", "--project", "需要予測PoC", "--name", "キックオフ合意", "--who", "山田 太郎"))
    window.watcher.poll()
    settle(window)
    try:
        assert history.points == ["キックオフ合意", "現在"]
    finally:
        close_window(window)


def test_a_signed_scope_item_marked_対象外_by_its_status_makes_what_was_built_on_it_suspect(workspace, db_path, tmp_path) -> None:
    pid = heard(workspace)
    agreed(workspace, pid)
    ok(cli(db_path, "hearing", "answer", "--project", "需要予測PoC", "--item", "学習基盤", "--status", "対象外", author="佐藤 花子"))
    ok(cli(db_path, "wbs", "generate", "--project", "需要予測PoC"))
    out = tmp_path / "diff.md"
    ok(cli(db_path, "baseline", "diff", "--project", "需要予測PoC", "--from", "キックオフ合意", "--out", str(out)))
    text = out.read_text(encoding="utf-8")
    assert "| 学習基盤 | 状態 | 回答済 | 対象外 |" in text and "学習環境で実行されて" in text  # the reword, said by the diff
    found = suspects(workspace, pid)
    on_it = [name for name, item in found if item == "学習基盤"]
    assert "スコープ" in on_it and any("実験規約のレビューと実験環境の試用" in name for name in on_it), found


def test_a_task_added_after_the_sign_off_is_not_suspect(workspace, db_path) -> None:
    pid = heard(workspace)
    agreed(workspace, pid)
    ok(cli(db_path, "hearing", "answer", "--project", "需要予測PoC", "--item", "CI", "--value", "これから対象", author="佐藤 花子"))
    ok(cli(db_path, "wbs", "generate", "--project", "需要予測PoC"))
    held = set(bl.find(workspace, pid, "キックオフ合意").wbs)
    tree = WbsService(workspace.db).tree(pid)
    plan = next(t for t in tree.tasks.values() if t.title == "CIの導入計画(これから対象)")
    assert str(plan.uid) not in held  # never agreed
    found = suspects(workspace, pid)
    assert ("スコープ", "CI") in found  # the signed scope section is rightly suspect
    assert not [name for name, _item in found if "CIの導入計画" in name], found


def test_a_late_signer_of_the_old_baseline_does_not_undo_the_re_agreement(qtbot, workspace, db_path) -> None:
    pid = heard(workspace)
    agreed(workspace, pid)
    ops.run(workspace, hearing_ops.update_answer(pid, "hearing.scope.feature_store", value="out"))
    generate(workspace, pid)
    assert suspects(workspace, pid)
    agreed(workspace, pid, "変更合意")
    assert suspects(workspace, pid) == []
    ok(cli(db_path, "baseline", "sign", "--project", "需要予測PoC", "--name", "キックオフ合意", "--who", "鈴木 一郎", "--org", "顧客社"))
    workspace.close()
    window = make_window(qtbot, db_path, global_lang="ja", global_project=str(pid))
    settle(window)
    dialog = open_suspects(window, qtbot)
    try:
        assert rows_of(dialog) == [] and dialog.status.text() == "要確認の項目はありません。", (dialog.status.text(), rows_of(dialog)[:3])
    finally:
        close_dialog(dialog)
        close_window(window)


def test_an_answer_saved_in_the_baselines_second_is_not_suspect(workspace) -> None:
    for attempt in range(5):
        pid = ProjectService(workspace.db).create(f"即時合意{attempt}", lang="ja").id
        while time.time() % 1 > 0.3:  # early in a second: the answer and the baseline land in it
            time.sleep(0.01)
        ops.run(workspace, hearing_ops.update_answer(pid, "hearing.scope.ci", value="later"))
        made = ops.run(workspace, bl.create_op(pid, "合意")).detail
        answered = AnswerService(workspace.db, workspace.library).histories(pid, {"hearing.scope.ci"})["hearing.scope.ci"][-1].changed_at
        if answered.replace(microsecond=0).isoformat() == made.created.removesuffix("+00:00"):
            break
    else:
        pytest.skip("the answer and the baseline never landed in one second")
    ops.run(workspace, bl.sign_op(pid, "合意", "山田 太郎"))
    assert bl.find(workspace, pid, "合意").answers["hearing"]["hearing.scope.ci"]["value"] == "later"
    assert suspects(workspace, pid) == []


def test_tasks_a_signed_baseline_holds_are_not_counted_as_not_agreed(qtbot, workspace, db_path) -> None:
    pid = heard(workspace)
    agreed(workspace, pid)
    ok(cli(db_path, "hearing", "answer", "--project", "需要予測PoC", "--item", "PoC終了日(最終報告)", "--value", "2027/04/30"))
    workspace.close()
    window = make_window(qtbot, db_path, global_lang="ja", global_project=str(pid))
    window.show_page("wbs")
    settle(window)
    said = re.search(r"タスク (\d+)件 .*未合意 (\d+)件 · 要確認 (\d+)件", window.page("wbs").totals_label.text())
    try:
        assert said is not None and int(said.group(3)) == 1, window.page("wbs").totals_label.text()
        assert int(said.group(2)) == 0, said.group(0)
    finally:
        close_window(window)


# ==========================================================================================================
# Held
# ==========================================================================================================


def test_held_a_sign_off_on_a_baseline_a_colleague_removed_and_made_again_signs_nothing(qtbot, workspace, db_path, monkeypatch) -> None:
    pid = heard(workspace)
    workspace.close()
    said: list[str] = []
    from app.ui.error_text import shown_text

    monkeypatch.setattr(messages, "show_error", lambda _p, e, *_a, **_k: said.append(e if isinstance(e, str) else shown_text(e)))
    monkeypatch.setattr(messages, "ask_text", lambda *_a, **_k: "キックオフ合意")
    a = make_window(qtbot, db_path, global_lang="ja", global_project=str(pid))
    b = make_window(qtbot, db_path, global_lang="ja", global_project=str(pid))
    b.state.workspace.author = "佐藤 花子"
    settle(a)
    settle(b)
    theirs = open_baselines(b, qtbot)
    theirs.create_button.click()
    qtbot.waitUntil(lambda: theirs.table.rowCount() == 1 and not theirs.busy, timeout=15000)
    a.watcher.poll()
    settle(a)
    mine = open_baselines(a, qtbot)
    mine.table.selectRow(0)
    a.watcher.timer.stop()  # A has not looked since
    mine.who.setText("山田 太郎")
    mine.comment.setText("範囲は合意")
    b.undo_action.trigger()
    settle(b)
    theirs.create_button.click()
    qtbot.waitUntil(lambda: theirs.table.rowCount() == 1 and not theirs.busy, timeout=15000)
    mine.sign_button.click()
    qtbot.waitUntil(lambda: bool(said) and not mine.busy, timeout=15000)
    a.watcher.timer.start()
    settle(a)
    assert len(said) == 1 and "「キックオフ合意」" in said[0] and "同じ名前で別のベースライン" in said[0] and "何も変更していません" in said[0], said
    assert [b_.signoffs for b_ in bl.baselines(a.state.workspace, pid)] == [()]
    assert (mine.who.text(), mine.comment.text()) == ("山田 太郎", "範囲は合意")
    close_dialog(mine)
    close_dialog(theirs)
    close_window(b)
    close_window(a)


def test_held_mark_reviewed_while_the_cli_changes_the_answer_again_stays_suspect(qtbot, workspace, db_path) -> None:
    pid = heard(workspace)
    agreed(workspace, pid)
    workspace.close()
    ok(cli(db_path, "hearing", "answer", "--project", "需要予測PoC", "--item", "PoC終了日(最終報告)", "--value", "2027/04/30"))
    window = make_window(qtbot, db_path, global_lang="ja", global_project=str(pid))
    settle(window)
    dialog = open_suspects(window, qtbot)
    final = next(n for n, r in enumerate(rows_of(dialog)) if r[1].endswith("最終報告"))
    dialog.table.selectRow(final)
    window.watcher.timer.stop()
    ok(cli(db_path, "hearing", "answer", "--project", "需要予測PoC", "--item", "PoC終了日(最終報告)", "--value", "2027/05/31", author="佐藤 花子"))
    dialog.review_button.click()
    window.watcher.timer.start()
    window.watcher.poll()
    settle(window)
    qtbot.waitUntil(lambda: any(r[1].endswith("最終報告") and r[4] == "2027/05/31" for r in rows_of(dialog)), timeout=15000)
    row = next(r for r in rows_of(dialog) if r[1].endswith("最終報告"))
    assert row[3:5] == ["2027/04/30", "2027/05/31"] and "佐藤 花子" in row[5], row
    close_dialog(dialog)
    close_window(window)


def test_held_undo_of_a_generation_after_the_cli_edited_one_of_its_tasks_is_refused_by_name(qtbot, workspace, db_path, monkeypatch) -> None:
    pid = heard(workspace)
    workspace.close()
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    ok(cli(db_path, "hearing", "answer", "--project", "需要予測PoC", "--item", "CI", "--value", "これから対象"))
    window = make_window(qtbot, db_path, global_lang="ja", global_project=str(pid))
    window.show_page("wbs")
    settle(window)
    page = window.page("wbs")
    page.generate_button.click()
    settle(window)
    assert page.details.text().startswith("1件追加") and window.undo_action.text() == "元に戻す(&U) ヒアリングからWBSを生成", page.details.text()
    code = page.model.tree.codes[next(t.id for t in page.model.tree.tasks.values() if t.title == "CIの導入計画(これから対象)")]
    ok(cli(db_path, "wbs", "set", "--project", "需要予測PoC", "--task", code, "完了条件=佐藤が書いた完了条件", author="佐藤 花子"))
    window.watcher.poll()
    settle(window)
    before = {t.uid: t.title for t in WbsService(window.state.workspace.db).tree(pid).tasks.values()}
    window.undo_action.trigger()
    settle(window)
    said = " ".join(status_texts(window))
    assert f"「{code} CIの導入計画(これから対象)」" in said and "上書きはしていません" in said, said
    assert {t.uid: t.title for t in WbsService(window.state.workspace.db).tree(pid).tasks.values()} == before
    close_window(window)


KILL_CHILD = """
import sys, time
sys.path.insert(0, sys.argv[2])
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication
from app.ui import messages
from app.ui.baselines.dialog import BaselinesDialog
from tests.gui_helpers import finish_background_work, make_window

messages.confirm = lambda *a, **k: True

def pump(n=20):
    for _ in range(n):
        QCoreApplication.processEvents()
        time.sleep(0.01)
    finish_background_work()

def commit(editor, text):  # what a Japanese input method sends when the user confirms converted text
    editor.setFocus()
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(editor, event)
    pump(3)

win = make_window(None, sys.argv[1], global_lang="ja", global_project=sys.argv[3])
pump(30)
dialog = BaselinesDialog(win.state, win)
dialog.show()
pump()
dialog.table.selectRow(1)
pump()
commit(dialog.who, "山田 太郎")
commit(dialog.role, "部長")
commit(dialog.comment, "範囲の変更に合意")
pump(90)  # past the 0.6 s pause
print("ready", dialog.selected_name(), flush=True)
while True:
    pump()
"""


def test_held_a_window_killed_while_a_sign_off_is_typed_gives_it_back(qtbot, workspace, db_path) -> None:
    pid = heard(workspace)
    agreed(workspace, pid)
    ops.run(workspace, bl.create_op(pid, "変更合意"))
    workspace.close()
    child = children.Child([sys.executable, "-c", children.WINDOW_GUARD + KILL_CHILD, str(db_path), str(REPO), str(pid)],
                           env=dict(os.environ), cwd=REPO)  # fmt: skip
    lines: list[str] = []
    try:
        for line in child.lines():
            lines.append(line.strip())
            if line.startswith("ready"):
                break
    finally:
        _out, err = child.kill()
    assert lines and lines[-1] == "ready 変更合意", (lines, err[-3000:])
    window = make_window(qtbot, db_path, global_lang="ja", global_project=str(pid))
    settle(window)
    assert "1 件の下書きが未保存です" in status_texts(window)
    dialog = open_baselines(window, qtbot)
    assert (dialog.who.text(), dialog.role.text(), dialog.comment.text()) == ("山田 太郎", "部長", "範囲の変更に合意")
    assert dialog.selected_name() == "変更合意"
    notes = [label.text() for label in dialog.findChildren(QLabel) if label.isVisible() and "承認の内容を戻しました" in label.text()]
    assert notes, [label.text() for label in dialog.findChildren(QLabel) if label.isVisible()]
    dialog.sign_button.click()
    qtbot.waitUntil(lambda: not dialog.busy and dialog.table.item(1, 3).text() != "", timeout=15000)
    assert [(s.who, s.role, s.comment) for s in bl.find(window.state.workspace, pid, "変更合意").signoffs] == [("山田 太郎", "部長", "範囲の変更に合意")]
    close_dialog(dialog)
    close_window(window)


def _kept(workspace, pid: int) -> dict:
    """What must survive a copy: baselines and sign-offs, 要確認 and its reviews, task origins and typed texts."""
    from app.core.documents import DocumentService

    tree = WbsService(workspace.db).tree(pid)
    return {
        "baselines": [(b.name, b.kind, b.created, b.answer_count, b.task_count, [(s.who, s.role, s.org, s.date, s.comment) for s in b.signoffs])
                      for b in bl.baselines(workspace, pid)],  # fmt: skip
        "snapshot": bl.find(workspace, pid, "キックオフ合意").wbs,
        "suspects": [(s.dependent.key, s.item_id, s.old, s.new, s.author) for s in core.suspects(workspace, pid)],
        "reviews": {k: v for k, v in DocumentService(workspace.db).get(pid, core.KIND).items() if k != "version"},
        "tasks": sorted((t.uid, t.title, t.completion_condition, t.origin.model_dump(), t.user_edited, t.agreed, str(t.agreed_at))
                        for t in tree.tasks.values()),  # fmt: skip
    }


def test_held_duplicate_archive_rename_restore_and_a_project_file_keep_the_agreements(qtbot, workspace, db_path, tmp_path, monkeypatch) -> None:
    pid = heard(workspace)
    agreed(workspace, pid)
    ops.run(workspace, hearing_ops.update_answer(pid, "hearing.scope.feature_store", value="out"))
    ops.run(workspace, hearing_ops.update_answer(pid, "hearing.basics.poc_end", value="2027-04-30"))
    tree = WbsService(workspace.db).tree(pid)
    typed = next(t for t in tree.tasks.values() if t.title == "最終報告")
    from app.wbs.operations import wbs_op

    ops.run(workspace, wbs_op(pid, lambda w: WbsService(w.db).update(pid, [typed.id], completion_condition="=顧客が承認した最終報告書")))
    found = core.suspects(workspace, pid)
    ops.run(workspace, core.clear_op(pid, [s for s in found if s.item_id == "hearing.basics.poc_end"]))
    before = _kept(workspace, pid)
    assert before["reviews"] and before["suspects"] and len(before["suspects"]) < len(found)
    workspace.close()

    copy_id = int(ok(cli(db_path, "project", "duplicate", "需要予測PoC")).strip())
    ok(cli(db_path, "project", "archive", "需要予測PoC"))
    ok(cli(db_path, "project", "rename", str(copy_id), "需要予測PoC 第2期"))
    # A backup, then the copy deleted by mistake, then the backup restored.
    backup = re.search(r"データベースを (.+) にバックアップしました", ok(cli(db_path, "backup", "create"))).group(1)
    ok(cli(db_path, "project", "delete", "需要予測PoC 第2期", "--yes"))
    restored = ok(cli(db_path, "backup", "restore", backup))
    assert JAPANESE.search(restored) and not INTERNAL.search(restored), restored
    # The project file into a second database.
    out = tmp_path / "project.json"
    ok(cli(db_path, "project", "export", "需要予測PoC 第2期", "--out", str(out)))
    second = tmp_path / "second.sqlite3"
    imported = int(ok(cli(second, "project", "import", str(out))).strip().split()[-1])
    from app.core.content.loader import load_library
    from app.core.workspace import Workspace

    library = load_library([REPO / "checklists"], strict=True)
    for path, project in ((db_path, pid), (db_path, copy_id), (second, imported)):
        ws = Workspace.open(str(path), library)
        try:
            assert _kept(ws, project) == before, (path, project)
        finally:
            ws.close()

    # The window on the second database says it all in Japanese.
    window = make_window(qtbot, second, global_lang="ja", global_project=str(imported))
    settle(window)
    assert window.state.project.name == "需要予測PoC 第2期"
    dialog = open_baselines(window, qtbot)
    signed_on = bl.signed_on(before["baselines"][0][5][0][3], "ja")
    assert [dialog.table.item(0, c).text() for c in (0, 1, 3)] == ["キックオフ合意", "キックオフ", f"山田 太郎 (PM, 顧客社) {signed_on}"]
    assert dialog_offenders(dialog, "ja") == []
    close_dialog(dialog)
    found = open_suspects(window, qtbot)
    assert len(rows_of(found)) == len(before["suspects"]) and not any(r[1].endswith("最終報告") for r in rows_of(found))
    close_dialog(found)
    # File ▸ 複製 there too: the copy opens, its agreements as they were.
    window.duplicate_action.trigger()
    qtbot.waitUntil(lambda: window.state.project is not None and window.state.project.id != imported, timeout=15000)
    settle(window)
    assert window.state.project.name == "需要予測PoC 第2期 (2)"
    assert _kept(window.state.workspace, window.state.project_id) == before
    close_window(window)


def test_held_a_baseline_of_no_tasks_and_no_answers(db_path, tmp_path) -> None:
    assert ok(cli(db_path, "project", "new", "空の案件")).strip().isdigit()
    made = ok(cli(db_path, "baseline", "create", "--project", "空の案件", "--name", "空の合意"))
    assert made.strip() == "合意ベースライン「空の合意」を作成しました(回答 0件、WBSタスク 0件)"
    ok(cli(db_path, "baseline", "sign", "--project", "空の案件", "--name", "空の合意", "--who", "山田 太郎"))
    out = tmp_path / "diff.md"
    ok(cli(db_path, "baseline", "diff", "--project", "空の案件", "--from", "空の合意", "--out", str(out)))
    assert "- 変更: 0件" in out.read_text(encoding="utf-8") and "変更はありません。" in out.read_text(encoding="utf-8")
    ok(cli(db_path, "wbs", "generate", "--project", "空の案件"))
    ok(cli(db_path, "baseline", "diff", "--project", "空の案件", "--from", "空の合意", "--out", str(out)))
    text = out.read_text(encoding="utf-8")
    assert int(re.search(r"変更: (\d+)件", text).group(1)) == diff_rows(text) > 0
    assert text.count("(追加されたタスク)") == diff_rows(text)



SIGNED_THEN_KILLED = KILL_CHILD.replace('''print("ready", dialog.selected_name(), flush=True)
while True:
    pump()''', '''dialog.sign_button.click()  # recorded on a worker; the result never reaches the window: killed first
import json, sqlite3
while True:
    with sqlite3.connect(sys.argv[1], timeout=30) as con:
        row = con.execute("SELECT data FROM project_documents WHERE kind = 'agreement_baselines'").fetchone()
    if row and json.loads(row[0])["baselines"]["変更合意"]["signoffs"]:
        break
    time.sleep(0.02)
print("ready", dialog.selected_name(), flush=True)
while True:
    time.sleep(1)''')



def test_a_window_killed_right_after_a_sign_off_was_recorded_does_not_offer_it_again(qtbot, workspace, db_path, monkeypatch) -> None:
    pid = heard(workspace)
    agreed(workspace, pid)
    ops.run(workspace, bl.create_op(pid, "変更合意"))
    workspace.close()
    child = children.Child([sys.executable, "-c", children.WINDOW_GUARD + SIGNED_THEN_KILLED, str(db_path), str(REPO), str(pid)],
                           env=dict(os.environ), cwd=REPO)  # fmt: skip
    lines: list[str] = []
    try:
        for line in child.lines():
            lines.append(line.strip())
            if line.startswith("ready"):
                break
    finally:
        _out, err = child.kill()
    assert lines and lines[-1] == "ready 変更合意", (lines, err[-3000:])
    said: list[object] = []
    monkeypatch.setattr(messages, "show_error", lambda _p, e, *_a, **_k: said.append(e))
    window = make_window(qtbot, db_path, global_lang="ja", global_project=str(pid))
    settle(window)
    dialog = open_baselines(window, qtbot)
    try:
        assert dialog.table.item(1, 3).text().startswith("山田 太郎 (部長)")  # it was recorded
        if dialog.sign_button.isEnabled():
            dialog.sign_button.click()  # as the note says
            qtbot.waitUntil(lambda: not dialog.busy, timeout=15000)
            settle(window)
        assert [s.who for s in bl.find(window.state.workspace, pid, "変更合意").signoffs] == ["山田 太郎"]
    finally:
        close_dialog(dialog)
        close_window(window)

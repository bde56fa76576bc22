"""Break-it 66e: the last hour's changes to the shared document patch path (app/core/operations.py _set / _prune,
4c86a263, 0a89fb9b), the proposal's problem rows added in two windows at once (c879ab44 patch_proposal) and the crash
drafts of the sign-off and Start session dialogs dropped once recorded (59d7b935, d0c564b7, fd364a94, 67df1538), tried
by a demanding Japanese consultant with two windows on one database, undo / redo chains and killed windows.

Broke (strict xfails below; each reason says what the user sees):
- 導入提案 with no section edited (a new project, or every edited section put back to the template's text): 山田 types
  「目的」, 佐藤's window (not yet told) types 「スコープ」: a conflict dialog 「別の場所で変更されています」 about a field
  called 「課題と工数」, each side shown as a Python dict of section ids ({'purpose': {'ja': …}}); 「自分の内容を使う」
  deletes 山田's 目的, 「相手の内容を残す」 drops 佐藤's スコープ (an empty ``texts: {}`` is one leaf of the patch: any
  section typed clashes with any other);
- 導入提案: 佐藤 adds a library problem and then his own problem; 山田 (not yet told) adds the same library problem:
  a conflict dialog about the whole 課題と対策 table (README: a library problem both added is no conflict), and
  「自分の内容を使う」 drops 佐藤's own problem (the rows added here read as "stored already" when they equal the first
  rows added since);
- 導入提案: 山田 and 佐藤 both press 「自分の課題を追加」 at once: one new row, not two (the second window's empty row
  reads as "this very write stored already", c879ab44); each types their problem into it: a conflict dialog, and
  「自分の内容を使う」 drops the other's problem;
- 導入提案: 山田 adds his own problem and types it, 佐藤 (told of it) rewords the countermeasure of row 1; 山田's
  元に戻す(課題を編集) of his own row is refused: 「元に戻す: 「導入提案」は、その後に別のウィンドウまたはプロセスで変更
  されました」, though nobody touched his row (README: only what the step changed is compared, a table's cell named);
- 実験環境構築: every field put back (↺) to the hearing's value, then 山田 types リポジトリ名, 佐藤 types MLflow の URI:
  山田's 元に戻す(リポジトリ名の変更) is refused 「「実験環境」は、その後に別のウィンドウまたはプロセスで変更されました」
  (the emptied ``values: {}`` clashes with 佐藤's field); the same after every person was removed from 要員 (the undo of
  要員を追加 refused for a colleague's other person), every plan baseline deleted (the undo of ベースラインを保存
  refused for a colleague's other baseline), every データ基盤・CI 置き場所 note cleared (the undo of a note refused for a
  colleague's note of another row);
- 合意記録: after 山田 太郎 (部長, 顧客株式会社) is recorded the form keeps 部長 / 顧客株式会社 for the next signer;
  佐藤 花子 typed over the name, the window killed before 合意を記録: the next window gives 佐藤 花子 back with 役割 and
  組織 empty (the draft kept only the name and the comment), and 合意を記録 records her without them;
- a project file whose 要員 entry is a plain value ("田中": "PM") is imported: no people listed, and `resources add 田中`
  is refused forever with 「田中はその後に別の場所で変更されました」;
- a project file whose 導入提案 section text is a plain value is imported; `export proposal` then says
  「保存されている導入提案が壊れています(texts.purpose: オブジェクトではありません)」 (an internal path), where the
  import refuses such a file for 実験環境, naming it by its label.

Held (tests below): two windows adding own problems at the end keep both, undo / redo of the later add, and the .md
export lists each once in the order stored; a library problem both added is there once in the .md; a reorder in one
window while the other adds is asked and the merge keeps both; a section typed, cleared, undone, redone, undone again
with a colleague typing another section between each step (the demo's proposal, sections already edited); the same
chain on 実験環境構築's リポジトリ名 with a colleague's MLflow URI between; an agreement baseline made, signed, both undone
and redone with a colleague's baseline made between (its empty review kept, no empty entry); a Start session typing kept by a killed window
while a colleague's session was running comes back once that session ended, and starts once.
"""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest

from app.core import operations as ops
from app.core.documents import DocumentService
from app.core.errors import UserError
from app.core.projects import ProjectService
from app.main import main
from app.projects import baselines as bl
from tests.conftest import answer_conflict
from tests.gui_helpers import close_window, environment_page, make_window, settle, two_windows
from tests.test_drafts_on_disk_pages import crash, kept_drafts


def seen(window) -> None:
    """The window notices what the other committed (its once-a-second poll, now)."""
    window.watcher.poll()
    settle(window)


def cli(db: Path, *args: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(["--db", str(db), "--lang", "ja", *args])
        except SystemExit as exit_:
            code = exit_.code
    assert code == 0, (args, out.getvalue(), err.getvalue())
    return out.getvalue()


def record_conflicts(monkeypatch, choice: str = "mine") -> list[tuple[str, str, str]]:
    """Every conflict dialog opened: (its field's label, theirs as shown, mine as shown); answered ``choice``."""
    from PySide6.QtWidgets import QPlainTextEdit

    from app.ui.window import conflict_dialog

    asked: list[tuple[str, str, str]] = []

    def ask(dialog) -> int:
        for clash in dialog.clashes:
            theirs = dialog.findChild(QPlainTextEdit, f"conflictTheirs_{clash.key}")
            mine = dialog.findChild(QPlainTextEdit, f"conflictMine_{clash.key}")
            asked.append((clash.label, theirs.toPlainText() if theirs else "", mine.toPlainText() if mine else ""))
        return answer_conflict(choice)(dialog)

    monkeypatch.setattr(conflict_dialog, "ask_conflict", ask)
    return asked


def stored(window, kind: str) -> dict:
    return DocumentService(window.state.workspace.db).get(window.state.project_id, kind)


def heard(window) -> list[str]:
    """What the window says in its status bar from now on (a refused undo: 「元に戻す: …」)."""
    said: list[str] = []
    window.state.problem.connect(said.append)
    return said


def type_line(field, text: str) -> None:
    """Type over a line field as an input method commits it (textEdited), then leave it."""
    field.setFocus()
    field.selectAll()
    field.insert(text)
    field.clearFocus()


# ==========================================================================================================
# Defects
# ==========================================================================================================


def test_two_windows_typing_different_sections_of_a_proposal_with_none_edited_keep_both(qtbot, db_path, monkeypatch) -> None:
    from PySide6.QtWidgets import QPlainTextEdit, QPushButton

    asked = record_conflicts(monkeypatch, "mine")
    with two_windows(qtbot, db_path, monkeypatch, page="proposal") as (a, b):
        pa, pb = a.page("proposal"), b.page("proposal")
        for section in ("background", "next_steps"):  # the demo's edited sections put back: none edited now
            pa.findChild(QPushButton, f"sectionReset_{section}").click()
            settle(a)
        assert stored(a, "proposal")["texts"] == {}
        seen(b)
        b.watcher.timer.stop()  # 佐藤's window has not looked at the database since
        pa.findChild(QPlainTextEdit, "section_purpose").setPlainText("山田の目的: 類似画像検索で回遊率を上げる")
        settle(a)
        pb.findChild(QPlainTextEdit, "section_scope").setPlainText("佐藤のスコープ: 商品画像のみ")
        settle(b)
        texts = stored(a, "proposal")["texts"]
        assert not asked, asked
        assert texts == {"purpose": {"ja": "山田の目的: 類似画像検索で回遊率を上げる"}, "scope": {"ja": "佐藤のスコープ: 商品画像のみ"}}


def test_both_windows_adding_an_own_problem_at_once_get_a_row_each(qtbot, db_path, monkeypatch) -> None:
    from PySide6.QtWidgets import QPushButton

    from app.ui.proposal.problems_model import COL_PROBLEM

    asked = record_conflicts(monkeypatch, "mine")
    with two_windows(qtbot, db_path, monkeypatch, page="proposal") as (a, b):
        pa, pb = a.page("proposal"), b.page("proposal")
        ma, mb = pa.problems.model, pb.problems.model
        n = ma.rowCount()
        a.watcher.timer.stop()
        b.watcher.timer.stop()  # neither has heard of the other's row when it presses the button
        pb.findChild(QPushButton, "addCustomRowButton").click()
        settle(b)
        pa.findChild(QPushButton, "addCustomRowButton").click()
        settle(a)
        mb.setData(mb.index(pb.problems.view.currentIndex().row(), COL_PROBLEM), "佐藤の課題: 評価指標が未合意")
        settle(b)
        ma.setData(ma.index(pa.problems.view.currentIndex().row(), COL_PROBLEM), "山田の課題: GPU予算が未確定")
        settle(a)
        problems = [row["problem"] for row in stored(a, "proposal")["rows"][n:]]
        assert not asked, asked
        assert problems == [{"ja": "佐藤の課題: 評価指標が未合意"}, {"ja": "山田の課題: GPU予算が未確定"}]


def test_undo_of_typing_in_ones_own_problem_row_is_not_refused_for_a_colleagues_other_row(qtbot, db_path, monkeypatch) -> None:
    from PySide6.QtWidgets import QPushButton

    from app.ui.proposal.problems_model import COL_COUNTERMEASURE, COL_PROBLEM

    with two_windows(qtbot, db_path, monkeypatch, page="proposal") as (a, b):
        pa, pb = a.page("proposal"), b.page("proposal")
        ma, mb = pa.problems.model, pb.problems.model
        n = ma.rowCount()
        pa.findChild(QPushButton, "addCustomRowButton").click()
        settle(a)
        ma.setData(ma.index(n, COL_PROBLEM), "山田の課題")
        settle(a)
        seen(b)
        mb.setData(mb.index(0, COL_COUNTERMEASURE), "佐藤の対策")
        settle(b)
        seen(a)
        said = heard(a)
        assert a.undo_action.text() == "元に戻す(&U) 課題を編集"
        a.undo_action.trigger()
        settle(a)
        rows = stored(a, "proposal")["rows"]
        assert not said, said
        assert not rows[n]["problem"] and rows[0]["countermeasure"] == {"ja": "佐藤の対策"}


def test_undo_on_an_environment_page_emptied_before_is_not_refused_for_a_colleagues_other_field(qtbot, db_path, monkeypatch) -> None:
    from PySide6.QtWidgets import QLineEdit, QToolButton

    with two_windows(qtbot, db_path, monkeypatch) as (a, b):
        pa, pb = environment_page(a, qtbot), environment_page(b, qtbot)
        for field in ("repo_name", "meeting_day", "mlflow_uri"):  # the demo's three set fields back to the hearing's
            pa.findChild(QToolButton, f"reset_{field}").click()
            settle(a)
        assert stored(a, "environment") == {"values": {}}
        type_line(pa.findChild(QLineEdit, "field_repo_name"), "yamada-repo")
        settle(a)
        seen(b)
        type_line(pb.findChild(QLineEdit, "field_mlflow_uri"), "http://sato.internal:5000")
        settle(b)
        seen(a)
        said = heard(a)
        assert a.undo_action.text() == "元に戻す(&U) リポジトリ名の変更"
        a.undo_action.trigger()
        settle(a)
        assert not said, said
        assert stored(a, "environment") == {"values": {"mlflow_uri": "http://sato.internal:5000"}}


@pytest.mark.parametrize("table", ["people", "plan_baselines", "storage_locations"])
def test_undo_of_an_add_to_a_table_emptied_before_is_not_refused_for_a_colleagues_other_add(workspace, demo, table) -> None:
    from app.wbs.resources import people as store
    from app.wbs.tracking import baselines as tracking

    pid = demo.id
    if table == "people":
        kind = store.KIND
        for person in store.read(workspace, pid):
            ops.run(workspace, store.remove_person_op(pid, person.name))
        mine = ops.run(workspace, store.put_person_op(pid, store.Person("佐々木 健", "ds"), new=True))  # 山田's window
        ops.run(workspace, store.put_person_op(pid, store.Person("伊藤 翼", "pm"), new=True))  # 佐藤's, after
        key, theirs = "people", "伊藤 翼"
    elif table == "plan_baselines":
        kind = tracking.KIND
        for name in list(DocumentService(workspace.db).get(pid, kind)["baselines"]):
            ops.run(workspace, tracking.delete_baseline_op(pid, name))
        mine = ops.run(workspace, tracking.save_baseline_op(pid, "第2版"))
        ops.run(workspace, tracking.save_baseline_op(pid, "第3版"))
        key, theirs = "baselines", "第3版"
    elif table == "storage_locations":  # データ基盤・CI's 置き場所 table: each row's note cleared, then one typed
        from app.environment.service import EnvironmentService

        def cell(kind_id: str, text: str) -> ops.Operation:
            def op(ws):
                with ws.db.transaction():
                    result = EnvironmentService(ws).set_location(pid, kind_id, "note", text)
                return ops.document_change(result.project_id, result.kind, result.before, result.after, detail=result)

            return op

        kind = "data_platform"
        for kind_id in list(DocumentService(workspace.db).get(pid, kind)["locations"]):
            ops.run(workspace, cell(kind_id, ""))
        mine = ops.run(workspace, cell("raw", "山田のメモ"))
        ops.run(workspace, cell("processed", "佐藤のメモ"))
        key, theirs = "locations", "processed"
    assert DocumentService(workspace.db).get(pid, kind)[key].keys() >= {theirs}
    refused = None
    try:
        ops.run(workspace, ops.undo_op(mine))
    except UserError as error:
        refused = error
    assert refused is None, str(refused)
    assert list(DocumentService(workspace.db).get(pid, kind)[key]) == [theirs]


def test_the_next_signer_typed_over_the_kept_role_and_organisation_comes_back_with_them_after_a_kill(qtbot, workspace, db_path) -> None:
    from app.ui.baselines.dialog import BaselinesDialog

    pid = ProjectService(workspace.db).create("案件", lang="ja").id
    ops.run(workspace, bl.create_op(pid, "キックオフ合意"))
    workspace.close()
    window = make_window(qtbot, db_path, global_lang="ja", global_project=str(pid))
    settle(window)
    dialog = BaselinesDialog(window.state, window)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.table.selectRow(0)
    dialog.who.insert("山田 太郎")
    dialog.role.insert("部長")
    dialog.org.insert("顧客株式会社")
    dialog.sign_button.click()
    qtbot.waitUntil(lambda: not dialog.busy)
    settle(window)
    dialog.who.selectAll()
    dialog.who.insert("佐藤 花子")
    dialog.comment.insert("範囲に同意します")
    on_screen = (dialog.who.text(), dialog.role.text(), dialog.org.text(), dialog.comment.text())
    assert on_screen == ("佐藤 花子", "部長", "顧客株式会社", "範囲に同意します")
    qtbot.waitUntil(lambda: any(d["item_id"] == "dialog:signoff" for d in kept_drafts()))
    crash(window)  # kill -9 before 合意を記録
    again = make_window(qtbot, db_path, global_lang="ja", global_project=str(pid))
    settle(again)
    dialog = BaselinesDialog(again.state, again)
    dialog.show()
    qtbot.waitExposed(dialog)
    try:
        back = (dialog.who.text(), dialog.role.text(), dialog.org.text(), dialog.comment.text())
        assert back == on_screen
    finally:
        dialog.reject()
        close_window(again)


# ==========================================================================================================
# Held
# ==========================================================================================================


def test_held_own_problems_added_at_once_are_both_kept_undone_redone_and_exported_once_in_order(qtbot, db_path, monkeypatch, tmp_path) -> None:
    from PySide6.QtWidgets import QPushButton

    from app.ui.proposal.problems_model import COL_PROBLEM

    asked = record_conflicts(monkeypatch, "mine")
    with two_windows(qtbot, db_path, monkeypatch, page="proposal") as (a, b):
        pa, pb = a.page("proposal"), b.page("proposal")
        ma, mb = pa.problems.model, pb.problems.model
        n = ma.rowCount()
        pb.findChild(QPushButton, "addCustomRowButton").click()
        settle(b)
        mb.setData(mb.index(n, COL_PROBLEM), "佐藤の課題: 評価指標が未合意")
        settle(b)
        a.watcher.timer.stop()  # 山田 has not heard of it
        pa.findChild(QPushButton, "addCustomRowButton").click()
        settle(a)
        ma.setData(ma.index(pa.problems.view.currentIndex().row(), COL_PROBLEM), "山田の課題: GPU予算が未確定")
        settle(a)
        both = [{"ja": "佐藤の課題: 評価指標が未合意"}, {"ja": "山田の課題: GPU予算が未確定"}]
        assert [r["problem"] for r in stored(a, "proposal")["rows"][n:]] == both
        a.undo_action.trigger()  # 課題を編集
        settle(a)
        a.undo_action.trigger()  # 自分の課題を追加
        settle(a)
        assert [r["problem"] for r in stored(a, "proposal")["rows"][n:]] == both[:1]
        a.redo_action.trigger()
        settle(a)
        a.redo_action.trigger()
        settle(a)
        assert [r["problem"] for r in stored(a, "proposal")["rows"][n:]] == both
        assert not asked
        out = tmp_path / "proposal.md"
        cli(db_path, "export", "proposal", "--project", str(a.state.project_id), "--out", str(out))
        text = out.read_text(encoding="utf-8")
        assert text.count("佐藤の課題: 評価指標が未合意") == 1 and text.count("山田の課題: GPU予算が未確定") == 1
        assert text.index("佐藤の課題") < text.index("山田の課題")


def test_a_library_problem_both_added_before_a_colleagues_own_problem_is_no_conflict(qtbot, db_path, monkeypatch, tmp_path) -> None:
    from PySide6.QtWidgets import QPushButton

    from app.ui.proposal.library_dialog import LibraryDialog
    from app.ui.proposal.problems_model import COL_PROBLEM

    asked = record_conflicts(monkeypatch, "mine")
    with two_windows(qtbot, db_path, monkeypatch, page="proposal") as (a, b):
        pa, pb = a.page("proposal"), b.page("proposal")
        ma, mb = pa.problems.model, pb.problems.model
        n = ma.rowCount()
        extra = next(p for p in ma.content.library.problems if p.id not in ma.chosen_refs())
        monkeypatch.setattr(LibraryDialog, "pick", classmethod(lambda cls, *_a, **_k: [extra.id]))
        a.watcher.timer.stop()  # 山田 has not heard of 佐藤's rows
        pb.findChild(QPushButton, "addFromLibraryButton").click()
        settle(b)
        pb.findChild(QPushButton, "addCustomRowButton").click()
        settle(b)
        mb.setData(mb.index(n + 1, COL_PROBLEM), "佐藤の独自課題")
        settle(b)
        pa.findChild(QPushButton, "addFromLibraryButton").click()
        settle(a)
        rows = stored(a, "proposal")["rows"][n:]
        assert [r["ref"] for r in rows] == [extra.id, None], rows
        assert not asked, asked
        assert [r["ref"] for r in rows] == [extra.id, None] and rows[1]["problem"] == {"ja": "佐藤の独自課題"}
        out = tmp_path / "proposal.md"
        cli(db_path, "export", "proposal", "--project", str(a.state.project_id), "--out", str(out))
        text = out.read_text(encoding="utf-8")
        assert text.count(extra.problem.get("ja").splitlines()[0]) == 1 and text.count("佐藤の独自課題") == 1


def test_held_a_reorder_in_one_window_while_the_other_adds_is_asked_and_the_merge_keeps_both(qtbot, db_path, monkeypatch) -> None:
    from PySide6.QtWidgets import QPushButton

    from app.ui.proposal.problems_model import COL_PROBLEM

    asked = record_conflicts(monkeypatch, "merged")
    with two_windows(qtbot, db_path, monkeypatch, page="proposal") as (a, b):
        pa, pb = a.page("proposal"), b.page("proposal")
        ma, mb = pa.problems.model, pb.problems.model
        before = [r.ref for r in ma.rows()]
        n = len(before)
        b.watcher.timer.stop()
        pa.problems.view.selectRow(0)
        pa.findChild(QPushButton, "moveProblemDownButton").click()  # 山田: 下へ
        settle(a)
        pb.findChild(QPushButton, "addCustomRowButton").click()  # 佐藤, not told
        settle(b)
        mb.setData(mb.index(pb.problems.view.currentIndex().row(), COL_PROBLEM), "佐藤の課題")
        settle(b)
        rows = stored(a, "proposal")["rows"]
        assert asked and all("{" not in theirs for _label, theirs, _mine in asked)
        assert [r["ref"] for r in rows[:n]] == [before[1], before[0], *before[2:]]
        assert len(rows) == n + 1 and rows[n]["problem"] == {"ja": "佐藤の課題"}


def test_held_a_section_typed_cleared_undone_redone_undone_with_a_colleague_typing_between(qtbot, db_path, monkeypatch) -> None:
    from PySide6.QtWidgets import QPlainTextEdit

    asked = record_conflicts(monkeypatch, "theirs")
    with two_windows(qtbot, db_path, monkeypatch, page="proposal") as (a, b):
        pa, pb = a.page("proposal"), b.page("proposal")
        purpose = pa.findChild(QPlainTextEdit, "section_purpose")
        template = purpose.toPlainText()
        purpose.setPlainText("山田の目的")
        settle(a)
        seen(b)
        pb.findChild(QPlainTextEdit, "section_scope").setPlainText("佐藤のスコープ1")
        settle(b)
        seen(a)
        purpose.setPlainText("")  # cleared
        settle(a)
        seen(b)
        pb.findChild(QPlainTextEdit, "section_scope").setPlainText("佐藤のスコープ2")
        settle(b)
        seen(a)
        steps = [(a.undo_action, "山田の目的"), (a.redo_action, ""), (a.undo_action, "山田の目的")]
        for action, expected in steps:
            said = heard(a)
            action.trigger()
            settle(a)
            texts = stored(a, "proposal")["texts"]
            assert not said, said
            assert texts["purpose"]["ja"] == expected and texts["scope"]["ja"] == "佐藤のスコープ2"
            assert purpose.toPlainText() == expected
        a.undo_action.trigger()  # the first typing: the template's text again
        settle(a)
        assert "purpose" not in stored(a, "proposal")["texts"] and purpose.toPlainText() == template
        assert not asked


def test_held_an_environment_field_typed_cleared_undone_redone_with_a_colleague_between(qtbot, db_path, monkeypatch) -> None:
    from PySide6.QtWidgets import QLineEdit

    with two_windows(qtbot, db_path, monkeypatch) as (a, b):
        pa, pb = environment_page(a, qtbot), environment_page(b, qtbot)
        name = pa.findChild(QLineEdit, "field_repo_name")
        type_line(name, "yamada-repo")
        settle(a)
        seen(b)
        type_line(pb.findChild(QLineEdit, "field_mlflow_uri"), "http://sato.internal:5000")
        settle(b)
        seen(a)
        type_line(name, "")  # cleared: back to the hearing's
        settle(a)
        for action, expected in [(a.undo_action, "yamada-repo"), (a.redo_action, None), (a.undo_action, "yamada-repo")]:
            said = heard(a)
            action.trigger()
            settle(a)
            values = stored(a, "environment")["values"]
            assert not said, said
            assert values.get("repo_name") == expected and values["mlflow_uri"] == "http://sato.internal:5000"


def test_held_a_session_typing_kept_by_a_killed_window_while_a_colleague_ran_one_comes_back_and_starts_once(qtbot, db_path, monkeypatch) -> None:
    from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

    from app.hearing import operations as hearing_ops
    from app.ui.hearing.dialogs import SessionDialog
    from tests.test_dialog_drafts import ok

    title = "第3回ヒアリング: データと環境"
    with two_windows(qtbot, db_path, monkeypatch, page="hearing") as (a, b):
        pid, page = a.state.project_id, a.page("hearing")
        if a.state.sessions.current(pid) is not None:
            page.end_session()
            settle(a)
        number = len(a.state.sessions.list(pid)) + 1
        dialog = SessionDialog(number, page, page.session_clash)
        dialog.show()
        dialog.findChild(QLineEdit, "sessionTitle").setText(title)
        dialog.findChild(QPlainTextEdit, "sessionAttendees").setPlainText("山田\n鈴木")
        qtbot.waitUntil(lambda: any(d["item_id"] == "dialog:session" for d in kept_drafts()))
        ops.run(b.state.workspace, hearing_ops.start_session(pid, title="佐藤の臨時ヒアリング", attendees=["佐藤"]))  # 佐藤's window
        crash(a)  # 山田's window killed with the dialog open
        ops.run(b.state.workspace, hearing_ops.end_session(pid))
        again = make_window(qtbot, db_path, global_lang="ja")
        try:
            again.show_page("hearing")
            settle(again)
            shown: list[tuple[str, str]] = []

            def ask(cls, number, parent=None):
                dialog = cls(number, parent, parent.session_clash)
                dialog.show()
                shown.append((dialog.title.text(), dialog.attendees.toPlainText()))
                ok(dialog, "sessionButtons")
                return dialog.values() if dialog.result() == 1 else None

            monkeypatch.setattr(SessionDialog, "ask", classmethod(ask))
            again.page("hearing").start_session()
            settle(again)
            titles = [s.title for s in again.state.sessions.list(pid)]
            assert shown == [(title, "山田\n鈴木")]
            assert titles.count(title) == 1 and titles.count("佐藤の臨時ヒアリング") == 1
            assert not [d for d in kept_drafts() if d["item_id"] == "dialog:session"]
        finally:
            close_window(again)


def _imported_with(db: Path, tmp_path: Path, kind: str, change) -> str:
    """The demo exported to a project file, its document ``kind`` changed by hand (``change``), imported as a new
    project: its id, or the one line the import said when it refused the file."""
    import json
    import uuid

    cli(db, "project", "export", "--out", str(tmp_path / "demo.json"), "1")
    data = json.loads((tmp_path / "demo.json").read_text(encoding="utf-8"))
    data["project"]["uuid"], data["project"]["name"] = str(uuid.uuid4()), "手で直したファイル"
    for document in data["documents"]:
        if document["kind"] == kind:
            document["data"] = change(document["data"])
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(["--db", str(db), "--lang", "ja", "project", "import", str(path)])
        except SystemExit as exit_:
            code = exit_.code
    assert "Traceback" not in err.getvalue()
    return out.getvalue().strip() if code == 0 else f"refused: {err.getvalue().strip()}"


def test_a_person_stored_as_a_plain_value_by_an_imported_file_is_refused_at_import_or_can_be_added(tmp_path, demo_template) -> None:
    from tests.conftest import copy_database

    db = tmp_path / "db.sqlite3"
    copy_database(demo_template, db)
    got = _imported_with(db, tmp_path, "wbs_resources", lambda doc: {**doc, "people": {"田中": "PM"}})
    if got.startswith("refused: "):
        assert "要員" in got and "people" not in got, got
        return
    cli(db, "resources", "add", "--project", got, "--name", "田中", "--role", "PM", "--percent", "50")
    assert "田中" in cli(db, "resources", "list", "--project", got).split("\n")[0]


def test_a_proposal_section_stored_as_a_plain_value_by_an_imported_file_is_refused_at_import_or_read(tmp_path, demo_template) -> None:
    from tests.conftest import copy_database

    db = tmp_path / "db.sqlite3"
    copy_database(demo_template, db)
    got = _imported_with(db, tmp_path, "proposal", lambda doc: {**doc, "texts": {"purpose": "平文の目的"}})
    if got.startswith("refused: "):
        assert "導入提案" in got and "texts" not in got, got
        return
    out = tmp_path / "proposal.md"
    cli(db, "export", "proposal", "--project", got, "--out", str(out))
    assert "平文の目的" in out.read_text(encoding="utf-8")


def test_held_an_agreement_baseline_made_signed_undone_redone_with_a_colleagues_baseline_between(workspace) -> None:
    from app.core.project import AGREEMENT_KIND

    pid = ProjectService(workspace.db).create("案件", lang="ja").id
    made = ops.run(workspace, bl.create_op(pid, "キックオフ合意"))
    signed = ops.run(workspace, bl.sign_op(pid, "キックオフ合意", "山田 太郎", "部長", "顧客株式会社"))
    ops.run(workspace, bl.create_op(pid, "中間報告"))  # 佐藤's window
    index = lambda: DocumentService(workspace.db).get(pid, AGREEMENT_KIND)  # noqa: E731
    first = index()
    for step in (ops.undo_op(signed), ops.undo_op(made), ops.redo_op(made), ops.redo_op(signed)):
        ops.run(workspace, step)
        entries = index()["baselines"]
        assert "中間報告" in entries and entries["中間報告"].get("review") == first["baselines"]["中間報告"].get("review")
        assert all(set(entry) >= {"created", "snapshot", "signoffs"} for entry in entries.values()), entries
    assert index() == first
    assert [s.who for b in bl.baselines(workspace, pid) for s in b.signoffs] == ["山田 太郎"]

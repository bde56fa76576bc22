"""Break-it 53j: drafts kept on disk when two or three windows on one database all crash holding drafts of the SAME
item (d9029a0, 98cc829: "beside:<n>:<item id>", _free_key, _waiting_for, take_next).

Tried (Japanese windows, crashes simulated as tests/test_drafts_on_disk_pages.py does):
- a hearing number item typed differently in two and three windows, plus the same typing twice; all crashed;
  the status bar's count and tooltip; each typing shown in turn as the item is reopened and fixed (conflicts asked);
- the window that took the drafts over crashes while two wait beside the one shown: the next start keeps all three;
- a busy database (write lock held) when two windows' answers are kept waiting: one saved as the item is left,
  the other not retried under its waiting key, taken when the item is opened again and asked about (theirs kept);
- Experiment ▸ repository name refused in two windows (and the same typing twice), a language switch en/ja, ↺ of
  the shown one, the other at the next start; the proposal's purpose refused (100,001 chars) in two windows,
  Discard of the shown one, the other at the next start;
- WBS 見積(人日) refused in two windows: the orphans dialog after the project was deleted, the task deleted by a
  colleague, the status bar's tooltip;
- a drafts file hand-edited to odd keys: beside:x:<item>, beside:-1:<item>, beside:2:, beside:, beside:02:<item>.

Held: the count (duplicates kept once), Japanese tooltips naming the hearing / Experiment item with no "beside:"
or id, every typing back one at a time (the hearing in the same session, other pages at the next start), a crash
of the window holding waiting drafts, a busy database (no retry under the waiting key, no silent overwrite),
the language switch, ↺ / Discard then the next start, beside:02: read as beside:2:.

Broke (strict xfails):
- test_a_hand_edited_odd_beside_key_is_shown_somewhere_or_not_counted[beside:x..|beside:-1..|beside:2:|beside:]:
  counted for ever, shown by no page, never taken, not in the orphans dialog;
- test_orphans_dialog_names_the_task_of_a_wbs_value_waiting_beside: the waiting WBS value is listed without its
  task ("・見積(人日): 88888");
- test_wbs_values_of_a_task_a_colleague_deleted_both_said_at_once: one said, the other counted with no cell to show
  it until the next start;
- test_status_bar_tooltip_names_the_task_of_both_wbs_values: the tooltip says the column twice, never the task.
All four fixed in f53r (app/ui/hearing/drafts.py own_id read leniently, NAMED; app/ui/wbs/refused.py; orphan_drafts.py).
"""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QToolButton

from app.ui import messages
from app.ui.hearing.drafts import drafts_of
from app.ui.window import conflict_dialog
from tests.conftest import answer_conflict
from tests.gui_helpers import close_window, environment_page, make_window, settle, wbs_find
from tests.test_breaker_nothing_lost import hold_write_lock, release, short_busy  # noqa: F401
from tests.test_drafts_on_disk_pages import (
    REFUSED_NAME,
    crash,
    kept_drafts,
    kept_files,
    proposal_page,
    stored_purpose,
    stored_value,
    type_into,
)
from tests.test_hearing_drafts_kept import USERS_DS, type_range
from tests.test_nothing_lost_gui import open_item, stored

JA = dict(global_lang="ja")
BACKGROUND = "hearing.basics.background"


def ja(qtbot, db_path):
    return make_window(qtbot, db_path, **JA)


def counted(window, n: int) -> None:
    return f"{n} 件の下書きが未保存です" in window.save_label.text()


def no_ids(text: str) -> None:
    assert "beside" not in text and "hearing." not in text and "wbs" not in text.lower(), text


@pytest.fixture(autouse=True)
def closing_with_drafts_confirmed(monkeypatch):
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)


def test_two_crashed_windows_hearing_drafts_counted_two(qtbot, db_path) -> None:
    a, b = make_window(qtbot, db_path, global_lang="ja"), make_window(qtbot, db_path, global_lang="ja")
    type_range(a, qtbot, "2〜3")
    type_range(b, qtbot, "5人くらい")
    crash(a)
    crash(b)
    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        qtbot.waitUntil(lambda: "2 件の下書きが未保存です" in window.save_label.text())
        assert drafts_of(window.state).count() == 2
    finally:
        close_window(window)



def test_three_windows_two_typings_and_a_duplicate_counted_twice_named_in_japanese(qtbot, db_path) -> None:
    ws = [ja(qtbot, db_path) for _ in range(3)]
    for w, t in zip(ws, ("2〜3", "5人くらい", "2〜3"), strict=True):
        type_range(w, qtbot, t)
    for w in ws:
        crash(w)
    window = ja(qtbot, db_path)
    try:
        qtbot.waitUntil(lambda: counted(window, 2))
        tip = window.save_label.toolTip()
        no_ids(tip)
        assert tip.count("利用者数") == 2 and "5人くらい" in tip and "2〜3" in tip
        assert sorted(d["fields"]["value"] for d in kept_drafts()) == ["2〜3", "5人くらい"]
    finally:
        close_window(window)


def test_the_window_that_took_both_over_crashes_the_next_start_keeps_both_again(qtbot, db_path, monkeypatch) -> None:
    monkeypatch.setattr(conflict_dialog, "ask_conflict", answer_conflict("mine"))
    a, b, c = ja(qtbot, db_path), ja(qtbot, db_path), ja(qtbot, db_path)
    for w, t in ((a, "2〜3"), (b, "5人くらい"), (c, "十数人")):
        type_range(w, qtbot, t)
    for w in (a, b, c):
        crash(w)
    n = ja(qtbot, db_path)
    qtbot.waitUntil(lambda: counted(n, 3))
    first = open_item(n, qtbot, USERS_DS).editors["value"].edit.text()  # one shown, two waiting beside
    open_item(n, qtbot, BACKGROUND)
    crash(n)
    m = ja(qtbot, db_path)
    try:
        qtbot.waitUntil(lambda: counted(m, 3))
        seen = [first]
        editor = open_item(m, qtbot, USERS_DS)
        assert editor.editors["value"].edit.text() == first  # the one shown before is still the first
        for fixed in ("3", "4", "5"):
            editor = open_item(m, qtbot, USERS_DS)
            if fixed != "3":
                seen.append(editor.editors["value"].edit.text())
            editor.editors["value"].edit.setText(fixed)
            editor._edited("value", fixed)
            editor.flush()
            open_item(m, qtbot, BACKGROUND)
        assert sorted(seen) == sorted(["2〜3", "5人くらい", "十数人"])
        assert drafts_of(m.state).count() == 0
    finally:
        close_window(m)


def hand_edited(qtbot, db_path, *item_ids: str) -> None:
    """A drafts file of a window gone holding the draft typed for USERS_DS, edited to these item ids (one entry each)."""
    first = ja(qtbot, db_path)
    type_range(first, qtbot, "5人くらい")
    crash(first)
    [path] = kept_files()
    document = json.loads(path.read_text(encoding="utf-8"))
    entry = document["drafts"][0]
    document["drafts"] = [dict(entry, item_id=i) for i in item_ids]
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")


@pytest.mark.parametrize("odd", [
    "beside:x:hearing.prereq.users_ds",
    "beside:-1:hearing.prereq.users_ds",
    "beside:2:",
    "beside:",
    "beside:02:hearing.prereq.users_ds",
])
def test_a_hand_edited_odd_beside_key_is_shown_somewhere_or_not_counted(qtbot, db_path, odd) -> None:
    hand_edited(qtbot, db_path, odd)
    window = ja(qtbot, db_path)
    try:
        settle(window)
        if drafts_of(window.state).count():  # counted: the user can find it (the item shows it)
            editor = open_item(window, qtbot, USERS_DS)
            assert editor.editors["value"].edit.text() == "5人くらい", f"counted as {window.save_label.text()!r}, shown nowhere"
        else:  # not counted: kept on disk as it was (nothing typed dropped), and said where, naming no internal key
            assert [(d["item_id"], d["fields"]["value"]) for d in kept_drafts()] == [(odd, "5人くらい")]
            said = window.save_label.text()
            assert "1 件はどの項目のものか分かりません" in said and str(drafts_of(window.state)._file) in said, said
            rest = said.replace(str(drafts_of(window.state)._file), "")  # (the test's own folder is named after it)
            assert "beside" not in rest and odd not in rest, said
    finally:
        close_window(window)



def test_orphans_dialog_names_the_task_of_a_wbs_value_waiting_beside(qtbot, db_path, monkeypatch) -> None:
    from PySide6.QtWidgets import QDialog, QLabel

    from app.core.projects import ProjectService
    from tests.test_wbs_refused_drafts import TASK, typed, wbs

    monkeypatch.setattr(messages, "show_error", lambda *a, **k: None)
    two = [ja(qtbot, db_path), ja(qtbot, db_path)]
    for w, text in zip(two, ("99999", "88888"), strict=True):
        task = wbs_find(wbs(w), TASK)
        typed(qtbot, w, task, "estimate_days", text)
    for w in two:
        crash(w)
    n = ja(qtbot, db_path)
    qtbot.waitUntil(lambda: counted(n, 2))
    assert sorted(d["item_id"].startswith("beside:2:") for d in kept_drafts()) == [False, True]
    pid = n.state.project_id
    crash(n)
    from tests.test_drafts_on_disk_pages import other_workspace
    window = ja(qtbot, db_path)
    ws = other_workspace(window)
    ProjectService(ws.db).delete(pid)
    ws.close()
    close_window(window)
    window = ja(qtbot, db_path)
    try:
        qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(QDialog, "orphanDraftsDialog")), timeout=3000)
        said = next(d for d in window.findChildren(QDialog, "orphanDraftsDialog") if d.isVisible()).findChild(QLabel, "orphanDraftsText").text()
        no_ids(said)
        lines = [line for line in said.splitlines() if "99999" in line or "88888" in line]
        assert len(lines) == 2 and all(TASK in line for line in lines), said
    finally:
        close_window(window)


def test_experiment_field_typed_in_two_windows_one_shown_reset_the_other_at_the_next_start_over_a_switch(qtbot, db_path) -> None:
    two = [ja(qtbot, db_path), ja(qtbot, db_path)]
    typing = ["類似画像 検索", "画像 検索 v2"]
    for w, text in zip(two, typing, strict=True):
        type_into(environment_page(w, qtbot).findChild(QLineEdit, "field_repo_name"), text)
    for w in two:
        crash(w)
    window = ja(qtbot, db_path)
    qtbot.waitUntil(lambda: counted(window, 2))
    no_ids(window.save_label.toolTip())
    window.set_ui_lang("en")
    settle(window)
    window.set_ui_lang("ja")
    settle(window)
    qtbot.waitUntil(lambda: counted(window, 2))
    tip = window.save_label.toolTip()
    no_ids(tip)
    assert tip.count("リポジトリ名") == 2, tip
    page = environment_page(window, qtbot)
    name = page.findChild(QLineEdit, "field_repo_name")
    first = name.text()
    assert first in typing
    qtbot.mouseClick(page.findChild(QToolButton, "reset_repo_name"), Qt.MouseButton.LeftButton)
    settle(window)
    qtbot.waitUntil(page.settled)
    assert name.text() not in typing and stored_value(window, "repo_name") not in typing  # (↺: the hearing's value, README)
    qtbot.waitUntil(lambda: counted(window, 1))
    assert [d["fields"]["value"] for d in kept_drafts()] == [next(t for t in typing if t != first)]
    close_window(window)
    window = ja(qtbot, db_path)
    try:
        qtbot.waitUntil(lambda: counted(window, 1))
        name = environment_page(window, qtbot).findChild(QLineEdit, "field_repo_name")
        assert name.text() == next(t for t in typing if t != first) and name.styleSheet()
    finally:
        close_window(window)


def test_the_same_experiment_typing_in_two_windows_comes_back_once(qtbot, db_path) -> None:
    two = [ja(qtbot, db_path), ja(qtbot, db_path)]
    for w in two:
        type_into(environment_page(w, qtbot).findChild(QLineEdit, "field_repo_name"), REFUSED_NAME)
    for w in two:
        crash(w)
    window = ja(qtbot, db_path)
    try:
        qtbot.waitUntil(lambda: counted(window, 1))
        assert [d["fields"]["value"] for d in kept_drafts()] == [REFUSED_NAME]
    finally:
        close_window(window)


def busy_typed(window, qtbot, text: str) -> None:
    editor = open_item(window, qtbot, USERS_DS)
    editor.editors["value"].edit.setText(text)
    editor._edited("value", text)
    assert not editor.flush()  # busy: kept waiting


def test_two_windows_answers_a_busy_database_kept_one_saved_the_other_asked_never_over_it(qtbot, db_path, short_busy, monkeypatch) -> None:  # noqa: F811
    asked = []

    def answer(dialog) -> int:
        asked.append([(c.theirs, c.mine) for c in dialog.clashes])
        return answer_conflict("theirs")(dialog)

    monkeypatch.setattr(conflict_dialog, "ask_conflict", answer)
    monkeypatch.setattr(messages, "show_error", lambda *a, **k: None)
    a, b = ja(qtbot, db_path), ja(qtbot, db_path)
    for w in (a, b):
        open_item(w, qtbot, USERS_DS)
    lock = hold_write_lock(db_path)
    try:
        busy_typed(a, qtbot, "30")
        busy_typed(b, qtbot, "50")
        assert len(kept_drafts()) == 2, kept_drafts()
        crash(a)
        crash(b)
    finally:
        release(lock)
    window = ja(qtbot, db_path)
    try:
        open_item(window, qtbot, USERS_DS)  # the user looks at it, then goes on (it is saved as it leaves)
        open_item(window, qtbot, BACKGROUND)
        assert stored(window, USERS_DS).value in (30, 50)
        first = stored(window, USERS_DS).value
        open_item(window, qtbot, BACKGROUND)
        settle(window)
        qtbot.waitUntil(lambda: counted(window, 1))
        assert stored(window, USERS_DS).value == first  # the one waiting beside is not retried
        editor = open_item(window, qtbot, USERS_DS)  # it is this item's now: saved, based on what it was typed over
        second = editor.editors["value"].edit.text()
        assert second == next(t for t in ("30", "50") if int(t) != first)
        open_item(window, qtbot, BACKGROUND)
        settle(window)
        assert len(asked) == 1, (asked, stored(window, USERS_DS).value)
        assert stored(window, USERS_DS).value == first  # theirs kept
    finally:
        close_window(window)


def test_proposal_refused_in_two_windows_discard_the_shown_one_the_other_at_the_next_start(qtbot, db_path, monkeypatch) -> None:
    from PySide6.QtWidgets import QPushButton

    monkeypatch.setattr(messages, "show_error", lambda *a, **k: None)
    two = [ja(qtbot, db_path), ja(qtbot, db_path)]
    typing = ["あ" * 100_001, "い" * 100_001]
    for w, text in zip(two, typing, strict=True):
        proposal_page(w, qtbot)
        edit = w.findChild(QPlainTextEdit, "section_purpose")
        edit.setFocus()
        edit.setPlainText(text)
    before = stored_purpose(two[0])
    for w in two:
        crash(w)
    window = ja(qtbot, db_path)
    qtbot.waitUntil(lambda: counted(window, 2))
    no_ids(window.save_label.toolTip())
    proposal_page(window, qtbot)
    edit = window.findChild(QPlainTextEdit, "section_purpose")
    first = edit.toPlainText()
    assert first in typing
    qtbot.mouseClick(window.findChild(QPushButton, "proposalDiscardDraft"), Qt.MouseButton.LeftButton)
    assert stored_purpose(window) == before and edit.toPlainText() not in typing
    qtbot.waitUntil(lambda: counted(window, 1))
    close_window(window)
    window = ja(qtbot, db_path)
    try:
        qtbot.waitUntil(lambda: counted(window, 1))
        proposal_page(window, qtbot)
        assert window.findChild(QPlainTextEdit, "section_purpose").toPlainText() == next(t for t in typing if t != first)
        assert stored_purpose(window) == before
    finally:
        close_window(window)


def test_wbs_values_of_a_task_a_colleague_deleted_both_said_at_once(qtbot, db_path, monkeypatch) -> None:
    from tests.test_drafts_on_disk_pages import other_workspace
    from tests.test_wbs_refused_drafts import TASK, typed, wbs

    said = []
    monkeypatch.setattr(messages, "show_error", lambda _p, error, *a, **k: said.append(str(error)))
    two = [ja(qtbot, db_path), ja(qtbot, db_path)]
    for w, text in zip(two, ("99999", "88888"), strict=True):
        task = wbs_find(wbs(w), TASK)
        typed(qtbot, w, task, "estimate_days", text)
    pid = two[0].state.project_id
    ws = other_workspace(two[0])
    for w in two:
        crash(w)
    from app.wbs.service import WbsService

    WbsService(ws.db).delete(pid, [task])
    ws.close()
    said.clear()
    window = ja(qtbot, db_path)
    try:
        wbs(window)
        settle(window)
        text = "\n".join(said)
        tip = window.save_label.toolTip()
        if "88888" not in text:  # the other typing is kept: said at the next start (nothing lost)
            close_window(window)
            window = ja(qtbot, db_path)
            wbs(window)
            settle(window)
            assert "88888" in "\n".join(said) and drafts_of(window.state).count() == 0
        assert "99999" in text and "88888" in text, (text, window.save_label.text(), tip)
    finally:
        close_window(window)



def test_status_bar_tooltip_names_the_task_of_both_wbs_values(qtbot, db_path, monkeypatch) -> None:
    from tests.test_wbs_refused_drafts import TASK, typed, wbs

    monkeypatch.setattr(messages, "show_error", lambda *a, **k: None)
    two = [ja(qtbot, db_path), ja(qtbot, db_path)]
    for w, text in zip(two, ("99999", "88888"), strict=True):
        typed(qtbot, w, wbs_find(wbs(w), TASK), "estimate_days", text)
    for w in two:
        crash(w)
    window = ja(qtbot, db_path)
    try:
        qtbot.waitUntil(lambda: counted(window, 2))
        tip = window.save_label.toolTip()
        no_ids(tip)
        assert tip.count(TASK) == 2, tip
    finally:
        close_window(window)

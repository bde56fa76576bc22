"""Break-it 56b: the last hour's changes — person-day boxes (3 decimals, kept values: 341db65, 5973741, e3b3271),
indentation in Markdown documents as no-break spaces (304321c), edits waiting for a busy database kept in order
(f61b5d9), the date box typed key by key and the Baselines dialog's language switch (0020a78). Real widgets by
objectName (pytest-qt), real files, MkDocs itself. Scratch /tmp/brk56b/.

Broke (strict xfails), most important first:
- a date box holding a day the month lacks (3 then 0 typed in February's day, or 2027/02/30 pasted), then Enter:
  Qt makes it 2027/02/28, not refused, nothing said; the new-session dialog takes it, a follow-up's due date is
  SAVED as 02/28, the holidays tab adds 02/28 on Add (Tab then Add refuses it, as 0020a78 meant).
- English UI on an English system locale with a comma decimal point (en_DK, en_ZA): 0.125 typed in the WBS estimate
  box, as the cell shows it, is stored as 125 person-days, nothing said.
- WBS estimate box: a stored 0.0625 erased (select all, Backspace) and closed with Enter is stored 0.063; an empty
  estimate erased the same way is stored 0; a digit typed and taken back with Ctrl+Z in the box, Enter: 0.063.
- a review text typed once the lock went, before the WBS retry fired, is saved ahead of the WBS title waiting
  (review edits go through run_op, which never calls WaitingEdits.first): Undo right after takes back the title.
- the earned-value report writes an actual effort of 0.125 as AC 0.12 (and EV 0.12): f"{x:.2f}".

Held: full-width IME commit 「０．１２５」 in the estimate cell, Undo; a too-big estimate refused, said, kept in its cell
and refused again; arrows up and back keep 0.0625 whole with no undo step; an Excel WBS round trip of 0.125 / 0.0625
and of values edited in the sheet; the proposal's total of hours typed and Undo x4; a proposal effort of 0.0625
opened and closed; a progress actual past the core's limit refused and kept; Markdown-looking indented lines (4
spaces then -, 1., #, >, |, ```), a tab, full-width spaces, CRLF in the MkDocs site built --strict (no code block,
no list, no heading, every line in one paragraph); a line of spaces between; an environment field typed after the
lock went (it waits in turn); title / answer / title kept waiting, the window killed, the next stores them in
order; hand-edited and nonsense turns in the drafts file; days typed key by key (Feb 28/29/30/31, leap year, April,
full-width digits, 00) in both date formats with Tab; the Baselines dialog switched to English and back keeps the
sign-off date and the other fields.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate, QEvent, Qt
from PySide6.QtGui import QInputMethodEvent, QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from app.ui.wbs.columns import INDEX
from app.ui.widgets.number_box import NumberBox
from tests.gui_helpers import close_window, make_window, settle
from tests.test_breaker_nothing_lost import short_busy  # noqa: F401 - a fixture

OFFSCREEN_POPUP = r"This plugin does not support (raise\(\)|grabbing the keyboard)"


def type_keys(editor: QWidget, text: str) -> None:
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(editor, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))


def commit(editor: QWidget, text: str) -> None:
    """In one go, as an input method commits it."""
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(editor, event)


@pytest.fixture
def window(qtbot, db_path, monkeypatch):
    from app.ui import messages

    shown: list[str] = []
    monkeypatch.setattr(messages, "show_error", lambda _parent, error, *a, **k: shown.append(str(error)))
    win = make_window(qtbot, db_path, global_lang="ja")
    win.said = shown
    yield win
    close_window(win)


def open_estimate(page, qtbot, task_id: int) -> NumberBox:
    index = page.proxy.mapFromSource(page.model.index_of(task_id, INDEX["estimate_days"]))
    page.tree.setFocus()
    page.tree.setCurrentIndex(index)
    qtbot.keyClick(page.tree, Qt.Key.Key_F2)
    return next(w for w in page.tree.findChildren(NumberBox) if w.objectName() == "wbsEditor_estimate" and w.isVisible())


def wbs_leaf(window):
    window.show_page("wbs")
    settle(window)
    page = window.page("wbs")
    tree = page.model.tree
    task = next(t for t in tree.walk() if not tree.has_children(t.id) and not t.milestone)
    return page, task


def stored_estimate(page, task_id: int):
    return page.service.tree(page.state.project_id).tasks[task_id].estimate_days


# ---------------------------------------------------------------- 1. person-day boxes


@pytest.mark.qt_log_ignore(OFFSCREEN_POPUP)
@pytest.mark.parametrize("stored", [
    0.0625,
    None,
    3.0,
])
def test_an_estimate_box_erased_and_closed_never_stores_a_number_nobody_typed(window, qtbot, stored) -> None:
    """Select all, Backspace, Enter: the estimate is cleared or left as it was; never the box's rounding (0.063)
    nor the 0 an empty box shows (a 3 erased stays 3, no undo step)."""
    page, task = wbs_leaf(window)
    page.commit(page.service.update(page.state.project_id, [task.id], estimate_days=stored), "edit")
    settle(window)
    editor = open_estimate(page, qtbot, task.id)
    editor.lineEdit().selectAll()
    qtbot.keyClick(editor.lineEdit(), Qt.Key.Key_Backspace)
    assert editor.text() == ""
    qtbot.keyClick(editor.lineEdit(), Qt.Key.Key_Return)
    settle(window)
    assert stored_estimate(page, task.id) in (stored, None), window.said


@pytest.mark.qt_log_ignore(OFFSCREEN_POPUP)
def test_typing_taken_back_with_ctrl_z_in_the_estimate_box_leaves_the_stored_half_hour_whole(window, qtbot) -> None:
    page, task = wbs_leaf(window)
    page.commit(page.service.update(page.state.project_id, [task.id], estimate_days=0.0625), "edit")
    settle(window)
    steps = window.state.undo_stack.count()
    editor = open_estimate(page, qtbot, task.id)
    editor.lineEdit().selectAll()
    type_keys(editor.lineEdit(), "1")
    qtbot.keyClick(editor.lineEdit(), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert editor.text() == "0.063"  # back as it opened
    qtbot.keyClick(editor.lineEdit(), Qt.Key.Key_Return)
    settle(window)
    assert stored_estimate(page, task.id) == 0.0625 and window.state.undo_stack.count() == steps, window.said


@pytest.mark.qt_log_ignore(OFFSCREEN_POPUP)
def test_an_estimate_refused_as_too_big_is_kept_in_its_cell_and_refused_again(window, qtbot) -> None:
    page, task = wbs_leaf(window)
    before = stored_estimate(page, task.id)
    editor = open_estimate(page, qtbot, task.id)
    editor.lineEdit().selectAll()
    type_keys(editor.lineEdit(), "123456.125")
    qtbot.keyClick(editor.lineEdit(), Qt.Key.Key_Return)
    settle(window)
    assert stored_estimate(page, task.id) == before and len(window.said) == 1 and "123456.125" in window.said[0]
    assert page.model.data(page.model.index_of(task.id, INDEX["estimate_days"])) == "123456.125"  # kept as typed
    editor = open_estimate(page, qtbot, task.id)
    assert editor.text() == "123456.125"
    qtbot.keyClick(editor.lineEdit(), Qt.Key.Key_Return)
    settle(window)
    assert stored_estimate(page, task.id) == before  # still refused, still kept as typed
    assert page.model.data(page.model.index_of(task.id, INDEX["estimate_days"])) == "123456.125"


@pytest.mark.qt_log_ignore(OFFSCREEN_POPUP)
def test_a_stored_half_hour_turned_up_and_back_by_the_arrows_stays_whole_and_makes_no_undo_step(window, qtbot) -> None:
    page, task = wbs_leaf(window)
    page.commit(page.service.update(page.state.project_id, [task.id], estimate_days=0.0625), "edit")
    settle(window)
    steps = window.state.undo_stack.count()
    editor = open_estimate(page, qtbot, task.id)
    qtbot.keyClick(editor.lineEdit(), Qt.Key.Key_Up)
    qtbot.keyClick(editor.lineEdit(), Qt.Key.Key_Down)
    qtbot.keyClick(editor.lineEdit(), Qt.Key.Key_Return)
    settle(window)
    assert stored_estimate(page, task.id) == 0.0625 and window.state.undo_stack.count() == steps
    editor = open_estimate(page, qtbot, task.id)
    qtbot.keyClick(editor.lineEdit(), Qt.Key.Key_Up)
    qtbot.keyClick(editor.lineEdit(), Qt.Key.Key_Return)
    settle(window)
    assert stored_estimate(page, task.id) == 0.563  # the arrow turns what the box shows
    window.state.undo_stack.undo()
    settle(window)
    assert stored_estimate(page, task.id) == 0.0625


@pytest.mark.qt_log_ignore(OFFSCREEN_POPUP)
def test_a_full_width_estimate_committed_by_the_ime_is_stored_as_typed_and_undone(window, qtbot) -> None:
    page, task = wbs_leaf(window)
    before = stored_estimate(page, task.id)
    editor = open_estimate(page, qtbot, task.id)
    editor.lineEdit().selectAll()
    commit(editor.lineEdit(), "０．１２５")
    qtbot.keyClick(editor.lineEdit(), Qt.Key.Key_Return)
    settle(window)
    assert stored_estimate(page, task.id) == 0.125, window.said
    assert page.model.data(page.model.index_of(task.id, INDEX["estimate_days"])) == "0.125"
    window.state.undo_stack.undo()
    settle(window)
    assert stored_estimate(page, task.id) == before


def test_an_excel_wbs_round_trip_keeps_an_hour_and_half_an_hour_and_takes_an_edited_one(workspace, tmp_path) -> None:
    import openpyxl

    from app.core.projects import ProjectService
    from app.wbs.files.sheet_import import apply_plan, read_plan
    from app.wbs.files.xlsx import export_wbs_xlsx
    from app.wbs.service import WbsService

    project = ProjectService(workspace.db).create("一時間", lang="ja")
    wbs = WbsService(workspace.db)
    wbs.add_task(project.id, title="確認", estimate_days=0.125)
    wbs.add_task(project.id, title="連絡", estimate_days=0.0625)
    ids = {t.title: t.id for t in wbs.tree(project.id).walk()}
    out = export_wbs_xlsx(workspace, project.id, tmp_path / "wbs.xlsx", "ja")
    plan = read_plan(workspace, project.id, out)
    apply_plan(workspace, plan)
    tasks = wbs.tree(project.id).tasks
    assert (tasks[ids["確認"]].estimate_days, tasks[ids["連絡"]].estimate_days) == (0.125, 0.0625)
    book = openpyxl.load_workbook(out)  # the customer types another hour and a quarter of an hour
    sheet = book.worksheets[0]
    found = 0
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value == 0.125:
                cell.value = 1.125
                found += 1
            elif cell.value == 0.0625:
                cell.value = 0.03125
                found += 1
    assert found == 2
    book.save(out)
    apply_plan(workspace, read_plan(workspace, project.id, out))
    tasks = wbs.tree(project.id).tasks
    assert (tasks[ids["確認"]].estimate_days, tasks[ids["連絡"]].estimate_days) == (1.125, 0.03125)


# ---------------------------------------------------------------- 2. indentation in Markdown documents

MARKDOWN_LOOKING = (
    "背景:\r\n"
    "    - 四つ下げのダッシュ\r\n"
    "    1. 四つ下げの番号\r\n"
    "    # 四つ下げのハッシュ\r\n"
    "    > 四つ下げの引用\r\n"
    "    | a | b |\r\n"
    "    |---|---|\r\n"
    "    ```\r\n"
    "    print(1)\r\n"
    "    ```\r\n"
    "\tタブ一つ\r\n"
    "\u3000\u3000全角二つ"
)


def site_text(html_text: str) -> str:
    import html as htmllib
    import re

    text = htmllib.unescape(re.sub(r"<(?!br)[^>]+>", "", re.sub(r"<br\s*/?>\n?", "<br>\n", html_text)))
    return text.replace("<br>", "").replace("\xa0", " ")


def test_markdown_looking_indented_lines_are_text_with_their_indentation_in_the_built_mkdocs_site(workspace, demo, tmp_path) -> None:
    import re
    import subprocess
    import sys

    pytest.importorskip("mkdocs")
    from app.core import operations as ops
    from app.environment.wiki_export import export_wiki
    from app.hearing import operations as hearing_ops

    ops.run(workspace, hearing_ops.update_answer(demo.id, "hearing.basics.background", value=MARKDOWN_LOOKING))
    out = export_wiki(workspace, demo.id, tmp_path / "wiki", "ja", "mkdocs")
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", "site"], cwd=out,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "WARNING" not in done.stderr, done.stderr
    page = next(p for p in (out / "site").rglob("*.html") if "四つ下げのダッシュ" in p.read_text(encoding="utf-8"))
    html_text = page.read_text(encoding="utf-8")
    start = html_text.rindex("<p>", 0, html_text.index("四つ下げのダッシュ"))
    para = html_text[start: html_text.index("</p>", start)]
    assert "全角二つ" in para and "背景:" in para, para  # one paragraph, every line in it
    assert not re.search(r"<(pre|code|h\d|blockquote|table|ol|ul|li)\b", para), para
    expected = MARKDOWN_LOOKING.replace("\r\n", "\n").replace("\t", "    ")
    assert expected in site_text(html_text)


@pytest.mark.parametrize("helper", ["proposal", "block", "wiki"])
def test_an_indented_line_of_only_spaces_between_two_lines_changes_no_other_line(helper) -> None:
    from markdown_it import MarkdownIt

    from app.core.files import markdown_safe, markdown_text
    from app.environment import wiki_markdown

    write = {"proposal": markdown_safe.text_block, "block": markdown_text.block, "wiki": wiki_markdown.paragraph}[helper]
    typed = "一行目\n      \n  三行目\n\t\u3000混在"
    html_text = MarkdownIt("commonmark").render(str(write(typed)))
    shown = site_text(html_text)
    assert "一行目" in shown and "  三行目" in shown and "    \u3000混在" in shown and "<pre" not in html_text


# ---------------------------------------------------------------- 3. edits kept waiting, in the order typed


def test_an_environment_field_typed_after_the_lock_went_before_the_wbs_retry_is_taken_back_first(qtbot, db_path, said, short_busy) -> None:  # noqa: F811
    """A WBS title waits (busy); the lock goes; before the WBS page's retry fires the user types the repository name
    on the Experiment page: the title typed first is stored first, so Undo right after takes back the field."""
    from PySide6.QtWidgets import QLineEdit

    from tests.gui_helpers import environment_page
    from tests.test_breaker53k import leaves, stored_title, undo, wbs, wbs_title
    from tests.test_breaker_nothing_lost import hold_write_lock, release
    from tests.test_drafts_on_disk_pages import stored_value, type_into

    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        page = environment_page(window, qtbot)
        settle(window)
        wbs(window)
        t1 = leaves(window)[0]
        before_field = stored_value(window, "repo_name")
        lock = hold_write_lock(db_path)
        try:
            wbs_title(window, qtbot, t1, "先に直した件名")
        finally:
            release(lock)
        page = environment_page(window, qtbot)
        field = page.findChild(QLineEdit, "field_repo_name")
        type_into(field, "later-repo")
        field.editingFinished.emit()
        qtbot.waitUntil(lambda: stored_title(window, t1) == "先に直した件名" and stored_value(window, "repo_name") == "later-repo", timeout=15000)
        settle(window)
        undo(window)
        assert (stored_title(window, t1), stored_value(window, "repo_name")) == ("先に直した件名", before_field), said
    finally:
        close_window(window)


def review_text(window, checklist_id: str, item_id: str, page) -> str:
    from app.review import review_view

    row = review_view(window.state.workspace, window.state.project_id).checklist(checklist_id).items[item_id]
    return row.answer.text(page.model.view.checklist.scoring) if row.answer is not None else ""


def test_a_review_text_typed_after_the_lock_went_before_the_wbs_retry_is_taken_back_first(qtbot, db_path, said, short_busy) -> None:  # noqa: F811
    """A WBS title waits (busy); the lock goes; before the WBS page's retry fires the user types a review item's
    evidence: the title typed first is stored first, so Undo right after takes back the review text typed last."""
    from tests.test_breaker53k import leaves, stored_title, undo, wbs, wbs_title
    from tests.test_breaker_nothing_lost import hold_write_lock, release
    from tests.test_drafts_on_disk_pages import review_page

    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        page = review_page(window, qtbot)
        checklist_id, item_id = page.checklist_id, page.model.rows[0].item.id
        before_text = review_text(window, checklist_id, item_id, page)
        wbs(window)
        window.page("wbs")._retry.setInterval(6000)  # (the user is quicker than the retry: no race with the test's pace)
        t1 = leaves(window)[0]
        lock = hold_write_lock(db_path)
        try:
            wbs_title(window, qtbot, t1, "先に直した件名")
        finally:
            release(lock)
        page = review_page(window, qtbot)
        page.choose(checklist_id)
        cell = page.model.index(page.model.row_of(item_id), page.model.column_of("text"))
        page.model.setData(cell, "後で書いた根拠")  # as the cell's editor does on Enter
        qtbot.waitUntil(lambda: stored_title(window, t1) == "先に直した件名"
                        and review_text(window, checklist_id, item_id, page) == "後で書いた根拠", timeout=15000)
        settle(window)
        undo(window)
        assert (stored_title(window, t1), review_text(window, checklist_id, item_id, page)) == ("先に直した件名", before_text), said
    finally:
        close_window(window)


def test_the_window_killed_while_edits_wait_the_next_stores_them_in_the_order_typed(qtbot, db_path, said, short_busy) -> None:  # noqa: F811
    """Title 1, an answer, title 2 kept waiting (busy); the process killed (no closing); the lock goes; the next
    window stores the three, in the order typed (Undo right after takes back title 2)."""
    from tests.test_breaker53k import answer, drafts, hearing_answer, leaves, stored_title, wbs, wbs_title
    from tests.test_breaker54f import texts
    from tests.test_breaker_nothing_lost import hold_write_lock, release
    from tests.test_drafts_on_disk_pages import crash, kept_drafts

    window = make_window(qtbot, db_path, global_lang="ja")
    wbs(window)
    t1, t2 = leaves(window)[:2]
    before2 = stored_title(window, t2)
    lock = hold_write_lock(db_path)
    try:
        wbs_title(window, qtbot, t1, "殺の一")
        hearing_answer(window, qtbot, "殺の二")
        wbs_title(window, qtbot, t2, "殺の三")
        assert all(d.get("turns") for d in kept_drafts()), kept_drafts()  # the order typed is on disk
        crash(window)
    finally:
        release(lock)
    again = make_window(qtbot, db_path, global_lang="ja")
    try:
        c0 = again.state.undo_stack.count()
        for page_id in ("wbs", "hearing"):
            again.show_page(page_id)
            settle(again)
        qtbot.waitUntil(lambda: drafts(again) == 0 and stored_title(again, t2) == "殺の三" and answer(again) == "殺の二"
                        and stored_title(again, t1) == "殺の一", timeout=15000)
        qtbot.wait(300)
        settle(again)
        steps = texts(again, c0)
        assert len(steps) == 3 and steps[1].startswith("「背景"), f"stored in this order: {steps}"
        again.undo_action.trigger()
        settle(again)
        assert (stored_title(again, t1), answer(again), stored_title(again, t2)) == ("殺の一", "殺の二", before2)
    finally:
        close_window(again)


# ---------------------------------------------------------------- 4. the date box typed key by key


@pytest.mark.parametrize("how", [
    "keys", "paste",
])
def test_enter_in_a_date_box_holding_a_day_february_lacks_refuses_it_and_keeps_the_text(japanese_window, qtbot, how) -> None:
    """New hearing session: the day of 2027/02/05 typed over as 3 then 0 (or 2027/02/30 pasted), then Enter: the
    box says 2027/02/30 is no date and the dialog stays open with it (as Tab then OK does), never the 28th."""
    from PySide6.QtWidgets import QDialog

    from app.ui import messages
    from app.ui.hearing.dialogs import SessionDialog

    said: list[str] = []
    qtbot_patch = pytest.MonkeyPatch()
    qtbot_patch.setattr(messages, "show_error", lambda _parent, error, *a, **k: said.append(str(error)))
    try:
        dialog = SessionDialog(2)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.title.setText("第2回")
        box = dialog.date
        box.setDate(QDate(2027, 2, 5))
        assert box.text() == "2027/02/05"
        box.setFocus()
        if how == "keys":
            box.lineEdit().setSelection(8, 2)
            type_keys(box.lineEdit(), "30")
        else:
            box.lineEdit().selectAll()
            commit(box.lineEdit(), "2027/02/30")
        assert box.text() == "2027/02/30"
        qtbot.keyClick(box.lineEdit(), Qt.Key.Key_Return)
        assert dialog.result() != QDialog.DialogCode.Accepted, box.date().toString("yyyy/MM/dd")
        assert box.text() == "2027/02/30" and box.is_refused()
    finally:
        qtbot_patch.undo()


@pytest.mark.parametrize("fmt", ["yyyy/MM/dd", "yyyy-MM-dd"])
@pytest.mark.parametrize(("start", "keys", "taken"), [
    ((2027, 2, 5), "30", None), ((2027, 2, 5), "31", None), ((2027, 2, 5), "29", None), ((2028, 2, 5), "29", (2028, 2, 29)),
    ((2028, 2, 5), "30", None), ((2027, 4, 5), "31", None), ((2027, 4, 5), "30", (2027, 4, 30)), ((2027, 2, 5), "3", (2027, 2, 3)),
    ((2027, 2, 5), "３０", None), ((2027, 2, 5), "１", (2027, 2, 1)), ((2027, 2, 5), "00", None), ((2027, 1, 31), "3", (2027, 1, 3)),
])  # fmt: skip
def test_a_day_typed_key_by_key_then_tab_is_the_day_or_refused_in_either_format(qtbot, fmt, start, keys, taken) -> None:
    from app.ui.translations import plan_date_range
    from app.ui.widgets.date_box import DateBox
    from tests.test_fix54e_date_boxes import leave

    box = DateBox()
    qtbot.addWidget(box)
    box.setDisplayFormat(fmt)
    plan_date_range(box)
    box.show()
    box.setDate(QDate(*start))
    box.setFocus()
    box.lineEdit().setSelection(8, 2)
    type_keys(box.lineEdit(), keys)
    leave(box)
    if taken is None:
        assert box.is_refused() and box.date() == QDate(*start) and box.text().endswith(keys.translate(str.maketrans("０１２３", "0123")))
    else:
        assert not box.is_refused() and box.date() == QDate(*taken)


def test_enter_in_a_follow_up_due_date_holding_a_day_february_lacks_saves_no_other_day(qtbot, db_path, said) -> None:
    from PySide6.QtWidgets import QAbstractButton, QCheckBox, QDateEdit

    from tests.gui_helpers import open_hearing_item

    item = "hearing.basics.accuracy_human"
    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        open_hearing_item(window, qtbot, item)
        page = window.page("hearing")
        page.findChild(QAbstractButton, "status_follow_up").click()
        settle(window)
        page.findChild(QCheckBox, "followupHasDue").setChecked(True)
        box = page.findChild(QDateEdit, "followupDue")
        box.setDate(QDate(2027, 2, 5))
        settle(window)
        box.setFocus()
        box.lineEdit().setSelection(8, 2)
        type_keys(box.lineEdit(), "30")
        assert box.text() == "2027/02/30"
        qtbot.keyClick(box.lineEdit(), Qt.Key.Key_Return)
        window.show_page("wbs")
        settle(window)
        answer = window.state.answers.answer(window.state.project_id, item)
        assert str(answer.followup_due) != "2027-02-28", (answer.followup_due, said)
        assert box.text() == "2027/02/30" and box.is_refused()
    finally:
        close_window(window)


@pytest.mark.parametrize("typed", ["2027/02/3", "2026/12/24"])
def test_the_baselines_dialog_switched_to_english_and_back_keeps_the_sign_off_date_typed(japanese_window, qtbot, typed) -> None:
    """A sign-off date typed (key by key: 2027/02/3 on its way, or a whole date), the window switched to English and
    back: the same day is recorded, shown in each language's format, the other fields as typed."""
    from PySide6.QtWidgets import QDateEdit, QLineEdit

    from app.core import operations as ops
    from app.projects import baselines as bl
    from app.ui.baselines.dialog import BaselinesDialog

    window = japanese_window
    ops.run(window.state.workspace, bl.create_op(window.state.project_id, "合意版1"))
    dialog = BaselinesDialog(window.state, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1)
    dialog.table.selectRow(0)
    dialog.findChild(QLineEdit, "signWhoEdit").setText("山田 太郎")
    dialog.findChild(QLineEdit, "signCommentEdit").setText("  字下げのコメント")
    box = dialog.findChild(QDateEdit, "signDateEdit")
    box.setDate(QDate(2027, 2, 5) if typed.startswith("2027") else QDate(2026, 12, 1))
    box.setFocus()
    box.lineEdit().setSelection(8, 2)
    type_keys(box.lineEdit(), typed[8:])
    from PySide6.QtGui import QFocusEvent

    QApplication.sendEvent(box, QFocusEvent(QEvent.Type.FocusOut, Qt.FocusReason.PopupFocusReason))  # the menu opened
    window.set_ui_lang("en")
    expected = QDate(2027, 2, 3) if typed.startswith("2027") else QDate(2026, 12, 24)
    assert not box.is_refused() and box.date() == expected and box.text() == expected.toString("yyyy-MM-dd"), box.text()
    window.set_ui_lang("ja")
    assert box.text() == expected.toString("yyyy/MM/dd") and dialog.windowTitle() == "合意ベースライン"
    assert dialog.findChild(QLineEdit, "signWhoEdit").text() == "山田 太郎"
    assert dialog.findChild(QLineEdit, "signCommentEdit").text() == "  字下げのコメント"
    dialog.reject()


def test_an_actual_effort_of_an_hour_is_written_as_typed_in_the_earned_value_report(workspace) -> None:
    import datetime as dt

    from app.core import operations as ops
    from app.core.projects import ProjectService
    from app.wbs.service import WbsService
    from app.wbs.tracking import baselines as store
    from app.wbs.tracking.report import markdown, report

    project = ProjectService(workspace.db).create("一時間", lang="ja")
    wbs = WbsService(workspace.db)
    wbs.add_task(project.id, title="確認", estimate_days=0.125, start=dt.date(2027, 1, 4))
    task = next(t for t in wbs.tree(project.id).walk())
    ops.run(workspace, store.save_baseline_op(project.id, "当初"))
    ops.run(workspace, store.set_progress_op(project.id, task.id, 100, 0.125))
    text = markdown(report(workspace, project.id, "ja", "当初", dt.date(2027, 1, 31)), "ja")
    assert "0.12 " not in text.replace("|", " ") and "0.125" in text, text


@pytest.mark.qt_log_ignore(OFFSCREEN_POPUP)
def test_the_proposal_total_adds_up_hours_typed_and_undo_takes_each_back(window, qtbot) -> None:
    from app.core.documents import DocumentService
    from app.core.projects import ProjectService
    from app.proposal.service import ProposalService

    fresh = ProjectService(window.state.workspace.db).create("時間の合計", lang="ja")
    window.state.open_project(fresh.id)
    window.show_page("proposal")
    settle(window)
    page = window.page("proposal")
    page.tabs.setCurrentWidget(page.effort)
    view, model = page.effort.view, page.effort.model
    total_row = model.rowCount() - 1
    before = model.data(model.index(total_row, 2))
    for row, typed in ((0, "0.125"), (1, "０．１２５"), (2, "0.0625"), (3, "1.125")):  # 0.0625: its 4th decimal refused, said
        index = model.index(row, 2)
        view.setFocus()
        view.setCurrentIndex(index)
        qtbot.keyClick(view, Qt.Key.Key_F2)
        editor = next(w for w in view.findChildren(NumberBox) if w.objectName() == "daysEditor" and w.isVisible())
        editor.lineEdit().selectAll()
        type_keys(editor.lineEdit(), typed)
        qtbot.keyClick(editor.lineEdit(), Qt.Key.Key_Return)
        settle(window)
    effort = ProposalService(DocumentService(window.state.workspace.db)).load(fresh.id).effort
    days = [effort[k]["ds"] for k in sorted(effort, key=int)[:4]]
    assert days == [0.125, 0.125, 0.062, 1.125], (effort, window.said)
    from app.core.i18n import plain_number

    others = sum(float(model.data(model.index(r, 2)) or 0) for r in range(4, total_row))
    assert model.data(model.index(total_row, 2)) == plain_number(round(others + 1.437, 3))  # 1.437: the rows as shown
    for _step in range(4):
        window.state.undo_stack.undo()
        settle(window)
    assert model.data(model.index(total_row, 2)) == before


@pytest.mark.parametrize("turns", [
    ({"": 2}, {"": 1}),  # the second item typed first: stored first
    ({"": "1"}, {"": True}),  # hand-edited nonsense: read as none, stored all the same
    ({"value": -10**30}, {"note": 10**30}),  # huge, and of a field the draft lacks
])
def test_a_hand_edited_drafts_file_with_turns_is_read_and_every_answer_stored(qtbot, db_path, said, turns) -> None:
    """Two answers a window gone kept waiting (busy), their turns hand-edited in the drafts file: the next window
    stores both whatever the turns say, with no traceback; where the turns make sense, in their order."""
    from app.core.errors import DatabaseBusy, error_as_json
    from app.hearing.drafts_file import StoredDraft, drafts_folder, write_drafts
    from tests.test_breaker53k import drafts, undo

    window = make_window(qtbot, db_path, global_lang="ja")
    project, url = window.state.project, window.state.workspace.db.url
    items = ("hearing.basics.background", "hearing.basics.kpi_business")
    before = {i: (a.value if (a := window.state.answers.answer(project.id, i)) else None) for i in items}
    close_window(window)
    cause = error_as_json(DatabaseBusy())
    write_drafts(drafts_folder(url) / "gone.json", url, [
        StoredDraft(project.id, project.uuid, item, {"value": f"手で直した{n}"}, "使用中", None, cause=cause, turns=kept)
        for n, (item, kept) in enumerate(zip(items, turns, strict=True))
    ])
    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        for page_id in ("hearing", "wbs"):
            window.show_page(page_id)
            settle(window)

        def stored():
            return tuple(window.state.answers.answer(project.id, i).value for i in items)

        try:
            qtbot.waitUntil(lambda: drafts(window) == 0 and stored() == ("手で直した0", "手で直した1"), timeout=15000)
        except Exception:
            pytest.fail(f"{drafts(window)} drafts, stored {stored()}, said {said}")
        settle(window)
        assert not [s for s in said if "CRASH" in s], said
        if turns[0] == {"": 2}:
            undo(window)
            assert stored() == (before[items[0]], "手で直した1")
    finally:
        close_window(window)


@pytest.mark.qt_log_ignore(OFFSCREEN_POPUP)
def test_a_proposal_effort_of_half_an_hour_opened_and_closed_is_kept_whole_with_no_undo_step(window, qtbot) -> None:
    from app.core.documents import DocumentService
    from app.core.projects import ProjectService
    from app.proposal.service import ProposalService

    fresh = ProjectService(window.state.workspace.db).create("半時間", lang="ja")
    window.state.open_project(fresh.id)
    window.show_page("proposal")
    settle(window)
    page = window.page("proposal")
    page.tabs.setCurrentWidget(page.effort)
    view, model = page.effort.view, page.effort.model
    index = model.index(0, 2)
    assert model.setData(index, 0.0625, Qt.ItemDataRole.EditRole)  # stored with more decimals than the box shows
    settle(window)
    steps = window.state.undo_stack.count()
    view.setFocus()
    view.setCurrentIndex(index)
    qtbot.keyClick(view, Qt.Key.Key_F2)
    editor = next(w for w in view.findChildren(NumberBox) if w.objectName() == "daysEditor" and w.isVisible())
    assert editor.text() == "0.063"
    qtbot.keyClick(editor.lineEdit(), Qt.Key.Key_Return)
    settle(window)
    effort = ProposalService(DocumentService(window.state.workspace.db)).load(fresh.id).effort
    assert effort["0"]["ds"] == 0.0625 and model.data(index) == "0.0625", effort
    assert window.state.undo_stack.count() == steps


@pytest.mark.qt_log_ignore(OFFSCREEN_POPUP)
def test_an_hour_typed_as_the_cell_shows_it_in_an_english_ui_with_a_comma_locale_is_not_a_thousand_times_more(qtbot, db_path, monkeypatch) -> None:
    """The system's locale is English with a comma decimal point (en_DK, en_ZA: the UI's locale is the system's,
    app/ui/translations.py ui_locale). The WBS cell shows 0.125 (a point); the user types 0.125 in its box: stored
    0.125, or refused and said; never 125."""
    from PySide6.QtCore import QLocale

    from app.ui import messages, translations

    previous = QLocale()
    shown: list[str] = []
    monkeypatch.setattr(messages, "show_error", lambda _parent, error, *a, **k: shown.append(str(error)))
    monkeypatch.setattr(translations, "ui_locale", lambda _lang: QLocale("en_DK"))
    window = make_window(qtbot, db_path, global_lang="en")
    try:
        page, task = wbs_leaf(window)
        before = stored_estimate(page, task.id)
        editor = open_estimate(page, qtbot, task.id)
        assert editor.locale().decimalPoint() == ","
        editor.lineEdit().selectAll()
        type_keys(editor.lineEdit(), "0.125")
        qtbot.keyClick(editor.lineEdit(), Qt.Key.Key_Return)
        settle(window)
        assert stored_estimate(page, task.id) in (0.125, before), shown
    finally:
        close_window(window)
        QLocale.setDefault(previous)


def test_enter_in_the_holiday_date_box_then_add_adds_no_day_nobody_typed(qtbot, db_path, said) -> None:
    import datetime as dt

    from PySide6.QtWidgets import QDateEdit, QLineEdit, QPushButton

    from app.wbs import company_calendar as cc
    from tests.test_breaker54e import holidays_tab

    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        tab = holidays_tab(window, qtbot)
        tab.findChild(QLineEdit, "holidayName").setText("休み")
        box = tab.findChild(QDateEdit, "holidayDate")
        box.setDate(QDate(2027, 2, 5))
        box.setFocus()
        box.lineEdit().setSelection(8, 2)
        type_keys(box.lineEdit(), "30")
        qtbot.keyClick(box.lineEdit(), Qt.Key.Key_Return)
        qtbot.mouseClick(tab.findChild(QPushButton, "addHoliday"), Qt.MouseButton.LeftButton)
        assert dt.date(2027, 2, 28) not in cc.holidays(window.state.workspace.db), box.text()
        assert box.text() == "2027/02/30" and box.is_refused()
    finally:
        close_window(window)


@pytest.mark.qt_log_ignore(OFFSCREEN_POPUP)
def test_a_huge_actual_effort_typed_in_the_progress_dialog_is_refused_said_and_kept_in_its_box(window, qtbot) -> None:
    from PySide6.QtWidgets import QDialog, QPushButton

    from app.wbs.tracking import baselines as store

    page, _task = wbs_leaf(window)
    pid = page.state.project_id
    before = store.progress(store.read(page.state.workspace, pid))
    leaf = next(t for t in page.model.tree.walk() if not page.model.tree.has_children(t.id) and t.uid not in before)
    page.select_task(leaf.id)
    page.actions_by_name["progress"].trigger()
    dialog = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "wbsProgressDialog" and w.isVisible())
    actual = dialog.findChild(NumberBox, "wbsProgressActual")
    actual.setFocus()
    actual.lineEdit().selectAll()
    type_keys(actual.lineEdit(), "１２３４５６７.１２５")  # past the core's million
    dialog.findChild(QPushButton, "wbsProgressOk").click()
    assert dialog.result() != QDialog.DialogCode.Accepted and dialog.isVisible()
    assert window.said and "1234567.125" in window.said[-1], window.said
    assert actual.text() == "1234567.125"
    assert leaf.uid not in store.progress(store.read(page.state.workspace, pid))
    dialog.reject()

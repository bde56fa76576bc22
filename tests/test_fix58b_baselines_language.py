"""Fix 58b: the Baselines dialog (File ▸ Baselines…) and the WBS's Baselines and earned value dialog follow a
switch of the window's language while they are open: every text they show, the notes said before the switch too
(a sign-off typed before and back, the baseline it was typed for gone; the meaning of PV, EV and AC), is said in
the new language, and what is typed in them stays. The WBS dialog was deleted with the page it was opened on
(the name typed in it lost); it stays open, over the page that replaces it."""

from __future__ import annotations

import shiboken6
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QPushButton

from app.core import operations as ops
from app.core.errors import UserError
from app.projects import baselines as bl
from app.ui.baselines.dialog import BaselinesDialog
from app.ui.hearing.drafts import drafts_of
from app.ui.widgets.dialog_drafts import DIALOG_TITLES, PREFIX
from tests.gui_helpers import settle

JAPANESE = set("あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわをん"
               "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン")


def japanese(text: str) -> bool:
    return bool(set(text) & JAPANESE) or any("\u4e00" <= ch <= "\u9fff" for ch in text)


def shown_texts(dialog: QDialog) -> dict[str, str]:
    """Every text the dialog shows now (labels, buttons, its title), by where it is."""
    texts = {"title": dialog.windowTitle()}
    for n, label in enumerate(dialog.findChildren(QLabel)):
        if label.isVisibleTo(dialog) and label.text():
            texts[f"label {label.objectName() or n}"] = label.text()
    for n, button in enumerate(dialog.findChildren(QPushButton)):
        if button.isVisibleTo(dialog):
            texts[f"button {button.objectName() or n}"] = button.text()
            if button.toolTip():
                texts[f"tip {button.objectName() or n}"] = button.toolTip()
    for n, edit in enumerate(dialog.findChildren(QLineEdit)):
        if edit.isVisibleTo(dialog) and edit.placeholderText():
            texts[f"placeholder {edit.objectName() or n}"] = edit.placeholderText()
    return texts


def in_japanese(dialog: QDialog, *, but: tuple[str, ...] = ()) -> dict[str, str]:
    """The texts shown not in Japanese (``but``: user text, as typed)."""
    return {k: v for k, v in shown_texts(dialog).items() if not japanese(v) and v not in but and v.strip("-.: ")}


def in_english(dialog: QDialog, *, but: tuple[str, ...] = ()) -> dict[str, str]:
    return {k: v for k, v in shown_texts(dialog).items() if japanese(v) and not any(user in v for user in but)}


def test_the_baselines_dialogs_notes_follow_a_language_switch_and_back(japanese_window, qtbot) -> None:
    window = japanese_window
    pid = window.state.project_id
    ops.run(window.state.workspace, bl.create_op(pid, "合意版1"))
    # a sign-off typed before (a crash) for a baseline removed since: both notes say so
    drafts_of(window.state).put(pid, PREFIX + "signoff", {"who": "山田 太郎"},
                                UserError(key="ui.dialog_typing", dialog=DIALOG_TITLES["signoff"]),
                                base={"baseline": "消えた版", "id": 999_999})
    dialog = BaselinesDialog(window.state, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1)
    restored, note = dialog.findChild(QLabel, "dialogDraftRestored"), dialog.findChild(QLabel, "baselineNote")
    assert restored.isVisibleTo(dialog) and note.isVisibleTo(dialog)
    assert "消えた版" in note.text() and japanese(note.text()) and japanese(restored.text())
    user = ("合意版1", "消えた版", "山田 太郎")
    try:
        window.set_ui_lang("en")
        assert "消えた版" in note.text() and "no longer here" in note.text(), note.text()
        assert not in_english(dialog, but=user), in_english(dialog, but=user)
        assert dialog.findChild(QPushButton, "dialogDraftDiscard").text() == "Discard"
        from app.ui.operations import run_op

        run_op(window.state, bl.create_op(pid, "合意版2"), lambda: "create")  # still followed once switched
        qtbot.waitUntil(lambda: dialog.table.rowCount() == 2)
        assert dialog.findChild(QLineEdit, "signWhoEdit").text() == "山田 太郎"
        window.set_ui_lang("ja")
        assert "消えた版" in note.text() and japanese(note.text().replace("消えた版", ""))
        assert not in_japanese(dialog, but=user), in_japanese(dialog, but=user)
        assert dialog.findChild(QLineEdit, "signWhoEdit").text() == "山田 太郎"
    finally:
        dialog.reject()


def test_a_baseline_removed_elsewhere_is_said_in_the_language_switched_to(japanese_window, qtbot) -> None:
    from app.ui.operations import run_op

    window = japanese_window
    pid = window.state.project_id
    dialog = BaselinesDialog(window.state, window)
    qtbot.addWidget(dialog)
    dialog.show()
    run_op(window.state, bl.create_op(pid, "合意版1"), lambda: "create")
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1)
    dialog.table.selectRow(0)
    window.state.undo_stack.undo()  # the baseline made, undone: the note says so
    settle(window)
    note = dialog.findChild(QLabel, "baselineNote")
    assert note.isVisibleTo(dialog) and "合意版1" in note.text() and japanese(note.text().replace("合意版1", "")), note.text()
    try:
        window.set_ui_lang("en")
        assert "合意版1" in note.text() and not japanese(note.text().replace("合意版1", "")), note.text()
        window.set_ui_lang("ja")
        assert japanese(note.text().replace("合意版1", "")), note.text()
    finally:
        dialog.reject()


def wbs_baseline_dialog(window) -> QDialog:
    found = [d for d in window.findChildren(QDialog) if d.objectName() == "wbsBaselineDialog" and shiboken6.isValid(d) and d.isVisible()]
    assert len(found) == 1, found
    return found[0]


def test_the_wbs_baseline_dialog_stays_open_and_follows_a_language_switch_with_the_name_typed(japanese_window, qtbot) -> None:
    from app.wbs.tracking import baselines as store

    window = japanese_window
    ops.run(window.state.workspace, store.save_baseline_op(window.state.project_id, "計画版1", replace=False))
    window.show_page("wbs")
    settle(window)
    window.page("wbs").open_baselines()
    dialog = wbs_baseline_dialog(window)
    qtbot.waitUntil(lambda: dialog.findChild(QLabel) is not None and dialog.table.rowCount() > 0)
    name = dialog.findChild(QLineEdit, "wbsBaselineName")
    name.setText("途中まで打った名前")
    user = ("計画版1", "途中まで打った名前")
    try:
        window.set_ui_lang("en")
        settle(window)
        dialog = wbs_baseline_dialog(window)
        qtbot.waitUntil(lambda: dialog.table.rowCount() > 0)
        assert dialog.findChild(QLineEdit, "wbsBaselineName").text() == "途中まで打った名前"
        assert dialog.windowTitle() == "Baselines and earned value"
        assert not in_english(dialog, but=user), in_english(dialog, but=user)
        rows = [dialog.table.item(row, 0).text() for row in range(dialog.table.rowCount())]
        assert "Whole project" in rows and not any(japanese(text) for text in rows), rows
        assert window.page("wbs").gantt.baseline is not None and window.page("wbs").gantt.baseline.name == "計画版1"
        window.set_ui_lang("ja")
        settle(window)
        dialog = wbs_baseline_dialog(window)
        qtbot.waitUntil(lambda: dialog.table.rowCount() > 0)
        assert not in_japanese(dialog, but=user), in_japanese(dialog, but=user)
        assert dialog.findChild(QLineEdit, "wbsBaselineName").text() == "途中まで打った名前"
    finally:
        for d in window.findChildren(QDialog):
            if d.objectName() == "wbsBaselineDialog" and shiboken6.isValid(d) and d.isVisible():
                d.reject()


def test_the_suspect_links_list_still_follows_changes_after_a_language_switch(japanese_window) -> None:
    from app.projects import suspects as core
    from app.ui.operations import run_op
    from tests.test_fix29c_chosen_rows import _suspects

    window = japanese_window
    dialog = _suspects(window)
    try:
        rows = dialog.model.rowCount()
        assert rows >= 2
        window.set_ui_lang("en")
        settle(window)
        dialog.table.selectRow(0)
        run_op(window.state, core.clear_op(window.state.project_id, [dialog.selected()[0].suspect]), lambda: "")
        settle(window)
        assert dialog.model.rowCount() == rows - 1  # (the switch had let go of the dialog's connection)
    finally:
        dialog.close()

"""Edit ▸ Undo's label after a refused value (kept as a draft) names what Undo takes back then.

On the hearing page, a word typed into a number item (三十人くらい in 利用者数(DS)) is refused and held: Undo takes that
typing back first, so the label names that item, not the answer edited before it. On the WBS page a refused cell
value is said and kept as a draft, and Undo steps back as ever: the label names that step, which Undo takes back.
(The environment form's refused MLflow URI: tests/test_breaker60d.py.)
"""

from __future__ import annotations

from tests.gui_helpers import open_hearing_item, settle, wbs_find


def _typed(window, qtbot, item_id: str, text: str):
    editor = open_hearing_item(window, qtbot, item_id)
    field = editor.editors["value"].edit
    field.setFocus()
    field.selectAll()
    field.insertPlainText(text) if hasattr(field, "insertPlainText") else field.insert(text)
    settle(window)
    return field


def test_the_hearing_pages_undo_label_names_the_refused_typing_undo_takes_back(japanese_window, qtbot) -> None:
    window = japanese_window
    _typed(window, qtbot, "hearing.basics.background", "背景の追記")
    assert window.undo_action.text() == "元に戻す(&U) 「背景・課題」を編集"
    field = _typed(window, qtbot, "hearing.prereq.users_ds", "三十人くらい")
    label = window.undo_action.text()
    assert label == "元に戻す(&U) 「利用者数(DS)」を編集", label
    window.undo_action.trigger()
    settle(window)
    assert "三十人" not in field.text()  # what the label named was taken back
    assert window.undo_action.text() == "元に戻す(&U) 「背景・課題」を編集"  # the step under it named again


def test_the_wbs_pages_undo_label_names_the_step_undo_takes_back_after_a_refused_cell(japanese_window, qtbot, said) -> None:
    from tests.test_breaker43a import enter, open_cell, page, stored, type_in

    window = japanese_window
    window.show_page("wbs")
    settle(window)
    task = wbs_find(page(window), "データのバージョン管理")
    editor = open_cell(window, qtbot, task, "title")
    editor.selectAll()
    type_in(editor, "版管理")
    enter(qtbot, window, editor)
    label = window.undo_action.text()
    editor = open_cell(window, qtbot, task, "estimate_days")
    editor.selectAll()
    type_in(editor, "99999")  # past the most a task takes: refused, kept as a draft
    enter(qtbot, window, editor)
    assert any("範囲外" in text for text in said), said
    assert window.undo_action.text() == label, (window.undo_action.text(), label)
    window.undo_action.trigger()
    settle(window)
    assert stored(window).tasks[task].title == "データのバージョン管理"  # the step named taken back


def test_the_proposals_undo_label_names_the_refused_paste_undo_takes_back(japanese_window, qtbot, said) -> None:
    from tests.gui_helpers import proposal_section

    window = japanese_window
    _page, _first, field = proposal_section(window, qtbot, 0)
    field.insertPlainText("追記")
    settle(window)
    qtbot.wait(1200)  # (its pause in typing: saved, a step named by its section)
    settle(window)
    saved = window.undo_action.text()
    assert "提案書の編集" not in saved, saved
    _page, _second, pasted = proposal_section(window, qtbot, 1)
    pasted.insertPlainText("長" * 100_001)  # refused (a field takes 100,000 characters): a draft
    settle(window)
    assert any("長すぎます" in text for text in said), said
    assert window.undo_action.text() == "元に戻す(&U) 提案書の編集", window.undo_action.text()
    window.undo_action.trigger()
    settle(window)
    assert len(pasted.toPlainText()) < 100_000 and field.toPlainText().endswith("追記")
    assert window.undo_action.text() == saved

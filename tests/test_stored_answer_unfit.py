"""A stored answer its field cannot show as it is now (the checklist changed since it was saved: an
option removed, the item's kind changed) is shown and kept, never dropped by the next edit."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from app.core.storage.models import Answer as AnswerRow
from tests.test_nothing_lost_gui import open_item, stored

PLATFORM = "hearing.prereq.env_platform"  # several choices (on-prem, AWS, GCP, Azure, other), now and later
USERS_DS = "hearing.prereq.users_ds"  # a number, now and later


def store_raw(window, item_id: str, value) -> None:
    """An answer as an older checklist saved it (written as it is, as the database holds it)."""
    window.state.answers.update(window.state.project_id, item_id, value=None)
    with window.state.workspace.db.session() as s:
        s.execute(update(AnswerRow).where(AnswerRow.project_id == window.state.project_id, AnswerRow.item_id == item_id).values(value=value))


def test_a_ticked_choice_the_checklist_no_longer_offers_is_kept_when_another_is_ticked(japanese_window, qtbot) -> None:
    window = japanese_window
    store_raw(window, PLATFORM, ["aws", "sakura_cloud"])
    editor = open_item(window, qtbot, PLATFORM)
    entries = editor.editors["value"].list
    labels = {entries.item(i).text(): entries.item(i).checkState() for i in range(entries.count())}
    assert any("sakura_cloud" in label for label in labels), labels  # shown, ticked
    gcp = next(entries.item(i) for i in range(entries.count()) if entries.item(i).text() == "GCP")
    gcp.setCheckState(gcp.checkState().Checked)
    # No longer an option: the save says so naming it, and nothing is dropped unsaid
    assert not editor.flush()
    assert "sakura_cloud" in editor.error_label.text() and editor.error_label.isVisibleTo(window)
    assert sorted(stored(window, PLATFORM).value) == ["aws", "sakura_cloud"]
    old = next(entries.item(i) for i in range(entries.count()) if entries.item(i).text() == "sakura_cloud")
    old.setCheckState(old.checkState().Unchecked)  # the user's own choice, seen
    assert editor.flush()
    assert sorted(stored(window, PLATFORM).value) == ["aws", "gcp"]


def test_a_stored_answer_of_another_kind_is_said_with_its_words(japanese_window, qtbot) -> None:
    window = japanese_window
    store_raw(window, PLATFORM, "AWS と一部オンプレ")  # saved when the item was a text
    editor = open_item(window, qtbot, PLATFORM)
    qtbot.waitUntil(lambda: "AWS と一部オンプレ" in editor.stored_note.text())
    assert editor.stored_note.isVisibleTo(window)
    assert "保存されている回答" in editor.stored_note.text()
    assert stored(window, PLATFORM).value == "AWS と一部オンプレ"  # only shown: nothing written
    store_raw(window, PLATFORM, ["aws"])
    editor = open_item(window, qtbot, USERS_DS)
    editor = open_item(window, qtbot, PLATFORM)
    assert not editor.stored_note.isVisibleTo(window)  # a value that fits: nothing said


def test_a_saved_answer_of_another_shape_reads_as_its_words_in_lists_and_exports(workspace) -> None:
    from app.hearing.model import format_value

    library = workspace.library
    for item_id, value in (("hearing.prereq.env_platform", "AWS と一部オンプレ"), ("hearing.prereq.ethics", "個人情報あり"),
                           ("hearing.basics.tasks_roles", "PM 1 名"), ("hearing.prereq.users_ds", ["2", "3"])):
        item = library.item(item_id)
        text = format_value(item, value, "ja")
        expected = value if isinstance(value, str) else "2、3"  # words, never JSON
        assert text == expected, (item.kind, text)


def flip_every_answer(window) -> int:
    """Every saved answer of the project as another kind's value (a text as a list, the rest as a text)."""
    with window.state.workspace.db.session() as s:
        rows = s.scalars(select(AnswerRow).where(AnswerRow.project_id == window.state.project_id)).all()
        for row in rows:
            for key in ("value", "later"):
                if getattr(row, key) is not None:
                    setattr(row, key, ["旧", "回答"] if isinstance(getattr(row, key), str) else "旧回答テキスト")
        return len(rows)


@pytest.mark.parametrize("page_id", ["hearing", "system-planning"])
def test_every_item_opens_with_a_saved_answer_of_another_kind_said_not_lost(japanese_window, qtbot, page_id) -> None:
    window = japanese_window
    assert flip_every_answer(window) > 10
    window.show_page(page_id)
    page = window.page(page_id)
    said = 0
    for item_id, ref in list(page.refs.items()):
        assert page.select_item(item_id)
        qtbot.waitUntil(lambda item_id=item_id: page.editor.item_id == item_id)
        answer = stored(window, item_id)
        if answer.value is None:
            continue
        for key, editor in page.editor.editors.items():
            if not editor.can_show(getattr(answer, key)) and not editor.shows_as_text:
                assert page.editor.stored_note.isVisibleTo(window), item_id
                assert "旧" in page.editor.stored_note.text() and ref.item.label.ja in page.editor.stored_note.text(), page.editor.stored_note.text()
                said += 1
        assert not page.editor.error_label.isVisibleTo(window), page.editor.error_label.text()
    assert said > 3
    window.page(page_id).editor.flush()
    assert all(stored(window, i).value in ("旧回答テキスト", ["旧", "回答"], None) for i in page.refs)  # only looked at: nothing written


def test_documents_of_saved_answers_of_another_kind_are_written_with_their_words(japanese_window, db_path, tmp_path, capsys) -> None:
    from openpyxl import load_workbook

    from app.main import main

    window = japanese_window
    flip_every_answer(window)
    pid = str(window.state.project_id)
    for name in ("h.xlsx", "s.md", "s.xlsx", "m.md", "wiki"):
        kind = {"h": "hearing-sheet", "s": "system-plan", "m": "minutes", "wiki": "wiki"}[name.split(".")[0]]
        code = main(["--db", str(db_path), "--lang", "ja", "export", kind, "--project", pid, "--out", str(tmp_path / name)])
        assert code == 0, capsys.readouterr().err
    assert "旧回答テキスト" in (tmp_path / "s.md").read_text(encoding="utf-8")
    cells = [c.value for ws in load_workbook(tmp_path / "h.xlsx").worksheets for row in ws.iter_rows() for c in row]
    assert any(isinstance(v, str) and "旧回答テキスト" in v for v in cells)
    capsys.readouterr()
    code = main(["--db", str(db_path), "--lang", "ja", "import", "hearing-sheet", str(tmp_path / "h.xlsx"), "--project", pid, "--dry-run"])
    out = capsys.readouterr()
    assert code == 0 and "Traceback" not in out.err and "0 件の変更" in out.out, out

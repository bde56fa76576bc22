"""A saved answer of another kind than its item asks now (the checklist changed since it was saved) is
said as its words, options by their labels, in every list and document; never as JSON, an option's id
or a field's name. An edit that types nothing (a blank row added and removed) leaves it saved."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import update

from app.core.storage.models import Answer as AnswerRow
from app.hearing.formats import format_value
from tests.gui_helpers import settle
from tests.test_nothing_lost_gui import open_item, stored

PLATFORM = "hearing.prereq.env_platform"  # several choices (オンプレ, AWS, ...), now and later
SOURCES = "hearing.prereq.data_sources"  # a table, linked from the system plan
BACKGROUND = "hearing.basics.background"  # a text
ETHICS = "hearing.prereq.ethics"  # a check (a tick plus text)
PROCESSES = "system_planning.process_flow.processes"  # a table of the system plan


def store_raw(ws, project_id: int, item_id: str, value, later=None) -> None:
    """An answer as an older checklist saved it (written as it is, as the database holds it)."""
    from app.hearing.answers import AnswerService

    AnswerService(ws.db, ws.library).update(project_id, item_id, value=None)
    with ws.db.session() as s:
        s.execute(update(AnswerRow).where(AnswerRow.project_id == project_id, AnswerRow.item_id == item_id)
                  .values(value=value, later=later))  # fmt: skip


@pytest.mark.parametrize(("item_id", "value", "lang", "expected"), [
    (PLATFORM, "onprem", "ja", "オンプレ"),  # a single choice of a multi item: by its label
    (PLATFORM, "onprem", "en", "On-prem"),
    (SOURCES, ["売上DB", "在庫DB"], "ja", "売上DB、在庫DB"),  # words, not "2行"
    (SOURCES, ["a", "b"], "en", "a, b"),
    (BACKGROUND, ["onprem", "aws"], "ja", "onprem、aws"),  # (a text item offers no options: as they are)
    (BACKGROUND, {"checked": True, "text": "個人情報あり"}, "ja", "☑ 個人情報あり"),
    (BACKGROUND, [{"name": "売上", "kind": "db"}, {"name": "在庫"}], "ja", "売上 / db、在庫"),  # rows by their cells
    (ETHICS, "個人情報あり", "ja", "個人情報あり"),
    (ETHICS, True, "ja", "はい"),
    ("hearing.prereq.users_ds", ["2", "3"], "ja", "2、3"),
])  # fmt: skip
def test_a_value_of_another_shape_is_said_as_its_words(library, item_id, value, lang, expected) -> None:
    text = format_value(library.item(item_id), value, lang)
    assert text == expected
    assert not any(mark in text for mark in ('"', "{", "["))


def test_a_tables_rows_are_still_counted_and_a_multis_choices_still_labelled(library) -> None:
    assert format_value(library.item(SOURCES), [{"a": 1}, {"a": 2}], "ja") == "2行"
    assert format_value(library.item(SOURCES), [], "en") == "0 rows"
    assert format_value(library.item(PLATFORM), ["onprem", "aws"], "ja") == "オンプレ、AWS"


def test_only_the_later_answer_unfit_is_said_as_the_later_one(japanese_window, qtbot) -> None:
    window = japanese_window
    store_raw(window.state.workspace, window.state.project_id, PLATFORM, ["aws"], later="gcp")
    editor = open_item(window, qtbot, PLATFORM)
    qtbot.waitUntil(lambda: editor.stored_note.isVisible())
    note = editor.stored_note.text()
    assert "これから「GCP」" in note and "現時点" not in note and "gcp" not in note, note


def test_a_text_field_shows_saved_rows_as_their_words_one_line_each_and_edits_them_as_text(japanese_window, qtbot) -> None:
    window = japanese_window
    rows = [{"name": "売上DB", "kind": "db"}, {"name": "在庫CSV"}]
    store_raw(window.state.workspace, window.state.project_id, BACKGROUND, rows)  # saved when the item was a table
    editor = open_item(window, qtbot, BACKGROUND)
    field = editor.editors["value"].edit
    assert field.toPlainText() == "売上DB / db\n在庫CSV"  # its words, never JSON or a column's id
    assert stored(window, BACKGROUND).value == rows  # only shown: nothing written
    field.appendPlainText("追記")
    assert editor.flush()
    assert stored(window, BACKGROUND).value == "売上DB / db\n在庫CSV\n追記"


def test_adding_and_removing_a_blank_row_keeps_a_saved_text_and_typing_a_row_replaces_it(japanese_window, qtbot) -> None:
    window = japanese_window
    store_raw(window.state.workspace, window.state.project_id, SOURCES, "売上DBと在庫DB")
    editor = open_item(window, qtbot, SOURCES)
    qtbot.waitUntil(lambda: editor.stored_note.isVisible())
    table = editor.editors["value"]
    table.addRow_button.click()
    table.removeRow_button.click()
    table.addRow_button.click()
    settle(window)
    assert editor.flush()
    assert stored(window, SOURCES).value == "売上DBと在庫DB" and editor.stored_note.isVisible()
    table.model.setData(table.model.index(0, 0), "売上DB")  # typed: the answer now
    assert editor.flush()
    value = stored(window, SOURCES).value
    assert isinstance(value, list) and value and "売上DB" in value[0].values(), value
    assert not editor.stored_note.isVisible()


def test_documents_write_saved_words_of_tables_and_choices_and_read_the_sheet_back_unchanged(demo, workspace, db_path, tmp_path: Path, capsys) -> None:
    from openpyxl import load_workbook

    from app.main import main

    pid = demo.id
    store_raw(workspace, pid, SOURCES, ["売上DB", "在庫DB"])  # a table saved as a multiple choice (linked from the plan)
    store_raw(workspace, pid, PROCESSES, ["日次バッチ", "オンライン推論"])
    store_raw(workspace, pid, PLATFORM, "onprem", later="aws")  # a multi saved as single choices
    outs = {"hearing-sheet": "h.xlsx", "system-plan": "s.md", "minutes": "m.md", "followups": "f.md", "wiki": "wiki"}
    for kind, name in [*outs.items(), ("system-plan", "s.xlsx")]:
        code = main(["--db", str(db_path), "--lang", "ja", "export", kind, "--project", str(pid), "--out", str(tmp_path / name)])
        assert code == 0, capsys.readouterr().err
    plan_md = (tmp_path / "s.md").read_text(encoding="utf-8")
    assert "売上DB、在庫DB" in plan_md and "日次バッチ、オンライン推論" in plan_md
    cells = {ws.title: [c.value for row in ws.iter_rows() for c in row] for ws in load_workbook(tmp_path / "s.xlsx").worksheets}
    assert sum("日次バッチ、オンライン推論" in str(v) for values in cells.values() for v in values) == 2  # the overview and its sheet
    assert not any("行)" in str(v) and "日次バッチ" in str(v) for values in cells.values() for v in values)
    sheet = [c.value for ws in load_workbook(tmp_path / "h.xlsx").worksheets for row in ws.iter_rows() for c in row]
    assert "売上DB、在庫DB" in sheet and "オンプレ" in sheet and "AWS" in sheet
    assert not any(isinstance(v, str) and v.startswith(("[", "{")) for v in sheet)
    capsys.readouterr()
    code = main(["--db", str(db_path), "--lang", "ja", "import", "hearing-sheet", str(tmp_path / "h.xlsx"), "--project", str(pid), "--dry-run"])
    out = capsys.readouterr()
    assert code == 0 and "Traceback" not in out.err and "0 件の変更" in out.out, out


@pytest.mark.parametrize("value", ["売上DBと在庫DB", ["売上DB", "在庫DB"]])
def test_minutes_and_the_checklist_search_read_a_tables_saved_text_or_words(library, value) -> None:
    from app.hearing.checklist import answer_text
    from app.hearing.minutes import _value_lines
    from app.hearing.model import Answer

    item = library.item(SOURCES)
    words = format_value(item, value, "ja")
    assert _value_lines(item, value, "ja") == [words]  # not a table of characters, nor a crash
    assert "売上DB" in answer_text(item, Answer(item_id=SOURCES, checklist_id="hearing", value=value), "ja")

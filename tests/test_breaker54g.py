"""Breaker 54g: the fiximport changes (renamed table tabs found by heading, copied hearing rows, words typed on
the WBS rows of deleted tasks) tried with workbooks as a Japanese customer returns them from Excel.

Held: every table tab renamed at once; a table tab (emoji, dragged first) and the main tab (trailing space) renamed,
--dry-run writing nothing; a hidden copy beside a renamed tab refused naming both; a copy of the main tab said as not
read; the meta sheet deleted refused; an unchanged copied row refused as a copy; a moved row read; a copied table row
added; a 32,000-character condition and =HYPERLINK on deleted rows said cut; both window previews in Japanese, by
label, undone whole.

Broke (strict xfails, fixed on branch fixsheets): swapped table tab names; a renamed tab with its header edited said as a missing sheet; a table
tab name cleared in _meta said as 「」; a row copied twice names one copy; words on a deleted row whose ID was edited
unsaid; a formula in a skipped row's date refuses the sheet; 10,000 skipped rows print megabytes (and fill the
window's preview with an item each: the first rows are said, the others counted)."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest

from app.core.workspace import Workspace
from app.hearing.answers import AnswerService
from app.main import main

BACKGROUND = "hearing.basics.background"
TEAM = "hearing.basics.team"
ID_RE = re.compile(r"hearing\.[a-z_]+\.[a-z_]+")
TABLE_TABS = ["作業内容と役割分担", "成果物", "スケジュールとマイルストーン", "体制", "データの種類", "外部サービス"]


def cli(capsys, db_path: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--db", str(db_path), "--lang", "ja", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def answer(db_path: Path, library, item_id: str):
    ws = Workspace.open(str(db_path), library)
    try:
        return AnswerService(ws.db, ws.library).answers(1).get(item_id)
    finally:
        ws.close()


def main_row(sheet, item_id: str) -> int:
    return next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == item_id)


@pytest.fixture
def exported(demo, db_path, tmp_path, capsys) -> Path:
    out = tmp_path / "h.xlsx"
    code, _out, err = cli(capsys, db_path, "export", "hearing-sheet", "--project", "1", "--out", str(out))
    assert code == 0, err
    return out


def hearing_import(capsys, db_path, path, *extra) -> tuple[int, str]:
    code, out, err = cli(capsys, db_path, "import", "hearing-sheet", str(path), "--project", "1", "--yes", *extra)
    return code, out + err


# --- hearing sheet: tabs renamed ---------------------------------------------------------------------------------


def test_cli_every_table_tab_renamed_at_once_is_read_and_said(exported, db_path, library, capsys) -> None:
    wb = openpyxl.load_workbook(exported)
    for title in TABLE_TABS:
        wb[title].title = f"{title}(回答)"
    wb["体制(回答)"].cell(4, 5).value = "tanaka@example.com"
    wb.save(exported)
    code, text = hearing_import(capsys, db_path, exported)
    assert code == 0, text
    assert all(f"{t}(回答)" in text for t in TABLE_TABS), text
    assert not ID_RE.search(text) and "Traceback" not in text, text
    assert any(r.get("contact") == "tanaka@example.com" for r in answer(db_path, library, TEAM).value)


def test_cli_a_table_tab_and_the_main_tab_renamed_are_both_read_and_said(exported, db_path, library, capsys) -> None:
    wb = openpyxl.load_workbook(exported)
    main_sheet = wb.worksheets[0]
    main_sheet.cell(main_row(main_sheet, BACKGROUND), 7).value = "回答タブの背景"
    main_sheet.title = "回答 "  # a trailing space, as typed
    wb["体制"].title = "体制🙂チーム"
    wb["体制🙂チーム"].cell(4, 5).value = "tanaka@example.com"
    wb.move_sheet("体制🙂チーム", offset=-wb.index(wb["体制🙂チーム"]))  # dragged before the main tab
    wb.save(exported)
    code, text = hearing_import(capsys, db_path, exported, "--dry-run")
    assert code == 0 and "体制🙂チーム" in text and "「回答 」" in text and "回答タブの背景" in text, text
    assert answer(db_path, library, BACKGROUND).value != "回答タブの背景"  # --dry-run writes nothing
    code, text = hearing_import(capsys, db_path, exported)
    assert code == 0, text
    assert answer(db_path, library, BACKGROUND).value == "回答タブの背景"
    assert any(r.get("contact") == "tanaka@example.com" for r in answer(db_path, library, TEAM).value)


def test_cli_two_table_tabs_with_their_names_swapped_are_read_by_their_headings(exported, db_path, library, capsys) -> None:
    wb = openpyxl.load_workbook(exported)
    wb["体制"].title = "tmp"
    wb["作業内容と役割分担"].title = "体制"
    wb["tmp"].title = "作業内容と役割分担"
    wb["作業内容と役割分担"].cell(4, 5).value = "tanaka@example.com"  # the team's table, now on the other name
    wb.save(exported)
    code, text = hearing_import(capsys, db_path, exported)
    assert code == 0, text
    assert any(r.get("contact") == "tanaka@example.com" for r in answer(db_path, library, TEAM).value)


@pytest.mark.parametrize("edit", ["renamed", "deleted", "moved"])
def test_cli_a_renamed_table_tab_with_its_header_edited_is_refused_naming_that_tab(exported, db_path, library, capsys, edit) -> None:
    wb = openpyxl.load_workbook(exported)
    tab = wb["体制"]
    tab.title = "体制(記入済)"
    if edit == "renamed":
        tab.cell(1, 5).value = "メールアドレス"
    elif edit == "deleted":
        tab.delete_cols(4)
    else:
        tab.move_range("B1:B30", cols=10)
        tab.move_range("C1:L30", cols=-1)
    wb.worksheets[0].cell(main_row(wb.worksheets[0], BACKGROUND), 7).value = "入らないはずの背景"
    wb.save(exported)
    code, text = hearing_import(capsys, db_path, exported)
    assert code == 2 and "Traceback" not in text and not ID_RE.search(text), text
    assert answer(db_path, library, BACKGROUND).value != "入らないはずの背景"
    assert "体制(記入済)" in text, text


def test_cli_a_hidden_copy_of_a_renamed_table_tab_is_refused_naming_both(exported, db_path, library, capsys) -> None:
    wb = openpyxl.load_workbook(exported)
    copy = wb.copy_worksheet(wb["体制"])
    copy.title = "体制 (2)"
    copy.sheet_state = "hidden"
    wb["体制"].title = "体制" + "長" * 28  # Excel's 31 characters
    wb.worksheets[0].cell(main_row(wb.worksheets[0], BACKGROUND), 7).value = "入らないはずの背景"
    wb.save(exported)
    code, text = hearing_import(capsys, db_path, exported)
    assert code == 2 and "体制 (2)" in text and "長" * 28 in text and "非表示" in text, text
    assert answer(db_path, library, BACKGROUND).value != "入らないはずの背景"


def test_cli_a_copy_of_the_main_tab_with_other_answers_is_said_as_not_read(exported, db_path, library, capsys) -> None:
    wb = openpyxl.load_workbook(exported)
    copy = wb.copy_worksheet(wb.worksheets[0])
    copy.title = "ヒアリングシート (2)"
    copy.cell(main_row(copy, BACKGROUND), 7).value = "コピーに書いた背景"
    wb.worksheets[0].cell(main_row(wb.worksheets[0], BACKGROUND), 7).value = "元のタブの背景"
    wb.save(exported)
    code, text = hearing_import(capsys, db_path, exported)
    assert code == 0 and "ヒアリングシート (2)" in text and "読んでいません" in text, text
    assert answer(db_path, library, BACKGROUND).value == "元のタブの背景"


def test_cli_the_meta_sheet_deleted_is_refused_in_japanese(exported, db_path, library, capsys) -> None:
    wb = openpyxl.load_workbook(exported)
    del wb["_meta"]
    wb.worksheets[0].cell(main_row(wb.worksheets[0], BACKGROUND), 7).value = "入らないはずの背景"
    wb.save(exported)
    code, text = hearing_import(capsys, db_path, exported)
    assert code == 2 and "ヒアリングシートではありません" in text and "Traceback" not in text, text
    assert answer(db_path, library, BACKGROUND).value != "入らないはずの背景"


def test_cli_a_table_tab_name_cleared_in_the_meta_sheet_is_said_by_the_table(exported, db_path, capsys) -> None:
    wb = openpyxl.load_workbook(exported)
    for row in wb["_meta"].iter_rows():
        if row[0].value == TEAM:
            row[3].value = None
    wb["体制"].cell(4, 5).value = "tanaka@example.com"
    wb.save(exported)
    code, text = hearing_import(capsys, db_path, exported)
    assert "「」" not in text and ("体制" in text or code == 0), text


# --- hearing sheet: copied rows ----------------------------------------------------------------------------------


def copy_row(sheet, r: int, times: int) -> None:
    for k in range(1, times + 1):
        sheet.insert_rows(r + k)
        for c in range(1, 10):
            sheet.cell(r + k, c).value = sheet.cell(r, c).value


def test_cli_a_row_copied_twice_names_both_copies(exported, db_path, capsys) -> None:
    wb = openpyxl.load_workbook(exported)
    s = wb.worksheets[0]
    r = main_row(s, BACKGROUND)
    copy_row(s, r, 2)
    s.cell(r + 2, 7).value = "二つ目のコピーに記入"
    wb.save(exported)
    code, text = hearing_import(capsys, db_path, exported)
    assert code == 2 and f"{r + 1} 行目" in text and "背景・課題" in text, text
    assert f"{r + 2} 行目" in text, text


def test_cli_an_unchanged_copy_of_a_row_is_refused_as_a_copy(exported, db_path, library, capsys) -> None:
    wb = openpyxl.load_workbook(exported)
    s = wb.worksheets[0]
    r = main_row(s, BACKGROUND)
    copy_row(s, r, 1)
    s.cell(main_row(s, "hearing.basics.purpose_goal"), 7).value = "入らないはずの目的"
    wb.save(exported)
    code, text = hearing_import(capsys, db_path, exported, "--dry-run")
    assert code == 2 and "コピー" in text and "背景・課題" in text and not ID_RE.search(text), text


def test_cli_a_row_moved_not_copied_is_read_as_its_item(exported, db_path, library, capsys) -> None:
    wb = openpyxl.load_workbook(exported)
    s = wb.worksheets[0]
    r = main_row(s, BACKGROUND)
    values = [s.cell(r, c).value for c in range(1, 10)]
    end = s.max_row + 1
    for c, v in enumerate(values, 1):
        s.cell(end, c).value = v
    s.cell(end, 7).value = "移動した行に記入"
    s.delete_rows(r)
    wb.save(exported)
    code, text = hearing_import(capsys, db_path, exported)
    assert code == 0, text
    assert answer(db_path, library, BACKGROUND).value == "移動した行に記入"


def test_cli_a_copied_table_row_is_an_added_row(exported, db_path, library, capsys) -> None:
    wb = openpyxl.load_workbook(exported)
    t = wb["体制"]
    for c in range(1, 6):
        t.cell(7, c).value = t.cell(2, c).value
    t.cell(7, 5).value = "copy@example.com"
    wb.save(exported)
    code, text = hearing_import(capsys, db_path, exported)
    assert code == 0 and "copy@example.com" in text, text
    team = answer(db_path, library, TEAM).value
    assert len(team) == 6 and team[0].get("contact") in (None, "") and team[-1]["contact"] == "copy@example.com"


# --- WBS: the rows of tasks deleted since the export --------------------------------------------------------------

from app.wbs.service import WbsService  # noqa: E402


@pytest.fixture
def wbs_out(demo, db_path, tmp_path, capsys) -> Path:
    out = tmp_path / "w.xlsx"
    assert cli(capsys, db_path, "export", "wbs", "--project", "1", "--out", str(out))[0] == 0
    return out


def delete_tasks(db_path: Path, library, *codes: str) -> None:
    ws = Workspace.open(str(db_path), library)
    try:
        service = WbsService(ws.db)
        by_code = service.tree(1).by_code()
        service.delete(1, [by_code[c] for c in codes])
    finally:
        ws.close()


def wbs_edit(path: Path, edit) -> None:
    wb = openpyxl.load_workbook(path)
    sheet = wb["WBS"]
    head = {c.value: n + 1 for n, c in enumerate(sheet[1])}
    rows = {str(sheet.cell(r, 1).value): r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value is not None}
    edit(sheet, head, rows)
    wb.save(path)


def wbs_import(capsys, db_path, path, *extra) -> tuple[int, str]:
    code, out, err = cli(capsys, db_path, "import", "wbs", str(path), "--project", "1", "--yes", *extra)
    return code, out + err


def test_cli_a_32000_character_condition_and_a_hyperlink_on_deleted_rows_are_said_cut(wbs_out, db_path, library, capsys) -> None:
    def edit(sheet, head, rows) -> None:
        sheet.cell(rows["1.2"], head["完了条件"]).value = "長" * 32000
        sheet.cell(rows["1.3"], head["完成イメージ"]).value = '=HYPERLINK("https://example.com/x","資料")'
        sheet.cell(rows["1.1"], head["タスク"]).value = "生きている行の題名"

    wbs_edit(wbs_out, edit)
    delete_tasks(db_path, library, "1.2", "1.3")
    code, text = wbs_import(capsys, db_path, wbs_out)
    assert code == 0, text
    assert "完了条件「長" in text and "長" * 32000 not in text and len(text) < 5000, len(text)
    assert '=HYPERLINK("https://example.com/x","資料")' in text and "読み飛ばしました" in text
    assert "Traceback" not in text and "completion" not in text
    ws = Workspace.open(str(db_path), library)
    try:
        tree = WbsService(ws.db).tree(1)
        assert tree.tasks[tree.by_code()["1.1"]].title == "生きている行の題名"
    finally:
        ws.close()


def test_cli_words_on_a_deleted_row_whose_id_was_edited_are_said(wbs_out, db_path, library, capsys) -> None:
    def edit(sheet, head, rows) -> None:
        sheet.cell(rows["1.2"], head["完了条件"]).value = "消されたタスクへの顧客の記入"
        sheet.cell(rows["1.2"], head["タスクID"]).value = 99999

    wbs_edit(wbs_out, edit)
    delete_tasks(db_path, library, "1.2")
    code, text = wbs_import(capsys, db_path, wbs_out, "--dry-run")
    assert code == 0 and "読み飛ばしました" in text, text
    assert "消されたタスクへの顧客の記入" in text, text


def test_cli_a_formula_in_a_date_of_a_skipped_row_does_not_refuse_the_sheet(wbs_out, db_path, library, capsys) -> None:
    def edit(sheet, head, rows) -> None:
        sheet.cell(rows["1.2"], head["終了日"]).value = "=TODAY()"
        sheet.cell(rows["1.1"], head["タスク"]).value = "生きている行の題名"

    wbs_edit(wbs_out, edit)
    delete_tasks(db_path, library, "1.2")
    code, text = wbs_import(capsys, db_path, wbs_out)
    assert code == 0 and "読み飛ばしました" in text and "=TODAY()" in text, text


def test_cli_ten_thousand_rows_of_a_deleted_task_are_said_in_bounded_length(wbs_out, db_path, library, capsys) -> None:
    def edit(sheet, head, rows) -> None:
        r0 = rows["1.2"]
        values = [c.value for c in sheet[r0]][: head["タスクID"]]
        start = sheet.max_row + 1
        for k in range(10000):
            for c, v in enumerate(values, 1):
                sheet.cell(start + k, c).value = v
            sheet.cell(start + k, head["完了条件"]).value = f"顧客の記入{k}" + "あ" * 100

    wbs_edit(wbs_out, edit)
    delete_tasks(db_path, library, "1.2")
    code, text = wbs_import(capsys, db_path, wbs_out, "--dry-run")
    assert code == 0 and "読み飛ばしました" in text, text[-2000:]
    assert len(text) < 200_000, f"{len(text):,} characters, {text.count(chr(10)):,} lines"


# --- the window's import previews, in Japanese --------------------------------------------------------------------

from app.hearing.sheet import export_hearing_sheet  # noqa: E402
from app.wbs.files.xlsx import export_wbs_xlsx  # noqa: E402
from tests.gui_helpers import close_window, make_window, settle  # noqa: E402
from tests.test_breaker54c import import_in, import_wbs_in, plan_state  # noqa: E402
from tests.test_nothing_lost_gui import stored  # noqa: E402


def test_gui_renamed_tabs_are_said_in_the_preview_and_undo_takes_the_import_back_whole(qtbot, db_path, monkeypatch, tmp_path) -> None:
    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        sheet = export_hearing_sheet(window.state.workspace, window.state.project_id, tmp_path / "s.xlsx", "ja")
        team_before, background_before = stored(window, TEAM).value, stored(window, BACKGROUND).value
        wb = openpyxl.load_workbook(sheet)
        for title in TABLE_TABS:
            wb[title].title = f"{title}(記入済)"
        wb["体制(記入済)"].cell(4, 5).value = "tanaka@example.com"
        main_sheet = wb.worksheets[0]
        main_sheet.cell(main_row(main_sheet, BACKGROUND), 7).value = "顧客が記入した背景"
        main_sheet.title = "回答"
        wb.save(sheet)
        seen: dict = {}
        import_in(window, qtbot, monkeypatch, sheet, True, seen)
        shown = seen["summary"] + seen["notices"] + str(seen["rows"]) + "".join(seen["info"])
        assert "体制(記入済)" in shown and "「回答」" in shown and "背景・課題" in shown, shown
        assert not ID_RE.search(shown) and "Traceback" not in shown, shown
        assert stored(window, BACKGROUND).value == "顧客が記入した背景"
        assert any(r.get("contact") == "tanaka@example.com" for r in stored(window, TEAM).value)
        window.undo_action.trigger()
        settle(window)
        assert stored(window, BACKGROUND).value == background_before
        assert stored(window, TEAM).value == team_before
    finally:
        close_window(window)


def test_gui_a_deleted_task_row_with_32000_characters_is_said_cut_and_the_import_undone_whole(
    qtbot, db_path, monkeypatch, tmp_path
) -> None:
    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        out = export_wbs_xlsx(window.state.workspace, window.state.project_id, tmp_path / "w.xlsx", "ja")
        service = WbsService(window.state.workspace.db)
        gone = service.tree(window.state.project_id).by_code()["1.2"]

        def edit(sheet, head, rows) -> None:
            sheet.cell(rows["1.2"], head["完了条件"]).value = "長" * 32000
            sheet.cell(rows["1.2"], head["備考"]).value = '=HYPERLINK("https://example.com","資料")'
            sheet.cell(rows["1.1"], head["タスク"]).value = "顧客の題名"
            sheet.cell(rows["1.3"], head["完了条件"]).value = "顧客の完了条件"

        wbs_edit(out, edit)
        service.delete(window.state.project_id, [gone])
        settle(window)
        before = plan_state(window)
        seen: dict = {}
        import_wbs_in(window, qtbot, monkeypatch, out, True, seen)
        notes = "\n".join(seen["notes"])
        assert "読み飛ばしました" in notes and "完了条件「長" in notes and "資料" in notes, notes[:500]
        assert max(len(n) for n in seen["notes"]) < 2000, max(len(n) for n in seen["notes"])
        tree = WbsService(window.state.workspace.db).tree(window.state.project_id)
        assert any(t.title == "顧客の題名" for t in tree.tasks.values())
        assert any(t.completion_condition == "顧客の完了条件" for t in tree.tasks.values())
        window.undo_action.trigger()
        settle(window)
        assert plan_state(window) == before
    finally:
        close_window(window)


def test_gui_hundreds_of_rows_of_a_deleted_task_are_summed_up_in_the_preview(qtbot, db_path, monkeypatch, tmp_path) -> None:
    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        out = export_wbs_xlsx(window.state.workspace, window.state.project_id, tmp_path / "w.xlsx", "ja")
        service = WbsService(window.state.workspace.db)

        def edit(sheet, head, rows) -> None:
            values = [c.value for c in sheet[rows["1.2"]]][: head["タスクID"]]
            start = sheet.max_row + 1
            for k in range(300):
                for c, v in enumerate(values, 1):
                    sheet.cell(start + k, c).value = v
                sheet.cell(start + k, head["完了条件"]).value = f"顧客の記入{k}"
            sheet.cell(rows["1.1"], head["タスク"]).value = "顧客の題名"

        wbs_edit(out, edit)
        service.delete(window.state.project_id, [service.tree(window.state.project_id).by_code()["1.2"]])
        settle(window)
        seen: dict = {}
        import_wbs_in(window, qtbot, monkeypatch, out, True, seen)
        notes = seen["notes"]
        assert len(notes) < 30, len(notes)  # the first rows said, the others counted: not 600 items
        assert "顧客の記入0" in "\n".join(notes) and any("ほかに 293 行" in n for n in notes), notes
        assert any(t.title == "顧客の題名" for t in WbsService(window.state.workspace.db).tree(window.state.project_id).tasks.values())
    finally:
        close_window(window)

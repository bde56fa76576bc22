"""Where a row without a WBS code, typed between the rows of an exported WBS workbook, comes in
(app/wbs/files/sheet_new_rows.py sheet_place and placed): between its neighbours, as it stands in the
sheet, the siblings after it moved down; several such rows keep their order; one undo step."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from app.wbs.files.sheet_import import apply_plan, read_plan
from app.wbs.files.xlsx import export_wbs_xlsx
from app.wbs.service import WbsService


def columns(sheet) -> dict[str, int]:
    return {c.value: n for n, c in enumerate(sheet[1], start=1) if isinstance(c.value, str)}


def row_of(sheet, title: str) -> int:
    column = columns(sheet)["タスク"]
    return next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, column).value == title)


def insert(workspace, project_id: int, tmp_path: Path, at, titles: list[str]) -> Path:
    """The WBS exported in Japanese, ``titles`` typed in rows inserted at ``at(sheet)`` (no code, no task id)."""
    out = export_wbs_xlsx(workspace, project_id, tmp_path / "wbs.xlsx", "ja")
    book = openpyxl.load_workbook(out)
    sheet = book["WBS"]
    where = at(sheet)
    sheet.insert_rows(where, len(titles))
    for n, title in enumerate(titles):
        sheet.cell(where + n, columns(sheet)["タスク"]).value = title
    book.save(out)
    return out


def outline(workspace, project_id: int) -> list[tuple[str, str]]:
    tree = WbsService(workspace.db).tree(project_id)
    return [(tree.codes[t.id], t.title) for t in tree.walk()]


def positions_are_dense(workspace, project_id: int) -> None:
    tree = WbsService(workspace.db).tree(project_id)
    for parent in [None, *tree.tasks]:
        kids = tree.kids(parent)
        assert [tree.tasks[k].position for k in kids] == list(range(len(kids))), parent


def test_two_rows_inserted_together_mid_phase_come_in_there_in_their_order(workspace, demo, tmp_path: Path) -> None:
    service = WbsService(workspace.db)
    before, tree = service.tasks(demo.id), service.tree(demo.id)
    above = next(t for t in tree.tasks.values() if t.title == "WBS作成")
    phase, siblings = tree.codes[above.parent_id], tree.kids(above.parent_id)
    at = siblings.index(above.id)
    out = insert(workspace, demo.id, tmp_path, lambda sheet: row_of(sheet, "WBS作成") + 1, ["WBSレビュー", "WBSの手直し"])
    plan = read_plan(workspace, demo.id, out)
    assert [(new.title, new.parent_code) for new in plan.added] == [("WBSレビュー", phase), ("WBSの手直し", phase)]
    change = apply_plan(workspace, plan)
    assert change.info["changed"] == 0  # the tasks that moved down are not changed tasks
    after = service.tree(demo.id)
    kids = after.kids(above.parent_id)
    titles = [after.tasks[k].title for k in kids]
    assert titles[at : at + 3] == ["WBS作成", "WBSレビュー", "WBSの手直し"]
    assert after.codes[kids[at + 1]] == f"{phase}.{at + 2}" and after.codes[kids[at + 2]] == f"{phase}.{at + 3}"
    # The tasks that followed moved down two places, in their order, with their sub-tasks.
    assert kids[: at + 1] + kids[at + 3 :] == siblings
    assert [after.codes[k] for k in siblings[at + 1 :]] == [f"{phase}.{n + 3}" for n in range(at + 1, len(siblings))]
    assert [t.title for t in after.walk() if t.title not in ("WBSレビュー", "WBSの手直し")] == [t.title for t in before]
    positions_are_dense(workspace, demo.id)
    # One undo step.
    service.restore(demo.id, change.before)
    assert service.tasks(demo.id) == before


def test_a_row_after_the_last_task_of_a_phase_stays_in_that_phase(workspace, demo, tmp_path: Path) -> None:
    tree = WbsService(workspace.db).tree(demo.id)
    phase = tree.kids(None)[1]
    last = tree.tasks[tree.kids(phase)[-1]]
    out = insert(workspace, demo.id, tmp_path, lambda sheet: row_of(sheet, last.title) + 1 + len(list(tree.walk(last.id))), ["フェーズ2の振り返り"])
    plan = read_plan(workspace, demo.id, out)
    assert [(new.title, new.parent_code) for new in plan.added] == [("フェーズ2の振り返り", tree.codes[phase])]
    apply_plan(workspace, plan)
    after = WbsService(workspace.db).tree(demo.id)
    new = next(t for t in after.tasks.values() if t.title == "フェーズ2の振り返り")
    assert new.parent_id == phase and after.kids(phase)[-1] == new.id
    assert after.kids(None)[2] == tree.kids(None)[2]  # the next phase is where it was
    positions_are_dense(workspace, demo.id)


def test_a_row_at_the_top_of_the_sheet_comes_first(workspace, demo, tmp_path: Path) -> None:
    before = outline(workspace, demo.id)
    out = insert(workspace, demo.id, tmp_path, lambda sheet: 2, ["キックオフ前の準備"])
    plan = read_plan(workspace, demo.id, out)
    assert [(new.title, new.parent_code) for new in plan.added] == [("キックオフ前の準備", "")]
    apply_plan(workspace, plan)
    after = outline(workspace, demo.id)
    assert after[0] == ("1", "キックオフ前の準備"), after[:3]
    assert [title for _, title in after[1:]] == [title for _, title in before]
    positions_are_dense(workspace, demo.id)


def test_a_row_just_below_a_phase_heading_is_the_phase_s_first_task(workspace, demo, tmp_path: Path) -> None:
    tree = WbsService(workspace.db).tree(demo.id)
    phase = tree.tasks[tree.kids(None)[1]]
    out = insert(workspace, demo.id, tmp_path, lambda sheet: row_of(sheet, phase.title) + 1, ["事前確認"])
    plan = read_plan(workspace, demo.id, out)
    assert [(new.title, new.parent_code) for new in plan.added] == [("事前確認", tree.codes[phase.id])]
    apply_plan(workspace, plan)
    after = WbsService(workspace.db).tree(demo.id)
    first = after.tasks[after.kids(phase.id)[0]]
    assert first.title == "事前確認" and after.codes[first.id] == f"{tree.codes[phase.id]}.1"


def test_a_row_with_a_code_still_goes_last_under_the_task_its_code_names(workspace, demo, tmp_path: Path) -> None:
    tree = WbsService(workspace.db).tree(demo.id)
    phase = tree.kids(None)[1]
    out = insert(workspace, demo.id, tmp_path, lambda sheet: row_of(sheet, tree.tasks[tree.kids(phase)[0]].title) + 1, ["追加のヒアリング"])
    book = openpyxl.load_workbook(out)
    sheet = book["WBS"]
    sheet.cell(row_of(sheet, "追加のヒアリング"), columns(sheet)["WBS"]).value = f"{tree.codes[phase]}.2"
    book.save(out)
    apply_plan(workspace, read_plan(workspace, demo.id, out))
    after = WbsService(workspace.db).tree(demo.id)
    assert after.tasks[after.kids(phase)[-1]].title == "追加のヒアリング"


def test_a_row_at_the_end_of_the_sheet_still_comes_last(workspace, demo, tmp_path: Path) -> None:
    before = outline(workspace, demo.id)
    out = insert(workspace, demo.id, tmp_path, lambda sheet: sheet.max_row + 1, ["最終報告の振り返り"])
    apply_plan(workspace, read_plan(workspace, demo.id, out))
    after = outline(workspace, demo.id)
    assert after[-1][1] == "最終報告の振り返り" and after[:-1] == before


def test_a_row_whose_task_above_was_deleted_while_the_preview_was_open_comes_last_in_its_phase(workspace, demo, tmp_path: Path) -> None:
    service = WbsService(workspace.db)
    tree = service.tree(demo.id)
    above = next(t for t in tree.tasks.values() if t.title == "WBS作成")
    out = insert(workspace, demo.id, tmp_path, lambda sheet: row_of(sheet, "WBS作成") + 1, ["WBSレビュー"])
    plan = read_plan(workspace, demo.id, out)
    service.delete(demo.id, [above.id])
    apply_plan(workspace, plan)
    after = service.tree(demo.id)
    assert after.tasks[after.kids(above.parent_id)[-1]].title == "WBSレビュー"
    positions_are_dense(workspace, demo.id)


def test_a_row_below_a_new_row_with_a_code_comes_in_beside_it(workspace, demo, tmp_path: Path) -> None:
    phases = len(WbsService(workspace.db).tree(demo.id).kids(None))
    out = insert(workspace, demo.id, tmp_path, lambda sheet: sheet.max_row + 1, ["運用フェーズ", "運用引き継ぎ", "運用の振り返り"])
    book = openpyxl.load_workbook(out)
    sheet = book["WBS"]
    sheet.cell(row_of(sheet, "運用フェーズ"), columns(sheet)["WBS"]).value = f"{phases + 1}"
    sheet.cell(row_of(sheet, "運用引き継ぎ"), columns(sheet)["WBS"]).value = f"{phases + 1}.1"
    book.save(out)
    plan = read_plan(workspace, demo.id, out)
    assert [(new.title, new.parent_code) for new in plan.added] == [
        ("運用フェーズ", ""), ("運用引き継ぎ", f"{phases + 1}"), ("運用の振り返り", f"{phases + 1}")]
    apply_plan(workspace, plan)
    assert outline(workspace, demo.id)[-3:] == [
        (f"{phases + 1}", "運用フェーズ"), (f"{phases + 1}.1", "運用引き継ぎ"), (f"{phases + 1}.2", "運用の振り返り")]

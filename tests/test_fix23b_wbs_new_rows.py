"""fix23b: new rows of an edited Excel WBS placed under and after other new rows of the sheet (by the
codes the sheet gives them), and a project file whose predecessors make a cycle refused whole."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from app.core.errors import RefusedImportError
from app.core.projects import ProjectService
from app.projects import transfer
from app.wbs.files.sheet_import import apply_plan, read_plan
from app.wbs.files.xlsx import export_wbs_xlsx
from app.wbs.service import WbsService

NAMES = {"code": "WBS", "title": "タスク", "estimate": "見積(人日)", "predecessors": "先行タスク"}


def _edited(workspace, demo, tmp_path: Path, *rows: dict[str, object], name: str = "edited.xlsx") -> Path:
    """The demo's WBS exported, with ``rows`` added at the end (new rows: no task id)."""
    wb = openpyxl.load_workbook(export_wbs_xlsx(workspace, demo.id, tmp_path / "wbs.xlsx", "ja"))
    sheet = wb["WBS"]
    header = {c.value: n for n, c in enumerate(sheet[1], start=1) if isinstance(c.value, str)}
    for cells in rows:
        row = sheet.max_row + 1
        for key, value in cells.items():
            sheet.cell(row=row, column=header[NAMES[key]]).value = value
    wb.save(tmp_path / name)
    return tmp_path / name


def _placed(workspace, demo, titles: tuple[str, ...]) -> dict[str, tuple[str, list[str]]]:
    """Each task of ``titles``: its code and its predecessors' codes."""
    tree = WbsService(workspace.db).tree(demo.id)
    return {t.title: (tree.codes[t.id], [tree.codes[d.predecessor_id] for d in t.dependencies]) for t in tree.walk() if t.title in titles}


def test_a_child_row_above_its_new_parent_row_still_goes_under_it(workspace, demo, tmp_path) -> None:
    path = _edited(workspace, demo, tmp_path, {"code": "7.1", "title": "運用手順書"}, {"code": "7", "title": "運用移行"},
                   {"code": "7.2", "title": "引継ぎ", "predecessors": "7.1"})
    plan = read_plan(workspace, demo.id, path)
    said = plan.describe("ja")
    assert [line for line in said if "運用手順書" in line or "引継ぎ" in line][0].endswith("運用手順書(7 の下)"), said
    assert [line for line in said if "引継ぎ" in line][0].endswith("引継ぎ(7 の下)"), said
    apply_plan(workspace, plan)
    assert _placed(workspace, demo, ("運用移行", "運用手順書", "引継ぎ")) == {
        "運用移行": ("7", []), "運用手順書": ("7.1", []), "引継ぎ": ("7.2", ["7.1"])}


def test_the_same_workbook_imported_again_changes_nothing(workspace, demo, tmp_path) -> None:
    path = _edited(workspace, demo, tmp_path, {"code": "7", "title": "運用移行"}, {"code": "7.1", "title": "運用手順書", "estimate": 2},
                   {"code": "7.2", "title": "引継ぎ", "predecessors": "7.1"})
    apply_plan(workspace, read_plan(workspace, demo.id, path))
    count = WbsService(workspace.db).count(demo.id)
    again = read_plan(workspace, demo.id, path)
    assert again.empty, again.describe("en")
    assert WbsService(workspace.db).count(demo.id) == count


def test_a_task_of_the_sheet_may_follow_a_new_row(workspace, demo, tmp_path) -> None:
    """An existing task's 先行タスク may name a new row by the code the sheet gives it."""
    path = _edited(workspace, demo, tmp_path, {"code": "7", "title": "運用移行", "estimate": 1})
    wb = openpyxl.load_workbook(path)
    sheet = wb["WBS"]
    header = {c.value: n for n, c in enumerate(sheet[1], start=1) if isinstance(c.value, str)}
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(row=r, column=header["WBS"]).value == "6.1")
    sheet.cell(row=row, column=header["先行タスク"]).value = "7"
    wb.save(path)
    apply_plan(workspace, read_plan(workspace, demo.id, path))
    tree = WbsService(workspace.db).tree(demo.id)
    six_one = tree.tasks[tree.by_code()["6.1"]]
    assert [tree.codes[d.predecessor_id] for d in six_one.dependencies] == ["7"]


@pytest.mark.parametrize(
    ("rows", "en", "ja"),
    [
        (({"code": "6.14", "title": "運用手順書", "predecessors": "6.15"}, {"code": "6.15", "title": "引継ぎ", "predecessors": "6.14"}),
         "6.14 (new) → 6.15 (new)", "6.14(新規) → 6.15(新規)"),
        (({"code": "6.14", "title": "運用手順書", "predecessors": "6.14"},), "(6.14 (new))", "(6.14(新規))"),
        (({"code": "7", "title": "運用移行"}, {"code": "7.1", "title": "運用手順書", "predecessors": "7"}), "7 (new)", "7(新規)"),
    ],
)
def test_new_rows_that_precede_each_other_are_refused_by_their_codes(workspace, demo, tmp_path, rows, en, ja) -> None:
    path = _edited(workspace, demo, tmp_path, *rows)
    before = WbsService(workspace.db).tasks(demo.id)
    with pytest.raises(RefusedImportError) as caught:
        read_plan(workspace, demo.id, path)
    assert "edited.xlsx" in caught.value.text("en") and en in caught.value.text("en"), caught.value.text("en")
    assert "循環" in caught.value.text("ja") and ja in caught.value.text("ja"), caught.value.text("ja")
    assert WbsService(workspace.db).tasks(demo.id) == before


def test_new_rows_under_a_task_deleted_meanwhile_are_not_added_with_their_new_children(workspace, demo, tmp_path) -> None:
    path = _edited(workspace, demo, tmp_path, {"code": "6.14", "title": "運用移行"}, {"code": "6.14.1", "title": "運用手順書"},
                   {"code": "7", "title": "振り返り"})
    plan = read_plan(workspace, demo.id, path)
    service = WbsService(workspace.db)
    service.delete(demo.id, [service.tree(demo.id).by_code()["6"]])  # in another window, while the preview is open
    apply_plan(workspace, plan)
    assert [new.title for new in plan.not_added] == ["運用移行", "運用手順書"]
    assert _placed(workspace, demo, ("運用移行", "運用手順書", "振り返り")) == {"振り返り": ("6", [])}
    assert "\n".join(m.text("ja") for m in plan.meanwhile())


def _file_with(workspace, demo, tmp_path: Path, links: dict[int, int]) -> Path:
    data = transfer.export_data(workspace.db, demo.id)
    tasks = {t["uid"]: t for t in data["parts"]["wbs"]}
    for task, before in links.items():
        tasks[task]["predecessors"] = [{"uid": before, "lag_days": 0}]
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_a_project_file_cycle_is_named_by_outline_number_and_title(workspace, demo, tmp_path) -> None:
    tree = WbsService(workspace.db).tree(demo.id)
    by_uid = tree.by_uid()
    eight, nine = by_uid[8], by_uid[9]
    path = _file_with(workspace, demo, tmp_path, {8: 9, 9: 8})
    with pytest.raises(RefusedImportError) as caught:
        transfer.import_file(workspace.db, path, workspace.library)
    ja, en = caught.value.text("ja"), caught.value.text("en")
    for task in (eight, nine):
        assert f"{tree.codes[task.id]} {task.title}" in ja and f"{tree.codes[task.id]} {task.title}" in en, (ja, en)
    assert "循環" in ja and "何も取り込んでいません" in ja, ja
    assert "cycle" in en and "nothing was imported" in en, en


def test_a_project_file_task_after_its_own_parent_is_refused(workspace, demo, tmp_path) -> None:
    """A sub-task cannot start after its summary ends: the service refuses such a link, so does the import."""
    path = _file_with(workspace, demo, tmp_path, {7: 1})  # 1.1 after 1
    count = len(ProjectService(workspace.db).list())
    with pytest.raises(RefusedImportError, match="cycle"):
        transfer.import_file(workspace.db, path, workspace.library)
    assert len(ProjectService(workspace.db).list()) == count


def test_a_project_file_without_a_cycle_still_imports(workspace, demo, tmp_path) -> None:
    path = _file_with(workspace, demo, tmp_path, {9: 7})
    project_id = transfer.import_file(workspace.db, path, workspace.library)
    assert WbsService(workspace.db).count(project_id) == WbsService(workspace.db).count(demo.id)

"""What the export writes, the import takes: a project with a large WBS and its agreement baselines
(each a snapshot of every task) comes back from its own file; a file the import would refuse for its
size is refused by the export before anything is written; the import counts a file's values before
it parses it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.core import operations as ops
from app.core.errors import RefusedImportError
from app.core.projects import ProjectService
from app.projects import baselines as bl
from app.projects import file_format, transfer
from app.wbs.service import WbsService
from tests.bench_wbs import build_tasks

OLD_LIMIT = 32 * 1024 * 1024  # what the import took before: a file over it could be written, not read back


def big_project(workspace, baselines: int) -> int:
    """202 tasks with long descriptions (within the 100,000 characters a field holds) and ``baselines``
    agreement baselines of them, made through the operations."""
    pid = ProjectService(workspace.db).create("大きな計画", lang="ja").id
    tasks = build_tasks(202)
    for n, task in enumerate(tasks.values()):
        task.description = f"{n}: " + "要件定義の完了条件を顧客と合意する。" * 330
    WbsService(workspace.db).apply_snapshot(pid, tasks)
    for i in range(baselines):
        ops.run(workspace, bl.create_op(pid, f"合意 {i + 1}"))
    return pid


def test_a_large_plan_with_its_baselines_comes_back_from_its_own_file(workspace, tmp_path: Path) -> None:
    pid = big_project(workspace, baselines=9)
    out = transfer.export_file(workspace.db, pid, tmp_path / "big.json")
    assert out.stat().st_size > OLD_LIMIT  # the case of the report: over what the import used to take

    new_id = transfer.import_file(workspace.db, out)

    assert [b.name for b in bl.baselines(workspace, new_id)] == [f"合意 {i + 1}" for i in range(9)]
    again, first = bl.find(workspace, new_id, "合意 9"), bl.find(workspace, pid, "合意 9")
    assert again.wbs == first.wbs and len(again.wbs) == 202
    assert len(WbsService(workspace.db).tree(new_id).tasks) == 202


def exported_size(workspace, pid: int) -> tuple[int, int]:
    blob = (json.dumps(transfer.export_data(workspace.db, pid), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    return len(blob), file_format.count_values(blob)


@pytest.mark.parametrize("limit", ["MAX_FILE_BYTES", "MAX_VALUES"])
def test_the_export_writes_only_what_the_import_takes(workspace, demo, tmp_path: Path, monkeypatch, limit: str) -> None:
    ops.run(workspace, bl.create_op(demo.id, "キックオフ合意"))
    size, values = exported_size(workspace, demo.id)
    at = size if limit == "MAX_FILE_BYTES" else values
    (folder := tmp_path / "out").mkdir()
    out = folder / "demo.json"

    monkeypatch.setattr(file_format, limit, at)  # exactly as large as the file: written and read back
    transfer.export_file(workspace.db, demo.id, out)
    assert transfer.import_file(workspace.db, out) != demo.id

    out.write_text("前のファイル", encoding="utf-8")
    monkeypatch.setattr(file_format, limit, at - 1)  # one byte or value less: refused before anything is written
    with pytest.raises(file_format.ProjectTooLarge) as refused:
        transfer.export_file(workspace.db, demo.id, out)
    assert out.read_text(encoding="utf-8") == "前のファイル"
    assert list(folder.iterdir()) == [out]  # no part file left either
    assert str(out) in refused.value.text("ja") and "書き出していません" in refused.value.text("ja")
    assert "was not written" in refused.value.text("en")


def test_a_file_of_too_many_values_is_refused_before_it_is_parsed(workspace, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(file_format, "MAX_VALUES", 1_000)
    path = tmp_path / "many.json"
    path.write_text("[" + ",".join(["{}"] * 1_000) + "]", encoding="utf-8")  # 3 KB, a thousand objects and the list
    before = ProjectService(workspace.db).list()

    with pytest.raises(RefusedImportError) as refused:
        transfer.import_file(workspace.db, path)

    assert "1,001" in refused.value.text("en") and "1,000" in refused.value.text("en")
    assert "1,001 個の値" in refused.value.text("ja")
    assert ProjectService(workspace.db).list() == before


def test_nesting_is_still_refused_past_its_limit_and_taken_at_it() -> None:
    at_limit = "[" * file_format.MAX_DEPTH + "]" * file_format.MAX_DEPTH
    assert file_format.parse(at_limit) is not None
    with pytest.raises(RefusedImportError) as refused:
        file_format.parse("[" + at_limit + "]")
    assert "32" in refused.value.text("en")
    wide = {"a": [[1, {"b": [2, 3]}], {"c": {}}], "d": [[[[]]]]}  # siblings after a deep branch are walked too
    assert file_format.parse(json.dumps(wide)) == wide
    with pytest.raises(RefusedImportError):
        file_format.parse(json.dumps({"a": [], "b": [{"c": 1}], "d": json.loads(at_limit)}))


def test_a_file_of_an_earlier_version_with_a_date_past_2199_is_imported_as_it_was(workspace, demo, tmp_path: Path) -> None:
    """An earlier version took 9999/12/31 ("no end date") as typed. Its file was refused whole for that
    one date; it comes in with the date as it was (the documents read it as no date, the page shows it),
    and so do words in a table's date cell (the page shows them as they are), while a value of no shape the
    app stored is still refused."""
    from app.hearing import AnswerService
    from app.proposal.service import gather_inputs

    data = transfer.export_data(workspace.db, demo.id)
    data["project"]["uuid"] = "00000000-0000-4000-8000-000000000009"
    answers = {a["item_id"]: a for a in data["answers"]}
    answers["hearing.basics.poc_end"]["value"] = "9999-12-31"
    table = answers.get("hearing.basics.deliverables")
    if table is None:
        table = {**answers["hearing.basics.poc_end"], "item_id": "hearing.basics.deliverables"}
        data["answers"].append(table)
    table["value"] = [{"name": "報告書", "due": "9999/12/31"}]
    out = tmp_path / "old.json"
    out.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    new_id = transfer.import_file(workspace.db, out, library=workspace.library)

    service = AnswerService(workspace.db, workspace.library)
    assert service.answer(new_id, "hearing.basics.poc_end").value == "9999-12-31"
    assert service.answer(new_id, "hearing.basics.deliverables").value == [{"name": "報告書", "due": "9999/12/31"}]
    assert gather_inputs(workspace, new_id) is not None  # the proposal reads it (as no date)

    table["value"] = [{"name": "報告書", "due": "来月末"}]  # words, saved while the column held text: kept as they are
    data["project"]["uuid"] = "00000000-0000-4000-8000-000000000010"
    out.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    words_id = transfer.import_file(workspace.db, out, library=workspace.library)
    assert service.answer(words_id, "hearing.basics.deliverables").value == [{"name": "報告書", "due": "来月末"}]

    table["value"] = [{"name": "報告書", "due": 20270331}]  # a number in a date cell: no shape the app ever stored
    data["project"]["uuid"] = "00000000-0000-4000-8000-000000000011"
    out.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(RefusedImportError) as refused:
        transfer.import_file(workspace.db, out, library=workspace.library)
    assert "期限" in refused.value.text("ja") and "20270331" in refused.value.text("ja")

"""The system plan's md and xlsx of a team's own system_planning checklist of another shape than the shipped one:
no items, a computed table (process flow, cost estimate, exchange rates, monitoring, operations) with fewer columns,
a computed table's id given to a text item. `templates validate` takes each; each export is written whole."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

import app.features  # noqa: F401  (the content types the loader needs)
from app.core.content.loader import load_library
from app.core.projects import ProjectService
from app.core.workspace import Workspace
from app.hearing.answers import AnswerService
from app.system_planning import service as sp
from app.system_planning.operations import load_doc
from app.system_planning.plan_md import system_plan_markdown
from app.system_planning.plan_xlsx import export_xlsx

REPO = Path(__file__).resolve().parent.parent
HEAD = "type: checklist\nschema: 1\nid: system_planning\nversion: 9\ntitle: {ja: システム化計画(自社版), en: System planning (ours)}\n"
NUMBERS = {"volume", "processing_time", "rate", "unit_price", "quantity"}


def table(item_id: str, label: str, columns: list[str]) -> str:
    cols = "".join(f"          - {{id: {c}, label: {{ja: {c}, en: {c}}}{', kind: number' if c in NUMBERS else ''}}}\n" for c in columns)
    return f"      - id: {item_id}\n        label: {{ja: {label}, en: {label}}}\n        kind: table\n        columns:\n{cols}"


def section(section_id: str, items: str) -> str:
    return f"sections:\n  - id: {section_id}\n    title: {{ja: {section_id}, en: {section_id}}}\n    items:\n{items}"


@pytest.fixture
def own(tmp_path: Path):
    """Opens a workspace on the shipped content plus the own system_planning.yaml given; yields (workspace, project id)."""
    opened: list[Workspace] = []

    def open_(body: str) -> tuple[Workspace, int]:
        folder = tmp_path / "own"
        folder.mkdir()
        (folder / "system_planning.yaml").write_text(HEAD + body, encoding="utf-8")
        library = load_library([REPO / "checklists", folder], strict=True)  # (what `templates validate` takes)
        ws = Workspace.open(str(tmp_path / "db.sqlite3"), library)
        opened.append(ws)
        return ws, ProjectService(ws.db).create("自社案件", lang="ja").id

    yield open_
    for ws in opened:
        ws.close()


def exports(ws: Workspace, pid: int, tmp_path: Path) -> dict[str, tuple[str, openpyxl.Workbook]]:
    out = {}
    for lang in ("ja", "en"):
        path = export_xlsx(ws, pid, tmp_path / f"plan_{lang}.xlsx", lang)
        out[lang] = (system_plan_markdown(ws, pid, lang), openpyxl.load_workbook(path))
    return out


def test_an_own_checklist_without_items_gives_an_empty_overview(own, tmp_path) -> None:
    ws, pid = own("sections: []\n")
    for lang, (text, book) in exports(ws, pid, tmp_path).items():
        overview = book.worksheets[0]
        assert overview.max_row == 1 and overview["A1"].value == ("セクション" if lang == "ja" else "Section")
        assert text.startswith("# ")


def test_a_process_flow_without_the_optional_columns_gives_the_apps_figures_without_formulas(own, tmp_path) -> None:
    columns = ["process", "mode", "volume", "frequency", "processing_time", "instance_type"]  # no time unit, workers, batch window...
    ws, pid = own(section("process_flow", table(sp.PROCESSES, "処理", columns)))
    row = {"process": "夜間推論", "mode": "batch", "volume": 100000, "frequency": "daily", "processing_time": 0.2, "instance_type": "c6i.large"}
    AnswerService(ws.db, ws.library).update(pid, sp.PROCESSES, value=[row])
    plan = sp.build_plan(ws.library, sp.answer_values(AnswerService(ws.db, ws.library).answers(pid)), load_doc(ws, pid))
    cost = plan.processes[0].result.monthly_cost
    assert cost is not None and cost > 0
    for text, book in exports(ws, pid, tmp_path).values():
        assert "夜間推論" in text
        sheet = book.worksheets[1]
        assert sheet["B2"].value == "夜間推論"
        cells = [c.value for c in sheet[2]]
        assert cost in cells and not any(isinstance(v, str) and v.startswith("=") for v in cells), cells


def test_cost_and_exchange_rate_tables_without_the_computed_columns_are_written(own, tmp_path) -> None:
    items = table(sp.FX_RATES, "為替", ["currency", "note"]) + table(sp.COST_ITEMS, "費用", ["phase", "item", "note"])
    ws, pid = own(section("cost", items))
    answers = AnswerService(ws.db, ws.library)
    answers.update(pid, sp.FX_RATES, value=[{"currency": "usd", "note": "社内レート"}])
    answers.update(pid, sp.COST_ITEMS, value=[{"phase": "initial", "item": "GPU購入", "note": "見積依頼中"}])
    for text, book in exports(ws, pid, tmp_path).values():
        assert "GPU購入" in text and "社内レート" in text
        assert any(c.value == "GPU購入" for sheet in book.worksheets for r in sheet.iter_rows() for c in r)


def test_monitoring_and_operations_tables_without_their_checked_columns_are_written(own, tmp_path) -> None:
    items = table(sp.MONITORING_PLAN, "監視", ["what"]) + table(sp.OPERATIONS_TASKS, "運用", ["what"])
    ws, pid = own(section("nfr", items))
    answers = AnswerService(ws.db, ws.library)
    answers.update(pid, sp.MONITORING_PLAN, value=[{"what": "推論エラー率"}])
    answers.update(pid, sp.OPERATIONS_TASKS, value=[{"what": "月次レポート"}])
    for text, book in exports(ws, pid, tmp_path).values():
        assert "推論エラー率" in text and "月次レポート" in text
        assert {"監視", "運用"} <= set(book.sheetnames)


def test_a_computed_tables_id_given_to_a_text_item_is_its_text(own, tmp_path) -> None:
    ids = (sp.PROCESSES, sp.COST_ITEMS, sp.FX_RATES, sp.MONITORING_PLAN, sp.OPERATIONS_TASKS)
    ws, pid = own(section("process_flow", "".join(f"      - {{id: {i}, label: {{ja: 項目{n}, en: Item {n}}}, kind: text}}\n" for n, i in enumerate(ids))))
    answers = AnswerService(ws.db, ws.library)
    for n, item_id in enumerate(ids):
        answers.update(pid, item_id, value=f"手書きの表{n}")
    for text, book in exports(ws, pid, tmp_path).values():
        assert all(f"手書きの表{n}" in text for n in range(len(ids)))
        assert [book.worksheets[0].cell(r, 4).value for r in range(2, 2 + len(ids))] == [f"手書きの表{n}" for n in range(len(ids))]


def test_a_process_flow_without_a_mode_column_lists_its_processes(own, tmp_path) -> None:
    ws, pid = own(section("process_flow", table(sp.PROCESSES, "処理", ["process", "volume"])))
    AnswerService(ws.db, ws.library).update(pid, sp.PROCESSES, value=[{"process": "画像の前処理", "volume": 5000}])
    for text, book in exports(ws, pid, tmp_path).values():
        assert "| 画像の前処理 |" in text
        assert book.worksheets[1]["B2"].value == "画像の前処理"


def test_the_capacity_and_the_cost_summary_follow_their_tables_in_sections_of_other_ids(own, tmp_path) -> None:
    body = (section("flow", table(sp.PROCESSES, "処理", ["process", "volume"]))
            + "  - id: money\n    title: {ja: 費用, en: Money}\n    items:\n" + table(sp.COST_ITEMS, "費用", ["phase", "item", "unit_price", "quantity"])
            + "  - id: after\n    title: {ja: その他, en: Other}\n    items:\n      - {id: system_planning.after.memo, label: {ja: メモ, en: Memo}, kind: text}\n")  # fmt: skip
    ws, pid = own(body)
    text = system_plan_markdown(ws, pid, "ja")
    headings = [line for line in text.splitlines() if line.startswith("#")]
    capacity, cost = "### キャパシティとインフラ費用(簡易性能テストから)", "### コスト集計と費用対効果"
    assert headings[1:7] == ["## flow", "### 処理", capacity, "## 費用", "### 費用", cost], headings

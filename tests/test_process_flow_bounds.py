"""The process-flow table's counts have a range (a column's minimum and maximum, in the content): a
negative data volume, or one of 400 digits, is refused as typed, naming the item and the column by
their labels, in Japanese and English; in the window it stays as a draft, marked. A value of an
older version's database or project file outside the range is read, imported and exported without a
crash: the capacity calculator says it cannot take it, every other number of the plan alike."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from app.cli.main import main
from app.core.content.loader import load_file
from app.core.errors import AnswerValueError, ContentError
from app.core.storage.models import Answer as AnswerRow
from app.hearing.answers import AnswerService
from app.projects.transfer import export_data, import_data
from app.system_planning import service as sp
from app.system_planning.operations import load_doc
from app.system_planning.plan_md import export_markdown
from app.system_planning.plan_xlsx import export_xlsx
from app.system_planning.text import flag_message
from tests.gui_helpers import settle
from tests.test_content_loader import GOOD, write

HUGE = int("9" * 400)
PROCESS_NUMBERS = ("volume", "processing_time", "batch_size", "workers", "instances", "peak_factor", "target_utilisation",
                   "latency_requirement", "batch_window")  # fmt: skip
COST_NUMBERS = ("unit_price", "quantity")


def rows_of(workspace, project_id: int, item_id: str = sp.PROCESSES) -> list[dict]:
    return AnswerService(workspace.db, workspace.library).answer(project_id, item_id).value


def store_as_an_older_version(workspace, project_id: int, item_id: str, rows: list[dict]) -> None:
    """Rows written as a database of a version before the range holds them (no check)."""
    with workspace.db.session() as s:
        s.scalar(select(AnswerRow).where(AnswerRow.project_id == project_id, AnswerRow.item_id == item_id)).value = rows


# --- the answer refuses a count outside its range ---------------------------------------------------------


@pytest.mark.parametrize(("typed", "ja", "en"), [
    ("9" * 400, "を超えています", "is more than 1,000,000,000,000"),
    (HUGE, "1,000,000,000,000 以下", "the most it takes"),
    ("-5", "「-5」は 0 より小さい値です", "“-5” is less than 0"),
    (-5, "0 以上を入力してください", "the least it takes"),
])  # fmt: skip
def test_a_data_volume_out_of_range_is_refused_naming_the_item_and_the_column(workspace, demo, typed, ja, en) -> None:
    answers = AnswerService(workspace.db, workspace.library)
    rows = rows_of(workspace, demo.id)
    before = rows[0]["volume"]
    rows[0]["volume"] = typed
    with pytest.raises(AnswerValueError) as refused:
        answers.update(demo.id, sp.PROCESSES, value=rows)
    text_ja, text_en = refused.value.text("ja", workspace.library), refused.value.text("en", workspace.library)
    assert "処理ごとの想定データ量" in text_ja and "データ量" in text_ja and ja in text_ja, text_ja
    assert "Data volume" in text_en and en in text_en, text_en
    assert len(text_ja) < 300  # 400 digits: the beginning is quoted
    assert rows_of(workspace, demo.id)[0]["volume"] == before


@pytest.mark.parametrize("column", ["batch_size", "workers", "instances"])
def test_the_other_counts_of_a_process_are_never_negative(workspace, demo, column) -> None:
    rows = rows_of(workspace, demo.id)
    rows[0][column] = -1
    with pytest.raises(AnswerValueError, match="less than 0"):
        AnswerService(workspace.db, workspace.library).update(demo.id, sp.PROCESSES, value=rows)


@pytest.mark.parametrize("typed", [0, "1,000,000,000,000", "５００件"])
def test_a_count_within_its_range_is_kept(workspace, demo, typed) -> None:
    rows = rows_of(workspace, demo.id)
    rows[0]["volume"] = typed
    AnswerService(workspace.db, workspace.library).update(demo.id, sp.PROCESSES, value=rows)
    assert rows_of(workspace, demo.id)[0]["volume"] in (0, 1_000_000_000_000, 500)


@pytest.mark.parametrize(("wrong", "problem"), [
    ("{id: c1, label: {ja: 列, en: Column}, kind: text, minimum: 0}", "only a number column has a range"),
    ("{id: c1, label: {ja: 列, en: Column}, kind: number, minimum: 5, maximum: 1}", "minimum over its maximum"),
])  # fmt: skip
def test_a_range_is_only_a_number_columns_and_in_order(tmp_path: Path, wrong, problem) -> None:
    column = "{id: c1, label: {ja: 列, en: Column}, kind: number}"
    with pytest.raises(ContentError, match=problem):
        load_file(write(tmp_path, GOOD.replace(column, wrong)))


# --- a value stored before the range: read, imported and exported without a crash --------------------------


@pytest.mark.parametrize("value", [HUGE, -HUGE])
@pytest.mark.parametrize("column", PROCESS_NUMBERS + COST_NUMBERS)
def test_a_stored_number_of_400_digits_is_said_in_the_plan_and_its_documents(workspace, demo, tmp_path, column, value) -> None:
    item_id = sp.COST_ITEMS if column in COST_NUMBERS else sp.PROCESSES
    rows = rows_of(workspace, demo.id, item_id)
    rows[0][column] = value
    store_as_an_older_version(workspace, demo.id, item_id, rows)
    values = sp.answer_values(AnswerService(workspace.db, workspace.library).answers(demo.id))
    plan = sp.build_plan(workspace.library, values, load_doc(workspace, demo.id))
    if item_id == sp.PROCESSES and column not in ("batch_size", "batch_window", "latency_requirement", "target_utilisation", "peak_factor"):
        assert plan.processes[0].result.flags  # the row says it cannot be calculated
    if item_id == sp.COST_ITEMS:
        assert plan.cost.lines[0].flags and plan.cost.lines[0].amount is None  # said, left out of the totals
    assert export_markdown(workspace, demo.id, tmp_path / "plan.md", "ja").exists()
    assert export_xlsx(workspace, demo.id, tmp_path / "plan.xlsx", "ja").exists()


def test_a_stored_huge_data_volume_is_too_large_to_calculate_with_said_by_its_beginning(workspace, demo) -> None:
    rows = rows_of(workspace, demo.id)
    rows[0]["volume"] = HUGE
    store_as_an_older_version(workspace, demo.id, sp.PROCESSES, rows)
    values = sp.answer_values(AnswerService(workspace.db, workspace.library).answers(demo.id))
    result = sp.build_plan(workspace.library, values, load_doc(workspace, demo.id)).processes[0].result
    flag = next(f for f in result.flags if f.kind == "too_large")
    text = flag_message(flag, "ja", workspace.library.item(sp.PROCESSES))
    assert text.startswith("データ量: 「9,999,999") and "…」は大きすぎて計算できません" in text and len(text) < 100, text


def test_the_cli_writes_the_plan_of_a_stored_huge_data_volume_in_both_formats(workspace, demo, db_path, tmp_path) -> None:
    rows = rows_of(workspace, demo.id)
    rows[0]["volume"] = HUGE
    store_as_an_older_version(workspace, demo.id, sp.PROCESSES, rows)
    for name in ("plan.md", "plan.xlsx"):
        out = tmp_path / name
        assert main(["--db", str(db_path), "--lang", "ja", "export", "system-plan", "--project", str(demo.id), "--out", str(out)]) == 0
        assert out.exists()


@pytest.mark.parametrize("value", [-5, HUGE])
def test_a_project_file_of_an_older_version_with_a_count_out_of_range_is_imported_as_it_was(workspace, demo, value) -> None:
    rows = rows_of(workspace, demo.id)
    rows[0]["volume"] = value
    store_as_an_older_version(workspace, demo.id, sp.PROCESSES, rows)
    data = export_data(workspace.db, demo.id)
    data["project"]["name"] = "取り込み"
    data["project"]["uuid"] = "00000000-0000-4000-8000-000000000023"
    new_id = import_data(workspace.db, data, source="old.mlopsproj", library=workspace.library)
    assert rows_of(workspace, new_id)[0]["volume"] == value  # kept as it was: the page asks for another


# --- the window ----------------------------------------------------------------------------------------------


@pytest.fixture
def window(japanese_window):
    return japanese_window


@pytest.mark.parametrize(("typed", "said_ja", "flag_ja"), [
    ("-5", "「-5」は 0 より小さい値です", "「-5」は正の数ではありません"),
    ("9" * 400, "1,000,000,000,000 を超えています", "大きすぎて計算できません"),
])  # fmt: skip
def test_a_data_volume_out_of_range_typed_in_the_page_is_kept_as_a_draft_and_flagged(window, qtbot, said, typed, said_ja, flag_ja) -> None:
    window.show_page("system-planning")
    settle(window)
    page = window.page("system-planning")
    assert page.select_item(sp.PROCESSES)
    qtbot.waitUntil(lambda: page.editor.item_id == sp.PROCESSES)
    table = page.editor.editors["value"]
    index = table.model.index(0, [c.id for c in table.model.columns].index("volume"))
    before = window.state.answers.answer(window.state.project_id, sp.PROCESSES).value[0]["volume"]
    table.model.setData(index, typed)
    page.editor.flush()
    settle(window)
    assert window.state.answers.answer(window.state.project_id, sp.PROCESSES).value[0]["volume"] == before  # not stored
    assert index.data(Qt.ItemDataRole.EditRole) == typed  # kept as typed, a draft
    assert "データ量" in index.data(Qt.ItemDataRole.ToolTipRole) and said_ja in index.data(Qt.ItemDataRole.ToolTipRole)
    assert page.editor.error_label.isVisibleTo(page) and said_ja in page.editor.error_label.text()
    flags = page.capacity.model.result(0).flags
    assert any(flag_ja in flag_message(f, "ja", window.state.workspace.library.item(sp.PROCESSES)) for f in flags)
    assert not [s for s in said if s.startswith("CRASH")], said

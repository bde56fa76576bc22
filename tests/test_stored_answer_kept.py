"""An answer saved before the checklist changed its item's kind, in the agreement-baseline diff and in the
project file: said as its words beside the rows that replaced it (or that it replaced), imported as it
was exported, while a file's real damage is still refused."""

from __future__ import annotations

import pytest

from app.core.errors import RefusedImportError
from app.projects import transfer

SOURCES = "hearing.prereq.data_sources"  # a table (データの種類)
BACKGROUND = "hearing.basics.background"  # a text (背景・課題)
ROLES = "hearing.basics.tasks_roles"  # a table (作業内容と役割分担)


def baseline(name: str, value):
    from app.projects.baselines.store import Baseline

    return Baseline(name, "manual", "2026-12-01T00:00:00+00:00", "", {"hearing": {SOURCES: {"status": "answered", "value": value, "later": None, "note": ""}}}, {})


def said(library, old, new, lang="ja") -> list[tuple[str, str, str]]:
    from app.projects.baselines.diff import diff

    return [(r.old, r.new, r.change) for r in diff(baseline("合意1", old), baseline("合意2", new), library, lang).rows]


def test_rows_replaced_by_a_text_are_said_by_their_count_and_cells_beside_the_text(library) -> None:
    rows = said(library, [{"name": "売上"}, {"name": "在庫"}], "顧客がデータ準備")
    assert rows[0] == ("2行", "顧客がデータ準備", "changed"), rows
    assert [(old, change) for old, _, change in rows[1:]] == [("売上", "removed"), ("在庫", "removed")], rows


def test_words_replaced_by_rows_are_named_as_changed_and_the_rows_cells_added(library) -> None:
    rows = said(library, ["売上DB"], [{"name": "顧客DB"}], "en")
    assert rows[0] == ("売上DB", "1 row", "changed"), rows
    assert rows[1][1:] == ("顧客DB", "added"), rows


def test_words_typed_where_an_empty_table_was_are_added_and_unchanged_words_say_nothing(library) -> None:
    assert said(library, [], ["売上DB"]) == [("", "売上DB", "added")]
    assert said(library, ["売上DB", "在庫DB"], ["売上DB", "在庫DB"]) == []


def exported_with(workspace, demo, item_id: str, value) -> dict:
    data = transfer.export_data(workspace.db, demo.id)
    data["project"]["uuid"] = "00000000-0000-4000-8000-00000026f001"
    answer = next(a for a in data["answers"] if a["item_id"] == item_id)
    answer["value"] = value
    return data


@pytest.mark.parametrize(("item_id", "value"), [
    (ROLES, ["データ準備", "モデル開発"]),  # a table saved as a list of words
    (BACKGROUND, {"checked": True, "text": "売上が落ちている"}),  # a text saved as a check
    (BACKGROUND, 3),  # a text saved as a number
], ids=["table-as-words", "text-as-check", "text-as-number"])  # fmt: skip
def test_a_project_file_with_an_answer_of_another_kind_comes_in_as_it_was(workspace, demo, item_id, value) -> None:
    from app.hearing import AnswerService

    new_id = transfer.import_data(workspace.db, exported_with(workspace, demo, item_id, value), source="p.json", library=workspace.library)
    assert AnswerService(workspace.db, workspace.library).answer(new_id, item_id).value == value


@pytest.mark.parametrize(("item_id", "value", "words"), [
    (BACKGROUND, [{"name": f"source {n}"} for n in range(1_001)], "1,000"),  # rows past what a table takes
    (BACKGROUND, {"weird": [1, 2]}, "weird"),  # no kind's shape at all
    (ROLES, [{"task": "準備"}, "モデル開発"], "2"),  # rows and words mixed: no kind's shape
], ids=["too-many-rows", "no-kinds-shape", "rows-and-words"])  # fmt: skip
def test_a_project_file_whose_answer_is_damaged_is_still_refused_naming_the_item(workspace, demo, item_id, value, words) -> None:
    with pytest.raises(RefusedImportError) as refused:
        transfer.import_data(workspace.db, exported_with(workspace, demo, item_id, value), source="p.json", library=workspace.library)
    text = refused.value.text("ja")
    label = workspace.library.item(item_id).label.get("ja")
    assert label in text and words in text and "何も取り込んでいません" in text, text

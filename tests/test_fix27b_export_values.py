"""fix27b: what ``project export`` writes, ``project import`` takes, values included (the import's field
rules, checked by the export with the content library).

Answers the app keeps and shows as they were stored (a choice no longer offered, in an item or a table's
cell, words in a date item) come back as they were; a choice that is no option id is damage, refused by
the import and so by the export, naming the answer (words in a table's date cell are kept:
tests/test_older_data_exports.py); an environment value its page would
refuse is refused by the export, naming the page and the field (the import keeps refusing it: the
same rule at every entry, tests/test_injection.py)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select

from app.core.errors import RefusedImportError, UserError
from app.core.storage.models import Answer
from app.projects import transfer
from tests.test_messages_files_environment import cli

SCHEDULE = "hearing.basics.schedule"  # a table with a date column ("date") and a choice column ("kind")


def store(workspace, project_id: int, item_id: str, value: object) -> None:
    """An answer as an earlier checklist (or version) left it in the database."""
    with workspace.db.session() as s:
        answer = s.scalar(select(Answer).where(Answer.project_id == project_id, Answer.item_id == item_id))
        answer.value = value


def kept_rows(workspace, project_id: int) -> list[dict]:
    with workspace.db.session() as s:
        rows = s.scalar(select(Answer.value).where(Answer.project_id == project_id, Answer.item_id == SCHEDULE))
    return [dict(row, date="9999-12-31", kind="milestone_x") if n == 0 else dict(row) for n, row in enumerate(rows)]


def test_what_the_app_keeps_comes_back_as_it_was(workspace, demo, tmp_path: Path) -> None:
    kept = {
        "hearing.prereq.env_platform": ["aws", "sakura"],  # ticked, no longer offered
        "system_planning.cost.currency": "gbp",  # chosen, no longer offered
        "hearing.basics.poc_start": "来月頃",  # words saved before the item became a date
        SCHEDULE: kept_rows(workspace, demo.id),  # a table's choice cell no longer offered (and a date past 2199)
    }
    for item_id, value in kept.items():
        store(workspace, demo.id, item_id, value)
    out = transfer.export_file(workspace.db, demo.id, tmp_path / "mine.json", workspace.library)
    new_id = transfer.import_file(workspace.db, out, workspace.library)
    with workspace.db.session() as s:
        back = {a.item_id: a.value for a in s.scalars(select(Answer).where(Answer.project_id == new_id))}
    assert {item_id: back[item_id] for item_id in kept} == kept


DAMAGED = {
    "control characters": ("system_planning.cost.currency", "jpy\x00|x", "見積もりの通貨"),
    "no option id": ("hearing.prereq.env_platform", ["aws", "Sakura Cloud!"], "環境(オンプレ/クラウド)"),
    "a cell": (SCHEDULE, [{"milestone": "m", "kind": "a b|c"}], "スケジュールとマイルストーン / 種別(1行目)"),
    "a date cell's number": (SCHEDULE, [{"milestone": "m", "date": 20270331}], "スケジュールとマイルストーン / 日付(1行目)"),
}


@pytest.mark.parametrize(("item_id", "value", "label"), list(DAMAGED.values()), ids=list(DAMAGED))
def test_damage_is_refused_by_the_import_and_the_export(workspace, demo, tmp_path: Path, item_id: str, value: object,
                                                       label: str) -> None:
    data = transfer.export_data(workspace.db, demo.id)
    answer = next(a for a in data["answers"] if a["item_id"] == item_id)
    answer["value"], answer["history"] = value, []
    with pytest.raises(RefusedImportError) as refused:
        transfer.import_data(workspace.db, data, source="hostile.json", library=workspace.library)
    assert f"{label}: " in refused.value.text("ja")

    store(workspace, demo.id, item_id, value)
    out = tmp_path / "mine.json"
    with pytest.raises(UserError) as caught:
        transfer.export_file(workspace.db, demo.id, out, workspace.library)
    text = caught.value.text("ja")
    assert not out.exists()
    assert text.startswith(f"{out} は書き出していません: 「{demo.name}」の回答で、{label}: ") and "直してから" in text, text


def test_an_environment_value_its_page_refuses_is_refused_at_export_naming_page_and_field(workspace, demo, db_path: Path,
                                                                                          tmp_path: Path, capsys) -> None:
    name = demo.name
    workspace.close()
    with sqlite3.connect(db_path) as con:
        con.execute("UPDATE project_documents SET data = json_set(data, '$.values.repo_name', 'my repo/..') "
                    "WHERE project_id = ? AND kind = 'environment'", (demo.id,))
    out = tmp_path / "mine.json"
    code, err = cli(db_path, capsys, "project", "export", str(demo.id), "--out", str(out))
    assert (code, out.exists()) == (2, False)
    assert err == (f"{out} は書き出していません: 「{name}」の実験環境構築ページで、リポジトリ名: 「my repo/..」はここには使えません"
                   "(ファイル名やコマンドに入る値です)。このままでは読み込めないファイルになります。実験環境構築ページで値を直してから、"
                   "もう一度書き出してください")
    code, err = cli(db_path, capsys, "--lang", "en", "project", "export", str(demo.id), "--out", str(out))
    assert (code, out.exists()) == (2, False)
    assert err == (f"{out} was not written: in “{name}”, on the Experiment environment page, Repository name: “my repo/..” "
                   "does not fit here (it ends up in file names and commands), and the file would not import. Correct the value "
                   "on the Experiment environment page, then export again")


def test_the_window_export_checks_the_values_too(qtbot, db_path: Path, monkeypatch, tmp_path: Path) -> None:
    from tests.test_breaker16c import export_from_window, make_window

    window = make_window(qtbot, db_path, global_lang="ja")
    with sqlite3.connect(db_path) as con:
        con.execute("UPDATE answers SET value = ? WHERE project_id = ? AND item_id = 'hearing.prereq.env_platform'",
                    (json.dumps(["aws", "sakura"]), window.state.project_id))
        con.execute("UPDATE project_documents SET data = json_set(data, '$.values.repo_name', 'my repo/..') "
                    "WHERE project_id = ? AND kind = 'environment'", (window.state.project_id,))
    out = tmp_path / "project.json"
    shown = export_from_window(window, qtbot, monkeypatch, out)
    assert not out.exists()
    assert len(shown) == 1 and "実験環境構築ページ" in shown[0] and "リポジトリ名" in shown[0], shown

"""The Data platform page's datasets table over a change of its rows: a cell being typed in keeps its
editor and its text when rows are added, removed or reordered around it (another window's change to
the hearing's data sources), and the model stays consistent for Qt's model tester."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QLineEdit, QTableView

from app.environment.service import Dataset
from app.ui.environment.tables import CellDelegate, DatasetsModel


def dataset(name: str) -> Dataset:
    return Dataset(name, {"name": name}, f"{name}_id", "", f"/data/{name}_id/", frozenset())


def names(model: DatasetsModel) -> list[str]:
    return [model.data(model.index(row, 0)) for row in range(model.rowCount())]


@pytest.fixture
def table(qtbot, qtmodeltester):
    model = DatasetsModel(lambda *_: None)
    model.set_datasets([dataset(n) for n in ("画像", "ログ", "売上")], "ja", 1)
    qtmodeltester.check(model)
    view = QTableView()
    view.setObjectName("datasetsTable")
    view.setModel(model)
    view.setItemDelegate(CellDelegate(view))
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    return model, view


def typing_in(view: QTableView, row: int, text: str) -> QLineEdit:
    cell = view.model().index(row, 1)
    view.setCurrentIndex(cell)
    view.edit(cell)
    editor = view.viewport().findChild(QLineEdit)
    assert editor is not None
    editor.selectAll()
    editor.insert(text)
    return editor


@pytest.mark.parametrize(
    ("after", "row_then"),
    [
        (["画像", "ログ", "売上", "問い合わせ"], 1),  # a source added at the end
        (["新規", "画像", "ログ", "売上"], 2),  # added before it
        (["画像", "ログ"], 1),  # another removed
        (["ログ"], 0),  # the rows above and below removed
        (["売上", "ログ", "画像"], 1),  # reordered
        (["売上", "新規", "ログ"], 2),  # removed, reordered and added at once
    ],
)
def test_a_cell_being_typed_keeps_its_editor_and_text_over_a_change_of_the_other_rows(table, after, row_then) -> None:
    model, view = table
    editor = typing_in(view, 1, "typed_in_meeting")  # the row of ログ
    model.set_datasets([dataset(n) for n in after], "ja", 1)
    assert names(model) == after
    assert view.viewport().findChild(QLineEdit) is editor and editor.text() == "typed_in_meeting"
    assert view.currentIndex().row() == row_then and names(model)[row_then] == "ログ"
    saved = []
    model.editor = lambda key, column, text, own: saved.append((key, column, text))
    view.commitData(editor)
    assert saved == [("ログ", "dataset_id", "typed_in_meeting")]


def test_a_row_whose_cells_changed_is_repainted_but_the_cell_being_typed_keeps_its_text(table) -> None:
    model, view = table
    editor = typing_in(view, 0, "typed")
    changed: list[tuple[int, int]] = []
    model.dataChanged.connect(lambda top, _bottom: changed.append((top.row(), top.column())))
    rows = [dataset(n) for n in ("新規", "画像", "ログ", "売上")]
    rows[3] = Dataset("売上", {"name": "売上"}, "sales_2026", "", "/data/sales_2026/", frozenset({"dataset_id"}))
    model.set_datasets(rows, "ja", 1)
    assert model.data(model.index(3, 1)) == "sales_2026" and (3, 1) in changed
    assert (1, 1) not in changed and editor.text() == "typed"  # the stored text not put back into the editor


def test_rows_removed_to_none_and_added_back_stay_consistent(table, qtmodeltester) -> None:
    model, _view = table
    model.set_datasets([], "ja", 1)
    assert model.rowCount(QModelIndex()) == 0
    model.set_datasets([dataset(n) for n in ("a", "b")], "ja", 1)
    assert names(model) == ["a", "b"]
    qtmodeltester.check(model)


def test_another_project_resets_the_table(table) -> None:
    model, _view = table
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))
    model.set_datasets([dataset("画像")], "ja", 2)
    assert resets and names(model) == ["画像"]


def test_a_source_renamed_keeps_its_row_its_editor_and_its_draft(table) -> None:
    model, view = table
    model.drafts[(1, "売上", "owner")] = ("田 中", "refused")
    renamed: list[tuple] = []
    model.on_rename = lambda old, new: renamed.append((old, new))
    editor = typing_in(view, 1, "typed_in_meeting")
    removed: list[int] = []
    model.rowsRemoved.connect(lambda _parent, first, _last: removed.append(first))
    model.set_datasets([dataset("画像"), Dataset("ログ(全件)", {"name": "ログ(全件)"}, "ログ_id", "", "/data/ログ_id/", frozenset()),
                        Dataset("売上2026", {"name": "売上2026"}, "売上_id", "", "/data/売上_id/", frozenset())], "ja", 1)
    assert names(model) == ["画像", "ログ(全件)", "売上2026"] and not removed
    assert view.viewport().findChild(QLineEdit) is editor and editor.text() == "typed_in_meeting"
    assert view.currentIndex().row() == 1
    assert model.data(model.index(2, 2)) == "田 中" and renamed == [((1, "売上", "owner"), (1, "売上2026", "owner"))]
    saved = []
    model.editor = lambda key, column, text, own: saved.append((key, column, text))
    view.commitData(editor)
    assert saved == [("ログ(全件)", "dataset_id", "typed_in_meeting")]


def test_a_cell_changed_under_its_open_editor_keeps_the_typing_and_is_saved_against_what_it_showed(table) -> None:
    model, view = table
    editor = typing_in(view, 1, "高橋")
    other = Dataset("ログ", {"name": "ログ"}, "logs_by_sato", "", "/data/logs_by_sato/", frozenset({"dataset_id"}))
    model.set_datasets([dataset("画像"), other, dataset("売上")], "ja", 1)
    assert editor.text() == "高橋"  # the other window's value not put into the editor
    saved = []
    model.editor = lambda key, column, text, own: saved.append((key, column, text, own))
    view.commitData(editor)
    assert saved == [("ログ", "dataset_id", "高橋", None)]  # based on the default shown when the typing began


def test_an_editor_given_up_after_a_change_under_it_shows_what_is_stored(table) -> None:
    model, view = table
    editor = typing_in(view, 1, "高橋")
    other = Dataset("ログ", {"name": "ログ"}, "logs_by_sato", "", "/data/logs_by_sato/", frozenset({"dataset_id"}))
    model.set_datasets([dataset("画像"), other, dataset("売上")], "ja", 1)
    view.closeEditor(editor, CellDelegate.EndEditHint.RevertModelCache)
    assert model.data(model.index(1, 1)) == "logs_by_sato" and not model.bases
    saved = []
    model.editor = lambda key, column, text, own: saved.append(own)
    assert model.setData(model.index(1, 1), "高橋2")
    assert saved == ["logs_by_sato"]  # the next save is based on what is shown now

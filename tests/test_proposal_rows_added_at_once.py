"""Two windows adding problem rows at the end of the proposal's table at once: both kept, no question;
a row both edited, or one removed while the other edited it, still asked (app/proposal/service.py
patch_proposal)."""

from __future__ import annotations

import pytest

from app.core import operations as ops
from app.core.documents import DocumentService
from app.core.errors import ConflictError
from app.core.projects import ProjectService
from app.proposal.content import proposal_content
from app.proposal.edits import default_rows
from app.proposal.service import KIND, dump_row, patch_proposal


def _own(text: str) -> dict:
    return {"ref": None, "problem": {"ja": text}, "countermeasure": "", "phase": "poc", "task": 2}


@pytest.fixture
def start(workspace):
    """A project whose table is the library's default rows (not yet stored: the document has no rows)."""
    pid = ProjectService(workspace.db).create("課題表", lang="ja").id
    DocumentService(workspace.db).put(pid, KIND, {"version": 1})
    return pid, [dump_row(row) for row in default_rows(proposal_content(workspace.library))]


def _rows(workspace, pid) -> list:
    return DocumentService(workspace.db).get(pid, KIND)["rows"]


def test_rows_added_at_the_end_in_two_windows_at_once_are_both_kept_and_each_undone_alone(workspace, start) -> None:
    pid, rows = start
    ops.run(workspace, patch_proposal(pid, {"version": 1}, {"version": 1, "rows": [*rows, _own("佐藤の課題")]}))  # window B
    mine = ops.run(workspace, patch_proposal(pid, {"version": 1}, {"version": 1, "rows": [*rows, _own("山田の課題")]}))  # A, not told
    assert _rows(workspace, pid) == [*rows, _own("佐藤の課題"), _own("山田の課題")]
    ops.run(workspace, ops.undo_op(mine))
    assert _rows(workspace, pid) == [*rows, _own("佐藤の課題")]
    ops.run(workspace, ops.redo_op(mine))
    assert _rows(workspace, pid) == [*rows, _own("佐藤の課題"), _own("山田の課題")]


def test_a_library_problem_both_added_is_there_once(workspace, start) -> None:
    pid, rows = start
    ref = next(p.id for p in proposal_content(workspace.library).library.problems if not p.default)
    library = {"ref": ref, "problem": "", "countermeasure": "", "phase": None, "task": None}
    ops.run(workspace, patch_proposal(pid, {"version": 1}, {"version": 1, "rows": [*rows, _own("佐藤の課題"), library]}))
    ops.run(workspace, patch_proposal(pid, {"version": 1}, {"version": 1, "rows": [*rows, library, _own("山田の課題")]}))
    assert _rows(workspace, pid) == [*rows, _own("佐藤の課題"), library, _own("山田の課題")]


def test_rows_this_write_stored_already_are_not_added_twice(workspace, start) -> None:
    """Typing a window killed after saving it, given back by the next over a colleague's row added since."""
    pid, rows = start
    ops.run(workspace, patch_proposal(pid, {"version": 1}, {"version": 1, "rows": [*rows, _own("山田の課題")]}))
    ops.run(workspace, patch_proposal(pid, {"version": 1, "rows": [*rows, _own("山田の課題")]},
                                      {"version": 1, "rows": [*rows, _own("山田の課題"), _own("佐藤の課題")]}))
    with pytest.raises(ConflictError):  # (asked, as before: never a second 山田の課題)
        ops.run(workspace, patch_proposal(pid, {"version": 1}, {"version": 1, "rows": [*rows, _own("山田の課題")]}))
    assert _rows(workspace, pid) == [*rows, _own("山田の課題"), _own("佐藤の課題")]


@pytest.mark.parametrize("theirs", ["edited", "removed"])
def test_a_row_edited_here_that_another_window_edited_or_removed_since_is_still_asked(workspace, start, theirs) -> None:
    pid, rows = start
    edited = [*rows[:2], {**rows[2], "problem": {"ja": "山田の言い換え"}}, *rows[3:]]
    other = [*rows[:2], {**rows[2], "problem": {"ja": "佐藤の言い換え"}}, *rows[3:]] if theirs == "edited" else [*rows[:2], *rows[3:]]
    ops.run(workspace, patch_proposal(pid, {"version": 1}, {"version": 1, "rows": other}))
    with pytest.raises(ConflictError):
        ops.run(workspace, patch_proposal(pid, {"version": 1}, {"version": 1, "rows": [*edited, _own("山田の課題")]}))
    with pytest.raises(ConflictError):
        ops.run(workspace, patch_proposal(pid, {"version": 1}, {"version": 1, "rows": edited}))
    assert _rows(workspace, pid) == other


def test_a_row_added_here_after_another_window_edited_a_row_is_still_asked(workspace, start) -> None:
    """Not rows both added at the end: the conflict dialog offers the merge, row by row, as before."""
    pid, rows = start
    other = [{**rows[0], "problem": {"ja": "佐藤の言い換え"}}, *rows[1:]]
    ops.run(workspace, patch_proposal(pid, {"version": 1}, {"version": 1, "rows": other}))
    with pytest.raises(ConflictError):
        ops.run(workspace, patch_proposal(pid, {"version": 1}, {"version": 1, "rows": [*rows, _own("山田の課題")]}))


def test_add_own_problem_in_a_window_not_yet_told_edits_its_own_row_unasked(qtbot, db_path, monkeypatch) -> None:
    from PySide6.QtWidgets import QPushButton

    from app.ui.proposal.problems_model import COL_PROBLEM
    from app.ui.window import conflict_dialog
    from tests.gui_helpers import settle, two_windows

    asked: list[str] = []
    monkeypatch.setattr(conflict_dialog, "ask_conflict", lambda dialog: asked.append(dialog.windowTitle()))
    with two_windows(qtbot, db_path, monkeypatch, page="proposal") as (a, b):
        pa, pb = a.page("proposal"), b.page("proposal")
        a.watcher.timer.stop()  # A has not looked at the database since B's row
        pb.findChild(QPushButton, "addCustomRowButton").click()
        model = pb.problems.model
        model.setData(model.index(model.rowCount() - 1, COL_PROBLEM), "佐藤の課題")
        settle(b)
        assert pa.problems.model.rowCount() == model.rowCount() - 1
        pa.findChild(QPushButton, "addCustomRowButton").click()  # before A's poll heard of B's row
        settle(a)
        model, view = pa.problems.model, pa.problems.view
        assert not asked
        assert view.currentIndex().row() == model.rowCount() - 1
        assert model.index(model.rowCount() - 2, COL_PROBLEM).data() == "佐藤の課題"
        assert not model.index(model.rowCount() - 1, COL_PROBLEM).data()  # the editor is on 山田's new row, not 佐藤's


# --- rows with an identity (an own row's key, given when it is added; a library row's ref): merged row by row ---------


def _keyed(key: str, text: str = "") -> dict:
    return {**_own(text), "problem": {"ja": text} if text else "", "key": key}


def test_two_blank_own_rows_added_at_once_are_two_rows_each_typed_unasked(workspace, start) -> None:
    pid, rows = start
    ops.run(workspace, patch_proposal(pid, {"version": 1}, {"version": 1, "rows": [*rows, _keyed("b")]}))  # 佐藤
    ops.run(workspace, patch_proposal(pid, {"version": 1}, {"version": 1, "rows": [*rows, _keyed("a")]}))  # 山田, not told
    assert _rows(workspace, pid) == [*rows, _keyed("b"), _keyed("a")]
    ops.run(workspace, patch_proposal(pid, {"version": 1, "rows": [*rows, _keyed("b")]}, {"version": 1, "rows": [*rows, _keyed("b", "佐藤")]}))
    was = {"version": 1, "rows": [*rows, _keyed("b"), _keyed("a")]}
    ops.run(workspace, patch_proposal(pid, was, {"version": 1, "rows": [*rows, _keyed("b"), _keyed("a", "山田")]}))
    assert _rows(workspace, pid) == [*rows, _keyed("b", "佐藤"), _keyed("a", "山田")]


def test_an_own_row_stored_already_is_not_added_twice(workspace, start) -> None:
    """Typing a window killed after saving it, given back by the next over a colleague's row added since."""
    pid, rows = start
    ops.run(workspace, patch_proposal(pid, {"version": 1}, {"version": 1, "rows": [*rows, _keyed("a", "山田")]}))
    ops.run(workspace, patch_proposal(pid, {"version": 1}, {"version": 1, "rows": [*rows, _keyed("b", "佐藤")]}))
    ops.run(workspace, patch_proposal(pid, {"version": 1}, {"version": 1, "rows": [*rows, _keyed("a", "山田")]}))
    assert _rows(workspace, pid) == [*rows, _keyed("a", "山田"), _keyed("b", "佐藤")]


@pytest.mark.parametrize("theirs", ["typed", "removed"])
def test_an_own_row_both_typed_or_removed_while_typed_is_still_asked(workspace, start, theirs) -> None:
    pid, rows = start
    was = {"version": 1, "rows": [*rows, _keyed("a", "案")]}
    ops.run(workspace, patch_proposal(pid, {"version": 1}, was))
    other = [*rows, _keyed("a", "佐藤の案")] if theirs == "typed" else rows
    ops.run(workspace, patch_proposal(pid, was, {"version": 1, "rows": other}))
    with pytest.raises(ConflictError):
        ops.run(workspace, patch_proposal(pid, was, {"version": 1, "rows": [*rows, _keyed("a", "山田の案")]}))
    assert _rows(workspace, pid) == other


def test_a_row_moved_while_another_window_adds_is_still_asked(workspace, start) -> None:
    pid, rows = start
    was = {"version": 1, "rows": rows}
    ops.run(workspace, patch_proposal(pid, {"version": 1}, {"version": 1, "rows": [rows[1], rows[0], *rows[2:]]}))
    with pytest.raises(ConflictError):
        ops.run(workspace, patch_proposal(pid, was, {"version": 1, "rows": [*rows, _keyed("a", "山田")]}))


def test_undo_and_redo_of_an_own_row_compare_that_row_only(workspace, start) -> None:
    pid, rows = start
    added = ops.run(workspace, patch_proposal(pid, {"version": 1}, {"version": 1, "rows": [*rows, _keyed("a")]}))
    was = {"version": 1, "rows": [*rows, _keyed("a")]}
    typed = ops.run(workspace, patch_proposal(pid, was, {"version": 1, "rows": [*rows, _keyed("a", "山田")]}))
    reworded = {**rows[0], "countermeasure": {"ja": "佐藤の対策"}}
    now = {"version": 1, "rows": [*rows, _keyed("a", "山田")]}
    ops.run(workspace, patch_proposal(pid, now, {"version": 1, "rows": [reworded, *rows[1:], _keyed("a", "山田"), _keyed("b", "佐藤")]}))
    ops.run(workspace, ops.undo_op(typed))
    assert _rows(workspace, pid) == [reworded, *rows[1:], _keyed("a"), _keyed("b", "佐藤")]
    ops.run(workspace, ops.undo_op(added))
    assert _rows(workspace, pid) == [reworded, *rows[1:], _keyed("b", "佐藤")]
    ops.run(workspace, ops.redo_op(added))
    ops.run(workspace, ops.redo_op(typed))  # (a back where it stood: before the row 佐藤 added after it, fix67b1)
    assert _rows(workspace, pid) == [reworded, *rows[1:], _keyed("a", "山田"), _keyed("b", "佐藤")]


def test_a_row_stored_without_a_key_is_merged_by_its_place_while_none_is_added_or_removed(workspace, start) -> None:
    pid, rows = start
    was = {"version": 1, "rows": [*rows, _own("旧")]}
    ops.run(workspace, patch_proposal(pid, {"version": 1}, was))
    ops.run(workspace, patch_proposal(pid, was, {"version": 1, "rows": [*rows, _own("旧: 佐藤が直した")]}))
    ops.run(workspace, patch_proposal(pid, was, {"version": 1, "rows": [{**rows[0], "countermeasure": {"ja": "山田"}}, *rows[1:], _own("旧")]}))
    assert _rows(workspace, pid) == [{**rows[0], "countermeasure": {"ja": "山田"}}, *rows[1:], _own("旧: 佐藤が直した")]
    with pytest.raises(ConflictError):  # (both reworded it)
        ops.run(workspace, patch_proposal(pid, was, {"version": 1, "rows": [*rows, _own("旧: 山田が直した")]}))


def test_own_rows_keys_go_out_in_a_project_file_and_come_back(workspace, start, tmp_path) -> None:
    from app.projects import transfer

    pid, rows = start
    ops.run(workspace, patch_proposal(pid, {"version": 1}, {"version": 1, "rows": [*rows, _keyed("a", "山田"), _own("旧")]}))
    out = tmp_path / "p.json"
    transfer.export_file(workspace.db, pid, out)
    copied = transfer.import_file(workspace.db, out)
    assert _rows(workspace, copied) == [*rows, _keyed("a", "山田"), _own("旧")]
    assert all("key" not in row for row in rows)  # (never written as null)


def test_redo_of_an_own_row_puts_it_back_before_a_row_added_after_it_and_its_typing_redoes(workspace, start) -> None:
    """fix67b1: 山田 adds a row; 佐藤's row lands after it and 山田's typing is saved over the table with both; Undo ×2,
    Redo ×2: his row back where it stood (by its key), his typing redone, 佐藤's row kept after it."""
    pid, rows = start
    added = ops.run(workspace, patch_proposal(pid, {"version": 1}, {"version": 1, "rows": [*rows, _keyed("a")]}))
    both = {"version": 1, "rows": [*rows, _keyed("a"), _keyed("b", "佐藤")]}
    ops.run(workspace, patch_proposal(pid, {"version": 1, "rows": [*rows, _keyed("a")]}, both))  # 佐藤's
    typed = ops.run(workspace, patch_proposal(pid, both, {"version": 1, "rows": [*rows, _keyed("a", "山田"), _keyed("b", "佐藤")]}))
    for step in (ops.undo_op(typed), ops.undo_op(added)):
        ops.run(workspace, step)
    assert _rows(workspace, pid) == [*rows, _keyed("b", "佐藤")]
    ops.run(workspace, ops.redo_op(added))
    assert _rows(workspace, pid) == [*rows, _keyed("a"), _keyed("b", "佐藤")]
    ops.run(workspace, ops.redo_op(typed))
    assert _rows(workspace, pid) == [*rows, _keyed("a", "山田"), _keyed("b", "佐藤")]


def test_a_refused_redo_of_a_problem_cell_names_the_table_its_row_and_column(workspace, start) -> None:
    """fix67b1: a redo over a cell 佐藤 changed since is refused naming 「課題と対策案: n行目 / 課題」, not the proposal."""
    from app.ui.error_text import user_text

    pid, rows = start
    was = {"version": 1, "rows": [*rows, _keyed("a")]}
    ops.run(workspace, patch_proposal(pid, {"version": 1}, was))
    typed = ops.run(workspace, patch_proposal(pid, was, {"version": 1, "rows": [*rows, _keyed("a", "山田")]}))
    ops.run(workspace, ops.undo_op(typed))
    ops.run(workspace, patch_proposal(pid, was, {"version": 1, "rows": [*rows, _keyed("a", "佐藤")]}))
    with pytest.raises(ConflictError) as refused:
        ops.run(workspace, ops.redo_op(typed))
    assert refused.value.fields == [f"rows.{len(rows)}.problem"]
    said = user_text(refused.value, "ja", workspace.library)
    assert said.startswith(f"「課題と対策案: {len(rows) + 1}行目 / 課題」"), said
    assert user_text(refused.value, "en", workspace.library).startswith(f"“Problems and countermeasures: row {len(rows) + 1} / Problem”")
    assert _rows(workspace, pid) == [*rows, _keyed("a", "佐藤")]


def test_a_refused_undo_of_an_added_row_typed_in_elsewhere_names_the_row(workspace, start) -> None:
    from app.ui.error_text import user_text

    pid, rows = start
    added = ops.run(workspace, patch_proposal(pid, {"version": 1}, {"version": 1, "rows": [*rows, _keyed("a")]}))
    ops.run(workspace, patch_proposal(pid, {"version": 1, "rows": [*rows, _keyed("a")]}, {"version": 1, "rows": [*rows, _keyed("a", "佐藤")]}))
    with pytest.raises(ConflictError) as refused:
        ops.run(workspace, ops.undo_op(added))
    assert refused.value.fields == [f"rows.{len(rows)}"]
    assert user_text(refused.value, "ja", workspace.library).startswith(f"「課題と対策案: {len(rows) + 1}行目」")


def test_the_problems_table_its_rows_and_cells_are_named_as_the_page_shows_them(workspace) -> None:
    from app.proposal.content import field_label

    lib = workspace.library
    assert field_label(lib, "rows").ja == "課題と対策案" and field_label(lib, "rows.0").ja == "課題と対策案: 1行目"
    assert field_label(lib, "rows.2.countermeasure").en == "Problems and countermeasures: row 3 / Countermeasure"
    assert field_label(lib, "rows.x") is None and field_label(lib, "rows.1.nope") is None

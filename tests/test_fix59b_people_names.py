"""Fix of break-it 59b's people defects: a name pasted with a zero-width space is the person it looks like
(and is stored without it); renaming a person takes the tasks they own along, in one undo step, on the People
dialog and on the command line (``resources rename``), never over a colleague's edit of those tasks."""

from __future__ import annotations

import pytest

from app.core import operations as ops
from app.core.errors import ConflictError
from app.core.i18n import name_key
from app.wbs.resources import people as store
from app.wbs.service import WbsService
from tests.test_breaker59b import cli, japanese_one_line, open_people, pick, retype, wbs_page
from tests.test_breaker59b import said as said  # (the fixture)
from tests.test_breaker59b import window as window  # (the fixture)


@pytest.mark.parametrize("invisible", ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u200e", "\u202e", "\u00ad"])
def test_an_invisible_format_character_is_no_part_of_a_name(invisible) -> None:
    assert name_key(f"高{invisible}橋") == name_key("高橋")
    assert store.clean_name(f" 佐藤{invisible}花子 ") == "佐藤花子"


def test_names_that_look_different_stay_different() -> None:
    assert name_key("Jo Ann Kim") != name_key("Joann Kim")
    assert name_key("👨\u200d👩\u200d👧") != name_key("👨👩👧")  # a family emoji is not three people
    assert name_key("山田　太郎") == name_key("山田太郎") and name_key("ﾔﾏﾀﾞ") == name_key("ヤマダ")


def test_a_person_added_with_a_zero_width_space_is_stored_and_said_without_it(demo, db_path) -> None:
    result = cli(db_path, "resources", "add", "--project", str(demo.id), "--name", "佐藤\u200b花子")
    assert result.returncode == 0 and result.stdout.strip() == "要員を保存しました: 佐藤花子", result.stdout + result.stderr
    listed = cli(db_path, "resources", "list", "--project", str(demo.id)).stdout
    assert "佐藤花子\t" in listed and "\\u200b" not in listed, listed


def owners(ws, project_id: int) -> dict[str, int]:
    found: dict[str, int] = {}
    for task in WbsService(ws.db).tasks(project_id):
        found[task.owner_name] = found.get(task.owner_name, 0) + 1
    return found


def takahashi(ws, project_id: int) -> store.Person:
    return store.by_name(store.read(ws, project_id))["高橋"]


def test_a_rename_takes_the_tasks_along_in_one_undo_step_never_over_a_colleagues_edit(demo, workspace) -> None:
    pid = demo.id
    mine = [t for t in WbsService(workspace.db).tasks(pid) if t.owner_name == "高橋"]
    assert len(mine) >= 3
    service = WbsService(workspace.db)
    service.update(pid, [mine[0].id], notes="同僚のメモ")  # a colleague's edit of another field meanwhile
    service.update(pid, [mine[1].id], owner_name="田中")  # a colleague gave one task to someone else meanwhile
    was = takahashi(workspace, pid)
    change = ops.run(workspace, store.put_person_op(pid, store.Person("高橋 一郎", was.role, was.days_per_week, was.percent, was.days_off),
                                                    replaces="高橋", base=was))
    assert change.tasks == {t.id for t in mine[2:]} | {mine[0].id} and ops.Part.WBS in change.parts
    after = owners(workspace, pid)
    assert after.get("高橋 一郎") == len(mine) - 1 and "高橋" not in after and after["田中"] >= 1
    assert service.snapshot(pid, [mine[0].id])[mine[0].id].notes == "同僚のメモ"
    assert store.documents_of(change) is not None and [p.name for p in store.people(store.documents_of(change)[1])].count("高橋 一郎") == 1

    service.update(pid, [mine[2].id], title="同僚が直した題名")  # another field changed since: the undo takes back only the owners
    ops.run(workspace, ops.undo_op(change))
    assert owners(workspace, pid).get("高橋") == len(mine) - 1 and "高橋 一郎" not in owners(workspace, pid)
    assert "高橋" in store.by_name(store.read(workspace, pid))
    assert service.snapshot(pid, [mine[2].id])[mine[2].id].title == "同僚が直した題名"
    ops.run(workspace, ops.redo_op(change))
    assert owners(workspace, pid).get("高橋 一郎") == len(mine) - 1 and "高橋 一郎" in store.by_name(store.read(workspace, pid))

    service.update(pid, [mine[3].id], owner_name="鈴木")  # a colleague changed an owner the rename set: the undo is refused, nothing written
    with pytest.raises(ConflictError):
        ops.run(workspace, ops.undo_op(change))
    assert "高橋 一郎" in store.by_name(store.read(workspace, pid)) and owners(workspace, pid).get("鈴木", 0) >= 1


def test_another_spelling_of_the_same_name_moves_no_task(demo, workspace) -> None:
    was = takahashi(workspace, demo.id)
    before = owners(workspace, demo.id)
    change = ops.run(workspace, store.put_person_op(demo.id, store.Person("高　橋", was.role, was.days_per_week, was.percent, was.days_off),
                                                    replaces="高橋", base=was))
    assert not change.tasks and owners(workspace, demo.id) == before


def test_resources_rename_on_the_command_line(demo, db_path, workspace) -> None:
    count = owners(workspace, demo.id)["高橋"]
    result = cli(db_path, "resources", "rename", "--project", str(demo.id), "--name", "高　橋", "--to", "高橋\u200b 一郎")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"要員の名前を変更しました: 高橋 → 高橋 一郎(担当タスク{count}件の担当者も変更しました)", result.stdout
    assert owners(workspace, demo.id).get("高橋 一郎") == count
    for bad, said_ in ((["--name", "山本", "--to", "山本 一郎"], "「山本」という要員はこのプロジェクトにいません"),
                       (["--name", "高橋 一郎", "--to", "田中"], "「田中」という要員はすでにいます"),
                       (["--name", "高橋 一郎", "--to", "\u200b "], "要員の名前を入力してください")):
        result = cli(db_path, "resources", "rename", "--project", str(demo.id), *bad)
        assert result.returncode == 2 and japanese_one_line(result.stderr) and said_ in result.stderr, result.stderr
    assert owners(workspace, demo.id).get("高橋 一郎") == count


def test_renaming_in_the_people_dialog_keeps_the_tasks_and_the_over_allocation_one_undo_step(window) -> None:
    from PySide6.QtWidgets import QLabel

    from tests.gui_helpers import settle

    page = wbs_page(window)
    overload = page.findChild(QLabel, "wbsOverload")
    shown = overload.text()
    assert "過負荷" in shown
    count = sum(t.owner_name == "高橋" for t in page.model.tree.tasks.values())
    dialog = open_people(window)
    try:
        pick(dialog, "高橋")
        retype(dialog.name, "高橋 一郎")
        dialog.save_button.click()
        settle(window)
        assert dialog.editing == "高橋 一郎" and dialog.model.row_of("高橋 一郎") >= 0
        assert window.said == []
        window.state.undo_stack.undo()  # with the dialog open: its form follows the name back, and forward again
        settle(window)
        assert dialog.editing == "高橋" and dialog.name.text() == "高橋"
        window.state.undo_stack.redo()
        settle(window)
        assert dialog.editing == "高橋 一郎" and dialog.name.text() == "高橋 一郎"
    finally:
        dialog.done(0)
    settle(window)

    def owned(name: str) -> int:
        return sum(t.owner_name == name for t in page.model.tree.tasks.values())

    assert owned("高橋 一郎") == count and owned("高橋") == 0 and overload.text() == shown
    window.state.undo_stack.undo()
    settle(window)
    assert owned("高橋") == count and owned("高橋 一郎") == 0 and overload.text() == shown
    assert "高橋" in store.by_name(store.read(window.state.workspace, window.state.project_id))
    window.state.undo_stack.redo()
    settle(window)
    assert owned("高橋 一郎") == count and "高橋 一郎" in store.by_name(store.read(window.state.workspace, window.state.project_id))

"""Fix of break-it 59d's name defects: the redo of a rename takes along a task given to the old name after the
undo (and its undo gives it back); every invisible character (Unicode's default-ignorable ones, not only format
characters) is no part of a name, a kanji's variant (IVS) is the same person; baselines' names in either width
are one name (plan and agreement baselines, found and refused as projects' names are)."""

from __future__ import annotations

import pytest

from app.core import operations as ops
from app.core.errors import ConflictError, ValidationFailed
from app.core.files.visible_text import compared_name, fold_name, typed_name
from app.core.i18n import name_key
from app.wbs.resources import people as store
from app.wbs.service import WbsService


def owners_by_task(ws, project_id: int) -> dict[int, str]:
    return {task.id: task.owner_name for task in WbsService(ws.db).tasks(project_id)}


def rename(ws, project_id: int, old: str, new: str) -> ops.Change:
    was = store.by_name(store.read(ws, project_id))[old]
    return ops.run(ws, store.put_person_op(project_id, store.Person(new, was.role, was.days_per_week, was.percent, was.days_off),
                                           replaces=old, base=was))


# --- 1. the redo of a rename ------------------------------------------------------------------------------------


def test_the_redo_of_a_rename_takes_along_what_the_old_name_owns_then_and_its_undo_gives_it_back(demo, workspace) -> None:
    pid, service = demo.id, WbsService(workspace.db)
    change = rename(workspace, pid, "高橋", "高橋 一郎")
    ops.run(workspace, ops.undo_op(change))
    other = next(t for t in service.tasks(pid) if t.owner_name == "田中")
    service.update(pid, [other.id], owner_name="高　橋")  # a colleague gives 高橋 one more (spelt their way)
    before_redo = owners_by_task(workspace, pid)

    redone = ops.run(workspace, ops.redo_op(change))
    assert other.id in redone.tasks and ops.Part.WBS in redone.parts
    now = owners_by_task(workspace, pid)
    assert now[other.id] == "高橋 一郎" and not any(name_key(o) == name_key("高橋") for o in now.values() if o)
    assert "高橋 一郎" in store.by_name(store.read(workspace, pid)) and "高橋" not in store.by_name(store.read(workspace, pid))

    service.update(pid, [other.id], notes="同僚のメモ")  # another field changed since: kept, no conflict
    ops.run(workspace, ops.undo_op(change))  # the undo of that redo: everything as it was, the colleague's task to 高橋 too
    assert owners_by_task(workspace, pid) == before_redo
    assert "高橋" in store.by_name(store.read(workspace, pid)) and "高橋 一郎" not in store.by_name(store.read(workspace, pid))
    assert service.snapshot(pid, [other.id])[other.id].notes == "同僚のメモ"

    ops.run(workspace, ops.redo_op(change))  # and again
    assert owners_by_task(workspace, pid)[other.id] == "高橋 一郎"
    service.update(pid, [other.id], owner_name="鈴木")  # a colleague gave the task the redo moved to someone else
    with pytest.raises(ConflictError) as refused:
        ops.run(workspace, ops.undo_op(change))
    assert any(other.title in str(named) for named in refused.value.ids), refused.value.ids  # naming the task
    assert "高橋 一郎" in store.by_name(store.read(workspace, pid)) and owners_by_task(workspace, pid)[other.id] == "鈴木"


def test_the_redo_of_a_rename_of_a_person_with_no_task_takes_along_one_given_after_the_undo(demo, workspace) -> None:
    pid, service = demo.id, WbsService(workspace.db)
    ops.run(workspace, store.put_person_op(pid, store.Person("伊藤"), new=True))
    change = rename(workspace, pid, "伊藤", "伊藤 花子")
    assert not change.tasks
    ops.run(workspace, ops.undo_op(change))
    task = next(t for t in service.tasks(pid) if t.owner_name == "田中")
    service.update(pid, [task.id], owner_name="伊藤")
    ops.run(workspace, ops.redo_op(change))
    assert owners_by_task(workspace, pid)[task.id] == "伊藤 花子"
    ops.run(workspace, ops.undo_op(change))
    assert owners_by_task(workspace, pid)[task.id] == "伊藤" and "伊藤" in store.by_name(store.read(workspace, pid))


# --- 2. invisible characters: Unicode's default-ignorable code points -------------------------------------------


@pytest.mark.parametrize("invisible", ["\u034f", "\u17b4", "\u17b5", "\u180b", "\u180c", "\u180d", "\u180f", "\u2065",
                                       "\ufff0", "\U000e0000", "\U000e0001", "\U000e0080", "\U000e01f0", "\u200b"])
def test_every_default_ignorable_character_is_no_part_of_a_name(invisible) -> None:
    assert fold_name(f"高{invisible}橋") == typed_name(f"高{invisible}橋") == store.clean_name(f"高{invisible}橋") == "高橋"
    assert name_key(f"高{invisible}橋") == name_key("高橋")


def test_what_a_name_needs_stays() -> None:
    assert name_key("👨\u200d👩\u200d👧") != name_key("👨👩👧")  # a family emoji is one name, not three people
    assert fold_name("\u1820\u180b") == "\u1820\u180b"  # a Mongolian letter's form (a free variation selector after it)
    assert fold_name("\u115f\u1161\u11a8") == "\u115f\u1161\u11a8"  # a conjoining filler inside a syllable
    assert fold_name("\u3164") == "" and fold_name("高\u3164橋") == "高 橋"  # the Hangul filler: a blank, as before
    assert fold_name("\u0600١٢") == "\u0600١٢"  # the Arabic number sign (a format character that is drawn)


def test_a_kanji_with_its_variant_selector_is_the_same_person_shown_as_typed(demo, workspace) -> None:
    variant = "葛\U000e0100城"  # 葛 with the IVS of its family-register glyph
    assert fold_name(variant) == variant and store.clean_name(variant) == variant  # shown as typed
    assert name_key(variant) == name_key("葛城") and name_key("辻\U000e0101") == name_key("辻")
    ops.run(workspace, store.put_person_op(demo.id, store.Person(variant, percent=50), new=True))
    with pytest.raises(ValidationFailed):  # renaming someone to 葛城: that name is taken, by the same person
        rename(workspace, demo.id, "高橋", "葛城")
    assert [p.name for p in store.read(workspace, demo.id) if name_key(p.name) == name_key("葛城")] == [variant]


# --- 3. baselines' names in either width --------------------------------------------------------------------------


def test_names_compared_in_one_width_case_kept() -> None:
    assert compared_name("中間報告Ｖ２") == compared_name("中間報告V2") == compared_name(" 中間\u200b報告V2 ")
    assert compared_name("ｷｯｸｵﾌ") == compared_name("キックオフ") and compared_name("poc") != compared_name("PoC")


def test_a_plan_baseline_in_the_other_width_is_found_and_is_the_one_saved_over(demo, workspace) -> None:
    from app.wbs.tracking import baselines as plan

    ops.run(workspace, plan.save_baseline_op(demo.id, "中間報告Ｖ２"))
    saved = plan.tracking(workspace, demo.id).baselines
    count = len(saved)
    assert "中間報告Ｖ２" in [b.name for b in saved]  # stored as typed
    assert plan.pick(saved, "中間報告V2").name == "中間報告Ｖ２"
    with pytest.raises(plan.BaselineExists):
        ops.run(workspace, plan.save_baseline_op(demo.id, "中間報告V2", replace=False))
    ops.run(workspace, plan.save_baseline_op(demo.id, "中間報告V2"))  # replacing: one baseline still
    assert len(plan.tracking(workspace, demo.id).baselines) == count


def test_an_agreement_baseline_in_the_other_width_is_found_and_refused_as_a_second(demo, workspace) -> None:
    from app.projects.baselines import store as agreements
    from app.projects.baselines.moments import suggested_name

    made = ops.run(workspace, agreements.create_op(demo.id, "キックオフ合意Ｖ１"))
    assert made.detail.name == "キックオフ合意Ｖ１"
    assert agreements.find(workspace, demo.id, "キックオフ合意V1").name == "キックオフ合意Ｖ１"
    with pytest.raises(ValidationFailed) as taken:
        ops.run(workspace, agreements.create_op(demo.id, "ｷｯｸｵﾌ合意V1"))
    assert taken.value.key == "agreement.name_taken"
    assert [b.name for b in agreements.baselines(workspace, demo.id)].count("キックオフ合意Ｖ１") == 1
    assert suggested_name(workspace, demo.id, "manual", "ja")  # (still a name no baseline has)

"""Resource levelling on a small over-allocated plan worked out by hand, its one undoable change, and
the CLI's resources, load and level commands.

The plan (Mon 2026-12-07 on, no holiday that week; outline order A, B, C, D, E):

====  ========  ========  ======  ===========  =========================================
task  priority  estimate  owner   link         as scheduled (no levelling)
====  ========  ========  ======  ===========  =========================================
A     could     2 d       Sato                 Mon-Tue
B     must      1 d       Sato                 Mon
C     should    1 d       Sato    after A      Wed
D     must      1 d       Tanaka               Mon
E     done      -         Sato                 Mon (its own dates: done tasks never move)
====  ========  ========  ======  ===========  =========================================

Sato is on A, B and E on Monday. Levelling places the ready tasks by priority, then outline:
B (must) waits for E: Tue. D (must): Mon, Tanaka is free. A (could) waits for E and then B:
Wed-Thu. C (should) follows A: Fri. E stays.
"""

from __future__ import annotations

import datetime as dt
import json

from app.cli.main import main
from app.core import operations as ops
from app.wbs.model import Dependency, Status, Task, WbsTree
from app.wbs.resources import people
from app.wbs.resources.levelling import apply_levelling, level
from app.wbs.resources.load import load
from app.wbs.resources.people import Person
from app.wbs.schedule import compute, schedule
from app.wbs.service import WbsService
from app.wbs.workdays import NATIONAL
from tests.wbs_helpers import add, new_project

d = dt.date
MON, TUE, WED, THU, FRI = (d(2026, 12, k) for k in range(7, 12))
TEAM = [Person("Sato"), Person("Tanaka")]


def example() -> WbsTree:
    tasks = [
        Task(id=1, uid=1, position=0, title="A", priority="could", estimate_days=2, owner_name="Sato"),
        Task(id=2, uid=2, position=1, title="B", priority="must", estimate_days=1, owner_name="Sato"),
        Task(id=3, uid=3, position=2, title="C", priority="should", estimate_days=1, owner_name="Sato",
             dependencies=[Dependency(predecessor_id=1)]),
        Task(id=4, uid=4, position=3, title="D", priority="must", estimate_days=1, owner_name="Tanaka"),
        Task(id=5, uid=5, position=4, title="E", estimate_days=1, owner_name="Sato", status=Status.DONE, start=MON, finish=MON),
    ]
    tree = WbsTree.build(tasks)
    dates = compute(tree, MON, fractional=True)  # the plan as scheduled, before levelling
    return WbsTree.build([t.replaced(start=dates[t.id][0], finish=dates[t.id][1]) for t in tree.tasks.values()])


def test_the_worked_example_levels_by_priority_and_keeps_the_done_task() -> None:
    tree = example()
    assert {i: (t.start, t.finish) for i, t in tree.tasks.items()} == {
        1: (MON, TUE), 2: (MON, MON), 3: (WED, WED), 4: (MON, MON), 5: (MON, MON)}
    assert load(tree, TEAM, NATIONAL).over_days["Sato"] == [MON]
    result = level(tree, TEAM, NATIONAL, MON)
    assert result.dates == {1: (WED, THU), 2: (TUE, TUE), 3: (FRI, FRI), 4: (MON, MON), 5: (MON, MON)}
    moves = {m.task_id: m for m in result.moves}
    assert list(moves) == [1, 2, 3]  # outline order; D and E do not move
    assert (moves[1].old_start, moves[1].old_finish, moves[1].new_start, moves[1].new_finish) == (MON, TUE, WED, THU)
    assert (moves[1].why.key, moves[1].why.params["task"]) == ("resources.why_person", "2 B")
    assert (moves[2].why.key, moves[2].why.params["task"], moves[2].why.params["person"]) == ("resources.why_person", "5 E", "Sato")
    assert moves[3].why.key == "resources.why_link"
    assert "Sato" in moves[1].why.text("en") and "後に回しました" in moves[1].why.text("ja")
    levelled = WbsTree.build([t.replaced(start=result.dates[t.id][0], finish=result.dates[t.id][1]) for t in tree.tasks.values()])
    after = load(levelled, TEAM, NATIONAL)
    assert after.over_days == {"Sato": [], "Tanaka": []}
    assert after.days["Sato"] == {MON: 1.0, TUE: 1.0, WED: 1.0, THU: 1.0, FRI: 1.0}


def test_fractional_tasks_of_one_person_are_put_end_to_end() -> None:
    # Three 0.5 d tasks of Sato with no links: one after another, the third on Tuesday morning.
    tree = WbsTree.build([Task(id=i, uid=i, position=i, title=f"T{i}", estimate_days=0.5, owner_name="Sato") for i in (1, 2, 3)])
    result = level(tree, TEAM, NATIONAL, MON)
    assert result.dates == {1: (MON, MON), 2: (MON, MON), 3: (TUE, TUE)}
    assert result.begun == {2: 0.5} and result.used == {1: 0.5, 3: 0.5}


def test_levelling_is_one_undoable_change_and_the_cli_prints_applies_and_reports(workspace, db_path, capsys) -> None:
    pid = new_project(workspace, start=MON)
    service = WbsService(workspace.db)
    a = add(service, pid, "A", priority="could", estimate_days=2, owner_name="Sato")
    b = add(service, pid, "B", priority="must", estimate_days=1, owner_name="Sato")
    schedule(workspace, pid)
    ops.run(workspace, people.put_person_op(pid, Person("Sato", "DS")))
    dated = lambda: {i: (t.start, t.finish) for i, t in service.tree(pid).tasks.items()}  # noqa: E731
    assert dated() == {a: (MON, TUE), b: (MON, MON)}

    assert main(["--db", str(db_path), "--lang", "en", "load", "--project", str(pid)]) == 0
    out = capsys.readouterr().out
    # 3 d of 5 in the week (60 %), but Monday holds 2 d: marked.
    assert "Sato  2026-W50  2026-12-07    24.0 h    60%  OVER 2026-12-07" in out
    assert main(["--db", str(db_path), "load", "--project", str(pid), "--json"]) == 0
    [week] = json.loads(capsys.readouterr().out)
    # Sato on Mon: A and B (2 person-days of 1), Tue: A. Over on Mon, not over the week.
    assert (week["person"], week["week"], week["hours"], week["percent"], week["over"]) == ("Sato", 50, 24.0, 60.0, False)
    assert (week["over_days"], week["tasks"]) == (["2026-12-07"], [1, 2])

    assert main(["--db", str(db_path), "--lang", "en", "level", "--project", str(pid), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "1 A" in out and "waits for Sato's task 2 B" in out and "1 task would move" in out
    assert dated() == {a: (MON, TUE), b: (MON, MON)}  # nothing written

    change = apply_levelling(workspace, pid)
    assert dated() == {a: (TUE, WED), b: (MON, MON)}
    assert set(change.after) == {a}  # one change: A's dates
    service.restore(pid, change.before)  # its undo
    assert dated() == {a: (MON, TUE), b: (MON, MON)}

    assert main(["--db", str(db_path), "--lang", "ja", "level", "--project", str(pid)]) == 0
    assert "1件のタスクを動かしました" in capsys.readouterr().out
    assert dated() == {a: (TUE, WED), b: (MON, MON)}
    assert not apply_levelling(workspace, pid).after  # levelled already: nothing to change


def test_the_cli_adds_lists_and_removes_people_and_refuses_bad_input_with_exit_2(workspace, db_path, capsys) -> None:
    pid = new_project(workspace)
    add(WbsService(workspace.db), pid, "Explore", owner_name="Ito")
    run = lambda *argv: main(["--db", str(db_path), "--lang", "en", *argv])  # noqa: E731
    assert run("resources", "add", "--project", str(pid), "--name", "Sato", "--role", "DS", "--days-per-week", "4",
               "--percent", "80", "--off", "2026-12-29..2026-12-31") == 0
    assert "person saved: Sato" in capsys.readouterr().out
    assert run("resources", "list", "--project", str(pid)) == 0
    out = capsys.readouterr().out
    # --role DS is the WBS's role (shown by its label, as the People dialog takes it); where Ito was found, in words
    # days off as ranges of consecutive days, as --off reads them back
    assert "Sato\tData scientist\t4d/w\t80%\t2026-12-29..2026-12-31" in out and "? Ito\t-\ta task's owner" in out
    assert run("resources", "add", "--project", str(pid), "--name", "Sato", "--percent", "150") == 2
    assert "1 to 100" in capsys.readouterr().err
    assert run("resources", "remove", "--project", str(pid), "--name", "Kato") == 2
    assert "no person called Kato" in capsys.readouterr().err
    assert run("resources", "remove", "--project", str(pid), "--name", "Sato") == 0
    assert [p.name for p in people.read(workspace, pid)] == []


def test_a_random_plan_levelled_has_nobody_on_two_tasks_at_once_and_keeps_its_links_and_done_tasks() -> None:
    import random

    from tests.test_schedule_fast import random_tree

    rnd = random.Random(5)
    names = ["Sato", "Suzuki", "Tanaka", ""]
    base = random_tree(600, 4, MON)
    tree = WbsTree.build([t.replaced(owner_name=rnd.choice(names), priority=rnd.choice(["must", "should", "could"]))
                          for t in base.tasks.values()])
    team = [Person("Sato", days_off=frozenset({d(2026, 12, 9), d(2027, 1, 6)})), Person("Suzuki"), Person("Tanaka")]
    result = level(tree, team, NATIONAL, MON)
    leaves = [t for t in tree.tasks.values() if not tree.has_children(t.id) and not t.milestone]
    for task in leaves:
        if task.status == Status.DONE and task.start and task.finish:
            assert result.dates[task.id] == (task.start, task.finish)
    # Each person's work tasks in continuous time: [day + begun, finish + used) never overlap.
    for name in ("Sato", "Suzuki", "Tanaka"):
        spans = sorted((result.dates[t.id][0].toordinal() + result.begun.get(t.id, 0.0),
                        result.dates[t.id][1].toordinal() + result.used.get(t.id, 1.0), t.id)
                       for t in leaves if t.owner_name == name and t.status != Status.DONE)
        assert len(spans) > 50
        for (_s1, e1, a), (s2, _e2, b) in zip(spans, spans[1:], strict=False):
            assert s2 >= e1 - 1e-9, (name, a, b)
        assert not any(result.dates[t.id][0] == d(2026, 12, 9) for t in leaves if t.owner_name == "Sato" and t.status != Status.DONE)
    # A successor never starts before its predecessor's finish day (the same day only after a part-day end).
    for task in leaves:  # (a summary spans its sub-tasks, and a done one keeps its own dates)
        if task.status == Status.DONE:
            continue
        for dep in task.dependencies:
            if not (task.milestone or tree.tasks[dep.predecessor_id].milestone) and dep.lag_days >= 0:
                assert result.dates[task.id][0] >= result.dates[dep.predecessor_id][1], (task.id, dep.predecessor_id)


def test_the_cli_moves_nothing_when_nobody_is_over_allocated_as_the_window_does(workspace, db_path, capsys) -> None:
    """Levelling resolves over-allocation; with none it must not reschedule the plan (the window's
    Level resources… says "nothing to move": `level` did move the tasks to freshly worked-out dates)."""
    pid = new_project(workspace, start=MON)
    service = WbsService(workspace.db)
    a = add(service, pid, "A", estimate_days=1, owner_name="Sato")
    b = add(service, pid, "B", estimate_days=1, owner_name="Tanaka")
    schedule(workspace, pid)
    ops.run(workspace, people.put_person_op(pid, Person("Sato", "DS")))
    ops.run(workspace, people.put_person_op(pid, Person("Tanaka", "DS")))
    # The user put B on Wednesday by hand: nobody works on two tasks at once.
    service.restore(pid, {b: service.tree(pid).tasks[b].replaced(start=WED, finish=WED)})
    dated = lambda: {i: (t.start, t.finish) for i, t in service.tree(pid).tasks.items()}  # noqa: E731
    assert dated() == {a: (MON, MON), b: (WED, WED)}
    for lang, said in (("en", "Nobody is over-allocated: nothing to move"), ("ja", "過負荷の要員はいません")):
        assert main(["--db", str(db_path), "--lang", lang, "level", "--project", str(pid)]) == 0
        assert said in capsys.readouterr().out
        assert dated() == {a: (MON, MON), b: (WED, WED)}

"""Fractional days and each person's days off in the scheduler, worked out by hand.

The week of Mon 2026-12-07 .. Fri 2026-12-11 has no holiday; the dates below are counted on it.
"""

from __future__ import annotations

import datetime as dt

from app.wbs.analysis.critical import analyse
from app.wbs.model import Dependency, Task, WbsTree
from app.wbs.resources.load import calendars_of
from app.wbs.resources.people import Person
from app.wbs.schedule import compute, schedule, timeline
from app.wbs.service import WbsService
from app.wbs.workdays import NATIONAL
from tests.wbs_helpers import add, new_project

d = dt.date
MON = d(2026, 12, 7)


def tree_of(*specs: tuple) -> WbsTree:
    """(id, estimate, predecessors or (predecessor, lag) pairs, owner) per task, in outline order."""
    tasks = []
    for n, (task_id, estimate, before, *owner) in enumerate(specs):
        deps = [Dependency(predecessor_id=b[0], lag_days=b[1]) if isinstance(b, tuple) else Dependency(predecessor_id=b) for b in before]
        tasks.append(Task(id=task_id, uid=task_id, position=n, title=f"T{task_id}", estimate_days=estimate,
                          dependencies=deps, owner_name=owner[0] if owner else ""))
    return WbsTree.build(tasks)


def test_four_quarter_days_in_a_chain_share_one_day_and_the_next_whole_day_starts_the_day_after() -> None:
    tree = tree_of((1, 0.25, []), (2, 0.25, [1]), (3, 0.25, [2]), (4, 0.25, [3]), (5, 1, [4]), (6, 2, [5]))
    found = timeline(tree, MON)
    assert [found.dates[i] for i in (1, 2, 3, 4)] == [(MON, MON)] * 4
    assert found.begun == {2: 0.25, 3: 0.5, 4: 0.75}
    assert found.used == {1: 0.25, 2: 0.5, 3: 0.75}  # the fourth fills the day
    assert found.dates[5] == (d(2026, 12, 8), d(2026, 12, 8))
    assert found.dates[6] == (d(2026, 12, 9), d(2026, 12, 10))
    # Without ``fractional`` each quarter rounds up to a whole day (the first scheduler's dates).
    whole = compute(tree, MON)
    assert [whole[i][0] for i in (1, 2, 3, 4, 5)] == [MON, d(2026, 12, 8), d(2026, 12, 9), d(2026, 12, 10), d(2026, 12, 11)]


def test_a_task_ending_mid_day_hands_the_rest_of_the_day_to_its_successor_and_a_lag_counts_whole_days() -> None:
    # X 1.5 d: all of Mon, half of Tue. Y 1 d: the second half of Tue and the first of Wed.
    # Z after Y with lag 1: Wed is Y's finish day, Thu the lag, Z on Fri.
    tree = tree_of((1, 1.5, []), (2, 1, [1]), (3, 1, [(2, 1)]))
    found = timeline(tree, MON)
    assert found.dates[1] == (MON, d(2026, 12, 8))
    assert found.dates[2] == (d(2026, 12, 8), d(2026, 12, 9))
    assert found.begun[2] == 0.5 and found.used[2] == 0.5
    assert found.dates[3] == (d(2026, 12, 11), d(2026, 12, 11))


def test_a_persons_day_off_is_skipped_by_their_tasks_only() -> None:
    sato = Person("Sato", days_off=frozenset({d(2026, 12, 8)}))
    own = calendars_of([sato], NATIONAL)
    # P (Sato, 2 d): Mon, (Tue off) Wed. Q (nobody, 1 d) after P: Thu. R (someone else, 2 d): Mon, Tue.
    tree = tree_of((1, 2, [], " Sato "), (2, 1, [1]), (3, 2, [], "Suzuki"))  # the owner as typed, spaces and all
    dates = compute(tree, MON, NATIONAL, own, fractional=True)
    assert dates[1] == (MON, d(2026, 12, 9))
    assert dates[2] == (d(2026, 12, 10), d(2026, 12, 10))
    assert dates[3] == (MON, d(2026, 12, 8))
    # A task that would start on the day off starts the day after.
    later = compute(tree_of((1, 1, []), (2, 1, [1], "Sato")), MON, NATIONAL, own, fractional=True)
    assert later[2] == (d(2026, 12, 9), d(2026, 12, 9))


def test_the_critical_path_reads_a_shared_day_as_a_link_kept() -> None:
    # A 0.5 then B 0.5 share Mon; C 1 d on Tue; D 1 d alone. Everything on the A-B-C chain is critical.
    tree = tree_of((1, 0.5, []), (2, 0.5, [1]), (3, 1, [2]), (4, 1, []))
    dates = compute(tree, MON, fractional=True)
    assert dates[2] == (MON, MON) and dates[3] == (d(2026, 12, 8),) * 2
    path = analyse(tree, NATIONAL, dates)
    assert path.path == [1, 2, 3]
    assert [path.slack(i) for i in (1, 2, 3, 4)] == [0, 0, 0, 1]


def test_the_schedule_command_uses_fractions_and_the_peoples_days_off(workspace) -> None:
    from app.core import operations as ops
    from app.wbs.resources import people

    pid = new_project(workspace, start=MON)
    service = WbsService(workspace.db)
    a = add(service, pid, "A", estimate_days=0.5, owner_name="Sato")
    b = add(service, pid, "B", estimate_days=1, owner_name="Sato")
    service.set_dependencies(pid, b, [Dependency(predecessor_id=a)])
    ops.run(workspace, people.put_person_op(pid, Person("Sato", days_off=frozenset({d(2026, 12, 8)}))))
    schedule(workspace, pid)
    tree = service.tree(pid)
    assert (tree.tasks[a].start, tree.tasks[a].finish) == (MON, MON)
    # B: the second half of Mon, (Tue off), the first half of Wed.
    assert (tree.tasks[b].start, tree.tasks[b].finish) == (MON, d(2026, 12, 9))


def test_a_successor_starting_the_day_its_predecessor_ends_part_way_is_not_a_problem() -> None:
    from app.wbs.checks import problems
    from app.wbs.model import Problem

    # Scheduled by the fractional schedule: T2 and T3 start on T1's day (it ends at noon); T4, after
    # the whole-day T3 that started at noon, starts on T3's finish day (Tue noon); all as scheduled.
    tree = tree_of((1, 0.5, []), (2, 0.5, [1]), (3, 1, [1]), (4, 1, [3]))
    dates = timeline(tree, MON).dates
    tree = WbsTree.build([t.replaced(start=dates[t.id][0], finish=dates[t.id][1]) for t in tree.tasks.values()])
    assert tree.tasks[2].start == tree.tasks[1].finish and tree.tasks[4].start == tree.tasks[3].finish
    assert not any(Problem.BEFORE_PREDECESSOR in found for found in problems(tree).values())
    # A whole-day task's successor on its finish day still is one: nothing of that day is left.
    changed = {2: {"estimate_days": 1.0}, 4: {"dependencies": [Dependency(predecessor_id=2)], "start": MON}}
    tree = WbsTree.build([t.replaced(**changed.get(t.id, {})) for t in tree.tasks.values()])
    assert Problem.BEFORE_PREDECESSOR in problems(tree)[4]
    assert Problem.BEFORE_PREDECESSOR not in problems(tree).get(3, [])

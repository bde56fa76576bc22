"""Levelling's gap search (a person's diary as merged blocks, passing over runs of gaps too short for
a task) gives the same dates as the plain search it replaces: a list of the intervals each person is
given and, for each task, a walk from its earliest start to the end of whatever it overlaps, until
it overlaps nothing. Random plans (seeded): several people, one with days off of their own, an owner
who is not one of the people, summaries, links with lags, not-before dates, done tasks and tasks in
progress, milestones and fractional estimates."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from app.wbs.model import Dependency, Status, Task, WbsTree
from app.wbs.resources.levelling import PRIORITY_RANK, level
from app.wbs.resources.load import calendars_of
from app.wbs.resources.people import Person, name_key
from app.wbs.schedule import end_of, timeline
from app.wbs.workdays import NATIONAL, Calendar, calendar

MON = dt.date(2026, 12, 7)
ESTIMATES = [0.25, 0.5, 0.75, 1, 1, 1.5, 2, 2.5, 3, 3, 3, 5, None]


def plain_level(tree: WbsTree, team: list[Person], cal: Calendar, start: dt.date) -> tuple[dict[int, tuple[dt.date, dt.date]], set[int]]:
    """The reference: levelling's rules with each person's time a plain list searched from the start."""
    own = calendars_of(team, cal)
    key_of = {name_key(p.name): p.name for p in team}
    owners = {t.id: name for t in tree.tasks.values() if (name := key_of.get(name_key(t.owner_name)))}
    given: dict[str, list[tuple[float, float]]] = {p.name: [] for p in team}
    started: dict[int, int] = {}
    for task in tree.tasks.values():
        holder = owners.get(task.id)
        if not holder or tree.has_children(task.id) or task.milestone or not task.start:
            continue
        if task.status == Status.DONE and task.finish:
            given[holder].append((task.start.toordinal(), task.finish.toordinal() + 1.0))
        elif task.status == Status.IN_PROGRESS:
            person_cal = own.get(name_key(holder), cal)
            day = started[task.id] = person_cal.next_working_ordinal(task.start.toordinal())
            finish, reached = end_of(person_cal, day, 0.0, task.estimate_days or 1.0)
            given[holder].append((day, finish + reached))
    waited: set[int] = set()

    def place(task_id: int, day: int, part: float, person_cal: Calendar, length: float) -> tuple[int, float]:
        name = owners.get(task_id)
        if name is None:
            return day, part
        if task_id in started:
            return started[task_id], 0.0
        while True:
            finish, reached = end_of(person_cal, day, part, length)
            begin, end = day + part, finish + reached
            overlapping = [b for a, b in given[name] if a < end - 1e-9 and b > begin]
            if not overlapping:
                given[name].append((begin, end))
                return day, part
            waited.add(task_id)
            free = max(overlapping)
            day, part = int(free), free - int(free)
            if part < 1e-9 or person_cal.next_working_ordinal(day) != day:
                day, part = person_cal.next_working_ordinal(day), 0.0

    outline = {task.id: n for n, task in enumerate(tree.walk())}
    rank = {i: (PRIORITY_RANK.get(tree.tasks[i].priority, 1), n) for i, n in outline.items()}
    return timeline(tree, start, cal, own, rank=rank, place=place).dates, waited


def random_plan(seed: int, n: int) -> tuple[WbsTree, list[Person]]:
    rng = random.Random(seed)
    names = ["Sato", "Tanaka", "Suzuki", "Ito"]
    days_off = frozenset(MON + dt.timedelta(days=rng.randrange(200)) for _ in range(25))
    team = [Person("Sato"), Person("Tanaka", days_off=days_off), Person("Suzuki"), Person("Ito")]
    tasks: list[Task] = []
    leaves: list[int] = []
    parent: int | None = None
    for i in range(1, n + 1):
        if rng.random() < 0.08:  # a summary: the tasks after it are its children for a while
            tasks.append(Task(id=i, uid=i, position=i, title=f"S{i}"))
            parent = i
            continue
        if parent is not None and rng.random() < 0.1:
            parent = None
        fields: dict = {"estimate_days": rng.choice(ESTIMATES), "priority": rng.choice(list(PRIORITY_RANK)),
                        "owner_name": rng.choice([*names, *names, "Guest", " sato "])}
        if rng.random() < 0.5:
            fields["not_before"] = MON + dt.timedelta(days=rng.randrange(150))
        if leaves and rng.random() < 0.3:
            fields["dependencies"] = [Dependency(predecessor_id=p, lag_days=rng.choice([0, 0, 0, -1, 1, 2]))
                                      for p in set(rng.sample(leaves[-40:], k=min(2, len(leaves[-40:]))))]
        kind = rng.random()
        if kind < 0.03:
            fields.update(milestone=True, estimate_days=None)
        elif kind < 0.10:
            begin = MON + dt.timedelta(days=rng.randrange(60))
            fields.update(status=Status.DONE, start=begin, finish=begin + dt.timedelta(days=rng.randrange(6)))
        elif kind < 0.15:
            fields.update(status=Status.IN_PROGRESS, start=MON + dt.timedelta(days=rng.randrange(30)))
        tasks.append(Task(id=i, uid=i, position=i, parent_id=parent, title=f"T{i}", **fields))
        leaves.append(i)
    summaries = {t.parent_id for t in tasks}
    tasks = [t for t in tasks if t.title.startswith("T") or t.id in summaries]  # no empty summaries
    return WbsTree.build(tasks), team


@pytest.mark.parametrize("seed", range(8))
def test_levelling_gives_the_dates_of_the_plain_search(seed: int) -> None:
    tree, team = random_plan(seed, 300)
    cal = calendar({MON + dt.timedelta(days=10): "company day off"}) if seed % 2 else NATIONAL
    result = level(tree, team, cal, MON)
    dates, waited = plain_level(tree, team, cal, MON)
    assert result.dates == dates
    person_waits = {m.task_id for m in result.moves if m.why.key == "resources.why_person"}
    assert person_waits == {m.task_id for m in result.moves} & waited
    assert len(person_waits) > 20  # the plans are crowded: many tasks wait for their owner


def test_a_crowded_diary_of_short_gaps_gives_the_dates_of_the_plain_search() -> None:
    # Every third not-before date first (their tasks leave gaps of a day or two), then the rest,
    # which pass over those gaps to the end of the diary: the case the skip over short gaps is for.
    nbs = [MON + dt.timedelta(days=2 * k) for k in range(300)]
    order = nbs[0::3] + [day for k, day in enumerate(nbs) if k % 3]
    for estimate in (3.0, 2.5):
        tree = WbsTree.build([Task(id=k + 1, uid=k + 1, position=k, title=f"T{k}", estimate_days=estimate,
                                   owner_name="Sato", not_before=day) for k, day in enumerate(order)])
        assert level(tree, [Person("Sato")], NATIONAL, MON).dates == plain_level(tree, [Person("Sato")], NATIONAL, MON)[0]

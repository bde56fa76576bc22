"""The WBS table after an edit shows what a table loaded afresh would show.

A field edit re-works only the edited tasks' roll-ups (up the outline) and the problems that can
change with them; these tests compare that, edit after edit, with a model reset on the same tasks.
"""

from __future__ import annotations

import datetime as dt
import random

from PySide6.QtCore import Qt

from app.ui.wbs.columns import COLUMNS
from app.ui.wbs.model import WbsModel
from app.wbs.catalog import catalog
from app.wbs.checks import problems
from app.wbs.model import Dependency, Status, WbsTree
from tests.test_schedule_fast import random_tree


def _shown(model: WbsModel) -> dict[int, list]:
    return {
        t.id: [model.data(model.index_of(t.id, c), role) for c in range(len(COLUMNS)) for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.BackgroundRole)]
        for t in model.tree.walk()
    }


def test_field_edits_give_the_roll_ups_and_problems_of_a_fresh_load(qapp, library) -> None:
    start = dt.date(2026, 4, 1)
    tree = random_tree(400, 5, start)
    model = WbsModel(catalog(library), library, "en")
    model.reset(WbsTree.build(list(tree.tasks.values())))
    changed_rows: set[int] = set()

    def announced(top, bottom) -> None:
        assert top.parent() == bottom.parent() and top.column() == 0 and bottom.column() == len(COLUMNS) - 1
        changed_rows.update(int(model.index(row, 0, top.parent()).internalId()) for row in range(top.row(), bottom.row() + 1))

    model.dataChanged.connect(announced)
    rnd = random.Random(5)
    ids = sorted(tree.tasks)
    for step in range(61):
        chosen = rnd.sample(ids, rnd.choice([1, 1, 2, 5]) if step < 60 else len(ids))  # the last: every task (as an undone schedule)
        snapshot = {}
        for task_id in chosen:
            task = model.tree.tasks[task_id]
            day = start + dt.timedelta(days=rnd.randrange(-30, 200))
            fields = rnd.choice([
                {"start": day, "finish": day + dt.timedelta(days=rnd.randrange(-3, 20))},
                {"completion_condition": "" if task.completion_condition else "done"},
                {"status": rnd.choice(list(Status)), "estimate_days": rnd.choice([None, 1, 2.5])},
                {"dependencies": [Dependency(predecessor_id=rnd.choice(ids))] if step % 3 else []},
                {"phase": "", "owner_role": ""},
            ])
            snapshot[task_id] = task.model_copy(update=fields)
        before = _shown(model)
        changed_rows.clear()
        model.apply(snapshot)
        fresh = WbsTree.build(list(model.tree.tasks.values()))
        assert model.rollups == fresh.rolled
        assert model.problems == problems(fresh)
        after = _shown(model)
        # Every row that shows something new was announced to the view.
        assert {i for i in after if after[i] != before[i]} <= changed_rows

"""The WBS of a project: reading it, and every edit as one committed, undoable change.

Each edit commits at once and returns a :class:`WbsChange`: full snapshots of every task it
touched, before and after (``None`` where a task did not exist). Undo restores ``before`` with
:meth:`WbsService.restore`, redo restores ``after``; the UI's undo stack keeps the changes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from app import collector_paused
from app.core.demo_source import app_today
from app.core.errors import NotFoundError
from app.core.projects import touch
from app.core.storage.authors import author_of
from app.core.storage.db import Database, lock_project
from app.core.storage.models import Project, WbsDependency, WbsTask, utcnow
from app.wbs import store
from app.wbs.catalog import typed_texts
from app.wbs.checks import FollowsSubTasks, checked_dependencies, clean_fields
from app.wbs.model import ROLLED_UP_FIELDS, Dependency, Task, WbsTree, field_name, task_name
from app.wbs.outline import arrange
from app.wbs.store import Snapshot


@dataclass(frozen=True)
class WbsChange:
    """What one edit did: full snapshots of the touched tasks before and after (None: absent)."""

    project_id: int
    before: Snapshot
    after: Snapshot
    created: tuple[int, ...] = ()
    info: dict[str, Any] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return self.before != self.after

    def then(self, later: WbsChange) -> WbsChange:
        """This change followed by ``later`` in the same transaction, as one change (a task's cells and its predecessors
        typed in one command): each task as it was before the first and as the last left it."""
        return WbsChange(self.project_id, {**later.before, **self.before}, {**self.after, **later.after},
                         self.created + later.created, {**self.info, **later.info})  # fmt: skip


class WbsService:
    def __init__(self, db: Database) -> None:
        self.db = db

    # --- reading --------------------------------------------------------------------------------

    def tree(self, project_id: int) -> WbsTree:
        with self.db.session() as s:
            return WbsTree.build(store.load_tasks(s, project_id))

    def tasks(self, project_id: int) -> list[Task]:
        """All tasks in outline order."""
        return list(self.tree(project_id).walk())

    def count(self, project_id: int) -> int:
        with self.db.session() as s:
            return s.scalar(select(func.count(WbsTask.id)).where(WbsTask.project_id == project_id)) or 0

    def last_editor(self, task_id: int) -> str | None:
        """Who changed the task last (None: not known, as for tasks from before authors were kept)."""
        with self.db.session() as s:
            return s.scalar(select(WbsTask.edited_by).where(WbsTask.id == task_id)) or None

    def snapshot(self, project_id: int, ids: Iterable[int]) -> Snapshot:
        """The given tasks as they are stored now (None: no such task)."""
        with self.db.session() as s:
            return store.snapshot(s, project_id, ids)

    @staticmethod
    def _check_project(s: Session, project_id: int) -> None:
        if s.get(Project, project_id) is None:
            raise NotFoundError(key="project.not_found_id", id=project_id)

    def _change(self, project_id: int, mutate: Callable[[Session, WbsTree], tuple[set[int], set[int]]], **info: Any) -> WbsChange:
        """Run ``mutate(session, tree)`` -> (ids it touches, ids it creates) and snapshot around it."""
        with self.db.session() as s:
            self._check_project(s, project_id)
            lock_project(s, project_id)  # PostgreSQL: two long operations on one project never interleave
            tree = WbsTree.build(store.load_tasks(s, project_id))
            before_tasks = dict(tree.tasks)
            touched, created = mutate(s, tree)
            s.flush()
            ids = touched | created
            before = {i: before_tasks.get(i) for i in ids}
            after = store.snapshot(s, project_id, ids)
            if before != after:
                touch(s, project_id)
            return WbsChange(project_id, before, after, tuple(sorted(created)), info)

    # --- editing fields -------------------------------------------------------------------------

    def update(
        self, project_id: int, task_ids: Iterable[int], priorities: Iterable[str] | None = None,
        uids: Mapping[int, int] | None = None, *, typed: bool = False, **fields: Any,
    ) -> WbsChange:
        """Set the same fields on one or more tasks (a multi-select edit is one change). Tasks deleted
        meanwhile are left out, listed in ``info["gone"]``; NotFoundError when every one is gone.

        ``uids``: the tasks' uids as the caller showed them (``{id: uid}``): a task whose id now holds
        another task (a database that handed a deleted task's id out again) is gone too, so an edit
        never lands on a task the user did not see. ``typed``: what a user typed into the tasks' cells
        (the table, the command line): an estimate, dates or a status for a task that has sub-tasks now
        (they follow from those) is refused (:class:`~app.wbs.checks.FollowsSubTasks`), never stored unseen.
        Ticking 顧客合意 dates the agreement today; a task agreed already keeps its date."""
        clean = clean_fields(fields, list(priorities) if priorities is not None else None)
        dated = "agreed" in clean and "agreed_on" not in clean  # the date follows the tick: today's when it is ticked now
        ids = set(task_ids)
        with self.db.session() as s:
            self._check_project(s, project_id)
            before = store.snapshot(s, project_id, ids)
            before = {i: t if t is None or uids is None or uids.get(i, t.uid) == t.uid else None for i, t in before.items()}
            gone = tuple(sorted(i for i, t in before.items() if t is None))
            if gone and len(gone) == len(ids):
                raise NotFoundError(key="wbs.task_gone")
            ids, before = ids - set(gone), {i: t for i, t in before.items() if t is not None}
            if typed and (rolled := [name for name in clean if name in ROLLED_UP_FIELDS]):
                self._refuse_summaries(s, project_id, ids, rolled[0])
            # Written as a schedule's dates are (only the changed columns, one executemany): a select-all of
            # 5,000 tasks made ORM rows and flushed them, most of a second on the UI thread.
            written: dict[int, Task | None] = {}
            columns: set[str] = set()
            for task_id, task in before.items():
                assert task is not None  # (the gone left out above)
                wanted = clean
                if dated and not (clean["agreed"] and task.agreed):  # (ticked again, or several rows some agreed: their dates stay)
                    wanted = {**clean, "agreed_on": app_today() if clean["agreed"] else None}
                changes = {name: value for name, value in wanted.items() if getattr(task, name) != value}
                if changes.keys() & {"agreed", "agreed_on"}:  # the moment it was agreed: an answer changed after it makes it suspect
                    changes["agreed_at"] = utcnow() if changes.get("agreed", task.agreed) else None
                if changes:
                    changes |= typed_texts(task, changes)  # (a text typed: the user's, whatever it reads)
                    written[task_id] = task.replaced(**changes, user_edited=True)
                    columns |= changes.keys() | {"user_edited"}
            if written:
                store.restore(s, project_id, written, stored={i: before[i] for i in written}, columns=tuple(sorted(columns)))
            after = {i: written.get(i) or before[i] for i in ids}  # (as stored: the values are the fields' own, validated)
            if before != after:
                touch(s, project_id)
            return WbsChange(project_id, before, after, (), {"kind": "edit", "fields": sorted(clean)} | ({"gone": gone} if gone else {}))

    @staticmethod
    def _refuse_summaries(s: Session, project_id: int, ids: set[int], name: str) -> None:
        """The first of the tasks ``ids`` (in outline order) that has sub-tasks, refused for the field ``name``: it
        follows from them."""
        summaries = set(s.scalars(select(WbsTask.parent_id).where(WbsTask.parent_id.in_(ids)).distinct())) if ids else set()
        if summaries:
            tree = WbsTree.build(store.load_tasks(s, project_id))
            first = next(t for t in tree.walk() if t.id in summaries)
            raise FollowsSubTasks(task_name(tree.codes.get(first.id, ""), first.title), first.id, field_name(name))

    def set_dependencies(
        self, project_id: int, task_id: int | Iterable[int], dependencies: list[Dependency], uids: Mapping[int, int] | None = None
    ) -> WbsChange:
        """Replace a task's predecessors (several tasks: the same on each, one change); a link that would make a
        cycle, or a lag out of range, is refused (app/wbs/checks.py checked_dependencies: the predecessor dialog
        asks it before it closes). ``uids``: the tasks' and the predecessors' uids as the caller showed them: a
        task whose id holds another task now is gone (see :meth:`update`)."""
        ids = [task_id] if isinstance(task_id, int) else list(dict.fromkeys(task_id))

        def mutate(s: Session, tree: WbsTree) -> tuple[set[int], set[int]]:
            unknown = {d.predecessor_id for d in dependencies} - tree.tasks.keys()  # deleted meanwhile, or of another plan
            elsewhere = set(s.scalars(select(WbsTask.id).where(WbsTask.id.in_(unknown)))) if unknown else set()
            # Each checked on the plan as stored: one set of links on several tasks closes no cycle that one of them
            # alone would not (a cycle through two of them has a task waiting for a predecessor that reaches it).
            kept = {i: checked_dependencies(tree, i, dependencies, elsewhere, uids) for i in ids}
            changed = {i for i, seen in kept.items() if seen != tree.tasks[i].dependencies}  # (as they are: OK in the dialog)
            for i in changed:
                self._write_dependencies(s, i, kept[i])
                row = s.get_one(WbsTask, i)
                row.user_edited = True
                row.updated_at = utcnow()
                row.edited_by = author_of(s)
            return changed, set()

        return self._change(project_id, mutate, kind="dependencies")

    @staticmethod
    def _write_dependencies(s: Session, task_id: int, dependencies: list[Dependency]) -> None:
        s.execute(delete(WbsDependency).where(WbsDependency.task_id == task_id))
        for n, dep in enumerate(dependencies):
            s.add(WbsDependency(task_id=task_id, predecessor_id=dep.predecessor_id, lag_days=dep.lag_days, position=n))

    # --- structure --------------------------------------------------------------------------------

    def add_task(
        self,
        project_id: int,
        parent_id: int | None = None,
        row: int | None = None,
        priorities: Iterable[str] | None = None,
        **fields: Any,
    ) -> WbsChange:
        """Add a task under ``parent_id`` at ``row`` among its siblings (default: last)."""
        fields.setdefault("title", "New task")
        clean = clean_fields(fields, list(priorities) if priorities is not None else None)

        def mutate(s: Session, tree: WbsTree) -> tuple[set[int], set[int]]:
            if parent_id is not None and parent_id not in tree.tasks:
                raise NotFoundError(key="wbs.task_gone")
            siblings = list(tree.kids(parent_id))
            at = len(siblings) if row is None else max(0, min(row, len(siblings)))
            task = Task(id=0, uid=store.take_uids(s, project_id, 1), parent_id=parent_id, user_edited=True, **clean)
            new = WbsTask(**store.task_to_row(task, project_id, author=author_of(s)))
            s.add(new)
            s.flush()
            siblings.insert(at, new.id)
            self._renumber(s, siblings)
            return set(siblings), {new.id}

        return self._change(project_id, mutate, kind="add")

    @staticmethod
    def _renumber(s: Session, ordered_ids: list[int]) -> None:
        rows = {r.id: r for r in s.scalars(select(WbsTask).where(WbsTask.id.in_(ordered_ids)))}
        for n, task_id in enumerate(ordered_ids):
            if rows[task_id].position != n:
                rows[task_id].position = n

    def delete(self, project_id: int, task_ids: Iterable[int], uids: Mapping[int, int] | None = None) -> WbsChange:
        """Delete tasks with their sub-tasks; links to them go too (all in the undo snapshot). ``uids``: the tasks'
        uids as the caller read them (``{id: uid}``): NotFoundError, nothing deleted, when one of them is gone since
        (deleted by another process, its id handed out again), so a command line never says it deleted it."""
        ids = set(task_ids)
        newly: set[str] = set()  # the generated tasks' templates this delete dismisses (undone with it)

        def mutate(s: Session, tree: WbsTree) -> tuple[set[int], set[int]]:
            if uids is not None and any(i not in tree.tasks or tree.tasks[i].uid != uids.get(i, tree.tasks[i].uid) for i in ids):
                raise NotFoundError(key="wbs.task_gone")
            roots = arrange.top_most(tree, ids)
            doomed = {d for r in roots for d in (r, *tree.descendants(r))}
            dependents = {t.id for t in tree.tasks.values() if t.id not in doomed and any(d.predecessor_id in doomed for d in t.dependencies)}
            parents = {tree.tasks[r].parent_id for r in roots}
            siblings = {p: [i for i in tree.kids(p) if i not in doomed] for p in parents}
            dismissed = {tree.tasks[i].origin.template_id for i in doomed if tree.tasks[i].origin.template_id}
            if dismissed:
                meta = store.read_meta(s, project_id)
                newly.update(dismissed - set(meta.dismissed))
                store.write_meta(s, project_id, meta.model_copy(update={"dismissed": sorted(set(meta.dismissed) | dismissed)}))
            # Children first, so no row ever points at a deleted parent.
            depth_order = sorted(doomed, key=lambda i: -tree.depths.get(i, 0))
            for task_id in depth_order:
                s.execute(delete(WbsDependency).where((WbsDependency.task_id == task_id) | (WbsDependency.predecessor_id == task_id)))
                s.execute(delete(WbsTask).where(WbsTask.id == task_id))
            for kids in siblings.values():
                self._renumber(s, kids)
            touched = doomed | dependents | {i for kids in siblings.values() for i in kids}
            return touched, set()

        change = self._change(project_id, mutate, kind="delete")
        if newly:
            change.info["dismissed"] = frozenset(newly)
        return change

    def move(self, project_id: int, task_ids: Iterable[int], parent_id: int | None, row: int | None = None) -> WbsChange:
        """Move tasks (with their sub-tasks) under ``parent_id`` before sibling ``row`` (default: last).
        Links between the tasks moved and their new summaries are dropped (:func:`arrange.unlinked`), listed in
        ``info["unlinked"]`` as (predecessor, successor) task ids."""
        change = self.arrange(project_id, task_ids, lambda tree, roots: arrange.put(tree, roots, parent_id, row))
        return change or WbsChange(project_id, {}, {}, (), {"kind": "move", "moved": frozenset()})  # (no task given)

    def move_by(self, project_id: int, task_ids: Iterable[int], step: int) -> WbsChange | None:
        """Move sibling tasks one place up (``step`` < 0) or down, each past the nearest task not moved
        (:func:`arrange.stepped`); None when they cannot move."""
        return self.arrange(project_id, task_ids, lambda tree, roots: arrange.stepped(tree, roots, step))

    def indent(self, project_id: int, task_ids: Iterable[int]) -> WbsChange | None:
        """Make each task a sub-task of the nearest sibling above it not indented too (None when there is none)."""
        return self.arrange(project_id, task_ids, arrange.indented)

    def outdent(self, project_id: int, task_ids: Iterable[int]) -> WbsChange | None:
        """Move the tasks up one level, right after their current parent (None at the top level)."""
        return self.arrange(project_id, task_ids, arrange.outdented)

    def arrange(self, project_id: int, task_ids: Iterable[int],
                levels: Callable[[WbsTree, list[int]], arrange.Levels | None]) -> WbsChange | None:
        """One structure edit as one change: ``levels(tree, tasks moved)`` (on the plan as stored, read in the
        transaction) gives the new order of each level it touches (None: nothing can move, nothing written and
        None returned). The links the tasks moved can no longer have go (:func:`arrange.unlinked`)."""
        ids = set(task_ids)
        unlinked: list[tuple[int, int]] = []
        refused: list[bool] = []

        def mutate(s: Session, tree: WbsTree) -> tuple[set[int], set[int]]:
            unlinked.clear()  # (a retry starts again)
            refused.clear()
            roots = arrange.moved(tree, ids)
            lists = levels(tree, roots) if roots else None
            if lists is None:
                refused.append(True)
                return set(), set()
            parents = {i: p for p, kids in lists.items() for i in kids if i in roots}
            kept = arrange.unlinked(tree, parents)
            for task_id, deps in kept.items():
                self._write_dependencies(s, task_id, deps)
                unlinked.extend((d.predecessor_id, task_id) for d in tree.tasks[task_id].dependencies if d not in deps)
            touched: set[int] = set(roots) | set(kept)
            for kids in lists.values():
                touched |= set(kids)
            rows = {r.id: r for r in s.scalars(select(WbsTask).where(WbsTask.id.in_(touched)))}
            for p, kids in lists.items():
                for n, task_id in enumerate(kids):
                    r = rows[task_id]
                    if (r.parent_id, r.position) != (p, n):
                        r.parent_id, r.position = p, n
            return touched, set()

        change = self._change(project_id, mutate, kind="move", moved=frozenset(ids))
        if refused:
            return None
        if unlinked:
            change.info["unlinked"] = tuple(unlinked)
        return change

    # --- bulk: undo, generation, import, schedule -------------------------------------------------

    def restore(self, project_id: int, snapshot: Snapshot, stored: Snapshot | None = None, columns: tuple[str, ...] | None = None,
                dismissed: frozenset[str] = frozenset()) -> None:
        """Put the given tasks back exactly as in ``snapshot`` (None: the task must not exist);
        ``stored``: those tasks as stored now, when the caller has just read them (fewer writes);
        ``columns`` (with ``stored``): the only fields that differ (see :func:`app.wbs.store.restore`).
        ``dismissed``: the templates of generated tasks a delete dismissed (Generate leaves them out):
        no longer dismissed when ``snapshot`` brings such a task back (its undo), dismissed again when
        it takes them away (its redo)."""
        with self.db.session() as s:
            self._check_project(s, project_id)
            lock_project(s, project_id)  # PostgreSQL: a delete committed meanwhile is seen by the check of lost links
            store.restore(s, project_id, snapshot, stored, columns)
            if dismissed:
                back = any(t is not None and t.origin.template_id in dismissed for t in snapshot.values())
                meta = store.read_meta(s, project_id)
                now = set(meta.dismissed) - dismissed if back else set(meta.dismissed) | dismissed
                store.write_meta(s, project_id, meta.model_copy(update={"dismissed": sorted(now)}))
            touch(s, project_id)

    def apply_computed(self, project_id: int, compute: Callable[[WbsTree], dict[int, Task]],
                       columns: tuple[str, ...] | None = None, **info: Any) -> WbsChange:
        """Commit new values of existing tasks that ``compute`` works out from the plan as stored,
        read once inside the transaction (a schedule: no task added or removed) as one change.

        ``columns``: the only task fields ``compute`` changes (a schedule: the dates), the only ones
        compared and written; None: any field."""
        with collector_paused(), self.db.session() as s:
            self._check_project(s, project_id)
            lock_project(s, project_id)  # PostgreSQL: two long operations on one project never interleave
            tree = WbsTree.build(store.load_tasks(s, project_id))
            after: Snapshot = dict(compute(tree))
            if any(i not in tree.tasks for i in after):
                raise NotFoundError(key="wbs.task_gone")
            before: Snapshot = {i: tree.tasks[i] for i in after}
            if after:
                store.restore(s, project_id, after, stored=before, columns=columns)
                touch(s, project_id)
            return WbsChange(project_id, before, after, (), info)

    def apply_snapshot(self, project_id: int, after: Snapshot, **info: Any) -> WbsChange:
        """Commit a computed target state (generation, Excel import, schedule) as one change."""
        with self.db.session() as s:
            self._check_project(s, project_id)
            lock_project(s, project_id)  # PostgreSQL: two long operations on one project never interleave
            before = store.snapshot(s, project_id, after)
            # Give new tasks real ids (negative ids mark tasks to create).
            real: dict[int, int] = {}
            after = dict(after)
            new = {i: t for i, t in after.items() if t is not None and i < 0}
            if new:
                # One uid block and one batched insert for all new tasks.
                uid = store.take_uids(s, project_id, sum(1 for t in new.values() if t.uid <= 0))
                rows = []
                for task_id, task in new.items():
                    if task.uid <= 0:
                        task = task.model_copy(update={"uid": uid})
                        uid += 1
                    after[task_id] = task
                    rows.append(WbsTask(project_id=project_id, uid=task.uid, position=0, title=task.title))
                s.add_all(rows)
                s.flush()
                real = {task_id: row.id for task_id, row in zip(new, rows, strict=True)}
            if real:
                after = self._renumber_ids(after, real)
                before = {real.get(i, i): t for i, t in before.items()}
            store.restore(s, project_id, after)
            s.flush()
            final = store.snapshot(s, project_id, after)
            before = {i: (None if i in real.values() else before.get(i)) for i in final}
            if before != final:
                touch(s, project_id)
            return WbsChange(project_id, before, final, tuple(sorted(real.values())), info)

    @staticmethod
    def _renumber_ids(snapshot: Snapshot, real: dict[int, int]) -> Snapshot:
        result: Snapshot = {}
        for task_id, task in snapshot.items():
            if task is not None:
                task = task.model_copy(
                    update={
                        "id": real.get(task.id, task.id),
                        "parent_id": real.get(task.parent_id, task.parent_id) if task.parent_id is not None else None,
                        "dependencies": [Dependency(predecessor_id=real.get(d.predecessor_id, d.predecessor_id), lag_days=d.lag_days) for d in task.dependencies],
                    }
                )
            result[real.get(task_id, task_id)] = task
        return result

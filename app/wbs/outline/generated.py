"""How the hearing's generated tasks fit into the outline the user made: the tasks added by hand that generation
takes as a template's (:class:`HandTasks`), the user's own leaf it puts no sub-tasks under (:func:`keeps_its_own`),
and the links it may add without making a task wait for its own summary, its sub-task or itself (:func:`set_links`), and
an edited task's texts that follow its template's wording (:func:`reworded`). Pure: no database; :func:`app.wbs.generate.plan` uses them."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from app.core.i18n import format_date, typed_key
from app.core.messages import Label, Many, Message
from app.wbs.catalog import TEMPLATE_TEXTS
from app.wbs.checks import dependency_cycle
from app.wbs.model import STATUS_LABELS, Dependency, Status, Task, WbsTree, field_name, format_days, task_name

if TYPE_CHECKING:
    from app.core.content.model import Localized


class HandTasks:
    """The tasks added by hand (no template), by title as typed names compare (:func:`~app.core.i18n.typed_key`:
    学習環境構築（Docker） typed with the input method's full-width brackets, ＣＩ環境構築 in its full-width mode, are
    学習環境構築(Docker) and CI環境構築), in outline order, each taken at most once."""

    def __init__(self, tree: WbsTree, look: bool = True) -> None:
        self.tree = tree
        self.by_title: dict[str, list[Task]] = {}
        for task in tree.walk() if look else ():
            if task.origin.is_manual:
                self.by_title.setdefault(typed_key(task.title), []).append(task)

    def take(self, titles: Iterable[str], phase: str, summary: bool, phase_task: int | None) -> Task | None:
        """The first hand task (in outline order) of one of ``titles`` that stands for the template: a phase's summary
        is a top task of that phase; another task is of that phase anywhere. A task with no phase (the window's and
        ``wbs add``'s first task gets none, its sub-tasks theirs) is taken as a phase's summary at the top, and as
        another task of the phase only when it lies under that phase's task ``phase_task`` (taken or generated): its
        place says the phase its title alone does not."""
        keys = list(dict.fromkeys(typed_key(t) for t in titles if t.strip()))
        for key in keys:
            for task in self.by_title.get(key, []):
                if self._fits(task, phase, summary, phase_task):
                    self.by_title[key].remove(task)
                    return task
        return None

    def _fits(self, task: Task, phase: str, summary: bool, phase_task: int | None) -> bool:
        if summary:
            return task.parent_id is None and task.phase in (phase, "")
        if task.phase == phase:
            return True
        return not task.phase and phase_task is not None and phase_task in self.tree.ancestors(task.id)


def keeps_its_own(tree: WbsTree, task: Task) -> bool:
    """True when ``task`` is a leaf the user has worked on (an edited task with a status or an estimate of its own):
    generated sub-tasks under it would hide them behind the roll-up (実験規約(wiki)作成 marked 完了 with 3 person-days
    reading 未着手 and the template's 0.75), so it stands for them and none is put there. A phase's task is the exception
    (:func:`app.wbs.generate.plan` puts the phase's tasks under it and says so): a rough estimate typed on 実験環境構築
    must not leave out the 22 tasks the hearing calls for there, the ★ often-missed ones with them."""
    if task.id < 0 or not task.user_edited or tree.has_children(task.id):
        return False
    return Status(task.status) != Status.NOT_STARTED or task.estimate_days is not None


def phase_row_said(tree: WbsTree, task_id: int) -> dict[str, Any]:
    """What is said of the user's phase task ``task_id`` once generation put its phase's tasks under it (the plan's
    ``phase_worked``): ``task`` (its number and title), ``typed`` the figures typed on it (estimate, status, dates) that
    its sub-tasks' roll-up now replaces, ``now`` what it reads instead, ``count`` and ``codes`` its sub-tasks. What was
    typed stays stored: it reads again once the sub-tasks are deleted (``wbs delete``; deleted generated tasks are not
    added again), the way back a client without undo has."""
    task, kids, codes = tree.tasks[task_id], tree.kids(task_id), tree.codes
    own, rolled = {n: getattr(task, n) for n in ("estimate_days", "status", "start", "finish")}, tree.rollup(task_id)._asdict()
    typed = [n for n, v in own.items() if v is not None and v != Status.NOT_STARTED]

    def figures(values: dict[str, Any]) -> Many:
        return Many(tuple(Message(key="wbs.figure", name=field_name(n), value=_figure(n, values[n])) for n in typed))

    span = f"{codes[kids[0]]}–{codes[kids[-1]]}" if len(kids) > 1 else "".join(codes[k] for k in kids)
    return {"task": task_name(codes.get(task_id, ""), task.title), "typed": figures(own), "now": figures(rolled), "count": len(kids),
            "codes": span}


def _figure(name: str, value: Any) -> Label:
    """A task's estimate, status or date as a message writes it in either language."""
    if value is None:
        return Label(ja="なし", en="none")
    if name == "status":
        return Label(**STATUS_LABELS[Status(value)])
    if name == "estimate_days":
        return Label(ja=format_days(value), en=format_days(value))
    return Label(ja=format_date(value, "ja"), en=format_date(value, "en"))


def _related(task_id: int, other: int, parent_of: Callable[[int], int | None]) -> bool:
    """True when ``other`` is ``task_id`` itself, one of its summaries or one of its sub-tasks (by ``parent_of``, the
    plan's parents): a link between them makes the summary wait for its own work (a cycle for the schedule)."""

    def above(start: int, wanted: int) -> bool:
        seen: set[int] = set()
        parent = parent_of(start)
        while parent is not None and parent not in seen:
            if parent == wanted:
                return True
            seen.add(parent)
            parent = parent_of(parent)
        return False

    return task_id == other or above(task_id, other) or above(other, task_id)


def _break_new_cycles(tasks: Mapping[int, Task], linked: Mapping[int, set[int]]) -> dict[int, set[int]]:
    """The links among ``linked`` ({task: the predecessors generation gave it anew}) to leave out so that the plan
    ``tasks`` (every task as generation leaves it) has no dependency cycle: one link of each cycle found, until none is.
    A cycle with none of them in it is not generation's (nothing left out for it)."""
    dropped: dict[int, set[int]] = {}
    if not linked:
        return dropped
    plan = dict(tasks)
    while cycle := dependency_cycle(WbsTree.build(list(plan.values()))):
        on = set(cycle)
        found = next(((t, p) for t in cycle for p in sorted(linked.get(t, set()) - dropped.get(t, set())) if p in on), None)
        if found is None:
            break
        task_id, predecessor = found
        dropped.setdefault(task_id, set()).add(predecessor)
        task = plan[task_id]
        plan[task_id] = task.model_copy(update={"dependencies": [d for d in task.dependencies if d.predecessor_id != predecessor]})
    return dropped


def set_links(tree: WbsTree, after: dict[int, Task | None], links: Mapping[int, list[Dependency]], leaving: set[int]) -> list[int]:
    """Give each task of ``links`` ({task: its generated links}) those links in the plan ``after`` (the tasks generation
    changes over ``tree``; ``leaving``: those it removes), less any between a task and its own summary or sub-task and any
    that would close a cycle. The tasks of ``tree`` whose links this changes."""

    def current(task_id: int) -> Task:
        task = after.get(task_id)
        return task if task is not None else tree.tasks[task_id]

    linked: dict[int, set[int]] = {}
    for task_id, deps in links.items():
        task = current(task_id)
        deps = [d for d in deps if not _related(task_id, d.predecessor_id, lambda i: current(i).parent_id)]
        if deps != task.dependencies:
            after[task_id] = task.model_copy(update={"dependencies": deps})
            linked[task_id] = {d.predecessor_id for d in deps} - {d.predecessor_id for d in task.dependencies}
    if any(linked.values()):
        plan = {i: current(i) for i in tree.tasks if i not in leaving} | {i: t for i, t in after.items() if t is not None and i < 0}
        for task_id, gone in _break_new_cycles(plan, linked).items():
            task = current(task_id)
            after[task_id] = task.model_copy(update={"dependencies": [d for d in task.dependencies if d.predecessor_id not in gone]})
    return [i for i in linked if i > 0 and current(i).dependencies != tree.tasks[i].dependencies]


def reworded(texts: list[dict[str, Localized]], task: Task, fields: dict[str, Any]) -> dict[str, str]:
    """The texts of ``task`` (generated, then edited: its owner set, say) to set from ``fields`` (its template's texts as
    the hearing now words them), when every text of it still reads as one of its template's wordings ``texts`` wrote it
    (in either language): the data scientists' trial asks for no training environment once the scope took it out. A
    task with a text the user typed (``typed``: even one of its template's wordings; else one that reads as none of them),
    or taken from the user's (``adopted``), keeps every text as it is."""
    ours = {n: {x for t in texts if n in t for x in (t[n].ja, t[n].en)} for n in TEMPLATE_TEXTS}
    if task.origin.adopted or task.origin.typed or any(o and getattr(task, n) not in o for n, o in ours.items()):
        return {}

    def both(name: str, text: str) -> set[str]:  # (the wording now wanted, in either language: no change)
        return {x for t in texts if name in t and text in (t[name].ja, t[name].en) for x in (t[name].ja, t[name].en)}

    return {n: fields[n] for n in ours if fields[n] and getattr(task, n) not in both(n, fields[n])}

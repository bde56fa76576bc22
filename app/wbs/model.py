"""WBS tasks as the services hand them out: fields, statuses, problems, and the outline they form.

:class:`Task` is the one list of a task's fields: each carries a :class:`TaskField` that says who
edits it, what regeneration refreshes, what the project file carries, and its column in the Excel
sheet and in the window's table. Everything else that names the fields is derived from it.

A task's outline code ("1", "1.2", "1.2.3") is never stored: it follows from the task's parent and
its position among its siblings, so it is renumbered whenever a task moves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from types import UnionType
from typing import Annotated, Any, NamedTuple, get_args

from pydantic import BaseModel, ConfigDict, Field

from app.core.content.model import Localized
from app.core.files.visible_text import named
from app.core.i18n import Lang, plain_number
from app.core.messages import Label


class Status(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    ON_HOLD = "on_hold"


STATUS_LABELS: dict[str, dict[str, str]] = {
    Status.NOT_STARTED: {"ja": "未着手", "en": "Not started"},
    Status.IN_PROGRESS: {"ja": "進行中", "en": "In progress"},
    Status.DONE: {"ja": "完了", "en": "Done"},
    Status.ON_HOLD: {"ja": "保留", "en": "On hold"},
}

OFTEN_MISSED_LABELS: dict[str, dict[str, str]] = {
    "adoption": {"ja": "漏れがち: 定着", "en": "Often missed: adoption"},
    "resources": {"ja": "漏れがち: リソース拡張", "en": "Often missed: resource expansion"},
}

# A link's lag in working days, however it comes in (typed, picked in the predecessor dialog, read
# from a sheet or a project file): about a year either way is plenty for a plan, and a bigger one
# takes the schedule past the calendar's last year (and the database's integers).
MIN_LAG_DAYS, MAX_LAG_DAYS = -60, 250


class Dependency(BaseModel):
    """Finish-to-start: the task starts ``lag_days`` working days after the predecessor finishes."""

    model_config = ConfigDict(frozen=True)

    predecessor_id: int
    lag_days: int = 0


class SheetRow(BaseModel):
    """The row of an Excel WBS a task was added from (a row without a task id), so that importing
    the same sheet again recognises the row instead of adding the task twice.

    ``exported_at`` tells the workbook (its export's time), ``row`` and ``title`` the row as read,
    ``cells`` its cells as read (JSON values: dates as ISO text), the baseline of its next import."""

    exported_at: str
    row: int
    title: str
    cells: dict[str, Any] = Field(default_factory=dict)


class TaskOrigin(BaseModel):
    """Why a task exists: for a generated one the rule and the answers that made its condition
    true; for one added in an Excel WBS, the row it came from (``sheet``)."""

    rule_id: str = ""
    template_id: str = ""
    answers: list[dict[str, Any]] = Field(default_factory=list)
    sheet: SheetRow | None = None
    adopted: bool | None = None  # added by hand, then taken as the template's: its texts are the user's (never reworded)
    typed: list[str] | None = None  # the texts of a generated task the user typed (app.wbs.catalog.typed_texts): never reworded

    @property
    def is_manual(self) -> bool:
        return not self.template_id


@dataclass(frozen=True)
class SheetColumn:
    """A field's column in the Excel WBS (``app/wbs/files/sheet.py``)."""

    at: int  # its place among the sheet's columns
    width: float
    kind: str = "text"  # text | long | date | number | bool | choice | readonly | id
    key: str = ""  # the column's name when it is not the field's


@dataclass(frozen=True)
class TableColumn:
    """A field's column in the window's WBS table (``app/ui/wbs/columns.py``; its header is a tr() there)."""

    at: int  # its place among the table's columns
    width: int  # pixels
    kind: str = "text"  # title | choice | text | number | date | check | deps | readonly
    key: str = ""  # the column's name when it is not the field's


@dataclass(frozen=True)
class TaskField:
    """What the app does with one field of :class:`Task`.

    The task's fields are listed once, in :class:`Task`, each with this metadata; the database
    row mapping (``app/wbs/store.py``), the project file's task record (``app/wbs/transfer.py``),
    the Excel sheet's columns and the window's table columns are derived from it.
    """

    ja: str = ""  # how documents name the field (the sheet's header, MS Project's notes)
    en: str = ""
    edit: bool = False  # the user edits it; an edit makes a generated task the user's own
    template: bool = False  # regeneration refreshes it from the template on a task the user has not edited
    transfer: bool = True  # the project file carries it as stored (id, uid, parent and links are mapped there)
    sheet: SheetColumn | None = None
    table: TableColumn | None = None

    def label(self, lang: Lang) -> str:
        return self.ja if lang == "ja" else self.en


_F, _Sheet, _Table = TaskField, SheetColumn, TableColumn
_EDIT = {"edit": True}
_TEMPLATE = {"edit": True, "template": True}
_STRUCTURE = TaskField(transfer=False)  # the project file maps these by uid
# The unit of 見積(人日) typed after the number (「3人日」, 「0.5日」, "2 days", "1.5d"); longest first: 「3人日」 is 3
ESTIMATE_UNITS = tuple(Localized(ja=ja, en=en) for ja, en in (
    ("人日", "person-days"), ("人日", "person-day"), ("日", "days"), ("日", "day"), ("日", "d")))  # fmt: skip


class Task(BaseModel):
    """One WBS task as stored (no derived values): the one list of a task's fields."""

    id: Annotated[int, _STRUCTURE]
    uid: Annotated[int, _F("タスクID", "Task ID", transfer=False, sheet=_Sheet(20, 8, "id", "task_id"))]  # stable within the project: the Excel task-id column and the MSPDI UID
    parent_id: Annotated[int | None, _STRUCTURE] = None
    position: Annotated[int, _STRUCTURE] = 0
    title: Annotated[str, _F("タスク", "Task", **_TEMPLATE, sheet=_Sheet(1, 46), table=_Table(0, 340, "title"))] = ""
    description: Annotated[str, _F("説明", "Description", **_TEMPLATE, sheet=_Sheet(17, 40, "long"), table=_Table(16, 220))] = ""
    phase: Annotated[str, _F("フェーズ", "Phase", **_TEMPLATE, sheet=_Sheet(2, 16, "choice"), table=_Table(12, 120, "choice"))] = ""
    priority: Annotated[str, _F("優先度", "Priority", **_TEMPLATE, sheet=_Sheet(3, 9, "choice"), table=_Table(1, 70, "choice"))] = "should"
    completion_condition: Annotated[str, _F("完了条件", "Completion condition", **_TEMPLATE, sheet=_Sheet(12, 42, "long"), table=_Table(9, 260))] = ""
    expected_output: Annotated[str, _F("完成イメージ", "Expected output", **_TEMPLATE, sheet=_Sheet(13, 32, "long"), table=_Table(10, 200))] = ""
    owner_role: Annotated[str, _F("担当ロール", "Owner role", **_TEMPLATE, sheet=_Sheet(5, 17, "choice"), table=_Table(3, 130, "choice"))] = ""
    owner_name: Annotated[str, _F("担当者", "Owner", **_EDIT, sheet=_Sheet(6, 12), table=_Table(4, 80))] = ""
    estimate_days: Annotated[float | None, _F("見積(人日)", "Estimate (person-days)", **_TEMPLATE, sheet=_Sheet(7, 10, "number"), table=_Table(5, 60, "number"))] = None
    start: Annotated[dt.date | None, _F("開始日", "Start", **_EDIT, sheet=_Sheet(8, 11.5, "date"), table=_Table(6, 90, "date"))] = None
    finish: Annotated[dt.date | None, _F("終了日", "Finish", **_EDIT, sheet=_Sheet(9, 11.5, "date"), table=_Table(7, 90, "date"))] = None
    not_before: Annotated[dt.date | None, _F("開始可能日", "Not before", **_EDIT, sheet=_Sheet(10, 11.5, "date"), table=_Table(14, 90, "date"))] = None
    milestone: Annotated[bool, _F("マイルストーン", "Milestone", **_TEMPLATE, sheet=_Sheet(16, 11, "bool"), table=_Table(13, 60, "check"))] = False
    status: Annotated[Status, _F("状況", "Status", **_EDIT, sheet=_Sheet(4, 10, "choice"), table=_Table(2, 80, "choice"))] = Status.NOT_STARTED
    agreed: Annotated[bool, _F("顧客合意", "Agreed", **_EDIT, sheet=_Sheet(14, 9, "bool"), table=_Table(11, 60, "check"))] = False
    agreed_on: Annotated[dt.date | None, _F("合意日", "Agreed on", **_EDIT, sheet=_Sheet(15, 11.5, "date"))] = None
    agreed_at: Annotated[dt.datetime | None, _STRUCTURE] = None  # when "agreed" was ticked (suspect links); not shown
    notes: Annotated[str, _F("備考", "Notes", **_EDIT, sheet=_Sheet(18, 28, "long"), table=_Table(15, 180))] = ""
    origin: Annotated[TaskOrigin, _F("生成元(ヒアリング回答)", "Origin (hearing answers)", sheet=_Sheet(19, 34, "readonly"), table=_Table(17, 260, "readonly"))] = Field(default_factory=TaskOrigin)
    often_missed: Annotated[str, _F()] = ""  # "" | adoption | resources
    user_edited: Annotated[bool, _F()] = False
    # The sheet column's name is positional: a key="..." keyword reads as a message id (tests/test_messages.py).
    dependencies: Annotated[list[Dependency], _F("先行タスク", "Predecessors", transfer=False, sheet=_Sheet(11, 12, "text", "predecessors"), table=_Table(8, 90, "deps", "predecessors"))] = Field(default_factory=list)

    def replaced(self, **changes: Any) -> Task:
        """``model_copy(update=changes)`` (values taken as given, not validated) at a fraction of its
        cost: a schedule of 10,000 tasks makes 10,000 copies, and pydantic's ``__copy__`` copies
        each of the model's three inner attributes with :func:`copy.copy` (40 % of the schedule)."""
        copied = Task.__new__(Task)
        _set_attribute(copied, "__dict__", self.__dict__ | changes)
        _set_attribute(copied, "__pydantic_extra__", self.__pydantic_extra__)
        fields_set = self.__pydantic_fields_set__  # every field set already (a task read): shared, as add() changes nothing
        _set_attribute(copied, "__pydantic_fields_set__", fields_set if len(fields_set) == _FIELD_COUNT else fields_set | changes.keys())
        _set_attribute(copied, "__pydantic_private__", self.__pydantic_private__)
        return copied


_set_attribute = object.__setattr__
_FIELD_COUNT = len(Task.model_fields)


FIELDS: dict[str, TaskField] = {
    name: next((m for m in info.metadata if isinstance(m, TaskField)), _STRUCTURE) for name, info in Task.model_fields.items()
}
# Fields a user edits; changing any of them marks a generated task as the user's own.
EDITABLE_FIELDS: tuple[str, ...] = tuple(name for name, f in FIELDS.items() if f.edit)
# What a user changes of a task (its fields and its predecessors): a change of any is the user's own.
USER_FIELDS: tuple[str, ...] = (*EDITABLE_FIELDS, "dependencies")
# What regeneration may refresh on a task the user has not edited (the template's own texts).
TEMPLATE_FIELDS: tuple[str, ...] = tuple(name for name, f in FIELDS.items() if f.template)
# What the project file carries of a task as it is stored.
TRANSFER_FIELDS: tuple[str, ...] = tuple(name for name, f in FIELDS.items() if f.transfer)


def field_name(name: str) -> Label:
    """What the user calls a task field, in both languages (for messages): its label, else its name."""
    f = FIELDS.get(name)
    if f is None or not (f.ja or f.en):
        return Label(ja=name, en=name.replace("_", " "))
    return Label(ja=f.ja, en=f.en)


def task_name(code: str, title: str) -> str:
    """A task as messages name it: its outline number and its title (the user's own words; past 60 characters cut
    with …, :func:`~app.core.files.visible_text.named`: a message about a task of 100,000 characters stays a line)."""
    return f"{code} {named(title)}".strip()


def value_type(name: str) -> Any:
    """The type of a field's value, without ``None`` (``start`` -> ``dt.date``)."""
    annotation = Task.model_fields[name].annotation
    args = [a for a in get_args(annotation) if a is not type(None)]
    return args[0] if isinstance(annotation, UnionType) and len(args) == 1 else annotation


def sheet_fields() -> list[tuple[str, SheetColumn]]:
    """(field name, column) of the fields the Excel WBS shows, in column order."""
    placed = [(name, f.sheet) for name, f in FIELDS.items() if f.sheet is not None]
    return sorted(placed, key=lambda pair: pair[1].at)


def table_fields() -> list[tuple[str, TableColumn]]:
    """(field name, column) of the fields the window's table shows, in column order."""
    placed = [(name, f.table) for name, f in FIELDS.items() if f.table is not None]
    return sorted(placed, key=lambda pair: pair[1].at)


class Problem(StrEnum):
    NO_COMPLETION = "no_completion"
    FINISH_BEFORE_START = "finish_before_start"
    BEFORE_PREDECESSOR = "before_predecessor"
    RULE_GONE = "rule_gone"
    NO_PHASE_OR_ROLE = "no_phase_or_role"
    SUSPECT = "suspect"  # agreed, then a hearing answer it was built on changed (app/projects/suspects.py)


PROBLEM_LABELS: dict[str, dict[str, str]] = {
    Problem.NO_COMPLETION: {"ja": "完了条件がありません", "en": "No completion condition"},
    Problem.FINISH_BEFORE_START: {"ja": "終了日が開始日より前です", "en": "Finish is before start"},
    Problem.BEFORE_PREDECESSOR: {"ja": "先行タスクの終了前に開始します", "en": "Starts before a predecessor ends"},
    Problem.RULE_GONE: {
        "ja": "生成元の条件がヒアリングで満たされなくなりました",
        "en": "The hearing no longer meets the condition this task was generated for",
    },
    Problem.NO_PHASE_OR_ROLE: {
        "ja": "フェーズまたは担当ロールが未設定です(見積は「未設定」に集計されます)",
        "en": "No phase or owner role (its estimate counts under “Not set”)",
    },
    Problem.SUSPECT: {
        "ja": "合意した後で、根拠のヒアリング回答が変わりました(ファイル ▸ 要確認の項目)",
        "en": "A hearing answer it was agreed on has changed since (File ▸ Suspect Links)",
    },
}


@dataclass
class WbsTree:
    """All tasks of a project with their outline: children in order, codes and depths derived."""

    tasks: dict[int, Task] = field(default_factory=dict)
    children: dict[int | None, list[int]] = field(default_factory=dict)
    _outline: tuple[dict[int, str], dict[int, int], list[int]] | None = field(default=None, repr=False)  # see ``codes``
    _rolled: dict[int, Rollup] | None = field(default=None, repr=False)  # see ``rolled``

    @classmethod
    def build(cls, tasks: list[Task]) -> WbsTree:
        tree = cls(tasks={t.id: t for t in tasks})
        tree.reindex()
        return tree

    def reindex(self) -> None:
        """Recompute children order from parent and position; outline codes, depths and roll-ups
        follow when first asked for (a schedule reads none of them)."""
        children: dict[int | None, list[Task]] = {}
        for task in self.tasks.values():
            parent = task.parent_id if task.parent_id in self.tasks else None
            children.setdefault(parent, []).append(task)
        self.children = {k: [t.id for t in sorted(v, key=lambda t: (t.position, t.id))] for k, v in children.items()}
        self._outline = None
        self._rolled = None

    def _worked_out(self) -> tuple[dict[int, str], dict[int, int], list[int]]:
        """Codes, depths and every task with its parent before it, from the children's order."""
        if self._outline is None:
            codes: dict[int, str] = {}
            depths: dict[int, int] = {}
            order: list[int] = []
            stack: list[tuple[int | None, str, int]] = [(None, "", 0)]
            while stack:
                parent, prefix, depth = stack.pop()
                for n, child in enumerate(self.children.get(parent, []), start=1):
                    code = f"{prefix}.{n}" if prefix else str(n)
                    codes[child] = code
                    depths[child] = depth + 1
                    order.append(child)
                    stack.append((child, code, depth + 1))
            self._outline = codes, depths, order
        return self._outline

    @property
    def codes(self) -> dict[int, str]:
        """Each task's outline code (1, 1.2, 1.2.3)."""
        return self._worked_out()[0]

    @property
    def depths(self) -> dict[int, int]:
        """Each task's depth in the outline (1 for a top-level task)."""
        return self._worked_out()[1]

    @property
    def rolled(self) -> dict[int, Rollup]:
        """Each task's roll-up (see ``rollup``), worked out for the whole tree on first use."""
        if self._rolled is None:
            rolled: dict[int, Rollup] = {}
            for task_id in reversed(self._worked_out()[2]):  # children first, so a summary combines finished roll-ups
                kids = self.children.get(task_id)
                rolled[task_id] = _combine([rolled[k] for k in kids]) if kids else _own(self.tasks[task_id])
            self._rolled = rolled
        return self._rolled

    def roll_up(self, task_ids: Iterable[int]) -> set[int]:
        """After edits that left the outline as it was (no task added, removed or moved): the
        roll-ups of these tasks and their ancestors worked out again, in a new ``rolled`` dict.
        Returns the ids whose roll-up was recomputed."""
        rolled = dict(self.rolled)
        redone: set[int] = set()
        for edited in task_ids:
            task_id: int | None = edited
            while task_id is not None and task_id in self.tasks:
                kids = self.children.get(task_id)
                rolled[task_id] = _combine([rolled[k] for k in kids]) if kids else _own(self.tasks[task_id])
                redone.add(task_id)
                task_id = self.tasks[task_id].parent_id
        self._rolled = rolled
        return redone

    def difference(self, newer: WbsTree) -> dict[int, Task | None]:
        """What the same plan read again (``newer``) holds otherwise: task id -> the task as it is there
        (None: gone), for the tasks added, removed or changed in any field or link."""
        mine, theirs = self.tasks, newer.tasks
        changed: dict[int, Task | None] = dict.fromkeys(mine.keys() - theirs.keys())
        changed |= {i: task for i, task in theirs.items() if (old := mine.get(i)) is None or old.__dict__ != task.__dict__}
        return changed

    def kids(self, task_id: int | None) -> list[int]:
        return self.children.get(task_id, [])

    def has_children(self, task_id: int) -> bool:
        return bool(self.children.get(task_id))

    def walk(self, parent: int | None = None) -> Iterator[Task]:
        """Tasks in outline order (depth first)."""
        stack = list(reversed(self.kids(parent)))
        while stack:
            task_id = stack.pop()
            yield self.tasks[task_id]
            stack.extend(reversed(self.kids(task_id)))

    def descendants(self, task_id: int) -> list[int]:
        return [t.id for t in self.walk(task_id)]

    def ancestors(self, task_id: int) -> list[int]:
        result = []
        parent = self.tasks[task_id].parent_id
        while parent is not None and parent in self.tasks:
            result.append(parent)
            parent = self.tasks[parent].parent_id
        return result

    def by_code(self) -> dict[str, int]:
        return {code: task_id for task_id, code in self.codes.items()}

    def by_uid(self) -> dict[int, Task]:
        return {t.uid: t for t in self.tasks.values()}

    def rollup(self, task_id: int) -> Rollup:
        """A task's estimate, dates and status; a summary task's follow from its sub-tasks."""
        return self.rolled.get(task_id) or _own(self.tasks[task_id])


class Rollup(NamedTuple):
    estimate_days: float | None
    start: dt.date | None
    finish: dt.date | None
    status: Status


# A summary task shows these from its sub-tasks: they are not edited (or imported) on its row.
ROLLED_UP_FIELDS: tuple[str, ...] = Rollup._fields


def rolled_up_status(statuses: list[Status]) -> Status:
    """A summary task's status, as a reader of the plan expects it from its subtasks.

    Done when every subtask is done, on hold when every one is, in progress as soon as one has
    started or finished, otherwise not started.
    """
    if not statuses:
        return Status.NOT_STARTED
    if all(s == Status.DONE for s in statuses):
        return Status.DONE
    if all(s == Status.ON_HOLD for s in statuses):
        return Status.ON_HOLD
    if any(s in (Status.IN_PROGRESS, Status.DONE) for s in statuses):
        return Status.IN_PROGRESS
    return Status.NOT_STARTED


def _own(task: Task) -> Rollup:
    return Rollup(task.estimate_days, task.start, task.finish, task.status)


def _combine(parts: list[Rollup]) -> Rollup:
    estimates = [p.estimate_days for p in parts if p.estimate_days is not None]
    starts = [p.start for p in parts if p.start]
    finishes = [p.finish for p in parts if p.finish]
    return Rollup(
        sum(estimates) if estimates else None,
        min(starts) if starts else None,
        max(finishes) if finishes else None,
        rolled_up_status([p.status for p in parts]),
    )


def format_days(value: float | None) -> str:
    """Person-days as stored, without a pointless ".0" or a sum's float noise: 2 -> "2", 0.125 -> "0.125",
    1234.625 -> "1234.625" (never cut to six significant digits), 0.1 + 0.2 -> "0.3"; "" for none."""
    return "" if value is None else plain_number(value)


def format_dependencies(task: Task, tree: WbsTree) -> str:
    """Predecessors as outline codes: ``1.2, 3.1+2`` (``+N`` / ``-N`` working days of lag)."""
    return format_links(task.dependencies, tree)


def format_links(dependencies: Iterable[Dependency], tree: WbsTree) -> str:
    """Links as the predecessor cell shows them (``1.2, 3.1+2``): outline codes, not ids."""
    parts = []
    for dep in dependencies:
        code = tree.codes.get(dep.predecessor_id)
        if code is None:
            continue
        parts.append(code + (f"{dep.lag_days:+d}" if dep.lag_days else ""))
    return ", ".join(parts)


def lag_problem(lag: int, link: str, task: str = "") -> Exception | None:
    """The error for a lag outside ``MIN_LAG_DAYS..MAX_LAG_DAYS`` (None when it fits): it names the
    link as written (``2.2+300``) and, when known, the task whose predecessor it is."""
    from app.core.errors import FieldRefused

    if MIN_LAG_DAYS <= lag <= MAX_LAG_DAYS:
        return None
    f = FIELDS["dependencies"]
    what = Label(ja=f"{task} の{f.ja}", en=f"{f.en} of {task}") if task else field_name("dependencies")
    return FieldRefused(what, link, key="wbs.lag_out_of_range", low=MIN_LAG_DAYS, high=MAX_LAG_DAYS)


def parse_dependencies(text: str, tree: WbsTree, for_task: int | None = None) -> list[Dependency]:
    """The inverse of :func:`format_dependencies` (full-width digits read too); a part that is not
    a code, the code of no task, or a lag out of range raises :class:`~app.core.errors.FieldRefused`
    naming the field (and the task ``for_task``, when given)."""
    import re
    import unicodedata

    from app.core.errors import FieldRefused

    codes = tree.by_code()
    owner = tree.tasks.get(for_task) if for_task is not None else None
    owner_name = task_name(tree.codes.get(owner.id, ""), owner.title) if owner is not None else ""
    result: list[Dependency] = []
    linked: set[int] = set()  # (a list searched for each part took parts times tasks: every code of 4,000 tasks, 6 s)
    folded = unicodedata.normalize("NFKC", text).replace("−", "-")
    for part in re.split(r"[,、;\s]+", folded.strip()):
        if not part:
            continue
        match = re.fullmatch(r"(\d+(?:\.\d+)*)(?:FS)?([+-]\d+)?(?:d|日)?", part, flags=re.IGNORECASE)
        if not match:
            raise FieldRefused(field_name("dependencies"), part, key="wbs.not_a_predecessor")
        task_id = codes.get(match.group(1))
        if task_id is None:
            raise FieldRefused(field_name("dependencies"), match.group(1), key="wbs.no_task_code")
        digits = (match.group(2) or "+0").lstrip("+-").lstrip("0")
        lag = int(match.group(2) or 0) if len(digits) < 10 else MAX_LAG_DAYS + 1  # (a 5,000-digit lag is out of range too, not a ValueError)
        refused = lag_problem(lag, part, owner_name)
        if refused is not None:
            raise refused
        if task_id not in linked:
            linked.add(task_id)
            result.append(Dependency(predecessor_id=task_id, lag_days=lag))
    return result

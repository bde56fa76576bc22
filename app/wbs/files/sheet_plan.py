"""What an edited WBS workbook asks for, ready to preview or apply: changed cells, conflicts, new rows.

:mod:`app.wbs.files.sheet_import` reads a workbook into a :class:`SheetPlan`; the CLI and the
window's preview dialog show it (:meth:`SheetPlan.describe`, :func:`show_value`); applying it
writes what :meth:`SheetPlan.resolve` gives.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.core.demo_source import app_today
from app.core.errors import shown
from app.core.i18n import Lang, format_date
from app.core.messages import Label, Many, Message
from app.core.operations import Choice, side  # one side for every conflict, or per (task id, field)
from app.core.storage.models import utcnow
from app.wbs.catalog import LABELLED, Catalog, typed_texts
from app.wbs.files.sheet import BY_KEY, IMPORTED
from app.wbs.files.sheet_cells import RowError, base_values, code_text, deps_text, differs, row_values
from app.wbs.model import Dependency, Task, format_days, task_name


@dataclass
class FieldChange:
    field: str
    old: Any  # the app's value now
    new: Any  # the sheet's value
    conflict: bool = False  # the app changed this cell since the export too: kept unless the sheet's is taken
    formula: bool = False  # the sheet's cell held a formula: its text is what is imported (shown 「(数式)」)


@dataclass
class RowChange:
    task_id: int
    code: str
    title: str
    changes: list[FieldChange]
    task: Task | None = None  # the task as read, which the apply starts from
    dependencies: list[Dependency] | None = None  # the sheet's predecessors, when they are a change


@dataclass
class NewRow:
    row: int
    title: str
    parent_code: str
    fields: dict[str, Any]
    predecessors: list[Dependency]


@dataclass
class SheetPlan:
    """The changes a workbook asks for, ready to preview or apply."""

    project_id: int
    path: Path
    changed: list[RowChange] = field(default_factory=list)
    added: list[NewRow] = field(default_factory=list)
    warnings: list[Message] = field(default_factory=list)
    ignored: list[Message] = field(default_factory=list)  # what the sheet asks for but the import does not do, with why
    unchanged: int = 0
    kept: int = 0  # cells changed only in the app since the export: they stay
    new_tasks: dict[int, Task] = field(default_factory=dict)
    # A new task placed where its row stands in the sheet: the sibling it comes right after (None:
    # first); the others come last (app.wbs.files.sheet_new_rows.placed).
    follows: dict[int, int | None] = field(default_factory=dict)
    names: dict[int, str] = field(default_factory=dict)  # each task as the preview named it (outline number and title)
    # Set by applying: what changed while the preview was open (tasks named by outline number and title).
    kept_meanwhile: list[str] = field(default_factory=list)  # changed elsewhere: those changes kept
    gone_meanwhile: list[str] = field(default_factory=list)  # deleted: not recreated, not linked to
    not_added: list[NewRow] = field(default_factory=list)  # new rows whose parent task was deleted

    @property
    def empty(self) -> bool:
        return not self.changed and not self.added

    @property
    def conflicts(self) -> list[tuple[RowChange, FieldChange]]:
        return [(row, c) for row in self.changed for c in row.changes if c.conflict]

    def resolve(self, prefer: Choice = "app") -> dict[int, Task | None]:
        """The tasks to write: every change, and each conflict from the side ``prefer`` names (default the app)."""
        after: dict[int, Task | None] = dict(self.new_tasks)
        for row in self.changed:
            update = self.update(row, prefer)
            if update and row.task is not None:
                after[row.task_id] = row.task.model_copy(update=finish_update(row.task, update))
        return after

    def update(self, row: RowChange, prefer: Choice = "app") -> dict[str, Any]:
        """The fields ``row`` changes (predecessors as ``dependencies``): each conflict from the side ``prefer`` names."""
        update: dict[str, Any] = {}
        for change in row.changes:
            if change.conflict and side(prefer, (row.task_id, change.field)) != "sheet":
                continue
            if change.field == "predecessors":
                update["dependencies"] = row.dependencies or []
            else:
                update[change.field] = change.new
        return update

    def meanwhile(self) -> list[Message]:
        """What applying did not do as previewed, because the WBS changed while the preview was open."""
        said = []
        if self.kept_meanwhile:
            said.append(Message(key="wbs.import_kept_meanwhile", tasks=Many(tuple(self.kept_meanwhile))))
        if self.gone_meanwhile:
            said.append(Message(key="wbs.import_gone_meanwhile", tasks=Many(tuple(self.gone_meanwhile))))
        if self.not_added:
            rows = tuple(Message(key="wbs.import_row_title", row=new.row, title=new.title) for new in self.not_added)
            said.append(Message(key="wbs.import_parent_gone", rows=Many(rows)))
        return said

    def describe(self, lang: Lang = "en", cat: Catalog | None = None) -> list[str]:
        """One line per change, conflict, new row, ignored request and warning, in ``lang``, for the
        CLI and the preview dialog: ``~`` a change, ``!`` a conflict or a warning, ``+`` a new task,
        ``-`` what is not imported. Tasks by outline number and title, columns by their label."""

        def cell(c: FieldChange) -> dict[str, Any]:
            return {"field": column_label(c.field), "old": show_value(c.old, c.field, cat, lang), "new": shown_new(c, cat, lang)}

        separator = "、" if lang == "ja" else "; "
        lines = []
        for row in self.changed:
            parts = [Message(key="wbs.preview_cell", **cell(c)).text(lang) for c in row.changes if not c.conflict]
            if parts:
                lines.append(f"~ {task_name(row.code, row.title)}: " + separator.join(parts))
        for row, c in self.conflicts:
            lines.append("! " + Message(key="wbs.preview_conflict", task=task_name(row.code, row.title), **cell(c)).text(lang))
        for new in self.added:
            if new.parent_code:
                lines.append("+ " + Message(key="wbs.preview_new_under", row=new.row, title=new.title, parent=new.parent_code).text(lang))
            else:
                lines.append("+ " + Message(key="wbs.preview_new", row=new.row, title=new.title).text(lang))
        lines += ["- " + Message(key="wbs.preview_ignored", reason=reason).text(lang) for reason in self.ignored]
        lines += ["! " + warning.text(lang) for warning in self.warnings]
        return lines


def finish_update(task: Task, update: dict[str, Any]) -> dict[str, Any]:
    """``update`` as written to ``task``: a newly ticked agreement dated today and timed now (``agreed_at``, as a
    tick in the window: an answer changed after it makes the task suspect), the task now the user's own."""
    update = dict(update)
    if update.get("agreed") and "agreed_on" not in update and not task.agreed_on:
        update["agreed_on"] = app_today()
    if any(k in update and update[k] != getattr(task, k) for k in ("agreed", "agreed_on")):
        update["agreed_at"] = utcnow() if update.get("agreed", task.agreed) else None
    update |= typed_texts(task, [k for k, v in update.items() if v != getattr(task, k, v)])  # (typed into the sheet: the user's)
    update["user_edited"] = True
    return update


def column_label(name: str) -> Label:
    """A sheet column's header in both languages (a field's label)."""
    column = BY_KEY.get(name)
    return Label(ja=column.ja, en=column.en) if column is not None else Label(ja=name, en=name)


def shown_new(change: FieldChange, cat: Catalog | None, lang: Lang, limit: int | None = 50) -> str:
    """The sheet's value of a change as the preview shows it: a formula's text marked as one 「=M3 (数式)」."""
    shown_value = show_value(change.new, change.field, cat, lang, limit)
    return Message(key="hearing_sheet.formula", value=shown_value).text(lang) if change.formula else shown_value


def show_value(value: Any, name: str, cat: Catalog | None, lang: Lang, limit: int | None = 50) -> str:
    """A cell's value as the preview shows it: labels, not keys; dates and yes / no as the
    language writes them; long text shortened to ``limit`` characters (None: in full)."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return ("はい" if value else "いいえ") if lang == "ja" else ("yes" if value else "no")
    if cat is not None and name in LABELLED:
        return str(cat.label_of(name, value, lang))
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return format_date(value, lang)
    if isinstance(value, float):
        return format_days(value)
    text = " ".join(str(getattr(value, "value", value)).split())
    return text if limit is None or len(text) <= limit else text[: limit - 3] + "…"


# The rows the import skips (their task deleted since the export, or another copy's) said one by one up to
# this many; the others in one line, counted, as the tasks not in the sheet are (``wbs.not_in_sheet``).
SKIPPED_SAID = 8
Skipped = tuple[int, Message, list[Message]]  # a skipped row: its number, why it was skipped, what was typed on it


def skipped_row(number: int, raw: dict[str, Any], other_copy: bool, base: dict[str, Any] | None, cat: Catalog) -> Skipped:
    """A row of a task no longer in the project (``other_copy``: added in another copy of it): why it is
    skipped, and what the customer typed on it (:func:`typed_on_skipped`, against the row as exported:
    ``base``). A row never read refuses nothing: a cell that does not read (=TODAY() in a date) is said as typed."""
    values: dict[str, Any] = {}
    for key in (k for k in IMPORTED if k in raw):
        try:
            values |= row_values({key: raw[key]}, cat, number)
        except RowError:
            values[key] = raw[key]
    title = str(values.get("title") or "") or str(raw.get("title") or "")
    named = task_name(code_text((base or {}).get("code")) or code_text(raw.get("code")), f"「{title}」" if title else "")
    why = Message(key="wbs.row_other_copy", row=number, task=named) if other_copy else Message(key="wbs.row_unknown_task", row=number, task=named)
    return number, why, typed_on_skipped(number, values, raw, base, cat)


def skipped_said(skipped: list[Skipped]) -> list[Message]:
    """The skipped rows as the preview says them: the first :data:`SKIPPED_SAID` each with what was typed
    on it, then the others counted in one line (their rows, the first eight, and how many were typed on)."""
    said = [message for _, why, typed in skipped[:SKIPPED_SAID] for message in (why, *typed)]
    if rest := skipped[SKIPPED_SAID:]:
        rows = tuple(str(number) for number, _, _ in rest[:8]) + (("…",) if len(rest) > 8 else ())
        said.append(Message(key="wbs.rows_skipped_more", count=len(rest), rows=Many(rows), typed=sum(1 for _, _, typed in rest if typed)))
    return said


def typed_on_skipped(row: int, values: dict[str, Any], raw: dict[str, Any], base: dict[str, Any] | None, cat: Catalog) -> list[Message]:
    """What the customer typed on the sheet's ``row`` that the import skips (its task deleted since the
    export), said: each cell read (``values``; predecessors as typed in ``raw``) that differs from the row
    as exported (``base``), by its column's label with the value; nothing when none differs, or the row as
    exported is not known."""
    if base is None:
        return []
    exported = base_values(base, cat)
    typed: list[Message] = []
    for key, new in values.items():
        if differs(exported.get(key), new):
            said = Label(ja=shown(show_value(new, key, cat, "ja", None), 120), en=shown(show_value(new, key, cat, "en", None), 120))
            typed.append(Message(key="wbs.typed_cell", field=column_label(key), value=said))
    if "predecessors" in raw and (text := deps_text(raw["predecessors"])) != deps_text(base.get("predecessors")):
        typed.append(Message(key="wbs.typed_cell", field=column_label("predecessors"), value=shown(text or "—", 120)))
    return [Message(key="wbs.row_skipped_typed", row=row, cells=Many(tuple(typed)))] if typed else []

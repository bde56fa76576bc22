"""What changed between two agreement baselines (or a baseline and now): per item, per task, per table cell.

Values are compared as stored and shown as the user reads them in the document language: an
option by its label, a date as 2026/12/21 in Japanese, a task's status and phase by their labels, the texts
the app generated for a task in the document language (:func:`app.wbs.catalog.worded_fields`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from app.core.messages import Message
from app.core.projects import as_id
from app.projects.baselines.store import NOT_COMPARED, Baseline

if TYPE_CHECKING:
    from app.core.content.loader import ContentLibrary
    from app.core.content.model import Item
    from app.core.i18n import Lang

WBS = "wbs"
ADDED, REMOVED, CHANGED = "added", "removed", "changed"


@dataclass(frozen=True)
class DiffRow:
    area: str  # a checklist id (hearing, system_planning) or "wbs"
    key: str  # the item id or the task uid
    subject: str  # the item's label, or the task's code and title
    field: str  # what of it changed: the answer, a table cell, a task field
    old: str
    new: str
    change: str  # added | removed | changed


@dataclass(frozen=True)
class BaselineDiff:
    old_name: str
    new_name: str
    lang: Lang
    rows: list[DiffRow]
    areas: dict[str, str]  # area -> its title, in the order shown

    def rows_of(self, area: str) -> list[DiffRow]:
        return [r for r in self.rows if r.area == area]


def _say(lang: Lang, *, key: str, **params: Any) -> str:
    return Message(key=key, **params).text(lang)


def _change(old: Any, new: Any) -> str:
    return ADDED if old in (None, "", [], {}) else REMOVED if new in (None, "", [], {}) else CHANGED


# --- answers ----------------------------------------------------------------------------------------


def _answer_rows(area: str, item_id: str, item: Item | None, old: dict[str, Any], new: dict[str, Any], lang: Lang, library: ContentLibrary) -> list[DiffRow]:
    from app.core.content.model import AnswerKind
    from app.hearing import format_value, status_label, table_rows

    subject = item.label.get(lang) if item is not None else item_id
    rows: list[DiffRow] = []

    def add(field: str, before: str, after: str, raw_old: Any, raw_new: Any) -> None:
        if before != after:
            rows.append(DiffRow(area, item_id, subject, field, before, after, _change(raw_old, raw_new)))

    if old.get("status") != new.get("status"):
        before, after = (status_label(str(s), lang, library) if s else "" for s in (old.get("status"), new.get("status")))
        add(_say(lang, key="agreement.field_status"), before, after, old.get("status"), new.get("status"))
    for key in ("value", "later"):
        a, b = old.get(key), new.get(key)
        if a == b:
            continue
        if key == "value":
            what = _say(lang, key="agreement.field_now") if item is not None and item.now_later else _say(lang, key="agreement.field_answer")
        else:
            what = _say(lang, key="agreement.field_later")
        before, after = ("" if v is None or v == [] else format_value(item, v, lang) for v in (a, b))
        if item is not None and item.kind == AnswerKind.TABLE:
            # A text or words saved before the item became a table are said as such (rows by their
            # count beside them: what replaced them, or what they replaced), never read as empty rows.
            if not (item.kind.holds(a) and item.kind.holds(b)):
                add(what, before, after, a, b)
            rows += _table_rows(area, item_id, subject, what, item, table_rows(a), table_rows(b), lang)
        else:
            add(what, before, after, a, b)
    add(_say(lang, key="agreement.field_note"), str(old.get("note") or ""), str(new.get("note") or ""), old.get("note"), new.get("note"))
    return rows


def _table_rows(area: str, item_id: str, subject: str, what: str, item: Item, old: list[Any], new: list[Any], lang: Lang) -> list[DiffRow]:
    """Cell by cell: rows matched by their place in the table; a row added or removed shows each of its cells."""
    from app.hearing import format_cell

    columns = {c.id: c for c in item.columns}
    rows = []
    for n in range(max(len(old), len(new))):
        a = old[n] if n < len(old) and isinstance(old[n], dict) else {}
        b = new[n] if n < len(new) and isinstance(new[n], dict) else {}
        keys = [c for c in columns if c in a or c in b] + sorted(k for k in {*a, *b} if k not in columns)
        for key in keys:
            before, after = a.get(key), b.get(key)
            column = columns.get(key)
            shown = [format_cell(column, v, lang) if column is not None else ("" if v is None else str(v)) for v in (before, after)]
            if shown[0] == shown[1]:
                continue
            label = column.label.get(lang) if column is not None else key
            field = _say(lang, key="agreement.field_cell", what=what, row=n + 1, column=label)
            change = ADDED if n >= len(old) else REMOVED if n >= len(new) else _change(before, after)
            rows.append(DiffRow(area, item_id, subject, field, shown[0], shown[1], change))
    return rows


# --- WBS tasks --------------------------------------------------------------------------------------


def _code_key(code: str) -> tuple[int, ...]:
    return tuple(as_id(p) or 0 for p in str(code or "").split("."))  # a stored code of "²" or 5,000 digits: 0


def _task_value(name: str, value: Any, tasks: dict[str, dict[str, Any]], lang: Lang, cat: Any) -> str:
    from app.core.i18n import format_date

    if value is None or value == "":
        return ""
    if name == "predecessors":
        links = []
        for link in value if isinstance(value, list) else []:
            if not isinstance(link, dict):
                continue
            linked = tasks.get(str(link.get("uid")), {})
            code = str(linked.get("code") or link.get("uid"))
            lag = link.get("lag_days") or 0
            shown = f"{code}{lag:+d}" if isinstance(lag, int) and lag else code
            # The title too: codes are renumbered by a move or a delete, a title says which task it was.
            links.append(f"{shown} {linked['title']}" if linked.get("title") else shown)
        return ", ".join(links)
    if name in ("priority", "status", "phase", "owner_role"):
        return str(cat.label_of(name, value, lang))
    if isinstance(value, bool):
        return _say(lang, key="agreement.yes") if value else _say(lang, key="agreement.no")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if name in ("start", "finish", "not_before", "agreed_on") and isinstance(value, str):
        try:
            return format_date(dt.date.fromisoformat(value), lang)
        except ValueError:
            return value
    return str(value)


def _field_label(name: str, lang: Lang) -> str:
    from app.wbs import field_name

    return field_name("dependencies" if name == "predecessors" else name).get(lang)


def _wbs_rows(old: dict[str, dict[str, Any]], new: dict[str, dict[str, Any]], lang: Lang, library: ContentLibrary) -> list[DiffRow]:
    from app.wbs import wbs_catalog, worded_fields

    cat = wbs_catalog(library)
    # The texts the app generated in the document's language, as every export of the WBS writes them.
    old = {uid: worded_fields(cat, task, lang) if isinstance(task, dict) else task for uid, task in old.items()}
    new = {uid: worded_fields(cat, task, lang) if isinstance(task, dict) else task for uid, task in new.items()}
    rows = []
    uids = sorted({*old, *new}, key=lambda u: (_code_key((new.get(u) or old.get(u) or {}).get("code", "")), u))
    for uid in uids:
        a, b = old.get(uid), new.get(uid)
        task = b if b is not None else a or {}
        subject = f"{task.get('code') or ''} {task.get('title') or ''}".strip()
        if a is None or b is None:
            change = ADDED if a is None else REMOVED
            shown = _say(lang, key="agreement.task_added") if a is None else _say(lang, key="agreement.task_removed")
            rows.append(DiffRow(WBS, uid, subject, _field_label("title", lang), shown if a is None else str(task.get("title") or ""),
                                str(task.get("title") or "") if a is None else shown, change))  # fmt: skip
            continue
        for name in [k for k in b if k not in NOT_COMPARED] + [k for k in a if k not in b and k not in NOT_COMPARED]:
            if a.get(name) == b.get(name):
                continue
            before, after = _task_value(name, a.get(name), old, lang, cat), _task_value(name, b.get(name), new, lang, cat)
            if before != after:
                rows.append(DiffRow(WBS, uid, subject, _field_label(name, lang), before, after, _change(a.get(name), b.get(name))))
    return rows


# --- the whole ------------------------------------------------------------------------------------


def diff(old: Baseline, new: Baseline, library: ContentLibrary, lang: Lang) -> BaselineDiff:
    """What changed from ``old`` to ``new``: answers of each checklist (the hearing first), then the WBS."""
    order: list[str] = [cid for cid in ("hearing", "system_planning") if cid in old.answers or cid in new.answers]
    order += sorted(cid for cid in {*old.answers, *new.answers} if cid not in order)
    areas: dict[str, str] = {}
    rows: list[DiffRow] = []
    for cid in order:
        checklist = library.checklists.get(cid)
        areas[cid] = checklist.title.get(lang) if checklist is not None else cid
        before, after = old.answers.get(cid, {}), new.answers.get(cid, {})
        ids = [i.id for i in checklist.walk_items()] if checklist is not None else []
        ids = [i for i in ids if i in before or i in after] + sorted(i for i in {*before, *after} if i not in ids)
        for item_id in ids:
            rows += _answer_rows(cid, item_id, library.item(item_id), before.get(item_id, {}), after.get(item_id, {}), lang, library)
    areas[WBS] = "WBS"
    rows += _wbs_rows(old.wbs, new.wbs, lang, library)
    return BaselineDiff(old.name, new.name, lang, rows, areas)

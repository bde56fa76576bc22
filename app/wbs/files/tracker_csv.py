"""The WBS as one CSV row per task for an issue tracker's import (Jira, GitLab, Backlog, Redmine...).

The seed's ticket rule: whoever assigns a task files the issue with its completion condition, so
the completion condition becomes the acceptance criteria. Headers are English (trackers map
columns by name); values follow the export language. A field that starts like a formula gets a
leading apostrophe (quoting alone does not stop a spreadsheet evaluating it).
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from app.core.files.atomic import write_text
from app.core.files.control_chars import visible
from app.core.files.xlsx_style import FORMULA_STARTS
from app.core.i18n import Lang, format_date
from app.core.workspace import Workspace
from app.wbs.catalog import Catalog, catalog, worded_tree
from app.wbs.files.sheet import NO, YES
from app.wbs.model import FIELDS, OFTEN_MISSED_LABELS, Task, WbsTree, format_days, format_links
from app.wbs.service import WbsService

HEADERS = (
    "Summary",
    "Description",
    "Acceptance Criteria",
    "Priority",
    "Assignee",
    "Owner Role",
    "Labels",
    "Start Date",
    "Due Date",
    "Estimate (days)",
    "WBS",
    "Parent WBS",
    "Milestone",
    "Status",
    "Task ID",
)
ACCEPTANCE = {"ja": "完了条件", "en": "Acceptance criteria"}  # the completion condition, as trackers call it


def safe(value: object) -> str:
    """A CSV cell: control characters shown (ESC -> ␛; no terminal escape), never a formula."""
    text = visible("" if value is None else str(value))
    return "'" + text if text.startswith(FORMULA_STARTS) else text


_NOT_IN_A_LABEL = re.compile(r"[\s,]+")


def one_label(label: str) -> str:
    """A label as one word: the Labels column is space-separated (a tracker's import splits it there, and a
    Jira label holds no space) and some trackers part labels at a comma (GitLab), so each run of spaces (a
    full-width one too) and commas is written "_": 「phase:PoC 評価」 is ``phase:PoC_評価``, the phase
    "Planning (hearing, WBS)" ``phase:Planning_(hearing_WBS)``."""
    return "_".join(part for part in _NOT_IN_A_LABEL.split(label) if part)


def labels(task: Task, cat: Catalog, lang: Lang) -> str:
    """The task's labels: a key (English, as the headers) and the words the customer sees in the file's
    language, as the sheet and the app show them (``phase:計画(ヒアリング・WBS) priority:必須``; a typed phase
    as typed), never the app's internal keys (``phase:planning priority:must``)."""
    words = [f"phase:{cat.phase_label(task.phase, lang)}" if task.phase else "", f"priority:{cat.priority_label(task.priority, lang)}",
             "milestone" if task.milestone else ""]  # fmt: skip
    if task.often_missed:  # 「漏れがち: 定着」 / "Often missed: adoption" -> often-missed:定着 / often-missed:adoption
        words.append("often-missed:" + OFTEN_MISSED_LABELS[task.often_missed][lang].split(":", 1)[-1].strip())
    return " ".join(one_label(word) for word in words if word)


def tracker_rows(ws: Workspace, project_id: int, lang: Lang) -> list[list[str]]:
    cat = catalog(ws.library)
    tree = worded_tree(WbsService(ws.db).tree(project_id), cat, lang)  # what the app wrote, in the file's language
    rows = []
    for task in tree.walk():
        estimate, start, finish, status = tree.rollup(task.id)
        description = [task.description] if task.description else []
        if task.expected_output:
            description.append(f"{FIELDS['expected_output'].label(lang)}: {task.expected_output}")
        if task.completion_condition:
            description.append(f"{ACCEPTANCE[lang]}:\n- {task.completion_condition}")
        if task.notes:
            description.append(f"{FIELDS['notes'].label(lang)}: {task.notes}")
        description += _schedule_lines(task, tree, lang)
        parent = tree.codes.get(task.parent_id, "") if task.parent_id else ""
        rows.append(
            [
                f"{tree.codes[task.id]} {task.title}",
                "\n\n".join(description),
                task.completion_condition,
                cat.priority_label(task.priority, lang),
                task.owner_name,
                cat.role_label(task.owner_role, lang) if task.owner_role else "",
                labels(task, cat, lang),
                start.isoformat() if start else "",
                finish.isoformat() if finish else "",
                format_days(estimate),
                tree.codes[task.id],
                parent,
                "yes" if task.milestone else "no",
                cat.status_label(status.value, lang),
                str(task.uid),
            ]
        )
        if task.often_missed:
            rows[-1][1] = f"[{OFTEN_MISSED_LABELS[task.often_missed][lang]}]\n\n" + rows[-1][1]
    return rows


def _schedule_lines(task: Task, tree: WbsTree, lang: Lang) -> list[str]:
    """What a tracker has no column for, as lines of the description: the tasks it waits for (by WBS number,
    with the lag), its not-before date, and the customer's agreement with its date."""
    lines = []
    links = format_links(task.dependencies, tree)
    if links:
        lines.append(f"{FIELDS['dependencies'].label(lang)}: {links}")
    if task.not_before:
        lines.append(f"{FIELDS['not_before'].label(lang)}: {format_date(task.not_before, lang)}")
    if task.agreed or task.agreed_on:
        agreed = YES[lang] if task.agreed else NO[lang]
        lines.append(f"{FIELDS['agreed'].label(lang)}: {agreed}" + (f" ({format_date(task.agreed_on, lang)})" if task.agreed_on else ""))
    return ["\n".join(lines)] if lines else []


def export_tracker_csv(ws: Workspace, project_id: int, out: Path, lang: Lang, *, bom: bool = False) -> Path:
    """UTF-8 as issue trackers read it; ``bom`` adds the byte-order mark Excel on Windows needs for Japanese."""
    buffer = io.StringIO()
    if bom:
        buffer.write("\ufeff")
    writer = csv.writer(buffer, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(HEADERS)
    for row in tracker_rows(ws, project_id, lang):
        writer.writerow([safe(v) for v in row])
    return write_text(Path(out), buffer.getvalue())

"""The WBS spreadsheet's columns, shared by the Excel export and its re-import.

Columns are found again on import by their header text (in either language), so a user may
reorder them or add their own; the hidden task-id column ties each row to its task. The hidden
meta sheet keeps, below a ``baseline`` row, each task's importable cells as exported, so that the
import tells a cell changed in the sheet from one changed in the app since the export.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.core.i18n import Lang

FORMAT = "mlops-kickoff-wbs"
SCHEMA = 1
META_SHEET = "_meta"
LISTS_SHEET = "_lists"
BASELINE = "baseline"  # the meta sheet's row that starts the cells as exported


@dataclass(frozen=True)
class Column:
    key: str
    ja: str
    en: str
    width: float
    kind: str = "text"  # text | long | date | number | bool | choice | readonly | id

    def label(self, lang: Lang) -> str:
        return self.ja if lang == "ja" else self.en


COLUMNS: tuple[Column, ...] = (
    Column("code", "WBS", "WBS", 8, "readonly"),
    Column("title", "タスク", "Task", 46),
    Column("phase", "フェーズ", "Phase", 16, "choice"),
    Column("priority", "優先度", "Priority", 9, "choice"),
    Column("status", "状況", "Status", 10, "choice"),
    Column("owner_role", "担当ロール", "Owner role", 17, "choice"),
    Column("owner_name", "担当者", "Owner", 12),
    Column("estimate_days", "見積(人日)", "Estimate (person-days)", 10, "number"),
    Column("start", "開始日", "Start", 11.5, "date"),
    Column("finish", "終了日", "Finish", 11.5, "date"),
    Column("predecessors", "先行タスク", "Predecessors", 12),
    Column("completion_condition", "完了条件", "Completion condition", 42, "long"),
    Column("expected_output", "完成イメージ", "Expected output", 32, "long"),
    Column("agreed", "顧客合意", "Agreed", 9, "bool"),
    Column("agreed_on", "合意日", "Agreed on", 11.5, "date"),
    Column("milestone", "マイルストーン", "Milestone", 11, "bool"),
    Column("description", "説明", "Description", 40, "long"),
    Column("notes", "備考", "Notes", 28, "long"),
    Column("origin", "生成元(ヒアリング回答)", "Origin (hearing answers)", 34, "readonly"),
    Column("task_id", "タスクID", "Task ID", 8, "id"),
)
BY_KEY = {c.key: c for c in COLUMNS}
# The columns an import may change; the baseline records these (and the code) per task.
IMPORTED = (
    "title",
    "phase",
    "priority",
    "status",
    "owner_role",
    "owner_name",
    "estimate_days",
    "start",
    "finish",
    "completion_condition",
    "expected_output",
    "agreed",
    "agreed_on",
    "milestone",
    "description",
    "notes",
)
BASELINE_KEYS = ("code", *IMPORTED, "predecessors")
YES = {"ja": "はい", "en": "Yes"}
NO = {"ja": "いいえ", "en": "No"}
TRUE_WORDS = {"yes", "y", "true", "1", "x", "✓", "○", "はい", "済", "合意", "有", "あり"}
FALSE_WORDS = {"no", "n", "false", "0", "いいえ", "未", "無", "なし", "-", "—"}


def column_for_header(text: object) -> Column | None:
    folded = " ".join(str(text or "").split()).casefold()
    if not folded:
        return None
    return next((c for c in COLUMNS if folded in (c.ja.casefold(), c.en.casefold(), c.key)), None)

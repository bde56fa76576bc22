"""The WBS spreadsheet's columns, shared by the Excel export and its re-import.

Columns are found again on import by their header text (in either language), so a user may
reorder them or add their own; the hidden task-id column ties each row to its task. The hidden
meta sheet keeps, below a ``baseline`` row, each task's importable cells as exported, so that the
import tells a cell changed in the sheet from one changed in the app since the export.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass

from app.core.i18n import Lang
from app.wbs.model import EDITABLE_FIELDS, FIELDS, sheet_fields

FORMAT = "mlops-kickoff-wbs"
SCHEMA = 1
META_SHEET = "_meta"
LISTS_SHEET = "_lists"
BASELINE = "baseline"  # the meta sheet's row that starts the cells as exported
UID_COPIES = "uid_copies"  # the meta key of which copy of the project took each task id (app/wbs/store.py)


@dataclass(frozen=True)
class Column:
    key: str
    ja: str
    en: str
    width: float
    kind: str = "text"  # text | long | date | number | bool | choice | readonly | id

    def label(self, lang: Lang) -> str:
        return self.ja if lang == "ja" else self.en

    @property
    def typed(self) -> bool:
        """A column whose dates and numbers are written as real cells (anything else as text)."""
        return self.kind in ("date", "number", "id")


# The WBS code, then the task's fields the sheet shows (app/wbs/model.py: Task, with each column).
MAX_WEEKS = 80  # the Gantt area's week columns in the Excel WBS, at most (after COLUMNS)
COLUMNS: tuple[Column, ...] = (
    Column("code", "WBS", "WBS", 8, "readonly"),
    *(Column(c.key or name, FIELDS[name].ja, FIELDS[name].en, c.width, c.kind) for name, c in sheet_fields()),
)
BY_KEY = {c.key: c for c in COLUMNS}
# The columns an import may change (the fields a user edits); the baseline records these (and the code) per task.
IMPORTED = tuple(c.key for c in COLUMNS if c.key in EDITABLE_FIELDS)
BASELINE_KEYS = ("code", *IMPORTED, "predecessors")
YES = {"ja": "はい", "en": "Yes"}
NO = {"ja": "いいえ", "en": "No"}
TRUE_WORDS = {"yes", "y", "true", "1", "x", "✓", "○", "はい", "済", "合意", "有", "あり"}
FALSE_WORDS = {"no", "n", "false", "0", "いいえ", "未", "無", "なし", "-", "—"}


def _folded(text: object) -> str:
    """A header as compared: NFKC (「見積（人日）」 is 見積(人日), ＷＢＳ is WBS), without spaces or line breaks
    (「先行⏎タスク」 as wrapped with Alt+Enter), in any case."""
    return "".join(unicodedata.normalize("NFKC", str(text or "")).split()).casefold()


_BY_HEADER = {name: c for c in reversed(COLUMNS) for name in (_folded(c.ja), _folded(c.en), c.key)}


def column_for_header(text: object) -> Column | None:
    folded = _folded(text)
    return _BY_HEADER.get(folded) if folded else None


def uid_copies(meta: dict[str, object]) -> list[tuple[str, int]]:
    """The meta sheet's :data:`UID_COPIES` as :func:`app.wbs.store.born_in` reads it ([]: none, or unreadable)."""
    try:
        return [(str(copy), int(first)) for copy, first in json.loads(str(meta.get(UID_COPIES) or "[]"))]
    except (TypeError, ValueError):
        return []

"""Agreement baselines: named, read-only snapshots of the hearing answers, the WBS and the system plan,
a diff between two of them (or one and now) for the customer, and who signed each off.

The read-model documents use ("the last signed baseline") is the core's (:mod:`app.core.project`),
so the proposal and the WBS sheet show it without importing the project level.
"""

from __future__ import annotations

from app.projects.baselines.diff import BaselineDiff, DiffRow, diff
from app.projects.baselines.export import check_suffix, report, write
from app.projects.baselines.moments import kind_label, made_at, signed_on, suggested_moment, suggested_name
from app.projects.baselines.store import (
    KINDS,
    Baseline,
    BaselineGone,
    SignOff,
    baselines,
    create_op,
    current,
    find,
    is_baseline_kind,
    review_history,
    sign_op,
    snapshot,
)

__all__ = [
    "KINDS",
    "Baseline",
    "BaselineGone",
    "BaselineDiff",
    "DiffRow",
    "SignOff",
    "baselines",
    "check_suffix",
    "create_op",
    "current",
    "diff",
    "find",
    "is_baseline_kind",
    "kind_label",
    "sign_op",
    "snapshot",
    "suggested_moment",
    "suggested_name",
    "write",
    "made_at",
    "signed_on",
    "report",
    "review_history",
]

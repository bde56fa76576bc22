"""Review answers as stored, and their scores: section sums, the ML Test Score's final score and band.

The project document (kind ``review``)::

    {"version": 1,
     "answers": {"<checklist id>": {"<item id>": {"score": 0.5, "evidence": "...",
                                                  "level": 3, "current": 1, "target": 2, "note": "...",
                                                  "task_uid": 12,
                                                  "origin": {"score": {"kind": "wbs", "ref": "ci.setup",
                                                                       "reason": {"ja": "...", "en": "..."}}}}}}}

Only the fields of the checklist's scoring are used; a damaged value reads as not answered
(never an error), so a hand-edited or newer project file still opens.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from app.review.model import TEXT_FIELD, Band, ReviewChecklist, ReviewItem, ReviewSection, Scoring

KIND = "review"


@dataclass(frozen=True)
class ItemAnswer:
    score: float | None = None
    level: float | None = None
    current: float | None = None
    target: float | None = None
    evidence: str = ""
    note: str = ""
    task_uid: int | None = None
    origin: dict[str, dict[str, Any]] = field(default_factory=dict)

    def value(self, name: str) -> float | None:
        return getattr(self, name) if name in ("score", "level", "current", "target") else None

    def text(self, scoring: Scoring) -> str:
        return self.evidence if TEXT_FIELD[scoring] == "evidence" else self.note


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    return float(value)


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def parse_answer(raw: Any) -> ItemAnswer:
    if not isinstance(raw, dict):
        return ItemAnswer()
    uid = raw.get("task_uid")
    origin = raw.get("origin")
    return ItemAnswer(
        score=_number(raw.get("score")), level=_number(raw.get("level")), current=_number(raw.get("current")),
        target=_number(raw.get("target")), evidence=_text(raw.get("evidence")), note=_text(raw.get("note")),
        task_uid=uid if isinstance(uid, int) and not isinstance(uid, bool) else None,
        origin={k: v for k, v in origin.items() if isinstance(v, dict)} if isinstance(origin, dict) else {},
    )  # fmt: skip


def answers_of(doc: dict[str, Any], checklist_id: str) -> dict[str, ItemAnswer]:
    """One checklist's answers by item id."""
    stored = (doc.get("answers") or {}).get(checklist_id) if isinstance(doc.get("answers"), dict) else None
    if not isinstance(stored, dict):
        return {}
    return {str(k): parse_answer(v) for k, v in stored.items()}


def is_met(checklist: ReviewChecklist, item: ReviewItem, answer: ItemAnswer) -> bool:
    """Does the item need no more work? ML Test Score: scored >= 0.5 with evidence; level: at or
    above the checklist's pass level; current vs target: the current level reached the target."""
    match checklist.scoring:
        case Scoring.ML_TEST_SCORE:
            return answer.score is not None and answer.score >= 0.5 and bool(answer.evidence.strip())
        case Scoring.LEVEL:
            bar = checklist.pass_level if checklist.pass_level is not None else checklist.max_level
            return answer.level is not None and answer.level >= bar
        case _:
            return answer.current is not None and answer.target is not None and answer.current >= answer.target


@dataclass(frozen=True)
class SectionScore:
    section: ReviewSection
    total: float  # ML Test Score: the sum of the tests' scores (unscored = 0); else the sum of levels given
    maximum: float  # the most the section can score
    answered: int
    items: int
    met: int


@dataclass(frozen=True)
class ChecklistScore:
    checklist: ReviewChecklist
    sections: list[SectionScore]
    final: float | None  # ML Test Score: the lowest section sum; else None
    band: Band | None
    answered: int
    items: int
    met: int
    gaps: int  # current vs target: items whose current level is below their target


def band_of(checklist: ReviewChecklist, score: float) -> Band | None:
    return next((b for b in checklist.bands if b.holds(score)), None)


def _scored(checklist: ReviewChecklist, answer: ItemAnswer) -> bool:
    if checklist.scoring == Scoring.CURRENT_TARGET:
        return answer.current is not None or answer.target is not None
    return answer.value("score" if checklist.scoring == Scoring.ML_TEST_SCORE else "level") is not None


def score_checklist(checklist: ReviewChecklist, answers: dict[str, ItemAnswer]) -> ChecklistScore:
    """Section sums and, for the ML Test Score, the final score (the lowest section sum) and its band."""
    sections = []
    gaps = 0
    value_field = "score" if checklist.scoring == Scoring.ML_TEST_SCORE else "level" if checklist.scoring == Scoring.LEVEL else "current"
    for section in checklist.sections:
        total = answered = met = 0.0
        for item in section.items:
            answer = answers.get(item.id, ItemAnswer())
            total += answer.value(value_field) or 0.0
            answered += _scored(checklist, answer)
            met += is_met(checklist, item, answer)
            if checklist.scoring == Scoring.CURRENT_TARGET and answer.current is not None and answer.target is not None:
                gaps += answer.current < answer.target
        sections.append(SectionScore(section, total, checklist.max_level * len(section.items), int(answered), len(section.items), int(met)))
    final = min(s.total for s in sections) if checklist.scoring == Scoring.ML_TEST_SCORE else None
    return ChecklistScore(
        checklist, sections, final, band_of(checklist, final) if final is not None else None,
        sum(s.answered for s in sections), sum(s.items for s in sections), sum(s.met for s in sections), gaps,
    )  # fmt: skip


def score_text(value: float | None) -> str:
    """0.5 as "0.5", 3.0 as "3" (scores are halves)."""
    if value is None:
        return "-"
    return f"{value:g}"

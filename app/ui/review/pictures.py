"""The Review page's right side: the chosen checklist's picture (section bars for the ML Test Score,
a radar for levels, current vs target as a radar of two series), its headline in words, and the
headline across the agreement baselines that hold the review, then now."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from app.review.model import Scoring
from app.review.scoring import ChecklistScore, answers_of, score_checklist, score_text
from app.ui.review.charts import RadarChart, ScoreHistory, SectionBars

if TYPE_CHECKING:
    from app.core.i18n import Lang
    from app.core.workspace import Workspace
    from app.review.model import ReviewChecklist
    from app.review.service import ChecklistView


def headline(score: ChecklistScore) -> float:
    """The one number a checklist is followed by: the ML Test Score's final score, else the items met."""
    return score.final if score.final is not None else float(score.met)


def headline_maximum(checklist: ReviewChecklist) -> float:
    if checklist.scoring == Scoring.ML_TEST_SCORE:
        return max(checklist.max_level * len(s.items) for s in checklist.sections)
    return float(len(checklist.items()))


@dataclass(frozen=True)
class HistoryPoint:
    name: str  # the baseline's name
    review: dict[str, Any]  # its snapshot of the review's answers (scores and levels only)


def baseline_reviews(ws: Workspace, project_id: int) -> list[HistoryPoint]:
    """The agreement baselines that kept the review, oldest first (older ones did not keep it)."""
    from app.projects.baselines import review_history

    return [HistoryPoint(name, review) for name, review in review_history(ws, project_id)]


def history_values(checklist: ReviewChecklist, points: list[HistoryPoint]) -> list[float]:
    return [headline(score_checklist(checklist, answers_of({"answers": p.review}, checklist.id))) for p in points]


class ReviewPictures(QWidget):
    """The pictures of one checklist (see the module docstring)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewPictures")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.score_label = QLabel()
        self.score_label.setObjectName("reviewScoreSummary")
        self.score_label.setTextFormat(Qt.TextFormat.PlainText)
        self.score_label.setWordWrap(True)
        font = self.score_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.score_label.setFont(font)
        layout.addWidget(self.score_label)
        self.band_label = QLabel()
        self.band_label.setObjectName("reviewBand")
        self.band_label.setTextFormat(Qt.TextFormat.PlainText)
        self.band_label.setWordWrap(True)
        layout.addWidget(self.band_label)
        self.bars = SectionBars()
        self.radar = RadarChart()
        layout.addWidget(self.bars, 0)
        layout.addWidget(self.radar, 4)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        layout.addWidget(line)
        self.history_label = QLabel()
        self.history_label.setObjectName("reviewHistoryTitle")
        self.history_label.setTextFormat(Qt.TextFormat.PlainText)
        self.history_label.setWordWrap(True)
        layout.addWidget(self.history_label)
        self.history = ScoreHistory()
        self.history.setMaximumHeight(280)
        layout.addWidget(self.history, 2)
        layout.addStretch(1)

    def show_checklist(self, view: ChecklistView | None, lang: Lang, points: list[HistoryPoint]) -> None:
        if view is None:
            self.score_label.clear()
            self.band_label.clear()
            self.bars.set_data([])
            self.radar.set_data([])
            self.history.set_data([], [])
            return
        checklist, score = view.checklist, view.score
        items = checklist.items()
        answers = [view.items[i.id].answer for i in items]
        translate = QCoreApplication.translate
        if checklist.scoring == Scoring.ML_TEST_SCORE:
            self.bars.set_data([(s.section.title.get(lang), s.total, s.maximum) for s in score.sections])
            final = score.final if score.final is not None else 0.0
            self.score_label.setText(translate("ReviewPictures", "Final score {0} (the lowest section)").format(score_text(final)))
            band = score.band.label.get(lang) if score.band else ""
            self.band_label.setText(self.tr("{0} · {1} of %n test(s) scored", "", score.items).format(band, score.answered))
            history_title = translate("ReviewPictures", "Final score at each agreement baseline, and now")
        elif checklist.scoring == Scoring.LEVEL:
            self.radar.set_data([(i.label.get(lang), a.level, checklist.max_level) for i, a in zip(items, answers, strict=True)])
            bar = checklist.level_label(checklist.pass_level, lang) or score_text(checklist.pass_level)
            self.score_label.setText(translate("ReviewPictures", "{0} of {1} at the level needed or above").format(score.met, score.items))
            self.band_label.setText(translate("ReviewPictures", "Level needed: {0}").format(bar))
            history_title = translate("ReviewPictures", "Items at the level needed, at each agreement baseline and now")
        else:
            self.radar.set_data(
                [(i.label.get(lang), a.current, checklist.max_level) for i, a in zip(items, answers, strict=True)],
                series2=[a.target for a in answers],
                names=[translate("ReviewPictures", "Current"), translate("ReviewPictures", "Target")],
            )
            self.score_label.setText(translate("ReviewPictures", "{0} of {1} at their target").format(score.met, score.items))
            self.band_label.setText(translate("ReviewPictures", "{0} below their target, {1} without a target").format(
                score.gaps, sum(1 for a in answers if a.target is None)))  # fmt: skip
            history_title = translate("ReviewPictures", "Items at their target, at each agreement baseline and now")
        self.bars.setVisible(checklist.scoring == Scoring.ML_TEST_SCORE)
        self.radar.setVisible(checklist.scoring != Scoring.ML_TEST_SCORE)
        names = [p.name for p in points] + [translate("ReviewPictures", "Now")]
        values = [*history_values(checklist, points), headline(score)]
        self.history_label.setText(history_title if points else history_title + "\n" + translate(
            "ReviewPictures", "(no agreement baseline holds the review yet: File ▸ Baselines… makes one)"))  # fmt: skip
        self.history.set_data(names, [(checklist.title.get(lang), values)], maximum=headline_maximum(checklist))

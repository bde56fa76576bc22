"""Minutes of a session, the follow-up list, and hypotheses prepared before a meeting."""

from __future__ import annotations

import markdown
import pytest

from app.core.errors import NotFoundError, ValidationFailed
from app.hearing.answers import AnswerService
from app.hearing.minutes import followups_markdown, minutes_markdown
from app.hearing.model import AnswerStatus, HypothesisState
from app.hearing.sessions import SessionService


def test_minutes_of_the_demo_session(workspace, demo) -> None:
    text = minutes_markdown(workspace, demo.id, 1, "ja")
    session = SessionService(workspace.db).get(demo.id, 1)
    assert text.startswith("# 第1回ヒアリング 議事録")
    assert f"日付: {session.held_on:%Y/%m/%d}" in text  # dates as Japanese writes them
    assert "出席者: 佐藤(顧客 PM)、鈴木(顧客 データ基盤)" in text
    assert "#### 背景・課題" in text and "ECサイトで「似た商品」が探しにくく" in text
    assert "| データソース | 種類 | 取得元 |" in text and "| 商品画像 | 画像 | S3 |" in text
    followups = text.split("## フォローアップ事項")[1]
    assert "- [ ] **技術的KPIとビジネス的KPIの紐付け**: 次回までにクリック率の実績値を共有いただく" in followups
    assert followups.count("- [ ]") == 5


def test_minutes_only_hold_what_was_captured_in_that_session(workspace, demo) -> None:
    sessions = SessionService(workspace.db)
    answers = AnswerService(workspace.db, workspace.library)
    sessions.start(demo.id, attendees=["Sato", "Yamada"], title="Second hearing")
    answers.update(demo.id, "hearing.basics.accuracy_avc", value="AVC agreed")
    sessions.end(demo.id)
    answers.update(demo.id, "hearing.prereq.ethics", value={"checked": True, "text": "after the meeting"})
    text = minutes_markdown(workspace, demo.id, 2, "en")
    assert text.startswith("# Minutes: Second hearing")
    assert "AVC agreed" in text and "after the meeting" not in text and "Background and problem" not in text
    assert "Nothing to follow up." in text
    with pytest.raises(NotFoundError):
        minutes_markdown(workspace, demo.id, 7, "en")


def test_followups_without_owner_or_date_keep_the_checklist_order(workspace, demo) -> None:
    """Grouped by owner and due date (tests/test_followups.py); the demo's have neither: one group,
    in the checklist's order, each with its section."""
    text = followups_markdown(workspace, demo.id, "en")
    assert "9 items" in text and text.count("\n## ") == 1 and "## No owner yet" in text
    basics = text.index("  - Section: 1. Project basics")
    prereq = text.index("  - Section: 2. MLOps prerequisites and scope › Prerequisites (now / later)")
    planning = text.index("  - Section: System planning › ")  # the System planning page's after the hearing's
    assert basics < text.index("**Human accuracy**") < text.index("**Kinds of data**") < prereq < planning
    assert "閲覧ログの匿名化方法と受領時期を顧客に確認する" in text  # the demo is Japanese; only the frame is English


def test_user_text_stays_text_in_the_markdown(workspace, demo) -> None:
    AnswerService(workspace.db, workspace.library).update(
        demo.id, "hearing.basics.accuracy_avc", value="x", status="follow_up",
        note="<script>alert(1)</script> [click](javascript:alert(1)) # heading | pipe",
    )
    html = markdown.markdown(followups_markdown(workspace, demo.id, "en"))
    assert "<script>" not in html and 'href="javascript' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_hypotheses_are_not_answers_until_confirmed_or_corrected(workspace, demo) -> None:
    answers = AnswerService(workspace.db, workspace.library)
    item = "hearing.basics.accuracy_avc"
    prepared = answers.update(demo.id, item, as_hypothesis=True, value="Recall@10 0.7 gives +2% sales").after
    assert prepared.hypothesis_state == HypothesisState.HYPOTHESIS and prepared.status == AnswerStatus.NOT_ASKED
    assert prepared.hypothesis_value == {"value": "Recall@10 0.7 gives +2% sales", "later": None}
    confirmed = answers.confirm_hypothesis(demo.id, item).after
    assert confirmed.hypothesis_state == HypothesisState.CONFIRMED and confirmed.status == AnswerStatus.ANSWERED
    with pytest.raises(ValidationFailed):
        answers.confirm_hypothesis(demo.id, item)

    other = "hearing.prereq.ethics"
    answers.update(demo.id, other, as_hypothesis=True, value={"checked": False, "text": "none expected"})
    corrected = answers.update(demo.id, other, value={"checked": True, "text": "gender bias in recommendations"}).after
    assert corrected.hypothesis_state == HypothesisState.CORRECTED and corrected.status == AnswerStatus.ANSWERED
    assert corrected.hypothesis_value["value"] == {"checked": False, "text": "none expected"}

"""A typed number a reader would take for ten times what was meant is refused, never stored
(app/core/i18n.number_text): 「1_5」 (Python reads 15; _ sits beside . on a JIS keyboard) and a comma
that separates no thousands (「1,5」 for 1.5), in hearing answers, the system plan's costs and the
instance catalogue; thousands separators and full-width digits are read as before."""

from __future__ import annotations

import pytest

from app.core.errors import UserError
from app.core.i18n import number_text
from app.hearing.answers import AnswerService
from app.system_planning.cost_estimate import estimate

USERS = "hearing.prereq.users_ds"  # a number answer


@pytest.mark.parametrize("typed", ["1_5", "１＿５", "1,5", "12,34", "1.234,5", "1,0000", "_3"])
def test_a_slip_is_refused_and_the_answer_kept(workspace, demo, typed) -> None:
    answers = AnswerService(workspace.db, workspace.library)
    before = answers.answer(demo.id, USERS)
    with pytest.raises(UserError) as refused:
        answers.update(demo.id, USERS, value=typed)
    assert typed in refused.value.text("ja")
    after = answers.answer(demo.id, USERS)
    assert (after.value if after else None) == (before.value if before else None)


@pytest.mark.parametrize(("typed", "read"), [("２，０００", "2000"), ("1,234.5", "1234.5"), ("1 000", "1000"), ("1万2,000", "1万2000")])
def test_thousands_and_full_width_digits_are_read(typed, read) -> None:
    assert number_text(typed) == read


def test_a_cost_typed_with_a_slip_is_no_amount() -> None:
    dollars = estimate([], "USD", {}, retraining_frequency="weekly", retraining_cost="1_000")
    assert not any(f.key == "retraining" for f in dollars.formulas)


def test_the_instance_catalogue_reads_a_slip_as_no_number() -> None:
    from app.ui.system_planning.catalogue_dialog import _clean

    assert _clean({"name": "x", "hourly_price": "1_5"})["hourly_price"] == "1_5"  # left for validation to name
    assert _clean({"name": "x", "hourly_price": "１，２００"})["hourly_price"] == 1200

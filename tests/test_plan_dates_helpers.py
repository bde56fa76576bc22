"""The helpers every "a date within the years a plan holds" check shares: the day as a label in
both languages, the years as the messages take them, the check raising the typed error, and the
date widgets' range."""

from __future__ import annotations

import datetime as dt

import pytest

from app.core.errors import ValidationFailed
from app.core.i18n import FIRST_DATE, LAST_DATE, check_date, date_label, date_years
from app.core.messages import Label


def test_a_day_is_labelled_as_each_language_writes_dates() -> None:
    assert date_label(dt.date(1, 1, 1)) == Label(ja="0001/01/01", en="0001-01-01")


def test_the_years_are_those_of_the_first_and_last_dates() -> None:
    assert date_years() == {"first": FIRST_DATE.year, "last": LAST_DATE.year} == {"first": 1900, "last": 2199}


@pytest.mark.parametrize("day", [FIRST_DATE, LAST_DATE, dt.date(2026, 12, 24)])
def test_a_day_a_plan_holds_is_returned(day: dt.date) -> None:
    assert check_date(day, key="project.date_out_of_range", value="x") == day


@pytest.mark.parametrize("day", [FIRST_DATE - dt.timedelta(days=1), LAST_DATE + dt.timedelta(days=1), dt.date(9999, 12, 31)])
def test_a_day_outside_is_refused_by_its_key_with_its_parameters_and_the_years(day: dt.date) -> None:
    with pytest.raises(ValidationFailed) as refused:
        check_date(day, key="wbs.schedule_start_out_of_range", start=date_label(day))
    assert refused.value.key == "wbs.schedule_start_out_of_range"
    assert refused.value.params == {"start": date_label(day), "first": 1900, "last": 2199}
    assert "1900" in refused.value.text("ja") and "2199" in refused.value.text("en")


def test_a_date_widget_offers_the_dates_a_plan_holds(qapp) -> None:
    from PySide6.QtCore import QDate
    from PySide6.QtWidgets import QDateEdit

    from app.ui.translations import plan_date_range

    edit = QDateEdit()
    plan_date_range(edit)
    assert (edit.minimumDate(), edit.maximumDate()) == (QDate(1900, 1, 1), QDate(2199, 12, 31))

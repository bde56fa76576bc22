"""A calendar remembers the working-day shifts it has worked out (a schedule asks the same (day, n)
thousands of times): what it remembers is what it would work out afresh, before and after its memory
is full and emptied, in both directions and across years it has not covered yet."""

from __future__ import annotations

import datetime as dt
import random

from app.wbs import workdays
from app.wbs.workdays import Calendar


def fresh(company: dict[dt.date, str], day: int, n: int) -> int:
    return Calendar(company).shift_ordinal(day, n)


def test_remembered_shifts_are_the_shifts_worked_out_afresh(monkeypatch) -> None:
    monkeypatch.setattr(workdays, "_SHIFTS_KEPT", 7)  # emptied many times over below
    company = {dt.date(2027, 1, 4): "仕事始め休み", dt.date(2027, 8, 13): "夏季休業"}
    cal = Calendar(company)
    rng = random.Random(56)
    base = dt.date(2027, 1, 1).toordinal()
    asked = [(base + rng.randrange(-400, 800), rng.choice([1, 2, 3, 5, 20, 250, -1, -3, -30, -260])) for _ in range(60)]
    for day, n in asked * 3:  # each pair asked again: from memory, or afresh after the memory was emptied
        assert cal.shift_ordinal(day, n) == fresh(company, day, n), (dt.date.fromordinal(day), n)
    assert len(cal._shifted) <= 7


def test_a_shift_over_a_company_holiday_skips_it_every_time() -> None:
    cal = Calendar({dt.date(2027, 8, 13): "夏季休業"})
    thursday = dt.date(2027, 8, 12).toordinal()
    for _ in range(3):
        assert dt.date.fromordinal(cal.shift_ordinal(thursday, 1)) == dt.date(2027, 8, 16)  # Friday off, then the weekend
        assert dt.date.fromordinal(cal.shift_ordinal(dt.date(2027, 8, 16).toordinal(), -1)) == dt.date(2027, 8, 12)

"""Working days in Japan: weekends and Japanese public holidays (from the ``holidays`` package) are off."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache


@lru_cache(maxsize=1)
def _japan():  # holidays.HolidayBase
    import holidays

    return holidays.country_holidays("JP")  # expands to any year on first look-up


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _japan()


def next_working_day(day: dt.date) -> dt.date:
    """``day`` itself when it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def shift_working_days(day: dt.date, n: int) -> dt.date:
    """The working day ``n`` working days after (or before, for negative ``n``) ``day``."""
    step = 1 if n >= 0 else -1
    remaining = abs(n)
    while remaining:
        day += dt.timedelta(days=step)
        if is_working_day(day):
            remaining -= 1
    return day


def holidays_between(first: dt.date, last: dt.date) -> list[tuple[dt.date, str]]:
    calendar = _japan()
    result = []
    day = first
    while day <= last:
        name = calendar.get(day)
        if name:
            result.append((day, name))
        day += dt.timedelta(days=1)
    return result

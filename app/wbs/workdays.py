"""Working days in Japan: weekends, Japanese public holidays (the ``holidays`` package) and company holidays are off.

The holidays of a year are worked out once (the package's Japanese calendar, imported on its own:
``holidays.country_holidays`` would import the module of every country, 250 of them) and kept in
the cache folder for the next start, for as long as the same package is installed: importing the
package was 28 ms of every start of the window. The working
days are kept as a sorted list of day numbers (``date.toordinal()``) grown a year at a time, so
"the n-th working day after" is a bisect and an index, not a walk over the days: the scheduler
calls it for every task and dependency.

A :class:`Calendar` adds a company's own days off (年末年始, summer holidays; stored in the database,
:mod:`app.wbs.company_calendar`) to the national ones; :func:`calendar` keeps one per set of days.
The module's functions use the national calendar alone.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import os
import stat
import sys
import threading
import types
from bisect import bisect_left, bisect_right
from collections.abc import Mapping
from functools import cache, lru_cache
from typing import Any

from app.core.errors import ValidationFailed
from app.core.i18n import FIRST_DATE, LAST_DATE, date_years

_LOCK = threading.RLock()  # the calendar grows on first use; the scheduler may run off the UI thread


def _japan_class() -> Any:
    """The ``holidays`` package's Japanese calendar class, without importing every country's module.

    ``holidays.countries``' own ``__init__`` imports all countries; importing ``holidays.countries.japan``
    through a bare package object for ``holidays.countries`` (the same folder, no ``__init__`` run)
    loads Japan and what it needs only. Should the package change its layout, the ordinary way is used.
    """
    import holidays

    if "holidays.countries" in sys.modules:
        from holidays.countries.japan import Japan

        return Japan
    try:
        spec = importlib.util.find_spec("holidays.countries")
        if spec is None or not spec.submodule_search_locations:
            raise ImportError  # the package is not laid out as this expects: import it the usual way
        package = types.ModuleType("holidays.countries")
        package.__path__ = list(spec.submodule_search_locations)
        package.__package__ = "holidays.countries"
        sys.modules["holidays.countries"] = package
        try:
            module = importlib.import_module("holidays.countries.japan")
        finally:
            # A later ``import holidays.countries`` runs the real package (Japan's module stays loaded).
            if sys.modules.get("holidays.countries") is package:
                del sys.modules["holidays.countries"]
            if getattr(holidays, "countries", None) is package:
                delattr(holidays, "countries")
        return module.Japan
    except Exception:  # any surprise in the package's layout: import it the usual way
        return type(holidays.country_holidays("JP"))


@lru_cache(maxsize=1)
def _japan() -> Any:  # holidays.HolidayBase
    return _japan_class()()  # expands to any year on first look-up


@cache
def _holidays_of(year: int) -> dict[dt.date, str]:
    with _LOCK:
        kept = _kept_years().get(str(year))
        if kept is not None:
            return kept
        calendar = _japan()
        _ = dt.date(year, 1, 1) in calendar  # the package works a year out on its first look-up
        found = {day: calendar.get(day) for day in calendar if day.year == year}
        _keep(year, found)
        return found


HOLIDAYS_CACHE = "holidays-jp.json"
_FORMAT = 1


def _package_key() -> str | None:
    """The installed ``holidays`` package, as a kept year must match it: its place and its version
    file's size and time (found without importing it). None: not to be found."""
    try:
        spec = importlib.util.find_spec("holidays")
        if spec is None or not spec.origin:
            return None
        info = os.stat(os.path.join(os.path.dirname(spec.origin), "version.py"))
        return f"{spec.origin}|{info.st_size}|{info.st_mtime_ns}"
    except (OSError, ImportError, ValueError):
        return None


def _cache_file() -> str:
    from app.core import paths

    return str(paths.cache_dir() / HOLIDAYS_CACHE)


_MAX_CACHE_BYTES = 1 << 20  # a few kB a century of years: anything bigger was not written by us


@lru_cache(maxsize=1)
def _kept_years() -> dict[str, dict[dt.date, str]]:
    """The years kept by an earlier run with the same package ({} for none, or for anything not as
    written: a cache is only ever a shortcut, never an error, never a wait)."""
    key = _package_key()
    if key is None:
        return {}
    try:
        # Only a regular file of sensible size (a pipe or device put there would block the start).
        fd = os.open(_cache_file(), os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as file:
            info = os.fstat(file.fileno())
            if not stat.S_ISREG(info.st_mode) or info.st_size > _MAX_CACHE_BYTES:
                return {}
            stored = json.loads(file.read(_MAX_CACHE_BYTES + 1).decode("utf-8"))
        if stored.get("format") != _FORMAT or stored.get("package") != key:
            return {}
        return {str(int(year)): _year_as_kept(int(year), days) for year, days in stored["years"].items()}
    except Exception:  # damaged, cut short, too deep, of another shape: worked out again
        return {}


def _year_as_kept(year: int, days: list[list[str]]) -> dict[dt.date, str]:
    """A year's [[day, name], ...] as written by :func:`_keep`; ValueError for anything else."""
    found: dict[dt.date, str] = {}
    for day, name in days:
        date = dt.date.fromisoformat(day)
        if date.year != year or not isinstance(name, str) or not name or date in found:
            raise ValueError(day)
        found[date] = name
    return found


def _keep(year: int, found: dict[dt.date, str]) -> None:
    """Add a worked-out year to the kept ones (written whole, then renamed into place)."""
    key = _package_key()
    if key is None:
        return
    kept = _kept_years()
    kept[str(year)] = found
    path = _cache_file()
    partial = f"{path}.{os.getpid()}.{threading.get_ident()}.tmp"
    years = {y: [[day.isoformat(), name] for day, name in sorted(days.items())] for y, days in kept.items()}
    try:
        if not os.path.isdir(os.path.dirname(path)):
            os.mkdir(os.path.dirname(path))  # (never the data folder itself: a chosen one gone stays gone)
        with open(partial, "w", encoding="utf-8") as file:
            json.dump({"format": _FORMAT, "package": key, "years": years}, file, ensure_ascii=False)
        os.replace(partial, path)
    except OSError:  # a read-only data folder: worked out again next time
        try:
            os.remove(partial)
        except OSError:
            pass


# The years the working days are counted in: the dates a plan holds and one more on each side (a
# look-up reads two weeks ahead; a task ending after LAST_DATE is refused by the schedule, which says where).
_YEARS = (FIRST_DATE.year - 1, LAST_DATE.year + 1)


class BeyondDates(ValidationFailed):
    """Working days asked for beyond the dates a plan holds (a start in year 9999, a lag of decades):
    refused in words, not counted for a minute up to year 9999 and then a ValueError in English."""

    def __init__(self) -> None:
        super().__init__(key="wbs.schedule_past_last_date", **date_years())


class _WorkingDays:
    """The working days of whole years, as sorted day numbers, grown on demand."""

    def __init__(self, company: frozenset[int] = frozenset()) -> None:
        self.company = company  # ordinals of company holidays
        self.first_year = 0
        self.last_year = -1
        self.days: list[int] = []  # ordinals of working days, ascending
        self.low, self.high = 1, 0  # the day numbers of the first and last day covered

    def _year(self, year: int) -> list[int]:
        off = {day.toordinal() for day in _holidays_of(year)} | self.company
        first, last = dt.date(year, 1, 1).toordinal(), dt.date(year, 12, 31).toordinal()
        # date.fromordinal(o).weekday() == (o - 1) % 7 (ordinal 1 is Monday, 0001-01-01)
        return [o for o in range(first, last + 1) if (o - 1) % 7 < 5 and o not in off]

    def cover(self, first: int, last: int) -> None:
        """Make sure the years of day numbers ``first`` .. ``last`` are in the list."""
        if self.low <= first and last <= self.high:
            return
        low, high = dt.date.fromordinal(max(1, first)).year, dt.date.fromordinal(min(last, dt.date.max.toordinal())).year
        if self.first_year <= low and high <= self.last_year:
            return
        if low < _YEARS[0] or high > _YEARS[1] or last > dt.date.max.toordinal():
            raise BeyondDates
        with _LOCK:
            if self.last_year < self.first_year:  # empty
                self.first_year = self.last_year = low
                self.days = self._year(low)
            while low < self.first_year:
                self.first_year -= 1
                self.days[:0] = self._year(self.first_year)
            while high > self.last_year:
                self.last_year += 1
                self.days.extend(self._year(self.last_year))
            self.low, self.high = dt.date(self.first_year, 1, 1).toordinal(), dt.date(self.last_year, 12, 31).toordinal()

    def next_on_or_after(self, o: int) -> int:
        """The position in ``days`` of the first working day on or after day number ``o``."""
        self.cover(o, o + 14)
        return bisect_left(self.days, o)

    def at(self, position: int) -> int:
        while position >= len(self.days):
            self.cover(self.days[-1], dt.date(self.last_year + 1, 12, 31).toordinal())
        while position < 0:
            grown = self._grow_back()
            position += grown
        return self.days[position]

    def _grow_back(self) -> int:
        before = len(self.days)
        self.cover(dt.date(self.first_year - 1, 1, 1).toordinal(), self.days[-1])
        return len(self.days) - before


_SHIFTS_KEPT = 200_000  # (day, n) pairs a calendar remembers (a few MB at most)


class Calendar:
    """Working days: weekends, national holidays and ``company`` holidays ({day: name}) are off."""

    def __init__(self, company: Mapping[dt.date, str] | None = None) -> None:
        self.company: dict[dt.date, str] = dict(company or {})
        self._days = _WorkingDays(frozenset(day.toordinal() for day in self.company))
        self._shifted: dict[tuple[int, int], int] = {}  # (day, n) -> shift_ordinal(day, n)

    def is_working_day(self, day: dt.date) -> bool:
        return day.weekday() < 5 and day not in _holidays_of(day.year) and day not in self.company

    def next_working_day(self, day: dt.date) -> dt.date:
        """``day`` itself when it is a working day, else the first working day after it."""
        return dt.date.fromordinal(self.next_working_ordinal(day.toordinal()))

    def shift_working_days(self, day: dt.date, n: int) -> dt.date:
        """The working day ``n`` working days after (or before, for negative ``n``) ``day``."""
        return dt.date.fromordinal(self.shift_ordinal(day.toordinal(), n)) if n else day

    def next_working_ordinal(self, o: int) -> int:
        """:meth:`next_working_day` on day numbers (``date.toordinal()``)."""
        with _LOCK:
            return self._days.at(self._days.next_on_or_after(o))

    def shift_ordinal(self, o: int, n: int) -> int:
        """:meth:`shift_working_days` on day numbers: day ``o`` itself for ``n == 0``."""
        if n == 0:
            return o
        # A schedule asks the same few thousand (day, n) again and again (tasks of a group start
        # together): each worked out once (the days never change for a calendar).
        found = self._shifted.get((o, n))
        if found is not None:
            return found
        days = self._days
        with _LOCK:
            days.cover(o - 1, o + 1)
            if n > 0:  # the n-th working day strictly after o
                found = days.at(bisect_right(days.days, o) + n - 1)
            else:
                position = bisect_left(days.days, o) + n  # the |n|-th working day strictly before o
                while position < 0:
                    position += days._grow_back()
                found = days.days[position]
            if len(self._shifted) >= _SHIFTS_KEPT:
                self._shifted.clear()
            self._shifted[(o, n)] = found
        return found

    def working_days_between(self, first: dt.date, last: dt.date) -> int:
        """Working days from ``first`` to ``last``, both included (0 when ``last`` is before ``first``):
        two look-ups in the precomputed working days, not a walk over every day."""
        if last < first:
            return 0
        low, high = first.toordinal(), last.toordinal()
        days = self._days
        with _LOCK:
            days.cover(low, high)
            return bisect_right(days.days, high) - bisect_left(days.days, low)

    def holidays_between(self, first: dt.date, last: dt.date) -> list[tuple[dt.date, str]]:
        """National and company holidays from ``first`` to ``last`` (a day both: the national name)."""
        found: dict[dt.date, str] = {day: name for day, name in self.company.items() if first <= day <= last}
        for year in range(first.year, last.year + 1):
            found.update((day, name) for day, name in _holidays_of(year).items() if first <= day <= last)
        return sorted(found.items())


NATIONAL = Calendar()


@lru_cache(maxsize=8)
def _calendar(company: frozenset[tuple[dt.date, str]]) -> Calendar:
    return Calendar(dict(company))


def calendar(company: Mapping[dt.date, str] | None = None) -> Calendar:
    """The calendar with these company holidays (the national one for none); worked out once per set."""
    if not company:
        return NATIONAL
    return _calendar(frozenset(company.items()))


def is_working_day(day: dt.date) -> bool:
    return NATIONAL.is_working_day(day)


def next_working_day(day: dt.date) -> dt.date:
    """``day`` itself when it is a working day, else the first working day after it."""
    return NATIONAL.next_working_day(day)


def shift_working_days(day: dt.date, n: int) -> dt.date:
    """The working day ``n`` working days after (or before, for negative ``n``) ``day``."""
    return NATIONAL.shift_working_days(day, n)


def holidays_between(first: dt.date, last: dt.date) -> list[tuple[dt.date, str]]:
    return NATIONAL.holidays_between(first, last)

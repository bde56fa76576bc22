"""Stored times on this computer's clock, as the window shows them.

The database keeps times as naive UTC. A time near either end of what Python's dates hold
(9999-12-31 23:59 stored by an older version's import of a hand-edited project file, 0001-01-01)
cannot be moved to every time zone (9999-12-31 23:59 UTC is in the year 10000 in Japan): it is
shown as stored, in UTC, never a crash while a table is drawn.
"""

from __future__ import annotations

import datetime as dt

from app.core.i18n import format_date


def on_this_clock(stored: dt.datetime) -> dt.datetime:
    """``stored`` (naive UTC, or aware) on this computer's clock; as stored (UTC) when the clock cannot hold it."""
    utc = stored if stored.tzinfo is not None else stored.replace(tzinfo=dt.UTC)
    try:
        return utc.astimezone()
    except (OverflowError, ValueError, OSError):  # past year 9999 or before year 1 here
        return utc


def local_time(stored: dt.datetime, lang: str = "en") -> str:
    """``stored`` on this computer's clock as ``lang`` writes it: 2026/12/21 09:30 in Japanese, 2026-12-21 09:30 in English."""
    when = on_this_clock(stored)
    return f"{format_date(when.date(), lang)} {when:%H:%M}"

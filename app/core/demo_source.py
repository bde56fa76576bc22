"""The demo project's source (resources/demo/*.yaml), how its texts and dates are localised, and the day the app takes
as today (:func:`app_today`: pinned for the README's pictures, like the demo's own day)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from app.core import paths
from app.core.i18n import FIRST_DATE, LAST_DATE, Lang


def demo_source() -> dict[str, Any]:
    import yaml  # only when a demo is made

    source: dict[str, Any] = yaml.safe_load((paths.resources_dir() / "demo" / "project.yaml").read_text(encoding="utf-8"))
    return source


# The day a demo is made as of (YYYY-MM-DD), when set: the same dates whatever the day (the README's pictures, the tests,
# a consultant's rehearsed demonstration); unset, not a date or out of range (:data:`FIRST_TODAY`), today.
DEMO_DAY_ENV = "MLOPS_KICKOFF_DEMO_DAY"


# The day the app takes as today (YYYY-MM-DD), when set: every date it shows or writes as "today" (a proposal's 作成日,
# the Gantt's today line, an export's date, an agreement's day). `make screenshots` sets it to the demo's day, so a
# picture changes only when the app does; unset, not a date or out of range (:data:`FIRST_TODAY`), the computer's today.
TODAY_ENV = "MLOPS_KICKOFF_TODAY"


def app_today() -> dt.date:
    """Today: :data:`TODAY_ENV`'s day, else the computer's. The app's one source of "today" (the time of day and the
    moments stored with a change stay the computer's)."""
    return _day_in(TODAY_ENV) or dt.date.today()


def poc_start(day: dt.date | None = None) -> dt.date:
    """The Monday a week before ``day`` (else :data:`DEMO_DAY_ENV`'s day, else :func:`app_today`): the demo PoC has just begun."""
    day = day or _day_in(DEMO_DAY_ENV) or app_today()
    return day - dt.timedelta(days=day.weekday() + 7)


# The days :data:`TODAY_ENV` and :data:`DEMO_DAY_ENV` may name: ten years inside the dates a plan holds (1900..2199), so
# the dates the app works out from today (the hearing's "this week", a demo's PoC and its deliverables' due dates, a
# Gantt's span) stay in them. Another (0001-01-01, a slip) is read as unset: a traceback, or no demo, otherwise.
FIRST_TODAY = FIRST_DATE.replace(year=FIRST_DATE.year + 10)
LAST_TODAY = LAST_DATE.replace(year=LAST_DATE.year - 10)


def _day_in(variable: str) -> dt.date | None:
    """The day ``variable`` names, or None: unset, not a date, or not one of :data:`FIRST_TODAY` .. :data:`LAST_TODAY`."""
    import os

    try:
        day = dt.date.fromisoformat(os.environ.get(variable, "").strip())
    except ValueError:
        return None
    return day if FIRST_TODAY <= day <= LAST_TODAY else None


def localize(value: Any, lang: Lang, start: dt.date) -> Any:
    """Pick the language of ``{ja, en}`` texts and turn ``"@+N"`` offsets into dates, recursively."""
    if isinstance(value, dict):
        if set(value) == {"ja", "en"}:
            return localize(value[lang], lang, start)
        return {k: localize(v, lang, start) for k, v in value.items()}
    if isinstance(value, list):
        return [localize(v, lang, start) for v in value]
    if isinstance(value, str) and value.startswith("@+"):
        return (start + dt.timedelta(days=int(value[2:]))).isoformat()
    return value

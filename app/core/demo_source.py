"""The demo project's source (resources/demo/*.yaml) and how its texts and dates are localised."""

from __future__ import annotations

import datetime as dt
from typing import Any

from app.core import paths
from app.core.i18n import Lang


def demo_source() -> dict[str, Any]:
    import yaml  # only when a demo is made

    source: dict[str, Any] = yaml.safe_load((paths.resources_dir() / "demo" / "project.yaml").read_text(encoding="utf-8"))
    return source


# The day a demo is made as of (YYYY-MM-DD), when set: the same dates whatever the day (the README's pictures, the tests,
# a consultant's rehearsed demonstration); unset or not a date, today.
DEMO_DAY_ENV = "MLOPS_KICKOFF_DEMO_DAY"


def poc_start(today: dt.date | None = None) -> dt.date:
    """The Monday a week before ``today`` (else :data:`DEMO_DAY_ENV`'s day, else today's): the demo PoC has just begun."""
    today = today or _demo_day() or dt.date.today()
    return today - dt.timedelta(days=today.weekday() + 7)


def _demo_day() -> dt.date | None:
    import os

    try:
        return dt.date.fromisoformat(os.environ.get(DEMO_DAY_ENV, "").strip())
    except ValueError:
        return None


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

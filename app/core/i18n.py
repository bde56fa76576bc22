"""Language choice for content and exports (the UI's own strings go through Qt's tr()).

The UI language and the export language are independent: a Japanese engineer may export an
English WBS. Both default to the system language, Japanese on a Japanese system.
"""

from __future__ import annotations

import locale
import os
from typing import Literal, get_args

Lang = Literal["ja", "en"]
LANGS: tuple[Lang, ...] = get_args(Lang)


def list_separator(lang: Lang) -> str:
    """What joins the items of a list in running text: 「、」 in Japanese, ", " in English."""
    return "、" if lang == "ja" else ", "


def system_lang() -> Lang:
    """Japanese when the environment says so (MLOPS_KICKOFF_LANG, then LC_ALL/LC_MESSAGES/LANG)."""
    forced = os.environ.get("MLOPS_KICKOFF_LANG", "").strip().lower()
    if forced in LANGS:
        return forced
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var, "")
        if value:
            return "ja" if value.lower().startswith("ja") else "en"
    try:
        code = locale.getlocale()[0] or ""
    except ValueError:
        code = ""
    return "ja" if code.lower().startswith("ja") else "en"


def parse_lang(value: str | None) -> Lang:
    if value is None:
        return system_lang()
    value = value.strip().lower()
    if value not in LANGS:
        from app.core.errors import ValidationFailed

        raise ValidationFailed(f"unknown language {value!r}: use one of {', '.join(LANGS)}")
    return value

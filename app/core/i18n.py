"""Language choice for content and exports (the UI's own strings go through Qt's tr()).

The UI language and the export language are independent: a Japanese engineer may export an
English WBS. Both default to the system language, Japanese on a Japanese system.
"""

from __future__ import annotations

import datetime as dt
import functools
import locale
import os
import re
from typing import TYPE_CHECKING, Any, Literal, TypedDict, cast, get_args

from app.core.files.visible_text import fold_name

if TYPE_CHECKING:
    from app.core.messages import Label

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
        from app.core.messages import Many

        raise ValidationFailed(key="lang.unknown", lang=value, langs=Many(LANGS))
    return value


def searchable(text: str) -> str:
    """Text as a search compares it: full-width letters and digits as half-width (ＭＬｆｌｏｗ, as a
    Japanese input method types it, finds MLflow), case and line breaks folded as a cell shows them."""
    import unicodedata

    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def typed_key(text: str) -> str:
    """A name as it is compared with what was typed for it (an item's label or id, a choice's label): in one
    width (NFKC: 利用者数（ＤＳ）, ＧＣＰ typed in the input method's full-width mode are 利用者数(DS), GCP), any
    case, 、 as a comma, without spaces (評価指標：定量評価 as the IME writes 評価指標: 定量評価). Only compared."""
    import unicodedata

    return "".join(unicodedata.normalize("NFKC", text).replace("\u3001", ",").casefold().split())


# Kana, kanji and hangul: a space beside one of them is the space between a family and a given name, typed or not.
_EAST_ASIAN = "\u3005\u3006\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u1100-\u11ff\u3130-\u318f\uac00-\ud7af"
_NAME_SPACE = re.compile(f"(?<=[{_EAST_ASIAN}]) (?=.)|(?<=.) (?=[{_EAST_ASIAN}])")


def name_key(name: object) -> str:
    """A person's identity as typed names compare: as the name is seen (:func:`app.core.files.visible_text.fold_name`:
    a zero-width space or another invisible format character pasted from a chat is no part of it, 「高\u200b橋」
    is 高橋), one width (NFKC: ｻﾄｳ is サトウ, ＰＭ is PM, as an
    input method's full-width mode types them), case folded, spaces folded, and no space beside kana, kanji
    or hangul (「山田太郎」, 「山田 太郎」 and 「山田　太郎」 are one person: the space between family and
    given name is typed or not), while Latin words keep theirs (「Jo Ann Kim」 is not 「Joann Kim」). Two
    names with the same key are the same person; the name shown is as first typed (WBS owners, hearing
    follow-up owners).

    A variation selector that picks another glyph of the same letter is no part of a person either: a kanji's
    ideographic variant (葛󠄀城, 葛 + U+E0100, as a family register writes it, is 葛城 as a colleague types it: Japanese
    names are written with IVS variants, and a second 葛城 in the load chart would split one person's work; two
    people of one project told apart only by a glyph variant are not met), a standardized variant after a kanji,
    a Mongolian letter's form: as NFKC makes 神 (U+FA19) 神. The name is shown as typed, variant kept. The
    emoji and text selectors (U+FE0E, U+FE0F) stay, as the ZWJ of a family emoji does (👨‍👩‍👧 is one name, not
    👨👩👧)."""
    return _name_key(str(name or ""))


@functools.lru_cache(maxsize=4096)  # (a plan's few names, compared for every task: levelling, load, the table)
def _name_key(name: str) -> str:
    import unicodedata

    folded = _GLYPH_VARIANT.sub("", unicodedata.normalize("NFKC", fold_name(name)))
    return _NAME_SPACE.sub("", " ".join(folded.casefold().split()))


# A variation selector that picks a glyph of the same letter (:func:`name_key`): an ideographic one (IVS), a
# standardized one (U+FE00-U+FE0D) after a kanji, a Mongolian free variation selector (fold_name keeps those
# only after a letter they change).
_GLYPH_VARIANT = re.compile("[\U000e0100-\U000e01ef\u180b-\u180d\u180f]|(?<=[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
                            "\U00020000-\U0003134f])[\ufe00-\ufe0d]")


def number_text(text: str) -> str:
    """A typed number as Python reads it: full-width digits and signs folded (「２，０００」 is
    2000, 「－３」 is -3), thousands separators and spaces dropped.

    ValueError for a slip a reader would take for another number: an underscore (「1_5」: Python
    reads 15; on a JIS keyboard _ sits beside the . key), a comma or a space that does not separate
    thousands (「1,5」 or 「,5」 typed for 1.5 or .5, 「1　5」 with the input method's space)."""
    import unicodedata

    folded = unicodedata.normalize("NFKC", text).replace("−", "-").replace("ー", "-")
    if "_" in folded:
        raise ValueError(text)
    commas = [run for run in _DIGITS_COMMAS.findall(folded) if "," in run]  # (runs, not backtracking: linear in the length)
    spaces = [run for found in _DIGITS_SPACES.findall(folded.replace(",", "")) if " " in (run := found.rstrip(" "))]
    if not all(map(_THOUSANDS.fullmatch, commas)) or not all(map(_SPACED_THOUSANDS.fullmatch, spaces)):
        raise ValueError(text)
    return folded.replace(",", "").replace(" ", "").strip()


# Runs of digits and commas (those holding a comma: 「,5」, 「5,」 too); runs of digits and spaces from a digit (those
# with a space between two digits). Each run is found whole and the test made after, never by a pattern that backtracks
# (「[0-9,]*,[0-9,]*」 took minutes over a pasted million digits).
_DIGITS_COMMAS = re.compile(r"[0-9,]+")
_DIGITS_SPACES = re.compile(r"[0-9][0-9 ]*")
_SPACED_THOUSANDS = re.compile(r"[0-9]{1,3}(?: [0-9]{3})+")
_THOUSANDS = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+")


# Spaces around the separators are read as Japanese forms align a one-digit month or day (2027年 1月 4日,
# 2027/ 1/ 4), as the era form is.
_DATE_FORMS = (
    re.compile(r"(\d{4})\s*-\s*(\d{1,2})\s*-\s*(\d{1,2})"),
    re.compile(r"(\d{4})\s*/\s*(\d{1,2})\s*/\s*(\d{1,2})"),
    re.compile(r"(\d{4})\s*\.\s*(\d{1,2})\s*\.\s*(\d{1,2})"),
    re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"),
)


_WEEKDAY = re.compile(r"(.*[\d日])\s*\(([月火水木金土日])(?:曜日?)?\)|(.*\d)\s*\((mon|tue|wed|thu|fri|sat|sun)\)", re.IGNORECASE)
# Japanese era dates as customers' sheets write them: 令和8年12月24日, 令和元年5月1日, R8.12.24, 平成31年4月30日.
# An era's year 1 is its first year; a date outside the era is a typo, refused.
_ERA_DATE = re.compile(r"(令和|平成|R|H)\s*(元|\d{1,2})\s*(?:年|[./-])\s*(\d{1,2})\s*(?:月|[./-])\s*(\d{1,2})\s*日?", re.IGNORECASE)
_ERAS = {"令和": (2018, dt.date(2019, 5, 1), dt.date.max), "平成": (1988, dt.date(1989, 1, 8), dt.date(2019, 4, 30))}
_ERAS |= {"R": _ERAS["令和"], "H": _ERAS["平成"]}


def _era_date(text: str) -> dt.date | None:
    """A date written in a Japanese era, or None when ``text`` is not one (ValueError: not a real date of the era)."""
    match = _ERA_DATE.fullmatch(text)
    if match is None:
        return None
    era, year, month, day = match.groups()
    offset, first, last = _ERAS[era.upper() if len(era) == 1 else era]
    date = dt.date(offset + (1 if year == "元" else int(year)), int(month), int(day))
    if not first <= date <= last:
        raise ValueError(text)
    return date
_WEEKDAYS = ("月火水木金土日", ("mon", "tue", "wed", "thu", "fri", "sat", "sun"))


# The dates a plan holds (task dates, schedules): a workbook's date cell counts days from 1900 (Excel's
# date system; :func:`app.core.files.xlsx_style.date_cell` reads serials up to 2199-12-31), and a
# date outside these is a slip of the keyboard (0001/01/01), never a project's day. Outside them a
# date is refused with a typed error naming the field; the Gantt and the schedule stay within them.
FIRST_DATE = dt.date(1900, 1, 1)
LAST_DATE = dt.date(2199, 12, 31)


def date_in_range(day: dt.date) -> bool:
    """Whether ``day`` is one a plan holds (:data:`FIRST_DATE` .. :data:`LAST_DATE`)."""
    return FIRST_DATE <= day <= LAST_DATE


class DateYears(TypedDict):
    """The years of the dates a plan holds, as the messages saying them take them (``{first}``, ``{last}``)."""

    first: int
    last: int


def date_years() -> DateYears:
    """:data:`FIRST_DATE`'s year and :data:`LAST_DATE`'s, for a message's ``first`` and ``last``."""
    return {"first": FIRST_DATE.year, "last": LAST_DATE.year}


def date_label(day: dt.date) -> Label:
    """``day`` as a message parameter, written as each language writes dates (:func:`format_date`)."""
    from app.core.messages import Label

    return Label(ja=format_date(day, "ja"), en=format_date(day, "en"))


def check_date(day: dt.date, *, key: str, **params: object) -> dt.date:
    """``day`` when a plan holds it (:func:`date_in_range`); else :class:`~app.core.errors.ValidationFailed`
    by message id ``key`` with ``params`` and the years (:func:`date_years`)."""
    if not date_in_range(day):
        from app.core.errors import ValidationFailed

        raise ValidationFailed(key=key, **cast("dict[str, Any]", params), **date_years())  # the message's own parameters
    return day


EXACT_DIGITS = 15  # the significant digits a stored number keeps exactly (a float holds any decimal of 15)


def plain_number(value: float, *, grouped: bool = False) -> str:
    """A stored figure as typed, a plain decimal never cut to a few digits nor written with an exponent:
    2 -> "2", 0.125 -> "0.125", 1234567.5 -> "1234567.5", 0.0000036 -> "0.0000036", 1e20 as its digits.
    A float is its shortest writing of at most :data:`EXACT_DIGITS` significant digits that reads back as
    it (anything typed of 15 digits or fewer); one that needs more is a sum's float noise, written to 12
    digits (0.1 + 0.2 -> "0.3"). An integer exactly. ``grouped``: with thousands separators (1,234,567.5).
    Infinity and NaN as Python writes them (inf, nan)."""
    import math
    from decimal import Decimal

    if isinstance(value, int):
        return f"{value:,}" if grouped else str(value)
    if not math.isfinite(value):
        return repr(value)
    text = f"{value:.{EXACT_DIGITS}g}"
    if float(text) != value:
        text = f"{value:.12g}"
    out = format(Decimal(text), ",f" if grouped else "f")
    out = out.rstrip("0").rstrip(".") if "." in out else out
    return "0" if out == "-0" else out


def parse_date(text: str) -> dt.date:
    """A typed date in either language's usual form: 2026-12-21, 2026/12/21, 2026/1/5,
    2026.12.21, 2026年12月21日 (full-width digits too), a Japanese era (令和8年12月24日, R8.12.24),
    a weekday after it as a schedule writes it (2026/12/24(木)). ValueError when it is none of these."""
    import unicodedata

    folded = unicodedata.normalize("NFKC", text).strip()
    said = _WEEKDAY.fullmatch(folded)  # one weekday, after the date: it must be the date's
    if said:
        folded = (said.group(1) or said.group(3)).strip()
    date = _era_date(folded)
    if date is None:
        match = next((m for form in _DATE_FORMS if (m := form.fullmatch(folded))), None)
        if match is None:
            raise ValueError(text)  # callers say it in the user's language (answer.date, wbs dates)
        date = dt.date(*(int(g) for g in match.groups()))
    if said and (said.group(2) or said.group(4)).lower() not in (_WEEKDAYS[0][date.weekday()], _WEEKDAYS[1][date.weekday()]):
        raise ValueError(text)  # 2026/12/24(月): the 24th is a Thursday, which was meant?
    return date


def _without_weekday(text: str) -> tuple[str, str | None]:
    """``text`` folded, and the weekday written after it, if one is (2026/12/24(木): 2026/12/24, 木)."""
    import unicodedata

    folded = unicodedata.normalize("NFKC", text).strip()
    said = _WEEKDAY.fullmatch(folded)
    if said is None:
        return folded, None
    return (said.group(1) or said.group(3)).strip(), (said.group(2) or said.group(4)).lower()


def date_shaped(text: str) -> bool:
    """Whether ``text`` is written as a whole date :func:`parse_date` reads (a weekday after it or not), whether
    or not that day is real or has that weekday: 2026/02/30, 2026/12/24(月), 平成32年1月1日 are; 明日 is not."""
    date, _weekday = _without_weekday(text)
    return bool(_ERA_DATE.fullmatch(date) or any(form.fullmatch(date) for form in _DATE_FORMS))


def misdated(text: str) -> dt.date | None:
    """The date of ``text`` when the weekday written after it is not its own (2026/12/24(月): the 24th, a
    Thursday), else None (no weekday, the right one, or no date)."""
    date, weekday = _without_weekday(text)
    if weekday is None:
        return None
    try:
        day = parse_date(date)
    except ValueError:
        return None
    return None if weekday in (_WEEKDAYS[0][day.weekday()], _WEEKDAYS[1][day.weekday()]) else day


def misdated_said(text: str) -> Label | None:
    """When the weekday written after ``text``'s date is not its own (2026/12/05(月)): that date with its own
    weekday as each language writes it (2026/12/05(土), 2026-12-05 (Sat)), the ``{date}`` of the refusal saying
    so (``date.wrong_weekday``, as the window's date boxes say it); else None."""
    day = misdated(text)
    if day is None:
        return None
    from app.core.messages import Label

    return Label(ja=with_weekday(day, "ja"), en=with_weekday(day, "en"))


def format_date(value: dt.date, lang: str) -> str:
    """A date as the language writes it in running text: 2026/12/21 in Japanese, 2026-12-21 in English."""
    if lang == "ja":  # 0001/01/01 as the other years are written (strftime's %Y writes 1)
        return f"{value.year:04d}/{value.month:02d}/{value.day:02d}"
    return value.isoformat()


_WEEKDAY_NAMES = {"ja": tuple(_WEEKDAYS[0]), "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")}


def weekday_name(value: dt.date, lang: str) -> str:
    """The day's weekday as the language shortens it (木, Thu), from the app's own table: strftime's %a follows
    the C library's locale, which Qt takes from the system (木 in the English window on a Japanese desktop)."""
    return _WEEKDAY_NAMES["ja" if lang == "ja" else "en"][value.weekday()]


def with_weekday(value: dt.date, lang: str) -> str:
    """``value`` with its weekday as the language writes them: 2026/12/24(木), 2026-12-24 (Thu)."""
    return f"{format_date(value, 'ja')}({weekday_name(value, 'ja')})" if lang == "ja" else f"{format_date(value, 'en')} ({weekday_name(value, 'en')})"


def document_lang(explicit: str | None, project_lang: str | None, fallback: Lang) -> Lang:
    """The language a document is written in, the same way everywhere (CLI, window, every export).

    ``explicit``: ``--lang`` on the command or the language chosen in an export dialog; else
    ``project_lang``: the project's document language (Project Properties); else ``fallback``: the
    UI language (in the window, the user's default document language where they set one).
    """
    for chosen in (explicit, project_lang):
        if chosen:
            return parse_lang(chosen)
    return fallback


def on_this_clock(stored: dt.datetime) -> dt.datetime:
    """``stored`` (naive UTC, or aware) on this computer's clock; as stored (UTC) when the clock cannot
    hold it: 9999-12-31 23:59 UTC, stored by an older version's import of a hand-edited file, is in the
    year 10000 in Japan (never a crash while a table is drawn or a message written)."""
    utc = stored if stored.tzinfo is not None else stored.replace(tzinfo=dt.UTC)
    try:
        return utc.astimezone()
    except (OverflowError, ValueError, OSError):  # past year 9999 or before year 1 here
        return utc


def clock_zone(stored: dt.datetime | None = None) -> str:
    """This computer's clock as an offset from UTC (UTC+09:00), at ``stored`` (a summer time differs
    from a winter one) or now: what a time shown by :func:`local_time` is in, said beside it where
    colleagues in other zones compare times (the project list, the backups)."""
    when = on_this_clock(stored) if stored is not None else dt.datetime.now().astimezone()
    offset = when.utcoffset() or dt.timedelta(0)
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def local_time(stored: dt.datetime, lang: str = "en", seconds: bool = False) -> str:
    """``stored`` on this computer's clock as ``lang`` writes it: 2026/12/21 09:30 in Japanese,
    2026-12-21 09:30 in English (09:30:05 with ``seconds``)."""
    when = on_this_clock(stored)
    return f"{format_date(when.date(), lang)} {when:%H:%M:%S}" if seconds else f"{format_date(when.date(), lang)} {when:%H:%M}"

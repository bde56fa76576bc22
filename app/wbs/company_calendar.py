"""Company holidays: days off beside the national holidays (年末年始, summer holidays), kept in the database.

They are workspace-wide (table ``company_holidays``), so the window and the CLI schedule every
project with the same days. They change only through :func:`edit_holidays_op`, an operation whose
undo writes back the days it touched where nobody changed them since. Days come as dates typed by
the user (as the app reads dates everywhere: ``2026-12-29``, ``2026/12/29``, ``2026年12月29日``; a
range ``2026-08-12..2026-08-14`` or ``2026/8/12〜2026/8/14``) or from an iCalendar file (:func:`parse_ics`: the all-day VEVENTs'
DTSTART/DTEND, read with the standard library; a recurring event counts once).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import delete, select

from app.core.demo_source import app_today
from app.core.errors import ConflictError, FileMissing, ValidationFailed
from app.core.files.guarded import in_use_here
from app.core.i18n import check_date, date_in_range, date_label, date_years
from app.core.i18n import parse_date as typed_date
from app.core.messages import Label
from app.core.operations import Change, Operation, Part
from app.core.storage.models import CompanyHoliday

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.core.i18n import Lang
    from app.core.storage.db import Database
    from app.core.workspace import Workspace

MAX_ICS_BYTES = 1_000_000  # a year of a company's holidays is a few kilobytes
MAX_HOLIDAYS = 3_000  # about eight years of every day: more is a file or a range gone wrong
MAX_RANGE_DAYS = 366
# characters of an event's repeat rule (RRULE): a holiday's is tens ("FREQ=YEARLY;BYMONTH=1;BYDAY=2MO"); dateutil reads a
# long one in time growing with its lists times the days (a BYSETPOS of 1,000 entries: 8 s, of 490,000 in a 1 MB file: hours)
MAX_RULE_CHARS = 1_000
RECUR_YEARS = 5  # a repeating event is imported until the end of the year five years from now
MAX_NAME_CHARS = 200  # a longer name is refused, naming its day, never cut (:func:`edit_holidays_op`)
# the name the year-end break's days are stored with, in the language of who adds them (a stored name is the
# user's from then on: renamed, or kept in Japanese when an English window lists it)
YEAR_END_NAME = Label(ja="年末年始", en="Year-end holidays")
YEAR_END_YEARS = (2000, 2100)  # the years whose 年末年始 can be added (Settings' year box and `holidays add --year-end`)
PART = "holidays"  # what a conflict names
HOLIDAY_LABEL = Label(ja="会社休日", en="Company holiday")  # what a refused date names
DAY_OFF_LABEL = Label(ja="休暇", en="Day off")  # a person's own day off (resources add --off, the people form)
# between the ends of a range: "..", or the wave dash a Japanese schedule writes (〜, full-width ～, ~);
# never "-", which 2026-08-12 is written with
RANGE_MARK = re.compile(r"(?<!\s)\s*(?:\.\.|[〜～~])\s*")  # from a run of spaces' first (from each: the square of its length)

# the days one edit touched: a day's name, or None where the day is not a company holiday
Snapshot = dict[dt.date, str | None]


def holidays(db: Database) -> dict[dt.date, str]:
    """Every company holiday, by date."""
    with db.session() as s:
        return {row.day: row.name for row in s.scalars(select(CompanyHoliday).order_by(CompanyHoliday.day))}


def holiday_days(db: Database) -> frozenset[dt.date]:
    with db.session() as s:
        return frozenset(s.scalars(select(CompanyHoliday.day)))


def year_end(year: int, lang: Lang = "ja") -> dict[dt.date, str]:
    """年末年始 from 12/29 of ``year`` to 1/3 of the next year, the usual company break, named in ``lang`` (the
    language of the window or the command line adding it); a year outside :data:`YEAR_END_YEARS` (202 typed for
    2026) is refused."""
    if not YEAR_END_YEARS[0] <= year <= YEAR_END_YEARS[1]:
        raise ValidationFailed(key="holidays.bad_year", value=str(year), first=YEAR_END_YEARS[0], last=YEAR_END_YEARS[1])
    first = dt.date(year, 12, 29)
    return {first + dt.timedelta(days=k): YEAR_END_NAME.get(lang) for k in range(6)}


# --- dates typed by the user -----------------------------------------------------------------------


def parse_date(text: str) -> dt.date:
    """A day as the app reads a typed date everywhere (:func:`app.core.i18n.parse_date`: 2026-12-29,
    ２０２６／１２／２９, 2026年12月29日, 令和8年12月29日, 2026/12/29(火))."""
    try:
        return typed_date(text)
    except ValueError:
        raise ValidationFailed(key="holidays.bad_date", value=text.strip()) from None


def _in_range(day: dt.date, text: str, label: Label) -> dt.date:
    """``day`` when a plan holds it; 0001/01/01 or 2200/01/01 (a slip) refused as every typed date is."""
    return check_date(day, key="project.date_out_of_range", field=label, value=text.strip())


def parse_days(texts: Iterable[str], label: Label = HOLIDAY_LABEL) -> list[dt.date]:
    """Dates and ranges (``2026-08-12..2026-08-14``, or as a Japanese schedule writes them
    ``2026/8/12〜2026/8/14``, both ends included) as a sorted list of days, each within the dates a
    plan holds (:func:`app.core.i18n.date_in_range`). ``label`` is what a date out of that range is
    called: a company holiday, or a person's day off (:data:`DAY_OFF_LABEL`)."""
    days: set[dt.date] = set()
    for text in texts:
        first_text, *rest = RANGE_MARK.split(text, maxsplit=1)
        first = _in_range(parse_date(first_text), first_text, label)
        last = _in_range(parse_date(rest[0]), rest[0], label) if rest else first
        if last < first or (last - first).days >= MAX_RANGE_DAYS:
            raise ValidationFailed(key="holidays.bad_range", value=text.strip(), days=MAX_RANGE_DAYS)
        days.update(first + dt.timedelta(days=k) for k in range((last - first).days + 1))
    return sorted(days)


# --- iCalendar ------------------------------------------------------------------------------------


class _Unreadable(Exception):
    """The file's bytes cannot be read as text of one encoding the app knows: ``key`` and ``params`` say what was
    found (a byte that is no UTF-8 and where, a Shift_JIS 外字, an encoding that is none of those read)."""

    def __init__(self, *, key: str, **params: str) -> None:
        super().__init__(key)
        self.key, self.params = key, params


# What cp932 makes of bytes no Shift_JIS text holds (0x80, 0xA0, 0xFD-0xFF): C1 controls and private-use characters.
_NOT_SHIFT_JIS = re.compile("[\x80-\x9f\uf8f0-\uf8ff]")
_GAIJI = re.compile("[\ue000-\ue757]")  # Shift_JIS's user-defined area (外字, F040-F9FC): no other computer shows it
_HALF_WIDTH_KANA = re.compile("[\uff61-\uff9f]")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_ISO_2022_JP = re.compile(rb"\x1b(\$[@B]|\([BJI])")  # JIS (ISO-2022-JP): 7 bits, switched by escape sequences


def _plausible_euc(text: str) -> bool:
    """Whether an EUC-JP reading holds only what Japanese text is made of: ASCII, row-1 symbols, kana and the
    JIS level-1 kanji (lead bytes A1-A5, B0-CF); a Shift_JIS text read as EUC-JP gives rare rows and level-2 kanji."""
    return all(ch < "\x80" or 0xA1 <= ch.encode("euc_jp")[0] <= 0xA5 or 0xB0 <= ch.encode("euc_jp")[0] <= 0xCF
               for ch in text)


def _unfold(data: bytes) -> list[str]:
    """RFC 5545 3.1: a line starting with a space or tab continues the previous one. Unfolded as bytes, then decoded:
    writers fold at 75 octets, also inside a character (祝 cut after its first byte), so a folded line decodes only
    once it is whole again. UTF-8 (RFC 5545; a BOM ignored), else what older Japanese tools write: Shift_JIS
    (Windows' cp932), EUC-JP, ISO-2022-JP (JIS), each read only when every byte decodes and the text is plausible
    Japanese; else :class:`_Unreadable` saying what is true (a byte that is no UTF-8 on line N, a 外字 on line N, a
    text Shift_JIS and EUC-JP read alike, none of these encodings)."""
    if data[:2] in _UTF16_BOMS:
        raise _Unreadable(key="holidays.ics_encoding")
    lines: list[bytearray] = []
    starts: list[list[tuple[int, int]]] = []  # per unfolded line: (its offset, the file's line number) of each piece
    # Lines end in CRLF (or a bare LF or CR); bytes.splitlines() would do as well, but str's would
    # also split on U+2028, U+0085 and other characters a pasted name may hold, and cut it there.
    for number, raw in enumerate(re.split(rb"\r\n|\n|\r", data.removeprefix(b"\xef\xbb\xbf")), start=1):
        if raw[:1] in (b" ", b"\t") and lines:
            starts[-1].append((len(lines[-1]), number))
            lines[-1] += raw[1:]
        elif raw.strip():
            lines.append(bytearray(raw))
            starts.append([(0, number)])

    def line_of(index: int, offset: int) -> int:
        return max(number for start, number in starts[index] if start <= offset)

    if not any(_ISO_2022_JP.search(line) for line in lines):
        for index, line in enumerate(lines):
            try:
                line.decode("utf-8")
            except UnicodeDecodeError as exc:
                bad = (index, exc.start, line[exc.start])
                break
        else:
            return [line.decode("utf-8") for line in lines]
        loose = b"\n".join(lines).decode("utf-8", errors="replace")
        if sum("\x7f" < c != "\ufffd" for c in loose) >= loose.count("\ufffd"):  # mostly UTF-8: a character broken
            raise _Unreadable(key="holidays.ics_not_utf8", line=str(line_of(*bad[:2])), byte=f"0x{bad[2]:02X}")
    elif all(byte < 0x80 for line in lines for byte in line):
        try:
            decoded = [line.decode("iso2022_jp_ext") for line in lines]
        except UnicodeDecodeError:
            raise _Unreadable(key="holidays.ics_broken", encoding="ISO-2022-JP") from None
        if any("\x1b" in line or _NOT_SHIFT_JIS.search(line) for line in decoded):
            raise _Unreadable(key="holidays.ics_broken", encoding="ISO-2022-JP")
        return decoded
    readings: dict[str, list[str]] = {}
    for encoding in ("cp932", "euc_jp"):
        try:
            readings[encoding] = [line.decode(encoding) for line in lines]
        except UnicodeDecodeError:
            continue
        if any(_NOT_SHIFT_JIS.search(line) for line in readings[encoding]):
            del readings[encoding]
    sjis, euc = readings.get("cp932"), readings.get("euc_jp")
    if euc is not None and (sjis is None or _HALF_WIDTH_KANA.search(" ".join(sjis))) and _plausible_euc(" ".join(euc)):
        return euc  # (夏季休暇 in EUC-JP reads as cp932 ｲﾆｵｨｵﾙｲﾋ: half-width kana no holiday is named in)
    if sjis is not None and (euc is None or not _HALF_WIDTH_KANA.search(" ".join(sjis))):
        for index, text in enumerate(sjis):
            if (found := _GAIJI.search(text)) is not None:
                offset = len(text[:found.start()].encode("cp932"))
                code = found[0].encode("cp932").hex().upper()
                raise _Unreadable(key="holidays.ics_gaiji", line=str(line_of(index, offset)), code=f"0x{code}")
        return sjis
    if sjis is not None and euc is not None:
        raise _Unreadable(key="holidays.ics_ambiguous")
    raise _Unreadable(key="holidays.ics_encoding")


def _ics_day(value: str, params: str) -> dt.date | None:
    """An all-day value (``VALUE=DATE``, 8 digits) as a date; None for a date-time (a timed event)."""
    value = value.strip()
    if "VALUE=DATE-TIME" in params.upper() or "T" in value.upper():
        return None
    if not re.fullmatch(r"\d{8}", value):
        raise ValueError(value)
    return dt.date(int(value[:4]), int(value[4:6]), int(value[6:]))


def _ics_text(value: str) -> str:
    """An iCalendar TEXT value unescaped (\\n, \\, \\; \\\\), one line; a name too long is refused
    when it is added (:func:`edit_holidays_op`), never cut."""
    return re.sub(r"\\([nN,;\\])", lambda m: " " if m[1] in "nN" else m[1], value).strip()


def parse_ics(path: Path) -> dict[dt.date, str]:
    """The all-day events of an iCalendar file as {day: summary}; timed events are left out.

    Raises :class:`ValidationFailed` with one message (the file, and what is wrong) for a file that
    is too big, not an iCalendar file, has a broken event, or has no all-day event.
    """
    path = Path(path)
    if not path.is_file():
        if path.exists() and not path.is_dir():  # a device or a pipe: there, but never a calendar to read
            raise ValidationFailed(key="file.not_regular_input", path=path)
        raise FileMissing(path)
    if path.stat().st_size > MAX_ICS_BYTES:
        raise ValidationFailed(key="holidays.ics_too_big", file=path.name, limit=f"{MAX_ICS_BYTES // 1000:,}")
    if in_use_here(path) is not None:  # a database open here (or its journal): never opened raw in this process
        raise ValidationFailed(key="holidays.ics_not_calendar", file=path.name)
    try:
        data = path.read_bytes()
        lines = _unfold(data)
    except OSError:
        raise ValidationFailed(key="holidays.ics_not_calendar", file=path.name) from None
    except _Unreadable as exc:  # a calendar (its first line says so) that cannot be read as it is, or no calendar at all
        first = next((line.strip().upper() for line in re.split(rb"\r\n|\n|\r", data.removeprefix(b"\xef\xbb\xbf")) if line.strip()), b"")
        if first == b"BEGIN:VCALENDAR" or data[:2] in _UTF16_BOMS:
            raise ValidationFailed(key=exc.key, file=path.name, **exc.params) from None
        raise ValidationFailed(key="holidays.ics_not_calendar", file=path.name) from None
    if not lines or lines[0].strip().upper() != "BEGIN:VCALENDAR":
        raise ValidationFailed(key="holidays.ics_not_calendar", file=path.name)
    days: dict[dt.date, str] = {}
    event: dict[str, tuple[str, str]] | None = None
    number = 0
    for line in lines:
        name_params, colon, value = line.partition(":")
        name, _, params = name_params.partition(";")
        name = name.strip().upper()
        if name == "BEGIN" and value.strip().upper() == "VEVENT":
            event, number = {}, number + 1
        elif name == "END" and value.strip().upper() == "VEVENT" and event is not None:
            try:
                _add_event(days, event)
            except ValueError:
                raise ValidationFailed(key="holidays.ics_bad_event", file=path.name, number=number) from None
            except _RuleTooLong as long:
                raise ValidationFailed(key="holidays.ics_rule_too_long", file=path.name, number=number, length=f"{long.length:,}",
                                       limit=f"{MAX_RULE_CHARS:,}") from None  # fmt: skip
            except _TooOften as often:  # an all-day event repeating by the hour, minute or second
                raise ValidationFailed(key="holidays.ics_too_often", file=path.name, number=number, rule=often.rule) from None
            except _EventTooLong:  # both dates read: the range is longer than a range may be ('holidays add' says the same)
                raise ValidationFailed(key="holidays.ics_event_too_long", file=path.name, number=number,
                                       days=MAX_RANGE_DAYS) from None  # fmt: skip
            except _DayOutOfRange as out:  # 99991231 ("no end") or 00010101: refused as a typed one is
                raise ValidationFailed(key="holidays.ics_date_out_of_range", file=path.name, number=number,
                                       value=date_label(out.day), **date_years()) from None  # fmt: skip
            event = None
            if len(days) > MAX_HOLIDAYS:
                raise ValidationFailed(key="holidays.too_many", limit=f"{MAX_HOLIDAYS:,}")
        elif event is not None and colon and name in ("DTSTART", "DTEND", "SUMMARY", "RRULE"):
            event[name] = (params, value)
    if not days:
        raise ValidationFailed(key="holidays.ics_no_days", file=path.name)
    return dict(sorted(days.items()))


class _DayOutOfRange(Exception):
    """An event's day outside the dates a plan holds (:func:`app.core.i18n.date_in_range`)."""

    def __init__(self, day: dt.date) -> None:
        super().__init__(day.isoformat())
        self.day = day


class _TooOften(Exception):
    """A repeating event's RRULE more often than daily: a day off repeats daily at most (hourly, its
    occurrences were listed one by one, a second's for five years a hang)."""

    def __init__(self, rule: str) -> None:
        super().__init__(rule)
        self.rule = rule  # the part of the RRULE that says so


class _RuleTooLong(Exception):
    """A repeat rule longer than :data:`MAX_RULE_CHARS`: refused before it is read."""

    def __init__(self, length: int) -> None:
        super().__init__(length)
        self.length = length


class _EventTooLong(Exception):
    """An all-day event longer than :data:`MAX_RANGE_DAYS` (a three-year "closure"): its dates read."""


def _add_event(days: dict[dt.date, str], event: dict[str, tuple[str, str]]) -> None:
    if "DTSTART" not in event:
        raise ValueError  # an event without its date
    first = _ics_day(event["DTSTART"][1], event["DTSTART"][0])
    if first is None:
        return  # a timed event (a meeting), not a day off
    end = _ics_day(event["DTEND"][1], event["DTEND"][0]) if "DTEND" in event else None
    count = (end - first).days if end is not None else 1  # DTEND of an all-day event is exclusive
    if count < 1:
        raise ValueError  # an end before the start
    if count > MAX_RANGE_DAYS:
        raise _EventTooLong
    for day in (first, first + dt.timedelta(days=count - 1)):  # the first day and the last (DTEND's eve)
        if not date_in_range(day):
            raise _DayOutOfRange(day)
    summary = _ics_text(event.get("SUMMARY", ("", ""))[1])
    for start in _occurrences(first, event.get("RRULE", ("", ""))[1].strip()):
        for k in range(count):
            days.setdefault(start + dt.timedelta(days=k), summary)
        if len(days) > MAX_HOLIDAYS:
            return  # the caller says "too many"


# More often than daily: by its frequency, or hours, minutes or seconds listed (each counted an occurrence)
_SUB_DAILY = re.compile(r"(?:^|;)\s*(?:FREQ\s*=\s*(?:SECONDLY|MINUTELY|HOURLY)\b|BY(?:HOUR|MINUTE|SECOND)\s*=\s*[^;]*,[^;]*)", re.IGNORECASE)
_NO_INTERVAL = re.compile(r"(?:^|;)\s*INTERVAL\s*=\s*0*(?:;|$)", re.IGNORECASE)


def _occurrences(first: dt.date, rule: str) -> list[dt.date]:
    """The start of each occurrence of a repeating event (RFC 5545 RRULE, read by dateutil), up to
    the end of the year :data:`RECUR_YEARS` from now: a yearly 年末年始 set up in 2020 covers this
    year's projects and the next ones. An event without a rule happens once."""
    if not rule:
        return [first]
    if len(rule) > MAX_RULE_CHARS:
        raise _RuleTooLong(len(rule))
    if (often := _SUB_DAILY.search(rule)) is not None:
        raise _TooOften(often.group(0).strip(" ;").upper()[:40])
    if _NO_INTERVAL.search(rule):  # (dateutil would never move on: a hang)
        raise ValueError(rule)
    from dateutil.rrule import rrulestr

    horizon = dt.datetime(app_today().year + RECUR_YEARS, 12, 31)
    try:
        recurrence = rrulestr(rule, dtstart=dt.datetime.combine(first, dt.time()), ignoretz=True)
        starts = recurrence.between(dt.datetime.combine(first, dt.time()), horizon, inc=True)
    except (ValueError, TypeError, OverflowError):
        raise ValueError(rule) from None  # a rule dateutil cannot read: the caller names the event
    return [start.date() for start in starts[: MAX_HOLIDAYS + 1]] or [first]


# --- the operation --------------------------------------------------------------------------------


def _current(s: Session, days: Iterable[dt.date]) -> Snapshot:
    wanted = list(days)
    found = {row.day: row.name for row in s.scalars(select(CompanyHoliday).where(CompanyHoliday.day.in_(wanted)))}
    return {day: found.get(day) for day in wanted}


def _write(s: Session, target: Snapshot) -> None:
    gone = [day for day, name in target.items() if name is None]
    if gone:
        s.execute(delete(CompanyHoliday).where(CompanyHoliday.day.in_(gone)))
    for day, name in target.items():
        if name is not None:
            s.merge(CompanyHoliday(day=day, name=name))


def edit_holidays_op(
    project_id: int,
    add: Mapping[dt.date, str] | None = None,
    remove: Iterable[dt.date] = (),
    *,
    keep_names: bool | frozenset[dt.date] = False,
    expect: Mapping[dt.date, str | None] | None = None,
) -> Operation:
    """Add (or rename) and remove company holidays as one change (one undo step).

    Each name is stored as :func:`holiday_name` keeps it (trimmed, one line), whoever typed it (the
    window, ``holidays add --name``, a calendar file).
    ``project_id`` is the project in front, whose undo stack takes the step; the holidays are the
    workspace's. A day both added and removed is removed. ``keep_names`` (an import; or the days of ``holidays add``
    without ``--name``): a day that is a company holiday already keeps the name the user gave it (True: every day). A name written longer than
    :data:`MAX_NAME_CHARS` is refused, naming its day (one that keeps its own name too), and nothing changes (never cut to fit).
    ``expect``: the name each of these days had when the user chose (None: no holiday), as a question showed
    it; a day stored otherwise by then (another window, the command line) refuses the change with
    :class:`ConflictError` naming the day, nothing written.
    """
    wanted: Snapshot = {day: holiday_name(name) for day, name in (add or {}).items()}
    wanted.update({day: None for day in remove})

    def op(ws: Workspace) -> Change:
        with ws.db.transaction() as s:
            before = _current(s, wanted)
            if expect is not None:
                seen = _current(s, expect)
                stale = [day for day in sorted(expect) if seen[day] != expect[day]]
                if stale:  # ISO days: each client writes them as its language writes a date (app/ui/error_text.py)
                    raise ConflictError(PART, [day.isoformat() for day in stale[:5]])
            _check_names(wanted)  # every name the file or the user wrote, a day that keeps its own name too
            kept = wanted.keys() if keep_names is True else keep_names or frozenset()
            target = {day: name for day, name in wanted.items() if not (day in kept and before[day] is not None and name is not None)}
            before = {day: before[day] for day in target}
            new = sum(1 for day, name in target.items() if name is not None and before[day] is None)
            if new and len(holiday_days(ws.db)) + new > MAX_HOLIDAYS:
                raise ValidationFailed(key="holidays.too_many", limit=f"{MAX_HOLIDAYS:,}")
            _write(s, {day: name for day, name in target.items() if before[day] != name})
        return _change(project_id, before, dict(target))

    return op


def holiday_name(name: str) -> str:
    """A holiday's name as it is stored: one line (a line break inside is a space), without spaces at
    either end, as the window's name box keeps it (「  夏季休暇  」 is 夏季休暇; a name of only a line break
    is no name: the day is a holiday without one)."""
    return " ".join(part.strip() for part in _LINE_BREAKS.split(name) if part.strip())


_LINE_BREAKS = re.compile(r"[\r\n\v\f\x85\u2028\u2029]+")


def _check_names(target: Snapshot) -> None:
    """Refuse the first name too long for a holiday (by date), as it would be written."""
    for day, name in sorted(target.items()):
        if name is not None and len(name) > MAX_NAME_CHARS:
            raise ValidationFailed(key="holidays.name_too_long", day=date_label(day), length=f"{len(name):,}", limit=MAX_NAME_CHARS)


def _change(project_id: int, before: Snapshot, after: Snapshot) -> Change:
    return Change(
        project_id,
        frozenset({Part.CALENDAR}) if before != after else frozenset(),
        before=before,
        after=after,
        restore=lambda ws, target, expected: _restore_op(project_id, target, expected)(ws),
        detail=sum(1 for day in after if before.get(day) != after[day]),
    )


def _restore_op(project_id: int, target: Snapshot, expected: Snapshot) -> Operation:
    """Write ``target`` back where the days are still as ``expected``; else refuse and change nothing."""

    def op(ws: Workspace) -> Change:
        with ws.db.transaction() as s:
            current = _current(s, target)
            stale = [day for day in target if current[day] != expected.get(day)]
            if stale:
                # ISO days: each client writes them as its language writes a date (app/ui/error_text.py)
                raise ConflictError(PART, [day.isoformat() for day in stale[:5]])
            _write(s, target)
        return _change(project_id, current, dict(target))

    return op

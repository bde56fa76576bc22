"""Projects: create, rename, duplicate, archive, delete, list, and find by id or name."""

from __future__ import annotations

import bisect
import datetime as dt
import re
import unicodedata
import uuid as uuidlib
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.core.errors import ConflictError, NotFoundError, UserError, ValidationFailed
from app.core.i18n import LANGS, check_date, date_label
from app.core.limits import check_text
from app.core.messages import Label, Many
from app.core.operations import Change, Operation, Part
from app.core.project import ProjectInfo
from app.core.storage.db import Database
from app.core.storage.models import Project, utcnow

if TYPE_CHECKING:
    from app.core.workspace import Workspace

MAX_NAME = 200
MAX_ID = 2**63 - 1  # SQLite's largest integer: a bigger id is no project's
# A project's text fields as messages name them (the labels of Project ▸ Properties).
FIELD_LABELS = {"customer": Label(ja="顧客", en="customer"), "description": Label(ja="説明", en="description"),
                "start_date": Label(ja="PoC開始日", en="PoC start")}  # fmt: skip


def check_start_date(start: object) -> None:
    """A project's PoC start within the dates a plan holds (9999/12/31 typed as "no end" is refused
    here, not later by the schedule or an export)."""
    if isinstance(start, dt.date):
        check_date(start, key="project.date_out_of_range", field=FIELD_LABELS["start_date"], value=date_label(start))


def info(row: Project) -> ProjectInfo:
    return ProjectInfo.model_validate(row, from_attributes=True)


def _digits(text: str) -> bool:
    return text.isascii() and text.isdigit()  # "²" or "١٢" are digits to str.isdigit, not an id


def as_id(text: str) -> int | None:
    """``text`` as a project id: ASCII digits within SQLite's integers (:data:`MAX_ID`), else None.

    A longer number is no project's id (SQLite would refuse it with an OverflowError, and Python's
    int() one of more than 4300 digits)."""
    text = text.strip()
    if not _digits(text) or len(text.lstrip("0")) > len(str(MAX_ID)) or int(text) > MAX_ID:
        return None
    return int(text)


ZWJ = "\u200d"  # ZERO WIDTH JOINER: 👨 ZWJ 👩 ZWJ 👧 is one family emoji; after a virama, a half form (क्‍ष)
ZWNJ = "\u200c"  # ZERO WIDTH NON-JOINER: Persian می‌خواهم, two letters kept from joining
BLACK_FLAG = "\U0001f3f4"  # 🏴 followed by tag characters and the cancel tag is a flag (🏴 + "gbsct" + U+E007F)
CANCEL_TAG = "\U000e007f"
_TAGS = range(0xE0020, 0xE0080)
_SKIN_TONES = range(0x1F3FB, 0x1F400)  # 👩🏽: a pictograph's modifier, before its ZWJ
# Pictographs with an emoji form (Unicode 14's Emoji and Extended_Pictographic: ⭐ ❤ ☺, not ★; past the BMP
# every Extended_Pictographic code point, reserved ones too, so that a newer emoji keeps its ZWJ): what
# a ZWJ joins and what an emoji or text selector (U+FE0F, U+FE0E) can change, with the keycap bases #*0-9.
_EMOJI = tuple((int(a, 16), int(b or a, 16)) for a, _, b in (r.partition("-") for r in (
    "A9 AE 203C 2049 2122 2139 2194-2199 21A9-21AA 231A-231B 2328 23CF 23E9-23F3 23F8-23FA 24C2 25AA-25AB "
    "25B6 25C0 25FB-25FE 2600-2604 260E 2611 2614-2615 2618 261D 2620 2622-2623 2626 262A 262E-262F "
    "2638-263A 2640 2642 2648-2653 265F-2660 2663 2665-2666 2668 267B 267E-267F 2692-2697 2699 269B-269C "
    "26A0-26A1 26A7 26AA-26AB 26B0-26B1 26BD-26BE 26C4-26C5 26C8 26CE-26CF 26D1 26D3-26D4 26E9-26EA "
    "26F0-26F5 26F7-26FA 26FD 2702 2705 2708-270D 270F 2712 2714 2716 271D 2721 2728 2733-2734 2744 2747 "
    "274C 274E 2753-2755 2757 2763-2764 2795-2797 27A1 27B0 27BF 2934-2935 2B05-2B07 2B1B-2B1C 2B50 2B55 "
    "3030 303D 3297 3299 1F000-1F0FF 1F10D-1F10F 1F12F 1F16C-1F171 1F17E-1F17F 1F18E 1F191-1F19A "
    "1F1AD-1F1E5 1F201-1F20F 1F21A 1F22F 1F232-1F23A 1F23C-1F23F 1F249-1F3FA 1F400-1F53D 1F546-1F64F "
    "1F680-1F6FF 1F774-1F77F 1F7D5-1F7FF 1F80C-1F80F 1F848-1F84F 1F85A-1F85F 1F888-1F88F 1F8AE-1F8FF "
    "1F90C-1F93A 1F93C-1F945 1F947-1FAFF 1FC00-1FFFD").split()))
# Scripts whose letters join: a ZWNJ between two of their letters changes how the word is written.
_JOINING = ("ARABIC", "SYRIAC", "NKO", "MONGOLIAN", "MANDAIC", "MANICHAEAN", "PSALTER PAHLAVI", "ADLAM",
            "HANIFI ROHINGYA", "SOGDIAN", "OLD UYGHUR", "CHORASMIAN", "PHAGS-PA")


def _is_emoji(ch: str) -> bool:
    i = bisect.bisect_right(_EMOJI, (ord(ch), 0x10FFFF)) - 1 if ch else -1
    return i >= 0 and _EMOJI[i][0] <= ord(ch) <= _EMOJI[i][1]


def _is_selector(ch: str) -> bool:
    """A variation selector (text or emoji style ❤︎/❤️, a kanji's variant glyph 葛󠄀)."""
    return "\ufe00" <= ch <= "\ufe0f" or "\U000e0100" <= ch <= "\U000e01ef"


def _varies(base: str, selector: str) -> bool:
    """Whether ``selector`` right after ``base`` changes how it looks: an emoji or text selector after
    a character with an emoji form, an ideographic one (U+E0100..) after a kanji, another one (math
    symbols, CJK, Mongolian, Myanmar: Unicode's standardized variants) after any but ASCII (0 aside)."""
    if selector in "\ufe0e\ufe0f":
        return _is_emoji(base) or base in "#*0123456789"
    if selector >= "\U000e0100":
        return unicodedata.name(base, "").startswith(("CJK UNIFIED", "CJK COMPATIBILITY IDEOGRAPH"))
    return not base.isascii() or base == "0"


def _shapes(text: str, i: int) -> bool:
    """Whether the ZWNJ or ZWJ at ``i`` changes how a word is written: right after a virama (Indic: no
    conjunct, or a half form), or a ZWNJ between two letters of a joining script (Arabic, Persian)."""
    before = i - 1
    while before >= 0 and unicodedata.combining(text[before]) not in (0, 9):
        before -= 1  # over the marks on the letter (a virama stops)
    if before >= 0 and unicodedata.combining(text[before]) == 9:
        return True
    after = i + 1
    while after < len(text) and unicodedata.combining(text[after]):
        after += 1
    around = (text[before] if before >= 0 else "", text[after : after + 1])
    return text[i] == ZWNJ and all(ch.isalpha() and unicodedata.name(ch, "").startswith(_JOINING) for ch in around)


def _emoji_joins(text: str) -> list[bool]:
    """For each character of ``text``, whether it is an invisible one that joins (or keeps apart) visible
    characters: a ZWJ right between two emoji (:data:`_EMOJI`; the first may carry a variation selector or
    a skin tone), the tag characters of a flag (🏴, tags, then the cancel tag U+E007F, which ends it), or a
    ZWNJ or ZWJ that shapes a word (:func:`_shapes`). The only invisible characters :func:`fold_name` keeps
    and :func:`printable_name` prints as they are."""
    joins = [False] * len(text)
    base = ""  # the character before, passing over variation selectors and skin tones
    for i, ch in enumerate(text):
        if ch == ZWJ:
            joins[i] = (_is_emoji(base) and _is_emoji(text[i + 1 : i + 2])) or _shapes(text, i)
        elif ch == ZWNJ:
            joins[i] = _shapes(text, i)
        elif ch == BLACK_FLAG:
            end = i + 1
            while end < len(text) and ord(text[end]) in _TAGS and text[end] != CANCEL_TAG:
                end += 1
            if end > i + 1 and text[end : end + 1] == CANCEL_TAG:
                joins[i + 1 : end + 1] = [True] * (end - i)
        if not (_is_selector(ch) or ord(ch) in _SKIN_TONES):
            base = ch
    return joins


# Characters that show as a blank but are not white space to Python: the Hangul fillers (U+3164 and
# its halfwidth form, which Unicode says to show as nothing when alone) and the braille blank (a
# braille text's space). A name of them only looks empty; next to words they are spaces. The
# conjoining fillers (:data:`_JAMO_FILLERS`) are blanks too, unless they fill a syllable of old Hangul.
BLANKS = frozenset("ㅤﾠ⠀")
_JAMO_FILLERS = "\u115f\u1160"
_JAMO = re.compile("[\u1100-\u11ff\ua960-\ua97f\ud7b0-\ud7ff]")  # Hangul letters that make a syllable together


def _blank(text: str, i: int) -> bool:
    """Whether ``text[i]`` shows as a blank: one of :data:`BLANKS`, or a Hangul choseong or jungseong
    filler in no syllable (the conjoining letters around it are fillers only)."""
    if text[i] in BLANKS:
        return True
    if text[i] not in _JAMO_FILLERS:
        return False
    start, end = i, i + 1
    while start > 0 and _JAMO.match(text[start - 1]):
        start -= 1
    while end < len(text) and _JAMO.match(text[end]):
        end += 1
    return all(ch in _JAMO_FILLERS for ch in text[start:end])


def _nfc(text: str) -> str:
    """``text`` in Unicode's composed form (NFC: テ + U+3099 is デ, as typed on Windows), but for the
    CJK compatibility ideographs, which NFC would turn into another glyph of the same kanji."""
    parts = re.split("([\uf900-\ufaff\U0002f800-\U0002fa1f])", text)
    return "".join(part if i % 2 else unicodedata.normalize("NFC", part) for i, part in enumerate(parts))


def fold_name(name: str) -> str:
    """``name`` as it is seen, so that names which look the same compare the same.

    Control characters (Unicode category Cc: ESC and BEL, which drive a terminal that prints the
    name, DEL, C1 controls) are dropped; those that are white space (tab, line breaks) become a space.
    Invisible format characters (a zero-width space pasted from a chat: Unicode category Cf) are
    dropped, except where they join characters (:func:`_emoji_joins`: a ZWJ inside an emoji, a flag's
    tags, a ZWNJ in a Persian word). A variation selector is kept only right after a visible character
    it can change (:func:`_varies`: ❤️ and 葛󠄀, not Plan️). A character that shows as a blank
    (:func:`_blank`: a Hangul filler, the braille blank) is a space. Runs of white space become one
    space, none at either end. The name is composed (NFC: :func:`_nfc`). Folding a folded name changes nothing.
    """
    text = name or ""
    joins = _emoji_joins(text)
    kept: list[str] = []
    before = ""  # the character before, when it was kept and is no space, selector or format character
    for i, ch in enumerate(text):
        if ch in (ZWJ, ZWNJ) or ord(ch) in _TAGS:
            keep, visible = joins[i], False
        elif unicodedata.category(ch) == "Cf" or (unicodedata.category(ch) == "Cc" and not ch.isspace()):
            keep, visible = False, False
        elif _is_selector(ch):
            keep, visible = bool(before) and _varies(before, ch), False
        else:
            ch = " " if _blank(text, i) else ch
            keep, visible = True, not ch.isspace()
        if keep:
            kept.append(ch)
        before = ch if keep and visible else ""
    return _nfc(" ".join("".join(kept).split()))


def _unprintable(ch: str) -> bool:
    """A character a terminal must not get raw: a control (ESC and BEL drive it, a line end splits the
    line), a line or paragraph separator, a lone surrogate (a file name's undecodable bytes, which the
    output refuses), or an invisible format character (a right-to-left override reorders what follows;
    a ZWJ or a tag character, unless :func:`_emoji_joins` finds it inside an emoji)."""
    return unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp", "Cf")


def _escape(ch: str) -> str:
    return repr(ch)[1:-1]  # \x1b, \n, \u202e, \U000e0041: every character unprintable() finds is escaped by repr


def printable_name(name: str, escape: Callable[[str], str] = _escape) -> str:
    """``name`` (a project's, a person's, a path: any text from the user) as a line on a terminal shows
    it: each character a terminal must not get raw (a control in a name stored before :func:`fold_name`
    dropped them, a line end, a ZWJ or tag character outside an emoji) as its escape (``\x1b``,
    ``\n``, ``\u202e``), or as ``escape`` writes it (JSON's ``\u001b``: app/cli/output.py). The
    command line prints every line through it (app/cli/output.py,
    :meth:`app.core.context.CliContext.say`, the imports' previews: :func:`app.core.kinds.say`)."""
    if name.isprintable():  # the usual case (isprintable is false for every character escaped here)
        return name
    joins = _emoji_joins(name)
    return "".join(escape(ch) if _unprintable(ch) and not joins[i] else ch for i, ch in enumerate(name))


def clean_name(name: str) -> str:
    name = fold_name(name)
    if not name:
        raise ValidationFailed(key="project.needs_name")
    if len(name) > MAX_NAME:
        raise ValidationFailed(key="project.name_too_long", limit=MAX_NAME)
    return name


def touch(session: Session, project_id: int) -> None:
    """Mark the project as modified now (the list shows it; the most recent comes first)."""
    project = session.get(Project, project_id)
    if project is not None:
        project.updated_at = utcnow()


_NUMBERED = re.compile(r"(.+) \((\d+)\)")


# --- copies of a project ------------------------------------------------------------------------
# A project copied into another database (Copy Project To…, a project file) keeps its UUID, and a
# restored backup takes the database back to an older state of it: from then on each copy changes
# on its own. Its copy id (in the project's settings, never in the project file) changes at each
# of these, so that what a copy numbers from then on (the WBS's task uids) is told apart from what
# another copy numbered the same (app/wbs/store.py: take_uids).

COPY_ID = "copy_id"


def new_copy_id() -> str:
    return uuidlib.uuid4().hex


def copy_id(session: Session, project_id: int) -> str:
    """This copy of the project ("" for a project never copied nor restored)."""
    settings = session.scalar(select(Project.settings).where(Project.id == project_id))
    return str(settings.get(COPY_ID) or "") if isinstance(settings, dict) else ""


def renew_copy_ids(session: Session) -> None:
    """Every project of the database is a copy of its own from now on (after a backup was restored)."""
    for row in session.scalars(select(Project)):
        row.settings = {**(row.settings or {}), COPY_ID: new_copy_id()}


def free_name(session: Session, wanted: str) -> str:
    """``wanted`` or, when taken, ``wanted (2)``, ``wanted (3)``, ...

    A copy of "Plan (2)" becomes "Plan (3)", not "Plan (2) (2)". A numbered name stays within
    :data:`MAX_NAME` (the number is kept, the name before it shortened): a longer one could be
    neither exported nor duplicated again.
    """
    taken = {fold_name(name) for name in session.scalars(select(Project.name))}
    wanted = fold_name(wanted) or wanted
    if wanted not in taken:
        return wanted
    numbered = _NUMBERED.fullmatch(wanted)
    if numbered:
        wanted = numbered.group(1)
    n = 2
    while (name := _numbered(wanted, n)) in taken:
        n += 1
    return name


def _numbered(base: str, n: int) -> str:
    """``base (n)`` within :data:`MAX_NAME`, ``base`` cut as folding leaves it (no space or half an emoji at the cut)."""
    suffix = f" ({n})"
    if len(base) + len(suffix) > MAX_NAME:
        base = fold_name(base[: MAX_NAME - len(suffix)])
    return base + suffix


class ProjectService:
    def __init__(self, db: Database) -> None:
        self.db = db

    def list(self, include_archived: bool = True) -> list[ProjectInfo]:
        with self.db.session() as s:
            query = select(Project).order_by(Project.updated_at.desc(), Project.id.desc())
            if not include_archived:
                query = query.where(Project.archived.is_(False))
            return [info(p) for p in s.scalars(query)]

    def count(self) -> int:
        with self.db.session() as s:
            return s.scalar(select(func.count(Project.id))) or 0

    def get(self, project_id: int) -> ProjectInfo:
        with self.db.session() as s:
            return info(self._row(s, project_id))

    @staticmethod
    def _row(s: Session, project_id: int) -> Project:
        project = s.get(Project, project_id) if 0 < project_id <= MAX_ID else None
        if project is None:
            raise NotFoundError(key="project.not_found_id", id=str(project_id))  # an id as typed: 12345, not 12,345
        return project

    def resolve(self, id_or_name: str | int) -> ProjectInfo:
        """Find a project by numeric id, name (as seen: :func:`fold_name`) or UUID.

        ``id:5`` is always the id, ``name:5`` always the name. A bare text that is one project's id
        and another's name is refused as ambiguous (which one the user meant cannot be guessed,
        and ``project delete`` must never pick one).
        """
        key = str(id_or_name).strip()
        prefix, _, rest = key.partition(":")
        with self.db.session() as s:
            if prefix == "id" and _digits(rest.strip()):
                number = as_id(rest)
                if number is None:
                    raise NotFoundError(key="project.not_found_id", id=rest.strip())
                return info(self._row(s, number))
            if prefix == "name":
                named = self._named(s, rest)
                if named is None:
                    raise NotFoundError(key="project.not_found", name=rest.strip())
                return info(named)
            number = as_id(key)
            by_id = s.get(Project, number) if number is not None else None
            named = self._named(s, key)
            if by_id is not None and named is not None and by_id.id != named.id:
                raise UserError(key="project.id_or_name", text=key, id=by_id.id, id_name=by_id.name, other=named.id)
            row = by_id or named or s.scalar(select(Project).where(Project.uuid == key))
            if row is not None:
                return info(row)
        raise NotFoundError(key="project.not_found", name=key)

    @staticmethod
    def _named(s: Session, name: str) -> Project | None:
        """The project called ``name`` as it is seen; refused when several look the same (made
        before invisible characters were dropped from names)."""
        wanted = fold_name(name)
        if not wanted:
            return None
        ids = [pid for pid, other in s.execute(select(Project.id, Project.name)) if fold_name(other) == wanted]
        alike = [row for row in (s.get(Project, pid) for pid in ids) if row is not None]
        if len(alike) > 1:
            raise UserError(key="project.names_alike", name=wanted, ids=Many(tuple(f"id:{row.id}" for row in alike)))
        return alike[0] if alike else None

    def create(
        self,
        name: str,
        *,
        customer: str = "",
        description: str = "",
        lang: str = "ja",
        start_date: dt.date | None = None,
    ) -> ProjectInfo:
        name = clean_name(name)
        check_text(FIELD_LABELS["customer"], customer)
        check_text(FIELD_LABELS["description"], description)
        check_start_date(start_date)
        if lang not in LANGS:
            raise ValidationFailed(key="lang.unknown", lang=lang, langs=Many(LANGS))
        with self.db.session() as s:
            if self._taken(s, name):
                raise ValidationFailed(key="project.name_taken", name=name)
            row = Project(
                uuid=str(uuidlib.uuid4()),
                name=name,
                customer=customer.strip(),
                description=description,
                lang=lang,
                start_date=start_date,
                settings={},
            )
            s.add(row)
            s.flush()
            return info(row)

    @staticmethod
    def _taken(s: Session, name: str, but: int | None = None) -> bool:
        """Whether another project (not ``but``) is called ``name`` as it is seen."""
        rows = s.execute(select(Project.id, Project.name).where(Project.id != (but if but is not None else -1)))
        return any(fold_name(other) == name for _, other in rows)

    def rename(self, project_id: int, new_name: str) -> ProjectInfo:
        return self.update(project_id, name=new_name)  # (one copy of the name's rules)

    def update(self, project_id: int, base: Mapping[str, object] | None = None, **fields: object) -> ProjectInfo:
        """Set the given fields (``name`` too) and only those.

        ``base``: the values the user saw of the fields they changed (Project ▸ Properties). A field
        whose stored value is no longer its base (another window, process or import changed it since)
        is refused with :class:`ConflictError` naming it, unless it already holds the new value;
        nothing is written then. Fields without a base are written as given.
        """
        allowed = {"name", "customer", "description", "lang", "start_date", "settings"}
        unknown = set(fields) - allowed
        if unknown:
            raise ValidationFailed(key="project.unknown_field", fields=Many(tuple(sorted(unknown))))
        for key in ("customer", "description"):
            check_text(FIELD_LABELS[key], fields.get(key))
        check_start_date(fields.get("start_date"))
        if "lang" in fields and fields["lang"] not in LANGS:
            raise ValidationFailed(key="lang.unknown", lang=fields["lang"], langs=Many(LANGS))
        if "name" in fields:
            fields["name"] = clean_name(str(fields["name"]))
        with self.db.session() as s:
            row = self._row(s, project_id)
            stale = sorted(key for key, was in (base or {}).items()
                           if key in fields and getattr(row, key) != was and getattr(row, key) != fields[key])  # fmt: skip
            if stale:
                raise ConflictError(Part.PROJECT, [row.name], stale)
            if "name" in fields and self._taken(s, str(fields["name"]), but=project_id):
                raise ValidationFailed(key="project.name_taken", name=fields["name"])
            for key, value in fields.items():
                if key == "settings" and isinstance(value, dict) and COPY_ID in (row.settings or {}):
                    value = {**value, COPY_ID: row.settings[COPY_ID]}  # not a setting: which copy this is
                setattr(row, key, value)
            row.updated_at = utcnow()
            return info(row)

    def set_archived(self, project_id: int, archived: bool = True) -> ProjectInfo:
        with self.db.session() as s:
            row = self._row(s, project_id)
            row.archived = archived
            row.updated_at = utcnow()
            return info(row)

    def delete(self, project_id: int) -> None:
        with self.db.session() as s:
            s.delete(self._row(s, project_id))


def update_op(project_id: int, base: Mapping[str, object] | None = None, **fields: object) -> Operation:
    """Set a project's own fields (:meth:`ProjectService.update`, over ``base``) as one operation and one
    undo step (Project ▸ Properties, Rename Project). Undo and redo write the other side back only where
    the fields still hold what this change left: one changed elsewhere since is refused with
    :class:`ConflictError` (a name taken meanwhile as ever), and nothing is written. ``detail``: the
    project as saved. (Creating, archiving, duplicating or deleting a project is no undo step:
    :func:`app.core.operations.project_op`.)"""

    def op(ws: Workspace) -> Change:
        service = ProjectService(ws.db)
        with ws.db.transaction():
            was = service.get(project_id)
            now = service.update(project_id, base=base, **fields)
        keys = sorted(fields)
        return Change(project_id, frozenset({Part.PROJECT}), before={key: getattr(was, key) for key in keys},
                      after={key: getattr(now, key) for key in keys}, restore=_restore_fields(project_id), detail=now)  # fmt: skip

    return op


def _restore_fields(project_id: int) -> Callable[[Workspace, dict[str, object], dict[str, object]], Change]:
    def restore(ws: Workspace, target: dict[str, object], expected: dict[str, object]) -> Change:
        return update_op(project_id, base=expected, **target)(ws)

    return restore

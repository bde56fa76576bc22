"""What a name shows: the one rule by which names are compared (:func:`fold_name`) and printed on a
terminal (:func:`printable_name`).

A project's, a person's or a file's name is compared as it is seen: composed (NFC), blanks as one
space, invisible characters dropped (Unicode's default-ignorable code points: :func:`ignorable`), except
those an emoji, a flag or a script's shaping needs (a ZWJ inside an emoji ZWJ sequence, a flag's tag
characters, a ZWNJ between two letters of a joining script, a variation selector after a character it
changes). Printed, every character a terminal must not get raw is escaped by the same reading
(:func:`_emoji_joins`). Pure text: no database, no Qt.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections.abc import Callable, Iterable

ZWJ = "\u200d"  # ZERO WIDTH JOINER: 👨 ZWJ 👩 ZWJ 👧 is one family emoji; after a virama, a half form (क्‍ष)
ZWNJ = "\u200c"  # ZERO WIDTH NON-JOINER: Persian می‌خواهم, two letters kept from joining
BLACK_FLAG = "\U0001f3f4"  # 🏴 followed by tag characters and the cancel tag is a flag (🏴 + "gbsct" + U+E007F)
CANCEL_TAG = "\U000e007f"
_TAGS = range(0xE0020, 0xE0080)
_SKIN_TONES = range(0x1F3FB, 0x1F400)  # 👩🏽: a pictograph's modifier, before its ZWJ
_REGIONAL = range(0x1F1E6, 0x1F200)  # regional indicator letters: two of them are a flag (🇯🇵 is 🇯 and 🇵)
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
# What shows nothing: Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties.txt), derived as Unicode
# derives it: Other_Default_Ignorable_Code_Point (PropList.txt: the combining grapheme joiner U+034F, the Hangul
# fillers, Khmer's inherent vowels U+17B4-U+17B5, U+2065, U+FFF0-U+FFF8, the unassigned rest of U+E0000-U+E0FFF)
# + category Cf + Variation_Selector (Mongolian's U+180B-U+180D and U+180F, U+FE00-U+FE0F, U+E0100-U+E01EF),
# - White_Space - the interlinear annotation characters U+FFF9-U+FFFB - the Egyptian hieroglyph format
# controls - Prepended_Concatenation_Mark. Those last (:data:`_SHOWN_FORMAT`: the Arabic number sign U+0600, the
# end of ayah U+06DD...) are drawn: a name keeps them. The interlinear annotation characters and the Egyptian
# format controls, of category Cf too, are dropped all the same: nothing a name needs, nothing seen of them alone.
# Of the rest a name keeps only what :func:`_seen` finds visible (a Hangul filler as a blank, a joining ZWJ or
# ZWNJ, a variation selector where it changes the character before it).
_OTHER_IGNORABLE = tuple((int(a, 16), int(b or a, 16)) for a, _, b in (r.partition("-") for r in (
    "34F 115F-1160 17B4-17B5 2065 3164 FFA0 FFF0-FFF8 E0000 E0002-E001F E0080-E00FF E01F0-E0FFF").split()))
_SHOWN_FORMAT = frozenset("\u0600\u0601\u0602\u0603\u0604\u0605\u06dd\u070f\u0890\u0891\u08e2\U000110bd\U000110cd")


@functools.lru_cache(maxsize=8192)  # (a name's characters are read one by one: a project list's names over and over)
def ignorable(ch: str) -> bool:
    """Whether ``ch`` shows nothing of itself (see :data:`_OTHER_IGNORABLE`): a format character but those drawn
    (:data:`_SHOWN_FORMAT`), one of Unicode's other default-ignorable code points, a variation selector."""
    if unicodedata.category(ch) == "Cf":
        return ch not in _SHOWN_FORMAT
    return _is_selector(ch) or any(low <= ord(ch) <= high for low, high in _OTHER_IGNORABLE)


def _is_emoji(ch: str) -> bool:
    i = bisect.bisect_right(_EMOJI, (ord(ch), 0x10FFFF)) - 1 if ch else -1
    return i >= 0 and _EMOJI[i][0] <= ord(ch) <= _EMOJI[i][1]


def _is_selector(ch: str) -> bool:
    """A variation selector (text or emoji style ❤︎/❤️, a kanji's variant glyph 葛󠄀, a Mongolian letter's form)."""
    return "\ufe00" <= ch <= "\ufe0f" or "\U000e0100" <= ch <= "\U000e01ef" or ch in _MONGOLIAN_SELECTORS


_MONGOLIAN_SELECTORS = "\u180b\u180c\u180d\u180f"  # FREE VARIATION SELECTOR ONE to FOUR


def _varies(base: str, selector: str) -> bool:
    """Whether ``selector`` right after ``base`` changes how it looks: an emoji or text selector after
    a character with an emoji form, an ideographic one (U+E0100..) after a kanji, another one (math
    symbols, CJK, Mongolian, Myanmar: Unicode's standardized variants) after any but ASCII (0 aside), a
    Mongolian free variation selector after a Mongolian letter (a stray one, after 高, changes nothing)."""
    if selector in _MONGOLIAN_SELECTORS:
        return unicodedata.name(base, "").startswith("MONGOLIAN")
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
_HANGUL_FILLERS = frozenset("\u3164\uffa0" + _JAMO_FILLERS)  # (default-ignorable, yet seen: a blank, or part of a syllable)
_JAMO_RUN = re.compile("[\u1100-\u11ff\ua960-\ua97f\ud7b0-\ud7ff]+")  # Hangul letters that make a syllable together


def _lone_fillers(text: str) -> frozenset[int]:
    """Where ``text`` holds a Hangul choseong or jungseong filler in no syllable: one in a run of conjoining
    letters that are all fillers. Each run read once (a filler's run looked for from each filler took the
    square of its length: 20,000 pasted fillers, a minute)."""
    if not any(filler in text for filler in _JAMO_FILLERS):
        return frozenset()
    return frozenset(i for run in _JAMO_RUN.finditer(text) if not run[0].strip(_JAMO_FILLERS) for i in range(*run.span()))


def _blank(text: str, i: int, lone_fillers: frozenset[int]) -> bool:
    """Whether ``text[i]`` shows as a blank: one of :data:`BLANKS`, or a Hangul choseong or jungseong
    filler in no syllable (the conjoining letters around it are fillers only: ``lone_fillers``, :func:`_lone_fillers`)."""
    return text[i] in BLANKS or i in lone_fillers


def composed(text: str) -> str:
    """``text`` in Unicode's composed form (NFC: テ + U+3099 is デ, as typed on Windows), but for the
    CJK compatibility ideographs, which NFC would turn into another glyph of the same kanji."""
    parts = re.split("([\uf900-\ufaff\U0002f800-\U0002fa1f])", text)
    return "".join(part if i % 2 else unicodedata.normalize("NFC", part) for i, part in enumerate(parts))


def _seen(name: str) -> list[tuple[str, bool]]:
    """Each character of ``name`` somebody sees (the keep rules of :func:`fold_name`) with whether it shows
    as a blank (:func:`_blank`, read in ``name`` as given); white space as typed but for a control that is
    white space (a tab, a line break) or a line or paragraph separator, which is a space: a name is one line."""
    return [(ch, blank) for ch, keep, blank in _read(name) if keep]


def hidden_characters(text: str) -> str:
    """The characters of ``text`` that are not seen as what they are, each once in order ('' for none): those
    :func:`fold_name` drops because nobody sees them (a zero-width space, a right-to-left override, a soft
    hyphen, a BOM, a control that is no white space, a stray variation selector: :func:`ignorable`), and
    those that show as a blank without being white space (:func:`_blank`: a Hangul filler, the braille
    blank). A ZWJ inside an emoji, a flag's tags, a ZWNJ in a Persian word are seen (they join what shows).
    For a value that goes into a path, a command or a URI: it looks like another text than it is."""
    found = [ch for ch, keep, blank in _read(text) if not keep or (blank and not ch.isspace())]
    return "".join(dict.fromkeys(found))


def _read(name: str) -> list[tuple[str, bool, bool]]:
    """Each character of ``name`` as :func:`_seen` reads it: (the character, a white-space control as a
    space; whether it is kept; whether it shows as a blank)."""
    text = name or ""
    joins = _emoji_joins(text)
    lone_fillers = _lone_fillers(text)
    kept: list[tuple[str, bool, bool]] = []
    before = ""  # the character before, when it was kept and is no space, selector or format character
    for i, ch in enumerate(text):
        blank = False
        if ch in (ZWJ, ZWNJ) or ord(ch) in _TAGS:
            keep, visible = joins[i], False
        elif _is_selector(ch):
            keep, visible = bool(before) and _varies(before, ch), False
        elif (ignorable(ch) and ch not in _HANGUL_FILLERS) or (unicodedata.category(ch) == "Cc" and not ch.isspace()):
            keep, visible = False, False  # (a Hangul filler is a blank or a letter of a syllable: below)
        else:
            ch = " " if ch.isspace() and (unicodedata.category(ch) == "Cc" or ch in "\u2028\u2029") else ch
            blank = ch.isspace() or _blank(text, i, lone_fillers)
            keep, visible = True, not blank
        kept.append((ch, keep, blank))
        before = ch if keep and visible else ""
    return kept


def fold_name(name: str) -> str:
    """``name`` as it is seen, so that names which look the same compare the same.

    Control characters (Unicode category Cc: ESC and BEL, which drive a terminal that prints the
    name, DEL, C1 controls) are dropped; those that are white space (tab, line breaks) become a space.
    Invisible characters (a zero-width space pasted from a chat, a combining grapheme joiner, Khmer's
    inherent vowels: Unicode's default-ignorable code points, :func:`ignorable`) are dropped, except
    where they join characters (:func:`_emoji_joins`: a ZWJ inside an emoji, a flag's tags, a ZWNJ in
    a Persian word). A variation selector is kept only right after a visible character
    it can change (:func:`_varies`: ❤️ and 葛󠄀, not Plan️ or 高᠋橋). A character that shows as a blank
    (:func:`_blank`: a Hangul filler, the braille blank) is a space. Runs of white space become one
    space, none at either end. The name is composed (NFC: :func:`composed`). Folding a folded name changes nothing.

    For comparing names only: a name is stored as :func:`typed_name` keeps it (the user's own spaces).
    """
    return composed(" ".join("".join(" " if blank else ch for ch, blank in _seen(name)).split()))


@functools.lru_cache(maxsize=4096)  # (every project's name is compared with a new one's: each folded once)
def compared_name(name: str) -> str:
    """A thing's name (a project's, a baseline's) as it is compared with the others' (a name taken, one found by
    name): as seen (:func:`fold_name`: spaces and invisible characters) and in one width (NFKC, as people's names
    are: 「中間報告Ｖ２」 typed with the input method's full-width mode is 「中間報告V2」, 「（デモ）」 is 「(デモ)」,
    ｱ is ア). Case is kept: 「poc」 and 「PoC」 look different in a list. Only compared, never stored or shown."""
    return fold_name(unicodedata.normalize("NFKC", fold_name(name)))


def name_among(names: Iterable[str], name: str) -> str | None:
    """Which of ``names`` is ``name``: the one written so, else the only one that reads the same
    (:func:`compared_name`: 「キックオフ 合意」 typed for 「キックオフ　合意」, 「合意V1」 for 「合意Ｖ１」 typed in the
    input method's full-width mode, one stored by an older version with its spaces); None for none, or for
    several alike with none written so."""
    names = list(names)
    if name in names:
        return name
    alike = [n for n in names if compared_name(n) == compared_name(name)]
    return alike[0] if len(alike) == 1 else None


def typed_name(name: str) -> str:
    """``name`` as it is stored and shown: the user's own spaces kept (the IME's full-width 「　」 stays
    one), without what :func:`fold_name` drops because nobody sees it (control and invisible characters,
    a stray variation selector), a run of blanks as its first one (a tab or line break as a space: a
    name is one line), none at either end, composed (NFC). ``fold_name(typed_name(x)) == fold_name(x)``:
    names are still compared folded (a name is taken whatever its spaces)."""
    kept: list[str] = []
    after_blank = True  # (none at the start)
    for ch, blank in _seen(name):
        if not (blank and after_blank):
            kept.append(ch)
        after_blank = blank
    while kept and after_blank:  # the blank left at the end
        kept.pop()
        after_blank = False
    return composed("".join(kept))


def _unprintable(ch: str) -> bool:
    """A character a terminal must not get raw: a control (ESC and BEL drive it, a line end splits the
    line), a line or paragraph separator, a lone surrogate (a file name's undecodable bytes, which the
    output refuses), or an invisible format character (a right-to-left override reorders what follows;
    a ZWJ or a tag character, unless :func:`_emoji_joins` finds it inside an emoji)."""
    return unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp", "Cf") and ch not in _SHOWN_FORMAT  # (the Arabic number sign is drawn)


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


def cut_seen(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters at most, and never inside what shows as one (a grapheme cluster):
    not between a flag's two letters (🇯🇵) nor in its tags (🏴󠁧󠁢󠁳󠁣󠁴󠁿), not inside an emoji ZWJ sequence (👨‍👩‍👧: as
    :func:`_emoji_joins` reads them), not before a skin tone, a variation selector, a combining mark (か + ゛)
    or a conjoining Hangul vowel or final. What is cut goes whole: the text ends before it."""
    if len(text) <= limit:
        return text
    joins = _emoji_joins(text)
    end = max(limit, 0)
    while end > 0 and _inside(text, end, joins):
        end -= 1
    return text[:end]


NAMED = 60  # characters of a name a message says (a task's title), as a value typed is said back (app/core/errors.py shown)


def named(name: str, limit: int = NAMED) -> str:
    """``name`` (a task's title) as a message names it: past ``limit`` characters cut (:func:`cut_seen`: never inside
    what shows as one) and … after it."""
    return name if len(name) <= limit else cut_seen(name, limit) + "…"


def _inside(text: str, i: int, joins: list[bool]) -> bool:
    """Whether a cut before ``text[i]`` would split what shows as one character."""
    ch = text[i]
    if ch in (ZWJ, ZWNJ) or _is_selector(ch) or ord(ch) in _SKIN_TONES or ord(ch) in _TAGS:
        return True  # (each extends what is before it)
    if unicodedata.category(ch) in ("Mn", "Me", "Mc") or "\u1160" <= ch <= "\u11ff" or "\ud7b0" <= ch <= "\ud7ff":
        return True
    if text[i - 1] == ZWJ and joins[i - 1]:
        return True
    if ord(ch) in _REGIONAL:  # the second letter of a pair: an odd run of them before it
        start = i
        while start > 0 and ord(text[start - 1]) in _REGIONAL:
            start -= 1
        return (i - start) % 2 == 1
    return False

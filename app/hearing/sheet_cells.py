"""Reading one cell of a hearing sheet the customer filled: what it says, as an answer.

A check item (a tick plus text, e.g. 倫理上の問題) is answered in words: a description ticks it, as
the sheet's help asks (該当すれば内容を記入; a lack, however written: データがすくない, 足りない); a clear
no (なし, ナシ, 該当なし, リスクなし, 現状では問題ありません, いいえ, FALSE, 0, ✗, ☐, □, a no after a tick:
○ 該当なし ...) leaves it unticked, its words kept as the answer's text; a word that says neither
(不明, 未定, ?, -), a no said with a doubt (多分ない, 無いと思う) or words in the negative
(個人情報は含まない, 該当するデータはない) are refused, never guessed (:func:`check_answer`). Words are compared in hiragana (ナシ, ﾅｼ read as なし), without the invisible
characters a keyboard may add (✔︎ is ✔ followed by a variation selector).

The 現在の回答 (current answer) column shows the app's answer as the sheet went out; a customer who
unprotects the sheet may type over it (:func:`current_edited`).

A number or a date in a cell read as words comes as its number format shows it (:func:`shown_value`).
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import unicodedata
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Any, Literal

from app.core.content.model import AnswerKind, Item
from app.core.errors import ValidationFailed, shown
from app.core.files.xlsx_style import CUT_MARK, cell_text, date_cell, past_the_cut
from app.core.i18n import Lang
from app.hearing import sheet as hs
from app.hearing.model import Answer, HistoryEntry, lf_answer, normalize_value


def _hiragana(text: str) -> str:
    """Katakana as hiragana (ナシ as なし); ー and the katakana without a hiragana twin stay."""
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in text)


def _fold(text: str) -> str:
    """``text`` as keys are compared: NFKC (full-width letters and punctuation as ASCII, half-width kana
    as full-width), katakana as hiragana, in lower case, ’ as '."""
    return _hiragana(unicodedata.normalize("NFKC", text)).lower().replace("\u2019", "'")


def _folded(words: Iterable[str]) -> frozenset[str]:
    return frozenset(map(_fold, words))


# Compared folded (:func:`_fold`), spaces as one, without the closing 。 or です: written in any script,
# a word list or a pattern below is folded the same way, so リスク matches りすく.
YES_WORDS = _folded({
    "はい", "あり", "有り", "有", "ある", "あります", "該当", "該当あり", "該当有り", "該当する", "該当します",
    "yes", "y", "true", "1", "applies", "it applies", "on", "済",
})
NO_WORDS = _folded({
    "いいえ", "なし", "無し", "無", "ない", "無い", "ありません", "ございません", "該当なし", "該当無し", "該当しない",
    "該当しません", "該当ありません", "非該当", "不要", "対象外",
    "no", "n", "none", "false", "0", "nothing", "not applicable", "n/a", "na", "no issue", "no issues",
    "does not apply", "doesn't apply", "not relevant", "off",
})
# 特になし, とくになし, リスクなし, 現状では問題ありません, 今のところ特に懸念はありません, 問題はない ...,
# alone or with a remark in brackets (特になし(現時点)); compared without spaces.
_NO_PHRASE = re.compile(_fold(
    r"(?:(?:現状|現在|現時点|現段階|今のところ|いまのところ|今は|いまは)(?:で|に)?(?:は|も)?[、,]?)?"
    r"(?:特に|とくに|何も|なにも)?[、,]?"
    r"(?:問題|懸念|懸念事項|該当|リスク|課題|心配|気になる点)?[はがも]?(?:特に|とくに|何も|なにも)?"
    r"(?:なし|無し|ない|無い|なかった|無かった|ありません|ございません|しない|しません)"
    r"(?:[(\[【].*)?"), re.S)  # a remark in brackets only: 問題なし、ただし偏りあり is no clear no
_NO_PHRASE_EN = re.compile(r"(?:none|no|nothing|no (?:issues?|risks?|concerns?)|not applicable|n/a|does not apply|"
                           r"doesn't apply)(?: (?:at (?:this|the) (?:time|moment)|at present|currently|for now|so far|"
                           r"to date|as of (?:now|today)))?")
# A filled box is a tick, an empty one (☐, or □ as the IME types a box) is not.
YES_MARKS = ("✓", "✔", "☑", "✅", "○", "〇", "◯", "●", "⭕", "■")
NO_MARKS = ("✗", "✘", "×", "✕", "☐", "□", "▢", "◻", "⬜", "❌")
# Neither yes nor no: whoever reads the sheet would have to guess; refused with the cell named.
UNCLEAR_WORDS = _folded({
    "不明", "未定", "検討中", "確認中", "未確認", "要確認", "要検討", "わからない", "分からない", "わかりません",
    "分かりません", "不詳", "未回答", "保留", "どちらとも言えない", "どちらともいえない",
    "tbd", "tbc", "unknown", "not sure", "unsure", "maybe", "don't know", "?", "??",
})
UNCLEAR_MARKS = frozenset({"△", "▲", "☒", "-", "--", "ー", "―", "—", "–", "‐", "/", "・"})  # alone only: a bullet begins a description
# Words that may say no, or describe the issue in negative words (検証手段なし, 個人情報は含まない,
# 該当するデータはない, Does not have personal data): not guessed. A negative ending (ない, なかった, ず)
# after kana is a verb, an adjective or a noun with は/が/も said in the negative; after a kanji it is a
# word of its own (少ない, 危ない: a description), unless the kanji is a verb's whole stem (見ない, 出ない,
# 来ない). A word of a lack or a danger is a description however written (すくない, 足りない, あぶない).
_NEGATIVE_END = ("なし", "無し", "無い", "無かった", "ません", "不要")
_NEGATIVE_TAIL = re.compile(r"(?:[ぁ-ゖ見来出得居寝似着経]|^)(?:ない|なかった|ず)$")
_LACK_END = tuple(_folded(("少ない", "すくない", "足りない", "たりない", "危ない", "あぶない", "頼りない", "たよりない",
                           "心もとない", "こころもとない", "おぼつかない")))
_NEGATIVE_EN = re.compile(r"\b(?:not|never|cannot)\b|n't\b")
# A little risk is not a clear no (リスクは少ない, 影響は小さい): not guessed either.
_LITTLE = re.compile(_fold(r"(?:問題|懸念|リスク|課題|影響|可能性|心配)[はがも]?(?:ほぼ|ほとんど)?"
                           r"(?:少ない|すくない|低い|ひくい|小さい|ちいさい|軽微)"))
# A no said with a doubt (多分ない, 無いと思う, probably not) is not a clear no: not guessed.
_HEDGE_START = ("多分", "たぶん", "おそらく", "恐らく", "probably ", "maybe ", "perhaps ", "likely ")
_HEDGE_END = re.compile(r"(?:と|かと)(?:思う|思います|思われる|思われます|考える|考えます|考えています|思っています)$|"
                        r"(?:かも|かもしれない|かもしれません|でしょう|だろう|はず)$")
_NEGATIVE_START = ("no ", "not ", "none ", "nothing ", "never ")
_AFTER_WORD = set("、,:;([「【/。.!-—–\n")  # after a Japanese yes or no word, what begins the rest: なし(今後検討)
# A number other than 0 or 1 says neither. Its digits and commas taken whole (possessive), then a decimal part or
# a digit last: 「[\d,]*\.?\d+」 tried every split of a pasted run of digits (32,767 in a cell: minutes).
_NUMBER = re.compile(r"[-+]?[\d,]*+(?:\.\d++|(?<=\d))%?")
_AFTER_ASCII = set(",:;(")  # after an English one: "No, ...", "Yes: ..."


def _invisible(char: str) -> bool:
    """A character that shows nothing: a format character (zero-width space, BOM, direction marks)
    or a variation selector (✔︎ is ✔ + U+FE0E). A zero-width joiner is kept: it joins emoji (👩‍💻)."""
    return (unicodedata.category(char) == "Cf" and char != "\u200d") or "\ufe00" <= char <= "\ufe0f" \
        or "\U000e0100" <= char <= "\U000e01ef"


def visible(text: str) -> str:
    """``text`` without the characters that show nothing, and without spaces or joiners at its ends."""
    return "".join(c for c in text if not _invisible(c)).strip().strip("\u200d").strip()


def _key(text: str) -> str:
    key = " ".join(_fold(text).split()).rstrip("。.!")
    for polite in ("でした", "です"):
        key = key.removesuffix(polite)
    return key.rstrip("。.! ")


def _leading(key: str, words: Iterable[str]) -> bool:
    """``key`` begins with one of ``words`` and the rest is set apart (punctuation; a space after a Japanese word)."""
    for word in words:
        if len(word) < 2 or word.isdigit() or not key.startswith(word) or key == word:
            continue
        rest = key[len(word):]
        if word.isascii():
            if rest[0] in _AFTER_ASCII or (rest[0] == "." and rest[1:2] in ("", " ")) or (rest[0] == " " and rest[1:2] in _AFTER_WORD):
                return True
        elif rest[0] in _AFTER_WORD or rest[0] == " ":
            return True
    return False


def check_answer(item: Item, raw: Any, lang: Lang) -> dict[str, Any]:
    """A check item's cell as its answer: ticked or not, with the words typed as its text.

    A bare mark or a bare TRUE / FALSE carries no words: a no keeps the sheet's word for it
    (いいえ / no), so the customer's answer is an answer, not nothing.
    """
    if isinstance(raw, bool) or (isinstance(raw, int | float) and raw in (0, 1)):
        return {"checked": True, "text": ""} if raw else {"checked": False, "text": hs.t("no", lang)}
    if not isinstance(raw, str):  # another number, a date: says neither
        raise _unclear(item, raw)
    text = visible(raw)
    for marks, checked in ((YES_MARKS, True), (NO_MARKS, False)):
        rest = next((visible(text[len(m):]) for m in marks if text.startswith(m)), None)
        if rest is not None and not rest.startswith(YES_MARKS + NO_MARKS):  # ○○部門の…: a description
            if not rest:
                return {"checked": checked, "text": "" if checked else hs.t("no", lang)}
            # ✔ 偏りあり is ticked; ○ 該当なし (the no circled) is a no; ✔ 含まない is refused
            checked = checked and _ticked(_key(rest), item, raw)
            return {"checked": checked, "text": rest}
    return {"checked": _ticked(_key(text), item, raw), "text": text}


def yes_or_no(raw: str) -> bool | None:
    """A yes or a no said in one word or mark as a check item reads it (はい, あり, ○, ✓ / なし, ナシ, ﾅｼ,
    ＮＯ, ×, ☐): True / False; None for anything else. A yes-no table cell (個人情報有無) reads the same."""
    text = visible(raw)
    if text in YES_MARKS or text in NO_MARKS:
        return text in YES_MARKS
    key = _key(text)
    return True if key in YES_WORDS else False if key in NO_WORDS else None


def _is_no(key: str) -> bool:
    return key in NO_WORDS or bool(_NO_PHRASE.fullmatch(key.replace(" ", ""))) or bool(_NO_PHRASE_EN.fullmatch(key)) \
        or _leading(key, NO_WORDS)


def _unhedged(key: str) -> str:
    """``key`` without a doubt said before or after it (多分, と思う, probably)."""
    key = _HEDGE_END.sub("", next((key[len(h):] for h in _HEDGE_START if key.startswith(h)), key))
    return key.strip(" 、,")


# A no taken back in the same breath (なし、ただし偏りあり): the customer names an issue after all.
_BUT = re.compile(r"ただし|但し|しかし|けど|けれど|でも|が、|\bbut\b|\bhowever\b|\bexcept\b")


def _ticked(key: str, item: Item, raw: Any) -> bool:
    """Whether the words ``key`` (folded) tick the item; ValidationFailed when they say neither yes nor no."""
    if _is_no(key) and _BUT.search(key):
        raise _unclear(item, raw)
    if _is_no(key):
        return False
    if key in YES_WORDS or _leading(key, YES_WORDS):
        return True
    if key in UNCLEAR_WORDS or key in UNCLEAR_MARKS or _leading(key, UNCLEAR_WORDS) or _NUMBER.fullmatch(key):
        raise _unclear(item, raw)
    unhedged = _unhedged(key)
    if unhedged != key and (not unhedged or _is_no(unhedged) or _negative(unhedged)):
        raise _unclear(item, raw)
    if _LITTLE.fullmatch(key.replace(" ", "")) or _negative(key):
        raise _unclear(item, raw)
    return True  # the description the sheet asks for when it applies


def _negative(key: str) -> bool:
    """``key`` says something in the negative (個人情報は含まない, not used), not a lack (データがすくない)."""
    if key.endswith(_LACK_END):
        return False
    return key.endswith(_NEGATIVE_END) or bool(_NEGATIVE_TAIL.search(key)) or key.startswith(_NEGATIVE_START) \
        or bool(_NEGATIVE_EN.search(key))


def _unclear(item: Item, raw: Any) -> ValidationFailed:
    return ValidationFailed(key="hearing_sheet.check_unclear", item=item.label, raw=shown(str(raw)))


def is_formula(cell: Any) -> bool:
    return getattr(cell, "data_type", None) == "f"


def cell_value(value: Any) -> Any:
    text = getattr(value, "text", None)  # an array or data-table formula: its text, like any formula
    if isinstance(text, str):
        value = f"={text.lstrip('=')}"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, str):
        return value.strip()
    return value


def incoming(item: Item, raw: Any, lang: Lang) -> Any:
    """What a cell of the 回答 columns says as the item's stored value (None: blank); ValidationFailed if it does not fit."""
    raw = cell_value(date_cell(raw) if item.kind == AnswerKind.DATE else raw)
    if raw in (None, ""):
        return None
    if item.kind == AnswerKind.CHECK:
        return normalize_value(item, check_answer(item, raw, lang))
    return normalize_value(item, raw)


def shown_texts(item: Item, answer: Answer | HistoryEntry | None, field: str, lang: Lang) -> set[str]:
    """What the sheet writes in 現在の回答 for ``answer``'s ``field`` (value or later), as read back."""
    text = hs.cell_text(item, getattr(answer, field), lang) if answer is not None else ""  # as the export writes it
    texts = {cell_text(text).strip()}
    if field == "value" and text:  # marked [仮説] when it was a hypothesis then
        texts.add(cell_text(hs.t("hypothesis", lang) + text).strip())
    return texts


def as_sent(history: list[HistoryEntry], sent: str) -> HistoryEntry | Literal[False] | None:
    """The answer when the sheet went out: the newest state in ``history`` whose fingerprint is the
    sheet's ``sent``; None when there was no answer yet; False when not found."""
    for entry in reversed(history):
        if hs.fingerprint(entry) == sent:
            return lf_answer(entry)  # compared as the sheet reads it back: line breaks as \n
    return None if sent == hs.fingerprint(None) else False


COPIED = 100  # characters: a 回答 holding this many of a cut 現在の回答's, at its start, middle or end, is that text copied


def uncut(full: str, typed: str, lang: Lang, copy: bool = False) -> str | Literal[False]:
    """``typed``, read from a cell the sheet showed cut (``full``: the text before the cut, longer than
    a cell holds: :func:`app.hearing.sheet.is_cut`), as the whole text it stands for: the customer's
    edit of the part they saw with the text past the cut after it, in place of the closing …; False
    when the … is gone (where the rest goes, or whether it was meant to go, cannot be told: never
    guessed, never lost). ``typed`` as it is when ``full`` was not cut, or (``copy``: a 回答 cell) when
    it is no copy of the cut text (a new answer: :data:`COPIED`)."""
    if not hs.is_cut(full):
        return typed
    if copy and not _copied(without_marker(cell_text(full)[: -len(CUT_MARK)], lang), without_marker(typed.removesuffix(CUT_MARK), lang)):
        return typed
    whole = past_the_cut(typed, full)
    return False if whole is None else whole


def _copied(shown: str, typed: str) -> bool:
    """Whether ``typed`` holds the start, the middle or the end of the text a cut cell showed."""
    middle = len(shown) // 2
    return typed.startswith(shown[:COPIED]) or typed.endswith(shown[-COPIED:]) or shown[middle : middle + COPIED] in typed


def current_text(value: Any) -> str:
    """A 現在の回答 cell as read back (blank: "")."""
    value = cell_value(value)
    return "" if value is None else str(value).strip()


def without_marker(text: str, lang: Lang) -> str:
    """A corrected 現在の回答 without the [仮説] mark the sheet put before a hypothesis."""
    marker = hs.t("hypothesis", lang).strip()
    return text[len(marker):].strip() if text.startswith(marker) else text


# --- a number or a date as its cell's number format shows it ------------------------------------
# A customer who types 5%, 1,234,567 or 2026年12月24日 leaves a number (0.05, 1234567, a date) and a
# number format that shows it as typed. Read as words (a text answer, a note, a table's text column),
# the cell says what Excel showed (:func:`shown_value`). Read here: percent, thousands separators, fixed
# decimals and text around the number; dates and times by their digits (年月日, eras: 令和8年). Anything
# else (General, scientific, fractions, month or day names, AM/PM, conditions) reads the value as it is,
# and so does what Excel itself cannot show: a format of 255 characters or more (MS-OI29500 2.1.712), more
# than 30 decimals, a number beyond a cell's (infinity, NaN, 1e300 shown with 60 percent signs).

# Japanese Excel's own built-in formats (ECMA-376 18.8.30, ja-JP), saved by their id alone: openpyxl
# reads them as General. Those of the system's currency (5-8, 42, 44: $ in openpyxl, ¥ in Japan) are not read.
_JA_FORMATS = {
    27: "[$-411]ge.m.d", 28: '[$-411]ggge"年"m"月"d"日"', 29: '[$-411]ggge"年"m"月"d"日"', 30: "m/d/yy",
    31: 'yyyy"年"m"月"d"日"', 32: 'h"時"mm"分"', 33: 'h"時"mm"分"ss"秒"', 34: 'yyyy"年"m"月"', 35: 'm"月"d"日"',
    36: "[$-411]ge.m.d", 50: "[$-411]ge.m.d", 51: '[$-411]ggge"年"m"月"d"日"', 52: 'yyyy"年"m"月"', 53: 'm"月"d"日"',
    54: '[$-411]ggge"年"m"月"d"日"', 55: 'yyyy"年"m"月"', 56: 'm"月"d"日"', 57: "[$-411]ge.m.d",
    58: '[$-411]ggge"年"m"月"d"日"',
}  # fmt: skip
_SHORT_DATES = {14: {"ja": "yyyy/m/d", "en": "m/d/yyyy"}, 22: {"ja": "yyyy/m/d h:mm", "en": "m/d/yyyy h:mm"}}  # the system's
_CURRENCY_IDS = frozenset({5, 6, 7, 8, 42, 44})
_ERAS = ((dt.date(2019, 5, 1), "令和", "R"), (dt.date(1989, 1, 8), "平成", "H"), (dt.date(1926, 12, 25), "昭和", "S"))
_WEEKDAYS = "月火水木金土日"
_DATE_CODES = "ymdhsaeg"
_MAX_FORMAT = 255  # characters: Excel takes a format code shorter than this
_MAX_DECIMALS = 30  # Excel's own most
_LARGEST = Decimal(sys.float_info.max)  # the largest number a cell holds (1.8e308)
# A quoted text, an escaped character, a space as wide as a character (_), a repeated fill (*), a [...] part, a character.
_TOKEN = re.compile(r'"([^"]*)"?|\\(.)|_(.)|\*(.)|\[([^\]]*)\]?|(.)', re.S)
Token = tuple[Literal["lit", "tag", "ch"], str]


def cell_format(cell: Any, lang: Lang) -> str:
    """The number format ``cell`` shows its value with, as Excel on the customer's computer does: a
    Japanese built-in format by its code, the system's short date (ids 14, 22) as ``lang`` writes it."""
    number = getattr(getattr(cell, "_style", None), "numFmtId", None)  # (openpyxl's: the id the file gave)
    if number in _JA_FORMATS:
        return _JA_FORMATS[number]
    if number in _SHORT_DATES:
        return _SHORT_DATES[number]["en" if lang == "en" else "ja"]
    if number in _CURRENCY_IDS:
        return "General"
    return str(getattr(cell, "number_format", None) or "General")


def shown_value(cell: Any, lang: Lang) -> Any:
    """A cell read as words: a number or a date as its number format shows it (5%, 1,234,567,
    2026年12月24日), anything else as :func:`cell_value` reads it."""
    text = shown_number(cell.value, cell_format(cell, lang))
    return cell_value(cell.value) if text is None else text


def shown_number(value: Any, code: str) -> str | None:
    """``value`` (a number, a date or a time) as a cell of number format ``code`` shows it in Excel;
    None when the format is not one read here (the value is then read as it is)."""
    if isinstance(value, bool) or not isinstance(value, int | float | dt.date | dt.time) or len(code) >= _MAX_FORMAT:
        return None
    if isinstance(value, int | float) and not abs(value) <= sys.float_info.max:
        return None  # infinity, NaN (1E999 in the file) or an integer no cell holds
    sections = _sections(code)
    if any(kind == "tag" and text[:1] in "<>=" for section in sections for kind, text in section):
        return None  # a condition: [>=1000]
    from openpyxl.styles.numbers import is_date_format

    if is_date_format(code):
        if isinstance(value, int | float):  # a date by its serial (a Japanese built-in format)
            if not 0 <= value < 2_958_466:  # (1900-01-01 .. 9999-12-31: else Excel shows #####)
                return None
            from openpyxl.utils.datetime import from_excel

            value = from_excel(value)
        return _date_text(value, sections[0])
    if not isinstance(value, int | float):
        return None
    section = sections[0]
    if value < 0 and len(sections) > 1 and sections[1]:
        section, value = sections[1], -value  # the negative section shows the number without its sign
    elif value == 0 and len(sections) > 2 and sections[2]:
        section = sections[2]
    return _number_text(value, section)


def _sections(code: str) -> list[list[Token]]:
    """``code``'s sections (positive; negative; zero; text), each as tokens: ``lit`` a text shown as it
    is, ``tag`` a [...] part, ``ch`` a character that may say how the number shows."""
    sections: list[list[Token]] = [[]]
    for quoted, escaped, pad, _fill, tag, char in (m.groups() for m in _TOKEN.finditer(code)):
        if char == ";":
            sections.append([])
        elif char is not None:
            sections[-1].append(("ch", char))
        elif tag is not None:
            sections[-1].append(("tag", tag))
        elif pad is not None:
            sections[-1].append(("lit", " "))
        elif quoted is not None or escaped is not None:
            sections[-1].append(("lit", quoted if quoted is not None else escaped))
    return sections


def _literal(tokens: list[Token]) -> str:
    return "".join(text if kind != "tag" else _tag_text(text) for kind, text in tokens)


def _tag_text(tag: str) -> str:
    """What a [...] part shows: [$¥-411] a ¥; a color or a locale ([Red], [$-411]) nothing."""
    return tag[1:].split("-")[0] if tag.startswith("$") else ""


def _number_text(value: float, section: list[Token]) -> str | None:
    chars = "".join(text if kind == "ch" else "\0" for kind, text in section)  # a character a token
    if any(c in chars.lower() for c in "e/@") or "general" in chars.lower() or any(k == "tag" and t[:1] in "hms" for k, t in section):
        return None  # scientific, a fraction, text, General, elapsed time
    places = [i for i, c in enumerate(chars) if c in "0#?"]
    if not places:  # a section of words only: "ゼロ" for a zero
        return _literal(section).strip() or None
    start, end = places[0], places[-1] + 1
    if any(c not in "0#?,." for c in chars[start:end]) or chars[start:end].count(".") > 1:
        return None  # digits in two places (000-0000)
    while end < len(chars) and chars[end] in ",.":  # 0, (in thousands), 0. (a point without decimals)
        end += 1
    run = chars[start:end]
    whole, point, decimals = run.rstrip(",").partition(".")
    thousands = len(run) - len(run.rstrip(",")) + len(whole) - len(whole.rstrip(","))  # commas after digits: in thousands
    whole = whole.rstrip(",")
    digits = sum(c in "0#?" for c in decimals)
    if digits > _MAX_DECIMALS:
        return None
    scale = 2 * chars.count("%") - 3 * thousands  # a power of ten: 0% times 100, 0, in thousands
    with localcontext(prec=400):  # every digit of a number up to _LARGEST with _MAX_DECIMALS decimals
        number = Decimal(repr(value)).scaleb(scale)
        if abs(number) > _LARGEST:
            return None  # beyond what Excel shows (1e300 in 60 percent signs)
        rounded = abs(number).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)  # (Excel rounds half up)
    integer, _, fraction = f"{rounded:f}".partition(".")
    fraction = fraction[: max(len(fraction.rstrip("0")), decimals.count("0"))]
    integer = integer.lstrip("0").rjust(whole.count("0"), "0")
    if "," in whole and integer:
        integer = f"{int(integer):,}"
    sign = "-" if number < 0 and rounded else ""
    return (sign + _literal(section[:start]) + integer + point + fraction + _literal(section[end:])).strip()


def _date_parts(section: list[Token]) -> list[tuple[str, str]] | None:
    """A date section as literal texts (``lit``) and runs of one date code (``code``: yyyy, m, dd, ggg...);
    None when it holds what is not read here (month or day names, AM/PM, elapsed time, fractions of a second)."""
    parts: list[tuple[str, str]] = []
    for kind, text in section:
        low = text.lower()
        if kind == "tag" and low[:1] in "hms":
            return None
        if kind == "ch" and low in _DATE_CODES:
            if parts and parts[-1][0] == "code" and parts[-1][1][0] == low:
                parts[-1] = ("code", parts[-1][1] + low)
            else:
                parts.append(("code", low))
        elif kind == "ch" and ((text.isascii() and text.isalpha()) or text in "0#?@"):
            return None
        else:
            parts.append(("lit", text if kind != "tag" else _tag_text(text)))
    return parts


def _date_text(value: dt.date | dt.time, section: list[Token]) -> str | None:
    if isinstance(value, dt.datetime):
        when = value
    elif isinstance(value, dt.date):
        when = dt.datetime.combine(value, dt.time())
    else:
        when = dt.datetime.combine(dt.date(1899, 12, 30), value)
    parts = _date_parts(section)
    if not parts:
        return None
    codes = [text for kind, text in parts if kind == "code"]
    era = next(((name, short, when.year - begin.year + 1) for begin, name, short in _ERAS if when.date() >= begin), None)
    out: list[str] = []
    seen = 0
    for kind, text in parts:
        if kind == "lit":
            out.append(text)
            continue
        before, after = codes[seen - 1] if seen else "", codes[seen + 1] if seen + 1 < len(codes) else ""
        seen += 1
        code, n = text[0], len(text)
        if code == "y":
            out.append(f"{when.year % 100:02d}" if n <= 2 else f"{when.year:04d}")
        elif code == "m" and n <= 2:  # a minute after an hour or before a second, else a month
            out.append(f"{when.minute if before[:1] == 'h' or after[:1] == 's' else when.month:0{n}d}")
        elif code in "dhs" and n <= 2:
            out.append(f"{getattr(when, {'d': 'day', 'h': 'hour', 's': 'second'}[code]):0{n}d}")
        elif code == "a" and n in (3, 4):
            out.append(_WEEKDAYS[when.weekday()] + ("曜日" if n == 4 else ""))
        elif code == "g" and era is not None:
            out.append(era[1] if n == 1 else era[0][: min(n - 1, 2)])
        elif code == "e" and era is not None:
            out.append(f"{era[2]:0{min(n, 2)}d}")
        else:
            return None
    return "".join(out).strip() or None

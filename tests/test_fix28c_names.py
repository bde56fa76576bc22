"""fix28c: names that look the same compare the same (NFC, a selector only where it changes a
character, a ZWJ only inside an emoji or after a virama, a flag's tags only up to its cancel tag,
Hangul fillers in no syllable are blanks), and a ZWNJ that shapes a word is kept as typed."""

from __future__ import annotations

import unicodedata

import pytest

from app.core.errors import ValidationFailed
from app.core.files.visible_text import fold_name, printable_name
from app.core.projects import clean_name

FLAG = "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f"


@pytest.mark.parametrize(("typed", "seen"), [
    (unicodedata.normalize("NFD", "データ"), "データ"),  # as macOS writes it
    ("Cafe\u0301", "Café"),
    ("e\u200b\u0301", "é"),  # a dropped character between a letter and its accent
    ("\uf9dc 計画", "\uf9dc 計画"),  # a CJK compatibility ideograph stays the glyph typed
    ("Plan\ufe0f", "Plan"), ("Plan\ufe0e", "Plan"), ("★\ufe0f", "★"),  # selectors that change nothing
    ("Plan\U000e0100", "Plan"), ("Plan\ufe00", "Plan"),
    ("❤\ufe0f", "❤\ufe0f"), ("☺\ufe0e", "☺\ufe0e"), ("#\ufe0f\u20e3", "#\ufe0f\u20e3"),
    ("葛\U000e0100", "葛\U000e0100"), ("≩\ufe00", "≩\ufe00"),
    ("★\u200d★", "★★"), ("a\u200db", "ab"),  # a ZWJ that joins no emoji
    ("🏳\ufe0f\u200d🌈", "🏳\ufe0f\u200d🌈"), ("🐻\u200d❄\ufe0f", "🐻\u200d❄\ufe0f"),
    ("क्\u200dष", "क्\u200dष"),  # a half form
    (f"{FLAG}\U000e0041 x", f"{FLAG} x"),  # a tag past the cancel tag
    ("🏴\U000e0067\U000e0062 x", "🏴 x"),  # tags never cancelled: no flag
    ("می\u200cخواهم", "می\u200cخواهم"), ("क्\u200cष", "क्\u200cष"),  # a ZWNJ that shapes the word
    ("Plan\u200cA", "PlanA"), ("計\u200c画", "計画"), ("می\u200c ", "می"),
    ("a\u115fb", "a b"), ("\u1160\u115f", ""),  # fillers alone: blanks
    ("\u1100\u1160", "\u1100\u1160"), ("\u115f\u1161\u11a8", "\u115f\u1161\u11a8"),  # fillers in a syllable
])  # fmt: skip
def test_names_are_folded_as_they_are_seen(typed: str, seen: str) -> None:
    assert fold_name(typed) == seen
    assert fold_name(seen) == seen


@pytest.mark.parametrize("blank", ["\u115f", "\u1160", "\u115f\u1160", "\u1160 \u3164"])
def test_a_name_of_hangul_fillers_only_is_no_name(blank: str) -> None:
    with pytest.raises(ValidationFailed):
        clean_name(blank)


def test_printing_keeps_the_joiners_folding_keeps_and_escapes_the_others() -> None:
    assert printable_name("می\u200cخواهم") == "می\u200cخواهم"
    assert printable_name("a\u200cb ★\u200d★") == "a\\u200cb ★\\u200d★"
    assert printable_name(f"{FLAG}\U000e0041") == f"{FLAG}\\U000e0041"

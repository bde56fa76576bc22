"""A check item's cell read as the customer meant it, however the keyboard typed it: an empty box (□)
is no tick, katakana and half-width kana read as hiragana (ナシ, ﾅｼ are なし), the invisible
characters a keyboard adds (✔︎, a zero-width space) are no text, and words in the negative
(個人情報は含まない) are refused as unclear, never ticked (app/hearing/sheet_cells.py)."""

from __future__ import annotations

import pytest

from app.core.errors import ValidationFailed
from app.hearing.sheet_cells import check_answer, visible

ETHICS = "hearing.prereq.ethics"


def read(library, raw: str):
    try:
        return check_answer(library.item(ETHICS), raw, "ja")
    except ValidationFailed:
        return "refused"


@pytest.mark.parametrize(("typed", "text"), [("□", "いいえ"), ("▢", "いいえ"), ("□ 該当しない", "該当しない"), ("ナシ", "ナシ"),
                                             ("ﾅｼ", "ﾅｼ"), ("ナイ", "ナイ"), ("特にナシ", "特にナシ"),
                                             ("問題はなかった", "問題はなかった"), ("\u200bなし\ufeff", "なし")])
def test_a_no_however_typed_is_unticked(library, typed, text) -> None:
    assert read(library, typed) == {"checked": False, "text": text}


@pytest.mark.parametrize(("typed", "text"), [("✔\ufe0e", ""), ("✔\ufe0f", ""), ("☑\ufe0f 偏りあり", "偏りあり"), ("■", ""),
                                             ("アリ", "アリ"), ("はい\u200b", "はい"), ("\u200b性別による偏り", "性別による偏り"),
                                             ("少数派のデータが少ない", "少数派のデータが少ない"),
                                             ("👩\u200d💻 開発者の偏り", "👩\u200d💻 開発者の偏り")])
def test_a_yes_or_a_description_however_typed_is_ticked_without_invisible_characters(library, typed, text) -> None:
    assert read(library, typed) == {"checked": True, "text": text}


@pytest.mark.parametrize("typed", ["個人情報は含まない", "個人情報は含まなかった", "個人情報を含みません", "個人情報を含まず",
                                   "該当するデータはない", "利用していない", "利用シテイナイ", "判断できない", "結果を見ない",
                                   "データは多くない", "検証手段なし"])
def test_words_in_the_negative_are_refused_as_unclear(library, typed) -> None:
    assert read(library, typed) == "refused"


def test_visible_keeps_what_shows() -> None:
    assert visible(" \u200b✔\ufe0e\u200d ") == "✔"
    assert visible("a\u00adb\u2060c") == "abc"


@pytest.mark.parametrize("typed", ["なし、ただし偏りあり", "該当なし。但し一部の店舗は除く", "特になし。しかし要確認", "None, but the labels are skewed"])
def test_a_no_taken_back_in_the_same_breath_is_never_read_as_no(library, typed) -> None:
    """The customer writes なし and then names an issue: refused as unclear (or ticked, the issue
    named), never unticked as if nothing applied."""
    assert read(library, typed) == "refused" or read(library, typed)["checked"]

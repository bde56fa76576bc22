"""Sheet names Excel accepts and a reader can still recognise."""

from __future__ import annotations

from app.core.files.xlsx_style import safe_sheet_title


def test_a_long_title_is_cut_at_a_word_and_marked() -> None:
    taken: set[str] = set()
    assert safe_sheet_title("Connected systems, interfaces, coordination partners", taken) == "Connected systems, interfaces…"
    assert safe_sheet_title("Factors that can lower the model accuracy", taken) == "Factors that can lower the…"
    japanese = safe_sheet_title("連携先システム、インターフェイス、調整先の一覧とその担当者の連絡先の整理", taken)
    assert len(japanese) == 31 and japanese.endswith("…")
    assert all(len(name) <= 31 for name in taken)


def test_forbidden_characters_and_clashes() -> None:
    taken = {"Plan"}
    assert safe_sheet_title("plan", taken) == "plan (2)"  # Excel compares names without case
    assert safe_sheet_title("a/b:c?[d]*", taken) == "a_b_c__d__"
    assert safe_sheet_title("'  '", taken) == "Sheet"

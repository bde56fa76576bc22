"""No English left in the Japanese window, no Japanese in the English one (tests/language_walk.py
walks every page, menu, widget text, tooltip, item view header and cell)."""

from __future__ import annotations

import pytest

from tests.gui_helpers import close_window, make_window
from tests.language_walk import looks_english, looks_japanese, offenders


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_window_speaks_one_language(qtbot, db_path, monkeypatch, lang) -> None:
    monkeypatch.setenv("MLOPS_KICKOFF_LANG", lang)  # the demo project is made in the UI language
    window = make_window(qtbot, db_path, global_lang=lang)
    window.resize(1400, 900)
    try:
        assert offenders(window, lang) == []
    finally:
        close_window(window)


def test_the_check_sees_a_string_in_the_wrong_language() -> None:
    assert looks_english("Import project…") and looks_english("Data platform _CI")
    assert not looks_english("プロジェクトを読み込む…") and not looks_english("s3://bucket/raw/")
    assert not looks_english("MLflow / GitHub") and not looks_english("WBS")
    assert looks_japanese("保存しました") and not looks_japanese("Prepare answers as hypotheses (仮説)")

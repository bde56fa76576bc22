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


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_hearing_sheet_import_preview_speaks_one_language(workspace, tmp_path, qtbot, qapp, lang) -> None:
    """The preview dialog with every kind of line: new, changed, a conflict (its check box), a
    table's cells (in Japanese), a formula's notice, a macro-enabled workbook's notice; on the demo
    project made in the UI language, as a new user's is."""
    import openpyxl

    from app.hearing.answers import AnswerService
    from app.hearing.sheet import COL, export_hearing_sheet
    from app.hearing.sheet_import import read_plan
    from app.projects.demo import create_demo
    from app.ui.hearing.dialogs import ImportPreviewDialog
    from app.ui.translations import install_translations
    from tests.language_walk import dialog_offenders
    from tests.test_bounded_imports import macro_enabled
    from tests.test_hearing_sheet import filled_for_preview, rows_by_id

    demo = create_demo(workspace, lang)
    sheet = export_hearing_sheet(workspace, demo.id, tmp_path / "hearing.xlsx", lang)
    AnswerService(workspace.db, workspace.library).update(demo.id, "hearing.prereq.users_ds", value=5)  # since the export
    wb = openpyxl.load_workbook(sheet if lang == "en" else filled_for_preview(sheet, tmp_path / "filled.xlsx"))
    ws = wb.worksheets[0]
    ws.cell(rows_by_id(ws)["hearing.prereq.users_ds"], COL["answer"]).value = 7  # a conflict
    ws.cell(rows_by_id(ws)["hearing.basics.background"], COL["answer"]).value = "=A1"  # a formula
    wb.save(tmp_path / "filled.xlsx")
    plan = read_plan(workspace, demo.id, macro_enabled(tmp_path / "filled.xlsx", tmp_path / "macros.xlsx"))
    assert plan.conflicts and plan.formulas and plan.macros
    install_translations(qapp, lang)
    try:
        dialog = ImportPreviewDialog(plan, lang)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        assert dialog.notices.isVisibleTo(dialog)
        assert dialog_offenders(dialog, lang) == []
    finally:
        install_translations(qapp, "en")

"""breaker45e: this session's newest fixes (resources add on a person already there, sign-off date range, a sheet of a
namesake project, no baseline hint after an unchanged hearing sheet, the proposal section undo step's language, two
first starts) as a demanding Japanese consultant and a colleague (``--lang ja`` in-process, the Japanese window;
files under /tmp/breaker45e).

Tried and held:
- ``resources add`` on a person already there under another spelling (full-width Ｓａｔｏ　Ｋｅｎ, sato ken, SATO  KEN,
  ｓａｔｏ ｋｅｎ): the one person, named as first typed; only the options given change; --off adds (a range over the
  New Year's holidays and a weekend stored as typed); 2026-02-30, a reversed range, a range past 366 days, more
  than 1,000 days off in all: one Japanese line, nothing changed (guarded below).
- A colleague's People dialog holding typed days off and days a week while the command line adds a day off to the
  same person (another spelling): Save asks the conflict for the days off only, never overwrites, and saves the
  days a week; the dialog then shows the stored days off (guarded below).
- ``baseline sign --date``: 1899-12-31, 2200-01-01, 0001-01-01 refused in one Japanese line, 1900-01-01 and
  2199-12-31 taken, ２０２６－１２－２１ and 2026/12/21 read; 10000-01-01 and 2026-12-21T00:00 "not a date". The
  window's sign dialog date field is bounded to the same years. Every other date option (holidays add,
  resources add --off, export earned-value --date, their ranges crossing 1900 / 2199) refuses the same way.
- A hearing sheet / Excel WBS of another project of the same name (a colleague's database; names =PoC, 2026, TRUE,
  1e3, PoC_x000D_A, ＰｏＣ, 200 characters, &<>"'): 「同じ名前「X」の別のプロジェクト」 for both; a project duplicated and
  the copy renamed back to the original's name: said the same way; a project file imported as a new project
  (「X (2)」): the sheet named by both names; the project deleted and its file imported again: the old sheets read.
- ``import hearing-sheet``: a change prints the ``baseline create`` hint, a conflict only with the app's value kept
  (0 answers) prints none, ``--prefer sheet`` prints it, ``--dry-run`` and an unchanged sheet print none.
- Proposal: a section typed in the Japanese window, the window switched to English and back, the document
  switched to English and the section typed again, the window switched to English, Undo: every step named in the
  window's language (guarded below).
- Two first starts (breaker45d's path): the welcome page's demo button after the other window made the demo opens it.

Noted, not counted: the command line has no way to take a day off back (--off only adds; ``resources remove`` then
``add`` again, or the People dialog's days-off field) and the README does not say how; so a person at the
1,000-day limit cannot be given one more day from the command line. ``resources list`` writes days off one by
one where the dialog writes ranges. The welcome page's demo button on a first start opens the demo the other
window made even when its user archived it meanwhile (an archived project opened). ``resources add --name 佐藤``
for a name the hearing suggests as PM adds 佐藤 with no role (the dialog's suggestion takes the role).

Defects (each a strict xfail first, then fixed):
- The window's hearing-sheet import whose only change is a conflict kept as the app has it (0 answers imported)
  still shows 「合意ベースラインを保存しますか?」, where the command line (this session's fix) gives no hint.
- ``resources add --role DS`` (the help's own example 「例: DS、SWE、PM」) stores "DS", listed as 「DS」 where the WBS
  role is 「データサイエンティスト」 (高橋); ``--role データサイエンティスト`` is stored as that text: the People dialog's
  role list then holds 「データサイエンティスト」 twice, the person on the second one (the dialog's suggestions map a
  role to the catalogue's, app/ui/wbs/resources/people_table.catalog_role; the command line does not).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import copy_database
from tests.test_breaker45a import cli, people


@pytest.fixture
def scratch(tmp_path: Path) -> Path:
    """A folder of this test's own (pytest's: unique per test and worker, where a name cut to 60 characters
    gave two parametrized cases on two workers one folder)."""
    return tmp_path


@pytest.fixture
def db(scratch, demo_template) -> Path:
    """The Japanese demo (project id 1) in a database of the test's own."""
    path = scratch / "mlops-kickoff.sqlite3"
    copy_database(demo_template, path)
    return path


def sheets_with_answers(capsys, db: Path, scratch: Path, *values: str) -> list[Path]:
    """The hearing sheet exported now, and copies of it with 「AVC」 answered ``values`` (one file each)."""
    import openpyxl

    from app.hearing.sheet import COL

    base = scratch / "hs0.xlsx"
    code, _out, err = cli(capsys, db, "export", "hearing-sheet", "--project", "1", "--out", str(base))
    assert code == 0, err
    made = []
    for n, value in enumerate(values, start=1):
        book = openpyxl.load_workbook(base)
        sheet = book.worksheets[0]
        rows = {sheet.cell(row=r, column=1).value: r for r in range(2, sheet.max_row + 1)}
        sheet.cell(row=rows["hearing.basics.accuracy_avc"], column=COL["answer"]).value = value
        book.save(scratch / f"hs{n}.xlsx")
        made.append(scratch / f"hs{n}.xlsx")
    return made


# --- defects ----------------------------------------------------------------------------------------


def test_the_window_offers_no_baseline_after_a_sheet_whose_only_change_was_a_conflict_kept_as_the_app_has_it(
    qtbot, capsys, db, scratch, monkeypatch
) -> None:
    from PySide6.QtWidgets import QDialog, QFrame

    from app.ui import messages
    from tests.gui_helpers import close_window, make_window, settle

    first, second = sheets_with_answers(capsys, db, scratch, "A", "B")
    code, out, err = cli(capsys, db, "import", "hearing-sheet", str(first), "--project", "1", "--yes")
    assert code == 0 and "baseline create" in err, out + err  # a change: the command line says how to freeze it
    code, out, err = cli(capsys, db, "import", "hearing-sheet", str(second), "--project", "1", "--yes")
    assert code == 0 and "競合" in out and "baseline create" not in err, out + err  # only a conflict, app kept: no hint
    window = make_window(qtbot, db, global_lang="ja")
    try:
        window.show_page("hearing")
        page = window.page("hearing")
        said: list[str] = []
        monkeypatch.setattr(messages, "open_file", lambda *a, **k: str(second))
        monkeypatch.setattr(messages, "show_info", lambda _parent, text, *a, **k: said.append(text))
        monkeypatch.setattr(page, "exec_dialog", lambda dialog: QDialog.DialogCode.Accepted)  # the preview: OK, nothing ticked
        offer = page.findChild(QFrame, "baselineOffer")
        page.import_sheet_action.trigger()
        qtbot.waitUntil(lambda: bool(said), timeout=10000)
        settle(window)
        assert "0" in said[0], said  # nothing was imported (the conflict keeps the app's 「A」)
        assert window.state.answers.answer(window.state.project_id, "hearing.basics.accuracy_avc").value == "A"
        # as the command line: no offer to freeze an agreement that did not change
        assert offer.isHidden()
    finally:
        close_window(window)


def open_people(window, qtbot):
    from PySide6.QtWidgets import QApplication, QPushButton

    window.show_page("wbs")
    window.page("wbs").findChild(QPushButton, "wbsPeople").click()
    dialog = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "wbsPeopleDialog" and w.isVisible())
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=3000)
    return dialog


@pytest.mark.parametrize("typed", ["DS", "データサイエンティスト"])
def test_a_role_typed_as_the_help_shows_it_is_the_wbs_role_in_the_list_and_the_people_dialog(qtbot, capsys, db, typed) -> None:
    from tests.gui_helpers import close_window, make_window

    # 「--role 例: DS、SWE、PM」 (the help); the Japanese label is what the list and the dialog show for 高橋
    code, _out, err = cli(capsys, db, "resources", "add", "--project", "1", "--name", "佐藤", "--role", typed)
    assert code == 0, err
    listed = people(capsys, db)
    assert listed["高橋"].split("\t")[1] == "データサイエンティスト"
    assert listed["佐藤"].split("\t")[1] == "データサイエンティスト", listed["佐藤"]
    window = make_window(qtbot, db, global_lang="ja")
    try:
        dialog = open_people(window, qtbot)
        dialog.table.selectRow(dialog.model.row_of("佐藤"))
        texts = [dialog.role.itemText(n) for n in range(dialog.role.count())]
        # one 「データサイエンティスト」 in the role list, and it is 佐藤's (as for 高橋)
        assert texts.count("データサイエンティスト") == 1, texts
        assert dialog.role.currentData() == "ds", (dialog.role.currentText(), dialog.role.currentData())
        dialog.reject()
    finally:
        close_window(window)


# --- held -------------------------------------------------------------------------------------------


def test_a_day_off_added_on_the_command_line_meets_the_colleagues_people_dialog_never_silently(qtbot, capsys, db, monkeypatch) -> None:
    import datetime as dt

    import app.ui.window.conflict_dialog as conflict_dialog
    from app.wbs.resources import people as store
    from tests.conftest import answer_conflict
    from tests.gui_helpers import close_window, make_window

    asked: list[object] = []
    answer = answer_conflict("theirs")
    monkeypatch.setattr(conflict_dialog, "ask_conflict", lambda dialog: asked.append(dialog) or answer(dialog))
    window = make_window(qtbot, db, global_lang="ja")
    try:
        dialog = open_people(window, qtbot)
        dialog.table.selectRow(dialog.model.row_of("田中"))
        dialog.days_off.setText("2027/01/05")  # typed by the colleague, not saved yet
        dialog.days.setValue(4)
        # meanwhile, from the command line, with another spelling of the name (full-width, spaces)
        code, out, err = cli(capsys, db, "resources", "add", "--project", "1", "--name", " 田中 ", "--off", "2026-12-29")
        assert code == 0 and "田中" in out, err
        dialog.save()
        assert len(asked) == 1  # the days off changed on both sides: asked, never overwritten
        tanaka = store.by_name(store.read(window.state.workspace, window.state.project_id))["田中"]
        assert tanaka.days_off == {dt.date(2026, 12, 29)}  # theirs kept
        assert (tanaka.role, tanaka.days_per_week, tanaka.percent) == ("pm", 4, 100)  # the form's other change saved
        assert "2026/12/29" in dialog.days_off.text()
        dialog.reject()
    finally:
        close_window(window)


def test_the_proposal_section_step_follows_two_window_language_switches_and_a_document_language_switch(qtbot, said, tmp_path) -> None:
    import re

    from PySide6.QtGui import QAction
    from PySide6.QtTest import QTest

    from tests.gui_helpers import close_window, make_window, proposal_section, settle

    db = tmp_path / "proposal.sqlite3"
    window = make_window(qtbot, db, global_lang="ja")  # the demo: a Japanese document
    try:
        window.activateWindow()
        page, section_id, field = proposal_section(window, qtbot, 1)
        title = {lang: page.inputs.content.template.section(section_id).title.get(lang) for lang in ("ja", "en")}
        QTest.keyClicks(field, " plus")
        settle(window)
        undo_text = lambda: window.findChild(QAction, "undoAction").text()  # noqa: E731
        assert title["ja"] in undo_text(), undo_text()
        window.set_ui_lang("en")
        settle(window)
        assert title["en"] in undo_text() and not re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", undo_text()), undo_text()
        window.set_ui_lang("ja")
        settle(window)
        assert title["ja"] in undo_text(), undo_text()
        page = window.page("proposal")  # (the pages are made again in the new language)
        page.lang_combo.setCurrentIndex(page.lang_combo.findData("en"))  # the document in English now
        settle(window)
        assert title["ja"] in undo_text(), undo_text()  # the window is still Japanese
        page, section_id, field = proposal_section(window, qtbot, 1)
        QTest.keyClicks(field, " more")
        settle(window)
        assert window.state.undo_stack.count() == 2
        assert title["ja"] in undo_text(), undo_text()
        window.set_ui_lang("en")
        settle(window)
        assert title["en"] in undo_text(), undo_text()
        window.findChild(QAction, "undoAction").trigger()
        settle(window)
        assert title["en"] in undo_text(), undo_text()
        assert said == []
    finally:
        close_window(window)


def test_resources_add_under_another_spelling_changes_only_what_is_given_and_adds_days_off(capsys, db) -> None:
    code, _out, err = cli(capsys, db, "resources", "add", "--project", "1", "--name", "Ｓａｔｏ　Ｋｅｎ", "--role", "pm",
                          "--days-per-week", "3", "--percent", "80", "--off", "2026-12-29")  # fmt: skip
    assert code == 0, err
    for name, extra in (("sato ken", ["--off", "2026-12-31..2027-01-04"]), ("SATO  KEN", ["--percent", "60"]), ("ｓａｔｏ ｋｅｎ", [])):
        code, out, err = cli(capsys, db, "resources", "add", "--project", "1", "--name", name, *extra)
        assert code == 0 and "Ｓａｔｏ Ｋｅｎ" in out, out + err  # the person as first typed, never a second one
    listed = people(capsys, db)
    assert [k for k in listed if "ato" in k.lower() or "ａｔｏ" in k] == ["Ｓａｔｏ Ｋｅｎ"]
    row = listed["Ｓａｔｏ Ｋｅｎ"].split("\t")
    assert row[1:4] == ["PM", "週3日", "稼働率60%"], row
    assert row[4].startswith("2026/12/29、2026/12/31") and row[4].endswith("2027/01/04"), row  # New Year's holidays too
    code, out, err = cli(capsys, db, "resources", "add", "--project", "1", "--name", "Sato Ken", "--off", "2026-02-30")
    assert (code, out) == (2, "") and len(err.splitlines()) == 1 and "2026-02-30" in err, err
    assert people(capsys, db)["Ｓａｔｏ Ｋｅｎ"] == listed["Ｓａｔｏ Ｋｅｎ"]

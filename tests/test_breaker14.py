"""Breaker 14: Japanese throughout, as a demanding Japanese user tries it (each test a finding)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.core.errors import UserError
from app.ui import messages
from app.ui.projects.properties import ProjectPropertiesDialog
from app.ui.translations import install_translations
from tests.gui_helpers import close_window, make_window


@pytest.fixture
def english_afterwards(qapp):
    yield
    install_translations(qapp, "en")  # the translators are the application's: leave none behind


@pytest.fixture
def shown(monkeypatch) -> list[str]:
    """Every text the window shows in a message box."""
    texts: list[str] = []
    monkeypatch.setattr(messages.QMessageBox, "warning", lambda *a, **k: texts.append(a[2]))
    monkeypatch.setattr(messages.QMessageBox, "information", lambda *a, **k: texts.append(a[2]))
    return texts


def set_document_lang(window, qtbot, lang: str) -> None:
    """Project ▸ Properties: choose the document language and press OK."""
    dialog = ProjectPropertiesDialog(window.state, window)
    qtbot.addWidget(dialog)
    dialog.lang.setCurrentIndex(dialog.lang.findData(lang))
    dialog.apply()


def test_proposal_page_export_follows_a_document_language_changed_in_properties(
    qtbot, db_path, monkeypatch, tmp_path: Path, shown, english_afterwards
) -> None:
    window = make_window(qtbot, db_path, global_lang="ja")  # the demo project: Japanese
    try:
        window.show_page("proposal")
        set_document_lang(window, qtbot, "en")
        assert window.state.project.lang == "en" and window.state.export_lang == "en"
        out = tmp_path / "proposal.md"
        monkeypatch.setattr(messages, "save_file", lambda *a, **k: str(out))
        page = window.page("proposal")
        page.export_button.click()
        qtbot.waitUntil(lambda: out.exists() and page.export_button.isEnabled(), timeout=20000)
        assert out.read_text(encoding="utf-8").startswith("# MLOps kickoff proposal")
    finally:
        close_window(window)


JAPANESE = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]")
INTERNAL = re.compile(r"\b[a-z_]+\.[a-z_.]+\b|\b(value|description|customer|task|title|note)\b")


def speaks_japanese(text: str) -> bool:
    """Japanese, with no internal id (hearing.basics.background) and no English field name in it."""
    return bool(JAPANESE.search(text)) and not INTERNAL.search(text)


def test_an_over_long_answer_is_refused_naming_the_item_by_its_label(demo, workspace) -> None:
    from app.hearing import AnswerService
    from app.ui.error_text import user_text

    with pytest.raises(UserError) as refused:
        AnswerService(workspace.db, workspace.library).update(demo.id, "hearing.basics.background", value="あ" * 200_000)
    text = user_text(refused.value, "ja", workspace.library)
    assert "背景・課題" in text and speaks_japanese(text), text


def test_an_over_long_project_description_is_refused_in_japanese(qtbot, db_path, shown, english_afterwards) -> None:
    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        dialog = ProjectPropertiesDialog(window.state, window)  # the window's child: closed with it
        dialog.description.setPlainText("あ" * 200_000)
        dialog.apply()
        assert len(shown) == 1 and speaks_japanese(shown[0]), shown
    finally:
        close_window(window)


# --- WBS (its messages are being converted by another helper: these findings are marked WBS) ----


def _wbs_cell(model, number: str, key: str):
    """The index of task ``number`` (e.g. 1.4) in column ``key`` of the WBS table."""
    from PySide6.QtCore import QModelIndex

    from app.ui.wbs.columns import COLUMNS

    keys = [c.key for c in COLUMNS]
    stack = [QModelIndex()]
    while stack:
        parent = stack.pop()
        for row in range(model.rowCount(parent)):
            first = model.index(row, 0, parent)
            if model.task(first) is not None and str(model.data(first)).split()[0] == number:
                return model.index(row, keys.index(key), parent)
            stack.append(first)
    raise AssertionError(f"no task {number}")


@pytest.fixture
def japanese_wbs(qtbot, db_path, shown, english_afterwards):
    window = make_window(qtbot, db_path, global_lang="ja")  # the Japanese demo project
    window.show_page("wbs")
    yield window, window.page("wbs").model
    close_window(window)


@pytest.mark.parametrize(
    ("number", "key", "typed"),
    [
        ("1.4", "predecessors", "99.9"),  # no such task
        ("1.3", "predecessors", "1.4"),  # a cycle
        ("1.4", "predecessors", "1.4"),  # itself
        ("1.4", "predecessors", "abc"),  # not a code
        ("1.4", "estimate_days", "many"),
        ("1.4", "start", "2026/02/30"),
        ("1.4", "owner_name", "x" * 100_001),
    ],
)
def test_wbs_cell_refusals_speak_japanese(japanese_wbs, shown, number, key, typed) -> None:
    _window, model = japanese_wbs
    assert model.setData(_wbs_cell(model, number, key), typed) is False
    assert len(shown) == 1 and speaks_japanese(shown[0]), shown


@pytest.mark.parametrize(("key", "typed", "stored"), [("estimate_days", "１．５", "1.5"), ("predecessors", "１．２", "1.2")])
def test_wbs_accepts_full_width_numbers(japanese_wbs, shown, key, typed, stored) -> None:
    _window, model = japanese_wbs
    cell = _wbs_cell(model, "1.4", key)
    assert model.setData(cell, typed), shown
    assert model.data(cell) == stored


def test_wbs_accepts_a_japanese_written_date(japanese_wbs, shown) -> None:
    from PySide6.QtGui import QValidator

    from app.ui.wbs.delegates import DateEditor

    _window, model = japanese_wbs
    editor = DateEditor()
    try:
        assert editor.validator().validate("2026年12月21日", 0) == QValidator.State.Acceptable
    finally:
        editor.deleteLater()
    cell = _wbs_cell(model, "1.4", "start")
    assert model.setData(cell, "2026年12月21日"), shown
    assert model.data(cell) == "2026/12/21"  # stored as the date, shown as a Japanese window writes it


# --- errors of the Exports page -------------------------------------------------------------


def _without_paths(text: str, *paths: Path) -> str:
    for path in paths:
        text = text.replace(str(path), "").replace(path.name, "")
    return text


def test_wrong_suffix_on_the_exports_page_names_the_document_by_its_label(
    qtbot, db_path, monkeypatch, tmp_path: Path, shown, english_afterwards
) -> None:
    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        out = tmp_path / "提案.docx"
        monkeypatch.setattr(messages, "save_file", lambda *a, **k: str(out))
        window.show_page("exports")
        window.page("exports").kind_buttons["proposal"].click()
        qtbot.waitUntil(lambda: bool(shown), timeout=10000)
        assert "proposal" not in _without_paths(shown[0], out) and "導入提案" in shown[0], shown
    finally:
        close_window(window)


def test_an_export_that_cannot_be_written_says_why_in_japanese(
    qtbot, db_path, monkeypatch, tmp_path: Path, shown, english_afterwards
) -> None:
    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        blocker = tmp_path / "afile"  # a file where the folder should be (root ignores a read-only folder's mode)
        blocker.write_text("x", encoding="utf-8")
        out = blocker / "proposal.md"
        monkeypatch.setattr(messages, "save_file", lambda *a, **k: str(out))
        window.show_page("exports")
        window.page("exports").kind_buttons["proposal"].click()
        qtbot.waitUntil(lambda: bool(shown), timeout=15000)
        rest = _without_paths(shown[0], out, blocker)
        assert JAPANESE.search(rest) and not re.search(r"[A-Za-z]{2,}", rest), shown
    finally:
        close_window(window)


def test_a_foreign_workbook_on_the_wbs_page_is_refused_in_japanese(
    qtbot, db_path, monkeypatch, tmp_path: Path, shown, english_afterwards
) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    book.active["A1"] = "hello"
    foreign = tmp_path / "foreign.xlsx"
    book.save(foreign)
    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        monkeypatch.setattr(messages, "open_file", lambda *a, **k: str(foreign))
        window.show_page("wbs")
        window.page("wbs").import_excel()
        qtbot.waitUntil(lambda: bool(shown), timeout=15000)
        rest = re.sub(r"MLOps Kickoff|WBS|Excel|xlsx", "", _without_paths(shown[0], foreign))  # product names stay
        assert JAPANESE.search(rest) and not re.search(r"[A-Za-z]{2,}", rest), shown
    finally:
        close_window(window)


# --- the CLI --------------------------------------------------------------------------------


@pytest.fixture
def japanese_cli(db_path: Path, capsys, monkeypatch):
    from app.main import main

    monkeypatch.setenv("MLOPS_KICKOFF_LANG", "ja")

    def run(*argv: str) -> tuple[int, str, str]:
        try:
            code = main(["--db", str(db_path), *argv])
        except SystemExit as exit_:  # argparse exits by itself
            code = exit_.code
        out = capsys.readouterr()
        return code, out.out, out.err

    return run


@pytest.mark.parametrize(
    "argv",
    [
        ("export", "proposal", "--out", "p.md"),  # --project missing
        ("export", "proposal", "--project", "1", "--out", "p.md", "--lang", "fr"),
        ("export", "nosuch"),
        ("projects",),  # no action
    ],
)
def test_cli_usage_mistakes_are_one_japanese_line(japanese_cli, argv) -> None:
    code, _out, err = japanese_cli(*argv)
    lines = err.strip().splitlines()
    assert code == 2 and len(lines) == 1, err
    assert JAPANESE.search(lines[0]) and not re.search(r"\b(error|the following|invalid choice|required|argument)\b", lines[0]), err


def test_cli_error_prefix_is_japanese(japanese_cli) -> None:
    code, _out, err = japanese_cli("project", "new", "")
    assert code == 2 and "プロジェクトには名前が必要です" in err
    assert "error:" not in err, err


def test_cli_unwritable_output_says_why_in_japanese(japanese_cli, tmp_path: Path) -> None:
    assert japanese_cli("project", "new", "テスト")[0] == 0
    blocker = tmp_path / "afile"
    blocker.write_text("x", encoding="utf-8")
    code, _out, err = japanese_cli("export", "proposal", "--project", "テスト", "--out", str(blocker / "p.md"))
    rest = _without_paths(err, blocker / "p.md", blocker).replace("mlops-kickoff", "").replace("error:", "")  # (the file named)
    assert code == 2 and not re.search(r"[A-Za-z]{2,}", rest), err


def test_cli_success_lines_are_japanese(japanese_cli, tmp_path: Path) -> None:
    assert japanese_cli("project", "new", "テスト")[0] == 0
    out_file = tmp_path / "p.md"
    code, out, _err = japanese_cli("export", "proposal", "--project", "テスト", "--out", str(out_file))
    assert code == 0 and out_file.exists()
    assert not re.search(r"[A-Za-z]{2,}", _without_paths(out, out_file)), out


# --- numbers in the environment pages -------------------------------------------------------


def test_environment_number_field_accepts_full_width_digits(qtbot, db_path, english_afterwards) -> None:
    from PySide6.QtGui import QValidator

    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        window.show_page("data-ci")
        editor = window.page("data-ci").form.editors["deletion_days"]
        state = editor.validate("４５", 2)
        assert (state[0] if isinstance(state, tuple) else state) == QValidator.State.Acceptable
        assert editor.valueFromText("４５") == 45
    finally:
        close_window(window)


# --- switching the language live ------------------------------------------------------------


def test_the_hearing_item_being_answered_stays_selected_across_a_language_switch(qtbot, db_path, english_afterwards) -> None:
    from tests.test_languages import choose_in_settings

    window = make_window(qtbot, db_path)
    try:
        window.show_page("hearing")
        page = window.page("hearing")
        item = "hearing.basics.accuracy_avc"
        assert page.select_item(item)
        qtbot.waitUntil(lambda: page.editor.item_id == item)
        page.editor.editors["value"].edit.insertPlainText("AVC は次回")
        choose_in_settings(window, "ja")
        assert "AVC は次回" in str(window.state.answers.answer(window.state.project_id, item).value)
        assert window.page("hearing").editor.item_id == item
    finally:
        close_window(window)


# --- dates as Japanese writes them ----------------------------------------------------------

JA_DATE = re.compile(r"\d{4}/\d{2}/\d{2}")


@pytest.mark.parametrize("where", ["hearing", "properties", "projects", "wbs"])
def test_the_japanese_window_shows_dates_as_2026_12_21(qtbot, db_path, english_afterwards, where) -> None:
    from PySide6.QtWidgets import QTableView, QTreeView

    from app.ui.projects.dialog import ProjectsDialog

    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        if where == "hearing":
            window.show_page("hearing")
            page = window.page("hearing")
            assert page.select_item("hearing.basics.poc_start")
            qtbot.waitUntil(lambda: page.editor.item_id == "hearing.basics.poc_start")
            text = page.editor.editors["value"].edit.text()
            history = page.editor.history_model
            when = " ".join(str(history.index(r, 0).data()) for r in range(history.rowCount()))
            assert re.search(r"\d{2}/\d{2} \d{2}:\d{2}", when) and not re.search(r"\d{2}-\d{2} ", when), when
        elif where == "wbs":  # the start and finish of every task, the date a condition was agreed
            from app.ui.wbs.columns import INDEX

            window.show_page("wbs")
            model = window.page("wbs").model
            starts = [model.index(r, INDEX["start"]).data() for r in range(model.rowCount())]
            text = " ".join(str(s) for s in starts if s)
            assert text and not re.search(r"\d{4}-\d{2}-\d{2}", text), text
        elif where == "properties":
            dialog = ProjectPropertiesDialog(window.state, window)  # the window's child: closed with it
            text = dialog.start.text()
        else:
            dialog = ProjectsDialog(window.state, window)  # the window's child: closed with it
            view = (dialog.findChildren(QTableView) + dialog.findChildren(QTreeView))[0]
            text = " ".join(str(view.model().data(view.model().index(0, c))) for c in range(view.model().columnCount()))
        assert JA_DATE.search(text), text
    finally:
        close_window(window)


@pytest.mark.parametrize(("kind", "name"), [("minutes", "m.md"), ("proposal", "p.md"), ("system-plan", "s.md"), ("followups", "f.md")])
def test_a_japanese_document_writes_every_date_as_2026_12_21(demo, japanese_cli, tmp_path: Path, kind, name) -> None:
    out = tmp_path / name
    assert japanese_cli("export", kind, "--project", str(demo.id), "--out", str(out), "--lang", "ja")[0] == 0
    iso = re.findall(r"(?<!\d)\d{4}-\d{2}-\d{2}(?!\d)", out.read_text(encoding="utf-8"))
    assert not iso, iso[:5]


def test_undo_and_redo_texts_follow_the_language_switch(qtbot, db_path, english_afterwards) -> None:
    from tests.test_languages import choose_in_settings

    window = make_window(qtbot, db_path)  # English
    try:
        window.show_page("hearing")
        page = window.page("hearing")
        item = "hearing.basics.accuracy_avc"
        assert page.select_item(item)
        qtbot.waitUntil(lambda: page.editor.item_id == item)
        page.editor.editors["value"].edit.insertPlainText("Recall")
        page.editor.flush()
        assert window.undo_action.text().startswith("&Undo Edit")
        choose_in_settings(window, "ja")
        undo_text = window.undo_action.text()
        window.undo_action.trigger()
        redo_text = window.redo_action.text()
        for text in (undo_text, redo_text):
            rest = text.replace("(&U)", "").replace("(&R)", "")
            assert "Edit" not in rest and "accuracy value curve" not in rest, text
    finally:
        close_window(window)


@pytest.mark.parametrize("where", ["environment", "system-planning", "wbs"])
def test_undo_texts_of_other_pages_follow_the_language_switch(qtbot, db_path, english_afterwards, where) -> None:
    """Not only the hearing's: a step made in English reads in Japanese after the switch."""
    from tests.test_languages import choose_in_settings

    window = make_window(qtbot, db_path)  # English
    try:
        if where == "environment":
            window.show_page("experiment")
            from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit

            form = window.page("experiment").form
            _field, editor = next((f, e) for f, e in form.editors.items() if isinstance(e, QLineEdit | QCheckBox | QComboBox))
            if isinstance(editor, QCheckBox):
                editor.click()
            elif isinstance(editor, QComboBox):
                editor.setCurrentIndex((editor.currentIndex() + 1) % max(editor.count(), 1))
                editor.activated.emit(editor.currentIndex())
            else:
                editor.setText("x-" + editor.text())
                editor.editingFinished.emit()
        elif where == "wbs":
            window.show_page("wbs")
            page = window.page("wbs")
            page.tree.setCurrentIndex(page.proxy.index(0, 0))
            page.add_task()
        else:
            window.show_page("system-planning")
            window.page("system-planning").choose_prices(price_kind="spot")
        english = window.undo_action.text()
        assert english.startswith("&Undo "), english
        choose_in_settings(window, "ja")
        japanese = window.undo_action.text()
        assert japanese != english and not any(w in japanese for w in ("Change", "Price", "Add")), japanese
    finally:
        close_window(window)


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_menu_mnemonics_are_unique_within_each_menu(qtbot, db_path, english_afterwards, lang) -> None:
    window = make_window(qtbot, db_path, global_lang=lang)
    try:
        for top in window.menuBar().actions():
            keys = [m.group(1).lower() for a in top.menu().actions() if (m := re.search(r"&(\w)", a.text()))]
            assert len(keys) == len(set(keys)), (top.text(), [a.text() for a in top.menu().actions()])
    finally:
        close_window(window)


def test_exports_page_shows_the_document_language_changed_in_properties(qtbot, db_path, english_afterwards) -> None:
    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        window.show_page("exports")
        set_document_lang(window, qtbot, "en")
        assert window.state.export_lang == "en"
        assert window.page("exports").lang_combo.currentData() == "en"
    finally:
        close_window(window)


def test_proposal_page_language_box_follows_properties(qtbot, db_path, english_afterwards) -> None:
    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        window.show_page("proposal")
        set_document_lang(window, qtbot, "en")
        window.show_page("exports")
        window.show_page("proposal")
        assert window.page("proposal").lang_combo.currentData() == "en"
    finally:
        close_window(window)


def test_the_language_after_a_command_is_the_documents_the_one_before_it_the_users(
    db_path, capsys, monkeypatch, tmp_path: Path
) -> None:
    """By design (a Japanese engineer may write an English document, and the other way round): on an
    English system, ``export ... --lang ja`` writes Japanese but speaks English; ``--lang ja`` before
    the command makes the messages Japanese."""
    from app.main import main

    monkeypatch.delenv("MLOPS_KICKOFF_LANG", raising=False)
    monkeypatch.setenv("LANG", "C")
    monkeypatch.setenv("LC_ALL", "C")
    assert main(["--db", str(db_path), "project", "new", "Alpha"]) == 0
    capsys.readouterr()
    bad = str(tmp_path / "p.docx")
    assert main(["--db", str(db_path), "export", "proposal", "--project", "Alpha", "--out", bad, "--lang", "ja"]) == 2
    err = capsys.readouterr().err
    assert not JAPANESE.search(err.replace("p.docx", "")) and "“p.docx”" in err, err
    assert main(["--db", str(db_path), "--lang", "ja", "export", "proposal", "--project", "Alpha", "--out", bad]) == 2
    assert JAPANESE.search(capsys.readouterr().err)
    good = tmp_path / "p.md"
    assert main(["--db", str(db_path), "export", "proposal", "--project", "Alpha", "--out", str(good), "--lang", "ja"]) == 0
    assert JAPANESE.search(good.read_text(encoding="utf-8"))

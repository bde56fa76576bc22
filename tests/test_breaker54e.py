"""Break-it 54e: the fixes of the last two hours (date boxes, WBS date cells, name folding, settings not written,
drafts file bound, edits waiting on a busy database) as a demanding Japanese user drives them."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QDateEdit, QLineEdit, QPushButton

from tests.gui_helpers import close_window, make_window


@pytest.fixture
def ja_window(qtbot, db_path, monkeypatch):
    from app.ui import messages

    monkeypatch.setenv("MLOPS_KICKOFF_LANG", "ja")
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    window = make_window(qtbot, db_path, global_lang="ja")
    yield window
    close_window(window)


def commit(editor, text: str) -> None:
    """What a Japanese input method sends when the user confirms a converted piece of text (or a paste)."""
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(editor, event)


def holidays_tab(window, qtbot):
    from app.ui.window.holidays_tab import HolidaysTab

    tab = HolidaysTab(window.state)
    qtbot.addWidget(tab)
    tab.show()
    qtbot.waitExposed(tab)
    return tab


# --- the date boxes ---------------------------------------------------------------------------------------------


def test_full_width_whole_date_pasted_in_the_holiday_box_is_added(ja_window, qtbot) -> None:
    from app.wbs import company_calendar as cc

    tab = holidays_tab(ja_window, qtbot)
    box = tab.findChild(QDateEdit, "holidayDate")
    box.setDate(dt.date(2026, 12, 5))
    box.setFocus()
    box.lineEdit().selectAll()
    commit(box.lineEdit(), "２０２６年１２月３０日")
    tab.findChild(QLineEdit, "holidayName").setText("年末")
    qtbot.mouseClick(tab.findChild(QPushButton, "addHoliday"), Qt.MouseButton.LeftButton)
    assert cc.holidays(ja_window.state.workspace.db) == {dt.date(2026, 12, 30): "年末"}


def paste_into(box, text: str) -> None:
    box.setFocus()
    box.lineEdit().selectAll()
    commit(box.lineEdit(), text)


def add_holiday(window, qtbot, pasted: str):
    """The holiday row's date box holding 2026/12/05; ``pasted`` over its whole text, a name typed, Add clicked:
    (the holidays stored, the box's text, the tab)."""
    from app.wbs import company_calendar as cc

    tab = holidays_tab(window, qtbot)
    box = tab.findChild(QDateEdit, "holidayDate")
    box.setDate(dt.date(2026, 12, 5))
    paste_into(box, pasted)
    tab.findChild(QLineEdit, "holidayName").setText("休み")
    qtbot.mouseClick(tab.findChild(QPushButton, "addHoliday"), Qt.MouseButton.LeftButton)
    return cc.holidays(window.state.workspace.db), box.text(), tab


@pytest.mark.parametrize(
    "pasted", ["令和元年5月1日", "H31.4.30", "　2026/12/30　", "2026-12-30 (Wed)", "2026年12月30日（水）"]
)
def test_a_whole_date_pasted_in_the_holiday_box_adds_that_day(ja_window, qtbot, pasted) -> None:
    from app.core.i18n import parse_date

    stored, _text, _tab = add_holiday(ja_window, qtbot, pasted)
    assert stored == {parse_date(pasted): "休み"}


def test_a_date_without_leading_zeros_pasted_in_the_holiday_box_adds_that_day(ja_window, qtbot) -> None:
    stored, _text, _tab = add_holiday(ja_window, qtbot, "2026/1/5")
    assert stored in ({dt.date(2026, 1, 5): "休み"}, {})


@pytest.mark.parametrize("pasted", ["1899/12/31", "2200/01/01"])
def test_a_date_out_of_range_pasted_in_the_holiday_box_is_not_silently_another_day(
    ja_window, qtbot, pasted
) -> None:
    stored, _text, _tab = add_holiday(ja_window, qtbot, pasted)
    assert dt.date(2026, 12, 5) not in stored


def test_a_date_with_the_wrong_weekday_pasted_in_the_holiday_box_is_not_silently_another_day(
    ja_window, qtbot
) -> None:
    stored, _text, _tab = add_holiday(ja_window, qtbot, "2026/12/24(月)")
    assert dt.date(2026, 12, 5) not in stored


def test_an_impossible_date_pasted_in_the_holiday_box_is_not_silently_another_day(ja_window, qtbot) -> None:
    stored, _text, _tab = add_holiday(ja_window, qtbot, "2026/02/30")
    assert stored == {}


def properties_with_start(window, qtbot, pasted: str):
    from PySide6.QtWidgets import QCheckBox

    from app.ui.projects.properties import ProjectPropertiesDialog

    dialog = ProjectPropertiesDialog(window.state, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.findChild(QCheckBox, "projectStartSet").setChecked(True)
    box = dialog.findChild(QDateEdit, "projectStartEdit")
    box.setDate(dt.date(2026, 12, 5))
    paste_into(box, pasted)
    dialog.apply()


def test_a_date_without_leading_zeros_pasted_as_project_start_is_that_day(ja_window, qtbot) -> None:
    from app.core.projects import ProjectService

    properties_with_start(ja_window, qtbot, "2026/1/5")
    start = ProjectService(ja_window.state.workspace.db).get(ja_window.state.project_id).start_date
    assert start != dt.date(2026, 12, 5)


# --- names compared as people see them ---------------------------------------------------------------------------


def cli(db_path, capsys, *argv: str, lang: str = "ja") -> tuple[int, str, str]:
    from app.cli.main import main

    code = main(["--db", str(db_path), "--lang", lang, *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_two_latin_names_that_differ_by_a_space_are_two_people(demo, db_path, capsys) -> None:
    from app.wbs.resources import people as store

    pid = str(demo.id)
    assert (
        cli(
            db_path,
            capsys,
            "resources",
            "add",
            "--project",
            pid,
            "--name",
            "Jo Ann Kim",
            "--role",
            "PM",
            lang="en",
        )[0]
        == 0
    )
    assert (
        cli(
            db_path,
            capsys,
            "resources",
            "add",
            "--project",
            pid,
            "--name",
            "Joann Kim",
            "--role",
            "Engineer",
            lang="en",
        )[0]
        == 0
    )
    from app.core.workspace import Workspace

    ws = Workspace.open(str(db_path), None)
    try:
        found = {p.name: p.role for p in store.read(ws, demo.id)}
    finally:
        ws.close()
    assert str(found.get("Jo Ann Kim")).casefold() == "pm" and str(found.get("Joann Kim")).casefold() == "engineer", found


def test_a_name_stored_twice_before_they_were_one_person_removes_the_one_named(demo, db_path, capsys) -> None:
    from app.core.documents import DocumentService
    from app.core.workspace import Workspace
    from app.wbs.resources import people as store

    ws = Workspace.open(str(db_path), None)
    try:
        DocumentService(ws.db).put(
            demo.id,
            store.KIND,
            {
                "people": {
                    "山田太郎": {"role": "PM", "days_per_week": 5, "percent": 100, "off": []},
                    "山田 太郎": {"role": "Dev", "days_per_week": 2, "percent": 50, "off": []},
                }
            },
        )
    finally:
        ws.close()
    code, _out, err = cli(
        db_path, capsys, "resources", "remove", "--project", str(demo.id), "--name", "山田 太郎"
    )
    assert code == 0 and "Traceback" not in err, err
    ws = Workspace.open(str(db_path), None)
    try:
        left = {p.name: p.role for p in store.read(ws, demo.id)}
    finally:
        ws.close()
    assert left == {"山田太郎": "PM"}


# --- a settings file that cannot be written ----------------------------------------------------------------------


@pytest.fixture
def blocked_settings(tmp_path, monkeypatch):
    """The settings file in a folder that cannot be made (a file is where the folder should be): (path, unblock)."""
    from app.ui import settings

    blocker = tmp_path / "blocked"
    blocker.write_text("")
    path = blocker / "settings.ini"
    monkeypatch.setenv("MLOPS_KICKOFF_SETTINGS", str(path))
    monkeypatch.setattr(settings, "_kept", {})
    monkeypatch.setattr(settings, "_not_written", "")

    def unblock() -> None:
        blocker.unlink()
        blocker.mkdir()

    return path, unblock


def test_a_setting_not_written_is_kept_for_the_run_and_said_once(blocked_settings) -> None:
    from app.ui import settings

    settings.set_author_name("山田 太郎")
    assert settings.author_name() == "山田 太郎"
    assert settings.not_written() != ""
    assert settings.not_written() == ""


def test_a_setting_kept_while_unwritable_is_written_once_the_file_can_be(blocked_settings) -> None:
    from PySide6.QtCore import QSettings

    from app.ui import settings

    path, unblock = blocked_settings
    settings.set_author_name("山田 太郎")
    unblock()
    settings.remember_project(3)  # a later write, the file writable again
    assert QSettings(str(path), QSettings.Format.IniFormat).value("user/author") == "山田 太郎"


def test_a_settings_save_written_fine_is_not_said_unwritten_for_an_earlier_failure(blocked_settings) -> None:
    from app.ui import settings

    _path, unblock = blocked_settings
    settings.remember_project(3)  # opening a project while the file cannot be written (nothing said there)
    unblock()
    settings.set_author_name("山田 太郎")  # the Settings dialog's save, now written
    assert settings.not_written() == ""


# --- the drafts file's bound --------------------------------------------------------------------------------------

BACKGROUND = "hearing.basics.background"


def _paste_plain(field, text: str) -> None:
    field.selectAll()
    QApplication.clipboard().setText(text)
    field.paste()


def test_huge_pastes_shortened_again_are_written_to_disk_and_the_message_goes(
    qtbot, db_path, said, monkeypatch
) -> None:
    from app.hearing import drafts_file
    from app.ui import messages
    from app.ui.hearing.drafts import drafts_of
    from tests.gui_helpers import open_hearing_item, settle

    monkeypatch.setattr(drafts_file, "MAX_FILE_BYTES", 1024 * 1024)
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    window = make_window(qtbot, db_path, global_lang="ja")
    editor = open_hearing_item(window, qtbot, BACKGROUND)
    _paste_plain(editor.editors["value"].edit, "背景" * 100_000)
    _paste_plain(editor.note, "メモ" * 100_000)
    editor.flush()
    settle(window)
    assert "大きすぎて" in drafts_of(window.state).unkept()
    _paste_plain(
        editor.editors["value"].edit, "背景" * 100_000
    )  # the answer still too long for the save: a draft
    _paste_plain(editor.note, "短いメモ")
    editor.flush()
    settle(window)
    qtbot.waitUntil(lambda: drafts_of(window.state).unkept() == "", timeout=10000)
    close_window(window)
    window = make_window(qtbot, db_path, global_lang="ja")
    settle(window)
    back = drafts_of(window.state).get(window.state.project_id, BACKGROUND)
    assert back is not None and len(back.fields.get("value", "")) == 200_000
    answer = window.state.answers.answer(window.state.project_id, BACKGROUND)
    assert "短いメモ" in (back.fields.get("note"), answer.note), (back.fields.keys(), answer.note)
    assert not [s for s in said if "読み込めませんでした" in s], said
    close_window(window)


def test_a_refused_date_stays_refused_through_the_event_loop_and_a_second_add(ja_window, qtbot) -> None:
    """Found walking it as a user (the event loop running between the steps, as it does by hand): the paste of
    2026/02/30 was refused at Add, the focus put back into the box let Qt write its own date over the text, and a
    second Add added 2026/12/05, a day nobody typed (with Qt's default correction, first made 2026/02/28). Now
    the text stays as typed, every Add refuses it, and a date typed over it is taken."""
    from app.wbs import company_calendar as cc
    from tests.gui_helpers import settle

    tab = holidays_tab(ja_window, qtbot)
    box = tab.findChild(QDateEdit, "holidayDate")
    box.setDate(dt.date(2026, 12, 5))
    settle(ja_window)
    qtbot.mouseClick(box.lineEdit(), Qt.MouseButton.LeftButton)
    box.lineEdit().selectAll()
    commit(box.lineEdit(), "2026/02/30")
    settle(ja_window)
    name = tab.findChild(QLineEdit, "holidayName")
    qtbot.mouseClick(name, Qt.MouseButton.LeftButton)
    commit(name, "年末")
    settle(ja_window)
    for _ in range(2):
        qtbot.mouseClick(tab.findChild(QPushButton, "addHoliday"), Qt.MouseButton.LeftButton)
        settle(ja_window)
        qtbot.wait(50)
        assert cc.holidays(ja_window.state.workspace.db) == {}
        assert box.text() == "2026/02/30" and "日付ではありません" in tab.message.text()
    box.lineEdit().selectAll()
    commit(box.lineEdit(), "2026/12/30")
    settle(ja_window)
    qtbot.mouseClick(tab.findChild(QPushButton, "addHoliday"), Qt.MouseButton.LeftButton)
    settle(ja_window)
    assert cc.holidays(ja_window.state.workspace.db) == {dt.date(2026, 12, 30): "年末"}

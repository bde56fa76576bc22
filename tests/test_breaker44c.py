"""breaker44c: the WBS page's People dialog (要員) and Load tab (負荷, in hours), the System planning page's instance
catalogue dialog, an export while a 1,000-row system plan is worked out on a worker, Settings (language, company
holidays and their .ics import) and Project Properties, as a demanding Japanese MLOps consultant (window A, 山田) and
a colleague (window B, 佐藤) on one database (tests/gui_helpers.two_windows, both windows in Japanese); B as a real
second process where the app keeps state per process (the instance catalogue). Scratch files in each test's tmp_path.

Tried and held:
- People…: A types days off for 高橋 (key events) while B sets 高橋's share of a day to 50 %: A's Save keeps both;
  Ctrl+Z / Ctrl+Y in the dialog take back / bring back only A's days off (B's 50 % stays); B renames 高橋 to
  「高橋 一郎」: A's form follows the new name, A's change saved under it; A's Ctrl+Z after B changed the same
  person since: refused, said 「元に戻す: 「要員」は、その後に別のウィンドウまたはプロセスで変更されました…」, B's value
  kept. The Load tab in hours follows B's change (「4 h」「12 h」, the header 「W48 / 2026/11/23」, tooltips in
  Japanese: 「作業: 0.5人日(4時間)/稼働可能 3人日」, 「2026/12/01: 1日に2人日の作業」).
- Project Properties in both windows: B saves another name, English and a customer; A's OK asks about the name
  only (the same document language is no clash), A's Ctrl+Z brings B's name back, B's Ctrl+Z the demo's.
- System plan of 1,000 process rows (formula-like notes) being worked out on a worker: Documents ▸ Excel and the
  Exports page's Markdown at once: both written (1,000 rows in 処理フロー), reported in Japanese.
- Settings: a holiday typed and not added, the window switched to English, OK: the day is added (one undo step,
  its text in English); B renames the day, A's Undo: refused and said, B's name kept. Company holidays .ics: a
  UTF-8 BOM file is imported; Shift_JIS, UTF-16, a PNG, an empty file, a 1.1 MB file, an event without a date
  and an unknown RRULE are refused in one Japanese line, nothing changed; a yearly rule adds six years.

Noted, not counted: a Shift_JIS .ics is refused as 「…はiCalendar(.ics)ファイルではありません」 (it is one, in another
encoding); an RRULE:FREQ=HOURLY all-day event is cut at 3,001 occurrences (131 days) without a word; renaming a
person in People… leaves the tasks' owner 「高橋」, so their load disappears from the Load tab (by design: owner =
name); a week loaded 100.4 % is shown 「100 %」 in red.
Not tried (time-box): a process killed with the People dialog open; the Help window.

Defects (strict xfails, each asserting what the user should get):
- the instance catalogue saved in window A (a process started before colleague B saved their own catalogue with
  a machine type 「sato-gpu」 in the same data folder): A's dialog shows 「同梱のカタログ」 (the shipped one A read
  at its start) and A's Save silently writes it over B's file: 「sato-gpu」 is gone, nothing asked (the dialog takes
  the file's state when it opens, not when the catalogue it shows was read; app/ui/system_planning/page.py
  edit_catalogue, app/system_planning/instance_catalogue.py);
- Settings ▸ Company holidays ▸ Import .ics… of a calendar with an all-day event repeating every second
  (RRULE:FREQ=SECONDLY): the window hangs (dateutil's between() lists every occurrence up to five years ahead on
  the UI thread before the 3,000-day cut; FREQ=MINUTELY takes 14.6 s here) instead of refusing or finishing
  (app/wbs/company_calendar.py _occurrences).
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import textwrap
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QDate, Qt

from app.core.content.loader import reset_default_library
from app.ui import messages
from app.ui.operations import run_op
from app.wbs import company_calendar as cc
from app.wbs.resources import people as store
from tests.gui_helpers import close_window, make_window, settle, two_windows

REPO = Path(__file__).resolve().parent.parent
PROCESSES = "system_planning.process_flow.processes"
REFUSED = "元に戻す: 「高橋 一郎」は、その後に別のウィンドウまたはプロセスで変更されました"  # the person, not 「要員」 (break-it 52b)


def seen(window) -> None:
    """The window notices what the other committed (its once-a-second poll, now)."""
    window.watcher.poll()
    settle(window)


def heard(window) -> list[str]:
    out: list[str] = []
    window.state.problem.connect(out.append)
    return out


def people_of(window) -> dict[str, store.Person]:
    return store.by_name(store.read(window.state.workspace, window.state.project_id))


def b_puts(b, person: store.Person, replaces: str, base: store.Person) -> None:
    """佐藤 saves a person in window B (what B's People form does)."""
    run_op(b.state, store.put_person_op(b.state.project_id, person, replaces, base), lambda: "B")


# --- defects --------------------------------------------------------------------------------------------

# B, a window of another process on the same data folder, saves the instance catalogue with a machine type of
# its own: what B's dialog's Save runs (app/ui/system_planning/page.py edit_catalogue -> save_user_copy).
B_SAVES_CATALOGUE = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, sys.argv[1])
    from app import features
    features.content_types()
    from app.core.content.loader import default_library
    from app.system_planning import instance_catalogue as ic, service as sp
    from app.system_planning.model import InstanceSpec
    library = default_library()
    cat = sp.catalogue(library)
    cat = cat.model_copy(update={"instances": [*cat.instances, InstanceSpec(name="sato-gpu", provider="社内", hourly_price=420.0)]})
    ic.save_user_copy(library, cat, seen=ic.file_state())
    """
)


def test_a_catalogue_saved_in_a_window_started_before_the_colleagues_save_keeps_their_machine_type(qtbot, db_path, monkeypatch, said) -> None:
    from app.system_planning import instance_catalogue as ic

    reset_default_library()  # (this test's data folder: the shipped catalogue, no copy of the user's yet)
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)  # any question answered yes
    a = make_window(qtbot, db_path, global_lang="ja")
    a.show_page("system-planning")
    settle(a)
    out = subprocess.run([sys.executable, "-c", B_SAVES_CATALOGUE, str(REPO)], capture_output=True, text=True, timeout=60,
                         env=dict(os.environ, QT_QPA_PLATFORM="offscreen"), cwd=REPO)  # fmt: skip
    assert out.returncode == 0, out.stderr[-2000:]
    assert "sato-gpu" in ic.user_copy_path().read_text(encoding="utf-8")
    page = a.page("system-planning")
    shown: dict[str, object] = {}

    def run(dialog) -> int:  # 山田 opens Instance catalogue…, changes the first on-demand price, Save
        shown["source"] = dialog.source_label.text()
        dialog.model.setData(dialog.model.index(0, 6), "999")
        dialog.save()
        return dialog.result()

    monkeypatch.setattr(page, "exec_dialog", run)
    try:
        page.edit_catalogue()
        settle(a)
    finally:
        reset_default_library()
    text = ic.user_copy_path().read_text(encoding="utf-8")
    assert "sato-gpu" in text, (shown, said)  # kept (or at least asked about before it is written over)


SECONDLY = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261229\r\nDTEND;VALUE=DATE:20270104\r\n"
            "SUMMARY:年末年始\r\nRRULE:FREQ=SECONDLY\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
IMPORT_ICS = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, sys.argv[1])
    from pathlib import Path
    from app.core.errors import UserError
    from app.wbs import company_calendar as cc
    try:
        print(len(cc.parse_ics(Path(sys.argv[2]))), "days")  # what Import .ics… runs on the window's thread
    except UserError as exc:
        print("refused", exc)
    """
)


def test_an_ics_event_repeating_every_second_is_imported_or_refused_at_once_not_a_hang(tmp_path) -> None:
    path = tmp_path / "every-second.ics"
    path.write_bytes(SECONDLY.encode())
    try:
        out = subprocess.run([sys.executable, "-c", IMPORT_ICS, str(REPO), str(path)], capture_output=True, text=True, timeout=8, cwd=REPO)
    except subprocess.TimeoutExpired:  # (the child is killed by run)
        pytest.fail("Import .ics… still working after 8 s: the window hangs")
    assert out.returncode == 0 and out.stdout.strip(), out.stderr[-2000:]


# --- held -------------------------------------------------------------------------------------------------


def test_held_people_typed_while_the_colleague_changes_and_renames_the_person_and_the_load_in_hours(qtbot, db_path, monkeypatch, said) -> None:
    from app.ui.wbs.resources.people import PeopleDialog

    with two_windows(qtbot, db_path, monkeypatch, page="wbs") as (a, b):
        lines = heard(a)
        pa = a.page("wbs")
        pa.open_people()
        dialog = pa.findChild(PeopleDialog)
        dialog.table.selectRow(dialog.model.row_of("高橋"))
        settle(a)
        dialog.days_off.clear()
        qtbot.keyClicks(dialog.days_off, "2026/12/29..2026/12/31")
        was = people_of(b)["高橋"]
        b_puts(b, replace(was, percent=50), "高橋", was)  # 佐藤: 高橋 is at 50 % of a day
        seen(a)
        dialog.save_button.click()
        settle(a)
        ours = frozenset(dt.date(2026, 12, d) for d in (29, 30, 31))
        assert (people_of(a)["高橋"].percent, people_of(a)["高橋"].days_off) == (50, ours)
        qtbot.keyClick(dialog, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        settle(a)
        assert (people_of(a)["高橋"].percent, people_of(a)["高橋"].days_off) == (50, was.days_off)
        assert dialog._form() == ("高橋", "ds", 5, 50, "2026/12/21..2026/12/23")
        qtbot.keyClick(dialog, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
        settle(a)
        assert people_of(a)["高橋"].days_off == ours
        was = people_of(b)["高橋"]
        b_puts(b, replace(was, name="高橋 一郎"), "高橋", was)  # 佐藤 renames him
        seen(a)
        assert (dialog.editing, dialog.name.text()) == ("高橋 一郎", "高橋 一郎")
        dialog.percent.setValue(80)
        dialog.save_button.click()
        settle(a)
        assert people_of(a)["高橋 一郎"].percent == 80 and "高橋" not in people_of(a)
        was = people_of(b)["高橋 一郎"]
        b_puts(b, replace(was, percent=30), "高橋 一郎", was)
        seen(a)
        qtbot.keyClick(dialog, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        settle(a)
        assert people_of(a)["高橋 一郎"].percent == 30
        assert any(line.startswith(REFUSED) for line in lines), lines
        pa.side_tabs.setCurrentWidget(pa.load_panel)
        pa.load_panel.hours.setChecked(True)
        model = pa.load_panel.model
        assert [model.index(0, c).data() for c in range(3)] == ["4 h", "12 h", "4 h"]
        assert model.headerData(0, Qt.Orientation.Horizontal) == "W48\n2026/11/23"
        assert "作業: 0.5人日(4時間)/稼働可能 3人日" in model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
        dialog.reject()
    assert not said, said


def test_held_project_properties_in_both_windows(qtbot, db_path, monkeypatch, said) -> None:
    import app.ui.window.conflict_dialog as conflict_dialog
    from app.ui.projects.properties import ProjectPropertiesDialog
    from tests.conftest import answer_conflict

    asked: list[list[str]] = []
    mine = answer_conflict("mine")
    monkeypatch.setattr(conflict_dialog, "ask_conflict", lambda dialog: asked.append([c.label for c in dialog.clashes]) or mine(dialog))
    with two_windows(qtbot, db_path, monkeypatch, page="exports") as (a, b):
        demo = a.state.project.name
        da, db_ = ProjectPropertiesDialog(a.state, a), ProjectPropertiesDialog(b.state, b)  # (closed with their windows)
        da.name.setText("山田の案件")
        da.lang.setCurrentIndex(1)
        db_.name.setText("佐藤の案件")
        db_.lang.setCurrentIndex(1)
        db_.customer.setText("佐藤商事")
        db_.apply()
        settle(b)
        seen(a)
        assert a.switcher.currentText() == "佐藤の案件" and a.state.export_lang == "en"
        da.apply()
        settle(a)
        project = a.state.projects.get(a.state.project_id)
        assert (project.name, project.lang, project.customer, asked) == ("山田の案件", "en", "佐藤商事", [["名前"]])
        a.undo_action.trigger()
        settle(a)
        assert a.state.projects.get(a.state.project_id).name == "佐藤の案件"
        seen(b)
        b.undo_action.trigger()
        settle(b)
        seen(a)
        assert (a.state.project.name, a.state.export_lang, a.switcher.currentText()) == (demo, "ja", demo)
    assert not said, said


def test_held_exports_while_a_1000_row_system_plan_is_worked_out(qtbot, db_path, monkeypatch, said, tmp_path) -> None:
    from app.hearing.answers import AnswerService

    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    a = make_window(qtbot, db_path, global_lang="ja")
    answers = AnswerService(a.state.workspace.db, a.state.workspace.library)
    rows = [dict(r) for r in answers.answer(a.state.project_id, PROCESSES).value]
    answers.update(a.state.project_id, PROCESSES, value=[dict(rows[k % len(rows)], process=f"処理{k}", note=f"=1+{k}") for k in range(1000)])
    seen(a)
    a.show_page("system-planning")
    page = a.page("system-planning")
    xlsx, md = tmp_path / "big.xlsx", tmp_path / "big.md"
    for path in (xlsx, md):
        path.unlink(missing_ok=True)
    infos: list[str] = []
    monkeypatch.setattr(messages, "show_info", lambda _p, text, *_a, **_k: infos.append(text))
    monkeypatch.setattr(messages, "save_file", lambda *_a, **_k: str(xlsx))
    assert page.planning  # the plan is on the worker
    page.export_xlsx()
    exports = a.page("exports")
    monkeypatch.setattr(messages, "save_file", lambda *_a, **_k: str(md))
    exports.export_kind("system-plan")
    settle(a, 60)
    assert infos == [f"{xlsx} に書き出しました"] and exports.result_label.text() == f"{md} に書き出しました"
    sheet = openpyxl.load_workbook(xlsx)["処理フロー"]
    names = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True) if isinstance(row[1], str) and row[1].startswith("処理")]
    assert len(names) == 1000 and "処理999" in md.read_text(encoding="utf-8")
    close_window(a)
    assert not said, said


ICS = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261229\r\nDTEND;VALUE=DATE:20270104\r\n"
       "SUMMARY:年末年始\r\n{extra}END:VEVENT\r\nEND:VCALENDAR\r\n")
BAD_ICS = {
    "utf16.ics": ICS.format(extra="").encode("utf-16"),
    "huge.ics": b"BEGIN:VCALENDAR\r\n" + b"X" * 1_100_000,
    "png.ics": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 10,
    "empty.ics": b"",
    "nodate.ics": ICS.replace("DTSTART;VALUE=DATE:20261229\r\n", "").format(extra="").encode(),
    "badrule.ics": ICS.format(extra="RRULE:FREQ=SOMETIMES\r\n").encode(),
}


def test_held_holidays_in_settings_switched_to_english_and_bad_ics_files(qtbot, db_path, monkeypatch, said, tmp_path) -> None:
    from app.ui.window.settings_dialog import SettingsDialog

    with two_windows(qtbot, db_path, monkeypatch, page="wbs") as (a, b):
        dialog = SettingsDialog(a.state, a)  # (parented to the window: closed with it)
        for name, data in BAD_ICS.items():
            (tmp_path / name).write_bytes(data)
            assert not dialog.holidays.import_file(tmp_path / name)
            assert dialog.holidays.message.text().startswith(name) and "何も変更していません" in dialog.holidays.message.text()
        (tmp_path / "bom.ics").write_bytes(b"\xef\xbb\xbf" + ICS.format(extra="").encode())
        assert dialog.holidays.import_file(tmp_path / "bom.ics") and dialog.holidays.message.text() == "6日を追加しました。"
        dialog.reject()
        dialog.deleteLater()

        def run(settings_dialog) -> int:  # a day typed and not added, the window language English, OK
            settings_dialog.holidays.date_edit.setDate(QDate(2026, 8, 13))
            settings_dialog.holidays.name_edit.setText("夏季休暇")
            settings_dialog.ui_combo.setCurrentIndex(settings_dialog.ui_combo.findData("en"))
            settings_dialog.accept()
            return settings_dialog.result()

        a.exec_dialog = run
        a.edit_settings()
        settle(a)
        assert cc.holidays(a.state.workspace.db)[dt.date(2026, 8, 13)] == "夏季休暇"
        assert a.undo_action.text() == "&Undo Company holidays"
        run_op(b.state, cc.edit_holidays_op(b.state.project_id, {dt.date(2026, 8, 13): "お盆"}), lambda: "B")
        seen(a)
        lines = heard(a)
        a.undo_action.trigger()
        settle(a)
        assert cc.holidays(a.state.workspace.db)[dt.date(2026, 8, 13)] == "お盆"
        assert lines == ["Undo: “2026-08-13” was changed in another window or process since; nothing was overwritten and the page shows the current value."]
        a.set_ui_lang("ja")
        settle(a)
    assert not said, said

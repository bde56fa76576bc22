"""Dates at the edge (fix of breaker21a): 9999/12/31 typed as "no end date" is refused where it is
typed (the hearing's date items and date columns, a project's PoC start) with a reason naming the
field; dates an older version kept never crash a document; company holidays and days off read dates
as the rest of the app does; a year-end year is a year the window offers; a calendar folded inside a
character imports."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from app.cli.main import main
from app.core import operations as ops
from app.core.errors import AnswerValueError, UserError
from app.core.i18n import FIRST_DATE, LAST_DATE
from app.core.projects import ProjectService
from app.core.storage.models import Answer, Project
from app.hearing.operations import update_answer
from app.wbs import company_calendar as cc

NO_END = "9999/12/31"
POC_END = "hearing.basics.poc_end"
SCHEDULE = "hearing.basics.schedule"


def answered(workspace, project_id: int, item_id: str, value) -> None:
    ops.run(workspace, update_answer(project_id, item_id, value=value))


def kept_by_an_older_version(workspace, project_id: int, item_id: str, value) -> None:
    """An answer as a version that took any date stored it (no check on the way in)."""
    with workspace.db.session() as s:
        row = s.scalar(select(Answer).where(Answer.project_id == project_id, Answer.item_id == item_id))
        row.value = value


def test_the_hearing_refuses_a_date_outside_a_plans_dates_and_says_to_leave_it_empty(workspace) -> None:
    pid = ProjectService(workspace.db).create("無期限", lang="ja").id
    for item_id, value in ((POC_END, NO_END), (POC_END, "0001-01-01"), (POC_END, dt.date(9999, 12, 31)),
                           (SCHEDULE, [{"milestone": "最終報告", "date": NO_END}])):  # fmt: skip
        with pytest.raises(AnswerValueError) as refused:
            answered(workspace, pid, item_id, value)
        ja, en = refused.value.text("ja", workspace.library), refused.value.text("en", workspace.library)
        assert "範囲外" in ja and "1900年〜2199年" in ja and "空欄" in ja, ja
        assert "years 1900 to 2199" in en and "leave it empty" in en, en
        assert "datetime" not in en  # a date object is quoted as a date, not as Python writes it
    with pytest.raises(AnswerValueError) as refused:
        answered(workspace, pid, POC_END, NO_END)
    assert refused.value.text("ja", workspace.library).startswith("PoC終了日(最終報告): 「9999/12/31」は")
    answered(workspace, pid, POC_END, "2199/12/31")  # the last day a plan holds is a date like any other
    answered(workspace, pid, SCHEDULE, [{"milestone": "最終報告", "date": "令和9年3月31日"}])


def test_a_refused_end_date_typed_on_the_hearing_page_stays_as_a_marked_draft(qtbot, db_path) -> None:
    from tests.gui_helpers import close_window, make_window
    from tests.test_nothing_lost_gui import open_item, stored

    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        before = stored(window, POC_END).value
        editor = open_item(window, qtbot, POC_END)
        editor.editors["value"].edit.setText(NO_END)
        editor._edited("value", NO_END)
        assert not editor.flush()
        assert editor.editors["value"].edit.text() == NO_END  # kept as typed
        assert editor.error_label.isVisibleTo(window) and "空欄" in editor.error_label.text(), editor.error_label.text()
        assert stored(window, POC_END).value == before
    finally:
        close_window(window)


def test_dates_an_older_version_kept_never_break_a_document(workspace, db_path: Path, tmp_path: Path) -> None:
    pid = ProjectService(workspace.db).create("古い版の無期限", lang="ja").id
    answered(workspace, pid, "hearing.basics.poc_start", "2026/12/01")
    answered(workspace, pid, POC_END, "2027/03/31")
    answered(workspace, pid, SCHEDULE, [{"milestone": "最終報告", "date": "2027/03/31"}])
    kept_by_an_older_version(workspace, pid, POC_END, "9999-12-31")
    kept_by_an_older_version(workspace, pid, SCHEDULE, [{"milestone": "最終報告", "date": "9999-12-31"}])
    proposal = tmp_path / "提案.md"
    assert main(["--db", str(db_path), "--lang", "ja", "export", "proposal", "--project", str(pid), "--out", str(proposal)]) == 0
    text = proposal.read_text(encoding="utf-8")
    assert "MLOps導入提案" in text and "2026/12/01" in text
    assert "9999" not in text  # no timeline drawn to the year 9999: the end reads as not decided
    for kind in ("wiki", "scaffold"):
        out = tmp_path / kind
        assert main(["--db", str(db_path), "--lang", "ja", "export", kind, "--project", str(pid), "--out", str(out)]) == 0
        assert not any("10000" in f.read_text(encoding="utf-8") for f in out.rglob("*.md"))


def test_a_projects_start_outside_a_plans_dates_is_refused_naming_the_field(workspace) -> None:
    projects = ProjectService(workspace.db)
    with pytest.raises(UserError) as refused:
        projects.create("遠い開始", start_date=dt.date(9999, 12, 31))
    assert refused.value.text("ja").startswith("PoC開始日: 9999/12/31 は扱える日付の範囲外です(1900年〜2199年")
    assert refused.value.text("en").startswith("PoC start: 9999-12-31 is outside the dates a plan holds (years 1900 to 2199)")
    assert projects.list() == []
    made = projects.create("近い開始", start_date=dt.date(2026, 12, 1))
    with pytest.raises(UserError, match="PoC start"):
        projects.update(made.id, start_date=dt.date(1, 1, 1))
    assert projects.get(made.id).start_date == dt.date(2026, 12, 1)
    assert projects.update(made.id, start_date=LAST_DATE).start_date == LAST_DATE


def test_ms_project_refuses_in_one_line_a_start_an_older_version_kept(workspace, db_path: Path, tmp_path: Path, capsys) -> None:
    pid = ProjectService(workspace.db).create("古い版の開始日", lang="ja").id  # no task: no schedule to refuse it
    with workspace.db.session() as s:
        s.get(Project, pid).start_date = dt.date(9999, 12, 31)
    out = tmp_path / "計画.xml"
    assert main(["--db", str(db_path), "--lang", "ja", "export", "mspdi", "--project", str(pid), "--out", str(out)]) == 2
    said = capsys.readouterr().err.strip().splitlines()
    assert len(said) == 1 and "開始日 9999/12/31 が扱える日付の範囲外" in said[0], said
    assert not out.exists()


def test_the_start_date_fields_offer_only_a_plans_dates(qtbot, db_path) -> None:
    from PySide6.QtCore import QDate

    from app.ui.projects.properties import ProjectPropertiesDialog
    from app.ui.welcome.dialog import WelcomeDialog
    from tests.gui_helpers import close_window, make_window

    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        welcome = WelcomeDialog(window.state, False, window)
        properties = ProjectPropertiesDialog(window.state, window)
        for field in (welcome.start_edit, properties.start):
            assert (field.minimumDate(), field.maximumDate()) == (QDate(FIRST_DATE), QDate(LAST_DATE))
            field.setDate(QDate(9999, 12, 31))
            assert field.date() == QDate(LAST_DATE)
        welcome.close()
        properties.close()
    finally:
        close_window(window)


def test_company_holidays_and_days_off_read_dates_as_the_rest_of_the_app() -> None:
    assert cc.parse_days(["2026年8月12日..2026年8月14日", "令和8年12月29日", "2026/12/31(木)", "２０２６／１２／３０"]) == [
        dt.date(2026, 8, 12), dt.date(2026, 8, 13), dt.date(2026, 8, 14),
        dt.date(2026, 12, 29), dt.date(2026, 12, 30), dt.date(2026, 12, 31),
    ]  # fmt: skip
    for typed in ("2026/12/31(月)", "2026-13-01", "来週", "2026-08-14..2026-08-12"):
        with pytest.raises(UserError):
            cc.parse_days([typed])


@pytest.mark.parametrize("year", [202, 1999, 2101, 9999])
def test_a_year_end_year_the_window_does_not_offer_is_refused_as_a_year(db_path: Path, year: int, capsys) -> None:
    assert main(["--db", str(db_path), "--lang", "ja", "holidays", "add", "--year-end", str(year)]) == 2
    said = capsys.readouterr().err
    assert f"年末年始: {year} は扱える年ではありません(2000年〜2100年" in said and "日付として" not in said, said
    with pytest.raises(UserError, match="not a year"):
        cc.year_end(year)
    assert len(cc.year_end(2100)) == 6


def test_the_windows_year_box_offers_the_years_the_command_line_takes(qtbot, db_path) -> None:
    from tests.gui_helpers import close_window, make_window
    from tests.test_settings_dialog import open_settings

    window = make_window(qtbot, db_path, global_lang="ja")
    offered: list[tuple[int, int]] = []
    try:
        def look(dialog) -> None:
            offered.append((dialog.holidays.year_spin.minimum(), dialog.holidays.year_spin.maximum()))
            dialog.buttons.button(dialog.buttons.StandardButton.Cancel).click()

        open_settings(window, look)
    finally:
        close_window(window)
    assert offered == [cc.YEAR_END_YEARS]


def test_a_calendar_folded_inside_a_character_is_read_whole(tmp_path: Path) -> None:
    from tests.test_breaker21a import folded_calendar

    days = cc.parse_ics(folded_calendar(tmp_path / "会社カレンダー.ics"))
    assert list(days) == [dt.date(2026, 12, 29) + dt.timedelta(days=k) for k in range(6)]
    assert set(days.values()) == {"年末年始休暇"}
    bom = tmp_path / "bom.ics"
    bom.write_bytes(b"\xef\xbb\xbf" + (tmp_path / "会社カレンダー.ics").read_bytes())
    assert cc.parse_ics(bom) == days
    broken = tmp_path / "broken.ics"
    broken.write_bytes((tmp_path / "会社カレンダー.ics").read_bytes().replace(b"\r\n ", b"\r\n"))  # unfolded badly
    with pytest.raises(UserError, match="holds the byte 0x.., which is no UTF-8 character") as raised:  # it is a calendar
        cc.parse_ics(broken)
    assert "line " in raised.value.text("en")


# --- a follow-up's due date, and days read from a calendar file (the last ones without the check) ---------


def _follow_up(workspace, project_id: int) -> str:
    from app.hearing.answers import AnswerService

    answers = AnswerService(workspace.db, workspace.library).answers(project_id)
    return next(i for i, a in answers.items() if a.is_follow_up and i.startswith("hearing."))


def test_a_follow_ups_due_date_outside_a_plans_dates_is_refused_naming_the_item(workspace, demo) -> None:
    from app.hearing.answers import AnswerService

    item = _follow_up(workspace, demo.id)
    label = workspace.library.item(item).label
    for due in (NO_END, "0001-01-01", dt.date(9999, 12, 31), dt.date(1, 1, 1)):
        with pytest.raises(UserError) as refused:
            ops.run(workspace, update_answer(demo.id, item, followup_due=due))
        ja, en = refused.value.text("ja", workspace.library), refused.value.text("en", workspace.library)
        assert ja.startswith(f"{label.ja}: フォローアップの期限「") and "範囲外" in ja and "1900年〜2199年" in ja, ja
        assert "due date" in en and "years 1900 to 2199" in en and "datetime" not in en, en
    assert AnswerService(workspace.db, workspace.library).answer(demo.id, item).followup_due is None
    ops.run(workspace, update_answer(demo.id, item, followup_due="2199/12/31"))  # the last day a plan holds


def test_a_follow_ups_due_date_typed_outside_a_plans_dates_stays_as_a_marked_draft(qtbot, db_path) -> None:
    from PySide6.QtCore import QDate
    from PySide6.QtWidgets import QCheckBox, QDateEdit

    from tests.gui_helpers import close_window, make_window
    from tests.test_nothing_lost_gui import open_item, stored

    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        item = _follow_up(window.state.workspace, window.state.project_id)
        editor = open_item(window, qtbot, item)
        box = editor.findChild(QCheckBox, "followupHasDue")
        due = editor.findChild(QDateEdit, "followupDue")
        box.setChecked(True)
        due.setDate(QDate(9999, 12, 31))
        assert not editor.flush()
        assert due.date() == QDate(9999, 12, 31) and box.isChecked()  # kept as typed
        said = editor.error_label.text()
        assert editor.error_label.isVisibleTo(window) and "フォローアップの期限" in said and "1900年〜2199年" in said, said
        assert stored(window, item).followup_due is None
        assert editor.drafts.get(window.state.project_id, item) is not None  # a draft, kept on disk with the others
    finally:
        close_window(window)


def test_a_project_file_with_a_follow_up_due_outside_a_plans_dates_comes_in_as_it_was(workspace, demo) -> None:
    """An earlier version took 9999/12/31 as a due date: its file is imported with it as it was (the
    documents read it as no date), not refused whole; a due date that is no date at all is refused."""
    from app.core.errors import RefusedImportError
    from app.hearing import AnswerService
    from app.projects.transfer import export_data, import_data

    data = export_data(workspace.db, demo.id)
    item_id = _follow_up(workspace, demo.id)
    answer = next(a for a in data["answers"] if a["item_id"] == item_id)
    answer["followup_due"] = "9999-12-31"
    data["project"]["uuid"] = "00000000-0000-4000-8000-000000000011"
    new_id = import_data(workspace.db, data, library=workspace.library)
    assert AnswerService(workspace.db, workspace.library).answer(new_id, item_id).followup_due == dt.date(9999, 12, 31)

    answer["followup_due"] = "来週"
    data["project"]["uuid"] = "00000000-0000-4000-8000-000000000012"
    before = len(ProjectService(workspace.db).list())
    with pytest.raises(RefusedImportError):
        import_data(workspace.db, data, library=workspace.library)
    assert len(ProjectService(workspace.db).list()) == before


@pytest.mark.parametrize("day", ["99991231", "00010101"])
def test_a_calendar_day_outside_a_plans_dates_is_refused_as_a_typed_one(workspace, tmp_path: Path, db_path: Path, day: str, capsys) -> None:
    path = tmp_path / "会社カレンダー.ics"
    path.write_text("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261229\r\nDTEND;VALUE=DATE:20270104\r\n"
                    f"SUMMARY:年末年始\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:{day}\r\nSUMMARY:無期限\r\n"
                    "END:VEVENT\r\nEND:VCALENDAR\r\n", encoding="utf-8")  # fmt: skip
    with pytest.raises(UserError) as refused:
        cc.parse_ics(path)
    shown = f"{day[:4]}/{day[4:6]}/{day[6:]}"
    ja, en = refused.value.text("ja"), refused.value.text("en")
    assert ja.startswith(f"会社カレンダー.ics: 2番目の予定の日付 {shown} は扱える日付の範囲外です(1900年〜2199年"), ja
    assert en.startswith(f"会社カレンダー.ics: event 2: {shown.replace('/', '-')} is outside the dates a plan holds (years 1900 to 2199)"), en
    assert main(["--db", str(db_path), "--lang", "ja", "holidays", "import", str(path)]) == 2
    said = capsys.readouterr().err.strip().splitlines()
    assert len(said) == 1 and "範囲外" in said[0], said
    assert cc.holidays(workspace.db) == {}  # nothing of the file was added


def test_due_dates_and_holidays_an_older_version_kept_never_break_a_document(workspace, demo, tmp_path: Path) -> None:
    from app.core.storage.models import CompanyHoliday
    from app.features import export_kinds

    item = _follow_up(workspace, demo.id)
    with workspace.db.session() as s:
        s.scalar(select(Answer).where(Answer.project_id == demo.id, Answer.item_id == item)).followup_due = dt.date(9999, 12, 31)
        s.add_all([CompanyHoliday(day=dt.date(9999, 12, 31), name="無期限"), CompanyHoliday(day=dt.date(1, 1, 1), name="元日")])
    wanted = {"proposal", "minutes", "followups", "hearing-sheet", "wiki"}
    kinds = [k for k in export_kinds() if k.name in wanted]
    assert {k.name for k in kinds} == wanted
    for kind in kinds:
        options = dict(kind.defaults) | ({"session": 1} if kind.name == "minutes" else {})
        written = kind.export(workspace, demo.id, tmp_path / f"{kind.name}{(kind.suffixes or ('',))[0]}", "ja", options)
        assert written.exists(), kind.name
    assert "9999/12/31" in (tmp_path / "followups.md").read_text(encoding="utf-8")  # shown as kept, never a crash

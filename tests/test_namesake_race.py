"""A colleague's person or company holiday added or changed in the instant between the question and the save.

The People dialog asks before a new person replaces a namesake a colleague added, and Settings ▸ Company
holidays before a day a colleague named is renamed; the question was asked on what the window read then, and
the save wrote over whatever was stored by the time the user answered. The core now takes what the user saw
(``put_person_op(..., new=True, over=...)``, ``edit_holidays_op(..., expect=...)``) and refuses, changing nothing,
when it is no longer so: the user is told, and asked again on the next Add or Save with what is stored now.
"""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from app.core import operations as ops
from app.core.errors import ConflictError
from app.ui import messages
from app.ui.error_text import shown_text
from app.wbs import company_calendar as cc
from app.wbs.resources import people as store
from tests.gui_helpers import close_window, make_window, settle
from tests.test_dialog_drafts import dialog_drafts, people, stored_people, typed_holiday, typed_new_person

DAY = dt.date(2027, 6, 1)


def test_a_new_person_replaces_only_the_namesake_the_user_saw(workspace) -> None:
    from app.core.projects import ProjectService

    pid = ProjectService(workspace.db).create("p", lang="ja").id
    ops.run(workspace, store.put_person_op(pid, store.Person("佐藤", "ds", 4, 80)))
    with pytest.raises(ConflictError):  # a new person, nobody seen under that name: theirs stays
        ops.run(workspace, store.put_person_op(pid, store.Person("佐藤", "pm", 5, 100), new=True))
    with pytest.raises(ConflictError):  # seen with other values than stored now
        ops.run(workspace, store.put_person_op(pid, store.Person("佐藤", "pm", 5, 100), new=True, over=store.Person("佐藤", "ds", 3, 80)))
    assert store.by_name(store.read(workspace, pid))["佐藤"] == store.Person("佐藤", "ds", 4, 80)
    ops.run(workspace, store.put_person_op(pid, store.Person("佐藤", "pm", 5, 100), new=True, over=store.Person("佐藤", "ds", 4, 80)))
    assert store.by_name(store.read(workspace, pid))["佐藤"] == store.Person("佐藤", "pm", 5, 100)
    ops.run(workspace, store.put_person_op(pid, store.Person("鈴木", "swe"), new=True))  # nobody of that name: added
    assert "鈴木" in store.by_name(store.read(workspace, pid))


def test_a_holiday_is_renamed_only_from_the_name_the_user_saw(workspace) -> None:
    ops.run(workspace, cc.edit_holidays_op(-1, {DAY: "株主総会"}))
    for seen in (None, "創立記念日"):  # seen free, or under another name than stored now: refused, nothing changed
        with pytest.raises(ConflictError):
            ops.run(workspace, cc.edit_holidays_op(-1, {DAY: "休業日"}, expect={DAY: seen}))
        assert cc.holidays(workspace.db)[DAY] == "株主総会"
    ops.run(workspace, cc.edit_holidays_op(-1, {DAY: "休業日"}, expect={DAY: "株主総会"}))
    assert cc.holidays(workspace.db)[DAY] == "休業日"
    ops.run(workspace, cc.edit_holidays_op(-1, {DAY + dt.timedelta(days=1): "振替"}, expect={DAY + dt.timedelta(days=1): None}))
    assert cc.holidays(workspace.db)[DAY + dt.timedelta(days=1)] == "振替"


def test_a_namesake_changed_while_the_question_is_open_is_not_replaced(qtbot, db_path, monkeypatch) -> None:
    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        window.show_page("wbs")
        pid = window.state.project_id
        dialog, (role, _days, _percent, _off) = typed_new_person(qtbot, window)
        ops.run(window.state.workspace, store.put_person_op(pid, store.Person("新人 花子", "", 1, 20)))  # a colleague's
        asked: list[str] = []

        def colleague_changes_them_then_yes(_parent, _title, text) -> bool:
            asked.append(text)
            if len(asked) == 1:  # while the user reads the question, the colleague gives them 2 days a week
                ops.run(window.state.workspace, store.put_person_op(pid, store.Person("新人 花子", "", 2, 20), replaces="新人 花子"))
            return True

        monkeypatch.setattr(messages, "confirm", colleague_changes_them_then_yes)
        errors: list[str] = []
        monkeypatch.setattr(messages, "show_error", lambda _p, error, *a, **k: errors.append(shown_text(error)))
        dialog.save_button.click()
        settle(window)
        assert stored_people(window)["新人 花子"].days_per_week == 2, "the colleague's change replaced without a question on it"
        assert len(errors) == 1 and (dialog.name.text(), dialog.days.value(), dialog.editing) == ("新人 花子", 3, None) and dialog_drafts()
        assert "「新人 花子」" in errors[0] and "上書き" in errors[0], errors
        dialog.save_button.click()  # asked again, on what is stored now; Yes replaces
        settle(window)
        assert len(asked) == 2
        person = stored_people(window)["新人 花子"]
        assert (person.role, person.days_per_week, person.percent) == (role, 3, 50) and not dialog_drafts()
    finally:
        close_window(window)


def test_a_namesake_added_just_after_the_window_looked_is_not_replaced(qtbot, db_path, monkeypatch) -> None:
    from app.ui.wbs.resources import people as dialog_module

    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        window.show_page("wbs")
        pid = window.state.project_id
        dialog, _typed = typed_new_person(qtbot, window)
        real_read = dialog_module.store.read
        looked: list[int] = []

        def read_then_colleague_adds(ws, project_id):
            found = real_read(ws, project_id)
            if not looked:  # the window looked (nobody of that name), then the colleague added them
                looked.append(1)
                ops.run(window.state.workspace, store.put_person_op(pid, store.Person("新人 花子", "", 1, 20)))
            return found

        monkeypatch.setattr(dialog_module.store, "read", read_then_colleague_adds)
        errors: list[str] = []
        monkeypatch.setattr(messages, "show_error", lambda _p, error, *a, **k: errors.append(shown_text(error)))
        monkeypatch.setattr(messages, "confirm", lambda *_a: pytest.fail("nobody of that name was seen: nothing to ask yet"))
        dialog.save_button.click()
        settle(window)
        assert looked and (stored_people(window)["新人 花子"].days_per_week, stored_people(window)["新人 花子"].percent) == (1, 20)
        assert len(errors) == 1 and dialog.name.text() == "新人 花子" and dialog.days.value() == 3 and dialog_drafts()
    finally:
        close_window(window)


def test_a_holiday_renamed_while_the_question_is_open_keeps_the_colleagues_name(qtbot, db_path, monkeypatch) -> None:
    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        ops.run(window.state.workspace, cc.edit_holidays_op(window.state.project_id, {DAY: "株主総会"}))
        dialog = typed_holiday(qtbot, window)
        tab = dialog.holidays
        asked: list[str] = []

        def colleague_renames_then_yes(_parent, _title, text) -> bool:
            asked.append(text)
            if len(asked) == 1:
                ops.run(window.state.workspace, cc.edit_holidays_op(window.state.project_id, {DAY: "全社休業日"}))
            return True

        monkeypatch.setattr(messages, "confirm", colleague_renames_then_yes)
        tab.add_button.click()
        settle(window)
        assert cc.holidays(window.state.workspace.db)[DAY] == "全社休業日", "the colleague's name replaced without a question on it"
        assert tab.name_edit.text() == "創立記念日" and dialog_drafts() and "2027/06/01" in tab.message.text()
        tab.add_button.click()  # asked again, naming the colleague's name now; Yes renames
        assert len(asked) == 2 and "「全社休業日」" in asked[1]
        assert cc.holidays(window.state.workspace.db)[DAY] == "創立記念日" and tab.name_edit.text() == ""
    finally:
        close_window(window)


def test_a_suggested_person_a_colleague_added_meanwhile_is_not_replaced(qtbot, db_path, monkeypatch) -> None:
    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        window.show_page("wbs")
        pid = window.state.project_id
        dialog = people(window)
        assert dialog.suggestions.count(), "the demo's hearing suggests people"
        item = dialog.suggestions.item(0)
        item.setSelected(True)
        name = item.data(Qt.ItemDataRole.UserRole).name
        ops.run(window.state.workspace, store.put_person_op(pid, store.Person(name, "", 1, 20)))  # the colleague's, just now
        errors: list[str] = []
        monkeypatch.setattr(messages, "show_error", lambda _p, error, *a, **k: errors.append(shown_text(error)))
        dialog.add_suggested()
        settle(window)
        person = stored_people(window)[store.clean_name(name)]
        assert (person.days_per_week, person.percent) == (1, 20) and len(errors) == 1 and f"「{person.name}」" in errors[0], errors
    finally:
        close_window(window)

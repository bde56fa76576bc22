"""The People… dialog of the WBS page: add from suggestions and by hand, edit, refuse bad days off
(in Japanese, the text kept), remove; each change one undo step."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QDialog, QPushButton, QWidget

from app.wbs.resources import people as store
from tests.gui_helpers import close_window, make_window


def open_people(window) -> QDialog:
    window.show_page("wbs")
    window.page("wbs").findChild(QPushButton, "wbsPeople").click()
    return next(w for w in QApplication.topLevelWidgets() if w.objectName() == "wbsPeopleDialog" and w.isVisible())


def stored(window) -> dict[str, store.Person]:
    return {p.name: p for p in store.read(window.state.workspace, window.state.project_id)}


@pytest.fixture
def window(qtbot, db_path):
    win = make_window(qtbot, db_path)
    yield win
    close_window(win)


def test_people_are_added_by_hand_and_from_suggestions_edited_and_removed_one_undo_step_each(window, qtbot, qtmodeltester) -> None:
    dialog = open_people(window)
    qtmodeltester.check(dialog.model)
    assert sorted(stored(window)) == ["Suzuki", "Takahashi", "Tanaka"]  # the demo's people
    shown = [dialog.model.data(dialog.model.index(r, c)) for r in range(dialog.model.rowCount()) for c in range(5) if dialog.model.index(r, 0).data() == "Takahashi"]
    assert shown[:4] == ["Takahashi", "Data scientist", "5", "100 %"] and ".." in shown[4]  # three days off as one range
    # Suggestions: the hearing's team and the tasks' owners not yet people, with where each came from.
    texts = [dialog.suggestions.item(n).text() for n in range(dialog.suggestions.count())]
    assert any(t.startswith("Yamada — MLOps engineer") and "hearing's team, task owner" in t for t in texts)
    yamada = next(dialog.suggestions.item(n) for n in range(dialog.suggestions.count()) if dialog.suggestions.item(n).text().startswith("Yamada"))
    yamada.setSelected(True)
    dialog.findChild(QPushButton, "wbsPeopleAddSuggested").click()
    assert stored(window)["Yamada"] == store.Person("Yamada", "mlops")
    assert dialog.name.text() == "Yamada"  # shown in the form to set the availability
    dialog.findChild(QWidget, "wbsPersonPercent").setValue(50)
    dialog.findChild(QWidget, "wbsPersonDaysOff").setText("2027-01-04..2027-01-06, 2027-01-08")
    dialog.findChild(QPushButton, "wbsPersonSave").click()
    assert stored(window)["Yamada"].percent == 50
    assert stored(window)["Yamada"].days_off == {dt.date(2027, 1, 4), dt.date(2027, 1, 5), dt.date(2027, 1, 6), dt.date(2027, 1, 8)}
    assert dialog.days_off.text() == "2027-01-04..2027-01-06, 2027-01-08"
    # A new person by hand.
    dialog.findChild(QPushButton, "wbsPersonNew").click()
    qtbot.keyClicks(dialog.findChild(QWidget, "wbsPersonName"), "Ito")
    role = dialog.findChild(QWidget, "wbsPersonRole")
    role.setCurrentIndex(role.findData("sre"))
    dialog.findChild(QWidget, "wbsPersonDays").setValue(2)
    dialog.findChild(QPushButton, "wbsPersonSave").click()
    assert stored(window)["Ito"] == store.Person("Ito", "sre", 2, 100)
    assert [dialog.model.index(r, 0).data() for r in range(dialog.model.rowCount())] == ["Ito", "Suzuki", "Takahashi", "Tanaka", "Yamada"]
    dialog.findChild(QPushButton, "wbsPersonRemove").click()
    assert "Ito" not in stored(window)
    assert window.undo_action.text().endswith("Remove person")
    window.undo_action.trigger()  # the removal
    assert "Ito" in stored(window) and dialog.model.rowCount() == 5
    window.undo_action.trigger()  # Ito added
    window.undo_action.trigger()  # Yamada's availability
    assert stored(window)["Yamada"] == store.Person("Yamada", "mlops")
    window.undo_action.trigger()  # Yamada added
    assert sorted(stored(window)) == ["Suzuki", "Takahashi", "Tanaka"] and dialog.model.rowCount() == 3
    dialog.reject()


def test_days_off_that_do_not_read_are_refused_in_japanese_and_the_text_is_kept(qtbot, db_path, monkeypatch) -> None:
    from app.ui import messages

    monkeypatch.setenv("MLOPS_KICKOFF_LANG", "ja")
    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        shown: list[str] = []
        monkeypatch.setattr(messages, "show_error", lambda _parent, error, *a: shown.append(str(error)))
        dialog = open_people(window)
        assert dialog.windowTitle() == "プロジェクトの要員"
        row = next(r for r in range(dialog.model.rowCount()) if dialog.model.index(r, 0).data() == "高橋")
        dialog.table.selectRow(row)
        assert dialog.name.text() == "高橋" and "/" in dialog.days_off.text()  # 2027/01/04..2027/01/06 in a Japanese window
        before = stored(window)
        typed = "2026/12/29..2026/12/31、12月30日"
        dialog.days_off.setText(typed)
        dialog.findChild(QPushButton, "wbsPersonSave").click()
        assert shown == ["休暇: 日付として読めません: 12月30日(2026/12/29 や 2026年12月29日 の形で書いてください)"]
        assert dialog.days_off.text() == typed
        assert stored(window) == before
        dialog.days_off.setText("0001-01-01")  # a slip for a year: a person's day off, said once, never a company holiday
        dialog.findChild(QPushButton, "wbsPersonSave").click()
        assert shown[-1].startswith("休暇: 0001-01-01 は扱える日付の範囲外です"), shown[-1]
        assert "会社休日" not in shown[-1] and shown[-1].count("休暇") == 1
        assert stored(window) == before
        dialog.days_off.setText("２０２６／１２／２９..2026/12/31")  # what a Japanese IME types reads too
        dialog.findChild(QPushButton, "wbsPersonSave").click()
        assert stored(window)["高橋"].days_off == {dt.date(2026, 12, 29), dt.date(2026, 12, 30), dt.date(2026, 12, 31)}
        assert dialog.days_off.text() == "2026/12/29..2026/12/31"
        assert window.undo_action.text().endswith("要員を編集")
        window.undo_action.trigger()
        assert stored(window) == before
        dialog.reject()
    finally:
        close_window(window)


def test_people_model_shows_each_field(qtmodeltester) -> None:
    from app.core.content.loader import default_library
    from app.ui.wbs.resources.people import PeopleModel, days_text, parse_days_text
    from app.wbs.catalog import catalog

    model = PeopleModel(catalog(default_library()), "en")
    off = parse_days_text("2026-12-29..2026-12-31 2027-01-04")
    model.reset([store.Person("Kim", "pm", 4, 80, off)])
    qtmodeltester.check(model)
    assert [model.index(0, c).data() for c in range(5)] == ["Kim", "PM", "4", "80 %", "2026-12-29..2026-12-31, 2027-01-04"]
    assert model.index(0, 3).data(Qt.ItemDataRole.TextAlignmentRole) == int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    assert days_text(off, "ja") == "2026/12/29..2026/12/31、2027/01/04"


def test_enter_in_a_field_of_the_form_saves_the_person_in_japanese(qtbot, db_path) -> None:
    """Enter typed in the form's fields presses 保存 (the form's button), never 新しい要員 (which cleared the form)."""
    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        dialog = open_people(window)
        dialog.findChild(QPushButton, "wbsPersonNew").click()
        name = dialog.findChild(QWidget, "wbsPersonName")
        name.setFocus()
        commit = QInputMethodEvent()
        commit.setCommitString("伊藤")  # Japanese as an input method commits it
        QApplication.sendEvent(name, commit)
        qtbot.keyClick(name, Qt.Key.Key_Return)
        assert "伊藤" in stored(window)
        assert dialog.isVisible() and dialog.name.text() == "伊藤"
        days_off = dialog.findChild(QWidget, "wbsPersonDaysOff")
        days_off.setFocus()
        qtbot.keyClicks(days_off, "2027/01/04")
        qtbot.keyClick(days_off, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
        assert stored(window)["伊藤"].days_off == {dt.date(2027, 1, 4)}
        dialog.reject()
    finally:
        close_window(window)

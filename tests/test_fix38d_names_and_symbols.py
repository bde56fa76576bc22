"""fix38d: a company holiday's name is refused when too long, never cut (core, .ics, Settings ▸ company
holidays); control characters come out of every Markdown helper as their symbols (␋ ␌ ␜ …), a line ending
only at a real line break."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import markdown
import pytest

from app.core import operations as ops
from app.core.errors import UserError
from app.core.files import markdown_safe, markdown_text
from app.environment import wiki_markdown
from app.wbs import company_calendar as cc

DAY = dt.date(2026, 9, 1)
CONTROLS = "\x0b縦\x0cFF\x1cFS\x1dGS\x1eRS\x1fUS\x00\x1b\x7f"
SHOWN = "␋縦␌FF␜FS␝GS␞RS␟US␀␛␡"


def test_a_name_at_the_limit_is_kept_and_one_past_it_refused_naming_the_day(workspace) -> None:
    ops.run(workspace, cc.edit_holidays_op(-1, {DAY: "休" * cc.MAX_NAME_CHARS}))
    assert cc.holidays(workspace.db) == {DAY: "休" * cc.MAX_NAME_CHARS}
    with pytest.raises(UserError) as refused:
        ops.run(workspace, cc.edit_holidays_op(-1, {DAY: "祝" * (cc.MAX_NAME_CHARS + 1), DAY + dt.timedelta(days=1): "x"}))
    assert refused.value.key == "holidays.name_too_long"
    text = refused.value.text("ja")
    assert "2026/09/01" in text and "201" in text and "\n" not in text, text
    assert cc.holidays(workspace.db) == {DAY: "休" * cc.MAX_NAME_CHARS}  # nothing changed, the other day not added


def test_an_ics_summary_too_long_is_refused_not_cut(workspace, tmp_path: Path) -> None:
    path = tmp_path / "long.ics"
    summary = "創立記念日" * 50  # 250 characters
    path.write_text(
        f"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20260901\r\nSUMMARY:{summary}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        encoding="utf-8",
    )
    assert cc.parse_ics(path) == {DAY: summary}
    with pytest.raises(UserError) as refused:
        ops.run(workspace, cc.edit_holidays_op(-1, cc.parse_ics(path), keep_names=True))
    assert refused.value.key == "holidays.name_too_long"
    assert cc.holidays(workspace.db) == {}


def test_an_ics_summary_too_long_on_a_day_already_a_holiday_is_refused_too(workspace, tmp_path: Path) -> None:
    # the day keeps the user's name on an import, but the file is read as a whole: the same file refused on any calendar
    ops.run(workspace, cc.edit_holidays_op(-1, {DAY: "創立記念日"}))
    path = tmp_path / "long.ics"
    path.write_text(
        f"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20260901\r\nSUMMARY:{'祝' * 40_000}\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20260902\r\nSUMMARY:翌日\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        encoding="utf-8",
    )
    with pytest.raises(UserError) as refused:
        ops.run(workspace, cc.edit_holidays_op(-1, cc.parse_ics(path), keep_names=True))
    assert refused.value.key == "holidays.name_too_long" and "2026/09/01" in refused.value.text("ja")
    assert cc.holidays(workspace.db) == {DAY: "創立記念日"}  # nothing changed, the next day not added


def test_the_settings_tab_keeps_a_long_name_typed_and_says_it_is_too_long(qtbot, db_path) -> None:
    from PySide6.QtCore import QDate

    from app.ui.window.holidays_tab import HolidaysTab
    from tests.gui_helpers import close_window, make_window

    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        tab = HolidaysTab(window.state)
        tab.date_edit.setDate(QDate(2026, 9, 1))
        name = "休" * (cc.MAX_NAME_CHARS + 50)
        tab.name_edit.setText(name)  # as pasted: the field takes it whole
        assert tab.name_edit.text() == name
        assert not tab.add_day()
        assert tab.name_edit.text() == name  # the typing stays, to be shortened
        assert "2026/09/01" in tab.message.text() and "250" in tab.message.text(), tab.message.text()
        assert DAY not in cc.holidays(window.state.workspace.db)
    finally:
        close_window(window)


@pytest.mark.parametrize(
    "write",
    [
        markdown_text.inline, markdown_text.block, markdown_text.cell, markdown_safe.text_block, markdown_safe.table_cell,
        markdown_safe.quote_block, wiki_markdown.escape, wiki_markdown.cell, wiki_markdown.paragraph,
    ],
)  # fmt: skip
def test_every_markdown_helper_shows_control_characters_as_symbols(write) -> None:
    for text, shown in ((f"顧客{CONTROLS}", f"顧客{SHOWN}"), ("\x0c先頭と末尾\x0b", "␌先頭と末尾␋"), ("\x1c", "␜")):
        written = write(text)
        assert shown in written, (text, written)
        assert not any(ch in written for ch in "\x00\x0b\x0c\x1b\x1c\x1d\x1e\x1f\x7f"), written


def test_only_real_line_breaks_end_a_line() -> None:
    text = "一\u2028二\u2029三\x85四\r\n五\r六\n七"
    assert markdown_text.lines(text) == ["一\u2028二\u2029三\x85四", "五", "六", "七"]
    assert markdown_text.cell(text).count("<br>") == 3
    assert markdown_safe.table_cell(text).count("<br>") == 3
    assert markdown_text.inline(text) == "一 二 三 四 五 六 七"
    rendered = markdown.markdown(markdown_text.block(text), extensions=["tables", "sane_lists"])
    assert rendered.count("<br") == 3, rendered

"""What a user types or pastes is read, refused or written out in time linear in its length: a pattern or a loop over
its characters never tries every split of a long run (each took minutes, or hours, over a pasted field; a field holds
100,000 characters, an Excel cell 32,767, a command-line argument 128 KiB). Each check runs in a child process, the
text given on its standard input, with a limit far above what a linear reading takes (a quadratic one: hours)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

MILLION = 1_000_000


def read_in_bounded_time(code: str, typed: str, limit: float = 60) -> str:
    """Run ``code`` (``typed`` is on its standard input, as ``text``) in a child process; what it prints. A limit a
    thousand times what a linear reading takes here: a test of the kind of time, never of milliseconds."""
    env = os.environ | {"QT_QPA_PLATFORM": "offscreen", "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run([sys.executable, "-c", "import sys\ntext = sys.stdin.read()\n" + code], input=typed, text=True, encoding="utf-8",
                          capture_output=True, env=env, check=False, timeout=limit)  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


# --- names: Hangul fillers ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("call", [
    "from app.core.files.visible_text import fold_name as f", "from app.core.files.visible_text import typed_name as f",
    "from app.core.files.visible_text import hidden_characters as f", "from app.core.i18n import name_key as f",
    "from app.core.projects import clean_name as f",
])  # fmt: skip
@pytest.mark.parametrize("typed", ["\u115f" * 200_000, "\u115f\u1160" * 100_000 + "\u1100"])
def test_a_name_of_pasted_hangul_fillers_is_read_in_bounded_time(call: str, typed: str) -> None:
    # A filler's syllable was looked for around each filler: 20,000 of them took minutes (project new, an owner, a
    # person); each run of letters is read once now. 200,000: twice what a field holds (a name is read per character).
    read_in_bounded_time(call + "\ntry:\n    f(text)\nexcept Exception as e:\n    print(type(e).__name__)\n", typed)


def test_hangul_fillers_read_as_before() -> None:
    from app.core.files.visible_text import fold_name, hidden_characters, typed_name

    assert fold_name("山田\u3164太郎") == "山田 太郎" and fold_name("\u115f\u1160") == "" and fold_name("a\u115f\u1160b") == "a b"
    assert fold_name("\u1100\u1160") == "\u1100\u1160"  # a syllable of old Hangul: its filler is a letter
    assert fold_name("\u115f\u1161") == "\u115f\u1161" and fold_name("\u1100\u1161\u11a8") == "각"
    assert typed_name(" \u115f 高橋\u1160\u1160 ") == "高橋" and hidden_characters("a\u115fb\u1100\u1160") == "\u115f"


# --- Markdown: the closing # of a line ---------------------------------------------------------------------------------


@pytest.mark.parametrize("call", [
    "from app.core.files.markdown_text import escape_line as f", "from app.core.files.markdown_text import block as f",
    "from app.core.files.markdown_safe import text_block as f", "from app.core.files.markdown_safe import table_cell as f",
])  # fmt: skip
@pytest.mark.parametrize("typed", ["#" * MILLION + "x", "# " * 500_000 + "x"])
def test_a_line_of_a_million_hashes_is_escaped_in_bounded_time(call: str, typed: str) -> None:
    # The closing #s were looked for from each #: 20,000 of them, then a letter, took 10 s (every Markdown export,
    # the proposal, the wiki, the minutes; 100,000 in an answer: minutes). From a run's first # only now.
    read_in_bounded_time(call + "\nf(text)\n", typed)


@pytest.mark.parametrize(("line", "escaped"), [("C#", "C\\#"), ("a ##  ", "a \\#\\#  "), ("#a#", "\\#a\\#"), ("a#b", "a#b"),
                                               ("## ##", "\\## \\#\\#"), ("a#\n", "a\\#\n")])
def test_closing_hashes_escaped_as_before(line: str, escaped: str) -> None:
    from app.core.files.markdown_text import escape_line

    assert escape_line(line) == escaped


@pytest.mark.parametrize("call", ["from app.core.files.markdown_safe import user_html as f",
                                  "from app.core.files.markdown_safe import markdown_to_safe_html\n"
                                  "from app.core.files.markdown_text import cell\n"
                                  "f = lambda t: markdown_to_safe_html('| a |\\n| --- |\\n| ' + cell(t) + ' |')"])
@pytest.mark.parametrize("typed", ["<" * 200_000, "a\n" * 100_000, "_*\\`&<>\n" * 25_000])
def test_user_text_of_many_escapes_or_lines_is_written_as_html_in_bounded_time(call: str, typed: str) -> None:
    # Python-Markdown put each escape, entity and line break of a paragraph in a placeholder, copying the paragraph
    # each time: an answer of 100,000 < took 85 s to render (the proposal's HTML and PDF and its page, the review's
    # report), 40,000 short lines 27 s. Each run of plain text is one placeholder now: 200,000 in about 3 s.
    read_in_bounded_time(call + "\nf(text)\n", typed)


@pytest.mark.parametrize("typed", ["a\nb", "a  b\n\n- x\n  - y\n・z", "<b>&amp;</b> *x* _y_ `z` [a](b) \\", "C#\n#x\n1. y",
                                   "a\n\u3000b\n  c\n\tdone", "x  \n  \n", "&lt;&#126;&x;~= | a |", "\x1b\u200b\u3000"])
def test_user_text_written_as_html_as_before(typed: str) -> None:
    from app.core.files.markdown_safe import markdown_to_safe_html, text_block, user_html
    from app.core.files.markdown_text import cell, inline

    def by_python_markdown(text: str) -> str:  # Python-Markdown alone, as before
        import markdown

        from app.core.files.markdown_safe import sanitize_html

        return sanitize_html(markdown.Markdown(extensions=["tables", "sane_lists"], output_format="html").convert(text))

    assert user_html(typed) == by_python_markdown(text_block(typed))
    for page in (f"| a | b |\n| --- | --- |\n| {cell(typed)} | x |", f"**{inline(typed, start=False)}**: {inline(typed)}",
                 f"# {inline(typed, start=False)}\n\n- [{inline(typed, start=False)}](https://example.com/a_b)\n- `a\\*b` {inline(typed)}"):
        assert markdown_to_safe_html(page) == by_python_markdown(page)


# --- a check item's answer of digits -----------------------------------------------------------------------------------

_CHECK = ("import app.features\nfrom app.core.content.loader import default_library\nfrom app.hearing.sheet_cells import check_answer\n"
          "item = default_library().item('hearing.prereq.ethics')\ntry:\n    print(check_answer(item, text, 'ja')['checked'])\n"
          "except Exception as e:\n    print(type(e).__name__)\n")


@pytest.mark.parametrize("typed", ["1" * MILLION + "x", "１" * MILLION + "x", "1" * MILLION + "%x"])
def test_a_check_answer_of_a_million_digits_is_read_in_bounded_time(typed: str) -> None:
    # Whether the words are a number (neither yes nor no) was asked by a pattern that tried every split of the
    # digits: 20,000 took 11 s (hearing answer on a check item, a hearing sheet's cell), 120,000 over 2 minutes.
    assert read_in_bounded_time(_CHECK, typed).strip() == "True"  # a description: ticked, as before


@pytest.mark.parametrize(("typed", "checked"), [("2", None), ("12,345", None), ("-1.5%", None), (".5", None), ("3,000円", True),
                                                ("1.", True), ("0", False), ("1", True), ("1,5a", True), ("+7", None)])
def test_a_check_answer_that_is_a_number_is_refused_as_before(typed: str, checked: bool | None) -> None:
    import app.features  # noqa: F401  (the content types)
    from app.core.content.loader import default_library
    from app.core.errors import ValidationFailed
    from app.hearing.sheet_cells import check_answer

    item = default_library().item("hearing.prereq.ethics")
    if checked is None:
        with pytest.raises(ValidationFailed):
            check_answer(item, typed, "ja")
    else:
        assert check_answer(item, typed, "ja")["checked"] is checked


# --- a holiday or a day off typed with spaces --------------------------------------------------------------------------


@pytest.mark.parametrize("typed", [" " * MILLION + "x", "2026-01-01" + " " * MILLION + "x", "\u3000" * MILLION + "x",
                                   " " * MILLION + "〜" + " " * MILLION])
def test_a_day_typed_with_a_million_spaces_is_refused_in_bounded_time(typed: str) -> None:
    # The range mark was looked for from each space: 20,000 of them took 5 s (holidays add, resources add --off,
    # Settings' holidays, a person's days off); 120,000 from the command line over 2 minutes.
    code = "from app.wbs.company_calendar import parse_days\ntry:\n    parse_days([text])\nexcept Exception as e:\n    print(e.key)\n"
    assert read_in_bounded_time(code, typed).strip() == "holidays.bad_date"


def test_ranges_read_as_before() -> None:
    import datetime as dt

    from app.core.errors import ValidationFailed
    from app.wbs.company_calendar import parse_days

    three = [dt.date(2026, 8, 12), dt.date(2026, 8, 13), dt.date(2026, 8, 14)]
    for typed in ("2026-08-12..2026-08-14", "2026/8/12 〜 2026/8/14", " 2026-08-12\u3000～\u30002026-08-14 ", "2026-08-12~2026-08-14"):
        assert parse_days([typed]) == three
    assert parse_days(["2026-08-12 "]) == three[:1]
    with pytest.raises(ValidationFailed):
        parse_days(["2026-08-12 .. "])


@pytest.mark.parametrize("rule", ["FREQ=DAILY;BYSETPOS=" + "1," * 490_000 + "1", "FREQ=DAILY;BYSETPOS=" + "1," * 5_000 + "1"])
def test_an_ics_event_repeating_by_a_rule_of_a_million_characters_is_refused_in_bounded_time(rule: str, tmp_path) -> None:
    # dateutil reads a repeat rule in time growing with its lists times the days until the horizon: a BYSETPOS of
    # 1,000 entries took 8 s, of 4,000 45 s, the 490,000 a 1 MB file holds hours (holidays import, Settings' import).
    # A rule is at most MAX_RULE_CHARS characters (a holiday's holds tens): a longer one is refused, named, unread.
    ics = tmp_path / "rule.ics"
    ics.write_bytes(("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20270101\r\nSUMMARY:x\r\nRRULE:" + rule
                     + "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n").encode())
    code = (f"from app.wbs.company_calendar import parse_ics\ntry:\n    parse_ics({str(ics)!r})\nexcept Exception as e:\n"
            "    print(e.key, e.params['number'], e.params['length'], e.params['limit'])\n")
    assert read_in_bounded_time(code, "").split() == ["holidays.ics_rule_too_long", "1", f"{len(rule):,}", "1,000"]


def test_a_holiday_rule_within_the_bound_is_read_as_before(tmp_path) -> None:
    import datetime as dt

    from app.wbs.company_calendar import MAX_RULE_CHARS, parse_ics

    ics = tmp_path / "yearly.ics"
    rule = "FREQ=YEARLY;BYMONTH=1;BYDAY=2MO;BYSETPOS=" + ",".join(["1"] * 300)  # 成人の日, its position said 300 times
    assert len(rule) <= MAX_RULE_CHARS
    ics.write_text(f"BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20270111\nSUMMARY:成人の日\nRRULE:{rule}\nEND:VEVENT\nEND:VCALENDAR\n",
                   encoding="utf-8")
    days = parse_ics(ics)
    assert dt.date(2027, 1, 11) in days and dt.date(2028, 1, 10) in days and days[dt.date(2028, 1, 10)] == "成人の日"


# --- a WBS task's predecessors --------------------------------------------------------------------------------------


def test_a_predecessor_cell_naming_every_task_again_and_again_is_read_in_bounded_time() -> None:
    # Each code looked for its task among the links read so far, then each link among the links kept: a cell
    # naming every one of 8,000 tasks took 12 s to check, one of 100,000 characters over 4,000 tasks 6 s to read
    # (a million: minutes). Links are remembered in sets now.
    code = ("from app.wbs.model import Task, WbsTree, parse_dependencies\nfrom app.wbs.checks import checked_dependencies\n"
            "tree = WbsTree.build([Task(id=i, uid=i, position=i, title=f't{i}') for i in range(1, 8_002)])\n"
            "links = parse_dependencies(text, tree, 8_001)\nprint(len(checked_dependencies(tree, 8_001, links)))\n")
    codes = ", ".join(str(n) for n in range(1, 8_001)) + ", "
    assert read_in_bounded_time(code, (codes * (MILLION // len(codes) + 1))[:MILLION].rsplit(",", 1)[0]).strip() == "8000"


def test_predecessors_read_as_before() -> None:
    from app.wbs.checks import checked_dependencies
    from app.wbs.model import Task, WbsTree, parse_dependencies

    tree = WbsTree.build([Task(id=i, uid=i, position=i, title=f"t{i}") for i in range(1, 5)])
    links = parse_dependencies("2, 1+2, 2-1, ３FS+1日, 1", tree, 4)
    assert [(d.predecessor_id, d.lag_days) for d in links] == [(2, 0), (1, 2), (3, 1)]  # a task named again: its first link
    assert [(d.predecessor_id, d.lag_days) for d in checked_dependencies(tree, 4, links + links)] == [(2, 0), (1, 2), (3, 1)]


# --- a copy's target, a database URL --------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["a" * MILLION, " " * MILLION + "x", "é" * MILLION])
def test_a_copy_refused_names_a_million_character_target_in_bounded_time(typed: str) -> None:
    # Its line was swept for URLs from each letter (and for line breaks from each space): 20,000 letters took 2 s,
    # 100,000 minutes (project copy --to, File ▸ Copy Project To…).
    code = ("from app.projects.database_copy import ProjectCopyFailed\n"
            "said = ProjectCopyFailed(key='project_copy.failed', project='p', target=text, problem=text).text('ja')\nprint(len(said))\n")
    read_in_bounded_time(code, typed)


@pytest.mark.parametrize("typed", ["://a:" * 200_000, "postgresql://u:" + "@" * MILLION])
def test_a_url_of_a_million_characters_has_its_password_hidden_in_bounded_time(typed: str) -> None:
    # The password's rule ran to the last @ from each ://: 200,000 of them without an @ took minutes.
    read_in_bounded_time("from app.core.storage.url_text import hide_passwords\nhide_passwords(text)\n", typed)


@pytest.mark.parametrize(("typed", "hidden"), [
    ("postgresql://u:secret@h/db", "postgresql://u:***@h/db"), ("postgresql://u:p@ss@h/db", "postgresql://u:***@h/db"),
    ("x://u:p/w@h/d", "x://u:***@h/d"), ("x://u:p", "x://u:p"), ("a b://u:p@h c", "a b://u:***@h c"), ("x://u@h/d", "x://u@h/d"),
])  # fmt: skip
def test_passwords_hidden_as_before(typed: str, hidden: str) -> None:
    from app.core.storage.url_text import hide_passwords

    assert hide_passwords(typed) == hidden


def test_urls_and_line_breaks_in_a_copy_refused_as_before() -> None:
    from app.projects.database_copy import ProjectCopyFailed, hide_urls

    assert hide_urls("to postgresql://u:pw@h/db and x+y://a:b@c, then") == "to postgresql://u:***@h/db and x+y://a:***@c, then"
    failed = ProjectCopyFailed(key="project_copy.failed", project="p", target="t", problem="one \n  two\n\nthree ")
    assert "one two three" in failed.text("en")


# --- a template's format string ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("source", ["{{ s % 1 }}", "{{ s|format(1) }}", "{{ s.format(1) }}"])
def test_a_user_template_formatting_a_million_colons_is_checked_in_bounded_time(source: str, tmp_path) -> None:
    # A user's template formatting a user's text: the check for a huge width tried every split of the field's
    # colons (8,000 took 5 s; a field's 100,000 minutes, beyond the render's own time limit).
    (tmp_path / "t.j2").write_text(source, encoding="utf-8")
    code = ("from app.core.content.templating import sandboxed_environment\n"
            f"t = sandboxed_environment([{str(tmp_path)!r}]).get_template('t.j2')\n"
            "try:\n    t.render(s=text)\nexcept Exception as e:\n    print(type(e).__name__)\n")
    read_in_bounded_time(code, "{" + ":" * MILLION + "}")


# --- the window: the wiki preview, the WBS date cell -----------------------------------------------------------------


@pytest.mark.parametrize("typed", ["\u00a0" * MILLION + "\\|", "| " + "-" * MILLION + " x"])
def test_the_wiki_preview_reads_a_line_of_a_million_blanks_in_bounded_time(typed: str) -> None:
    # A line of the wiki's Markdown holding a | was tried as a table's delimiter row at every split of its
    # blanks: an answer's indentation (no-break spaces) of 100,000 froze the preview for minutes.
    code = "from app.ui.environment.wiki_preview import bounded_tables\nbounded_tables('| a |\\n' + text, str)\n"
    read_in_bounded_time(code, typed)


def test_delimiter_rows_read_as_before() -> None:
    from app.ui.environment.wiki_preview import _DELIMITER

    for row in ("| --- | --- |", "|:-|-:|", "--- | ---", " | :---: | ", "---", "|---|---|   "):
        assert _DELIMITER.match(row), row
    for row in ("| --- | x |", "| |", "|", "- - -", "\\| ---", "| -- : |"):
        assert not _DELIMITER.match(row), row


@pytest.mark.parametrize("typed", [" " * MILLION + "x", "令和1年1月1" + " " * MILLION + "x"])
def test_the_wbs_date_cell_checks_a_million_pasted_blanks_in_bounded_time(typed: str) -> None:
    # What is typed in a date cell is checked at each key; a paste of 20,000 blanks took 11 s of the window (100,000:
    # minutes), each blank tried as the end of one optional part and the start of the next.
    code = "from app.ui.wbs.delegates import _DateValidator\nprint(_DateValidator().validate(text, 0).name)\n"
    assert read_in_bounded_time(code, typed).strip() == "Invalid"


@pytest.mark.parametrize(("typed", "state"), [("2026/1", "Acceptable"), (" 令和 8 年 12 ", "Acceptable"), ("2026/12/24 (木", "Acceptable"),
                                              ("R8.12.24 (thu) ", "Acceptable"), ("  ", "Acceptable"), ("2026/12/24 x", "Invalid"),
                                              ("令和 x", "Invalid"), ("2026年12月 (", "Acceptable")])
def test_the_wbs_date_cell_takes_partial_dates_as_before(typed: str, state: str) -> None:
    from app.ui.wbs.delegates import _DateValidator

    assert _DateValidator().validate(typed, 0).name == state

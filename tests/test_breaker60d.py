"""breaker60d: this morning's changes (Ctrl+C / Ctrl+D, values starting with "-", refused database addresses,
holiday names and .ics encodings, width-blind hearing choices, invisible characters in environment fields,
pages kept over a language switch), tried as a demanding Japanese consultant.

Held (normal tests): Ctrl+C in the window's terminal with a hearing answer, a value that does not fit yet or a WBS
cell being typed (saved / kept as a draft; the drafts folder clean after a real SIGINT, checked by hand); a second
Ctrl+C during the close question asks nothing more; Ctrl+D or nothing at [y/N] is a no; --value -20%, -1, -p,
--value=--x, an option given twice, --out -wbs.xlsx, --db -x.db taken as typed, --value --later / -h / --hyp / --
refused naming --value=-…; sqlite://, sqlite:///, sqlite+pysqlite://, :memory: (also %3A-encoded), ?cache=shared,
sqlite://plan.db, mysql:// refused by --db, MLOPS_KICKOFF_DB, project copy --to and Settings; files literally named
sqlite:, a Windows-like C:-backslash name, file:plan.db, sqlite:///./:memory: and absolute sqlite:////… URLs opened as files; holidays add
without --name keeping a name; CP932 ① 髙 﨑 and UTF-8 with BOM .ics read; choices differing only by width or case
taken exactly or refused, never guessed; なし / ﾅｼ / 特に無し / ＮＯ on a check item unticked, 不明 refused; an emoji's
ZWJ, a flag's tags, a Persian ZWNJ and an IVS taken in the storage root, the MLflow URI and a location path; Undo
right after a refused value takes the typing back, then steps back as ever; a stored old URI brought back by Undo
after ↺, marked; System planning's item and the previews' page (with the typing and its cursor) kept over two
switches made elsewhere and over an edit.

Defects: the strict xfails below.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DB = "mlops-kickoff.sqlite3"


def run(home: Path, *argv: str, env: dict[str, str] | None = None, timeout: int = 120, stdin: str | None = None,
        ) -> subprocess.CompletedProcess[str]:
    """``python -m app --lang ja ARGV`` in a fresh process whose data folder (and cwd) is ``home``."""
    base = {k: v for k, v in os.environ.items() if k not in ("MLOPS_KICKOFF_DB", "MLOPS_KICKOFF_AUTHOR")}
    base |= {"MLOPS_KICKOFF_HOME": str(home), "MLOPS_KICKOFF_SETTINGS": str(home / "settings.ini"),
             "MLOPS_KICKOFF_LANG": "ja", "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen",
             "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"} | (env or {})
    result = subprocess.run([sys.executable, "-m", "app", "--lang", "ja", *argv], cwd=home, env=base,
                            capture_output=True, timeout=timeout, input=None if stdin is None else stdin.encode())
    return subprocess.CompletedProcess(result.args, result.returncode, result.stdout.decode("utf-8", "replace"),
                                       result.stderr.decode("utf-8", "replace"))


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0 and "Traceback" not in result.stderr, (result.returncode, result.stderr[-800:])
    return result.stdout


def refused(result: subprocess.CompletedProcess[str]) -> str:
    """Exit 2 and one Japanese line on stderr."""
    assert "Traceback" not in result.stderr, result.stderr[-800:]
    assert result.returncode == 2, (result.returncode, result.stdout[-300:], result.stderr[-500:])
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("mlops-kickoff") and "エラー: " in lines[0], result.stderr
    return lines[0]


@pytest.fixture
def home(tmp_path: Path) -> Path:
    target = tmp_path / "cli"
    target.mkdir()
    return target


def holidays(home: Path) -> dict[str, str]:
    out = ok(run(home, "holidays", "list"))
    listed = {}
    for line in out.splitlines():
        day, _, name = line.strip().partition("  ")
        listed[day] = name.strip()
    return listed


# ---- holidays: names and .ics encodings -------------------------------------------------------------------------


def _ics(name: str) -> str:
    return ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20260813\r\n"
            f"DTEND;VALUE=DATE:20260814\r\nSUMMARY:{name}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")


def test_an_euc_jp_calendar_is_not_imported_as_garbage(home: Path) -> None:
    ics = home / "euc.ics"
    ics.write_bytes(_ics("夏季休暇").encode("euc_jp"))
    result = run(home, "holidays", "import", str(ics))
    if result.returncode == 0:
        assert "夏季休暇" in " ".join(holidays(home).values()), holidays(home)
    else:
        assert "文字コード" in refused(result)


def test_shift_jis_with_nec_and_ibm_characters_and_utf8_with_bom_are_read(home: Path) -> None:
    sjis = home / "sjis.ics"
    sjis.write_bytes(_ics("①創立記念日(髙橋・﨑)").encode("cp932"))
    ok(run(home, "holidays", "import", str(sjis)))
    assert holidays(home) == {"2026/08/13": "①創立記念日(髙橋・﨑)"}
    bom = home / "bom.ics"
    bom.write_bytes(b"\xef\xbb\xbf" + _ics("お盆休み🎐").replace("20260813", "20260817").replace("20260814", "20260818").encode())
    ok(run(home, "holidays", "import", str(bom)))
    assert holidays(home)["2026/08/17"] == "お盆休み🎐"


def test_a_shift_jis_calendar_with_a_gaiji_is_not_said_to_be_another_encoding(home: Path) -> None:
    ics = home / "gaiji.ics"
    ics.write_bytes(_ics("創立記念日").encode("cp932").replace("記".encode("cp932"), b"\xf0\x40"))  # 外字 F040
    result = run(home, "holidays", "import", str(ics))
    if result.returncode != 0:
        line = refused(result)
        assert "Shift_JIS でもありません" not in line, line
        assert "外字" in line or "読めない文字" in line, line


def test_holidays_add_without_name_keeps_a_listed_days_name(home: Path) -> None:
    ok(run(home, "holidays", "add", "2026-08-12", "--name", "夏季休暇"))
    ok(run(home, "holidays", "add", "2026-08-12..2026-08-13"))
    assert holidays(home) == {"2026/08/12": "夏季休暇", "2026/08/13": ""}
    ok(run(home, "holidays", "add", "2026-08-13", "--name", "-お盆-"))  # a name starting with "-"
    assert holidays(home)["2026/08/13"] == "-お盆-"


def test_holidays_add_name_is_not_swallowed_by_year_end(home: Path) -> None:
    ok(run(home, "holidays", "add", "2026-12-31", "--name", "大晦日", "--year-end", "2026"))
    assert holidays(home)["2026/12/31"] == "大晦日", holidays(home)


def test_holidays_add_year_end_keeps_a_named_days_name(home: Path) -> None:
    ok(run(home, "holidays", "add", "2026-12-30", "--name", "大掃除"))
    ok(run(home, "holidays", "add", "2026-12-30", "--year-end", "2026"))
    assert holidays(home)["2026/12/30"] == "大掃除", holidays(home)


# ---- database addresses -----------------------------------------------------------------------------------------


def _files(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


def test_addresses_that_keep_nothing_or_name_no_kind_are_refused(home: Path) -> None:
    before = _files(home)
    for value in ("sqlite://", "sqlite:///", "sqlite+pysqlite://", "sqlite:///:memory:", "sqlite:///%3Amemory%3A",
                  "sqlite:///:memory:?cache=shared", "sqlite://plan.db", "mysql://u@h/db"):
        refused(run(home, "--db", value, "projects", "list"))
        refused(run(home, "projects", "list", env={"MLOPS_KICKOFF_DB": value}))
    assert _files(home) - before <= {"cache"}


def test_files_with_names_like_addresses_are_opened_as_files(home: Path) -> None:
    """A relative file literally named "sqlite:", a Windows-looking name, file:…, an absolute sqlite:////… URL."""
    for value, name in (("sqlite:", "sqlite:"), ("C:\\x.db", "C:\\x.db"), ("file:plan.db", "file:plan.db"),
                        (f"sqlite:///{home}/abs.db", "abs.db"),
                        ("sqlite+pysqlite:///pp.db", "pp.db"), ("sqlite:///./:memory:", ":memory:")):
        ok(run(home, "--db", value, "project", "new", "案件A"))
        assert name in _files(home), value
        assert "案件A" in ok(run(home, "--db", value, "projects", "list"))


def test_a_trailing_space_in_db_does_not_open_a_new_empty_database(home: Path) -> None:
    ok(run(home, "project", "new", "大事な案件"))
    for value in (f"{DB} ", f"sqlite:///{DB} "):
        result = run(home, "--db", value, "projects", "list")
        assert f"{DB} " not in _files(home), value
        if result.returncode == 0:
            assert "大事な案件" in result.stdout
        else:
            refused(result)


def test_project_copy_to_refuses_what_keeps_nothing(home: Path) -> None:
    ok(run(home, "project", "new", "案件B"))
    for to in ("sqlite://", "sqlite:///%3Amemory%3A", "sqlite:///", "sqlite://copy.db"):
        line = refused(run(home, "project", "copy", "案件B", "--to", to))
        assert "案件B" in line or "sqlite" in line
    ok(run(home, "project", "copy", "案件B", "--to", "sqlite:"))  # a file named "sqlite:" here
    assert "案件B" in ok(run(home, "--db", "sqlite:", "projects", "list"))


# ---- values starting with "-" -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("demo60d")
    assert ok(run(home, "demo")).split()[-1] == "1"
    return home


def _answer(home: Path, *value: str) -> subprocess.CompletedProcess[str]:
    return run(home, "hearing", "answer", "--project", "1", "--item", "懸念事項", *value)


def _concern(home: Path) -> str:
    line = next(line for line in ok(run(home, "hearing", "list", "--project", "1")).splitlines() if line.startswith("懸念事項\t"))
    return line.split("\t")[2]


def test_values_starting_with_a_minus_are_taken_as_typed_and_option_names_are_not(demo_home: Path) -> None:
    for argv, stored in ((["--value", "-20%のコスト削減"], "-20%のコスト削減"), (["--value", "-1"], "-1"),
                         (["--value=--x"], "--x"), (["--value", "a", "--value", "-b"], "-b"), (["--value", "-p"], "-p")):
        ok(_answer(demo_home, *argv))
        assert _concern(demo_home) == stored, argv
    for argv in (["--value", "--later"], ["--value", "-h"], ["--value", "--hyp"], ["--value", "--"]):
        line = refused(_answer(demo_home, *argv))
        assert "--value=-" in line, line
        assert _concern(demo_home) == "-p", argv


def test_an_abbreviated_option_takes_a_value_starting_with_a_minus(demo_home: Path) -> None:
    ok(_answer(demo_home, "--val", "-foo"))
    assert _concern(demo_home) == "-foo"


def test_files_named_with_a_minus_are_written_as_named(demo_home: Path, tmp_path: Path) -> None:
    work = tmp_path / "w"
    work.mkdir()
    result = subprocess.run([sys.executable, "-m", "app", "--lang", "ja", "--db", str(demo_home / DB), "export", "wbs",
                             "--project", "1", "--out", "-wbs.xlsx"], cwd=work, capture_output=True, text=True, timeout=120,
                            env=os.environ | {"PYTHONPATH": str(REPO), "MLOPS_KICKOFF_HOME": str(work), "LANG": "C.UTF-8",
                                              "MLOPS_KICKOFF_SETTINGS": str(work / "s.ini")})
    assert result.returncode == 0, result.stderr[-500:]
    assert (work / "-wbs.xlsx").is_file()
    ok(run(work, "--db", "-x.db", "project", "new", "案件"))
    assert (work / "-x.db").is_file()


# ---- hearing choices read width-blind ---------------------------------------------------------------------------


def _option(id_: str, ja: str, en: str):
    from app.core.content.model import Option

    return Option(id=id_, label={"ja": ja, "en": en})


def test_choices_differing_only_by_width_or_case_are_taken_exactly_or_refused_never_guessed() -> None:
    from app.core.content.model import Item
    from app.core.errors import AnswerValueError
    from app.hearing.model import normalize_value

    item = Item(id="team.cloud", label={"ja": "クラウド", "en": "Cloud"}, kind="choice",
                options=[_option("gcp", "GCP", "GCP"), _option("gcp_fw", "ＧＣＰ", "GCP (full)"), _option("aws", "aws", "AWS")])
    for typed, chosen in (("GCP", "gcp"), ("ＧＣＰ", "gcp_fw"), ("gcp", "gcp"), ("ａｗｓ", "aws"), ("ＡＷＳ", "aws"),
                          ("gcp (full)", "gcp_fw"), ("  GCP  ", "gcp")):
        assert normalize_value(item, typed) == chosen, typed
    for typed in ("ｇｃｐ", "Gcp", "ｇ ｃ ｐ"):  # two options read alike: refused, not guessed
        with pytest.raises(AnswerValueError):
            normalize_value(item, typed)


def test_a_multi_choice_label_with_a_japanese_comma_reads_back_as_shown() -> None:
    from app.core.content.model import Item
    from app.hearing.formats import format_value
    from app.hearing.model import normalize_value

    item = Item(id="team.data", label={"ja": "データ", "en": "Data"}, kind="multi",
                options=[_option("collect", "収集、蓄積", "Collect, store"), _option("process", "加工", "Process")])
    shown = format_value(item, ["collect", "process"], "ja")
    assert normalize_value(item, shown) == ["collect", "process"], shown


def test_check_items_no_words_untick_and_unclear_words_are_refused(demo_home: Path) -> None:
    import json

    def ethics() -> dict:
        listed = json.loads(ok(run(demo_home, "hearing", "list", "--project", "1", "--json")))
        return next(it for it in listed if it["id"] == "hearing.prereq.ethics")["value"]

    for typed in ("ﾅｼ", "特に無し", "ＮＯ", "該当なし"):
        ok(run(demo_home, "hearing", "answer", "--project", "1", "--item", "倫理上の問題", "--value", typed))
        assert ethics() == {"checked": False, "text": typed}, typed
    ok(run(demo_home, "hearing", "answer", "--project", "1", "--item", "倫理上の問題", "--value", "あり"))
    assert ethics()["checked"] is True
    assert "なし" in refused(run(demo_home, "hearing", "answer", "--project", "1", "--item", "倫理上の問題", "--value", "不明"))
    assert ethics() == {"checked": True, "text": "あり"}


# ---- Ctrl+C in the terminal of the window -----------------------------------------------------------------------


def _kept_in_drafts(home: Path, text: str) -> bool:
    return any(text in p.read_text(encoding="utf-8") for p in (home / "drafts").glob("**/*.json"))


@pytest.fixture
def ctrl_c():
    """The window's Ctrl+C handling (app/ui/ctrl_c.py), put back after; ``ctrl_c.press()`` is what the signal runs."""
    import signal

    from app.ui.ctrl_c import CtrlC

    handler = CtrlC().install()
    handler.press = lambda: handler._pressed(signal.SIGINT, None)  # type: ignore[attr-defined]
    try:
        yield handler
    finally:
        handler.put_back()


def test_ctrl_c_with_a_dialog_open_leaves_no_dialog_alone_and_keeps_its_typing(qtbot, db_path, tmp_path, ctrl_c) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from app.ui.projects.properties import ProjectPropertiesDialog
    from tests.gui_helpers import close_window, make_window, settle

    window = make_window(qtbot, db_path, global_lang="ja")
    seen: dict[str, bool] = {}
    try:
        ctrl_c.attach(window)

        def type_then_press() -> None:
            dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, ProjectPropertiesDialog) and w.isVisible())
            dialog.customer.setFocus()
            dialog.customer.selectAll()
            dialog.customer.insert("新顧客株式会社")
            ctrl_c.press()

            def look() -> None:
                from shiboken6 import isValid

                seen["dialog left on screen"] = isValid(dialog) and dialog.isVisible()  # (closed, it is deleted: run_modal)
                if seen["dialog left on screen"]:
                    dialog.reject()  # the user, alone with it, presses Cancel

            QTimer.singleShot(1500, look)

        QTimer.singleShot(300, type_then_press)
        window.properties_action.trigger()
        qtbot.waitUntil(lambda: bool(seen), timeout=10000)
        settle(window)
        assert not window.isVisible()
        assert seen == {"dialog left on screen": False}
        assert _kept_in_drafts(tmp_path / "home", "新顧客株式会社")
    finally:
        ctrl_c.put_back()
        close_window(window)


def test_a_second_ctrl_c_during_the_close_question_asks_nothing_more(qtbot, db_path, monkeypatch, ctrl_c) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    from app.ui import messages
    from app.ui.hearing.drafts import DraftRegistry
    from tests.gui_helpers import close_window, make_window

    window = make_window(qtbot, db_path, global_lang="ja")
    asked: list[str] = []

    def confirm(_parent, _title, text) -> bool:
        asked.append(text)
        ctrl_c.press()  # again, while the question is up
        loop = QEventLoop()
        QTimer.singleShot(300, loop.quit)
        loop.exec()
        return False  # the user keeps the window

    try:
        with monkeypatch.context() as patched:
            patched.setattr(DraftRegistry, "lost_on_close", lambda self: 1)
            patched.setattr(messages, "confirm", confirm)
            ctrl_c.attach(window)
            ctrl_c.press()
            qtbot.waitUntil(lambda: bool(asked), timeout=5000)
            qtbot.wait(500)
            assert len(asked) == 1 and window.isVisible()
    finally:
        ctrl_c.put_back()
        close_window(window)


def test_ctrl_c_right_after_typing_an_answer_saves_it(qtbot, db_path, ctrl_c) -> None:
    from app.hearing.answers import AnswerService
    from tests.gui_helpers import close_window, make_window, open_hearing_item

    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        ctrl_c.attach(window)
        item = "hearing.basics.background"
        field = open_hearing_item(window, qtbot, item).editors["value"].edit
        field.setFocus()
        field.moveCursor(field.textCursor().MoveOperation.End)
        field.insertPlainText("(Ctrl+C直前の追記)")
        ctrl_c.press()
        qtbot.waitUntil(lambda: not window.isVisible(), timeout=5000)
        answer = AnswerService(window.state.workspace.db, window.state.workspace.library).answer(window.state.project_id, item)
        assert str(answer.value).endswith("(Ctrl+C直前の追記)")
    finally:
        ctrl_c.put_back()
        close_window(window)


# ---- Ctrl+C at a command's last moments: the line true to what is on disk ---------------------------------------


def _cli(capsys, *argv: str) -> tuple[int, str, str]:
    from app.cli.main import main

    code = main(["--lang", "ja", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def _ctrl_c_after(monkeypatch, module, name: str) -> None:
    """``module.name`` does its work, then the user's Ctrl+C arrives."""
    done = getattr(module, name)

    def then_ctrl_c(*args, **kwargs):
        done(*args, **kwargs)
        raise KeyboardInterrupt

    monkeypatch.setattr(module, name, then_ctrl_c)


def test_ctrl_c_after_backup_create_wrote_and_pruned_names_what_was_done(tmp_path, capsys, monkeypatch) -> None:
    from app.core.storage import backups

    db = tmp_path / "plan.sqlite3"
    assert _cli(capsys, "--db", str(db), "project", "new", "案件")[0] == 0
    assert _cli(capsys, "--db", str(db), "backup", "create")[0] == 0
    older = sorted((tmp_path / "backups").iterdir())
    _ctrl_c_after(monkeypatch, backups, "prune")
    code, _out, err = _cli(capsys, "--db", str(db), "backup", "create", "--keep", "1")
    now = sorted((tmp_path / "backups").iterdir())
    assert code == 130 and len(now) == 1 and now != older  # a new backup in place, the older one deleted
    assert now[0].name in err, err


@pytest.mark.parametrize("command", ["import", "copy"])
def test_ctrl_c_after_a_project_was_added_does_not_say_only_interrupted(tmp_path, capsys, monkeypatch, command) -> None:
    import app.cli.main as cli_main

    db, other = tmp_path / "plan.sqlite3", tmp_path / "other.sqlite3"
    assert _cli(capsys, "--db", str(db), "project", "new", "案件C")[0] == 0
    assert _cli(capsys, "--db", str(other), "project", "new", "別件")[0] == 0
    assert _cli(capsys, "--db", str(db), "project", "export", "案件C", "--out", str(tmp_path / "c.json"))[0] == 0
    printed = print

    def print_then_ctrl_c(*args, **kwargs):  # the Ctrl+C comes as the new project's number is printed
        if kwargs.get("file") is None:
            raise KeyboardInterrupt
        printed(*args, **kwargs)

    monkeypatch.setattr(cli_main, "print", print_then_ctrl_c, raising=False)
    argv = (["--db", str(other), "project", "import", str(tmp_path / "c.json")] if command == "import"
            else ["--db", str(db), "project", "copy", "案件C", "--to", str(other)])
    code, _out, err = _cli(capsys, *argv)
    monkeypatch.undo()
    listed = _cli(capsys, "--db", str(other), "projects", "list")[1]
    assert code == 130
    if "案件C" in listed:  # the project is in the other database: the line must not say only that it was interrupted
        assert err.strip() != "mlops-kickoff: 中断しました", err


# ---- Ctrl+D and the answer to [y/N] -----------------------------------------------------------------------------


def _answer_to(monkeypatch, typed: str | None) -> bool:
    from app.core import kinds

    def fake_input(_prompt: str) -> str:
        if typed is None:
            raise EOFError  # Ctrl+D
        return typed

    monkeypatch.setattr("builtins.input", fake_input)
    return kinds.answered_yes("取り込みますか? [y/N] ")


def test_ctrl_d_or_nothing_at_the_question_is_a_no_and_ends_the_line(monkeypatch, capsys) -> None:
    assert _answer_to(monkeypatch, None) is False
    assert capsys.readouterr().out == "\n"
    for typed, yes in (("", False), ("n", False), ("y", True), (" YES ", True), ("はい", True), ("いいえ", False)):
        assert _answer_to(monkeypatch, typed) is yes, typed


def test_a_full_width_yes_at_the_question_is_a_yes(monkeypatch) -> None:
    for typed in ("ｙ", "Ｙｅｓ"):
        assert _answer_to(monkeypatch, typed) is True, typed


@pytest.mark.parametrize("typed", ["sqlite:///%3Amemory%3A", "sqlite+pysqlite://", "sqlite:///", "SQLITE://", "mysql://h/db"])
def test_settings_refuses_more_spellings_of_a_database_that_keeps_nothing(japanese_window, qtbot, typed) -> None:
    from PySide6.QtWidgets import QLabel, QLineEdit

    from app.ui import settings
    from app.ui.window.settings_dialog import SettingsDialog

    dialog = SettingsDialog(japanese_window.state, japanese_window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.findChild(QLineEdit, "databaseUrl").setText(typed)
    dialog.accept()
    note = dialog.findChild(QLabel, "databaseNote").text()
    still_open = dialog.isVisible()
    dialog.reject()
    assert still_open and note and "Error" not in note, (typed, note)
    assert settings.database_url() != typed


def test_settings_takes_a_sqlite_file_by_an_absolute_url(japanese_window, qtbot, tmp_path) -> None:
    from PySide6.QtWidgets import QLineEdit

    from app.ui import settings
    from app.ui.window.settings_dialog import SettingsDialog

    dialog = SettingsDialog(japanese_window.state, japanese_window)
    qtbot.addWidget(dialog)
    dialog.show()
    url = f"sqlite:///{tmp_path}/チーム共有.sqlite3"
    dialog.findChild(QLineEdit, "databaseUrl").setText(f"  {url}  ")
    dialog.accept()
    assert not dialog.isVisible()
    dialog.save()
    assert settings.database_url() == url


# ---- the item and the preview page kept over ja <-> en ----------------------------------------------------------


def test_system_planning_keeps_its_item_over_two_switches_made_elsewhere(japanese_window, qtbot) -> None:
    from tests.gui_helpers import open_hearing_item, settle

    window = japanese_window
    item = "system_planning.requirements.user"
    open_hearing_item(window, qtbot, item)
    window.show_page("review")
    settle(window)
    for lang in ("en", "ja", "en"):
        window.set_ui_lang(lang)
        settle(window)
    window.show_page("system-planning")
    settle(window)
    assert window.page("system-planning").editor.item_id == item


@pytest.mark.parametrize("page_id", ["experiment", "data-ci"])
def test_the_preview_page_is_kept_over_two_switches_made_elsewhere(japanese_window, qtbot, page_id) -> None:
    from tests.gui_helpers import environment_page, settle

    window = japanese_window
    page = environment_page(window, qtbot, page_id)
    settle(window)
    page.preview.page_list.setCurrentRow(2)
    settle(window)
    reading = page.preview.current_page_id()
    window.show_page("review")
    settle(window)
    for lang in ("en", "ja"):
        window.set_ui_lang(lang)
        settle(window)
    page = environment_page(window, qtbot, page_id)
    settle(window)
    assert page.preview.current_page_id() == reading


def test_the_preview_page_is_kept_over_an_edit_then_a_switch(japanese_window, qtbot) -> None:
    from PySide6.QtWidgets import QLineEdit

    from tests.gui_helpers import environment_page, settle

    window = japanese_window
    page = environment_page(window, qtbot, "experiment")
    settle(window)
    page.preview.page_list.setCurrentRow(3)
    settle(window)
    reading = page.preview.current_page_id()
    frameworks = page.findChild(QLineEdit, "field_frameworks")
    frameworks.setFocus()
    frameworks.end(False)
    frameworks.insert("、JAX")
    settle(window)
    assert page.preview.current_page_id() == reading
    window.set_ui_lang("en")
    settle(window)
    page = environment_page(window, qtbot, "experiment")
    settle(window)
    assert page.preview.current_page_id() == reading
    assert page.findChild(QLineEdit, "field_frameworks").text().endswith("、JAX")


# ---- environment fields and invisible characters ----------------------------------------------------------------


def _env_value(window, field_id: str):
    from app.environment.service import EnvironmentService

    return EnvironmentService(window.state.workspace).choices(window.state.project_id, "ja").value(field_id)


def test_an_emoji_with_zwj_a_flag_and_a_persian_zwnj_are_taken_in_paths_and_the_mlflow_uri(japanese_window, qtbot) -> None:
    from PySide6.QtWidgets import QLineEdit

    from app.environment.service import check_location
    from tests.gui_helpers import environment_page, settle

    window = japanese_window
    seen = "s3://チーム👨\u200d👩\u200d👧/🇯🇵🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f/می\u200cخواهم/葛\U000e0100飾"
    for page_id, field_id, text in (("data-ci", "storage_root", seen), ("experiment", "mlflow_uri", seen.replace("s3://", "https://"))):
        page = environment_page(window, qtbot, page_id)
        field = page.findChild(QLineEdit, f"field_{field_id}")
        field.setFocus()
        field.selectAll()
        field.insert(text)
        settle(window)
        assert _env_value(window, field_id) == text, field.toolTip()
        assert "background-color" not in field.styleSheet()
    check_location("生データ", "path", seen + "/raw/")  # a location path takes them too


def test_undo_right_after_a_refused_value_takes_the_typing_back_then_steps_back_as_ever(japanese_window, qtbot) -> None:
    from PySide6.QtWidgets import QLineEdit

    from tests.gui_helpers import environment_page, settle

    window = japanese_window
    page = environment_page(window, qtbot, "experiment")
    frameworks, uri = (page.findChild(QLineEdit, f"field_{f}") for f in ("frameworks", "mlflow_uri"))
    before_fw, before_uri = _env_value(window, "frameworks"), _env_value(window, "mlflow_uri")
    frameworks.setFocus()
    frameworks.end(False)
    frameworks.insert("、JAX")
    settle(window)
    uri.setFocus()
    uri.selectAll()
    uri.insert("http\u200b://mlflow:5000")
    settle(window)
    assert _env_value(window, "mlflow_uri") == before_uri and "U+200B" in uri.toolTip()
    window.undo_action.trigger()
    settle(window)
    assert uri.text() == before_uri and "U+200B" not in uri.toolTip()
    assert _env_value(window, "frameworks") == f"{before_fw}、JAX"
    window.undo_action.trigger()
    settle(window)
    assert _env_value(window, "frameworks") == before_fw and frameworks.text() == before_fw
    window.redo_action.trigger()
    settle(window)
    assert _env_value(window, "frameworks") == f"{before_fw}、JAX" and uri.text() == before_uri


def test_the_undo_label_names_what_undo_takes_back_after_a_refused_value(japanese_window, qtbot) -> None:
    from PySide6.QtWidgets import QLineEdit

    from tests.gui_helpers import environment_page, settle

    window = japanese_window
    page = environment_page(window, qtbot, "experiment")
    frameworks, uri = (page.findChild(QLineEdit, f"field_{f}") for f in ("frameworks", "mlflow_uri"))
    frameworks.setFocus()
    frameworks.end(False)
    frameworks.insert("、JAX")
    settle(window)
    uri.setFocus()
    uri.selectAll()
    uri.insert("http\u200b://mlflow:5000")
    settle(window)
    label = window.undo_action.text()
    window.undo_action.trigger()
    settle(window)
    assert _env_value(window, "frameworks").endswith("、JAX")  # what the first Undo did not touch
    assert "フレームワーク" not in label, label


def test_ctrl_c_with_a_wbs_cell_being_typed_saves_it(qtbot, db_path, ctrl_c) -> None:
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication, QWidget

    from app.ui.wbs.columns import INDEX
    from app.wbs.service import WbsService
    from tests.gui_helpers import close_window, make_window, settle

    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        ctrl_c.attach(window)
        window.show_page("wbs")
        settle(window)
        page = window.page("wbs")
        task = next(iter(page.model.tree.walk()))
        index = page.proxy.mapFromSource(page.model.index_of(task.id, INDEX["title"]))
        page.tree.setCurrentIndex(index)
        page.tree.edit(index)
        editor = next(w for w in page.tree.findChildren(QWidget) if w.objectName().startswith("wbsEditor_") and w.isVisible())
        editor.setFocus()
        editor.selectAll()
        event = QInputMethodEvent("", [])
        event.setCommitString("要件定義(Ctrl+C直前)")
        QApplication.sendEvent(editor, event)
        ctrl_c.press()
        qtbot.waitUntil(lambda: not window.isVisible(), timeout=5000)
        titles = [t.title for t in WbsService(window.state.workspace.db).tree(window.state.project_id).walk()]
        assert "要件定義(Ctrl+C直前)" in titles
    finally:
        ctrl_c.put_back()
        close_window(window)


def test_an_iso_2022_jp_calendar_is_not_imported_as_escape_sequences(home: Path) -> None:
    ics = home / "jis.ics"
    ics.write_bytes(_ics("夏季休暇").encode("iso2022_jp"))
    result = run(home, "holidays", "import", str(ics))
    if result.returncode == 0:
        assert holidays(home) == {"2026/08/13": "夏季休暇"}, holidays(home)
    else:
        assert "文字コード" in refused(result)


def test_an_empty_db_option_is_refused_not_dropped(home: Path) -> None:
    ok(run(home, "project", "new", "ローカル案件"))
    before = (home / DB).read_bytes()
    result = run(home, "--db", "", "project", "delete", "ローカル案件", "--yes")
    assert "ローカル案件" in ok(run(home, "projects", "list"))
    assert "--db" in refused(result)
    assert (home / DB).read_bytes() == before


def test_ctrl_c_right_after_a_value_that_does_not_fit_keeps_it_in_the_drafts(qtbot, db_path, tmp_path, ctrl_c) -> None:
    from tests.gui_helpers import close_window, make_window, open_hearing_item

    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        ctrl_c.attach(window)
        field = open_hearing_item(window, qtbot, "hearing.prereq.users_ds").editors["value"].edit
        field.setFocus()
        field.selectAll()
        field.insert("三人くらい?")  # no number yet: kept as a draft for the next start
        ctrl_c.press()
        qtbot.waitUntil(lambda: not window.isVisible(), timeout=5000)
        assert _kept_in_drafts(tmp_path / "home", "三人くらい?")
    finally:
        ctrl_c.put_back()
        close_window(window)


def test_a_stored_uri_with_an_invisible_character_comes_back_with_undo_after_a_reset(qtbot, db_path) -> None:
    from PySide6.QtWidgets import QLineEdit, QToolButton

    from app.core.documents import DocumentService
    from tests.gui_helpers import close_window, environment_page, make_window, settle

    old = "http\u200b://mlflow:5000"
    window = make_window(qtbot, db_path, global_lang="ja")
    docs = DocumentService(window.state.workspace.db)
    env = docs.get(window.state.project_id, "environment")
    env.setdefault("values", {})["mlflow_uri"] = old
    docs.put(window.state.project_id, "environment", env)
    close_window(window)
    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        page = environment_page(window, qtbot, "experiment")
        settle(window)
        field = page.findChild(QLineEdit, "field_mlflow_uri")
        page.findChild(QToolButton, "reset_mlflow_uri").click()
        settle(window)
        assert _env_value(window, "mlflow_uri") != old
        window.undo_action.trigger()
        settle(window)
        assert _env_value(window, "mlflow_uri") == old and field.text() == old and "U+200B" in field.toolTip()
        field.setFocus()
        field.end(False)
        field.insert("/x")  # typed over it: refused, the stored one kept
        settle(window)
        assert _env_value(window, "mlflow_uri") == old
        window.undo_action.trigger()
        settle(window)
        assert field.text() == old and _env_value(window, "mlflow_uri") == old
    finally:
        close_window(window)


def test_a_yes_no_cell_reads_the_check_items_words_for_no(library) -> None:
    """Held: なし / 無 / × / ＮＯ in a yes-no column (個人情報有無) read as no, あり / ○ / Ｙｅｓ as yes."""
    from app.hearing.model import cell_error

    column = next(c for c in library.item("hearing.prereq.data_sources").columns if c.id == "personal_info")
    for typed in ("なし", "無", "×", "ＮＯ", "いいえ", "あり", "○", "Ｙｅｓ", "有り"):
        assert cell_error("hearing.prereq.data_sources", column, typed) is None, typed


def test_a_yes_no_cell_reads_katakana_and_half_width_nashi(library) -> None:
    from app.hearing.model import cell_error

    column = next(c for c in library.item("hearing.prereq.data_sources").columns if c.id == "personal_info")
    for typed in ("ナシ", "ﾅｼ"):
        assert cell_error("hearing.prereq.data_sources", column, typed) is None, typed


def test_a_utf8_calendar_with_one_broken_byte_is_not_said_to_be_no_calendar(home: Path) -> None:
    ics = home / "broken.ics"
    ics.write_bytes(_ics("夏季休暇 Café").encode().replace("é".encode(), b"\xe9"))
    line = refused(run(home, "holidays", "import", str(ics)))
    assert "iCalendar(.ics)ファイルではありません" not in line, line
    assert "文字コード" in line or "UTF-8" in line, line


def test_typing_its_cursor_and_the_preview_page_are_kept_together_over_a_switch(japanese_window, qtbot) -> None:
    from PySide6.QtWidgets import QPlainTextEdit

    from tests.gui_helpers import environment_page, settle

    window = japanese_window
    page = environment_page(window, qtbot, "data-ci")
    settle(window)
    page.preview.page_list.setCurrentRow(1)
    settle(window)
    reading = page.preview.current_page_id()
    box = next(b for b in page.findChildren(QPlainTextEdit) if b.objectName().startswith("field_"))
    name = box.objectName()
    box.setFocus()
    box.moveCursor(box.textCursor().MoveOperation.End)
    box.insertPlainText("追記中")
    cursor = box.textCursor().position()
    window.set_ui_lang("en")
    settle(window)
    page = environment_page(window, qtbot, "data-ci")
    settle(window)
    box = page.findChild(QPlainTextEdit, name)
    assert box.toPlainText().endswith("追記中") and box.textCursor().position() == cursor
    assert page.preview.current_page_id() == reading

"""breaker21a: a demanding consultant's first day with the app on a laptop, in front of a customer:
first start, a data folder that is odd (spaces and Japanese in its path, read-only, on a full disk,
a file where the folder should be), Japanese dates and amounts typed as Japanese people type them,
values at the edge (9999/12/31 as "no end date", huge amounts), and every export opened as a user
opens it. Strict xfails are defects (the reason says what the user sees); the rest held."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli.main import main
from app.core import operations as ops
from app.core.errors import UserError
from app.core.projects import ProjectService
from app.core.workspace import Workspace
from app.hearing.operations import update_answer

REPO = Path(__file__).resolve().parent.parent


def run_app(*args: str, home: Path, timeout: float = 60) -> subprocess.CompletedProcess:
    """The program as a user starts it, with its data folder at ``home`` (and its settings beside)."""
    env = os.environ.copy()
    env.update(MLOPS_KICKOFF_HOME=str(home), MLOPS_KICKOFF_SETTINGS=str(home.parent / "settings.ini"), QT_QPA_PLATFORM="offscreen")
    env.pop("MLOPS_KICKOFF_DB", None)
    return subprocess.run([sys.executable, "-m", "app", *args], cwd=REPO, capture_output=True, text=True, timeout=timeout, env=env)


def one_line_refusal(result: subprocess.CompletedProcess) -> str:
    """What a user expects from a refusal: exit status 2 and one line on stderr, no traceback."""
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    assert result.returncode == 2, (result.returncode, result.stderr[-2000:])
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


# --- the data folder ------------------------------------------------------------------------------


def test_a_data_folder_with_spaces_and_japanese_in_its_path_works(tmp_path: Path, monkeypatch, capsys) -> None:
    home = tmp_path / "ユーザー データ" / "mlops kickoff"
    monkeypatch.setenv("MLOPS_KICKOFF_HOME", str(home))
    assert main(["--lang", "ja", "demo"]) == 0
    shot = tmp_path / "画面 写真.png"
    result = run_app("--lang", "ja", "--page", "hearing", "--size", "1600x900", "--screenshot", str(shot), home=home)
    assert result.returncode == 0, result.stderr
    assert shot.stat().st_size > 50_000
    capsys.readouterr()
    assert main(["--lang", "ja", "projects", "list"]) == 0
    assert "類似画像検索PoC(デモ)" in capsys.readouterr().out


def test_the_window_says_in_one_line_that_the_data_folder_cannot_be_made(tmp_path: Path) -> None:
    blocker = tmp_path / "usb"
    blocker.write_text("not a folder", encoding="utf-8")
    home = blocker / "mlops-kickoff"
    cli = one_line_refusal(run_app("--lang", "ja", "projects", "list", home=home))
    assert "フォルダーではなく" in cli  # the CLI holds: 「パスの途中がフォルダーではなくファイルです」
    window = one_line_refusal(run_app("--lang", "ja", "--screenshot", str(tmp_path / "s.png"), home=home))
    assert "フォルダーではなく" in window


def test_a_data_folder_that_is_a_file_is_said_in_japanese(tmp_path: Path) -> None:
    home = tmp_path / "データ"
    home.write_text("a file, not a folder", encoding="utf-8")
    line = one_line_refusal(run_app("--lang", "ja", "projects", "list", home=home))
    assert "File exists" not in line and "exists" not in line, line


def test_a_full_disk_is_said_as_a_full_disk_not_as_a_damaged_database(tmp_path: Path) -> None:
    from tests.test_hostile_files import _fill, small_filesystem

    with small_filesystem(tmp_path / "full", "2M") as folder:
        home = folder / "データ フォルダ"
        assert run_app("--lang", "en", "project", "new", "顧客案件", home=home).returncode == 0
        _fill(folder, leave=0)
        for command in (("project", "new", "another"), ("projects", "list")):
            line = one_line_refusal(run_app("--lang", "en", *command, home=home)).lower()
            assert "damaged" not in line and "restore" not in line, line  # advice to overwrite a sound database
            assert "full" in line, line
        (folder / "filler").unlink()
        listed = run_app("--lang", "en", "projects", "list", home=home)
        assert "顧客案件" in listed.stdout  # it was never damaged


# --- 9999/12/31: "no end date" as Japanese systems write it ----------------------------------------

NO_END = "9999/12/31"  # 無期限: how many Japanese forms and systems write an open end


def typed_answer(workspace: Workspace, project_id: int, item_id: str, text: str) -> bool:
    """The answer typed as a user types it: True when kept, False when refused with a message (which holds)."""
    try:
        ops.run(workspace, update_answer(project_id, item_id, value=text))
    except UserError:
        return False
    return True


def test_an_open_end_date_in_the_hearing_still_gives_a_proposal(workspace, db_path: Path, tmp_path: Path) -> None:
    pid = ProjectService(workspace.db).create("無期限の案件", lang="ja").id
    assert typed_answer(workspace, pid, "hearing.basics.poc_start", "2026/12/01")
    if not typed_answer(workspace, pid, "hearing.basics.poc_end", NO_END):
        return  # refused where it was typed, with a message: nothing further breaks
    out = tmp_path / "提案.md"
    assert main(["--db", str(db_path), "--lang", "ja", "export", "proposal", "--project", str(pid), "--out", str(out)]) == 0
    assert "MLOps導入提案" in out.read_text(encoding="utf-8")


def test_an_open_end_date_in_the_hearing_still_gives_the_wiki(workspace, db_path: Path, tmp_path: Path) -> None:
    pid = ProjectService(workspace.db).create("無期限の案件", lang="ja").id
    if not typed_answer(workspace, pid, "hearing.basics.poc_end", NO_END):
        return
    out = tmp_path / "wiki"
    assert main(["--db", str(db_path), "--lang", "ja", "export", "wiki", "--project", str(pid), "--out", str(out)]) == 0
    assert (out / "index.md").exists()


def test_the_proposal_page_shows_a_proposal_after_an_open_end_date_is_typed(qtbot, db_path: Path) -> None:
    from tests.gui_helpers import close_window, make_window

    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        window.show_page("hearing")
        page = window.page("hearing")
        assert page.select_item("hearing.basics.poc_end")
        qtbot.waitUntil(lambda: page.editor.item_id == "hearing.basics.poc_end")
        field = page.editor.editors["value"].edit
        field.clear()
        qtbot.keyClicks(field, NO_END)
        page.editor.flush()
        kept = window.state.answers.answer(window.state.project_id, "hearing.basics.poc_end").value
        if kept != "9999-12-31":
            return  # refused as typed (red, with a reason): the proposal is untouched
        window.show_page("proposal")
        proposal = window.page("proposal")
        qtbot.waitUntil(lambda: "MLOps導入提案" in proposal.preview.toPlainText(), timeout=5000)  # about 1 s normally
    finally:
        close_window(window)


def test_a_far_poc_start_typed_at_first_start_is_refused_or_ms_project_still_exports(qtbot, db_path: Path, tmp_path: Path, monkeypatch) -> None:
    from PySide6.QtCore import QDate, Qt
    from PySide6.QtWidgets import QCommandLinkButton, QDateEdit, QLineEdit, QPushButton

    from app.ui import messages
    from tests.gui_helpers import close_window
    from tests.test_welcome import first_window, welcome_of

    shown: list[str] = []
    monkeypatch.setattr(messages, "show_error", lambda _parent, error, title=None: shown.append(str(error)))
    window = first_window(qtbot, db_path, "ja")
    try:
        dialog = welcome_of(qtbot, window)
        qtbot.mouseClick(dialog.findChild(QCommandLinkButton, "welcomeCreateButton"), Qt.MouseButton.LeftButton)
        dialog.findChild(QLineEdit, "welcomeNameEdit").setText("需要予測PoC")
        dialog.findChild(QDateEdit, "welcomeStartEdit").setDate(QDate(9999, 12, 31))
        qtbot.mouseClick(dialog.findChild(QPushButton, "welcomeCreateProjectButton"), Qt.MouseButton.LeftButton)
        project = window.state.project
    finally:
        close_window(window)
    if project is None:
        assert shown  # refused where it was typed, and said
        return
    typed_as_is = project.start_date == dt.date(9999, 12, 31)  # else the date field held it within its range
    out = tmp_path / "計画.xml"
    code = main(["--db", str(db_path), "--lang", "ja", "export", "mspdi", "--project", str(project.id), "--out", str(out)])
    assert code in ((0, 2) if typed_as_is else (0,))  # written, or refused in one line


# --- Japanese dates where the app reads dates -------------------------------------------------------


@pytest.mark.parametrize("typed", ["2026年8月12日", "令和8年8月12日", "2026/8/12(水)"])
def test_company_holidays_take_dates_as_japanese_write_them(db_path: Path, typed: str) -> None:
    assert main(["--db", str(db_path), "--lang", "ja", "holidays", "add", typed, "--name", "夏季休暇"]) == 0


def test_a_persons_day_off_takes_a_japanese_date(workspace, db_path: Path) -> None:
    pid = ProjectService(workspace.db).create("休みの入力", lang="ja").id
    assert main(["--db", str(db_path), "--lang", "ja", "resources", "add", "--project", str(pid), "--name", "佐藤",
                 "--off", "2026年12月28日"]) == 0


# --- huge values ---------------------------------------------------------------------------------------


def test_huge_cost_amounts_never_print_inf_in_the_design_document(workspace, db_path: Path, tmp_path: Path) -> None:
    pid = ProjectService(workspace.db).create("巨大な見積", lang="ja").id
    rows = [{"phase": "running", "category": "infrastructure", "item": "GPU", "unit_price": "1e200", "quantity": "1e200"}]
    if not typed_answer(workspace, pid, "system_planning.cost.items", rows):  # type: ignore[arg-type]
        return
    out = tmp_path / "計画書.md"
    assert main(["--db", str(db_path), "--lang", "ja", "export", "system-plan", "--project", str(pid), "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "inf JPY" not in text and "inf 円" not in text, [line for line in text.splitlines() if "inf" in line.split()][:3]


# --- Settings ▸ Data folder ▸ Move to… -----------------------------------------------------------------


def test_a_failed_data_folder_move_is_said_in_the_window_language(qtbot, tmp_path: Path, monkeypatch) -> None:
    from app.core import paths
    from app.core.storage import data_folder
    from tests.gui_helpers import close_window, make_window

    monkeypatch.delenv("MLOPS_KICKOFF_HOME")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    paths.data_dir().mkdir(parents=True)
    target = tmp_path / "USB メモリ" / "キックオフ"
    data_folder.request_move(target)  # Settings ▸ Data folder ▸ Move to…
    target.mkdir(parents=True)
    (target / paths.DB_FILENAME).write_bytes(b"")  # the user copied the data there by hand before restarting
    window = make_window(qtbot, tmp_path / "db.sqlite3", global_lang="ja")  # the next start
    try:
        said = window.statusBar().currentMessage()
        assert "移せませんでした" in said, said
        assert "already" not in said and "choose" not in said, said
    finally:
        close_window(window)


# --- a real project's name on a laptop screen ---------------------------------------------------------

LONG_NAME = "ECサイト類似画像検索による回遊率向上および商品推薦高度化PoC(第2期・画像とテキストのマルチモーダル検証)"
LONG_CUSTOMER = "株式会社サンプルリテールホールディングス デジタル戦略本部 データサイエンス推進部"


def test_a_long_project_name_leaves_the_header_one_or_two_lines(qtbot, db_path: Path) -> None:
    from PySide6.QtWidgets import QLabel

    from tests.gui_helpers import close_window, make_window, settle

    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        window.resize(1366, 768)
        made = window.state.change_projects(
            lambda: window.state.projects.create(LONG_NAME, customer=LONG_CUSTOMER, lang="ja"), -1)
        window.state.open_project(made.id)
        window.show_page("hearing")
        settle(window)
        summary = window.findChild(QLabel, "progressSummary")
        line = summary.fontMetrics().lineSpacing()
        assert "回答済" in summary.text()
        assert summary.height() <= 3 * line + 8, (summary.height(), line, summary.width())  # two lines at most
        assert summary.width() >= 10 * summary.fontMetrics().horizontalAdvance("回"), summary.width()
    finally:
        close_window(window)


# --- Settings ▸ Company holidays ▸ Import .ics ----------------------------------------------------------


def folded_calendar(path: Path) -> Path:
    """A calendar as simple exporters write it: every line folded at 74 octets, also in the middle of a
    Japanese character (RFC 5545 3.1: readers "need to unfold lines in such a way to properly restore
    the original sequence")."""
    description = ("DESCRIPTION:" + "祝日を非表示にするにはカレンダーの設定に移動してください" * 2).encode()
    lines = []
    while len(description) > 74:
        lines.append(description[:74])
        description = b" " + description[74:]
    lines.append(description)
    path.write_bytes(b"\r\n".join([
        b"BEGIN:VCALENDAR", b"VERSION:2.0", b"PRODID:-//Example//Holidays//JA",
        b"BEGIN:VEVENT", b"DTSTART;VALUE=DATE:20261229", b"DTEND;VALUE=DATE:20270104", *lines,
        "SUMMARY:年末年始休暇".encode(), b"END:VEVENT", b"END:VCALENDAR", b"",
    ]))  # fmt: skip
    return path


def test_a_calendar_folded_inside_a_japanese_character_imports(qtbot, db_path: Path, tmp_path: Path) -> None:
    from tests.gui_helpers import close_window, make_window
    from tests.test_settings_dialog import open_settings

    ics = folded_calendar(tmp_path / "会社カレンダー.ics")
    window = make_window(qtbot, db_path, global_lang="ja")
    said: list[str] = []
    try:
        def import_it(dialog) -> None:
            tab = dialog.holidays
            tab.import_file(ics)
            said.append(tab.message.text())
            dialog.buttons.button(dialog.buttons.StandardButton.Cancel).click()

        open_settings(window, import_it)
        from app.wbs import company_calendar as cc

        assert len(cc.holidays(window.state.workspace.db)) == 6, said
    finally:
        close_window(window)


# --- the command line's Japanese help -------------------------------------------------------------------


@pytest.mark.parametrize("command", [("holidays", "add"), ("holidays", "remove"), ("project", "new")])
def test_what_a_user_types_on_the_command_line_is_explained_in_its_help(capsys, command: tuple[str, str]) -> None:
    with pytest.raises(SystemExit):
        main(["--lang", "ja", *command, "--help"])
    shown = capsys.readouterr().out
    import argparse

    from app.cli.main import build_parser

    sub = build_parser("ja")
    for name in command:
        action = next(a for a in sub._actions if isinstance(a, argparse._SubParsersAction))
        sub = action.choices[name]
    bare = [a.dest for a in sub._actions if not isinstance(a, argparse._HelpAction) and a.help is None]
    assert bare == [], (bare, shown)


# --- the Exports page ---------------------------------------------------------------------------------


def test_the_exports_page_adds_the_extension_as_the_wbs_page_does(qtbot, db_path: Path, tmp_path: Path, monkeypatch, said) -> None:
    from PySide6.QtWidgets import QPushButton

    from app.ui import messages
    from tests.gui_helpers import close_window, make_window

    folder = tmp_path / "顧客 提出"
    folder.mkdir()
    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        monkeypatch.setattr(messages, "save_file", lambda *a, **k: str(folder / "WBSページから"))
        window.show_page("wbs")
        window.findChild(QPushButton, "wbsExport").click()
        qtbot.waitUntil(lambda: (folder / "WBSページから.xlsx").exists(), timeout=20000)  # the WBS page: held
        monkeypatch.setattr(messages, "save_file", lambda *a, **k: str(folder / "WBS顧客提出"))
        window.show_page("exports")
        window.findChild(QPushButton, "export_wbs").click()
        qtbot.waitUntil(lambda: (folder / "WBS顧客提出.xlsx").exists() or bool(said), timeout=20000)
        assert said == [] and (folder / "WBS顧客提出.xlsx").exists(), said
    finally:
        close_window(window)


# --- one notation for one word (表記ゆれ) ---------------------------------------------------------------


def japanese_ui_texts() -> list[str]:
    """Every Japanese text the app says: the window's translations and the messages (CLI, errors, help)."""
    import xml.etree.ElementTree as ET

    import yaml

    texts = [t.text or "" for ts in sorted((REPO / "resources" / "i18n" / "ja").glob("*.ts"))
             for t in ET.parse(ts).getroot().iter("translation")]  # fmt: skip
    messages = yaml.safe_load((REPO / "resources" / "messages.yaml").read_text(encoding="utf-8"))
    texts += [entry["ja"] for entry in messages.values() if isinstance(entry, dict) and isinstance(entry.get("ja"), str)]
    return texts


def test_folder_is_written_one_way_in_japanese() -> None:
    import re

    short = [text for text in japanese_ui_texts() if re.search(r"フォルダ(?!ー)", text)]
    assert short == [], short


def test_the_document_language_has_one_name_in_japanese() -> None:
    texts = japanese_ui_texts()
    assert any("ドキュメントの言語" in text for text in texts)
    assert [text for text in texts if "文書の言語" in text] == []


# --- numbers as a Japanese input method types them ------------------------------------------------------


@pytest.mark.parametrize(("column", "typed", "number"), [("target_utilisation", "７０％", 70), ("latency_requirement", "３００ｍｓ", 300)])
def test_a_number_typed_with_a_full_width_unit_is_read(library, column: str, typed: str, number: int) -> None:
    from app.hearing.model import typed_cell

    def walk(sections):
        for section in sections:
            yield from section.items
            yield from walk(section.sections)

    item = next(i for i in walk(library.checklists["system_planning"].sections) if i.id == "system_planning.process_flow.processes")
    cell = next(c for c in item.columns if c.id == column)
    assert typed_cell(cell, typed.replace("％", "%").replace("ｍｓ", "ms")) == number  # the same typed half-width: held
    assert typed_cell(cell, typed) == number


@pytest.mark.parametrize("typed", ["3人日", "３人日", "0.5日"])
def test_a_wbs_estimate_typed_with_its_unit_is_read(workspace, typed: str) -> None:
    from app.wbs.service import WbsService

    service = WbsService(workspace.db)
    pid = ProjectService(workspace.db).create("見積の入力", lang="ja").id
    task = service.add_task(pid, None, title="学習環境の構築").created[0]
    service.update(pid, [task], estimate_days=typed)
    assert service.tree(pid).tasks[task].estimate_days == float(typed.replace("３", "3").removesuffix("人日").removesuffix("日"))


# --- exporting to a full USB stick ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("demo21a") / "demo.sqlite3"
    assert main(["--db", str(path), "--lang", "ja", "demo"]) == 0
    return path


def test_the_system_plan_workbook_on_a_full_disk_is_one_line(demo_db: Path, tmp_path: Path) -> None:
    from tests.test_hostile_files import _fill, small_filesystem

    with small_filesystem(tmp_path / "usb", "1M") as folder:
        _fill(folder, leave=0)
        result = run_app("--db", str(demo_db), "--lang", "ja", "export", "system-plan", "--project", "1",
                         "--out", str(folder / "システム化計画.xlsx"), home=tmp_path / "home")
        assert "空き" in one_line_refusal(result)


@pytest.mark.parametrize("kind", ["wbs", "hearing-sheet", "experiment-sheet"])
def test_a_workbook_on_a_full_disk_is_one_line_without_a_traceback(demo_db: Path, tmp_path: Path, kind: str) -> None:
    from tests.test_hostile_files import _fill, small_filesystem

    with small_filesystem(tmp_path / "usb", "1M") as folder:
        _fill(folder, leave=0)
        result = run_app("--db", str(demo_db), "--lang", "ja", "export", kind, "--project", "1",
                         "--out", str(folder / f"{kind}.xlsx"), home=tmp_path / "home")
        assert "空き" in one_line_refusal(result)
        assert sorted(p.name for p in folder.iterdir()) == ["filler"]  # nothing half-written left behind


# --- the first start ------------------------------------------------------------------------------------


def test_the_welcome_page_lets_a_japanese_user_choose_the_window_language(qtbot, db_path: Path) -> None:
    from PySide6.QtWidgets import QComboBox, QWidget

    from tests.gui_helpers import close_window
    from tests.test_welcome import first_window, welcome_of

    window = first_window(qtbot, db_path, "en")
    try:
        dialog = welcome_of(qtbot, window)
        choices = dialog.pages.widget(0)
        assert isinstance(choices, QWidget) and dialog.pages.currentIndex() == 0
        offered = [combo for combo in choices.findChildren(QComboBox) if combo.isVisible() and combo.findText("日本語") >= 0]
        assert offered, "no language choice on the welcome page"
        offered[0].setCurrentIndex(offered[0].findText("日本語"))
        qtbot.waitUntil(lambda: window.state.ui_lang == "ja", timeout=3000)
    finally:
        close_window(window)


# --- follow-ups for the e-mail after the meeting ---------------------------------------------------------


def test_follow_ups_of_one_owner_typed_in_two_widths_are_one_group(demo, workspace, db_path: Path, tmp_path: Path) -> None:
    from app.hearing.model import AnswerStatus

    for item, owner in (("hearing.basics.accuracy_avc", "ＰＭ"), ("hearing.prereq.ethics", "PM")):
        ops.run(workspace, update_answer(demo.id, item, status=AnswerStatus.FOLLOW_UP, followup_owner=owner))
    out = tmp_path / "フォローアップ.md"
    assert main(["--db", str(db_path), "--lang", "ja", "export", "followups", "--project", str(demo.id), "--out", str(out)]) == 0
    headings = [line for line in out.read_text(encoding="utf-8").splitlines() if line.startswith("## ")]
    assert len([h for h in headings if h.removeprefix("## ").upper().endswith(("PM", "ＰＭ"))]) == 1, headings


# --- the user's own checklist ---------------------------------------------------------------------------


def test_a_broken_own_checklist_is_said_when_the_window_starts(qtbot, db_path: Path, isolated_home: Path, monkeypatch, said) -> None:
    from app.core.content import loader
    from tests.gui_helpers import close_window, make_window

    own = isolated_home / "checklists" / "自分用 ヒアリング.yaml"
    own.parent.mkdir(parents=True)
    text = (REPO / "checklists" / "hearing.yaml").read_text(encoding="utf-8")
    own.write_text(text.replace("kind: text", "kind: textt", 1), encoding="utf-8")
    loader.reset_default_library()  # the process's library, read again from this data folder
    try:
        assert main(["--db", str(db_path), "--lang", "ja", "templates", "validate"]) == 2  # held: the check names it
        window = make_window(qtbot, db_path, global_lang="ja")
        try:
            shown = [*said, window.statusBar().currentMessage(), window.findChild(type(window.save_label), "saveState").text()]
            assert any("自分用 ヒアリング.yaml" in text for text in shown), shown
        finally:
            close_window(window)
    finally:
        loader.reset_default_library()


# --- a colleague's proposal template ----------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".md", ".html"])
def test_a_proposal_template_cannot_run_code(demo, db_path: Path, isolated_home: Path, tmp_path: Path, suffix: str) -> None:
    name = f"proposal{suffix}.j2"
    own = isolated_home / "templates" / "proposal" / name
    own.parent.mkdir(parents=True)
    shipped = (REPO / "resources" / "templates" / "proposal" / name).read_text(encoding="utf-8")
    own.write_text(shipped + "\nRAN-{{ cycler.__init__.__globals__.os.getpid() }}-RAN\n", encoding="utf-8")
    out = tmp_path / f"提案{suffix}"
    code = main(["--db", str(db_path), "--lang", "ja", "export", "proposal", "--project", str(demo.id), "--out", str(out)])
    written = out.read_text(encoding="utf-8") if out.exists() else ""
    assert f"RAN-{os.getpid()}-RAN" not in written
    assert code == 2  # refused as the wiki refuses it: 「… を展開できません(access to attribute '__init__' … is unsafe.)」


def test_a_year_end_year_with_a_missing_digit_is_refused(db_path: Path) -> None:
    from app.wbs import company_calendar as cc

    code = main(["--db", str(db_path), "--lang", "ja", "holidays", "add", "--year-end", "202"])
    ws = Workspace.open(str(db_path))
    try:
        days = cc.holidays(ws.db)
    finally:
        ws.close()
    assert code == 2 and days == {}, (code, sorted(days)[:2])

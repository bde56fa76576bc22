"""Break-it 64b: the README taken literally, as the user's manual.

A new consultant reads README.md top to bottom and does exactly what it says: every command line of it run
verbatim (paths and ids substituted only) against an isolated MLOPS_KICKOFF_HOME / MLOPS_KICKOFF_SETTINGS, in
``--lang ja`` and ``--lang en`` (scripts in /tmp/brk64b, not kept); ``--help`` of every command against the
README's "Command line"; the menus, buttons, columns and shortcuts the page guides name, in the Japanese window
(objectName, menus by their Japanese text); the guide F1 opens ("F1 opens this guide inside the app"); the
README's pictures against what the window shows at the documented 1400x900; where data lives.

Broke (strict xfails below; each reason says what the user sees):
- README pictures of the main window predate the Review page (seven pages in the navigation, 51 hearing items);
- README's table of pages has no Review row; README names a 'Project ▸ Properties' menu the window does not have;
  the system plan's process table is said to have 16 columns (it has 18); the Architecture section names
  app/ui/pdf.py and lacks app/review and its layer;
- `make screenshots` redraws 14 of the README's 23 pictures, and without MLOPS_KICKOFF_DEMO_DAY;
- F1's guide names 「設定 ▸ 言語」 (no such menu item) and promises an Exports page that writes every document at once;
- Esc does not clear the Hearing's or the System planning's search (README: Ctrl+F …; Esc clears it);
- a wrong weekday (2026/12/05(月)) is refused on the command line as 「日付ではありません(2026/12/21 … の形で…)」;
- `templates validate --lang ja` carries the YAML / Jinja parser's English inside the Japanese line;
- the Linux bundle's menu entry is 「MLOps キックオフ」 on a Japanese desktop, where the README says *MLOps Kickoff*;
- `--help` ends 「今使っているデータフォルダー: …/relhome」 for a relative MLOPS_KICKOFF_HOME every command refuses.

Held (run by hand, not kept as tests unless below): every command line of the README in --lang ja and en, with
the README's own examples (hearing answer 利用者数（ＤＳ） ３ --later, wbs set WBS作成 … 「2.3 WBS作成: …を保存しました」,
--row データソース=… 種類=…, 「データの種類 / 種類(2行目): 「魚」は選択肢…」, holidays --year-end named 年末年始 / Year-end
holidays, hearing follow-ups with the System planning's items and "checklist": "system_planning", 成果物 naming the
hearing's item): rc 0, no traceback, Japanese lines; refusals one line, exit 2 (--db "", --size 759x420 / 760x419 /
8193x900, --start 1899/12/01, a newer schema, untouched); MLOPS_KICKOFF_DB empty or blank = not set; a data folder
chosen in Settings that is missing said naming data-folder.txt; the data folder ~/.local/share/mlops-kickoff with
XDG unset; no display (DISPLAY unset, or answering nobody) one line; backup create / list / restore --keep; every
--help page against the README's options (nothing documented missing); `python -m tests.hostile_corpus` 86 of 86
handled; `packaging/i18n.py --check` clean; every path the README names exists; the GitHub bundle artefacts' names;
the menus, buttons, tabs, filters and columns the page guides name (Japanese and English windows); the welcome,
exports and settings pictures as the window draws them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from app.main import main
from tests.gui_helpers import close_window, make_window, settle

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
SHOTS = ROOT / "docs" / "screenshots"


def cli(capsys, *args: str) -> tuple[int, str, str]:
    """``mlops-kickoff ARGS`` in-process: (status, stdout, stderr)."""
    capsys.readouterr()
    try:
        code = main(list(args))
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


def plain(text: str) -> str:
    """A menu or button text as the user reads it: no mnemonic (「(&F)」, 「&」), no ellipsis, no ▾."""
    text = re.sub(r"\(&\w\)", "", text).replace("&&", "\0").replace("&", "").replace("\0", "&")
    return text.replace("…", "").replace("▾", "").strip()


@pytest.fixture
def ja_window(qtbot, tmp_path, isolated_home):
    window = make_window(qtbot, tmp_path / "ja.sqlite3", global_lang="ja")
    window.resize(1400, 900)
    settle(window)
    yield window
    close_window(window)


@pytest.fixture
def en_window(qtbot, tmp_path, isolated_home):
    window = make_window(qtbot, tmp_path / "en.sqlite3", global_lang="en")
    window.resize(1400, 900)
    settle(window)
    yield window
    close_window(window)


def menu_items(window) -> dict[str, list[str]]:
    """The menu bar as the user reads it: each menu's title -> its items' texts."""
    from PySide6.QtWidgets import QMenu

    found: dict[str, list[str]] = {}
    for action in window.menuBar().actions():
        if isinstance(action.menu(), QMenu):
            found[plain(action.text())] = [plain(a.text()) for a in action.menu().actions() if not a.isSeparator()]
    return found


# --- the README's pictures of the main window -----------------------------------------------------------------

# The pictures of the main window at the documented 1400x900 (--screenshot's default), none of them on the Exports
# page (its entry, the navigation's last, is then drawn selected, white on blue).
MAIN_WINDOW_PICTURES = ("proposal", "hearing", "wbs", "experiment", "data-ci", "system-planning", "system-planning-cost")
NAV_ROW = 18  # px a navigation entry takes at 1400x900 (the first at y=60)


def _ink(image: QImage, row: int) -> int:
    """Dark pixels in the navigation's ``row``-th entry (0-based): its label's text."""
    top = 60 + NAV_ROW * row
    return sum(1 for y in range(top, top + 16) for x in range(4, 70) if image.pixelColor(x, y).lightness() < 100)


def test_the_window_at_1400x900_has_eight_pages_in_its_navigation(ja_window, qtbot):
    """Held (the premise of the next test): the Japanese window at 1400x900 lists eight pages, the last,
    エクスポート, drawn as text in the navigation's eighth row while another page is shown."""
    ja_window.show_page("hearing")
    settle(ja_window)
    image = ja_window.grab().toImage()
    assert (image.width(), image.height()) == (1400, 900)
    assert all(_ink(image, row) for row in (0, 2, 3, 4, 5, 6, 7)), [_ink(image, row) for row in range(9)]  # 1: selected
    assert not _ink(image, 8)
    assert menu_items(ja_window)["移動"][6:] == ["レビュー", "エクスポート"]


def test_the_readme_pictures_of_the_main_window_show_its_eight_pages():
    stale = []
    for name in MAIN_WINDOW_PICTURES:
        image = QImage(str(SHOTS / f"{name}.png"))
        assert (image.width(), image.height()) == (1400, 900), name
        if not _ink(image, 7):  # no eighth entry: the picture predates the Review page
            stale.append(name)
    assert not stale, stale


# --- the user guide's table of pages ----------------------------------------------------------------------------


def test_the_user_guide_table_lists_every_page_of_the_go_menu(en_window):
    guide = README.split("## User guide", 1)[1].split("### Languages", 1)[0]
    rows = [line.split("|")[1].strip() for line in guide.splitlines() if line.startswith("| ") and "---" not in line][1:]
    pages = menu_items(en_window)["Go"]
    assert len(pages) == 8, pages
    assert re.search(r"Ctrl\+1 … Ctrl\+8 jump to a\s+page", README)
    missing = [page for page in pages if not any(re.sub(r"^[\d-]+ ", "", row) == page for row in rows)]
    assert not missing, (missing, rows)


# --- menu paths -------------------------------------------------------------------------------------------------


def test_the_menu_paths_of_the_readme_are_in_the_japanese_window(ja_window):
    """Held: File ▸ New Project (Ctrl+N) / Open Project (Ctrl+O) / Open Recent / Project Properties / Rename
    Project / Copy Project To… / Suspect Links… / Baselines… / Restore Backup… / Quit (Ctrl+Q), Edit ▸ Undo /
    Redo, Settings ▸ Settings… (Ctrl+,), Help ▸ Welcome… / About, F1, Ctrl+1 … Ctrl+8 in the Go menu with their
    digit, as the README names them, in Japanese."""
    menus = menu_items(ja_window)
    assert list(menus) == ["ファイル", "編集", "移動", "設定", "ヘルプ"], list(menus)
    for item in ("新規プロジェクト", "プロジェクトを開く", "最近使ったプロジェクト", "プロジェクトのプロパティ", "プロジェクト名を変更",
                 "プロジェクトを別のデータベースにコピー", "要確認の項目", "合意ベースライン", "バックアップから戻す", "終了"):
        assert item in menus["ファイル"], (item, menus["ファイル"])
    assert menus["編集"] == ["元に戻す", "やり直し"]
    assert menus["設定"] == ["設定"] and menus["ヘルプ"] == ["ユーザーガイド", "ようこそ", "MLOps Kickoff について"]
    shortcuts = {a.objectName(): a.shortcut().toString() for a in ja_window.findChildren(type(ja_window.menuBar().actions()[0]))}
    assert shortcuts["newProjectAction"] == "Ctrl+N" and shortcuts["openProjectAction"] == "Ctrl+O"
    assert shortcuts["quitAction"] == "Ctrl+Q" and shortcuts["languageAction"] == "Ctrl+," and shortcuts["helpAction"] == "F1"
    assert [shortcuts[f"goto_{page}"] for page in ("proposal", "hearing", "wbs", "experiment", "data-ci", "system-planning",
                                                   "review", "exports")] == [f"Ctrl+{n}" for n in range(1, 9)]
    go = next(a.menu() for a in ja_window.menuBar().actions() if plain(a.text()) == "移動")
    assert [a.text()[-4:] for a in go.actions()] == [f"(&{n})" for n in range(1, 9)]  # its digit, Alt+G then the digit


def test_the_project_properties_menu_path_of_the_readme_exists(en_window):
    menus = menu_items(en_window)
    if "Project ▸ Properties" in README:  # the path as the README names it
        assert "Properties" in [plain(item) for item in menus.get("Project", [])], menus


# --- the guide F1 opens -----------------------------------------------------------------------------------------


def _open_guide(window, qtbot):
    from PySide6.QtWidgets import QDialog, QTextBrowser

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.current_page(), Qt.Key.Key_F1)
    dialog = window.findChild(QDialog, "helpDialog")
    qtbot.waitUntil(lambda: dialog is not None and dialog.isVisible())
    return dialog.findChild(QTextBrowser, "helpBrowser").toPlainText()


def test_every_menu_path_the_f1_guide_names_is_in_the_japanese_window(ja_window, qtbot):
    from app.ui.window.help import guide_path

    shown = _open_guide(ja_window, qtbot)
    source = guide_path("ja").read_text(encoding="utf-8")  # what F1 shows, with its bold marks (a path's end)
    assert "ファイル ▸ 新規プロジェクト" in shown and "**ファイル ▸ 新規プロジェクト**" in source
    menus = menu_items(ja_window)
    paths = re.findall(r"(ファイル|編集|移動|設定|ヘルプ) ▸ ([^\s、。()*「」]+)", source)
    assert ("ファイル", "新規プロジェクト") in paths  # the guide does name menu paths
    wrong = [f"{menu} ▸ {item}" for menu, item in paths if not any(plain(i).startswith(plain(item)) for i in menus[menu])]
    assert not wrong, wrong


def test_the_exports_page_writes_every_document_at_once_as_the_f1_guide_says(ja_window, qtbot):
    """Fixed by the guide, not the page: the Exports page writes one document per 「書き出す…」 (each asks where, a
    file or a folder, with its own checks), so the guide (ja and en) now says so instead of promising all at once."""
    from PySide6.QtWidgets import QPushButton

    from app.ui.window.help import guide_path

    ja_window.show_page("exports")
    settle(ja_window)
    shown = _open_guide(ja_window, qtbot)
    promised = "すべてのドキュメントを一度に書き出せます" in shown
    english = guide_path("en").read_text(encoding="utf-8")
    assert "書き出す…" in shown.split("データの保存場所")[0] and "*Export…*" in english, "the guide names the page's button"
    promised = promised or "writes every document at once" in english
    page = ja_window.page("exports")
    per_kind = {b for b in page.findChildren(QPushButton) if b.objectName().startswith("export_")}
    assert len(per_kind) >= 13
    others = [b.text() for b in page.findChildren(QPushButton)
              if b not in per_kind and b.objectName() not in ("exportProjectButton", "importProjectButton")]
    assert others or not promised, "no button writing every document"


# --- the system plan's process table ----------------------------------------------------------------------------


def _table_columns(window, page_id: str, item: str) -> list[str]:
    from PySide6.QtWidgets import QTableView

    window.show_page(page_id)
    page = window.page(page_id)
    page.select_item(item)
    settle(window)
    view = next(v for v in page.findChildren(QTableView) if v.objectName() == "answer_value_table" and v.isVisibleTo(window))
    model = view.model()
    return [model.headerData(i, Qt.Orientation.Horizontal) for i in range(model.columnCount()) if not view.isColumnHidden(i)]


def test_the_wide_tables_have_the_columns_the_readme_counts(en_window):
    counted = re.search(r"\(data sources: (\d+) columns; the system plan's processes: (\d+)\)", README)
    sources = _table_columns(en_window, "hearing", "hearing.prereq.data_sources")
    processes = _table_columns(en_window, "system-planning", "system_planning.process_flow.processes")
    assert (len(sources), len(processes)) == tuple(int(n) for n in counted.groups()), (sources, processes)


# --- make screenshots -------------------------------------------------------------------------------------------


def _screenshot_runs(tmp_path, monkeypatch) -> list[dict]:
    """What ``make screenshots`` (``python packaging/screenshots.py docs/screenshots``) runs: each child's command
    line and environment, recorded instead of run."""
    import importlib.util
    import subprocess
    import sys

    spec = importlib.util.spec_from_file_location("brk64b_screenshots", ROOT / "packaging" / "screenshots.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    runs: list[dict] = []
    monkeypatch.setattr(subprocess, "run", lambda cmd, **kw: runs.append({"cmd": cmd, "env": kw.get("env") or {}}))
    monkeypatch.setattr(sys, "argv", ["screenshots.py", str(tmp_path / "shots")])
    assert module.main() == 0
    return runs


def _pictures_made(runs: list[dict]) -> set[str]:
    made = set()
    dialogs = (ROOT / "packaging" / "dialog_shots.py").read_text(encoding="utf-8")
    for run in runs:
        cmd = [str(part) for part in run["cmd"]]
        if any(part.endswith("dialog_shots.py") for part in cmd):
            made |= set(re.findall(r'keep\("([\w-]+)"\)', dialogs)) | set(re.findall(r'out / "([\w-]+)\.png"', dialogs))
        else:
            made |= {Path(part).stem for part in cmd if part.endswith(".png")}
    return made


def test_make_screenshots_makes_every_picture_the_readme_shows(tmp_path, monkeypatch):
    if "`make screenshots` regenerates `docs/screenshots/`" not in README:
        return  # the README no longer promises every picture
    shown = set(re.findall(r"docs/screenshots/([\w-]+)\.png", README))
    assert len(shown) >= 20 and all((SHOTS / f"{name}.png").exists() for name in shown)
    missing = shown - _pictures_made(_screenshot_runs(tmp_path, monkeypatch))
    assert not missing, sorted(missing)


def test_make_screenshots_pins_the_demo_day(tmp_path, monkeypatch):
    monkeypatch.delenv("MLOPS_KICKOFF_DEMO_DAY", raising=False)
    runs = _screenshot_runs(tmp_path, monkeypatch)
    assert runs
    assert all(run["env"].get("MLOPS_KICKOFF_DEMO_DAY") for run in runs), [run["cmd"][-1] for run in runs]


# --- the Architecture section -----------------------------------------------------------------------------------


def test_the_architecture_section_names_the_code_as_it_is():
    section = README.split("## Architecture", 1)[1].split("## Dependencies", 1)[0]
    tree = section.split("```", 2)[1]
    problems = []
    if re.search(r"^\s+pdf\.py\s", tree, re.M) and not (ROOT / "app" / "ui" / "pdf.py").exists():
        problems.append("app/ui/pdf.py")
    named = set(re.findall(r"^  (\w+)/", tree, re.M))
    packages = {p.name for p in (ROOT / "app").iterdir() if (p / "__init__.py").exists()}
    problems += sorted(packages - named)
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    layer = re.search(r'"(app\.proposal \| [^"]+)"', pyproject).group(1)
    if layer not in section:
        problems.append(layer)
    assert not problems, problems


# --- templates validate in Japanese -----------------------------------------------------------------------------


def test_templates_validate_says_a_users_mistakes_in_japanese(capsys, isolated_home):
    checklists = isolated_home / "checklists"
    wiki = isolated_home / "templates" / "wiki" / "ja"
    checklists.mkdir(parents=True)
    wiki.mkdir(parents=True)
    (checklists / "mine.yaml").write_text("id: mine\ntype: hearing\n bad: [\n", encoding="utf-8")
    (wiki / "overview.md.j2").write_text("{{ x | nofilter }}\n", encoding="utf-8")
    code, out, err = cli(capsys, "--lang", "ja", "templates", "validate")
    lines = [line for line in (out + err).splitlines() if str(isolated_home) in line]  # the user's files only
    assert code == 2 and len(lines) == 2, out + err
    english = [line for line in lines if re.search(r"[A-Za-z]{4,} [a-z]{2,}", line.split(": ", 1)[1])]
    assert not english, english


# --- a wrong weekday on the command line ------------------------------------------------------------------------


@pytest.fixture
def demo_db(tmp_path, demo_template) -> Path:
    from tests.conftest import copy_database

    path = tmp_path / "demo.sqlite3"
    copy_database(demo_template, path)
    return path


def test_a_wrong_weekday_on_the_command_line_is_said_as_the_window_says_it(capsys, demo_db):
    before = demo_db.read_bytes()
    code, out, err = cli(capsys, "--db", str(demo_db), "--lang", "ja", "hearing", "answer", "--project", "1",
                         "--item", "PoC開始日", "--value", "2026/12/05(月)")
    assert code == 2 and len(err.strip().splitlines()) == 1, err
    assert demo_db.read_bytes() == before
    assert "曜日" in err and "2026/12/05(土)" in err, err


def test_a_right_weekday_and_japanese_eras_are_taken_on_the_command_line(capsys, demo_db):
    """Held: README 'Languages' dates as the command line reads them: 2026/12/07(月) (a Monday), 令和元年5月1日,
    full-width ２０２６／１２／２１ and R8.12.21; 平成31年5月1日 (past its era) refused in one line."""
    said = []
    for value in ("2026/12/07(月)", "令和元年5月1日", "２０２６／１２／２１", "R8.12.22"):
        code, out, err = cli(capsys, "--db", str(demo_db), "--lang", "ja", "hearing", "answer", "--project", "1",
                             "--item", "PoC開始日", "--value", value)
        assert code == 0, err
        said.append(out.strip())
    assert said == ["PoC開始日: 「2026/12/07」を保存しました(回答済)", "PoC開始日: 「2019/05/01」を保存しました(回答済)",
                    "PoC開始日: 「2026/12/21」を保存しました(回答済)", "PoC開始日: 「2026/12/22」を保存しました(回答済)"], said
    code, out, err = cli(capsys, "--db", str(demo_db), "--lang", "ja", "hearing", "answer", "--project", "1",
                         "--item", "PoC開始日", "--value", "平成31年5月1日")
    assert code == 2 and err.startswith("mlops-kickoff: エラー: PoC開始日: 「平成31年5月1日」"), err


# --- the Linux bundle's applications-menu entry -----------------------------------------------------------------


def test_the_applications_menu_entry_is_named_as_the_readme_and_the_window_name_it(ja_window):
    entry = (ROOT / "packaging" / "mlops-kickoff.desktop").read_text(encoding="utf-8")
    said = re.search(r"then start \*([^*]+)\* from the applications menu", README).group(1)
    names = dict(re.findall(r"^(Name(?:\[\w+\])?)=(.*)$", entry, re.M))
    assert ja_window.windowTitle().endswith(" — MLOps Kickoff") and "MLOps Kickoff について" in menu_items(ja_window)["ヘルプ"]
    assert names.get("Name[ja]", names["Name"]) == said, (said, names)


# --- Edit ▸ Undo names the typing -------------------------------------------------------------------------------


def test_edit_undo_names_the_typing_as_the_readme_shows_it(ja_window, qtbot):
    """Held: README 'Projects': 'Undo right after typing takes back that typing, also in the pause before it is saved
    … and Edit ▸ Undo names that typing (「元に戻す 「利用者数(DS)」を編集」)'; Ctrl+Z then shows the stored answer again."""
    from PySide6.QtWidgets import QLineEdit

    ja_window.show_page("hearing")
    page = ja_window.page("hearing")
    assert page.select_item("hearing.prereq.users_ds")
    settle(ja_window)
    field = next(w for w in page.findChildren(QLineEdit) if w.objectName().endswith("_number") and w.isVisibleTo(ja_window))
    before = field.text()
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    field.selectAll()
    qtbot.keyClicks(field, "7")
    undo = next(a for a in ja_window.findChildren(type(ja_window.menuBar().actions()[0])) if a.objectName() == "undoAction")
    qtbot.waitUntil(lambda: plain(undo.text()) == "元に戻す 「利用者数(DS)」を編集", timeout=3000)
    undo.trigger()
    qtbot.waitUntil(lambda: field.text() == before, timeout=3000)


# --- --help's "data folder in use" -----------------------------------------------------------------------------


def test_help_does_not_name_a_refused_data_folder_as_in_use(capsys, tmp_path, monkeypatch, isolated_home):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MLOPS_KICKOFF_HOME", "relhome")
    code, out, err = cli(capsys, "--lang", "ja", "projects", "list")
    assert code == 2 and "完全なパスではありません" in err, err
    code, out, err = cli(capsys, "--lang", "ja", "--help")
    assert code == 0
    flat = re.sub(r"\s+", "", out)
    in_use = flat.endswith("今使っているデータフォルダー:" + str(tmp_path / "relhome"))  # the refused folder called in use
    assert not in_use or "完全なパス" in flat, out[-400:]  # … unless the help says it is refused (not a whole path)


# --- Ctrl+F and Esc ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("page_id, search", [("hearing", "hearingSearch"), ("wbs", "wbsSearch"),
                                             ("system-planning", "systemPlanSearch")])
def test_ctrl_f_goes_to_the_search_and_esc_clears_it(ja_window, qtbot, page_id, search):
    """README 'Keyboard only': 'Ctrl+F goes to the page's search (Hearing, WBS, System planning; Esc clears it)' (held
    on the WBS page; the Hearing's and System planning's Esc did nothing, the text and the filter stayed)."""
    from PySide6.QtWidgets import QApplication, QLineEdit

    ja_window.show_page(page_id)
    settle(ja_window)
    ja_window.activateWindow()
    qtbot.waitUntil(ja_window.isActiveWindow)
    page = ja_window.page(page_id)
    box = page.findChild(QLineEdit, search)
    qtbot.keyClick(QApplication.focusWidget() or page, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(box.hasFocus)
    qtbot.keyClicks(box, "PoC")  # (QTest types Latin-1 only)
    assert box.text() == "PoC"
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: box.text() == "", timeout=2000)
    if page_id != "wbs":  # the tree unfiltered again at once, not after a typing pause
        assert page.proxy.query == ""

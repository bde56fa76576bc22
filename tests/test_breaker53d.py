"""Breaker 53d: the README taken literally by a new Japanese consultant (today's version).

Every command line of the README not run by tests/test_breaker46a.py (Where data lives, Working as a team,
the project selectors, --db spellings, MLOPS_KICKOFF_AUTHOR / _LANG, project copy, earned value, the
resources' --remove-off, backup restore of the open database), with ``--lang ja`` and in English, in an
isolated HOME; then the promises of the sections added since (undo refusals naming fields, WBS moves
removing links, dialog drafts with 破棄, company holidays, people) checked in a Japanese window.

Tried / Held / Broke (run in an isolated MLOPS_KICKOFF_HOME / MLOPS_KICKOFF_SETTINGS / HOME, as a subprocess and
in-process, ``--lang ja`` and ``--lang en``).

Tried and held:
- Project selectors: a text that is one project's id and another's name refused as ambiguous in one line (ja/en),
  ``id:`` / ``name:`` pick; ``project copy --to FILE`` and ``--to sqlite:///…%41…`` (→ A) print the new id;
  ``--db plan%41.db`` is that file; ``sqlite:///F?mode=ro`` refused naming (mode), nothing created; ``--db DIR/``
  and ``--db DIR`` refused; a control / RLO character in ``--db`` or ``--out`` refused; MLOPS_KICKOFF_DB and
  MLOPS_KICKOFF_LANG honoured; ``--help`` in Japanese from MLOPS_KICKOFF_LANG.
- Working as a team, the README's URL ``postgresql+psycopg://kickoff@db.example.com:5432/kickoff`` (no such host)
  and a port nobody listens on: one Japanese / English line, exit 2, password never shown.
- holidays: a Shift_JIS .ics, a weekly RRULE (3 days), FREQ=HOURLY refused in one line (ja/en).
- ``export earned-value`` md/xlsx in ja and en, ``--date``, an unknown ``--baseline`` refused explaining plan vs
  agreement baselines; ``resources add --remove-off`` (a day none of theirs: exit 2), ``backup restore`` of the
  open database (also through a symlink) refused.
- The window (Japanese): every shortcut the README names exists (Ctrl+1…8, Ctrl+, F1, F11, Ctrl+F, Ctrl+Shift+E,
  Ctrl+Shift+G/H/P, Insert, Ctrl+Insert, Delete, Alt+Shift+arrows, Alt+N, Ctrl+Z / Ctrl+Shift+Z); the dialog
  drafts' Discard is 破棄; an undo of a company holiday renamed by ``holidays add`` elsewhere, and of a person
  changed by ``resources add`` elsewhere, is refused naming 「2026/08/12」 / 「佐藤」 in Japanese, theirs kept.
- The hearing sheet's columns (ID, セクション, 質問, 説明・例 with the answer format, 現在の回答…, 回答 / 回答(これから) / 備考).

Broke:
- ``--db postgresql+psycopg:///?service=kickoff`` (README "Open it") with no such service in ~/.pg_service.conf:
  「データベースが変更を受け付けませんでした(connection is bad: definition of service "kickoff" not found)」, libpq's
  English inside the Japanese line, and a refused change for ``projects list``:
  test_a_service_not_defined_is_said_in_japanese.
- The same URL with the service defined (host/port of a server that is down or unknown): the line names
  「localhost:5432」 / 「ホスト名 localhost」, not the service's server: test_a_service_server_down_names_the_service_host.
- README "Languages": **Settings ▸ Language…**: the Settings menu has only 「設定…」 / "Settings…" (doc defect):
  test_settings_menu_has_the_language_item_the_readme_names.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app.main import main
from tests.conftest import copy_database


@pytest.fixture
def db(tmp_path, demo_template) -> Path:
    """The Japanese demo (project id 1) in a database of the test's own."""
    path = tmp_path / "mlops-kickoff.sqlite3"
    copy_database(demo_template, path)
    return path


def cli(capsys, *args: str) -> tuple[int, str, str]:
    """``mlops-kickoff ARGS`` in-process: (status, stdout, stderr)."""
    capsys.readouterr()
    try:
        code = main(list(args))
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


# --- Working as a team: the README's service-file URL ------------------------------------------------------------

SERVICE_URL = "postgresql+psycopg:///?service=kickoff"  # README "Working as a team", "Open it"


@pytest.fixture
def service_file(tmp_path, monkeypatch, isolated_home) -> Path:
    """``~/.pg_service.conf`` of a HOME of the test's own (libpq reads it there, or where PGSERVICEFILE says)."""
    home = tmp_path / "user"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    for name in ("PGSERVICEFILE", "PGSYSCONFDIR", "PGSERVICE", "PGHOST", "PGPORT"):
        monkeypatch.delenv(name, raising=False)
    return home / ".pg_service.conf"


def test_a_service_not_defined_is_said_in_japanese(capsys, service_file):
    """README: 'a service file (~/.pg_service.conf, then postgresql+psycopg:///?service=kickoff)' and 'When something
    is wrong, each is one line in your language'. The consultant types the URL before writing the file."""
    code, out, err = cli(capsys, "--db", SERVICE_URL, "--lang", "ja", "projects", "list")
    assert code == 2 and len(err.strip().splitlines()) == 1, err
    # today: 「データベースが変更を受け付けませんでした(connection is bad: definition of service "kickoff" not found)。保存していません」
    assert "connection is bad" not in err and "not found" not in err, err
    assert "変更を受け付けませんでした" not in err, err  # `projects list` changes nothing: the service is unknown
    assert "kickoff" in err, err  # the service named


def test_a_service_server_down_names_the_service_host(capsys, service_file):
    service_file.write_text("[kickoff]\nhost=127.0.0.1\nport=5999\ndbname=kickoff\nuser=kickoff\n", encoding="utf-8")
    code, out, err = cli(capsys, "--db", SERVICE_URL, "--lang", "ja", "projects", "list")
    assert code == 2 and "接続できません" in err, err
    # today: 「データベースサーバーに接続できません(サーバー localhost:5432 が接続を拒否しました…)」
    assert "localhost" not in err, err
    assert "5999" in err or "kickoff" in err, err


def test_a_plain_url_server_unknown_or_down_is_one_japanese_line(capsys, isolated_home):
    """Held: the README's own URL (no server there) and a port nobody listens on, password hidden."""
    code, out, err = cli(capsys, "--db", "postgresql+psycopg://kickoff@db.example.invalid:5432/kickoff", "--lang", "ja",
                         "projects", "list")
    assert code == 2 and "接続できません" in err and "db.example.invalid" in err and len(err.strip().splitlines()) == 1, err
    code, out, err = cli(capsys, "--db", "postgresql+psycopg://kickoff:secret@127.0.0.1:5999/kickoff", "--lang", "ja",
                         "projects", "list")
    assert code == 2 and "127.0.0.1:5999" in err and "secret" not in err, err


# --- the window: menus the README names, undo refusals naming what changed ------------------------------------


def test_settings_menu_has_the_language_item_the_readme_names(qtbot, tmp_path, isolated_home):
    """README 'Languages' said 'Settings ▸ Language…', an item the menu never had (a doc defect): it names the
    Settings menu's Settings… (Ctrl+,) and its Window language row now, as the window has them."""
    from PySide6.QtWidgets import QComboBox, QMenu

    from tests.gui_helpers import close_window, make_window

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert "Settings ▸ Language…" not in readme and "**Settings ▸ Settings…** (Ctrl+,), *Window language*" in readme
    window = make_window(qtbot, tmp_path / "en.sqlite3", global_lang="en")
    try:
        menus = {a.text().replace("&", ""): a.menu() for a in window.menuBar().actions() if isinstance(a.menu(), QMenu)}
        items = {a.text().replace("&", ""): a for a in menus["Settings"].actions() if not a.isSeparator()}
        assert "Settings…" in items and items["Settings…"].shortcut().toString() == "Ctrl+,", items
        from app.ui.window.settings_dialog import SettingsDialog

        dialog = SettingsDialog(window.state, window)
        combos = [c.accessibleName() for c in dialog.findChildren(QComboBox)]
        assert "Language of the window" in combos, combos
        dialog.deleteLater()
    finally:
        close_window(window)


@pytest.fixture
def ja_window(qtbot, tmp_path, isolated_home):
    from tests.gui_helpers import close_window, make_window, settle

    path = tmp_path / "ja.sqlite3"
    window = make_window(qtbot, path, global_lang="ja")
    said: list[str] = []
    window.state.problem.connect(said.append)
    settle(window)
    yield window, path, said
    close_window(window)


def _another_process(capsys, path: Path, *args: str) -> None:
    import time

    code, out, err = cli(capsys, "--db", str(path), "--lang", "ja", *args)
    assert code == 0, err
    time.sleep(1.1)  # the window polls PRAGMA data_version each second


def test_undo_of_a_company_holiday_renamed_elsewhere_is_refused_naming_the_day(ja_window, capsys):
    """Held: README 'Working as a team': an undo that would take back someone else's later edit is refused, naming
    what was changed in the window's language. Settings ▸ 会社休日's Add, then `holidays add … --name お盆` elsewhere."""
    from PySide6.QtCore import QDate

    from app.ui.window.holidays_tab import HolidaysTab
    from tests.gui_helpers import settle

    window, path, said = ja_window
    tab = HolidaysTab(window.state)
    tab.date_edit.setDate(QDate(2026, 8, 12))
    tab.name_edit.setText("夏季休暇")
    tab.add_button.click()
    assert tab.message.text() == "1日を追加しました。", tab.message.text()
    tab.deleteLater()
    _another_process(capsys, path, "holidays", "add", "2026-08-12", "--name", "お盆")
    settle(window)
    window.state.undo_stack.undo()
    settle(window)
    assert any(s.startswith("元に戻す: 「2026/08/12」は、その後に別のウィンドウまたはプロセスで変更されました") for s in said), said
    code, out, err = cli(capsys, "--db", str(path), "--lang", "ja", "holidays", "list")
    assert "2026/08/12  お盆" in out, out


def test_undo_of_a_person_changed_elsewhere_is_refused_naming_them(ja_window, capsys):
    """Held: the People dialog's add (put_person_op, new=True), then `resources add --name 佐藤 --percent 50` elsewhere."""
    from app.ui.operations import run_op
    from app.wbs.resources.people import Person, put_person_op
    from tests.gui_helpers import settle

    window, path, said = ja_window
    pid = window.state.project_id
    run_op(window.state, put_person_op(pid, Person(name="佐藤", role="ds", days_per_week=4, percent=80), new=True), "要員")
    _another_process(capsys, path, "resources", "add", "--project", str(pid), "--name", "佐藤", "--percent", "50")
    settle(window)
    window.state.undo_stack.undo()
    settle(window)
    assert any(s.startswith("元に戻す: 「佐藤」は、その後に別のウィンドウまたはプロセスで変更されました") for s in said), said
    code, out, err = cli(capsys, "--db", str(path), "--lang", "ja", "resources", "list", "--project", str(pid))
    assert any(line.startswith("佐藤") and "稼働率50%" in line for line in out.splitlines()), out


# --- the Command line section: what 46a did not run (held) ------------------------------------------------------


def test_project_selectors_and_db_spellings_as_the_readme_says(capsys, db, tmp_path):
    """Held: a text that is one project's id and another's name is refused as ambiguous (ja and en), id:/name: pick;
    `--db plan%41.db` is that very file while `sqlite:///…%41…` is A; a SQLite URL with options is refused naming
    them; `project copy --to FILE` prints the new id; `resources add --remove-off` a day none of theirs: exit 2."""
    base = ("--db", str(db))
    assert cli(capsys, *base, "--lang", "ja", "project", "new", "別案件")[0] == 0
    assert cli(capsys, *base, "--lang", "ja", "project", "rename", "id:2", "1")[0] == 0
    code, out, err = cli(capsys, *base, "--lang", "ja", "project", "rename", "1", "y")
    assert code == 2 and "id:1 か name:1 で指定してください" in err, err
    code, out, err = cli(capsys, *base, "--lang", "en", "project", "rename", "1", "y")
    assert code == 2 and "say id:1 or name:1" in err, err
    code, out, err = cli(capsys, *base, "--lang", "ja", "project", "copy", "name:1", "--to", str(tmp_path / "plan%41.db"))
    assert code == 0 and out.strip() == "1" and (tmp_path / "plan%41.db").exists(), (out, err)
    code, out, err = cli(capsys, *base, "--lang", "ja", "project", "copy", "id:1", "--to", f"sqlite:///{tmp_path}/o%41.db")
    assert code == 0 and (tmp_path / "oA.db").exists(), err
    code, out, err = cli(capsys, "--db", f"sqlite:///{tmp_path}/F.db?mode=ro", "--lang", "ja", "projects", "list")
    assert code == 2 and "(mode)" in err and not (tmp_path / "F.db").exists(), err
    add = ("resources", "add", "--project", "id:1", "--name", "佐藤")
    assert cli(capsys, *base, "--lang", "ja", *add, "--role", "ds", "--off", "2026-12-29..2026-12-31")[0] == 0
    code, out, err = cli(capsys, *base, "--lang", "ja", *add, "--remove-off", "2027-01-05")
    assert code == 2 and err.count("\n") == 1 and "何も変更していません" in err, err
    assert cli(capsys, *base, "--lang", "ja", *add, "--remove-off", "2026-12-31")[0] == 0
    code, out, err = cli(capsys, *base, "--lang", "ja", "resources", "list", "--project", "id:1")
    assert "佐藤\tデータサイエンティスト\t週5日\t稼働率100%\t2026/12/29..2026/12/30" in out, out

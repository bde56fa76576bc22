"""breaker48d: this session's newest fixes (48a-48e) tried by a demanding Japanese consultant (window in Japanese,
widgets by objectName; CLI --lang ja).

Tried:
- data-folder move (fix48d): into a folder that was there holding a file of the same name as one of the app's
  (templates/proposal.md), the move failing after the copy; into a folder with the -wal / -shm an older install's
  killed session left (its .sqlite3 deleted by the user, so the move is not refused);
- exports (fix48c): a wiki folder exported again over a page the user made read-only (chmod 444) inside it (CLI
  --lang ja); two writes at once of 254-byte names alike for 16 bytes, a user's file named as the short stem beside
  them; workbooks with one part cut short / garbage / missing (sharedStrings, [Content_Types].xml, workbook rels,
  docProps, theme, each sheet) imported with `import wbs --lang ja`;
- drafts on a full disk (fix48d): the close question's text and the status tooltip; the disk freed while the
  close question is open, then 「閉じて破棄」 answered;
- hearing table DraftStep (fix48a): a row of refused cells removed, 佐藤 (another workspace) adds a milestone,
  Ctrl+Z, the date fixed; WBS: 99999 typed into 4.1-4.3 selected, 4.2 deleted in window B, a valid value typed
  over the two left, Undo / Undo / Redo;
- Tab along a WBS row (fix48e): with the 完了条件なし filter on (the row leaves the filter at its commit), Tab on
  the last editable cell of the last row; IME kana composed in an open WBS cell, then Ctrl+N (Qt's real dialog).
Held:
- the DraftStep's Undo with another window's row added meanwhile: the fixed date asks the conflict question (佐藤's
  row never overwritten unseen); a task of a multi-task refused draft deleted elsewhere: said once in Japanese
  (「…は別のウィンドウで削除されたため…」), the two other drafts kept, then dropped by a valid value, no crash;
- Tab under a filter stays in the row (kept while edited), the value saved; Tab on the last row's last cell saves
  and leaves the focus on the tree; kana composed in a WBS cell before Ctrl+N are saved into the old project;
- long names alike written at once: both whole, the user's file named as the stem untouched (test below);
- every cut part tried is named in Japanese (シート「WBS」, ブックの部品(xl/sharedStrings.xml) …), nothing imported;
  a cut docProps/app.xml or theme is read (the data is whole).
Broke (strict xfails first, each fixed since: a move refused before copying over a file or beside a stale journal; a folder export refused over a read-only page; the drafts folder named, never a file of it):
- a failed data-folder move into a folder that held ``templates/proposal.md`` overwrote the user's file with the
  app's copy and left it so, saying 「移動先にコピーしたものは残していません」:
  test_a_failed_move_leaves_a_file_of_the_same_name_that_was_there_as_it_was (a move that succeeds overwrites it too);
- a move into a folder with a stale mlops-kickoff.sqlite3-wal/-shm (its database deleted) reports 「移しました」 and
  the app opens the stale WAL's data (「古い別の案件」 instead of the user's projects):
  test_a_move_beside_a_stale_wal_of_a_deleted_database_keeps_the_users_projects;
- the wiki folder exported again replaces a page the user made read-only inside it without a word (scaffold --force
  refuses the same): test_a_wiki_export_leaves_a_page_made_read_only_in_the_folder_as_it_was;
- the full-disk close question and the status tooltip name the drafts file by its internal hashed path
  (drafts/046b9c6a89d6fdb2411cccb1/749dd0190d124224.json): test_the_close_question_on_a_full_disk_names_no_internal_file.
Noted, not counted: the disk freed while the close question is open, then 「閉じて破棄しますか?」 answered yes: the
typing is discarded though it could now be kept (the user did confirm the discard). WBS: a refused 99999 typed over
with a valid value, Ctrl+Z brings back the old stored value, not the red 99999 (the hearing table's Undo does bring a
draft back). A cut hidden sheet is named by its internal name (シート「_lists」).
Not tried (time-box): IME then project switch from the header combo / language switch (they open a popup or dialog:
the input method commits on the focus change, as Ctrl+N showed); Tab across hidden / moved columns.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QLabel

from app.core import paths
from app.core.storage import data_folder
from app.core.storage.db import Database


def _data_home(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.delenv("MLOPS_KICKOFF_HOME")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    old = paths.data_dir()
    old.mkdir(parents=True)
    Database(str(paths.default_database_path())).close()
    return old


# --- 1. the data-folder move (fix48d) -----------------------------------------------------------------------------


def test_a_failed_move_leaves_a_file_of_the_same_name_that_was_there_as_it_was(tmp_path: Path, monkeypatch) -> None:
    old = _data_home(tmp_path, monkeypatch)
    (old / "templates").mkdir()
    (old / "templates" / "proposal.md").write_text("アプリのテンプレート", encoding="utf-8")
    target = tmp_path / "ドキュメント"  # the user's own folder, with their own templates folder
    (target / "templates").mkdir(parents=True)
    (target / "templates" / "proposal.md").write_text("前からある顧客向けテンプレート", encoding="utf-8")
    data_folder.request_move(target)

    def refused(path: Path, _data: bytes) -> None:
        raise OSError(28, "No space left on device", str(path))

    monkeypatch.setattr(data_folder, "write_bytes", refused)  # the copy made, the location not recorded
    message = data_folder.apply_pending_move()
    assert message is not None and message.key == "data_folder.move_failed"
    assert "コピーしたものは残していません" in message.text("ja")  # what the user is told
    assert (target / "templates" / "proposal.md").read_text(encoding="utf-8") == "前からある顧客向けテンプレート"


_OLD_SESSION = """
import os, sqlite3, sys
from app.core.storage.db import Database
from app.core.projects import ProjectService
db = Database(sys.argv[1])
ProjectService(db).create("古い別の案件")
con = sqlite3.connect(sys.argv[1])
con.execute("PRAGMA wal_autocheckpoint=0")
con.execute("create table junk(x)")
con.executemany("insert into junk values (?)", [(i,) for i in range(2000)])
con.commit()
os._exit(0)  # killed: its -wal and -shm stay
"""


def test_a_move_beside_a_stale_wal_of_a_deleted_database_keeps_the_users_projects(tmp_path: Path, monkeypatch) -> None:
    """The target held an older install's database whose app was killed; the user deleted the .sqlite3 (the
    move refuses a folder with a database) but not the -wal / -shm beside it: the moved copy must be the user's."""
    import sqlite3
    import subprocess
    import sys

    from app.core.projects import ProjectService

    old = _data_home(tmp_path, monkeypatch)
    db = Database(str(old / paths.DB_FILENAME))
    ProjectService(db).create("本物の案件")
    db.close()
    target = tmp_path / "USB"
    target.mkdir()
    stale = target / paths.DB_FILENAME
    subprocess.run([sys.executable, "-c", _OLD_SESSION, str(stale)], check=True, cwd=Path(__file__).parents[1])
    assert (target / (paths.DB_FILENAME + "-wal")).exists()
    stale.unlink()
    data_folder.request_move(target)
    message = data_folder.apply_pending_move()
    assert message is not None
    if message.key == "data_folder.moved":
        with sqlite3.connect(paths.default_database_path()) as con:
            assert con.execute("select name from projects").fetchall() == [("本物の案件",)]
    else:  # refused, said: the old folder used as it was
        assert paths.data_dir() == old


# --- 2. exports (fix48c): read-only files, short temporary names ----------------------------------------------------


def test_a_wiki_export_leaves_a_page_made_read_only_in_the_folder_as_it_was(demo, db_path, tmp_path, capsys) -> None:
    """The consultant exported the wiki, the customer signed page 0 (its text kept, chmod 444: never replaced, as
    the fix promises of any file and scaffold --force keeps); the wiki exported again must refuse, naming it."""
    from tests.test_breaker46e import cli

    out = tmp_path / "wiki"
    code, _o, err = cli(capsys, "--db", str(db_path), "--lang", "ja", "export", "wiki", "--project", str(demo.id), "--out", str(out))
    assert code == 0, err
    signed = sorted(out.glob("0-*.md"))[0]
    signed.write_text("顧客が署名した版\n", encoding="utf-8")
    signed.chmod(0o444)
    try:
        code, _o, err = cli(capsys, "--db", str(db_path), "--lang", "ja", "export", "wiki", "--project", str(demo.id), "--out", str(out))
        assert signed.read_text(encoding="utf-8") == "顧客が署名した版\n"
        assert code != 0 and "読み取り専用" in err and signed.name in err, err
    finally:
        signed.chmod(0o644)


# --- 3. drafts on a full disk (fix48d) --------------------------------------------------------------------------------


def test_the_close_question_on_a_full_disk_names_no_internal_file(qtbot, tmp_path, monkeypatch) -> None:
    """Typing refused by a full disk, not on disk either: closing asks. What the consultant reads must say why
    (the disk is full) in words, not ``drafts/b8f659d068afb9d37a6d4423/6cf84b35ab2b4155.json``."""
    import re

    from app.ui import messages
    from tests.conftest import isolate
    from tests.gui_helpers import make_window, settle
    from tests.test_breaker48a import fill, tmpfs, type_on_page

    with tmpfs(tmp_path / "usb", "8m") as disk:
        db = isolate(disk / "データ フォルダ", monkeypatch) / "mlops-kickoff.sqlite3"
        asked: list[str] = []
        monkeypatch.setattr(messages, "confirm", lambda _p, _t, text, *a, **k: asked.append(text) or False)
        monkeypatch.setattr(messages, "show_error", lambda *_a, **_k: None)
        window = make_window(qtbot, db, global_lang="ja")
        settle(window)
        filler = fill(disk)
        type_on_page(window, qtbot, "hearing")
        window.close()
        filler.unlink()
        assert len(asked) == 1 and "空き容量" in asked[0], asked
        tip = window.findChild(QLabel, "saveState").toolTip()
        from tests.gui_helpers import close_window

        close_window(window)
        for text in (asked[0], tip):
            assert not re.search(r"[0-9a-f]{16}", text), text


def test_held_two_long_names_alike_for_their_first_16_bytes_written_at_once(tmp_path: Path) -> None:
    """Two exports at once (threads) of 254-byte names that differ only at the end: each its own temporary name,
    neither cleans the other's, both whole; a name the user gave a file like the short stem is left alone."""
    import threading
    import time

    from app.core.files.atomic import short_stem, write_with

    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    a, b = tmp_path / ("提" * 83 + "A.md"), tmp_path / ("提" * 83 + "B.md")
    assert short_stem(a.name) != short_stem(b.name) and short_stem(a.name)[:5] == short_stem(b.name)[:5]
    mine = tmp_path / short_stem(a.name)  # the user's own file, named as the stem
    mine.write_text("私のファイル", encoding="utf-8")

    def slow(text: str):
        def write(tmp: Path) -> None:
            tmp.write_text(text[:1], encoding="utf-8")
            time.sleep(0.3)
            tmp.write_text(text, encoding="utf-8")

        return write

    threads = [threading.Thread(target=write_with, args=(p, slow(p.name))) for p in (a, b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert a.read_text(encoding="utf-8") == a.name and b.read_text(encoding="utf-8") == b.name
    assert mine.read_text(encoding="utf-8") == "私のファイル"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([a.name, b.name, mine.name])

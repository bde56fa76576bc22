"""breaker48a: a Japanese MLOps consultant whose files and folders misbehave, in the window (Japanese, widgets by
objectName) and on the command line (``--lang ja``). Scratch under /tmp/breaker48a and tmp_path; a full disk is a
tmpfs mounted by the test (skipped where mounting is not allowed); file modes are made to hold for root with
``setpriv --bounding-set -dac_override`` (as a user runs it).

Tried and held:
- CLI ``export KIND --out`` a folder (proposal md/pdf, hearing sheet, minutes, follow-ups, WBS, experiment sheet,
  system plan md/xlsx, review pdf, ``project export``): 「… はフォルダーです。ファイル名を指定してください」, exit 2;
  a missing folder (also wiki, project export): 「フォルダー … がありません」, exit 2, nothing made; a name over
  255 bytes (87 Japanese characters, also the wiki / scaffold folders, ``--report``): 「ファイル名が長すぎます」, exit 2.
- The Exports page (every one of the 13 kinds): a missing folder, a too-long name said in one Japanese box; names with
  Japanese and spaces (「顧客 提出 wbs.xlsx」) written; a folder chosen in the save dialog becomes 「既存フォルダ.xlsx」.
- A full disk (tmpfs): every file export refused in Japanese (ディスクの空き容量がありません), an older good file (md,
  a wiki folder, a scaffold) left byte for byte, no ``.part`` left; ``demo`` / edits / ``backup create`` with the data
  folder full: 「ディスクがいっぱいです…失われたものはありません」 exit 2; the first start (``--screenshot``) on a full
  data folder: one line, exit 2, and the 0-byte database it leaves is used fine once space is made.
- A read-only folder (as a user): 「… に書き込めません: アクセス権がありません」 for file, folder and project exports;
  a read-only database file (chmod 444) at start: one Japanese line for every command, exit 2.
- Imports (CLI and window: Exports ▸ プロジェクトを取り込む…, Hearing ▸ import sheet, WBS ▸ import Excel): a project file
  truncated / empty / a folder / unreadable / missing, a hearing sheet or WBS truncated / empty / a folder /
  unreadable / missing / the wrong kind: one Japanese line, exit 2, nothing imported.
- ``--report`` to a missing folder, a folder, a too-long name: refused before anything is written.

Noted, not filed: ``--report`` on a full disk: the document is written (stdout says so) and the command exits 2 on
the report; the Exports page keeps the previous export's 「… に書き出しました」 under the project file after a later
export failed (the failure is said in a box); the failed data-folder move below also prints a Python traceback on a
terminal (log.exception), the window says it in Japanese. Not tried: a data folder turned read-only while a window
runs (a tmpfs in use cannot be remounted read-only), a network share, Windows read-only attributes.

Broke (strict xfails first, each fixed since, each with its test passing now):
- test_a_file_name_the_system_takes_is_written: a 254-byte name (83 Japanese characters + "a.xlsx") is refused by
  every export, CLI and window, with 「<folder> に書き込めません: ファイル名が長すぎます(1 つの名前は 255 バイト、日本語で
  およそ 85 文字まで)」: the hidden temporary name beside it (``.NAME.PID-XXXXXXXX.part``, 23 bytes more) is too long;
  the message names the folder and promises 85 characters where about 77 is the most that works.
- test_an_export_over_a_read_only_file_leaves_it_as_it_was: a file the user made read-only (chmod 444, the version
  the customer signed) is replaced by an export without a word (renamed over; Windows would refuse).
- test_typing_on_a_full_disk_said_kept_as_a_draft_is_not_lost_on_close (hearing answer, proposal section): the data
  folder's disk full while editing: 「未保存(下書きとして保持): ディスクがいっぱいです…失われたものはありません」, but
  the drafts file cannot be written either (logged only), closing the window asks nothing (DraftRegistry.lost_on_close
  counts only when the drafts folder could not be made at start), and the typing is gone at the next start.
- test_a_workbook_cut_short_inside_is_said_in_japanese_only (hearing sheet, WBS): a workbook whose zip is whole but a
  part is cut short is said with Python's words: 「壊れています(ParseError)」 (a class name), 「正しい形の XML ではありま
  せん(partial character)」 / 「(unclosed token)」 (the XML parser's English).
- test_a_data_folder_move_that_fails_on_a_full_disk_leaves_nothing_half_copied: Settings ▸ data folder ▸ Move to…
  a USB stick too full for the database: the move fails and the data stays (held), but a half copy stays on the
  stick (backups/, an empty mlops-kickoff.sqlite3.moving), taking its space.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel, QPlainTextEdit

from app.core import paths
from app.main import main
from app.ui import messages
from tests.conftest import isolate
from tests.gui_helpers import close_window, make_window, settle
from tests.test_drafts_on_disk_pages import proposal_page, stored_purpose
from tests.test_nothing_lost_gui import open_item, stored

REPO = Path(__file__).resolve().parent.parent
BACKGROUND = "hearing.basics.background"  # 背景・課題 (text)


def cli(capsys, db_path: Path, *args: str) -> tuple[int, str, str]:
    """``mlops-kickoff --db DB --lang ja ARGS`` in this process: (exit code, stdout, stderr)."""
    capsys.readouterr()
    try:
        code = main(["--db", str(db_path), "--lang", "ja", *args])
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    out = capsys.readouterr()
    return code, out.out, out.err


FILE_KINDS = [("proposal", ".md"), ("proposal", ".pdf"), ("hearing-sheet", ".xlsx"), ("minutes", ".md"),
              ("wbs", ".xlsx"), ("experiment-sheet", ".xlsx"), ("system-plan", ".xlsx"), ("review", ".pdf")]  # fmt: skip


@contextlib.contextmanager
def tmpfs(folder: Path, size: str):
    """A tmpfs of ``size`` mounted on ``folder`` (the test is skipped where mounting is not allowed), unmounted after."""
    folder.mkdir(parents=True, exist_ok=True)
    run = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True, text=True)
    if run.returncode:
        pytest.skip(f"a tmpfs cannot be mounted here (a full disk needs one): {run.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def fill(folder: Path) -> Path:
    """Write ``folder``'s disk full; the filler file (delete it to free the space)."""
    filler = folder / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        while True:
            os.write(fd, b"\0" * 65536)
    except OSError:
        with contextlib.suppress(OSError):
            while True:
                os.write(fd, b"\0" * 512)
    finally:
        os.close(fd)
    return filler


NO_DAC = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search"]  # root as a user: file modes hold


def as_a_user(*args: str, home: Path) -> subprocess.CompletedProcess:
    """``python -m app --lang ja ARGS`` as root without the capability to ignore file modes (as a user runs it)."""
    if shutil.which("setpriv") is None:
        pytest.skip("setpriv is missing: file modes cannot be made to hold for root")
    env = {**os.environ, "MLOPS_KICKOFF_HOME": str(home), "MLOPS_KICKOFF_SETTINGS": str(home / "s.ini"), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([*NO_DAC, sys.executable, "-m", "app", "--lang", "ja", *args], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=120)  # fmt: skip


def one_japanese_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err and "Error:" not in err, err
    return lines[0]


# --- held ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "suffix"), FILE_KINDS[:3])
def test_held_export_to_a_folder_a_missing_folder_or_a_too_long_name_is_one_line_exit_2(demo, db_path, capsys, tmp_path, kind, suffix) -> None:
    folder = tmp_path / f"dir{suffix}"
    folder.mkdir()
    code, out, err = cli(capsys, db_path, "export", kind, "--project", "1", "--out", str(folder))
    assert code == 2 and not out and "フォルダーです" in one_japanese_line(err)
    code, out, err = cli(capsys, db_path, "export", kind, "--project", "1", "--out", str(tmp_path / "無い" / f"x{suffix}"))
    assert code == 2 and "がありません" in one_japanese_line(err) and not (tmp_path / "無い").exists()
    code, out, err = cli(capsys, db_path, "export", kind, "--project", "1", "--out", str(tmp_path / ("提案書" * 29 + suffix)))
    assert code == 2 and "長すぎます" in one_japanese_line(err)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")], "a leftover beside the target"


# --- broke --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "suffix"), [("wbs", ".xlsx"), ("proposal", ".md")])
def test_a_file_name_the_system_takes_is_written(demo, db_path, capsys, tmp_path, kind, suffix) -> None:
    name = "あ" * 83 + "a" + suffix  # 254 bytes in UTF-8: a name Linux, macOS and Windows all take
    assert len(name.encode()) <= 255
    (tmp_path / name).write_bytes(b"")  # the system takes it
    (tmp_path / name).unlink()
    code, _out, err = cli(capsys, db_path, "export", kind, "--project", "1", "--out", str(tmp_path / name))
    assert code == 0, err
    assert (tmp_path / name).stat().st_size > 0


def test_an_export_over_a_read_only_file_leaves_it_as_it_was(tmp_path) -> None:
    home = tmp_path / "home"
    assert as_a_user("demo", home=home).returncode == 0
    signed = tmp_path / "提案書 署名済み.md"
    signed.write_text("顧客が署名した版\n", encoding="utf-8")
    signed.chmod(0o444)
    run = as_a_user("export", "proposal", "--project", "1", "--out", str(signed), home=home)
    assert signed.read_text(encoding="utf-8") == "顧客が署名した版\n", "the read-only file was replaced"
    assert run.returncode == 2 and len(run.stderr.strip().splitlines()) == 1, run.stderr


TYPED = "満杯のディスクで入力した背景"


def type_on_page(window, qtbot, where: str) -> str:
    """Type ``TYPED`` into the hearing's 背景・課題 or the proposal's 目的; what the page says about it."""
    if where == "hearing":
        editor = open_item(window, qtbot, BACKGROUND)
        field = editor.editors["value"].edit
        field.selectAll()
        field.insertPlainText(TYPED)
        assert not editor.flush()
        return editor.error_label.text()
    proposal_page(window, qtbot)
    edit = window.findChild(QPlainTextEdit, "section_purpose")
    edit.setFocus()
    edit.selectAll()
    edit.insertPlainText(TYPED)
    settle(window)
    return window.findChild(QLabel, "proposalDraft").text()


def shown_on_page(window, qtbot, where: str) -> tuple[str, str | None]:
    """What the page shows in the field typed into, and what is stored for it."""
    if where == "hearing":
        shown = open_item(window, qtbot, BACKGROUND).editors["value"].edit.toPlainText()
        saved = stored(window, BACKGROUND)
        return shown, saved.value if saved else None
    proposal_page(window, qtbot)
    return window.findChild(QPlainTextEdit, "section_purpose").toPlainText(), stored_purpose(window)


@pytest.mark.parametrize("where", ["hearing", "proposal"])
def test_typing_on_a_full_disk_said_kept_as_a_draft_is_not_lost_on_close(qtbot, tmp_path, monkeypatch, where) -> None:
    with tmpfs(tmp_path / "usb", "8m") as disk:
        home = isolate(disk / "データ フォルダ", monkeypatch)
        db = home / "mlops-kickoff.sqlite3"
        asked: list[str] = []
        monkeypatch.setattr(messages, "confirm", lambda _p, _t, text, *a, **k: asked.append(text) or False)  # No: keep the window
        boxes: list[str] = []
        monkeypatch.setattr(messages, "show_error", lambda _p, error, *a, **k: boxes.append(str(error)))
        window = make_window(qtbot, db, global_lang="ja")
        settle(window)
        filler = fill(disk)
        said = type_on_page(window, qtbot, where) + "".join(boxes)
        assert "ディスクがいっぱいです" in said, said  # (held: said in Japanese, as kept)
        window.close()  # as the user closes it
        if asked:  # told that the typing would go: the window stays open, nothing lost
            assert window.isVisible(), asked
            close_window(window)
            return
        close_window(window)
        filler.unlink()  # space made, as the message asks
        again = make_window(qtbot, db, global_lang="ja")
        settle(again)
        shown, saved = shown_on_page(again, qtbot, where)
        kept = list(paths.drafts_dir().glob("*/*.json"))
        close_window(again)
        assert TYPED in (shown, saved), f"typing lost: the next start shows {shown[:30]!r}, drafts kept: {kept}"


def test_a_data_folder_move_that_fails_on_a_full_disk_leaves_nothing_half_copied(tmp_path, monkeypatch, library) -> None:
    from app.core.storage import data_folder
    from app.core.workspace import Workspace
    from app.projects.demo import create_demo

    monkeypatch.delenv("MLOPS_KICKOFF_HOME")  # the folder chosen in Settings, not fixed by the environment
    for name, sub in (("HOME", "h"), ("XDG_DATA_HOME", "h/data"), ("XDG_CONFIG_HOME", "h/cfg")):
        monkeypatch.setenv(name, str(tmp_path / sub))
    source = paths.data_dir()
    source.mkdir(parents=True)
    ws = Workspace.open(str(source / paths.DB_FILENAME), library)
    create_demo(ws, "ja")
    ws.close()
    (source / "backups").mkdir()
    (source / "backups" / "old.sqlite3").write_bytes(b"\0" * 300_000)
    with tmpfs(tmp_path / "usb", "2m") as disk:
        target = disk / "データ"
        data_folder.request_move(target)
        (disk / "filler").write_bytes(b"\0" * 1_600_000)  # room for the backups, not for the database
        said = data_folder.apply_pending_move()
        assert said is not None and said.key == "data_folder.move_failed", said
        assert paths.data_dir() == source  # (held: the data stays where it was)
        left = sorted(str(p.relative_to(disk)) for p in target.rglob("*")) if target.exists() else []
        assert left == [], f"a half copy left on the stick: {left}"


def cut_part(workbook: Path, part: str, out: Path) -> Path:
    """``workbook`` with its ``part`` cut in half (the zip whole: a copy stopped half-way by a sync tool)."""
    with zipfile.ZipFile(workbook) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in src.namelist():
            data = src.read(name)
            dst.writestr(name, data[: len(data) // 2] if name == part else data)
    return out


ENGLISH_WORD = re.compile(r"\b(?!Excel\b|XML\b|xlsx\b|zip\b)[A-Za-z]{4,}\b")


@pytest.mark.parametrize("part", ["xl/workbook.xml", "xl/worksheets/sheet1.xml"])
@pytest.mark.parametrize("kind", ["hearing-sheet", "wbs"])
def test_a_workbook_cut_short_inside_is_said_in_japanese_only(demo, db_path, capsys, tmp_path, kind, part) -> None:
    whole = tmp_path / "whole.xlsx"
    assert cli(capsys, db_path, "export", kind, "--project", "1", "--out", str(whole))[0] == 0
    cut = cut_part(whole, part, tmp_path / "cut.xlsx")
    code, out, err = cli(capsys, db_path, "import", kind, str(cut), "--project", "1", "--yes")
    line = one_japanese_line(err).removeprefix("mlops-kickoff:").replace(str(cut), "").replace(cut.name, "")
    assert code == 2 and "何も" in line
    assert not ENGLISH_WORD.findall(line), line

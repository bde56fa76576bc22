"""Break-it 61e: the last hour's fixes tried again (the wiki exported again over the user's edits, in every format;
a held refused predecessor naming a task deleted since; help and the version to a full disk or a closed pipe).

Broke (strict xfails): a user's own Home.md/_Sidebar.md in a plain wiki folder overwritten unsaid when it is exported
again as a GitHub wiki; a page edited in a folder an earlier app exported (marker without files/hashes) overwritten
unsaid; help/--version/any command with stdout closed (>&-) end in a traceback; a read-only stdout's reason in English.
Held: edits kept as .edited / .edited-2 and said (line, text, --report JSON) in every format, a user's .edited.md
file kept, CRLF/BOM-only changes kept beside, help to a full disk / closed pipe, the deleted mark through a language switch.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def run(workspace, demo, out: Path, fmt: str = "plain", lang: str = "ja"):
    from app import features
    from app.core.kinds import run_export

    return run_export(features.EXPORTS["wiki"], workspace, demo.id, out, lang, {"format": fmt})


def everything(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def cli(*args: str, stdout=subprocess.PIPE) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "app", *args], stdout=stdout, stderr=subprocess.PIPE, text=True,
                          env=os.environ | {"QT_QPA_PLATFORM": "offscreen"}, timeout=120)


def japanese_only(line: str) -> bool:
    """One line, no traceback, and no English word in it (file names aside)."""
    import re

    lines = line.strip().splitlines()
    return len(lines) == 1 and "Traceback" not in line and re.search(r"[A-Za-z]{3,}", lines[0].replace("mlops-kickoff", "")) is None


# --- the wiki exported again over the user's files and edits -------------------------------------------------------


def test_users_own_home_and_sidebar_in_a_plain_wiki_are_kept_when_it_is_exported_again_as_a_github_wiki(workspace, demo, tmp_path) -> None:
    out = tmp_path / "wiki"
    run(workspace, demo, out)
    (out / "Home.md").write_text("# 私たちのホーム\n顧客との合意事項\n", encoding="utf-8")
    (out / "_Sidebar.md").write_text("- [[私のメモ]]\n", encoding="utf-8")
    report = run(workspace, demo, out, "github")
    kept = {n for n, data in everything(out).items() if "顧客との合意事項".encode() in data or "私のメモ".encode() in data}
    assert len(kept) == 2 and report.said, (kept, report.line("ja"))


def test_page_edited_in_a_folder_an_earlier_app_exported_is_not_lost(workspace, demo, tmp_path) -> None:
    out = tmp_path / "wiki"
    run(workspace, demo, out)
    marker = out / ".mlops-kickoff-export.json"
    data = json.loads(marker.read_text(encoding="utf-8"))
    del data["files"], data["hashes"]  # as the app wrote it before this week
    marker.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    page = out / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n顧客との合意事項: 毎週金曜に報告\n", encoding="utf-8")
    report = run(workspace, demo, out)
    assert any("毎週金曜に報告".encode() in data for data in everything(out).values()), report.line("ja")


def test_held_an_edited_page_exported_again_twice_is_kept_as_edited_then_edited_2(workspace, demo, tmp_path) -> None:
    out = tmp_path / "wiki"
    run(workspace, demo, out)
    page = out / "0-プロジェクト概要.md"
    first = page.read_text(encoding="utf-8") + "\n一回目の追記\n"
    page.write_text(first, encoding="utf-8")
    assert "0-プロジェクト概要.edited.md" in run(workspace, demo, out).line("ja")
    second = page.read_text(encoding="utf-8") + "\n二回目の追記\n"
    page.write_text(second, encoding="utf-8")
    report = run(workspace, demo, out)
    assert "0-プロジェクト概要.edited-2.md" in report.line("ja")
    assert (out / "0-プロジェクト概要.edited.md").read_text(encoding="utf-8") == first
    assert (out / "0-プロジェクト概要.edited-2.md").read_text(encoding="utf-8") == second
    assert not run(workspace, demo, out).said


def test_held_a_users_file_named_like_the_kept_edit_is_kept_and_the_edit_goes_beside_it(workspace, demo, tmp_path) -> None:
    out = tmp_path / "wiki"
    run(workspace, demo, out, "mkdocs")
    (out / "docs" / "index.edited.md").write_text("私のファイル\n", encoding="utf-8")
    page = out / "docs" / "index.md"
    page.write_bytes(page.read_bytes() + "編集\n".encode())
    edited = page.read_bytes()
    report = run(workspace, demo, out, "mkdocs")
    assert (out / "docs" / "index.edited.md").read_text(encoding="utf-8") == "私のファイル\n"
    assert (out / "docs" / "index.edited-2.md").read_bytes() == edited
    assert "docs/index.edited-2.md" in report.as_json("ja")["said"][0]


@pytest.mark.parametrize("fmt, name", [("github", "_Sidebar.md"), ("mkdocs", "mkdocs.yml"), ("mkdocs", "docs/CI.md")])
def test_held_an_edit_to_the_sidebar_mkdocs_yml_or_a_docs_page_is_kept_and_said_in_each_language(workspace, demo, tmp_path, fmt, name) -> None:
    out = tmp_path / "wiki"
    run(workspace, demo, out, fmt)
    (out / name).write_bytes((out / name).read_bytes() + "# 追記\n".encode())
    edited = (out / name).read_bytes()
    report = run(workspace, demo, out, fmt, "en")
    beside = Path(name).with_name(Path(name).stem + ".edited" + Path(name).suffix).as_posix()
    assert (out / beside).read_bytes() == edited and (out / name).read_bytes() != edited
    assert "編集された内容を残しました" in report.line("ja") and beside in report.text("ja")
    assert "your edit" in report.line("en") and not any("\u3040" <= c <= "\u30ff" for c in report.text("en").replace(out.name, ""))


def test_held_a_page_changed_only_to_crlf_or_a_bom_is_kept_beside_never_lost(workspace, demo, tmp_path) -> None:
    out = tmp_path / "wiki"
    run(workspace, demo, out)
    (out / "CI.md").write_bytes((out / "CI.md").read_bytes().replace(b"\n", b"\r\n"))
    (out / "データ基盤.md").write_bytes(b"\xef\xbb\xbf" + (out / "データ基盤.md").read_bytes())
    crlf, bom = (out / "CI.md").read_bytes(), (out / "データ基盤.md").read_bytes()
    report = run(workspace, demo, out)
    assert (out / "CI.edited.md").read_bytes() == crlf and (out / "データ基盤.edited.md").read_bytes() == bom
    assert "データ基盤.md(編集された内容 → データ基盤.edited.md)" in report.line("ja")


def test_held_the_command_says_the_kept_edit_on_stderr_and_in_its_report_in_japanese(demo, db_path, tmp_path) -> None:
    out, rep = tmp_path / "wiki", tmp_path / "report.json"
    assert cli("--db", str(db_path), "--lang", "ja", "export", "wiki", "--project", "1", "--out", str(out)).returncode == 0
    (out / "index.md").write_text("消さないで\n", encoding="utf-8")
    done = cli("--db", str(db_path), "--lang", "ja", "export", "wiki", "--project", "1", "--out", str(out), "--report", str(rep))
    assert done.returncode == 0 and "index.md(編集された内容 → index.edited.md)" in done.stderr + done.stdout, done.stderr
    assert "Traceback" not in done.stderr
    said = json.loads(rep.read_text(encoding="utf-8"))["said"]
    assert said and "編集された内容" in said[0]
    assert (out / "index.edited.md").read_text(encoding="utf-8") == "消さないで\n"


# --- help and the version into a full disk, a closed pipe, a closed or read-only stdout -------------------------------


HELPS = [("--help",), ("hearing", "answer", "--help"), ("--version",)]


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("args", HELPS)
def test_held_help_and_version_into_a_full_disk_one_line_in_the_language_exit_2(args, lang) -> None:
    with open("/dev/full", "w") as full:
        done = cli("--lang", lang, *args, stdout=full)
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
    assert ("出力を書き込めませんでした" in done.stderr) == (lang == "ja") and (lang == "ja") == japanese_only(done.stderr)


@pytest.mark.parametrize("args", HELPS)
def test_held_help_and_version_into_a_closed_pipe_are_quiet(args) -> None:
    done = subprocess.run(f"'{sys.executable}' -m app --lang ja {' '.join(args)} | (exec 0<&-; true)", shell=True,
                          capture_output=True, text=True, env=os.environ | {"QT_QPA_PLATFORM": "offscreen"}, timeout=120)
    assert done.stderr == ""


@pytest.mark.parametrize("args", [*HELPS, ("projects", "list")])
def test_help_and_version_with_standard_output_closed_one_japanese_line(db_path, args) -> None:
    done = subprocess.run([sys.executable, "-m", "app", "--db", str(db_path), "--lang", "ja", *args], stdout=None, stderr=subprocess.PIPE,
                          text=True, env=os.environ | {"QT_QPA_PLATFORM": "offscreen"}, timeout=120, close_fds=True,
                          preexec_fn=lambda: os.close(1))
    assert "Traceback" not in done.stderr and done.returncode in (0, 2) and len(done.stderr.strip().splitlines()) <= 1, done.stderr


@pytest.mark.parametrize("args", HELPS)
def test_help_into_a_read_only_standard_output_says_why_in_japanese(args) -> None:
    with open(os.devnull) as read_only:
        done = cli("--lang", "ja", *args, stdout=read_only)
    assert done.returncode == 2 and japanese_only(done.stderr), done.stderr


# --- a held refused predecessor naming a task deleted since, through a language switch ---------------------------------


@pytest.fixture
def window(qtbot, db_path, monkeypatch):
    from app.ui import messages
    from tests.gui_helpers import close_window, make_window, settle

    monkeypatch.setenv("MLOPS_KICKOFF_LANG", "ja")
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    win = make_window(qtbot, db_path, global_lang="ja")
    win.show_page("wbs")
    settle(win)
    yield win
    close_window(win)


def test_held_the_deleted_mark_follows_a_language_switch_and_enter_on_it_is_refused_in_english(window, qtbot, said) -> None:
    from PySide6.QtCore import Qt

    from tests.gui_helpers import settle
    from tests.test_breaker61a import act, block, open_editor, select, stored, type_cell
    from tests.test_wbs_refused_drafts import shown

    page = window.page("wbs")
    _top, kids = block(page, 6)
    code_c, title_c = page.model.tree.codes[kids[2]], page.model.tree.tasks[kids[2]].title
    select(page, [kids[4]])
    type_cell(page, qtbot, kids[4], "predecessors", f"{code_c}+2, 9.9.9")
    select(page, [kids[2]])
    act(page, "delete")
    assert shown(window, kids[4], "predecessors") == f"「{title_c}」(削除済み)+2, 9.9.9"
    window.set_ui_lang("en")
    settle(window)
    assert shown(window, kids[4], "predecessors") == f"“{title_c}” (deleted)+2, 9.9.9"
    page = window.page("wbs")  # (rebuilt in English)
    select(page, [kids[4]])
    editor = open_editor(page, kids[4], "predecessors")
    editor.setText(editor.text().replace(", 9.9.9", ""))
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    settle(window)
    assert title_c in said[-1] and not any("\u3040" <= c <= "\u30ff" for c in said[-1].replace(title_c, ""))
    assert stored(page).tasks[kids[4]].dependencies == []
    window.undo_action.trigger()
    settle(window)
    assert shown(window, kids[4], "predecessors") == f"{page.model.tree.codes[kids[2]]}+2"

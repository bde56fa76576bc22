"""Fixes of break-it 61d: the wiki exported again into its folder keeps what the user added as it was (read-only
files, the folders' modes and times, the wiki folder's own mode) and an edit to a page it writes."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from app.environment.wiki_export import export_wiki


def test_modes_and_times_of_the_users_folders_files_and_the_wiki_folder_are_kept(workspace, demo, tmp_path: Path) -> None:
    out = export_wiki(workspace, demo.id, tmp_path / "wiki", "ja", "mkdocs")
    notes = out / "notes" / "deep"
    notes.mkdir(parents=True)
    (notes / "m.txt").write_text("メモ", encoding="utf-8")
    (notes / "m.txt").chmod(0o600)
    os.utime(notes / "m.txt", (1577836800, 1577836800))
    os.utime(notes, (1577836800, 1577836800))
    (out / "docs").chmod(0o750)
    out.chmod(0o700)
    export_wiki(workspace, demo.id, out, "ja", "mkdocs")
    assert stat.S_IMODE(out.stat().st_mode) == 0o700
    assert stat.S_IMODE((out / "docs").stat().st_mode) == 0o750
    assert notes.stat().st_mtime == 1577836800
    assert stat.S_IMODE((notes / "m.txt").stat().st_mode) == 0o600 and (notes / "m.txt").stat().st_mtime == 1577836800


def test_a_read_only_page_of_the_earlier_export_is_still_refused(workspace, demo, tmp_path: Path) -> None:
    import pytest

    from app.core.errors import UserError

    out = export_wiki(workspace, demo.id, tmp_path / "wiki", "ja")
    (out / "index.md").chmod(0o444)
    mine = out / "mine.txt"
    mine.write_text("x", encoding="utf-8")
    mine.chmod(0o444)
    with pytest.raises(UserError) as caught:
        export_wiki(workspace, demo.id, out, "ja")
    assert caught.value.key == "file.read_only" and "index.md" in str(caught.value)
    (out / "index.md").chmod(0o644)
    export_wiki(workspace, demo.id, out, "ja")
    assert mine.read_text(encoding="utf-8") == "x" and stat.S_IMODE(mine.stat().st_mode) == 0o444


def test_a_page_the_user_edited_is_kept_beside_and_said_in_the_report(workspace, demo, tmp_path: Path) -> None:
    from app import features
    from app.core.kinds import run_export

    kind = features.EXPORTS["wiki"]
    out = tmp_path / "wiki"
    first = run_export(kind, workspace, demo.id, out, "ja", {"format": "plain"})
    assert not first.said
    page = out / "index.md"
    written = page.read_text(encoding="utf-8")
    page.write_text(written + "\n顧客との合意事項\n", encoding="utf-8")
    (out / "CI.md").unlink()  # removed: not an edit to keep
    report = run_export(kind, workspace, demo.id, out, "ja", {"format": "plain"})
    assert page.read_text(encoding="utf-8") == written
    assert (out / "index.edited.md").read_text(encoding="utf-8") == written + "\n顧客との合意事項\n"
    assert "index.md(編集された内容 → index.edited.md)" in report.line("ja") and "index.edited.md" in report.text("en")
    assert report.as_json("en")["said"] and len(report.text("ja").splitlines()) == 2
    again = run_export(kind, workspace, demo.id, out, "ja", {"format": "plain"})  # nothing edited since: nothing said
    assert not again.said and (out / "index.edited.md").is_file()


def test_a_page_edited_under_a_marker_listing_files_without_hashes_is_kept_beside_or_as_it_is(workspace, demo, tmp_path: Path) -> None:
    import json

    from app import features
    from app.core.kinds import run_export

    kind = features.EXPORTS["wiki"]
    out = tmp_path / "wiki"
    run_export(kind, workspace, demo.id, out, "ja", {"format": "plain"})
    marker = out / ".mlops-kickoff-export.json"
    data = json.loads(marker.read_text(encoding="utf-8"))
    del data["hashes"]  # as the app wrote it between the file list and the hashes
    marker.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    page = out / "CI.md"
    edited = page.read_text(encoding="utf-8") + "\n顧客との合意事項\n"
    page.write_text(edited, encoding="utf-8")
    report = run_export(kind, workspace, demo.id, out, "ja", {"format": "plain"})
    assert (out / "CI.edited.md").read_text(encoding="utf-8") == edited and "CI.edited.md" in report.line("ja")
    assert not (out / "データ基盤.edited.md").exists() and not run_export(kind, workspace, demo.id, out, "ja", {"format": "plain"}).said
    data = json.loads(marker.read_text(encoding="utf-8"))
    del data["hashes"]
    marker.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    run_export(kind, workspace, demo.id, out, "ja", {"format": "github"})
    assert (out / "index.md").is_file()  # no longer written, and nothing tells whether it was edited: kept as it is


def test_a_users_files_in_a_folder_named_as_a_page_the_export_now_writes_are_kept_beside_and_said(workspace, demo, tmp_path: Path) -> None:
    from app import features
    from app.core.kinds import run_export

    kind = features.EXPORTS["wiki"]
    out = tmp_path / "wiki"
    run_export(kind, workspace, demo.id, out, "ja", {"format": "plain"})
    (out / "Home.md" / "議事録").mkdir(parents=True)  # a folder of the user's where a GitHub wiki writes its Home.md
    (out / "Home.md" / "メモ.txt").write_text("顧客との合意事項", encoding="utf-8")
    (out / "Home.md" / "議事録" / "第1回.md").write_text("第1回の議事録", encoding="utf-8")
    report = run_export(kind, workspace, demo.id, out, "ja", {"format": "github"})
    assert (out / "Home.md").is_file()
    assert (out / "Home.edited.md" / "メモ.txt").read_text(encoding="utf-8") == "顧客との合意事項"
    assert (out / "Home.edited.md" / "議事録" / "第1回.md").read_text(encoding="utf-8") == "第1回の議事録"
    assert "Home.edited.md" in report.line("ja"), report.line("ja")

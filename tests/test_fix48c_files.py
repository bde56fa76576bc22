"""fix48c: the atomic writer's temporary names are short (any name the file system takes is written), a
file the user made read-only is never replaced (the window says it in a box), and a workbook with one
part cut short is said in the user's words (the sheet by its name), never the XML parser's English."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

from app.core.errors import UserError
from app.core.files.atomic import atomic_directory, part_prefix, short_stem, write_text
from app.core.files.xlsx_guard import open_workbook
from app.ui import messages
from tests.gui_helpers import close_window, make_window, settle

LONG = "あ" * 83 + "a.xlsx"  # 254 bytes: the longest name ext4 takes, nearly


def test_a_temporary_name_is_short_whatever_the_target_name() -> None:
    assert short_stem("report.md") == "report.md"  # a short name: its own stem, as before
    stem = short_stem(LONG)
    assert stem.startswith("あああああ~") and len(stem.encode()) <= 32
    assert short_stem("あ" * 83 + "b.xlsx") != stem  # another long name: another stem
    assert len(part_prefix(Path(LONG)).encode()) + len("abcd1234.part") <= 60


def test_a_long_named_export_and_folder_are_written_and_a_killed_ones_leftovers_cleaned(tmp_path: Path) -> None:
    import subprocess
    import sys

    tmp_path = tmp_path / "out"
    tmp_path.mkdir()

    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait(60)
    left = tmp_path / f".{short_stem(LONG)}.{gone.pid}-abcd1234.part"  # what a killed export of the name left
    left.write_text("half")
    write_text(tmp_path / LONG, "whole")
    assert (tmp_path / LONG).read_text() == "whole" and not left.exists()
    folder = tmp_path / ("い" * 84 + "a")
    for version in ("v1", "v2"):  # the second replaces the first: the old one moved aside under a short name
        with atomic_directory(folder) as tmp:
            (tmp / "Home.md").write_text(version)
    assert (folder / "Home.md").read_text() == "v2"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([LONG, folder.name])


def test_a_read_only_file_is_refused_naming_it_and_left_as_it_was(tmp_path: Path) -> None:
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    signed = tmp_path / "提案書 署名済み.md"
    signed.write_text("顧客が署名した版\n", encoding="utf-8")
    signed.chmod(0o444)  # (no write permission for anyone: refused for root too)
    with pytest.raises(UserError) as refused:
        write_text(signed, "new")
    assert refused.value.key == "file.read_only" and str(signed) in refused.value.text("ja")
    assert "読み取り専用" in refused.value.text("ja") and "read-only" in refused.value.text("en")
    assert signed.read_text(encoding="utf-8") == "顧客が署名した版\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [signed.name]


def test_the_exports_page_says_a_read_only_file_in_a_box_and_writes_a_long_name(qtbot, demo, db_path, tmp_path, monkeypatch) -> None:
    signed = tmp_path / "wbs 署名済み.xlsx"
    signed.write_bytes(b"signed")
    signed.chmod(0o444)
    boxes: list[str] = []
    monkeypatch.setattr(messages, "show_error", lambda _p, error, *a, **k: boxes.append(error.text("ja")))
    names = iter([signed, tmp_path / LONG])
    monkeypatch.setattr(messages, "save_file", lambda *_a, **_k: str(next(names)))
    window = make_window(qtbot, db_path, global_lang="ja", global_project=str(demo.id))
    try:
        window.show_page("exports")
        settle(window)
        window.page("exports").export_kind("wbs")
        settle(window)
        assert len(boxes) == 1 and "読み取り専用" in boxes[0] and signed.name in boxes[0], boxes
        assert signed.read_bytes() == b"signed"
        window.page("exports").export_kind("wbs")
        settle(window)
        assert len(boxes) == 1, boxes
        assert zipfile.is_zipfile(tmp_path / LONG)
    finally:
        close_window(window)
    os.chmod(signed, 0o644)


def cut(workbook: Path, part: str, out: Path) -> Path:
    with zipfile.ZipFile(workbook) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in src.namelist():
            data = src.read(name)
            dst.writestr(name, data[: len(data) // 2] if name == part else data)
    return out


@pytest.mark.parametrize(("part", "ja", "en"), [
    ("xl/worksheets/sheet1.xml", "シート「WBS」が途中で切れているか壊れています", "the sheet “WBS” is cut short or damaged"),
    ("xl/workbook.xml", "ブックのシート一覧が途中で切れているか", "the workbook's list of sheets is cut short"),
    ("xl/styles.xml", "ブックの部品(xl/styles.xml)が途中で切れているか", "its part xl/styles.xml is cut short"),
])  # fmt: skip
def test_a_part_cut_short_is_named_in_the_users_words(workspace, demo, tmp_path, part, ja, en) -> None:
    from app.wbs.files.xlsx import export_wbs_xlsx

    whole = tmp_path / "whole.xlsx"
    export_wbs_xlsx(workspace, demo.id, whole, "ja")
    with pytest.raises(UserError) as refused:
        open_workbook(cut(whole, part, tmp_path / "cut.xlsx"))
    assert ja in refused.value.text("ja") and "何も取り込んでいません" in refused.value.text("ja")
    assert en in refused.value.text("en")
    assert "Error" not in refused.value.text("en") and "token" not in refused.value.text("en")

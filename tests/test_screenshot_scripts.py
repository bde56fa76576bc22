"""``make screenshots``' child scripts (packaging/): a picture this computer cannot draw is said and skipped."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def script(name: str):
    spec = importlib.util.spec_from_file_location(f"packaging_{name}", ROOT / "packaging" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_document_picture_without_libreoffice_is_said_and_left_as_it_is(tmp_path, monkeypatch, capsys) -> None:
    shots = script("document_shots")
    monkeypatch.setattr(shots.shutil, "which", lambda program: None if program == "soffice" else f"/usr/bin/{program}")
    kept = tmp_path / "hearing-sheet.png"
    kept.write_bytes(b"the picture as it was")
    db = tmp_path / "demo.sqlite3"
    assert shots.main(str(db), "ja", [kept, tmp_path / "wbs-sheet-gantt.png"]) == 0
    err = capsys.readouterr().err
    assert "hearing-sheet.png (needs soffice of LibreOffice)" in err and "wbs-sheet-gantt.png" in err, err
    assert kept.read_bytes() == b"the picture as it was" and not (tmp_path / "wbs-sheet-gantt.png").exists()
    assert not db.exists()  # nothing to draw: no demo made either


def test_a_picture_the_scripts_do_not_draw_is_refused_by_name(tmp_path, capsys) -> None:
    assert script("document_shots").main(str(tmp_path / "demo.sqlite3"), "ja", [tmp_path / "hearing.png"]) == 2
    assert script("window_shots").main(str(tmp_path / "demo.sqlite3"), tmp_path / "proposal.png", "ja") == 2
    err = capsys.readouterr().err
    assert "hearing.png" in err and "proposal.png" in err and "settings-holidays" in err, err

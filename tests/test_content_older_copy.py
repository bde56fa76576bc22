"""A team's own copy of a checklist made from an older shipped version (breaker 64a's note): the app says
that the shipped checklist is newer and names the items the copy hides, in the window's status bar,
on every command that reads the checklists and in ``templates validate`` (which still passes)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml

from app.core.content.loader import load_library, older_copy_message

REPO = Path(__file__).resolve().parents[1]
SHIPPED = REPO / "checklists"


def _yesterdays_copy(folder: Path) -> Path:
    """The hearing checklist as a team copied it before 「その他、ツール」 was added (version 1)."""
    data = yaml.safe_load((SHIPPED / "hearing.yaml").read_text(encoding="utf-8"))
    assert data["version"] >= 2
    data["version"] = 1

    def drop(section: dict) -> None:
        section["items"] = [i for i in section.get("items", []) if i["id"] != "hearing.prereq.other_tools"]
        for sub in section.get("sections", []):
            drop(sub)

    for section in data["sections"]:
        drop(section)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "hearing.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_an_older_copy_is_said_naming_what_it_hides_in_either_language(tmp_path) -> None:
    _yesterdays_copy(tmp_path / "checklists")
    library = load_library([SHIPPED, tmp_path / "checklists"])
    assert library.item("hearing.prereq.other_tools") is None  # the copy is used, as a team's copy must be
    said = older_copy_message(library)
    assert said is not None
    ja, en = said.text("ja", library), said.text("en", library)
    assert "hearing.yaml" in ja and "「その他、ツール」" in ja and "1" in ja and "2" in ja, ja
    assert "Other tools" in en and "version 1" in en and "version 2" in en, en
    assert "hearing.prereq" not in ja + en  # by label, never by id


def test_a_copy_as_new_as_the_shipped_one_says_nothing(tmp_path) -> None:
    folder = tmp_path / "checklists"
    folder.mkdir()
    (folder / "hearing.yaml").write_bytes((SHIPPED / "hearing.yaml").read_bytes())
    assert older_copy_message(load_library([SHIPPED, folder])) is None
    assert older_copy_message(load_library([SHIPPED])) is None


def _cli(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MLOPS_KICKOFF_HOME": str(home), "MLOPS_KICKOFF_SETTINGS": str(home / "s.ini"), "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "app", "--db", str(home / "db.sqlite3"), "--lang", "ja", *args], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=120)  # fmt: skip


def test_the_command_line_says_it_once_and_templates_validate_still_passes(tmp_path) -> None:
    home = tmp_path / "home"
    _yesterdays_copy(home / "checklists")
    checked = _cli(home, "templates", "validate")
    assert checked.returncode == 0, checked.stderr
    assert "「その他、ツール」" in checked.stderr and len(checked.stderr.strip().splitlines()) == 1, checked.stderr
    assert _cli(home, "demo").returncode == 0
    listed = _cli(home, "hearing", "list", "--project", "1")
    assert listed.returncode == 0 and "その他、ツール" not in listed.stdout
    assert [line for line in listed.stderr.splitlines() if "「その他、ツール」" in line] == listed.stderr.strip().splitlines(), listed.stderr
    assert listed.stderr.strip()


def test_the_window_says_it_in_its_status_bar(qtbot, db_path) -> None:
    from app.core import paths
    from app.core.content.loader import reset_default_library
    from tests.gui_helpers import close_window, make_window

    _yesterdays_copy(paths.user_checklists_dir())  # (the test's own data folder)
    reset_default_library()
    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        shown = window.statusBar().currentMessage()
        assert "「その他、ツール」" in shown and "hearing.yaml" in shown, shown
    finally:
        close_window(window)
        reset_default_library()

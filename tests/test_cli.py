"""The command line: the automation contract of the Foundation issue, exit codes included."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from app import __version__
from app.main import main

BROKEN_CHECKLIST = "type: checklist\nschema: 1\nid: mine\nversion: 1\ntitle: {en: Mine}\nsections: []\nextra: 1\n"


@pytest.fixture
def cli(db_path: Path, capsys):
    """Run the CLI in-process on the test database; return (exit code, stdout, stderr)."""

    def run(*argv: str) -> tuple[int, str, str]:
        try:
            code = main(["--db", str(db_path), *argv])
        except SystemExit as exc:  # argparse's --help, --version and usage errors
            code = exc.code if isinstance(exc.code, int) else 1
        out = capsys.readouterr()
        return code, out.out, out.err

    return run


def test_version(cli) -> None:
    code, out, _ = cli("--version")
    assert code == 0 and out.strip() == f"mlops-kickoff {__version__}"


def test_new_list_and_json(cli) -> None:
    code, out, _ = cli("project", "new", "Alpha PoC")
    assert code == 0 and out.strip().isdigit()
    new_id = int(out)
    code, out, _ = cli("projects", "list", "--json")
    rows = json.loads(out)
    assert code == 0 and rows[0]["id"] == new_id and rows[0]["name"] == "Alpha PoC"
    code, out, _ = cli("projects", "list")
    assert "Alpha PoC" in out


def test_demo_prints_its_id_as_the_last_word(cli) -> None:
    code, out, _ = cli("demo")
    assert code == 0
    demo_id = int(out.split()[-1])
    rows = json.loads(cli("projects", "list", "--json")[1])
    assert [r["id"] for r in rows] == [demo_id]


def test_export_and_import_a_project_file(cli, db_path: Path, library, tmp_path: Path) -> None:
    from app.core.workspace import Workspace
    from app.hearing import AnswerService

    demo_id = cli("demo")[1].split()[-1]
    demo_name = json.loads(cli("projects", "list", "--json")[1])[0]["name"]
    out = tmp_path / "demo.json"
    code, printed, _ = cli("project", "export", demo_id, "--out", str(out))
    assert code == 0 and str(out) in printed
    exported = json.loads(out.read_text(encoding="utf-8"))
    assert exported["project"]["name"] == demo_name and len(exported["answers"]) > 50
    code, printed, _ = cli("project", "import", str(out))
    assert code == 0 and printed.strip().isdigit() and printed.strip() != demo_id
    imported_id = int(printed)
    assert len(json.loads(cli("projects", "list", "--json")[1])) == 2
    # The copy answers the hearing as the demo does.
    ws = Workspace.open(str(db_path), library)
    try:
        answers = AnswerService(ws.db, ws.library)

        def shown(pid: int) -> dict:
            return {item: (a.status, a.value, a.note) for item, a in answers.answers(pid).items()}

        assert shown(imported_id) == shown(int(demo_id)) and len(shown(imported_id)) == len(exported["answers"])
    finally:
        ws.close()


def test_rename_duplicate_archive_delete(cli) -> None:
    pid = cli("project", "new", "One")[1].strip()
    assert cli("project", "rename", pid, "Uno")[0] == 0
    copy = cli("project", "duplicate", "Uno", "--name", "Dos")[1].strip()
    assert cli("project", "archive", copy)[0] == 0
    rows = {r["name"]: r for r in json.loads(cli("projects", "list", "--json")[1])}
    assert rows["Dos"]["archived"] and not rows["Uno"]["archived"]
    assert [r["name"] for r in json.loads(cli("projects", "list", "--json", "--active")[1])] == ["Uno"]
    code, _, err = cli("project", "delete", "Dos")  # no --yes and no terminal: refused
    assert code == 2 and "--yes" in err
    assert cli("project", "delete", "Dos", "--yes")[0] == 0
    assert [r["name"] for r in json.loads(cli("projects", "list", "--json")[1])] == ["Uno"]


@pytest.mark.parametrize(
    "argv",
    [
        ("project", "export", "no-such-project", "--out", "x.json"),
        ("project", "import", "/no/such/file.json"),
        ("project", "rename", "999", "x"),
        ("templates", "validate", "/no/such/folder"),
    ],
)
def test_user_errors_print_one_line_and_exit_2(cli, argv) -> None:
    code, out, err = cli(*argv)
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and err.startswith("mlops-kickoff: エラー:")  # the tests run in Japanese
    assert "Traceback" not in err


def test_a_malformed_project_file_is_refused_with_exit_2(cli, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{oops", encoding="utf-8")
    code, _, err = cli("project", "import", str(bad))  # the suite's language is Japanese
    assert code == 2 and err == f"mlops-kickoff: エラー: {bad} は正しい JSON ではありません(1 行目の 2 文字目)。何も取り込んでいません\n"
    code, _, err = cli("--lang", "en", "project", "import", str(bad))
    assert code == 2 and err == f"mlops-kickoff: error: {bad} is not valid JSON (line 1, column 2); nothing was imported\n"
    assert json.loads(cli("projects", "list", "--json")[1]) == []


def test_usage_errors_are_one_line_too(cli) -> None:
    code, _, err = cli("projects", "frobnicate")
    assert code == 2 and len(err.strip().splitlines()) == 1


def test_templates_validate(cli, tmp_path: Path) -> None:
    code, out, _ = cli("templates", "validate")
    assert code == 0 and "hearing.yaml" in out
    bad = tmp_path / "mine.yaml"
    bad.write_text(BROKEN_CHECKLIST, encoding="utf-8")
    code, out, err = cli("templates", "validate", str(bad))
    assert code == 2 and str(bad) in err and "extra" in err
    good_dir = tmp_path / "good"
    good_dir.mkdir()
    (good_dir / "ok.yaml").write_text(BROKEN_CHECKLIST.replace("extra: 1\n", "").replace(
        "sections: []", "sections:\n  - id: s\n    title: {en: S}\n    items:\n      - {id: mine.a, label: {en: A}}"
    ), encoding="utf-8")
    code, out, _ = cli("templates", "validate", str(good_dir))
    assert code == 0 and "1 個のファイルに問題はありません" in out


def test_help_on_every_command(cli) -> None:
    for argv in (("--help",), ("projects", "--help"), ("project", "new", "--help"), ("demo", "--help"),
                 ("templates", "validate", "--help"), ("export", "--help"), ("import", "--help")):
        code, out, _ = cli(*argv)  # (the suite's language is Japanese: tests/test_cli_help_ja.py has the rest)
        assert code == 0 and out.startswith("使い方: mlops-kickoff")
        code, out, _ = cli("--lang", "en", *argv)
        assert code == 0 and out.startswith("usage: mlops-kickoff")


def test_environment_variable_selects_the_database(tmp_path: Path, library) -> None:
    env = os.environ | {"MLOPS_KICKOFF_DB": str(tmp_path / "env.sqlite3")}
    run = [sys.executable, "-m", "app", "project", "new", "Via env"]
    created = subprocess.run(run, env=env, check=True, capture_output=True, text=True)
    from app.core.projects import ProjectService
    from app.core.workspace import Workspace

    ws = Workspace.open(str(tmp_path / "env.sqlite3"), library)  # the database the variable names
    try:
        assert [(p.id, p.name) for p in ProjectService(ws.db).list()] == [(int(created.stdout), "Via env")]
    finally:
        ws.close()


def test_screenshot_of_a_page(tmp_path: Path) -> None:
    out = tmp_path / "shot.png"
    env = os.environ | {"QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-m", "app", "--db", str(tmp_path / "s.sqlite3"), "--screenshot", str(out), "--page", "exports", "--size", "1000x700"],
        env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    from PySide6.QtGui import QImage

    image = QImage(str(out))
    assert (image.width(), image.height()) == (1000, 700)
    # First start on an empty database made the demo project.
    listed = subprocess.run([sys.executable, "-m", "app", "--db", str(tmp_path / "s.sqlite3"), "projects", "list", "--json"],
                            capture_output=True, text=True, check=True)
    assert len(json.loads(listed.stdout)) == 1


def test_without_a_display_the_gui_says_so_in_one_line(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    result = subprocess.run([sys.executable, "-m", "app", "--db", str(tmp_path / "d.sqlite3")], env=env,
                            capture_output=True, text=True, timeout=60)
    if not sys.platform.startswith("linux"):
        pytest.skip("the display check is for Linux")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [  # in the system language (ja in the tests)
        "mlops-kickoff: エラー: 画面がありません(DISPLAY が設定されていません)。デスクトップで起動するか、--screenshot FILE.png を使ってください"]
    result = subprocess.run([sys.executable, "-m", "app", "--lang", "en", "--db", str(tmp_path / "d.sqlite3")], env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.stderr.strip().splitlines() == ["mlops-kickoff: error: no display (DISPLAY is not set): run it on a desktop, or use --screenshot FILE.png"]


def test_a_reader_that_stops_early_gets_no_traceback(workspace, db_path: Path) -> None:
    from app.core.projects import ProjectService

    projects = ProjectService(workspace.db)
    for n in range(400):  # a listing well past the pipe buffer, so the writer meets the closed pipe
        projects.create(f"Project {n:03d} " + "x" * 150)
    workspace.close()
    # `projects list --json | head -c 10`: the reader closes the pipe after a few bytes.
    listing = subprocess.Popen([sys.executable, "-m", "app", "--db", str(db_path), "projects", "list", "--json"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert listing.stdout is not None
    listing.stdout.read(10)
    listing.stdout.close()
    _, err = listing.communicate(timeout=60)
    assert b"Traceback" not in err and listing.returncode == 0


def test_a_screenshot_waits_for_the_proposal_preview(tmp_path: Path) -> None:
    out = tmp_path / "proposal.png"
    env = os.environ | {"QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-m", "app", "--db", str(tmp_path / "p.sqlite3"), "--screenshot", str(out), "--page", "proposal"],
        env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    from PySide6.QtGui import QImage

    image = QImage(str(out))
    # The preview is the right-hand fifth of the window: rendered text leaves dark pixels there.
    dark = sum(
        1
        for x in range(int(image.width() * 0.8), image.width() - 30, 3)
        for y in range(int(image.height() * 0.2), int(image.height() * 0.9), 3)
        if image.pixelColor(x, y).lightness() < 100
    )
    assert dark > 200


def test_projects_list_writes_the_time_as_the_language_writes_dates(cli) -> None:
    cli("project", "new", "Alpha PoC")
    code, out, _ = cli("--lang", "ja", "projects", "list")
    assert code == 0 and re.search(r"\d{4}/\d{2}/\d{2} \d{2}:\d{2}  Alpha PoC", out) and not re.search(r"\d{4}-\d{2}-\d{2}", out)
    code, out, _ = cli("--lang", "en", "projects", "list")
    assert code == 0 and re.search(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}  Alpha PoC", out)


def test_archiving_a_project_again_says_it_already_is_and_changes_nothing(cli) -> None:
    pid = cli("project", "new", "Alpha PoC")[1].strip()
    assert cli("project", "archive", pid)[0] == 0
    before = json.loads(cli("projects", "list", "--json")[1])
    code, out, _ = cli("--lang", "ja", "project", "archive", pid)
    assert code == 0 and "すでにアーカイブされています" in out and "しました" not in out, out
    assert json.loads(cli("projects", "list", "--json")[1]) == before  # not even its time of change


def test_ctrl_c_while_the_window_loads_qt_never_crashes_nor_prints_a_traceback(tmp_path: Path) -> None:
    """Ctrl+C while PySide6 is being imported and the window built: KeyboardInterrupt raised there aborted the
    interpreter (shiboken), crashed it, or was printed from a slot with the window going on."""
    import signal
    import time

    repo = Path(__file__).resolve().parents[1]
    env = {k: v for k, v in os.environ.items() if k != "MLOPS_KICKOFF_DB"} | {
        "MLOPS_KICKOFF_HOME": str(tmp_path), "MLOPS_KICKOFF_SETTINGS": str(tmp_path / "settings.ini"),
        "PYTHONPATH": str(repo), "QT_QPA_PLATFORM": "offscreen", "LANG": "C.UTF-8"}
    for library in ("libQt6Core", "libQt6Widgets"):
        child = subprocess.Popen([sys.executable, "-m", "app", "--lang", "ja"], cwd=tmp_path, env=env,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 30
        while child.poll() is None and library not in Path(f"/proc/{child.pid}/maps").read_text():
            assert time.monotonic() < deadline
            time.sleep(0.002)
        child.send_signal(signal.SIGINT)
        try:
            _out, err = child.communicate(timeout=30)
        finally:
            if child.poll() is None:
                child.kill()
        text = err.decode("utf-8", "replace")
        assert "Traceback" not in text and "Fatal" not in text, text[-600:]
        assert child.returncode in (0, 130), (library, child.returncode, text[-300:])


def test_an_option_value_starting_with_a_minus_is_taken_as_its_value(cli) -> None:
    """``--name -foo``: argparse took "-foo" for an unknown option and said --name had no value; every
    option taking one value takes it now (app/cli/arguments.py joined_values). A value starting with "--"
    may be an option forgotten after it: refused, saying how to write it (``--name=--…``)."""
    pid = cli("project", "new", "Alpha PoC")[1].strip()
    assert cli("resources", "add", "--project", pid, "--name", "-foo", "--role", "-lead")[0] == 0
    assert cli("resources", "rename", "--project", pid, "--name", "-foo", "--to", "-bar")[0] == 0
    code, out, err = cli("resources", "list", "--project", pid)
    assert code == 0 and "-bar" in out and "-lead" in out and "-foo" not in out, out + err
    code, out, _ = cli("project", "duplicate", pid, "--name", "-copy")
    assert code == 0 and "-copy" in cli("projects", "list")[1]
    code, _, err = cli("resources", "add", "--project", pid, "--name", "山田", "--percent", "-5")  # a negative number: read as one
    assert code == 2 and "expected one argument" not in err and "-5" in err, err
    code, _, err = cli("--lang", "en", "resources", "remove", "--project", pid, "--name", "--bar")
    assert code == 2 and "--name=-" in err and len(err.strip().splitlines()) == 1, err
    code, _, err = cli("--lang", "ja", "resources", "remove", "--project", pid, "--name", "--bar")
    assert code == 2 and "--name=-" in err and "エラー" in err, err

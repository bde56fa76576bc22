"""Smoke test of the built one-folder bundle (``make package-test``; ``make test`` runs it once built).

It runs ``dist/mlops-kickoff/mlops-kickoff`` (``.exe`` on Windows) as a user would, offscreen, from an
empty working directory, on a fresh data folder: the version; a first start that creates the demo
and draws every page in Japanese; the WBS workbook, the proposal PDF and the wiki exported; a
database of the first schema migrated. It also checks that every data file, translation and Qt
plugin the app needs is inside the bundle, so a file the spec forgot fails here, not on a laptop.
Skipped (with the reason) when no bundle is built.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from app import __version__
from app.ui.pages import PAGE_SPECS

REPO = Path(__file__).resolve().parent.parent
BUNDLE = REPO / "dist" / "mlops-kickoff"
EXECUTABLE = BUNDLE / ("mlops-kickoff.exe" if sys.platform == "win32" else "mlops-kickoff")
INTERNAL = BUNDLE / "_internal"  # PyInstaller 6's folder for everything but the executable
TIMEOUT_S = 120

pytestmark = [
    pytest.mark.bundle,
    pytest.mark.skipif(
        not EXECUTABLE.exists(), reason=f"no bundle at {EXECUTABLE.relative_to(REPO)} (build it with `make package`)"
    ),
]

# The platform plugin Qt needs to open a window on each system (the smoke test itself uses offscreen).
NATIVE_PLATFORM = {"win32": "qwindows", "darwin": "qcocoa"}.get(sys.platform, "qxcb")


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MLOPS_KICKOFF_") and k != "PYTHONPATH"}
    env.update(
        MLOPS_KICKOFF_HOME=str(home),
        MLOPS_KICKOFF_SETTINGS=str(home.parent / f"{home.name}-settings.ini"),
        QT_QPA_PLATFORM="offscreen",
    )
    return env


def run_bundle(home: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the bundle's executable in an empty folder (never the checkout) with ``home`` as data folder."""
    cwd = home.parent / "cwd"
    cwd.mkdir(exist_ok=True)
    done = subprocess.run(
        [str(EXECUTABLE), *args], cwd=cwd, env=env or _env(home), capture_output=True, text=True,
        encoding="utf-8", timeout=TIMEOUT_S,
    )
    assert done.returncode == 0, f"{args}: exit {done.returncode}\n{done.stdout}\n{done.stderr}"
    return done


def _first_paint_ms(stderr: str) -> float:
    lines = [line for line in stderr.splitlines() if line.startswith("first-paint-ms ")]
    assert lines, f"no first-paint-ms line on stderr:\n{stderr}"
    return float(lines[-1].split()[1])


def _demo_name(lang: str) -> str:
    demo = yaml.safe_load((REPO / "resources" / "demo" / "project.yaml").read_text(encoding="utf-8"))
    return demo["project"]["name"][lang]


def _image_facts(png: Path) -> tuple[int, int, int]:
    """Width, height and the number of distinct colours (of a sample) of a PNG."""
    from PySide6.QtGui import QImage

    image = QImage(str(png))
    assert not image.isNull(), f"{png} is not an image"
    colours = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}
    return image.width(), image.height(), len(colours)


def _menu_bar_pixels(png: Path) -> bytes:
    from PySide6.QtGui import QImage

    image = QImage(str(png)).copy(0, 0, 400, 22).convertToFormat(QImage.Format.Format_RGB32)
    return bytes(image.constBits())


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh data folder, after the bundle's first start on it (which creates the demo)."""
    home = tmp_path_factory.mktemp("bundle") / "home"
    database = home / "mlops-kickoff.sqlite3"
    assert not database.exists()
    png = home.parent / "first-start.png"
    run_bundle(home, "--lang", "ja", "--screenshot", str(png), "--page", "proposal")
    assert database.exists(), "the first start made no database in MLOPS_KICKOFF_HOME"
    return home


def test_version(tmp_path: Path) -> None:
    done = run_bundle(tmp_path / "home", "--version")
    assert done.stdout.strip() == f"mlops-kickoff {__version__}"


def test_the_bundle_can_open_a_team_database(tmp_path: Path) -> None:
    """psycopg travels inside: a PostgreSQL URL gets as far as the server (refused here), not "no driver"."""
    home = tmp_path / "home"
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    done = subprocess.run(
        [str(EXECUTABLE), "--lang", "ja", "--db", "postgresql+psycopg://kickoff:secret@127.0.0.1:1/kickoff", "projects", "list"],
        cwd=cwd, env=_env(home), capture_output=True, text=True, encoding="utf-8", timeout=TIMEOUT_S,
    )  # fmt: skip
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert "サーバー" in done.stderr and "psycopg" not in done.stderr and "secret" not in done.stderr


def test_the_bundle_carries_every_data_file_translation_and_plugin() -> None:
    """The spec collects these; the app finds them in the bundle's own folder (app/core/paths.py)."""
    for folder in ("checklists", "resources"):
        shipped = {p.relative_to(REPO / folder) for p in (REPO / folder).rglob("*") if p.is_file() and p.suffix != ".ts"}
        bundled = {p.relative_to(INTERNAL / folder) for p in (INTERNAL / folder).rglob("*") if p.is_file()}
        assert shipped, folder
        assert sorted(map(str, shipped - bundled)) == [], f"missing from the bundle's {folder}/"
    assert list((INTERNAL / "resources" / "i18n" / "ja").glob("*.qm")), "the app's Japanese translations"
    migrations = REPO / "app" / "core" / "storage" / "migrations" / "versions"
    for script in migrations.glob("*.py"):
        assert (INTERNAL / script.relative_to(REPO)).is_file(), f"migration {script.name}"
    assert list(INTERNAL.rglob("qtbase_ja.qm")), "Qt's own Japanese translation (qtbase_ja.qm)"
    plugins = {p.stem.removeprefix("lib") for p in INTERNAL.rglob("platforms/*") if p.is_file()}
    assert {"qoffscreen", NATIVE_PLATFORM} <= plugins, f"Qt platform plugins: {sorted(plugins)}"
    image_formats = {p.stem.removeprefix("lib") for p in INTERNAL.rglob("imageformats/*")}
    assert "qsvg" in image_formats, "the SVG plugin (the window's icon)"
    for licence in ("NOTICE.txt", "LGPL-3.0.txt", "GPL-3.0.txt"):
        assert (BUNDLE / "licenses" / licence).is_file(), f"licenses/{licence} (Qt's LGPL notice)"
    if sys.platform.startswith("linux"):
        entry = (BUNDLE / "mlops-kickoff.desktop").read_text(encoding="utf-8")
        assert "exec mlops-kickoff" in entry and "Icon=mlops-kickoff" in entry
        assert (BUNDLE / "mlops-kickoff.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_first_start_creates_the_demo_in_japanese(home: Path) -> None:
    listed = run_bundle(home, "projects", "list").stdout
    assert _demo_name("ja") in listed, listed


@pytest.mark.parametrize("page", [spec.page_id for spec in PAGE_SPECS])
def test_each_page_draws(home: Path, page: str) -> None:
    png = home.parent / f"page-{page}.png"
    run_bundle(home, "--lang", "ja", "--screenshot", str(png), "--page", page)
    width, height, colours = _image_facts(png)
    assert width >= 800 and height >= 600, (width, height)
    assert colours >= 20, f"{page}: only {colours} colours, an empty page?"


def test_the_window_speaks_japanese_from_the_bundled_translation(home: Path) -> None:
    """The menu bar differs between --lang ja and --lang en: the app's .qm were found and loaded."""
    shots = {}
    for lang in ("ja", "en"):
        shots[lang] = home.parent / f"menus-{lang}.png"
        run_bundle(home, "--lang", lang, "--screenshot", str(shots[lang]), "--page", "wbs")
    assert _menu_bar_pixels(shots["ja"]) != _menu_bar_pixels(shots["en"])


def test_exports_in_japanese(home: Path) -> None:
    import openpyxl

    out = home.parent / "exports"
    out.mkdir()
    project = _demo_name("ja")
    run_bundle(home, "export", "wbs", "--project", project, "--out", str(out / "wbs.xlsx"))
    sheet = openpyxl.load_workbook(out / "wbs.xlsx", read_only=True).worksheets[0]
    header = next(sheet.iter_rows(min_row=1, max_row=1, values_only=True))
    assert "タスク" in header, header

    run_bundle(home, "export", "proposal", "--project", project, "--out", str(out / "proposal.pdf"))
    assert shutil.which("pdftotext"), "pdftotext is needed (Debian: poppler-utils, macOS: brew install poppler)"
    text = subprocess.run(
        ["pdftotext", str(out / "proposal.pdf"), "-"], capture_output=True, text=True, encoding="utf-8", check=True
    ).stdout
    assert "MLOps導入提案" in text and project in text, text[:500]

    run_bundle(home, "export", "wiki", "--project", project, "--out", str(out / "wiki"))
    pages = sorted(p.name for p in (out / "wiki").glob("*.md"))
    assert "index.md" in pages and any(name.startswith("0-") for name in pages), pages
    assert "プロジェクト" in (out / "wiki" / "index.md").read_text(encoding="utf-8")


def test_an_old_database_is_migrated(tmp_path: Path) -> None:
    from alembic.script import ScriptDirectory

    from app.core.storage.db import MIGRATIONS_DIR
    from tests.schema_0001 import TABLES, make_database, read_rows

    home = tmp_path / "old-data"  # (tmp_path/home is conftest's data folder of the test process)
    home.mkdir()
    database = home / "mlops-kickoff.sqlite3"
    written = make_database(database)
    before = {table: read_rows(database, table) for table in TABLES}
    listed = run_bundle(home, "projects", "list").stdout
    names = [row[TABLES["projects"].index("name")] for row in written["projects"]]
    assert any(name in listed for name in names), listed
    with sqlite3.connect(database) as conn:
        revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    head = ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head()
    assert revision == head
    for table in TABLES:
        assert read_rows(database, table) == before[table], table
    assert [p for p in (home / "backups").iterdir() if head in p.name], "a backup before the migration"


def test_start_up_beside_the_source(home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Prints the first paint of the bundle and of the source on the same (demo) data; asserts no figure."""
    source_home = tmp_path / "source-data"
    shutil.copytree(home, source_home)
    figures = {}
    for label in ("bundle", "source"):
        data = home if label == "bundle" else source_home
        env = _env(data) | {"MLOPS_KICKOFF_START_TRACE": repr(time.time())}
        args = ["--lang", "ja", "--screenshot", str(data.parent / f"start-{label}.png"), "--page", "proposal"]
        if label == "bundle":
            done = run_bundle(data, *args, env=env)
        else:
            env["PYTHONPATH"] = str(REPO)
            done = subprocess.run(
                [sys.executable, "-m", "app.main", *args], cwd=REPO, env=env, capture_output=True, text=True,
                encoding="utf-8", timeout=TIMEOUT_S,
            )
            assert done.returncode == 0, done.stderr
        figures[label] = _first_paint_ms(done.stderr)
    with capsys.disabled():
        print(f"\nfirst paint (ms): bundle {figures['bundle']:.0f}, source {figures['source']:.0f}")

"""Make every picture the README shows (``make screenshots``): the pages with the app's own --screenshot option,
the rest by the scripts beside this one (dialogs, the window in states --screenshot cannot reach, the documents).

Each picture is taken on a fresh throw-away database holding the demo project as on the README's day
(MLOPS_KICKOFF_DEMO_DAY, 2026-12-06 unless ``--demo-day`` says otherwise: its PoC began on 2026/11/23), drawn as
of that day (MLOPS_KICKOFF_TODAY: the proposal's date, the Gantt's today line, an export's date), in
Japanese (the users' language) unless ``--lang en`` is given. The documents' pictures need LibreOffice and
poppler's pdftoppm: without them those are said and left as they are.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

PAGES = ("proposal", "hearing", "wbs", "experiment", "data-ci", "system-planning", "exports")
EXTRAS = ("interview", "system-planning-cost", "dialogs", "welcome")
WINDOW = ("review", "wbs-load", "wbs-baseline", "settings", "settings-holidays")  # packaging/window_shots.py
DOCUMENTS = ("proposal-pdf", "hearing-sheet", "wbs-sheet", "wbs-sheet-gantt")  # packaging/document_shots.py
DEMO_DAY = "2026-12-06"  # README ▸ Where data lives: the day the README's pictures show the demo as of

# Pictures of dialogs that --screenshot cannot reach: run in a child process on the demo database.
INTERVIEW = """
import sys
from app.ui.app import build_window
import argparse
args = argparse.Namespace(db=sys.argv[1], global_lang=sys.argv[3], global_project=None, page="hearing", screenshot=None)
app, window = build_window(args)
window.show_page("hearing")
page = window.page("hearing")
page.select_item("hearing.prereq.env_gpu")
page.show_interview = lambda dialog: dialog.show()
dialog = page.open_interview()
dialog.resize(1400, 900)
for _ in range(5):
    app.processEvents()
dialog.grab().save(sys.argv[2])
print("wrote", sys.argv[2])
window.close()  # its presence row gone: the next picture shows nobody else on the project
window.state.workspace.close()
"""

# The System planning page on its cost estimate (the cost table and the totals tab).
SYSTEM_PLANNING_COST = """
import sys
from app.ui.app import build_window
import argparse
args = argparse.Namespace(db=sys.argv[1], global_lang=sys.argv[3], global_project=None, page="system-planning", screenshot=None)
app, window = build_window(args)
window.resize(1400, 900)
window.show_page("system-planning")
window.page("system-planning").select_item("system_planning.cost.items")
for _ in range(5):
    app.processEvents()
window.grab().save(sys.argv[2])
print("wrote", sys.argv[2])
window.close()  # its presence row gone: the next picture shows nobody else on the project
window.state.workspace.close()
"""

# The first start's welcome page, on a database of its own that does not exist yet (a first start).
WELCOME = """
import sys
from PySide6.QtWidgets import QDialog
from app.ui.app import build_window
import argparse
args = argparse.Namespace(db=sys.argv[1] + ".first-start", global_lang=sys.argv[3], global_project=None, page=None, screenshot=None)
app, window = build_window(args, welcome=True)
window.show()
for _ in range(5):
    app.processEvents()
dialog = window.findChild(QDialog, "welcome")
dialog.adjustSize()
for _ in range(5):
    app.processEvents()
dialog.grab().save(sys.argv[2])
print("wrote", sys.argv[2])
window.close()  # its presence row gone: the next picture shows nobody else on the project
window.state.workspace.close()
"""
SCRIPTS = {"interview": INTERVIEW, "system-planning-cost": SYSTEM_PLANNING_COST, "welcome": WELCOME}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder for the PNG files")
    parser.add_argument("--lang", default="ja", choices=("ja", "en"))
    parser.add_argument("--pages", nargs="*", default=list(PAGES + EXTRAS + WINDOW + DOCUMENTS),
                        help="the pictures to make, by name (dialogs: the dialogs' pictures)")  # fmt: skip
    parser.add_argument("--demo-day", default=DEMO_DAY, help="the day the demo is made as of (YYYY-MM-DD)")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    here = Path(__file__).parent
    with tempfile.TemporaryDirectory() as home:
        env = os.environ | {
            "MLOPS_KICKOFF_HOME": home,
            "MLOPS_KICKOFF_SETTINGS": str(Path(home) / "settings.ini"),
            "MLOPS_KICKOFF_DEMO_DAY": args.demo_day,
            "MLOPS_KICKOFF_TODAY": args.demo_day,  # drawn as of that day too (作成日, the Gantt's today): a picture changes with the app only
            "QT_QPA_PLATFORM": "offscreen",
        }
        db = str(Path(home) / "demo.sqlite3")
        for page in args.pages:
            target = args.out / f"{page}.png"
            if page in DOCUMENTS:  # all in one run, after the window's (one export serves two pictures)
                continue
            if page == "dialogs":  # error-dialog.png, hearing-import-preview.png, wbs-import-preview.png
                script = here / "dialog_shots.py"
                subprocess.run([sys.executable, str(script), db, str(args.out), args.lang], env=env, check=True)
                continue
            if page in WINDOW:
                subprocess.run([sys.executable, str(here / "window_shots.py"), db, str(target), args.lang], env=env, check=True)
                continue
            if page in SCRIPTS:
                subprocess.run([sys.executable, "-c", SCRIPTS[page], db, str(target), args.lang], env=env, check=True)
                continue
            subprocess.run(
                [sys.executable, "-m", "app", "--db", db, "--lang", args.lang, "--screenshot", str(target), "--page", page],
                env=env,
                check=True,
            )
        documents = [str(args.out / f"{page}.png") for page in args.pages if page in DOCUMENTS]
        if documents:
            subprocess.run([sys.executable, str(here / "document_shots.py"), db, args.lang, *documents], env=env, check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

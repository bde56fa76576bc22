"""Make the README's pictures with the app's own --screenshot option (``make screenshots``).

Each picture is taken on a fresh throw-away database holding the demo project, in Japanese
(the users' language) unless ``--lang en`` is given.
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
"""
SCRIPTS = {"interview": INTERVIEW, "system-planning-cost": SYSTEM_PLANNING_COST, "welcome": WELCOME}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder for the PNG files")
    parser.add_argument("--lang", default="ja", choices=("ja", "en"))
    parser.add_argument("--pages", nargs="*", default=list(PAGES + EXTRAS))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as home:
        env = os.environ | {
            "MLOPS_KICKOFF_HOME": home,
            "MLOPS_KICKOFF_SETTINGS": str(Path(home) / "settings.ini"),
            "QT_QPA_PLATFORM": "offscreen",
        }
        db = str(Path(home) / "demo.sqlite3")
        for page in args.pages:
            target = args.out / f"{page}.png"
            if page == "dialogs":  # error-dialog.png, hearing-import-preview.png, wbs-import-preview.png
                script = Path(__file__).with_name("dialog_shots.py")
                subprocess.run([sys.executable, str(script), db, str(args.out), args.lang], env=env, check=True)
                continue
            if page in SCRIPTS:
                subprocess.run([sys.executable, "-c", SCRIPTS[page], db, str(target), args.lang], env=env, check=True)
                continue
            subprocess.run(
                [sys.executable, "-m", "app", "--db", db, "--lang", args.lang, "--screenshot", str(target), "--page", page],
                env=env,
                check=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())

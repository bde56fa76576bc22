"""Pictures of the window in a state ``--screenshot`` cannot reach: the Review page on the QA4AI axes with their
history across an agreement baseline, the WBS page's Load tab and its Gantt with the saved baseline's bars (at
1600x900: the side pane wide enough for weeks), the Settings dialog's General and Company holidays tabs.

Run by packaging/screenshots.py in a child process, one picture each, on the demo database:
``python packaging/window_shots.py DB OUT.png LANG`` (the picture by its file's name). What a picture needs beyond
the demo (an agreement baseline and two axes raised since; company holidays) is made, before the window opens, in
a database of that picture's own, so the other pictures keep the demo as it is.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

NAMES = ("review", "wbs-load", "wbs-baseline", "settings", "settings-holidays")
WIDE = (1600, 900)
DIALOG = (760, 560)


def settle(app, window) -> None:
    """The event loop run until the page in front has settled (as ``--screenshot`` waits), then a few rounds more
    for what a worker handed back."""
    from PySide6.QtCore import QThreadPool

    from app.ui.app import _settle

    for _ in range(3):
        _settle(window)
        QThreadPool.globalInstance().waitForDone(2000)
        app.processEvents()


def prepared(db: str, lang: str, name: str) -> str:
    """The database the picture ``name`` is taken on: the demo's, or a copy of the demo of its own with what the
    picture shows added (each as the window adds it: one operation)."""
    if name not in ("review", "settings-holidays"):
        return db
    from app import features
    from app.core import operations as ops
    from app.core.workspace import Workspace
    from app.projects.demo import create_demo

    db = str(Path(db).with_name(f"{Path(db).stem}-{name}{Path(db).suffix}"))  # (demo-review.sqlite3)
    features.content_types()  # the features' content models, which the checklists are read with
    ws = Workspace.open(db)
    try:
        pid = create_demo(ws, lang, only_first=True).id  # type: ignore[arg-type]
        if name == "review":  # agreed at kickoff; two QA4AI axes raised to the level needed since
            from app.projects.baselines.store import create_op
            from app.review.operations import set_fields

            ops.run(ws, create_op(pid, "キックオフ合意" if lang == "ja" else "Agreed at kickoff", "kickoff"))
            for item in ("qa4ai.model_robustness", "qa4ai.system_quality"):
                ops.run(ws, set_fields(pid, "qa4ai", item, {"level": 3.0}))
        else:  # a summer break and the year-end holidays
            from app.wbs.company_calendar import edit_holidays_op, year_end

            summer = "夏季休暇" if lang == "ja" else "Summer break"
            days = {dt.date(2026, 8, 12) + dt.timedelta(days=k): summer for k in range(3)}
            ops.run(ws, edit_holidays_op(pid, days | year_end(2026, lang)))  # type: ignore[arg-type]
    finally:
        ws.close()
    return db


def main(db: str, out: Path, lang: str) -> int:
    from app.ui.app import build_window

    name = out.stem
    if name not in NAMES:
        print("no such window picture:", out.name, "- one of", ", ".join(NAMES), file=sys.stderr)
        return 2
    args = argparse.Namespace(db=prepared(db, lang, name), global_lang=lang, global_project=None, page=None, screenshot=None)
    app, window = build_window(args)
    window.resize(*WIDE)
    window.show()
    grabbed = window
    if name == "review":
        window.show_page("review")
        settle(app, window)
        window.page("review").choose("qa4ai")
        settle(app, window)
        window.page("review").select_item("qa4ai.model_robustness")
    elif name in ("wbs-load", "wbs-baseline"):
        window.show_page("wbs")
        page = window.page("wbs")
        settle(app, window)
        if name == "wbs-load":
            page.side_tabs.setCurrentWidget(page.load_panel)
        else:
            page.show_baseline()  # the latest saved baseline's bars under the plan's
    else:  # the Settings dialog, on its General or Company holidays tab
        from app.ui.window.settings_dialog import SettingsDialog

        settle(app, window)
        grabbed = SettingsDialog(window.state, window)
        grabbed.tabs.setCurrentIndex(1 if name == "settings-holidays" else 0)
        grabbed.resize(*DIALOG)
        grabbed.show()
    settle(app, window)
    written = grabbed.grab().save(str(out))
    grabbed.close()
    window.close()  # its presence row gone: the next picture shows nobody else on the project
    window.state.workspace.close()
    if not written:
        print("not written:", out, file=sys.stderr)
        return 1
    print("wrote", out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], Path(sys.argv[2]), sys.argv[3]))

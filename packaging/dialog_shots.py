"""Pictures of dialogs the README shows in Japanese: an error, both import previews, the follow-ups
and sessions lists, the large table editor.

Run by packaging/screenshots.py in a child process on a fresh demo database:
``python packaging/dialog_shots.py DB OUT_DIR LANG``. Each dialog is reached the way a user
reaches it (the page's import button with a file, a refused value), then grabbed.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication, QDialog, QMessageBox


def settle(app: QApplication, rounds: int = 40) -> None:
    import time

    from PySide6.QtCore import QThreadPool

    for _ in range(rounds):
        app.processEvents()
        QThreadPool.globalInstance().waitForDone(50)
        time.sleep(0.02)


def main(db: str, out: Path, lang: str) -> int:
    import openpyxl

    from app.hearing.sheet import COL, export_hearing_sheet
    from app.ui import messages
    from app.ui.app import build_window
    from app.wbs.files.sheet import BY_KEY
    from app.wbs.files.xlsx import export_wbs_xlsx

    args = argparse.Namespace(db=db, global_lang=lang, global_project=None, page=None, screenshot=None)
    app, window = build_window(args)
    window.resize(1400, 900)
    window.show()
    state = window.state
    pid = state.project_id

    def unexpected(_parent, _title, text):
        print("unexpected message:", text, file=sys.stderr)

    messages.QMessageBox.warning = unexpected  # type: ignore[method-assign, assignment]
    messages.QMessageBox.information = unexpected  # type: ignore[method-assign, assignment]
    shots: dict[str, QDialog | QMessageBox] = {}
    work = Path(tempfile.mkdtemp(prefix="dialog-shots-"))  # the workbooks imported: not pictures, not kept

    def keep(name: str):
        def exec_dialog(dialog: QDialog) -> int:
            dialog.resize(1100, 700)
            dialog.show()
            settle(app, 10)
            dialog.grab().save(str(out / f"{name}.png"))
            print("wrote", out / f"{name}.png")
            shots[name] = dialog
            return QDialog.DialogCode.Rejected

        return exec_dialog

    # The hearing sheet, changed in two answers (one of them a table) and imported from the Hearing page.
    sheet = export_hearing_sheet(state.workspace, pid, work / "hearing-sheet.xlsx", lang)  # type: ignore[arg-type]
    wb = openpyxl.load_workbook(sheet)
    ws = wb.worksheets[0]
    rows = {ws.cell(r, COL["id"]).value: r for r in range(1, ws.max_row + 1)}
    ws.cell(rows["hearing.prereq.users_ds"], COL["answer"]).value = "５"
    ws.cell(rows["hearing.basics.poc_start"], COL["answer"]).value = "2026/12/21"
    wb.save(sheet)
    hearing = window.page("hearing")
    window.show_page("hearing")
    messages.open_file = lambda *a, **k: str(sheet)  # type: ignore[assignment]
    hearing.exec_dialog = keep("hearing-import-preview")  # type: ignore[method-assign]
    hearing.import_sheet()
    settle(app)

    # The WBS sheet with a task renamed and a new row, imported from the WBS page.
    book = export_wbs_xlsx(state.workspace, pid, work / "wbs.xlsx", lang)  # type: ignore[arg-type]
    wb = openpyxl.load_workbook(book)
    ws = wb.worksheets[0]
    title = BY_KEY["title"]
    header, column = next(
        (r, c) for r in range(1, 15) for c in range(1, 30) if ws.cell(r, c).value in (title.ja, title.en)
    )
    ws.cell(header + 2, column).value = f"{ws.cell(header + 2, column).value}(改)"
    last = max(r for r in range(header, ws.max_row + 1) if ws.cell(r, column).value)
    ws.cell(last + 1, column).value = "追加のタスク" if lang == "ja" else "An added task"
    wb.save(book)
    wbs = window.page("wbs")
    window.show_page("wbs")
    messages.open_file = lambda *a, **k: str(book)  # type: ignore[assignment]
    wbs.exec_dialog = keep("wbs-import-preview")  # type: ignore[method-assign]
    wbs.import_excel()
    settle(app)

    # An error: the hearing sheet with a value that does not fit refuses the whole import.
    wb = openpyxl.load_workbook(sheet)
    ws = wb.worksheets[0]
    ws.cell(rows["hearing.prereq.users_ds"], COL["answer"]).value = "二人"
    wb.save(sheet)
    messages.open_file = lambda *a, **k: str(sheet)  # type: ignore[assignment]

    def warning(parent, title, text):
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, parent)
        box.show()
        settle(app, 10)
        box.grab().save(str(out / "error-dialog.png"))
        print("wrote", out / "error-dialog.png")
        shots["error"] = box

    messages.QMessageBox.warning = warning  # type: ignore[method-assign, assignment]
    window.show_page("hearing")
    hearing.import_sheet()
    settle(app)
    # The follow-ups list (owner, due date, done) and the sessions with their minutes.
    messages.QMessageBox.warning = unexpected  # type: ignore[method-assign, assignment]
    window.show_page("hearing")
    hearing.exec_dialog = keep("followups")  # type: ignore[method-assign]
    hearing.open_followups()
    hearing.exec_dialog = keep("sessions")  # type: ignore[method-assign]
    hearing.open_sessions()

    # The large editor of the data sources (15 columns), over the window.
    assert hearing.select_item("hearing.prereq.data_sources")
    settle(app, 10)
    large = hearing.editor.editors["value"].open_large_editor()
    settle(app, 10)
    large.grab().save(str(out / "wide-table.png"))
    print("wrote", out / "wide-table.png")
    shots["wide-table"] = large
    large.reject()
    settle(app, 5)
    window.close()  # its presence row gone: the next picture shows nobody else on the project
    state.workspace.close()
    missing = {"hearing-import-preview", "wbs-import-preview", "error", "followups", "sessions", "wide-table"} - set(shots)
    if missing:
        print("not reached:", ", ".join(sorted(missing)), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], Path(sys.argv[2]), sys.argv[3]))

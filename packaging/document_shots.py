"""Pictures of documents the app writes, as the customer sees them: the proposal PDF's first page, the hearing
sheet's first printed page, the WBS sheet's first printed page and its page with the Gantt area.

Run by packaging/screenshots.py in a child process on the demo database:
``python packaging/document_shots.py DB LANG OUT.png...``, each picture by its file's name (proposal-pdf,
hearing-sheet, wbs-sheet, wbs-sheet-gantt). Each document is written as ``export`` writes it; a workbook is
printed to PDF by LibreOffice (``soffice``), a PDF page drawn by poppler's ``pdftoppm``. A picture that needs a
program this computer does not have is said on stderr and skipped (its file left as it is); the others are drawn.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

# What each picture is: the document (``export`` KIND and its file), the programs it needs, the PDF page shown
# (None: the WBS sheet's page holding the Gantt area) and the picture's longer side in pixels.
PICTURES = {
    "proposal-pdf": ("proposal", "proposal.pdf", ("pdftoppm",), 1, 819),
    "hearing-sheet": ("hearing-sheet", "hearing-sheet.xlsx", ("soffice", "pdftoppm"), 1, 1400),
    "wbs-sheet": ("wbs", "wbs.xlsx", ("soffice", "pdftoppm"), 1, 1400),
    "wbs-sheet-gantt": ("wbs", "wbs.xlsx", ("soffice", "pdftoppm"), None, 1400),
}
OFFICE_TIMEOUT_S = 240
PROVIDED_BY = {"soffice": "LibreOffice", "pdftoppm": "poppler-utils"}  # what to install for each


def demo_project(db: str, lang: str) -> int:
    """The demo project of ``db``, made as the window's first start makes it when the database has none."""
    from app import features
    from app.core.workspace import Workspace
    from app.projects.demo import create_demo

    features.content_types()  # the features' content models, which the checklists are read with
    ws = Workspace.open(db)
    try:
        return create_demo(ws, lang, only_first=True).id  # type: ignore[arg-type]
    finally:
        ws.close()


def export(db: str, lang: str, pid: int, kind: str, out: Path) -> Path:
    """``mlops-kickoff export KIND`` of the demo, as the command line writes it (the PDF by Qt's writer too)."""
    from app.main import main as cli

    if not out.exists():
        code = cli(["--db", db, "--lang", lang, "export", kind, "--project", str(pid), "--out", str(out)])
        if code != 0:
            raise SystemExit(f"export {kind} failed ({code})")
    return out


def printed(book: Path) -> Path:
    """``book`` printed to PDF by LibreOffice, on a profile of its own (never waiting for a LibreOffice the user has
    open), its whole process group ended when it takes too long (``soffice.bin`` outlives the wrapper)."""
    pdf = book.with_suffix(".pdf")
    if pdf.exists():
        return pdf
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        command = [shutil.which("soffice") or "soffice", f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
                   "--norestore", "--convert-to", "pdf", "--outdir", str(book.parent), str(book)]  # fmt: skip
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
        try:
            _out, err = process.communicate(timeout=OFFICE_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise SystemExit(f"LibreOffice took more than {OFFICE_TIMEOUT_S} s to print {book.name}") from None
    if not pdf.exists():
        raise SystemExit(f"LibreOffice did not print {book.name}: {err.decode(errors='replace').strip()}")
    return pdf


def gantt_page(book: Path) -> int:
    """The printed page holding the WBS sheet's Gantt area: the last of the first band of rows (the sheet prints
    its columns over as many pages wide as it needs, left to right, then the next band; the Gantt is rightmost)."""
    import openpyxl

    setup = openpyxl.load_workbook(book).worksheets[0].page_setup
    return int(setup.fitToWidth or 1)


def draw(pdf: Path, page: int, longer: int, target: Path) -> None:
    """Page ``page`` of ``pdf`` as a PNG whose longer side is ``longer`` pixels, moved into place whole."""
    root = pdf.parent / f"{target.stem}-page"
    subprocess.run([shutil.which("pdftoppm") or "pdftoppm", "-png", "-f", str(page), "-l", str(page), "-scale-to", str(longer),
                    "-singlefile", str(pdf), str(root)], check=True)  # fmt: skip
    shutil.move(str(root.with_suffix(".png")), str(target))
    print("wrote", target)


def main(db: str, lang: str, targets: list[Path]) -> int:
    unknown = [t.name for t in targets if t.stem not in PICTURES]
    if unknown:
        print("no such document picture:", ", ".join(unknown), file=sys.stderr)
        return 2
    pid: int | None = None
    skipped = []
    with tempfile.TemporaryDirectory(prefix="document-shots-") as folder:
        work = Path(folder)
        for target in targets:
            kind, name, needs, page, longer = PICTURES[target.stem]
            missing = [program for program in needs if shutil.which(program) is None]
            if missing:  # (LibreOffice, poppler-utils)
                skipped.append(f"{target.name} (needs {' and '.join(f'{p} of {PROVIDED_BY[p]}' for p in missing)})")
                continue
            pid = demo_project(db, lang) if pid is None else pid
            document = export(db, lang, pid, kind, work / name)
            pdf = document if document.suffix == ".pdf" else printed(document)
            draw(pdf, page if page is not None else gantt_page(document), longer, target)
    if skipped:
        print("not drawn on this computer, left as they are:", ", ".join(skipped), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], [Path(arg) for arg in sys.argv[3:]]))

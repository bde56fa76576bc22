"""Hostile and broken workbooks (issue 12, bounded imports): refused before openpyxl parses them.

Every input is generated here from a real export (zipfile and raw XML, nothing large committed):
a zip bomb of 30 million cells, one huge shared string, a sheet whose cells span a huge area, a
dimension that lies, billion laughs, a DOCTYPE, not a zip, a truncated or damaged zip, a
password-protected file, more rows than a WBS sheet takes. Each is read through the service and
through the CLI, for the hearing sheet and for the WBS sheet: one line (exit 2 on the CLI), in
bounded time and memory, the database unchanged. The figures are printed (run with ``-s``).

A macro-enabled workbook renamed .xlsx is read as data only, and the preview says so; a hearing
sheet cell holding a formula is imported as its text, and the preview says that too.
"""

from __future__ import annotations

import re
import sqlite3
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import openpyxl
import pytest

from app.core.errors import RefusedImportError, UserError
from app.hearing import sheet_import as hearing_sheet_import
from app.main import main
from app.wbs.files import sheet_import as wbs_sheet_import
from app.wbs.files.sheet import column_for_header

SHEET = "xl/worksheets/sheet1.xml"  # the first sheet: the hearing sheet's items, the WBS's tasks
NS = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
HEAD = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet ' + NS + b">"
MB = 1_000_000
SECONDS, MEMORY = 5.0, 300 * MB  # generous: every refusal measured well under 2 s and a few MB


# --- building the inputs ---------------------------------------------------------------------

def rebuild(src: Path, out: Path, replace: dict[str, bytes | Callable[[IO[bytes]], None]] | None = None,
            edit: dict[str, Callable[[bytes], bytes]] | None = None) -> Path:
    """``src`` with parts replaced (bytes, or a writer streaming them), edited, or added."""
    replace, edit = replace or {}, edit or {}
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zout:
        for info in zin.infolist():
            if info.filename not in replace:
                data = zin.read(info.filename)
                zout.writestr(info.filename, edit[info.filename](data) if info.filename in edit else data)
        for name, content in replace.items():
            if callable(content):
                with zout.open(name, "w", force_zip64=True) as f:
                    content(f)
            else:
                zout.writestr(name, content)
    return out


def stream_sheet(rows: bytes, times: int, dimension: str = "A1") -> Callable[[IO[bytes]], None]:
    def write(f: IO[bytes]) -> None:
        f.write(HEAD + f'<dimension ref="{dimension}"/><sheetData>'.encode())
        for _ in range(times):
            f.write(rows)
        f.write(b"</sheetData></worksheet>")
    return write


def cells_30m(src: Path, out: Path) -> Path:
    """2.7 MB that unpacks to 30 million cells (461 MB of XML), cells without coordinates."""
    rows = (b"<row>" + b"<c><v>1</v></c>" * 30 + b"</row>") * 1000
    return rebuild(src, out, {SHEET: stream_sheet(rows, 1000)})


def huge_shared_string(src: Path, out: Path) -> Path:
    """One shared string of 300 MB (the issue's was 1.5 GB: the same refusal, faster to make)."""
    def write(f: IO[bytes]) -> None:
        f.write(b'<?xml version="1.0" encoding="UTF-8"?>\n<sst ' + NS + b' count="1" uniqueCount="1"><si><t>')
        block = b"a" * MB
        for _ in range(300):
            f.write(block)
        f.write(b"</t></si></sst>")
    return rebuild(src, out, {"xl/sharedStrings.xml": write})


def inject(src: Path, out: Path, write_rows: Callable[[IO[bytes], int], None]) -> Path:
    """The real first sheet (its header and rows kept), with rows written after its last row."""
    with zipfile.ZipFile(src) as z:
        data = z.read(SHEET)
    last = max(int(n) for n in re.findall(rb'<row r="(\d+)"', data))
    head, tail = data.split(b"</sheetData>")

    def write(f: IO[bytes]) -> None:
        f.write(head)
        write_rows(f, last + 1)
        f.write(b"</sheetData>" + tail)
    return rebuild(src, out, {SHEET: write})


def dense_string_under_the_total(src: Path, out: Path) -> Path:
    """A 150 MB inline string in a cell: under the 200 MB total, but packed a thousand to one."""
    def rows(f: IO[bytes], first: int) -> None:
        f.write(b'<row r="%d"><c r="C%d" t="inlineStr"><is><t>' % (first, first))
        for _ in range(150):
            f.write(b"x" * MB)
        f.write(b"</t></is></c></row>")
    return inject(src, out, rows)


def huge_area(src: Path, out: Path) -> Path:
    """One more cell, at XFD15000: walking the sheet would make 245 million cells."""
    return inject(src, out, lambda f, first: f.write(b'<row r="15000"><c r="XFD15000"><v>1</v></c></row>'))


def lying_dimension(src: Path, out: Path) -> Path:
    """60,000 more rows (past the 50,000 limit) while the sheet's dimension stays as exported."""
    return inject(src, out, lambda f, first: f.write(b"".join(
        b'<row r="%d"><c r="C%d"><v>1</v></c></row>' % (n, n) for n in range(first, first + 60_000))))


def billion_laughs(src: Path, out: Path) -> Path:
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">' for n in range(1, 10))
    body = (f'<?xml version="1.0"?>\n<!DOCTYPE lolz [{entities}]>\n<worksheet {NS.decode()}><sheetData>'
            '<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>')
    return rebuild(src, out, {SHEET: body.encode()})


def doctype(src: Path, out: Path) -> Path:
    """An external entity declared (never referenced) in the workbook part."""
    def add(data: bytes) -> bytes:
        end = data.find(b"?>") + 2 if data.lstrip().startswith(b"<?xml") else 0
        return data[:end] + b'\n<!DOCTYPE workbook [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>' + data[end:]
    return rebuild(src, out, edit={"xl/workbook.xml": add})


def not_a_zip(src: Path, out: Path) -> Path:
    out.write_text("name,answer\nbackground,hello\n", encoding="utf-8")
    return out


def truncated(src: Path, out: Path) -> Path:
    out.write_bytes(src.read_bytes()[: src.stat().st_size // 2])
    return out


def damaged(src: Path, out: Path) -> Path:
    """The central directory intact, the sheet's compressed bytes scrambled in the middle."""
    data = bytearray(src.read_bytes())
    with zipfile.ZipFile(src) as z:
        info = z.getinfo(SHEET)
    start = info.header_offset + 30 + len(info.filename) + len(info.extra) + info.compress_size // 3
    data[start : start + 64] = bytes(range(64))
    out.write_bytes(bytes(data))
    return out


def password_protected(src: Path, out: Path) -> Path:
    """What Excel writes for a workbook with a password: an OLE compound file, not a zip."""
    out.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096))
    return out


def wbs_rows(count: int) -> Callable[[Path, Path], Path]:
    """``count`` new task rows (a title, no task id) added to the WBS sheet."""
    def build(src: Path, out: Path) -> Path:
        sheet = openpyxl.load_workbook(src).worksheets[0]
        title = next(c.column_letter for c in sheet[1] if (col := column_for_header(c.value)) and col.key == "title")
        first = sheet.max_row + 1
        rows = b"".join(b'<row r="%d"><c r="%s%d" t="inlineStr"><is><t>New task %d</t></is></c></row>'
                        % (n, title.encode(), n, n) for n in range(first, first + count))
        return rebuild(src, out, edit={SHEET: lambda data: data.replace(b"</sheetData>", rows + b"</sheetData>")})
    build.__name__ = f"wbs_rows_{count}"
    return build


REFUSED: dict[str, tuple[Callable[[Path, Path], Path], str]] = {
    # case: (builder, what the one line says)
    "30m_cells": (cells_30m, "size unpacked"),
    "huge_shared_string": (huge_shared_string, "size unpacked"),
    "dense_string": (dense_string_under_the_total, "compression ratio"),
    "huge_area": (huge_area, "area a sheet has"),
    "lying_dimension": (lying_dimension, "number of rows a sheet has"),
    "billion_laughs": (billion_laughs, "DOCTYPE"),
    "doctype": (doctype, "DOCTYPE"),
    "not_a_zip": (not_a_zip, "not a zip archive"),
    "truncated": (truncated, "damaged or truncated"),
    "damaged": (damaged, "damaged or truncated"),
    "password": (password_protected, "password-protected"),
}
WBS_REFUSED = {
    "wbs_100k_rows": (wbs_rows(100_000), "number of rows a sheet has is at least"),
    "wbs_6000_new_tasks": (wbs_rows(6_000), "number of new tasks (rows without a task id) is 6,000, over the limit of 5,000"),
}


# --- the exports, the database, the measure ----------------------------------------------------

@pytest.fixture
def exported(workspace, demo, tmp_path: Path) -> Callable[[str], Path]:
    def export(kind: str) -> Path:
        if kind == "hearing":
            from app.hearing.sheet import export_hearing_sheet

            return export_hearing_sheet(workspace, demo.id, tmp_path / "hearing.xlsx", "en")
        from app.wbs.files.xlsx import export_wbs_xlsx

        return export_wbs_xlsx(workspace, demo.id, tmp_path / "wbs.xlsx", "en")
    return export


def dump(db_path: Path) -> list[str]:
    with sqlite3.connect(db_path) as con:
        return list(con.iterdump())


FIGURES: list[str] = []


def measured(label: str, work: Callable[[], Any], cli: bool = False) -> tuple[Any, BaseException | None, float, int]:
    tracemalloc.start()
    # The time this process spent (CPU), not the wall clock: a pathological input shows as work done,
    # while other processes on a shared machine (a second suite beside this one) do not count.
    started = time.process_time()
    error: BaseException | None = None
    result = None
    try:
        result = work()
    except BaseException as exc:  # measured, then asserted by the caller
        error = exc
    seconds = time.process_time() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    if error is not None:
        outcome = f"raised {type(error).__name__}: {error}"
    else:
        outcome = f"exit {result}" if cli else "accepted"
    FIGURES.append(f"{label:<36} {seconds:6.2f} s {peak / MB:7.1f} MB  {outcome}")
    return result, error, seconds, peak


SERVICES = {"hearing": hearing_sheet_import.read_plan, "wbs": wbs_sheet_import.read_plan}
COMMANDS = {"hearing": "hearing-sheet", "wbs": "wbs"}


def refused_by_service(workspace, demo, db_path: Path, kind: str, path: Path, label: str, expected: str) -> None:
    before = dump(db_path)
    _, error, seconds, peak = measured(f"{label} {kind} service", lambda: SERVICES[kind](workspace, demo.id, path))
    assert isinstance(error, RefusedImportError), f"not refused cleanly: {error!r}"
    message = str(error)
    assert "\n" not in message and path.name in message and expected in message, message
    assert seconds < SECONDS and peak < MEMORY
    assert dump(db_path) == before


def refused_by_cli(demo, db_path: Path, capsys, kind: str, path: Path, label: str, expected: str) -> None:
    before = dump(db_path)
    argv = ["--db", str(db_path), "--lang", "en", "import", COMMANDS[kind], str(path), "--project", str(demo.id), "--yes"]
    code, error, seconds, peak = measured(f"{label} {kind} cli", lambda: main(argv), cli=True)
    assert error is None, f"escaped the CLI: {error!r}"
    out = capsys.readouterr()
    assert code == 2, out
    lines = out.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("mlops-kickoff: error:") and expected in lines[0], out.err
    assert out.out == ""
    assert seconds < SECONDS and peak < MEMORY
    assert dump(db_path) == before


@pytest.fixture(autouse=True)
def print_figures(capsys):
    """The figures of each case (refused, time, peak memory), printed after the CLI's output is checked."""
    yield
    with capsys.disabled():
        for line in FIGURES:
            print("\n" + line, end="")
    FIGURES.clear()


# --- the refusals -------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["hearing", "wbs"])
@pytest.mark.parametrize("case", list(REFUSED))
def test_a_hostile_workbook_is_refused_through_the_service(workspace, demo, db_path, exported, tmp_path, kind, case) -> None:
    build, expected = REFUSED[case]
    path = build(exported(kind), tmp_path / f"{case}.xlsx")
    refused_by_service(workspace, demo, db_path, kind, path, case, expected)


@pytest.mark.parametrize("kind", ["hearing", "wbs"])
@pytest.mark.parametrize("case", list(REFUSED))
def test_a_hostile_workbook_is_refused_by_the_cli(demo, db_path, exported, tmp_path, capsys, kind, case) -> None:
    build, expected = REFUSED[case]
    path = build(exported(kind), tmp_path / f"{case}.xlsx")
    refused_by_cli(demo, db_path, capsys, kind, path, case, expected)


@pytest.mark.parametrize("case", list(WBS_REFUSED))
def test_too_many_wbs_rows_are_refused(workspace, demo, db_path, exported, tmp_path, capsys, case) -> None:
    build, expected = WBS_REFUSED[case]
    path = build(exported("wbs"), tmp_path / f"{case}.xlsx")
    refused_by_service(workspace, demo, db_path, "wbs", path, case, expected)
    refused_by_cli(demo, db_path, capsys, "wbs", path, case, expected)


def test_the_limits_are_not_in_the_way_of_an_ordinary_sheet(workspace, demo, exported) -> None:
    """Both real exports pass the check, with room to spare."""
    from app.core.files.xlsx_guard import check_xlsx

    for kind in ("hearing", "wbs"):
        report = check_xlsx(exported(kind))
        assert not report.macros and 0 < report.cells < 10_000 and report.sheets >= 2


# --- read as documented -------------------------------------------------------------------------

def macro_enabled(src: Path, out: Path) -> Path:
    """An .xlsm renamed .xlsx: a VBA project and the macro-enabled content type."""
    def types(data: bytes) -> bytes:
        data = data.replace(b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                            b"application/vnd.ms-excel.sheet.macroEnabled.main+xml")
        return data.replace(b"<Default ", b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/><Default ', 1)
    return rebuild(src, out, {"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0" + b"Attribute VB_Name = \"Module1\"\nSub AutoOpen()\n" + bytes(512)},
                   edit={"[Content_Types].xml": types})


@pytest.mark.parametrize("kind", ["hearing", "wbs"])
def test_a_macro_workbook_is_read_as_data_only_and_the_preview_says_so(workspace, demo, db_path, exported, tmp_path, capsys, kind) -> None:
    path = macro_enabled(exported(kind), tmp_path / "macros.xlsx")
    before = dump(db_path)
    plan, error, seconds, peak = measured(f"macro {kind} service", lambda: SERVICES[kind](workspace, demo.id, path))
    assert error is None and seconds < SECONDS
    lines = plan.describe("en")
    assert any("macros.xlsx contains macros" in line and "read as data only" in line for line in lines), lines
    argv = ["--db", str(db_path), "--lang", "en", "import", COMMANDS[kind], str(path), "--project", str(demo.id), "--yes"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "contains macros" in out and "read as data only" in out
    assert dump(db_path) == before  # the export brings no change


def test_a_formula_in_a_hearing_sheet_is_imported_as_text_and_the_preview_says_so(workspace, demo, exported, tmp_path) -> None:
    from app.hearing.sheet import COL

    wb = openpyxl.load_workbook(exported("hearing"))
    sheet = wb.worksheets[0]
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, COL["id"]).value == "hearing.basics.accuracy_avc")
    sheet.cell(row, COL["answer"]).value = '=HYPERLINK("http://example.com","click")'
    sheet.cell(row, COL["note"]).value = "plain note"
    wb.save(tmp_path / "formula.xlsx")
    plan = hearing_sheet_import.read_plan(workspace, demo.id, tmp_path / "formula.xlsx")
    value = next(c for c in plan.changes if c.item_id == "hearing.basics.accuracy_avc" and c.field == "value")
    assert value.incoming == '=HYPERLINK("http://example.com","click")'  # its text, inert
    note = next(c for c in plan.changes if c.item_id == "hearing.basics.accuracy_avc" and c.field == "note")
    assert value.formula and not note.formula
    coordinate = sheet.cell(row, COL["answer"]).coordinate
    lines = plan.describe("en")
    assert any("(formula)" in line and "AVC (accuracy value curve)" in line for line in lines), lines
    assert lines[-1] == f"! 1 cell held a formula, imported as the formula's text (never calculated): {sheet.title}!{coordinate}"
    assert any("数式" in line for line in plan.describe("ja"))
    from app.ui.hearing.dialogs import ImportPreviewDialog

    dialog = ImportPreviewDialog(plan, "ja")  # the window's preview says it too
    assert dialog.notices.isVisibleTo(dialog) and "数式" in dialog.notices.text() and coordinate in dialog.notices.text()
    dialog.deleteLater()


def test_a_missing_file_and_a_folder_are_still_one_line(workspace, demo, tmp_path) -> None:
    for kind in ("hearing", "wbs"):
        with pytest.raises(UserError, match="file not found"):
            SERVICES[kind](workspace, demo.id, tmp_path / "nothing.xlsx")
        with pytest.raises(UserError, match="is a folder"):
            SERVICES[kind](workspace, demo.id, tmp_path)


def whole_sheet_dimension(src: Path, out: Path) -> Path:
    """The sheet as exported, declaring ``A1:AH1048576``: what LibreOffice writes after a row is deleted."""
    return rebuild(src, out, edit={SHEET: lambda data: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:AH1048576"', data)})


@pytest.mark.parametrize("kind", ["hearing", "wbs"])
def test_a_dimension_declaring_the_whole_sheet_is_read_by_the_rows_there(workspace, demo, db_path, exported, tmp_path, kind) -> None:
    """The declared size is no limit (LibreOffice's, after a row delete): the rows there are counted."""
    path = whole_sheet_dimension(exported(kind), tmp_path / "libreoffice.xlsx")
    assert b'<dimension ref="A1:AH1048576"' in zipfile.ZipFile(path).read(SHEET)
    plan, error, seconds, _ = measured(f"whole-sheet dimension {kind}", lambda: SERVICES[kind](workspace, demo.id, path))
    assert error is None and seconds < SECONDS


def test_a_row_past_the_limit_is_refused_before_the_rest_is_read(workspace, demo, db_path, exported, tmp_path) -> None:
    """The sheet's last row at 1,048,576 (its dimension as exported), then 150,000 cells: refused at that row."""
    def rows(f: IO[bytes], first: int) -> None:
        f.write(b'<row r="1048576"><c r="A1048576"><v>1</v></c></row>')
        for _ in range(5):
            f.write((b"<row>" + b"<c><v>1</v></c>" * 30 + b"</row>") * 1000)
    path = inject(exported("wbs"), tmp_path / "far_row.xlsx", rows)
    refused_by_service(workspace, demo, db_path, "wbs", path, "far_row", "number of rows a sheet has")


def empty_rows(src: Path, out: Path) -> Path:
    """60,000 empty rows (their height set, no cell) after the last: openpyxl keeps an object for each."""
    return inject(src, out, lambda f, first: f.write(b"".join(
        b'<row r="%d" ht="15" customHeight="1"></row>' % n for n in range(first, first + 60_000))))


def test_empty_rows_past_the_limit_are_refused(workspace, demo, db_path, exported, tmp_path) -> None:
    path = empty_rows(exported("hearing"), tmp_path / "empty_rows.xlsx")
    refused_by_service(workspace, demo, db_path, "hearing", path, "empty_rows", "number of rows a sheet has is at least 50,001")


def test_an_empty_last_row_of_the_sheet_is_read(workspace, demo, exported, tmp_path) -> None:
    """LibreOffice's empty ``<row r="1048576">`` after a row delete (with its whole-sheet dimension)."""
    path = inject(exported("hearing"), tmp_path / "last_row.xlsx",
                  lambda f, first: f.write(b'<row r="1048576" ht="12.8" customHeight="false"></row>'))
    path = whole_sheet_dimension(path, tmp_path / "libreoffice.xlsx")
    hearing_sheet_import.read_plan(workspace, demo.id, path)


@pytest.mark.parametrize("kind", ["hearing", "wbs"])
def test_an_opendocument_spreadsheet_is_told_to_be_saved_as_xlsx(workspace, demo, tmp_path, kind) -> None:
    """An .ods (a zip whose first part, ``mimetype``, says so) is said as what it is, with what to do."""
    path = tmp_path / "sheet.ods"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "<office:document-content/>")
    with pytest.raises(RefusedImportError) as refused:
        SERVICES[kind](workspace, demo.id, path)
    message = refused.value.text("en")
    assert "OpenDocument spreadsheet (.ods" in message and "save it as .xlsx" in message and "[Content_Types]" not in message

"""One safe way to open a workbook someone sent us: checked before openpyxl parses a byte of it.

Every xlsx reader (hearing sheet, WBS sheet) opens its file with :func:`open_workbook`. Before
openpyxl runs, :func:`check_xlsx` looks at the archive and streams through it once, in 1 MB
chunks, so that a hostile or broken file is refused in about a second with one line
(:class:`~app.core.errors.UnsafeWorkbookError`: the file's name, what was past which limit, the figure),
never a hang, gigabytes of memory or a traceback.

Refused (limits in :class:`XlsxLimits`, the README's "Safety" section lists them):

- not a zip archive; an encrypted or old-format (.xls) workbook; an OpenDocument spreadsheet (.ods,
  told to be saved as .xlsx); a damaged or truncated archive;
  an entry that is encrypted or compressed other than stored/deflated; no ``[Content_Types].xml``
  or ``xl/workbook.xml``;
- a file over 50 MB, more than 2,000 parts, more than 200 MB unpacked (the sizes the archive
  declares: Python's zipfile never inflates an entry past its declared size), a part over 4 MB
  that unpacks more than 100 times its packed size, shared strings over 50 MB;
- any XML part with a DOCTYPE (or any other ``<!`` declaration before its root element): entity
  expansion ("billion laughs") and external entities need one, and no workbook part has one;
  an XML part in UTF-16/UTF-32 (no spreadsheet program writes one);
- a sheet whose highest row is past 50,000, or whose highest row × highest column (what openpyxl
  fills in when a reader walks the sheet) is past 1,000,000, or a workbook with more than
  1,000,000 cells, or more than 50,000 ``<row>`` elements, counted as they are streamed (the sheet's
  declared ``<dimension>`` is no limit: LibreOffice declares the whole sheet, A1:AH1048576, after a
  row is deleted, and a dimension can lie). The cells openpyxl creates besides those written count too:
  every cell of a merged range, of a hyperlink's range and under a comment (each range refused
  on its own past the sheet's limits: one ``<mergeCell ref="A1:XFD1048576"/>`` is 17 billion);
- more than 65,490 entries in a list of the styles (Excel's own limit of cell formats), or more
  than 500,000 elements besides cells (styles, formatting, validations, drawings...) in all:
  :mod:`app.core.files.xlsx_content` counts what openpyxl would build from each XML part.

openpyxl's warnings (an Excel extension it drops, a date-formatted number no date has) never
reach the terminal; a date cell whose number is no date reads as that number, which the reader
then refuses as it refuses any value that is no date (not as the error ``#VALUE!``). A reader
walks a sheet's rows up to the last one holding a value (:func:`value_rows`), never to openpyxl's
``max_row``, which an empty cell far down (a styled cell, a hyperlink) can set.

A macro-enabled workbook renamed .xlsx (``vbaProject.bin``, a macro-enabled content type or
Excel 4 macro sheets) is not refused: openpyxl never runs or keeps macros, so it is read as data
only, and :attr:`XlsxReport.macros` lets the reader say so in its preview.

Measured on the development machine (2 shared cores): a workbook at the limits (1,000,000 cells)
is checked in about 1.5 s and then takes openpyxl about 10 s and 400 MB; every refusal in
tests/test_bounded_imports.py takes well under 2 s and a few MB.
"""

from __future__ import annotations

import logging
import re
import stat
import warnings
import zipfile
import zlib
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import Any

from app.core.errors import FileMissing, RefusedImportError, UnsafeWorkbookError, UserError
from app.core.files import probe
from app.core.files.guarded import in_use_here
from app.core.files.xlsx_content import XlsxLimits, XlsxReport, blank_linked_cells, count_part, count_sheet
from app.core.files.xlsx_parts import BrokenPart, cut_short, first_broken_part
from app.core.messages import Message

__all__ = ["CHUNK", "LIMITS", "XlsxLimits", "XlsxReport", "cell_comments", "check_xlsx", "macro_notice", "open_workbook", "value_rows"]

log = logging.getLogger(__name__)

MB = 1_000_000
CHUNK = 1 << 20

LIMITS = XlsxLimits()


def macro_notice(name: str, lang: str = "en") -> str:
    """What a preview says of a macro-enabled workbook: read as data, macros never run."""
    return Message(key="workbook.macros", name=name).text(lang)


def open_workbook(path: Path, limits: XlsxLimits = LIMITS) -> tuple[Any, XlsxReport]:
    """Check ``path`` (:func:`check_xlsx`) and load it with openpyxl, formulas as their text.

    Raises UserError for a missing file or a folder, UnsafeWorkbookError or RefusedImportError
    for anything else that is not a workbook we can read.
    """
    from openpyxl.utils.exceptions import InvalidFileException

    path = Path(path)
    report = check_xlsx(path, limits)
    serials: dict[str, str] = {}
    try:
        # openpyxl warns on stderr, in English, of what it drops or cannot read (an Excel extension
        # it does not support, a date-formatted cell whose number is no date): never the user's.
        # The date's warning is kept to put the cell's number back (:func:`_serials_back`).
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            warnings.filterwarnings("always", message=_DATE_SERIAL.pattern)
            warnings.showwarning = lambda message, *_args, **_kwargs: _note_serial(str(message), serials)
            # Not data_only: a formula cell reads as its formula text (kept as text), never as a
            # cached value that may be missing (openpyxl writes none) or lose the formula's content.
            book = _load(path)
    except (InvalidFileException, zipfile.BadZipFile, zlib.error, KeyError, IndexError, OSError, ValueError,
            TypeError, AttributeError, NotImplementedError, EOFError, SyntaxError) as exc:
        # SyntaxError: xml.etree's ParseError. What the check cannot see (a part other than a sheet cut
        # short, a sheet that is not valid SpreadsheetML) ends here, as one line in the user's words:
        # the part cut short by its name, else no workbook (the exception's name only in the log).
        log.info("openpyxl could not load %s: %s: %s", path.name, type(exc).__name__, exc)
        if (broken := first_broken_part(path)) is not None:
            with zipfile.ZipFile(path) as archive:
                raise UnsafeWorkbookError(path.name, cut_short(archive, broken)) from None
        raise RefusedImportError(key="workbook.not_xlsx", name=path.name) from None
    _serials_back(book, serials)
    _unescape_texts(book)
    if report.hyperlinks:
        with zipfile.ZipFile(path) as archive:
            blank_linked_cells(book, archive)
    return book, report


def _load(path: Path) -> Any:
    """openpyxl's ``load_workbook(path)``, with the shared strings read as the file holds them (openpyxl
    drops each ``x005F_`` of an escaped underscore, which makes the text ``_x000D_`` typed in a cell
    and a carriage return written ``_x000D_`` one and the same): :func:`_unescape_texts` reads them."""
    from openpyxl.cell.text import Text
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.xml.constants import SHARED_STRINGS, SHEET_MAIN_NS
    from openpyxl.xml.functions import iterparse

    class Reader(ExcelReader):
        def read_strings(self) -> None:
            part = self.package.find(SHARED_STRINGS)  # type: ignore[no-untyped-call]
            if part is None:
                return
            tag, strings = f"{{{SHEET_MAIN_NS}}}si", []
            with self.archive.open(part.PartName[1:]) as src:
                for _event, node in iterparse(src):
                    if node.tag == tag:
                        text: Any = Text.from_tree(node)
                        strings.append(text.content)
                        node.clear()
            self.shared_strings = strings

    reader = Reader(path)
    reader.read()
    return reader.wb


# A character the xlsx format escapes in a text (ECMA-376's ST_Xstring): a control character as
# _x000D_, an underscore starting such a sequence as _x005F_ (so "_x000D_" typed is _x005F_x000D_).
_ESCAPED = re.compile("_x([0-9A-Fa-f]{4})_")


def unescape_text(text: str) -> str:
    """A cell's text as the file escapes it, as the customer typed and saw it: each ``_xHHHH_`` the
    character it stands for (half of a character of two UTF-16 units stays as written)."""
    if "_x" not in text:
        return text
    return _ESCAPED.sub(lambda m: m.group(0) if 0xD800 <= (code := int(m.group(1), 16)) <= 0xDFFF else chr(code), text)


def _unescape_texts(book: Any) -> None:
    """Every text cell of ``book`` as the customer typed it (:func:`unescape_text`): the shared strings
    as :func:`_load` read them, inline strings (openpyxl's own) as openpyxl reads them, both escaped."""
    for sheet in book.worksheets:
        for cell in sheet._cells.values():
            value = cell._value
            if type(value) is str and cell.data_type == "s" and "_x" in value:
                cell._value = unescape_text(value)


# openpyxl's words for a date-formatted cell holding a number no date has (3000000: Excel shows #######).
_DATE_SERIAL = re.compile(r"Cell (\$?[A-Za-z]{1,3}\$?[0-9]+) is marked as a date but the serial value (\S+) is outside")
MAX_SERIALS = 10_000  # a reader says the first few problems; the rest stay as openpyxl read them


def _note_serial(message: str, serials: dict[str, str]) -> None:
    found = _DATE_SERIAL.match(message)
    if found is not None and len(serials) < MAX_SERIALS:
        serials[found.group(1).replace("$", "").upper()] = found.group(2)


def _serials_back(book: Any, serials: dict[str, str]) -> None:
    """Put back the number of each date-formatted cell openpyxl read as the error ``#VALUE!`` because no
    date has that serial: the reader then says the number the customer typed, not an error they never saw."""
    from openpyxl.styles.numbers import is_date_format
    from openpyxl.utils.cell import coordinate_to_tuple

    for coordinate, serial in serials.items():
        try:
            number: float = int(serial) if serial.lstrip("-").isdigit() else float(serial)
            row, column = coordinate_to_tuple(coordinate)
        except ValueError:
            continue
        for sheet in book.worksheets:  # (openpyxl's warning does not say which sheet)
            if row > sheet.max_row or column > sheet.max_column:
                continue
            cell = sheet.cell(row=row, column=column)
            if cell.data_type == "e" and cell.value == "#VALUE!" and is_date_format(cell.number_format):
                cell.value = number


def value_rows(sheet: Any) -> int:
    """The last row of a loaded ``sheet`` that holds a value (1 when none does): how far a reader walks.

    openpyxl's ``max_row`` counts every cell it made, an empty one too (a styled cell, each cell of a
    merged range, a hyperlink's or a comment's), and walking a sheet up to it makes a cell for every
    place on the way: a hyperlink on row 1,048,576 would take gigabytes. Reads openpyxl's own table of
    the cells it holds (``_cells``), which makes none.
    """
    return max((row for (row, _column), cell in sheet._cells.items() if cell.value is not None), default=1)


def cell_comments(sheet: Any, limit: int = 80) -> list[tuple[int, str, str]]:
    """The comments (Excel's メモ) on a loaded ``sheet``'s cells, in reading order: (row, cell, the text
    on one line, cut at ``limit`` characters). A reader imports none but says each: the customer's
    words to the consultant (「この日程は厳しいです」) are read by a person, never dropped unsaid."""
    found = []
    commented = sorted((place, cell) for place, cell in sheet._cells.items() if cell.comment is not None)  # (no cell created)
    for (row, _column), cell in commented:
        text = " ".join(str(getattr(cell.comment, "text", "") or "").split())
        if text:
            found.append((row, cell.coordinate, text if len(text) <= limit else text[: limit - 1] + "…"))
    return found


def check_xlsx(path: Path, limits: XlsxLimits = LIMITS) -> XlsxReport:
    """Refuse ``path`` unless it is a zip of XML parts within ``limits``; parse nothing."""
    path = Path(path)
    name = path.name
    if not probe.exists(path):
        raise FileMissing(path)
    if probe.is_dir(path):
        raise UserError(key="workbook.is_folder", path=path)
    with probe.looking_at(path):  # no permission to read it, say
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):  # a pipe would block the read below for ever, a device never end
            raise RefusedImportError(key="file.not_regular_input", path=path)
        size = info.st_size
        if size > limits.max_file_bytes:
            raise UnsafeWorkbookError(name, Message(key="workbook.file_size"), size, limits.max_file_bytes, "bytes")
        if in_use_here(path) is not None:  # a database open here (or its journal): never opened raw in this process
            raise UnsafeWorkbookError(name, Message(key="workbook.not_zip"))
        with path.open("rb") as f:
            magic = f.read(8)
    if magic.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnsafeWorkbookError(name, Message(key="workbook.old_format"), detail=Message(key="workbook.save_as_xlsx"))
    if not magic.startswith(b"PK"):
        raise UnsafeWorkbookError(name, Message(key="workbook.not_zip"))
    try:
        with zipfile.ZipFile(path) as archive:
            return _check_archive(archive, name, limits)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError, RuntimeError):
        raise UnsafeWorkbookError(name, Message(key="workbook.damaged_zip")) from None


def _opendocument(archive: zipfile.ZipFile, names: set[str]) -> bool:
    """Whether the archive is an OpenDocument spreadsheet (.ods, LibreOffice's own format): its first
    part, ``mimetype``, says so. Refused saying what to do, not by the xlsx part it lacks."""
    if "mimetype" not in names or "[Content_Types].xml" in names:
        return False
    with archive.open("mimetype") as part:
        return part.read(100).startswith(b"application/vnd.oasis.opendocument.spreadsheet")


def _check_archive(archive: zipfile.ZipFile, name: str, limits: XlsxLimits) -> XlsxReport:
    infos = archive.infolist()
    if len(infos) > limits.max_parts:
        raise UnsafeWorkbookError(name, Message(key="workbook.parts"), len(infos), limits.max_parts)
    names = {info.filename for info in infos}
    if _opendocument(archive, names):
        raise UnsafeWorkbookError(name, Message(key="workbook.opendocument"), detail=Message(key="workbook.save_ods_as_xlsx"))
    for required in ("[Content_Types].xml", "xl/workbook.xml"):
        if required not in names:
            raise UnsafeWorkbookError(name, Message(key="workbook.missing_part", part=required))
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise UnsafeWorkbookError(name, Message(key="workbook.encrypted_part"), detail=Message(key="workbook.save_as_xlsx"))
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise UnsafeWorkbookError(name, Message(key="workbook.unknown_compression"))
        total += info.file_size
        if total > limits.max_unpacked_bytes:
            total = sum(i.file_size for i in infos)
            raise UnsafeWorkbookError(name, Message(key="workbook.unpacked_size"), total, limits.max_unpacked_bytes, "bytes")
        if info.file_size > limits.ratio_from_bytes:
            ratio = info.file_size // max(info.compress_size, 1)
            if ratio > limits.max_ratio:
                raise UnsafeWorkbookError(
                    name, Message(key="workbook.ratio", part=info.filename, size=_mb(info.file_size)),
                    ratio, limits.max_ratio, ": 1")
    report = XlsxReport()
    report.macros = any(n.lower().endswith("vbaproject.bin") or n.lower().startswith("xl/macrosheets/") for n in names)
    for info in infos:
        if info.is_dir() or info.file_size == 0:
            continue
        _check_part(archive, info, name, limits, report)
    return report


def _mb(size: int) -> str:
    return f"{size / MB:,.1f} MB"


_ROOT = re.compile(rb"<(?:([A-Za-z_][\w.\-]*):)?([A-Za-z_][\w.\-]*)")
_WIDE = (b"\xff\xfe", b"\xfe\xff", b"<\x00", b"\x00<", b"\x00\x00")


def _chunks(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Generator[bytes, None, None]:
    with archive.open(info) as f:
        while chunk := f.read(CHUNK):
            yield chunk


def _check_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, limits: XlsxLimits, report: XlsxReport) -> None:
    chunks = _chunks(archive, info)
    head = next(chunks, b"")
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    if head.startswith(_WIDE):
        raise UnsafeWorkbookError(name, Message(key="workbook.wide_xml", part=info.filename))
    root = _root(head, info.filename, name, limits)
    if root is None:
        chunks.close()
        return  # not XML (an image, vbaProject.bin): openpyxl does not parse it as XML
    _, local = root
    if local == b"Types" and info.filename == "[Content_Types].xml":
        if b"macroEnabled" in head or b"vbaProject" in head:
            report.macros = True
    if local == b"sst" and info.file_size > limits.max_shared_strings_bytes:
        raise UnsafeWorkbookError(name, Message(key="workbook.shared_strings"), info.file_size, limits.max_shared_strings_bytes, "bytes")
    if local == b"worksheet":
        report.sheets += 1
        try:
            count_sheet(_with_head(head, chunks), name, limits, report)
        except BrokenPart:
            raise UnsafeWorkbookError(name, cut_short(archive, info.filename)) from None
    elif local == b"sst":
        chunks.close()  # read by openpyxl as a list of strings: bounded by its size
    else:
        count_part(_with_head(head, chunks), local, info.filename, name, limits, report)


def _root(head: bytes, part: str, name: str, limits: XlsxLimits) -> tuple[bytes, bytes] | None:
    """The root element's (prefix, local name); refuse a DOCTYPE or any declaration before it."""
    text = head[: limits.max_prolog_bytes]
    i = 0
    while True:
        while i < len(text) and text[i] in b" \t\r\n":
            i += 1
        if i >= len(text):
            break
        if text[i : i + 1] != b"<":
            return None
        if text.startswith(b"<?", i):
            end = text.find(b"?>", i + 2)
            if end < 0:
                break
            i = end + 2
        elif text.startswith(b"<!--", i):
            end = text.find(b"-->", i + 4)
            if end < 0:
                break
            i = end + 3
        elif text.startswith(b"<!", i):
            if text.startswith(b"<!DOCTYPE", i):
                raise UnsafeWorkbookError(name, Message(key="workbook.doctype", part=part))
            raise UnsafeWorkbookError(name, Message(key="workbook.declaration", part=part))
        else:
            found = _ROOT.match(text, i)
            if found is None:
                return None
            return found.group(1) or b"", found.group(2)
    if len(head) >= limits.max_prolog_bytes:
        raise UnsafeWorkbookError(name, Message(key="workbook.prolog", part=part, limit=f"{limits.max_prolog_bytes:,}"))
    return None


def _with_head(head: bytes, chunks: Iterator[bytes]) -> Iterator[bytes]:
    yield head
    yield from chunks

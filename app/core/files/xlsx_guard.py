"""One safe way to open a workbook someone sent us: checked before openpyxl parses a byte of it.

Every xlsx reader (hearing sheet, WBS sheet) opens its file with :func:`open_workbook`. Before
openpyxl runs, :func:`check_xlsx` looks at the archive and streams through it once, in 1 MB
chunks, so that a hostile or broken file is refused in about a second with one line
(:class:`~app.core.errors.UnsafeWorkbookError`: the file's name, what was past which limit, the figure),
never a hang, gigabytes of memory or a traceback.

Refused (limits in :class:`XlsxLimits`, the README's "Safety" section lists them):

- not a zip archive; an encrypted or old-format (.xls) workbook; a damaged or truncated archive;
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
  1,000,000 cells. The sheet's declared ``<dimension>`` is checked first; the cells are counted
  anyway, since a dimension can lie.

A macro-enabled workbook renamed .xlsx (``vbaProject.bin``, a macro-enabled content type or
Excel 4 macro sheets) is not refused: openpyxl never runs or keeps macros, so it is read as data
only, and :attr:`XlsxReport.macros` lets the reader say so in its preview.

Measured on the development machine (2 shared cores): a workbook at the limits (1,000,000 cells)
is checked in about 1.5 s and then takes openpyxl about 10 s and 400 MB; every refusal in
tests/test_bounded_imports.py takes well under 2 s and a few MB.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.core.errors import FileMissing, RefusedImportError, UnsafeWorkbookError, UserError
from app.core.files import probe
from app.core.messages import Message

MB = 1_000_000
CHUNK = 1 << 20


@dataclass(frozen=True)
class XlsxLimits:
    max_file_bytes: int = 50 * MB
    max_parts: int = 2_000
    max_unpacked_bytes: int = 200 * MB
    max_ratio: int = 100  # unpacked / packed, for a part of more than ratio_from_bytes unpacked
    ratio_from_bytes: int = 4 * MB
    max_shared_strings_bytes: int = 50 * MB
    max_rows: int = 50_000  # per sheet: the highest row number
    max_area: int = 1_000_000  # per sheet: highest row x highest column
    max_cells: int = 1_000_000  # per workbook: cells written
    max_prolog_bytes: int = 64 * 1024  # what may come before an XML part's root element


LIMITS = XlsxLimits()


@dataclass
class XlsxReport:
    """What the check found that a reader may want to say."""

    macros: bool = False  # a macro-enabled workbook: read as data only (macros never run, not kept)
    cells: int = 0
    sheets: int = 0


def macro_notice(name: str, lang: str = "en") -> str:
    """What a preview says of a macro-enabled workbook: read as data, macros never run."""
    return Message(key="workbook.macros", name=name).text(lang)


def open_workbook(path: Path, limits: XlsxLimits = LIMITS) -> tuple[Any, XlsxReport]:
    """Check ``path`` (:func:`check_xlsx`) and load it with openpyxl, formulas as their text.

    Raises UserError for a missing file or a folder, UnsafeWorkbookError or RefusedImportError
    for anything else that is not a workbook we can read.
    """
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    path = Path(path)
    report = check_xlsx(path, limits)
    try:
        # Not data_only: a formula cell reads as its formula text (kept as text), never as a
        # cached value that may be missing (openpyxl writes none) or lose the formula's content.
        return load_workbook(path), report
    except (InvalidFileException, zipfile.BadZipFile, zlib.error, KeyError, IndexError, OSError, ValueError,
            TypeError, AttributeError, NotImplementedError, EOFError, SyntaxError) as exc:
        # SyntaxError: xml.etree's ParseError. What the check cannot see (a sheet that is not
        # valid SpreadsheetML) ends here, as one line.
        raise RefusedImportError(key="workbook.not_xlsx", name=path.name, error=type(exc).__name__) from None


def check_xlsx(path: Path, limits: XlsxLimits = LIMITS) -> XlsxReport:
    """Refuse ``path`` unless it is a zip of XML parts within ``limits``; parse nothing."""
    path = Path(path)
    name = path.name
    if not probe.exists(path):
        raise FileMissing(path)
    if probe.is_dir(path):
        raise UserError(key="workbook.is_folder", path=path)
    with probe.looking_at(path):  # no permission to read it, say
        size = path.stat().st_size
        if size > limits.max_file_bytes:
            raise UnsafeWorkbookError(name, Message(key="workbook.file_size"), size, limits.max_file_bytes, "bytes")
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


def _check_archive(archive: zipfile.ZipFile, name: str, limits: XlsxLimits) -> XlsxReport:
    infos = archive.infolist()
    if len(infos) > limits.max_parts:
        raise UnsafeWorkbookError(name, Message(key="workbook.parts"), len(infos), limits.max_parts)
    names = {info.filename for info in infos}
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
    prefix, local = root
    if local == b"Types" and info.filename == "[Content_Types].xml":
        if b"macroEnabled" in head or b"vbaProject" in head:
            report.macros = True
    if local == b"sst" and info.file_size > limits.max_shared_strings_bytes:
        raise UnsafeWorkbookError(name, Message(key="workbook.shared_strings"), info.file_size, limits.max_shared_strings_bytes, "bytes")
    if local != b"worksheet":
        chunks.close()
        return
    report.sheets += 1
    _count_cells(head, chunks, prefix, name, limits, report)


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


def _column(letters: bytes) -> int:
    number = 0
    for byte in letters:
        number = number * 26 + byte - 64
    return number


def _count_cells(head: bytes, chunks: Iterator[bytes], prefix: bytes, name: str, limits: XlsxLimits, report: XlsxReport) -> None:
    """Stream one worksheet through expat counting rows and cells; refuse as soon as a limit is passed.

    A real XML parser (not patterns): quoting, spacing and chunk boundaries cannot hide a cell. A
    cell's column and row come from its ``r`` attribute when it has one (openpyxl places a cell by
    it, whatever its row says); a cell without one follows the previous cell of its row. A DOCTYPE
    or entity declaration anywhere is refused.
    """
    from xml.parsers import expat

    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    state = {"row": 0, "col": 0, "max_row": 0, "max_col": 0, "cells": 0}

    def refuse_declaration(*_args: object) -> None:
        raise UnsafeWorkbookError(name, Message(key="workbook.sheet_declaration"))

    def check() -> None:
        _limits(name, limits, state["max_row"], state["max_row"] * state["max_col"], report.cells, "has")

    def start(tag: str, attrs: dict[str, str]) -> None:
        local = tag.rpartition(":")[2]
        if local == "c":
            state["cells"] += 1
            report.cells += 1
            ref = attrs.get("r")
            parsed = _reference(ref) if ref else None
            if parsed is not None:
                col, row = parsed
                state["max_row"] = max(state["max_row"], row)
            else:
                col = state["col"] + 1
            state["col"] = col
            state["max_col"] = max(state["max_col"], col)
            if state["cells"] % 10_000 == 0:
                check()
        elif local == "row":
            given = attrs.get("r", "")
            state["row"] = _number(given.strip().encode()) if given.strip().isdigit() else state["row"] + 1
            state["col"] = 0
            state["max_row"] = max(state["max_row"], state["row"])
            if state["row"] > limits.max_rows:
                check()
        elif local == "dimension":
            parsed = _reference((attrs.get("ref") or "").rpartition(":")[2])
            if parsed is not None:
                columns, rows = parsed
                _limits(name, limits, rows, rows * columns, report.cells, "declares")

    parser.StartElementHandler = start
    parser.StartDoctypeDeclHandler = refuse_declaration
    parser.EntityDeclHandler = refuse_declaration
    try:
        for chunk in _with_head(head, chunks):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except expat.ExpatError as exc:
        raise UnsafeWorkbookError(name, Message(key="workbook.not_well_formed", detail=expat.ErrorString(exc.code))) from None
    check()


def _reference(ref: str) -> tuple[int, int] | None:
    """A cell reference such as ``XFD1048576`` as (column, row); None when it is not one."""
    ref = ref.strip()
    letters = ref.rstrip("0123456789")
    digits = ref[len(letters):]
    if not letters or not digits or not letters.isascii() or not letters.isalpha() or len(letters) > 7:
        return None
    return _column(letters.upper().encode()), _number(digits.encode())


def _magnitude(digits: bytes) -> tuple[int, bytes]:
    """Orders digit strings by value without converting them (leading zeros aside)."""
    digits = digits.lstrip(b"0")
    return len(digits), digits


def _number(digits: bytes) -> int:
    digits = digits.lstrip(b"0") or b"0"
    return int(digits) if len(digits) < 12 else 10**12


def _with_head(head: bytes, chunks: Iterator[bytes]) -> Iterator[bytes]:
    yield head
    yield from chunks


def _limits(name: str, limits: XlsxLimits, rows: int, area: int, cells: int, verb: str) -> None:
    """Refuse past a limit; while counting (``has``), the figures so far are lower bounds."""
    at_least = verb == "has"
    if rows > limits.max_rows:
        what = Message(key="workbook.rows_has") if at_least else Message(key="workbook.rows_declared")
        raise UnsafeWorkbookError(name, what, rows, limits.max_rows, at_least=at_least)
    if area > limits.max_area:
        what = Message(key="workbook.area_has") if at_least else Message(key="workbook.area_declared")
        raise UnsafeWorkbookError(name, what, area, limits.max_area, "cells", at_least=at_least)
    if cells > limits.max_cells:
        raise UnsafeWorkbookError(name, Message(key="workbook.cell_count"), cells, limits.max_cells, at_least=at_least)

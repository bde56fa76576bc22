"""A workbook whose archive is whole but one of whose XML parts is cut short or damaged (a copy or a sync
stopped half-way): which part, said in the user's words (the sheet by its name, the workbook's list of
sheets), never the XML parser's English (「partial character」, 「unclosed token」) or an exception's name.

:mod:`app.core.files.xlsx_guard` asks :func:`cut_short` of a worksheet its check cannot read through,
and :func:`first_broken_part` of a workbook openpyxl could not load, before saying it is no workbook.
"""

from __future__ import annotations

import posixpath
import zipfile
from pathlib import Path

from app.core.errors import shown
from app.core.messages import Message

__all__ = ["BrokenPart", "cut_short", "first_broken_part", "part_label"]

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
CHUNK = 1 << 20


class BrokenPart(Exception):
    """An XML part that is not well-formed (raised by the check streaming it, caught by the guard)."""


def cut_short(archive: zipfile.ZipFile, part: str) -> Message:
    """What the refusal of a workbook whose ``part`` is cut short or damaged says of it."""
    return Message(key="workbook.part_cut_short", part=part_label(archive, part))


def part_label(archive: zipfile.ZipFile, part: str) -> Message:
    """``part`` as the user knows it: a worksheet by its sheet's name (from the workbook's list of sheets,
    when that is readable), the workbook's list of sheets, else the part's name in the archive."""
    if part == "xl/workbook.xml":
        return Message(key="workbook.part_index")
    if part.startswith("xl/worksheets/") and part.endswith(".xml"):
        sheet = _sheet_names(archive).get(part)
        if sheet is not None:
            return Message(key="workbook.part_sheet", sheet=shown(sheet, 40))
        return Message(key="workbook.part_some_sheet", file=posixpath.basename(part))
    return Message(key="workbook.part_other", part=part)


def first_broken_part(path: Path) -> str | None:
    """The first XML part of the workbook at ``path`` that is not well-formed; None when each is (or the
    archive cannot be read). Asked only once openpyxl failed: the guard has bounded every part's size."""
    try:
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                if not info.is_dir() and info.filename.endswith((".xml", ".rels")) and not _well_formed(archive, info):
                    return info.filename
    except (OSError, zipfile.BadZipFile, ValueError, RuntimeError, EOFError, NotImplementedError):
        return None
    return None


def _well_formed(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    from xml.parsers import expat

    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    try:
        with archive.open(info) as f:
            while chunk := f.read(CHUNK):
                parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except expat.ExpatError:
        return False
    except (OSError, zipfile.BadZipFile, ValueError, EOFError, RuntimeError):
        return False  # the archive's entry itself is damaged: that part too
    return True


def _sheet_names(archive: zipfile.ZipFile) -> dict[str, str]:
    """Each worksheet part's sheet name, read from the workbook's list of sheets and its relationships;
    empty when either is missing or unreadable (they passed the guard: no declarations, bounded)."""
    from xml.etree.ElementTree import ParseError, fromstring

    try:
        book = fromstring(archive.read("xl/workbook.xml"))
        rels = fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ParseError, OSError, zipfile.BadZipFile, ValueError, EOFError, RuntimeError):
        return {}
    targets: dict[str, str] = {}
    for rel in rels.iter(f"{{{PACKAGE_RELATIONSHIPS}}}Relationship"):
        target = rel.get("Target") or ""
        part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        targets[rel.get("Id") or ""] = part
    names: dict[str, str] = {}
    for sheet in book.iter(f"{{{MAIN}}}sheet"):
        found, name = targets.get(sheet.get(f"{{{RELATIONSHIPS}}}id") or ""), sheet.get("name")
        if found is not None and name:
            names.setdefault(found, name)
    return names

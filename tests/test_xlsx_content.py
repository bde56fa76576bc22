"""What openpyxl builds besides the cells a sheet writes (app/core/files/xlsx_content.py), bounded before it
loads: cells under comments, merged ranges and hyperlinks, the styles' lists, every other element; its
warnings kept from the terminal; readers that walk only the rows holding values; the hearing sheet
found by its name or header wherever its tab is; a refused WBS row said "nothing was changed" once."""

from __future__ import annotations

import re
import warnings
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
import pytest
from openpyxl.comments import Comment

from app.core.errors import RefusedImportError, UnsafeWorkbookError
from app.core.files.xlsx_guard import XlsxLimits, check_xlsx, open_workbook, value_rows
from app.core.limits import MAX_TEXT_CHARS
from app.hearing import sheet_import as hearing_import
from app.hearing.sheet import export_hearing_sheet
from app.wbs.files import sheet_import as wbs_import
from app.wbs.files.xlsx import export_wbs_xlsx
from tests.test_bounded_imports import rebuild

SHEET = "xl/worksheets/sheet1.xml"


def refusal(path: Path, limits: XlsxLimits | None = None) -> tuple[str, str]:
    with pytest.raises(UnsafeWorkbookError) as caught:
        check_xlsx(path, limits or XlsxLimits())
    return caught.value.text("ja"), caught.value.text("en")


def with_sheet_xml(src: Path, out: Path, anchor: bytes, added: bytes, before: bool = True) -> Path:
    return rebuild(src, out, edit={SHEET: lambda data: data.replace(anchor, added + anchor if before else anchor + added, 1)})


@pytest.fixture
def wbs_book(workspace, demo, tmp_path: Path) -> Path:
    return export_wbs_xlsx(workspace, demo.id, tmp_path / "wbs.xlsx", "ja")


@pytest.fixture
def hearing_book(workspace, demo, tmp_path: Path) -> Path:
    return export_hearing_sheet(workspace, demo.id, tmp_path / "hearing.xlsx", "ja")


def test_a_comment_far_down_is_refused_naming_it(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active["A1"] = "x"
    wb.active["A1"].comment = Comment("note", "someone")
    wb.save(tmp_path / "commented.xlsx")
    assert check_xlsx(tmp_path / "commented.xlsx").cells >= 2  # the cell, and the one its comment is on
    part = next(n for n in zipfile.ZipFile(tmp_path / "commented.xlsx").namelist() if re.search(r"comments/?\w*\d*\.xml$", n))
    far = rebuild(tmp_path / "commented.xlsx", tmp_path / "far.xlsx", edit={part: lambda data: data.replace(b'ref="A1"', b'ref="A1048576"')})
    ja, en = refusal(far)
    assert "コメント A1048576 の最後の行番号が1,048,576あり、上限の50,000を超えています" in ja, ja
    assert "the last row of the comment on A1048576 is 1,048,576, over the limit of 50,000" in en, en


def test_merged_ranges_and_hyperlinks_are_bounded_by_the_sheets_limits(wbs_book: Path, tmp_path: Path) -> None:
    fine = with_sheet_xml(wbs_book, tmp_path / "fine.xlsx", b"</sheetData>",
                          b'<mergeCells count="1"><mergeCell ref="AH1:AJ3"/></mergeCells>', before=False)
    assert check_xlsx(fine, wbs_import.LIMITS).cells == check_xlsx(wbs_book, wbs_import.LIMITS).cells + 9
    tall = with_sheet_xml(wbs_book, tmp_path / "tall.xlsx", b"</sheetData>",
                          b'<mergeCells count="1"><mergeCell ref="A20001:B20001"/></mergeCells>', before=False)
    assert "the last row of merged range A20001:B20001 is 20,001, over the limit of 20,000" in refusal(tall, wbs_import.LIMITS)[1]
    wide = with_sheet_xml(wbs_book, tmp_path / "wide.xlsx", b"<pageMargins",
                          b'<hyperlinks><hyperlink ref="$XFD$100" location="WBS!A1"/></hyperlinks>')
    ja, en = refusal(wide)
    assert "ハイパーリンク $XFD$100 が届く範囲(最後の行番号 × 最後の列番号)が1,638,400 セルあり" in ja, ja
    # A hyperlink over every row of a column reaches as far as the sheet goes, no further.
    column = with_sheet_xml(wbs_book, tmp_path / "column.xlsx", b"<pageMargins",
                            b'<hyperlinks><hyperlink ref="A:A" location="WBS!A1"/></hyperlinks>')
    check_xlsx(column, wbs_import.LIMITS)
    many = with_sheet_xml(wbs_book, tmp_path / "many.xlsx", b"<pageMargins",
                          b"<hyperlinks>" + b"".join(b'<hyperlink ref="A1:AG1000" location="WBS!A1"/>' for _ in range(31)) + b"</hyperlinks>")
    assert "the number of cells in the workbook is at least" in refusal(many)[1]


def test_the_styles_lists_and_the_elements_besides_cells_are_bounded(wbs_book: Path, tmp_path: Path) -> None:
    styles = ElementTree.fromstring(zipfile.ZipFile(wbs_book).read("xl/styles.xml"))
    most, fonts = max(len(entries) for entries in styles), len(next(e for e in styles if e.tag.endswith("}fonts")))
    limits = XlsxLimits(max_style_entries=most)
    check_xlsx(wbs_book, limits)
    added = b"<font/>" * (most - fonts + 1)
    more = rebuild(wbs_book, tmp_path / "fonts.xlsx", edit={"xl/styles.xml": lambda data: data.replace(b"</fonts>", added + b"</fonts>", 1)})
    ja, en = refusal(more, limits)
    assert f"ブックのスタイルのフォントの数が{most + 1:,}以上あり、上限の{most:,}を超えています" in ja, ja
    assert f"the number of fonts in the workbook's styles is at least {most + 1:,}" in en, en
    elements = check_xlsx(wbs_book).elements
    validations = with_sheet_xml(wbs_book, tmp_path / "validations.xlsx", b"<pageMargins",
                                 b'<dataValidations count="1"><dataValidation type="whole" sqref="A2:A3"/></dataValidations>')
    assert check_xlsx(validations).elements == elements + 2  # a validation's range makes no cell
    ja, en = refusal(validations, XlsxLimits(max_elements=elements + 1))
    assert f"セル以外の要素(スタイル、書式、入力規則、コメント、図形など)の数が{elements + 2:,}以上あり" in ja, ja


def test_openpyxls_warnings_are_kept_from_the_user_and_a_date_beyond_any_is_its_number(wbs_book: Path, tmp_path: Path) -> None:
    sheet = zipfile.ZipFile(wbs_book).read(SHEET).decode()
    cell = re.search(r'<c r="I3" s="\d+"><v>\d+</v></c>', sheet)
    assert cell is not None
    bad = rebuild(wbs_book, tmp_path / "bad.xlsx", edit={
        SHEET: lambda data: data.replace(cell[0].encode(), re.sub(r"<v>\d+</v>", "<v>3000000</v>", cell[0]).encode()).replace(
            b"</worksheet>", b'<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" '
            b'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"><x14:dataValidations count="0"/></ext></extLst></worksheet>')})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        book, _ = open_workbook(bad)
    assert caught == []
    assert book["WBS"]["I3"].value == 3000000
    assert book["集計"]["I3"].value != 3000000  # only the cell openpyxl said


def test_a_reader_walks_only_the_rows_holding_values(hearing_book: Path, workspace, demo, tmp_path: Path) -> None:
    # An empty cell far down that Excel keeps for its format, under a comment or in a merged range.
    linked = with_sheet_xml(hearing_book, tmp_path / "linked.xlsx", b"</sheetData>", b'<row r="45000"><c r="A45000" s="1"/></row>')
    book, _ = open_workbook(linked)
    sheet = book.worksheets[0]
    assert sheet.max_row == 45000 and value_rows(sheet) < 200
    walked: list[int] = []
    real = type(sheet).iter_rows

    def counting(self, *args, **kwargs):
        for row in real(self, *args, **kwargs):
            walked.append(1)
            yield row

    type(sheet).iter_rows = counting  # type: ignore[method-assign]
    try:
        plan = hearing_import.read_plan(workspace, demo.id, linked)
    finally:
        type(sheet).iter_rows = real  # type: ignore[method-assign]
    assert plan.changes == [] and len(walked) < 2_000


def test_the_hearing_sheet_is_found_by_its_header_when_its_tab_was_renamed_and_moved(hearing_book: Path, workspace, demo, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(hearing_book)
    main = wb.worksheets[0]
    main.title = "回答"
    main["G3"] = "顧客が記入した回答"
    wb.move_sheet(main, offset=2)
    wb.save(tmp_path / "renamed.xlsx")
    plan = hearing_import.read_plan(workspace, demo.id, tmp_path / "renamed.xlsx")
    assert [c.incoming for c in plan.changes] == ["顧客が記入した回答"]
    main["A1"] = "番号"  # no sheet is headed as the export heads it: the one it would be is named
    wb.save(tmp_path / "headless.xlsx")
    with pytest.raises(RefusedImportError) as caught:
        hearing_import.read_plan(workspace, demo.id, tmp_path / "headless.xlsx")
    said = caught.value.text("ja")  # the heading named by its cell, what it says and what it should say
    assert "シート「回答」の A1 の見出しが「番号」になっています" in said and "「ID」のはずです" in said, said


def test_a_wbs_cell_too_long_says_nothing_was_changed_once(wbs_book: Path, workspace, demo, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(wbs_book)
    wb["WBS"]["I4"] = "1800/01/01"
    wb.save(tmp_path / "old.xlsx")
    long = "x" * (MAX_TEXT_CHARS + 1)  # (openpyxl cuts what it writes at Excel's 32,767 characters)
    rebuild(tmp_path / "old.xlsx", tmp_path / "long.xlsx", edit={SHEET: lambda data: re.sub(
        rb'(<c r="M3"[^>]*><is><t>)[^<]*', rb"\g<1>" + long.encode(), data)})  # (openpyxl writes text inline)
    with pytest.raises(RefusedImportError) as caught:
        wbs_import.read_plan(workspace, demo.id, tmp_path / "long.xlsx")
    ja, en = caught.value.text("ja"), caught.value.text("en")
    assert ja.count("何も変更していません") == 1 and ja.endswith("。何も変更していません"), ja
    assert "文字は長すぎます" in ja and "扱える日付の範囲外です" in ja, ja
    assert en.count("nothing was changed") == 1 and en.endswith("; nothing was changed"), en


def test_a_hyperlink_on_an_empty_cell_is_no_value_but_a_linked_value_stays(wbs_book: Path, workspace, demo, tmp_path: Path) -> None:
    """openpyxl fills an empty cell that carries a hyperlink with the link's address; Excel and LibreOffice
    show it empty: the WBS import must not read a task titled with that address."""
    wb = openpyxl.load_workbook(wbs_book)
    sheet = wb.worksheets[0]
    from app.wbs.files.sheet import column_for_header

    title = next(c.column for c in sheet[1] if (column := column_for_header(c.value)) is not None and column.key == "title")
    empty = sheet.max_row + 3
    typed = sheet.cell(2, title)
    typed.value = "https://example.com/typed"  # a task titled with the address it links to: kept
    typed.hyperlink = "https://example.com/typed"
    wb.save(tmp_path / "typed.xlsx")
    where = f"{typed.column_letter}{empty}"  # a link on an empty cell, as Excel keeps one whose text was cleared
    with_sheet_xml(tmp_path / "typed.xlsx", tmp_path / "linked.xlsx", b"<hyperlinks>", f'<hyperlink ref="{where}" location="WBS!A1"/>'.encode(), before=False)
    book, _ = open_workbook(tmp_path / "linked.xlsx")
    read = book.worksheets[0]
    assert read.cell(empty, title).value is None and value_rows(read) < empty
    assert read.cell(2, title).value == "https://example.com/typed"
    plan = wbs_import.read_plan(workspace, demo.id, tmp_path / "linked.xlsx")
    assert not plan.added, [row.title for row in plan.added]


def test_a_row_numbered_with_a_superscript_digit_is_no_damaged_zip(wbs_book: Path, tmp_path: Path) -> None:
    odd = with_sheet_xml(wbs_book, tmp_path / "odd.xlsx", b'<row r="2"', b'<row r="\xc2\xb2"/>')
    check_xlsx(odd)  # counted as the next row, as a row without its number
    with pytest.raises(RefusedImportError) as caught:
        open_workbook(odd)  # openpyxl cannot read it: said as a workbook it cannot read, not a damaged zip
    assert "zip" not in caught.value.text("en").lower(), caught.value.text("en")

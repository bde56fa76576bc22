"""Every sheet of every workbook prints readably: rendered by LibreOffice, read back with pdftotext.

The demo project's workbooks are exported with the CLI and converted to PDF in one ``soffice``
call (a private profile, so parallel runs do not collide). Each page carries its sheet's name in
the header (xlsx_style.print_setup), which tells the pages of one sheet from the next. Checked per
sheet: the paper and orientation it was set to, the printed size of its text (word heights,
measured against a reference sheet printed at 100 % in the same call), its header row at the top
of every page, and the legend on one page with its explanations whole.
"""

from __future__ import annotations

import html
import re
import shutil
import statistics
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
import pytest

from app.core.files import xlsx_style as xs
from app.main import main
from tests.office import soffice

needs_libreoffice = pytest.mark.skipif(
    not shutil.which("soffice"), reason="LibreOffice (soffice) is not installed: the printouts cannot be rendered"
)

EXPORTS = {"hearing.xlsx": "hearing-sheet", "wbs.xlsx": "wbs", "experiment.xlsx": "experiment-sheet", "plan.xlsx": "system-plan"}
REFERENCE = "reference.xlsx"
REFERENCE_POINTS = 11.0
MIN_POINTS = 7.0  # the printed size of body text
BAND = (xs.MARGINS["header"] + xs.MARGINS["top"]) / 2 * 72  # between the page header's top and the body's
PAGE_SIZES = {"A4": (595.3, 841.9), "A3": (841.9, 1190.6)}
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')
PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def paper(ws) -> str:
    return "A3" if int(ws.page_setup.paperSize) == 8 else "A4" if int(ws.page_setup.paperSize) == 9 else str(ws.page_setup.paperSize)


@dataclass
class Word:
    x: float
    top: float
    bottom: float
    text: str


@dataclass
class Page:
    width: float
    height: float
    words: list[Word]

    @property
    def header(self) -> str:
        """The page header's text (it starts at the header margin, above the top margin), left to right."""
        return squeeze("".join(w.text for w in sorted(self.words, key=lambda w: w.x) if w.top < BAND))

    @property
    def body(self) -> list[Word]:
        return [w for w in self.words if w.top >= BAND and w.top < self.height - BAND]

    def text(self) -> str:
        return squeeze("".join(w.text for w in sorted(self.body, key=lambda w: (w.top, w.x))))

    def top_band(self, points: float) -> str:
        """The body's text within ``points`` of its first line (where a repeated header row is)."""
        body = self.body
        first = min(w.top for w in body)
        return squeeze("".join(w.text for w in body if w.top <= first + points))


@dataclass
class Sheet:
    workbook: Path
    title: str
    ws: openpyxl.worksheet.worksheet.Worksheet
    pages: list[Page] = field(default_factory=list)

    def printed_points(self, points_per_height: float) -> float:
        heights = [w.bottom - w.top for page in self.pages for w in page.body]
        return statistics.median(heights) / points_per_height


def read_pdf(path: Path) -> list[Page]:
    assert shutil.which("pdftotext"), "pdftotext is needed (Debian: poppler-utils; .ci/run installs it)"
    out = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return [
        Page(float(w), float(h), [Word(float(a), float(b), float(d), html.unescape(t)) for a, b, c, d, t in WORD.findall(body)])
        for w, h, body in PAGE.findall(out)
    ]


def reference_workbook(path: Path) -> None:
    """One line of 11 pt text printed at 100 %: how high pdftotext measures a point of text."""
    book = openpyxl.Workbook()
    ws = xs.first_sheet(book)
    ws.title = "reference"
    ws["A1"] = "基準の文字 Reference text 0123"
    ws.column_dimensions["A"].width = 40
    xs.print_setup(ws)
    book.save(path)


@dataclass
class Printouts:
    sheets: dict[str, list[Sheet]]  # by workbook file name
    points_per_height: float

    def sheet(self, workbook: str, title: str) -> Sheet:
        return next(s for s in self.sheets[workbook] if s.title == title)

    def all(self) -> list[Sheet]:
        return [s for sheets in self.sheets.values() for s in sheets]


@pytest.fixture(scope="module")
def printouts(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> Printouts:
    folder = tmp_path_factory.mktemp("printouts")
    db = folder / "demo.sqlite3"
    shutil.copyfile(demo_template, db)
    for name, kind in EXPORTS.items():
        assert main(["--db", str(db), "export", kind, "--project", "1", "--out", str(folder / name), "--lang", "ja"]) in (0, None)
    reference_workbook(folder / REFERENCE)
    files = [folder / name for name in [*EXPORTS, REFERENCE]]
    soffice(["--convert-to", "pdf", "--outdir", str(folder / "pdf"), *map(str, files)])
    sheets: dict[str, list[Sheet]] = {}
    for path in files:
        book = openpyxl.load_workbook(path)
        visible = [Sheet(path, ws.title, ws) for ws in book.worksheets if ws.sheet_state == "visible"]
        by_name = sorted(visible, key=lambda s: -len(squeeze(s.title)))  # "成果物" must not claim "成果物一覧"
        for page in read_pdf(folder / "pdf" / path.with_suffix(".pdf").name):
            owner = next((s for s in by_name if page.header.startswith(squeeze(s.title))), None)
            assert owner is not None, f"{path.name}: a page whose header names no sheet: {page.header!r}"
            owner.pages.append(page)
        sheets[path.name] = visible
    reference = sheets[REFERENCE][0].pages[0].body
    points_per_height = statistics.median(w.bottom - w.top for w in reference) / REFERENCE_POINTS
    del sheets[REFERENCE]
    report = [
        f"{s.workbook.name} / {s.title}: {len(s.pages)} page(s), {paper(s.ws)}"
        f" {s.ws.page_setup.orientation}, {s.ws.page_setup.fitToWidth} wide, text {s.printed_points(points_per_height):.1f} pt"
        for sheets_ in sheets.values() for s in sheets_
    ]  # fmt: skip
    print("\n".join(["", *report]))
    return Printouts(sheets, points_per_height)


@needs_libreoffice
def test_every_sheet_prints_on_the_paper_it_is_set_to(printouts: Printouts) -> None:
    for sheet in printouts.all():
        assert sheet.pages, f"{sheet.title}: not printed"
        assert paper(sheet.ws) in PAGE_SIZES, sheet.title
        width, height = PAGE_SIZES[paper(sheet.ws)]
        if sheet.ws.page_setup.orientation == "landscape":
            width, height = height, width
        for page in sheet.pages:
            assert abs(page.width - width) < 2 and abs(page.height - height) < 2, f"{sheet.title}: {page.width} x {page.height}"


@needs_libreoffice
def test_every_sheet_prints_its_text_at_a_readable_size(printouts: Printouts) -> None:
    small = {
        f"{s.workbook.name} / {s.title}": round(s.printed_points(printouts.points_per_height), 1)
        for s in printouts.all()
        if s.printed_points(printouts.points_per_height) < MIN_POINTS
    }
    assert not small, f"printed below {MIN_POINTS} pt: {small}"


@needs_libreoffice
def test_the_header_row_heads_every_page(printouts: Printouts) -> None:
    for sheet in printouts.all():
        if not sheet.ws.print_title_rows:
            continue
        first = squeeze(str(sheet.ws.cell(1, 1).value))
        for n, page in enumerate(sheet.pages, start=1):
            assert first in page.top_band(40), f"{sheet.workbook.name} / {sheet.title}: page {n} starts without the header row"


@needs_libreoffice
def test_multi_page_sheets_repeat_their_header_and_wide_ones_their_title_columns(printouts: Printouts) -> None:
    wbs = printouts.sheet("wbs.xlsx", "WBS")
    assert len(wbs.pages) > 2 and wbs.ws.page_setup.fitToWidth in (2, 3)
    titles = [squeeze(str(wbs.ws.cell(1, c).value)) for c in (1, 2)]
    for page in wbs.pages:  # code and title on the left of the right-hand pages too
        assert all(t in page.top_band(40) for t in titles)
    hearing = printouts.sheet("hearing.xlsx", "ヒアリングシート")
    assert len(hearing.pages) > 1 and hearing.ws.page_setup.fitToWidth == 1
    header = [squeeze(str(c.value)) for c in hearing.ws[1]]
    for page in hearing.pages:
        band = page.top_band(40)
        assert all(h in band for h in header), f"hearing sheet page without the whole header: {band[:80]}"


@needs_libreoffice
def test_the_wbs_legend_is_one_page_with_its_explanations_whole(printouts: Printouts) -> None:
    legend = printouts.sheet("wbs.xlsx", "凡例")
    assert len(legend.pages) == 1
    assert legend.ws.page_setup.orientation == "portrait" and paper(legend.ws) == "A4"
    text = legend.pages[0].text()
    explanations = [c.value for row in legend.ws.iter_rows(min_col=2, max_col=2) for c in row if isinstance(c.value, str)]
    assert len(explanations) >= 9
    for explanation in explanations:
        assert squeeze(explanation) in text, explanation


@needs_libreoffice
def test_the_data_source_sheet_prints_one_page_wide_at_a_readable_size(printouts: Printouts) -> None:
    sources = printouts.sheet("hearing.xlsx", "データの種類")
    assert sources.ws.page_setup.fitToWidth == 1 and sources.ws.page_setup.orientation == "landscape"
    assert sources.printed_points(printouts.points_per_height) >= MIN_POINTS
    text = "".join(page.text() for page in sources.pages)
    for row in sources.ws.iter_rows(min_row=2, max_row=4, values_only=True):
        for value in row[1:]:
            if isinstance(value, str):  # every column printed, none cut off (a cell's first line)
                assert squeeze(value)[:4] in text, value


# --- the plan, without LibreOffice ----------------------------------------------------------------


def test_a_sheet_gets_the_smallest_paper_that_keeps_it_readable() -> None:
    assert xs.plan_print([20, 40]) == xs.PrintLayout("A4", False, 1, 1.0)
    assert xs.plan_print([14, 30, 50]) == xs.PrintLayout("A4", True, 1, 1.0)  # portrait would print at 81 %
    wide = xs.plan_print([20] * 11)  # 220 units: only A3 keeps it readable
    assert (wide.paper, wide.landscape, wide.pages_wide) == ("A3", True, 1) and wide.scale >= xs.READABLE_SCALE
    # Too wide for one A3 page: two pages wide only where title columns repeat on the second.
    assert xs.plan_print([8, 40] + [12] * 28).pages_wide == 1
    two = xs.plan_print([8, 40] + [12] * 28, titles=2, max_pages_wide=3)
    assert two.pages_wide == 2 and two.scale >= xs.READABLE_SCALE


def test_pages_wide_never_cuts_a_column_and_repeats_the_title_columns() -> None:
    assert xs.pages_wide([10, 10, 10], titles=0, usable=30) == 1
    assert xs.pages_wide([10, 10, 11], titles=0, usable=30) == 2
    assert xs.pages_wide([10, 25, 25], titles=1, usable=40) == 2  # [10 25] [10 25]
    assert xs.pages_wide([10, 25, 25, 25], titles=1, usable=40) == 3


def test_print_setup_writes_fit_to_width_titles_paper_margins_and_page_numbers(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    ws = xs.first_sheet(book)
    for n, width in enumerate([8, 40, *[12] * 28], start=1):
        ws.cell(1, n, f"column {n}")
        ws.column_dimensions[openpyxl.utils.get_column_letter(n)].width = width
    layout = xs.print_setup(ws, title_columns="A:B")
    book.save(tmp_path / "p.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "p.xlsx").active
    assert ws.print_title_rows == "$1:$1" and ws.print_title_cols == "$A:$B"
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToHeight == 0
    assert ws.page_setup.fitToWidth == layout.pages_wide == 2 and ws.page_setup.pageOrder == "overThenDown"
    assert paper(ws) == layout.paper == "A3" and ws.page_setup.orientation == "landscape"
    assert ws.page_margins.left == xs.MARGINS["left"] and ws.page_margins.top == xs.MARGINS["top"]
    assert ws.oddHeader.left.text == "&A" and ws.oddFooter.right.text == "&P / &N"

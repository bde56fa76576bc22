"""The proposal PDF keeps table rows whole: no row is cut by a page boundary, header rows repeat,
and a table starts on the page of its heading (checked on the PDF's text with pdftotext)."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.core.documents import DocumentService
from app.proposal.content import proposal_content
from app.proposal.edits import with_section_text
from app.proposal.model import Phase, ProblemRow
from app.proposal.render import render_html
from app.proposal.service import ProposalService, proposal_view

WORD = re.compile(r"<word[^>]*>(.*?)</word>")
BLOCK = re.compile(r"<block[^>]*>(.*?)</block>", re.S)
PAGE = re.compile(r"<page[^>]*>(.*?)</page>", re.S)


def squeeze(text: str) -> str:
    """Text without white space or break opportunities: a cell's wrapped lines read as one string."""
    return re.sub(r"[\s\u200b]+", "", text)


@dataclass
class Pages:
    """The text blocks of each page (pdftotext puts a table cell's lines in one block)."""

    blocks: list[list[str]]

    @classmethod
    def of(cls, pdf: Path) -> Pages:
        assert shutil.which("pdftotext"), "pdftotext is needed (Debian: poppler-utils; .ci/run installs it)"
        out = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        pages = []
        for page in PAGE.findall(out):
            pages.append([squeeze("".join(html.unescape(w) for w in WORD.findall(block))) for block in BLOCK.findall(page)])
        return cls(pages)

    def pages_with(self, text: str) -> list[int]:
        """Pages (1-based) with a block that holds all of ``text``."""
        wanted = squeeze(text)
        return [n for n, blocks in enumerate(self.blocks, start=1) if any(wanted in b for b in blocks)]

    def page_of(self, text: str) -> int:
        found = self.pages_with(text)
        assert len(found) == 1, f"{text[:40]!r} is whole on pages {found}, expected on exactly one"
        return found[0]

    def pieces(self, text: str) -> list[int]:
        """Pages holding the start or the end of ``text`` (where a cut row's two halves are)."""
        wanted = squeeze(text)
        head, tail = wanted[:12], wanted[-12:]
        return sorted({n for n, blocks in enumerate(self.blocks, start=1) for b in blocks if b.startswith(head) or b.endswith(tail)})


def write_pdf(workspace, project_id: int, path: Path) -> Pages:
    from app.ui.pdf import html_to_pdf_bytes

    view = proposal_view(workspace, project_id, "ja")
    path.write_bytes(html_to_pdf_bytes(render_html(view, for_pdf=True)))
    return Pages.of(path)


def problem_cells(workspace, project_id: int) -> list[tuple[str, str]]:
    return [(r.problem, r.countermeasure) for r in proposal_view(workspace, project_id, "ja").problems]


def assert_rows_whole(pages: Pages, rows: list[tuple[str, str]]) -> None:
    for problem, countermeasure in rows:
        assert pages.page_of(problem) == pages.page_of(countermeasure), problem[:30]


def assert_header_on_every_page_of_the_table(pages: Pages, rows: list[tuple[str, str]]) -> None:
    table_pages = sorted({pages.page_of(problem) for problem, _ in rows})
    assert table_pages == list(range(table_pages[0], table_pages[-1] + 1))
    for page in table_pages:
        blocks = pages.blocks[page - 1]
        first_row = min(n for n, b in enumerate(blocks) if any(squeeze(p) in b for p, _ in rows))
        assert {"No.", "課題", "対策案"} <= set(blocks[:first_row]), f"page {page} continues the table without its header"


def assert_tables_start_with_their_heading(pages: Pages, workspace, project_id: int) -> None:
    view = proposal_view(workspace, project_id, "ja")
    sections = {s.block: f"{n}.{s.title}" for n, s in enumerate(view.sections, start=1)}
    first_rows = {
        "problems": view.problems[0].countermeasure,
        "tasks": view.tasks[0].summary,
        "schedule": f"{view.schedule.rows[0].start_text} – {view.schedule.rows[0].end_text}",
        "effort": view.effort.rows[0].ds_work,
    }
    for block, first in first_rows.items():
        heading = pages.pages_with(sections[block])
        assert len(heading) == 1 and heading == [pages.page_of(first)], f"{sections[block]}: heading on {heading}, first row on {pages.pages_with(first)}"


@pytest.fixture
def long_rows(workspace, demo):
    """The demo with 14 problem rows of 2 to 16 lines each: rows meet page boundaries everywhere."""
    service = ProposalService(DocumentService(workspace.db))
    rows = []
    for n in range(1, 15):
        lines = 2 + (n * 5) % 15
        problem = f"課題{n:02d}の始まり。" + "".join(f"長い説明の{k}行目があり、読み手はこれを一続きで読む。" for k in range(lines)) + f"課題{n:02d}の終わり。"
        measure = f"対策{n:02d}の始まり。" + "手順を決めて記録する。" * lines + f"対策{n:02d}の終わり。"
        rows.append(ProblemRow(problem=problem, countermeasure=measure, phase=Phase.POC, task=2))
    service.save(demo.id, service.load(demo.id).model_copy(update={"rows": rows}))
    return demo


def test_the_demo_proposal_keeps_every_problem_row_whole_and_each_table_with_its_heading(workspace, demo, tmp_path) -> None:
    pages = write_pdf(workspace, demo.id, tmp_path / "demo.pdf")
    rows = problem_cells(workspace, demo.id)
    assert len(rows) == 18
    assert_rows_whole(pages, rows)
    assert_header_on_every_page_of_the_table(pages, rows)
    assert_tables_start_with_their_heading(pages, workspace, demo.id)


def test_long_problem_rows_go_whole_to_the_next_page_under_a_repeated_header(workspace, long_rows, tmp_path, monkeypatch) -> None:
    rows = problem_cells(workspace, long_rows.id)
    pages = write_pdf(workspace, long_rows.id, tmp_path / "long.pdf")
    assert len(pages.blocks) >= 4  # the table runs over several pages
    assert_rows_whole(pages, rows)
    assert_header_on_every_page_of_the_table(pages, rows)
    assert_tables_start_with_their_heading(pages, workspace, long_rows.id)

    # The same document laid out by Qt alone cuts rows: the check above can fail.
    import app.ui.pdf

    monkeypatch.setattr(app.ui.pdf, "paginate", lambda document: 0)
    unfixed = write_pdf(workspace, long_rows.id, tmp_path / "qt-alone.pdf")
    assert [problem[:8] for problem, _ in rows if len(unfixed.pieces(problem)) > 1]


@pytest.mark.parametrize("filler", [3, 9, 17])
def test_tables_start_with_their_heading_wherever_the_page_ends(workspace, demo, tmp_path, filler) -> None:
    """Background text of different lengths moves every table across the page boundaries."""
    service = ProposalService(DocumentService(workspace.db))
    template = proposal_content(workspace.library).template
    text = "\n\n".join(f"背景の段落{n}です。案件の事情を説明します。" * 3 for n in range(filler))
    service.save(demo.id, with_section_text(service.load(demo.id), template, template.sections[0].id, "ja", text))
    pages = write_pdf(workspace, demo.id, tmp_path / f"filler{filler}.pdf")
    rows = problem_cells(workspace, demo.id)
    assert_rows_whole(pages, rows)
    assert_header_on_every_page_of_the_table(pages, rows)
    assert_tables_start_with_their_heading(pages, workspace, demo.id)


def test_kanji_drawn_like_a_radical_extract_as_the_kanji(tmp_path) -> None:
    """Noto CJK draws 長 and the radical ⻑ with one glyph (青 ⻘, 西 ⻄, 民 ⺠ likewise), and an en
    dash like a figure dash: the PDF's text says which characters were written."""
    from app.ui.pdf import html_to_pdf_bytes

    path = tmp_path / "kanji.pdf"
    path.write_bytes(html_to_pdf_bytes("<p>長い説明、青い西の空、民間の戸口、日本 2026/11/23 – 2027/02/15</p>"))
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "長い説明、青い西の空、民間の戸口、日本 2026/11/23 – 2027/02/15" in text

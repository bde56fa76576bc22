"""A word too long for a PDF table's column (a URL, a path) is broken in its own cell; the other columns keep
their widths (app/ui/pdf/long_words.py, app/ui/pdf/columns.py)."""

from __future__ import annotations

import subprocess

from app.core.files.markdown_safe import break_long_tokens
from app.ui.pdf.long_words import WORD_JOINER, ZERO_WIDTH_SPACE, break_marks

URL = "https://github.com/sample-retail/wiki/%E5%AE%9F%E9%A8%93-x?a=1&b=2"


def _marked(word: str, *, anywhere: bool) -> str:
    out = word
    for offset, mark in sorted(break_marks(word, anywhere=anywhere), reverse=True):
        out = out[:offset] + mark + out[offset:]
    return out


def test_a_url_breaks_between_its_parts_and_keeps_its_scheme_with_its_host() -> None:
    shown = _marked(URL, anywhere=False).replace(ZERO_WIDTH_SPACE, "|").replace(WORD_JOINER, "+")
    assert shown == "https://+github.com/|sample-|retail/|wiki/|%E5|%AE|%9F|%E9|%A8|%93-|x?|a=|1&|b=|2"
    assert _marked("a//b--c", anywhere=False).replace(ZERO_WIDTH_SPACE, "|") == "a//|b--|c"


def test_a_word_without_parts_breaks_every_few_characters() -> None:
    assert not break_marks("W" * 30, anywhere=False)
    assert _marked("W" * 10, anywhere=True).replace(ZERO_WIDTH_SPACE, "|") == "WWWW|WWWW|WW"


def test_the_pdf_break_opportunities_never_cut_an_escaped_byte_of_a_url() -> None:
    broken = break_long_tokens("x" + "%E5" * 40)
    assert all(piece.startswith(("x", "%")) for piece in broken.split(ZERO_WIDTH_SPACE))
    assert broken.replace(ZERO_WIDTH_SPACE, "") == "x" + "%E5" * 40
    assert [len(p) for p in break_long_tokens("W" * 170).split(ZERO_WIDTH_SPACE)] == [80, 80, 10]


def test_only_the_cell_holding_a_long_word_wraps_it(qapp, tmp_path) -> None:
    from app.ui.pdf import html_to_pdf_bytes

    long_url = "https://example.com/" + "%E5%AE%9F" * 30
    rows = "".join(f"<tr><td>{n}</td><td>短い課題の説明文がここに入ります{n}</td><td>対策{n}</td></tr>" for n in range(3))
    html = ("<html><body><table border='1' width='100%'><tr><th width='10%'>No.</th><th width='45%'>課題</th>"
            f"<th width='45%'>対策案</th></tr>{rows}<tr><td>9</td><td>課題</td><td>参照 {long_url}</td></tr>"
            "</table></body></html>")  # fmt: skip
    pdf = tmp_path / "t.pdf"
    pdf.write_bytes(html_to_pdf_bytes(html))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "短い課題の説明文がここに入ります0" in text  # its column keeps its 45 %: the problem on one line
    assert "https://example.com/" in text and ZERO_WIDTH_SPACE not in text and WORD_JOINER not in text
    assert "".join(text.split()).count("%E5%AE%9F") == 30

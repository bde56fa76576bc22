"""The Excel WBS's earned-value sheet (also the whole of ``export earned-value F.xlsx``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.core.files import xlsx_writer as xw
from app.wbs.files.xlsx_pages import decimals_format
from app.wbs.tracking.earned_value import effort_text
from app.wbs.tracking.report import Report, t

if TYPE_CHECKING:
    from app.core.i18n import Lang
    from app.wbs.tracking.earned_value import Figures


def write_earned_value(writer: xw.Writer, rep: Report, lang: Lang) -> None:
    """Baseline and status date, then PV, EV, AC, SPI and CPI per phase and for the whole project."""
    writer.text(0, 0, t("title", lang), bold=True)
    writer.text(0, 1, rep.project)
    writer.text(1, 0, t("baseline", lang), bold=True)
    writer.text(1, 1, rep.figures.baseline)
    writer.text(2, 0, t("status_date", lang), bold=True)
    writer.value(2, 1, rep.figures.status_date)
    row = 4
    for col, key in enumerate(("phase", "pv", "ev", "ac", "spi", "cpi")):
        writer.text(row, col, t(key, lang), **xw.HEADER)

    def line(label: str, f: Figures, **props: object) -> None:
        nonlocal row
        row += 1
        writer.text(row, 0, label, **props)
        for col, value in enumerate((f.pv, f.ev, f.ac), start=1):
            shown = effort_text(value)  # as the Markdown report shows it: as typed (0.0625), a computed share to 3 decimals
            writer.value(row, col, float(shown), num_format=decimals_format(shown), **props)
        for col, ratio in enumerate((f.spi, f.cpi), start=4):
            if ratio is None:
                writer.text(row, col, "-", align="right", **props)
            else:
                writer.value(row, col, round(ratio, 4), num_format="0.00", **props)

    for label, figures in rep.rows:
        line(label, figures)
    line(t("total", lang), rep.figures.total, bold=True)
    writer.text(row + 2, 0, t("note", lang))
    widths = [writer.width(col, col, width) for col, width in enumerate((30, 16, 16, 16, 8, 8))]
    xw.print_setup(writer.ws, widths)

"""Earned value of a project as the exports show it: the figures read from the workspace, as a
Markdown page (``export earned-value F.md``) or a workbook of one sheet (``F.xlsx``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.core.demo_source import app_today
from app.core.errors import ValidationFailed
from app.core.files import markdown_text as md
from app.core.files.atomic import write_text
from app.core.i18n import check_date, date_label, format_date
from app.core.i18n import parse_date as typed_date
from app.core.messages import Label
from app.wbs.catalog import Catalog, catalog
from app.wbs.schedule import calendar_of
from app.wbs.service import WbsService
from app.wbs.tracking import baselines as store
from app.wbs.tracking.earned_value import EarnedValue, Figures, earned_value, effort_text, ratio_text

if TYPE_CHECKING:
    from app.core.i18n import Lang
    from app.core.workspace import Workspace

T = {
    "title": {"ja": "出来高(EVM)", "en": "Earned value"},
    "baseline": {"ja": "ベースライン", "en": "Baseline"},
    "status_date": {"ja": "基準日", "en": "Status date"},
    "phase": {"ja": "フェーズ", "en": "Phase"},
    "pv": {"ja": "PV 計画価値(人日)", "en": "PV planned value (person-days)"},
    "ev": {"ja": "EV 出来高(人日)", "en": "EV earned value (person-days)"},
    "ac": {"ja": "AC 実績工数(人日)", "en": "AC actual effort (person-days)"},
    "spi": {"ja": "SPI", "en": "SPI"},
    "cpi": {"ja": "CPI", "en": "CPI"},
    "total": {"ja": "プロジェクト全体", "en": "Whole project"},
    "current": {"ja": "(未保存: 現在の日程)", "en": "(none saved: the current schedule)"},
    "note": {
        "ja": "PV: 基準日までに予定された作業(ベースラインの見積を稼働日で按分)。EV: 見積 × 進捗率。SPI = EV/PV、CPI = EV/AC(割る数が0のときは -)。",
        "en": "PV: work scheduled by the status date (baseline estimate spread over its working days). EV: estimate × percent complete. SPI = EV/PV, CPI = EV/AC (- when dividing by 0).",
    },
}


def t(key: str, lang: Lang) -> str:
    return T[key][lang]


@dataclass(frozen=True)
class Report:
    project: str
    figures: EarnedValue
    rows: list[tuple[str, Figures]]  # (phase label, figures) in the catalogue's phase order


def parse_date(value: Any) -> dt.date | None:
    """The status date as typed, in either language's form (:func:`app.core.i18n.parse_date`:
    2026-12-08, 2026/12/08, 2026年12月8日, full-width digits too); None when empty. A date outside
    the dates a plan holds (0001-01-01: a workbook would hold a date Excel cannot show) is refused
    as every typed date is (:func:`app.core.i18n.check_date`)."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        day = value
    else:
        try:
            day = typed_date(str(value))
        except ValueError:
            raise ValidationFailed(key="wbs.ev_bad_date", value=str(value)) from None
    text = date_label(day) if isinstance(value, dt.date) else str(value).strip()
    return check_date(day, key="project.date_out_of_range", field=Label(**T["status_date"]), value=text)


def report(ws: Workspace, project_id: int, lang: Lang, baseline: str | None = None, status_date: dt.date | None = None) -> Report:
    """The project's earned value against ``baseline`` (the latest saved for None; the current schedule
    when none is saved) at ``status_date`` (today)."""
    from app.core.projects import ProjectService

    saved = store.tracking(ws, project_id)
    tree = WbsService(ws.db).tree(project_id)
    if baseline is None and not saved.baselines:  # none saved yet: measured against the schedule as it is
        chosen = store.Baseline(t("current", lang), "", store.parse_tasks(store.freeze(tree)))
    else:
        chosen = store.pick(saved.baselines, baseline)
    figures = earned_value(tree, chosen, saved.progress, status_date or app_today(), calendar_of(ws))
    return Report(ProjectService(ws.db).get(project_id).name, figures, phase_rows(figures, catalog(ws.library), lang))


def latest_earned_value(ws: Workspace, project_id: int, lang: Lang) -> Report | None:
    """The Excel WBS's earned-value sheet: against the latest baseline at today; None without one."""
    if not store.tracking(ws, project_id).baselines:
        return None
    return report(ws, project_id, lang)


def earned_sheet(lang: Lang) -> str:
    return t("title", lang)


def phase_rows(figures: EarnedValue, cat: Catalog, lang: Lang) -> list[tuple[str, Figures]]:
    keys = sorted(figures.by_phase, key=lambda k: (cat.phase_index(k), not k, k))
    return [(cat.bucket_label("phase", k, lang), figures.by_phase[k]) for k in keys]


def _numbers(f: Figures) -> list[str]:
    return [effort_text(f.pv), effort_text(f.ev), effort_text(f.ac), ratio_text(f.spi), ratio_text(f.cpi)]


def markdown(rep: Report, lang: Lang) -> str:
    headers = [t(k, lang) for k in ("phase", "pv", "ev", "ac", "spi", "cpi")]
    rows = [[md.cell(label), *_numbers(f)] for label, f in rep.rows]
    rows.append([f"**{t('total', lang)}**", *_numbers(rep.figures.total)])
    lines = [
        f"# {t('title', lang)}: {md.inline(rep.project)}",
        "",
        f"- {t('baseline', lang)}: {md.inline(rep.figures.baseline, start=False)}",
        f"- {t('status_date', lang)}: {format_date(rep.figures.status_date, lang)}",
        "",
        md.table(headers, rows),
        "",
        t("note", lang),
        "",
    ]
    return "\n".join(lines)


def export_earned_value(ws: Workspace, project_id: int, out: Path, lang: Lang, options: dict[str, Any]) -> Path:
    rep = report(ws, project_id, lang, options.get("baseline"), parse_date(options.get("date")))
    if out.suffix.lower() == ".xlsx":
        from app.core.files import xlsx_writer as xw
        from app.core.files.atomic import write_with
        from app.wbs.files.xlsx_ev import write_earned_value

        def build(book: Any) -> None:
            write_earned_value(xw.Writer(book.add_worksheet(t("title", lang)), xw.Formats(book, lang)), rep, lang)

        return write_with(Path(out), lambda tmp: xw.write_book(tmp, build))
    return write_text(out, markdown(rep, lang))

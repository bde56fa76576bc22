"""The review report in the document language: Markdown, standalone HTML (with SVG charts) or the PDF's HTML.

The report is a list of blocks: Markdown (every user and content text escaped with
:mod:`app.core.files.markdown_text`) and pictures (SVG drawn by :mod:`app.review.charts`). The
Markdown file keeps the blocks' text (tables carry every number a chart shows); the HTML page
renders each Markdown block through the sanitiser and places the pictures between them; the PDF
is laid out by Qt's rich-text engine, which draws no inline SVG: its HTML carries each picture as an
SVG image, which the PDF writer draws with Qt's SVG renderer.
"""

from __future__ import annotations

import base64
import datetime as dt
import re
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING

from app.core.files import control_chars, markdown_safe
from app.core.files import markdown_text as md
from app.core.i18n import format_date
from app.review.charts import bars_svg, radar_svg
from app.review.model import Scoring
from app.review.scoring import score_text

if TYPE_CHECKING:
    from app.core.i18n import Lang
    from app.review.service import ChecklistView, ReviewView

WORDS: dict[str, dict[str, str]] = {
    "title": {"ja": "準備度レビュー報告: {}", "en": "Readiness review: {}"},
    "project": {"ja": "プロジェクト", "en": "Project"},
    "date": {"ja": "作成日", "en": "Date"},
    "summary": {"ja": "概要", "en": "Summary"},
    "checklist": {"ja": "チェックリスト", "en": "Checklist"},
    "result": {"ja": "結果", "en": "Result"},
    "answered": {"ja": "評価済み", "en": "Assessed"},
    "met": {"ja": "達成", "en": "Met"},
    "source": {"ja": "出典", "en": "Source"},
    "licence": {"ja": "ライセンス", "en": "Licence"},
    "no_licence": {"ja": "オープンライセンスなし(言い換えて引用)", "en": "No open licence (paraphrased and cited)"},
    "final": {"ja": "最終スコア(最も低い分野の合計): {score} / {maximum}", "en": "Final score (the lowest section sum): {score} / {maximum}"},
    "band": {"ja": "評価帯", "en": "Band"},
    "section": {"ja": "分野", "en": "Section"},
    "sum": {"ja": "合計", "en": "Sum"},
    "max": {"ja": "満点", "en": "Maximum"},
    "item": {"ja": "項目", "en": "Item"},
    "score": {"ja": "スコア", "en": "Score"},
    "level": {"ja": "レベル", "en": "Level"},
    "evidence": {"ja": "根拠", "en": "Evidence"},
    "note": {"ja": "メモ", "en": "Note"},
    "task": {"ja": "WBSタスク", "en": "WBS task"},
    "suggested": {"ja": "提案元", "en": "Suggested by"},
    "component": {"ja": "構成要素", "en": "Component"},
    "current": {"ja": "現状", "en": "Current"},
    "target": {"ja": "目標", "en": "Target"},
    "gap": {"ja": "差", "en": "Gap"},
    "gaps": {"ja": "目標未達 {n} 件", "en": "{n} below target"},
    "own_level": {"ja": "所属レベル", "en": "Its level"},
    "unscored": {"ja": "未評価", "en": "not assessed"},
    "deleted": {"ja": "(削除済み)", "en": "(deleted)"},
    "charts": {"ja": "図", "en": "Charts"},
}


def t(key: str, lang: Lang) -> str:
    return WORDS[key][lang]


def final_maximum(view: ChecklistView) -> float:
    """The most the final score (the lowest section sum) can be: the smallest section's maximum (7 in the paper)."""
    return min((s.maximum for s in view.score.sections), default=7.0)


def bars_maximum(view: ChecklistView) -> float:
    """Where the section bars end: the largest section's maximum (7 in the paper: seven tests a section)."""
    return max((s.maximum for s in view.score.sections), default=7.0)


def final_text(view: ChecklistView, lang: Lang) -> str:
    return t("final", lang).format(score=score_text(view.score.final), maximum=score_text(final_maximum(view)))


@dataclass(frozen=True)
class Block:
    markdown: str = ""
    svg: str = ""


def _value_cell(view: ChecklistView, value: float | None, lang: Lang) -> str:
    if value is None:
        return md.cell(t("unscored", lang))
    label = view.checklist.level_label(value, lang)
    return md.cell(label or score_text(value))


def _origin_cell(view: ChecklistView, item_id: str, fields: tuple[str, ...], lang: Lang) -> str:
    origin = view.items[item_id].answer.origin
    reasons = [str((origin[f].get("reason") or {}).get(lang) or "") for f in fields if f in origin]
    return md.cell("\n".join(r for r in reasons if r))


def _task_cell(view: ChecklistView, item_id: str, lang: Lang) -> str:
    item = view.items[item_id]
    if item.task is not None:
        return md.cell(item.task)
    return md.cell(t("deleted", lang)) if item.answer.task_uid is not None else " "


def _ml_test_score(view: ChecklistView, lang: Lang) -> list[Block]:
    score = view.score
    blocks = [Block("\n\n".join([
        f"**{md.inline(final_text(view, lang), start=False)}**",
        f"{t('band', lang)}: {md.inline(score.band.label.get(lang), start=False) if score.band else '-'}",
        md.table([t("section", lang), t("sum", lang), t("max", lang), t("answered", lang), t("met", lang)], [
            [md.cell(s.section.title.get(lang)), score_text(s.total), score_text(s.maximum), f"{s.answered}/{s.items}", f"{s.met}/{s.items}"]
            for s in score.sections
        ]),
    ]))]  # fmt: skip
    labels = [s.section.title.get(lang) for s in score.sections]
    blocks.append(Block(svg=bars_svg(labels, [s.total for s in score.sections], bars_maximum(view), view.checklist.title.get(lang), score.final)))
    for s in score.sections:
        rows = []
        for n, item in enumerate(s.section.items, 1):
            answer = view.items[item.id].answer
            rows.append([str(n), md.cell(item.label.get(lang)), _value_cell(view, answer.score, lang), md.cell(answer.evidence),
                         _origin_cell(view, item.id, ("score",), lang), _task_cell(view, item.id, lang)])  # fmt: skip
        header = [" ", t("item", lang), t("score", lang), t("evidence", lang), t("suggested", lang), t("task", lang)]
        blocks.append(Block(f"### {md.inline(s.section.title.get(lang), start=False)}\n\n" + md.table(header, rows)))
    return blocks


def _current_target(view: ChecklistView, lang: Lang) -> list[Block]:
    rows = []
    for item in view.checklist.items():
        answer = view.items[item.id].answer
        gap = answer.target - answer.current if answer.current is not None and answer.target is not None else None
        own = view.checklist.level_label(item.level, lang) if item.level is not None else ""
        rows.append([md.cell(item.label.get(lang)), md.cell(own) if own else " ", _value_cell(view, answer.current, lang),
                     _value_cell(view, answer.target, lang), score_text(gap) if gap is not None and gap > 0 else " ",
                     md.cell(answer.note), _origin_cell(view, item.id, ("current", "target"), lang), _task_cell(view, item.id, lang)])  # fmt: skip
    header = [t("component", lang), t("own_level", lang), t("current", lang), t("target", lang), t("gap", lang), t("note", lang), t("suggested", lang), t("task", lang)]
    if not any(item.level is not None for item in view.checklist.items()):
        header, rows = header[:1] + header[2:], [r[:1] + r[2:] for r in rows]
    return [Block(md.inline(t("gaps", lang).format(n=view.score.gaps)) + "\n\n" + md.table(header, rows))]


def _levels(view: ChecklistView, lang: Lang) -> list[Block]:
    rows = []
    for item in view.checklist.items():
        answer = view.items[item.id].answer
        rows.append([md.cell(item.label.get(lang)), _value_cell(view, answer.level, lang), md.cell(answer.note),
                     _origin_cell(view, item.id, ("level",), lang), _task_cell(view, item.id, lang)])  # fmt: skip
    blocks = [Block(md.table([t("item", lang), t("level", lang), t("note", lang), t("suggested", lang), t("task", lang)], rows))]
    if view.checklist.chart == "radar":
        c = view.checklist
        values = [view.items[i.id].answer.level for i in c.items()]
        blocks.append(Block(svg=radar_svg([i.label.get(lang) for i in c.items()], values, c.min_level, c.max_level, c.title.get(lang))))
    return blocks


def _licence_line(view: ChecklistView, lang: Lang) -> str:
    licence = view.checklist.licence
    if licence.name.lower() == "none":
        text = t("no_licence", lang)
    else:
        text = licence.name + (f" ({licence.url})" if licence.url else "")
    if licence.attribution is not None:
        text += " " + licence.attribution.get(lang)
    return text


def _source_line(view: ChecklistView) -> str:
    source = view.checklist.source
    return source.citation + (f", {source.edition}" if source.edition else "") + (f" ({source.url})" if source.url else "")


def report_blocks(view: ReviewView, project_name: str, lang: Lang, today: dt.date) -> list[Block]:
    blocks = [Block("\n".join([
        "# " + md.inline(t("title", lang).format(project_name), start=False), "",
        f"- {t('project', lang)}: {md.inline(project_name, start=False)}",
        f"- {t('date', lang)}: {format_date(today, lang)}", "",
        f"## {t('summary', lang)}", "",
        md.table([t("checklist", lang), t("result", lang), t("answered", lang), t("met", lang)], [_summary_row(c, lang) for c in view.checklists]),
    ]))]  # fmt: skip
    for checklist_view in view.checklists:
        c = checklist_view.checklist
        head = f"## {md.inline(c.title.get(lang), start=False)}\n\n- {t('source', lang)}: {md.inline(_source_line(checklist_view), start=False)}\n- {t('licence', lang)}: {md.inline(_licence_line(checklist_view, lang), start=False)}"
        blocks.append(Block(head))
        if c.scoring == Scoring.ML_TEST_SCORE:
            blocks += _ml_test_score(checklist_view, lang)
        elif c.scoring == Scoring.CURRENT_TARGET:
            blocks += _current_target(checklist_view, lang)
        else:
            blocks += _levels(checklist_view, lang)
    return blocks


def summary_values(view: ChecklistView, lang: Lang) -> list[str]:
    """One checklist's line of the summary as plain text: title, result, assessed, met."""
    score = view.score
    if view.checklist.scoring == Scoring.ML_TEST_SCORE:
        result = f"{score_text(score.final)} / {score_text(final_maximum(view))} ({score.band.label.get(lang) if score.band else '-'})"
    elif view.checklist.scoring == Scoring.CURRENT_TARGET:
        result = t("gaps", lang).format(n=score.gaps)
    else:
        result = ", ".join(f"{i.label.get(lang)} {score_text(view.items[i.id].answer.level)}" for i in view.checklist.items())
    return [view.checklist.title.get(lang), result, f"{score.answered}/{score.items}", f"{score.met}/{score.items}"]


def _summary_row(view: ChecklistView, lang: Lang) -> list[str]:
    return [md.cell(v) for v in summary_values(view, lang)]


def render_markdown(blocks: list[Block]) -> str:
    return "\n\n".join(b.markdown for b in blocks if b.markdown).rstrip("\n") + "\n"


# The page's body is centred in a browser window; the PDF's has the page's margins instead (Qt's
# rich text gave every table the body's side margin, 37 px each side, and narrow columns broke words).
PAGE_BODY = "body{font-family:sans-serif;max-width:60em;margin:2em auto;line-height:1.5}"
PDF_BODY = "body{font-family:sans-serif;line-height:1.5}"
STYLE = """table{border-collapse:collapse;margin:0.5em 0}th,td{border:1px solid #bfbfbf;padding:3px 6px;vertical-align:top}
th{background:#1f4e79;color:#fff}.chart{margin:0.5em 0}"""


_SVG_SIZE = re.compile(r'<svg [^>]*?width="(\d+)" height="(\d+)"')


def svg_image(svg: str) -> str:
    """An SVG picture as an image of it (``data:image/svg+xml``) at its own size, as the PDF's HTML carries it:
    Qt's rich text draws no inline SVG, and the PDF writer (app/ui/pdf/) draws these images itself."""
    size = _SVG_SIZE.match(svg)
    width, height = (size.group(1), size.group(2)) if size else ("400", "300")
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return f'<img src="data:image/svg+xml;base64,{data}" width="{width}" height="{height}">'


def render_html(blocks: list[Block], title: str, lang: Lang, *, for_pdf: bool = False) -> str:
    """A standalone page: each Markdown block rendered and sanitised, the SVG pictures between them
    (the PDF's HTML as images of them: :func:`svg_image`)."""
    body: list[str] = []
    for block in blocks:
        if block.markdown:
            body.append(markdown_safe.markdown_to_safe_html(block.markdown))
        elif block.svg:
            body.append(f'<p class="chart">{svg_image(block.svg)}</p>' if for_pdf else f'<div class="chart">{block.svg}</div>')
    page = (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8"><title>{escape(title)}</title>'
            f"<style>{PDF_BODY if for_pdf else PAGE_BODY}{STYLE}</style></head><body>\n" + "\n".join(body) + "\n</body></html>\n")  # fmt: skip
    if not for_pdf:
        return control_chars.visible(page)
    return markdown_safe.break_long_tokens(control_chars.for_pdf(page))

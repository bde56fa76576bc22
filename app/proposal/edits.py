"""Edits of the stored proposal, each a new :class:`ProposalDoc`, and the values they leave in effect.

An edit that brings a value back to the template's removes the override, so the document keeps only
what the user changed.
"""

from __future__ import annotations

import math

from app.core.errors import FieldRefused, ValidationFailed
from app.core.i18n import Lang, plain_number
from app.core.limits import check_text
from app.core.messages import Label, Message
from app.proposal.content import ProposalContent, effort_cell
from app.proposal.model import ProblemRow, ProposalDoc, ProposalTemplate
from app.proposal.rows import ROW_TEXTS, wordings

MAX_EFFORT_DAYS = 9999.0  # a cell of the effort table: the box's arrows and its hint stop here, and so does what is stored


def default_rows(content: ProposalContent) -> list[ProblemRow]:
    return [ProblemRow(ref=p.id) for p in content.library.problems if p.default]


def effective_rows(doc: ProposalDoc, content: ProposalContent) -> list[ProblemRow]:
    return [r.model_copy() for r in doc.rows] if doc.rows is not None else default_rows(content)


def section_text(doc: ProposalDoc, template: ProposalTemplate, section_id: str, lang: Lang) -> str:
    edited = doc.texts.get(section_id, {}).get(lang)
    if edited is not None:
        return edited
    section = template.section(section_id)
    return section.body.get(lang).rstrip("\n") if section else ""


def with_section_text(
    doc: ProposalDoc, template: ProposalTemplate, section_id: str, lang: Lang, text: str
) -> ProposalDoc:
    """A copy of ``doc`` with the section's text set; typing the template's text back removes the edit."""
    texts = {k: dict(v) for k, v in doc.texts.items()}
    section = template.section(section_id)
    default = section.body.get(lang).rstrip("\n") if section else None
    per_lang = texts.setdefault(section_id, {})
    if text == default:
        per_lang.pop(lang, None)
        if not per_lang:
            texts.pop(section_id)
    else:
        per_lang[lang] = text
    return doc.model_copy(update={"texts": texts})


def check_texts(before: ProposalDoc, after: ProposalDoc, template: ProposalTemplate) -> None:
    """Every text ``after`` changes fits in a field: else TextTooLong naming it as the page shows it,
    a section by its title, a cell of the problems table by its column and row (課題(1 行目)); the
    stored document only knows them as texts.<section>.<lang> and rows[n].problem. A text stored
    before (the limit came later) does not block edits of the rest."""
    for section_id, per_lang in after.texts.items():
        for lang, text in per_lang.items():
            if before.texts.get(section_id, {}).get(lang) != text:
                section = template.section(section_id)
                check_text(Label(ja=section.title.ja, en=section.title.en) if section else section_id, text)
    stored = {text for row in before.rows or [] for column in ROW_TEXTS for text in wordings(row, column)}
    for number, row in enumerate(after.rows or [], start=1):
        for column in ROW_TEXTS:
            for text in wordings(row, column):
                if text not in stored:
                    label = template.labels.get(column)
                    named = Label(ja=label.ja, en=label.en) if label else column
                    check_text(Message(key="proposal.table_cell", column=named, row=number), text)


def with_rows(doc: ProposalDoc, rows: list[ProblemRow]) -> ProposalDoc:
    return doc.model_copy(update={"rows": [r.model_copy() for r in rows]})


def default_effort(template: ProposalTemplate, number: int, role: str) -> float:
    return float(template.task(number).effort.get(role, 0.0))


def effort_value(doc: ProposalDoc, template: ProposalTemplate, number: int, role: str) -> float:
    override = doc.effort.get(str(number), {}).get(role)
    return float(override) if override is not None else default_effort(template, number, role)


def with_effort(doc: ProposalDoc, template: ProposalTemplate, number: int, role: str, days: float) -> ProposalDoc:
    """``doc`` with the person-days of one cell of the effort table: from 0 to :data:`MAX_EFFORT_DAYS`, as its box
    says; else refused naming the cell (its task and role), nothing changed."""
    if not math.isfinite(days):
        raise ValidationFailed(key="proposal.effort_days")
    if not 0 <= days <= MAX_EFFORT_DAYS:
        cell = effort_cell(template, number, role) or f"{number}.{role}"
        raise FieldRefused(cell, plain_number(days), key="field.out_of_range", limit=f"{MAX_EFFORT_DAYS:.0f}")
    effort = {k: dict(v) for k, v in doc.effort.items()}
    per_task = effort.setdefault(str(number), {})
    if days == default_effort(template, number, role):
        per_task.pop(role, None)
        if not per_task:
            effort.pop(str(number))
    else:
        per_task[role] = days
    return doc.model_copy(update={"effort": effort})

"""A row of the problems table as it reads in one language, and an edit of its wording in one language.

A row's ``problem`` and ``countermeasure`` hold the user's wording per language (``{"ja": …, "en": …}``,
as the section texts): rewording a library problem in English keeps its Japanese rewording. A plain
text, stored before wordings were per language, is the wording of both (read as it was, never lost).
"""

from __future__ import annotations

from typing import Literal, NamedTuple

from app.core.i18n import LANGS, Lang
from app.proposal.model import Phase, Problem, ProblemLibrary, ProblemRow

RowField = Literal["problem", "countermeasure"]
ROW_TEXTS: tuple[RowField, ...] = ("problem", "countermeasure")  # the table's text columns (their labels: the template's)


class RowShown(NamedTuple):
    problem: str
    countermeasure: str
    phase: Phase
    task: int


def own_wording(row: ProblemRow, field: RowField, lang: Lang) -> str | None:
    """The row's own wording in ``lang`` (None: it has none, the library's or the other language's shows)."""
    value = getattr(row, field)
    if isinstance(value, str):
        return value or None  # one text for both languages (stored by an earlier version)
    return value.get(lang)


def wordings(row: ProblemRow, field: RowField) -> list[str]:
    """Every wording the row holds of ``field``, in any language."""
    value = getattr(row, field)
    return [value] if isinstance(value, str) else list(value.values())


def row_text(row: ProblemRow, known: Problem | None, field: RowField, lang: Lang) -> str:
    """The text the row shows in ``lang``: its wording in that language, else the library's, else (a row
    of the user's own, typed in one language only) its wording in the other language."""
    own = own_wording(row, field, lang)
    if own is not None:
        return own
    if known is not None:
        return getattr(known, field).get(lang)
    other = next((text for other in LANGS if other != lang and (text := own_wording(row, field, other))), None)
    if other is not None:
        return other
    return (row.ref or "") if field == "problem" else ""  # a library problem no longer in the library: its id


def shown_row(row: ProblemRow, library: ProblemLibrary, lang: Lang) -> RowShown:
    known = library.get(row.ref) if row.ref else None
    return RowShown(
        problem=row_text(row, known, "problem", lang),
        countermeasure=row_text(row, known, "countermeasure", lang),
        phase=row.phase or (known.phase if known else Phase.POC),
        task=row.task if row.task is not None else (known.task if known else 0),
    )


def reworded(row: ProblemRow, lang: Lang) -> bool:
    """A library row whose problem or countermeasure has the user's wording in ``lang``."""
    return any(own_wording(row, field, lang) is not None for field in ROW_TEXTS)


def with_row_text(row: ProblemRow, library: ProblemLibrary, field: RowField, lang: Lang, text: str) -> ProblemRow:
    """A copy of ``row`` with its wording of ``field`` in ``lang`` set, the other language's kept. The text
    it already shows changes nothing; a library row's text typed back (or cleared) shows the library's."""
    known = library.get(row.ref) if row.ref else None
    if text == row_text(row, known, field, lang):
        return row.model_copy()
    value = getattr(row, field)
    wording = dict(value) if isinstance(value, dict) else dict.fromkeys(LANGS, value) if value else {}
    if known is not None and text in ("", getattr(known, field).get(lang)):
        wording.pop(lang, None)
    else:
        wording[lang] = text
    return row.model_copy(update={field: wording or ""})

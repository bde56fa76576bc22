"""A phase or a task of the problems table as a person types it (cells pasted from Excel): found by any of its names.

A person writes 「PoC」, 「ＰｏＣフェーズ」 with the input method's full-width mode on, 「２」, or copies the English
window's 「Build」 / 「3. Data platform」 into a Japanese proposal. Each is compared as typed names are
(:func:`app.core.i18n.typed_key`: one width, any case, no spaces) with the choice's key and its label in every
language; failing that, with the label's short form (a phase without 「フェーズ」 / "phase", a task without its
number). A text that names no choice, or more than one, is not taken: the caller says so.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable, Mapping
from typing import TypeVar

from app.core.i18n import LANGS, typed_key
from app.proposal.model import ProposalTemplate

K = TypeVar("K", bound=Hashable)
Names = Mapping[K, frozenset[str]]  # a choice's names, each as typed_key makes it

_PHASE_WORD = re.compile(r"(フェーズ|phase)$")  # (typed_key's form: case folded, no space before it)
_TASK_NUMBER = re.compile(r"^\d+\.")


def phase_names(template: ProposalTemplate) -> dict[str, frozenset[str]]:
    """Each phase's key and its label in every language, as compared."""
    return {p.id: _keys([p.id, *(p.label.get(lang) for lang in LANGS)]) for p in template.phases}


def task_names(template: ProposalTemplate) -> dict[int, frozenset[str]]:
    """Each task's number and its label (「3. データ基盤構築」, "3. Data platform") in every language, as compared."""
    return {t.number: _keys([str(t.number), *(f"{t.number}. {t.title.get(lang)}" for lang in LANGS)]) for t in template.tasks}


def typed_choices(text: str, names: Names[K]) -> list[K]:
    """The choices ``text`` names: those with it as a name, else those with it as a short name (:func:`_short`).
    One: the choice; none: an unknown text; several: an ambiguous one."""
    typed = typed_key(text)
    found = [key for key, keys in names.items() if typed in keys]
    if found or not typed:
        return found
    short = _short(typed)
    return [key for key, keys in names.items() if short in {_short(k) for k in keys}]


def _keys(texts: Iterable[str]) -> frozenset[str]:
    return frozenset(k for k in map(typed_key, texts) if k)


def _short(key: str) -> str:
    """A name without what people leave out: a phase's 「フェーズ」 / "phase", a task's leading number."""
    return _TASK_NUMBER.sub("", _PHASE_WORD.sub("", key)) or key

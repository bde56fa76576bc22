"""Every input of the hostile corpus is refused with one line (or handled as documented), quickly.

One test per input, each on its own copy of the corpus's demo database, so the inputs spread over
the test workers; ``python -m tests.hostile_corpus`` runs them all in one go and prints a summary.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from tests.conftest import copy_database
from tests.hostile_corpus import Context, cases, make_context, run_case

CASES = cases()


def test_the_corpus_holds_every_kind_of_hostile_input() -> None:
    assert len(CASES) >= 80
    assert {case.group for case in CASES} == {"workbook", "project file", "database", "content file", "text"}
    assert len({case.name for case in CASES}) == len(CASES)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Context:
    """The demo project and the sheets exported from it that the workbook inputs are built on."""
    return make_context(tmp_path_factory.mktemp("corpus"))


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_every_hostile_input_is_refused_cleanly_or_handled_as_documented(case, corpus: Context, tmp_path: Path) -> None:
    ctx = dataclasses.replace(corpus, db=tmp_path / "corpus.sqlite3", watch=None)
    copy_database(corpus.db, ctx.db)
    folder = tmp_path / "case"
    folder.mkdir()
    result = run_case(case, folder, ctx)
    assert result.ok, result.line
    assert result.seconds < 10 and result.peak_mb < 300, f"{result.seconds:.1f} s, {result.peak_mb:.0f} MB"

"""A typed number is read in time linear in its length: a pasted million digits (or a million commas) is
refused or read in well under a second, never minutes (a hearing answer of 100,000 digits took 22 s to refuse
from the command line: the thousands-separator check backtracked quadratically)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from app.core.i18n import number_text


@pytest.mark.parametrize("typed", ["1" * 1_000_000, "1" * 500_000 + " 1", "1," * 500_000, " 1" * 500_000, "１" * 1_000_000])
def test_a_million_characters_of_digits_are_read_in_bounded_time(typed: str) -> None:
    # In a child process with a limit a thousand times what a linear reading takes here (a quadratic one: hours).
    code = "import sys\nfrom app.core.i18n import number_text\ntry:\n    number_text(sys.stdin.read())\nexcept ValueError:\n    pass\n"
    subprocess.run([sys.executable, "-c", code], input=typed, text=True, encoding="utf-8", check=True, timeout=60)


@pytest.mark.parametrize(("typed", "read"), [("1,000", "1000"), ("１，０００", "1000"), ("1 000 000", "1000000"), ("-3", "-3"),
                                             ("12 345,5", None), ("1,5", None), (",5", None), ("5,", None), ("1 5", None), ("1_5", None),
                                             ("1,000 000", None), ("1 000,000", None), ("3 人", "3人")])
def test_thousands_separators_read_as_before(typed: str, read: str | None) -> None:
    if read is None:
        with pytest.raises(ValueError):
            number_text(typed)
    else:
        assert number_text(typed) == read

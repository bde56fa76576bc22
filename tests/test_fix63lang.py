"""Fix 63 (languages): what the command line adds and says in English, beside tests/test_breaker63a.py."""

from __future__ import annotations

from pathlib import Path

from app.main import main


def test_the_english_command_line_names_the_year_end_break_in_english_and_keeps_a_stored_japanese_name(db_path: Path, capsys) -> None:
    assert main(["--db", str(db_path), "--lang", "en", "holidays", "add", "--year-end", "2026"]) == 0
    assert main(["--db", str(db_path), "--lang", "ja", "holidays", "add", "--year-end", "2027"]) == 0
    capsys.readouterr()
    assert main(["--db", str(db_path), "--lang", "en", "holidays", "list"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert listed[0] == "2026-12-29  Year-end holidays" and len(listed) == 12
    assert listed[6] == "2027-12-29  年末年始"  # added by the Japanese command line: the user's data from then on

"""A person's day off taken back from the command line (``resources add --remove-off``), as the People dialog
does: the dates and ranges given leave the person's days off, the rest of the person stays as it was (their role,
days a week, share and other days off), one undoable change. A date or range that holds none of their days off
(typed by mistake) is refused in one line in the user's language, exit 2, and nothing changes."""

from __future__ import annotations

import datetime as dt

from app.cli.main import main
from app.wbs.resources import people
from tests.wbs_helpers import new_project


def person(workspace, pid: int, name: str) -> people.Person:
    return people.by_name(people.read(workspace, pid))[name]


def test_remove_off_takes_back_days_off_and_keeps_the_rest(workspace, db_path, capsys) -> None:
    pid = new_project(workspace)
    run = lambda *argv: main(["--db", str(db_path), "--lang", "ja", *argv])  # noqa: E731
    assert run("resources", "add", "--project", str(pid), "--name", "佐藤", "--role", "DS", "--days-per-week", "4",
               "--off", "2026-12-28..2026-12-31", "2027-01-04") == 0
    capsys.readouterr()
    assert run("resources", "add", "--project", str(pid), "--name", "佐藤", "--remove-off", "2026-12-30..2026-12-31", "2027/1/4") == 0
    assert "佐藤" in capsys.readouterr().out
    sato = person(workspace, pid, "佐藤")
    assert sato.days_off == {dt.date(2026, 12, 28), dt.date(2026, 12, 29)}
    assert sato.days_per_week == 4 and sato.role  # kept


def test_a_date_that_is_no_day_off_is_refused_and_changes_nothing(workspace, db_path, capsys) -> None:
    pid = new_project(workspace)
    run = lambda *argv: main(["--db", str(db_path), "--lang", "ja", *argv])  # noqa: E731
    assert run("resources", "add", "--project", str(pid), "--name", "佐藤", "--off", "2026-12-29") == 0
    capsys.readouterr()
    assert run("resources", "add", "--project", str(pid), "--name", "佐藤", "--remove-off", "2026-12-29", "2026-12-28", "--percent", "50") == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "佐藤" in err[0] and "2026-12-28" in err[0] and "Traceback" not in err[0]
    sato = person(workspace, pid, "佐藤")
    assert sato.days_off == {dt.date(2026, 12, 29)} and sato.percent == 100  # nothing changed
    assert run("resources", "add", "--project", str(pid), "--name", "鈴木", "--remove-off", "2026-12-29") == 2
    assert "鈴木" in capsys.readouterr().err and "鈴木" not in people.by_name(people.read(workspace, pid))


def test_days_off_taken_back_from_someone_not_in_the_project_says_there_is_no_such_person(workspace, db_path, capsys) -> None:
    pid = new_project(workspace)
    run = lambda *argv: main(["--db", str(db_path), "--lang", "ja", *argv])  # noqa: E731
    assert run("resources", "add", "--project", str(pid), "--name", "佐藤", "--off", "2026-12-29") == 0
    capsys.readouterr()
    assert run("resources", "add", "--project", str(pid), "--name", "存在しない", "--remove-off", "2026-12-29") == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "「存在しない」という要員はこのプロジェクトにいません" in err[0] and "佐藤" in err[0], err
    assert "休みに登録されていません" not in err[0]
    assert [p.name for p in people.read(workspace, pid)] == ["佐藤"]
    # The same person typed in another width is theirs: their day off taken back
    assert run("resources", "add", "--project", str(pid), "--name", "佐藤 ", "--remove-off", "2026-12-29") == 0
    assert person(workspace, pid, "佐藤").days_off == frozenset()

"""A table answer's rows renamed since a version the window showed: each write's renames composed, as the
writes moved what other documents key by the rows (the Data platform page's dataset cells follow them)."""

from __future__ import annotations

from app.hearing import AnswerService
from app.hearing.formats import composed_renames

SOURCES = "hearing.prereq.data_sources"


def test_renames_are_composed_one_write_at_a_time() -> None:
    a, b, c = ({"name": "画像"}, {"name": "ログ"}, {"name": "売上"})
    versions = [
        [a, b, c],
        [{"name": "画像(全件)"}, b, c],  # renamed
        [{"name": "画像(全件)"}, b],  # 売上 removed
        [{"name": "画像(全件)"}, b, {"name": "問い合わせ"}],  # another added in its place: no rename
        [{"name": "画像v2"}, b, {"name": "問い合わせ"}],  # renamed again
    ]
    assert composed_renames(versions) == {"画像": "画像v2", "売上": None}
    # Seen at once, the first and the last look like 売上 renamed 問い合わせ (same place, same count)
    assert composed_renames([versions[0], versions[-1]]) == {"画像": "画像v2", "売上": "問い合わせ"}


def test_a_rename_and_an_add_seen_at_once_are_still_a_rename() -> None:
    before = [{"name": "画像"}, {"name": "ログ"}]
    versions = [before, [{"name": "画像(全件)"}, {"name": "ログ"}], [{"name": "画像(全件)"}, {"name": "ログ"}, {"name": "売上"}]]
    assert composed_renames(versions) == {"画像": "画像(全件)"}
    assert composed_renames([versions[0], versions[-1]]) == {"画像": None}  # the rule alone cannot tell: removed


def test_renames_since_a_version_read_from_the_answers_history(workspace, demo) -> None:
    answers = AnswerService(workspace.db, workspace.library)
    none, version = answers.renames_since(demo.id, SOURCES, None)
    assert none is None and version > 0  # no version given: not known, the version now
    rows = answers.answer(demo.id, SOURCES).value
    first = rows[0]["name"]
    answers.update(demo.id, SOURCES, value=[dict(rows[0], name=f"{first}(全件)"), *rows[1:]])
    answers.update(demo.id, SOURCES, value=[dict(rows[0], name=f"{first}(全件)"), *rows[1:-1]])
    renames, now = answers.renames_since(demo.id, SOURCES, version)
    assert now > version
    assert renames == {first: f"{first}(全件)", rows[-1]["name"]: None}
    assert answers.renames_since(demo.id, SOURCES, now) == ({}, now)
    assert answers.renames_since(demo.id, SOURCES, 10**9)[0] is None  # a version it never had: not known


def test_more_writes_than_it_reads_since_a_version_are_not_known(workspace, demo) -> None:
    from app.hearing.answers import RENAMES_READ

    answers = AnswerService(workspace.db, workspace.library)
    _none, version = answers.renames_since(demo.id, SOURCES, None)
    rows = answers.answer(demo.id, SOURCES).value
    for n in range(RENAMES_READ + 1):
        answers.update(demo.id, SOURCES, value=[dict(rows[0], note=f"版{n}"), *rows[1:]])
    renames, now = answers.renames_since(demo.id, SOURCES, version)
    assert renames is None and now > version  # the page compares the rows instead
    assert answers.renames_since(demo.id, SOURCES, now) == ({}, now)

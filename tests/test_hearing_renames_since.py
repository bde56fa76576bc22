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


def test_rows_named_alike_are_told_apart_by_their_cells() -> None:
    from app.hearing.formats import renamed_rows

    s3, nas = {"name": "商品画像", "origin": "S3"}, {"name": "商品画像", "origin": "NAS"}
    log = {"name": "ログ"}
    assert renamed_rows([s3, log, nas], [log, nas]) == {"商品画像 (2)": "商品画像"}  # the first removed
    assert renamed_rows([log, nas], [s3, log, nas]) == {"商品画像": "商品画像 (2)"}  # ... and put back (undo)
    assert renamed_rows([s3, nas], [s3]) == {}  # the second removed
    assert renamed_rows([s3, nas], [nas, s3]) == {"商品画像": "商品画像 (2)", "商品画像 (2)": "商品画像"}  # moved
    assert renamed_rows([s3, nas], [{**s3, "origin": "S3(全件)"}, nas]) == {}  # a cell edited
    assert renamed_rows([s3, nas], [{**s3, "name": "画像"}, nas]) == {"商品画像": "画像", "商品画像 (2)": "商品画像"}
    # composed: the removed one's key is taken by the one left, never kept for it
    assert composed_renames([[s3, log, nas], [log, nas]]) == {"商品画像": None, "商品画像 (2)": "商品画像"}
    assert composed_renames([[s3, log, nas], [log, nas], [s3, log, nas]]) == {"商品画像": None}  # removed once: removed


def test_the_first_of_two_sources_named_alike_removed_and_undone_keeps_each_ones_cells(workspace, demo) -> None:
    from app.environment.service import EnvironmentService

    answers, environment = AnswerService(workspace.db, workspace.library), EnvironmentService(workspace)
    rows = answers.answer(demo.id, SOURCES).value
    answers.update(demo.id, SOURCES, value=[*rows, {**rows[0], "origin": "2回目"}])
    first, second = (d for d in environment.choices(demo.id, "ja").datasets if d.row.get("name") == rows[0]["name"])
    environment.set_dataset(demo.id, first.key, "owner", "山田")
    environment.set_dataset(demo.id, second.key, "owner", "鈴木")
    change = answers.update(demo.id, SOURCES, value=answers.answer(demo.id, SOURCES).value[1:])
    owners = {d.row.get("origin"): d.owner for d in environment.choices(demo.id, "ja").datasets}
    assert owners["2回目"] == "鈴木" and rows[0].get("origin") not in owners
    answers.restore(demo.id, change.before)  # undo: each back with its own owner
    owners = {(d.row.get("origin"), d.key): d.owner for d in environment.choices(demo.id, "ja").datasets}
    assert owners[(rows[0].get("origin"), first.key)] == "山田" and owners[("2回目", second.key)] == "鈴木"

"""fix37c: every password of a team database's URL hidden by one helper (app/core/storage/url_text.py),
wherever the URL is shown or kept; libpq's refusals of a URL's values said as a bad database URL.

The paths breaker37c does not cover: the helper itself (a password holding ':' '/' '@', query keys in any
case), a message naming a URL whose password holds '@', libpq refusing an option it does not know or an
integer it cannot read, Settings quoting a URL whose password holds '@' and whose port has a typo, a
copy's refusal when the password is a letter of the scheme, and drafts an older version kept in a
folder named after the query's password.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.core.errors import UserError
from app.core.storage.db import Database, resolve_database_url
from app.core.storage.errors import named_database
from app.core.storage.team_database import check_team_database
from app.core.storage.url_text import hide_passwords, hide_secrets, shown_url, url_secrets


@pytest.mark.parametrize(("url", "shown"), [
    ("postgresql+psycopg://kickoff:pa/ss@db:5432a/kickoff", "postgresql+psycopg://kickoff:***@db:5432a/kickoff"),
    ("postgresql+psycopg://kickoff:p@ss@db/kickoff", "postgresql+psycopg://kickoff:***@db/kickoff"),
    ("postgresql+psycopg://kickoff:s3:cret@db/kickoff", "postgresql+psycopg://kickoff:***@db/kickoff"),
    ("postgresql+psycopg://u@srv:pw@db/x", "postgresql+psycopg://u@srv:***@db/x"),  # a user name holding '@' (Azure)
    ("postgresql+psycopg://kickoff@db:x/k?PassWord=s3cret&sslmode=require",
     "postgresql+psycopg://kickoff@db:x/k?PassWord=***&sslmode=require"),
    ("postgresql+psycopg://kickoff@db/k?sslmode=require&SSLPASSWORD=s3cret", "postgresql+psycopg://kickoff@db/k?sslmode=require&SSLPASSWORD=***"),
    ("postgresql+psycopg://kickoff:pw@db/k?sslpassword=x@y", "postgresql+psycopg://kickoff:***@db/k?sslpassword=***"),
])
def test_hide_passwords_hides_every_password_of_a_url_as_text(url: str, shown: str) -> None:
    assert hide_passwords(url) == shown


def test_the_identity_and_the_secrets_of_a_url() -> None:
    url = "postgresql+psycopg://kickoff@db.example/kickoff?Password=s3cret&sslmode=require"
    assert shown_url(url) == "postgresql+psycopg://kickoff@db.example/kickoff?sslmode=require"
    assert url_secrets("postgresql+psycopg://kickoff:a%2Fb@db/k?sslpassword=key") == ["a/b", "key"]
    assert hide_secrets('for user "kickoff": a/b', "postgresql+psycopg://kickoff:a%2Fb@db/k") == 'for user "kickoff": ***'


def test_a_password_holding_an_at_sign_is_never_named_as_the_host() -> None:
    url = "postgresql+psycopg://kickoff:p@ss@127.0.0.1:1/kickoff"
    assert named_database(url) == "postgresql+psycopg://kickoff:***@127.0.0.1:1/kickoff"
    with pytest.raises(UserError) as caught:
        resolve_database_url(url)
    assert caught.value.key == "db.at_in_host" and "ss@" not in caught.value.text("ja"), caught.value.text("ja")


@pytest.mark.parametrize(("query", "key", "said"), [
    ("bogus=1", "db.unknown_option", "bogus"),
    ("keepalives=x", "db.bad_option", "「x」"),
    ("gssencmode=x", "db.bad_option", "gssencmode"),
])
def test_an_option_libpq_refuses_is_said_as_a_bad_url(query: str, key: str, said: str) -> None:
    with pytest.raises(UserError) as caught:
        Database(f"postgresql+psycopg://kickoff:s3cret@127.0.0.1:1/kickoff?{query}")
    text = caught.value.text("ja")
    assert caught.value.key == key and said in text and "s3cret" not in text, text
    assert "kickoff:***@127.0.0.1:1/kickoff" in text, text


def test_settings_quotes_a_url_whose_password_holds_an_at_sign_and_a_port_typo_without_it() -> None:
    with pytest.raises(UserError) as caught:
        check_team_database("postgresql+psycopg://kickoff:p@ss@db.example.com:5432a/kickoff", "チームのデータベース")
    text = caught.value.text("ja")
    assert "ss@" not in text and "「5432a」" in text, text


def test_a_copy_refused_keeps_the_scheme_when_the_password_is_one_letter(tmp_path: Path, monkeypatch) -> None:
    from app.projects.database_copy import ProjectCopyFailed, copy_to

    monkeypatch.setenv("MLOPS_KICKOFF_HOME", str(tmp_path))
    source = Database(str(tmp_path / "source.sqlite3"))
    from app.core.projects import ProjectService

    project = ProjectService(source).create(name="計画")
    try:
        with pytest.raises(ProjectCopyFailed) as caught:
            copy_to(source, project.id, "postgresql+psycopg://kickoff@127.0.0.1:1/kickoff", password="p")
    finally:
        source.close()
    text = caught.value.text("ja")
    assert "postgresql+psycopg://kickoff:***@127.0.0.1:1/kickoff" in text and "計画" in text, text


def test_drafts_kept_under_the_query_password_come_back(tmp_path: Path, monkeypatch) -> None:
    import hashlib

    from app.core import paths
    from app.hearing.drafts_file import drafts_folder, read_drafts

    monkeypatch.setenv("MLOPS_KICKOFF_HOME", str(tmp_path))
    url = "postgresql+psycopg://kickoff@db.example.com/kickoff?password=s3cret"
    old = paths.drafts_dir() / hashlib.sha256(url.encode("utf-8")).hexdigest()[:24]  # as an older version named it
    old.mkdir(parents=True)
    (old / "window.json").write_text(json.dumps({"format": "mlops-kickoff-drafts", "version": 1, "database": url, "drafts": [
        {"project_id": 1, "project_uuid": "u-1", "item_id": "hearing.basics.background", "fields": {"value": "背景"}, "error": ""}]}),
        encoding="utf-8")  # fmt: skip
    folder = drafts_folder(url)
    assert folder != old and not old.exists()
    assert [d.fields for d in read_drafts(folder / "window.json")] == [{"value": "背景"}]

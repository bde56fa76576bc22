"""fix38a: the sibling paths of breaker38a's defects.

- hide_passwords reads the password where SQLAlchemy does when the URL parses: a user holding ``%3A`` and no
  password keeps its name; a URL that does not parse is still hidden by the text rule.
- hide_urls keeps a rendering named_database gave (decoded) as it is, and hides any other URL's password.
- an unreachable server named as libpq tried it: a host= list, a socket folder with the URL's port.
- the database's identity and its older names: drafts kept with the password in the URL and drafts kept
  without it both come back (the second folder's files moved into the first); a copy to the same database
  typed without its password is refused as the same database.
- a wiki paragraph: several blank lines (spaces on them) part two paragraphs once; single breaks stay.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import markdown
import pytest

from app.core.errors import UserError
from app.core.storage.db import Database
from app.core.storage.url_text import hide_passwords, older_identities, shown_url, url_identity
from app.environment import wiki_markdown
from app.projects.database_copy import hide_urls


@pytest.mark.parametrize(("url", "shown"), [
    ("postgresql+psycopg://kick%3Aoff@db/k", "postgresql+psycopg://kick%3Aoff@db/k"),
    ("postgresql+psycopg://kickoff@db/team%402024", "postgresql+psycopg://kickoff@db/team%402024"),
    ("postgresql+psycopg://kick%3Aoff:pw@db/k", "postgresql+psycopg://kick%3Aoff:***@db/k"),
    ("postgresql+psycopg://kickoff:p@ss@db:5432a/k", "postgresql+psycopg://kickoff:***@db:5432a/k"),  # does not parse
])  # fmt: skip
def test_hide_passwords_hides_no_user_name_where_sqlalchemy_reads_no_password(url: str, shown: str) -> None:
    assert hide_passwords(url) == shown


def test_hide_urls_keeps_a_named_rendering_and_hides_any_other_url() -> None:
    named = "postgresql+psycopg://kick:off@db/team@2024"  # named_database's: decoded, no password
    line = f"cannot copy to {named}: driver said postgresql+psycopg://kickoff:s3cret@other/k"
    assert hide_urls(line, named=(named,)) == f"cannot copy to {named}: driver said postgresql+psycopg://kickoff:***@other/k"


@pytest.mark.parametrize(("url", "said"), [
    ("postgresql+psycopg://kickoff@/kickoff?host=127.0.0.1:1&host=127.0.0.1:2", "127.0.0.1:1、127.0.0.1:2"),
    ("postgresql+psycopg://kickoff@127.0.0.1:1/kickoff?host=/nonexistent/q", "/nonexistent/q/.s.PGSQL.1"),
    ("postgresql+psycopg://kickoff@/kickoff?host=/nonexistent/a,/nonexistent/b", "/nonexistent/a/.s.PGSQL.5432、/nonexistent/b/.s.PGSQL.5432"),
])  # fmt: skip
def test_an_unreachable_server_is_named_as_libpq_tried_it(url: str, said: str) -> None:
    with pytest.raises(UserError) as caught:
        Database(url)
    text = caught.value.text("ja")
    assert said in text and "localhost" not in text and "URL にホストがない" not in text, text


def test_the_identity_is_the_same_with_or_without_a_password() -> None:
    with_password = "postgresql+psycopg://kickoff:s3cret@db/k"
    assert url_identity(with_password) == url_identity("postgresql+psycopg://kickoff@db/k") == "postgresql+psycopg://kickoff@db/k"
    assert shown_url(with_password) == "postgresql+psycopg://kickoff:***@db/k"  # shown: a password is held
    assert "postgresql+psycopg://kickoff:***@db/k" in older_identities("postgresql+psycopg://kickoff@db/k")


def test_drafts_kept_with_and_without_the_password_both_come_back(tmp_path: Path, monkeypatch) -> None:
    from app.core import paths
    from app.hearing.drafts_file import drafts_folder

    monkeypatch.setenv("MLOPS_KICKOFF_HOME", str(tmp_path))

    def named(identity: str) -> Path:  # as fix37c named the folders
        return paths.drafts_dir() / hashlib.sha256(identity.encode("utf-8")).hexdigest()[:24]

    kept_with = named("postgresql+psycopg://kickoff:***@db/k")
    kept_without = named("postgresql+psycopg://kickoff@db/k")
    for folder, name in ((kept_with, "a.json"), (kept_without, "b.json")):
        folder.mkdir(parents=True)
        (folder / name).write_text("{}", encoding="utf-8")
    folder = drafts_folder("postgresql+psycopg://kickoff@db/k")
    assert sorted(p.name for p in folder.glob("*.json")) == ["a.json", "b.json"]
    assert drafts_folder("postgresql+psycopg://kickoff:n3w@db/k") == folder


def test_a_copy_to_the_same_database_without_its_password_is_refused_as_the_same() -> None:
    from app.projects.database_copy import _same_database

    assert _same_database("postgresql+psycopg://kickoff@db/k", "postgresql+psycopg://kickoff:s3cret@db/k")
    assert not _same_database("postgresql+psycopg://kickoff@db/k", "postgresql+psycopg://kickoff@db/other")


def test_a_wiki_paragraph_breaks_once_for_several_blank_lines() -> None:
    written = wiki_markdown.paragraph("一行目\n二行目\n\n \n\u3000\n三段落目\n")
    assert written == "一行目  \n二行目\n\n三段落目"
    assert markdown.markdown(written) == "<p>一行目<br />\n二行目</p>\n<p>三段落目</p>"

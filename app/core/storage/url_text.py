"""A database URL as it may be shown or kept: every password in it hidden, whether the URL parses or not.

A password can be in two places of a server's URL: after the user name (``user:PASSWORD@host``), where
a generated one may hold ``/``, ``@`` or ``:`` typed as they are (SQLAlchemy then reads the rest as the
host, or fails on the port), and in the query (``?password=…``, ``?sslpassword=…``, any case: libpq's
keys). :func:`hide_passwords` hides both in any text of a URL; :func:`url_secrets` lists them for a driver's
line that may repeat one; :func:`url_identity` is the database's identity, the same whatever its password.
"""

from __future__ import annotations

import hashlib
import re

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

# Query parameters of a server URL that hold a secret (libpq's): shown as *** like the password.
SECRET_QUERY_KEYS = frozenset({"password", "sslpassword"})

_QUERY_SECRET = re.compile(r"([?&;](?:ssl)?password=)[^&#]*", re.IGNORECASE)
# scheme://USER:PASSWORD@: the user as SQLAlchemy reads it (no ':' nor '/'); the password runs to the
# last '@' (a password holding '@' or '/' typed as it is: hiding more than the password is safe, less is not)
_USERINFO = re.compile(r"(://[^:/]*:).*@", re.DOTALL)


def hide_passwords(value: str) -> str:
    """The text of a URL as typed (percent-encoded; it may not parse) with its password and its query's secrets
    as ``***``. Where it parses, SQLAlchemy's reading (``URL.password``) says whether a password follows the user
    name: none, and nothing of its user, host or database is hidden (a ``@`` typed in the database's name, a user
    holding ``%3A``); one, or a URL that does not parse, and the text rule hides to the last ``@``.

    Never for a decoded rendering (:func:`app.core.storage.errors.named_database`'s): a ``:`` or ``@`` decoded
    there reads as a password's bounds that are none."""
    hidden = _QUERY_SECRET.sub(r"\1***", value)
    try:
        parsed = make_url(value)
    except (ArgumentError, ValueError):
        parsed = None
    if parsed is not None and parsed.password is None and "@" not in (parsed.host or ""):
        return hidden
    last = hidden.rfind("@")  # (.*@ reaches the last: tried from each ://, a text of many without one took the square of its length)
    return hidden if last < 0 else _USERINFO.sub(r"\1***@", hidden[: last + 1], count=1) + hidden[last + 1 :]


def secret_query_keys(url: URL) -> list[str]:
    """The keys of ``url``'s query that hold a password (``password``, ``SSLPassword``…)."""
    return [key for key in url.query if key.lower() in SECRET_QUERY_KEYS]


def url_secrets(url: str | None) -> list[str]:
    """The passwords a URL holds (its user's, its query's), longest first: never to be shown."""
    if not url:
        return []
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        return []
    found = {parsed.password} if parsed.password else set()
    for key in secret_query_keys(parsed):
        value = parsed.query[key]
        found |= {value} if isinstance(value, str) else set(value)
    return sorted((str(s) for s in found if s), key=lambda s: (-len(s), s))


def hide_secrets(text: str, url: str | None) -> str:
    """``text`` (a driver's line) without the passwords of ``url``, should the driver ever repeat one."""
    for secret in url_secrets(url):
        text = text.replace(secret, "***")
    return text


def shown_url(url: str) -> str:
    """The URL without its passwords, percent-encoded as SQLAlchemy writes it: its user's password as ``***``
    where it holds one, its query's secrets left out. Not the database's identity (:func:`url_identity`: the
    same whether it holds a password or not); messages name a database by
    :func:`app.core.storage.errors.named_database`."""
    return _identity(url, with_password=None, query_secrets=False)


def url_identity(url: str) -> str:
    """The database's identity (its drafts folder is named after it): the URL percent-encoded as SQLAlchemy
    writes it without any password, the same whatever the password and whether it holds one at all (a password
    moved to ~/.pgpass, or typed apart, leaves the same database)."""
    return _identity(url, with_password=False, query_secrets=False)


def _identity(url: str, *, with_password: bool | None, query_secrets: bool) -> str:
    """The URL as an identity: ``with_password`` True: the user's password as ``***`` (held or not), False: none,
    None: as the URL has it; ``query_secrets``: its query's secrets kept as typed. Not parsed: its text, hidden."""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        return hide_passwords(url)
    if not query_secrets and (keys := secret_query_keys(parsed)):
        parsed = parsed.difference_update_query(keys)
    if with_password is not None:
        parsed = parsed._replace(password="***" if with_password and parsed.username is not None else None)  # set() skips None
    return parsed.render_as_string(hide_password=True)


def older_identities(url: str) -> list[str]:
    """The identities older versions gave the database at ``url`` (its drafts folders' names), the newest first:
    the URL with its user's password hidden only when it held one (fix37c), or with, or without one (the same
    database once the password moved to ~/.pgpass), each with its query's secrets (before fix37c) or not."""
    found = [_identity(url, with_password=password, query_secrets=query)
             for query in (False, True) for password in (None, True, False)]
    current = url_identity(url)
    return [name for index, name in enumerate(found) if name != current and name not in found[:index]]


def drafts_folder_name(database_url: str) -> str:
    """The name of the drafts folder of the database at ``database_url`` (in the data folder's ``drafts``):
    after its identity (:func:`url_identity`), so a password moved or typed apart leaves the same folder."""
    return identity_folder_name(url_identity(database_url))


def identity_folder_name(identity: str) -> str:
    return hashlib.sha256(identity.encode("utf-8")).hexdigest()[:24]

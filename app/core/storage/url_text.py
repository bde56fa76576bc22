"""A database URL as it may be shown or kept: every password in it hidden, whether the URL parses or not.

A password can be in two places of a server's URL: after the user name (``user:PASSWORD@host``), where
a generated one may hold ``/``, ``@`` or ``:`` typed as they are (SQLAlchemy then reads the rest as the
host, or fails on the port), and in the query (``?password=…``, ``?sslpassword=…``, any case: libpq's
keys). :func:`hide_passwords` hides both in any text of a URL; :func:`url_secrets` lists them for a driver's
line that may repeat one; :func:`shown_url` is the database's identity, the same whatever its password.
"""

from __future__ import annotations

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
    """The text of a URL (that may not parse) with its password and its query's secrets as ``***``."""
    hidden = _QUERY_SECRET.sub(r"\1***", value)
    return _USERINFO.sub(r"\1***@", hidden, count=1)


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
    """The URL without its password, percent-encoded as SQLAlchemy writes it: the database's identity
    (its drafts folder is named after it), the same whatever the password (in the URL or its query).
    Messages name a database by :func:`app.core.storage.errors.named_database`."""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        return hide_passwords(url)
    if keys := secret_query_keys(parsed):
        parsed = parsed.difference_update_query(keys)
    return parsed.render_as_string(hide_password=True)

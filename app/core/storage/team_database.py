"""The team database typed in Settings: a URL the app can open later, checked now without connecting.

``resolve_database_url`` reads a URL as SQLAlchemy does and refuses a kind of database or a driver
the app cannot use. A URL typed for the next start is checked further here, each problem said in
one line naming the field and quoting what was typed: a URL SQLAlchemy cannot read (a space in
it), a port that is no number or out of range, no server named, a control character, a password
after the user name or in the query (kept out of the plain-text settings). What is quoted back has
every password hidden (:func:`app.core.storage.url_text.hide_passwords`).
"""

from __future__ import annotations

import re

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from app.core.errors import FieldRefused, UserError
from app.core.storage.db import resolve_database_url
from app.core.storage.errors import MAX_PORT
from app.core.storage.url_text import hide_passwords, secret_query_keys

# The port between the server name and the database of a URL (scheme://user:password@host:PORT/db):
# what SQLAlchemy turns into a number (a ValueError when it is none). Read as SQLAlchemy reads it: the
# user ends at ':' or '/', the password at the first '@' (a '/' in it is the password's, not the path's).
_PORT = re.compile(r"^[^:/]*://(?:[^:/]*(?::[^@]*)?@)?(?:\[[^/?]+\]|[^/:?]+)?:([^/?]*)")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def check_team_database(text: str, field: object) -> None:
    """Raise a :class:`UserError` when ``text`` (not empty) cannot be the database of the next start.

    ``field`` is what the user calls the field (its label), named in each message.
    """
    safe = hide_passwords(text)  # a password typed is never shown back (in the URL or its query)
    if "://" not in text:
        raise UserError(key="settings.database_not_url")
    if _CONTROL.search(text):
        raise FieldRefused(field, safe, key="team_db.control")
    url = _parsed(text, safe, field)
    if url.password or secret_query_keys(url):  # ?password=, ?sslpassword= (any case): libpq's keys
        raise UserError(key="settings.database_password")
    if url.get_backend_name() != "sqlite":
        host = url.host or ""
        if not host.strip() and not {"service", "host", "hostaddr"} & set(url.query):  # libpq's service file or socket
            raise FieldRefused(field, safe, key="team_db.no_host")
        if any(ch.isspace() for ch in host) or "@" in host:
            raise FieldRefused(field, safe, key="team_db.unreadable")
        if url.port is not None and not 1 <= url.port <= MAX_PORT:
            raise FieldRefused(field, safe, key="team_db.port", port=str(url.port), high=str(MAX_PORT))
    resolve_database_url(text)  # a kind of database or a driver the app cannot use: said by the core as for --db


def _parsed(text: str, safe: str, field: object) -> URL:
    try:
        return make_url(text)
    except ArgumentError:  # "Could not parse SQLAlchemy URL from given URL string": a space, a stray character
        raise FieldRefused(field, safe, key="team_db.unreadable") from None
    except ValueError:  # the port is not a number (int() of what follows the server name)
        match = _PORT.match(text)
        if match is None or not match.group(1):  # no port after the colon: a stray colon
            raise FieldRefused(field, safe, key="team_db.unreadable") from None
        raise FieldRefused(field, safe, key="team_db.port", port=match.group(1), high=str(MAX_PORT)) from None

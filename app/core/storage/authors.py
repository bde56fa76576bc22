"""Who makes a change: the author recorded with answer history entries and WBS task edits.

The author travels with the unit of work, not in a global: an operation stamps its transaction's
session with the workspace's author (:func:`authored`), and the services that write history or a
task read it back from the session they write with (:func:`author_of`). A write outside an
operation records no author.

The window's author is Settings > author name; the CLI's is ``MLOPS_KICKOFF_AUTHOR`` when set,
else the OS user (:func:`default_author`).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.core.workspace import Workspace

AUTHOR_ENV = "MLOPS_KICKOFF_AUTHOR"
AUTHOR_CHARS = 200  # the columns' width
_KEY = "author"


def os_user() -> str:
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # no login name (a service account, a container): no author
        return ""


def clean_author(name: str | None) -> str:
    """One line, at most the column's width."""
    return " ".join(str(name or "").split())[:AUTHOR_CHARS]


def default_author() -> str:
    """The author of a command: ``MLOPS_KICKOFF_AUTHOR`` when set (not blank), else the OS user."""
    return clean_author(os.environ.get(AUTHOR_ENV, "").strip() or os_user())


@contextmanager
def authored(ws: Workspace) -> Iterator[Session]:
    """``ws.db.transaction()`` carrying ``ws.author`` for the writes inside it (the outermost
    operation's author wins when operations nest)."""
    with ws.db.transaction() as session:
        session.info.setdefault(_KEY, clean_author(ws.author))
        yield session


def author_of(session: Session) -> str | None:
    """The author the session's operation carries (None: not known, shown as nothing)."""
    return session.info.get(_KEY) or None

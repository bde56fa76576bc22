"""Copying a project with its history into another database (File ▸ Copy Project To…, ``project copy --to``).

The copy goes through the project file's own path (app/projects/transfer.py: :func:`export_data`
then :func:`import_data`), which carries everything a project holds: the project's fields, its
hearing sessions, every answer with its follow-up and its whole history, the documents and the
features' parts (the WBS: tasks, parents, links), each with its timestamps; the caps a file from
outside is held to do not apply (a project of any size the app let it grow to is copied). Company holidays are
the workspace's, not the project's, and stay behind. Names follow the import's rule: a name the
target already has gets the next free number ("Plan (2)"); the project's UUID is kept unless the
target already has it.

The target is a SQLite file path (created and migrated when missing) or an SQLAlchemy URL
(``postgresql+psycopg://user@host/db``); a file's name must be of visible characters
(:func:`refuse_unseen_target`), and its path is shown with any invisible character escaped. A path is
that very file (``%41`` in its name stays ``%41``); one naming an existing database by another spelling
of its name (decomposed, as macOS writes it) copies into that database, as if typed as it is spelled
(:func:`app.core.storage.db.resolve_database_url`), never into a second file that looks the same. Everything is written in one transaction on the target;
on any failure nothing is written there (a SQLite file this copy created is removed again).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from app.core.errors import UserError
from app.core.files.probe import refuse_nul, refuse_unseen_name
from app.core.files.visible_text import printable_name
from app.core.messages import DONE, Message
from app.core.paths import database_file
from app.core.storage.db import Database, resolve_database_url
from app.core.storage.errors import named_database
from app.core.storage.url_text import hide_passwords, url_identity
from app.projects.transfer import (
    ChangedHere,
    changed_here,
    check_data,
    export_data,
    held_source,
    insert_checked,
)

if TYPE_CHECKING:
    from collections.abc import Iterable

    from app.core.content.loader import ContentLibrary


# a URL in a line of text: its scheme to the next white space (a message's spaced words around it). Looked for from the
# first letter of a word only: from each letter, a long word without :// took the square of its length (a typed name).
_URL_IN_TEXT = re.compile(r"(?<![\w+])[\w+]+://\S*")
_LINE_BREAKS = re.compile(r"(?<!\s)\s*\n\s*")  # with the spaces around (from a run's first: linear, as above)


def hide_urls(text: str, named: Iterable[str] = ()) -> str:
    """``text`` with every URL in it shown without its passwords (:func:`hide_passwords`): only the
    password parts, so a password that is also the user's or the database's name (or a letter of the
    scheme) hides nothing else of the line, and so tells nothing. The ``named`` renderings of a URL
    (:func:`named_database`'s: decoded, their password already ``***``) stay as they are: the text rule would
    read a ``@`` decoded in a database's name as the password's end, a ``:`` in a user's as its start."""
    kept = sorted({name for name in named if "://" in name}, key=len, reverse=True)
    parts = re.split("(" + "|".join(re.escape(name) for name in kept) + ")", text) if kept else [text]
    return "".join(part if index % 2 else _URL_IN_TEXT.sub(lambda match: hide_passwords(match.group(0)), part)
                   for index, part in enumerate(parts))


class ProjectCopyFailed(UserError):
    """The copy to another database was refused or failed; nothing was written there.

    Always one line, and never with the password: the target is named by :func:`named_database`, a
    driver's words were stripped of the URL's passwords where they were read (:func:`storage_error`
    with the URL), and any URL left in the line is shown without its passwords all the same.
    """

    def __init__(self, *, key: str, **params: Any) -> None:
        super().__init__(key=key, **params)
        self.message = self._clean(self.message)

    def _clean(self, text: str) -> str:  # the target (its name in the line) as named, any other URL swept
        return hide_urls(_LINE_BREAKS.sub(" ", text).strip(), named=(str(self.params.get("target", "")),))

    def __str__(self) -> str:  # overrides UserError.__str__ (the English line, for logs)
        return self.message

    def text(self, lang: str, library: ContentLibrary | None = None) -> str:  # overrides UserError.text
        return self._clean(super().text(lang, library))


@dataclass(frozen=True)
class CopiedProject:
    """The new project in the target: its id and name there, and the target as it may be shown."""

    id: int
    name: str
    where: str
    changed: ChangedHere | None = None  # the project was there already and changed there since: copied beside it

    def said(self) -> Message | None:
        """What the copy says beside its new id when the project was there already, changed there since (as
        ``project import`` says a file older than its project here): a new project beside it, that one unchanged."""
        if self.changed is None:
            return None
        return Message(key="project_copy.copied_beside", changed=self.changed.message(target=self.where), name=self.name)


def target_url(to: str, password: str = "") -> str:
    """The target's URL: a file path becomes a SQLite URL; a ``password`` given apart goes into the URL.

    Bad input (not a URL, an unknown kind of database, a folder) raises :class:`UserError`.
    """
    to = to.strip()
    if not to:
        raise UserError(key="project_copy.no_target")
    url = resolve_database_url(to)
    if password:
        try:
            parsed = make_url(url)
        except ArgumentError:
            raise UserError(key="db.not_a_url", value=named_database(url)) from None
        if parsed.get_backend_name() != "sqlite":
            url = parsed.set(password=password).render_as_string(hide_password=False)
    return url


def refuse_unseen_target(to: str) -> None:
    """Refuse (one line, before the target is touched) a SQLite file to copy into whose path holds NUL or
    whose name a character that cannot be seen (ESC, a zero-width space, a right-to-left override pasted
    from a chat): :func:`app.core.files.probe.refuse_unseen_name`, the rule ``project copy --to`` is
    held to on the command line as well; a ``sqlite:///`` URL's file read as opening it reads it (``%1b``
    is ESC). A server's URL names no file."""
    to = to.strip()
    refuse_nul(to)
    file = database_file(to)
    if file is not None:
        refuse_unseen_name(file)


def _same_database(a: str, b: str) -> bool:
    left, right = make_url(a), make_url(b)
    if left.get_backend_name() == right.get_backend_name() == "sqlite":
        return bool(left.database) and bool(right.database) and Path(left.database or "").resolve() == Path(right.database or "").resolve()
    return url_identity(a) == url_identity(b)  # the same database whatever its password, held in the URL or not


def copy_project(source: Database, project_id: int, target: Database) -> int:
    """Copy the project ``project_id`` of ``source`` into ``target`` in one transaction; return the new id."""
    return _copy(source, project_id, target)[0]


def _copy(source: Database, project_id: int, target: Database) -> tuple[int, ChangedHere | None]:
    """:func:`copy_project`, and whether the project was in ``target`` already, changed there since the version
    copied (:func:`app.projects.transfer.changed_here`, as ``project import`` asks of a file). The windows open
    on the target hear of the new project as of any other (PostgreSQL: the notice an operation sends)."""
    from app.core.operations import Part
    from app.core.storage.live import announce

    data = export_data(source, project_id)
    with target.transaction():
        # The source's data: a refusal says what is damaged in the project (StoredDataDamaged), never the target.
        parsed = check_data(data, source=held_source(data), held=True)  # however large the app let it grow
        changed = changed_here(target, parsed)
        new_id = insert_checked(target, parsed, source=held_source(data), held=True)
        announce(target, -1, {Part.PROJECT})  # (with the commit, as app.core.operations.run sends it; SQLite windows poll)
    return new_id, changed


def copy_to(source: Database, project_id: int, to: str, password: str = "") -> CopiedProject:
    """Open the database ``to`` (with ``password`` when given apart), copy the project into it, close it.

    Refusals and failures raise :class:`ProjectCopyFailed` naming the project and the target
    (without its password); nothing is written to the target then.
    """
    from app.core.projects import ProjectService
    from app.core.storage.errors import storage_error

    try:
        name = ProjectService(source).get(project_id).name  # an unknown project: refused before the target is touched
    except UserError:
        raise
    except Exception as exc:  # the source's server went away: its one line, not a traceback
        known = storage_error(exc)
        if known is None:
            raise
        raise known from None
    where = printable_name(hide_passwords(to.strip()))  # the path as typed, an invisible character in it shown
    url: str | None = None
    try:
        refuse_unseen_target(to)
        url = target_url(to, password)
        # the file by its own name: a path's %41 as typed, another spelling of an existing file's name as that file's
        where = named_database(url) if "://" in to else printable_name(named_database(url))
        if _same_database(url, source.url):
            raise UserError(key="project_copy.same_database")
        parsed = make_url(url)
        created: Path | None = None
        if parsed.get_backend_name() == "sqlite" and parsed.database:
            path = Path(parsed.database)
            created = None if path.exists() else path
        steps_before = len(DONE)
        try:
            target = Database(url)
            try:
                new_id, changed = _copy(source, project_id, target)
                new_name = ProjectService(target).get(new_id).name
            finally:
                target.close()
        except BaseException:
            if created is not None and len(DONE) == steps_before:  # the file this copy made holds nothing of the user's
                for leftover in (created, Path(f"{created}-wal"), Path(f"{created}-shm"), Path(f"{created}-journal")):
                    leftover.unlink(missing_ok=True)
            raise
    except UserError as exc:
        raise ProjectCopyFailed(key="project_copy.failed", project=name, target=where, problem=exc) from None
    except Exception as exc:
        known = storage_error(exc, url)  # a driver's words without the target's passwords
        if known is None:
            raise
        raise ProjectCopyFailed(key="project_copy.failed", project=name, target=where, problem=known) from None
    return CopiedProject(id=new_id, name=new_name, where=where, changed=changed)

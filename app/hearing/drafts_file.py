"""Drafts kept on disk, so that what was typed for an item and could not be saved yet (a range in a
number field, a word in a number cell) survives a crash or a killed window.

A draft is local, unsaved input, not project data: it never goes into the database. The drafts of
one database live in the data folder's ``drafts/<database>`` folder (named after the database's
identity: its URL, every password hidden), one small JSON file per window (the window that starts next
takes over the file of a window that is gone: app/ui/hearing/drafts.py), each draft by project (id
and uuid, so another project that took the id is never shown someone else's typing; and its name, to
say which project a draft was typed in once that project is deleted) and item, with why it was
not saved: its text and, for a core error, the error as data (its message id and parameters,
app/core/errors.py error_as_json), so that a window in the other language says it in its own. A
file is written atomically when its drafts change and removed when none is left. A file too large
to be drafts (:data:`MAX_FILE_BYTES`) or unreadable is not loaded and never overwritten: it is
moved aside and the caller says so.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.core import paths
from app.core.errors import UserError
from app.core.files.atomic import os_reason, write_text
from app.core.storage.data_folder import move_drafts
from app.core.storage.url_text import identity_folder_name, older_identities, url_identity

if TYPE_CHECKING:
    from app.core.content.model import Item

log = logging.getLogger(__name__)

FORMAT = "mlops-kickoff-drafts"
VERSION = 1
# A draft is what one item's editor holds: a table of at most 1,000 rows, texts of at most
# 100,000 characters (a longer one is a draft too, refused by the save: a paste of megabytes is kept too).
# Far more is no drafts file; the writer never writes more than the reader takes (said, kept in the window).
MAX_FILE_BYTES = 128 * 1024 * 1024


class NotADraftsFile(ValueError):
    """What is read is no drafts file this version writes: the reason goes to the log only."""


@dataclass(frozen=True)
class StoredDraft:
    """One item's typing as kept on disk."""

    project_id: int
    project_uuid: str
    item_id: str
    fields: dict[str, Any]  # answer fields as typed (value, later, note, answered_by, follow-up); a WBS task's fields (item "wbs:<uid>")
    error: str  # why they were not saved, in the language of the window that kept them
    base: dict[str, Any] | None = None  # the answer shown when the typing began (Answer, as JSON); the WBS task's values shown
    project_name: str = ""  # the project's name when the draft was kept ("": not known, or kept by an older version)
    # The error ``error`` says, as data (app/core/errors.py error_as_json), said again in the language of
    # the window that reads it (None: an error of another kind, or kept by an older version: ``error`` is shown).
    cause: dict[str, Any] | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False)  # read, not understood: kept
    # The order its edits were kept waiting in by a busy database, by field ("": the whole draft, an answer): the next
    # window saves the edits it takes over in that order (app/ui/window/waiting_steps.py WaitingEdits). {}: none known.
    turns: dict[str, int] = field(default_factory=dict)


class DraftsTooLarge(UserError):
    """The drafts are more than a drafts file holds (``size``, ``most``: megabytes): kept in the window only."""


class DraftsUnreadable(UserError):
    """The drafts file could not be read (``path``: where it was moved aside; the reason is logged)."""


def drafts_folder(database_url: str) -> Path:
    """The folder of the drafts files of the database at ``database_url``, the same whatever its password,
    held or not (:func:`url_identity`).

    Drafts older versions kept in folders named after the database's older identities
    (:func:`app.core.storage.url_text.older_identities`: with its query's password, or named apart whether the
    URL held a password) are moved to it, so what was typed then comes back once the password moves to
    ~/.pgpass (and its files, rewritten by the window that takes them over, no longer hold the password).
    """
    folder = _named_after(database_identity(database_url))
    for legacy in (_named_after(identity) for identity in older_identities(database_url)):
        if legacy.is_dir():
            move_drafts(legacy, folder)
    return folder


def _named_after(identity: str) -> Path:
    return paths.drafts_dir() / identity_folder_name(identity)


def database_identity(database_url: str) -> str:
    """The database as its drafts name it: its URL without any password, held or not (:func:`url_identity`)."""
    return url_identity(database_url)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return str(value)


def write_drafts(path: Path, database_url: str, drafts: list[StoredDraft]) -> None:
    """Keep ``drafts`` in ``path`` (removed when there is none); UserError when it cannot be written."""
    try:
        _write_drafts(path, database_url, drafts)
    except OSError as exc:
        raise UserError(key="drafts.not_kept", folder=_shown_folder(path), reason=os_reason(exc)) from None
    except DraftsTooLarge:
        raise
    except UserError as exc:  # said by the drafts folder the user can free space in, never the window's own file
        raise UserError(key="drafts.not_kept", folder=_shown_folder(path), reason=exc.params.get("reason") or exc) from None


def _shown_folder(path: Path) -> Path:
    """The folder the user is told a drafts file is in: the data folder's drafts folder (its files and their
    folders are named by hashes, nothing to read), else the file's own folder."""
    top = paths.drafts_dir()
    return top if path.is_relative_to(top) else path.parent


def _write_drafts(path: Path, database_url: str, drafts: list[StoredDraft]) -> None:
    if not drafts:
        path.unlink(missing_ok=True)
        return
    document: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "database": database_identity(database_url),
        "drafts": [
            {**d.extra, "project_id": d.project_id, "project_uuid": d.project_uuid, "item_id": d.item_id,
             "fields": d.fields, "error": d.error, "cause": d.cause, "base": d.base, "project_name": d.project_name,
             **({"turns": d.turns} if d.turns else {})}  # fmt: skip
            for d in drafts
        ],
    }
    text = json.dumps(document, ensure_ascii=False, default=_jsonable)
    if len(text.encode("utf-8")) > MAX_FILE_BYTES:  # what was shown when typing began goes first
        document["drafts"] = [{**d, "base": None} for d in document["drafts"]]
        text = json.dumps(document, ensure_ascii=False, default=_jsonable)
        size = len(text.encode("utf-8"))
        if size > MAX_FILE_BYTES:  # never a file the next start would refuse: the file as it was stays
            raise DraftsTooLarge(key="drafts.too_large", size=-(-size // 2**20), most=MAX_FILE_BYTES // 2**20)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text(path, text)


def read_drafts(path: Path) -> list[StoredDraft]:
    """The drafts kept in ``path`` (none when there is no file). A file that is too large or not
    drafts is moved aside, never read again nor overwritten: DraftsUnreadable says where it went.
    A damaged entry in a good file is left out (logged)."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return []
    except OSError as exc:
        log.warning("drafts file %s not read: %s", path, exc)
        raise DraftsUnreadable(key="drafts.unreadable", path=path) from None
    try:
        if size > MAX_FILE_BYTES:
            raise NotADraftsFile(f"{size:,} bytes (at most {MAX_FILE_BYTES:,})")
        document = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(document, dict) or document.get("format") != FORMAT or not isinstance(document.get("drafts"), list):
            raise NotADraftsFile("not a drafts file")
        if not isinstance(document.get("version"), int) or document["version"] > VERSION:
            raise NotADraftsFile(f"version {document.get('version')!r}")
    except (OSError, ValueError, RecursionError) as exc:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        aside = _move_aside(path)
        log.warning("drafts file %s not read (%s): moved to %s", path, exc, aside)
        raise DraftsUnreadable(key="drafts.unreadable", path=aside) from None  # the reason is in the log
    drafts: list[StoredDraft] = []
    for n, entry in enumerate(document["drafts"]):
        draft = _draft(entry)
        if draft is None:
            log.warning("drafts file %s: entry %d is not a draft, left out", path, n)
        else:
            drafts.append(draft)
    return drafts


def _draft(entry: Any) -> StoredDraft | None:
    if not isinstance(entry, dict):
        return None
    project_id, uuid, item_id = entry.get("project_id"), entry.get("project_uuid"), entry.get("item_id")
    fields, error, base = entry.get("fields"), entry.get("error", ""), entry.get("base")
    if not (isinstance(project_id, int) and not isinstance(project_id, bool) and isinstance(uuid, str)
            and isinstance(item_id, str) and item_id and isinstance(fields, dict) and fields
            and all(isinstance(k, str) for k in fields) and isinstance(error, str)):  # fmt: skip
        return None
    name, cause, turns = entry.get("project_name"), entry.get("cause"), entry.get("turns")
    known = {"project_id", "project_uuid", "item_id", "fields", "error", "cause", "base", "project_name", "turns"}
    extra = {k: v for k, v in entry.items() if k not in known}
    turns = {k: v for k, v in turns.items() if isinstance(k, str) and type(v) is int} if isinstance(turns, dict) else {}
    return StoredDraft(project_id, uuid, item_id, fields, error, base if isinstance(base, dict) else None,
                       project_name=name if isinstance(name, str) else "", cause=cause if isinstance(cause, dict) else None,
                       extra=extra, turns=turns)  # fmt: skip


def turns_before_ours(turns: dict[tuple[int, str], dict[str, int]]) -> dict[tuple[int, str], dict[str, int]]:
    """The turns (:attr:`StoredDraft.turns`, by draft) of the edits a window takes over from windows gone, made before
    its own (from 1): -n to -1, in the order kept; a draft's fields typed one after another with nothing between
    share one turn (saved as one edit, as before)."""
    ranked: dict[tuple[tuple[int, str], int], int] = {}
    at, last = 0, None
    for turn, key in sorted((t, key) for key, kept in turns.items() for t in kept.values()):
        at, last = at + (key != last), key
        ranked[(key, turn)] = at
    return {key: {n: ranked[(key, t)] - at - 1 for n, t in kept.items()} for key, kept in turns.items()}


def _move_aside(path: Path) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.name}.unreadable-{stamp}")  # no longer a *.json: never read again
    try:
        path.replace(aside)
    except OSError:
        return path  # it stays where it was (a folder that refuses a rename refuses the next write too)
    return aside


# --- what was typed, as the editors give it ----------------------------------------------------------


def as_text(value: Any) -> str:
    """``value`` as one text, for a text field that cannot show it as it is: lists and fields as JSON."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return json.dumps(value, ensure_ascii=False, default=str)


def typed_changes(item: Item | None, key: str, stored: Any, typed: Any) -> bool:
    """Whether ``typed`` (as an editor gives it: "2" for the number 2) changes the answer's field ``key``
    stored as ``stored`` (a value that does not fit the item changes it)."""
    from app.hearing.model import normalize_value

    if key in ("value", "later") and item is not None:
        try:
            typed = normalize_value(item, typed)
        except UserError:
            return True
    return bool(stored != typed)

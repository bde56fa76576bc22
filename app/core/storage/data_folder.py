"""Moving the data folder (Settings ▸ Data folder): asked for now, done at the next start.

The database is open while the app runs, so a move is recorded (:func:`request_move`) and done by
:func:`apply_pending_move` at the next start of the window, before the database opens: the
database is copied with SQLite's backup API (a consistent copy), the user's folders (own
checklists, templates, backups, logs) are copied beside it, the copy is checked, and only then is
the new folder recorded for :func:`app.core.paths.data_dir`. The old folder is left as it was, so
nothing is lost when anything fails; a failed move leaves the app on the old folder and says why, and
removes what it made at the target (a half copy on a stick too full for it), never what was there.
A folder holding a file the copy would write over, or the journal (-wal / -shm) of a database no longer
there, is refused before anything is copied, naming them (:func:`check_clashes`).
With ``MLOPS_KICKOFF_HOME`` set (tests, portable installs) there is nothing to move.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

from app.core import paths
from app.core.errors import UserError
from app.core.files.atomic import os_reason, write_bytes
from app.core.files.probe import unusable
from app.core.messages import Many, Message
from app.core.storage.errors import sqlite_reason
from app.core.storage.sqlite_copy import copy_database, hold_alone
from app.core.storage.url_text import drafts_folder_name

log = logging.getLogger(__name__)

SKIPPED = ("cache",)  # derived files, rebuilt at will
# Beside the database, files SQLite reads with it (a journal, its index) or the copy writes: in a folder
# without the database, another database's (killed, its .sqlite3 deleted) would be mixed with the one moved.
JOURNALS = ("-wal", "-shm", "-journal", ".moving", ".moving-journal", ".moving-wal", ".moving-shm")
NAMED = 5  # the files a refusal names, at most (then "…")
MAX_TRIES = 2  # a move killed half-way this many times is given up (its half copy removed, said)


def pending_file() -> Path:
    return paths.location_file().with_name("data-folder-move.txt")


def pending_move() -> Path | None:
    """The folder the data moves to at the next start, if a move was asked for."""
    try:
        text = pending_file().read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return Path(text) if text else None


def fixed_by_environment() -> bool:
    return bool(os.environ.get("MLOPS_KICKOFF_HOME"))


def check_target(target: Path) -> None:
    """Refuse a folder the data cannot move to (raises :class:`UserError`, nothing recorded): the folder
    (:func:`check_folder`) and what it holds (:func:`check_clashes`). Checked when the folder is chosen
    (Settings) and again when the move is done, before anything is copied."""
    check_folder(target)
    check_clashes(paths.data_dir(), target.expanduser())


def check_folder(target: Path) -> None:
    """Refuse a path the data cannot move to: not a whole path, inside the data folder or holding it,
    holding a database, a file, a folder the app cannot write in."""
    target = target.expanduser()
    current = paths.data_dir().resolve()
    resolved = target.resolve()
    if not target.is_absolute():
        raise UserError(key="data_folder.not_absolute", path=target)
    if resolved != current and (resolved.is_relative_to(current) or current.is_relative_to(resolved)):
        raise UserError(key="data_folder.nested", path=target)
    if (target / paths.DB_FILENAME).exists() and resolved != current:
        raise UserError(key="data_folder.has_database", path=target)
    if target.exists() and not target.is_dir():
        raise UserError(key="data_folder.not_folder", path=target)
    _check_writable(target)


def check_clashes(source: Path, target: Path) -> None:
    """Refuse a ``target`` holding files the move would write over (a file of the user's named as one of
    the data folder's, templates/proposal.md, or a folder there in the way of one) or the journal of a
    database no longer there (its -wal / -shm): each named, nothing is overwritten nor mixed."""
    if not target.is_dir() or target.resolve() == source.resolve():
        return
    stale = [paths.DB_FILENAME + end for end in JOURNALS if os.path.lexists(target / (paths.DB_FILENAME + end))]
    if stale:
        raise UserError(key="data_folder.stale_journal", path=target, files=Many(tuple(stale)))
    taken: list[str] = []
    for entry in sorted(source.iterdir()) if source.is_dir() else ():
        if entry.name in SKIPPED or entry.name.startswith(paths.DB_FILENAME):
            continue
        inside = sorted(entry.rglob("*")) if entry.is_dir() and not entry.is_symlink() else []
        for path in (entry, *inside):
            there = target / path.relative_to(source)
            if os.path.lexists(there) and not (path.is_dir() and there.is_dir() and not there.is_symlink()):
                taken.append(path.relative_to(source).as_posix())
    if taken:
        named = tuple(taken[:NAMED]) + (("…",) if len(taken) > NAMED else ())
        raise UserError(key="data_folder.would_overwrite", path=target, files=Many(named))


def _check_writable(target: Path) -> None:
    """Refuse now a folder the app could not create or write in (a read-only share, another user's
    folder, /proc): tried by making and removing a folder in it, or in the nearest folder that exists."""
    import tempfile

    existing = target
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    try:
        probe = tempfile.mkdtemp(prefix=".mlops-kickoff-probe-", dir=existing)
        os.rmdir(probe)
    except OSError as exc:
        raise UserError(key="data_folder.not_writable", path=target, reason=os_reason(exc)) from None


def request_move(target: Path | None) -> None:
    """Move the data to ``target`` at the next start (None, or the current folder: no move)."""
    if target is None or target.expanduser().resolve() == paths.data_dir().resolve():
        pending_file().unlink(missing_ok=True)
        return
    check_folder(target)  # (what it holds is checked when it is chosen, and again when the move is done)
    pending_file().parent.mkdir(parents=True, exist_ok=True)
    write_bytes(pending_file(), str(target.expanduser()).encode("utf-8"))


def progress_file() -> Path:
    """What the move being done makes at its target (:func:`not_there_yet`): there while it copies, so that
    the start after a move killed half-way (the battery ran out) removes its half copy and tries again."""
    return paths.location_file().with_name("data-folder-move-progress.json")


def interrupted() -> tuple[list[Path], int]:
    """What a move killed half-way made (to remove), and how many tries of it were killed."""
    try:
        data = json.loads(progress_file().read_text(encoding="utf-8"))
        return [Path(path) for path in data["made"]], int(data["tries"])
    except (OSError, ValueError, TypeError, KeyError):
        return [], 0


def note_progress(made: list[Path], tries: int) -> None:
    """Record what this try makes (:func:`progress_file`); a record that cannot be written is logged, never a
    stop (only a killed move's clean-up needs it)."""
    try:
        write_bytes(progress_file(), json.dumps({"made": [str(path) for path in made], "tries": tries}).encode("utf-8"))
    except OSError as exc:
        log.warning("the data-folder move's progress is not recorded: %s", exc)


def apply_pending_move() -> Message | None:
    """Do a move asked for at the last session (before the database opens); what happened, or None.

    A move that fails is tried once (a failure must not stop every start); one killed half-way is tried again
    at the next start, its half copy removed first (twice killed, it is given up); one that finds the database
    open in another window waits for the start after that window is closed, as a restore does."""
    target = pending_move()
    if target is None or fixed_by_environment():
        return None
    source = paths.data_dir()
    if target.expanduser().resolve() == source.resolve():  # done, the process ended before it could tidy up
        progress_file().unlink(missing_ok=True)
        pending_file().unlink(missing_ok=True)
        return None
    half, tries = interrupted()
    made: list[Path] = []
    try:
        if remove_made(half) is not None or tries >= MAX_TRIES:
            raise UserError(key="data_folder.move_interrupted")
        paths.check_data_dir()  # (the folder moved from gone: never an empty one moved in its place)
        check_target(target)
        made = not_there_yet(source, target)
        note_progress(made, tries + 1)
        copy_data(source, target)
        follow_drafts(source, target)
        write_bytes(paths.location_file(), str(target).encode("utf-8"))
    except (OSError, sqlite3.Error, UserError) as exc:  # said in the window (no traceback on a terminal)
        log.warning("moving the data folder to %s failed: %s", target, exc)
        left = remove_made(made)
        progress_file().unlink(missing_ok=True)
        if isinstance(exc, UserError) and exc.key == "data_folder.in_use" and left is None:
            return Message(key="data_folder.move_waits", path=target, database=source / paths.DB_FILENAME)
        pending_file().unlink(missing_ok=True)
        if left is not None:
            return Message(key="data_folder.move_failed_left", path=target, detail=move_failure(exc), reason=left)
        return Message(key="data_folder.move_failed", path=target, detail=move_failure(exc))
    progress_file().unlink(missing_ok=True)  # (first: what it lists is the data folder now)
    pending_file().unlink(missing_ok=True)
    log.info("data folder moved from %s to %s", source, target)
    return Message(key="data_folder.moved", path=target, old=source)


def not_there_yet(source: Path, target: Path) -> list[Path]:
    """What a move from ``source`` to ``target`` may make that is not there now, to remove when it fails:
    the first folder of ``target``'s path that is missing (all of it), or, ``target`` there, the paths in
    it the copy writes (the database and its partial copy, the user's folders and, merged into a folder
    there, each file they add; the drafts folder renamed). What is there already is never listed."""
    top = target
    while not top.parent.exists() and top.parent != top:
        top = top.parent
    if not top.exists():
        return [top]
    made = [target / (paths.DB_FILENAME + end) for end in ("", ".moving", ".moving-journal", ".moving-wal", ".moving-shm")]
    for entry in source.iterdir() if source.is_dir() else ():
        if entry.name in SKIPPED or entry.name.startswith(paths.DB_FILENAME):
            continue
        made.append(target / entry.name)
        if entry.is_dir() and (target / entry.name).is_dir():
            made += [target / path.relative_to(source) for path in entry.rglob("*")]
    made.append(target / paths.drafts_dir().name / drafts_folder_name(paths.sqlite_url(target / paths.DB_FILENAME)))
    return [path for path in made if not os.path.lexists(path)]


def remove_made(made: list[Path]) -> Message | str | None:
    """Remove what a failed move made (:func:`not_there_yet`); None when all of it is gone, else why not."""
    refused: Message | str | None = None
    for path in sorted(made, key=lambda p: len(p.parts)):  # a folder before what it holds
        try:
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            elif os.path.lexists(path):
                path.unlink()
        except OSError as exc:
            log.warning("left by the failed move, not removed: %s (%s)", path, exc)
            refused = refused or os_reason(exc)
    return refused


def follow_drafts(source: Path, target: Path) -> None:
    """The drafts of the database moved (typing kept, not saved yet) are in a folder named after its path:
    renamed after the path it has now, so they come back at the new place (app/hearing/drafts_file.py)."""
    drafts = target / paths.drafts_dir().name
    old = drafts / drafts_folder_name(paths.sqlite_url(source / paths.DB_FILENAME))
    new = drafts / drafts_folder_name(paths.sqlite_url(target / paths.DB_FILENAME))
    if old.is_dir() and old != new:
        move_drafts(old, new)


def move_drafts(legacy: Path, folder: Path) -> None:
    """The drafts folder ``legacy`` renamed ``folder``, or, that one there already, its drafts files moved into
    it (those of the same name there stay); a failure is logged, never a stop (the files stay where they were)."""
    try:
        if not folder.exists():
            legacy.rename(folder)
            return
        for path in legacy.glob("*.json"):
            if not (folder / path.name).exists():
                path.rename(folder / path.name)
    except OSError as exc:
        log.warning("drafts folder %s not moved to %s: %s", legacy, folder, exc)


def move_failure(exc: OSError | sqlite3.Error | UserError) -> UserError | Message | str:
    """Why a move failed, kept typed: the message shows it in the language it is shown in."""
    if isinstance(exc, UserError):
        return exc
    if isinstance(exc, OSError):
        return unusable(exc.filename, exc) if exc.filename is not None else os_reason(exc)
    return sqlite_reason(exc)


def copy_data(source: Path, target: Path) -> None:
    """Copy the database and the user's folders from ``source`` to ``target`` and check the copy: refused
    (``data_folder.in_use``, nothing made) while another window or command has the database open, which is
    kept out until the copy is done (what it saved meanwhile would be left behind in the old folder)."""
    database = source / paths.DB_FILENAME
    guard = hold_alone(database) if database.exists() else None
    if database.exists() and guard is None:
        raise UserError(key="data_folder.in_use", path=database)
    try:
        copy_held(source, target, guard)
    finally:
        if guard is not None:
            guard.close()


def copy_held(source: Path, target: Path, database: sqlite3.Connection | None) -> None:
    """:func:`copy_data` with the source database held (``database``, None for none)."""
    target.mkdir(parents=True, exist_ok=True)
    db_name = paths.DB_FILENAME
    for entry in source.iterdir() if source.is_dir() else ():
        if entry.name in SKIPPED or entry.name.startswith(db_name):  # the database (and -wal, -shm) below
            continue
        if entry.is_dir():
            shutil.copytree(entry, target / entry.name, dirs_exist_ok=True)
        else:
            shutil.copy2(entry, target / entry.name)
    if database is not None:
        partial = target / (db_name + ".moving")
        partial.unlink(missing_ok=True)
        try:
            with closing(sqlite3.connect(partial)) as dst:
                copy_database(database, dst, 0)  # (held by this process alone: never busy)
                if dst.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                    raise sqlite3.DatabaseError("the copied database did not pass its integrity check")
        except BaseException:
            partial.unlink(missing_ok=True)  # never a half copy left
            raise
        partial.replace(target / db_name)

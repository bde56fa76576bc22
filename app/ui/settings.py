"""Per-user UI settings (window geometry, last and recent projects, languages) in QSettings.

``MLOPS_KICKOFF_SETTINGS`` points the app at an INI file instead of the platform store, which
tests use to keep each run apart. Every write goes through this module, so :func:`read_only`
can keep a run (``--screenshot``) from changing what the user's next start finds.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from PySide6.QtCore import QSettings

from app.core.i18n import LANGS, Lang

MAX_RECENT = 8  # as Qt Creator keeps
_read_only = False
# What a settings file that could not be written (read-only, another user's, its folder not makeable) did not
# take: this run goes on with it (the author name typed applies), and the caller says so once (:func:`not_written`).
_kept: dict[tuple[str, str], object] = {}  # (the settings file's path as set, "" the platform store; key) -> value
_REMOVED = object()
_not_written = ""


def settings() -> QSettings:
    path = _where()
    if path:
        return QSettings(path, QSettings.Format.IniFormat)
    return QSettings()


def _store(key: str, val: object) -> None:
    """Write ``val`` under ``key`` (:data:`_REMOVED`: remove it) at once, with what this run kept of the same file
    when it could not be written (it can be again: a file made writable); kept for this run when it refuses."""
    global _not_written
    if _read_only:
        return
    where = _where()
    store = settings()
    writes = {k: v for (w, k), v in _kept.items() if w == where} | {key: val}
    for k, v in writes.items():
        if v is _REMOVED:
            store.remove(k)
        else:
            store.setValue(k, v)
    store.sync()
    if store.status() == QSettings.Status.NoError:
        for k in writes:
            _kept.pop((where, k), None)
        _not_written = ""  # (what an earlier write could not store is in the file now)
    else:
        _kept[(where, key)] = val
        _not_written = store.fileName()


def _where() -> str:
    return os.environ.get("MLOPS_KICKOFF_SETTINGS", "")


def _get(key: str, default: object = None) -> object:
    kept = _kept.get((_where(), key))
    if kept is not None:
        return default if kept is _REMOVED else kept
    return settings().value(key, default)


def not_written() -> str:
    """The settings file the writes since the last call could not be stored in ("" when they were): this run
    goes on with them; the caller says it once."""
    global _not_written
    name, _not_written = _not_written, ""
    return name


@contextmanager
def read_only() -> Iterator[None]:
    """Within this, settings are read as usual and every write is dropped."""
    global _read_only
    saved = _read_only
    _read_only = True
    try:
        yield
    finally:
        _read_only = saved


def recent_projects() -> list[int]:
    raw: Any = _get("projects/recent", [])
    if isinstance(raw, str):
        raw = [raw]
    result = []
    for value in raw or []:
        try:
            result.append(int(value))
        except (TypeError, ValueError):
            continue
    return result


def remember_project(project_id: int) -> None:
    if _read_only:
        return
    ids = [project_id] + [i for i in recent_projects() if i != project_id]
    _store("projects/recent", [str(i) for i in ids[:MAX_RECENT]])
    _store("projects/last", project_id)


def forget_project(project_id: int) -> None:
    if _read_only:
        return
    _store("projects/recent", [str(i) for i in recent_projects() if i != project_id])
    if last_project() == project_id:
        _store("projects/last", _REMOVED)


def last_project() -> int | None:
    value: Any = _get("projects/last")
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def value(key: str, default: object = None) -> object:
    return _get(key, default)


def set_value(key: str, val: object) -> None:
    _store(key, val)


def ui_lang() -> Lang | None:
    """The UI language chosen in Settings ▸ Language (None: never chosen; the system's applies)."""
    return _lang("ui/language")


def set_ui_lang(lang: Lang) -> None:
    set_value("ui/language", lang)


def doc_lang() -> Lang | None:
    """The default document language for new projects (None: the UI language)."""
    return _lang("document/language")


def set_doc_lang(lang: Lang | None) -> None:
    _store("document/language", _REMOVED if lang is None else lang)


def _lang(key: str) -> Lang | None:
    stored = _get(key)
    return next((lang for lang in LANGS if lang == stored), None)


# --- Settings dialog: author, backups, export defaults ------------------------------------------

BACKUPS_KEEP_DEFAULT = 10  # "backups/keep": how many daily backups the backup job keeps


def os_user() -> str:
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # no login name (a service account, a container): no default
        return ""


def author_name() -> str:
    """The user's name as the author of what they write (default: the OS user)."""
    stored = _get("user/author")
    return str(stored) if stored else os_user()


def set_author_name(name: str) -> None:
    set_value("user/author", name.strip())


def database_url() -> str:
    """The team database chosen in Settings (an SQLAlchemy URL without a password), "" for the local one."""
    stored = _get("database/url")
    return str(stored) if stored else ""


def set_database_url(url: str) -> None:
    set_value("database/url", url.strip())


def backups_keep() -> int:
    try:
        return max(1, int(str(_get("backups/keep", BACKUPS_KEEP_DEFAULT))))
    except (TypeError, ValueError):
        return BACKUPS_KEEP_DEFAULT


def set_backups_keep(count: int) -> None:
    set_value("backups/keep", int(count))


def tracker_bom() -> bool:
    """The issue-tracker CSV's default: a UTF-8 BOM for Excel on Windows (``export tracker-csv --bom``)."""
    return str(_get("exports/tracker_bom", "false")).lower() in ("true", "1")


def set_tracker_bom(bom: bool) -> None:
    set_value("exports/tracker_bom", bool(bom))

"""Where the app keeps its data, content and resources (no Qt here).

The layout matches Qt's QStandardPaths.AppDataLocation for the organisation and application
names set in the UI, so the GUI and the CLI agree on the same folder.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ORG_NAME = "mlops-kickoff"
APP_NAME = "mlops-kickoff"
DB_FILENAME = "mlops-kickoff.sqlite3"
DB_ENV = "MLOPS_KICKOFF_DB"  # the database to open when no --db is given

_PACKAGE_DIR = Path(__file__).resolve().parent.parent  # app/


def data_dir() -> Path:
    """The user's data folder (database, backups, own checklists and templates).

    ``MLOPS_KICKOFF_HOME`` overrides it, which tests and portable installs use; else the folder
    chosen in Settings (recorded in :func:`location_file`), else the platform's.
    """
    override = os.environ.get("MLOPS_KICKOFF_HOME")
    if override:
        return Path(os.path.abspath(Path(override).expanduser()))  # (a relative one is refused: check_data_dir)
    chosen = _chosen_data_dir()
    return chosen or default_data_dir()


def check_data_dir() -> None:
    """Refuse a data folder the app would make in the wrong place, before anything is made there (raises
    ``UserError``): ``MLOPS_KICKOFF_HOME`` not a whole path (another folder in each working folder), or the
    folder chosen in Settings not there (renamed, a USB stick not plugged in), never replaced by a new empty one."""
    from app.core.errors import UserError

    if not is_text(str(data_dir())):  # (SQLAlchemy cannot name such a file: refused, said, not a traceback)
        shown = os.fsencode(data_dir()).decode("utf-8", "backslashreplace")
        raise UserError(key="data_folder.name_not_text", path=shown)
    override = os.environ.get("MLOPS_KICKOFF_HOME")
    if override:
        if not Path(override).expanduser().is_absolute():
            raise UserError(key="data_folder.env_relative", value=override, path=data_dir())
        return
    chosen = _chosen_data_dir()
    if chosen is not None and not os.path.lexists(chosen):
        raise UserError(key="data_folder.chosen_missing", path=chosen, file=location_file())


def is_text(name: str) -> bool:
    """Whether a file name is text (UTF-8 bytes): not one whose bytes are another encoding's (a folder unzipped from
    a Japanese Windows zip, named in Shift_JIS), which Python reads as lone surrogates."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def default_data_dir() -> Path:
    """The platform's data folder for the app (Qt's AppDataLocation)."""
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, ORG_NAME, roaming=True))


def location_file() -> Path:
    """Where the data folder chosen in Settings is recorded (a config file, outside every data folder)."""
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, ORG_NAME, roaming=True)) / "data-folder.txt"


def _chosen_data_dir() -> Path | None:
    try:
        text = location_file().read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return Path(text) if text and Path(text).is_absolute() else None


def default_database_path() -> Path:
    return data_dir() / DB_FILENAME


def database_address(value: str | None) -> str:
    """A database address as entered (``--db``, ``MLOPS_KICKOFF_DB``, Settings ▸ Team database, ``project copy
    --to``), without the blanks at either end: one rule for every entry, so ``"plan.sqlite3 "`` pasted with a space
    is ``plan.sqlite3``, never a new empty database beside it. "" for nothing (or only blanks)."""
    return (value or "").strip()


def database_value(value: str | None) -> tuple[str, str] | None:
    """The database asked for, and where: ``--db``'s ``value``, else ``MLOPS_KICKOFF_DB`` (the option's
    or the variable's name, for a message naming it), each as :func:`database_address` reads it; None for
    neither (the data folder's file). An empty ``MLOPS_KICKOFF_DB`` is no variable (an empty ``--db`` is
    refused by the command line before this)."""
    if asked := database_address(value):
        return asked, "--db"
    from_env = database_address(os.environ.get(DB_ENV))
    return (from_env, DB_ENV) if from_env else None


def database_file(value: str) -> str | None:
    """The file a database ``value`` (a path, or a SQLite URL) names, as opening it reads it: a
    ``sqlite:///`` URL's path through SQLAlchemy's own parse (``%1b`` decoded to ESC, as the file gets
    it). None for a server's URL, an in-memory database or a URL that does not parse (refused when opened)."""
    if "://" not in value:
        return value
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        url = make_url(value)
    except (ArgumentError, ValueError):
        return None
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return url.database


def sqlite_url(path: Path | str) -> str:
    """The SQLite URL SQLAlchemy reads back as the very file ``path`` (the inverse of :func:`database_file`).

    SQLAlchemy's parse decodes %-escapes in a URL's path and ends the path at ``?`` (the options), so those
    two are %-encoded (unquoted, ``plan%41.db`` would open ``planA.db``, ``c%1b.db`` a name with ESC, ``a?.db``
    the file ``a``); nothing else is, so the URL reads as the path typed. Messages and the window name the
    file by its path decoded again (:func:`app.core.storage.errors.named_database`, ``Database.path``).
    """
    return "sqlite:///" + str(path).replace("%", "%25").replace("?", "%3F")


def names_folder(path: str) -> bool:
    """Whether a path ends in a separator (``newdir/``): it names a folder, never a file to create
    (``Path`` drops the separator, so this is read from the text)."""
    return path.endswith(tuple(sep for sep in (os.sep, os.altsep) if sep))


def bundle_dir() -> Path | None:
    """The folder of a PyInstaller bundle (``sys._MEIPASS``) when running from one, else None."""
    if getattr(sys, "frozen", False):
        return Path(getattr(sys, "_MEIPASS", Path(sys.executable).resolve().parent))
    return None


def _shipped(name: str) -> Path:
    # A bundle carries the top-level folders in its own folder (packaging/mlops-kickoff.spec);
    # in a wheel they are packed into app/_data; in a checkout they sit beside the package.
    # Prefer the checkout so an editable install sees edits at once. Never the working directory.
    bundle = bundle_dir()
    if bundle is not None:
        return bundle / name
    source = _PACKAGE_DIR.parent / name
    if source.is_dir():
        return source
    return _PACKAGE_DIR / "_data" / name


def builtin_checklists_dir() -> Path:
    return _shipped("checklists")


def resources_dir() -> Path:
    return _shipped("resources")


def user_checklists_dir() -> Path:
    return data_dir() / "checklists"


def user_templates_dir() -> Path:
    return data_dir() / "templates"


def drafts_dir() -> Path:
    """What was typed and not saved yet (app/hearing/drafts_file.py): local, never project data."""
    return data_dir() / "drafts"


def cache_dir() -> Path:
    """Derived files the app can always rebuild (the parsed content cache): safe to delete."""
    return data_dir() / "cache"

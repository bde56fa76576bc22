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

_PACKAGE_DIR = Path(__file__).resolve().parent.parent  # app/


def data_dir() -> Path:
    """The user's data folder (database, backups, own checklists and templates).

    ``MLOPS_KICKOFF_HOME`` overrides it, which tests and portable installs use.
    """
    override = os.environ.get("MLOPS_KICKOFF_HOME")
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, ORG_NAME, roaming=True))


def default_database_path() -> Path:
    return data_dir() / DB_FILENAME


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


def cache_dir() -> Path:
    """Derived files the app can always rebuild (the parsed content cache): safe to delete."""
    return data_dir() / "cache"

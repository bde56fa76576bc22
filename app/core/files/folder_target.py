"""Folders the app writes as a whole (wiki, scaffold): what may be replaced, and a marker saying what it is.

An export folder carries a small marker file. A later export of the same kind may replace a
folder with that marker; any other non-empty folder is refused, so pointing an export at a home
folder or a repository by mistake never deletes anything.
"""

from __future__ import annotations

import json
from pathlib import Path

from app import __version__
from app.core.errors import UserError
from app.core.files import probe
from app.core.files.guarded import refuse_holding_kept

MARKER = ".mlops-kickoff-export.json"


def marker_text(kind: str, project_uuid: str, **extra: str) -> str:
    data = {"kind": kind, "project": project_uuid, "app_version": __version__, **extra}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def previous_kind(folder: Path) -> str | None:
    """The kind of an earlier export in ``folder`` (None when there is no readable marker)."""
    try:
        kind = json.loads((folder / MARKER).read_text(encoding="utf-8")).get("kind")
        return kind if isinstance(kind, str) else None
    except (OSError, ValueError, AttributeError):
        return None


def is_empty_folder(folder: Path) -> bool:
    try:
        return folder.is_dir() and next(folder.iterdir(), None) is None
    except OSError:
        return False


def check_replaceable(folder: Path, kind: str, what: object) -> None:
    """Refuse a target that exists and is neither empty nor an earlier export of ``kind`` (``what``: its name, a Label)."""
    folder = probe.spelled_folder(Path(folder).expanduser())  # another spelling of one that exists: refused
    refuse_holding_kept(folder)
    if not probe.exists(folder):
        return
    if not probe.is_dir(folder):
        raise UserError(key="file.not_a_folder", path=folder)
    if is_empty_folder(folder) or previous_kind(folder) == kind:
        return
    raise UserError(key="folder.not_replaceable", folder=folder, what=what)

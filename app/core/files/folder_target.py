"""Folders the app writes as a whole (wiki, scaffold): what may be replaced, and a marker saying what it is.

An export folder carries a small marker file listing the files the export wrote. A later export of
the same kind may replace a folder with that marker, keeping every file the earlier one did not write
(the user's notes and images added to it, a wiki's ``.git``): :func:`keep_added`; any other non-empty
folder is refused, so pointing an export at a home folder or a repository by mistake never deletes anything.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path

from app import __version__
from app.core.errors import UserError
from app.core.files import probe
from app.core.files.atomic import refuse_read_only
from app.core.files.guarded import refuse_holding_kept

MARKER = ".mlops-kickoff-export.json"


def marker_text(kind: str, project_uuid: str, **extra: object) -> str:
    data = {"kind": kind, "project": project_uuid, "app_version": __version__, **extra}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def files_in(folder: Path) -> list[str]:
    """Every file (or link) under ``folder``, as relative POSIX paths, sorted: what an export wrote."""
    found = []
    for root, dirs, names in os.walk(folder):
        base = Path(root).relative_to(folder)
        found += [(base / name).as_posix() for name in names]
        found += [(base / name).as_posix() for name in dirs if (Path(root) / name).is_symlink()]
    return sorted(found)


def _previous_files(folder: Path) -> set[str] | None:
    """The files the earlier export in ``folder`` wrote (None: its marker lists none, an older app's)."""
    try:
        files = json.loads((folder / MARKER).read_text(encoding="utf-8")).get("files")
    except (OSError, ValueError, AttributeError):
        return None
    return {str(name) for name in files} if isinstance(files, list) else None


def keep_added(old: Path, new: Path) -> list[str]:
    """Into ``new`` (an export being built to replace the earlier one, ``old``), every file and folder of ``old``
    that the earlier export did not write and ``new`` does not hold: the user's own, kept (linked where the disk
    can, else copied: ``old`` stays whole until ``new`` is swapped in). An older app's marker lists no files:
    then every file the new export does not write is kept (a page no longer exported stays, nothing of the
    user's goes). A file of the earlier export's that goes (replaced, or no longer written) is refused when the
    user made it read-only (:func:`app.core.files.atomic.refuse_read_only`); the user's own are kept as they are,
    read-only or not (a git clone's objects), with their modes and times (a hard link is the file itself; a copy
    keeps them), and so are the folders' (a private folder stays 700; one the new export also makes keeps its
    mode). Returns what was kept."""
    if not old.is_dir():
        return []
    ours = _previous_files(old) or set()
    kept: list[str] = []
    folders: list[tuple[Path, Path, bool]] = []  # (the old folder, the new one, whether the user made it)
    for root, dirs, names in os.walk(old):
        base = Path(root).relative_to(old)
        links = [name for name in dirs if (Path(root) / name).is_symlink()]  # (not walked into: a link is kept as one)
        dirs[:] = [name for name in dirs if name not in links]
        folders += [(Path(root) / name, new / base / name, not os.path.lexists(new / base / name)) for name in dirs]
        for name in dirs:  # an empty folder the user made (the others come with their files)
            if not any((Path(root) / name).iterdir()) and not os.path.lexists(new / base / name) and not _blocked(new, base / name):
                (new / base / name).mkdir(parents=True)
                kept.append((base / name).as_posix() + "/")
        for name in names + links:
            relative = base / name
            if relative.as_posix() in ours or relative.as_posix() == MARKER:
                _refuse_read_only(Path(root) / name)
                continue
            if os.path.lexists(new / relative) or _blocked(new, relative):
                _refuse_read_only(Path(root) / name)
                continue  # a file of the new export's by that name: the export's
            _place(Path(root) / name, new / relative)
            kept.append(relative.as_posix())
    _keep_folder_modes(folders)
    return kept


def _keep_folder_modes(folders: list[tuple[Path, Path, bool]]) -> None:
    """The old folders' modes onto the new ones, and a folder of the user's its times too (set last, deepest first:
    placing files in a folder changes its times)."""
    for source, target, theirs in reversed(folders):
        if target.is_symlink() or not target.is_dir():
            continue  # (a folder of only the earlier export's files, not made again)
        if theirs:
            shutil.copystat(source, target, follow_symlinks=False)
        else:
            os.chmod(target, stat.S_IMODE(source.stat().st_mode))


def _refuse_read_only(path: Path) -> None:
    if not path.is_symlink():  # (only the link goes, never what it points to)
        refuse_read_only(path)


def _blocked(new: Path, relative: Path) -> bool:
    """Whether a folder above ``relative`` is a file of the new export (nothing can go under it)."""
    return any((new / parent).is_file() for parent in relative.parents if parent != Path("."))


def _place(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    if source.is_symlink():
        os.symlink(os.readlink(source), target)
        return
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


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

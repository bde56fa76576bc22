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
from dataclasses import dataclass, field
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


def hashes_of(folder: Path, names: list[str]) -> dict[str, str]:
    """The SHA-256 of each file of ``names`` in ``folder`` (kept in the marker: a later export tells a page the user
    edited since from one as it was written)."""
    return {name: _sha256(folder / name) for name in names if (folder / name).is_file() and not (folder / name).is_symlink()}


def _sha256(path: Path) -> str:
    import hashlib

    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _marker(folder: Path) -> dict[str, object]:
    """What the marker of an earlier export in ``folder`` says ({} when there is none it can read)."""
    try:
        data = json.loads((folder / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _previous_hashes(marker: dict[str, object]) -> dict[str, str]:
    hashes = marker.get("hashes")
    return {str(k): str(v) for k, v in hashes.items()} if isinstance(hashes, dict) else {}


def _edited(path: Path, written: str | None) -> bool:
    """Whether the file an earlier export wrote (its hash ``written``) was changed since (None: not known)."""
    if written is None or path.is_symlink() or not path.is_file():
        return False
    try:
        return _sha256(path) != written
    except OSError:
        return False


def _changed(path: Path, written: str | None, target: Path, replaced: bool) -> bool:
    """Whether the file the earlier export wrote at ``path`` may hold an edit of the user's: its hash ``written``
    differs; with no hash in the marker (an app between the two), whenever it is no longer written (nothing tells)
    or differs from what the new export writes at ``target``."""
    if written is not None:
        return _edited(path, written)
    return not replaced or (os.path.lexists(target) and _differs(path, target))


def _differs(path: Path, written: Path) -> bool:
    """Whether ``path`` (not written by the earlier export, as far as its marker says) holds anything but what the
    new export writes at its name, ``written``: a link, a folder or other bytes are the user's, kept."""
    try:
        if path.is_symlink() or not stat.S_ISREG(path.stat().st_mode):
            return True
        if written.is_symlink() or not written.is_file():
            return True
        import filecmp

        return not filecmp.cmp(path, written, shallow=False)
    except OSError:
        return True


def _beside(relative: Path, old: Path, new: Path) -> Path:
    """A name beside ``relative`` free in both folders: ``index.edited.md``, ``index.edited-2.md``, …"""
    number = 1
    while True:
        tail = ".edited" if number == 1 else f".edited-{number}"
        name = relative.with_name(f"{relative.stem}{tail}{relative.suffix}")
        if not os.path.lexists(old / name) and not os.path.lexists(new / name):
            return name
        number += 1


@dataclass
class Kept:
    """What :func:`keep_added` kept: the user's files and folders (relative POSIX paths), and the files an earlier
    export wrote that the user edited since, each with where the edit is now (beside the page written again, or
    as it was when no longer written)."""

    added: list[str] = field(default_factory=list)
    edited: list[tuple[str, str]] = field(default_factory=list)
    # Files an earlier export wrote that differ from what the new one writes (or are no longer written) where its
    # marker keeps no hash (an older app's): nothing tells an edit from the older app's own words, so kept as
    # ``edited`` are, and said as the earlier export's, never as the user's edit.
    earlier: list[tuple[str, str]] = field(default_factory=list)


def _previous_files(marker: dict[str, object]) -> set[str] | None:
    """The files the earlier export wrote (None: its marker lists none, an older app's)."""
    files = marker.get("files")
    return {str(name) for name in files} if isinstance(files, list) else None


def keep_added(old: Path, new: Path) -> Kept:
    """Into ``new`` (an export being built to replace the earlier one, ``old``), every file and folder of ``old``
    that the earlier export did not write and ``new`` does not hold: the user's own, kept (linked where the disk
    can, else copied: ``old`` stays whole until ``new`` is swapped in). An older app's marker lists no files:
    then every file the new export does not write is kept (a page no longer exported stays, nothing of the
    user's goes). A file of the earlier export's that goes (replaced, or no longer written) is refused when the
    user made it read-only (:func:`app.core.files.atomic.refuse_read_only`); the user's own are kept as they are,
    read-only or not (a git clone's objects), with their modes and times (a hard link is the file itself; a copy
    keeps them), and so are the folders' (a private folder stays 700; one the new export also makes keeps its
    mode). A file the earlier export wrote that the user edited since (its hash in the marker differs) is kept
    too: beside the file written again (``index.edited.md``), or as it is when no longer written; and so is a file
    the earlier export is not known to have written (the user's own ``Home.md``, any page under an older app's
    marker) at a name the new export writes, when it differs from what the new export writes there. A file the
    marker lists without its hash (an app between the two) is kept so too, or as it is when no longer written. A
    folder of the old one's where the new export writes a file goes beside it with all it holds (``Home.edited.md/``)."""
    if not old.is_dir():
        return Kept()
    marker = _marker(old)
    listed = _previous_files(marker)
    ours, hashes = listed or set(), _previous_hashes(marker)
    result = Kept()
    kept = result.added
    folders: list[tuple[Path, Path, bool]] = []  # (the old folder, the new one, whether the user made it)
    moved: dict[Path, Path] = {}  # a folder of the old one's where the new export writes a file: where it goes
    for root, dirs, names in os.walk(old):
        base = Path(root).relative_to(old)  # as the earlier export and the user named it
        into = _unblocked(base, old, new, moved, result)  # where it goes in the new one
        links = [name for name in dirs if (Path(root) / name).is_symlink()]  # (not walked into: a link is kept as one)
        dirs[:] = [name for name in dirs if name not in links]
        folders += [(Path(root) / name, new / into / name, not os.path.lexists(new / into / name)) for name in dirs]
        for name in dirs:  # an empty folder the user made (the others come with their files)
            if not any((Path(root) / name).iterdir()) and not os.path.lexists(new / into / name) and not _blocked(new, into / name):
                (new / into / name).mkdir(parents=True)
                kept.append((into / name).as_posix() + "/")
        for name in names + links:
            relative = base / name
            if relative.as_posix() in ours or relative.as_posix() == MARKER:
                _refuse_read_only(Path(root) / name)
                replaced = os.path.lexists(new / relative) or _blocked(new, relative)
                written = hashes.get(relative.as_posix())
                if relative.as_posix() != MARKER and _changed(Path(root) / name, written, new / relative, replaced):
                    at = into / name if into != base else _beside(relative, old, new) if replaced else relative
                    _place(Path(root) / name, new / at)
                    if into == base:  # (a moved folder is said once)
                        (result.edited if written is not None else result.earlier).append((relative.as_posix(), at.as_posix()))
                continue
            if into == base and os.path.lexists(new / relative):
                _refuse_read_only(Path(root) / name)
                if _differs(Path(root) / name, new / relative):
                    at = _beside(relative, old, new)  # the user's own at a name the export writes: kept beside
                    _place(Path(root) / name, new / at)
                    # under an older app's marker (no file list) the page may be that export's own: said as such
                    (result.edited if listed is not None else result.earlier).append((relative.as_posix(), at.as_posix()))
                continue  # a file of the new export's by that name: the export's
            _place(Path(root) / name, new / into / name)
            kept.append((into / name).as_posix())
    _keep_folder_modes(folders)
    return result


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


def _unblocked(relative: Path, old: Path, new: Path, moved: dict[Path, Path], result: Kept) -> Path:
    """``relative`` (a folder), or, when the new export writes a file at it or above it (a user's folder
    ``Home.md/`` where a GitHub wiki writes its Home.md), that folder moved beside it (``Home.edited.md/``),
    said in ``result.edited``: a user's files in it are kept, never dropped."""
    for parent in [*reversed(relative.parents), relative]:  # the highest first
        if parent in moved:
            return moved[parent] / relative.relative_to(parent)
        if parent != Path(".") and (new / parent).is_file():
            moved[parent] = _beside(parent, old, new)
            result.edited.append((parent.as_posix() + "/", moved[parent].as_posix() + "/"))
            return moved[parent] / relative.relative_to(parent)
    return relative


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
    kind = _marker(folder).get("kind")
    return kind if isinstance(kind, str) else None


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

"""The user's own instance catalogue: machine types and hourly prices kept in the data folder.

The shipped catalogue (``checklists/instance_catalogue.yaml``) is content; saving from the page
writes a copy with the same id into ``<data folder>/checklists/``, which the loader prefers on
every later start. Reset removes that copy. The running library is updated in place, so the
calculator prices with the new catalogue at once.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from app.core import paths
from app.core.content.loader import ContentLibrary, load_file
from app.core.errors import ContentError, UserError, ValidationFailed
from app.core.files.atomic import write_text
from app.core.messages import pydantic_problem
from app.system_planning.model import CATALOGUE_ID, InstanceCatalogue, catalogue_where
from app.system_planning.service import catalogue

FILENAME = "instance_catalogue.yaml"
ANY_STATE = "*"  # save_user_copy's ``seen`` when the user chose to replace whatever the file holds
HEADER = (
    "# Your instance catalogue for the system-planning capacity calculator (written by MLOps Kickoff).\n"
    "# It replaces the shipped one while it exists; delete it (or use Reset) to go back.\n"
)


def user_copy_path() -> Path:
    return paths.user_checklists_dir() / FILENAME


def shipped_path() -> Path:
    return paths.builtin_checklists_dir() / FILENAME


def is_user_copy(library: ContentLibrary) -> bool:
    source = library.sources.get(CATALOGUE_ID)
    return source is not None and Path(source).resolve() == user_copy_path().resolve()


def left_out_user_copy(in_use: bool) -> ContentError | None:
    """Why the user's catalogue file was left out (the shipped catalogue used instead), or None.

    ``in_use`` says whether the library prices with the user's copy. A file that exists and is not
    in use could not be read: its problem is named from a fresh read (it may have changed since the start).
    """
    path = user_copy_path()
    if in_use or not path.exists():
        return None
    try:
        load_file(path)
    except ContentError as exc:
        return exc
    return None


def check_not_left_out(in_use: bool) -> None:
    """Refuse to write over a user's catalogue file the app could not read (their own machine types
    would be lost without a word); the refusal names the file and why it was left out."""
    problem = left_out_user_copy(in_use)
    if problem is not None:
        raise UserError(key="instances.user_copy_left_out", problem=problem)


def reread(library: ContentLibrary) -> InstanceCatalogue:
    """The catalogue as the files hold it now, the library following them: another window or process may
    have saved the user's copy or reset it since this one read them (the dialog shows, and saves over,
    what is on disk). A user's file that cannot be read is left as before (a save refuses to write over it)."""
    path = user_copy_path()
    try:
        found = load_file(path) if path.exists() else load_file(shipped_path()) if is_user_copy(library) else None
    except ContentError:
        found = None
    if isinstance(found, InstanceCatalogue):
        library.add(found, path if path.exists() else shipped_path())
    return catalogue(library)


def file_state() -> str | None:
    """What the user's catalogue file holds now, as a digest (None: there is no file). The dialog keeps the
    state it opened on, so that a file mended by hand meanwhile is never written over without a word."""
    try:
        data = user_copy_path().read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"unreadable: {exc.errno}"
    return hashlib.sha256(data).hexdigest()


def check_unchanged(seen: str | None) -> None:
    """Refuse (UserError) when the user's catalogue file is not as it was when ``seen`` was taken."""
    if seen != ANY_STATE and file_state() != seen:
        raise UserError(key="instances.changed_meanwhile", path=user_copy_path())


def validate(data: dict[str, Any]) -> InstanceCatalogue:
    """A catalogue from edited data, or ValidationFailed naming the first problem (the row and the
    field by the names the dialog shows)."""
    try:
        return InstanceCatalogue.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        problem = pydantic_problem(first)
        where = catalogue_where(tuple(first["loc"]))
        if where is None:
            raise ValidationFailed(key="instances.refused", problem=problem) from None
        raise ValidationFailed(key="instances.refused_at", where=where, problem=problem) from None


def save_user_copy(library: ContentLibrary, edited: InstanceCatalogue, seen: str | None = ANY_STATE) -> Path:
    """Write the user's copy atomically and use it from now on (never over a file that could not be read,
    nor over one changed since its state ``seen`` was taken, unless ``seen`` is ANY_STATE)."""
    check_not_left_out(is_user_copy(library))
    check_unchanged(seen)
    data = {"type": "instance_catalogue"} | edited.model_dump(by_alias=True, exclude_none=True)
    data["instances"] = [
        {k: v for k, v in spec.items() if v not in ("", None)} for spec in data["instances"]
    ]
    text = HEADER + yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    path = user_copy_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text(path, text)
    library.add(edited, path)
    return path


def reset_to_shipped(library: ContentLibrary, seen: str | None = ANY_STATE) -> InstanceCatalogue:
    """Remove the user's copy and go back to the shipped catalogue (refused when the file changed since ``seen``)."""
    check_unchanged(seen)
    user = user_copy_path()
    if user.exists():
        user.unlink()
    try:
        shipped = load_file(shipped_path())
    except ContentError:
        shipped = None
    if isinstance(shipped, InstanceCatalogue):
        library.add(shipped, shipped_path())
    return catalogue(library)

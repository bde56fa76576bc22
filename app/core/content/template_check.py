"""``templates validate`` for Jinja2 templates: each file compiled in the environment its exporter renders it in.

A feature names the folders of templates a user may override (:class:`TemplateFolder`: ``wiki/ja``,
``proposal``), the same folder under the shipped ``resources/templates`` and the data folder's
``templates``, and the environment it renders a file of that folder in (sandboxed, with its own
filters). A template file (``.j2``) is recognised by the folder it lies in, as the app finds it; one
the app does not read (``templates/wiki/index.md.j2``, no language) is said so. Compiling finds what
the export would stop on before it renders a thing: a syntax error, an unknown filter or test, with
its file and line. (What the sandbox refuses while rendering is said by the export, naming the file.)

The core knows no feature: ``app/features.py`` collects the folders from the features' ``kinds``.
Jinja2 is imported when the first template is checked.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.core import paths
from app.core.errors import ContentError
from app.core.messages import Many, Message

TEMPLATE_SUFFIX = ".j2"


@dataclass(frozen=True)
class TemplateFolder:
    """``folder`` (``wiki/ja``) under the shipped and the user's templates; ``environment(name)`` the
    Jinja2 environment the exporter renders the file called ``name`` in."""

    folder: str
    environment: Callable[[str], Any]

    @property
    def parts(self) -> tuple[str, ...]:
        return tuple(self.folder.split("/"))


def template_files(directory: Path) -> list[Path]:
    """The template files (``*.j2``) in ``directory`` and its subfolders."""
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.rglob(f"*{TEMPLATE_SUFFIX}") if p.is_file())


def is_template(path: Path) -> bool:
    return path.suffix == TEMPLATE_SUFFIX


def folder_of(path: Path, folders: Sequence[TemplateFolder]) -> TemplateFolder | None:
    """The folder ``path`` lies in: under the user's or the shipped templates, the one its place there
    names (``templates/wiki/ja/index.md.j2`` is ``wiki/ja``, ``templates/wiki/index.md.j2`` none);
    elsewhere (a copy being edited), the nearest folder of that name."""
    path = path.absolute()
    for root in (paths.user_templates_dir().absolute(), (paths.resources_dir() / "templates").absolute()):
        if path.is_relative_to(root):
            place = path.parent.relative_to(root).parts
            return next((f for f in folders if place[: len(f.parts)] == f.parts), None)
    for parent in path.parents:
        for folder in folders:
            if parent.parts[-len(folder.parts):] == folder.parts:
                return folder
    return None


def default_files(folders: Sequence[TemplateFolder]) -> list[Path]:
    """What ``templates validate`` checks by default: the shipped templates of each folder, then every
    template in the user's ``templates`` folder (one in a folder the app does not read is said so)."""
    shipped = [f for folder in folders for f in template_files(paths.resources_dir() / "templates" / folder.folder)]
    return [*shipped, *template_files(paths.user_templates_dir())]


def check_templates(files: Iterable[Path], folders: Sequence[TemplateFolder]) -> list[ContentError]:
    """Each template compiled as its exporter would load it: the problems, each naming its file (and line)."""
    problems = []
    for path in files:
        problem = check_template(path, folders)
        if problem is not None:
            problems.append(problem)
    return problems


def check_template(path: Path, folders: Sequence[TemplateFolder]) -> ContentError | None:
    from jinja2 import TemplateSyntaxError

    from app.core.content.loader import read_text

    folder = folder_of(path, folders)
    if folder is None:
        return ContentError(str(path), Message(key="content.template_not_read", folders=Many(tuple(f.folder for f in folders))))
    try:
        source = read_text(path)
        folder.environment(path.name).compile(source, path.name, str(path))
    except ContentError as exc:
        return exc
    except TemplateSyntaxError as exc:  # an unknown filter or test too (TemplateAssertionError)
        from app.core.content.parser_words import jinja_problem

        return ContentError(str(path), Message(key="content.template_syntax", line=exc.lineno, detail=jinja_problem(exc.message or "")))
    return None

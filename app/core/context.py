"""What a command needs: the open workspace (opened on first use) and the chosen languages."""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from app.core.files.visible_text import printable_name
from app.core.i18n import Lang, document_lang, parse_lang
from app.core.project import ProjectInfo
from app.core.projects import ProjectService
from app.core.workspace import Workspace

if TYPE_CHECKING:
    from app.core.content.loader import ContentLibrary


@dataclass
class CliContext:
    args: argparse.Namespace
    _workspace: Workspace | None = field(default=None, init=False)

    @property
    def workspace(self) -> Workspace:
        if self._workspace is None:
            self._workspace = Workspace.open(self.args.db)
            for warning in self._workspace.db.warnings:
                print(self.say(key="cli.warning", text=warning), file=sys.stderr)
        return self._workspace

    @property
    def ui_lang(self) -> Lang:
        """The user's language, every line a command prints is in: the global ``--lang``, else the system's."""
        return parse_lang(getattr(self.args, "global_lang", None))

    def say(self, *, key: str, **params: object) -> str:
        """The message ``key`` in :attr:`ui_lang`, as a line a terminal shows: a name or path in it
        (stored before it was sanitised, typed, carried by a file) with its control characters and line
        ends escaped (:func:`~app.core.files.visible_text.printable_name`), never raw."""
        from app.core.messages import Message

        return printable_name(Message(key=key, **params).text(self.ui_lang))

    @property
    def library(self) -> ContentLibrary | None:
        """The content, when a command has opened the workspace (errors name items by label)."""
        return self._workspace.library if self._workspace is not None else None

    @property
    def lang(self) -> Lang:
        """The document language (:func:`app.core.i18n.document_lang`): ``--lang`` on the command,
        else for ``export`` the project's document language, else the global ``--lang``, else the
        system's. An export asks for its project here itself, whichever it resolves first."""
        explicit = getattr(self.args, "lang", None)
        project_lang = None
        if not explicit and getattr(self.args, "command", None) == "export":
            project_lang = self.project(self.args.project).lang
        return document_lang(explicit, project_lang, self.ui_lang)

    def project(self, id_or_name: str) -> ProjectInfo:
        return ProjectService(self.workspace.db).resolve(id_or_name)

    def close(self) -> None:
        if self._workspace is not None:
            self._workspace.close()

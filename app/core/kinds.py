"""Document kinds: ``export KIND`` and ``import KIND``, shared by the CLI and the Exports page.

Each feature lists its kinds in its ``kinds`` module; ``app/features.py`` collects them. The CLI
builds its sub-commands from that list; the GUI's Exports page lists the same kinds and calls
the same ``export`` function, so both write identical files.

All kinds share one form, an automation contract:
``export KIND --project ID_OR_NAME --out PATH [--lang ja|en]`` and
``import KIND FILE --project ID_OR_NAME [--dry-run]``.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.core.context import CliContext
    from app.core.i18n import Lang
    from app.core.workspace import Workspace


def _no_arguments(parser: argparse.ArgumentParser) -> None:
    """A kind without options of its own."""


@dataclass(frozen=True)
class ExportKind:
    """A document the app writes.

    ``export(ws, project_id, out, lang, options)`` writes it (atomically) and returns the path;
    ``options`` holds the kind's own CLI options by name (``add_arguments`` declares them), and
    the GUI passes their defaults. ``suffixes`` are the accepted file endings, the first one the
    default; an empty tuple means the output is a folder. ``help`` is the CLI's (English);
    ``description`` is what the Exports page shows, by language (falling back to ``help``).
    """

    name: str
    title: dict[str, str]
    help: str
    suffixes: tuple[str, ...]
    export: Callable[[Workspace, int, Path, Lang, dict[str, Any]], Path]
    add_arguments: Callable[[argparse.ArgumentParser], None] = field(default=_no_arguments)
    defaults: dict[str, Any] = field(default_factory=dict)
    order: int = 100
    description: dict[str, str] = field(default_factory=dict)

    def describe(self, lang: str) -> str:
        return self.description.get(lang) or self.help

    @property
    def is_folder(self) -> bool:
        return not self.suffixes


@dataclass(frozen=True)
class ImportKind:
    """A document read back in; ``run`` does the whole CLI command (preview, --dry-run, apply)."""

    name: str
    help: str
    run: Callable[[CliContext, argparse.Namespace], int]
    add_arguments: Callable[[argparse.ArgumentParser], None] = field(default=_no_arguments)


def apply_after_preview(args: argparse.Namespace, has_changes: bool, apply: Callable[[], str], lang: str | None = None) -> int:
    """The end of every ``import KIND``, once the preview is printed.

    ``--dry-run`` stops here; otherwise a terminal user is asked, and a script (no terminal to
    ask, or ``--yes``) has asked by running the command. ``apply`` returns the line to print.
    The lines are in the user's language (``--lang``, else the system's).
    """
    import sys

    from app.core.i18n import parse_lang
    from app.core.messages import Message

    lang = lang or parse_lang(getattr(args, "global_lang", None))
    if args.dry_run:
        print(Message(key="import.dry_run").text(lang))
        return 0
    if not has_changes:
        print(Message(key="import.nothing_to_import").text(lang))
        return 0
    if not args.yes and sys.stdin.isatty():
        if input(Message(key="import.confirm").text(lang)).strip().lower() not in ("y", "yes", "はい"):
            print(Message(key="import.nothing_changed").text(lang))
            return 1
    print(apply())
    return 0


PdfWriter = Callable[[str, Path, str], Path]  # (html, out, title) -> the written file
_pdf_writer: PdfWriter | None = None


def use_pdf_writer(writer: PdfWriter) -> None:
    """Set how HTML becomes a PDF. The window and the CLI set Qt's writer (app/ui/pdf.py); the core
    has no Qt, so a PDF export without one is refused rather than half-written."""
    global _pdf_writer
    _pdf_writer = writer


def pdf_writer() -> PdfWriter:
    if _pdf_writer is None:
        from app.core.errors import UserError

        raise UserError(key="export.no_pdf_writer")
    return _pdf_writer


def check_suffix(kind: ExportKind, out: Path) -> None:
    from app.core.errors import UserError
    from app.core.messages import Label, Many

    if kind.is_folder:
        return
    if out.suffix.lower() not in kind.suffixes:
        raise UserError(key="export.wrong_suffix", kind=Label(ja=kind.title.get("ja", kind.name), en=kind.title.get("en", kind.name)), suffixes=Many(kind.suffixes), name=out.name)

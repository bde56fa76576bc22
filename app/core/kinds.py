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
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.core.files.visible_text import printable_name
from app.core.messages import Label, Many, Message

if TYPE_CHECKING:
    from app.core.context import CliContext
    from app.core.i18n import Lang
    from app.core.workspace import Workspace


def _no_arguments(parser: argparse.ArgumentParser) -> None:
    """A kind without options of its own."""


def _nothing_dropped(out: Path, options: dict[str, Any]) -> list[Dropped]:
    """A format that holds everything the document shows."""
    return []


@dataclass(frozen=True)
class ExportKind:
    """A document the app writes.

    ``export(ws, project_id, out, lang, options)`` writes it (atomically) and returns the path;
    ``options`` holds the kind's own CLI options by name (``add_arguments`` declares them), and
    the GUI passes their defaults. ``suffixes`` are the accepted file endings, the first one the
    default; an empty tuple means the output is a folder. ``help`` is the CLI's (English);
    ``description`` is what the Exports page shows, by language (falling back to ``help``).
    ``dropped(out, options)`` lists what the app holds that this output cannot carry as it is
    (:mod:`app.core.kinds`; the report at the end of every export).
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
    dropped: Callable[[Path, dict[str, Any]], list[Dropped]] = field(default=_nothing_dropped)
    file_title: dict[str, str] = field(default_factory=dict)  # the title in a file's name, when not ``title``

    def describe(self, lang: str) -> str:
        """The page's line: its own description, else the CLI's help as a sentence (the CLI's begins
        lower-case, as argparse's own do)."""
        return self.description.get(lang) or self.help[:1].upper() + self.help[1:]

    @property
    def is_folder(self) -> bool:
        return not self.suffixes

    def file_name(self, project_name: str, lang: str, suffix: str | None = None, detail: str = "") -> str:
        """The name the window proposes for this document: the project's name and the document's title in the
        window's language (「…-課題管理CSV.csv」, never the command line's kind id), ``detail`` after it, as
        one safe path component; ``suffix`` defaults to the first one."""
        from app.core.files.safe_names import export_file_name

        title = self.file_title.get(lang) or self.title.get(lang) or self.name
        return export_file_name(project_name, f"{title}-{detail}" if detail else title, self.suffixes[0] if suffix is None else suffix)


@dataclass(frozen=True)
class ImportKind:
    """A document read back in; ``run`` does the whole CLI command (preview, --dry-run, apply)."""

    name: str
    help: str
    run: Callable[[CliContext, argparse.Namespace], int]
    add_arguments: Callable[[argparse.ArgumentParser], None] = field(default=_no_arguments)


def say(*lines: str) -> None:
    """Print each of ``lines`` (an import's preview and summary: a task title or an answer from the
    sheet, a stored project name) as one line a terminal shows: what a terminal must not get raw
    (ESC, a line end, a right-to-left override, a ZWJ outside an emoji) escaped, as every line the
    command line prints (:func:`app.core.files.visible_text.printable_name`, app/cli/output.py)."""
    for line in lines:
        print(printable_name(line))


def answered_yes(prompt: str) -> bool:
    """Ask ``prompt`` (ending in ``[y/N] ``) on the terminal: whether the user answered yes. The end of
    input (Ctrl+D) is a no, as an empty answer is; the line it leaves is ended so the next one starts clean.
    Width and case are folded (ｙ, Ｙｅｓ typed with the input method in full-width mode are a yes)."""
    import unicodedata

    try:
        answer = input(prompt)
    except EOFError:
        print()
        return False
    return unicodedata.normalize("NFKC", answer).strip().casefold() in ("y", "yes", "はい")


def apply_after_preview(
    args: argparse.Namespace, has_changes: bool, apply: Callable[[], list[str]], lang: str | None = None
) -> int:
    """The end of every ``import KIND``, once the preview is printed (with :func:`say`).

    ``--dry-run`` stops here; otherwise a terminal user is asked, and a script (no terminal to
    ask, or ``--yes``) has asked by running the command. ``apply`` returns the lines to print.
    The lines are in the user's language (``--lang``, else the system's).
    """
    import sys

    from app.core.i18n import parse_lang

    lang = lang or parse_lang(getattr(args, "global_lang", None))
    if args.dry_run:
        say(Message(key="import.dry_run").text(lang))
        return 0
    if not has_changes:
        say(Message(key="import.nothing_to_import").text(lang))
        return 0
    if not args.yes and sys.stdin.isatty():
        if not answered_yes(Message(key="import.confirm").text(lang)):
            say(Message(key="import.nothing_changed").text(lang))
            return 1
    say(*apply())
    return 0


PdfWriter = Callable[[str, Path, str], Path]  # (html, out, title) -> the written file
_pdf_writer: PdfWriter | None = None


def use_pdf_writer(writer: PdfWriter) -> None:
    """Set how HTML becomes a PDF. The window and the CLI set Qt's writer (app/ui/pdf/); the core
    has no Qt, so a PDF export without one is refused rather than half-written."""
    global _pdf_writer
    _pdf_writer = writer


def pdf_writer() -> PdfWriter:
    if _pdf_writer is None:
        from app.core.errors import UserError

        raise UserError(key="export.no_pdf_writer")
    return _pdf_writer


# The endings that make a name a document's: the formats the app writes and reads and the usual
# office ones. Anything else after the last dot is part of the name (「WBS 顧客提出 rev.B」, plan.v2).
DOCUMENT_ENDINGS = frozenset(
    ".xlsx .xls .xlsm .csv .pdf .html .htm .md .markdown .txt .json .xml .docx .doc .pptx .zip .ics .yaml .yml".split()
)


def with_suffix(kind: ExportKind, out: Path, suffix: str | None = None) -> Path:
    """``out`` as a save dialog's user means it: ``suffix`` (the format chosen; the kind's first file
    ending by default) added when the name has no document's ending of its own (「WBS顧客提出」 is
    WBS顧客提出.xlsx; "plan v1.2", 「2026.12.21版」, 「WBS 顧客提出 rev.B」 and WBS_v1.2b end in no
    file ending either: only :data:`DOCUMENT_ENDINGS` count). A name ending in another document's
    ending (report.pdf for a workbook) is kept, for :func:`check_suffix` to refuse, rather than written
    as report.pdf.xlsx. Every page that saves a document reads the name this way."""
    ending = out.suffix.lower()
    if kind.is_folder or ending in DOCUMENT_ENDINGS or ending in kind.suffixes:
        return out
    return out.with_name(out.name + (suffix or kind.suffixes[0]))


def export_target(kind: ExportKind, out: Path, suffix: str | None = None) -> Path:
    """The file a save dialog's name ``out`` means (:func:`with_suffix`), checked (:func:`check_suffix`)."""
    out = with_suffix(kind, out, suffix)
    check_suffix(kind, out)
    return out


def check_file_name(out: Path, suffixes: tuple[str, ...]) -> None:
    """Refuse ``out`` when it names no file to write: a folder (``--out .``), or only an ending
    (``--out .md``: a name Python reads as a hidden file without an ending)."""
    from app.core.errors import UserError

    if out.is_dir():
        raise UserError(key="file.is_folder", path=out)
    if out.suffix == "" and out.name.lower() in suffixes:
        raise UserError(key="export.no_file_name", name=out.name)


def check_suffix(kind: ExportKind, out: Path) -> None:
    from app.core.errors import UserError

    if kind.is_folder:
        return
    check_file_name(out, kind.suffixes)
    if out.suffix.lower() not in kind.suffixes:
        title, name = Label(ja=kind.title.get("ja", kind.name), en=kind.title.get("en", kind.name)), out.name or str(out)
        if len(kind.suffixes) == 1:  # "a file ending in .xlsx", never "one of .xlsx"
            raise UserError(key="export.wrong_suffix_one", kind=title, suffixes=kind.suffixes[0], name=name)
        raise UserError(key="export.wrong_suffix", kind=title, suffixes=Many(kind.suffixes), name=name)


# --- the export report: what an export wrote and what its format could not carry (issue 19) ---
#
# Each kind declares, per output, the fields the app holds that the file cannot hold as they are
# (``ExportKind.dropped``); :func:`run_export` writes the document and returns an
# :class:`ExportReport`. The CLI prints it as one line (and as JSON with ``--report``), the Exports
# page shows it under the documents. A field carried elsewhere in the file (MS Project XML has no
# completion-condition field: it goes into the task's Notes) names where, in ``kept_as``.


@dataclass(frozen=True)
class Dropped:
    """A field the format cannot hold as it is: ``field`` its internal name (stable, for scripts),
    ``label`` what the app calls it, ``why`` the reason; ``kept_as`` where the file carries it
    instead (``kept_as_field`` that place's internal name), None when it is not in the file."""

    field: str
    label: Label
    why: Message
    kept_as: Label | None = None
    kept_as_field: str = ""

    def shown(self, lang: str) -> str:
        """The field as the report names it: its label, and where it went if anywhere."""
        return _shown((self.label,), self.kept_as, lang)

    def as_json(self, lang: str) -> dict[str, Any]:
        record: dict[str, Any] = {"field": self.field, "label": self.label.get(lang), "why": self.why.text(lang)}
        if self.kept_as is not None:
            record["kept_as"] = self.kept_as.get(lang)
            record["kept_as_field"] = self.kept_as_field
        return record


@dataclass
class ExportReport:
    """The end of every export: the files written and what their format left out or moved."""

    kind: str
    written: list[Path]
    dropped: list[Dropped] = field(default_factory=list)
    said: list[Message] = field(default_factory=list)  # what else the export tells (:func:`note_said`)

    def line(self, lang: str) -> str:
        """One line: 「書き出しました: wbs.csv(形式上そのままでは入らない項目 3 件: 先行タスク、…)」, then what the
        export said (「…。前回の書き出しのあとに編集されていた…」)."""
        line = self._line(lang)
        for said in self.said:
            line = Message(key="export_report.and_said", line=line, said=said).text(lang)
        return line

    def _line(self, lang: str) -> str:
        names = Many(tuple(p.name for p in self.written))
        if not self.dropped:
            return Message(key="export_report.line_complete", written=names).text(lang)
        groups: dict[Label | None, list[Label]] = {}  # fields moved to one place are named together
        for d in self.dropped:
            groups.setdefault(d.kept_as, []).append(d.label)
        fields = Many(tuple(_shown(tuple(labels), place, lang) for place, labels in groups.items()))
        return Message(key="export_report.line", written=names, count=len(self.dropped), fields=fields).text(lang)

    def details(self, lang: str) -> list[str]:
        """One line per field: what it is, why it is not there as it is, where it went."""
        return [f"{d.shown(lang)}: {d.why.text(lang)}" for d in self.dropped]

    def text(self, lang: str) -> str:
        """What the window shows after an export: where it wrote, then what the format could not carry, one field a line."""
        wrote = Message(key="export_report.wrote_paths", written=Many(tuple(str(p) for p in self.written))).text(lang)
        said = [message.text(lang) for message in self.said]
        return "\n".join([wrote, *said, self.dropped_text(lang)] if self.dropped else [wrote, *said])

    def dropped_text(self, lang: str) -> str:
        """What the format could not carry, one field a line under a heading ("" when nothing)."""
        if not self.dropped:
            return ""
        return "\n".join([Message(key="export_report.dropped_head").text(lang), *(f"・ {line}" for line in self.details(lang))])

    def as_json(self, lang: str) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "lang": lang,
            "written": [str(p) for p in self.written],
            "dropped": [d.as_json(lang) for d in self.dropped],
            "said": [message.text(lang) for message in self.said],
        }


def _shown(labels: tuple[Label, ...], place: Label | None, lang: str) -> str:
    if place is None:
        return ("、" if lang == "ja" else ", ").join(label.get(lang) for label in labels)
    names = ("・" if lang == "ja" else " / ").join(label.get(lang) for label in labels)  # one group, one place
    return Message(key="export_report.kept_as", field=names, place=place).text(lang)


# What the writing itself found the file cannot show (the PDF writer's characters no font has), noted
# while the export runs (:func:`note_dropped`) and added to its report. A context variable: each
# export is on one thread, several may run at once (the window's workers).
_noted: ContextVar[list[Dropped] | None] = ContextVar("export_noted", default=None)
_said: ContextVar[list[Message] | None] = ContextVar("export_said", default=None)


def note_dropped(*dropped: Dropped) -> None:
    """Add ``dropped`` to the report of the export running on this thread (nothing outside one)."""
    noted = _noted.get()
    if noted is not None:
        noted.extend(dropped)


_SHOWN_CHARS = 20  # the characters named per place; more end in …


def note_unshown_characters(places: list[tuple[str, str]]) -> None:
    """The PDF writer's characters that no font it draws with has, shown as boxes (tofu): per place
    (the heading they are under, as the PDF shows it) the characters, in order of appearance. The
    app keeps them as typed; the report names them, so that nobody hands out boxes unawares."""
    dropped = []
    for number, (place, chars) in enumerate(places, start=1):
        shown = chars if len(chars) <= _SHOWN_CHARS else chars[:_SHOWN_CHARS] + "…"
        at = Message(key="export_report.unshown_at", chars=shown, place=place or Message(key="export_report.pdf_start"))
        box = Message(key="export_report.glyph_box")
        dropped.append(Dropped(
            field=f"pdf_glyphs.{number}", label=Label(at.text("ja"), at.text("en")), why=Message(key="export_report.no_glyph"),
            kept_as=Label(box.text("ja"), box.text("en")), kept_as_field="box",
        ))
    note_dropped(*dropped)


def note_said(*said: Message) -> None:
    """Add what the export running on this thread tells the user besides what it wrote (a page the user edited
    kept beside the one written again) to its report."""
    noted = _said.get()
    if noted is not None:
        noted.extend(said)


def run_export(kind: ExportKind, ws: Workspace, project_id: int, out: Path, lang: Lang, options: dict[str, Any]) -> ExportReport:
    """Write the document (``kind.export``) and report it: the path written, the kind's ``dropped``
    list for that output (its suffix and options), then what the writing noted (:func:`note_dropped`)."""
    token, said_token = _noted.set([]), _said.set([])
    try:
        written = kind.export(ws, project_id, out, lang, options)
        noted, said = _noted.get() or [], _said.get() or []
    finally:
        _noted.reset(token)
        _said.reset(said_token)
    return ExportReport(kind=kind.name, written=[Path(written)], dropped=[*kind.dropped(Path(written), options), *noted],
                        said=said)


def write_report(report: ExportReport, path: Path, lang: str) -> Path:
    """``--report F.json``: the report as UTF-8 JSON (Japanese as is), written atomically."""
    import json

    from app.core.files.atomic import write_text

    return write_text(path, json.dumps(report.as_json(lang), ensure_ascii=False, indent=2) + "\n")

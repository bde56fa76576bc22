"""Errors in the user's language, naming things by their label (never an internal id)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication

from app.core.content.loader import ContentLibrary
from app.core.content.model import Column
from app.core.errors import AnswerValueError, ConflictError, DatabaseBusy, UserError
from app.core.i18n import Lang, format_date
from app.core.messages import Message
from app.wbs.company_calendar import PART as HOLIDAYS


def _label(library: ContentLibrary, part: str, ident: str, lang: Lang) -> str:
    if part == "answers":
        item = library.item(ident)
        return item.label.get(lang) if item is not None else ident
    if part == "documents":  # a project document, by what the user calls it (app/features.py)
        from app.features import document_label

        label = document_label(ident)
        return label.get(lang) if label is not None else ident
    if part == HOLIDAYS:  # a company holiday, by its day as the language writes a date (2026/12/29 in Japanese)
        try:
            return format_date(dt.date.fromisoformat(ident), lang)
        except ValueError:
            return ident
    if part == "sessions":  # a hearing session by its number, as its minutes' heading names it
        return f"第{ident}回ヒアリング" if lang == "ja" else f"hearing session {ident}"
    return ident  # WBS task names and baseline names are the user's own words already


def _conflict_names(library: ContentLibrary, error: ConflictError, lang: Lang) -> list[str]:
    """What a conflict names: each document by the fields changed in it, as its page calls them
    (「フレームワーク」, a checklist item, a person, a section: among dozens the user sees which was kept as
    the other window's), the document itself when no field is known; anything else by its label."""
    if error.part != "documents":
        return [_label(library, error.part, i, lang) for i in error.ids]
    from app.features import document_field_label

    names: list[str] = []
    for ident in error.ids:
        fields = [document_field_label(library, ident, f) for f in error.fields]
        known = [f.get(lang) for f in fields if f is not None]
        for name in (known if known and len(known) == len(fields) else [_label(library, error.part, ident, lang)]):
            if name not in names:
                names.append(name)
    return names


def value_problem(
    error: AnswerValueError, lang: Lang, library: ContentLibrary | None, where: str | None = None, column: Column | None = None
) -> str:  # fmt: skip
    """Why a value does not fit, naming the item (and column) by label, in the UI language
    (``where`` replaces the item's name, e.g. a table cell's column label)."""
    return error.text(lang, library, where)


def ui_lang() -> Lang:
    """The window's language now (set by :func:`app.ui.translations.install_translations`)."""
    app = QCoreApplication.instance()
    return "ja" if app is not None and app.property("uiLang") == "ja" else "en"


def shown_text(error: BaseException, library: ContentLibrary | None = None, typed: bool = True) -> str:
    """The one-line text for ``error`` in the window's language now; items named by their label
    (from ``library``, else the shipped content). For a label or a status line next to a field."""
    if library is None:
        from app.core.content.loader import default_library

        library = default_library()
    return user_text(error, ui_lang(), library, typed)


def user_text(error: BaseException, lang: Lang, library: ContentLibrary, typed: bool = True) -> str:
    """The one-line text the window shows for a core error. ``typed``: the user typed what was refused (a busy
    database says it is kept); False for an action nothing was typed for (Archive, Delete: nothing was changed)."""
    if isinstance(error, AnswerValueError):
        return value_problem(error, lang, library)
    if isinstance(error, ConflictError):
        named = _conflict_names(library, error, lang)
        names = "、".join(f"「{n}」" for n in named) if lang == "ja" else ", ".join(f"“{n}”" for n in named)
        if error.gone:
            return QCoreApplication.translate("errors", "{0} was deleted in another window or process since; nothing was changed.").format(
                names or QCoreApplication.translate("errors", "This")
            )
        return QCoreApplication.translate("errors", "{0} was changed in another window or process since; nothing was overwritten and the page shows the current value.").format(
            names or QCoreApplication.translate("errors", "This")
        )
    if isinstance(error, DatabaseBusy) and error.key is None and not typed:  # (not Offline, below)
        return QCoreApplication.translate("errors", "The database is busy: another window or process is writing. Nothing was changed; try again in a moment.")
    if isinstance(error, DatabaseBusy) and error.key is None:  # not Offline (app/ui/operations.py): it has its own line
        return QCoreApplication.translate("errors", "The database is busy: another window or process is writing. Your input is kept; try again in a moment.")
    if isinstance(error, UserError):
        return error.text(lang, library)  # by message id, items named by their label
    if isinstance(error, OSError) and error.filename is not None:  # a path the system refused (too long, no permission)
        from app.core.files.probe import unusable

        return unusable(error.filename, error).text(lang)
    return str(error)


def unread_text(error: BaseException, lang: Lang, library: ContentLibrary) -> str:
    """Why a page could not read the project, said as a read's failure: nothing typed is at stake and the page
    reads again by itself, so never a save's "nothing was saved, try again" (break-it 69j: a read cut off by the
    server stopping was said as 「未保存: …保存していません。もう一度お試しください」 after the answer was saved)."""
    key = error.key if isinstance(error, UserError) else None
    raw = error.params.get("detail", "") if isinstance(error, UserError) else ""
    detail = raw.text(lang, library) if isinstance(raw, Message) else str(raw)  # (why, in the UI language)
    if key == "db.connection_lost":
        return QCoreApplication.translate("errors", "the connection to the database server was lost ({0}); the app reconnects and reads the page again").format(detail)
    if key in ("db.server_unreachable", "db.offline"):  # (db.offline: a read the page stack said so, app/ui/operations.py Offline)
        return QCoreApplication.translate("errors", "the database server cannot be reached ({0}); the page is read again once it answers").format(detail)
    if key == "db.change_damaged":
        return QCoreApplication.translate("errors", "the database file cannot be read ({0}): it is damaged. Restore a copy from the backups folder beside it").format(detail)
    if key == "db.change_io_error":
        return QCoreApplication.translate("errors", "the database could not be read ({0}): its disk refused (unplugged, or failing). Check the disk; the page is read again").format(detail)
    if isinstance(error, DatabaseBusy) and key is None:
        return QCoreApplication.translate("errors", "the database is busy: another window or process is writing; the page is read again in a moment")
    return user_text(error, lang, library, typed=False)

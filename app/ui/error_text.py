"""Errors in the user's language, naming things by their label (never an internal id)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.core.content.loader import ContentLibrary
from app.core.content.model import Column
from app.core.errors import AnswerValueError, ConflictError, DatabaseBusy, UserError
from app.core.i18n import Lang, list_separator


def _label(library: ContentLibrary, part: str, ident: str, lang: Lang) -> str:
    if part == "answers":
        item = library.item(ident)
        return item.label.get(lang) if item is not None else ident
    if part == "documents":
        names = {
            "proposal": QCoreApplication.translate("errors", "Kickoff proposal"),
            "environment": QCoreApplication.translate("errors", "Experiment environment"),
            "data_platform": QCoreApplication.translate("errors", "Data platform & CI"),
            "wbs": QCoreApplication.translate("errors", "WBS"),
        }
        return names.get(ident, ident)
    return ident  # WBS task titles are the user's own words already


def value_problem(
    error: AnswerValueError, lang: Lang, library: ContentLibrary | None, where: str | None = None, column: Column | None = None
) -> str:  # fmt: skip
    """Why a value does not fit, naming the item (and column) by label, in the UI language."""
    item = library.item(error.item_id) if library is not None else None
    if column is None and item is not None and error.column:
        column = next((c for c in item.columns if c.id == error.column), None)
    if where is None:
        where = item.label.get(lang) if item is not None else error.item_id
        if column is not None:
            where += " / " + column.label.get(lang)
    options = column.options if column is not None else (item.options if item is not None else [])
    allowed = list(error.allowed) if error.problem == "rows" else [o.label.get(lang) for o in options] or list(error.allowed)
    raw = str(error.raw)
    texts = {
        "number": QCoreApplication.translate("errors", "{0}: “{1}” is not a number"),
        "finite": QCoreApplication.translate("errors", "{0}: “{1}” is not a finite number"),
        "date": QCoreApplication.translate("errors", "{0}: “{1}” is not a date (YYYY-MM-DD)"),
        "bool": QCoreApplication.translate("errors", "{0}: “{1}” is not yes or no"),
        "choice": QCoreApplication.translate("errors", "{0}: “{1}” is not one of the options ({2})"),
        "shape": QCoreApplication.translate("errors", "{0}: this value does not fit this kind of answer"),
        "rows": QCoreApplication.translate("errors", "{0}: a table holds at most {2} rows, not {1}"),
    }
    return texts.get(error.problem, texts["shape"]).format(where, raw, list_separator(lang).join(allowed))


def user_text(error: BaseException, lang: Lang, library: ContentLibrary) -> str:
    """The one-line text the window shows for a core error."""
    if isinstance(error, AnswerValueError):
        return value_problem(error, lang, library)
    if isinstance(error, ConflictError):
        names = "、".join(f"「{_label(library, error.part, i, lang)}」" for i in error.ids) if lang == "ja" else ", ".join(
            f"“{_label(library, error.part, i, lang)}”" for i in error.ids
        )
        return QCoreApplication.translate("errors", "{0} was changed in another window or process since; nothing was overwritten and the page shows the current value.").format(
            names or QCoreApplication.translate("errors", "This")
        )
    if isinstance(error, DatabaseBusy):
        return QCoreApplication.translate("errors", "The database is busy: another window or process is writing. Your input is kept; try again in a moment.")
    if isinstance(error, UserError):
        return error.text(lang)  # the Japanese text where the error gives one
    return str(error)

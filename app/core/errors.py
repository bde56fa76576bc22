"""Typed errors that carry a message meant for the user.

Core code raises these; the UI shows them through one dialog function and the CLI prints one
line on stderr and exits with status 2. Anything else escaping is a bug.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from app.core.content.loader import ContentLibrary


class UserError(Exception):
    """A problem the user can fix (bad input, missing file, unknown project).

    Raised with a message id and its parameters (``key="project.name_taken", name=...``; the
    texts are in ``resources/messages.yaml``, see app/core/messages.py), or, for the few typed
    errors that build their own, ``message`` in English and ``ja`` in Japanese. The window and the
    CLI show :meth:`text` in the user's language; ``str()`` is the English line (logs).
    """

    exit_code = 2

    def __init__(self, message: str = "", /, ja: str | None = None, *, key: str | None = None, **params: object) -> None:
        self.key = key
        self.params = params
        if key is not None:
            from app.core.messages import render

            message = render(key, params, "en")
        super().__init__(message)
        self.message = message
        self.ja = ja

    def __str__(self) -> str:
        return self.message

    def text(self, lang: str, library: ContentLibrary | None = None) -> str:
        """The message in ``lang``; items are named by their label from ``library`` (or the shipped content)."""
        if self.key is not None:
            from app.core.messages import render

            return render(self.key, self.params, lang, library)
        return self.ja if lang == "ja" and self.ja else self.message


class NotFoundError(UserError):
    """A project, item, session or file that does not exist."""


class FileMissing(NotFoundError):
    """A file the user named that is not there."""

    def __init__(self, path: object) -> None:
        self.path = path
        super().__init__(f"file not found: {path}", f"ファイルがありません: {path}")


class DatabaseFileError(UserError):
    """A database file that cannot be read or is not SQLite; nothing was changed. ``reason``: unreadable, not_sqlite."""

    def __init__(self, path: object, reason: str, detail: str = "") -> None:
        self.path, self.reason, self.detail = path, reason, detail
        if reason == "unreadable":
            en = f"cannot read the database {path}" + (f": {detail}" if detail else "")
            ja = f"データベース {path} を読めません" + (f"({detail})" if detail else "")
        else:
            en = f"cannot open the database {path}: it is not a SQLite file, so not an MLOps Kickoff database; nothing was changed"
            ja = f"{path} は SQLite のファイルではないため、MLOps Kickoff のデータベースとして開けません。何も変更していません"
        super().__init__(en, ja)


class ContentError(UserError):
    """A checklist or template file that cannot be used; the message names file, item and problem.

    ``problem`` is a :class:`~app.core.messages.Message` (rendered in the user's language) or, for
    the few callers that build their own, a sentence in English.
    """

    def __init__(self, path: str, problem: object, item: object | None = None) -> None:
        if item:
            super().__init__(key="content.item_problem", path=path, item=item, problem=problem)
        else:
            super().__init__(key="content.file_problem", path=path, problem=problem)
        self.path = path
        self.item = item
        self.problem = problem


class InvalidContent(ValueError):
    """A content model's validator refusing a value, by message id (``key=``) and parameters.

    Pydantic wraps it like any ValueError (its text is the English line); the content loader finds
    it in the validation error and renders the message in the user's language.
    """

    def __init__(self, *, key: str, **params: object) -> None:
        from app.core.messages import Message

        self.message = Message(key=key, **params)
        super().__init__(self.message.text("en"))


class RefusedImportError(UserError):
    """An import file that does not belong here (foreign project, wrong structure, not the right format)."""


class UnsafeWorkbookError(RefusedImportError):
    """A workbook refused before it is parsed: damaged, hostile XML, or past one of the import limits.

    ``name`` is the file's name, ``problem`` what was found: a :class:`~app.core.messages.Message`
    (``workbook.unpacked_size``, ``workbook.rows_has``, ``workbook.doctype``, ``workbook.not_zip``...;
    an English phrase from a caller that builds its own), ``figure`` and ``limit`` the measured
    value and the limit it passed (None where no number applies), ``unit`` their unit. ``at_least``:
    the reading stopped at the figure (the file holds that much or more). ``detail`` is advice (a
    Message) or the system's own words.
    """

    def __init__(self, name: str, problem: object, figure: int | None = None, limit: int | None = None,
                 unit: str = "", detail: object = "", at_least: bool = False) -> None:
        from app.core.messages import Message

        self.name = name
        self.problem = problem
        self.figure = figure
        self.limit = limit
        self.unit = unit
        self.at_least = at_least
        if figure is not None and limit is not None:
            sizes = {"problem": problem, "figure": _figure(figure, unit), "limit": _figure(limit, unit)}
            what: object = (Message(key="workbook.over_limit_at_least", **sizes) if at_least
                            else Message(key="workbook.over_limit", **sizes))
        else:
            what = problem
        if detail:
            super().__init__(key="workbook.refused_detail", name=name, problem=what, detail=detail)
        else:
            super().__init__(key="workbook.refused", name=name, problem=what)


def _figure(value: int, unit: str) -> object:
    """A measured size or count with its unit, in the message's language (MB, bytes / バイト, cells / セル)."""
    from app.core.messages import Message

    if unit == "bytes":
        if value >= 1_000_000:
            return f"{value / 1_000_000:,.1f} MB"
        return Message(key="workbook.unit_bytes", count=f"{value:,}")
    if unit == "cells":
        return Message(key="workbook.unit_cells", count=f"{value:,}")
    return f"{value:,}{' ' + unit if unit else ''}"


class ValidationFailed(UserError):
    """A value that does not fit the field it is meant for."""


RAW_SHOWN = 200  # characters of a refused value a message quotes (the rest: "…"; what was typed is kept where it was typed)


class AnswerValueError(ValidationFailed):
    """A value that does not fit a checklist item (or one column of its table).

    ``problem`` is one of: number, finite, digits (more digits before the point than a number keeps exactly),
    date, weekday (a date whose weekday after it is not its own), date_range, bool, choice, shape, rows, too_small, too_large;
    :meth:`text` names the item (and column) by its label and the options by theirs, in the user's language
    (message ids ``answer.<problem>``). ``allowed`` holds option ids (the row limit for ``rows``, the
    column's least or most for ``too_small`` and ``too_large``).
    """

    def __init__(self, item_id: str, problem: str, raw: object = None, column: str | None = None,
                 allowed: tuple[str, ...] = ()) -> None:  # fmt: skip
        self.item_id, self.problem, self.raw, self.column, self.allowed = item_id, problem, raw, column, allowed
        self.row: int | None = None  # a table's row (from 1), set where the rows are read
        super().__init__(self.text("en", None))

    def text(self, lang: str, library: ContentLibrary | None = None, where: str | None = None) -> str:
        from app.core.i18n import EXACT_DIGITS, date_years, misdated_said, plain_number
        from app.core.messages import ItemRef, Many, render

        if library is None:
            from app.core.messages import _shipped_library

            library = _shipped_library()
        ref = ItemRef(self.item_id, self.column)
        allowed: tuple[str, ...] = self.allowed
        if self.problem == "choice" and library is not None and (item := library.item(self.item_id)) is not None:
            column = next((c for c in item.columns if c.id == self.column), None) if self.column else None
            options = column.options if column is not None else item.options
            allowed = tuple(o.label.get(lang) for o in options) or self.allowed  # type: ignore[arg-type]
        raw = self.raw if isinstance(self.raw, str) else plain_number(self.raw) if isinstance(self.raw, float) else repr(self.raw)
        limit = 60 if self.problem in ("too_small", "too_large", "digits") else RAW_SHOWN
        if len(raw) > limit:
            raw = raw[:limit] + "…"  # a number of 400 digits, a 100,000-character paste: its beginning says which
        key = f"answer.{self.problem}" if self.problem in ANSWER_PROBLEMS else "answer.shape"
        named = where or ref.label(lang, library)
        if self.row is not None:
            named = render("answer.in_row", {"item": named, "row": self.row}, lang)
        params = {"item": named, "raw": raw, "allowed": Many(allowed), "digits": EXACT_DIGITS}
        if self.problem == "weekday":  # the date with its own weekday (2026/12/05(土)), as the date boxes say it
            params["date"] = misdated_said(str(self.raw))
        return render(key, params | date_years(), lang)  # (date_range's years, digits' bound)


ANSWER_PROBLEMS = ("number", "finite", "digits", "date", "weekday", "date_range", "bool", "choice", "shape", "rows", "too_small", "too_large")


class DatabaseBusy(UserError):
    """Another window or process held the database's write lock for longer than we wait; nothing was saved."""

    def __init__(self, message: str = "the database is busy (another window or process is writing); nothing was saved") -> None:
        super().__init__(message, "データベースが使用中です(別のウィンドウまたはプロセスが書き込み中)。保存していません")


class DiskFull(UserError):
    """The disk (or the database's size limit) is full: the transaction was rolled back, nothing was lost."""

    def __init__(self, message: str = "the disk is full: the change was not saved and nothing was lost (the data is as it was before); free some space and try again") -> None:
        super().__init__(message, "ディスクがいっぱいです。変更は保存していませんが、失われたものはありません(データは変更前のままです)。空きを作ってからもう一度お試しください")


class ConflictError(UserError):
    """A change based on a value that someone else has changed since (another window, process or import).

    Nothing was written. ``part`` is the part of the project (answers, documents, wbs), ``ids`` what
    collided there (item ids, a document kind, task titles) and ``fields`` which fields; clients
    render labels in their language from these. ``gone``: what collided was deleted since (an undo of
    an added task a script deleted meanwhile), said so rather than "changed".
    """

    def __init__(self, part: str, ids: list[str] | tuple[str, ...] = (), fields: list[str] | tuple[str, ...] = (), gone: bool = False) -> None:
        self.part = part
        self.ids = list(ids)
        self.fields = list(fields)
        self.gone = gone
        what = ", ".join(self.ids) or part
        detail = f" ({', '.join(self.fields)})" if self.fields else ""
        if gone:
            super().__init__(f"{what} was deleted elsewhere since; nothing was changed", f"{what}はその後に別の場所で削除されました。何も変更していません")
        else:
            super().__init__(f"{what}{detail} was changed elsewhere since; nothing was overwritten",
                             f"{what}{detail}はその後に別の場所で変更されました。上書きしていません")


def error_as_json(error: BaseException | None) -> dict[str, Any] | None:
    """A core error as JSON data, to say it again in another language later (a draft kept on disk):
    its message id and parameters (app/core/messages.py param_as_json), or what the errors the window
    words itself are made of; None for an error of another kind (only its text can be kept)."""
    from app.core.messages import param_as_json

    if isinstance(error, AnswerValueError):
        raw = error.raw if isinstance(error.raw, str) else repr(error.raw)  # (said as its repr in any case)
        return {"answer": {"item": error.item_id, "problem": error.problem, "raw": raw, "column": error.column, "allowed": list(error.allowed),
                           "row": error.row}}  # fmt: skip
    if isinstance(error, ConflictError):
        return {"conflict": {"part": error.part, "ids": error.ids, "fields": error.fields, "gone": error.gone}}
    if isinstance(error, DatabaseBusy) and error.key is None:
        return {"busy": True}
    if isinstance(error, UserError) and error.key is not None:
        return {"key": error.key, "params": {k: param_as_json(v) for k, v in error.params.items()}}
    if isinstance(error, UserError):
        return {"en": error.message, "ja": error.ja}
    return None


def error_from_json(data: Any) -> UserError | None:
    """The error :func:`error_as_json` kept (None when ``data`` is none: the text kept is shown instead).
    A drafts file is the user's, it may be edited or damaged: every part is checked for the type it is
    written with, a message must be in the catalogue with the parameters its text needs, nesting is
    bounded (app/core/messages.py param_from_json); on any doubt, None."""
    from app.core.messages import known_message, param_from_json

    if not isinstance(data, dict):
        return None
    try:
        if "answer" in data:
            answer = data["answer"]
            if not isinstance(answer, dict):
                return None
            item, problem, raw, column, allowed = (answer.get("item"), answer.get("problem"), answer.get("raw"),
                                                   answer.get("column"), answer.get("allowed") or [])  # fmt: skip
            if not (isinstance(item, str) and item and problem in ANSWER_PROBLEMS and _text_or_number(raw)
                    and isinstance(column, str | None) and _texts(allowed)):  # fmt: skip
                return None
            said = AnswerValueError(item, problem, raw, column, tuple(allowed))
            row = answer.get("row")  # a table's row (a file before it was kept: none)
            said.row = row if type(row) is int and 0 < row <= 1_000_000 else None
            return said
        if "conflict" in data:
            conflict = data["conflict"]
            if not (isinstance(conflict, dict) and isinstance(conflict.get("part"), str)
                    and _texts(conflict.get("ids")) and _texts(conflict.get("fields"))):  # fmt: skip
                return None
            return ConflictError(conflict["part"], conflict["ids"], conflict["fields"], conflict.get("gone") is True)
        if data.get("busy") is True:
            return DatabaseBusy()
        if "key" in data:
            params = data.get("params")
            if not (isinstance(params, dict) and known_message(data["key"], params)):
                return None
            return UserError(key=data["key"], **{k: param_from_json(v, 1) for k, v in params.items()})
        if isinstance(data.get("en"), str) and isinstance(data.get("ja"), str | None):
            return UserError(data["en"], data["ja"])
    except (KeyError, TypeError, ValueError, IndexError, RecursionError):  # a file edited, or of a version whose message differs
        return None
    return None


def _texts(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _text_or_number(value: Any) -> bool:
    return isinstance(value, str) or (isinstance(value, int | float) and not isinstance(value, bool))


def shown(value: str, limit: int = 60) -> str:
    """A value for a one-line message, without quotes (each language adds its own): escapes visible, long values cut."""
    text = value if len(value) <= limit else value[:limit] + "…"
    return repr(text)[1:-1]


class FieldRefused(ValidationFailed):
    """A value that a field's rule refuses.

    ``field`` is what the user calls the field: a label in both languages (a content ``Localized``,
    a :class:`~app.core.messages.Label`) or a :class:`~app.core.messages.Message` naming it from
    its parts, shown in the user's language. ``rule`` is the message id of the rule (``key=``);
    its text has ``{field}`` and ``{value}`` and any further ``params``.
    """

    def __init__(self, field: object, value: str, *, key: str, shown_as: object = None, **params: object) -> None:
        """``shown_as``: the value as the message says it when it was not typed as text (a date picked in
        an editor: a :class:`~app.core.messages.Label` writing it as each language writes dates)."""
        self.field = field
        self.value = value
        self.rule = key
        said = shown(value) if shown_as is None else shown_as
        super().__init__(key=key, field=field, value=said, **cast("dict[str, Any]", params))  # the message's own parameters


class UnsafeValue(FieldRefused):
    """A value that cannot be written safely into a generated file (a command, a CI workflow, a Dockerfile).

    ``key`` names the problem (``unsafe.control``, ``unsafe.option``...); each text ends by saying
    that the value cannot be written into a generated file and must be changed.
    """

    def __init__(self, what: object, value: str, *, key: str) -> None:
        super().__init__(what, value, key=key)

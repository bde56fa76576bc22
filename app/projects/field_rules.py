"""The project file's values checked as the pages check them: the Experiment environment and Data
platform & CI pages' field rules (values that end up in commands, paths and CI files) and every answer
as its item takes it, with the content library.

The import refuses a file holding a value the pages would refuse (:func:`check_field_rules`); the export
makes the same checks of the project it writes (:func:`check_stored_values`), so that what it writes,
the import takes. What the app keeps and shows as it was stored (an answer saved before the checklist
changed its item, a choice no longer offered, words in a date item) passes both, as it was; so does what
no page shows nor anything reads (a field or the storage location of a data kind the form no longer has:
app/environment/service.py check_documents), kept as it is and never named by its id.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from app.core.content.model import ID_PATTERN
from app.core.errors import NotFoundError, RefusedImportError, ValidationFailed
from app.projects.file_format import ProjectFile, ProjectTooLarge

_OPTION_ID = re.compile(ID_PATTERN)
_OPTION_ID_LENGTH = 120  # (app/core/content/model.py Identifier)


def check_field_rules(library: Any, parsed: ProjectFile, source: object) -> None:
    """Refuse a file holding a value that the Experiment environment or Data platform page would
    refuse, or an answer its item would not take (:func:`answer_refusal`)."""
    refused = environment_refusal(library, parsed)
    problem = refused[1] if refused is not None else answer_refusal(library, parsed)
    if problem is not None:  # the page's own words, in the user's language
        raise RefusedImportError(key="project_file.refused_value", source=source, problem=problem)


def check_stored_values(library: Any, parsed: ProjectFile, path: Path) -> None:
    """The export's checks of the values of the project it writes, the import's own: a value the
    import would refuse is refused before anything is written, said with where to correct it (an
    environment value by its page and field, an answer by its item), never a file that does not come back."""
    from app.environment import page_label

    project = parsed.project.name
    refused = environment_refusal(library, parsed)
    if refused is not None:
        kind, problem = refused
        raise ProjectTooLarge(key="project_file.export_value_refused", path=path, project=project,
                              page=page_label(kind) or kind, problem=problem)
    answer = answer_refusal(library, parsed)
    if answer is not None:
        raise ProjectTooLarge(key="project_file.export_answer_refused", path=path, project=project, problem=answer)


def environment_refusal(library: Any, parsed: ProjectFile) -> tuple[str, ValidationFailed] | None:
    """The first environment value its page would refuse: its document's kind and why (None: none)."""
    from app.environment import check_documents, form_in

    try:
        form = form_in(library)
    except NotFoundError:
        return None
    for doc in parsed.documents:
        try:
            check_documents(form, doc.kind, doc.data)
        except ValidationFailed as exc:
            return doc.kind, exc
    return None


def answer_refusal(library: Any, parsed: ProjectFile) -> ValidationFailed | None:
    """The first answer its known item would not take as typed in the app (a choice that is no option
    id, a date that is none...), why (None: none).

    Answers to items the content does not know are kept as they are (orphans, never dropped), and so
    are answers the app keeps and shows as they were stored: saved before the checklist changed their
    item's kind (:func:`_kept_of_another_kind`), a choice the item no longer offers, words in a date
    item, a date or a number outside the range the app takes (:func:`_as_kept`). Only damage is refused.
    """
    from app.hearing import due_date, normalize_value

    for answer in parsed.answers:
        try:
            if not _out_of_range(answer.followup_due):  # an earlier version's 9999/12/31 comes in as it was (_as_kept)
                due_date(answer.item_id, answer.followup_due)
            item = library.item(answer.item_id)
            if item is None:
                continue
            for key in ("value", "later"):
                raw = getattr(answer, key, None)
                if raw is not None and not _kept_of_another_kind(item, raw):
                    normalize_value(item, _as_kept(item, raw))
        except ValidationFailed as exc:  # the item named by its label (AnswerValueError), not its id
            return exc
    return None


def _kept_of_another_kind(item: Any, raw: Any) -> bool:
    """Whether ``raw`` is an answer saved before the checklist changed ``item``'s kind (a table's text or
    words, a text's rows, a number's text), well-formed as the app stored it: of another kind's shape.

    The app keeps such an answer and says it as its words (app/hearing/formats.py), and duplicates it:
    its file is imported with it as it was, not refused as if it were typed now. Rows are checked as
    a table's rows are (at most the rows a table takes), their cells kept as they are (the columns
    they had are not known); a value of no kind's shape is damage, said by the check as typed."""
    from app.core.content.model import AnswerKind
    from app.hearing import normalize_value

    if item.kind.holds(raw) or not any(kind.holds(raw) for kind in AnswerKind):
        return False
    if raw and AnswerKind.TABLE.holds(raw):
        normalize_value(item.model_copy(update={"kind": AnswerKind.TABLE, "columns": []}), raw)
    return True


def _as_kept(item: Any, raw: Any) -> Any:
    """``raw`` with what the app keeps and shows as it was stored left out, for the check only.

    - a date outside the years the app takes (1900-2199): an earlier version took 9999/12/31 ("no end
      date") as typed; the page shows it and asks for another on the next save, the documents read it
      as no date;
    - words in a date item or a table's date cell (saved before the checklist made it a date): the page
      shows them and asks for a date on the next save, as for the date above;
    - a choice the item or the column no longer offers (the checklist dropped it), well-formed as the
      app stores an option (its id): the page shows it, ticked, and keeps it (app/ui/hearing/value_editors.py);
    - a number outside its column's range (a data volume of -5 or of 400 digits, taken by an earlier
      version): the capacity calculator says it is not one it can take; so is one outside the range of an
      item given its least later (:data:`LEAST_ADDED_LATER`: a retraining cost of -5,000): the cost estimate
      says it unusable.

    A file of such a value is imported with it as it was, never refused whole for it. Every other value
    is checked as typed (a choice that is no option id, a number's words, a control character in an id:
    damage, refused)."""
    from app.core.content.model import AnswerKind, ColumnKind
    from app.hearing import cell_error

    match item.kind:
        case AnswerKind.DATE:
            return None if _kept_date(raw) else raw
        case AnswerKind.NUMBER if item.id in LEAST_ADDED_LATER:
            return None if _out_of_its_range(item, raw) else raw
        case AnswerKind.CHOICE:
            return None if _option_id(raw) else raw
        case AnswerKind.MULTI if isinstance(raw, list):
            return [v for v in raw if not _option_id(v)]
        case AnswerKind.TABLE if isinstance(raw, list):
            dates = {c.id for c in item.columns if c.kind == ColumnKind.DATE}
            choices = {c.id for c in item.columns if c.kind == ColumnKind.CHOICE}
            ranged = {c.id: c for c in item.columns if c.minimum is not None or c.maximum is not None}

            def kept(column_id: str, value: Any) -> bool:
                if column_id in dates:  # words or a date past 2199, shown as they are (app/ui/hearing/table_model.py)
                    return _kept_date(value)
                if column_id in choices:
                    return _option_id(value)
                error = cell_error(item.id, ranged[column_id], value) if column_id in ranged else None
                return error is not None and error.problem in ("too_small", "too_large")

            return [{k: (None if kept(k, v) else v) for k, v in row.items()} if isinstance(row, dict) else row for row in raw]
    return raw


# The number items given a least after an earlier version stored values below it (a retraining cost of -5,000): such a
# value, kept by a project file of that version, is imported as it was. An item that always had its range is checked
# as typed (a project file of -5 users is refused naming it: no version ever took one).
LEAST_ADDED_LATER = frozenset({"system_planning.cost.retraining_cost", "system_planning.cost.business_value"})


def _out_of_its_range(item: Any, raw: Any) -> bool:
    """Whether ``raw`` is a number its item takes but for its range (below its least, past its most)."""
    from app.core.errors import AnswerValueError
    from app.hearing import normalize_value

    try:
        normalize_value(item, raw)
    except AnswerValueError as error:
        return error.problem in ("too_small", "too_large")
    return False


def _option_id(value: Any) -> bool:
    """A choice as the app stores one: an option's id (offered now or not)."""
    return isinstance(value, str) and len(value) <= _OPTION_ID_LENGTH and _OPTION_ID.fullmatch(value) is not None


def _kept_date(value: Any) -> bool:
    """A date item's text the app keeps as stored: a date outside 1900-2199, or words that are no date."""
    from app.core.i18n import parse_date

    if not isinstance(value, str):
        return False
    try:
        parse_date(value)
    except ValueError:
        return True  # words (来月頃), saved before the item became a date
    return _out_of_range(value)


def _out_of_range(value: Any) -> bool:
    from app.core.i18n import date_in_range, parse_date

    if not isinstance(value, str | dt.date):
        return False
    try:
        day = value if isinstance(value, dt.date) else parse_date(value)
    except ValueError:
        return False  # not a date at all: said as such by the check
    return not date_in_range(day)

"""Another window saved fields of the proposal typed here since they were shown: the conflict dialog,
as the other pages ask it (keep theirs, use mine, or merge a section's texts; the problems table as
the table shows it, merged row by row when the two sides changed different rows)."""

from __future__ import annotations

import copy
from collections.abc import Callable, Collection
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication

from app.core.errors import UserError
from app.core.i18n import Lang
from app.core.operations import Change, document_diff
from app.proposal.content import ProposalContent, proposal_content
from app.proposal.edits import default_rows
from app.proposal.model import ProblemRow, ProposalDoc
from app.proposal.service import KIND, ProposalService, dump_doc, parse_doc
from app.ui.proposal.problems_model import COL_COUNTERMEASURE, COL_PHASE, COL_PROBLEM, COL_TASK, ProblemsModel

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from app.core.errors import ConflictError
    from app.proposal.view import ProposalView
    from app.ui.state import AppState


def _at(data: Any, path: list[str]) -> Any:
    for part in path:
        data = data.get(part) if isinstance(data, dict) else None
    return data


def _put(data: dict[str, Any], path: list[str], value: Any) -> None:
    for part in path[:-1]:
        data = data.setdefault(part, {})
    if value is None:
        data.pop(path[-1], None)  # (not in the stored document: the template's)
    else:
        data[path[-1]] = value


def rebased(
    base: ProposalDoc, typed: ProposalDoc, stored: ProposalDoc, *, stepped: Collection[tuple[Any, ...]] = ()
) -> tuple[ProposalDoc, ProposalDoc]:  # fmt: skip
    """Typing held as a draft (``typed``, from ``base``) over a stored proposal that changed: the new base
    and the document to show. The fields typed stay as typed, the others are what is stored now, and so
    is their base. A typed field keeps its base, so that another window's change of it since stays a
    conflict, asked about when the typing is saved; only where this window's own undo or redo changed it
    (``stepped``: the paths that step changed) does its base follow what is stored: the user's own step
    is never a conflict."""
    old, mine, now = dump_doc(base), dump_doc(typed), dump_doc(stored)
    shown, was = copy.deepcopy(now), copy.deepcopy(now)
    own = [[str(key) for key in path] for path in stepped]
    for path in sorted(document_diff(old, mine), key=len):
        keys = [str(key) for key in path]
        _put(shown, keys, _at(mine, keys))
        if not any(_overlaps(keys, step) for step in own):
            _put(was, keys, _at(old, keys))
    return parse_doc(was), parse_doc(shown)


def stepped_paths(change: Change) -> list[tuple[Any, ...]]:
    """The fields of the proposal this window's own step changed (an undo, a redo): none known of a
    change made elsewhere, or of more than the proposal."""
    if change.external or change.kinds != {KIND} or not (isinstance(change.before, dict) and isinstance(change.after, dict)):
        return []
    return list(document_diff(change.before, change.after))


def _overlaps(path: list[str], other: list[str]) -> bool:
    """One path is the other or inside it (a section's text and the section written whole)."""
    return path[: len(other)] == other or other[: len(path)] == path


def _rows(data: Any, content: ProposalContent) -> Any:
    """The problems table of a side as the page shows it: the library's default rows until it was changed."""
    return [_dumped(row) for row in default_rows(content)] if data is None else data


def _dumped(row: ProblemRow) -> dict[str, Any]:
    return row.model_dump(mode="json", exclude_none=False)


def rows_shown(content: ProposalContent, lang: Lang) -> Callable[[Any], str]:
    """The problems table as the page's table shows it, a row a line, numbered: the problem, the
    countermeasure, the phase and the task by their labels (the library's texts where the row keeps
    them; never its ids, nor None)."""
    model = ProblemsModel(content, lang)
    columns = (COL_PROBLEM, COL_COUNTERMEASURE, COL_PHASE, COL_TASK)

    def show(rows: Any) -> str:
        try:
            model.set_rows([ProblemRow.model_validate(row) for row in rows or []])
        except (TypeError, ValueError):  # (not rows as stored: as they are)
            return str(rows)
        return "\n".join(f"{n + 1}. " + " | ".join(str(model.index(n, c).data() or "") for c in columns) for n in range(model.rowCount()))

    return show


_CLASH, _NONE = object(), object()  # a wording both sides changed differently; a language one side has none in


def merge_problem_rows(base: Any, theirs: Any, mine: Any) -> list[dict[str, Any]] | None:
    """The problems tables of both sides kept (:func:`merge_rows`), and a library row (the same ``ref`` on
    every side, in its place) both sides reworded kept too when they changed different fields or wordings
    of different languages (one window in Japanese, the other in English); None when they cannot be."""
    from app.ui.window.conflict_dialog import merge_rows

    merged = merge_rows(base, theirs, mine)
    if merged is not None or not all(isinstance(rows, list) and all(isinstance(r, dict) for r in rows) for rows in (base, theirs, mine)):
        return merged
    if not len(base) == len(theirs) == len(mine):
        return None
    rows = []
    for was, their, my in zip(base, theirs, mine, strict=True):
        if their != was and my != was and their != my and not (was.get("ref") and was.get("ref") == their.get("ref") == my.get("ref")):
            return None
        row = _merged(was, their, my)
        if row is _CLASH:
            return None
        rows.append(row)
    return rows


def _merged(was: Any, their: Any, my: Any) -> Any:
    """A value both sides may have changed: the side that changed it; dicts (a row, a text's wordings by
    language: absent, None or "" read as none) key by key; _CLASH when both changed it differently."""
    if their == was:
        return my
    if my == was or my == their:
        return their
    sides = [{} if v is None or v is _NONE or v == "" else v for v in (was, their, my)]
    if not all(isinstance(v, dict) for v in sides):
        return _CLASH
    out = {}
    for key in {*sides[0], *sides[1], *sides[2]}:
        value = _merged(*(side.get(key, _NONE) for side in sides))
        if value is _CLASH:
            return _CLASH
        if value is not _NONE:
            out[key] = value
    return out


def _label(path: list[str], titles: dict[str, str]) -> str:
    """A field as the page names it: a section's title, the problems table, the effort; else the proposal."""
    if path[0] == "texts" and len(path) > 1:
        return titles.get(path[1], path[1])
    if path[0] == "rows":
        return QCoreApplication.translate("ProposalPage", "Problems")
    if path[0] == "effort":
        return QCoreApplication.translate("ProposalPage", "Effort")
    return QCoreApplication.translate("ProposalPage", "The proposal")


def asked_fields(fields: Collection[str], old: dict[str, Any], theirs: dict[str, Any], mine: dict[str, Any]) -> list[str]:
    """The refused ``fields`` as the dialog asks them, each a value the page shows: one that is a dict on
    a side (all the sections' texts, one section's languages, the effort) is asked field by field
    within it, those both sides changed (else those changed here), never as a dict of ids."""
    out: list[str] = []
    for field in fields:
        path = field.split(".")
        if path == ["rows"] or not any(isinstance(_at(side, path), dict) for side in (old, theirs, mine)):
            out.append(field)
            continue
        inner = sorted({p for p in (*document_diff(old, mine), *document_diff(old, theirs)) if len(p) > len(path)
                        and [str(key) for key in p[: len(path)]] == path})  # fmt: skip
        values = {p: [_at(side, [str(key) for key in p]) for side in (old, theirs, mine)] for p in inner}
        differ = [p for p in inner if values[p][1] != values[p][2]]
        both = [p for p in differ if values[p][0] not in values[p][1:]]
        mine_only = [p for p in differ if values[p][2] != values[p][0]]
        out.extend([".".join(map(str, p)) for p in both or mine_only] or [field])
    return list(dict.fromkeys(out))


def resolve_proposal_conflict(
    parent: QWidget, state: AppState, view: ProposalView | None, error: ConflictError, before: ProposalDoc, after: ProposalDoc
) -> ProposalDoc | None:  # fmt: skip
    """Both side by side (a section's texts can be merged; the problems table too when the two sides
    changed different rows). Returns the document to save over what is stored: theirs in the fields
    where they are kept, mine or the merge in the others, everything else typed as typed; None when
    the dialog was closed without a choice."""
    from app.ui.window.conflict_dialog import Choice, Clash, ConflictDialog, ask_conflict

    try:
        stored = ProposalService(state.documents).load(state.project_id)
    except UserError:
        return None
    titles = {section.id: section.title for section in view.sections} if view else {}
    old, mine, theirs = dump_doc(before), dump_doc(after), dump_doc(stored)
    content = proposal_content(state.workspace.library)
    lang: Lang = view.lang if view is not None else state.export_lang
    clashes = []
    for field in asked_fields(error.fields, old, theirs, mine):
        path = field.split(".")
        if path == ["rows"]:  # a row a line as the table shows it; both kept when different rows changed
            was, their, my = (_rows(_at(side, path), content) for side in (old, theirs, mine))
            clashes.append(Clash(field, _label(path, titles), their, my, was, rows_shown(content, lang), merge_problem_rows(was, their, my)))
        else:
            clashes.append(Clash(field, _label(path, titles), _at(theirs, path), _at(mine, path), _at(old, path)))
    dialog = ConflictDialog(QCoreApplication.translate("ProposalPage", "The proposal"), clashes, parent=parent)
    try:
        ask_conflict(dialog)
        if dialog.choice is Choice.LATER:
            return None
        chosen = dict(mine)
        kept = {} if dialog.choice is Choice.MINE else dialog.values()
        for clash in clashes:
            path = clash.key.split(".")
            if dialog.choice is Choice.THEIRS:
                _put(chosen, path, _at(theirs, path))
            elif clash.key in kept:
                _put(chosen, path, kept[clash.key])
        return parse_doc(chosen)
    finally:
        dialog.deleteLater()

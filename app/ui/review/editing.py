"""The Review page's edits: a typed score, level or text saved as one operation (a conflict asked,
a busy database's typing kept as a draft and saved again), suggestions accepted, a WBS task made.

A draft is kept on disk with what its cells showed when the typing began (the window's drafts,
app/ui/hearing/drafts.py): after a crash the next window shows it again in its cells, marked, and
its save is based on what was shown then (another window's change since is asked about); what no
cell can show as it is (an item gone, a value of another shape) is said in the page's error line.

Typing refused just now (an evidence too long, a busy database) is held by the window's undo stack as the
hearing's is (app/ui/window/held_drafts.py): Edit ▸ Undo right after it takes back that typing (the draft
dropped, on disk too, the cell as stored), never the step before it.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from pydantic_core import to_jsonable_python  # a value as the drafts file keeps it
from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QLabel, QPushButton, QTableView, QWidget

from app.core.errors import ConflictError, DatabaseBusy, UserError
from app.core.operations import Change, Part
from app.review import confirm_suggestions, make_tasks, set_fields, with_document
from app.review.model import TEXT_FIELD, VALUE_FIELDS
from app.review.scoring import KIND
from app.ui import messages
from app.ui.error_text import user_text
from app.ui.hearing.drafts import drafts_of, kept_not_shown
from app.ui.operations import UndoText, run_op
from app.ui.review.conflicts import resolve_review_conflict
from app.ui.review.table import ITEM_ROLE

if TYPE_CHECKING:
    from app.review.model import ReviewChecklist
    from app.ui.review.table import ReviewTableModel
    from app.ui.state import AppState
    from app.ui.window.held_drafts import HeldDrafts


class ReviewEditing(QWidget):
    """The edits of :class:`app.ui.review.page.ReviewPage` (a mixin: the page sets what is declared here)."""

    state: AppState
    model: ReviewTableModel
    checklist_id: str
    _retry: QTimer
    _waiting: dict[tuple[int, str, str], tuple[dict[str, Any], dict[str, Any]]]
    problem_label: QLabel
    table: QTableView
    accept_button: QPushButton
    task_button: QPushButton
    _loading: bool  # a project's first read running on a worker: the buttons off
    view: Any
    held: HeldDrafts  # the typing refused just now, by "<checklist>:<item>:<field>", for Undo right after it
    # Of the drafts a window gone kept (taken back from disk): what their cells showed when the typing
    # began, by (project, checklist, item), what their save is based on; and the project taken back last.
    _kept_bases: dict[tuple[int, str, str], dict[str, Any]]
    _taken_for: int

    def current(self) -> Any:
        raise NotImplementedError

    def current_row(self) -> Any:
        raise NotImplementedError

    def reload(self) -> None:
        raise NotImplementedError

    def _show(self) -> None:
        raise NotImplementedError

    def show_saved(self, change: Change) -> None:
        """A change of the review this window made (a cell saved, a suggestion accepted, either undone or redone)
        shown at once from the document it left (:func:`app.review.with_document`), not the view read before it
        until the page's read again is in (over a VPN, seconds: the cell typed in showed its old value meanwhile).
        That read is asked for after the change, so it is newer and wins when it comes (a colleague's change in)."""
        view = self.view
        if change.external or change.parts != {Part.DOCUMENTS} or change.kinds != {KIND} or not isinstance(change.after, dict) \
                or view is None or view.project_id != change.project_id or self._loading:  # fmt: skip
            return
        self.view = with_document(view, self.state.workspace.library, change.after)
        self._show()

    def held_text(self, held: str) -> str:
        """The undo text of an item's refused typing (``checklist:item:field``), as Edit ▸ Undo names it."""
        view, item_id = self.current(), held.split(":")[1]
        label = view.items[item_id].item.label if view is not None and item_id in view.items else None
        return QCoreApplication.translate("ReviewPage", "Review: {0}").format(label.get(self.state.ui_lang) if label is not None else item_id)

    def edit(self, item_id: str, values: dict[str, Any], base: dict[str, Any], *, typed: bool = True) -> bool:
        """Save typed fields of one item as one undo step; True when saved. ``typed``: typed just now (not a
        busy database's typing saved again), what Undo right after takes back when it is refused."""
        view = self.current()
        if view is None:
            return False
        checklist_id = view.checklist.id
        label, state = view.items[item_id].item.label if item_id in view.items else None, self.state
        text: UndoText = lambda: QCoreApplication.translate("ReviewPage", "Review: {0}").format(  # noqa: E731
            label.get(state.ui_lang) if label is not None else item_id)  # named in the UI language of the moment
        kept = self._kept_bases.get((self.state.project_id, checklist_id, item_id), {})
        base = {**base, **{name: kept[name] for name in values if name in kept}}  # shown when the typing of a draft kept began
        try:
            run_op(self.state, set_fields(self.state.project_id, checklist_id, item_id, values, base), text, owner=self)
        except DatabaseBusy as error:
            self._keep(checklist_id, item_id, values, base, error, busy=True, held=typed)
            return False
        except ConflictError as error:
            for name in values:  # theirs is shown in the dialog: what a next change is based on
                kept.pop(name, None)
            chosen = resolve_review_conflict(self, self.state, view.checklist, view.items[item_id], values, base, error)
            if chosen is None:
                self._keep(checklist_id, item_id, values, base, error)
                return False
            self._saved(checklist_id, item_id, list(values))
            if chosen:
                try:
                    run_op(self.state, set_fields(self.state.project_id, checklist_id, item_id, chosen), text, owner=self)
                except UserError as again:
                    self._keep(checklist_id, item_id, values, base, again, held=typed)
                    messages.show_error(self, again)
                    return False
            self.reload()
            return True
        except UserError as error:
            self._keep(checklist_id, item_id, values, base, error, held=typed)
            messages.show_error(self, error)
            return False
        self._saved(checklist_id, item_id, list(values))
        return True

    def _keep(self, checklist_id: str, item_id: str, values: dict[str, Any], base: dict[str, Any], error: UserError,
              busy: bool = False, held: bool = False) -> None:
        """What could not be saved stays on screen (and is counted by the status bar) until it is; ``held``:
        typing refused just now, the last thing done (Undo right after takes it back)."""
        why = user_text(error, self.state.ui_lang, self.state.workspace.library)
        self.model.put_draft(item_id, values, why)
        drafts, kept = drafts_of(self.state), f"{KIND}:{checklist_id}:{item_id}"
        old = drafts.get(self.state.project_id, kept)  # the item's other fields not saved yet, and what they were based on
        fields = {**(old.fields if old is not None else {}), **to_jsonable_python(values)}
        shown = {**to_jsonable_python(base), **(old.base if old is not None and isinstance(old.base, dict) else {})}
        drafts.put(self.state.project_id, kept, fields, error, base={name: shown.get(name) for name in fields})  # on disk: back after a crash; said again after a language switch
        if busy:
            key = (self.state.project_id, checklist_id, item_id)
            old_values, old_base = self._waiting.get(key, ({}, {}))
            self._waiting[key] = ({**old_values, **values}, {**base, **old_base})
            self.state.waiting_edits.wait(self, self._save_waiting, self._retry)  # saved in turn with the window's others
        for name in values if held else ():
            self.held.hold(f"{checklist_id}:{item_id}:{name}")

    def _saved(self, checklist_id: str, item_id: str, names: list[str]) -> None:
        """The fields' drafts are gone (saved, or taken back by Undo): the cells show what is stored."""
        self.model.drop_draft(item_id, names)
        self._waiting.pop((self.state.project_id, checklist_id, item_id), None)
        kept = self._kept_bases.get((self.state.project_id, checklist_id, item_id), {})
        for name in names:
            kept.pop(name, None)
        drafts, key = drafts_of(self.state), f"{KIND}:{checklist_id}:{item_id}"
        old = drafts.get(self.state.project_id, key)
        left = {name: value for name, value in (old.fields if old is not None else {}).items() if name not in names}
        if old is not None and left:  # another field of the item is still a draft
            base = old.base if isinstance(old.base, dict) else {}
            drafts.put(self.state.project_id, key, left, old.why, base={name: base.get(name) for name in left})
        else:
            drafts.discard(self.state.project_id, key)
        for name in names:
            self.held.release(self.state.project_id, f"{checklist_id}:{item_id}:{name}")

    def take_back_refused(self, held: str) -> None:
        """Undo right after a field's refused typing (``held``: "<checklist>:<item>:<field>", of the checklist
        shown): its draft dropped, on disk too, the cell as stored."""
        rest, _, name = held.rpartition(":")
        checklist_id, _, item_id = rest.partition(":")
        self._saved(checklist_id, item_id, [name])

    def take_back(self) -> None:
        """The drafts a window gone kept (on disk) for the project read, back in their cells (marked,
        with their checklist); what no cell can show as it is, said in the page's error line."""
        view = self.view
        if view is None or view.project_id == self._taken_for:
            return
        self._taken_for = project_id = view.project_id
        prefix, unshown = f"{KIND}:", []
        for key, draft in drafts_of(self.state).kept(project_id, prefix):
            checklist_id, _, item_id = key[len(prefix):].partition(":")
            if not draft.fields or self.model.has_drafts(project_id, checklist_id, item_id):
                continue  # this window's own
            checklist = next((c.checklist for c in view.checklists if c.checklist.id == checklist_id), None)
            row = view.checklist(checklist_id).items.get(item_id) if checklist is not None else None
            fits = {name: value for name, value in draft.fields.items() if row is not None and _fits(checklist, name, value)}
            self.model.take_back(project_id, checklist_id, item_id, fits, draft.error)
            if fits and isinstance(draft.base, dict):
                self._kept_bases[(project_id, checklist_id, item_id)] = {name: draft.base.get(name) for name in fits if name in draft.base}
            unfit = {name: value for name, value in draft.fields.items() if name not in fits}
            if unfit:
                typed = next(iter(unfit.values())) if len(unfit) == 1 else unfit
                error = kept_not_shown(row.item.label if row is not None else item_id, typed)
                unshown.append(user_text(error, self.state.ui_lang, self.state.workspace.library))
        self.problem_label.setText("\n".join(unshown))
        self.problem_label.setVisible(bool(unshown))

    def _save_waiting(self) -> None:
        """Save again what a busy database kept waiting: the project and checklist shown now; the
        others wait (kept, retried) until they are shown again."""
        for key, (values, base) in list(self._waiting.items()):
            project_id, checklist_id, item_id = key
            if (project_id, checklist_id) == (self.state.project_id, self.checklist_id):
                self._waiting.pop(key, None)
                self.edit(item_id, values, base, typed=False)
            else:
                self._retry.start()

    def acting_rows(self) -> list[Any]:
        """The items the Accept and Make-a-task buttons act on: the rows selected, in the table's order. Never the
        current row alone: after Ctrl+A then Ctrl+click it is the one row left out."""
        view = self.current()
        if view is None:
            return []
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        found = (view.items.get(self.model.index(r, 0).data(ITEM_ROLE)) for r in rows)
        return [row for row in found if row is not None]

    def enable_actions(self) -> None:
        """Accept and Make a WBS task on for the selected items they apply to; with several selected, the
        buttons say how many (「WBSタスクにする (4件)」) and their tooltips what they do."""
        if self._loading:
            return
        rows = self.acting_rows()
        accepting, tasks = sum(1 for r in rows if r.suggestions), sum(1 for r in rows if not r.met and not r.task)
        self.accept_button.setEnabled(bool(accepting))
        self.task_button.setEnabled(bool(tasks))
        several = len(rows) > 1
        self.accept_button.setText(self.tr("Accept (%n)", "", accepting) if several else self.tr("Accept"))
        self.accept_button.setToolTip(self.tr("Accept the suggestions of the %n selected item(s) that have some, as one undo step", "", accepting) if several else "")
        self.task_button.setText(self.tr("Make a WBS task (%n)", "", tasks) if several else self.tr("Make a WBS task"))
        self.task_button.setToolTip(self.tr("Make a WBS task of each of the %n selected unmet item(s) without one, as one undo step", "", tasks) if several else "")

    def accept_current(self) -> None:
        """Accept the selected items' suggestions (one undo step)."""
        rows, view = [r for r in self.acting_rows() if r.suggestions], self.current()
        if not rows or view is None:
            return
        label, count, state = rows[0].item.label, len(rows), self.state
        text: UndoText = ((lambda: QCoreApplication.translate("ReviewPage", "Accept the suggestion for {0}").format(label.get(state.ui_lang)))
                          if count == 1 else lambda: self.tr("Accept the suggestions for %n item(s)", "", count))  # fmt: skip
        self._run(confirm_suggestions(self.state.project_id, view.checklist.id, [(s.item_id, s.field) for r in rows for s in r.suggestions]), text)

    def accept_all(self) -> None:
        """Accept every suggestion of the chosen checklist (one undo step)."""
        view = self.current()
        if view is None or not view.suggestions:
            return
        title, count, state = view.checklist.title, len(view.suggestions), self.state
        self._run(confirm_suggestions(self.state.project_id, view.checklist.id, None),
                  lambda: self.tr("Accept %n suggestion(s) in {0}", "", count).format(title.get(state.ui_lang)))  # fmt: skip

    def make_task(self) -> None:
        """Make each selected unmet item without a task a WBS task, linked back (one undo step)."""
        rows, view = [r for r in self.acting_rows() if not r.met and not r.task], self.current()
        if not rows or view is None:
            return
        label, count, state = rows[0].item.label, len(rows), self.state
        op = make_tasks(self.state.project_id, view.checklist.id, [r.item.id for r in rows], self.state.export_lang)
        text: UndoText = ((lambda: QCoreApplication.translate("ReviewPage", "Make a WBS task of {0}").format(label.get(state.ui_lang)))
                          if count == 1 else lambda: self.tr("Make %n WBS task(s)", "", count))  # fmt: skip
        self._run(op, text)

    def _run(self, op: Any, text: UndoText) -> Change | None:
        try:
            return run_op(self.state, op, text, action=True, owner=self)
        except UserError as error:
            if not isinstance(error, DatabaseBusy):  # run_op said so already
                messages.show_error(self, error)
            self.reload()
            return None



def _fits(checklist: ReviewChecklist | None, name: str, value: Any) -> bool:
    """Whether a cell of the checklist shows a field's value kept on disk as it is (a text as text, a
    score or level as a number)."""
    if checklist is None:
        return False
    if name == TEXT_FIELD[checklist.scoring]:
        return isinstance(value, str)
    if name in VALUE_FIELDS[checklist.scoring]:
        return value is None or (isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value))
    return False

"""The Review page's edits: a typed score, level or text saved as one operation (a conflict asked,
a busy database's typing kept as a draft and saved again), suggestions accepted, a WBS task made."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QWidget

from app.core.errors import ConflictError, DatabaseBusy, UserError
from app.review import confirm_suggestions, make_task, set_fields
from app.review.scoring import KIND
from app.ui import messages
from app.ui.error_text import user_text
from app.ui.hearing.drafts import drafts_of
from app.ui.operations import run_op
from app.ui.review.conflicts import resolve_review_conflict

if TYPE_CHECKING:
    from app.core.operations import Change
    from app.ui.review.table import ReviewTableModel
    from app.ui.state import AppState


class ReviewEditing(QWidget):
    """The edits of :class:`app.ui.review.page.ReviewPage` (a mixin: the page sets what is declared here)."""

    state: AppState
    model: ReviewTableModel
    checklist_id: str
    _retry: QTimer
    _waiting: dict[tuple[int, str, str], tuple[dict[str, Any], dict[str, Any]]]

    def current(self) -> Any:
        raise NotImplementedError

    def current_row(self) -> Any:
        raise NotImplementedError

    def reload(self) -> None:
        raise NotImplementedError

    def edit(self, item_id: str, values: dict[str, Any], base: dict[str, Any]) -> bool:
        """Save typed fields of one item as one undo step; True when saved."""
        view = self.current()
        if view is None:
            return False
        checklist_id = view.checklist.id
        label = view.items[item_id].item.label.get(self.state.ui_lang) if item_id in view.items else item_id
        text = lambda: QCoreApplication.translate("ReviewPage", "Review: {0}").format(label)  # noqa: E731
        try:
            run_op(self.state, set_fields(self.state.project_id, checklist_id, item_id, values, base), text)
        except DatabaseBusy as error:
            self._keep(checklist_id, item_id, values, base, error, busy=True)
            return False
        except ConflictError as error:
            chosen = resolve_review_conflict(self, self.state, view.checklist, view.items[item_id], values, base, error)
            if chosen is None:
                self._keep(checklist_id, item_id, values, base, error)
                return False
            self._saved(checklist_id, item_id, list(values))
            if chosen:
                try:
                    run_op(self.state, set_fields(self.state.project_id, checklist_id, item_id, chosen), text)
                except UserError as again:
                    self._keep(checklist_id, item_id, values, base, again)
                    messages.show_error(self, again)
                    return False
            self.reload()
            return True
        except UserError as error:
            self._keep(checklist_id, item_id, values, base, error)
            messages.show_error(self, error)
            return False
        self._saved(checklist_id, item_id, list(values))
        return True

    def _keep(self, checklist_id: str, item_id: str, values: dict[str, Any], base: dict[str, Any], error: UserError, busy: bool = False) -> None:
        """What could not be saved stays on screen (and is counted by the status bar) until it is."""
        why = user_text(error, self.state.ui_lang, self.state.workspace.library)
        self.model.put_draft(item_id, values, why)
        drafts_of(self.state).put(self.state.project_id, f"{KIND}:{checklist_id}:{item_id}", {}, why)
        if busy:
            key = (self.state.project_id, checklist_id, item_id)
            old_values, old_base = self._waiting.get(key, ({}, {}))
            self._waiting[key] = ({**old_values, **values}, {**base, **old_base})
            self._retry.start()

    def _saved(self, checklist_id: str, item_id: str, names: list[str]) -> None:
        self.model.drop_draft(item_id, names)
        self._waiting.pop((self.state.project_id, checklist_id, item_id), None)
        drafts_of(self.state).discard(self.state.project_id, f"{KIND}:{checklist_id}:{item_id}")

    def _save_waiting(self) -> None:
        """Save again what a busy database kept waiting: the project and checklist shown now; the
        others wait (kept, retried) until they are shown again."""
        for key, (values, base) in list(self._waiting.items()):
            project_id, checklist_id, item_id = key
            if (project_id, checklist_id) == (self.state.project_id, self.checklist_id):
                self._waiting.pop(key, None)
                self.edit(item_id, values, base)
            else:
                self._retry.start()

    def accept_current(self) -> None:
        """Accept the chosen item's suggestions (one undo step)."""
        row, view = self.current_row(), self.current()
        if row is None or not row.suggestions or view is None:
            return
        label = row.item.label.get(self.state.ui_lang)
        self._run(confirm_suggestions(self.state.project_id, view.checklist.id, [(s.item_id, s.field) for s in row.suggestions]),
                  lambda: QCoreApplication.translate("ReviewPage", "Accept the suggestion for {0}").format(label))  # fmt: skip

    def accept_all(self) -> None:
        """Accept every suggestion of the chosen checklist (one undo step)."""
        view = self.current()
        if view is None or not view.suggestions:
            return
        title, count = view.checklist.title.get(self.state.ui_lang), len(view.suggestions)
        self._run(confirm_suggestions(self.state.project_id, view.checklist.id, None),
                  lambda: QCoreApplication.translate("ReviewPage", "Accept {0} suggestions in {1}").format(count, title))  # fmt: skip

    def make_task(self) -> None:
        """Make the chosen unmet item a WBS task, linked back (one undo step)."""
        row, view = self.current_row(), self.current()
        if row is None or view is None:
            return
        label = row.item.label.get(self.state.ui_lang)
        op = make_task(self.state.project_id, view.checklist.id, row.item.id, self.state.export_lang)
        self._run(op, lambda: QCoreApplication.translate("ReviewPage", "Make a WBS task of {0}").format(label))

    def _run(self, op: Any, text: Any) -> Change | None:
        try:
            return run_op(self.state, op, text)
        except UserError as error:
            if not isinstance(error, DatabaseBusy):  # run_op said so already
                messages.show_error(self, error)
            self.reload()
            return None


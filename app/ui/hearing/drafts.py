"""Drafts: what was typed for an item but does not fit it yet, never dropped, not by a crash either.

An item editor that cannot save what was typed (a word in a number cell) leaves it here, keyed by
project and item (or the database's, :data:`DATABASE_WIDE`); it shows it again when the user comes back to the item, and the status bar
counts the drafts instead of claiming that everything is saved.

The drafts of items are also kept on disk as they change (app/hearing/drafts_file.py: local, never
in the database), in a file of this window's own, locked while the window lives. A window that
starts takes over the files of windows that are gone (a crash, a killed process, a window closed
with drafts): their drafts are shown again, marked as drafts, and counted in the status bar, each
saying why it is not saved in this window's language (the error is kept on disk as data).
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QLockFile, QObject, QTimer, Signal

from app.core.errors import ConflictError, DatabaseBusy, UserError, error_as_json, error_from_json, shown
from app.core.messages import ItemRef
from app.hearing.drafts_file import StoredDraft, as_text, drafts_folder, read_drafts, write_drafts
from app.hearing.model import Answer
from app.ui.error_text import shown_text
from app.ui.undo import edit_answer, edit_text

if TYPE_CHECKING:
    from app.core.project import ProjectInfo
    from app.ui.hearing.value_editors import ValueEditor
    from app.ui.state import AppState

log = logging.getLogger(__name__)

OFFLINE_SAID = "db.offline"  # the message of app/ui/operations.py Offline: what a server away kept waiting says
REWRITE_MS = 5000  # drafts the disk refused (full) are written again this often, until it takes them
# The "project" of drafts typed for the whole database, whichever project is open (or none): Settings ▸ Company
# holidays' add row. No project has this id (ids start at 1): such a draft is shown and counted in every project,
# never taken for a deleted project's, never dropped with one.
DATABASE_WIDE = 0
DIALOGS = "dialog:"  # the item ids of dialogs' typing (app/ui/widgets/dialog_drafts.py)
# A dialog's draft taken over from a window gone while another window's draft holds its key (two windows each typing
# a company holiday, both crashed) waits beside it as "<item id>~2" (~3, ...): the dialog takes it when it opens
# with none under its own key (:meth:`DraftRegistry.take_next`), one at a time; the status bar counts each.
BESIDE = "~"
# The same for a hearing item, a cell or a field: "beside:<n>:<item id>", counted and kept on disk, never retried nor
# taken by a page (:meth:`DraftRegistry.waiting`, :meth:`DraftRegistry.kept`); the hearing item takes it when opened
# with none of its own (:meth:`DraftRegistry.take_next`), any page at the next start (taken over again: its own key).
WAITING = "beside:"
# Why a page's draft is not saved, said with what it was typed for (the status bar's tooltip), by its item id's start:
# (item id, draft) -> the line (app/ui/wbs/refused.py: a WBS value's task); other errors name their item themselves.
NAMED: dict[str, Callable[[str, Draft], str]] = {}
UNSHOWN_CHARS = 400  # of a draft's value no field can show, in the error line (the draft keeps it all)
# What the fields beside the answer show (note, who answered, the follow-up's owner, due date, done).
FIELD_SHAPES: dict[str, tuple[type, ...]] = {
    "note": (str,), "answered_by": (str,), "followup_owner": (str,), "followup_due": (str, dt.date), "followup_done": (bool,),
}  # fmt: skip


@dataclass(frozen=True)
class Draft:
    fields: dict[str, Any]  # answer fields as typed: value, later, note, answered_by
    error: str  # why they could not be saved, in the window's language
    busy: bool = False  # the database was busy: the same fields are saved on a retry
    base: Any = None  # the answer shown when the typing began (an Answer): a retry never overwrites a later change
    # The error itself (a draft this window kept, or one read from disk that kept it as data): ``error``
    # says it again in the language a switch chose (:meth:`DraftRegistry.retranslate`), never in the one
    # it was first said in.
    cause: BaseException | None = field(default=None, compare=False)

    @property
    def why(self) -> str | BaseException:
        """Why it is not saved, to put again with the draft: the error itself when known."""
        return self.cause if self.cause is not None else self.error


class DraftRegistry(QObject):
    """The window's drafts, by (project id, item id).

    Signals:
        changed(): a draft was added, changed or discarded.
    """

    changed = Signal()

    def __init__(self, parent: QObject | None = None, render: Callable[[BaseException], str] = shown_text) -> None:
        super().__init__(parent)
        self._render = render  # an error as the window says it now
        self._drafts: dict[tuple[int, str], Draft] = {}
        self._turns: dict[tuple[int, str], dict[str, int]] = {}  # the turns of edits waiting in a draft (:meth:`keep_turns`)
        self._url = ""
        self._folder: Path | None = None  # where this window's drafts are kept (None: in memory only)
        self._file = Path()
        self._lock: QLockFile | None = None
        self._taken: list[tuple[Path, QLockFile]] = []  # files of windows gone, removed once ours holds their drafts
        self._foreign: list[StoredDraft] = []  # kept on disk, of no project of this database: left as they were
        self._odd: list[StoredDraft] = []  # kept on disk, of no item (a hand-edited "beside:2:"): left as they were, not counted
        self._uuids: Callable[[], dict[int, tuple[str, str]]] = dict
        self._known: dict[int, tuple[str, str]] = {}  # each project's (uuid, name), by id
        self._projects_read = False  # the projects were read at start: a draft of none of them is of a deleted one
        self._written: list[StoredDraft] | None = None
        # Why the drafts could not be written to this window's file (a full disk): they are in this window
        # only, until a retry writes them (every REWRITE_MS, at each change, and on close).
        self._unkept: UserError | None = None
        self._rewrite = QTimer(self)
        self._rewrite.setInterval(REWRITE_MS)
        self._rewrite.timeout.connect(self._write_again)

    def keep_on_disk(self, database_url: str, projects: Callable[[], dict[int, tuple[str, str]]]) -> UserError | None:
        """Keep the drafts of items in this window's file for the database at ``database_url`` and take
        over the drafts of the windows on it that are gone; ``projects`` gives each project's uuid and
        name by id. Returns why the drafts kept could not all be read (they are left where it says)."""
        self._url, self._uuids = database_url, projects
        folder = drafts_folder(database_url)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            log.warning("drafts kept in memory only: %s", exc)
            return None
        token = uuid.uuid4().hex[:16]
        lock = QLockFile(str(folder / f"{token}.lock"))
        lock.setStaleLockTime(0)  # held as long as this window lives; its process gone, it is free
        if not lock.tryLock(0):
            log.warning("drafts kept in memory only: %s cannot be locked", folder)
            return None
        self._folder, self._lock = folder, lock
        self.destroyed.connect(lock.unlock)  # the window closed: the next window on the database takes its drafts
        self._file = folder / f"{token}.json"
        problem: UserError | None = None
        try:
            self._known, self._projects_read = projects(), True
        except UserError as exc:  # the database cannot be read now: every draft is kept as it was
            log.warning("drafts not shown, the projects could not be read: %s", exc)
        turns: dict[tuple[int, str], dict[str, int]] = {}  # the turns of the edits taken over waiting, as kept
        for path in sorted(folder.glob("*.json")):
            owner = QLockFile(str(path.with_suffix(".lock")))
            owner.setStaleLockTime(0)
            if path == self._file or not owner.tryLock(0):
                continue  # a window still open keeps its own
            try:
                stored = read_drafts(path)
            except UserError as exc:
                problem = exc
                owner.unlock()
                continue
            for draft in stored:
                if draft.project_id == DATABASE_WIDE or self._known.get(draft.project_id, ("", ""))[0] == draft.project_uuid:
                    own = own_id(draft.item_id)  # (one waiting beside another when it was kept: its own key now, if free)
                    if own.startswith(WAITING):  # naming no item (a file edited by hand): no page could show it
                        log.warning("draft kept on disk as it was, of no item: %r", draft.item_id)
                        self._odd.append(draft)
                        continue
                    base = draft.base if _pages_own(own) else _answer(draft.base)
                    cause, error = self._said(draft)
                    # kept waiting (the database busy, its server away): saved by itself once it is free
                    busy = isinstance(cause, DatabaseBusy) or (cause is not None and cause.key == OFFLINE_SAID)
                    key = self._free_key(draft.project_id, own, draft.fields)
                    if key is not None:
                        self._drafts[key] = Draft(draft.fields, error, busy, base, cause)
                        turns |= {key: draft.turns} if busy and draft.turns else {}
                else:
                    self._foreign.append(draft)
            self._taken.append((path, owner))
        from app.hearing.drafts_file import DraftsUnreadable, turns_before_ours  # (one line of imports above)

        self._turns = turns_before_ours(turns)
        if self._odd and problem is None:  # (a file edited by hand) said once, where they are kept as they were
            problem = DraftsUnreadable(key="drafts.odd_kept", count=len(self._odd), path=self._file)
        if self._taken:
            self.sync()
            QTimer.singleShot(0, self, self.changed.emit)  # the status bar counts them from the start
        return problem

    def _free_key(self, project_id: int, item_id: str, fields: Any) -> tuple[int, str] | None:
        """Where a draft taken over goes: its own key, or beside the drafts of the same item, cell or dialog another
        window gone kept (:data:`WAITING`, :data:`BESIDE`); None when one of them holds the same typing (kept once)."""
        if (project_id, item_id) not in self._drafts:
            return project_id, item_id
        dialog = item_id.startswith(DIALOGS)
        own = item_id.split(BESIDE)[0] if dialog else item_id
        same = [i for i in (own, *self._waiting_for(project_id, own)) if (project_id, i) in self._drafts]
        if any(self._drafts[(project_id, i)].fields == fields for i in same):
            return None
        named = (lambda n: f"{own}{BESIDE}{n}") if dialog else (lambda n: f"{WAITING}{n}:{own}")
        n = 2
        while (project_id, named(n)) in self._drafts:
            n += 1
        return project_id, named(n)

    def _waiting_for(self, project_id: int, item_id: str) -> list[str]:
        """The keys of the drafts of ``item_id`` waiting beside its own (:data:`WAITING`, :data:`BESIDE`), oldest first."""
        if item_id.startswith(DIALOGS):
            return [i for p, i in self._drafts if p == project_id and i.startswith(item_id + BESIDE)]
        return [i for p, i in self._drafts if p == project_id and i.startswith(WAITING) and own_id(i) == item_id]

    def take_next(self, project_id: int, item_id: str) -> None:
        """A dialog or a hearing item opens: with no draft under its own key, the first of its drafts waiting beside
        (:data:`BESIDE`, :data:`WAITING`) is its own now (shown, kept and discarded as it is)."""
        if (project_id, item_id) in self._drafts:
            return
        waiting = self._waiting_for(project_id, item_id)
        if waiting:
            self._drafts[(project_id, item_id)] = self._drafts.pop((project_id, waiting[0]))
            self._turns[(project_id, item_id)] = self._turns.pop((project_id, waiting[0]), {})
            self._keep()
            self.changed.emit()

    def sync(self) -> None:
        """Write the drafts of items to this window's file (removed when there is none)."""
        if self._folder is None:
            return
        kept = [*self._foreign, *self._odd]
        for (project_id, item_id), draft in self._drafts.items():
            if draft.fields:  # markers without fields (a WBS move waiting) live in memory only
                base = draft.base.model_dump(mode="json") if isinstance(draft.base, Answer) else draft.base if isinstance(draft.base, dict) else None
                uuid_, name = self._project(project_id)
                kept.append(StoredDraft(project_id, uuid_, item_id, draft.fields, draft.error, base, project_name=name,
                                        cause=error_as_json(draft.cause), turns=self.turns(project_id, item_id)))  # fmt: skip
        if kept == self._written:
            self._on_disk(None)
            return
        try:
            write_drafts(self._file, self._url, kept)
        except UserError as exc:
            log.warning("drafts not kept on disk: %s", exc)
            self._on_disk(exc)
            return
        self._written = kept
        self._on_disk(None)
        for path, owner in self._taken:  # their drafts are in ours now
            try:
                path.unlink(missing_ok=True)
            except OSError as exc:
                log.warning("drafts file %s not removed: %s", path, exc)
            owner.unlock()
        self._taken = []

    def _on_disk(self, refused: UserError | None) -> None:
        """The drafts are on disk (``refused`` None) or are not, for that reason: retried until they are."""
        self._unkept = refused
        if refused is None:
            self._rewrite.stop()
        elif not self._rewrite.isActive():
            self._rewrite.start()

    def _write_again(self) -> None:
        """A retry of the drafts the disk refused: said (the status bar) once they are on disk."""
        self.sync()
        if self._unkept is None:
            self.changed.emit()

    def unkept(self) -> str:
        """Why the drafts of this window are not on disk (its disk refused them: full), as the window says
        it now; "" when they are (or there is none)."""
        return self._render(self._unkept) if self._unkept is not None and self.count() else ""

    def _said(self, draft: StoredDraft) -> tuple[UserError | None, str]:
        """A draft read from disk: its error (when kept as data) and why it is not saved, in the window's
        language now; a draft kept without the error (an older version, another kind of error) says
        what it said then."""
        try:  # a file may be edited or damaged: anything that does not say it well says the words kept
            cause = error_from_json(draft.cause)
            if cause is None:
                return None, draft.error
            return cause, self._render(cause)
        except Exception:  # a message of another version, other placeholders, a shape not foreseen
            log.warning("draft of %s: its reason is shown as it was kept", draft.item_id)
            return None, draft.error

    def know(self, project: ProjectInfo | None) -> None:
        """Remember the uuid and name of ``project`` (the project the window opened; None: nothing)."""
        if project is not None and project.uuid:
            self._known = self._known | {project.id: (project.uuid, project.name)}

    def _project(self, project_id: int) -> tuple[str, str]:
        """The project's uuid and name ("" when never known); a project deleted since keeps those this window knew
        (the database's own drafts, :data:`DATABASE_WIDE`: none, nothing read)."""
        if project_id not in self._known and project_id != DATABASE_WIDE:
            try:
                self._known = self._known | self._uuids()
            except UserError:
                pass
        return self._known.get(project_id, ("", ""))

    def orphans(self) -> list[StoredDraft]:
        """The drafts kept on disk of projects deleted since they were typed (none when the projects could
        not be read at start: those drafts are only left as they were)."""
        return list(self._foreign) if self._projects_read else []

    def drop_orphans(self) -> None:
        """Remove the drafts of deleted projects from disk (the user said so, app/ui/window/orphan_drafts.py)."""
        if self._projects_read and self._foreign:
            self._foreign = []
            self.sync()

    def _keep(self) -> None:
        # At once: a draft changes when a save fails (after a pause in typing, or leaving the item),
        # never per key, and its file is small; a crash a moment later must not take it.
        self.sync()

    def get(self, project_id: int, item_id: str) -> Draft | None:
        return self._drafts.get((project_id, item_id))

    def put(self, project_id: int, item_id: str, fields: dict[str, Any], error: str | BaseException, *, busy: bool = False, base: Any = None) -> None:
        """Keep a draft; ``error``: why it is not saved, the error itself (said again in the language a
        switch chooses) or, when only its text is known, that."""
        cause = error if isinstance(error, BaseException) else None
        draft = Draft(dict(fields), self._render(cause) if cause is not None else str(error), busy, base, cause)
        old, self._drafts[(project_id, item_id)] = self._drafts.get((project_id, item_id)), draft
        if old != draft:
            self._keep()
            self.changed.emit()

    def retranslate(self) -> None:
        """Say again why each draft is not saved, in the window's language now (after a switch); those
        taken from a window gone that kept only the words keep them."""
        said = {key: replace(draft, error=self._render(draft.cause)) for key, draft in self._drafts.items() if draft.cause is not None}
        if any(self._drafts[key] != draft for key, draft in said.items()):
            self._drafts.update(said)
            self._keep()
            self.changed.emit()

    def keep_turns(self, project_id: int, item_id: str, turns: dict[str, int]) -> None:
        """The turns of the edits a busy database kept waiting in a draft, by field (kept on disk with it: the next
        window saves the edits it takes over in the order they were made, app/ui/window/waiting_steps.py)."""
        if self._turns.get((project_id, item_id)) != turns:
            self._turns[(project_id, item_id)] = dict(turns)
            self._keep()

    def turns(self, project_id: int, item_id: str) -> dict[str, int]:
        """The turns of the edits waiting in a draft (:meth:`keep_turns`; those of its fields only); {}: none known."""
        draft, turns = self._drafts.get((project_id, item_id)), self._turns.get((project_id, item_id), {})
        return {n: t for n, t in turns.items() if draft is not None and (not n or n in draft.fields)}

    def discard(self, project_id: int, item_id: str) -> None:
        self._turns.pop((project_id, item_id), None)
        if self._drafts.pop((project_id, item_id), None) is not None:
            self._keep()
            self.changed.emit()

    def waiting(self) -> list[tuple[int, str, Draft]]:
        """The answer drafts a busy database kept waiting (project id, item id, draft), oldest first."""
        return [(p, i, d) for (p, i), d in self._drafts.items() if d.busy and d.fields and not _pages_own(i) and not i.startswith(WAITING)]

    def kept(self, project_id: int, prefix: str) -> list[tuple[str, Draft]]:
        """A page's own drafts of a project (item id, draft), oldest first: those whose item id starts
        with ``prefix`` ("wbs:": WBS edits a busy database kept waiting, taken back by the WBS page)."""
        return [(i, d) for (p, i), d in self._drafts.items() if p == project_id and i.startswith(prefix)]

    def count(self, project_id: int | None = None) -> int:
        """The drafts of this window (of the project ``project_id`` only, when given)."""
        return len(self._drafts) if project_id is None else sum(1 for p, _ in self._drafts if p == project_id)

    def drop_project(self, project_id: int) -> None:
        """Remove the drafts of ``project_id``, memory and disk: the user deleted it in this window, and
        was told that what was typed in it goes too (app/ui/projects/dialog.py confirm_delete). The
        drafts of a project another window deleted stay: said at the next start (orphans)."""
        kept = {key: draft for key, draft in self._drafts.items() if key[0] != project_id}
        if len(kept) != len(self._drafts):
            self._drafts = kept
            self._keep()
            self.changed.emit()

    def lost_on_close(self) -> int:
        """The drafts a closed window would lose: those not kept on disk (markers without fields: a WBS
        edit a busy database kept waiting that is no cell edit; every draft when the drafts folder
        could not be used, or its disk refused them: written again first, space may have been made).
        The other pages keep what was typed as fields: it comes back."""
        if self._unkept is not None:
            self.sync()
        if self._folder is None or self._unkept is not None:
            return len(self._drafts)
        return sum(1 for draft in self._drafts.values() if not draft.fields)

    def errors(self) -> list[str]:
        """Why each draft is not saved, oldest first, after what it was typed for where its page says so (:data:`NAMED`)."""
        said = []
        for (_p, item_id), draft in self._drafts.items():
            own = own_id(item_id)
            named = next((name for start, name in NAMED.items() if own.startswith(start)), None)
            said.append(named(own, draft) if named is not None else draft.error)
        return said


def own_id(item_id: str) -> str:
    """The item id of a draft, waiting beside another (:data:`WAITING`) or not. Read leniently (a file edited by
    hand): "beside:x:<item id>", "beside:-1:<item id>" are that item's; "beside:2:" and "beside:" name none (as is)."""
    own = item_id
    while own.startswith(WAITING):
        _number, colon, rest = own.removeprefix(WAITING).partition(":")
        if not (colon and rest):
            return own
        own = rest
    return own


def _pages_own(item_id: str) -> bool:
    """A draft another page keeps here ("<page>:<key>", a WBS edit waiting): its fields and base are
    that page's JSON, read and checked by it; the hearing's items are dotted ids, never with a colon."""
    return ":" in item_id


def unfit_fields(fields: dict[str, Any], editors: Mapping[str, ValueEditor]) -> list[str]:
    """The fields of a draft whose value its field cannot show as it is: another kind's value (the
    item changed since the draft was kept on disk, or the file was edited), a field the item no
    longer has. They stay in the draft all the same (nothing typed is lost)."""
    unfit = []
    for key, value in fields.items():
        if value is None:
            continue
        editor = editors.get(key)
        if editor is not None:
            fits = editor.can_show(value)
        elif key in FIELD_SHAPES:
            fits = isinstance(value, FIELD_SHAPES[key])
        else:  # no field shows it (an answer of an item no longer in the checklist): only nothing fits
            fits = key in ("value", "later") and value in ("", [], {})
        if not fits:
            unfit.append(key)
    return unfit


def fields_to_show(fields: dict[str, Any], unfit: list[str]) -> dict[str, Any]:
    """The fields of a draft the fields beside the answer show: those that fit, and the texts (note, who
    answered, the follow-up's owner) in any case, as text."""
    shown = {k: v for k, v in fields.items() if k not in unfit}
    return shown | {k: as_text(fields[k]) for k in ("note", "answered_by", "followup_owner") if k in fields}


def not_shown(item_id: str, fields: dict[str, Any], unfit: list[str]) -> UserError:
    """What the error line says of the fields of a draft that could not be shown: the item and what they hold."""
    value = {k: fields[k] for k in unfit} if len(unfit) > 1 else fields[unfit[0]]
    return kept_not_shown(ItemRef(item_id), value)


def kept_not_shown(name: Any, value: Any) -> UserError:
    """What an error line says of a draft kept from before that no field, cell or editor can show as it
    is (the field was removed, a value of another shape): what it was typed for (``name``: a label, a
    message naming a cell) and what it holds."""
    return UserError(key="drafts.not_shown", item=name, value=shown(as_text(value), UNSHOWN_CHARS))


def save_left(state: AppState, drafts: DraftRegistry, project_id: int, item_id: str, draft: Draft) -> bool:
    """Save an answer a busy database kept waiting that no editor shows (a conflict: asked when the item is opened;
    one that no longer fits: it stays a draft); False when the database is still busy."""
    try:
        edit_answer(state, item_id, edit_text(state, item_id), project_id=project_id, base=draft.base, **draft.fields)
    except DatabaseBusy:
        return False
    except ConflictError as exc:  # someone saved this answer meanwhile: asked when the item is opened
        drafts.put(project_id, item_id, draft.fields, exc, base=draft.base)
        return True
    except UserError:
        return True  # it no longer fits (the item changed): it stays a draft, shown when opened
    drafts.discard(project_id, item_id)
    return True


def _answer(base: dict[str, Any] | None) -> Answer | None:
    try:
        return Answer.model_validate(base) if base is not None else None
    except ValueError:  # pydantic's ValidationError: shown then, not now; the typing is kept all the same
        return None


def drafts_of(state: QObject) -> DraftRegistry:
    """The drafts of the window whose state this is (made on first use, living as long as the state),
    kept on disk for its database; the drafts of windows gone are taken over (see the module docstring)."""
    registry = getattr(state, "drafts", None)
    if not isinstance(registry, DraftRegistry):
        workspace = getattr(state, "workspace", None)
        library = getattr(workspace, "library", None)
        registry = DraftRegistry(state, render=lambda error: shown_text(error, library))
        state.drafts = registry  # type: ignore[attr-defined]  # a plain attribute, see the module docstring
        if workspace is not None:
            projects = getattr(state, "projects", None)
            problem = registry.keep_on_disk(workspace.db.url, lambda: {p.id: (p.uuid, p.name) for p in projects.list()} if projects else {})
            if problem is not None:
                QTimer.singleShot(0, registry, lambda: state.report_problem(problem))  # type: ignore[attr-defined]
            # Each project the window opens is known by its uuid from then on: a draft of a project made
            # since the start, kept while the database could not be read, is still that project's.
            for signal in (getattr(state, "projectChanged", None), getattr(state, "projectEdited", None)):  # (renamed: its name now)
                if signal is not None:
                    signal.connect(lambda _id: registry.know(getattr(state, "project", None)))
            registry.know(getattr(state, "project", None))
    return registry


def retranslate_drafts(state: QObject) -> None:
    """After a language switch: why each draft of the window is not saved, in its new language."""
    registry = getattr(state, "drafts", None)
    if isinstance(registry, DraftRegistry):
        registry.retranslate()

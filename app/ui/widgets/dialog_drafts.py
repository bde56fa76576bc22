"""What is typed in a dialog, kept in the window's drafts (on disk) until the dialog is done with it.

A dialog's fields are saved by its OK (Save, Sign, Add), not as they are typed, so a crash or a killed
process while it is open lost all of it: a project's description, a sign-off's comment, a session's
attendees. Here each change of the dialog's fields (after a pause of :data:`PAUSE_MS`) is put in the
window's drafts (app/ui/hearing/drafts.py: one small file per window, taken over by the next window after
a crash) under ``dialog:<kind>``; the dialog done with it (saved, or let go by Cancel) removes it. The
same dialog opened again, in this window or the next, is filled with what was typed and says so: OK
saves it, Cancel lets it go, and so does the note's Discard (the dialog stays open, showing what it showed).

Two windows gone each with a draft of the same dialog (two colleagues each typing a company holiday, both
crashed): the next window keeps both, the second waiting beside the first (app/ui/hearing/drafts.py BESIDE),
counted in the status bar; the dialog holds one at a time, the next when opened again once the first is saved
or let go.

A dialog whose OK records something a second OK would record again (Start session, a sign-off) is done with its
draft only once the window hears that it was recorded: a window killed in between leaves it behind. The next window
drops it at start when what it holds is stored since it was typed (:func:`drop_recorded`), and the dialog does when
it opens (the database could not be read at start); never one that was not recorded.

Only the fields typed are kept (those that differ from what the dialog showed; with them, those a save left filled
for the next one: a sign-off's role and organisation, so the form comes back as it was on screen), as JSON (texts, whole
numbers, a date as ``YYYY-MM-DD``, a combo's data, a tick); a field that cannot take a value kept (the file edited, the
dialog changed) keeps what it shows, and only the values taken are said back.
"""

from __future__ import annotations

import datetime as dt
import importlib
import logging
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QBoxLayout,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from app.core.errors import UserError
from app.core.messages import Label
from app.ui.hearing.drafts import BESIDE, DATABASE_WIDE, DIALOGS, drafts_of
from app.ui.widgets import colours
from app.ui.widgets.date_box import DateBox

if TYPE_CHECKING:
    from app.ui.state import AppState

log = logging.getLogger(__name__)

PAUSE_MS = 600  # after the last keystroke, as a hearing answer's typing is saved
PREFIX = DIALOGS  # the item ids of dialogs' drafts in the window's drafts
# Each dialog's name as a draft says it, in both languages (a draft is said again in the language of the moment).
DIALOG_TITLES = {
    "properties": Label("プロジェクトのプロパティ", "Project properties"),
    "signoff": Label("合意ベースライン ▸ 合意記録", "Agreement baselines ▸ sign-off"),
    "session": Label("ヒアリングを開始", "Start hearing session"),
    "people": Label("プロジェクトの要員", "People of the project"),
    "holiday": Label("設定 ▸ 会社休日", "Settings ▸ Company holidays"),
}


# The dialogs whose OK records what a second OK would record again (a session started, a sign-off): where each says
# whether a draft of it a window gone kept was recorded before the window was gone (killed between the commit and
# the draft's drop). "module:function" of (state, project id, fields, base) -> bool, loaded only for such a draft.
RECORDED = {"session": "app.ui.hearing.dialogs:session_started", "signoff": "app.ui.baselines.recorded:signoff_recorded"}


def drop_recorded(state: AppState) -> None:
    """The next window's start: the dialogs' drafts taken over from windows gone that were recorded before those were
    gone (:data:`RECORDED`) go, never counted as unsaved nor offered again; one that cannot be read now (the database
    busy or away) stays, for its dialog to find recorded, or give back, when it opens."""
    registry = drafts_of(state)
    if not registry.count():
        return
    try:
        projects = [project.id for project in state.projects.list()]
    except UserError:
        return
    for project_id in projects:
        for item_id, draft in registry.kept(project_id, PREFIX):
            where = RECORDED.get(item_id.removeprefix(PREFIX).split(BESIDE)[0])
            if where is None or not isinstance(draft.fields, dict):
                continue
            module, _colon, name = where.partition(":")
            try:
                recorded = getattr(importlib.import_module(module), name)(state, project_id, draft.fields, draft.base)
            except UserError as exc:
                log.info("draft %s of project %s not checked now: %s", item_id, project_id, exc)
                continue
            if recorded:
                log.info("draft %s of project %s was recorded before its window was gone: dropped", item_id, project_id)
                registry.discard(project_id, item_id)


def drop_dialog_draft(state: AppState, kind: str, project_id: int) -> None:
    """What a dialog's OK returned was saved by its caller: the dialog's draft goes (``saved_by_ok=False``)."""
    drafts_of(state).discard(project_id, PREFIX + kind)


def value_of(widget: QWidget) -> Any:
    """A field's value as JSON."""
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QCheckBox):
        return widget.isChecked()
    if isinstance(widget, QComboBox):
        data = widget.currentData()
        return data if isinstance(data, str | int | float | bool) else widget.currentText()
    if isinstance(widget, DateBox):  # a text it cannot take kept as typed (2026/02/30), never its date in its place
        typed = widget.typed()
        return typed.isoformat() if isinstance(typed, dt.date) else {"typed": typed}
    if isinstance(widget, QDateEdit):
        day = widget.date()
        return dt.date(day.year(), day.month(), day.day()).isoformat()
    if isinstance(widget, QSpinBox):
        return widget.value()
    raise TypeError(type(widget).__name__)  # (a programming error: a dialog names only the kinds of fields above)


def show_value(widget: QWidget, value: Any) -> bool:
    """Put a kept value back in its field; False when the field cannot take it as it is."""
    if isinstance(widget, QLineEdit) and isinstance(value, str):
        widget.setText(value)
    elif isinstance(widget, QPlainTextEdit) and isinstance(value, str):
        widget.setPlainText(value)
    elif isinstance(widget, QCheckBox) and isinstance(value, bool):
        widget.setChecked(value)
    elif isinstance(widget, QComboBox) and (index := widget.findData(value)) >= 0:
        widget.setCurrentIndex(index)
    elif isinstance(widget, DateBox) and isinstance(value, dict) and isinstance(value.get("typed"), str):
        widget.put_typed(value["typed"])
    elif isinstance(widget, QDateEdit) and isinstance(value, str):
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            return False
        widget.setDate(QDate(day.year, day.month, day.day))
    elif isinstance(widget, QSpinBox) and isinstance(value, int) and not isinstance(value, bool) and widget.minimum() <= value <= widget.maximum():
        widget.setValue(value)
    else:
        return False
    return True


def _changed_signals(widget: QWidget) -> list[Any]:
    if isinstance(widget, QLineEdit | QPlainTextEdit):
        return [widget.textChanged]
    if isinstance(widget, QCheckBox):
        return [widget.toggled]
    if isinstance(widget, QComboBox):
        return [widget.currentIndexChanged]
    if isinstance(widget, DateBox):  # a day set or chosen (Qt writes its text unheard), a text it cannot take typed
        return [widget.dateChanged, widget.lineEdit().textChanged]
    if isinstance(widget, QDateEdit):
        return [widget.dateChanged]
    if isinstance(widget, QSpinBox):
        return [widget.valueChanged]
    raise TypeError(type(widget).__name__)


class DialogDraft(QObject):
    """Keeps what is typed in ``fields`` of ``dialog`` as the draft ``dialog:<kind>`` of the open project until
    :meth:`done`; fills them with a draft kept before (:attr:`restored`: the values its fields could take).

    ``title``: the dialog's name in both languages, said with the draft (the status bar's tooltip, a
    deleted project's drafts). ``base``: what the dialog showed when the typing began (a JSON object, or a
    callable making it when the draft is kept: what is chosen in the dialog then), kept with the draft and
    given back in :attr:`restored_base`, so a save compares with it, not with what is stored by then.
    ``together``: groups of fields kept whole when one of them is typed (a date and its "Set" tick: the date
    alone would come back behind a tick as it is now). ``saved_by_ok``: False when what OK returns is saved by
    the dialog's caller, which drops the draft once it is (refused, the draft stays for the dialog opened
    again). ``note``: what the dialog says when it holds a draft kept before (by default, that OK saves it and
    Cancel lets it go; beside it, Discard lets it go too). ``keeping``: whether the fields hold what is kept now
    (the People form: while it shows a new person, not one stored); False, nothing is kept. No project open,
    nothing is kept either (a draft is a project's), but with ``database_wide``: the typing is the whole
    database's (a company holiday), kept under :data:`DATABASE_WIDE` whichever project is open, or none."""

    def __init__(
        self,
        dialog: QDialog,
        state: AppState,
        kind: str,
        fields: Mapping[str, QWidget],
        title: Label,
        *,
        base: Any = None,
        together: Sequence[Sequence[str]] = (),
        saved_by_ok: bool = True,
        note: str | Callable[[], str] | None = None,
        keeping: Callable[[], bool] | None = None,
        database_wide: bool = False,
    ) -> None:
        super().__init__(dialog)
        self.state, self.fields, self.title = state, dict(fields), title
        self.item_id = PREFIX + kind
        self.project_id = DATABASE_WIDE if database_wide else state.project_id
        self.base, self.together = base, [set(group) for group in together]
        self.keeping = keeping
        self.shown = self.values()  # as the dialog opened: typing is what differs from it
        self.opened = self.shown  # (a field saved() leaves as it is, for the next one, differs from it: kept with typing)
        self.restored: dict[str, Any] = {}
        self.restored_base: Any = None
        self.note: QWidget | None = None  # the note saying a draft is back, with its Discard
        self._note_text = note  # (a callable: said again in the language a switch chooses, see retranslate)
        self._held = False  # kept as the window closes over the dialog (:meth:`hold`): its closing lets nothing go
        self._pause = QTimer(self, singleShot=True, interval=PAUSE_MS)
        self._pause.timeout.connect(self.keep)
        drafts_of(state).take_next(self.project_id, self.item_id)  # (another window's typing of it waiting: one at a time)
        kept = drafts_of(state).get(self.project_id, self.item_id)
        if kept is not None and isinstance(kept.fields, dict):  # (a value no field can take, the file edited: not said back)
            self.restored = {k: v for k, v in kept.fields.items() if k in self.fields and show_value(self.fields[k], v)}
            self.restored_base = kept.base if self.restored else None
            if self.restored:
                self._say_restored(dialog)
        for widget in self.fields.values():
            for signal in _changed_signals(widget):
                signal.connect(self._typed)
        dialog.rejected.connect(self.done)  # let go (Cancel, Escape, the ×): the draft goes
        if saved_by_ok:
            dialog.accepted.connect(self.done)  # (the dialog's OK saved it)
        else:
            dialog.accepted.connect(self.keep)  # kept until its caller has saved it

    def values(self) -> dict[str, Any]:
        return {name: value_of(widget) for name, widget in self.fields.items()}

    def _typed(self, *_: object) -> None:
        self._pause.start()

    def keep(self, every: bool = False, base: Any = None) -> None:
        """The fields typed (those that differ from what the dialog showed; ``every``: all of them, as the dialog
        records them now), kept; none: the draft removed. ``base``: what they are recorded on now (a sign-off kept from
        before recorded on another baseline than the one it was typed for), kept with them from now on."""
        self._pause.stop()
        if base is not None and self.restored:
            self.restored_base = base
        now = self.values()
        names = set(now) if every else {name for name, value in now.items() if value != self.shown[name]}
        if names:  # the form as it is on screen: the fields a save left for the next one too (a sign-off's role)
            names |= {name for name, value in now.items() if value != self.opened[name]}
        names |= {name for group in self.together if group & names for name in group}
        registry = drafts_of(self.state)
        if not names or self.project_id < 0 or (self.keeping is not None and not self.keeping()):
            registry.discard(self.project_id, self.item_id)
            return
        if base is None:
            base = self.restored_base if self.restored else self.base() if callable(self.base) else self.base
        typed = {name: value for name, value in now.items() if name in names}
        registry.put(self.project_id, self.item_id, typed, UserError(key="ui.dialog_typing", dialog=self.title), base=base)

    def done(self, *_: object) -> None:
        """The dialog saved what was typed, or the user let it go: the draft goes (not once :meth:`hold` kept it)."""
        self._pause.stop()
        if not self._held:
            drafts_of(self.state).discard(self.project_id, self.item_id)

    def hold(self) -> None:
        """The window closes with the dialog open (Ctrl+C in its terminal): what is typed is kept now, and the
        dialog closed after lets none of it go; the dialog opened again (the next window) brings it back."""
        self.keep()
        self._held = True

    def saved(self) -> None:
        """What the fields hold was saved and they stay open (a sign-off recorded, a holiday added), or they show
        something else now (the People form another person): typing starts again from them. A field left as it was
        for the next one (a sign-off's role and organisation) is kept with what is typed next, never alone: the
        dialog opened again shows the form as it was (:meth:`keep`)."""
        self.shown, self.restored, self.restored_base = self.values(), {}, None
        self.done()

    def discard(self) -> None:
        """The note's Discard: the fields show what the dialog showed before the draft came back, the draft goes
        (the dialog stays open)."""
        for name, widget in self.fields.items():
            show_value(widget, self.shown[name])
        self.restored, self.restored_base = {}, None
        self.done()
        if self.note is not None:
            self.note.hide()

    def retranslate(self) -> None:
        """The window's language was switched while the dialog is open: the note said in the new one."""
        if self.note is None:
            return
        label, discard = self._said
        text = self._note_text() if callable(self._note_text) else self._note_text
        label.setText(text or self.tr("What was typed here before and not saved is back: OK saves it, Cancel lets it go."))
        discard.setText(self.tr("Discard"))
        discard.setToolTip(self.tr("Let what was typed before go: the dialog shows what it showed without it."))

    def _say_restored(self, dialog: QDialog) -> None:
        note = QLabel()
        note.setObjectName("dialogDraftRestored")
        note.setWordWrap(True)
        note.setTextFormat(Qt.TextFormat.PlainText)
        colours.style(note, "color: $hint;")
        discard = QPushButton()
        discard.setObjectName("dialogDraftDiscard")
        discard.setAutoDefault(False)  # (Enter stays the dialog's own default button's)
        discard.clicked.connect(self.discard)
        self._said = (note, discard)
        self.note = QWidget()
        self.note.setObjectName("dialogDraftNote")
        row = QHBoxLayout(self.note)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(note, 1)
        row.addWidget(discard, 0, Qt.AlignmentFlag.AlignTop)
        layout = dialog.layout()
        if isinstance(layout, QFormLayout):
            layout.insertRow(0, self.note)
        elif isinstance(layout, QBoxLayout):
            layout.insertWidget(0, self.note)
        self.retranslate()


def hold_typing(dialog: QWidget) -> None:
    """Keep what is typed in ``dialog`` (and in the dialogs over it) as drafts that its closing does not let go."""
    for draft in dialog.findChildren(DialogDraft):
        draft.hold()

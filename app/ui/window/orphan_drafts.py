"""Drafts typed in a project that was deleted since (in another window, by a colleague), kept on disk.

No page shows them any more (their project is gone), so at start the window says once which deleted
project they were typed in, by its name when the draft recorded it, and what they hold (cut); the
user copies their text to the clipboard and removes them, or keeps them for now (said again at the
next start). Never dropped unasked, never kept unsaid.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import error_from_json
from app.core.messages import Label
from app.ui import messages
from app.ui.hearing.drafts import DraftRegistry, drafts_of, own_id
from app.ui.wbs.refused import REFUSED
from app.ui.widgets.dialog_drafts import drop_recorded

if TYPE_CHECKING:
    from app.ui.state import AppState

SHOWN_CHARS = 80  # of each draft's text in the dialog (the clipboard gets it whole)
SHOWN_DRAFTS = 8  # drafts listed in the dialog; the others are counted
TEXT_WIDTH = 520  # of the dialog's text, in pixels: it scrolls within three quarters of the screen's height


def offer_orphan_drafts(window: QWidget, state: AppState) -> None:
    """Once the window runs: say what was typed in projects deleted since, if anything (a dialog, not modal). The
    dialogs' drafts taken over that were recorded before their window was gone go (never counted as unsaved)."""
    QTimer.singleShot(0, window, lambda: drop_recorded(state))  # (once the window is built: its status bar hears it)
    registry = drafts_of(state)
    if registry.orphans():
        QTimer.singleShot(0, window, lambda: OrphanDraftsDialog(state, registry, window).show())


def refusal_params(draft: Any) -> dict[str, Any]:
    """The parameters of why ``draft`` was refused, as it kept them (the field named, the value as typed); {}
    when it kept no error it can say again."""
    error = error_from_json(draft.cause)
    return error.params if error is not None else {}


def typed_texts(value: Any) -> Iterator[str]:
    """The texts a draft's field holds (a table's cells, a document's fields), in order, blanks left out."""
    if isinstance(value, dict):
        for v in value.values():
            yield from typed_texts(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from typed_texts(v)
    elif isinstance(value, str):
        if value.strip():
            yield value.strip()
    elif isinstance(value, float) and value.is_integer():
        yield str(int(value))  # 99999 as typed, never 99999.0
    elif value is not None and not isinstance(value, bool):
        yield str(value)


class OrphanDraftsDialog(QDialog):
    """The drafts of deleted projects: what they hold, Copy Text, Remove Drafts, Keep for Now."""

    def __init__(self, state: AppState, registry: DraftRegistry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state, self.registry = state, registry
        self.drafts = registry.orphans()
        self.copied = False
        self.setObjectName("orphanDraftsDialog")
        self.setWindowTitle(self.tr("Drafts of a Deleted Project"))
        self.text = QLabel(self._summary())
        self.text.setObjectName("orphanDraftsText")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        buttons = QHBoxLayout()
        self.copy_button = self._button("copyOrphanDrafts", self.tr("Copy Text"), self.copy_text, buttons)
        self._button("removeOrphanDrafts", self.tr("Remove Drafts"), self.remove, buttons)
        buttons.addStretch(1)
        self._button("keepOrphanDrafts", self.tr("Keep for Now"), self.reject, buttons).setDefault(True)
        scroll = QScrollArea()  # long names and labels: the text scrolls, the buttons stay on the screen
        scroll.setObjectName("orphanDraftsScroll")
        scroll.setWidgetResizable(True)  # the text as wide as the view, wrapped there (never cut at its right)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setMinimumWidth(TEXT_WIDTH + scroll.verticalScrollBar().sizeHint().width())
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.text)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)
        layout.addLayout(buttons)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        screen = (parent.screen() if parent is not None else None) or QApplication.primaryScreen()
        room = screen.availableGeometry().height() * 3 // 4 if screen is not None else 500
        scroll.setMinimumHeight(min(self.text.heightForWidth(TEXT_WIDTH), room))  # all of it, when the screen has room

    def _button(self, name: str, text: str, slot: Any, row: QHBoxLayout) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(slot)
        row.addWidget(button)
        return button

    def _label(self, draft: Any) -> str:
        """What the draft was typed for, by its label: a hearing or review item, else the field its refusal
        named (an Experiment field, a WBS column) or the dialog it was typed in, after the task as it was shown for a
        WBS cell; else ""."""
        library, lang, own = self.state.workspace.library, self.state.ui_lang, own_id(draft.item_id)  # (waiting beside another too)
        item = library.item(own) or library.item(own.rsplit(":", 1)[-1])
        if item is not None:
            return item.label.get(lang)
        params = refusal_params(draft)
        named = params.get("field", params.get("dialog"))  # (a dialog's typing: the dialog, app/ui/widgets/dialog_drafts.py)
        label = named.get(lang) if isinstance(named, Label) else ""
        task = draft.base.get("name") if own.startswith(REFUSED) and isinstance(draft.base, dict) else None
        return " ▸ ".join(part for part in (task if isinstance(task, str) else "", label or "") if part)

    def _typed(self, draft: Any) -> str:
        """The draft's text as typed: a single value its refusal kept as typed is that (99999, not the number
        read from it); else every text the draft holds."""
        values = list(draft.fields.values())
        if len(values) == 1 and not isinstance(values[0], dict | list | tuple | str):
            typed = refusal_params(draft).get("value")
            if isinstance(typed, str) and typed.strip():
                return typed.strip()
        return " / ".join(t for value in values for t in typed_texts(value))

    def _lines(self, limit: int | None) -> dict[str, list[str]]:
        """Each deleted project's name ("" not known) and its drafts, one line each: item label, texts."""
        groups: dict[str, list[str]] = {}
        for draft in self.drafts:
            text = self._typed(draft)
            if limit is not None and len(text) > limit:
                text = text[:limit] + "…"
            label = self._label(draft)
            groups.setdefault(draft.project_name, []).append(f"{label}: {text}" if label else text)
        return groups

    def _heading(self, name: str) -> str:
        if name:
            return self.tr("“{0}” was deleted; what was typed in it could not be saved and is kept as a draft:").format(name)
        return self.tr("A deleted project: what was typed in it could not be saved and is kept as a draft:")

    def _summary(self) -> str:
        """The first :data:`SHOWN_DRAFTS` drafts under their projects' headings (a project with none
        of them listed has no heading), then how many drafts and projects are not listed."""
        parts, listed, unlisted, unnamed = [], 0, 0, 0
        for name, lines in self._lines(SHOWN_CHARS).items():
            shown = lines[: max(0, SHOWN_DRAFTS - listed)]
            if shown:
                parts.append(self._heading(name))
                parts.extend(f"・{line}" if self.state.ui_lang == "ja" else f"• {line}" for line in shown)
            else:
                unnamed += 1
            listed += len(shown)
            unlisted += len(lines) - len(shown)
        if unnamed:
            parts.append(self.tr("Drafts not listed here: {0}, of deleted projects not named here: {1}. Copy Text copies them all.")
                         .format(unlisted, unnamed))  # fmt: skip
        elif unlisted:
            parts.append(self.tr("Drafts not listed here: {0}. Copy Text copies them all.").format(unlisted))
        parts.append("")
        parts.append(self.tr("Copy the text to keep it elsewhere, then remove the drafts. Kept for now, they are shown again at the next start."))
        return "\n".join(parts)

    def copy_text(self) -> None:
        """Every draft's whole text to the clipboard, under its project's heading."""
        parts = []
        for name, lines in self._lines(None).items():
            parts.append(self._heading(name))
            parts.extend(lines)
            parts.append("")
        QApplication.clipboard().setText("\n".join(parts).rstrip("\n") + "\n")
        self.copied = True
        self.copy_button.setText(self.tr("Copied"))

    def remove(self) -> None:
        """Remove the drafts from disk; asked first when their text was not copied."""
        if not self.copied and not messages.confirm(
            self, self.tr("Remove drafts"), self.tr("Remove these drafts without copying their text? What was typed in them is lost.")
        ):
            return
        self.registry.drop_orphans()
        self.accept()

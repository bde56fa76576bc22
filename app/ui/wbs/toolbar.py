"""The WBS page's controls above the table: the editing toolbar and the filter bar."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolBar,
    QWidget,
)

from app.core.i18n import Lang, name_key
from app.ui.page import name_more_button
from app.ui.wbs.filters import Criteria
from app.ui.widgets.flow_layout import FlowLayout
from app.wbs.catalog import Catalog
from app.wbs.model import Task

# (object name suffix, text, shortcut, slot) of one editing command.
Command = tuple[str, str, QKeySequence, Callable[[], Any]]


def button(text: str, name: str, slot: Callable[[], Any]) -> QPushButton:
    widget = QPushButton(text)
    widget.setObjectName(name)
    widget.setAccessibleName(text)
    widget.clicked.connect(slot)
    return widget


def editing_toolbar(owner: QWidget, title: str, commands: Sequence[Command]) -> tuple[QToolBar, dict[str, QAction]]:
    """A toolbar of the commands; their shortcuts work anywhere in ``owner`` (the page)."""
    toolbar = QToolBar(title)
    toolbar.setObjectName("wbsToolbar")
    name_more_button(toolbar)
    actions: dict[str, QAction] = {}
    for name, text, shortcut, slot in commands:
        action = QAction(text, owner)
        action.setObjectName(f"wbsAction_{name}")
        action.setShortcut(shortcut)
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.setToolTip(f"{text} ({shortcut.toString(QKeySequence.SequenceFormat.NativeText)})")
        action.triggered.connect(slot)
        toolbar.addAction(action)
        owner.addAction(action)
        widget = toolbar.widgetForAction(action)
        widget.setObjectName(f"wbsButton_{name}")
        widget.setAccessibleName(text)
        actions[name] = action
    return toolbar, actions


class WbsFilterBar(QWidget):
    """Filters of the WBS table: priority, phase, owner, no completion condition, not agreed, critical path, text.

    Signals:
        changed: a filter changed; :meth:`criteria` holds them all.
    """

    changed = Signal()

    TYPING_PAUSE_MS = 150  # the search applies when typing pauses (or on Enter), not on every key

    def __init__(self, catalog: Catalog, lang: Lang, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalog = catalog
        self.lang = lang
        row = FlowLayout(self)  # wraps in a narrow window: every check box whole
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel(self.tr("Filter:")))
        self.priority = self._combo("wbsFilterPriority", self.tr("Filter by priority"), self.tr("All priorities"), [(k, catalog.priority_label(k, lang)) for k in catalog.priority_keys])
        self.phase = self._combo("wbsFilterPhase", self.tr("Filter by phase"), self.tr("All phases"), [(p.id, p.title.get(lang)) for p in catalog.phases])
        self.owner = self._combo("wbsFilterOwner", self.tr("Filter by owner"), self.tr("All owners"), [])
        self.no_completion = QCheckBox(self.tr("No completion condition"))
        self.no_completion.setObjectName("wbsFilterNoCompletion")
        self.not_agreed = QCheckBox(self.tr("Not agreed"))
        self.not_agreed.setObjectName("wbsFilterNotAgreed")
        self.critical = QCheckBox(self.tr("Critical path only"))
        self.critical.setObjectName("wbsFilterCritical")
        self.critical.setToolTip(self.tr("Tasks with no slack: a day's delay on any of them delays the project's finish"))
        self.search = QLineEdit()
        self.search.setObjectName("wbsSearch")
        self.search.setAccessibleName(self.tr("Search tasks"))
        self.search.setPlaceholderText(self.tr("Search…"))
        self.search.setClearButtonEnabled(True)
        self.clear_button = button(self.tr("Clear"), "wbsFilterClear", self.clear)
        for combo in (self.priority, self.phase, self.owner):
            combo.currentIndexChanged.connect(self.changed)
            row.addWidget(combo)
        for box in (self.no_completion, self.not_agreed, self.critical):
            box.toggled.connect(self.changed)
            row.addWidget(box)
        # Filtering thousands of rows takes longer than the gap between two keys: each key only
        # restarts the timer, so a keystroke is instant and the filter runs once for the word.
        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(self.TYPING_PAUSE_MS)
        self._typing.timeout.connect(self.changed)
        self.search.textChanged.connect(self._typed)
        self.search.returnPressed.connect(self.apply_search)
        clearing = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.search, self.search.clear)  # Esc there clears it
        clearing.setContext(Qt.ShortcutContext.WidgetShortcut)
        row.addWidget(self.search, 1)
        row.addWidget(self.clear_button)

    def _typed(self, text: str) -> None:
        if text:
            self._typing.start()
        else:  # cleared (its button, Escape, Clear): the whole outline at once
            self.apply_search()

    def apply_search(self) -> None:
        """Apply the search text now (Enter; or the typing pause)."""
        if self._typing.isActive():
            self._typing.stop()
        self.changed.emit()

    def search_pending(self) -> bool:
        """Typed text waits for the typing pause to be applied."""
        return self._typing.isActive()

    @staticmethod
    def _combo(name: str, accessible: str, everything: str, items: list[tuple[str, str]]) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        combo.setAccessibleName(accessible)
        combo.addItem(everything, None)
        for data, label in items:
            combo.addItem(label, data)
        return combo

    def criteria(self) -> Criteria:
        return Criteria(
            priority=self.priority.currentData(),
            phase=self.phase.currentData(),
            owner=self.owner.currentData(),
            no_completion=self.no_completion.isChecked(),
            not_agreed=self.not_agreed.isChecked(),
            critical=self.critical.isChecked(),
            text=self.search.text(),
        )

    def fill_owners(self, tasks: Iterable[Task]) -> None:
        """The owner filter's choices: the roles and names the tasks have (the choice made stays)."""
        tasks = list(tasks)
        current = self.owner.currentData()
        self.owner.blockSignals(True)
        self.owner.clear()
        self.owner.addItem(self.tr("All owners"), None)
        order = [r.id for r in self.catalog.roles]
        roles: dict[str, str] = {}  # name_key -> the role shown (the first met): an unlisted ＤＳＳ and DSS are one role
        for task in tasks:
            if task.owner_role:
                roles.setdefault(name_key(task.owner_role), task.owner_role)
        for role in sorted(roles.values(), key=lambda r: order.index(r) if r in order else 99):
            self.owner.addItem(self.catalog.role_label(role, self.lang), f"role:{role}")
        people: dict[str, str] = {}  # name_key -> the spelling shown (the first met): 山田 太郎 and 山田　太郎 are one person
        for task in tasks:
            if task.owner_name.strip():
                people.setdefault(name_key(task.owner_name), task.owner_name)
        for name in sorted(people.values()):
            self.owner.addItem(f"• {name}", f"name:{name}")
        if isinstance(current, str) and current[:5] in ("name:", "role:"):  # the one chosen, whichever spelling is shown now
            current = current[:5] + (people if current.startswith("name:") else roles).get(name_key(current[5:]), current[5:])
        self.owner.setCurrentIndex(max(0, self.owner.findData(current)))
        self.owner.blockSignals(False)
        if current is not None and self.owner.currentData() is None:  # the owner chosen is gone (renamed):
            self.changed.emit()  # the filter follows the box, which reads "All owners" now

    def clear(self) -> None:
        for combo in (self.priority, self.phase, self.owner):
            combo.setCurrentIndex(0)
        self.no_completion.setChecked(False)
        self.not_agreed.setChecked(False)
        self.critical.setChecked(False)
        self.search.clear()

"""The main window's menu bar and its actions, built again when the UI language changes."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar

from app.ui.pages import PAGE_SPECS
from app.ui.window.keys import step_keys

if TYPE_CHECKING:
    from app.ui.window.main_window import MainWindow


def menu_text(text: str) -> str:
    """``text`` shown literally in a menu: "&" is Qt's mnemonic mark, so "Data platform & CI" needs "&&"."""
    return text.replace("&", "&&")


def _action(
    parent: QMenuBar, text: str, name: str, slot: Callable[..., object], shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None
) -> QAction:  # fmt: skip
    action = QAction(text, parent)
    action.setObjectName(name)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    action.triggered.connect(slot)
    return action


def build_menus(window: MainWindow) -> None:
    """Give ``window`` a new menu bar in the current UI language; the old one and its actions go.

    Every action belongs to the menu bar, so replacing the bar (QMainWindow deletes the old one
    later) leaves no stale action or shortcut behind. The actions tests and the window use are
    attributes of the window (``new_action``, ``undo_action``, ...).
    """
    bar = QMenuBar(window)
    bar.setObjectName("menuBar")
    file = bar.addMenu(QCoreApplication.translate("MainWindow", "&File"))
    file.setObjectName("fileMenu")
    window.new_action = _action(bar, QCoreApplication.translate("MainWindow", "&New Project…"), "newProjectAction", window.new_project, QKeySequence.StandardKey.New)
    window.open_action = _action(bar, QCoreApplication.translate("MainWindow", "&Open Project…"), "openProjectAction", window.open_projects, QKeySequence.StandardKey.Open)
    file.addAction(window.new_action)
    file.addAction(window.open_action)
    window.recent_menu = QMenu(QCoreApplication.translate("MainWindow", "Open &Recent"), bar)
    window.recent_menu.setObjectName("recentMenu")
    window.recent_menu.aboutToShow.connect(window.fill_recent)
    file.addMenu(window.recent_menu)
    file.addSeparator()
    window.properties_action = _action(bar, QCoreApplication.translate("MainWindow", "Project &Properties…"), "projectPropertiesAction", window.edit_properties)
    window.rename_action = _action(bar, QCoreApplication.translate("MainWindow", "Rena&me Project…"), "renameProjectAction", window.rename_project, "F2")
    window.duplicate_action = _action(bar, QCoreApplication.translate("MainWindow", "&Duplicate Project"), "duplicateProjectAction", window.duplicate_project)
    window.copy_to_action = _action(bar, QCoreApplication.translate("MainWindow", "&Copy Project To…"), "copyProjectToAction", window.copy_project_to)
    window.archive_action = _action(bar, QCoreApplication.translate("MainWindow", "&Archive Project"), "archiveProjectAction", window.archive_project)
    window.delete_action = _action(bar, QCoreApplication.translate("MainWindow", "De&lete Project…"), "deleteProjectAction", window.delete_project)
    window.suspects_action = _action(bar, QCoreApplication.translate("MainWindow", "Suspect L&inks…"), "suspectLinksAction", window.show_suspects)
    window.baselines_action = _action(bar, QCoreApplication.translate("MainWindow", "Ba&selines…"), "baselinesAction", window.show_baselines)
    for action in window.project_actions():
        file.addAction(action)
    file.addSeparator()
    file.addAction(_action(bar, QCoreApplication.translate("MainWindow", "Restore &Backup…"), "restoreBackupAction", window.restore_backup))
    file.addSeparator()
    quit_keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Quit) or [QKeySequence("Ctrl+Q")]  # (none on Windows, some desktops)
    window.quit_action = _action(bar, QCoreApplication.translate("MainWindow", "&Quit"), "quitAction", window.close)
    window.quit_action.setShortcuts(quit_keys)
    window.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
    file.addAction(window.quit_action)

    edit = bar.addMenu(QCoreApplication.translate("MainWindow", "&Edit"))
    edit.setObjectName("editMenu")
    stack = window.state.undo_stack
    window.undo_action = stack.createUndoAction(bar, QCoreApplication.translate("MainWindow", "&Undo"))
    window.redo_action = stack.createRedoAction(bar, QCoreApplication.translate("MainWindow", "&Redo"))
    for action, name, standard, step in (
        (window.undo_action, "undoAction", QKeySequence.StandardKey.Undo, stack.undo),
        (window.redo_action, "redoAction", QKeySequence.StandardKey.Redo, stack.redo),
    ):
        action.setObjectName(name)
        action.setShortcuts(step_keys(standard))
        action.triggered.disconnect()  # Qt's own slot: the stack's (which saves pending typing first) instead
        action.triggered.connect(lambda _=False, step=step: step())
    edit.addAction(window.undo_action)
    edit.addAction(window.redo_action)
    for signal in (stack.canUndoChanged, stack.canRedoChanged, stack.undoTextChanged):  # after Qt's own (which follow the stack alone)
        signal.connect(window.offer_undo)
    window.offer_undo()

    go = bar.addMenu(QCoreApplication.translate("MainWindow", "&Go"))
    go.setObjectName("goMenu")
    for n, page in enumerate(PAGE_SPECS):  # not window.pages: that would build every page
        text = f"{menu_text(page.title())} (&{n + 1})"  # the digit as its mnemonic, as Ctrl+digit (not the phase's number)
        go.addAction(_action(bar, text, f"goto_{page.page_id}", lambda _=False, i=n: window.nav.setCurrentRow(i), f"Ctrl+{n + 1}"))

    tools = bar.addMenu(QCoreApplication.translate("MainWindow", "&Settings"))
    tools.setObjectName("settingsMenu")
    window.language_action = _action(
        bar, QCoreApplication.translate("MainWindow", "&Settings…"), "languageAction", window.edit_settings, QKeySequence.StandardKey.Preferences
    )
    if window.language_action.shortcut().isEmpty():  # Preferences has no key outside macOS and KDE
        window.language_action.setShortcut(QKeySequence("Ctrl+,"))
    window.language_action.setMenuRole(QAction.MenuRole.PreferencesRole)
    tools.addAction(window.language_action)

    help_menu = bar.addMenu(QCoreApplication.translate("MainWindow", "&Help"))
    help_menu.setObjectName("helpMenu")
    help_menu.addAction(_action(bar, QCoreApplication.translate("MainWindow", "User &Guide"), "helpAction", window.show_help, QKeySequence.StandardKey.HelpContents))
    help_menu.addAction(_action(bar, QCoreApplication.translate("MainWindow", "&Welcome…"), "welcomeAction", window.show_welcome))
    help_menu.addSeparator()
    help_menu.addAction(_action(bar, QCoreApplication.translate("MainWindow", "&About MLOps Kickoff"), "aboutAction", window.show_about))
    window.setMenuBar(bar)  # deletes the previous bar (later: this may run from one of its actions)
    if window.isVisible():
        # Shown now, not by the layout's queued show: a hidden bar's actions take no keys, so Ctrl+Z
        # (and every menu key) right after a language switch would otherwise do nothing.
        bar.show()

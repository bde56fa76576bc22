"""The UI language: the app's translations (one .qm per page and "core"), Qt's own, Qt's locale
(calendars' month and day names) and switching live; how date widgets show dates and which they offer."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, QLibraryInfo, QLocale, Qt, QTranslator
from PySide6.QtWidgets import QApplication

from app.core import paths
from app.core.i18n import FIRST_DATE, LAST_DATE, Lang

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDateTimeEdit, QWidget

    from app.ui.state import AppState

# Strings of Qt's own dialogs that the qtbase translation shipped with PySide6 lacks (Qt changed
# their source text since): listed here so that lupdate puts them in core.ts under Qt's own
# context, and the app's translator answers where Qt's has nothing.
QT_MISSING = (
    QT_TRANSLATE_NOOP("QFileDialog", "&Look in:"),
    QT_TRANSLATE_NOOP("QFileDialog", "Files of &type:"),
)

_installed: list[QTranslator] = []


def qt_translations_dir() -> str:
    """Where Qt's own .qm files are (PySide6 ships qtbase_ja.qm there)."""
    return QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)


def ui_locale(lang: Lang) -> QLocale:
    """Qt's locale for the UI language: the system's when it speaks ``lang`` (its own country's
    conventions, e.g. the first day of the week), else the language's own (ja_JP, en_US)."""
    system, wanted = QLocale.system(), QLocale(lang)
    english_c = lang == "en" and system.language() == QLocale.Language.C  # (the C locale's names are English)
    return system if system.language() == wanted.language() or english_c else wanted


def install_translations(app: QCoreApplication, lang: Lang) -> None:
    """Make ``lang`` the UI language: the app's .qm files, Qt's qtbase for the standard dialogs
    and buttons (English needs only its plural forms) and Qt's default locale, which every date
    field's calendar popup speaks (month and weekday names), whatever the system's language.
    Replaces what an earlier call installed; widgets made from now on speak ``lang`` (the window
    rebuilds its pages, see ``MainWindow.set_ui_lang``), and the open windows take the locale now."""
    QLocale.setDefault(ui_locale(lang))
    if isinstance(app, QApplication):
        for window in app.topLevelWidgets():  # their children follow (the pages, the calendar popups)
            if not window.testAttribute(Qt.WidgetAttribute.WA_SetLocale):
                window.unsetLocale()
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    app.setProperty("uiLang", lang)  # messages.show_error shows a core error's text in this language
    # One .qm per page plus "core" (see packaging/i18n.py); English's hold only the plural forms
    # ("1 task moved." / "3 tasks moved." for the code's "%n task(s) moved.").
    for qm in sorted((paths.resources_dir() / "i18n" / lang).glob("*.qm")):
        ours = QTranslator(app)
        if ours.load(str(qm)):
            app.installTranslator(ours)
            _installed.append(ours)
    if lang == "en":
        return  # Qt's own dialogs speak English
    qt = QTranslator(app)  # installed last, so asked first; the app's answer what it lacks (QT_MISSING)
    if qt.load(QLocale(lang), "qtbase", "_", qt_translations_dir()):
        app.installTranslator(qt)
        _installed.append(qt)


_loaded: dict[str, list[QTranslator]] = {}  # the app's translations of a language, loaded to read (never installed)


def translated_in(lang: Lang, context: str, text: str) -> str:
    """``text`` (a source text of the code's ``tr()`` in ``context``, a class's name) in ``lang``, whatever
    the window's language: a label copied in one window language, pasted in the other (app/ui/wide_table/paste.py).
    The source text where ``lang`` has no translation of it (English: the code's words)."""
    translators = _loaded.get(lang)
    if translators is None:
        translators = _loaded[lang] = []
        for qm in sorted((paths.resources_dir() / "i18n" / lang).glob("*.qm")):
            ours = QTranslator()
            if ours.load(str(qm)):
                translators.append(ours)
    return next((found for t in translators if (found := t.translate(context, text))), text)


def date_display_format(lang: Lang) -> str:
    """How a date widget (QDateEdit, the WBS date editor) shows a date: as the window's language
    writes dates (:func:`app.core.i18n.format_date`: 2026/12/21 in Japanese, 2026-12-21 in English)."""
    return "yyyy/MM/dd" if lang == "ja" else "yyyy-MM-dd"


def plan_date_range(edit: QDateTimeEdit) -> None:
    """Let a date widget offer only the dates a plan holds (:data:`app.core.i18n.FIRST_DATE` ..
    :data:`~app.core.i18n.LAST_DATE`), those the core accepts from a typed date."""
    edit.setDateRange(*(QDate(d.year, d.month, d.day) for d in (FIRST_DATE, LAST_DATE)))


def retranslate_undo_stack(state: AppState) -> None:
    """After a UI language switch: the undo steps' texts in the new language (before the Edit menu is built)."""
    stack = state.undo_stack
    for index in range(stack.count()):
        command = stack.command(index)
        if callable(retranslate := getattr(command, "retranslate", None)):  # (an OpCommand, a DraftStep)
            retranslate()


def follow(signal: Any, slot: Callable[..., Any]) -> None:
    """Connect ``slot`` to ``signal`` once: again after a language switch, which let go of every connection of the
    state's signals (PageStack._drop_pages), or still connected."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # (not connected)
        try:
            signal.disconnect(slot)
        except (RuntimeError, TypeError):
            pass
    signal.connect(slot)


def keep_open_dialogs(page: QWidget, window: QWidget) -> None:
    """Before a UI language switch replaces ``page``: a dialog open over it (the WBS's baselines) moves to ``window``,
    so that it is not deleted with the page, what is typed in it lost; retranslate_open_dialogs gives it the new page."""
    from PySide6.QtWidgets import QDialog

    from app.ui.wbs.tracking import BaselineDialog

    for dialog in page.findChildren(QDialog):
        if dialog.isVisible() and isinstance(dialog, BaselineDialog):
            dialog.setParent(window, dialog.windowFlags())
            dialog.show()


def retranslate_open_dialogs(window: QWidget) -> None:
    """After a UI language switch: the dialogs open with ``window`` that follow it say everything in the new language
    (suspect links, not modal, beside it; the baselines over it; the WBS's baselines over the WBS page, now over the
    page built anew), what is typed and chosen in them kept."""
    from PySide6.QtWidgets import QDialog

    from app.ui.baselines.dialog import BaselinesDialog
    from app.ui.suspects.dialog import SuspectDialog
    from app.ui.wbs.tracking import BaselineDialog

    for dialog in window.findChildren(QDialog):
        if dialog.isVisible() and isinstance(dialog, SuspectDialog | BaselinesDialog):
            dialog.retranslate()
        elif dialog.isVisible() and isinstance(dialog, BaselineDialog) and dialog.parent() is window:
            dialog.retranslate(window.page("wbs"))  # type: ignore[attr-defined]

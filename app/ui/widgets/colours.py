"""The app's own colours on screen, for the desktop's colour scheme of now: light, or dark.

Every colour the app chooses (a warning line, a draft's field, a shaded WBS row, a hint, a verdict) is
named here by what it means, in a light and a dark variant; which one applies is judged from the
application palette (its window and base lightness: what the desktop gives Qt, whatever it calls its
setting). A background is always given with the text that goes on it. Models read :func:`current` when
a cell is painted; a style sheet set through :func:`style` is worked out again, and every other style
sheet polished again, when the palette changes (a widget with a style sheet keeps the palette it was
polished with: the desktop turning dark left it light); what bakes colours in elsewhere (a rendered
document's links) listens to :func:`changed`.

Documents the app writes (PDF, HTML, Excel) keep their own black on white and never come here.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from string import Template

from PySide6.QtCore import QObject, QTimer, Signal, SignalInstance
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QWidget
from shiboken6 import isValid

READABLE = 4.5  # WCAG AA contrast for text
PAPER, INK = QColor("#ffffff"), QColor("#000000")  # a page as it will be printed (the proposal's preview)
_TEMPLATE = "schemeStyle"  # the property holding a widget's style sheet with its colours as $names


@dataclass(frozen=True)
class Scheme:
    """The semantic colours for one palette. ``*_bg`` are backgrounds; each has its text beside it."""

    dark: bool
    text: QColor  # the palette's text, on its base
    warning: QColor  # a red line or value: a refusal, an unsaved draft, a capacity problem, an overdue date
    draft_bg: QColor  # a value kept as a draft (a refused cell or field)
    draft_text: QColor  # a refused cell's text on draft_bg
    field_text: QColor  # what was typed, in a field marked with draft_bg
    shade_bg: QColor  # a WBS phase (summary) row
    milestone_bg: QColor  # a WBS milestone row
    problem_bg: QColor  # a WBS cell with a problem (no completion condition, dates the wrong way round)
    loaded_bg: QColor  # a week of work on the Load tab; a row a baseline diff added
    removed_bg: QColor  # a row a baseline diff removed
    over_bg: QColor  # an over-allocated owner or week
    over_text: QColor  # its text; the WBS header's over-allocation line
    note_bg: QColor  # the hypothesis bar; a row a baseline diff changed
    note_text: QColor  # text on note_bg
    shade_text: QColor  # text on shade_bg, milestone_bg, problem_bg, loaded_bg, removed_bg
    hint: QColor  # the WBS's ★ often-missed titles, a dialog's restored-draft note
    pending: QColor  # a capacity verdict still missing figures
    caution: QColor  # a review score typed and not saved
    success: QColor  # a capacity verdict that holds, a review test met
    info: QColor  # the review's suggestions
    link: QColor  # a link on the palette's base
    answered: QColor  # a hearing item's status in the checklist tree: 回答済
    not_applicable: QColor  # 対象外
    follow_up: QColor  # 要フォロー
    not_asked: QColor  # 未確認 (the most muted)

    def css(self) -> dict[str, str]:
        """Each colour by its field name as a style sheet writes it (``#rrggbb``)."""
        return {f.name: value.name() for f in fields(self) if isinstance(value := getattr(self, f.name), QColor)}


# (light, dark): the light ones are those the app has always shown on white; the dark ones reach 4.5:1 on
# the dark bases desktops give (#1e1e1e-#353535), the backgrounds keep their hue, darkened, under light text.
_VARIANTS: dict[str, tuple[str, str]] = {
    "warning": ("#b00020", "#ff7b72"),
    "draft_bg": ("#fde7ea", "#4d1f28"),
    "draft_text": ("#b00020", "#ffb3bd"),
    "shade_bg": ("#eef3fa", "#24324a"),
    "milestone_bg": ("#fff6d5", "#453a14"),
    "problem_bg": ("#f8cbad", "#5c3517"),
    "loaded_bg": ("#e2efda", "#233a20"),
    "removed_bg": ("#fce4d6", "#4d2a1c"),
    "over_bg": ("#f4b6b0", "#5c2320"),
    "over_text": ("#9c0006", "#ffb4ab"),
    "note_bg": ("#fff4cc", "#463c12"),
    "hint": ("#8a5a00", "#e8b35a"),
    "pending": ("#8a6d00", "#e6c84e"),
    "caution": ("#b35900", "#ffa657"),
    "success": ("#1b6e2f", "#6fcf7f"),
    "info": ("#1f5fa8", "#79b8ff"),
    "answered": ("#1e7d32", "#6fcf7f"),
    "not_applicable": ("#6d6d6d", "#bdbdbd"),
    "follow_up": ("#c25e00", "#ffa657"),
    "not_asked": ("#8a8a8a", "#9a9a9a"),
}


_SHADES = ("shade_bg", "milestone_bg", "problem_bg", "loaded_bg", "removed_bg")  # under shade_text


def luminance(colour: QColor) -> float:
    def channel(v: float) -> float:
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF()) + 0.0722 * channel(colour.blueF())


def contrast(a: QColor, b: QColor) -> float:
    """The WCAG contrast ratio of two colours (1 to 21)."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def readable(text: QColor, background: QColor) -> QColor:
    """``text`` when it reads on ``background``, else black or white, whichever reads better."""
    if contrast(text, background) >= READABLE:
        return QColor(text)
    return QColor(INK) if contrast(INK, background) >= contrast(PAPER, background) else QColor(PAPER)


def is_dark(palette: QPalette) -> bool:
    """The palette is a dark scheme's: its window and base are dark on the whole."""
    return palette.color(QPalette.ColorRole.Window).lightness() + palette.color(QPalette.ColorRole.Base).lightness() < 256


def scheme_of(palette: QPalette) -> Scheme:
    dark = is_dark(palette)
    chosen = {name: QColor(pair[dark]) for name, pair in _VARIANTS.items()}
    text = palette.color(QPalette.ColorRole.Text)
    base = palette.color(QPalette.ColorRole.Base)
    link = palette.color(QPalette.ColorRole.Link)
    return Scheme(
        dark=dark,
        text=QColor(text),
        field_text=readable(text, chosen["draft_bg"]),
        shade_text=text if all(contrast(text, chosen[n]) >= READABLE for n in _SHADES) else QColor(PAPER if dark else INK),
        note_text=readable(palette.color(QPalette.ColorRole.WindowText), chosen["note_bg"]),
        link=QColor(link) if contrast(link, base) >= READABLE else QColor("#5aa3e8" if dark else "#0645ad"),
        **chosen,
    )


LIGHT = scheme_of(QPalette(QColor("#efefef"), QColor("#efefef")))  # (the light colours: tests and defaults)
_cache: tuple[int, Scheme] | None = None


def current() -> Scheme:
    """The colours for the application palette of now (cheap: worked out again only when it changed)."""
    global _cache
    palette = QGuiApplication.palette()
    key = palette.cacheKey()
    if _cache is None or _cache[0] != key:
        _cache = (key, scheme_of(palette))
        watch()
    return _cache[1]


class _SchemeWatch(QObject):
    """Follows the application palette (a desktop switching to dark while the app is open).

    Signals:
        changed(): the palette changed; style sheets set through :func:`style` already follow it.
    """

    changed = Signal()

    def __init__(self, app: QGuiApplication) -> None:
        super().__init__(app)
        self._key = app.palette().cacheKey()
        app.paletteChanged.connect(self._palette_changed)
        # (a desktop's scheme switch changes the palette too; should it come first, the palette is read after)
        app.styleHints().colorSchemeChanged.connect(lambda _scheme: QTimer.singleShot(0, self._palette_changed))

    def _palette_changed(self, *_palette: object) -> None:
        key = QGuiApplication.palette().cacheKey()
        if key == self._key:
            return
        self._key = key
        scheme = current()
        for widget in QApplication.allWidgets():
            sheet = widget.styleSheet()
            if not sheet:
                continue
            template = widget.property(_TEMPLATE)
            # (the same sheet set again polishes the widget again: it takes the new palette)
            widget.setStyleSheet(Template(template).safe_substitute(scheme.css()) if isinstance(template, str) else sheet)
        self.changed.emit()


_watcher: _SchemeWatch | None = None


def watch() -> _SchemeWatch:
    """The application's palette followed from now on (once per application: the window asks at its start)."""
    global _watcher
    app = QGuiApplication.instance()
    if _watcher is None or not isValid(_watcher) or _watcher.parent() is not app:
        assert isinstance(app, QGuiApplication)
        _watcher = _SchemeWatch(app)
    return _watcher


def changed() -> SignalInstance:
    """Emitted when the palette changed (connect a bound method: it goes with its widget)."""
    return watch().changed


def style(widget: QWidget, template: str) -> None:
    """Set ``widget``'s style sheet from ``template``, whose ``$name`` are :class:`Scheme` colours; it is worked
    out again when the palette changes. Nothing is done when the sheet is the one set (setting it polishes)."""
    sheet = Template(template).safe_substitute(current().css()) if template else ""
    widget.setProperty(_TEMPLATE, template or None)
    if widget.styleSheet() != sheet:
        widget.setStyleSheet(sheet)


WARNING = "color: $warning;"  # a red line (a label's text)
DRAFT_FIELD = "background-color: $draft_bg; color: $field_text;"  # a field holding a draft

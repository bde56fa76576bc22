"""The app's date box: a QDateEdit that reads what a Japanese input method types, and never takes another day.

Qt's date box refuses without a word a digit it does not know: full-width digits (「３０」 with the IME
on) typed into its day left the date it showed, and OK or Add saved that other day. This box folds
full-width digits and separators to their ASCII forms before Qt reads them (as the WBS date cells and
the number boxes do), and a whole date pasted as the app reads dates anywhere (2026年12月30日,
令和8年12月30日, R8.12.30, 2026/12/30(水), 2026/1/5) is taken as that date, shown as the box writes dates.

A whole date the box cannot take (2026/02/30, 2026/12/24(月) of a Thursday, 1899/12/31 outside its
range) stays in it as typed, shown refused (red, the reason in its tooltip), where Qt dropped it or made
it 2026/02/28 without a word. An action takes the box's date with :meth:`DateBox.taken_date`: the date
it shows, read as the user wrote it, or a :class:`UserError` naming the field and the typed text (the
action is refused, the dialog stays open with the typing). Every date box of the app is one.
"""

from __future__ import annotations

import datetime as dt
import unicodedata

from PySide6.QtCore import QDate, QDateTime, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFocusEvent, QHideEvent, QKeyEvent, QPalette, QValidator
from PySide6.QtWidgets import QAbstractSpinBox, QDateEdit, QWidget

from app.core.demo_source import app_today
from app.core.errors import UserError
from app.core.i18n import date_shaped, format_date, misdated, parse_date, with_weekday
from app.core.messages import Label
from app.ui.widgets import colours


def folded(text: str) -> str:
    """Full-width digits, signs and separators as their ASCII forms (「２０２６／１２／３０」 is 2026/12/30)."""
    return unicodedata.normalize("NFKC", text).replace("−", "-")


def today_qdate() -> QDate:
    """The app's today (:func:`app.core.demo_source.app_today`: MLOPS_KICKOFF_TODAY's day when set) as Qt's date: the day
    a date box starts at. Never Qt's current date, the computer's day (a rehearsed demo pins another)."""
    day = app_today()
    return QDate(day.year, day.month, day.day)


def _both(day: dt.date, weekday: bool = False) -> Label:
    """``day`` as each language writes it (with its weekday: 2026/12/24(木), 2026-12-24 (Thu))."""
    if weekday:
        return Label(ja=with_weekday(day, "ja"), en=with_weekday(day, "en"))
    return Label(ja=format_date(day, "ja"), en=format_date(day, "en"))


class DateBox(QDateEdit):
    """A QDateEdit that takes full-width digits and separators as typed with the IME on, and a whole date
    pasted in any form :func:`app.core.i18n.parse_date` reads; one it cannot take is kept, refused (see the module).

    Signals:
        refusedChanged(bool): the box began (True) or stopped (False) showing a text it cannot take as a date
            (the date it holds did not change: a view of that date shows what the box says instead).
    """

    refusedChanged = Signal(bool)

    def __init__(self, date: QDate | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._refused = False
        # The text shown refused, until the user types again or the app sets a date: while the box's date is the one
        # it was refused over, Qt writing that date (a focus change, the dialog shown) writes this text
        # (textFromDateTime); an action takes it as refused still.
        self._refused_text: str | None = None
        self._refused_over = QDate()  # the box's date when it was refused
        self._error: UserError | None = None
        # (Qt's default made 2026/02/30 its nearest date, 02/28, when the focus left: a day nobody typed)
        self.setCorrectionMode(QAbstractSpinBox.CorrectionMode.CorrectToPreviousValue)
        if date is not None:
            self.setDate(date)
        self.lineEdit().textChanged.connect(self._text_changed)
        self.dateChanged.connect(self._date_changed)
        colours.changed().connect(self._paint)
        self.installEventFilter(self)
        self.lineEdit().installEventFilter(self)

    # --- reading ---------------------------------------------------------------------------------------------

    def _day(self, day: dt.date) -> QDate:
        return QDate(day.year, day.month, day.day)

    def _whole_date(self, text: str) -> str | None:
        """``text`` as the box writes it when it is a whole date the app reads (in the box's range), else None."""
        try:
            day = parse_date(text)
        except ValueError:
            return None
        date = self._day(day)
        if not self.minimumDate() <= date <= self.maximumDate():
            return None
        return date.toString(self.displayFormat())

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:  # overrides QDateEdit.validate
        plain = folded(text)
        state, out, at = super().validate(plain, min(pos, len(plain)))
        if state == QValidator.State.Acceptable and self._day_cut_short(plain, pos, out):
            return QValidator.State.Intermediate, plain, pos  # (the next digit is the day's: 30 in February, refused)
        if state != QValidator.State.Invalid and out == plain:
            return state, out, at  # Qt takes it as it is typed (whole, or a date on its way)
        # Qt refuses it, or would make it another text (2026/1/5 half read, 2026/02/30 made 02/28)
        if (whole := self._whole_date(plain)) is not None:
            return QValidator.State.Acceptable, whole, len(whole)
        if date_shaped(plain):  # a whole date the box cannot take: kept as typed, refused when an action takes it
            return QValidator.State.Intermediate, plain, min(pos, len(plain))
        return state, out, at

    def _day_cut_short(self, plain: str, pos: int, out: str) -> bool:
        """Whether Qt took the day's first digit, typed, as the whole day because no day of the month begins with it
        (3 in February made 03): its next key was dropped without a word, and 2027/02/03 was the day taken where 30
        was typed. The digit stays as typed, as 2 does; the day typed next makes the date, or is refused."""
        if not 0 < pos <= len(plain) or plain[pos - 1] not in "123" or self.currentSection() != self.Section.DaySection:
            return False
        return out == f"{plain[: pos - 1]}0{plain[pos - 1 :]}" and (pos == len(plain) or not plain[pos].isdigit())

    def fixup(self, text: str) -> str:  # overrides QDateEdit.fixup
        return super().fixup(folded(text))

    def dateTimeFromText(self, text: str) -> QDateTime:  # overrides QDateEdit.dateTimeFromText
        plain = folded(text)
        whole = self._whole_date(plain)
        return super().dateTimeFromText(whole if whole is not None else plain)

    def textFromDateTime(self, value: QDateTime) -> str:  # overrides QDateTimeEdit.textFromDateTime
        """How the box writes ``value``; while it holds a text refused over that date, that text: Qt writes the box's
        date over what it shows on its own (the dialog shown, a focus change, its signals blocked: unseen), and the
        typing stays until the user types again or the app sets a date."""
        refused = getattr(self, "_refused_text", None)  # (asked while QDateEdit's own __init__ runs)
        if refused is not None and value.date() == self._refused_over:
            return refused
        return self._written(value)

    def _written(self, value: QDateTime) -> str:
        """``value`` as the box writes a date (its display format)."""
        return super().textFromDateTime(value)

    def refusal(self, field: str | None = None, text: str | None = None) -> UserError | None:
        """Why the text the box shows (or ``text``) is not a date it takes (``field``: its label, by default its
        accessible name; the text as typed), or None when it is one."""
        text = self.lineEdit().text() if text is None else text
        if text == self._written(self.dateTime()):
            return None  # the box's own date as it writes it
        name, value = field if field is not None else self.accessibleName(), text.strip()
        try:
            day = parse_date(folded(text))
        except ValueError:
            if (meant := misdated(folded(text))) is not None:
                return UserError(key="date_box.wrong_weekday", field=name, value=value, date=_both(meant, weekday=True))
            return UserError(key="date_box.not_a_date", field=name, value=value)
        low, high = (dt.date(d.year(), d.month(), d.day()) for d in (self.minimumDate(), self.maximumDate()))
        if not low <= day <= high:
            return UserError(key="date_box.out_of_range", field=name, value=value, first=_both(low), last=_both(high))
        return None

    def taken_date(self, field: str | None = None) -> dt.date:
        """The date the box shows, read as the user wrote it (2026/1/5 half read by Qt is the 5th of January,
        shown as the box writes dates). :class:`UserError` (``field``: the label, by default the box's accessible
        name; the text typed; why) when it is no date the box takes: the box shows it refused, the text stays."""
        error = self.refusal(field)
        if error is not None:
            self._show_refused(error)
            raise error
        text = self.lineEdit().text()
        if text != self._written(self.dateTime()):  # a date Qt has not read yet: taken, as the box writes it
            self.setDate(self._day(parse_date(folded(text))))
        day = self.date()
        return dt.date(day.year(), day.month(), day.day())

    def refused_text(self) -> str:
        """The text shown refused, as typed (the box shows it again an instant after Qt writes its date over it)."""
        return self._refused_text if self._refused_text is not None else self.lineEdit().text()

    def typed(self) -> dt.date | str:
        """What the box holds as the user left it: the date it takes, or the text it shows when that is no date it
        takes (2026/02/30, half a date): a dialog's draft keeps that text, never the box's date in its place."""
        if self._refused_text is not None or self.refusal() is not None:
            return self.refused_text()
        text = self.lineEdit().text()
        if text != self._written(self.dateTime()):  # a date Qt has not read yet (2026/1/5)
            return parse_date(folded(text))
        day = self.date()
        return dt.date(day.year(), day.month(), day.day())

    def put_typed(self, value: dt.date | str) -> None:
        """Put back what :meth:`typed` gave: a date set, a text shown as typed (refused when it is no date)."""
        if isinstance(value, dt.date):
            self.setDate(self._day(value))
            return
        error = self.refusal(text=value)
        if error is not None:  # held first: Qt writes its date over a text set in the box it cannot take
            self._refused_text, self._refused_over, self._error = value, self.date(), error
        self.lineEdit().setText(value)
        if error is not None:
            self._show_refused(error, held=value)

    # --- the refused state -------------------------------------------------------------------------------------

    def _show_refused(self, error: UserError | None, held: str | None = None) -> None:
        """Show ``error`` (None: a date again); ``held``: the text refused, when Qt may have written its date over it."""
        from app.ui.error_text import ui_lang

        was, self._refused = self._refused, error is not None
        if error is None:
            self._refused_text = self._error = None
        elif held is not None or self.lineEdit().text() != self._written(self.dateTime()):
            self._refused_text, self._refused_over, self._error = held or self.lineEdit().text(), self.date(), error
        said = error.text(ui_lang()) if error is not None else ""  # (names no item: no content to read)
        self.setProperty("refusedText", said or None)
        self.setToolTip(said)
        self._paint()
        if was != self._refused:
            self.refusedChanged.emit(self._refused)

    def _paint(self) -> None:
        """A refused text in the scheme's warning colour (again when the scheme changes); else the box's own."""
        palette = QPalette()  # (nothing of its own: the box's colours)
        if self._refused:
            palette = self.lineEdit().palette()
            palette.setColor(QPalette.ColorRole.Text, colours.current().warning)
        self.lineEdit().setPalette(palette)

    def say_again(self) -> None:
        """The window's language was switched (the box named again in it): a text shown refused is said in it."""
        if self._refused:
            held = self.refused_text()
            self._show_refused(self.refusal(text=held), held=held)

    def is_refused(self) -> bool:
        """Whether the box shows a text it cannot take as a date, said (red, the reason in its tooltip)."""
        return self._refused

    def _text_changed(self, _text: str) -> None:
        if self._refused and self.refusal() is None:
            self._show_refused(None)  # a date again

    def _date_changed(self, date: QDate) -> None:
        """Another day chosen (the calendar, the mouse wheel, an arrow key): it is what the box shows now, the text
        refused goes (never an invisible text refused by the next action)."""
        if self._refused and date != self._refused_over:
            self._show_refused(None)

    def setCalendarPopup(self, enable: bool) -> None:  # overrides QDateTimeEdit.setCalendarPopup
        super().setCalendarPopup(enable)
        if enable:  # a day chosen in the calendar, even the box's own day, replaces a text shown refused
            calendar = self.calendarWidget()
            calendar.clicked.connect(self._chosen_in_calendar)
            calendar.activated.connect(self._chosen_in_calendar)

    def _chosen_in_calendar(self, date: QDate) -> None:
        if self._refused and date == self.date():
            self._show_refused(None)
            self.lineEdit().setText(self._written(self.dateTime()))

    def setDate(self, date: QDate) -> None:  # overrides QDateTimeEdit.setDate
        """The app sets a date (a row cleared, a draft back): a text shown refused goes with it."""
        if self._refused_text is not None:
            self._show_refused(None)
        super().setDate(date)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # overrides QObject.eventFilter
        if event.type() in (QEvent.Type.KeyPress, QEvent.Type.InputMethod):
            self._refused_text = None  # the user types: what they type now is what the box shows (or refuses)
            if isinstance(event, QKeyEvent) and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self._refuses_enter(watched):
                event.ignore()  # on to the dialog: its default button's action refuses the text, said naming the field
                return True
        return super().eventFilter(watched, event)

    def _refuses_enter(self, watched: QObject) -> bool:
        """Return or Enter (the keypad's too) on a whole date the box cannot take (2027/02/30): Qt's own handling (the
        line edit's, then the box's) made it the nearest day, 02/28, that the dialog then took without a word. The
        text stays as typed, shown refused, as when the focus leaves; the key goes on to the window (True)."""
        text = self.lineEdit().text()
        if not date_shaped(folded(text)) or (error := self.refusal()) is None:
            return False
        if watched is self:  # (the line edit's key goes on to the box first: held and said once)
            self._show_refused(error, held=text)
            self.lineEdit().selectAll()
            self.editingFinished.emit()
            self.lineEdit().returnPressed.emit()
        return True

    def _keeping_refused(self, handle: object, event: QEvent) -> None:
        """Qt's handling of ``event`` (it writes the box's own date over what is typed), but a whole date it
        cannot take stays as typed, shown refused (never another day without a word)."""
        text, before = self.lineEdit().text(), self.date()
        kept = date_shaped(folded(text)) and (error := self.refusal()) is not None
        if kept:  # held first: what Qt writes of the box's date while handling the event is the text (textFromDateTime)
            self._refused_text, self._refused_over = text, before
        handle(event)  # type: ignore[operator]
        if kept:
            if self.date() != before:  # (Qt read 2026/02/30 as its nearest day, 02/28: the box's date stays its own)
                self.setDate(before)
                self._refused_text, self._refused_over = text, before
            if self.lineEdit().text() != text:
                self.lineEdit().setText(text)
            self._show_refused(error, held=text)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # overrides QAbstractSpinBox.focusOutEvent
        self._keeping_refused(super().focusOutEvent, event)

    def focusInEvent(self, event: QFocusEvent) -> None:  # overrides QAbstractSpinBox.focusInEvent
        self._keeping_refused(super().focusInEvent, event)  # (an action refused puts the focus back: the text stays)

    def hideEvent(self, event: QHideEvent) -> None:  # overrides QAbstractSpinBox.hideEvent
        self._keeping_refused(super().hideEvent, event)

"""Number boxes that never turn what is typed into another number unsaid.

Qt's spin boxes refuse without a word a keystroke that would leave their range: 5000 typed in a
box that stops at 3650 shows, and saves, 500. Where the core checks the value, these boxes take
any number up to TYPED (:meth:`set_limits`; below 0 only where a negative number fits): one that
does not fit reaches the core, which refuses it naming the field, and the page keeps it as it
does any refused value; their arrows stay within the limits. What a box still refuses (a letter,
a sign or a decimal too many, a number past its range where the range is the box's own rule) is
said at once, in a tooltip at the box, with what it takes. A box of person-days (:meth:`NumberBox.show_as_typed`)
takes :data:`PERSON_DAY_DECIMALS` decimals and shows a number as typed (0.125, 0.5, 2; not 0.500 nor 2.000). Full-width digits and signs (「４５」 with the IME on) are taken as digits.
The mouse wheel turns a box only once it has the focus: scrolling a page over a box changes nothing.
"""

from __future__ import annotations

import unicodedata

from PySide6.QtCore import QCoreApplication, QPoint, Qt
from PySide6.QtGui import QValidator, QWheelEvent
from PySide6.QtWidgets import QAbstractSpinBox, QDoubleSpinBox, QSpinBox, QToolTip, QWidget

TYPED = 999_999_999  # the largest number a box takes, either way, once its range is left to the core
PERSON_DAY_DECIMALS = 3  # an hour of an 8-hour person-day (0.125) is the finest a plan uses


def plain(text: str) -> str:
    """Full-width digits, signs and separators as their ASCII forms (「－４５」 is -45); a prefix or suffix stays as it is."""
    return unicodedata.normalize("NFKC", text).replace("−", "-").replace("ー", "-")


def _say_refused(box: QAbstractSpinBox, low: float, high: float, decimals: int | None) -> None:
    """A keystroke the box refused: say what it takes, at the box (nothing turns silently into another number)."""
    low_text, high_text = (f"{limit:.{decimals or 0}f}".rstrip("0").rstrip(".") if decimals else f"{limit:.0f}" for limit in (low, high))
    if decimals == 1:  # (lupdate sees no plural form in a function's translate(): the singular by hand)
        text = QCoreApplication.translate("NumberBox", "A number from {0} to {1}, with at most 1 decimal").format(low_text, high_text)
    elif decimals:
        text = QCoreApplication.translate("NumberBox", "A number from {0} to {1}, with at most {2} decimals").format(low_text, high_text, decimals)
    else:
        text = QCoreApplication.translate("NumberBox", "A whole number from {0} to {1}").format(low_text, high_text)
    box.setProperty("refusedText", text)  # what was said last
    QToolTip.showText(box.mapToGlobal(QPoint(0, box.height())), text, box)


def _validated(box: QSpinBox | QDoubleSpinBox, result: tuple[QValidator.State, str, int], low: float, high: float,
               decimals: int | None) -> tuple[QValidator.State, str, int]:
    """A spin box's own validation of the typed text, said at the box when it refuses a keystroke. A group
    separator is refused too: Qt drops it, so 1,5 would be 15 (and 0.125 on an en_DK system, whose group
    separator is the point, 125)."""
    number = result[1].removeprefix(plain(box.prefix())).removesuffix(plain(box.suffix()))
    if box.locale().groupSeparator() in number:
        result = (QValidator.State.Invalid, result[1], result[2])
    if result[0] == QValidator.State.Invalid:
        _say_refused(box, low, high, decimals)
    return result


def _stepped(box: QSpinBox | QDoubleSpinBox, steps: int, limits: tuple[float, float]) -> None:
    """The arrows' step, kept within ``limits`` (what is typed may go past them)."""
    box.setValue(min(max(box.value() + steps * box.singleStep(), limits[0]), limits[1]))  # type: ignore[arg-type]  # (an int box has int limits)
    box.selectAll()


def _wheel_only_with_focus(box: QAbstractSpinBox) -> None:
    """A box takes the focus by a click or Tab, not by the wheel (Qt's default): see :func:`_wheeled`."""
    box.setFocusPolicy(Qt.FocusPolicy.StrongFocus)


def _wheeled(box: QAbstractSpinBox, event: QWheelEvent) -> bool:
    """Whether the wheel may turn ``box``: only with the focus; else the event goes on to the page,
    which scrolls (a value saved by scrolling past a field would be a change nobody made)."""
    if box.hasFocus():
        return True
    event.ignore()
    return False


def _step_flags(box: QAbstractSpinBox, value: float, limits: tuple[float, float]) -> QAbstractSpinBox.StepEnabledFlag:
    if box.isReadOnly():
        return QAbstractSpinBox.StepEnabledFlag.StepNone
    flags = QAbstractSpinBox.StepEnabledFlag.StepNone
    if value > limits[0]:
        flags |= QAbstractSpinBox.StepEnabledFlag.StepDownEnabled
    if value < limits[1]:
        flags |= QAbstractSpinBox.StepEnabledFlag.StepUpEnabled
    return flags


class WholeNumberBox(QSpinBox):
    """A whole-number box: a number typed past its limits is kept for the core to refuse (or one past its
    own range, said at once); its arrows stay within its limits."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._limits: tuple[int, int] | None = None
        _wheel_only_with_focus(self)  # where the arrows go (None: the range)

    def set_limits(self, low: int, high: int) -> None:
        """The values that fit (the arrows stay within them); what is typed may go up to TYPED (and down to
        -TYPED where a negative number fits), for the core to say it does not fit."""
        self._limits = (low, high)
        self.setRange(-TYPED if low < 0 else 0, TYPED)

    def minimum(self) -> int:  # overrides QSpinBox.minimum (for Python callers; Qt's own is the range typed)
        """The least value that fits: the arrows' end (a number typed below it is kept, for the core to refuse)."""
        return self._limits[0] if self._limits is not None else super().minimum()

    def maximum(self) -> int:  # overrides QSpinBox.maximum (for Python callers)
        """The greatest value that fits, as :meth:`minimum`."""
        return self._limits[1] if self._limits is not None else super().maximum()

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:  # overrides QSpinBox.validate
        folded = plain(text)
        return _validated(self, super().validate(folded, min(pos, len(folded))), self.minimum(), self.maximum(), None)

    def valueFromText(self, text: str) -> int:  # overrides QSpinBox.valueFromText
        return super().valueFromText(plain(text))

    def stepEnabled(self) -> QAbstractSpinBox.StepEnabledFlag:  # overrides QAbstractSpinBox.stepEnabled
        return super().stepEnabled() if self._limits is None else _step_flags(self, self.value(), self._limits)

    def stepBy(self, steps: int) -> None:  # overrides QAbstractSpinBox.stepBy
        if self._limits is None:
            super().stepBy(steps)
        else:
            _stepped(self, steps, self._limits)

    def wheelEvent(self, event: QWheelEvent) -> None:  # overrides QAbstractSpinBox.wheelEvent
        if _wheeled(self, event):
            super().wheelEvent(event)


class NumberBox(QDoubleSpinBox):
    """A number box with decimals, as :class:`WholeNumberBox`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._limits: tuple[float, float] | None = None
        self._as_typed = False  # see show_as_typed
        self._kept: tuple[float | None, float, str] | None = None  # see set_kept: the value given, the value and text shown
        # the text last typed since set_kept and whether the line could undo it (not: Ctrl+Z took it back to the text
        # set_kept showed); None: nothing typed (Qt clears the line's own modified flag on Enter)
        self._typed: tuple[str, bool] | None = None
        self.lineEdit().textEdited.connect(self._text_typed)
        _wheel_only_with_focus(self)

    def set_limits(self, low: float, high: float, *, below: bool = False) -> None:
        """As :meth:`WholeNumberBox.set_limits`. ``below``: a negative number is taken as typed too, though none
        fits (-5 for a percent the core checks: refused by it, said and kept in the box, not left half typed as "-")."""
        self._limits = (low, high)
        self.setRange(-TYPED if low < 0 or below else 0, TYPED)

    def half_typed(self) -> str:
        """What is typed when it is no number the box can take ("-", "1e"; "" for a number, or a box erased)."""
        typed = plain(self.lineEdit().text()).removeprefix(plain(self.prefix())).removesuffix(plain(self.suffix())).strip()
        return typed if typed and not self.hasAcceptableInput() else ""

    def show_as_typed(self, decimals: int = PERSON_DAY_DECIMALS) -> None:
        """Take up to ``decimals`` decimals (one more is refused, and said) and show a number as typed, without
        the zeros the decimals would pad it with: 0.125, 0.5 and 2, not 0.500 and 2.000. (Set before the value:
        Qt rounds a value to the box's decimals.)"""
        self._as_typed = True
        self.setDecimals(decimals)
        self.setValue(self.value())  # shown again, trimmed

    def set_kept(self, value: float | None) -> None:
        """Show a stored ``value`` (Qt rounds it to the box's decimals: 0.0625 shows 0.063; none shows 0);
        :meth:`kept_value` gives it back whole while nobody changes it, so a value opened and closed is never
        rounded unsaid, nor an empty one made 0."""
        self.setValue(0.0 if value is None else value)
        self._kept, self._typed = (value, self.value(), self.text()), None

    def _text_typed(self, text: str) -> None:
        self._typed = (text, self.lineEdit().isUndoAvailable())  # (Ctrl+Z in the line is an edit too)

    def kept_value(self) -> float | None:
        """The value: the one :meth:`set_kept` gave, with all its decimals (None: none), while nothing was typed
        and no arrow turned it, when the box was erased (an empty box closed is no change, never the 0 or the
        rounding Qt puts back), or when what was typed was taken back with Ctrl+Z to the text it showed; else the
        box's (0.063 typed as it shows is 0.063; over none, a 0 typed is 0)."""
        if self._kept is None:
            return self.value()
        kept, shown, text = self._kept
        if self._typed is None:
            return kept if self.value() == shown else self.value()
        typed, anew = plain(self._typed[0]).strip(), self._typed[1]
        if typed == "" or (typed == text and not anew and self.value() == shown):
            return kept
        return self.value()

    def textFromValue(self, value: float) -> str:  # overrides QDoubleSpinBox.textFromValue
        """The number with a point, as the tables and documents show it (0.125, also where the locale's decimal point
        is a comma: the box and the cell it edits show the same text)."""
        text = super().textFromValue(value)
        point = self.locale().decimalPoint()
        if self._as_typed and point in text:
            text = text.rstrip("0").removesuffix(point)
            text = "0" if text == "-0" else text
        return text.replace(point, ".")

    def minimum(self) -> float:  # overrides QDoubleSpinBox.minimum (for Python callers), as WholeNumberBox.minimum
        return self._limits[0] if self._limits is not None else super().minimum()

    def maximum(self) -> float:  # overrides QDoubleSpinBox.maximum (for Python callers)
        return self._limits[1] if self._limits is not None else super().maximum()

    def _read(self, text: str) -> str:
        """``text`` as the box's locale writes it: full-width folded, and a point typed the decimal point even
        where the locale's is a comma (the tables show 0.125: en_DK's group separator "." would make it 125)."""
        folded, point = plain(text), self.locale().decimalPoint()
        return folded.replace(".", point) if point != "." else folded

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:  # overrides QDoubleSpinBox.validate
        """Validated as the locale writes it (:meth:`_read`); the line keeps the text as typed (a point or a comma,
        full-width folded), not the locale's form of it."""
        folded = self._read(text)
        state, fixed, at = _validated(self, super().validate(folded, min(pos, len(folded))), self.minimum(), self.maximum(),
                                      self.decimals())  # fmt: skip
        return (state, plain(text), pos) if fixed == folded and len(plain(text)) == len(text) else (state, fixed, at)

    def valueFromText(self, text: str) -> float:  # overrides QDoubleSpinBox.valueFromText
        return super().valueFromText(self._read(text))

    def stepEnabled(self) -> QAbstractSpinBox.StepEnabledFlag:  # overrides QAbstractSpinBox.stepEnabled
        return super().stepEnabled() if self._limits is None else _step_flags(self, self.value(), self._limits)

    def stepBy(self, steps: int) -> None:  # overrides QAbstractSpinBox.stepBy
        if self._limits is None:
            super().stepBy(steps)
        else:
            _stepped(self, steps, self._limits)
        if self._typed is not None:  # an arrow after typing: what it shows now is what counts
            self._typed = (self.text(), True)

    def wheelEvent(self, event: QWheelEvent) -> None:  # overrides QAbstractSpinBox.wheelEvent
        if _wheeled(self, event):
            super().wheelEvent(event)

"""The app's date box: a QDateEdit that reads what a Japanese input method types.

Qt's date box refuses without a word a digit it does not know: full-width digits (「３０」 with the IME
on) typed into its day left the date it showed, and OK or Add saved that other day. This box folds
full-width digits and separators to their ASCII forms before Qt reads them (as the WBS date cells and
the number boxes do), and a whole date pasted as the app reads dates anywhere (2026年12月30日,
令和8年12月30日, R8.12.30, 2026/12/30(水)) is taken as that date. Every date box of the app is one.
"""

from __future__ import annotations

import unicodedata

from PySide6.QtCore import QDate, QDateTime
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QDateEdit, QWidget

from app.core.i18n import parse_date


def folded(text: str) -> str:
    """Full-width digits, signs and separators as their ASCII forms (「２０２６／１２／３０」 is 2026/12/30)."""
    return unicodedata.normalize("NFKC", text).replace("−", "-")


class DateBox(QDateEdit):
    """A QDateEdit that takes full-width digits and separators as typed with the IME on, and a whole date
    pasted in any form :func:`app.core.i18n.parse_date` reads (see the module)."""

    def __init__(self, date: QDate | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if date is not None:
            self.setDate(date)

    def _whole_date(self, text: str) -> str | None:
        """``text`` as the box writes it when it is a whole date the app reads (in the box's range), else None."""
        try:
            day = parse_date(text)
        except ValueError:
            return None
        date = QDate(day.year, day.month, day.day)
        if not self.minimumDate() <= date <= self.maximumDate():
            return None
        return date.toString(self.displayFormat())

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:  # overrides QDateEdit.validate
        plain = folded(text)
        state, out, at = super().validate(plain, min(pos, len(plain)))
        if state == QValidator.State.Invalid and (whole := self._whole_date(plain)) is not None:
            return QValidator.State.Acceptable, whole, len(whole)
        return state, out, at

    def fixup(self, text: str) -> str:  # overrides QDateEdit.fixup
        return super().fixup(folded(text))

    def dateTimeFromText(self, text: str) -> QDateTime:  # overrides QDateEdit.dateTimeFromText
        plain = folded(text)
        whole = self._whole_date(plain)
        return super().dateTimeFromText(whole if whole is not None else plain)

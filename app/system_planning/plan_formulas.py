"""The capacity results of one process-flow row as Excel formulas over its input cells.

The arithmetic is :mod:`app.system_planning.capacity`'s, written once more in Excel's words (the
tests recalculate it with LibreOffice and compare with the app). A row's mode (batch or online)
and what its time is measured per (item or batch) pick the formula when the workbook is written;
the numbers, the time unit, the frequency and the price are read from their cells, blank cells
meaning what they mean in the app (1 worker, peak 1, target 70 %).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from app.core.content.model import Column
from app.core.i18n import Lang
from app.system_planning.capacity import (
    DEFAULT_TARGET_UTILISATION,
    HOURS_PER_MONTH,
    PERIOD_HOURS,
    CapacityResult,
    Mode,
    as_shown,
    money_decimals,
    num,
    runs_per_month,
)
from app.system_planning.xlsx_book import cell


def is_number(value: Any) -> bool:
    """A number a sheet's cell holds: an integer of 400 digits (no float holds it, stored by an older
    version) is none, written as its text, and no formula reads it."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return isinstance(value, float) or abs(value) <= sys.float_info.max


def _str(text: str) -> str:
    """A string constant inside a formula (content labels, never user text)."""
    return '"' + text.replace('"', '""') + '"'


def _option(column: Column | None, option_id: str, lang: Lang) -> str:
    if column is None:
        return option_id
    found = next((o for o in column.options if o.id == option_id), None)
    return found.label.get(lang) if found else option_id


@dataclass(frozen=True)
class ProcessInputs:
    """Where a process row's inputs are (0-based row, columns by column id) and how a formula reads them."""

    row: int
    cols: dict[str, int]
    columns: dict[str, Column]
    values: dict[str, Any]
    lang: Lang

    def at(self, column_id: str) -> str:
        return cell(self.row, self.cols[column_id])

    def or_default(self, column_id: str, default: float) -> str:
        cell = self.at(column_id)
        return f'IF({cell}="",{default:g},{cell})'

    def target(self) -> str:
        """The target utilisation in percent as the app takes it: 70 when blank, out of range, or
        1 or less (a fraction written the other way, which the app flags rather than guesses)."""
        cell = self.at("target_utilisation")
        return f'IF(OR({cell}="",{cell}<=1,{cell}>100),{DEFAULT_TARGET_UTILISATION:g},{cell})'

    def seconds(self) -> str:
        ms = _str(_option(self.columns.get("time_unit"), "ms", self.lang))
        return f"IF({self.at('time_unit')}={ms},{self.at('processing_time')}/1000,{self.at('processing_time')})"

    def period_hours(self) -> str:
        """The frequency's period in hours, read from the frequency cell (its label)."""
        return self._by_frequency(lambda key: PERIOD_HOURS[key])

    def runs_shown(self) -> str:
        """The runs a month as the worked line prints them (30.42 for daily), read from the frequency cell."""
        return self._by_frequency(lambda key: as_shown(runs_per_month(key)))

    def _by_frequency(self, value: Callable[[str], float]) -> str:
        """``value`` of the frequency the frequency cell names (its label), monthly when none."""
        column = self.columns.get("frequency")
        formula = f"{value('monthly'):g}"
        for key in ("weekly", "daily", "hourly"):
            formula = f"IF({self.at('frequency')}={_str(_option(column, key, self.lang))},{value(key):g},{formula})"
        return formula

    def usable(self, required: tuple[str, ...], optional: tuple[str, ...]) -> bool:
        """A formula can read these cells: required ones are numbers, optional ones numbers or blank."""
        if not all(is_number(self.values.get(c)) for c in required):
            return False
        return all(self.values.get(c) in (None, "") or is_number(self.values.get(c)) for c in optional)


def capacity_formulas(i: ProcessInputs, r: CapacityResult, first: int, price: str | None) -> dict[int, str]:
    """Formulas by computed column offset (0 throughput, 1 required, 2 instances, 3 run/utilisation,
    4 latency, 5 hours, 6 cost), the same arithmetic as :mod:`app.system_planning.capacity`."""
    per_batch = r.spec.time_basis == "batch"
    optional = ("workers", "instances", "peak_factor", "target_utilisation", "batch_window")
    required = ("volume", "processing_time") + (("batch_size",) if per_batch else ())
    if not i.usable(required, optional) or not {*required, *optional, "time_unit", "frequency"} <= i.cols.keys():
        return {}  # (an own checklist's table without a column a formula reads: the app's values, no formulas)
    out: dict[int, str] = {}
    res = {k: cell(i.row, first + k) for k in range(7)}  # this row's result cells
    t_s = i.seconds()
    w = i.or_default("workers", 1)
    b = i.at("batch_size") if per_batch else "1"
    planned = i.at("instances")
    out[2] = f'IF({planned}="",{res[1]},ROUNDUP({planned},0))'
    out[4] = f"{t_s}*1000" if r.spec.mode == Mode.ONLINE else ""
    if r.spec.mode == Mode.ONLINE:
        peak = i.or_default("peak_factor", 1)
        target = f"{i.target()}/100"
        out[0] = f"{i.at('volume')}/({i.period_hours()}*3600)*{peak}"
        # n_load at the target utilisation, plus the N+1 spare (1E-9 as the app: 0.7 x 20 is not exactly 14)
        out[1] = f"MAX(1,ROUNDUP({res[0]}/({target}*{w}*{b}/{t_s})-1E-9,0))+1"
        out[3] = f"{res[0]}*{t_s}/({w}*{b}*{res[2]})"  # utilisation = load x time / capacity
        out[5] = f"{res[2]}*{HOURS_PER_MONTH:g}"
    else:
        units = f"ROUNDUP({i.at('volume')}/{b},0)" if per_batch else i.at("volume")
        work = f"({units}*{t_s})"
        window = i.at("batch_window")
        if r.spec.batch_window_h is not None:
            out[0] = f"{i.at('volume')}/({window}*3600)"
            out[1] = f"MIN(MAX(1,ROUNDUP({work}/({w}*{window}*3600),0)),MAX(1,ROUNDUP({units}/{w},0)))"
        else:
            out[1] = "1"
        out[3] = f"MAX({work}/({w}*{res[2]}),{t_s})/3600"  # one run, in hours
        # count x a run's hours x runs, as printed; a run that fits its period: at most the 730 h month an instance is billed
        product = f"{res[2]}*{shown(res[3])}*{i.runs_shown()}"
        out[5] = f"IF({res[3]}>{i.period_hours()},{product},MIN({product},{res[2]}*{HOURS_PER_MONTH:g}))"
    if price is not None and r.price is not None:
        # hours x hourly price, in cents (whole yen) as the app counts it: the total is the sum of these
        out[6] = f"ROUND({res[5]}*{price},{money_decimals(r.price.currency)})"
    return {k: v for k, v in out.items() if v}


def shown(x: str) -> str:
    """Excel's words for :func:`app.system_planning.capacity.as_shown` of a positive number: rounded
    as the documents print it (0 decimals from 1,000, 2 from 1, else 3 significant digits)."""
    return f"IF({x}>=1000,ROUND({x},0),IF({x}>=1,ROUND({x},2),ROUND({x},2-INT(LOG10({x})))))"


def shown_format(value: float, written: Callable[[float], str] = num) -> str:
    """A cell's number format showing ``value`` as the documents print it (8.68, 0.139, 1,460; the monthly
    hours with every digit, ``written`` by :func:`~app.system_planning.capacity.exact_text`: 1,490.58)."""
    text = written(value).replace(",", "")
    decimals = len(text.split(".")[1]) if "." in text and "e" not in text else 0
    return "#,##0" + ("." + "0" * decimals if decimals else "")

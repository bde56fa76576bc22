"""The cost estimate: initial / running x infrastructure / effort, retraining, and cost-effectiveness (pure).

Rows come from the cost table (initial rows are one-off amounts, running rows are per month);
the infrastructure the capacity calculator priced is added as its own running line so it is
never typed twice. Everything is converted into the estimate's currency with the project's
exchange rates; a row whose currency has no rate is reported and left out of the totals, never
guessed.
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass, field
from typing import Any

from app.core.i18n import number_text
from app.system_planning.capacity import (
    MAX_AMOUNT,
    MAX_INPUT,
    Flag,
    Formula,
    Severity,
    exact,
    in_units,
    money,
    num,
)

MONTHS_PER_YEAR = 12
RETRAINING_PER_MONTH: dict[str, float | None] = {
    "daily": 730 / 24,
    "weekly": 730 / 168,
    "monthly": 1.0,
    "quarterly": 1 / 3,
    "yearly": 1 / 12,
    "on_demand": None,  # irregular: shown per run, not spread over the month
}


@dataclass(frozen=True)
class CostRow:
    """One row of the cost table as typed (None: not given)."""

    phase: str | None = None  # "initial" | "running"
    category: str | None = None  # "infrastructure" | "effort"
    item: str = ""
    unit_price: Any = None
    quantity: Any = None
    unit: str = ""
    currency: str | None = None  # None: the estimate's currency
    note: str = ""

    @property
    def is_blank(self) -> bool:
        return all(v is None or (isinstance(v, str) and not v.strip()) for v in self.__dict__.values())


@dataclass(frozen=True)
class CostLine:
    row: int  # 1-based, as the user sees it
    source: CostRow
    amount: float | None  # unit price x quantity, in the row's currency
    currency: str
    converted: float | None  # in the estimate's currency (monthly for running rows)
    yearly: float | None  # running rows: 12 months, converted
    flags: tuple[Flag, ...] = ()


@dataclass(frozen=True)
class CostSummary:
    currency: str
    lines: tuple[CostLine, ...]
    initial_infrastructure: float
    initial_effort: float
    running_infrastructure: float  # per month, from the table
    running_capacity: float | None  # per month, from the capacity calculator (converted)
    running_effort: float  # per month
    retraining_runs_per_month: float | None
    retraining_cost: float | None  # per run
    retraining_monthly: float
    business_value: float | None  # per month
    flags: tuple[Flag, ...] = ()
    formulas: tuple[Formula, ...] = field(default=())

    @property
    def initial_total(self) -> float:
        return self.initial_infrastructure + self.initial_effort

    @property
    def running_monthly(self) -> float:
        return self.running_infrastructure + (self.running_capacity or 0.0) + self.running_effort + self.retraining_monthly

    @property
    def running_yearly(self) -> float:
        return self.running_monthly * MONTHS_PER_YEAR

    @property
    def first_year_total(self) -> float:
        return self.initial_total + self.running_yearly

    @property
    def net_monthly(self) -> float | None:
        return None if self.business_value is None else self.business_value - self.running_monthly

    @property
    def value_ratio(self) -> float | None:
        """Business value per unit of running cost (above 1: the system pays for its running)."""
        if self.business_value is None or self.running_monthly <= 0:
            return None
        return self.business_value / self.running_monthly

    @property
    def payback_months(self) -> float | None:
        net = self.net_monthly
        if net is None or net <= 0:
            return None
        return self.initial_total / net


def _number(value: Any) -> float | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    if isinstance(value, int) and abs(value) > sys.float_info.max:
        return sys.float_info.max if value > 0 else -sys.float_info.max  # 400 digits: too large for any amount (said so)
    if isinstance(value, int | float):
        number = float(value)
    else:
        try:
            number = float(number_text(str(value)))
        except ValueError:
            return None
    return number if math.isfinite(number) else None  # "nan", "inf", 1e309: no amount, never in a total


def _within(amount: float) -> bool:
    """An amount a total can hold (see :data:`app.system_planning.capacity.MAX_AMOUNT`): finite, and no
    larger than any real one."""
    return math.isfinite(amount) and abs(amount) <= MAX_AMOUNT


def estimate(
    rows: list[CostRow],
    currency: str,
    rates: dict[str, float],
    capacity_monthly: float | None = None,
    capacity_currency: str | None = None,
    retraining_frequency: str | None = None,
    retraining_cost: Any = None,
    business_value: Any = None,
    unusable_rates: dict[str, Any] | None = None,
) -> CostSummary:
    """Totals of the cost table plus the calculator's infrastructure, retraining and the value it buys.

    ``rates`` maps a currency to how many units of ``currency`` one unit is worth; the estimate's
    own currency is always 1. ``unusable_rates``: the rate typed for a currency that has none usable
    (0, stored before the rate column refused it): named where the currency is used, never said missing.
    """
    unusable = {k.upper(): v for k, v in (unusable_rates or {}).items()}
    rates = {**{k.upper(): float(v) for k, v in rates.items()}, currency: 1.0}
    flags: list[Flag] = []
    lines: list[CostLine] = []
    sums = {("initial", "infrastructure"): 0.0, ("initial", "effort"): 0.0, ("running", "infrastructure"): 0.0, ("running", "effort"): 0.0}
    for n, row in enumerate(rows, start=1):
        if row.is_blank:
            continue  # a row just added and not filled yet
        row_flags: list[Flag] = []
        missing = [name for name in ("phase", "category") if not getattr(row, name)]
        price, quantity = _number(row.unit_price), _number(row.quantity)
        if price is None:
            missing.append("unit_price")
        if quantity is None:
            missing.append("quantity")
        if missing:
            row_flags.append(Flag("row_missing", Severity.MISSING, {"row": n, "fields": missing}))
        row_currency = (row.currency or currency).upper()
        amount = price * quantity if price is not None and quantity is not None else None
        converted = yearly = None
        if amount is not None and not (_within(amount) and _within(amount * rates.get(row_currency, 1.0))):
            # 1e200 × 1e200: the row is named (its number and item) and left out, never an 'inf' total; a rate
            # beyond the rate column's range (1e300, stored by an older version) is named as the cause
            kind = "row_too_large" if row.item.strip() else "row_too_large_unnamed"
            if _within(amount) and rates.get(row_currency, 1.0) > MAX_INPUT:
                row_flags.append(Flag("rate_too_large", Severity.MISSING, {"row": n, "currency": row_currency, "rate": rates[row_currency]}))
            else:
                row_flags.append(Flag(kind, Severity.MISSING, {"row": n, "item": row.item.strip(), "fields": ["unit_price", "quantity"]}))
            amount = None
        if amount is not None:
            if row_currency not in rates and row_currency in unusable:
                row_flags.append(Flag("unusable_rate", Severity.MISSING, {"row": n, "currency": row_currency, "rate": unusable[row_currency]}))
            elif row_currency not in rates:
                row_flags.append(Flag("no_rate", Severity.MISSING, {"row": n, "currency": row_currency}))
            else:
                converted = in_units(amount * rates[row_currency], currency)
                if row.phase == "running":
                    yearly = converted * MONTHS_PER_YEAR
                key = (row.phase, row.category)
                if key in sums and not missing:
                    sums[key] += converted
        flags += row_flags
        lines.append(CostLine(n, row, amount, row_currency, converted, yearly, tuple(row_flags)))

    running_capacity = None
    if capacity_monthly is not None and capacity_currency:
        if capacity_currency.upper() in rates:
            capacity_monthly = in_units(capacity_monthly, capacity_currency.upper()) if _within(capacity_monthly) else capacity_monthly
            running_capacity = in_units(capacity_monthly * rates[capacity_currency.upper()], currency)
            if not _within(running_capacity):
                flags.append(Flag("capacity_too_large", Severity.MISSING, {"currency": capacity_currency.upper()}))
                running_capacity = None
        elif capacity_currency.upper() in unusable:
            flags.append(Flag("capacity_unusable_rate", Severity.MISSING, {"currency": capacity_currency.upper(), "rate": unusable[capacity_currency.upper()]}))
        else:
            flags.append(Flag("capacity_no_rate", Severity.MISSING, {"currency": capacity_currency.upper()}))

    runs = RETRAINING_PER_MONTH.get(retraining_frequency or "")
    per_run = _number(retraining_cost)
    if per_run is not None and not _within(per_run):
        flags.append(Flag("retraining_too_large", Severity.MISSING, {"value": str(retraining_cost)}))
        per_run = None
    elif per_run is not None and per_run < 0:  # stored before the item refused it: a cost below 0 would raise the net benefit
        flags.append(Flag("retraining_negative", Severity.MISSING, {"value": str(retraining_cost)}))
        per_run = None
    per_run = None if per_run is None else in_units(per_run, currency)  # counted as shown (10.005 USD: 10.01)
    retraining_monthly = in_units(runs * per_run, currency) if runs is not None and per_run is not None else 0.0
    if retraining_frequency == "on_demand" and per_run is not None:
        flags.append(Flag("retraining_irregular", Severity.MISSING, {"cost": per_run}))
    value = _number(business_value)
    if value is not None and not _within(value):
        flags.append(Flag("value_too_large", Severity.MISSING, {"value": str(business_value)}))
        value = None
    elif value is not None and value < 0:  # (as the retraining cost above)
        flags.append(Flag("value_negative", Severity.MISSING, {"value": str(business_value)}))
        value = None
    value = None if value is None else in_units(value, currency)

    summary = CostSummary(
        currency=currency,
        lines=tuple(lines),
        initial_infrastructure=sums[("initial", "infrastructure")],
        initial_effort=sums[("initial", "effort")],
        running_infrastructure=sums[("running", "infrastructure")],
        running_capacity=running_capacity,
        running_effort=sums[("running", "effort")],
        retraining_runs_per_month=runs,
        retraining_cost=per_run,
        retraining_monthly=retraining_monthly,
        business_value=value,
        flags=tuple(flags),
    )
    return _with_formulas(summary, capacity_monthly, capacity_currency, rates)


def _runs(per_month: float) -> str:
    """Runs a month as worked out (730 ÷ 168 for weekly: hours a month over hours a week), so that the
    product shown is the one made; a number as it is otherwise."""
    shown = {730 / 24: "730 ÷ 24", 730 / 168: "730 ÷ 168", 1 / 3: "1 ÷ 3", 1 / 12: "1 ÷ 12"}
    return f"({shown[per_month]})" if per_month in shown else num(per_month)


def _with_formulas(summary: CostSummary, capacity_monthly: float | None, capacity_currency: str | None, rates: dict[str, float]) -> CostSummary:
    c = summary.currency
    formulas: list[Formula] = []
    if summary.running_capacity is not None and capacity_currency and capacity_currency.upper() != c:
        formulas.append(Formula(
            "capacity_converted", "Σ cost × rate",
            f"{money(capacity_monthly, capacity_currency.upper())} × {exact(rates[capacity_currency.upper()])} = {money(summary.running_capacity, c)}",
        ))
    if summary.retraining_runs_per_month is not None and summary.retraining_cost is not None:
        formulas.append(Formula(
            "retraining", "runs/month × cost per run",
            f"{_runs(summary.retraining_runs_per_month)} × {money(summary.retraining_cost, c)} = {money(summary.retraining_monthly, c)}",
        ))
    parts = [summary.running_infrastructure, summary.running_capacity or 0.0, summary.running_effort, summary.retraining_monthly]
    formulas.append(Formula(
        "running_monthly", "infrastructure + capacity + effort + retraining",
        " + ".join(money(p, c) for p in parts) + f" = {money(summary.running_monthly, c)}",
    ))
    formulas.append(Formula("running_yearly", "monthly × 12", f"{money(summary.running_monthly, c)} × 12 = {money(summary.running_yearly, c)}"))
    formulas.append(Formula(
        "first_year", "initial + yearly",
        f"{money(summary.initial_total, c)} + {money(summary.running_yearly, c)} = {money(summary.first_year_total, c)}",
    ))
    if summary.net_monthly is not None:
        formulas.append(Formula(
            "net", "value − running",
            f"{money(summary.business_value, c)} − {money(summary.running_monthly, c)} = {money(summary.net_monthly, c)}",
        ))
    if summary.payback_months is not None:
        formulas.append(Formula(
            "payback", "initial / net",
            f"{money(summary.initial_total, c)} / {money(summary.net_monthly, c)} = {num(summary.payback_months)}",
        ))
    return CostSummary(**{**summary.__dict__, "formulas": tuple(formulas)})

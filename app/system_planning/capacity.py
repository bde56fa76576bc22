"""The quick performance test turned into capacity and infrastructure cost (pure arithmetic, no I/O).

Per process the user gives what the PoC measured (a processing time per item or per batch, on a
named machine type) and what production needs (volume and frequency, latency requirement, batch
window). From that we compute the required throughput, the number of instances of that type,
the monthly instance-hours and cost, and flag what cannot be met. Every step is kept as a
:class:`Formula` with its numbers filled in, so the UI and the documents can show how a result
came about and a reader can check it by hand; money is counted in the currency's unit (cents,
whole yen) as shown, so a total is the sum of the amounts printed above it.

Model (stated in the formulas the user sees):

- batch: ``U = ⌈V / b⌉`` units of work per run, ``S = U × t`` seconds of work, spread over
  ``n`` instances with ``w`` workers each: the run takes ``D = max(S / (w × n), t)`` (one unit
  cannot be split). Instances run only while the job runs: ``H = n × D × runs per month``, with D
  and the runs a month as printed (8.68 h, 30.42), so the line adds up as a reader checks it.
- online: capacity per instance ``C = w × b / t`` items/s against the peak rate
  ``R = V / period × peak``. An instance is not planned to run flat out: the load needs
  ``n_load = ⌈R / (ρ_t × C)⌉`` instances at the target utilisation ``ρ_t`` (70 % unless the row
  says otherwise), and online serving gets one more (N+1) so that it still runs at the target
  with one instance down (failed, or being updated). The verdict is OK only when the utilisation
  at peak ``ρ = R / (n × C)`` is within the target and the spare is there. Instances are always
  on: ``H = n × 730 h``. The latency of a request is one unit of work, ``t``: more instances add
  throughput, never speed.

Processing times are typed in ms or s (a unit per row, shown wherever the time is shown);
:attr:`ProcessSpec.processing_time_s` is always seconds.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Any

HOURS_PER_MONTH = 730.0  # the cloud providers' billing month (8,760 h / 12)
DEFAULT_TARGET_UTILISATION = 70.0  # percent: the headroom a service keeps at its peak
SPARE_INSTANCES = 1  # online serving is N+1
TIME_UNITS = {"ms": 0.001, "s": 1.0}  # seconds per unit
# No input of the calculator is larger (a volume of a million million, a processing time of 31,000
# years): within it every result is a finite number, so no input makes the check fail.
MAX_INPUT = 1e12
# No amount of a PoC's system is larger (1,000 trillion in any currency, more than a country's budget):
# a row, a retraining cost, a business value or a computed cost beyond it is typed by mistake (1e200
# accepted as a number), said by a flag and left out, so that every total stays a finite number (a
# thousand rows of it, twelve months, summed) and no document prints 'inf JPY'.
MAX_AMOUNT = 1e15
PERIOD_HOURS: dict[str, float] = {"hourly": 1.0, "daily": 24.0, "weekly": 168.0, "monthly": HOURS_PER_MONTH}


def runs_per_month(frequency: str) -> float:
    return HOURS_PER_MONTH / PERIOD_HOURS[frequency]


class Mode(StrEnum):
    BATCH = "batch"
    ONLINE = "online"


class Severity(StrEnum):
    ERROR = "error"  # a requirement cannot be met as planned
    MISSING = "missing"  # the inputs are not complete (or not usable) yet


@dataclass(frozen=True)
class Flag:
    """Something the user must look at; ``kind`` picks the message, ``params`` fill it."""

    kind: str
    severity: Severity
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Formula:
    """One step of the calculation: ``key`` names it, ``expression`` is symbolic, ``worked`` has the numbers."""

    key: str
    expression: str
    worked: str


@dataclass(frozen=True)
class ProcessSpec:
    """One row of the process-flow table as the calculator reads it (None: not given)."""

    name: str
    mode: str | None = None
    volume: float | None = None
    frequency: str | None = None
    processing_time_s: float | None = None  # seconds, whatever unit it was typed in
    time_basis: str | None = None  # "item" (default) or "batch"
    batch_size: float | None = None
    instance_type: str = ""
    workers: float | None = None
    instances: float | None = None
    peak_factor: float | None = None
    latency_ms: float | None = None
    batch_window_h: float | None = None
    target_utilisation: float | None = None  # percent (online; None: 70 %)
    time_unit: str = "s"  # the unit the processing time was typed in: "ms" or "s"


@dataclass(frozen=True)
class Price:
    """An instance type's hourly price, in ``currency`` (``kind``: on_demand, reserved or spot)."""

    name: str
    hourly: float
    currency: str
    kind: str = "on_demand"
    region: str = ""


@dataclass(frozen=True)
class CapacityResult:
    spec: ProcessSpec
    price: Price | None
    unit_time_s: float | None = None  # one unit of work: an item, or a batch of b items
    capacity_per_instance: float | None = None  # items per second
    required_throughput: float | None = None  # items per second (batch: to fit the window)
    instances_required: int | None = None
    instances: int | None = None  # planned, or the required count when none is planned
    run_hours: float | None = None  # batch: one run
    utilisation: float | None = None  # online: at the peak rate
    latency_ms: float | None = None  # online: one unit of work
    target_utilisation: float | None = None  # online: the fraction planned for (0.7)
    instances_for_load: int | None = None  # online: at the target utilisation, before the spare
    spare: int = 0  # online: the N+1 instance
    utilisation_one_down: float | None = None  # online: with one instance down
    monthly_hours: float | None = None
    monthly_cost: float | None = None  # in price.currency
    flags: tuple[Flag, ...] = ()
    formulas: tuple[Formula, ...] = ()

    @property
    def complete(self) -> bool:
        return not any(f.severity == Severity.MISSING for f in self.flags)

    @property
    def ok(self) -> bool:
        return not self.flags

    @property
    def problems(self) -> tuple[Flag, ...]:
        return tuple(f for f in self.flags if f.severity == Severity.ERROR)


# --- number formatting shared by formulas, UI and documents -----------------------------------


SHOWN_DIGITS = 40  # of an integer too large to calculate with (400 digits, stored by an older version)


def num(value: float | None) -> str:
    """A number as people write it: thousands separators, a few significant decimals (rounded as
    :func:`as_shown` rounds it: half away from zero, as a spreadsheet's ROUND). An integer is written
    exactly (one of any size never made a float: its beginning, then …)."""
    if value is None:
        return "—"
    if isinstance(value, int) and not isinstance(value, bool):
        return _digits(f"{value:,}")
    if not math.isfinite(value):
        return f"{value}"
    shown = as_shown(value)
    if float(shown).is_integer() and abs(shown) < 1e15:
        return f"{int(shown):,}"
    if abs(shown) >= 1e15:  # a float this large has no decimals; its digits as written, not as binary noise
        return _digits(f"{Decimal(repr(shown)):,.0f}")
    if abs(shown) >= 1000:
        return f"{shown:,.0f}"
    if abs(shown) >= 1:
        return f"{shown:,.2f}".rstrip("0").rstrip(".")
    return exact_text(decimal(shown))  # 0.0000036, never 3.6e-06


def _digits(text: str) -> str:
    return text if len(text) <= SHOWN_DIGITS else f"{text[:SHOWN_DIGITS]}…"


def as_shown(value: float) -> float:
    """``value`` as :func:`num` writes it, as a number (8.680555 h: 8.68; 0.13889 h: 0.139): a worked
    line multiplies the figures it prints, so it adds up as printed. Rounded half away from zero from
    its first 15 significant digits, as a spreadsheet's ROUND does (the workbook's formulas do the same)."""
    if isinstance(value, int) or not math.isfinite(value) or float(value).is_integer():
        return value
    if abs(value) >= 1000:
        places = 0
    elif abs(value) >= 1:
        places = 2
    else:  # three significant digits
        places = 2 - Decimal(f"{value:.15g}").adjusted()
    return float(half_up(Decimal(f"{value:.15g}"), places))


def half_up(value: Decimal, places: int) -> Decimal:
    """``value`` rounded to ``places`` decimals, half away from zero (as a spreadsheet's ROUND)."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def decimal(value: float | Decimal) -> Decimal:
    """A float as the decimal number it is written as (0.1 is 0.1, not its binary neighbour)."""
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


def exact_text(value: Decimal | float) -> str:
    """A number written with every digit it has (264.0456; the monthly hours 1,490.58 as the worked line prints them)."""
    text = f"{decimal(value):,f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def money(value: float | None, currency: str) -> str:
    if value is None:
        return "—"
    text = f"{value:,.{money_decimals(currency)}f}"
    return f"{text.removeprefix('-') if not text.strip('-0.,') else text} {currency}"  # -0.3 yen shows as 0, not -0


def exact(value: float) -> str:
    """A rate as typed (151.235, 0.006734): every decimal it has, so the product shown is the one made."""
    return f"{value:,.12f}".rstrip("0").rstrip(".")


def in_units(value: float, currency: str) -> float:
    """An amount in the currency's smallest unit as :func:`money` shows it (whole yen, cents): the
    estimate's totals are sums of these, so the arithmetic a document shows adds up. Half a yen (a
    cent) is rounded up, as a reader and the workbook's ROUND do (187.47 USD × 150 = 28,121 JPY)."""
    if not math.isfinite(value) or abs(value) >= MAX_AMOUNT:  # no amount: left to the caller to say
        return value
    return float(half_up(Decimal(f"{value:.15g}"), money_decimals(currency)))


def money_decimals(currency: str) -> int:
    """The decimals an amount in ``currency`` is shown and counted in (whole yen, cents)."""
    return 0 if currency == "JPY" else 2


def rate(value: float, currency: str) -> str:
    """A unit price such as an hourly price: every decimal it has (0.214 USD stays 0.214, 0.00042
    stays 0.00042: the product a worked line shows is the one made), at least a currency's two."""
    if not math.isfinite(value) or abs(value) >= 1e15:  # a price no catalogue takes, stored by an older version
        return f"{num(value)} {currency}"
    text = f"{value:,.12f}".rstrip("0")
    if len(text.split(".")[1]) < 2 and currency != "JPY":
        text = f"{value:,.2f}"
    return f"{text.rstrip('.')} {currency}"


def hours(seconds: float) -> str:
    return f"{num(seconds / 3600)} h"


def duration(seconds: float, unit: str = "s") -> str:
    """A processing time in the unit it was typed in: 0.2 s typed as 200 ms reads ``200 ms``."""
    unit = unit if unit in TIME_UNITS else "s"
    return f"{num(seconds / TIME_UNITS[unit])} {unit}"


def percent(fraction: float) -> str:
    """A computed share in whole percents (43 %, as a reader compares it)."""
    return f"{fraction:.0%}"


def share(fraction: float) -> str:
    """A share as it was typed (a target of 72.5 % is 72.5 %, never rounded to 72 %)."""
    return f"{num(round(fraction * 100, 6))}%"


def versus(fraction: float, target: float) -> tuple[str, str]:
    """A computed share and its target, as the verdict compares them: one decimal more where whole
    percents would read the same on both sides of ``>`` (70.4 % > 70 %, not 70 % > 70 %)."""
    shown, limit = percent(fraction), share(target)
    if shown == limit and abs(fraction - target) > 1e-9:
        shown = f"{fraction * 100:.1f}%"
    return shown, limit


# --- the calculation --------------------------------------------------------------------------


def _positive(spec: ProcessSpec, name: str, flags: list[Flag], required: bool) -> float | None:
    value = getattr(spec, name)
    if value is None:
        if required:
            flags.append(Flag("missing", Severity.MISSING, {"fields": [name]}))
        return None
    typed = value
    if name == "processing_time_s" and isinstance(value, float):  # (an integer too large for seconds is as typed)
        unit = spec.time_unit if spec.time_unit in TIME_UNITS else "s"
        typed = round(value / TIME_UNITS[unit], 12)  # the message shows the number as typed, in its unit
    if not _number(value) or value <= 0:
        flags.append(Flag("invalid", Severity.MISSING, {"field": name, "value": typed}))
        return None
    if value > MAX_INPUT:  # an integer of any size compared exactly: never made a float (OverflowError)
        flags.append(Flag("too_large", Severity.MISSING, {"field": name, "value": typed}))
        return None
    return float(value)


def _number(value: Any) -> bool:
    """A finite number (an integer of any size is one; NaN and infinity are not)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return not isinstance(value, float) or math.isfinite(value)


def _merge_missing(flags: list[Flag]) -> list[Flag]:
    """One 'missing' flag listing every missing field, first."""
    missing = [n for f in flags if f.kind == "missing" for n in f.params["fields"]]
    rest = [f for f in flags if f.kind != "missing"]
    return ([Flag("missing", Severity.MISSING, {"fields": missing})] if missing else []) + rest


def calculate(spec: ProcessSpec, price: Price | None) -> CapacityResult:
    """Capacity and monthly cost of one process on its machine type (``price`` None: not in the catalogue)."""
    flags: list[Flag] = []
    mode = spec.mode if spec.mode in (Mode.BATCH, Mode.ONLINE) else None
    if mode is None:
        flags.append(Flag("missing", Severity.MISSING, {"fields": ["mode"]}))
    volume = _positive(spec, "volume", flags, True)
    if spec.frequency not in PERIOD_HOURS:
        flags.append(Flag("missing", Severity.MISSING, {"fields": ["frequency"]}))
    frequency = spec.frequency if spec.frequency in PERIOD_HOURS else None
    t = _positive(spec, "processing_time_s", flags, True)
    per_batch = spec.time_basis == "batch"
    b = _positive(spec, "batch_size", flags, per_batch) if per_batch else 1.0
    w = _positive(spec, "workers", flags, False) or 1.0
    planned = _positive(spec, "instances", flags, False)
    planned_n = math.ceil(planned) if planned else None
    peak = _positive(spec, "peak_factor", flags, False) or 1.0
    window_h = _positive(spec, "batch_window_h", flags, False)
    latency_req = _positive(spec, "latency_ms", flags, False)
    target = _target(spec, flags)
    if not spec.instance_type.strip():
        flags.append(Flag("missing", Severity.MISSING, {"fields": ["instance_type"]}))
    elif price is None:
        flags.append(Flag("unknown_instance", Severity.MISSING, {"name": spec.instance_type.strip()}))

    if mode is None or volume is None or frequency is None or t is None or b is None:
        return CapacityResult(spec, price, flags=tuple(_merge_missing(flags)))
    if mode == Mode.BATCH:
        return _batch(spec, price, flags, volume, frequency, t, b, per_batch, w, planned_n, window_h)
    return _online(spec, price, flags, volume, frequency, t, b, per_batch, w, planned_n, peak, latency_req, target)


def _target(spec: ProcessSpec, flags: list[Flag]) -> float:
    """The target utilisation as a fraction; a value that is no percentage is flagged (70 % used).

    A value of 1 or less in this percent column is a fraction written the other way (0.8 meant as
    80 %: a 0.8 % target would ask for a hundred times the instances): it is not guessed at, the
    flag says what to type instead."""
    value = spec.target_utilisation
    if value is None:
        return DEFAULT_TARGET_UTILISATION / 100
    if not _number(value) or not 0 < value <= 100:
        flags.append(Flag("target_range", Severity.MISSING, {"field": "target_utilisation", "value": value}))
        return DEFAULT_TARGET_UTILISATION / 100
    if value <= 1:
        flags.append(Flag("target_fraction", Severity.MISSING, {
            "field": "target_utilisation", "value": value, "percent": share(value), "hundred": round(value * 100, 6)}))
        return DEFAULT_TARGET_UTILISATION / 100
    return float(value) / 100


def _compared(fraction: float, verdict: str, target: float) -> tuple[str, str, str]:
    shown, limit = versus(fraction, target)
    return shown, verdict, limit


def _cost(price: Price | None, monthly_hours: Decimal, flags: list[Flag], formulas: list[Formula]) -> float | None:
    """The monthly cost ``H × p`` in the currency's unit (cents, whole yen), as the line shows it; a
    price or a cost no real system has (stored by an older version: 1e308) is named and left out."""
    if price is None:
        return None
    if not math.isfinite(price.hourly) or price.hourly > MAX_INPUT:
        flags.append(Flag("price_too_large", Severity.MISSING, {"name": price.name, "price": price.hourly, "currency": price.currency}))
        return None
    product = monthly_hours * Decimal(f"{price.hourly:.12f}")
    if product > MAX_AMOUNT:  # thousands of millions of instance-hours: no system's cost
        flags.append(Flag("cost_too_large", Severity.MISSING, {"name": price.name, "currency": price.currency}))
        return None
    cost = half_up(product, money_decimals(price.currency))
    formulas.append(Formula(
        "cost",
        "cost = H × p",
        f"{exact_text(monthly_hours)} h × {rate(price.hourly, price.currency)} = {money(float(cost), price.currency)}",
    ))
    return float(cost)


def _capacity_formula(t: float, b: float, w: float, per_batch: bool, unit: str) -> tuple[float, Formula]:
    capacity = w * b / t
    if per_batch:
        worked = f"{num(w)} × {num(b)} / {duration(t, unit)} = {num(capacity)} /s"
    else:
        worked = f"{num(w)} / {duration(t, unit)} = {num(capacity)} /s"
    return capacity, Formula("capacity", "C = w × b / t" if per_batch else "C = w / t", worked)


def _batch(
    spec: ProcessSpec, price: Price | None, flags: list[Flag], volume: float, frequency: str, t: float, b: float,
    per_batch: bool, w: float, planned_n: int | None, window_h: float | None,
) -> CapacityResult:
    formulas: list[Formula] = []
    units = math.ceil(volume / b) if per_batch else volume
    if per_batch:
        formulas.append(Formula("units", "U = ⌈V / b⌉", f"⌈{num(volume)} / {num(b)}⌉ = {num(units)}"))
    work_s = units * t
    formulas.append(Formula("work", "S = U × t" if per_batch else "S = V × t",
                            f"{num(units)} × {duration(t, spec.time_unit)} = {num(work_s)} s ({hours(work_s)})"))
    capacity, capacity_formula = _capacity_formula(t, b, w, per_batch, spec.time_unit)
    formulas.append(capacity_formula)
    max_useful = max(1, math.ceil(units / w))  # more instances than units of work would sit idle
    required_throughput = None
    if window_h is not None:
        window_s = window_h * 3600
        required_throughput = volume / window_s
        formulas.append(Formula("throughput", "R = V / W", f"{num(volume)} / {num(window_s)} s = {num(required_throughput)} /s"))
        needed = min(max(1, math.ceil(work_s / (w * window_s))), max_useful)
        formulas.append(Formula("required", "n_req = ⌈S / (w × W)⌉",
                                f"⌈{num(work_s)} s / ({num(w)} × {num(window_s)} s)⌉ = {num(needed)}"))
        if t > window_s:
            flags.append(Flag("unit_exceeds_window", Severity.ERROR, {"unit_h": t / 3600, "window_h": window_h}))
    else:
        needed = 1
    n = planned_n or needed
    run_s = max(work_s / (w * n), t)
    formulas.append(Formula("run", "D = max(S / (w × n), t)",
                            f"max({num(work_s)} s / ({num(w)} × {num(n)}), {duration(t, spec.time_unit)}) = {num(run_s)} s ({hours(run_s)})"))
    if window_h is not None and run_s > window_h * 3600 and t <= window_h * 3600:
        flags.append(Flag("window_missed", Severity.ERROR, {"run_h": run_s / 3600, "window_h": window_h, "needed": needed}))
    if overlap := run_s > PERIOD_HOURS[frequency] * 3600:
        flags.append(Flag("runs_overlap", Severity.ERROR, {"run_h": run_s / 3600, "period_h": PERIOD_HOURS[frequency]}))
    # Each run's hours and the runs a month as printed (8.68 h, 30.42): the hours are their product, every digit of it;
    # runs that fit their period bill an instance at most the 730 h month (the whole day: 24 h × 30.42 is 730.08 h).
    run_h, runs = as_shown(run_s / 3600), as_shown(runs_per_month(frequency))
    product, month = n * decimal(run_h) * decimal(runs), n * decimal(HOURS_PER_MONTH) if not overlap else Decimal("Infinity")
    monthly_hours, worked = min(product, month), f"{num(n)} × {num(run_h)} h × {num(runs)}"
    formulas.append(Formula("hours", "H = n × D × runs/month", f"{worked} = {exact_text(product)} h") if product <= month else
                    Formula("hours", "H = min(n × D × runs/month, n × 730 h)", f"min({worked}, {num(n)} × 730 h) = {exact_text(month)} h"))
    cost = _cost(price, monthly_hours, flags, formulas)
    return CapacityResult(
        spec, price, unit_time_s=t, capacity_per_instance=capacity, required_throughput=required_throughput,
        instances_required=needed, instances=n, run_hours=run_s / 3600, monthly_hours=float(monthly_hours),
        monthly_cost=cost, flags=tuple(_merge_missing(flags)), formulas=tuple(formulas),
    )


def _online(
    spec: ProcessSpec, price: Price | None, flags: list[Flag], volume: float, frequency: str, t: float, b: float,
    per_batch: bool, w: float, planned_n: int | None, peak: float, latency_req: float | None, target: float,
) -> CapacityResult:
    formulas: list[Formula] = []
    capacity, capacity_formula = _capacity_formula(t, b, w, per_batch, spec.time_unit)
    formulas.append(capacity_formula)
    period_s = PERIOD_HOURS[frequency] * 3600
    rate = volume / period_s * peak
    formulas.append(Formula("throughput", "R = V / P × peak", f"{num(volume)} / {num(period_s)} s × {num(peak)} = {num(rate)} /s"))
    for_load = max(1, math.ceil(rate / (target * capacity) - 1e-9))  # 1e-9: 0.7 × 20 is not exactly 14
    formulas.append(Formula("load", "n_load = max(1, ⌈R / (ρ_t × C)⌉)",
                            f"max(1, ⌈{num(rate)} / ({share(target)} × {num(capacity)})⌉) = {num(for_load)}"))
    needed = for_load + SPARE_INSTANCES
    formulas.append(Formula("required", "n_req = n_load + 1", f"{num(for_load)} + 1 = {num(needed)} (N+1)"))
    n = planned_n or needed
    at_all = max(1, math.ceil(rate / capacity - 1e-9))
    utilisation = rate / (n * capacity)
    one_down = rate / ((n - 1) * capacity) if n > 1 else None
    verdict = "≤" if utilisation <= target + 1e-9 else ">"
    formulas.append(Formula("utilisation", "ρ = R / (n × C)",
                            f"{num(rate)} / ({num(n)} × {num(capacity)}) = {' '.join(_compared(utilisation, verdict, target))}"))
    if one_down is not None:
        down_verdict = "≤" if one_down <= target + 1e-9 else ">"
        formulas.append(Formula("one_down", "ρ₋₁ = R / ((n − 1) × C)",
                                f"{num(rate)} / ({num(n - 1)} × {num(capacity)}) = {' '.join(_compared(one_down, down_verdict, target))}"))
    if n < at_all:
        flags.append(Flag("throughput_short", Severity.ERROR, {"planned": n, "rate": rate, "needed": needed}))
    elif utilisation > target + 1e-9:
        shown, limit = versus(utilisation, target)
        flags.append(Flag("over_target", Severity.ERROR, {"planned": n, "utilisation": shown, "target": limit, "needed": needed}))
    elif n < needed:
        shown, limit = versus(one_down, target) if one_down is not None else ("—", share(target))
        flags.append(Flag("no_spare", Severity.ERROR, {"planned": n, "one_down": shown, "target": limit, "needed": needed}))
    latency = t * 1000
    latency_verdict = ""
    if latency_req is not None:
        latency_verdict = f" {'≤' if latency <= latency_req else '>'} {num(latency_req)} ms"
        if latency > latency_req:
            flags.append(Flag("latency_missed", Severity.ERROR, {"latency_ms": latency, "required_ms": latency_req}))
    formulas.append(Formula("latency", "L = t", f"{num(latency)} ms{latency_verdict}"))
    monthly_hours = n * decimal(HOURS_PER_MONTH)
    formulas.append(Formula("hours", "H = n × 730 h", f"{num(n)} × 730 h = {exact_text(monthly_hours)} h"))
    cost = _cost(price, monthly_hours, flags, formulas)
    return CapacityResult(
        spec, price, unit_time_s=t, capacity_per_instance=capacity, required_throughput=rate, instances_required=needed,
        instances=n, utilisation=utilisation, latency_ms=latency, target_utilisation=target, instances_for_load=for_load,
        spare=SPARE_INSTANCES, utilisation_one_down=one_down, monthly_hours=float(monthly_hours), monthly_cost=cost,
        flags=tuple(_merge_missing(flags)), formulas=tuple(formulas),
    )

"""Earned value of the WBS against a baseline at a status date (no Qt, no database).

Per work task (a leaf):

- PV, planned value: its baseline effort (the estimate; none typed: one person over its baseline
  working days, as MSPDI's work counts it) times the share of its baseline working days that lie on
  or before the status date (linear within the baseline dates, over working days; all of it from the
  baseline finish on, none before the baseline start);
- EV, earned value: its baseline estimate times its percent complete (none typed: 100 % for a task
  marked done, else 0 %, whether or not its actual effort is typed);
- AC, actual cost: the actual effort entered (person-days).

A task added after the baseline has no baseline estimate: it earns and plans nothing, its actual
effort counts. Figures add up per phase (the task's current phase) and for the project;
SPI = EV / PV and CPI = EV / AC are None when the divisor is 0 (shown as "-").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from app.core.i18n import plain_number
from app.wbs.model import WbsTree
from app.wbs.tracking.baselines import Baseline, Progress
from app.wbs.workdays import Calendar


@dataclass(frozen=True)
class Figures:
    pv: float = 0.0
    ev: float = 0.0
    ac: float = 0.0

    def __add__(self, other: Figures) -> Figures:
        return Figures(self.pv + other.pv, self.ev + other.ev, self.ac + other.ac)

    @property
    def spi(self) -> float | None:
        return self.ev / self.pv if self.pv else None

    @property
    def cpi(self) -> float | None:
        return self.ev / self.ac if self.ac else None


@dataclass(frozen=True)
class EarnedValue:
    """Figures per phase (in outline order of first appearance; "" for no phase) and for the project."""

    baseline: str
    status_date: dt.date
    by_phase: dict[str, Figures]
    total: Figures


def working_days(first: dt.date, last: dt.date, cal: Calendar) -> int:
    """Working days from ``first`` to ``last``, both included (0 when ``last`` is before ``first``)."""
    return cal.working_days_between(first, last)


def planned_share(start: dt.date | None, finish: dt.date | None, status_date: dt.date, cal: Calendar) -> float:
    """How much of a task's baseline is planned to be done by the end of ``status_date`` (0 to 1)."""
    if start is None or finish is None:
        return 0.0
    if status_date >= finish:
        return 1.0
    if status_date < start:
        return 0.0
    total = working_days(start, finish, cal)
    return working_days(start, status_date, cal) / total if total else 0.0


def slippage(finish: dt.date | None, baseline_finish: dt.date | None, cal: Calendar) -> int | None:
    """Working days the finish moved past the baseline finish (negative: earlier); None without both."""
    if finish is None or baseline_finish is None:
        return None
    if finish >= baseline_finish:
        return working_days(baseline_finish + dt.timedelta(days=1), finish, cal)
    return -working_days(finish + dt.timedelta(days=1), baseline_finish, cal)


def earned_value(tree: WbsTree, baseline: Baseline, progress: Mapping[int, Progress], status_date: dt.date, cal: Calendar) -> EarnedValue:
    by_phase: dict[str, Figures] = {}
    for task in tree.walk():
        if tree.has_children(task.id):
            continue
        planned = baseline.tasks.get(task.uid)
        done = progress.get(task.uid) or Progress()  # a task marked 完了 without a percent typed has earned its budget
        budget = planned.effort(cal, task.milestone) if planned is not None else 0.0
        share = planned_share(planned.start, planned.finish, status_date, cal) if planned is not None else 0.0
        figures = Figures(budget * share, budget * done.complete(task.status) / 100, done.actual)
        by_phase[task.phase] = by_phase.get(task.phase, Figures()) + figures
    total = sum(by_phase.values(), Figures())
    return EarnedValue(baseline.name, status_date, by_phase, total)


def ratio_text(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def effort_text(value: float) -> str:
    """PV, EV or AC in person-days as typed (0.125, 0.0625, 2; never 0.12 nor 2.00); a computed share of them
    (a percent done, days elapsed) that runs to more decimals is rounded to 3 (0.333), trailing zeros dropped."""
    exact = plain_number(value)
    return exact if len(exact.partition(".")[2]) <= 4 else plain_number(round(value, 3))

"""System planning as the page and its documents see it: the answers turned into capacity, cost and checks.

The four structured tables of ``checklists/system_planning.yaml`` (process flow, cost estimate,
monitoring plan, operations tasks) are ordinary table answers; this module reads them (leniently:
the page feeds it what is being typed, before it is saved), runs the calculator and the cost
estimate, and collects what is still open.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from app.core.content.loader import ContentLibrary
from app.core.content.model import AnswerKind, Checklist, Column, ColumnKind, Localized
from app.hearing import Answer, AnswerStatus, table_rows, typed_cell
from app.system_planning.capacity import (
    TIME_UNITS,
    CapacityResult,
    Flag,
    Price,
    ProcessSpec,
    Severity,
    calculate,
    in_units,
)
from app.system_planning.cost_estimate import CostRow, CostSummary, estimate
from app.system_planning.model import CATALOGUE_ID, InstanceCatalogue
from app.system_planning.plan_doc import PinnedPrice, SystemPlanDoc, pinned
from app.system_planning.plan_tables import (
    MonitoringSummary,
    OperationsSummary,
    monitoring_summary,
    operations_summary,
)

SYSTEM_PLANNING = "system_planning"
DATA_SOURCES = "system_planning.data.sources"
PROCESSES = "system_planning.process_flow.processes"
COST_CURRENCY = "system_planning.cost.currency"
FX_RATES = "system_planning.cost.fx_rates"
COST_ITEMS = "system_planning.cost.items"
RETRAINING_FREQUENCY = "system_planning.cost.retraining_frequency"
RETRAINING_COST = "system_planning.cost.retraining_cost"
BUSINESS_VALUE = "system_planning.cost.business_value"
MONITORING_PLAN = "system_planning.nfr.monitoring.plan"
OPERATIONS_TASKS = "system_planning.nfr.operations.tasks"
DEFAULT_CURRENCY = "JPY"

# Which item each computed view belongs to (the page shows the view when the item is selected).
CAPACITY_ITEMS = (PROCESSES, "system_planning.process_flow.perf_test", "system_planning.nfr.performance.infra_cost")
COST_ITEM_IDS = (COST_CURRENCY, FX_RATES, COST_ITEMS, RETRAINING_FREQUENCY, RETRAINING_COST, BUSINESS_VALUE, "system_planning.cost.effectiveness", "system_planning.cost.tradeoff")
TABLE_CHECK_ITEMS = (MONITORING_PLAN, OPERATIONS_TASKS)
COMPUTED_TABLES = (PROCESSES, FX_RATES, COST_ITEMS, MONITORING_PLAN, OPERATIONS_TASKS)  # what the plan reads as rows

# Calculator fields that are named differently from their process-flow column.
SPEC_COLUMNS = {"processing_time_s": "processing_time", "latency_ms": "latency_requirement", "batch_window_h": "batch_window"}


def time_unit(row: Mapping[str, Any]) -> str:
    """The unit a row's processing time was typed in; a row saved before units existed is in seconds."""
    return "ms" if _choice(row.get("time_unit")) == "ms" else "s"


def processing_seconds(row: Mapping[str, Any], columns: Columns | None = None) -> Any:
    """The processing time in seconds (text that is no number is passed on for the calculator to flag)."""
    value = _lenient_number(row.get("processing_time"), _column(columns, "processing_time"))
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            return value * TIME_UNITS[time_unit(row)]
        except OverflowError:  # an integer of 400 digits (no float holds it): too large in any unit, said as typed
            return value
    return value


def system_planning_checklist(library: ContentLibrary) -> Checklist:
    return library.checklist(SYSTEM_PLANNING)


def catalogue(library: ContentLibrary) -> InstanceCatalogue:
    """The instance catalogue in use (the user's copy when there is one); empty when none loaded."""
    found = library.documents.get("instance_catalogue", {}).get(CATALOGUE_ID)
    if isinstance(found, InstanceCatalogue):
        return found
    return InstanceCatalogue(id=CATALOGUE_ID, title={"ja": "インスタンスカタログ", "en": "Instance catalogue"})


Columns = Mapping[str, Column]
# A number without a unit of its own: the column read when the checklist does not say (a bare row).
_NUMBER = Column(id="number", label=Localized(ja="数値", en="Number"), kind=ColumnKind.NUMBER)


def columns_of(library: ContentLibrary, item_id: str) -> dict[str, Column]:
    """A table item's columns by id (none when the checklist has no such item)."""
    item = library.item(item_id)
    return {c.id: c for c in item.columns} if item is not None else {}


def _column(columns: Columns | None, column_id: str) -> Column:
    found = (columns or {}).get(column_id)
    return found if found is not None and found.kind == ColumnKind.NUMBER else _NUMBER


def _lenient_number(value: Any, column: Column = _NUMBER) -> Any:
    """A number from what is being typed, read as the save reads it (the hearing's reading: the
    column's unit taken off as in 「6時間」, full-width digits as in ２，０００): the live figures
    and the saved ones never differ. Text the save would refuse is passed on as typed, a number out
    of its column's range as a number (the calculator flags either: not a number, too large)."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return value
    if not str(value).strip():
        return None
    return typed_cell(column, value, any_size=True)


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _choice(value: Any) -> str | None:
    text = _text(value)
    return text or None


def _blank_row(row: Mapping[str, Any]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in row.values())


def process_spec(row: Mapping[str, Any], columns: Columns | None = None) -> ProcessSpec:
    """A process-flow row as the calculator reads it; ``columns`` (the table's, by id) say each
    number's unit (without them a number is read as one with no unit)."""

    def number(column_id: str) -> Any:
        return _lenient_number(row.get(column_id), _column(columns, column_id))

    return ProcessSpec(
        name=_text(row.get("process")),
        mode=_choice(row.get("mode")),
        volume=number("volume"),
        frequency=_choice(row.get("frequency")),
        processing_time_s=processing_seconds(row, columns),
        time_basis=_choice(row.get("time_basis")),
        batch_size=number("batch_size"),
        instance_type=_text(row.get("instance_type")),
        workers=number("workers"),
        instances=number("instances"),
        peak_factor=number("peak_factor"),
        latency_ms=number("latency_requirement"),
        batch_window_h=number("batch_window"),
        target_utilisation=number("target_utilisation"),
        time_unit=time_unit(row),
    )


def cost_row(row: Mapping[str, Any], columns: Columns | None = None) -> CostRow:
    currency = _choice(row.get("currency"))
    return CostRow(
        phase=_choice(row.get("phase")),
        category=_choice(row.get("category")),
        item=_text(row.get("item")),
        unit_price=_lenient_number(row.get("unit_price"), _column(columns, "unit_price")),
        quantity=_lenient_number(row.get("quantity"), _column(columns, "quantity")),
        unit=_text(row.get("unit")),
        currency=currency.upper() if currency else None,
        note=_text(row.get("note")),
    )


def fx_rates(rows: Any, columns: Columns | None = None) -> dict[str, float]:
    """Each currency's exchange rate (the last usable row wins)."""
    return {currency: rate for currency, rate in _rates(rows, columns).items() if _usable_rate(rate)}


def unusable_rates(rows: Any, columns: Columns | None = None) -> dict[str, Any]:
    """The rate typed for a currency that has no usable one (0 or less, stored before the column
    refused it; text): the estimate names it rather than say the rate is missing."""
    usable = fx_rates(rows, columns)
    return {currency: rate for currency, rate in _rates(rows, columns, every=True).items() if currency not in usable}


def _rates(rows: Any, columns: Columns | None, every: bool = False) -> dict[str, Any]:
    """Currency -> rate as typed, of the rows with both (``every``: the last one given, usable or not;
    else the last usable one)."""
    out: dict[str, Any] = {}
    for row in rows or []:
        if not isinstance(row, Mapping):
            continue
        currency, rate = _choice(row.get("currency")), _lenient_number(row.get("rate"), _column(columns, "rate"))
        if currency and rate is not None and (every or _usable_rate(rate)):
            out[currency.upper()] = float(rate) if _usable_rate(rate) else rate
    return out


def _usable_rate(rate: Any) -> bool:
    return isinstance(rate, int | float) and not isinstance(rate, bool) and 0 < rate <= sys.float_info.max


@dataclass(frozen=True)
class ProcessLine:
    """A process-flow row (1-based, as the user sees it) with its capacity result."""

    row: int
    result: CapacityResult


@dataclass(frozen=True)
class SystemPlan:
    processes: tuple[ProcessLine, ...]
    catalogue: InstanceCatalogue
    cost: CostSummary
    monitoring: MonitoringSummary
    operations: OperationsSummary
    currency_chosen: bool
    doc: SystemPlanDoc = field(default_factory=SystemPlanDoc)
    capacity_currency: str = "USD"  # the currency of the prices the processes are priced with
    unpinned: tuple[str, ...] = ()  # machine types priced from the catalogue: not copied into the project yet

    @property
    def capacity_monthly(self) -> float:
        """The calculator's monthly infrastructure cost, in :attr:`capacity_currency`: the sum of the
        processes' costs as shown (each in cents, or whole yen), so the total is the sum printed above it."""
        return in_units(sum(
            line.result.monthly_cost or 0.0
            for line in self.processes
            if line.result.price is not None and line.result.price.currency == self.capacity_currency
        ), self.capacity_currency)

    def prices_used(self) -> list[PinnedPrice]:
        """The project's prices of the machine types the processes use, in the order first used."""
        out: dict[tuple[str, str], PinnedPrice] = {}
        for line in self.processes:
            found = self.price_row(line.result.spec.instance_type)
            if found is not None:
                out.setdefault(found.key(), found)
        return list(out.values())

    def price_row(self, name: str) -> PinnedPrice | None:
        """The project's prices of a machine type (the catalogue's while not copied in yet)."""
        found = self.doc.price_for(name)
        if found is None:
            spec = self.catalogue.find(name, self.doc.region)
            found = pinned(spec, self.catalogue) if spec is not None else None
        return found

    @property
    def capacity_problems(self) -> list[ProcessLine]:
        return [line for line in self.processes if line.result.problems]


def _price_line(spec: ProcessSpec, plan_doc: SystemPlanDoc, cat: InstanceCatalogue) -> tuple[CapacityResult, bool]:
    """The capacity result priced with the project's copy (or the catalogue's row while none is
    copied); True when the price came from the catalogue."""
    name = spec.instance_type.strip()
    row = plan_doc.price_for(name) if name else None
    from_catalogue = False
    if row is None and name:
        found = cat.find(name, plan_doc.region)
        if found is not None:
            row, from_catalogue = pinned(found, cat), True
    kind = plan_doc.price_kind
    hourly = row.price(kind) if row is not None else None
    price = Price(row.instance, hourly, row.currency, kind, row.region) if row is not None and hourly is not None else None
    result = calculate(spec, price)
    if name and row is None and plan_doc.region:
        result = _replace_flag(result, "unknown_instance", Flag("not_in_region", Severity.MISSING, {"name": name, "region": plan_doc.region}))
    elif row is not None and hourly is None:
        result = _replace_flag(result, "unknown_instance", Flag("no_price_kind", Severity.MISSING, {"name": row.instance, "kind": kind}))
    return result, from_catalogue


def _replace_flag(result: CapacityResult, kind: str, flag: Flag) -> CapacityResult:
    flags = tuple(flag if f.kind == kind else f for f in result.flags)
    return replace(result, flags=flags)


def build_plan(library: ContentLibrary, values: Mapping[str, Any], plan_doc: SystemPlanDoc | None = None) -> SystemPlan:
    """Compute everything from answer values by item id (saved answers, or what is being typed),
    priced with the project's copied prices (``plan_doc``; the catalogue's for a type not copied yet)."""
    cat = catalogue(library)
    plan_doc = plan_doc or SystemPlanDoc()
    # A table's rows as tables hold them (an answer saved before the item became a table: none; so is a text
    # answer to an own checklist's item of a computed table's id that is not a table).
    values = {k: table_rows(v) if k in COMPUTED_TABLES or ((item := library.item(k)) is not None and item.kind == AnswerKind.TABLE) else v
              for k, v in values.items()}  # fmt: skip
    lines = []
    unpinned: list[str] = []
    process_columns = columns_of(library, PROCESSES)
    for n, row in enumerate(values.get(PROCESSES) or [], start=1):
        if not isinstance(row, Mapping) or _blank_row(row):
            continue
        result, from_catalogue = _price_line(process_spec(row, process_columns), plan_doc, cat)
        if from_catalogue and result.price is not None:
            unpinned.append(result.price.name)
        lines.append(ProcessLine(n, result))
    currencies = [line.result.price.currency for line in lines if line.result.price is not None]
    capacity_currency = currencies[0] if currencies else cat.currency
    for i, line in enumerate(lines):
        price = line.result.price
        if price is not None and price.currency != capacity_currency:
            flag = Flag("price_currency", Severity.MISSING, {"name": price.name, "currency": price.currency, "expected": capacity_currency})
            lines[i] = ProcessLine(line.row, replace(line.result, flags=(*line.result.flags, flag)))
    priced = [line.result.monthly_cost for line in lines if line.result.monthly_cost is not None and line.result.price is not None
              and line.result.price.currency == capacity_currency]  # fmt: skip
    currency_value = _choice(values.get(COST_CURRENCY))
    currency = currency_value.upper() if currency_value else DEFAULT_CURRENCY
    cost_columns = columns_of(library, COST_ITEMS)
    rate_columns = columns_of(library, FX_RATES)
    cost = estimate(
        [cost_row(r, cost_columns) for r in values.get(COST_ITEMS) or [] if isinstance(r, Mapping)],
        currency,
        fx_rates(values.get(FX_RATES), rate_columns),
        capacity_monthly=sum(priced) if priced else None,
        capacity_currency=capacity_currency,
        retraining_frequency=_choice(values.get(RETRAINING_FREQUENCY)),
        retraining_cost=_lenient_number(values.get(RETRAINING_COST)),
        business_value=_lenient_number(values.get(BUSINESS_VALUE)),
        unusable_rates=unusable_rates(values.get(FX_RATES), rate_columns),
    )
    return SystemPlan(
        processes=tuple(lines),
        catalogue=cat,
        cost=cost,
        monitoring=monitoring_summary(values.get(MONITORING_PLAN)),
        operations=operations_summary(values.get(OPERATIONS_TASKS)),
        currency_chosen=currency_value is not None,
        doc=plan_doc,
        capacity_currency=capacity_currency,
        unpinned=tuple(dict.fromkeys(unpinned)),
    )


def answer_values(answers: Mapping[str, Answer]) -> dict[str, Any]:
    return {item_id: answer.value for item_id, answer in answers.items() if item_id.startswith(SYSTEM_PLANNING + ".")}


@dataclass(frozen=True)
class OpenItem:
    """Something the design document lists as still open: an item without an answer, or a flag."""

    kind: str  # "follow_up" | "unanswered" | "flag"
    item_id: str
    note: str = ""
    flag: Flag | None = None
    row: int | None = None


def open_items(checklist: Checklist, answers: Mapping[str, Answer], plan: SystemPlan) -> list[OpenItem]:
    out: list[OpenItem] = []
    for item in checklist.walk_items():
        answer = answers.get(item.id)
        if answer is not None and answer.status == AnswerStatus.FOLLOW_UP:
            out.append(OpenItem("follow_up", item.id, answer.note))
        elif answer is None or not answer.is_done:
            out.append(OpenItem("unanswered", item.id))
    for line in plan.processes:
        for flag in line.result.flags:
            out.append(OpenItem("flag", PROCESSES, flag=flag, row=line.row))
    for item_id, flags in ((COST_ITEMS, plan.cost.flags), (MONITORING_PLAN, plan.monitoring.flags), (OPERATIONS_TASKS, plan.operations.flags)):
        out += [OpenItem("flag", item_id, flag=flag) for flag in flags]
    return out

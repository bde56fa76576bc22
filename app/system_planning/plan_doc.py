"""The project's own system-plan settings: the prices it uses, copied from the catalogue, and the price choice.

Stored as one project document of kind ``system_plan`` (JSON, :class:`SystemPlanDoc`), so it
travels in the project file with everything else: a project opened on another machine, with
another catalogue, computes the same cost. When a process names a machine type the project has
no price for, the row of the catalogue in use is copied in (:func:`with_prices_for`), with the
catalogue's date and source; the copy changes again only when the user updates it to the
current catalogue (:func:`updated_to_catalogue`, showing :func:`catalogue_updates` first).

Every field has a default, so a project saved before this document existed reads as
on-demand prices, no region chosen, nothing copied yet.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from app.core.errors import ValidationFailed
from app.core.messages import Label, first_problem
from app.system_planning.model import InstanceCatalogue, InstanceSpec

KIND = "system_plan"
PriceKind = Literal["on_demand", "reserved", "spot"]
PRICE_FIELDS: tuple[str, ...] = ("on_demand", "reserved", "spot")


class _Loose(BaseModel):
    # Fields a later version adds are ignored rather than refused (a newer project file opens).
    model_config = ConfigDict(extra="ignore")


class PinnedPrice(_Loose):
    """One machine type's prices in one region, as the catalogue had them when copied in."""

    instance: str = Field(min_length=1, max_length=80)
    provider: str = ""
    region: str = ""
    currency: str = "USD"
    on_demand: float = Field(ge=0)
    reserved: float | None = Field(None, ge=0)
    spot: float | None = Field(None, ge=0)
    as_of: str = ""  # the catalogue's date
    source: dict[str, str] = Field(default_factory=dict)  # where the catalogue's prices come from, ja / en

    def price(self, kind: str) -> float | None:
        return {"on_demand": self.on_demand, "reserved": self.reserved, "spot": self.spot}.get(kind)

    def as_of_text(self, lang: str) -> str:
        """The prices' date as the document's language writes dates (2025-01: 2025/01 in Japanese);
        anything else the catalogue says (a typed 「2025年1月」) as it is."""
        if lang == "ja" and _ISO_MONTH_OR_DAY.fullmatch(self.as_of):
            return self.as_of.replace("-", "/")
        return self.as_of

    def key(self) -> tuple[str, str]:
        return self.instance.casefold(), self.region.strip().casefold()


class SystemPlanDoc(_Loose):
    price_kind: PriceKind = "on_demand"
    region: str = ""  # "": the region each machine type is listed in first
    prices: list[PinnedPrice] = Field(default_factory=list)

    def price_for(self, name: str) -> PinnedPrice | None:
        """The project's prices for a machine type in the chosen region."""
        key, region = (name or "").strip().casefold(), self.region.strip().casefold()
        return next(
            (p for p in self.prices if p.instance.casefold() == key and (not region or p.region.strip().casefold() == region)),
            None,
        )


def parse_doc(data: dict[str, Any] | None) -> SystemPlanDoc:
    try:
        return SystemPlanDoc.model_validate(data or {})
    except ValidationError as exc:
        where, problem = first_problem(exc)
        raise ValidationFailed(key="system_plan.damaged", where=where, problem=problem) from None


# The document's fields as the page names them (a refused import or change names the field, not its stored path).
FIELD_LABELS = {
    "price_kind": Label(ja="料金の種類", en="Price the plan with"),
    "region": Label(ja="リージョン", en="Region"),
    "prices": Label(ja="このプロジェクトの料金", en="Prices in this project"),
}


def field_label(_library: object, path: str) -> Label | None:
    """What the page calls the field a stored path of the document names (``prices.0.instance``: the prices); None: none."""
    return FIELD_LABELS.get(path.split(".", 1)[0])


def dump_doc(doc: SystemPlanDoc) -> dict[str, Any]:
    return doc.model_dump(mode="json")


_ISO_MONTH_OR_DAY = re.compile(r"\d{4}-\d{2}(-\d{2})?")


def pinned(spec: InstanceSpec, catalogue: InstanceCatalogue) -> PinnedPrice:
    """A catalogue row as the project keeps it (with the catalogue's currency, date and source)."""
    return PinnedPrice(
        instance=spec.name, provider=spec.provider, region=spec.region.strip(), currency=catalogue.currency,
        on_demand=spec.hourly_price, reserved=spec.reserved_price, spot=spec.spot_price, as_of=catalogue.as_of,
        source=catalogue.source.model_dump(exclude_none=True) if catalogue.source else {},
    )


def with_prices_for(doc: SystemPlanDoc, names: Iterable[str], catalogue: InstanceCatalogue) -> SystemPlanDoc:
    """``doc`` plus the catalogue's prices of the machine types it has none for (in its region)."""
    added: list[PinnedPrice] = []
    for name in dict.fromkeys(n.strip() for n in names if n and n.strip()):
        probe = SystemPlanDoc(region=doc.region, prices=doc.prices + added)
        if probe.price_for(name) is not None:
            continue
        spec = catalogue.find(name, doc.region)
        if spec is not None:
            added.append(pinned(spec, catalogue))
    return doc if not added else doc.model_copy(update={"prices": doc.prices + added})


@dataclass(frozen=True)
class PriceUpdate:
    """One price that updating to the current catalogue changes (None: not given / not listed any more)."""

    instance: str
    region: str
    field: str  # "on_demand" | "reserved" | "spot" | "currency" | "as_of"
    old: Any
    new: Any


def catalogue_updates(doc: SystemPlanDoc, catalogue: InstanceCatalogue) -> list[PriceUpdate]:
    """What :func:`updated_to_catalogue` would change, field by field (machine types the catalogue
    no longer lists keep their copied prices and are not in the list)."""
    out: list[PriceUpdate] = []
    for old in doc.prices:
        spec = catalogue.find(old.instance, old.region)
        if spec is None:
            continue
        new = pinned(spec, catalogue)
        for name in (*PRICE_FIELDS, "currency", "as_of"):
            before, after = getattr(old, name), getattr(new, name)
            if before != after:
                out.append(PriceUpdate(old.instance, old.region, name, before, after))
    return out


def updated_to_catalogue(doc: SystemPlanDoc, catalogue: InstanceCatalogue) -> SystemPlanDoc:
    """Every copied price replaced by the catalogue's current one (where the catalogue still lists it)."""
    prices = []
    for old in doc.prices:
        spec = catalogue.find(old.instance, old.region)
        prices.append(pinned(spec, catalogue) if spec is not None else old)
    return doc.model_copy(update={"prices": prices})

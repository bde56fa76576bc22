"""System-planning content beyond the checklist: the instance catalogue the capacity calculator prices with.

The shipped catalogue is ``checklists/instance_catalogue.yaml`` (type ``instance_catalogue``); a
file with the same id in the user's data folder replaces it, which is how the user keeps their
own machine types and prices (the System planning page writes that copy). A machine type may be
listed once per region; each row has its on-demand price and, where known, a reserved (1-year,
no upfront, or savings plan) and a spot price. The prices a project uses are copied into the
project (:mod:`app.system_planning.plan_doc`), so the catalogue can change without changing a
project's cost.
"""

from __future__ import annotations

import re

from pydantic import Field, field_validator, model_validator

from app.core.content.model import Identifier, Localized, Strict, known_schema
from app.core.errors import InvalidContent
from app.core.messages import Label, Message
from app.system_planning.capacity import MAX_INPUT

CATALOGUE_ID = "cloud_instances"
_CURRENCY = re.compile(r"^[A-Z]{3}$")


PRICE_KINDS = ("on_demand", "reserved", "spot")

# What the user calls each field of the catalogue (the dialog's column headers and labels).
FIELD_LABELS = {
    "name": Label(ja="マシンタイプ", en="Machine type"),
    "provider": Label(ja="プロバイダー", en="Provider"),
    "vcpu": Label(ja="vCPU", en="vCPU"),
    "memory_gb": Label(ja="メモリ(GB)", en="Memory (GB)"),
    "gpu": Label(ja="GPU", en="GPU"),
    "region": Label(ja="リージョン", en="Region"),
    "hourly_price": Label(ja="オンデマンド単価", en="On-demand price"),
    "reserved_price": Label(ja="リザーブド単価", en="Reserved price"),
    "spot_price": Label(ja="スポット単価(変動)", en="Spot price (variable)"),
    "note": Label(ja="備考", en="Note"),
    "currency": Label(ja="価格の通貨", en="Currency of the prices"),
    "as_of": Label(ja="価格の時点", en="Prices as of"),
}


def field_label(name: object) -> object:
    return FIELD_LABELS.get(str(name), str(name))


def catalogue_where(loc: tuple[int | str, ...]) -> object | None:
    """A pydantic error location as the dialog names it (「2行目のオンデマンド単価」), or None for the whole."""
    if loc[:1] == ("instances",) and len(loc) > 1 and isinstance(loc[1], int):
        if len(loc) > 2:
            return Message(key="instances.row_field", row=loc[1] + 1, field=field_label(loc[2]))
        return Message(key="instances.row", row=loc[1] + 1)
    return field_label(loc[0]) if loc else None


class InstanceSpec(Strict):
    """One machine type in one region with its hourly prices (in the catalogue's currency).

    ``hourly_price`` is the on-demand price; ``reserved_price`` a 1-year no-upfront reservation or
    savings plan; ``spot_price`` a typical spot price (spot prices vary by the hour).
    """

    name: str = Field(min_length=1, max_length=80)
    provider: str = ""
    region: str = Field("", max_length=40)
    # Every number at most the calculator's largest input (a price of 1e308 accepted as a number would
    # cost 'inf USD' a month): refused on Save, naming the row and the column.
    vcpu: int | None = Field(None, ge=0, le=MAX_INPUT)
    memory_gb: float | None = Field(None, ge=0, le=MAX_INPUT)
    gpu: str = ""
    hourly_price: float = Field(ge=0, le=MAX_INPUT)
    reserved_price: float | None = Field(None, ge=0, le=MAX_INPUT)
    spot_price: float | None = Field(None, ge=0, le=MAX_INPUT)
    note: str = ""

    def price(self, kind: str) -> float | None:
        return {"on_demand": self.hourly_price, "reserved": self.reserved_price, "spot": self.spot_price}.get(kind)

    @field_validator("name")
    @classmethod
    def _trimmed(cls, value: str) -> str:
        value = value.strip()
        if not value:
            raise InvalidContent(key="instances.needs_name")
        return value


class InstanceCatalogue(Strict):
    """Machine types and their on-demand hourly prices; ``currency`` is an ISO code such as USD."""

    schema_: int = Field(1, alias="schema")
    id: Identifier
    version: int = Field(1, ge=1)
    title: Localized
    currency: str = "USD"
    as_of: str = ""
    source: Localized | None = None  # where the prices come from (the providers' price pages)
    note: Localized | None = None
    instances: list[InstanceSpec] = Field(default_factory=list)

    model_config = Strict.model_config | {"populate_by_name": True}

    @classmethod
    def content_where(cls, loc: tuple[int | str, ...]) -> object | None:
        """The content loader names a problem in the user's file as the dialog does (not ``instances.0.hourly_price``)."""
        return catalogue_where(loc)

    @field_validator("schema_")
    @classmethod
    def _known_schema(cls, value: int) -> int:
        return known_schema(value)

    @field_validator("currency")
    @classmethod
    def _iso_currency(cls, value: str) -> str:
        value = value.strip().upper()
        if not _CURRENCY.match(value):
            raise InvalidContent(key="instances.currency", currency=value)
        return value

    @model_validator(mode="after")
    def _unique_names(self) -> InstanceCatalogue:
        seen: set[tuple[str, str]] = set()
        for spec in self.instances:
            key = (spec.name.casefold(), spec.region.strip().casefold())
            if key in seen:
                if spec.region.strip():
                    raise InvalidContent(key="instances.twice_in_region", name=spec.name, region=spec.region)
                raise InvalidContent(key="instances.twice", name=spec.name)
            seen.add(key)
        return self

    def find(self, name: str, region: str = "") -> InstanceSpec | None:
        """The row of a machine type in ``region``; with no region, the first row listed for it."""
        key, where = (name or "").strip().casefold(), (region or "").strip().casefold()
        return next(
            (s for s in self.instances if s.name.casefold() == key and (not where or s.region.strip().casefold() == where)),
            None,
        )

    def regions(self) -> list[str]:
        """The regions the catalogue lists, in the order they first appear."""
        return list(dict.fromkeys(s.region.strip() for s in self.instances if s.region.strip()))

"""System-planning content beyond the checklist: the instance catalogue the capacity calculator prices with.

The shipped catalogue is ``checklists/instance_catalogue.yaml`` (type ``instance_catalogue``); a
file with the same id in the user's data folder replaces it, which is how the user keeps their
own machine types and prices (the System planning page writes that copy).
"""

from __future__ import annotations

import re

from pydantic import Field, field_validator, model_validator

from app.core.content.model import Identifier, Localized, Strict, known_schema
from app.core.errors import InvalidContent

CATALOGUE_ID = "cloud_instances"
_CURRENCY = re.compile(r"^[A-Z]{3}$")


class InstanceSpec(Strict):
    """One machine type with its hourly price (in the catalogue's currency)."""

    name: str = Field(min_length=1, max_length=80)
    provider: str = ""
    vcpu: int | None = Field(None, ge=0)
    memory_gb: float | None = Field(None, ge=0)
    gpu: str = ""
    hourly_price: float = Field(ge=0)
    note: str = ""

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
    note: Localized | None = None
    instances: list[InstanceSpec] = Field(default_factory=list)

    model_config = Strict.model_config | {"populate_by_name": True}

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
        seen: set[str] = set()
        for spec in self.instances:
            key = spec.name.casefold()
            if key in seen:
                raise InvalidContent(key="instances.twice", name=spec.name)
            seen.add(key)
        return self

    def find(self, name: str) -> InstanceSpec | None:
        key = (name or "").strip().casefold()
        return next((s for s in self.instances if s.name.casefold() == key), None)

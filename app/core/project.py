"""Project-level records as the services hand them to the UI and the CLI.

:class:`SignedBaseline` is the read-model of the agreement baselines (``app/projects/baselines``,
whose index is the project document of kind :data:`AGREEMENT_KIND`, each snapshot in a document of
its own): it lives here so that a feature's exporter (the proposal, the WBS sheet) names the last
signed baseline without importing the project level. Reading it is lenient: a damaged entry reads as not signed, never as an error.

The agreement in force is the newest signed baseline: the one made last among those signed (a later sign-off of an
older baseline adds a signer to it, it does not take the project back to it). :func:`last_agreed` reads what it holds.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field

if TYPE_CHECKING:
    from app.core.storage.db import Database


class ProjectInfo(BaseModel):
    id: int
    uuid: str
    name: str
    customer: str = ""
    description: str = ""
    lang: str = "ja"
    start_date: dt.date | None = None
    archived: bool = False
    created_at: dt.datetime
    updated_at: dt.datetime


class HearingSessionInfo(BaseModel):
    id: int
    project_id: int
    number: int
    held_on: dt.date
    title: str = ""
    attendees: list[str] = Field(default_factory=list)
    notes: str = ""
    started_at: dt.datetime
    ended_at: dt.datetime | None = None
    started_by: str | None = None  # the author who started it (None: not known)

    @property
    def is_open(self) -> bool:
        return self.ended_at is None


# --- agreement baselines -----------------------------------------------------------------------

AGREEMENT_KIND = "agreement_baselines"
SNAPSHOT_PREFIX = "agreement_baseline."  # + the number each new baseline's snapshot document gets (one more each time)


@dataclass(frozen=True)
class SignedBaseline:
    """A baseline and who signed it off (``signers``: "name (role, organisation)" each), last on ``date``."""

    name: str
    date: str  # ISO date of the latest sign-off
    signers: tuple[str, ...]
    created: str = ""  # ISO date and time the baseline was made: what was signed is the project as it read then
    snapshot: str = ""  # the document holding what it froze ("": inside its index entry, as version 1 kept it)

    def label(self, lang: str) -> str:
        from app.core.messages import Message

        return Message(key="agreement.signed_label").text(lang)

    def text(self, lang: str) -> str:
        """「キックオフ合意」 2026/12/21 山田 太郎 (PM, 顧客社): one line of plain text (escape it where it goes)."""
        from app.core.i18n import format_date, parse_date
        from app.core.messages import Many, Message

        try:
            shown = format_date(parse_date(self.date), lang)
        except ValueError:
            shown = self.date
        return Message(key="agreement.signed_text", name=self.name, date=shown, who=Many(self.signers)).text(lang)


def signer(entry: dict[str, Any]) -> str:
    """One sign-off as a line names it: "name (role, organisation)" (what is given of it)."""
    who = str(entry.get("who") or "").strip()
    more = ", ".join(str(entry.get(k) or "").strip() for k in ("role", "org") if str(entry.get(k) or "").strip())
    return f"{who} ({more})" if more else who


def made_utc(created: str) -> dt.datetime | None:
    """When a baseline was made (its ``created``), as naive UTC; None for text that is no time."""
    try:
        made = dt.datetime.fromisoformat(created)
    except ValueError:
        return None
    return made.astimezone(dt.UTC).replace(tzinfo=None) if made.tzinfo else made


def last_signed_in(doc: dict[str, Any]) -> SignedBaseline | None:
    """The agreement in force in the stored document: of the signed baselines the one made last (two made in one
    second: the one numbered later, then the one signed last), never an older one a late sign-off was added to."""
    best: tuple[tuple[dt.datetime, str, int, tuple[str, str]], SignedBaseline] | None = None
    for name, entry in (doc.get("baselines") or {}).items() if isinstance(doc.get("baselines"), dict) else ():
        signoffs = [s for s in (entry.get("signoffs") or []) if isinstance(s, dict)] if isinstance(entry, dict) else []
        if not signoffs:
            continue
        latest = max((str(s.get("date") or ""), str(s.get("recorded") or "")) for s in signoffs)
        created, held = str(entry.get("created") or ""), entry.get("snapshot")
        found = SignedBaseline(str(name), latest[0], tuple(signer(s) for s in signoffs), created, held if isinstance(held, str) else "")
        number = held.removeprefix(SNAPSHOT_PREFIX) if isinstance(held, str) and held.startswith(SNAPSHOT_PREFIX) else ""
        key = (made_utc(created) or dt.datetime.min, created, int(number) if number.isascii() and number.isdigit() else 0, latest)
        if best is None or key > best[0]:
            best = (key, found)
    return best[1] if best else None


def last_signed(db: Database, project_id: int) -> SignedBaseline | None:
    from app.core.documents import DocumentService

    return last_signed_in(DocumentService(db).get(project_id, AGREEMENT_KIND))


@dataclass(frozen=True)
class HeldTask:
    """A task built from answers as a baseline holds it: its outline number and title then, the hearing items its
    origin names and its template (whose wordings read more items)."""

    code: str
    title: str
    items: tuple[str, ...]
    template_id: str


@dataclass(frozen=True)
class Agreed:
    """What the agreement in force holds: ``answers`` each answer it froze as (status, value, later) by item id (an
    item it does not name was never touched then), ``tasks`` the uids of its WBS tasks and ``built`` those built from
    answers by uid; all None when its snapshot cannot be read (a damaged file: then the time it was made is all there
    is to go by)."""

    baseline: SignedBaseline
    at: dt.datetime | None  # when it was made (naive UTC)
    answers: Mapping[str, tuple[str, Any, Any]] | None
    tasks: frozenset[str] | None
    built: Mapping[str, HeldTask] | None = None


def last_agreed(db: Database, project_id: int) -> Agreed | None:
    """The newest signed baseline with what it holds (a snapshot is parsed once for each text stored: the WBS page
    reads it after every change, and one of 10,000 tasks is megabytes). Shared: never changed."""
    from app.core.documents import DocumentService

    documents = DocumentService(db)
    index = documents.get(project_id, AGREEMENT_KIND)
    signed = last_signed_in(index)
    if signed is None:
        return None
    if signed.snapshot:
        held = _held(documents.text(project_id, signed.snapshot))
    else:  # version 1: the snapshot inside the entry
        held = _held_in(index["baselines"][signed.name])
    return Agreed(signed, made_utc(signed.created), *(held or (None, None, None)))


_Held = tuple[Mapping[str, tuple[str, Any, Any]], frozenset[str], Mapping[str, HeldTask]]


@functools.lru_cache(maxsize=4)
def _held(text: str) -> _Held | None:
    try:
        doc = json.loads(text) if text else None
    except ValueError:
        return None
    return _held_in(doc)


def _held_in(doc: Any) -> _Held | None:
    if not isinstance(doc, dict) or not isinstance(doc.get("answers"), dict) or not isinstance(doc.get("wbs"), dict):
        return None
    answers = {}
    for items in doc["answers"].values():
        for item_id, a in items.items() if isinstance(items, dict) else ():
            if isinstance(a, dict):
                answers[str(item_id)] = (str(a.get("status") or ""), a.get("value"), a.get("later"))
    built = {}
    for uid, task in doc["wbs"].items():
        origin = task.get("origin") if isinstance(task, dict) else None
        if not isinstance(origin, dict):
            continue
        found = origin.get("answers")
        items = tuple(dict.fromkeys(str(a["item"]) for a in found if isinstance(a, dict) and a.get("item"))) if isinstance(found, list) else ()
        if items or origin.get("template_id"):
            built[str(uid)] = HeldTask(str(task.get("code") or ""), str(task.get("title") or ""), items, str(origin.get("template_id") or ""))
    return MappingProxyType(answers), frozenset(str(uid) for uid in doc["wbs"]), MappingProxyType(built)


def agreed_tasks(db: Database, project_id: int) -> frozenset[str]:
    """The uids of the tasks the newest signed baseline holds: agreed by it, ticked 顧客合意 or not (none known when
    its snapshot cannot be read)."""
    return held_tasks(last_agreed(db, project_id))


def held_tasks(found: Agreed | None) -> frozenset[str]:
    """:func:`agreed_tasks` of what :func:`last_agreed` read."""
    return (found.tasks or frozenset()) if found is not None else frozenset()

"""The demo project's system planning: requirements, process flow with measured times, cost, monitoring.

Its content is data (``resources/demo/system_planning.yaml``). One process (the nightly feature
extraction on a single GPU instance) misses its batch window, so the demo shows the calculator
flagging a problem as well as the numbers that work out. The prices its machine types use are
copied into the project, as choosing them on the page does.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import yaml

from app.core import paths
from app.core.demo_source import localize
from app.core.documents import DocumentService
from app.core.i18n import Lang
from app.core.workspace import Workspace
from app.hearing import AnswerService
from app.system_planning.operations import machine_types
from app.system_planning.plan_doc import KIND, SystemPlanDoc, dump_doc, with_prices_for
from app.system_planning.service import catalogue


def demo_source() -> dict[str, Any]:
    return yaml.safe_load((paths.resources_dir() / "demo" / "system_planning.yaml").read_text(encoding="utf-8"))


def build_demo(ws: Workspace, project_id: int, lang: Lang, start: dt.date) -> None:
    source = localize(demo_source(), lang, start)
    answers = AnswerService(ws.db, ws.library)
    for item_id, fields in source["answers"].items():
        answers.update(project_id, item_id, source="demo", **fields)
    DocumentService(ws.db).put(project_id, KIND, dump_doc(with_prices_for(SystemPlanDoc(), machine_types(ws, project_id), catalogue(ws.library))))

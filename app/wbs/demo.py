"""The demo project's WBS: generated from its hearing, then worked on as a real team would.

The proposal is done and agreed, the hearing and WBS are under way, a few tasks were edited by
hand (a sharper completion condition, a task added without one yet, one task dropped to Won't),
and the whole plan is scheduled from the PoC start.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from app.core.i18n import Lang
from app.core.workspace import Workspace
from app.wbs.generate import generate
from app.wbs.model import Status
from app.wbs.resources.people import Person, put_person_op
from app.wbs.schedule import schedule
from app.wbs.service import WbsService
from app.wbs.tracking.baselines import save_baseline_op, set_progress_op

TEXTS = {
    "metrics_completion": {
        "ja": "Recall@10 0.8を目標、中間報告で0.5未満なら方針見直し、を顧客と合意した",
        "en": "The customer agreed Recall@10 0.8 as the target and a rethink below 0.5 at the interim report",
    },
    "manual_title": {"ja": "店舗スタッフによる目視評価の段取り", "en": "Arrange the store staff's visual review"},
    "manual_notes": {"ja": "評価者と評価シートの形式を佐藤さんと相談中", "en": "Discussing reviewers and the review sheet with Sato"},
    "baseline": {"ja": "キックオフ合意", "en": "Agreed at kickoff"},
    "wont_note": {"ja": "MLflowへの移行は構築フェーズで検討(第1回ヒアリングで合意)", "en": "Moving to MLflow is for the build phase (agreed in the first hearing)"},
}


def build_demo(ws: Workspace, project_id: int, lang: Lang, start: dt.date) -> None:
    service = WbsService(ws.db)
    generate(ws, project_id)
    tree = service.tree(project_id)
    by_template = {t.origin.template_id: t.id for t in tree.tasks.values() if t.origin.template_id}

    def ids(*templates: str) -> list[int]:
        return [by_template[t] for t in templates if t in by_template]

    proposal = [t for t in tree.walk(by_template["phase.proposal"])]
    agreed_on = start + dt.timedelta(days=2)
    service.update(project_id, [t.id for t in proposal] + ids("phase.proposal"), status=Status.DONE, agreed=True, agreed_on=start)
    service.update(project_id, ids("planning.hearing"), status=Status.DONE, agreed=True, agreed_on=agreed_on)
    service.update(project_id, ids("planning.follow_up", "planning.wbs"), status=Status.IN_PROGRESS, agreed=True, agreed_on=agreed_on)
    service.update(project_id, ids("planning.metrics"), completion_condition=TEXTS["metrics_completion"][lang], agreed=True, agreed_on=agreed_on)
    service.update(project_id, ids("milestone.interim_report", "milestone.final_report"), agreed=True, agreed_on=agreed_on)
    service.update(project_id, ids("experiment_mgmt.tracking_tool"), priority="wont", notes=TEXTS["wont_note"][lang])
    planning = by_template["phase.planning"]
    added = service.add_task(
        project_id,
        planning,
        row=len(tree.kids(planning)),
        title=TEXTS["manual_title"][lang],
        phase="planning",
        priority="should",
        owner_role="ds",
        owner_name="高橋" if lang == "ja" else "Takahashi",
        estimate_days=1,
        notes=TEXTS["manual_notes"][lang],
    )
    new_id = added.created[0]
    from app.wbs.model import Dependency

    service.set_dependencies(project_id, new_id, [Dependency(predecessor_id=by_template["planning.metrics"])])
    schedule(ws, project_id, start)
    _track(ws, project_id, lang, start, ids)
    _people(ws, project_id, lang, start)


def _track(ws: Workspace, project_id: int, lang: Lang, start: dt.date, ids: Callable[..., list[int]]) -> None:
    """The plan agreed at kickoff saved as the baseline; since then the hearing is done, the follow-up
    and the WBS are under way, and the WBS took two days more than planned (the Gantt shows the slip)."""
    # The operations join the demo's own transaction (ops.run would announce each one on its own).
    save_baseline_op(project_id, TEXTS["baseline"][lang])(ws)
    for template, percent, actual in (("planning.hearing", None, 2.5), ("planning.follow_up", 50.0, 1.0), ("planning.wbs", 40.0, 2.0)):
        for task_id in ids(template):
            set_progress_op(project_id, task_id, percent, actual)(ws)
    service = WbsService(ws.db)
    tree = service.tree(project_id)
    for task_id in ids("planning.wbs"):
        service.update(project_id, [task_id], estimate_days=(tree.tasks[task_id].estimate_days or 1) + 2)
    schedule(ws, project_id, start)


# (name in ja, in en, catalogue role, days a week, percent of a day): the owners of the demo's tasks
# but 山田 (Yamada: the hearing's MLOps engineer, offered as a suggestion in People…). 高橋 has the
# metrics agreement and the KPI mapping on the same day: the one over-allocation "Level resources" fixes.
PEOPLE = (
    ("田中", "Tanaka", "pm", 3, 100),
    ("高橋", "Takahashi", "ds", 5, 100),
    ("鈴木", "Suzuki", "customer", 2, 100),
)


def _people(ws: Workspace, project_id: int, lang: Lang, start: dt.date) -> None:
    """The project's people with their availability; 高橋 takes three days off a month into the PoC."""
    monday = start + dt.timedelta(days=28 + (7 - start.weekday()) % 7)
    for ja, en, role, days, percent in PEOPLE:
        off = frozenset(monday + dt.timedelta(days=k) for k in range(3)) if role == "ds" else frozenset()
        put_person_op(project_id, Person(ja if lang == "ja" else en, role, days, percent, off))(ws)  # joins the demo's transaction

"""The features of the app, listed once: what each adds to the shared machinery.

The core (``app/core``) knows no feature. Each feature package (``app/hearing``, ``app/wbs``,
``app/proposal``, ``app/environment``, ``app/system_planning``, ``app/review``) owns its models, operations,
exporters and importers; this module names, per feature, its document kinds (``export KIND`` /
``import KIND``), its content types, its part of the project file and its part of the demo
project. The window, the CLI and the project-level code (``app/projects``) read the lists here;
nothing is discovered by file name. ``tests/test_layers.py`` fails when a feature's module is
not listed.

Import cost matters: the CLI builds its parser from :data:`EXPORTS`, so the ``kinds`` modules
stay light, and the heavier parts (demo, transfer) are imported when asked for.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from app.core.content.template_check import TemplateFolder
from app.core.content.types import register_types
from app.core.kinds import ExportKind, ImportKind
from app.core.messages import Label
from app.environment import kinds as environment_kinds
from app.hearing import kinds as hearing_kinds
from app.proposal import kinds as proposal_kinds
from app.review import kinds as review_kinds
from app.system_planning import kinds as system_planning_kinds
from app.wbs import kinds as wbs_kinds

if TYPE_CHECKING:
    import datetime as dt

    from pydantic import BaseModel

    from app.core.content.loader import ContentLibrary
    from app.core.i18n import Lang
    from app.core.project_file import TransferPart
    from app.core.workspace import Workspace

FEATURES = ("hearing", "proposal", "wbs", "environment", "system_planning", "review")



def content_types() -> dict[str, type[BaseModel]]:
    """Content files: their ``type`` -> the feature's model (checklists are the core's own)."""
    from app.environment.model import EnvironmentForm, ExperimentSheetSpec, WikiToc
    from app.hearing.model import AnswerStatusNames
    from app.proposal.model import ProblemLibrary, ProposalTemplate
    from app.review.model import ReviewChecklist
    from app.system_planning.model import InstanceCatalogue
    from app.wbs.rules import WbsRules

    return {
        "answer_statuses": AnswerStatusNames,
        "problems": ProblemLibrary,
        "proposal_template": ProposalTemplate,
        "wbs_rules": WbsRules,
        "environment_form": EnvironmentForm,
        "wiki_toc": WikiToc,
        "experiment_sheet": ExperimentSheetSpec,
        "instance_catalogue": InstanceCatalogue,
        "review_checklist": ReviewChecklist,
    }


register_types(content_types)  # called when content is first loaded (pydantic is not light to import)

_KIND_MODULES = (hearing_kinds, proposal_kinds, wbs_kinds, environment_kinds, system_planning_kinds, review_kinds)
EXPORTS: dict[str, ExportKind] = {k.name: k for m in _KIND_MODULES for k in m.EXPORTS}
IMPORTS: dict[str, ImportKind] = {k.name: k for m in _KIND_MODULES for k in getattr(m, "IMPORTS", ())}
# The folders of templates a user may override, each with the environment its exporter renders in
# (``templates validate`` compiles every template there as the export would load it).
TEMPLATES: tuple[TemplateFolder, ...] = tuple(t for m in _KIND_MODULES for t in getattr(m, "TEMPLATES", ()))


# The documents a project stores (``ProjectDocument.kind``) and what the user calls each: a message
# about one (an undo refused because another window changed it since) names it so, never by its
# kind. A key ending in "." names every kind it begins (one document per signed baseline).
# tests/test_review_fixes16l.py checks that each stored kind the features define is here.
DOCUMENTS: dict[str, Label] = {
    "proposal": Label(ja="導入提案", en="Kickoff proposal"),
    "environment": Label(ja="実験環境", en="Experiment environment"),
    "data_platform": Label(ja="データ基盤・CI", en="Data platform & CI"),
    "system_plan": Label(ja="システム化計画", en="System planning"),
    "review": Label(ja="レビュー", en="Review"),
    "wbs": Label(ja="WBS", en="WBS"),
    "wbs_tracking": Label(ja="WBSのベースラインと進捗", en="WBS baselines and progress"),
    "wbs_resources": Label(ja="要員", en="People"),
    "agreement_baselines": Label(ja="合意ベースライン", en="Agreement baselines"),
    "agreement_baseline.": Label(ja="合意ベースライン", en="Agreement baselines"),
    "suspect_reviews": Label(ja="要確認の項目", en="Suspect links"),
}


def document_label(kind: str) -> Label | None:
    """What the user calls the project document ``kind`` (None: not a document the app stores)."""
    if kind in DOCUMENTS:
        return DOCUMENTS[kind]
    return next((label for key, label in DOCUMENTS.items() if key.endswith(".") and kind.startswith(key)), None)


def document_field_label(library: ContentLibrary, kind: str, field: str) -> Label | None:
    """What the page calls a field of the project document ``kind`` (``field``: its stored path, keys joined
    by ".", as a :class:`~app.core.errors.ConflictError` names it): a refused undo names the field the other
    window changed (「フレームワーク」, a table's cell, a checklist item, a person, a section), not the whole document.
    None: not known (the document is named instead)."""
    from app.environment.names import field_label
    from app.proposal.content import field_label as proposal_label
    from app.review.service import item_label
    from app.system_planning.plan_doc import field_label as plan_label
    from app.wbs.resources.people import KIND as PEOPLE
    from app.wbs.resources.people import person_label

    namers: dict[str, Callable[[ContentLibrary, str], Label | None]] = {
        "environment": field_label, "data_platform": field_label, "review": item_label, "proposal": proposal_label, PEOPLE: person_label,
        "system_plan": plan_label,
    }  # fmt: skip
    namer = namers.get(kind)
    return namer(library, field) if namer is not None else None


def export_kinds() -> list[ExportKind]:
    """Every document the app writes, in the order the Exports page lists them."""
    return sorted(EXPORTS.values(), key=lambda k: (k.order, k.name))


def transfer_parts() -> list[TransferPart]:
    """The features' parts of the project file (beyond the project, answers, sessions, documents)."""
    from app.wbs.transfer import PART as wbs

    return [wbs]


def document_models() -> dict[str, type[BaseModel]]:
    """The project documents read with a model (its readers' own), by kind: a project file's import refuses
    one the model refuses (app/projects/transfer.py check_documents), as it would end every later read."""
    from app.proposal.model import ProposalDoc
    from app.system_planning.plan_doc import SystemPlanDoc

    carried = {kind: model for part in transfer_parts() for kind, model in part.documents.items()}
    return {"proposal": ProposalDoc, "system_plan": SystemPlanDoc, **carried}


DemoBuilder = Callable[["Workspace", int, "Lang", "dt.date"], Any]


def demo_builders() -> list[DemoBuilder]:
    """What each feature adds to the demo project, in this order (the hearing's answers come first)."""
    from app.environment.demo import build_demo as environment
    from app.proposal.demo import build_demo as proposal
    from app.review.demo import build_demo as review
    from app.system_planning.demo import build_demo as system_planning
    from app.wbs.demo import build_demo as wbs

    return [environment, proposal, system_planning, wbs, review]

"""The prices a project uses travel with it: copied from the catalogue with their date and source."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from app.core import operations as ops
from app.core.documents import DocumentService
from app.hearing.answers import AnswerService
from app.projects.transfer import export_data, import_data
from app.system_planning import service as sp
from app.system_planning.model import CATALOGUE_ID, InstanceCatalogue
from app.system_planning.operations import load_doc, pin_prices, set_price_choice, stored_doc, update_prices
from app.system_planning.plan_doc import KIND, catalogue_updates, parse_doc


def plan_of(workspace, project_id: int) -> sp.SystemPlan:
    answers = AnswerService(workspace.db, workspace.library).answers(project_id)
    return sp.build_plan(workspace.library, sp.answer_values(answers), load_doc(workspace, project_id))


def raised_catalogue(workspace, factor: float) -> InstanceCatalogue:
    """The catalogue in use with every price multiplied (a newer price list), put in its place."""
    current = sp.catalogue(workspace.library)
    data = current.model_dump(by_alias=True)
    data["as_of"] = "2026-06"
    for row in data["instances"]:
        for key in ("hourly_price", "reserved_price", "spot_price"):
            if row.get(key) is not None:
                row[key] = round(row[key] * factor, 4)
    raised = InstanceCatalogue.model_validate(data)
    workspace.library.add(raised, Path("raised.yaml"))
    return raised


@pytest.fixture
def restore_catalogue(workspace):
    original = sp.catalogue(workspace.library)
    source = workspace.library.sources.get(CATALOGUE_ID)
    yield
    workspace.library.add(original, source)


def test_the_demo_keeps_the_prices_it_uses_with_date_and_source(workspace, demo) -> None:
    doc = load_doc(workspace, demo.id)
    assert doc.price_kind == "on_demand" and doc.region == ""
    names = {p.instance for p in doc.prices}
    assert names == {"g4dn.xlarge", "c6i.2xlarge", "c6i.xlarge"}
    g4dn = doc.price_for("g4dn.xlarge")
    assert (g4dn.region, g4dn.on_demand, g4dn.reserved, g4dn.spot, g4dn.currency) == ("ap-northeast-1", 0.71, 0.447, 0.25, "USD")
    assert g4dn.as_of == "2025-01" and "2025" in g4dn.source["en"] and "公開料金" in g4dn.source["ja"]
    plan = plan_of(workspace, demo.id)
    assert plan.unpinned == ()
    assert plan.capacity_monthly == pytest.approx(504.06, abs=0.01)


def test_a_changed_catalogue_does_not_change_the_projects_cost(workspace, demo, restore_catalogue) -> None:
    before = plan_of(workspace, demo.id).capacity_monthly
    raised_catalogue(workspace, 2.0)
    assert plan_of(workspace, demo.id).capacity_monthly == pytest.approx(before)


def test_the_project_file_carries_the_prices(workspace, demo, restore_catalogue) -> None:
    before = plan_of(workspace, demo.id)
    data = export_data(workspace.db, demo.id)
    kinds = {d["kind"]: d["data"] for d in data["documents"]}
    assert {p["instance"] for p in kinds[KIND]["prices"]} == {"g4dn.xlarge", "c6i.2xlarge", "c6i.xlarge"}
    raised_catalogue(workspace, 3.0)  # the colleague's machine has another price list
    copy_id = import_data(workspace.db, copy.deepcopy(data), name="copy")
    after = plan_of(workspace, copy_id)
    assert after.capacity_monthly == pytest.approx(before.capacity_monthly)
    assert after.cost.running_monthly == pytest.approx(before.cost.running_monthly)
    assert [line.result.monthly_cost for line in after.processes] == [
        pytest.approx(line.result.monthly_cost) for line in before.processes
    ]


def test_a_new_machine_type_is_copied_in_once_and_kept(workspace, demo, restore_catalogue) -> None:
    answers = AnswerService(workspace.db, workspace.library)
    rows = answers.answer(demo.id, sp.PROCESSES).value
    rows[2]["instance_type"] = "m6i.xlarge"
    answers.update(demo.id, sp.PROCESSES, value=rows)
    plan = plan_of(workspace, demo.id)
    assert plan.unpinned == ("m6i.xlarge",)  # priced from the catalogue until copied in
    change = ops.run(workspace, pin_prices(demo.id))
    assert change.changed and change.kinds == {KIND}
    assert load_doc(workspace, demo.id).price_for("m6i.xlarge").on_demand == 0.248
    assert not ops.run(workspace, pin_prices(demo.id)).changed  # nothing more to copy
    raised_catalogue(workspace, 2.0)
    assert load_doc(workspace, demo.id).price_for("m6i.xlarge").on_demand == 0.248
    assert plan_of(workspace, demo.id).unpinned == ()


def test_updating_to_the_current_catalogue_is_one_undoable_step(workspace, demo, restore_catalogue) -> None:
    base = stored_doc(workspace, demo.id)
    old_cost = plan_of(workspace, demo.id).capacity_monthly
    raised = raised_catalogue(workspace, 1.1)
    updates = catalogue_updates(parse_doc(base), raised)
    g4dn = [u for u in updates if u.instance == "g4dn.xlarge" and u.field == "on_demand"]
    assert len(g4dn) == 1 and (g4dn[0].old, g4dn[0].new) == (0.71, pytest.approx(0.781))
    assert {u.field for u in updates} == {"on_demand", "reserved", "spot", "as_of"}
    change = ops.run(workspace, update_prices(demo.id, base))
    # (each process's cost is counted in cents: the total is 1.1 times the old one within a few cents)
    assert plan_of(workspace, demo.id).capacity_monthly == pytest.approx(old_cost * 1.1, abs=0.05)
    assert load_doc(workspace, demo.id).price_for("c6i.xlarge").as_of == "2026-06"
    ops.run(workspace, ops.undo_op(change))
    assert plan_of(workspace, demo.id).capacity_monthly == pytest.approx(old_cost)
    ops.run(workspace, ops.redo_op(change))
    assert plan_of(workspace, demo.id).capacity_monthly == pytest.approx(old_cost * 1.1, abs=0.05)


def test_reserved_and_spot_prices_and_the_region(workspace, demo) -> None:
    # g4dn.xlarge 8.68 h x 30.42 = 264.0456 h; c6i.2xlarge 0.25 h x 30.42 = 7.605 h; c6i.xlarge: the precomputation
    # 500,000 x 4 ms / 4 workers = 500 s = 0.139 h -> 4.22838 h; the API 2 x 730 = 1,460 h. Each cost in cents.
    base = stored_doc(workspace, demo.id)
    hours = [line.result.monthly_hours for line in plan_of(workspace, demo.id).processes]
    change = ops.run(workspace, set_price_choice(demo.id, base, price_kind="reserved"))
    reserved = plan_of(workspace, demo.id)
    expected = hours[0] * 0.447 + hours[1] * 0.270 + (hours[2] + hours[3]) * 0.135
    assert reserved.capacity_monthly == pytest.approx(expected, abs=0.02)
    ops.run(workspace, ops.undo_op(change))
    assert load_doc(workspace, demo.id).price_kind == "on_demand"

    ops.run(workspace, set_price_choice(demo.id, base, region="us-east-1"))
    doc = load_doc(workspace, demo.id)
    assert doc.region == "us-east-1" and doc.price_for("g4dn.xlarge").on_demand == 0.526  # copied in with the region
    plan = plan_of(workspace, demo.id)
    assert plan.processes[0].result.monthly_cost == pytest.approx(hours[0] * 0.526, abs=0.005)


def test_a_machine_type_not_listed_in_the_chosen_region_is_reported(workspace, demo) -> None:
    ops.run(workspace, set_price_choice(demo.id, stored_doc(workspace, demo.id), region="asia-northeast1"))
    plan = plan_of(workspace, demo.id)
    flags = [f.kind for f in plan.processes[0].result.flags]
    assert "not_in_region" in flags and plan.processes[0].result.monthly_cost is None


def test_an_old_project_without_the_document_reads_as_on_demand(workspace, demo) -> None:
    with workspace.db.session() as s:
        from sqlalchemy import delete

        from app.core.storage.models import ProjectDocument

        s.execute(delete(ProjectDocument).where(ProjectDocument.project_id == demo.id, ProjectDocument.kind == KIND))
    doc = load_doc(workspace, demo.id)
    assert doc.prices == [] and doc.price_kind == "on_demand"
    plan = plan_of(workspace, demo.id)
    assert set(plan.unpinned) == {"g4dn.xlarge", "c6i.2xlarge", "c6i.xlarge"}
    assert plan.capacity_monthly == pytest.approx(504.06, abs=0.01)  # the catalogue's prices until copied
    ops.run(workspace, pin_prices(demo.id))
    assert plan_of(workspace, demo.id).unpinned == ()
    assert DocumentService(workspace.db).get(demo.id, KIND)["price_kind"] == "on_demand"

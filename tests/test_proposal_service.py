"""The proposal document: what is stored, what is read from the hearing and the WBS, what is derived."""

from __future__ import annotations

import datetime as dt

import pytest

from app.core.documents import DocumentService
from app.core.errors import ValidationFailed
from app.core.projects import ProjectService
from app.hearing.answers import AnswerService
from app.proposal.content import proposal_content
from app.proposal.edits import effective_rows, with_effort, with_section_text
from app.proposal.model import Phase, ProblemRow, ProposalDoc
from app.proposal.service import KIND, ProposalService, gather_inputs, proposal_view
from app.proposal.view import build_view
from app.wbs import plan
from app.wbs.plan import PlanTask


@pytest.fixture
def blank(workspace):
    return ProjectService(workspace.db).create("Blank PoC", customer="ACME", lang="ja")


def test_a_new_proposal_is_the_template_with_the_seeds_problems(workspace, blank) -> None:
    view = proposal_view(workspace, blank.id, "ja")
    content = proposal_content(workspace.library)
    assert [s.id for s in view.sections] == [s.id for s in content.template.sections]
    assert view.section("purpose").text.startswith("MLプロジェクトを円滑に進めることを阻害する課題を解決する")
    assert not any(s.edited for s in view.sections)
    assert [p.ref for p in view.problems] == [p.id for p in content.library.problems if p.default]
    assert view.effort.source == "manual" and view.effort.totals == {"mlops": 40.0, "ds": 8.0}
    assert view.schedule.source == "none"  # no PoC period yet
    assert all(level.items and all(i.status == "" for i in level.items) for level in view.scope)
    english = proposal_view(workspace, blank.id, "en")
    assert english.section("purpose").title == "Purpose of introducing MLOps"
    assert english.problems[0].phase_label == "PoC"


def test_edits_are_stored_per_language_and_typing_the_template_back_undoes_the_edit(workspace, blank) -> None:
    service = ProposalService(DocumentService(workspace.db))
    template = proposal_content(workspace.library).template
    doc = with_section_text(ProposalDoc(), template, "purpose", "ja", "独自の目的")
    service.save(blank.id, doc)
    assert proposal_view(workspace, blank.id, "ja").section("purpose").text == "独自の目的"
    assert proposal_view(workspace, blank.id, "en").section("purpose").text.startswith("By solving")
    original = template.section("purpose").body.ja.rstrip("\n")
    assert with_section_text(doc, template, "purpose", "ja", original).texts == {}


def test_scope_is_read_from_the_hearing_never_copied(workspace, blank) -> None:
    answers = AnswerService(workspace.db, workspace.library)
    answers.update(blank.id, "hearing.scope.feature_store", value="later")
    answers.update(blank.id, "hearing.scope.ci", value="now")
    view = proposal_view(workspace, blank.id, "en")
    items = {i.item_id: i for level in view.scope for i in level.items}
    assert items["hearing.scope.feature_store"].status_label == "In scope later"
    assert items["hearing.scope.ci"].status == "now"
    assert items["hearing.scope.monitoring"].status_label == "Not yet agreed"
    assert [level.id for level in view.scope] == ["level0", "level1", "level2"]
    answers.update(blank.id, "hearing.scope.ci", value="out")
    items = {i.item_id: i for level in proposal_view(workspace, blank.id, "en").scope for i in level.items}
    assert items["hearing.scope.ci"].status == "out"
    stored = DocumentService(workspace.db).get(blank.id, KIND)
    assert "scope" not in str(stored)


def test_dates_follow_the_hearings_poc_period(workspace, blank) -> None:
    answers = AnswerService(workspace.db, workspace.library)
    answers.update(blank.id, "hearing.basics.poc_start", value="2026-04-06")
    answers.update(blank.id, "hearing.basics.poc_end", value="2026-06-26")
    answers.update(
        blank.id,
        "hearing.basics.schedule",
        value=[{"milestone": "中間報告", "date": "2026-05-15", "kind": "interim_report"}],
    )
    schedule = proposal_view(workspace, blank.id, "ja").schedule
    assert schedule.source == "hearing"
    rows = {r.key: r for r in schedule.rows}
    assert rows["poc"].start == dt.date(2026, 4, 6) and rows["poc"].end == dt.date(2026, 6, 26)
    assert rows["0"].start == dt.date(2026, 4, 6)
    assert rows["5"].end == dt.date(2026, 6, 26)
    assert all(rows["poc"].start <= rows[str(n)].start <= rows[str(n)].end <= rows["poc"].end for n in range(6))
    assert rows["中間報告"].kind == "milestone" and sum(rows["中間報告"].marks) == 1
    assert rows["build"].start == dt.date(2026, 6, 29)  # the Friday's next working day, not Saturday 6/27
    assert len(schedule.columns) == 12 and schedule.columns[0] == dt.date(2026, 4, 6)
    assert [r.kind for r in schedule.rows][-2:] == ["phase", "phase"]


def test_the_build_phase_starts_on_the_wbs_calendars_next_working_day(workspace, blank) -> None:
    """National and company holidays are off, as the WBS schedules: a PoC ending Thursday 2026/12/31 with
    年末年始 to 1/4 as company holidays is followed by the build phase on Tuesday 2027/01/05."""
    from app.core import operations as ops
    from app.wbs import company_calendar as cc

    answers = AnswerService(workspace.db, workspace.library)
    answers.update(blank.id, "hearing.basics.poc_start", value="2026-10-01")
    answers.update(blank.id, "hearing.basics.poc_end", value="2026-12-31")
    rows = {r.key: r for r in proposal_view(workspace, blank.id, "ja").schedule.rows}
    assert rows["build"].start == dt.date(2027, 1, 4) and rows["build"].start_text == "2027/01/04"
    ops.run(workspace, cc.edit_holidays_op(blank.id, {dt.date(2027, 1, 4): "年末年始"}))
    rows = {r.key: r for r in proposal_view(workspace, blank.id, "en").schedule.rows}
    assert rows["build"].start == dt.date(2027, 1, 5)
    answers.update(blank.id, "hearing.basics.poc_end", value="2199-12-31")  # the last date a plan holds
    rows = {r.key: r for r in proposal_view(workspace, blank.id, "ja").schedule.rows}
    assert rows["build"].start >= dt.date(2200, 1, 1)  # at the calendar's edge: a day after, never an error


def test_a_long_poc_keeps_the_timeline_narrow(workspace, blank) -> None:
    answers = AnswerService(workspace.db, workspace.library)
    answers.update(blank.id, "hearing.basics.poc_start", value="2026-01-05")
    answers.update(blank.id, "hearing.basics.poc_end", value="2027-06-30")
    schedule = proposal_view(workspace, blank.id, "ja").schedule
    assert len(schedule.columns) <= 26 and schedule.column_days == 21


def wbs_task(outline: str, phase: str, role: str, days: float | None, start: str, finish: str) -> PlanTask:
    return PlanTask(
        outline=outline, title=f"task {outline}", phase=phase, priority="must", completion_condition="",
        expected_output="", owner_role=role, owner_name="", estimate_days=days,
        start=dt.date.fromisoformat(start), finish=dt.date.fromisoformat(finish), milestone=False,
        status="not_started", agreed=False, level=outline.count(".") + 1,
    )  # fmt: skip


@pytest.fixture
def fake_wbs(monkeypatch):
    tasks: dict[int, list[PlanTask]] = {}
    monkeypatch.setattr(plan, "plan_tasks", lambda ws, project_id: tasks.get(project_id, []))
    return tasks


def test_effort_and_dates_come_from_the_wbs_when_there_is_one(workspace, blank, fake_wbs) -> None:
    fake_wbs[blank.id] = [
        wbs_task("1", "experiment", "mlops", None, "2026-04-13", "2026-05-08"),  # a parent: its children count
        wbs_task("1.1", "experiment", "mlops", 6, "2026-04-13", "2026-04-24"),
        wbs_task("1.2", "experiment", "ds", 1.5, "2026-04-20", "2026-05-08"),
        wbs_task("2", "ci", "mlops", 9, "2026-05-11", "2026-06-05"),
        wbs_task("3", "ci", "pm", 2, "2026-05-11", "2026-05-15"),  # neither role: not counted
    ]
    doc = with_effort(ProposalDoc(), proposal_content(workspace.library).template, 2, "mlops", 99)
    ProposalService(DocumentService(workspace.db)).save(blank.id, doc)
    view = proposal_view(workspace, blank.id, "en")
    assert view.effort.source == "wbs"
    by_task = {r.number: r.days for r in view.effort.rows}
    assert by_task[2] == {"mlops": 6.0, "ds": 1.5} and by_task[4] == {"mlops": 9.0, "ds": 0.0}
    assert view.effort.totals == {"mlops": 15.0, "ds": 1.5}
    rows = {r.key: r for r in view.schedule.rows}
    assert view.schedule.source == "wbs"
    assert (rows["2"].start, rows["2"].end) == (dt.date(2026, 4, 13), dt.date(2026, 5, 8))
    assert rows["0"].start is None and rows["0"].start_text == "TBD"


def test_a_task_in_a_phase_no_task_stands_for_is_counted_in_a_row_of_its_own(workspace, blank, fake_wbs) -> None:
    """Every MLOps and DS estimate of the WBS is in the table, so its totals are the WBS summary's: a phase the
    consultant typed (and one left blank) gets its own row, named as the WBS summary names it."""
    from app.proposal.render import render_html, render_markdown

    fake_wbs[blank.id] = [
        wbs_task("1", "experiment", "mlops", 6, "2026-04-13", "2026-04-24"),
        wbs_task("2", "PoC評価フェーズ", "mlops", 1, "2026-04-13", "2026-04-24"),
        wbs_task("3", "PoC評価フェーズ", "ds", 0.5, "2026-04-13", "2026-04-24"),
        wbs_task("4", "", "ds", 2, "2026-04-13", "2026-04-24"),
        wbs_task("5", "PoC評価フェーズ", "pm", 3, "2026-04-13", "2026-04-24"),  # neither role: in no column
        wbs_task("6", "運用準備", "mlops", None, "2026-04-13", "2026-04-24"),  # no estimate: no row of zeros
    ]
    for lang, unset in (("ja", "未設定"), ("en", "Not set")):
        view = proposal_view(workspace, blank.id, lang)
        assert view.effort.totals == {"mlops": 7.0, "ds": 2.5}
        extra = [(r.number, r.title, r.days) for r in view.effort.rows[6:]]
        assert extra == [(None, "PoC評価フェーズ", {"mlops": 1.0, "ds": 0.5}), (None, unset, {"mlops": 0.0, "ds": 2.0})]
        assert "| PoC評価フェーズ | 1 | 0.5 |" in render_markdown(view)
        assert "<td>PoC評価フェーズ</td>" in render_html(view)


def test_effort_overrides_and_their_checks(workspace) -> None:
    template = proposal_content(workspace.library).template
    doc = with_effort(ProposalDoc(), template, 4, "ds", 3.5)
    assert doc.effort == {"4": {"ds": 3.5}}
    assert with_effort(doc, template, 4, "ds", 1.5).effort == {}  # back to the template's value
    with pytest.raises(ValidationFailed):
        with_effort(doc, template, 4, "ds", -1)
    with pytest.raises(ValidationFailed):
        with_effort(doc, template, 4, "ds", float("nan"))


def test_rows_mix_library_and_custom_and_a_library_row_can_be_reworded(workspace, blank) -> None:
    content = proposal_content(workspace.library)
    rows = [
        ProblemRow(ref="ci.master_broken"),
        ProblemRow(ref="exp.how_to_run", countermeasure="READMEテンプレートを配る"),
        ProblemRow(problem="GPUの確保が間に合わない", countermeasure="CPUで小さく始める", phase=Phase.POC, task=2),
    ]
    ProposalService(DocumentService(workspace.db)).save(blank.id, ProposalDoc(rows=rows))
    problems = proposal_view(workspace, blank.id, "ja").problems
    assert [p.number for p in problems] == [1, 2, 3]
    assert problems[0].problem == content.library.get("ci.master_broken").problem.ja
    assert problems[1].countermeasure == "READMEテンプレートを配る"
    assert problems[2].custom and problems[2].task_label == "2. 実験環境構築"
    assert effective_rows(ProposalDoc(rows=[]), content) == []


def test_a_damaged_stored_proposal_is_reported_not_guessed(workspace, blank) -> None:
    DocumentService(workspace.db).put(blank.id, KIND, {"effort": {"9": {"mlops": 1}}})
    with pytest.raises(ValidationFailed, match="damaged"):
        proposal_view(workspace, blank.id, "ja")


def test_the_demo_has_a_realistic_proposal(workspace, demo) -> None:
    view = proposal_view(workspace, demo.id, "ja")
    assert "約3週間" in view.section("background").text and view.section("background").edited
    assert any(p.custom for p in view.problems) and len(view.problems) == 18
    assert view.effort.totals == {"mlops": 64.25, "ds": 11.0}  # from the demo WBS (its WBS task took two days more than planned)
    assert view.schedule.source == "wbs" and view.case["background"].startswith("ECサイト")
    scope = {i.item_id: i.status for level in view.scope for i in level.items}
    assert scope["hearing.scope.feature_store"] == "out" and scope["hearing.scope.ci"] == "now"


def test_building_the_view_needs_no_database(workspace, demo) -> None:
    inputs = gather_inputs(workspace, demo.id)
    workspace.db.close()
    doc = ProposalDoc(texts={"purpose": {"en": "offline"}})
    assert build_view(inputs, doc, "en").section("purpose").text == "offline"


def test_the_proposal_travels_with_the_project_file(workspace, demo, tmp_path) -> None:
    from app.projects import transfer
    path = transfer.export_file(workspace.db, demo.id, tmp_path / "demo.json")
    copy_id = transfer.import_file(workspace.db, path)
    original = ProposalService(DocumentService(workspace.db)).load(demo.id)
    assert ProposalService(DocumentService(workspace.db)).load(copy_id) == original
    assert proposal_view(workspace, copy_id, "ja").section("background").text == proposal_view(
        workspace, demo.id, "ja"
    ).section("background").text


def test_effort_typed_with_three_decimals_is_printed_as_typed_and_adds_up(workspace, blank) -> None:
    """0.125 person-days in three phases: each row says 0.125 and the total 0.375 (two decimals printed
    0.12 three times and a total of 0.38, which did not add up)."""
    from app.proposal.render import render_markdown

    template = proposal_content(workspace.library).template
    doc = ProposalDoc()
    for phase in (1, 2, 3):
        doc = with_effort(doc, template, phase, "ds", 0.125)
    ProposalService(DocumentService(workspace.db)).save(blank.id, doc)
    view = proposal_view(workspace, blank.id, "ja")
    text = render_markdown(view)
    assert text.count("0.125") >= 3 and "0.12 " not in text and "0.12|" not in text.replace(" ", ""), text
    rows = [line.split("|") for line in text.splitlines() if line.startswith("| ") and line.count("|") == 5]
    section = text[text.index("## 9."):text.index("## 10.")]
    table = [cells for cells in rows if "|".join(cells) in section]
    printed = [float(cells[3]) for cells in table[1:] if cells[3].strip() and "**" not in cells[3] and cells[3].strip().replace(".", "", 1).isdigit()]
    total = next(cells[3] for cells in table if "**" in cells[1])
    assert [cells[3].strip() for cells in table if cells[1].strip().startswith(("1.", "2.", "3."))] == ["0.125"] * 3
    assert float(total.strip(" *")) == sum(printed)  # the rows add up to the total as printed


def test_a_rewording_is_kept_per_language_and_a_single_text_stored_before_reads_as_both(workspace, blank) -> None:
    from app.core.operations import patch_document
    from app.proposal.rows import with_row_text
    from app.proposal.service import dump_doc

    library = proposal_content(workspace.library).library
    documents = DocumentService(workspace.db)
    stored = {"version": 1, "rows": [  # as the previous version stored them: one text for both languages
        {"ref": "collab.ds_vs_swe", "problem": "", "countermeasure": "旧版で言い換えた対策", "phase": None, "task": None},
        {"ref": None, "problem": "旧版の自分の課題", "countermeasure": "", "phase": "poc", "task": 2},
    ]}  # fmt: skip
    documents.put(blank.id, KIND, stored)
    doc = ProposalService(documents).load(blank.id)
    assert dump_doc(doc)["rows"] == stored["rows"]  # read as it was: no conflict with itself on the next save
    for lang in ("ja", "en"):
        shown = proposal_view(workspace, blank.id, lang).problems
        assert (shown[0].countermeasure, shown[1].problem) == ("旧版で言い換えた対策", "旧版の自分の課題")

    rows = [with_row_text(doc.rows[0], library, "countermeasure", "en", "Show the extra effort"), doc.rows[1]]
    patch_document(blank.id, KIND, dump_doc(doc), dump_doc(doc.model_copy(update={"rows": rows})))(workspace)
    ja, en = (proposal_view(workspace, blank.id, lang).problems for lang in ("ja", "en"))
    assert (ja[0].countermeasure, en[0].countermeasure) == ("旧版で言い換えた対策", "Show the extra effort")

    own = with_row_text(ProblemRow(phase=Phase.POC, task=2), library, "problem", "ja", "日本語だけの課題")
    reworded = with_row_text(ProblemRow(ref="collab.ds_vs_swe"), library, "countermeasure", "ja", "日本語の言い換え")
    assert (own.problem, reworded.countermeasure) == ({"ja": "日本語だけの課題"}, {"ja": "日本語の言い換え"})
    ProposalService(documents).save(blank.id, ProposalDoc(rows=[own, reworded]))
    en = proposal_view(workspace, blank.id, "en").problems
    assert en[0].problem == "日本語だけの課題"  # an own row typed in one language: that wording in the other
    assert en[1].countermeasure == library.get("collab.ds_vs_swe").countermeasure.en  # a library row: the library's
    back = with_row_text(reworded, library, "countermeasure", "ja", library.get("collab.ds_vs_swe").countermeasure.ja)
    assert back == ProblemRow(ref="collab.ds_vs_swe")  # the library's wording typed back: no override left

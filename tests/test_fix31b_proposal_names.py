"""fix31b: a text too long is named as the user sees it, never by the stored document's path: a cell of
the Proposal's problems table by its column and row (app/proposal/edits.check_texts), a text of a
project file by the document it is in and how it begins (app/projects/file_format.import_text_too_long)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.core.limits import TextTooLong
from app.projects import transfer
from app.projects.file_format import _said
from app.proposal.content import proposal_content
from app.proposal.edits import check_texts
from app.proposal.model import ProblemRow, ProposalDoc

LONG = "策" * 100_001


def _doc(*rows: ProblemRow) -> ProposalDoc:
    return ProposalDoc(rows=list(rows))


def test_a_too_long_countermeasure_is_named_by_its_column_and_row(workspace) -> None:
    template = proposal_content(workspace.library).template
    before = _doc(ProblemRow(problem="A"), ProblemRow(problem="B"))
    with pytest.raises(TextTooLong) as caught:
        check_texts(before, _doc(ProblemRow(problem="A"), ProblemRow(problem="B", countermeasure=LONG)), template)
    assert caught.value.text("ja").startswith("対策案(2 行目): 100,001 文字"), caught.value.text("ja")[:80]
    assert caught.value.text("en").startswith("Countermeasure, row 2: 100,001 characters"), caught.value.text("en")[:80]


def test_a_custom_rows_problem_too_long_is_named_and_one_stored_before_passes(workspace) -> None:
    template = proposal_content(workspace.library).template
    with pytest.raises(TextTooLong) as caught:
        check_texts(_doc(), _doc(ProblemRow(problem="課" * 100_001)), template)
    assert caught.value.text("ja").startswith("課題(1 行目)"), caught.value.text("ja")[:80]
    stored = _doc(ProblemRow(problem=LONG))  # stored before the limit: edits of the rest go on
    check_texts(stored, _doc(ProblemRow(problem=LONG, countermeasure="対策")), template)


def _exported(workspace, demo, tmp_path: Path) -> dict:
    out = transfer.export_file(workspace.db, demo.id, tmp_path / "project.json", workspace.library)
    return json.loads(out.read_text(encoding="utf-8"))


def test_a_project_file_with_a_too_long_proposal_problem_names_the_document(workspace, demo, tmp_path: Path) -> None:
    data = _exported(workspace, demo, tmp_path)
    proposal = next(d for d in data["documents"] if d["kind"] == "proposal")
    proposal["data"]["rows"] = [{"ref": None, "problem": "課" * 100_001, "countermeasure": ""}]
    path = tmp_path / "long.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(TextTooLong) as caught:
        transfer.import_file(workspace.db, path, workspace.library)
    ja, en = caught.value.text("ja"), caught.value.text("en")
    assert "文書「導入提案」" in ja and "rows[" not in ja and "documents[" not in ja, ja[:200]
    assert "too long" in en and "Kickoff proposal" in en, en[:200]


def test_a_key_holding_a_dot_is_no_crash_when_its_text_is_too_long(workspace, demo, tmp_path: Path) -> None:
    data = _exported(workspace, demo, tmp_path)
    data["documents"].append({"kind": "proposal2", "data": {"a.b[1]": "x" * 100_001}, "updated_at": None})
    path = tmp_path / "odd.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(TextTooLong) as caught:
        transfer.import_file(workspace.db, path, workspace.library)
    assert "documents[" not in caught.value.text("en"), caught.value.text("en")[:200]


def test_the_exports_refusal_names_a_document_by_its_label(workspace, demo, tmp_path: Path) -> None:
    data = _exported(workspace, demo, tmp_path)
    number = next(n for n, d in enumerate(data["documents"], start=1) if d["kind"] == "proposal")
    data["documents"][number - 1]["data"]["rows"] = [{"problem": "長い課題"}]
    part, text = _said(data, f"documents[{number}].data.rows[1].problem")
    assert (part.text("ja"), text) == ("文書「導入提案」", "長い課題")  # type: ignore[attr-defined]

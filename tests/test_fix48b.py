"""Fix round 48b: CRLF answers through the hearing sheet, list-like problem rows in the proposal,
over-long names kept from older project files."""

from __future__ import annotations

import json
from pathlib import Path

from app.hearing.answers import AnswerService
from app.hearing.sheet import export_hearing_sheet
from app.hearing.sheet_import import read_plan
from app.projects import transfer

BACKGROUND = "hearing.basics.background"


def _with_crlf(workspace, demo, tmp_path: Path) -> int:
    """The demo written to a project file whose background answer has Windows line endings, imported."""
    data = transfer.export_data(workspace.db, demo.id)
    entry = next(a for a in data["answers"] if a["item_id"] == BACKGROUND)
    entry["value"] = "一行目\r\n二行目\r\n三行目"
    data["project"]["uuid"] = "00000000-0000-4000-8000-000000000048"
    path = tmp_path / "crlf.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return transfer.import_file(workspace.db, path, workspace.library)


def test_untouched_sheet_of_a_crlf_answer_reads_back_unchanged(workspace, demo, tmp_path: Path) -> None:
    project_id = _with_crlf(workspace, demo, tmp_path)
    sheet = export_hearing_sheet(workspace, project_id, tmp_path / "hearing.xlsx", "ja")
    plan = read_plan(workspace, project_id, sheet)
    assert plan.changes == [] and plan.said == [], plan.describe("ja")


def _store_raw(workspace, project_id: int, item_id: str, **fields: object) -> None:
    """What an earlier version stored as it came (CRLF kept): written straight into the database."""
    from sqlalchemy import select

    from app.core.storage.models import Answer

    with workspace.db.session() as s:
        row = s.scalars(select(Answer).where(Answer.project_id == project_id, Answer.item_id == item_id)).one()
        for key, value in fields.items():
            setattr(row, key, value)


def test_untouched_sheet_of_answers_stored_with_crlf_reads_back_unchanged(workspace, demo, tmp_path: Path) -> None:
    service = AnswerService(workspace.db, workspace.library)
    rows = service.answers(demo.id)["hearing.prereq.data_sources"].value
    first_text = next(k for k, v in rows[0].items() if isinstance(v, str) and v and not v.isascii())
    rows[0][first_text] = rows[0][first_text] + "\r\n(CRLF の行)"
    _store_raw(workspace, demo.id, BACKGROUND, value="一行目\r\n二行目\r三行目", note="メモ1\r\nメモ2")
    _store_raw(workspace, demo.id, "hearing.prereq.data_sources", value=rows)
    sheet = export_hearing_sheet(workspace, demo.id, tmp_path / "hearing.xlsx", "ja")
    plan = read_plan(workspace, demo.id, sheet)
    assert plan.changes == [] and plan.said == [], plan.describe("ja")


def test_a_note_typed_in_the_sheet_on_a_crlf_answer_is_applied_not_held_back(workspace, demo, tmp_path: Path) -> None:
    from app.hearing.sheet_import import apply_plan
    from tests.test_hearing_sheet import fill

    _store_raw(workspace, demo.id, BACKGROUND, value="一行目\r\n二行目", note="前のメモ\r\n二行目")
    sheet = export_hearing_sheet(workspace, demo.id, tmp_path / "hearing.xlsx", "ja")
    filled = fill(sheet, tmp_path / "filled.xlsx", {BACKGROUND: {"note": "顧客のメモ"}})
    plan = read_plan(workspace, demo.id, filled)
    assert [(c.item_id, c.field) for c in plan.changes] == [(BACKGROUND, "note")], plan.describe("ja")
    assert apply_plan(workspace, plan) == 1 and plan.kept_meanwhile == []
    stored = AnswerService(workspace.db, workspace.library).answers(demo.id)[BACKGROUND]
    assert stored.note == "前のメモ\n二行目\n顧客のメモ"

def test_answers_typed_with_crlf_are_stored_with_lf(workspace, demo) -> None:
    service = AnswerService(workspace.db, workspace.library)
    service.update(demo.id, BACKGROUND, value="a\r\nb\rc", note="x\r\ny")
    stored = service.answers(demo.id)[BACKGROUND]
    assert (stored.value, stored.note) == ("a\nb\nc", "x\ny")


def test_a_crlf_guess_answered_with_the_same_text_is_confirmed_not_corrected(workspace, demo) -> None:
    from app.hearing import HypothesisState

    service = AnswerService(workspace.db, workspace.library)
    service.update(demo.id, BACKGROUND, value="仮の一行目\n二行目", as_hypothesis=True)
    _store_raw(workspace, demo.id, BACKGROUND, value="仮の一行目\r\n二行目",
               hypothesis_value={"value": "仮の一行目\r\n二行目", "later": None})
    service.update(demo.id, BACKGROUND, value="仮の一行目\n二行目")  # the same words, typed in the meeting
    assert service.answers(demo.id)[BACKGROUND].hypothesis_state == HypothesisState.CONFIRMED


# --- 2. a problem row's text reads the same in the proposal's Markdown, HTML and PDF

LIST_LIKE = ["- 箇条書きに見える", "1. 番号に見える", "* 星印", "+ プラス", "> 引用に見える", "# 見出しに見える", "・中黒", "• 丸"]


def _problems_cell_texts(page: str) -> list[str]:
    """The visible text of the problems table's cells, each line of a cell on its own."""
    import html as htmllib
    import re

    table = re.search(r'<table class="problems".*?</table>', page, re.S)
    assert table is not None
    assert not re.search(r"<(ul|ol|li|h\d|blockquote)\b", table.group()), table.group()
    cells = re.findall(r"<td[^>]*>(.*?)</td>", table.group(), re.S)
    return [htmllib.unescape(re.sub(r"<[^>]+>", "", part)).strip() for c in cells for part in re.split(r"<br\s*/?>", c)]


def test_list_like_problem_rows_read_as_typed_in_markdown_html_and_pdf(workspace, tmp_path: Path) -> None:
    import html as htmllib
    import re
    import shutil
    import subprocess

    import markdown

    from app.core.documents import DocumentService
    from app.core.projects import ProjectService
    from app.proposal.kinds import export_proposal
    from app.proposal.model import Phase, ProblemRow, ProposalDoc
    from app.proposal.service import ProposalService

    project = ProjectService(workspace.db).create("箇条書きの課題")
    typed = "\n".join(LIST_LIKE)
    doc = ProposalDoc(rows=[ProblemRow(problem=typed, countermeasure="- 対策\n2. 次の対策", phase=Phase.POC, task=1)])
    ProposalService(DocumentService(workspace.db)).save(project.id, doc)

    md = export_proposal(workspace, project.id, tmp_path / "p.md", "ja", {}).read_text(encoding="utf-8")
    rendered = markdown.markdown(md, extensions=["tables"])
    md_visible = htmllib.unescape(re.sub(r"<[^>]+>", "\n", rendered))
    page = export_proposal(workspace, project.id, tmp_path / "p.html", "ja", {}).read_text(encoding="utf-8")
    html_cells = _problems_cell_texts(page)
    for line in [*LIST_LIKE, "- 対策", "2. 次の対策"]:
        assert line in md_visible  # the Markdown export: literal text
        assert line in html_cells  # the HTML export: the same
    assert shutil.which("pdftotext")
    pdf = export_proposal(workspace, project.id, tmp_path / "p.pdf", "ja", {})
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    for line in ["- 箇条書きに見える", "1. 番号に見える", "・中黒"]:
        assert line in text, text


# --- 3. a project file's over-long attendee and session title (written before the check) are kept

def test_a_project_files_long_attendee_and_title_import_show_and_survive_the_dialog(workspace, demo, tmp_path: Path, qtbot, said) -> None:
    from app.hearing.minutes import minutes_markdown
    from app.hearing.sessions import SessionService
    from app.ui.hearing.dialogs import SessionDialog
    from app.ui.hearing.sessions_dialog import SessionsModel

    name, title = "出" * 201, "題" * 300
    data = transfer.export_data(workspace.db, demo.id)
    data["project"]["uuid"] = "00000000-0000-4000-8000-000000000049"
    session = data["sessions"][0]
    session["title"], session["attendees"] = title, ["佐藤", name]
    path = tmp_path / "long.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    project_id = transfer.import_file(workspace.db, path, workspace.library)

    sessions = SessionService(workspace.db)
    kept = sessions.get(project_id, session["number"])
    assert (kept.title, kept.attendees) == (title, ["佐藤", name])
    model = SessionsModel(sessions.summaries(project_id), "ja")  # Documents ▸ Sessions and minutes…
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == str(session["number"]))
    assert model.index(row, 2).data() == title and name in model.index(row, 3).data()
    minutes = minutes_markdown(workspace, project_id, session["number"], "ja")
    assert title in minutes and name in minutes
    # The file the app writes of it comes back whole (a copy of a copy).
    again = tmp_path / "again.json"
    transfer.export_file(workspace.db, project_id, again, workspace.library)
    data = json.loads(again.read_text(encoding="utf-8"))
    data["project"]["uuid"] = "00000000-0000-4000-8000-000000000050"
    again.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    copy_id = transfer.import_file(workspace.db, again, workspace.library)
    assert sessions.get(copy_id, session["number"]).attendees == ["佐藤", name]
    # The dialog (new sessions only) says a pasted 201-character name and keeps it in the form.
    dialog = SessionDialog(99)
    qtbot.addWidget(dialog)
    dialog.attendees.setPlainText(name)
    dialog.accept()
    assert dialog.result() != SessionDialog.DialogCode.Accepted and dialog.attendees.toPlainText() == name
    assert len(said) == 1 and "201" in said[0], said

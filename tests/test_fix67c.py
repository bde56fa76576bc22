"""Fix 67c: the edges the break-it tests of tests/test_breaker67c.py leave open.

- Every workbook with a page header of the project's name keeps it within Excel's 255 characters (the system plan's
  too, written by xlsxwriter, which drops a longer header with only a warning), cut between two characters.
- A proposed export file name stays within 255 bytes of UTF-8 (Linux, macOS), a flag never cut in half.
- The proposal's effort table stores what its box says (0 to 9999 person-days): more is refused naming the cell.
- A dataset name is unique: generated ones get _2, _3 (or datasetNN when the name has no letters); one typed equal to
  another row's is refused naming the other source, kept as a draft on the page.
- A negative retraining cost or business value stored by an older version: said unusable, left out, the project still
  exports.
- A PoC end before its start: said on the Hearing page (both fields named), in the proposal and in the wiki.
"""

from __future__ import annotations

import re
import zipfile

import pytest

from app.core.errors import FieldRefused, UserError, ValidationFailed
from app.core.files.safe_names import export_file_name, safe_stem
from app.core.files.xlsx_style import header_text
from app.proposal.content import proposal_content
from app.proposal.edits import MAX_EFFORT_DAYS, with_effort
from app.proposal.model import ProposalDoc
from tests.test_breaker67c import cli, ok

REGIONAL = range(0x1F1E6, 0x1F200)


def _headers(path) -> list[str]:
    """Every worksheet's page header as Excel reads it (XML entities undone)."""
    with zipfile.ZipFile(path) as book:
        found = []
        for name in book.namelist():
            if name.startswith("xl/worksheets/sheet"):
                xml = book.read(name).decode("utf-8")
                found += [m.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">") for m in re.findall(r"<oddHeader>([^<]*)</oddHeader>", xml)]
        return found


def test_header_text_is_cut_between_characters_never_mid_escape() -> None:
    for name in ("R&D" * 66, "&" * 200, "𠮷&" * 100, "あ" * 300):
        text = header_text("{0} ヒアリングシート", name)
        assert len(f"&L&A&C{text}".encode("utf-16-le")) // 2 <= 255
        assert text.endswith("… ヒアリングシート")
        body = text.removesuffix("… ヒアリングシート")
        assert not re.search(r"(?<!&)(&&)*&$", body), body[-10:]  # an even run of '&' at the cut: no half escape
    assert header_text("{0} hearing sheet", "R&D") == "R&&D hearing sheet"


def test_the_system_plan_workbook_header_of_a_long_r_and_d_name_fits_excels_255_characters(tmp_path) -> None:
    ok(cli(tmp_path, "project", "new", "R&D" * 66))
    ok(cli(tmp_path, "export", "system-plan", "--project", "1", "--out", str(tmp_path / "sp.xlsx")))
    headers = _headers(tmp_path / "sp.xlsx")
    assert headers and all(len(h.encode("utf-16-le")) // 2 <= 255 for h in headers), [len(h) for h in headers]
    assert all("R&&D" in h and "…" in h for h in headers)  # written, cut, not dropped by xlsxwriter


def test_an_export_name_of_flags_stays_within_255_bytes_and_keeps_whole_flags() -> None:
    for name in ("🇯🇵" * 35, "a" + "🇯🇵" * 35, "🚀" * 200, "長" * 200):
        for kind, suffix in (("proposal", ".pdf"), ("experiment-sheet", ".xlsx"), ("scaffold", "")):
            proposed = export_file_name(name, kind, suffix)
            assert len(proposed.encode("utf-8")) <= 255, (name[:3], kind, len(proposed.encode()))
            assert proposed.endswith(f"-{kind}{suffix}")
            stem = proposed.removesuffix(f"-{kind}{suffix}")
            assert sum(ord(c) in REGIONAL for c in stem) % 2 == 0
        assert len(safe_stem(name).encode("utf-8")) <= 180
    assert export_file_name("需要予測PoC", "proposal", ".pdf") == "需要予測PoC-proposal.pdf"
    assert safe_stem("長" * 60) == "長" * 60  # 60 kanji (180 bytes) still whole, as before


def test_the_effort_table_stores_what_its_box_says_and_refuses_more_naming_the_cell(workspace) -> None:
    template = proposal_content(workspace.library).template
    assert with_effort(ProposalDoc(), template, 2, "mlops", MAX_EFFORT_DAYS).effort == {"2": {"mlops": 9999.0}}
    for days in (10_000, 999_999_999, -1):
        with pytest.raises(FieldRefused) as refused:
            with_effort(ProposalDoc(), template, 2, "mlops", days)
        text = refused.value.text("ja", workspace.library)
        assert text.startswith("工数「2. ") and "範囲外です(0〜9999)" in text, text
    with pytest.raises(ValidationFailed):
        with_effort(ProposalDoc(), template, 2, "ds", float("nan"))
    assert isinstance(refused.value, UserError)


def _put_raw(tmp_path, item_id: str, value) -> None:
    """An answer as an older version stored it (before its item had a least), straight into the CLI's database."""
    import json
    import sqlite3

    with sqlite3.connect(tmp_path / "cli.sqlite3") as con:
        assert con.execute("UPDATE answers SET value = ? WHERE item_id = ?", (json.dumps(value), item_id)).rowcount == 1


def test_a_negative_business_value_is_refused_as_typed(tmp_path) -> None:
    ok(cli(tmp_path, "project", "new", "SP案件"))
    refused = cli(tmp_path, "hearing", "answer", "--project", "1", "--item", "system_planning.cost.business_value", "--value", "-1")
    assert refused.returncode == 2 and "期待されるビジネス価値" in refused.stderr and "Traceback" not in refused.stderr, refused.stderr


def test_negative_costs_an_older_version_stored_are_said_unusable_and_the_project_still_exports(tmp_path) -> None:
    ok(cli(tmp_path, "project", "new", "SP案件"))
    for item, value in (("retraining_cost", "1"), ("retraining_frequency", "毎日"), ("business_value", "1")):
        ok(cli(tmp_path, "hearing", "answer", "--project", "1", "--item", f"system_planning.cost.{item}", "--value", value))
    _put_raw(tmp_path, "system_planning.cost.retraining_cost", -5000)
    _put_raw(tmp_path, "system_planning.cost.business_value", -10)
    ok(cli(tmp_path, "export", "system-plan", "--project", "1", "--out", str(tmp_path / "sp.md")))
    plan = (tmp_path / "sp.md").read_text(encoding="utf-8").splitlines()
    warned = [line for line in plan if line.startswith("- ⚠")]
    assert any("再学習1回あたりのコスト「-5000」は0より小さい" in line for line in warned), warned
    assert any("期待されるビジネス価値(月額)「-10」は0より小さい" in line for line in warned), warned
    assert not [line for line in plan if line.startswith("| 正味の効果 |")]  # no value to weigh: no net benefit
    for kind, out in (("system-plan", "sp.xlsx"), ("hearing-sheet", "h.xlsx")):
        ok(cli(tmp_path, "export", kind, "--project", "1", "--out", str(tmp_path / out)))
    ok(cli(tmp_path, "project", "export", "1", "--out", str(tmp_path / "p.json")))
    ok(cli(tmp_path, "project", "import", str(tmp_path / "p.json")))


def test_generated_dataset_names_are_unique_and_keep_their_place() -> None:
    from app.environment.dataset_names import dataset_ids

    sources = [("売上データ_2024", "売上データ_2024"), ("在庫データ_2024", "在庫データ_2024"), ("顧客", "顧客"), ("2024_2", "2024_2")]
    assert dataset_ids(sources, {}) == ["2024", "2024_2", "dataset03", "2024_2_2"]
    assert dataset_ids(sources, {"顧客": "2024"}) == ["2024_2", "2024_3", "2024", "2024_2_2"]  # a typed name is kept, the others avoid it
    assert dataset_ids(sources[:2], {}) == dataset_ids(sources, {})[:2]  # a source added later changes none before it


def test_a_typed_dataset_name_of_another_row_is_refused_naming_it_and_kept_as_a_draft(qtbot, db_path, said) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QTableView

    from app.ui.hearing.drafts import drafts_of
    from tests.gui_helpers import close_window, environment_page, make_window, settle
    from tests.test_breaker47c import open_cell, stored_datasets

    window = make_window(qtbot, db_path, global_lang="ja")
    page = environment_page(window, qtbot, "data-ci")
    view = page.findChild(QTableView, "datasetsTable")
    column = page.datasets_model.columns.index("dataset_id")
    saved = stored_datasets(window)
    assert len({d.dataset_id for d in saved}) == len(saved) >= 2
    editor = open_cell(window, qtbot, view, 1, column)
    editor.setText(saved[0].dataset_id)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    settle(window)
    assert stored_datasets(window) == saved
    shown = page.problem_label.text()
    assert f"「{saved[0].dataset_id}」はデータセット「{saved[0].key}」の名前と同じです" in shown and saved[1].key in shown, shown
    assert drafts_of(window.state).get(window.state.project_id, f"data_ci:{page.datasets_model._key(1)}:dataset_id") is not None
    assert view.model().index(1, column).data() == saved[0].dataset_id  # what was typed, shown in its cell (marked)
    close_window(window)


def test_the_service_refuses_a_typed_dataset_name_of_another_row_generated_or_typed(workspace) -> None:
    from app.core.projects import ProjectService
    from app.environment.service import EnvironmentService
    from app.hearing.answers import AnswerService

    project = ProjectService(workspace.db).create("需要予測PoC", lang="ja")
    rows = [{"name": "売上データ_2024"}, {"name": "在庫データ_2024"}, {"name": "顧客マスタ"}]
    AnswerService(workspace.db, workspace.library).update(project.id, "hearing.prereq.data_sources", value=rows)
    service = EnvironmentService(workspace)
    assert [d.dataset_id for d in service.choices(project.id, "ja").datasets] == ["2024", "2024_2", "dataset03"]
    for key, name, other in (("在庫データ_2024", "2024", "売上データ_2024"), ("顧客マスタ", "2024_2", "在庫データ_2024")):
        with pytest.raises(FieldRefused) as refused:
            service.set_dataset(project.id, key, "dataset_id", name)
        assert refused.value.text("ja", workspace.library) == (
            f"データセット「{key}」のデータセット名: 「{name}」はデータセット「{other}」の名前と同じです"
            "(データセット名は保存先のフォルダー名になるため、ほかと違う名前にしてください)")
    service.set_dataset(project.id, "在庫データ_2024", "dataset_id", "stock_2024")
    service.set_dataset(project.id, "売上データ_2024", "dataset_id", "2024")  # its own name, typed: taken
    with pytest.raises(FieldRefused):
        service.set_dataset(project.id, "顧客マスタ", "dataset_id", "stock_2024")  # a typed one too
    assert [d.dataset_id for d in service.choices(project.id, "ja").datasets] == ["2024", "stock_2024", "dataset03"]


def test_a_poc_end_before_its_start_reads_alike_in_the_proposal_and_the_wiki_in_both_languages(tmp_path) -> None:
    ok(cli(tmp_path, "project", "new", "需要予測PoC"))
    for item, value in (("poc_start", "2027-04-01"), ("poc_end", "2027-03-31")):
        typed = cli(tmp_path, "hearing", "answer", "--project", "1", "--item", f"hearing.basics.{item}", "--value", value)
    assert typed.returncode == 0 and typed.stderr.startswith("⚠ PoC終了日(最終報告)「2027/03/31」がPoC開始日「2027/04/01」より前です"), typed.stderr
    said = {"ja": "PoC終了日(最終報告)「2027/03/31」がPoC開始日「2027/04/01」より前です",
            "en": "PoC end date (final report) (2027-03-31) is before PoC start date (2027-04-01)"}  # fmt: skip
    for lang in ("ja", "en"):
        ok(cli(tmp_path, "export", "proposal", "--project", "1", "--lang", lang, "--out", str(tmp_path / f"p-{lang}.md")))
        ok(cli(tmp_path, "export", "proposal", "--project", "1", "--lang", lang, "--out", str(tmp_path / f"p-{lang}.html")))
        ok(cli(tmp_path, "export", "wiki", "--project", "1", "--lang", lang, "--out", str(tmp_path / f"wiki-{lang}")))
        proposal = (tmp_path / f"p-{lang}.md").read_text(encoding="utf-8")
        poc_row = next(line for line in proposal.splitlines() if line.startswith(("| **PoCフェーズ**", "| **PoC** |")))
        assert ("2027/03/31 ⚠" if lang == "ja" else "2027-03-31 ⚠") in poc_row, poc_row
        assert f"⚠ {said[lang]}" in proposal
        assert said[lang] in (tmp_path / f"p-{lang}.html").read_text(encoding="utf-8")
        wiki = "\n".join(p.read_text(encoding="utf-8") for p in (tmp_path / f"wiki-{lang}").rglob("*.md"))
        assert said[lang] in wiki.replace("\\(", "(").replace("\\)", ")"), [line for line in wiki.splitlines() if "PoC" in line][:3]
    ok(cli(tmp_path, "hearing", "answer", "--project", "1", "--item", "hearing.basics.poc_end", "--value", "2028-03-31"))
    ok(cli(tmp_path, "export", "proposal", "--project", "1", "--lang", "ja", "--out", str(tmp_path / "fixed.md")))
    assert "⚠" not in (tmp_path / "fixed.md").read_text(encoding="utf-8")  # corrected: nothing said


def test_the_hearing_page_says_the_order_under_either_date_and_stops_once_corrected(qtbot, db_path, monkeypatch) -> None:
    from PySide6.QtWidgets import QLabel

    from tests.test_breaker56a import type_line
    from tests.test_breaker67c import blank
    from tests.test_nothing_lost_gui import open_item, stored

    window = blank(qtbot, db_path, monkeypatch)
    type_line(window, qtbot, "hearing.basics.poc_start", "2027/04/01")
    type_line(window, qtbot, "hearing.basics.poc_end", "2027/03/31")
    check = window.page("hearing").editor.findChild(QLabel, "answerCheck")
    assert check.isVisible() and "PoC終了日(最終報告)「2027/03/31」がPoC開始日「2027/04/01」より前です" in check.text(), check.text()
    assert str(stored(window, "hearing.basics.poc_end").value) == "2027-03-31"  # kept as typed
    open_item(window, qtbot, "hearing.basics.poc_start")
    check = window.page("hearing").editor.findChild(QLabel, "answerCheck")
    assert check.isVisible() and "PoC開始日" in check.text()
    type_line(window, qtbot, "hearing.basics.poc_end", "2028/03/31")
    assert not window.page("hearing").editor.findChild(QLabel, "answerCheck").isVisible()

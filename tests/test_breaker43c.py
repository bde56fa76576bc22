"""breaker43c: this session's newest changes, as a demanding Japanese MLOps consultant in the Japanese window
(widgets found by objectName): the widths a user gives table columns (OwnWidths), the wiki preview's 200-row
tables, the system plan worked out on a worker, the levelling preview's model, the hearing's status click and
仮説を確認 based on what the editor showed (two windows on one database), a red dataset cell whose source is renamed.

Tried and held:
- Data platform & CI, datasetsTable (①データセット名): a column dragged wider keeps its width over a save, an
  undo and a redo; dragged narrower, kept too; the other columns are fitted again as before;
- a double-click on a header edge fits the column once (as a spreadsheet's autofit) and that width is then kept;
- the wiki preview of a table of exactly 200 rows shows it whole with no note; 201 rows: 「…ほか 1 行(書き出した
  ページと Markdown 表示にはすべてあります)。」; 202: 「…ほか 2 行…」; in the English UI "… and 1 more row: ...
  have it." / "… and 2 more rows: ... have them all." (numerus forms right); a table inside a ~~~ code block is
  left whole; hostile data-source names (pipes, backticks, ``` and ~~~ at a line's start, "---", newlines) are
  escaped by the wiki's Markdown writer (\\|, \\`\\`\\`, &#126;&#126;&#126;, \\---, one line a cell), so
  no name can open a fence or look like a table's delimiter row to bounded_tables;
- System planning with 1,000 process rows (on a worker): volume typed 9 → 90 → 900 and a machine type changed
  in the process table: the plan shown, the capacity table and what is stored agree; Undo / Redo bring the plan
  back along; a machine type newly named is pinned into the project's prices once the plan is shown; a UI
  language switch while the plan is on the worker (build_plan held back) shows the newest plan on the new page,
  no error; the window closed while a plan is on the worker: no error report; exports read the database
  after the editor's flush, not the plan shown (read in the code);
- the levelling preview (MovesModel), read in the code, the .ts and test_level_preview_big (not run here):
  Japanese headers (タスク / 要員 / 変更前 / 変更後 / 理由), every row there, Ctrl+C copies the current cell
  as the QTableWidget did (QAbstractItemView's own);
- a status click in A over B's status set since: asked (breaker43b's tests), interview mode's number keys go
  through the same ItemEditor.set_status (read in the code);
- a red dataset cell's refusal follows its source's rename (test_dataset_draft_renamed covers it; a rename
  back by Undo or by the other window goes through the same _Table refresh path: read in the code, not run);
- not kept as tests (run while exploring): the UI language switch and the window closed while a 1,000-row plan
  was held on the worker (both said above as held).

Defects (strict xfails, each asserting what the user should get):
- the last column of the datasets table (ライセンス) dragged wider, when the table is wider than its pane (a
  scroll bar: the last column is not stretching), snaps back to its fitted width at the next save: OwnWidths
  never keeps the last column of a table whose stretchLastSection is on, stretching or not (the scope,
  schedule and locations tables' last columns go the same way by the code);
- a column dragged wider loses its width at a UI language switch (the pages are built anew and the widths the
  user gave are not carried over), although the README says a widened column keeps that width while you work
  and a language switch keeps the page, the project and the undo stack;
- 仮説を確認 in A while B had just marked the item 要フォロー (with a note why not to confirm yet): B's status is
  overwritten by 回答済 silently, no question asked (confirm_hypothesis checks only that the guess, value /
  later, is unchanged since shown, then sets status=answered whatever status is stored now).
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPushButton, QTableView, QTextBrowser

from app.environment.wiki_render import Wiki, WikiPage
from app.hearing.answers import AnswerService
from app.hearing.model import AnswerStatus, HypothesisState
from app.system_planning.operations import stored_doc
from app.ui.environment.wiki_preview import WikiPreview
from app.ui.translations import install_translations
from tests.gui_helpers import close_window, make_window, open_hearing_item, settle
from tests.test_breaker43b import KPI, asked, pid, seen, two  # noqa: F401 (fixtures: two windows, the dialogs asked)
from tests.test_nothing_lost_gui import open_item, stored
from tests.test_own_widths import drag_edge
from tests.test_ui_stalls42 import grown

PROCESSES = "system_planning.process_flow.processes"


def data_ci(window, qtbot, name: str = "datasetsTable") -> tuple[object, QTableView]:
    """The Data platform & CI page shown, its table ``name`` once filled."""
    window.show_page("data-ci")
    page = window.page("data-ci")
    qtbot.waitUntil(lambda: page.preview.page_list.count() > 0, timeout=5000)
    view = page.findChild(QTableView, name)
    qtbot.waitUntil(lambda: view.isVisible() and view.model().rowCount() > 0, timeout=5000)
    return page, view


def double_click_edge(view: QTableView, column: int) -> None:
    header = view.horizontalHeader()
    edge = header.sectionViewportPosition(column) + header.sectionSize(column) - 1
    QTest.mouseDClick(header.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(edge, header.height() // 2))


def save_a_cell(window, qtbot, view: QTableView, text: str) -> None:
    """A dataset name typed and saved: the page refreshes from the change (its columns fitted again)."""
    model = view.model()
    assert model.setData(model.index(0, 1), text)
    qtbot.waitUntil(lambda: model.index(0, 1).data() == text, timeout=3000)
    settle(window)


# --- held -------------------------------------------------------------------------------------------


def test_widths_dragged_narrower_and_double_clicked_are_kept_over_saves_undo_and_redo(qtbot, db_path, said) -> None:
    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        _page, view = data_ci(window, qtbot)
        header = view.horizontalHeader()
        assert view.model().headerData(1, Qt.Orientation.Horizontal) == "①データセット名"
        drag_edge(view, 3, -120)  # 保存先, narrower
        qtbot.waitUntil(lambda: header.sectionSize(3) < 300, timeout=2000)
        narrowed = header.sectionSize(3)
        drag_edge(view, 1, 150)
        double_click_edge(view, 1)  # fitted again by the user, once
        qtbot.wait(20)
        fitted = header.sectionSize(1)
        save_a_cell(window, qtbot, view, "images_2024")
        window.undo_action.trigger()
        settle(window)
        window.redo_action.trigger()
        settle(window)
        assert view.model().index(0, 1).data() == "images_2024"
        assert (header.sectionSize(3), header.sectionSize(1)) == (narrowed, fitted)
        assert not said
    finally:
        close_window(window)


@pytest.mark.parametrize(("lang", "one", "two_more"), [
    ("ja", "…ほか 1 行(書き出したページと Markdown 表示にはすべてあります)。", "…ほか 2 行"),
    ("en", "… and 1 more row: the exported page and the Markdown view have it.", "… and 2 more rows: the exported page and the Markdown view have them all."),
])  # fmt: skip
def test_the_preview_note_of_200_201_202_rows_and_a_table_in_a_tilde_fence(qtbot, qapp, lang, one, two_more) -> None:
    def table(rows: int, first: str) -> list[str]:
        return ["| 名前 | 担当 |", "|---|---|", *(f"| {first}{n} | 担当{n} |" for n in range(rows))]

    install_translations(qapp, lang)
    try:
        for rows, note in ((200, None), (201, one), (202, two_more)):
            preview = WikiPreview()
            qtbot.addWidget(preview)
            fenced = ["~~~", *table(300, "code"), "~~~"]
            text = "\n".join(["# データ基盤", "", *table(rows, "src"), "", *fenced, "", "おわり"])
            preview.show_wiki(Wiki("wiki", "mkdocs", WikiPage("data_platform", "データ基盤", "data_platform", text), []))
            shown = preview.findChild(QTextBrowser, "wikiPreview").toPlainText()
            assert "src199" in shown and "src200" not in shown and "code299" in shown  # a code block is never cut
            notes = [line for line in shown.splitlines() if "more row" in line or "ほか" in line]
            assert (notes[0].startswith(note) if note else not notes), notes
    finally:
        install_translations(qapp, "en")


def test_a_1000_row_plan_typed_into_follows_what_is_stored_through_undo_and_redo(qtbot, demo, workspace, db_path, said) -> None:
    answers = AnswerService(workspace.db, workspace.library)
    answers.update(demo.id, PROCESSES, value=grown(answers.answer(demo.id, PROCESSES).value))
    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        editor = open_hearing_item(window, qtbot, PROCESSES)
        page = window.page("system-planning")
        settle(window)
        model = editor.editors["value"].model
        columns = [c.id for c in model.columns]
        for volume in ("9", "90", "900"):
            model.setData(model.index(0, columns.index("volume")), volume)
        model.setData(model.index(0, columns.index("instance_type")), "m6i.xlarge")
        settle(window)
        spec = page.plan.processes[0].result.spec
        row = answers.answer(demo.id, PROCESSES).value[0]
        assert (spec.volume, spec.instance_type) == (row["volume"], row["instance_type"]) == (900, "m6i.xlarge")
        capacity = page.capacity.model
        assert capacity.index(0, 2).data() == "m6i.xlarge"
        assert "m6i.xlarge" in [p["instance"] for p in stored_doc(window.state.workspace, demo.id)["prices"]]  # pinned
        window.undo_action.trigger()
        settle(window)
        assert page.plan.processes[0].result.spec.instance_type == answers.answer(demo.id, PROCESSES).value[0]["instance_type"] == "g4dn.xlarge"
        window.redo_action.trigger()
        settle(window)
        assert page.plan.processes[0].result.spec.instance_type == "m6i.xlarge" and capacity.index(0, 2).data() == "m6i.xlarge"
        assert not said
    finally:
        close_window(window)


# --- defects ----------------------------------------------------------------------------------------


def test_the_last_column_dragged_wider_keeps_its_width_over_a_save(qtbot, db_path, said) -> None:
    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        _page, view = data_ci(window, qtbot)
        header = view.horizontalHeader()
        last = header.count() - 1
        assert view.model().headerData(last, Qt.Orientation.Horizontal) == "ライセンス"
        assert header.length() > view.viewport().width()  # a scroll bar: the last column is not stretching
        before = header.sectionSize(last)
        drag_edge(view, last, 90)
        qtbot.waitUntil(lambda: header.sectionSize(last) >= before + 80, timeout=2000)
        widened = header.sectionSize(last)
        save_a_cell(window, qtbot, view, "images_2024")
        assert header.sectionSize(last) == widened, (before, widened, header.sectionSize(last))
    finally:
        close_window(window)


def test_a_widened_column_keeps_its_width_over_a_language_switch(qtbot, db_path, said) -> None:
    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        _page, view = data_ci(window, qtbot)
        header = view.horizontalHeader()
        before = header.sectionSize(1)
        drag_edge(view, 1, 150)
        qtbot.waitUntil(lambda: header.sectionSize(1) >= before + 130, timeout=2000)
        widened = header.sectionSize(1)
        window.set_ui_lang("en")
        settle(window)
        _page, view = data_ci(window, qtbot)
        assert view.model().headerData(1, Qt.Orientation.Horizontal) != "①データセット名"  # the English page
        assert view.horizontalHeader().sectionSize(1) == widened, (before, widened, view.horizontalHeader().sectionSize(1))
    finally:
        close_window(window)


def test_confirming_a_hypothesis_over_the_colleagues_follow_up_set_since_is_asked(two, qtbot, asked, said) -> None:  # noqa: F811
    a, b = two
    b.state.answers.update(pid(b), KPI, value="回遊率 +5%(仮説)", as_hypothesis=True)
    seen(a)
    editor = open_item(a, qtbot, KPI)
    assert stored(a, KPI).hypothesis_state == HypothesisState.HYPOTHESIS
    b.state.answers.update(pid(b), KPI, status="follow_up", note="佐藤: 部長に再確認するまで確定しない")  # A has not looked since
    editor.findChild(QPushButton, "confirmHypothesisButton").click()  # the customer nods at the guess on A's screen
    settle(a)
    now = stored(a, KPI)
    told = editor.error_label.text() if editor.error_label.isVisible() else ""
    assert asked or told or now.status == AnswerStatus.FOLLOW_UP, (now.status, now.hypothesis_state, said)

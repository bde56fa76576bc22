"""breaker47e: the WBS travelling between a Japanese consultant and a customer (README "1 WBS", "Exports",
"Agreement baselines, sign-off and suspect links", "Command line"); the demo, scratch under /tmp/breaker47e/.

Tried: the Excel WBS exported (CLI ``export wbs``, the Exports page in the Japanese window, a file name typed without
suffix), edited with openpyxl and once more saved through ``soffice --headless --convert-to xlsx``, imported back
(CLI ``import wbs`` --dry-run / --yes, the WBS page's import dialog in Japanese with Apply, Cancel and the conflict
tick); dates 2027/1/5, 令和9年1月5日, 2027年1月5日, R9.1.5, full-width, a serial, 1月5日, 来週, a formula; estimates
「３人日」, 3日, ３．５, 三人日, 1,000, -1, =2*3; predecessors 3.10, 3.10 + 1.1, 3.1 (a cycle), 3.99, =A1, ３．１; titles and
conditions =A1, @SUM, -2+3, =HYPERLINK, a 40,000-character cell (written into the xlsx XML) and 82 of them with 300
new rows; a title changed, a task added at the bottom (with and without a code), a row deleted, a row copied with its
hidden id, a task deleted in the app meanwhile (and a predecessor naming its old code after renumbering), the same
task changed in the app meanwhile (a conflict), the file imported twice, a sheet of another project (a second demo),
a sheet renamed, a column inserted / deleted / its heading renamed / two columns swapped, a sort by priority, a note
typed in the Gantt area; MS Project XML and the tracker CSV (--bom) of the plan read back; an agreement baseline made,
signed twice, the plan changed by an import after sign-off, diffed (md / xlsx), the summary sheet's signed baseline;
undo and redo of the import in the window, of an import after a second window edited an imported task and added a
sub-task under an imported row, of a baseline create.

Held: every typed date above but 1月5日 / 来週 / a formula is read (those are refused whole, in Japanese, naming row,
column and value, nothing changed); 「３人日」, ３．５ and 3日 read; 3.10 kept apart from 3.1 (the code and predecessor
columns are text-formatted to the bottom of the sheet, so Excel keeps a typed 3.10); a cycle, an unknown code, a
formula in a date / estimate / predecessor / status cell refused in Japanese; a formula in a text cell imported as its
text and written as text in Excel, with a leading apostrophe in the CSV (no cell starting = + - @ there) and as typed
in MS Project; a copied row with its hidden id refused with how to fix it; a deleted row kept and said; a task
deleted in the app meanwhile skipped and said; predecessors in new rows read by the sheet's codes, not the app's
renumbered ones; conflicts listed in the CLI and the dialog (app value, sheet value, a tick), the app's kept unless
ticked, the tick applied, Undo / Redo exact; the second import of one file changes nothing; another project's sheet
refused; a LibreOffice-saved copy imports exactly as the openpyxl one (same preview, same stored tasks); a deleted or
renamed column heading is said and the app's values kept; a 40,000-character cell imported whole, exported cut with …,
and a later sheet leaves it whole; 82 such cells + 300 new rows: preview 0.8 s, undo 0.2 s (no freeze); Undo of the
import after the other window touched imported tasks is refused and said in Japanese; the Exports page's report and
every window message Japanese; baseline create / sign, diff, the 集計 sheet's 「キックオフ合意」 … 合意(…) line, Undo /
Redo of a baseline create; 𠮷田 intact in the CSV and the XML.

Noted, not filed: a WBS sheet whose tab the customer renamed is refused (「WBS のシート「WBS」がありません」), where a
hearing sheet's renamed main sheet is read; text typed into the Gantt week area is dropped without a word (as the
added column below); a leading tab in a cell is trimmed on import; 82 identical 40,000-character cells trip the
zip-bomb guard (ratio 180:1), realistic text does not.

Broke (strict xfails first, each fixed since: cut cells listed in the export report, a tick in the sheet sets the agreement moment, a column the customer added said as not imported):
- test_wbs_export_report_says_a_completion_condition_cut_at_the_cell_limit: the WBS workbook cuts a 40,000-character
  completion condition at 32,767 with …, and the export report (CLI --report, the page's exportReport) does not say so,
  unlike the hearing sheet's.
- test_a_task_agreed_in_the_customers_sheet_turns_suspect_when_its_answer_changes_after_the_import: 顧客合意 ticked in
  the customer's sheet and imported records no agreed_at (app/wbs/files/sheet_plan.py sets agreed_on only), so the
  hearing answer it was built on, changed right after the import, leaves the task not suspect until midnight (a tick in
  the window makes it suspect at once: test_held_a_task_ticked_in_the_app_turns_suspect_at_once).
- test_a_column_the_customer_added_is_said_not_to_be_imported: a column 「顧客コメント」 inserted by the customer, with
  typed comments, is dropped silently: the preview lists neither a change nor an ignored column.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from app.main import main


def cli(capsys, *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    try:
        code = main(list(args))
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    out = capsys.readouterr()
    return code, out.out, out.err


def export_wbs(capsys, db_path: Path, out: Path, project: str = "1") -> Path:
    code, _o, err = cli(capsys, "--db", str(db_path), "--lang", "ja", "export", "wbs", "--project", project, "--out", str(out))
    assert code == 0, err
    return out


def edit(src: Path, dst: Path, change) -> Path:
    wb = openpyxl.load_workbook(src)
    change(wb["WBS"])
    wb.save(dst)
    return dst


def test_wbs_export_report_says_a_completion_condition_cut_at_the_cell_limit(workspace, demo, db_path, capsys, tmp_path) -> None:
    """A 40,000-character completion condition (imported from a sheet, or pasted) is kept whole by the app, and the
    workbook shows it cut at Excel's cell limit with …: the export's report (README "What each export could not
    carry") must say so, as the hearing sheet's report does for an answer cut there."""
    import json

    from app.wbs.service import WbsService

    service = WbsService(workspace.db)
    task = next(t for t in service.tasks(demo.id) if t.title == "1. 受領データの取り扱い")
    service.update(demo.id, [task.id], completion_condition="え" * 40_000)
    out, report = tmp_path / "w.xlsx", tmp_path / "r.json"
    code, _o, err = cli(capsys, "--db", str(db_path), "--lang", "ja", "export", "wbs", "--project", str(demo.id),
                        "--out", str(out), "--report", str(report))
    assert code == 0, err
    cell = next(c.value for c in openpyxl.load_workbook(out)["WBS"]["M"] if isinstance(c.value, str) and c.value.startswith("ええ"))
    assert cell.endswith("…") and len(cell) == 32_767  # the workbook cut it, as promised
    dropped = json.loads(report.read_text(encoding="utf-8"))["dropped"]
    assert any("完了条件" in d["label"] or "32,767" in d["why"] for d in dropped), dropped


GPU_TASK, GPU_ITEM = "3.13", "hearing.prereq.env_gpu"  # 学習リソース(GPU)の見積もり, from the GPU answer (now: yes)


def test_a_task_agreed_in_the_customers_sheet_turns_suspect_when_its_answer_changes_after_the_import(workspace, demo, db_path, capsys, tmp_path) -> None:
    """README: an item generated from hearing answers, once agreed (a task ticked 顧客合意, at that moment), turns suspect
    when one of its answers changes later. The customer ticks 顧客合意 in the Excel WBS, the consultant imports it, and
    then the GPU answer changes in the meeting: the task must be listed in Suspect Links (as it is when ticked in the
    window: the second half of this test)."""
    from app.hearing.answers import AnswerService
    from app.projects import suspects
    from app.wbs.service import WbsService

    service = WbsService(workspace.db)
    tree = service.tree(demo.id)
    task = tree.tasks[tree.by_code()[GPU_TASK]]
    assert not task.agreed and any(a.get("item") == GPU_ITEM for a in task.origin.answers)
    out = export_wbs(capsys, db_path, tmp_path / "w.xlsx", str(demo.id))

    def tick(sheet) -> None:
        row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value == GPU_TASK)
        sheet.cell(row, 15).value = "はい"

    edit(out, tmp_path / "e.xlsx", tick)
    code, said, err = cli(capsys, "--db", str(db_path), "--lang", "ja", "import", "wbs", str(tmp_path / "e.xlsx"), "--project", str(demo.id), "--yes")
    assert code == 0 and "顧客合意: いいえ → はい" in said, err
    AnswerService(workspace.db, workspace.library).update(demo.id, GPU_ITEM, value="no")
    found = [s.dependent.task_id for s in suspects.suspects(workspace, demo.id)]
    assert task.id in found, "the task the customer agreed in the sheet is not suspect after its answer changed"


def test_held_a_task_ticked_in_the_app_turns_suspect_at_once(workspace, demo) -> None:
    from app.hearing.answers import AnswerService
    from app.projects import suspects
    from app.wbs.service import WbsService

    service = WbsService(workspace.db)
    tree = service.tree(demo.id)
    task = tree.tasks[tree.by_code()[GPU_TASK]]
    service.update(demo.id, [task.id], agreed=True)
    AnswerService(workspace.db, workspace.library).update(demo.id, GPU_ITEM, value="no")
    assert task.id in [s.dependent.task_id for s in suspects.suspects(workspace, demo.id)]


def test_a_column_the_customer_added_is_said_not_to_be_imported(workspace, demo, db_path, capsys, tmp_path) -> None:
    """README (import wbs): the preview lists every change, and `- ignored` what it does not do, with why. The customer
    inserts a column 「顧客コメント」 beside the title and types a comment for a task (and renames that task): the title is
    read, but the comment is lost without the preview saying that column is not imported."""
    out = export_wbs(capsys, db_path, tmp_path / "w.xlsx", str(demo.id))

    def comment(sheet) -> None:
        sheet.insert_cols(3)
        sheet.cell(1, 3).value = "顧客コメント"
        sheet.cell(20, 3).value = "ここは弊社の情シスと要相談(来週回答)"
        sheet.cell(20, 2).value = "受領データの取り扱い(顧客修正)"

    edit(out, tmp_path / "e.xlsx", comment)
    workspace.close()
    code, said, err = cli(capsys, "--db", str(db_path), "--lang", "ja", "import", "wbs", str(tmp_path / "e.xlsx"),
                          "--project", str(demo.id), "--dry-run")
    assert code == 0, err
    assert "受領データの取り扱い(顧客修正)" in said  # the title is read
    assert "顧客コメント" in said + err, said  # the comment column is said not to be imported


@pytest.mark.parametrize(("col", "typed", "read"), [
    (9, "2027/1/5", "2027/01/05"), (9, "令和9年1月5日", "2027/01/05"), (9, "2027年1月5日", "2027/01/05"),
    (9, "２０２７／１／５", "2027/01/05"), (9, "R9.1.5", "2027/01/05"),
    (8, "３人日", "0.5 → 3"), (8, "３．５", "0.5 → 3.5"), (12, "3.10", "3.1.1 → 3.10"), (2, "=A1", "→ =A1"),
])
def test_held_values_a_customer_types_are_read(workspace, demo, db_path, capsys, tmp_path, col, typed, read) -> None:
    out = export_wbs(capsys, db_path, tmp_path / "w.xlsx", str(demo.id))
    edit(out, tmp_path / "e.xlsx", lambda sheet: setattr(sheet.cell(21, col), "value", typed))  # row 21: 3.1.2
    code, said, err = cli(capsys, "--db", str(db_path), "--lang", "ja", "import", "wbs", str(tmp_path / "e.xlsx"),
                          "--project", str(demo.id), "--dry-run")
    assert code == 0 and "変更 1 件" in said and read in said, (said, err)


@pytest.mark.parametrize("typed", ["1月5日", "来週", "=I19+3"])
def test_held_a_text_date_is_refused_whole_in_japanese(workspace, demo, db_path, capsys, tmp_path, typed) -> None:
    out = export_wbs(capsys, db_path, tmp_path / "w.xlsx", str(demo.id))
    edit(out, tmp_path / "e.xlsx", lambda sheet: setattr(sheet.cell(20, 9), "value", typed))
    code, said, err = cli(capsys, "--db", str(db_path), "--lang", "ja", "import", "wbs", str(tmp_path / "e.xlsx"),
                          "--project", str(demo.id), "--yes")
    assert code == 2 and said == "" and f"20 行目: 開始日: 「{typed}」は日付ではありません" in err and "何も変更していません" in err

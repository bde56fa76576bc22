"""breaker30b: this round's changes tried as a demanding Japanese user: the cost estimate's worked
arithmetic (rates with decimals, a retraining cost below the currency's unit), the Excel WBS's cells
compared in written form (a literal "_x000D_" typed in a task, a text past Excel's limit counted in
UTF-16 as Excel counts it), the hearing sheet's cut answers, and a non-UTF-8 database path.

Each test is a defect found, a strict xfail until it is fixed (the reason says what the user sees)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import openpyxl

from app.core.kinds import run_export
from app.hearing.answers import AnswerService
from app.hearing.kinds import EXPORTS
from app.system_planning.cost_estimate import estimate
from app.wbs.files.sheet import COLUMNS
from app.wbs.files.sheet_import import apply_plan, read_plan
from app.wbs.files.xlsx import export_wbs_xlsx
from app.wbs.service import WbsService

REPO = Path(__file__).resolve().parents[1]
JAPANESE = re.compile(r"[ぁ-んァ-ヶ一-龥]")


# --- the cost estimate: every worked product adds up as printed ---------------------------------------


def number(text: str) -> Decimal:
    """A figure as printed: "1,000.00 USD", "(730 ÷ 168)", "151.24"."""
    text = text.strip()
    if text.startswith("("):
        a, b = text.strip("()").split("÷")
        return number(a) / number(b)
    return Decimal(text.split()[0].replace(",", ""))


def adds_up(worked: str) -> bool:
    """``a × b = c`` as printed: a × b rounded to c's decimals is c."""
    left, right = worked.split("=")
    a, b = left.split("×")
    shown = right.strip().split()[0].replace(",", "")
    places = len(shown.split(".")[1]) if "." in shown else 0
    return round(number(a) * number(b), places) == Decimal(shown)


def worked(summary, key: str) -> str:
    return next(f.worked for f in summary.formulas if f.key == key)


def test_a_conversion_at_a_rate_with_more_decimals_adds_up_as_printed() -> None:
    yen = estimate([], "JPY", {"USD": 151.235}, capacity_monthly=1000, capacity_currency="USD")
    dollars = estimate([], "USD", {"JPY": 0.006734}, capacity_monthly=100_000, capacity_currency="JPY")
    assert adds_up(worked(yen, "capacity_converted")), worked(yen, "capacity_converted")
    assert adds_up(worked(dollars, "capacity_converted")), worked(dollars, "capacity_converted")


def test_a_retraining_cost_with_fractions_of_a_unit_adds_up_as_printed() -> None:
    dollars = estimate([], "USD", {}, retraining_frequency="weekly", retraining_cost="10.005")
    yen = estimate([], "JPY", {}, retraining_frequency="daily", retraining_cost="1000.4")
    assert adds_up(worked(dollars, "retraining")), worked(dollars, "retraining")
    assert adds_up(worked(yen, "retraining")), worked(yen, "retraining")


# --- the Excel WBS: cells compared in written form ------------------------------------------------------


def col(key: str) -> int:
    return next(n for n, c in enumerate(COLUMNS, start=1) if c.key == key)


def leaf(workspace, project_id: int):
    return next(t for t in WbsService(workspace.db).tasks(project_id) if t.parent_id is not None)


def notes_cell(path: Path, uid: int):
    book = openpyxl.load_workbook(path)
    sheet = book["WBS"]
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, col("task_id")).value == uid)
    return book, sheet.cell(row, col("notes"))


LITERAL = "xlsx の中では改行が _x000D_ と書かれる(仕様メモ)"


def edit_as_excel_does(path: Path, old: str, new: str) -> None:
    """Change the WBS sheet's cell showing ``old`` to ``new`` as Excel writes a text: a shared string
    with an underscore starting ``_xHHHH_`` escaped as ``_x005F_`` (the meta sheet's copy of the text,
    the same shared string, stays). openpyxl cannot stand in for Excel here: it saves a typed
    ``_x000D_`` unescaped, which by the file format (and to Excel) is a carriage return."""
    import zipfile

    def escaped(text: str) -> str:
        return text.replace("_x", "_x005F_x")

    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    table = parts["xl/sharedStrings.xml"].decode()
    strings = re.findall(r"<si>(.*?)</si>", table, re.S)
    index = strings.index(f"<t>{escaped(old)}</t>")
    table = table.replace("</sst>", f"<si><t>{escaped(new)}</t></si></sst>")
    table = re.sub(r'uniqueCount="\d+"', f'uniqueCount="{len(strings) + 1}"', table)
    parts["xl/sharedStrings.xml"] = table.encode()
    sheet = parts["xl/worksheets/sheet1.xml"].decode()  # the WBS sheet, written first
    edited = re.sub(rf'(<c r="[A-Z]+[0-9]+"[^>]*t="s"[^>]*><v>){index}(</v>)', rf"\g<1>{len(strings)}\g<2>", sheet, count=1)
    assert edited != sheet
    parts["xl/worksheets/sheet1.xml"] = edited.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def test_a_literal_x000d_typed_in_a_task_is_read_back_as_typed(workspace, demo, tmp_path: Path) -> None:
    task = leaf(workspace, demo.id)
    WbsService(workspace.db).update(demo.id, [task.id], notes=LITERAL)
    out = export_wbs_xlsx(workspace, demo.id, tmp_path / "wbs.xlsx", "ja")
    untouched = read_plan(workspace, demo.id, out)
    assert (untouched.kept, untouched.changed, untouched.added) == (0, [], [])
    edit_as_excel_does(out, LITERAL, "【確認済】" + LITERAL)
    plan = read_plan(workspace, demo.id, out)
    assert plan.conflicts == [], plan.describe("ja")
    apply_plan(workspace, plan, "sheet")
    assert WbsService(workspace.db).tree(demo.id).tasks[task.id].notes == "【確認済】" + LITERAL


EMOJI = "📦" * 20_000  # 20,000 characters, 40,000 UTF-16 units: past an Excel cell (Excel counts UTF-16)


def test_a_task_text_past_excels_limit_in_utf16_is_cut_with_the_mark(workspace, demo, tmp_path: Path) -> None:
    task = leaf(workspace, demo.id)
    WbsService(workspace.db).update(demo.id, [task.id], notes=EMOJI)
    out = export_wbs_xlsx(workspace, demo.id, tmp_path / "wbs.xlsx", "ja")
    _book, cell = notes_cell(out, task.uid)
    assert cell.value.endswith("…"), (len(cell.value), cell.value[-3:])
    assert read_plan(workspace, demo.id, out).kept == 0


# --- the hearing sheet: answers past Excel's limit ------------------------------------------------------


def test_a_hearing_answer_past_excels_limit_in_utf16_is_named_in_the_report(workspace, demo, tmp_path: Path) -> None:
    item = "hearing.basics.background"  # 背景・課題
    AnswerService(workspace.db, workspace.library).update(demo.id, item, value=EMOJI)
    kind = next(k for k in EXPORTS if k.name == "hearing-sheet")
    report = run_export(kind, workspace, demo.id, tmp_path / "sheet.xlsx", "ja", {})
    sheet = openpyxl.load_workbook(tmp_path / "sheet.xlsx")["ヒアリングシート"]
    cells = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str) and "📦" in c.value]
    assert all(len(v.encode("utf-16-le")) // 2 <= 32_767 for v in cells), [len(v) for v in cells]
    assert "背景・課題" in report.line("ja"), report.line("ja")


# --- the command line: a database path that is no UTF-8 text --------------------------------------------


def test_a_non_utf8_database_path_in_the_environment_is_said_as_bytes(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "MLOPS_KICKOFF_DB"}
    env |= {
        "MLOPS_KICKOFF_HOME": str(tmp_path),
        "MLOPS_KICKOFF_SETTINGS": str(tmp_path / "settings.ini"),
        "MLOPS_KICKOFF_DB": os.fsdecode(os.fsencode(str(tmp_path)) + b"/\xff x.db"),
        "PYTHONPATH": str(REPO),
        "QT_QPA_PLATFORM": "offscreen",
    }
    result = subprocess.run([sys.executable, "-m", "app", "--lang", "ja", "projects", "list"],
                            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr[-800:]
    line = result.stderr.strip()
    assert JAPANESE.search(line) and "\\udc" not in line and "\\xff" in line, line
    assert "UTF-8" in line, line

"""breaker36a: the system plan's figures (fix35a), the instance catalogue's and the exchange rates' bounds, the
Gantt's and the Excel WBS's year labels, the Projects dialog and the project file's times (fix34a), tried as a
demanding Japanese MLOps consultant would, on the Japanese demo.

Tried: ``export system-plan`` (md ja/en, xlsx ja) of the demo with batch runs of 0.005 h, 0.0049 h, 1e-9 h,
23.999 h and 24 h, weekly/hourly batches, 10,000 instances (batch and online), prices with 6 decimals, a USD rate
of 149.87654321987, a EUR row with a stored rate of 0.00005, a stored rate of 1e300; the workbook recalculated by
LibreOffice (soffice --headless --convert-to xlsx) and read back with openpyxl data_only, compared cell by cell
with what the app wrote; rates typed at 0.00009999, 0.0001, 1e12, 1e12 + 1, 「1,000,000,000,001」, 「１e13」; the
instance catalogue dialog in the Japanese window (a price of 1,000,000,000,000.5, 12.345678, 0.5) and a user
catalogue file holding a price of 1e308 (window start, status bar, the dialog, Save); a project file with every
time field (answers and their history, documents, sessions, WBS tasks, the project, exported_at) at
+09:00, 2200-01-01Z, 1899-12-31T23:00-01:00, 0001-01-01, 2026-13-01 and 12345, and its date fields (start date,
session date, a task's start and agreement date) at 0001-01-01 and 2200-01-01, then exports of the imported
project (wbs, mspdi, minutes, tracker-csv, system-plan, project export).
Held: every worked line's arithmetic (n × D × runs, H × p, the conversion, the monthly and yearly sums) adds up as
printed in all the cases above, the capacity total is the sum of the costs printed; LibreOffice recalculates every
formula of the workbook to the value the app wrote (only float noise in the 15th digit); rates outside
0.0001..10^12 refused in one Japanese line naming the table and the column, 0.0001 and 10^12 taken; the
catalogue dialog refuses a price over 10^12 saying 「インスタンスカタログ: 2行目のオンデマンド単価: 1,000,000,000,000 以下で
なければなりません」 and the window keeps working with a user catalogue file it cannot use (the shipped one used,
the total 504.06 USD); every time field of a project file is converted to UTC (+09:00: 12:00 UTC stored; 1899-12-31
23:00-01:00 is 1900-01-01 UTC and taken) and refused outside 1900-2199 or when not a time in one line naming the
field (answers.0.history.0.changed_at …, exported_at, parts.wbs.0.updated_at).
Not tried (time-box): the Gantt's week_labels and the Excel WBS's week headers (read only: the first whole label
and each new year's are dated, a cut one leaves the year to the next; fix35a's own tests cover the zooms), the
Projects dialog's keys and the far stored times in other time zones (fix34a's tests cover them).

Each test below is a defect found, a strict xfail until it is fixed (the reason says what the user sees and
where the cause probably is).
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
import yaml
from PySide6.QtCore import Qt

from app.cli.main import main
from app.core.content.loader import reset_default_library
from app.core.errors import UserError
from app.core.storage.models import Answer
from app.hearing.answers import AnswerService
from app.projects import transfer
from app.system_planning import service as sp
from app.system_planning.capacity import Price, ProcessSpec, calculate
from app.system_planning.instance_catalogue import shipped_path, user_copy_path
from app.system_planning.plan_md import export_markdown
from app.system_planning.plan_xlsx import export_xlsx
from app.system_planning.text import flag_message
from tests.gui_helpers import close_window, make_window, settle


def figure(text: str) -> Decimal:
    return Decimal(text.strip().split()[0].replace(",", ""))


def processes(workspace, demo, **changes: dict) -> None:
    """The demo's process rows with ``changes`` by row index ("r0".."r3")."""
    answers = AnswerService(workspace.db, workspace.library)
    rows = [dict(row) for row in answers.answer(demo.id, sp.PROCESSES).value]
    for key, change in changes.items():
        rows[int(key[1:])] |= change
    answers.update(demo.id, sp.PROCESSES, value=rows)


def store_raw(workspace, project_id: int, item_id: str, value) -> None:
    """An answer as an older version stored it (before the column's range was checked)."""
    with workspace.db.session() as s:
        row = s.query(Answer).filter_by(project_id=project_id, item_id=item_id).one()
        row.value = value
        s.commit()


# --- the system plan's figures ------------------------------------------------------------------------------


@pytest.mark.parametrize(("frequency", "hours"), [("daily", 24), ("weekly", 168)])
def test_a_batch_running_all_the_time_is_billed_at_most_a_month_of_hours(frequency: str, hours: int) -> None:
    spec = ProcessSpec("all day", "batch", 1, frequency, hours * 3600.0, "item", None, "c6i.xlarge")
    result = calculate(spec, Price("c6i.xlarge", 0.214, "USD"))
    assert not result.flags, result.flags  # a run fits its period exactly: no overlap
    assert result.monthly_hours <= 730, {f.key: f.worked for f in result.formulas}["hours"]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_ten_thousand_instances_are_written_with_separators_in_the_worked_lines(workspace, demo, tmp_path: Path, lang) -> None:
    processes(workspace, demo, r3={"instances": 10000})
    document = export_markdown(workspace, demo.id, tmp_path / "plan.md", lang).read_text(encoding="utf-8")
    assert "`10,000 × 730 h = 7,300,000 h`" in document
    bare = re.findall(r"(?<![\d,.])\d{5,}(?![\d,.])", "\n".join(re.findall(r"`([^`]*)`", document)))
    assert not bare, bare


def test_a_tiny_run_time_is_written_as_people_write_numbers(workspace, demo, tmp_path: Path) -> None:
    processes(workspace, demo, r2={"volume": 1, "processing_time": 1e-9 * 3600, "time_basis": "item", "batch_window": None})
    document = export_markdown(workspace, demo.id, tmp_path / "plan.md", "ja").read_text(encoding="utf-8")
    assert "0.00000003042 h" in document  # the hours line: every digit
    assert not re.findall(r"[^\s|`(]*\de[-+]\d+[^\s|`)]*", document)


def test_the_capacity_tables_hours_are_the_hours_the_cost_is_of(workspace, demo, tmp_path: Path) -> None:
    processes(workspace, demo, r1={"volume": 10000, "processing_time": 17.64, "time_basis": "item", "batch_window": None,
                                   "instances": 10000})
    document = export_markdown(workspace, demo.id, tmp_path / "plan.md", "ja").read_text(encoding="utf-8")
    worked = re.search(r"`H = n × D × 月間実行回数` → `10,?000 × 0.0049 h × 30.42 = ([\d,.]+) h`", document)
    assert worked and worked.group(1) == "1,490.58"
    row = next(line for line in document.splitlines() if line.startswith("| 近傍探索インデックス再構築 | バッチ | c6i.2xlarge |"))
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert cells[8] == "1,490.58", row  # 月間稼働(時間)
    out = export_xlsx(workspace, demo.id, tmp_path / "plan.xlsx", "ja")
    flow = openpyxl.load_workbook(out)["処理フロー"]
    header = [c.value for c in flow[1]]
    cell = flow.cell(row=3, column=header.index("月間稼働(時間)") + 1)
    assert cell.number_format.endswith(".00"), cell.number_format  # shown 1,490.58, not 1,491


def test_a_huge_rate_already_stored_is_named_not_the_price(library) -> None:
    values = {
        sp.COST_CURRENCY: "jpy",
        sp.FX_RATES: [{"currency": "usd", "rate": 1e300}],
        sp.COST_ITEMS: [{"phase": "initial", "category": "infrastructure", "item": "検証環境", "unit_price": 450, "quantity": 3, "currency": "usd"}],
    }  # fmt: skip
    plan = sp.build_plan(library, values)
    said = [flag_message(f, "ja", library.item(sp.COST_ITEMS)) for f in plan.cost.flags]
    assert said and all("為替レート" in text for text in said), said


def test_a_small_rate_already_stored_is_named_by_its_row_when_the_table_is_saved(workspace, demo) -> None:
    store_raw(workspace, demo.id, sp.FX_RATES, [{"currency": "usd", "rate": 150}, {"currency": "eur", "rate": 0.00005}])
    answers = AnswerService(workspace.db, workspace.library)
    rows = [dict(row) for row in answers.answer(demo.id, sp.FX_RATES).value]
    rows[0]["note"] = "社内レート(12月)"  # the user edits another row's note
    try:
        answers.update(demo.id, sp.FX_RATES, value=rows)
    except UserError as refused:
        text = refused.text("ja", workspace.library)
        assert "2行目" in text and "0.00005" in text, text


# --- the instance catalogue --------------------------------------------------------------------------------


@pytest.fixture
def huge_user_catalogue(qtbot, db_path, monkeypatch):
    """The Japanese window started over a user catalogue file with one machine type of its own (my-gpu) and a
    price of 1e308 on the first row (written by hand, or by an older version)."""
    from app.ui import messages

    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    data = yaml.safe_load(shipped_path().read_text(encoding="utf-8"))
    data["instances"][0]["hourly_price"] = 1e308
    data["instances"].append({"name": "my-gpu", "provider": "社内", "hourly_price": 3.5})
    user_copy_path().parent.mkdir(parents=True, exist_ok=True)
    user_copy_path().write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    reset_default_library()
    win = make_window(qtbot, db_path, global_lang="ja")
    yield win
    close_window(win)
    reset_default_library()


def test_a_huge_price_in_the_user_catalogue_file_is_named_by_row_and_column(huge_user_catalogue) -> None:
    said = huge_user_catalogue.statusBar().currentMessage()
    assert "instance_catalogue.yaml" in said and "1,000,000,000,000 以下" in said, said
    assert "1行目のオンデマンド単価" in said and "instances.0" not in said, said


def test_saving_the_catalogue_never_drops_the_users_own_machine_types(huge_user_catalogue, qtbot, monkeypatch) -> None:
    win = huge_user_catalogue
    win.show_page("system-planning")
    page = win.page("system-planning")
    settle(win)
    seen: dict = {}

    def save(dialog) -> int:
        model = dialog.model
        seen["names"] = [model.index(r, 0).data() for r in range(model.rowCount())]
        dialog.save()
        if dialog.isVisible() and dialog.result() == 0:
            dialog.reject()
        return dialog.result()

    monkeypatch.setattr(page, "exec_dialog", save)
    qtbot.mouseClick(page.capacity.catalogue_button, Qt.MouseButton.LeftButton)
    settle(win)
    assert "my-gpu" in user_copy_path().read_text(encoding="utf-8"), seen["names"]


def test_the_catalogue_dialog_shows_a_price_with_six_decimals_as_saved(japanese_window, qtbot, monkeypatch) -> None:
    win = japanese_window
    win.show_page("system-planning")
    page = win.page("system-planning")
    settle(win)
    seen: dict = {}

    def edit(dialog) -> int:
        dialog.model.setData(dialog.model.index(1, 6), "12.345678")  # c6i.xlarge's on-demand price
        dialog.save()
        return dialog.result()

    def look(dialog) -> int:
        seen["price"] = dialog.model.index(1, 6).data()
        dialog.reject()
        return dialog.result()

    try:
        monkeypatch.setattr(page, "exec_dialog", edit)
        qtbot.mouseClick(page.capacity.catalogue_button, Qt.MouseButton.LeftButton)
        settle(win)
        monkeypatch.setattr(page, "exec_dialog", look)
        qtbot.mouseClick(page.capacity.catalogue_button, Qt.MouseButton.LeftButton)
        settle(win)
    finally:
        reset_default_library()
    assert seen["price"] == "12.345678"


# --- the project file's dates ------------------------------------------------------------------------------


@pytest.mark.parametrize(("field", "value"), [("start_date", "0001-01-01"), ("start_date", "2200-01-01")])
def test_a_project_file_date_outside_the_years_the_app_holds_is_refused_naming_it(workspace, demo, tmp_path: Path, capsys, field, value) -> None:
    path = transfer.export_file(workspace.db, demo.id, tmp_path / "p.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    data["project"]["uuid"] = "00000000-0000-4000-8000-000000036001"
    data["project"]["name"] = "遠い日付"
    data["project"][field] = value
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    db = ["--db", str(workspace.db.url.removeprefix("sqlite:///")), "--lang", "ja"]
    code = main([*db, "project", "import", str(path)])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and f"project.{field}" in err and "1900年〜2199年" in err, (code, err)

"""The System planning page driven through its real widgets (pytest-qt), on the English demo project."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from app.core.content.loader import reset_default_library
from app.system_planning import instance_catalogue
from app.system_planning import service as sp
from app.ui import messages
from app.ui.system_planning.catalogue_dialog import CatalogueDialog, CatalogueModel
from app.ui.system_planning.prices_dialog import PricesDialog
from app.ui.system_planning.result_models import CapacityModel, CostSummaryModel, ReadOnlyProxy
from tests.gui_helpers import close_window, make_window

DEMO_CAPACITY_USD = 504.06  # four demo processes (see test_system_planning_export)
USD_TO_JPY = 150


@pytest.fixture
def window(qtbot, db_path):
    win = make_window(qtbot, db_path)
    win.show_page("system-planning")
    yield win
    close_window(win)
    reset_default_library()  # a test may have saved its own instance catalogue into the shared library


def page_of(window):
    return window.page("system-planning")


def open_item(page, qtbot, item_id: str):
    assert page.select_item(item_id)
    qtbot.waitUntil(lambda: page.editor.item_id == item_id)
    return page.editor


def column(table, column_id: str) -> int:
    return [c.id for c in table.model.columns].index(column_id)


def running_capacity(page) -> float:
    """The cost tab's 'Running infrastructure (calculator)' per month, as a number."""
    model = page.cost.model
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == "Running infrastructure (calculator)")
    return model.amount(row, 2)


def test_the_page_opens_on_the_demo_with_results_and_a_flag(window) -> None:
    page = page_of(window)
    assert page.capacity.model.rowCount() == 4
    assert f"{DEMO_CAPACITY_USD:.2f} USD per month" in page.capacity.total_label.text()
    assert "1 process cannot meet a requirement" in page.capacity.total_label.text()
    verdict = page.capacity.model.index(0, 1)
    assert verdict.data().startswith("⚠ Cannot be met: Misses the 4 h batch window")  # the reason in the cell
    assert verdict.data(Qt.ItemDataRole.ForegroundRole).color().name() == "#b00020"
    assert verdict.data(Qt.ItemDataRole.ToolTipRole).startswith("Misses the 4 h batch window")
    api = page.capacity.model.index(3, 1)
    assert api.data() == "OK: 17% at peak, target 70%; one spare (N+1)"
    assert api.data(Qt.ItemDataRole.ForegroundRole).color().name() == "#1b6e2f"
    time_column = CapacityModel.COLUMNS.index("time")
    assert page.capacity.model.index(3, time_column).data() == "120 ms"  # as typed, in its unit
    assert page.capacity.model.index(0, time_column).data() == "2 s"
    assert "⌈500,000 / 32⌉ = 15,625" in page.capacity.formulas.toPlainText()  # formulas beside the results
    assert running_capacity(page) == pytest.approx(DEMO_CAPACITY_USD * USD_TO_JPY, abs=1)
    assert "pays back in 3.83 months" in page.cost.headline.text()
    assert "Row 5: missing Owner" in [page.checks.operations_issues.item(i).text() for i in range(page.checks.operations_issues.count())]


def test_filling_a_process_flow_row_updates_capacity_and_cost_live(window, qtbot) -> None:
    page = page_of(window)
    editor = open_item(page, qtbot, sp.PROCESSES)
    assert page.tabs.currentWidget() is page.capacity
    table = editor.editors["value"]
    delegate = table.view.itemDelegateForColumn(column(table, "instance_type"))
    combo = delegate.createEditor(table.view.viewport(), None, table.model.index(0, column(table, "instance_type")))
    assert combo.isEditable() and combo.findText("g4dn.xlarge") >= 0  # the catalogue's machine types
    combo.deleteLater()
    table.view.setCurrentIndex(table.model.index(3, 0))
    qtbot.mouseClick(table.addRow_button, Qt.MouseButton.LeftButton)
    assert table.model.rowCount() == 5
    before = running_capacity(page)
    cells = {
        "process": "Nightly OCR", "mode": "batch", "volume": "100,000", "frequency": "daily",
        "processing_time": "0.5", "time_basis": "item", "instance_type": "c6i.xlarge", "batch_window": "8",
    }
    for key, value in cells.items():
        table.model.setData(table.model.index(4, column(table, key)), value)
    # 100,000 x 0.5 s = 50,000 s = 13.89 h on one instance (> 8 h: needs 2); 2 x 6.94 h x 30.42 = 422.2296 h x 0.214 = 90.36 USD.
    assert page.capacity.model.rowCount() == 5
    new = page.capacity.model.result(4)
    assert new.spec.name == "Nightly OCR" and new.instances_required == 2
    assert new.monthly_cost == 90.36
    assert "594.42 USD per month" in page.capacity.total_label.text()  # before saving: live (504.06 + 90.36)
    assert running_capacity(page) == pytest.approx(before + 90.36 * USD_TO_JPY, abs=2)

    table.model.setData(table.model.index(4, column(table, "batch_window")), "16")
    assert page.capacity.model.result(4).ok  # 13.89 h fits 16 h on one instance
    assert page.capacity.model.result(4).monthly_cost == 90.42  # 1 x 13.89 h x 30.42 = 422.5338 h x 0.214

    editor.flush()  # saved as one undoable step; the results stay
    stored = window.state.answers.answer(window.state.project_id, sp.PROCESSES).value
    assert stored[4]["volume"] == 100000 and stored[4]["instance_type"] == "c6i.xlarge"
    assert "594.48 USD per month" in page.capacity.total_label.text()  # 504.06 + 90.42

    window.state.undo_stack.undo()
    qtbot.waitUntil(lambda: page.capacity.model.rowCount() == 4)
    assert f"{DEMO_CAPACITY_USD:.2f} USD per month" in page.capacity.total_label.text()


def test_cost_items_and_business_value_update_the_totals(window, qtbot) -> None:
    page = page_of(window)
    editor = open_item(page, qtbot, sp.BUSINESS_VALUE)
    assert page.tabs.currentWidget() is page.cost
    field = editor.editors["value"].edit
    field.clear()
    qtbot.keyClicks(field, "500000")
    # Running cost is 599,109 JPY a month: a value of 500,000 never pays back.
    assert "never pays back" in page.cost.headline.text()
    editor.flush()
    assert window.state.answers.answer(window.state.project_id, sp.BUSINESS_VALUE).value == 500000

    editor = open_item(page, qtbot, sp.COST_ITEMS)
    table = editor.editors["value"]
    table.model.insertRows(table.model.rowCount(), 1)
    row = table.model.rowCount() - 1
    for key, value in {"phase": "running", "category": "infrastructure", "item": "GPU quota", "unit_price": "100", "quantity": "2", "currency": "eur"}.items():
        table.model.setData(table.model.index(row, column(table, key)), value)
    flags = page.cost.formulas.toPlainText()
    assert f"Row {row + 1}: no exchange rate for EUR" in flags


def test_data_sources_come_from_the_hearing_read_only_with_a_jump(window, qtbot, qtmodeltester) -> None:
    page = page_of(window)
    open_item(page, qtbot, sp.DATA_SOURCES)
    assert page.linked.isVisible()
    proxy = page.linked.view.model()
    assert isinstance(proxy, ReadOnlyProxy)
    assert proxy.rowCount() == 3 and proxy.index(0, 0).data() == "Product images"
    assert not proxy.flags(proxy.index(0, 0)) & Qt.ItemFlag.ItemIsEditable
    assert not proxy.setData(proxy.index(0, 0), "typed twice")
    qtmodeltester.check(proxy)
    qtbot.mouseClick(page.linked.open_button, Qt.MouseButton.LeftButton)
    assert window.current_page().page_id == "hearing"
    assert window.page("hearing").editor.item_id == "hearing.prereq.data_sources"

    open_item(page, qtbot, "system_planning.requirements.user")
    assert not page.linked.isVisible()


def test_editing_the_catalogue_leaves_the_projects_prices_until_updated(window, qtbot, monkeypatch) -> None:
    page = page_of(window)
    on_demand = 6  # the dialog's on-demand price column

    def edit_prices(dialog: CatalogueDialog) -> int:
        model = dialog.model
        row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == "g4dn.xlarge")
        model.setData(model.index(row, on_demand), "1.42")  # twice the price
        dialog.add_row()
        new = model.rowCount() - 1
        model.setData(model.index(new, 0), "my-gpu-box")
        model.setData(model.index(new, on_demand), "abc")
        dialog.save()
        assert not dialog.error_label.isHidden() and f"row {new + 1}" in dialog.error_label.text()
        model.setData(model.index(new, on_demand), "2.5")
        dialog.save()
        return dialog.result()

    monkeypatch.setattr(page, "exec_dialog", edit_prices)
    qtbot.mouseClick(page.capacity.catalogue_button, Qt.MouseButton.LeftButton)
    assert instance_catalogue.user_copy_path().exists()
    assert sp.catalogue(window.state.workspace.library).find("my-gpu-box").hourly_price == 2.5
    assert page.capacity.model.result(0).monthly_cost == pytest.approx(187.47)  # the project's copy

    seen: list[str] = []

    def update(dialog: PricesDialog) -> int:
        assert dialog.table.rowCount() == 3
        cells = [dialog.table.item(r, 0).text() for r in range(3)]
        g4dn = cells.index("g4dn.xlarge")
        assert dialog.table.item(g4dn, 3).text() == "0.71 USD" and dialog.table.item(g4dn, 7).text() == "2025-01"
        assert "price pages" in dialog.table.item(g4dn, 8).text()
        seen.append(dialog.changes.toPlainText())
        assert dialog.update_button.isEnabled()
        qtbot.mouseClick(dialog.update_button, Qt.MouseButton.LeftButton)
        return dialog.result()

    monkeypatch.setattr(page, "exec_dialog", update)
    steps = window.state.undo_stack.count()
    qtbot.mouseClick(page.capacity.prices_button, Qt.MouseButton.LeftButton)
    assert seen == ["g4dn.xlarge (ap-northeast-1) · on-demand: 0.71 → 1.42"]  # what changes, shown first
    assert page.capacity.model.result(0).monthly_cost == pytest.approx(374.94)
    assert window.state.undo_stack.count() == steps + 1
    assert window.state.undo_stack.undoText() == "Update the prices to the current catalogue"
    window.state.undo_stack.undo()
    qtbot.waitUntil(lambda: page.capacity.model.result(0).monthly_cost == pytest.approx(187.47))
    window.state.undo_stack.redo()
    qtbot.waitUntil(lambda: page.capacity.model.result(0).monthly_cost == pytest.approx(374.94))

    def reset(dialog: CatalogueDialog) -> int:
        assert dialog.reset_button.isEnabled() and dialog.source_label.text() == "Your own copy"
        monkeypatch.setattr(messages, "confirm", lambda *args: True)
        dialog.reset()
        return dialog.result()

    monkeypatch.setattr(page, "exec_dialog", reset)
    page.edit_catalogue()
    assert not instance_catalogue.user_copy_path().exists()
    assert page.capacity.model.result(0).monthly_cost == pytest.approx(374.94)  # still the project's


def test_price_kind_and_region_are_one_undoable_step_each(window, qtbot) -> None:
    page = page_of(window)
    combo = page.capacity.price_kind
    hours = page.capacity.model.result(0).monthly_hours
    combo.setCurrentIndex(combo.findData("reserved"))
    combo.activated.emit(combo.currentIndex())
    assert page.capacity.model.result(0).monthly_cost == pytest.approx(hours * 0.447, abs=0.005)  # in cents
    assert window.state.undo_stack.undoText() == "Price the plan: reserved / savings plan (1 year, no upfront)"
    region = page.capacity.region
    assert [region.itemData(i) for i in range(region.count())][:3] == ["", "ap-northeast-1", "us-east-1"]
    region.setCurrentIndex(region.findData("us-east-1"))
    region.activated.emit(region.currentIndex())
    assert page.capacity.model.result(0).monthly_cost == pytest.approx(hours * 0.331, abs=0.005)  # g4dn.xlarge reserved in us-east-1
    assert page.capacity.price_kind.currentData() == "reserved" and page.capacity.region.currentData() == "us-east-1"
    window.state.undo_stack.undo()
    qtbot.waitUntil(lambda: page.capacity.region.currentData() == "")
    window.state.undo_stack.undo()
    qtbot.waitUntil(lambda: page.capacity.price_kind.currentData() == "on_demand")
    assert page.capacity.model.result(0).monthly_cost == pytest.approx(187.47)


def test_a_machine_type_chosen_on_the_page_is_copied_into_the_project(window, qtbot) -> None:
    page = page_of(window)
    editor = open_item(page, qtbot, sp.PROCESSES)
    table = editor.editors["value"]
    steps = window.state.undo_stack.count()
    table.model.setData(table.model.index(2, column(table, "instance_type")), "m6i.xlarge")
    assert page.plan.unpinned == ("m6i.xlarge",)  # priced from the catalogue while typed
    editor.flush()
    assert window.state.undo_stack.count() == steps + 1  # the edit is one step; the copy is no step of its own
    doc = page.plan_doc
    assert [p["instance"] for p in doc["prices"]][-1] == "m6i.xlarge" and doc["prices"][-1]["as_of"] == "2025-01"
    assert page.plan.unpinned == ()


def test_export_from_the_page_writes_both_documents(window, qtbot, monkeypatch, tmp_path: Path) -> None:
    page = page_of(window)
    shown: list[str] = []
    monkeypatch.setattr(messages, "show_info", lambda _parent, text, title=None: shown.append(text))
    monkeypatch.setattr(messages, "show_error", lambda _parent, error, title=None: shown.append(f"error {error}"))
    for suffix, action in ((".md", page.export_md_action), (".xlsx", page.export_xlsx_action)):
        out = tmp_path / f"plan{suffix}"
        monkeypatch.setattr(messages, "save_file", lambda *args, out=out: str(out))
        action.trigger()
        qtbot.waitUntil(lambda out=out: out.exists() and bool(shown), timeout=10000)
        said = shown.pop().splitlines()
        assert said[0] == f"Wrote {out}"
        if suffix == ".md":  # Markdown cannot recalculate: the report says the formulas are text
            assert said[1] == "What the format cannot hold as it is:" and "formulas" in said[2]
    assert (tmp_path / "plan.md").read_text(encoding="utf-8").startswith("# System planning:")
    assert "Process flow" in openpyxl.load_workbook(tmp_path / "plan.xlsx").sheetnames


def test_result_models_pass_the_model_tester(window, qtmodeltester) -> None:
    page = page_of(window)
    assert isinstance(page.capacity.model, CapacityModel) and isinstance(page.cost.model, CostSummaryModel)
    qtmodeltester.check(page.capacity.model)
    qtmodeltester.check(page.cost.model)
    catalogue = CatalogueModel()
    catalogue.set_catalogue(sp.catalogue(window.state.workspace.library))
    qtmodeltester.check(catalogue)
    assert catalogue.insertRows(0, 1) and catalogue.setData(catalogue.index(0, 0), "x") and catalogue.removeRows(0, 1)


def test_catalogue_dialog_cancel_changes_nothing(window, qtbot, monkeypatch) -> None:
    from app.ui import messages

    asked: list[str] = []
    monkeypatch.setattr(messages, "confirm", lambda _p, _t, text: asked.append(text) or True)  # drop the changes: yes
    library = window.state.workspace.library
    dialog = CatalogueDialog(sp.catalogue(library), False, "en")
    qtbot.addWidget(dialog)
    dialog.model.setData(dialog.model.index(0, 6), "99")
    dialog.reject()
    assert len(asked) == 1  # (fix62a: something typed, closing asks first)
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert sp.catalogue(library).instances[0].hourly_price != 99
    assert not instance_catalogue.user_copy_path().exists()


def test_a_payback_of_one_month_reads_as_one_month(window, qtbot, tmp_path) -> None:
    from app.system_planning.plan_md import system_plan_markdown

    page = page_of(window)
    editor = open_item(page, qtbot, sp.BUSINESS_VALUE)
    cost = page.plan.cost
    value = round(cost.initial_total + cost.running_monthly)  # the initial cost back after one month
    field = editor.editors["value"].edit
    field.clear()
    qtbot.keyClicks(field, str(value))
    assert editor.flush()
    assert "pays back in 1 month" in page.cost.headline.text() and "1 months" not in page.cost.headline.text()
    text = system_plan_markdown(window.state.workspace, window.state.project_id, "en")
    assert "1 month" in text and "1 months" not in text

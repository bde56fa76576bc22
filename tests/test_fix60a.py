"""Fix 60a: invisible characters in the paths and the MLflow URI; the items the pages show kept over a language switch.

The storage root, a storage location's path and the MLflow tracking URI refuse a character nobody sees as
what it is (a zero-width space, a right-to-left override, a soft hyphen, a BOM: app/core/files/visible_text.py
``hidden_characters``, the reading names are compared by); every URI they took before is taken still. A value
an older version stored with one is kept, marked and said on its page, and its project file comes back.
The break-it tests: tests/test_breaker60a.py. The Experiment environment and Data platform & CI pages keep the
wiki page their preview shows over a language switch (System planning its item: test_breaker60a).
"""

from __future__ import annotations

import pytest

from app.core.errors import FieldRefused
from app.core.files.visible_text import hidden_characters
from app.environment.service import EnvironmentService

ZWSP, RLO = "\u200b", "\u202e"


def test_hidden_characters_are_those_nobody_sees_as_what_they_are() -> None:
    assert hidden_characters(f"s3://b{ZWSP}/x{RLO}y\u00ad\ufeff{ZWSP}") == f"{ZWSP}{RLO}\u00ad\ufeff"
    assert hidden_characters("s3://b\u3164x") == "\u3164"  # a Hangul filler: shows as a blank, no white space
    for seen in ("http://localhost:5000", "file:./mlruns", "👨\u200d👩\u200d👧", "❤️", "می\u200cخواهم", "a\tb", "ＡＢＣ　x"):
        assert hidden_characters(seen) == "", seen


@pytest.mark.parametrize("uri", ["file:./mlruns", "http://localhost:5000", "databricks", "databricks://profile",
                                 "https://mlflow.例え.jp/track", "sqlite:///mlruns.db", "http://a b", "./mlruns"])
def test_the_mlflow_uri_takes_what_it_took(workspace, demo, uri) -> None:
    service = EnvironmentService(workspace)
    service.set_value(demo.id, "mlflow_uri", uri)
    assert service.choices(demo.id, "ja").value("mlflow_uri") == uri


def test_the_refusal_names_the_field_and_the_character_in_each_language(workspace, demo) -> None:
    service = EnvironmentService(workspace)
    with pytest.raises(FieldRefused) as caught:
        service.set_value(demo.id, "mlflow_uri", f"http{ZWSP}://x")
    ja, en = caught.value.text("ja", workspace.library), caught.value.text("en", workspace.library)
    assert ja.startswith("MLflowのトラッキングURI: ") and "U+200B" in ja and "はここには使えません" in ja
    assert en.startswith("MLflow tracking URI: ") and "U+200B" in en and "mlflow_uri" not in ja + en
    with pytest.raises(FieldRefused) as caught:
        service.set_location(demo.id, "raw", "path", f"s3://b{RLO}/raw/")
    assert "U+202E" in caught.value.text("ja", workspace.library)


def _store_as_an_older_version(ws, project_id: int) -> None:
    from app.core.documents import DocumentService

    docs = DocumentService(ws.db)
    env = docs.get(project_id, "environment")
    env.setdefault("values", {})["mlflow_uri"] = f"http{ZWSP}://mlflow:5000"
    docs.put(project_id, "environment", env)
    platform = docs.get(project_id, "data_platform")
    platform.setdefault("values", {})["storage_root"] = f"s3://b{RLO}x"
    platform.setdefault("locations", {}).setdefault("raw", {})["path"] = f"s3://raw{ZWSP}/"
    docs.put(project_id, "data_platform", platform)


def test_a_project_file_holding_such_a_value_comes_back_with_it(workspace, demo, tmp_path) -> None:
    from app.projects.transfer import export_file, import_file

    _store_as_an_older_version(workspace, demo.id)
    out = export_file(workspace.db, demo.id, tmp_path / "p.json", workspace.library)
    again = import_file(workspace.db, out, workspace.library)
    choices = EnvironmentService(workspace).choices(again, "ja")
    assert choices.value("mlflow_uri") == f"http{ZWSP}://mlflow:5000"
    assert choices.value("storage_root") == f"s3://b{RLO}x"
    assert choices.location("raw").path == f"s3://raw{ZWSP}/"


def test_a_stored_value_with_an_invisible_character_is_said_and_kept(qtbot, db_path) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLineEdit, QToolButton

    from tests.gui_helpers import close_window, environment_page, make_window, settle

    window = make_window(qtbot, db_path, global_lang="ja")
    _store_as_an_older_version(window.state.workspace, window.state.project_id)
    close_window(window)
    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        for page_id, field_id, label in (("experiment", "mlflow_uri", "MLflowのトラッキングURI"),
                                         ("data-ci", "storage_root", "ストレージのルート")):
            page = environment_page(window, qtbot, page_id)
            settle(window)
            field = page.findChild(QLineEdit, f"field_{field_id}")
            assert ZWSP in field.text() or RLO in field.text()  # shown as stored
            assert field.toolTip().startswith(label) and "見えない文字" in field.toolTip()
            assert "background-color" in field.styleSheet()
            assert page.findChild(QToolButton, f"reset_{field_id}").isEnabled()  # ↺: back to the hearing's value
        page = window.page("data-ci")
        model = page.locations_model
        index = model.index(next(r for r in range(model.rowCount()) if model.locations[r].kind.id == "raw"), model.columns.index("path"))
        assert "U+200B" in index.data(Qt.ItemDataRole.ToolTipRole)
        frameworks = window.page("experiment").findChild(QLineEdit, "field_frameworks")
        window.show_page("experiment")
        frameworks.setFocus()
        frameworks.end(False)
        frameworks.insert("、JAX")
        settle(window)
        choices = EnvironmentService(window.state.workspace).choices(window.state.project_id, "ja")
        assert choices.value("mlflow_uri") == f"http{ZWSP}://mlflow:5000"  # kept: another field saved as usual
        assert str(choices.value("frameworks")).endswith("、JAX")
    finally:
        close_window(window)


@pytest.mark.parametrize("where", ["on-the-page", "page-away"])
@pytest.mark.parametrize("page_id", ["experiment", "data-ci"])
def test_a_language_switch_keeps_the_wiki_page_the_preview_shows(japanese_window, qtbot, page_id, where) -> None:
    from tests.gui_helpers import environment_page, settle

    window = japanese_window
    page = environment_page(window, qtbot, page_id)
    settle(window)
    page.preview.page_list.setCurrentRow(2)
    settle(window)
    reading = page.preview.current_page_id()
    assert reading != page.first_preview_page
    if where == "page-away":
        window.show_page("review")
        settle(window)
    window.set_ui_lang("en")
    settle(window)
    page = environment_page(window, qtbot, page_id)
    settle(window)
    assert page.preview.current_page_id() == reading

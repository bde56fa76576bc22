"""fix36b: the user's instance catalogue file named as the dialog names it, never written over while left out, and
its prices shown with every decimal saved."""

from __future__ import annotations

import pytest
import yaml

from app.core.content.loader import load_library, reset_default_library
from app.core.errors import UserError
from app.system_planning import instance_catalogue as ic
from app.system_planning import service as sp
from app.ui.system_planning.catalogue_dialog import CatalogueDialog, number_shown


def write_user_copy(price: object) -> None:
    data = yaml.safe_load(ic.shipped_path().read_text(encoding="utf-8"))
    data["instances"][1]["reserved_price"] = price
    data["instances"].append({"name": "my-gpu", "provider": "社内", "hourly_price": 3.5})
    ic.user_copy_path().parent.mkdir(parents=True, exist_ok=True)
    ic.user_copy_path().write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_a_problem_in_the_user_catalogue_file_is_named_by_row_and_column_in_english() -> None:
    write_user_copy(-1)
    library = load_library([ic.shipped_path().parent, ic.user_copy_path().parent])
    said = [p.text("en", library) for p in library.problems]
    assert said and "row 2, Reserved price" in said[0] and "instances.1" not in said[0], said


def test_the_core_never_saves_over_a_user_catalogue_file_it_left_out() -> None:
    write_user_copy(1e308)
    library = load_library([ic.shipped_path().parent, ic.user_copy_path().parent])
    assert not ic.is_user_copy(library)
    with pytest.raises(UserError) as refused:
        ic.save_user_copy(library, sp.catalogue(library))
    text = refused.value.text("ja", library)
    assert "同梱のカタログを表示" in text and "2行目のリザーブド単価" in text and "instance_catalogue.yaml" in text, text
    assert "my-gpu" in ic.user_copy_path().read_text(encoding="utf-8")
    ic.reset_to_shipped(library)  # Reset (confirmed) deletes it; then Save writes the user's copy again
    assert ic.save_user_copy(library, sp.catalogue(library)).exists() and ic.is_user_copy(library)


def test_the_dialog_says_it_shows_the_shipped_catalogue_and_refuses_save(qtbot) -> None:
    write_user_copy(1e308)
    reset_default_library()
    try:
        library = load_library([ic.shipped_path().parent, ic.user_copy_path().parent])
        dialog = CatalogueDialog(sp.catalogue(library), False, "ja")
        qtbot.addWidget(dialog)
        assert not dialog.left_out_label.isHidden() and "instance_catalogue.yaml" in dialog.left_out_label.text()
        assert dialog.reset_button.isEnabled()
        dialog.save()
        assert dialog.result_catalogue is None and not dialog.error_label.isHidden()
    finally:
        reset_default_library()
    assert "my-gpu" in ic.user_copy_path().read_text(encoding="utf-8")


@pytest.mark.parametrize(("value", "shown"), [(12.345678, "12.345678"), (0.5, "0.5"), (1e12, "1000000000000"),
                                               (1e-9, "0.000000001"), (3.0, "3"), (0.1 + 0.2, "0.30000000000000004")])
def test_a_price_is_shown_with_every_digit_saved(value: float, shown: str) -> None:
    assert number_shown(value) == shown and float(shown) == value


@pytest.fixture
def user_copy_dialog(qtbot):
    """The catalogue dialog opened on the user's own copy (holding their "my-gpu"), and the library."""
    write_user_copy(2.0)
    reset_default_library()
    library = load_library([ic.shipped_path().parent, ic.user_copy_path().parent])
    dialog = CatalogueDialog(sp.catalogue(library), True, "ja")
    qtbot.addWidget(dialog)
    yield dialog, library
    reset_default_library()


def test_save_never_writes_over_a_catalogue_file_mended_by_hand_while_the_window_was_open(user_copy_dialog, monkeypatch) -> None:
    """The dialog opened on the user's own copy; the user mends the file in an editor meanwhile; Save asks
    first (No: the window stays open with what was typed), and the core refuses a write over a changed file."""
    from app.ui import messages

    dialog, library = user_copy_dialog
    dialog.as_of.setText("2026-12")
    mended = ic.user_copy_path().read_text(encoding="utf-8").replace("my-gpu", "my-gpu-mended")
    ic.user_copy_path().write_text(mended, encoding="utf-8")
    asked: list[str] = []
    monkeypatch.setattr(messages, "confirm", lambda _parent, _title, text: asked.append(text) or False)
    dialog.save()
    assert asked and "changed outside" in asked[0], asked
    assert dialog.result_catalogue is None and dialog.as_of.text() == "2026-12"  # still open, typing kept
    with pytest.raises(UserError) as refused:  # the core too: a write based on the state the window opened on
        ic.save_user_copy(library, dialog.edited(), seen=dialog.seen)
    assert "instance_catalogue.yaml" in refused.value.text("ja", library) and "上書きしていません" in refused.value.text("ja", library)
    assert "my-gpu-mended" in ic.user_copy_path().read_text(encoding="utf-8")
    monkeypatch.setattr(messages, "confirm", lambda *_args: True)  # asked again: Yes replaces the mended file
    dialog.save()
    assert dialog.result_catalogue is not None
    ic.save_user_copy(library, dialog.result_catalogue, seen=dialog.seen)
    assert "my-gpu-mended" not in ic.user_copy_path().read_text(encoding="utf-8")


def test_an_unchanged_file_is_saved_without_a_question(user_copy_dialog, monkeypatch) -> None:
    from app.ui import messages

    dialog, library = user_copy_dialog
    monkeypatch.setattr(messages, "confirm", lambda *_args: pytest.fail("asked about an unchanged file"))
    dialog.save()
    assert dialog.result_catalogue is not None
    ic.save_user_copy(library, dialog.result_catalogue, seen=dialog.seen)

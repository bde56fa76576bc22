"""Background work over a language switch and a closed application (the fixes of breaker41b)."""

from __future__ import annotations

import threading

from tests.gui_helpers import settle


def test_an_export_running_over_a_language_switch_reports_on_the_page_of_now(japanese_window, qtbot, tmp_path, monkeypatch):
    from app.ui import messages
    from app.ui.projects import exports_page

    window = japanese_window
    settle(window)
    release = threading.Event()
    real = exports_page.run_export

    def slow_export(*args):
        release.wait(10)
        return real(*args)

    monkeypatch.setattr(exports_page, "run_export", slow_export)
    monkeypatch.setattr(messages, "save_file", lambda *_a, **_k: str(tmp_path / "sheet.xlsx"))
    window.show_page("exports")
    old = window.page("exports")
    old.kind_buttons["hearing-sheet"].click()
    window.set_ui_lang("en")
    page = window.page("exports")
    assert page is not old
    assert not page.kind_buttons["hearing-sheet"].isEnabled(), "the page built anew starts the running export a second time"
    assert page.kind_buttons["wbs"].isEnabled()
    release.set()
    qtbot.waitUntil(lambda: page.kind_buttons["hearing-sheet"].isEnabled(), timeout=20000)
    settle(window)
    assert page.result_label.text().startswith("Wrote "), page.result_label.text()
    assert (tmp_path / "sheet.xlsx").is_file()


def test_the_pdf_writer_never_makes_an_application_off_the_main_thread(monkeypatch):
    from app.core.errors import UserError
    from app.ui import pdf

    class NoApplication:
        made = False

        @staticmethod
        def instance():
            return None

        def __init__(self, *_args):
            NoApplication.made = True

    monkeypatch.setattr(pdf, "QGuiApplication", NoApplication)
    raised: list[BaseException] = []

    def worker() -> None:
        try:
            pdf.ensure_gui_application()
        except BaseException as exc:  # the test reads it
            raised.append(exc)

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join(10)
    assert not NoApplication.made
    assert len(raised) == 1 and isinstance(raised[0], UserError) and raised[0].key == "export.pdf_after_close"
    assert "PDF" in raised[0].text("ja") and "PDF" in raised[0].text("en")


def test_an_environment_export_running_over_a_language_switch_reports_on_the_page_of_now(
    japanese_window, qtbot, tmp_path, monkeypatch
):
    from app.ui import messages
    from app.ui.environment import export_bar

    window = japanese_window
    settle(window)
    release = threading.Event()
    real = export_bar.run_export

    def slow_export(*args):
        release.wait(10)
        return real(*args)

    monkeypatch.setattr(export_bar, "run_export", slow_export)
    monkeypatch.setattr(messages, "save_file", lambda *_a, **_k: str(tmp_path / "experiments.xlsx"))
    window.show_page("experiment")
    settle(window)
    old = window.page("experiment")
    old.exports.buttons["experiment-sheet"].click()
    window.set_ui_lang("en")
    page = window.page("experiment")
    assert page is not old
    assert not page.exports.buttons["experiment-sheet"].isEnabled(), "the page built anew starts the running export a second time"
    assert page.exports.buttons["wiki"].isEnabled()
    release.set()
    qtbot.waitUntil(lambda: page.exports.buttons["experiment-sheet"].isEnabled(), timeout=20000)
    settle(window)
    assert page.exports.result_label.text().startswith("Wrote "), page.exports.result_label.text()
    assert (tmp_path / "experiments.xlsx").is_file()

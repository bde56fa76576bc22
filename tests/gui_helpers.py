"""Helpers for GUI tests: build the real main window on a test database, answer dialogs."""

from __future__ import annotations

import argparse

from app.core.kinds import use_pdf_writer
from app.main import write_pdf
from app.ui.app import build_window


def make_window(qtbot, db_path, **overrides):
    # As app.main does before it starts the window: without it a PDF export worked only when an
    # earlier test in the same process had run the CLI.
    use_pdf_writer(write_pdf)
    args = argparse.Namespace(db=str(db_path), global_lang="en", global_project=None, page=None, screenshot=None)
    for key, value in overrides.items():
        setattr(args, key, value)
    _app, window = build_window(args)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def close_window(window) -> None:
    window.close()
    window.state.workspace.close()

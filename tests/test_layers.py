"""The core never imports Qt: only app/ui may (the brief's architecture, enforced)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "app"


def qt_imports(path: Path) -> list[int]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import) and any(a.name.split(".")[0] == "PySide6" for a in node.names):
            lines.append(node.lineno)
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "PySide6":
            lines.append(node.lineno)
    return lines


def test_no_module_outside_ui_imports_pyside6() -> None:
    offenders = []
    for path in APP.rglob("*.py"):
        if path.relative_to(APP).parts[0] == "ui":
            continue
        offenders += [f"{path.relative_to(APP.parent)}:{line}" for line in qt_imports(path)]
    assert offenders == []


def test_the_ui_does_import_qt_so_the_check_above_can_see_imports() -> None:
    assert qt_imports(APP / "ui" / "main_window.py")


def test_cli_commands_run_without_loading_qt(tmp_path: Path) -> None:
    code = (
        "import sys; from app.cli.main import main; "
        f"main(['--db', {str(tmp_path / 'x.sqlite3')!r}, 'projects', 'list']); "
        "print('PySide6' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "False"


def test_building_the_command_line_loads_no_database_or_qt_code() -> None:
    """--version and --help answer at once: kind modules must import their work lazily."""
    code = (
        "import sys; from app.cli.main import build_parser; build_parser(); "
        "print(sorted(m for m in ('sqlalchemy', 'pydantic', 'openpyxl', 'jinja2', 'PySide6') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"

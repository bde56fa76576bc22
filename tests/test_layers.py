"""The architecture, enforced: layers (import-linter), Qt only in the window, features through
their public modules, an explicit feature list, and what the CLI loads at run time."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app"
FEATURES = ("hearing", "wbs", "proposal", "environment", "system_planning", "review", "projects")


def imports_of(path: Path) -> list[tuple[int, str]]:
    """(line, module) for every import in a file, function-level and TYPE_CHECKING ones included."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
    return found


def qt_imports(path: Path) -> list[int]:
    return [line for line, module in imports_of(path) if module.split(".")[0] == "PySide6"]


def test_only_the_window_imports_qt() -> None:
    offenders = []
    for path in APP.rglob("*.py"):
        if path.relative_to(APP).parts[0] == "ui":
            continue
        offenders += [f"{path.relative_to(ROOT)}:{line}" for line in qt_imports(path)]
    assert offenders == []


def test_the_ui_does_import_qt_so_the_check_above_can_see_imports() -> None:
    assert qt_imports(APP / "ui" / "window" / "main_window.py")


def test_a_feature_uses_another_only_through_its_public_module() -> None:
    """``from app.hearing import AnswerService``, never ``from app.hearing.answers import ...``."""
    offenders = []
    for feature in FEATURES:
        for path in (APP / feature).rglob("*.py"):
            for line, module in imports_of(path):
                parts = module.split(".")
                if len(parts) > 2 and parts[0] == "app" and parts[1] in FEATURES and parts[1] != feature:
                    offenders.append(f"{path.relative_to(ROOT)}:{line}: {module}")
    assert offenders == []


def test_every_feature_module_that_extends_the_app_is_in_the_feature_list() -> None:
    """A feature's demo, project-file part and document kinds count only when app/features.py names
    them: a module added but not listed would quietly be left out (no discovery by file name)."""
    listed = (APP / "features.py").read_text(encoding="utf-8")
    missing = [
        f"app.{feature}.{name}"
        for feature in FEATURES
        for name in ("demo", "transfer", "kinds")
        if (APP / feature / f"{name}.py").exists() and feature != "projects"
        and f"app.{feature}.{name} import" not in listed and f"app.{feature} import {name}" not in listed
    ]  # fmt: skip
    assert missing == []


def test_the_feature_list_covers_every_document_and_demo_part(tmp_path: Path) -> None:
    from app import features

    assert {k.name for k in features.export_kinds()} >= {"proposal", "wbs", "hearing-sheet", "wiki", "system-plan", "review"}
    assert set(features.IMPORTS) == {"hearing-sheet", "wbs"}
    assert [p.key for p in features.transfer_parts()] == ["wbs"]
    assert len(features.demo_builders()) == 5


def test_the_layer_contract_fails_on_an_upward_import(tmp_path: Path) -> None:
    """The contract can fail: the core importing a feature, even indirectly, breaks it."""
    copy = tmp_path / "repo"
    shutil.copytree(APP, copy / "app", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", copy)
    helper = copy / "app" / "core" / "files" / "safe_names.py"
    helper.write_text(helper.read_text(encoding="utf-8") + "\nfrom app.projects import overview  # noqa\n")
    env = {**os.environ, "PYTHONPATH": str(copy)}
    lint = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([str(lint)], cwd=copy, env=env, capture_output=True, text=True)
    assert result.returncode == 1
    assert "app.core is not allowed to import app.projects" in result.stdout
    assert "app.core.files.safe_names -> app.projects" in result.stdout


def test_cli_commands_run_without_loading_qt(tmp_path: Path) -> None:
    code = (
        "import sys; from app.main import main; "
        f"main(['--db', {str(tmp_path / 'x.sqlite3')!r}, 'demo', '--lang', 'en']); "
        f"main(['--db', {str(tmp_path / 'x.sqlite3')!r}, 'export', 'wbs', '--project', '1', "
        f"'--out', {str(tmp_path / 'w.xlsx')!r}]); "
        "print('PySide6' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "False"
    assert (tmp_path / "w.xlsx").exists()


def test_building_the_command_line_loads_no_database_or_qt_code() -> None:
    """--version and --help answer at once: kind modules must import their work lazily."""
    code = (
        "import sys; from app.cli.main import build_parser; build_parser(); "
        "print(sorted(m for m in ('sqlalchemy', 'pydantic', 'openpyxl', 'jinja2', 'yaml', 'PySide6') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_the_tree_shows_the_structure_no_folder_over_16_modules_no_module_over_500_lines() -> None:
    """Sizes that keep the features readable (issue 13): a folder that grows past 16 modules wants
    a sub-package; a module past 500 lines mixes responsibilities."""
    crowded = {
        str(folder.relative_to(ROOT)): count
        for folder in [APP, *(p for p in APP.rglob("*") if p.is_dir() and p.name != "__pycache__")]
        if (count := len(list(folder.glob("*.py")))) > 16
    }
    long = {
        str(path.relative_to(ROOT)): lines
        for path in APP.rglob("*.py")
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > 500
    }
    assert crowded == {} and long == {}

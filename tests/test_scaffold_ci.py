"""Every exported scaffold passes its own lint and tests, and each CI file runs exactly those commands.

Each variant (framework, linter, layout, language, Python version, CI steps) is exported once; its
lint and test commands run in the export with this venv's ruff and pytest, the versions the
scaffold pins (those of requirements/test.lock). Then, for each CI provider, the same project's
CI file is rendered and parsed (YAML, or the Jenkinsfile's ``sh`` steps), its commands are
compared with the ones that passed, and those very command lines are run in the export.

The frameworks (PyTorch, TensorFlow, LightGBM, scikit-learn) are not installed here: the
scaffold's training test is then skipped, and its data and record tests run. To run the whole of
each scaffold's tests, point ``MLOPS_KICKOFF_SCAFFOLD_PYTHON`` at a Python that has them (and
black and flake8 for the black_flake8 variants): its folder goes first on the commands' PATH.
"""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest
import yaml

from app.core.projects import ProjectService
from app.core.workspace import Workspace
from app.environment.scaffold import CI_TEMPLATES, export_scaffold, scaffold_files
from app.environment.service import EnvironmentService, form_of
from app.hearing import AnswerService
from tests.conftest import copy_database

REPO = Path(__file__).resolve().parent.parent
PYTHON = Path(os.environ.get("MLOPS_KICKOFF_SCAFFOLD_PYTHON") or sys.executable)
INSTALL = "python -m pip install -r requirements.txt -r requirements-dev.txt"
LINT = {"ruff": "ruff check .", "black_flake8": "flake8 .", "none": None}
TEST = "python -m pytest"
PROVIDERS = sorted(CI_TEMPLATES)

# id -> the hearing's framework answer, the environment choices, the export language, and what the
# baseline must import ("" = plain Python).
VARIANTS: dict[str, dict] = {
    "plain-ruff-ja": {"frameworks": "", "lang": "ja", "module": "", "fields": {}},
    "pytorch-gpu-image-mlflow-en": {  # the demo as it is: GPU, the PyTorch image
        "frameworks": "PyTorch", "lang": "en", "module": "torch", "fields": {"experiment_tracking": "mlflow"},
    },
    "tensorflow-io-py312-ja": {
        "frameworks": "TensorFlow", "lang": "ja", "module": "tensorflow",
        "fields": {"directory_template": "pipeline_io", "python_version": "py312"},
    },
    "lightgbm-black-flake8-py310-en": {
        "frameworks": "LightGBM", "lang": "en", "module": "lightgbm",
        "fields": {"linter": "black_flake8", "python_version": "py310", "gpu": "no"},
    },
    "sklearn-no-linter-io-en": {
        "frameworks": "scikit-learn", "lang": "en", "module": "sklearn",
        "fields": {"linter": "none", "directory_template": "pipeline_io"},
    },
    "plain-black-flake8-io-ja": {
        "frameworks": "", "lang": "ja", "module": "", "fields": {"linter": "black_flake8", "directory_template": "pipeline_io"},
    },
    "pytorch-and-sklearn-cpu-checks-only-en": {
        "frameworks": "PyTorch, scikit-learn", "lang": "en", "module": "torch",
        "fields": {"gpu": "no", "ci_steps": ["lint", "unit_tests"]},
    },
}


def _env() -> dict[str, str]:
    """The commands' environment: the chosen Python's folder first on PATH, none of our own settings."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTEST_ADDOPTS")}
    env["PATH"] = os.pathsep.join([str(PYTHON.parent), env.get("PATH", "")])
    env["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"  # our venv's pytest plugins are not the scaffold's
    return env


@functools.cache
def _has(module: str) -> bool:
    probe = f"import importlib.util, sys; sys.exit(importlib.util.find_spec({module!r}) is None)"
    return subprocess.run([str(PYTHON), "-c", probe], env=_env(), timeout=60).returncode == 0


class Export:
    """One variant exported (once), its workspace kept open to render its CI files, and what ran in it."""

    def __init__(self, variant: str, template: Path, root: Path, library) -> None:
        spec = VARIANTS[variant]
        db = root / f"{variant}.sqlite3"
        copy_database(template, db)  # a copy of the demo, as conftest's demo fixture makes it (bounded: a locked one fails)
        self.ws = Workspace.open(str(db), library)
        self.project = ProjectService(self.ws.db).list()[0].id  # the demo
        AnswerService(self.ws.db, self.ws.library).update(self.project, "hearing.prereq.frameworks", value=spec["frameworks"])
        for field, value in spec["fields"].items():
            EnvironmentService(self.ws).set_value(self.project, field, value)
        self.spec = spec
        self.lang = spec["lang"]
        self.folder = export_scaffold(self.ws, self.project, root / variant, self.lang)
        self.ran: dict[str, subprocess.CompletedProcess] = {}

    def run(self, command: str) -> subprocess.CompletedProcess:
        """``command`` exactly as the CI file has it, in a shell in the export (once per command line)."""
        if command not in self.ran:
            self.ran[command] = subprocess.run(
                command, shell=True, cwd=self.folder, env=_env(), capture_output=True, text=True, timeout=300
            )
        return self.ran[command]

    def ci_file(self, provider: str) -> tuple[str, dict[str, bytes]]:
        EnvironmentService(self.ws).set_value(self.project, "ci_system", provider)
        return form_of(self.ws).field("ci_system").option(provider).value, scaffold_files(self.ws, self.project, self.lang)


@pytest.fixture(scope="module")
def exports(demo_template: Path, library, tmp_path_factory: pytest.TempPathFactory):
    made: dict[str, Export] = {}
    root = tmp_path_factory.mktemp("scaffolds")

    def get(variant: str) -> Export:
        if variant not in made:
            made[variant] = Export(variant, demo_template, root, library)
        return made[variant]

    yield get
    for export in made.values():
        export.ws.close()


def ci_commands(provider: str, text: str) -> list[str]:
    """The shell commands a CI file runs, in order."""
    if provider == "jenkins":
        commands = re.findall(r"\bsh '([^']*)'", text)
        assert len(commands) == len(re.findall(r"\bsh\b", text)), "a sh step the test cannot read"
        return commands
    doc = yaml.safe_load(text)
    if provider == "github_actions":
        return [step["run"] for job in doc["jobs"].values() for step in job["steps"] if "run" in step]
    if provider == "gitlab_ci":
        jobs = [job for name, job in doc.items() if isinstance(job, dict) and "script" in job and name != "default"]
        return [*doc["default"]["before_script"], *(line for job in jobs for line in job["script"])]
    if provider == "bitbucket":
        return [line for step in doc["definitions"]["steps"] for line in step["step"]["script"]]
    if provider == "azure_pipelines":
        return [step["script"] for step in doc["steps"] if "script" in step]
    if provider == "codebuild":
        return [line for phase in doc["phases"].values() for line in phase.get("commands", [])]
    raise AssertionError(f"no reader for {provider}")


def expected_commands(provider: str, spec: dict) -> list[str]:
    """What a CI file must run: install, the linter (if any), the tests, the pipeline (if chosen)."""
    steps = spec["fields"].get("ci_steps", ["lint", "unit_tests", "pipeline", "record"])
    lint = LINT[spec["fields"].get("linter", "ruff")]
    jenkins = provider == "jenkins"  # Jenkins installs with --user: its tools run as python -m
    commands = [INSTALL.replace("install", "install --user") if jenkins else INSTALL]
    if "lint" in steps and lint:
        commands.append(f"python -m {lint}" if jenkins else lint)
    if "unit_tests" in steps:
        commands.append(TEST)
    return commands


def _pinned(path: Path) -> dict[str, str]:
    """``name==version`` lines of a requirements file (comments and blank lines aside); anything else fails."""
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("  #")[0].strip()
        if line and not line.startswith("#"):
            match = re.fullmatch(r"([A-Za-z0-9._-]+)==([0-9][0-9A-Za-z.+-]*)", line)
            assert match, f"{path.name}: {line!r} is not pinned to an exact version"
            pins[match.group(1).lower()] = match.group(2)
    return pins


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_the_ci_file_runs_the_lint_and_tests_that_pass_in_the_export(exports, variant: str, provider: str) -> None:
    export = exports(variant)
    path, files = export.ci_file(provider)
    # Only the CI file, the README and the docs differ between providers: what ran in the export holds for all.
    for relative, data in files.items():
        if relative not in (path, "README.md") and not relative.startswith(("docs/", ".mlops-kickoff")):
            assert (export.folder / relative).read_bytes() == data, relative
    commands = ci_commands(provider, files[path].decode("utf-8"))
    pipeline = [c for c in commands if c.startswith("python run_pipeline.py")]
    assert [c for c in commands if c not in pipeline] == expected_commands(provider, export.spec)
    steps = export.spec["fields"].get("ci_steps", ["lint", "unit_tests", "pipeline", "record"])
    assert len(pipeline) == ("pipeline" in steps)
    for command in commands[1:]:
        if command in pipeline or (command.endswith("flake8 .") and not shutil.which("flake8", path=_env()["PATH"])):
            continue  # the pipeline: test_environment_scaffold runs it; flake8: see the test below
        result = export.run(command)
        assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
        if command == TEST:
            _check_the_test_report(result.stdout, export.spec["module"])


def _check_the_test_report(out: str, module: str) -> None:
    """Every scaffold test passed; only the training test may be skipped, and only without its framework."""
    collected = int(re.search(r"collected (\d+) items", out).group(1))
    summary = out.strip().splitlines()[-1]
    passed = int(re.search(r"(\d+) passed", summary).group(1))
    skipped = int(m.group(1)) if (m := re.search(r"(\d+) skipped", summary)) else 0
    assert collected >= 5 and passed == collected - skipped, out  # data list, changed file, preprocessing, record, training
    if module and not _has(module):
        assert skipped == 1 and f"could not import '{module}'" in out, out
    else:
        assert skipped == 0, out


FLAKE8_VARIANTS = sorted(v for v, spec in VARIANTS.items() if spec["fields"].get("linter") == "black_flake8")


@pytest.mark.parametrize("variant", FLAKE8_VARIANTS)
def test_the_black_and_flake8_variants_pass_those_rules_as_ruff_has_them(exports, variant: str) -> None:
    """black and flake8 are not in our venv: ruff's pycodestyle and pyflakes rules and its black-like formatter
    stand in for them here, with the settings of the scaffold's .flake8 and pyproject.toml."""
    export = exports(variant)
    assert "max-line-length = 120" in (export.folder / ".flake8").read_text(encoding="utf-8")
    assert "line-length = 120" in (export.folder / "pyproject.toml").read_text(encoding="utf-8")
    for command in (
        "ruff check --isolated --select E,W,F --ignore E203,E701 --line-length 120 .",
        "ruff format --isolated --check --line-length 120 .",
    ):
        result = export.run(command)
        assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"


@pytest.mark.parametrize("variant", FLAKE8_VARIANTS)
def test_the_black_and_flake8_variants_lint_clean(exports, variant: str) -> None:
    if not (shutil.which("flake8", path=_env()["PATH"]) and shutil.which("black", path=_env()["PATH"])):
        pytest.skip("black and flake8 are not installed here (set MLOPS_KICKOFF_SCAFFOLD_PYTHON to a Python that has them)")
    export = exports(variant)
    for command in ("flake8 .", "black --check ."):
        result = export.run(command)
        assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_the_tools_and_frameworks_are_pinned_to_what_our_suite_runs(exports, variant: str) -> None:
    export = exports(variant)
    ours = _pinned(REPO / "requirements" / "test.lock")
    dev = _pinned(export.folder / "requirements-dev.txt")
    assert dev["pytest"] == ours["pytest"] == metadata.version("pytest")
    linter = export.spec["fields"].get("linter", "ruff")
    assert set(dev) == {"pytest", *{"ruff": ["ruff"], "black_flake8": ["black", "flake8"], "none": []}[linter]}
    if linter == "ruff":
        assert dev["ruff"] == ours["ruff"] == metadata.version("ruff")
    runtime = _pinned(export.folder / "requirements.txt")
    code = json.loads((export.folder / "configs" / "pipeline.json").read_text(encoding="utf-8"))["paths"]["code"]
    model = (export.folder / code / "model.py").read_text(encoding="utf-8")
    assert f'MODULE = "{export.spec["module"]}"' in model
    package = {"torch": "torch", "tensorflow": "tensorflow", "lightgbm": "lightgbm", "sklearn": "scikit-learn", "": None}
    expected = {package[export.spec["module"]]} - {None}
    if "scikit-learn" in export.spec["frameworks"]:
        expected.add("scikit-learn")
    assert expected <= set(runtime)
    assert ("mlflow" in runtime) == (export.spec["fields"].get("experiment_tracking") == "mlflow")

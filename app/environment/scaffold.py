"""``export scaffold``: a repository to hand the data scientists on day one.

The directory layout the wiki describes, a README that says how to set up and run, a Dockerfile
for training, a baseline pipeline skeleton (dataset list -> preprocess -> train -> evaluate ->
experiment record) that runs as it is on a tiny sample, the dataset-list CSV files of the data
platform, the experiment rules as Markdown, and a CI workflow for the chosen CI system that lints
(``LINT_COMMANDS``) and tests (``TEST_COMMAND``) what it exports.

The baseline model uses the first framework the hearing names (``pins.yaml``: PyTorch,
TensorFlow, LightGBM, scikit-learn), else plain Python; every framework named and every tool is
pinned to an exact version. Static files come from ``resources/templates/scaffold/files``; the
rest is rendered.

An existing non-empty folder is never overwritten unless ``force``: then the scaffold's files
replace those of the same name and every other file is kept.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from app.core import paths
from app.core.errors import UserError
from app.core.files import quoting
from app.core.files.atomic import (
    atomic_directory,
    clean_leftovers,
    os_reason,
    part_prefix,
    placing,
    refuse_read_only,
)
from app.core.files.control_chars import visible
from app.core.files.folder_target import MARKER, is_empty_folder, marker_text
from app.core.files.guarded import refuse_holding_kept, refuse_kept
from app.core.i18n import Lang
from app.core.messages import Label
from app.core.workspace import Workspace
from app.environment import wiki_markdown as mdt
from app.environment.facts import ProjectFacts, gather
from app.environment.sheet import spec_of
from app.environment.templates import markdown_environment, render_template
from app.environment.wiki_render import render_wiki, sync_line

KIND = "scaffold"
ROLES = ("raw", "sample", "datasets", "processed", "models", "reports", "code", "configs", "tests")
CI_TEMPLATES = {
    "github_actions": "github_actions.j2",
    "gitlab_ci": "gitlab_ci.j2",
    "bitbucket": "bitbucket.j2",
    "azure_pipelines": "azure_pipelines.j2",
    "codebuild": "codebuild.j2",
    "jenkins": "jenkins.j2",
}
LINT_COMMANDS = {"ruff": "ruff check .", "black_flake8": "flake8 ."}
TEST_COMMAND = "python -m pytest"
SAMPLE_FILES = (("sample_train.csv", "train"), ("sample_test.csv", "test"))
CSV_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
REPO_NAME = Label(ja="リポジトリ名", en="Repository name")


def scaffold_dir() -> Path:
    return paths.resources_dir() / "templates" / "scaffold"


@dataclass(frozen=True)
class Framework:
    """A framework of ``pins.yaml`` the baseline can use."""

    id: str
    label: str
    match: tuple[str, ...]
    module: str
    packages: dict[str, str]
    train: dict[str, Any]
    image: dict[str, str] | None = None


@cache
def pins() -> dict[str, Any]:
    """``pins.yaml``: the tools' and the frameworks' exact versions (shipped with the app)."""
    import yaml

    data = yaml.safe_load((scaffold_dir() / "pins.yaml").read_text(encoding="utf-8"))
    data["frameworks"] = tuple(
        Framework(**{**f, "match": tuple(f["match"]), "packages": dict(f["packages"])}) for f in data["frameworks"]
    )
    return data


def frameworks_named(answer: Any) -> list[Framework]:
    """The frameworks an answer names ("PyTorch, scikit-learn"), in the order it names them."""
    text = " ".join(answer) if isinstance(answer, list) else str(answer or "")
    text = text.lower().replace("_", "-")
    found = []
    for framework in pins()["frameworks"]:
        positions = [m.start() for word in framework.match for m in re.finditer(re.escape(word), text)]
        if positions:
            found.append((min(positions), framework))
    return [framework for _, framework in sorted(found, key=lambda pair: pair[0])]


def requirements(named: list[Framework], base_image: str, mlflow: bool) -> list[str]:
    """The lines of requirements.txt: every framework named and what it needs, pinned.

    A base image that ships the framework (``pytorch/pytorch:2.3.1-...``) gives its version, and
    nothing else of that framework is pinned: the image brings it, and a second copy would not fit.
    """
    lines: dict[str, str] = {}  # package -> its line; the first pin of a package wins
    for framework in named:
        shipped = _version_in_image(framework, base_image)
        if framework.image and shipped:
            package = framework.image["package"]
            lines.setdefault(package, f"{package}=={shipped}  # as in {quoting.docker_image(base_image)}")
            continue
        for n, (package, version) in enumerate(framework.packages.items()):
            lines.setdefault(package, f"{package}=={version}" + (f"  # {framework.label}" if n == 0 else ""))
    if mlflow:
        lines.setdefault("mlflow", f"mlflow=={pins()['tools']['mlflow']}  # experiment tracking")
    return list(lines.values())


def _version_in_image(framework: Framework, base_image: str) -> str | None:
    """The framework's version an image's tag gives (``pytorch/pytorch:2.3.1-cuda12.1-...`` -> 2.3.1)."""
    prefix = framework.image["prefix"] if framework.image else None
    if not prefix or not base_image.startswith(prefix):
        return None
    version = re.match(r"\d+(?:\.\d+)*", base_image[len(prefix) :])
    return version.group(0) if version else None


def dev_requirements(linter: Any) -> list[str]:
    """The lines of requirements-dev.txt: the test runner and the chosen linter, pinned."""
    tools = pins()["tools"]
    names = ["pytest", *({"ruff": ["ruff"], "black_flake8": ["black", "flake8"]}.get(str(linter), []))]
    return [f"{name}=={tools[name]}" for name in names]


def _oneline(value: Any) -> str:
    """Values in plain-text files (Dockerfile, YAML, requirements) stay on one line, free of control characters."""
    if isinstance(value, quoting.Quoted):
        return value
    text = "" if value is None else str(value)
    return " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())


def _plain_environment():  # a jinja2 environment
    from app.core.content.templating import sandboxed_environment

    env = sandboxed_environment([scaffold_dir()], autoescape=False, finalize=_oneline)
    env.filters["yaml"] = lambda value: quoting.Quoted(quoting.yaml_scalar(value))
    env.filters["image"] = lambda value: quoting.Quoted(quoting.docker_image(value))
    env.filters["comment"] = lambda value: quoting.Quoted(quoting.comment(value))
    env.filters["toml"] = lambda value: quoting.Quoted(json.dumps(str(value), ensure_ascii=False))
    return env


def docker_commands(repo_name: str, gpu: bool, what: object = REPO_NAME) -> tuple[str, str]:
    """How to build and run the training image (the README and the Dockerfile's comments); ``what`` names the field."""
    image = quoting.operand(f"{repo_name}-train", what)
    build = f"docker build -t {image} ."
    run = " ".join(["docker run --rm", *(["--gpus all"] if gpu else []), '-v "$PWD":/work', image, "python run_pipeline.py"])
    return build, run


def csv_text(rows: list[list[Any]]) -> str:
    """CSV whose text fields a spreadsheet will not run as formulas (a leading ' per FIELD-NOTES)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for row in rows:
        cells = [visible(v) if isinstance(v, str) else v for v in row]  # control characters shown (ESC -> ␛)
        writer.writerow(["'" + str(v) if str(v).startswith(CSV_FORMULA_START) else ("" if v is None else v) for v in cells])
    return buffer.getvalue()


def _context(facts: ProjectFacts, lang: Lang) -> dict[str, Any]:
    choices = facts.choices
    layout = choices.layout
    role_paths = {role: layout.path_of(role) for role in ROLES}
    docs = next((e.path for e in layout.entries if e.role == "docs"), "docs")
    ci = choices.option("ci_system")
    python = choices.option("python_version")
    base_image = str(choices.value("docker_base_image") or "python:3.11-slim")
    mlflow = choices.has("experiment_tracking", "mlflow") or choices.has("ci_record", "mlflow")
    repo_field = choices.resolved["repo_name"].field.label
    docker_build, docker_run = docker_commands(str(choices.value("repo_name")), choices.has("gpu", "yes"), repo_field)
    named = frameworks_named(choices.value("frameworks"))
    python_version = python.value if python else "3.11"
    return {
        "project": facts.project,
        "summary": facts.answer("hearing.basics.purpose_goal"),
        "repo_name": choices.value("repo_name"),
        "base_image": base_image,
        "needs_python": base_image.startswith("nvidia/"),
        "gpu": choices.has("gpu", "yes"),
        "gpu_runner": choices.has("ci_runner", "self_hosted_gpu"),
        "python_version": python_version,
        "python_tag": "py" + python_version.replace(".", ""),
        "frameworks": choices.value("frameworks"),
        "framework": named[0] if named else None,
        "unmatched_frameworks": bool(str(choices.value("frameworks") or "").strip()) and not named,
        "requirements": [quoting.Quoted(line) for line in requirements(named, base_image, mlflow)],
        "dev_requirements": [quoting.Quoted(line) for line in dev_requirements(choices.value("linter"))],
        "linter": choices.value("linter"),
        "lint_command": LINT_COMMANDS.get(choices.value("linter"), ""),
        "test_command": TEST_COMMAND,
        "mlflow": mlflow,
        "triggers": choices.value("ci_triggers") or [],
        "steps": choices.value("ci_steps") or [],
        "cache": bool(choices.value("ci_cache")),
        "ci_file": ci.value if ci else "",
        "ci_label": choices.label("ci_system"),
        "storage_root": choices.value("storage_root"),
        "layout": [{"path": e.path, "about": e.about.get(lang), "git": e.git} for e in layout.entries],
        "ignored": [e.path for e in layout.entries if not e.git],
        "docs_path": f"{docs}/experiment-rules",
        "docker_build": quoting.Quoted(docker_build),
        "docker_run": quoting.Quoted(docker_run),
        "sync_raw": quoting.Quoted(sync_line(choices, "raw", "raw")),
        "shell_block": lambda *lines: mdt.block("\n".join(lines), "sh"),
        "code": mdt.code,
        **{f"{role}_path": path for role, path in role_paths.items()},
    }


def _config(facts: ProjectFacts, context: dict[str, Any], lang: Lang, ws: Workspace) -> dict[str, Any]:
    results = next(s for s in spec_of(ws).sheets if s.id == "results")
    return {
        "project": context["repo_name"],
        "experiment": "baseline",
        "dataset_list": f"{context['datasets_path']}/sample_v001.csv",
        "paths": {role: context[f"{role}_path"] for role in ROLES},
        "preprocess": {"standardize": True},
        "train": dict(context["framework"].train if context["framework"] else pins()["plain"]["train"]),
        "evaluate": {"metric": "accuracy"},
        "tracking": {"mlflow": context["mlflow"], "mlflow_uri": str(facts.choices.value("mlflow_uri") or "")},
        "record_columns": {c.id: c.label.get(lang) for c in results.columns},
    }


def _dataset_catalogue(facts: ProjectFacts) -> str:
    cells = facts.rows("hearing.prereq.data_sources")
    rows: list[list[Any]] = [["dataset", "formal_name", "storage_path", "kind", "origin", "license", "personal_info", "owner", "timing"]]
    for n, d in enumerate(facts.choices.datasets):
        c = cells[n] if n < len(cells) else {}
        rows.append([d.dataset_id, d.name, d.path, c.get("kind", ""), c.get("origin", ""), c.get("license", ""),
                     "yes" if d.personal_info else "no", d.owner, d.row.get("timing") or ""])
    return csv_text(rows)


def scaffold_files(ws: Workspace, project_id: int, lang: Lang) -> dict[str, bytes]:
    """Every file of the scaffold by its relative path (nothing is written here)."""
    facts = gather(ws, project_id, lang)
    context = _context(facts, lang)
    files: dict[str, bytes] = {}

    def text(path: str, content: str) -> None:
        files[path] = (content if content.endswith("\n") else content + "\n").encode("utf-8")

    static = scaffold_dir() / "files"
    files["run_pipeline.py"] = (static / "run_pipeline.py").read_bytes()
    for module in sorted((static / "pipeline").glob("*.py")):
        files[f"{context['code_path']}/{module.name}"] = module.read_bytes()
    framework = context["framework"]
    files[f"{context['code_path']}/model.py"] = (static / "models" / f"{framework.id if framework else 'plain'}.py").read_bytes()
    for test in ("conftest.py", "test_pipeline.py"):
        files[f"{context['tests_path']}/{test}"] = (static / "tests" / test).read_bytes()
    sample_rows: list[list[Any]] = [["dataset", "path", "split", "sha256"]]
    for name, split in SAMPLE_FILES:
        data = (static / "sample" / name).read_bytes()
        files[f"{context['sample_path']}/{name}"] = data
        sample_rows.append(["sample", f"{context['sample_path']}/{name}", split, hashlib.sha256(data).hexdigest()])
    text(f"{context['datasets_path']}/sample_v001.csv", csv_text(sample_rows))
    text(f"{context['datasets_path']}/raw_datasets.csv", _dataset_catalogue(facts))
    text(f"{context['configs_path']}/pipeline.json", json.dumps(_config(facts, context, lang, ws), ensure_ascii=False, indent=2))

    plain = _plain_environment()
    for target, template in (
        ("Dockerfile", "Dockerfile.j2"),
        (".gitignore", "gitignore.j2"),
        (".dockerignore", "dockerignore.j2"),
        ("requirements.txt", "requirements.txt.j2"),
        ("requirements-dev.txt", "requirements-dev.txt.j2"),
        ("pyproject.toml", "pyproject.toml.j2"),
    ):
        text(target, render_template(plain, template, context))
    if context["linter"] == "black_flake8":  # flake8 reads no pyproject.toml
        text(".flake8", render_template(plain, "flake8.j2", context))
    ci_id = facts.choices.value("ci_system")
    if context["ci_file"] and ci_id in CI_TEMPLATES:
        text(context["ci_file"], render_template(plain, f"ci/{CI_TEMPLATES[ci_id]}", context))
    readme_env = markdown_environment([scaffold_dir() / lang])
    text("README.md", render_template(readme_env, "README.md.j2", context))
    wiki = render_wiki(ws, project_id, lang, "plain", facts)
    for page in wiki.all_pages():
        text(f"{context['docs_path']}/{page.stem}.md", page.markdown)
    for entry in facts.choices.layout.entries:  # keep every folder of the layout, even the empty ones
        if not any(p.startswith(entry.path + "/") for p in files):
            files[f"{entry.path}/.gitkeep"] = b""
    text(MARKER, marker_text(KIND, facts.project.uuid, lang=lang))
    return files


def _write_all(folder: Path, files: dict[str, bytes]) -> None:
    for relative, data in files.items():
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        if relative == "run_pipeline.py":
            target.chmod(0o755)


def export_scaffold(ws: Workspace, project_id: int, out: Path, lang: Lang, force: bool = False) -> Path:
    out = Path(out).expanduser()
    files = scaffold_files(ws, project_id, lang)
    if out.exists() and not out.is_dir():
        raise UserError(key="file.not_a_folder", path=out)
    if not out.exists() or is_empty_folder(out):
        with atomic_directory(out) as tmp:
            _write_all(tmp, files)
        return out
    if not force:
        raise UserError(key="scaffold.not_empty", folder=out)
    _merge_into(out, files)
    return out


def _merge_into(out: Path, files: dict[str, bytes]) -> None:
    """--force: stage every file beside ``out``, then move each over its namesake; other files stay.

    Never into the folder of the open database or its backups (a ``git add .`` there takes the
    database along), nor over any SQLite database or journal: refused, as 'export wiki' refuses
    them (:mod:`app.core.files.guarded`), before anything is written."""
    refuse_holding_kept(out)
    for relative in files:
        refuse_kept(out / relative)
        try:
            refuse_read_only(out / relative)  # a file the user made read-only is not replaced
        except OSError as exc:
            raise UserError(key="file.cannot_write", path=out / relative, reason=os_reason(exc)) from None
    clean_leftovers(out)
    try:
        staging = Path(tempfile.mkdtemp(prefix=part_prefix(out), suffix=".part", dir=out.parent))
    except OSError as exc:
        raise UserError(key="file.cannot_write_in", folder=out.parent, reason=os_reason(exc)) from None
    try:
        _write_all(staging, files)
        for relative in files:
            target = out / relative
            if target.is_dir():
                raise UserError(key="scaffold.folder_in_the_way", target=target)
            target.parent.mkdir(parents=True, exist_ok=True)
            placing(target, staging / relative)
            os.replace(staging / relative, target)
    except OSError as exc:
        raise UserError(key="file.cannot_write", path=out, reason=os_reason(exc)) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)

"""The project scaffold: its layout, a pipeline skeleton that runs as it is, CI files, no overwriting."""

from __future__ import annotations

import csv
import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from app.core.errors import UserError
from app.environment.scaffold import CI_TEMPLATES, export_scaffold, scaffold_files
from app.environment.service import EnvironmentService, form_of
from app.hearing import AnswerService
from app.main import main


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], cwd=cwd, capture_output=True, text=True, timeout=120)


@pytest.fixture
def scaffold(workspace, demo, tmp_path: Path) -> Path:
    return export_scaffold(workspace, demo.id, tmp_path / "repo", "ja")


def name_no_framework(workspace, project_id: int) -> None:
    """The hearing names no framework: the baseline is plain Python, runnable here."""
    AnswerService(workspace.db, workspace.library).update(project_id, "hearing.prereq.frameworks", value="")


@pytest.fixture
def plain_scaffold(workspace, demo, tmp_path: Path) -> Path:
    name_no_framework(workspace, demo.id)
    return export_scaffold(workspace, demo.id, tmp_path / "repo", "ja")


def test_the_layout_the_wiki_describes_with_readme_dockerfile_and_ci(workspace, demo, scaffold: Path) -> None:
    layout = EnvironmentService(workspace).choices(demo.id, "ja").layout
    for entry in layout.entries:
        assert (scaffold / entry.path).is_dir(), entry.path
    readme = (scaffold / "README.md").read_text(encoding="utf-8")
    assert "## 環境構築" in readme and "## 実行手順" in readme and "## 実験の再現" in readme
    assert "docker build -t similar-image-search-train ." in readme and "--gpus all" in readme
    assert "python run_pipeline.py --from train" in readme
    assert "aws s3 sync s3://sample-retail-similar-image-poc/raw/ data/raw/" in readme
    dockerfile = (scaffold / "Dockerfile").read_text(encoding="utf-8")
    assert dockerfile.splitlines()[3] == "FROM pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime"
    workflow = yaml.safe_load((scaffold / ".github" / "workflows" / "pipeline.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["pipeline"]["steps"]
    assert any("run_pipeline.py" in step.get("run", "") for step in steps)
    assert any(step.get("uses", "").startswith("actions/cache") for step in steps)  # data caching
    assert set(workflow[True]) == {"push", "pull_request", "workflow_dispatch"}  # YAML reads "on" as True
    assert (scaffold / "docs" / "experiment-rules" / "index.md").is_file()
    ignored = (scaffold / ".gitignore").read_text(encoding="utf-8")
    assert "/data/raw/*" in ignored and "/models/*" in ignored


def test_the_dataset_lists_follow_the_data_platform(scaffold: Path) -> None:
    with open(scaffold / "data" / "datasets" / "raw_datasets.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["dataset"] for r in rows] == ["product_images", "product_master", "browse_logs"]
    assert rows[2]["personal_info"] == "yes"
    assert rows[0]["storage_path"] == "s3://sample-retail-similar-image-poc/raw/product_images/"
    with open(scaffold / "data" / "datasets" / "sample_v001.csv", encoding="utf-8", newline="") as fh:
        listed = list(csv.DictReader(fh))
    assert {r["split"] for r in listed} == {"train", "test"} and all(len(r["sha256"]) == 64 for r in listed)


def test_the_pipeline_skeleton_runs_as_it_is(plain_scaffold: Path) -> None:
    scaffold = plain_scaffold
    first = run(["run_pipeline.py", "--note", "baseline", "--issue", "3"], scaffold)
    assert first.returncode == 0, first.stderr
    assert "preprocess done" in first.stdout and "recorded" in first.stdout
    metrics = json.loads((scaffold / "reports" / "baseline" / "metrics.json").read_text(encoding="utf-8"))
    assert metrics["accuracy"] >= 0.5 and metrics["test_rows"] > 0
    assert (scaffold / "models" / "baseline" / "model.json").is_file()
    second = run(["run_pipeline.py"], scaffold)
    assert second.returncode == 0 and second.stdout.count("cached") == 3  # nothing changed: nothing runs
    partial = run(["run_pipeline.py", "--from", "train"], scaffold)
    assert "preprocess" not in partial.stdout and "train      done" in partial.stdout
    with open(scaffold / "reports" / "experiments.csv", encoding="utf-8", newline="") as fh:
        records = list(csv.reader(fh))
    assert records[0] == ["モデル名", "モデル保存先", "②Inputデータ", "学習スクリプト", "変更点サマリ", "評価スクリプト",
                          "評価サマリ", "顧客報告", "関連IssueNo", "担当者", "備考"]
    assert records[1][0] == "baseline" and records[1][4] == "baseline" and records[1][8] == "3"
    assert "sample_v001.csv sha256:" in records[1][2]  # the model can be traced to its data


def test_a_changed_data_file_is_caught(plain_scaffold: Path) -> None:
    scaffold = plain_scaffold
    sample = scaffold / "data" / "sample" / "sample_train.csv"
    sample.write_text(sample.read_text(encoding="utf-8") + "9,9,1\n", encoding="utf-8")
    result = run(["run_pipeline.py"], scaffold)
    assert result.returncode != 0 and "differs from the version" in result.stderr


def test_the_input_script_output_layout_runs_too(workspace, demo, tmp_path: Path) -> None:
    EnvironmentService(workspace).set_value(demo.id, "directory_template", "pipeline_io")
    name_no_framework(workspace, demo.id)
    out = export_scaffold(workspace, demo.id, tmp_path / "io", "en")
    assert (out / "scripts" / "train.py").is_file() and (out / "input" / "datasets" / "sample_v001.csv").is_file()
    result = run(["run_pipeline.py"], out)
    assert result.returncode == 0, result.stderr
    assert (out / "output" / "reports" / "baseline" / "metrics.json").is_file()


@pytest.mark.parametrize("ci", sorted(CI_TEMPLATES))
def test_every_ci_system_gets_a_workflow_that_runs_the_pipeline(workspace, demo, ci: str) -> None:
    EnvironmentService(workspace).set_value(demo.id, "ci_system", ci)
    EnvironmentService(workspace).set_value(demo.id, "ci_triggers", ["push", "pull_request", "schedule", "manual"])
    path = form_of(workspace).field("ci_system").option(ci).value
    files = scaffold_files(workspace, demo.id, "en")
    text = files[path].decode("utf-8")
    assert "run_pipeline.py" in text and "python -m pytest" in text
    if path.endswith(".yml"):
        assert isinstance(yaml.safe_load(text), dict)


def _pins(text: str) -> dict[str, str]:
    lines = [line.split("  #")[0] for line in text.splitlines() if line.strip() and not line.startswith("#")]
    assert all(re.fullmatch(r"[a-z0-9-]+==\d+(\.\d+)*", line) for line in lines), lines  # exact versions only
    return dict(line.split("==") for line in lines)


@pytest.mark.parametrize(
    ("answer", "gpu", "module", "packages"),
    [
        ("PyTorch", "no", "torch", {"torch"}),
        ("TensorFlow 2系", "no", "tensorflow", {"tensorflow", "numpy"}),
        ("LightGBM", "no", "lightgbm", {"lightgbm", "numpy", "scipy"}),
        ("scikit-learn", "no", "sklearn", {"scikit-learn", "numpy", "scipy"}),
        ("まずsklearn、精度が出なければPyTorch", "no", "sklearn", {"scikit-learn", "numpy", "scipy", "torch"}),
        ("JAX", "no", "", set()),
        ("", "no", "", set()),
    ],
)
def test_the_hearing_framework_gives_the_baseline_and_its_pinned_dependencies(
    workspace, demo, answer: str, gpu: str, module: str, packages: set[str]
) -> None:
    AnswerService(workspace.db, workspace.library).update(demo.id, "hearing.prereq.frameworks", value=answer)
    EnvironmentService(workspace).set_value(demo.id, "gpu", gpu)
    files = scaffold_files(workspace, demo.id, "en")
    model = files["src/model.py"].decode("utf-8")
    assert f'MODULE = "{module}"' in model  # the first framework named gives the baseline
    assert not re.search(r"^import (torch|tensorflow|lightgbm|sklearn)", model, re.MULTILINE)  # imported when used
    requirements = files["requirements.txt"].decode("utf-8")
    assert set(_pins(requirements)) == packages
    assert ("No baseline for these here" in requirements) == (answer == "JAX")
    dev = _pins(files["requirements-dev.txt"].decode("utf-8"))
    assert set(dev) == {"pytest", "ruff"}
    config = json.loads(files["configs/pipeline.json"].decode("utf-8"))
    assert (config["train"]["method"] == "nearest_centroid") == (not module)


def test_a_base_image_that_ships_the_framework_gives_its_version(workspace, demo) -> None:
    files = scaffold_files(workspace, demo.id, "en")  # the demo: PyTorch on a GPU, the PyTorch image
    image = files["Dockerfile"].decode("utf-8").splitlines()[3].removeprefix("FROM ")
    assert image.startswith("pytorch/pytorch:2.3.1-")
    assert _pins(files["requirements.txt"].decode("utf-8")) == {"torch": "2.3.1"}  # no second, different torch


def test_without_its_framework_the_pipeline_says_what_to_install(scaffold: Path) -> None:
    if importlib.util.find_spec("torch"):
        pytest.skip("PyTorch is installed here")
    result = run(["run_pipeline.py"], scaffold)
    assert result.returncode != 0
    assert "preprocess done" in result.stdout  # the data steps need no framework
    assert "PyTorch is not installed: pip install -r requirements.txt" in result.stderr


def test_user_text_cannot_add_lines_to_generated_files(workspace, demo) -> None:
    AnswerService(workspace.db, workspace.library).update(
        demo.id, "hearing.prereq.frameworks", value="PyTorch\n--index-url https://evil.example/simple"
    )
    requirements = scaffold_files(workspace, demo.id, "en")["requirements.txt"].decode("utf-8")
    assert not any(line.startswith("--index-url") for line in requirements.splitlines())


def test_an_existing_folder_is_not_overwritten_unless_forced(workspace, demo, tmp_path: Path, capsys, db_path) -> None:
    target = tmp_path / "repo"
    target.mkdir()
    (target / "notes.txt").write_text("mine", encoding="utf-8")
    (target / "README.md").write_text("old readme", encoding="utf-8")
    with pytest.raises(UserError, match="--force"):
        export_scaffold(workspace, demo.id, target, "ja")
    assert sorted(p.name for p in target.iterdir()) == ["README.md", "notes.txt"]
    code = main(["--db", str(db_path), "export", "scaffold", "--project", str(demo.id), "--out", str(target)])
    assert code == 2 and capsys.readouterr().err == (
        f"mlops-kickoff: エラー: {target} は空ではありません。空のフォルダーを選ぶか、--force を付けてそのフォルダーにひな形を書き込んでください\n")
    code = main(["--db", str(db_path), "--lang", "en", "export", "scaffold", "--project", str(demo.id), "--out", str(target)])
    assert code == 2 and capsys.readouterr().err == (
        f"mlops-kickoff: error: {target} is not empty; choose an empty folder or add --force to write the scaffold into it\n")
    code = main(["--db", str(db_path), "export", "scaffold", "--project", str(demo.id), "--out", str(target), "--force"])
    assert code == 0
    assert (target / "notes.txt").read_text(encoding="utf-8") == "mine"  # other files are kept
    assert "run_pipeline.py" in (target / "README.md").read_text(encoding="utf-8")  # namesakes replaced
    assert (target / "run_pipeline.py").is_file()
    assert [p.name for p in tmp_path.iterdir() if ".part" in p.name] == []


def test_a_forced_export_cleans_what_a_killed_one_left(workspace, demo, tmp_path: Path) -> None:
    import subprocess
    import sys

    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait(60)
    target = tmp_path / "repo"
    target.mkdir()
    (target / "notes.txt").write_text("mine", encoding="utf-8")
    staged = tmp_path / f".repo.{gone.pid}-abcd1234.part"  # a killed --force export's staging folder
    staged.mkdir()
    (staged / "README.md").write_text("half", encoding="utf-8")
    export_scaffold(workspace, demo.id, target, "ja", force=True)
    assert not staged.exists()
    assert [p.name for p in tmp_path.iterdir() if ".part" in p.name] == []


def test_an_empty_folder_is_filled(workspace, demo, tmp_path: Path) -> None:
    target = tmp_path / "empty"
    target.mkdir()
    export_scaffold(workspace, demo.id, target, "en")
    assert (target / "Dockerfile").is_file()

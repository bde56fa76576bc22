"""No command injection through what we write: field rules at every entry, one quoting helper per target.

Hostile values (quotes, backticks, ``$()``, ``;``, ``&&``, ``|``, newlines, ``${{ }}``, ``#``,
a leading ``-``, spaces) go into every field that reaches a generated file. Where a field has a
rule (repository name, Docker base image, storage root, storage-location paths, dataset names),
the pages and the project-file import refuse them alike, in one line, changing nothing. Values
that got in anyway (an older database) are written safely or refused at export: each file is
read back with its own parser (``shlex.split`` and bash for command lines, ``yaml.safe_load``
for CI files and mkdocs.yml, the Dockerfile's instruction split, ``json``/``csv``), and a value
stays one literal token.
"""

from __future__ import annotations

import copy
import csv
import json
import re
import shlex
import shutil
import subprocess
import time
from pathlib import Path

import pytest
import yaml

from app.core.documents import DocumentService
from app.core.errors import UserError, ValidationFailed
from app.core.files import quoting
from app.core.projects import ProjectService
from app.environment.scaffold import CI_TEMPLATES, export_scaffold, scaffold_files
from app.environment.service import EnvironmentService
from app.environment.wiki_export import export_wiki
from app.environment.wiki_render import FORMATS
from app.hearing.answers import AnswerService
from app.main import main
from app.projects import transfer

MARK = "PWNED"
PAYLOADS = [
    f"x'$(touch {MARK})'",
    f'x"; touch {MARK}; echo "',
    f"x`touch {MARK}`",
    f"x$(touch {MARK})",
    f"x; touch {MARK}",
    f"x && touch {MARK}",
    f"x | touch {MARK}",
    f"x\ntouch {MARK}",
    f"x${{{{ github.token }}}}{MARK}",
    f"x #{MARK}",
    f"-{MARK}",
    f"x {MARK} y",
    f"```\ntouch {MARK}\n```",
]
IDS = [f"p{n}" for n in range(len(PAYLOADS))]
# The fields whose value goes into commands, paths, a Dockerfile or CI files (with a rule).
RULED_FIELDS = ("repo_name", "docker_base_image", "storage_root")
# Free-text fields of the environment form that reach a generated file (no rule: Markdown, comments, JSON).
TEXT_FIELDS = ("branch_naming", "languages", "frameworks", "mlflow_uri", "deletion_plan", "personal_info_rule")
LOCATION_KINDS = ("raw", "processed", "models", "metadata")


def one_line(message: str) -> bool:
    return "\n" not in message.strip() and "Traceback" not in message


def snapshot(ws, project_id: int) -> dict:
    return EnvironmentService(ws).stored(project_id)


# --- 1. the same rule at every entry -----------------------------------------------------------


def ui_entries(ws, project_id: int):
    """Every way the pages set a ruled value: (what, call(value))."""
    service = EnvironmentService(ws)
    entries = [(f, lambda v, f=f: service.set_value(project_id, f, v)) for f in RULED_FIELDS]
    entries += [(f"location {k}", lambda v, k=k: service.set_location(project_id, k, "path", v)) for k in LOCATION_KINDS]
    for dataset in service.choices(project_id, "en").datasets:
        entries.append((f"dataset {dataset.key}", lambda v, key=dataset.key: service.set_dataset(project_id, key, "dataset_id", v)))
    return entries


@pytest.mark.parametrize("payload", PAYLOADS, ids=IDS)
def test_the_pages_refuse_a_hostile_value_in_every_ruled_field(workspace, demo, payload: str) -> None:
    before = snapshot(workspace, demo.id)
    entries = ui_entries(workspace, demo.id)
    assert len(entries) >= len(RULED_FIELDS) + len(LOCATION_KINDS) + 3
    for what, call in entries:
        started = time.perf_counter()
        with pytest.raises(ValidationFailed) as caught:
            call(payload)
        assert time.perf_counter() - started < 5
        assert one_line(str(caught.value)), what
        assert snapshot(workspace, demo.id) == before, what


def hostile_file(ws, project_id: int, where: str, payload: str) -> dict:
    """The project exported to a dict, with ``payload`` put where the pages would refuse it."""
    data = transfer.export_data(ws.db, project_id)
    docs = {d["kind"]: d for d in data["documents"]}
    for kind in ("environment", "data_platform"):
        docs.setdefault(kind, {"kind": kind, "data": {}, "updated_at": data["exported_at"]})
    if where in RULED_FIELDS:
        kind = "data_platform" if where == "storage_root" else "environment"
        docs[kind]["data"].setdefault("values", {})[where] = payload
    elif where.startswith("location "):
        docs["data_platform"]["data"].setdefault("locations", {}).setdefault(where.split()[1], {})["path"] = payload
    else:
        key = where.split(" ", 1)[1]
        docs["data_platform"]["data"].setdefault("datasets", {}).setdefault(key, {})["dataset_id"] = payload
    data["documents"] = list(docs.values())
    return data


@pytest.mark.parametrize("payload", PAYLOADS, ids=IDS)
def test_the_project_file_import_refuses_what_the_pages_refuse(workspace, demo, payload: str) -> None:
    projects = len(ProjectService(workspace.db).list())
    for what, _ in ui_entries(workspace, demo.id):
        data = hostile_file(workspace, demo.id, what, payload)
        started = time.perf_counter()
        with pytest.raises(UserError) as caught:
            transfer.import_data(workspace.db, data, source="hostile.json", library=workspace.library)
        assert time.perf_counter() - started < 5
        assert one_line(str(caught.value)) and "nothing was imported" in str(caught.value), what
        assert len(ProjectService(workspace.db).list()) == projects, what


@pytest.mark.parametrize("where", ["repo_name", "storage_root", "location raw"])
def test_cli_and_pages_refuse_the_same_value_with_one_line(workspace, demo, db_path: Path, tmp_path: Path, capsys, where: str) -> None:
    payload = "x'$(touch PWNED)'"
    service = EnvironmentService(workspace)
    before = snapshot(workspace, demo.id)
    with pytest.raises(ValidationFailed) as on_page:
        if where.startswith("location"):
            service.set_location(demo.id, "raw", "path", payload)
        else:
            service.set_value(demo.id, where, payload)
    assert snapshot(workspace, demo.id) == before
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(hostile_file(workspace, demo.id, where, payload)), encoding="utf-8")
    projects = len(ProjectService(workspace.db).list())
    capsys.readouterr()
    started = time.perf_counter()
    code = main(["--db", str(db_path), "project", "import", str(path)])
    assert time.perf_counter() - started < 5
    err = capsys.readouterr().err
    assert code == 2 and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert on_page.value.text("ja") in err  # the same words on the page and in the terminal (the suite's language)
    assert len(ProjectService(workspace.db).list()) == projects


def test_valid_values_still_pass_both_entries(workspace, demo) -> None:
    service = EnvironmentService(workspace)
    service.set_value(demo.id, "repo_name", "my-repo.v2")
    service.set_value(demo.id, "storage_root", "s3://bucket/proj#1")
    service.set_location(demo.id, "raw", "path", "gs://bucket/raw/")
    data = transfer.export_data(workspace.db, demo.id)
    new_id = transfer.import_data(workspace.db, data, name="copy", library=workspace.library)
    assert EnvironmentService(workspace).stored(new_id) == EnvironmentService(workspace).stored(demo.id)


# --- 2. one helper per target ----------------------------------------------------------------


@pytest.mark.parametrize("payload", PAYLOADS, ids=IDS)
def test_the_quoting_helpers(payload: str) -> None:
    if "\n" in payload:
        with pytest.raises(UserError):
            quoting.shell(payload)
    else:
        assert shlex.split(f"echo {quoting.shell(payload)} end") == ["echo", payload, "end"]
    if "$" in payload:
        with pytest.raises(UserError):
            quoting.yaml_scalar(payload)
    else:
        assert yaml.safe_load(f"key: {quoting.yaml_scalar(payload)}\nother: 1") == {"key": payload, "other": 1}
    with pytest.raises(UserError):
        quoting.docker_image(payload)
    body = f"echo {payload}"
    block = quoting.fence(body, "sh")
    assert code_blocks(block) == [body]


def test_the_docker_image_helper_keeps_real_images() -> None:
    for image in ("python:3.11-slim", "nvidia/cuda:12.1.1-cudnn8-runtime-ubuntu22.04", "ghcr.io/org/img@sha256:abc"):
        assert quoting.docker_image(image) == image


# --- 3. values that got in anyway are written safely ---------------------------------------------


def code_blocks(markdown: str) -> list[str]:
    """The bodies of fenced code blocks, closed only by a fence at least as long (CommonMark)."""
    blocks, lines, n = [], markdown.split("\n"), 0
    while n < len(lines):
        opening = re.match(r"^(`{3,})", lines[n])
        if not opening:
            n += 1
            continue
        fence, body = opening.group(1), []
        n += 1
        while n < len(lines) and not re.fullmatch(rf"`{{{len(fence)},}}\s*", lines[n]):
            body.append(lines[n])
            n += 1
        blocks.append("\n".join(body))
        n += 1
    return blocks


def inline_spans(markdown: str) -> list[str]:
    """Inline code spans outside fenced blocks (a run of n backticks closed by a run of exactly n)."""
    outside = markdown
    for body in code_blocks(markdown):
        outside = outside.replace(body, "")
    spans = []
    for match in re.finditer(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", outside):
        text = match.group(2)
        spans.append(text[1:-1] if text.startswith(" ") and text.endswith(" ") and text.strip() else text)
    return spans


STUBS = "aws() { :; }; gcloud() { :; }; azcopy() { :; }; rsync() { :; }; docker() { :; }; pip() { :; }; python() { :; }\n"


def run_shell(script: str, cwd: Path) -> None:
    """Run the commands with their programs stubbed: a hostile value must not run anything."""
    bash = shutil.which("bash")
    assert bash
    subprocess.run([bash, "-c", STUBS + script], cwd=cwd, capture_output=True, timeout=10, check=False)
    assert not (cwd / MARK).exists(), script


def put_hostile(ws, project_id: int, payload: str, image: str = "python:3.11-slim") -> dict:
    """Write hostile values straight into the database (an older version, before the rules)."""
    documents = DocumentService(ws.db)
    env = documents.get(project_id, "environment")
    platform = documents.get(project_id, "data_platform")
    values = env.setdefault("values", {})
    for f in ("repo_name", *TEXT_FIELDS):
        if f in ("deletion_plan", "personal_info_rule"):
            platform.setdefault("values", {})[f] = payload
        else:
            values[f] = payload
    values["docker_base_image"] = image
    platform.setdefault("values", {})["storage_root"] = payload
    platform["locations"] = {k: {"path": f"{payload}/{k}", "access": payload, "note": payload} for k in LOCATION_KINDS}
    choices = EnvironmentService(ws).choices(project_id, "en")
    platform["datasets"] = {d.key: {"dataset_id": payload, "owner": payload} for d in choices.datasets}
    documents.put(project_id, "environment", env)
    documents.put(project_id, "data_platform", platform)
    answers = AnswerService(ws.db, ws.library)
    rows = copy.deepcopy(answers.answer(project_id, "hearing.prereq.data_sources").value)
    for n, row in enumerate(rows):
        row.update({"kind": row.get("kind"), "origin": payload, "license": payload})
        if n == 0:
            row["name"] = payload
    answers.update(project_id, "hearing.prereq.data_sources", value=rows)
    answers.update(project_id, "hearing.basics.purpose_goal", value=payload)
    return {
        "paths": {f"{payload}/{k}" for k in LOCATION_KINDS},
        "words": {payload, f"{payload}-train", *(f"{payload}/{k}" for k in LOCATION_KINDS)},
    }


def refused_at_export(export, payload: str, out: Path) -> bool:
    """A value no command line can hold (a line break) or that a command would read as an option
    (a leading '-') is refused at export: one line naming the field, nothing written."""
    if "\n" not in payload and not payload.startswith("-"):
        export()
        return False
    started = time.perf_counter()
    with pytest.raises(UserError) as caught:
        export()
    assert time.perf_counter() - started < 5
    message = str(caught.value)
    assert one_line(message) and ("Repository name" in message or "Storage location" in message), message
    assert not out.exists()
    return True


def check_shell_lines(lines: list[str], expected: set[str], where: str) -> None:
    """Each command line splits into words; a word holding the payload is exactly an expected value."""
    for line in lines:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        words = shlex.split(line, comments=True)
        for word in words:
            if MARK in word:
                assert any(word == e or word.startswith(e) for e in expected), f"{where}: {line!r} -> {word!r}"


@pytest.mark.parametrize("payload", PAYLOADS, ids=IDS)
def test_hostile_values_from_an_older_database_stay_literal_in_the_scaffold(workspace, demo, tmp_path: Path, payload: str) -> None:
    expected = put_hostile(workspace, demo.id, payload)
    if refused_at_export(lambda: export_scaffold(workspace, demo.id, tmp_path / "repo", "en"), payload, tmp_path / "repo"):
        return
    out = tmp_path / "repo"
    readme = (out / "README.md").read_text(encoding="utf-8")
    blocks = code_blocks(readme)
    assert any("docker build" in b for b in blocks) and any("sync" in b for b in blocks)
    for block in blocks:
        check_shell_lines(block.split("\n"), expected["words"], "README.md")
        if "docker" in block or "sync" in block:
            run_shell(block, tmp_path)
    # Dockerfile: one instruction per line, comments one line, the command in a comment quoted
    lines = (out / "Dockerfile").read_text(encoding="utf-8").splitlines()
    instructions = {"FROM", "RUN", "ENV", "WORKDIR", "COPY", "CMD"}
    continued = False
    for line in lines:
        if continued or not line.strip():
            continued = line.endswith("\\")
            continue
        if line.startswith("#"):
            command = line.split(":", 1)[1] if line.startswith(("# Build:", "# Run:")) else ""
            check_shell_lines([command], expected["words"], "Dockerfile comment")
            run_shell(command, tmp_path)
            continue
        assert line.split()[0] in instructions, line
        assert MARK not in line, line
        continued = line.endswith("\\")
    # CI: parses, and nothing of the user's reaches it
    workflow_text = (out / ".github" / "workflows" / "pipeline.yml").read_text(encoding="utf-8")
    workflow = yaml.safe_load(workflow_text)
    assert MARK not in workflow_text and workflow["jobs"]["pipeline"]["steps"]
    # plain-text files: a value stays in its comment line
    for name in (".gitignore", "requirements.txt", ".dockerignore"):
        for line in (out / name).read_text(encoding="utf-8").splitlines():
            assert MARK not in line or line.startswith("#"), f"{name}: {line!r}"
    config = json.loads(next(out.glob("configs/pipeline.json")).read_text(encoding="utf-8"))
    assert config["project"] == payload and config["paths"]["raw"] == "data/raw"
    with open(out / "data" / "datasets" / "raw_datasets.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert all(r["storage_path"].lstrip("'").startswith(f"{payload}/raw/") for r in rows)  # one literal CSV field
    for page in (out / "docs" / "experiment-rules").glob("*.md"):
        check_wiki_page(page.read_text(encoding="utf-8"), expected, tmp_path, page.name)


def check_wiki_page(markdown: str, expected: dict, tmp_path: Path, name: str) -> None:
    for block in code_blocks(markdown):
        if block.startswith(("aws ", "gcloud ", "azcopy ", "rsync ")):
            check_shell_lines(block.split("\n"), expected["words"], name)
    for span in inline_spans(markdown):
        if span.startswith(("aws s3 sync ", "gcloud storage", "azcopy ", "rsync ")):
            words = shlex.split(span)
            assert words[-2] in expected["paths"] and not words[-1].startswith("-"), f"{name}: {span!r}"
            run_shell(span, tmp_path)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("payload", PAYLOADS, ids=IDS)
def test_hostile_values_from_an_older_database_stay_literal_in_the_wiki(workspace, demo, tmp_path: Path, payload: str, fmt: str) -> None:
    expected = put_hostile(workspace, demo.id, payload)
    if refused_at_export(lambda: export_wiki(workspace, demo.id, tmp_path / "wiki", "en", fmt), payload, tmp_path / "wiki"):
        return
    out = tmp_path / "wiki"
    pages = list(out.rglob("*.md"))
    platform = [p for p in pages if "Data platform" in p.read_text(encoding="utf-8").split("\n", 1)[0]]
    assert platform, [p.name for p in pages]
    spans = [s for s in inline_spans(platform[0].read_text(encoding="utf-8")) if s.startswith("aws s3 sync")]
    assert len(spans) == 3, spans
    for page in pages:
        check_wiki_page(page.read_text(encoding="utf-8"), expected, tmp_path, page.name)
    if fmt == "mkdocs":
        config = yaml.safe_load((out / "mkdocs.yml").read_text(encoding="utf-8"))
        assert all(isinstance(next(iter(entry.values())), str) for entry in config["nav"])


def test_a_hostile_docker_image_is_refused_at_export_with_one_line(workspace, demo, tmp_path: Path) -> None:
    put_hostile(workspace, demo.id, "fine", image=f"python:3.11 AS x\nRUN touch {MARK}")
    started = time.perf_counter()
    with pytest.raises(UserError) as caught:
        export_scaffold(workspace, demo.id, tmp_path / "repo", "en")
    assert time.perf_counter() - started < 5
    assert one_line(str(caught.value)) and "Docker" in str(caught.value)
    assert not (tmp_path / "repo").exists()


def test_the_layout_tree_keeps_the_repository_name_as_it_is(workspace, demo, tmp_path: Path) -> None:
    put_hostile(workspace, demo.id, "x``y`")
    out = export_wiki(workspace, demo.id, tmp_path / "wiki", "en", "plain")
    trees = [b for p in out.glob("*.md") for b in code_blocks(p.read_text(encoding="utf-8")) if "README.md" in b]
    assert trees and trees[0].split("\n")[0] == "x``y`/"



@pytest.mark.parametrize("ci", sorted(CI_TEMPLATES))
def test_no_user_value_reaches_a_ci_file_and_each_parses(workspace, demo, tmp_path: Path, ci: str) -> None:
    put_hostile(workspace, demo.id, f"x'${{{{ github.token }}}}$(touch {MARK})")
    documents = DocumentService(workspace.db)
    platform = documents.get(demo.id, "data_platform")
    platform["values"]["ci_system"] = ci
    documents.put(demo.id, "data_platform", platform)
    files = scaffold_files(workspace, demo.id, "en")
    option = EnvironmentService(workspace).choices(demo.id, "en").option("ci_system")
    text = files[option.value].decode("utf-8")
    assert MARK not in text and "github.token" not in text
    if option.value.endswith((".yml", ".yaml")):
        assert isinstance(yaml.safe_load(text), dict)

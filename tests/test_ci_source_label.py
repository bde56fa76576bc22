"""A choice that follows another field says so: the CI system follows the repository host, not the hearing."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QComboBox, QLabel

from app.environment.service import EnvironmentService
from tests.gui_helpers import close_window, make_window


def test_the_ci_system_follows_the_repository_host_not_the_hearing(workspace, demo) -> None:
    service = EnvironmentService(workspace)
    service.set_value(demo.id, "repo_host", "gitlab")
    ci = service.choices(demo.id, "ja").resolved["ci_system"]
    assert (ci.value, ci.source, ci.follows) == ("gitlab_ci", "field", "repo_host")
    host = service.choices(demo.id, "ja").resolved["repo_host"]
    assert (host.source, host.follows) == ("set", "")
    service.reset(demo.id, "repo_host")  # the demo's hearing says GitHub: no rule, the default
    assert service.choices(demo.id, "ja").resolved["ci_system"].source == "default"
    assert service.choices(demo.id, "ja").resolved["gpu"].source == "hearing"  # a hearing rule stays "hearing"


@pytest.mark.parametrize(("lang", "expected", "hearing"), [
    ("ja", "リポジトリのホスティングから", "ヒアリング"),
    ("en", "from “Repository host”", "hearing"),
])
def test_the_data_ci_page_labels_the_ci_system_by_the_field_it_follows(qtbot, db_path, lang, expected, hearing) -> None:
    window = make_window(qtbot, db_path, global_lang=lang)
    try:
        EnvironmentService(window.state.workspace).set_value(window.state.project_id, "repo_host", "gitlab")
        window.show_page("data-ci")
        page = window.page("data-ci")
        page.refresh()
        assert page.findChild(QComboBox, "field_ci_system").currentData() == "gitlab_ci"
        label = page.findChild(QLabel, "source_ci_system")
        assert label.text() == expected
        assert label.text() != hearing and "hearing" not in label.toolTip().lower()
        window.show_page("experiment")
        experiment = window.page("experiment")
        experiment.refresh()
        assert experiment.findChild(QLabel, "source_gpu").text() == hearing  # answered in the hearing
    finally:
        close_window(window)

"""Indent, outdent and move up / down of tasks that are not next to each other: each moves on its own
(A, [B], C, [D] indented gives A{B}, C{D}), the tasks not selected keep their places, one change each."""

from __future__ import annotations

import pytest

from app.core.errors import ValidationFailed
from app.wbs.service import WbsService
from tests.wbs_helpers import add, codes, new_project


@pytest.fixture
def five(workspace):
    service = WbsService(workspace.db)
    pid = new_project(workspace)
    return service, pid, [add(service, pid, name) for name in "ABCDE"]


def test_non_adjacent_indent_then_outdent_puts_each_back(five) -> None:
    service, pid, (a, b, c, d, e) = five
    before = codes(service, pid)
    change = service.indent(pid, [b, d])
    assert change is not None and codes(service, pid) == [("1", "A"), ("1.1", "B"), ("2", "C"), ("2.1", "D"), ("3", "E")]
    change = service.outdent(pid, [b, d])  # same depth, two summaries: each after its own
    assert change is not None and codes(service, pid) == before
    service.restore(pid, change.before)
    assert [t for _c, t in codes(service, pid)] == list("ABCDE") and codes(service, pid)[1] == ("1.1", "B")


def test_non_adjacent_moves_step_each_task_one_place_and_stop_at_an_end(five) -> None:
    service, pid, (a, b, c, d, e) = five
    assert service.move_by(pid, [b, d], 1) is not None
    assert [t for _c, t in codes(service, pid)] == list("ACBED")
    assert service.move_by(pid, [b, d], 1) is None  # D is last: nothing moves
    assert service.move_by(pid, [a, b], -1) is None  # A is first
    assert [t for _c, t in codes(service, pid)] == list("ACBED")


def test_tasks_of_two_depths_are_still_refused(five) -> None:
    service, pid, (a, b, c, d, e) = five
    service.indent(pid, [b])
    for op in (service.indent, service.outdent, lambda p, ids: service.move_by(p, ids, 1)):
        with pytest.raises(ValidationFailed):
            op(pid, [b, d])

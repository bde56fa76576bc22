"""The one conflict loop of the Project Properties and People dialogs (conflict_dialog.save_asking):
save; a conflict asks once and saves the choice; changed yet again, said, not asked a second time."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QWidget

from app.core.errors import ConflictError, ValidationFailed
from app.ui.window.conflict_dialog import save_asking


@pytest.fixture
def parent(qtbot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def _saving(*outcomes: BaseException | str):
    """A save that meets ``outcomes`` in turn (an error raised, else returned), recording what it was given."""
    given: list[str] = []
    left = list(outcomes)

    def save(typed: str) -> str:
        given.append(typed)
        outcome = left.pop(0)
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome

    return save, given


def test_saved_at_once_asks_nothing(parent, said) -> None:
    save, given = _saving("done")
    assert save_asking(parent, "typed", save, lambda *_a: pytest.fail("asked")) == "done"
    assert given == ["typed"] and said == []


def test_a_conflict_asks_and_saves_the_choice(parent, said) -> None:
    save, given = _saving(ConflictError("documents", ["people"]), "done")
    asked: list[str] = []
    assert save_asking(parent, "typed", save, lambda typed, _error: asked.append(typed) or "chosen") == "done"
    assert given == ["typed", "chosen"] and asked == ["typed"] and said == []


def test_closed_without_a_choice_saves_nothing_and_says_nothing(parent, said) -> None:
    save, given = _saving(ConflictError("documents", ["people"]))
    assert save_asking(parent, "typed", save, lambda *_a: None) is None
    assert given == ["typed"] and said == []


def test_changed_again_while_asked_is_said_not_asked_again(parent, said) -> None:
    save, given = _saving(ConflictError("documents", ["people"]), ConflictError("documents", ["people"]))
    asked: list[str] = []
    assert save_asking(parent, "typed", save, lambda typed, _error: asked.append(typed) or "chosen") is None
    assert given == ["typed", "chosen"] and asked == ["typed"] and len(said) == 1 and "people" in said[0]


def test_another_refusal_is_said(parent, said) -> None:
    save, given = _saving(ValidationFailed(key="resources.name_taken", name="田中"))
    assert save_asking(parent, "typed", save, lambda *_a: pytest.fail("asked")) is None
    assert given == ["typed"] and len(said) == 1 and "田中" in said[0]

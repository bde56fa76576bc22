"""Whether a sign-off kept as a draft was recorded: a window killed right after 合意を記録 committed (before it heard
so, and let the draft go) left it to the next window, which must not offer it again (recording it again records the
signer twice). Read by the Baselines dialog when it opens, and by the next window at start (no dialog opened:
app/ui/widgets/dialog_drafts.py drop_recorded), without Qt: the dialog's module is not loaded for it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from app.projects import baselines as bl

if TYPE_CHECKING:
    from app.ui.state import AppState


def signed_already(baselines: Sequence[bl.Baseline], typed: Mapping[str, Any], typed_for: Any) -> str | None:
    """The signer of a sign-off draft (``typed``: its fields; ``typed_for``: the baseline chosen and how many sign-offs
    it had) that its baseline holds since it was typed, each field as it would be recorded (the date when one was
    typed); None when it holds none: not recorded (a same sign-off held before the typing is no sign that it was)."""
    if not isinstance(typed_for, dict):
        return None
    since = typed_for.get("signoffs")  # (a draft kept by an older version: any of its sign-offs)
    since = since if isinstance(since, int) and not isinstance(since, bool) and since >= 0 else 0
    held = next((b for b in baselines if b.name == typed_for.get("baseline") and typed_for.get("id") in (None, b.id)), None)
    texts = [typed.get(name, "") for name in ("who", "role", "org", "comment")]  # (a field not typed: blank, as the form)
    if held is None or not all(isinstance(text, str) for text in texts):
        return None
    who, role, org = (" ".join(text.split()) for text in texts[:3])
    day = typed.get("date")
    recorded = any((s.who, s.role, s.org, s.comment) == (who, role, org, texts[3].strip()) and day in (None, s.date)
                   for s in held.signoffs[since:])  # fmt: skip
    return who if recorded else None


def signoff_recorded(state: AppState, project_id: int, typed: Mapping[str, Any], typed_for: Any) -> bool:
    """Whether the sign-off draft a window gone kept in project ``project_id`` was recorded (:func:`signed_already`)."""
    return signed_already(bl.baselines(state.workspace, project_id), typed, typed_for) is not None

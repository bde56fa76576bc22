"""A project switch on the Hearing page over a slow VPN (tests/test_breaker68b.py's proxy, 100 ms a round trip) does not
freeze the window: the header's figures (the hearing answered, the WBS) are read on a worker on a team database, the
figures of the project left cleared meanwhile, then the project opened's shown.

Measured before (tests/test_breaker69g.py's window, six switches): the window froze 1.6-2.0 s a switch; the UI thread
read the project (state.open_project), the switcher's list (reload_switcher) and the header's figures (overview: the
answers, the WBS's figures and the last agreement, three sessions of round trips). After: the first two only (0.64 s a switch).
"""

from __future__ import annotations

import pytest

from tests.gui_helpers import page_read, settle
from tests.test_breaker68b import FROZEN_OK_S
from tests.test_breaker69g import _other_project, team, vpn  # noqa: F401  (the VPN's fixtures)

pg = pytest.mark.postgresql


@pg
def test_a_project_switch_on_the_hearing_page_over_a_vpn_does_not_freeze_the_window(qtbot, team, said) -> None:  # noqa: F811
    window, beat = team
    window.show_page("hearing")
    page = window.page("hearing")
    page_read(page)
    settle(window)
    worst = []
    for _ in range(3):
        other = _other_project(window)
        qtbot.wait(300)
        beat.reset()
        window.open_project(other)
        assert window.header.summary.text() == ""  # never the figures of the project left
        qtbot.wait(1500)
        worst.append(beat.worst())
        page_read(page)
        settle(window)
        answered = window.state.answers.answers(other)
        assert window.header.summary.text().startswith("ヒアリング") and window.summary_bar.isVisible()
        assert window.summary_bar.value() <= len(answered)
    assert max(worst) < FROZEN_OK_S, f"a switch froze the window {max(worst):.2f} s"
    assert said == []

"""The levelling preview of thousands of moves makes the texts of the rows in view only (a QTableWidget of
7,000 moves was filled whole, 0.7 s of the UI thread); every row is still there, in Japanese."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QTableView

from app.core.messages import Message
from app.ui.wbs.resources.levelling import LevelPreviewDialog, MovesModel
from app.wbs.resources.levelling import Move

MOVES = 7000


def test_a_preview_of_7000_moves_makes_the_rows_in_view(qtbot, monkeypatch) -> None:
    made: list[int] = []
    real = MovesModel.row_texts
    monkeypatch.setattr(MovesModel, "row_texts", lambda self, row: (made.append(row), real(self, row))[1])
    start = dt.date(2027, 3, 1)
    moves = [Move(n, f"1.{n} 画像の前処理 {n}", "山田", start, start, start + dt.timedelta(days=1), start + dt.timedelta(days=2),
                  Message(key="resources.why_person", person="山田", task="1.1 学習"))
             for n in range(MOVES)]  # fmt: skip
    dialog = LevelPreviewDialog(moves, "ja")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert 0 < len(set(made)) <= 100, len(set(made))
    model = dialog.findChild(QTableView, "wbsLevelMoves").model()
    assert model.rowCount() == MOVES
    last = [model.index(MOVES - 1, c).data() for c in range(5)]
    assert last[0] == f"1.{MOVES - 1} 画像の前処理 {MOVES - 1}" and last[2] == "2027/03/01" and last[3] == "2027/03/02 – 2027/03/03"
    assert "山田" in last[4] and "resources." not in last[4]

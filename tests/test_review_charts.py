"""The Review page's charts (app/ui/review/charts.py): what a user sees in the pixels, and what a screen reader reads."""

from __future__ import annotations

import math

import pytest
from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPalette

from app.ui.review.chart_base import colours
from app.ui.review.charts import RadarChart, ScoreHistory, SectionBars, render_png

AXES = [("データ品質", 3, 5), ("モデルの検証とモニタリング体制", 2, 5), ("インフラ", 4, 5), ("ML基盤のテスト", 1, 5), ("運用監視", 5, 5)]


def close(pixel: QColor, expected: QColor, tolerance: int = 40) -> bool:
    return max(abs(pixel.red() - expected.red()), abs(pixel.green() - expected.green()), abs(pixel.blue() - expected.blue())) <= tolerance


def tint(pixel: QColor, towards: QColor, background: QColor) -> float:
    """How far ``pixel`` has moved from the background towards ``towards`` (0: not at all, 1: all the way)."""
    direction = [towards.redF() - background.redF(), towards.greenF() - background.greenF(), towards.blueF() - background.blueF()]
    moved = [pixel.redF() - background.redF(), pixel.greenF() - background.greenF(), pixel.blueF() - background.blueF()]
    return sum(a * b for a, b in zip(direction, moved, strict=True)) / sum(a * a for a in direction)


def filled(pixel: QColor, colour: QColor) -> bool:
    """The pixel is in ``colour``'s hue (the translucent fill over the background, not a grey grid line or text)."""
    return pixel.hsvSaturation() > 25 and abs(pixel.hsvHue() - colour.hsvHue()) < 20


def shot(widget, size: QSize | None = None) -> QImage:
    widget.resize(size or QSize(440, 360))
    return widget.grab().toImage()


def at(image: QImage, point: QPointF) -> QColor:
    return image.pixelColor(round(point.x()), round(point.y()))


def vertex(chart: RadarChart, index: int, ratio: float) -> QPointF:
    g = chart.geometry_now()
    angle = -math.pi / 2 + 2 * math.pi * index / len(chart.items)
    return QPointF(g.center.x() + g.radius * ratio * math.cos(angle), g.center.y() + g.radius * ratio * math.sin(angle))


def make(qtbot, cls):
    widget = cls()
    qtbot.addWidget(widget)
    return widget


def test_radar_draws_each_value_at_its_place_on_its_axis(qtbot):
    radar = make(qtbot, RadarChart)
    radar.set_data(AXES)
    image = shot(radar)
    c = colours(radar.palette())
    main = c.series[0]
    for i, (_label, value, top) in enumerate(AXES):
        ratio = value / top
        assert close(at(image, vertex(radar, i, ratio)), main), f"no marker at axis {i}'s value"
        assert filled(at(image, vertex(radar, i, ratio * 0.5)), main), f"the area inside axis {i} is not filled"
        if ratio <= 0.8:
            assert not filled(at(image, vertex(radar, i, ratio + 0.15)), main), f"the fill goes beyond axis {i}'s value"


def test_radar_second_series_is_drawn_dashed_in_its_own_colour(qtbot):
    radar = make(qtbot, RadarChart)
    radar.set_data(AXES[:4], series2=[5, 5, 5, 5], names=["現在", "目標"])
    image = shot(radar)
    other = colours(radar.palette()).series[1]
    along = [at(image, vertex(radar, 0, 1.0) * (1 - t) + vertex(radar, 1, 1.0) * t) for t in [k / 40 for k in range(4, 37)]]
    hits = [close(p, other, 60) for p in along]
    assert any(hits), "the second series' line is missing"
    assert not all(hits), "the second series' line is not dashed"
    assert "目標: データ品質 5/5" in radar.accessibleDescription()


def test_radar_labels_are_outside_the_web_and_inside_the_widget(qtbot):
    radar = make(qtbot, RadarChart)
    long_label = "本番環境でのモデル性能の監視とアラート設定の体制が整っているか"
    radar.set_data([*AXES, (long_label, 2, 5)])
    for size in (radar.sizeHint(), radar.minimumSizeHint()):
        shot(radar, size)
        g = radar.geometry_now()
        bounds = QRectF(0, 0, size.width(), size.height()).adjusted(-1, -1, 1, 1)
        web = g.rings[-1]
        for rect, lines, _value, _align in g.labels:
            assert bounds.contains(rect), f"a label is cut off at {size}"
            assert not web.containsPoint(rect.center(), Qt.FillRule.OddEvenFill), "a label sits on the web"
            assert 1 <= len(lines) <= 2
        last = g.labels[-1][1]
        assert last[-1].endswith("…") and last[0] in long_label, "a long label is wrapped to two lines and elided"


def test_radar_cleans_values_it_cannot_draw(qtbot):
    radar = make(qtbot, RadarChart)
    radar.set_data([("負", -3, 5), ("不明", float("nan"), 5), ("過大", 1e300, 5), ("無限", float("inf"), 5), ("文字", "abc", 5), ("上限なし", 2, 0)])
    assert [item.value for item in radar.items] == [0, 0, 5, 5, 0, 1]
    assert [item.maximum for item in radar.items] == [5, 5, 5, 5, 5, 1]
    image = shot(radar)
    assert close(at(image, vertex(radar, 2, 1.0)), colours(radar.palette()).series[0]), "a huge value is drawn at the maximum"
    text = radar.accessibleDescription()
    assert "負 0/5" in text and "不明 -/5" in text and "過大 5/5" in text and "上限なし 1/1" in text


@pytest.mark.parametrize("axes", [[], [("データ品質", 3, 5), ("モデル", 2, 5)]])
def test_radar_without_enough_axes_says_so(qtbot, axes):
    radar = make(qtbot, RadarChart)
    radar.set_data(axes)
    image = shot(radar)
    c = colours(radar.palette())
    assert radar.geometry_now().message
    centre = [image.pixelColor(x, y) for x in range(0, 440, 2) for y in range(170, 190)]
    assert any(tint(p, c.text, c.background) > 0.4 for p in centre), "no message is written"
    assert not any(close(p, c.series[0], 20) for p in centre), "something is drawn without data"


def test_radar_describes_its_values_and_shows_a_tooltip_per_axis(qtbot):
    radar = make(qtbot, RadarChart)
    radar.set_data(AXES)
    assert radar.accessibleName()
    assert radar.accessibleDescription().startswith("データ品質 3/5, モデルの検証とモニタリング体制 2/5, インフラ 4/5")
    shot(radar)
    assert radar.tooltip_at(vertex(radar, 2, 0.8)) == "インフラ: 4/5"
    rect = radar.geometry_now().labels[1][0]
    assert radar.tooltip_at(rect.center()).startswith("モデルの検証とモニタリング体制")
    assert radar.tooltip_at(QPointF(2, 2)) == ""


SECTIONS = [("データのテスト", 3, 7), ("モデル開発のテスト", 4, 7), ("MLインフラのテスト", 1.5, 7), ("本番運用のモニタリング", 2, 7)]


def test_section_bars_have_their_lengths_and_the_lowest_stands_out(qtbot):
    bars = make(qtbot, SectionBars)
    bars.set_data(SECTIONS)
    image = shot(bars, bars.sizeHint())
    c = colours(bars.palette())
    for i, (_label, value, top) in enumerate(SECTIONS):
        track = bars.track_rect(i)
        ratio = value / top
        inside = QPointF(track.left() + track.width() * ratio - 4, track.center().y())
        expected = c.warning if i == 2 else c.series[0]
        assert close(at(image, inside), expected), f"section {i}'s bar has the wrong colour"
        beyond = QPointF(track.left() + track.width() * ratio + 30, track.center().y())
        assert not close(at(image, beyond), expected), f"section {i}'s bar is too long"
    assert bars.lowest == {2}
    assert "MLインフラのテスト 1.5/7 (lowest)" in bars.accessibleDescription()
    assert bars.tooltip_at(bars.track_rect(0).center()) == "データのテスト: 3/7"


def test_section_bars_clean_values_and_highlight_nothing_when_all_tie(qtbot):
    bars = make(qtbot, SectionBars)
    bars.set_data([("a", 9, 5), ("b", 5, 5), ("c", float("nan"), 5)])
    assert bars.lowest == set(), "all the scores tie: none is the lowest"
    image = shot(bars, bars.sizeHint())
    full = bars.track_rect(0)
    assert close(at(image, QPointF(full.right() - 3, full.center().y())), colours(bars.palette()).series[0]), "a value over the maximum fills the bar"
    assert bars.accessibleDescription() == "a 5/5, b 5/5, c -/5"
    bars.set_data([])
    shot(bars, bars.sizeHint())
    assert bars.geometry_now().message and bars.accessibleDescription()


def test_score_history_plots_each_point_and_skips_missing_ones(qtbot):
    history = make(qtbot, ScoreHistory)
    history.set_data(["初回", "中間報告", "最終報告", "現在"], [("ML Test Score", [0.5, 1, 1.5, 2]), ("データ品質", [1, None, 9, -1])], maximum=5)
    image = shot(history, QSize(460, 240))
    c = colours(history.palette())
    plot = history.geometry_now().plot
    for index, value in enumerate([0.5, 1, 1.5, 2]):
        point = history.point_at(0, index)
        assert point is not None
        assert point.y() == pytest.approx(plot.bottom() - plot.height() * value / 5)
        assert close(at(image, point), c.series[0])
    assert history.point_at(1, 1) is None
    assert history.point_at(1, 2).y() == pytest.approx(plot.top()), "a value over the maximum is drawn at the top"
    assert history.point_at(1, 3).y() == pytest.approx(plot.bottom()), "a negative value is drawn at 0"
    assert close(at(image, history.point_at(1, 2)), c.series[1])
    assert history.accessibleDescription() == "ML Test Score: 初回 0.5, 中間報告 1, 最終報告 1.5, 現在 2; データ品質: 初回 1, 中間報告 -, 最終報告 5, 現在 0"
    assert history.tooltip_at(history.point_at(0, 3)) == "現在\nML Test Score: 2\nデータ品質: 0"


def test_score_history_without_values_says_so(qtbot):
    history = make(qtbot, ScoreHistory)
    history.set_data(["BL1", "現在"], [("Score", [None, float("nan")])])
    shot(history)
    assert history.geometry_now().message
    assert history.tooltip_at(QPointF(200, 100)) == ""


def test_render_png_draws_the_chart_at_the_size_asked(qtbot):
    radar = make(qtbot, RadarChart)
    radar.set_data(AXES)
    radar.resize(300, 200)
    data = render_png(radar, QSize(500, 400), ratio=2.0)
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    image = QImage.fromData(data)
    assert (image.width(), image.height()) == (1000, 800)
    main = colours(radar.palette()).series[0]
    marked = sum(close(image.pixelColor(x, y), main) for x in range(0, 1000, 4) for y in range(0, 800, 4))
    assert marked > 200, "the exported picture has no chart"
    assert radar.geometry_now().size.width() == 300, "an export leaves the widget's own layout alone"


def test_charts_follow_a_dark_palette(qtbot):
    bars = make(qtbot, SectionBars)
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
    palette.setColor(QPalette.ColorRole.Text, QColor("#e6e6e6"))
    bars.setPalette(palette)
    bars.set_data(SECTIONS)
    image = shot(bars, bars.sizeHint())
    assert image.pixelColor(2, 2).lightness() < 60, "the background follows the palette"
    bar = at(image, bars.track_rect(0).center() - QPointF(bars.track_rect(0).width() * 0.4, 0))
    assert bar.lightness() > 90, "the bars stand out on the dark background"


def test_render_png_scales_any_other_widget(qtbot):
    from PySide6.QtWidgets import QLabel

    label = QLabel("スコア")
    qtbot.addWidget(label)
    label.resize(120, 40)
    image = QImage.fromData(render_png(label, QSize(240, 80)))
    assert (image.width(), image.height()) == (240, 80)

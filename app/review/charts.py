"""The review's pictures as inline SVG (no Qt): a radar of levels per axis, bars of section scores.

Every text drawn is escaped; sizes are fixed so the picture looks the same in every browser.
"""

from __future__ import annotations

import math
import re
import unicodedata
from html import escape

from app.review.scoring import score_text

FONT = 'font-family="sans-serif" font-size="12"'


def radar_svg(labels: list[str], values: list[float | None], lowest: float, highest: float, title: str) -> str:
    """A radar (spider) chart: one axis per label from ``lowest`` at the centre to ``highest``;
    an axis without a value is drawn at the centre."""
    # Wider than tall: a label beside the radar ("Customer Expectation" over "(顧客の期待)") has 160 px.
    width, size, centre, middle, radius = 640, 420, 210.0, 320.0, 130.0
    n = max(len(labels), 3)
    span = (highest - lowest) or 1.0

    def point(i: int, fraction: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * i / n
        return middle + radius * fraction * math.cos(angle), centre + radius * fraction * math.sin(angle)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{size}" viewBox="0 0 {width} {size}" role="img" aria-label="{escape(title)}">',
             f"<title>{escape(title)}</title>"]  # fmt: skip
    steps = int(round(span)) if span == int(span) and span <= 10 else 4
    for step in range(1, steps + 1):
        ring = " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(i, step / steps) for i in range(len(labels))))
        parts.append(f'<polygon points="{ring}" fill="none" stroke="#cccccc" stroke-width="1"/>')
    for i, label in enumerate(labels):
        x, y = point(i, 1.0)
        parts.append(f'<line x1="{middle}" y1="{centre}" x2="{x:.1f}" y2="{y:.1f}" stroke="#bbbbbb" stroke-width="1"/>')
        lx, ly = point(i, 1.22)
        anchor = "middle" if abs(lx - middle) < 10 else "start" if lx > middle else "end"
        lines = _lines(label)
        if ly < centre - 10:  # above the radar: the lines go up from the axis' end
            ly -= LINE * (len(lines) - 1)
        for k, line in enumerate(lines):
            parts.append(f'<text x="{lx:.1f}" y="{ly + k * LINE:.1f}" text-anchor="{anchor}" {FONT}>{escape(line)}</text>')
    shape = [point(i, max(0.0, min(1.0, ((v if v is not None else lowest) - lowest) / span))) for i, v in enumerate(values)]
    parts.append('<polygon points="' + " ".join(f"{x:.1f},{y:.1f}" for x, y in shape) + '" fill="#1f4e79" fill-opacity="0.25" stroke="#1f4e79" stroke-width="2"/>')
    for (x, y), v in zip(shape, values, strict=True):
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="#1f4e79"><title>{score_text(v)}</title></circle>')
    parts.append("</svg>")
    return "".join(parts)


LINE = 15  # a label's line height
LABEL_ROOM = 150  # px a label's line has beside the radar (its end 160 px from the picture's edge)


def text_width(text: str) -> int:
    """About how wide ``text`` draws at 12 px: 7 px a Latin letter, 12 a Japanese character."""
    return sum(12 if unicodedata.east_asian_width(ch) in "WF" else 7 for ch in text)


def _lines(label: str) -> list[str]:
    """An axis label in lines of at most LABEL_ROOM: before its bracketed part ("Customer Expectation" /
    "(顧客の期待)"), then between words, a Japanese text between any two characters."""
    if text_width(label) <= LABEL_ROOM:
        return [label]
    at = max(label.find("("), label.find("("))
    if at > 0:
        return _lines(label[:at].rstrip()) + _lines(label[at:])
    lines = [""]
    for piece in re.findall(r"[^\s\u3000-\u9fff\uff00-\uffef]+\s*|\S\s*|\s+", label):
        if lines[-1] and text_width(lines[-1] + piece.rstrip()) > LABEL_ROOM:
            lines.append("")
        lines[-1] += piece
    return [line.rstrip() for line in lines if line.strip()]


def bars_svg(labels: list[str], values: list[float], highest: float, title: str, marker: float | None = None) -> str:
    """Horizontal bars of section scores from 0 to ``highest``; ``marker`` draws the final score's line."""
    row, left, width = 30, 160, 300
    height = row * len(labels) + 30
    scale = width / (highest or 1.0)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + width + 60}" height="{height}" viewBox="0 0 {left + width + 60} {height}" role="img" aria-label="{escape(title)}">',
             f"<title>{escape(title)}</title>"]  # fmt: skip
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = 10 + i * row
        parts.append(f'<text x="{left - 8}" y="{y + 15}" text-anchor="end" {FONT}>{escape(label)}</text>')
        parts.append(f'<rect x="{left}" y="{y}" width="{width}" height="20" fill="#eeeeee"/>')
        parts.append(f'<rect x="{left}" y="{y}" width="{max(0.0, min(value, highest)) * scale:.1f}" height="20" fill="#1f4e79"/>')
        parts.append(f'<text x="{left + width + 8}" y="{y + 15}" {FONT}>{score_text(value)}</text>')
    if marker is not None:
        x = left + max(0.0, min(marker, highest)) * scale
        parts.append(f'<line x1="{x:.1f}" y1="4" x2="{x:.1f}" y2="{height - 16}" stroke="#c00000" stroke-width="2" stroke-dasharray="4 3"/>')
    parts.append("</svg>")
    return "".join(parts)

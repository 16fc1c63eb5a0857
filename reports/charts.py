"""Small charts drawn on the server as inline SVG: no script, no CDN, nothing fetched by the browser.

Each chart is readable without colour (the number is written beside every bar, series differ by
shade and by a hatching pattern named in the legend) and carries a ``<title>`` and ``<desc>`` for
screen readers. Labels are escaped; long ones are shortened on the chart and given whole in the
bar's own ``<title>`` (the table beside the chart has them too).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from markupsafe import Markup, escape

#: one shade per series, darkest first; patterns below tell them apart without colour
SHADES = ("#2f5f8f", "#7fa7cf", "#b9864a", "#6b9f5b", "#9c6bb0", "#c9c9c9")
#: the hatching drawn over series 2, 3, … (series 1 is solid)
PATTERNS = ("", "diagonal", "dots", "cross", "vertical", "horizontal")
FONT = 'font-family="DejaVu Sans, Arial, sans-serif" font-size="12"'
#: characters of a label shown on a chart (the whole label is in the bar's <title> and the table)
LABEL_CHARS = 34
_ids = itertools.count(1)


def _e(value: object) -> str:
    """Escaped text as a plain str (str + Markup would escape the str a second time)."""
    return str(escape(value))


def _short(label: str, limit: int = LABEL_CHARS) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def _fits(width: float) -> int:
    """Characters of a label that fit in ``width`` pixels at the charts' font size (8 px each, to be safe:
    Cyrillic capitals are wide)."""
    return max(4, int((width - 8) // 8))


def _number(value: int | float) -> str:
    """A number as the tables show it: thousands apart with a thin space, at most one decimal."""
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}".replace(",", "\u202f")
    return f"{int(value):,}".replace(",", "\u202f")


def _frame(width: int, height: int, title: str, desc: str, body: list[str], defs: str = "") -> Markup:
    ident = f"ustaz-chart-{next(_ids)}"
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" class="ustaz-chart" role="img" width="{width}" '
            f'height="{height}" viewBox="0 0 {width} {height}" aria-labelledby="{ident}-t {ident}-d" {FONT}>'
            f'<title id="{ident}-t">{_e(title)}</title><desc id="{ident}-d">{_e(desc)}</desc>')
    return Markup(head + (f"<defs>{defs}</defs>" if defs else "") + "".join(body) + "</svg>")


def _describe(items: Sequence[tuple[str, int | float]]) -> str:
    return "; ".join(f"{label}: {_number(value)}" for label, value in items)


def _pattern_defs(count: int, prefix: str) -> str:
    """Hatching patterns for series 2…count (white strokes over the series' shade)."""
    shapes = {
        "diagonal": '<path d="M0,6 L6,0" stroke="#fff" stroke-width="1.5"/>',
        "dots": '<circle cx="3" cy="3" r="1.2" fill="#fff"/>',
        "cross": '<path d="M0,0 L6,6 M6,0 L0,6" stroke="#fff" stroke-width="1"/>',
        "vertical": '<path d="M3,0 L3,6" stroke="#fff" stroke-width="1.5"/>',
        "horizontal": '<path d="M0,3 L6,3" stroke="#fff" stroke-width="1.5"/>',
    }
    defs = []
    for index in range(1, count):
        name = PATTERNS[index % len(PATTERNS)] or "diagonal"
        shade = SHADES[index % len(SHADES)]
        defs.append(f'<pattern id="{prefix}-p{index}" width="6" height="6" patternUnits="userSpaceOnUse">'
                    f'<rect width="6" height="6" fill="{shade}"/>{shapes[name]}</pattern>')
    return "".join(defs)


def _fill(index: int, prefix: str) -> str:
    return SHADES[0] if index == 0 else f"url(#{prefix}-p{index})"


def bars(items: Sequence[tuple[str, int | float]], *, title: str, width: int = 460, bar_height: int = 18,
         gap: int = 6) -> Markup:
    """Horizontal bars, one per (label, value), the value written at the end of each bar."""
    items = [(str(label), value or 0) for label, value in items]
    if not items:
        return Markup("")
    label_width, number_width = min(210, width // 2), 64
    room, fits = width - label_width - number_width, _fits(label_width)
    largest = max((value for _l, value in items), default=0) or 1
    body = []
    for row, (label, value) in enumerate(items):
        y = row * (bar_height + gap)
        length = 0 if value <= 0 else max(1, round(room * value / largest))
        body.append(
            f'<g><title>{_e(label)}: {_e(_number(value))}</title>'
            f'<text x="{label_width - 6}" y="{y + bar_height - 5}" text-anchor="end">{_e(_short(label, fits))}</text>'
            f'<rect x="{label_width}" y="{y}" width="{length}" height="{bar_height}" fill="{SHADES[0]}"/>'
            f'<text x="{label_width + length + 4}" y="{y + bar_height - 5}">{_e(_number(value))}</text></g>')
    height = len(items) * (bar_height + gap)
    return _frame(width, height, title, _describe(items), body)


def funnel(items: Sequence[tuple[str, int | float]], *, title: str, width: int = 460, bar_height: int = 20,
           gap: int = 4) -> Markup:
    """Stages of a flow as centred bars (widest first as given), the count written beside each stage."""
    items = [(str(label), value or 0) for label, value in items]
    if not items:
        return Markup("")
    label_width = min(190, width // 2 - 20)
    room = width - label_width - 60
    centre = label_width + room / 2
    largest = max((value for _l, value in items), default=0) or 1
    body = []
    for row, (label, value) in enumerate(items):
        y = row * (bar_height + gap)
        length = 0 if value <= 0 else max(2, round(room * value / largest))
        body.append(
            f'<g><title>{_e(label)}: {_e(_number(value))}</title>'
            f'<text x="{label_width - 6}" y="{y + bar_height - 6}" text-anchor="end">{_e(_short(label, _fits(label_width)))}</text>'
            f'<rect x="{centre - length / 2:.1f}" y="{y}" width="{length}" height="{bar_height}" '
            f'fill="{SHADES[row % 2]}"/>'
            f'<text x="{width - 4}" y="{y + bar_height - 6}" text-anchor="end">{_e(_number(value))}</text></g>')
    height = len(items) * (bar_height + gap)
    return _frame(width, height, title, _describe(items), body)


def stacked(rows: Sequence[tuple[str, Sequence[int | float]]], series: Sequence[str], *, title: str,
            width: int = 460, bar_height: int = 18, gap: int = 6) -> Markup:
    """One horizontal bar per row split into its series (a legend names shade and pattern); the
    row's total is written at the end and each segment wide enough carries its own number."""
    rows = [(str(label), [value or 0 for value in values]) for label, values in rows]
    if not rows or not series:
        return Markup("")
    prefix = f"ustaz-stack-{next(_ids)}"
    label_width, number_width = (190 if width < 600 else 270), 56
    room = width - label_width - number_width
    largest = max((sum(values) for _l, values in rows), default=0) or 1
    legend_height = 20 * ((len(series) + 2) // 3)
    body = []
    column = (width - 10) // 3
    for index, name in enumerate(series):
        x, y = 4 + (index % 3) * column, (index // 3) * 20
        body.append(f'<rect x="{x}" y="{y + 3}" width="12" height="12" fill="{_fill(index, prefix)}" '
                    f'stroke="#333" stroke-width="0.5"/><text x="{x + 16}" y="{y + 13}">{_e(_short(str(name), _fits(column - 16)))}'
                    f'</text>')
    for row, (label, values) in enumerate(rows):
        y = legend_height + 4 + row * (bar_height + gap)
        parts = [f'<g><title>{_e(label)}: ' + _e(", ".join(
            f"{name} {_number(value)}" for name, value in zip(series, values, strict=False))) + "</title>",
                 f'<text x="{label_width - 6}" y="{y + bar_height - 5}" text-anchor="end">{_e(_short(label, _fits(label_width)))}'
                 f'</text>']
        x = float(label_width)
        for index, value in enumerate(values):
            if value <= 0:
                continue
            length = room * value / largest
            parts.append(f'<rect x="{x:.1f}" y="{y}" width="{length:.1f}" height="{bar_height}" '
                         f'fill="{_fill(index, prefix)}" stroke="#fff" stroke-width="0.5"/>')
            text = _number(value)
            if length >= 8 * len(text) + 6:
                # on a white patch: readable over any shade or hatching
                patch = 7 * len(text) + 4
                parts.append(f'<rect x="{x + length / 2 - patch / 2:.1f}" y="{y + 2}" width="{patch}" '
                             f'height="{bar_height - 4}" rx="2" fill="#fff" opacity="0.9"/>'
                             f'<text x="{x + length / 2:.1f}" y="{y + bar_height - 5}" text-anchor="middle" '
                             f'font-size="11">{_e(text)}</text>')
            x += length
        parts.append(f'<text x="{x + 4:.1f}" y="{y + bar_height - 5}">{_e(_number(sum(values)))}</text></g>')
        body.append("".join(parts))
    height = legend_height + 4 + len(rows) * (bar_height + gap)
    described = "; ".join(f"{label}: " + ", ".join(f"{name} {_number(value)}" for name, value in
                                                  zip(series, values, strict=False)) for label, values in rows)
    return _frame(width, height, title, described, body, _pattern_defs(len(series), prefix))


def histogram(items: Sequence[tuple[str, int | float]], *, title: str, width: int = 460, height: int = 180) -> Markup:
    """Vertical bars over ordered bins (e.g. percent bands), the count above each bar, the bin below."""
    items = [(str(label), value or 0) for label, value in items]
    if not items:
        return Markup("")
    top, bottom = 16, 34
    room = height - top - bottom
    slot = width / len(items)
    bar = max(4.0, slot * 0.7)
    largest = max((value for _l, value in items), default=0) or 1
    body = [f'<line x1="0" y1="{top + room}" x2="{width}" y2="{top + room}" stroke="#555" stroke-width="1"/>']
    for index, (label, value) in enumerate(items):
        x = index * slot + (slot - bar) / 2
        length = 0 if value <= 0 else max(1, round(room * value / largest))
        y = top + room - length
        middle = x + bar / 2
        body.append(
            f'<g><title>{_e(label)}: {_e(_number(value))}</title>'
            f'<rect x="{x:.1f}" y="{y}" width="{bar:.1f}" height="{length}" fill="{SHADES[0]}"/>'
            f'<text x="{middle:.1f}" y="{y - 3}" text-anchor="middle">{_e(_number(value))}</text>'
            f'<text x="{middle:.1f}" y="{top + room + 14}" text-anchor="middle" font-size="10">'
            f'{_e(_short(label, max(3, int(slot // 6))))}</text></g>')
    return _frame(width, height, title, _describe(items), body)


#: section.chart → the drawing it asks for (unknown kinds fall back to bars)
KINDS = {"bars": bars, "hbar": bars, "funnel": funnel, "histogram": histogram, "stacked": stacked}


__all__ = ["KINDS", "bars", "funnel", "histogram", "stacked"]

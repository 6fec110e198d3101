"""An org chart laid out by ``orgchart`` drawn as an inline ``<svg>``: every stroke and text in
``currentColor``, so the theme's palette (light, dark, print) colours it. Every text is XML-escaped
here, when it is written.
"""

from __future__ import annotations

import html
import math

from .orgchart import ABBR_LEAD, ABBR_SIZE, ARROW, PAD, TEXT_LEAD, TEXT_SIZE, Chart


def _n(value: float) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def svg(chart: Chart, ident: str, title: str, description: str) -> str:
    """The chart as an inline ``<svg>`` named by ``title``, one element per line, no blank line."""
    e, w, h = html.escape, _n(chart.width), _n(chart.height)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" '
        f'aria-labelledby="{e(ident)}-title" aria-describedby="{e(ident)}-desc">',
        f'<title id="{e(ident)}-title">{e(title)}</title>',
        f'<desc id="{e(ident)}-desc">{e(description)}</desc>',
    ]
    for edge in chart.edges:
        dotted = edge.line.dotted
        out.append(f'<g class="cc-line{" cc-dotted" if dotted else ""}">')
        (x0, y0), (x1, y1) = edge.points[-2:]
        length = math.hypot(x1 - x0, y1 - y0)
        ux, uy = (x1 - x0) / length, (y1 - y0) / length
        bx, by = x1 - ux * ARROW, y1 - uy * ARROW  # the line stops where the arrowhead starts
        d = " L".join(f"{_n(x)} {_n(y)}" for x, y in [*edge.points[:-1], (bx, by)])
        dash = ' stroke-dasharray="6 4"' if dotted else ""
        out.append(f'<path d="M{d}" fill="none" stroke="currentColor" stroke-width="1.5"{dash}/>')
        corners = [(x1, y1), (bx - uy * ARROW / 2, by + ux * ARROW / 2), (bx + uy * ARROW / 2, by - ux * ARROW / 2)]
        out.append(f'<path d="M{" L".join(f"{_n(x)} {_n(y)}" for x, y in corners)} Z" fill="currentColor"/>')
        for j, text in enumerate(edge.label):
            y = edge.label_y + TEXT_LEAD * j + TEXT_SIZE
            out.append(f'<text x="{_n(edge.label_x)}" y="{_n(y)}" font-size="{TEXT_SIZE}" fill="currentColor">{e(text)}</text>')
        out.append("</g>")
    for box in chart.boxes:
        cx = _n(box.x + box.width / 2)
        top = box.y + (box.height - 2 * PAD - ABBR_LEAD - TEXT_LEAD * len(box.title)) / 2 + PAD  # centred
        out.append('<g class="cc-role">')
        out.append(f'<rect x="{_n(box.x)}" y="{_n(box.y)}" width="{_n(box.width)}" height="{_n(box.height)}" rx="4" fill="none" stroke="currentColor"/>')
        out.append(f'<text x="{cx}" y="{_n(top + ABBR_SIZE)}" text-anchor="middle" font-size="{ABBR_SIZE}" font-weight="bold" fill="currentColor">{e(box.role.abbreviation)}</text>')
        for j, text in enumerate(box.title):
            y = top + ABBR_LEAD + TEXT_LEAD * j + TEXT_SIZE
            out.append(f'<text x="{cx}" y="{_n(y)}" text-anchor="middle" font-size="{TEXT_SIZE}" fill="currentColor">{e(text)}</text>')
        out.append("</g>")
    out.append("</svg>")
    return "\n".join(out)

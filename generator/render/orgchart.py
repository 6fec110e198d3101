"""Org charts as SVG, laid out and drawn when the site is built: no script, no network.

Roles sit in layers by reporting depth, the top of the hierarchy (roles that report to no one in
the chart) at the top. Each line is an arrow from a role to the role it reports to, dashed when it
is a dotted line. Between two layers of boxes lies a band for labels; a line that crosses a
layer or a band passes through a slot of its own there, and its label sits beside it in the band
just above the role that reports. So no line runs through a box and no text covers other text;
lines only slant in the gaps between layers and bands. Text widths are estimated from the widest
common sans-serif fonts, so labels stay inside their boxes in whatever font a reader has.

Pure: roles and lines in, a :class:`Chart` of boxes and routed lines out; ``chart_svg`` draws it.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

ABBR_SIZE, TEXT_SIZE = 14, 12  # font sizes (bold abbreviation; title lines and labels)
ABBR_LEAD, TEXT_LEAD = 18, 15  # line heights
PAD, PAD_X = 8, 10  # inside a box, above/below and left/right of its text
TITLE_MAX, LABEL_MAX = 140, 160  # longer titles wrap onto two lines, longer labels onto more
MARGIN, BOX_GAP, SLOT_GAP = 8, 24, 12  # around the chart; between neighbours in a layer
SLANT = 20  # height of the gaps between layers and bands, where lines may run at an angle
ARROW, LABEL_OFFSET = 8, 6  # arrowhead length; label text to the right of its line

# Advance widths in em, rounded up: the wider of DejaVu Sans and Liberation Sans (Arial's
# metrics), the fonts a Linux browser falls back to. Anything else counts as 1.3 em.
_EM = {
    False: {0.3: "'Iijl", 0.4: " (),-./:;[\\]ft|", 0.5: '!"*J`r', 0.6: "?L_cksvxyz",
            0.7: "$0123456789ABEFKPSTVXYZabdeghnopqu{}", 0.8: "&CDGHNOQRU", 0.9: "#+<=>M^w~", 1.0: "%Wm", 1.1: "@"},
    True: {0.4: " ',./:;I\\ijl|", 0.5: "!()-[]`frt", 0.6: '"*J_csz', 0.7: "$0123456789?EFLTaekovxy",
           0.8: "ABCKPRSVXYZbdghnpqu{}", 0.9: "#&+<=>DGHNOQU^~", 1.0: "@Mw", 1.1: "%m", 1.2: "W"},
}
_WIDTH = {bold: {ch: em for em, chars in table.items() for ch in chars} for bold, table in _EM.items()}


def text_width(text: str, size: float = TEXT_SIZE, bold: bool = False) -> float:
    """A width that the text does not exceed in common sans-serif fonts (accents count as their letter)."""
    table, em = _WIDTH[bold], 0.0
    for char in unicodedata.normalize("NFKD", text):
        em += table.get(char, 0.0 if unicodedata.combining(char) else 1.3)
    return em * size


@dataclass(frozen=True)
class Role:
    id: str
    abbreviation: str
    title: str


@dataclass(frozen=True)
class Line:
    source: str  # the role that reports
    target: str  # the role it reports to
    dotted: bool = False
    label: str = ""


@dataclass(frozen=True)
class Box:
    role: Role
    x: float  # top-left corner
    y: float
    width: float
    height: float
    title: tuple[str, ...]  # the title's lines, below the abbreviation


@dataclass(frozen=True)
class Edge:
    line: Line
    points: tuple[tuple[float, float], ...]  # from the source's border to the tip of the arrow on the target's
    label: tuple[str, ...]  # the label's lines, left-aligned from (label_x, label_y) down
    label_x: float
    label_y: float


@dataclass(frozen=True)
class Chart:
    width: float
    height: float
    boxes: tuple[Box, ...]
    edges: tuple[Edge, ...]


@dataclass(eq=False)
class _Slot:
    """A box or a line's passage in one layer: it spans ``left`` before and ``right`` after ``x``."""

    left: float
    right: float
    box: bool = False
    weight: float = 1.0  # of the line through a passage: a box follows its solid lines more than dotted ones
    x: float = 0.0
    up: list[_Slot] = field(default_factory=list)
    down: list[_Slot] = field(default_factory=list)


def _wrap(text: str, limit: float, two_lines: bool = False) -> tuple[str, ...]:
    """Whole words on lines no wider than ``limit`` where a word allows; a title takes two balanced lines."""
    words = text.split()
    if not words:
        return ()
    space = text_width(" ")
    sums = [0.0]
    for word in words:
        sums.append(sums[-1] + text_width(word))

    def width(start: int, end: int) -> float:
        return sums[end] - sums[start] + space * (end - start - 1)

    if width(0, len(words)) <= limit or len(words) == 1:
        return (" ".join(words),)
    if two_lines:
        cut = min(range(1, len(words)), key=lambda i: max(width(0, i), width(i, len(words))))
        return " ".join(words[:cut]), " ".join(words[cut:])
    lines, start = [], 0
    for end in range(1, len(words) + 1):
        if end - start > 1 and width(start, end) > limit:
            lines.append(" ".join(words[start:end - 1]))
            start = end - 1
    return (*lines, " ".join(words[start:]))


def _layers(ids: list[str], lines: Sequence[Line]) -> tuple[dict[str, int], list[tuple[int, str, str]]]:
    """Each role's layer (0 at the top) and each line as (index, lower role, upper role).

    A line points up from the role that reports, unless that would close a cycle: solid lines
    are placed first, so a dotted line is the one drawn downwards."""
    above: dict[str, list[str]] = {i: [] for i in ids}
    spans = []
    for index, line in sorted(enumerate(lines), key=lambda item: item[1].dotted):
        low, high = line.source, line.target
        seen, todo = {high}, [high]
        while todo:  # does the upper role already reach the lower one?
            for up in above[todo.pop()]:
                if up not in seen:
                    seen.add(up)
                    todo.append(up)
        if low in seen:
            low, high = high, low
        above[low].append(high)
        spans.append((index, low, high))
    below: dict[str, list[str]] = {i: [] for i in ids}
    for low, highs in above.items():
        for high in highs:
            below[high].append(low)
    waiting = {i: len(above[i]) for i in ids}
    layer = {i: 0 for i in ids if not above[i]}
    queue = list(layer)
    for high in queue:  # grows while it is read: a topological order from the top
        for low in below[high]:
            layer[low] = max(layer.get(low, 0), layer[high] + 1)
            waiting[low] -= 1
            if not waiting[low]:
                queue.append(low)
    return layer, sorted(spans)


def _crossings(rows: list[list[_Slot]]) -> int:
    total = 0
    for upper, lower in zip(rows, rows[1:], strict=False):
        at = {id(s): i for i, s in enumerate(upper)}
        pairs = [(at[id(u)], j) for j, s in enumerate(lower) for u in s.up]
        total += sum(1 for i, a in enumerate(pairs) for b in pairs[i + 1:] if (a[0] - b[0]) * (a[1] - b[1]) < 0)
    return total


def _order(rows: list[list[_Slot]]) -> None:
    """Barycentre sweeps, down and up; the order with the fewest crossings wins (ties: the first)."""
    best = (_crossings(rows), [row[:] for row in rows])
    for sweep in range(4):
        down = sweep % 2 == 0
        for k in range(1, len(rows)) if down else range(len(rows) - 2, -1, -1):
            at = {id(s): i for i, s in enumerate(rows[k - 1 if down else k + 1])}
            keys = {}
            for slot in rows[k]:
                near = slot.up if down else slot.down
                if near:
                    keys[id(slot)] = sum(at[id(n)] for n in near) / len(near)
            moving = iter(sorted((s for s in rows[k] if id(s) in keys), key=lambda s: keys[id(s)]))
            rows[k] = [next(moving) if id(s) in keys else s for s in rows[k]]
        count = _crossings(rows)
        if count < best[0]:
            best = (count, [row[:] for row in rows])
    rows[:] = best[1]


def _fit(row: list[_Slot], wanted: list[float]) -> None:
    """Positions as close to ``wanted`` as the order and spacing allow (least squares: pool adjacent violators)."""
    offsets = [0.0]
    for a, b in zip(row, row[1:], strict=False):
        offsets.append(offsets[-1] + a.right + b.left + (BOX_GAP if a.box and b.box else SLOT_GAP))
    blocks: list[list[float]] = []  # [sum, count] of runs that move together
    for want, offset in zip(wanted, offsets, strict=True):
        blocks.append([want - offset, 1])
        while len(blocks) > 1 and blocks[-2][0] * blocks[-1][1] > blocks[-1][0] * blocks[-2][1]:
            total, count = blocks.pop()
            blocks[-1][0] += total
            blocks[-1][1] += count
    starts = [total / count for total, count in blocks for _ in range(int(count))]
    for slot, start, offset in zip(row, starts, offsets, strict=True):
        slot.x = start + offset


def _place(rows: list[list[_Slot]]) -> None:
    for row in rows:
        _fit(row, [0.0] * len(row))
    for sweep in range(9):  # alternately under the layer above and over the layer below; a last pass both
        down = sweep % 2 == 0
        for row in rows if down else rows[::-1]:
            wanted = []
            for slot in row:
                near = [(n, n.weight if slot.box else slot.weight)
                        for n in (slot.up + slot.down if sweep == 8 else slot.up if down else slot.down)]
                total = sum(w for _, w in near)
                wanted.append(sum(n.x * w for n, w in near) / total if near else slot.x)
            _fit(row, wanted)


def layout(roles: Mapping[str, Role], lines: Sequence[Line]) -> Chart:
    """Boxes for the roles the lines name, and each line as a path from its source to its target."""
    ids = list(dict.fromkeys(r for line in lines for r in (line.source, line.target)))
    layer, spans = _layers(ids, lines)
    rows: list[list[_Slot]] = [[] for _ in range(2 * max(layer.values()) + 1)]
    titles = {i: _wrap(roles[i].title, TITLE_MAX, True) if roles[i].title != roles[i].abbreviation else () for i in ids}
    slots = {}
    for i in ids:
        text = max([text_width(roles[i].abbreviation, ABBR_SIZE, True), *map(text_width, titles[i])])
        half = math.ceil(text / 2) + PAD_X
        slots[i] = _Slot(half, half, box=True)
        rows[2 * layer[i]].append(slots[i])
    chains, labels, label_lines = [], {}, [0] * len(rows)
    for index, low, high in spans:
        chain, label = [slots[low]], _wrap(lines[index].label, LABEL_MAX)
        for k in range(2 * layer[low] - 1, 2 * layer[high], -1):
            here = label if k == 2 * layer[low] - 1 else ()
            right = LABEL_OFFSET + math.ceil(max(map(text_width, here))) if here else 3
            chain.append(_Slot(3, right, weight=0.2 if lines[index].dotted else 1.0))
            rows[k].append(chain[-1])
            label_lines[k] = max(label_lines[k], len(here))
        chain.append(slots[high])
        for a, b in zip(chain, chain[1:], strict=False):
            a.up.append(b)
            b.down.append(a)
        chains.append((index, low, chain, 2 * layer[low]))
        labels[index] = label
    _order(rows)
    _place(rows)
    shift = MARGIN - min(s.x - s.left for row in rows for s in row)
    for row in rows:
        for slot in row:
            slot.x = round(slot.x + shift)
    box_height = 2 * PAD + ABBR_LEAD + TEXT_LEAD * max(map(len, titles.values()))
    bands = [box_height if k % 2 == 0 else TEXT_LEAD * n + 2 * PAD if n else 0 for k, n in enumerate(label_lines)]
    tops = [MARGIN + sum(bands[:k]) + SLANT * k for k in range(len(rows))]
    height = tops[-1] + bands[-1] + MARGIN
    # Where lines meet a box: under or over their neighbouring passage, spread out when they would crowd.
    ports: dict[tuple[int, int], float] = {}
    for slot in (s for row in rows for s in row if s.box):
        for side, near in ((0, slot.up), (1, slot.down)):
            lo, hi = slot.x - slot.left + PAD, slot.x + slot.right - PAD
            wanted = sorted(((min(max(n.x, lo), hi), n) for n in near), key=lambda item: item[0])
            crowded = any(b[0] - a[0] < SLOT_GAP for a, b in zip(wanted, wanted[1:], strict=False))
            for j, (x, passage) in enumerate(wanted):
                ports[id(passage), side] = round(lo + (hi - lo) * (j + 1) / (len(wanted) + 1)) if crowded else x
    boxes = tuple(
        Box(roles[i], slots[i].x - slots[i].left, tops[2 * layer[i]], slots[i].left + slots[i].right, box_height, titles[i])
        for i in ids
    )
    edges = []
    for index, low, chain, k in chains:
        points = [(ports[id(chain[1]), 0], tops[k])]
        for slot in chain[1:-1]:
            k -= 1
            points += [(slot.x, tops[k] + bands[k]), (slot.x, tops[k])] if bands[k] else [(slot.x, tops[k])]
        points.append((ports[id(chain[-2]), 1], tops[k - 1] + box_height))
        points = [p for j, p in enumerate(points) if j in (0, len(points) - 1) or not _straight(*points[j - 1:j + 2])]
        if lines[index].source != low:
            points.reverse()
        first = chain[1]
        label_top = tops[2 * layer[low] - 1] + PAD
        edges.append(Edge(lines[index], tuple(points), labels[index], first.x + LABEL_OFFSET, label_top))
    width = max(s.x + s.right for row in rows for s in row) + MARGIN
    return Chart(width, height, boxes, tuple(edges))


def _straight(a: tuple[float, float], b: tuple[float, float], c: tuple[float, float]) -> bool:
    return (b[0] - a[0]) * (c[1] - b[1]) == (b[1] - a[1]) * (c[0] - b[0])

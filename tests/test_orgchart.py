"""The org chart's layout and SVG: geometry that holds for any graph a reporting model can name.

Golden SVGs in tests/golden/orgcharts/; refresh with ``pytest --update-golden`` and look at them.
"""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.render.chart_svg import svg
from generator.render.orgchart import (
    ABBR_SIZE,
    PAD_X,
    TEXT_LEAD,
    Box,
    Chart,
    Line,
    Role,
    layout,
    text_width,
)

GOLDEN = Path(__file__).parent / "golden" / "orgcharts"
SVG = "{http://www.w3.org/2000/svg}"
Rect = tuple[float, float, float, float]

ROLES = {
    r.id: r for r in [
        Role("board", "Board", "Board of directors and its audit or risk committee"),
        Role("ceo", "CEO", "Chief Executive Officer"),
        Role("cio", "CIO", "Chief Information Officer"),
        Role("ciso", "CISO", "Chief Information Security Officer"),
        Role("cro", "CRO", "Chief Risk Officer"),
        Role("gc", "GC", "General Counsel"),
        Role("caio", "CAIO", "Chief AI Officer"),
        Role("odd", "<b>&amp;", 'Ünïcödé “quotes” & <script>alert(1)</script> 最高情報責任者 WWWWWWWWWWWWWWWWWWWW'),
    ]
}
CASES = {
    "dual-reporting": [
        Line("ciso", "cio", label="day-to-day management"),
        Line("ciso", "board", dotted=True, label="private access to the risk or audit committee"),
        Line("cio", "ceo"),
        Line("ceo", "board"),
    ],
    "cycle": [Line("ciso", "cio"), Line("cio", "ciso", dotted=True, label="back"), Line("cio", "ceo"), Line("ceo", "ciso")],
    "wide": [Line(r, "ceo", label=f"reports on {r}") for r in ("cio", "ciso", "cro", "gc", "caio")] + [Line("ceo", "board")],
    "disconnected": [Line("ciso", "cio"), Line("cro", "board", dotted=True)],
    "odd-text": [Line("odd", "ceo", label="<i>label</i> & a very long label that has to wrap over several lines of text"),
                 Line("ciso", "odd")],
}


def box_rect(box: Box) -> Rect:
    return box.x, box.y, box.x + box.width, box.y + box.height


def label_rects(chart: Chart) -> list[Rect]:
    return [
        (e.label_x, e.label_y, e.label_x + max(map(text_width, e.label)), e.label_y + TEXT_LEAD * len(e.label))
        for e in chart.edges if e.label
    ]


def overlap(a: Rect, b: Rect) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def crosses(p: tuple[float, float], q: tuple[float, float], r: Rect) -> bool:
    """Whether the segment pq enters the inside of r (Liang-Barsky clipping)."""
    low, high = 0.0, 1.0
    dx, dy = q[0] - p[0], q[1] - p[1]
    for step, room in ((-dx, p[0] - r[0]), (dx, r[2] - p[0]), (-dy, p[1] - r[1]), (dy, r[3] - p[1])):
        if step == 0:
            if room <= 0:
                return False
        elif step < 0:
            low = max(low, room / step)
        else:
            high = min(high, room / step)
    return low < high


def on_border(point: tuple[float, float], r: Rect) -> bool:
    x, y = point
    inside = r[0] <= x <= r[2] and r[1] <= y <= r[3]
    return inside and (x in (r[0], r[2]) or y in (r[1], r[3]))


def shrink(r: Rect, by: float = 1) -> Rect:
    return r[0] + by, r[1] + by, r[2] - by, r[3] - by


def acyclic(lines: list[Line]) -> bool:
    above = {}
    for line in lines:
        above.setdefault(line.source, set()).add(line.target)

    def climbs_to(start: str, goal: str, seen: set[str]) -> bool:
        return any(up == goal or (up not in seen and not seen.add(up) and climbs_to(up, goal, seen)) for up in above.get(start, ()))

    return not any(climbs_to(line.target, line.source, set()) for line in lines)


def check(roles: dict[str, Role], lines: list[Line]) -> Chart:
    """Every invariant of a laid-out chart; returns it for further checks."""
    chart = layout(roles, lines)
    assert layout(roles, lines) == chart, "deterministic"
    named = list(dict.fromkeys(r for line in lines for r in (line.source, line.target)))
    assert [b.role.id for b in chart.boxes] == named
    boxes = {b.role.id: b for b in chart.boxes}
    rects = [box_rect(b) for b in chart.boxes]
    labels = label_rects(chart)
    frame = (0, 0, chart.width, chart.height)
    for a, b in itertools.combinations(rects + labels, 2):
        assert not overlap(a, b), (a, b)
    for r in rects + labels:
        assert frame[0] <= r[0] and r[2] <= frame[2] and frame[1] <= r[1] and r[3] <= frame[3]
    for box in chart.boxes:
        assert len(box.title) <= 2
        if box.title:
            assert " ".join(box.title) == " ".join(box.role.title.split())
        needed = max([text_width(box.role.abbreviation, ABBR_SIZE, True), *map(text_width, box.title)])
        assert box.width >= needed + 2 * PAD_X
    assert [e.line for e in chart.edges] == lines, "every line, in order"
    for edge in chart.edges:
        source, target = boxes[edge.line.source], boxes[edge.line.target]
        assert on_border(edge.points[0], box_rect(source)) and on_border(edge.points[-1], box_rect(target))
        for p, q in itertools.pairwise(edge.points):
            assert p != q
            for r in [*rects, *labels]:
                assert not crosses(p, q, shrink(r)), (edge.line, p, q, r)
    if acyclic(lines):
        for line in lines:
            assert boxes[line.target].y < boxes[line.source].y, "whoever is reported to sits higher"
    return chart


@pytest.mark.parametrize("name", sorted(CASES))
def test_chart_holds_its_invariants(name: str) -> None:
    check(ROLES, CASES[name])


def test_top_of_the_hierarchy_is_at_the_top_and_siblings_keep_their_order() -> None:
    chart = check(ROLES, CASES["wide"])
    boxes = {b.role.id: b for b in chart.boxes}
    assert boxes["board"].y < boxes["ceo"].y < boxes["cio"].y
    reports = ["cio", "ciso", "cro", "gc", "caio"]
    assert len({boxes[r].y for r in reports}) == 1
    assert sorted(reports, key=lambda r: boxes[r].x) == reports


def test_a_cycle_turns_a_dotted_line_round_rather_than_a_solid_one() -> None:
    chart = check(ROLES, CASES["cycle"])
    boxes = {b.role.id: b for b in chart.boxes}
    assert boxes["ceo"].y < boxes["cio"].y < boxes["ciso"].y  # solid ciso -> cio -> ceo keep going up
    back = chart.edges[1]
    assert back.line.dotted and back.points[0][1] < back.points[-1][1], "the dotted line runs down"


def test_long_titles_wrap_onto_two_lines_and_the_box_grows_to_fit() -> None:
    chart = check(ROLES, CASES["odd-text"])
    odd = next(b for b in chart.boxes if b.role.id == "odd")
    assert len(odd.title) == 2
    label = next(e for e in chart.edges if e.line.source == "odd").label
    assert len(label) >= 3


def test_text_width_is_never_less_than_the_real_width_of_common_fonts() -> None:
    # Liberation Sans Bold 'W' is 0.94 em, DejaVu Sans Bold 1.02 em; wide and accented text counts as wide.
    assert text_width("W", 10, bold=True) >= 10.2
    assert text_width("é") == text_width("e")
    assert text_width("最") >= 12


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_any_graph_a_reporting_model_can_name_lays_out_cleanly(data: st.DataObject) -> None:
    ids = data.draw(st.lists(st.sampled_from(sorted(ROLES)), min_size=2, max_size=8, unique=True))
    pairs = data.draw(st.lists(st.tuples(st.sampled_from(ids), st.sampled_from(ids)).filter(lambda p: p[0] != p[1]),
                               min_size=1, max_size=12, unique=True))
    words = st.text(st.sampled_from("abcXYZ W m.<&é最 "), max_size=40)
    lines = [Line(a, b, data.draw(st.booleans()), data.draw(words)) for a, b in pairs]
    chart = check(ROLES, lines)
    parse(svg(chart, "t", "title", "description"))


ALLOWED = {
    "svg": {"viewBox", "width", "height", "role", "aria-labelledby", "aria-describedby"},
    "title": {"id"}, "desc": {"id"}, "g": {"class"},
    "rect": {"x", "y", "width", "height", "rx", "fill", "stroke"},
    "path": {"d", "fill", "stroke", "stroke-width", "stroke-dasharray"},
    "text": {"x", "y", "text-anchor", "font-size", "font-weight", "fill"},
}


def parse(text: str) -> ET.Element:
    """The SVG as XML, checked against the small set of elements and attributes the writer uses."""
    root = ET.fromstring(text)
    for element in root.iter():
        tag = element.tag.removeprefix(SVG)
        assert tag in ALLOWED, tag
        assert set(element.attrib) <= ALLOWED[tag], (tag, element.attrib)
        assert tag == "text" or tag in ("title", "desc") or not (element.text or "").strip()
    return root


def test_svg_is_named_escaped_and_dashes_the_dotted_lines() -> None:
    chart = layout(ROLES, CASES["odd-text"] + [Line("ceo", "board", dotted=True)])
    root = parse(svg(chart, "cc-orgchart-x", "Org chart: <R&D>", "In words: a < b."))
    assert root.get("role") == "img"
    title = root.find(f"{SVG}title")
    assert title is not None and title.get("id") == root.get("aria-labelledby") and title.text == "Org chart: <R&D>"
    desc = root.find(f"{SVG}desc")
    assert desc is not None and desc.get("id") == root.get("aria-describedby") and desc.text == "In words: a < b."
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "<b>&amp;" in texts and "<script>alert(1)</script>" in " ".join(t or "" for t in texts)
    groups = [g for g in root.iter(f"{SVG}g") if "cc-line" in (g.get("class") or "")]
    assert len(groups) == len(chart.edges)
    for group, edge in zip(groups, chart.edges):
        line = group.find(f"{SVG}path")
        assert line is not None
        assert (line.get("stroke-dasharray") is not None) == edge.line.dotted
        assert ("cc-dotted" in (group.get("class") or "")) == edge.line.dotted


def test_golden_svgs(update_golden: bool) -> None:
    for name, lines in CASES.items():
        text = svg(layout(ROLES, lines), f"cc-orgchart-{name}", f"Org chart: {name}", "In words.") + "\n"
        target = GOLDEN / f"{name}.svg"
        if update_golden:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        assert text == target.read_text(encoding="utf-8"), name
    assert {p.stem for p in GOLDEN.glob("*.svg")} == set(CASES)

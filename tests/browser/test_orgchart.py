"""The org charts of the starter course in Chromium: drawn, named, legible in both palettes and
on a phone, their text inside their boxes in the fonts the browser really uses.

Every test runs through the ``watch`` fixture: no console error, no page error and no request to
another origin.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from generator.catalog import load_catalog

from ..conftest import ROOT, serve

pytestmark = pytest.mark.browser

MODELS = {ident: entry.model for ident, entry in load_catalog(ROOT / "content").reporting_models.items()}

# Per chart: colours as the browser computes them, and every text's box against its role's box.
MEASURE = """svg => {
  const style = n => getComputedStyle(n);
  const box = n => { const b = n.getBBox(); return [b.x, b.y, b.x + b.width, b.y + b.height]; };
  return {
    page: style(document.body).backgroundColor,
    size: [svg.getBoundingClientRect().width, svg.parentElement.getBoundingClientRect().width],
    view: svg.viewBox.baseVal ? [svg.viewBox.baseVal.width, svg.viewBox.baseVal.height] : null,
    roles: [...svg.querySelectorAll("g.cc-role")].map(g => ({
      fill: style(g.querySelector("rect")).fill,
      stroke: style(g.querySelector("rect")).stroke,
      rect: box(g.querySelector("rect")),
      texts: [...g.querySelectorAll("text")].map(t => ({colour: style(t).fill, box: box(t), text: t.textContent})),
    })),
    lines: [...svg.querySelectorAll("g.cc-line")].map(g => ({
      stroke: style(g.querySelector("path")).stroke,
      dash: style(g.querySelector("path")).strokeDasharray,
      labels: [...g.querySelectorAll("text")].map(t => ({colour: style(t).fill, box: box(t)})),
    })),
  };
}"""


@pytest.fixture(scope="module")
def shipped_url(shipped_site: tuple[Path, str]) -> Iterator[str]:
    yield from serve(shipped_site[0])


def rgba(css: str) -> tuple[float, float, float, float]:
    values = [float(v) for v in re.findall(r"[\d.]+", css)]
    assert css.startswith("rgb") and len(values) in (3, 4), css
    return values[0], values[1], values[2], values[3] if len(values) == 4 else 1.0


def over(top: str, *below: str) -> tuple[float, float, float]:
    """The colour seen where ``top`` is painted over the layers ``below`` (the last one opaque)."""
    *layers, base = (top, *below)
    r, g, b, _ = rgba(base)
    for layer in reversed(layers):
        lr, lg, lb, la = rgba(layer)
        r, g, b = lr * la + r * (1 - la), lg * la + g * (1 - la), lb * la + b * (1 - la)
    return r, g, b


def contrast(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    def luminance(colour: tuple[float, float, float]) -> float:
        c = [v / 255 for v in colour]
        c = [v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4 for v in c]
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def inside(inner: list[float], outer: list[float]) -> bool:
    return outer[0] <= inner[0] and outer[1] <= inner[1] and inner[2] <= outer[2] and inner[3] <= outer[3]


def overlap(a: list[float], b: list[float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def open_chart(page: Page, url: str, ident: str) -> Any:
    page.goto(f"{url}/reporting-models/{ident}/")
    chart = page.get_by_role("img", name=f"Org chart: {MODELS[ident].title}", exact=True)
    expect(chart).to_have_count(1)
    expect(chart).to_be_visible()
    return chart


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("ident", sorted(MODELS))
def test_chart_is_drawn_named_and_legible(watch: Any, shipped_url: str, ident: str, scheme: str) -> None:
    page = watch.page(color_scheme=scheme)
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    chart = open_chart(page, shipped_url, ident)
    assert page.get_attribute("body", "data-md-color-scheme") == ("slate" if scheme == "dark" else "default")
    found = chart.evaluate(MEASURE)
    lines = MODELS[ident].lines
    assert len(found["roles"]) == len({r for line in lines for r in (line.from_, line.to)})
    assert len(found["lines"]) == len(lines)
    width, height = found["view"]
    boxes = [role["rect"] for role in found["roles"]]
    for role in found["roles"]:
        fill = over(role["fill"], found["page"])
        assert contrast(over(role["stroke"], found["page"]), over(found["page"])) >= 3, role
        for text in role["texts"]:
            assert contrast(over(text["colour"], role["fill"], found["page"]), fill) >= 4.5, (text, role)
            assert inside(text["box"], role["rect"]), f"{text['text']!r} overflows its box in {ident}"
    for line, model_line in zip(found["lines"], lines):
        assert contrast(over(line["stroke"], found["page"]), over(found["page"])) >= 3, line
        assert (line["dash"] != "none") == (model_line.kind.value == "dotted")
        for label in line["labels"]:
            assert contrast(over(label["colour"], found["page"]), over(found["page"])) >= 4.5, label
            assert inside(label["box"], [0, 0, width, height]) and not any(overlap(label["box"], b) for b in boxes)
    assert violations == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_chart_prints_dark_on_white_paper_from_either_palette(watch: Any, shipped_url: str, scheme: str) -> None:
    page = watch.page(color_scheme=scheme)
    open_chart(page, shipped_url, "ciso-dual-reporting")
    page.emulate_media(media="print")
    found = page.locator(".cc-orgchart svg").evaluate(MEASURE)
    paper = "rgb(255, 255, 255)"  # backgrounds are not printed; the SVG's own fills are
    assert found["roles"] and found["lines"]
    for role in found["roles"]:
        fill = over(role["fill"], paper)
        assert contrast(over(role["stroke"], paper), over(paper)) >= 4.5, role
        for text in role["texts"]:
            assert contrast(over(text["colour"], role["fill"], paper), fill) >= 4.5, text
    for line in found["lines"]:
        assert contrast(over(line["stroke"], paper), over(paper)) >= 4.5, line
        for label in line["labels"]:
            assert contrast(over(label["colour"], paper), over(paper)) >= 4.5, label
    link = page.locator("article p a[href]").first.evaluate("a => getComputedStyle(a).color")
    assert contrast(over(link, paper), over(paper)) >= 4.5, f"a link prints at {link}"


@pytest.mark.parametrize("ident", sorted(MODELS))
def test_chart_shrinks_to_a_phone_screen(watch: Any, shipped_url: str, ident: str) -> None:
    page = watch.page(viewport={"width": 390, "height": 844})
    chart = open_chart(page, shipped_url, ident)
    shown, column = chart.evaluate(MEASURE)["size"]
    assert 0 < shown <= column <= 390
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "nothing scrolls sideways"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation_in_a_reporting_model_page(watch: Any, shipped_url: str, scheme: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page = watch.page(color_scheme=scheme)
    open_chart(page, shipped_url, "ciso-dual-reporting")
    result = Axe().run(page, context=".md-content")
    assert result.violations_count == 0, result.generate_report()

"""Full strict builds of the shipped course: warnings, page kinds, links both ways, search, origins."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest

from generator.catalog import load_catalog
from generator.render import render_site

from .conftest import ROOT

pytestmark = pytest.mark.slow


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


class Tags(HTMLParser):
    """Collects tag attributes and element ids of one page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.tags.append((tag, values))
        if values.get("id"):
            self.ids.add(str(values["id"]))
        if tag == "a" and values.get("name"):
            self.ids.add(str(values["name"]))


def parse(path: Path) -> Tags:
    parser = Tags()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def hrefs(path: Path) -> list[str]:
    return [str(a["href"]) for tag, a in parse(path).tags if tag == "a" and a.get("href")]


def test_strict_build_has_zero_warnings(shipped_site: tuple[Path, str]) -> None:
    _, log = shipped_site
    assert "WARNING" not in log, log
    assert "Documentation built" in log


def test_page_count_per_kind(shipped_site: tuple[Path, str]) -> None:
    site, _ = shipped_site
    catalog = load_catalog(ROOT / "content")
    expected = {
        "modules": len(catalog.modules),
        "roles": len(catalog.roles),
        "reporting-models": len(catalog.reporting_models),
        "attack": len(catalog.attack_tactics()),
        "atlas": len(catalog.atlas_tactics()),
        "paths": len(catalog.course.model.paths),
    }
    for folder, count in expected.items():
        pages = [p for p in (site / folder).glob("*/index.html")]
        assert len(pages) == count, folder
        assert (site / folder / "index.html").is_file(), f"{folder} has an index page"
    for single in ("glossary", "progress", "about"):
        assert (site / single / "index.html").is_file()
    assert (site / "index.html").is_file()


def test_every_module_links_its_tactics_and_every_tactic_links_back(shipped_site: tuple[Path, str]) -> None:
    site, _ = shipped_site
    catalog = load_catalog(ROOT / "content")
    for mid, entry in catalog.modules.items():
        module_links = hrefs(site / "modules" / mid / "index.html")
        for tid in entry.model.covers.attack:
            section = "atlas" if tid.startswith("AML.") else "attack"  # the framework follows from the id
            assert any(h.startswith(f"../../{section}/{tid}/") for h in module_links), (mid, tid)
            tactic_links = hrefs(site / section / tid / "index.html")
            assert any(h.startswith(f"../../modules/{mid}/") for h in tactic_links), (tid, mid)


def test_search_index_keeps_attack_and_atlas_ids_and_abbreviations_whole(shipped_site: tuple[Path, str]) -> None:
    site, _ = shipped_site
    index = json.loads((site / "search" / "search_index.json").read_text())
    separator = re.compile(index["config"]["separator"])
    tokens: set[str] = set()
    for doc in index["docs"]:
        text = re.sub(r"<[^>]+>", " ", doc["title"] + " " + doc["text"])
        tokens.update(t for t in separator.split(text) if t)
    for token in ("TA0001", "TA0004", "T1078", "T1078.004", "T1566.002", "CISO", "CAIO", "AML.TA0000", "AML.T0040"):
        assert token in tokens, token
    # What a reader types is split by the same rule, in any case: an ATLAS id stays one term.
    for query in ("AML.T0051", "aml.t0051.001", "AML.TA0000"):
        assert separator.split(query) == [query], query
    assert [t for t in separator.split("end.Next") if t] == ["end", "Next"]


def test_no_page_loads_anything_from_another_origin(shipped_site: tuple[Path, str]) -> None:
    site, _ = shipped_site
    for page in html_pages(site):
        for tag, attrs in parse(page).tags:
            if tag in ("link", "script", "img", "iframe", "source", "video", "audio"):
                for attr in ("src", "href"):
                    value = attrs.get(attr)
                    if value and not (tag == "link" and attrs.get("rel") in ("canonical",)):
                        assert not urlparse(value).netloc and not value.startswith("//"), (page, tag, value)


def test_every_internal_link_and_anchor_resolves(shipped_site: tuple[Path, str]) -> None:
    site, _ = shipped_site
    ids: dict[Path, set[str]] = {}

    def anchors(path: Path) -> set[str]:
        if path not in ids:
            ids[path] = parse(path).ids
        return ids[path]

    checked = 0
    for page in html_pages(site):
        if page.name == "404.html":
            continue  # served at any depth, so MkDocs gives it root-absolute links by design
        base = "file://" + str(page)
        for href in hrefs(page):
            target = urlparse(urljoin(base, href))
            if target.scheme != "file":
                continue
            path = Path(target.path)
            if path.is_dir():
                path = path / "index.html"
            assert path.is_file(), (page, href)
            if target.fragment and path.suffix == ".html":
                assert target.fragment in anchors(path), (page, href)
            checked += 1
    assert checked > 500


def test_footer_carries_the_attack_notice_and_about_link(shipped_site: tuple[Path, str]) -> None:
    site, _ = shipped_site
    html = (site / "modules" / "competing-mandates" / "index.html").read_text()
    footer = html[html.index('class="md-copyright"'):]
    assert "© 2025 The MITRE Corporation" in footer
    assert 'href="../../about/"' in footer


def test_every_reporting_model_page_carries_its_svg_org_chart(shipped_site: tuple[Path, str]) -> None:
    """The chart the project drew is in the page as it was drawn: past the sanitiser, placeholder gone."""
    site, _ = shipped_site
    catalog = load_catalog(ROOT / "content")
    pages = {page.uri: page for page in render_site(catalog)}
    assert len(catalog.reporting_models) >= 6
    for ident, entry in catalog.reporting_models.items():
        html = (site / "reporting-models" / ident / "index.html").read_text()
        (chart,) = pages[f"reporting-models/{ident}.md"].charts
        assert html.count('class="cc-orgchart"') == 1 and f'<div class="cc-orgchart">\n{chart}\n</div>' in html, ident
        assert f'<title id="cc-orgchart-{ident}-title">Org chart: ' in chart
        lines = entry.model.lines
        assert chart.count('<g class="cc-line') == len(lines)
        assert chart.count('<g class="cc-line cc-dotted">') == sum(line.kind.value == "dotted" for line in lines)
        assert chart.count("stroke-dasharray") == chart.count("cc-dotted")
        assert chart.count('<g class="cc-role">') == len({r for line in lines for r in (line.from_, line.to)})
        assert not re.search(r"cc-orgchart-[0-9a-f]{32}", html), "a placeholder was left in the page"


def test_no_page_asks_for_a_diagram_script(shipped_site: tuple[Path, str]) -> None:
    site, _ = shipped_site
    assert not [p for p in site.rglob("*") if "mermaid" in p.name.lower()]
    for page in html_pages(site):
        tags = Tags()
        tags.feed(page.read_text())
        scripts = [str(attrs.get("src")) for tag, attrs in tags.tags if tag == "script" and attrs.get("src")]
        assert [s for s in scripts if not re.search(r"ciso-course/(quiz|site|search-on-demand)\.js$|/javascripts/bundle\.", s)] == [], page
        assert 'class="mermaid"' not in page.read_text(), page

"""Every page kind runs under its Content-Security-Policy without a single violation, and the
theme's own behaviour (search, palette toggle) and the org charts keep working under it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ..conftest import serve

pytestmark = pytest.mark.browser

PAGES = {
    "home": "",
    "paths": "paths/",
    "path": "paths/ciso/",
    "modules": "modules/",
    "module": "modules/competing-mandates/",
    "roles": "roles/",
    "role": "roles/ciso/",
    "comparison": "reporting-models/",
    "reporting-model": "reporting-models/ciso-dual-reporting/",
    "coverage": "attack/",
    "tactic": "attack/TA0001/",
    "glossary": "glossary/",
    "progress": "progress/",
    "about": "about/",
    "guide": "guide/",
}


@pytest.fixture(scope="module")
def shipped_url(shipped_site: tuple[Path, str]) -> Iterator[str]:
    yield from serve(shipped_site[0])


def test_every_page_has_a_policy_without_unsafe_inline_scripts(shipped_site: tuple[Path, str]) -> None:
    site, _ = shipped_site
    for page in site.rglob("*.html"):
        html = page.read_text()
        policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html)
        assert policy is not None, page
        script_src = re.search(r"script-src ([^;]+)", policy.group(1))
        assert script_src is not None
        assert "'unsafe-inline'" not in script_src.group(1) and "'unsafe-eval'" not in script_src.group(1)
        assert "'unsafe-inline'" not in policy.group(1), "no inline scripts, and no inline styles either"
        assert html.index("Content-Security-Policy") < html.index("<script"), "the policy comes before any script"
        # The policy would block these: the theme, the charts and the tables use none.
        assert not re.search(r"<style\b|\sstyle=", html, re.I), page


def test_aligned_table_columns_keep_their_alignment_without_inline_styles(mini_url: str, browser: Any) -> None:
    """Markdown tables align columns with align="..." (tables' use_align_attribute), which the
    sanitiser keeps and Material styles, where style="text-align" would need 'unsafe-inline'."""
    page = browser.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
    page.goto(f"{mini_url}/modules/escalation-basics/")
    row = page.locator(".md-typeset table tr", has_text="Accepts it in writing")
    aligned = [cell.evaluate("c => getComputedStyle(c).textAlign") for cell in row.locator("td").all()]
    assert [value.removeprefix("-webkit-") for value in aligned] == ["left", "center", "right"]  # align="..." as Chromium maps it
    assert "Content-Security-Policy" in page.content() and problems == []
    page.close()


@pytest.mark.parametrize("kind", sorted(PAGES))
def test_page_kind_runs_without_csp_violations(kind: str, shipped_url: str, browser: Any) -> None:
    page = browser.new_page()
    problems: list[str] = []
    requests: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(f"{shipped_url}/{PAGES[kind]}")
    page.wait_for_load_state("networkidle")
    if kind == "reporting-model":
        # The org chart is drawn at build time: an inline SVG, named for assistive technology.
        chart = page.locator(".cc-orgchart > svg[role='img']")
        assert chart.count() == 1 and chart.is_visible()
        assert chart.locator("g.cc-role").count() >= 3 and chart.locator("g.cc-line.cc-dotted").count() >= 1
    assert [p for p in problems if "Content Security Policy" in p or "Refused" in p] == []
    assert problems == []
    assert requests and not [url for url in requests if "mermaid" in url.lower()]
    page.close()


def test_search_and_palette_toggle_work_under_the_policy(shipped_url: str, browser: Any) -> None:
    page = browser.new_page()
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(f"{shipped_url}/")
    scheme = page.get_attribute("body", "data-md-color-scheme")
    page.click("label.md-header__button[for='__palette_1'], form[data-md-component='palette'] label:visible")
    page.wait_for_function(f"document.body.getAttribute('data-md-color-scheme') !== '{scheme}'")
    page.click("input.md-search__input")
    page.keyboard.type("T1078.004")
    page.wait_for_selector(".md-search-result__item", timeout=10_000)
    assert "T1078.004" in page.inner_text(".md-search-result")
    assert violations == []
    page.close()

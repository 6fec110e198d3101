"""Hostile content: XSS payloads in every text field of a course, built strictly, then opened in
Chromium. Nothing may run, no dialog may open, and the payloads must still read as text."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from ..conftest import FIXTURES, MINI, ROOT, build_site, serve
from .live import live_markup, live_outputs, package_site, page_body, plain_html, site_html, title_in_markdown
from .payloads import PAYLOADS

# Keys whose values are ids, addresses or fixed words rather than text a reader sees.
NOT_TEXT = {
    "id", "url", "type", "role", "from", "to", "kind", "level", "shortname", "scoring", "domain",
    "audience", "prerequisites", "modules", "assesses", "attack", "see_also", "roles",
    "reporting_models", "order", "answer",
}


class Injector:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, value: Any, key: str | None = None) -> Any:
        if isinstance(value, dict):
            return {k: v if k in NOT_TEXT else self(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [self(item, key) for item in value]
        if isinstance(value, str):
            payload = PAYLOADS[self.count % len(PAYLOADS)]
            self.count += 1
            if key == "expansion":  # refused with '<' or '>' (shown on hover): the rest still goes in
                payload = payload.replace("<", "").replace(">", "")
            return f"{value} {payload}"
        return value


@pytest.fixture(scope="module")
def hostile_content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    content = tmp_path_factory.mktemp("hostile") / "content"
    inject = Injector()
    for source in sorted(MINI.rglob("*.yml")):
        data = yaml.safe_load(source.read_text())
        target = content / source.relative_to(MINI)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(yaml.safe_dump(inject(data), sort_keys=False, allow_unicode=True))
    assert inject.count >= 2 * len(PAYLOADS), "every payload lands in several fields"
    return content


def _build(content: Path, name: str, csp: bool) -> Path:
    root = content.parent / name
    root.mkdir()
    config = root / "mkdocs.yml"
    config.write_text(
        f"INHERIT: {FIXTURES / 'mkdocs-mini.yml'}\n"
        f"docs_dir: {ROOT / 'site_config' / 'docs'}\n"
        f"theme:\n  name: material\n"
        f"plugins:\n  ciso-course:\n    content_dir: {content}\n"
        f"    content_security_policy: {str(csp).lower()}\n"
    )
    site = root / "site"
    result = build_site(config, site)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return site


@pytest.fixture(scope="module")
def hostile_site(hostile_content: Path) -> Path:
    return _build(hostile_content, "with-csp", csp=True)


@pytest.fixture(scope="module")
def hostile_site_without_csp(hostile_content: Path) -> Path:
    """What `mkdocs serve` shows a reviewer: the same pages with no Content-Security-Policy."""
    return _build(hostile_content, "without-csp", csp=False)


def test_there_are_at_least_thirty_payloads() -> None:
    assert len(PAYLOADS) >= 30


def test_sanitiser_keeps_table_alignment_as_an_attribute_and_no_inline_style() -> None:
    from generator.render.sanitize import sanitize

    html = '<table><tr><th align="center" style="color:red">a</th><td align="javascript:x">b</td><td style="text-align: right">c</td></tr></table>'
    assert sanitize(html) == '<table><tbody><tr><th align="center">a</th><td>b</td><td>c</td></tr></tbody></table>'


def test_built_html_carries_no_live_payload(hostile_site: Path) -> None:
    """No event handler, script URL, payload script or reserved id in any built page."""
    for page in hostile_site.rglob("*.html"):
        assert live_markup(page.read_text(), site_page=True) == [], page


def test_rendered_markdown_carries_no_live_payload(hostile_content: Path, tmp_path: Path) -> None:
    """`render --out` writes the same safe text: read by Python-Markdown, with the site's
    extensions or with none, nothing is live."""
    from click.testing import CliRunner

    from generator.cli import main

    out = tmp_path / "pages"
    result = CliRunner().invoke(main, ["render", "--content", str(hostile_content), "--out", str(out)])
    assert result.exit_code == 0, result.output
    pages = sorted(out.rglob("*.md"))
    assert len(pages) >= 14
    for page in pages:
        text = page_body(page.read_text())
        for html in (site_html(text), plain_html(text)):
            # A '<' in a title attribute is text to HTML; only a theme that builds tooltips with
            # innerHTML makes it live, and the site's sanitiser removes it (checked above).
            found = [f"render --out {page.name}: {f}" for f in live_markup(html, read_markdown=True)]
            assert [f for f in found if not title_in_markdown(f)] == [], page


def test_every_export_of_the_hostile_course_carries_no_live_payload(hostile_content: Path) -> None:
    """Moodle XML, GIFT and QTI (the HTML they carry and their plain-text fields), the Navigator
    layers, answer keys (Markdown and CSV), the rendered pages and the SCORM packages (their
    pages and manifest titles): nothing live."""
    from generator.catalog import load_catalog

    found = live_outputs(load_catalog(hostile_content), site=package_site(hostile_content))
    assert [f for f in found if not title_in_markdown(f)] == []


MARKER = re.compile(r"__xss\((\d+)\)")
# A link's destination and title are attributes, not text (the live-markup checks above cover
# what they may hold): in Markdown, and in the quiz's HTML.
LINK_TARGET = re.compile(r"\]\((?:[^()\n]|\([^()\n]*\))*\)")
ATTRIBUTE = re.compile(r' (?:title|href)="[^"]*"')


def _expected_markers(content: Path) -> dict[str, set[str]]:
    """Per built page (its folder under the site), the payloads its generated Markdown carries in
    the page body: each must read as text in the browser, not only one of them."""
    from generator.catalog import load_catalog
    from generator.render import Urls, render_site

    expected = {}
    for page in render_site(load_catalog(content), Urls()):
        body = page_body(page.markdown)
        body = "\n".join(line for line in body.splitlines() if not line.startswith("*["))  # hover titles
        body = ATTRIBUTE.sub("", LINK_TARGET.sub("]()", body))
        folder = page.uri.removesuffix(".md").removesuffix("index").rstrip("/") or "."
        expected[folder] = set(MARKER.findall(body))
    return expected


def _visit_every_page(site: Path, browser: Any, content: Path) -> None:
    expected = _expected_markers(content)
    pages = sorted(p for p in site.rglob("index.html"))
    assert len(pages) >= 14
    context = browser.new_context()
    context.add_init_script("window.__xssHits = []; window.__xss = n => window.__xssHits.push(n);")
    page = context.new_page()
    dialogs: list[str] = []
    checked = 0
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    server = serve(site)
    url_root = next(server)
    for path in pages:
        rel = path.parent.relative_to(site).as_posix()
        page.goto(f"{url_root}/{rel}/" if rel != "." else f"{url_root}/")
        page.wait_for_load_state("load")
        for selector in ("#clickme", "details", "input"):
            for element in page.query_selector_all(f".md-content {selector}")[:5]:
                if element.is_visible():
                    element.click()
        for element in page.query_selector_all(".md-content [title]")[:8]:  # tooltips
            if element.is_visible():
                element.hover(force=True, timeout=2000)  # no waiting for an element under another
        page.wait_for_timeout(100)
        assert page.evaluate("window.__xssHits") == [], rel
        text = page.inner_text("body")
        assert "__xss(" in text, f"payload text visible on {rel}"
        # Every payload of the page's body is text in the document (not an attribute, not gone).
        shown = set(MARKER.findall(page.text_content(".md-content") or ""))
        missing = expected.get(rel, set()) - shown
        assert not missing, f"payloads {sorted(missing, key=int)} of {rel} do not read as text"
        checked += bool(expected.get(rel))
    assert dialogs == []
    assert checked >= 10  # the generated pages were compared, not only the hand-written ones
    module = page.goto(f"{url_root}/modules/competing-mandates/")
    assert module is not None
    assert "<script>__xss(" in page.inner_text(".md-content")  # raw HTML reads as the text written
    context.close()
    server.close()


@pytest.mark.browser
def test_no_payload_runs_in_the_browser_and_all_read_as_text(hostile_site: Path, hostile_content: Path, browser: Any) -> None:
    _visit_every_page(hostile_site, browser, hostile_content)


@pytest.mark.browser
def test_no_payload_runs_even_without_the_content_security_policy(
    hostile_site_without_csp: Path, hostile_content: Path, browser: Any
) -> None:
    """The sanitiser alone holds: the policy is a second layer, not the only one."""
    html = (hostile_site_without_csp / "index.html").read_text()
    assert "Content-Security-Policy" not in html
    _visit_every_page(hostile_site_without_csp, browser, hostile_content)

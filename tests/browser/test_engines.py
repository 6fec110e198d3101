"""The starter course built by each site engine, checked in Debian's Chromium.

- MkDocs 1.6 and ProperDocs build the repository's ``mkdocs.yml`` with the plugin;
- Zensical, which runs no MkDocs plugin, builds the project that ``ciso-course render
  --standalone`` writes.

For each: the navigation lists the modules in course order, a quiz answer is checked and kept
across a reload, the org charts are drawn, search finds a tactic id, a sub-technique id and a word,
and (the ``watch`` fixture) no page logs an error or asks another origin for anything. Each site
is built once per test session.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from playwright.sync_api import Page, expect

from generator.catalog import load_catalog
from generator.cli import main
from generator.models import modules as m
from generator.render import Urls, render_site
from generator.render.nav import build_nav

from ..conftest import ROOT, serve

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ENGINES = ("mkdocs", "properdocs", "zensical")
BIN = Path(sys.executable).parent
CATALOG = load_catalog(ROOT / "content")


def _engine(*args: str | Path, cwd: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, f"{args[0]} failed:\n{result.stdout}\n{result.stderr}"


@pytest.fixture(scope="session", params=ENGINES)
def engine_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """(engine, address of the starter course that the engine built)."""
    engine = request.param
    if engine == "mkdocs":
        site = request.getfixturevalue("shipped_site")[0]  # the plugin build other tests share
    elif engine == "properdocs":
        site = tmp_path_factory.mktemp("properdocs-site")
        _engine(BIN / "properdocs", "build", "-f", ROOT / "mkdocs.yml", "-d", site, cwd=ROOT)
    else:
        project = tmp_path_factory.mktemp("standalone") / "project"
        result = CliRunner().invoke(main, [
            "render", "--standalone", "--content", str(ROOT / "content"),
            "--config-file", str(ROOT / "mkdocs.yml"), "--out", str(project),
        ])
        assert result.exit_code == 0, result.output
        _engine(BIN / "zensical", "build", cwd=project)
        site = project / "site"
    for url in serve(site):
        yield engine, url


def _module_order() -> list[str]:
    """Module page addresses as the course orders them (the navigation the plugin builds)."""
    found: list[str] = []

    def walk(entry: Any) -> None:
        if isinstance(entry, str):
            match = re.fullmatch(r"modules/([a-z0-9-]+)\.md", entry)
            if match and match.group(1) != "index":
                found.append(f"modules/{match.group(1)}/")
        elif isinstance(entry, dict):
            for value in entry.values():
                walk(value)
        elif isinstance(entry, list):
            for item in entry:
                walk(item)

    walk(build_nav(render_site(CATALOG, Urls()), []))
    return found


def test_the_navigation_lists_the_modules_in_course_order(watch: Any, engine_url: tuple[str, str]) -> None:
    _, url = engine_url
    expected = _module_order()
    assert len(expected) >= 3 and expected != sorted(expected), "the starter course's order is not alphabetical"
    page = watch.page()
    page.goto(url + "/modules/")
    hrefs = page.locator("nav.md-nav--primary a.md-nav__link").evaluate_all("links => links.map(a => a.href)")
    listed: list[str] = []
    for href in hrefs:
        match = re.search(r"/(modules/[a-z0-9-]+/)$", href)
        if match and match.group(1) not in listed:
            listed.append(match.group(1))
    assert listed == expected


def _single_question() -> tuple[str, m.SingleQuestion, str]:
    for ident, entry in CATALOG.modules.items():
        for question in entry.model.quiz.questions if entry.model.quiz else ():
            if isinstance(question, m.SingleQuestion):
                right = next(o for o in question.options if o.correct)
                words = re.sub(r"[^\w\s'-]", " ", right.text).split()
                return ident, question, " ".join(words[:4])
    raise AssertionError("the starter course has no single-choice question")


def test_a_quiz_answer_is_checked_and_kept_across_a_reload(watch: Any, engine_url: tuple[str, str]) -> None:
    _, url = engine_url
    module, question, right = _single_question()
    page = watch.page()
    page.goto(f"{url}/modules/{module}/")
    block = page.locator(f"#q-{question.id}")
    block.locator("li.ccq-option", has_text=right).locator("label").click()
    block.get_by_role("button", name="Check answer", exact=True).click()
    verdict = block.locator(".ccq-verdict")
    expect(verdict).to_have_text(re.compile(r"^✓ Correct\."))
    page.reload()
    expect(page.locator(f"#q-{question.id} .ccq-verdict")).to_have_text(re.compile(r"^✓ Correct\."))
    keys = page.evaluate("Object.keys(localStorage)")
    assert any(key.startswith("ccq:") for key in keys), keys


def test_the_org_charts_are_drawn(watch: Any, engine_url: tuple[str, str]) -> None:
    _, url = engine_url
    page = watch.page()
    for ident, entry in CATALOG.reporting_models.items():
        page.goto(f"{url}/reporting-models/{ident}/")
        chart = page.get_by_role("img", name=f"Org chart: {entry.model.title}", exact=True)
        expect(chart).to_be_visible()
        assert chart.locator("rect").count() >= 2


def _search(page: Page, engine: str, query: str) -> None:
    if engine == "zensical":
        page.locator(".md-search__button").click()  # opens the search dialog
    # The search field (Zensical's in the dialog's shadow root): typed into once it is there.
    field = page.locator("input[type='text'][aria-label='Search']")
    expect(field).to_be_visible()
    field.click()
    field.press_sequentially(query)


@pytest.mark.parametrize(("query", "target"), [
    ("TA0001", "/attack/TA0001/"),
    ("T1078.004", "#t1078-004"),
    ("CISO", "/"),
    ("AML.T0051", "/atlas/AML.TA0005/"),
    ("AML.TA0000", "/atlas/AML.TA0000/"),
])
def test_search_finds_ids_and_words(watch: Any, engine_url: tuple[str, str], query: str, target: str) -> None:
    engine, url = engine_url
    page = watch.page()
    page.goto(url + "/")
    _search(page, engine, query)
    # Result links carry the query for highlighting (search.highlight): ?h=...
    results = page.locator("a[href*='h=']").filter(has_text=query)
    expect(results.first).to_be_visible(timeout=30_000)
    hrefs = results.evaluate_all("links => links.map(a => a.href)")
    assert any(target in href for href in hrefs), hrefs


INDEX = re.compile(r"/(?:search/search_index|search)\.json$")


def test_the_search_index_is_fetched_only_when_the_reader_starts_a_search(watch: Any, engine_url: tuple[str, str]) -> None:
    engine, url = engine_url
    page = watch.page()
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(url + "/modules/", wait_until="networkidle")
    page.wait_for_timeout(1000)
    assert asked and not [u for u in asked if INDEX.search(u)], "a first visit must not download the search index"
    with page.expect_request(lambda request: bool(INDEX.search(request.url))):
        _search(page, engine, "CISO")
    expect(page.locator("a[href*='h=']").filter(has_text="CISO").first).to_be_visible(timeout=30_000)


def test_search_leaves_lists_of_links_out_of_the_index(engine_url: tuple[str, str]) -> None:
    """A search for a question's words or a module's title finds the module, not every tactic page
    or index that lists it; and the index stays within Zensical's 64 KB of text per section on a
    large course."""
    engine, url = engine_url
    name = "search.json" if engine == "zensical" else "search/search_index.json"
    with urllib.request.urlopen(f"{url}/{name}") as response:
        index = json.load(response)
    sections = {doc["location"]: doc["text"] for doc in index["items" if engine == "zensical" else "docs"]}
    for tactic in ("attack/TA0001/", "atlas/AML.TA0000/"):
        assert sections[f"{tactic}#modules-that-teach-it"].strip() == "", tactic
    assert sections["attack/TA0001/#questions-that-test-it"].strip() == ""
    first = next(iter(CATALOG.modules.values())).model
    assert first.title not in sections["modules/"] and f"modules/{first.id}/" in sections
    assert "AI platforms" in sections["attack/TA0001/#t1078-004"]  # the tactic's own text stays searchable

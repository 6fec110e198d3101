"""Every page of the starter course in Chromium against axe-core's WCAG 2.0, 2.1 and 2.2 A and AA
rules, in both palettes, on a desktop and on a phone; content that reflows at 320 px; and a
learner's whole journey with the keyboard alone.

axe-core is the copy bundled with the ``axe-playwright-python`` package. Every test runs through
the ``watch`` fixture: no console error, no page error and no request to another origin.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from ..conftest import serve

pytestmark = pytest.mark.browser

WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_AA}, "resultTypes": ["violations"]}
WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(scope="module")
def shipped_url(shipped_site: tuple[Path, str]) -> Iterator[str]:
    yield from serve(shipped_site[0])


@pytest.fixture(scope="module")
def pages(shipped_site: tuple[Path, str]) -> list[str]:
    """The address of every page of the built course, 404 page included."""
    site = shipped_site[0]
    found = sorted("/" + index.parent.relative_to(site).as_posix() + "/" for index in site.rglob("index.html"))
    found = [address.replace("/./", "/") for address in found]
    assert len(found) > 50 and "/" in found and "/progress/" in found
    return [*found, "/404.html"]


def axe_violations(axe: Any, page: Page, where: str) -> list[str]:
    """One line per element that breaks a rule: where, rule, impact, element and what to fix."""
    lines = []
    for violation in axe.run(page, options=AXE_OPTIONS).response["violations"]:
        for node in violation["nodes"]:
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"{where}: {violation['id']} ({violation['impact']}) at {node['target']}: {summary}")
    return lines


def check_all_answers(page: Page) -> None:
    """Answer every question with its first option (right or wrong) and check the whole quiz."""
    page.evaluate(
        """() => document.querySelectorAll("fieldset.ccq-q").forEach(q => {
             const input = q.querySelector("input");
             if (input && !input.checked) input.click();
           })"""
    )
    page.get_by_role("button", name="Check all answers").click()
    expect(page.locator(".ccq-result")).not_to_be_empty()
    page.wait_for_timeout(300)  # let the reveal animation settle


@pytest.mark.parametrize("width", sorted(WIDTHS))
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_wcag_violation_on_any_page(watch: Any, shipped_url: str, pages: list[str], scheme: str, width: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    page = watch.page(color_scheme=scheme, viewport=WIDTHS[width])
    violations: list[str] = []
    quizzes = 0
    for address in pages:
        page.goto(shipped_url + address)
        where = f"{address} ({scheme}, {width})"
        violations += axe_violations(axe, page, where)
        if page.locator("fieldset.ccq-q").count():
            quizzes += 1
            check_all_answers(page)
            violations += axe_violations(axe, page, where + " after checking answers")
    assert quizzes > 5, "the module pages' self-checks were not found"
    assert page.evaluate("document.body.dataset.mdColorScheme") == {"light": "default", "dark": "slate"}[scheme]
    assert not violations, f"{len(violations)} WCAG violations:\n" + "\n".join(violations)


# On load the theme scrolls each sidebar to the current page's link, so what sits at a sidebar's
# edges, and whether a link there is half covered, depends on the window's height. Each of these
# heights (1280 px wide) once left some module page's sidebar with a link too small to hit.
DESKTOP_HEIGHTS = (720, 800, 844, 1000)

TARGET_SIZE = """async () => {
  const result = await axe.run(document, {runOnly: {type: "rule", values: ["target-size"]}, resultTypes: ["violations"]});
  return result.violations.flatMap(v => v.nodes.map(n => `${n.target}: ${n.failureSummary.replace(/\\s+/g, " ")}`));
}"""


def test_every_link_keeps_its_target_size_at_any_desktop_height(watch: Any, shipped_url: str, pages: list[str]) -> None:
    """WCAG 2.5.8 (axe's target-size rule alone) on every page at several window heights, where
    the whole sweep runs at one. A page whose sidebars were not scrolled on load shows the top of
    the same layout as at any taller height, so axe runs only where a sidebar was scrolled."""
    from axe_playwright_python import sync_playwright as axe_module

    context = watch.context(viewport=WIDTHS["desktop"])
    context.add_init_script(path=str(Path(axe_module.__file__).parent / "axe.min.js"))
    page = watch.page(context)
    violations, scrolled = [], 0
    for height in DESKTOP_HEIGHTS:
        page.set_viewport_size({"width": WIDTHS["desktop"]["width"], "height": height})
        for address in pages:
            page.goto(shipped_url + address)
            page.wait_for_timeout(50)  # the theme scrolls its sidebars in the next animation frame
            if page.evaluate("[...document.querySelectorAll('.md-sidebar__scrollwrap')].some(w => w.scrollTop > 0)"):
                scrolled += 1
                violations += [f"{address} (1280x{height}): {line}" for line in page.evaluate(TARGET_SIZE)]
    assert scrolled > 10, "no sidebar was scrolled on load: the heights no longer test anything"
    assert not violations, f"{len(violations)} targets too small:\n" + "\n".join(violations)


def test_every_page_reflows_at_320_pixels(watch: Any, shipped_url: str, pages: list[str]) -> None:
    page = watch.page(viewport={"width": 320, "height": 640})
    wide = []
    for address in pages:
        page.goto(shipped_url + address)
        page.wait_for_timeout(50)
        if page.evaluate("document.documentElement.scrollWidth") > 320:
            wide.append(address)
    assert not wide, "pages that scroll sideways at 320 px: " + ", ".join(wide)


def test_coverage_matrix_is_a_data_table_in_a_focusable_named_region_on_a_phone(watch: Any, shipped_url: str) -> None:
    page = watch.page(viewport=WIDTHS["phone"])
    page.goto(shipped_url + "/attack/")
    table = page.locator(".cc-matrix table")
    expect(table.locator("thead th")).to_have_count(table.locator("tbody tr").first.locator("td").count())
    region = page.locator(".cc-matrix").get_by_role("region", name=re.compile(r"^Table: .+ \(scrolls sideways\)$"))
    expect(region).to_have_count(1)
    expect(region.locator("table")).to_have_count(1)
    region.focus()
    expect(region).to_be_focused()
    assert region.evaluate("n => getComputedStyle(n).outlineStyle") != "none", "focus must be visible"
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => document.querySelector('.cc-matrix [data-cc-scroll]').scrollLeft > 0")


def test_search_dialog_has_a_name(watch: Any, shipped_url: str) -> None:
    page = watch.page()
    page.goto(shipped_url + "/")
    expect(page.locator('.md-search[role="dialog"]')).to_have_attribute("aria-label", "Search")


def test_ratings_are_images_named_by_their_score(watch: Any, shipped_url: str) -> None:
    # ARIA 1.2 names no generic span; a rating is an image whose name is its score
    page = watch.page()
    page.goto(shipped_url + "/reporting-models/ciso-to-cio/")
    ratings = page.locator(".cc-rating")
    assert ratings.count() > 3
    for index in range(ratings.count()):
        expect(ratings.nth(index)).to_have_role("img")
        expect(ratings.nth(index)).to_have_accessible_name(re.compile(r"^[0-5] out of 5$"))


def test_navigation_tabs_tell_the_current_one_apart_without_colour(watch: Any, shipped_url: str) -> None:
    page = watch.page()
    page.goto(shipped_url + "/glossary/")
    current = page.locator(".md-tabs__item--active .md-tabs__link")
    other = page.locator(".md-tabs__item:not(.md-tabs__item--active) .md-tabs__link").first
    assert "underline" in current.evaluate("n => getComputedStyle(n).textDecorationLine")
    assert "underline" not in other.evaluate("n => getComputedStyle(n).textDecorationLine")


# ---------------------------------------------------------------- the keyboard alone


# What has focus, whether it passes the test (TEST is replaced) and whether its focus shows: its
# outline, shadow, underline or background differ from what the same element shows unfocused
# (the style without focus is read with focus moved away for a moment).
FOCUSED = """() => {
  if (!window.noTransitions) {  // so that no style is read halfway through a change
    window.noTransitions = new CSSStyleSheet();
    window.noTransitions.replaceSync("*, *::before, *::after { transition: none !important; }");
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, window.noTransitions];
  }
  const n = document.activeElement;
  const look = e => { const s = getComputedStyle(e);
    return [s.outlineStyle === "none" ? "none" : `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`,
            s.boxShadow, s.textDecorationLine, s.backgroundColor].join("|"); };
  // a visually hidden control (the theme's palette switch) shows its focus on the label after it
  const next = n.nextElementSibling;
  const shows = [n, ...(next && next.tagName === "LABEL" ? [next] : [])];
  const focused = shows.map(look);
  n.blur();
  const unfocused = shows.map(look);
  n.focus({focusVisible: true});
  const shown = focused.some((style, i) => style !== unfocused[i]);
  return {hit: (TEST)(n), shown, what: n.outerHTML.slice(0, 120), visible: n.getClientRects().length > 0};
}"""


def tab_to(page: Page, test: str, *, limit: int = 400) -> dict[str, Any]:
    """Press Tab until the focused element passes ``test`` (a JavaScript function of it); every
    element on the way must show where focus is."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused: dict[str, Any] = page.evaluate(FOCUSED.replace("TEST", test))
        assert focused["shown"] or not focused["visible"] or focused["what"].startswith("<body"), f"focus is not visible on {focused['what']}"
        if focused["hit"]:
            return focused
    raise AssertionError(f"no element passing {test} within {limit} presses of Tab")


def test_keyboard_journey_from_home_through_a_self_check_to_progress(watch: Any, shipped_url: str) -> None:
    page = watch.page()
    page.goto(shipped_url + "/")

    tab_to(page, "n => n.matches('.md-content a[href$=\"paths/ciso/\"]')")
    page.keyboard.press("Enter")
    page.wait_for_url("**/paths/ciso/")

    tab_to(page, "n => n.matches('.md-content a[href*=\"modules/\"]')")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/modules/[a-z0-9-]+/$"))
    questions = page.locator("fieldset.ccq-q")
    expect(questions.first).to_be_attached()
    total = questions.count()
    assert total > 0

    # Every question answered from the keyboard: Space picks the focused option of a choice or
    # true/false question; an ordering question is answered by moving an item with Enter.
    answered: set[str] = set()
    while True:
        focused = tab_to(
            page,
            """n => n.matches("fieldset.ccq-q input, fieldset.ccq-q .ccq-move button, .ccq button.ccq-primary")""",
        )
        kind = page.evaluate(
            """() => { const n = document.activeElement, q = n.closest("fieldset.ccq-q");
                       return [n.tagName, n.type || "", n.textContent.trim(), q ? q.id : ""]; }"""
        )
        tag, input_type, text, qid = kind
        if qid and qid not in answered:
            if tag == "INPUT":
                page.keyboard.press("Space")
                assert page.evaluate("document.activeElement.checked"), focused["what"]
            else:
                page.keyboard.press("Enter")
            answered.add(qid)
        elif not qid and text == "Check all answers":
            break
    assert len(answered) == total, f"answered {sorted(answered)} of {total} questions"
    page.keyboard.press("Enter")
    result = page.locator(".ccq-result")
    expect(result).to_contain_text(re.compile(r"Score: [\d.]+ of \d+ points"))

    tab_to(page, "n => n.matches('a[href$=\"progress/\"]')")
    page.keyboard.press("Enter")
    page.wait_for_url("**/progress/")
    expect(page.locator(".ccq-progress-summary")).to_contain_text("Quizzes taken: 1 of")

"""The quiz self-checks in a real browser (Debian's Chromium through Playwright).

The fixture course has two modules with a quiz: ``competing-mandates`` (one question of each
type, partial scoring, pass mark 70 %) and ``escalation-basics`` (all-or-nothing scoring, pass
mark 50 %, a 2-point question with a hint, options in fixed order). Every test runs through the
``watch`` fixture: no console error, no page error and no request to another origin.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
ASSETS = ROOT / "generator" / "assets"
MODULE = "/modules/competing-mandates/"
OTHER = "/modules/escalation-basics/"
PROGRESS = "/progress/"
BUDGET = 8 * 1024  # bytes, script and stylesheet together, gzip -9

# The quiz script alone is refused localStorage (as when the browser blocks site data), while
# Material's own inline scripts keep theirs, so that any console error would be the quiz's.
STORAGE_REFUSED_TO_QUIZ = """
(() => {
  const real = Object.getOwnPropertyDescriptor(window, "localStorage");
  Object.defineProperty(window, "localStorage", {
    configurable: true,
    get() {
      if (/quiz\\.js/.test(new Error().stack)) throw new DOMException("The operation is insecure.", "SecurityError");
      return real.get.call(window);
    },
  });
})();
"""
STORAGE_REFUSED = """
Object.defineProperty(window, "localStorage", {
  configurable: true,
  get() { throw new DOMException("The operation is insecure.", "SecurityError"); },
});
"""
STORAGE_FULL = """
Storage.prototype.setItem = function () { throw new DOMException("The quota has been exceeded.", "QuotaExceededError"); };
"""


# ---------------------------------------------------------------- helpers


def question(page: Page, qid: str) -> Locator:
    return page.locator(f"#q-{qid}")


def option(page: Page, qid: str, text: str) -> Locator:
    return question(page, qid).locator("li.ccq-option", has_text=text)


def pick(page: Page, qid: str, *texts: str) -> None:
    for text in texts:
        option(page, qid, text).locator("label").click()


def press(page: Page, qid: str, name: str) -> None:
    question(page, qid).get_by_role("button", name=name, exact=True).click()


def verdict(page: Page, qid: str) -> Locator:
    return question(page, qid).locator(".ccq-verdict")


def option_texts(page: Page, qid: str) -> list[str]:
    # After instant navigation the URL changes before the new page's quiz is in place: wait for it.
    expect(question(page, qid).locator("li .ccq-text").first).to_be_attached()
    return question(page, qid).locator("li .ccq-text").all_inner_texts()


def positions(q: Locator) -> list[int]:
    return q.locator("li.ccq-item").evaluate_all("items => items.map(li => Number(li.dataset.ccqPosition))")


def sort_with_keyboard(page: Page, qid: str) -> None:
    """Put an ordering question right using only the keyboard on its "move up" buttons."""
    q = question(page, qid)
    count = q.locator("li.ccq-item").count()
    for target in range(count):
        at = positions(q).index(target + 1)
        if at == target:
            continue
        q.locator("li.ccq-item").nth(at).get_by_role("button", name=re.compile("^Move up")).focus()
        for _ in range(at - target):
            page.keyboard.press("Enter")  # the button keeps the focus as its item moves
    assert positions(q) == list(range(1, count + 1))


def answer_all_right(page: Page) -> None:
    pick(page, "who-rates-ciso", "The CIO")
    pick(page, "new-front-doors", "stolen API key", "poisoned model")
    pick(page, "phishing-fluency", "False")
    sort_with_keyboard(page, "escalate-order")


def stored(page: Page, key: str = "ccq:/") -> dict | None:
    raw = page.evaluate("key => localStorage.getItem(key)", key)
    return None if raw is None else json.loads(raw)


def gzipped_size(path: Path) -> int:
    if shutil.which("gzip"):
        return len(subprocess.run(["gzip", "-9", "-c", str(path)], capture_output=True, check=True).stdout)
    import gzip

    return len(gzip.compress(path.read_bytes(), 9))


# ---------------------------------------------------------------- question types


def test_single_choice_wrong_then_right(watch, mini_url):
    page = watch.page()
    page.goto(mini_url + MODULE)
    pick(page, "who-rates-ciso", "external auditor")
    press(page, "who-rates-ciso", "Check answer")
    expect(verdict(page, "who-rates-ciso")).to_have_text("✗ Incorrect. 0 of 1 point.")
    wrong = option(page, "who-rates-ciso", "external auditor")
    expect(wrong.locator(".ccq-mark")).to_have_text("✗ Incorrect")
    expect(wrong.locator(".ccq-feedback")).to_be_visible()
    expect(wrong.locator(".ccq-feedback")).to_have_text("Auditors assess controls, not executives.")
    expect(option(page, "who-rates-ciso", "The CIO").locator(".ccq-feedback")).to_be_hidden()
    expect(question(page, "who-rates-ciso").locator("input").first).to_be_disabled()
    expect(question(page, "who-rates-ciso").locator("details.ccq-answer .ccq-explanation")).to_be_visible()
    # the focus follows to "Try again"
    expect(question(page, "who-rates-ciso").get_by_role("button", name="Try again")).to_be_focused()

    press(page, "who-rates-ciso", "Try again")
    expect(verdict(page, "who-rates-ciso")).to_be_empty()
    expect(wrong.locator(".ccq-feedback")).to_be_hidden()
    expect(question(page, "who-rates-ciso").locator("details.ccq-answer")).not_to_have_attribute("open", "")
    pick(page, "who-rates-ciso", "The CIO")
    press(page, "who-rates-ciso", "Check answer")
    expect(verdict(page, "who-rates-ciso")).to_have_text("✓ Correct. 1 of 1 point.")
    right = option(page, "who-rates-ciso", "The CIO")
    expect(right.locator(".ccq-mark")).to_have_text("✓ Correct")
    expect(right.locator(".ccq-feedback")).to_contain_text("source of the conflict of interest")


def test_check_without_an_answer_asks_for_one(watch, mini_url):
    page = watch.page()
    page.goto(mini_url + MODULE)
    press(page, "who-rates-ciso", "Check answer")
    expect(verdict(page, "who-rates-ciso")).to_have_text("ℹ Choose an answer first.")
    expect(question(page, "who-rates-ciso").locator("input").first).to_be_enabled()


def test_multiple_answer_partial_credit(watch, mini_url):
    page = watch.page()
    page.goto(mini_url + MODULE)
    qid = "new-front-doors"  # partial scoring, 1 point, two correct options of three
    pick(page, qid, "stolen API key")
    press(page, qid, "Check answer")
    expect(verdict(page, qid)).to_have_text("◐ Partly correct. 0.5 of 1 point.")
    expect(option(page, qid, "stolen API key").locator(".ccq-feedback")).to_be_visible()
    expect(option(page, qid, "poisoned model").locator(".ccq-feedback")).to_be_hidden()

    press(page, qid, "Try again")
    pick(page, qid, "stolen API key", "toner")  # one right, one wrong: 0.5 - 0.5
    press(page, qid, "Check answer")
    expect(verdict(page, qid)).to_have_text("✗ Incorrect. 0 of 1 point.")
    expect(option(page, qid, "toner").locator(".ccq-mark")).to_have_text("✗ Incorrect")
    expect(option(page, qid, "toner").locator(".ccq-feedback")).to_have_text("Inconvenient, but not a way in.")

    press(page, qid, "Try again")
    pick(page, qid, "toner")  # never below zero
    press(page, qid, "Check answer")
    expect(verdict(page, qid)).to_have_text("✗ Incorrect. 0 of 1 point.")

    press(page, qid, "Try again")
    pick(page, qid, "stolen API key", "poisoned model")
    press(page, qid, "Check answer")
    expect(verdict(page, qid)).to_have_text("✓ Correct. 1 of 1 point.")
    expect(question(page, qid).locator(".ccq-feedback:visible")).to_have_count(2)


def test_multiple_answer_all_or_nothing(watch, mini_url):
    page = watch.page()
    page.goto(mini_url + OTHER)
    qid = "evidence"
    pick(page, qid, "business terms")
    press(page, qid, "Check answer")
    expect(verdict(page, qid)).to_have_text("✗ Incorrect. 0 of 1 point.")
    expect(option(page, qid, "business terms").locator(".ccq-mark")).to_have_text("✓ Correct")
    press(page, qid, "Try again")
    pick(page, qid, "business terms", "controls that are missing")
    press(page, qid, "Check answer")
    expect(verdict(page, qid)).to_have_text("✓ Correct. 1 of 1 point.")


def test_true_false(watch, mini_url):
    page = watch.page()
    page.goto(mini_url + MODULE)
    qid = "phishing-fluency"
    assert option_texts(page, qid) == ["True", "False"]  # never shuffled
    pick(page, qid, "True")
    press(page, qid, "Check answer")
    expect(verdict(page, qid)).to_have_text("✗ Incorrect. 0 of 1 point.")
    expect(option(page, qid, "True").locator(".ccq-feedback")).to_contain_text("spelling is no longer a reliable sign")
    press(page, qid, "Try again")
    pick(page, qid, "False")
    press(page, qid, "Check answer")
    expect(verdict(page, qid)).to_have_text("✓ Correct. 1 of 1 point.")
    expect(option(page, qid, "False").locator(".ccq-feedback")).to_have_text("Right, generated lures are fluent and personal.")
    expect(option(page, qid, "True").locator(".ccq-feedback")).to_be_hidden()


def test_ordering_by_keyboard(watch, mini_url):
    page = watch.page()
    page.goto(mini_url + MODULE)
    qid = "escalate-order"
    q = question(page, qid)
    assert positions(q) != [1, 2, 3], "an ordering question never starts solved"
    # real buttons with accessible names; the ends say they cannot move further
    first = q.locator("li.ccq-item").first
    expect(first.get_by_role("button", name=re.compile(r"^Move up: "))).to_have_attribute("aria-disabled", "true")
    expect(q.locator("li.ccq-item").last.get_by_role("button", name=re.compile(r"^Move down: "))).to_have_attribute("aria-disabled", "true")

    press(page, qid, "Check answer")  # the shuffled order is wrong
    expect(verdict(page, qid)).to_have_text("✗ Incorrect. 0 of 1 point.")
    expect(q.locator(".ccq-mark", has_text="Wrong place")).not_to_have_count(0)
    expect(q.locator(".ccq-move").first).to_be_hidden()

    press(page, qid, "Try again")
    expect(q.get_by_role("button", name=re.compile("^Move up")).first).to_be_focused()
    second = q.locator("li.ccq-item").nth(1)
    name = second.locator(".ccq-text").inner_text()
    second.get_by_role("button", name=re.compile("^Move up")).focus()
    page.keyboard.press("Enter")
    live = q.locator("p.ccq-sr[role=status]")
    expect(live).to_contain_text(f"{name}: now 1 of 3. Order: 1. {name};")
    page.keyboard.press("Space")  # already first: said so, nothing moves
    expect(live).to_contain_text(f"{name}: already 1 of 3.")

    sort_with_keyboard(page, qid)
    press(page, qid, "Check answer")
    expect(verdict(page, qid)).to_have_text("✓ Correct. 1 of 1 point.")
    expect(q.locator(".ccq-mark", has_text="Right place")).to_have_count(3)


def test_keyboard_only_with_visible_focus(watch, mini_url):
    page = watch.page()
    page.goto(mini_url + OTHER)
    q = question(page, "forum")
    q.locator("input").first.focus()
    page.keyboard.press("ArrowDown")  # radio group: the arrow picks the next option
    page.keyboard.press("ArrowUp")
    expect(q.locator("input").first).to_be_checked()
    page.keyboard.press("Tab")  # the hint
    page.keyboard.press("Enter")
    expect(q.locator("details.ccq-hint")).to_have_attribute("open", "")
    page.keyboard.press("Tab")
    check = q.get_by_role("button", name="Check answer")
    expect(check).to_be_focused()
    outline = check.evaluate("b => getComputedStyle(b).outlineStyle")
    assert outline != "none", "focus must be visible"
    page.keyboard.press("Enter")
    expect(verdict(page, "forum")).to_have_text("✓ Correct. 2 of 2 points.")
    expect(q.get_by_role("button", name="Try again")).to_be_focused()


# ---------------------------------------------------------------- the quiz as a whole


def test_score_pass_mark_and_questions_to_revisit(watch, mini_url):
    page = watch.page()
    page.goto(mini_url + MODULE)
    result = page.locator(".ccq-result[role=status][aria-live=polite]")
    answer_all_right(page)
    option(page, "phishing-fluency", "True").locator("label").click()  # one wrong of four
    page.get_by_role("button", name="Check all answers").click()
    expect(result).to_contain_text("✓ Passed. Score: 3 of 4 points (75%). Pass mark: 70%.")
    revisit = result.locator("ul.ccq-revisit a")
    expect(revisit).to_have_count(1)
    expect(revisit).to_have_attribute("href", "#q-phishing-fluency")
    expect(revisit).to_have_text("Question 3")
    expect(page.get_by_role("button", name="Retry quiz")).to_be_focused()
    expect(page.get_by_role("button", name="Check all answers")).to_be_hidden()

    page.get_by_role("button", name="Retry quiz").click()
    expect(result).to_have_text("Answers cleared: the quiz starts again.")
    expect(page.locator(".ccq-verdict:not(:empty)")).to_have_count(0)
    expect(page.locator(".ccq input:checked")).to_have_count(0)
    # unanswered questions count as wrong
    pick(page, "who-rates-ciso", "The CIO")
    pick(page, "new-front-doors", "stolen API key")
    page.get_by_role("button", name="Check all answers").click()
    expect(result).to_contain_text("✗ Not passed yet. Score: 1.5 of 4 points (37%). Pass mark: 70%.")
    expect(result).to_contain_text("Your best so far: 75%.")
    expect(verdict(page, "phishing-fluency")).to_have_text("✗ Not answered. 0 of 1 point.")
    expect(result.locator("ul.ccq-revisit li")).to_have_count(3)


def test_result_after_checking_each_question_and_points(watch, mini_url):
    page = watch.page()
    page.goto(mini_url + OTHER)
    result = page.locator(".ccq-result")
    expect(question(page, "forum").locator("legend")).to_contain_text("(2 points)")
    assert option_texts(page, "forum") == ["The board's risk committee", "The vendor's account manager"]
    pick(page, "forum", "board's risk committee")
    press(page, "forum", "Check answer")
    expect(result).to_be_empty()  # not every question is done yet
    pick(page, "evidence", "business terms")
    press(page, "evidence", "Check answer")
    expect(result).to_contain_text("✓ Passed. Score: 2 of 3 points (66%). Pass mark: 50%.")


def test_show_solution_and_retry(watch, mini_url):
    page = watch.page()
    page.goto(mini_url + MODULE)
    qid = "new-front-doors"
    q = question(page, qid)
    press(page, qid, "Show solution")
    expect(verdict(page, qid)).to_have_text("ℹ Solution shown. 0 of 1 point.")
    for text in ("stolen API key", "poisoned model"):
        expect(option(page, qid, text).locator(".ccq-mark")).to_have_text("✓ Correct answer")
        expect(option(page, qid, text).locator(".ccq-feedback")).to_be_visible()
    expect(option(page, qid, "toner").locator(".ccq-feedback")).to_be_hidden()
    expect(q.locator("details.ccq-answer")).to_have_attribute("open", "")
    expect(q.get_by_role("button", name="Show solution")).to_be_hidden()
    expect(q.get_by_role("button", name="Check answer")).to_be_hidden()

    # after checking, the solution keeps the score and adds the missed answers
    press(page, qid, "Try again")
    pick(page, qid, "stolen API key")
    press(page, qid, "Check answer")
    press(page, qid, "Show solution")
    expect(verdict(page, qid)).to_have_text("◐ Partly correct. 0.5 of 1 point.")
    expect(option(page, qid, "poisoned model").locator(".ccq-mark")).to_have_text("✓ Correct answer")

    # ordering: the solution says where each step belongs
    press(page, "escalate-order", "Show solution")
    marks = question(page, "escalate-order").locator(".ccq-mark").all_inner_texts()
    assert any(m.startswith("✗ Belongs at step ") for m in marks)

    press(page, qid, "Try again")
    expect(q.locator(".ccq-mark")).to_have_count(0)
    expect(q.locator(".ccq-feedback:visible")).to_have_count(0)
    expect(q.locator("input:checked")).to_have_count(0)
    expect(q.get_by_role("button", name="Check answer")).to_be_visible()


# ---------------------------------------------------------------- shuffling and storage


def test_shuffle_is_stable_per_learner_and_differs_between_learners(watch, mini_url):
    orders = set()
    for n in range(8):
        context = watch.context()
        seed = json.dumps({"v": 1, "q": {}, "m": {}, "seed": f"learner-{n}"})
        context.add_init_script(f"localStorage.getItem('ccq:/') || localStorage.setItem('ccq:/', {json.dumps(seed)})")
        page = watch.page(context)
        page.goto(mini_url + MODULE)
        first = (tuple(option_texts(page, "who-rates-ciso")), tuple(option_texts(page, "escalate-order")))
        page.reload()
        assert (tuple(option_texts(page, "who-rates-ciso")), tuple(option_texts(page, "escalate-order"))) == first
        assert stored(page)["seed"] == f"learner-{n}"
        orders.add(first)
        context.close()
    assert len(orders) > 1, "different learners should see different orders"


def test_shuffle_switched_off(watch, mini_url):
    page = watch.page()
    page.goto(mini_url + OTHER)
    assert option_texts(page, "evidence") == [
        "The risk in business terms", "The controls that are missing", "The CIO's performance rating",
    ]


def test_progress_survives_a_reload(watch, mini_url):
    page = watch.page()
    page.goto(mini_url + MODULE)
    orders = {qid: option_texts(page, qid) for qid in ("who-rates-ciso", "new-front-doors", "escalate-order")}
    pick(page, "who-rates-ciso", "The CIO")
    press(page, "who-rates-ciso", "Check answer")
    pick(page, "new-front-doors", "toner")  # picked, not checked
    press(page, "phishing-fluency", "Show solution")
    order_q = question(page, "escalate-order")
    order_q.locator("li.ccq-item").nth(1).get_by_role("button", name=re.compile("^Move up")).click()
    moved = option_texts(page, "escalate-order")

    page.reload()
    assert {qid: option_texts(page, qid) for qid in ("who-rates-ciso", "new-front-doors")} == {
        qid: orders[qid] for qid in ("who-rates-ciso", "new-front-doors")
    }
    assert option_texts(page, "escalate-order") == moved
    expect(verdict(page, "who-rates-ciso")).to_have_text("✓ Correct. 1 of 1 point.")
    expect(option(page, "who-rates-ciso", "The CIO").locator(".ccq-feedback")).to_be_visible()
    expect(option(page, "new-front-doors", "toner").locator("input")).to_be_checked()
    expect(option(page, "new-front-doors", "toner").locator("input")).to_be_enabled()
    expect(verdict(page, "phishing-fluency")).to_have_text("ℹ Solution shown. 0 of 1 point.")
    record = stored(page)
    assert record["v"] == 1
    assert set(record["q"]) == {
        "competing-mandates/who-rates-ciso", "competing-mandates/new-front-doors",
        "competing-mandates/phishing-fluency", "competing-mandates/escalate-order",
    }
    hashes = question(page, "who-rates-ciso").get_attribute("data-ccq-hash")
    assert record["q"]["competing-mandates/who-rates-ciso"]["h"] == hashes


def test_an_edited_question_does_not_restore_a_stale_answer(watch, mini_url):
    page = watch.page()
    page.goto(mini_url + MODULE)
    pick(page, "who-rates-ciso", "The CIO")
    press(page, "who-rates-ciso", "Check answer")
    pick(page, "phishing-fluency", "False")
    press(page, "phishing-fluency", "Check answer")
    old = question(page, "who-rates-ciso").get_attribute("data-ccq-hash")

    def edited(route):  # the same page after an author edited one question
        response = route.fetch()
        route.fulfill(response=response, body=response.text().replace(f'data-ccq-hash="{old}"', 'data-ccq-hash="0123456789"'))

    page.route(mini_url + MODULE, edited)
    page.reload()
    expect(question(page, "who-rates-ciso")).to_have_attribute("data-ccq-hash", "0123456789")
    expect(verdict(page, "who-rates-ciso")).to_be_empty()
    expect(question(page, "who-rates-ciso").locator("input:checked")).to_have_count(0)
    expect(question(page, "who-rates-ciso").locator(".ccq-feedback:visible")).to_have_count(0)
    expect(verdict(page, "phishing-fluency")).to_have_text("✓ Correct. 1 of 1 point.")  # untouched question
    assert "competing-mandates/who-rates-ciso" not in stored(page)["q"]


def test_progress_page_and_reset(watch, mini_url):
    page = watch.page()
    page.goto(mini_url + MODULE)
    answer_all_right(page)
    page.get_by_role("button", name="Check all answers").click()
    expect(page.locator(".ccq-result")).to_contain_text("Score: 4 of 4 points (100%)")
    expect(page.locator(".ccq-result")).to_contain_text("Every answer is right.")
    page.get_by_role("button", name="Retry quiz").click()  # a worse second attempt keeps the best
    page.get_by_role("button", name="Check all answers").click()
    expect(page.locator(".ccq-result")).to_contain_text("Score: 0 of 4 points (0%)")

    page.goto(mini_url + PROGRESS)
    row = page.locator('tr[data-ccq-progress="competing-mandates"]')
    expect(row.locator(".ccq-best")).to_have_text("100%")
    expect(row.locator(".ccq-state")).to_have_text("✓ Passed")
    expect(page.locator(".ccq-nojs")).to_be_hidden()
    expect(row.get_by_role("link", name="Competing mandates in the AI era")).to_have_attribute(
        "href", re.compile(r"/modules/competing-mandates/$")
    )
    other = page.locator('tr[data-ccq-progress="escalation-basics"]')
    expect(other.locator(".ccq-best")).to_have_text("not taken")
    summary = page.locator(".ccq-progress-summary[role=status]")
    expect(summary).to_have_text("Quizzes taken: 1 of 2; passed: 1.")

    reset = page.get_by_role("button", name="Reset all progress")
    page.once("dialog", lambda dialog: dialog.dismiss())
    reset.click()
    expect(row.locator(".ccq-best")).to_have_text("100%")
    page.once("dialog", lambda dialog: dialog.accept())
    reset.click()
    expect(summary).to_have_text("All progress was reset. Quizzes taken: 0 of 2; passed: 0.")
    expect(row.locator(".ccq-best")).to_have_text("not taken")
    expect(row.locator(".ccq-state")).to_have_text("not taken")
    assert stored(page) is None

    page.goto(mini_url + MODULE)
    expect(page.locator(".ccq-verdict:not(:empty)")).to_have_count(0)


def test_failed_quiz_on_the_progress_page(watch, mini_url):
    page = watch.page()
    page.goto(mini_url + OTHER)
    page.get_by_role("button", name="Check all answers").click()
    expect(page.locator(".ccq-result")).to_contain_text("✗ Not passed yet. Score: 0 of 3 points (0%). Pass mark: 50%.")
    page.goto(mini_url + PROGRESS)
    row = page.locator('tr[data-ccq-progress="escalation-basics"]')
    expect(row.locator(".ccq-best")).to_have_text("0%")
    expect(row.locator(".ccq-state")).to_have_text("✗ Not passed yet")


def test_storage_refused(watch, mini_url):
    seen = []
    for _ in range(2):  # two learners without storage see the same, fixed order
        context = watch.context()
        context.add_init_script(STORAGE_REFUSED_TO_QUIZ)
        page = watch.page(context)
        page.goto(mini_url + MODULE)
        expect(page.locator(".ccq-note")).to_contain_text("does not let the page keep your answers")
        seen.append((option_texts(page, "who-rates-ciso"), option_texts(page, "escalate-order")))
        answer_all_right(page)
        page.get_by_role("button", name="Check all answers").click()
        expect(page.locator(".ccq-result")).to_contain_text("✓ Passed. Score: 4 of 4 points (100%).")
        assert stored(page) is None  # nothing was written
        page.goto(mini_url + PROGRESS)
        expect(page.locator(".ccq-progress-summary")).to_contain_text("This browser does not let the site keep your progress.")
        page.once("dialog", lambda dialog: dialog.accept())
        page.get_by_role("button", name="Reset all progress").click()
        expect(page.locator(".ccq-progress-summary")).to_contain_text("All progress was reset.")
        context.close()
    assert seen[0] == seen[1]


def test_storage_refused_keeps_a_fixed_order_across_instant_navigation(watch, sub_url):
    context = watch.context()
    context.add_init_script(STORAGE_REFUSED_TO_QUIZ)
    page = watch.page(context)
    page.goto(sub_url + MODULE)
    first = option_texts(page, "who-rates-ciso"), option_texts(page, "escalate-order")
    page.evaluate("window.ccqSameDocument = true")
    page.locator(".md-sidebar--primary a[href$='/escalation-basics/']").first.click()
    page.wait_for_url("**/modules/escalation-basics/")
    page.locator(".md-sidebar--primary a[href$='/competing-mandates/']").first.click()
    page.wait_for_url("**/modules/competing-mandates/")
    assert page.evaluate("window.ccqSameDocument") is True
    assert (option_texts(page, "who-rates-ciso"), option_texts(page, "escalate-order")) == first
    page.reload()
    assert (option_texts(page, "who-rates-ciso"), option_texts(page, "escalate-order")) == first


def test_storage_refused_to_the_whole_page(watch, mini_url):
    """As when the browser blocks site data: Material's own inline palette script fails, the quiz does not."""
    context = watch.context()
    context.add_init_script(STORAGE_REFUSED)
    page = watch.page(context)
    page.goto(mini_url + MODULE)
    pick(page, "who-rates-ciso", "The CIO")
    press(page, "who-rates-ciso", "Check answer")
    expect(verdict(page, "who-rates-ciso")).to_have_text("✓ Correct. 1 of 1 point.")
    ours = [error for error in watch.errors if "quiz" in error or "ccq" in error]
    assert not ours
    # Only Material's inline scripts may fail here (they read localStorage unguarded).
    assert all("The operation is insecure" in error for error in watch.errors), watch.errors
    watch.errors.clear()


def test_storage_full(watch, mini_url):
    context = watch.context()
    context.add_init_script(STORAGE_FULL)
    page = watch.page(context)
    page.goto(mini_url + MODULE)
    answer_all_right(page)
    page.get_by_role("button", name="Check all answers").click()
    expect(page.locator(".ccq-result")).to_contain_text("✓ Passed. Score: 4 of 4 points (100%).")
    page.get_by_role("button", name="Retry quiz").click()
    expect(page.locator(".ccq-verdict:not(:empty)")).to_have_count(0)


@pytest.mark.parametrize(
    "value",
    [
        "{not json",
        "null",
        "[]",
        '{"v": 99, "q": {}, "m": {}}',
        '{"v": 1, "q": [], "m": 3}',
        '{"v": 1, "seed": 7, "q": {"competing-mandates/who-rates-ciso": "x", "competing-mandates/escalate-order":'
        ' {"h": "HASH", "a": "x", "c": 1}}, "m": {"competing-mandates": {"best": "x"}}}',
    ],
)
def test_corrupted_storage(watch, mini_url, value):
    page = watch.page()
    page.goto(mini_url + "/404.html")
    page.evaluate("value => localStorage.setItem('ccq:/', value)", value)
    page.goto(mini_url + MODULE)
    hash_ = question(page, "escalate-order").get_attribute("data-ccq-hash")
    page.evaluate("([v, h]) => localStorage.setItem('ccq:/', v.replace('HASH', h))", [value, hash_])
    page.reload()
    pick(page, "who-rates-ciso", "The CIO")
    press(page, "who-rates-ciso", "Check answer")
    expect(verdict(page, "who-rates-ciso")).to_have_text("✓ Correct. 1 of 1 point.")
    record = stored(page)
    assert record["v"] == 1 and record["q"]["competing-mandates/who-rates-ciso"]["c"] == 1
    page.goto(mini_url + PROGRESS)
    expect(page.locator(".ccq-progress-summary")).to_contain_text("Quizzes taken:")


# ---------------------------------------------------------------- instant navigation, sub-path


def test_instant_navigation_between_two_quiz_pages(watch, sub_url):
    page = watch.page()
    page.goto(sub_url + MODULE)
    page.evaluate("window.ccqSameDocument = true")

    page.locator(".md-sidebar--primary a[href$='/escalation-basics/']").first.click()
    page.wait_for_url("**/course/modules/escalation-basics/")
    expect(page.locator("h1")).to_contain_text("Escalating AI risk")
    assert page.evaluate("window.ccqSameDocument") is True, "Material's instant navigation did not run"
    pick(page, "forum", "board's risk committee")
    press(page, "forum", "Check answer")
    expect(verdict(page, "forum")).to_have_text("✓ Correct. 2 of 2 points.")
    page.get_by_role("button", name="Check all answers").click()
    expect(page.locator(".ccq-result")).to_contain_text("✓ Passed. Score: 2 of 3 points (66%). Pass mark: 50%.")
    expect(page.locator(".ccq-actions")).to_have_count(3)  # two questions and the quiz: once each

    # the file evaluated a second time must not initialise anything twice
    page.add_script_tag(url=sub_url + "/assets/ciso-course/quiz.js")
    page.locator(".md-sidebar--primary a[href$='/competing-mandates/']").first.click()
    page.wait_for_url("**/course/modules/competing-mandates/")
    assert page.evaluate("window.ccqSameDocument") is True
    expect(page.locator(".ccq-actions")).to_have_count(5)
    expect(page.locator("#q-escalate-order .ccq-move")).to_have_count(3)
    page.get_by_role("button", name="Check all answers").click()
    expect(page.locator(".ccq-result")).to_contain_text("Score: 0 of 4 points (0%)")

    # the link to a question to revisit stays in the page
    page.locator(".ccq-revisit a", has_text="Question 2").click()
    page.wait_for_url("**#q-new-front-doors")
    expect(question(page, "new-front-doors")).to_be_in_viewport()
    assert page.evaluate("window.ccqSameDocument") is True

    # progress is kept under the site's own root path
    assert stored(page, "ccq:/course/")["m"] == {
        "escalation-basics": {"best": 66, "pass": True, "total": 3},
        "competing-mandates": {"best": 0, "pass": False, "total": 4},
    }
    assert stored(page, "ccq:/") is None
    page.locator("a[href$='/progress/']:visible").first.click()
    page.wait_for_url("**/course/progress/")
    expect(page.locator(".ccq-progress-summary")).to_have_text("Quizzes taken: 2 of 2; passed: 1.")
    expect(page.get_by_role("button", name="Reset all progress")).to_have_count(1)


# ---------------------------------------------------------------- accessibility, no JavaScript


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation_in_the_quiz_page(watch, mini_url, scheme):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    page = watch.page(color_scheme=scheme)
    page.goto(mini_url + MODULE)
    page.locator("details.ccq-hint, details.ccq-answer").first.wait_for()
    before = axe.run(page, context=".md-content")
    assert before.violations_count == 0, before.generate_report()

    pick(page, "who-rates-ciso", "external auditor")
    press(page, "who-rates-ciso", "Check answer")
    pick(page, "new-front-doors", "stolen API key")
    press(page, "new-front-doors", "Check answer")
    press(page, "phishing-fluency", "Show solution")
    page.get_by_role("button", name="Check all answers").click()
    page.wait_for_timeout(300)  # let the reveal animation settle
    after = axe.run(page, context=".md-content")
    assert after.violations_count == 0, after.generate_report()

    page.goto(mini_url + PROGRESS)
    progress = axe.run(page, context=".md-content")
    assert progress.violations_count == 0, progress.generate_report()


def test_reduced_motion_is_respected(watch, mini_url):
    for motion, expected in (("reduce", "none"), ("no-preference", "ccq-in")):
        page = watch.page(reduced_motion=motion)
        page.goto(mini_url + MODULE)
        pick(page, "who-rates-ciso", "The CIO")
        press(page, "who-rates-ciso", "Check answer")
        feedback = option(page, "who-rates-ciso", "The CIO").locator(".ccq-feedback")
        assert feedback.evaluate("n => getComputedStyle(n).animationName") == expected


def test_without_javascript_every_answer_is_in_a_collapsed_block(watch, mini_url):
    page = watch.page(java_script_enabled=False)
    page.goto(mini_url + MODULE)
    questions = page.locator("fieldset.ccq-q")
    expect(questions).to_have_count(4)
    expect(page.locator(".ccq-actions")).to_have_count(0)
    for index in range(4):
        q = questions.nth(index)
        expect(q.locator("legend")).to_be_visible()
        expect(q.locator(".ccq-prompt")).to_be_visible()
        expect(q.locator(".ccq-options > li, .ccq-items > li").first).to_be_visible()
        answer = q.locator("details.ccq-answer")
        expect(answer).not_to_have_attribute("open", "")
        expect(answer.locator(".ccq-correct")).to_be_hidden()
        answer.locator("summary").click()
        expect(answer.locator(".ccq-correct")).to_be_visible()
        expect(answer.locator(".ccq-correct")).to_contain_text("Correct")
    expect(questions.nth(0).locator(".ccq-correct")).to_have_text("Correct answer: The CIO")
    expect(questions.nth(3).locator(".ccq-correct li")).to_have_text(
        ["Document the risk and the controls missing", "Discuss it with the CIO", "Brief the board's risk committee"]
    )
    page.goto(mini_url + PROGRESS)
    expect(page.locator(".ccq-nojs")).to_contain_text("Turn on JavaScript to see and keep your results")
    expect(page.locator('tr[data-ccq-progress="competing-mandates"] .ccq-best')).to_have_text("unknown")


# ---------------------------------------------------------------- budget and safety


def test_script_and_stylesheet_fit_the_size_budget():
    sizes = {name: gzipped_size(ASSETS / name) for name in ("quiz.js", "quiz.css")}
    assert all(sizes.values()), sizes
    assert sum(sizes.values()) <= BUDGET, f"{sizes} = {sum(sizes.values())} bytes gzipped, over {BUDGET}"


def test_the_script_inserts_text_only_and_fetches_nothing():
    source = (ASSETS / "quiz.js").read_text(encoding="utf-8")
    for forbidden in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "Function(",
                      "fetch(", "XMLHttpRequest", "import(", "sendBeacon", "WebSocket"):
        assert forbidden not in source, forbidden


def test_pages_load_the_files_and_carry_no_inline_quiz_script(mini_site):
    html = (mini_site / "modules" / "competing-mandates" / "index.html").read_text(encoding="utf-8")
    assert '<script src="../../assets/ciso-course/quiz.js"></script>' in html
    assert '<link rel="stylesheet" href="../../assets/ciso-course/quiz.css">' in html
    quiz = html[html.index('<div class="ccq"'):html.index('<div class="ccq-result"')]
    assert "<script" not in quiz
    assert not re.search(r"\son[a-z]+=", quiz), "no inline event handler"

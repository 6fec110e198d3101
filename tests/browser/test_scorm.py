"""SCORM packages in a real LMS run-time: scorm-again (npm, installed by `make test`) in Chromium.

The test LMS (``scorm-runtime/lms.html``) holds scorm-again's SCORM 1.2 or 2004 API in its top
window and launches a SCO of the package in a frame, as an LMS does; it records every API call
with its result and error code. scorm-again refuses calls that break the standard (wrong order,
wrong format, unknown element), so "every call succeeded" is a check of the bridge too. A
relaunch carries the data model of the previous session over, as an LMS does.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from playwright.sync_api import FrameLocator, Page, expect

from ..conftest import FIXTURES, make_course, serve
from ..interop.conftest import run

pytestmark = pytest.mark.browser

RUNTIME = Path(__file__).resolve().parent / "scorm-runtime"
SCORM_AGAIN = RUNTIME / "node_modules" / "scorm-again" / "dist"
MODULE = "competing-mandates"
NO_QUIZ = "escalation-basics"  # its self-check is taken out of the packaged copy of the course
VERSIONS = ("1.2", "2004")


@pytest.fixture(scope="session")
def lms_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The test LMS and the fixture course's packages (pkg-1.2/, pkg-2004/), served together."""
    if not SCORM_AGAIN.is_dir():
        pytest.fail(f"scorm-again is not installed in {RUNTIME}: run `make test` (or `make scorm-runtime`)")
    root = tmp_path_factory.mktemp("lms")
    content = make_course(tmp_path_factory.mktemp("course"))
    module = content / "modules" / f"{NO_QUIZ}.yml"
    text = module.read_text(encoding="utf-8")
    module.write_text(text[: text.index("\nquiz:")] + "\n", encoding="utf-8")
    for version in VERSIONS:
        out = root / f"mini-{version}.zip"
        result = run("export", "scorm", "--content", content, "-f", FIXTURES / "mkdocs-mini.yml", "--version", version, "--out", out)
        assert result.exit_code == 0, result.output
        with zipfile.ZipFile(out) as package:
            package.extractall(root / f"pkg-{version}")
    # For sequencing: competing-mandates requires escalation-basics, which has no self-check.
    sequenced = make_course(tmp_path_factory.mktemp("sequenced"))
    (sequenced / "modules" / f"{NO_QUIZ}.yml").write_text(text[: text.index("\nquiz:")] + "\n", encoding="utf-8")
    module = sequenced / "modules" / f"{MODULE}.yml"
    module.write_text(module.read_text(encoding="utf-8").replace("level: introductory\n", f"level: introductory\nprerequisites: [{NO_QUIZ}]\n"), encoding="utf-8")
    out = root / "sequenced.zip"
    result = run("export", "scorm", "--content", sequenced, "-f", FIXTURES / "mkdocs-mini.yml", "--version", "2004", "--out", out)
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out) as package:
        package.extractall(root / "pkg-sequenced")
    for name in ("lms.html", "lms.js"):
        shutil.copy(RUNTIME / name, root / name)
    for name in ("scorm12.min.js", "scorm2004.min.js"):
        shutil.copy(SCORM_AGAIN / name, root / name)
    yield from serve(root)


def launch_href(version: str, module: str = MODULE) -> str:
    return f"pkg-{version}/modules/{module}.html?ccq-sco={module}&ccq-scorm={version}"


def launch(page: Page, version: str, saved: dict[str, Any] | None = None) -> FrameLocator:
    page.evaluate("([v, href, saved]) => launch(v, href, saved)", [version, launch_href(version), saved])
    frame = page.frame_locator("#sco")
    expect(frame.locator(".ccq[data-ccq-ready]")).to_be_attached()
    return frame


def calls(page: Page) -> list[dict[str, Any]]:
    return page.evaluate("calls")  # type: ignore[no-any-return]


def cmi(page: Page) -> dict[str, Any]:
    return page.evaluate("recorded()")  # type: ignore[no-any-return]


def pick(frame: FrameLocator | Page, qid: str, *texts: str) -> None:
    for text in texts:
        frame.locator(f"#q-{qid} li.ccq-option", has_text=text).locator("label").click()


def sort_right(frame: FrameLocator, qid: str) -> None:
    q = frame.locator(f"#q-{qid}")
    count = q.locator("li.ccq-item").count()
    for target in range(count):
        places = q.locator("li.ccq-item").evaluate_all("items => items.map(li => Number(li.dataset.ccqPosition))")
        at = places.index(target + 1)
        for _ in range(at - target):
            q.locator("li.ccq-item").nth(at).get_by_role("button", name=re.compile("^Move up")).click()
            at -= 1


def answer_all_right(frame: FrameLocator) -> None:
    pick(frame, "who-rates-ciso", "The CIO")
    pick(frame, "new-front-doors", "stolen API key", "poisoned model")
    pick(frame, "phishing-fluency", "False")
    sort_right(frame, "escalate-order")


def interactions(data: dict[str, Any]) -> list[dict[str, Any]]:
    found = data["interactions"]
    items = found.get("childArray", found) if isinstance(found, dict) else found
    if isinstance(items, dict):
        items = [items[key] for key in sorted(items, key=int) if key.isdigit()]
    return list(items)


def assert_standard_calls(page: Page) -> None:
    """Every write, commit, start and end was accepted by the run-time."""
    for call in calls(page):
        if call["method"] not in ("LMSGetValue", "GetValue"):
            assert call["result"] == "true" and call["error"] == "0", call


def saved_for_relaunch(version: str, data: dict[str, Any]) -> dict[str, Any]:
    """What an LMS hands the next launch of a suspended SCO."""
    if version == "1.2":
        core = data["core"]
        return {"suspend_data": data["suspend_data"], "core": {"lesson_status": core["lesson_status"], "entry": "resume", "score": core["score"]}}
    return {
        "suspend_data": data["suspend_data"], "entry": "resume", "completion_status": data["completion_status"],
        "success_status": data["success_status"], "score": data["score"],
    }


SESSION_TIME = {"1.2": re.compile(r"^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$"), "2004": re.compile(r"^PT\d+H\d+M\d+(\.\d{1,2})?S$")}


@pytest.mark.parametrize("version", VERSIONS)
def test_wrong_then_right_then_resume_is_what_the_lms_records(watch, lms_url, version):
    page = watch.page()
    page.goto(lms_url + "/lms.html")
    frame = launch(page, version)
    v12 = version == "1.2"
    assert calls(page)[0]["method"] == ("LMSInitialize" if v12 else "Initialize")
    # Links that leave the page open a new window (leaving the frame would end the session), and say so.
    role = frame.locator("article a[href$='roles/ciso.html']").first
    expect(role).to_have_attribute("target", "_blank")
    expect(role).to_have_accessible_description("opens in a new window")
    expect(frame.locator("a[href^='#']").first).not_to_have_attribute("target", "_blank")

    # Wrong first: one answer wrong, the rest left unanswered, the quiz checked as a whole.
    pick(frame, "who-rates-ciso", "external auditor")
    frame.locator("#q-who-rates-ciso").get_by_role("button", name="Check answer", exact=True).click()
    frame.get_by_role("button", name="Check all answers").click()
    expect(frame.locator(".ccq-result")).to_contain_text("Not passed yet.")
    data = cmi(page)
    first = interactions(data)
    assert [i["id"] for i in first] == [f"{MODULE}.{q}" for q in ("who-rates-ciso", "new-front-doors", "phishing-fluency", "escalate-order")]
    wrong = first[0]
    assert wrong["type"] == "choice"
    assert wrong["student_response" if v12 else "learner_response"] == "c"  # the third option in the module file
    assert wrong["correct_responses"]["0"]["pattern"] == "a"
    assert wrong["result"] == ("wrong" if v12 else "incorrect")
    if v12:
        assert data["core"]["lesson_status"] == "failed"
        assert data["core"]["score"] == {"raw": "0", "min": "0", "max": "100"}
    else:
        assert (data["success_status"], data["completion_status"]) == ("failed", "completed")
        assert (data["score"]["raw"], data["score"]["min"], data["score"]["max"], data["score"]["scaled"]) == ("0", "0", "100", "0")

    # Then right.
    frame.get_by_role("button", name="Retry quiz").click()
    answer_all_right(frame)
    frame.get_by_role("button", name="Check all answers").click()
    expect(frame.locator(".ccq-result")).to_contain_text("Passed.")
    data = cmi(page)
    right = interactions(data)[len(first):]
    assert [i["result"] for i in right] == ["correct"] * 4
    by_id = {i["id"].split(".")[-1]: i for i in right}
    response = "student_response" if v12 else "learner_response"
    assert by_id["who-rates-ciso"][response] == "a"
    assert by_id["new-front-doors"][response] == ("a,b" if v12 else "a[,]b")
    assert by_id["phishing-fluency"][response] == ("f" if v12 else "false")
    assert by_id["phishing-fluency"]["type"] == "true-false"
    assert by_id["escalate-order"]["type"] == "sequencing"
    assert by_id["escalate-order"][response] == ("a,b,c" if v12 else "document[,]discuss-cio[,]brief-board")
    if v12:
        assert data["core"]["lesson_status"] == "passed"
        assert data["core"]["score"]["raw"] == "100"
    else:
        assert (data["success_status"], data["completion_status"], data["score"]["scaled"], data["score"]["raw"]) == ("passed", "completed", "1", "100")
        assert by_id["who-rates-ciso"]["description"].startswith("Under a CISO-to-CIO line")

    # Leaving: session time, suspend, commit and end.
    page.evaluate("leave()")
    data = cmi(page)
    methods = [call["method"] for call in calls(page)]
    assert methods[-2:] == (["LMSCommit", "LMSFinish"] if v12 else ["Commit", "Terminate"])
    assert SESSION_TIME[version].match(data["core"]["session_time"] if v12 else data["session_time"])
    assert (data["core"]["exit"] if v12 else data["exit"]) == "suspend"
    assert len(data["suspend_data"]) <= (4096 if v12 else 64000)
    assert_standard_calls(page)

    # Relaunch: the answers and the result come back from suspend_data, and nothing is re-reported.
    frame = launch(page, version, saved_for_relaunch(version, data))
    expect(frame.locator("#q-who-rates-ciso .ccq-verdict")).to_have_text("✓ Correct. 1 of 1 point.")
    expect(frame.locator(".ccq-result")).to_contain_text("Passed.")
    expect(frame.locator("#q-who-rates-ciso input[value='0']")).to_be_checked()
    assert interactions(cmi(page)) == []
    assert_standard_calls(page)


@pytest.mark.parametrize("version", VERSIONS)
def test_a_module_without_self_check_is_completed_and_in_2004_passed_when_opened(watch, lms_url, version):
    page = watch.page()
    page.goto(lms_url + "/lms.html")
    page.evaluate("([v, href]) => launch(v, href)", [version, launch_href(version, NO_QUIZ)])
    frame = page.frame_locator("#sco")
    expect(frame.locator("h1")).to_be_visible()
    expect(frame.locator(".ccq")).to_have_count(0)
    data = cmi(page)
    if version == "1.2":
        assert data["core"]["lesson_status"] == "completed"
    else:
        # Nothing to fail: the module is passed too, so that a module listing it as a
        # prerequisite is enabled even though the attempt ends suspended (no auto-satisfaction).
        assert (data["completion_status"], data["success_status"]) == ("completed", "passed")
    page.evaluate("leave()")
    data = cmi(page)
    assert (data["core"]["exit"] if version == "1.2" else data["exit"]) == "suspend"
    assert_standard_calls(page)


@pytest.mark.parametrize("version", VERSIONS)
def test_a_sco_in_its_own_window_finds_the_lms_through_its_opener(watch, lms_url, version):
    page = watch.page()
    page.goto(lms_url + "/lms.html")
    with page.expect_popup() as opened:
        page.evaluate("([v, href]) => launchWindow(v, href)", [version, launch_href(version)])
    sco = opened.value
    expect(sco.locator(".ccq[data-ccq-ready]")).to_be_attached()
    pick(sco, "who-rates-ciso", "The CIO")
    sco.locator("#q-who-rates-ciso").get_by_role("button", name="Check answer", exact=True).click()
    expect(sco.locator("#q-who-rates-ciso .ccq-verdict")).to_contain_text("Correct")
    sco.close(run_before_unload=True)
    methods = [call["method"] for call in calls(page)]
    assert methods[0] == ("LMSInitialize" if version == "1.2" else "Initialize")
    assert methods[-1] == ("LMSFinish" if version == "1.2" else "Terminate")
    assert [i["result"] for i in interactions(cmi(page))] == ["correct"]
    assert_standard_calls(page)


@pytest.mark.parametrize("version", VERSIONS)
def test_with_both_apis_a_sco_talks_only_to_its_own_version(watch, lms_url, version):
    """The launch the manifest gives (resource href and item parameters) names the package's
    version, so a 1.2 SCO in an LMS that offers both run-times reports through `API` only."""
    page = watch.page()
    page.goto(lms_url + "/lms.html")
    text = page.request.get(f"{lms_url}/pkg-{version}/imsmanifest.xml").text()
    root = ElementTree.fromstring(text)
    item = next(e for e in root.iter() if e.tag.endswith("}item") and e.get("identifier") == f"item-{MODULE}")
    resource = next(e for e in root.iter() if e.tag.endswith("}resource") and e.get("identifier") == item.get("identifierref"))
    page.evaluate("([v, href]) => launchBoth(v, href)", [version, f"pkg-{version}/{resource.get('href')}{item.get('parameters')}"])
    frame = page.frame_locator("#sco")
    expect(frame.locator(".ccq[data-ccq-ready]")).to_be_attached()
    pick(frame, "who-rates-ciso", "The CIO")
    frame.locator("#q-who-rates-ciso").get_by_role("button", name="Check answer", exact=True).click()
    expect(frame.locator("#q-who-rates-ciso .ccq-verdict")).to_contain_text("Correct")
    page.evaluate("leave()")
    made = calls(page)
    assert {call["api"] for call in made} == {version}
    assert made[0]["method"] == ("LMSInitialize" if version == "1.2" else "Initialize")
    assert made[-1]["method"] == ("LMSFinish" if version == "1.2" else "Terminate")
    assert [i["result"] for i in interactions(cmi(page))] == ["correct"]
    assert_standard_calls(page)


@pytest.mark.parametrize(("offered", "used"), [("both", "2004"), ("1.2", "1.2")])
def test_a_launch_that_names_no_version_tries_2004_then_1_2(watch, lms_url, offered, used):
    page = watch.page()
    page.goto(lms_url + "/lms.html")
    href = f"pkg-{used}/modules/{MODULE}.html?ccq-sco={MODULE}"
    page.evaluate("([v, href]) => launchBoth(v, href)" if offered == "both" else "([v, href]) => launch(v, href)", [used, href])
    expect(page.frame_locator("#sco").locator(".ccq[data-ccq-ready]")).to_be_attached()
    page.evaluate("leave()")
    assert {call["api"] for call in calls(page)} == {used}
    assert_standard_calls(page)


IMSCP = "{http://www.imsglobal.org/xsd/imscp_v1p1}"
IMSSS = "{http://www.imsglobal.org/xsd/imsss}"


def activity_tree(manifest: str) -> tuple[dict[str, Any], dict[str, str]]:
    """What an LMS reads from a SCORM 2004 manifest for sequencing, in scorm-again's terms (the
    elements the export writes), and each item's launch address."""
    root = ElementTree.fromstring(manifest)
    org = root.find(f"{IMSCP}organizations/{IMSCP}organization")
    assert org is not None
    hrefs = {r.get("identifier"): r.get("href") for r in root.iter(f"{IMSCP}resource")}

    def objective(node: ElementTree.Element) -> dict[str, Any]:
        found: dict[str, Any] = {"objectiveID": node.get("objectiveID"), "satisfiedByMeasure": node.get("satisfiedByMeasure") == "true"}
        measure = node.findtext(f"{IMSSS}minNormalizedMeasure")
        if measure is not None:
            found["minNormalizedMeasure"] = float(measure)
        found["mapInfo"] = [
            {"targetObjectiveID": m.get("targetObjectiveID"), "readSatisfiedStatus": m.get("readSatisfiedStatus") == "true",
             "writeSatisfiedStatus": m.get("writeSatisfiedStatus") == "true"}
            for m in node.iter(f"{IMSSS}mapInfo")
        ]
        return found

    children, launches = [], {}
    for item in org.findall(f"{IMSCP}item"):
        child: dict[str, Any] = {"id": item.get("identifier"), "title": item.findtext(f"{IMSCP}title")}
        launches[child["id"]] = f"{hrefs[item.get('identifierref')]}{item.get('parameters')}"
        sequencing = item.find(f"{IMSSS}sequencing")
        assert sequencing is not None
        rules = [
            {"action": rule.find(f"{IMSSS}ruleAction").get("action"),  # type: ignore[union-attr]
             "conditionCombination": rule.find(f"{IMSSS}ruleConditions").get("conditionCombination"),  # type: ignore[union-attr]
             "conditions": [{"condition": c.get("condition"), "operator": c.get("operator"), "referencedObjective": c.get("referencedObjective")}
                            for c in rule.iter(f"{IMSSS}ruleCondition")]}
            for rule in sequencing.iter(f"{IMSSS}preConditionRule")
        ]
        if rules:
            child["sequencingRules"] = {"preConditionRules": rules}
        primary = sequencing.find(f"{IMSSS}objectives/{IMSSS}primaryObjective")
        assert primary is not None
        child["primaryObjective"] = objective(primary)
        child["objectives"] = [objective(o) for o in sequencing.iterfind(f"{IMSSS}objectives/{IMSSS}objective")]
        children.append(child)
    control = org.find(f"{IMSSS}sequencing/{IMSSS}controlMode")
    assert control is not None
    tree = {"id": org.get("identifier"), "title": org.findtext(f"{IMSCP}title"), "children": children,
            "sequencingControls": {"choice": control.get("choice") == "true", "flow": control.get("flow") == "true"}}
    return tree, launches


def test_sequencing_enables_a_module_once_its_prerequisite_without_self_check_was_opened(watch, lms_url):
    """SCORM 2004: the exit is always suspend, so the LMS does not satisfy a module's objective
    by itself; the module without a self-check passes, and the module that requires it opens."""
    page = watch.page()
    page.goto(lms_url + "/lms.html")
    tree, launches = activity_tree(page.request.get(f"{lms_url}/pkg-sequenced/imsmanifest.xml").text())
    first, then = f"item-{NO_QUIZ}", f"item-{MODULE}"
    assert "sequencingRules" in next(c for c in tree["children"] if c["id"] == then)
    page.evaluate("([tree, id, href]) => launchSequenced(tree, id, href)", [tree, first, f"pkg-sequenced/{launches[first]}"])
    expect(page.frame_locator("#sco").locator("h1")).to_be_visible()
    assert page.evaluate(f"choose('{then}')") is False  # not before the prerequisite's page is done
    page.evaluate("leave()")
    assert [call["method"] for call in calls(page)][-1] == "Terminate"
    assert cmi(page)["exit"] == "suspend"
    assert page.evaluate(f"choose('{then}')") is True
    assert_standard_calls(page)


def test_without_an_lms_the_package_page_keeps_answers_in_the_browser(watch, lms_url):
    page = watch.page()
    page.goto(f"{lms_url}/{launch_href('1.2')}")
    expect(page.locator(".ccq[data-ccq-ready]")).to_be_attached()
    assert page.evaluate("window.ccqLms") is None
    pick(page, "who-rates-ciso", "The CIO")
    page.locator("#q-who-rates-ciso").get_by_role("button", name="Check answer", exact=True).click()
    stored = page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('ccq:'))")
    assert stored, "the answer was not kept in localStorage"


def broken_lms(version: str, kind: str) -> str:
    """An LMS run-time, in the page's top window, that throws on every call, refuses every write
    and commit, or refuses to start a session."""
    if version == "1.2":
        name, init, get, put, commit, end, err, text = "API", "LMSInitialize", "LMSGetValue", "LMSSetValue", "LMSCommit", "LMSFinish", "LMSGetLastError", "LMSGetErrorString"
    else:
        name, init, get, put, commit, end, err, text = "API_1484_11", "Initialize", "GetValue", "SetValue", "Commit", "Terminate", "GetLastError", "GetErrorString"
    if kind == "throws":
        return f"""window.thrown = 0; window.{name} = new Proxy({{}}, {{ get: () => () => {{ window.thrown++; throw new Error("LMS down"); }} }});"""
    starts = '"true"' if kind == "refuses" else '"false"'
    return f"""window.{name} = {{ {init}: () => {starts}, {get}: () => "", {put}: () => "false", {commit}: () => "false",
        {end}: () => "false", {err}: () => "101", {text}: () => "General exception" }};"""


BROKEN_KINDS = ("refuses", "throws", "will not start")


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("kind", BROKEN_KINDS)
def test_lms_errors_never_break_the_quiz(watch, lms_url, kind, version):
    page = watch.page()
    warnings: list[str] = []
    page.on("console", lambda message: message.type == "warning" and warnings.append(message.text))
    page.goto(lms_url + "/lms.html")
    page.evaluate(f"() => {{ {broken_lms(version, kind)} }}")
    page.evaluate("href => new Promise(r => { const f = document.getElementById('sco'); f.onload = r; f.src = href; })", launch_href(version))
    frame = page.frame_locator("#sco")
    expect(frame.locator(".ccq[data-ccq-ready]")).to_be_attached()
    answer_all_right(frame)
    frame.get_by_role("button", name="Check all answers").click()
    expect(frame.locator(".ccq-result")).to_contain_text("Passed.")
    page.evaluate("leave()")
    if kind == "throws":
        assert page.evaluate("window.thrown") > 0, "the page never called the LMS"
    else:
        first = {"refuses": "cmi.core.lesson_status" if version == "1.2" else "cmi.completion_status",
                 "will not start": "LMSInitialize" if version == "1.2" else "Initialize"}[kind]
        assert any(text.startswith(f"ciso-course: the LMS refused {first}") for text in warnings), warnings

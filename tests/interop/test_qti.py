"""QTI 1.2 package, unzipped and read back with xml.etree; scoring evaluated by a small QTI engine."""

from __future__ import annotations

import io
import itertools
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from generator.catalog import load_catalog
from generator.exports.qti import export_qti

from .conftest import run
from .quizzes import Expected, add_tricky_module, expected_questions

QTI = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"
CP = "{http://www.imsglobal.org/xsd/imscp_v1p1}"
CANVAS_TYPES = {
    "single": "multiple_choice_question", "multiple": "multiple_answers_question",
    "true-false": "true_false_question", "ordering": "ordering_question",
}


def q(path: str) -> str:
    return "/".join(QTI + part for part in path.split("/"))


def _holds(condition: ET.Element, response: list[str], ordered: bool) -> bool:
    """A QTI 1.2 conditionvar (its children are and-ed) against the learner's response."""
    children = list(condition)
    if ordered:
        return [c.text for c in children if c.tag == q("varequal")] == response
    return all(_test(child, response) for child in children)


def _test(element: ET.Element, response: list[str]) -> bool:
    tag = element.tag.removeprefix(QTI)
    if tag == "varequal":
        return element.text in response
    if tag == "and":
        return all(_test(c, response) for c in element)
    if tag == "or":
        return any(_test(c, response) for c in element)
    if tag == "not":
        return not _test(element[0], response)
    if tag == "other":
        return True
    raise AssertionError(f"unexpected condition <{tag}>")


def score(item: ET.Element, response: list[str]) -> tuple[float, list[str]]:
    """(SCORE, feedback idents shown) for a response, as a QTI 1.2 engine computes them."""
    processing = item.find(q("resprocessing"))
    assert processing is not None
    decvar = processing.find(q("outcomes/decvar"))
    assert decvar is not None and decvar.get("varname") == "SCORE"
    ordered = item.find(".//" + q("response_lid")).get("rcardinality") == "Ordered"  # type: ignore[union-attr]
    value = 0.0
    shown = []
    for condition in processing.findall(q("respcondition")):
        if not _holds(condition.find(q("conditionvar")), response, ordered):  # type: ignore[arg-type]
            continue
        for setvar in condition.findall(q("setvar")):
            amount = float(setvar.text or "0")
            value = amount if setvar.get("action") == "Set" else value + amount
        shown += [d.get("linkrefid", "") for d in condition.findall(q("displayfeedback"))]
        if condition.get("continue") == "No":
            break
    low, high = float(decvar.get("minvalue", "0")), float(decvar.get("maxvalue", "100"))
    return max(low, min(high, value)), shown


def _mattext(element: ET.Element | None) -> str:
    assert element is not None
    text = element.find(".//" + q("mattext"))
    assert text is not None and text.get("texttype") == "text/html"
    return text.text or ""


def _check_item(item: ET.Element, want: Expected) -> None:
    fields = {f.findtext(q("fieldlabel")): f.findtext(q("fieldentry")) for f in item.iter(q("qtimetadatafield"))}
    assert fields["question_type"] == CANVAS_TYPES[want.kind]
    assert float(fields["points_possible"] or 0) == want.points
    assert _mattext(item.find(q("presentation/material"))) == want.prompt
    feedback = {f.get("ident"): _mattext(f) for f in item.findall(q("itemfeedback"))}
    assert feedback.get("general_fb") == want.general
    response = item.find(q("presentation/response_lid"))
    assert response is not None
    labels = list(response.iter(q("response_label")))
    idents = [label.get("ident", "") for label in labels]
    if want.kind == "ordering":
        assert response.get("rcardinality") == "Ordered"
        text = {label.get("ident"): _mattext(label) for label in labels}
        in_order = sorted(idents, key=lambda i: want.order.index(text[i]))
        assert score(item, in_order)[0] == 100
        for other in itertools.permutations(idents):
            if list(other) != in_order:
                assert score(item, list(other))[0] == 0
        return
    assert [_mattext(label) for label in labels] == [o.html for o in want.options]
    shuffle = response.find(q("render_choice")).get("shuffle")  # type: ignore[union-attr]
    assert shuffle == ("Yes" if want.shuffle else "No")
    correct: list[str] = [i for i, o in zip(idents, want.options) if o.correct]
    for ident, option in zip(idents, want.options):  # per-option feedback, shown when picked
        if option.feedback:
            assert feedback[f"{ident}_fb"] == option.feedback
            assert f"{ident}_fb" in score(item, [ident])[1]
    if want.kind == "multiple":
        assert response.get("rcardinality") == "Multiple"
        assert score(item, correct)[0] == pytest.approx(100)
        wrong_picks = [i for i in idents if i not in correct]
        share = 100 / len(correct)
        if wrong_picks:
            assert score(item, correct + wrong_picks[:1])[0] == pytest.approx(100 - share if want.partial else 0)
        if len(correct) > 1:
            assert score(item, correct[:1])[0] == pytest.approx(share if want.partial else 0)
        assert score(item, [])[0] == 0
    else:
        assert response.get("rcardinality") == "Single"
        for ident in idents:
            assert score(item, [ident])[0] == (100 if ident in correct else 0)


def _round_trip(content: Path) -> int:
    catalog = load_catalog(content)
    result = export_qti(catalog)
    expected = {(e.module, e.id): e for e in expected_questions(catalog)}
    seen = 0
    with zipfile.ZipFile(io.BytesIO(result.data)) as package:
        assert package.testzip() is None
        manifest = ET.fromstring(package.read("imsmanifest.xml"))
        resources = manifest.findall(f"{CP}resources/{CP}resource")
        modules = [e.model for e in catalog.modules.values() if e.model.quiz]
        assert [r.get("identifier") for r in resources] == [m.id for m in modules]
        for resource, module in zip(resources, modules):
            assert resource.get("type") == "imsqti_xmlv1p2"
            href = resource.find(f"{CP}file").get("href")  # type: ignore[union-attr]
            root = ET.fromstring(package.read(href))  # type: ignore[arg-type]
            assert root.tag == f"{QTI}questestinterop"
            assessment = root.find(q("assessment"))
            assert assessment is not None and assessment.get("title") == module.title.replace("<", "").replace(">", "")  # plain text
            items = assessment.findall(q("section/item"))
            assert len(items) == len(module.quiz.questions)  # type: ignore[union-attr]
            for item, question in zip(items, module.quiz.questions):  # type: ignore[union-attr]
                assert item.get("ident") == f"{module.id}-{question.id}"
                _check_item(item, expected[(module.id, question.id)])
                seen += 1
    assert seen == len(expected) == result.questions
    return seen


def test_every_question_of_the_fixture_course_round_trips(course: Path) -> None:
    add_tricky_module(course)
    assert _round_trip(course) > 5


def test_every_question_of_the_shipped_course_round_trips(shipped_course: Path) -> None:
    assert _round_trip(shipped_course) > 100


def test_the_export_is_reproducible(course: Path) -> None:
    assert export_qti(load_catalog(course)).data == export_qti(load_catalog(course)).data


def test_what_qti_cannot_carry_is_reported(course: Path) -> None:
    add_tricky_module(course)
    losses = [str(loss) for loss in export_qti(load_catalog(course)).losses]
    assert "tricky-text/specials: 1 hint(s) not carried: QTI 1.2 has no hints" in losses
    assert "tricky-text/steps: per-item feedback not carried: QTI ordering items have none" in losses
    assert any(loss.startswith("tricky-text/steps: ordering item: Canvas New Quizzes imports it") for loss in losses)


def test_the_command_writes_a_zip(course: Path, tmp_path: Path) -> None:
    out = tmp_path / "quizzes.zip"
    result = run("export", "qti", "--content", course, "--out", out)
    assert result.exit_code == 0, result.output
    assert zipfile.is_zipfile(out)
    assert "not carried:" in result.stderr

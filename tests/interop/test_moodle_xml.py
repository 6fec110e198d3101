"""Moodle XML export, read back with xml.etree and checked against the course."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from generator.catalog import load_catalog
from generator.exports.moodle_xml import export_moodle_xml

from .conftest import run
from .quizzes import Expected, add_tricky_module, expected_questions

TYPES = {"single": "multichoice", "multiple": "multichoice", "true-false": "truefalse", "ordering": "ordering"}


def _text(element: ET.Element, path: str) -> str:
    found = element.find(path)
    assert found is not None, f"no {path} in <question type={element.get('type')}>"
    return found.text or ""


def _check_question(element: ET.Element, want: Expected) -> None:
    assert element.get("type") == TYPES[want.kind]
    assert _text(element, "questiontext/text") == want.prompt
    assert element.find("questiontext").get("format") == "html"  # type: ignore[union-attr]
    assert _text(element, "generalfeedback/text") == (want.general or "")
    assert _text(element, "defaultgrade") == str(want.points)
    assert _text(element, "idnumber") == f"{want.module}/{want.id}"
    assert [_text(h, "text") for h in element.findall("hint")] == list(want.hints)
    answers = element.findall("answer")
    if want.kind == "ordering":
        assert [_text(a, "text") for a in answers] == list(want.order)  # written in the correct order
        assert [a.get("fraction") for a in answers] == [str(i) for i in range(1, len(answers) + 1)]
        assert [_text(a, "feedback/text") or None for a in answers] == list(want.order_feedback)
        assert _text(element, "selecttype") == "ALL" and _text(element, "gradingtype") == "ALL_OR_NOTHING"
        return
    if want.kind == "true-false":
        assert [_text(a, "text") for a in answers] == ["true", "false"]
    else:
        assert _text(element, "single") == ("true" if want.kind == "single" else "false")
        assert _text(element, "shuffleanswers") == ("true" if want.shuffle else "false")
        assert [_text(a, "text") for a in answers] == [o.html for o in want.options]
    assert [_text(a, "feedback/text") or None for a in answers] == [o.feedback for o in want.options]
    fractions = [float(a.get("fraction", "nan")) for a in answers]
    assert [f > 0 for f in fractions] == [o.correct for o in want.options]
    if want.kind == "multiple":
        correct = sum(o.correct for o in want.options)
        assert sum(f for f in fractions if f > 0) == pytest.approx(100, abs=1e-3)
        wrong = -100 / correct if want.partial else -100
        assert all(f == pytest.approx(wrong, abs=1e-3) for f, o in zip(fractions, want.options) if not o.correct)
    elif want.kind == "single":
        assert sorted(fractions) == [0.0] * (len(fractions) - 1) + [100.0]


def _round_trip(content: Path) -> int:
    catalog = load_catalog(content)
    result = export_moodle_xml(catalog)
    root = ET.fromstring(result.data)
    assert root.tag == "quiz"
    expected = {(e.module, e.id): e for e in expected_questions(catalog)}
    category = None
    seen = 0
    for element in root.findall("question"):
        if element.get("type") == "category":
            category = _text(element, "category/text")
            continue
        module, _, qid = _text(element, "name/text").partition("/")
        want = expected[(module, qid)]
        assert category == f"$course$/top/{catalog.course.model.title}/{want.module_title.replace('/', '//')}"
        _check_question(element, want)
        # The ATT&CK and ATLAS ids the question tests, as Moodle question tags named by framework.
        quiz = catalog.modules[module].model.quiz
        attack = next(q.attack for q in (quiz.questions if quiz else ()) if q.id == qid)
        tags = [_text(tag, "text") for tag in element.findall("tags/tag")]
        assert tags == [f"{'ATLAS' if ident.startswith('AML.') else 'ATT&CK'} {ident}" for ident in attack]
        seen += 1
    assert seen == len(expected) == result.questions
    return seen


def test_every_question_of_the_fixture_course_round_trips(course: Path) -> None:
    add_tricky_module(course)
    assert _round_trip(course) > 5


def test_every_question_of_the_shipped_course_round_trips(shipped_course: Path) -> None:
    assert _round_trip(shipped_course) > 100


def test_ordering_item_feedback_and_all_or_nothing_are_reported(course: Path) -> None:
    add_tricky_module(course)
    losses = [str(loss) for loss in export_moodle_xml(load_catalog(course)).losses]
    assert "tricky-text/steps: per-item feedback is written, but Moodle's ordering question does not keep it on import" in losses
    assert any(loss.startswith("tricky-text/several: all-or-nothing scoring is approximated") for loss in losses)
    assert not any(loss.dropped for loss in export_moodle_xml(load_catalog(course)).losses)


def test_an_ordering_question_kept_in_order_is_reported(course: Path) -> None:
    module = course / "modules" / "competing-mandates.yml"
    module.write_text(module.read_text().replace("      type: ordering\n", "      type: ordering\n      shuffle: false\n"))
    losses = [str(loss) for loss in export_moodle_xml(load_catalog(course)).losses]
    assert "competing-mandates/escalate-order: 'shuffle: false' not carried: Moodle's ordering question always shows its items shuffled" in losses


@pytest.mark.parametrize(("correct", "reported"), [(1, False), (3, False), (7, False), (10, False), (11, True), (20, False), (30, True)])
def test_weights_moodle_has_no_grade_for_are_reported(correct: int, reported: bool) -> None:
    from generator import models as m
    from generator.exports import weight_loss

    options = [{"text": f"option {i}", "correct": i < correct} for i in range(correct + 1)]
    question = m.MultipleQuestion.model_validate(
        {"id": "q", "type": "multiple", "prompt": "Pick", "options": options}
    )
    quiz = m.Quiz.model_validate({"scoring": "partial", "questions": [question.model_dump(by_alias=True)]})
    assert (weight_loss(question, quiz) is not None) is reported


def test_the_command_writes_the_file_atomically_and_reports(course: Path, tmp_path: Path) -> None:
    out = tmp_path / "exports" / "quiz.xml"
    result = run("export", "moodle-xml", "--content", course, "--out", out)
    assert result.exit_code == 0, result.output
    assert ET.parse(out).getroot().tag == "quiz"
    assert "question(s) written" in result.stderr
    assert [p.name for p in out.parent.iterdir()] == ["quiz.xml"]  # no temporary file left behind

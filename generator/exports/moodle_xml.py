"""The quizzes in Moodle XML: a category per module, every question type of the course.

Single choice and multiple answer become ``multichoice`` (``<single>true|false</single>``),
true/false ``truefalse``, ordering Moodle's ``ordering`` question type (standard in current
Moodle; the answers are written in the correct order). Points, shuffling, hints, per-option
feedback and the explanation (general feedback) are carried. Returned as :class:`Loss`:
all-or-nothing scoring of multiple-answer questions (approximated) and per-item feedback of
ordering questions (written, but Moodle's ordering question does not keep it).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from .. import models as m
from ..catalog import Catalog
from ..models.frameworks import framework_of
from . import (
    ALL_OR_NOTHING_LOSS,
    MADE_BY,
    Loss,
    QuizExport,
    choice_weights,
    comment_text,
    html,
    inline_html,
    percent,
    quiz_modules,
    weight_loss,
)
from .gift import category_name  # one rule for Moodle category paths, in GIFT and XML


def _text(parent: ET.Element, tag: str, content: str, *, fmt: str | None = "html") -> ET.Element:
    element = ET.SubElement(parent, tag, {"format": fmt} if fmt else {})
    ET.SubElement(element, "text").text = content
    return element


def _value(parent: ET.Element, tag: str, value: str) -> None:
    ET.SubElement(parent, tag).text = value


def _answer(parent: ET.Element, fraction: str, text: str, feedback: str | None, *, fmt: str = "html") -> None:
    answer = _text(parent, "answer", text, fmt=fmt)
    answer.set("fraction", fraction)
    _text(answer, "feedback", html(feedback))


def _head(parent: ET.Element, module: m.Module, question: m.QuestionBase, kind: str) -> ET.Element:
    element = ET.SubElement(parent, "question", {"type": kind})
    _text(element, "name", f"{module.id}/{question.id}", fmt=None)
    _text(element, "questiontext", html(question.prompt))
    _text(element, "generalfeedback", html(question.explanation))
    _value(element, "defaultgrade", str(question.points))
    _value(element, "penalty", "1" if kind == "truefalse" else "0.3333333")
    _value(element, "hidden", "0")
    _value(element, "idnumber", f"{module.id}/{question.id}")
    if question.attack:  # the tactics and techniques it tests, as question tags: "ATT&CK T1566", "ATLAS AML.T0051"
        tags = ET.SubElement(element, "tags")
        for ident in question.attack:
            fw = framework_of(ident)
            _value(ET.SubElement(tags, "tag"), "text", f"{fw.label if fw else 'ATT&CK'} {ident}")
    return element


def _combined_feedback(element: ET.Element) -> None:
    for tag in ("correctfeedback", "partiallycorrectfeedback", "incorrectfeedback"):
        _text(element, tag, "")


def _hints(element: ET.Element, question: m.QuestionBase) -> None:
    for hint in question.hints:
        _text(element, "hint", html(hint))


def _question(quiz_el: ET.Element, module: m.Module, quiz: m.Quiz, question: m.QuestionBase, losses: list[Loss]) -> None:
    if isinstance(question, (m.SingleQuestion, m.MultipleQuestion)):
        element = _head(quiz_el, module, question, "multichoice")
        single = isinstance(question, m.SingleQuestion)
        _value(element, "single", "true" if single else "false")
        _value(element, "shuffleanswers", "true" if question.shuffle else "false")
        _value(element, "answernumbering", "abc")
        _value(element, "showstandardinstruction", "0")
        _combined_feedback(element)
        if single:
            weights = (100.0, 0.0)
        else:
            assert isinstance(question, m.MultipleQuestion)
            weights = choice_weights(question, quiz)
            if quiz.scoring is m.Scoring.all_or_nothing:
                losses.append(Loss(module.id, question.id, ALL_OR_NOTHING_LOSS))
            if why := weight_loss(question, quiz):
                losses.append(Loss(module.id, question.id, why))
        for option in question.options:
            _answer(element, percent(weights[0] if option.correct else weights[1]), inline_html(option.text), option.feedback)
    elif isinstance(question, m.TrueFalseQuestion):
        element = _head(quiz_el, module, question, "truefalse")
        for value, feedback in ((True, question.feedback_true), (False, question.feedback_false)):
            fraction = "100" if value == question.answer else "0"
            _answer(element, fraction, "true" if value else "false", feedback, fmt="moodle_auto_format")
    elif isinstance(question, m.OrderingQuestion):
        element = _head(quiz_el, module, question, "ordering")
        _value(element, "layouttype", "VERTICAL")
        _value(element, "selecttype", "ALL")
        _value(element, "selectcount", str(len(question.items)))
        _value(element, "gradingtype", "ALL_OR_NOTHING")
        _value(element, "showgrading", "SHOW")
        _value(element, "numberingstyle", "none")
        _combined_feedback(element)
        items = {item.id: item for item in question.items}
        for position, ident in enumerate(question.order, 1):
            _answer(element, str(position), inline_html(items[ident].text), items[ident].feedback)
        if not question.shuffle:
            losses.append(Loss(
                module.id, question.id,
                "'shuffle: false' not carried: Moodle's ordering question always shows its items shuffled",
            ))
        if any(item.feedback for item in question.items):
            losses.append(Loss(
                module.id, question.id,
                "per-item feedback is written, but Moodle's ordering question does not keep it on import",
            ))
    else:  # pragma: no cover - the union is closed
        raise TypeError(type(question))
    _hints(element, question)


def export_moodle_xml(catalog: Catalog) -> QuizExport:
    """Every quiz of the course as one Moodle XML file, a category per module."""
    course = catalog.course.model
    root = ET.Element("quiz")
    root.append(ET.Comment(f" {MADE_BY}: the self-check quizzes of {comment_text(course.title)} (course version {comment_text(course.version)}) "))
    result = QuizExport(b"")
    for module, quiz in quiz_modules(catalog):
        category = ET.SubElement(root, "question", {"type": "category"})
        _text(category, "category", f"$course$/top/{category_name(course.title)}/{category_name(module.title)}", fmt=None)
        _text(category, "info", html(module.summary))
        _value(category, "idnumber", module.id)
        for question in quiz.questions:
            _question(root, module, quiz, question, result.losses)
            result.questions += 1
    ET.indent(root)
    result.data = ET.tostring(root, encoding="utf-8", xml_declaration=True, short_empty_elements=False) + b"\n"
    return result


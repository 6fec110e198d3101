"""The quizzes as an IMS QTI 1.2 package, as Canvas imports it (one assessment per module).

The package is a zip: ``imsmanifest.xml`` (IMS Content Packaging 1.1) and one
``<module>/<module>.xml`` assessment per module. Items follow the QTI 1.2 ASI model with
Canvas's conventions: ``question_type`` and ``points_possible`` in the item metadata, a
``response_lid`` with ``render_choice`` for choices, ``SCORE`` out of 100, per-option feedback as
``itemfeedback`` named ``<option>_fb`` and the explanation as ``general_fb``.

Ordering questions use QTI 1.2's ordered response (``rcardinality="Ordered"`` in an
``ims_render_object``). Returned as :class:`Loss`: hints (QTI 1.2 has no hints), per-item
feedback of ordering questions, and a warning that not every LMS imports ordering items.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile

from .. import models as m
from ..catalog import Catalog
from ..render.sanitize import plain_text
from . import MADE_BY, Loss, QuizExport, comment_text, html, inline_html, percent, question_type, quiz_modules

QTI_NS = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
CP_NS = "http://www.imsglobal.org/xsd/imscp_v1p1"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
RESPONSE = "response1"
CANVAS_TYPES = {
    "single": "multiple_choice_question",
    "multiple": "multiple_answers_question",
    "true-false": "true_false_question",
    "ordering": "ordering_question",
}
# Fixed timestamps, so that the same course gives the same bytes.
_EPOCH = (1980, 1, 1, 0, 0, 0)


def _sub(parent: ET.Element, tag: str, attrs: dict[str, str] | None = None, text: str | None = None) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs or {})
    if text is not None:
        element.text = text
    return element


def _material(parent: ET.Element, html_text: str) -> None:
    material = _sub(parent, "material")
    _sub(material, "mattext", {"texttype": "text/html"}, html_text)


def _meta(parent: ET.Element, fields: list[tuple[str, str]]) -> None:
    meta = _sub(parent, "qtimetadata")
    for label, entry in fields:
        field = _sub(meta, "qtimetadatafield")
        _sub(field, "fieldlabel", text=label)
        _sub(field, "fieldentry", text=entry)


def _feedback(item: ET.Element, ident: str, html_text: str) -> None:
    feedback = _sub(item, "itemfeedback", {"ident": ident})
    _material(_sub(feedback, "flow_mat"), html_text)


def _show(resprocessing: ET.Element, condition: ET.Element | None, feedback: str) -> None:
    """A condition that shows a feedback and lets processing go on."""
    rc = _sub(resprocessing, "respcondition", {"continue": "Yes"})
    var = _sub(rc, "conditionvar")
    if condition is None:
        _sub(var, "other")
    else:
        var.append(condition)
    _sub(rc, "displayfeedback", {"feedbacktype": "Response", "linkrefid": feedback})


def _equal(ident: str) -> ET.Element:
    element = ET.Element("varequal", {"respident": RESPONSE})
    element.text = ident
    return element


def _choices(question: m.QuestionBase) -> list[tuple[str, str, bool, str | None]]:
    """(ident, HTML text, correct, feedback) per option; true/false as two options."""
    if isinstance(question, m.ChoiceQuestion):
        return [(f"{question.id}-{i}", inline_html(o.text), o.correct, o.feedback) for i, o in enumerate(question.options, 1)]
    assert isinstance(question, m.TrueFalseQuestion)
    return [
        (f"{question.id}-true", "True", question.answer, question.feedback_true),
        (f"{question.id}-false", "False", not question.answer, question.feedback_false),
    ]


def _item(section: ET.Element, module: m.Module, quiz: m.Quiz, question: m.AnyQuestion, losses: list[Loss]) -> None:
    kind = question_type(question)
    item = _sub(section, "item", {"ident": f"{module.id}-{question.id}", "title": question.id})
    _meta(_sub(item, "itemmetadata"), [
        ("question_type", CANVAS_TYPES[kind]),
        ("points_possible", f"{question.points:.1f}"),
        ("assessment_question_identifierref", f"{module.id}-{question.id}"),
    ])
    presentation = _sub(item, "presentation")
    _material(presentation, html(question.prompt))
    resprocessing = ET.Element("resprocessing")
    outcomes = _sub(resprocessing, "outcomes")
    _sub(outcomes, "decvar", {"maxvalue": "100", "minvalue": "0", "varname": "SCORE", "vartype": "Decimal"})
    feedbacks: list[tuple[str, str]] = []
    if question.explanation:
        _show(resprocessing, None, "general_fb")
        feedbacks.append(("general_fb", html(question.explanation)))

    if isinstance(question, m.OrderingQuestion):
        response = _sub(presentation, "response_lid", {"ident": RESPONSE, "rcardinality": "Ordered"})
        render = _sub(_sub(response, "render_extension"), "ims_render_object", {"shuffle": "Yes" if question.shuffle else "No"})
        labels = _sub(render, "flow_label", {"class": "Block"})
        for item_ in question.items:
            _material(_sub(labels, "response_label", {"ident": f"{question.id}-{item_.id}"}), inline_html(item_.text))
        rc = _sub(resprocessing, "respcondition", {"continue": "No"})
        var = _sub(rc, "conditionvar")
        for ident in question.order:  # the correct order, first position first
            var.append(_equal(f"{question.id}-{ident}"))
        _sub(rc, "setvar", {"action": "Set", "varname": "SCORE"}, "100")
        losses.append(Loss(
            module.id, question.id,
            "ordering item: Canvas New Quizzes imports it; Canvas Classic Quizzes and some other LMS skip it",
        ))
        if any(i.feedback for i in question.items):
            losses.append(Loss(module.id, question.id, "per-item feedback not carried: QTI ordering items have none"))
    else:
        choices = _choices(question)
        multiple = isinstance(question, m.MultipleQuestion)
        response = _sub(presentation, "response_lid", {"ident": RESPONSE, "rcardinality": "Multiple" if multiple else "Single"})
        shuffle = question.shuffle if isinstance(question, m.ChoiceQuestion) else False
        render = _sub(response, "render_choice", {"shuffle": "Yes" if shuffle else "No"})
        for ident, text, _, _ in choices:
            _material(_sub(render, "response_label", {"ident": ident}), text)
        for ident, _, _, feedback in choices:
            if feedback:
                _show(resprocessing, _equal(ident), f"{ident}_fb")
                feedbacks.append((f"{ident}_fb", html(feedback)))
        if multiple and quiz.scoring is m.Scoring.partial:
            correct = sum(c[2] for c in choices)
            for ident, _, is_correct, _ in choices:
                rc = _sub(resprocessing, "respcondition", {"continue": "Yes"})
                _sub(rc, "conditionvar").append(_equal(ident))
                share = 100 / correct
                _sub(rc, "setvar", {"action": "Add", "varname": "SCORE"}, percent(share if is_correct else -share))
        else:
            rc = _sub(resprocessing, "respcondition", {"continue": "No"})
            var = _sub(rc, "conditionvar")
            if multiple:
                both = _sub(var, "and")
                for ident, _, is_correct, _ in choices:
                    if is_correct:
                        both.append(_equal(ident))
                    else:
                        _sub(both, "not").append(_equal(ident))
            else:
                var.append(_equal(next(c[0] for c in choices if c[2])))
            _sub(rc, "setvar", {"action": "Set", "varname": "SCORE"}, "100")
    item.append(resprocessing)
    for ident, text in feedbacks:
        _feedback(item, ident, text)
    if question.hints:
        losses.append(Loss(module.id, question.id, f"{len(question.hints)} hint(s) not carried: QTI 1.2 has no hints"))


def assessment_xml(module: m.Module, quiz: m.Quiz, losses: list[Loss]) -> bytes:
    """One module's quiz as a QTI 1.2 ``questestinterop`` document."""
    root = ET.Element("questestinterop", {
        "xmlns": QTI_NS, "xmlns:xsi": XSI,
        "xsi:schemaLocation": f"{QTI_NS} http://www.imsglobal.org/xsd/ims_qtiasiv1p2p1.xsd",
    })
    assessment = _sub(root, "assessment", {"ident": module.id, "title": plain_text(module.title)})
    section = _sub(assessment, "section", {"ident": "root_section"})
    for question in quiz.questions:
        _item(section, module, quiz, question, losses)
    ET.indent(root)
    return bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True)) + b"\n"


def manifest_xml(modules: list[m.Module], title: str) -> bytes:
    root = ET.Element("manifest", {
        "identifier": "ciso-course-quizzes", "xmlns": CP_NS, "xmlns:xsi": XSI,
        "xsi:schemaLocation": f"{CP_NS} http://www.imsglobal.org/xsd/imscp_v1p1.xsd",
    })
    metadata = _sub(root, "metadata")
    _sub(metadata, "schema", text="IMS Content")
    _sub(metadata, "schemaversion", text="1.1.3")
    _sub(root, "organizations")
    resources = _sub(root, "resources")
    for module in modules:
        href = f"{module.id}/{module.id}.xml"
        resource = _sub(resources, "resource", {"identifier": module.id, "type": "imsqti_xmlv1p2", "href": href})
        _sub(resource, "file", {"href": href})
    root.insert(0, ET.Comment(f" {MADE_BY}: the self-check quizzes of {comment_text(title)} "))
    ET.indent(root)
    return bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True)) + b"\n"


def export_qti(catalog: Catalog) -> QuizExport:
    """Every quiz of the course as one QTI 1.2 content package (zip bytes)."""
    result = QuizExport(b"")
    modules = quiz_modules(catalog)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        def add(name: str, data: bytes) -> None:
            info = zipfile.ZipInfo(name, _EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            package.writestr(info, data)

        add("imsmanifest.xml", manifest_xml([module for module, _ in modules], catalog.course.model.title))
        for module, quiz in modules:
            add(f"{module.id}/{module.id}.xml", assessment_xml(module, quiz, result.losses))
            result.questions += len(quiz.questions)
        package.comment = f"{MADE_BY}: QTI 1.2 export".encode()
    result.data = buffer.getvalue()
    return result

"""The quizzes in Moodle's GIFT format: one ``$CATEGORY`` per module, HTML text.

What GIFT carries: single choice (``=right ~wrong``), multiple answer (``~%50%`` weights),
true/false (``{TRUE#feedback if wrong#feedback if right}``), per-option feedback (``#``) and the
explanation as general feedback (``####``). What it cannot carry is returned as :class:`Loss`:
ordering questions (left out), hints, points other than 1, a question that must not be shuffled,
and all-or-nothing scoring of multiple-answer questions (approximated).

Text is converted from Markdown to HTML (``[html]``) and escaped as Moodle's own exporter does:
``\\`` ``~`` ``=`` ``#`` ``{`` ``}`` ``:`` get a backslash and a line break becomes ``\\n``, so that
every question stays on lines no GIFT reader can mistake for a comment or a question break.
"""

from __future__ import annotations

from .. import models as m
from ..catalog import Catalog
from ..render.sanitize import plain_text
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
    question_type,
    quiz_modules,
    weight_loss,
)

_ESCAPES = str.maketrans({
    "\\": "\\\\", "~": "\\~", "=": "\\=", "#": "\\#", "{": "\\{", "}": "\\}", ":": "\\:",
    "\n": "\\n", "\r": "",
})


def escape(text: str) -> str:
    """Text made literal inside GIFT."""
    return text.translate(_ESCAPES)


def _text(html_text: str) -> str:
    """An answer or feedback text: it inherits ``[html]`` from the question, unless it starts with
    ``[``, which a GIFT reader would take for a format marker."""
    escaped = escape(html_text)
    return f"[html]{escaped}" if escaped.startswith("[") else escaped


def category_name(name: str) -> str:
    """One level of a Moodle category path: plain text (an LMS may show a category name as HTML), ``/``
    doubled, a name never starting or ending in ``/``."""
    escaped = plain_text(name).replace("/", "//")
    if escaped.startswith("/"):
        escaped = " " + escaped
    if escaped.endswith("/"):
        escaped += " "
    return escaped


def _feedback(text: str | None) -> str:
    return f"#{_text(html(text))}" if text else ""


def _general(question: m.QuestionBase) -> str:
    return f"####{_text(html(question.explanation))}" if question.explanation else ""


def _losses(module: m.Module, quiz: m.Quiz, question: m.QuestionBase) -> list[Loss]:
    out = []
    if question.hints:
        out.append(Loss(module.id, question.id, f"{len(question.hints)} hint(s) not carried: GIFT has no hints"))
    if question.points != 1:
        out.append(Loss(
            module.id, question.id, f"points ({question.points}) not carried: GIFT questions import with a default mark of 1"
        ))
    if isinstance(question, m.ChoiceQuestion) and not question.shuffle:
        out.append(Loss(
            module.id, question.id, "'shuffle: false' not carried: GIFT cannot keep options in order (the quiz's setting decides)"
        ))
    if isinstance(question, m.MultipleQuestion) and quiz.scoring is m.Scoring.all_or_nothing:
        out.append(Loss(module.id, question.id, ALL_OR_NOTHING_LOSS))
    if isinstance(question, m.MultipleQuestion) and (why := weight_loss(question, quiz)):
        out.append(Loss(module.id, question.id, why))
    return out


def question_gift(module: m.Module, quiz: m.Quiz, question: m.AnyQuestion) -> str | None:
    """One question in GIFT, or None when GIFT has no such question type."""
    name = f"{module.id}/{question.id}"
    head = f"// {name} ({question_type(question)})\n::{escape(name)}::[html]{escape(html(question.prompt))}"
    if isinstance(question, m.SingleQuestion):
        lines = [
            f"\t{'=' if option.correct else '~'}{_text(inline_html(option.text))}{_feedback(option.feedback)}"
            for option in question.options
        ]
    elif isinstance(question, m.MultipleQuestion):
        right, wrong = choice_weights(question, quiz)
        lines = [
            f"\t~%{percent(right if option.correct else wrong)}%{_text(inline_html(option.text))}{_feedback(option.feedback)}"
            for option in question.options
        ]
    elif isinstance(question, m.TrueFalseQuestion):
        # GIFT: {TRUE#feedback for a wrong answer#feedback for a right answer}
        if_right = question.feedback_true if question.answer else question.feedback_false
        if_wrong = question.feedback_false if question.answer else question.feedback_true
        answer = "TRUE" if question.answer else "FALSE"
        if if_wrong or if_right:
            answer += f"#{_text(html(if_wrong)) if if_wrong else ''}"
        if if_right:
            answer += f"#{_text(html(if_right))}"
        return f"{head}{{{answer}{_general(question)}}}\n"
    else:
        return None
    general = _general(question)
    return head + "{\n" + "\n".join(lines) + ("\n\t" + general if general else "") + "\n}\n"


def export_gift(catalog: Catalog) -> QuizExport:
    """Every quiz of the course as one GIFT file, a category per module."""
    course = catalog.course.model
    out = [
        f"// {MADE_BY}: the self-check quizzes of {comment_text(course.title)}, in Moodle GIFT format.",
        f"// Course version {comment_text(course.version)}. One category per module; question names are module/question ids.",
        "",
    ]
    result = QuizExport(b"")
    for module, quiz in quiz_modules(catalog):
        out.append(f"$CATEGORY: $course$/top/{category_name(course.title)}/{category_name(module.title)}\n")
        for question in quiz.questions:
            text = question_gift(module, quiz, question)
            if text is None:
                result.losses.append(Loss(
                    module.id, question.id,
                    f"{question_type(question)} question left out: GIFT has no {question_type(question)} question type",
                    dropped=True,
                ))
                continue
            result.losses += _losses(module, quiz, question)
            result.questions += 1
            out.append(text)
    result.data = "\n".join(out).encode("utf-8")
    return result

"""A module's quiz as semantic HTML that reads well without JavaScript.

The quiz script in ``site_config`` enhances it in place: it reads the ``data-ccq-*`` attributes,
shows the hidden feedback elements and never inserts content from data as HTML. Without the
script, each question still shows its options, and the answer with its explanation sits in a
collapsed ``<details>`` block.
"""

from __future__ import annotations

import hashlib
import json

from .. import models as m
from .abbr import Abbreviations
from .text import HtmlBatch, escape_html


def question_hash(question: m.QuestionBase) -> str:
    """A short hash of everything a learner's answer depends on: an edit makes old answers stale."""
    data = question.model_dump(mode="json", exclude={"hints", "explanation"})
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:10]


def _feedback(md: HtmlBatch, text: str | None) -> str:
    if not text:
        return ""
    return f'<div class="ccq-feedback" hidden>{md.add(text)}</div>'


def _choice(md: HtmlBatch, question: m.SingleQuestion | m.MultipleQuestion, name: str) -> tuple[str, str]:
    kind = "radio" if isinstance(question, m.SingleQuestion) else "checkbox"
    items = []
    for index, option in enumerate(question.options):
        items.append(
            f'<li class="ccq-option" data-ccq-correct="{str(option.correct).lower()}">'
            f'<label><input type="{kind}" name="{name}" value="{index}"> '
            f'<span class="ccq-text">{md.add(option.text, inline=True)}</span></label>'
            f"{_feedback(md, option.feedback)}</li>"
        )
    correct = [md.add(o.text, inline=True) for o in question.options if o.correct]
    answer = "Correct answer: " + correct[0] if len(correct) == 1 else "Correct answers: " + "; ".join(correct)
    return f'<ul class="ccq-options">{"".join(items)}</ul>', answer


def _true_false(md: HtmlBatch, question: m.TrueFalseQuestion, name: str) -> tuple[str, str]:
    items = []
    for index, (value, label, feedback) in enumerate(
        ((True, "True", question.feedback_true), (False, "False", question.feedback_false))
    ):
        items.append(
            f'<li class="ccq-option" data-ccq-correct="{str(value == question.answer).lower()}">'
            f'<label><input type="radio" name="{name}" value="{index}"> <span class="ccq-text">{label}</span></label>'
            f"{_feedback(md, feedback)}</li>"
        )
    return f'<ul class="ccq-options">{"".join(items)}</ul>', f"Correct answer: {'True' if question.answer else 'False'}"


def _ordering(md: HtmlBatch, question: m.OrderingQuestion) -> tuple[str, str]:
    position = {ident: i for i, ident in enumerate(question.order, 1)}
    by_id = {item.id: item for item in question.items}
    items = [
        f'<li class="ccq-item" data-ccq-item="{escape_html(item.id)}" data-ccq-position="{position[item.id]}">'
        f'<span class="ccq-text">{md.add(item.text, inline=True)}</span>{_feedback(md, item.feedback)}</li>'
        for item in question.items
    ]
    steps = "".join(f"<li>{md.add(by_id[ident].text, inline=True)}</li>" for ident in question.order)
    return f'<ol class="ccq-items">{"".join(items)}</ol>', f"Correct order:<ol>{steps}</ol>"


def render_quiz(module: m.Module, quiz: m.Quiz, pass_mark: int, abbreviations: Abbreviations | None = None) -> str:
    md = HtmlBatch(abbreviations)
    questions = []
    for number, question in enumerate(quiz.questions, 1):
        qid = question.id
        name = f"ccq-{module.id}-{qid}"
        if isinstance(question, (m.SingleQuestion, m.MultipleQuestion)):
            body, answer = _choice(md, question, name)
            shuffle = question.shuffle
        elif isinstance(question, m.TrueFalseQuestion):
            body, answer = _true_false(md, question, name)
            shuffle = False
        elif isinstance(question, m.OrderingQuestion):
            body, answer = _ordering(md, question)
            shuffle = question.shuffle
        else:  # pragma: no cover - the union is closed
            raise TypeError(type(question))
        kind = question.type
        instruction = {
            "single": "Choose one answer.",
            "multiple": "Choose every answer that applies.",
            "true-false": "True or false?",
            "ordering": "Put these in the right order.",
        }[kind]
        hints = "".join(
            f'<details class="ccq-hint"><summary>Hint{f" {i}" if len(question.hints) > 1 else ""}</summary>{md.add(h)}</details>'
            for i, h in enumerate(question.hints, 1)
        )
        explanation = f'<div class="ccq-explanation">{md.add(question.explanation)}</div>' if question.explanation else ""
        points = f"{question.points} point{'s' if question.points != 1 else ''}"
        questions.append(
            f'<fieldset class="ccq-q" id="q-{qid}" data-ccq-id="{qid}" data-ccq-type="{kind}" '
            f'data-ccq-points="{question.points}" data-ccq-hash="{question_hash(question)}" '
            f'data-ccq-shuffle="{str(shuffle).lower()}">'
            f'<legend><span class="ccq-num">Question {number}</span> '
            f'<span class="ccq-meta">({points}) {instruction}</span></legend>'
            f'<div class="ccq-prompt">{md.add(question.prompt)}</div>'
            f"{body}{hints}"
            f'<details class="ccq-answer"><summary>Answer and explanation</summary>'
            f'<div class="ccq-correct">{answer}</div>{explanation}</details>'
            f"</fieldset>"
        )
    total = sum(q.points for q in quiz.questions)
    scoring = (
        "Multiple-answer questions give partial credit: each right pick earns a share of the points, each wrong pick costs the same share, never below zero."
        if quiz.scoring is m.Scoring.partial
        else "Multiple-answer questions score only when exactly the right options are picked."
    )
    return md.fill(
        f'<div class="ccq" data-ccq-quiz="{module.id}" data-ccq-pass="{pass_mark}" '
        f'data-ccq-scoring="{quiz.scoring.value}" data-ccq-total="{total}">'
        f'<p class="ccq-intro">{len(quiz.questions)} questions, {total} points. Pass mark: {pass_mark}%. '
        f"{scoring} This is a self-check: the answers are on this page.</p>"
        + "".join(questions)
        + '<div class="ccq-result" role="status" aria-live="polite"></div>'
        "</div>\n"
    )

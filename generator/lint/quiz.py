"""The checks of one module and its quiz: objectives assessed, explanations and feedback, negatives
emphasised, no "all of the above", and no cue in the correct option's position or length."""

from __future__ import annotations

from collections import Counter

from .. import models as m
from ..catalog import Entry
from ..errors import shorten
from ..reading.read import Document, Key
from .linter import QUESTIONS, QUIZ, Linter, correct_is_extreme
from .text import _ALL_NONE, _ordinal, plain, unemphasised_negatives


def check_module(linter: Linter, entry: Entry[m.Module]) -> None:
    module, doc = entry.model, entry.doc
    quiz = module.quiz
    assessed = {objective for question in quiz.questions for objective in question.assesses} if quiz else set()
    for index, objective in enumerate(module.objectives):
        if objective.id not in assessed:
            why = "no question of the quiz assesses it" if quiz else "the module has no quiz"
            linter.add(
                "unassessed-objective", doc, ("objectives", index, "id"),
                f"learning objective '{objective.id}' is not assessed: {why}; "
                "list its id under 'assesses' of a question that tests it",
            )
    if quiz is None:
        return
    for qi, question in enumerate(quiz.questions):
        _question(linter, doc, qi, question)
    _answer_patterns(linter, doc, quiz)
    _true_false(linter, doc, quiz)


def _question(linter: Linter, doc: Document, qi: int, question: m.Question) -> None:
    base: tuple[Key, ...] = QUESTIONS + (qi,)
    name = f"question '{question.id}'"
    if question.explanation is None:
        linter.add(
            "missing-explanation", doc, base,
            f"{name} has no explanation: say why the answer is right, for learners who got it wrong",
        )
    negatives = unemphasised_negatives(question.prompt)
    if negatives:
        words = ", ".join(f"'{word}'" for word in dict.fromkeys(negatives))
        linter.add(
            "negative-stem", doc, base + ("prompt",),
            f"{name} asks with {words} without emphasis: write it as **{negatives[0]}** so that "
            "no learner misses it, or ask the question the positive way round",
        )
    if isinstance(question, (m.SingleQuestion, m.MultipleQuestion)):
        for oi, option in enumerate(question.options):
            if option.feedback is None:
                linter.add(
                    "missing-feedback", doc, base + ("options", oi),
                    f"option {oi + 1} of {name} has no feedback: say why it is right or wrong",
                )
            if _ALL_NONE.search(plain(option.text)):
                linter.add(
                    "all-or-none-of-the-above", doc, base + ("options", oi, "text"),
                    f"option {oi + 1} of {name} reads '{shorten(plain(option.text), 40)}': such options "
                    "depend on the others' order and reward partial knowledge; write a real option, or "
                    "make it a multiple-answer question",
                )
    elif isinstance(question, m.TrueFalseQuestion):
        for field, when in (("feedback_true", "true"), ("feedback_false", "false")):
            if getattr(question, field) is None:
                linter.add(
                    "missing-feedback", doc, base,
                    f"{name} has no {field}: say what a learner who answers {when} should learn",
                )
    elif isinstance(question, m.OrderingQuestion):
        for ii, item in enumerate(question.items):
            if item.feedback is None:
                linter.add(
                    "missing-feedback", doc, base + ("items", ii),
                    f"item '{item.id}' of {name} has no feedback: say why it goes where it goes",
                )


def _answer_patterns(linter: Linter, doc: Document, quiz: m.Quiz) -> None:
    single = [
        question for question in quiz.questions
        if isinstance(question, (m.SingleQuestion, m.MultipleQuestion))
        and sum(option.correct for option in question.options) == 1
    ]
    total = len(single)
    if total < linter.limits.min_questions:
        return
    positions = Counter(next(i for i, o in enumerate(q.options) if o.correct) + 1 for q in single)
    position, count = positions.most_common(1)[0]
    if count * 100 > linter.limits.same_position_percent * total:
        linter.add(
            "answer-position", doc, QUIZ,
            f"the correct option is the {_ordinal(position)} one in {count} of the quiz's {total} "
            "single-answer questions: learners who notice can answer without knowing; "
            "move the correct option around",
            key=True,
        )
    longest = sum(1 for question in single if correct_is_extreme(question, max))
    if longest * 100 > linter.limits.longest_correct_percent * total:
        linter.add(
            "longest-correct", doc, QUIZ,
            f"the correct option is the longest one in {longest} of the quiz's {total} "
            "single-answer questions: learners learn to pick the longest; give the wrong "
            "options the same care and detail",
            key=True,
        )


def _true_false(linter: Linter, doc: Document, quiz: m.Quiz) -> None:
    answers = [q.answer for q in quiz.questions if isinstance(q, m.TrueFalseQuestion)]
    if len(answers) >= linter.limits.min_true_false and len(set(answers)) == 1:
        value = "true" if answers[0] else "false"
        linter.add(
            "true-false-same-answer", doc, QUIZ,
            f"all {len(answers)} true/false questions of the quiz are {value}: learners who notice "
            "can answer without knowing; rewrite some statements so that they are "
            f"{'false' if answers[0] else 'true'}",
            key=True,
        )

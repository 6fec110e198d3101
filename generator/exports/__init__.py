"""Exports: the course in other tools' formats, as pure functions of the :class:`Catalog`.

- :mod:`.navigator`: ATT&CK Navigator layers (JSON);
- :mod:`.gift`, :mod:`.moodle_xml`, :mod:`.qti`: the quizzes for learning-management systems;
- :mod:`.scorm`: SCORM 1.2 and 2004 packages of the course's pages (built by the plugin), with
  tracking;
- :mod:`.answer_key`: per module, every question's correct answers and explanation.

Nothing here writes files or prints: each function returns text or bytes, and the quiz formats
also return the list of what they could not carry (:class:`Loss`), so that the caller reports it
instead of losing it silently.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from .. import models as m
from ..catalog import Catalog
from ..render.text import md_html


@dataclass(frozen=True)
class Loss:
    """Something of a question that a format cannot carry."""

    module: str
    question: str
    message: str
    dropped: bool = False  # True: the whole question is left out of the export

    def __str__(self) -> str:
        return f"{self.module}/{self.question}: {self.message}"


@dataclass
class QuizExport:
    """An export of every quiz of the course, and what it could not carry."""

    data: bytes
    losses: list[Loss] = field(default_factory=list)
    questions: int = 0  # questions written

    @property
    def dropped(self) -> list[Loss]:
        return [loss for loss in self.losses if loss.dropped]


# Every quiz export starts with this line (a comment in GIFT and XML, the zip's comment for
# QTI), so that a later export knows the file at its target is its own and may be replaced.
MADE_BY = "Made by ciso-course"


def is_quiz_export(path: Path) -> bool:
    """Whether the file at ``path`` is a quiz export of this project (which the next export may
    replace): its first line, or its zip comment, says so."""
    with path.open("rb") as handle:
        head = handle.read(300)
    if head.startswith(b"PK"):
        try:
            with zipfile.ZipFile(path) as package:
                return package.comment.startswith(MADE_BY.encode())
        except zipfile.BadZipFile:
            return False
    # GIFT: "// Made by ...", Moodle XML and QTI: "<?xml ...?>\n<quiz>\n  <!-- Made by ..."
    return bool(re.match(rb"(?:<\?xml[^>]*>\s*<\w+[^>]*>\s*<!--|//) " + re.escape(MADE_BY.encode()), head))


def comment_text(text: str) -> str:
    """Text safe inside an XML or GIFT comment: one line, no ``--``, no control characters."""
    text = re.sub(r"[\x00-\x1f\x7f]", " ", " ".join(text.split()))
    while "--" in text:
        text = text.replace("--", "- -")
    return text


def quiz_modules(catalog: Catalog) -> list[tuple[m.Module, m.Quiz]]:
    """The modules that have a quiz, in course order."""
    return [(e.model, e.model.quiz) for e in catalog.modules.values() if e.model.quiz is not None]


def html(text: str | None) -> str:
    """Markdown to HTML for the formats that take HTML (one converter for the site and the exports)."""
    return md_html(text) if text else ""


def inline_html(text: str) -> str:
    """Markdown to HTML without a wrapping paragraph, for short texts such as options."""
    return md_html(text, inline=True)


def question_type(question: m.AnyQuestion) -> str:
    return question.type


def percent(value: float) -> str:
    """A weight as Moodle writes it: ``50``, ``33.33333``, ``-100``."""
    text = f"{value:.5f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def choice_weights(question: m.MultipleQuestion, quiz: m.Quiz) -> tuple[float, float]:
    """Percent for a correct pick and for a wrong pick of a multiple-answer question.

    ``partial`` scoring is carried exactly: +100/k for each of the k correct options picked,
    -100/k for each wrong one, never below zero (Moodle clamps the sum to 0..100%). Moodle has no
    ``all-or-nothing``: the closest is -100% for a wrong pick (any wrong pick scores zero), but an
    incomplete selection of correct options still earns its share.
    """
    correct = sum(option.correct for option in question.options)
    share = 100 / correct
    return share, (-share if quiz.scoring is m.Scoring.partial else -100.0)


# The grades Moodle offers for an answer (question_bank::fraction_options), in percent.
MOODLE_GRADES = (100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25, 20, 16.66667, 14.28571, 12.5, 11.11111, 10, 5)


def weight_loss(question: m.MultipleQuestion, quiz: m.Quiz) -> str | None:
    """Why Moodle cannot keep this question's weights exactly, or None when it can."""
    right, _ = choice_weights(question, quiz)
    if any(abs(right - grade) < 1e-4 for grade in MOODLE_GRADES):
        return None
    return (
        f"a weight of {percent(right)}% per correct option is not one of Moodle's grades: Moodle rounds "
        "it to the nearest grade it offers when the question is saved in the LMS"
    )


ALL_OR_NOTHING_LOSS = (
    "all-or-nothing scoring is approximated: a wrong pick scores zero, but picking only some of the "
    "correct options earns partial credit in the LMS"
)

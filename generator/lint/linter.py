"""What every check shares: the course's settings for each rule, and findings added at a location."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, cast

from .. import models as m
from ..catalog import Catalog, Entry
from ..errors import ContentError, Severity
from ..models.kinds import KINDS
from ..reading.read import Document, Key
from .rules import _LEVELS, RULES, Finding
from .text import plain

ChoiceQuestion = m.SingleQuestion | m.MultipleQuestion
QUIZ: tuple[Key, ...] = ("quiz",)
QUESTIONS: tuple[Key, ...] = ("quiz", "questions")


class Linter:
    """The findings so far, and the rules' severities as the course's lint settings set them."""

    def __init__(self, settings: m.LintSettings) -> None:
        self.settings = settings
        self.limits = settings.thresholds
        self.findings: list[Finding] = []

    def severity(self, rule: str) -> Severity | None:
        level = self.settings.rules.get(cast(m.LintRule, rule), RULES[rule].severity)
        return _LEVELS[level]

    def on(self, rule: str) -> bool:
        return self.severity(rule) is not None

    def add(self, rule: str, doc: Document, loc: Sequence[Key], message: str, *, key: bool = False) -> None:
        severity = self.severity(rule)
        if severity is None:
            return
        line, col = doc.locate(loc, key=key)
        self.findings.append(ContentError(doc.display, line, col, message, severity, rule))


def entries(catalog: Catalog) -> list[Entry[Any]]:
    """Every entity of the course: the course file, the glossary, then each kind's entities."""
    found: list[Entry[Any]] = [catalog.course]
    if catalog.glossary is not None:
        found.append(catalog.glossary)
    for kind in {kind.group: kind for kind in KINDS if kind.group}.values():  # both tactic kinds share one group
        found.extend(catalog.entities(kind).values())
    return found


def correct_is_extreme(question: ChoiceQuestion, pick: Callable[[list[int]], int]) -> bool:
    """Whether the correct option alone is the shortest (``pick=min``) or longest (``pick=max``)."""
    lengths = [(len(plain(option.text)), option.correct) for option in question.options]
    best = pick([length for length, _ in lengths])
    at_best = [correct for length, correct in lengths if length == best]
    return len(at_best) == 1 and bool(at_best[0])

"""Quiz-quality and coverage checks: a validated :class:`Catalog` in, a list of findings out.

``validate`` says whether the course can be built; ``lint`` says whether it is well written. The
quiz checks follow the usual item-writing guidelines for multiple-choice tests (no cue in the
position or the length of the correct option, no "all of the above", negatives emphasised,
feedback on every option); the coverage checks find what the course promises but does not teach
or test. Thresholds and severities come from the ``lint`` section of the course file.

Pure: no file is written and nothing is printed here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from .. import models as m
from ..catalog import Catalog
from ..errors import Severity
from . import accessibility, quiz
from .checks import CourseChecks
from .rules import RULES, SEVERITIES, Finding, Rule
from .text import unemphasised_negatives

__all__ = ["RULES", "SEVERITIES", "Finding", "Rule", "counts", "lint", "placeholder_findings", "unemphasised_negatives"]


def lint(catalog: Catalog) -> list[Finding]:
    """Every finding of every rule that is not turned off, sorted by file and position."""
    linter = CourseChecks(catalog.course.model.lint)
    accessibility.check(linter, catalog)
    for entry in catalog.modules.values():
        quiz.check_module(linter, entry)
    linter.near_duplicates(catalog)
    linter.coverage(catalog)
    linter.placeholders(catalog)
    linter.hidden_characters(catalog)
    linter.answer_key_skew(catalog)
    linter.scenario_debriefs(catalog)
    return sorted(set(linter.findings))


def placeholder_findings(catalog: Catalog) -> list[Finding]:
    """Text that still holds a placeholder, whatever the course's lint settings: the site build
    warns about it, because the placeholder would be published."""
    linter = CourseChecks(m.LintSettings())
    linter.placeholders(catalog)
    return linter.findings


def counts(findings: Sequence[Finding]) -> dict[Severity, int]:
    tally = Counter(finding.severity for finding in findings)
    return {severity: tally[severity] for severity in SEVERITIES}

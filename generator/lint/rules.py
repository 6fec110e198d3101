"""The lint rules: their ids, default severities and what each finds."""

from __future__ import annotations

from dataclasses import dataclass
from typing import get_args

from .. import models as m
from ..authoring.templates import PLACEHOLDER
from ..errors import ContentError, Severity

SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
_LEVELS: dict[str, Severity | None] = {"error": "error", "warning": "warning", "info": "info", "off": None}
# A finding is a located problem with a severity and the rule that made it.
Finding = ContentError


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    summary: str


RULES: dict[str, Rule] = {
    rule.id: rule
    for rule in (
        Rule("image-alt", "error", "an image in the text has no alt text"),
        Rule("link-text", "warning", "a link's text ('click here', 'read more') says nothing about where it goes"),
        Rule("heading-order", "warning", "a heading in the text is level 1, or skips a level below the one before it"),
        Rule("table-header", "warning", "a table in the text has a column with an empty header"),
        Rule("answer-position", "warning", "the correct option sits at the same position in most of a quiz's questions"),
        Rule("longest-correct", "warning", "the correct option is the longest one in most of a quiz's questions"),
        Rule("all-or-none-of-the-above", "error", "an option reads 'all of the above' or 'none of the above'"),
        Rule("negative-stem", "warning", "a question asks with NOT, EXCEPT, NEVER, LEAST or CANNOT without emphasising it"),
        Rule("true-false-same-answer", "warning", "every true/false question of a quiz has the same answer"),
        Rule("missing-explanation", "error", "a question has no explanation"),
        Rule("missing-feedback", "error", "an option, an ordering item or a true/false answer has no feedback"),
        Rule("near-duplicate", "warning", "two questions anywhere in the course are nearly the same"),
        Rule("unassessed-objective", "warning", "a learning objective that no question assesses"),
        Rule("untaught-tactic", "info", "a tactic that no module teaches"),
        Rule("module-not-on-path", "warning", "a module that is on no learning path"),
        Rule("placeholder", "warning", f"text that still holds a '{PLACEHOLDER}' placeholder from `ciso-course new`"),
        Rule("hidden-character", "error", "text holds a bidi control or an invisible character that readers cannot see"),
        Rule("answer-key-skew", "warning", "across a module or the whole course, one position, or the shortest or longest option, holds too many answer keys"),
        Rule("scenario-without-debrief", "warning", "a module's scenario has no debrief saying what a good answer covers"),
    )
}
assert tuple(RULES) == get_args(m.LintRule), "lint rules and the LintRule ids of the models differ"

"""The course file (with its learning paths and lint settings) and the glossary."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, Field, StrictInt

from .fields import Markdown, Model, PageId, Percent, Slug, Text, _no_markup

# --- course -----------------------------------------------------------------------------------


class LearningPath(Model):
    """An ordered route through the modules for one audience."""

    id: PageId
    title: Text
    summary: Markdown
    audience: list[Slug] = Field(default_factory=list, description="Role ids this path is for.")
    modules: list[Slug] = Field(min_length=1, description="Module ids in the order to take them.")


class AttackInfo(Model):
    """Which ATT&CK release the course's tactic and technique facts follow."""

    version: Text = Field(description="ATT&CK version, e.g. '19'.")
    domain: Literal["enterprise-attack"] = "enterprise-attack"


class AtlasInfo(Model):
    """Which ATLAS release the course's ATLAS tactic and technique facts follow."""

    version: Text = Field(description="ATLAS release, as ATLAS.yaml's version says, e.g. '5.6.0'.")


# Rule ids of ``ciso-course lint`` (see generator/lint.py, which owns what each one checks).
LintRule = Literal[
    # accessibility of the trainers' own Markdown (generator/lint/accessibility.py)
    "image-alt",
    "link-text",
    "heading-order",
    "table-header",
    "answer-position",
    "longest-correct",
    "all-or-none-of-the-above",
    "negative-stem",
    "true-false-same-answer",
    "missing-explanation",
    "missing-feedback",
    "near-duplicate",
    "unassessed-objective",
    "untaught-tactic",
    "module-not-on-path",
    "placeholder",
    "hidden-character",
    "answer-key-skew",
    "scenario-without-debrief",
]
LintLevel = Literal["error", "warning", "info", "off"]


class LintThresholds(Model):
    """The numbers the quiz-quality checks of ``ciso-course lint`` compare against."""

    min_questions: Annotated[StrictInt, Field(ge=2, le=1000)] = Field(
        4,
        description="answer-position and longest-correct look at a quiz only when it has at least "
        "this many choice questions with exactly one correct option.",
    )
    same_position_percent: Percent = Field(
        50,
        description="answer-position reports a quiz when the correct option sits at the same "
        "position in more than this percentage of those questions.",
    )
    longest_correct_percent: Percent = Field(
        50,
        description="longest-correct reports a quiz when the correct option is the longest one in "
        "more than this percentage of those questions.",
    )
    key_skew_min_questions: Annotated[StrictInt, Field(ge=2, le=100000)] = Field(
        12,
        description="answer-key-skew looks at a module, and at the whole course, only when it has at "
        "least this many single-answer questions: fewer say nothing about a pattern.",
    )
    key_position_percent: Percent = Field(
        30,
        description="answer-key-skew reports a module or the course when one position holds more than "
        "this percentage of the correct options of its single-answer questions.",
    )
    key_length_percent: Percent = Field(
        40,
        description="answer-key-skew reports a module or the course when the correct option is the "
        "shortest, or the longest, in more than this percentage of its single-answer questions.",
    )
    min_true_false: Annotated[StrictInt, Field(ge=2, le=1000)] = Field(
        2,
        description="true-false-same-answer looks at a quiz only when it has at least this many "
        "true/false questions.",
    )
    near_duplicate_percent: Annotated[StrictInt, Field(ge=1, le=100)] = Field(
        85,
        description="near-duplicate reports two questions whose words are at least this similar, "
        "in percent (100 means identical once case, punctuation and Markdown are ignored).",
    )


class LintSettings(Model):
    """The ``lint`` section of the course file: how ``ciso-course lint`` judges the course."""

    thresholds: LintThresholds = Field(
        default_factory=LintThresholds, description="Thresholds of the quiz-quality checks."
    )
    rules: dict[LintRule, LintLevel] = Field(
        default_factory=dict,
        description="Severity per rule id (error, warning or info), or off to turn the rule off. "
        "Rules not listed keep their default severity.",
    )


class Course(Model):
    """``content/course.yml``: the course itself and its learning paths."""

    title: Text
    summary: Markdown
    audience: Markdown
    version: Text
    pass_mark: Percent = Field(70, description="Default pass mark of every quiz, in percent.")
    attack: AttackInfo
    attack_notice: Markdown = Field(description="MITRE's copyright line for ATT&CK, shown on every page.")
    licence: Markdown = Field(description="Terms under which the course and the ATT&CK data are used.")
    atlas: AtlasInfo | None = Field(
        None, description="Which ATLAS release the ATLAS tactic files follow; needed once the course has one."
    )
    atlas_notice: Markdown | None = Field(
        None, description="MITRE's copyright and licence line for ATLAS, shown on the about page."
    )
    paths: list[LearningPath] = Field(default_factory=list)
    lint: LintSettings = Field(
        default_factory=LintSettings,
        description="Thresholds and rule severities of `ciso-course lint`; every part is optional.",
    )


# --- glossary ---------------------------------------------------------------------------------


# Every page is given the terms its text uses, and Python-Markdown matches them all at once: the
# glossary is bounded so that a page that names every term still costs little more than its text.
MAX_TERMS = 2000
MAX_TERM_LENGTH = 100


class Term(Model):
    id: Slug
    term: Annotated[Text, Field(max_length=MAX_TERM_LENGTH)] = Field(
        description="The term or abbreviation as it appears in text, e.g. 'CISO'."
    )
    expansion: Annotated[Text, AfterValidator(_no_markup)] | None = Field(
        None, description="What an abbreviation stands for; shown on hover (plain text, no '<' or '>')."
    )
    definition: Markdown
    see_also: list[Slug] = Field(default_factory=list)


class Glossary(Model):
    """``content/glossary.yml``: terms and abbreviations."""

    terms: list[Term] = Field(min_length=1, max_length=MAX_TERMS)

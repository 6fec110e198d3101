"""The typed content model: one pydantic class per thing a trainer can write.

Shapes and types are checked here; references between files are checked in ``catalog``.
Text fields are Markdown unless their name says otherwise (``title``, ``name``, ids).
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StrictBool, StrictInt, WithJsonSchema

from .errors import quote
from .neutralise import neutralise

SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
TACTIC_ID = re.compile(r"TA[0-9]{4}")
TECHNIQUE_ID = re.compile(r"T[0-9]{4}(?:\.[0-9]{3})?")


def check_slug(value: str) -> str:
    if not SLUG.fullmatch(value):
        raise ValueError(
            f"{quote(value)} is not a valid id: use 1-64 lowercase letters, digits and hyphens, "
            "starting with a letter or digit"
        )
    return value


# Every section of the site has an overview page named after one of these (generator/render/
# urls.py: modules/index.md beside modules/<id>.md); an id that took the name would replace it.
RESERVED_IDS = frozenset({"index"})


def check_page_id(value: str) -> str:
    if value in RESERVED_IDS:
        raise ValueError(
            f"{quote(value)} is reserved: the page of this id would replace the overview page of its "
            "section; choose another id"
        )
    return value


def check_tactic_id(value: str) -> str:
    if not TACTIC_ID.fullmatch(value):
        raise ValueError(f"{quote(value)} is not an ATT&CK tactic id (TA followed by four digits, e.g. TA0001)")
    return value


def _technique_id(value: str) -> str:
    if not TECHNIQUE_ID.fullmatch(value):
        raise ValueError(
            f"{quote(value)} is not an ATT&CK technique id (T and four digits, with an optional "
            ".NNN sub-technique, e.g. T1078 or T1078.004)"
        )
    return value


def _attack_id(value: str) -> str:
    if not (TACTIC_ID.fullmatch(value) or TECHNIQUE_ID.fullmatch(value)):
        raise ValueError(f"{quote(value)} is not an ATT&CK tactic or technique id (e.g. TA0001, T1078, T1078.004)")
    return value


def _https_url(value: str) -> str:
    if not re.fullmatch(r"https?://[^\s/<>\"'`\\()]+(?:/[^\s<>\"'`\\()]*)?", value):
        raise ValueError(
            f"{quote(value)} is not a web address: it must start with https:// or http:// and hold no spaces, "
            "quotes, angle brackets, backslashes or parentheses (write ( and ) as %28 and %29)"
        )
    return value


def _pattern(regex: str) -> WithJsonSchema:
    return WithJsonSchema({"type": "string", "pattern": regex})


# The checks run in Python (for messages a trainer can act on); the JSON Schema carries the same
# rule as a pattern, for editors.
Slug = Annotated[str, AfterValidator(check_slug), _pattern(f"^{SLUG.pattern}$")]
# The id of something with a page of its own: a learning path, role, reporting model or module.
PageId = Annotated[
    str, AfterValidator(check_slug), AfterValidator(check_page_id),
    _pattern(f"^(?!(?:{'|'.join(sorted(RESERVED_IDS))})$){SLUG.pattern}$"),
]
TacticId = Annotated[str, AfterValidator(check_tactic_id), _pattern(f"^{TACTIC_ID.pattern}$")]
TechniqueId = Annotated[str, AfterValidator(_technique_id), _pattern(f"^{TECHNIQUE_ID.pattern}$")]
AttackId = Annotated[str, AfterValidator(_attack_id), _pattern(f"^(?:{TACTIC_ID.pattern}|{TECHNIQUE_ID.pattern})$")]
Url = Annotated[str, AfterValidator(_https_url), WithJsonSchema({"type": "string", "format": "uri", "pattern": "^https?://[^\\s<>\"'`\\\\()]+$"})]


# Characters a YAML escape ("\x80", "\u2028") can put into a value but no page can carry: C0 and
# C1 controls, line and paragraph separators (front matter would break at them), surrogates and
# the two noncharacters YAML itself refuses to read.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")


def _printable(value: str) -> str:
    found = _CONTROL.search(value)
    if found:
        raise ValueError(f"control character U+{ord(found.group()):04X} is not allowed in text")
    return value


def _no_markup(value: str) -> str:
    if "<" in value or ">" in value:
        raise ValueError("shown on hover as plain text: write it without '<' or '>'")
    return value


Text = Annotated[str, Field(min_length=1), AfterValidator(_printable)]
# Markdown written by a trainer: raw HTML in it is shown as text (see generator/neutralise.py).
Markdown = Annotated[str, Field(min_length=1), AfterValidator(_printable), AfterValidator(neutralise)]
Percent = Annotated[StrictInt, Field(ge=0, le=100)]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True)


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


# Rule ids of ``ciso-course lint`` (see generator/lint.py, which owns what each one checks).
LintRule = Literal[
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
    paths: list[LearningPath] = Field(default_factory=list)
    lint: LintSettings = Field(
        default_factory=LintSettings,
        description="Thresholds and rule severities of `ciso-course lint`; every part is optional.",
    )


# --- roles ------------------------------------------------------------------------------------


class Tension(Model):
    """Where this role's mandate pulls against another role's."""

    role: Slug
    description: Markdown


class Role(Model):
    """``content/roles/<id>.yml``: an executive role."""

    id: PageId
    title: Text
    abbreviation: Text
    summary: Markdown
    mandate: Markdown
    responsibilities: list[Markdown] = Field(min_length=1)
    measured_on: list[Markdown] = Field(min_length=1)
    incentives: list[Markdown] = Field(default_factory=list)
    blind_spots: list[Markdown] = Field(default_factory=list)
    tensions: list[Tension] = Field(default_factory=list)
    ai_impact: Markdown = Field(description="How AI adoption changes this role.")


# --- reporting models -------------------------------------------------------------------------


class LineKind(StrEnum):
    solid = "solid"
    dotted = "dotted"


class ReportingLine(Model):
    """One line of the org chart: ``from`` reports to ``to``."""

    model_config = ConfigDict(populate_by_name=True)

    from_: Slug = Field(alias="from")
    to: Slug
    kind: LineKind = LineKind.solid
    label: Text | None = None


class Score(Model):
    """A rating from 1 (lowest) to 5 (highest) with the reason for it."""

    rating: Annotated[StrictInt, Field(ge=1, le=5)]
    rationale: Markdown


class Criteria(Model):
    """The criteria every reporting model is scored on, so that models can be compared."""

    budget_independence: Score
    authority_to_halt: Score = Field(description="Authority to halt a risky deployment.")
    board_access: Score
    conflict_of_interest_risk: Score = Field(description="Higher means more risk of a conflict.")
    speed_of_delivery: Score


CRITERIA_LABELS: dict[str, str] = {
    "budget_independence": "Budget independence",
    "authority_to_halt": "Authority to halt a deployment",
    "board_access": "Board access",
    "conflict_of_interest_risk": "Conflict-of-interest risk",
    "speed_of_delivery": "Speed of delivery",
}
# Criteria where a high rating is bad news for the CISO's independence.
CRITERIA_LOWER_IS_BETTER = frozenset({"conflict_of_interest_risk"})


class Source(Model):
    title: Text
    publisher: Text | None = None
    url: Url | None = None
    date: Text | None = Field(None, description="Publication date as written, e.g. '2024-05'.")


class Perspective(Model):
    """An attributed position on the model, paraphrased in the course's words."""

    who: Text
    affiliation: Text
    position: Markdown
    source: Source


class ReportingModel(Model):
    """``content/reporting-models/<id>.yml``: to whom the CISO reports, and what follows."""

    id: PageId
    title: Text
    summary: Markdown
    lines: list[ReportingLine] = Field(min_length=1)
    criteria: Criteria
    strengths: list[Markdown] = Field(min_length=1)
    weaknesses: list[Markdown] = Field(min_length=1)
    warning_signs: list[Markdown] = Field(default_factory=list)
    when_it_fits: Markdown
    perspectives: list[Perspective] = Field(default_factory=list)


# --- ATT&CK -----------------------------------------------------------------------------------


class Technique(Model):
    id: TechniqueId
    name: Text
    url: Url
    ai_relevance: Markdown = Field(description="Why the technique matters when AI tools are adopted.")


class RoleQuestion(Model):
    """What a role should ask or decide about a tactic."""

    role: Slug
    ask: Markdown


class Tactic(Model):
    """``content/tactics/<TA....>.yml``: an ATT&CK tactic as the course teaches it."""

    id: TacticId
    name: Text
    shortname: Slug
    url: Url
    order: Annotated[StrictInt, Field(ge=1, description="Position in the ATT&CK matrix, from 1.")]
    summary: Markdown
    ai_relevance: Markdown
    techniques: list[Technique] = Field(default_factory=list)
    role_questions: list[RoleQuestion] = Field(default_factory=list)


# --- modules and quizzes ----------------------------------------------------------------------


class Level(StrEnum):
    introductory = "introductory"
    intermediate = "intermediate"
    advanced = "advanced"


class Objective(Model):
    id: Slug
    text: Markdown


class Lesson(Model):
    title: Text
    body: Markdown


class Scenario(Model):
    title: Text
    situation: Markdown
    questions: list[Markdown] = Field(min_length=1, description="Questions for discussion.")


class Reference(Model):
    title: Text
    publisher: Text | None = None
    url: Url | None = None
    note: Markdown | None = None


class Coverage(Model):
    """What a module teaches; ``attack`` maps each tactic id to the technique ids taught under it."""

    roles: list[Slug] = Field(default_factory=list)
    reporting_models: list[Slug] = Field(default_factory=list)
    attack: dict[TacticId, list[TechniqueId]] = Field(default_factory=dict)


class Option(Model):
    text: Markdown
    correct: StrictBool = False
    feedback: Markdown | None = None


class OrderItem(Model):
    id: Slug
    text: Markdown
    feedback: Markdown | None = None


class QuestionBase(Model):
    id: Slug
    prompt: Markdown
    explanation: Markdown | None = None
    hints: list[Markdown] = Field(default_factory=list)
    points: Annotated[StrictInt, Field(ge=1, le=100)] = 1
    assesses: list[Slug] = Field(default_factory=list, description="Objective ids of this module.")
    attack: list[AttackId] = Field(default_factory=list, description="ATT&CK ids the question tests.")


class ChoiceQuestion(QuestionBase):
    shuffle: StrictBool = True
    options: list[Option] = Field(min_length=2)


class SingleQuestion(ChoiceQuestion):
    """One correct option."""

    type: Literal["single"]


class MultipleQuestion(ChoiceQuestion):
    """One or more correct options; scored by the quiz's ``scoring`` rule."""

    type: Literal["multiple"]


class TrueFalseQuestion(QuestionBase):
    type: Literal["true-false"]
    answer: StrictBool
    feedback_true: Markdown | None = Field(None, description="Shown when the learner answers true.")
    feedback_false: Markdown | None = Field(None, description="Shown when the learner answers false.")


class OrderingQuestion(QuestionBase):
    """Put the items in order; ``order`` lists every item id in the right order."""

    type: Literal["ordering"]
    shuffle: StrictBool = True
    items: list[OrderItem] = Field(min_length=2)
    order: list[Slug] = Field(min_length=2)


AnyQuestion = SingleQuestion | MultipleQuestion | TrueFalseQuestion | OrderingQuestion
Question = Annotated[AnyQuestion, Field(discriminator="type")]
QUESTION_TYPES = ("single", "multiple", "true-false", "ordering")


class Scoring(StrEnum):
    """How a multiple-answer question is scored.

    ``all-or-nothing``: full points only when exactly the correct options are picked.
    ``partial``: each correct pick earns points/number-of-correct-options, each wrong pick costs
    the same amount, and the question never scores below zero.
    """

    all_or_nothing = "all-or-nothing"
    partial = "partial"


class Quiz(Model):
    pass_mark: Percent | None = Field(None, description="Percent needed to pass; the course's default when omitted.")
    scoring: Scoring = Scoring.all_or_nothing
    questions: list[Question] = Field(min_length=1)


class Module(Model):
    """``content/modules/<id>.yml``: one training module with its quiz."""

    id: PageId
    title: Text
    summary: Markdown
    audience: list[Slug] = Field(min_length=1, description="Role ids the module is written for.")
    duration_minutes: Annotated[StrictInt, Field(ge=1, le=1440)]
    level: Level
    prerequisites: list[Slug] = Field(default_factory=list)
    objectives: list[Objective] = Field(min_length=1)
    lessons: list[Lesson] = Field(min_length=1)
    scenario: Scenario | None = None
    covers: Coverage = Field(default_factory=Coverage)
    references: list[Reference] = Field(default_factory=list)
    quiz: Quiz | None = None


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

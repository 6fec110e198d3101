"""Training modules and their quiz self-checks."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field, StrictBool, StrictInt

from .fields import AnyTacticId, AnyTechniqueId, AttackId, Markdown, Model, PageId, Percent, Slug, Text, Url

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
    debrief: Markdown | None = Field(
        None,
        description="What a good answer covers, for learners studying alone and for facilitators; "
        "shown collapsed after the questions.",
    )


class Reference(Model):
    """A source; only its title is required, so that nothing unverified need be written."""

    title: Text
    publisher: Text | None = None
    date: Text | None = Field(None, description="Publication date as written, e.g. '2025-04' or '2024-07-12'.")
    url: Url | None = None
    note: Markdown | None = None


class Coverage(Model):
    """What a module teaches; ``attack`` maps each tactic id (ATT&CK or ATLAS) to the technique ids
    taught under it."""

    roles: list[Slug] = Field(default_factory=list)
    reporting_models: list[Slug] = Field(default_factory=list)
    attack: dict[AnyTacticId, list[AnyTechniqueId]] = Field(default_factory=dict)


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
    attack: list[AttackId] = Field(default_factory=list, description="ATT&CK or ATLAS ids the question tests.")


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

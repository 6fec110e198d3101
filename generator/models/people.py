"""Executive roles and the CISO's reporting models."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import ConfigDict, Field, StrictInt

from .fields import Markdown, Model, PageId, Slug, Text, Url

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

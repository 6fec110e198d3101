"""Tactics and the techniques the course teaches under them: MITRE ATT&CK's and MITRE ATLAS's.

Both are the same kind of thing (see ``frameworks``); each has its own model so that its files
get their own JSON Schema and the facts each framework publishes.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StrictInt

from .fields import AtlasTacticId, AtlasTechniqueId, Markdown, Model, Slug, TacticId, TechniqueId, Text, Url

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


# --- ATLAS ------------------------------------------------------------------------------------


class AtlasTechnique(Model):
    id: AtlasTechniqueId
    name: Text
    url: Url
    attack_reference: TechniqueId | None = Field(
        None, description="The ATT&CK technique this ATLAS technique extends (ATLAS's ATT&CK-reference)."
    )
    summary: Markdown = Field(description="The technique in the course's own words, and why it matters to the business.")


class AtlasTactic(Model):
    """``content/atlas-tactics/<AML.TA....>.yml``: an ATLAS tactic as the course teaches it."""

    id: AtlasTacticId
    name: Text
    url: Url
    order: Annotated[StrictInt, Field(ge=1, description="Position in the ATLAS matrix, from 1.")]
    attack_reference: TacticId | None = Field(
        None, description="The ATT&CK tactic this ATLAS tactic adapts (ATLAS's ATT&CK-reference)."
    )
    summary: Markdown
    techniques: list[AtlasTechnique] = Field(default_factory=list)
    role_questions: list[RoleQuestion] = Field(default_factory=list)

    @property
    def shortname(self) -> str:
        """ATLAS publishes no shortname: the name in lowercase, words joined by hyphens."""
        return "-".join("".join(c if c.isalnum() else " " for c in self.name.lower()).split())


AnyTactic = Tactic | AtlasTactic
AnyTechnique = Technique | AtlasTechnique

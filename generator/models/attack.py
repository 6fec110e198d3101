"""ATT&CK tactics and the techniques the course teaches under them."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StrictInt

from .fields import Markdown, Model, Slug, TacticId, TechniqueId, Text, Url

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

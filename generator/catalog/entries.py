"""What a loaded course is: validated entities with their documents, and the catalog of them all."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from .. import models as m
from ..models.frameworks import Framework, framework_of
from ..models.kinds import Kind
from ..reading.read import Document

T = TypeVar("T", bound=BaseModel)


@dataclass(frozen=True)
class Entry(Generic[T]):
    """A validated entity and the document it came from (for locating later errors)."""

    model: T
    doc: Document


@dataclass(frozen=True)
class TechniqueRef:
    id: str
    name: str
    url: str
    tactics: tuple[str, ...]

    @property
    def framework(self) -> Framework:
        found = framework_of(self.id)
        assert found is not None, self.id  # the model's id types admit only framework ids
        return found


@dataclass
class Catalog:
    root: Path
    course: Entry[m.Course]
    glossary: Entry[m.Glossary] | None
    roles: dict[str, Entry[m.Role]]
    reporting_models: dict[str, Entry[m.ReportingModel]]
    # The tactics of every framework: ATT&CK's, then ATLAS's, each in matrix order.
    tactics: dict[str, Entry[m.AnyTactic]]
    modules: dict[str, Entry[m.Module]]  # in course order: along the learning paths, then by id
    techniques: dict[str, TechniqueRef] = field(default_factory=dict)

    def entities(self, kind: Kind) -> dict[str, Entry[Any]]:
        """The entities of a kind that has a folder (both frameworks' tactics for either tactic kind)."""
        if kind.group is None:
            raise ValueError(f"the {kind.label} is one file, not a group of entities")
        found: dict[str, Entry[Any]] = getattr(self, kind.group)
        return found

    def pass_mark(self, module: m.Module) -> int:
        if module.quiz is not None and module.quiz.pass_mark is not None:
            return module.quiz.pass_mark
        return self.course.model.pass_mark

    def framework_tactics(self, framework: Framework) -> dict[str, Entry[m.AnyTactic]]:
        """The tactics of one framework, in its matrix order."""
        return {tid: entry for tid, entry in self.tactics.items() if framework.is_tactic(tid)}

    def attack_tactics(self) -> dict[str, Entry[m.Tactic]]:
        """The ATT&CK tactics, typed as such (for code that reads their ATT&CK-only fields)."""
        return {tid: entry for tid, entry in self.tactics.items() if isinstance(entry.model, m.Tactic)}  # type: ignore[misc]

    def atlas_tactics(self) -> dict[str, Entry[m.AtlasTactic]]:
        """The ATLAS tactics, typed as such."""
        return {tid: entry for tid, entry in self.tactics.items() if isinstance(entry.model, m.AtlasTactic)}  # type: ignore[misc]

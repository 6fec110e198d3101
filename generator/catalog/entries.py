"""What a loaded course is: validated entities with their documents, and the catalog of them all."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from pydantic import BaseModel

from .. import models as m
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


@dataclass
class Catalog:
    root: Path
    course: Entry[m.Course]
    glossary: Entry[m.Glossary] | None
    roles: dict[str, Entry[m.Role]]
    reporting_models: dict[str, Entry[m.ReportingModel]]
    tactics: dict[str, Entry[m.Tactic]]  # in matrix order
    modules: dict[str, Entry[m.Module]]  # in course order: along the learning paths, then by id
    techniques: dict[str, TechniqueRef] = field(default_factory=dict)

    def pass_mark(self, module: m.Module) -> int:
        if module.quiz is not None and module.quiz.pass_mark is not None:
            return module.quiz.pass_mark
        return self.course.model.pass_mark

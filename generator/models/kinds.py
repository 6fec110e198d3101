"""Every kind of content file, in one table: where its files live, the model that reads them, the
JSON Schema editors get, and how messages name it.

The catalog finds files by this table, the schema command writes one schema per entry, and
``new`` creates files of the kinds that have a folder. A new kind of content (as ATLAS tactics
were; tabletop exercises could be) is one entry here plus its own model, scaffold and page
renderer.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel

from .attack import AtlasTactic, Tactic
from .course import Course, Glossary
from .modules import Module
from .people import ReportingModel, Role


@dataclass(frozen=True)
class Kind:
    name: str  # singular, as `ciso-course new` and the schema file say it: "reporting-model"
    label: str  # in messages: "reporting model"
    model: type[BaseModel]
    folder: str | None = None  # one file per entity in this folder of content/, named after its id
    file: str | None = None  # or the one file directly in content/

    @property
    def glob(self) -> str:
        """The files of this kind, relative to ``content/``."""
        return f"{self.folder}/*.yml" if self.folder else str(self.file)

    @property
    def schema(self) -> str:
        return f"{self.name}.schema.json"


KINDS: tuple[Kind, ...] = (
    Kind("course", "course file", Course, file="course.yml"),
    Kind("glossary", "glossary", Glossary, file="glossary.yml"),
    Kind("role", "role", Role, folder="roles"),
    Kind("reporting-model", "reporting model", ReportingModel, folder="reporting-models"),
    Kind("tactic", "tactic", Tactic, folder="tactics"),
    Kind("atlas-tactic", "ATLAS tactic", AtlasTactic, folder="atlas-tactics"),
    Kind("module", "module", Module, folder="modules"),
)
BY_NAME = {kind.name: kind for kind in KINDS}
IN_FOLDERS = {kind.folder: kind for kind in KINDS if kind.folder}  # "roles" -> the role kind
SINGLE_FILES = {kind.file: kind for kind in KINDS if kind.file}  # "course.yml" -> the course kind

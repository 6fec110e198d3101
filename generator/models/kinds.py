"""Every kind of content file, in one table: where its files live, the model that reads them, the
JSON Schema editors get, how messages name it and where the catalog keeps its entities.

The catalog finds files by this table and keeps their entities under ``group``, the schema
command writes one schema per entry, and ``new`` creates files of the kinds that have a folder,
checking a new id by the model's own ``id`` field. The layers above this one key their part by
the kind's name: the starting text of a new file (``NEW_FILE`` in ``authoring/templates.py``)
and the page of each entity (``ENTITY_PAGES`` in ``render/__init__.py``, at the address that
``render/urls.py`` gives it); ``tests/test_kinds.py`` fails when a kind lacks either. A new kind
of content (as ATLAS tactics were; tabletop exercises could be) is one entry here, a ``Catalog``
attribute for its group, and its own model, template, address and page renderer.
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
    group: str | None = None  # the Catalog attribute that holds the entities of a folder kind

    def __post_init__(self) -> None:
        if (self.folder is None) == (self.file is None):
            raise ValueError(f"kind {self.name}: give a folder or a file, not both or neither")
        if self.folder is not None and self.group is None:
            raise ValueError(f"kind {self.name}: a kind with a folder needs the Catalog group that holds its entities")

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
    Kind("role", "role", Role, folder="roles", group="roles"),
    Kind("reporting-model", "reporting model", ReportingModel, folder="reporting-models", group="reporting_models"),
    # Both frameworks' tactics share one group: ids cannot clash (TA0001, AML.TA0001).
    Kind("tactic", "tactic", Tactic, folder="tactics", group="tactics"),
    Kind("atlas-tactic", "ATLAS tactic", AtlasTactic, folder="atlas-tactics", group="tactics"),
    Kind("module", "module", Module, folder="modules", group="modules"),
)
BY_NAME = {kind.name: kind for kind in KINDS}
IN_FOLDERS = {kind.folder: kind for kind in KINDS if kind.folder}  # "roles" -> the role kind
SINGLE_FILES = {kind.file: kind for kind in KINDS if kind.file}  # "course.yml" -> the course kind

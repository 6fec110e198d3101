"""The course's tactic files as the import sees them: where a new one may be made (inside the real
``content/tactics``, never through a link), the text it starts with, and how an existing one is read."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from ..authoring.templates import PLACEHOLDER, imported_tactic_header, modeline, modeline_of
from ..authoring.yaml_edit import scalar
from ..catalog import Catalog
from ..errors import display_path
from ..models.frameworks import ATTACK, Framework
from ..reading.containment import read_regular
from ..reading.read import MAX_BYTES
from .stix import AttackData, StixTactic


class NamedTactic(Protocol):
    """A tactic from MITRE's data (a bundle's or ATLAS.yaml's), as a new file is made for it."""

    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...


@dataclass(frozen=True)
class NewTactic:
    tactic: NamedTactic
    order: int
    path: Path
    text: str
    folder: Path  # the real tactics folder (links resolved) that ``path`` must still be in when written


def _new_tactic_path(root: Path, tid: str, tactics: str = "tactics") -> tuple[Path, Path, str | None]:
    """``content/tactics/<tid>.yml`` and the real tactics folder, or why no file may be made there.

    ``tid`` matched the tactic id pattern; the path is also checked with every link resolved, so
    that a linked ``tactics`` folder cannot lead the new file elsewhere, and nothing may be at the
    path already, not even a link that leads nowhere.
    """
    folder = root / tactics
    path = folder / f"{tid}.yml"
    try:
        real = root.resolve() / tactics
        if os.path.lexists(path) or os.path.lexists(path.with_suffix(".yaml")):
            return path, real, f"{display_path(path)} exists but is not a valid tactic file"
        if path.resolve().parent != real:
            return path, real, f"{display_path(path)} is not inside {display_path(real)} once links are followed"
    except (OSError, RuntimeError) as exc:
        return path, folder, f"{display_path(path)} cannot be checked ({exc.__class__.__name__})"
    return path, real, None


def _inside_tactics(root: Path, path: Path, tactics: str = "tactics") -> bool:
    """Whether ``path`` is a file of the course's own tactics folder, not a link or reached through one."""
    try:
        return not path.is_symlink() and path.resolve().parent == root.resolve() / tactics and path.is_file()
    except (OSError, RuntimeError):
        return False


def course_modeline(catalog: Catalog, framework: Framework = ATTACK) -> str:
    """The first line the course's tactic files of ``framework`` start with, so that a new file
    matches them: the editor modeline of the first one in the real tactics folder that has one."""
    for entry in catalog.framework_tactics(framework).values():
        if not _inside_tactics(catalog.root, entry.doc.path, framework.folder):
            continue
        try:
            first = modeline_of(_read(entry.doc.path, catalog.root))
        except (OSError, UnicodeDecodeError):
            continue
        if first:
            return first
    return modeline(framework.kind, 2)


def new_tactic_text(tactic: StixTactic, order: int, first_line: str, data: AttackData) -> str:
    """A new tactic file: the bundle's facts, and marked placeholders for the course's own text."""
    version = f"ATT&CK {data.version}" if data.version else "an ATT&CK bundle"
    return "\n".join([
        first_line,
        *imported_tactic_header("attack import", version, ("id", "name", "shortname", "url", "order")),
        f"id: {scalar(tactic.id, None)}",
        f"name: {scalar(tactic.name, None)}",
        f"shortname: {scalar(tactic.shortname, None)}",
        f"url: {scalar(tactic.url, None)}",
        f"order: {order}",
        "summary: |",
        f"  {PLACEHOLDER}: in the course's own words, what the adversary is after with this tactic, and what",
        "  it means for the executive team.",
        "ai_relevance: |",
        f"  {PLACEHOLDER}: why this tactic matters when AI tools are adopted.",
        f"techniques: []  # {PLACEHOLDER}: the techniques the course teaches under it (id, name, url, ai_relevance)",
        f"role_questions: []  # {PLACEHOLDER}: what each role should ask or decide about it (role, ask)",
        "",
    ])


def _read(path: Path, root: Path) -> str:
    """A tactic file's text, read as a regular file inside ``root`` (no link followed)."""
    return read_regular(path, MAX_BYTES, root=root).decode("utf-8")

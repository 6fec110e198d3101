"""The whole course: every content file read, validated, and cross-checked.

``load_catalog`` is the single entry point. It collects every problem of every file before it
raises, so a trainer sees all mistakes at once. A :class:`FileCache` lets repeated loads (``mkdocs
serve``) skip files whose bytes have not changed. One load reads at most MAX_FILES files and the
bytes and values of a :class:`~generator.reading.read.Budget`; a course over them is refused where it
goes over.
"""

from __future__ import annotations

import gc
import stat
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..errors import ContentError, ContentErrors, display_path
from ..models.kinds import IN_FOLDERS, SINGLE_FILES
from ..reading.containment import walk
from ..reading.messages import LINK_REFUSED
from ..reading.read import Budget
from .cache import FileCache, _parse
from .checks import _Checker
from .entries import Catalog, Entry

YAML_SUFFIXES = (".yml", ".yaml")
# YAML files in one course (ten times the largest benchmark course).
MAX_FILES = 10_000


def load_catalog(root: Path, cache: FileCache | None = None, overlay: Mapping[Path, bytes] | None = None) -> Catalog:
    """Read and check every file under ``root``; raise :class:`ContentErrors` listing all problems.

    ``overlay`` maps paths under ``root`` (spelled ``root / ...``) to bytes read instead of the
    file's, or as a file that is not there yet: the course as a change would leave it, loaded
    without writing anything (``attack import`` validates its plan this way).
    """
    try:
        return _load_catalog(root, cache, overlay or {})
    finally:
        gc.unfreeze()


def _load_catalog(root: Path, cache: FileCache | None, overlay: Mapping[Path, bytes]) -> Catalog:
    cache = cache if cache is not None else FileCache()
    cache.begin()
    errors: list[ContentError] = []
    if root.is_symlink():  # a link committed as content/ would read whatever folder it names
        raise ContentErrors([ContentError(display_path(root), 1, 1, LINK_REFUSED + " (give the real folder with --content)")])
    if not root.is_dir():
        raise ContentErrors([ContentError(display_path(root), 1, 1, "content folder not found")])

    entities: dict[str, list[Entry[Any]]] = {kind.group: [] for kind in IN_FOLDERS.values() if kind.group}
    singles: dict[str, Entry[Any] | None] = {}
    broken: set[str] = set()
    budget = Budget()
    files = 0

    entries = dict(walk(root))
    for path in overlay:  # files the change would create are read as regular files
        entries.setdefault(path, stat.S_IFREG)
    for path, mode in sorted(entries.items()):
        if stat.S_ISLNK(mode):  # never followed
            if path.name.startswith(".#"):  # an editor's lock (Emacs), a link to nowhere
                continue
            if path.suffix not in YAML_SUFFIXES:  # a linked folder, or any other link
                errors.append(ContentError(display_path(path), 1, 1, LINK_REFUSED))
                continue
        elif stat.S_ISDIR(mode) or path.suffix not in YAML_SUFFIXES:
            continue
        # Links, pipes, sockets and devices named like content files are refused by read_file,
        # unopened, and count as files that failed (no "unknown role" wherever one is named).
        files += 1
        if files > MAX_FILES:
            errors.append(ContentError(
                display_path(path), 1, 1,
                f"more than {MAX_FILES:,} YAML files in the course, the limit for a course: "
                "remove files or split the course into smaller courses",
            ))
            raise ContentErrors(errors)
        rel = path.relative_to(root)
        parts = rel.parts
        model: type[BaseModel]
        if len(parts) == 1 and _single_name(parts[0]) in SINGLE_FILES:
            model = SINGLE_FILES[_single_name(parts[0])].model
        elif len(parts) == 2 and parts[0] in IN_FOLDERS:
            model = IN_FOLDERS[parts[0]].model
        else:
            message = (
                LINK_REFUSED if stat.S_ISLNK(mode) else
                f"not a content file: expected {', '.join(SINGLE_FILES)} or a file directly in "
                + ", ".join(f"{folder}/" for folder in IN_FOLDERS)
            )
            errors.append(ContentError(display_path(path), 1, 1, message))
            continue
        result = _parse(path, model, overlay[path], budget=budget) if path in overlay else cache.load(path, model, budget)
        # Loading builds hundreds of thousands of small objects and no reference cycles; the
        # cyclic collector would scan the growing heap again and again (a third of the time of a
        # large course) for nothing. What is built so far is set aside from its scans (and given
        # back when the load ends); collection itself stays on, for the rest of the process too.
        gc.freeze()
        errors.extend(result.errors)
        if result.over_budget:  # the files after it are not read: checking references would mislead
            raise ContentErrors(errors)
        if result.model is None or result.doc is None:
            if len(parts) == 1:
                singles[_single_name(parts[0])] = None
            else:
                broken |= result.broken
            continue
        entry: Entry[Any] = Entry(result.model, result.doc)
        if len(parts) == 1:
            name = _single_name(parts[0])
            if name in singles:
                errors.append(result.doc.error((), f"{name} is written twice (as .yml and .yaml); keep one"))
            singles[name] = entry
        else:
            stem = path.stem
            if entry.model.id != stem:
                errors.append(result.doc.error(("id",), f"id '{entry.model.id}' differs from the file name '{path.name}': the file must be named {entry.model.id}{path.suffix}"))
            entities[IN_FOLDERS[parts[0]].group or ""].append(entry)

    cache.end()
    course = singles.get("course.yml")
    if "course.yml" not in singles:
        errors.append(ContentError(display_path(root / "course.yml"), 1, 1, "course file missing: every course needs content/course.yml"))
    if course is None:
        raise ContentErrors(errors)

    checker = _Checker(errors, broken)
    catalog = checker.build(root, course, singles.get("glossary.yml"), entities)
    if errors:
        raise ContentErrors(errors)
    return catalog


def _single_name(name: str) -> str:
    return name[: -len(".yaml")] + ".yml" if name.endswith(".yaml") else name

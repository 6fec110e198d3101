"""Bringing the course's ATT&CK facts up to date: the plan (changed and new tactic files, checked
in memory), and its writing, only inside the content folder and never over a file that changed."""

from __future__ import annotations

import copy
import difflib
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..authoring.yaml_edit import replace_values
from ..catalog import Catalog, load_catalog
from ..errors import ContentError, ContentErrors, CourseError, display_path
from ..models.frameworks import ATLAS
from ..output import create_text, write_text_atomic
from ..reading.read import Document, read_text
from .compare import Comparison, FactChange, compare
from .stix import AttackData
from .tactic_files import _inside_tactics, _read


@dataclass
class ImportPlan:
    comparison: Comparison
    root: Path  # the content folder: every file read or written lies inside it, reached without links
    edits: dict[Path, tuple[str, str]] = field(default_factory=dict)  # file -> (text now, text after)
    problems: list[ContentError] = field(default_factory=list)  # the course as it would be after

    @property
    def empty(self) -> bool:
        return not self.edits and not self.comparison.new_tactics

    def diff(self) -> str:
        """A unified diff of every change, new files included (paths as a trainer types them)."""
        out: list[str] = []
        for path, (old, new) in self.edits.items():
            out += difflib.unified_diff(
                old.splitlines(keepends=True), new.splitlines(keepends=True), _side("a", path), _side("b", path)
            )
        for created in self.comparison.new_tactics:
            out += difflib.unified_diff([], created.text.splitlines(keepends=True), "/dev/null", _side("b", created.path))
        return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in out)


def _side(prefix: str, path: Path) -> str:
    """``a/content/tactics/TA0005.yml``, as git writes diffs (an absolute path keeps its slash)."""
    shown = display_path(path)
    return f"{prefix}{shown}" if shown.startswith("/") else f"{prefix}/{shown}"


# --- import: splice the new values into the files ---------------------------------------------


def plan_import(catalog: Catalog, data: AttackData) -> ImportPlan:
    """The new text of every tactic file that changes, the new files, and whether the result is valid."""
    return plan_comparison(catalog, compare(catalog, data))


def plan_comparison(catalog: Catalog, comparison: Comparison) -> ImportPlan:
    """The plan that carries out ``comparison`` (of either framework's data), checked in memory."""
    plan = ImportPlan(comparison, catalog.root)
    by_file: dict[str, list[FactChange]] = {}
    for change in comparison.changes:
        by_file.setdefault(change.tactic, []).append(change)
    for tid, changes in by_file.items():
        doc = catalog.tactics[tid].doc
        folder = ATLAS.folder if ATLAS.is_tactic(tid) else "tactics"
        if not _inside_tactics(catalog.root, doc.path, folder):
            plan.problems.append(ContentError(
                doc.display, 1, 1,
                f"not changed: the import writes only regular files in the content folder's {folder}/, never through a link",
            ))
            continue
        old = _read(doc.path, catalog.root)
        plan.edits[doc.path] = (old, splice(old, doc, changes))
    if not plan.empty and not plan.problems:
        plan.problems = _validate(catalog.root, plan)
    return plan


def splice(text: str, doc: Document, changes: Sequence[FactChange]) -> str:
    """``text`` with each change's value replaced in place; everything else byte for byte."""
    out = replace_values(text, [(change.loc, change.new) for change in changes])
    _verify(out, doc, changes)
    return out


def _verify(text: str, doc: Document, changes: Sequence[FactChange]) -> None:
    """Read the new text back: it must hold exactly the old data with the new facts."""
    expected = copy.deepcopy(doc.data)
    for change in changes:
        target = expected
        for part in change.loc[:-1]:
            target = target[part]
        target[change.loc[-1]] = change.new
    try:
        found = read_text(text, doc.path, doc.display).data
    except ContentErrors as exc:  # pragma: no cover - a bug in splice, never the trainer's input
        raise AssertionError(f"the updated {doc.display} does not parse: {exc.report()}") from None
    if found != expected:  # pragma: no cover - as above
        raise AssertionError(f"the updated {doc.display} does not hold the expected values")


def _validate(root: Path, plan: ImportPlan) -> list[ContentError]:
    """Load the course as it would be after the import, in memory: the changed and new files are
    read from the plan, every other file from the course. Nothing is copied or written."""
    overlay = {path: new.encode("utf-8") for path, (_, new) in plan.edits.items()}
    overlay.update((created.path, created.text.encode("utf-8")) for created in plan.comparison.new_tactics)
    try:
        load_catalog(root, overlay=overlay)
    except ContentErrors as errors:
        return list(errors)
    return []


class ImportConflict(CourseError):
    """A file changed on disk after it was read, or a new file appeared where one is to be created."""


def apply_import(plan: ImportPlan) -> list[Path]:
    """Write the plan: changed files atomically, new files only where no file exists."""
    for path, (old, _) in plan.edits.items():
        if _read(path, plan.root) != old:
            raise ImportConflict(f"{display_path(path)} changed while the import ran; nothing written")
    for created in plan.comparison.new_tactics:
        if os.path.lexists(created.path):
            raise ImportConflict(f"{display_path(created.path)} appeared while the import ran; nothing written")
        if created.path.parent.resolve() != created.folder:
            raise ImportConflict(
                f"{display_path(created.path.parent)} is no longer the course's own tactics folder; nothing written"
            )
    written: list[Path] = []
    for path, (_, new) in plan.edits.items():
        write_text_atomic(path, new, root=plan.root)
        written.append(path)
    for created in plan.comparison.new_tactics:
        _create(created.path, created.text, plan.root)
        written.append(created.path)
    return written




def _create(path: Path, text: str, root: Path) -> None:
    try:
        create_text(path, text, root=root)
    except FileExistsError:
        raise ImportConflict(f"{display_path(path)} exists; it was not overwritten") from None


def render_changes(changes: Sequence[FactChange]) -> list[str]:
    """``path:line:col: TA0005 name: 'Stealth' -> 'Defense Evasion'`` per change."""
    return [str(ContentError(c.where.path, c.where.line, c.where.col, c.describe())) for c in changes]

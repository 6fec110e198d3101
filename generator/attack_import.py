"""The course's ATT&CK facts compared with a STIX bundle, and brought up to date from it.

Facts are the values that come from MITRE: a tactic's name, shortname, URL and matrix order, and
a technique's name and URL. Everything else in a tactic file is the course's own and is never
touched: text, extra fields, key order, comments, the modeline, quoting and line endings.

How a file is updated: only the character spans of the facts' values are replaced
(``generator.yaml_edit``, in the value's own quoting style where it can hold the new value), and
the result is read back to prove that only the facts changed.

Decisions that are left to the trainer, and reported instead of made:

- a technique the bundle files under other tactics than the course does (ATT&CK v19 moved many
  techniques from Defense Evasion to Stealth or Defense Impairment): never moved;
- revoked techniques (with the replacement when the bundle says), deprecated ones, and ids the
  bundle does not have: left as they are;
- tactics the course has and the bundle lacks (an older bundle): kept, in their place in the
  order.

Tactics the bundle has and the course lacks get a new file with the facts and clearly marked
``TODO`` placeholders for the course's own text; an existing file is never overwritten.
"""

from __future__ import annotations

import copy
import difflib
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import models as m
from .attack_stix import AttackData, StixTactic
from .catalog import Catalog, load_catalog
from .errors import ContentError, ContentErrors, display_path
from .output import create_text, write_text_atomic
from .read import Document, Key, read_text
from .scaffold import PLACEHOLDER, modeline
from .yaml_edit import replace_values, scalar


@dataclass(frozen=True)
class FactChange:
    """One fact whose value in a tactic file differs from the bundle's."""

    tactic: str
    subject: str  # "TA0005" or "T1176" (the thing the fact is about)
    fact: str  # name, shortname, url, order
    loc: tuple[Key, ...]
    old: str | int
    new: str | int
    where: ContentError  # position of the value; message says what changes

    def describe(self) -> str:
        return f"{self.subject} {self.fact}: {_show(self.old)} -> {_show(self.new)}"


@dataclass(frozen=True)
class NewTactic:
    tactic: StixTactic
    order: int
    path: Path
    text: str


@dataclass
class Comparison:
    """What differs between the course and a bundle."""

    changes: list[FactChange] = field(default_factory=list)
    findings: list[ContentError] = field(default_factory=list)  # reported, never changed
    reviews: list[ContentError] = field(default_factory=list)  # course text to re-read after an import
    new_tactics: list[NewTactic] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # about the bundle as a whole


@dataclass
class ImportPlan:
    comparison: Comparison
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


def _show(value: str | int) -> str:
    return str(value) if isinstance(value, int) else f"'{value}'"


# --- comparing ------------------------------------------------------------------------------


def merged_order(course: Sequence[str], bundle: Sequence[str]) -> list[str]:
    """The bundle's matrix order, with tactics only the course has kept after the one they follow."""
    merged = list(bundle)
    known = set(bundle)
    previous: str | None = None
    for ident in course:
        if ident not in known:
            merged.insert(merged.index(previous) + 1 if previous is not None else 0, ident)
        previous = ident
    return merged


def technique_problem(data: AttackData, ident: str) -> str | None:
    """Why naming technique ``ident`` is a problem according to the bundle, or None."""
    tech = data.techniques.get(ident)
    if tech is None:
        return f"{ident} is not in the bundle"
    if tech.revoked:
        new = data.replacement(ident)
        if new is None:
            return f"{ident} is revoked in the bundle, which names no replacement"
        return f"{ident} is revoked in the bundle and replaced by {new} ({data.display_name(new)})"
    if tech.deprecated:
        return f"{ident} is deprecated in the bundle"
    return None


def compare(catalog: Catalog, data: AttackData) -> Comparison:
    """Every fact of the tactic files against the bundle, and the tactics the course lacks."""
    result = Comparison()
    course = catalog.course.model
    _version_notes(course, data, result.notes)
    order = {ident: i for i, ident in enumerate(merged_order(list(catalog.tactics), list(data.tactics)), 1)}

    for tid, entry in catalog.tactics.items():
        tactic, doc = entry.model, entry.doc
        stix = data.tactics.get(tid)

        def change(
            subject: str, fact: str, loc: tuple[Key, ...], old: str | int, new: str | int,
            doc: Document = doc, tid: str = tid,
        ) -> None:
            where = doc.error(loc, f"{subject} {fact}: {_show(old)} here, {_show(new)} in the bundle")
            result.changes.append(FactChange(tid, subject, fact, loc, old, new, where))

        if stix is None:
            result.findings.append(doc.error(("id",), f"tactic {tid} is not in the bundle's matrix{_older(course)}"))
        else:
            if tactic.name != stix.name:
                change(tid, "name", ("name",), tactic.name, stix.name)
                result.reviews.append(doc.error(
                    ("name",),
                    f"{tid} is '{stix.name}' in the bundle, '{tactic.name}' in the course: a renamed tactic; "
                    "check that the course's own text (summary, ai_relevance, role questions) still fits",
                ))
            if tactic.shortname != stix.shortname:
                change(tid, "shortname", ("shortname",), tactic.shortname, stix.shortname)
            if stix.url and tactic.url != stix.url:
                change(tid, "url", ("url",), tactic.url, stix.url)
        if tactic.order != order[tid]:
            change(tid, "order", ("order",), tactic.order, order[tid])

        for index, tech in enumerate(tactic.techniques):
            base: tuple[Key, ...] = ("techniques", index)
            problem = technique_problem(data, tech.id)
            if problem is not None:
                result.findings.append(doc.error(base + ("id",), problem))
            found = data.techniques.get(tech.id)
            if found is None or found.revoked:
                continue  # a revoked object's name and address are not facts to copy
            if tech.name not in data.accepted_names(tech.id):
                change(tech.id, "name", base + ("name",), tech.name, data.display_name(tech.id))
            if found.url and tech.url != found.url:
                change(tech.id, "url", base + ("url",), tech.url, found.url)
            filed = data.tactic_ids_of(found)
            if tid not in filed:
                under = ", ".join(f"{t} {data.tactics[t].name}" for t in filed) or "no tactic"
                result.findings.append(doc.error(
                    base + ("id",),
                    f"{tech.id} is listed under {tid} here, but the bundle files it under {under}; "
                    "not moved: move it by hand if the course should follow",
                ))

    tactics_dir = catalog.root / "tactics"
    first_line = _modeline(catalog)
    for tid, stix in data.tactics.items():
        if tid in catalog.tactics:
            continue
        path = tactics_dir / f"{tid}.yml"
        if path.exists() or path.with_suffix(".yaml").exists():
            result.notes.append(f"{display_path(path)} exists but is not a valid tactic file; no new file written for {tid}")
            continue
        result.new_tactics.append(NewTactic(stix, order[tid], path, new_tactic_text(stix, order[tid], first_line, data)))
    return result


def _version_notes(course: m.Course, data: AttackData, notes: list[str]) -> None:
    if data.version is None:
        notes.append(
            f"the bundle does not say which ATT&CK version it is (it has no x-mitre-collection object); "
            f"course.yml says version {course.attack.version}"
        )
    elif data.version != course.attack.version:
        notes.append(
            f"the bundle is ATT&CK {data.version}, course.yml says {course.attack.version}: "
            "update attack.version in course.yml when the course follows the bundle"
        )


def _older(course: m.Course) -> str:
    return f" (is the bundle older than the course's ATT&CK {course.attack.version}?)"


def _modeline(catalog: Catalog) -> str:
    """The first line the course's tactic files start with, so that a new file matches them."""
    for entry in catalog.tactics.values():
        try:
            first = entry.doc.path.read_text(encoding="utf-8-sig").split("\n", 1)[0].rstrip("\r")
        except OSError:
            continue
        if first.startswith("# yaml-language-server:"):
            return first
    return modeline("tactic", 2)


def new_tactic_text(tactic: StixTactic, order: int, first_line: str, data: AttackData) -> str:
    """A new tactic file: the bundle's facts, and marked placeholders for the course's own text."""
    version = f"ATT&CK {data.version}" if data.version else "an ATT&CK bundle"
    return "\n".join([
        first_line,
        f"# {PLACEHOLDER}: added by `ciso-course attack import` from {version}. The facts below (id, name,",
        "# shortname, url, order) come from MITRE; every TODO is the course's own text still to be",
        "# written, in the course's words (never MITRE's description). The file validates as it is,",
        "# so the placeholders would be published: replace them before building the site.",
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


# --- check: everything the bundle disagrees with, wherever it is written ---------------------


def check(catalog: Catalog, data: AttackData) -> tuple[list[ContentError], list[str]]:
    """Problems with locations (facts that differ, revoked, deprecated and unknown ids) and notes."""
    result = compare(catalog, data)
    errors = [change.where for change in result.changes] + list(result.findings)
    for tid in data.tactics:
        if tid not in catalog.tactics:
            errors.append(ContentError(
                display_path(catalog.root / "tactics" / f"{tid}.yml"), 1, 1,
                f"the bundle's tactic {tid} {data.tactics[tid].name} has no file in the course "
                "(`ciso-course attack import` creates one)",
            ))
    for entry in catalog.modules.values():
        module, doc = entry.model, entry.doc
        for tid, techniques in module.covers.attack.items():
            if tid not in data.tactics:
                errors.append(doc.error(("covers", "attack", tid), f"tactic {tid} is not in the bundle's matrix", key=True))
            for index, ident in enumerate(techniques):
                problem = technique_problem(data, ident)
                if problem is not None:
                    errors.append(doc.error(("covers", "attack", tid, index), problem))
        if module.quiz is None:
            continue
        for qi, question in enumerate(module.quiz.questions):
            for ai, ident in enumerate(question.attack):
                loc: tuple[Key, ...] = ("quiz", "questions", qi, "attack", ai)
                if m.TACTIC_ID.fullmatch(ident):
                    if ident not in data.tactics:
                        errors.append(doc.error(loc, f"tactic {ident} is not in the bundle's matrix"))
                else:
                    problem = technique_problem(data, ident)
                    if problem is not None:
                        errors.append(doc.error(loc, problem))
    return sorted(set(errors)), result.notes


# --- import: splice the new values into the files ---------------------------------------------


def plan_import(catalog: Catalog, data: AttackData) -> ImportPlan:
    """The new text of every tactic file that changes, the new files, and whether the result is valid."""
    comparison = compare(catalog, data)
    plan = ImportPlan(comparison)
    by_file: dict[str, list[FactChange]] = {}
    for change in comparison.changes:
        by_file.setdefault(change.tactic, []).append(change)
    for tid, changes in by_file.items():
        doc = catalog.tactics[tid].doc
        old = doc.path.read_bytes().decode("utf-8")
        plan.edits[doc.path] = (old, splice(old, doc, changes))
    if not plan.empty:
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
    """Load a copy of the course with the changes made; return its problems, shown at the real paths."""
    with tempfile.TemporaryDirectory(prefix="ciso-course-import-") as tmp:
        copy_root = Path(tmp) / "content"
        shutil.copytree(root, copy_root)
        for path, (_, new) in plan.edits.items():
            (copy_root / path.relative_to(root)).write_bytes(new.encode("utf-8"))
        for created in plan.comparison.new_tactics:
            target = copy_root / created.path.relative_to(root)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(created.text.encode("utf-8"))
        try:
            load_catalog(copy_root)
        except ContentErrors as errors:
            return [_relocate(error, copy_root, root) for error in errors]
    return []


def _relocate(error: ContentError, copy_root: Path, root: Path) -> ContentError:
    path = Path(error.path)
    if not path.is_absolute():
        path = Path.cwd() / path
    try:
        rel = path.resolve().relative_to(copy_root.resolve())
    except ValueError:
        return error
    return ContentError(display_path(root / rel), error.line, error.col, error.message)


class ImportConflict(Exception):
    """A file changed on disk after it was read, or a new file appeared where one is to be created."""


def apply_import(plan: ImportPlan) -> list[Path]:
    """Write the plan: changed files atomically, new files only where no file exists."""
    for path, (old, _) in plan.edits.items():
        if path.read_bytes().decode("utf-8") != old:
            raise ImportConflict(f"{display_path(path)} changed while the import ran; nothing written")
    for created in plan.comparison.new_tactics:
        if created.path.exists():
            raise ImportConflict(f"{display_path(created.path)} appeared while the import ran; nothing written")
    written: list[Path] = []
    for path, (_, new) in plan.edits.items():
        write_text_atomic(path, new)
        written.append(path)
    for created in plan.comparison.new_tactics:
        _create(created.path, created.text)
        written.append(created.path)
    return written


def _create(path: Path, text: str) -> None:
    try:
        create_text(path, text)
    except FileExistsError:
        raise ImportConflict(f"{display_path(path)} exists; it was not overwritten") from None


def render_changes(changes: Sequence[FactChange]) -> list[str]:
    """``path:line:col: TA0005 name: 'Stealth' -> 'Defense Evasion'`` per change."""
    return [str(ContentError(c.where.path, c.where.line, c.where.col, c.describe())) for c in changes]


"""The course's ATT&CK facts compared with a STIX bundle, and brought up to date from it.

Facts are the values that come from MITRE: a tactic's name, shortname, URL and matrix order, and
a technique's name and URL. Everything else in a tactic file is the course's own and is never
touched: text, extra fields, key order, comments, the modeline, quoting and line endings.

How a file is updated: only the character spans of the facts' values are replaced
(``generator.authoring.yaml_edit``, in the value's own quoting style where it can hold the new value), and
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

The bundle is untrusted. Its ids were checked against their patterns when it was read
(:mod:`generator.attack.stix`); here a name, shortname or URL is written only when a course file
can hold it (:func:`unusable`), a new file only where its path, links followed, is inside
``content/tactics``, and the planned result is validated in memory, without copying the course.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from pydantic import TypeAdapter, ValidationError

from .. import models as m
from ..catalog import Catalog
from ..errors import ContentError, display_path, visible
from ..models.frameworks import ATTACK, framework_of
from ..reading.read import Document, Key
from .stix import AttackData, shown
from .tactic_files import NewTactic, _new_tactic_path, course_modeline, new_tactic_text

# MITRE's longest tactic or technique name is under 60 characters (a sub-technique's with its
# parent under 100), its URLs under 50.
MAX_FACT = 200  # characters in a name, shortname or URL taken from a bundle


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


@dataclass
class Comparison:
    """What differs between the course and a bundle."""

    changes: list[FactChange] = field(default_factory=list)
    findings: list[ContentError] = field(default_factory=list)  # reported, never changed
    reviews: list[ContentError] = field(default_factory=list)  # course text to re-read after an import
    new_tactics: list[NewTactic] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # about the bundle as a whole


def _show(value: str | int) -> str:
    return str(value) if isinstance(value, int) else shown(value, MAX_FACT)


# --- facts a course file can hold -----------------------------------------------------------

_FACT_TYPES: dict[str, TypeAdapter[str]] = {
    "name": TypeAdapter(m.Text), "shortname": TypeAdapter(m.Slug), "url": TypeAdapter(m.Url),
}
_FACT_RULES = {
    "name": "the course's text fields refuse it",
    "shortname": "a shortname is 1-64 lowercase letters, digits and hyphens",
    "url": "a URL must be a whole http(s) address without spaces, quotes, angle brackets, backslashes or parentheses",
}


def unusable(fact: str, value: str) -> str | None:
    """Why a name, shortname or URL from the bundle cannot be written into a tactic file, or None.

    Refused: an empty or over-long value, any character a message would have to show as an escape
    (controls, U+0085, line and paragraph separators, bidi and zero-width characters, lone
    surrogates, non-characters), and whatever the course's models refuse for the field.
    """
    if not value:
        return "it is empty"
    if len(value) > MAX_FACT:
        return f"it is {len(value):,} characters long; the limit is {MAX_FACT}"
    hidden = next((char for char in value if visible(char) != char), None)
    if hidden is not None:
        return f"it holds the character U+{ord(hidden):04X}, which a course file cannot show as it is"
    try:
        _FACT_TYPES[fact].validate_python(value)
    except ValidationError:
        return _FACT_RULES[fact]
    return None


def _plain_name(name: str) -> str:
    """A bundle's name in a message: as it is when usable, else quoted, shortened and visible."""
    return name if unusable("name", name) is None else shown(name)


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
        return f"{ident} is revoked in the bundle and replaced by {new} ({_plain_name(data.display_name(new))})"
    if tech.deprecated:
        return f"{ident} is deprecated in the bundle"
    return None


def compare(catalog: Catalog, data: AttackData) -> Comparison:
    """Every fact of the tactic files against the bundle, and the tactics the course lacks."""
    result = Comparison()
    course = catalog.course.model
    result.notes.extend(data.notes)
    _version_notes(course, data, result.notes)
    tactics = catalog.attack_tactics()  # ATLAS tactics are compared with ATLAS.yaml (generator/atlas)
    order = {ident: i for i, ident in enumerate(merged_order(list(tactics), list(data.tactics)), 1)}

    for tid, entry in tactics.items():
        tactic, doc = entry.model, entry.doc
        stix = data.tactics.get(tid)

        def change(
            subject: str, fact: str, loc: tuple[Key, ...], old: str | int, new: str | int,
            doc: Document = doc, tid: str = tid,
        ) -> None:
            where = doc.error(loc, f"{subject} {fact}: {_show(old)} here, {_show(new)} in the bundle")
            result.changes.append(FactChange(tid, subject, fact, loc, old, new, where))

        def update(
            subject: str, fact: str, loc: tuple[Key, ...], old: str, new: str, doc: Document = doc,
        ) -> bool:
            """Change a fact to the bundle's value, or say why that value cannot be written."""
            reason = unusable(fact, new)
            if reason is None:
                change(subject, fact, loc, old, new)
                return True
            result.findings.append(doc.error(
                loc, f"the bundle's {fact} for {subject} cannot be used: {reason} ({shown(new)}); left as it is",
            ))
            return False

        if stix is None:
            result.findings.append(doc.error(("id",), f"tactic {tid} is not in the bundle's matrix{_older(course)}"))
        else:
            if tactic.name != stix.name and update(tid, "name", ("name",), tactic.name, stix.name):
                result.reviews.append(doc.error(
                    ("name",),
                    f"{tid} is {_show(stix.name)} in the bundle, {_show(tactic.name)} in the course: a renamed tactic; "
                    "check that the course's own text (summary, ai_relevance, role questions) still fits",
                ))
            if tactic.shortname != stix.shortname:
                update(tid, "shortname", ("shortname",), tactic.shortname, stix.shortname)
            if stix.url and tactic.url != stix.url:
                update(tid, "url", ("url",), tactic.url, stix.url)
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
                update(tech.id, "name", base + ("name",), tech.name, data.display_name(tech.id))
            if found.url and tech.url != found.url:
                update(tech.id, "url", base + ("url",), tech.url, found.url)
            filed = data.tactic_ids_of(found)
            if tid not in filed:
                under = ", ".join(f"{t} {_plain_name(data.tactics[t].name)}" for t in filed) or "no tactic"
                result.findings.append(doc.error(
                    base + ("id",),
                    f"{tech.id} is listed under {tid} here, but the bundle files it under {under}; "
                    "not moved: move it by hand if the course should follow",
                ))

    first_line = course_modeline(catalog)
    for tid, stix in data.tactics.items():
        if tid in tactics:
            continue
        path, folder, why_not = _new_tactic_path(catalog.root, tid)
        if why_not is None:
            why_not = next((
                f"its {fact} cannot be used: {reason} ({shown(value)})"
                for fact, value in (("name", stix.name), ("shortname", stix.shortname), ("url", stix.url))
                if (reason := unusable(fact, value)) is not None
            ), None)
        if why_not is not None:
            result.notes.append(f"no new file written for the bundle's tactic {tid}: {why_not}")
            continue
        text = new_tactic_text(stix, order[tid], first_line, data)
        result.new_tactics.append(NewTactic(stix, order[tid], path, text, folder))
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


# --- check: everything the bundle disagrees with, wherever it is written ---------------------


def check(catalog: Catalog, data: AttackData) -> tuple[list[ContentError], list[str]]:
    """Problems with locations (facts that differ, revoked, deprecated and unknown ids) and notes."""
    result = compare(catalog, data)
    errors = [change.where for change in result.changes] + list(result.findings)
    for tid in data.tactics:
        if tid not in catalog.tactics:
            errors.append(ContentError(
                display_path(catalog.root / "tactics" / f"{tid}.yml"), 1, 1,
                f"the bundle's tactic {tid} {_plain_name(data.tactics[tid].name)} has no file in the course "
                "(`ciso-course attack import` creates one)",
            ))
    for entry in catalog.modules.values():
        module, doc = entry.model, entry.doc
        for tid, techniques in module.covers.attack.items():
            if not ATTACK.is_tactic(tid):
                continue  # an ATLAS tactic
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
                if framework_of(ident) is not ATTACK:
                    continue
                if m.TACTIC_ID.fullmatch(ident):
                    if ident not in data.tactics:
                        errors.append(doc.error(loc, f"tactic {ident} is not in the bundle's matrix"))
                else:
                    problem = technique_problem(data, ident)
                    if problem is not None:
                        errors.append(doc.error(loc, problem))
    return sorted(set(errors)), result.notes

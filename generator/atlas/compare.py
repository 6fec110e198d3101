"""The course's ATLAS facts compared with ``ATLAS.yaml``, as ``attack.compare`` does for ATT&CK.

Facts: a tactic's name, address, matrix order and ATT&CK reference; a technique's name, address
and ATT&CK reference. They are updated in place (``attack.importer`` splices and validates the
plan). Reported, never changed: techniques filed under another tactic than the course lists them
under (moved), deprecated techniques, ids ``ATLAS.yaml`` does not have (removed), tactics the
course has and ATLAS lacks, ATT&CK references ATLAS adds or drops, and each renamed tactic, whose
course text should be re-read. Tactics ATLAS has and the course lacks get a new file with TODO
placeholders; the ATLAS techniques the course does not list yet are noted per tactic.
"""

from __future__ import annotations

from collections.abc import Callable

from ..attack.compare import Comparison, FactChange, _show, merged_order, unusable
from ..attack.tactic_files import NewTactic, _new_tactic_path, course_modeline
from ..authoring.templates import PLACEHOLDER, imported_tactic_header
from ..authoring.yaml_edit import scalar
from ..catalog import Catalog
from ..errors import ContentError, display_path
from ..models.frameworks import ATLAS
from ..reading.read import Document, Key
from .data import AtlasData, AtlasTacticFact


def technique_problem(data: AtlasData, ident: str) -> str | None:
    """Why naming ATLAS technique ``ident`` is a problem according to ATLAS.yaml, or None."""
    tech = data.techniques.get(ident)
    if tech is None:
        return f"{ident} is not in ATLAS {data.version or ''}".rstrip() + " (removed, or a mistyped id)"
    if tech.deprecated:
        return f"{ident} is deprecated in ATLAS {data.version or ''}".rstrip()
    return None


def compare(catalog: Catalog, data: AtlasData) -> Comparison:
    """Every fact of the ATLAS tactic files against ATLAS.yaml, and the tactics the course lacks."""
    result = Comparison()
    result.notes.extend(data.notes)
    course = catalog.course.model
    ours = course.atlas.version if course.atlas else None
    if data.version is not None and data.version != ours:
        result.notes.append(
            f"the file is ATLAS {data.version}, course.yml says {ours or 'nothing (no atlas section)'}: "
            "update atlas.version in course.yml when the course follows it"
        )
    tactics = catalog.atlas_tactics()
    order = {ident: i for i, ident in enumerate(merged_order(list(tactics), list(data.tactics)), 1)}

    for tid, entry in tactics.items():
        tactic, doc = entry.model, entry.doc

        def update(subject: str, fact: str, loc: tuple[Key, ...], old: str | int, new: str | int,
                   doc: Document = doc, tid: str = tid) -> bool:
            reason = unusable("name" if fact == "attack_reference" else fact, new) if isinstance(new, str) else None
            if reason is not None:
                result.findings.append(doc.error(loc, f"ATLAS's {fact} for {subject} cannot be used: {reason}; left as it is"))
                return False
            where = doc.error(loc, f"{subject} {fact}: {_show(old)} here, {_show(new)} in ATLAS")
            result.changes.append(FactChange(tid, subject, fact, loc, old, new, where))
            return True

        fact = data.tactics.get(tid)
        if fact is None:
            result.findings.append(doc.error(("id",), f"tactic {tid} is not in ATLAS {data.version or ''}".rstrip()))
        else:
            if tactic.name != fact.name and update(tid, "name", ("name",), tactic.name, fact.name):
                result.reviews.append(doc.error(
                    ("name",), f"{tid} is {_show(fact.name)} in ATLAS, {_show(tactic.name)} in the course: a renamed "
                    "tactic; check that the course's own text (summary, techniques, role questions) still fits"))
            if tactic.url != fact.url:
                update(tid, "url", ("url",), tactic.url, fact.url)
            _reference(result, doc, (), tid, tactic.attack_reference, fact.attack_reference, update)
        if tactic.order != order[tid]:
            update(tid, "order", ("order",), tactic.order, order[tid])

        for index, tech in enumerate(tactic.techniques):
            base: tuple[Key, ...] = ("techniques", index)
            problem = technique_problem(data, tech.id)
            if problem is not None:
                result.findings.append(doc.error(base + ("id",), problem))
            found = data.techniques.get(tech.id)
            if found is None:
                continue
            if tech.name != found.name:
                update(tech.id, "name", base + ("name",), tech.name, found.name)
            if tech.url != found.url:
                update(tech.id, "url", base + ("url",), tech.url, found.url)
            _reference(result, doc, base, tech.id, tech.attack_reference, found.attack_reference, update)
            if tid not in found.tactics and found.tactics:
                under = ", ".join(f"{t} {data.tactics[t].name}" for t in found.tactics)
                result.findings.append(doc.error(
                    base + ("id",), f"{tech.id} is listed under {tid} here, but ATLAS files it under {under}: "
                    "a moved technique; not moved: move it by hand if the course should follow"))

    first_line = course_modeline(catalog, ATLAS)
    for tid, fact in data.tactics.items():
        if tid in tactics:
            continue
        path, folder, why_not = _new_tactic_path(catalog.root, tid, ATLAS.folder)
        if why_not is None:
            why_not = next((f"its {name} cannot be used: {reason}" for name, value in (("name", fact.name), ("url", fact.url))
                            if (reason := unusable(name, value)) is not None), None)
        if why_not is not None:
            result.notes.append(f"no new file written for ATLAS's tactic {tid}: {why_not}")
            continue
        result.new_tactics.append(NewTactic(fact, order[tid], path, new_tactic_text(fact, order[tid], first_line, data), folder))

    return result


def not_listed(catalog: Catalog, data: AtlasData) -> list[str]:
    """Per ATLAS tactic, the techniques ATLAS files under it that no ATLAS tactic file lists (new
    in a release, or not taught yet): what the import tells a trainer could be added."""
    listed = {tech.id for entry in catalog.framework_tactics(ATLAS).values() for tech in entry.model.techniques}
    notes = []
    for tid, fact in data.tactics.items():
        missing = [t.id for t in data.techniques.values() if tid in t.tactics and t.id not in listed]
        if missing:
            notes.append(f"{tid} {fact.name}: {len(missing)} ATLAS technique(s) no tactic file lists: {', '.join(missing)}")
    return notes


# update(subject, fact, loc, old, new): a fact changed in place, or why ATLAS's value cannot be written.
_Update = Callable[[str, str, tuple[Key, ...], str | int, str | int], bool]


def _reference(result: Comparison, doc: Document, base: tuple[Key, ...], subject: str, ours: str | None,
               theirs: str | None, update: _Update) -> None:
    """The ATT&CK reference: changed in place when both have one, reported when one side lacks it."""
    loc = base + ("attack_reference",)
    if ours == theirs:
        return
    if ours is not None and theirs is not None:
        update(subject, "attack_reference", loc, ours, theirs)
    elif theirs is not None:
        result.findings.append(doc.error(base + ("id",), f"ATLAS says {subject} extends ATT&CK {theirs}: "
                                         f"add attack_reference: {theirs}"))
    else:
        result.findings.append(doc.error(loc, f"ATLAS names no ATT&CK reference for {subject}; "
                                         f"remove attack_reference: {ours} if the course should follow"))


def new_tactic_text(tactic: AtlasTacticFact, order: int, first_line: str, data: AtlasData) -> str:
    """A new ATLAS tactic file: ATLAS's facts, and marked placeholders for the course's own text."""
    version = f"ATLAS {data.version}" if data.version else "ATLAS.yaml"
    lines = [
        first_line,
        *imported_tactic_header("atlas import", version, ("id", "name", "url", "order", "attack_reference")),
        f"id: {scalar(tactic.id, None)}",
        f"name: {scalar(tactic.name, None)}",
        f"url: {scalar(tactic.url, None)}",
        f"order: {order}",
    ]
    if tactic.attack_reference:
        lines.append(f"attack_reference: {tactic.attack_reference}")
    lines += [
        "summary: |",
        f"  {PLACEHOLDER}: in the course's own words, what the adversary is after with this tactic, and what",
        "  it means for the executive team.",
        f"techniques: []  # {PLACEHOLDER}: the techniques the course teaches under it (id, name, url, summary)",
        f"role_questions: []  # {PLACEHOLDER}: what each role should ask or decide about it (role, ask)",
        "",
    ]
    return "\n".join(lines)


def check(catalog: Catalog, data: AtlasData) -> tuple[list[ContentError], list[str]]:
    """Problems with locations (facts that differ, moved, deprecated and removed ids) and notes."""
    result = compare(catalog, data)
    errors = [change.where for change in result.changes] + list(result.findings)
    tactics = catalog.framework_tactics(ATLAS)
    for tid, fact in data.tactics.items():
        if tid not in tactics:
            errors.append(ContentError(
                display_path(catalog.root / ATLAS.folder / f"{tid}.yml"), 1, 1,
                f"ATLAS's tactic {tid} {fact.name} has no file in the course (`ciso-course atlas import` creates one)",
            ))
    for entry in catalog.modules.values():
        module, doc = entry.model, entry.doc
        for tid, techniques in module.covers.attack.items():
            if not ATLAS.is_tactic(tid):
                continue
            if tid not in data.tactics:
                errors.append(doc.error(("covers", "attack", tid), f"tactic {tid} is not in ATLAS's matrix", key=True))
            for index, ident in enumerate(techniques):
                problem = technique_problem(data, ident)
                if problem is not None:
                    errors.append(doc.error(("covers", "attack", tid, index), problem))
        for qi, question in enumerate(module.quiz.questions if module.quiz else ()):
            for ai, ident in enumerate(question.attack):
                loc: tuple[Key, ...] = ("quiz", "questions", qi, "attack", ai)
                if ATLAS.is_tactic(ident) and ident not in data.tactics:
                    errors.append(doc.error(loc, f"tactic {ident} is not in ATLAS's matrix"))
                elif ATLAS.is_technique(ident) and (problem := technique_problem(data, ident)) is not None:
                    errors.append(doc.error(loc, problem))
    return sorted(set(errors)), result.notes

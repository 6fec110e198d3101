"""The whole course: every content file read, validated, and cross-checked.

``load_catalog`` is the single entry point. It collects every problem of every file before it
raises, so a trainer sees all mistakes at once. A :class:`FileCache` lets repeated loads (``mkdocs
serve``) skip files whose bytes have not changed. One load reads at most MAX_FILES files and the
bytes and values of a :class:`~generator.read.Budget`; a course over them is refused where it
goes over.
"""

from __future__ import annotations

import gc
import hashlib
import stat
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from . import models as m
from .containment import read_regular, walk
from .errors import ContentError, ContentErrors, did_you_mean, display_path, quote
from .models.kinds import IN_FOLDERS, SINGLE_FILES
from .models.validation import located_errors
from .read import LINK_REFUSED, MAX_BYTES, Budget, Document, Key, OverBudget, read_file

T = TypeVar("T", bound=BaseModel)
YAML_SUFFIXES = (".yml", ".yaml")
# YAML files in one course (ten times the largest benchmark course).
MAX_FILES = 10_000


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


@dataclass
class _Cached:
    digest: bytes
    doc: Document | None  # kept only with a valid model: a file that failed keeps its errors alone
    model: BaseModel | None
    errors: list[ContentError]
    size: int = 0  # bytes read
    broken: frozenset[str] = frozenset()  # for a file that failed, the ids it would have defined
    over_budget: bool = False  # the course went over its budget in this file: never cached

    def take_from(self, budget: Budget) -> None:
        budget.bytes -= self.size
        if self.doc is not None:
            budget.nodes -= self.doc.nodes

    def fits(self, budget: Budget) -> bool:
        return self.size <= budget.bytes and (self.doc is None or self.doc.nodes <= budget.nodes)


class FileCache:
    """Parsed and validated files keyed on their path and the hash of their bytes."""

    def __init__(self) -> None:
        self._entries: dict[Path, _Cached] = {}
        self._seen: set[Path] = set()
        self.parsed = 0  # files parsed by the last load (the rest came from the cache)

    def begin(self) -> None:
        """Start a load of the whole course."""
        self.parsed = 0
        self._seen = set()

    def end(self) -> None:
        """Finish a load: files it did not meet (deleted or renamed) leave the cache."""
        for path in self._entries.keys() - self._seen:
            del self._entries[path]

    def __len__(self) -> int:
        return len(self._entries)

    def load(self, path: Path, model: type[BaseModel], budget: Budget | None = None) -> _Cached:
        """The file parsed and validated (from the cache when its bytes are unchanged), its bytes
        and values taken from ``budget``."""
        budget = budget if budget is not None else Budget()
        self._seen.add(path)
        try:
            raw = read_regular(path, MAX_BYTES)
        except OSError:  # a link, not a regular file, too large, unreadable: read_file says which
            return _parse(path, model, budget=budget)
        digest = hashlib.blake2b(raw, digest_size=16).digest()
        cached = self._entries.get(path)
        if cached is not None and cached.digest == digest and cached.fits(budget):
            cached.take_from(budget)
            return cached
        self.parsed += 1
        result = _parse(path, model, raw, budget)
        result.digest = digest
        if not result.over_budget:
            self._entries[path] = result
        return result


def _parse(path: Path, model: type[BaseModel], raw: bytes | None = None, budget: Budget | None = None) -> _Cached:
    size = len(raw) if raw is not None else 0
    try:
        doc = read_file(path, raw=raw, budget=budget)
    except OverBudget as exc:
        return _Cached(b"", None, None, list(exc.errors), size, over_budget=True)
    except ContentErrors as exc:
        result = _Cached(b"", None, None, list(exc.errors), size, frozenset(_ids_of_broken_file(path, None)))
    else:
        errors = list(doc.errors)
        try:
            value = model.model_validate(doc.data)
        except ValidationError as exc:
            errors += located_errors(exc, doc, model)
            result = _Cached(b"", None, None, errors, size, frozenset(_ids_of_broken_file(path, doc)))
        else:
            result = _Cached(b"", doc, value, errors, size)
    if budget is not None:
        result.take_from(budget)
    return result


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

    entities: dict[str, list[Entry[Any]]] = {folder: [] for folder in IN_FOLDERS}
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
                "not a content file: expected course.yml, glossary.yml or a file directly in "
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
            entities[parts[0]].append(entry)

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


# Stands for every technique in ``broken`` when a tactic file could not be read at all.
_ANY_TECHNIQUE = "\x00technique"


def _ids_of_broken_file(path: Path, doc: Document | None) -> set[str]:
    """The ids a file that failed validation would have defined, as far as they can be told.

    References to them are not reported: the file's own errors say what is wrong, and a role file
    with a tab in it should not also produce an "unknown role" at every module that names it.
    """
    ids = {path.stem}
    data = doc.data if doc is not None else None
    if not isinstance(data, dict):
        return ids | ({_ANY_TECHNIQUE} if path.parent.name == "tactics" else set())
    if isinstance(data.get("id"), str):
        ids.add(data["id"])
    techniques = data.get("techniques") if path.parent.name == "tactics" else None
    if isinstance(techniques, list):
        ids |= {t["id"] for t in techniques if isinstance(t, dict) and isinstance(t.get("id"), str)}
    return ids


# Unknown references that get a "did you mean" in one load; the rest are reported without one,
# so that thousands of them cost no more than a hundred.
MAX_SUGGESTIONS = 100
# Known ids listed in a message as a hint, at most.
_HINT_IDS = 20


class _Checker:
    """Cross-file checks, each reported where the bad reference is written."""

    def __init__(self, errors: list[ContentError], broken: set[str]) -> None:
        self.errors = errors
        # Ids of files that failed validation: references to them are not reported again.
        self.broken = broken
        self.suggestions = MAX_SUGGESTIONS

    def at(self, doc: Document, loc: Sequence[Key], message: str, *, key: bool = False) -> None:
        self.errors.append(doc.error(loc, message, key=key))

    def unique(self, entries: Iterable[Entry[Any]], kind: str) -> dict[str, Entry[Any]]:
        seen: dict[str, Entry[Any]] = {}
        for entry in entries:
            ident = entry.model.id
            if ident in seen:
                self.at(entry.doc, ("id",), f"duplicate {kind} id '{ident}' (also in {seen[ident].doc.display})")
                continue
            seen[ident] = entry
        return seen

    def unknown(
        self, doc: Document, loc: Sequence[Key], what: str, ident: str, known: Iterable[str],
        *, hint: str = "", key: bool = False,
    ) -> None:
        technique = what == "ATT&CK id" and not ident.startswith("TA")
        if ident not in self.broken and not (technique and _ANY_TECHNIQUE in self.broken):
            suggestion = ""
            if self.suggestions > 0:
                self.suggestions -= 1
                suggestion = did_you_mean(ident, known)
            self.at(doc, loc, f"unknown {what} {quote(ident)}{suggestion or hint}", key=key)

    def refs(
        self, doc: Document, loc: tuple[Key, ...], ids: Sequence[str], known: dict[str, Any] | set[str], what: str,
        *, hint: str = "",
    ) -> None:
        first: dict[str, int] = {}
        for index, ident in enumerate(ids):
            if ident not in known:
                self.unknown(doc, loc + (index,), what, ident, known, hint=hint)
            elif first.setdefault(ident, index) != index:
                self.at(doc, loc + (index,), f"{what} '{ident}' is listed twice")

    def build(
        self,
        root: Path,
        course: Entry[m.Course],
        glossary: Entry[m.Glossary] | None,
        entities: dict[str, list[Entry[Any]]],
    ) -> Catalog:
        roles = self.unique(entities["roles"], "role")
        models = self.unique(entities["reporting-models"], "reporting model")
        tactics = self.unique(entities["tactics"], "tactic")
        modules = self.unique(entities["modules"], "module")

        techniques = self.check_tactics(tactics, roles)
        for entry in roles.values():
            self.check_role(entry, roles)
        for entry in models.values():
            self.check_reporting_model(entry, roles)
        for entry in modules.values():
            self.check_module(entry, roles, models, tactics, modules, techniques)
        self.check_cycles(modules)
        self.check_course(course, roles, modules)
        if glossary is not None:
            self.check_glossary(glossary)

        ordered_tactics = dict(sorted(tactics.items(), key=lambda kv: (kv[1].model.order, kv[0])))
        return Catalog(
            root=root,
            course=course,
            glossary=glossary,
            roles=dict(sorted(roles.items())),
            reporting_models=dict(sorted(models.items())),
            tactics=ordered_tactics,
            modules=_course_order(course.model, modules),
            techniques=techniques,
        )

    def check_role(self, entry: Entry[m.Role], roles: dict[str, Any]) -> None:
        role, doc = entry.model, entry.doc
        seen: set[str] = set()
        for index, tension in enumerate(role.tensions):
            loc = ("tensions", index, "role")
            if tension.role == role.id:
                self.at(doc, loc, "a role cannot be in tension with itself")
            elif tension.role not in roles:
                self.unknown(doc, loc, "role", tension.role, roles)
            elif tension.role in seen:
                self.at(doc, loc, f"tension with '{tension.role}' is written twice; merge them")
            seen.add(tension.role)

    def check_reporting_model(self, entry: Entry[m.ReportingModel], roles: dict[str, Any]) -> None:
        model, doc = entry.model, entry.doc
        seen: set[tuple[str, str]] = set()
        for index, line in enumerate(model.lines):
            for name, value in (("from", line.from_), ("to", line.to)):
                if value not in roles:
                    self.unknown(doc, ("lines", index, name), "role", value, roles)
            if line.from_ == line.to:
                self.at(doc, ("lines", index, "to"), "a role cannot report to itself")
            pair = (line.from_, line.to)
            if pair in seen:
                self.at(doc, ("lines", index), f"the line from '{line.from_}' to '{line.to}' is written twice")
            seen.add(pair)
        if not any(line.kind is m.LineKind.solid for line in model.lines):
            self.at(doc, ("lines",), "a reporting model needs at least one solid line")

    def check_tactics(self, tactics: dict[str, Entry[m.Tactic]], roles: dict[str, Any]) -> dict[str, TechniqueRef]:
        techniques: dict[str, TechniqueRef] = {}
        orders: dict[int, str] = {}
        shortnames: dict[str, str] = {}
        for tid, entry in sorted(tactics.items()):
            tactic, doc = entry.model, entry.doc
            if tactic.order in orders:
                self.at(doc, ("order",), f"matrix order {tactic.order} is already taken by {orders[tactic.order]}")
            orders.setdefault(tactic.order, tid)
            if tactic.shortname in shortnames:
                self.at(doc, ("shortname",), f"shortname '{tactic.shortname}' is already used by {shortnames[tactic.shortname]}")
            shortnames.setdefault(tactic.shortname, tid)
            seen: set[str] = set()
            for index, tech in enumerate(tactic.techniques):
                loc = ("techniques", index, "id")
                if tech.id in seen:
                    self.at(doc, loc, f"technique {tech.id} is listed twice under {tid}")
                    continue
                seen.add(tech.id)
                known = techniques.get(tech.id)
                if known is None:
                    techniques[tech.id] = TechniqueRef(tech.id, tech.name, tech.url, (tid,))
                    continue
                if known.name != tech.name:
                    self.at(doc, ("techniques", index, "name"), f"{tech.id} is named '{known.name}' under {known.tactics[0]}; one technique has one name")
                techniques[tech.id] = TechniqueRef(known.id, known.name, known.url, known.tactics + (tid,))
            for index, ask in enumerate(tactic.role_questions):
                if ask.role not in roles:
                    self.unknown(doc, ("role_questions", index, "role"), "role", ask.role, roles)
        return techniques

    def check_module(
        self,
        entry: Entry[m.Module],
        roles: dict[str, Any],
        models: dict[str, Any],
        tactics: dict[str, Entry[m.Tactic]],
        modules: dict[str, Any],
        techniques: dict[str, TechniqueRef],
    ) -> None:
        module, doc = entry.model, entry.doc
        self.refs(doc, ("audience",), module.audience, roles, "role")
        for index, pre in enumerate(module.prerequisites):
            if pre == module.id:
                self.at(doc, ("prerequisites", index), "a module cannot be its own prerequisite")
        self.refs(doc, ("prerequisites",), module.prerequisites, modules, "module")
        self.refs(doc, ("covers", "roles"), module.covers.roles, roles, "role")
        self.refs(doc, ("covers", "reporting_models"), module.covers.reporting_models, models, "reporting model")
        for tid, tech_ids in module.covers.attack.items():
            tactic = tactics.get(tid)
            if tactic is None:
                self.unknown(doc, ("covers", "attack", tid), "tactic", tid, tactics, key=True)
                continue
            listed = {t.id for t in tactic.model.techniques}
            for index, tech in enumerate(tech_ids):
                if tech not in listed:
                    where = techniques.get(tech)
                    elsewhere = f" (it is listed under {', '.join(where.tactics)})" if where else ""
                    self.at(doc, ("covers", "attack", tid, index), f"technique {tech} is not listed under {tid} in {tactic.doc.display}{elsewhere}")
        objectives: set[str] = set()
        for index, objective in enumerate(module.objectives):
            if objective.id in objectives:
                self.at(doc, ("objectives", index, "id"), f"duplicate objective id '{objective.id}'")
            objectives.add(objective.id)
        if module.quiz is not None:
            self.check_quiz(doc, module.quiz, objectives, tactics, techniques)

    def check_quiz(
        self,
        doc: Document,
        quiz: m.Quiz,
        objectives: set[str],
        tactics: dict[str, Any],
        techniques: dict[str, TechniqueRef],
    ) -> None:
        ids: set[str] = set()
        attack_known = set(tactics) | set(techniques)
        listed = sorted(objectives)
        more = f" and {len(listed) - _HINT_IDS} more" if len(listed) > _HINT_IDS else ""
        objectives_hint = f" (this module's objectives: {', '.join(listed[:_HINT_IDS])}{more})"
        for qi, question in enumerate(quiz.questions):
            base: tuple[Key, ...] = ("quiz", "questions", qi)
            if question.id in ids:
                self.at(doc, base + ("id",), f"duplicate question id '{question.id}' in this quiz")
            ids.add(question.id)
            self.refs(doc, base + ("assesses",), question.assesses, objectives, "objective", hint=objectives_hint)
            self.refs(doc, base + ("attack",), question.attack, attack_known, "ATT&CK id",
                      hint=": name a tactic, or a technique listed in a tactic file")
            if isinstance(question, (m.SingleQuestion, m.MultipleQuestion)):
                correct = sum(option.correct for option in question.options)
                if isinstance(question, m.SingleQuestion) and correct != 1:
                    self.at(doc, base + ("options",), f"a single-choice question needs exactly one correct option; {correct} are marked correct")
                if isinstance(question, m.MultipleQuestion) and correct < 1:
                    self.at(doc, base + ("options",), "a multiple-answer question needs at least one correct option")
                self.distinct(doc, base + ("options",), [o.text.strip() for o in question.options], "option")
            elif isinstance(question, m.OrderingQuestion):
                item_ids = [item.id for item in question.items]
                self.distinct(doc, base + ("items",), item_ids, "item id")
                self.distinct(doc, base + ("items",), [i.text.strip() for i in question.items], "item")
                self.refs(doc, base + ("order",), question.order, set(item_ids), "item")
                missing = [i for i in item_ids if i not in question.order]
                if missing:
                    self.at(doc, base + ("order",), f"the order must place every item; missing: {', '.join(missing)}")

    def distinct(self, doc: Document, loc: tuple[Key, ...], values: list[str], what: str) -> None:
        seen: set[str] = set()
        for index, value in enumerate(values):
            if value in seen:
                self.at(doc, loc + (index,), f"duplicate {what} {quote(value)}")
            seen.add(value)

    def check_cycles(self, modules: dict[str, Entry[m.Module]]) -> None:
        state: dict[str, int] = {}  # 1 = on the current path, 2 = done
        reported: set[frozenset[str]] = set()

        for start in sorted(modules):
            if state.get(start):
                continue
            # Iterative depth-first search, so that a long chain cannot exhaust the stack.
            path: list[str] = [start]
            iters = [iter(modules[start].model.prerequisites)]
            state[start] = 1
            while path:
                nxt = next(iters[-1], None)
                if nxt is None:
                    state[path.pop()] = 2
                    iters.pop()
                    continue
                if nxt not in modules or nxt == path[-1]:
                    continue  # unknown and self prerequisites are reported on their own
                if state.get(nxt) == 1:
                    cycle = path[path.index(nxt):] + [nxt]
                    key = frozenset(cycle)
                    if key not in reported:
                        reported.add(key)
                        owner = modules[path[-1]]
                        index = owner.model.prerequisites.index(nxt)
                        self.at(owner.doc, ("prerequisites", index), "prerequisites form a cycle: " + " -> ".join(cycle))
                elif not state.get(nxt):
                    state[nxt] = 1
                    path.append(nxt)
                    iters.append(iter(modules[nxt].model.prerequisites))

    def check_course(self, entry: Entry[m.Course], roles: dict[str, Any], modules: dict[str, Entry[m.Module]]) -> None:
        course, doc = entry.model, entry.doc
        seen: set[str] = set()
        for pi, path in enumerate(course.paths):
            base: tuple[Key, ...] = ("paths", pi)
            if path.id in seen:
                self.at(doc, base + ("id",), f"duplicate learning path id '{path.id}'")
            seen.add(path.id)
            self.refs(doc, base + ("audience",), path.audience, roles, "role")
            self.refs(doc, base + ("modules",), path.modules, modules, "module")
            position = {mid: i for i, mid in reversed(list(enumerate(path.modules)))}
            for index, mid in enumerate(path.modules):
                module = modules.get(mid)
                if module is None:
                    continue
                for pre in module.model.prerequisites:
                    if pre in position and position[pre] > index:
                        self.at(doc, base + ("modules", index), f"module '{mid}' comes before its prerequisite '{pre}' on this path")

    def check_glossary(self, entry: Entry[m.Glossary]) -> None:
        glossary, doc = entry.model, entry.doc
        ids: set[str] = set()
        terms: set[str] = set()
        for index, term in enumerate(glossary.terms):
            if term.id in ids:
                self.at(doc, ("terms", index, "id"), f"duplicate term id '{term.id}'")
            ids.add(term.id)
            if term.term.casefold() in terms:
                self.at(doc, ("terms", index, "term"), f"the term '{term.term}' is defined twice")
            terms.add(term.term.casefold())
        all_ids = {t.id for t in glossary.terms}
        for index, term in enumerate(glossary.terms):
            self.refs(doc, ("terms", index, "see_also"), term.see_also, all_ids, "glossary term")


def _course_order(course: m.Course, modules: dict[str, Entry[m.Module]]) -> dict[str, Entry[m.Module]]:
    order: dict[str, Entry[m.Module]] = {}
    for path in course.paths:
        for mid in path.modules:
            if mid in modules and mid not in order:
                order[mid] = modules[mid]
    for mid in sorted(modules):
        order.setdefault(mid, modules[mid])
    return order

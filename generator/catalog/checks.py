"""Cross-file checks: every reference between files, each reported where it is written."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from .. import models as m
from ..errors import ContentError, did_you_mean, quote
from ..models.frameworks import FRAMEWORKS, Framework, framework_of, is_technique_id
from ..reading.read import Document, Key
from .cache import _ANY_TECHNIQUE
from .cycles import check_cycles
from .entries import Catalog, Entry, TechniqueRef
from .tactics import check_tactics

# Unknown references that get a "did you mean" in one load; the rest are reported without one,
# so that thousands of them cost no more than a hundred.
MAX_SUGGESTIONS = 100
# ``what`` of a reference to a tactic or technique of any framework: messages name the framework.
_FRAMEWORK_ID = "\x00framework id"
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
        technique = what == _FRAMEWORK_ID and is_technique_id(ident)
        what = _what(what, ident)
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
                self.at(doc, loc + (index,), f"{_what(what, ident)} '{ident}' is listed twice")

    def build(
        self,
        root: Path,
        course: Entry[m.Course],
        glossary: Entry[m.Glossary] | None,
        entities: dict[str, list[Entry[Any]]],
    ) -> Catalog:
        roles = self.unique(entities["roles"], "role")
        models = self.unique(entities["reporting_models"], "reporting model")
        tactics = self.unique(entities["tactics"], "tactic")
        modules = self.unique(entities["modules"], "module")

        techniques = check_tactics(self, tactics, roles, course)
        for entry in roles.values():
            self.check_role(entry, roles)
        for entry in models.values():
            self.check_reporting_model(entry, roles)
        for entry in modules.values():
            self.check_module(entry, roles, models, tactics, modules, techniques)
        check_cycles(self, modules)
        self.check_course(course, roles, modules)
        if glossary is not None:
            self.check_glossary(glossary)

        rank = {fw.key: index for index, fw in enumerate(FRAMEWORKS)}
        ordered_tactics = dict(sorted(
            tactics.items(), key=lambda kv: (rank[_framework(kv[0]).key], kv[1].model.order, kv[0])))
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
            self.refs(doc, base + ("attack",), question.attack, attack_known, _FRAMEWORK_ID,
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


def _framework(ident: str) -> Framework:
    found = framework_of(ident)
    assert found is not None, ident  # tactic ids are checked against the frameworks' patterns
    return found


def _what(what: str, ident: str) -> str:
    """How a message names a reference: "ATT&CK id", "ATLAS id" when the framework follows from it."""
    if what != _FRAMEWORK_ID:
        return what
    fw = framework_of(ident)
    return f"{fw.label if fw else 'ATT&CK'} id"

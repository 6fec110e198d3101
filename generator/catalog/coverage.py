"""What the course teaches and tests, per tactic and per technique under each tactic.

One model, read by the coverage page, the tactic pages, the Navigator layers and lint, so that
they cannot disagree. The counting rules:

- a module *teaches* a technique under a tactic when its ``covers.attack`` lists the technique
  under that tactic; it teaches the tactic when it lists the tactic at all;
- a question *tests* a technique when its ``attack`` list names it, under every tactic the
  course files the technique under; it tests a tactic when it names the tactic or a technique
  filed under it;
- a cell's score (the Navigator's) is the number of modules teaching it plus the number of
  questions testing it.

A scope (the whole course, a learning path, a module) limits which modules count.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from .. import models as m
from ..models.frameworks import ATTACK, Framework
from .entries import Catalog

SCORE_RULE = "score = modules that teach the technique under this tactic + self-check questions that test it"


@dataclass(frozen=True)
class QuestionRef:
    """A question and where it stands: its module and its number in the module's quiz."""

    module: m.Module
    number: int
    question: m.QuestionBase


@dataclass(frozen=True)
class Cell:
    """One technique under one tactic: a cell of the matrix, a technique of a Navigator layer."""

    tactic: m.AnyTactic
    technique: m.AnyTechnique
    taught: tuple[m.Module, ...]
    tested: tuple[QuestionRef, ...]

    @property
    def score(self) -> int:
        return len(self.taught) + len(self.tested)


@dataclass(frozen=True)
class TacticCoverage:
    tactic: m.AnyTactic
    cells: tuple[Cell, ...]  # in the order of the tactic file
    taught: tuple[m.Module, ...]
    tested: tuple[QuestionRef, ...]

    def cell(self, technique_id: str) -> Cell:
        return next(cell for cell in self.cells if cell.technique.id == technique_id)


@dataclass(frozen=True)
class Coverage:
    tactics: tuple[TacticCoverage, ...]  # in matrix order

    def tactic(self, tactic_id: str) -> TacticCoverage:
        return next(entry for entry in self.tactics if entry.tactic.id == tactic_id)


def attack_coverage(catalog: Catalog, modules: Iterable[str] | None = None) -> Coverage:
    """The coverage of the ATT&CK tactics by the modules in scope (all of them by default)."""
    return framework_coverage(catalog, ATTACK, modules)


def framework_coverage(catalog: Catalog, framework: Framework, modules: Iterable[str] | None = None) -> Coverage:
    """The coverage of one framework's tactics by the modules in scope (all of them by default)."""
    scope = [catalog.modules[mid].model for mid in (modules if modules is not None else catalog.modules)]
    teaches: dict[tuple[str, str | None], list[m.Module]] = {}  # (tactic, technique or None)
    tests: dict[str, list[QuestionRef]] = {}  # tactic or technique id
    for module in scope:
        for tid, techniques in module.covers.attack.items():
            teaches.setdefault((tid, None), []).append(module)
            for tech in dict.fromkeys(techniques):
                teaches.setdefault((tid, tech), []).append(module)
        for number, question in enumerate(module.quiz.questions if module.quiz else (), 1):
            ref = QuestionRef(module, number, question)
            named = dict.fromkeys(question.attack)
            for ident in named:
                tests.setdefault(ident, []).append(ref)
            # A question on a technique tests the tactics the technique is filed under (once each).
            filed = {tid for ident in named if ident in catalog.techniques for tid in catalog.techniques[ident].tactics}
            for tid in sorted(filed - named.keys()):
                tests.setdefault(tid, []).append(ref)
    tactics = []
    for tid, entry in catalog.framework_tactics(framework).items():
        tactic = entry.model
        cells = tuple(
            Cell(tactic, tech, tuple(teaches.get((tid, tech.id), ())), tuple(tests.get(tech.id, ())))
            for tech in tactic.techniques
        )
        tactics.append(TacticCoverage(tactic, cells, tuple(teaches.get((tid, None), ())), tuple(tests.get(tid, ()))))
    return Coverage(tuple(tactics))


@dataclass(frozen=True)
class Scope:
    """A part of the course whose coverage is shown on its own (a Navigator layer)."""

    kind: Literal["course", "path", "module"]
    ident: str  # the path's or module's id; "" for the course
    label: str  # how the coverage page lists it
    title: str  # the layer's name in the Navigator
    modules: tuple[str, ...]  # module ids in scope, in course order

    @property
    def name(self) -> str:
        """``course``, ``path-<id>`` or ``module-<id>``: the layer's file stem."""
        return self.kind if self.kind == "course" else f"{self.kind}-{self.ident}"


def scopes(catalog: Catalog, framework: Framework = ATTACK) -> list[Scope]:
    """The whole course, then each learning path, then each module that teaches or tests a
    technique of ``framework``: the layers of that framework."""
    course = catalog.course.model
    found = [Scope("course", "", "Whole course", course.title, tuple(catalog.modules))]
    for path in course.paths:
        found.append(Scope("path", path.id, f"Learning path: {path.title}", f"{course.title}: {path.title}",
                           tuple(mid for mid in catalog.modules if mid in path.modules)))
    for mid, entry in catalog.modules.items():
        found.append(Scope("module", mid, f"Module: {entry.model.title}", f"{course.title}: {entry.model.title}", (mid,)))
    # A path or module that teaches and tests no technique would be an empty layer: it gets none.
    return [scope for scope in found if scope.kind == "course" or _scores_any(catalog, framework, scope.modules)]


def _scores_any(catalog: Catalog, framework: Framework, modules: tuple[str, ...]) -> bool:
    coverage = framework_coverage(catalog, framework, modules)
    return any(cell.score for tactic in coverage.tactics for cell in tactic.cells)

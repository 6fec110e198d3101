"""What every page renderer needs: the catalog, the URL layout, and the links between entities.

The reverse links (which modules teach a tactic, which questions test a technique, which models
involve a role) are computed once here, so that every page kind reads them instead of searching.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from .. import models as m
from ..catalog import Catalog
from .urls import Urls


@dataclass(frozen=True)
class QuestionRef:
    module: m.Module
    number: int
    question: m.QuestionBase


@dataclass
class Context:
    catalog: Catalog
    urls: Urls
    modules_by_role: dict[str, list[m.Module]] = field(default_factory=lambda: defaultdict(list))
    modules_by_model: dict[str, list[m.Module]] = field(default_factory=lambda: defaultdict(list))
    modules_by_attack: dict[str, list[m.Module]] = field(default_factory=lambda: defaultdict(list))
    questions_by_attack: dict[str, list[QuestionRef]] = field(default_factory=lambda: defaultdict(list))
    paths_by_module: dict[str, list[m.LearningPath]] = field(default_factory=lambda: defaultdict(list))
    models_by_role: dict[str, list[m.ReportingModel]] = field(default_factory=lambda: defaultdict(list))
    asks_by_role: dict[str, list[tuple[m.Tactic, m.RoleQuestion]]] = field(default_factory=lambda: defaultdict(list))
    abbreviations: dict[str, str] = field(default_factory=dict)

    @classmethod
    def build(cls, catalog: Catalog, urls: Urls) -> Context:
        ctx = cls(catalog, urls)
        ctx.abbreviations = expansions(catalog.glossary.model if catalog.glossary else None)
        for entry in catalog.modules.values():
            module = entry.model
            for role in dict.fromkeys(module.audience + module.covers.roles):
                ctx.modules_by_role[role].append(module)
            for model in module.covers.reporting_models:
                ctx.modules_by_model[model].append(module)
            # A technique filed under two tactics is taught once by the module.
            for ident in dict.fromkeys(i for t, techs in module.covers.attack.items() for i in (t, *techs)):
                ctx.modules_by_attack[ident].append(module)
            if module.quiz is not None:
                for number, question in enumerate(module.quiz.questions, 1):
                    for ident in dict.fromkeys(question.attack):
                        ctx.questions_by_attack[ident].append(QuestionRef(module, number, question))
                        # A question on a technique also tests the tactics it is filed under.
                        technique = catalog.techniques.get(ident)
                        for tactic in technique.tactics if technique else ():
                            if tactic not in question.attack:
                                refs = ctx.questions_by_attack[tactic]
                                if not refs or refs[-1].question is not question:
                                    refs.append(QuestionRef(module, number, question))
        for path in catalog.course.model.paths:
            for module_id in path.modules:
                ctx.paths_by_module[module_id].append(path)
        for model_entry in catalog.reporting_models.values():
            chart = model_entry.model
            for role in dict.fromkeys(r for line in chart.lines for r in (line.from_, line.to)):
                ctx.models_by_role[role].append(chart)
        for tactic_entry in catalog.tactics.values():
            for ask in tactic_entry.model.role_questions:
                ctx.asks_by_role[ask.role].append((tactic_entry.model, ask))
        return ctx

    def role_name(self, ident: str) -> str:
        entry = self.catalog.roles.get(ident)
        return entry.model.abbreviation if entry else ident

    def module(self, ident: str) -> m.Module:
        return self.catalog.modules[ident].model


def expansions(glossary: m.Glossary | None) -> dict[str, str]:
    """Each glossary term that has an expansion, with it on one line."""
    if glossary is None:
        return {}
    # A term with a bracket, a backslash or a line break would break the definition's syntax; one
    # with '<' or '>' would be raw HTML to a Markdown engine without abbreviations.
    return {
        t.term: " ".join(t.expansion.split())
        for t in glossary.terms
        if t.expansion and not set(t.term) & set("[]\\\n<>")
    }

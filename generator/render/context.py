"""What every page renderer needs: the catalog, the URL layout, and the links between entities.

The reverse links (which modules involve a role, which models involve a role; what teaches and
tests each tactic comes from the coverage model) are computed once here, so that every page kind reads them instead of searching.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from .. import models as m
from ..catalog import Catalog
from ..catalog.coverage import Coverage, attack_coverage, framework_coverage
from ..models.frameworks import ATLAS
from .abbr import Abbreviations, glossary_abbreviations
from .urls import Urls


@dataclass
class Context:
    catalog: Catalog
    urls: Urls
    modules_by_role: dict[str, list[m.Module]] = field(default_factory=lambda: defaultdict(list))
    modules_by_model: dict[str, list[m.Module]] = field(default_factory=lambda: defaultdict(list))
    coverage: Coverage = field(default_factory=lambda: Coverage(()))
    atlas_coverage: Coverage = field(default_factory=lambda: Coverage(()))
    paths_by_module: dict[str, list[m.LearningPath]] = field(default_factory=lambda: defaultdict(list))
    models_by_role: dict[str, list[m.ReportingModel]] = field(default_factory=lambda: defaultdict(list))
    asks_by_role: dict[str, list[tuple[m.Tactic, m.RoleQuestion]]] = field(default_factory=lambda: defaultdict(list))
    abbreviations: Abbreviations = field(default_factory=lambda: Abbreviations({}))

    @classmethod
    def build(cls, catalog: Catalog, urls: Urls) -> Context:
        ctx = cls(catalog, urls)
        ctx.abbreviations = glossary_abbreviations(catalog.glossary.model if catalog.glossary else None)
        ctx.coverage = attack_coverage(catalog)
        ctx.atlas_coverage = framework_coverage(catalog, ATLAS)
        for entry in catalog.modules.values():
            module = entry.model
            for role in dict.fromkeys(module.audience + module.covers.roles):
                ctx.modules_by_role[role].append(module)
            for model in module.covers.reporting_models:
                ctx.modules_by_model[model].append(module)
        for path in catalog.course.model.paths:
            for module_id in path.modules:
                ctx.paths_by_module[module_id].append(path)
        for model_entry in catalog.reporting_models.values():
            chart = model_entry.model
            for role in dict.fromkeys(r for line in chart.lines for r in (line.from_, line.to)):
                ctx.models_by_role[role].append(chart)
        for tactic_entry in catalog.attack_tactics().values():  # ATLAS: see render/atlas.py
            for ask in tactic_entry.model.role_questions:
                ctx.asks_by_role[ask.role].append((tactic_entry.model, ask))
        return ctx

    def role_name(self, ident: str) -> str:
        entry = self.catalog.roles.get(ident)
        return entry.model.abbreviation if entry else ident

    def module(self, ident: str) -> m.Module:
        return self.catalog.modules[ident].model


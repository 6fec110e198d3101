"""Rendering: the catalog as a list of Markdown pages. Pure: no MkDocs, no file system."""

from __future__ import annotations

import dataclasses

from ..catalog import Catalog
from . import atlas, attack, course_pages, people
from .context import Context
from .page import Page
from .urls import Urls

__all__ = ["Page", "Urls", "abbreviations", "render_site"]
abbreviations = course_pages.abbreviations


def render_site(catalog: Catalog, urls: Urls | None = None) -> list[Page]:
    """Every generated page of the site, in navigation order."""
    ctx = Context.build(catalog, urls or Urls())
    pages = [course_pages.home(ctx), course_pages.paths_index(ctx)]
    pages += [course_pages.path_page(ctx, path) for path in catalog.course.model.paths]
    pages.append(course_pages.modules_index(ctx))
    pages += [course_pages.module_page(ctx, e.model) for e in catalog.modules.values()]
    pages.append(people.roles_index(ctx))
    pages += [people.role_page(ctx, e.model) for e in catalog.roles.values()]
    pages.append(people.comparison_page(ctx))
    pages += [people.reporting_model_page(ctx, e.model) for e in catalog.reporting_models.values()]
    pages.append(attack.coverage_page(ctx))
    pages += [attack.tactic_page(ctx, e.model) for e in catalog.attack_tactics().values()]
    if catalog.atlas_tactics():
        pages.append(atlas.coverage_page(ctx))
        pages += [atlas.tactic_page(ctx, e.model) for e in catalog.atlas_tactics().values()]
    pages.append(course_pages.glossary_page(ctx))
    pages.append(course_pages.progress_page(ctx))
    pages.append(course_pages.about_page(ctx))
    # Glossary abbreviations are explained on hover on every page that uses them.
    return [dataclasses.replace(page, markdown=page.markdown + ctx.abbreviations.definitions(page.markdown)) for page in pages]


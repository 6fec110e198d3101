"""Rendering: the catalog as a list of Markdown pages. Pure: no MkDocs, no file system."""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar

from ..catalog import Catalog, Entry
from . import attack, course_pages, people
from .context import Context
from .page import Page
from .safe import neutralise_model
from .urls import Urls

E = TypeVar("E", bound=Entry[Any])

__all__ = ["Page", "Urls", "abbreviations", "render_site"]
abbreviations = course_pages.abbreviations


def render_site(catalog: Catalog, urls: Urls | None = None) -> list[Page]:
    """Every generated page of the site, in navigation order."""
    ctx = Context.build(_neutralised(catalog), urls or Urls())
    catalog = ctx.catalog
    pages = [course_pages.home(ctx), course_pages.paths_index(ctx)]
    pages += [course_pages.path_page(ctx, path) for path in catalog.course.model.paths]
    pages.append(course_pages.modules_index(ctx))
    pages += [course_pages.module_page(ctx, e.model) for e in catalog.modules.values()]
    pages.append(people.roles_index(ctx))
    pages += [people.role_page(ctx, e.model) for e in catalog.roles.values()]
    pages.append(people.comparison_page(ctx))
    pages += [people.reporting_model_page(ctx, e.model) for e in catalog.reporting_models.values()]
    pages.append(attack.coverage_page(ctx))
    pages += [attack.tactic_page(ctx, e.model) for e in catalog.tactics.values()]
    pages.append(course_pages.glossary_page(ctx))
    pages.append(course_pages.progress_page(ctx))
    pages.append(course_pages.about_page(ctx))
    # Glossary abbreviations are explained on hover on every page.
    glossary = course_pages.abbreviations(catalog.glossary.model if catalog.glossary else None)
    return [dataclasses.replace(page, markdown=page.markdown + glossary) for page in pages]


def _entry(entry: E) -> E:
    return dataclasses.replace(entry, model=neutralise_model(entry.model))


def _neutralised(catalog: Catalog) -> Catalog:
    """The catalog as pages see it: trainer Markdown with raw HTML shown as text."""
    return dataclasses.replace(
        catalog,
        course=_entry(catalog.course),
        glossary=_entry(catalog.glossary) if catalog.glossary else None,
        roles={k: _entry(v) for k, v in catalog.roles.items()},
        reporting_models={k: _entry(v) for k, v in catalog.reporting_models.items()},
        tactics={k: _entry(v) for k, v in catalog.tactics.items()},
        modules={k: _entry(v) for k, v in catalog.modules.items()},
    )

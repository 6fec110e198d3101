"""Rendering: the catalog as a list of Markdown pages. Pure: no MkDocs, no file system."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from ..catalog import Catalog
from ..models.kinds import BY_NAME
from . import atlas, attack, course_pages, people
from .context import Context
from .page import Page
from .urls import Urls

__all__ = ["ENTITY_PAGES", "Page", "Urls", "abbreviations", "render_site"]
abbreviations = course_pages.abbreviations

# The page of one entity, for every kind of content that has a folder (models/kinds.py).
ENTITY_PAGES: dict[str, Callable[[Context, Any], Page]] = {
    "module": course_pages.module_page,
    "role": people.role_page,
    "reporting-model": people.reporting_model_page,
    "tactic": attack.tactic_page,
    "atlas-tactic": atlas.tactic_page,
}


def _pages_of(ctx: Context, kind_name: str) -> list[Page]:
    """The pages of every entity of a kind, in catalog order."""
    kind = BY_NAME[kind_name]
    render = ENTITY_PAGES[kind_name]
    return [render(ctx, e.model) for e in ctx.catalog.entities(kind).values() if isinstance(e.model, kind.model)]


def render_site(catalog: Catalog, urls: Urls | None = None, *, package: bool = False) -> list[Page]:
    """Every generated page of the site, in navigation order. For a SCORM ``package``, without the
    progress page: it reads the browser's storage, while in an LMS the results are the LMS's."""
    ctx = Context.build(catalog, urls or Urls())
    pages = [course_pages.home(ctx, progress=not package), course_pages.paths_index(ctx)]
    pages += [course_pages.path_page(ctx, path) for path in catalog.course.model.paths]
    pages.append(course_pages.modules_index(ctx))
    pages += _pages_of(ctx, "module")
    pages.append(people.roles_index(ctx))
    pages += _pages_of(ctx, "role")
    pages.append(people.comparison_page(ctx))
    pages += _pages_of(ctx, "reporting-model")
    pages.append(attack.coverage_page(ctx))
    pages += _pages_of(ctx, "tactic")
    if catalog.atlas_tactics():
        pages.append(atlas.coverage_page(ctx))
        pages += _pages_of(ctx, "atlas-tactic")
    pages.append(course_pages.glossary_page(ctx))
    if not package:
        pages.append(course_pages.progress_page(ctx))
    pages.append(course_pages.about_page(ctx))
    # Glossary abbreviations are explained on hover on every page that uses them.
    return [dataclasses.replace(page, markdown=page.markdown + ctx.abbreviations.definitions(page.markdown)) for page in pages]


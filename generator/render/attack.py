"""ATT&CK page kinds: one page per tactic, and the coverage matrix."""

from __future__ import annotations

from .. import models as m
from ..catalog.coverage import SCORE_RULE, scopes
from ..models.frameworks import ATTACK
from .atlas import extended_by
from .context import Context
from .page import Page
from .tactic_lists import coverage_tables, tactic_page_end, technique_sections
from .text import anchor_id, bullets, escape_md, front_matter, md_link, plain


def _extended_in_atlas(ctx: Context, technique: str, uri: str) -> list[str]:
    """The ATLAS techniques that extend an ATT&CK technique, linked (none, or one line)."""
    extensions = extended_by(ctx, technique)
    if not extensions:
        return []
    return ["Extended in ATLAS by: " + ", ".join(
        md_link(f"{ident} {name}", uri, ctx.urls.tactic(tid), anchor_id(ident)) for ident, name, tid in extensions)]


def tactic_page(ctx: Context, tactic: m.Tactic) -> Page:
    urls = ctx.urls
    uri = urls.tactic(tactic.id)
    title = f"{tactic.id} {tactic.name}"
    coverage = ctx.coverage.tactic(tactic.id)
    out = [front_matter({"title": title, "description": plain(tactic.summary)})]
    out.append(f"# {escape_md(title)}\n")
    adapted = [t for t in ctx.catalog.atlas_tactics().values() if t.model.attack_reference == tactic.id]
    out.append(bullets([
        f"**ATT&CK id:** {tactic.id} (`{tactic.shortname}`), position {tactic.order} in the Enterprise matrix",
        f"**On the ATT&CK site:** [{escape_md(tactic.name)}]({tactic.url})",
        *([("**Adapted in ATLAS by:** " + ", ".join(
            md_link(f"{t.model.id} {t.model.name}", uri, urls.tactic(t.model.id)) for t in adapted))] if adapted else []),
    ]))
    out.append(f"## What the adversary is after\n\n{tactic.summary.strip()}\n")
    out.append(f"## Why it matters when AI tools are adopted\n\n{tactic.ai_relevance.strip()}\n")
    out += technique_sections(
        ctx, ATTACK, tactic.id, tactic.techniques, coverage, uri, text=lambda tech: tech.ai_relevance,
        before=lambda tech: [], after=lambda tech: _extended_in_atlas(ctx, tech.id, uri),
    )
    out += tactic_page_end(ctx, tactic, coverage, uri)
    return Page(uri, "tactic", title, "\n".join(out))


def coverage_page(ctx: Context) -> Page:
    urls = ctx.urls
    uri = urls.attack
    course = ctx.catalog.course.model
    columns = ctx.coverage.tactics
    out = [front_matter({"title": "ATT&CK coverage"}), "# ATT&CK coverage\n"]
    out.append(
        f"The course follows MITRE ATT&CK® {escape_md(course.attack.domain)} version "
        f"{escape_md(course.attack.version)}. Tactics are the columns, in matrix order; each cell "
        "is a technique the course discusses, with the number of modules that teach it under that "
        "tactic and of self-check questions that test it (the Navigator layers below score the same "
        "cells: modules plus questions).\n"
    )
    out += coverage_tables(columns, urls, uri)
    out.append(_navigator_downloads(ctx, uri))
    return Page(uri, "coverage", "ATT&CK coverage", "\n".join(out))


def _navigator_downloads(ctx: Context, uri: str) -> str:
    """Links to the ATT&CK Navigator layers that the site serves beside this page."""
    files = scopes(ctx.catalog)
    return "\n".join([
        "## In the ATT&CK Navigator\n",
        "The same coverage as layers for the ATT&CK Navigator (layer format 4.5): in the Navigator, "
        "choose *Open Existing Layer*, then *Upload from local*. In each layer, "
        f"{escape_md(SCORE_RULE)}.\n",
        bullets(md_link(f.label, uri, ctx.urls.layer(f.name)) for f in files),
    ])

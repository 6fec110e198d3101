"""ATLAS page kinds: one page per ATLAS tactic, and the ATLAS coverage matrix. They read the same
coverage model as the ATT&CK pages and the ATLAS Navigator layers."""

from __future__ import annotations

from .. import models as m
from ..catalog.coverage import SCORE_RULE, scopes
from ..models.frameworks import ATLAS
from .context import Context
from .page import Page
from .tactic_lists import coverage_tables, tactic_page_end, technique_sections
from .text import anchor_id, bullets, escape_md, front_matter, md_link, plain


def tactic_page(ctx: Context, tactic: m.AtlasTactic) -> Page:
    urls = ctx.urls
    uri = urls.tactic(tactic.id)
    title = f"{tactic.id} {tactic.name}"
    coverage = ctx.atlas_coverage.tactic(tactic.id)
    catalog = ctx.catalog
    out = [front_matter({"title": title, "description": plain(tactic.summary)})]
    out.append(f"# {escape_md(title)}\n")
    facts = [
        f"**ATLAS id:** {tactic.id}, position {tactic.order} in the ATLAS matrix",
        f"**On the ATLAS site:** [{escape_md(tactic.name)}]({tactic.url})",
    ]
    ref = tactic.attack_reference
    if ref is not None:
        shown = md_link(f"{ref} {catalog.tactics[ref].model.name}", uri, urls.tactic(ref)) if ref in catalog.tactics else ref
        facts.append(f"**Adapts the ATT&CK tactic:** {shown}")
    else:
        facts.append("**Only in ATLAS:** ATT&CK has no tactic it adapts")
    out.append(bullets(facts))
    out.append(f"## What the adversary is after\n\n{tactic.summary.strip()}\n")
    out += technique_sections(
        ctx, ATLAS, tactic.id, tactic.techniques, coverage, uri, text=lambda tech: tech.summary,
        before=lambda tech: [] if tech.attack_reference is None else [
            "Extends the ATT&CK technique " + _attack_technique(ctx, uri, tech.attack_reference)],
        after=lambda tech: [],
    )
    out += tactic_page_end(ctx, tactic, coverage, uri)
    return Page(uri, "tactic", title, "\n".join(out))


def _attack_technique(ctx: Context, uri: str, ident: str) -> str:
    """An ATT&CK technique an ATLAS technique extends: linked to its place in the course when the
    course discusses it, else to ATT&CK's site."""
    ref = ctx.catalog.techniques.get(ident)
    if ref is not None:
        return md_link(f"{ident} {ref.name}", uri, ctx.urls.tactic(ref.tactics[0]), anchor_id(ident))
    return f"[{ident}](https://attack.mitre.org/techniques/{ident.replace('.', '/')})"


def extended_by(ctx: Context, technique_id: str) -> list[tuple[str, str, str]]:
    """The course's ATLAS techniques that extend ATT&CK technique ``technique_id``: (id, name, tactic id)."""
    found = []
    for entry in ctx.catalog.atlas_tactics().values():
        for tech in entry.model.techniques:
            if tech.attack_reference == technique_id:
                found.append((tech.id, tech.name, entry.model.id))
    return found


def coverage_page(ctx: Context) -> Page:
    urls = ctx.urls
    uri = urls.atlas
    course = ctx.catalog.course.model
    columns = ctx.atlas_coverage.tactics
    version = course.atlas.version if course.atlas else ""
    out = [front_matter({"title": "ATLAS coverage"}), "# ATLAS coverage\n"]
    out.append(
        f"MITRE ATLAS™ is the ATT&CK-style matrix of attacks on AI systems themselves; the course follows "
        f"release {escape_md(version)}. Tactics are the columns, in ATLAS matrix order; each cell is an ATLAS "
        "technique the course discusses, with the number of modules that teach it under that tactic and of "
        "self-check questions that test it (the ATLAS Navigator layers below score the same cells).\n"
    )
    out += coverage_tables(columns, urls, uri)
    out.append("\n".join([
        "## In the ATLAS Navigator\n",
        "The same coverage as layers for the ATLAS Navigator (domain `atlas-atlas`, layer format 4.5): "
        f"choose *Open Existing Layer*, then *Upload from local*. In each layer, {escape_md(SCORE_RULE)}.\n",
        bullets(md_link(f.label, uri, urls.layer(f.name, "atlas")) for f in scopes(ctx.catalog, ATLAS)),
    ]))
    return Page(uri, "coverage", "ATLAS coverage", "\n".join(out))

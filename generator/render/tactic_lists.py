"""What the tactic and coverage pages of both frameworks share, from the one coverage model: a
tactic's techniques (heading, text, MITRE address, the technique a sub-technique belongs to,
links to its other tactics and to the modules that teach it), the end
of a tactic's page (the roles' questions, the modules that teach it, the questions that test it)
and a coverage page's matrix and table by tactic."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from .. import models as m
from ..catalog.coverage import TacticCoverage
from ..models.frameworks import Framework
from .context import Context
from .text import anchor_id, bullets, escape_md, md_link, out_of_search, plain, table
from .urls import Urls

T = TypeVar("T", m.Technique, m.AtlasTechnique)


def technique_sections(
    ctx: Context, framework: Framework, tactic: str, techniques: Sequence[T], coverage: TacticCoverage, uri: str,
    text: Callable[[T], str], before: Callable[[T], list[str]], after: Callable[[T], list[str]],
) -> list[str]:
    """The techniques part of a tactic's page: per technique, its heading (anchored by its id),
    the course's ``text`` about it, and its facts: its page on MITRE's site, the technique a
    sub-technique belongs to, the framework's own links (``before`` and ``after`` its other
    tactics) and the modules that teach it. Nothing when the tactic lists no technique."""
    if not techniques:
        return []
    out = ["## Techniques\n"]
    for tech in techniques:
        out.append(f"### {tech.id} {escape_md(tech.name)} {{#{anchor_id(tech.id)}}}\n")
        out.append(f"{text(tech).strip()}\n")
        facts = [f"On the {framework.label} site: [{tech.id}]({tech.url})"]
        parent = framework.parent_technique(tech.id)
        if parent is not None:
            facts.append(f"A sub-technique of {parent}")
        facts += before(tech) + also_under(ctx, tactic, tech.id, uri) + after(tech) + taught_in(coverage, tech.id, ctx.urls, uri)
        out.append(bullets(facts))
    return out


def also_under(ctx: Context, tactic: str, technique: str, uri: str) -> list[str]:
    """A technique's other tactics, linked to its place on their pages (none, or one line)."""
    others = [t for t in ctx.catalog.techniques[technique].tactics if t != tactic]
    if not others:
        return []
    urls = ctx.urls
    return ["Also under: " + ", ".join(
        md_link(f"{t} {ctx.catalog.tactics[t].model.name}", uri, urls.tactic(t), anchor_id(technique)) for t in others)]


def taught_in(coverage: TacticCoverage, technique: str, urls: Urls, uri: str) -> list[str]:
    """The modules that teach a technique under this tactic (none, or one line)."""
    teaching = coverage.cell(technique).taught
    return ["Taught in: " + ", ".join(md_link(x.title, uri, urls.module(x.id)) for x in teaching)] if teaching else []


def tactic_page_end(ctx: Context, tactic: m.AnyTactic, coverage: TacticCoverage, uri: str) -> list[str]:
    """The end of a tactic's page, of either framework: what each role should ask, the modules that
    teach it, the questions that test it."""
    urls = ctx.urls
    out = []
    if tactic.role_questions:
        out.append("## What each role should ask or decide\n")
        out.append(table(
            ["Role", "Question or decision"],
            [[md_link(ctx.catalog.roles[q.role].model.title, uri, urls.role(q.role)), q.ask] for q in tactic.role_questions],
        ))
    out.append("## Modules that teach it\n")
    modules = coverage.taught
    out.append(out_of_search(bullets([md_link(x.title, uri, urls.module(x.id)) for x in modules])) if modules else "No module teaches this tactic yet.\n")
    out.append("## Questions that test it\n")
    if coverage.tested:
        out.append(out_of_search(bullets([
            f"{md_link(ref.module.title, uri, urls.module(ref.module.id), f'q-{ref.question.id}')}, question {ref.number}: "
            f"{escape_md(plain(ref.question.prompt, 120))}"
            for ref in coverage.tested
        ])))
    else:
        out.append("No self-check question tests this tactic yet.\n")
    return out


def coverage_tables(columns: tuple[TacticCoverage, ...], urls: Urls, uri: str) -> list[str]:
    """The matrix (tactics as columns, each technique with the modules that teach it and the
    questions that test it) and the table by tactic."""
    out = []
    header = [md_link(f"{c.tactic.id} {c.tactic.name}", uri, urls.tactic(c.tactic.id)) for c in columns]
    depth = max((len(column.cells) for column in columns), default=0)
    rows = []
    for row in range(depth):
        cells = []
        for column in columns:
            if row >= len(column.cells):
                cells.append("")
                continue
            cell = column.cells[row]
            tech = cell.technique
            cells.append(
                f"{md_link(f'{tech.id} {tech.name}', uri, urls.tactic(column.tactic.id), anchor_id(tech.id))}<br>"
                f"taught {len(cell.taught)}, tested {len(cell.tested)}"
            )
        rows.append(cells)
    if columns:
        out.append('<div class="cc-matrix" markdown="block">\n')
        out.append(table(header, rows))
        out.append("</div>\n")
    out.append("## By tactic\n")
    out.append(table(
        ["Tactic", "Techniques discussed", "Modules teaching it", "Questions testing it"],
        [[md_link(f"{c.tactic.id} {c.tactic.name}", uri, urls.tactic(c.tactic.id)),
          str(len(c.cells)), str(len(c.taught)), str(len(c.tested))] for c in columns],
    ))
    return out

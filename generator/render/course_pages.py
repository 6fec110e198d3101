"""Page kinds about the course itself: home, learning paths, modules, glossary, progress, about."""

from __future__ import annotations

from .. import models as m
from ..models.frameworks import FRAMEWORKS
from .abbr import Abbreviations, glossary_abbreviations
from .context import Context
from .page import Page
from .quiz import render_quiz
from .text import (
    admonition,
    anchor_id,
    bullets,
    escape_md,
    front_matter,
    md_link,
    out_of_search,
    plain,
    table,
)


def _minutes(total: int) -> str:
    hours, minutes = divmod(total, 60)
    if hours and minutes:
        return f"{hours} h {minutes} min"
    return f"{hours} h" if hours else f"{minutes} min"


def home(ctx: Context, *, progress: bool = True) -> Page:
    """The home page; without the row that leads to the progress page when there is none."""
    course = ctx.catalog.course.model
    uri = ctx.urls.home
    out = [front_matter({"title": course.title, "description": plain(course.summary)})]
    out.append(f"# {escape_md(course.title)}\n\n{course.summary.strip()}\n")
    out.append(f"**Who it is for:** {course.audience.strip()}\n")
    if course.paths:
        out.append("## Learning paths\n")
        for path in course.paths:
            minutes = sum(ctx.module(mid).duration_minutes for mid in path.modules)
            out.append(
                f"- {md_link(path.title, uri, ctx.urls.path(path.id))}: {len(path.modules)} modules, "
                f"about {_minutes(minutes)}. {path.summary.strip()}"
            )
        out.append("")
    c = ctx.catalog
    out.append("## What is inside\n")
    out.append(
        table(
            ["Section", "What you find there"],
            [
                [md_link("Modules", uri, ctx.urls.modules), f"{len(c.modules)} modules, each with a self-check quiz"],
                [md_link("Roles", uri, ctx.urls.roles), f"{len(c.roles)} executive roles: mandates, incentives, tensions"],
                [md_link("Reporting models", uri, ctx.urls.reporting_models), f"{len(c.reporting_models)} ways to place the CISO, compared side by side"],
                [md_link("ATT&CK coverage", uri, ctx.urls.attack), f"{len(c.attack_tactics())} ATT&CK tactics and what the course teaches and tests"],
                *([[md_link("ATLAS coverage", uri, ctx.urls.atlas),
                    f"{len(atlas)} ATLAS tactics: attacks on AI systems, and what the course teaches and tests"]]
                  if (atlas := c.atlas_tactics()) else []),
                [md_link("Glossary", uri, ctx.urls.glossary), "terms and abbreviations"],
                *([[md_link("Your progress", uri, ctx.urls.progress), "your quiz results, kept in this browser"]] if progress else []),
            ],
        )
    )
    return Page(uri, "home", course.title, "\n".join(out))


def paths_index(ctx: Context) -> Page:
    uri = ctx.urls.paths
    out = [front_matter({"title": "Learning paths"}), "# Learning paths\n"]
    rows = []
    for path in ctx.catalog.course.model.paths:
        audience = ", ".join(md_link(ctx.role_name(r), uri, ctx.urls.role(r)) for r in path.audience)
        rows.append([md_link(path.title, uri, ctx.urls.path(path.id)), audience or "everyone", str(len(path.modules)), escape_md(plain(path.summary))])
    out.append(table(["Path", "For", "Modules", "About"], rows) if rows else "No learning paths yet.\n")
    return Page(uri, "paths", "Learning paths", "\n".join(out))


def path_page(ctx: Context, path: m.LearningPath) -> Page:
    uri = ctx.urls.path(path.id)
    out = [front_matter({"title": path.title, "description": plain(path.summary)})]
    out.append(f"# {escape_md(path.title)}\n\n{path.summary.strip()}\n")
    if path.audience:
        out.append("**For:** " + ", ".join(md_link(ctx.catalog.roles[r].model.title, uri, ctx.urls.role(r)) for r in path.audience) + "\n")
    total = 0
    out.append("## Modules, in order\n")
    for number, mid in enumerate(path.modules, 1):
        module = ctx.module(mid)
        total += module.duration_minutes
        out.append(
            f"{number}. {md_link(module.title, uri, ctx.urls.module(mid))} "
            f"({module.level.value}, {_minutes(module.duration_minutes)}): {escape_md(plain(module.summary))}"
        )
    out.append(f"\nAbout {_minutes(total)} in all.\n")
    return Page(uri, "path", path.title, "\n".join(out))


def modules_index(ctx: Context) -> Page:
    uri = ctx.urls.modules
    out = [front_matter({"title": "Modules"}), "# Modules\n"]
    rows = []
    for entry in ctx.catalog.modules.values():
        module = entry.model
        questions = len(module.quiz.questions) if module.quiz else 0
        rows.append([
            md_link(module.title, uri, ctx.urls.module(module.id)),
            module.level.value,
            _minutes(module.duration_minutes),
            str(questions),
        ])
    out.append(out_of_search(table(["Module", "Level", "Duration", "Questions"], rows)))
    return Page(uri, "modules", "Modules", "\n".join(out))


def module_page(ctx: Context, module: m.Module) -> Page:
    urls = ctx.urls
    uri = urls.module(module.id)
    out = [front_matter({"title": module.title, "description": plain(module.summary)})]
    out.append(f"# {escape_md(module.title)}\n\n{module.summary.strip()}\n")
    facts = [
        f"**Level:** {module.level.value}",
        f"**Duration:** {_minutes(module.duration_minutes)}",
        "**For:** " + ", ".join(md_link(ctx.role_name(r), uri, urls.role(r)) for r in module.audience),
    ]
    if module.prerequisites:
        facts.append("**Before this:** " + ", ".join(md_link(ctx.module(p).title, uri, urls.module(p)) for p in module.prerequisites))
    paths = ctx.paths_by_module.get(module.id, [])
    if paths:
        facts.append("**On the paths:** " + ", ".join(md_link(p.title, uri, urls.path(p.id)) for p in paths))
    out.append(bullets(facts))

    out.append("## Learning objectives\n\nAfter this module you can:\n")
    out.append(bullets(objective.text for objective in module.objectives))

    for number, lesson in enumerate(module.lessons, 1):
        out.append(f"## Lesson {number}: {escape_md(lesson.title)}\n\n{lesson.body.strip()}\n")

    if module.scenario is not None:
        scenario = module.scenario
        out.append(f"## Scenario: {escape_md(scenario.title)}\n\n{scenario.situation.strip()}\n")
        out.append(admonition("question", "For discussion", bullets(scenario.questions)))
        if scenario.debrief is not None:
            out.append(admonition("success", "Debrief: what a good answer covers", scenario.debrief.strip(), collapsible=True))

    out.append("## What this module covers\n")
    covered = []
    if module.covers.roles:
        covered.append("**Roles:** " + ", ".join(md_link(ctx.catalog.roles[r].model.title, uri, urls.role(r)) for r in module.covers.roles))
    if module.covers.reporting_models:
        covered.append("**Reporting models:** " + ", ".join(
            md_link(ctx.catalog.reporting_models[r].model.title, uri, urls.reporting_model(r)) for r in module.covers.reporting_models))
    out.append(bullets(covered) if covered else "")
    for fw in FRAMEWORKS:  # ATT&CK's tactics, then ATLAS's, each in matrix order
        mine = [(tid, techniques) for tid, techniques in module.covers.attack.items() if fw.is_tactic(tid)]
        if not mine:
            continue
        rows = []
        for tid, techniques in sorted(mine, key=lambda kv: ctx.catalog.tactics[kv[0]].model.order):
            tactic = ctx.catalog.tactics[tid].model
            techs = ", ".join(
                md_link(f"{t} {ctx.catalog.techniques[t].name}", uri, urls.tactic(tid), anchor_id(t)) for t in techniques
            )
            rows.append([md_link(f"{tid} {tactic.name}", uri, urls.tactic(tid)), techs or "the tactic as a whole"])
        out.append(table([f"{fw.label} tactic", "Techniques"], rows))

    if module.references:
        out.append("## References\n")
        refs = []
        for ref in module.references:
            title = f"[{escape_md(ref.title)}]({ref.url})" if ref.url else f"*{escape_md(ref.title)}*"
            extra = "".join(f", {escape_md(part)}" for part in (ref.publisher, ref.date) if part)
            note = f": {ref.note.strip()}" if ref.note else ""
            refs.append(f"{title}{extra}{note}")
        out.append(bullets(refs))

    if module.quiz is not None:
        out.append("## Self-check\n")
        out.append(render_quiz(module, module.quiz, ctx.catalog.pass_mark(module), ctx.abbreviations))
    return Page(uri, "module", module.title, "\n".join(out))


def glossary_page(ctx: Context) -> Page:
    uri = ctx.urls.glossary
    out = [front_matter({"title": "Glossary"}), "# Glossary\n"]
    glossary = ctx.catalog.glossary
    if glossary is None:
        out.append("No glossary yet.\n")
        return Page(uri, "glossary", "Glossary", "\n".join(out))
    terms = {t.id: t for t in glossary.model.terms}
    for term in sorted(glossary.model.terms, key=lambda t: t.term.casefold()):
        heading = escape_md(term.term) + (f" ({escape_md(term.expansion)})" if term.expansion else "")
        out.append(f"## {heading} {{#{term.id}}}\n\n{term.definition.strip()}\n")
        if term.see_also:
            out.append("See also: " + ", ".join(f"[{escape_md(terms[s].term)}](#{s})" for s in term.see_also) + "\n")
    return Page(uri, "glossary", "Glossary", "\n".join(out))


def progress_page(ctx: Context) -> Page:
    """The learner's quiz results, filled in by the quiz script from the browser's storage.

    Every element on the way to the module links carries ``markdown`` so that md_in_html renders
    the links (and MkDocs checks and rewrites them). The note for readers without JavaScript is a
    plain paragraph that the script hides: the sanitiser drops ``<noscript>``.
    """
    uri = ctx.urls.progress
    rows = []
    for entry in ctx.catalog.modules.values():
        module = entry.model
        if module.quiz is None:
            continue
        rows.append(
            f'<tr data-ccq-progress="{module.id}" markdown="1"><td markdown="span">{md_link(module.title, uri, ctx.urls.module(module.id))}</td>'
            f"<td>{len(module.quiz.questions)}</td><td>{ctx.catalog.pass_mark(module)}%</td>"
            '<td class="ccq-best">unknown</td><td class="ccq-state">unknown</td></tr>'
        )
    out = [
        # Out of search: the table only lists the modules, which have pages of their own, and on a
        # large course it is more text than Zensical's search index takes in one section.
        front_matter({"title": "Your progress"}).removesuffix("---\n\n") + "search:\n  exclude: true\n---\n\n",
        "# Your progress\n",
        "Your self-check results are kept in this browser only. They are not sent anywhere.\n",
        '<div class="ccq-progress" markdown="block">'
        '<p class="ccq-nojs">Turn on JavaScript to see and keep your results: without it, this page cannot read them.</p>'
        '<table markdown="1"><thead><tr><th scope="col">Module</th><th scope="col">Questions</th><th scope="col">Pass mark</th>'
        '<th scope="col">Best score</th><th scope="col">Result</th></tr></thead>'
        f'<tbody markdown="1">{"".join(rows)}</tbody></table>'
        '<p class="ccq-progress-summary" role="status" aria-live="polite"></p>'
        "</div>\n",
    ]
    return Page(uri, "progress", "Your progress", "\n".join(out))


def about_page(ctx: Context) -> Page:
    course = ctx.catalog.course.model
    uri = ctx.urls.about
    out = [front_matter({"title": "About this course"}), "# About this course\n"]
    out.append(bullets([
        f"**Course:** {escape_md(course.title)}, version {escape_md(course.version)}",
        f"**MITRE ATT&CK®:** {escape_md(course.attack.domain)}, version {escape_md(course.attack.version)}",
    ]))
    out.append("## MITRE ATT&CK®\n")
    out.append(course.attack_notice.strip() + "\n")
    out.append(course.licence.strip() + "\n")
    out.append(
        "Tactic and technique ids, names and addresses follow ATT&CK. Summaries, the reasons each "
        "tactic matters when AI tools are adopted, and the questions for each role are the course's own.\n"
    )
    if course.atlas is not None:
        out.append("## MITRE ATLAS™\n")
        out.append(f"The ATLAS tactics follow MITRE ATLAS™ release {escape_md(course.atlas.version)}.\n")
        if course.atlas_notice:
            out.append(course.atlas_notice.strip() + "\n")
        out.append(
            "ATLAS tactic, technique and case-study ids, names and addresses are MITRE's. Summaries and "
            "the questions for each role are the course's own.\n"
        )
    return Page(uri, "about", "About this course", "\n".join(out))


def abbreviations(glossary: m.Glossary | None) -> Abbreviations:
    """The glossary's abbreviations (Markdown's ``abbr``), which explain each term on hover:
    ``definitions(text)`` gives a page those its text uses."""
    return glossary_abbreviations(glossary)


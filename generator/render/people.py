"""Page kinds about people and structure: roles, reporting models, and their comparison."""

from __future__ import annotations

from .. import models as m
from . import chart_svg, orgchart
from .context import Context
from .page import Page
from .text import bullets, escape_md, front_matter, md_link, plain, rating, table


def roles_index(ctx: Context) -> Page:
    uri = ctx.urls.roles
    rows = [
        [md_link(f"{e.model.title} ({e.model.abbreviation})", uri, ctx.urls.role(e.model.id)), escape_md(plain(e.model.summary))]
        for e in ctx.catalog.roles.values()
    ]
    out = [front_matter({"title": "Roles"}), "# Roles\n", table(["Role", "In short"], rows)]
    return Page(uri, "roles", "Roles", "\n".join(out))


def role_page(ctx: Context, role: m.Role) -> Page:
    urls = ctx.urls
    uri = urls.role(role.id)
    title = f"{role.title} ({role.abbreviation})"
    out = [front_matter({"title": title, "description": plain(role.summary)})]
    out.append(f"# {escape_md(title)}\n\n{role.summary.strip()}\n")
    out.append(f"## Mandate\n\n{role.mandate.strip()}\n")
    out.append("## Responsibilities\n\n" + bullets(role.responsibilities))
    out.append("## Measured on\n\n" + bullets(role.measured_on))
    if role.incentives:
        out.append("## Incentives\n\n" + bullets(role.incentives))
    if role.blind_spots:
        out.append("## Blind spots\n\n" + bullets(role.blind_spots))
    if role.tensions:
        out.append("## Tensions with other roles\n")
        for tension in role.tensions:
            other = ctx.catalog.roles[tension.role].model
            out.append(f"### With the {md_link(other.abbreviation, uri, urls.role(other.id))}\n\n{tension.description.strip()}\n")
    out.append(f"## How AI changes the role\n\n{role.ai_impact.strip()}\n")
    models = ctx.models_by_role.get(role.id, [])
    if models:
        out.append("## Reporting models that involve this role\n\n" + bullets(
            md_link(model.title, uri, urls.reporting_model(model.id)) for model in models))
    asks = ctx.asks_by_role.get(role.id, [])
    if asks:
        out.append("## What to ask about each ATT&CK tactic\n")
        out.append(table(
            ["Tactic", "Question or decision"],
            [[md_link(f"{t.id} {t.name}", uri, urls.tactic(t.id)), ask.ask] for t, ask in asks],
        ))
    modules = ctx.modules_by_role.get(role.id, [])
    if modules:
        out.append("## Modules for or about this role\n\n" + bullets(
            md_link(module.title, uri, urls.module(module.id)) for module in modules))
    return Page(uri, "role", title, "\n".join(out))


def org_chart(ctx: Context, model: m.ReportingModel) -> str:
    """The model's reporting lines as an inline SVG org chart, drawn by the project from validated text."""
    roles = {}
    for ident in dict.fromkeys(r for line in model.lines for r in (line.from_, line.to)):
        role = ctx.catalog.roles[ident].model
        roles[ident] = orgchart.Role(ident, " ".join(role.abbreviation.split()), " ".join(role.title.split()))
    lines = [orgchart.Line(x.from_, x.to, x.kind is m.LineKind.dotted, x.label or "") for x in model.lines]
    chart = orgchart.layout(roles, lines)
    return chart_svg.svg(chart, f"cc-orgchart-{model.id}", f"Org chart: {model.title}", _chart_text(ctx, model))


def _chart_text(ctx: Context, model: m.ReportingModel) -> str:
    """The same lines as words, for readers who cannot see the chart."""
    parts = []
    for line in model.lines:
        kind = "reports to" if line.kind is m.LineKind.solid else "has a dotted line to"
        label = f" ({' '.join(line.label.split())})" if line.label else ""
        parts.append(f"{ctx.role_name(line.from_)} {kind} {ctx.role_name(line.to)}{label}")
    return "; ".join(parts) + "."


def reporting_model_page(ctx: Context, model: m.ReportingModel) -> Page:
    urls = ctx.urls
    uri = urls.reporting_model(model.id)
    out = [front_matter({"title": model.title, "description": plain(model.summary)})]
    out.append(f"# {escape_md(model.title)}\n\n{model.summary.strip()}\n")
    out.append("## Org chart\n")
    chart = org_chart(ctx, model)
    out.append(f'<div class="cc-orgchart">\n{chart}\n</div>\n')
    out.append(
        "Each arrow points to the role reported to: solid arrows are reporting lines, dashed arrows "
        f"are dotted lines. In words: {escape_md(_chart_text(ctx, model))}\n"
    )
    roles = dict.fromkeys(r for line in model.lines for r in (line.from_, line.to))
    out.append("Roles in this chart: " + ", ".join(md_link(ctx.catalog.roles[r].model.title, uri, urls.role(r)) for r in roles) + "\n")
    out.append("## How it scores\n")
    rows = []
    for key, label in m.CRITERIA_LABELS.items():
        score: m.Score = getattr(model.criteria, key)
        note = " (higher is worse)" if key in m.CRITERIA_LOWER_IS_BETTER else ""
        rows.append([f"{label}{note}", rating(score.rating), score.rationale])
    out.append(table(["Criterion", "Rating", "Why"], rows))
    out.append(f"Compare with the other models on the {md_link('comparison page', uri, urls.reporting_models)}.\n")
    out.append("## Strengths\n\n" + bullets(model.strengths))
    out.append("## Weaknesses\n\n" + bullets(model.weaknesses))
    if model.warning_signs:
        out.append("## Warning signs\n\n" + bullets(model.warning_signs))
    out.append(f"## When it fits\n\n{model.when_it_fits.strip()}\n")
    if model.perspectives:
        out.append("## Perspectives\n")
        for p in model.perspectives:
            source = p.source
            title = f"[{escape_md(source.title)}]({source.url})" if source.url else f"*{escape_md(source.title)}*"
            where = ", ".join(escape_md(x) for x in (source.publisher, source.date) if x)
            out.append(
                f"### {escape_md(p.who)}, {escape_md(p.affiliation)}\n\n{p.position.strip()}\n\n"
                f"Source: {title}{', ' + where if where else ''}. The position is paraphrased in the course's words.\n"
            )
    modules = ctx.modules_by_model.get(model.id, [])
    if modules:
        out.append("## Modules that discuss it\n\n" + bullets(md_link(x.title, uri, urls.module(x.id)) for x in modules))
    return Page(uri, "reporting-model", model.title, "\n".join(out), charts=(chart,))


def comparison_page(ctx: Context) -> Page:
    urls = ctx.urls
    uri = urls.reporting_models
    out = [front_matter({"title": "Reporting models compared"}), "# Reporting models compared\n"]
    out.append(
        "Where the CISO reports decides who can overrule security, who sets its budget and who "
        "hears about risk first. Every model is scored on the same criteria, from 1 (lowest) to 5 "
        "(highest). For conflict-of-interest risk a higher rating is worse; for every other "
        "criterion a higher rating is better.\n"
    )
    header = ["Model"] + list(m.CRITERIA_LABELS.values())
    rows = []
    for entry in ctx.catalog.reporting_models.values():
        model = entry.model
        rows.append([md_link(model.title, uri, urls.reporting_model(model.id))]
                    + [rating(getattr(model.criteria, key).rating) for key in m.CRITERIA_LABELS])
    out.append(table(header, rows))
    out.append("## In one line each\n")
    out.append(bullets(
        f"{md_link(e.model.title, uri, urls.reporting_model(e.model.id))}: {escape_md(plain(e.model.summary, 240))} "
        f"*Fits when:* {escape_md(plain(e.model.when_it_fits, 240))}"
        for e in ctx.catalog.reporting_models.values()
    ))
    return Page(uri, "comparison", "Reporting models compared", "\n".join(out))

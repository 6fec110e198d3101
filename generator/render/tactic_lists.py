"""What a tactic's page of either framework ends with: the modules that teach the tactic and the
questions that test it, from the shared coverage model."""

from __future__ import annotations

from ..catalog.coverage import TacticCoverage
from .text import bullets, escape_md, md_link, plain
from .urls import Urls


def taught_and_tested(coverage: TacticCoverage, urls: Urls, uri: str) -> list[str]:
    """The end of a tactic's page, of either framework: the modules that teach it, the questions
    that test it."""
    out = ["## Modules that teach it\n"]
    modules = coverage.taught
    out.append(bullets(md_link(x.title, uri, urls.module(x.id)) for x in modules) if modules else "No module teaches this tactic yet.\n")
    out.append("## Questions that test it\n")
    if coverage.tested:
        out.append(bullets(
            f"{md_link(ref.module.title, uri, urls.module(ref.module.id), f'q-{ref.question.id}')}, question {ref.number}: "
            f"{escape_md(plain(ref.question.prompt, 120))}"
            for ref in coverage.tested
        ))
    else:
        out.append("No self-check question tests this tactic yet.\n")
    return out

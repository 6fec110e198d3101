"""The renderer's output: a page is a source URI and its Markdown."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    uri: str  # relative to docs_dir, e.g. "modules/competing-mandates.md"
    kind: str  # home, path, module, role, reporting-model, comparison, tactic, coverage, ...
    title: str
    markdown: str
    # Inline SVG that the project drew (org charts), each also in ``markdown`` verbatim: the
    # plugin keeps them out of the sanitiser, which drops every <svg>, and puts them back after.
    charts: tuple[str, ...] = ()

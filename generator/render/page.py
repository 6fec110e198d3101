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


# The Markdown extensions the pages are written for, with the options they need; any engine that
# builds them (the plugin's MkDocs, a standalone project's Zensical) turns these on.
MARKDOWN_EXTENSIONS: dict[str, dict[str, object]] = {
    "abbr": {},  # the glossary's abbreviations
    "admonition": {},  # objectives, notes and the scenarios' debriefs
    "attr_list": {},  # the anchors of glossary terms and techniques ({#id})
    "def_list": {},
    "md_in_html": {},  # the self-checks' markup
    # A table's column alignment as an attribute: the Content-Security-Policy allows no inline style.
    "tables": {"use_align_attribute": True},
    "toc": {},
    "pymdownx.details": {},  # collapsible answers
    "pymdownx.superfences": {},
}
# Keep ATT&CK and ATLAS ids whole in the search index: split on a dot only when no digit follows
# (T1078.004 stays one token) and it does not follow AML, in any case (AML.T0051 and AML.TA0000
# stay one token, also as a reader types them).
SEARCH_SEPARATOR = r'[\s\-,:!=\[\]()"/]+|(?<![Aa][Mm][Ll])\.(?!\d)|&[lg]t;'

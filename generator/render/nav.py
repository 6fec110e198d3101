"""The site's navigation: one section per kind of page, each opened by its index page.

Sections keep the navigation rendered into every page small (with Material's ``navigation.prune``
only the current section is expanded), instead of one flat list that grows with the course. A
section longer than ``CHUNK`` pages is split into numbered sub-sections (and those into groups),
so that even the current section stays short on a course of a thousand modules.
"""

from __future__ import annotations

import posixpath
from collections.abc import Sequence
from typing import Any

from ..models.frameworks import FRAMEWORKS
from .page import Page
from .text import escape_html

SECTIONS = {
    "paths": "Learning paths",
    "modules": "Modules",
    "roles": "Roles",
    "reporting-models": "Reporting models",
    **{fw.section: fw.section_title for fw in FRAMEWORKS},  # "attack": "ATT&CK", "atlas": "ATLAS"
}


CHUNK = 20  # pages per sub-section
GROUP = 10  # sub-sections per group, when even the sub-sections are too many


def _ranges(uris: list[Any], counts: list[int], start: int) -> list[Any]:
    """Entries titled by the range of pages they hold: ``{"21–40": [...]}``."""
    out = []
    for entry, count in zip(uris, counts, strict=True):
        out.append({f"{start + 1}–{start + count}": entry})
        start += count
    return out


def _chunked(pages: list[Page]) -> list[Any]:
    """A section's entries: its index page, then its pages, in sub-sections when there are many.

    Up to CHUNK pages stay flat. Beyond that they go into sub-sections of CHUNK, and beyond
    CHUNK × GROUP into groups of GROUP sub-sections, so that the entries shown on any page of
    the section (groups, the sub-sections of one group, the pages of one sub-section) stay few.
    """
    index, rest = pages[0], [page.uri for page in pages[1:]]
    if len(rest) <= CHUNK:
        return [index.uri, *rest]
    chunks = [rest[i:i + CHUNK] for i in range(0, len(rest), CHUNK)]
    if len(chunks) <= GROUP:
        return [index.uri, *_ranges(chunks, [len(c) for c in chunks], 0)]
    out: list[Any] = [index.uri]
    start = 0
    for g in range(0, len(chunks), GROUP):
        group = chunks[g:g + GROUP]
        size = sum(len(c) for c in group)
        out.append({f"{start + 1}–{start + size}": _ranges(group, [len(c) for c in group], start)})
        start += size
    return out


def _section_of(uri: str, prefix: str) -> str:
    rest = uri[len(prefix):]
    return rest.split("/", 1)[0] if "/" in rest else ""


def build_nav(pages: Sequence[Page], hand_written: Sequence[str]) -> list[Any]:
    """A MkDocs ``nav`` value: generated sections in course order, then hand-written pages."""
    home = pages[0]
    prefix = home.uri[: -len("index.md")]
    # The theme writes navigation titles into every page unescaped.
    nav: list[Any] = [{escape_html(home.title): home.uri}]
    grouped: dict[str, list[Page]] = {}
    singles: list[Page] = []
    for page in pages[1:]:
        section = _section_of(page.uri, prefix)
        if section in SECTIONS:
            grouped.setdefault(section, []).append(page)
        else:
            singles.append(page)
    for section, title in SECTIONS.items():
        if section in grouped:
            nav.append({escape_html(title): _chunked(grouped[section])})
    about = [p for p in singles if p.kind == "about"]
    nav += [{escape_html(p.title): p.uri} for p in singles if p.kind != "about"]
    nav += _hand_written(hand_written)
    nav += [{escape_html(p.title): p.uri} for p in about]
    return nav


def _hand_written(uris: Sequence[str]) -> list[Any]:
    """Hand-written pages by folder: a folder's index.md first, the rest in name order."""
    top: list[Any] = []
    folders: dict[str, list[str]] = {}
    for uri in sorted(uris):
        folder = posixpath.dirname(uri)
        if folder:
            folders.setdefault(folder.split("/")[0], []).append(uri)
        else:
            top.append(uri)
    out: list[Any] = list(top)
    for folder, items in folders.items():
        items.sort(key=lambda u: (posixpath.basename(u) != "index.md", u))
        title = escape_html(folder.replace("-", " ").capitalize())
        out.append({title: items})
    return out


def prune_nav(nav: list[Any], left_out: set[str]) -> list[Any]:
    """A MkDocs ``nav`` value without the pages ``left_out`` (by source path), and without the
    sections that are left empty."""
    out: list[Any] = []
    for entry in nav:
        title, value = next(iter(entry.items())) if isinstance(entry, dict) else (None, entry)
        if isinstance(value, list):
            value = prune_nav(value, left_out)
            if not value:
                continue
        elif isinstance(value, str) and value in left_out:
            continue
        out.append(value if title is None else {title: value})
    return out

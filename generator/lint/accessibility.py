"""What a trainer's own Markdown must do for the site to stay accessible: the checks that the theme
and the generator cannot make for them.

Each Markdown field of every content file is turned into HTML by the engine the quiz uses, and the
HTML is read for images without a text alternative (WCAG 1.1.1), links whose text says nothing
out of context (2.4.4) and headings that break the page's outline (1.3.1, 2.4.6): a level-1
heading (the page's title is its only one) or a heading more than one level below the one
before it. A field's text sits under the page's title or one of its level-2 sections, so its
first heading may be level 2 or 3.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any, get_args

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from ..catalog import Catalog
from ..errors import shorten
from ..reading.neutralise import neutralise
from ..reading.read import Key
from ..render.text import md_html
from .linter import Linter, entries

IMAGE_ALT, LINK_TEXT, HEADING_ORDER, TABLE_HEADER = "image-alt", "link-text", "heading-order", "table-header"

# Link text that says nothing about where the link goes (compared without case, spaces or end
# punctuation). A screen reader's list of links reads it out of context.
VAGUE_LINK_TEXT = frozenset({
    "click", "click here", "click this", "click this link", "go", "here", "this", "this link",
    "this page", "link", "more", "more info", "more information", "read more", "learn more",
    "see more", "details", "further details", "continue", "see here", "go here",
})
_END_PUNCTUATION = re.compile(r"[\s.,:;!?…»›>→)(\[\]\"'“”‘’-]+")
# Only text that can hold an image, a link, a heading or a table goes through the Markdown engine.
_MAY_HOLD = re.compile(r"\[|^ {0,3}#|^ {0,3}(?:=+|-+)[ \t]*$|^[ \t]*\|?[ \t]*:?-+:?[ \t]*\|", re.M)
# The level the page gives a field's text: its first heading may be one below.
_FIELD_LEVEL = 2


def check(linter: Linter, catalog: Catalog) -> None:
    """Report the images, links and headings of every Markdown field that fail their rule."""
    if not any(linter.on(rule) for rule in (IMAGE_ALT, LINK_TEXT, HEADING_ORDER, TABLE_HEADER)):
        return
    for entry in entries(catalog):
        for loc, text in markdown_fields(entry.model, ()):
            if not _MAY_HOLD.search(text):
                continue
            for rule, message in problems(text):
                linter.add(rule, entry.doc, loc, message)


def problems(text: str) -> list[tuple[str, str]]:
    """The rule and message of each accessibility problem of one Markdown text, in reading order."""
    outline = _Outline()
    outline.feed(md_html(text))
    outline.close()
    return outline.found


class _Outline(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []
        self.level = _FIELD_LEVEL  # the level the next heading is measured from
        self.previous = _FIELD_LEVEL  # the level of the heading before, as the message names it
        self.link: list[str] | None = None
        self.href = ""
        self.heading: tuple[int, list[str]] | None = None
        self.header: list[str] | None = None  # the text of the header cell being read
        self.column = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "img":
            alt = (values.get("alt") or "").strip()
            if not alt:
                src = values.get("src") or ""
                self.found.append((
                    IMAGE_ALT,
                    f"image '{shorten(src, 60)}' has no alt text: say what it shows for readers who "
                    "cannot see it, as ![what the image shows](...)",
                ))
            if self.link is not None:
                self.link.append(alt)
            if self.heading is not None:
                self.heading[1].append(alt)
            if self.header is not None:
                self.header.append(alt)
        elif tag == "a":
            self.link, self.href = [], values.get("href") or ""
        elif re.fullmatch(r"h[1-6]", tag):
            self.heading = (int(tag[1]), [])
        elif tag == "tr":
            self.column = 0
        elif tag in ("th", "td"):
            self.column += 1
            self.header = [] if tag == "th" else None

    def handle_data(self, data: str) -> None:
        if self.link is not None:
            self.link.append(data)
        if self.heading is not None:
            self.heading[1].append(data)
        if self.header is not None:
            self.header.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "th" and self.header is not None:
            if not "".join(self.header).strip():
                self.found.append((
                    TABLE_HEADER,
                    f"column {self.column} of a table has an empty header: a screen reader names "
                    "each cell by its column's header; say what the column holds, as "
                    "| Aspect | CIO | CISO |",
                ))
            self.header = None
        elif tag == "a" and self.link is not None:
            shown = " ".join("".join(self.link).split())
            if _END_PUNCTUATION.sub(" ", shown).strip().casefold() in VAGUE_LINK_TEXT:
                self.found.append((
                    LINK_TEXT,
                    f"link text '{shown}' (to '{shorten(self.href, 60)}') says nothing about where "
                    "the link goes: screen readers list links out of context; name the destination, "
                    "as [the ATT&CK page on phishing](...)",
                ))
            self.link = None
        elif self.heading is not None and tag == f"h{self.heading[0]}":
            level, words = self.heading
            title = shorten(" ".join("".join(words).split()), 50)
            if level == 1:
                self.found.append((
                    HEADING_ORDER,
                    f"heading '{title}' is level 1 (#): the page's title is its only level-1 heading; "
                    "start your own headings at level 3 (###)",
                ))
            elif level > self.level + 1:
                self.found.append((
                    HEADING_ORDER,
                    f"heading '{title}' is level {level} right after level {self.previous}: headings "
                    f"go down one level at a time; make it level {self.level + 1} ({'#' * (self.level + 1)})",
                ))
            # A level-1 heading is reported above; the headings after it are measured from the
            # field's own level, so that the level 3 the message asks for is not a second finding.
            self.level = _FIELD_LEVEL if level == 1 else level
            self.previous = level
            self.heading = None


def markdown_fields(node: Any, loc: tuple[Key, ...]) -> Iterator[tuple[tuple[Key, ...], str]]:
    """Every Markdown text of a validated model, with its place in the file."""
    if isinstance(node, BaseModel):
        for name, field in type(node).model_fields.items():
            value = getattr(node, name)
            key = field.alias or name
            if _is_markdown(field):
                yield from _texts(value, loc + (key,))
            else:
                yield from markdown_fields(value, loc + (key,))
    elif isinstance(node, (list, tuple)):
        for index, value in enumerate(node):
            yield from markdown_fields(value, loc + (index,))
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from markdown_fields(value, loc + (key,))


def _texts(value: Any, loc: tuple[Key, ...]) -> Iterator[tuple[tuple[Key, ...], str]]:
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from _texts(item, loc + (index,))


def _is_markdown(field: FieldInfo) -> bool:
    """Whether the field holds Markdown (the type whose validator neutralises raw HTML)."""
    return _neutralised(field.metadata) or _annotated_markdown(field.annotation)


def _neutralised(metadata: Any) -> bool:
    return any(getattr(item, "func", None) is neutralise for item in metadata)


def _annotated_markdown(annotation: Any) -> bool:
    metadata = getattr(annotation, "__metadata__", None)
    if metadata is not None and _neutralised(metadata):
        return True
    return any(_annotated_markdown(arg) for arg in get_args(annotation))

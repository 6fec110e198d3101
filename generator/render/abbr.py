"""Glossary abbreviations, given to each page only where the page uses them.

Python-Markdown's ``abbr`` extension joins every abbreviation defined on a page into one regular
expression that it runs over all of the page's text, and reads definitions written on
consecutive lines one at a time, parsing the rest of the block again after each one. With the
whole glossary on every page, a large glossary made every page cost its size squared. So each
page gets only the terms that can occur in its text, found with one pass over its words, and
each definition is a block of its own.

Python-Markdown's own walk through the page looks each element up among its siblings, which
makes a page of many blocks (a long list, thousands of paragraphs) cost their number squared as
soon as one abbreviation is defined: :class:`AbbrExtension` is the same extension with the
element's position passed down instead.

A term can only be explained where each of its words (runs of letters and digits) is a word of
the text: the extension matches the term whole, between word boundaries. The words are compared
case-folded, because some text Markdown shows is not written as such in the source (an
admonition's default title is its type, capitalised). So the terms given to a page are a
superset of those the extension finds, and the page comes out exactly as with every term.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections import Counter
from collections.abc import Mapping
from typing import cast

from markdown import Markdown
from markdown.extensions import abbr
from markdown.util import AtomicString

from .. import models as m

_WORD = re.compile(r"[^\W_]+")


def _words(text: str) -> set[str]:
    return {word.casefold() for word in set(_WORD.findall(text))}


class Abbreviations:
    """The glossary's abbreviations (term to expansion), looked up by the words of a text."""

    def __init__(self, expansions: Mapping[str, str]) -> None:
        self.expansions = dict(expansions)
        self._rank = {term: rank for rank, term in enumerate(self.expansions)}
        # Each term is filed under the word that the fewest terms share, with its other words.
        words = {term: _words(term) for term in self.expansions}
        shared = Counter(word for term_words in words.values() for word in term_words)
        self._by_word: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
        for term, term_words in words.items():
            key = min(term_words, key=lambda word: (shared[word], -len(word), word))
            self._by_word.setdefault(key, []).append((term, tuple(term_words - {key})))

    def __bool__(self) -> bool:
        return bool(self.expansions)

    def used_in(self, text: str) -> dict[str, str]:
        """The terms that may occur in ``text`` with their expansions, in glossary order."""
        words = _words(text)
        found = [
            term
            for word in words
            for term, others in self._by_word.get(word, ())
            if all(other in words for other in others)
        ]
        found.sort(key=self._rank.__getitem__)
        return {term: self.expansions[term] for term in found}

    def definitions(self, text: str) -> str:
        """Markdown abbreviation definitions of the terms ``text`` uses, to append to it."""
        # One block each: the extension reads a block of several definitions again after each.
        lines = [f"*[{term}]: {expansion.translate(_ABBREVIATION_TEXT)}" for term, expansion in self.used_in(text).items()]
        return "\n\n" + "\n\n".join(lines) + "\n" if lines else ""


# What a Markdown engine without ``abbr`` (a reader of `render --out`) could take for markup in
# an expansion, written as character references: ``abbr`` puts them into the title as they are,
# and the browser reads them as the characters.
_ABBREVIATION_TEXT = str.maketrans({c: f"&#{ord(c)};" for c in "&<>[](){}`"})


def glossary_abbreviations(glossary: m.Glossary | None) -> Abbreviations:
    """Each glossary term that has an expansion, with it on one line.

    A term that the extension cannot define (it holds a bracket, a backslash or a line break), one
    with '<' or '>' (raw HTML to a Markdown engine without abbreviations) or one with no letter or
    digit is left out: it stays on the glossary page, without a hover.
    """
    if glossary is None:
        return Abbreviations({})
    return Abbreviations({
        t.term: " ".join(t.expansion.split())
        for t in glossary.terms
        if t.expansion and not set(t.term) & set("[]\\\n<>") and _WORD.search(t.term)
    })


class _AbbrTreeprocessor(abbr.AbbrTreeprocessor):
    """Python-Markdown's (3.7 and later), walking the tree with each child's position at hand."""

    def iter_element(self, el: etree.Element, parent: etree.Element | None = None, index: int = 0) -> None:
        # Children are visited last to first, as upstream does: an abbreviation found in a child's
        # tail is inserted after the child, where it moves no sibling still to be visited.
        for position in range(len(el) - 1, -1, -1):
            self.iter_element(el[position], el, position + 1)
        pattern = self.RE
        assert pattern is not None  # run() compiles it before the walk
        if text := el.text:
            if not isinstance(text, AtomicString):
                for match in reversed(list(pattern.finditer(text))):
                    if self.abbrs[match.group(0)]:
                        element = self.create_element(self.abbrs[match.group(0)], match.group(0), text[match.end():])
                        el.insert(0, element)
                        text = text[: match.start()]
                el.text = text
        if parent is not None and el.tail:
            tail = el.tail
            if not isinstance(tail, AtomicString):
                for match in reversed(list(pattern.finditer(tail))):
                    if self.abbrs[match.group(0)]:
                        element = self.create_element(self.abbrs[match.group(0)], match.group(0), tail[match.end():])
                        parent.insert(index, element)
                        tail = tail[: match.start()]
                el.tail = tail


class AbbrExtension(abbr.AbbrExtension):
    """Python-Markdown's ``abbr``, in time proportional to the page."""

    def extendMarkdown(self, md: Markdown) -> None:
        super().extendMarkdown(md)
        upstream = cast(abbr.AbbrTreeprocessor, md.treeprocessors["abbr"])
        md.treeprocessors.register(_AbbrTreeprocessor(md, upstream.abbrs), "abbr", 7)

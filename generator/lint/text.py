"""Reading trainer text as lint needs it: words, negatives and their emphasis, invisible characters, placeholders."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..authoring.templates import PLACEHOLDER
from ..reading.read import Key
from ..render.text import plain as to_text

# --- text helpers -----------------------------------------------------------------------------

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def plain(text: str) -> str:
    """Markdown reduced to the words a learner reads."""
    return to_text(text, limit=None)


def tokens(text: str) -> list[str]:
    return [word.casefold().replace("’", "'") for word in _WORD.findall(plain(text))]


# "All of the above" and its relatives: at the start of an option, or "all/none of the above" anywhere.
_ALL_NONE = re.compile(
    r"^\s*(?:all|none|both|neither)\s+of\s+(?:the\s+)?"
    r"(?:above|these|those|the\s+(?:above\s+)?(?:options|answers|choices))\b"
    r"|\b(?:all|none)\s+of\s+the\s+above\b",
    re.IGNORECASE,
)

# Negative words that turn a stem around ("at least" and "not only" do not).
_NEGATIVE = re.compile(
    r"(?<![\w'’])(?:not|except|never|least|cannot|[a-z]+n['’]t)(?![\w'’])", re.IGNORECASE
)
_BEFORE_LEAST = re.compile(r"\b(?:at|from|to)\s+(?:the\s+)?$", re.IGNORECASE)  # at least, from least to most
_BEFORE_NOT = re.compile(r"\bor\s+$", re.IGNORECASE)  # whether or not
_AFTER_NOT = re.compile(r"\s+only\b", re.IGNORECASE)  # not only ... but also
_EMPHASIS = (
    re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*", re.DOTALL),
    re.compile(r"__(?=\S)(.+?)(?<=\S)__", re.DOTALL),
    re.compile(r"(?<![*\w])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![*\w])", re.DOTALL),
    re.compile(r"(?<![_\w])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![_\w])", re.DOTALL),
)
_SENTENCE = re.compile(r"[^.?!]+(?:[.?!]+|$)")


def _stem_spans(prompt: str) -> list[tuple[int, int]]:
    """Where the question itself is asked: the sentences that end in '?', else the last sentence.

    A prompt often sets a scene first; a "not" in the scene does not turn the question around.
    """
    sentences = [(match.start(), match.end()) for match in _SENTENCE.finditer(prompt) if match.group().strip()]
    asked = [span for span in sentences if prompt[span[0]:span[1]].rstrip().endswith("?")]
    if asked:
        return asked
    return sentences[-1:]


def unemphasised_negatives(prompt: str) -> list[str]:
    """The negative words of the question's stem that are written without emphasis."""
    emphasised: list[tuple[int, int]] = []
    for pattern in _EMPHASIS:
        emphasised += [(match.start(), match.end()) for match in pattern.finditer(prompt)]
    found: list[str] = []
    for start, end in _stem_spans(prompt):
        for match in _NEGATIVE.finditer(prompt, start, end):
            word = match.group().casefold()
            if word == "least" and _BEFORE_LEAST.search(prompt, 0, match.start()):
                continue
            if word == "not" and (_BEFORE_NOT.search(prompt, 0, match.start()) or _AFTER_NOT.match(prompt, match.end())):
                continue
            if any(s <= match.start() and match.end() <= e for s, e in emphasised):
                continue
            found.append(match.group())
    return found


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


# Bidi embeddings, overrides and isolates reorder what follows them ("Trojan Source"); they are
# never needed in a course's text. The marks, joiners and invisible operators have uses in
# right-to-left scripts, Indic scripts and emoji, so they are reported only between two ASCII
# characters, where they can only hide something.
_BIDI_CONTROLS = {
    "\u202a": "left-to-right embedding", "\u202b": "right-to-left embedding", "\u202c": "bidi pop",
    "\u202d": "left-to-right override", "\u202e": "right-to-left override",
    "\u2066": "left-to-right isolate", "\u2067": "right-to-left isolate", "\u2068": "first-strong isolate",
    "\u2069": "bidi isolate pop",
}
_INVISIBLE = {
    "\u00ad": "soft hyphen", "\u061c": "Arabic letter mark", "\u180e": "Mongolian vowel separator",
    "\u200b": "zero-width space", "\u200c": "zero-width non-joiner", "\u200d": "zero-width joiner",
    "\u200e": "left-to-right mark", "\u200f": "right-to-left mark", "\u2060": "word joiner",
    "\u2061": "invisible function application", "\u2062": "invisible times", "\u2063": "invisible separator",
    "\u2064": "invisible plus", "\ufeff": "zero-width no-break space",
}
_ALWAYS_HIDDEN = "\u00ad\u180e\u200b\u2060\ufeff"  # invisible wherever they stand (a BOM inside text, say)
_HIDDEN = re.compile("[" + "".join(_BIDI_CONTROLS) + "".join(_INVISIBLE) + "]")
_MARKS = "\u061c\u200e\u200f"  # strong directional characters with no glyph

# What each kind of character does to the text around it, for the message.
REORDERS = "it reorders the text after it on screen, so readers see another order than the file holds"
MOVES_NEUTRALS = "it gives the spaces and punctuation around it a direction, which can move them on screen"
SPLITS = "text with it looks the same as text without it but differs, so searches and comparisons miss it"


def hidden_character(text: str) -> tuple[int, str, str] | None:
    """The position, name and effect of the first character in ``text`` that a reader cannot see."""
    for match in _HIDDEN.finditer(text):
        char, at = match.group(), match.start()
        if char in _BIDI_CONTROLS:
            return at, _BIDI_CONTROLS[char], REORDERS
        if char in _ALWAYS_HIDDEN or (text[at - 1 : at].isascii() and text[at + 1 : at + 2].isascii()):
            return at, _INVISIBLE[char], MOVES_NEUTRALS if char in _MARKS else SPLITS
    return None


_PLACEHOLDER = re.compile(rf"\b{re.escape(PLACEHOLDER)}\b")


def _has_placeholder(text: str) -> bool:
    return _PLACEHOLDER.search(text) is not None


def _strings(node: Any, loc: tuple[Key, ...]) -> Iterator[tuple[tuple[Key, ...], str]]:
    if isinstance(node, str):
        yield loc, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _strings(value, loc + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _strings(value, loc + (index,))

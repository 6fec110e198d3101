"""Trainer Markdown with everything that could become markup turned into text, as the models read it.

Trainers have no need for raw HTML, attribute lists or links to anything but the web, mail, an
anchor or a page of the course: the page kinds provide the structure. Every Markdown field of the
models passes through :func:`neutralise` when it is validated, so the site, ``render --out``, the
quiz exports and the answer keys all start from the same safe text, whichever Markdown engine
reads it next; the sanitiser (``generator.render.sanitize``) then cleans every piece of HTML the
generator makes from it, as a second line of defence.

- Every ``<`` is written as ``&lt;``, so no raw HTML tag survives (``<https://...>`` and
  ``<mailto:...@...>`` autolinks keep working).
- Every ``{`` is escaped as ``\\{``, so no attribute list (``{: onclick=... }``, ``{#id}``)
  can give an element an event handler, a link or an id; it reads as ``{`` all the same.
- An inline link or image (``[x](target)``) and a reference definition (``[r]: target``, which
  reference-style links and images use) whose target is not the web, mail, an anchor or a
  relative path on the site are shown as text. The target is judged as an engine and a browser
  will read it: character references decoded, Markdown escapes and code-span backticks removed
  (or not), tabs and line breaks dropped, a backslash taken for a slash, so that neither
  ``&#106;avascript:``, ``java<line break>script:`` nor ``/\\host`` gets through.
- Code spans are left as written where every engine agrees that they are code: on one line, in
  a paragraph whose backtick runs all pair off line by line, without a ``|`` and not starting
  between a link's parentheses. In any other paragraph every backtick is escaped, so that none
  can pair with another when the generator joins fields on one line (a table cell, the answers
  of an answer key).
- Fenced code blocks get no exception: Markdown engines disagree on what opens and closes a
  fence, some read none, and on one line a fence is none. Their text is neutralised like any
  other, so a ``<`` in a fenced block shows as ``&lt;`` on the site; a fence of backticks is
  written with tildes, the same fence to every engine that reads fences.
"""

from __future__ import annotations

import bisect
import html
import re

_BACKTICKS = re.compile(r"`+")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
# A line that opens or closes a fence of backticks (in a quote, too).
_BACKTICK_FENCE = re.compile(r"^([ \t>]*)(`{3,})([^`\n]*)$", re.M)
# A backtick that no backslash escapes.
_BACKTICK = re.compile(r"(?<!\\)((?:\\\\)*)`")
# An autolink that every engine reads as one: Python-Markdown wants "://" after http(s), and an
# "@" in a mail address; to it, anything else in angle brackets is a tag. No backticks: CommonMark
# reads an autolink before a code span that starts inside it, Python-Markdown the other way.
_AUTOLINK = re.compile(r"<(?:https?://[^\s<>`]+|mailto:[^\s<>!@`]+@[^\s<>@`]+)>", re.I)
# An inline link or image target: ](target ...) or ](<target>). Only the '](' is consumed, so a
# target that holds another '](' is looked at again. Browsers drop tabs and line breaks from
# URLs, so the target runs on across them.
_LINK_OPEN = re.compile(r"\]\(")
_LINK_TARGET = re.compile(r"\]\((?=\s*<?(?P<target>[^)\s]*(?:[\t\r\n]+[^)\s]*)*))")
# A reference definition, ``[label]: target``: the target on the same line or the next, which
# may carry block-quote markers. Any ']:' counts, wherever its label starts: the check is cheap
# and the change, a character reference for the colon, reads the same.
_DEFINITION = re.compile(r"\]:(?=[ \t]*(?:\n[ \t>]*)?<?(?P<target>[^\s>]*))")
_SAFE_TARGET = re.compile(r"(?:https?://|mailto:|#|\.{0,2}/|[A-Za-z0-9_.~-]+(?:[/#?]|$))", re.I)
_MARKDOWN_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_C0_OR_SPACE = "".join(map(chr, range(0x21)))
_TAB_OR_BREAK = re.compile(r"[\t\n\r]")
# A '{' that no backslash escapes (an even run of backslashes escapes itself).
_BRACE = re.compile(r"(?<!\\)((?:\\\\)*)\{")
_NEEDS_WORK = re.compile(r"[<{`]|\]\(|\]:")


def as_browser_reads(url: str) -> str:
    """A URL as the WHATWG URL parser sees it before it looks for a scheme: leading and trailing
    controls and spaces stripped, tabs and line breaks removed, a backslash read as a slash."""
    return _TAB_OR_BREAK.sub("", url.strip(_C0_OR_SPACE)).replace("\\", "/")


def _safe_target(target: str) -> bool:
    """Whether a link target is the web, mail, an anchor or a relative path on this site.

    The scheme is settled by the start of the target, read every way an engine and a browser
    might: with or without Markdown escapes and code-span backticks, after character references
    are decoded, tabs and line breaks dropped and leading controls and spaces stripped. A target
    that starts with two slashes (a backslash counts as one) would leave the site.
    """
    decoded = html.unescape(target)
    for url in (decoded, _MARKDOWN_ESCAPE.sub(r"\1", decoded).replace("`", "")):
        url = as_browser_reads(url)
        if not _SAFE_TARGET.match(url) or url.startswith("//"):
            return False
    return True


def _code_spans(text: str) -> list[tuple[int, int]]:
    """The code spans that every engine finds, however it divides the text into blocks.

    A run of backticks opens a span that the next run of the same length closes. Engines
    disagree on where blocks end, on backslashes before backticks and on runs left without a
    partner (Python-Markdown may open a span with part of one). So a paragraph's spans count only
    when every run in it pairs off within its own line and no backslash precedes a backtick;
    otherwise none does, and the whole paragraph is neutralised as text.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for end in [m.start() for m in _PARAGRAPH_BREAK.finditer(text)] + [len(text)]:
        found = _paired(text, start, end)
        if found is not None:
            spans += found
        start = end
    return spans


def _fences_with_tildes(text: str) -> str:
    # A fence of tildes is the same fence to every engine that reads fences, and its lines hold no
    # backticks that could pair with others once the generator puts a field on one line.
    return _BACKTICK_FENCE.sub(lambda m: m.group(1) + "~" * len(m.group(2)) + m.group(3), text)


def _escape_unpaired_backticks(text: str) -> str:
    """``text`` with every backtick escaped in paragraphs whose runs do not pair off line by line.

    Their backticks would otherwise be free to pair with others: across lines, and across
    fields once the generator joins them on one line (a table cell, the answers of an answer key).
    """
    out = []
    start = 0
    for end in [m.start() for m in _PARAGRAPH_BREAK.finditer(text)] + [len(text)]:
        paragraph = text[start:end]
        out.append(paragraph if _paired(text, start, end) is not None else _BACKTICK.sub(r"\1\\`", paragraph))
        start = end
    return "".join(out)


def _paired(text: str, start: int, end: int) -> list[tuple[int, int]] | None:
    """The spans of one paragraph when all its runs pair off line by line, else None."""
    spans: list[tuple[int, int]] = []
    runs = [(m.start(), m.end()) for m in _BACKTICKS.finditer(text, start, end)]
    index = 0
    line_end = start
    while index < len(runs):
        opener_start, opener_end = runs[index]
        if opener_start and text[opener_start - 1] == "\\":
            return None
        length = opener_end - opener_start
        if opener_start >= line_end:
            line_end = text.find("\n", opener_start, end)
            line_end = end if line_end < 0 else line_end
        for later in range(index + 1, len(runs)):
            if runs[later][0] >= line_end:
                return None  # no partner on its line
            if runs[later][0] and text[runs[later][0] - 1] == "\\":
                return None
            if runs[later][1] - runs[later][0] == length:
                spans.append((opener_start, runs[later][1]))
                index = later + 1
                break
        else:
            return None
    return spans


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    """Whether ``position`` lies in one of ``spans`` (sorted, not overlapping)."""
    index = bisect.bisect_left(spans, (position + 1,)) - 1  # the last span starting at or before it
    return index >= 0 and position < spans[index][1]


def _next(positions: list[int], position: int, default: int) -> int:
    index = bisect.bisect_left(positions, position)
    return positions[index] if index < len(positions) else default


def _trusted_code_spans(text: str) -> list[tuple[int, int]]:
    """The code spans that every engine reads as code.

    A backtick between a link's parentheses may belong to its destination or title (CommonMark
    reads ``[x](a.md "`") <b>`` so), so a span that starts there is not trusted: from a link's
    ``](`` to its first ``)``, or to the end of the paragraph when a title (or no ``)``) may
    follow.
    """
    spans = _code_spans(text)
    # A span holding a '|' is not trusted either: in a table, some engines end a cell there.
    trusted = [(a, b) for a, b in spans if "|" not in text[a:b]]
    if not trusted or "](" not in text:
        return trusted
    closes = [m.start() for m in re.finditer(r"\)", text)]
    titles = [m.start() for m in re.finditer(r"[\"'(]", text)]
    breaks = [m.start() for m in re.finditer(r"\n[ \t]*\n", text)]
    regions: list[tuple[int, int]] = []
    for match in _LINK_OPEN.finditer(text):
        if _inside(match.start(), spans):
            continue  # code, not a link
        end = _next(breaks, match.end(), len(text))
        close = _next(closes, match.end(), end)
        if _next(titles, match.end(), end) > close:
            end = close
        if regions and match.start() <= regions[-1][1]:
            regions[-1] = (regions[-1][0], max(end, regions[-1][1]))
        else:
            regions.append((match.start(), end))
    return [span for span in trusted if not _inside(span[0], regions)]


def _guard_links(text: str) -> str:
    # A link to anything but the web, mail, an anchor or a relative path is shown as text: its
    # '](' is escaped.
    return _LINK_TARGET.sub(lambda m: m.group(0) if _safe_target(m.group("target")) else "\\]\\(", text)


def _guard_definitions(text: str) -> str:
    # Reference definitions are read before code spans, so a backtick protects nothing here.
    # '&#58;' reads as ':' but ends no label.
    return _DEFINITION.sub(lambda m: m.group(0) if _safe_target(m.group("target")) else "]&#58;", text)


def _escape(text: str) -> str:
    return _BRACE.sub(r"\1\\{", text).replace("<", "&lt;")


def _escape_outside_code(text: str) -> str:
    # A link's target never reaches into a trusted code span, so links are guarded piece by piece.
    text = _guard_links(text)
    pieces = []
    last = 0
    for match in _AUTOLINK.finditer(text):
        pieces.append(_escape(text[last:match.start()]))
        pieces.append(match.group(0))
        last = match.end()
    pieces.append(_escape(text[last:]))
    return "".join(pieces)


def neutralise(markdown: str) -> str:
    """``markdown`` with every raw HTML tag, attribute list and script-bearing link made text."""
    if not _NEEDS_WORK.search(markdown):
        return markdown  # nothing to neutralise: most text takes this path
    text = _escape_unpaired_backticks(_fences_with_tildes(_guard_definitions(markdown)))
    out = []
    last = 0
    for start, end in _trusted_code_spans(text):
        out.append(_escape_outside_code(text[last:start]))
        out.append(text[start:end])
        last = end
    out.append(_escape_outside_code(text[last:]))
    return "".join(out)

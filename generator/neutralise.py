"""Trainer Markdown with its raw HTML neutralised, as the models read it.

Markdown passes raw HTML through; trainers have no need for it (the page kinds provide the
structure), so every ``<`` that would open a tag is written as ``&lt;`` and the tag shows as
text, and a link or image whose target is not the web, mail, an anchor or a relative path is
shown as text. Code spans, fenced code blocks and ``<https://...>`` autolinks are left alone.
Every Markdown field of the models passes through :func:`neutralise` when it is validated, so
pages, ``render --out`` and the exports all get the same safe text; the sanitiser on the
rendered HTML (``generator.sanitize``) remains as a second line of defence.
"""

from __future__ import annotations

import re

# A fence opener as the Markdown extensions read it: three or more backticks or tildes, then at
# most a language and an attribute list. ("~~~ wow!" is text, not a fence.)
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})[ \t]*[\w#.+-]*[ \t]*(?:\{[^}\n]*\})?[ \t]*$")
_FENCE_CLOSE = re.compile(r"^\s*(`{3,}|~{3,})[ \t]*$")
# A code span: a run of backticks, not escaped, closed by a run of the same length.
_CODE_SPAN = re.compile(r"(?<![\\`])(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.S)
_AUTOLINK = re.compile(r"<(?:https?|mailto):[^\s<>]+>")
# An inline link or image target: ](target ...) or ](<target>)
_LINK_TARGET = re.compile(r"\]\(\s*<?(?P<target>[^)\s>]*)")
_SAFE_TARGET = re.compile(r"(?:https?://|mailto:|#|\.{0,2}/|[A-Za-z0-9_.~-]+(?:[/#?]|$))", re.I)


def _escape_line(text: str) -> str:
    out = []
    last = 0
    for match in _CODE_SPAN.finditer(text):
        out.append(_escape_outside_code(text[last:match.start()]))
        out.append(match.group(0))
        last = match.end()
    out.append(_escape_outside_code(text[last:]))
    return "".join(out)


def _link_guard(match: re.Match[str]) -> str:
    # A link to anything but the web, mail, an anchor or a relative path is shown as text. The
    # scheme is settled by the start of the target, so a character reference further on (the
    # ``&`` of a query string, or ``&#58;``) cannot turn a safe target into a script.
    if _SAFE_TARGET.match(match.group("target")):
        return match.group(0)
    return "\\]\\(" + match.group(0)[2:]


def _escape_outside_code(text: str) -> str:
    text = _LINK_TARGET.sub(_link_guard, text)
    pieces = []
    last = 0
    for match in _AUTOLINK.finditer(text):
        pieces.append(text[last:match.start()].replace("<", "&lt;"))
        pieces.append(match.group(0))
        last = match.end()
    pieces.append(text[last:].replace("<", "&lt;"))
    return "".join(pieces)


def neutralise(markdown: str) -> str:
    """``markdown`` with every raw HTML tag and every script-bearing link turned into visible text."""
    if "<" not in markdown and "](" not in markdown:
        return markdown  # nothing to neutralise: most text takes this path
    out: list[str] = []
    fence: str | None = None
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            out.append(_escape_line("\n".join(paragraph)))
            paragraph.clear()

    for line in markdown.split("\n"):
        if fence is not None:
            out.append(line)
            closing = _FENCE_CLOSE.match(line)
            if closing and closing.group(1)[0] == fence[0] and len(closing.group(1)) >= len(fence):
                fence = None
            continue
        opened = _FENCE.match(line)
        if opened:
            flush()
            fence = opened.group(1)
            out.append(line)
            continue
        if not line.strip():
            flush()
            out.append(line)
            continue
        paragraph.append(line)
    flush()
    return "\n".join(out)

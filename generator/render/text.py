"""The one place that knows Markdown and HTML escaping, links and ratings."""

from __future__ import annotations

import functools
import html
import json
import re
from collections.abc import Iterable, Mapping

import markdown

from .abbr import Abbreviations, AbbrExtension
from .sanitize import sanitize

# Characters with a meaning in inline Markdown wherever they appear (line-start markers never
# occur: titles and names always follow other text on their line).
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]#!|~])")
_MD_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")


def escape_md(text: str) -> str:
    """Plain text (a title, a name) made safe to place inside Markdown: shown exactly as written."""
    text = html.escape(" ".join(text.split()), quote=False)
    return _MD_SPECIAL.sub(r"\\\1", text)


def escape_html(text: str) -> str:
    return html.escape(text, quote=True)


_THEME_REFS = {"<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"}
_THEME_TEXT = re.compile("[<>\"']")


def front_matter(values: Mapping[str, str | None]) -> str:
    """YAML front matter for the theme.

    Values are JSON-quoted, because a JSON string is a YAML scalar that nothing in it can break
    out of, and their ``<``, ``>`` and quotes are written as character references, because the
    theme places ``title`` and ``description`` into the page head without escaping them. An ``&``
    stays as it is: it cannot open a tag or close an attribute, and the few places where the
    theme does escape the title (the footer's links) would otherwise read "ATT&amp;CK" aloud.
    """
    lines = [
        f"{key}: {json.dumps(_THEME_TEXT.sub(lambda c: _THEME_REFS[c.group()], ' '.join(value.split())), ensure_ascii=False)}"
        for key, value in values.items()
        if value is not None
    ]
    return "---\n" + "\n".join(lines) + "\n---\n\n"


def plain(markdown_text: str, limit: int | None = 160) -> str:
    """A one-line plain-text version of (neutralised) Markdown: links reduced to their text, code
    and emphasis marks removed. For descriptions and tooltips (cut at ``limit`` characters), and
    for lint, which compares what learners read (``limit=None``).

    The result is text, not Markdown or HTML: whoever places it escapes it.
    """
    text = re.sub(r"(?<!\\)`([^`]*)`", r"\1", html.unescape(markdown_text))
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = _MD_ESCAPED.sub(r"\1", text)  # neutralised text escapes '{', stray '`' and the '](' of script links
    text = re.sub(r"[*_#>|~]", "", text)
    text = " ".join(text.split())
    return text if limit is None or len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def link(from_uri: str, to_uri: str, anchor: str = "") -> str:
    """A relative link between two pages given by their source URIs (``modules/x.md``).

    URIs are relative, normalised and free of ``..`` (they are built from ids), so the common
    folders can be counted instead of asking the file system (``posixpath.relpath`` does).
    """
    base = from_uri.split("/")[:-1]
    target = to_uri.split("/")
    common = 0
    while common < len(base) and common < len(target) - 1 and base[common] == target[common]:
        common += 1
    path = "/".join([".."] * (len(base) - common) + target[common:])
    return path + (f"#{anchor}" if anchor else "")


def md_link(label: str, from_uri: str, to_uri: str, anchor: str = "") -> str:
    return f"[{escape_md(label)}]({link(from_uri, to_uri, anchor)})"


def out_of_search(block: str) -> str:
    """``block`` (Markdown) wrapped so that the site's search leaves it out of its index.

    For lists of links to other pages: a search finds the page linked to rather than every list
    that names it, and the index does not grow with the course (Zensical refuses more than 64 KB
    of text in one section). Material for MkDocs and Zensical both honour the attribute.
    """
    return f'<div class="cc-links" markdown="block" data-search-exclude>\n\n{block}\n</div>\n'


def bullets(items: Iterable[str]) -> str:
    """A Markdown list of Markdown items (continuation lines indented under their bullet)."""
    out = []
    for item in items:
        body = item.strip().replace("\n", "\n    ")
        out.append(f"- {body}")
    return "\n".join(out) + "\n"


def indent(text: str, prefix: str = "    ") -> str:
    return "\n".join(prefix + line if line.strip() else "" for line in text.strip().splitlines())


def admonition(kind: str, title: str, body: str, *, collapsible: bool = False) -> str:
    marker = "???" if collapsible else "!!!"
    return f'{marker} {kind} "{escape_md(title).replace(chr(34), "&quot;")}"\n\n{indent(body)}\n'


def rating(value: int, out_of: int = 5) -> str:
    """A rating readable without colour or glyphs: ``●●●○○ 3/5``, an image named "3 out of 5" for
    screen readers (ARIA gives no name to a plain span)."""
    return f'<span class="cc-rating" role="img" aria-label="{value} out of {out_of}">{"●" * value}{"○" * (out_of - value)} {value}/{out_of}</span>'


def anchor_id(ident: str) -> str:
    """An HTML id from an ATT&CK or slug id: ``T1078.004`` -> ``t1078-004``."""
    return re.sub(r"[^a-z0-9-]", "-", ident.lower())


def table(header: list[str], rows: Iterable[list[str]]) -> str:
    def cell(text: str) -> str:
        return " ".join(text.split()).replace("|", "\\|")

    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def _markdown(abbreviations: Mapping[str, str] | None = None) -> markdown.Markdown:
    # Trainer text only: no attribute lists (neutralised text has none; the generator's own
    # headings with ids are on the pages, not in fragments).
    extensions: list[str | markdown.extensions.Extension] = ["tables", "sane_lists"]
    if abbreviations:
        extensions.append(AbbrExtension(glossary=dict(abbreviations)))
    return markdown.Markdown(extensions=extensions, output_format="html")


_MD = _markdown()


# Text with none of these characters, on one line, and not opening a list, a heading or a quote,
# is a single plain paragraph to Markdown: it needs no engine to become HTML.
_NEEDS_MARKDOWN = re.compile(r"[\\`*_\[\]<>&!#|~{}\n\t]|^\s*(?:[-+=>]|\d+[.)])|\s$|  ")


def md_html(text: str, *, inline: bool = False) -> str:
    """Trainer Markdown to sanitised HTML, for the quiz on the page and for the quiz exports."""
    return _convert(_MD, None, text, inline)


def _convert(engine: markdown.Markdown, abbreviations: Abbreviations | None, text: str, inline: bool) -> str:
    text = text.strip()
    if _plain(text, abbreviations):
        return text if inline or not text else f"<p>{text}</p>"
    engine.reset()
    return _finish(engine.convert(text), inline)


def _plain(text: str, abbreviations: Abbreviations | None) -> bool:
    """Whether ``text`` comes out of Markdown as itself (in a paragraph unless inline)."""
    return not _NEEDS_MARKDOWN.search(text) and not (abbreviations and abbreviations.used_in(text))


# Python-Markdown sometimes leaves one of its placeholders in its output (text after "*a**b*",
# for one); their control characters would make the XML exports invalid. Trainer text holds
# none: the models refuse control characters.
_ENGINE_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _finish(html_text: str, inline: bool) -> str:
    # The engine's HTML goes through the sanitiser that cleans the site's pages: the quiz is
    # written as raw HTML into pages that `render --out` hands to other engines, and the
    # exports carry it to learning-management systems, where no other sanitiser is known to run.
    out = _ENGINE_CONTROL.sub("", sanitize(html_text)).strip()
    if inline and out.startswith("<p>") and out.endswith("</p>") and out.count("<p>") == 1:
        out = out[3:-4]
    # Keep the block free of blank lines so that MkDocs' Markdown passes it through whole.
    return re.sub(r"\n\s*\n", "\n", out)


@functools.lru_cache(maxsize=32)
def _abbreviating(abbreviations: tuple[tuple[str, str], ...]) -> markdown.Markdown:
    """An engine that explains these abbreviations (quizzes mostly use the same few)."""
    return _markdown(dict(abbreviations))


_SEPARATOR = "<!-- ccq-fragment -->"
_SLOT = re.compile("\x00(\\d+)\x00")


class HtmlBatch:
    """Markdown fragments converted to HTML in one pass of the Markdown engine.

    The engine's fixed cost per call dwarfs the work on a short fragment, and a quiz has a
    hundred of them. ``add`` returns the HTML of plain text at once, and a placeholder for
    anything else; ``fill`` converts those fragments at once and puts their HTML in place.
    Fragments are separated by an HTML comment (which neutralised text cannot contain); if a
    fragment swallows a separator (an unclosed code fence, say), each fragment is converted on
    its own instead. A fragment with raw HTML in it (which neutralised text never has) is always
    converted on its own: an unclosed tag would reach into the fragments after it.

    ``abbreviations`` are explained on hover, as on the rest of the page: the page's own
    abbreviation definitions do not reach inside a raw HTML block. The engine knows only those
    the fragments use, as a page's definitions are only those its text uses.
    """

    def __init__(self, abbreviations: Abbreviations | None = None) -> None:
        self._texts: list[str] = []
        self._inline: list[bool] = []
        self._abbreviations = abbreviations or None

    def add(self, text: str, *, inline: bool = False) -> str:
        text = text.strip()
        if _plain(text, self._abbreviations):  # its HTML is known already
            return text if inline or not text else f"<p>{text}</p>"
        self._texts.append(text)
        self._inline.append(inline)
        return f"\x00{len(self._texts) - 1}\x00"

    def fill(self, template: str) -> str:
        if not self._texts:
            return template
        source = f"\n\n{_SEPARATOR}\n\n".join(self._texts)
        used = self._abbreviations.used_in(source) if self._abbreviations else {}
        engine = _abbreviating(tuple(used.items())) if used else _MD
        engine.reset()
        raw_html = any("<" in text for text in self._texts)
        parts = [] if raw_html else engine.convert(source).split(_SEPARATOR)
        if len(parts) == len(self._texts):
            htmls = [_finish(part, inline) for part, inline in zip(parts, self._inline, strict=True)]
        else:
            htmls = [
                _convert(engine, self._abbreviations, text, inline)
                for text, inline in zip(self._texts, self._inline, strict=True)
            ]
        return _SLOT.sub(lambda match: htmls[int(match.group(1))], template)

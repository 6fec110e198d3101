"""Blank lines out of the theme's templates.

Material's templates leave runs of indentation and empty lines between tags; on a large course
they are a fifth of every page's bytes, much of it in the navigation that every page repeats.
The templates are compacted once, as Jinja loads them (:class:`CompactTemplates`), so the pages
come out small at no cost per page. Only whitespace that contains a line break and sits between
two tags is reduced (to one line break), which the browser renders the same; ``<pre>``,
``<textarea>`` and ``<script>`` bodies are left exactly as they were.
"""

from __future__ import annotations

import re

from jinja2.ext import Extension

_TOKEN = re.compile(r"(<(pre|textarea|script)\b.*?</\2>)([ \t]*\n\s*(?=<))?|>[ \t]*\n\s*(?=<)", re.S | re.I)


def _replace(match: re.Match[str]) -> str:
    if match.group(1):
        return match.group(1) + ("\n" if match.group(3) else "")
    return ">\n"


def compact(html: str) -> str:
    return _TOKEN.sub(_replace, html)


class CompactTemplates(Extension):
    """A Jinja extension that compacts each template's source as it is loaded."""

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        return compact(source) if name is None or name.endswith(".html") else source
